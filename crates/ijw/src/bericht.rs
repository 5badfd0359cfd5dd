//! One iJw message: read safely, validated against its XSD, and its facts taken out. Only a
//! message without a single schema error yields facts; the BSN is replaced by its pseudonym
//! here, so no type of this crate ever holds a BSN.

use chrono::NaiveDate;

use crate::pseudoniem::Sleutel;
use crate::xsd::{Fout, Schemas};

/// The largest message accepted, in bytes. A JW323 of a large provider for a month is a few
/// megabytes; anything near this size is damaged or hostile and is refused unread.
pub const MAX_BERICHT: u64 = 32 * 1024 * 1024;
/// The most XML nodes one message may have (a bound on memory whatever its shape).
pub const MAX_KNOPEN: u32 = 4_000_000;

/// Why a message is not loaded: one or more problems, each with place, value and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Berichtfout {
    /// The message id from the header, when it could be read.
    pub bericht_id: Option<String>,
    pub fouten: Vec<Fout>,
}

impl Berichtfout {
    fn een(pad: &str, waarde: &str, reden: impl Into<String>) -> Berichtfout {
        Berichtfout {
            bericht_id: None,
            fouten: vec![Fout {
                pad: pad.into(),
                waarde: waarde.into(),
                reden: reden.into(),
            }],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kop {
    /// `JW301`, `JW305`, `JW307`, `JW315` or `JW323`.
    pub soort: &'static str,
    pub identificatie: String,
    pub dagtekening: NaiveDate,
    pub afzender: String,
    pub ontvanger: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Keyed pseudonym of the BSN (never the BSN).
    pub pseudoniem: String,
    pub geboortedatum: NaiveDate,
    /// COD170 DatumGebruik: `1` day unknown, `2` day and month unknown, absent: whole date.
    pub datum_gebruik: Option<String>,
    pub geslacht: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub categorie: String,
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aangevraagd {
    pub referentie: String,
    pub product: Option<Product>,
    /// COD327 verwijzer type.
    pub verwijzer: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toegewezen {
    pub nummer: String,
    pub referentie: Option<String>,
    pub product: Option<Product>,
    pub toewijzingsdatum: NaiveDate,
    pub ingangsdatum: NaiveDate,
    pub einddatum: Option<NaiveDate>,
    pub reden_wijziging: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gestart {
    pub nummer: String,
    pub begindatum: NaiveDate,
    /// `1` eerste, `2` gewijzigd, `3` verwijderen.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gestopt {
    pub nummer: String,
    pub einddatum: NaiveDate,
    pub reden: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prestatie {
    pub client: String,
    pub nummer: String,
    pub categorie: String,
    pub code: String,
    pub begindatum: NaiveDate,
    /// Eurocents, negative for credit (COD043 `C`).
    pub centen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inhoud {
    Verzoek(Client, Vec<Aangevraagd>),
    Toewijzing(Client, Vec<Toegewezen>),
    Start(Client, Vec<Gestart>),
    Stop(Client, Vec<Gestopt>),
    Declaratie(Vec<Prestatie>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bericht {
    pub kop: Kop,
    pub inhoud: Inhoud,
}

impl Bericht {
    /// The number of elements that carry facts (products, starts, stops, prestaties).
    pub fn elementen(&self) -> usize {
        match &self.inhoud {
            Inhoud::Verzoek(_, v) => v.len(),
            Inhoud::Toewijzing(_, v) => v.len(),
            Inhoud::Start(_, v) => v.len(),
            Inhoud::Stop(_, v) => v.len(),
            Inhoud::Declaratie(v) => v.len(),
        }
    }
}

const NS: [(&str, &str); 5] = [
    ("http://www.istandaarden.nl/ijw/3_2/jw301/schema", "JW301"),
    ("http://www.istandaarden.nl/ijw/3_2/jw305/schema", "JW305"),
    ("http://www.istandaarden.nl/ijw/3_2/jw307/schema", "JW307"),
    ("http://www.istandaarden.nl/ijw/3_2/jw315/schema", "JW315"),
    ("http://www.istandaarden.nl/ijw/3_2/jw323/schema", "JW323"),
];

/// Reads a message from a reader, taking at most [`MAX_BERICHT`] + 1 bytes: a larger message
/// is refused without reading the rest.
pub fn lees_van(r: impl std::io::Read, sleutel: &Sleutel) -> Result<Bericht, Berichtfout> {
    use std::io::Read;
    let mut bytes = Vec::new();
    r.take(MAX_BERICHT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Berichtfout::een("/", "", format!("het bericht kan niet worden gelezen: {e}"))
        })?;
    lees(&bytes, sleutel)
}

/// Reads, validates and takes the facts out of one message.
pub fn lees(bytes: &[u8], sleutel: &Sleutel) -> Result<Bericht, Berichtfout> {
    if bytes.len() as u64 > MAX_BERICHT {
        return Err(Berichtfout::een(
            "/",
            "",
            format!(
                "het bericht is groter dan {} MB: zo groot is een iJw-bericht nooit; niet gelezen",
                MAX_BERICHT / (1024 * 1024)
            ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let tekst = std::str::from_utf8(bytes).map_err(|e| {
        Berichtfout::een(
            "/",
            "",
            format!(
                "het bericht is geen UTF-8 (byte {} ongeldig); iJw-berichten zijn UTF-8",
                e.valid_up_to()
            ),
        )
    })?;
    let opties = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_KNOPEN,
        // No DTD is allowed, so no entity is ever resolved; and never from outside.
        entity_resolver: None,
    };
    let doc = roxmltree::Document::parse_with_options(tekst, opties).map_err(|e| {
        let reden = match e {
            roxmltree::Error::DtdDetected => "het bericht bevat een DTD (<!DOCTYPE …>); iJw-berichten hebben die nooit, en een DTD kan entiteiten uitvouwen of externe bestanden ophalen: geweigerd zonder te lezen".to_string(),
            roxmltree::Error::NodesLimitReached => format!("het bericht heeft meer dan {MAX_KNOPEN} XML-knopen: geweigerd"),
            e => format!("geen geldige XML: {e}"),
        };
        Berichtfout::een("/", "", reden)
    })?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    let bericht_id = kind_pad(root, &["Header", "BerichtIdentificatie", "Identificatie"])
        .map(|s| s.trim().to_string());
    let Some(&(_, soort)) = NS.iter().find(|(n, _)| *n == ns) else {
        return Err(Berichtfout {
            bericht_id,
            fouten: vec![Fout {
                pad: format!("/{}", root.tag_name().name()),
                waarde: ns.to_string(),
                reden: "onbekende namespace: verwacht een iJw 3.2-bericht JW301, JW305, JW307, JW315 of JW323 (http://www.istandaarden.nl/ijw/3_2/jw3xx/schema); een andere iJw-versie of een ander bericht wordt niet gelezen".into(),
            }],
        });
    };
    let fouten = Schemas::ijw().valideer(&doc);
    if !fouten.is_empty() {
        return Err(Berichtfout { bericht_id, fouten });
    }
    // Valid against the schema: every required element is there and every date parses.
    let kop = Kop {
        soort,
        identificatie: bericht_id.unwrap_or_default(),
        dagtekening: datum(kind_pad(
            root,
            &["Header", "BerichtIdentificatie", "Dagtekening"],
        )),
        afzender: tekst_van(kind_pad(root, &["Header", "Afzender"])),
        ontvanger: tekst_van(kind_pad(root, &["Header", "Ontvanger"])),
    };
    let inhoud = match soort {
        "JW315" => {
            let c = kind(root, "Client");
            Inhoud::Verzoek(
                client(c, sleutel),
                elementen(c, "AangevraagdeProducten", "AangevraagdProduct")
                    .map(|p| Aangevraagd {
                        referentie: tekst_van(kind_pad(p, &["ReferentieAanbieder"])),
                        product: kind(p, "Product").map(product),
                        verwijzer: tekst_van(kind_pad(p, &["Verwijzer", "Type"])),
                    })
                    .collect(),
            )
        }
        "JW301" => {
            let c = kind(root, "Client");
            Inhoud::Toewijzing(
                client(c, sleutel),
                elementen(c, "ToegewezenProducten", "ToegewezenProduct")
                    .map(|p| Toegewezen {
                        nummer: tekst_van(kind_pad(p, &["ToewijzingNummer"])),
                        referentie: kind_pad(p, &["ReferentieAanbieder"]).map(|s| s.trim().into()),
                        product: kind(p, "Product").map(product),
                        toewijzingsdatum: datum(kind_pad(p, &["Toewijzingsdatum"])),
                        ingangsdatum: datum(kind_pad(p, &["Ingangsdatum"])),
                        einddatum: kind_pad(p, &["Einddatum"]).map(|d| datum(Some(d))),
                        reden_wijziging: kind_pad(p, &["RedenWijziging"]).map(|s| s.trim().into()),
                    })
                    .collect(),
            )
        }
        "JW305" => {
            let c = kind(root, "Client");
            Inhoud::Start(
                client(c, sleutel),
                elementen(c, "StartProducten", "StartProduct")
                    .map(|p| Gestart {
                        nummer: tekst_van(kind_pad(p, &["ToewijzingNummer"])),
                        begindatum: datum(kind_pad(p, &["Begindatum"])),
                        status: tekst_van(kind_pad(p, &["StatusAanlevering"])),
                    })
                    .collect(),
            )
        }
        "JW307" => {
            let c = kind(root, "Client");
            Inhoud::Stop(
                client(c, sleutel),
                elementen(c, "StopProducten", "StopProduct")
                    .map(|p| Gestopt {
                        nummer: tekst_van(kind_pad(p, &["ToewijzingNummer"])),
                        einddatum: datum(kind_pad(p, &["Einddatum"])),
                        reden: tekst_van(kind_pad(p, &["RedenBeeindiging"])),
                        status: tekst_van(kind_pad(p, &["StatusAanlevering"])),
                    })
                    .collect(),
            )
        }
        _ => {
            let d = kind(root, "Declaratie");
            let mut regels = Vec::new();
            for c in elementen(d, "Clienten", "Client") {
                let p = sleutel.pseudoniem(&tekst_van(kind_pad(c, &["Bsn"])));
                for pr in elementen(Some(c), "Prestaties", "Prestatie") {
                    let bedrag: i64 = tekst_van(kind_pad(pr, &["IngediendBedrag", "Bedrag"]))
                        .parse()
                        .unwrap_or(0);
                    let credit =
                        tekst_van(kind_pad(pr, &["IngediendBedrag", "DebetCredit"])) == "C";
                    regels.push(Prestatie {
                        client: p.clone(),
                        nummer: tekst_van(kind_pad(pr, &["ToewijzingNummer"])),
                        categorie: tekst_van(kind_pad(pr, &["ProductCategorie"])),
                        code: tekst_van(kind_pad(pr, &["ProductCode"])),
                        begindatum: datum(kind_pad(pr, &["ProductPeriode", "Begindatum"])),
                        centen: if credit { -bedrag } else { bedrag },
                    });
                }
            }
            Inhoud::Declaratie(regels)
        }
    };
    Ok(Bericht { kop, inhoud })
}

fn kind<'a, 'i>(n: roxmltree::Node<'a, 'i>, naam: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|k| k.is_element() && k.tag_name().name() == naam)
}

fn kind_pad<'a>(n: roxmltree::Node<'a, '_>, pad: &[&str]) -> Option<&'a str> {
    let mut k = n;
    for p in pad {
        k = kind(k, p)?;
    }
    k.text()
}

fn elementen<'a, 'i>(
    n: Option<roxmltree::Node<'a, 'i>>,
    lijst: &'a str,
    naam: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    n.and_then(|n| kind(n, lijst))
        .into_iter()
        .flat_map(move |l| {
            l.children()
                .filter(move |k| k.is_element() && k.tag_name().name() == naam)
        })
}

fn tekst_van(s: Option<&str>) -> String {
    s.unwrap_or("").trim().to_string()
}

/// A date the schema has already accepted (`jjjj-mm-dd`, possibly with a time zone).
fn datum(s: Option<&str>) -> NaiveDate {
    let s = s.unwrap_or("").trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .expect("het schema heeft de datum al gecontroleerd")
}

fn client(c: Option<roxmltree::Node>, sleutel: &Sleutel) -> Client {
    let c = c.expect("het schema eist een Client");
    Client {
        pseudoniem: sleutel.pseudoniem(&tekst_van(kind_pad(c, &["Bsn"]))),
        geboortedatum: datum(kind_pad(c, &["Geboortedatum", "Datum"])),
        datum_gebruik: kind_pad(c, &["Geboortedatum", "DatumGebruik"]).map(|s| s.trim().into()),
        geslacht: tekst_van(kind_pad(c, &["Geslacht"])),
    }
}

fn product(p: roxmltree::Node) -> Product {
    Product {
        categorie: tekst_van(kind_pad(p, &["Categorie"])),
        code: kind_pad(p, &["Code"]).map(|s| s.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voorbeeld(naam: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{naam}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn de_officiele_voorbeelden_laden() {
        let s = Sleutel::demo();
        let b = lees(&voorbeeld("JW301.xml"), &s).unwrap();
        assert_eq!(b.kop.soort, "JW301");
        assert_eq!(b.kop.afzender, "0384");
        assert_eq!(b.kop.ontvanger, "42420001");
        let Inhoud::Toewijzing(c, p) = &b.inhoud else {
            panic!()
        };
        assert_eq!(c.pseudoniem, s.pseudoniem("999900006"));
        assert_eq!(
            c.geboortedatum,
            NaiveDate::from_ymd_opt(2010, 2, 14).unwrap()
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].nummer, "300201");
        assert_eq!(
            p[0].product.as_ref().unwrap().code.as_deref(),
            Some("55A11")
        );
        assert_eq!(p[1].einddatum, NaiveDate::from_ymd_opt(2026, 7, 19));
        let b = lees(&voorbeeld("JW305.xml"), &s).unwrap();
        let Inhoud::Start(_, st) = &b.inhoud else {
            panic!()
        };
        assert_eq!(
            st[1].begindatum,
            NaiveDate::from_ymd_opt(2026, 4, 15).unwrap()
        );
        let b = lees(&voorbeeld("JW307.xml"), &s).unwrap();
        let Inhoud::Stop(_, st) = &b.inhoud else {
            panic!()
        };
        assert_eq!(
            (st[0].reden.as_str(), st[0].einddatum.to_string().as_str()),
            ("31", "2026-07-17")
        );
        let b = lees(&voorbeeld("JW323.xml"), &s).unwrap();
        let Inhoud::Declaratie(r) = &b.inhoud else {
            panic!()
        };
        // 2 + 3 prestaties; 5000 + 24000 + 5000 + 24000 + 21000 = 79000 cents, the total.
        assert_eq!(r.len(), 5);
        assert_eq!(r.iter().map(|p| p.centen).sum::<i64>(), 79000);
        assert_eq!(r[2].client, s.pseudoniem("999900018"));
    }

    #[test]
    fn jw315_met_onmogelijke_datum_wordt_afgewezen() {
        let f = lees(&voorbeeld("JW315.xml"), &Sleutel::demo()).unwrap_err();
        assert_eq!(f.bericht_id.as_deref(), Some("123456789012"));
        assert_eq!(f.fouten.len(), 2, "{:?}", f.fouten);
        let e = &f.fouten[0];
        assert_eq!(
            e.pad,
            "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum"
        );
        assert_eq!(e.waarde, "2027-06-31");
        assert!(e.reden.contains("bestaat niet"), "{}", e.reden);
    }

    fn met(van: &str, naar: &str) -> Vec<u8> {
        String::from_utf8(voorbeeld("JW305.xml"))
            .unwrap()
            .replacen(van, naar, 1)
            .into_bytes()
    }

    #[test]
    fn vijandige_xml_wordt_geweigerd() {
        let s = Sleutel::demo();
        // Entity expansion ("billion laughs"): refused for its DTD before anything expands.
        let lol = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>"#;
        let f = lees(lol.as_bytes(), &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("DTD"), "{f:?}");
        // An external entity (file or URL): the same.
        let xxe = String::from_utf8(voorbeeld("JW305.xml"))
            .unwrap()
            .replacen(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                1,
            )
            .replacen("<jw305:Afzender>65656055", "<jw305:Afzender>&xxe;", 1);
        let f = lees(xxe.as_bytes(), &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("DTD"), "{f:?}");
        // An entity reference without a DTD is no XML at all.
        let f = lees(&met("65656055", "&xxe;"), &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("geen geldige XML"), "{f:?}");
        // A message over the size limit is refused by its length alone.
        let mut groot = voorbeeld("JW305.xml");
        groot.resize(MAX_BERICHT as usize + 1, b' ');
        let f = lees(&groot, &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("groter dan 32 MB"), "{f:?}");
        // ... and from a reader, without reading past the limit (100 MB of zeros offered).
        let f = lees_van(std::io::repeat(b' ').take(100 << 20), &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("groter dan"), "{f:?}");
        // A wrong namespace: another standard (iWmo) or another iJw release.
        let f = lees(
            &String::from_utf8(voorbeeld("JW305.xml"))
                .unwrap()
                .replace("ijw/3_2/jw305", "iwmo/3_2/wmo305")
                .into_bytes(),
            &s,
        )
        .unwrap_err();
        assert!(f.fouten[0].reden.contains("onbekende namespace"), "{f:?}");
        // A wrong version in the header of a 3.2 message: the schema's pattern refuses it.
        let f = lees(
            &met("<jw305:BerichtVersie>3<", "<jw305:BerichtVersie>4<"),
            &s,
        )
        .unwrap_err();
        assert_eq!(f.fouten[0].pad, "/Bericht/Header/BerichtVersie");
        assert_eq!(f.fouten[0].waarde, "4");
        // Not UTF-8.
        let f = lees(&[0x3C, 0xFF, 0xFE, 0x3E], &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("UTF-8"));
    }

    use std::io::Read as _;

    #[test]
    fn schemafouten_noemen_plaats_waarde_en_reden() {
        let s = Sleutel::demo();
        // A missing required element.
        let f = lees(&met("<jw305:Geslacht>1</jw305:Geslacht>", ""), &s).unwrap_err();
        assert_eq!(f.fouten[0].pad, "/Bericht/Client/Geslacht");
        assert!(f.fouten[0].reden.contains("ontbreekt"));
        // A code outside its list, and a BSN of the wrong length.
        let f = lees(&met("<jw305:Geslacht>1<", "<jw305:Geslacht>7<"), &s).unwrap_err();
        assert!(f.fouten[0].reden.contains("geen toegestane code"), "{f:?}");
        let f = lees(&met("999900006", "99990000"), &s).unwrap_err();
        assert_eq!(f.fouten[0].pad, "/Bericht/Client/Bsn");
        // An element in the wrong place.
        let f = lees(
            &met(
                "<jw305:StatusAanlevering>1</jw305:StatusAanlevering>",
                "<jw305:StatusAanlevering>1</jw305:StatusAanlevering><jw305:Extra>1</jw305:Extra>",
            ),
            &s,
        )
        .unwrap_err();
        assert!(f.fouten[0].pad.ends_with("StartProduct[1]/Extra"), "{f:?}");
    }
}
