//! CBS StatLine downloads as the source of national values (`landelijk`).
//!
//! A StatLine table is downloaded from CBS Open Data v4 (`https://odata4.cbs.nl/CBS/<id>/…`,
//! documented at cbs.nl/nl-nl/statline/odata4 and in CBS's own clients
//! `statistiekcbs/cbsodata4` and `statistiekcbs/CBS-Open-Data-v4`) as one resource per entity
//! set, so a download is a **folder named after the table** (`85098NED/`, or with a suffix
//! that sorts later for a newer download, `85098NED_2025-06/`) holding:
//! - `Observations.json` or `Observations.csv`: the long format, one row per cell — `Id`,
//!   `Measure` (a code of `MeasureCodes`), `ValueAttribute` (`None`, or a mark such as
//!   `Impossible`/`Confidential` when there is no value), `Value`, and one column per
//!   dimension holding its code (`Perioden` = `2023JJ00`, `2023HJ01`, `2023KW01`,
//!   `2023MM01`; `RegioS` = `NL01`, …);
//! - `PeriodenCodes.json|csv`: `Identifier`, `Title`, `Status` (`Voorlopig`,
//!   `Nader voorlopig`, `Definitief`; empty when CBS marks nothing) — the status of a value
//!   is the status of its period;
//! - optionally `MeasureCodes.json|csv` (`Identifier`, `Title`, `Unit`) and the other
//!   `…Codes`/`…Groups`/`Dimensions`/`Properties` files, which are metadata.
//!
//! JSON files are OData responses (`{"@odata.context": …, "value": [ … ]}`; a bare array is
//! taken too); CSV files are what `cbs4_download` and the CBS dataportal's CSV download write:
//! the same columns with a header row, `;` or `,` as separator.
//!
//! Which cells become which indicator is the catalogue's `[[indicator.cbs]]` (the one place):
//! table id + measure code (+ codes of other dimensions) → indicator and uitsplitsing, a
//! factor for the unit, and whether CBS's definition is ours. Rows in = loaded + rejected +
//! not mapped (cells of measures or dimension codes the catalogue does not name).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use model::Periode;

use crate::bron::BestandFout;
use crate::indicatoren::bereken::{Catalogus, CbsMaat};

/// The largest StatLine file read (a whole 85098NED is about 24.000 cells, a few MB).
pub const MAX_BESTAND: u64 = 64 * 1024 * 1024;

/// Whether a file is the data of a StatLine download (`Observations.json|csv`).
pub fn is_observaties(pad: &Path) -> bool {
    let naam = pad
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    naam == "observations.json" || naam == "observations.csv"
}

/// Whether a file is metadata of a StatLine download beside an `Observations` file: read
/// with it, never on its own.
pub fn is_metadata(pad: &Path) -> bool {
    let Some(map) = pad.parent() else {
        return false;
    };
    let heeft_observaties = ["Observations.json", "Observations.csv"]
        .iter()
        .any(|n| map.join(n).exists());
    let stam = pad
        .file_stem()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = pad
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    heeft_observaties
        && (ext == "json" || ext == "csv")
        && (stam.ends_with("Codes")
            || stam.ends_with("Groups")
            || matches!(stam.as_str(), "Dimensions" | "Properties"))
}

/// The CBS table id in a name: five digits and three letters (`85098NED`), upper case.
pub fn tabel_id(naam: &str) -> Option<String> {
    let b = naam.as_bytes();
    (0..b.len().saturating_sub(7)).find_map(|i| {
        let w = &b[i..i + 8];
        let grens_voor = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let grens_na = b.get(i + 8).is_none_or(|c| !c.is_ascii_alphanumeric());
        (grens_voor
            && grens_na
            && w[..5].iter().all(u8::is_ascii_digit)
            && w[5..].iter().all(u8::is_ascii_alphabetic))
        .then(|| String::from_utf8_lossy(w).to_uppercase())
    })
}

/// One national value read from StatLine, ready for the `landelijk` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Waarde {
    pub indicator: String,
    pub uitsplitsing: String,
    /// Canonical (`2023`, `2023-H1`, `2023-Q1`, `2023-01`).
    pub periode: String,
    pub waarde: f64,
    /// `CBS StatLine <table> (<measure title or code>)`.
    pub bron: String,
    /// `voorlopig`, `nader voorlopig` or `definitief`.
    pub status: String,
    /// Row as the source numbers it: CSV like a spreadsheet (header = 1), JSON the position
    /// in `value` (first = 1).
    pub rij: u64,
}

/// A rejected cell: row, column, value, reason (Dutch).
#[derive(Debug, Clone, PartialEq)]
pub struct Afwijzing {
    pub rij: u64,
    pub kolom: String,
    pub waarde: String,
    pub reden: String,
}

/// What one StatLine download gave.
#[derive(Debug, Clone)]
pub struct Levering {
    /// `<folder>/Observations.json`: the name the delivery is known by.
    pub naam: String,
    pub tabel: String,
    /// SHA-256 over the data and the metadata read with it (a changed status is a new file).
    pub sha256: String,
    pub waarden: Vec<Waarde>,
    pub afgewezen: Vec<Afwijzing>,
    pub gelezen: u64,
    pub niet_gekoppeld: u64,
}

/// A table as rows of named text cells (a JSON object's strings/numbers, or a CSV row).
struct Tabel {
    rijen: Vec<(u64, HashMap<String, Option<String>>)>,
}

fn lees_bytes(pad: &Path) -> Result<Vec<u8>, BestandFout> {
    let meta = std::fs::metadata(pad).map_err(|e| BestandFout::Lezen(e.to_string()))?;
    if meta.len() > MAX_BESTAND {
        return Err(BestandFout::Inhoud(format!(
            "{} is {} MB; een StatLine-bestand van meer dan {} MB wordt niet gelezen (download alleen de tabel die de catalogus noemt)",
            pad.display(),
            meta.len() / (1024 * 1024),
            MAX_BESTAND / (1024 * 1024)
        )));
    }
    std::fs::read(pad).map_err(|e| BestandFout::Lezen(e.to_string()))
}

fn naam_van(pad: &Path) -> String {
    crate::inlezen::bestandsnaam(pad)
}

fn lees_tabel(pad: &Path, bytes: &[u8]) -> Result<Tabel, BestandFout> {
    let tekst = std::str::from_utf8(bytes).map_err(|_| {
        BestandFout::Inhoud(format!(
            "{}: geen UTF-8; verwacht de download van CBS Open Data (UTF-8)",
            naam_van(pad)
        ))
    })?;
    let tekst = tekst.strip_prefix('\u{feff}').unwrap_or(tekst);
    let json = pad
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        lees_json(pad, tekst)
    } else {
        lees_csv(pad, tekst)
    }
}

fn lees_json(pad: &Path, tekst: &str) -> Result<Tabel, BestandFout> {
    let v: serde_json::Value = serde_json::from_str(tekst).map_err(|e| {
        BestandFout::Inhoud(format!(
            "{}: geen geldige JSON (regel {}, kolom {}): {e}",
            naam_van(pad),
            e.line(),
            e.column()
        ))
    })?;
    let lijst = match &v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("value") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(BestandFout::Inhoud(format!(
                    "{}: verwacht een OData-antwoord met een lijst 'value' (zoals CBS Open Data v4 het geeft)",
                    naam_van(pad)
                )));
            }
        },
        _ => {
            return Err(BestandFout::Inhoud(format!(
                "{}: verwacht een OData-antwoord (object met 'value') of een lijst",
                naam_van(pad)
            )));
        }
    };
    let mut rijen = Vec::with_capacity(lijst.len());
    for (i, r) in lijst.iter().enumerate() {
        let serde_json::Value::Object(o) = r else {
            return Err(BestandFout::Inhoud(format!(
                "{}: element {} van 'value' is geen object",
                naam_van(pad),
                i + 1
            )));
        };
        let cellen = o
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                };
                (k.clone(), s)
            })
            .collect();
        rijen.push((i as u64 + 1, cellen));
    }
    Ok(Tabel { rijen })
}

fn lees_csv(pad: &Path, tekst: &str) -> Result<Tabel, BestandFout> {
    let kopregel = tekst.lines().next().unwrap_or_default();
    let scheiding = if kopregel.contains(';') { b';' } else { b',' };
    let mut lezer = csv::ReaderBuilder::new()
        .delimiter(scheiding)
        .flexible(false)
        .from_reader(tekst.as_bytes());
    let kop: Vec<String> = lezer
        .headers()
        .map_err(|e| BestandFout::Inhoud(format!("{}: kopregel onleesbaar: {e}", naam_van(pad))))?
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    let mut rijen = Vec::new();
    for (i, r) in lezer.records().enumerate() {
        let rij = i as u64 + 2;
        let r = r.map_err(|e| {
            BestandFout::Inhoud(format!(
                "{}: rij {rij} onleesbaar ({e}); verwacht {} velden gescheiden door '{}'",
                naam_van(pad),
                kop.len(),
                scheiding as char
            ))
        })?;
        let cellen = kop
            .iter()
            .zip(r.iter())
            .map(|(k, v)| {
                let v = v.trim();
                (k.clone(), (!v.is_empty()).then(|| v.to_string()))
            })
            .collect();
        rijen.push((rij, cellen));
    }
    Ok(Tabel { rijen })
}

/// `Name.json` or `Name.csv` in `map` (JSON first), if present.
fn zoek(map: &Path, stam: &str) -> Option<PathBuf> {
    ["json", "csv"]
        .iter()
        .map(|e| map.join(format!("{stam}.{e}")))
        .find(|p| p.exists())
}

/// CBS's period status as we store it. Empty: CBS marks nothing, which it does for final
/// figures of tables without provisional periods; stored as `definitief`.
fn status(cbs: Option<&str>) -> Result<&'static str, String> {
    match cbs.map(|s| s.trim().to_lowercase()).as_deref() {
        None | Some("") => Ok("definitief"),
        Some("definitief") => Ok("definitief"),
        Some("voorlopig") => Ok("voorlopig"),
        Some("nader voorlopig") => Ok("nader voorlopig"),
        Some(_) => Err(format!(
            "status '{}' van deze periode in PeriodenCodes is onbekend; verwacht Voorlopig, Nader voorlopig of Definitief",
            cbs.unwrap_or_default().trim()
        )),
    }
}

/// A CBS value: a decimal point (OData, CSV download) or a decimal comma; no thousands
/// separators (CBS writes none).
fn getal(v: &str) -> Option<f64> {
    let s = v.trim().replace(',', ".");
    if s.is_empty() || s.matches('.').count() > 1 {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Period → CBS status (or why it is unknown); measure → (title, unit).
type Metadata = (
    HashMap<String, Result<&'static str, String>>,
    HashMap<String, (String, String)>,
);

/// The metadata read with a download: `PeriodenCodes` and, when present, `MeasureCodes`.
fn metadata(
    perioden_pad: &Path,
    perioden_bytes: &[u8],
    maten_pad: Option<&Path>,
    maten_bytes: Option<&[u8]>,
) -> Result<Metadata, BestandFout> {
    let mut perioden: HashMap<String, Result<&'static str, String>> = HashMap::new();
    for (_, r) in lees_tabel(perioden_pad, perioden_bytes)?.rijen {
        if let Some(Some(id)) = r.get("Identifier") {
            perioden.insert(
                id.clone(),
                status(r.get("Status").and_then(|s| s.as_deref())),
            );
        }
    }
    let mut maten: HashMap<String, (String, String)> = HashMap::new();
    if let (Some(p), Some(b)) = (maten_pad, maten_bytes) {
        for (_, r) in lees_tabel(p, b)?.rijen {
            let t = |k: &str| r.get(k).cloned().flatten().unwrap_or_default();
            if !t("Identifier").is_empty() {
                maten.insert(t("Identifier"), (t("Title"), t("Unit")));
            }
        }
    }
    Ok((perioden, maten))
}

/// The table an OData response names in its `@odata.context` (…/CBS/85098NED/$metadata…).
fn tabel_uit_context(data: &[u8]) -> Option<String> {
    let begin = String::from_utf8_lossy(&data[..data.len().min(2000)]);
    let ctx = begin.split("@odata.context").nth(1)?;
    let url = ctx.split('"').nth(2)?;
    url.split('/').find_map(tabel_id)
}

/// Reads one StatLine download (`pad` = its `Observations.json|csv`) with the catalogue's
/// mapping. Whole-download problems (unreadable, no PeriodenCodes, no table id) refuse it.
pub fn lees(pad: &Path, catalogus: &Catalogus) -> Result<Levering, BestandFout> {
    let map = pad.parent().unwrap_or(Path::new("."));
    let mapnaam = map
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let naam = format!("{mapnaam}/{}", naam_van(pad));
    let data = lees_bytes(pad)?;
    let tabel = tabel_id(&mapnaam)
        .or_else(|| tabel_uit_context(&data))
        .ok_or_else(|| {
            BestandFout::Inhoud(format!(
                "{naam}: van welke CBS-tabel is deze download? Verwacht een map genoemd naar de tabel (bijvoorbeeld 85098NED/{})",
                naam_van(pad)
            ))
        })?;
    let Some(perioden_pad) = zoek(map, "PeriodenCodes") else {
        return Err(BestandFout::Inhoud(format!(
            "{naam}: PeriodenCodes.json of PeriodenCodes.csv ontbreekt naast de waarnemingen; daarin staat per periode de status van CBS (voorlopig, nader voorlopig, definitief). Download die mee"
        )));
    };
    let perioden_bytes = lees_bytes(&perioden_pad)?;
    let maten_pad = zoek(map, "MeasureCodes");
    let maten_bytes = match &maten_pad {
        Some(p) => Some(lees_bytes(p)?),
        None => None,
    };
    let mut alles = data.clone();
    alles.extend_from_slice(&perioden_bytes);
    if let Some(m) = &maten_bytes {
        alles.extend_from_slice(m);
    }
    let sha256 = crate::inlezen::sha256(&alles);

    let (perioden, maten) = metadata(
        &perioden_pad,
        &perioden_bytes,
        maten_pad.as_deref(),
        maten_bytes.as_deref(),
    )?;
    let koppelingen: Vec<(&str, &CbsMaat)> = catalogus
        .indicatoren
        .iter()
        .flat_map(|d| d.cbs.iter().map(move |m| (d.id.as_str(), m)))
        .filter(|(_, m)| m.tabel.eq_ignore_ascii_case(&tabel))
        .collect();

    let obs = lees_tabel(pad, &data)?;
    let mut uit = Levering {
        naam: naam.clone(),
        tabel: tabel.clone(),
        sha256,
        waarden: Vec::new(),
        afgewezen: Vec::new(),
        gelezen: 0,
        niet_gekoppeld: 0,
    };
    for (rij, r) in &obs.rijen {
        uit.gelezen += 1;
        let cel = |k: &str| r.get(k).cloned().flatten().unwrap_or_default();
        let afwijzing = |kolom: &str, waarde: &str, reden: String| Afwijzing {
            rij: *rij,
            kolom: kolom.into(),
            waarde: waarde.into(),
            reden,
        };
        let maat = cel("Measure");
        let gekoppeld: Vec<&(&str, &CbsMaat)> = koppelingen
            .iter()
            .filter(|(_, m)| {
                m.measure == maat
                    && m.dimensies
                        .iter()
                        .all(|(dim, code)| cel(dim).trim() == code.as_str())
            })
            .collect();
        if gekoppeld.is_empty() {
            uit.niet_gekoppeld += 1;
            continue;
        }
        match waarden_van(&cel, &perioden, &maten, &tabel, &gekoppeld) {
            Ok(ws) => uit.waarden.extend(ws.into_iter().map(|mut w| {
                w.rij = *rij;
                w
            })),
            Err((kolom, waarde, reden)) => uit.afgewezen.push(afwijzing(&kolom, &waarde, reden)),
        }
    }
    debug_assert_eq!(
        uit.gelezen,
        uit.waarden
            .iter()
            .map(|w| w.rij)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64
            + uit.afgewezen.len() as u64
            + uit.niet_gekoppeld
    );
    Ok(uit)
}

/// The values one mapped cell gives (one per mapping that names it), or why it gives none:
/// (column, value, reason).
fn waarden_van(
    cel: &dyn Fn(&str) -> String,
    perioden: &HashMap<String, Result<&'static str, String>>,
    maten: &HashMap<String, (String, String)>,
    tabel: &str,
    gekoppeld: &[&(&str, &CbsMaat)],
) -> Result<Vec<Waarde>, (String, String, String)> {
    let maat = cel("Measure");
    let kenmerk = cel("ValueAttribute");
    if !kenmerk.is_empty() && kenmerk != "None" {
        return Err((
            "ValueAttribute".into(),
            kenmerk.clone(),
            format!(
                "CBS geeft hier geen waarde (markering '{kenmerk}'); verwacht ValueAttribute None"
            ),
        ));
    }
    let v = cel("Value");
    let Some(x) = getal(&v) else {
        return Err((
            "Value".into(),
            v.clone(),
            if v.is_empty() {
                "Value is leeg; verwacht een getal".into()
            } else {
                format!("'{v}' is geen getal; verwacht bijvoorbeeld 13.9")
            },
        ));
    };
    let p = cel("Perioden");
    let periode =
        Periode::parse(&p).map_err(|e| (String::from("Perioden"), p.clone(), e.to_string()))?;
    let status = match perioden.get(&p) {
        None => {
            return Err((
                "Perioden".into(),
                p.clone(),
                format!("periode {p} staat niet in PeriodenCodes; verwacht een Identifier daaruit"),
            ));
        }
        Some(Err(reden)) => return Err(("Perioden".into(), p.clone(), reden.clone())),
        Some(Ok(s)) => *s,
    };
    let (titel, eenheid) = maten.get(&maat).cloned().unwrap_or_default();
    let mut uit = Vec::new();
    for (indicator, m) in gekoppeld {
        if !m.eenheid_cbs.is_empty() && !eenheid.is_empty() && eenheid.trim() != m.eenheid_cbs {
            return Err((
                "Measure".into(),
                maat.clone(),
                format!(
                    "eenheid volgens MeasureCodes is '{eenheid}'; de catalogus verwacht '{}' voor {indicator}",
                    m.eenheid_cbs
                ),
            ));
        }
        let wat = if titel.is_empty() { &maat } else { &titel };
        uit.push(Waarde {
            indicator: (*indicator).to_string(),
            uitsplitsing: m.uitsplitsing.clone(),
            periode: periode.to_string(),
            waarde: x * m.factor,
            bron: format!("CBS StatLine {tabel} ({wat})"),
            status: status.to_string(),
            rij: 0,
        });
    }
    Ok(uit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(naam: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/statline")
            .join(naam)
    }

    #[test]
    fn tabel_id_uit_naam() {
        assert_eq!(tabel_id("85098NED"), Some("85098NED".into()));
        assert_eq!(tabel_id("85098ned_2025-06"), Some("85098NED".into()));
        assert_eq!(tabel_id("statline_85361NED"), Some("85361NED".into()));
        assert_eq!(tabel_id("185098NED"), None);
        assert_eq!(tabel_id("landelijk"), None);
        // A download in a folder without the table's name: the OData context names it.
        assert_eq!(
            tabel_uit_context(
                br#"{"@odata.context": "https://odata4.cbs.nl/CBS/85361NED/$metadata#Observations", "value": []}"#
            ),
            Some("85361NED".into())
        );
        assert_eq!(tabel_uit_context(br#"{"value": []}"#), None);
    }

    #[test]
    fn status_van_cbs() {
        assert_eq!(status(Some("Voorlopig")), Ok("voorlopig"));
        assert_eq!(status(Some("Nader voorlopig")), Ok("nader voorlopig"));
        assert_eq!(status(Some("Definitief")), Ok("definitief"));
        assert_eq!(status(None), Ok("definitief"));
        assert!(status(Some("Herzien")).is_err());
    }

    /// The first download of 85098NED (JSON): 6 cells. Hand-counted: 2023 jeugdhulp 13.9
    /// (Nader voorlopig) and 2023HJ01 is not in PeriodenCodes → rejected; 2022 jeugdhulp
    /// 13.5 (Definitief); jeugdbescherming 2023 1.1; one cell of another measure → not
    /// mapped; one cell of the region GM0153 → not mapped (the mapping asks NL01); one
    /// cell with ValueAttribute Impossible → rejected.
    #[test]
    fn json_download_met_status_en_telling() {
        let l = lees(
            &fixture("2025-03/85098NED/Observations.json"),
            &Catalogus::standaard(),
        )
        .unwrap();
        assert_eq!(l.tabel, "85098NED");
        assert_eq!(l.naam, "85098NED/Observations.json");
        assert_eq!(l.gelezen, 7);
        assert_eq!(l.niet_gekoppeld, 2);
        assert_eq!(l.afgewezen.len(), 2);
        assert_eq!(l.waarden.len(), 3);
        assert_eq!(
            l.gelezen,
            l.waarden.len() as u64 + l.afgewezen.len() as u64 + l.niet_gekoppeld
        );
        let w = |ind: &str, p: &str| {
            l.waarden
                .iter()
                .find(|w| w.indicator == ind && w.periode == p)
                .unwrap()
                .clone()
        };
        let j23 = w("jeugdhulp_gebruik", "2023");
        assert_eq!(j23.waarde, 13.9);
        assert_eq!(j23.status, "nader voorlopig");
        assert_eq!(j23.uitsplitsing, "totaal");
        assert_eq!(
            j23.bron,
            "CBS StatLine 85098NED (Jongeren met jeugdhulp (% van alle jongeren < 18 jaar))"
        );
        assert_eq!(j23.rij, 1);
        let j22 = w("jeugdhulp_gebruik", "2022");
        assert_eq!((j22.waarde, j22.status.as_str()), (13.5, "definitief"));
        assert_eq!(w("jeugdbescherming_aandeel", "2023").waarde, 1.1);
        let onmogelijk = l
            .afgewezen
            .iter()
            .find(|a| a.kolom == "ValueAttribute")
            .unwrap();
        assert_eq!(onmogelijk.waarde, "Impossible");
        assert_eq!(onmogelijk.rij, 6);
        let periode = l.afgewezen.iter().find(|a| a.kolom == "Perioden").unwrap();
        assert_eq!(periode.waarde, "2023HJ01");
        assert!(
            periode.reden.contains("niet in PeriodenCodes"),
            "{periode:?}"
        );
    }

    /// The newer download as CSV (`;`): 2023 revised 13.9 → 14.2 and now Definitief; 2022
    /// and jeugdbescherming unchanged; every cell mapped.
    #[test]
    fn csv_download_herziet() {
        let l = lees(
            &fixture("2025-09/85098NED_2025-09/Observations.csv"),
            &Catalogus::standaard(),
        )
        .unwrap();
        assert_eq!(l.tabel, "85098NED");
        assert_eq!(l.gelezen, 3);
        assert_eq!(l.niet_gekoppeld, 0);
        assert!(l.afgewezen.is_empty(), "{:?}", l.afgewezen);
        let j23 = l
            .waarden
            .iter()
            .find(|w| w.indicator == "jeugdhulp_gebruik" && w.periode == "2023")
            .unwrap();
        assert_eq!((j23.waarde, j23.status.as_str()), (14.2, "definitief"));
        // CSV rows are numbered like a spreadsheet: header = 1.
        assert_eq!(j23.rij, 2);
    }

    /// Every CBS mapping of the catalogue names a table id, a measure, a usable factor and a
    /// reason; an indicator whose national values are never comparable has no mapping that
    /// says the definitions are the same.
    #[test]
    fn catalogus_koppelingen_zijn_volledig() {
        let cat = Catalogus::standaard();
        let mut n = 0;
        for d in &cat.indicatoren {
            for m in &d.cbs {
                n += 1;
                assert_eq!(
                    tabel_id(&m.tabel).as_deref(),
                    Some(m.tabel.as_str()),
                    "{}",
                    d.id
                );
                assert!(!m.measure.is_empty() && !m.reden.is_empty(), "{}", d.id);
                assert!(m.factor.is_finite() && m.factor != 0.0, "{}", d.id);
                assert!(d.landelijk_vergelijkbaar || !m.definitie_gelijk, "{}", d.id);
            }
        }
        assert_eq!(n, 5);
    }

    #[test]
    fn zonder_perioden_codes_geweigerd() {
        let map = tempfile::tempdir().unwrap();
        let d = map.path().join("85098NED");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("Observations.json"), r#"{"value": []}"#).unwrap();
        let e = lees(&d.join("Observations.json"), &Catalogus::standaard()).unwrap_err();
        assert!(e.to_string().contains("PeriodenCodes"), "{e}");
        // No table id anywhere: refused with what is expected.
        let d = map.path().join("download");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("Observations.json"), r#"{"value": []}"#).unwrap();
        let e = lees(&d.join("Observations.json"), &Catalogus::standaard()).unwrap_err();
        assert!(e.to_string().contains("85098NED/Observations.json"), "{e}");
    }

    /// Writes a download folder `<tabel>` with the given files in a temporary directory.
    fn download(map: &Path, tabel: &str, bestanden: &[(&str, &str)]) -> PathBuf {
        let d = map.join(tabel);
        std::fs::create_dir(&d).unwrap();
        for (naam, inhoud) in bestanden {
            std::fs::write(d.join(naam), inhoud).unwrap();
        }
        d
    }

    /// Half-year, quarter and month codes become our periods with their status; bad cells
    /// are rejected naming row, column, value and what was expected. Hand-made: rows 2-4
    /// load (7,5 with a decimal comma), row 5 is not a number, row 6 has a period with an
    /// unknown status, row 7 has no value.
    #[test]
    fn perioden_en_afwijzingen_csv() {
        let map = tempfile::tempdir().unwrap();
        let d = download(
            map.path(),
            "85098NED_2025-12",
            &[
                (
                    "Observations.csv",
                    "Id;Measure;ValueAttribute;Value;RegioS;Perioden\n\
                     1;JongerenMetJeugdhulp_1;None;7,5;NL01;2024HJ01\n\
                     2;JongerenMetJeugdhulp_1;None;4.1;NL01;2024KW01\n\
                     3;JongerenMetJeugdhulp_1;None;1.2;NL01;2024MM01\n\
                     4;JongerenMetJeugdhulp_1;None;veel;NL01;2024MM02\n\
                     5;JongerenMetJeugdhulp_1;None;2.0;NL01;2024MM03\n\
                     6;JongerenMetJeugdhulp_1;None;;NL01;2024MM04\n",
                ),
                (
                    "PeriodenCodes.csv",
                    "Identifier;Title;Status\n\
                     2024HJ01;2024 1e halfjaar;Voorlopig\n\
                     2024KW01;2024 1e kwartaal;Nader voorlopig\n\
                     2024MM01;2024 januari;\n\
                     2024MM02;2024 februari;Voorlopig\n\
                     2024MM03;2024 maart;Herzien\n\
                     2024MM04;2024 april;Voorlopig\n",
                ),
            ],
        );
        let l = lees(&d.join("Observations.csv"), &Catalogus::standaard()).unwrap();
        assert_eq!(l.naam, "85098NED_2025-12/Observations.csv");
        assert_eq!((l.gelezen, l.niet_gekoppeld), (6, 0));
        let waarden: Vec<(&str, f64, &str, u64)> = l
            .waarden
            .iter()
            .map(|w| (w.periode.as_str(), w.waarde, w.status.as_str(), w.rij))
            .collect();
        assert_eq!(
            waarden,
            vec![
                ("2024-H1", 7.5, "voorlopig", 2),
                ("2024-Q1", 4.1, "nader voorlopig", 3),
                ("2024-01", 1.2, "definitief", 4),
            ]
        );
        // Without MeasureCodes the source names the measure code.
        assert_eq!(
            l.waarden[0].bron,
            "CBS StatLine 85098NED (JongerenMetJeugdhulp_1)"
        );
        assert_eq!(
            l.afgewezen,
            vec![
                Afwijzing {
                    rij: 5,
                    kolom: "Value".into(),
                    waarde: "veel".into(),
                    reden: "'veel' is geen getal; verwacht bijvoorbeeld 13.9".into(),
                },
                Afwijzing {
                    rij: 6,
                    kolom: "Perioden".into(),
                    waarde: "2024MM03".into(),
                    reden: "status 'Herzien' van deze periode in PeriodenCodes is onbekend; verwacht Voorlopig, Nader voorlopig of Definitief".into(),
                },
                Afwijzing {
                    rij: 7,
                    kolom: "Value".into(),
                    waarde: String::new(),
                    reden: "Value is leeg; verwacht een getal".into(),
                },
            ]
        );
    }

    /// A unit other than the catalogue's is rejected per cell; broken JSON refuses the whole
    /// download naming the file and the place.
    #[test]
    fn eenheid_en_kapotte_json() {
        let map = tempfile::tempdir().unwrap();
        let d = download(
            map.path(),
            "85098NED",
            &[
                (
                    "Observations.json",
                    r#"{"value": [{"Id": 0, "Measure": "JongerenMetJeugdhulp_1", "ValueAttribute": "None", "Value": 13.9, "RegioS": "NL01", "Perioden": "2023JJ00"}]}"#,
                ),
                (
                    "PeriodenCodes.json",
                    r#"{"value": [{"Identifier": "2023JJ00", "Title": "2023", "Status": "Definitief"}]}"#,
                ),
                (
                    "MeasureCodes.json",
                    r#"{"value": [{"Identifier": "JongerenMetJeugdhulp_1", "Title": "Jongeren met jeugdhulp", "Unit": "aantal"}]}"#,
                ),
            ],
        );
        let l = lees(&d.join("Observations.json"), &Catalogus::standaard()).unwrap();
        assert!(l.waarden.is_empty());
        assert_eq!(l.afgewezen.len(), 1);
        let a = &l.afgewezen[0];
        assert_eq!((a.rij, a.kolom.as_str()), (1, "Measure"));
        assert_eq!(a.waarde, "JongerenMetJeugdhulp_1");
        assert_eq!(
            a.reden,
            "eenheid volgens MeasureCodes is 'aantal'; de catalogus verwacht '%' voor jeugdhulp_gebruik"
        );

        std::fs::write(d.join("Observations.json"), "{\"value\": [").unwrap();
        let e = lees(&d.join("Observations.json"), &Catalogus::standaard())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("Observations.json: geen geldige JSON (regel 1, kolom 11)"),
            "{e}"
        );
    }
}
