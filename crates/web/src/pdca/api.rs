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

use super::{naam_of_anoniem, store};
use crate::Gedeeld;
use crate::api::{ApiFout, Invoer, Pad, Zoek};

type Antwoord<T> = Result<Json<T>, ApiFout>;
type Gemaakt<T> = Result<(StatusCode, Json<T>), ApiFout>;

pub async fn api_sessies(State(s): State<Gedeeld>) -> Antwoord<Vec<Sessie>> {
    Ok(Json(store(&s)?.sessies().await?))
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
    let v = store(&s)?.sessie(id).await?;
    Ok(Json(
        v.ok_or(StoreFout::NietGevonden { wat: "sessie", id })?,
    ))
}

pub async fn api_duidingen(
    State(s): State<Gedeeld>,
    Zoek(f): Zoek<DuidingFilter>,
) -> Antwoord<Vec<Duiding>> {
    Ok(Json(store(&s)?.duidingen(&f).await?))
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
    let v = store(&s)?
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
    Ok(Json(store(&s)?.acties(&ActieFilter::default()).await?))
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
    Ok(Json(store(&s)?.geschiedenis(&tabel, id).await?))
}
