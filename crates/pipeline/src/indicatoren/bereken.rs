//! Running the whole catalogue over a release and completing each value with what a reader
//! needs beside it: name, unit, provisional flag, the national value (with period and
//! source), the target path and its status, and a 95% Wilson interval for proportions.
//! The result is *unsuppressed*; every output goes through `onderdrukking::pas_toe`.

use std::collections::HashMap;

use chrono::NaiveDate;
use model::{Periode, Regio};
use polars::prelude::*;
use serde::Deserialize;

use super::definities::{self, Bronnen};
use super::statistiek::{self, Richting};
use super::{getalkolom, historie, onder_elkaar, perioden, tekstkolom, verblijf};

pub const CATALOGUS_TOML: &str = include_str!("../../../../pipelines/indicatoren.toml");

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct IndicatorDef {
    pub id: String,
    pub naam: String,
    pub omschrijving: String,
    pub eenheid: String,
    pub richting: String,
    pub niveaus: Vec<super::Niveau>,
    pub landelijk: String,
    pub kanttekeningen: String,
    pub keuze: String,
    /// When a value is marked "onvolledige historie" (`historie::onvolledig`), in Dutch.
    #[serde(default)]
    pub historie: String,
    /// The split the overview shows.
    #[serde(default = "totaal")]
    pub hoofd: super::Uitsplitsing,
    /// How the overview names that split when it is not the total.
    #[serde(default)]
    pub hoofd_label: String,
    /// A percentage that is a part of a whole (gets a Wilson interval); growth is not.
    #[serde(default = "ja")]
    pub proportie: bool,
    /// A stock: jeugdigen (or trajecten) in care on a day or during the period, most of whom
    /// are there the month before and after. Such a series carries over and wanders, so its
    /// signals judge its change against its own changes (`signalen::Methode::Verandering`),
    /// not its level against a baseline mean.
    #[serde(default)]
    pub voorraad: bool,
    /// Whether the national values of this indicator follow our definition. When not (e.g.
    /// CBS herhaald beroep over 5 years against our 12 months), they are shown only as
    /// context: never compared, never tested for significance.
    #[serde(default = "ja")]
    pub landelijk_vergelijkbaar: bool,
    /// The CBS StatLine cells that are this indicator's national value (`statline`): the one
    /// place that maps a CBS table and measure to an indicator.
    #[serde(default)]
    pub cbs: Vec<CbsMaat>,
}

/// One CBS StatLine measure as a national value of an indicator (catalogue
/// `[[indicator.cbs]]`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct CbsMaat {
    /// The StatLine table (`85098NED`).
    pub tabel: String,
    /// The measure code (`Measure` in `Observations`, `Identifier` in `MeasureCodes`).
    pub measure: String,
    /// Codes the other dimensions must have (`RegioS = "NL01"`: Nederland).
    #[serde(default)]
    pub dimensies: std::collections::BTreeMap<String, String>,
    #[serde(default = "totaal_tekst")]
    pub uitsplitsing: String,
    /// CBS value × factor = our value (1 when the units are the same).
    #[serde(default = "een")]
    pub factor: f64,
    /// The `Unit` MeasureCodes must give (empty: not checked).
    #[serde(default)]
    pub eenheid_cbs: String,
    /// Whether CBS's definition is ours; only then is the value compared and tested.
    pub definitie_gelijk: bool,
    /// Why the definitions are (not) the same, in Dutch.
    pub reden: String,
}

fn totaal_tekst() -> String {
    "totaal".into()
}

fn een() -> f64 {
    1.0
}

fn totaal() -> super::Uitsplitsing {
    super::Uitsplitsing::totaal()
}

fn ja() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
pub struct Catalogus {
    #[serde(rename = "indicator")]
    pub indicatoren: Vec<IndicatorDef>,
}

impl Catalogus {
    pub fn standaard() -> Catalogus {
        toml::from_str(CATALOGUS_TOML).expect("de ingebouwde catalogus is geldig (getest)")
    }
    pub fn get(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicatoren.iter().find(|i| i.id == id)
    }
}

/// The output contract's columns, in order. `basis` stays in `indicatoren_intern` and is
/// not published (see `KOLOMMEN`), nor is `streef_basisjaar`: the year of the region's own
/// value a target path starts from (null when the target row gives its base value), so the
/// suppression step can drop a path whose base value it hides. `landelijk_vergelijkbaar`: the national value is of the
/// same period kind and definition as the local one; when false it is context only (shown
/// with its period, never compared or tested).
pub const UITVOER: [&str; 24] = [
    "indicator",
    "periode",
    "niveau",
    "code",
    "naam",
    "uitsplitsing",
    "teller",
    "noemer",
    "waarde",
    "basis",
    "ci_laag",
    "ci_hoog",
    "landelijk",
    "streefwaarde",
    "status",
    "onderdrukt",
    "voorlopig",
    "eenheid",
    "significant",
    "landelijk_periode",
    "landelijk_bron",
    "historie_onvolledig",
    "landelijk_vergelijkbaar",
    "streef_basisjaar",
];

pub struct Releasetabellen<'a> {
    pub jeugdhulptrajecten: &'a DataFrame,
    pub trajecten: &'a DataFrame,
    pub declaraties: &'a DataFrame,
    pub maatregelen: &'a DataFrame,
    pub veilig_thuis: &'a DataFrame,
    pub bevolking: &'a DataFrame,
    pub landelijk: &'a DataFrame,
    pub streefwaarden: &'a DataFrame,
    /// AGB → name (`aanbieders.csv`), for providers whose rows carry no name (iJw messages).
    pub aanbieders: &'a DataFrame,
    /// First delivery month and newest delivery month (`jjjj-mm`).
    pub eerste_aanlevering: Option<String>,
    pub laatste_aanlevering: Option<String>,
    /// The region's optional start of the series (`Regio::start_reeks`).
    pub start_reeks: Option<(i32, u8)>,
}

fn maand_start(s: &str) -> Option<NaiveDate> {
    let (j, m) = model::parse_maand(s).ok()?;
    NaiveDate::from_ymd_opt(j, m as u32, 1)
}

fn min_datum(df: &DataFrame, kolom: &str) -> Option<NaiveDate> {
    let d = df
        .column(kolom)
        .ok()?
        .as_materialized_series()
        .date()
        .ok()?;
    let dag = d.physical().min()?;
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(dag as i64))
}

fn maand_van(d: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(chrono::Datelike::year(&d), chrono::Datelike::month(&d), 1)
}

/// The first month with care in the data (its first day): the earliest start of a
/// toewijzing (jeugdhulp, JB and JR products) or of a maatregel, and the earliest declared
/// month. A first delivery carries every allocation with its own start date, so this lies
/// before the first delivery when the export has history (issue 17).
pub fn eerste_zorgmaand(t: &Releasetabellen) -> Option<NaiveDate> {
    let decl = t
        .declaraties
        .column("periode")
        .ok()
        .and_then(|c| c.str().ok().cloned())
        .and_then(|c| c.iter().flatten().filter_map(maand_start).min());
    [
        min_datum(t.trajecten, "startdatum"),
        min_datum(t.maatregelen, "startdatum"),
        decl,
    ]
    .into_iter()
    .flatten()
    .min()
    .and_then(maand_van)
}

/// The start of the data window for the "onvolledige historie" marker (`historie`): the
/// later of the first month with care and the first month in which a toewijzing ended. A
/// full history has its first ends soon after its first starts; an export that carries only
/// the allocations still running when it begins (the ones that ended before are left out)
/// has long-running allocations from years back but no end before its own start, so the
/// years of survivors only are marked. For Veilig Thuis the same with the first melding and
/// the first closed casus.
pub fn venster(t: &Releasetabellen) -> historie::Venster {
    let later = |a: Option<NaiveDate>, b: Option<NaiveDate>| match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    historie::Venster {
        zorg: later(
            eerste_zorgmaand(t),
            min_datum(t.trajecten, "einddatum").and_then(maand_van),
        ),
        veilig_thuis: later(
            eerste_meldingsmaand(t),
            min_datum(t.veilig_thuis, "casus_afgesloten").and_then(maand_van),
        ),
    }
}

/// The month of the first Veilig Thuis melding in the data.
pub fn eerste_meldingsmaand(t: &Releasetabellen) -> Option<NaiveDate> {
    min_datum(t.veilig_thuis, "meldingsdatum").and_then(maand_van)
}

/// The first month of the series: the region's `start_reeks` when set, else the first month
/// with care or a Veilig Thuis melding in the data.
pub fn begin_reeks(t: &Releasetabellen) -> Option<NaiveDate> {
    match t.start_reeks {
        Some((j, m)) => NaiveDate::from_ymd_opt(j, m as u32, 1),
        None => [eerste_zorgmaand(t), eerste_meldingsmaand(t)]
            .into_iter()
            .flatten()
            .min(),
    }
}

/// The periods figures are made for: from the period of each kind that holds the first
/// month of the series ([`begin_reeks`]; nothing in the data lies before it) to the last
/// complete period before the end of the newest delivery month.
pub fn perioden_van(t: &Releasetabellen) -> Vec<Periode> {
    let (Some(van), Some(tot)) = (
        begin_reeks(t),
        t.laatste_aanlevering.as_deref().and_then(maand_start),
    ) else {
        return Vec::new();
    };
    let tot = Periode::Maand(
        chrono::Datelike::year(&tot),
        chrono::Datelike::month(&tot) as u8,
    )
    .einde();
    perioden::reeks_vanaf(van, tot)
}

/// The release's tables as the plans read them.
pub fn bronnen(t: &Releasetabellen) -> Bronnen {
    Bronnen {
        trajecten: t.jeugdhulptrajecten.clone().lazy(),
        toewijzingen: t.trajecten.clone().lazy(),
        declaraties: t.declaraties.clone().lazy(),
        maatregelen: t.maatregelen.clone().lazy(),
        veilig_thuis: t.veilig_thuis.clone().lazy(),
        bevolking: t.bevolking.clone().lazy(),
    }
}

/// The indicator plans, in the order they run, with the indicators each one computes (the
/// one place that says which plan makes which indicator; checked on every run in a build with
/// debug assertions, and against the catalogue by a test).
pub const PLANNEN: [(&str, &[&str]); 13] = [
    (
        "jeugdhulp_gebruik",
        &["jeugdhulp_gebruik", "jeugdhulp_clienten"],
    ),
    ("crisis", &["crisis_start_aandeel", "crisis_instroom"]),
    ("trajectduur", &["trajectduur"]),
    (
        "verblijf",
        &[
            "verblijf_stand",
            "verblijf_instroom",
            "verblijf_doorstroom",
            "verblijf_uitstroom",
        ],
    ),
    (
        "gezinsgericht",
        &["gezinsgericht_aandeel", "gezinsvormen_aandeel"],
    ),
    (
        "maatregelen",
        &["jeugdbescherming_aandeel", "jeugdreclassering_aandeel"],
    ),
    ("verwijzers", &["verwijzer_aandeel"]),
    ("herhaald_beroep", &["herhaald_beroep_aandeel"]),
    ("volgens_plan", &["volgens_plan_aandeel"]),
    (
        "wachttijd",
        &[
            "wachttijd",
            "wachttijd_binnen_6_weken",
            "doorlooptijd_toewijzing",
            "wachttijd_start",
        ],
    ),
    (
        "wachttijd_gesplitst",
        &[
            "wachttijd",
            "wachttijd_binnen_6_weken",
            "doorlooptijd_toewijzing",
            "wachttijd_start",
        ],
    ),
    ("kosten", &["kosten", "kosten_groei", "kosten_per_client"]),
    (
        "veilig_thuis",
        &["vt_meldingen_per_100k", "vt_hermelding_aandeel"],
    ),
];

/// The plans that compute the given indicators; an unknown id is an error in Dutch.
pub fn plannen_voor(indicatoren: &[String]) -> Result<Vec<&'static str>, String> {
    let mut uit = Vec::new();
    for id in indicatoren {
        let gevonden: Vec<&str> = PLANNEN
            .iter()
            .filter(|(_, ids)| ids.contains(&id.as_str()))
            .map(|(p, _)| *p)
            .collect();
        if gevonden.is_empty() {
            return Err(format!(
                "onbekende indicator '{id}'; verwacht een van: {}",
                PLANNEN
                    .iter()
                    .flat_map(|(_, ids)| ids.iter())
                    .copied()
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for p in gevonden {
            if !uit.contains(&p) {
                uit.push(p);
            }
        }
    }
    Ok(PLANNEN
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| uit.contains(p))
        .collect())
}

/// All indicators of the catalogue, completed, unsuppressed.
pub fn bereken(t: &Releasetabellen, regio: &Regio) -> PolarsResult<DataFrame> {
    bereken_plannen(t, regio, None)
}

/// The indicators of the chosen [`PLANNEN`] (`None`: all), completed, unsuppressed: what
/// [`bereken`] does for a subset (`jeugdstuur reken`, to time a few indicators like for like).
pub fn bereken_plannen(
    t: &Releasetabellen,
    regio: &Regio,
    kies: Option<&[&str]>,
) -> PolarsResult<DataFrame> {
    let ps = perioden_van(t);
    let b = bronnen(t);
    if ps.is_empty() {
        return leeg();
    }
    // One plan after another: each is collected before the next is built, so only one
    // plan's intermediates (the per-period explosions) are in memory at a time and Polars
    // gives each plan both cores. Side by side in one `concat` took 1,5× as long at Twente
    // scale (BENCHMARKS.md). `RUST_LOG=pipeline=debug` shows the time per plan.
    let plannen: [(&str, &dyn Fn() -> PolarsResult<LazyFrame>); 13] = [
        ("jeugdhulp_gebruik", &|| {
            definities::jeugdhulp_gebruik(&b, &ps)
        }),
        ("crisis", &|| definities::crisis(&b, &ps)),
        ("trajectduur", &|| definities::trajectduur(&b, &ps)),
        ("verblijf", &|| verblijf::verblijf(b.trajecten.clone(), &ps)),
        ("gezinsgericht", &|| definities::gezinsgericht(&b, &ps)),
        ("maatregelen", &|| definities::maatregelen(&b, &ps)),
        ("verwijzers", &|| definities::verwijzers(&b, &ps)),
        ("herhaald_beroep", &|| definities::herhaald_beroep(&b, &ps)),
        ("volgens_plan", &|| definities::volgens_plan(&b, &ps)),
        ("wachttijd", &|| definities::wachttijd(&b, &ps)),
        ("wachttijd_gesplitst", &|| {
            definities::wachttijd_gesplitst(&b, &ps)
        }),
        ("kosten", &|| definities::kosten(&b, &ps)),
        ("veilig_thuis", &|| definities::veilig_thuis(&b, &ps)),
    ];
    debug_assert!(plannen.iter().zip(PLANNEN).all(|((a, _), (b, _))| *a == b));
    let Some(mut ruw) = onder_elkaar(
        plannen
            .into_iter()
            .filter(|(naam, _)| kies.is_none_or(|k| k.contains(naam)))
            .map(|(naam, plan)| {
                let begin = std::time::Instant::now();
                let df = plan()?.collect()?;
                tracing::debug!(plan = naam, rijen = df.height(), duur = ?begin.elapsed(), "indicatorplan");
                #[cfg(debug_assertions)]
                {
                    let ids = PLANNEN.iter().find(|(p, _)| *p == naam).map(|(_, i)| *i);
                    let uniek = df.column("indicator")?.unique()?;
                    for id in uniek.str()?.iter().flatten() {
                        debug_assert!(
                            ids.is_some_and(|i| i.contains(&id)),
                            "plan {naam} maakt {id}, niet in PLANNEN"
                        );
                    }
                }
                Ok(df)
            }),
    )?
    else {
        return leeg();
    };
    ruw.rechunk_mut();
    ruw.sort_in_place(
        ["indicator", "niveau", "code", "uitsplitsing", "periode"],
        SortMultipleOptions::default().with_maintain_order(true),
    )?;
    let begin = std::time::Instant::now();
    let uit = vul_aan(ruw, t, regio);
    tracing::debug!(duur = ?begin.elapsed(), "vul_aan");
    uit
}

fn leeg() -> PolarsResult<DataFrame> {
    let mut cols = Vec::new();
    for n in UITVOER {
        let dt = match n {
            "teller" | "noemer" | "waarde" | "basis" | "ci_laag" | "ci_hoog" | "landelijk"
            | "streefwaarde" => DataType::Float64,
            "streef_basisjaar" => DataType::Int32,
            "onderdrukt"
            | "voorlopig"
            | "significant"
            | "historie_onvolledig"
            | "landelijk_vergelijkbaar" => DataType::Boolean,
            _ => DataType::String,
        };
        cols.push(Column::new_empty(n.into(), &dt));
    }
    DataFrame::new(0, cols)
}

struct Landelijk {
    waarde: f64,
    periode: Periode,
    /// As shown: the period label and "bron (status)", made once, not once per row.
    periode_tekst: String,
    bron_tekst: String,
}

/// One row of `streefwaarden`.
#[derive(Debug, Clone)]
pub struct Streef {
    pub indicator: String,
    pub segment: String,
    pub basisjaar: i32,
    pub basiswaarde: Option<f64>,
    pub verandering: Option<f64>,
}

/// The figures (indicator, uitsplitsing) of the region a target row applies to.
/// INDICATORS.md "Targets": the verblijf and wonen targets apply to costs *and* volume, the
/// ambulant and wonen+verblijf targets to costs only. A `kosten` row of segment S gives the
/// path of `kosten` `segment_S`; for verblijf and wonen also of the volume: `jeugdhulp_clienten`
/// `segment_S` (distinct clients with jeugdhulp in S), `verblijf_stand` and
/// `verblijf_instroom` `segment_S`. Any other row speaks of its own
/// indicator: `segment_S` where that indicator has that split (`heeft`), else its total
/// (e.g. `crisis_instroom` of segment crisis).
pub fn streef_figuren(
    indicator: &str,
    segment: &str,
    heeft: impl Fn(&str, &str) -> bool,
) -> Vec<(String, String)> {
    let u = if segment.is_empty() {
        "totaal".to_string()
    } else {
        format!("segment_{segment}")
    };
    if indicator == "kosten" {
        let mut v = vec![("kosten".to_string(), u.clone())];
        if matches!(segment, "verblijf" | "wonen") {
            v.push(("jeugdhulp_clienten".to_string(), u.clone()));
            v.push(("verblijf_stand".to_string(), u.clone()));
            v.push(("verblijf_instroom".to_string(), u));
        }
        return v;
    }
    let u = if heeft(indicator, &u) {
        u
    } else {
        "totaal".to_string()
    };
    vec![(indicator.to_string(), u)]
}

/// The target path in `jaar` (INDICATORS.md: base year value × (1 + change)^(years since
/// base)). `eigen(j)`: the region's own value in year `j`, the base when the row has no
/// basiswaarde. A row with a value and no change is the value to reach in `basisjaar`: from
/// `basisjaar` on it is a norm; before it, when `startjaar` (the base year of the steering
/// period) lies earlier, the path runs in a straight line from the own value in `startjaar`
/// to that value in `basisjaar` (the Veilig Thuis ambition "under the national average by
/// 2030"). No path before the base year.
pub fn streefwaarde_in(
    s: &Streef,
    jaar: i32,
    startjaar: Option<i32>,
    eigen: impl Fn(i32) -> Option<f64>,
) -> Option<f64> {
    match (s.verandering, s.basiswaarde) {
        (Some(v), basis) if jaar >= s.basisjaar => {
            let b = basis.or_else(|| eigen(s.basisjaar))?;
            Some(statistiek::streefpad(b, v, s.basisjaar, jaar))
        }
        (None, Some(doel)) if jaar >= s.basisjaar => Some(doel),
        (None, Some(doel)) => {
            let start = startjaar.filter(|st| *st < s.basisjaar && jaar >= *st)?;
            let b = eigen(start)?;
            Some(b + (doel - b) * f64::from(jaar - start) / f64::from(s.basisjaar - start))
        }
        _ => None,
    }
}

/// Whether a national value of period `landelijk` may be compared with a local value of
/// period `lokaal`: the same period kind and the same part of the year (a year with a year,
/// H1 with H1, Q3 with Q3, July with July), not later than the local period.
pub fn zelfde_periodesoort(landelijk: Periode, lokaal: Periode) -> bool {
    let deel = match (landelijk, lokaal) {
        (Periode::Jaar(_), Periode::Jaar(_)) => true,
        (Periode::Halfjaar(_, a), Periode::Halfjaar(_, b))
        | (Periode::Kwartaal(_, a), Periode::Kwartaal(_, b))
        | (Periode::Maand(_, a), Periode::Maand(_, b)) => a == b,
        _ => false,
    };
    deel && landelijk.jaar() <= lokaal.jaar()
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
fn vul_aan(ruw: DataFrame, t: &Releasetabellen, regio: &Regio) -> PolarsResult<DataFrame> {
    let cat = Catalogus::standaard();
    // The key columns are text already; borrowed, not copied (a String per value and row
    // was a fifth of the whole ingest, BENCHMARKS.md).
    let tekst = |naam: &str| -> PolarsResult<Vec<Option<&str>>> {
        Ok(ruw.column(naam)?.str()?.iter().collect())
    };
    let ind = tekst("indicator")?;
    let per = tekst("periode")?;
    let niv = tekst("niveau")?;
    let code = tekst("code")?;
    let uit = tekst("uitsplitsing")?;
    let teller = getalkolom(&ruw, "teller")?;
    let noemer = getalkolom(&ruw, "noemer")?;
    let waarde = getalkolom(&ruw, "waarde")?;

    // Names: the region, its gemeenten, and providers as they deliver themselves.
    let mut namen: HashMap<String, String> = regio
        .gemeenten
        .iter()
        .map(|g| (g.code.to_string(), g.naam.clone()))
        .collect();
    namen.insert("regio".into(), regio.naam.clone());
    let agb = tekstkolom(t.jeugdhulptrajecten, "aanbieder_agb")?;
    let anaam = tekstkolom(t.jeugdhulptrajecten, "aanbieder_naam")?;
    let mut aanbieders: HashMap<String, String> = HashMap::new();
    for (a, n) in agb.into_iter().zip(anaam) {
        if let (Some(a), Some(n)) = (a, n) {
            aanbieders.entry(a).or_insert(n);
        }
    }
    // A provider no row names gets its name from the reference table, if it has one.
    if t.aanbieders.height() > 0 {
        let ragb = tekstkolom(t.aanbieders, "agb")?;
        let rnaam = tekstkolom(t.aanbieders, "naam")?;
        for (a, n) in ragb.into_iter().zip(rnaam) {
            if let (Some(a), Some(n)) = (a, n) {
                aanbieders.entry(a).or_insert(n);
            }
        }
    }

    // National values per indicator and uitsplitsing, newest last.
    let mut landelijk: HashMap<String, HashMap<String, Vec<Landelijk>>> = HashMap::new();
    {
        let l = t.landelijk;
        let (li, lu, lp, lw, lb, ls) = (
            tekstkolom(l, "indicator")?,
            tekstkolom(l, "uitsplitsing")?,
            tekstkolom(l, "periode")?,
            getalkolom(l, "waarde")?,
            tekstkolom(l, "bron")?,
            tekstkolom(l, "status")?,
        );
        for i in 0..l.height() {
            if let (Some(a), Some(u), Some(p), Some(w)) = (&li[i], &lu[i], &lp[i], lw[i])
                && let Ok(p) = Periode::parse(p)
            {
                landelijk
                    .entry(a.clone())
                    .or_default()
                    .entry(u.clone())
                    .or_default()
                    .push(Landelijk {
                        waarde: w,
                        periode: p,
                        periode_tekst: p.to_string(),
                        bron_tekst: format!(
                            "{} ({})",
                            lb[i].as_deref().unwrap_or_default(),
                            ls[i].as_deref().unwrap_or_default()
                        ),
                    });
            }
        }
        for v in landelijk.values_mut().flat_map(|m| m.values_mut()) {
            // Newest last: by end date, and of two ending together the longer one last (a year
            // before its second half year).
            v.sort_by_key(|l| (l.periode.einde(), std::cmp::Reverse(l.periode.start())));
        }
    }
    // Targets speak of the region only (the seed's targets are regional): rows of another
    // niveau are read but give no path.
    let mut streef: Vec<Streef> = Vec::new();
    {
        let s = t.streefwaarden;
        let (si, ss, sn, sj, sb, sv) = (
            tekstkolom(s, "indicator")?,
            tekstkolom(s, "segment")?,
            tekstkolom(s, "niveau")?,
            getalkolom(s, "basisjaar")?,
            getalkolom(s, "basiswaarde")?,
            getalkolom(s, "jaarlijkse_verandering")?,
        );
        for i in 0..s.height() {
            if let (Some(a), Some(j)) = (&si[i], sj[i])
                && sn[i].as_deref().unwrap_or("regio") == "regio"
            {
                streef.push(Streef {
                    indicator: a.clone(),
                    segment: ss[i].clone().unwrap_or_default(),
                    basisjaar: j as i32,
                    basiswaarde: sb[i],
                    verandering: sv[i],
                });
            }
        }
    }
    // The base year of the steering period: that of the targets with a yearly change.
    let startjaar = streef
        .iter()
        .filter(|s| s.verandering.is_some())
        .map(|s| s.basisjaar)
        .min();
    let splitsingen: std::collections::HashSet<(&str, &str)> = (0..ruw.height())
        .filter(|&i| niv[i] == Some("regio"))
        .filter_map(|i| ind[i].zip(uit[i]))
        .collect();
    // Which figure of the region each target row gives a path (a later row for the same
    // figure wins, as the file's key is indicator + segment + niveau).
    let figuren: Vec<((String, String), &Streef)> = streef
        .iter()
        .flat_map(|s| {
            streef_figuren(&s.indicator, &s.segment, |a, u| {
                splitsingen.contains(&(a, u))
            })
            .into_iter()
            .map(move |f| (f, s))
        })
        .collect();
    let doelen: HashMap<(&str, &str), &Streef> = figuren
        .iter()
        .map(|((a, u), s)| ((a.as_str(), u.as_str()), *s))
        .collect();
    // The region's own yearly values of those figures (bases of paths without a basiswaarde).
    let mut eigen: HashMap<(&str, &str, i32), f64> = HashMap::new();
    for i in 0..ruw.height() {
        if let (Some(a), Some(p), Some("regio"), Some(u), Some(w)) =
            (ind[i], per[i], niv[i], uit[i], waarde[i])
            && doelen.contains_key(&(a, u))
            && let Ok(j) = p.parse::<i32>()
        {
            eigen.insert((a, u, j), w);
        }
    }

    let laatste = t.laatste_aanlevering.as_deref().and_then(maand_start);
    let voorlopig_vanaf = laatste.map(|d| {
        let m = chrono::Datelike::year(&d) * 12 + chrono::Datelike::month0(&d) as i32
            - regio.voorlopige_maanden as i32
            + 1;
        NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1).unwrap()
    });

    let venster = venster(t);
    let n = ruw.height();
    let mut c_hist = Vec::with_capacity(n);
    let mut c_naam = Vec::with_capacity(n);
    let mut c_eenheid = Vec::with_capacity(n);
    let mut c_voorlopig = Vec::with_capacity(n);
    let mut c_land = Vec::with_capacity(n);
    let mut c_land_p = Vec::with_capacity(n);
    let mut c_land_b = Vec::with_capacity(n);
    let mut c_land_v = Vec::with_capacity(n);
    let mut c_streef = Vec::with_capacity(n);
    let mut c_streef_basis: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut c_status = Vec::with_capacity(n);
    let mut c_lo = Vec::with_capacity(n);
    let mut c_hi = Vec::with_capacity(n);
    let mut c_sig = Vec::with_capacity(n);
    // A few hundred distinct periods and some twenty indicators: parsed and looked up once.
    let mut periodes: HashMap<&str, Option<Periode>> = HashMap::new();
    for i in 0..n {
        let a = ind[i].unwrap_or_default();
        let def = cat.get(a);
        let eenheid = def.map(|d| d.eenheid.as_str()).unwrap_or("");
        let richting = Richting::parse(def.map(|d| d.richting.as_str()).unwrap_or("geen"));
        let p = per[i].and_then(|p| *periodes.entry(p).or_insert_with(|| Periode::parse(p).ok()));
        let c = code[i].unwrap_or_default();
        let nv = niv[i].unwrap_or_default();
        let u = uit[i].unwrap_or_default();
        c_naam.push(match nv {
            "aanbieder" => aanbieders.get(c).cloned(),
            "aanbieder_gemeente" => c.split_once('|').map(|(a, g)| {
                format!(
                    "{} in {}",
                    aanbieders.get(a).map(String::as_str).unwrap_or(a),
                    namen.get(g).map(String::as_str).unwrap_or(g)
                )
            }),
            _ => namen.get(c).cloned(),
        });
        c_eenheid.push(eenheid);
        c_voorlopig.push(match (p, voorlopig_vanaf) {
            (Some(p), Some(v)) => p.einde() >= v,
            _ => false,
        });
        c_hist.push(p.is_some_and(|p| historie::onvolledig(a, u, p, &venster)));
        // National: of the same period kind and part of the year, the same period or the
        // newest earlier one (its period is shown) — only then comparable. Otherwise the
        // newest national value up to this year is context: shown with its period, never
        // compared or tested.
        // The catalogue's CBS counterpart of this split (`[[indicator.cbs]]`) can say the
        // definitions differ: then context only too.
        let vergelijkbaar_def = def.is_none_or(|d| {
            d.landelijk_vergelijkbaar
                && d.cbs
                    .iter()
                    .filter(|m| m.uitsplitsing == u)
                    .all(|m| m.definitie_gelijk)
        });
        let l = p.and_then(|p| {
            let v = landelijk.get(a).and_then(|m| m.get(u))?;
            let zelfde = v.iter().rev().find(|l| zelfde_periodesoort(l.periode, p));
            match zelfde {
                Some(l) => Some((l, vergelijkbaar_def)),
                None => v
                    .iter()
                    .rev()
                    .find(|l| l.periode.jaar() <= p.jaar())
                    .map(|l| (l, false)),
            }
        });
        let vergelijkbaar = l.map(|(_, v)| v);
        let l = l.map(|(l, _)| l);
        c_land.push(l.map(|l| l.waarde));
        c_land_v.push(vergelijkbaar);
        c_land_p.push(l.map(|l| l.periode_tekst.as_str()));
        c_land_b.push(l.map(|l| l.bron_tekst.as_str()));
        // Confidence interval for proportions.
        let proportie = def.is_some_and(|d| d.proportie);
        let ci = match (eenheid, teller[i], noemer[i]) {
            ("procent", Some(tl), Some(nm)) if proportie && tl >= 0.0 && tl <= nm => {
                statistiek::wilson(tl, nm, 1.959963984540054)
                    .map(|(lo, hi)| (lo * 100.0, hi * 100.0))
            }
            _ => None,
        };
        c_lo.push(ci.map(|c| c.0));
        c_hi.push(ci.map(|c| c.1));
        c_sig.push(if nv.starts_with("aanbieder") {
            None
        } else {
            statistiek::significant(
                ci,
                l.filter(|_| vergelijkbaar == Some(true)).map(|l| l.waarde),
            )
        });
        // Target path: only for the figures of the region a target row speaks of; targets for
        // counts and amounts only for whole years (a path is yearly).
        // The own value the path starts from, if any (its year).
        let basisjaar = std::cell::Cell::new(None);
        let doel = match (nv, p) {
            ("regio", Some(p))
                if (eenheid != "aantal" && eenheid != "euro")
                    || p.soort() == model::PeriodeSoort::Jaar =>
            {
                doelen.get(&(a, u)).and_then(|s| {
                    streefwaarde_in(s, p.jaar(), startjaar, |j| {
                        basisjaar.set(Some(j));
                        eigen.get(&(a, u, j)).copied()
                    })
                })
            }
            _ => None,
        };
        c_streef_basis.push(basisjaar.take().filter(|_| doel.is_some()));
        c_streef.push(doel);
        c_status.push(match (doel, waarde[i]) {
            (Some(d), Some(w)) => {
                statistiek::status(w, d, richting, ci, 5.0).map(|s| s.id().to_string())
            }
            _ => None,
        });
    }
    let mut df = ruw;
    df.with_column(Column::new("naam".into(), c_naam))?;
    df.with_column(Column::new("ci_laag".into(), c_lo))?;
    df.with_column(Column::new("ci_hoog".into(), c_hi))?;
    df.with_column(Column::new("landelijk".into(), c_land))?;
    df.with_column(Column::new("streefwaarde".into(), c_streef))?;
    df.with_column(Column::new("status".into(), c_status))?;
    df.with_column(Column::new("onderdrukt".into(), vec![false; n]))?;
    df.with_column(Column::new("voorlopig".into(), c_voorlopig))?;
    df.with_column(Column::new("eenheid".into(), c_eenheid))?;
    df.with_column(Column::new("significant".into(), c_sig))?;
    df.with_column(Column::new("landelijk_periode".into(), c_land_p))?;
    df.with_column(Column::new("landelijk_bron".into(), c_land_b))?;
    df.with_column(Column::new("historie_onvolledig".into(), c_hist))?;
    df.with_column(Column::new("landelijk_vergelijkbaar".into(), c_land_v))?;
    df.with_column(Column::new("streef_basisjaar".into(), c_streef_basis))?;
    df.select(UITVOER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_has_its_plan_and_a_subset_picks_the_plans() {
        let mut in_plannen: Vec<&str> = PLANNEN
            .iter()
            .flat_map(|(_, i)| i.iter().copied())
            .collect();
        in_plannen.sort_unstable();
        in_plannen.dedup();
        let mut catalogus: Vec<String> = Catalogus::standaard()
            .indicatoren
            .iter()
            .map(|d| d.id.clone())
            .collect();
        catalogus.sort();
        assert_eq!(in_plannen, catalogus);
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        // In the plans' own order, each once.
        assert_eq!(
            plannen_voor(&ids(&["kosten", "crisis_instroom", "crisis_start_aandeel"])),
            Ok(vec!["crisis", "kosten"])
        );
        assert_eq!(
            plannen_voor(&ids(&["wachttijd"])),
            Ok(vec!["wachttijd", "wachttijd_gesplitst"])
        );
        let fout = plannen_voor(&ids(&["kosten", "bestaat_niet"])).unwrap_err();
        assert!(
            fout.starts_with("onbekende indicator 'bestaat_niet'; verwacht een van: "),
            "{fout}"
        );
        assert!(fout.contains("vt_meldingen_per_100k"), "{fout}");
    }

    type Ruw<'a> = (&'a str, &'a str, &'a str, Option<f64>, Option<f64>, f64);

    /// (indicator, segment, basisjaar, basiswaarde, jaarlijkse_verandering)
    type StreefRij<'a> = (&'a str, &'a str, i64, Option<f64>, Option<f64>);
    /// (streefwaarde, status, landelijk, landelijk_vergelijkbaar, significant)
    type Aangevuld = (
        Option<f64>,
        Option<String>,
        Option<f64>,
        Option<bool>,
        Option<bool>,
    );

    /// Completes hand-made rows (indicator, periode, uitsplitsing, teller, noemer, waarde) of
    /// the region with the given national values and targets; the result by row key.
    fn vul_aan_regio(
        rijen: &[Ruw],
        landelijk: &[(&str, &str, &str, f64)],
        streef: &[StreefRij],
    ) -> HashMap<(String, String, String), Aangevuld> {
        let ruw = df!(
            "indicator" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "periode" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "niveau" => rijen.iter().map(|_| "regio").collect::<Vec<_>>(),
            "code" => rijen.iter().map(|_| "regio").collect::<Vec<_>>(),
            "uitsplitsing" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "teller" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "noemer" => rijen.iter().map(|r| r.4).collect::<Vec<_>>(),
            "waarde" => rijen.iter().map(|r| Some(r.5)).collect::<Vec<_>>(),
            "basis" => rijen.iter().map(|_| None::<f64>).collect::<Vec<_>>(),
        )
        .unwrap();
        let land = df!(
            "indicator" => landelijk.iter().map(|r| r.0).collect::<Vec<_>>(),
            "uitsplitsing" => landelijk.iter().map(|r| r.1).collect::<Vec<_>>(),
            "periode" => landelijk.iter().map(|r| r.2).collect::<Vec<_>>(),
            "waarde" => landelijk.iter().map(|r| r.3).collect::<Vec<_>>(),
            "bron" => landelijk.iter().map(|_| "CBS").collect::<Vec<_>>(),
            "status" => landelijk.iter().map(|_| "definitief").collect::<Vec<_>>(),
        )
        .unwrap();
        let sw = df!(
            "indicator" => streef.iter().map(|r| r.0).collect::<Vec<_>>(),
            "segment" => streef.iter().map(|r| r.1).collect::<Vec<_>>(),
            "niveau" => streef.iter().map(|_| "regio").collect::<Vec<_>>(),
            "basisjaar" => streef.iter().map(|r| r.2).collect::<Vec<_>>(),
            "basiswaarde" => streef.iter().map(|r| r.3).collect::<Vec<_>>(),
            "jaarlijkse_verandering" => streef.iter().map(|r| r.4).collect::<Vec<_>>(),
            "bron" => streef.iter().map(|_| "Prioritaire Agenda").collect::<Vec<_>>(),
        )
        .unwrap();
        let tr = df!(
            "aanbieder_agb" => Vec::<String>::new(),
            "aanbieder_naam" => Vec::<String>::new(),
        )
        .unwrap();
        let leeg = DataFrame::default();
        let t = Releasetabellen {
            jeugdhulptrajecten: &tr,
            trajecten: &leeg,
            declaraties: &leeg,
            maatregelen: &leeg,
            veilig_thuis: &leeg,
            bevolking: &leeg,
            landelijk: &land,
            streefwaarden: &sw,
            aanbieders: &leeg,
            eerste_aanlevering: Some("2020-01".into()),
            laatste_aanlevering: Some("2040-12".into()),
            start_reeks: None,
        };
        let df = vul_aan(ruw, &t, &Regio::twente()).unwrap();
        let k = |n: &str| tekstkolom(&df, n).unwrap();
        let (ind, per, uit, status) =
            (k("indicator"), k("periode"), k("uitsplitsing"), k("status"));
        let streefw = getalkolom(&df, "streefwaarde").unwrap();
        let land = getalkolom(&df, "landelijk").unwrap();
        let b = |n: &str| -> Vec<Option<bool>> {
            df.column(n).unwrap().bool().unwrap().iter().collect()
        };
        let (verg, sig) = (b("landelijk_vergelijkbaar"), b("significant"));
        (0..df.height())
            .map(|i| {
                (
                    (
                        ind[i].clone().unwrap(),
                        per[i].clone().unwrap(),
                        uit[i].clone().unwrap(),
                    ),
                    (streefw[i], status[i].clone(), land[i], verg[i], sig[i]),
                )
            })
            .collect()
    }

    fn sleutel(a: &str, p: &str, u: &str) -> (String, String, String) {
        (a.into(), p.into(), u.into())
    }

    #[track_caller]
    fn dicht(a: Option<f64>, b: f64) {
        let a = a.expect("een waarde");
        assert!((a - b).abs() < 1e-6 * b.abs().max(1.0), "{a} ≠ {b}");
    }

    #[test]
    fn streefpaden_per_segment_met_status() {
        const M: f64 = 1_000_000.0;
        let rijen: Vec<Ruw> = vec![
            // Base year 2024 (own values), then 2025.
            ("kosten", "2024", "segment_verblijf", None, None, 100.0 * M),
            ("kosten", "2025", "segment_verblijf", None, None, 88.0 * M),
            ("kosten", "2024", "segment_wonen", None, None, 20.0 * M),
            ("kosten", "2025", "segment_wonen", None, None, 19.5 * M),
            ("kosten", "2024", "segment_ambulant", None, None, 80.0 * M),
            ("kosten", "2025", "segment_ambulant", None, None, 84.0 * M),
            (
                "kosten",
                "2024",
                "segment_wonen_verblijf",
                None,
                None,
                120.0 * M,
            ),
            (
                "kosten",
                "2025",
                "segment_wonen_verblijf",
                None,
                None,
                107.5 * M,
            ),
            (
                "kosten",
                "2025-Q1",
                "segment_verblijf",
                None,
                None,
                30.0 * M,
            ),
            ("kosten", "2025", "totaal", None, None, 300.0 * M),
            (
                "crisis_instroom",
                "2024",
                "totaal",
                Some(400.0),
                None,
                400.0,
            ),
            (
                "crisis_instroom",
                "2025",
                "totaal",
                Some(395.0),
                None,
                395.0,
            ),
            (
                "crisis_instroom",
                "2025-Q1",
                "totaal",
                Some(100.0),
                None,
                100.0,
            ),
            (
                "verblijf_stand",
                "2024",
                "segment_verblijf",
                Some(200.0),
                None,
                200.0,
            ),
            (
                "verblijf_stand",
                "2025",
                "segment_verblijf",
                Some(170.0),
                None,
                170.0,
            ),
            (
                "jeugdhulp_clienten",
                "2024",
                "segment_ambulant",
                Some(1000.0),
                None,
                1000.0,
            ),
            (
                "jeugdhulp_clienten",
                "2025",
                "segment_ambulant",
                Some(990.0),
                None,
                990.0,
            ),
            (
                "vt_hermelding_aandeel",
                "2024",
                "totaal",
                Some(500.0),
                Some(1000.0),
                50.0,
            ),
            (
                "vt_hermelding_aandeel",
                "2027",
                "totaal",
                Some(440.0),
                Some(1000.0),
                44.0,
            ),
            (
                "vt_hermelding_aandeel",
                "2031",
                "totaal",
                Some(450.0),
                Some(1000.0),
                45.0,
            ),
            (
                "vt_hermelding_aandeel",
                "2027",
                "12m",
                Some(100.0),
                Some(1000.0),
                10.0,
            ),
            (
                "wachttijd",
                "2023",
                "segment_ambulant",
                Some(5000.0),
                Some(100.0),
                50.0,
            ),
            (
                "wachttijd",
                "2025",
                "segment_ambulant",
                Some(5000.0),
                Some(100.0),
                50.0,
            ),
        ];
        let streef = [
            ("kosten", "verblijf", 2024, None, Some(-10.0)),
            ("kosten", "wonen", 2024, None, Some(-5.0)),
            ("kosten", "wonen_verblijf", 2024, None, Some(-5.0)),
            ("kosten", "ambulant", 2024, None, Some(-2.5)),
            ("crisis_instroom", "crisis", 2024, None, Some(-2.5)),
            ("wachttijd", "ambulant", 2024, Some(42.0), None),
            ("vt_hermelding_aandeel", "", 2030, Some(38.1), None),
        ];
        let m = vul_aan_regio(&rijen, &[], &streef);
        let get = |a, p, u| m[&sleutel(a, p, u)].clone();
        let status = |a, p, u| get(a, p, u).1;
        // verblijf: path 2025 = 100 M × 0,90 = 90 M; 88 M ≤ 90 M → op koers (gap −2 M).
        dicht(get("kosten", "2025", "segment_verblijf").0, 90.0 * M);
        assert_eq!(
            status("kosten", "2025", "segment_verblijf").as_deref(),
            Some("op koers")
        );
        // The base year is on its own path: 100 M = 100 M → op koers.
        dicht(get("kosten", "2024", "segment_verblijf").0, 100.0 * M);
        // wonen: path 20 M × 0,95 = 19 M; 19,5 M is worse but within 5 % (19,95 M) → aandacht.
        dicht(get("kosten", "2025", "segment_wonen").0, 19.0 * M);
        assert_eq!(
            status("kosten", "2025", "segment_wonen").as_deref(),
            Some("aandacht")
        );
        // ambulant: path 80 M × 0,975 = 78 M; band 3,9 M → 81,9 M < 84 M → afwijkend (+6 M).
        dicht(get("kosten", "2025", "segment_ambulant").0, 78.0 * M);
        assert_eq!(
            status("kosten", "2025", "segment_ambulant").as_deref(),
            Some("afwijkend")
        );
        // wonen + verblijf: path 120 M × 0,95 = 114 M; 107,5 M → op koers (−6,5 M).
        dicht(get("kosten", "2025", "segment_wonen_verblijf").0, 114.0 * M);
        assert_eq!(
            status("kosten", "2025", "segment_wonen_verblijf").as_deref(),
            Some("op koers")
        );
        // Amounts and counts: whole years only; the total has no target.
        assert_eq!(get("kosten", "2025-Q1", "segment_verblijf").0, None);
        assert_eq!(get("kosten", "2025", "totaal").0, None);
        // crisis instroom: path 400 × 0,975 = 390; 395 > 390 but ≤ 390 + 19,5 → aandacht.
        dicht(get("crisis_instroom", "2025", "totaal").0, 390.0);
        assert_eq!(
            status("crisis_instroom", "2025", "totaal").as_deref(),
            Some("aandacht")
        );
        assert_eq!(get("crisis_instroom", "2025-Q1", "totaal").0, None);
        // Volume of the verblijf row: stand 200 × 0,9 = 180; 170 → op koers.
        dicht(get("verblijf_stand", "2025", "segment_verblijf").0, 180.0);
        assert_eq!(
            status("verblijf_stand", "2025", "segment_verblijf").as_deref(),
            Some("op koers")
        );
        // The ambulant target is on costs only (INDICATORS.md): no volume path.
        assert_eq!(
            get("jeugdhulp_clienten", "2025", "segment_ambulant").0,
            None
        );
        assert_eq!(
            status("jeugdhulp_clienten", "2025", "segment_ambulant"),
            None
        );
        // Veilig Thuis: a straight line from our own 50 % in 2024 (the steering period's base
        // year) to 38,1 % in 2030: 2027 = 50 + (38,1 − 50) × 3/6 = 44,05; 44 → op koers.
        dicht(get("vt_hermelding_aandeel", "2024", "totaal").0, 50.0);
        dicht(get("vt_hermelding_aandeel", "2027", "totaal").0, 44.05);
        assert_eq!(
            status("vt_hermelding_aandeel", "2027", "totaal").as_deref(),
            Some("op koers")
        );
        // After 2030 the national value is the norm: 45 % (450 of 1 000, interval about
        // 41,9–48,1 %, without 38,1) > 38,1 + 1,905 → afwijkend.
        dicht(get("vt_hermelding_aandeel", "2031", "totaal").0, 38.1);
        assert_eq!(
            status("vt_hermelding_aandeel", "2031", "totaal").as_deref(),
            Some("afwijkend")
        );
        assert_eq!(get("vt_hermelding_aandeel", "2027", "12m").0, None);
        // wachttijd: a norm of 42 days from 2024 on; none before.
        dicht(get("wachttijd", "2025", "segment_ambulant").0, 42.0);
        assert_eq!(get("wachttijd", "2023", "segment_ambulant").0, None);
    }

    #[test]
    fn landelijk_alleen_bij_dezelfde_periodesoort() {
        let rijen: Vec<Ruw> = vec![
            // 80 of 1 000 = 8 %: its interval (≈ 6,5–9,9 %) excludes 13,9.
            (
                "jeugdhulp_gebruik",
                "2024",
                "totaal",
                Some(80.0),
                Some(1000.0),
                8.0,
            ),
            (
                "jeugdhulp_gebruik",
                "2024-03",
                "totaal",
                Some(80.0),
                Some(1000.0),
                8.0,
            ),
            (
                "jeugdhulp_gebruik",
                "2024-H1",
                "totaal",
                Some(80.0),
                Some(1000.0),
                8.0,
            ),
            (
                "jeugdhulp_gebruik",
                "2024-H2",
                "totaal",
                Some(80.0),
                Some(1000.0),
                8.0,
            ),
            (
                "herhaald_beroep_aandeel",
                "2024-H1",
                "totaal",
                Some(100.0),
                Some(1000.0),
                10.0,
            ),
        ];
        let land = [
            ("jeugdhulp_gebruik", "totaal", "2023", 13.9),
            ("jeugdhulp_gebruik", "totaal", "2023-H1", 9.0),
            ("herhaald_beroep_aandeel", "totaal", "2023-H1", 24.5),
        ];
        let m = vul_aan_regio(&rijen, &land, &[]);
        let get = |a, p| m[&sleutel(a, p, "totaal")].clone();
        // Year with year: comparable, and significant.
        let j = get("jeugdhulp_gebruik", "2024");
        assert_eq!((j.2, j.3, j.4), (Some(13.9), Some(true), Some(true)));
        // A month next to the yearly 13,9 %: context only, never tested.
        let mnd = get("jeugdhulp_gebruik", "2024-03");
        assert_eq!(mnd.3, Some(false));
        assert_eq!(mnd.4, None);
        // H1 with the national H1 (9 %): comparable; 9 lies in 6,5–9,9 → not significant.
        let h1 = get("jeugdhulp_gebruik", "2024-H1");
        assert_eq!((h1.2, h1.3, h1.4), (Some(9.0), Some(true), Some(false)));
        // H2 has no national H2: the newest value up to 2024 as context (the year 2023, which
        // ends with 2023-H2's end and is the longer), not tested.
        let h2 = get("jeugdhulp_gebruik", "2024-H2");
        assert_eq!((h2.2, h2.3, h2.4), (Some(13.9), Some(false), None));
        // CBS herhaald beroep (5 years) against our 12 months: another definition → context.
        let hb = get("herhaald_beroep_aandeel", "2024-H1");
        assert_eq!((hb.2, hb.3, hb.4), (Some(24.5), Some(false), None));
    }

    #[test]
    fn streef_figuren_van_een_rij() {
        let heeft = |a: &str, u: &str| a == "wachttijd" && u == "segment_ambulant";
        let f = |a, s| streef_figuren(a, s, heeft);
        let paar = |a: &str, u: &str| (a.to_string(), u.to_string());
        assert_eq!(
            f("kosten", "verblijf"),
            vec![
                paar("kosten", "segment_verblijf"),
                paar("jeugdhulp_clienten", "segment_verblijf"),
                paar("verblijf_stand", "segment_verblijf"),
                paar("verblijf_instroom", "segment_verblijf"),
            ]
        );
        // INDICATORS.md: ambulant and wonen+verblijf targets are on costs only.
        assert_eq!(
            f("kosten", "ambulant"),
            vec![paar("kosten", "segment_ambulant")]
        );
        assert_eq!(
            f("kosten", "wonen_verblijf"),
            vec![paar("kosten", "segment_wonen_verblijf")]
        );
        assert_eq!(
            f("crisis_instroom", "crisis"),
            vec![paar("crisis_instroom", "totaal")]
        );
        assert_eq!(
            f("wachttijd", "ambulant"),
            vec![paar("wachttijd", "segment_ambulant")]
        );
        assert_eq!(
            f("vt_hermelding_aandeel", ""),
            vec![paar("vt_hermelding_aandeel", "totaal")]
        );
    }

    #[test]
    fn catalogue_parses_and_every_indicator_has_unit_and_direction() {
        let c = Catalogus::standaard();
        assert!(c.indicatoren.len() >= 20);
        for i in &c.indicatoren {
            assert!(
                ["procent", "aantal", "dagen", "euro", "per_100k"].contains(&i.eenheid.as_str()),
                "{}",
                i.id
            );
            assert!(
                ["lager", "hoger", "geen"].contains(&i.richting.as_str()),
                "{}",
                i.id
            );
            assert!(!i.niveaus.is_empty());
        }
    }
}
