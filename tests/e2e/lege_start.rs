//! A region that starts from nothing, and a binary that runs anywhere (issue 22, item 5):
//! `serve --data` on a new, empty folder starts and explains the next step; the first upload
//! through `/beheer/levering` makes the first release; `serve` without `--data` makes its
//! demo with the built-in generator, from any working directory.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::jeugdstuur;
use crate::server::{self, get, get_bytes};

fn tekst(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn serve_starts_on_an_empty_folder_and_explains_the_next_step() {
    let tmp = tempfile::tempdir().unwrap();
    // Not even created yet: `serve` makes it.
    let data = tmp.path().join("srv").join("jeugdstuur");
    let srv = server::start(&data);
    let a = srv.1.as_str();

    let (s, html) = get(a, "/");
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("Nog geen gegevens"), "{html}");
    assert!(
        html.contains("href=\"/beheer/levering\""),
        "de beheerder ziet de volgende stap"
    );
    assert!(html.contains("jeugdstuur ingest --data"), "{html}");
    assert!(
        html.contains("Nog geen release"),
        "de kop noemt geen release"
    );
    assert!(
        !html.contains("invoerbestanden"),
        "geen verwarrende melding over invoerbestanden"
    );
    // Other pages say there is no release yet instead of failing.
    for pad in [
        "/indicator/kosten",
        "/gemeente",
        "/verblijf",
        "/definities",
        "/datakwaliteit",
        "/download/overzicht.csv",
    ] {
        let (s, html) = get(a, pad);
        assert_eq!(s, 404, "{pad}: {html}");
        assert!(html.contains("nog geen release"), "{pad}: {html}");
    }
    let (s, html) = get(a, "/api/indicatoren");
    assert!(s < 500, "/api/indicatoren: {s} {html}");
    // The beheerder's pages work without a release.
    for pad in ["/beheer/levering", "/beheer/gebruikers", "/beheer/logboek"] {
        let (s, html) = get(a, pad);
        assert_eq!(s, 200, "{pad}: {html}");
    }

    // The first delivery through the web makes the first release.
    let naam = "trajecten_GM0183_2024-05_foute-rijen.csv";
    let bestand = std::fs::read(crate::repo().join("tests/corpus/ingest").join(naam)).unwrap();
    let t = server::lever(a, &[(naam, &bestand)]);
    assert_eq!(&t[9..12], "200", "{t}");
    assert!(t.contains("Release r0001 gemaakt"), "{t}");
    let (s, html) = get(a, "/");
    assert_eq!(s, 200);
    assert!(
        html.contains("Release r0001"),
        "het overzicht toont de eerste release"
    );
    assert!(!html.contains("Nog geen gegevens"));
    let (s, _, _) = get_bytes(a, "/indicator/jeugdhulp_clienten");
    assert_eq!(s, 200);
}

#[test]
fn serve_without_data_makes_the_demo_from_the_generator_in_any_folder() {
    // A working directory far from the source tree: nothing of the repository is read.
    let cwd = tempfile::tempdir().unwrap();
    let mut kind = jeugdstuur()
        .current_dir(cwd.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("JEUGDSTUUR_DATA")
        .env(
            "JEUGDSTUUR_BEHEERDER_WACHTWOORD",
            server::BEHEERDER_WACHTWOORD,
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lezer = BufReader::new(kind.stdout.take().unwrap());
    let mut adres = None;
    let mut uitvoer = String::new();
    for _ in 0..200 {
        let mut regel = String::new();
        if lezer.read_line(&mut regel).unwrap() == 0 {
            break;
        }
        uitvoer.push_str(&regel);
        if let Some(r) = regel.split("http://").nth(1) {
            adres = r.split('/').next().map(str::to_string);
            break;
        }
    }
    let Some(a) = adres else {
        let _ = kind.kill();
        panic!("server startte niet: {uitvoer}");
    };
    let srv = server::Server::van(kind, a.clone());
    assert!(uitvoer.contains("demodata maken"), "{uitvoer}");
    let login = server::inloggen(&a, "beheerder", server::BEHEERDER_WACHTWOORD).unwrap();
    let (s, _, html) = server::vraag_als(&a, Some(&login), "GET", "/", None);
    let html = tekst(&html);
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("Release r0001"), "{html}");
    assert!(
        html.contains("Jeugdhulpgebruik"),
        "het overzicht toont indicatoren"
    );
    // The demo release lives in the working directory's default data folder.
    let releases = cwd
        .path()
        .join("jeugdstuur-data/releases/r0001/manifest.json");
    let manifest = std::fs::read_to_string(&releases).unwrap();
    // The same deliveries as fixtures/twente (demo-data --scale klein --seed 2024).
    let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let ingelezen: std::collections::BTreeSet<String> = m["bestanden"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["naam"].as_str().unwrap().to_string())
        .filter(|n| n.starts_with("trajecten_"))
        .collect();
    let fixture: std::collections::BTreeSet<String> =
        std::fs::read_dir(crate::repo().join("fixtures/twente/trajecten"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
    assert!(!fixture.is_empty());
    assert_eq!(
        ingelezen, fixture,
        "de demo levert dezelfde bestanden als fixtures/twente"
    );
    drop(srv);
}
