//! The PDF engine end to end: real PDFs, read back by an independent reader (poppler's
//! `pdftotext` / `pdfinfo`, Debian package `poppler-utils`; scripts/test installs it).

use std::path::Path;
use std::process::Command;

use report::{Blok, Document, ReportFout, Sectie, pdf};

const VOETNOOT: &str = "Aantallen onder 10 worden niet getoond. Synthetische demodata.";

fn poppler(programma: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pad = dir.path().join("t.pdf");
    std::fs::write(&pad, pdf).unwrap();
    let uit = Command::new(programma)
        .args(args)
        .arg(&pad)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{programma} niet gevonden ({e}): installeer poppler-utils \
                 (apt-get install -y poppler-utils); scripts/test doet dat"
            )
        });
    assert!(
        uit.status.success(),
        "{programma} faalde: {}",
        String::from_utf8_lossy(&uit.stderr)
    );
    String::from_utf8(uit.stdout).unwrap()
}

/// All text of the PDF, or of pages `van..=tot`.
fn tekst(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
}

fn tekst_pagina(pdf: &[u8], pagina: usize) -> String {
    let p = pagina.to_string();
    poppler("pdftotext", &["-enc", "UTF-8", "-f", &p, "-l", &p], pdf)
}

fn info(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pad = dir.path().join("t.pdf");
    std::fs::write(&pad, pdf).unwrap();
    let uit = Command::new("pdfinfo")
        .arg(&pad)
        .output()
        .expect("pdfinfo niet gevonden: installeer poppler-utils");
    assert!(uit.status.success());
    String::from_utf8(uit.stdout).unwrap()
}

fn aantal_paginas(pdf: &[u8]) -> usize {
    info(pdf)
        .lines()
        .find_map(|r| r.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Pages: in pdfinfo")
}

/// Collapses whitespace so text broken over lines by the layout still matches.
fn plat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn trend_svg() -> String {
    charts::trend(&charts::Trend {
        titel: "Aandeel jeugdigen met jeugdhulp".into(),
        omschrijving: String::new(),
        eenheid: "procent".into(),
        perioden: ["2020", "2021", "2022", "2023", "2024"]
            .map(String::from)
            .into(),
        waarde: vec![Some(12.1), Some(12.8), None, Some(13.2), Some(13.6)],
        ci: vec![
            Some((11.5, 12.7)),
            Some((12.2, 13.4)),
            None,
            Some((12.6, 13.8)),
            Some((13.0, 14.2)),
        ],
        landelijk: vec![Some(11.0), Some(11.3), Some(11.5), Some(11.8), Some(12.0)],
        streef: vec![None, None, None, Some(13.0), Some(12.5)],
        reeksnaam: "Twente".into(),
        id: "trend".into(),
    })
}

fn staven_svg() -> String {
    let gemeenten = [
        ("Almelo", Some(14.2)),
        ("Borne", Some(11.9)),
        ("Dinkelland", None),
        ("Enschede", Some(15.1)),
        ("Haaksbergen", Some(12.4)),
        ("Hengelo", Some(13.8)),
    ];
    charts::staven(&charts::Staven {
        titel: "Aandeel per gemeente, 2024".into(),
        omschrijving: String::new(),
        eenheid: "procent".into(),
        staven: gemeenten
            .iter()
            .map(|(g, w)| charts::Staaf {
                label: g.to_string(),
                waarde: *w,
                ci: w.map(|w| (w - 0.8, w + 0.8)),
                nadruk: *g == "Enschede",
            })
            .collect(),
        landelijk: Some(12.0),
        regio: Some(13.6),
        regio_naam: "Twente".into(),
        id: "staven".into(),
    })
}

fn s(t: &str) -> String {
    t.to_string()
}

/// A realistic verslag with every block kind and a table long enough to break.
fn voorbeeld() -> Document {
    let gemeenten = [
        "Almelo",
        "Borne",
        "Dinkelland",
        "Enschede",
        "Haaksbergen",
        "Hellendoorn",
        "Hengelo",
        "Hof van Twente",
        "Losser",
        "Oldenzaal",
        "Rijssen-Holten",
        "Tubbergen",
        "Twenterand",
        "Wierden",
    ];
    let mut lang = Vec::new();
    for (i, g) in gemeenten.iter().cycle().take(70).enumerate() {
        let jaar = 2020 + i / 14;
        let n = 180 + (i * 37) % 900;
        lang.push(vec![
            s(g),
            jaar.to_string(),
            if n < 200 {
                s("< 10")
            } else {
                format!("{}.{:03}", n / 1000, n % 1000)
                    .trim_start_matches("0.")
                    .to_string()
            },
            format!("{},{}%", 10 + i % 7, i % 10),
        ]);
    }
    Document {
        titel: s("Verslag duidingssessie jeugdhulp Twente"),
        ondertitel: s("Duiding van de indicatoren over 2024, release r0007"),
        auteur: s("Regionaal Inkoopbureau Jeugd Twente"),
        datum: s("2025-03-14"),
        voetnoot: s(VOETNOOT),
        secties: vec![
            Sectie {
                kop: s("Samenvatting"),
                blokken: vec![
                    Blok::Kernwaarden(vec![
                        (s("jeugdigen met jeugdhulp"), s("13,6%")),
                        (s("trajecten gestart"), s("4.812")),
                        (s("gemiddelde trajectduur"), s("412 dagen")),
                        (s("binnen 6 weken gestart"), s("81,2%")),
                    ]),
                    Blok::Alinea(s(
                        "Het aandeel jeugdigen met jeugdhulp steeg in 2024 naar 13,6%. Dat is \
                         boven het landelijke cijfer (12,0%) en boven het streefpad voor dit \
                         jaar. De stijging zit vooral in ambulante hulp bij de wijkteams; het \
                         aantal verblijfstrajecten bleef gelijk.\n\nDe sessie concludeert dat \
                         de cijfers het beeld uit de praktijk bevestigen. De deelnemers vragen \
                         om een uitsplitsing naar leeftijd in de volgende release.",
                    )),
                ],
            },
            Sectie {
                kop: s("Aanwezigen"),
                blokken: vec![Blok::Opsomming(vec![
                    s("M. de Vries, beleidsadviseur jeugd, gemeente Enschede (voorzitter)"),
                    s("A. Jansen, contractmanager, Regionaal Inkoopbureau"),
                    s("K. Ëlsink, dataspecialist (verslag)"),
                    s("R. Bakker, teamleider wijkteam Hengelo"),
                ])],
            },
            Sectie {
                kop: s("Ontwikkeling over de jaren"),
                blokken: vec![
                    Blok::Grafiek {
                        svg: trend_svg(),
                        alt: s(
                            "Lijngrafiek: het aandeel jeugdigen met jeugdhulp in Twente \
                                steeg van 12,1% in 2020 naar 13,6% in 2024; landelijk van \
                                11,0% naar 12,0%. 2022 ontbreekt.",
                        ),
                    },
                    Blok::Alinea(s(
                        "In 2022 ontbreekt de waarde: twee gemeenten leverden dat jaar \
                                    niet volledig aan.",
                    )),
                    Blok::Grafiek {
                        svg: staven_svg(),
                        alt: s(
                            "Staafgrafiek per gemeente; Dinkelland is niet getoond (minder \
                                dan 10 jeugdigen).",
                        ),
                    },
                ],
            },
            Sectie {
                kop: s("Cijfers per gemeente"),
                blokken: vec![Blok::Tabel {
                    titel: s("Jeugdigen met jeugdhulp per gemeente en jaar"),
                    koppen: vec![s("Gemeente"), s("Jaar"), s("Jeugdigen"), s("Aandeel")],
                    rijen: lang,
                    rechts: vec![false, true, true, true],
                }],
            },
            Sectie {
                kop: s("Afspraken en acties"),
                blokken: vec![
                    Blok::Tabel {
                        titel: s("Acties"),
                        koppen: vec![s("Actie"), s("Eigenaar"), s("Gereed"), s("Kosten")],
                        rijen: vec![
                            vec![
                                s("Uitsplitsing naar leeftijd toevoegen"),
                                s("Datateam"),
                                s("1 juni 2025"),
                                s("€ 0"),
                            ],
                            vec![
                                s("Gesprek met aanbieders over wachttijden"),
                                s("A. Jansen"),
                                s("15 april 2025"),
                                s("€ 1.250"),
                            ],
                        ],
                        rechts: vec![false, false, false, true],
                    },
                    Blok::Alinea(s("Volgende sessie: na release r0008.")),
                ],
            },
        ],
    }
}

#[test]
fn elke_bloksoort_geeft_een_leesbare_pdf() {
    let doc = voorbeeld();
    let bytes = pdf(&doc).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"), "geen PDF-kop");
    // Keep the sample for a person to look at.
    let map = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(map.join("rapport-voorbeeld.pdf"), &bytes).unwrap();
    if let Ok(pad) = std::env::var("RAPPORT_VOORBEELD") {
        std::fs::write(pad, &bytes).unwrap();
    }

    let alles = tekst(&bytes);
    let vlak = plat(&alles);
    for verwacht in [
        "Verslag duidingssessie jeugdhulp Twente",
        "14 maart 2025",
        "13,6%",
        "4.812",
        "Hof van Twente",
        "Rijssen-Holten",
        "Gesprek met aanbieders over wachttijden",
        "€ 1.250",
        "K. Ëlsink",
        "Tabel 1: Jeugdigen met jeugdhulp per gemeente en jaar",
        "Volgende sessie: na release r0008.",
    ] {
        assert!(
            vlak.contains(verwacht),
            "{verwacht:?} ontbreekt in:\n{alles}"
        );
    }

    let n = aantal_paginas(&bytes);
    assert!(n >= 3, "de lange tabel moet over pagina's lopen ({n})");
    for p in 1..=n {
        let t = plat(&tekst_pagina(&bytes, p));
        assert!(
            t.contains(VOETNOOT),
            "voetnoot ontbreekt op pagina {p}: {t}"
        );
        assert!(
            t.contains(&format!("pagina {p} van {n}")),
            "paginanummer op pagina {p}: {t}"
        );
        assert!(
            t.contains("Verslag duidingssessie jeugdhulp Twente"),
            "kop op pagina {p}"
        );
    }
    // The long table runs onto a next page and repeats its header there.
    let vervolg = (2..=n)
        .find(|&p| {
            let t = tekst_pagina(&bytes, p);
            t.contains("Wierden") && t.contains("Tubbergen")
        })
        .expect("een vervolgpagina van de lange tabel");
    let t = tekst_pagina(&bytes, vervolg);
    assert!(
        t.contains("Gemeente") && t.contains("Jeugdigen") && t.contains("Aandeel"),
        "koprij niet herhaald op pagina {vervolg}:\n{t}"
    );
}

#[test]
fn metadata_en_toegankelijkheid() {
    let bytes = pdf(&voorbeeld()).unwrap();
    let i = info(&bytes);
    assert!(
        i.contains("Title:") && i.contains("Verslag duidingssessie jeugdhulp Twente"),
        "{i}"
    );
    assert!(
        i.contains("Regionaal Inkoopbureau Jeugd Twente"),
        "auteur: {i}"
    );
    assert!(
        i.lines()
            .any(|r| r.starts_with("Tagged:") && r.ends_with("yes")),
        "niet getagd: {i}"
    );
    assert!(
        i.contains("Page size:") && i.contains("595.") && i.contains("841."),
        "geen A4: {i}"
    );
    assert!(i.contains("2025"), "datum ontbreekt: {i}");
    // PDF/UA-1 identification and the language live in the (uncompressed) XMP/catalog.
    let ruw = String::from_utf8_lossy(&bytes);
    assert!(ruw.contains("pdfuaid:part"), "geen PDF/UA-identificatie");
    assert!(
        ruw.contains("/Lang (nl") || ruw.contains("/Lang(nl"),
        "geen taal nl"
    );
}

#[test]
fn zelfde_document_zelfde_bytes() {
    let doc = voorbeeld();
    assert_eq!(pdf(&doc).unwrap(), pdf(&doc).unwrap());
}

#[test]
fn bijzondere_tekens_komen_letterlijk_uit() {
    let lastig = [
        "#let x = 1",
        "$x^2$ kost € 5",
        "*vet* en _schuin_",
        "<script>alert(1)</script>",
        "mail@voorbeeld.nl en @label",
        "[x] en ]]",
        r"C:\pad\naar\bestand \\ eind \",
        "`code` ~ ^ = - + / % &",
        "// geen commentaar /* ook niet */",
        "\"aanhalingstekens\" en 'enkele'",
        "Coëfficiënt van Hoogeveen-Üzüm",
        "= geen kop",
        "- geen lijst",
        "#{panic()}",
    ];
    let doc = Document {
        titel: s("Titel met # en $ en [x]"),
        ondertitel: s("<b>geen html</b>"),
        auteur: s("Ä. ü\\ß"),
        datum: s("2024-02-29"),
        voetnoot: s("Voetnoot met *ster* en #hekje."),
        secties: vec![Sectie {
            kop: s("Kop met #set text(red) en \\"),
            blokken: vec![
                Blok::Alinea(lastig.join("\n")),
                Blok::Opsomming(lastig.iter().map(|t| s(t)).collect()),
                Blok::Kernwaarden(vec![(s("#label"), s("$ 13,6%"))]),
                Blok::Tabel {
                    titel: s("Tabel met [haken]"),
                    koppen: vec![s("#kop"), s("*")],
                    rijen: lastig.iter().map(|t| vec![s(t), s("\\")]).collect(),
                    rechts: vec![false, true],
                },
            ],
        }],
    };
    let bytes = pdf(&doc).expect("bijzondere tekens mogen de opmaak niet breken");
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("rapport-tekens.pdf"),
        &bytes,
    )
    .unwrap();
    let alles = tekst(&bytes);
    let vlak = plat(&alles);
    for t in lastig.iter().chain(&[
        "Titel met # en $ en [x]",
        "<b>geen html</b>",
        "Kop met #set text(red) en \\",
        "Voetnoot met *ster* en #hekje.",
        "$ 13,6%",
        "Tabel met [haken]",
        "29 februari 2024",
    ]) {
        assert!(
            vlak.contains(&plat(t)),
            "{t:?} niet letterlijk in:\n{alles}"
        );
    }
}

#[test]
fn leeg_document_compileert() {
    let bytes = pdf(&Document::default()).expect("leeg document");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(aantal_paginas(&bytes), 1);
    // Sections and blocks without content compile too.
    let doc = Document {
        titel: s("Leeg"),
        secties: vec![Sectie {
            kop: String::new(),
            blokken: vec![
                Blok::Alinea(String::new()),
                Blok::Kernwaarden(vec![]),
                Blok::Opsomming(vec![]),
                Blok::Tabel {
                    titel: String::new(),
                    koppen: vec![],
                    rijen: vec![],
                    rechts: vec![],
                },
                Blok::Tabel {
                    titel: s("Zonder rijen"),
                    koppen: vec![s("A"), s("B")],
                    rijen: vec![],
                    rechts: vec![true],
                },
                Blok::Tabel {
                    titel: s("Ongelijke rijen"),
                    koppen: vec![s("A")],
                    rijen: vec![vec![s("1"), s("2"), s("3")], vec![]],
                    rechts: vec![true, true, true, true, true],
                },
            ],
        }],
        ..Document::default()
    };
    let t = plat(&tekst(&pdf(&doc).expect("lege blokken")));
    assert!(t.contains("Geen gegevens."), "{t}");
    assert!(t.contains("1 2 3"), "{t}");
}

#[test]
fn kapotte_svg_geeft_een_duidelijke_fout() {
    let mut doc = voorbeeld();
    doc.secties.push(Sectie {
        kop: s("Kapot"),
        blokken: vec![Blok::Grafiek {
            svg: s("<svg><g></svg"),
            alt: s("Kapotte grafiek"),
        }],
    });
    let fout = pdf(&doc).expect_err("kapotte SVG");
    let melding = fout.to_string();
    eprintln!("melding: {melding}");
    assert!(
        matches!(&fout, ReportFout::Grafiek { nummer: 3, alt, .. } if alt == "Kapotte grafiek"),
        "{fout:?}"
    );
    assert!(
        melding.contains("grafiek 3") && melding.contains("SVG"),
        "{melding}"
    );

    let geen_svg = Document {
        secties: vec![Sectie {
            kop: s("x"),
            blokken: vec![Blok::Grafiek {
                svg: s("geen svg"),
                alt: s("tekst"),
            }],
        }],
        ..Document::default()
    };
    let fout = pdf(&geen_svg).expect_err("tekst is geen SVG");
    assert!(
        matches!(fout, ReportFout::Grafiek { nummer: 1, .. }),
        "{fout:?}"
    );
}

#[test]
fn ongeldige_datum_is_een_fout() {
    let doc = Document {
        datum: s("14-03-2025"),
        ..Document::default()
    };
    let fout = pdf(&doc).unwrap_err();
    assert!(matches!(fout, ReportFout::Datum(_)), "{fout:?}");
    assert!(fout.to_string().contains("jjjj-mm-dd"));
}

#[test]
fn tekens_buiten_de_letters_breken_de_pdf_niet() {
    // DejaVu Sans has no CJK: the PDF/UA check would refuse the glyphs, so they become �.
    let doc = Document {
        titel: s("Overleg met 李 en Ëlsink"),
        secties: vec![Sectie {
            kop: s("漢字"),
            blokken: vec![Blok::Alinea(s("tekst 漢字 ✓ → ≥ ½ \u{ad}zacht\u{200b}"))],
        }],
        ..Document::default()
    };
    let t = plat(&tekst(&pdf(&doc).expect("onbekende tekens")));
    assert!(t.contains("Overleg met \u{fffd} en Ëlsink"), "{t}");
    assert!(t.contains("tekst \u{fffd}\u{fffd} ✓ → ≥ ½ zacht"), "{t}");
}

#[test]
fn grafiek_zonder_alt_is_een_fout() {
    let doc = Document {
        titel: s("x"),
        secties: vec![Sectie {
            kop: s("k"),
            blokken: vec![
                Blok::Grafiek {
                    svg: trend_svg(),
                    alt: s("trend"),
                },
                Blok::Grafiek {
                    svg: trend_svg(),
                    alt: s("  "),
                },
            ],
        }],
        ..Document::default()
    };
    let fout = pdf(&doc).unwrap_err();
    assert!(
        matches!(fout, ReportFout::Grafiek { nummer: 2, .. }),
        "{fout:?}"
    );
    assert!(fout.to_string().contains("tekstalternatief"), "{fout}");
}

#[test]
fn pagina_termen_en_statuscellen() {
    let doc = Document {
        titel: s("Jaarrapport"),
        datum: s("2025-06-30"),
        secties: vec![
            Sectie {
                kop: s("Eerste"),
                blokken: vec![
                    Blok::Tabel {
                        titel: s("In één oogopslag"),
                        koppen: vec![s("Indicator"), s("Status")],
                        rijen: vec![
                            vec![s("Crisis"), s("✓ op koers")],
                            vec![s("Wachttijd"), s("! aandacht")],
                            vec![s("Hermeldingen"), s("✗ afwijkend")],
                            vec![s("Alleen een teken"), s("✓ ")],
                        ],
                        rechts: vec![false, false],
                    },
                    Blok::Pagina,
                    // A second break at the top of a page adds no empty page.
                    Blok::Pagina,
                ],
            },
            Sectie {
                kop: s("Definities"),
                blokken: vec![
                    Blok::Tussenkop(s("Begrippen")),
                    Blok::Termen(vec![
                        (
                            s("Jeugdhulpgebruik"),
                            s("Jeugdigen met jeugdhulp.\n\nTweede alinea."),
                        ),
                        (s("#Wachttijd"), s("Dagen tot de start.")),
                    ]),
                ],
            },
        ],
        ..Document::default()
    };
    let bytes = pdf(&doc).expect("pdf");
    assert_eq!(
        aantal_paginas(&bytes),
        2,
        "één pagina-einde, geen lege pagina"
    );
    let een = plat(&tekst_pagina(&bytes, 1));
    assert!(
        een.contains("✓ op koers") && een.contains("✗ afwijkend"),
        "{een}"
    );
    assert!(!een.contains("Definities"), "{een}");
    let twee = plat(&tekst_pagina(&bytes, 2));
    for verwacht in [
        "Definities",
        "Begrippen",
        "Jeugdhulpgebruik",
        "Tweede alinea.",
        "#Wachttijd",
    ] {
        assert!(twee.contains(verwacht), "{verwacht:?} ontbreekt: {twee}");
    }
}
