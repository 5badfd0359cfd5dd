//! The PDCA JSON API: sessions, duidingen, actions and their history (`/api/sessies`,
//! `/api/duidingen`, `/api/acties`, `/api/geschiedenis/{tabel}/{id}`). Errors are
//! [`ApiFout`]s: JSON with the right status (409 on a stale edit, 404, 400, 503 without a
//! database). Every handler carries its `#[utoipa::path]` (request and response bodies,
//! errors) for `/api/openapi.json` ([`PdcaApi`]); who may call it is added from the route
//! declarations in `pdca::router`.

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
use crate::api::{ApiFout, Fout, Invoer, Pad, Zoek};
use crate::toegang::huidig_mag;

/// The PDCA operations of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api_sessies,
    api_maak_sessie,
    api_sessie,
    api_duidingen,
    api_maak_duiding,
    api_wijzig_duiding,
    api_acties,
    api_maak_actie,
    api_wijzig_actie,
    api_geschiedenis
))]
pub(crate) struct PdcaApi;

type Antwoord<T> = Result<Json<T>, ApiFout>;
type Gemaakt<T> = Result<(StatusCode, Json<T>), ApiFout>;

/// Every session the user may see (`toegang::deelname`).
#[utoipa::path(get, path = "/api/sessies", tag = "pdca",
    summary = "De duidingssessies die u mag zien (met alleen de agendapunten binnen uw bereik)",
    responses(
        (status = 200, description = "sessies", body = Vec<Sessie>),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ApiSessie {
    #[serde(flatten)]
    pub sessie: NieuweSessie,
    #[serde(default)]
    pub auteur: String,
}

#[utoipa::path(post, path = "/api/sessies", tag = "pdca",
    summary = "Een nieuwe duidingssessie",
    request_body = ApiSessie,
    responses(
        (status = 201, description = "de opgeslagen sessie", body = Sessie),
        (status = 400, description = "De inhoud is geen geldige JSON, of een veld heeft een ongeldige waarde (in het Nederlands, met veld en waarde).", body = Fout),
        (status = 413, description = "De inhoud is te groot.", body = Fout),
        (status = 415, description = "De inhoud is geen JSON (Content-Type: application/json).", body = Fout),
        (status = 422, description = "De JSON heeft niet de verwachte velden of waarden.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
pub async fn api_maak_sessie(
    State(s): State<Gedeeld>,
    Invoer(b): Invoer<ApiSessie>,
) -> Gemaakt<Sessie> {
    let v = store(&s)?
        .maak_sessie(&naam_of_anoniem(&b.auteur), &b.sessie)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/sessies/{id}", tag = "pdca",
    summary = "Eén sessie (met alleen de agendapunten binnen uw bereik)",
    params(("id" = i64, Path, description = "Het nummer van het record")),
    responses(
        (status = 200, description = "de sessie", body = Sessie),
        (status = 400, description = "Het adres klopt niet (bijv. geen geheel getal), of een onbekende tabel.", body = Fout),
        (status = 403, description = "U bent niet uitgenodigd voor deze sessie.", body = Fout),
        (status = 404, description = "Deze sessie bestaat niet.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
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

#[utoipa::path(get, path = "/api/duidingen", tag = "pdca",
    summary = "Duidingen die u mag zien, gefilterd (elk filter is een exacte overeenkomst)",
    params(DuidingFilter),
    responses(
        (status = 200, description = "duidingen", body = Vec<Duiding>),
        (status = 400, description = "De zoekparameters kloppen niet.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
pub async fn api_duidingen(
    State(s): State<Gedeeld>,
    Zoek(f): Zoek<DuidingFilter>,
) -> Antwoord<Vec<Duiding>> {
    let st = store(&s)?;
    let zicht = Zicht::laad(st).await?;
    Ok(Json(zicht.duidingen(st.duidingen(&f).await?)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ApiDuiding {
    #[serde(flatten)]
    pub duiding: NieuweDuiding,
    #[serde(default)]
    pub auteur: String,
}

#[utoipa::path(post, path = "/api/duidingen", tag = "pdca",
    summary = "Een nieuwe duiding bij een cijfer (rollen die duiden, of een genodigde van de sessie; binnen uw bereik)",
    request_body = ApiDuiding,
    responses(
        (status = 201, description = "de opgeslagen duiding", body = Duiding),
        (status = 400, description = "De inhoud is geen geldige JSON, of een veld heeft een ongeldige waarde (in het Nederlands, met veld en waarde).", body = Fout),
        (status = 413, description = "De inhoud is te groot.", body = Fout),
        (status = 415, description = "De inhoud is geen JSON (Content-Type: application/json).", body = Fout),
        (status = 422, description = "De JSON heeft niet de verwachte velden of waarden.", body = Fout),
        (status = 403, description = "U mag dit cijfer of deze sessie niet duiden.", body = Fout),
        (status = 404, description = "De sessie bestaat niet.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ApiDuidingWijziging {
    pub versie: i64,
    #[schema(pattern = r"\S")]
    pub tekst: String,
    #[serde(default)]
    pub auteur: String,
}

#[utoipa::path(put, path = "/api/duidingen/{id}", tag = "pdca",
    summary = "De tekst van een duiding wijzigen; 409 als iemand anders hem intussen wijzigde",
    params(("id" = i64, Path, description = "Het nummer van het record")),
    request_body = ApiDuidingWijziging,
    responses(
        (status = 200, description = "de gewijzigde duiding", body = Duiding),
        (status = 400, description = "Het adres klopt niet (bijv. geen geheel getal), de inhoud is geen geldige JSON, of een veld heeft een ongeldige waarde (in het Nederlands, met veld en waarde).", body = Fout),
        (status = 413, description = "De inhoud is te groot.", body = Fout),
        (status = 415, description = "De inhoud is geen JSON (Content-Type: application/json).", body = Fout),
        (status = 422, description = "De JSON heeft niet de verwachte velden of waarden.", body = Fout),
        (status = 404, description = "Deze duiding bestaat niet.", body = Fout),
        (status = 409, description = "Iemand anders wijzigde de duiding eerst (versie verouderd); er is niets opgeslagen.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
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

#[utoipa::path(get, path = "/api/acties", tag = "pdca",
    summary = "Besluiten en verbeteracties die u mag zien",
    responses(
        (status = 200, description = "acties", body = Vec<Actie>),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
pub async fn api_acties(State(s): State<Gedeeld>) -> Antwoord<Vec<Actie>> {
    let st = store(&s)?;
    let zicht = Zicht::laad(st).await?;
    Ok(Json(
        zicht.acties(st.acties(&ActieFilter::default()).await?),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ApiActie {
    #[serde(flatten)]
    pub actie: NieuweActie,
    #[serde(default)]
    pub auteur: String,
    #[serde(default)]
    pub versie: Option<i64>,
}

#[utoipa::path(post, path = "/api/acties", tag = "pdca",
    summary = "Een nieuw besluit of een nieuwe verbeteractie",
    request_body = ApiActie,
    responses(
        (status = 201, description = "de opgeslagen actie", body = Actie),
        (status = 400, description = "De inhoud is geen geldige JSON, of een veld heeft een ongeldige waarde (in het Nederlands, met veld en waarde).", body = Fout),
        (status = 413, description = "De inhoud is te groot.", body = Fout),
        (status = 415, description = "De inhoud is geen JSON (Content-Type: application/json).", body = Fout),
        (status = 422, description = "De JSON heeft niet de verwachte velden of waarden.", body = Fout),
        (status = 404, description = "De sessie bestaat niet.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
pub async fn api_maak_actie(
    State(s): State<Gedeeld>,
    Invoer(b): Invoer<ApiActie>,
) -> Gemaakt<Actie> {
    let v = store(&s)?
        .voeg_actie_toe(&naam_of_anoniem(&b.auteur), &b.actie)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(put, path = "/api/acties/{id}", tag = "pdca",
    summary = "Een actie wijzigen (de volledige nieuwe stand met de versie die u las); 409 als iemand anders haar intussen wijzigde",
    params(("id" = i64, Path, description = "Het nummer van het record")),
    request_body = ApiActie,
    responses(
        (status = 200, description = "de gewijzigde actie", body = Actie),
        (status = 400, description = "Het adres klopt niet (bijv. geen geheel getal), de inhoud is geen geldige JSON, of een veld heeft een ongeldige waarde (in het Nederlands, met veld en waarde).", body = Fout),
        (status = 413, description = "De inhoud is te groot.", body = Fout),
        (status = 415, description = "De inhoud is geen JSON (Content-Type: application/json).", body = Fout),
        (status = 422, description = "De JSON heeft niet de verwachte velden of waarden.", body = Fout),
        (status = 404, description = "Deze actie (of de sessie) bestaat niet.", body = Fout),
        (status = 409, description = "Iemand anders wijzigde de actie eerst (versie verouderd); er is niets opgeslagen.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
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

#[utoipa::path(get, path = "/api/geschiedenis/{tabel}/{id}", tag = "pdca",
    summary = "Elke wijziging van een record, oudste eerst (alleen voor wie het record mag zien)",
    params(
        ("tabel" = String, Path, description = "sessies, duidingen of acties"),
        ("id" = i64, Path, description = "Het nummer van het record"),
    ),
    responses(
        (status = 200, description = "wijzigingen", body = Vec<Wijziging>),
        (status = 400, description = "Het adres klopt niet (bijv. geen geheel getal), of een onbekende tabel.", body = Fout),
        (status = 403, description = "U mag dit record niet zien.", body = Fout),
        (status = 503, description = "Deze server draait zonder database.", body = Fout),
    ))]
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
