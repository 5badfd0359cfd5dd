//! Administration for the `beheerder` (the route rule of `toegang` lets no other role in):
//! accounts (`/beheer/gebruikers`: list, add, disable) and the audit log (`/beheer/logboek`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::Gedeeld;
use crate::filters::{Filters, Keuze};
use crate::paginas::{Kop, kop};
use crate::toegang;

#[derive(Template, WebTemplate)]
#[template(path = "beheer_gebruikers.html")]
pub struct GebruikersPagina {
    pub kop: Kop,
    pub gebruikers: Vec<store::Gebruiker>,
    pub rollen: Vec<&'static str>,
    pub gemeenten: Vec<(String, String)>,
    pub melding: Option<String>,
    /// A password made for a new account, shown once.
    pub wachtwoord: Option<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer_logboek.html")]
pub struct LogboekPagina {
    pub kop: Kop,
    pub regels: Vec<store::Gebeurtenis>,
    pub wie: String,
}

fn kop_van(s: &crate::Staat, actief: &'static str) -> Result<Kop, Response> {
    let f = Filters::default();
    let r = crate::release(s, &f)?;
    let k = Keuze::maak(s, &r, &f);
    Ok(kop(s, &r, &k, actief))
}

fn winkel(s: &crate::Staat) -> Result<&store::Store, Response> {
    s.store.as_ref().ok_or_else(|| {
        crate::fout(
            StatusCode::SERVICE_UNAVAILABLE,
            "Database niet beschikbaar",
            "Het beheer van accounts vraagt de database; die is niet geopend.",
        )
    })
}

async fn gebruikerspagina(
    s: &crate::Staat,
    melding: Option<String>,
    wachtwoord: Option<(String, String)>,
) -> Response {
    let (kop, st) = match (kop_van(s, "beheer"), winkel(s)) {
        (Ok(k), Ok(st)) => (k, st),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let gebruikers = match st.gebruikers().await {
        Ok(g) => g,
        Err(e) => {
            return crate::fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Databasefout",
                &e.to_string(),
            );
        }
    };
    GebruikersPagina {
        kop,
        gebruikers,
        rollen: store::ROLLEN.to_vec(),
        gemeenten: s
            .regio
            .gemeenten
            .iter()
            .map(|g| (g.code.to_string(), g.naam.clone()))
            .collect(),
        melding,
        wachtwoord,
    }
    .into_response()
}

pub async fn gebruikers(State(s): State<Gedeeld>) -> Response {
    gebruikerspagina(&s, None, None).await
}

#[derive(Deserialize)]
pub struct NieuwAccount {
    pub login: String,
    pub naam: String,
    pub rol: String,
    #[serde(default)]
    pub gemeente: String,
    #[serde(default)]
    pub aanbieder: String,
}

/// Adds an account with a new password, shown once on the page.
pub async fn gebruiker_toevoegen(
    State(s): State<Gedeeld>,
    axum::Form(f): axum::Form<NieuwAccount>,
) -> Response {
    let Some(door) = toegang::huidige() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let st = match winkel(&s) {
        Ok(st) => st,
        Err(e) => return e,
    };
    let gemeenten: Vec<String> = if f.rol == "gemeente" {
        f.gemeente
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(|g| {
                model::GemeenteCode::parse(g)
                    .map(|c| c.to_string())
                    .unwrap_or_else(|_| g.to_string())
            })
            .collect()
    } else {
        vec![]
    };
    let aanbieder = if f.rol == "aanbieder" {
        f.aanbieder.trim().to_string()
    } else {
        String::new()
    };
    let wachtwoord = toegang::nieuw_wachtwoord();
    let w = wachtwoord.clone();
    let hash = match tokio::task::spawn_blocking(move || toegang::hash_wachtwoord(&w)).await {
        Ok(Ok(h)) => h,
        _ => {
            return gebruikerspagina(
                &s,
                Some("Het wachtwoord kon niet worden versleuteld.".into()),
                None,
            )
            .await;
        }
    };
    let nieuw = store::NieuweGebruiker {
        login: f.login.trim().to_string(),
        naam: f.naam.trim().to_string(),
        rol: f.rol.clone(),
        gemeenten,
        aanbieder,
        wachtwoord_hash: hash,
    };
    match st.gebruiker_toevoegen(&nieuw, &door.login).await {
        Ok(g) => {
            gebruikerspagina(
                &s,
                Some(format!("Account {} aangemaakt met rol {}.", g.login, g.rol)),
                Some((g.login, wachtwoord)),
            )
            .await
        }
        Err(e) => gebruikerspagina(&s, Some(format!("Niet aangemaakt: {e}")), None).await,
    }
}

#[derive(Deserialize)]
pub struct Uitschakelen {
    pub login: String,
}

pub async fn gebruiker_uitschakelen(
    State(s): State<Gedeeld>,
    axum::Form(f): axum::Form<Uitschakelen>,
) -> Response {
    let Some(door) = toegang::huidige() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if door.login.eq_ignore_ascii_case(&f.login) {
        return gebruikerspagina(
            &s,
            Some("U kunt uw eigen account niet uitschakelen.".into()),
            None,
        )
        .await;
    }
    let st = match winkel(&s) {
        Ok(st) => st,
        Err(e) => return e,
    };
    match st.gebruiker_uitschakelen(&f.login, &door.login).await {
        Ok(()) => Redirect::to("/beheer/gebruikers").into_response(),
        Err(e) => gebruikerspagina(&s, Some(format!("Niet uitgeschakeld: {e}")), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct LogFilter {
    #[serde(default)]
    pub wie: String,
}

pub async fn logboek(State(s): State<Gedeeld>, Query(q): Query<LogFilter>) -> Response {
    let (kop, st) = match (kop_van(&s, "beheer"), winkel(&s)) {
        (Ok(k), Ok(st)) => (k, st),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let regels = match st.logboek(1000).await {
        Ok(r) => r,
        Err(e) => {
            return crate::fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Databasefout",
                &e.to_string(),
            );
        }
    };
    let wie = q.wie.trim().to_string();
    let regels = regels
        .into_iter()
        .filter(|r| wie.is_empty() || r.wie.eq_ignore_ascii_case(&wie))
        .map(|mut r| {
            r.tijd = store::pdca::tijdstip_volledig(&r.tijd);
            r
        })
        .collect();
    LogboekPagina { kop, regels, wie }.into_response()
}
