//! The SVGs as a browser, a screen reader and a reader of Dutch numbers see them.

use charts::{
    Ligging, Staaf, Staven, Stroom, Trechter, Trechterpunt, Trend, sparkline, staven, stroom,
    trechter, trechter_indeling, trechter_ligging, trend,
};
use roxmltree::{Document, Node};

fn jaren(van: u32, tot: u32) -> Vec<String> {
    (van..=tot).map(|j| j.to_string()).collect()
}

fn procent_trend() -> Trend {
    Trend {
        titel: "Jongeren met jeugdhulp".into(),
        eenheid: "procent".into(),
        perioden: jaren(2020, 2024),
        waarde: vec![Some(11.6), Some(12.3), Some(12.9), Some(13.4), Some(14.1)],
        reeksnaam: "Twente".into(),
        ..Default::default()
    }
}

fn voorbeeld_staven() -> Staven {
    Staven {
        titel: "Per gemeente".into(),
        eenheid: "procent".into(),
        staven: vec![
            Staaf {
                label: "Enschede".into(),
                waarde: Some(14.6),
                ci: Some((14.1, 15.1)),
                nadruk: true,
            },
            Staaf {
                label: "Tubbergen".into(),
                waarde: None,
                ci: None,
                nadruk: false,
            },
            Staaf {
                label: "Hengelo".into(),
                waarde: Some(13.8),
                ci: Some((13.1, 14.5)),
                nadruk: false,
            },
        ],
        landelijk: Some(13.2),
        regio: Some(13.0),
        regio_naam: "Twente".into(),
        ..Default::default()
    }
}

fn voorbeeld_stroom() -> Stroom {
    Stroom {
        titel: "Verblijf".into(),
        perioden: jaren(2020, 2024),
        stand: vec![Some(1180.0), Some(1230.0), None, Some(1310.0), Some(1290.0)],
        instroom: vec![Some(140.0), Some(150.0), Some(160.0), None, Some(130.0)],
        doorstroom: vec![Some(40.0), Some(45.0), Some(50.0), Some(55.0), Some(60.0)],
        uitstroom: vec![
            Some(120.0),
            Some(130.0),
            Some(140.0),
            Some(150.0),
            Some(160.0),
        ],
        ..Default::default()
    }
}

fn tp(label: &str, volume: f64, waarde: f64) -> Trechterpunt {
    Trechterpunt {
        label: label.into(),
        volume,
        waarde,
        nadruk: false,
    }
}

/// Limits for a percentage `p` around `volumes` (normal approximation), as a caller would.
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

fn rooster() -> Vec<f64> {
    std::iter::successors(Some(2.0), |x| Some(x * 1.05))
        .take_while(|x| *x < 3000.0)
        .collect()
}

/// 15 providers around 6,2%: 11 inside, 2 between 95% and 99,8%, 1 above and 1 below.
fn voorbeeld_trechter() -> Trechter {
    let mut punten = vec![
        tp("Jeugdzorg Oost", 640.0, 7.4),
        tp("Zorggroep De Linde", 900.0, 9.5),
        tp("Kindpraktijk Noord", 1200.0, 3.1),
        tp("Horizon", 400.0, 9.0),
        tp("Het Anker", 15.0, 15.0),
        tp("De Es", 20.0, 21.0),
        tp("Ambulant Team", 85.0, 4.7),
        tp("Jeugd-GGZ", 310.0, 5.8),
        tp("Orthopedagogen", 48.0, 8.3),
        tp("Dagbehandeling", 120.0, 7.5),
        tp("Pleegzorg", 520.0, 6.0),
        tp("Op Maat", 33.0, 0.0),
        tp("KJP", 760.0, 5.1),
        tp("Tubbergen", 62.0, 11.3),
        tp("Veilig Opgroeien", 230.0, 6.5),
    ];
    punten[0].nadruk = true;
    Trechter {
        titel: "Herhaald beroep per aanbieder".into(),
        eenheid: "procent".into(),
        volume_label: "Aantal afgesloten trajecten (noemer)".into(),
        punten,
        doel: 6.2,
        doel_label: "Twente 6,2%".into(),
        grenzen: procentgrenzen(6.2, &rooster()),
        ..Default::default()
    }
}

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| panic!("no XML: {e}\n{svg}"))
}

fn elementen<'a, 'i>(d: &'a Document<'i>, naam: &str) -> Vec<Node<'a, 'i>> {
    d.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == naam)
        .collect()
}

fn teksten(d: &Document) -> Vec<String> {
    elementen(d, "text")
        .iter()
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// Polylines and filled circles in one stroke/fill colour.
fn lijnen(d: &Document, kleur: &str) -> usize {
    elementen(d, "polyline")
        .iter()
        .filter(|n| n.attribute("stroke") == Some(kleur))
        .count()
}

fn stippen(d: &Document, kleur: &str, r: &str) -> usize {
    elementen(d, "circle")
        .iter()
        .filter(|n| n.attribute("fill") == Some(kleur) && n.attribute("r") == Some(r))
        .count()
}

/// The accessibility contract every chart keeps; returns (title, desc).
fn toegankelijk(svg: &str) -> (String, String) {
    let d = parse(svg);
    let root = d.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let vb = root.attribute("viewBox").expect("viewBox");
    let w = root.attribute("width").unwrap();
    let h = root.attribute("height").unwrap();
    assert_eq!(vb, format!("0 0 {w} {h}"));
    assert_eq!(root.attribute("class"), Some("grafiek"));
    assert!(
        root.attribute("style").is_none(),
        "geen inline stijl (CSP style-src 'self')"
    );
    let ids: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split(' ')
        .collect();
    assert_eq!(ids.len(), 2);
    let kinderen: Vec<Node> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(kinderen[0].tag_name().name(), "title");
    assert_eq!(kinderen[1].tag_name().name(), "desc");
    assert_eq!(kinderen[0].attribute("id"), Some(ids[0]));
    assert_eq!(kinderen[1].attribute("id"), Some(ids[1]));
    // Ids are unique in the document.
    let alle_ids: Vec<&str> = d.descendants().filter_map(|n| n.attribute("id")).collect();
    assert_eq!(alle_ids.len(), 2);
    // Readable text: at least 12px, dark or the main blue, sans-serif.
    for t in elementen(&d, "text") {
        let grootte: f64 = t.attribute("font-size").unwrap().parse().unwrap();
        assert!(grootte >= 12.0, "font-size {grootte}");
        assert!(
            ["#1A1A1A", "#595959", "#0072B2"].contains(&t.attribute("fill").unwrap()),
            "text colour {:?}",
            t.attribute("fill")
        );
        assert_eq!(t.attribute("font-family"), Some("sans-serif"));
    }
    (
        kinderen[0].text().unwrap_or("").to_string(),
        kinderen[1].text().unwrap_or("").to_string(),
    )
}

#[test]
fn alle_grafieken_zijn_toegankelijk_en_geldig() {
    let mut leeg = procent_trend();
    leeg.waarde = vec![None; 5];
    let svgs = [
        trend(&procent_trend()),
        trend(&leeg),
        trend(&Trend::default()),
        staven(&voorbeeld_staven()),
        staven(&Staven::default()),
        sparkline("Enschede", &[Some(1.0), None, Some(3.0)]),
        sparkline("Leeg", &[]),
        stroom(&voorbeeld_stroom()),
        stroom(&Stroom::default()),
        trechter(&voorbeeld_trechter()),
        trechter(&Trechter::default()),
    ];
    for svg in &svgs {
        let (titel, desc) = toegankelijk(svg);
        assert!(!titel.is_empty() || svg.contains("<title"));
        assert!(!desc.trim().is_empty(), "desc is generated when empty");
    }
}

#[test]
fn titel_en_omschrijving_worden_ge_escaped() {
    let mut t = procent_trend();
    t.titel = "Kosten <Twente> & \"Enschede\" 's".into();
    t.omschrijving = "a < b & c > d".into();
    let svg = trend(&t);
    assert!(svg.contains("&lt;Twente&gt; &amp; &quot;Enschede&quot; &apos;s"));
    let (titel, desc) = toegankelijk(&svg);
    assert_eq!(titel, t.titel);
    assert_eq!(desc, t.omschrijving);

    let mut s = voorbeeld_staven();
    s.titel = "<b>".into();
    assert_eq!(toegankelijk(&staven(&s)).0, "<b>");
    assert_eq!(toegankelijk(&sparkline("x & y", &[Some(1.0)])).0, "x & y");
}

#[test]
fn automatische_omschrijving() {
    let (_, desc) = toegankelijk(&trend(&procent_trend()));
    assert!(
        desc.contains("van 11,6% in 2020 naar 14,1% in 2024"),
        "{desc}"
    );
    let (_, desc) = toegankelijk(&staven(&voorbeeld_staven()));
    assert!(desc.contains("1 niet getoond"), "{desc}");
    assert!(desc.contains("Nederland: 13,2%"), "{desc}");
}

#[test]
fn ids_verschillen_per_grafiek_en_id_veld_telt() {
    let a = trend(&procent_trend());
    let mut t = procent_trend();
    t.titel = "Andere titel".into();
    let b = trend(&t);
    let id = |svg: &str| {
        parse(svg)
            .root_element()
            .attribute("aria-labelledby")
            .unwrap()
            .to_string()
    };
    assert_ne!(id(&a), id(&b));
    t.id = "trend 1\"".into();
    assert_eq!(id(&trend(&t)), "trend1-titel trend1-omschrijving");
}

#[test]
fn nederlandse_getallen_op_de_as() {
    let svg = trend(&procent_trend());
    let d = parse(&svg);
    let t = teksten(&d);
    assert!(t.iter().any(|s| s == "12,0%"), "{t:?}");
    assert!(t.iter().all(|s| !s.contains('.')), "{t:?}");
    assert!(!svg.contains(">12.0"));

    let svg = stroom(&voorbeeld_stroom());
    let t = teksten(&parse(&svg));
    assert!(t.iter().any(|s| s.contains("1.")), "thousands dot: {t:?}");
    // Uitstroom goes down but is labelled as a positive count.
    assert!(
        t.iter().all(|s| !s.starts_with('−') && !s.starts_with('-')),
        "{t:?}"
    );
}

#[test]
fn grote_bedragen_in_miljoenen() {
    let t = Trend {
        titel: "Kosten".into(),
        eenheid: "euro".into(),
        perioden: jaren(2021, 2024),
        waarde: vec![
            Some(182.4e6),
            Some(201.9e6),
            Some(229.8e6),
            Some(240_553_243.27),
        ],
        ..Default::default()
    };
    let svg = trend(&t);
    let teksten = teksten(&parse(&svg));
    assert!(teksten.iter().any(|s| s == "€ 200 mln"), "{teksten:?}");
    assert!(teksten.iter().any(|s| s == "€ 240,6 mln"), "{teksten:?}");
    assert!(!svg.contains("000.000"));
}

#[test]
fn ontbrekende_waarde_is_een_gat_geen_nul() {
    let mut t = procent_trend();
    t.eenheid = "aantal".into();
    t.waarde = vec![Some(1.0), Some(2.0), None, Some(4.0), Some(5.0)];
    let met_gat = parse_owned(trend(&t));
    t.waarde[2] = Some(0.0);
    let met_nul = parse_owned(trend(&t));

    let d = parse(&met_gat);
    // One legend sample plus two pieces of line; a marker on each of the four values
    // (plus one in the legend).
    assert_eq!(lijnen(&d, "#0072B2"), 3);
    assert_eq!(stippen(&d, "#0072B2", "4"), 5);
    let d = parse(&met_nul);
    assert_eq!(lijnen(&d, "#0072B2"), 2);
    assert_eq!(stippen(&d, "#0072B2", "4"), 6);

    // NaN is a gap too.
    t.waarde[2] = Some(f64::NAN);
    let d = parse_owned(trend(&t));
    assert_eq!(lijnen(&parse(&d), "#0072B2"), 3);

    // Sparkline: two pieces, no point for the gap.
    let s = sparkline("s", &[Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)]);
    assert_eq!(lijnen(&parse(&s), "#0072B2"), 2);
}

fn parse_owned(s: String) -> String {
    parse(&s);
    s
}

#[test]
fn reeksen_verschillen_niet_alleen_in_kleur() {
    let mut t = procent_trend();
    t.landelijk = vec![Some(12.0); 5];
    t.streef = vec![Some(12.5); 5];
    let svg = trend(&t);
    let d = parse(&svg);
    let patroon = |kleur: &str| -> Vec<Option<String>> {
        elementen(&d, "polyline")
            .iter()
            .filter(|n| n.attribute("stroke") == Some(kleur))
            .map(|n| n.attribute("stroke-dasharray").map(str::to_string))
            .collect()
    };
    let hoofd = patroon("#0072B2");
    let nl = patroon("#555555");
    let streef = patroon("#009E72");
    assert!(hoofd.iter().all(Option::is_none));
    assert!(!nl.is_empty() && nl.iter().all(Option::is_some));
    assert!(!streef.is_empty() && streef.iter().all(Option::is_some));
    assert_ne!(nl[0], streef[0]);
    let t = teksten(&d);
    for legenda in ["Twente", "Nederland", "Streefwaarde"] {
        assert!(t.iter().any(|s| s == legenda), "{legenda} in {t:?}");
    }
}

#[test]
fn geen_gegevens() {
    let mut t = procent_trend();
    t.waarde = vec![None; 5];
    assert!(trend(&t).contains("geen gegevens"));
    assert!(trend(&Trend::default()).contains("geen gegevens"));
    assert!(sparkline("x", &[None, None]).contains("geen gegevens"));
    assert!(stroom(&Stroom::default()).contains("geen gegevens"));
    assert!(staven(&Staven::default()).contains("geen gegevens"));
    let mut s = voorbeeld_staven();
    for st in &mut s.staven {
        st.waarde = None;
    }
    s.landelijk = None;
    s.regio = None;
    assert!(staven(&s).contains("geen gegevens"));
    // National values but none for the region: the chart says so.
    let mut t = procent_trend();
    t.waarde = vec![None; 5];
    t.landelijk = vec![Some(12.0); 5];
    assert!(trend(&t).contains("geen gegevens voor Twente"));
}

#[test]
fn onderdrukte_staaf_heeft_geen_balk() {
    let svg = staven(&voorbeeld_staven());
    let d = parse(&svg);
    let t = teksten(&d);
    assert_eq!(t.iter().filter(|s| *s == "niet getoond").count(), 1);
    // Bars are 16px high rects: only for the two shown values.
    let balken = elementen(&d, "rect")
        .iter()
        .filter(|n| n.attribute("height") == Some("16") && n.attribute("fill") != Some("none"))
        .count();
    assert_eq!(balken, 2);
    assert!(t.iter().any(|s| s.starts_with("Nederland")));
    assert!(t.iter().any(|s| s.starts_with("Twente")));
    assert!(t.iter().any(|s| s == "14,6%"));
}

#[test]
fn sparkline_is_klein_zonder_assen() {
    let svg = sparkline("Enschede", &[Some(11.6), Some(12.3), Some(14.1)]);
    let d = parse(&svg);
    let root = d.root_element();
    let w: u32 = root.attribute("width").unwrap().parse().unwrap();
    let h: u32 = root.attribute("height").unwrap().parse().unwrap();
    assert!(w <= 160 && h <= 40, "{w}x{h}");
    assert!(teksten(&d).is_empty(), "no axis labels");
    // The last point is marked.
    assert_eq!(stippen(&d, "#0072B2", "3"), 1);
    assert!(svg.len() < 2500, "{} bytes", svg.len());
}

#[test]
fn randgevallen_zonder_paniek() {
    let een = Trend {
        titel: "Eén periode".into(),
        eenheid: "dagen".into(),
        perioden: vec!["2024".into()],
        waarde: vec![Some(42.0)],
        ci: vec![Some((35.0, 49.0))],
        landelijk: vec![Some(40.0)],
        ..Default::default()
    };
    toegankelijk(&trend(&een));

    let gelijk = Trend {
        titel: "Gelijk".into(),
        eenheid: "aantal".into(),
        perioden: jaren(2020, 2024),
        waarde: vec![Some(7.0); 5],
        ..Default::default()
    };
    let svg = trend(&gelijk);
    let t = teksten(&parse(&svg));
    // Padding gives distinct ticks around the value, whole numbers for counts.
    assert!(
        t.iter().any(|s| s == "6") && t.iter().any(|s| s == "8"),
        "{t:?}"
    );

    let negatief = Trend {
        titel: "Groei".into(),
        eenheid: "procent".into(),
        perioden: jaren(2020, 2023),
        waarde: vec![Some(-3.1), Some(-1.3), Some(2.4), Some(5.0)],
        ..Default::default()
    };
    let t = teksten(&parse(&trend(&negatief)));
    assert!(t.iter().any(|s| s.starts_with('−')), "{t:?}");

    // Series longer or shorter than the periods, reversed intervals, infinities.
    let rommel = Trend {
        titel: "Rommel".into(),
        eenheid: "onbekend".into(),
        perioden: jaren(2020, 2022),
        waarde: vec![
            Some(1.0),
            Some(f64::INFINITY),
            Some(3.0),
            Some(4.0),
            Some(5.0),
        ],
        ci: vec![Some((2.0, 0.5))],
        landelijk: vec![Some(2.0)],
        ..Default::default()
    };
    toegankelijk(&trend(&rommel));

    let mut s = voorbeeld_staven();
    s.eenheid = "euro".into();
    s.staven[0].waarde = Some(-3_900_000.0);
    s.staven[0].ci = None;
    s.staven[2].waarde = Some(6_400_000.0);
    s.landelijk = Some(f64::NAN);
    s.staven.push(Staaf {
        label: "Een gemeente met een heel erg lange naam na een herindeling".into(),
        waarde: Some(0.0),
        ..Default::default()
    });
    let svg = staven(&s);
    toegankelijk(&svg);
    assert!(svg.contains("…"));

    toegankelijk(&sparkline("één", &[Some(5.0)]));
    toegankelijk(&sparkline("gelijk", &[Some(5.0), Some(5.0)]));
    let mut st = voorbeeld_stroom();
    st.perioden = vec!["2024-K1".into()];
    st.uitstroom = vec![Some(-12.0)];
    toegankelijk(&stroom(&st));
}

#[test]
fn deterministisch() {
    assert_eq!(trend(&procent_trend()), trend(&procent_trend()));
    assert_eq!(staven(&voorbeeld_staven()), staven(&voorbeeld_staven()));
    assert_eq!(stroom(&voorbeeld_stroom()), stroom(&voorbeeld_stroom()));
    assert_eq!(
        trechter(&voorbeeld_trechter()),
        trechter(&voorbeeld_trechter())
    );
}

#[test]
fn trechter_indeling_met_handgemaakte_grenzen() {
    // Given unsorted: at volume 10 the limits are 95% 4–8, 99,8% 2–10; at 100: 5–7 and 4–8.
    // At 55, halfway: 4,5–7,5 and 3–9.
    let t = Trechter {
        punten: vec![
            tp("op de 95%-grens", 10.0, 8.0),
            tp("op de onderste 95%-grens", 10.0, 4.0),
            tp("net erboven", 10.0, 8.5),
            tp("op de 99,8%-grens", 10.0, 10.0),
            tp("erboven", 10.0, 10.5),
            tp("eronder", 10.0, 1.0),
            tp("geïnterpoleerd op de grens", 55.0, 7.5),
            tp("geïnterpoleerd eronder", 55.0, 3.5),
            tp("voor de eerste rij", 5.0, 9.0),
            tp("na de laatste rij", 1000.0, 7.5),
            tp("geen waarde", 50.0, f64::NAN),
        ],
        grenzen: vec![(100.0, 7.0, 5.0, 4.0, 8.0), (10.0, 4.0, 8.0, 2.0, 10.0)],
        ..Default::default()
    };
    assert_eq!(
        trechter_indeling(&t),
        vec![
            "binnen", "binnen", "let op", "let op", "buiten", "buiten", "binnen", "let op",
            "let op", "let op", "onbekend"
        ]
    );
    let l = trechter_ligging(&t);
    assert_eq!(l[2], Ligging::LetOp { boven: true });
    assert_eq!(l[4], Ligging::Buiten { boven: true });
    assert_eq!(l[5], Ligging::Buiten { boven: false });
    assert_eq!(l[7], Ligging::LetOp { boven: false });
    // Without limits nothing can be classified.
    let zonder = Trechter {
        grenzen: vec![],
        ..t.clone()
    };
    assert!(trechter_indeling(&zonder).iter().all(|s| *s == "onbekend"));
    // The chart's own description uses the same classification.
    let (_, desc) = toegankelijk(&trechter(&t));
    assert!(
        desc.contains("3 aanbieders binnen de 95%-grenzen, 5 tussen 95% en 99,8%, 1 boven en 1 onder de 99,8%-grenzen."),
        "{desc}"
    );
    assert!(
        desc.contains("zonder geldige waarde niet getekend"),
        "{desc}"
    );
}

#[test]
fn trechter_omschrijving_telt() {
    let t = voorbeeld_trechter();
    assert_eq!(
        trechter_indeling(&t),
        vec![
            "binnen", "buiten", "buiten", "let op", "binnen", "let op", "binnen", "binnen",
            "binnen", "binnen", "binnen", "binnen", "binnen", "binnen", "binnen"
        ]
    );
    let (titel, desc) = toegankelijk(&trechter(&t));
    assert_eq!(titel, t.titel);
    assert!(
        desc.contains("11 aanbieders binnen de 95%-grenzen, 2 tussen 95% en 99,8%, 1 boven en 1 onder de 99,8%-grenzen."),
        "{desc}"
    );
    assert!(
        desc.contains("Boven de 99,8%-grens: Zorggroep De Linde (9,5%)."),
        "{desc}"
    );
    assert!(
        desc.contains("Onder de 99,8%-grens: Kindpraktijk Noord (3,1%)."),
        "{desc}"
    );
    assert!(desc.contains("Jeugdzorg Oost: 7,4%"), "{desc}");

    // Only above: the wording of the brief.
    let mut boven = voorbeeld_trechter();
    boven.punten.retain(|p| p.label != "Kindpraktijk Noord");
    let (_, desc) = toegankelijk(&trechter(&boven));
    assert!(
        desc.contains(
            "11 aanbieders binnen de 95%-grenzen, 2 tussen 95% en 99,8%, 1 boven de 99,8%-grens."
        ),
        "{desc}"
    );
    // A caller's description wins.
    boven.omschrijving = "Eigen tekst".into();
    assert_eq!(toegankelijk(&trechter(&boven)).1, "Eigen tekst");
}

#[test]
fn trechter_vormen_en_legenda() {
    let svg = trechter(&voorbeeld_trechter());
    let d = parse(&svg);
    let cirkels = elementen(&d, "circle");
    let veelhoeken = elementen(&d, "polygon");
    // Outside: vermilion diamonds (polygons), never circles; one more in the legend.
    let ruiten = veelhoeken
        .iter()
        .filter(|n| n.attribute("fill") == Some("#D55E00"))
        .count();
    assert_eq!(ruiten, 2 + 1);
    assert!(cirkels.iter().all(
        |n| n.attribute("fill") != Some("#D55E00") && n.attribute("stroke") != Some("#D55E00")
    ));
    // Between the limits: open orange rings.
    let ringen: Vec<_> = cirkels
        .iter()
        .filter(|n| n.attribute("stroke") == Some("#A66A00"))
        .collect();
    assert_eq!(ringen.len(), 2 + 1);
    assert!(ringen.iter().all(|n| n.attribute("fill") == Some("none")));
    // Inside: filled blue dots, the highlighted one larger.
    assert_eq!(stippen(&d, "#0072B2", "4"), 10 + 1);
    assert_eq!(stippen(&d, "#0072B2", "6"), 1);
    let t = teksten(&d);
    for tekst in [
        "Twente 6,2%",
        "95%-grens",
        "99,8%-grens",
        "binnen de 95%-grenzen",
        "tussen 95% en 99,8%",
        "buiten de 99,8%-grenzen",
        "Jeugdzorg Oost",
        "Aantal afgesloten trajecten (noemer)",
    ] {
        assert!(t.iter().any(|s| s == tekst), "{tekst} in {t:?}");
    }
    // Only the highlighted provider is labelled.
    assert!(!t.iter().any(|s| s == "Zorggroep De Linde"));

    // Limits dashed and dotted, the centre line solid.
    let patroon = |kleur: &str| -> Vec<Option<String>> {
        elementen(&d, "polyline")
            .iter()
            .filter(|n| n.attribute("stroke") == Some(kleur))
            .map(|n| n.attribute("stroke-dasharray").map(str::to_string))
            .collect()
    };
    let p95 = patroon("#3F5A73");
    let p998 = patroon("#6E7F91");
    let midden = patroon("#1A1A1A");
    assert!(p95.len() >= 3 && p95.iter().all(Option::is_some));
    assert!(p998.len() >= 3 && p998.iter().all(Option::is_some));
    assert_ne!(p95[0], p998[0]);
    assert_eq!(midden.len(), 2, "legend and line");
    assert!(midden.iter().all(Option::is_none));
}

/// y pixels of a polyline's points.
fn ys(n: &Node) -> Vec<i32> {
    n.attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect()
}

/// Top and bottom of the plot: the extreme horizontal grid lines.
fn plotvak(d: &Document) -> (i32, i32) {
    let raster: Vec<i32> = elementen(d, "polyline")
        .iter()
        .filter(|n| n.attribute("stroke") == Some("#E3E3E3"))
        .map(ys)
        .filter(|y| y.len() == 2 && y[0] == y[1])
        .map(|y| y[0])
        .collect();
    (*raster.iter().min().unwrap(), *raster.iter().max().unwrap())
}

#[test]
fn trechter_nederlandse_getallen_en_bereik() {
    let svg = trechter(&voorbeeld_trechter());
    let d = parse(&svg);
    let t = teksten(&d);
    assert!(t.iter().any(|s| s == "1.000"), "thousands dot on x: {t:?}");
    assert!(t.iter().any(|s| s == "10%"), "{t:?}");
    assert!(!t.iter().any(|s| s.contains("1000") || s.contains("1,000")));
    // The funnel's mouth (limits run far above 30% at volume 2) does not set the range.
    assert!(t.iter().any(|s| s == "0%"), "{t:?}");
    assert!(!t.iter().any(|s| s == "40%" || s == "50%"), "{t:?}");
    // The limit curves are clipped to the plot.
    let (boven, onder) = plotvak(&d);
    for n in elementen(&d, "polyline").iter().filter(|n| {
        matches!(n.attribute("stroke"), Some("#3F5A73") | Some("#6E7F91")) && ys(n).len() > 2
    }) {
        assert!(
            ys(n).iter().all(|y| (boven..=onder).contains(y)),
            "{:?}",
            ys(n)
        );
    }

    // One tiny provider: its limits (0–58% at volume 2) widen the range by at most the
    // spread of the points.
    let mut t = voorbeeld_trechter();
    t.punten = vec![
        tp("Klein", 2.0, 0.0),
        tp("A", 1000.0, 6.0),
        tp("B", 1500.0, 7.0),
        tp("C", 2000.0, 8.0),
    ];
    let t_svg = trechter(&t);
    let labels = teksten(&parse(&t_svg));
    let max_tick = labels
        .iter()
        .filter_map(|s| s.strip_suffix('%'))
        .filter_map(|s| s.replace(',', ".").parse::<f64>().ok())
        .fold(0.0, f64::max);
    assert!(max_tick <= 20.0, "{labels:?}");

    // Percentages stay within 0–100 even where the limits do not.
    let mut t = voorbeeld_trechter();
    t.doel = 60.0;
    t.doel_label = String::new();
    t.grenzen = procentgrenzen(60.0, &rooster())
        .into_iter()
        .map(|(n, a, b, c, e)| (n, a, b, c - 50.0, e + 50.0))
        .collect();
    t.punten = vec![tp("A", 3.0, 99.0), tp("B", 4.0, 1.0), tp("C", 2000.0, 60.0)];
    let svg = trechter(&t);
    let labels = teksten(&parse(&svg));
    assert!(labels.iter().any(|s| s == "100%"), "{labels:?}");
    assert!(labels.iter().any(|s| s == "0%"), "{labels:?}");
    assert!(
        !labels
            .iter()
            .any(|s| s.starts_with('−') || s == "110%" || s == "120%"),
        "{labels:?}"
    );
    assert!(labels.iter().any(|s| s == "Regio 60,0%"), "{labels:?}");
}

#[test]
fn trechter_verhouding_en_randgevallen() {
    let e = |v: f64| -> (f64, f64, f64, f64, f64) {
        let se = 1.0 / v.sqrt();
        (
            v,
            1.0 - 1.96 * se,
            1.0 + 1.96 * se,
            1.0 - 3.09 * se,
            1.0 + 3.09 * se,
        )
    };
    let t = Trechter {
        titel: "O/E".into(),
        eenheid: "verhouding".into(),
        punten: vec![tp("A", 40.0, 1.12), tp("B", 90.0, 1.41), tp("C", 20.0, 0.8)],
        doel: 1.0,
        grenzen: (10..=120).step_by(5).map(|v| e(v as f64)).collect(),
        ..Default::default()
    };
    let svg = trechter(&t);
    let d = parse(&svg);
    let labels = teksten(&d);
    assert!(labels.iter().any(|s| s == "1,00"), "{labels:?}");
    assert!(labels.iter().any(|s| s == "Regio 1,00"), "{labels:?}");
    let (_, desc) = toegankelijk(&svg);
    assert!(desc.contains("vergeleken met Regio 1,00"), "{desc}");
    assert!(desc.contains("B (1,41)"), "{desc}");

    // No providers.
    let leeg = Trechter {
        eenheid: "procent".into(),
        doel: 6.2,
        grenzen: procentgrenzen(6.2, &rooster()),
        ..Default::default()
    };
    let svg = trechter(&leeg);
    assert!(svg.contains("geen aanbieders met genoeg gegevens"));
    assert!(toegankelijk(&svg).1.contains("Geen aanbieders"));
    // Only points without a value count as none.
    let mut nan = leeg.clone();
    nan.punten = vec![tp("X", f64::NAN, 3.0)];
    assert!(trechter(&nan).contains("geen aanbieders met genoeg gegevens"));

    // One point, highlighted: drawn and labelled.
    let mut een = voorbeeld_trechter();
    een.punten.truncate(1);
    let svg = trechter(&een);
    let (_, desc) = toegankelijk(&svg);
    assert!(desc.starts_with("1 aanbieder, "), "{desc}");
    assert!(teksten(&parse(&svg)).iter().any(|s| s == "Jeugdzorg Oost"));

    // All providers the same volume; and a single row of limits.
    let mut gelijk = voorbeeld_trechter();
    for p in &mut gelijk.punten {
        p.volume = 200.0;
    }
    toegankelijk(&trechter(&gelijk));
    gelijk.grenzen = vec![(200.0, 3.0, 9.0, 1.5, 11.0)];
    let svg = trechter(&gelijk);
    toegankelijk(&svg);
    assert_eq!(
        elementen(&parse(&svg), "polygon")
            .iter()
            .filter(|n| n.attribute("fill") == Some("#D55E00"))
            .count(),
        4 + 1,
        "11,3%, 15% and 21% above, 0% below 1,5–11"
    );

    // No limits: points without classes, no limit legend; equal values; infinite limits.
    let mut zonder = voorbeeld_trechter();
    zonder.grenzen = vec![(f64::INFINITY, 1.0, 2.0, 0.0, 3.0)];
    let svg = trechter(&zonder);
    let (_, desc) = toegankelijk(&svg);
    assert!(desc.contains("Geen controlegrenzen opgegeven."), "{desc}");
    assert!(!teksten(&parse(&svg)).iter().any(|s| s == "95%-grens"));
    let mut vlak = voorbeeld_trechter();
    for p in &mut vlak.punten {
        p.waarde = 6.2;
    }
    vlak.grenzen.clear();
    toegankelijk(&trechter(&vlak));
    toegankelijk(&trechter(&Trechter {
        punten: vec![tp("nul", 0.0, 0.0)],
        doel: f64::NAN,
        ..Default::default()
    }));
}
