//! The map (issue 22, item 2) over real HTTP on the fixture release: on the indicator page
//! the value in each gemeente's `<title>` equals the table beside it, its CSV download and
//! the stored value (`compute`); a gemeente the suppression step hides is hatched, labelled
//! "niet getoond", and its value (known from the unsuppressed export) appears nowhere in the
//! SVG. The gemeente page carries a map too.

use std::collections::BTreeMap;

use crate::server::{self, get, ingest_fixture};
use crate::{jeugdstuur, lees_indicatoren_bestand};

fn kaart(html: &str) -> &str {
    let begin = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"grafiek kaart\"")
        .expect("een kaart op de pagina");
    let eind = html[begin..].find("</svg>").unwrap() + begin + 6;
    &html[begin..eind]
}

/// Gemeente name → text after "naam: " in its `<title>`.
fn titels(svg: &str) -> BTreeMap<String, String> {
    // The root's title has an id; each gemeente's is a plain <title>.
    svg.split("<title>")
        .skip(1)
        .filter_map(|d| d.split_once("</title>").map(|(t, _)| t.to_string()))
        .filter_map(|t| {
            t.split_once(": ")
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .collect()
}

fn nl(x: f64) -> String {
    model::getal::met_eenheid(Some(x), "euro")
}

#[test]
fn map_values_equal_the_table_and_the_stored_values_and_hide_what_is_hidden() {
    let data = ingest_fixture();
    let uit = tempfile::tempdir().unwrap();
    let intern = tempfile::tempdir().unwrap();
    for (map, extra) in [
        (uit.path(), None),
        (intern.path(), Some("--zonder-onderdrukking")),
    ] {
        let mut c = jeugdstuur();
        c.args(["compute", "--data"])
            .arg(data.path())
            .arg("--out")
            .arg(map);
        if let Some(e) = extra {
            c.arg(e);
        }
        assert!(c.output().unwrap().status.success());
    }
    let opgeslagen = lees_indicatoren_bestand(&uit.path().join("indicatoren.csv"));
    let ruw = lees_indicatoren_bestand(&intern.path().join("indicatoren.csv"));
    let srv = server::start(data.path());
    let a = srv.1.as_str();
    let regio = model::Regio::twente();

    let q = "soort=jaar&periode=2025&uitsplitsing=segment_verblijf";
    let (s, html) = get(a, &format!("/indicator/kosten?{q}"));
    assert_eq!(s, 200);
    let svg = kaart(&html);
    assert!(svg.contains("role=\"group\""));
    assert!(html.contains("Bron: CBS, PDOK"));
    let t = titels(svg);
    assert_eq!(t.len(), 14, "{t:?}");
    let (_, csv) = get(a, &format!("/download/gemeenten-kosten.csv?{q}"));
    let tabel: BTreeMap<&str, Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|r| {
            let v: Vec<&str> = r.split(';').collect();
            (v[0], v)
        })
        .collect();
    let (mut getoond, mut verborgen) = (0, 0);
    for g in &regio.gemeenten {
        let code = g.code.to_string();
        let sleutel = (
            "kosten".to_string(),
            "2025".to_string(),
            "gemeente".to_string(),
            code.clone(),
            "segment_verblijf".to_string(),
        );
        let rij = &opgeslagen[&sleutel];
        let titel = &t[&g.naam];
        if rij["onderdrukt"] == "true" {
            verborgen += 1;
            assert_eq!(titel, "niet getoond (klein aantal)");
            assert!(tabel[g.naam.as_str()][1].is_empty(), "de tabel toont niets");
            // The hidden value appears nowhere in the SVG, in any notation.
            let x = crate::getal(&ruw[&sleutel]["waarde"]).unwrap();
            for vorm in [
                nl(x),
                format!("{x}"),
                format!("{x:.0}"),
                format!("{:.0}", x.round()),
            ] {
                assert!(!svg.contains(&vorm), "{}: {vorm} staat in de kaart", g.naam);
            }
        } else {
            getoond += 1;
            let x = crate::getal(&rij["waarde"]).unwrap();
            assert!(titel.starts_with(&nl(x)), "{}: {titel} ≠ {}", g.naam, nl(x));
            let in_tabel = crate::getal(tabel[g.naam.as_str()][1]).unwrap();
            assert!(
                (in_tabel - x).abs() < 1e-6,
                "{}: tabel {in_tabel} ≠ {x}",
                g.naam
            );
        }
    }
    assert!(
        getoond > 0 && verborgen > 0,
        "{getoond} getoond, {verborgen} verborgen"
    );
    assert!(svg.contains(">niet getoond</text>"));

    // The gemeente page: a map of the headline indicator, the chosen gemeente outlined.
    let (s, html) = get(a, "/gemeente/GM0153?soort=jaar&periode=2024");
    assert_eq!(s, 200);
    let svg = kaart(&html);
    assert!(svg.contains("stroke-width=\"3\""), "Enschede omlijnd");
    assert!(
        svg.contains("href=\"/gemeente/GM0141"),
        "elke gemeente is een link"
    );
    assert_eq!(titels(svg).len(), 14);
}
