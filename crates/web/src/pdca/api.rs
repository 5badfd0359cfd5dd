//! The PDCA JSON API: sessions, duidingen, actions and their history (`/api/sessies`,
//! `/api/duidingen`, `/api/acties`, `/api/geschiedenis/{tabel}/{id}`). Errors are
//! [`ApiFout`]s: JSON with the right status (409 on a stale edit, 404, 400, 503 without a
//! database).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use store::{
    Actie, ActieFilter, Duiding, DuidingFilter, NieuweActie, NieuweDuiding, NieuweSessie, Sessie,
    StoreFout, Wijziging,
};

use super::{Zicht, naam_of_anoniem, store};
use crate::Gedeeld;
use crate::api::{ApiFout, Invoer, Pad, Zoek};
use crate::toegang::huidig_mag;

type Antwoord<T> = Result<Json<T>, ApiFout>;
type Gemaakt<T> = Result<(StatusCode, Json<T>), ApiFout>;

/// Every session the user may see (`toegang::deelname`).
pub async fn api_sessies(State(s): State<Gedeeld>) -> Antwoord<Vec<Sessie>> {
    let lijst = store(&s)?.sessies().await?;
    Ok(Json(
        lijst
            .into_iter()
            .filter(|x| huidig_mag(|g| g.mag_sessie_zien(x)))
            .map(binnen_bereik)
            .collect(),
    ))
}

/// A session with only the agenda items within the user's data scope.
fn binnen_bereik(mut x: Sessie) -> Sessie {
    x.agenda
        .retain(|a| huidig_mag(|g| g.mag_scope_zien(&a.niveau, &a.code)));
    x
}

fn verboden(wat: &str) -> ApiFout {
    ApiFout::Verboden(format!("Geen toegang tot {wat}."))
}

#[derive(Deserialize)]
pub struct ApiSessie {
    #[serde(flatten)]
    pub sessie: NieuweSessie,
    #[serde(default)]
    pub auteur: String,
}

pub async fn api_maak_sessie(
    State(s): State<Gedeeld>,
    Invoer(b): Invoer<ApiSessie>,
) -> Gemaakt<Sessie> {
    let v = store(&s)?
        .maak_sessie(&naam_of_anoniem(&b.auteur), &b.sessie)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn api_sessie(State(s): State<Gedeeld>, Pad(id): Pad<i64>) -> Antwoord<Sessie> {
    let v = store(&s)?
        .sessie(id)
        .await?
        .ok_or(StoreFout::NietGevonden { wat: "sessie", id })?;
    if !huidig_mag(|g| g.mag_sessie_zien(&v)) {
        return Err(verboden("deze sessie"));
    }
    Ok(Json(binnen_bereik(v)))
}

pub async fn api_duidingen(
    State(s): State<Gedeeld>,
    Zoek(f): Zoek<DuidingFilter>,
) -> Antwoord<Vec<Duiding>> {
    let st = store(&s)?;
    let zicht = Zicht::laad(st).await?;
    Ok(Json(zicht.duidingen(st.duidingen(&f).await?)))
}

#[derive(Deserialize)]
pub struct ApiDuiding {
    #[serde(flatten)]
    pub duiding: NieuweDuiding,
    #[serde(default)]
    pub auteur: String,
}

pub async fn api_maak_duiding(
    State(s): State<Gedeeld>,
    Invoer(b): Invoer<ApiDuiding>,
) -> Gemaakt<Duiding> {
    let st = store(&s)?;
    // The roles that write duidingen, or an invited participant in that session; both only
    // within their data scope.
    let sessie = match b.duiding.sessie_id {
        Some(id) => Some(
            st.sessie(id)
                .await?
                .ok_or(StoreFout::NietGevonden { wat: "sessie", id })?,
        ),
        None => None,
    };
    let d = &b.duiding;
    let mag = huidig_mag(|g| {
        g.mag_scope_zien(&d.niveau, &d.code)
            && (g.mag_duiden() || sessie.as_ref().is_some_and(|x| g.is_uitgenodigd(x)))
    });
    if !mag {
        return Err(verboden("dit cijfer of deze sessie om te duiden"));
    }
    let v = st
        .voeg_duiding_toe(&naam_of_anoniem(&b.auteur), &b.duiding)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize)]
pub struct ApiDuidingWijziging {
    pub versie: i64,
    pub tekst: String,
    #[serde(default)]
    pub auteur: String,
}

pub async fn api_wijzig_duiding(
    State(s): State<Gedeeld>,
    Pad(id): Pad<i64>,
    Invoer(b): Invoer<ApiDuidingWijziging>,
) -> Antwoord<Duiding> {
    let v = store(&s)?
        .wijzig_duiding(&naam_of_anoniem(&b.auteur), id, b.versie, &b.tekst)
        .await?;
    Ok(Json(v))
}

pub async fn api_acties(State(s): State<Gedeeld>) -> Antwoord<Vec<Actie>> {
    let st = store(&s)?;
    let zicht = Zicht::laad(st).await?;
    Ok(Json(
        zicht.acties(st.acties(&ActieFilter::default()).await?),
    ))
}

#[derive(Deserialize)]
pub struct ApiActie {
    #[serde(flatten)]
    pub actie: NieuweActie,
    #[serde(default)]
    pub auteur: String,
    #[serde(default)]
    pub versie: Option<i64>,
}

pub async fn api_maak_actie(
    State(s): State<Gedeeld>,
    Invoer(b): Invoer<ApiActie>,
) -> Gemaakt<Actie> {
    let v = store(&s)?
        .voeg_actie_toe(&naam_of_anoniem(&b.auteur), &b.actie)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn api_wijzig_actie(
    State(s): State<Gedeeld>,
    Pad(id): Pad<i64>,
    Invoer(b): Invoer<ApiActie>,
) -> Antwoord<Actie> {
    let versie = b
        .versie
        .ok_or_else(|| StoreFout::Ongeldig("versie ontbreekt".into()))?;
    let v = store(&s)?
        .wijzig_actie(&naam_of_anoniem(&b.auteur), id, versie, &b.actie)
        .await?;
    Ok(Json(v))
}

pub async fn api_geschiedenis(
    State(s): State<Gedeeld>,
    Pad((tabel, id)): Pad<(String, i64)>,
) -> Antwoord<Vec<Wijziging>> {
    let st = store(&s)?;
    let zicht = Zicht::laad(st).await?;
    // The history of a record only for whoever may see the record.
    let mag = match tabel.as_str() {
        "sessies" => st.sessie(id).await?.is_some_and(|x| zicht.sessie(&x)),
        "duidingen" => st.duiding(id).await?.is_some_and(|d| zicht.duiding(&d)),
        "acties" => st.actie(id).await?.is_some_and(|a| zicht.actie(&a)),
        _ => true,
    };
    if !mag {
        return Err(verboden("deze geschiedenis"));
    }
    Ok(Json(st.geschiedenis(&tabel, id).await?))
}
