//! How every feature answers a browser: an HTML page ([`html`]), an error as the error page
//! ([`PaginaFout`], which handlers return with `?`; [`fout`] renders it), a PDF made off the
//! async workers ([`pdf_download`]), the release a request asks for ([`release`]), the static
//! files and the 404 page of the fallback route.

use std::sync::Arc;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use store::StoreFout;

use crate::dashboard::download::TabelFout;
use crate::filters::Filters;
use crate::staat::{self, Staat};
use crate::toegang;

#[derive(Template)]
#[template(path = "fout.html")]
struct FoutPagina {
    titel: String,
    tekst: String,
}

/// The error page: a status, a title and one explaining sentence.
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

/// An error of a page route: the error page with its status, a title and one explaining
/// sentence. Store errors and missing databases convert with `?` (`From`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PaginaFout {
    pub status: StatusCode,
    pub titel: String,
    pub tekst: String,
}

impl PaginaFout {
    pub fn new(status: StatusCode, titel: &str, tekst: impl Into<String>) -> Self {
        PaginaFout {
            status,
            titel: titel.into(),
            tekst: tekst.into(),
        }
    }
}

impl IntoResponse for PaginaFout {
    fn into_response(self) -> Response {
        fout(self.status, &self.titel, &self.tekst)
    }
}

/// For the handlers that still answer `Result<_, Response>`.
impl From<PaginaFout> for Response {
    fn from(f: PaginaFout) -> Response {
        f.into_response()
    }
}

/// A store error as a page: stale edit 409, unknown 404, invalid input 400, else 500.
impl From<StoreFout> for PaginaFout {
    fn from(e: StoreFout) -> Self {
        let (status, titel) = match &e {
            StoreFout::Verouderd { .. } => {
                (StatusCode::CONFLICT, "Niet opgeslagen: iemand was u voor")
            }
            StoreFout::NietGevonden { .. } => (StatusCode::NOT_FOUND, "Niet gevonden"),
            StoreFout::Ongeldig(_) => (StatusCode::BAD_REQUEST, "Controleer de invoer"),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis"),
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!("store: {e}");
        }
        PaginaFout::new(status, titel, e.to_string())
    }
}

/// Writes an audit-log line (when the server has a database). A failed write refuses the
/// request (500): nothing that must be logged happens unlogged.
pub(crate) async fn logboek(
    st: Option<&store::Store>,
    wie: &str,
    v: store::Voorval,
) -> Result<(), PaginaFout> {
    let Some(st) = st else {
        return Ok(());
    };
    st.log(wie, &v).await.map_err(|e| {
        tracing::error!("logboek ({}): {e}", v.wat());
        PaginaFout::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Er ging iets mis",
            "Het logboek kon niet worden bijgewerkt.",
        )
    })
}

/// This server runs without the database for duidingen, actions and accounts.
#[derive(Debug)]
pub(crate) struct GeenDatabase;

impl GeenDatabase {
    pub const TEKST: &str = "Deze server draait zonder database voor duidingen en acties.";
}

impl From<GeenDatabase> for PaginaFout {
    fn from(_: GeenDatabase) -> Self {
        PaginaFout::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Geen database",
            GeenDatabase::TEKST,
        )
    }
}

/// The fallback route: a path that no feature router declares.
pub(crate) async fn niet_gevonden() -> Response {
    fout(
        StatusCode::NOT_FOUND,
        "Pagina niet gevonden",
        "Deze pagina bestaat niet. Kies een onderdeel in het menu.",
    )
}

/// The release a request asks for, or an error page naming it.
pub(crate) fn release(s: &Staat, f: &Filters) -> Result<Arc<staat::Releasedata>, PaginaFout> {
    let id = f.release.as_deref().filter(|x| !x.is_empty());
    if !s.heeft_release() {
        return Err(TabelFout::GeenRelease.into());
    }
    s.release(id).map_err(|e| {
        tracing::warn!("release niet te lezen: {e}");
        TabelFout::Release(id.map(str::to_string)).into()
    })
}

/// A page built synchronously from the release, through the page cache.
pub(crate) async fn pagina(
    s: &Staat,
    route: &str,
    f: &Filters,
    maak: impl Fn(&Staat, &staat::Releasedata, &Filters) -> Response,
) -> Response {
    crate::cache::bewaard(s, route, format!("{f:?}"), || async {
        match release(s, f) {
            Ok(r) => maak(s, &r, f),
            Err(e) => e.into_response(),
        }
    })
    .await
}

/// A rendered template as an HTML page (the error page when it cannot be rendered).
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

pub(crate) async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("../../../dashboards/static/jeugdstuur.css"),
    )
}

pub(crate) async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        include_str!("../../../dashboards/static/favicon.svg"),
    )
}
