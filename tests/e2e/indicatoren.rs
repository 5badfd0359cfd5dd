//! The indicator engine against an independent implementation of INDICATORS.md (pure
//! Python, `tests/onafhankelijk/indicatoren.py`, written from the definitions, not from our
//! code), the output contract: columns, suppression, Dutch CSV, and the stored provider
//! comparison (`aanbieders_oe`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::{getal, jeugdstuur, lees_indicatoren, repo};

fn lees(
    pad: &Path,
) -> (
    Vec<String>,
    std::collections::BTreeMap<crate::Sleutel, std::collections::BTreeMap<String, String>>,
) {
    lees_indicatoren(&std::fs::read_to_string(pad).unwrap())
}

fn compute(uit: &Path, extra: &[&str]) {
    let r = jeugdstuur()
        .args(["compute", "--input"])
        .arg(repo().join("fixtures/twente"))
        .arg("--out")
        .arg(uit)
        .args(extra)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn agrees_with_the_independent_implementation_on_every_regio_and_gemeente_value() {
    let dir = tempfile::tempdir().unwrap();
    compute(dir.path(), &["--zonder-onderdrukking"]);
    let (_, ons) = lees(&dir.path().join("indicatoren.csv"));

    let perioden =
        "2019,2020,2021,2022,2023,2024,2025,2024-H1,2024-H2,2023-Q3,2025-Q2,2024-07,2025-12";
    let py = dir.path().join("python.csv");
    let st = Command::new("python3")
        .arg(repo().join("tests/onafhankelijk/indicatoren.py"))
        .arg(repo().join("fixtures/twente"))
        .args(["--perioden", perioden, "--csv"])
        .arg(&py)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let (_, hun) = lees(&py);

    // Where the two name the same figure differently.
    let vertaal = |i: &str, u: &str| -> (String, String) {
        match (i, u) {
            ("kosten", "groei_pct") => ("kosten_groei".into(), "totaal".into()),
            ("kosten", "per_client") => ("kosten_per_client".into(), "totaal".into()),
            ("jeugdreclassering_aandeel", "basis_bevolking_12_22") => {
                (i.into(), "cbs_basis".into())
            }
            _ => (i.into(), u.into()),
        }
    };
    let mut vergeleken = 0;
    // The verblijf flows per segment (episodes per segment) are compared too.
    let mut vergeleken_segment = 0;
    let mut verschillen = Vec::new();
    for ((i, p, n, c, u), rij) in &hun {
        if n != "regio" && n != "gemeente" {
            continue;
        }
        let (i2, u2) = vertaal(i, u);
        let Some(w_py) = getal(&rij["waarde"]) else {
            continue;
        };
        let k = (i2.clone(), p.clone(), n.clone(), c.clone(), u2.clone());
        match ons.get(&k).and_then(|r| getal(&r["waarde"])) {
            Some(w) if (w - w_py).abs() <= 1e-6 * w_py.abs().max(1.0) => {
                vergeleken += 1;
                if i2.starts_with("verblijf_") && u2.starts_with("segment_") {
                    vergeleken_segment += 1;
                }
            }
            Some(w) => verschillen.push(format!("{k:?}: wij {w}, onafhankelijk {w_py}")),
            // A zero count is a row we do not emit; the independent script may.
            None if w_py == 0.0 => {}
            // Our documented choice (catalogue, kosten_groei): a month without any declaration
            // yet has no cost figure rather than a growth of −100%.
            None if i2 == "kosten_groei" && w_py == -100.0 => {}
            None => verschillen.push(format!("{k:?}: ontbreekt bij ons (onafhankelijk {w_py})")),
        }
    }
    assert!(
        verschillen.is_empty(),
        "{} van {} waarden verschillen:\n{}",
        verschillen.len(),
        vergeleken + verschillen.len(),
        verschillen
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(vergeleken > 3000, "maar {vergeleken} waarden vergeleken");
    assert!(
        vergeleken_segment > 300,
        "maar {vergeleken_segment} verblijfswaarden per segment vergeleken"
    );
}

#[test]
fn published_csv_follows_the_contract_and_hides_small_numbers() {
    let dir = tempfile::tempdir().unwrap();
    compute(dir.path(), &[]);
    let bytes = std::fs::read(dir.path().join("indicatoren.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "Excel verwacht een BOM");
    let (kop, rijen) = lees(&dir.path().join("indicatoren.csv"));
    for k in [
        "indicator",
        "periode",
        "niveau",
        "code",
        "naam",
        "uitsplitsing",
        "teller",
        "noemer",
        "waarde",
        "ci_laag",
        "ci_hoog",
        "landelijk",
        "streefwaarde",
        "status",
        "onderdrukt",
        "voorlopig",
    ] {
        assert!(kop.contains(&k.to_string()), "kolom {k} ontbreekt");
    }
    let mut onderdrukt = 0;
    for (k, r) in &rijen {
        // Growth is no part of a whole: it must not get a Wilson interval.
        if k.0 == "kosten_groei" {
            assert!(r["ci_laag"].is_empty(), "{k:?} heeft een interval");
        }
        let t = getal(&r["teller"]);
        let n = getal(&r["noemer"]);
        if r["onderdrukt"] == "true" {
            onderdrukt += 1;
            assert!(
                r["waarde"].is_empty() && r["teller"].is_empty(),
                "{k:?} lekt"
            );
        } else if r["eenheid"] == "euro" || k.0 == "kosten_groei" || r["eenheid"] == "dagen" {
            // Amounts, growth and days: judged by the (unpublished) number of clients or
            // trajecten behind them, never by the size or sign of the teller.
            assert!(n.is_none_or(|n| n >= 10.0), "{k:?}: noemer {n:?} zichtbaar");
        } else {
            assert!(t.is_none_or(|t| t >= 10.0), "{k:?}: teller {t:?} zichtbaar");
            assert!(n.is_none_or(|n| n >= 10.0), "{k:?}: noemer {n:?} zichtbaar");
        }
    }
    assert!(
        onderdrukt > 100,
        "{onderdrukt} onderdrukt: de fixture heeft kleine gemeenten"
    );
    // Values with a decimal comma, and no pseudonym anywhere.
    let tekst = String::from_utf8_lossy(&bytes);
    assert!(tekst.contains(",") && !tekst.contains(";P0") && !tekst.contains("client_id"));
    let regio = &rijen[&(
        "jeugdhulp_gebruik".to_string(),
        "2024".to_string(),
        "regio".to_string(),
        "regio".to_string(),
        "totaal".to_string(),
    )];
    assert_eq!(regio["naam"], "Twente");
    assert!(getal(&regio["landelijk"]).is_some_and(|l| (l - 13.9).abs() < 1e-9));
    let (lo, w, hi) = (
        getal(&regio["ci_laag"]).unwrap(),
        getal(&regio["waarde"]).unwrap(),
        getal(&regio["ci_hoog"]).unwrap(),
    );
    assert!(lo < w && w < hi, "{lo} {w} {hi}");
}

/// A release of the fixture holds the case-mix adjusted provider comparison: one row per
/// provider row of the compared indicators, with the stored aanbieder noemer and teller as
/// n and O, suppressed exactly where the indicator table is.
#[test]
fn release_holds_the_provider_oe_table_with_the_stored_noemer() {
    use pipeline::indicatoren::uitvoer::{lees_oe, lees_waarden};
    let data = tempfile::tempdir().unwrap();
    let r = jeugdstuur()
        .arg("ingest")
        .arg("--data")
        .arg(data.path())
        .arg(repo().join("fixtures/twente"))
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let m = pipeline::releases(data.path()).unwrap().pop().unwrap();
    assert!(
        pipeline::release::tabelpad(data.path(), &m.id, "aanbieders_oe").exists(),
        "aanbieders_oe.parquet ontbreekt"
    );
    let oe = lees_oe(data.path(), &m.id).unwrap();
    assert_eq!(m.tabellen["aanbieders_oe"], oe.len() as u64);
    let df = pipeline::lees_tabel(data.path(), &m.id, "aanbieders_oe").unwrap();
    let namen: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    assert_eq!(
        namen,
        [
            "indicator",
            "periode",
            "aanbieder",
            "noemer",
            "waargenomen",
            "verwacht",
            "oe",
            "onderdrukt"
        ]
    );

    let vergeleken = [
        "crisis_start_aandeel",
        "volgens_plan_aandeel",
        "herhaald_beroep_aandeel",
        "wachttijd_binnen_6_weken",
        "trajectduur",
    ];
    let waarden: BTreeMap<(String, String, String), _> = lees_waarden(data.path(), &m.id)
        .unwrap()
        .into_iter()
        .filter(|w| {
            w.niveau == pipeline::indicatoren::Niveau::Aanbieder
                && w.uitsplitsing == "totaal"
                && vergeleken.contains(&w.indicator.as_str())
        })
        .map(|w| ((w.indicator.clone(), w.periode.clone(), w.code.clone()), w))
        .collect();
    assert_eq!(oe.len(), waarden.len());
    let mut getoond = BTreeMap::<String, usize>::new();
    for o in &oe {
        let w = &waarden[&(o.indicator.clone(), o.periode.clone(), o.aanbieder.clone())];
        assert_eq!(o.noemer, w.noemer, "{o:?}");
        assert_eq!(o.waargenomen, w.teller, "{o:?}");
        assert_eq!(o.onderdrukt, w.onderdrukt, "{o:?}");
        if o.onderdrukt {
            assert!(o.verwacht.is_none() && o.oe.is_none(), "{o:?} lekt");
        } else {
            let (n, e, q) = (o.noemer.unwrap(), o.verwacht.unwrap(), o.oe.unwrap());
            assert!(n >= 10.0 && e > 0.0 && q >= 0.0, "{o:?}");
            assert!((q - o.waargenomen.unwrap() / e).abs() < 1e-12 * q.max(1.0));
            *getoond.entry(o.indicator.clone()).or_default() += 1;
        }
    }
    // The fixture's larger providers are shown for the shares and the mean alike.
    for i in [
        "crisis_start_aandeel",
        "volgens_plan_aandeel",
        "trajectduur",
    ] {
        assert!(
            getoond.get(i).copied().unwrap_or(0) >= 20,
            "{i}: {getoond:?}"
        );
    }
}
