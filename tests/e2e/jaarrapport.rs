//! The jaarrapport end to end: the fixture release with a session, a duiding and an action
//! stored over HTTP, then the report from the dashboard route and from the `report` command,
//! read back with poppler's `pdftotext` and compared with the stored values from the API.

use std::path::Path;
use std::process::Command;

use crate::jeugdstuur;
use crate::server::{get, get_bytes, ingest_fixture, start, vraag};

fn json(t: &str) -> serde_json::Value {
    serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}: {t}"))
}

/// All text of a PDF file with runs of white space as one space (cells and lines wrap).
pub(crate) fn pdftekst(pad: &Path) -> String {
    let uit = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pad)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/test installeert het)");
    assert!(
        uit.status.success(),
        "{}",
        String::from_utf8_lossy(&uit.stderr)
    );
    String::from_utf8_lossy(&uit.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pagina(pad: &Path, n: usize) -> String {
    let n = n.to_string();
    let uit = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &n, "-l", &n])
        .arg(pad)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&uit.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn report(data: &Path, uit: &Path) {
    let st = jeugdstuur()
        .args(["report", "--year", "2025", "--data"])
        .arg(data)
        .arg("--out")
        .arg(uit)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
}

/// A pseudonym as the deliveries write it: `P` and twelve hex digits.
fn heeft_pseudoniem(tekst: &str) -> bool {
    tekst.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        w.len() == 13
            && w.starts_with('P')
            && w[1..]
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    })
}

/// The stored 2025 regional value of one indicator (main split), formatted as the report
/// must show it.
fn opgeslagen(adres: &str, indicator: &str, eenheid: &str) -> (String, serde_json::Value) {
    let (status, body) = get(
        adres,
        &format!(
            "/api/indicatoren?indicator={indicator}&periode=2025&niveau=regio&uitsplitsing=totaal"
        ),
    );
    assert_eq!(status, 200);
    let w = json(&body)[0].clone();
    let x = w["waarde"].as_f64().expect("een getoonde waarde");
    (model::getal::met_eenheid(Some(x), eenheid), w)
}

#[test]
fn jaarrapport_from_route_and_command_holds_the_stored_figures_and_is_reproducible() {
    let data = ingest_fixture();
    let server = start(data.path());
    let a = &server.1;

    // The PDCA year 2025: a session with a duiding and two actions.
    let (status, sessie) = vraag(
        a,
        "POST",
        "/api/sessies",
        Some(&serde_json::json!({
            "datum": "2025-10-06", "titel": "Najaarsduiding", "deelnemers": "Anna, Bram",
            "release_id": "r0001", "auteur": "Anna",
            "agenda": [{"indicator": "vt_hermelding_aandeel", "niveau": "regio", "code": "regio",
                        "uitsplitsing": "totaal", "periode": "2025", "toelichting": ""}]
        })),
    );
    assert_eq!(status, 201, "{sessie}");
    let id = json(&sessie)["id"].as_i64().unwrap();
    let (status, _) = vraag(
        a,
        "POST",
        "/api/duidingen",
        Some(&serde_json::json!({
            "sessie_id": id, "indicator": "vt_hermelding_aandeel", "niveau": "regio",
            "code": "regio", "uitsplitsing": "totaal", "periode": "2025", "release_id": "r0001",
            "waarde_toen": null, "auteur": "Bram",
            "tekst": "**Meer hermeldingen** na de nieuwe werkwijze van het meldpunt."
        })),
    );
    assert_eq!(status, 201);
    for (titel, indicator, deadline) in [
        (
            "Casusanalyse hermeldingen",
            Some("vt_hermelding_aandeel"),
            "2025-11-01",
        ),
        ("Afspraken met het meldpunt", None, "2026-03-01"),
    ] {
        let (status, body) = vraag(
            a,
            "POST",
            "/api/acties",
            Some(&serde_json::json!({
                "sessie_id": id, "soort": "verbeteractie", "titel": titel,
                "omschrijving": "", "eigenaar": "Team Veilig Thuis", "deadline": deadline,
                "status": "open", "indicator": indicator, "streefwaarde": null, "auteur": "Anna"
            })),
        );
        assert_eq!(status, 201, "{body}");
    }

    // Two figures, as stored (suppressed) and as the API gives them.
    let (gebruik, _) = opgeslagen(a, "jeugdhulp_gebruik", "procent");
    let (hermelding, w) = opgeslagen(a, "vt_hermelding_aandeel", "procent");
    assert_eq!(
        w["status"], "afwijkend",
        "de fixture heeft hier een status: {w}"
    );
    let streef = model::getal::met_eenheid(w["streefwaarde"].as_f64(), "procent");

    // From the dashboard.
    let (status, kop, pdf_http) = get_bytes(a, "/jaarrapport/2025.pdf");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf_http));
    assert!(kop.contains("application/pdf"), "{kop}");
    assert!(kop.contains("jaarrapport-2025-r0001.pdf"), "{kop}");
    assert!(pdf_http.starts_with(b"%PDF-"));
    let (status, html) = get(a, "/jaarrapport/2025.html");
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"nl\">") && html.contains("In één oogopslag"));
    assert!(html.contains(&gebruik) && html.contains("status afwijkend"));
    assert!(html.contains("role=\"img\""), "grafieken als SVG");
    let (status, _) = get(a, "/jaarrapport/1990.pdf");
    assert_eq!(status, 404, "een jaar zonder cijfers");
    let (status, _) = get(a, "/jaarrapport/2025.docx");
    assert_eq!(status, 404);
    let (_, pdca) = get(a, "/pdca?jaar=2025");
    assert!(
        pdca.contains("/jaarrapport/2025.pdf"),
        "link vanuit het PDCA-jaar"
    );
    drop(server);

    // From the command, twice: the same release and database give the same bytes.
    let map = tempfile::tempdir().unwrap();
    let (een, twee) = (map.path().join("een.pdf"), map.path().join("twee.pdf"));
    report(data.path(), &een);
    report(data.path(), &twee);
    let bytes = std::fs::read(&een).unwrap();
    assert!(
        bytes == std::fs::read(&twee).unwrap(),
        "twee keer maken gaf andere bytes"
    );
    assert!(
        bytes == pdf_http,
        "het dashboard en de opdracht geven hetzelfde rapport"
    );

    // Kept for a person to look at (pdftoppm -png -r 60).
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("jaarrapport-2025.pdf"),
        &bytes,
    )
    .unwrap();
    let tekst = pdftekst(&een);
    // Cover, with the release.
    let voorblad = pagina(&een, 1);
    assert!(
        voorblad.contains("Jaarrapport jeugdhulp Twente 2025"),
        "{voorblad}"
    );
    assert!(voorblad.contains("r0001"), "{voorblad}");
    // The at-a-glance table on its own pages (34 figures per segment: two pages), with both
    // figures, target and status.
    let oogopslag = format!("{} {}", pagina(&een, 2), pagina(&een, 3));
    for verwacht in [
        "In één oogopslag",
        "Kerncijfers Twente 2025",
        "Jeugdhulpgebruik",
        &gebruik,
        "Hermeldingen Veilig Thuis",
        &hermelding,
        &streef,
        "✗ afwijkend",
        "Jeugdbescherming en jeugdreclassering",
        "Veilig Thuis",
    ] {
        assert!(
            oogopslag.contains(verwacht),
            "{verwacht:?} niet op pagina 2–3: {oogopslag}"
        );
    }
    // Per segment: the duiding (as text, not markup), the action and the improvement point.
    for verwacht in [
        "Wonen",
        "Ambulant",
        "Crisis",
        "Meer hermeldingen na de nieuwe werkwijze van het meldpunt.",
        "Casusanalyse hermeldingen",
        "Afspraken met het meldpunt",
        "Verbeterpunten",
        &format!(
            "Hermeldingen Veilig Thuis: ✗ afwijkend ({hermelding} tegen streefwaarde {streef})"
        ),
        "Vastgelegd: 'Casusanalyse hermeldingen'",
        // Deadline 1 november 2025 passed before the release date.
        "had deadline 1 november 2025",
        // Both annexes.
        "Bijlage: datakwaliteit",
        "Leveringen per gemeente over 2025",
        "Voorlopige perioden",
        "is de eerste release",
        "Bijlage: definities",
        "CBS StatLine 85098NED",
    ] {
        assert!(
            tekst.contains(verwacht),
            "{verwacht:?} ontbreekt in:\n{tekst}"
        );
    }
    assert!(
        !tekst.contains("**"),
        "markdown komt als tekst, niet als opmaak"
    );
    assert!(!heeft_pseudoniem(&tekst), "een pseudoniem in het rapport");

    // The same report as HTML from the command.
    let html_pad = map.path().join("jaarrapport-2025.html");
    report(data.path(), &html_pad);
    let html2 = std::fs::read_to_string(&html_pad).unwrap();
    assert_eq!(html2, html, "HTML van de opdracht en van het dashboard");
}
