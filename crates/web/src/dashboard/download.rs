//! `/download/{tabel}.{ext}`: a page's own table in five formats, after the shared
//! suppression check ([`veilige_tabel`], also behind `/api/tabellen/{id}`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::antwoord::{PaginaFout, release};
use crate::filters::{self, Filters};
use crate::staat::Staat;
use crate::{Gedeeld, aanbieders, tabel};

use super::paginas;

/// Why a table cannot be served (answered by the page as [`PaginaFout`], by the API as
/// `api::ApiFout`).
#[derive(Debug, PartialEq, Eq)]
pub enum TabelFout {
    /// The data folder holds no release yet (a region that has not ingested anything).
    GeenRelease,
    /// The release asked for does not exist or cannot be read.
    Release(Option<String>),
    /// No page makes a table with this id.
    Onbekend(String),
    /// The shared suppression check refused it: a count below the threshold. A server error
    /// (the page should have hidden it), never a 404.
    Onderdrukt,
}

impl std::fmt::Display for TabelFout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TabelFout::GeenRelease => f.write_str(GEEN_RELEASE),
            TabelFout::Release(id) => write!(
                f,
                "Release {} bestaat niet of is niet leesbaar. Kies een release in het filter.",
                id.as_deref().unwrap_or("(nieuwste)")
            ),
            TabelFout::Onbekend(id) => write!(f, "Er is geen tabel '{id}'."),
            TabelFout::Onderdrukt => {
                f.write_str("Deze tabel bevat een klein aantal dat niet getoond mag worden.")
            }
        }
    }
}

impl From<TabelFout> for PaginaFout {
    fn from(e: TabelFout) -> Self {
        let (status, titel) = match &e {
            TabelFout::GeenRelease => (StatusCode::NOT_FOUND, "Nog geen gegevens"),
            TabelFout::Release(_) => (StatusCode::NOT_FOUND, "Release niet gevonden"),
            TabelFout::Onbekend(_) => (StatusCode::NOT_FOUND, "Tabel niet gevonden"),
            TabelFout::Onderdrukt => (StatusCode::INTERNAL_SERVER_ERROR, "Download geweigerd"),
        };
        PaginaFout::new(status, titel, e.to_string())
    }
}

/// What every page says while the data folder holds no release.
pub(crate) const GEEN_RELEASE: &str = "Er is nog geen release: er zijn nog geen leveringen \
    ingelezen. De beheerder leest de eerste leveringen in via Beheer → Leveringen inlezen \
    (/beheer/levering) of met `jeugdstuur ingest --data DATAMAP LEVERINGENMAP`.";

/// The table behind a page, checked by the shared suppression step.
pub(crate) fn veilige_tabel(s: &Staat, f: &Filters, id: &str) -> Result<tabel::Tabel, TabelFout> {
    let release = f.release.as_deref().filter(|x| !x.is_empty());
    if !s.heeft_release() {
        return Err(TabelFout::GeenRelease);
    }
    let r = s.release(release).map_err(|e| {
        tracing::warn!("release niet te lezen: {e}");
        TabelFout::Release(release.map(str::to_string))
    })?;
    let t = paginas::tabel(s, &r, f, id)
        .or_else(|| aanbieders::tabel(s, &r, f, id))
        .or_else(|| crate::sturing::tabel(s, &r, f, id))
        .or_else(|| crate::signalen::tabel(s, &r, id))
        .or_else(|| crate::vooruitblik::tabel(s, &r, id))
        .ok_or_else(|| TabelFout::Onbekend(id.to_string()))?;
    t.veilig(s.regio.onderdrukkingsdrempel).map_err(|e| {
        tracing::error!("onderdrukking: {e}");
        TabelFout::Onderdrukt
    })?;
    Ok(t)
}

/// The download of the API description (`/api/openapi.json`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(download))]
pub(crate) struct DownloadApi;

/// `/download/{tabel}.{csv|xlsx|parquet|arrow|json}` with the page's filters.
#[utoipa::path(get, path = "/download/{bestand}", tag = "bestanden",
    summary = "Een tabel als bestand: CSV (;, decimale komma, BOM), Excel, Parquet, Arrow IPC-stream of JSON",
    params(
        ("bestand" = String, Path, example = "overzicht.csv",
            description = "{tabel}.{csv|xlsx|parquet|arrow|json}; tabel als bij /api/tabellen/{id}"),
        Filters,
    ),
    responses(
        (status = 200, description = "het bestand", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "application/vnd.apache.parquet"),
            (String = "application/vnd.apache.arrow.stream"),
            (Object = "application/json"),
        )),
        (status = 400, description = "Onbekend formaat (een pagina).", content_type = "text/html", body = String),
        (status = 401, description = "Niet ingelogd.", content_type = "application/json", body = crate::api::Fout),
        (status = 403, description = "Geen toegang met uw rol (een pagina).", content_type = "text/html", body = String),
        (status = 404, description = "Onbekende tabel of release (een pagina).", content_type = "text/html", body = String),
        (status = 500, description = "De onderdrukkingscontrole weigert de tabel (een pagina).", content_type = "text/html", body = String),
    ))]
pub(crate) async fn download(
    State(s): State<Gedeeld>,
    Path(bestand): Path<String>,
    Query(f): Query<Filters>,
) -> Result<Response, PaginaFout> {
    let (id, ext) = match bestand.rsplit_once('.') {
        Some((i, e)) => (i.to_string(), e.to_string()),
        None => (bestand.clone(), f.formaat.clone().unwrap_or("csv".into())),
    };
    let t = veilige_tabel(&s, &f, &id)?;
    let r = release(&s, &f)?;
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
        "parquet" => (t.parquet(), "application/vnd.apache.parquet"),
        "arrow" => (t.arrow(), "application/vnd.apache.arrow.stream"),
        "json" => (
            serde_json::to_vec_pretty(&t.json()).map_err(|e| e.to_string()),
            "application/json",
        ),
        _ => {
            return Err(PaginaFout::new(
                StatusCode::BAD_REQUEST,
                "Onbekend formaat",
                format!("'{ext}' kennen we niet: kies csv, xlsx, parquet, arrow of json."),
            ));
        }
    };
    let b = inhoud.map_err(|e| {
        tracing::error!("download {naam}: {e}");
        PaginaFout::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Download mislukt",
            "Het bestand kon niet worden gemaakt.",
        )
    })?;
    tracing::info!(tabel = %t.id, formaat = %ext, rijen = t.rijen.len(), "download");
    let mut resp = (StatusCode::OK, b).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(soort));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{naam}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}
