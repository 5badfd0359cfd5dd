//! Reading one source file — CSV (any of `;` `,` tab, UTF-8 with or without BOM, UTF-16,
//! Windows-1252), `.xlsx`, Parquet or Arrow IPC — into rows of text cells under canonical
//! column names. Typing and checking the cells is `valideer`'s job; this module only makes
//! every format look the same, and refuses whole files that cannot be read.

use std::path::Path;

use model::Regio;
use polars::prelude::*;

use crate::tabel::Tabel;

/// A whole-file problem: nothing of the file is loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BestandFout {
    #[error("het bestand is leeg")]
    Leeg,
    #[error("het bestand kan niet worden gelezen: {0}")]
    Lezen(String),
    #[error(
        "geen leesbare tekst: het bestand lijkt binair (geen CSV); verwacht CSV, .xlsx, Parquet of Arrow"
    )]
    Binair,
    #[error(
        "de bestandsnaam zegt niet welke tabel dit is: verwacht een naam die begint met trajecten, declaraties, maatregelen, veilig_thuis, bevolking, landelijk of streefwaarden"
    )]
    OnbekendeTabel,
    #[error(
        "bestandssoort .{0} wordt niet ondersteund: verwacht .csv, .txt, .xlsx, .parquet, .arrow of .ipc"
    )]
    OnbekendeSoort(String),
    #[error(
        "verplichte kolom '{kolom}' ontbreekt; gevonden kolommen: {gevonden}. Voeg de kolom toe of zet de naam bij [kolommen.{tabel}] in de regioconfiguratie"
    )]
    KolomOntbreekt {
        tabel: String,
        kolom: String,
        gevonden: String,
    },
    #[error("kolom '{kolom}' komt meer dan eens voor (als '{eerste}' en als '{tweede}')")]
    DubbeleKolom {
        kolom: String,
        eerste: String,
        tweede: String,
    },
    #[error("{0}")]
    Inhoud(String),
}

/// One row of text cells, with its row number as a spreadsheet shows it (header = row 1).
pub struct BronRij {
    pub rij: u64,
    pub cellen: Vec<String>,
}

/// A source file read into text, its columns mapped to canonical names.
pub struct Bron {
    /// For each source column: the canonical column it feeds, if any.
    pub kolommen: Vec<Option<&'static str>>,
    pub bronkolommen: Vec<String>,
    pub rijen: Vec<BronRij>,
    /// Rows the reader itself could not take (wrong number of fields): (row, reason).
    pub kapotte_rijen: Vec<(u64, String)>,
}

impl Bron {
    /// Source position of a canonical column.
    pub fn positie(&self, kolom: &str) -> Option<usize> {
        self.kolommen.iter().position(|k| *k == Some(kolom))
    }
}

pub fn lees(pad: &Path, tabel: Tabel, regio: &Regio) -> Result<Bron, BestandFout> {
    let ext = pad
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (kop, rijen, kapot) = match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
            lees_csv(&bytes)?
        }
        "xlsx" | "xlsm" => lees_xlsx(pad, tabel)?,
        "parquet" | "arrow" | "ipc" | "feather" => lees_kolomformaat(pad, &ext)?,
        other => return Err(BestandFout::OnbekendeSoort(other.to_string())),
    };
    koppel_kolommen(kop, rijen, kapot, tabel, regio)
}

fn koppel_kolommen(
    kop: Vec<String>,
    rijen: Vec<BronRij>,
    kapotte_rijen: Vec<(u64, String)>,
    tabel: Tabel,
    regio: &Regio,
) -> Result<Bron, BestandFout> {
    let mut kolommen: Vec<Option<&'static str>> = Vec::with_capacity(kop.len());
    for (i, naam) in kop.iter().enumerate() {
        let canon = regio
            .canonieke_kolom(tabel.id(), naam)
            .or_else(|| {
                // Without aliases in the configuration the canonical names still work.
                let n = model::regio::normaliseer_kolomnaam(naam);
                tabel
                    .kolommen()
                    .iter()
                    .find(|k| k.naam == n)
                    .map(|k| k.naam)
            })
            .and_then(|c| {
                tabel
                    .kolommen()
                    .iter()
                    .find(|k| k.naam == c)
                    .map(|k| k.naam)
            });
        if let Some(c) = canon
            && let Some(j) = kolommen.iter().position(|k| *k == Some(c))
        {
            return Err(BestandFout::DubbeleKolom {
                kolom: c.to_string(),
                eerste: kop[j].clone(),
                tweede: kop[i].clone(),
            });
        }
        kolommen.push(canon);
    }
    for k in tabel.kolommen() {
        if k.verplicht && !kolommen.contains(&Some(k.naam)) {
            return Err(BestandFout::KolomOntbreekt {
                tabel: tabel.id().to_string(),
                kolom: k.naam.to_string(),
                gevonden: kop.join(", "),
            });
        }
    }
    Ok(Bron {
        kolommen,
        bronkolommen: kop,
        rijen,
        kapotte_rijen,
    })
}

/// Decodes a text file: BOM for UTF-8/UTF-16, otherwise UTF-8 if valid, else Windows-1252
/// (what Dutch Excel writes as "CSV (gescheiden door lijstscheidingsteken)").
pub fn decodeer(bytes: &[u8]) -> Result<String, BestandFout> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| {
            BestandFout::Lezen("het bestand zegt UTF-8 (BOM) maar is het niet".into())
        });
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok(encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned());
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok(encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned());
    }
    // NUL bytes do not occur in text in any of the encodings we accept.
    if bytes.iter().take(64 * 1024).any(|b| *b == 0) {
        return Err(BestandFout::Binair);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

/// The separator is the one of `;`, `,`, tab that occurs most in the header line.
fn snuffel_scheiding(tekst: &str) -> u8 {
    let kop = tekst.lines().next().unwrap_or("");
    let mut beste = (b';', 0);
    for s in [b';', b'\t', b','] {
        let n = kop.bytes().filter(|b| *b == s).count();
        if n > beste.1 {
            beste = (s, n);
        }
    }
    beste.0
}

type Gelezen = (Vec<String>, Vec<BronRij>, Vec<(u64, String)>);

pub fn lees_csv(bytes: &[u8]) -> Result<Gelezen, BestandFout> {
    let tekst = decodeer(bytes)?;
    if tekst.trim().is_empty() {
        return Err(BestandFout::Leeg);
    }
    let mut lezer = csv::ReaderBuilder::new()
        .delimiter(snuffel_scheiding(&tekst))
        .has_headers(true)
        .flexible(true)
        .from_reader(tekst.as_bytes());
    let kop: Vec<String> = lezer
        .headers()
        .map_err(|e| BestandFout::Lezen(e.to_string()))?
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    let mut rijen = Vec::new();
    let mut kapot = Vec::new();
    // The CSV reader skips empty lines, a spreadsheet shows them as rows: count them in.
    let mut rij = 1 + lege_regels(tekst.as_bytes(), 0);
    let mut record = csv::StringRecord::new();
    loop {
        let voor = lezer.position().byte() as usize;
        let r = match lezer.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => Ok(&record),
            Err(e) => Err(e),
        };
        rij += 1 + lege_regels(tekst.as_bytes(), voor);
        match r {
            Ok(r) if r.len() == kop.len() => rijen.push(BronRij {
                rij,
                cellen: r.iter().map(|s| s.trim().to_string()).collect(),
            }),
            // Excel leaves trailing empty cells out; a line that is empty entirely is no row.
            Ok(r) if r.len() == 1 && r.get(0).is_some_and(|s| s.trim().is_empty()) => {
                kapot.push((rij, "lege regel".to_string()))
            }
            Ok(r) => kapot.push((
                rij,
                format!(
                    "rij heeft {} velden, verwacht {} (zoals de kopregel)",
                    r.len(),
                    kop.len()
                ),
            )),
            Err(e) => kapot.push((rij, format!("rij kan niet worden gelezen: {e}"))),
        }
    }
    if rijen.is_empty() && kapot.is_empty() && kop.iter().all(|k| k.is_empty()) {
        return Err(BestandFout::Leeg);
    }
    Ok((kop, rijen, kapot))
}

/// The empty lines at byte `pos` (where the CSV reader stands before a record): the reader
/// skips them silently, but a spreadsheet numbers them as rows. The LF of a CRLF that ended
/// the previous record is part of that record, not an empty line.
fn lege_regels(tekst: &[u8], pos: usize) -> u64 {
    let mut i = pos;
    if i > 0 && tekst.get(i - 1) == Some(&b'\r') && tekst.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut n = 0;
    loop {
        match tekst.get(i) {
            Some(b'\r') if tekst.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\r' | b'\n') => i += 1,
            _ => return n,
        }
        n += 1;
    }
}

fn lees_xlsx(pad: &Path, tabel: Tabel) -> Result<Gelezen, BestandFout> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut boek = open_workbook_auto(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
    let namen = boek.sheet_names();
    // A workbook may have several sheets: take the one named after the table, else the first.
    let blad = namen
        .iter()
        .find(|n| model::regio::normaliseer_kolomnaam(n) == tabel.id())
        .or(namen.first())
        .cloned()
        .ok_or(BestandFout::Leeg)?;
    let bereik = boek
        .worksheet_range(&blad)
        .map_err(|e| BestandFout::Lezen(format!("werkblad '{blad}': {e}")))?;
    let tekst = |c: &Data| -> String {
        match c {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            Data::Int(i) => i.to_string(),
            // Numbers go on as Dutch text, so one parser serves CSV and Excel alike.
            Data::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    format!("{f}").replace('.', ",")
                }
            }
            Data::Bool(b) => if *b { "J" } else { "N" }.to_string(),
            Data::DateTime(d) => d
                .as_datetime()
                .map(|dt| dt.date().format("%d-%m-%Y").to_string())
                .unwrap_or_default(),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#FOUT {e:?}"),
        }
    };
    let mut rijen_iter = bereik.rows();
    let kop: Vec<String> = match rijen_iter.next() {
        Some(r) => r.iter().map(tekst).collect(),
        None => return Err(BestandFout::Leeg),
    };
    let start_rij = bereik.start().map(|(r, _)| r as u64).unwrap_or(0);
    let mut rijen = Vec::new();
    for (i, r) in rijen_iter.enumerate() {
        let cellen: Vec<String> = r.iter().map(tekst).collect();
        if cellen.iter().all(|c| c.is_empty()) {
            continue;
        }
        rijen.push(BronRij {
            rij: start_rij + i as u64 + 2,
            cellen,
        });
    }
    Ok((kop, rijen, Vec::new()))
}

fn lees_kolomformaat(pad: &Path, ext: &str) -> Result<Gelezen, BestandFout> {
    let bestand = std::fs::File::open(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
    let df = if ext == "parquet" {
        ParquetReader::new(bestand).finish()
    } else {
        IpcReader::new(bestand).finish()
    }
    .map_err(|e| BestandFout::Lezen(format!("geen geldig {ext}-bestand: {e}")))?;
    let kop: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Every column to Dutch text: dates as dd-mm-jjjj, decimals with a comma.
    let mut kolommen = Vec::new();
    for c in df.columns() {
        let s = c.as_materialized_series();
        let tekst = match s.dtype() {
            DataType::Date => s
                .date()
                .map_err(|e| BestandFout::Lezen(e.to_string()))?
                .to_string("%d-%m-%Y")
                .map_err(|e| BestandFout::Lezen(e.to_string()))?
                .into_series(),
            DataType::Float32 | DataType::Float64 => {
                let f = s
                    .cast(&DataType::Float64)
                    .map_err(|e| BestandFout::Lezen(e.to_string()))?;
                let f = f.f64().map_err(|e| BestandFout::Lezen(e.to_string()))?;
                let v: Vec<Option<String>> = f
                    .iter()
                    .map(|x| x.map(|x| format!("{x}").replace('.', ",")))
                    .collect();
                Series::new(s.name().clone(), v)
            }
            DataType::Boolean => {
                let b = s.bool().map_err(|e| BestandFout::Lezen(e.to_string()))?;
                let v: Vec<Option<&str>> = b
                    .iter()
                    .map(|x| x.map(|x| if x { "J" } else { "N" }))
                    .collect();
                Series::new(s.name().clone(), v)
            }
            _ => s
                .cast(&DataType::String)
                .map_err(|e| BestandFout::Lezen(format!("kolom {}: {e}", s.name())))?,
        };
        kolommen.push(tekst);
    }
    let n = df.height();
    let mut rijen = Vec::with_capacity(n);
    let strs: Vec<&StringChunked> = kolommen
        .iter()
        .map(|s| s.str())
        .collect::<Result<_, _>>()
        .map_err(|e| BestandFout::Lezen(e.to_string()))?;
    for i in 0..n {
        rijen.push(BronRij {
            rij: i as u64 + 2,
            cellen: strs
                .iter()
                .map(|s| s.get(i).unwrap_or("").trim().to_string())
                .collect(),
        });
    }
    Ok((kop, rijen, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        assert_eq!(decodeer(b"\xEF\xBB\xBFa;b").unwrap(), "a;b");
        assert_eq!(decodeer("Reünie".as_bytes()).unwrap(), "Reünie");
        // Windows-1252: ë is 0xEB, invalid as UTF-8 on its own.
        assert_eq!(decodeer(b"Re\xEBnie").unwrap(), "Reünie".replace('ü', "ë"));
        assert_eq!(decodeer(b"\xFF\xFEa\0;\0b\0").unwrap(), "a;b");
        assert_eq!(decodeer(b"PK\x03\x04\0\0garbage"), Err(BestandFout::Binair));
    }

    #[test]
    fn separators_are_sniffed_from_the_header() {
        assert_eq!(snuffel_scheiding("a;b;c\n1,5;2;3"), b';');
        assert_eq!(snuffel_scheiding("a,b,c\n1;2;3"), b',');
        assert_eq!(snuffel_scheiding("a\tb\tc"), b'\t');
    }

    #[test]
    fn quoted_newlines_stay_in_one_row_and_row_numbers_follow_the_spreadsheet() {
        let (kop, rijen, kapot) = lees_csv(b"naam;getal\n\"twee\nregels\";1\nkort\nx;2\n").unwrap();
        assert_eq!(kop, vec!["naam", "getal"]);
        assert_eq!(rijen.len(), 2);
        assert_eq!(rijen[0].rij, 2);
        assert_eq!(rijen[0].cellen[0], "twee\nregels");
        assert_eq!(rijen[1].rij, 4);
        assert_eq!(kapot.len(), 1);
        assert_eq!(kapot[0].0, 3);
        assert!(
            kapot[0].1.contains("1 velden, verwacht 2"),
            "{}",
            kapot[0].1
        );
    }

    #[test]
    fn empty_lines_count_as_spreadsheet_rows() {
        // Header row 1, row 2, empty row 3, row 4 over two lines, empty rows 5 and 6, row 7.
        for eol in ["\n", "\r\n", "\r"] {
            let tekst = ["a;b", "x;1", "", "\"twee\nregels\";2", "", "", "y;3", ""].join(eol);
            let (_, rijen, kapot) = lees_csv(tekst.as_bytes()).unwrap();
            let nummers: Vec<u64> = rijen.iter().map(|r| r.rij).collect();
            assert_eq!(nummers, vec![2, 4, 7], "regeleinde {eol:?}");
            assert!(kapot.is_empty());
        }
        // Empty lines above the header move it down as well.
        let (_, rijen, _) = lees_csv(b"\r\n\r\na;b\r\nx;1\r\n").unwrap();
        assert_eq!(rijen[0].rij, 4);
    }

    #[test]
    fn empty_files_are_refused() {
        assert_eq!(lees_csv(b"").err(), Some(BestandFout::Leeg));
        assert_eq!(lees_csv(b"\xEF\xBB\xBF \n").err(), Some(BestandFout::Leeg));
    }
}
