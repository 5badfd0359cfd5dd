//! `/signalen` on the fixture release (issue 23 item 4): the stored signals (computed at
//! ingest from the published values) on the page, in the download, on the overview and as
//! agenda items of a new duidingssessie, each within the data rule of the account.

use polars::prelude::*;

use crate::server::{self, Login, get, ingest_fixture, inloggen, vraag_als};
use crate::toegang::{WACHTWOORD, gebruiker_toevoegen};

/// (indicator, niveau, code, uitsplitsing, periode) of every stored signal.
fn opgeslagen(data: &std::path::Path) -> Vec<[String; 5]> {
    let f = std::fs::File::open(data.join("releases/r0001/signalen.parquet")).unwrap();
    let df = ParquetReader::new(f).finish().unwrap();
    let kol = |n: &str| -> Vec<String> {
        df.column(n)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|x| x.unwrap_or_default().to_string())
            .collect()
    };
    let (i, n, c, u, p) = (
        kol("indicator"),
        kol("niveau"),
        kol("code"),
        kol("uitsplitsing"),
        kol("periode"),
    );
    (0..df.height())
        .map(|r| {
            [
                i[r].clone(),
                n[r].clone(),
                c[r].clone(),
                u[r].clone(),
                p[r].clone(),
            ]
        })
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

#[test]
fn signals_on_the_page_the_download_the_overview_and_the_session_agenda() {
    let data = ingest_fixture();
    let stored = opgeslagen(data.path());
    assert!(
        !stored.is_empty(),
        "the fixture's costs give signals (its newest complete month 2025-06)"
    );
    // Only published, complete months: the newest complete month of the fixture.
    assert!(stored.iter().all(|s| s[4] == "2025-06"), "{stored:?}");
    // The first start creates the administrator; the gemeente account comes after it.
    let srv = server::start(data.path());
    let a = srv.1.as_str();
    gebruiker_toevoegen(
        data.path(),
        "gm-enschede",
        "gemeente",
        &["--gemeente", "GM0153"],
    );

    // The administrator sees every signal: a sentence per signal, linked to its figure.
    let (s, html) = get(a, "/signalen");
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("aria-current=\"page\">Signalen"));
    let (s, csv) = get(a, "/download/signalen.csv");
    assert_eq!(s, 200, "{csv}");
    let rijen = csv_rijen(&csv);
    assert_eq!(rijen.len(), stored.len());
    for r in &rijen {
        // Signaal; indicator; niveau; code; uitsplitsing; maand; richting; …
        let zin = &r[0];
        assert!(
            zin.contains(" ligt ") && (zin.contains("boven de") || zin.contains("onder de")),
            "{zin}"
        );
        // Amounts (and stocks) have limits at 4σ and 3σ, and the table says so.
        if r[1].starts_with("kosten") {
            assert!(
                r[8] == "buiten de grens (4 sigma)"
                    || r[8] == "drie maanden buiten de waarschuwingsgrens (3 sigma)",
                "{r:?}"
            );
        }
        let in_html = zin.replace('\'', "&#x27;");
        assert!(html.contains(&in_html), "{zin} niet op de pagina");
        assert!(stored.iter().any(|s| s[0] == r[1]
            && s[1] == r[2]
            && s[2] == r[3]
            && s[3] == r[4]
            && s[4] == r[5]));
    }
    assert_eq!(
        html.matches("<span class=\"betekenis\">").count(),
        stored.len(),
        "een regel per signaal"
    );

    // The overview says how many there are.
    let (_, overzicht) = get(a, "/");
    let n = stored.len();
    assert!(
        overzicht.contains(&format!("⚑ {n} signalen")) || overzicht.contains("⚑ 1 signaal"),
        "{n} signalen niet op het overzicht"
    );

    // A gemeente account sees a signal exactly when it may see the figure behind it (the data
    // rule of /api/indicatoren: its own gemeente and the region, and what the region's choice
    // opens; never a provider it is not).
    let gm = inloggen(a, "gm-enschede", WACHTWOORD).unwrap();
    let (s, csv) = als(a, &gm, "/download/signalen.csv");
    assert_eq!(s, 200);
    let gezien = csv_rijen(&csv);
    let mut verwacht = 0;
    for st in &stored {
        let (_, w) = als(
            a,
            &gm,
            &format!(
                "/api/indicatoren?indicator={}&niveau={}&code={}&uitsplitsing={}&periode={}",
                st[0], st[1], st[2], st[3], st[4]
            ),
        );
        let zichtbaar = !serde_json::from_str::<serde_json::Value>(&w)
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty();
        let getoond = gezien
            .iter()
            .any(|r| r[1] == st[0] && r[2] == st[1] && r[3] == st[2] && r[4] == st[3]);
        assert_eq!(getoond, zichtbaar, "{st:?}");
        verwacht += usize::from(zichtbaar);
    }
    assert_eq!(gezien.len(), verwacht);
    assert!(
        gezien.iter().all(|r| r[2] != "aanbieder"),
        "een gemeente ziet geen signalen van aanbieders: {csv}"
    );

    // A new session offers the signals, and a chosen one becomes an agenda item on its own
    // area and month with the sentence as its note.
    let beheer = inloggen(a, "beheerder", server::BEHEERDER_WACHTWOORD).unwrap();
    let (_, formulier) = als(a, &beheer, "/sessies");
    let eerste = &stored[0];
    let waarde = eerste.join("|");
    assert!(
        formulier.contains(&format!("value=\"{waarde}\"")),
        "{waarde}"
    );
    let body = serde_urlencoded_paren(&[
        ("_csrf", beheer.csrf.as_str()),
        ("titel", "Signalen bespreken"),
        ("datum", "2026-01-15"),
        ("deelnemers", "data-adviesgroep"),
        ("release", "r0001"),
        ("gebied", "regio"),
        ("periode", "2025"),
        ("signaal", waarde.as_str()),
        ("signaal", "kosten|gemeente|GM0000|totaal|2025-06"),
    ]);
    let (s, kop, _) = vraag_als(
        a,
        Some(&beheer),
        "POST",
        "/sessies",
        Some(("application/x-www-form-urlencoded", &body)),
    );
    assert_eq!(s, 303, "{kop}");
    let (_, lijst) = als(a, &beheer, "/api/sessies");
    let v: serde_json::Value = serde_json::from_str(&lijst).unwrap();
    let sessie = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["titel"] == "Signalen bespreken")
        .unwrap();
    let agenda = sessie["agenda"].as_array().unwrap();
    assert_eq!(agenda.len(), 1, "alleen het echte signaal: {agenda:?}");
    let p = &agenda[0];
    for (i, veld) in ["indicator", "niveau", "code", "uitsplitsing", "periode"]
        .into_iter()
        .enumerate()
    {
        assert_eq!(p[veld].as_str(), Some(eerste[i].as_str()), "{veld}");
    }
    assert!(
        p["toelichting"].as_str().unwrap().starts_with("Signaal: "),
        "{p}"
    );
}

fn serde_urlencoded_paren(paren: &[(&str, &str)]) -> String {
    paren
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                            (b as char).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}
