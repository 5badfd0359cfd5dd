//! Verblijf outlook (`verblijfsprognose`, issue 23 item 3), for the Coördinatiepunt Wonen en
//! Verblijf and the data-adviesgroep: for the stays running on the last day of the release's
//! newest month (the peildatum, the day `verblijf_stand` of that month counts), how many are
//! expected to end in each of the next [`HORIZON`] months, and — given an inflow model — the
//! expected stand at the end of each month with an 80% interval. Per region, gemeente and
//! provider; per provider also per verblijfsvorm (hulpvorm 11–14): the places coming free.
//! Computed once at ingest and stored with the release as a forecast.
//!
//! # Length of stay (Kaplan–Meier with censoring and delayed entry)
//!
//! Stays are the verblijfsepisodes of each level, by the same rule as the flow indicators
//! (`verblijf::episodes`). A stay's length is `einde − start` days (einde is the first day no
//! longer in verblijf). The survival curve `S(t) = P(length > t)` is the Kaplan–Meier
//! product-limit estimate `Π_{t_j ≤ t} (1 − d_j ÷ n_j)` over the stays observed in the
//! estimation window: the [`SCHATTING_JAREN`] years up to the peildatum, and not before the
//! start of the data's full history (`historie::Venster::zorg`). A stay still running at the
//! peildatum (or ending after it: nothing after the peildatum is used) is **censored** there;
//! a stay that began before the window enters the risk set only at the length it had when the
//! window began (**delayed entry**), so the survivors of an export without earlier history do
//! not make stays look longer than they are. `n_j` = stays with entry < `t_j` ≤ their
//! observed length.
//!
//! Curves per level (regio, gemeente and aanbieder stays differ: leaving provider A for B
//! ends the stay at A) and per stratum (verblijfsvorm of the stay's first traject × age class
//! at its start, `standaardisatie::leeftijdsklasse`); a stratum with fewer than
//! [`MIN_UITSTROMEN`] observed exits uses the curve of its verblijfsvorm, and that one the
//! curve of all stays of the level. The curve is used where at least [`MIN_RISICO`] stays
//! are at risk (up to `T`); beyond `T` the hazard of the last [`STAART_DAGEN`] days before
//! `T` continues (an exponential tail), so the longest stays still end.
//!
//! # Exits and stand
//!
//! A stay running at the peildatum `P` for `d` days (start ≤ `P` < einde, `d = P + 1 −
//! start`) is still in verblijf on the last day of month `k` (`P + Δ_k`) with probability
//! `p_k = S(d − 1 + Δ_k) ÷ S(d − 1)`. Expected exits of the current stays in month `k` =
//! `Σ (p_{k−1} − p_k)`; still in at its end `A_k = Σ p_k`.
//!
//! New stays: `λ` per month from the **published** `verblijf_instroom` (the mean of the 12
//! months up to the peildatum when all are published, else the last complete year ÷ 12;
//! otherwise no stand is projected). A stay starting in month `m` (taken at the middle of it)
//! is still in at the end of month `k` with `S(Δ_k − u_m)` of the level's curve of all stays;
//! `B_k = λ · Σ_{m ≤ k} S(Δ_k − u_m)`. Expected stand = `A_k + B_k`.
//!
//! 80% interval: `± 1,2816 · √V`, `V = Σ p_k(1 − p_k)` (each current stay ends or not) `+ φ · B_k`
//! (new stays: Poisson, thinned; `φ` = the monthly inflow's variance ÷ its mean when above 1)
//! `+ Var(λ̂) · (Σ_m S(Δ_k − u_m))²` (the inflow rate is estimated), floored at 0. The
//! curve's own uncertainty and shifts in policy are not in it; the backtest measures how
//! often the outcome falls inside (`docs/vooruitblik.md`).
//!
//! # Disclosure
//!
//! Where the region rounds its counts (`afronden_op`), "exits + still in" of the current
//! stays would give their exact number: their part is scaled to the published (rounded) stand.
//! Rows for an area (totaal) only where that area's `verblijf_stand` of the peildatum month is
//! published; the figures are expectations (never counts of persons) and the inflow comes from
//! published values only. Per verblijfsvorm (providers only) all or nothing: every
//! verblijfsvorm with a current stay at the provider has at least the threshold, so no
//! verblijfsvorm can be derived from the provider's total minus the others. The curves
//! (`verblijfsduur`, region only) publish a point only where at least the threshold of stays is
//! at risk there, and no counts.

use std::collections::{BTreeMap, HashMap};

use model::Periode;
use polars::prelude::*;

use super::standaardisatie::leeftijdsklasse;
use super::uitvoer::Waarde;
use super::verblijf::{self, OPEN};
use super::{Niveau, tekstkolom};

pub const TABEL: &str = "verblijfsprognose";
pub const TABEL_DUUR: &str = "verblijfsduur";
/// Months ahead.
pub const HORIZON: usize = 12;
/// Years of stays the curves are estimated from.
pub const SCHATTING_JAREN: i32 = 3;
/// Observed exits a stratum needs for a curve of its own.
pub const MIN_UITSTROMEN: usize = 20;
/// Stays at risk needed to use the curve at a length.
pub const MIN_RISICO: usize = 10;
/// Days before the end of the curve whose hazard continues beyond it.
pub const STAART_DAGEN: i32 = 365;
/// The split for all verblijfsvormen together.
pub const TOTAAL: &str = "totaal";
const Z80: f64 = 1.281_551_565_545;
/// Points of the published curve, in months.
pub const DUUR_MAANDEN: [i32; 4] = [3, 6, 12, 24];
/// Days per month in the published curve points.
const DAGEN_PER_MAAND: f64 = 365.25 / 12.0;

/// One stay as the survival estimate sees it: days already completed when observation began
/// (`instap`, 0 for a stay that began inside the window), its length at exit or at the
/// peildatum (`uit`), and whether it ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waarneming {
    pub instap: i32,
    pub uit: i32,
    pub geeindigd: bool,
}

/// A Kaplan–Meier curve with delayed entry and an exponential tail (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub struct Overleving {
    /// Event times (days) up to `grens` and `S` just after each.
    tijden: Vec<i32>,
    s: Vec<f64>,
    /// `T`: the longest length with at least [`MIN_RISICO`] stays at risk.
    pub grens: i32,
    /// Hazard per day beyond `grens`.
    pub staart: f64,
    pub verblijven: usize,
    pub uitstromen: usize,
    /// Stays at risk at a length: entry < t ≤ uit (sorted entries and exits).
    instappen: Vec<i32>,
    uiten: Vec<i32>,
}

impl Overleving {
    pub fn schat(waarnemingen: &[Waarneming]) -> Overleving {
        Overleving::schat_met(waarnemingen, MIN_RISICO)
    }

    /// [`Overleving::schat`] with another number of stays at risk needed (hand-made tests).
    pub fn schat_met(waarnemingen: &[Waarneming], min_risico: usize) -> Overleving {
        let w: Vec<Waarneming> = waarnemingen
            .iter()
            .filter(|x| x.uit > x.instap)
            .copied()
            .collect();
        let mut instappen: Vec<i32> = w.iter().map(|x| x.instap).collect();
        let mut uiten: Vec<i32> = w.iter().map(|x| x.uit).collect();
        instappen.sort_unstable();
        uiten.sort_unstable();
        let mut c = Overleving {
            tijden: Vec::new(),
            s: Vec::new(),
            grens: 0,
            staart: 0.0,
            verblijven: w.len(),
            uitstromen: w.iter().filter(|x| x.geeindigd).count(),
            instappen,
            uiten,
        };
        // T: the longest observed length at which enough stays are at risk.
        let mut kandidaten = c.uiten.clone();
        kandidaten.dedup();
        c.grens = kandidaten
            .iter()
            .rev()
            .find(|&&t| c.risico(t) >= min_risico)
            .copied()
            .unwrap_or(0);
        let mut gebeurtenissen: BTreeMap<i32, usize> = BTreeMap::new();
        for x in w.iter().filter(|x| x.geeindigd && x.uit <= c.grens) {
            *gebeurtenissen.entry(x.uit).or_default() += 1;
        }
        let mut s = 1.0;
        for (&t, &d) in &gebeurtenissen {
            let n = c.risico(t);
            s *= 1.0 - d as f64 / n as f64;
            c.tijden.push(t);
            c.s.push(s);
        }
        // The hazard over (T − STAART_DAGEN, T]: exits ÷ days at risk.
        let a = c.grens - STAART_DAGEN;
        let (mut d, mut blootstelling) = (0usize, 0i64);
        for x in &w {
            blootstelling += i64::from((x.uit.min(c.grens) - x.instap.max(a)).max(0));
            if x.geeindigd && x.uit > a && x.uit <= c.grens {
                d += 1;
            }
        }
        if blootstelling > 0 {
            c.staart = d as f64 / blootstelling as f64;
        }
        c
    }

    /// Stays at risk at length `t`: entry < t ≤ observed length.
    pub fn risico(&self, t: i32) -> usize {
        let nog = self.uiten.len() - self.uiten.partition_point(|&u| u < t);
        let later = self.instappen.len() - self.instappen.partition_point(|&e| e < t);
        nog - later
    }

    /// `S(t)`: the share of stays longer than `t` days.
    pub fn s(&self, t: i32) -> f64 {
        if t < 0 {
            return 1.0;
        }
        let i = self.tijden.partition_point(|&x| x <= t.min(self.grens));
        let binnen = if i == 0 { 1.0 } else { self.s[i - 1] };
        if t > self.grens {
            binnen * (-self.staart * f64::from(t - self.grens)).exp()
        } else {
            binnen
        }
    }

    /// The chance that a stay running for `d` days (`d ≥ 1`) is still running `h` days later.
    pub fn nog(&self, d: i32, h: i32) -> f64 {
        let nu = self.s(d - 1);
        if nu <= 0.0 {
            0.0
        } else {
            (self.s(d - 1 + h) / nu).clamp(0.0, 1.0)
        }
    }

    /// The median length (the first event time with `S ≤ 0,5`), within the curve.
    pub fn mediaan(&self) -> Option<i32> {
        self.tijden
            .iter()
            .zip(&self.s)
            .find(|(_, s)| **s <= 0.5)
            .map(|(t, _)| *t)
    }
}

/// One stay (verblijfsepisode) of a level: area code, first and first-no-longer day, the
/// verblijfsvorm of its first traject, the age class at its start.
#[derive(Debug, Clone, PartialEq)]
pub struct Verblijf {
    pub code: String,
    pub start: i32,
    /// First day no longer in verblijf; `None` while open.
    pub einde: Option<i32>,
    pub hulpvorm: String,
    pub klasse: String,
}

impl Verblijf {
    /// In verblijf on day `p` (as `verblijf_stand` counts).
    pub fn loopt_op(&self, p: i32) -> bool {
        self.start <= p && self.einde.is_none_or(|e| e > p)
    }

    /// The stay as seen from the window `[venster, p]`, if it is in it.
    pub fn waarneming(&self, venster: i32, p: i32) -> Option<Waarneming> {
        if self.start > p {
            return None;
        }
        let (uit, geeindigd) = match self.einde {
            Some(e) if e <= p => (e - self.start, true),
            _ => (p + 1 - self.start, false),
        };
        let instap = (venster - self.start).max(0);
        (uit > instap).then_some(Waarneming {
            instap,
            uit,
            geeindigd,
        })
    }
}

fn schat_elk<K: std::hash::Hash + Eq>(m: HashMap<K, Vec<Waarneming>>) -> HashMap<K, Overleving> {
    m.into_iter()
        .map(|(k, w)| (k, Overleving::schat(&w)))
        .collect()
}

/// The curves of one level: per (verblijfsvorm, age class), per verblijfsvorm, and all.
pub struct Curves {
    pub per_stratum: HashMap<(String, String), Overleving>,
    pub per_vorm: HashMap<String, Overleving>,
    pub alle: Overleving,
}

impl Curves {
    pub fn schat(verblijven: &[Verblijf], venster: i32, p: i32) -> Curves {
        let mut stratum: HashMap<(String, String), Vec<Waarneming>> = HashMap::new();
        let mut vorm: HashMap<String, Vec<Waarneming>> = HashMap::new();
        let mut alle = Vec::new();
        for v in verblijven {
            if let Some(w) = v.waarneming(venster, p) {
                stratum
                    .entry((v.hulpvorm.clone(), v.klasse.clone()))
                    .or_default()
                    .push(w);
                vorm.entry(v.hulpvorm.clone()).or_default().push(w);
                alle.push(w);
            }
        }
        Curves {
            per_stratum: schat_elk(stratum),
            per_vorm: schat_elk(vorm),
            alle: Overleving::schat(&alle),
        }
    }

    /// The curve for a stay: its stratum's, else its verblijfsvorm's, else all.
    pub fn voor(&self, hulpvorm: &str, klasse: &str) -> &Overleving {
        let genoeg = |c: &&Overleving| c.uitstromen >= MIN_UITSTROMEN;
        self.per_stratum
            .get(&(hulpvorm.to_string(), klasse.to_string()))
            .filter(genoeg)
            .or_else(|| self.per_vorm.get(hulpvorm).filter(genoeg))
            .unwrap_or(&self.alle)
    }
}

/// The inflow model: new stays per month, its estimate's variance and the dispersion `φ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instroom {
    pub per_maand: f64,
    pub var_schatting: f64,
    pub spreiding: f64,
}

impl Instroom {
    /// From the monthly counts of the 12 months up to the peildatum.
    pub fn uit_maanden(x: &[f64]) -> Option<Instroom> {
        let n = x.len() as f64;
        if x.is_empty() {
            return None;
        }
        let m = x.iter().sum::<f64>() / n;
        let var = if x.len() > 1 {
            x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            m
        };
        let spreiding = if m > 0.0 { (var / m).max(1.0) } else { 1.0 };
        Some(Instroom {
            per_maand: m,
            var_schatting: spreiding * m / n,
            spreiding,
        })
    }

    /// From a year's total (no monthly spread known: Poisson).
    pub fn uit_jaar(totaal: f64) -> Instroom {
        let m = totaal / 12.0;
        Instroom {
            per_maand: m,
            var_schatting: m / 12.0,
            spreiding: 1.0,
        }
    }
}

/// One month of the outlook of an area (and verblijfsvorm).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verblijfsprognose {
    pub niveau: Niveau,
    pub code: String,
    pub naam: Option<String>,
    /// [`TOTAAL`] or a verblijfsvorm (hulpvorm code 11–14).
    pub verblijfsvorm: String,
    /// The month whose last day is the peildatum (`jjjj-mm`).
    pub peilmaand: String,
    /// The month forecast (`jjjj-mm`) and how many months after the peilmaand it is.
    pub maand: String,
    pub horizon: i64,
    /// The published stand of the peilmaand (totaal rows).
    pub stand_nu: Option<f64>,
    /// Expected exits of the current stays in this month.
    pub uitstroom: f64,
    /// Expected current stays still in verblijf at the end of this month.
    pub nog_in_verblijf: f64,
    /// Expected new stays per month (from published instroom; `None` without).
    pub instroom: Option<f64>,
    /// Expected stand at the end of this month and its 80% interval (`None` without inflow).
    pub stand: Option<f64>,
    pub ondergrens: Option<f64>,
    pub bovengrens: Option<f64>,
}

/// A published point of a region's length-of-stay curve.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verblijfsduur {
    /// [`TOTAAL`] or a verblijfsvorm.
    pub verblijfsvorm: String,
    /// `alle` or an age class at the start of the stay.
    pub leeftijdsklasse: String,
    pub peilmaand: String,
    /// Median length in months (`None` when the curve does not reach 50% where enough stays
    /// are at risk).
    pub mediaan_maanden: Option<f64>,
    /// Share still in verblijf after 3, 6, 12 and 24 months ([`DUUR_MAANDEN`]).
    pub nog_na: [Option<f64>; 4],
}

fn dagnummer(d: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("datum");
    (d - epoch).num_days() as i32
}

/// The end days of the peilmaand (Δ_0 = 0) and the [`HORIZON`] months after it, as offsets
/// from the peildatum.
fn maandgrenzen(peil: Periode) -> Vec<(Periode, i32)> {
    let p = dagnummer(peil.einde());
    let mut m = peil;
    let mut v = vec![(peil, 0)];
    for _ in 0..HORIZON {
        m = m.volgende();
        v.push((m, dagnummer(m.einde()) - p));
    }
    v
}

/// One month of [`vooruit`]: expected exits of the current stays, those still in, and the
/// expected stand with its 80% interval (with an inflow model).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stap {
    pub uitstroom: f64,
    pub nog: f64,
    pub stand: Option<(f64, f64, f64)>,
}

/// The outlook of one area from its current stays (`lopend`: days running and curve each),
/// the current stays' part scaled by `schaal` (the published stand ÷ the exact number, 1
/// unless the region rounds its counts).
pub fn vooruit(
    lopend: &[(i32, &Overleving)],
    schaal: f64,
    instroom: Option<Instroom>,
    nieuw: &Overleving,
    grenzen: &[(Periode, i32)],
) -> Vec<Stap> {
    let mut uit = Vec::with_capacity(HORIZON);
    let mut vorige: Vec<f64> = vec![1.0; lopend.len()];
    for k in 1..grenzen.len() {
        let dk = grenzen[k].1;
        let p: Vec<f64> = lopend.iter().map(|(d, c)| c.nog(*d, dk)).collect();
        let uitstroom: f64 = schaal * vorige.iter().zip(&p).map(|(a, b)| a - b).sum::<f64>();
        let a: f64 = schaal * p.iter().sum::<f64>();
        let var_a: f64 = schaal * p.iter().map(|q| q * (1.0 - q)).sum::<f64>();
        let stand = instroom.map(|i| {
            // Σ over the months m ≤ k of S(Δ_k − the middle of month m).
            let som: f64 = (1..=k)
                .map(|m| {
                    let midden = (grenzen[m - 1].1 + grenzen[m].1 + 1) / 2;
                    nieuw.s(dk - midden)
                })
                .sum();
            let b = i.per_maand * som;
            let v = var_a + i.spreiding * b + i.var_schatting * som * som;
            let h = Z80 * v.sqrt();
            (a + b, (a + b - h).max(0.0), a + b + h)
        });
        uit.push(Stap {
            uitstroom,
            nog: a,
            stand,
        });
        vorige = p;
    }
    uit
}

/// The stays of every level (regio, gemeente, aanbieder) from the merged trajecten.
pub fn verblijven(trajecten: &DataFrame) -> PolarsResult<Vec<(Niveau, Vec<Verblijf>)>> {
    let geboren = trajecten
        .clone()
        .lazy()
        .filter(col("client_id").is_not_null())
        .group_by([col("client_id")])
        .agg([col("geboortedatum").drop_nulls().first()]);
    let mut uit = Vec::new();
    for niveau in [Niveau::Regio, Niveau::Gemeente, Niveau::Aanbieder] {
        let df = verblijf::episodes(trajecten.clone().lazy(), niveau)?
            .join(
                geboren.clone(),
                [col("client_id")],
                [col("client_id")],
                JoinArgs::new(JoinType::Left),
            )
            .select([
                col("code"),
                col("_start"),
                col("_eind"),
                col("hulpvorm"),
                leeftijdsklasse(col("geboortedatum"), col("_start").cast(DataType::Date))
                    .alias("klasse"),
            ])
            .sort(
                ["code", "_start", "_eind", "hulpvorm", "klasse"],
                SortMultipleOptions::default(),
            )
            .collect()?;
        let code = tekstkolom(&df, "code")?;
        let hulpvorm = tekstkolom(&df, "hulpvorm")?;
        let klasse = tekstkolom(&df, "klasse")?;
        let start = df.column("_start")?.cast(&DataType::Int32)?;
        let eind = df.column("_eind")?.cast(&DataType::Int32)?;
        let (start, eind) = (start.i32()?, eind.i32()?);
        let mut v = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let (Some(c), Some(s), Some(e)) = (code[i].clone(), start.get(i), eind.get(i)) else {
                continue;
            };
            v.push(Verblijf {
                code: c,
                start: s,
                einde: (e != OPEN).then_some(e),
                hulpvorm: hulpvorm[i].clone().unwrap_or_else(|| "onbekend".into()),
                klasse: klasse[i].clone().unwrap_or_else(|| "onbekend".into()),
            });
        }
        uit.push((niveau, v));
    }
    Ok(uit)
}

/// The published value of a total, if there.
fn gepubliceerd<'a>(
    kaart: &'a HashMap<(&'a str, Niveau, &'a str, &'a str), &'a Waarde>,
    indicator: &'a str,
    niveau: Niveau,
    code: &'a str,
    periode: &'a str,
) -> Option<(f64, &'a Waarde)> {
    let w = kaart.get(&(indicator, niveau, code, periode))?;
    Some((w.waarde?, w))
}

/// The inflow model of an area from its published `verblijf_instroom` (see the module doc).
fn instroom_van(
    kaart: &HashMap<(&str, Niveau, &str, &str), &Waarde>,
    niveau: Niveau,
    code: &str,
    peil: Periode,
) -> Option<Instroom> {
    let mut maanden = Vec::with_capacity(12);
    let mut m = peil;
    for _ in 0..12 {
        let id = m.to_string();
        match gepubliceerd(kaart, "verblijf_instroom", niveau, code, &id) {
            Some((x, _)) => maanden.push(x),
            None => break,
        }
        m = m.vorige();
    }
    if maanden.len() == 12 {
        return Instroom::uit_maanden(&maanden);
    }
    // The last complete year.
    let jaar = if peil == Periode::Maand(peil.jaar(), 12) {
        peil.jaar()
    } else {
        peil.jaar() - 1
    };
    let id = Periode::Jaar(jaar).to_string();
    gepubliceerd(kaart, "verblijf_instroom", niveau, code, &id).map(|(x, _)| Instroom::uit_jaar(x))
}

/// The published totals by (indicator, niveau, code, periode).
fn totalen(waarden: &[Waarde]) -> HashMap<(&str, Niveau, &str, &str), &Waarde> {
    waarden
        .iter()
        .filter(|w| w.uitsplitsing.is_totaal() && !w.onderdrukt)
        .map(|w| {
            (
                (
                    w.indicator.as_str(),
                    w.niveau,
                    w.code.as_str(),
                    w.periode.as_str(),
                ),
                w,
            )
        })
        .collect()
}

/// The outlook of a release: for every level and area whose stand of the peilmaand is
/// published, and per verblijfsvorm for providers (all or nothing, see the module doc).
/// `peil` is the release's newest month, `venster` the first day of full history.
pub fn verblijfsprognoses(
    verblijven: &[(Niveau, Vec<Verblijf>)],
    waarden: &[Waarde],
    peil: Periode,
    venster: Option<chrono::NaiveDate>,
    drempel: f64,
) -> (Vec<Verblijfsprognose>, Vec<Verblijfsduur>) {
    let kaart = totalen(waarden);
    let p = dagnummer(peil.einde());
    // The estimation window: the SCHATTING_JAREN × 12 months up to the peildatum.
    let mut eerste = peil;
    for _ in 1..SCHATTING_JAREN * 12 {
        eerste = eerste.vorige();
    }
    let begin = eerste.start();
    let venster = dagnummer(venster.map_or(begin, |v| v.max(begin)));
    let grenzen = maandgrenzen(peil);
    let peilmaand = peil.to_string();
    let mut rijen = Vec::new();
    let mut duur = Vec::new();
    for (niveau, vv) in verblijven {
        let curves = Curves::schat(vv, venster, p);
        if curves.alle.uitstromen < MIN_UITSTROMEN {
            continue;
        }
        if *niveau == Niveau::Regio {
            duur = verblijfsduur(vv, &curves, venster, p, drempel, &peilmaand);
        }
        let mut per_code: BTreeMap<&str, Vec<&Verblijf>> = BTreeMap::new();
        for v in vv.iter().filter(|v| v.loopt_op(p)) {
            per_code.entry(v.code.as_str()).or_default().push(v);
        }
        for (code, lopend) in per_code {
            let Some((stand_nu, w)) =
                gepubliceerd(&kaart, "verblijf_stand", *niveau, code, &peilmaand)
            else {
                continue;
            };
            // Where the region rounds its counts the exact number must not follow from
            // "exits + still in": the current stays' part is scaled to the published stand.
            let schaal = if lopend.is_empty() {
                1.0
            } else {
                stand_nu / lopend.len() as f64
            };
            let rij = |vorm: &str, stays: &[&Verblijf], instroom: Option<Instroom>| {
                let l: Vec<(i32, &Overleving)> = stays
                    .iter()
                    .map(|v| (p + 1 - v.start, curves.voor(&v.hulpvorm, &v.klasse)))
                    .collect();
                let nieuw = if vorm == TOTAAL {
                    &curves.alle
                } else {
                    curves.per_vorm.get(vorm).unwrap_or(&curves.alle)
                };
                vooruit(&l, schaal, instroom, nieuw, &grenzen)
                    .into_iter()
                    .enumerate()
                    .map(
                        |(
                            i,
                            Stap {
                                uitstroom,
                                nog,
                                stand,
                            },
                        )| Verblijfsprognose {
                            niveau: *niveau,
                            code: code.to_string(),
                            naam: w.naam.clone(),
                            verblijfsvorm: vorm.to_string(),
                            peilmaand: peilmaand.clone(),
                            maand: grenzen[i + 1].0.to_string(),
                            horizon: i as i64 + 1,
                            stand_nu: (vorm == TOTAAL).then_some(stand_nu),
                            uitstroom,
                            nog_in_verblijf: nog,
                            instroom: instroom.map(|i| i.per_maand),
                            stand: stand.map(|s| s.0),
                            ondergrens: stand.map(|s| s.1),
                            bovengrens: stand.map(|s| s.2),
                        },
                    )
                    .collect::<Vec<_>>()
            };
            rijen.extend(rij(
                TOTAAL,
                &lopend,
                instroom_van(&kaart, *niveau, code, peil),
            ));
            if *niveau == Niveau::Aanbieder {
                let mut per_vorm: BTreeMap<&str, Vec<&Verblijf>> = BTreeMap::new();
                for v in &lopend {
                    per_vorm.entry(v.hulpvorm.as_str()).or_default().push(v);
                }
                let alle_groot = per_vorm
                    .values()
                    .all(|x| !super::onderdrukking::te_klein(x.len() as f64, drempel));
                if alle_groot {
                    for (vorm, stays) in per_vorm {
                        rijen.extend(rij(vorm, &stays, None));
                    }
                }
            }
        }
    }
    (rijen, duur)
}

/// The region's published curve points: per verblijfsvorm (and all), each also per age class.
fn verblijfsduur(
    vv: &[Verblijf],
    curves: &Curves,
    venster: i32,
    p: i32,
    drempel: f64,
    peilmaand: &str,
) -> Vec<Verblijfsduur> {
    let punt = |c: &Overleving, maanden: i32| {
        let t = (f64::from(maanden) * DAGEN_PER_MAAND).round() as i32;
        (t <= c.grens && !super::onderdrukking::te_klein(c.risico(t) as f64, drempel))
            .then(|| c.s(t))
    };
    let rij = |vorm: &str, klasse: &str, c: &Overleving| Verblijfsduur {
        verblijfsvorm: vorm.to_string(),
        leeftijdsklasse: klasse.to_string(),
        peilmaand: peilmaand.to_string(),
        mediaan_maanden: c
            .mediaan()
            .filter(|t| !super::onderdrukking::te_klein(c.risico(*t) as f64, drempel))
            .map(|t| f64::from(t) / DAGEN_PER_MAAND),
        nog_na: DUUR_MAANDEN.map(|m| punt(c, m)),
    };
    let genoeg = |c: &Overleving| c.uitstromen >= MIN_UITSTROMEN;
    let mut uit = vec![rij(TOTAAL, "alle", &curves.alle)];
    // Age classes over all verblijfsvormen: a curve of their own.
    let mut klassen: BTreeMap<&str, Vec<Waarneming>> = BTreeMap::new();
    for v in vv {
        if let Some(w) = v.waarneming(venster, p) {
            klassen.entry(v.klasse.as_str()).or_default().push(w);
        }
    }
    for (k, w) in klassen {
        let c = Overleving::schat(&w);
        if genoeg(&c) {
            uit.push(rij(TOTAAL, k, &c));
        }
    }
    let mut vormen: Vec<(&String, &Overleving)> = curves.per_vorm.iter().collect();
    vormen.sort_by(|a, b| a.0.cmp(b.0));
    for (vorm, c) in vormen {
        if !genoeg(c) {
            continue;
        }
        uit.push(rij(vorm, "alle", c));
        let mut strata: Vec<(&(String, String), &Overleving)> = curves
            .per_stratum
            .iter()
            .filter(|((v, _), c)| v == vorm && genoeg(c))
            .collect();
        strata.sort_by(|a, b| a.0.cmp(b.0));
        for ((_, k), c) in strata {
            uit.push(rij(vorm, k, c));
        }
    }
    uit
}

/// The outlook as the release table [`TABEL`].
pub fn als_tabel(v: &[Verblijfsprognose]) -> PolarsResult<DataFrame> {
    let tekst = |f: &dyn Fn(&Verblijfsprognose) -> String| v.iter().map(f).collect::<Vec<_>>();
    let getal = |f: &dyn Fn(&Verblijfsprognose) -> f64| v.iter().map(f).collect::<Vec<_>>();
    let optie = |f: &dyn Fn(&Verblijfsprognose) -> Option<f64>| v.iter().map(f).collect::<Vec<_>>();
    DataFrame::new(
        v.len(),
        vec![
            Column::new("niveau".into(), tekst(&|x| x.niveau.id().to_string())),
            Column::new("code".into(), tekst(&|x| x.code.clone())),
            Column::new(
                "naam".into(),
                v.iter().map(|x| x.naam.clone()).collect::<Vec<_>>(),
            ),
            Column::new("verblijfsvorm".into(), tekst(&|x| x.verblijfsvorm.clone())),
            Column::new("peilmaand".into(), tekst(&|x| x.peilmaand.clone())),
            Column::new("maand".into(), tekst(&|x| x.maand.clone())),
            Column::new(
                "horizon".into(),
                v.iter().map(|x| x.horizon).collect::<Vec<_>>(),
            ),
            Column::new("stand_nu".into(), optie(&|x| x.stand_nu)),
            Column::new("uitstroom".into(), getal(&|x| x.uitstroom)),
            Column::new("nog_in_verblijf".into(), getal(&|x| x.nog_in_verblijf)),
            Column::new("instroom".into(), optie(&|x| x.instroom)),
            Column::new("stand".into(), optie(&|x| x.stand)),
            Column::new("ondergrens".into(), optie(&|x| x.ondergrens)),
            Column::new("bovengrens".into(), optie(&|x| x.bovengrens)),
        ],
    )
}

/// The curve points as the release table [`TABEL_DUUR`].
pub fn duur_als_tabel(v: &[Verblijfsduur]) -> PolarsResult<DataFrame> {
    let tekst = |f: &dyn Fn(&Verblijfsduur) -> String| v.iter().map(f).collect::<Vec<_>>();
    let mut kolommen = vec![
        Column::new("verblijfsvorm".into(), tekst(&|x| x.verblijfsvorm.clone())),
        Column::new(
            "leeftijdsklasse".into(),
            tekst(&|x| x.leeftijdsklasse.clone()),
        ),
        Column::new("peilmaand".into(), tekst(&|x| x.peilmaand.clone())),
        Column::new(
            "mediaan_maanden".into(),
            v.iter().map(|x| x.mediaan_maanden).collect::<Vec<_>>(),
        ),
    ];
    for (i, m) in DUUR_MAANDEN.iter().enumerate() {
        kolommen.push(Column::new(
            format!("nog_na_{m}_maanden").into(),
            v.iter().map(|x| x.nog_na[i]).collect::<Vec<_>>(),
        ));
    }
    DataFrame::new(v.len(), kolommen)
}

/// The outlook and curve stored with a release (empty for a release made before they existed).
pub fn lees(
    data: &std::path::Path,
    release: &str,
) -> Result<(Vec<Verblijfsprognose>, Vec<Verblijfsduur>), crate::IngestFout> {
    let manifest = crate::release::lees_manifest(data, release)?;
    let mut rijen = Vec::new();
    let mut duur = Vec::new();
    if manifest.tabellen.contains_key(TABEL) {
        let df = crate::release::lees_tabel(data, release, TABEL)?;
        let t = |n: &str| tekstkolom(&df, n);
        let g = |n: &str| super::getalkolom(&df, n);
        let (niv, code, naam, vorm, peil, maand) = (
            t("niveau")?,
            t("code")?,
            t("naam")?,
            t("verblijfsvorm")?,
            t("peilmaand")?,
            t("maand")?,
        );
        let (horizon, nu, uit, nog, ins, stand, onder, boven) = (
            g("horizon")?,
            g("stand_nu")?,
            g("uitstroom")?,
            g("nog_in_verblijf")?,
            g("instroom")?,
            g("stand")?,
            g("ondergrens")?,
            g("bovengrens")?,
        );
        let s = |v: &[Option<String>], i: usize| v[i].clone().unwrap_or_default();
        for i in 0..df.height() {
            let Some(niveau) = Niveau::parse(&s(&niv, i)) else {
                return Err(crate::IngestFout::OnbekendeWaarde(format!(
                    "release {release}, tabel {TABEL}, rij {}: niveau '{}' is onbekend; \
                     verwacht regio, gemeente of aanbieder",
                    i + 1,
                    s(&niv, i)
                )));
            };
            rijen.push(Verblijfsprognose {
                niveau,
                code: s(&code, i),
                naam: naam[i].clone(),
                verblijfsvorm: s(&vorm, i),
                peilmaand: s(&peil, i),
                maand: s(&maand, i),
                horizon: horizon[i].unwrap_or_default() as i64,
                stand_nu: nu[i],
                uitstroom: uit[i].unwrap_or_default(),
                nog_in_verblijf: nog[i].unwrap_or_default(),
                instroom: ins[i],
                stand: stand[i],
                ondergrens: onder[i],
                bovengrens: boven[i],
            });
        }
    }
    if manifest.tabellen.contains_key(TABEL_DUUR) {
        let df = crate::release::lees_tabel(data, release, TABEL_DUUR)?;
        let (vorm, klasse, peil) = (
            tekstkolom(&df, "verblijfsvorm")?,
            tekstkolom(&df, "leeftijdsklasse")?,
            tekstkolom(&df, "peilmaand")?,
        );
        let mediaan = super::getalkolom(&df, "mediaan_maanden")?;
        let punten = DUUR_MAANDEN
            .iter()
            .map(|m| super::getalkolom(&df, &format!("nog_na_{m}_maanden")))
            .collect::<PolarsResult<Vec<_>>>()?;
        for i in 0..df.height() {
            duur.push(Verblijfsduur {
                verblijfsvorm: vorm[i].clone().unwrap_or_default(),
                leeftijdsklasse: klasse[i].clone().unwrap_or_default(),
                peilmaand: peil[i].clone().unwrap_or_default(),
                mediaan_maanden: mediaan[i],
                nog_na: [punten[0][i], punten[1][i], punten[2][i], punten[3][i]],
            });
        }
    }
    Ok((rijen, duur))
}

#[cfg(test)]
mod tests {
    //! Hand-made stays; every expected value is worked out in the comment beside it.
    use super::*;

    fn w(instap: i32, uit: i32, geeindigd: bool) -> Waarneming {
        Waarneming {
            instap,
            uit,
            geeindigd,
        }
    }

    /// Ten stays, all observed from their start: lengths 30, 60, 60, 120, 180, 240 ended;
    /// 90, 150, 200, 300 still running (censored).
    fn tien() -> Overleving {
        Overleving::schat_met(
            &[
                w(0, 30, true),
                w(0, 60, true),
                w(0, 60, true),
                w(0, 90, false),
                w(0, 120, true),
                w(0, 150, false),
                w(0, 180, true),
                w(0, 200, false),
                w(0, 240, true),
                w(0, 300, false),
            ],
            1,
        )
    }

    fn dicht(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
    }

    #[test]
    fn kaplan_meier_van_tien_verblijven_met_hand_berekend() {
        let c = tien();
        // t=30: 10 at risk, 1 exit → 0,9; t=60: 9 at risk, 2 → 0,9·7/9 = 0,7; 90 censored;
        // t=120: 6 at risk (120,150,180,200,240,300), 1 → 0,7·5/6; t=180: 4 at risk, 1 →
        // ·3/4 = 0,4375; t=240: 2 at risk, 1 → 0,21875.
        dicht(c.s(29), 1.0);
        dicht(c.s(30), 0.9);
        dicht(c.s(59), 0.9);
        dicht(c.s(60), 0.7);
        dicht(c.s(119), 0.7);
        dicht(c.s(120), 0.7 * 5.0 / 6.0);
        dicht(c.s(180), 0.4375);
        dicht(c.s(240), 0.218_75);
        dicht(c.s(300), 0.218_75);
        assert_eq!((c.verblijven, c.uitstromen, c.grens), (10, 6, 300));
        assert_eq!(c.risico(120), 6);
        // Median: the first time with S ≤ 0,5 is 180.
        assert_eq!(c.mediaan(), Some(180));
        // Tail: 6 exits in 1 430 days at risk over (−65, 300] (all lengths summed).
        dicht(c.staart, 6.0 / 1430.0);
        dicht(c.s(400), 0.218_75 * (-6.0 / 1430.0 * 100.0_f64).exp());
        // A stay running for 150 days: still in 30 days later for sure (no exit between 150
        // and 179), 31 days later S(180)/S(149) = 0,4375/0,58333 = 0,75.
        dicht(c.nog(150, 30), 1.0);
        dicht(c.nog(150, 31), 0.75);
    }

    #[test]
    fn alleen_waar_genoeg_verblijven_in_het_risico_zijn() {
        // With the default ten at risk, the curve ends at 30 (only there are all ten at risk)
        // and beyond it the hazard of the last year continues: 1 exit in 300 days at risk.
        let c = Overleving::schat(
            &tien()
                .uiten
                .iter()
                .map(|&u| w(0, u, u == 30))
                .collect::<Vec<_>>(),
        );
        assert_eq!(c.grens, 30);
        dicht(c.s(30), 0.9);
        dicht(c.staart, 1.0 / 300.0);
    }

    #[test]
    fn late_instap_telt_pas_vanaf_het_begin_van_het_venster() {
        // Stay 1 began 100 days before the window and ended at 150; stay 2 ended at 50;
        // stay 3 runs (200). At t=50 only 2 and 3 are at risk (1 entered at 100): S = 1/2;
        // at t=150: 1 and 3 at risk, 1 exit: S = 1/4. Counted from its start, stay 1 would
        // have made it 2/3 at t=50.
        let c = Overleving::schat_met(&[w(100, 150, true), w(0, 50, true), w(0, 200, false)], 1);
        assert_eq!(c.risico(50), 2);
        dicht(c.s(50), 0.5);
        dicht(c.s(150), 0.25);
    }

    #[test]
    fn waarneming_in_het_venster() {
        let v = |start, einde| Verblijf {
            code: "x".into(),
            start,
            einde,
            hulpvorm: "11".into(),
            klasse: "4-11".into(),
        };
        // Peildatum day 1000, window from day 900.
        assert_eq!(
            v(850, Some(950)).waarneming(900, 1000),
            Some(w(50, 100, true))
        );
        // Ends after the peildatum: censored there, 1001 − 980 = 21 days observed.
        assert_eq!(
            v(980, Some(1200)).waarneming(900, 1000),
            Some(w(0, 21, false))
        );
        assert!(v(980, Some(1200)).loopt_op(1000));
        assert!(!v(980, Some(1000)).loopt_op(1000));
        // Ended before the window, or starts after the peildatum: not observed.
        assert_eq!(v(800, Some(880)).waarneming(900, 1000), None);
        assert_eq!(v(1001, None).waarneming(900, 1000), None);
    }

    #[test]
    fn uitstroom_en_stand_met_hand_berekend() {
        let c = tien();
        // Peildatum 31 December 2024; January ends 31 days later, February 59.
        let g = maandgrenzen(Periode::Maand(2024, 12));
        assert_eq!((g[1].1, g[2].1), (31, 59));
        assert_eq!(g[2].0, Periode::Maand(2025, 2));
        // Two stays running 90 and 150 days. 90: S(89) = 0,7; p1 = S(120)/0,7 = 5/6, p2 =
        // S(148)/0,7 = 5/6. 150: p1 = S(180)/S(149) = 0,75, p2 = S(208)/S(149) = 0,75.
        // λ = 24 a year = 2 a month, Var(λ̂) = 2/12, φ = 1.
        let uit = vooruit(
            &[(90, &c), (150, &c)],
            1.0,
            Some(Instroom::uit_jaar(24.0)),
            &c,
            &g[..3],
        );
        assert_eq!(uit.len(), 2);
        let (p1, q1) = (5.0 / 6.0, 0.75);
        dicht(uit[0].uitstroom, (1.0 - p1) + (1.0 - q1));
        dicht(uit[0].nog, p1 + q1);
        dicht(uit[1].uitstroom, 0.0);
        // January: new stays taken at day (0 + 31 + 1)/2 = 16, S(31 − 16) = 1, B = 2.
        // V = 5/6·1/6 + 0,75·0,25 + 2 + 2/12 · 1².
        let (stand, onder, boven) = uit[0].stand.unwrap();
        dicht(stand, p1 + q1 + 2.0);
        let h = Z80 * (p1 * (1.0 - p1) + q1 * (1.0 - q1) + 2.0 + 2.0 / 12.0).sqrt();
        dicht(onder, stand - h);
        dicht(boven, stand + h);
        // February: January's new stays at 59 − 16 = 43 days, S = 0,9; February's at
        // 59 − (31 + 59 + 1)/2 = 14, S = 1: B = 2 · 1,9.
        dicht(uit[1].stand.unwrap().0, p1 + q1 + 3.8);
        // Without inflow: exits only.
        assert!(
            vooruit(&[(90, &c)], 1.0, None, &c, &g[..3])[0]
                .stand
                .is_none()
        );
        // Scaled to a published (rounded) stand of 5 for 2 stays: exits × 2,5.
        dicht(
            vooruit(&[(90, &c), (150, &c)], 2.5, None, &c, &g[..3])[0].uitstroom,
            2.5 * ((1.0 - p1) + (1.0 - q1)),
        );
    }

    #[test]
    fn instroom_uit_maanden() {
        // Mean 2, variance (4 · 1 + 4 · 1)/7 = 8/7 < 2: φ = 1, Var(λ̂) = 2/8.
        let i = Instroom::uit_maanden(&[1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0, 3.0]).unwrap();
        dicht(i.per_maand, 2.0);
        dicht(i.spreiding, 1.0);
        dicht(i.var_schatting, 0.25);
        // Mean 3, variance (9 + 9 + 9 + 9)/3 = 12: φ = 4, Var(λ̂) = 4 · 3/4 = 3.
        let i = Instroom::uit_maanden(&[0.0, 6.0, 0.0, 6.0]).unwrap();
        dicht(i.spreiding, 4.0);
        dicht(i.var_schatting, 3.0);
    }

    /// 40 ended stays of provider A (for the curve), and current stays: A has 10 in
    /// hulpvorm 11 and `in_12` in 12; B has 3 in 11.
    fn aanbieders(in_12: usize) -> Vec<(Niveau, Vec<Verblijf>)> {
        let v = |code: &str, start: i32, einde: Option<i32>, hulpvorm: &str| Verblijf {
            code: code.into(),
            start,
            einde,
            hulpvorm: hulpvorm.into(),
            klasse: "12-17".into(),
        };
        let p = dagnummer(Periode::Maand(2024, 12).einde());
        let mut vv: Vec<Verblijf> = (0..40)
            .map(|i| v("A", p - 400 + i, Some(p - 100 + i), "11"))
            .collect();
        vv.extend((0..10).map(|i| v("A", p - 50 - i, None, "11")));
        vv.extend((0..in_12).map(|i| v("A", p - 20 - i as i32, None, "12")));
        vv.extend((0..3).map(|i| v("B", p - 10 - i, None, "11")));
        vec![(Niveau::Aanbieder, vv)]
    }

    fn stand(code: &str, x: Option<f64>) -> Waarde {
        Waarde {
            onderdrukt: x.is_none(),
            waarde: x,
            eenheid: "aantal".into(),
            ..Waarde::test("verblijf_stand", Niveau::Aanbieder, code, "2024-12", 0.0)
        }
    }

    #[test]
    fn per_verblijfsvorm_alles_of_niets_en_niets_bij_een_verborgen_stand() {
        let waarden = [stand("A", Some(20.0)), stand("B", None)];
        let (rijen, _) = verblijfsprognoses(
            &aanbieders(10),
            &waarden,
            Periode::Maand(2024, 12),
            None,
            10.0,
        );
        let vormen = |code: &str| {
            let mut v: Vec<String> = rijen
                .iter()
                .filter(|r| r.code == code && r.horizon == 1)
                .map(|r| r.verblijfsvorm.clone())
                .collect();
            v.sort();
            v
        };
        // A: both verblijfsvormen have 10 ≥ 10 current stays: totaal and each; B's stand is
        // hidden: nothing.
        assert_eq!(vormen("A"), ["11", "12", "totaal"]);
        assert!(vormen("B").is_empty());
        assert_eq!(rijen.iter().filter(|r| r.code == "A").count(), 3 * HORIZON);
        let a1 = rijen
            .iter()
            .find(|r| r.code == "A" && r.horizon == 1 && r.verblijfsvorm == TOTAAL)
            .unwrap();
        assert_eq!(a1.stand_nu, Some(20.0));
        assert_eq!(a1.maand, "2025-01");
        // No published inflow: exits only, no stand.
        assert!(a1.stand.is_none() && a1.instroom.is_none());
        // Exits of totaal = the sum over the verblijfsvormen (the same stays and curves).
        let som: f64 = rijen
            .iter()
            .filter(|r| r.code == "A" && r.horizon == 1 && r.verblijfsvorm != TOTAAL)
            .map(|r| r.uitstroom)
            .sum();
        dicht(a1.uitstroom, som);
        // With 9 in hulpvorm 12 (below 10) neither verblijfsvorm is shown: 11 would give 12
        // as the total minus 11.
        let (rijen, _) = verblijfsprognoses(
            &aanbieders(9),
            &[stand("A", Some(19.0))],
            Periode::Maand(2024, 12),
            None,
            10.0,
        );
        assert!(rijen.iter().all(|r| r.verblijfsvorm == TOTAAL));
        assert_eq!(rijen.len(), HORIZON);
    }

    #[test]
    fn stand_alleen_met_gepubliceerde_instroom() {
        let mut waarden = vec![stand("A", Some(20.0))];
        let instroom = |periode: &str, x: f64| Waarde {
            eenheid: "aantal".into(),
            ..Waarde::test("verblijf_instroom", Niveau::Aanbieder, "A", periode, x)
        };
        // A year value only (2024): λ = 36/12 = 3.
        waarden.push(instroom("2024", 36.0));
        let (rijen, _) = verblijfsprognoses(
            &aanbieders(10),
            &waarden,
            Periode::Maand(2024, 12),
            None,
            10.0,
        );
        let a = |h: i64| {
            rijen
                .iter()
                .find(|r| r.code == "A" && r.horizon == h && r.verblijfsvorm == TOTAAL)
                .unwrap()
        };
        assert_eq!(a(1).instroom, Some(3.0));
        let (s, o, b) = (
            a(1).stand.unwrap(),
            a(1).ondergrens.unwrap(),
            a(1).bovengrens.unwrap(),
        );
        assert!(o < s && s < b && s > a(1).nog_in_verblijf);
        // Per verblijfsvorm no stand (no published inflow per verblijfsvorm).
        assert!(
            rijen
                .iter()
                .filter(|r| r.verblijfsvorm != TOTAAL)
                .all(|r| r.stand.is_none())
        );
    }
}
