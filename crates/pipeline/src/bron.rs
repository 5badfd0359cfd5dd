//! Reading one source file — CSV (any of `;` `,` tab, UTF-8 with or without BOM, UTF-16,
//! Windows-1252), `.xlsx`, Parquet or Arrow IPC — into rows of text cells under canonical
//! column names. Typing and checking the cells is `valideer`'s job; this module only makes
//! every format look the same, and refuses whole files that cannot be read.

use std::path::Path;

use model::Regio;
use polars::prelude::*;

use crate::brontabel::Brontabel;

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
        "de bestandsnaam zegt niet welke tabel dit is: verwacht een naam die begint met trajecten, declaraties, maatregelen, veilig_thuis, bevolking, landelijk, streefwaarden, aanbieders of begroting"
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
    #[error(
        "regel {regel} is langer dan {max} bytes: zo'n regel komt in een leveringsbestand niet voor; het bestand is beschadigd of geen CSV (gelezen tot en met regel {regel}, niets geladen)"
    )]
    RegelTeLang { regel: u64, max: usize },
    #[error(
        "de kopregel heeft {aantal} kolommen; meer dan {max} kolommen komt in een levering niet voor: controleer het scheidingsteken of de bestandssoort"
    )]
    TeVeelKolommen { aantal: usize, max: usize },
    #[error(
        "werkblad '{blad}' heeft meer dan {max} gevulde cellen: te groot voor één levering (splits het bestand)"
    )]
    TeVeelCellen { blad: String, max: usize },
    #[error(
        "het werkboek heeft meer dan één tabblad met de kolommen van {tabel} ({bladen}): Jeugdstuur kiest niet zelf; lever één tabblad per bestand of noem het tabblad '{tabel}'"
    )]
    MeerdereTabbladen { tabel: String, bladen: String },
    #[error(
        "kolom '{kolom}' heeft het type {soort}, dat niet als tekst kan worden gelezen; verwacht tekst, een getal of een datum"
    )]
    OnleesbaarType { kolom: String, soort: String },
    #[error(
        "het bestand kan niet worden gelezen: interne fout in de lezer ({0}); meld dit bij de beheerder"
    )]
    Intern(String),
    #[error("{0}")]
    Inhoud(String),
}

/// The longest line a CSV file may have, in bytes. A delivery line is well under a kilobyte;
/// a longer one means a damaged or hostile file, refused before the file is loaded at all.
pub const MAX_REGEL: usize = 1024 * 1024;
/// The most columns a header may have (CSV, Excel, Parquet, Arrow).
pub const MAX_KOLOMMEN: usize = 1000;
/// The most filled cells read from one worksheet (about 380.000 rows of 13 columns).
pub const MAX_CELLEN: usize = 5_000_000;

/// A source name shortened for an error message: at most 60 characters.
fn kort(s: &str) -> String {
    let mut uit: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        uit.push('…');
    }
    uit
}

/// One row of text cells, with its row number as a spreadsheet shows it (header = row 1).
pub struct BronRij {
    pub rij: u64,
    /// The trimmed cells in one buffer (one allocation per row, not one per cell).
    pub cellen: csv::StringRecord,
}

/// Cells as one row of [`BronRij`].
fn als_rij(cellen: impl IntoIterator<Item = impl AsRef<str>>) -> csv::StringRecord {
    let mut r = csv::StringRecord::new();
    for c in cellen {
        r.push_field(c.as_ref());
    }
    r
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

/// Reads one file. A panic in a reader library (a malformed Parquet file, say) is caught and
/// refuses this file only, so one bad delivery never stops the whole ingest.
pub fn lees(pad: &Path, tabel: Brontabel, regio: &Regio) -> Result<Bron, BestandFout> {
    vang(|| lees_binnen(pad, tabel, regio))
}

/// Runs a reader and turns a panic into [`BestandFout::Intern`]. The fuzzer found one in the
/// Excel library (calamine 0.38: a long cell reference of letters only, like `r="nlineStr"`,
/// overflows a multiplication; a panic in debug builds, a wrapped number in release builds).
pub fn vang<T>(f: impl FnOnce() -> Result<T, BestandFout>) -> Result<T, BestandFout> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|e| {
        let melding = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(BestandFout::Intern(kort(&melding)))
    })
}

fn lees_binnen(pad: &Path, tabel: Brontabel, regio: &Regio) -> Result<Bron, BestandFout> {
    let ext = pad
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (kop, rijen, kapot) = match ext.as_str() {
        "csv" | "txt" => {
            controleer_regellengte(pad, MAX_REGEL)?;
            let bytes = std::fs::read(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
            lees_csv(&bytes)?
        }
        "xlsx" | "xlsm" => return lees_xlsx(pad, tabel, regio),
        "parquet" | "arrow" | "ipc" | "feather" => {
            let ((kop, rijen, kapot), onleesbaar) = lees_kolomformaat(pad, &ext)?;
            let bron = koppel_kolommen(kop, rijen, kapot, tabel, regio)?;
            for (naam, soort) in onleesbaar {
                if let Some(i) = bron.bronkolommen.iter().position(|k| *k == naam)
                    && bron.kolommen[i].is_some()
                {
                    return Err(BestandFout::OnleesbaarType {
                        kolom: kort(&naam),
                        soort,
                    });
                }
            }
            return Ok(bron);
        }
        other => return Err(BestandFout::OnbekendeSoort(other.to_string())),
    };
    koppel_kolommen(kop, rijen, kapot, tabel, regio)
}

/// Streams the file once and refuses it when a line (between line breaks, CR or LF) is
/// longer than `max` bytes, so a file of one endless line is never loaded into memory.
pub fn controleer_regellengte(pad: &Path, max: usize) -> Result<(), BestandFout> {
    use std::io::Read;
    let mut f = std::fs::File::open(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
    // No line can be longer than the whole file.
    if f.metadata().is_ok_and(|m| m.len() <= max as u64) {
        return Ok(());
    }
    let mut buf = vec![0u8; 64 * 1024];
    let (mut lengte, mut regel, mut vorige_cr) = (0usize, 1u64, false);
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| BestandFout::Lezen(e.to_string()))?;
        if n == 0 {
            return Ok(());
        }
        for &b in &buf[..n] {
            match b {
                b'\n' if vorige_cr => {}
                b'\n' | b'\r' => {
                    regel += 1;
                    lengte = 0;
                }
                _ => {
                    lengte += 1;
                    if lengte > max {
                        return Err(BestandFout::RegelTeLang { regel, max });
                    }
                }
            }
            vorige_cr = b == b'\r';
        }
    }
}

/// Maps a header to the table's canonical columns; refuses duplicates and missing ones.
pub fn koppel_kolommen(
    kop: Vec<String>,
    rijen: Vec<BronRij>,
    kapotte_rijen: Vec<(u64, String)>,
    tabel: Brontabel,
    regio: &Regio,
) -> Result<Bron, BestandFout> {
    if kop.len() > MAX_KOLOMMEN {
        return Err(BestandFout::TeVeelKolommen {
            aantal: kop.len(),
            max: MAX_KOLOMMEN,
        });
    }
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
                eerste: kort(&kop[j]),
                tweede: kort(&kop[i]),
            });
        }
        kolommen.push(canon);
    }
    for k in tabel.kolommen() {
        if k.verplicht && !kolommen.contains(&Some(k.naam)) {
            return Err(BestandFout::KolomOntbreekt {
                tabel: tabel.id().to_string(),
                kolom: k.naam.to_string(),
                gevonden: gevonden_kolommen(&kop),
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

/// The header names for an error message: at most 30, each shortened.
fn gevonden_kolommen(kop: &[String]) -> String {
    let mut namen: Vec<String> = kop.iter().take(30).map(|k| kort(k)).collect();
    if kop.len() > 30 {
        namen.push(format!("… ({} kolommen in totaal)", kop.len()));
    }
    namen.join(", ")
}

/// Decodes a text file: BOM for UTF-8/UTF-16, otherwise UTF-8 if valid, else Windows-1252
/// (what Dutch Excel writes as "CSV (gescheiden door lijstscheidingsteken)"). UTF-16 without
/// a BOM is recognised by its zero bytes; any other text full of control characters is binary.
pub fn decodeer(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, BestandFout> {
    let tekst = decodeer_codering(bytes)?;
    // Text has at most a stray control character; random bytes have one in ten.
    let (n, stuur) = stuurtekens(&tekst, 64 * 1024);
    if stuur >= 4 && stuur * 100 > n {
        return Err(BestandFout::Binair);
    }
    Ok(tekst)
}

/// Of the first `max` characters of `tekst`: how many there are, and how many are control
/// characters (other than tab, LF, CR) or the replacement character of a failed decoding.
fn stuurtekens(tekst: &str, max: usize) -> (usize, usize) {
    let is_stuur =
        |c: char| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFD}';
    // ASCII (nearly every delivery): a byte is a character, and a control character is a
    // byte below 0x20 or 0x7F; counted over the bytes, which the compiler vectorises.
    let begin = &tekst.as_bytes()[..tekst.len().min(max)];
    if begin.is_ascii() {
        let stuur = begin
            .iter()
            .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F)
            .count();
        return (begin.len(), stuur);
    }
    tekst
        .chars()
        .take(max)
        .fold((0, 0), |(n, s), c| (n + 1, s + usize::from(is_stuur(c))))
}

/// UTF-16 without a BOM: in the first bytes, every second byte is zero (ASCII text).
fn utf16_zonder_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let begin = &bytes[..bytes.len().min(512) & !1];
    if begin.len() < 8 {
        return None;
    }
    let even_nul = begin.iter().step_by(2).all(|b| *b == 0);
    let oneven_nul = begin.iter().skip(1).step_by(2).all(|b| *b == 0);
    match (even_nul, oneven_nul) {
        (false, true) if begin.iter().step_by(2).all(|b| *b != 0) => Some(encoding_rs::UTF_16LE),
        (true, false) if begin.iter().skip(1).step_by(2).all(|b| *b != 0) => {
            Some(encoding_rs::UTF_16BE)
        }
        _ => None,
    }
}

fn decodeer_codering(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, BestandFout> {
    use std::borrow::Cow;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(e) => {
                let goed = &rest[..e.valid_up_to()];
                let regel = 1 + goed.iter().filter(|b| **b == b'\n').count();
                Err(BestandFout::Lezen(format!(
                    "het bestand begint met het UTF-8-kenmerk (BOM), maar regel {regel} bevat een teken dat geen UTF-8 is (byte 0x{:02X}); sla het bestand opnieuw op als 'CSV UTF-8', of zonder BOM",
                    rest[e.valid_up_to()]
                )))
            }
        };
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok(Cow::Owned(
            encoding_rs::UTF_16LE
                .decode_with_bom_removal(bytes)
                .0
                .into_owned(),
        ));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok(Cow::Owned(
            encoding_rs::UTF_16BE
                .decode_with_bom_removal(bytes)
                .0
                .into_owned(),
        ));
    }
    if let Some(codering) = utf16_zonder_bom(bytes) {
        return Ok(Cow::Owned(
            codering.decode_without_bom_handling(bytes).0.into_owned(),
        ));
    }
    // NUL bytes do not occur in text in any of the encodings we accept.
    if bytes.iter().take(64 * 1024).any(|b| *b == 0) {
        return Err(BestandFout::Binair);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0),
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
    let scheiding = snuffel_scheiding(&tekst);
    let mut lezer = csv::ReaderBuilder::new()
        .delimiter(scheiding)
        .has_headers(true)
        .flexible(true)
        .from_reader(tekst.as_bytes());
    let kop: Vec<String> = lezer
        .headers()
        .map_err(|e| BestandFout::Lezen(e.to_string()))?
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    if kop.len() > MAX_KOLOMMEN {
        return Err(BestandFout::TeVeelKolommen {
            aantal: kop.len(),
            max: MAX_KOLOMMEN,
        });
    }
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
            Ok(r) if r.len() == kop.len() => {
                let mut cellen = csv::StringRecord::with_capacity(r.as_slice().len(), r.len());
                for c in r {
                    cellen.push_field(c.trim());
                }
                rijen.push(BronRij { rij, cellen });
            }
            // Excel leaves trailing empty cells out; a line that is empty entirely is no row.
            Ok(r) if r.len() == 1 && r.get(0).is_some_and(|s| s.trim().is_empty()) => {
                kapot.push((rij, "lege regel".to_string()))
            }
            Ok(r) => kapot.push((
                rij,
                format!(
                    "rij heeft {} velden, verwacht {} (zoals de kopregel){}",
                    r.len(),
                    kop.len(),
                    ander_scheidingsteken(r, scheiding, kop.len())
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

/// A hint when a row with too few fields would have the right number with another separator.
fn ander_scheidingsteken(r: &csv::StringRecord, scheiding: u8, velden: usize) -> String {
    let naam = |s: u8| match s {
        b'\t' => "tab".to_string(),
        s => format!("'{}'", s as char),
    };
    if r.len() >= velden {
        return String::new();
    }
    for s in [b';', b'\t', b','] {
        if s == scheiding {
            continue;
        }
        let n: usize = r
            .iter()
            .map(|v| v.bytes().filter(|b| *b == s).count())
            .sum();
        if n + r.len() >= velden {
            return format!(
                "; deze rij gebruikt {} als scheidingsteken, de kopregel {}",
                naam(s),
                naam(scheiding)
            );
        }
    }
    String::new()
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

/// Excel cell as text: numbers as Dutch text, so one parser serves CSV and Excel alike.
fn xlsx_tekst(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}").replace('.', ",")
            }
        }
        Data::Bool(b) => if *b { "J" } else { "N" }.to_string(),
        // A date serial outside the calendar is no empty cell: the validator rejects it.
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().format("%d-%m-%Y").to_string())
            .unwrap_or_else(|| format!("buiten-de-kalender:excel-{}", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#FOUT {e:?}"),
    }
}

/// One worksheet read cell by cell (never as a dense block: a sheet with one cell in A1 and
/// one in XFD1048576 would otherwise ask for billions of cells), into a header and rows.
fn lees_werkblad<R: std::io::Read + std::io::Seek>(
    boek: &mut calamine::Xlsx<R>,
    blad: &str,
) -> Result<Option<Gelezen>, BestandFout> {
    let fout =
        |e: calamine::XlsxError| BestandFout::Lezen(format!("werkblad '{}': {e}", kort(blad)));
    let mut lezer = boek.worksheet_cells_reader(blad).map_err(fout)?;
    let mut cellen: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cel) = lezer.next_cell().map_err(fout)? {
        let tekst = xlsx_tekst(&calamine::Data::from(cel.get_value().clone()));
        if tekst.is_empty() {
            continue;
        }
        if cellen.len() >= MAX_CELLEN {
            return Err(BestandFout::TeVeelCellen {
                blad: kort(blad),
                max: MAX_CELLEN,
            });
        }
        let (r, k) = cel.get_position();
        cellen.push((r, k, tekst));
    }
    drop(lezer);
    cellen.sort_by_key(|(r, k, _)| (*r, *k));
    let Some(eerste_rij) = cellen.first().map(|c| c.0) else {
        return Ok(None);
    };
    let eerste_kolom = cellen.iter().map(|c| c.1).min().unwrap_or(0);
    let breedte = cellen
        .iter()
        .take_while(|c| c.0 == eerste_rij)
        .map(|c| c.1 - eerste_kolom + 1)
        .max()
        .unwrap_or(0) as usize;
    if breedte > MAX_KOLOMMEN {
        return Err(BestandFout::TeVeelKolommen {
            aantal: breedte,
            max: MAX_KOLOMMEN,
        });
    }
    let mut kop = vec![String::new(); breedte];
    let mut rijen: Vec<(u64, Vec<String>)> = Vec::new();
    for (r, k, tekst) in cellen {
        let k = (k - eerste_kolom) as usize;
        if r == eerste_rij {
            kop[k] = tekst;
            continue;
        }
        // A cell right of the header has no column name: it belongs to no column.
        if k >= breedte {
            continue;
        }
        let rij = r as u64 + 1;
        if rijen.last().is_none_or(|l| l.0 != rij) {
            rijen.push((rij, vec![String::new(); breedte]));
        }
        if let Some(l) = rijen.last_mut() {
            l.1[k] = tekst;
        }
    }
    let rijen = rijen
        .into_iter()
        .map(|(rij, c)| BronRij {
            rij,
            cellen: als_rij(c),
        })
        .collect();
    Ok(Some((kop, rijen, Vec::new())))
}

/// A workbook may have several sheets. The sheet named after the table is read; otherwise the
/// one sheet whose header has the table's required columns. Two such sheets are refused
/// rather than guessed (two months in one workbook, say); none gives the missing-column error
/// of the first sheet with content.
fn lees_xlsx(pad: &Path, tabel: Brontabel, regio: &Regio) -> Result<Bron, BestandFout> {
    let f = std::fs::File::open(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
    lees_xlsx_uit(std::io::BufReader::new(f), tabel, regio)
}

/// [`lees`] for an .xlsx from any reader (the fuzz target feeds it bytes).
pub fn lees_xlsx_uit<R: std::io::Read + std::io::Seek>(
    lezer: R,
    tabel: Brontabel,
    regio: &Regio,
) -> Result<Bron, BestandFout> {
    use calamine::{Reader, Xlsx};
    let mut boek = Xlsx::new(lezer).map_err(|e| BestandFout::Lezen(e.to_string()))?;
    let namen = boek.sheet_names();
    if let Some(blad) = namen
        .iter()
        .find(|n| model::regio::normaliseer_kolomnaam(n) == tabel.id())
    {
        let (kop, rijen, kapot) = lees_werkblad(&mut boek, blad)?.ok_or(BestandFout::Leeg)?;
        return koppel_kolommen(kop, rijen, kapot, tabel, regio);
    }
    let mut passend: Vec<(String, Bron)> = Vec::new();
    let mut eerste_fout = None;
    for blad in &namen {
        let Some((kop, rijen, kapot)) = lees_werkblad(&mut boek, blad)? else {
            continue;
        };
        match koppel_kolommen(kop, rijen, kapot, tabel, regio) {
            Ok(b) => passend.push((blad.clone(), b)),
            Err(e) => {
                eerste_fout.get_or_insert(e);
            }
        }
    }
    match passend.len() {
        0 => Err(eerste_fout.unwrap_or(BestandFout::Leeg)),
        1 => Ok(passend.remove(0).1),
        _ => Err(BestandFout::MeerdereTabbladen {
            tabel: tabel.id().to_string(),
            bladen: passend
                .iter()
                .map(|(n, _)| format!("'{}'", kort(n)))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Days since 1970-01-01 as dd-mm-jjjj; outside the calendar a text (without spaces, which
/// the date parser would cut at) that the validator rejects as no date.
fn dag_tekst(dag: i32) -> String {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::try_days(dag as i64)?))
        .map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_else(|| format!("buiten-de-kalender:dag-{dag}"))
}

fn lees_kolomformaat(
    pad: &Path,
    ext: &str,
) -> Result<(Gelezen, Vec<(String, String)>), BestandFout> {
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
    // Every column to Dutch text: dates as dd-mm-jjjj, decimals with a comma. A date the
    // calendar cannot hold becomes a text the validator rejects; a column that has no text
    // form (a list, a struct) is remembered and refuses the file only if it is needed.
    let mut kolommen = Vec::new();
    let mut onleesbaar: Vec<(String, String)> = Vec::new();
    for c in df.columns() {
        let s = c.as_materialized_series();
        let tekst = match s.dtype() {
            DataType::Date => {
                let d = s.date().map_err(|e| BestandFout::Lezen(e.to_string()))?;
                let v: Vec<Option<String>> =
                    d.physical().iter().map(|x| x.map(dag_tekst)).collect();
                Series::new(s.name().clone(), v)
            }
            DataType::Datetime(eenheid, _) => {
                let per_dag: i64 = match eenheid {
                    TimeUnit::Milliseconds => 86_400_000,
                    TimeUnit::Microseconds => 86_400_000_000,
                    TimeUnit::Nanoseconds => 86_400_000_000_000,
                };
                let d = s
                    .datetime()
                    .map_err(|e| BestandFout::Lezen(e.to_string()))?;
                let v: Vec<Option<String>> = d
                    .physical()
                    .iter()
                    .map(|x| {
                        x.map(|x| match i32::try_from(x.div_euclid(per_dag)) {
                            Ok(dag) => dag_tekst(dag),
                            Err(_) => format!("buiten-de-kalender:tijdstip-{x}"),
                        })
                    })
                    .collect();
                Series::new(s.name().clone(), v)
            }
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
            soort => match s.cast(&DataType::String) {
                Ok(t) if !soort.is_nested() => t,
                _ => {
                    onleesbaar.push((s.name().to_string(), soort.to_string()));
                    Series::full_null(s.name().clone(), s.len(), &DataType::String)
                }
            },
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
            cellen: als_rij(strs.iter().map(|s| s.get(i).unwrap_or("").trim())),
        });
    }
    Ok(((kop, rijen, Vec::new()), onleesbaar))
}

/// The fuzz harness (`fuzz/`, cargo-fuzz) and its stable replay (`fuzz/regressie/`): each
/// function takes any bytes, runs one reader or parser end to end and checks its promises.
/// A panic here is a finding; an `Err` is the expected answer to garbage.
pub mod proefdraai {
    use std::sync::OnceLock;

    use model::Regio;

    use crate::brontabel::Brontabel;
    use crate::valideer::{self, Bestandscontext};

    fn twente() -> &'static Regio {
        static R: OnceLock<Regio> = OnceLock::new();
        R.get_or_init(Regio::twente)
    }

    /// The first byte picks the table, so every table's validation is reached.
    fn tabel(keuze: u8) -> Brontabel {
        Brontabel::ALLE[keuze as usize % Brontabel::ALLE.len()]
    }

    fn valideer_alles(bron: &super::Bron, tabel: Brontabel) {
        let ctx = Bestandscontext::uit_naam(twente(), "trajecten_GM0164_2024-05.csv");
        let posities = valideer::posities(tabel, bron);
        for r in &bron.rijen {
            assert_eq!(r.cellen.len(), bron.bronkolommen.len(), "rij {}", r.rij);
            assert!(r.rij >= 2, "een gegevensrij staat onder de kopregel");
            let _ = valideer::valideer(tabel, &valideer::rij(&posities, &r.cellen), &ctx);
        }
    }

    pub fn csv(data: &[u8]) {
        let Some((&keuze, data)) = data.split_first() else {
            return;
        };
        let Ok((kop, rijen, kapot)) = super::lees_csv(data) else {
            return;
        };
        let t = tabel(keuze);
        if let Ok(bron) = super::koppel_kolommen(kop, rijen, kapot, t, twente()) {
            valideer_alles(&bron, t);
        }
    }

    pub fn xlsx(data: &[u8]) {
        let Some((&keuze, data)) = data.split_first() else {
            return;
        };
        let t = tabel(keuze);
        // Through `vang`, as in production: a panic inside the Excel library refuses the file.
        let lezer = std::io::Cursor::new(data);
        if let Ok(bron) = super::vang(|| super::lees_xlsx_uit(lezer, t, twente())) {
            valideer_alles(&bron, t);
        }
    }

    pub fn periode(data: &[u8]) {
        let Ok(s) = std::str::from_utf8(data) else {
            return;
        };
        if let Ok(p) = model::Periode::parse(s) {
            // What parses prints back to itself and has a real start and end.
            assert_eq!(model::Periode::parse(&p.to_string()).ok(), Some(p), "{s:?}");
            assert!(p.start() <= p.einde());
            assert!(p.bevat(p.start()) && p.bevat(p.einde()));
            assert!(p.vorige() < p && p < p.volgende());
            let _ = p.label();
        }
        if let Ok(d) = model::parse_datum(s) {
            let _ = model::parse_datum(&d.format("%d-%m-%Y").to_string()).expect("terug");
        }
        let _ = model::parse_maand(s);
        let _ = model::GemeenteCode::parse(s);
        let _ = model::AgbCode::parse(s);
        let _ = model::Hulpvorm::parse(s);
        let _ = model::parse_ja_nee(s);
        let _ = valideer::parse_bedrag(s);
        let _ = Brontabel::uit_bestandsnaam(s);
        let ctx = Bestandscontext::uit_naam(twente(), s);
        let _ = (ctx.aanlevering, ctx.gemeente);
    }

    pub fn regio(data: &[u8]) {
        let Ok(s) = std::str::from_utf8(data) else {
            return;
        };
        let Ok(r) = Regio::parse(s, "fuzz.toml") else {
            return;
        };
        for t in Brontabel::ALLE {
            for naam in ["gemeente", "Startdatum", "", s] {
                let _ = r.canonieke_kolom(t.id(), naam);
            }
        }
        for g in &r.gemeenten {
            assert!(r.gemeente(g.code).is_some());
        }
        for c in ["45", "43", "54", "47"] {
            if let Ok(cat) = model::ProductCategorie::parse(c) {
                let _ = r.product(cat, "45A01");
                let _ = r.product(cat, "");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut counts as the character loop does.
    #[test]
    fn control_characters_are_counted_alike_for_ascii_and_other_text() {
        let traag = |t: &str, max: usize| {
            t.chars().take(max).fold((0, 0), |(n, s), c| {
                let stuur = (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFD}';
                (n + 1, s + usize::from(stuur))
            })
        };
        for t in [
            "a;b\r\n1;2\n",
            "a\u{7}b\u{0}c\u{7F}d\te",
            "Reünie\u{85}\u{FFFD}x\u{1}",
            "",
            "\u{1F}\u{20}",
        ] {
            for max in [0, 1, 3, 64] {
                assert_eq!(stuurtekens(t, max), traag(t, max), "{t:?} {max}");
            }
        }
    }

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
        assert_eq!(&rijen[0].cellen[0], "twee\nregels");
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

    /// The cases the fuzzer found (`fuzz/regressie/<target>/`, minimised) and every file of
    /// the ingest corpus, replayed through the fuzz harness on stable Rust: no panic.
    #[test]
    fn fuzz_regressie() {
        let wortel = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        type Doel = (&'static str, fn(&[u8]));
        let doelen: [Doel; 4] = [
            ("csv", proefdraai::csv),
            ("xlsx", proefdraai::xlsx),
            ("periode", proefdraai::periode),
            ("regio", proefdraai::regio),
        ];
        let mut n = 0;
        for (doel, f) in doelen {
            let map = wortel.join("fuzz/regressie").join(doel);
            for e in std::fs::read_dir(&map).unwrap_or_else(|e| panic!("{}: {e}", map.display())) {
                let pad = e.unwrap().path();
                if pad
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                {
                    continue;
                }
                let bytes = std::fs::read(&pad).unwrap();
                eprintln!("{doel}: {}", pad.display());
                f(&bytes);
                n += 1;
            }
        }
        for e in std::fs::read_dir(wortel.join("tests/corpus/ingest")).unwrap() {
            let pad = e.unwrap().path();
            let bytes = std::fs::read(&pad).unwrap();
            for keuze in 0..7u8 {
                let mut invoer = vec![keuze];
                invoer.extend_from_slice(&bytes);
                proefdraai::csv(&invoer);
                proefdraai::xlsx(&invoer);
            }
            proefdraai::periode(pad.file_name().unwrap().to_string_lossy().as_bytes());
            n += 1;
        }
        proefdraai::regio(include_bytes!("../../../pipelines/regio/twente.toml"));
        assert!(n > 40, "{n} gevallen");
    }

    #[test]
    fn a_line_longer_than_the_limit_refuses_the_file_before_it_is_read() {
        let map = tempfile::tempdir().unwrap();
        let pad = map.path().join("t.csv");
        let mut inhoud = b"a;b\r\n1;2\r\n".to_vec();
        inhoud.extend(std::iter::repeat_n(b'x', 2000));
        std::fs::write(&pad, &inhoud).unwrap();
        assert_eq!(
            controleer_regellengte(&pad, 1000),
            Err(BestandFout::RegelTeLang {
                regel: 3,
                max: 1000
            })
        );
        assert_eq!(controleer_regellengte(&pad, 2000), Ok(()));
        // CR-only line ends count as line ends too.
        std::fs::write(&pad, "a;b\r1;2\r".repeat(400)).unwrap();
        assert_eq!(controleer_regellengte(&pad, 10), Ok(()));
    }

    #[test]
    fn utf16_without_bom_and_random_text_are_told_apart() {
        let tekst = "gemeente;naam\nGM0164;Eëlco\n";
        let le: Vec<u8> = tekst.encode_utf16().flat_map(|c| c.to_le_bytes()).collect();
        let be: Vec<u8> = tekst.encode_utf16().flat_map(|c| c.to_be_bytes()).collect();
        assert_eq!(decodeer(&le).unwrap(), tekst);
        assert_eq!(decodeer(&be).unwrap(), tekst);
        let rommel: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 255 + 1) as u8).collect();
        assert_eq!(decodeer(&rommel), Err(BestandFout::Binair));
        // One stray control character in real text is no reason to refuse it.
        assert!(decodeer("a;b\n1;\u{7}2\n".as_bytes()).is_ok());
    }

    #[test]
    fn dates_outside_the_calendar_become_text_the_validator_rejects() {
        assert_eq!(dag_tekst(0), "01-01-1970");
        assert_eq!(dag_tekst(-719_162), "01-01-0001");
        assert_eq!(dag_tekst(i32::MAX), "buiten-de-kalender:dag-2147483647");
        assert_eq!(dag_tekst(i32::MIN), "buiten-de-kalender:dag--2147483648");
    }

    #[test]
    fn empty_files_are_refused() {
        assert_eq!(lees_csv(b"").err(), Some(BestandFout::Leeg));
        assert_eq!(lees_csv(b"\xEF\xBB\xBF \n").err(), Some(BestandFout::Leeg));
    }
}
