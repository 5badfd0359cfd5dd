//! The nowcast of provisional months on the fixture release (issue 23 item 1): stored at ingest,
//! only for published provisional values (never a hidden one), shown on `/vooruitblik` and in
//! its download as a forecast, and in the monthly trend table of `/indicator/kosten`; the
//! method page carries the measured accuracy. And the backtest command on the small world.

use std::collections::HashMap;

use polars::prelude::*;

use crate::server::{self, Login, get, ingest_fixture, inloggen, vraag_als};
use crate::toegang::{WACHTWOORD, gebruiker_toevoegen};

fn tabel(data: &std::path::Path, naam: &str) -> DataFrame {
    let f = std::fs::File::open(data.join(format!("releases/r0001/{naam}.parquet"))).unwrap();
    ParquetReader::new(f).finish().unwrap()
}

fn tekst(df: &DataFrame, n: &str) -> Vec<String> {
    df.column(n)
        .unwrap()
        .cast(&DataType::String)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|x| x.unwrap_or_default().to_string())
        .collect()
}

fn getal(df: &DataFrame, n: &str) -> Vec<Option<f64>> {
    df.column(n)
        .unwrap()
        .cast(&DataType::Float64)
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect()
}

fn janee(df: &DataFrame, n: &str) -> Vec<bool> {
    df.column(n)
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .map(|x| x.unwrap_or(false))
        .collect()
}

fn csv_rijen(csv: &str) -> Vec<Vec<String>> {
    csv.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|r| r.split(';').map(str::to_string).collect())
        .collect()
}

fn als(a: &str, l: &Login, pad: &str) -> (u16, String) {
    let (s, _, b) = vraag_als(a, Some(l), "GET", pad, None);
    (s, String::from_utf8_lossy(&b).to_string())
}

/// Dutch number text ("1.234,5", "€ 1.234") to a number.
fn nl(s: &str) -> f64 {
    s.trim()
        .trim_start_matches("€ ")
        .replace('.', "")
        .replace(',', ".")
        .replace('−', "-")
        .parse()
        .unwrap_or_else(|_| panic!("geen getal: {s}"))
}

#[test]
fn nowcasts_only_for_published_provisional_values_on_page_download_and_trend() {
    let data = ingest_fixture();
    let n = tabel(data.path(), "nowcast");
    assert!(
        n.height() > 0,
        "de fixture heeft voorlopige maanden met genoeg historie"
    );
    let (gr, ind, niv, code, per) = (
        tekst(&n, "grootheid"),
        tekst(&n, "indicator"),
        tekst(&n, "niveau"),
        tekst(&n, "code"),
        tekst(&n, "periode"),
    );
    let (waar, verw, lo, hi, factor) = (
        getal(&n, "waargenomen"),
        getal(&n, "verwacht"),
        getal(&n, "ondergrens"),
        getal(&n, "bovengrens"),
        getal(&n, "factor"),
    );

    // The published table: (indicator, niveau, code, periode) of the total → (waarde, noemer,
    // hidden, provisional).
    let p = tabel(data.path(), "indicatoren");
    let (pi, pn, pc, pp, pu) = (
        tekst(&p, "indicator"),
        tekst(&p, "niveau"),
        tekst(&p, "code"),
        tekst(&p, "periode"),
        tekst(&p, "uitsplitsing"),
    );
    let (pw, pno) = (getal(&p, "waarde"), getal(&p, "noemer"));
    let (ond, voorl) = (janee(&p, "onderdrukt"), janee(&p, "voorlopig"));
    let mut gepubliceerd = HashMap::new();
    for i in 0..p.height() {
        if pu[i] == "totaal" {
            gepubliceerd.insert(
                (pi[i].clone(), pn[i].clone(), pc[i].clone(), pp[i].clone()),
                (pw[i], pno[i], ond[i], voorl[i]),
            );
        }
    }
    let mut kosten = 0;
    for i in 0..n.height() {
        let sleutel = (
            ind[i].clone(),
            niv[i].clone(),
            code[i].clone(),
            per[i].clone(),
        );
        let (w, noemer, verborgen, voorlopig) = gepubliceerd[&sleutel];
        assert!(
            voorlopig && !verborgen,
            "{sleutel:?}: alleen gepubliceerde voorlopige waarden"
        );
        // The nowcast starts from the published value: the costs' value, the starts' noemer.
        let basis = if gr[i] == "kosten" { w } else { noemer };
        assert_eq!(basis, waar[i], "{sleutel:?}");
        let (x, f) = (waar[i].unwrap(), factor[i].unwrap());
        assert!(
            (verw[i].unwrap() - x * f).abs() < 1e-6 * x.max(1.0),
            "{sleutel:?}"
        );
        // Late deliveries add (credits can take a little back).
        assert!(f > 0.9, "{sleutel:?}: factor {f}");
        assert!(lo[i].unwrap() <= verw[i].unwrap() && verw[i].unwrap() <= hi[i].unwrap());
        assert!(matches!(niv[i].as_str(), "regio" | "gemeente"));
        kosten += usize::from(gr[i] == "kosten");
    }
    assert!(
        kosten > 0 && kosten < n.height(),
        "beide grootheden: {kosten} van {}",
        n.height()
    );
    // Nothing for a hidden provisional cell of the same figures.
    for (k, (_, _, verborgen, voorlopig)) in &gepubliceerd {
        if *verborgen && *voorlopig && (k.0 == "kosten" || k.0 == "crisis_start_aandeel") {
            assert!(
                !(0..n.height())
                    .any(|i| ind[i] == k.0 && niv[i] == k.1 && code[i] == k.2 && per[i] == k.3),
                "prognose voor een verborgen cel {k:?}"
            );
        }
    }

    let srv = server::start(data.path());
    let a = srv.1.as_str();
    gebruiker_toevoegen(
        data.path(),
        "gm-enschede",
        "gemeente",
        &["--gemeente", "GM0153"],
    );

    // The page marks them as forecasts and links to the method with the measured accuracy.
    let (s, html) = get(a, "/vooruitblik");
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("aria-current=\"page\">Vooruitblik"));
    assert!(html.contains("class=\"label-prognose\">prognose"));
    assert!(html.contains("href=\"/vooruitblik/methode\""));
    let (s, methode) = get(a, "/vooruitblik/methode");
    assert_eq!(s, 200);
    assert!(
        methode.contains("chain-ladder") && methode.contains("<table>"),
        "{methode}"
    );

    // The download of the costs: one row per stored cost nowcast, headed as a forecast, with the
    // stored numbers (in Dutch notation).
    let (s, csv) = get(a, "/download/vooruitblik-kosten.csv");
    assert_eq!(s, 200, "{csv}");
    let kop = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(kop.contains("Prognose na aanvulling"), "{kop}");
    let rijen = csv_rijen(&csv);
    assert_eq!(rijen.len(), kosten);
    assert!(
        rijen
            .iter()
            .all(|r| r.last().map(String::as_str) == Some("prognose"))
    );
    let regio_verwacht: Vec<f64> = (0..n.height())
        .filter(|&i| gr[i] == "kosten" && niv[i] == "regio")
        .map(|i| verw[i].unwrap())
        .collect();
    for v in &regio_verwacht {
        assert!(
            rijen.iter().any(|r| (nl(&r[4]) - v).abs() <= 1.0),
            "regioprognose {v} niet in de download"
        );
    }

    // The monthly trend of the region's costs up to the newest (provisional) month carries the
    // same forecasts in columns of their own.
    let nieuwste = per.iter().max().unwrap().clone();
    let (s, trend) = get(
        a,
        &format!("/download/trend-kosten.csv?soort=maand&periode={nieuwste}"),
    );
    assert_eq!(s, 200, "{trend}");
    let koppen: Vec<String> = trend
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(';')
        .map(str::to_string)
        .collect();
    let kol = koppen
        .iter()
        .position(|k| k == "Prognose: na aanvulling (nowcast)")
        .unwrap_or_else(|| panic!("geen prognosekolom: {koppen:?}"));
    let in_trend: Vec<f64> = csv_rijen(&trend)
        .iter()
        .filter(|r| !r[kol].is_empty())
        .map(|r| nl(&r[kol]))
        .collect();
    assert_eq!(
        in_trend.len(),
        regio_verwacht.len(),
        "{in_trend:?} / {regio_verwacht:?}"
    );
    // A year's trend has no forecast column.
    let (_, jaar) = get(a, "/download/trend-kosten.csv?soort=jaar");
    assert!(!jaar.contains("Prognose"));

    // The data rule: a gemeente account sees a forecast exactly when it may see the figure.
    let gm = inloggen(a, "gm-enschede", WACHTWOORD).unwrap();
    let (s, csv) = als(a, &gm, "/download/vooruitblik-gestarte-trajecten.csv");
    assert_eq!(s, 200);
    let gezien = csv_rijen(&csv).len();
    let mut verwacht = 0;
    for i in (0..n.height()).filter(|&i| gr[i] == "gestarte_trajecten") {
        let (_, w) = als(
            a,
            &gm,
            &format!(
                "/api/indicatoren?indicator={}&niveau={}&code={}&uitsplitsing=totaal&periode={}",
                ind[i], niv[i], code[i], per[i]
            ),
        );
        let zichtbaar = !serde_json::from_str::<serde_json::Value>(&w)
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty();
        verwacht += usize::from(zichtbaar);
    }
    assert_eq!(gezien, verwacht);
}

/// `jeugdstuur backtest` on the small world with two origins: a report with both quantities,
/// and the events found or not.
#[test]
fn backtest_command_reports_errors_coverage_and_events() {
    let werk = tempfile::tempdir().unwrap();
    let verslag = werk.path().join("verslag.md");
    let uit = std::process::Command::new(env!("CARGO_BIN_EXE_jeugdstuur"))
        .args([
            "backtest",
            "--scale",
            "klein",
            "--herkomsten",
            "2",
            "--gebeurtenissen",
        ])
        .arg("--werkmap")
        .arg(werk.path().join("w"))
        .arg("--out")
        .arg(&verslag)
        .output()
        .unwrap();
    assert!(
        uit.status.success(),
        "{}",
        String::from_utf8_lossy(&uit.stderr)
    );
    let md = std::fs::read_to_string(&verslag).unwrap();
    assert!(
        md.contains("2 herkomsten, leveringsmaanden 2024-11 t/m 2024-12"),
        "{md}"
    );
    // Started trajecten per month are mostly hidden at this small scale (the shares' cells are
    // suppressed whole); costs are not.
    assert!(
        md.contains("| Kosten, regio |") && md.contains("| Kosten, gemeente |"),
        "{md}"
    );
    assert!(md.contains("### Jaarprognose kosten"), "{md}");
    assert!(md.contains("reeks-maanden"), "{md}");
    assert!(
        md.contains("verblijf_instroom gemeente GM0164") && md.contains("| 2023-09 |"),
        "{md}"
    );
    // Three releases: the two origins and the final one.
    let releases = std::fs::read_dir(werk.path().join("w/data/releases"))
        .unwrap()
        .count();
    assert_eq!(releases, 3);
}

#[test]
fn verblijf_outlook_matches_the_published_stand_and_follows_the_data_rule() {
    let data = ingest_fixture();
    let v = tabel(data.path(), "verblijfsprognose");
    let ind = tabel(data.path(), "indicatoren");
    assert!(v.height() > 0, "geen verblijfsprognose op de fixture");
    let (niv, code, vorm, peil, h) = (
        tekst(&v, "niveau"),
        tekst(&v, "code"),
        tekst(&v, "verblijfsvorm"),
        tekst(&v, "peilmaand"),
        getal(&v, "horizon"),
    );
    let (nu, uit, nog) = (
        getal(&v, "stand_nu"),
        getal(&v, "uitstroom"),
        getal(&v, "nog_in_verblijf"),
    );
    // The published stand of the peilmaand per (niveau, code); None when hidden.
    let (ii, in_, ic, ip, iu, iw, io) = (
        tekst(&ind, "indicator"),
        tekst(&ind, "niveau"),
        tekst(&ind, "code"),
        tekst(&ind, "periode"),
        tekst(&ind, "uitsplitsing"),
        getal(&ind, "waarde"),
        janee(&ind, "onderdrukt"),
    );
    let peilmaand = peil[0].clone();
    let mut stand: HashMap<(String, String), Option<f64>> = HashMap::new();
    for i in 0..ind.height() {
        if ii[i] == "verblijf_stand" && iu[i] == "totaal" && ip[i] == peilmaand {
            stand.insert(
                (in_[i].clone(), ic[i].clone()),
                if io[i] { None } else { iw[i] },
            );
        }
    }
    for i in (0..v.height()).filter(|&i| vorm[i] == "totaal") {
        let gepubliceerd = stand
            .get(&(niv[i].clone(), code[i].clone()))
            .copied()
            .flatten()
            .unwrap_or_else(|| {
                panic!(
                    "prognose zonder gepubliceerde stand: {} {}",
                    niv[i], code[i]
                )
            });
        assert_eq!(nu[i], Some(gepubliceerd));
        // Month 1: the current stays either end in it or are still in: together the stand.
        if h[i] == Some(1.0) {
            assert!(
                (uit[i].unwrap() + nog[i].unwrap() - gepubliceerd).abs() < 1e-6,
                "{} {}: {} + {} ≠ {gepubliceerd}",
                niv[i],
                code[i],
                uit[i].unwrap(),
                nog[i].unwrap()
            );
        }
    }
    // Every area with a published stand of at least one running stay has its outlook; a hidden
    // stand has none.
    let regio = (0..v.height()).any(|i| niv[i] == "regio");
    assert!(regio);
    for ((n, c), w) in &stand {
        if n == "aanbieder_gemeente" {
            continue;
        }
        let heeft = (0..v.height()).any(|i| &niv[i] == n && &code[i] == c);
        if w.is_none() {
            assert!(!heeft, "prognose voor een verborgen stand {n} {c}");
        }
    }

    let srv = server::start(data.path());
    let a = srv.1.as_str();
    let (s, html) = get(a, "/vooruitblik/verblijf");
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("class=\"label-prognose\">prognose"));
    assert!(html.contains("Kaplan–Meier"));
    assert!(html.contains("href=\"/vooruitblik/methode\""));
    let (_, vb) = get(a, "/vooruitblik");
    assert!(vb.contains("href=\"/vooruitblik/verblijf\""));
    // The download per area: one row per area's series, marked as a forecast.
    let (s, csv) = get(a, "/download/verblijf-vooruitblik.csv");
    assert_eq!(s, 200, "{csv}");
    let rijen = csv_rijen(&csv);
    let gebieden = (0..v.height())
        .filter(|&i| vorm[i] == "totaal" && niv[i] != "aanbieder" && h[i] == Some(1.0))
        .count();
    assert_eq!(rijen.len(), gebieden);
    assert!(
        rijen
            .iter()
            .all(|r| r.last().map(String::as_str) == Some("prognose"))
    );
    // A provider account sees its own provider's places only.
    gebruiker_toevoegen(
        data.path(),
        "aanbieder-oost",
        "aanbieder",
        &["--aanbieder", "98000101"],
    );
    let l = inloggen(a, "aanbieder-oost", WACHTWOORD).unwrap();
    let (s, csv) = als(a, &l, "/download/verblijf-aanbieders.csv");
    assert_eq!(s, 200, "{csv}");
    let eigen = (0..v.height())
        .filter(|&i| niv[i] == "aanbieder" && code[i] == "98000101" && h[i] == Some(1.0))
        .count();
    let rijen = csv_rijen(&csv);
    assert_eq!(rijen.len(), eigen);
    assert!(
        rijen.iter().all(|r| r[0] == "Jeugdformaat Oost"),
        "{rijen:?}"
    );
    let (_, csv) = get(a, "/download/verblijf-aanbieders.csv");
    assert!(csv_rijen(&csv).len() > eigen);
}
