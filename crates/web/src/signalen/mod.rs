//! `/signalen`: the release's signals (issue 23 item 4) — a monthly figure outside the
//! control limits of its own recent course (`pipeline::indicatoren::signalen`, computed at
//! ingest from the published values). Each with a plain-Dutch sentence, the limits it was
//! judged by and a link to the figure; the overview shows how many there are, and a new
//! duidingssessie offers them as agenda items. The data rule applies to every signal (a
//! gemeente account sees its own gemeente's and the region's).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use model::{Periode, getal};
use pipeline::indicatoren::Niveau;
use pipeline::indicatoren::signalen::{BASIS, BASIS_BEDRAG, Methode, Regel, Signaal, VENSTER};

use crate::Gedeeld;
use crate::antwoord::{html, pagina};
use crate::dashboard::paginas::{Kop, TabelWeergave, kop, weergave};
use crate::filters::{Filters, Keuze};
use crate::staat::{Releasedata, Staat};
use crate::tabel::{Cel, Soort, Tabel, kolom, tekst};
use crate::toegang::{Routes, Wie};

/// Every account: each signal follows the data rule of its figure.
pub(crate) fn router() -> Routes {
    Routes::paginas().get("/signalen", Wie::Ingelogd, signalen)
}

async fn signalen(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/signalen", &f, |s, r, f| html(pagina_maak(s, r, f))).await
}

/// A month as people read it ("maart 2024").
fn maand(p: &str) -> String {
    Periode::parse(p)
        .map(|p| p.label())
        .unwrap_or_else(|_| p.to_string())
}

/// The area of a signal as a reader names it.
fn gebied(s: &Staat, x: &Signaal) -> String {
    match x.niveau {
        Niveau::Regio => format!("regio {}", s.regio.naam),
        Niveau::Aanbieder => format!(
            "aanbieder {}",
            x.naam.clone().unwrap_or_else(|| x.code.clone())
        ),
        _ => x.naam.clone().unwrap_or_else(|| x.code.clone()),
    }
}

fn splitsing(x: &Signaal) -> String {
    match x.uitsplitsing.as_str().strip_prefix("segment_") {
        Some(seg) => format!(
            ", segment {}",
            crate::sturing::segmentnaam(seg).to_lowercase()
        ),
        None => String::new(),
    }
}

fn aantal_woord(n: u32) -> String {
    match n {
        2 => "twee".into(),
        3 => "drie".into(),
        n => n.to_string(),
    }
}

/// The signal in one Dutch sentence: "Instroom verblijf Hengelo ligt drie maanden boven de
/// bovengrens (t/m maart 2024): 31 tegen verwacht 18 (grens 29)."
pub fn zin(s: &Staat, x: &Signaal) -> String {
    let def = s.catalogus.get(&x.indicator);
    let naam = def
        .map(|d| d.naam.clone())
        .unwrap_or_else(|| x.indicator.clone());
    let eenheid = def.map(|d| d.eenheid.as_str()).unwrap_or("");
    let kant = if x.boven { "boven" } else { "onder" };
    // The limit the rule used (computed at ingest, per method).
    let grensnaam = match (x.regel, x.boven) {
        (Regel::BuitenGrens, true) => "bovengrens",
        (Regel::BuitenGrens, false) => "ondergrens",
        (Regel::DrieMaanden, _) => "waarschuwingsgrens",
    };
    let grens = x.grens;
    let wat = match (x.regel, x.maanden) {
        (Regel::BuitenGrens, 1) => format!("ligt in {} {kant} de {grensnaam}", maand(&x.periode)),
        (Regel::BuitenGrens, n) => format!(
            "ligt {} maanden {kant} de {grensnaam} (t/m {})",
            aantal_woord(n),
            maand(&x.periode)
        ),
        (Regel::DrieMaanden, n) => format!(
            "ligt {} maanden op rij {kant} de waarschuwingsgrens (t/m {})",
            aantal_woord(n),
            maand(&x.periode)
        ),
    };
    format!(
        "{naam} {}{} {wat}: {} tegen verwacht {} ({grensnaam} {}).",
        gebied(s, x),
        splitsing(x),
        getal::met_eenheid(Some(x.waarde), eenheid),
        getal::met_eenheid(Some(x.centrum), eenheid),
        getal::met_eenheid(Some(grens), eenheid),
    )
}

/// Whether a higher or lower value is the unfavourable side of a signal, in words.
fn betekenis(s: &Staat, x: &Signaal) -> &'static str {
    use pipeline::indicatoren::statistiek::Richting;
    let r = s
        .catalogus
        .get(&x.indicator)
        .map(|d| Richting::parse(&d.richting))
        .unwrap_or(Richting::Geen);
    match (r, x.boven) {
        (Richting::Lager, true) | (Richting::Hoger, false) => "ongunstig",
        (Richting::Lager, false) | (Richting::Hoger, true) => "gunstig",
        (Richting::Geen, _) => "zonder oordeel",
    }
}

/// The link to the figure's page, on the signal's month.
pub fn link(x: &Signaal) -> String {
    let mut q = vec![
        ("soort", "maand".to_string()),
        ("periode", x.periode.clone()),
    ];
    if !x.uitsplitsing.is_totaal() {
        q.push(("uitsplitsing", x.uitsplitsing.as_str().to_string()));
    }
    match x.niveau {
        Niveau::Gemeente => q.push(("gemeente", x.code.clone())),
        Niveau::Aanbieder => {
            return format!(
                "/aanbieder/{}?{}",
                x.code,
                serde_urlencoded::to_string(&q).unwrap_or_default()
            );
        }
        _ => {}
    }
    format!(
        "/indicator/{}?{}",
        x.indicator,
        serde_urlencoded::to_string(&q).unwrap_or_default()
    )
}

/// A signal as the value of the session form's checkbox: indicator, niveau, code, split and
/// month, separated by `|`.
pub fn agendawaarde(x: &Signaal) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        x.indicator,
        x.niveau.id(),
        x.code,
        x.uitsplitsing.as_str(),
        x.periode
    )
}

/// The signals this user may see, in the order of the page: region, gemeenten, providers;
/// then by indicator.
pub fn zichtbaar(r: &Releasedata) -> Vec<&Signaal> {
    let mut v: Vec<&Signaal> = r.signalen().collect();
    v.sort_by(|a, b| {
        (a.niveau, &a.indicator, &a.code, &a.uitsplitsing).cmp(&(
            b.niveau,
            &b.indicator,
            &b.code,
            &b.uitsplitsing,
        ))
    });
    v
}

/// The table of the page (and its downloads).
pub fn signalen_tabel(s: &Staat, r: &Releasedata) -> Tabel {
    let mut t = Tabel::nieuw(
        "signalen",
        &format!(
            "Signalen in release {}: maandcijfers buiten de regelkaartgrenzen",
            r.manifest.id
        ),
        vec![
            kolom("signaal", "Signaal", Soort::Tekst),
            kolom("indicator", "Indicator", Soort::Tekst),
            kolom("niveau", "Niveau", Soort::Tekst),
            kolom("code", "Code", Soort::Tekst),
            kolom("uitsplitsing", "Uitsplitsing", Soort::Tekst),
            kolom("maand", "Maand", Soort::Tekst),
            kolom("richting", "Richting", Soort::Tekst),
            kolom("betekenis", "Betekenis", Soort::Tekst),
            kolom("regel", "Regel", Soort::Tekst),
            kolom("eenheid", "Eenheid", Soort::Tekst),
            kolom("waarde", "Waarde", Soort::Getal("decimaal")),
            kolom("verwacht", "Verwacht", Soort::Getal("decimaal")),
            kolom("ondergrens", "Ondergrens", Soort::Getal("decimaal")),
            kolom("bovengrens", "Bovengrens", Soort::Getal("decimaal")),
            kolom("methode", "Methode", Soort::Tekst),
            kolom("basis", "Basisperiode", Soort::Tekst),
        ],
    );
    t.rijkoppen = false;
    for x in zichtbaar(r) {
        t.rijen.push(vec![
            tekst(zin(s, x)),
            tekst(x.indicator.clone()),
            tekst(x.niveau.id()),
            tekst(x.code.clone()),
            tekst(x.uitsplitsing.as_str()),
            tekst(x.periode.clone()),
            tekst(if x.boven { "boven" } else { "onder" }),
            tekst(betekenis(s, x)),
            tekst(match (x.regel, x.methode.z()) {
                (Regel::BuitenGrens, (z, _)) => format!("buiten de grens ({z:.0} sigma)"),
                (Regel::DrieMaanden, (_, z)) => {
                    format!("drie maanden buiten de waarschuwingsgrens ({z:.0} sigma)")
                }
            }),
            tekst(
                s.catalogus
                    .get(&x.indicator)
                    .map(|d| d.eenheid.clone())
                    .unwrap_or_default(),
            ),
            Cel::Getal(Some(x.waarde)),
            Cel::Getal(Some(x.centrum)),
            Cel::Getal(Some(x.ondergrens)),
            Cel::Getal(Some(x.bovengrens)),
            tekst(x.methode.id()),
            tekst(format!("{} t/m {}", x.basis_van, x.basis_tot)),
        ]);
    }
    t
}

/// A table of this page for its download (`/download/signalen.{ext}`).
pub(crate) fn tabel(s: &Staat, r: &Releasedata, id: &str) -> Option<Tabel> {
    (id == "signalen").then(|| signalen_tabel(s, r))
}

/// One signal as the page lists it.
pub struct Signaalregel {
    pub zin: String,
    pub href: String,
    pub betekenis: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen.html")]
pub struct SignalenPagina {
    pub kop: Kop,
    pub groepen: Vec<(String, Vec<Signaalregel>)>,
    pub tabel: TabelWeergave,
    pub laatste: String,
    pub basis: usize,
    pub basis_bedrag: usize,
    pub venster: usize,
    pub methoden: Vec<(&'static str, &'static str)>,
    pub berekend: bool,
}

pub fn pagina_maak(s: &Staat, r: &Releasedata, f: &Filters) -> SignalenPagina {
    let k = Keuze::maak(s, r, f);
    let mut groepen: Vec<(String, Vec<Signaalregel>)> = Vec::new();
    for x in zichtbaar(r) {
        let titel = match x.niveau {
            Niveau::Regio => "Regio".to_string(),
            Niveau::Gemeente => "Gemeenten".to_string(),
            _ => "Aanbieders".to_string(),
        };
        if groepen.last().is_none_or(|(t, _)| *t != titel) {
            groepen.push((titel, Vec::new()));
        }
        if let Some((_, v)) = groepen.last_mut() {
            v.push(Signaalregel {
                zin: zin(s, x),
                href: link(x),
                betekenis: betekenis(s, x),
            });
        }
    }
    SignalenPagina {
        kop: kop(s, r, &k, "signalen"),
        groepen,
        tabel: weergave(&signalen_tabel(s, r), &k, &[]),
        laatste: r
            .signalen()
            .next()
            .map(|x| maand(&x.periode))
            .unwrap_or_default(),
        basis: BASIS,
        basis_bedrag: BASIS_BEDRAG,
        venster: VENSTER,
        methoden: Methode::ALLE
            .into_iter()
            .map(|m| (m.id(), m.uitleg()))
            .collect(),
        berekend: r
            .manifest
            .tabellen
            .contains_key(pipeline::indicatoren::signalen::TABEL),
    }
}
