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

/// Reads and validates the files. `voortgang(i, n, naam)` is called before each file.
/// `overslaan(naam, sha)` says whether a file is already in the previous release.
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
    let mut bouwers: BTreeMap<Brontabel, Tabelbouwer> = BTreeMap::new();
    let mut afgewezen = Tabelbouwer::new(vec![
        "tabel",
        "bron_bestand",
        "bron_rij",
        "kolom",
        "waarde",
        "reden",
    ]);
    let mut verslagen = Vec::new();
    let mut berichtpaden: Vec<&Path> = Vec::new();
    let mut statlinepaden: Vec<&Path> = Vec::new();
    for (i, pad) in paden.iter().enumerate() {
        let naam = bestandsnaam(pad);
        voortgang(i, paden.len(), &naam);
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
        let mut verslag = Bestandsverslag::nieuw(naam.clone(), None);
        if !DATABESTANDEN.contains(&ext.as_str()) {
            verslag.status = "overgeslagen".into();
            verslag.fout = Some(format!(
                "geen leveringsbestand (.{ext}); verwacht .csv, .xlsx, .parquet, .arrow, of iJw-berichten (.xml, .zip)"
            ));
            verslagen.push(verslag);
            continue;
        }
        // Hashed as a stream: a huge file is never held in memory for its fingerprint.
        verslag.sha256 = match sha256_bestand(pad) {
            Ok(h) => h,
            Err(e) => {
                verslag.status = "fout".into();
                verslag.fout = Some(BestandFout::Lezen(e.to_string()).to_string());
                verslagen.push(verslag);
                continue;
            }
        };
        if overslaan(&naam, &verslag.sha256) {
            verslag.status = "al ingelezen".into();
            verslagen.push(verslag);
            continue;
        }
        let Some(tabel) = Brontabel::uit_bestandsnaam(&naam) else {
            verslag.status = "fout".into();
            verslag.fout = Some(BestandFout::OnbekendeTabel.to_string());
            verslagen.push(verslag);
            continue;
        };
        verslag.tabel = Some(tabel.id().to_string());
        let bron = match bron::lees(pad, tabel, regio) {
            Ok(b) => b,
            Err(e) => {
                verslag.status = "fout".into();
                verslag.fout = Some(e.to_string());
                verslagen.push(verslag);
                continue;
            }
        };
        let ctx = Bestandscontext::uit_naam(regio, &naam);
        let posities = valideer::posities(tabel, &bron);
        let bouwer = bouwers
            .entry(tabel)
            .or_insert_with(|| Tabelbouwer::new(namen_met_bron(tabel)));
        for (rij, reden) in &bron.kapotte_rijen {
            verslag.rijen_gelezen += 1;
            verslag.rijen_afgewezen += 1;
            afgewezen.push(vec![
                Veld::Tekst(Some(tabel.id().into())),
                Veld::Tekst(Some(naam.clone())),
                Veld::Geheel(Some(*rij as i64)),
                Veld::Tekst(Some(String::new())),
                Veld::Tekst(Some(String::new())),
                Veld::Tekst(Some(reden.clone())),
            ]);
        }
        for r in &bron.rijen {
            verslag.rijen_gelezen += 1;
            let rij = valideer::rij(&posities, &r.cellen);
            match valideer::valideer(tabel, &rij, &ctx) {
                Ok(mut waarden) => {
                    waarden.push(Veld::Tekst(Some(naam.clone())));
                    waarden.push(Veld::Geheel(Some(r.rij as i64)));
                    bouwer.push(waarden);
                    verslag.rijen_geladen += 1;
                }
                Err(a) => {
                    let a = zonder_pseudoniem(a);
                    verslag.rijen_afgewezen += 1;
                    afgewezen.push(vec![
                        Veld::Tekst(Some(tabel.id().into())),
                        Veld::Tekst(Some(naam.clone())),
                        Veld::Geheel(Some(r.rij as i64)),
                        Veld::Tekst(Some(a.kolom)),
                        Veld::Tekst(Some(a.waarde)),
                        Veld::Tekst(Some(a.reden)),
                    ]);
                }
            }
        }
        debug_assert_eq!(
            verslag.rijen_gelezen,
            verslag.rijen_geladen + verslag.rijen_afgewezen
        );
        verslagen.push(verslag);
    }
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
