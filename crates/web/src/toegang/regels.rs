//! The route rule, declared on the route: every feature router (`dashboard::router`,
//! `aanbieders::router`, …) adds its routes through [`Routes`], whose `get`/`post`/`put` take
//! *who* may make the request ([`Wie`]) next to the handler. The declarations are collected
//! in a [`Regelboek`] that [`keur`] consults, by the route axum matched ([`MatchedPath`]) and
//! the method, before the handler runs.
//!
//! **Deny by default.** A route that was added to the router without a declaration (a plain
//! `Router::route`) matches, but has no entry in the [`Regelboek`]: [`keur`] refuses it for
//! every role (403). So does a method that was not declared on a declared path. Only a path
//! that matches no route at all reaches the fallback (the 404 page), for logged-in users.
//!
//! The rule looks at the role, the path parameters the route names (`{agb}`, `{code}`, a
//! table id) and the `gemeente` filter in the query; never at the raw path.

use pipeline::indicatoren::Niveau;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, on};

use store::Voorval;

use super::{Gebruiker, HUIDIG, Rol};
use crate::antwoord::logboek;

/// Who may make a request on a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wie {
    /// Anyone, without logging in (the login page, the stylesheet and icon).
    Openbaar,
    /// Every logged-in account.
    Ingelogd,
    /// Only these roles (the constants on [`Rol`]).
    Rollen(&'static [Rol]),
    /// The roles that see every figure, and an `aanbieder` account for its own provider: the
    /// AGB code in the named path parameter.
    EigenAanbieder(&'static str),
    /// Whoever may see the gemeente in the named path parameter (the data rule at gemeente
    /// level: [`Gebruiker::mag_zien`]).
    EigenGemeente(&'static str),
    /// A table by the id in the named path parameter (a download or `/api/tabellen`): see
    /// [`tabel_mag`].
    Tabel(&'static str),
}

/// What a route writes to the audit log when it is used (provider pages, downloads, tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logregel {
    Download,
    TabelOpgevraagd,
    AanbiederpaginaBekeken,
}

impl Logregel {
    /// The audit event of one use of the route (`verzoek`: path and query).
    pub fn voorval(self, verzoek: String) -> Voorval {
        match self {
            Logregel::Download => Voorval::Download { verzoek },
            Logregel::TabelOpgevraagd => Voorval::TabelOpgevraagd { verzoek },
            Logregel::AanbiederpaginaBekeken => Voorval::AanbiederpaginaBekeken { verzoek },
        }
    }
}

/// How a route answers a refusal: a page (login redirect, HTML 403), a file download (401
/// and 403 without a login redirect) or the JSON API (JSON 401/403).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oppervlak {
    Pagina,
    Bestand,
    Api,
}

/// The declaration on one route and method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verklaring {
    pub wie: Wie,
    pub logt: Option<Logregel>,
    pub oppervlak: Oppervlak,
}

impl Wie {
    /// This rule, with an audit-log line on every use.
    pub fn logt(self, l: Logregel) -> (Wie, Option<Logregel>) {
        (self, Some(l))
    }
}

impl From<Wie> for (Wie, Option<Logregel>) {
    fn from(w: Wie) -> Self {
        (w, None)
    }
}

/// A feature's routes with their declarations (see the module docs).
pub struct Routes<S = crate::Gedeeld> {
    router: Router<S>,
    verklaringen: Vec<(Method, &'static str, Verklaring)>,
    oppervlak: Oppervlak,
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// Routes that answer with pages.
    pub fn paginas() -> Self {
        Self::met(Oppervlak::Pagina)
    }

    /// Routes that answer with files (downloads).
    pub fn bestanden() -> Self {
        Self::met(Oppervlak::Bestand)
    }

    /// Routes of the JSON API.
    pub fn api() -> Self {
        Self::met(Oppervlak::Api)
    }

    fn met(oppervlak: Oppervlak) -> Self {
        Routes {
            router: Router::new(),
            verklaringen: Vec::new(),
            oppervlak,
        }
    }

    /// `GET` (and `HEAD`) on `pad`, for `wie`.
    pub fn get<H, T>(self, pad: &'static str, wie: impl Into<(Wie, Option<Logregel>)>, h: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.op(
            Method::GET,
            pad,
            wie.into(),
            on(axum::routing::MethodFilter::GET, h),
        )
    }

    /// `POST` on `pad`, for `wie`.
    pub fn post<H, T>(
        self,
        pad: &'static str,
        wie: impl Into<(Wie, Option<Logregel>)>,
        h: H,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.op(
            Method::POST,
            pad,
            wie.into(),
            on(axum::routing::MethodFilter::POST, h),
        )
    }

    /// `PUT` on `pad`, for `wie`.
    pub fn put<H, T>(self, pad: &'static str, wie: impl Into<(Wie, Option<Logregel>)>, h: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.op(
            Method::PUT,
            pad,
            wie.into(),
            on(axum::routing::MethodFilter::PUT, h),
        )
    }

    fn op(
        mut self,
        methode: Method,
        pad: &'static str,
        (wie, logt): (Wie, Option<Logregel>),
        m: MethodRouter<S>,
    ) -> Self {
        self.verklaringen.push((
            methode,
            pad,
            Verklaring {
                wie,
                logt,
                oppervlak: self.oppervlak,
            },
        ));
        self.router = self.router.route(pad, m);
        self
    }

    /// Both sets of routes (each keeps its own declarations).
    pub fn merge(mut self, ander: Routes<S>) -> Self {
        self.router = self.router.merge(ander.router);
        self.verklaringen.extend(ander.verklaringen);
        self
    }

    /// The router and the book of its declarations.
    pub fn delen(self) -> (Router<S>, Regelboek) {
        let mut boek = Regelboek::default();
        for (m, pad, v) in self.verklaringen {
            let dubbel = boek.regels.entry(pad).or_default().insert(m.clone(), v);
            assert!(dubbel.is_none(), "{m} {pad} is twee keer verklaard");
        }
        (self.router, boek)
    }
}

/// Every declared (route, method) with its [`Verklaring`].
#[derive(Default, Debug)]
pub struct Regelboek {
    regels: HashMap<&'static str, HashMap<Method, Verklaring>>,
}

/// What [`Regelboek::verklaring`] found for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gevonden {
    /// A declared route and method.
    Verklaard(Verklaring),
    /// No route matched: the fallback (404 page) answers, for logged-in users.
    GeenRoute,
    /// A route matched that was never declared (a plain `Router::route`): refused for
    /// everyone (403).
    NietVerklaard,
    /// A declared route, but not for this method: 405 with the declared methods in `Allow`
    /// (answered as the route's other methods answer), before the handler or the rule runs.
    AndereMethode(Oppervlak),
}

/// The declaration of the fallback (a path no route matches): the 404 page, for every
/// logged-in account.
const TERUGVAL: Verklaring = Verklaring {
    wie: Wie::Ingelogd,
    logt: None,
    oppervlak: Oppervlak::Pagina,
};

impl Regelboek {
    /// The declaration for `methode` on the route template `route` (`HEAD` as `GET`).
    pub fn zoek(&self, methode: &Method, route: &str) -> Option<Verklaring> {
        let m = if methode == Method::HEAD {
            &Method::GET
        } else {
            methode
        };
        self.regels.get(route)?.get(m).copied()
    }

    /// The declaration for a request, by the route axum matched.
    pub fn verklaring<B>(&self, req: &axum::http::Request<B>) -> Gevonden {
        let Some(p) = req.extensions().get::<MatchedPath>() else {
            return Gevonden::GeenRoute;
        };
        let Some(methoden) = self.regels.get(p.as_str()) else {
            return Gevonden::NietVerklaard;
        };
        match self.zoek(req.method(), p.as_str()) {
            Some(v) => Gevonden::Verklaard(v),
            None => Gevonden::AndereMethode(
                methoden
                    .values()
                    .next()
                    .map_or(Oppervlak::Pagina, |v| v.oppervlak),
            ),
        }
    }

    /// Whether a request needs no login: declared [`Wie::Openbaar`], or a method that a
    /// public route does not have (its 405 tells nothing the login page does not).
    pub fn is_openbaar<B>(&self, req: &axum::http::Request<B>) -> bool {
        match self.verklaring(req) {
            Gevonden::Verklaard(v) => v.wie == Wie::Openbaar,
            Gevonden::AndereMethode(_) => req
                .extensions()
                .get::<MatchedPath>()
                .and_then(|p| self.regels.get(p.as_str()))
                .is_some_and(|m| m.values().any(|v| v.wie == Wie::Openbaar)),
            Gevonden::GeenRoute | Gevonden::NietVerklaard => false,
        }
    }

    /// The methods declared on the route template `route`, as the `Allow` header names them
    /// (`HEAD` with `GET`), sorted.
    pub fn methoden(&self, route: &str) -> Vec<Method> {
        let mut v: Vec<Method> = self
            .regels
            .get(route)
            .into_iter()
            .flat_map(|m| m.keys().cloned())
            .collect();
        if v.contains(&Method::GET) {
            v.push(Method::HEAD);
        }
        v.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        v
    }

    /// Every declared (route template, method, declaration), sorted by route and method.
    pub fn alle(&self) -> Vec<(&'static str, Method, Verklaring)> {
        let mut v: Vec<_> = self
            .regels
            .iter()
            .flat_map(|(pad, m)| m.iter().map(|(m, v)| (*pad, m.clone(), *v)))
            .collect();
        v.sort_by(|a, b| (a.0, a.1.as_str()).cmp(&(b.0, b.1.as_str())));
        v
    }

    /// How a request answers a refusal (the fallback and undeclared routes as pages).
    pub fn oppervlak<B>(&self, req: &axum::http::Request<B>) -> Oppervlak {
        match self.verklaring(req) {
            Gevonden::Verklaard(v) => v.oppervlak,
            _ => Oppervlak::Pagina,
        }
    }
}

/// The declarations of the real application (for the menu, [`super::in_menu`]).
pub(crate) fn regelboek() -> &'static Regelboek {
    static BOEK: LazyLock<Regelboek> = LazyLock::new(|| crate::routes().delen().1);
    &BOEK
}

/// Path parameters of the matched route, by name.
pub type Parameters = Vec<(String, String)>;

fn parameter<'a>(p: &'a Parameters, naam: &str) -> Option<&'a str> {
    p.iter().find(|(k, _)| k == naam).map(|(_, v)| v.as_str())
}

fn eigen_aanbieder(g: &Gebruiker, agb: Option<&str>) -> bool {
    g.rol == Rol::Aanbieder && !g.aanbieder.is_empty() && agb == Some(g.aanbieder.as_str())
}

/// The table ids of the data-quality view (deliveries and rejected rows per gemeente, made in
/// `dashboard::paginas::tabel`): for the roles that see everything.
const DATAKWALITEIT: [&str; 6] = [
    "volledigheid",
    "afgewezen",
    "waarschuwingen",
    "wijzigingen",
    "herzieningen",
    "datakwaliteit",
];

/// Who may have a table by its id (with or without a format extension): provider-level tables
/// (`aanbieder…`, `vergelijking…`, made in `aanbieders::tabel`) for the roles that see
/// everything and an `aanbieder` account for its own (`aanbieder-<agb>`, `aanbieder-<agb>-…`);
/// the data-quality tables for the roles that see everything; every other table for everyone
/// (the data rule then filters its rows).
pub fn tabel_mag(g: &Gebruiker, tabel: &str) -> bool {
    let alles = g.rol.ziet_alles();
    if tabel.starts_with("aanbieder") || tabel.starts_with("vergelijking") {
        let eigen = g.rol == Rol::Aanbieder
            && !g.aanbieder.is_empty()
            && tabel
                .strip_prefix("aanbieder-")
                .and_then(|r| r.strip_prefix(g.aanbieder.as_str()))
                .is_some_and(|r| r.is_empty() || r.starts_with('-') || r.starts_with('.'));
        alles || eigen
    } else if DATAKWALITEIT.iter().any(|p| tabel.starts_with(p)) {
        alles
    } else {
        true
    }
}

fn gemeentecode(s: &str) -> String {
    model::GemeenteCode::parse(s)
        .map(|g| g.to_string())
        .unwrap_or_else(|_| s.to_string())
}

impl Wie {
    /// Whether `g` may use a route with this declaration, given the route's path parameters
    /// and the `gemeente` filter of the query (detail of one gemeente).
    pub fn toegestaan(self, g: &Gebruiker, p: &Parameters, gemeente: Option<&str>) -> bool {
        let alles = g.rol.ziet_alles();
        let route = match self {
            Wie::Openbaar | Wie::Ingelogd => true,
            Wie::Rollen(rollen) => rollen.contains(&g.rol),
            Wie::EigenAanbieder(naam) => alles || eigen_aanbieder(g, parameter(p, naam)),
            Wie::EigenGemeente(naam) => {
                parameter(p, naam).is_some_and(|c| g.mag_zien(Niveau::Gemeente, &gemeentecode(c)))
            }
            Wie::Tabel(naam) => parameter(p, naam).is_some_and(|t| tabel_mag(g, t)),
        };
        let filter = match gemeente {
            None => true,
            Some(gm) => {
                // A provider may filter its own page by gemeente (its own figures there).
                let op_eigen_aanbiederpagina = matches!(self, Wie::EigenAanbieder(naam)
                    if g.rol == Rol::Aanbieder && parameter(p, naam) == Some(g.aanbieder.as_str()));
                // Otherwise the data rule at gemeente level decides (one place).
                op_eigen_aanbiederpagina || g.mag_zien(Niveau::Gemeente, &gemeentecode(gm))
            }
        };
        route && filter
    }
}

/// 405 for a method the route does not have, with the methods it has in `Allow`: JSON under
/// the API, a page elsewhere.
fn andere_methode(oppervlak: Oppervlak, methoden: &[Method]) -> Response {
    let lijst = methoden
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut r = match oppervlak {
        Oppervlak::Api => crate::api::Fout::antwoord(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("Deze methode kan hier niet; wel: {lijst}."),
        ),
        Oppervlak::Pagina | Oppervlak::Bestand => crate::antwoord::fout(
            StatusCode::METHOD_NOT_ALLOWED,
            "Methode niet toegestaan",
            &format!("Dit adres kent deze methode niet; wel: {lijst}."),
        ),
    };
    if let Ok(h) = axum::http::HeaderValue::from_str(&lijst) {
        r.headers_mut().insert(axum::http::header::ALLOW, h);
    }
    r
}

impl Wie {
    /// The roles that may use a route with this declaration at all (for some path
    /// parameter): what the API description lists as `x-rollen`. Empty for [`Wie::Openbaar`]
    /// (no login needed).
    pub fn rollen(self) -> Vec<Rol> {
        match self {
            Wie::Openbaar => Vec::new(),
            Wie::Ingelogd | Wie::Tabel(_) => Rol::ALLE.to_vec(),
            Wie::Rollen(r) => r.to_vec(),
            Wie::EigenAanbieder(_) => {
                let mut v = Rol::INTERN.to_vec();
                v.push(Rol::Aanbieder);
                v
            }
            Wie::EigenGemeente(_) => Rol::NIET_AANBIEDER.to_vec(),
        }
    }

    /// The rule in words, for the API description.
    pub fn uitleg(self) -> String {
        let namen = |r: &[Rol]| r.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ");
        match self {
            Wie::Openbaar => "openbaar, zonder inloggen".into(),
            Wie::Ingelogd => "elk account (wat het antwoord bevat, hangt af van de rol)".into(),
            Wie::Rollen(r) => format!("de rollen {}", namen(r)),
            Wie::EigenAanbieder(p) => format!(
                "de rollen {}; een aanbieder alleen voor de eigen AGB-code in {{{p}}}",
                namen(Rol::INTERN)
            ),
            Wie::EigenGemeente(p) => format!(
                "wie de gemeente in {{{p}}} mag zien: de rollen {}, een gemeente alleen de eigen",
                namen(&[
                    Rol::Beheerder,
                    Rol::DataAdviesgroep,
                    Rol::Contractmanager,
                    Rol::Bestuur
                ])
            ),
            Wie::Tabel(p) => format!(
                "elk account, naar de tabel in {{{p}}}: aanbieder- en vergelijkingstabellen alleen \
                 de rollen {} en een aanbieder de eigen (aanbieder-<agb>…); de \
                 datakwaliteitstabellen alleen de rollen {}",
                namen(Rol::INTERN),
                namen(Rol::INTERN)
            ),
        }
    }
}

/// The state of [`keur`]: the declarations, and the store for the audit log (none in tests).
#[derive(Clone)]
pub struct Keurder {
    pub regels: Arc<Regelboek>,
    pub store: Option<store::Store>,
}

/// The user that [`super::bewaak`] found for a request, in the request's extensions.
#[derive(Clone, Debug)]
pub struct Aangemeld(pub Gebruiker);

/// The authorisation middleware (after routing, inside [`super::bewaak`]): looks up the
/// declaration of the matched route and method, refuses what is not declared or not allowed
/// (403 without content), checks the CSRF token of a state-changing request, writes the
/// route's audit line, and runs the handler with the user in scope ([`HUIDIG`]).
pub async fn keur(State(k): State<Keurder>, req: Request, next: Next) -> Response {
    keur_verzoek(&k, req, next).await.unwrap_or_else(|r| r)
}

async fn keur_verzoek(k: &Keurder, req: Request, next: Next) -> Result<Response, Response> {
    let v = match k.regels.verklaring(&req) {
        Gevonden::Verklaard(v) => v,
        Gevonden::GeenRoute => TERUGVAL,
        Gevonden::NietVerklaard => Verklaring {
            wie: Wie::Rollen(&[]),
            logt: None,
            oppervlak: Oppervlak::Pagina,
        },
        Gevonden::AndereMethode(oppervlak) => {
            let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str());
            let methoden = k.regels.methoden(route.unwrap_or_default());
            return Err(andere_methode(oppervlak, &methoden));
        }
    };
    if v.wie == Wie::Openbaar {
        return Ok(next.run(req).await);
    }
    let Some(Aangemeld(g)) = req.extensions().get::<Aangemeld>().cloned() else {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    };
    let (mut delen, romp) = req.into_parts();
    let parameters: Parameters = RawPathParams::from_request_parts(&mut delen, &())
        .await
        .map(|p| {
            p.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let req = Request::from_parts(delen, romp);
    let methode = req.method().clone();
    let pad = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let st = k.store.as_ref();
    let gemeente = super::query_waarde(query.as_deref(), "gemeente");
    if !v.wie.toegestaan(&g, &parameters, gemeente.as_deref()) {
        let verzoek = format!("{methode} {pad}");
        logboek(st, &g.login, Voorval::ToegangGeweigerd { verzoek }).await?;
        return Err(super::verboden(v.oppervlak));
    }
    let req = if methode == Method::GET || methode == Method::HEAD {
        req
    } else {
        match super::csrf_controle(req, &g.csrf).await {
            Ok(r) => r,
            Err(()) => {
                logboek(st, &g.login, Voorval::CsrfOngeldig { pad }).await?;
                return Err(match v.oppervlak {
                    Oppervlak::Api => crate::api::Fout::antwoord(
                        StatusCode::FORBIDDEN,
                        "Het CSRF-token ontbreekt of klopt niet (stuur de header X-CSRF-Token, \
                         zie /api/ik); er is niets opgeslagen.",
                    ),
                    Oppervlak::Pagina | Oppervlak::Bestand => super::formulier_verlopen(),
                });
            }
        }
    };
    if let Some(l) = v.logt {
        let verzoek = match &query {
            Some(q) => format!("{pad}?{q}"),
            None => pad.clone(),
        };
        logboek(st, &g.login, l.voorval(verzoek)).await?;
    }
    Ok(HUIDIG.scope(g, next.run(req)).await)
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::routing::{get, post};
    use axum::{Extension, middleware};
    use tower::ServiceExt;

    use super::*;

    fn gebruiker(rol: Rol) -> Gebruiker {
        Gebruiker {
            login: "t".into(),
            naam: "T".into(),
            rol,
            gemeenten: vec!["GM0153".into()],
            aanbieder: "12345678".into(),
            andere_gemeenten: false,
            csrf: "x".into(),
        }
    }

    async fn status(router: &Router, rol: Rol, methode: Method, pad: &str) -> StatusCode {
        let req = axum::http::Request::builder()
            .method(methode)
            .uri(pad)
            .header("x-csrf-token", "x")
            .body(Body::empty())
            .unwrap();
        router
            .clone()
            .layer(Extension(Aangemeld(gebruiker(rol))))
            .oneshot(req)
            .await
            .unwrap()
            .status()
    }

    #[tokio::test]
    async fn a_route_without_a_declaration_is_refused_for_every_role() {
        let routes: Routes<()> = Routes::paginas()
            .get("/verklaard", Wie::Ingelogd, || async { "ja" })
            .get("/intern", Wie::Rollen(Rol::INTERN), || async { "intern" });
        let (router, boek) = routes.delen();
        // Added past the declarations: a plain route, and a method on a declared path.
        let router = router
            .route("/vergeten", get(|| async { "geheim" }))
            .route("/verklaard", post(|| async { "ook geheim" }));
        let keurder = Keurder {
            regels: Arc::new(boek),
            store: None,
        };
        let app = router.layer(middleware::from_fn_with_state(keurder, keur));
        for rol in Rol::ALLE {
            // The declared route answers (so the lookup by matched route works) …
            assert_eq!(
                status(&app, rol, Method::GET, "/verklaard").await,
                StatusCode::OK
            );
            assert_eq!(
                status(&app, rol, Method::GET, "/intern").await,
                if rol.ziet_alles() {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                },
                "{rol:?}"
            );
            // … the undeclared route and method do not, for any role.
            assert_eq!(
                status(&app, rol, Method::GET, "/vergeten").await,
                StatusCode::FORBIDDEN,
                "{rol:?}"
            );
            // A method the declarations do not give the path: 405, even with a handler.
            assert_eq!(
                status(&app, rol, Method::POST, "/verklaard").await,
                StatusCode::METHOD_NOT_ALLOWED,
                "{rol:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_method_a_path_does_not_have_is_405_with_allow() {
        let routes: Routes<()> = Routes::api()
            .get("/api/x", Wie::Rollen(Rol::BEHEER), || async { "x" })
            .put("/api/x", Wie::Rollen(Rol::BEHEER), || async { "x" })
            .merge(Routes::paginas().post("/p", Wie::Ingelogd, || async { "p" }));
        let (router, boek) = routes.delen();
        let keurder = Keurder {
            regels: Arc::new(boek),
            store: None,
        };
        let app = router.layer(middleware::from_fn_with_state(keurder, keur));
        for (methode, pad, json) in [
            (Method::DELETE, "/api/x", true),
            (Method::PATCH, "/api/x", true),
            (Method::GET, "/p", false),
        ] {
            // Also for a role that may not use the path at all: the method decides first.
            let req = axum::http::Request::builder()
                .method(methode.clone())
                .uri(pad)
                .body(Body::empty())
                .unwrap();
            let r = app
                .clone()
                .layer(Extension(Aangemeld(gebruiker(Rol::Gemeente))))
                .oneshot(req)
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{methode} {pad}"
            );
            let allow = r.headers()["allow"].to_str().unwrap().to_string();
            let soort = r.headers()["content-type"].to_str().unwrap().to_string();
            let body = axum::body::to_bytes(r.into_body(), 1 << 16).await.unwrap();
            if json {
                assert_eq!(allow, "GET, HEAD, PUT");
                assert_eq!(soort, "application/json");
                let j: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(
                    j["fout"],
                    "Deze methode kan hier niet; wel: GET, HEAD, PUT."
                );
            } else {
                assert_eq!(allow, "POST");
                assert!(soort.starts_with("text/html"), "{soort}");
            }
        }
    }

    #[tokio::test]
    async fn a_use_that_cannot_be_logged_is_refused() {
        let map = tempfile::tempdir().unwrap();
        let st = store::Store::open(&map.path().join("db.sqlite"))
            .await
            .unwrap();
        let routes: Routes<()> = Routes::bestanden().get(
            "/download/{bestand}",
            Wie::Tabel("bestand").logt(Logregel::Download),
            || async { "inhoud" },
        );
        let (router, boek) = routes.delen();
        let keurder = Keurder {
            regels: Arc::new(boek),
            store: Some(st.clone()),
        };
        let app = router.layer(middleware::from_fn_with_state(keurder, keur));
        let pad = "/download/overzicht.csv";
        assert_eq!(
            status(&app, Rol::Bestuur, Method::GET, pad).await,
            StatusCode::OK
        );
        let log = st.logboek(5).await.unwrap();
        assert_eq!(
            (log[0].wat.as_str(), log[0].details.as_str()),
            ("download", pad)
        );
        // Without a working audit log the download does not happen.
        st.pool().close().await;
        assert_eq!(
            status(&app, Rol::Bestuur, Method::GET, pad).await,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn every_route_of_the_application_is_declared_once() {
        // `delen` panics on a route declared twice; every page of the menu is declared.
        let boek = regelboek();
        for pad in [
            "/",
            "/gemeente",
            "/aanbieders",
            "/datakwaliteit",
            "/sessies",
        ] {
            assert!(boek.zoek(&Method::GET, pad).is_some(), "{pad}");
        }
        assert_eq!(
            boek.zoek(&Method::HEAD, "/inloggen").map(|v| v.wie),
            Some(Wie::Openbaar)
        );
        assert_eq!(boek.zoek(&Method::DELETE, "/sessies"), None);
    }

    #[test]
    fn tables_by_id() {
        let a = gebruiker(Rol::Aanbieder);
        let gm = gebruiker(Rol::Gemeente);
        let cm = gebruiker(Rol::Contractmanager);
        for t in [
            "aanbieder-12345678",
            "aanbieder-12345678.csv",
            "aanbieder-12345678-volume.xlsx",
        ] {
            assert!(tabel_mag(&a, t), "{t}");
            assert!(!tabel_mag(&gm, t), "{t}");
            assert!(tabel_mag(&cm, t), "{t}");
        }
        for t in [
            "aanbieder-123456789.csv",
            "aanbieder-87654321.csv",
            "aanbieders-strategisch.csv",
            "vergelijking-crisis_start_aandeel.xlsx",
            "afgewezen.csv",
            "volledigheid",
        ] {
            assert!(!tabel_mag(&a, t), "{t}");
            assert!(tabel_mag(&cm, t), "{t}");
        }
        assert!(!tabel_mag(&gm, "wijzigingen.csv"));
        assert!(tabel_mag(&gm, "overzicht.csv"));
        assert!(tabel_mag(&a, "gemeente-GM0164.csv"));
    }
}
