//! Other output paths add no information to the published `indicatoren.csv`: for the
//! `gemeente` role, every number in `/api/indicatoren` and in table downloads (CSV) equals the
//! value of the same cell in the published `indicatoren.csv` of the same release, and a cell
//! hidden there is hidden here. So the intruder audit on `indicatoren.csv`
//! (`tests/inbreker/inbreker.py`, run in `scripts/test`) covers these paths as well.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Stdio;

use crate::server::{ingest_fixture, inloggen, start, vraag_als};
use crate::{getal, jeugdstuur, lees_indicatoren};

const WACHTWOORD: &str = "een-lang-testwachtwoord-inbreker";

/// Equal as published numbers: the same f64, or (CSV text) equal to 12 significant digits.
fn zelfde(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
        _ => false,
    }
}

const GETALKOLOMMEN: [&str; 5] = ["teller", "noemer", "waarde", "ci_laag", "ci_hoog"];

#[test]
fn api_and_downloads_for_a_gemeente_show_nothing_that_indicatoren_csv_hides() {
    let data = ingest_fixture();
    let uit = tempfile::tempdir().unwrap();
    let r = jeugdstuur()
        .args(["compute", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(uit.path())
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let csv =
        lees_indicatoren(&std::fs::read_to_string(uit.path().join("indicatoren.csv")).unwrap()).1;
    assert!(csv.values().any(|r| r["onderdrukt"] == "true"));

    // The server first: on a database without accounts it creates the demo administrator.
    let server = start(data.path());
    let a = &server.1;
    let mut kind = jeugdstuur()
        .args([
            "user",
            "add",
            "inbreker-gemeente",
            "--naam",
            "Gemeente Enschede (test)",
            "--rol",
            "gemeente",
            "--gemeente",
            "GM0153",
            "--wachtwoord-stdin",
            "--data",
        ])
        .arg(data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(kind.stdin.take().unwrap(), "{WACHTWOORD}").unwrap();
    assert!(kind.wait_with_output().unwrap().status.success());
    let login = inloggen(a, "inbreker-gemeente", WACHTWOORD).unwrap();

    // 1. The JSON API, several periods of every kind.
    let mut fouten = Vec::new();
    let (mut getoond, mut verborgen) = (0, 0);
    for periode in ["2024", "2023", "2024-H1", "2024-Q3", "2024-07", "2023-12"] {
        let (s, _, b) = vraag_als(
            a,
            Some(&login),
            "GET",
            &format!("/api/indicatoren?periode={periode}"),
            None,
        );
        assert_eq!(s, 200, "/api/indicatoren?periode={periode}");
        let rijen: Vec<serde_json::Value> = serde_json::from_slice(&b).unwrap();
        assert!(!rijen.is_empty(), "geen rijen voor {periode}");
        for w in rijen {
            let t = |n: &str| w[n].as_str().unwrap().to_string();
            let k = (
                t("indicator"),
                t("periode"),
                t("niveau"),
                t("code"),
                t("uitsplitsing"),
            );
            let Some(c) = csv.get(&k) else {
                fouten.push(format!(
                    "{k:?} staat in de API maar niet in indicatoren.csv"
                ));
                continue;
            };
            let verbergt = c["onderdrukt"] == "true";
            if verbergt {
                verborgen += 1;
                if w["onderdrukt"] != true {
                    fouten.push(format!("{k:?}: verborgen in de CSV, niet in de API"));
                }
            } else {
                getoond += 1;
            }
            for kol in GETALKOLOMMEN {
                let api = w[kol].as_f64();
                let cel = c.get(kol).and_then(|v| getal(v));
                if verbergt && api.is_some() {
                    fouten.push(format!("{k:?} {kol}: verborgen, maar de API toont {api:?}"));
                } else if !zelfde(api, cel) {
                    fouten.push(format!("{k:?} {kol}: API {api:?}, indicatoren.csv {cel:?}"));
                }
            }
        }
    }
    assert!(
        fouten.is_empty(),
        "{}",
        fouten[..fouten.len().min(20)].join("\n")
    );
    assert!(
        getoond >= 100 && verborgen >= 1,
        "te weinig vergeleken: {getoond} getoond, {verborgen} verborgen"
    );

    // 2. Table downloads (CSV) per gemeente for a few indicators and periods.
    let naar_code: BTreeMap<String, String> = csv
        .iter()
        .filter(|(k, _)| k.2 == "gemeente")
        .filter_map(|(k, r)| r.get("naam").map(|n| (n.clone(), k.3.clone())))
        .collect();
    let mut cellen = 0;
    for ind in [
        "crisis_start_aandeel",
        "trajectduur",
        "verblijf_uitstroom",
        "kosten",
        "volgens_plan_aandeel",
    ] {
        for periode in ["2024", "2024-Q3", "2024-07"] {
            let pad = format!("/download/gemeenten-{ind}.csv?periode={periode}");
            let (s, _, b) = vraag_als(a, Some(&login), "GET", &pad, None);
            assert_eq!(s, 200, "{pad}");
            let tekst = String::from_utf8(b).unwrap();
            let tekst = tekst.trim_start_matches('\u{feff}');
            let mut regels = tekst.lines();
            let kop: Vec<&str> = regels.next().unwrap().split(';').collect();
            let i = |label: &str| kop.iter().position(|k| *k == label).unwrap();
            let (iw, it, in_) = (i("Waarde"), i("Teller"), i("Noemer"));
            for r in regels {
                let v: Vec<&str> = r.split(';').map(|s| s.trim_matches('"')).collect();
                let (niveau, code) = if v[0].starts_with("Hele regio") {
                    ("regio".to_string(), "regio".to_string())
                } else {
                    let code = naar_code
                        .get(v[0])
                        .unwrap_or_else(|| panic!("{pad}: onbekende gemeente {:?}", v[0]));
                    ("gemeente".to_string(), code.clone())
                };
                let k = (
                    ind.to_string(),
                    periode.to_string(),
                    niveau,
                    code,
                    "totaal".to_string(),
                );
                let c = csv.get(&k);
                let verbergt = c.is_none_or(|c| c["onderdrukt"] == "true");
                for (kol, j) in [("waarde", iw), ("teller", it), ("noemer", in_)] {
                    let d = getal(v[j]);
                    if d.is_none() {
                        continue;
                    }
                    cellen += 1;
                    let cel = c.and_then(|c| c.get(kol)).and_then(|v| getal(v));
                    if verbergt {
                        fouten.push(format!("{pad} {k:?} {kol}: verborgen, toont {d:?}"));
                    } else if !zelfde(d, cel) {
                        fouten.push(format!("{pad} {k:?} {kol}: {d:?}, indicatoren.csv {cel:?}"));
                    }
                }
            }
        }
    }
    assert!(
        fouten.is_empty(),
        "{}",
        fouten[..fouten.len().min(20)].join("\n")
    );
    assert!(
        cellen >= 30,
        "maar {cellen} getallen in de downloads vergeleken"
    );
}
