//! `/sturing` on the fixture release (issue 22, item 1): the target paths per segment, the
//! gap to the path in euros and clients, the saving the path implies and each gemeente's
//! share, hand-computed from the stored values of `fixtures/twente` (release r0001).
//!
//! Stored values used (indicatoren.csv of the fixture, regio, 2024 = base year, 2025):
//! - kosten segment_wonen_verblijf: 2024 7 899 250,63; path −5%/year, so
//!   path 2025 = 7 899 250,63 × 0,95 = 7 504 288,0985; realised 2025 8 240 821,93.
//!   Saving the path implies: 7 899 250,63 − 7 504 288,0985 = 394 962,5315.
//!   Gap 2025: 8 240 821,93 − 7 504 288,0985 = 736 533,8315 (above the path: afwijkend).
//! - kosten segment_ambulant: 2024 13 606 890,39; −2,5%: path 2025 = 13 266 718,13025;
//!   saving 13 606 890,39 × 0,025 = 340 172,25975; realised 12 779 638,73,
//!   gap −487 079,40025 (below the path: op koers).
//! - gross: wonen+verblijf once (not verblijf + wonen too) + ambulant
//!   = 394 962,5315 + 340 172,25975 = 735 134,79125 (the plan's 6,1 + 3,3 = 9,4 mln rule).
//! - jeugdhulp_clienten segment_verblijf: 2024 47, path 2025 = 47 × 0,9 = 42,3; realised 56:
//!   13,7 clients above the path.
//! - kosten segment_wonen_verblijf of Almelo (GM0141): 2024 971 611,26; its share of the
//!   path in 2025 = 971 611,26 × 0,95 = 923 030,697; realised 944 633,05, gap 21 602,353.

use crate::server::{self, get, ingest_fixture};

fn csv_rij<'a>(csv: &'a str, eerste: &str) -> Vec<&'a str> {
    csv.trim_start_matches('\u{feff}')
        .lines()
        .find(|r| r.split(';').next() == Some(eerste))
        .unwrap_or_else(|| panic!("geen rij {eerste} in {csv}"))
        .split(';')
        .collect()
}

fn getal(s: &str) -> f64 {
    s.replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("geen getal: {s:?}"))
}

fn dicht_bij(a: f64, b: f64) {
    assert!((a - b).abs() < 0.01, "{a} ≠ {b}");
}

#[test]
fn sturing_shows_paths_gaps_and_savings_per_segment() {
    let data = ingest_fixture();
    let srv = server::start(data.path());
    let a = srv.1.as_str();

    let (s, html) = get(a, "/sturing?soort=jaar&periode=2025");
    assert_eq!(s, 200, "{html}");
    for tekst in [
        "Sturing per segment",
        "Wonen en verblijf samen",
        "Ambulant",
        "Verblijf",
        "Crisis",
        "€ 394.963",
        "€ 340.172",
        "€ 735.135",
        "✗ afwijkend",
        "✓ op koers",
        "aria-current=\"page\">Sturing",
        "href=\"/download/sturing-besparing.csv",
        "#kop-duidingen",
    ] {
        assert!(html.contains(tekst), "{tekst} ontbreekt");
    }
    assert!(
        html.matches("role=\"img\"").count() >= 5,
        "een grafiek per segment"
    );

    let (s, csv) = get(a, "/download/sturing-besparing.csv?soort=jaar&periode=2025");
    assert_eq!(s, 200, "{csv}");
    let wv = csv_rij(&csv, "Wonen en verblijf samen");
    // Segment; verandering; basisjaar; pad 2024; pad 2025; besparing/jaar; besparing 2025;
    // gerealiseerd 2025; verschil euro; verschil cliënten; status
    dicht_bij(getal(wv[1]), -5.0);
    dicht_bij(getal(wv[3]), 7_899_250.63);
    dicht_bij(getal(wv[4]), 7_504_288.098_5);
    dicht_bij(getal(wv[5]), 394_962.531_5);
    dicht_bij(getal(wv[6]), 394_962.531_5);
    dicht_bij(getal(wv[7]), 8_240_821.93);
    dicht_bij(getal(wv[8]), 736_533.831_5);
    assert_eq!(wv[10], "✗ afwijkend");
    let amb = csv_rij(&csv, "Ambulant");
    dicht_bij(getal(amb[5]), 340_172.259_75);
    dicht_bij(getal(amb[8]), -487_079.400_25);
    assert_eq!(amb[10], "✓ op koers");
    let verblijf = csv_rij(&csv, "Verblijf");
    dicht_bij(getal(verblijf[9]), 13.7);
    let bruto = csv_rij(&csv, "Bruto totaal (wonen en verblijf samen + ambulant)");
    dicht_bij(getal(bruto[5]), 735_134.791_25);

    let (s, csv) = get(
        a,
        "/download/sturing-wonen_verblijf-gemeenten.csv?soort=jaar&periode=2025",
    );
    assert_eq!(s, 200, "{csv}");
    let almelo = csv_rij(&csv, "Almelo");
    dicht_bij(getal(almelo[1]), 971_611.26);
    dicht_bij(getal(almelo[2]), 923_030.697);
    dicht_bij(getal(almelo[3]), 944_633.05);
    dicht_bij(getal(almelo[4]), 21_602.353);
    // Borne's segment costs are hidden by the suppression step: no share, no gap.
    let borne = csv_rij(&csv, "Borne");
    assert!(borne[1..].iter().all(|c| c.is_empty()), "{borne:?}");

    // Every table of the page downloads, also as Excel.
    let (s, xlsx_kop, _) = server::get_bytes(a, "/download/sturing-ambulant-kosten.xlsx");
    assert_eq!(s, 200, "{xlsx_kop}");
    // The overview points to it.
    let (_, overzicht) = get(a, "/");
    assert!(overzicht.contains("href=\"/sturing\""));
}
