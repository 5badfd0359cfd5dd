//! CBS StatLine as the source of national values: a download (OData v4 JSON, then a newer
//! one as CSV) read by `jeugdstuur ingest` beside the deliveries; the newer download revises
//! one value, and the indicator page and /datakwaliteit show the revision and the new value.

use crate::server::{get, start};
use crate::{jeugdstuur, repo};

fn ingest(data: &std::path::Path, invoer: &[std::path::PathBuf]) -> String {
    let uit = jeugdstuur()
        .args(["ingest", "--data"])
        .arg(data)
        .args(invoer)
        .output()
        .unwrap();
    let tekst = String::from_utf8_lossy(&uit.stdout).into_owned();
    assert!(
        uit.status.success(),
        "{tekst}\n{}",
        String::from_utf8_lossy(&uit.stderr)
    );
    tekst
}

#[test]
fn een_herziene_statline_waarde_staat_op_de_indicatorpagina_en_bij_datakwaliteit() {
    let data = tempfile::tempdir().unwrap();
    let eerst = ingest(
        data.path(),
        &[
            repo().join("fixtures/twente"),
            repo().join("fixtures/statline/2025-03"),
        ],
    );
    // Row accounting of the download (fixtures/statline/README.md): 7 cells = 3 loaded +
    // 2 rejected + 2 not mapped.
    assert!(
        eerst.contains("+ 2 niet gekoppeld"),
        "telling zonder niet-gekoppelde cellen:\n{eerst}"
    );
    let r1 = pipeline::release::releases(data.path()).unwrap();
    let v = r1[0]
        .deze_run
        .iter()
        .find(|v| v.naam == "85098NED/Observations.json")
        .expect("de StatLine-download heeft een verslag");
    assert_eq!(
        (
            v.rijen_gelezen,
            v.rijen_geladen,
            v.rijen_afgewezen,
            v.rijen_niet_gekoppeld
        ),
        (7, 3, 2, 2)
    );
    assert_eq!(v.tabel.as_deref(), Some("landelijk"));
    // Metadata files are read with the download, never as deliveries of their own.
    assert!(!r1[0].deze_run.iter().any(|v| v.naam.contains("Codes")));

    let tweede = ingest(data.path(), &[repo().join("fixtures/statline/2025-09")]);
    assert!(tweede.contains("Release r0002"), "{tweede}");

    let server = start(data.path());
    // The stored national value is the new one, with CBS's status and the table as source.
    let (status, api) = get(
        &server.1,
        "/api/indicatoren?indicator=jeugdhulp_gebruik&periode=2023&niveau=regio",
    );
    assert_eq!(status, 200, "{api}");
    let json: serde_json::Value = serde_json::from_str(&api).unwrap();
    let w = &json[0];
    assert_eq!(w["landelijk"].as_f64(), Some(14.2), "{api}");
    let bron = w["landelijk_bron"].as_str().unwrap();
    assert!(
        bron.starts_with("CBS StatLine 85098NED (") && bron.ends_with("(definitief)"),
        "{bron}"
    );
    assert_eq!(w["landelijk_vergelijkbaar"].as_bool(), Some(true));

    let (status, pagina) = get(&server.1, "/indicator/jeugdhulp_gebruik?periode=2023");
    assert_eq!(status, 200);
    assert!(pagina.contains("14,2%"), "nieuwe waarde niet op de pagina");
    assert!(
        pagina.contains(
            "Landelijke waarde 2023, jaarcijfer (totaal) herzien in release r0002: 13,9% (nader voorlopig) → 14,2% (definitief)"
        ),
        "geen herziening op de indicatorpagina"
    );

    let (status, dk) = get(&server.1, "/datakwaliteit");
    assert_eq!(status, 200);
    let sectie = dk
        .split("id=\"kop-herzieningen\"")
        .nth(1)
        .and_then(|r| r.split("</section>").next())
        .expect("een sectie Herzieningen landelijke waarden");
    assert!(sectie.starts_with(">Herzieningen landelijke waarden<"));
    let rijen: Vec<&str> = sectie
        .split("<tr")
        .filter(|r| r.contains("r0002"))
        .collect();
    // Two revisions (hand-counted from the fixtures): jeugdhulp 2023 13,9 → 14,2 and
    // nader voorlopig → definitief; jeugdbescherming 2023 stays 1,1 but nader voorlopig →
    // definitief. 2022 (13,5, definitief in both) is no revision.
    assert_eq!(rijen.len(), 2, "{sectie}");
    let rij = rijen
        .iter()
        .find(|r| r.contains("Jeugdhulpgebruik"))
        .expect("jeugdhulpgebruik herzien");
    assert!(rij.contains("13,9%") && rij.contains("14,2%") && rij.contains("nader voorlopig"));
    assert!(rij.contains("CBS StatLine 85098NED"));
    assert!(!sectie.contains("13,5%"));
}
