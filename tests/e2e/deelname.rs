//! Duidingssessies with the partners (issue 21) over real HTTP, one account per role: invited
//! gemeente and aanbieder participants read and write within their scope and get 403
//! elsewhere; a non-participant sees no session content; the board never receives a
//! provider-level duiding from any page, API, minutes, session pack or jaarrapport; an
//! action's owner finds it under "Mijn acties" (overdue marked) and sets its status.

use crate::jaarrapport::pdftekst;
use crate::server::{Login, get, ingest_fixture, inloggen, start, vraag_als};
use crate::toegang::{WACHTWOORD, gebruiker_toevoegen};

fn tekst(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn json(b: &[u8]) -> serde_json::Value {
    serde_json::from_slice(b).unwrap_or_else(|e| panic!("{e}: {}", tekst(b)))
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
/// Text only a provider-level duiding carries: it must never reach the board.
const GEHEIM: &str = "Contractgevoelig-over-de-aanbieder";

#[test]
#[allow(clippy::too_many_lines)]
fn partners_take_part_within_their_scope_and_the_board_never_sees_a_provider_duiding() {
    let data = ingest_fixture();
    let server = start(data.path());
    let a = server.1.clone();
    // Two providers with published figures.
    let api = json(
        get(
            &a,
            "/api/indicatoren?indicator=kosten&niveau=aanbieder&periode=2024&uitsplitsing=totaal",
        )
        .1
        .as_bytes(),
    );
    let mut codes: Vec<String> = api
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["waarde"].is_number())
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    let (eigen, ander) = (codes[0].clone(), codes[1].clone());
    for (login, rol, extra) in [
        ("dag", "data-adviesgroep", vec![]),
        ("enschede", "gemeente", vec!["--gemeente", "GM0153"]),
        ("hengelo", "gemeente", vec!["--gemeente", "GM0164"]),
        ("partner", "aanbieder", vec!["--aanbieder", eigen.as_str()]),
        ("ab", "bestuur", vec![]),
    ] {
        gebruiker_toevoegen(data.path(), login, rol, &extra);
    }
    let log = |l: &str| -> Login { inloggen(&a, l, WACHTWOORD).unwrap() };
    let (dag, enschede, hengelo, partner, ab) = (
        log("dag"),
        log("enschede"),
        log("hengelo"),
        log("partner"),
        log("ab"),
    );
    let vraag = |l: &Login, m: &str, pad: &str, body: Option<(&str, &str)>| {
        vraag_als(&a, Some(l), m, pad, body)
    };

    // The data-adviesgroep plans a session and invites the Enschede and partner accounts.
    let punt = |niveau: &str, code: &str| {
        serde_json::json!({"indicator": "kosten", "niveau": niveau, "code": code,
            "uitsplitsing": "", "periode": "2024", "toelichting": ""})
    };
    let sessie = serde_json::json!({
        "datum": "2025-03-12", "titel": "Met partners", "deelnemers": "",
        "release_id": json(get(&a, "/api/releases").1.as_bytes())[0]["id"],
        "agenda": [punt("regio", "regio"), punt("gemeente", "GM0153"),
                   punt("gemeente", "GM0164"), punt("aanbieder", &eigen),
                   punt("aanbieder", &ander)],
        "uitgenodigd": ["enschede", "partner"],
    });
    let (s, _, b) = vraag(
        &dag,
        "POST",
        "/api/sessies",
        Some((JSON, &sessie.to_string())),
    );
    assert_eq!(s, 201, "{}", tekst(&b));
    let id = json(&b)["id"].as_i64().unwrap();

    // A gemeente participant: the session with the agenda within its scope only.
    let (s, _, b) = vraag(&enschede, "GET", &format!("/api/sessies/{id}"), None);
    assert_eq!(s, 200);
    let scopes: Vec<(String, String)> = json(&b)["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["niveau"].as_str().unwrap().into(),
                p["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        scopes,
        [
            ("regio".to_string(), "regio".to_string()),
            ("gemeente".into(), "GM0153".into())
        ]
    );
    let (s, _, b) = vraag(&enschede, "GET", &format!("/sessie/{id}"), None);
    assert_eq!(s, 200);
    assert!(!tekst(&b).contains(&ander) && !tekst(&b).contains(&eigen));
    let duiding = |sessie: i64, niveau: &str, code: &str, t: &str| {
        serde_json::json!({"sessie_id": sessie, "indicator": "kosten", "niveau": niveau,
            "code": code, "uitsplitsing": "", "periode": "2024", "release_id": "r0001",
            "waarde_toen": null, "tekst": t})
        .to_string()
    };
    let schrijf = |l: &Login, niveau: &str, code: &str, t: &str| {
        vraag(
            l,
            "POST",
            "/api/duidingen",
            Some((JSON, &duiding(id, niveau, code, t))),
        )
        .0
    };
    assert_eq!(
        schrijf(&enschede, "gemeente", "GM0153", "Enschede duidt"),
        201
    );
    assert_eq!(schrijf(&enschede, "gemeente", "GM0164", "mag niet"), 403);
    assert_eq!(schrijf(&enschede, "aanbieder", &eigen, "mag niet"), 403);
    // On the page: the form of the first visible item (regio) posts as a participant.
    let (s, _, _) = vraag(
        &enschede,
        "POST",
        &format!("/sessie/{id}/duiding"),
        Some((FORM, "punt=1&tekst=Regio+door+Enschede")),
    );
    assert_eq!(s, 303);
    let (s, _, _) = vraag(
        &enschede,
        "POST",
        &format!("/sessie/{id}/duiding"),
        Some((FORM, "punt=3&tekst=Hengelo+door+Enschede")),
    );
    assert_eq!(s, 403, "een agendapunt buiten het eigen bereik");

    // An aanbieder participant: its own provider, never another.
    assert_eq!(
        schrijf(&partner, "aanbieder", &eigen, "De partner duidt"),
        201
    );
    assert_eq!(schrijf(&partner, "aanbieder", &ander, "mag niet"), 403);
    assert_eq!(schrijf(&partner, "gemeente", "GM0153", "mag niet"), 403);

    // The data-adviesgroep writes a provider-level duiding (contract-sensitive).
    assert_eq!(schrijf(&dag, "aanbieder", &ander, GEHEIM), 201);
    let (_, _, b) = vraag(
        &dag,
        "POST",
        "/api/duidingen",
        Some((
            JSON,
            &duiding(id, "aanbieder", &eigen, GEHEIM)
                .replace(&format!("\"sessie_id\":{id}"), "\"sessie_id\":null"),
        )),
    );
    let buiten = json(&b)["id"].as_i64().unwrap();

    // A non-participant (another gemeente) sees no session content.
    for pad in [
        format!("/sessie/{id}"),
        format!("/sessie/{id}/verslag.html"),
        format!("/sessie/{id}/pakket.html"),
        format!("/api/sessies/{id}"),
        format!("/api/geschiedenis/sessies/{id}"),
    ] {
        let (s, _, b) = vraag(&hengelo, "GET", &pad, None);
        assert_eq!(s, 403, "hengelo {pad}");
        assert!(!tekst(&b).contains("Met partners"), "hengelo {pad}");
    }
    let (_, _, b) = vraag(&hengelo, "GET", "/api/sessies", None);
    assert_eq!(json(&b), serde_json::json!([]));
    let (_, _, b) = vraag(&hengelo, "GET", "/api/duidingen", None);
    assert!(
        json(&b)
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["sessie_id"].is_null()),
        "hengelo ziet duidingen van een sessie waar het niet bij is: {}",
        tekst(&b)
    );

    // The board: never a provider-level duiding, from any page, API, minutes, pack or report.
    let mut paden = vec![
        "/api/duidingen".to_string(),
        format!("/sessie/{id}/verslag.html"),
        format!("/sessie/{id}/verslag.md"),
        format!("/sessie/{id}/pakket.html"),
        format!("/api/sessies/{id}"),
        format!("/indicator/kosten"),
        "/jaarrapport/2024.html".into(),
        "/jaarrapport/2025.html".into(),
    ];
    for p in 1..=5 {
        paden.push(format!("/sessie/{id}?punt={p}"));
    }
    for pad in &paden {
        let (s, _, b) = vraag(&ab, "GET", pad, None);
        assert!(s == 200 || s == 404, "bestuur {pad}: {s}");
        assert!(
            !tekst(&b).contains(GEHEIM),
            "bestuur krijgt via {pad} een aanbiederduiding"
        );
    }
    let (s, _, _) = vraag(
        &ab,
        "GET",
        &format!("/api/geschiedenis/duidingen/{buiten}"),
        None,
    );
    assert_eq!(s, 403);
    // The contract manager's own provider sees its duiding; the other provider's stays out.
    let (_, _, b) = vraag(&partner, "GET", "/api/duidingen", None);
    let zichtbaar = tekst(&b);
    assert!(zichtbaar.contains("De partner duidt"));
    assert_eq!(
        zichtbaar.matches(GEHEIM).count(),
        1,
        "alleen die over de eigen aanbieder"
    );

    // The session pack before the meeting: a PDF with the agenda figures the reader may see.
    let (s, kop, pdf) = vraag(&enschede, "GET", &format!("/sessie/{id}/pakket.pdf"), None);
    assert_eq!(s, 200, "{kop}");
    let pad = data.path().join("pakket.pdf");
    std::fs::write(&pad, &pdf).unwrap();
    let t = pdftekst(&pad);
    assert!(
        t.contains("Sessiestukken duidingssessie: Met partners"),
        "{t}"
    );
    assert!(t.contains("Enschede"), "{t}");
    assert!(
        !t.contains("Hengelo"),
        "een agendapunt buiten het bereik in het pakket: {t}"
    );

    // An action owned by the Enschede account: under "Mijn acties", overdue marked, status
    // set by its owner and by nobody else outside the internal roles.
    let actie = serde_json::json!({"sessie_id": id, "soort": "verbeteractie",
        "titel": "Analyse crisisinstroom Enschede", "omschrijving": "", "eigenaar": "Enschede",
        "deadline": "2020-01-01", "status": "open", "indicator": "kosten",
        "streefwaarde": null, "eigenaar_login": "enschede"});
    let (s, _, b) = vraag(
        &dag,
        "POST",
        "/api/acties",
        Some((JSON, &actie.to_string())),
    );
    assert_eq!(s, 201, "{}", tekst(&b));
    let actie_id = json(&b)["id"].as_i64().unwrap();
    let (s, _, b) = vraag(&enschede, "GET", "/mijn-acties", None);
    assert_eq!(s, 200);
    let pagina = tekst(&b);
    assert!(pagina.contains("Analyse crisisinstroom Enschede") && pagina.contains("verlopen"));
    let (_, _, b) = vraag(&partner, "GET", "/mijn-acties", None);
    assert!(!tekst(&b).contains("Analyse crisisinstroom Enschede"));
    let status = |l: &Login, versie: i64, st: &str| {
        vraag(
            l,
            "POST",
            &format!("/actie/{actie_id}/status"),
            Some((FORM, &format!("versie={versie}&status={st}"))),
        )
        .0
    };
    assert_eq!(status(&hengelo, 1, "gereed"), 403);
    assert_eq!(status(&enschede, 1, "loopt"), 303);
    assert_eq!(status(&enschede, 1, "gereed"), 409, "een verouderde versie");
    let (_, _, b) = vraag(&dag, "GET", "/api/acties", None);
    let a_nu = json(&b)
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == actie_id)
        .cloned()
        .unwrap();
    assert_eq!(
        (a_nu["status"].as_str(), a_nu["versie"].as_i64()),
        (Some("loopt"), Some(2))
    );
}
