//! The OpenAPI 3.1 description of the JSON API and the downloads (`/api/openapi.json`).
//! A test requests every path in it, so it cannot drift from the router unnoticed.

use serde_json::{Value, json};

fn query(naam: &str, omschrijving: &str) -> Value {
    json!({"name": naam, "in": "query", "required": false, "description": omschrijving,
           "schema": {"type": "string"}})
}

fn filters() -> Vec<Value> {
    vec![
        query(
            "soort",
            "periodesoort: jaar, halfjaar, kwartaal of maand (standaard jaar)",
        ),
        query(
            "periode",
            "periode, bijv. 2024, 2024-H1, 2024-Q3, 2024-07 (standaard de nieuwste definitieve)",
        ),
        query(
            "gemeente",
            "CBS-gemeentecode, bijv. GM0153; leeg = hele regio",
        ),
        query(
            "segment",
            "segment: verblijf, wonen, ambulant, crisis, jeugdbescherming, jeugdreclassering",
        ),
        query(
            "uitsplitsing",
            "uitsplitsing van een indicator, bijv. hulpvorm_12",
        ),
        query("release", "release-id, bijv. r0001 (standaard de nieuwste)"),
    ]
}

fn met_filters(pad: Value) -> Vec<Value> {
    std::iter::once(pad).chain(filters()).collect()
}

#[expect(
    clippy::too_many_lines,
    reason = "the document is one JSON literal; issue 22 generates it from the handlers"
)]
pub fn document() -> Value {
    let waarde = json!({
        "type": "object",
        "description": "Eén gepubliceerde indicatorwaarde (na onderdrukking van kleine aantallen).",
        "properties": {
            "indicator": {"type": "string"}, "periode": {"type": "string"},
            "niveau": {"type": "string", "enum": ["regio", "gemeente", "aanbieder", "aanbieder_gemeente"]},
            "code": {"type": "string"}, "naam": {"type": ["string", "null"]},
            "uitsplitsing": {"type": "string"},
            "teller": {"type": ["number", "null"]}, "noemer": {"type": ["number", "null"]},
            "waarde": {"type": ["number", "null"]},
            "ci_laag": {"type": ["number", "null"]}, "ci_hoog": {"type": ["number", "null"]},
            "landelijk": {"type": ["number", "null"]},
            "landelijk_periode": {"type": ["string", "null"]},
            "landelijk_bron": {"type": ["string", "null"], "description": "bron en status van de landelijke waarde"},
            "landelijk_vergelijkbaar": {"type": "boolean", "description": "false: andere periodesoort of definitie, alleen context (niet vergeleken, geen significantietoets)"},
            "streefwaarde": {"type": ["number", "null"]},
            "status": {"type": ["string", "null"], "enum": ["op koers", "aandacht", "afwijkend", null]},
            "onderdrukt": {"type": "boolean"}, "voorlopig": {"type": "boolean"}, "historie_onvolledig": {"type": "boolean"},
            "eenheid": {"type": "string"}
        }
    });
    let tabel_ids = "overzicht, verblijf, volledigheid, afgewezen, waarschuwingen, wijzigingen, trend-{indicator}, gemeenten-{indicator}, gemeente-{GMcode}";
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Jeugdstuur API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stuurinformatie jeugdzorg uit de opgeslagen resultaten van een release. Alle uitvoer is na onderdrukking van kleine aantallen; pseudoniemen komen nooit in de uitvoer. Toegang: log in via POST /inloggen (formulier: login, wachtwoord); de sessiecookie geeft toegang naar uw rol, wat u niet mag zien ontbreekt of geeft 403. Elk POST- en PUT-verzoek vraagt de header X-CSRF-Token (zie /api/ik)."
        },
        "paths": {
            "/api/indicatoren": {"get": {
                "summary": "Indicatorwaarden van een release",
                "parameters": [
                    query("indicator", "indicator-id uit de catalogus"),
                    query("periode", "periode, bijv. 2024"),
                    query("niveau", "regio, gemeente of aanbieder"),
                    query("code", "regio, GM-code of AGB-code"),
                    query("uitsplitsing", "bijv. totaal"),
                    query("release", "release-id (standaard de nieuwste)")
                ],
                "responses": {"200": {"description": "waarden", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Waarde"}}}}},
                    "404": {"description": "release bestaat niet"}}
            }},
            "/api/tabellen/{id}": {"get": {
                "summary": "Een tabel zoals een pagina hem toont",
                "parameters": met_filters(json!({"name": "id", "in": "path", "required": true,
                    "description": tabel_ids, "schema": {"type": "string"}, "example": "overzicht"})),
                "responses": {"200": {"description": "tabel met kolommen en rijen", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "id": {"type": "string"}, "titel": {"type": "string"},
                        "kolommen": {"type": "array", "items": {"type": "object"}},
                        "rijen": {"type": "array", "items": {"type": "object"}}}}}}},
                    "404": {"description": "onbekende tabel"}}
            }},
            "/download/{bestand}": {"get": {
                "summary": "Een tabel als bestand: CSV (;, decimale komma, BOM), Excel, Parquet, Arrow IPC-stream of JSON",
                "parameters": met_filters(json!({"name": "bestand", "in": "path", "required": true,
                    "description": format!("{{tabel}}.{{csv|xlsx|parquet|arrow|json}}; tabel: {tabel_ids}"),
                    "schema": {"type": "string"}, "example": "overzicht.csv"})),
                "responses": {"200": {"description": "het bestand", "content": {
                    "text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                    "application/vnd.apache.parquet": {}, "application/vnd.apache.arrow.stream": {},
                    "application/json": {}}},
                    "400": {"description": "onbekend formaat"}, "404": {"description": "onbekende tabel"}}
            }},
            "/jaarrapport/{bestand}": {"get": {
                "summary": "Het jaarrapport voor het Algemeen Bestuur als PDF of als HTML-pagina",
                "parameters": [
                    {"name": "bestand", "in": "path", "required": true,
                     "description": "{jaar}.pdf of {jaar}.html", "schema": {"type": "string"},
                     "example": "2025.html"},
                    query("release", "release-id, bijv. r0001 (standaard de nieuwste)")
                ],
                "responses": {"200": {"description": "het rapport", "content": {
                    "application/pdf": {}, "text/html": {}}},
                    "404": {"description": "geen cijfers over dat jaar in de release"}}
            }},
            "/api/releases": {"get": {
                "summary": "Alle releases, oudste eerst",
                "responses": {"200": {"description": "releases", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"type": "object"}}}}}}
            }},
            "/api/catalogus": {"get": {
                "summary": "De indicatorcatalogus (definities, eenheid, richting, bron)",
                "responses": {"200": {"description": "indicatoren", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"type": "object"}}}}}}
            }},
            "/api/ik": {"get": {
                "summary": "Het ingelogde account en zijn CSRF-token (stuur dat mee als X-CSRF-Token bij POST en PUT)",
                "responses": {
                    "200": {"description": "account", "content": {"application/json": {}}},
                    "401": {"description": "niet ingelogd"}
                }
            }},
            "/api/openapi.json": {"get": {
                "summary": "Dit document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}
            }}
        },
        "components": {"schemas": {"Waarde": waarde}}
    })
}
