//! Reading a set of delivery files: each file is read, its rows validated, and the outcome
//! accounted for per file — rows read = rows loaded + rows rejected, always (for a CBS
//! StatLine download: + cells not mapped to an indicator).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use model::Regio;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::berichten;
use crate::bron::{self, BestandFout};
use crate::brontabel::Brontabel;
use crate::statline;
use crate::valideer::{self, Bestandscontext, Tabelbouwer, Veld};

/// What happened to one input file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Bestandsverslag {
    /// File name without folder: deliveries are known by name.
    pub naam: String,
    pub sha256: String,
    pub tabel: Option<String>,
    pub rijen_gelezen: u64,
    pub rijen_geladen: u64,
    pub rijen_afgewezen: u64,
    /// Cells of a CBS StatLine download that the catalogue does not map to an indicator
    /// (`statline`): read, neither loaded nor rejected. Zero for every other file.
    #[serde(default)]
    pub rijen_niet_gekoppeld: u64,
    /// A whole-file error: nothing of this file is loaded.
    pub fout: Option<String>,
    /// `nieuw`, `vervangt`, `al ingelezen`, `overgeslagen` (not a delivery file) or `fout`.
    pub status: String,
    /// The release that first took this file in.
    #[serde(default)]
    pub release: String,
}

impl Bestandsverslag {
    /// A new report for a file of `tabel` (when known): nothing read yet, status `nieuw`.
    pub fn nieuw(naam: impl Into<String>, tabel: Option<&str>) -> Bestandsverslag {
        Bestandsverslag {
            naam: naam.into(),
            sha256: String::new(),
            tabel: tabel.map(Into::into),
            rijen_gelezen: 0,
            rijen_geladen: 0,
            rijen_afgewezen: 0,
            rijen_niet_gekoppeld: 0,
            fout: None,
            status: "nieuw".into(),
            release: String::new(),
        }
    }
}

/// Rows of the files read in this run, per table, with the rejects.
pub struct Ingelezen {
    pub tabellen: BTreeMap<Brontabel, DataFrame>,
    pub afgewezen: DataFrame,
    pub verslagen: Vec<Bestandsverslag>,
}

pub const DATABESTANDEN: [&str; 6] = ["csv", "xlsx", "xlsm", "parquet", "arrow", "ipc"];

/// All files under the given paths (folders recursively), in a fixed order.
pub fn verzamel(paden: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut uit = Vec::new();
    for p in paden {
        if p.is_dir() {
            let mut stapel = vec![p.clone()];
            while let Some(d) = stapel.pop() {
                for e in std::fs::read_dir(&d)? {
                    let e = e?.path();
                    let naam = e.file_name().map(|n| n.to_string_lossy().to_string());
                    if naam.is_some_and(|n| n.starts_with('.')) {
                        continue;
                    }
                    if e.is_dir() {
                        stapel.push(e);
                    } else {
                        uit.push(e);
                    }
                }
            }
        } else {
            uit.push(p.clone());
        }
    }
    uit.sort_by_key(|p| bestandsnaam(p));
    Ok(uit)
}

pub fn bestandsnaam(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

pub fn sha256(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    h.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_bestand(pad: &Path) -> std::io::Result<String> {
    let mut h = Sha256::new();
    std::io::copy(&mut std::fs::File::open(pad)?, &mut h)?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn afgewezen_schema() -> Schema {
    [
        ("tabel", DataType::String),
        ("bron_bestand", DataType::String),
        ("bron_rij", DataType::Int64),
        ("kolom", DataType::String),
        ("waarde", DataType::String),
        ("reden", DataType::String),
    ]
    .into_iter()
    .map(|(n, t)| Field::new(n.into(), t))
    .collect()
}

/// Rows of one rejected row as `afgewezen` stores them: (row, column, value, reason).
type Afwijzingrij = (u64, String, String, String);

/// What reading and validating one delivery file gave: its rows (a DataFrame in the
/// table's columns plus `bron_bestand`, `bron_rij`) and its rejects, in file order.
struct Bestandsuitkomst {
    rijen: Option<DataFrame>,
    afgewezen: Vec<Afwijzingrij>,
}

/// Reads and validates one delivery file of `tabel`: every row either loads or is
/// rejected with a Dutch reason, and the report counts both.
fn lees_databestand(
    pad: &Path,
    naam: &str,
    tabel: Brontabel,
    regio: &Regio,
    verslag: &mut Bestandsverslag,
) -> PolarsResult<Bestandsuitkomst> {
    let bron = match bron::lees(pad, tabel, regio) {
        Ok(b) => b,
        Err(e) => {
            verslag.status = "fout".into();
            verslag.fout = Some(e.to_string());
            return Ok(Bestandsuitkomst {
                rijen: None,
                afgewezen: Vec::new(),
            });
        }
    };
    let ctx = Bestandscontext::uit_naam(regio, naam);
    let posities = valideer::posities(tabel, &bron);
    // `bron_bestand` is the same for every row of the file: added once, as a constant
    // column, not copied per row.
    let mut namen = valideer::kolomnamen(tabel);
    namen.push("bron_rij");
    let mut bouwer = Tabelbouwer::new(namen);
    let mut afgewezen = Vec::new();
    for (rij, reden) in &bron.kapotte_rijen {
        verslag.rijen_gelezen += 1;
        verslag.rijen_afgewezen += 1;
        afgewezen.push((*rij, String::new(), String::new(), reden.clone()));
    }
    for r in &bron.rijen {
        verslag.rijen_gelezen += 1;
        let rij = valideer::rij(&posities, &r.cellen);
        match valideer::valideer(tabel, &rij, &ctx) {
            Ok(mut waarden) => {
                waarden.push(Veld::Geheel(Some(r.rij as i64)));
                bouwer.push(waarden);
                verslag.rijen_geladen += 1;
            }
            Err(a) => {
                let a = zonder_pseudoniem(a);
                verslag.rijen_afgewezen += 1;
                afgewezen.push((r.rij, a.kolom, a.waarde, a.reden));
            }
        }
    }
    let mut schema = valideer::schema(tabel);
    schema.shift_remove("bron_bestand");
    let mut rijen = bouwer.klaar(&schema)?;
    let bestand = Column::new_scalar(
        "bron_bestand".into(),
        Scalar::new(DataType::String, AnyValue::StringOwned(naam.into())),
        rijen.height(),
    );
    rijen.insert_column(rijen.width() - 1, bestand)?;
    debug_assert_eq!(
        verslag.rijen_gelezen,
        verslag.rijen_geladen + verslag.rijen_afgewezen
    );
    drop(bron);
    Ok(Bestandsuitkomst {
        rijen: Some(rijen),
        afgewezen,
    })
}

/// Reads and validates the files. `voortgang(i, n, naam)` is called as each file is done.
/// `overslaan(naam, sha)` says whether a file is already in the previous release.
///
/// Delivery files are hashed, read and validated in parallel (one file per task, on
/// rayon's threads); their rows and rejects are put together in the fixed file order, so
/// the tables are the same as when the files were read one after the other.
#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub fn lees_bestanden(
    paden: &[PathBuf],
    regio: &Regio,
    sleutel: &dyn Fn() -> Result<ijw::Sleutel, ijw::SleutelFout>,
    overslaan: &dyn Fn(&str, &str) -> bool,
    voortgang: &mut dyn FnMut(usize, usize, &str),
) -> PolarsResult<Ingelezen> {
    use rayon::prelude::*;
    let mut afgewezen = Tabelbouwer::new(vec![
        "tabel",
        "bron_bestand",
        "bron_rij",
        "kolom",
        "waarde",
        "reden",
    ]);
    let mut berichtpaden: Vec<&Path> = Vec::new();
    let mut statlinepaden: Vec<&Path> = Vec::new();
    // 1. Which files are delivery files (the others are reported or read later).
    let mut databestanden: Vec<(usize, &PathBuf)> = Vec::new();
    let mut verslagen: Vec<Option<Bestandsverslag>> = Vec::with_capacity(paden.len());
    for (i, pad) in paden.iter().enumerate() {
        verslagen.push(None);
        let ext = pad
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if berichten::BERICHTBESTANDEN.contains(&ext.as_str()) {
            berichtpaden.push(pad);
            continue;
        }
        // A CBS StatLine download: its Observations file stands for the folder; the
        // metadata beside it is read with it (and in its fingerprint), never on its own.
        if statline::is_observaties(pad) {
            statlinepaden.push(pad);
            continue;
        }
        if statline::is_metadata(pad) {
            continue;
        }
        if !DATABESTANDEN.contains(&ext.as_str()) {
            let mut verslag = Bestandsverslag::nieuw(bestandsnaam(pad), None);
            verslag.status = "overgeslagen".into();
            verslag.fout = Some(format!(
                "geen leveringsbestand (.{ext}); verwacht .csv, .xlsx, .parquet, .arrow, of iJw-berichten (.xml, .zip)"
            ));
            verslagen[i] = Some(verslag);
            continue;
        }
        databestanden.push((i, pad));
    }
    // 2. Hashed as a stream (a huge file is never held in memory for its fingerprint), in
    //    parallel; then, in order, which files are new.
    let sha: Vec<std::io::Result<String>> = databestanden
        .par_iter()
        .map(|(_, pad)| sha256_bestand(pad))
        .collect();
    let mut te_lezen: Vec<(usize, &PathBuf, Brontabel, Bestandsverslag)> = Vec::new();
    for ((i, pad), sha) in databestanden.into_iter().zip(sha) {
        let naam = bestandsnaam(pad);
        let mut verslag = Bestandsverslag::nieuw(naam.clone(), None);
        match sha {
            Ok(h) => verslag.sha256 = h,
            Err(e) => {
                verslag.status = "fout".into();
                verslag.fout = Some(BestandFout::Lezen(e.to_string()).to_string());
                verslagen[i] = Some(verslag);
                continue;
            }
        }
        if overslaan(&naam, &verslag.sha256) {
            verslag.status = "al ingelezen".into();
            verslagen[i] = Some(verslag);
            continue;
        }
        let Some(tabel) = Brontabel::uit_bestandsnaam(&naam) else {
            verslag.status = "fout".into();
            verslag.fout = Some(BestandFout::OnbekendeTabel.to_string());
            verslagen[i] = Some(verslag);
            continue;
        };
        verslag.tabel = Some(tabel.id().to_string());
        te_lezen.push((i, pad, tabel, verslag));
    }
    // 3. Read and validate in parallel. The results come back as each file is done; they
    //    are added to one builder per table in file order (a file that is done early waits
    //    for the ones before it), and each file's part is freed once it is added, so the
    //    tables are built as when the files were read one after the other, without a second
    //    copy of them.
    let begin = std::time::Instant::now();
    let mut bouwers: BTreeMap<Brontabel, Tabelbouwer> = BTreeMap::new();
    let n = te_lezen.len();
    let mut wachtend: BTreeMap<usize, (Brontabel, Bestandsuitkomst, String)> = BTreeMap::new();
    let mut volgende = 0usize;
    let (zender, ontvanger) = std::sync::mpsc::channel();
    std::thread::scope(|s| -> PolarsResult<()> {
        s.spawn(|| {
            te_lezen.into_par_iter().enumerate().for_each_with(
                zender,
                |z, (k, (i, pad, tabel, mut verslag))| {
                    let naam = verslag.naam.clone();
                    let uitkomst = lees_databestand(pad, &naam, tabel, regio, &mut verslag);
                    // The receiver lives until every sender is gone.
                    let _ = z.send((k, i, tabel, verslag, uitkomst));
                },
            );
        });
        for (klaar, (k, i, tabel, verslag, uitkomst)) in ontvanger.iter().enumerate() {
            voortgang(klaar, paden.len(), &verslag.naam);
            let naam = verslag.naam.clone();
            verslagen[i] = Some(verslag);
            wachtend.insert(k, (tabel, uitkomst?, naam));
            while let Some((tabel, uitkomst, naam)) = wachtend.remove(&volgende) {
                volgende += 1;
                for (rij, kolom, waarde, reden) in uitkomst.afgewezen {
                    afgewezen.push(vec![
                        Veld::Tekst(Some(tabel.id().into())),
                        Veld::Tekst(Some(naam.clone())),
                        Veld::Geheel(Some(rij as i64)),
                        Veld::Tekst(Some(kolom)),
                        Veld::Tekst(Some(waarde)),
                        Veld::Tekst(Some(reden)),
                    ]);
                }
                if let Some(df) = uitkomst.rijen {
                    bouwers
                        .entry(tabel)
                        .or_insert_with(|| Tabelbouwer::new(namen_met_bron(tabel)))
                        .voeg_toe(&df)?;
                }
            }
        }
        Ok(())
    })?;
    debug_assert!(wachtend.is_empty());
    tracing::debug!(bestanden = n, duur = ?begin.elapsed(), "leveringsbestanden gelezen en gevalideerd");
    let mut verslagen: Vec<Bestandsverslag> = verslagen.into_iter().flatten().collect();
    if !berichtpaden.is_empty() {
        let b = berichten::lees(&berichtpaden, regio, &sleutel(), overslaan);
        verslagen.extend(b.verslagen);
        for (tabel, rijen) in b.rijen {
            let bouwer = bouwers
                .entry(tabel)
                .or_insert_with(|| Tabelbouwer::new(namen_met_bron(tabel)));
            for r in rijen {
                bouwer.push(r);
            }
        }
        for (tabel, bestand, rij, kolom, waarde, reden) in b.afgewezen {
            afgewezen.push(vec![
                Veld::Tekst(Some(tabel)),
                Veld::Tekst(Some(bestand)),
                Veld::Geheel(Some(rij)),
                Veld::Tekst(Some(kolom)),
                Veld::Tekst(Some(waarde)),
                Veld::Tekst(Some(reden)),
            ]);
        }
    }
    if !statlinepaden.is_empty() {
        let bouwer = bouwers
            .entry(Brontabel::Landelijk)
            .or_insert_with(|| Tabelbouwer::new(namen_met_bron(Brontabel::Landelijk)));
        for pad in statlinepaden {
            verslagen.push(lees_statline(pad, bouwer, &mut afgewezen, overslaan));
        }
    }
    voortgang(paden.len(), paden.len(), "");
    let mut tabellen = BTreeMap::new();
    for (t, b) in bouwers {
        tabellen.insert(t, b.klaar(&valideer::schema(t))?);
    }
    Ok(Ingelezen {
        tabellen,
        afgewezen: afgewezen.klaar(&afgewezen_schema())?,
        verslagen,
    })
}

/// One CBS StatLine download into `landelijk` rows (with the catalogue's mapping), its
/// rejects and its report: cells read = loaded + rejected + not mapped.
fn lees_statline(
    pad: &Path,
    bouwer: &mut Tabelbouwer,
    afgewezen: &mut Tabelbouwer,
    overslaan: &dyn Fn(&str, &str) -> bool,
) -> Bestandsverslag {
    let mapnaam = pad
        .parent()
        .and_then(|m| m.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut verslag = Bestandsverslag::nieuw(
        format!("{mapnaam}/{}", bestandsnaam(pad)),
        Some(Brontabel::Landelijk.id()),
    );
    let catalogus = crate::indicatoren::bereken::Catalogus::standaard();
    let l = match bron::vang(|| statline::lees(pad, &catalogus)) {
        Ok(l) => l,
        Err(e) => {
            verslag.sha256 = sha256_bestand(pad).unwrap_or_default();
            verslag.status = "fout".into();
            verslag.fout = Some(e.to_string());
            return verslag;
        }
    };
    verslag.naam = l.naam.clone();
    verslag.sha256 = l.sha256.clone();
    if overslaan(&l.naam, &l.sha256) {
        verslag.status = "al ingelezen".into();
        return verslag;
    }
    let geladen: std::collections::BTreeSet<u64> = l.waarden.iter().map(|w| w.rij).collect();
    verslag.rijen_gelezen = l.gelezen;
    verslag.rijen_geladen = geladen.len() as u64;
    verslag.rijen_afgewezen = l.afgewezen.len() as u64;
    verslag.rijen_niet_gekoppeld = l.niet_gekoppeld;
    if l.gelezen > 0 && l.niet_gekoppeld == l.gelezen {
        verslag.status = "fout".into();
        verslag.fout = Some(format!(
            "geen enkele cel van CBS-tabel {} staat in de catalogus ([[indicator.cbs]] in pipelines/indicatoren.toml): controleer de measure-codes en RegioS tegen MeasureCodes van deze download",
            l.tabel
        ));
        return verslag;
    }
    for w in l.waarden {
        bouwer.push(vec![
            Veld::Tekst(Some(w.indicator)),
            Veld::Tekst(Some(w.uitsplitsing)),
            Veld::Tekst(Some(w.periode)),
            Veld::Getal(Some(w.waarde)),
            Veld::Tekst(Some(w.bron)),
            Veld::Tekst(Some(w.status)),
            Veld::Tekst(Some(l.naam.clone())),
            Veld::Geheel(Some(w.rij as i64)),
        ]);
    }
    for a in l.afgewezen {
        afgewezen.push(vec![
            Veld::Tekst(Some(Brontabel::Landelijk.id().into())),
            Veld::Tekst(Some(l.naam.clone())),
            Veld::Geheel(Some(a.rij as i64)),
            Veld::Tekst(Some(a.kolom)),
            Veld::Tekst(Some(a.waarde)),
            Veld::Tekst(Some(a.reden)),
        ]);
    }
    verslag
}

fn namen_met_bron(tabel: Brontabel) -> Vec<&'static str> {
    let mut n = valideer::kolomnamen(tabel);
    n.push("bron_bestand");
    n.push("bron_rij");
    n
}

/// Columns that hold a pseudonym: never written anywhere, also not as a rejected value.
pub const PSEUDONIEMEN: [&str; 2] = ["client_id", "huishouden_id"];

/// A rejection as `afgewezen` stores it: the value of a pseudonym column is replaced by
/// `(verborgen)`, in the reason too, so `afgewezen.parquet` never holds a pseudonym.
pub fn zonder_pseudoniem(mut a: valideer::Afwijzing) -> valideer::Afwijzing {
    if (PSEUDONIEMEN.contains(&a.kolom.as_str()) || a.kolom.contains("client"))
        && !a.waarde.is_empty()
    {
        a.reden = a.reden.replace(&a.waarde, "(verborgen)");
        a.waarde = "(verborgen)".into();
    }
    a
}

/// The reject table as it is written: every non-empty `waarde` of a pseudonym column (see
/// [`zonder_pseudoniem`]) replaced by `(verborgen)`, in its reason too. Rows read now are
/// masked already; this also covers rows carried over from an older release.
pub fn maskeer_afgewezen(df: &DataFrame) -> PolarsResult<DataFrame> {
    let kolom = df.column("kolom")?.str()?;
    let waarde = df.column("waarde")?.str()?;
    let reden = df.column("reden")?.str()?;
    let mut w = Vec::with_capacity(df.height());
    let mut r = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let a = valideer::Afwijzing {
            kolom: kolom.get(i).unwrap_or("").to_string(),
            waarde: waarde.get(i).unwrap_or("").to_string(),
            reden: reden.get(i).unwrap_or("").to_string(),
        };
        let z = zonder_pseudoniem(a);
        w.push(waarde.get(i).map(|_| z.waarde));
        r.push(reden.get(i).map(|_| z.reden));
    }
    let mut uit = df.clone();
    uit.with_column(Column::new("waarde".into(), w))?;
    uit.with_column(Column::new("reden".into(), r))?;
    Ok(uit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files are read in parallel, but the tables, the rejects and the reports are in the
    /// fixed file order, and every row read is loaded or rejected. The first files are the
    /// largest, so later ones are done first.
    #[test]
    fn parallel_reading_keeps_the_file_order_and_the_row_accounting() {
        let map = tempfile::tempdir().unwrap();
        let mut verwacht_bestanden = Vec::new();
        let mut verwacht_rijen = 0u64;
        for k in 0..24u32 {
            let naam = format!(
                "declaraties_GM0153_20{:02}-{:02}.csv",
                20 + k / 12,
                1 + k % 12
            );
            let mut tekst = String::from("aanlevering;gemeente;toewijzingnummer;periode;bedrag\n");
            let n = (24 - k) * 40;
            for r in 0..n {
                // One bad amount in every file, at a place that differs per file.
                let bedrag = if r == k {
                    "veel".to_string()
                } else {
                    format!("{r},{k:02}")
                };
                tekst.push_str(&format!(";;T{k}-{r};2020-01;{bedrag}\n"));
            }
            std::fs::write(map.path().join(&naam), tekst).unwrap();
            verwacht_bestanden.extend(std::iter::repeat_n(naam.clone(), n as usize - 1));
            verwacht_rijen += u64::from(n);
        }
        let mut gemeld = 0;
        let gelezen = lees_bestanden(
            &verzamel(&[map.path().to_path_buf()]).unwrap(),
            &Regio::twente(),
            &ijw::Sleutel::uit_omgeving,
            &|_, _| false,
            &mut |_, _, _| gemeld += 1,
        )
        .unwrap();
        let d = &gelezen.tabellen[&Brontabel::Declaraties];
        let bestanden: Vec<String> = d
            .column("bron_bestand")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|b| b.unwrap_or_default().to_string())
            .collect();
        assert_eq!(bestanden, verwacht_bestanden);
        // Within a file, the rows in their order (row 2 is the first after the header).
        let nummers = d.column("toewijzingnummer").unwrap().str().unwrap();
        assert_eq!(nummers.get(0), Some("T0-1"));
        assert_eq!(nummers.get(1), Some("T0-2"));
        let rij = d.column("bron_rij").unwrap().i64().unwrap();
        assert_eq!((rij.get(0), rij.get(1)), (Some(3), Some(4)));
        let bedrag = d.column("bedrag").unwrap().f64().unwrap();
        assert_eq!(bedrag.get(0), Some(1.0));
        // The rejects: one per file, in file order, with the spreadsheet row.
        let a = &gelezen.afgewezen;
        assert_eq!(a.height(), 24);
        let a_bestand = a.column("bron_bestand").unwrap().str().unwrap();
        let a_rij = a.column("bron_rij").unwrap().i64().unwrap();
        for k in 0..24usize {
            assert_eq!(a_bestand.get(k), Some(gelezen.verslagen[k].naam.as_str()));
            assert_eq!(a_rij.get(k), Some(k as i64 + 2));
        }
        // Reports in file order; read = loaded + rejected, per file and in all.
        let namen: Vec<&str> = gelezen.verslagen.iter().map(|v| v.naam.as_str()).collect();
        let mut gesorteerd = namen.clone();
        gesorteerd.sort_unstable();
        assert_eq!(namen, gesorteerd);
        for v in &gelezen.verslagen {
            assert_eq!(v.rijen_gelezen, v.rijen_geladen + v.rijen_afgewezen);
            assert_eq!(v.rijen_afgewezen, 1);
        }
        let gelezen_rijen: u64 = gelezen.verslagen.iter().map(|v| v.rijen_gelezen).sum();
        assert_eq!(gelezen_rijen, verwacht_rijen);
        assert_eq!(d.height() as u64 + 24, verwacht_rijen);
        // Progress: once per file and once at the end.
        assert_eq!(gemeld, 25);
    }

    #[test]
    fn geen_pseudoniem_in_afwijzing() {
        let a = valideer::Afwijzing {
            kolom: "huishouden_id".into(),
            waarde: "HH-0042".into(),
            reden: "huishouden_id HH-0042 is te lang".into(),
        };
        let z = zonder_pseudoniem(a);
        assert_eq!(z.waarde, "(verborgen)");
        assert_eq!(z.reden, "huishouden_id (verborgen) is te lang");
        // An empty value stays empty (nothing to hide; the reason says it is missing).
        let leeg = valideer::Afwijzing {
            kolom: "client_id".into(),
            waarde: String::new(),
            reden: "client_id is leeg".into(),
        };
        assert_eq!(zonder_pseudoniem(leeg.clone()), leeg);
        // Other columns keep their value: the data specialist needs it to correct the row.
        let datum = valideer::Afwijzing {
            kolom: "startdatum".into(),
            waarde: "2024-13-01".into(),
            reden: "geen datum".into(),
        };
        assert_eq!(zonder_pseudoniem(datum.clone()), datum);
    }
}
