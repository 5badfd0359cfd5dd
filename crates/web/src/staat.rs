//! What the server holds: the region, the catalogue, and each release's stored results,
//! read once per release (on first use) and kept. A page view looks values up; it computes
//! no indicator.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use model::{Periode, PeriodeSoort, Regio};
use pipeline::indicatoren::bereken::Catalogus;
use pipeline::indicatoren::uitvoer::{OeWaarde, Waarde};
use pipeline::indicatoren::{Niveau, Uitsplitsing};
use pipeline::kwaliteit::{Afwijzing, Leveringsmaand, Wijzigingen};
use pipeline::waarschuwingen::Productwaarschuwing;
use pipeline::{IngestFout, Manifest};

/// Which stored series a page asks for: one indicator at one level, for one code at that
/// level, in one split. Named fields and types, so that a code is never passed as a level
/// nor a split as an indicator.
#[derive(Debug, Clone, Copy)]
pub struct Reeks<'a> {
    pub indicator: &'a str,
    pub niveau: Niveau,
    pub code: &'a str,
    pub uitsplitsing: &'a Uitsplitsing,
}

impl<'a> Reeks<'a> {
    pub fn nieuw(
        indicator: &'a str,
        niveau: Niveau,
        code: &'a str,
        uitsplitsing: &'a Uitsplitsing,
    ) -> Reeks<'a> {
        Reeks {
            indicator,
            niveau,
            code,
            uitsplitsing,
        }
    }

    /// The region's series of an indicator in a split.
    pub fn regio(indicator: &'a str, uitsplitsing: &'a Uitsplitsing) -> Reeks<'a> {
        Reeks {
            indicator,
            niveau: Niveau::Regio,
            code: "regio",
            uitsplitsing,
        }
    }

    fn sleutel(self) -> Sleutel {
        (
            self.indicator.to_string(),
            self.niveau,
            self.code.to_string(),
            self.uitsplitsing.clone(),
        )
    }
}

/// Owned key of one series (the index of [`Releasedata`]).
type Sleutel = (String, Niveau, String, Uitsplitsing);

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
    splitsingen: HashMap<(String, Niveau), Vec<Uitsplitsing>>,
    /// Periods with values, per soort, newest first.
    pub perioden: BTreeMap<PeriodeSoort, Vec<Periode>>,
    /// Per soort the period shown by default: the newest that is not provisional.
    pub standaard: BTreeMap<PeriodeSoort, Periode>,
    /// The data-quality tables as typed rows (`pipeline::kwaliteit`): deliveries per
    /// gemeente × month, rejected rows, changes against the previous release (counted), and
    /// loaded rows with a product code the region does not know.
    pub leveringen: Vec<Leveringsmaand>,
    pub afgewezen: Vec<Afwijzing>,
    pub wijzigingen: Vec<Wijzigingen>,
    pub waarschuwingen: Vec<Productwaarschuwing>,
    /// National values revised since an earlier release (old → new), oldest first.
    pub herzieningen: Vec<pipeline::kwaliteit::Herziening>,
    /// The region's targets that are yearly paths per segment, for `/sturing`.
    pub streefpaden: Vec<pipeline::kwaliteit::Streefpad>,
    /// Standardised observed/expected per (indicator, periode, aanbieder), suppressed; read
    /// through [`Releasedata::oe`] (the data rule applies).
    oe: HashMap<(String, String, String), OeWaarde>,
    /// Signals (`pipeline::indicatoren::signalen`); read through [`Releasedata::signalen`]
    /// (the data rule applies).
    signalen: Vec<pipeline::indicatoren::signalen::Signaal>,
    /// Nowcasts of provisional months (`pipeline::indicatoren::nowcast`); read through
    /// [`Releasedata::nowcasts`] (the data rule applies).
    nowcasts: Vec<pipeline::indicatoren::nowcast::Nowcast>,
    /// Year-end projections of costs (`pipeline::indicatoren::jaarprognose`); read through
    /// [`Releasedata::jaarprognoses`] (the data rule applies).
    jaarprognoses: Vec<pipeline::indicatoren::jaarprognose::Jaarprognose>,
    /// The verblijf outlook (`pipeline::indicatoren::verblijfsprognose`); read through
    /// [`Releasedata::verblijfsprognoses`] (the data rule applies).
    verblijfsprognoses: Vec<pipeline::indicatoren::verblijfsprognose::Verblijfsprognose>,
    /// The region's length-of-stay curve points; read through [`Releasedata::verblijfsduur`].
    verblijfsduur: Vec<pipeline::indicatoren::verblijfsprognose::Verblijfsduur>,
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
                    w.niveau,
                    w.code.clone(),
                    w.uitsplitsing.clone(),
                ))
                .or_default()
                .push((p, i));
        }
        for v in reeksen.values_mut() {
            v.sort_by_key(|(p, _)| *p);
        }
        let mut splitsingen: HashMap<(String, Niveau), Vec<Uitsplitsing>> = HashMap::new();
        for (i, n, _, u) in reeksen.keys() {
            let v = splitsingen.entry((i.clone(), *n)).or_default();
            if !v.contains(u) {
                v.push(u.clone());
            }
        }
        for v in splitsingen.values_mut() {
            v.sort_by_key(|u| (!u.is_totaal(), u.clone()));
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
        let oe = pipeline::indicatoren::uitvoer::lees_oe(data, &id)?
            .into_iter()
            .map(|o| {
                (
                    (o.indicator.clone(), o.periode.clone(), o.aanbieder.clone()),
                    o,
                )
            })
            .collect();
        let (verblijfsprognoses, verblijfsduur) =
            pipeline::indicatoren::verblijfsprognose::lees(data, &id)?;
        Ok(Releasedata {
            oe,
            signalen: pipeline::indicatoren::signalen::lees(data, &id)?,
            nowcasts: pipeline::indicatoren::nowcast::lees(data, &id)?,
            jaarprognoses: pipeline::indicatoren::jaarprognose::lees(data, &id)?,
            verblijfsprognoses,
            verblijfsduur,
            leveringen: pipeline::kwaliteit::leveringen(data, &id)?,
            afgewezen: pipeline::kwaliteit::afwijzingen(data, &id)?,
            wijzigingen: pipeline::kwaliteit::wijzigingen(data, &id)?,
            waarschuwingen: pipeline::kwaliteit::waarschuwingen(data, &manifest)?,
            herzieningen: pipeline::kwaliteit::herzieningen(data, &manifest)?,
            streefpaden: pipeline::kwaliteit::streefpaden(data, &manifest)?,
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
            .filter(|w| crate::toegang::mag_zien(w.niveau, &w.code))
    }

    /// The signals of this release the current user may see (`toegang::mag_zien`).
    pub fn signalen(&self) -> impl Iterator<Item = &pipeline::indicatoren::signalen::Signaal> {
        self.signalen
            .iter()
            .filter(|x| crate::toegang::mag_zien(x.niveau, &x.code))
    }

    /// The nowcasts of this release the current user may see (`toegang::mag_zien`).
    pub fn nowcasts(&self) -> impl Iterator<Item = &pipeline::indicatoren::nowcast::Nowcast> {
        self.nowcasts
            .iter()
            .filter(|x| crate::toegang::mag_zien(x.niveau, &x.code))
    }

    /// The year-end projections the current user may see (`toegang::mag_zien`).
    pub fn jaarprognoses(
        &self,
    ) -> impl Iterator<Item = &pipeline::indicatoren::jaarprognose::Jaarprognose> {
        self.jaarprognoses
            .iter()
            .filter(|x| crate::toegang::mag_zien(x.niveau, &x.code))
    }

    /// The verblijf outlook rows the current user may see (`toegang::mag_zien`).
    pub fn verblijfsprognoses(
        &self,
    ) -> impl Iterator<Item = &pipeline::indicatoren::verblijfsprognose::Verblijfsprognose> {
        self.verblijfsprognoses
            .iter()
            .filter(|x| crate::toegang::mag_zien(x.niveau, &x.code))
    }

    /// The region's length-of-stay curve points, when the current user may see the region.
    pub fn verblijfsduur(
        &self,
    ) -> impl Iterator<Item = &pipeline::indicatoren::verblijfsprognose::Verblijfsduur> {
        let mag = crate::toegang::mag_zien(Niveau::Regio, "regio");
        self.verblijfsduur.iter().filter(move |_| mag)
    }

    /// A provider's standardised O/E, when the current user may see that provider.
    pub fn oe(&self, indicator: &str, periode: &str, agb: &str) -> Option<&OeWaarde> {
        if !crate::toegang::mag_zien(Niveau::Aanbieder, agb) {
            return None;
        }
        self.oe
            .get(&(indicator.to_string(), periode.to_string(), agb.to_string()))
    }

    /// One stored value, when the current request's user may see it.
    pub fn waarde(&self, reeks: Reeks<'_>, periode: Periode) -> Option<&Waarde> {
        if !crate::toegang::mag_zien(reeks.niveau, reeks.code) {
            return None;
        }
        let r = self.reeksen.get(&reeks.sleutel())?;
        r.binary_search_by_key(&periode, |(p, _)| *p)
            .ok()
            .map(|i| &self.waarden[r[i].1])
    }

    /// A series over the periods of one soort up to and including `tot`, oldest first; each
    /// period of that soort in the release gets an entry (`None` when no value is stored).
    pub fn reeks(
        &self,
        reeks: Reeks<'_>,
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
        ps.into_iter().map(|p| (p, self.waarde(reeks, p))).collect()
    }

    /// The splits stored for an indicator at a level, sorted (totaal first). Indexed when the
    /// release is read: a page asks this per indicator.
    pub fn uitsplitsingen(&self, indicator: &str, niveau: Niveau) -> Vec<Uitsplitsing> {
        self.splitsingen
            .get(&(indicator.to_string(), niveau))
            .cloned()
            .unwrap_or_default()
    }
}
