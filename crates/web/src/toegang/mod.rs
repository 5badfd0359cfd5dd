//! Accounts, roles and what each may see and do — enforced in one place.
//!
//! Every request passes two middleware layers: [`bewaak`] (who is it?) and
//! [`regels::keur`] (may they?), over every route of [`crate::app`]:
//!
//! 1. **Login**: a route declared [`Wie::Openbaar`] (the login page, stylesheet, icon)
//!    passes; everything else needs a login session: a random 256-bit token in the cookie
//!    [`COOKIE`] (`HttpOnly`, `Secure`, `SameSite=Strict`, `Path=/`), stored only as its
//!    SHA-256 with its account, its own CSRF token and an absolute expiry ([`GELDIGHEID`]).
//!    Without one a page request is sent to `/inloggen`, anything else gets 401.
//! 2. **Route rule**, declared on the route: every feature router adds its routes through
//!    [`regels::Routes`] with *who* may use them ([`Wie`]: roles, the own provider or gemeente
//!    in the path, a table id) next to the handler; [`regels::keur`] looks the matched route
//!    up and refuses what is not allowed — and every route or method that was not declared —
//!    with a 403 that says nothing about the resource. The `gemeente` filter in the query is
//!    detail of that gemeente and is checked there too.
//! 3. **CSRF**: every request that is not GET/HEAD must carry the session's CSRF token, as the
//!    header `X-CSRF-Token` or as the form field `_csrf` (every form in the templates has it,
//!    via [`csrf_token`]); else 403.
//! 4. **Data rule** ([`Gebruiker::mag_zien`]): the handler runs with the user in a task-local
//!    ([`HUIDIG`]), and the release data answer only what that user may see: a value at a
//!    level or code outside the role's view is simply not there (`staat::Releasedata::waarde`
//!    and `zichtbaar` ask [`mag_zien`]). So pages, tables, downloads, charts and the API
//!    share one filter, and a handler cannot forget it. It fails closed: without a user in
//!    scope nothing is visible (a blocking task takes the user along with [`als`]; the CLI
//!    runs as an explicit data specialist, [`Gebruiker::dataspecialist`]).
//! 5. **Audit**: routes declared with a [`regels::Logregel`] (provider pages, downloads, table
//!    requests) are written to the audit log (who, what); logins, failed logins, refusals and
//!    account changes are too.
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

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use pipeline::indicatoren::Niveau;
use sha2::{Digest, Sha256};

use crate::Gedeeld;
use crate::api::Fout;

mod deelname;
mod inloggen;
pub mod regels;

pub use deelname::huidig_mag;
pub(crate) use inloggen::{AccountApi, router};
use regels::Aangemeld;
pub use regels::{Logregel, Oppervlak, Regelboek, Routes, Wie};

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

    /// The roles that see every figure (regio, gemeente, aanbieder) and write actions.
    pub const INTERN: &'static [Rol] =
        &[Rol::Beheerder, Rol::DataAdviesgroep, Rol::Contractmanager];
    /// The roles that read the PDCA pages, minutes and the jaarrapport.
    pub const PDCA: &'static [Rol] = &[
        Rol::Beheerder,
        Rol::DataAdviesgroep,
        Rol::Contractmanager,
        Rol::Bestuur,
    ];
    /// The roles that write duidingen and sessions.
    pub const DUIDERS: &'static [Rol] = &[Rol::Beheerder, Rol::DataAdviesgroep];
    /// Account management and the audit log.
    pub const BEHEER: &'static [Rol] = &[Rol::Beheerder];
    /// Every role but `aanbieder` (the gemeente pages).
    pub const NIET_AANBIEDER: &'static [Rol] = &[
        Rol::Beheerder,
        Rol::DataAdviesgroep,
        Rol::Contractmanager,
        Rol::Gemeente,
        Rol::Bestuur,
    ];

    pub fn parse(s: &str) -> Option<Rol> {
        Rol::ALLE.into_iter().find(|r| r.id() == s)
    }

    /// Roles that see every figure (regio, gemeente, aanbieder).
    pub fn ziet_alles(self) -> bool {
        Rol::INTERN.contains(&self)
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
    /// Role gemeente: also sees the other gemeenten' figures (the region's
    /// `gemeenten_vergelijken`).
    pub andere_gemeenten: bool,
    pub csrf: String,
}

impl Gebruiker {
    /// The explicit scope of a local, trusted caller outside the server (the CLI's
    /// `report`): a data specialist, who sees every figure.
    pub fn dataspecialist(login: &str) -> Gebruiker {
        Gebruiker {
            login: login.into(),
            naam: login.into(),
            rol: Rol::DataAdviesgroep,
            gemeenten: Vec::new(),
            aanbieder: String::new(),
            andere_gemeenten: true,
            csrf: String::new(),
        }
    }

    /// Whether this user may see a stored value at `niveau` with `code` (the data rule).
    pub fn mag_zien(&self, niveau: Niveau, code: &str) -> bool {
        match (self.rol, niveau) {
            (r, _) if r.ziet_alles() => true,
            (Rol::Bestuur | Rol::Gemeente | Rol::Aanbieder, Niveau::Regio) => true,
            (Rol::Bestuur, Niveau::Gemeente) => true,
            (Rol::Gemeente, Niveau::Gemeente) => {
                self.andere_gemeenten || self.gemeenten.iter().any(|g| g == code)
            }
            (Rol::Aanbieder, Niveau::Aanbieder) => code == self.aanbieder,
            (Rol::Aanbieder, Niveau::AanbiederGemeente) => code
                .split_once('|')
                .is_some_and(|(a, _)| a == self.aanbieder),
            _ => false,
        }
    }

    /// Writes duidingen and sessions.
    pub fn mag_duiden(&self) -> bool {
        Rol::DUIDERS.contains(&self.rol)
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

/// The data rule for the current request. It fails closed: without a user in scope nothing
/// is visible (run outside-the-server work with [`namens`] or [`als`]).
pub fn mag_zien(niveau: Niveau, code: &str) -> bool {
    HUIDIG
        .try_with(|g| g.mag_zien(niveau, code))
        .unwrap_or(false)
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

/// Whether the menu shows a link to `pad` (a page without parameters the current user may
/// open, by the declaration on its route).
pub fn in_menu(pad: &str) -> bool {
    let Some(v) = regels::regelboek().zoek(&Method::GET, pad) else {
        return false;
    };
    HUIDIG
        .try_with(|g| v.wie.toegestaan(g, &Vec::new(), None))
        .unwrap_or(false)
}

/// Runs blocking work (a PDF) as `g`, so the data rule holds on that thread too (without a
/// user, no stored value is visible).
pub fn als<T>(g: Option<Gebruiker>, f: impl FnOnce() -> T) -> T {
    match g {
        Some(g) => HUIDIG.sync_scope(g, f),
        None => f(),
    }
}

/// Runs `f` as `g` (the CLI: [`Gebruiker::dataspecialist`]).
pub async fn namens<F: std::future::Future>(g: Gebruiker, f: F) -> F::Output {
    HUIDIG.scope(g, f).await
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

pub(crate) fn query_waarde(query: Option<&str>, naam: &str) -> Option<String> {
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
        andere_gemeenten: s.regio.gemeenten_vergelijken,
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

/// A refusal that tells nothing about the resource.
pub fn verboden(oppervlak: Oppervlak) -> Response {
    if oppervlak == Oppervlak::Api {
        return Fout::antwoord(StatusCode::FORBIDDEN, "Geen toegang met uw rol.");
    }
    crate::antwoord::fout(
        StatusCode::FORBIDDEN,
        "Geen toegang",
        "Met uw rol heeft u geen toegang tot deze pagina of dit bestand. Denkt u dat dit niet \
         klopt, neem dan contact op met de beheerder van Jeugdstuur.",
    )
}

/// The refusal of a form without a valid CSRF token.
fn formulier_verlopen() -> Response {
    crate::antwoord::fout(
        StatusCode::FORBIDDEN,
        "Formulier verlopen",
        "Dit formulier kwam niet van deze pagina of is verlopen (het beveiligings\u{00AD}token \
         ontbreekt of klopt niet). Er is niets opgeslagen. Laad de pagina opnieuw en \
         probeer het nog eens.",
    )
}

/// Without a login: a page request goes to the login page (and back after), anything else
/// gets 401.
fn niet_ingelogd(
    methode: &Method,
    oppervlak: Oppervlak,
    pad: &str,
    query: Option<&str>,
) -> Response {
    if methode == Method::GET && oppervlak == Oppervlak::Pagina {
        let terug = match query {
            Some(q) => format!("{pad}?{q}"),
            None => pad.to_string(),
        };
        let doel = serde_urlencoded::to_string([("terug", terug.as_str())]).unwrap_or_default();
        return Redirect::to(&format!("/inloggen?{doel}")).into_response();
    }
    Fout::antwoord(
        StatusCode::UNAUTHORIZED,
        "Niet ingelogd: log eerst in op /inloggen.",
    )
}

/// The authentication middleware of the module docs (step 1), around [`regels::keur`]
/// (steps 2–5). After a request that is not GET/HEAD and was not refused, the session and
/// page caches are emptied (`cache`): it may have ended a session (logout, a new login,
/// disabling an account) or changed what a page shows.
pub async fn bewaak(
    State((s, regels)): State<(Gedeeld, Arc<Regelboek>)>,
    req: Request,
    next: Next,
) -> Response {
    let lezen = req.method() == Method::GET || req.method() == Method::HEAD;
    let r = bewaak_verzoek(&s, &regels, req, next).await;
    let geweigerd = matches!(
        r.status(),
        StatusCode::UNAUTHORIZED
            | StatusCode::FORBIDDEN
            | StatusCode::METHOD_NOT_ALLOWED
            | StatusCode::TOO_MANY_REQUESTS
    );
    if !lezen && !geweigerd {
        s.sessies.leeg();
        s.paginas.leeg();
    }
    r
}

async fn bewaak_verzoek(s: &Gedeeld, regels: &Regelboek, mut req: Request, next: Next) -> Response {
    if regels.is_openbaar(&req) {
        return next.run(req).await;
    }
    let gebruiker = match cookie_token(req.headers()) {
        Some(t) => gebruiker_van(s, &t).await,
        None => None,
    };
    let Some(g) = gebruiker else {
        return niet_ingelogd(
            req.method(),
            regels.oppervlak(&req),
            req.uri().path(),
            req.uri().query(),
        );
    };
    req.extensions_mut().insert(Aangemeld(g));
    next.run(req).await
}

/// Checks the CSRF token of a state-changing request: the `X-CSRF-Token` header, or the
/// `_csrf` field of a url-encoded form (the body is read and handed on unchanged).
pub(crate) async fn csrf_controle(req: Request, verwacht: &str) -> Result<Request, ()> {
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
            andere_gemeenten: false,
            csrf: "x".into(),
        }
    }

    #[test]
    fn with_the_regional_choice_a_gemeente_sees_the_other_gemeenten_but_no_provider_detail() {
        let mut gm = g(Rol::Gemeente);
        assert!(!gm.mag_zien(Niveau::Gemeente, "GM0164"));
        gm.andere_gemeenten = true;
        assert!(gm.mag_zien(Niveau::Gemeente, "GM0164"));
        assert!(gm.mag_zien(Niveau::Gemeente, "GM0153"));
        assert!(!gm.mag_zien(Niveau::AanbiederGemeente, "12345678|GM0153"));
        assert!(!gm.mag_zien(Niveau::Aanbieder, "12345678"));
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
                let n = Niveau::parse(niveau).unwrap();
                assert_eq!(g(rol).mag_zien(n, code), v, "{rol:?} {niveau} {code}");
            }
        }
    }

    /// May `g` use `route` (a declared template) with these path parameters and query
    /// `gemeente`, by the declarations of the real application?
    fn mag(g: &Gebruiker, m: Method, route: &str, p: &[(&str, &str)], gm: Option<&str>) -> bool {
        let v = regels::regelboek()
            .zoek(&m, route)
            .unwrap_or_else(|| panic!("{m} {route} is niet verklaard"));
        let p = p
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        v.wie.toegestaan(g, &p, gm)
    }

    #[test]
    fn route_rule_examples() {
        let get = || Method::GET;
        let post = || Method::POST;
        let a = g(Rol::Aanbieder);
        let agb = |x| [("agb", x)];
        assert!(mag(&a, get(), "/aanbieder/{agb}", &agb("12345678"), None));
        assert!(mag(
            &a,
            get(),
            "/aanbieder/{agb}",
            &agb("12345678"),
            Some("GM0164")
        ));
        assert!(!mag(&a, get(), "/aanbieder/{agb}", &agb("87654321"), None));
        assert!(!mag(&a, get(), "/aanbieders", &[], None));
        assert!(!mag(
            &a,
            get(),
            "/vergelijking/{id}",
            &[("id", "crisis_start_aandeel")],
            None
        ));
        let download = |t| [("bestand", t)];
        let d = "/download/{bestand}";
        assert!(mag(
            &a,
            get(),
            d,
            &download("aanbieder-12345678-volume.csv"),
            None
        ));
        assert!(!mag(
            &a,
            get(),
            d,
            &download("aanbieder-123456789.csv"),
            None
        ));
        assert!(!mag(
            &a,
            get(),
            d,
            &download("aanbieder-87654321.csv"),
            None
        ));
        assert!(!mag(&a, get(), "/", &[], Some("GM0153")));
        let gm = g(Rol::Gemeente);
        let code = |c| [("code", c)];
        assert!(mag(&gm, get(), "/gemeente/{code}", &code("GM0153"), None));
        assert!(mag(&gm, get(), "/gemeente/{code}", &code("0153"), None));
        assert!(!mag(&gm, get(), "/gemeente/{code}", &code("GM0164"), None));
        let id = [("id", "x")];
        assert!(mag(&gm, get(), "/indicator/{id}", &id, Some("GM0153")));
        assert!(!mag(&gm, get(), "/indicator/{id}", &id, Some("GM0164")));
        assert!(!mag(&gm, get(), "/datakwaliteit", &[], None));
        let b = g(Rol::Bestuur);
        assert!(mag(
            &b,
            get(),
            "/jaarrapport/{bestand}",
            &download("2025.pdf"),
            None
        ));
        assert!(mag(&b, get(), "/sessies", &[], None));
        assert!(!mag(&b, post(), "/sessies", &[], None));
        assert!(!mag(&b, get(), "/aanbieders", &[], None));
        let cm = g(Rol::Contractmanager);
        let nr = [("id", "1")];
        assert!(mag(&cm, post(), "/sessie/{id}/actie", &nr, None));
        // At the route every account may post a duiding on a session; whether this one may is
        // decided per session and agenda item (`deelname`): a contract manager is not a
        // duider and not invited.
        assert!(mag(&cm, post(), "/sessie/{id}/duiding", &nr, None));
        let sessie: store::Sessie = serde_json::from_value(serde_json::json!({
            "id": 1, "datum": "2025-01-01", "titel": "t", "deelnemers": "", "release_id": "r1",
            "status": "gepland", "agenda": [], "uitgenodigd": [], "aangemaakt_door": "a",
            "aangemaakt_op": "x", "gewijzigd_op": "x", "versie": 1
        }))
        .unwrap();
        let regio = store::Agendapunt {
            indicator: "kosten".into(),
            niveau: "regio".into(),
            code: "regio".into(),
            uitsplitsing: "totaal".into(),
            periode: "2025".into(),
            toelichting: String::new(),
        };
        assert!(!cm.mag_duiden_op(&sessie, &regio));
        assert!(mag(&cm, Method::PUT, "/api/acties/{id}", &nr, None));
        assert!(!mag(&cm, Method::PUT, "/api/duidingen/{id}", &nr, None));
        assert!(!mag(&cm, get(), "/beheer/gebruikers", &[], None));
        assert!(mag(
            &g(Rol::Beheerder),
            get(),
            "/beheer/gebruikers",
            &[],
            None
        ));
        // The menu asks the same declarations.
        HUIDIG.sync_scope(gm.clone(), || {
            assert!(in_menu("/gemeente"));
            assert!(!in_menu("/aanbieders"));
            assert!(!in_menu("/beheer/gebruikers"));
            assert!(!in_menu("/bestaat-niet"));
        });
        assert!(!in_menu("/gemeente"), "zonder gebruiker geen menu");
    }

    #[test]
    fn the_data_rule_fails_closed_without_a_user() {
        assert!(!mag_zien(Niveau::Regio, "regio"));
        assert!(als(None, || !mag_zien(Niveau::Regio, "regio")));
        let d = Gebruiker::dataspecialist("cli");
        assert!(als(Some(d), || mag_zien(Niveau::Aanbieder, "87654321")));
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
