//! Accounts, roles and what each may see and do — enforced in one place.
//!
//! Every request passes [`bewaak`] (a middleware layer over the whole router):
//!
//! 1. **Public** paths ([`is_openbaar`]: the login page, stylesheet, icon) pass; everything
//!    else needs a login session: a random 256-bit token in the cookie [`COOKIE`] (`HttpOnly`,
//!    `Secure`, `SameSite=Strict`, `Path=/`), stored only as its SHA-256 with its account, its
//!    own CSRF token and an absolute expiry ([`GELDIGHEID`]). Without one a page request is
//!    sent to `/inloggen`, anything else gets 401.
//! 2. **Route rule** ([`toegestaan`]): role × method × path (and the `gemeente` filter in the
//!    query) decides; a refusal is a 403 page that says nothing about the resource.
//! 3. **CSRF**: every request that is not GET/HEAD must carry the session's CSRF token, as the
//!    header `X-CSRF-Token` or as the form field `_csrf` (every form in the templates has it,
//!    via [`csrf_token`]); else 403.
//! 4. **Data rule** ([`Gebruiker::mag_zien`]): the handler runs with the user in a task-local
//!    ([`HUIDIG`]), and the release data answer only what that user may see: a value at a
//!    level or code outside the role's view is simply not there (`staat::Releasedata::waarde`
//!    and `zichtbaar` ask [`mag_zien`]). So pages, tables, downloads, charts and the API
//!    share one filter, and a handler cannot forget it.
//! 5. **Audit**: provider-level pages, downloads and table requests are written to the audit
//!    log (who, what); logins, failed logins and account changes are too.
//!
//! Every response gets the security headers of [`beveiligingskoppen`] (CSP without inline
//! script, `frame-ancestors 'none'`, `nosniff`, referrer policy).
//!
//! Roles (INDICATORS.md "Privacy"; issue: accounts, roles and security):
//! - `beheerder`: everything, user management, the audit log;
//! - `data-adviesgroep`: every figure; writes duidingen and actions;
//! - `contractmanager`: every figure; writes actions;
//! - `gemeente`: region and country, and its own gemeente(s) in detail; no provider figures;
//! - `aanbieder`: region figures and its own provider's figures; never other providers';
//! - `bestuur`: region and gemeente aggregates, the PDCA pages and the jaarrapport, read only.
//!
//! Outside a request (the CLI's jaarrapport, unit tests of page builders) no user is set and
//! [`mag_zien`] allows everything: those callers are trusted, local and logged elsewhere.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use askama::Template;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::Gedeeld;

/// The login cookie.
pub const COOKIE: &str = "jeugdstuur_sessie";
/// How long a login session lasts (absolute, not sliding): a working day.
pub const GELDIGHEID: Duration = Duration::from_secs(8 * 3600);
/// Failed logins for one account (or from one address) before it is locked for a while.
pub const MAX_POGINGEN: u32 = 5;
/// How long the lock lasts, counted from the last failed attempt.
pub const BLOKKADE: Duration = Duration::from_secs(15 * 60);
/// Largest form body read for the CSRF check (forms are small; uploads use the header).
const MAX_FORMULIER: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rol {
    Beheerder,
    DataAdviesgroep,
    Contractmanager,
    Gemeente,
    Aanbieder,
    Bestuur,
}

impl Rol {
    pub const ALLE: [Rol; 6] = [
        Rol::Beheerder,
        Rol::DataAdviesgroep,
        Rol::Contractmanager,
        Rol::Gemeente,
        Rol::Aanbieder,
        Rol::Bestuur,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rol::Beheerder => "beheerder",
            Rol::DataAdviesgroep => "data-adviesgroep",
            Rol::Contractmanager => "contractmanager",
            Rol::Gemeente => "gemeente",
            Rol::Aanbieder => "aanbieder",
            Rol::Bestuur => "bestuur",
        }
    }

    pub fn parse(s: &str) -> Option<Rol> {
        Rol::ALLE.into_iter().find(|r| r.id() == s)
    }

    /// Roles that see every figure (regio, gemeente, aanbieder).
    pub fn ziet_alles(self) -> bool {
        matches!(
            self,
            Rol::Beheerder | Rol::DataAdviesgroep | Rol::Contractmanager
        )
    }
}

/// The logged-in user of a request.
#[derive(Clone, Debug)]
pub struct Gebruiker {
    pub login: String,
    pub naam: String,
    pub rol: Rol,
    /// Role gemeente: its gemeente codes (`GM0153`).
    pub gemeenten: Vec<String>,
    /// Role aanbieder: its AGB code.
    pub aanbieder: String,
    pub csrf: String,
}

impl Gebruiker {
    /// Whether this user may see a stored value at `niveau` with `code` (the data rule).
    pub fn mag_zien(&self, niveau: &str, code: &str) -> bool {
        match self.rol {
            r if r.ziet_alles() => true,
            Rol::Bestuur => matches!(niveau, "regio" | "gemeente"),
            Rol::Gemeente => {
                niveau == "regio"
                    || (niveau == "gemeente" && self.gemeenten.iter().any(|g| g == code))
            }
            Rol::Aanbieder => {
                niveau == "regio"
                    || (niveau == "aanbieder" && code == self.aanbieder)
                    || (niveau == "aanbieder_gemeente"
                        && code
                            .split_once('|')
                            .is_some_and(|(a, _)| a == self.aanbieder))
            }
            _ => false,
        }
    }

    /// Writes duidingen and sessions.
    pub fn mag_duiden(&self) -> bool {
        matches!(self.rol, Rol::Beheerder | Rol::DataAdviesgroep)
    }

    /// Writes besluiten and verbeteracties.
    pub fn mag_acties(&self) -> bool {
        self.rol.ziet_alles()
    }

    /// How the author of a duiding or action is shown: "Naam (login)".
    pub fn auteur(&self) -> String {
        format!("{} ({})", self.naam, self.login)
    }
}

tokio::task_local! {
    /// The user of the request being handled.
    pub static HUIDIG: Gebruiker;
}

/// The user of the request being handled, if any.
pub fn huidige() -> Option<Gebruiker> {
    HUIDIG.try_with(|g| g.clone()).ok()
}

/// The data rule for the current request; outside a request everything is visible.
pub fn mag_zien(niveau: &str, code: &str) -> bool {
    HUIDIG
        .try_with(|g| g.mag_zien(niveau, code))
        .unwrap_or(true)
}

/// The CSRF token of the current request's session (for forms), or empty.
pub fn csrf_token() -> String {
    HUIDIG.try_with(|g| g.csrf.clone()).unwrap_or_default()
}

/// For the page header: "Naam (rol)" of the current user, or empty.
pub fn wie() -> String {
    HUIDIG
        .try_with(|g| format!("{} ({})", g.naam, g.rol.id()))
        .unwrap_or_default()
}

/// Whether the menu shows a link to `pad` (a page the current user may open).
pub fn in_menu(pad: &str) -> bool {
    HUIDIG
        .try_with(|g| toegestaan(g, &Method::GET, pad, None))
        .unwrap_or(true)
}

/// Runs blocking work (a PDF) as `g`, so the data rule holds on that thread too.
pub fn als<T>(g: Option<Gebruiker>, f: impl FnOnce() -> T) -> T {
    match g {
        Some(g) => HUIDIG.sync_scope(g, f),
        None => f(),
    }
}

// ---------------------------------------------------------------- passwords and tokens

/// An argon2id hash (PHC string) of a password, with a fresh random salt. CPU-heavy (~0,1 s in
/// an optimised build): call it off the async workers.
pub fn hash_wachtwoord(wachtwoord: &str) -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("geen willekeurige getallen: {e}"))?;
    let zout = SaltString::encode_b64(&bytes).map_err(|e| format!("zout: {e}"))?;
    Argon2::default()
        .hash_password(wachtwoord.as_bytes(), &zout)
        .map(|h| h.to_string())
        .map_err(|e| format!("wachtwoord kan niet worden versleuteld: {e}"))
}

/// Whether `wachtwoord` matches the stored hash.
pub fn controleer_wachtwoord(wachtwoord: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(wachtwoord.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A password rule that a municipal security officer would accept: at least 12 characters.
pub fn wachtwoord_fout(wachtwoord: &str) -> Option<String> {
    (wachtwoord.chars().count() < 12)
        .then(|| "het wachtwoord moet minstens 12 tekens hebben".to_string())
}

/// `n` random bytes from the operating system, as hex.
pub fn willekeurig(n: usize) -> String {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).expect("het besturingssysteem geeft geen willekeurige getallen");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A password for the demo administrator: 20 characters from an unambiguous alphabet.
pub fn nieuw_wachtwoord() -> String {
    const TEKENS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut b = [0u8; 20];
    getrandom::fill(&mut b).expect("het besturingssysteem geeft geen willekeurige getallen");
    b.iter()
        .map(|x| TEKENS[*x as usize % TEKENS.len()] as char)
        .collect()
}

fn sha256(token: &str) -> String {
    use std::fmt::Write;
    let mut uit = String::with_capacity(64);
    for x in Sha256::digest(token.as_bytes()) {
        let _ = write!(uit, "{x:02x}");
    }
    uit
}

// ---------------------------------------------------------------- the route rule

/// Paths anyone may request without logging in.
pub fn is_openbaar(pad: &str) -> bool {
    matches!(
        pad,
        "/inloggen" | "/static/jeugdstuur.css" | "/static/favicon.svg" | "/favicon.ico"
    )
}

fn query_waarde(query: Option<&str>, naam: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == naam)
        .map(|(_, v)| percent_decode(v))
        .filter(|v| !v.trim().is_empty())
}

fn percent_decode(v: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={v}"))
        .ok()
        .and_then(|mut p| p.pop())
        .map(|(_, v)| v)
        .unwrap_or_else(|| v.to_string())
}

fn gemeentecode(s: &str) -> String {
    model::GemeenteCode::parse(s)
        .map(|g| g.to_string())
        .unwrap_or_else(|_| s.to_string())
}

/// Whether a table id (downloads, `/api/tabellen`) is the data-quality view (deliveries and
/// rejected rows per gemeente): for the roles that see everything.
fn is_datakwaliteit(tabel: &str) -> bool {
    [
        "volledigheid",
        "afgewezen",
        "waarschuwingen",
        "wijzigingen",
        "datakwaliteit",
    ]
    .iter()
    .any(|p| tabel.starts_with(p))
}

/// The route rule: may `g` make this request? `pad` is the path, `query` the raw query.
pub fn toegestaan(g: &Gebruiker, methode: &Method, pad: &str, query: Option<&str>) -> bool {
    let rol = g.rol;
    let alles = rol.ziet_alles();
    let lezen = methode == Method::GET || methode == Method::HEAD;
    let delen: Vec<&str> = pad.trim_matches('/').split('/').collect();
    let eerste = delen.first().copied().unwrap_or("");
    let tweede = delen.get(1).copied().unwrap_or("");

    // The provider's own pages and tables (role aanbieder).
    let eigen_aanbieder = |t: &str| {
        rol == Rol::Aanbieder
            && !g.aanbieder.is_empty()
            && t.strip_prefix("aanbieder-")
                .and_then(|r| r.strip_prefix(g.aanbieder.as_str()))
                .is_some_and(|r| r.is_empty() || r.starts_with('-') || r.starts_with('.'))
    };
    let tabel_mag = |t: &str| {
        if crate::aanbieders::is_aanbiederpad(t) {
            alles || eigen_aanbieder(t)
        } else if is_datakwaliteit(t) {
            alles
        } else {
            true
        }
    };

    // A gemeente filter in the query is detail of that gemeente.
    if let Some(gm) = query_waarde(query, "gemeente") {
        let op_eigen_aanbiederpagina =
            rol == Rol::Aanbieder && eerste == "aanbieder" && tweede == g.aanbieder;
        let mag = alles
            || rol == Rol::Bestuur
            || op_eigen_aanbiederpagina
            || (rol == Rol::Gemeente && g.gemeenten.contains(&gemeentecode(&gm)));
        if !mag {
            return false;
        }
    }
    let pdca_lezen = alles || rol == Rol::Bestuur;

    if !lezen {
        return match (eerste, tweede) {
            ("uitloggen", _) => true,
            ("beheer", _) => rol == Rol::Beheerder,
            ("sessies", _) => g.mag_duiden(),
            ("sessie", _) if delen.get(2) == Some(&"actie") => g.mag_acties(),
            ("sessie", _) => g.mag_duiden(),
            ("duiding", _) => g.mag_duiden(),
            ("actie", _) => g.mag_acties(),
            ("api", "sessies" | "duidingen") => g.mag_duiden(),
            ("api", "acties") => g.mag_acties(),
            _ => false,
        };
    }
    match (eerste, tweede) {
        ("beheer", _) => rol == Rol::Beheerder,
        ("datakwaliteit", _) => alles,
        ("gemeente", "") => rol != Rol::Aanbieder,
        ("gemeente", code) => g.mag_zien("gemeente", &gemeentecode(code)),
        ("aanbieders" | "vergelijking", _) => alles,
        ("aanbieder", agb) => alles || (rol == Rol::Aanbieder && agb == g.aanbieder),
        ("download", bestand) => tabel_mag(bestand),
        ("api", "tabellen") => tabel_mag(delen.get(2).copied().unwrap_or("")),
        ("api", "sessies" | "duidingen" | "acties" | "geschiedenis") => pdca_lezen,
        ("sessies" | "sessie" | "acties" | "pdca" | "jaarrapport", _) => pdca_lezen,
        _ => true,
    }
}

// ---------------------------------------------------------------- login throttling

/// Failed logins per account and per address, in memory (a restart forgets them, which
/// only helps an attacker who can restart the server).
#[derive(Default)]
pub struct Rem {
    pogingen: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Rem {
    /// How long `sleutel` must still wait, when it is locked.
    fn wacht(&self, sleutel: &str) -> Option<Duration> {
        let p = self.pogingen.lock().unwrap_or_else(|e| e.into_inner());
        let (n, laatst) = p.get(sleutel)?;
        let voorbij = laatst.elapsed();
        (*n >= MAX_POGINGEN && voorbij < BLOKKADE).then(|| BLOKKADE - voorbij)
    }

    fn mislukt(&self, sleutel: &str) {
        let mut p = self.pogingen.lock().unwrap_or_else(|e| e.into_inner());
        let e = p.entry(sleutel.to_string()).or_insert((0, Instant::now()));
        if e.1.elapsed() >= BLOKKADE {
            e.0 = 0;
        }
        e.0 += 1;
        e.1 = Instant::now();
    }

    fn gelukt(&self, sleutel: &str) {
        self.pogingen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(sleutel);
    }
}

// ---------------------------------------------------------------- the middleware

fn cookie_token(koppen: &HeaderMap) -> Option<String> {
    koppen
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The user of a login-session token, when the session is valid: from the session cache
/// (`cache::Sessiecache`, a few seconds) or the database.
async fn gebruiker_van(s: &crate::Staat, token: &str) -> Option<Gebruiker> {
    let st = s.store.as_ref()?;
    let hash = sha256(token);
    if let Some(g) = s.sessies.zoek(&hash) {
        return Some(g);
    }
    let generatie = s.sessies.generatie();
    let sessie = st.inlogsessie(&hash).await.ok()??;
    let g = sessie.gebruiker;
    let g = Gebruiker {
        login: g.login,
        naam: g.naam,
        rol: Rol::parse(&g.rol)?,
        gemeenten: g.gemeenten,
        aanbieder: g.aanbieder,
        csrf: sessie.csrf,
    };
    s.sessies.bewaar(&hash, &g, &sessie.verloopt, generatie);
    Some(g)
}

fn gelijk(a: &str, b: &str) -> bool {
    // Constant time for equal lengths: the CSRF token is not guessable byte by byte.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn is_api(pad: &str) -> bool {
    pad.starts_with("/api/")
}

/// A refusal that tells nothing about the resource.
pub fn verboden(pad: &str) -> Response {
    if is_api(pad) {
        return (
            StatusCode::FORBIDDEN,
            axum::Json(serde_json::json!({"fout": "Geen toegang met uw rol."})),
        )
            .into_response();
    }
    crate::fout(
        StatusCode::FORBIDDEN,
        "Geen toegang",
        "Met uw rol heeft u geen toegang tot deze pagina of dit bestand. Denkt u dat dit niet \
         klopt, neem dan contact op met de beheerder van Jeugdstuur.",
    )
}

fn niet_ingelogd(methode: &Method, pad: &str, query: Option<&str>) -> Response {
    if methode == Method::GET && !is_api(pad) && !pad.starts_with("/download/") {
        let terug = match query {
            Some(q) => format!("{pad}?{q}"),
            None => pad.to_string(),
        };
        let doel = serde_urlencoded::to_string([("terug", terug.as_str())]).unwrap_or_default();
        return Redirect::to(&format!("/inloggen?{doel}")).into_response();
    }
    (
        StatusCode::UNAUTHORIZED,
        axum::Json(serde_json::json!({"fout": "Niet ingelogd: log eerst in op /inloggen."})),
    )
        .into_response()
}

/// Whether a request is worth an audit-log line: provider-level data, downloads, tables.
fn te_loggen(pad: &str) -> Option<&'static str> {
    if pad.starts_with("/download/") || pad.starts_with("/jaarrapport/") {
        Some("download")
    } else if pad.starts_with("/api/tabellen/") {
        Some("tabel opgevraagd")
    } else if crate::aanbieders::is_aanbiederpad(pad) {
        Some("aanbiederpagina bekeken")
    } else {
        None
    }
}

/// The middleware of the module docs (steps 1–5). After a request that is not GET/HEAD and
/// was not refused, the session and page caches are emptied (`cache`): it may have ended a
/// session (logout, a new login, disabling an account) or changed what a page shows.
pub async fn bewaak(State(s): State<Gedeeld>, req: Request, next: Next) -> Response {
    let lezen = req.method() == Method::GET || req.method() == Method::HEAD;
    let r = bewaak_verzoek(&s, req, next).await;
    let geweigerd = matches!(
        r.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
    );
    if !lezen && !geweigerd {
        s.sessies.leeg();
        s.paginas.leeg();
    }
    r
}

async fn bewaak_verzoek(s: &Gedeeld, req: Request, next: Next) -> Response {
    let pad = req.uri().path().to_string();
    if is_openbaar(&pad) {
        return next.run(req).await;
    }
    let methode = req.method().clone();
    let query = req.uri().query().map(str::to_string);
    let gebruiker = match cookie_token(req.headers()) {
        Some(t) => gebruiker_van(s, &t).await,
        None => None,
    };
    let Some(g) = gebruiker else {
        return niet_ingelogd(&methode, &pad, query.as_deref());
    };
    if !toegestaan(&g, &methode, &pad, query.as_deref()) {
        if let Some(st) = &s.store {
            let _ = st
                .log(&g.login, "toegang geweigerd", &format!("{methode} {pad}"))
                .await;
        }
        return verboden(&pad);
    }
    let req = if methode == Method::GET || methode == Method::HEAD {
        req
    } else {
        match csrf_controle(req, &g.csrf).await {
            Ok(r) => r,
            Err(()) => {
                if let Some(st) = &s.store {
                    let _ = st
                        .log(&g.login, "CSRF-token ontbreekt of klopt niet", &pad)
                        .await;
                }
                return crate::fout(
                    StatusCode::FORBIDDEN,
                    "Formulier verlopen",
                    "Dit formulier kwam niet van deze pagina of is verlopen (het beveiligings\u{00AD}token \
                     ontbreekt of klopt niet). Er is niets opgeslagen. Laad de pagina opnieuw en \
                     probeer het nog eens.",
                );
            }
        }
    };
    if let (Some(wat), Some(st)) = (te_loggen(&pad), &s.store) {
        let wat_voluit = match &query {
            Some(q) => format!("{pad}?{q}"),
            None => pad.clone(),
        };
        let _ = st.log(&g.login, wat, &wat_voluit).await;
    }
    HUIDIG.scope(g, next.run(req)).await
}

/// Checks the CSRF token of a state-changing request: the `X-CSRF-Token` header, or the
/// `_csrf` field of a url-encoded form (the body is read and handed on unchanged).
async fn csrf_controle(req: Request, verwacht: &str) -> Result<Request, ()> {
    if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if gelijk(h, verwacht) {
            Ok(req)
        } else {
            Err(())
        };
    }
    // A multipart upload (the delivery form) carries the token in its query string.
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let ok = query_waarde(req.uri().query(), "_csrf").is_some_and(|t| gelijk(&t, verwacht));
        return if ok { Ok(req) } else { Err(()) };
    }
    let is_formulier = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_formulier {
        return Err(());
    }
    let (delen, romp) = req.into_parts();
    let bytes = axum::body::to_bytes(romp, MAX_FORMULIER)
        .await
        .map_err(|_| ())?;
    let velden: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(|_| ())?;
    let ok = velden
        .iter()
        .any(|(k, v)| k == "_csrf" && gelijk(v, verwacht));
    if !ok {
        return Err(());
    }
    Ok(Request::from_parts(delen, Body::from(bytes)))
}

/// Security headers on every response.
pub async fn beveiligingskoppen(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let zet = |h: &mut HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    // A handler may set a stricter or specific policy (the standalone jaarrapport page).
    if !h.contains_key("content-security-policy") {
        zet(
            h,
            "content-security-policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        );
    }
    zet(h, "x-content-type-options", "nosniff");
    zet(h, "x-frame-options", "DENY");
    zet(h, "referrer-policy", "same-origin");
    zet(h, "cross-origin-opener-policy", "same-origin");
    zet(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        zet(h, "cache-control", "no-store");
    }
    res
}

// ---------------------------------------------------------------- login and logout

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

#[derive(Deserialize)]
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

pub async fn inloggen(
    State(s): State<Gedeeld>,
    koppen: HeaderMap,
    axum::Form(f): axum::Form<Inlog>,
) -> Response {
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
            return pagina(
                StatusCode::FORBIDDEN,
                "Dit inlogformulier kwam niet van deze site.".into(),
            );
        }
    }
    let Some(st) = s.store.clone() else {
        return pagina(
            StatusCode::SERVICE_UNAVAILABLE,
            "Inloggen kan niet: de database is niet beschikbaar.".into(),
        );
    };
    let sleutel = format!("login:{}", f.login.to_lowercase());
    if let Some(w) = s.rem.wacht(&sleutel) {
        let _ = st
            .log(&f.login, "inloggen geweigerd (te veel pogingen)", "")
            .await;
        let mut r = pagina(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Te veel mislukte pogingen. Probeer het over {} minuten opnieuw.",
                w.as_secs().div_ceil(60).max(1)
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(w.as_secs().max(1)));
        return r;
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
        let _ = st.log(&f.login, "inloggen mislukt", "").await;
        return pagina(
            StatusCode::UNAUTHORIZED,
            "Inlognaam of wachtwoord klopt niet (of het account is uitgeschakeld).".into(),
        );
    };
    s.rem.gelukt(&sleutel);
    // Never reuse a session from before the login (session fixation): end it, start anew.
    if let Some(oud) = cookie_token(&koppen) {
        let _ = st.inlogsessie_beeindigen(&sha256(&oud)).await;
    }
    let token = willekeurig(32);
    let csrf = willekeurig(32);
    let verloopt = (chrono::Utc::now()
        + chrono::Duration::from_std(GELDIGHEID).unwrap_or_default())
    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Err(e) = st
        .inlogsessie_maken(&sha256(&token), g.id, &csrf, &verloopt)
        .await
    {
        tracing::error!("inlogsessie: {e}");
        return pagina(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Inloggen mislukte door een fout in de database.".into(),
        );
    }
    let _ = st
        .log(&g.login, "ingelogd", &format!("rol {}", g.rol))
        .await;
    let mut r = Redirect::to(&terug).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={}",
            GELDIGHEID.as_secs()
        ))
        .expect("ascii"),
    );
    r
}

/// `GET /api/ik`: the logged-in account and its CSRF token (for API clients, which send it
/// back as `X-CSRF-Token`).
pub async fn api_ik() -> Response {
    match huidige() {
        Some(g) => axum::Json(serde_json::json!({
            "login": g.login,
            "naam": g.naam,
            "rol": g.rol.id(),
            "gemeenten": g.gemeenten,
            "aanbieder": g.aanbieder,
            "csrf": g.csrf,
        }))
        .into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

pub async fn uitloggen(State(s): State<Gedeeld>, koppen: HeaderMap) -> Response {
    if let (Some(t), Some(st)) = (cookie_token(&koppen), &s.store) {
        let _ = st.inlogsessie_beeindigen(&sha256(&t)).await;
        if let Some(g) = huidige() {
            let _ = st.log(&g.login, "uitgelogd", "").await;
        }
    }
    let mut r = Redirect::to("/inloggen").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0"
        ))
        .expect("ascii"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(rol: Rol) -> Gebruiker {
        Gebruiker {
            login: "t".into(),
            naam: "T".into(),
            rol,
            gemeenten: if rol == Rol::Gemeente {
                vec!["GM0153".into()]
            } else {
                vec![]
            },
            aanbieder: if rol == Rol::Aanbieder {
                "12345678".into()
            } else {
                String::new()
            },
            csrf: "x".into(),
        }
    }

    #[test]
    fn data_rule_per_role() {
        let cases = [
            ("regio", "regio", [true, true, true, true, true, true]),
            ("gemeente", "GM0153", [true, true, true, true, false, true]),
            ("gemeente", "GM0164", [true, true, true, false, false, true]),
            (
                "aanbieder",
                "12345678",
                [true, true, true, false, true, false],
            ),
            (
                "aanbieder",
                "87654321",
                [true, true, true, false, false, false],
            ),
            (
                "aanbieder_gemeente",
                "12345678|GM0164",
                [true, true, true, false, true, false],
            ),
            (
                "aanbieder_gemeente",
                "87654321|GM0153",
                [true, true, true, false, false, false],
            ),
        ];
        for (niveau, code, verwacht) in cases {
            for (rol, v) in Rol::ALLE.into_iter().zip(verwacht) {
                assert_eq!(g(rol).mag_zien(niveau, code), v, "{rol:?} {niveau} {code}");
            }
        }
    }

    #[test]
    fn route_rule_examples() {
        let get = Method::GET;
        let post = Method::POST;
        let a = g(Rol::Aanbieder);
        assert!(toegestaan(&a, &get, "/aanbieder/12345678", None));
        assert!(toegestaan(
            &a,
            &get,
            "/aanbieder/12345678",
            Some("gemeente=GM0164")
        ));
        assert!(!toegestaan(&a, &get, "/aanbieder/87654321", None));
        assert!(!toegestaan(&a, &get, "/aanbieders", None));
        assert!(!toegestaan(
            &a,
            &get,
            "/vergelijking/crisis_start_aandeel",
            None
        ));
        assert!(toegestaan(
            &a,
            &get,
            "/download/aanbieder-12345678-volume.csv",
            None
        ));
        assert!(!toegestaan(
            &a,
            &get,
            "/download/aanbieder-123456789.csv",
            None
        ));
        assert!(!toegestaan(
            &a,
            &get,
            "/download/aanbieder-87654321.csv",
            None
        ));
        assert!(!toegestaan(&a, &get, "/", Some("gemeente=GM0153")));
        let gm = g(Rol::Gemeente);
        assert!(toegestaan(&gm, &get, "/gemeente/GM0153", None));
        assert!(toegestaan(&gm, &get, "/gemeente/0153", None));
        assert!(!toegestaan(&gm, &get, "/gemeente/GM0164", None));
        assert!(toegestaan(
            &gm,
            &get,
            "/indicator/x",
            Some("gemeente=GM0153")
        ));
        assert!(!toegestaan(
            &gm,
            &get,
            "/indicator/x",
            Some("soort=jaar&gemeente=GM0164")
        ));
        assert!(!toegestaan(&gm, &get, "/datakwaliteit", None));
        let b = g(Rol::Bestuur);
        assert!(toegestaan(&b, &get, "/jaarrapport/2025.pdf", None));
        assert!(toegestaan(&b, &get, "/sessies", None));
        assert!(!toegestaan(&b, &post, "/sessies", None));
        assert!(!toegestaan(&b, &get, "/aanbieders", None));
        let cm = g(Rol::Contractmanager);
        assert!(toegestaan(&cm, &post, "/sessie/1/actie", None));
        assert!(!toegestaan(&cm, &post, "/sessie/1/duiding", None));
        assert!(toegestaan(&cm, &Method::PUT, "/api/acties/3", None));
        assert!(!toegestaan(&cm, &Method::PUT, "/api/duidingen/3", None));
        assert!(!toegestaan(&cm, &get, "/beheer/gebruikers", None));
        assert!(toegestaan(
            &g(Rol::Beheerder),
            &get,
            "/beheer/gebruikers",
            None
        ));
    }

    #[test]
    fn password_hash_round_trip_and_rules() {
        let h = hash_wachtwoord("een lang genoeg wachtwoord").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(controleer_wachtwoord("een lang genoeg wachtwoord", &h));
        assert!(!controleer_wachtwoord("een lang genoeg wachtwoorD", &h));
        assert!(!controleer_wachtwoord("x", "geen hash"));
        assert!(wachtwoord_fout("kort").is_some());
        assert!(wachtwoord_fout("twaalf tekens").is_none());
        assert_ne!(willekeurig(32), willekeurig(32));
        assert_eq!(willekeurig(32).len(), 64);
    }

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

    #[test]
    fn throttle_locks_after_max_attempts() {
        let r = Rem::default();
        for _ in 0..MAX_POGINGEN - 1 {
            r.mislukt("a");
        }
        assert!(r.wacht("a").is_none());
        r.mislukt("a");
        assert!(r.wacht("a").is_some());
        assert!(r.wacht("b").is_none());
        r.gelukt("a");
        assert!(r.wacht("a").is_none());
    }
}
