//! Logging in and out (`/inloggen`, `/uitloggen`) and `/api/ik`, the account of an API
//! client with its CSRF token.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{
    COOKIE, GELDIGHEID, Routes, Wie, controleer_wachtwoord, cookie_token, hash_wachtwoord, huidige,
    sha256, willekeurig,
};
use store::Voorval;

use crate::Gedeeld;
use crate::antwoord::{PaginaFout, logboek};

/// The login page and form (public), logout and `/api/ik` (every account).
pub(crate) fn router() -> Routes {
    Routes::paginas()
        .get("/inloggen", Wie::Openbaar, inlogpagina)
        .post("/inloggen", Wie::Openbaar, inloggen)
        .post("/uitloggen", Wie::Ingelogd, uitloggen)
        .merge(Routes::api().get("/api/ik", Wie::Ingelogd, api_ik))
}

#[derive(Template, askama_web::WebTemplate)]
#[template(path = "inloggen.html")]
pub struct InlogPagina {
    pub terug: String,
    pub melding: Option<String>,
    pub login: String,
}

#[derive(Deserialize, Default)]
pub struct Terug {
    pub terug: Option<String>,
}

/// Only a local path may be a destination after login (no open redirect).
fn veilig_terug(t: Option<&str>) -> String {
    match t {
        Some(t) if t.starts_with('/') && !t.starts_with("//") && !t.contains('\\') => t.into(),
        _ => "/".into(),
    }
}

pub async fn inlogpagina(Query(q): Query<Terug>) -> Response {
    InlogPagina {
        terug: veilig_terug(q.terug.as_deref()),
        melding: None,
        login: String::new(),
    }
    .into_response()
}

/// The login operations of the API description (`/api/openapi.json`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(inloggen, api_ik))]
pub(crate) struct AccountApi;

/// The login form.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Inlog {
    pub login: String,
    pub wachtwoord: String,
    pub terug: Option<String>,
}

/// A hash to verify against when the account does not exist, so that a wrong login name
/// costs as much time as a wrong password (no account enumeration by timing).
static SCHIJNHASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hash_wachtwoord("geen-echt-wachtwoord-maar-even-duur").unwrap_or_default()
});

#[utoipa::path(post, path = "/inloggen", tag = "account",
    summary = "Inloggen: geeft de sessiecookie (jeugdstuur_sessie) en stuurt door naar terug",
    request_body(content = Inlog, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Ingelogd: Set-Cookie met de sessie, Location naar terug (een lokaal pad, anders /).",
            headers(("Set-Cookie" = String, description = "jeugdstuur_sessie=…; HttpOnly; Secure; SameSite=Strict"))),
        (status = 401, description = "Inlognaam of wachtwoord klopt niet (de inlogpagina met melding).", content_type = "text/html", body = String),
        (status = 403, description = "Het formulier kwam niet van deze site (Origin).", content_type = "text/html", body = String),
        (status = 429, description = "Te veel mislukte pogingen; Retry-After zegt hoe lang te wachten.", content_type = "text/html", body = String),
        (status = 503, description = "Geen database.", content_type = "text/html", body = String),
    ))]
pub async fn inloggen(
    State(s): State<Gedeeld>,
    koppen: HeaderMap,
    axum::Form(f): axum::Form<Inlog>,
) -> Result<Response, Response> {
    let terug = veilig_terug(f.terug.as_deref());
    let pagina = |status: StatusCode, melding: String| {
        let mut r = InlogPagina {
            terug: terug.clone(),
            melding: Some(melding),
            login: f.login.clone(),
        }
        .into_response();
        *r.status_mut() = status;
        r
    };
    // Login CSRF: a form posted from another site is refused (SameSite covers the session
    // cookie, not this form).
    if let Some(o) = koppen.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = koppen
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let eigen = o
            .strip_prefix("http://")
            .or_else(|| o.strip_prefix("https://"))
            .is_some_and(|rest| rest == host);
        if !eigen {
            return Ok(pagina(
                StatusCode::FORBIDDEN,
                "Dit inlogformulier kwam niet van deze site.".into(),
            ));
        }
    }
    let Some(st) = s.store.clone() else {
        return Ok(pagina(
            StatusCode::SERVICE_UNAVAILABLE,
            "Inloggen kan niet: de database is niet beschikbaar.".into(),
        ));
    };
    let sleutel = format!("login:{}", f.login.to_lowercase());
    if let Some(w) = s.rem.wacht(&sleutel) {
        logboek(Some(&st), &f.login, Voorval::InloggenGeweigerd).await?;
        let mut r = pagina(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Te veel mislukte pogingen. Probeer het over {} minuten opnieuw.",
                w.as_secs().div_ceil(60).max(1)
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(w.as_secs().max(1)));
        return Ok(r);
    }
    let gevonden = st.gebruiker_met_hash(&f.login).await.ok().flatten();
    let wachtwoord = f.wachtwoord.clone();
    let (hash, actief) = match &gevonden {
        Some((g, h)) => (h.clone(), g.actief),
        None => (SCHIJNHASH.clone(), false),
    };
    let klopt = tokio::task::spawn_blocking(move || controleer_wachtwoord(&wachtwoord, &hash))
        .await
        .unwrap_or(false);
    let Some((g, _)) = gevonden.filter(|_| klopt && actief) else {
        s.rem.mislukt(&sleutel);
        logboek(Some(&st), &f.login, Voorval::InloggenMislukt).await?;
        return Ok(pagina(
            StatusCode::UNAUTHORIZED,
            "Inlognaam of wachtwoord klopt niet (of het account is uitgeschakeld).".into(),
        ));
    };
    s.rem.gelukt(&sleutel);
    // Never reuse a session from before the login (session fixation): end it, start anew.
    if let Some(oud) = cookie_token(&koppen) {
        st.inlogsessie_beeindigen(&sha256(&oud), None)
            .await
            .map_err(PaginaFout::from)?;
    }
    let token = willekeurig(32);
    let csrf = willekeurig(32);
    let verloopt = (chrono::Utc::now()
        + chrono::Duration::from_std(GELDIGHEID).unwrap_or_default())
    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Err(e) = st
        .inlogsessie_maken(&sha256(&token), &g, &csrf, &verloopt)
        .await
    {
        tracing::error!("inlogsessie: {e}");
        return Ok(pagina(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Inloggen mislukte door een fout in de database.".into(),
        ));
    }
    let mut r = Redirect::to(&terug).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={}",
            GELDIGHEID.as_secs()
        ))
        .expect("ascii"),
    );
    Ok(r)
}

/// The account of `/api/ik`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Ik {
    login: String,
    naam: String,
    /// beheerder, data-adviesgroep, contractmanager, gemeente, aanbieder or bestuur.
    rol: String,
    /// Role gemeente: its gemeente codes (GM0153).
    gemeenten: Vec<String>,
    /// Role aanbieder: its AGB code; else empty.
    aanbieder: String,
    /// The session's CSRF token: send it as `X-CSRF-Token` with every POST and PUT.
    csrf: String,
}

/// `GET /api/ik`: the logged-in account and its CSRF token (for API clients, which send it
/// back as `X-CSRF-Token`).
#[utoipa::path(get, path = "/api/ik", tag = "account",
    summary = "Het ingelogde account en zijn CSRF-token (stuur dat mee als X-CSRF-Token bij POST en PUT)",
    responses((status = 200, description = "account", body = Ik)))]
pub async fn api_ik() -> Response {
    match huidige() {
        Some(g) => axum::Json(Ik {
            login: g.login,
            naam: g.naam,
            rol: g.rol.id().into(),
            gemeenten: g.gemeenten,
            aanbieder: g.aanbieder,
            csrf: g.csrf,
        })
        .into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

pub async fn uitloggen(
    State(s): State<Gedeeld>,
    koppen: HeaderMap,
) -> Result<Response, PaginaFout> {
    if let (Some(t), Some(st)) = (cookie_token(&koppen), &s.store) {
        // The logout is logged in the same transaction that ends the session.
        let wie = huidige().map(|g| g.login);
        st.inlogsessie_beeindigen(&sha256(&t), wie.as_deref())
            .await?;
    }
    let mut r = Redirect::to("/inloggen").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0"
        ))
        .expect("ascii"),
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_destinations_after_login() {
        assert_eq!(
            veilig_terug(Some("/indicator/x?soort=jaar")),
            "/indicator/x?soort=jaar"
        );
        assert_eq!(veilig_terug(Some("//evil.example/")), "/");
        assert_eq!(veilig_terug(Some("https://evil.example/")), "/");
        assert_eq!(veilig_terug(Some("/\\evil")), "/");
        assert_eq!(veilig_terug(None), "/");
    }
}
