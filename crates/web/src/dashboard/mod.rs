//! The dashboard: the overview (`/`), an indicator (`/indicator/{id}`), a gemeente
//! (`/gemeente`, `/gemeente/{code}`), verblijf, data quality, definitions, and the download of
//! any page table (`/download/{tabel}.{csv|xlsx|parquet|arrow|json}`). The pages are built
//! by [`paginas`]; here are the routes with who may use them, and the handlers.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::antwoord::{fout, html, pagina, release};
use crate::filters::{self, Filters};
use crate::staat::Staat;
use crate::toegang::{Logregel, Rol, Routes, Wie};
use crate::{Gedeeld, cache, pdca};

pub mod download;
pub mod kaart;
pub mod paginas;

/// The dashboard pages (every account; gemeente detail by the data rule, data quality for
/// the roles that see everything) and the table downloads.
pub(crate) fn router() -> Routes {
    Routes::paginas()
        .get("/", Wie::Ingelogd, overzicht)
        .get("/indicator/{id}", Wie::Ingelogd, indicator)
        .get("/gemeente", Wie::Rollen(Rol::NIET_AANBIEDER), gemeente)
        .get(
            "/gemeente/{code}",
            Wie::EigenGemeente("code"),
            gemeente_code,
        )
        .get("/verblijf", Wie::Ingelogd, verblijf)
        .get("/datakwaliteit", Wie::Rollen(Rol::INTERN), datakwaliteit)
        .get("/definities", Wie::Ingelogd, definities)
        .merge(Routes::bestanden().get(
            "/download/{bestand}",
            Wie::Tabel("bestand").logt(Logregel::Download),
            download::download,
        ))
}

async fn overzicht(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    cache::bewaard(&s, "/", format!("{f:?}"), || overzicht_maak(&s, &f)).await
}

/// The overview of a data folder without a release: what to do next.
#[derive(askama::Template)]
#[template(path = "leeg.html")]
struct LeegOverzicht {
    kop: paginas::Kop,
    opdracht: String,
}

async fn overzicht_maak(s: &Staat, f: &Filters) -> Response {
    if !s.heeft_release() {
        return html(LeegOverzicht {
            kop: paginas::kop_zonder_release(s, "overzicht"),
            opdracht: format!(
                "jeugdstuur ingest --data {} LEVERINGENMAP",
                s.data.display()
            ),
        });
    }
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
        Err(e) => e.into_response(),
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
                Err(e) => e.into_response(),
            }
        },
    )
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
