//! Validation of text rows into typed canonical rows. Every row either loads or is rejected
//! with the column, the value and a Dutch reason; nothing is dropped silently.

use chrono::{Datelike, NaiveDate};
use model::{
    AgbCode, GemeenteCode, Hulpvorm, Periode, ProductCategorie, RedenBeeindiging, Regio, Verwijzer,
    parse_datum, parse_ja_nee, parse_maand,
};
use polars::prelude::*;

use crate::bron::Bron;
use crate::brontabel::Brontabel;

/// Why one row was not loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Afwijzing {
    pub kolom: String,
    pub waarde: String,
    pub reden: String,
}

fn afwijzing(kolom: &str, waarde: &str, reden: impl Into<String>) -> Afwijzing {
    Afwijzing {
        kolom: kolom.to_string(),
        waarde: waarde.to_string(),
        reden: reden.into(),
    }
}

/// One typed field of a validated row (`None`: empty), in the order of the table's columns.
#[derive(Debug)]
pub enum Veld {
    Tekst(Option<String>),
    Datum(Option<NaiveDate>),
    JaNee(Option<bool>),
    Getal(Option<f64>),
    Geheel(Option<i64>),
}

enum Bouw {
    /// Text goes straight into an Arrow string-view buffer: a `String` per value and row
    /// held until the end of the ingest was most of its peak memory (BENCHMARKS.md).
    T(StringChunkedBuilder),
    D(Vec<Option<i32>>),
    B(Vec<Option<bool>>),
    G(Vec<Option<f64>>),
    I(Vec<Option<i64>>),
}

/// Collects typed rows column by column and turns them into a DataFrame.
pub struct Tabelbouwer {
    namen: Vec<&'static str>,
    kolommen: Vec<Bouw>,
    rijen: usize,
}

fn dagnummer(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as i32
}

impl Tabelbouwer {
    pub fn new(namen: Vec<&'static str>) -> Self {
        Tabelbouwer {
            namen,
            kolommen: Vec::new(),
            rijen: 0,
        }
    }

    pub fn push(&mut self, rij: Vec<Veld>) {
        debug_assert_eq!(rij.len(), self.namen.len());
        if self.kolommen.is_empty() {
            self.kolommen = rij
                .iter()
                .zip(&self.namen)
                .map(|(w, naam)| match w {
                    Veld::Tekst(_) => {
                        Bouw::T(StringChunkedBuilder::new(PlSmallStr::from_static(naam), 0))
                    }
                    Veld::Datum(_) => Bouw::D(Vec::new()),
                    Veld::JaNee(_) => Bouw::B(Vec::new()),
                    Veld::Getal(_) => Bouw::G(Vec::new()),
                    Veld::Geheel(_) => Bouw::I(Vec::new()),
                })
                .collect();
        }
        for (b, w) in self.kolommen.iter_mut().zip(rij) {
            match (b, w) {
                (Bouw::T(v), Veld::Tekst(x)) => v.append_option(x),
                (Bouw::D(v), Veld::Datum(x)) => v.push(x.map(dagnummer)),
                (Bouw::B(v), Veld::JaNee(x)) => v.push(x),
                (Bouw::G(v), Veld::Getal(x)) => v.push(x),
                (Bouw::I(v), Veld::Geheel(x)) => v.push(x),
                _ => unreachable!("a column keeps its type"),
            }
        }
        self.rijen += 1;
    }

    /// Appends the rows of `df` (built by a `Tabelbouwer` with the same columns, e.g. one
    /// per file), copying them into this builder's columns so that `df` can be freed.
    pub fn voeg_toe(&mut self, df: &DataFrame) -> PolarsResult<()> {
        if df.height() == 0 {
            return Ok(());
        }
        if self.kolommen.is_empty() {
            self.kolommen = df
                .columns()
                .iter()
                .zip(&self.namen)
                .map(|(c, naam)| match c.dtype() {
                    DataType::String => {
                        Bouw::T(StringChunkedBuilder::new(PlSmallStr::from_static(naam), 0))
                    }
                    DataType::Date => Bouw::D(Vec::new()),
                    DataType::Boolean => Bouw::B(Vec::new()),
                    DataType::Float64 => Bouw::G(Vec::new()),
                    _ => Bouw::I(Vec::new()),
                })
                .collect();
        }
        for (b, c) in self.kolommen.iter_mut().zip(df.columns()) {
            // A constant text (a file's name): its value once per row, nothing materialised.
            if let (Bouw::T(v), Column::Scalar(sc)) = (&mut *b, c) {
                let w = sc.scalar().value();
                let tekst = if w.is_null() { None } else { w.get_str() };
                for _ in 0..sc.len() {
                    v.append_option(tekst);
                }
                continue;
            }
            let s = c.as_materialized_series();
            match b {
                Bouw::T(v) => s.str()?.iter().for_each(|x| v.append_option(x)),
                Bouw::D(v) => v.extend(s.date()?.physical().iter()),
                Bouw::B(v) => v.extend(s.bool()?.iter()),
                Bouw::G(v) => v.extend(s.f64()?.iter()),
                Bouw::I(v) => v.extend(s.i64()?.iter()),
            }
        }
        self.rijen += df.height();
        Ok(())
    }

    /// The DataFrame; `leeg` gives the column types when no row came in.
    pub fn klaar(self, leeg: &Schema) -> PolarsResult<DataFrame> {
        if self.kolommen.is_empty() {
            return Ok(DataFrame::empty_with_schema(leeg));
        }
        let mut cols = Vec::new();
        for (naam, b) in self.namen.iter().zip(self.kolommen) {
            let naam = PlSmallStr::from_static(naam);
            let c = match b {
                Bouw::T(v) => v.finish().into_column().with_name(naam),
                Bouw::D(v) => Column::new(naam, v).cast(&DataType::Date)?,
                Bouw::B(v) => Column::new(naam, v),
                Bouw::G(v) => Column::new(naam, v),
                Bouw::I(v) => Column::new(naam, v),
            };
            cols.push(c);
        }
        DataFrame::new(self.rijen, cols)
    }
}

/// What a file tells about all its rows when the rows do not say it themselves.
pub struct Bestandscontext<'a> {
    pub regio: &'a Regio,
    /// From a name like `trajecten_GM0164_2025-09.csv`.
    pub aanlevering: Option<String>,
    pub gemeente: Option<GemeenteCode>,
}

impl Bestandscontext<'_> {
    pub fn uit_naam<'a>(regio: &'a Regio, naam: &str) -> Bestandscontext<'a> {
        let stam = naam.rsplit_once('.').map(|(s, _)| s).unwrap_or(naam);
        let delen: Vec<&str> = stam.split(['_', ' ']).collect();
        let aanlevering = delen
            .iter()
            .rev()
            .find_map(|d| parse_maand(d).ok().filter(|_| d.len() == 7))
            .map(|(j, m)| format!("{j}-{m:02}"));
        let gemeente = delen
            .iter()
            .find(|d| d.to_uppercase().starts_with("GM"))
            .and_then(|d| GemeenteCode::parse(d).ok());
        Bestandscontext {
            regio,
            aanlevering,
            gemeente,
        }
    }
}

/// The text cells of one row by position: a delivered row (a CSV record; its cells in one
/// buffer) or cells built one by one (iJw messages, tests). A missing cell is empty.
pub trait Cellen {
    fn cel(&self, i: usize) -> &str;
}

impl Cellen for csv::StringRecord {
    fn cel(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

impl Cellen for Vec<String> {
    fn cel(&self, i: usize) -> &str {
        self.get(i).map_or("", String::as_str)
    }
}

/// Reads the cells of one row by canonical column name.
pub struct Rij<'a> {
    posities: &'a [(&'static str, Option<usize>)],
    cellen: &'a dyn Cellen,
}

impl<'a> Rij<'a> {
    pub fn get(&self, kolom: &str) -> &'a str {
        // The names are mostly the same literal (one address): compared by address first.
        self.posities
            .iter()
            .find(|(k, _)| std::ptr::eq(*k, kolom) || *k == kolom)
            .and_then(|(_, p)| *p)
            .map(|p| self.cellen.cel(p))
            .unwrap_or("")
    }
}

const MIN_JAAR: i32 = 1900;
const MAX_JAAR: i32 = 2100;
/// A single declaration above this is taken for an input error (e.g. cents read as euros).
const MAX_BEDRAG: f64 = 5_000_000.0;

fn datum(r: &Rij, kolom: &str, verplicht: bool) -> Result<Option<NaiveDate>, Afwijzing> {
    let v = r.get(kolom);
    if v.is_empty() {
        return if verplicht {
            Err(afwijzing(kolom, v, format!("{kolom} is leeg")))
        } else {
            Ok(None)
        };
    }
    // Excel exports sometimes add a time of 00:00:00.
    let v_datum = v.split_once([' ', 'T']).map(|(d, _)| d).unwrap_or(v);
    let d = parse_datum(v_datum).map_err(|e| afwijzing(kolom, v, e.to_string()))?;
    if !(MIN_JAAR..=MAX_JAAR).contains(&d.year()) {
        return Err(afwijzing(
            kolom,
            v,
            format!(
                "{kolom} {v} ligt buiten {MIN_JAAR}–{MAX_JAAR}: dit is vrijwel zeker een invoerfout"
            ),
        ));
    }
    Ok(Some(d))
}

/// A birth date may be a whole date or only a month (`jjjj-mm`, meaning the 1st).
fn geboortedatum(r: &Rij) -> Result<Option<NaiveDate>, Afwijzing> {
    let v = r.get("geboortedatum");
    if v.len() == 7
        && let Ok((j, m)) = parse_maand(v)
    {
        // The same calendar bounds as a whole date: a birth month in 0001 is an input error.
        if !(MIN_JAAR..=MAX_JAAR).contains(&j) {
            return Err(afwijzing(
                "geboortedatum",
                v,
                format!(
                    "geboortedatum {v} ligt buiten {MIN_JAAR}–{MAX_JAAR}: dit is vrijwel zeker een invoerfout"
                ),
            ));
        }
        return Ok(NaiveDate::from_ymd_opt(j, m as u32, 1));
    }
    datum(r, "geboortedatum", false)
}

fn tekst(r: &Rij, kolom: &str, verplicht: bool) -> Result<Option<String>, Afwijzing> {
    let v = r.get(kolom);
    if v.is_empty() {
        if verplicht {
            return Err(afwijzing(kolom, v, format!("{kolom} is leeg")));
        }
        return Ok(None);
    }
    Ok(Some(v.to_string()))
}

fn maand(r: &Rij, kolom: &str, standaard: Option<&str>) -> Result<String, Afwijzing> {
    let v = r.get(kolom);
    let v = if v.is_empty() {
        standaard.unwrap_or("")
    } else {
        v
    };
    if v.is_empty() {
        return Err(afwijzing(
            kolom,
            v,
            format!("{kolom} is leeg en staat ook niet in de bestandsnaam (verwacht jjjj-mm)"),
        ));
    }
    let (j, m) = parse_maand(v).map_err(|e| afwijzing(kolom, v, e.to_string()))?;
    if !(MIN_JAAR..=MAX_JAAR).contains(&j) {
        return Err(afwijzing(
            kolom,
            v,
            format!("{kolom} {v} ligt buiten {MIN_JAAR}–{MAX_JAAR}"),
        ));
    }
    // Already `jjjj-mm` (four-digit year, two-digit month, nothing around it): the value is
    // its own canonical form, without formatting it again.
    if v.len() == 7 && v.as_bytes()[5..].iter().all(u8::is_ascii_digit) {
        return Ok(v.to_string());
    }
    Ok(format!("{j}-{m:02}"))
}

fn gemeente(r: &Rij, ctx: &Bestandscontext, kolom: &str) -> Result<String, Afwijzing> {
    let v = r.get(kolom);
    let code = if v.is_empty() {
        ctx.gemeente.ok_or_else(|| {
            afwijzing(
                kolom,
                v,
                "gemeente is leeg en staat ook niet in de bestandsnaam",
            )
        })?
    } else {
        GemeenteCode::parse(v).map_err(|e| afwijzing(kolom, v, e.to_string()))?
    };
    if ctx.regio.gemeente(code).is_none() {
        return Err(afwijzing(
            kolom,
            v,
            format!(
                "gemeente {code} hoort niet bij regio {} (zie [[gemeenten]] in de regioconfiguratie)",
                ctx.regio.naam
            ),
        ));
    }
    Ok(code.to_string())
}

/// A Dutch amount: `1.234,56`, `-85,10`, `1234`; without a comma, `1.234` is thousands and
/// `85.10` a decimal point (what an English-locale export writes).
pub fn parse_bedrag(v: &str) -> Result<f64, String> {
    match bedrag_eenvoudig(v) {
        Some(x) => Ok(x),
        None => bedrag_algemeen(v),
    }
}

/// The general rules of [`parse_bedrag`].
fn bedrag_algemeen(v: &str) -> Result<f64, String> {
    let fout = || format!("'{v}' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10");
    let s: String = v.trim().replace(['€', ' ', '\u{a0}'], "");
    if s.is_empty() {
        return Err(fout());
    }
    let (teken, s) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest.to_string()),
        None => (1.0, s.strip_prefix('+').unwrap_or(&s).to_string()),
    };
    let duizendtallen = |deel: &str| -> Option<String> {
        let groepen: Vec<&str> = deel.split('.').collect();
        let goed = groepen.len() > 1
            && !groepen[0].is_empty()
            && groepen[0].len() <= 3
            && groepen[1..].iter().all(|g| g.len() == 3);
        goed.then(|| groepen.concat())
    };
    let getal = if let Some((geheel, dec)) = s.split_once(',') {
        let geheel = if geheel.contains('.') {
            duizendtallen(geheel).ok_or_else(fout)?
        } else {
            geheel.to_string()
        };
        if dec.contains([',', '.']) {
            return Err(fout());
        }
        format!("{geheel}.{dec}")
    } else if s.contains('.') {
        duizendtallen(&s).unwrap_or(s.clone())
    } else {
        s.clone()
    };
    if !getal.chars().all(|c| c.is_ascii_digit() || c == '.') || getal.starts_with('.') {
        return Err(fout());
    }
    let x: f64 = getal.parse().map_err(|_| fout())?;
    Ok(teken * x)
}

/// The common case `-?\d+(,\d+)?` (what the monitor exports write), read without
/// allocating; `None` sends every other form to the general rules of [`parse_bedrag`],
/// which give the same value for these.
fn bedrag_eenvoudig(v: &str) -> Option<f64> {
    let b = v.as_bytes();
    let (negatief, cijfers) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let mut buf = [0u8; 32];
    if cijfers.is_empty() || cijfers.len() > buf.len() {
        return None;
    }
    let mut komma = false;
    for (i, &c) in cijfers.iter().enumerate() {
        buf[i] = match c {
            b'0'..=b'9' => c,
            b',' if !komma && i > 0 && i + 1 < cijfers.len() => {
                komma = true;
                b'.'
            }
            _ => return None,
        };
    }
    let x: f64 = std::str::from_utf8(&buf[..cijfers.len()])
        .ok()?
        .parse()
        .ok()?;
    Some(if negatief { -x } else { x })
}

fn geheel_getal(r: &Rij, kolom: &str) -> Result<i64, Afwijzing> {
    let v = r.get(kolom);
    let s: String = v
        .chars()
        .filter(|c| *c != '.' && !c.is_whitespace())
        .collect();
    s.parse::<i64>()
        .map_err(|_| afwijzing(kolom, v, format!("'{v}' is geen geheel getal")))
}

pub fn kolomnamen(tabel: Brontabel) -> Vec<&'static str> {
    match tabel {
        Brontabel::Trajecten => vec![
            "aanlevering",
            "gemeente",
            "client_id",
            "geboortedatum",
            "geslacht",
            "toewijzingnummer",
            "aanbieder_agb",
            "aanbieder_naam",
            "productcategorie",
            "productcode",
            "segment",
            "hulpvorm",
            "crisis",
            "verwijzer",
            "aanvraagdatum",
            "toewijzingsdatum",
            "toewijzing_ingangsdatum",
            "startdatum",
            "einddatum",
            "reden_beeindiging",
        ],
        Brontabel::Declaraties => vec![
            "aanlevering",
            "gemeente",
            "toewijzingnummer",
            "periode",
            "bedrag",
        ],
        Brontabel::Maatregelen => vec![
            "aanlevering",
            "gemeente",
            "client_id",
            "geboortedatum",
            "soort",
            "gi",
            "startdatum",
            "einddatum",
        ],
        Brontabel::VeiligThuis => vec![
            "aanlevering",
            "melding_id",
            "casus_id",
            "huishouden_id",
            "gemeente",
            "meldingsdatum",
            "casus_afgesloten",
            "soort",
        ],
        Brontabel::Bevolking => vec!["gemeente", "jaar", "leeftijd", "aantal"],
        Brontabel::Landelijk => vec![
            "indicator",
            "uitsplitsing",
            "periode",
            "waarde",
            "bron",
            "status",
        ],
        Brontabel::Aanbieders => vec!["agb", "naam"],
        Brontabel::Begroting => vec!["gemeente", "segment", "jaar", "bedrag", "bron"],
        Brontabel::Streefwaarden => vec![
            "indicator",
            "segment",
            "niveau",
            "basisjaar",
            "basiswaarde",
            "jaarlijkse_verandering",
            "bron",
        ],
    }
}

/// The Polars schema of a validated table (plus the source columns the ingest adds).
pub fn schema(tabel: Brontabel) -> Schema {
    let soort = |naam: &str| -> DataType {
        match naam {
            "geboortedatum"
            | "aanvraagdatum"
            | "toewijzingsdatum"
            | "toewijzing_ingangsdatum"
            | "startdatum"
            | "einddatum"
            | "meldingsdatum"
            | "casus_afgesloten" => DataType::Date,
            "crisis" => DataType::Boolean,
            "bedrag" | "waarde" | "basiswaarde" | "jaarlijkse_verandering" => DataType::Float64,
            "jaar" | "aantal" | "basisjaar" => DataType::Int64,
            _ => DataType::String,
        }
    };
    let mut s: Schema = kolomnamen(tabel)
        .into_iter()
        .map(|n| Field::new(n.into(), soort(n)))
        .collect();
    s.with_column("bron_bestand".into(), DataType::String);
    s.with_column("bron_rij".into(), DataType::Int64);
    s
}

/// Validates one row of `tabel`.
#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub fn valideer(tabel: Brontabel, r: &Rij, ctx: &Bestandscontext) -> Result<Vec<Veld>, Afwijzing> {
    match tabel {
        Brontabel::Trajecten => trajecten(r, ctx),
        Brontabel::Declaraties => {
            let aanlevering = maand(r, "aanlevering", ctx.aanlevering.as_deref())?;
            let gemeente = gemeente(r, ctx, "gemeente")?;
            let nummer = tekst(r, "toewijzingnummer", true)?;
            let periode = maand(r, "periode", None)?;
            let v = r.get("bedrag");
            let bedrag = parse_bedrag(v).map_err(|e| afwijzing("bedrag", v, e))?;
            if bedrag > MAX_BEDRAG {
                return Err(afwijzing(
                    "bedrag",
                    v,
                    format!(
                        "bedrag {v} is groter dan € 5.000.000 voor één declaratie: controleer de eenheid"
                    ),
                ));
            }
            if bedrag < -MAX_BEDRAG {
                return Err(afwijzing(
                    "bedrag",
                    v,
                    format!(
                        "bedrag {v} is een creditering van meer dan € 5.000.000 voor één declaratie: controleer de eenheid"
                    ),
                ));
            }
            Ok(vec![
                Veld::Tekst(Some(aanlevering)),
                Veld::Tekst(Some(gemeente)),
                Veld::Tekst(nummer),
                Veld::Tekst(Some(periode)),
                Veld::Getal(Some((bedrag * 100.0).round() / 100.0)),
            ])
        }
        Brontabel::Maatregelen => {
            let aanlevering = maand(r, "aanlevering", ctx.aanlevering.as_deref())?;
            let gemeente = gemeente(r, ctx, "gemeente")?;
            let client = tekst(r, "client_id", true)?;
            let geboren = geboortedatum(r)?;
            let v = r.get("soort");
            let soort = match v.to_uppercase().as_str() {
                "OTS" | "ONDERTOEZICHTSTELLING" => "OTS",
                "VOOGDIJ" => "VOOGDIJ",
                "JR" | "JEUGDRECLASSERING" => "JR",
                _ => {
                    return Err(afwijzing(
                        "soort",
                        v,
                        format!("maatregel '{v}' is onbekend: verwacht OTS, VOOGDIJ of JR"),
                    ));
                }
            };
            let start = datum(r, "startdatum", true)?.expect("verplicht");
            let einde = datum(r, "einddatum", false)?;
            eind_na_start(start, einde, r)?;
            Ok(vec![
                Veld::Tekst(Some(aanlevering)),
                Veld::Tekst(Some(gemeente)),
                Veld::Tekst(client),
                Veld::Datum(geboren),
                Veld::Tekst(Some(soort.to_string())),
                Veld::Tekst(tekst(r, "gi", false)?),
                Veld::Datum(Some(start)),
                Veld::Datum(einde),
            ])
        }
        Brontabel::VeiligThuis => {
            let melding = tekst(r, "melding_id", true)?;
            let casus = tekst(r, "casus_id", true)?;
            let huishouden = tekst(r, "huishouden_id", true)?;
            let gemeente = gemeente(r, ctx, "gemeente")?;
            let d = datum(r, "meldingsdatum", true)?.expect("verplicht");
            let afgesloten = datum(r, "casus_afgesloten", false)?;
            if let Some(a) = afgesloten
                && a < d
            {
                return Err(afwijzing(
                    "casus_afgesloten",
                    r.get("casus_afgesloten"),
                    format!(
                        "casus_afgesloten {} ligt voor meldingsdatum {}: een melding na afsluiten hoort bij een nieuwe casus",
                        r.get("casus_afgesloten"),
                        r.get("meldingsdatum")
                    ),
                ));
            }
            Ok(vec![
                Veld::Tekst(Some(ctx.aanlevering.clone().unwrap_or_default())),
                Veld::Tekst(melding),
                Veld::Tekst(casus),
                Veld::Tekst(huishouden),
                Veld::Tekst(Some(gemeente)),
                Veld::Datum(Some(d)),
                Veld::Datum(afgesloten),
                Veld::Tekst(tekst(r, "soort", false)?),
            ])
        }
        Brontabel::Begroting => {
            // Empty gemeente: the region's budget.
            let gemeente = if r.get("gemeente").is_empty() {
                String::new()
            } else {
                gemeente(r, ctx, "gemeente")?
            };
            let v = r.get("segment");
            let segment = match v.trim().to_lowercase().as_str() {
                "" | "totaal" => "totaal".to_string(),
                "wonen_verblijf" | "wonen+verblijf" | "wonen en verblijf" => {
                    "wonen_verblijf".to_string()
                }
                s => model::Segment::parse(s)
                    .map(|s| s.id().to_string())
                    .map_err(|_| {
                        afwijzing(
                            "segment",
                            v,
                            format!(
                                "segment '{v}' is onbekend: verwacht leeg of totaal, \
                                 wonen_verblijf of een segment ({})",
                                model::Segment::ALLE.map(|s| s.id()).join(", ")
                            ),
                        )
                    })?,
            };
            let jaar = geheel_getal(r, "jaar")?;
            let b = r.get("bedrag");
            let bedrag = parse_bedrag(b).map_err(|e| afwijzing("bedrag", b, e))?;
            if bedrag < 0.0 {
                return Err(afwijzing(
                    "bedrag",
                    b,
                    "een begroting is niet negatief".to_string(),
                ));
            }
            Ok(vec![
                Veld::Tekst(Some(gemeente)),
                Veld::Tekst(Some(segment)),
                Veld::Geheel(Some(jaar)),
                Veld::Getal(Some(bedrag)),
                Veld::Tekst(tekst(r, "bron", true)?),
            ])
        }
        Brontabel::Aanbieders => {
            let v = r.get("agb");
            let agb = AgbCode::parse(v).map_err(|e| afwijzing("agb", v, e.to_string()))?;
            Ok(vec![
                Veld::Tekst(Some(agb.to_string())),
                Veld::Tekst(tekst(r, "naam", true)?),
            ])
        }
        Brontabel::Bevolking => {
            let gemeente = gemeente(r, ctx, "gemeente")?;
            let jaar = geheel_getal(r, "jaar")?;
            let v = r.get("leeftijd");
            let leeftijd = match v.replace(' ', "").to_lowercase().as_str() {
                "0-17" | "0tot18" => "0-17",
                "12-22" | "12tot23" => "12-22",
                "totaal" | "alle" | "allen" => "totaal",
                _ => {
                    return Err(afwijzing(
                        "leeftijd",
                        v,
                        format!(
                            "leeftijdsklasse '{v}' is onbekend: verwacht 0-17, 12-22 of totaal"
                        ),
                    ));
                }
            };
            let aantal = geheel_getal(r, "aantal")?;
            if aantal < 0 {
                return Err(afwijzing(
                    "aantal",
                    r.get("aantal"),
                    "aantal inwoners is negatief",
                ));
            }
            Ok(vec![
                Veld::Tekst(Some(gemeente)),
                Veld::Geheel(Some(jaar)),
                Veld::Tekst(Some(leeftijd.to_string())),
                Veld::Geheel(Some(aantal)),
            ])
        }
        Brontabel::Landelijk => {
            let indicator = tekst(r, "indicator", true)?;
            let uitsplitsing = tekst(r, "uitsplitsing", false)?.unwrap_or_else(|| "totaal".into());
            let v = r.get("periode");
            let periode = Periode::parse(v).map_err(|e| afwijzing("periode", v, e.to_string()))?;
            let v = r.get("waarde");
            let waarde = parse_bedrag(v)
                .map_err(|_| afwijzing("waarde", v, format!("'{v}' is geen getal")))?;
            let status = tekst(r, "status", false)?.unwrap_or_else(|| "definitief".into());
            // CBS's three statuses (StatLine `PeriodenCodes.Status`), also for hand-typed rows.
            if !matches!(
                status.as_str(),
                "voorlopig" | "nader voorlopig" | "definitief"
            ) {
                return Err(afwijzing(
                    "status",
                    &status,
                    "status moet voorlopig, nader voorlopig of definitief zijn",
                ));
            }
            Ok(vec![
                Veld::Tekst(indicator),
                Veld::Tekst(Some(uitsplitsing)),
                Veld::Tekst(Some(periode.to_string())),
                Veld::Getal(Some(waarde)),
                Veld::Tekst(tekst(r, "bron", true)?),
                Veld::Tekst(Some(status)),
            ])
        }
        Brontabel::Streefwaarden => {
            let getal = |kolom: &str| -> Result<Option<f64>, Afwijzing> {
                let v = r.get(kolom);
                if v.is_empty() {
                    return Ok(None);
                }
                parse_bedrag(v)
                    .map(Some)
                    .map_err(|_| afwijzing(kolom, v, format!("'{v}' is geen getal")))
            };
            let basiswaarde = getal("basiswaarde")?;
            let verandering = getal("jaarlijkse_verandering")?;
            if basiswaarde.is_none() && verandering.is_none() {
                return Err(afwijzing(
                    "basiswaarde",
                    "",
                    "een streefwaarde heeft een basiswaarde, een jaarlijkse verandering of beide",
                ));
            }
            Ok(vec![
                Veld::Tekst(tekst(r, "indicator", true)?),
                Veld::Tekst(Some(r.get("segment").to_string())),
                Veld::Tekst(Some(
                    tekst(r, "niveau", false)?.unwrap_or_else(|| "regio".into()),
                )),
                Veld::Geheel(Some(geheel_getal(r, "basisjaar")?)),
                Veld::Getal(basiswaarde),
                Veld::Getal(verandering),
                Veld::Tekst(tekst(r, "bron", true)?),
            ])
        }
    }
}

fn eind_na_start(start: NaiveDate, einde: Option<NaiveDate>, r: &Rij) -> Result<(), Afwijzing> {
    if let Some(e) = einde
        && e < start
    {
        return Err(afwijzing(
            "einddatum",
            r.get("einddatum"),
            format!(
                "einddatum {} ligt voor startdatum {}",
                e.format("%d-%m-%Y"),
                start.format("%d-%m-%Y")
            ),
        ));
    }
    Ok(())
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
fn trajecten(r: &Rij, ctx: &Bestandscontext) -> Result<Vec<Veld>, Afwijzing> {
    let aanlevering = maand(r, "aanlevering", ctx.aanlevering.as_deref())?;
    let gemeente = gemeente(r, ctx, "gemeente")?;
    let client = tekst(r, "client_id", true)?;
    let geboren = geboortedatum(r)?;
    let v = r.get("geslacht");
    let geslacht = if v.is_empty() {
        None
    } else {
        Some(
            model::Geslacht::parse(v)
                .map_err(|e| afwijzing("geslacht", v, e.to_string()))?
                .code()
                .to_string(),
        )
    };
    let nummer = tekst(r, "toewijzingnummer", true)?;
    let v = r.get("aanbieder_agb");
    let agb = AgbCode::parse(v).map_err(|e| afwijzing("aanbieder_agb", v, e.to_string()))?;
    let v = r.get("productcategorie");
    let categorie =
        ProductCategorie::parse(v).map_err(|e| afwijzing("productcategorie", v, e.to_string()))?;
    let productcode = r.get("productcode").trim().to_uppercase();
    // A code the region does not know (known only by its category, or not at all) still
    // loads, with segment `onbekend`, when its hulpvorm is known; the release lists it as a
    // warning (`waarschuwingen::productcodes`). It is never a reject for a gap in the
    // configuration alone.
    let info = ctx
        .regio
        .product(categorie, &productcode)
        .unwrap_or(model::regio::ProductInfo {
            segment: model::Segment::Onbekend,
            hulpvorm: None,
            crisis: false,
            alleen_categorie: true,
        });
    let v = r.get("hulpvorm");
    let hulpvorm = if v.is_empty() {
        info.hulpvorm
    } else {
        Some(Hulpvorm::parse(v).map_err(|e| afwijzing("hulpvorm", v, e.to_string()))?)
    };
    // Measures (47/48) have no hulpvorm; jeugdhulp must have one to be counted at all.
    if hulpvorm.is_none() && categorie.is_jeugdhulp() {
        let waarom = if info.alleen_categorie {
            format!(
                "productcode '{productcode}' staat niet in de productindeling van regio {} en categorie {categorie} geeft daar geen hulpvorm",
                ctx.regio.naam
            )
        } else {
            format!("productcode '{productcode}' geeft in de regioconfiguratie geen hulpvorm")
        };
        return Err(afwijzing(
            "hulpvorm",
            v,
            format!("hulpvorm ontbreekt: {waarom}; lever de hulpvorm aan (CBS 01-04, 11-14)"),
        ));
    }
    let v = r.get("crisis");
    let crisis = if v.is_empty() {
        info.crisis || categorie.is_crisis()
    } else {
        parse_ja_nee(v).map_err(|e| afwijzing("crisis", v, e.to_string()))?
    };
    let v = r.get("verwijzer");
    let verwijzer = if v.is_empty() {
        None
    } else {
        Some(
            Verwijzer::parse(v)
                .map_err(|e| afwijzing("verwijzer", v, e.to_string()))?
                .code()
                .to_string(),
        )
    };
    let aanvraag = datum(r, "aanvraagdatum", false)?;
    let toegewezen = datum(r, "toewijzingsdatum", false)?;
    let ingang = datum(r, "toewijzing_ingangsdatum", false)?;
    let start = datum(r, "startdatum", true)?.expect("verplicht");
    let einde = datum(r, "einddatum", false)?;
    eind_na_start(start, einde, r)?;
    let v = r.get("reden_beeindiging");
    let reden = if v.is_empty() {
        None
    } else {
        Some(
            RedenBeeindiging::parse(v)
                .map_err(|e| afwijzing("reden_beeindiging", v, e.to_string()))?
                .to_string(),
        )
    };
    Ok(vec![
        Veld::Tekst(Some(aanlevering)),
        Veld::Tekst(Some(gemeente)),
        Veld::Tekst(client),
        Veld::Datum(geboren),
        Veld::Tekst(geslacht),
        Veld::Tekst(nummer),
        Veld::Tekst(Some(agb.to_string())),
        Veld::Tekst(tekst(r, "aanbieder_naam", false)?),
        Veld::Tekst(Some(categorie.to_string())),
        Veld::Tekst(Some(productcode)),
        Veld::Tekst(Some(info.segment.id().to_string())),
        Veld::Tekst(hulpvorm.map(|h| h.code().to_string())),
        Veld::JaNee(Some(crisis)),
        Veld::Tekst(verwijzer),
        Veld::Datum(aanvraag),
        Veld::Datum(toegewezen),
        Veld::Datum(ingang),
        Veld::Datum(Some(start)),
        Veld::Datum(einde),
        Veld::Tekst(reden),
    ])
}

/// Positions of the canonical columns of `tabel` in `bron`.
pub fn posities(tabel: Brontabel, bron: &Bron) -> Vec<(&'static str, Option<usize>)> {
    tabel
        .kolommen()
        .iter()
        .map(|k| (k.naam, bron.positie(k.naam)))
        .collect()
}

pub fn rij<'a>(posities: &'a [(&'static str, Option<usize>)], cellen: &'a dyn Cellen) -> Rij<'a> {
    Rij { posities, cellen }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_amounts_parse_and_nonsense_is_refused() {
        assert_eq!(parse_bedrag("1.234,56").unwrap(), 1234.56);
        assert_eq!(parse_bedrag("-85,10").unwrap(), -85.10);
        assert_eq!(parse_bedrag("1234").unwrap(), 1234.0);
        assert_eq!(parse_bedrag("€ 1.234.567,8").unwrap(), 1234567.8);
        assert_eq!(parse_bedrag("1.234").unwrap(), 1234.0);
        assert_eq!(parse_bedrag("85.10").unwrap(), 85.10);
        for fout in ["n.v.t.", "", "12,34,5", "1.23,45", "=1+1", "1e9", ",5x"] {
            assert!(parse_bedrag(fout).is_err(), "{fout} zou fout moeten zijn");
        }
        assert!(
            parse_bedrag("n.v.t.")
                .unwrap_err()
                .contains("'n.v.t.' is geen bedrag")
        );
    }

    /// The allocation-free path for plain amounts gives exactly what the general rules give,
    /// and declines everything else (so the general rules and their Dutch reasons apply).
    #[test]
    fn plain_amounts_take_the_short_path_with_the_same_value() {
        let vast = [
            "0",
            "-0",
            "5",
            "-5",
            "1234",
            "1266,55",
            "-85,10",
            "0,01",
            "007,50",
            "1,2345678901",
            "4999999,99",
            "-4999999,99",
            "12345678901234567890",
        ];
        for v in vast {
            let kort = bedrag_eenvoudig(v).unwrap_or_else(|| panic!("{v}: geen kort pad"));
            let lang = bedrag_algemeen(v).unwrap();
            assert_eq!(kort.to_bits(), lang.to_bits(), "{v}");
        }
        for v in [
            "", "-", ",5", "5,", "1,2,3", "1.234", "85.10", "+5", " 5", "5 ", "€5", "1.234,56",
            "--5", "-,5", "5,-", "1e9",
        ] {
            assert_eq!(bedrag_eenvoudig(v), None, "{v}");
        }
        // Every string of up to five characters from "-,019": the same outcome both ways.
        let tekens = ['-', ',', '0', '1', '9'];
        let mut rij = vec![String::new()];
        for _ in 0..5 {
            rij = rij
                .iter()
                .flat_map(|s| tekens.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for v in &rij {
                let verwacht = bedrag_algemeen(v).ok().map(f64::to_bits);
                assert_eq!(parse_bedrag(v).ok().map(f64::to_bits), verwacht, "{v}");
                if let Some(x) = bedrag_eenvoudig(v) {
                    assert_eq!(Some(x.to_bits()), verwacht, "{v}");
                }
            }
        }
    }

    /// A month already written `jjjj-mm` is kept as it is; other accepted forms are written
    /// that way; the year bounds and empty values are refused as before.
    #[test]
    fn months_are_canonical() {
        let posities = [("periode", Some(0))];
        let m = |v: &str| {
            let c = vec![v.to_string()];
            maand(&rij(&posities, &c), "periode", None)
        };
        assert_eq!(m("2024-07").unwrap(), "2024-07");
        assert_eq!(m("2024-7").unwrap(), "2024-07");
        assert_eq!(m("2024-12").unwrap(), "2024-12");
        assert!(m("2024-13").is_err());
        assert!(m("1899-12").unwrap_err().reden.contains("ligt buiten"));
        assert!(m("").unwrap_err().reden.contains("is leeg"));
    }

    /// The budget table: the region (empty gemeente), a gemeente, a segment; and each bad
    /// value refused with its column, value and what was expected.
    #[test]
    fn budget_rows_are_checked_with_dutch_reasons() {
        let regio = Regio::twente();
        let ctx = Bestandscontext::uit_naam(&regio, "begroting.csv");
        let posities: Vec<(&'static str, Option<usize>)> = Brontabel::Begroting
            .kolommen()
            .iter()
            .enumerate()
            .map(|(i, k)| (k.naam, Some(i)))
            .collect();
        let check = |cellen: [&str; 5]| {
            let c: Vec<String> = cellen.iter().map(|s| s.to_string()).collect();
            valideer(Brontabel::Begroting, &rij(&posities, &c), &ctx)
        };
        let goed = check(["", "", "2025", "24.017.000", "Begroting 2025"]).unwrap();
        assert!(matches!(&goed[0], Veld::Tekst(Some(g)) if g.is_empty()));
        assert!(matches!(&goed[1], Veld::Tekst(Some(s)) if s == "totaal"));
        assert!(matches!(goed[3], Veld::Getal(Some(x)) if x == 24_017_000.0));
        let seg = check(["GM0164", "Wonen+verblijf", "2025", "1000", "b"]).unwrap();
        assert!(matches!(&seg[1], Veld::Tekst(Some(s)) if s == "wonen_verblijf"));
        let fout = check(["GM0164", "jeugdzorg", "2025", "1000", "b"]).unwrap_err();
        assert_eq!(
            (fout.kolom.as_str(), fout.waarde.as_str()),
            ("segment", "jeugdzorg")
        );
        assert!(
            fout.reden.contains("verwacht leeg of totaal"),
            "{}",
            fout.reden
        );
        let fout = check(["GM0999", "", "2025", "1000", "b"]).unwrap_err();
        assert_eq!(fout.kolom, "gemeente");
        let fout = check(["", "", "2025", "-5", "b"]).unwrap_err();
        assert_eq!(
            (fout.kolom.as_str(), fout.reden.as_str()),
            ("bedrag", "een begroting is niet negatief")
        );
        let fout = check(["", "", "2025", "veel", "b"]).unwrap_err();
        assert!(fout.reden.contains("geen bedrag"), "{}", fout.reden);
        assert_eq!(check(["", "", "2025", "1", ""]).unwrap_err().kolom, "bron");
    }

    #[test]
    fn file_names_give_delivery_month_and_gemeente() {
        let regio = Regio::twente();
        let c = Bestandscontext::uit_naam(&regio, "trajecten_GM0164_2025-09.csv");
        assert_eq!(c.aanlevering.as_deref(), Some("2025-09"));
        assert_eq!(c.gemeente.map(|g| g.to_string()).as_deref(), Some("GM0164"));
        let c = Bestandscontext::uit_naam(&regio, "bevolking.csv");
        assert!(c.aanlevering.is_none() && c.gemeente.is_none());
    }
}
