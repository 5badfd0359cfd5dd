//! Immutable, versioned data releases: `DATA_DIR/releases/<id>/` with Parquet tables and a
//! manifest. A release holds every delivered row (`leveringen/`), the current state (the
//! latest delivery of each key wins), the merged CBS trajecten, completeness, rejects and the
//! changes against the previous release. It is written in a temporary folder and renamed into
//! place, so a crash leaves earlier releases untouched, and it is never changed afterwards.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use model::Regio;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::brontabel::Brontabel;
use crate::inlezen::{self, Bestandsverslag};
use crate::waarschuwingen::{self, Productwaarschuwing};
use crate::{herzieningen, indicatoren, trajecten, valideer, volledigheid, wijzigingen};

#[derive(Debug, thiserror::Error)]
pub enum IngestFout {
    #[error("{wat}: {fout}")]
    Io { wat: String, fout: std::io::Error },
    #[error("verwerkingsfout: {0}")]
    Polars(#[from] PolarsError),
    #[error("release {0} bestaat niet in {1}")]
    OnbekendeRelease(String, String),
    #[error("manifest van release {0} is onleesbaar: {1}")]
    Manifest(String, String),
    #[error("geen invoerbestanden gevonden in {0}")]
    GeenInvoer(String),
    /// A stored value this build does not know: release, table, row, column, value and what
    /// was expected, in one Dutch sentence.
    #[error("{0}")]
    OnbekendeWaarde(String),
}

fn io(wat: impl Into<String>) -> impl FnOnce(std::io::Error) -> IngestFout {
    let wat = wat.into();
    move |fout| IngestFout::Io { wat, fout }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub id: String,
    /// UTC, RFC 3339.
    pub aangemaakt: String,
    pub code_versie: String,
    pub regio: String,
    pub regio_sha256: String,
    pub vorige: Option<String>,
    /// Every delivery file in this release (cumulative over releases).
    pub bestanden: Vec<Bestandsverslag>,
    /// The files offered to the run that made this release, also those skipped or refused.
    pub deze_run: Vec<Bestandsverslag>,
    /// Rows per table written.
    pub tabellen: BTreeMap<String, u64>,
    pub wijzigingen: BTreeMap<String, u64>,
    /// The newest delivery month in the data; months close to it are provisional.
    pub laatste_aanlevering: Option<String>,
}

pub struct Ingestresultaat {
    /// The new release; `None` when nothing new was offered.
    pub release: Option<Manifest>,
    pub verslagen: Vec<Bestandsverslag>,
    /// Rejected rows of this run per table and column: (tabel, kolom, count, an example).
    pub afwijzingen: Vec<Afwijzingsgroep>,
    /// Loaded rows of this run with a product code the region does not know (segment
    /// `onbekend`), per gemeente and code.
    pub waarschuwingen: Vec<Productwaarschuwing>,
}

#[derive(Debug, Clone)]
pub struct Afwijzingsgroep {
    pub tabel: String,
    pub kolom: String,
    pub aantal: u64,
    /// File, row and reason of the first one.
    pub voorbeeld: String,
}

fn groepeer_afwijzingen(afgewezen: &DataFrame) -> PolarsResult<Vec<Afwijzingsgroep>> {
    let g = afgewezen
        .clone()
        .lazy()
        .group_by_stable([col("tabel"), col("kolom")])
        .agg([
            len().cast(DataType::UInt64).alias("aantal"),
            concat_str(
                [
                    col("bron_bestand"),
                    lit(" rij "),
                    col("bron_rij").cast(DataType::String),
                    lit(": "),
                    col("reden"),
                ],
                "",
                true,
            )
            .first()
            .alias("voorbeeld"),
        ])
        .sort(["tabel", "kolom"], SortMultipleOptions::default())
        .collect()?;
    let tekst = |naam: &str| -> PolarsResult<Vec<String>> {
        Ok(g.column(naam)?
            .str()?
            .iter()
            .map(|s| s.unwrap_or("").to_string())
            .collect())
    };
    let (t, k, v) = (tekst("tabel")?, tekst("kolom")?, tekst("voorbeeld")?);
    let n: Vec<u64> = g
        .column("aantal")?
        .u64()?
        .iter()
        .map(|x| x.unwrap_or(0))
        .collect();
    Ok((0..g.height())
        .map(|i| Afwijzingsgroep {
            tabel: t[i].clone(),
            kolom: k[i].clone(),
            aantal: n[i],
            voorbeeld: v[i].clone(),
        })
        .collect())
}

pub fn releasemap(data: &Path) -> PathBuf {
    data.join("releases")
}

/// All releases, oldest first.
pub fn releases(data: &Path) -> Result<Vec<Manifest>, IngestFout> {
    let map = releasemap(data);
    if !map.exists() {
        return Ok(Vec::new());
    }
    let mut uit = Vec::new();
    for e in fs::read_dir(&map).map_err(io(format!("map {}", map.display())))? {
        let e = e.map_err(io("releasemap"))?;
        let naam = e.file_name().to_string_lossy().to_string();
        // Half-written releases live in dot-folders and are not releases.
        if naam.starts_with('.') || !e.path().is_dir() {
            continue;
        }
        uit.push(lees_manifest(data, &naam)?);
    }
    uit.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(uit)
}

pub fn lees_manifest(data: &Path, id: &str) -> Result<Manifest, IngestFout> {
    let pad = releasemap(data).join(id).join("manifest.json");
    if !pad.exists() {
        return Err(IngestFout::OnbekendeRelease(
            id.to_string(),
            data.display().to_string(),
        ));
    }
    let tekst = fs::read_to_string(&pad).map_err(io(pad.display().to_string()))?;
    serde_json::from_str(&tekst).map_err(|e| IngestFout::Manifest(id.to_string(), e.to_string()))
}

/// The table files a release holds.
pub fn tabelpad(data: &Path, id: &str, naam: &str) -> PathBuf {
    releasemap(data).join(id).join(format!("{naam}.parquet"))
}

pub fn lees_tabel(data: &Path, id: &str, naam: &str) -> Result<DataFrame, IngestFout> {
    let pad = tabelpad(data, id, naam);
    let f = fs::File::open(&pad).map_err(io(pad.display().to_string()))?;
    Ok(ParquetReader::new(f).finish()?)
}

fn schrijf(map: &Path, naam: &str, df: &mut DataFrame) -> Result<u64, IngestFout> {
    let pad = map.join(format!("{naam}.parquet"));
    if let Some(p) = pad.parent() {
        fs::create_dir_all(p).map_err(io(p.display().to_string()))?;
    }
    let f = fs::File::create(&pad).map_err(io(pad.display().to_string()))?;
    ParquetWriter::new(&f).finish(df)?;
    f.sync_all().map_err(io(pad.display().to_string()))?;
    Ok(df.height() as u64)
}

fn volgend_id(bestaande: &[Manifest], poging: u32) -> String {
    let hoogste = bestaande
        .iter()
        .filter_map(|m| m.id.strip_prefix('r').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("r{:04}", hoogste + 1 + poging)
}

/// The file-name part every CBS StatLine download has (`85098NED/Observations.json`).
const STATLINE_BESTAND: &str = "/Observations.";

fn sorteer_leveringen(lf: LazyFrame, tabel: Brontabel) -> LazyFrame {
    if tabel == Brontabel::Landelijk {
        // A value CBS publishes (a StatLine download) wins over a hand-typed one for the same
        // key; among downloads, the later folder name wins (`85098NED_2025-09` after
        // `85098NED`), as among hand-typed files.
        return lf
            .with_column(
                col("bron_bestand")
                    .str()
                    .contains_literal(lit(STATLINE_BESTAND))
                    .alias("_statline"),
            )
            .sort(
                ["_statline", "bron_bestand", "bron_rij"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .drop(by_name(["_statline"], true, false));
    }
    let mut by: Vec<PlSmallStr> = Vec::new();
    if tabel.heeft_aanlevering() || tabel == Brontabel::VeiligThuis {
        by.push("aanlevering".into());
    }
    by.push("bron_bestand".into());
    by.push("bron_rij".into());
    lf.sort(by, SortMultipleOptions::default().with_maintain_order(true))
}

/// The current state of a table: per key, the row of the latest delivery. `leveringen` is
/// in delivery order already (`ingest` builds it with [`sorteer_leveringen`]); sorting the
/// 11 million declaraties of a 10× Twente region again took seconds (BENCHMARKS.md).
fn huidige_stand(leveringen: &DataFrame, tabel: Brontabel) -> PolarsResult<DataFrame> {
    let lf = leveringen.clone().lazy();
    match tabel.sleutel() {
        Some(sleutel) => {
            let cols: Vec<Expr> = sleutel.iter().map(|k| col(*k)).collect();
            let namen: Vec<PlSmallStr> = sleutel.iter().map(|k| (*k).into()).collect();
            lf.unique_stable_generic(Some(cols), UniqueKeepStrategy::Last)
                .sort(
                    namen,
                    SortMultipleOptions::default().with_maintain_order(true),
                )
                .collect()
        }
        None => lf.collect(),
    }
}

/// Removes half-written release folders of ingests that were killed: their name ends in the
/// process id, and that process no longer runs.
fn ruim_afgebroken_op(data: &Path) {
    let Ok(lijst) = fs::read_dir(releasemap(data)) else {
        return;
    };
    for e in lijst.flatten() {
        let naam = e.file_name().to_string_lossy().to_string();
        let Some(pid) = naam
            .strip_prefix(".bezig-")
            .and_then(|r| r.rsplit_once('-'))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let loopt = Path::new("/proc").exists() && Path::new(&format!("/proc/{pid}")).exists();
        if !loopt && pid != std::process::id() {
            tracing::info!("afgebroken release-map {naam} opgeruimd");
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// The files under the given inputs (folders recursively); an error naming the inputs when
/// there are none (one place for `ingest` and `reken`).
fn verzamel_invoer(invoer: &[PathBuf]) -> Result<Vec<PathBuf>, IngestFout> {
    let paden = inlezen::verzamel(invoer).map_err(io("invoer verzamelen"))?;
    if paden.is_empty() {
        return Err(IngestFout::GeenInvoer(
            invoer
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    Ok(paden)
}

/// The tables the indicator plans read, from the current state of every source table and
/// the jeugdhulptrajecten (one place for `ingest` and `reken`).
fn releasetabellen<'a>(
    huidig: &'a BTreeMap<Brontabel, DataFrame>,
    jeugdhulptrajecten: &'a DataFrame,
    eerste_aanlevering: Option<String>,
    laatste_aanlevering: Option<String>,
    regio: &Regio,
) -> indicatoren::bereken::Releasetabellen<'a> {
    indicatoren::bereken::Releasetabellen {
        jeugdhulptrajecten,
        trajecten: &huidig[&Brontabel::Trajecten],
        declaraties: &huidig[&Brontabel::Declaraties],
        maatregelen: &huidig[&Brontabel::Maatregelen],
        veilig_thuis: &huidig[&Brontabel::VeiligThuis],
        bevolking: &huidig[&Brontabel::Bevolking],
        landelijk: &huidig[&Brontabel::Landelijk],
        streefwaarden: &huidig[&Brontabel::Streefwaarden],
        aanbieders: &huidig[&Brontabel::Aanbieders],
        eerste_aanlevering,
        laatste_aanlevering,
        start_reeks: regio.start_reeks,
    }
}

/// The process's peak resident memory so far in MiB (Linux `VmHWM`), for the phase log;
/// `None` where `/proc` does not tell.
fn piek_geheugen_mib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let regel = status.lines().find(|r| r.starts_with("VmHWM:"))?;
    let kib: u64 = regel.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// What [`reken`] computed: the indicators (completed, unsuppressed, in the columns of
/// `indicatoren_intern`) and the row accounting of the inputs.
pub struct Rekenresultaat {
    pub indicatoren: DataFrame,
    pub verslagen: Vec<Bestandsverslag>,
}

/// Reads and validates the given inputs exactly as [`ingest`] does (same per-row Dutch
/// reasons), applies the corrections (the newest delivery of a row wins), merges the
/// allocations into jeugdhulptrajecten and computes only the [`indicatoren::bereken::PLANNEN`]
/// that make the given indicators (their rows only), completed with national values,
/// targets and intervals — without writing a release, suppressing or forecasting. For
/// timing a few indicators like for like against DuckDB or pandas (`jeugdstuur reken`,
/// BENCHMARKS.md); nothing here is published.
pub fn reken(
    regio: &Regio,
    invoer: &[PathBuf],
    indicatoren: &[String],
    voortgang: &mut dyn FnMut(usize, usize, &str),
) -> Result<Rekenresultaat, IngestFout> {
    let plannen =
        indicatoren::bereken::plannen_voor(indicatoren).map_err(IngestFout::OnbekendeWaarde)?;
    let paden = verzamel_invoer(invoer)?;
    let begin = std::time::Instant::now();
    let gelezen = inlezen::lees_bestanden(
        &paden,
        regio,
        &ijw::Sleutel::uit_omgeving,
        &|_, _| false,
        voortgang,
    )?;
    tracing::debug!(duur = ?begin.elapsed(), piek_mib = ?piek_geheugen_mib(), "fase: inlezen en valideren");
    let begin = std::time::Instant::now();
    let mut tabellen = gelezen.tabellen;
    let mut huidig: BTreeMap<Brontabel, DataFrame> = BTreeMap::new();
    let mut aanleveringen: Vec<String> = Vec::new();
    for tabel in Brontabel::ALLE {
        let df = match tabellen.remove(&tabel) {
            Some(df) => sorteer_leveringen(df.lazy(), tabel).collect()?,
            None => DataFrame::empty_with_schema(&valideer::schema(tabel)),
        };
        if tabel == Brontabel::Trajecten {
            aanleveringen = df
                .column("aanlevering")?
                .as_materialized_series()
                .str()?
                .iter()
                .flatten()
                .map(str::to_string)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
        }
        huidig.insert(tabel, huidige_stand(&df, tabel)?);
    }
    tracing::debug!(duur = ?begin.elapsed(), piek_mib = ?piek_geheugen_mib(), "fase: leveringen ordenen, huidige stand");
    let begin = std::time::Instant::now();
    let jt =
        trajecten::jeugdhulptrajecten(huidig[&Brontabel::Trajecten].clone().lazy())?.collect()?;
    tracing::debug!(duur = ?begin.elapsed(), piek_mib = ?piek_geheugen_mib(), "fase: jeugdhulptrajecten");
    let bron = releasetabellen(
        &huidig,
        &jt,
        aanleveringen.first().cloned(),
        aanleveringen.last().cloned(),
        regio,
    );
    let begin = std::time::Instant::now();
    let df = indicatoren::bereken::bereken_plannen(&bron, regio, Some(&plannen))?;
    tracing::debug!(duur = ?begin.elapsed(), piek_mib = ?piek_geheugen_mib(), "fase: indicatorplannen");
    let lijst = Series::new("i".into(), indicatoren.to_vec());
    let df = df
        .lazy()
        .filter(col("indicator").is_in(lit(lijst).implode(false), false))
        .collect()?;
    Ok(Rekenresultaat {
        indicatoren: df,
        verslagen: gelezen.verslagen,
    })
}

/// Reads the given inputs and writes a new release on top of the latest one.
pub fn ingest(
    data: &Path,
    regio: &Regio,
    invoer: &[PathBuf],
    voortgang: &mut dyn FnMut(usize, usize, &str),
) -> Result<Ingestresultaat, IngestFout> {
    ingest_met_sleutel(data, regio, invoer, None, voortgang)
}

/// [`ingest`] with the key that pseudonymises BSN's in iJw messages given (the demo's);
/// `None`: the deployment's key from the environment (`ijw::Sleutel::uit_omgeving`), asked
/// for only when messages are offered.
#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub fn ingest_met_sleutel(
    data: &Path,
    regio: &Regio,
    invoer: &[PathBuf],
    sleutel: Option<ijw::Sleutel>,
    voortgang: &mut dyn FnMut(usize, usize, &str),
) -> Result<Ingestresultaat, IngestFout> {
    let paden = verzamel_invoer(invoer)?;
    ruim_afgebroken_op(data);
    let bestaande = releases(data)?;
    let vorige = bestaande.last().cloned();
    let eerder: HashMap<String, String> = vorige
        .iter()
        .flat_map(|m| m.bestanden.iter())
        .map(|b| (b.naam.clone(), b.sha256.clone()))
        .collect();
    let gelezen = inlezen::lees_bestanden(
        &paden,
        regio,
        &|| match &sleutel {
            Some(s) => Ok(s.clone()),
            None => ijw::Sleutel::uit_omgeving(),
        },
        &|naam, sha| eerder.get(naam).is_some_and(|s| s == sha),
        voortgang,
    )?;
    let afwijzingen = groepeer_afwijzingen(&gelezen.afgewezen)?;
    let waarschuwingen = match gelezen.tabellen.get(&Brontabel::Trajecten) {
        Some(df) => waarschuwingen::productcodes(df, regio)?,
        None => Vec::new(),
    };
    let mut verslagen = gelezen.verslagen;
    for v in &mut verslagen {
        if v.status == "nieuw" && eerder.contains_key(&v.naam) {
            v.status = "vervangt".into();
        }
    }
    let vervangen: Vec<String> = verslagen
        .iter()
        .filter(|v| v.status == "vervangt")
        .map(|v| v.naam.clone())
        .collect();
    let iets_nieuws = verslagen
        .iter()
        .any(|v| v.status == "nieuw" || v.status == "vervangt");
    if !iets_nieuws {
        return Ok(Ingestresultaat {
            release: None,
            verslagen,
            afwijzingen,
            waarschuwingen,
        });
    }

    let vervangen_expr = || {
        let lijst = Series::new("v".into(), vervangen.clone());
        col("bron_bestand")
            .is_in(lit(lijst).implode(false), false)
            .not()
    };
    // Each table read is dropped as soon as its sorted copy exists: holding both doubled
    // the peak memory of an ingest (BENCHMARKS.md).
    let mut gelezen_tabellen = gelezen.tabellen;
    let mut leveringen: BTreeMap<Brontabel, DataFrame> = BTreeMap::new();
    for tabel in Brontabel::ALLE {
        let mut delen: Vec<LazyFrame> = Vec::new();
        if let Some(v) = &vorige {
            let pad = tabelpad(data, &v.id, &format!("leveringen/{}", tabel.id()));
            if pad.exists() {
                delen.push(
                    lees_tabel(data, &v.id, &format!("leveringen/{}", tabel.id()))?
                        .lazy()
                        .filter(vervangen_expr()),
                );
            }
        }
        if let Some(df) = gelezen_tabellen.remove(&tabel) {
            delen.push(df.lazy());
        }
        let df = if delen.is_empty() {
            DataFrame::empty_with_schema(&valideer::schema(tabel))
        } else {
            sorteer_leveringen(concat(delen, UnionArgs::default())?, tabel).collect()?
        };
        leveringen.insert(tabel, df);
    }
    let mut afgewezen = match &vorige {
        Some(v) => concat(
            [
                lees_tabel(data, &v.id, "afgewezen")?
                    .lazy()
                    .filter(vervangen_expr()),
                gelezen.afgewezen.lazy(),
            ],
            UnionArgs::default(),
        )?
        .sort(
            ["bron_bestand", "bron_rij"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?,
        None => gelezen
            .afgewezen
            .lazy()
            .sort(
                ["bron_bestand", "bron_rij"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .collect()?,
    };

    // Ids are sequential; if another ingest takes ours first, take the next.
    for poging in 0..20 {
        let id = volgend_id(&bestaande, poging);
        let doel = releasemap(data).join(&id);
        if doel.exists() {
            continue;
        }
        let tijdelijk = releasemap(data).join(format!(".bezig-{id}-{}", std::process::id()));
        if tijdelijk.exists() {
            fs::remove_dir_all(&tijdelijk).map_err(io(tijdelijk.display().to_string()))?;
        }
        fs::create_dir_all(&tijdelijk).map_err(io(tijdelijk.display().to_string()))?;
        let manifest = schrijf_release(
            data,
            &tijdelijk,
            &id,
            regio,
            vorige.as_ref(),
            &verslagen,
            &mut leveringen,
            &mut afgewezen,
        )?;
        match fs::rename(&tijdelijk, &doel) {
            Ok(()) => {
                if let Ok(d) = fs::File::open(releasemap(data)) {
                    let _ = d.sync_all();
                }
                let mut verslagen = verslagen;
                for v in &mut verslagen {
                    v.release = id.clone();
                }
                return Ok(Ingestresultaat {
                    release: Some(manifest),
                    verslagen,
                    afwijzingen,
                    waarschuwingen,
                });
            }
            Err(_) if doel.exists() => {
                fs::remove_dir_all(&tijdelijk).map_err(io(tijdelijk.display().to_string()))?;
                continue;
            }
            Err(e) => return Err(io(format!("release {id} vastleggen"))(e)),
        }
    }
    Err(io("release-id kiezen")(std::io::Error::other(
        "te veel gelijktijdige ingests",
    )))
}

#[allow(clippy::too_many_arguments)]
#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
fn schrijf_release(
    data: &Path,
    map: &Path,
    id: &str,
    regio: &Regio,
    vorige: Option<&Manifest>,
    verslagen: &[Bestandsverslag],
    leveringen: &mut BTreeMap<Brontabel, DataFrame>,
    afgewezen: &mut DataFrame,
) -> Result<Manifest, IngestFout> {
    let mut tabellen = BTreeMap::new();
    let mut huidig: BTreeMap<Brontabel, DataFrame> = BTreeMap::new();
    for (tabel, df) in leveringen.iter_mut() {
        tabellen.insert(
            format!("leveringen/{}", tabel.id()),
            schrijf(map, &format!("leveringen/{}", tabel.id()), df)?,
        );
        let mut h = huidige_stand(df, *tabel)?;
        tabellen.insert(tabel.id().to_string(), schrijf(map, tabel.id(), &mut h)?);
        huidig.insert(*tabel, h);
    }
    let mut jt =
        trajecten::jeugdhulptrajecten(huidig[&Brontabel::Trajecten].clone().lazy())?.collect()?;
    tabellen.insert(
        "jeugdhulptrajecten".into(),
        schrijf(map, "jeugdhulptrajecten", &mut jt)?,
    );
    // Also rows carried over from a release written before values were masked at reading.
    let mut afgewezen = inlezen::maskeer_afgewezen(afgewezen)?;
    tabellen.insert(
        "afgewezen".into(),
        schrijf(map, "afgewezen", &mut afgewezen)?,
    );

    let laatste_aanlevering = leveringen[&Brontabel::Trajecten]
        .column("aanlevering")?
        .as_materialized_series()
        .str()?
        .iter()
        .flatten()
        .max()
        .map(|s| s.to_string());
    let mut bestanden: Vec<Bestandsverslag> = vorige
        .map(|m| m.bestanden.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|b| {
            !verslagen
                .iter()
                .any(|v| v.naam == b.naam && v.status == "vervangt")
        })
        .collect();
    for v in verslagen {
        if v.status == "nieuw" || v.status == "vervangt" {
            let mut v = v.clone();
            v.release = id.to_string();
            bestanden.push(v);
        }
    }
    bestanden.sort_by(|a, b| a.naam.cmp(&b.naam));

    // Product codes the region does not know, in the current state (one row per toewijzing).
    let mut waarsch = waarschuwingen::tabel(&waarschuwingen::productcodes(
        &huidig[&Brontabel::Trajecten],
        regio,
    )?)?;
    tabellen.insert(
        waarschuwingen::TABEL.into(),
        schrijf(map, waarschuwingen::TABEL, &mut waarsch)?,
    );

    let eerste_aanlevering = leveringen[&Brontabel::Trajecten]
        .column("aanlevering")?
        .as_materialized_series()
        .str()?
        .iter()
        .flatten()
        .min()
        .map(|s| s.to_string());
    let bron = releasetabellen(
        &huidig,
        &jt,
        eerste_aanlevering,
        laatste_aanlevering.clone(),
        regio,
    );
    let begin = indicatoren::bereken::begin_reeks(&bron).map(|d| d.format("%Y-%m").to_string());

    let mut vol = volledigheid::volledigheid(
        &leveringen[&Brontabel::Trajecten],
        &leveringen[&Brontabel::Declaraties],
        &bestanden,
        regio,
        begin.as_deref(),
        laatste_aanlevering.as_deref(),
    )?;
    tabellen.insert(
        "volledigheid".into(),
        schrijf(map, "volledigheid", &mut vol)?,
    );

    let vorige_trajecten = match vorige {
        Some(v) => Some(lees_tabel(data, &v.id, "trajecten")?),
        None => None,
    };
    let mut wijz =
        wijzigingen::wijzigingen(vorige_trajecten.as_ref(), &huidig[&Brontabel::Trajecten])?;
    let mut telling = BTreeMap::new();
    for s in wijz
        .column("soort")?
        .as_materialized_series()
        .str()?
        .iter()
        .flatten()
    {
        *telling.entry(s.to_string()).or_insert(0u64) += 1;
    }
    tabellen.insert(
        "wijzigingen".into(),
        schrijf(map, "wijzigingen", &mut wijz)?,
    );

    // National values revised since the previous release (a newer StatLine download),
    // carried over from release to release.
    let vorige_landelijk = match vorige {
        Some(v) => Some(lees_tabel(data, &v.id, Brontabel::Landelijk.id())?),
        None => None,
    };
    let eerdere_herzieningen = match vorige {
        Some(v) if v.tabellen.contains_key(herzieningen::TABEL) => {
            Some(lees_tabel(data, &v.id, herzieningen::TABEL)?)
        }
        _ => None,
    };
    let mut herz = herzieningen::herzieningen(
        vorige_landelijk.as_ref(),
        &huidig[&Brontabel::Landelijk],
        eerdere_herzieningen.as_ref(),
        id,
    )?;
    tabellen.insert(
        herzieningen::TABEL.into(),
        schrijf(map, herzieningen::TABEL, &mut herz)?,
    );

    // Indicators are computed once, here, so no page view ever recomputes them.
    let mut intern = indicatoren::bereken::bereken(&bron, regio)?;
    let mut publiek =
        indicatoren::uitvoer::publiceerbaar(intern.clone(), &indicatoren::uitvoer::regels(regio))?;
    tabellen.insert(
        "indicatoren_intern".into(),
        schrijf(map, "indicatoren_intern", &mut intern)?,
    );
    tabellen.insert(
        "indicatoren".into(),
        schrijf(map, "indicatoren", &mut publiek)?,
    );
    // Signals, from the published values only (nothing about a hidden cell).
    let gepubliceerd = indicatoren::uitvoer::waarden(&publiek, id)?;
    let signalen = indicatoren::signalen::signalen(
        &gepubliceerd,
        &indicatoren::bereken::Catalogus::standaard(),
    );
    let mut sig = indicatoren::signalen::als_tabel(&signalen)?;
    tabellen.insert(
        indicatoren::signalen::TABEL.into(),
        schrijf(map, indicatoren::signalen::TABEL, &mut sig)?,
    );
    // Nowcasts of the provisional months, from the delivery history, applied to published
    // values only (a hidden value gets none).
    let driehoeken = indicatoren::nowcast::driehoeken(
        &leveringen[&Brontabel::Declaraties],
        &leveringen[&Brontabel::Trajecten],
    )?;
    let nowcasts = indicatoren::nowcast::nowcasts(&gepubliceerd, &driehoeken);
    let mut nowcast = indicatoren::nowcast::als_tabel(&nowcasts)?;
    tabellen.insert(
        indicatoren::nowcast::TABEL.into(),
        schrijf(map, indicatoren::nowcast::TABEL, &mut nowcast)?,
    );
    // The year-end projection of costs, from the published months and the nowcasts, against
    // the target path and the budget (`begroting`, optional).
    let mut jaarprognose =
        indicatoren::jaarprognose::als_tabel(&indicatoren::jaarprognose::jaarprognoses(
            &gepubliceerd,
            &nowcasts,
            &indicatoren::jaarprognose::begroting(&huidig[&Brontabel::Begroting])?,
        ))?;
    tabellen.insert(
        indicatoren::jaarprognose::TABEL.into(),
        schrijf(map, indicatoren::jaarprognose::TABEL, &mut jaarprognose)?,
    );
    // The verblijf outlook: expected exits and stand for the next months, from the stays
    // running at the end of the newest month; areas with a published stand only.
    if let Some(peil) = laatste_aanlevering
        .as_deref()
        .and_then(|m| model::Periode::parse(m).ok())
    {
        let (mut vp, mut vd) = verblijfsprognose_tabellen(&bron, &gepubliceerd, peil, regio)?;
        tabellen.insert(
            indicatoren::verblijfsprognose::TABEL.into(),
            schrijf(map, indicatoren::verblijfsprognose::TABEL, &mut vp)?,
        );
        tabellen.insert(
            indicatoren::verblijfsprognose::TABEL_DUUR.into(),
            schrijf(map, indicatoren::verblijfsprognose::TABEL_DUUR, &mut vd)?,
        );
    }
    // The fair provider comparison: O/E per provider, suppressed like the table above.
    let oe = indicatoren::standaardisatie::bereken(&bron)?;
    let mut oe =
        indicatoren::uitvoer::publiceerbaar_oe(oe, &publiek, &indicatoren::uitvoer::regels(regio))?;
    tabellen.insert(
        indicatoren::standaardisatie::TABEL.into(),
        schrijf(map, indicatoren::standaardisatie::TABEL, &mut oe)?,
    );

    fs::write(map.join("regio.toml"), &regio.bron).map_err(io("regio.toml"))?;
    let manifest = Manifest {
        id: id.to_string(),
        aangemaakt: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        code_versie: format!(
            "jeugdstuur {} ({})",
            env!("CARGO_PKG_VERSION"),
            option_env!("JEUGDSTUUR_GIT").unwrap_or("git onbekend")
        ),
        regio: regio.id.clone(),
        regio_sha256: inlezen::sha256(regio.bron.as_bytes()),
        vorige: vorige.map(|m| m.id.clone()),
        bestanden,
        deze_run: verslagen.to_vec(),
        tabellen,
        wijzigingen: telling,
        laatste_aanlevering,
    };
    let pad = map.join("manifest.json");
    let tekst = serde_json::to_string_pretty(&manifest).expect("manifest is serialiseerbaar");
    let f = fs::File::create(&pad).map_err(io(pad.display().to_string()))?;
    use std::io::Write;
    let mut w = std::io::BufWriter::new(&f);
    w.write_all(tekst.as_bytes())
        .map_err(io(pad.display().to_string()))?;
    w.flush().map_err(io(pad.display().to_string()))?;
    drop(w);
    f.sync_all().map_err(io(pad.display().to_string()))?;
    Ok(manifest)
}

/// The verblijf outlook and the region's length-of-stay curve of a release, as tables.
fn verblijfsprognose_tabellen(
    bron: &indicatoren::bereken::Releasetabellen,
    gepubliceerd: &[indicatoren::uitvoer::Waarde],
    peil: model::Periode,
    regio: &Regio,
) -> Result<(DataFrame, DataFrame), IngestFout> {
    use indicatoren::verblijfsprognose as vp;
    let verblijven = vp::verblijven(bron.jeugdhulptrajecten)?;
    let (rijen, duur) = vp::verblijfsprognoses(
        &verblijven,
        gepubliceerd,
        peil,
        indicatoren::bereken::venster(bron).zorg,
        f64::from(regio.onderdrukkingsdrempel),
    );
    Ok((vp::als_tabel(&rijen)?, vp::duur_als_tabel(&duur)?))
}
