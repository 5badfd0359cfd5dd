//! What the server holds: the region, the catalogue, and each release's stored results,
//! read once per release (on first use) and kept. A page view looks values up; it computes
//! no indicator.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use model::{Periode, PeriodeSoort, Regio};
use pipeline::indicatoren::bereken::Catalogus;
use pipeline::indicatoren::uitvoer::{OeWaarde, Waarde};
use pipeline::{IngestFout, Manifest};
use polars::prelude::*;

/// Key of one series: indicator, niveau, code, uitsplitsing.
pub type Sleutel = (String, String, String, String);

pub struct Staat {
    pub data: PathBuf,
    pub regio: Regio,
    pub catalogus: Catalogus,
    /// All releases, oldest first: read at start, and again after an upload through the web
    /// ([`Staat::ververs`]). Read with [`Staat::releases`].
    releases: std::sync::RwLock<Vec<Manifest>>,
    cache: Mutex<HashMap<String, Arc<Releasedata>>>,
    pub store: Option<store::Store>,
    /// Built pages and API answers per (release, route, query, data scope) (`cache`).
    pub(crate) paginas: crate::cache::Paginacache,
    /// Validated login sessions, for a few seconds (`cache`).
    pub(crate) sessies: crate::cache::Sessiecache,
    /// Failed logins (throttling, `toegang`).
    pub rem: crate::toegang::Rem,
}

/// One release's stored results, indexed for pages.
pub struct Releasedata {
    pub manifest: Manifest,
    /// Private: read through [`Releasedata::waarde`], [`Releasedata::reeks`] and
    /// [`Releasedata::zichtbaar`], which apply the data rule of `toegang` for the request.
    waarden: Vec<Waarde>,
    /// Series → (period, index into `waarden`), sorted by period.
    reeksen: HashMap<Sleutel, Vec<(Periode, usize)>>,
    /// (indicator, niveau) → its splits, sorted (totaal first): [`Releasedata::uitsplitsingen`].
    splitsingen: HashMap<(String, String), Vec<String>>,
    /// Periods with values, per soort, newest first.
    pub perioden: BTreeMap<PeriodeSoort, Vec<Periode>>,
    /// Per soort the period shown by default: the newest that is not provisional.
    pub standaard: BTreeMap<PeriodeSoort, Periode>,
    /// The stored `volledigheid` table as typed rows (`rijen`).
    pub leveringen: Vec<crate::rijen::Leveringsmaand>,
    pub afgewezen: DataFrame,
    pub wijzigingen: DataFrame,
    /// Loaded rows with a product code the region does not know (empty for a release made
    /// before the table existed).
    pub waarschuwingen: DataFrame,
    /// The region's target rows as delivered (`streefwaarden`: indicator, segment, niveau,
    /// basisjaar, basiswaarde, jaarlijkse_verandering, bron), for `/sturing`; empty for a
    /// release without targets.
    pub streefwaarden: DataFrame,
    /// Standardised observed/expected per (indicator, periode, aanbieder), suppressed; read
    /// through [`Releasedata::oe`] (the data rule applies).
    oe: HashMap<(String, String, String), OeWaarde>,
}

impl Staat {
    /// Reads the list of releases and the newest release's results. A data folder without
    /// releases (a region that starts by uploading its first deliveries) is allowed: every
    /// page then says there is no release yet ([`Staat::heeft_release`]).
    pub fn laad(data: &Path, regio: Regio) -> Result<Staat, IngestFout> {
        let releases = pipeline::releases(data)?;
        let leeg = releases.is_empty();
        let staat = Staat {
            data: data.to_path_buf(),
            regio,
            catalogus: Catalogus::standaard(),
            releases: std::sync::RwLock::new(releases),
            cache: Mutex::new(HashMap::new()),
            paginas: crate::cache::Paginacache::nieuw(),
            sessies: crate::cache::Sessiecache::nieuw(&data.join("jeugdstuur.sqlite")),
            store: None,
            rem: Default::default(),
        };
        if !leeg {
            staat.release(None)?;
        }
        Ok(staat)
    }

    pub fn met_store(mut self, store: store::Store) -> Staat {
        self.store = Some(store);
        self
    }

    /// Runs `f` over all releases, oldest first (under the read lock: no copy of the
    /// manifests, which list every delivered file, on a page view).
    pub fn met_releases<T>(&self, f: impl FnOnce(&[Manifest]) -> T) -> T {
        f(&self.releases.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The id of the newest release; empty while the data folder has none.
    pub fn nieuwste_id(&self) -> String {
        self.met_releases(|r| r.last().map(|m| m.id.clone()).unwrap_or_default())
    }

    /// Whether the data folder holds a release yet (false on a new, empty folder until the
    /// first deliveries are ingested).
    pub fn heeft_release(&self) -> bool {
        self.met_releases(|r| !r.is_empty())
    }

    /// Reads the list of releases again (after an ingest through the web).
    pub fn ververs(&self) -> Result<(), IngestFout> {
        let nieuw = pipeline::releases(&self.data)?;
        if !nieuw.is_empty() {
            *self.releases.write().unwrap_or_else(|e| e.into_inner()) = nieuw;
        }
        // The release filter and the newest release changed on every page.
        self.paginas.leeg();
        Ok(())
    }

    /// A release's results, by id (`None` = newest). Unknown ids are `None`.
    pub fn release(&self, id: Option<&str>) -> Result<Arc<Releasedata>, IngestFout> {
        let id = id.map(str::to_string).unwrap_or_else(|| self.nieuwste_id());
        if let Some(r) = self.cache.lock().expect("cache").get(&id) {
            return Ok(r.clone());
        }
        let Some(manifest) = self.met_releases(|r| r.iter().find(|m| m.id == id).cloned()) else {
            let id = if id.is_empty() {
                "(nog geen)".into()
            } else {
                id
            };
            return Err(IngestFout::OnbekendeRelease(
                id,
                self.data.display().to_string(),
            ));
        };
        let r = Arc::new(Releasedata::lees(&self.data, manifest.clone())?);
        self.cache.lock().expect("cache").insert(id, r.clone());
        Ok(r)
    }
}

impl Releasedata {
    fn lees(data: &Path, manifest: Manifest) -> Result<Releasedata, IngestFout> {
        let id = manifest.id.clone();
        let waarden = pipeline::indicatoren::uitvoer::lees_waarden(data, &id)?;
        let mut reeksen: HashMap<Sleutel, Vec<(Periode, usize)>> = HashMap::new();
        let mut alle: BTreeMap<PeriodeSoort, HashSet<Periode>> = BTreeMap::new();
        let mut voorlopig: HashSet<Periode> = HashSet::new();
        for (i, w) in waarden.iter().enumerate() {
            let Ok(p) = Periode::parse(&w.periode) else {
                continue;
            };
            alle.entry(p.soort()).or_default().insert(p);
            if w.voorlopig {
                voorlopig.insert(p);
            }
            reeksen
                .entry((
                    w.indicator.clone(),
                    w.niveau.clone(),
                    w.code.clone(),
                    w.uitsplitsing.clone(),
                ))
                .or_default()
                .push((p, i));
        }
        for v in reeksen.values_mut() {
            v.sort_by_key(|(p, _)| *p);
        }
        let mut splitsingen: HashMap<(String, String), Vec<String>> = HashMap::new();
        for (i, n, _, u) in reeksen.keys() {
            let v = splitsingen.entry((i.clone(), n.clone())).or_default();
            if !v.contains(u) {
                v.push(u.clone());
            }
        }
        for v in splitsingen.values_mut() {
            v.sort_by_key(|u| (u != "totaal", u.clone()));
        }
        let perioden: BTreeMap<PeriodeSoort, Vec<Periode>> = alle
            .into_iter()
            .map(|(s, ps)| {
                let mut v: Vec<Periode> = ps.into_iter().collect();
                v.sort();
                v.reverse();
                (s, v)
            })
            .collect();
        let standaard = perioden
            .iter()
            .filter_map(|(s, ps)| {
                ps.iter()
                    .find(|p| !voorlopig.contains(p))
                    .or(ps.first())
                    .map(|p| (*s, *p))
            })
            .collect();
        let lees = |naam: &str| pipeline::release::lees_tabel(data, &id, naam);
        let oe = pipeline::indicatoren::uitvoer::lees_oe(data, &id)?
            .into_iter()
            .map(|o| {
                (
                    (o.indicator.clone(), o.periode.clone(), o.aanbieder.clone()),
                    o,
                )
            })
            .collect();
        Ok(Releasedata {
            oe,
            leveringen: crate::rijen::leveringsmaanden(&lees("volledigheid")?),
            afgewezen: lees("afgewezen")?,
            wijzigingen: lees("wijzigingen")?,
            waarschuwingen: if manifest
                .tabellen
                .contains_key(pipeline::waarschuwingen::TABEL)
            {
                lees(pipeline::waarschuwingen::TABEL)?
            } else {
                DataFrame::empty()
            },
            streefwaarden: if manifest.tabellen.contains_key("streefwaarden") {
                lees("streefwaarden")?
            } else {
                DataFrame::empty()
            },
            manifest,
            waarden,
            reeksen,
            splitsingen,
            perioden,
            standaard,
        })
    }

    /// Every stored value the current request's user may see (`toegang::mag_zien`).
    pub fn zichtbaar(&self) -> impl Iterator<Item = &Waarde> {
        self.waarden
            .iter()
            .filter(|w| crate::toegang::mag_zien(&w.niveau, &w.code))
    }

    /// A provider's standardised O/E, when the current user may see that provider.
    pub fn oe(&self, indicator: &str, periode: &str, agb: &str) -> Option<&OeWaarde> {
        if !crate::toegang::mag_zien("aanbieder", agb) {
            return None;
        }
        self.oe
            .get(&(indicator.to_string(), periode.to_string(), agb.to_string()))
    }

    /// One stored value, when the current request's user may see it.
    pub fn waarde(
        &self,
        indicator: &str,
        niveau: &str,
        code: &str,
        uitsplitsing: &str,
        periode: Periode,
    ) -> Option<&Waarde> {
        if !crate::toegang::mag_zien(niveau, code) {
            return None;
        }
        let r = self.reeks_idx(indicator, niveau, code, uitsplitsing)?;
        r.binary_search_by_key(&periode, |(p, _)| *p)
            .ok()
            .map(|i| &self.waarden[r[i].1])
    }

    fn reeks_idx(
        &self,
        indicator: &str,
        niveau: &str,
        code: &str,
        uitsplitsing: &str,
    ) -> Option<&Vec<(Periode, usize)>> {
        self.reeksen.get(&(
            indicator.to_string(),
            niveau.to_string(),
            code.to_string(),
            uitsplitsing.to_string(),
        ))
    }

    /// A series over the periods of one soort up to and including `tot`, oldest first; each
    /// period of that soort in the release gets an entry (`None` when no value is stored).
    pub fn reeks(
        &self,
        [indicator, niveau, code, uitsplitsing]: [&str; 4],
        soort: PeriodeSoort,
        tot: Option<Periode>,
        max: usize,
    ) -> Vec<(Periode, Option<&Waarde>)> {
        let mut ps: Vec<Periode> = self
            .perioden
            .get(&soort)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|p| tot.is_none_or(|t| *p <= t))
                    .take(max)
                    .collect()
            })
            .unwrap_or_default();
        ps.reverse();
        ps.into_iter()
            .map(|p| (p, self.waarde(indicator, niveau, code, uitsplitsing, p)))
            .collect()
    }

    /// The splits stored for an indicator at a level, sorted (totaal first). Indexed when the
    /// release is read: a page asks this per indicator.
    pub fn uitsplitsingen(&self, indicator: &str, niveau: &str) -> Vec<String> {
        self.splitsingen
            .get(&(indicator.to_string(), niveau.to_string()))
            .cloned()
            .unwrap_or_default()
    }
}
