//! One table model for the page and every download of it, so a download holds exactly the
//! values the page shows: HTML (Dutch formatting), CSV (`;`, decimal comma, BOM), xlsx
//! (numbers as numbers), Parquet, Arrow IPC stream and JSON.
//!
//! Every `Tabel` is built from stored, already suppressed results, and `veilig` checks it
//! once more on the way out (the shared suppression step for tables that count people).

use model::getal;
use pipeline::kolombestand::{self, Kolommen, Kolomwaarden};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Soort {
    Tekst,
    /// A number with a unit from the catalogue (`procent`, `dagen`, `euro`, `per_100k`, `aantal`).
    Getal(&'static str),
    /// A count of people (or of their records): values below the threshold must not appear.
    Telling,
    JaNee,
}

#[derive(Debug, Clone)]
pub struct Kolom {
    /// Machine name (Parquet, Arrow, JSON).
    pub id: &'static str,
    /// Dutch header (page, CSV, xlsx).
    pub label: String,
    pub soort: Soort,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cel {
    Tekst(String),
    Getal(Option<f64>),
    JaNee(Option<bool>),
}

#[derive(Debug, Clone)]
pub struct Tabel {
    /// Used in download URLs and file names.
    pub id: String,
    /// The caption.
    pub titel: String,
    pub kolommen: Vec<Kolom>,
    pub rijen: Vec<Vec<Cel>>,
    /// Whether the first column heads its row (`<th scope="row">`).
    pub rijkoppen: bool,
}

pub fn kolom(id: &'static str, label: &str, soort: Soort) -> Kolom {
    Kolom {
        id,
        label: label.into(),
        soort,
    }
}

pub fn tekst(s: impl Into<String>) -> Cel {
    Cel::Tekst(s.into())
}

impl Tabel {
    pub fn nieuw(id: &str, titel: &str, kolommen: Vec<Kolom>) -> Tabel {
        Tabel {
            id: id.into(),
            titel: titel.into(),
            kolommen,
            rijen: Vec::new(),
            rijkoppen: true,
        }
    }

    /// Page text for a cell: Dutch formatting, "–" for no value.
    pub fn toon(&self, rij: usize, kolom: usize) -> String {
        let k = &self.kolommen[kolom];
        match (&self.rijen[rij][kolom], k.soort) {
            (Cel::Tekst(t), _) => t.clone(),
            (Cel::Getal(x), Soort::Getal(e)) => getal::met_eenheid(*x, e),
            (Cel::Getal(x), _) => getal::met_eenheid(*x, "aantal"),
            (Cel::JaNee(Some(true)), _) => "ja".into(),
            (Cel::JaNee(Some(false)), _) => "nee".into(),
            (Cel::JaNee(None), _) => "–".into(),
        }
    }

    pub fn is_getal(&self, kolom: usize) -> bool {
        matches!(self.kolommen[kolom].soort, Soort::Getal(_) | Soort::Telling)
    }

    /// The rows as display strings, for templates.
    pub fn weergave(&self) -> Vec<Vec<(String, bool)>> {
        (0..self.rijen.len())
            .map(|r| {
                (0..self.kolommen.len())
                    .map(|k| (self.toon(r, k), self.is_getal(k)))
                    .collect()
            })
            .collect()
    }

    /// Hides counts below the threshold (the shared step for count tables): such a cell
    /// becomes empty. Returns how many cells were hidden.
    pub fn onderdruk_tellingen(&mut self, drempel: u32) -> usize {
        let mut n = 0;
        for rij in &mut self.rijen {
            for (k, cel) in self.kolommen.iter().zip(rij.iter_mut()) {
                if k.soort == Soort::Telling
                    && let Cel::Getal(Some(x)) = cel
                    && pipeline::indicatoren::onderdrukking::te_klein(*x, f64::from(drempel))
                {
                    *cel = Cel::Getal(None);
                    n += 1;
                }
            }
        }
        n
    }

    /// The check on the way out: no count below the threshold, ever.
    pub fn veilig(&self, drempel: u32) -> Result<(), String> {
        for (r, rij) in self.rijen.iter().enumerate() {
            for (k, cel) in self.kolommen.iter().zip(rij) {
                if k.soort == Soort::Telling
                    && let Cel::Getal(Some(x)) = cel
                    && pipeline::indicatoren::onderdrukking::te_klein(*x, f64::from(drempel))
                {
                    return Err(format!(
                        "tabel {} rij {} kolom {}: {} is kleiner dan {drempel}",
                        self.id,
                        r + 1,
                        k.id,
                        x
                    ));
                }
            }
        }
        Ok(())
    }

    /// The columns with machine names and plain values (for Parquet and Arrow).
    fn kolomwaarden(&self) -> Kolommen {
        self.kolommen
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let cellen = self.rijen.iter().map(move |r| &r[i]);
                let v = match k.soort {
                    Soort::Tekst => Kolomwaarden::Tekst(
                        cellen
                            .map(|c| match c {
                                Cel::Tekst(t) => Some(t.clone()),
                                _ => None,
                            })
                            .collect(),
                    ),
                    Soort::Getal(_) | Soort::Telling => Kolomwaarden::Getal(
                        cellen
                            .map(|c| match c {
                                Cel::Getal(x) => *x,
                                _ => None,
                            })
                            .collect(),
                    ),
                    Soort::JaNee => Kolomwaarden::JaNee(
                        cellen
                            .map(|c| match c {
                                Cel::JaNee(x) => *x,
                                _ => None,
                            })
                            .collect(),
                    ),
                };
                (k.id, v)
            })
            .collect()
    }

    /// CSV as Dutch Excel opens it: BOM, `;`, decimal comma, Dutch headers. Numbers are
    /// written plainly (no thousands separator) so Excel reads them as numbers.
    pub fn csv(&self) -> Vec<u8> {
        let mut uit = String::from("\u{feff}");
        let veld = |s: &str| -> String {
            let s = zonder_formule(s);
            if s.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s
            }
        };
        let koppen: Vec<String> = self.kolommen.iter().map(|k| veld(&k.label)).collect();
        uit.push_str(&koppen.join(";"));
        uit.push_str("\r\n");
        for rij in &self.rijen {
            let velden: Vec<String> = rij
                .iter()
                .map(|c| match c {
                    Cel::Tekst(t) => veld(t),
                    Cel::Getal(Some(x)) => getal_csv(*x),
                    Cel::Getal(None) | Cel::JaNee(None) => String::new(),
                    Cel::JaNee(Some(b)) => if *b { "ja" } else { "nee" }.into(),
                })
                .collect();
            uit.push_str(&velden.join(";"));
            uit.push_str("\r\n");
        }
        uit.into_bytes()
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut boek = Workbook::new();
        let blad = boek.add_worksheet();
        // Sheet names: at most 31 characters, no []:*?/\.
        let naam: String = self.id.chars().take(31).collect();
        blad.set_name(&naam)?;
        let vet = Format::new().set_bold();
        let formaat = |e: &str| match e {
            "procent" | "per_100k" => Format::new().set_num_format("0.0"),
            "euro" => Format::new().set_num_format("€ #,##0"),
            _ => Format::new().set_num_format("#,##0"),
        };
        for (k, kol) in self.kolommen.iter().enumerate() {
            let k = k as u16;
            blad.write_string_with_format(0, k, &kol.label, &vet)?;
            blad.set_column_width(k, (kol.label.chars().count().max(10) + 2) as f64)?;
        }
        for (r, rij) in self.rijen.iter().enumerate() {
            let r = (r + 1) as u32;
            for (k, (cel, kol)) in rij.iter().zip(&self.kolommen).enumerate() {
                let k = k as u16;
                match cel {
                    // Text is written as text, never as a formula (formula injection).
                    Cel::Tekst(t) => {
                        blad.write_string(r, k, &*xlsx_tekst(t))?;
                    }
                    Cel::Getal(Some(x)) => {
                        let e = match kol.soort {
                            Soort::Getal(e) => e,
                            _ => "aantal",
                        };
                        blad.write_number_with_format(r, k, *x, &formaat(e))?;
                    }
                    Cel::JaNee(Some(b)) => {
                        blad.write_string(r, k, if *b { "ja" } else { "nee" })?;
                    }
                    Cel::Getal(None) | Cel::JaNee(None) => {}
                }
            }
        }
        blad.set_freeze_panes(1, 0)?;
        boek.save_to_buffer()
    }

    pub fn parquet(&self) -> Result<Vec<u8>, String> {
        kolombestand::parquet(self.kolomwaarden())
    }

    /// An Arrow IPC stream, in the oldest compatibility level so any Arrow reader takes it.
    pub fn arrow(&self) -> Result<Vec<u8>, String> {
        kolombestand::arrow(self.kolomwaarden())
    }

    /// Rows as objects with machine names; numbers as JSON numbers, no value as `null`.
    pub fn json(&self) -> Value {
        Value::Array(
            self.rijen
                .iter()
                .map(|rij| {
                    let mut o = Map::new();
                    for (k, c) in self.kolommen.iter().zip(rij) {
                        o.insert(
                            k.id.into(),
                            match c {
                                Cel::Tekst(t) => Value::String(t.clone()),
                                Cel::Getal(x) => x
                                    .and_then(serde_json::Number::from_f64)
                                    .map(Value::Number)
                                    .unwrap_or(Value::Null),
                                Cel::JaNee(b) => b.map(Value::Bool).unwrap_or(Value::Null),
                            },
                        );
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    }
}

/// An Excel cell holds at most 32.767 characters; a longer text (a long duiding) is cut
/// with an ellipsis instead of failing the whole download.
fn xlsx_tekst(t: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_767;
    if t.chars().count() <= MAX {
        return t.into();
    }
    let mut kort: String = t.chars().take(MAX - 1).collect();
    kort.push('…');
    kort.into()
}

/// A number for a Dutch CSV: decimal comma, no thousands separator, full precision (the
/// shortest text that reads back as the same number).
fn getal_csv(x: f64) -> String {
    format!("{x}").replace('.', ",")
}

/// A spreadsheet would run text that starts with `= + - @` as a formula, and Excel also looks
/// past a leading tab or carriage return (OWASP "CSV injection"); a leading quote keeps it text.
fn zonder_formule(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voorbeeld() -> Tabel {
        let mut t = Tabel::nieuw(
            "voorbeeld",
            "Voorbeeld",
            vec![
                kolom("gebied", "Gebied", Soort::Tekst),
                kolom("waarde", "Waarde", Soort::Getal("procent")),
                kolom("clienten", "Cliënten", Soort::Telling),
            ],
        );
        t.rijen.push(vec![
            tekst("Enschede"),
            Cel::Getal(Some(14.05)),
            Cel::Getal(Some(1234.0)),
        ]);
        t.rijen.push(vec![
            tekst("=SOM(A1)"),
            Cel::Getal(None),
            Cel::Getal(Some(7.0)),
        ]);
        t
    }

    #[test]
    fn csv_is_dutch_excel_friendly_and_suppression_hides_small_counts() {
        let mut t = voorbeeld();
        assert!(t.veilig(10).is_err(), "7 cliënten mag er niet door");
        assert_eq!(t.onderdruk_tellingen(10), 1);
        t.veilig(10).unwrap();
        let csv = String::from_utf8(t.csv()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let regels: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(regels[0], "Gebied;Waarde;Cliënten");
        assert_eq!(regels[1], "Enschede;14,05;1234");
        assert_eq!(regels[2], "'=SOM(A1);;");
        assert_eq!(t.toon(0, 1), "14,1%");
        assert_eq!(t.toon(0, 2), "1.234");
        assert_eq!(t.toon(1, 1), "–");
    }

    #[test]
    fn machine_formats_keep_numbers_and_nulls() {
        let t = voorbeeld();
        let k = t.kolomwaarden();
        assert_eq!(k[1].0, "waarde");
        assert_eq!(k[1].1, Kolomwaarden::Getal(vec![Some(14.05), None]));
        let j = t.json();
        assert_eq!(j[0]["clienten"], 1234.0);
        assert!(j[1]["waarde"].is_null());
        // Parquet and Arrow carry these columns (read back in `pipeline::kolombestand`).
        assert!(t.parquet().unwrap().starts_with(b"PAR1"));
        assert!(!t.arrow().unwrap().is_empty());
        // xlsx is a zip file.
        assert!(t.xlsx().unwrap().starts_with(b"PK"));
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_kept_text() {
        let mut t = Tabel::nieuw("t", "T", vec![kolom("naam", "=Naam", Soort::Tekst)]);
        for gevaar in [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "\t=1+1",
            "\r=1+1",
        ] {
            t.rijen.push(vec![tekst(gevaar)]);
        }
        t.rijen.push(vec![tekst("gewone tekst")]);
        let csv = String::from_utf8(t.csv()).unwrap();
        let regels: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(regels[0], "'=Naam");
        assert_eq!(regels[1], "'=cmd|' /C calc'!A0");
        assert_eq!(regels[2], "'+1+1");
        assert_eq!(regels[3], "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(regels[4], "'@SUM(1+1)");
        assert_eq!(regels[5], "'\t=1+1");
        // A CR forces quotes; the quote mark inside them keeps it text.
        assert!(csv.contains("\"'\r=1+1\""), "{csv:?}");
        assert!(csv.contains("\r\ngewone tekst\r\n"));
        // Every cell that starts with a formula character carries the quote.
        for r in &regels[1..6] {
            assert!(r.starts_with('\''), "{r:?}");
        }
    }

    #[test]
    fn a_text_longer_than_an_excel_cell_is_cut_not_refused() {
        let mut t = Tabel::nieuw("t", "T", vec![kolom("naam", "Naam", Soort::Tekst)]);
        t.rijen.push(vec![tekst("x".repeat(40_000))]);
        let x = t.xlsx().expect("xlsx met een lange tekst");
        assert!(x.starts_with(b"PK"));
        assert_eq!(xlsx_tekst(&"y".repeat(40_000)).chars().count(), 32_767);
        assert_eq!(xlsx_tekst("kort"), "kort");
    }

    #[test]
    fn csv_numbers_have_a_decimal_comma_and_no_thousands_separator() {
        assert_eq!(getal_csv(240553243.0), "240553243");
        assert_eq!(getal_csv(460.6764705882353), "460,6764705882353");
        assert_eq!(getal_csv(-85.1), "-85,1");
        assert_eq!(getal_csv(0.125), "0,125");
    }
}
