//! The pages. Each page is built from a release's stored results by a function that also
//! returns its tables, so the download of a table is the same data the page shows.

use askama::Template;
use askama_web::WebTemplate;
use model::{PeriodeSoort, getal};
use pipeline::indicatoren::bereken::IndicatorDef;
use pipeline::indicatoren::onderdrukking::relaties;
use pipeline::indicatoren::uitvoer::Waarde;

use crate::filters::{Filters, Formulier, Keuze};
use crate::staat::{Reeks, Releasedata, Staat};
use crate::tabel::{Cel, Kolom, Soort, Tabel, kolom, tekst};
use pipeline::indicatoren::statistiek::Status;
use pipeline::indicatoren::{Niveau, Uitsplitsing};

/// How many periods a trend shows, per soort.
pub fn trendlengte(soort: PeriodeSoort) -> usize {
    match soort {
        PeriodeSoort::Jaar => 10,
        PeriodeSoort::Halfjaar => 12,
        PeriodeSoort::Kwartaal => 16,
        PeriodeSoort::Maand => 24,
    }
}

/// The header every page shares.
pub struct Kop {
    pub regio: String,
    pub release: String,
    pub release_datum: String,
    pub laatste_levering: String,
    pub drempel: u32,
    /// Keeps the filters on the menu links.
    pub query: String,
    /// Which menu item is current.
    pub actief: &'static str,
    /// Shown when the page shows an older release.
    pub oude_release: bool,
    /// The filters of the page in words, stated in the header of a printed page.
    pub filters: String,
}

pub fn kop(s: &Staat, r: &Releasedata, k: &Keuze, actief: &'static str) -> Kop {
    Kop {
        regio: s.regio.naam.clone(),
        release: r.manifest.id.clone(),
        release_datum: r.manifest.aangemaakt.chars().take(10).collect(),
        laatste_levering: r.manifest.laatste_aanlevering.clone().unwrap_or_default(),
        drempel: s.regio.onderdrukkingsdrempel,
        query: k.query_met(&[("uitsplitsing", "")]),
        actief,
        oude_release: !k.nieuwste,
        filters: filtertekst(k),
    }
}

/// The page's filters in words ("Enschede · 2024 · segment verblijf · release r0003"), for
/// the header of a printed page.
pub fn filtertekst(k: &Keuze) -> String {
    let mut delen = vec![k.gemeente_naam.clone(), k.periode_label()];
    if let Some(s) = k.segment {
        delen.push(format!("segment {}", s.naam().to_lowercase()));
    }
    delen.push(format!("release {}", k.release));
    delen.retain(|d| !d.trim().is_empty());
    delen.join(" · ")
}

/// The header of a page while the data folder holds no release yet (`release` empty: the
/// header says "nog geen release").
pub fn kop_zonder_release(s: &Staat, actief: &'static str) -> Kop {
    Kop {
        regio: s.regio.naam.clone(),
        release: String::new(),
        release_datum: String::new(),
        laatste_levering: String::new(),
        drempel: s.regio.onderdrukkingsdrempel,
        query: String::new(),
        actief,
        oude_release: false,
        filters: String::new(),
    }
}

/// A table as the template shows it, with its download links.
pub struct TabelWeergave {
    pub id: String,
    pub titel: String,
    pub koppen: Vec<String>,
    pub getal: Vec<bool>,
    pub rijen: Vec<Vec<String>>,
    pub rijkoppen: bool,
    pub downloads: Vec<(String, String)>,
}

pub const FORMATEN: [(&str, &str); 5] = [
    ("csv", "CSV"),
    ("xlsx", "Excel"),
    ("parquet", "Parquet"),
    ("arrow", "Arrow"),
    ("json", "JSON"),
];

pub fn weergave(t: &Tabel, k: &Keuze, extra: &[(&str, &str)]) -> TabelWeergave {
    let q = k.query_met(extra);
    TabelWeergave {
        id: t.id.clone(),
        titel: t.titel.clone(),
        koppen: t.kolommen.iter().map(|k| k.label.clone()).collect(),
        getal: (0..t.kolommen.len()).map(|i| t.is_getal(i)).collect(),
        rijen: t
            .weergave()
            .into_iter()
            .map(|r| r.into_iter().map(|(s, _)| s).collect())
            .collect(),
        rijkoppen: t.rijkoppen,
        downloads: FORMATEN
            .iter()
            .map(|(ext, naam)| (naam.to_string(), format!("/download/{}.{ext}{q}", t.id)))
            .collect(),
    }
}

/// Status as icon plus word plus colour class (never colour alone).
pub fn status(w: Option<&Waarde>) -> (&'static str, &'static str) {
    match w.and_then(|w| w.status) {
        Some(Status::OpKoers) => ("✓ op koers", "op-koers"),
        Some(Status::Aandacht) => ("! aandacht", "aandacht"),
        Some(Status::Afwijkend) => ("✗ afwijkend", "afwijkend"),
        None => ("", ""),
    }
}

/// The status word of a value for a table cell ("op koers"), or empty.
pub fn statustekst(w: Option<&Waarde>) -> String {
    w.and_then(|w| w.status)
        .map(|s| s.id().to_string())
        .unwrap_or_default()
}

/// The unit of an indicator as a static name (for table columns).
pub fn eenheid(e: &str) -> &'static str {
    match e {
        "procent" => "procent",
        "dagen" => "dagen",
        "euro" => "euro",
        "per_100k" => "per_100k",
        _ => "aantal",
    }
}

/// The value as a reader sees it: the number, or why there is none.
pub fn waardetekst(d: &IndicatorDef, w: Option<&Waarde>, drempel: u32) -> String {
    match w {
        // Growth exists only where every month of both periods has declarations (catalogue).
        None if d.id == "kosten_groei" => "niet te berekenen (declaraties onvolledig)".into(),
        None => "geen gegevens".into(),
        Some(w) if w.onderdrukt => format!("niet getoond (< {drempel})"),
        Some(w) => getal::met_eenheid(w.waarde, &d.eenheid),
    }
}

pub fn intervaltekst(d: &IndicatorDef, w: Option<&Waarde>) -> String {
    match w.and_then(|w| w.ci_laag.zip(w.ci_hoog)) {
        Some((lo, hi)) => format!(
            "{} – {}",
            getal::nl(lo, 1),
            getal::met_eenheid(Some(hi), &d.eenheid)
        ),
        None => String::new(),
    }
}

/// The period of a national value as a reader needs it: "2023, jaarcijfer".
pub fn landelijke_periode(p: &str) -> String {
    match model::Periode::parse(p) {
        Ok(x) => format!(
            "{}, {}",
            x.label(),
            match x.soort() {
                model::PeriodeSoort::Jaar => "jaarcijfer",
                model::PeriodeSoort::Halfjaar => "halfjaarcijfer",
                model::PeriodeSoort::Kwartaal => "kwartaalcijfer",
                model::PeriodeSoort::Maand => "maandcijfer",
            }
        ),
        Err(_) => p.to_string(),
    }
}

/// The national value with its period ("13,9% (landelijk 2023, jaarcijfer)"); a value of
/// another period kind or definition says it is context only (it is not compared).
pub fn landelijktekst(d: &IndicatorDef, w: Option<&Waarde>) -> String {
    let Some(w) = w else { return String::new() };
    let Some(l) = w.landelijk else {
        return String::new();
    };
    format!(
        "{} (landelijk {}{})",
        getal::met_eenheid(Some(l), &d.eenheid),
        landelijke_periode(w.landelijk_periode.as_deref().unwrap_or_default()),
        if w.landelijk_vergelijkbaar {
            ""
        } else {
            "; alleen context, niet vergelijkbaar"
        }
    )
}

/// A revised national value as one sentence: "Landelijke waarde 2023, jaarcijfer (totaal)
/// herzien in release r0002: 13,9% (nader voorlopig) → 14,2% (definitief); bron CBS StatLine
/// 85098NED (…)."
pub fn herzieningstekst(d: &IndicatorDef, h: &pipeline::kwaliteit::Herziening) -> String {
    let e = eenheid(&d.eenheid);
    format!(
        "Landelijke waarde {} ({}) herzien in release {}: {} ({}) → {} ({}); bron {}.",
        landelijke_periode(&h.periode),
        splitsingnaam(&h.uitsplitsing).to_lowercase(),
        h.release,
        getal::met_eenheid(h.oude_waarde, e),
        h.oude_status,
        getal::met_eenheid(h.nieuwe_waarde, e),
        h.nieuwe_status,
        h.nieuwe_bron
    )
}

/// The target path with, for an amount, the gap to it in euros: "€ 90.000.000 (€ 2.000.000
/// onder het pad)".
pub fn streeftekst(d: &IndicatorDef, w: Option<&Waarde>) -> String {
    let Some(st) = w.and_then(|w| w.streefwaarde) else {
        return String::new();
    };
    let pad = getal::met_eenheid(Some(st), &d.eenheid);
    match w.and_then(|w| w.streef_verschil()) {
        Some(v) => format!(
            "{pad} ({} {} het pad)",
            getal::met_eenheid(Some(v.abs()), "euro"),
            if v > 0.0 { "boven" } else { "onder" }
        ),
        None => pad,
    }
}

/// Which split of an indicator to show for a segment choice: the segment's own split when
/// the indicator has one, else its main split. The bool tells whether the segment applied.
pub fn splitsing_voor(r: &Releasedata, d: &IndicatorDef, k: &Keuze) -> (Uitsplitsing, bool) {
    if let Some(seg) = k.segment {
        let s = Uitsplitsing::segment(seg.id());
        if r.uitsplitsingen(&d.id, Niveau::Regio).contains(&s) {
            return (s, true);
        }
    }
    (d.hoofd.clone(), false)
}

/// The splits an area's overview shows for one indicator: the chosen one, then every other
/// split that has a target path in the chosen period (the segment targets of costs and
/// volume), so that every target of the steering is on the overview.
pub fn overzicht_splitsingen(
    r: &Releasedata,
    d: &IndicatorDef,
    k: &Keuze,
) -> Vec<(Uitsplitsing, bool)> {
    let (u, seg) = splitsing_voor(r, d, k);
    let (niveau, code) = k.gebied();
    let mut uit = vec![(u.clone(), seg)];
    if let Some(p) = k.periode {
        for x in r.uitsplitsingen(&d.id, niveau) {
            if x != u
                && r.waarde(Reeks::nieuw(&d.id, niveau, &code, &x), p)
                    .is_some_and(|w| w.streefwaarde.is_some())
            {
                uit.push((x, true));
            }
        }
    }
    uit
}

/// A Dutch name for a split id.
pub fn splitsingnaam(u: &str) -> String {
    if u == "totaal" {
        return "Totaal".into();
    }
    if u == "segment_wonen_verblijf" {
        return "Segment wonen en verblijf samen".into();
    }
    if let Some(s) = u.strip_prefix("segment_") {
        return format!("Segment {s}");
    }
    if let Some(h) = u.strip_prefix("hulpvorm_") {
        let naam = model::Hulpvorm::parse(h)
            .map(|x| x.naam().to_string())
            .unwrap_or_default();
        return format!("Hulpvorm {h} {naam}").trim().to_string();
    }
    if let Some(v) = u.strip_prefix("verwijzer_") {
        let naam = model::Verwijzer::parse(v)
            .map(|x| x.naam().to_string())
            .unwrap_or_default();
        return format!("Verwijzer {v} {naam}").trim().to_string();
    }
    match u {
        "met_verblijf" => "Met verblijf".into(),
        "zonder_verblijf" => "Zonder verblijf".into(),
        "mediaan" => "Mediaan".into(),
        "p90" => "90e percentiel".into(),
        "gemeente_gi" => "Via gemeente of GI".into(),
        "huisarts" => "Via huisarts, jeugdarts of medisch specialist".into(),
        "verblijf_gemeente_gi" => "Verblijf via gemeente of GI".into(),
        "onbekend" => "Verwijzer onbekend".into(),
        "naar_ambulant" => "Naar ambulante hulp".into(),
        "zonder_vervolg" => "Zonder vervolg".into(),
        "ots" => "Ondertoezichtstelling".into(),
        "voogdij" => "Voogdij".into(),
        "cbs_basis" => "CBS-basis".into(),
        "12m" => "Binnen 12 maanden".into(),
        x => x.replace('_', " "),
    }
}

fn waardekolommen(e: &'static str) -> Vec<Kolom> {
    vec![
        kolom("waarde", "Waarde", Soort::Getal(e)),
        kolom("ci_laag", "Ondergrens 95%", Soort::Getal(e)),
        kolom("ci_hoog", "Bovengrens 95%", Soort::Getal(e)),
        kolom("teller", "Teller", Soort::Telling),
        kolom("noemer", "Noemer", Soort::Telling),
        kolom("landelijk", "Landelijk", Soort::Getal(e)),
        kolom("landelijk_periode", "Landelijk: periode", Soort::Tekst),
        kolom("landelijk_bron", "Landelijk: bron", Soort::Tekst),
        kolom(
            "landelijk_vergelijkbaar",
            "Landelijk: vergelijkbaar (zelfde periodesoort en definitie)",
            Soort::JaNee,
        ),
        kolom("streefwaarde", "Streefwaarde", Soort::Getal(e)),
        kolom(
            "streef_verschil",
            "Verschil met streefpad (euro)",
            Soort::Getal("euro"),
        ),
        kolom("status", "Status", Soort::Tekst),
        kolom("voorlopig", "Voorlopig", Soort::JaNee),
        kolom("historie_onvolledig", "Onvolledige historie", Soort::JaNee),
        kolom("onderdrukt", "Niet getoond (klein aantal)", Soort::JaNee),
    ]
}

fn waardecellen(w: Option<&Waarde>) -> Vec<Cel> {
    let g = |f: fn(&Waarde) -> Option<f64>| Cel::Getal(w.and_then(f));
    vec![
        g(|w| w.waarde),
        g(|w| w.ci_laag),
        g(|w| w.ci_hoog),
        g(|w| w.teller),
        g(|w| w.noemer),
        g(|w| w.landelijk),
        tekst(
            w.and_then(|w| w.landelijk_periode.clone())
                .unwrap_or_default(),
        ),
        tekst(w.and_then(|w| w.landelijk_bron.clone()).unwrap_or_default()),
        Cel::JaNee(w.and_then(|w| w.landelijk.map(|_| w.landelijk_vergelijkbaar))),
        g(|w| w.streefwaarde),
        g(|w| w.streef_verschil()),
        tekst(statustekst(w)),
        Cel::JaNee(w.map(|w| w.voorlopig)),
        Cel::JaNee(w.map(|w| w.historie_onvolledig)),
        Cel::JaNee(w.map(|w| w.onderdrukt)),
    ]
}

// ---------------------------------------------------------------- Overzicht

pub struct OverzichtRij {
    pub id: String,
    pub naam: String,
    pub link: String,
    pub waarde: String,
    pub interval: String,
    pub landelijk: String,
    pub streef: String,
    pub status: String,
    pub status_klasse: String,
    pub voorlopig: bool,
    /// Biased by the start of the data window (`historie_onvolledig`).
    pub historie: bool,
    pub sparkline: String,
    pub opmerking: String,
    /// The newest duiding for this figure (filled in by the handler from the store).
    pub duiding: String,
    /// A signal on this figure in the shown area (`/signalen`), as its sentence.
    pub signaal: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "overzicht.html")]
pub struct Overzicht {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub rijen: Vec<OverzichtRij>,
    pub tabel: TabelWeergave,
    /// How many signals (`/signalen`) this user may see in the release.
    pub signalen: usize,
}

pub fn overzicht_tabel(s: &Staat, r: &Releasedata, k: &Keuze) -> Tabel {
    let (niveau, code) = k.gebied();
    let mut kol = vec![
        kolom("indicator", "Indicator", Soort::Tekst),
        kolom("uitsplitsing", "Uitsplitsing", Soort::Tekst),
        kolom("gebied", "Gebied", Soort::Tekst),
        kolom("periode", "Periode", Soort::Tekst),
        kolom("eenheid", "Eenheid", Soort::Tekst),
    ];
    kol.extend(waardekolommen(""));
    let mut t = Tabel::nieuw(
        "overzicht",
        &format!(
            "Alle indicatoren voor {}, {}",
            k.gemeente_naam,
            k.periode_label()
        ),
        kol,
    );
    for d in s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.contains(&niveau))
    {
        for (u, _) in overzicht_splitsingen(r, d, k) {
            let w = k
                .periode
                .and_then(|p| r.waarde(Reeks::nieuw(&d.id, niveau, &code, &u), p));
            let mut rij = vec![
                tekst(d.naam.clone()),
                tekst(splitsingnaam(&u)),
                tekst(k.gemeente_naam.clone()),
                tekst(k.periode_id()),
                tekst(d.eenheid.clone()),
            ];
            rij.extend(waardecellen(w));
            t.rijen.push(rij);
        }
    }
    t
}

pub fn overzicht(s: &Staat, r: &Releasedata, f: &Filters) -> Overzicht {
    let k = Keuze::maak(s, r, f);
    let (niveau, code) = k.gebied();
    let drempel = s.regio.onderdrukkingsdrempel;
    let rijen = s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.contains(&niveau))
        .flat_map(|d| {
            overzicht_splitsingen(r, d, &k)
                .into_iter()
                .enumerate()
                .map(move |(i, (u, seg))| (d, u, seg, i == 0))
        })
        .map(|(d, u, seg, hoofdrij)| {
            let w = k
                .periode
                .and_then(|p| r.waarde(Reeks::nieuw(&d.id, niveau, &code, &u), p));
            let reeks = r.reeks(
                Reeks::nieuw(&d.id, niveau, &code, &u),
                k.soort,
                k.periode,
                8,
            );
            let punten: Vec<Option<f64>> = reeks
                .iter()
                .map(|(_, w)| w.and_then(|w| w.waarde))
                .collect();
            let eerste = reeks.first().map(|(p, _)| p.label()).unwrap_or_default();
            let (st, kl) = status(w);
            let naam = if u != "totaal" {
                format!("{} ({})", d.naam, splitsingnaam(&u).to_lowercase())
            } else {
                d.naam.clone()
            };
            OverzichtRij {
                id: if hoofdrij {
                    d.id.clone()
                } else {
                    format!("{}-{u}", d.id)
                },
                sparkline: charts::sparkline(
                    &format!("Verloop {} sinds {eerste}", naam.to_lowercase()),
                    &punten,
                ),
                link: format!(
                    "/indicator/{}{}",
                    d.id,
                    k.query_met(&[("uitsplitsing", &u)])
                ),
                naam,
                waarde: waardetekst(d, w, drempel),
                interval: intervaltekst(d, w),
                landelijk: landelijktekst(d, w),
                streef: streeftekst(d, w),
                status: st.into(),
                status_klasse: kl.into(),
                voorlopig: w.is_some_and(|w| w.voorlopig),
                historie: w.is_some_and(|w| w.historie_onvolledig),
                duiding: String::new(),
                signaal: r
                    .signalen()
                    .find(|x| {
                        x.indicator == d.id
                            && x.niveau == niveau
                            && x.code == code
                            && x.uitsplitsing.as_str() == u.as_str()
                    })
                    .map(|x| crate::signalen::zin(s, x))
                    .unwrap_or_default(),
                opmerking: if k.segment.is_some() && !seg {
                    "geen uitsplitsing naar segment".into()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let tabel = weergave(&overzicht_tabel(s, r, &k), &k, &[]);
    Overzicht {
        kop: kop(s, r, &k, "overzicht"),
        formulier: Formulier::maak(s, r, &k),
        actie: "/".into(),
        k,
        rijen,
        tabel,
        signalen: r.signalen().count(),
    }
}

// ---------------------------------------------------------------- Indicator

#[derive(Template, WebTemplate)]
#[template(path = "indicator.html")]
pub struct IndicatorPagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub d: IndicatorDef,
    pub uitsplitsingen: Vec<(String, String, bool)>,
    pub trend_svg: String,
    pub trend: TabelWeergave,
    pub staven_svg: String,
    pub gemeenten: Option<TabelWeergave>,
    /// The choropleth of the per-gemeente table (`kaart`), when the region has a map.
    pub kaart_svg: Option<String>,
    pub richting: String,
    /// The periods of the trend whose value has an incomplete history ("2021, 2022"), or empty.
    pub historie: String,
    /// Duidingen of this indicator for the chosen area (any period or release), newest first.
    pub duidingen: Vec<crate::pdca::DuidingWeergave>,
    /// Its national values that were revised (old → new), one sentence each, newest first.
    pub herzieningen: Vec<String>,
}

/// The chosen split: asked for and stored, else the segment's, else the main one.
fn gekozen_splitsing(r: &Releasedata, d: &IndicatorDef, k: &Keuze, f: &Filters) -> Uitsplitsing {
    let alle = r.uitsplitsingen(&d.id, Niveau::Regio);
    f.uitsplitsing
        .as_deref()
        .map(Uitsplitsing::from)
        .filter(|u| alle.contains(u))
        .unwrap_or_else(|| splitsing_voor(r, d, k).0)
}

pub fn trend_tabel(r: &Releasedata, d: &IndicatorDef, k: &Keuze, u: &Uitsplitsing) -> Tabel {
    let (niveau, code) = k.gebied();
    let e = eenheid(&d.eenheid);
    let mut kol = vec![kolom("periode", "Periode", Soort::Tekst)];
    kol.extend(waardekolommen(e));
    // The nowcast of the provisional months (a forecast, in columns of its own, marked as
    // such): monthly, for the total, of the figures it exists for.
    let prognose = pipeline::indicatoren::nowcast::Grootheid::ALLE
        .into_iter()
        .find_map(|g| Some((g, g.kolom_van(&d.id)?)))
        .filter(|_| u.is_totaal() && k.soort == PeriodeSoort::Maand);
    if let Some((_, noemer)) = prognose {
        let (wat, pe) = if noemer {
            ("gestarte trajecten (noemer) ", "decimaal")
        } else {
            ("", e)
        };
        kol.push(kolom(
            "prognose",
            &format!("Prognose: {wat}na aanvulling (nowcast)"),
            Soort::Getal(pe),
        ));
        kol.push(kolom(
            "prognose_laag",
            "Prognose: ondergrens 80%",
            Soort::Getal(pe),
        ));
        kol.push(kolom(
            "prognose_hoog",
            "Prognose: bovengrens 80%",
            Soort::Getal(pe),
        ));
    }
    let mut t = Tabel::nieuw(
        &format!("trend-{}", d.id),
        &format!(
            "{} ({}), {}, per {}",
            d.naam,
            splitsingnaam(u).to_lowercase(),
            k.gemeente_naam,
            k.soort.naam().to_lowercase()
        ),
        kol,
    );
    for (p, w) in r.reeks(
        Reeks::nieuw(&d.id, niveau, &code, u),
        k.soort,
        k.periode,
        trendlengte(k.soort),
    ) {
        let mut rij = vec![tekst(p.label())];
        rij.extend(waardecellen(w));
        if let Some((g, _)) = prognose {
            // The quantity's forecast for this month, on a row whose own value is published.
            let n = w
                .filter(|w| !w.onderdrukt)
                .and_then(|_| crate::vooruitblik::bij_waarde(r, g, niveau, &code, &p.to_string()));
            rij.push(Cel::Getal(n.map(|n| n.verwacht)));
            rij.push(Cel::Getal(n.map(|n| n.ondergrens)));
            rij.push(Cel::Getal(n.map(|n| n.bovengrens)));
        }
        t.rijen.push(rij);
    }
    t
}

pub fn gemeenten_tabel(
    s: &Staat,
    r: &Releasedata,
    d: &IndicatorDef,
    k: &Keuze,
    u: &Uitsplitsing,
) -> Option<Tabel> {
    if !d.niveaus.contains(&Niveau::Gemeente) {
        return None;
    }
    let e = eenheid(&d.eenheid);
    let mut kol = vec![kolom("gemeente", "Gemeente", Soort::Tekst)];
    kol.extend(waardekolommen(e));
    let mut t = Tabel::nieuw(
        &format!("gemeenten-{}", d.id),
        &format!(
            "{} ({}) per gemeente, {}",
            d.naam,
            splitsingnaam(u).to_lowercase(),
            k.periode_label()
        ),
        kol,
    );
    let p = k.periode?;
    let mut regio = vec![tekst(format!("Hele regio {}", s.regio.naam))];
    regio.extend(waardecellen(
        r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", u), p),
    ));
    for g in &s.regio.gemeenten {
        let mut rij = vec![tekst(g.naam.clone())];
        rij.extend(waardecellen(r.waarde(
            Reeks::nieuw(&d.id, Niveau::Gemeente, &g.code.to_string(), u),
            p,
        )));
        t.rijen.push(rij);
    }
    t.rijen.push(regio);
    Some(t)
}

fn getallen(t: &Tabel, id: &str) -> Vec<Option<f64>> {
    let i = t.kolommen.iter().position(|k| k.id == id).expect("kolom");
    t.rijen
        .iter()
        .map(|r| match r[i] {
            Cel::Getal(x) => x,
            _ => None,
        })
        .collect()
}

/// The national values of a table that may be drawn as a comparison line: only those of the
/// same period kind and definition (the others are context, in the table only).
fn vergelijkbaar_landelijk(t: &Tabel) -> Vec<Option<f64>> {
    let i = t
        .kolommen
        .iter()
        .position(|k| k.id == "landelijk_vergelijkbaar")
        .expect("kolom");
    getallen(t, "landelijk")
        .into_iter()
        .zip(&t.rijen)
        .map(|(l, r)| l.filter(|_| matches!(r[i], Cel::JaNee(Some(true)))))
        .collect()
}

/// A trend chart's series from stored values (the session agenda and the jaarrapport): the
/// value, its interval, the national value only where it is comparable (others are context,
/// in the text) and the target path. Title, unit, name and id are the caller's.
pub fn trendreeksen(reeks: &[(model::Periode, Option<&Waarde>)]) -> charts::Trend {
    charts::Trend {
        perioden: reeks.iter().map(|(p, _)| p.label()).collect(),
        waarde: reeks
            .iter()
            .map(|(_, w)| w.and_then(|w| w.waarde))
            .collect(),
        ci: reeks
            .iter()
            .map(|(_, w)| w.and_then(|w| w.ci_laag.zip(w.ci_hoog)))
            .collect(),
        landelijk: reeks
            .iter()
            .map(|(_, w)| {
                w.filter(|w| w.landelijk_vergelijkbaar)
                    .and_then(|w| w.landelijk)
            })
            .collect(),
        streef: reeks
            .iter()
            .map(|(_, w)| w.and_then(|w| w.streefwaarde))
            .collect(),
        ..Default::default()
    }
}

#[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
pub fn indicator(s: &Staat, r: &Releasedata, d: &IndicatorDef, f: &Filters) -> IndicatorPagina {
    let k = Keuze::maak(s, r, f);
    let u = gekozen_splitsing(r, d, &k, f);
    let trend = trend_tabel(r, d, &k, &u);
    let laag = getallen(&trend, "ci_laag");
    let hoog = getallen(&trend, "ci_hoog");
    let trend_svg = charts::trend(&charts::Trend {
        titel: trend.titel.clone(),
        omschrijving: String::new(),
        eenheid: d.eenheid.clone(),
        perioden: trend
            .rijen
            .iter()
            .map(|r| match &r[0] {
                Cel::Tekst(t) => t.clone(),
                _ => String::new(),
            })
            .collect(),
        waarde: getallen(&trend, "waarde"),
        ci: laag.iter().zip(&hoog).map(|(a, b)| a.zip(*b)).collect(),
        landelijk: vergelijkbaar_landelijk(&trend),
        streef: getallen(&trend, "streefwaarde"),
        reeksnaam: k.gemeente_naam.clone(),
        id: format!("trend-{}", d.id),
    });
    let gem = gemeenten_tabel(s, r, d, &k, &u);
    let staven_svg = gem
        .as_ref()
        .map(|t| {
            let w = getallen(t, "waarde");
            let lo = getallen(t, "ci_laag");
            let hi = getallen(t, "ci_hoog");
            let n = t.rijen.len();
            // An amount or a count of the region is the sum of its gemeenten: no yardstick
            // for one gemeente (the line would only stretch the axis).
            let optelbaar = matches!(d.eenheid.as_str(), "euro" | "aantal");
            let regio = w.last().copied().flatten().filter(|_| !optelbaar);
            let landelijk = vergelijkbaar_landelijk(t)
                .last()
                .copied()
                .flatten()
                .filter(|_| !optelbaar);
            charts::staven(&charts::Staven {
                titel: t.titel.clone(),
                omschrijving: String::new(),
                eenheid: d.eenheid.clone(),
                staven: (0..n - 1)
                    .map(|i| charts::Staaf {
                        label: match &t.rijen[i][0] {
                            Cel::Tekst(x) => x.clone(),
                            _ => String::new(),
                        },
                        waarde: w[i],
                        ci: lo[i].zip(hi[i]),
                        nadruk: k.gemeente.is_some()
                            && matches!(&t.rijen[i][0], Cel::Tekst(x) if *x == k.gemeente_naam),
                    })
                    .collect(),
                landelijk,
                regio,
                regio_naam: s.regio.naam.clone(),
                id: format!("staven-{}", d.id),
            })
        })
        .unwrap_or_default();
    let uitsplitsingen = r
        .uitsplitsingen(&d.id, Niveau::Regio)
        .into_iter()
        .map(|x| (splitsingnaam(&x), x.to_string(), x == u))
        .collect();
    let extra = [("uitsplitsing", u.as_str())];
    let hk = trend
        .kolommen
        .iter()
        .position(|c| c.id == "historie_onvolledig")
        .expect("kolom");
    let historie = trend
        .rijen
        .iter()
        .filter(|r| matches!(r[hk], Cel::JaNee(Some(true))))
        .filter_map(|r| match &r[0] {
            Cel::Tekst(t) => Some(t.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ");
    let kaart_svg = gem.as_ref().and_then(|t| {
        super::kaart::kaart_svg(s, t, &d.eenheid, &k, |code| {
            format!(
                "/indicator/{}{}",
                d.id,
                k.query_met(&[("gemeente", code), ("uitsplitsing", u.as_str())])
            )
        })
    });
    IndicatorPagina {
        kaart_svg,
        historie,
        kop: kop(s, r, &k, "indicator"),
        formulier: Formulier::maak(s, r, &k),
        actie: format!("/indicator/{}", d.id),
        trend: weergave(&trend, &k, &extra),
        gemeenten: gem.as_ref().map(|t| weergave(t, &k, &extra)),
        trend_svg,
        staven_svg,
        uitsplitsingen,
        duidingen: Vec::new(),
        herzieningen: r
            .herzieningen
            .iter()
            .rev()
            .filter(|h| h.indicator == d.id)
            .map(|h| herzieningstekst(d, h))
            .collect(),
        richting: match d.richting.as_str() {
            "lager" => "lager is beter",
            "hoger" => "hoger is beter",
            _ => "geen voorkeursrichting",
        }
        .into(),
        d: d.clone(),
        k,
    }
}

// ---------------------------------------------------------------- Gemeente

#[derive(Template, WebTemplate)]
#[template(path = "gemeente.html")]
pub struct GemeentePagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub keuzes: Vec<(String, String)>,
    pub tabel: Option<TabelWeergave>,
    pub rijen: Vec<GemeenteRij>,
    /// The map of the headline indicator per gemeente (`kaart`) and the table beside it.
    pub kaart: Option<(String, String, TabelWeergave)>,
}

pub struct GemeenteRij {
    pub naam: String,
    pub link: String,
    pub gemeente: String,
    pub regio: String,
    pub landelijk: String,
    pub status: String,
    pub status_klasse: String,
    pub sparkline: String,
}

pub fn gemeente_tabel(s: &Staat, r: &Releasedata, k: &Keuze) -> Option<Tabel> {
    let code = k.gemeente.clone()?;
    let mut t = Tabel::nieuw(
        &format!("gemeente-{code}"),
        &format!(
            "{} tegenover {} en Nederland, {}",
            k.gemeente_naam,
            s.regio.naam,
            k.periode_label()
        ),
        vec![
            kolom("indicator", "Indicator", Soort::Tekst),
            kolom("uitsplitsing", "Uitsplitsing", Soort::Tekst),
            kolom("eenheid", "Eenheid", Soort::Tekst),
            kolom("gemeente", &k.gemeente_naam, Soort::Getal("")),
            kolom("gemeente_teller", "Teller", Soort::Telling),
            kolom("gemeente_noemer", "Noemer", Soort::Telling),
            kolom("regio", &s.regio.naam, Soort::Getal("")),
            kolom("landelijk", "Nederland", Soort::Getal("")),
            kolom("status", "Status", Soort::Tekst),
        ],
    );
    for d in s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.contains(&Niveau::Gemeente))
    {
        let (u, _) = splitsing_voor(r, d, k);
        let gw = k
            .periode
            .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Gemeente, &code, &u), p));
        let rw = k
            .periode
            .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", &u), p));
        // Teller and noemer are shown where they are not sums of euros or days (the columns
        // are checked as counts before any download; the teller of kosten_groei, a difference
        // in euros, can be negative); such a sum is in the value already.
        let aantal = |deel: Option<f64>, g: relaties::Grootheid| {
            Cel::Getal(deel.filter(|_| g != relaties::Grootheid::Som))
        };
        let soort = relaties::soort(&d.id, &u);
        t.rijen.push(vec![
            tekst(d.naam.clone()),
            tekst(splitsingnaam(&u)),
            tekst(d.eenheid.clone()),
            Cel::Getal(gw.and_then(|w| w.waarde)),
            aantal(gw.and_then(|w| w.teller), soort.teller),
            aantal(gw.and_then(|w| w.noemer), soort.noemer),
            Cel::Getal(rw.and_then(|w| w.waarde)),
            Cel::Getal(gw.or(rw).and_then(|w| w.landelijk)),
            tekst(statustekst(gw)),
        ]);
    }
    Some(t)
}

pub fn gemeente(s: &Staat, r: &Releasedata, f: &Filters) -> GemeentePagina {
    let k = Keuze::maak(s, r, f);
    let drempel = s.regio.onderdrukkingsdrempel;
    let mut rijen = Vec::new();
    if let Some(code) = &k.gemeente {
        for d in s
            .catalogus
            .indicatoren
            .iter()
            .filter(|d| d.niveaus.contains(&Niveau::Gemeente))
        {
            let (u, _) = splitsing_voor(r, d, &k);
            let gw = k
                .periode
                .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Gemeente, code, &u), p));
            let rw = k
                .periode
                .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", &u), p));
            let reeks = r.reeks(
                Reeks::nieuw(&d.id, Niveau::Gemeente, code, &u),
                k.soort,
                k.periode,
                8,
            );
            let punten: Vec<Option<f64>> = reeks
                .iter()
                .map(|(_, w)| w.and_then(|w| w.waarde))
                .collect();
            let (st, kl) = status(gw);
            let naam = if u != "totaal" {
                format!("{} ({})", d.naam, splitsingnaam(&u).to_lowercase())
            } else {
                d.naam.clone()
            };
            rijen.push(GemeenteRij {
                sparkline: charts::sparkline(
                    &format!("Verloop {} in {}", naam.to_lowercase(), k.gemeente_naam),
                    &punten,
                ),
                link: format!(
                    "/indicator/{}{}",
                    d.id,
                    k.query_met(&[("uitsplitsing", &u)])
                ),
                naam,
                gemeente: waardetekst(d, gw, drempel),
                regio: waardetekst(d, rw, drempel),
                landelijk: landelijktekst(d, gw.or(rw)),
                status: st.into(),
                status_klasse: kl.into(),
            });
        }
    }
    let keuzes = s
        .regio
        .gemeenten
        .iter()
        .map(|g| {
            (
                g.naam.clone(),
                format!("/gemeente/{}{}", g.code, k.query_met(&[("gemeente", "")])),
            )
        })
        .collect();
    let tabel = gemeente_tabel(s, r, &k).map(|t| weergave(&t, &k, &[]));
    let kaart = gemeente_kaart(s, r, &k);
    GemeentePagina {
        kaart,
        kop: kop(s, r, &k, "gemeente"),
        formulier: Formulier::maak(s, r, &k),
        actie: "/gemeente".into(),
        k,
        keuzes,
        tabel,
        rijen,
    }
}

/// The gemeente page's map: the first indicator of the catalogue at gemeente level (the
/// headline, jeugdhulpgebruik) per gemeente, the chosen one outlined, each linking to its
/// gemeente page; with its name and the per-gemeente table.
fn gemeente_kaart(
    s: &Staat,
    r: &Releasedata,
    k: &Keuze,
) -> Option<(String, String, TabelWeergave)> {
    let d = s
        .catalogus
        .indicatoren
        .iter()
        .find(|d| d.niveaus.contains(&Niveau::Gemeente))?;
    let (u, _) = splitsing_voor(r, d, k);
    let t = gemeenten_tabel(s, r, d, k, &u)?;
    let svg = super::kaart::kaart_svg(s, &t, &d.eenheid, k, |code| {
        format!("/gemeente/{code}{}", k.query_met(&[("gemeente", "")]))
    })?;
    Some((
        svg,
        d.naam.clone(),
        weergave(&t, k, &[("uitsplitsing", u.as_str())]),
    ))
}

// ---------------------------------------------------------------- Verblijf

#[derive(Template, WebTemplate)]
#[template(path = "verblijf.html")]
pub struct VerblijfPagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub svg: String,
    pub tabel: TabelWeergave,
    pub sluit: bool,
    pub segmenten: Option<TabelWeergave>,
    /// Whether the flow shown is the chosen segment's (else the total).
    pub per_segment: bool,
}

/// The segment split of the verblijf flow for the chosen segment, when the release has it.
fn verblijfsegment(r: &Releasedata, k: &Keuze) -> Option<Uitsplitsing> {
    let s = Uitsplitsing::segment(k.segment?.id());
    r.uitsplitsingen("verblijf_stand", Niveau::Regio)
        .contains(&s)
        .then_some(s)
}

/// Per segment, the chosen period: stand, instroom, doorstroom, uitstroom.
pub fn verblijf_segmenten_tabel(r: &Releasedata, k: &Keuze) -> Tabel {
    let (niveau, code) = k.gebied();
    let mut t = Tabel::nieuw(
        "verblijf-segmenten",
        &format!(
            "Verblijf in {} per inkoopsegment, {}",
            k.gemeente_naam,
            k.periode_label()
        ),
        vec![
            kolom("segment", "Segment", Soort::Tekst),
            kolom("stand_eind", "Stand einde", Soort::Telling),
            kolom("instroom", "Instroom", Soort::Telling),
            kolom("doorstroom", "Doorstroom", Soort::Telling),
            kolom("uitstroom", "Uitstroom", Soort::Telling),
        ],
    );
    let Some(p) = k.periode else {
        return t;
    };
    let mut splitsingen: Vec<Uitsplitsing> = r
        .uitsplitsingen("verblijf_stand", Niveau::Regio)
        .into_iter()
        .filter(|u| u.starts_with("segment_"))
        .collect();
    splitsingen.push(Uitsplitsing::totaal());
    for u in splitsingen {
        let w = |ind: &str| {
            Cel::Getal(
                r.waarde(Reeks::nieuw(ind, niveau, &code, &u), p)
                    .and_then(|w| w.waarde),
            )
        };
        t.rijen.push(vec![
            tekst(if u.is_totaal() {
                "Alle verblijf (een jeugdige kan in meer segmenten zitten)".to_string()
            } else {
                splitsingnaam(&u)
            }),
            w("verblijf_stand"),
            w("verblijf_instroom"),
            w("verblijf_doorstroom"),
            w("verblijf_uitstroom"),
        ]);
    }
    t
}

pub fn verblijf_tabel(r: &Releasedata, k: &Keuze) -> Tabel {
    let (niveau, code) = k.gebied();
    let mut t = Tabel::nieuw(
        "verblijf",
        &format!(
            "Verblijf in {}{}: stand, instroom, doorstroom en uitstroom per {}",
            k.gemeente_naam,
            verblijfsegment(r, k)
                .map(|s| format!(", {}", splitsingnaam(&s).to_lowercase()))
                .unwrap_or_default(),
            k.soort.naam().to_lowercase()
        ),
        vec![
            kolom("periode", "Periode", Soort::Tekst),
            kolom("stand_begin", "Stand begin", Soort::Telling),
            kolom("instroom", "Instroom", Soort::Telling),
            kolom("doorstroom", "Doorstroom", Soort::Telling),
            kolom("uitstroom", "Uitstroom", Soort::Telling),
            kolom(
                "uitstroom_naar_ambulant",
                "waarvan naar ambulant",
                Soort::Telling,
            ),
            kolom(
                "uitstroom_zonder_vervolg",
                "waarvan zonder vervolg",
                Soort::Telling,
            ),
            kolom("stand_eind", "Stand einde", Soort::Telling),
            kolom("voorlopig", "Voorlopig", Soort::JaNee),
        ],
    );
    let n = trendlengte(k.soort);
    let seg = verblijfsegment(r, k);
    let u = seg.clone().unwrap_or_else(Uitsplitsing::totaal);
    let reeks = |ind: &str, u: &Uitsplitsing| {
        r.reeks(
            Reeks::nieuw(ind, niveau, &code, u),
            k.soort,
            k.periode,
            n + 1,
        )
    };
    let stand = reeks("verblijf_stand", &u);
    let inn = reeks("verblijf_instroom", &u);
    let door = reeks("verblijf_doorstroom", &u);
    let uit = reeks("verblijf_uitstroom", &u);
    // Destination after exit is known for the total only.
    let (amb, zv) = if seg.is_some() {
        (Vec::new(), Vec::new())
    } else {
        (
            reeks("verblijf_uitstroom", &"naar_ambulant".into()),
            reeks("verblijf_uitstroom", &"zonder_vervolg".into()),
        )
    };
    let w = |v: &[(model::Periode, Option<&Waarde>)], i: usize| {
        Cel::Getal(v.get(i).and_then(|x| x.1).and_then(|w| w.waarde))
    };
    // The first period only gives the starting stand.
    for i in 1..stand.len() {
        t.rijen.push(vec![
            tekst(stand[i].0.label()),
            w(&stand, i - 1),
            w(&inn, i),
            w(&door, i),
            w(&uit, i),
            w(&amb, i),
            w(&zv, i),
            w(&stand, i),
            Cel::JaNee(stand[i].1.map(|w| w.voorlopig)),
        ]);
    }
    t
}

pub fn verblijf(s: &Staat, r: &Releasedata, f: &Filters) -> VerblijfPagina {
    let k = Keuze::maak(s, r, f);
    let t = verblijf_tabel(r, &k);
    let kol = |id: &str| getallen(&t, id);
    let (b, i, u, e) = (
        kol("stand_begin"),
        kol("instroom"),
        kol("uitstroom"),
        kol("stand_eind"),
    );
    // The flow identity, shown when every figure is visible: begin + in − uit = einde.
    let sluit = (0..t.rijen.len()).all(|x| match (b[x], i[x], u[x], e[x]) {
        (Some(b), Some(i), Some(u), Some(e)) => (b + i - u - e).abs() < 0.5,
        _ => true,
    });
    let svg = charts::stroom(&charts::Stroom {
        titel: t.titel.clone(),
        omschrijving: String::new(),
        perioden: t
            .rijen
            .iter()
            .map(|r| match &r[0] {
                Cel::Tekst(x) => x.clone(),
                _ => String::new(),
            })
            .collect(),
        stand: e.clone(),
        instroom: i.clone(),
        doorstroom: kol("doorstroom"),
        uitstroom: u.clone(),
        id: "stroom".into(),
    });
    let segmenten = verblijf_segmenten_tabel(r, &k);
    VerblijfPagina {
        kop: kop(s, r, &k, "verblijf"),
        formulier: Formulier::maak(s, r, &k),
        actie: "/verblijf".into(),
        tabel: weergave(&t, &k, &[]),
        segmenten: (segmenten.rijen.len() > 1).then(|| weergave(&segmenten, &k, &[])),
        per_segment: verblijfsegment(r, &k).is_some(),
        svg,
        sluit,
        k,
    }
}

// ---------------------------------------------------------------- Datakwaliteit

#[derive(Template, WebTemplate)]
#[template(path = "datakwaliteit.html")]
pub struct DatakwaliteitPagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub maanden: Vec<String>,
    pub matrix: Vec<Matrixrij>,
    pub volledigheid: TabelWeergave,
    pub afgewezen: TabelWeergave,
    pub waarschuwingen: TabelWeergave,
    pub wijzigingen: TabelWeergave,
    pub herzieningen: TabelWeergave,
    pub vorige: String,
    pub wijzigingen_totaal: Vec<(String, u64)>,
}

/// A gemeente's row in the delivery matrix: name, then per month (sign, class, word).
pub type Matrixrij = (String, Vec<Matrixcel>);
pub type Matrixcel = (String, String, String);

/// The months the quality page shows: the 12 months up to the chosen period's end (or the
/// newest delivery).
fn kwaliteitsmaanden(r: &Releasedata, k: &Keuze) -> Vec<String> {
    let alle: std::collections::BTreeSet<String> =
        r.leveringen.iter().map(|l| l.maand.clone()).collect();
    let tot = k
        .periode
        .map(|p| p.einde().format("%Y-%m").to_string())
        .into_iter()
        .chain(r.manifest.laatste_aanlevering.clone())
        .min()
        .unwrap_or_default();
    let mut v: Vec<String> = alle.into_iter().filter(|m| *m <= tot).collect();
    let start = v.len().saturating_sub(12);
    v.drain(..start);
    v
}

pub fn volledigheid_tabel(s: &Staat, r: &Releasedata, k: &Keuze) -> Tabel {
    let maanden = kwaliteitsmaanden(r, k);
    let mut t = Tabel::nieuw(
        "volledigheid",
        &format!(
            "Leveringen per gemeente en maand, {} t/m {}",
            maanden.first().cloned().unwrap_or_default(),
            maanden.last().cloned().unwrap_or_default()
        ),
        vec![
            kolom("gemeente", "Gemeente", Soort::Tekst),
            kolom("maand", "Maand", Soort::Tekst),
            kolom("status", "Status", Soort::Tekst),
            kolom("uit_levering", "Uit levering", Soort::Tekst),
            kolom("rijen", "Rijen trajecten", Soort::Telling),
            kolom("gebruikelijk", "Gebruikelijk aantal rijen", Soort::Telling),
            kolom("voorlopig", "Voorlopig", Soort::JaNee),
            kolom("opmerking", "Opmerking", Soort::Tekst),
        ],
    );
    for l in &r.leveringen {
        if !maanden.contains(&l.maand) || k.gemeente.as_ref().is_some_and(|g| *g != l.gemeente) {
            continue;
        }
        t.rijen.push(vec![
            tekst(l.naam.clone()),
            tekst(l.maand.clone()),
            tekst(l.status.tekst().to_string()),
            tekst(l.uit_levering.clone()),
            Cel::Getal(l.rijen),
            Cel::Getal(l.gebruikelijk),
            Cel::JaNee(l.voorlopig),
            tekst(l.opmerking.clone()),
        ]);
    }
    t.onderdruk_tellingen(s.regio.onderdrukkingsdrempel);
    t
}

pub fn afgewezen_tabel(r: &Releasedata) -> Tabel {
    let mut t = Tabel::nieuw(
        "afgewezen",
        &format!("Afgewezen rijen in release {} met de reden", r.manifest.id),
        vec![
            kolom("tabel", "Tabel", Soort::Tekst),
            kolom("bestand", "Bestand", Soort::Tekst),
            kolom("rij", "Rij", Soort::Getal("aantal")),
            kolom("kolom", "Kolom", Soort::Tekst),
            kolom("waarde", "Waarde", Soort::Tekst),
            kolom("reden", "Reden", Soort::Tekst),
        ],
    );
    t.rijkoppen = false;
    for a in &r.afgewezen {
        t.rijen.push(vec![
            tekst(a.tabel.clone()),
            tekst(a.bestand.clone()),
            Cel::Getal(a.rij),
            tekst(a.kolom.clone()),
            tekst(a.waarde.clone()),
            tekst(a.reden.clone()),
        ]);
    }
    t
}

/// Loaded rows whose product code the region does not know (segment onbekend), per code and
/// gemeente, so the beheerder can extend the region file. Counts of toewijzingen, not of
/// clients: small numbers are hidden like every count table.
pub fn waarschuwingen_tabel(s: &Staat, r: &Releasedata, k: &Keuze) -> Tabel {
    let mut t = Tabel::nieuw(
        "waarschuwingen",
        &format!(
            "Productcodes die niet in de productindeling van regio {} staan (ingelezen met segment onbekend)",
            s.regio.naam
        ),
        vec![
            kolom("gemeente", "Gemeente", Soort::Tekst),
            kolom("productcategorie", "Categorie", Soort::Tekst),
            kolom("productcode", "Productcode", Soort::Tekst),
            kolom("rijen", "Toewijzingen", Soort::Telling),
            kolom("melding", "Waarschuwing", Soort::Tekst),
        ],
    );
    for w in &r.waarschuwingen {
        if k.gemeente.as_ref().is_some_and(|g| *g != w.gemeente) {
            continue;
        }
        t.rijen.push(vec![
            tekst(gemeentenaam(s, &w.gemeente)),
            tekst(format!(
                "{} {}",
                w.productcategorie,
                model::ProductCategorie::parse(&w.productcategorie)
                    .map(|c| c.naam())
                    .unwrap_or_default()
            )),
            tekst(w.productcode.clone()),
            Cel::Getal(Some(w.rijen as f64)),
            tekst(w.melding()),
        ]);
    }
    t.onderdruk_tellingen(s.regio.onderdrukkingsdrempel);
    t
}

/// The name of a gemeente of the region by its code (the code when unknown).
fn gemeentenaam(s: &Staat, code: &str) -> String {
    s.regio
        .gemeenten
        .iter()
        .find(|g| g.code.to_string() == code)
        .map(|g| g.naam.clone())
        .unwrap_or_else(|| code.to_string())
}

pub fn wijzigingen_tabel(s: &Staat, r: &Releasedata, k: &Keuze) -> Tabel {
    let mut t = Tabel::nieuw(
        "wijzigingen",
        &format!(
            "Wijzigingen in toewijzingen t.o.v. {}",
            r.manifest
                .vorige
                .as_deref()
                .map(|v| format!("release {v}"))
                .unwrap_or_else(|| "niets (eerste release)".into())
        ),
        vec![
            kolom("gemeente", "Gemeente", Soort::Tekst),
            kolom("soort", "Soort wijziging", Soort::Tekst),
            kolom("aantal", "Aantal", Soort::Telling),
            kolom(
                "terugwerkend",
                "waarvan met terugwerkende kracht",
                Soort::Telling,
            ),
        ],
    );
    for w in &r.wijzigingen {
        if k.gemeente.as_ref().is_some_and(|g| *g != w.gemeente) {
            continue;
        }
        t.rijen.push(vec![
            tekst(gemeentenaam(s, &w.gemeente)),
            tekst(w.soort.clone()),
            Cel::Getal(Some(w.aantal as f64)),
            Cel::Getal(Some(w.terugwerkend as f64)),
        ]);
    }
    t.onderdruk_tellingen(s.regio.onderdrukkingsdrempel);
    t
}

/// National values revised since an earlier release (a newer CBS StatLine download or a
/// corrected hand-typed row): old → new with CBS's status and the source. Public figures,
/// no counts of people: nothing to suppress.
pub fn herzieningen_tabel(s: &Staat, r: &Releasedata) -> Tabel {
    let mut t = Tabel::nieuw(
        "herzieningen",
        "Herzieningen landelijke waarden",
        vec![
            kolom("indicator", "Indicator", Soort::Tekst),
            kolom("uitsplitsing", "Uitsplitsing", Soort::Tekst),
            kolom("periode", "Periode", Soort::Tekst),
            kolom("oud", "Oude waarde", Soort::Tekst),
            kolom("oude_status", "Oude status", Soort::Tekst),
            kolom("nieuw", "Nieuwe waarde", Soort::Tekst),
            kolom("nieuwe_status", "Nieuwe status", Soort::Tekst),
            kolom("bron", "Bron (nieuw)", Soort::Tekst),
            kolom("oude_bron", "Bron (oud)", Soort::Tekst),
            kolom("release", "Herzien in release", Soort::Tekst),
        ],
    );
    for h in r.herzieningen.iter().rev() {
        let d = s.catalogus.get(&h.indicator);
        let e = eenheid(d.map(|d| d.eenheid.as_str()).unwrap_or_default());
        t.rijen.push(vec![
            tekst(
                d.map(|d| d.naam.clone())
                    .unwrap_or_else(|| h.indicator.clone()),
            ),
            tekst(splitsingnaam(&h.uitsplitsing)),
            tekst(landelijke_periode(&h.periode)),
            tekst(getal::met_eenheid(h.oude_waarde, e)),
            tekst(h.oude_status.clone()),
            tekst(getal::met_eenheid(h.nieuwe_waarde, e)),
            tekst(h.nieuwe_status.clone()),
            tekst(h.nieuwe_bron.clone()),
            tekst(h.oude_bron.clone()),
            tekst(h.release.clone()),
        ]);
    }
    t
}

pub fn datakwaliteit(s: &Staat, r: &Releasedata, f: &Filters) -> DatakwaliteitPagina {
    let k = Keuze::maak(s, r, f);
    let maanden = kwaliteitsmaanden(r, &k);
    let mut cellen: std::collections::HashMap<(String, String), (String, String, String)> =
        Default::default();
    for l in &r.leveringen {
        use pipeline::kwaliteit::Leverstatus as L;
        let (teken, klasse, woord) = match l.status {
            L::Ontbreekt => ("✗", "ontbreekt", "ontbreekt"),
            L::InKwartaallevering => ("K", "kwartaal", "in kwartaallevering"),
            L::UitHistorie => ("H", "historie", "uit historie van een latere levering"),
            L::VoorDeGegevens => ("–", "geen", "vóór de eerste levering, geen gegevens"),
            _ if l.wijkt_af() => ("!", "afwijkend", "geleverd, aantal wijkt af"),
            _ if l.is_voorlopig() => ("~", "voorlopig", "geleverd, voorlopig"),
            _ => ("✓", "geleverd", "geleverd"),
        };
        cellen.insert(
            (l.gemeente.clone(), l.maand.clone()),
            (teken.into(), klasse.into(), woord.into()),
        );
    }
    let matrix = s
        .regio
        .gemeenten
        .iter()
        .filter(|g| k.gemeente.as_ref().is_none_or(|c| *c == g.code.to_string()))
        .map(|g| {
            let c = g.code.to_string();
            (
                g.naam.clone(),
                maanden
                    .iter()
                    .map(|m| {
                        cellen
                            .get(&(c.clone(), m.clone()))
                            .cloned()
                            .unwrap_or_else(|| ("–".into(), "geen".into(), "geen gegevens".into()))
                    })
                    .collect(),
            )
        })
        .collect();
    let vol = volledigheid_tabel(s, r, &k);
    let afg = afgewezen_tabel(r);
    let waarsch = waarschuwingen_tabel(s, r, &k);
    let wijz = wijzigingen_tabel(s, r, &k);
    let herz = herzieningen_tabel(s, r);
    DatakwaliteitPagina {
        kop: kop(s, r, &k, "datakwaliteit"),
        formulier: Formulier::maak(s, r, &k),
        actie: "/datakwaliteit".into(),
        volledigheid: weergave(&vol, &k, &[]),
        afgewezen: weergave(&afg, &k, &[]),
        waarschuwingen: weergave(&waarsch, &k, &[]),
        wijzigingen: weergave(&wijz, &k, &[]),
        herzieningen: weergave(&herz, &k, &[]),
        vorige: r.manifest.vorige.clone().unwrap_or_default(),
        wijzigingen_totaal: r
            .manifest
            .wijzigingen
            .iter()
            .map(|(a, b)| (a.clone(), *b))
            .collect(),
        maanden,
        matrix,
        k,
    }
}

// ---------------------------------------------------------------- Definities

#[derive(Template, WebTemplate)]
#[template(path = "definities.html")]
pub struct Definities {
    pub kop: Kop,
    pub indicatoren: Vec<IndicatorDef>,
}

/// A table by its id (as in download URLs), built exactly as its page builds it.
pub fn tabel(s: &Staat, r: &Releasedata, f: &Filters, id: &str) -> Option<Tabel> {
    let k = Keuze::maak(s, r, f);
    let indicatordef = |rest: &str| s.catalogus.get(rest).cloned();
    match id {
        "overzicht" => Some(overzicht_tabel(s, r, &k)),
        "verblijf" => Some(verblijf_tabel(r, &k)),
        "verblijf-segmenten" => Some(verblijf_segmenten_tabel(r, &k)),
        "volledigheid" => Some(volledigheid_tabel(s, r, &k)),
        "afgewezen" => Some(afgewezen_tabel(r)),
        "waarschuwingen" => Some(waarschuwingen_tabel(s, r, &k)),
        "wijzigingen" => Some(wijzigingen_tabel(s, r, &k)),
        "herzieningen" => Some(herzieningen_tabel(s, r)),
        _ => {
            if let Some(rest) = id.strip_prefix("trend-") {
                let d = indicatordef(rest)?;
                let u = gekozen_splitsing(r, &d, &k, f);
                Some(trend_tabel(r, &d, &k, &u))
            } else if let Some(rest) = id.strip_prefix("gemeenten-") {
                let d = indicatordef(rest)?;
                let u = gekozen_splitsing(r, &d, &k, f);
                gemeenten_tabel(s, r, &d, &k, &u)
            } else if let Some(code) = id.strip_prefix("gemeente-") {
                let mut f = f.clone();
                f.gemeente = Some(code.to_string());
                let k = Keuze::maak(s, r, &f);
                gemeente_tabel(s, r, &k)
            } else {
                None
            }
        }
    }
}
