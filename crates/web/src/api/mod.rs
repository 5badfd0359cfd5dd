//! The JSON API over a release's stored (suppressed) results: `/api/indicatoren`,
//! `/api/tabellen/{id}` (any page table), `/api/releases`, `/api/catalogus` and
//! `/api/openapi.json` ([`openapi`]). The PDCA part of the API lives in `pdca::api`, the
//! account (`/api/ik`) in `toegang`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use pipeline::indicatoren::uitvoer::Waarde;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dashboard::download::veilige_tabel;
use crate::filters::Filters;
use crate::staat::Staat;
use crate::toegang::{Logregel, Routes, Wie};
use crate::{Gedeeld, cache, tabel};

mod fout;
pub mod openapi;

pub(crate) use fout::{ApiFout, Fout, Invoer, Pad, Zoek};

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

/// The query of `/api/indicatoren`: every filter is an exact match, absent is "any".
#[derive(Deserialize, Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ApiFilters {
    /// Indicator id from the catalogue (`/api/catalogus`).
    indicator: Option<String>,
    /// Period, e.g. 2024, 2024-H1, 2024-Q3, 2024-07.
    periode: Option<String>,
    /// regio, gemeente, aanbieder or aanbieder_gemeente.
    niveau: Option<String>,
    /// regio, a CBS gemeente code (GM0153) or an AGB code.
    code: Option<String>,
    /// The split, e.g. totaal or segment_verblijf.
    uitsplitsing: Option<String>,
    /// Release id, e.g. r0001 (default: the newest).
    release: Option<String>,
}

/// The stored (suppressed) values as JSON, filtered by the query (through the page cache).
#[utoipa::path(get, path = "/api/indicatoren", tag = "cijfers",
    summary = "Indicatorwaarden van een release (na onderdrukking; alleen wat uw rol mag zien)",
    params(ApiFilters),
    responses(
        (status = 200, description = "waarden", body = Vec<openapi::Waarde>),
        (status = 400, description = "De zoekparameters kloppen niet.", body = Fout),
        (status = 404, description = "Deze release bestaat niet (of er is nog geen).", body = Fout),
    ))]
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

/// A page table as JSON (what `/api/tabellen/{id}` answers).
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ApiTabel {
    id: String,
    titel: String,
    kolommen: Vec<ApiKolom>,
    /// One object per row: column id → text, number, yes/no or null (a hidden or missing
    /// value).
    #[schema(value_type = Vec<Object>)]
    rijen: serde_json::Value,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ApiKolom {
    id: String,
    label: String,
    soort: KolomSoort,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum KolomSoort {
    Tekst,
    Getal,
    Telling,
    Janee,
}

/// A page table as JSON: 404 for an unknown table or release, 500 (JSON) when the
/// suppression check refuses it.
#[utoipa::path(get, path = "/api/tabellen/{id}", tag = "cijfers",
    summary = "Een tabel zoals een pagina hem toont (dezelfde tabel als de downloads)",
    params(
        ("id" = String, Path, example = "overzicht", description = "overzicht, verblijf, volledigheid, afgewezen, waarschuwingen, wijzigingen, trend-{indicator}, gemeenten-{indicator}, gemeente-{GMcode}, aanbieder-{agb}, …"),
        Filters,
    ),
    responses(
        (status = 200, description = "tabel met kolommen en rijen", body = ApiTabel),
        (status = 400, description = "Het adres of de zoekparameters kloppen niet.", body = Fout),
        (status = 404, description = "Onbekende tabel of release.", body = Fout),
        (status = 500, description = "De onderdrukkingscontrole weigert de tabel (een klein aantal zou zichtbaar worden).", body = Fout),
    ))]
async fn api_tabel(
    State(s): State<Gedeeld>,
    Pad(id): Pad<String>,
    Zoek(f): Zoek<Filters>,
) -> Result<Json<ApiTabel>, ApiFout> {
    let t = veilige_tabel(&s, &f, &id)?;
    Ok(Json(ApiTabel {
        id: t.id.clone(),
        titel: t.titel.clone(),
        kolommen: t
            .kolommen
            .iter()
            .map(|k| ApiKolom {
                id: k.id.to_string(),
                label: k.label.clone(),
                soort: match k.soort {
                    tabel::Soort::Tekst => KolomSoort::Tekst,
                    tabel::Soort::Getal(_) => KolomSoort::Getal,
                    tabel::Soort::Telling => KolomSoort::Telling,
                    tabel::Soort::JaNee => KolomSoort::Janee,
                },
            })
            .collect(),
        rijen: t.json(),
    }))
}

async fn api_niet_gevonden(Pad(pad): Pad<String>) -> ApiFout {
    ApiFout::NietGevonden(format!("/api/{pad} bestaat niet; zie /api/openapi.json."))
}

/// One release as `/api/releases` lists it.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ApiRelease {
    /// e.g. r0001
    id: String,
    /// UTC, RFC 3339.
    aangemaakt: String,
    vorige: Option<String>,
    /// The newest delivery month in the data (yyyy-mm).
    laatste_aanlevering: Option<String>,
    /// Rows per stored table.
    tabellen: BTreeMap<String, u64>,
    /// Changed rows per table against the previous release.
    wijzigingen: BTreeMap<String, u64>,
    code_versie: String,
}

#[utoipa::path(get, path = "/api/releases", tag = "cijfers",
    summary = "Alle releases, oudste eerst",
    responses((status = 200, description = "releases", body = Vec<ApiRelease>)))]
async fn api_releases(State(s): State<Gedeeld>) -> Json<Vec<ApiRelease>> {
    Json(s.met_releases(|v| {
        v.iter()
            .map(|m| ApiRelease {
                id: m.id.clone(),
                aangemaakt: m.aangemaakt.clone(),
                vorige: m.vorige.clone(),
                laatste_aanlevering: m.laatste_aanlevering.clone(),
                tabellen: m.tabellen.clone(),
                wijzigingen: m.wijzigingen.clone(),
                code_versie: m.code_versie.clone(),
            })
            .collect()
    }))
}

#[utoipa::path(get, path = "/api/catalogus", tag = "cijfers",
    summary = "De indicatorcatalogus (definities, eenheid, richting, bron)",
    responses((status = 200, description = "indicatoren", body = Vec<openapi::Indicator>)))]
async fn api_catalogus(State(s): State<Gedeeld>) -> Response {
    Json(&s.catalogus.indicatoren).into_response()
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "api",
    summary = "Dit document (OpenAPI 3.1)",
    responses((status = 200, description = "OpenAPI 3.1", body = Object)))]
async fn api_openapi() -> Response {
    Json(openapi::document()).into_response()
}
