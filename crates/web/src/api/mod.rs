//! The JSON API over a release's stored (suppressed) results: `/api/indicatoren`,
//! `/api/tabellen/{id}` (any page table), `/api/releases`, `/api/catalogus` and
//! `/api/openapi.json` ([`openapi`]). The PDCA part of the API lives in `pdca::api`, the
//! account (`/api/ik`) in `toegang`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use pipeline::indicatoren::uitvoer::Waarde;
use serde::Deserialize;

use crate::dashboard::download::veilige_tabel;
use crate::filters::Filters;
use crate::staat::Staat;
use crate::toegang::{Logregel, Routes, Wie};
use crate::{Gedeeld, cache, tabel};

mod fout;
pub mod openapi;

pub(crate) use fout::{ApiFout, Invoer, Pad, Zoek};

/// Every account may read the API (the data rule filters what it answers); a table by its
/// id as for downloads, logged.
pub(crate) fn router() -> Routes {
    Routes::api()
        .get("/api/indicatoren", Wie::Ingelogd, api_indicatoren)
        .get(
            "/api/tabellen/{id}",
            Wie::Tabel("id").logt(Logregel::TabelOpgevraagd),
            api_tabel,
        )
        .get("/api/releases", Wie::Ingelogd, api_releases)
        .get("/api/catalogus", Wie::Ingelogd, api_catalogus)
        .get("/api/openapi.json", Wie::Ingelogd, api_openapi)
        // Any other path under /api/ answers JSON too (not the HTML 404 page).
        .get("/api/{*pad}", Wie::Ingelogd, api_niet_gevonden)
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
async fn api_indicatoren(State(s): State<Gedeeld>, Zoek(f): Zoek<ApiFilters>) -> Response {
    cache::bewaard(&s, "/api/indicatoren", format!("{f:?}"), || async {
        api_indicatoren_maak(&s, &f).into_response()
    })
    .await
}

fn api_indicatoren_maak(s: &Staat, f: &ApiFilters) -> Result<Response, ApiFout> {
    let r = s
        .release(f.release.as_deref())
        .map_err(|e| ApiFout::NietGevonden(e.to_string()))?;
    let past = |a: &Option<String>, b: &str| a.as_deref().is_none_or(|a| a == b);
    let v: Vec<&Waarde> = r
        .zichtbaar()
        .filter(|w| {
            past(&f.indicator, &w.indicator)
                && past(&f.periode, &w.periode)
                && past(&f.niveau, w.niveau.id())
                && past(&f.code, &w.code)
                && past(&f.uitsplitsing, &w.uitsplitsing)
        })
        .collect();
    Ok(Json(v).into_response())
}

/// A page table as JSON: 404 for an unknown table or release, 500 (JSON) when the
/// suppression check refuses it.
async fn api_tabel(
    State(s): State<Gedeeld>,
    Pad(id): Pad<String>,
    Zoek(f): Zoek<Filters>,
) -> Result<Json<serde_json::Value>, ApiFout> {
    let t = veilige_tabel(&s, &f, &id)?;
    Ok(Json(serde_json::json!({
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
    })))
}

async fn api_niet_gevonden(Pad(pad): Pad<String>) -> ApiFout {
    ApiFout::NietGevonden(format!("/api/{pad} bestaat niet; zie /api/openapi.json."))
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
