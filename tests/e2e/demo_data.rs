//! `jeugdstuur demo-data`: complete, deterministic, and the committed fixture is current.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::{jeugdstuur, repo};

fn bestanden(map: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut uit = BTreeMap::new();
    let mut stapel = vec![map.to_path_buf()];
    while let Some(d) = stapel.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stapel.push(p);
            } else {
                let naam = p.strip_prefix(map).unwrap().display().to_string();
                uit.insert(naam, fs::read(&p).unwrap());
            }
        }
    }
    uit
}

fn genereer(schaal: &str, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let uit = jeugdstuur()
        .args([
            "demo-data",
            "--scale",
            schaal,
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        uit.status.success(),
        "{}",
        String::from_utf8_lossy(&uit.stderr)
    );
    dir
}

/// The committed fixture is exactly what the generator makes today: whoever changes the
/// generator regenerates `fixtures/twente` (see fixtures/README.md), and tests can trust it.
#[test]
fn committed_fixture_is_reproduced_byte_for_byte() {
    let vers = genereer("klein", 2024);
    let nu = bestanden(vers.path());
    let vastgelegd = bestanden(&repo().join("fixtures/twente"));
    let nu_namen: Vec<_> = nu.keys().collect();
    let vast_namen: Vec<_> = vastgelegd.keys().filter(|n| *n != "README.md").collect();
    assert_eq!(
        nu_namen, vast_namen,
        "andere bestanden dan in fixtures/twente"
    );
    for (naam, inhoud) in &nu {
        assert!(
            vastgelegd[naam] == *inhoud,
            "{naam} verschilt van fixtures/twente: maak de fixture opnieuw"
        );
    }
}

#[test]
fn all_tables_are_written_with_the_delivery_quirks() {
    let d = genereer("klein", 7);
    let f = bestanden(d.path());
    for tabel in [
        "bevolking.csv",
        "landelijk.csv",
        "streefwaarden.csv",
        "begroting.csv",
        "regio.toml",
    ] {
        assert!(f.contains_key(tabel), "{tabel} ontbreekt");
    }
    let telling = |prefix: &str| f.keys().filter(|k| k.starts_with(prefix)).count();
    // 13 gemeenten × 84 months, minus 2 missed deliveries, plus Enschede's 28 quarters.
    let verwacht = 13 * 84 - 2 + 28;
    assert_eq!(telling("trajecten/"), verwacht);
    assert_eq!(telling("declaraties/"), verwacht);
    assert_eq!(telling("maatregelen/"), verwacht);
    assert_eq!(telling("veilig_thuis/"), 1);
    assert!(f.contains_key("trajecten/trajecten_GM0153_2024-03.csv"));
    assert!(!f.contains_key("trajecten/trajecten_GM0153_2024-02.csv"));
    assert!(!f.contains_key("trajecten/trajecten_GM0168_2023-07.csv"));

    let utf8 = &f["trajecten/trajecten_GM0164_2024-05.csv"];
    assert!(utf8.starts_with(b"\xEF\xBB\xBFaanlevering;gemeente;client_id;"));
    // Tubbergen writes Windows-1252: no BOM, and not valid UTF-8 where ë occurs.
    let tubbergen: Vec<u8> = f
        .iter()
        .filter(|(k, _)| k.starts_with("trajecten/trajecten_GM0183"))
        .flat_map(|(_, v)| v.clone())
        .collect();
    assert!(!tubbergen.starts_with(b"\xEF\xBB\xBF"));
    assert!(
        tubbergen.contains(&0xEB),
        "geen ë (0xEB) in Windows-1252 gevonden"
    );

    let alles_trajecten: String = f
        .iter()
        .filter(|(k, _)| k.starts_with("trajecten/"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(
        alles_trajecten.contains(";GM9999;"),
        "vuile rij met onbekende gemeente"
    );
    assert!(
        alles_trajecten.contains(";31-02-"),
        "vuile rij met onmogelijke datum"
    );
    // Almelo writes its code without GM.
    let almelo = String::from_utf8_lossy(&f["trajecten/trajecten_GM0141_2024-05.csv"]).into_owned();
    assert!(almelo.lines().nth(1).unwrap().starts_with("2024-05;0141;"));
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = bestanden(genereer("klein", 11).path());
    let b = bestanden(genereer("klein", 11).path());
    let c = bestanden(genereer("klein", 12).path());
    assert!(a == b, "dezelfde seed moet dezelfde bestanden geven");
    assert!(a != c);
}
