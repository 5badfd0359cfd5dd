//! The OpenAPI 3.1 description of the JSON API, the downloads and the login
//! (`/api/openapi.json`), generated, so it cannot drift: every operation comes from the
//! `#[utoipa::path]` on its handler (parameters, request and response bodies, error
//! answers) and the `ToSchema` of the types the handler reads and answers; who may call it,
//! and the 401/403 of the role layer, are filled in from the route declarations
//! (`toegang::Regelboek`, one place per fact). A test holds the set of operations equal to
//! the declared JSON routes, and resolves every `$ref`.

use std::sync::LazyLock;

use axum::http::Method;
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::toegang::Wie;
use crate::toegang::regels::{Oppervlak, Regelboek, regelboek};

/// The operations of `api` itself; the other features add theirs in [`document`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jeugdstuur API",
        description = "Stuurinformatie jeugdzorg uit de opgeslagen resultaten van een release. \
Alle uitvoer is na onderdrukking van kleine aantallen; pseudoniemen komen nooit in de uitvoer. \
Toegang: log in via POST /inloggen (formulier: login, wachtwoord); de sessiecookie \
jeugdstuur_sessie geeft toegang naar uw rol (per operatie in x-rollen en x-toegang); wat u niet \
mag zien ontbreekt of geeft 403. Elk POST- en PUT-verzoek vraagt de header X-CSRF-Token (zie \
/api/ik). Een methode die een pad niet kent geeft 405 met de header Allow. Elke fout onder /api \
is JSON: {\"fout\": \"…\"}."
    ),
    paths(
        super::api_indicatoren,
        super::api_tabel,
        super::api_releases,
        super::api_catalogus,
        super::api_openapi,
    ),
    tags(
        (name = "cijfers", description = "Indicatorwaarden, tabellen, releases en de catalogus"),
        (name = "pdca", description = "Duidingssessies, duidingen, besluiten en verbeteracties"),
        (name = "account", description = "Inloggen en het eigen account"),
        (name = "bestanden", description = "Downloads en het jaarrapport"),
        (name = "api", description = "Deze beschrijving"),
    )
)]
struct ApiDoc;

/// The document, built once per process.
pub fn document() -> &'static Value {
    static DOC: LazyLock<Value> = LazyLock::new(|| maak(regelboek()));
    &DOC
}

/// Every feature's operations, with who may call each from `regels`.
fn maak(regels: &Regelboek) -> Value {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::pdca::api::PdcaApi::openapi());
    doc.merge(crate::toegang::AccountApi::openapi());
    doc.merge(crate::dashboard::download::DownloadApi::openapi());
    doc.merge(crate::jaarrapport::JaarrapportApi::openapi());
    let mut v = serde_json::to_value(&doc).expect("the OpenAPI document is JSON");
    vul_toegang_in(&mut v, regels);
    v
}

const METHODEN: [(&str, Method); 3] = [
    ("get", Method::GET),
    ("post", Method::POST),
    ("put", Method::PUT),
];

/// Adds to every operation its roles (`x-rollen`, ids), the rule in words (`x-toegang`, also
/// in the description), the login it needs (`security`) and the refusals of the role layer:
/// 401 without a login, 403 for a role the route does not admit or a missing CSRF token.
fn vul_toegang_in(doc: &mut Value, regels: &Regelboek) {
    let fout = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}});
    let paden = doc["paths"].as_object_mut().expect("paths");
    for (pad, item) in paden.iter_mut() {
        for (naam, methode) in &METHODEN {
            let Some(op) = item.get_mut(*naam) else {
                continue;
            };
            let v = regels.zoek(methode, pad).unwrap_or_else(|| {
                panic!("{methode} {pad} staat in de API-beschrijving maar is niet verklaard")
            });
            let toegang = v.wie.uitleg();
            op["x-rollen"] = json!(v.wie.rollen().iter().map(|r| r.id()).collect::<Vec<_>>());
            op["x-toegang"] = json!(toegang);
            let beschrijving = op["description"].as_str().unwrap_or_default();
            op["description"] = json!(if beschrijving.is_empty() {
                format!("Toegang: {toegang}.")
            } else {
                format!("{beschrijving}\n\nToegang: {toegang}.")
            });
            let schrijft = *methode != Method::GET;
            op["security"] = match (v.wie, schrijft) {
                (Wie::Openbaar, _) => json!([]),
                (_, false) => json!([{"sessie": []}]),
                (_, true) => json!([{"sessie": [], "csrf": []}]),
            };
            let antwoorden = op["responses"].as_object_mut().expect("responses");
            let mut voeg_toe = |status: &str, tekst: &str| {
                antwoorden
                    .entry(status)
                    .or_insert_with(|| json!({"description": tekst, "content": fout.clone()}));
            };
            if v.wie == Wie::Openbaar {
                continue;
            }
            let api = v.oppervlak == Oppervlak::Api;
            if api {
                voeg_toe("401", "Niet ingelogd.");
            }
            // Also an open route: the `gemeente` filter of the query is checked at the route
            // (`Wie::toegestaan`), and a handler may refuse a record (`toegang::deelname`).
            if api {
                voeg_toe(
                    "403",
                    "Geen toegang met uw rol, of (bij POST en PUT) het CSRF-token ontbreekt of \
                     klopt niet; er is niets opgeslagen.",
                );
            }
        }
    }
    doc["components"]["securitySchemes"] = json!({
        "sessie": {"type": "apiKey", "in": "cookie", "name": crate::toegang::COOKIE,
                   "description": "De sessiecookie na POST /inloggen."},
        "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                 "description": "Het CSRF-token van de sessie (GET /api/ik, veld csrf)."}
    });
}

/// One published indicator value, as `/api/indicatoren` answers it: the shape of
/// `pipeline::indicatoren::uitvoer::Waarde` (a type of a lower layer, which does not know
/// the API); the test `waarde_schema_matches_the_serialised_value` holds the two together.
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "only its schema is used")]
pub(crate) struct Waarde {
    indicator: String,
    periode: String,
    niveau: Niveau,
    /// regio, a gemeente code (GM0153), an AGB code, or `agb|GMcode`.
    code: String,
    naam: Option<String>,
    /// totaal, or a split such as segment_verblijf.
    uitsplitsing: String,
    teller: Option<f64>,
    noemer: Option<f64>,
    /// Null when suppressed (`onderdrukt`) or not computable.
    waarde: Option<f64>,
    ci_laag: Option<f64>,
    ci_hoog: Option<f64>,
    landelijk: Option<f64>,
    landelijk_periode: Option<String>,
    /// Source and status of the national value.
    landelijk_bron: Option<String>,
    /// False: another period kind or definition, context only (never compared).
    landelijk_vergelijkbaar: bool,
    streefwaarde: Option<f64>,
    status: Option<Status>,
    onderdrukt: bool,
    voorlopig: bool,
    eenheid: String,
    historie_onvolledig: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code, reason = "only its schema is used")]
enum Niveau {
    Regio,
    Gemeente,
    Aanbieder,
    AanbiederGemeente,
}

/// The status of a value against its target path.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[allow(dead_code, reason = "only its schema is used")]
enum Status {
    #[serde(rename = "op koers")]
    OpKoers,
    #[serde(rename = "aandacht")]
    Aandacht,
    #[serde(rename = "afwijkend")]
    Afwijkend,
}

/// One indicator of the catalogue, as `/api/catalogus` answers it: the shape of
/// `pipeline::indicatoren::IndicatorDef` (held together by a test, like [`Waarde`]).
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "only its schema is used")]
pub(crate) struct Indicator {
    id: String,
    naam: String,
    omschrijving: String,
    eenheid: String,
    /// Which way is better (e.g. lager, hoger).
    richting: String,
    niveaus: Vec<Niveau>,
    /// The national source.
    landelijk: String,
    kanttekeningen: String,
    keuze: String,
    historie: String,
    /// The split the overview shows.
    hoofd: String,
    hoofd_label: String,
    proportie: bool,
    landelijk_vergelijkbaar: bool,
    /// A stock (jeugdigen in care on a day or in the period): its signals judge its change.
    voorraad: bool,
    /// The CBS StatLine cells that are its national value (empty: none).
    cbs: Vec<CbsMaat>,
}

/// A CBS StatLine measure linked to an indicator: the shape of
/// `pipeline::indicatoren::bereken::CbsMaat` (held together by a test).
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "only its schema is used")]
pub(crate) struct CbsMaat {
    /// The StatLine table, e.g. 85098NED.
    tabel: String,
    /// The measure code (`Measure` in `Observations`).
    measure: String,
    /// Codes the other dimensions must have, e.g. RegioS = NL01.
    dimensies: std::collections::BTreeMap<String, String>,
    uitsplitsing: String,
    /// CBS value × factor = our value.
    factor: f64,
    /// The `Unit` CBS must give (empty: not checked).
    eenheid_cbs: String,
    /// Only with the same definition is the value compared and tested.
    definitie_gelijk: bool,
    /// Why the definitions are (not) the same.
    reden: String,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use pipeline::indicatoren::uitvoer::Waarde as EchteWaarde;

    fn schema<'a>(doc: &'a Value, naam: &str) -> &'a Value {
        &doc["components"]["schemas"][naam]
    }

    fn velden(v: &Value) -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    /// The (method, path) of every declared route that answers JSON, but the catch-all 404
    /// of `/api/{*pad}`.
    fn json_routes() -> BTreeSet<(String, String)> {
        regelboek()
            .alle()
            .into_iter()
            .filter(|(pad, _, v)| v.oppervlak == Oppervlak::Api && *pad != "/api/{*pad}")
            .map(|(pad, m, _)| (m.as_str().to_lowercase(), pad.to_string()))
            .collect()
    }

    fn operaties(doc: &Value) -> BTreeSet<(String, String)> {
        let mut v = BTreeSet::new();
        for (pad, item) in doc["paths"].as_object().unwrap() {
            for m in item.as_object().unwrap().keys() {
                v.insert((m.clone(), pad.clone()));
            }
        }
        v
    }

    #[test]
    fn every_json_route_is_an_operation_and_nothing_else_but_files_and_login() {
        let doc = document();
        let ops = operaties(doc);
        let json = json_routes();
        let ontbreekt: Vec<_> = json.difference(&ops).collect();
        assert!(ontbreekt.is_empty(), "niet beschreven: {ontbreekt:?}");
        let extra: BTreeSet<_> = ops.difference(&json).cloned().collect();
        let verwacht: BTreeSet<(String, String)> = [
            ("get", "/download/{bestand}"),
            ("get", "/jaarrapport/{bestand}"),
            ("post", "/inloggen"),
        ]
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
        assert_eq!(extra, verwacht);
        // The PDCA operations of the issue are there, with their 409.
        for (m, p) in [
            ("post", "/api/sessies"),
            ("put", "/api/duidingen/{id}"),
            ("put", "/api/acties/{id}"),
            ("get", "/api/geschiedenis/{tabel}/{id}"),
        ] {
            assert!(ops.contains(&(m.to_string(), p.to_string())), "{m} {p}");
        }
        assert_eq!(
            doc["paths"]["/api/acties/{id}"]["put"]["responses"]["409"]["content"]["application/json"]
                ["schema"]["$ref"],
            "#/components/schemas/Fout"
        );
    }

    #[test]
    fn the_roles_come_from_the_route_declarations() {
        let doc = document();
        let rollen = |m: &str, p: &str| doc["paths"][p][m]["x-rollen"].clone();
        assert_eq!(
            rollen("put", "/api/duidingen/{id}"),
            json!(["beheerder", "data-adviesgroep"])
        );
        assert_eq!(
            rollen("post", "/api/acties"),
            json!(["beheerder", "data-adviesgroep", "contractmanager"])
        );
        assert_eq!(
            rollen("get", "/api/sessies"),
            json!([
                "beheerder",
                "data-adviesgroep",
                "contractmanager",
                "gemeente",
                "aanbieder",
                "bestuur"
            ])
        );
        assert_eq!(rollen("post", "/inloggen"), json!([]));
        let jaarrapport = &doc["paths"]["/jaarrapport/{bestand}"]["get"];
        assert_eq!(
            jaarrapport["x-rollen"],
            json!([
                "beheerder",
                "data-adviesgroep",
                "contractmanager",
                "bestuur"
            ])
        );
        // Every operation under /api needs a login and says what a refusal looks like.
        for (m, p) in json_routes() {
            let op = &doc["paths"][&p][&m];
            assert!(op["responses"]["401"].is_object(), "{m} {p}");
            assert!(op["x-toegang"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(
                op["description"]
                    .as_str()
                    .unwrap()
                    .contains(op["x-toegang"].as_str().unwrap())
            );
        }
        let put = &doc["paths"]["/api/acties/{id}"]["put"];
        assert_eq!(put["security"], json!([{"sessie": [], "csrf": []}]));
        assert!(put["responses"]["403"].is_object());
    }

    /// Every `$ref` in `v`.
    fn refs(v: &Value, uit: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                for (k, w) in o {
                    match (k.as_str(), w) {
                        ("$ref", Value::String(r)) => uit.push(r.clone()),
                        _ => refs(w, uit),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|w| refs(w, uit)),
            _ => {}
        }
    }

    #[test]
    fn the_document_is_valid_openapi_and_every_ref_resolves() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        // utoipa reads it back as an OpenAPI document …
        let terug: utoipa::openapi::OpenApi = serde_json::from_value(doc.clone()).unwrap();
        assert_eq!(
            terug.paths.paths.len(),
            doc["paths"].as_object().unwrap().len()
        );
        // … and every reference points at something in it.
        let mut r = Vec::new();
        refs(doc, &mut r);
        assert!(r.len() > 20, "{r:?}");
        for verwijzing in r {
            let pad = verwijzing.strip_prefix('#').expect("a local reference");
            assert!(
                doc.pointer(pad).is_some_and(Value::is_object),
                "{verwijzing} wijst nergens heen"
            );
        }
        // Every operation has a summary, a success answer (2xx, or the 303 of a form POST such
        // as /inloggen) and only JSON error bodies.
        for (m, p) in operaties(doc) {
            let op = &doc["paths"][&p][&m];
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{m} {p}"
            );
            let antwoorden = op["responses"].as_object().unwrap();
            let geslaagd = |s: &str| s.starts_with('2') || (!p.starts_with("/api/") && s == "303");
            assert!(antwoorden.keys().any(|s| geslaagd(s)), "{m} {p}");
            if p.starts_with("/api/") {
                for (status, a) in antwoorden {
                    assert!(
                        a["content"]["application/json"]["schema"].is_object(),
                        "{m} {p} {status}"
                    );
                }
            }
        }
    }

    #[test]
    fn waarde_schema_matches_the_serialised_value() {
        let doc = document();
        let w = EchteWaarde {
            indicator: "kosten".into(),
            periode: "2024".into(),
            niveau: pipeline::indicatoren::Niveau::AanbiederGemeente,
            code: "12345678|GM0153".into(),
            naam: None,
            uitsplitsing: pipeline::indicatoren::Uitsplitsing::totaal(),
            teller: Some(12.0),
            noemer: None,
            waarde: Some(1.5),
            ci_laag: None,
            ci_hoog: None,
            landelijk: None,
            landelijk_periode: None,
            landelijk_bron: None,
            landelijk_vergelijkbaar: true,
            streefwaarde: None,
            status: Some(pipeline::indicatoren::statistiek::Status::OpKoers),
            onderdrukt: false,
            voorlopig: false,
            eenheid: "euro".into(),
            historie_onvolledig: false,
        };
        let echt = serde_json::to_value(&w).unwrap();
        let s = schema(doc, "Waarde");
        assert_eq!(velden(&echt), velden(&s["properties"]));
        assert_eq!(echt["niveau"], "aanbieder_gemeente");
        assert!(
            schema(doc, "Niveau")["enum"]
                .as_array()
                .unwrap()
                .contains(&echt["niveau"])
        );
        assert!(
            schema(doc, "Status")["enum"]
                .as_array()
                .unwrap()
                .contains(&echt["status"])
        );
        let cat = pipeline::indicatoren::bereken::Catalogus::standaard();
        let echt = serde_json::to_value(&cat.indicatoren[0]).unwrap();
        assert_eq!(
            velden(&echt),
            velden(&schema(doc, "Indicator")["properties"])
        );
        assert_eq!(
            velden(&echt["cbs"][0]),
            velden(&schema(doc, "CbsMaat")["properties"])
        );
    }
}
