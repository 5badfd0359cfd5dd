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
    pub niveaus: Vec<String>,
    pub landelijk: String,
    pub kanttekeningen: String,
    pub keuze: String,
    /// When a value is marked "onvolledige historie" (`historie::onvolledig`), in Dutch.
    #[serde(default)]
    pub historie: String,
    /// The split the overview shows.
    #[serde(default = "totaal")]
    pub hoofd: String,
    /// How the overview names that split when it is not the total.
    #[serde(default)]
    pub hoofd_label: String,
    /// A percentage that is a part of a whole (gets a Wilson interval); growth is not.
    #[serde(default = "ja")]
    pub proportie: bool,
}

fn totaal() -> String {
    "totaal".into()
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

/// The output contract's columns, in order.
pub const UITVOER: [&str; 21] = [
    "indicator",
    "periode",
    "niveau",
    "code",
    "naam",
    "uitsplitsing",
    "teller",
    "noemer",
    "waarde",
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

/// All indicators of the catalogue, completed, unsuppressed.
pub fn bereken(t: &Releasetabellen, regio: &Regio) -> PolarsResult<DataFrame> {
    let ps = perioden_van(t);
    let b = bronnen(t);
    if ps.is_empty() {
        return leeg();
    }
    // One plan after another: each is collected before the next is built, so only one
    // plan's intermediates (the per-period explosions) are in memory at a time and Polars
    // gives each plan both cores. Side by side in one `concat` took 1,5× as long at Twente
    // scale (BENCHMARKS.md). `RUST_LOG=pipeline=debug` shows the time per plan.
    let plannen: [(&str, &dyn Fn() -> PolarsResult<LazyFrame>); 12] = [
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
        ("kosten", &|| definities::kosten(&b, &ps)),
        ("veilig_thuis", &|| definities::veilig_thuis(&b, &ps)),
    ];
    let Some(mut ruw) = onder_elkaar(plannen.into_iter().map(|(naam, plan)| {
        let begin = std::time::Instant::now();
        let df = plan()?.collect()?;
        tracing::debug!(plan = naam, rijen = df.height(), duur = ?begin.elapsed(), "indicatorplan");
        Ok(df)
    }))?
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
            "teller" | "noemer" | "waarde" | "ci_laag" | "ci_hoog" | "landelijk"
            | "streefwaarde" => DataType::Float64,
            "onderdrukt" | "voorlopig" | "significant" | "historie_onvolledig" => DataType::Boolean,
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

struct Streef {
    segment: String,
    basisjaar: i32,
    basiswaarde: Option<f64>,
    verandering: Option<f64>,
}

/// Which `uitsplitsing` of an indicator a target for `segment` is about.
fn streef_uitsplitsing(indicator: &str, segment: &str) -> String {
    match (indicator, segment) {
        (_, "") => "totaal".into(),
        ("kosten" | "wachttijd" | "trajectduur", s) => format!("segment_{s}"),
        _ => "totaal".into(),
    }
}

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

    // National values per indicator and uitsplitsing, newest period last.
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
            v.sort_by_key(|l| l.periode);
        }
    }
    let mut streef: HashMap<(String, String), Streef> = HashMap::new();
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
            if let (Some(a), Some(j)) = (&si[i], sj[i]) {
                let seg = ss[i].clone().unwrap_or_default();
                let niveau = sn[i].clone().unwrap_or_else(|| "regio".into());
                streef.insert(
                    (a.clone(), niveau),
                    Streef {
                        segment: seg,
                        basisjaar: j as i32,
                        basiswaarde: sb[i],
                        verandering: sv[i],
                    },
                );
            }
        }
    }
    // Base values we compute ourselves when a target gives only a yearly change. Targets
    // speak of the region only (see the status below), so only those rows are kept: a map
    // of every row cost a fifth of the whole ingest (benchmarks, perf).
    let zonder_basis: std::collections::HashSet<&str> = streef
        .iter()
        .filter(|((_, n), s)| n == "regio" && s.basiswaarde.is_none())
        .map(|((a, _), _)| a.as_str())
        .collect();
    let mut eigen: HashMap<(&str, &str, &str, &str, &str), f64> = HashMap::new();
    for i in 0..ruw.height() {
        if let (Some(a), Some(p), Some(n), Some(c), Some(u), Some(w)) =
            (ind[i], per[i], niv[i], code[i], uit[i], waarde[i])
            && n == "regio"
            && zonder_basis.contains(a)
        {
            eigen.insert((a, p, n, c, u), w);
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
    let mut c_streef = Vec::with_capacity(n);
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
        // National: the same period, else the newest earlier one (its period is shown).
        let l = p.and_then(|p| {
            landelijk.get(a).and_then(|m| m.get(u)).and_then(|v| {
                v.iter()
                    .rev()
                    .find(|l| l.periode == p)
                    .or_else(|| v.iter().rev().find(|l| l.periode.jaar() <= p.jaar()))
            })
        });
        c_land.push(l.map(|l| l.waarde));
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
            statistiek::significant(ci, l.map(|l| l.waarde))
        });
        // Target path: only where the target speaks of this level and split.
        // Targets speak of the region only: other rows need no lookup.
        let s = (nv == "regio")
            .then(|| streef.get(&(a.to_string(), nv.to_string())))
            .flatten()
            .filter(|s| {
                streef_uitsplitsing(a, &s.segment) == u
                    && (eenheid != "aantal" && eenheid != "euro"
                        || p.is_some_and(|p| p.soort() == model::PeriodeSoort::Jaar))
            });
        let doel = match (s, p) {
            (Some(s), Some(p)) if p.jaar() >= s.basisjaar => {
                let basis = s.basiswaarde.or_else(|| {
                    let jaar = s.basisjaar.to_string();
                    eigen.get(&(a, jaar.as_str(), nv, c, u)).copied()
                });
                basis.map(|b| {
                    statistiek::streefpad(b, s.verandering.unwrap_or(0.0), s.basisjaar, p.jaar())
                })
            }
            // A fixed target value (no yearly change) also holds before its year.
            (Some(s), Some(_)) if s.verandering.is_none() => s.basiswaarde,
            _ => None,
        };
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
    df.select(UITVOER)
}

#[cfg(test)]
mod tests {
    use super::*;

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
