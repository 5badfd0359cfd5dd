//! The PDCA workspace over real HTTP: sessions, duidingen and actions stored in SQLite,
//! stale edits refused, a restart keeping everything, and 50 concurrent writers.

use crate::server::{ingest_fixture, start, vraag};

fn json(t: &str) -> serde_json::Value {
    serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}: {t}"))
}

#[test]
fn sessions_duidingen_and_actions_survive_a_restart_and_stale_edits_are_refused() {
    let data = ingest_fixture();
    let server = start(data.path());
    let a = &server.1;

    let (status, sessie) = vraag(
        a,
        "POST",
        "/api/sessies",
        Some(&serde_json::json!({
            "datum": "2025-03-10", "titel": "Voorjaar", "deelnemers": "Anna, Bram",
            "release_id": "r0001", "auteur": "Anna",
            "agenda": [{"indicator": "jeugdhulp_gebruik", "niveau": "regio", "code": "regio",
                        "uitsplitsing": "totaal", "periode": "2024", "toelichting": ""}]
        })),
    );
    assert_eq!(status, 201, "{sessie}");
    let sessie = json(&sessie);
    let id = sessie["id"].as_i64().unwrap();

    let (status, d) = vraag(
        a,
        "POST",
        "/api/duidingen",
        Some(&serde_json::json!({
            "sessie_id": id, "indicator": "jeugdhulp_gebruik", "niveau": "regio", "code": "regio",
            "uitsplitsing": "totaal", "periode": "2024", "release_id": "r0001",
            "waarde_toen": 13.6, "tekst": "Meer ambulante hulp via de huisarts.", "auteur": "Bram"
        })),
    );
    assert_eq!(status, 201, "{d}");
    let d = json(&d);
    let did = d["id"].as_i64().unwrap();
    assert_eq!(d["versie"], 1);

    // Two people edit version 1: the first wins, the second is refused and nothing is lost.
    let (status, _) = vraag(
        a,
        "PUT",
        &format!("/api/duidingen/{did}"),
        Some(&serde_json::json!({"versie": 1, "tekst": "Eerste bewerking", "auteur": "Anna"})),
    );
    assert_eq!(status, 200);
    let (status, fout) = vraag(
        a,
        "PUT",
        &format!("/api/duidingen/{did}"),
        Some(&serde_json::json!({"versie": 1, "tekst": "Tweede bewerking", "auteur": "Cees"})),
    );
    assert_eq!(status, 409, "{fout}");
    assert!(
        // The author is the logged-in account, whatever name the request body gives.
        fout.contains("intussen gewijzigd") && fout.contains("Demobeheerder (beheerder)"),
        "{fout}"
    );

    // An action from this session, then a later session that carries it forward.
    let (status, actie) = vraag(
        a,
        "POST",
        "/api/acties",
        Some(&serde_json::json!({
            "sessie_id": id, "soort": "verbeteractie", "titel": "Gesprek met huisartsen",
            "omschrijving": "", "eigenaar": "Anna", "deadline": "2025-06-01", "status": "open",
            "indicator": "jeugdhulp_gebruik", "streefwaarde": null, "auteur": "Anna"
        })),
    );
    assert_eq!(status, 201, "{actie}");
    let (status, tweede) = vraag(
        a,
        "POST",
        "/api/sessies",
        Some(&serde_json::json!({
            "datum": "2025-09-15", "titel": "Najaar", "deelnemers": "Anna", "release_id": "r0001",
            "auteur": "Anna",
            "agenda": [{"indicator": "kosten", "niveau": "regio", "code": "regio",
                        "uitsplitsing": "totaal", "periode": "2024", "toelichting": ""}]
        })),
    );
    assert_eq!(status, 201);
    let tweede = json(&tweede)["id"].as_i64().unwrap();
    let (_, pagina) = vraag(a, "GET", &format!("/sessie/{tweede}"), None);
    assert!(pagina.contains("Openstaand uit eerdere sessies"));
    assert!(
        pagina.contains("Gesprek met huisartsen"),
        "de open actie komt mee"
    );

    // Who changed what, when: the history holds both versions.
    let (_, hist) = vraag(
        a,
        "GET",
        &format!("/api/geschiedenis/duidingen/{did}"),
        None,
    );
    let hist = json(&hist);
    assert_eq!(hist.as_array().unwrap().len(), 2, "{hist}");
    assert_eq!(hist[1]["wie"], "Demobeheerder (beheerder)");
    assert_eq!(
        hist[1]["oud"]["tekst"],
        "Meer ambulante hulp via de huisarts."
    );
    // The indicator's own page shows the duiding for its area.
    let (_, ind) = vraag(a, "GET", "/indicator/jeugdhulp_gebruik", None);
    assert!(
        ind.contains("Eerste bewerking") && ind.contains("Over 2024"),
        "duiding op de indicatorpagina"
    );
    // A duiding written when the figure was different (as after a revision of provisional
    // data) is marked with then and now.
    let (status, _) = vraag(
        a,
        "POST",
        "/api/duidingen",
        Some(&serde_json::json!({
            "sessie_id": null, "indicator": "jeugdhulp_gebruik", "niveau": "regio", "code": "regio",
            "uitsplitsing": "totaal", "periode": "2023", "release_id": "r0001",
            "waarde_toen": 99.0, "tekst": "Geschreven bij een voorlopig cijfer.", "auteur": "Bram"
        })),
    );
    assert_eq!(status, 201);
    let (_, ind) = vraag(a, "GET", "/indicator/jeugdhulp_gebruik", None);
    assert!(
        ind.contains("Het cijfer is sindsdien herzien: toen 99,0%, nu 13,3%"),
        "herzien-melding ontbreekt"
    );

    // A segment on the agenda shows the region's figure for that segment.
    let (status, seg) = vraag(
        a,
        "POST",
        "/api/sessies",
        Some(&serde_json::json!({
            "datum": "2025-04-01", "titel": "Segment", "deelnemers": "", "release_id": "r0001",
            "auteur": "Anna",
            "agenda": [{"indicator": "kosten", "niveau": "segment", "code": "verblijf",
                        "uitsplitsing": "totaal", "periode": "2024", "toelichting": ""}]
        })),
    );
    assert_eq!(status, 201, "{seg}");
    let seg = json(&seg)["id"].as_i64().unwrap();
    let (_, kosten) = vraag(
        a,
        "GET",
        "/api/indicatoren?indicator=kosten&periode=2024&niveau=regio&uitsplitsing=segment_verblijf",
        None,
    );
    let euro = json(&kosten)[0]["waarde"].as_f64().unwrap();
    let (_, pagina) = vraag(a, "GET", &format!("/sessie/{seg}"), None);
    assert!(
        pagina.contains(&format!("€ {}", model::getal::nl(euro, 0))),
        "het segmentcijfer op de sessiepagina"
    );

    // The overview shows the newest duiding with its figure.
    let (_, overzicht) = vraag(a, "GET", "/?periode=2024", None);
    assert!(overzicht.contains("Eerste bewerking"));
    // The minutes hold the figure, the duiding and the action.
    let (status, md) = vraag(a, "GET", &format!("/sessie/{id}/verslag.md"), None);
    assert_eq!(status, 200);
    assert!(md.contains("# Verslag duidingssessie: Voorjaar"));
    assert!(md.contains("Eerste bewerking") && md.contains("Gesprek met huisartsen"));
    assert!(
        md.contains("13,6%"),
        "het cijfer van de bevroren release: {md}"
    );

    // The minutes as a real PDF, read back with pdftotext.
    let (status, _, pdf) = crate::server::get_bytes(a, &format!("/sessie/{id}/verslag.pdf"));
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    let map = tempfile::tempdir().unwrap();
    let pad = map.path().join("verslag.pdf");
    std::fs::write(&pad, &pdf).unwrap();
    let tekst = std::process::Command::new("pdftotext")
        .arg(&pad)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/test installeert het)");
    // Table cells wrap: compare with runs of white space as one space.
    let tekst = String::from_utf8_lossy(&tekst.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(tekst.contains("Voorjaar"), "{tekst}");
    assert!(
        tekst.contains("13,6%") && tekst.contains("Eerste bewerking"),
        "{tekst}"
    );
    assert!(tekst.contains("Gesprek met huisartsen"), "{tekst}");

    // Restart: everything is still there.
    drop(server);
    let server = start(data.path());
    let a = &server.1;
    let (_, lijst) = vraag(a, "GET", "/api/sessies", None);
    assert_eq!(json(&lijst).as_array().unwrap().len(), 3);
    let (_, ds) = vraag(
        a,
        "GET",
        "/api/duidingen?indicator=jeugdhulp_gebruik&periode=2024",
        None,
    );
    let ds = json(&ds);
    assert_eq!(ds.as_array().unwrap().len(), 1);
    assert_eq!(ds[0]["tekst"], "Eerste bewerking");
    assert_eq!(ds[0]["versie"], 2);
    let (_, acties) = vraag(a, "GET", "/api/acties", None);
    assert_eq!(json(&acties).as_array().unwrap().len(), 1);
}

#[test]
fn fifty_concurrent_writers_all_get_their_duiding_stored() {
    let data = ingest_fixture();
    let server = start(data.path());
    let adres = server.1.clone();
    let draden: Vec<_> = (0..50)
        .map(|i| {
            let adres = adres.clone();
            std::thread::spawn(move || {
                vraag(
                    &adres,
                    "POST",
                    "/api/duidingen",
                    Some(&serde_json::json!({
                        "sessie_id": null, "indicator": "kosten", "niveau": "gemeente",
                        "code": "GM0153", "uitsplitsing": "totaal", "periode": "2024",
                        "release_id": "r0001", "waarde_toen": null,
                        "tekst": format!("duiding {i}"), "auteur": format!("schrijver {i}")
                    })),
                )
            })
        })
        .collect();
    for d in draden {
        let (status, body) = d.join().unwrap();
        assert_eq!(status, 201, "{body}");
    }
    let (_, ds) = vraag(
        &adres,
        "GET",
        "/api/duidingen?indicator=kosten&code=GM0153",
        None,
    );
    let ds = json(&ds);
    let mut teksten: Vec<String> = ds
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["tekst"].as_str().unwrap().to_string())
        .collect();
    teksten.sort();
    teksten.dedup();
    assert_eq!(teksten.len(), 50, "elke schrijver zijn eigen duiding");
}
