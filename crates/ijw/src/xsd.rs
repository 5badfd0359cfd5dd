//! Validation against the official iJw 3.2 XSDs, read from the schema files themselves.
//!
//! The iJw schemas use a small part of XML Schema: named and anonymous `complexType`s that are
//! one `sequence` of `element`s (`minOccurs="0"`, `maxOccurs="unbounded"`), and `simpleType`s
//! that restrict `xs:string`, `xs:integer`, `xs:date`, `xs:time` or another simple type with
//! `enumeration`, `pattern`, `minLength`, `maxLength`, `minInclusive` and `maxInclusive`. This
//! module reads exactly that part and refuses a schema with anything else
//! ([`SchemaFout::Onbekend`]), so a future schema that uses more is never half-checked.
//! No attributes, no `choice`, no mixed content, no wildcards occur in iJw 3.2.

use std::collections::HashMap;

use chrono::NaiveDate;
use regex::Regex;

const XS: &str = "http://www.w3.org/2001/XMLSchema";

#[derive(Debug, thiserror::Error)]
pub enum SchemaFout {
    #[error("schema {0} is geen geldige XML: {1}")]
    Xml(String, String),
    #[error("schema {0} gebruikt '{1}', dat deze validator niet kent")]
    Onbekend(String, String),
    #[error("schema {0}: type '{1}' is nergens gedefinieerd")]
    OnbekendType(String, String),
    #[error("schema {0}: patroon '{1}' is ongeldig: {2}")]
    Patroon(String, String, String),
}

/// One problem in a message: where (XPath-like), the value, and why, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fout {
    pub pad: String,
    pub waarde: String,
    pub reden: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    Tekst,
    Geheel,
    Datum,
    Tijd,
}

/// The facets of one restriction step; the steps of a derivation chain all apply.
#[derive(Debug, Default)]
struct Stap {
    /// Several patterns in one step: one must match.
    patronen: Vec<(String, Regex)>,
    opsomming: Vec<String>,
    min_lengte: Option<usize>,
    max_lengte: Option<usize>,
    min: Option<i128>,
    max: Option<i128>,
}

#[derive(Debug)]
struct Eenvoudig {
    basis: Basis,
    stappen: Vec<Stap>,
}

#[derive(Debug, Clone)]
struct Deeltje {
    naam: String,
    ns: String,
    soort: TypeRef,
    min: u32,
    /// `None`: unbounded.
    max: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TypeRef {
    Benoemd(String, String),
    Anoniem(usize),
}

#[derive(Debug)]
enum Type {
    Eenvoudig(Eenvoudig),
    Samengesteld(Vec<Deeltje>),
    /// A named simple type derived from another one, resolved after all files are read.
    Afgeleid(TypeRef, Stap),
}

/// The compiled schemas: global elements per namespace and every type.
pub struct Schemas {
    typen: HashMap<TypeRef, Type>,
    anoniem: Vec<Type>,
    /// (namespace, element name) → type of a global element.
    elementen: HashMap<(String, String), TypeRef>,
}

/// The XSDs compiled into the binary: the five message kinds Jeugdstuur reads.
pub const BESTANDEN: [(&str, &str); 6] = [
    ("basisschema.xsd", include_str!("../xsd/basisschema.xsd")),
    ("JW301.xsd", include_str!("../xsd/JW301.xsd")),
    ("JW305.xsd", include_str!("../xsd/JW305.xsd")),
    ("JW307.xsd", include_str!("../xsd/JW307.xsd")),
    ("JW315.xsd", include_str!("../xsd/JW315.xsd")),
    ("JW323.xsd", include_str!("../xsd/JW323.xsd")),
];

impl Schemas {
    /// The official schemas of [`BESTANDEN`], compiled once.
    pub fn ijw() -> &'static Schemas {
        static S: std::sync::OnceLock<Schemas> = std::sync::OnceLock::new();
        S.get_or_init(|| Schemas::lees(&BESTANDEN).expect("de meegeleverde iJw-XSD's zijn geldig"))
    }

    pub fn lees(bestanden: &[(&str, &str)]) -> Result<Schemas, SchemaFout> {
        let mut s = Schemas {
            typen: HashMap::new(),
            anoniem: Vec::new(),
            elementen: HashMap::new(),
        };
        for (naam, tekst) in bestanden {
            s.lees_een(naam, tekst)?;
        }
        // Every reference must resolve: an unknown type is a schema error, not a message error.
        let mut refs: Vec<TypeRef> = Vec::new();
        for t in s.typen.values().chain(s.anoniem.iter()) {
            match t {
                Type::Samengesteld(d) => refs.extend(d.iter().map(|d| d.soort.clone())),
                Type::Afgeleid(b, _) => refs.push(b.clone()),
                Type::Eenvoudig(_) => {}
            }
        }
        refs.extend(s.elementen.values().cloned());
        for r in refs {
            if let TypeRef::Benoemd(ns, n) = &r
                && !s.typen.contains_key(&r)
                && ns != XS
            {
                return Err(SchemaFout::OnbekendType(ns.clone(), n.clone()));
            }
        }
        Ok(s)
    }

    fn lees_een(&mut self, bestand: &str, tekst: &str) -> Result<(), SchemaFout> {
        let doc = roxmltree::Document::parse(tekst)
            .map_err(|e| SchemaFout::Xml(bestand.into(), e.to_string()))?;
        let root = doc.root_element();
        let doel = root.attribute("targetNamespace").unwrap_or("").to_string();
        for kind in root.children().filter(|n| n.is_element()) {
            match kind.tag_name().name() {
                "annotation" | "import" => {}
                "element" => {
                    let naam = kind.attribute("name").unwrap_or("").to_string();
                    let t = self.element_type(bestand, &doel, kind)?;
                    self.elementen.insert((doel.clone(), naam), t);
                }
                "complexType" => {
                    let naam = kind.attribute("name").unwrap_or("").to_string();
                    let t = self.samengesteld(bestand, &doel, kind)?;
                    self.typen.insert(TypeRef::Benoemd(doel.clone(), naam), t);
                }
                "simpleType" => {
                    let naam = kind.attribute("name").unwrap_or("").to_string();
                    let t = eenvoudig(bestand, kind)?;
                    self.typen.insert(TypeRef::Benoemd(doel.clone(), naam), t);
                }
                ander => return Err(SchemaFout::Onbekend(bestand.into(), ander.into())),
            }
        }
        Ok(())
    }

    fn element_type(
        &mut self,
        bestand: &str,
        doel: &str,
        el: roxmltree::Node,
    ) -> Result<TypeRef, SchemaFout> {
        if let Some(t) = el.attribute("type") {
            return Ok(qnaam(el, t));
        }
        for k in el.children().filter(|n| n.is_element()) {
            let t = match k.tag_name().name() {
                "annotation" => continue,
                "simpleType" => eenvoudig(bestand, k)?,
                "complexType" => self.samengesteld(bestand, doel, k)?,
                ander => return Err(SchemaFout::Onbekend(bestand.into(), ander.into())),
            };
            self.anoniem.push(t);
            return Ok(TypeRef::Anoniem(self.anoniem.len() - 1));
        }
        Err(SchemaFout::Onbekend(
            bestand.into(),
            "element zonder type".into(),
        ))
    }

    fn samengesteld(
        &mut self,
        bestand: &str,
        doel: &str,
        ct: roxmltree::Node,
    ) -> Result<Type, SchemaFout> {
        let mut deeltjes = Vec::new();
        for k in ct.children().filter(|n| n.is_element()) {
            match k.tag_name().name() {
                "annotation" => {}
                "sequence" => {
                    for e in k.children().filter(|n| n.is_element()) {
                        if e.tag_name().name() != "element" {
                            return Err(SchemaFout::Onbekend(
                                bestand.into(),
                                format!("sequence/{}", e.tag_name().name()),
                            ));
                        }
                        let min = e
                            .attribute("minOccurs")
                            .map(|v| v.parse().unwrap_or(1))
                            .unwrap_or(1);
                        let max = match e.attribute("maxOccurs") {
                            Some("unbounded") => None,
                            Some(v) => Some(v.parse().unwrap_or(1)),
                            None => Some(1),
                        };
                        let soort = self.element_type(bestand, doel, e)?;
                        deeltjes.push(Deeltje {
                            naam: e.attribute("name").unwrap_or("").to_string(),
                            ns: doel.to_string(),
                            soort,
                            min,
                            max,
                        });
                    }
                }
                ander => return Err(SchemaFout::Onbekend(bestand.into(), ander.into())),
            }
        }
        Ok(Type::Samengesteld(deeltjes))
    }

    fn eenvoudig_type(&self, r: &TypeRef) -> Option<(Basis, Vec<&Stap>)> {
        match r {
            TypeRef::Benoemd(ns, n) if ns == XS => Some((xs_basis(n)?, Vec::new())),
            _ => match self.type_van(r)? {
                Type::Eenvoudig(e) => Some((e.basis, e.stappen.iter().collect())),
                Type::Afgeleid(b, stap) => {
                    let (basis, mut stappen) = self.eenvoudig_type(b)?;
                    stappen.push(stap);
                    Some((basis, stappen))
                }
                Type::Samengesteld(_) => None,
            },
        }
    }

    fn type_van(&self, r: &TypeRef) -> Option<&Type> {
        match r {
            TypeRef::Anoniem(i) => self.anoniem.get(*i),
            b => self.typen.get(b),
        }
    }

    /// Validates a parsed message: its root element must be a global element of a known
    /// namespace. Returns every problem found (empty: valid).
    pub fn valideer(&self, doc: &roxmltree::Document) -> Vec<Fout> {
        let root = doc.root_element();
        let ns = root.tag_name().namespace().unwrap_or("").to_string();
        let naam = root.tag_name().name().to_string();
        let mut fouten = Vec::new();
        match self.elementen.get(&(ns.clone(), naam.clone())) {
            Some(t) => self.knoop(root, t, &format!("/{naam}"), &mut fouten),
            None => fouten.push(Fout {
                pad: format!("/{naam}"),
                waarde: ns,
                reden: "onbekende namespace of onbekend hoofdelement: verwacht een iJw 3.2-bericht (JW301, JW305, JW307, JW315 of JW323)".into(),
            }),
        }
        fouten
    }

    fn knoop(&self, el: roxmltree::Node, t: &TypeRef, pad: &str, fouten: &mut Vec<Fout>) {
        if fouten.len() >= 50 {
            return;
        }
        if let Some((basis, stappen)) = self.eenvoudig_type(t) {
            if el.children().any(|n| n.is_element()) {
                fouten.push(Fout {
                    pad: pad.into(),
                    waarde: String::new(),
                    reden: "verwacht een waarde, maar het element bevat andere elementen".into(),
                });
                return;
            }
            let tekst: String = el.children().filter_map(|n| n.text()).collect();
            if let Err(reden) = controleer_waarde(basis, &stappen, &tekst) {
                fouten.push(Fout {
                    pad: pad.into(),
                    waarde: kort(&tekst),
                    reden,
                });
            }
            return;
        }
        let Some(Type::Samengesteld(deeltjes)) = self.type_van(t) else {
            fouten.push(Fout {
                pad: pad.into(),
                waarde: String::new(),
                reden: "interne fout: type onbekend in het schema".into(),
            });
            return;
        };
        if let Some(t) = el
            .children()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .find(|t| !t.trim().is_empty())
        {
            fouten.push(Fout {
                pad: pad.into(),
                waarde: kort(t.trim()),
                reden: "tekst staat hier niet toegestaan: dit element bevat alleen elementen"
                    .into(),
            });
        }
        let kinderen: Vec<roxmltree::Node> = el.children().filter(|n| n.is_element()).collect();
        let mut i = 0;
        for d in deeltjes {
            let mut n = 0u32;
            while i < kinderen.len()
                && d.max.is_none_or(|m| n < m)
                && kinderen[i].tag_name().name() == d.naam
                && kinderen[i].tag_name().namespace() == Some(d.ns.as_str())
            {
                n += 1;
                let p = if d.max == Some(1) {
                    format!("{pad}/{}", d.naam)
                } else {
                    format!("{pad}/{}[{n}]", d.naam)
                };
                self.knoop(kinderen[i], &d.soort, &p, fouten);
                i += 1;
            }
            if n < d.min {
                fouten.push(Fout {
                    pad: format!("{pad}/{}", d.naam),
                    waarde: String::new(),
                    reden: match kinderen.get(i) {
                        Some(k) => format!(
                            "verplicht element {} ontbreekt (gevonden: {})",
                            d.naam,
                            k.tag_name().name()
                        ),
                        None => format!("verplicht element {} ontbreekt", d.naam),
                    },
                });
                return;
            }
        }
        if let Some(k) = kinderen.get(i) {
            let verwacht: Vec<&str> = deeltjes.iter().map(|d| d.naam.as_str()).collect();
            fouten.push(Fout {
                pad: format!("{pad}/{}", k.tag_name().name()),
                waarde: k.tag_name().namespace().unwrap_or("").to_string(),
                reden: format!(
                    "element {} staat hier niet toegestaan (verkeerde plaats, naam of namespace); verwacht in deze volgorde: {}",
                    k.tag_name().name(),
                    verwacht.join(", ")
                ),
            });
        }
    }
}

fn kort(s: &str) -> String {
    let mut u: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        u.push('…');
    }
    u
}

fn xs_basis(n: &str) -> Option<Basis> {
    match n {
        "string" => Some(Basis::Tekst),
        "integer" => Some(Basis::Geheel),
        "date" => Some(Basis::Datum),
        "time" => Some(Basis::Tijd),
        _ => None,
    }
}

/// A `prefix:name` reference resolved with the namespaces in scope.
fn qnaam(n: roxmltree::Node, q: &str) -> TypeRef {
    let (p, l) = q.split_once(':').unwrap_or(("", q));
    let ns = n
        .lookup_namespace_uri(if p.is_empty() { None } else { Some(p) })
        .unwrap_or("");
    TypeRef::Benoemd(ns.to_string(), l.to_string())
}

fn eenvoudig(bestand: &str, st: roxmltree::Node) -> Result<Type, SchemaFout> {
    let Some(r) = st
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "restriction")
    else {
        return Err(SchemaFout::Onbekend(
            bestand.into(),
            "simpleType zonder restriction".into(),
        ));
    };
    let basis = qnaam(r, r.attribute("base").unwrap_or(""));
    let mut stap = Stap::default();
    for f in r.children().filter(|n| n.is_element()) {
        let v = f.attribute("value").unwrap_or("").to_string();
        let getal = |v: &str| v.parse::<i128>().ok();
        match f.tag_name().name() {
            "annotation" => {}
            "enumeration" => stap.opsomming.push(v),
            "pattern" => {
                let re = Regex::new(&format!("^(?:{})$", xsd_regex(&v)))
                    .map_err(|e| SchemaFout::Patroon(bestand.into(), v.clone(), e.to_string()))?;
                stap.patronen.push((v, re));
            }
            "minLength" => stap.min_lengte = v.parse().ok(),
            "maxLength" => stap.max_lengte = v.parse().ok(),
            "minInclusive" => stap.min = getal(&v),
            "maxInclusive" => stap.max = getal(&v),
            ander => return Err(SchemaFout::Onbekend(bestand.into(), ander.into())),
        }
    }
    if let TypeRef::Benoemd(ns, n) = &basis
        && ns == XS
    {
        let b =
            xs_basis(n).ok_or_else(|| SchemaFout::Onbekend(bestand.into(), format!("xs:{n}")))?;
        return Ok(Type::Eenvoudig(Eenvoudig {
            basis: b,
            stappen: vec![stap],
        }));
    }
    Ok(Type::Afgeleid(basis, stap))
}

/// XML Schema regular expressions are anchored and have no `^`/`$`; the iJw patterns use only
/// classes that mean the same in the `regex` crate (`\s`, `\S`, ranges, `.`).
fn xsd_regex(p: &str) -> String {
    p.replace('^', "\\^")
        .replace('$', "\\$")
        .replace("[\\^", "[^")
}

/// Checks one value against its base type and every restriction step.
fn controleer_waarde(basis: Basis, stappen: &[&Stap], ruw: &str) -> Result<(), String> {
    // xs:string keeps whitespace; the other base types collapse it.
    let v = if basis == Basis::Tekst {
        ruw
    } else {
        ruw.trim()
    };
    let getal = match basis {
        Basis::Tekst => None,
        Basis::Geheel => {
            let ok = {
                let c = v.strip_prefix(['+', '-']).unwrap_or(v);
                !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) && c.len() <= 30
            };
            if !ok {
                return Err("geen geheel getal".into());
            }
            Some(
                v.parse::<i128>()
                    .map_err(|_| "geen geheel getal".to_string())?,
            )
        }
        Basis::Datum => {
            controleer_datum(v)?;
            None
        }
        Basis::Tijd => {
            controleer_tijd(v)?;
            None
        }
    };
    for s in stappen {
        let lengte = v.chars().count();
        if let Some(m) = s.min_lengte
            && lengte < m
        {
            return Err(format!("te kort: minimaal {m} tekens, gevonden {lengte}"));
        }
        if let Some(m) = s.max_lengte
            && lengte > m
        {
            return Err(format!("te lang: maximaal {m} tekens, gevonden {lengte}"));
        }
        if let (Some(m), Some(g)) = (s.min, getal)
            && g < m
        {
            return Err(format!("kleiner dan het minimum {m}"));
        }
        if let (Some(m), Some(g)) = (s.max, getal)
            && g > m
        {
            return Err(format!("groter dan het maximum {m}"));
        }
        if !s.opsomming.is_empty() && !s.opsomming.iter().any(|o| o == v) {
            let mut lijst: Vec<&str> = s.opsomming.iter().map(String::as_str).take(20).collect();
            if s.opsomming.len() > 20 {
                lijst.push("…");
            }
            return Err(format!(
                "geen toegestane code; toegestaan: {}",
                lijst.join(", ")
            ));
        }
        if !s.patronen.is_empty() && !s.patronen.iter().any(|(_, re)| re.is_match(v)) {
            let p: Vec<&str> = s.patronen.iter().map(|(p, _)| p.as_str()).collect();
            return Err(format!(
                "voldoet niet aan het patroon {} van het schema",
                p.join(" of ")
            ));
        }
    }
    Ok(())
}

/// `xs:date`: `jjjj-mm-dd` with an optional time zone, and a date that exists.
fn controleer_datum(v: &str) -> Result<(), String> {
    let kern = v
        .strip_suffix('Z')
        .or_else(|| {
            let n = v.len();
            (n > 6 && matches!(&v[n - 6..n - 5], "+" | "-") && &v[n - 3..n - 2] == ":")
                .then(|| &v[..n - 6])
        })
        .unwrap_or(v);
    let vorm = kern.len() == 10
        && kern.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !vorm {
        return Err("geen datum: verwacht jjjj-mm-dd".into());
    }
    NaiveDate::parse_from_str(kern, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| format!("datum {kern} bestaat niet (dag of maand buiten de kalender)"))
}

/// `xs:time`: `uu:mm:ss` with optional fraction and time zone.
fn controleer_tijd(v: &str) -> Result<(), String> {
    let b = v.as_bytes();
    let ok = b.len() >= 8
        && b[2] == b':'
        && b[5] == b':'
        && [0, 1, 3, 4, 6, 7].iter().all(|i| b[*i].is_ascii_digit())
        && v[0..2].parse::<u32>().is_ok_and(|u| u < 24)
        && v[3..5].parse::<u32>().is_ok_and(|m| m < 60)
        && v[6..8].parse::<u32>().is_ok_and(|s| s < 60);
    if ok {
        Ok(())
    } else {
        Err("geen tijd: verwacht uu:mm:ss".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_meegeleverde_schemas_laden_volledig() {
        let s = Schemas::ijw();
        for ns in ["jw301", "jw305", "jw307", "jw315", "jw323"] {
            assert!(s.elementen.contains_key(&(
                format!("http://www.istandaarden.nl/ijw/3_2/{ns}/schema"),
                "Bericht".to_string()
            )));
        }
    }

    #[test]
    fn een_schema_met_iets_onbekends_wordt_geweigerd() {
        let x = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"><xs:complexType name="A"><xs:choice/></xs:complexType></xs:schema>"#;
        assert!(matches!(
            Schemas::lees(&[("t.xsd", x)]),
            Err(SchemaFout::Onbekend(_, c)) if c == "choice"
        ));
    }

    #[test]
    fn waarden() {
        let s = Stap {
            patronen: vec![("[0-9]{4}".into(), Regex::new("^(?:[0-9]{4})$").unwrap())],
            ..Default::default()
        };
        assert!(controleer_waarde(Basis::Tekst, &[&s], "0384").is_ok());
        assert!(controleer_waarde(Basis::Tekst, &[&s], "384").is_err());
        assert!(controleer_waarde(Basis::Datum, &[], "2024-02-29").is_ok());
        assert!(
            controleer_waarde(Basis::Datum, &[], "2027-06-31")
                .unwrap_err()
                .contains("bestaat niet")
        );
        assert!(controleer_waarde(Basis::Datum, &[], "31-06-2027").is_err());
        assert!(controleer_waarde(Basis::Tijd, &[], "12:34:56").is_ok());
        assert!(controleer_waarde(Basis::Tijd, &[], "25:00:00").is_err());
        let g = Stap {
            min: Some(0),
            max: Some(99),
            ..Default::default()
        };
        assert!(controleer_waarde(Basis::Geheel, &[&g], "99").is_ok());
        assert!(controleer_waarde(Basis::Geheel, &[&g], "100").is_err());
        assert!(controleer_waarde(Basis::Geheel, &[&g], "1e3").is_err());
    }
}
