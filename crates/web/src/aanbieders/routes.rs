//! The provider routes, with who may use them: the list and the fair comparison for the
//! roles that see every figure, a profile also for the provider's own account. Every view is
//! written to the audit log.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::Gedeeld;
use crate::antwoord::{fout, html, pagina};
use crate::filters::Filters;
use crate::toegang::{Logregel, Rol, Routes, Wie};

pub(crate) fn router() -> Routes {
    let gelogd = |w: Wie| w.logt(Logregel::AanbiederpaginaBekeken);
    Routes::paginas()
        .get(
            "/aanbieders",
            gelogd(Wie::Rollen(Rol::INTERN)),
            aanbieders_lijst,
        )
        .get(
            "/aanbieder/{agb}",
            gelogd(Wie::EigenAanbieder("agb")),
            aanbieder,
        )
        .get(
            "/vergelijking/{id}",
            gelogd(Wie::Rollen(Rol::INTERN)),
            vergelijking,
        )
}

async fn aanbieders_lijst(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/aanbieders", &f, |s, r, f| html(super::lijst(s, r, f))).await
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
        |s, r, f| match super::profiel(s, r, &agb, f) {
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
        html(super::vergelijking(s, r, d, f))
    })
    .await
}
