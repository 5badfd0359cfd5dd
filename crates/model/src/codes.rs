//! Codes from CBS and the iJw standard (gemeente, AGB, hulpvorm, verwijzer, …) as parsed types.
//! Every `parse` is lenient about what Excel and source systems do to codes (whitespace,
//! dropped leading zeros, case) and rejects everything else with a Dutch message for end users.
//!
//! `Display` (and serde) always gives the canonical machine form, which `parse` accepts again;
//! use `naam()` for text meant for people.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a value from a source file or URL is not a valid code, date or period.
///
/// Messages are shown to end users as-is, so they name the offending value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodeFout {
    #[error(
        "\"{0}\" is geen geldige gemeentecode: verwacht GM gevolgd door 4 cijfers (bijv. GM0153) of alleen 4 cijfers"
    )]
    Gemeentecode(String),
    #[error("\"{0}\" is geen geldige AGB-code: verwacht 8 cijfers (bijv. 12345678)")]
    AgbCode(String),
    #[error(
        "\"{0}\" is geen geldige hulpvorm: verwacht een CBS-code 01, 02, 03, 04, 11, 12, 13 of 14"
    )]
    Hulpvorm(String),
    #[error(
        "\"{0}\" is geen geldig segment: verwacht verblijf, wonen, ambulant, crisis, jeugdbescherming of jeugdreclassering"
    )]
    Segment(String),
    #[error("\"{0}\" is geen geldige verwijzer: verwacht een iJw-code 01 t/m 06 of 08")]
    Verwijzer(String),
    #[error(
        "\"{0}\" is geen geldige reden beëindiging: verwacht een code van 2 cijfers, 01 t/m 99 (bijv. 31)"
    )]
    RedenBeeindiging(String),
    #[error(
        "\"{0}\" is geen geldige productcategorie: verwacht een code van 2 cijfers, 00 t/m 99 (bijv. 45)"
    )]
    ProductCategorie(String),
    #[error("\"{0}\" is geen geldige ja/nee-waarde: verwacht J, N, ja, nee, 1, 0, true of false")]
    JaNee(String),
    #[error("\"{0}\" is geen geldig geslacht: verwacht 0 (onbekend), 1 (man) of 2 (vrouw)")]
    Geslacht(String),
    #[error(
        "\"{0}\" is geen geldige periode: verwacht jjjj, jjjj-H1, jjjj-Q3 of jjjj-mm (bijv. 2024-07), met een jaar van 1900 t/m 2100"
    )]
    Periode(String),
    #[error("\"{0}\" is geen geldige periodesoort: verwacht jaar, halfjaar, kwartaal of maand")]
    PeriodeSoort(String),
    #[error("\"{0}\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd")]
    Datum(String),
    #[error("\"{0}\" is geen geldige maand: verwacht jjjj-mm (bijv. 2024-07)")]
    Maand(String),
}

/// `FromStr`, and serde as a string through `parse`/`Display`, so a value read from
/// config or JSON goes through exactly the same checks as one read from a CSV cell.
macro_rules! string_glue {
    ($($ty:ty),+ $(,)?) => {$(
        impl ::std::str::FromStr for $ty {
            type Err = $crate::codes::CodeFout;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$ty>::parse(s)
            }
        }
        impl ::std::convert::TryFrom<String> for $ty {
            type Error = $crate::codes::CodeFout;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                <$ty>::parse(&s)
            }
        }
        impl ::std::convert::From<$ty> for String {
            fn from(v: $ty) -> String {
                v.to_string()
            }
        }
    )+};
}
pub(crate) use string_glue;

/// Parses 1..=`max` ASCII digits; `None` for anything else (signs, spaces, empty).
fn digits(s: &str, max: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

// ---------------------------------------------------------------------------------------------

/// CBS municipality code, e.g. `GM0153` (Enschede).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GemeenteCode(u16);

impl GemeenteCode {
    /// Accepts `GM0153`, `gm0153`, `0153` and `153` (Excel drops leading zeros).
    /// With the `GM` prefix exactly 4 digits are required: a short code there is a typo, not Excel.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        let fout = || CodeFout::Gemeentecode(t.to_string());
        let prefixed = t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("GM"));
        let nummer = if prefixed {
            let rest = &t[2..];
            if rest.len() != 4 {
                return Err(fout());
            }
            digits(rest, 4)
        } else {
            digits(t, 4)
        };
        nummer.map(|n| GemeenteCode(n as u16)).ok_or_else(fout)
    }

    /// The four digits without prefix, e.g. `"0153"`.
    pub fn cijfers(self) -> String {
        format!("{:04}", self.0)
    }

    /// The code as a number, e.g. `153`.
    pub fn nummer(self) -> u16 {
        self.0
    }
}

impl fmt::Display for GemeenteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GM{:04}", self.0)
    }
}

// ---------------------------------------------------------------------------------------------

/// AGB code of a care provider (zorgaanbieder): 8 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgbCode(u32);

impl AgbCode {
    /// Accepts 1 to 8 digits and left-pads with zeros, because Excel turns `01234567`
    /// into the number `1234567`.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        digits(t, 8)
            .map(AgbCode)
            .ok_or_else(|| CodeFout::AgbCode(t.to_string()))
    }
}

impl fmt::Display for AgbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}", self.0)
    }
}

// ---------------------------------------------------------------------------------------------

/// Form of youth care as CBS counts it (Beleidsinformatie Jeugd).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Hulpvorm {
    JeugdhulpWijkteam,
    AmbulantOpLocatie,
    Daghulp,
    InHetNetwerk,
    Pleegzorg,
    Gezinsgericht,
    GeslotenPlaatsing,
    OverigResidentieel,
}

impl Hulpvorm {
    pub const ALLE: [Hulpvorm; 8] = [
        Hulpvorm::JeugdhulpWijkteam,
        Hulpvorm::AmbulantOpLocatie,
        Hulpvorm::Daghulp,
        Hulpvorm::InHetNetwerk,
        Hulpvorm::Pleegzorg,
        Hulpvorm::Gezinsgericht,
        Hulpvorm::GeslotenPlaatsing,
        Hulpvorm::OverigResidentieel,
    ];

    /// Accepts `1` as well as `01`: the leading zero rarely survives a spreadsheet.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        let h = match digits(t, 2) {
            Some(1) => Hulpvorm::JeugdhulpWijkteam,
            Some(2) => Hulpvorm::AmbulantOpLocatie,
            Some(3) => Hulpvorm::Daghulp,
            Some(4) => Hulpvorm::InHetNetwerk,
            Some(11) => Hulpvorm::Pleegzorg,
            Some(12) => Hulpvorm::Gezinsgericht,
            Some(13) => Hulpvorm::GeslotenPlaatsing,
            Some(14) => Hulpvorm::OverigResidentieel,
            _ => return Err(CodeFout::Hulpvorm(t.to_string())),
        };
        Ok(h)
    }

    pub fn code(self) -> &'static str {
        match self {
            Hulpvorm::JeugdhulpWijkteam => "01",
            Hulpvorm::AmbulantOpLocatie => "02",
            Hulpvorm::Daghulp => "03",
            Hulpvorm::InHetNetwerk => "04",
            Hulpvorm::Pleegzorg => "11",
            Hulpvorm::Gezinsgericht => "12",
            Hulpvorm::GeslotenPlaatsing => "13",
            Hulpvorm::OverigResidentieel => "14",
        }
    }

    pub fn naam(self) -> &'static str {
        match self {
            Hulpvorm::JeugdhulpWijkteam => "wijk-/buurtteam",
            Hulpvorm::AmbulantOpLocatie => "ambulant op locatie",
            Hulpvorm::Daghulp => "daghulp",
            Hulpvorm::InHetNetwerk => "in het netwerk van de jeugdige",
            Hulpvorm::Pleegzorg => "pleegzorg",
            Hulpvorm::Gezinsgericht => "gezinsgericht (gezinshuis, logeerhuis, zorgboerderij)",
            Hulpvorm::GeslotenPlaatsing => "gesloten plaatsing",
            Hulpvorm::OverigResidentieel => "overig residentieel",
        }
    }

    /// Care with a stay away from home (CBS codes 11–14).
    pub fn is_verblijf(self) -> bool {
        matches!(
            self,
            Hulpvorm::Pleegzorg
                | Hulpvorm::Gezinsgericht
                | Hulpvorm::GeslotenPlaatsing
                | Hulpvorm::OverigResidentieel
        )
    }
}

impl fmt::Display for Hulpvorm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

// ---------------------------------------------------------------------------------------------

/// Steering segment: how this product groups care for budgets and dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Segment {
    Verblijf,
    Wonen,
    Ambulant,
    Crisis,
    Jeugdbescherming,
    Jeugdreclassering,
    /// A product the region's product table does not know (known only by its iJw
    /// category, or not at all): the row counts in every figure that does not need the
    /// segment, and is reported as a warning so the region file can be extended.
    Onbekend,
}

impl Segment {
    pub const ALLE: [Segment; 6] = [
        Segment::Verblijf,
        Segment::Wonen,
        Segment::Ambulant,
        Segment::Crisis,
        Segment::Jeugdbescherming,
        Segment::Jeugdreclassering,
    ];

    /// Accepts the ids in any case, so `Verblijf` from a spreadsheet header works too.
    /// `onbekend` parses too (a URL filter may ask for it); it is not in [`Segment::ALLE`],
    /// the purchasing segments.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        Segment::ALLE
            .into_iter()
            .chain([Segment::Onbekend])
            .find(|seg| seg.id().eq_ignore_ascii_case(t))
            .ok_or_else(|| CodeFout::Segment(t.to_string()))
    }

    pub fn id(self) -> &'static str {
        match self {
            Segment::Verblijf => "verblijf",
            Segment::Wonen => "wonen",
            Segment::Ambulant => "ambulant",
            Segment::Crisis => "crisis",
            Segment::Jeugdbescherming => "jeugdbescherming",
            Segment::Jeugdreclassering => "jeugdreclassering",
            Segment::Onbekend => "onbekend",
        }
    }

    pub fn naam(self) -> &'static str {
        match self {
            Segment::Verblijf => "Verblijf",
            Segment::Wonen => "Wonen",
            Segment::Ambulant => "Ambulant",
            Segment::Crisis => "Crisis",
            Segment::Jeugdbescherming => "Jeugdbescherming",
            Segment::Jeugdreclassering => "Jeugdreclassering",
            Segment::Onbekend => "Onbekend",
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

// ---------------------------------------------------------------------------------------------

/// Who referred the young person to care (iJw COD327).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Verwijzer {
    Gemeente,
    Huisarts,
    Jeugdarts,
    GecertificeerdeInstelling,
    MedischSpecialist,
    GeenVerwijzer,
    RechterOfOfficier,
}

impl Verwijzer {
    pub const ALLE: [Verwijzer; 7] = [
        Verwijzer::Gemeente,
        Verwijzer::Huisarts,
        Verwijzer::Jeugdarts,
        Verwijzer::GecertificeerdeInstelling,
        Verwijzer::MedischSpecialist,
        Verwijzer::GeenVerwijzer,
        Verwijzer::RechterOfOfficier,
    ];

    /// Accepts `2` as well as `02`. Code 07 does not exist in COD327 and is rejected.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        let v = match digits(t, 2) {
            Some(1) => Verwijzer::Gemeente,
            Some(2) => Verwijzer::Huisarts,
            Some(3) => Verwijzer::Jeugdarts,
            Some(4) => Verwijzer::GecertificeerdeInstelling,
            Some(5) => Verwijzer::MedischSpecialist,
            Some(6) => Verwijzer::GeenVerwijzer,
            Some(8) => Verwijzer::RechterOfOfficier,
            _ => return Err(CodeFout::Verwijzer(t.to_string())),
        };
        Ok(v)
    }

    pub fn code(self) -> &'static str {
        match self {
            Verwijzer::Gemeente => "01",
            Verwijzer::Huisarts => "02",
            Verwijzer::Jeugdarts => "03",
            Verwijzer::GecertificeerdeInstelling => "04",
            Verwijzer::MedischSpecialist => "05",
            Verwijzer::GeenVerwijzer => "06",
            Verwijzer::RechterOfOfficier => "08",
        }
    }

    pub fn naam(self) -> &'static str {
        match self {
            Verwijzer::Gemeente => "gemeente",
            Verwijzer::Huisarts => "huisarts",
            Verwijzer::Jeugdarts => "jeugdarts",
            Verwijzer::GecertificeerdeInstelling => "gecertificeerde instelling",
            Verwijzer::MedischSpecialist => "medisch specialist",
            Verwijzer::GeenVerwijzer => "geen verwijzer / zelf",
            Verwijzer::RechterOfOfficier => "rechter, rechter-commissaris of officier van justitie",
        }
    }

    /// Referrals the municipality controls itself (gemeente or GI), as opposed to
    /// the "medical route" it cannot steer directly.
    pub fn is_gemeente_of_gi(self) -> bool {
        matches!(
            self,
            Verwijzer::Gemeente | Verwijzer::GecertificeerdeInstelling
        )
    }
}

impl fmt::Display for Verwijzer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

// ---------------------------------------------------------------------------------------------

/// Reason a traject ended (iJw JZ588), kept as its 2-digit code.
///
/// Only the grouping into [`RedenCategorie`] is interpreted; the individual codes get
/// no names here, so that we never show an unofficial label as if it were official.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RedenBeeindiging(u8);

/// Coarse grouping of [`RedenBeeindiging`] used in the dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RedenCategorie {
    VolgensPlan,
    Voortijdig,
    Overig,
}

impl RedenCategorie {
    pub const ALLE: [RedenCategorie; 3] = [
        RedenCategorie::VolgensPlan,
        RedenCategorie::Voortijdig,
        RedenCategorie::Overig,
    ];

    pub fn naam(self) -> &'static str {
        match self {
            RedenCategorie::VolgensPlan => "volgens plan",
            RedenCategorie::Voortijdig => "voortijdig beëindigd",
            RedenCategorie::Overig => "overige reden",
        }
    }
}

impl RedenBeeindiging {
    /// Accepts 1 or 2 digits with value 01..=99.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        match digits(t, 2) {
            Some(n @ 1..=99) => Ok(RedenBeeindiging(n as u8)),
            _ => Err(CodeFout::RedenBeeindiging(t.to_string())),
        }
    }

    pub fn code(self) -> u8 {
        self.0
    }

    /// 31 is "volgens plan", 32–35 "voortijdig"; everything else (36–39 and any code
    /// outside 31–39) counts as "overig" rather than being guessed into a better category.
    pub fn categorie(self) -> RedenCategorie {
        match self.0 {
            31 => RedenCategorie::VolgensPlan,
            32..=35 => RedenCategorie::Voortijdig,
            _ => RedenCategorie::Overig,
        }
    }

    pub fn is_volgens_plan(self) -> bool {
        self.categorie() == RedenCategorie::VolgensPlan
    }
}

impl fmt::Display for RedenBeeindiging {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

// ---------------------------------------------------------------------------------------------

/// Product category of a declared product (iJw JZ020), kept as its 2-digit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProductCategorie(u8);

impl ProductCategorie {
    /// Accepts 1 to 3 digits with value 0..=99, so `045` (some exports pad to 3) works.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        match digits(t, 3) {
            Some(n @ 0..=99) => Ok(ProductCategorie(n as u8)),
            _ => Err(CodeFout::ProductCategorie(t.to_string())),
        }
    }

    pub fn code(self) -> u8 {
        self.0
    }

    /// Dutch name for the categories this product reports on; other codes get a
    /// neutral "productcategorie NN" instead of an invented name.
    pub fn naam(self) -> String {
        let bekend = match self.0 {
            43 => "verblijf (incl. behandeling)",
            45 => "ambulante jeugdhulp",
            46 => "crisis",
            47 => "jeugdreclassering",
            48 => "jeugdbescherming",
            54 => "jeugd-ggz",
            n => return format!("productcategorie {n:02}"),
        };
        bekend.to_string()
    }

    /// 47 and 48 are court-ordered measures, counted from the `maatregelen` table instead.
    pub fn is_jeugdhulp(self) -> bool {
        !matches!(self.0, 47 | 48)
    }

    pub fn is_crisis(self) -> bool {
        self.0 == 46
    }
}

impl fmt::Display for ProductCategorie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

// ---------------------------------------------------------------------------------------------

/// Yes/no flag as source systems write it: `J`/`N`, `ja`/`nee`, `1`/`0`, `true`/`false`
/// (any case, surrounding whitespace ignored).
pub fn parse_ja_nee(s: &str) -> Result<bool, CodeFout> {
    let t = s.trim();
    match t.to_ascii_lowercase().as_str() {
        "j" | "ja" | "1" | "true" => Ok(true),
        "n" | "nee" | "0" | "false" => Ok(false),
        _ => Err(CodeFout::JaNee(t.to_string())),
    }
}

// ---------------------------------------------------------------------------------------------

/// Sex as registered (iJw COD046).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Geslacht {
    Onbekend,
    Man,
    Vrouw,
}

impl Geslacht {
    pub const ALLE: [Geslacht; 3] = [Geslacht::Onbekend, Geslacht::Man, Geslacht::Vrouw];

    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        match s.trim() {
            "0" => Ok(Geslacht::Onbekend),
            "1" => Ok(Geslacht::Man),
            "2" => Ok(Geslacht::Vrouw),
            t => Err(CodeFout::Geslacht(t.to_string())),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Geslacht::Onbekend => "0",
            Geslacht::Man => "1",
            Geslacht::Vrouw => "2",
        }
    }

    pub fn naam(self) -> &'static str {
        match self {
            Geslacht::Onbekend => "onbekend",
            Geslacht::Man => "man",
            Geslacht::Vrouw => "vrouw",
        }
    }
}

impl fmt::Display for Geslacht {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

string_glue!(
    GemeenteCode,
    AgbCode,
    Hulpvorm,
    Segment,
    Verwijzer,
    RedenBeeindiging,
    ProductCategorie,
    Geslacht,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn fout<T: fmt::Debug>(r: Result<T, CodeFout>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn gemeentecode_vormen() {
        for s in [
            "0153",
            "GM0153",
            "gm0153",
            "Gm0153",
            "  GM0153 ",
            "153",
            "\t0153\n",
        ] {
            let c = GemeenteCode::parse(s).unwrap();
            assert_eq!(c.to_string(), "GM0153", "{s:?}");
            assert_eq!(c.cijfers(), "0153");
            assert_eq!(c.nummer(), 153);
        }
        assert_eq!(GemeenteCode::parse("3").unwrap().to_string(), "GM0003");
        assert_eq!(GemeenteCode::parse("1680").unwrap().to_string(), "GM1680");
    }

    #[test]
    fn gemeentecode_afgewezen() {
        assert_eq!(
            fout(GemeenteCode::parse("GM15")),
            "\"GM15\" is geen geldige gemeentecode: verwacht GM gevolgd door 4 cijfers (bijv. GM0153) of alleen 4 cijfers"
        );
        for s in [
            "", "GM", "12345", "GM01530", "GX0153", "01a3", "-153", "+153", "GM 0153", "€153",
        ] {
            assert!(
                matches!(GemeenteCode::parse(s), Err(CodeFout::Gemeentecode(_))),
                "{s:?}"
            );
        }
        assert!(fout(GemeenteCode::parse(" 12345 ")).starts_with("\"12345\" is geen"));
    }

    #[test]
    fn gemeentecode_ordening_en_serde() {
        let a = GemeenteCode::parse("GM0034").unwrap();
        let b = GemeenteCode::parse("GM0153").unwrap();
        assert!(a < b);
        let json = toml::Value::try_from(b).unwrap();
        assert_eq!(json, toml::Value::String("GM0153".into()));

        #[derive(Deserialize, Serialize, Debug)]
        struct Cfg {
            gemeente: GemeenteCode,
        }
        let cfg: Cfg = toml::from_str("gemeente = \"153\"").unwrap();
        assert_eq!(cfg.gemeente, b);
        assert_eq!(
            toml::to_string(&cfg).unwrap().trim(),
            "gemeente = \"GM0153\""
        );
        let err = toml::from_str::<Cfg>("gemeente = \"GM15\"").unwrap_err();
        assert!(err.to_string().contains("is geen geldige gemeentecode"));
        assert_eq!("gm0153".parse::<GemeenteCode>().unwrap(), b);
    }

    #[test]
    fn agb() {
        assert_eq!(AgbCode::parse("12345678").unwrap().to_string(), "12345678");
        assert_eq!(
            AgbCode::parse(" 01234567 ").unwrap().to_string(),
            "01234567"
        );
        assert_eq!(AgbCode::parse("1234567").unwrap().to_string(), "01234567");
        assert_eq!(AgbCode::parse("1").unwrap().to_string(), "00000001");
        assert_eq!(
            fout(AgbCode::parse("123456789")),
            "\"123456789\" is geen geldige AGB-code: verwacht 8 cijfers (bijv. 12345678)"
        );
        for s in ["", "1234567a", "12 34", "1234567.0"] {
            assert!(
                matches!(AgbCode::parse(s), Err(CodeFout::AgbCode(_))),
                "{s:?}"
            );
        }
        let v = toml::Value::try_from(AgbCode::parse("42").unwrap()).unwrap();
        assert_eq!(v, toml::Value::String("00000042".into()));
    }

    #[test]
    fn hulpvorm() {
        assert_eq!(Hulpvorm::parse("1").unwrap(), Hulpvorm::JeugdhulpWijkteam);
        assert_eq!(Hulpvorm::parse("01").unwrap(), Hulpvorm::JeugdhulpWijkteam);
        assert_eq!(
            Hulpvorm::parse(" 01 ").unwrap(),
            Hulpvorm::JeugdhulpWijkteam
        );
        assert_eq!(Hulpvorm::parse("13").unwrap(), Hulpvorm::GeslotenPlaatsing);
        for h in Hulpvorm::ALLE {
            assert_eq!(Hulpvorm::parse(h.code()).unwrap(), h);
            assert_eq!(h.to_string(), h.code());
        }
        let verblijf: Vec<_> = Hulpvorm::ALLE.iter().filter(|h| h.is_verblijf()).collect();
        assert_eq!(verblijf.len(), 4);
        assert!(Hulpvorm::Pleegzorg.is_verblijf());
        assert!(!Hulpvorm::InHetNetwerk.is_verblijf());
        assert_eq!(Hulpvorm::AmbulantOpLocatie.code(), "02");
        assert_eq!(
            Hulpvorm::InHetNetwerk.naam(),
            "in het netwerk van de jeugdige"
        );
        assert_eq!(
            fout(Hulpvorm::parse("05")),
            "\"05\" is geen geldige hulpvorm: verwacht een CBS-code 01, 02, 03, 04, 11, 12, 13 of 14"
        );
        for s in ["", "001", "15", "pleegzorg", "0"] {
            assert!(Hulpvorm::parse(s).is_err(), "{s:?}");
        }
        let v = toml::Value::try_from(Hulpvorm::Daghulp).unwrap();
        assert_eq!(v, toml::Value::String("03".into()));
    }

    #[test]
    fn segment() {
        assert_eq!(Segment::parse("verblijf").unwrap(), Segment::Verblijf);
        assert_eq!(
            Segment::parse(" Jeugdbescherming ").unwrap(),
            Segment::Jeugdbescherming
        );
        assert_eq!(Segment::parse("AMBULANT").unwrap(), Segment::Ambulant);
        for s in Segment::ALLE {
            assert_eq!(Segment::parse(s.id()).unwrap(), s);
            assert_eq!(Segment::parse(s.naam()).unwrap(), s);
        }
        assert_eq!(Segment::Jeugdreclassering.naam(), "Jeugdreclassering");
        assert_eq!(Segment::parse("onbekend").unwrap(), Segment::Onbekend);
        assert!(!Segment::ALLE.contains(&Segment::Onbekend));
        assert_eq!(
            fout(Segment::parse("zorg")),
            "\"zorg\" is geen geldig segment: verwacht verblijf, wonen, ambulant, crisis, jeugdbescherming of jeugdreclassering"
        );
        let v = toml::Value::try_from(Segment::Wonen).unwrap();
        assert_eq!(v, toml::Value::String("wonen".into()));
    }

    #[test]
    fn verwijzer() {
        assert_eq!(Verwijzer::parse("2").unwrap(), Verwijzer::Huisarts);
        assert_eq!(Verwijzer::parse("02").unwrap(), Verwijzer::Huisarts);
        assert_eq!(
            Verwijzer::parse("08").unwrap(),
            Verwijzer::RechterOfOfficier
        );
        assert_eq!(Verwijzer::GeenVerwijzer.naam(), "geen verwijzer / zelf");
        assert_eq!(Verwijzer::RechterOfOfficier.code(), "08");
        for v in Verwijzer::ALLE {
            assert_eq!(Verwijzer::parse(v.code()).unwrap(), v);
        }
        assert!(Verwijzer::Gemeente.is_gemeente_of_gi());
        assert!(Verwijzer::GecertificeerdeInstelling.is_gemeente_of_gi());
        assert!(!Verwijzer::Huisarts.is_gemeente_of_gi());
        assert!(!Verwijzer::RechterOfOfficier.is_gemeente_of_gi());
        assert_eq!(
            fout(Verwijzer::parse("07")),
            "\"07\" is geen geldige verwijzer: verwacht een iJw-code 01 t/m 06 of 08"
        );
        assert!(Verwijzer::parse("huisarts").is_err());
    }

    #[test]
    fn reden_beeindiging() {
        let r = RedenBeeindiging::parse("31").unwrap();
        assert_eq!(r.code(), 31);
        assert_eq!(r.to_string(), "31");
        assert!(r.is_volgens_plan());
        assert_eq!(r.categorie(), RedenCategorie::VolgensPlan);
        for c in ["32", "33", "34", "35"] {
            assert_eq!(
                RedenBeeindiging::parse(c).unwrap().categorie(),
                RedenCategorie::Voortijdig
            );
        }
        for c in ["36", "39", "1", "99"] {
            let r = RedenBeeindiging::parse(c).unwrap();
            assert_eq!(r.categorie(), RedenCategorie::Overig, "{c}");
            assert!(!r.is_volgens_plan());
        }
        assert_eq!(RedenBeeindiging::parse("1").unwrap().to_string(), "01");
        assert_eq!(RedenCategorie::Voortijdig.naam(), "voortijdig beëindigd");
        assert_eq!(
            fout(RedenBeeindiging::parse("plan")),
            "\"plan\" is geen geldige reden beëindiging: verwacht een code van 2 cijfers, 01 t/m 99 (bijv. 31)"
        );
        for s in ["", "0", "00", "100", "3 1"] {
            assert!(RedenBeeindiging::parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn productcategorie() {
        let p = ProductCategorie::parse("45").unwrap();
        assert_eq!(p.code(), 45);
        assert_eq!(ProductCategorie::parse("045").unwrap(), p);
        assert_eq!(ProductCategorie::parse("5").unwrap().to_string(), "05");
        assert_eq!(p.naam(), "ambulante jeugdhulp");
        assert_eq!(ProductCategorie::parse("54").unwrap().naam(), "jeugd-ggz");
        assert_eq!(
            ProductCategorie::parse("40").unwrap().naam(),
            "productcategorie 40"
        );
        assert_eq!(
            ProductCategorie::parse("5").unwrap().naam(),
            "productcategorie 05"
        );
        assert!(p.is_jeugdhulp());
        assert!(!ProductCategorie::parse("47").unwrap().is_jeugdhulp());
        assert!(!ProductCategorie::parse("48").unwrap().is_jeugdhulp());
        assert!(ProductCategorie::parse("46").unwrap().is_crisis());
        assert!(ProductCategorie::parse("46").unwrap().is_jeugdhulp());
        assert!(!p.is_crisis());
        assert_eq!(
            fout(ProductCategorie::parse("100")),
            "\"100\" is geen geldige productcategorie: verwacht een code van 2 cijfers, 00 t/m 99 (bijv. 45)"
        );
        for s in ["", "0045", "4a", "ggz"] {
            assert!(ProductCategorie::parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn ja_nee() {
        for s in ["J", "j", "Ja", "JA", " ja ", "1", "true", "TRUE"] {
            assert_eq!(parse_ja_nee(s), Ok(true), "{s:?}");
        }
        for s in ["N", "n", "Nee", "nee", "0", "false", "False"] {
            assert_eq!(parse_ja_nee(s), Ok(false), "{s:?}");
        }
        assert_eq!(
            fout(parse_ja_nee("misschien")),
            "\"misschien\" is geen geldige ja/nee-waarde: verwacht J, N, ja, nee, 1, 0, true of false"
        );
        assert!(parse_ja_nee("").is_err());
        assert!(parse_ja_nee("yes").is_err());
    }

    #[test]
    fn geslacht() {
        assert_eq!(Geslacht::parse("0").unwrap(), Geslacht::Onbekend);
        assert_eq!(Geslacht::parse(" 1 ").unwrap(), Geslacht::Man);
        assert_eq!(Geslacht::parse("2").unwrap(), Geslacht::Vrouw);
        assert_eq!(Geslacht::Vrouw.code(), "2");
        assert_eq!(Geslacht::Man.naam(), "man");
        assert_eq!(
            fout(Geslacht::parse("3")),
            "\"3\" is geen geldig geslacht: verwacht 0 (onbekend), 1 (man) of 2 (vrouw)"
        );
        assert!(Geslacht::parse("M").is_err());
    }
}
