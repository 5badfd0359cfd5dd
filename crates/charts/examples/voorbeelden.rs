//! Writes sample charts to a folder (default `/tmp/charts-voorbeelden`) as `.svg` files and
//! one `index.html` that inlines them all, to look at in a browser:
//!
//! ```sh
//! cargo run -p charts --example voorbeelden -- /tmp/charts-voorbeelden
//! ```

use charts::{
    Staaf, Staven, Stroom, Trechter, Trechterpunt, Trend, sparkline, staven, stroom, trechter,
    trend,
};

fn jaren(van: u32, tot: u32) -> Vec<String> {
    (van..=tot).map(|j| j.to_string()).collect()
}

fn kwartalen(van: u32, tot: u32) -> Vec<String> {
    (van..=tot)
        .flat_map(|j| (1..=4).map(move |k| format!("{j}-K{k}")))
        .collect()
}

fn staaf(label: &str, waarde: Option<f64>, marge: f64, nadruk: bool) -> Staaf {
    Staaf {
        label: label.into(),
        waarde,
        ci: waarde.map(|v| (v - marge, v + marge)),
        nadruk,
    }
}

fn punt(label: &str, volume: f64, waarde: f64, nadruk: bool) -> Trechterpunt {
    Trechterpunt {
        label: label.into(),
        volume,
        waarde,
        nadruk,
    }
}

/// Volumes from `van` up to `tot`, 4% apart (smooth at small volumes), plus `extra`.
fn rooster(van: f64, tot: f64, extra: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = std::iter::successors(Some(van), |x| Some(x * 1.04))
        .take_while(|x| *x < tot)
        .chain([tot])
        .chain(extra.iter().copied())
        .collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// Normal-approximation limits for a percentage `p` (in %) at `n` (what the caller would do;
/// the chart computes no statistics).
fn procentgrenzen(p: f64, volumes: &[f64]) -> Vec<(f64, f64, f64, f64, f64)> {
    let q = p / 100.0;
    volumes
        .iter()
        .map(|&n| {
            let se = (q * (1.0 - q) / n).sqrt() * 100.0;
            (
                n,
                p - 1.96 * se,
                p + 1.96 * se,
                p - 3.09 * se,
                p + 3.09 * se,
            )
        })
        .collect()
}

/// Limits for an observed/expected ratio with `e` expected events (Poisson, normal approx.).
fn verhoudingsgrenzen(volumes: &[f64]) -> Vec<(f64, f64, f64, f64, f64)> {
    volumes
        .iter()
        .map(|&e| {
            let se = 1.0 / e.sqrt();
            (
                e,
                (1.0 - 1.96 * se).max(0.0),
                1.0 + 1.96 * se,
                (1.0 - 3.09 * se).max(0.0),
                1.0 + 3.09 * se,
            )
        })
        .collect()
}

fn voorbeeld_trechter() -> Trechter {
    let punten = vec![
        punt("Jeugdzorg Oost", 640.0, 7.4, true),
        punt("Zorggroep De Linde", 900.0, 9.5, false),
        punt("Kindpraktijk Noord", 1200.0, 3.1, false),
        punt("Stichting Horizon Twente", 400.0, 9.0, false),
        punt("Praktijk Het Anker", 15.0, 15.0, false),
        punt("Gezinshuis De Es", 20.0, 21.0, false),
        punt("Ambulant Team Almelo", 85.0, 4.7, false),
        punt("Jeugd-GGZ Hengelo", 310.0, 5.8, false),
        punt("Orthopedagogen Losser", 48.0, 8.3, false),
        punt("Dagbehandeling Zon", 120.0, 7.5, false),
        punt("Pleegzorg Twente", 520.0, 6.0, false),
        punt("Begeleiding Op Maat", 33.0, 0.0, false),
        punt("Kinder- en jeugdpsychiatrie", 760.0, 5.1, false),
        punt("Praktijk Tubbergen", 62.0, 11.3, false),
        punt("Veilig Opgroeien", 230.0, 6.5, false),
    ];
    let volumes: Vec<f64> = punten.iter().map(|p| p.volume).collect();
    Trechter {
        titel: "Herhaald beroep op jeugdhulp binnen 12 maanden, per aanbieder, Twente 2024".into(),
        eenheid: "procent".into(),
        volume_label: "Aantal afgesloten trajecten (noemer)".into(),
        punten,
        doel: 6.2,
        doel_label: "Twente 6,2%".into(),
        grenzen: procentgrenzen(6.2, &rooster(5.0, 1500.0, &volumes)),
        ..Default::default()
    }
}

fn voorbeelden() -> Vec<(&'static str, String)> {
    let mut uit = Vec::new();
    uit.push((
        "trend_procent",
        trend(&Trend {
            titel: "Jongeren met jeugdhulp, Twente".into(),
            eenheid: "procent".into(),
            perioden: jaren(2020, 2024),
            waarde: vec![Some(11.6), Some(12.3), Some(12.9), Some(13.4), Some(14.1)],
            ci: vec![
                Some((11.1, 12.1)),
                Some((11.8, 12.8)),
                Some((12.4, 13.4)),
                Some((12.9, 13.9)),
                Some((13.6, 14.6)),
            ],
            landelijk: vec![Some(12.2), Some(12.5), Some(12.8), Some(13.0), Some(13.2)],
            streef: vec![None, None, Some(12.9), Some(12.6), Some(12.3)],
            reeksnaam: "Twente".into(),
            ..Default::default()
        }),
    ));
    let n = 16;
    uit.push((
        "trend_kwartalen_gat",
        trend(&Trend {
            titel: "Gemiddelde duur van trajecten, Enschede".into(),
            eenheid: "dagen".into(),
            perioden: kwartalen(2021, 2024),
            waarde: (0..n)
                .map(|i| {
                    if i == 6 || i == 7 || i == 12 {
                        None
                    } else {
                        Some(380.0 + (i as f64 * 1.7).sin() * 25.0 + i as f64 * 2.0)
                    }
                })
                .collect(),
            landelijk: (0..n).map(|i| Some(400.0 + i as f64)).collect(),
            reeksnaam: "Enschede".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "trend_euro",
        trend(&Trend {
            titel: "Kosten jeugdhulp, Twente".into(),
            eenheid: "euro".into(),
            perioden: jaren(2019, 2024),
            waarde: vec![
                Some(182_400_000.0),
                Some(195_100_000.0),
                Some(201_900_000.0),
                Some(214_300_000.0),
                Some(229_800_000.0),
                Some(240_553_243.27),
            ],
            streef: vec![
                None,
                None,
                None,
                Some(214_300_000.0),
                Some(218_000_000.0),
                Some(222_000_000.0),
            ],
            reeksnaam: "Twente".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "trend_negatief",
        trend(&Trend {
            titel: "Groei van de kosten per jaar, Hengelo".into(),
            eenheid: "procent".into(),
            perioden: jaren(2019, 2024),
            waarde: vec![
                Some(4.2),
                Some(-1.3),
                Some(-3.1),
                Some(2.4),
                None,
                Some(5.0),
            ],
            landelijk: vec![
                Some(3.0),
                Some(1.1),
                Some(-0.4),
                Some(2.0),
                Some(3.5),
                Some(4.1),
            ],
            reeksnaam: "Hengelo".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "trend_leeg",
        trend(&Trend {
            titel: "Jongeren met jeugdhulp, Tubbergen".into(),
            eenheid: "procent".into(),
            perioden: jaren(2020, 2024),
            waarde: vec![None; 5],
            reeksnaam: "Tubbergen".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "trend_een_periode",
        trend(&Trend {
            titel: "Wachttijd, Almelo".into(),
            eenheid: "dagen".into(),
            perioden: vec!["2024".into()],
            waarde: vec![Some(42.0)],
            ci: vec![Some((35.0, 49.0))],
            landelijk: vec![Some(40.0)],
            reeksnaam: "Almelo".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "trend_gelijk",
        trend(&Trend {
            titel: "Aantal aanbieders, Losser".into(),
            eenheid: "aantal".into(),
            perioden: jaren(2020, 2024),
            waarde: vec![Some(7.0); 5],
            reeksnaam: "Losser".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "staven",
        staven(&Staven {
            titel: "Jongeren met jeugdhulp per gemeente, Twente 2024".into(),
            eenheid: "procent".into(),
            staven: vec![
                staaf("Almelo", Some(15.2), 0.9, false),
                staaf("Borne", Some(11.8), 1.4, false),
                staaf("Dinkelland", Some(9.7), 1.3, false),
                staaf("Enschede", Some(14.6), 0.5, true),
                staaf("Haaksbergen", Some(12.4), 1.2, false),
                staaf("Hellendoorn", Some(10.9), 1.0, false),
                staaf("Hengelo", Some(13.8), 0.7, false),
                staaf("Hof van Twente", Some(11.2), 1.0, false),
                staaf("Losser", Some(12.9), 1.5, false),
                staaf("Oldenzaal", Some(13.1), 1.2, false),
                staaf("Rijssen-Holten", Some(8.4), 0.9, false),
                staaf("Tubbergen", None, 0.0, false),
                staaf("Twenterand", Some(10.2), 1.1, false),
                staaf("Wierden", Some(11.5), 1.3, false),
            ],
            landelijk: Some(13.2),
            regio: Some(13.0),
            regio_naam: "Twente".into(),
            ..Default::default()
        }),
    ));
    uit.push((
        "staven_negatief_euro",
        staven(&Staven {
            titel: "Groei van de kosten 2023–2024 per gemeente".into(),
            eenheid: "euro".into(),
            staven: vec![
                staaf("Enschede", Some(6_400_000.0), 0.0, true),
                staaf("Hengelo", Some(2_100_000.0), 0.0, false),
                staaf("Súdwest-Fryslân", Some(-1_250_000.0), 0.0, false),
                staaf("'s-Hertogenbosch", Some(-3_900_000.0), 0.0, false),
                staaf(
                    "Een gemeente met een heel erg lange naam na herindeling",
                    None,
                    0.0,
                    false,
                ),
            ],
            landelijk: Some(1_000_000.0),
            ..Default::default()
        }),
    ));
    uit.push(("trechter_procent", trechter(&voorbeeld_trechter())));
    let oe = vec![
        punt("Jeugdzorg Oost", 42.0, 1.12, true),
        punt("Zorggroep De Linde", 88.0, 1.41, false),
        punt("Kindpraktijk Noord", 120.0, 0.71, false),
        punt("Stichting Horizon Twente", 35.0, 0.62, false),
        punt("Praktijk Het Anker", 3.2, 2.5, false),
        punt("Gezinshuis De Es", 6.5, 0.0, false),
        punt("Jeugd-GGZ Hengelo", 64.0, 0.95, false),
        punt("Pleegzorg Twente", 18.0, 1.28, false),
        punt("Veilig Opgroeien", 27.0, 1.04, false),
    ];
    let volumes: Vec<f64> = oe.iter().map(|p| p.volume).collect();
    uit.push((
        "trechter_verhouding",
        trechter(&Trechter {
            titel: "Voortijdig beëindigde trajecten: waargenomen/verwacht, per aanbieder".into(),
            eenheid: "verhouding".into(),
            volume_label: "Verwacht aantal voortijdig beëindigde trajecten".into(),
            punten: oe,
            doel: 1.0,
            doel_label: "Twente 1,00".into(),
            grenzen: verhoudingsgrenzen(&rooster(1.0, 150.0, &volumes)),
            ..Default::default()
        }),
    ));
    let mut een = voorbeeld_trechter();
    een.titel = "Eén aanbieder".into();
    een.punten = vec![punt("Jeugdzorg Oost", 640.0, 7.4, true)];
    uit.push(("trechter_een_punt", trechter(&een)));
    let mut gelijk = voorbeeld_trechter();
    gelijk.titel = "Alle aanbieders even groot".into();
    for (i, p) in gelijk.punten.iter_mut().enumerate().take(6) {
        p.volume = 200.0;
        p.waarde = [6.0, 9.9, 2.1, 7.1, 5.5, 8.3][i];
    }
    gelijk.punten.truncate(6);
    uit.push(("trechter_gelijk_volume", trechter(&gelijk)));
    let mut dagen = voorbeeld_trechter();
    dagen.titel = "Gemiddelde duur van trajecten, per aanbieder".into();
    dagen.eenheid = "dagen".into();
    dagen.doel = 240.0;
    dagen.doel_label = "Twente 240 dagen".into();
    for p in &mut dagen.punten {
        p.waarde = 240.0 + (p.waarde - 6.2) * 12.0;
    }
    dagen.grenzen = rooster(5.0, 1500.0, &[])
        .into_iter()
        .map(|n| {
            let se = 110.0 / f64::sqrt(n);
            (
                n,
                240.0 - 1.96 * se,
                240.0 + 1.96 * se,
                240.0 - 3.09 * se,
                240.0 + 3.09 * se,
            )
        })
        .collect();
    uit.push(("trechter_dagen", trechter(&dagen)));
    uit.push((
        "trechter_leeg",
        trechter(&Trechter {
            titel: "Geen aanbieders".into(),
            eenheid: "procent".into(),
            doel: 6.2,
            ..Default::default()
        }),
    ));
    uit.push((
        "sparkline",
        sparkline(
            "Jongeren met jeugdhulp, Enschede",
            &[Some(11.6), Some(12.3), None, Some(13.4), Some(14.1)],
        ),
    ));
    uit.push(("sparkline_leeg", sparkline("Tubbergen", &[None, None])));
    uit.push((
        "stroom",
        stroom(&Stroom {
            titel: "Jongeren in verblijf, Twente".into(),
            perioden: kwartalen(2022, 2024),
            stand: (0..12)
                .map(|i| Some(1180.0 + (i as f64 * 0.9).sin() * 40.0 + i as f64 * 6.0))
                .collect(),
            instroom: (0..12)
                .map(|i| Some(140.0 + (i as f64 * 1.3).cos() * 25.0))
                .collect(),
            doorstroom: (0..12)
                .map(|i| {
                    if i == 5 {
                        None
                    } else {
                        Some(45.0 + i as f64 * 2.0)
                    }
                })
                .collect(),
            uitstroom: (0..12)
                .map(|i| Some(130.0 + (i as f64 * 0.7).sin() * 30.0))
                .collect(),
            ..Default::default()
        }),
    ));
    uit
}

fn main() -> std::io::Result<()> {
    let map = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/charts-voorbeelden".into());
    std::fs::create_dir_all(&map)?;
    let mut html = String::from(
        "<!doctype html><html lang=\"nl\"><meta charset=\"utf-8\"><title>Voorbeelden</title>\
         <body style=\"font-family:sans-serif;max-width:760px;margin:1em auto\">\n",
    );
    for (naam, svg) in voorbeelden() {
        std::fs::write(format!("{map}/{naam}.svg"), &svg)?;
        html.push_str(&format!("<h2>{naam}</h2>\n{svg}\n"));
    }
    html.push_str("</body></html>\n");
    std::fs::write(format!("{map}/index.html"), html)?;
    println!("geschreven naar {map}");
    Ok(())
}
