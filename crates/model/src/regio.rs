//! The region configuration: everything that is specific to one region (its gemeenten, the
//! mapping of regional product codes to segment and hulpvorm, the strategic partners, the
//! suppression threshold and the column aliases of source files) is data, read from a TOML
//! file such as `pipelines/regio/twente.toml`. Another region is another file, not new code.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::codes::{AgbCode, GemeenteCode, Hulpvorm, ProductCategorie, Segment};

/// The Twente configuration, compiled in so the product runs without any file at hand.
pub const TWENTE_TOML: &str = include_str!("../../../pipelines/regio/twente.toml");

#[derive(Debug, thiserror::Error)]
pub enum RegioFout {
    #[error("regioconfiguratie {bestand} kan niet worden gelezen: {fout}")]
    Lezen {
        bestand: String,
        fout: std::io::Error,
    },
    #[error("regioconfiguratie {bestand} is geen geldige TOML: {fout}")]
    Toml { bestand: String, fout: String },
    #[error("regioconfiguratie {bestand}: {melding}")]
    Inhoud { bestand: String, melding: String },
}

/// How often a gemeente delivers its administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Levering {
    Maand,
    Kwartaal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gemeente {
    pub code: GemeenteCode,
    pub naam: String,
    pub levering: Levering,
    /// Approximate residents 0–17, used only by the synthetic data generator.
    pub demo_jeugdigen: Option<u32>,
}

/// One rule of the product mapping. Exactly one of `productcode`, `prefix`, `categorie` is set.
/// A category rule (the fallback for codes the region does not list) may leave the segment
/// out: it is then [`Segment::Onbekend`].
#[derive(Debug, Clone, PartialEq)]
pub struct Productregel {
    pub sleutel: ProductSleutel,
    pub naam: String,
    pub segment: Segment,
    pub hulpvorm: Option<Hulpvorm>,
    pub crisis: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductSleutel {
    Code(String),
    Prefix(String),
    Categorie(ProductCategorie),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerSoort {
    Aanbieder,
    Gi,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub agb: AgbCode,
    pub naam: String,
    pub soort: PartnerSoort,
    /// Product codes this partner delivers (used by the demo generator).
    pub producten: Vec<String>,
}

/// A parsed and checked region configuration.
#[derive(Debug, Clone)]
pub struct Regio {
    pub id: String,
    pub naam: String,
    pub onderdrukkingsdrempel: u32,
    pub afronden_op: u32,
    pub voorlopige_maanden: u32,
    /// Optional first month of the series (`start_reeks = "2019-01"`): figures are made
    /// from this month on instead of from the first month with care in the data. For a
    /// region whose first export carries long-running allocations from years back, whose
    /// early years would otherwise show only the survivors.
    pub start_reeks: Option<(i32, u8)>,
    /// Whether gemeente accounts see the other gemeenten' (suppressed) aggregates, as in
    /// TMSD's closed environment and CBS's open data (`gemeenten_vergelijken`, default yes).
    /// Provider detail per gemeente stays within each account's own scope either way.
    pub gemeenten_vergelijken: bool,
    pub gemeenten: Vec<Gemeente>,
    pub producten: Vec<Productregel>,
    pub strategische_partners: Vec<Partner>,
    /// table → canonical column → accepted source names (already normalised).
    pub kolommen: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// The TOML text it was read from, kept so a release can store what it was made with.
    pub bron: String,
    /// The gemeente boundaries for the map (`kaart`): Twente's compiled in; for a file
    /// `X.toml`, the file `X.geojson` beside it when there is one; else none (no map).
    pub kaart: Option<crate::kaart::Kaart>,
}

/// What the product mapping says about one product code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductInfo {
    pub segment: Segment,
    pub hulpvorm: Option<Hulpvorm>,
    pub crisis: bool,
    /// Matched only by its iJw category: the region does not know this product code
    /// (no exact code, no prefix). Such a row loads, but is reported as a warning.
    pub alleen_categorie: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuwRegio {
    regio: RuwKop,
    gemeenten: Vec<RuweGemeente>,
    #[serde(default)]
    producten: Vec<RuwProduct>,
    #[serde(default)]
    strategische_partners: Vec<RuwePartner>,
    #[serde(default)]
    kolommen: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuwKop {
    id: String,
    naam: String,
    #[serde(default = "tien")]
    onderdrukkingsdrempel: u32,
    #[serde(default)]
    afronden_op: u32,
    #[serde(default = "zes")]
    voorlopige_maanden: u32,
    start_reeks: Option<String>,
    #[serde(default = "ja")]
    gemeenten_vergelijken: bool,
}

fn ja() -> bool {
    true
}

fn tien() -> u32 {
    10
}
fn zes() -> u32 {
    6
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuweGemeente {
    code: String,
    naam: String,
    #[serde(default = "maand")]
    levering: Levering,
    demo_jeugdigen: Option<u32>,
}

fn maand() -> Levering {
    Levering::Maand
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuwProduct {
    productcode: Option<String>,
    prefix: Option<String>,
    categorie: Option<String>,
    naam: String,
    segment: Option<String>,
    hulpvorm: Option<String>,
    #[serde(default)]
    crisis: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuwePartner {
    agb: String,
    naam: String,
    soort: PartnerSoort,
    #[serde(default)]
    producten: Vec<String>,
}

/// Normalises a column name for alias matching: lower case, accents removed, and every
/// run of spaces, dashes, dots and underscores turned into one underscore.
pub fn normaliseer_kolomnaam(naam: &str) -> String {
    let mut uit = String::with_capacity(naam.len());
    let mut scheiding = false;
    for c in naam.trim().trim_start_matches('\u{feff}').chars() {
        let c = zonder_accent(c.to_lowercase().next().unwrap_or(c));
        if c.is_alphanumeric() {
            if scheiding && !uit.is_empty() {
                uit.push('_');
            }
            scheiding = false;
            uit.push(c);
        } else {
            scheiding = true;
        }
    }
    uit
}

fn zonder_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

impl Regio {
    /// The built-in Twente configuration.
    pub fn twente() -> Regio {
        let mut r = Regio::parse(TWENTE_TOML, "twente.toml (ingebouwd)")
            .expect("de ingebouwde Twente-configuratie is geldig (getest)");
        r.kaart = Some(crate::kaart::Kaart::twente());
        r
    }

    pub fn lees(pad: &Path) -> Result<Regio, RegioFout> {
        let tekst = std::fs::read_to_string(pad).map_err(|fout| RegioFout::Lezen {
            bestand: pad.display().to_string(),
            fout,
        })?;
        let mut r = Regio::parse(&tekst, &pad.display().to_string())?;
        // The region's map: a GeoJSON file next to its configuration, when there is one.
        let geo = pad.with_extension("geojson");
        if geo.exists() {
            let bestand = geo.display().to_string();
            let tekst = std::fs::read_to_string(&geo).map_err(|fout| RegioFout::Lezen {
                bestand: bestand.clone(),
                fout,
            })?;
            let kaart = crate::kaart::Kaart::parse(&tekst, &bestand).map_err(|melding| {
                RegioFout::Inhoud {
                    bestand: bestand.clone(),
                    melding,
                }
            })?;
            if let Some(g) = r.gemeenten.iter().find(|g| kaart.gebied(g.code).is_none()) {
                return Err(RegioFout::Inhoud {
                    bestand,
                    melding: format!("gemeente {} ({}) staat niet op de kaart", g.code, g.naam),
                });
            }
            r.kaart = Some(kaart);
        }
        Ok(r)
    }

    /// Parses and checks a configuration; `bestand` only names it in error messages.
    pub fn parse(tekst: &str, bestand: &str) -> Result<Regio, RegioFout> {
        let ruw: RuwRegio = toml::from_str(tekst).map_err(|e| RegioFout::Toml {
            bestand: bestand.to_string(),
            fout: e.to_string(),
        })?;
        let fout = |melding: String| RegioFout::Inhoud {
            bestand: bestand.to_string(),
            melding,
        };
        if ruw.regio.onderdrukkingsdrempel == 0 {
            return Err(fout(
                "onderdrukkingsdrempel moet minstens 1 zijn (TMSD gebruikt 10)".into(),
            ));
        }
        if ruw.gemeenten.is_empty() {
            return Err(fout(
                "er staat geen enkele gemeente in [[gemeenten]]".into(),
            ));
        }
        let mut gemeenten = Vec::new();
        for g in ruw.gemeenten {
            let code = GemeenteCode::parse(&g.code).map_err(|e| fout(e.to_string()))?;
            if gemeenten.iter().any(|x: &Gemeente| x.code == code) {
                return Err(fout(format!("gemeente {code} staat twee keer in de lijst")));
            }
            gemeenten.push(Gemeente {
                code,
                naam: g.naam,
                levering: g.levering,
                demo_jeugdigen: g.demo_jeugdigen,
            });
        }
        let producten = ruw
            .producten
            .into_iter()
            .map(|p| productregel(p, &fout))
            .collect::<Result<Vec<_>, _>>()?;
        let mut partners = Vec::new();
        for p in ruw.strategische_partners {
            partners.push(Partner {
                agb: AgbCode::parse(&p.agb).map_err(|e| fout(e.to_string()))?,
                naam: p.naam,
                soort: p.soort,
                producten: p
                    .producten
                    .iter()
                    .map(|c| c.trim().to_uppercase())
                    .collect(),
            });
        }
        let kolommen = kolomnamen(ruw.kolommen);
        let start_reeks = ruw
            .regio
            .start_reeks
            .as_deref()
            .map(crate::parse_maand)
            .transpose()
            .map_err(|e| fout(format!("start_reeks: {e}")))?;
        Ok(Regio {
            id: ruw.regio.id,
            naam: ruw.regio.naam,
            onderdrukkingsdrempel: ruw.regio.onderdrukkingsdrempel,
            afronden_op: ruw.regio.afronden_op,
            voorlopige_maanden: ruw.regio.voorlopige_maanden,
            start_reeks,
            gemeenten_vergelijken: ruw.regio.gemeenten_vergelijken,
            gemeenten,
            producten,
            strategische_partners: partners,
            kolommen,
            bron: tekst.to_string(),
            kaart: None,
        })
    }

    pub fn gemeente(&self, code: GemeenteCode) -> Option<&Gemeente> {
        self.gemeenten.iter().find(|g| g.code == code)
    }

    /// Maps a product to segment, hulpvorm and crisis flag: an exact code first, then the
    /// longest matching prefix, then the product category (`alleen_categorie`).
    pub fn product(&self, categorie: ProductCategorie, productcode: &str) -> Option<ProductInfo> {
        let code = productcode.trim().to_uppercase();
        let info = |r: &Productregel| ProductInfo {
            segment: r.segment,
            hulpvorm: r.hulpvorm,
            crisis: r.crisis,
            alleen_categorie: matches!(r.sleutel, ProductSleutel::Categorie(_)),
        };
        if let Some(r) = self
            .producten
            .iter()
            .find(|r| matches!(&r.sleutel, ProductSleutel::Code(c) if *c == code))
        {
            return Some(info(r));
        }
        let langste_prefix = self
            .producten
            .iter()
            .filter_map(|r| match &r.sleutel {
                ProductSleutel::Prefix(p) if code.starts_with(p.as_str()) => Some((p.len(), r)),
                _ => None,
            })
            .max_by_key(|(len, _)| *len);
        if let Some((_, r)) = langste_prefix {
            return Some(info(r));
        }
        self.producten
            .iter()
            .find(|r| matches!(r.sleutel, ProductSleutel::Categorie(c) if c == categorie))
            .map(info)
    }

    /// The canonical column a source column name stands for in `tabel`, if any.
    pub fn canonieke_kolom(&self, tabel: &str, bronnaam: &str) -> Option<&str> {
        let genormaliseerd = normaliseer_kolomnaam(bronnaam);
        self.kolommen.get(tabel).and_then(|kolommen| {
            kolommen
                .iter()
                .find(|(_, namen)| namen.contains(&genormaliseerd))
                .map(|(canon, _)| canon.as_str())
        })
    }

    pub fn is_strategisch(&self, agb: AgbCode) -> bool {
        self.strategische_partners.iter().any(|p| p.agb == agb)
    }
}

/// One product rule of the region file, checked: exactly one of productcode, prefix or
/// categorie; a segment, which only a categorie rule may leave out (then `onbekend`).
fn productregel(
    p: RuwProduct,
    fout: &impl Fn(String) -> RegioFout,
) -> Result<Productregel, RegioFout> {
    let sleutel = match (p.productcode, p.prefix, p.categorie) {
        (Some(c), None, None) => ProductSleutel::Code(c.trim().to_uppercase()),
        (None, Some(c), None) => ProductSleutel::Prefix(c.trim().to_uppercase()),
        (None, None, Some(c)) => {
            ProductSleutel::Categorie(ProductCategorie::parse(&c).map_err(|e| fout(e.to_string()))?)
        }
        _ => {
            return Err(fout(format!(
                "productregel '{}' moet precies één van productcode, prefix of categorie hebben",
                p.naam
            )));
        }
    };
    let segment = match (&p.segment, &sleutel) {
        (Some(s), _) => Segment::parse(s).map_err(|e| fout(e.to_string()))?,
        (None, ProductSleutel::Categorie(_)) => Segment::Onbekend,
        (None, _) => {
            return Err(fout(format!(
                "productregel '{}' heeft geen segment (alleen een categorieregel mag het segment weglaten)",
                p.naam
            )));
        }
    };
    if segment == Segment::Onbekend && !matches!(sleutel, ProductSleutel::Categorie(_)) {
        return Err(fout(format!(
            "productregel '{}': segment 'onbekend' is alleen voor een categorieregel (laat het segment dan weg)",
            p.naam
        )));
    }
    let hulpvorm = p
        .hulpvorm
        .as_deref()
        .map(Hulpvorm::parse)
        .transpose()
        .map_err(|e| fout(e.to_string()))?;
    Ok(Productregel {
        sleutel,
        naam: p.naam,
        segment,
        hulpvorm,
        crisis: p.crisis,
    })
}

/// Per table and canonical column, the names it is recognised by (the canonical name and its
/// aliases, normalised).
fn kolomnamen(
    kolommen: BTreeMap<String, BTreeMap<String, Vec<String>>>,
) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    kolommen
        .into_iter()
        .map(|(tabel, kol)| {
            let kol = kol
                .into_iter()
                .map(|(canon, aliassen)| {
                    let mut namen: Vec<String> = std::iter::once(canon.as_str())
                        .chain(aliassen.iter().map(String::as_str))
                        .map(normaliseer_kolomnaam)
                        .collect();
                    namen.dedup();
                    (canon, namen)
                })
                .collect();
            (tabel, kol)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twente_has_fourteen_gemeenten_and_threshold_ten() {
        let r = Regio::twente();
        assert_eq!(r.gemeenten.len(), 14);
        assert_eq!(r.onderdrukkingsdrempel, 10);
        let enschede = r.gemeente(GemeenteCode::parse("0153").unwrap()).unwrap();
        assert_eq!(enschede.naam, "Enschede");
        assert_eq!(enschede.levering, Levering::Kwartaal);
        let total: u32 = r.gemeenten.iter().filter_map(|g| g.demo_jeugdigen).sum();
        assert_eq!(total, 122_500);
        assert_eq!(r.strategische_partners.len(), 16);
    }

    #[test]
    fn product_mapping_prefers_code_then_longest_prefix_then_category() {
        let r = Regio::twente();
        let cat = |c| ProductCategorie::parse(c).unwrap();
        // exact code
        let p = r.product(cat("43"), "43w02").unwrap();
        assert_eq!(p.segment, Segment::Wonen);
        assert_eq!(p.hulpvorm, Some(Hulpvorm::parse("12").unwrap()));
        // unknown code under 43W: the longer prefix 43W beats 43
        let p = r.product(cat("43"), "43W99").unwrap();
        assert_eq!(p.segment, Segment::Wonen);
        assert_eq!(p.hulpvorm, None);
        assert!(!p.alleen_categorie);
        // an unknown code is known only by its category: segment onbekend, the category's
        // hulpvorm and crisis flag
        let p = r.product(cat("43"), "43X99").unwrap();
        assert_eq!(p.segment, Segment::Onbekend);
        assert_eq!(p.hulpvorm, Some(Hulpvorm::parse("14").unwrap()));
        assert!(p.alleen_categorie);
        let p = r.product(cat("46"), "ZZZ").unwrap();
        assert!(p.crisis);
        assert_eq!(p.segment, Segment::Onbekend);
        assert_eq!(p.hulpvorm, None);
        // category 44 (verblijf excl. behandeling) was not mapped before issue 17
        let p = r.product(cat("44"), "44B01").unwrap();
        assert_eq!(p.segment, Segment::Onbekend);
        assert_eq!(p.hulpvorm, Some(Hulpvorm::parse("14").unwrap()));
        // a known code is not "only by category"
        assert!(!r.product(cat("45"), "45A04").unwrap().alleen_categorie);
        // nothing matches
        assert!(r.product(cat("99"), "ZZZ").is_none());
    }

    #[test]
    fn every_ijw_category_has_a_fallback_in_twente() {
        let r = Regio::twente();
        let codes = [
            31, 32, 33, 34, 35, 36, 37, 38, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,
            54, 55,
        ];
        for c in codes {
            let cat = ProductCategorie::parse(&c.to_string()).unwrap();
            let p = r
                .product(cat, "ONBEKEND-CODE")
                .unwrap_or_else(|| panic!("{c}"));
            assert!(p.alleen_categorie, "{c}");
            assert_eq!(p.segment, Segment::Onbekend, "{c}");
        }
        // the 2015 categories are the CBS hulpvormen one to one
        let hv = |c: &str| {
            r.product(ProductCategorie::parse(c).unwrap(), "X")
                .unwrap()
                .hulpvorm
                .map(|h| h.code().to_string())
        };
        assert_eq!(hv("31").as_deref(), Some("01"));
        assert_eq!(hv("36").as_deref(), Some("12"));
        assert_eq!(hv("38").as_deref(), Some("14"));
        assert_eq!(hv("50"), None);
        assert_eq!(r.start_reeks, None, "Twente zet start_reeks bewust niet");
    }

    #[test]
    fn start_reeks_and_segment_rules_are_checked() {
        let basis = "[regio]\nid='x'\nnaam='X'\n";
        let gem = "[[gemeenten]]\ncode='0153'\nnaam='E'\n";
        let r = Regio::parse(&format!("{basis}start_reeks = '2019-01'\n{gem}"), "x.toml").unwrap();
        assert_eq!(r.start_reeks, Some((2019, 1)));
        let e = Regio::parse(&format!("{basis}start_reeks = '2019'\n{gem}"), "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("start_reeks") && e.contains("2019"), "{e}");
        // a code rule needs a segment; a category rule may leave it out
        let e = Regio::parse(
            &format!("{basis}{gem}[[producten]]\nproductcode='A1'\nnaam='p'\n"),
            "x.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("geen segment"), "{e}");
        let e = Regio::parse(
            &format!("{basis}{gem}[[producten]]\nproductcode='A1'\nnaam='p'\nsegment='onbekend'\n"),
            "x.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("alleen voor een categorieregel"), "{e}");
        let r = Regio::parse(
            &format!("{basis}{gem}[[producten]]\ncategorie='45'\nnaam='p'\nhulpvorm='02'\n"),
            "x.toml",
        )
        .unwrap();
        assert_eq!(r.producten[0].segment, Segment::Onbekend);
    }

    #[test]
    fn column_aliases_ignore_case_accents_and_punctuation() {
        let r = Regio::twente();
        assert_eq!(
            r.canonieke_kolom("trajecten", "Reden Beëindiging"),
            Some("reden_beeindiging")
        );
        assert_eq!(
            r.canonieke_kolom("trajecten", "\u{feff}Cliënt-ID"),
            Some("client_id")
        );
        assert_eq!(
            r.canonieke_kolom("trajecten", "STARTDATUM"),
            Some("startdatum")
        );
        assert_eq!(r.canonieke_kolom("trajecten", "kleur"), None);
        assert_eq!(
            normaliseer_kolomnaam("  Aanbieder  AGB.code "),
            "aanbieder_agb_code"
        );
    }

    #[test]
    fn bad_configurations_are_refused_with_a_reason() {
        let basis = "[regio]\nid='x'\nnaam='X'\n";
        let e = Regio::parse(basis, "x.toml").unwrap_err().to_string();
        assert!(e.contains("x.toml"), "{e}");
        let e = Regio::parse(
            &format!("{basis}[[gemeenten]]\ncode='GM15'\nnaam='?'\n"),
            "x.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("GM15"), "{e}");
        let e = Regio::parse(
            &format!(
                "{basis}[[gemeenten]]\ncode='0153'\nnaam='E'\n[[producten]]\nnaam='p'\nsegment='ambulant'\n"
            ),
            "x.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("precies één"), "{e}");
        // a minimal valid one, for another region
        let r = Regio::parse(
            &format!("{basis}[[gemeenten]]\ncode='0363'\nnaam='Amsterdam'\n"),
            "x.toml",
        )
        .unwrap();
        assert_eq!(r.gemeenten[0].code.to_string(), "GM0363");
        assert_eq!(r.onderdrukkingsdrempel, 10);
    }
}
