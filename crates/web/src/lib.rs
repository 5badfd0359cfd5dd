//! The web dashboard (axum): pages, downloads and a JSON API over the results stored with a
//! release.
//!
//! Invariants: pages are rendered from a release's stored (already suppressed) results and
//! never compute an indicator; every table a page shows is one [`tabel::Tabel`], and its
//! downloads (CSV, xlsx, Parquet, Arrow, JSON) serialise that same table after the shared
//! suppression check ([`tabel::Tabel::veilig`]); no pseudonym reaches this crate's output; the
//! UI is Dutch, with a decimal comma, and never uses colour alone for a status. Filters live
//! in the URL. Templates live in `dashboards/templates` (askama, auto-escaping).

//!
//! Where things live (a code map is in ARCHITECTURE.md): one folder per feature —
//! [`dashboard`], [`aanbieders`], [`pdca`], [`jaarrapport`], [`toegang`], [`beheer`],
//! [`api`] — each with its own `router()` that declares on every route who may use it
//! ([`toegang::Wie`]); [`routes`] puts them together and [`app`] adds the middleware.

// Handlers return an error page as `Err(Response)`; boxing it buys nothing here.
#![allow(clippy::result_large_err)]
#![cfg_attr(not(test), warn(clippy::too_many_lines))]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

mod aanbieders;
mod antwoord;
mod api;
mod beheer;
mod cache;
mod dashboard;
mod filters;
mod grenzen;
pub mod jaarrapport;
mod pdca;
mod signalen;
pub mod staat;
mod sturing;
mod tabel;
pub mod toegang;
mod vooruitblik;

pub use pdca::demo as demo_pdca;
pub use staat::Staat;
use toegang::{Routes, Wie};

pub(crate) type Gedeeld = Arc<Staat>;

/// Every feature's routes, each declared with who may use it (`toegang::regels`).
pub(crate) fn routes() -> Routes {
    Routes::paginas()
        .get("/static/jeugdstuur.css", Wie::Openbaar, antwoord::css)
        .get("/static/favicon.svg", Wie::Openbaar, antwoord::favicon)
        .get("/favicon.ico", Wie::Openbaar, antwoord::favicon)
        .merge(dashboard::router())
        .merge(sturing::router())
        .merge(signalen::router())
        .merge(vooruitblik::router())
        .merge(aanbieders::router())
        .merge(pdca::router())
        .merge(jaarrapport::router())
        .merge(api::router())
        .merge(toegang::router())
        .merge(beheer::router())
}

pub fn app(staat: Staat) -> Router {
    bouw(Arc::new(staat), routes())
}

/// The application of `routes` over `gedeeld`: the 404 fallback, authentication
/// (`toegang::bewaak`), the declared route rule (`toegang::regels::keur`), security headers
/// and tracing.
fn bouw(gedeeld: Gedeeld, routes: Routes) -> Router {
    let (router, regelboek) = routes.delen();
    let regelboek = Arc::new(regelboek);
    let keurder = toegang::regels::Keurder {
        regels: regelboek.clone(),
        store: gedeeld.store.clone(),
    };
    router
        .fallback(antwoord::niet_gevonden)
        .layer(axum::middleware::from_fn_with_state(
            keurder,
            toegang::regels::keur,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (gedeeld.clone(), regelboek),
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

/// Serves until Ctrl-C (or SIGTERM), finishing requests in flight.
pub async fn serve(staat: Staat, addr: SocketAddr) -> std::io::Result<()> {
    let luisteraar = tokio::net::TcpListener::bind(addr).await?;
    let echt = luisteraar.local_addr()?;
    if let Some(st) = &staat.store {
        // No audit log, no server.
        let release = staat.nieuwste_id();
        st.log("systeem", &store::Voorval::ServerGestart { release })
            .await
            .map_err(std::io::Error::other)?;
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
