//! Releases: deliveries read one month at a time give the same tables as all at once, a
//! re-offered file is not read twice, and a process killed mid-ingest leaves the previous
//! releases intact.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use pipeline::release::{lees_tabel, releases};
use polars::prelude::ChunkAgg;

use crate::{jeugdstuur, repo};

fn ingest(data: &Path, invoer: &[PathBuf]) -> String {
    let uit = jeugdstuur()
        .arg("ingest")
        .arg("--data")
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

fn fixture_bestanden() -> Vec<PathBuf> {
    let mut uit = Vec::new();
    let mut stapel = vec![repo().join("fixtures/twente")];
    while let Some(d) = stapel.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stapel.push(p);
            } else {
                uit.push(p);
            }
        }
    }
    uit.sort();
    uit
}

/// Delivery month from a name like `trajecten_GM0141_2024-05.csv`; reference tables first.
fn leveringsmaand(p: &Path) -> String {
    let naam = p.file_stem().unwrap().to_string_lossy().to_string();
    match naam.rsplit_once('_') {
        Some((_, m)) if m.len() == 7 && m.as_bytes()[4] == b'-' => m.to_string(),
        _ => "0000-00".to_string(),
    }
}

const TABELLEN: [&str; 22] = [
    "indicatoren",
    "nowcast",
    "jaarprognose",
    "verblijfsprognose",
    "verblijfsduur",
    "begroting",
    "indicatoren_intern",
    "aanbieders_oe",
    "trajecten",
    "jeugdhulptrajecten",
    "declaraties",
    "maatregelen",
    "veilig_thuis",
    "bevolking",
    "landelijk",
    "streefwaarden",
    "afgewezen",
    "volledigheid",
    "leveringen/trajecten",
    "leveringen/declaraties",
    "leveringen/maatregelen",
    "leveringen/veilig_thuis",
];

#[test]
fn month_by_month_gives_the_same_tables_as_all_at_once() {
    let alles = tempfile::tempdir().unwrap();
    ingest(alles.path(), &[repo().join("fixtures/twente")]);

    // Each ingest also computes every indicator, so a full 84-month replay is slow in a
    // debug build: everything up to 2024 goes in at once, then the last 12 deliveries one
    // month at a time (where late end dates and corrections of earlier months arrive).
    let stap = tempfile::tempdir().unwrap();
    let mut per_maand: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for p in fixture_bestanden() {
        let m = leveringsmaand(&p);
        let batch = if m.as_str() < "2025-01" {
            "0000-00".to_string()
        } else {
            m
        };
        per_maand.entry(batch).or_default().push(p);
    }
    assert_eq!(per_maand.len(), 13, "{:?}", per_maand.keys());
    for bestanden in per_maand.values() {
        ingest(stap.path(), bestanden);
    }

    let a = releases(alles.path()).unwrap();
    let s = releases(stap.path()).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(s.len(), per_maand.len());
    let (a, s) = (a.last().unwrap(), s.last().unwrap());
    assert_eq!(a.bestanden.len(), s.bestanden.len());
    for t in TABELLEN {
        let x = lees_tabel(alles.path(), &a.id, t).unwrap();
        let y = lees_tabel(stap.path(), &s.id, t).unwrap();
        assert!(x.height() > 0 || t == "afgewezen", "{t} is leeg");
        assert!(
            x.equals_missing(&y),
            "{t} verschilt tussen stap voor stap en alles tegelijk"
        );
    }
    // The change log of the last monthly release only holds what that month changed.
    let w = lees_tabel(stap.path(), &s.id, "wijzigingen").unwrap();
    assert!(w.height() > 0 && w.height() < 1000, "{}", w.height());
    assert!(heeft_indicatoren(alles.path(), &a.id));
}

#[test]
fn a_file_offered_again_is_not_read_twice_and_a_corrected_file_replaces_its_rows() {
    let data = tempfile::tempdir().unwrap();
    let bron = tempfile::tempdir().unwrap();
    let f = bron.path().join("declaraties_GM0141_2024-05.csv");
    std::fs::write(
        &f,
        "aanlevering;gemeente;toewijzingnummer;periode;bedrag\n2024-05;GM0141;T1;2024-04;100,00\n2024-05;GM0141;T2;2024-04;50,50\n",
    )
    .unwrap();
    ingest(data.path(), std::slice::from_ref(&f));
    let uit = ingest(data.path(), std::slice::from_ref(&f));
    assert!(uit.contains("geen nieuwe release"), "{uit}");
    assert_eq!(releases(data.path()).unwrap().len(), 1);

    // The gemeente sends the same delivery again, corrected: it replaces, not adds.
    std::fs::write(
        &f,
        "aanlevering;gemeente;toewijzingnummer;periode;bedrag\n2024-05;GM0141;T1;2024-04;90,00\n",
    )
    .unwrap();
    ingest(data.path(), &[f]);
    let r = releases(data.path()).unwrap();
    assert_eq!(r.len(), 2);
    let d = lees_tabel(data.path(), &r[1].id, "declaraties").unwrap();
    let som: f64 = d.column("bedrag").unwrap().f64().unwrap().sum().unwrap();
    assert_eq!(som, 90.0);
    assert_eq!(r[1].deze_run[0].status, "vervangt");
}

/// The previous release must load whatever happens to a later ingest.
fn controleer_release_leesbaar(data: &Path, id: &str) {
    for t in TABELLEN {
        lees_tabel(data, id, t).unwrap_or_else(|e| panic!("{t} van {id} onleesbaar: {e}"));
    }
}

#[test]
fn killing_an_ingest_leaves_earlier_releases_intact() {
    let data = tempfile::tempdir().unwrap();
    ingest(data.path(), &[repo().join("fixtures/twente")]);
    let eerste = releases(data.path()).unwrap()[0].clone();

    // A bigger delivery (Twente at full size) so there is time to kill it while it writes.
    let groot = tempfile::tempdir().unwrap();
    let st = jeugdstuur()
        .args(["demo-data", "--scale", "twente", "--seed", "5", "--out"])
        .arg(groot.path())
        .output()
        .unwrap();
    assert!(st.status.success());

    let mut gedood_tijdens_schrijven = 0;
    for poging in 0..3 {
        let mut kind = jeugdstuur()
            .arg("ingest")
            .arg("--data")
            .arg(data.path())
            .arg(groot.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until it writes its release folder, then kill it hard (SIGKILL).
        let begin = Instant::now();
        let relmap = data.path().join("releases");
        loop {
            let bezig = std::fs::read_dir(&relmap).unwrap().any(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".bezig-")
            });
            if bezig || begin.elapsed() > Duration::from_secs(120) {
                break;
            }
            if kind.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2 + poging * 3));
        }
        kind.kill().ok();
        let status = kind.wait().unwrap();
        if !status.success() {
            gedood_tijdens_schrijven += 1;
        }
        let lijst = releases(data.path()).unwrap();
        assert_eq!(lijst[0].id, eerste.id);
        assert_eq!(lijst[0].aangemaakt, eerste.aangemaakt);
        controleer_release_leesbaar(data.path(), &eerste.id);
        for r in &lijst {
            controleer_release_leesbaar(data.path(), &r.id);
        }
        if lijst.len() > 1 {
            break;
        }
    }
    assert!(
        gedood_tijdens_schrijven > 0,
        "het proces werd niet onderbroken"
    );
    // A later ingest still works and leaves no half-written folder of the killed run.
    ingest(data.path(), &[groot.path().to_path_buf()]);
    let lijst = releases(data.path()).unwrap();
    controleer_release_leesbaar(data.path(), &lijst.last().unwrap().id);
    let rest: Vec<_> = std::fs::read_dir(data.path().join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(rest.is_empty(), "achtergebleven: {rest:?}");
}

fn heeft_indicatoren(data: &Path, id: &str) -> bool {
    lees_tabel(data, id, "indicatoren").unwrap().height() > 1000
}
