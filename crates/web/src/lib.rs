//! The web dashboard (axum): pages and a JSON API over the results stored with a release.
//!
//! Invariants: pages are rendered from a release's stored (already suppressed) results and
//! never compute an indicator; no pseudonym reaches this crate; the UI is Dutch, with a
//! decimal comma, and never uses colour alone for a status. Templates live in
//! `dashboards/templates` (askama, auto-escaping).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use model::{Periode, Regio, getal};
use pipeline::Manifest;
use pipeline::indicatoren::bereken::{Catalogus, IndicatorDef};
use pipeline::indicatoren::uitvoer::Waarde;
use serde::Deserialize;



pub struct Staat {
    pub regio: Regio,
    pub release: Manifest,
    pub waarden: Vec<Waarde>,
    pub catalogus: Catalogus,
    /// All periods with values, newest first, and the one shown by default: worked out once
    /// at start, not on every page view.
    perioden: Vec<Periode>,
    standaard: Option<Periode>,
}

impl Staat {
    pub fn laad(data: &std::path::Path, regio: Regio) -> Result<Staat, pipeline::IngestFout> {
        let release = pipeline::releases(data)?
            .pop()
            .ok_or_else(|| pipeline::IngestFout::GeenInvoer(data.display().to_string()))?;
        let waarden = pipeline::indicatoren::uitvoer::lees_waarden(data, &release.id)?;
        let perioden = perioden(&waarden);
        let voorlopig: std::collections::HashSet<&str> = waarden
            .iter()
            .filter(|w| w.voorlopig)
            .map(|w| w.periode.as_str())
            .collect();
        // The newest complete, final year: the period people look at first.
        let standaard = perioden
            .iter()
            .find(|p| matches!(p, Periode::Jaar(_)) && !voorlopig.contains(p.to_string().as_str()))
            .or(perioden.first())
            .copied();
        Ok(Staat {
            regio,
            release,
            waarden,
            catalogus: Catalogus::standaard(),
            perioden,
            standaard,
        })
    }
}

type Gedeeld = Arc<Staat>;

pub fn app(staat: Staat) -> Router {
    Router::new()
        .route("/", get(overzicht))
        .route("/definities", get(definities))
        .route("/api/indicatoren", get(api_indicatoren))
        .route("/static/jeugdstuur.css", get(css))
        .with_state(Arc::new(staat))
}

/// Serves until Ctrl-C.
pub async fn serve(staat: Staat, addr: SocketAddr) -> std::io::Result<()> {
    let luisteraar = tokio::net::TcpListener::bind(addr).await?;
    let echt = luisteraar.local_addr()?;
    println!("Jeugdstuur draait op http://{echt}/  (stoppen: Ctrl-C)");
    axum::serve(luisteraar, app(staat))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("afsluiten");
        })
        .await
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../../dashboards/static/jeugdstuur.css"),
    )
}

struct Kop {
    regio: String,
    release: String,
    laatste_levering: String,
    drempel: u32,
}

fn kop(s: &Staat) -> Kop {
    Kop {
        regio: s.regio.naam.clone(),
        release: s.release.id.clone(),
        laatste_levering: s.release.laatste_aanlevering.clone().unwrap_or_default(),
        drempel: s.regio.onderdrukkingsdrempel,
    }
}

#[derive(Deserialize, Default)]
struct Filters {
    periode: Option<String>,
    code: Option<String>,
}

struct Rij {
    naam: String,
    waarde: String,
    interval: String,
    landelijk: String,
    streef: String,
    status: String,
    status_klasse: String,
    voorlopig: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "overzicht.html")]
struct Overzicht {
    regio: String,
    release: String,
    laatste_levering: String,
    drempel: u32,
    naam: String,
    periode: String,
    periode_label: String,
    perioden: Vec<String>,
    code: String,
    gebieden: Vec<(String, String)>,
    rijen: Vec<Rij>,
}

fn perioden(waarden: &[Waarde]) -> Vec<Periode> {
    let mut ps: Vec<Periode> = waarden
        .iter()
        .filter_map(|w| Periode::parse(&w.periode).ok())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    ps.reverse();
    ps
}

async fn overzicht(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> impl IntoResponse {
    let periode = f
        .periode
        .as_deref()
        .and_then(|p| Periode::parse(p).ok())
        .or(s.standaard);
    let code = f.code.clone().unwrap_or_else(|| "regio".into());
    let niveau = if code == "regio" { "regio" } else { "gemeente" };
    let mut gebieden = vec![("regio".to_string(), s.regio.naam.clone())];
    gebieden.extend(
        s.regio
            .gemeenten
            .iter()
            .map(|g| (g.code.to_string(), g.naam.clone())),
    );
    let naam = gebieden
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| code.clone());
    let pstr = periode.map(|p| p.to_string()).unwrap_or_default();
    let index: BTreeMap<(&str, &str), &Waarde> = s
        .waarden
        .iter()
        .filter(|w| w.periode == pstr && w.code == code && w.niveau == niveau)
        .map(|w| ((w.indicator.as_str(), w.uitsplitsing.as_str()), w))
        .collect();
    let rijen = s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.iter().any(|n| n == niveau))
        .map(|d| {
            rij(
                d,
                index.get(&(d.id.as_str(), d.hoofd.as_str())).copied(),
                s.regio.onderdrukkingsdrempel,
            )
        })
        .collect();
    let k = kop(&s);
    Overzicht {
        regio: k.regio,
        release: k.release,
        laatste_levering: k.laatste_levering,
        drempel: k.drempel,
        naam,
        periode_label: periode.map(|p| p.label()).unwrap_or_default(),
        periode: pstr,
        perioden: s.perioden.iter().map(|p| p.to_string()).collect(),
        code,
        gebieden,
        rijen,
    }
}

fn rij(d: &IndicatorDef, w: Option<&Waarde>, drempel: u32) -> Rij {
    let fmt = |x: Option<f64>| getal::met_eenheid(x, &d.eenheid);
    let (status, klasse) = match w.and_then(|w| w.status.as_deref()) {
        Some("op koers") => ("✓ op koers", "op-koers"),
        Some("aandacht") => ("! aandacht", "aandacht"),
        Some("afwijkend") => ("✗ afwijkend", "afwijkend"),
        _ => ("", ""),
    };
    let waarde = match w {
        None => "geen gegevens".to_string(),
        Some(w) if w.onderdrukt => format!("niet getoond (< {drempel})"),
        Some(w) => fmt(w.waarde),
    };
    Rij {
        naam: if d.hoofd_label.is_empty() {
            d.naam.clone()
        } else {
            format!("{} ({})", d.naam, d.hoofd_label)
        },
        waarde,
        interval: match w.and_then(|w| w.ci_laag.zip(w.ci_hoog)) {
            Some((lo, hi)) => format!(
                "{} – {}",
                getal::nl(lo, 1),
                getal::met_eenheid(Some(hi), &d.eenheid)
            ),
            None => String::new(),
        },
        landelijk: match w.and_then(|w| w.landelijk.map(|l| (l, w.landelijk_periode.clone()))) {
            Some((l, p)) => format!(
                "{} ({})",
                getal::met_eenheid(Some(l), &d.eenheid),
                p.unwrap_or_default()
            ),
            None => String::new(),
        },
        streef: w
            .and_then(|w| w.streefwaarde)
            .map(|x| getal::met_eenheid(Some(x), &d.eenheid))
            .unwrap_or_default(),
        status: status.to_string(),
        status_klasse: klasse.to_string(),
        voorlopig: w.is_some_and(|w| w.voorlopig),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "definities.html")]
struct Definities {
    regio: String,
    release: String,
    laatste_levering: String,
    drempel: u32,
    indicatoren: Vec<IndicatorDef>,
}

async fn definities(State(s): State<Gedeeld>) -> impl IntoResponse {
    let k = kop(&s);
    Definities {
        regio: k.regio,
        release: k.release,
        laatste_levering: k.laatste_levering,
        drempel: k.drempel,
        indicatoren: s.catalogus.indicatoren.clone(),
    }
}

#[derive(Deserialize)]
struct ApiFilters {
    indicator: Option<String>,
    periode: Option<String>,
    niveau: Option<String>,
    code: Option<String>,
}

/// The stored (suppressed) values as JSON, filtered by the query.
async fn api_indicatoren(
    State(s): State<Gedeeld>,
    Query(f): Query<ApiFilters>,
) -> Json<Vec<Waarde>> {
    let past = |a: &Option<String>, b: &str| a.as_deref().is_none_or(|a| a == b);
    Json(
        s.waarden
            .iter()
            .filter(|w| {
                past(&f.indicator, &w.indicator)
                    && past(&f.periode, &w.periode)
                    && past(&f.niveau, &w.niveau)
                    && past(&f.code, &w.code)
            })
            .cloned()
            .collect(),
    )
}

/// Where `serve` keeps its data when no folder is given.
pub fn standaard_datamap() -> PathBuf {
    PathBuf::from("jeugdstuur-data")
}
