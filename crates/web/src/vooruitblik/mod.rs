//! `/vooruitblik`: forecasts, never mixed with observed values (issue 23). Today the nowcast of
//! provisional months (`pipeline::indicatoren::nowcast`, computed at ingest): per gemeente and
//! for the region, a provisional month's published costs and number of started trajecten and
//! what they are expected to become once the late deliveries are in, with an 80% interval.
//! The method and its measured accuracy (the backtest, `docs/vooruitblik.md`, embedded) are on
//! `/vooruitblik/methode`. The data rule applies to every row.

pub mod verblijf;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use model::{Periode, getal};
use pipeline::indicatoren::Niveau;
use pipeline::indicatoren::jaarprognose::Jaarprognose;
use pipeline::indicatoren::nowcast::{Grootheid, Nowcast};

use crate::Gedeeld;
use crate::antwoord::{html, pagina};
use crate::dashboard::paginas::{Kop, TabelWeergave, kop, weergave};
use crate::filters::{Filters, Keuze};
use crate::staat::{Releasedata, Staat};
use crate::tabel::{Cel, Soort, Tabel, kolom, tekst};
use crate::toegang::{Routes, Wie};

/// The measured accuracy and the method, as written by `jeugdstuur backtest` and the team.
const METHODE: &str = include_str!("../../../../docs/vooruitblik.md");

/// Every account: each row follows the data rule of its figure.
pub(crate) fn router() -> Routes {
    Routes::paginas()
        .get("/vooruitblik", Wie::Ingelogd, vooruitblik)
        .get("/vooruitblik/methode", Wie::Ingelogd, methode)
        .get("/vooruitblik/verblijf", Wie::Ingelogd, verblijf_pagina)
}

async fn verblijf_pagina(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/vooruitblik/verblijf", &f, |s, r, f| {
        html(verblijf::pagina_maak(s, r, f))
    })
    .await
}

async fn vooruitblik(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/vooruitblik", &f, |s, r, f| html(pagina_maak(s, r, f))).await
}

async fn methode(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/vooruitblik/methode", &f, |s, r, f| {
        let k = Keuze::maak(s, r, f);
        let mut html_tekst = String::new();
        pulldown_cmark::html::push_html(
            &mut html_tekst,
            pulldown_cmark::Parser::new_ext(METHODE, pulldown_cmark::Options::ENABLE_TABLES),
        );
        // Each table in a box of its own that scrolls on a small screen (and is reachable
        // by keyboard, as a scrolling region must be).
        let mut n = 0;
        // No inline styles (the Content Security Policy allows only our own stylesheet): the
        // Markdown's right-aligned columns get the class every number column has.
        let html_tekst = html_tekst
            .replace(" style=\"text-align: right\"", " class=\"getal\"")
            .replace(" style=\"text-align: left\"", "")
            .replace(" style=\"text-align: center\"", "");
        let inhoud = html_tekst
            .split("<table>")
            .enumerate()
            .map(|(i, deel)| {
                if i == 0 {
                    return deel.to_string();
                }
                n += 1;
                format!(
                    "<div class=\"tabelblok\" role=\"region\" aria-label=\"Tabel {n}\" \
                     tabindex=\"0\"><table>{}",
                    deel.replacen("</table>", "</table></div>", 1)
                )
            })
            .collect::<String>();
        html(MethodePagina {
            kop: kop(s, r, &k, "vooruitblik"),
            inhoud,
        })
    })
    .await
}

/// The area of a nowcast as a reader names it.
fn gebied(s: &Staat, x: &Nowcast) -> String {
    match x.niveau {
        Niveau::Regio => format!("Regio {}", s.regio.naam),
        _ => x.naam.clone().unwrap_or_else(|| x.code.clone()),
    }
}

fn maand(p: &str) -> String {
    Periode::parse(p)
        .map(|p| p.label())
        .unwrap_or_else(|_| p.to_string())
}

/// The nowcasts this user may see: region first, then gemeenten; per area by month.
pub fn zichtbaar(r: &Releasedata) -> Vec<&Nowcast> {
    let mut v: Vec<&Nowcast> = r.nowcasts().collect();
    v.sort_by(|a, b| {
        (a.grootheid, a.niveau, &a.naam, &a.periode).cmp(&(
            b.grootheid,
            b.niveau,
            &b.naam,
            &b.periode,
        ))
    });
    v
}

fn eenheid(g: Grootheid) -> &'static str {
    match g {
        Grootheid::Kosten => "euro",
        Grootheid::GestarteTrajecten => "decimaal",
    }
}

/// The table of one quantity (page and downloads: `/download/vooruitblik-kosten.csv`).
pub fn nowcast_tabel(s: &Staat, r: &Releasedata, g: Grootheid) -> Tabel {
    let e = eenheid(g);
    let mut t = Tabel::nieuw(
        &format!("vooruitblik-{}", g.id().replace('_', "-")),
        &format!(
            "Prognose: {} van de voorlopige maanden na aanvulling (nowcast, release {})",
            g.naam().to_lowercase(),
            r.manifest.id
        ),
        vec![
            kolom("gebied", "Gebied", Soort::Tekst),
            kolom("maand", "Maand", Soort::Tekst),
            kolom("leeftijd", "Maanden oud", Soort::Getal("aantal")),
            kolom("waargenomen", "Nu geleverd (voorlopig)", Soort::Getal(e)),
            kolom("verwacht", "Prognose na aanvulling", Soort::Getal(e)),
            kolom("ondergrens", "Prognose: ondergrens 80%", Soort::Getal(e)),
            kolom("bovengrens", "Prognose: bovengrens 80%", Soort::Getal(e)),
            kolom("factor", "Aanvullingsfactor", Soort::Getal("decimaal")),
            kolom("maanden", "Geleerd uit maanden", Soort::Getal("aantal")),
            kolom("soort", "Soort cijfer", Soort::Tekst),
        ],
    );
    for x in zichtbaar(r).into_iter().filter(|x| x.grootheid == g.id()) {
        t.rijen.push(vec![
            tekst(gebied(s, x)),
            tekst(maand(&x.periode)),
            Cel::Getal(Some(x.leeftijd as f64)),
            Cel::Getal(Some(x.waargenomen)),
            Cel::Getal(Some(x.verwacht)),
            Cel::Getal(Some(x.ondergrens)),
            Cel::Getal(Some(x.bovengrens)),
            Cel::Getal(Some(x.factor)),
            Cel::Getal(Some(x.maanden as f64)),
            tekst("prognose"),
        ]);
    }
    t
}

/// The splits as a reader names them.
fn splitsing(u: &pipeline::indicatoren::Uitsplitsing) -> String {
    match u.as_str().strip_prefix("segment_") {
        Some(seg) => crate::sturing::segmentnaam(seg),
        None => "Totaal".into(),
    }
}

/// The year-end projections this user may see, region first, totals before segments.
fn jaarprognoses(r: &Releasedata) -> Vec<&Jaarprognose> {
    let mut v: Vec<&Jaarprognose> = r.jaarprognoses().collect();
    v.sort_by(|a, b| {
        (
            a.niveau,
            &a.naam,
            !a.uitsplitsing.is_totaal(),
            &a.uitsplitsing,
        )
            .cmp(&(
                b.niveau,
                &b.naam,
                !b.uitsplitsing.is_totaal(),
                &b.uitsplitsing,
            ))
    });
    v
}

/// The year-end projection of costs (`/download/jaarprognose.csv`).
pub fn jaarprognose_tabel(r: &Releasedata) -> Tabel {
    let v = jaarprognoses(r);
    let jaar = v.first().map(|p| p.jaar.to_string()).unwrap_or_default();
    let mut t = Tabel::nieuw(
        "jaarprognose",
        &format!(
            "Prognose: kosten over heel {jaar} per gebied en segment (release {})",
            r.manifest.id
        ),
        vec![
            kolom("gebied", "Gebied", Soort::Tekst),
            kolom("segment", "Segment", Soort::Tekst),
            kolom("tot_maand", "Gegevens t/m", Soort::Tekst),
            kolom(
                "gerealiseerd",
                "Gerealiseerd tot nu (voorlopig)",
                Soort::Getal("euro"),
            ),
            kolom("prognose", "Prognose heel jaar", Soort::Getal("euro")),
            kolom(
                "ondergrens",
                "Prognose: ondergrens 80%",
                Soort::Getal("euro"),
            ),
            kolom(
                "bovengrens",
                "Prognose: bovengrens 80%",
                Soort::Getal("euro"),
            ),
            kolom("vorig_jaar", "Vorig jaar", Soort::Getal("euro")),
            kolom("streefwaarde", "Streefpad", Soort::Getal("euro")),
            kolom("verschil_pad", "Prognose − streefpad", Soort::Getal("euro")),
            kolom("begroting", "Begroting", Soort::Getal("euro")),
            kolom(
                "overschrijding",
                "Verwachte overschrijding (prognose − begroting)",
                Soort::Getal("euro"),
            ),
            kolom("begroting_bron", "Bron begroting", Soort::Tekst),
            kolom("soort", "Soort cijfer", Soort::Tekst),
        ],
    );
    for p in v {
        t.rijen.push(vec![
            tekst(match p.niveau {
                Niveau::Regio => "Regio".to_string(),
                _ => p.naam.clone().unwrap_or_else(|| p.code.clone()),
            }),
            tekst(splitsing(&p.uitsplitsing)),
            tekst(maand(&p.tot_maand)),
            Cel::Getal(Some(p.gerealiseerd)),
            Cel::Getal(Some(p.prognose)),
            Cel::Getal(Some(p.ondergrens)),
            Cel::Getal(Some(p.bovengrens)),
            Cel::Getal(Some(p.vorig_jaar)),
            Cel::Getal(p.streefwaarde),
            Cel::Getal(p.verschil_pad()),
            Cel::Getal(p.begroting),
            Cel::Getal(p.overschrijding()),
            tekst(p.begroting_bron.clone().unwrap_or_default()),
            tekst("prognose"),
        ]);
    }
    t
}

/// The region's total projection in one sentence.
fn jaarzin(s: &Staat, r: &Releasedata) -> String {
    let Some(p) = jaarprognoses(r)
        .into_iter()
        .find(|p| p.niveau == Niveau::Regio && p.uitsplitsing.is_totaal())
    else {
        return String::new();
    };
    let e = |x: f64| getal::met_eenheid(Some(x), "euro");
    let mut z = format!(
        "Verwachte kosten {} in regio {}: {} (80%-interval {} tot {}), tegen {} vorig jaar; \
         gegevens t/m {}.",
        p.jaar,
        s.regio.naam,
        e(p.prognose),
        e(p.ondergrens),
        e(p.bovengrens),
        e(p.vorig_jaar),
        maand(&p.tot_maand)
    );
    if let Some(o) = p.overschrijding() {
        z.push_str(&if o > 0.0 {
            format!(" Verwachte overschrijding van de begroting: {}.", e(o))
        } else {
            format!(" Verwacht binnen de begroting, met {} over.", e(-o))
        });
    }
    z
}

/// A table of this page for its download.
pub(crate) fn tabel(s: &Staat, r: &Releasedata, id: &str) -> Option<Tabel> {
    if id == "jaarprognose" {
        return Some(jaarprognose_tabel(r));
    }
    if let Some(t) = verblijf::tabel(s, r, id) {
        return Some(t);
    }
    Grootheid::ALLE
        .into_iter()
        .find(|g| format!("vooruitblik-{}", g.id().replace('_', "-")) == id)
        .map(|g| nowcast_tabel(s, r, g))
}

/// The nowcast of a quantity in one area and month, for the indicator page's trend table.
pub fn bij_waarde<'a>(
    r: &'a Releasedata,
    g: Grootheid,
    niveau: Niveau,
    code: &str,
    periode: &str,
) -> Option<&'a Nowcast> {
    r.nowcasts().find(|x| {
        x.grootheid == g.id() && x.niveau == niveau && x.code == code && x.periode == periode
    })
}

/// One quantity on the page: its table and a sentence for the region's newest judged month.
pub struct Blok {
    pub titel: &'static str,
    pub uitleg: String,
    pub tabel: TabelWeergave,
    pub leeg: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "vooruitblik.html")]
pub struct VooruitblikPagina {
    pub kop: Kop,
    pub blokken: Vec<Blok>,
    pub berekend: bool,
    pub jaar: Blok,
}

#[derive(Template, WebTemplate)]
#[template(path = "vooruitblik_methode.html")]
pub struct MethodePagina {
    pub kop: Kop,
    pub inhoud: String,
}

/// The region's newest nowcast of a quantity in one sentence.
fn regiozin(s: &Staat, r: &Releasedata, g: Grootheid) -> String {
    let Some(x) = zichtbaar(r)
        .into_iter()
        .filter(|x| x.grootheid == g.id() && x.niveau == Niveau::Regio)
        .max_by(|a, b| a.periode.cmp(&b.periode))
    else {
        return String::new();
    };
    let e = if g == Grootheid::Kosten {
        "euro"
    } else {
        "aantal"
    };
    let fmt = |v: f64| getal::met_eenheid(Some(v), e);
    format!(
        "{}, regio {}, {}: nu {} geleverd; na aanvulling verwacht {} (80%-interval {} tot {}).",
        g.naam(),
        s.regio.naam,
        maand(&x.periode),
        fmt(x.waargenomen),
        fmt(x.verwacht),
        fmt(x.ondergrens),
        fmt(x.bovengrens),
    )
}

pub fn pagina_maak(s: &Staat, r: &Releasedata, f: &Filters) -> VooruitblikPagina {
    let k = Keuze::maak(s, r, f);
    let blokken = Grootheid::ALLE
        .into_iter()
        .map(|g| {
            let t = nowcast_tabel(s, r, g);
            Blok {
                titel: g.naam(),
                uitleg: regiozin(s, r, g),
                leeg: t.rijen.is_empty(),
                tabel: weergave(&t, &k, &[]),
            }
        })
        .collect();
    let jt = jaarprognose_tabel(r);
    let jaar = Blok {
        titel: "Jaarprognose kosten",
        uitleg: jaarzin(s, r),
        leeg: jt.rijen.is_empty(),
        tabel: weergave(&jt, &k, &[]),
    };
    VooruitblikPagina {
        kop: kop(s, r, &k, "vooruitblik"),
        blokken,
        jaar,
        berekend: r
            .manifest
            .tabellen
            .contains_key(pipeline::indicatoren::nowcast::TABEL),
    }
}
