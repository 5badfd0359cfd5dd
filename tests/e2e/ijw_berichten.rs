//! iJw 3.2 messages as input: the same synthetic world written as CSV and as messages gives
//! identical indicator tables, every message of `demo-data --format ijw` is valid against the
//! official XSDs, and no BSN of the messages reaches a table, a log line, a page or a download.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use pipeline::release::{lees_tabel, releases};
use polars::prelude::*;

use crate::jeugdstuur;
use crate::server;

const DEMO_SLEUTEL: &str = "jeugdstuur-demo-sleutel-alleen-voor-synthetische-data";

fn demo(map: &Path, formaat: &str) {
    let uit = jeugdstuur()
        .args([
            "demo-data",
            "--scale",
            "klein",
            "--seed",
            "2024",
            "--format",
            formaat,
            "--out",
        ])
        .arg(map)
        .output()
        .unwrap();
    assert!(
        uit.status.success(),
        "{}",
        String::from_utf8_lossy(&uit.stderr)
    );
}

/// Runs `ingest` and returns stdout + stderr (the log).
fn ingest(data: &Path, invoer: &Path, sleutel: Option<&str>) -> String {
    let mut c = jeugdstuur();
    c.args(["ingest", "--data"]).arg(data).arg(invoer);
    c.env_remove("JEUGDSTUUR_BSN_SLEUTEL")
        .env_remove("JEUGDSTUUR_BSN_SLEUTEL_BESTAND");
    if let Some(s) = sleutel {
        c.env("JEUGDSTUUR_BSN_SLEUTEL", s);
    }
    let uit = c.output().unwrap();
    let tekst = format!(
        "{}\n{}",
        String::from_utf8_lossy(&uit.stdout),
        String::from_utf8_lossy(&uit.stderr)
    );
    assert!(uit.status.success(), "{tekst}");
    tekst
}

/// Every BSN in the messages of a folder of zips.
fn bsns(map: &Path) -> HashSet<String> {
    let mut uit = HashSet::new();
    for e in std::fs::read_dir(map.join("berichten")).unwrap() {
        let p = e.unwrap().path();
        let mut z = ::zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
        for i in 0..z.len() {
            let mut t = String::new();
            z.by_index(i).unwrap().read_to_string(&mut t).unwrap();
            for deel in t.split("Bsn>").skip(1).step_by(2) {
                uit.insert(deel[..9].to_string());
            }
        }
    }
    uit
}

/// A BSN as a token of its own: nine digits not inside a longer run of letters and digits
/// (a SHA-256 or a pseudonym in hex holds nine-digit runs by chance).
fn bevat_bsn(tekst: &str, bsns: &HashSet<String>) -> Option<String> {
    let b = tekst.as_bytes();
    let los = |i: Option<&u8>| i.is_none_or(|c| !c.is_ascii_alphanumeric());
    (0..b.len().saturating_sub(8))
        .filter(|&i| b[i] == b'9' && b[i..i + 9].iter().all(u8::is_ascii_digit))
        .filter(|&i| los(i.checked_sub(1).and_then(|j| b.get(j))) && los(b.get(i + 9)))
        .map(|i| tekst[i..i + 9].to_string())
        .find(|s| bsns.contains(s))
}

#[test]
fn een_bsn_wordt_als_los_getal_gevonden() {
    let bsns: HashSet<String> = ["900870017".to_string()].into();
    assert!(bevat_bsn("client;900870017;x", &bsns).is_some());
    assert!(bevat_bsn("<Bsn>900870017</Bsn>", &bsns).is_some());
    assert!(bevat_bsn("a1900870017b", &bsns).is_none());
    assert!(bevat_bsn("9008700170", &bsns).is_none());
}

/// No BSN in any file under `map`: Parquet tables read back (text and whole-number columns),
/// every other file as text.
fn geen_bsn_in_bestanden(map: &Path, bsns: &HashSet<String>) -> usize {
    let mut tabellen = 0;
    let mut stapel = vec![map.to_path_buf()];
    while let Some(d) = stapel.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stapel.push(p);
            } else if p.extension().is_some_and(|e| e == "parquet") {
                tabellen += 1;
                let df = ParquetReader::new(std::fs::File::open(&p).unwrap())
                    .finish()
                    .unwrap();
                for c in df.columns() {
                    if !matches!(
                        c.dtype(),
                        DataType::String | DataType::Int64 | DataType::UInt64
                    ) {
                        continue;
                    }
                    let s = c.cast(&DataType::String).unwrap();
                    for v in s.str().unwrap().iter().flatten() {
                        if let Some(b) = bevat_bsn(v, bsns) {
                            panic!("BSN {b} in {} kolom {}", p.display(), c.name());
                        }
                    }
                }
            } else {
                let t = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).to_string();
                if let Some(b) = bevat_bsn(&t, bsns) {
                    panic!("BSN {b} in {}", p.display());
                }
            }
        }
    }
    tabellen
}

#[test]
fn dezelfde_wereld_als_csv_en_als_ijw_berichten_geeft_dezelfde_indicatoren() {
    let map = tempfile::tempdir().unwrap();
    let (csv, ijw) = (map.path().join("csv"), map.path().join("ijw"));
    demo(&csv, "csv");
    demo(&ijw, "ijw");
    assert!(!ijw.join("trajecten").exists() && ijw.join("berichten").is_dir());
    // The provider register the messages need for names is part of the same world: offered
    // to both routes (the CSV rows name jeugdhulp providers themselves, not the GI's).
    std::fs::copy(ijw.join("aanbieders.csv"), csv.join("aanbieders.csv")).unwrap();

    // Without a key the messages are refused with a Dutch reason, and nothing is loaded.
    let zonder = tempfile::tempdir().unwrap();
    let uit = jeugdstuur()
        .args(["ingest", "--data"])
        .arg(zonder.path())
        .arg(ijw.join("berichten"))
        .env_remove("JEUGDSTUUR_BSN_SLEUTEL")
        .env_remove("JEUGDSTUUR_BSN_SLEUTEL_BESTAND")
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&uit.stdout);
    assert!(
        t.contains("geen sleutel voor het pseudonimiseren van BSN's"),
        "{t}"
    );
    assert!(t.contains("0 rijen gelezen"), "{t}");

    let (dc, di) = (map.path().join("data_csv"), map.path().join("data_ijw"));
    ingest(&dc, &csv, None);
    let log = ingest(&di, &ijw, Some(DEMO_SLEUTEL));
    // Every message is valid against its XSD and every assembled row loads.
    assert!(log.contains(" + 0 afgewezen"), "{log}");
    assert!(!log.contains("FOUT"), "{log}");

    let rc = releases(&dc).unwrap().pop().unwrap().id;
    let ri = releases(&di).unwrap().pop().unwrap().id;
    for tabel in ["indicatoren", "indicatoren_intern", "aanbieders_oe"] {
        let a = lees_tabel(&dc, &rc, tabel).unwrap();
        let b = lees_tabel(&di, &ri, tabel).unwrap();
        assert!(a.height() > 1000, "{tabel}: {} rijen", a.height());
        assert_eq!(a.get_column_names(), b.get_column_names(), "{tabel}");
        assert_eq!(a.height(), b.height(), "{tabel}");
        for c in a.columns() {
            let d = b.column(c.name()).unwrap();
            assert!(
                c.as_materialized_series()
                    .equals_missing(d.as_materialized_series()),
                "{tabel}.{} verschilt tussen CSV en iJw",
                c.name()
            );
        }
    }

    // No BSN in the log of the ingest, in any file of the data folder, or on a page.
    let bsns = bsns(&ijw);
    assert!(bsns.len() > 1000, "{} BSN's", bsns.len());
    assert_eq!(bevat_bsn(&log, &bsns), None);
    assert!(geen_bsn_in_bestanden(&di, &bsns) > 15);
    let s = server::start(&di);
    for pad in [
        "/",
        "/datakwaliteit",
        "/definities",
        "/indicator/jeugdhulp_gebruik",
        "/indicator/wachttijd",
        "/verblijf",
        "/download/overzicht.csv",
        "/download/afgewezen.csv",
        "/download/volledigheid.csv",
        "/download/wijzigingen.csv",
        "/download/gemeenten-jeugdhulp_gebruik.csv",
        "/api/openapi.json",
    ] {
        let (status, _, body) = server::get_bytes(&s.1, pad);
        assert_eq!(status, 200, "{pad}");
        let tekst = String::from_utf8_lossy(&body);
        assert_eq!(bevat_bsn(&tekst, &bsns), None, "{pad}");
    }
}

/// A gemeente that has only its message traffic uploads it through `/beheer/levering`: the
/// file picker offers `.xml` and `.zip`; without a BSN key the upload is refused with a Dutch
/// reason naming the setting and nothing is released; with the key the zip becomes the first
/// release, and no BSN of the messages reaches the page or the data folder.
#[test]
fn ijw_berichten_via_de_webupload() {
    let tmp = tempfile::tempdir().unwrap();
    let demo_map = tmp.path().join("demo");
    demo(&demo_map, "ijw");
    let naam = "berichten_GM0173.zip";
    let zip = std::fs::read(demo_map.join("berichten").join(naam)).unwrap();
    let bsns = bsns(&demo_map);
    assert!(!bsns.is_empty());

    // Without a key: refused, with the reason, and still no release.
    let data = tmp.path().join("zonder");
    let srv = server::start(&data);
    let a = srv.1.as_str();
    let (s, html) = server::get(a, "/beheer/levering");
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains(".xml,.zip"),
        "de bestandskiezer biedt iJw-berichten aan: {html}"
    );
    assert!(html.contains("iJw"), "{html}");
    let t = server::lever(a, &[(naam, &zip)]);
    assert_eq!(&t[9..12], "200", "{t}");
    assert!(t.contains("JEUGDSTUUR_BSN_SLEUTEL"), "{t}");
    assert!(!t.contains("Release r0001 gemaakt"), "{t}");
    assert!(bevat_bsn(&t, &bsns).is_none());
    let (_, html) = server::get(a, "/");
    assert!(html.contains("Nog geen gegevens"), "{html}");
    drop(srv);

    // With the deployment's key: the first release, from the messages.
    let data = tmp.path().join("met");
    let srv = server::start_met(&data, &[("JEUGDSTUUR_BSN_SLEUTEL", DEMO_SLEUTEL)]);
    let a = srv.1.as_str();
    let t = server::lever(a, &[(naam, &zip)]);
    assert_eq!(&t[9..12], "200", "{t}");
    assert!(t.contains("Release r0001 gemaakt"), "{t}");
    // One row per message type for the whole zip, not one per message.
    let rijen = t.matches("<th scope=\"row\">").count();
    assert!(
        (1..=10).contains(&rijen),
        "{rijen} rijen in het verslag: {t}"
    );
    assert!(
        t.contains("berichten_GM0173.zip ("),
        "het verslag noemt de zip: {t}"
    );
    assert!(t.contains("<td>JW301</td>"), "{t}");
    assert!(bevat_bsn(&t, &bsns).is_none(), "geen BSN op de pagina");
    let (s, html) = server::get(a, "/indicator/jeugdhulp_clienten?gemeente=GM0173");
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("Oldenzaal"), "{html}");
    drop(srv);
    assert!(geen_bsn_in_bestanden(&data, &bsns) > 0);
}
