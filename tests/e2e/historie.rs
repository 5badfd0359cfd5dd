//! Issue 17: a first delivery with history, and product codes the region knows only by
//! their iJw category.
//!
//! - `tests/onafhankelijk/historie/`: a hand-made set whose first delivery is 2023-06 while
//!   its trajecten start in 2021 (expected values computed by hand below).
//! - `tests/onafhankelijk/genereer_historie.py`: a generated set (first delivery 2023-06,
//!   care from 2019, a third of the codes unknown to the region), on which our
//!   `compute --zonder-onderdrukking` must agree with the independent Python implementation
//!   on every regio and gemeente value of every year.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Sleutel, getal, jeugdstuur, lees_indicatoren_bestand as lees, repo};

fn k(i: &str, p: &str, n: &str, c: &str, u: &str) -> Sleutel {
    (i.into(), p.into(), n.into(), c.into(), u.into())
}

/// Ours, unsuppressed, and the printed summary of the ingest.
fn compute(invoer: &Path, uit: &Path) -> (BTreeMap<Sleutel, BTreeMap<String, String>>, String) {
    let r = jeugdstuur()
        .args(["compute", "--input"])
        .arg(invoer)
        .arg("--out")
        .arg(uit)
        .arg("--zonder-onderdrukking")
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (
        lees(&uit.join("indicatoren.csv")),
        String::from_utf8_lossy(&r.stdout).into_owned(),
    )
}

/// The independent implementation over every year from the first month with care.
fn onafhankelijk(invoer: &Path, uit: &Path) -> BTreeMap<Sleutel, BTreeMap<String, String>> {
    let py = uit.join("python.csv");
    let st = Command::new("python3")
        .arg(repo().join("tests/onafhankelijk/indicatoren.py"))
        .arg(invoer)
        .args(["--alle-jaren", "--regio"])
        .arg(repo().join("pipelines/regio/twente.toml"))
        .arg("--csv")
        .arg(&py)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    lees(&py)
}

/// Every regio and gemeente value of the independent implementation against ours; returns
/// the number compared per core indicator.
fn vergelijk(
    ons: &BTreeMap<Sleutel, BTreeMap<String, String>>,
    hun: &BTreeMap<Sleutel, BTreeMap<String, String>>,
) -> BTreeMap<String, usize> {
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
    let mut telling: BTreeMap<String, usize> = BTreeMap::new();
    let mut verschillen = Vec::new();
    let mut vergelijk_een = |sleutel: Sleutel, w_py: f64| {
        let w = ons.get(&sleutel).and_then(|r| getal(&r["waarde"]));
        match w {
            Some(w) if (w - w_py).abs() <= 1e-6 * w_py.abs().max(1.0) => {
                *telling.entry(sleutel.0.clone()).or_default() += 1;
            }
            Some(w) => verschillen.push(format!("{sleutel:?}: wij {w}, onafhankelijk {w_py}")),
            None if w_py == 0.0 => {}
            None if sleutel.0 == "kosten_groei" && w_py == -100.0 => {}
            None => verschillen.push(format!("{sleutel:?}: ontbreekt bij ons ({w_py})")),
        }
    };
    for ((i, p, n, c, u), rij) in hun {
        if n != "regio" && n != "gemeente" {
            continue;
        }
        let (i2, u2) = vertaal(i, u);
        let Some(w_py) = getal(&rij["waarde"]) else {
            continue;
        };
        // crisis_instroom is the teller of crisis_start_aandeel (started crisis trajecten).
        if i == "crisis_start_aandeel" && u == "totaal" {
            let t = getal(&rij["teller"]).unwrap();
            vergelijk_een(k("crisis_instroom", p, n, c, "totaal"), t);
        }
        vergelijk_een((i2, p.clone(), n.clone(), c.clone(), u2), w_py);
    }
    assert!(
        verschillen.is_empty(),
        "{} waarden verschillen:\n{}",
        verschillen.len(),
        verschillen
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    telling
}

fn hand() -> PathBuf {
    repo().join("tests/onafhankelijk/historie")
}

#[test]
fn a_first_delivery_with_history_gives_figures_for_every_year_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ons, uitvoer) = compute(&hand(), dir.path());
    let w = |i: &str, p: &str, n: &str, c: &str, u: &str| -> Option<f64> {
        ons.get(&k(i, p, n, c, u)).and_then(|r| getal(&r["waarde"]))
    };
    let hist = |i: &str, p: &str, u: &str| -> String {
        ons[&k(i, p, "regio", "regio", u)]["historie_onvolledig"].clone()
    };
    // The first delivery is 2023-06; care starts 2021-02 (H1). Rejected: A3 (category 50,
    // unknown code 50X01, no hulpvorm delivered and none from the category).
    //
    // jeugdhulp_gebruik (0-17, all born 01-05-2010; 100 residents 0-17 per gemeente):
    //   2021: a1 (H1), a2 (H2), b1 (A1), b2 (A2) = 4 / 200 = 2%
    //   2022: a2 (H2 to 30-04), a3 (H3), a4 (H4), b1 (A4), b2 (A2) = 5 / 200 = 2,5%
    //         Hengelo a2 a3 a4 = 3%, Almelo b1 b2 = 2%
    assert_eq!(
        w("jeugdhulp_gebruik", "2021", "regio", "regio", "totaal"),
        Some(2.0)
    );
    assert_eq!(
        w("jeugdhulp_gebruik", "2022", "regio", "regio", "totaal"),
        Some(2.5)
    );
    assert_eq!(
        w("jeugdhulp_gebruik", "2022", "gemeente", "GM0164", "totaal"),
        Some(3.0)
    );
    assert_eq!(
        w("jeugdhulp_gebruik", "2022", "gemeente", "GM0141", "totaal"),
        Some(2.0)
    );
    // crisis_start_aandeel: 2021 starts H1 N, H2 N (44B01: category 44 is no crisis), A1 N,
    //   A2 J = 1/4 = 25%; 2022: H3 J, H4 J (46C03 crisis), A4 N = 2/3.
    assert_eq!(
        w("crisis_start_aandeel", "2021", "regio", "regio", "totaal"),
        Some(25.0)
    );
    let c22 = w("crisis_start_aandeel", "2022", "regio", "regio", "totaal").unwrap();
    assert!((c22 - 200.0 / 3.0).abs() < 1e-9, "{c22}");
    assert_eq!(
        w("crisis_instroom", "2022", "regio", "regio", "totaal"),
        Some(2.0)
    );
    // H3 (45Z99, unknown code, category 45 → hulpvorm 02) counts in zonder_verblijf.
    assert_eq!(
        w(
            "crisis_start_aandeel",
            "2022",
            "gemeente",
            "GM0164",
            "zonder_verblijf"
        ),
        Some(100.0)
    );
    // trajectduur (einde − start in days of ended trajecten):
    //   2021: H1 01-02..31-08 = 211, A1 01-06..31-12 = 213 → 424 / 2 = 212
    //   2022: H2 01-05-2021..30-04-2022 = 364, H3 01-03..30-06 = 121, H4 01-09..30-09 = 29,
    //         A4 10-01..10-02 = 31 → 545 / 4 = 136,25
    //   segment onbekend 2022: H2 364, H3 121, A4 31 → 516 / 3 = 172
    assert_eq!(
        w("trajectduur", "2021", "regio", "regio", "totaal"),
        Some(212.0)
    );
    assert_eq!(
        w("trajectduur", "2022", "regio", "regio", "totaal"),
        Some(136.25)
    );
    assert_eq!(
        w("trajectduur", "2022", "regio", "regio", "segment_onbekend"),
        Some(172.0)
    );
    // kosten: 2021 H1 1000 + H2 500 + A1 800 = 2300; 2022 H2 700 + H4 300 + A2 600 = 1600,
    //   of which segment onbekend (H2, A2) 1300.
    assert_eq!(
        w("kosten", "2021", "regio", "regio", "totaal"),
        Some(2300.0)
    );
    assert_eq!(
        w("kosten", "2022", "regio", "regio", "totaal"),
        Some(1600.0)
    );
    assert_eq!(
        w("kosten", "2022", "regio", "regio", "segment_onbekend"),
        Some(1300.0)
    );
    // Veilig Thuis 2021: m1 in Hengelo; 2 × 1000 residents → 1 / 2000 × 100.000 = 50.
    assert_eq!(
        w("vt_meldingen_per_100k", "2021", "regio", "regio", "totaal"),
        Some(50.0)
    );
    // No year before the data: 2020 has no figure.
    assert!(!ons.keys().any(|k| k.1 == "2020"));
    // The marker. Window start: the later of the first care (H1, 2021-02) and the first end
    // (H1, 31-08-2021) = 2021-08; Veilig Thuis: first melding 2021-03, first closed casus
    // 2021-06 = 2021-06.
    assert_eq!(hist("jeugdhulp_gebruik", "2021", "totaal"), "true"); // 2021 starts before it
    assert_eq!(hist("jeugdhulp_gebruik", "2022", "totaal"), "false");
    assert_eq!(hist("trajectduur", "2022", "totaal"), "true"); // ends before 2023-08-01
    assert_eq!(hist("trajectduur", "2023", "totaal"), "false");
    assert_eq!(hist("herhaald_beroep_aandeel", "2022", "totaal"), "true"); // < 2022-08-01
    assert_eq!(hist("herhaald_beroep_aandeel", "2023", "totaal"), "false");
    assert_eq!(hist("vt_meldingen_per_100k", "2021", "totaal"), "true");
    assert_eq!(hist("vt_meldingen_per_100k", "2022", "totaal"), "false");
    assert_eq!(hist("kosten", "2022", "totaal"), "false");
    // The ingest summary warns about the unknown codes, with counts per gemeente (rows
    // read in this run: H2, H6 twice (both deliveries) in Hengelo, A4 in Almelo).
    assert!(
        uitvoer.contains("WAARSCHUWING")
            && uitvoer.contains("4 × productcode 44B01 (categorie 44): GM0141 1, GM0164 3")
            && uitvoer.contains("2 × productcode 45Z99 (categorie 45): GM0141 1, GM0164 1"),
        "{uitvoer}"
    );
    // ... and the independent implementation agrees on every regio and gemeente value.
    let hun = onafhankelijk(&hand(), dir.path());
    let telling = vergelijk(&ons, &hun);
    for i in [
        "jeugdhulp_gebruik",
        "crisis_start_aandeel",
        "trajectduur",
        "kosten",
    ] {
        assert!(
            telling.get(i).copied().unwrap_or(0) >= 8,
            "{i}: {telling:?}"
        );
    }
}

#[test]
fn history_months_and_unknown_codes_are_stored_in_the_release() {
    use pipeline::release::{lees_tabel, releases};
    let dir = tempfile::tempdir().unwrap();
    let uit = jeugdstuur()
        .arg("ingest")
        .arg("--data")
        .arg(dir.path())
        .arg(hand())
        .output()
        .unwrap();
    let tekst = String::from_utf8_lossy(&uit.stdout);
    assert!(uit.status.success(), "{tekst}");
    // Rows in = loaded + rejected: 14 trajecten rows read, 13 loaded (the warned ones too),
    // A3 rejected for its hulpvorm.
    assert!(tekst.contains("trajecten.hulpvorm"), "{tekst}");
    let m = releases(dir.path()).unwrap().pop().unwrap();
    let trajecten: (u64, u64, u64) = m
        .bestanden
        .iter()
        .filter(|b| b.tabel.as_deref() == Some("trajecten"))
        .fold((0, 0, 0), |a, b| {
            (
                a.0 + b.rijen_gelezen,
                a.1 + b.rijen_geladen,
                a.2 + b.rijen_afgewezen,
            )
        });
    assert_eq!(trajecten, (14, 13, 1));
    // Warnings of the current state: one row per toewijzing.
    let w = lees_tabel(dir.path(), &m.id, "waarschuwingen").unwrap();
    let col = |n: &str| -> Vec<String> {
        w.column(n)
            .unwrap()
            .cast(&polars::prelude::DataType::String)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|x| x.unwrap_or_default().to_string())
            .collect()
    };
    let rijen: Vec<(String, String, String)> = col("gemeente")
        .into_iter()
        .zip(col("productcode"))
        .zip(col("rijen"))
        .map(|((a, b), c)| (a, b, c))
        .collect();
    assert_eq!(
        rijen,
        vec![
            ("GM0141".into(), "44B01".into(), "1".into()),
            ("GM0141".into(), "45Z99".into(), "1".into()),
            ("GM0164".into(), "44B01".into(), "2".into()),
            ("GM0164".into(), "45Z99".into(), "1".into()),
        ]
    );
    // Completeness: months before the first delivery came from it.
    let v = lees_tabel(dir.path(), &m.id, "volledigheid").unwrap();
    let s = |n: &str| -> Vec<Option<String>> {
        v.column(n)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|x| x.map(str::to_string))
            .collect()
    };
    let (gem, maand, status, opm) = (s("gemeente"), s("maand"), s("status"), s("opmerking"));
    let vind = |g: &str, mnd: &str| {
        (0..v.height())
            .find(|&i| gem[i].as_deref() == Some(g) && maand[i].as_deref() == Some(mnd))
            .unwrap_or_else(|| panic!("{g} {mnd}"))
    };
    let i = vind("GM0164", "2021-02");
    assert_eq!(status[i].as_deref(), Some("uit historie"));
    assert_eq!(opm[i].as_deref(), Some("uit historie van levering 2023-06"));
    // Almelo's history starts 2021-06 (A1): before that nothing reaches back.
    assert_eq!(
        status[vind("GM0141", "2021-05")].as_deref(),
        Some("voor de gegevens")
    );
    assert_eq!(
        status[vind("GM0141", "2023-06")].as_deref(),
        Some("geleverd")
    );
    // The series begins at the first month with care, not at the first delivery.
    assert!(maand.iter().flatten().min().map(String::as_str) == Some("2021-02"));
}

#[test]
fn generated_history_agrees_with_the_independent_implementation_every_year() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let st = Command::new("python3")
        .arg(repo().join("tests/onafhankelijk/genereer_historie.py"))
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let (ons, uitvoer) = compute(&data, dir.path());
    assert!(uitvoer.contains("productcode 44B01"), "{uitvoer}");
    let hun = onafhankelijk(&data, dir.path());
    let jaren: std::collections::BTreeSet<&str> = hun.keys().map(|k| k.1.as_str()).collect();
    assert_eq!(
        jaren.into_iter().collect::<Vec<_>>(),
        ["2019", "2020", "2021", "2022", "2023", "2024"]
    );
    let telling = vergelijk(&ons, &hun);
    // Core indicators: regio + 3 gemeenten × 6 years each, at least.
    for i in [
        "crisis_start_aandeel",
        "crisis_instroom",
        "trajectduur",
        "jeugdhulp_gebruik",
        "kosten",
        "vt_meldingen_per_100k",
    ] {
        assert!(
            telling.get(i).copied().unwrap_or(0) >= 20,
            "{i}: {telling:?}"
        );
    }
}
