//! The web dashboard (axum): pages, downloads and a JSON API over the results stored with a
//! release.
//!
//! Invariants: pages are rendered from a release's stored (already suppressed) results and
//! never compute an indicator; every table a page shows is one [`tabel::Tabel`], and its
//! downloads (CSV, xlsx, Parquet, Arrow, JSON) serialise that same table after the shared
//! suppression check ([`tabel::Tabel::veilig`]); no pseudonym reaches this crate's output; the
//! UI is Dutch, with a decimal comma, and never uses colour alone for a status. Filters live
//! in the URL. Templates live in `dashboards/templates` (askama, auto-escaping).

// Handlers return an error page as `Err(Response)`; boxing it buys nothing here.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use pipeline::indicatoren::uitvoer::Waarde;
use serde::Deserialize;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub mod aanbieders;
pub mod beheer;
pub mod cache;
pub mod filters;
pub mod grenzen;
pub mod jaarrapport;
pub mod openapi;
pub mod paginas;
pub mod pdca;
pub mod staat;
pub mod tabel;
pub mod toegang;

use filters::Filters;
pub use staat::Staat;

pub(crate) type Gedeeld = Arc<Staat>;

pub fn app(staat: Staat) -> Router {
    let gedeeld = Arc::new(staat);
    Router::new()
        .route("/", get(overzicht))
        .route("/indicator/{id}", get(indicator))
        .route("/gemeente", get(gemeente))
        .route("/gemeente/{code}", get(gemeente_code))
        .route("/verblijf", get(verblijf))
        .route("/datakwaliteit", get(datakwaliteit))
        .route("/definities", get(definities))
        // Provider-level pages (aanbieders::is_aanbiederpad): for roles allowed to see them.
        .route("/aanbieders", get(aanbieders_lijst))
        .route("/aanbieder/{agb}", get(aanbieder))
        .route("/vergelijking/{id}", get(vergelijking))
        .route("/download/{bestand}", get(download))
        // PDCA: sessions, duidingen, actions (user data in the store).
        .route("/sessies", get(pdca::sessies).post(pdca::maak_sessie))
        .route("/sessie/{id}", get(pdca::sessie))
        .route("/sessie/{id}/duiding", post(pdca::sessie_duiding))
        .route("/sessie/{id}/actie", post(pdca::sessie_actie))
        .route("/sessie/{id}/{bestand}", get(pdca::verslag))
        .route("/duiding/{id}", post(pdca::wijzig_duiding))
        .route("/actie/{id}", post(pdca::wijzig_actie))
        .route("/acties", get(pdca::acties))
        .route("/pdca", get(pdca::jaar))
        .route("/jaarrapport/{bestand}", get(jaarrapport::download))
        .route(
            "/api/sessies",
            get(pdca::api_sessies).post(pdca::api_maak_sessie),
        )
        .route("/api/sessies/{id}", get(pdca::api_sessie))
        .route(
            "/api/duidingen",
            get(pdca::api_duidingen).post(pdca::api_maak_duiding),
        )
        .route("/api/duidingen/{id}", put(pdca::api_wijzig_duiding))
        .route(
            "/api/acties",
            get(pdca::api_acties).post(pdca::api_maak_actie),
        )
        .route("/api/acties/{id}", put(pdca::api_wijzig_actie))
        .route(
            "/api/geschiedenis/{tabel}/{id}",
            get(pdca::api_geschiedenis),
        )
        .route("/api/indicatoren", get(api_indicatoren))
        .route("/api/tabellen/{id}", get(api_tabel))
        .route("/api/releases", get(api_releases))
        .route("/api/catalogus", get(api_catalogus))
        .route("/api/openapi.json", get(api_openapi))
        // Accounts (toegang): login, logout; everything else passes toegang::bewaak.
        .route(
            "/inloggen",
            get(toegang::inlogpagina).post(toegang::inloggen),
        )
        .route("/uitloggen", post(toegang::uitloggen))
        .route("/api/ik", get(toegang::api_ik))
        .route(
            "/beheer/gebruikers",
            get(beheer::gebruikers).post(beheer::gebruiker_toevoegen),
        )
        .route(
            "/beheer/gebruikers/uitschakelen",
            post(beheer::gebruiker_uitschakelen),
        )
        .route("/beheer/logboek", get(beheer::logboek))
        .route(
            "/beheer/levering",
            get(beheer::levering).post(beheer::levering_inlezen),
        )
        .route("/static/jeugdstuur.css", get(css))
        .route("/static/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .fallback(niet_gevonden)
        .layer(axum::middleware::from_fn_with_state(
            gedeeld.clone(),
            toegang::bewaak,
        ))
        .layer(axum::middleware::from_fn(toegang::beveiligingskoppen))
        // A line per request only with `RUST_LOG=tower_http=debug`: at INFO it cost 12% of the
        // CPU of a cached page. Server errors (5xx) are still logged at ERROR.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::DEBUG))
                .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
        )
        .with_state(gedeeld)
}

/// A PDF made off the async workers (typst takes 0,1 to 1 s), as the user of the request (so
/// the data rule of `toegang` holds on that thread too), served as the download `naam.pdf`.
pub(crate) async fn pdf_download<E: std::fmt::Display + Send + 'static>(
    naam: &str,
    wat: &str,
    maak: impl FnOnce() -> Result<Vec<u8>, E> + Send + 'static,
) -> Response {
    let wie = toegang::huidige();
    match tokio::task::spawn_blocking(move || toegang::als(wie, maak)).await {
        Ok(Ok(pdf)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{naam}.pdf\""),
                ),
            ],
            pdf,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!("{wat}: {e}");
            fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "PDF mislukt",
                &e.to_string(),
            )
        }
        Err(e) => {
            tracing::error!("{wat}: {e}");
            fout(StatusCode::INTERNAL_SERVER_ERROR, "PDF mislukt", "")
        }
    }
}

/// Serves until Ctrl-C (or SIGTERM), finishing requests in flight.
pub async fn serve(staat: Staat, addr: SocketAddr) -> std::io::Result<()> {
    let luisteraar = tokio::net::TcpListener::bind(addr).await?;
    let echt = luisteraar.local_addr()?;
    if let Some(st) = &staat.store {
        let _ = st
            .log(
                "systeem",
                "server gestart",
                &format!("release {}", staat.nieuwste_id()),
            )
            .await;
    }
    println!("Jeugdstuur draait op http://{echt}/  (stoppen: Ctrl-C)");
    axum::serve(grenzen::bewaak(luisteraar), grenzen::begrens(app(staat)))
        .with_graceful_shutdown(async {
            let ctrl_c = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            #[cfg(unix)]
            let term = async {
                if let Ok(mut s) =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                {
                    s.recv().await;
                }
            };
            #[cfg(not(unix))]
            let term = std::future::pending::<()>();
            tokio::select! { _ = ctrl_c => {}, _ = term => {} }
            tracing::info!("afsluiten");
        })
        .await
}

/// Where `serve` keeps its data when no folder is given.
pub fn standaard_datamap() -> PathBuf {
    PathBuf::from("jeugdstuur-data")
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("../../../dashboards/static/jeugdstuur.css"),
    )
}

async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        include_str!("../../../dashboards/static/favicon.svg"),
    )
}

#[derive(Template)]
#[template(path = "fout.html")]
struct FoutPagina {
    titel: String,
    tekst: String,
}

pub(crate) fn fout(status: StatusCode, titel: &str, tekst: &str) -> Response {
    let html = FoutPagina {
        titel: titel.into(),
        tekst: tekst.into(),
    }
    .render()
    .unwrap_or_else(|_| titel.to_string());
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

async fn niet_gevonden() -> Response {
    fout(
        StatusCode::NOT_FOUND,
        "Pagina niet gevonden",
        "Deze pagina bestaat niet. Kies een onderdeel in het menu.",
    )
}

/// The release a request asks for, or an error page naming it.
pub(crate) fn release(s: &Staat, f: &Filters) -> Result<Arc<staat::Releasedata>, Response> {
    let id = f.release.as_deref().filter(|x| !x.is_empty());
    s.release(id).map_err(|e| {
        tracing::warn!("release niet te lezen: {e}");
        fout(
            StatusCode::NOT_FOUND,
            "Release niet gevonden",
            &format!(
                "Release {} bestaat niet of is niet leesbaar. Kies een release in het filter.",
                id.unwrap_or("(nieuwste)")
            ),
        )
    })
}

pub(crate) fn html(t: impl Template) -> Response {
    match t.render() {
        Ok(h) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], h).into_response(),
        Err(e) => {
            tracing::error!("sjabloon: {e}");
            fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Er ging iets mis",
                "De pagina kon niet worden opgebouwd.",
            )
        }
    }
}

async fn overzicht(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    cache::bewaard(&s, "/", format!("{f:?}"), || overzicht_maak(&s, &f)).await
}

async fn overzicht_maak(s: &Staat, f: &Filters) -> Response {
    match release(s, f) {
        Ok(r) => {
            let mut p = paginas::overzicht(s, &r, f);
            let (niveau, code) = p.k.gebied();
            let duidingen = pdca::laatste_duidingen(s, niveau, &code, &p.k.periode_id()).await;
            for rij in &mut p.rijen {
                rij.duiding = duidingen.get(&rij.id).cloned().unwrap_or_default();
            }
            html(p)
        }
        Err(e) => e,
    }
}

async fn indicator(
    State(s): State<Gedeeld>,
    Path(id): Path<String>,
    Query(f): Query<Filters>,
) -> Response {
    let Some(d) = s.catalogus.get(&id) else {
        return fout(
            StatusCode::NOT_FOUND,
            "Indicator niet gevonden",
            &format!("Er is geen indicator met de naam '{id}'. Zie de definities."),
        );
    };
    cache::bewaard(
        &s,
        &format!("/indicator/{id}"),
        format!("{f:?}"),
        || async {
            match release(&s, &f) {
                Ok(r) => {
                    let mut p = paginas::indicator(&s, &r, d, &f);
                    let (niveau, code) = p.k.gebied();
                    p.duidingen = pdca::duidingen_bij(&s, &d.id, niveau, &code).await;
                    html(p)
                }
                Err(e) => e,
            }
        },
    )
    .await
}

/// A page built synchronously from the release, through the page cache.
async fn pagina(
    s: &Staat,
    route: &str,
    f: &Filters,
    maak: impl Fn(&Staat, &staat::Releasedata, &Filters) -> Response,
) -> Response {
    cache::bewaard(s, route, format!("{f:?}"), || async {
        match release(s, f) {
            Ok(r) => maak(s, &r, f),
            Err(e) => e,
        }
    })
    .await
}

async fn gemeente(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/gemeente", &f, |s, r, f| {
        html(paginas::gemeente(s, r, f))
    })
    .await
}

async fn gemeente_code(
    State(s): State<Gedeeld>,
    Path(code): Path<String>,
    Query(mut f): Query<Filters>,
) -> Response {
    if !s.regio.gemeenten.iter().any(|g| g.code.to_string() == code) {
        return fout(
            StatusCode::NOT_FOUND,
            "Gemeente niet gevonden",
            &format!("{code} is geen gemeente van regio {}.", s.regio.naam),
        );
    }
    f.gemeente = Some(code);
    pagina(&s, "/gemeente/", &f, |s, r, f| {
        html(paginas::gemeente(s, r, f))
    })
    .await
}

async fn verblijf(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/verblijf", &f, |s, r, f| {
        html(paginas::verblijf(s, r, f))
    })
    .await
}

async fn datakwaliteit(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/datakwaliteit", &f, |s, r, f| {
        html(paginas::datakwaliteit(s, r, f))
    })
    .await
}

async fn definities(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/definities", &f, |s, r, f| {
        let k = filters::Keuze::maak(s, r, f);
        html(paginas::Definities {
            kop: paginas::kop(s, r, &k, "definities"),
            indicatoren: s.catalogus.indicatoren.clone(),
        })
    })
    .await
}

async fn aanbieders_lijst(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/aanbieders", &f, |s, r, f| {
        html(aanbieders::lijst(s, r, f))
    })
    .await
}

async fn aanbieder(
    State(s): State<Gedeeld>,
    Path(agb): Path<String>,
    Query(f): Query<Filters>,
) -> Response {
    pagina(
        &s,
        &format!("/aanbieder/{agb}"),
        &f,
        |s, r, f| match aanbieders::profiel(s, r, &agb, f) {
            Some(p) => html(p),
            None => fout(
                StatusCode::NOT_FOUND,
                "Aanbieder niet gevonden",
                &format!(
                    "Er zijn geen cijfers van aanbieder {agb} in release {}.",
                    r.manifest.id
                ),
            ),
        },
    )
    .await
}

async fn vergelijking(
    State(s): State<Gedeeld>,
    Path(id): Path<String>,
    Query(f): Query<Filters>,
) -> Response {
    let Some(d) = s.catalogus.get(&id) else {
        return fout(
            StatusCode::NOT_FOUND,
            "Indicator niet gevonden",
            &format!("Er is geen indicator met de naam '{id}'."),
        );
    };
    pagina(&s, &format!("/vergelijking/{id}"), &f, |s, r, f| {
        html(aanbieders::vergelijking(s, r, d, f))
    })
    .await
}

/// The table behind a page, checked by the shared suppression step.
fn veilige_tabel(s: &Staat, f: &Filters, id: &str) -> Result<tabel::Tabel, Response> {
    let r = release(s, f)?;
    let t = paginas::tabel(s, &r, f, id)
        .or_else(|| aanbieders::tabel(s, &r, f, id))
        .ok_or_else(|| {
            fout(
                StatusCode::NOT_FOUND,
                "Tabel niet gevonden",
                &format!("Er is geen tabel '{id}'."),
            )
        })?;
    t.veilig(s.regio.onderdrukkingsdrempel).map_err(|e| {
        tracing::error!("onderdrukking: {e}");
        fout(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Download geweigerd",
            "Deze tabel bevat een klein aantal dat niet getoond mag worden.",
        )
    })?;
    Ok(t)
}

/// `/download/{tabel}.{csv|xlsx|parquet|arrow|json}` with the page's filters.
async fn download(
    State(s): State<Gedeeld>,
    Path(bestand): Path<String>,
    Query(f): Query<Filters>,
) -> Response {
    let (id, ext) = match bestand.rsplit_once('.') {
        Some((i, e)) => (i.to_string(), e.to_string()),
        None => (bestand.clone(), f.formaat.clone().unwrap_or("csv".into())),
    };
    let t = match veilige_tabel(&s, &f, &id) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let r = match release(&s, &f) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let k = filters::Keuze::maak(&s, &r, &f);
    let naam = format!(
        "{}_{}{}.{ext}",
        t.id,
        k.periode_id(),
        if k.nieuwste {
            String::new()
        } else {
            format!("_{}", k.release)
        }
    );
    let (inhoud, soort): (Result<Vec<u8>, String>, &str) = match ext.as_str() {
        "csv" => (Ok(t.csv()), "text/csv; charset=utf-8"),
        "xlsx" => (
            t.xlsx().map_err(|e| e.to_string()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "parquet" => (
            t.parquet().map_err(|e| e.to_string()),
            "application/vnd.apache.parquet",
        ),
        "arrow" => (
            t.arrow().map_err(|e| e.to_string()),
            "application/vnd.apache.arrow.stream",
        ),
        "json" => (
            serde_json::to_vec_pretty(&t.json()).map_err(|e| e.to_string()),
            "application/json",
        ),
        _ => {
            return fout(
                StatusCode::BAD_REQUEST,
                "Onbekend formaat",
                &format!("'{ext}' kennen we niet: kies csv, xlsx, parquet, arrow of json."),
            );
        }
    };
    match inhoud {
        Ok(b) => {
            tracing::info!(tabel = %t.id, formaat = %ext, rijen = t.rijen.len(), "download");
            let mut resp = (StatusCode::OK, b).into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(soort));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{naam}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            resp
        }
        Err(e) => {
            tracing::error!("download {naam}: {e}");
            fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Download mislukt",
                "Het bestand kon niet worden gemaakt.",
            )
        }
    }
}

#[derive(Deserialize, Debug)]
struct ApiFilters {
    indicator: Option<String>,
    periode: Option<String>,
    niveau: Option<String>,
    code: Option<String>,
    uitsplitsing: Option<String>,
    release: Option<String>,
}

/// The stored (suppressed) values as JSON, filtered by the query (through the page cache).
async fn api_indicatoren(State(s): State<Gedeeld>, Query(f): Query<ApiFilters>) -> Response {
    cache::bewaard(&s, "/api/indicatoren", format!("{f:?}"), || async {
        api_indicatoren_maak(&s, &f)
    })
    .await
}

fn api_indicatoren_maak(s: &Staat, f: &ApiFilters) -> Response {
    let r = match s.release(f.release.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            return (
                StatusCode::NOT_FOUND,
                Json(serde_json::json!({"fout": e.to_string()})),
            )
                .into_response();
        }
    };
    let past = |a: &Option<String>, b: &str| a.as_deref().is_none_or(|a| a == b);
    let v: Vec<&Waarde> = r
        .zichtbaar()
        .filter(|w| {
            past(&f.indicator, &w.indicator)
                && past(&f.periode, &w.periode)
                && past(&f.niveau, &w.niveau)
                && past(&f.code, &w.code)
                && past(&f.uitsplitsing, &w.uitsplitsing)
        })
        .collect();
    Json(v).into_response()
}

async fn api_tabel(
    State(s): State<Gedeeld>,
    Path(id): Path<String>,
    Query(f): Query<Filters>,
) -> Response {
    match veilige_tabel(&s, &f, &id) {
        Ok(t) => Json(serde_json::json!({
            "id": t.id,
            "titel": t.titel,
            "kolommen": t.kolommen.iter().map(|k| serde_json::json!({
                "id": k.id,
                "label": k.label,
                "soort": match k.soort {
                    tabel::Soort::Tekst => "tekst",
                    tabel::Soort::Getal(_) => "getal",
                    tabel::Soort::Telling => "telling",
                    tabel::Soort::JaNee => "janee",
                },
            })).collect::<Vec<_>>(),
            "rijen": t.json(),
        }))
        .into_response(),
        Err(_) => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"fout": format!("geen tabel '{id}'")})),
        )
            .into_response(),
    }
}

async fn api_releases(State(s): State<Gedeeld>) -> Response {
    let v: Vec<serde_json::Value> = s.met_releases(|v| {
        v.iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id,
                    "aangemaakt": m.aangemaakt,
                    "vorige": m.vorige,
                    "laatste_aanlevering": m.laatste_aanlevering,
                    "tabellen": m.tabellen,
                    "wijzigingen": m.wijzigingen,
                    "code_versie": m.code_versie,
                })
            })
            .collect()
    });
    Json(v).into_response()
}

async fn api_catalogus(State(s): State<Gedeeld>) -> Response {
    Json(&s.catalogus.indicatoren).into_response()
}

async fn api_openapi() -> Response {
    Json(openapi::document()).into_response()
}
