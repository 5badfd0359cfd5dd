//! Signals (`signalen`): a monthly figure that lies outside the control limits of its own
//! recent course, per indicator × niveau (regio, gemeente, aanbieder) × code × split (the
//! total and the segments). Computed once at ingest from the **published** values, so a signal
//! says nothing about a hidden cell, and stored with the release.
//!
//! The method (a Shewhart control chart per series, as in Montgomery, *Introduction to
//! Statistical Quality Control*, and Laney (2002), "Improved control charts for attributes"):
//!
//! - **Baseline**: the [`BASIS`] complete months before the last [`VENSTER`] complete months;
//!   the series must have a published value in each of those 15 consecutive months, ending at
//!   the release's newest complete (not provisional) month. A gap (a hidden month) or a
//!   shorter history gives no signal: nothing fires on numbers below the threshold.
//! - **Limits** around the baseline's centre, by kind of figure:
//!   - a share (catalogue `proportie`, with teller and noemer): binomial, the funnel
//!     `p̄ ± z·√(p̄(1−p̄)/n)` at that month's noemer `n`, with `p̄ = Σteller / Σnoemer` of the
//!     baseline;
//!   - a count (`eenheid = "aantal"`, no noemer): Poisson, `λ ± z·√λ` with `λ` the baseline
//!     mean;
//!   - both widened by Laney's factor σ_z (the spread of the baseline's standardised values),
//!     never narrowed (σ_z ≥ 1): real series vary more than the binomial or Poisson model
//!     says, and limits that ignore it fire on noise;
//!   - anything else (euros, days, per 100 000): an individuals chart (XmR) around the
//!     baseline's own course — its least-squares line, extended to the window (so a steady
//!     rise is the expected course, not a signal) — with σ of the residuals widened to the
//!     line's prediction interval `σ·√(1 + 1/n + (t − t̄)²/Sxx)`, never below 0,5% of the
//!     expected level;
//!   - an amount (euros): its ratio to the same month a year earlier on an individuals chart
//!     (yearly price indexation and the season are then the expected course), brought back to
//!     euros with the month a year earlier; its σ is at least the ratio's drift over half a
//!     year in the baseline ([`sigma_drift`]): costs hang on a few long, expensive stays and
//!     wander (the backtest: 0,85 signals per series per year without it, 0,27 with it).
//!
//!   Every σ is the larger of the short-term spread (mean moving range ÷ 1,128) and the
//!   standard deviation ([`spreiding`]): monthly figures persist, and the moving range alone
//!   fires on a series' own wandering.
//!
//!   Growth figures (a share that is not a part of a whole) are left out: they are changes
//!   already.
//! - **Rules** (the first that holds): the newest month beyond the outer limit (z = 3,
//!   [`Regel::BuitenGrens`]); or the three window months all beyond the warning limit
//!   (z = 2) on the same side ([`Regel::DrieMaanden`]). Under a normal model the first fires
//!   with probability 0,27% per month, the second with 0,001%.
//!
//! The sentence for people is made where the numbers are formatted (web).

use std::collections::BTreeMap;

use super::bereken::Catalogus;
use super::uitvoer::Waarde;
use super::{Niveau, Uitsplitsing};

/// The release table.
pub const TABEL: &str = "signalen";
/// Months of the baseline.
pub const BASIS: usize = 12;
/// The months judged: the newest complete month and the two before it.
pub const VENSTER: usize = 3;
/// The outer limit ("3 sigma").
pub const Z_GRENS: f64 = 3.0;
/// The warning limit ("2 sigma").
pub const Z_WAARSCHUWING: f64 = 2.0;
/// The smallest σ of an individuals chart, relative to its expected level.
pub const MIN_RELATIEF: f64 = 0.005;
/// The lag of [`sigma_drift`] for amounts: the window's months lie six to eight months after
/// the middle of the baseline.
pub const DRIFT_MAANDEN: usize = 6;
/// d2 for moving ranges of two: σ ≈ MR̄ / 1,128.
const D2: f64 = 1.128;

/// How the limits of a series are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Methode {
    Binomiaal,
    Poisson,
    Xmr,
    /// An amount: its ratio to the same month a year earlier, on an individuals chart.
    Jaarverhouding,
}

impl Methode {
    pub const ALLE: [Methode; 4] = [
        Methode::Binomiaal,
        Methode::Poisson,
        Methode::Xmr,
        Methode::Jaarverhouding,
    ];

    /// Months of history a series needs: baseline and window, and for a year-on-year ratio
    /// the year before them.
    pub fn maanden(self) -> usize {
        match self {
            Methode::Jaarverhouding => BASIS + VENSTER + 12,
            _ => BASIS + VENSTER,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Methode::Binomiaal => "binomiaal",
            Methode::Poisson => "poisson",
            Methode::Xmr => "xmr",
            Methode::Jaarverhouding => "jaarverhouding",
        }
    }

    pub fn parse(s: &str) -> Option<Methode> {
        Methode::ALLE.into_iter().find(|m| m.id() == s)
    }

    /// In Dutch, for the method's explanation.
    pub fn uitleg(self) -> &'static str {
        match self {
            Methode::Binomiaal => {
                "aandeel: binomiale trechtergrenzen bij de noemer van de maand, verbreed met de factor van Laney"
            }
            Methode::Poisson => {
                "aantal: Poisson-grenzen rond het gemiddelde, verbreed met de factor van Laney"
            }
            Methode::Xmr => {
                "duur, of aantal per 100.000: individuele-waardenkaart (XmR) rond de trendlijn van de basisperiode (een gestage stijging of daling is het verwachte verloop), met het voorspelinterval van die lijn"
            }
            Methode::Jaarverhouding => {
                "bedrag: de verhouding tot dezelfde maand een jaar eerder, op een individuele-waardenkaart (XmR); zo zijn de jaarlijkse prijsindexatie en het seizoen het verwachte verloop, geen signaal. De spreiding is minstens de verandering van die verhouding over een half jaar in de basisperiode: kosten hangen aan een handvol lange, dure trajecten en zwerven meer dan één jaar spreiding laat zien"
            }
        }
    }
}

/// Which rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regel {
    /// The newest month beyond the outer limit.
    BuitenGrens,
    /// The three months of the window beyond the warning limit, on one side.
    DrieMaanden,
}

impl Regel {
    pub fn id(self) -> &'static str {
        match self {
            Regel::BuitenGrens => "buiten_grens",
            Regel::DrieMaanden => "drie_maanden",
        }
    }

    pub fn parse(s: &str) -> Option<Regel> {
        [Regel::BuitenGrens, Regel::DrieMaanden]
            .into_iter()
            .find(|r| r.id() == s)
    }
}

/// One signal: the series, its newest month, which side, and the limits it was judged by.
#[derive(Debug, Clone, PartialEq)]
pub struct Signaal {
    pub indicator: String,
    pub niveau: Niveau,
    pub code: String,
    pub naam: Option<String>,
    pub uitsplitsing: Uitsplitsing,
    /// The newest month judged (yyyy-mm).
    pub periode: String,
    /// Above (true) or below the limits.
    pub boven: bool,
    pub regel: Regel,
    /// Consecutive months, ending at `periode`, beyond the limit of the rule on the same side.
    pub maanden: u32,
    pub waarde: f64,
    /// The baseline's centre for this month (its mean, or p̄).
    pub centrum: f64,
    /// The outer limits (z = 3) for this month.
    pub ondergrens: f64,
    pub bovengrens: f64,
    pub methode: Methode,
    /// First and last month of the baseline.
    pub basis_van: String,
    pub basis_tot: String,
}

/// One month of a series.
#[derive(Debug, Clone, Copy)]
struct Punt {
    waarde: f64,
    teller: Option<f64>,
    noemer: Option<f64>,
}

/// The limits of one month: centre, and the half widths per unit z.
struct Grenzen {
    centrum: f64,
    /// σ of this month's value (so a limit is `centrum ± z·sigma`).
    sigma: f64,
}

impl Grenzen {
    fn onder(&self, z: f64, ondergrens_nul: bool) -> f64 {
        let g = self.centrum - z * self.sigma;
        if ondergrens_nul { g.max(0.0) } else { g }
    }

    fn boven(&self, z: f64) -> f64 {
        self.centrum + z * self.sigma
    }

    /// +1 above `z`, −1 below, 0 inside.
    fn kant(&self, x: f64, z: f64, ondergrens_nul: bool) -> i8 {
        if x > self.boven(z) {
            1
        } else if x < self.onder(z, ondergrens_nul) {
            -1
        } else {
            0
        }
    }
}

/// A month as a number of months since year 0 (`2024-07` → 2024·12 + 6), or `None` for a
/// period that is not a month.
pub(crate) fn maandnummer(p: &str) -> Option<i64> {
    let (j, m) = p.split_once('-')?;
    if j.len() != 4 || m.len() != 2 {
        return None;
    }
    let (j, m): (i64, i64) = (j.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(j * 12 + m - 1)
}

pub(crate) fn maandtekst(n: i64) -> String {
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

/// The mean moving range of `x` ÷ 1,128 (σ of an individuals chart); `None` with fewer than
/// two values.
fn sigma_mr(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let mr: f64 = x.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (x.len() - 1) as f64;
    Some(mr / D2)
}

/// The spread of changes over `lag` months: √(mean of (x[i+lag] − x[i])²). A series that
/// wanders (a random walk: costs hang on a few long, expensive stays) drifts this much over
/// half a year, while its standard deviation over one baseline year looks small; for a series
/// of independent months it is √2 × σ. `None` with fewer than two such changes.
fn sigma_drift(x: &[f64], lag: usize) -> Option<f64> {
    let d: Vec<f64> = x.windows(lag + 1).map(|w| w[lag] - w[0]).collect();
    (d.len() >= 2).then(|| (d.iter().map(|v| v * v).sum::<f64>() / d.len() as f64).sqrt())
}

/// The standard deviation of `x` about `midden`, with `vrij` degrees of freedom taken.
fn sd(x: &[f64], midden: f64, vrij: usize) -> f64 {
    let n = x.len().saturating_sub(vrij).max(1) as f64;
    (x.iter().map(|v| (v - midden).powi(2)).sum::<f64>() / n).sqrt()
}

/// σ of a baseline: the larger of the short-term spread (mean moving range ÷ 1,128) and the
/// overall spread (standard deviation). Monthly figures persist from month to month (a
/// provider's clients stay for months), so neighbours differ less than the series wanders:
/// the moving range alone would give limits the series crosses by its own wandering.
fn spreiding(x: &[f64], midden: f64, vrij: usize) -> Option<f64> {
    Some(sigma_mr(x)?.max(sd(x, midden, vrij)))
}

/// The method for an indicator, or `None` when it gets no signals (growth).
fn methode(def: &super::bereken::IndicatorDef) -> Option<Methode> {
    match def.eenheid.as_str() {
        "procent" if def.proportie => Some(Methode::Binomiaal),
        "procent" => None,
        "aantal" => Some(Methode::Poisson),
        "euro" => Some(Methode::Jaarverhouding),
        _ => Some(Methode::Xmr),
    }
}

/// Limits of a share's window months (binomial funnel, Laney's factor).
fn grenzen_binomiaal(punten: &[Punt], basis: &[Punt], venster: &[Punt]) -> Option<Vec<Grenzen>> {
    // waarde = teller / noemer × schaal (100 for a percentage).
    let (t, n): (f64, f64) = basis
        .iter()
        .map(|p| Some((p.teller?, p.noemer?)))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .fold((0.0, 0.0), |(a, b), (t, n)| (a + t, b + n));
    if n <= 0.0 {
        return None;
    }
    let schaal = schaal(punten)?;
    let p = t / n;
    let se = |n: f64| (p * (1.0 - p) / n).sqrt();
    let z: Vec<f64> = basis
        .iter()
        .map(|q| (q.waarde / schaal - p) / se(q.noemer.unwrap_or(f64::NAN)))
        .collect();
    let laney = laney(&z);
    venster
        .iter()
        .map(|q| {
            Some(Grenzen {
                centrum: p * schaal,
                sigma: se(q.noemer?) * laney * schaal,
            })
        })
        .collect()
}

/// Limits of a count's window months (Poisson, Laney's factor).
fn grenzen_poisson(basis: &[Punt], venster: &[Punt]) -> Option<Vec<Grenzen>> {
    let lambda = basis.iter().map(|q| q.waarde).sum::<f64>() / basis.len() as f64;
    if lambda <= 0.0 {
        return None;
    }
    let z: Vec<f64> = basis
        .iter()
        .map(|q| (q.waarde - lambda) / lambda.sqrt())
        .collect();
    let sigma = lambda.sqrt() * laney(&z);
    Some(
        venster
            .iter()
            .map(|_| Grenzen {
                centrum: lambda,
                sigma,
            })
            .collect(),
    )
}

/// Limits of an amount's window months (ratio to a year earlier).
fn grenzen_jaarverhouding(
    vorig_jaar: &[Punt],
    punten: &[Punt],
    basis: &[Punt],
) -> Option<Vec<Grenzen>> {
    // y = x / (x a year earlier), for the 15 months; an individuals chart on y with
    // centre ȳ of the baseline, brought back to euros with the month a year earlier.
    let vorig: Vec<f64> = vorig_jaar.iter().chain(basis).map(|q| q.waarde).collect();
    if vorig.iter().any(|v| *v <= 0.0) {
        return None;
    }
    let y: Vec<f64> = punten
        .iter()
        .zip(&vorig)
        .map(|(q, v)| q.waarde / v)
        .collect();
    let y_gem = y[..BASIS].iter().sum::<f64>() / BASIS as f64;
    let sigma_y = spreiding(&y[..BASIS], y_gem, 1)?
        .max(sigma_drift(&y[..BASIS], DRIFT_MAANDEN)?)
        .max(MIN_RELATIEF * y_gem);
    Some(
        (0..VENSTER)
            .map(|j| Grenzen {
                centrum: vorig[BASIS + j] * y_gem,
                sigma: vorig[BASIS + j] * sigma_y,
            })
            .collect(),
    )
}

/// Limits of the window months around the baseline's trend line.
fn grenzen_trend(basis: &[Punt]) -> Option<Vec<Grenzen>> {
    // The baseline's own course: a least-squares line through its months, the spread
    // of its residuals from their moving ranges, and the prediction interval of the
    // line at each window month (σ·√(1 + 1/n + (t − t̄)²/Sxx)).
    let x: Vec<f64> = basis.iter().map(|q| q.waarde).collect();
    let n = x.len() as f64;
    let t_gem = (n - 1.0) / 2.0;
    let x_gem = x.iter().sum::<f64>() / n;
    let sxx: f64 = (0..x.len()).map(|t| (t as f64 - t_gem).powi(2)).sum();
    let helling = (0..x.len())
        .map(|t| (t as f64 - t_gem) * (x[t] - x_gem))
        .sum::<f64>()
        / sxx;
    let lijn = |t: f64| x_gem + helling * (t - t_gem);
    let rest: Vec<f64> = (0..x.len()).map(|t| x[t] - lijn(t as f64)).collect();
    // Residual spread (two parameters estimated).
    let sigma = spreiding(&rest, 0.0, 2)?;
    Some(
        (0..VENSTER)
            .map(|j| {
                let t = (BASIS + j) as f64;
                let centrum = lijn(t);
                let factor = (1.0 + 1.0 / n + (t - t_gem).powi(2) / sxx).sqrt();
                Grenzen {
                    centrum,
                    // Never narrower than 0,5% of the expected level: a change of less
                    // than 1,5% is no signal (a nearly flat history).
                    sigma: (sigma * factor).max(MIN_RELATIEF * centrum.abs()),
                }
            })
            .collect(),
    )
}

/// Judges one series (its months in order, consecutive, the last [`VENSTER`] being the
/// window). `None`: no signal (or the series does not allow limits).
fn beoordeel(methode: Methode, punten: &[Punt]) -> Option<(Regel, bool, u32, usize, Grenzen)> {
    let (vorig_jaar, punten) = match methode {
        Methode::Jaarverhouding => punten.split_at(12),
        _ => (&punten[..0], punten),
    };
    let (basis, venster) = punten.split_at(punten.len() - VENSTER);
    let grenzen: Vec<Grenzen> = match methode {
        Methode::Binomiaal => grenzen_binomiaal(punten, basis, venster)?,
        Methode::Poisson => grenzen_poisson(basis, venster)?,
        Methode::Jaarverhouding => grenzen_jaarverhouding(vorig_jaar, punten, basis)?,
        Methode::Xmr => grenzen_trend(basis)?,
    };
    if grenzen
        .iter()
        .any(|g| g.sigma.is_nan() || g.sigma <= 0.0 || !g.centrum.is_finite())
    {
        return None;
    }
    let nul = methode != Methode::Xmr;
    let laatste = VENSTER - 1;
    let buiten = grenzen[laatste].kant(venster[laatste].waarde, Z_GRENS, nul);
    if buiten != 0 {
        let maanden = (0..VENSTER)
            .rev()
            .take_while(|&i| grenzen[i].kant(venster[i].waarde, Z_GRENS, nul) == buiten)
            .count() as u32;
        return Some((
            Regel::BuitenGrens,
            buiten > 0,
            maanden,
            laatste,
            take(grenzen, laatste),
        ));
    }
    let kanten: Vec<i8> = (0..VENSTER)
        .map(|i| grenzen[i].kant(venster[i].waarde, Z_WAARSCHUWING, nul))
        .collect();
    if kanten[0] != 0 && kanten.iter().all(|&k| k == kanten[0]) {
        return Some((
            Regel::DrieMaanden,
            kanten[0] > 0,
            VENSTER as u32,
            laatste,
            take(grenzen, laatste),
        ));
    }
    None
}

fn take(mut v: Vec<Grenzen>, i: usize) -> Grenzen {
    v.swap_remove(i)
}

/// Laney's σ_z: the spread of standardised values ([`spreiding`] about 0), at least 1.
fn laney(z: &[f64]) -> f64 {
    spreiding(z, 0.0, 0)
        .filter(|s| s.is_finite())
        .unwrap_or(1.0)
        .max(1.0)
}

/// waarde ÷ (teller ÷ noemer) of a share's months: 100 for a percentage, 1 for a fraction;
/// `None` when no month tells (or it is neither).
fn schaal(punten: &[Punt]) -> Option<f64> {
    let p = punten
        .iter()
        .find(|p| p.teller.is_some_and(|t| t > 0.0) && p.noemer.is_some_and(|n| n > 0.0))?;
    let s = p.waarde / (p.teller? / p.noemer?);
    [100.0, 1.0]
        .into_iter()
        .find(|k| (s / k - 1.0).abs() < 1e-6)
}

/// The signals of a release's published values (see the module docs).
pub fn signalen(waarden: &[Waarde], catalogus: &Catalogus) -> Vec<Signaal> {
    signalen_en_reeksen(waarden, catalogus).0
}

/// [`signalen`], and how many series were judged (had every month their method needs): the
/// denominator of a false-alarm rate (the backtest).
pub fn signalen_en_reeksen(waarden: &[Waarde], catalogus: &Catalogus) -> (Vec<Signaal>, usize) {
    // The newest complete month of the release.
    let Some(laatste) = waarden
        .iter()
        .filter(|w| !w.voorlopig)
        .filter_map(|w| maandnummer(&w.periode))
        .max()
    else {
        return (Vec::new(), 0);
    };
    let eerste = laatste - (BASIS + VENSTER) as i64 + 1;
    let oudste = laatste - Methode::Jaarverhouding.maanden() as i64 + 1;
    let methoden: BTreeMap<&str, Methode> = catalogus
        .indicatoren
        .iter()
        .filter_map(|d| Some((d.id.as_str(), methode(d)?)))
        .collect();
    type Sleutel<'a> = (&'a str, Niveau, &'a str, &'a Uitsplitsing);
    let mut reeksen: BTreeMap<Sleutel<'_>, (Option<&str>, BTreeMap<i64, Punt>)> = BTreeMap::new();
    for w in waarden {
        if w.onderdrukt || w.voorlopig || !methoden.contains_key(w.indicator.as_str()) {
            continue;
        }
        if !matches!(
            w.niveau,
            Niveau::Regio | Niveau::Gemeente | Niveau::Aanbieder
        ) {
            continue;
        }
        if !(w.uitsplitsing.is_totaal() || w.uitsplitsing.as_str().starts_with("segment_")) {
            continue;
        }
        let (Some(m), Some(x)) = (maandnummer(&w.periode), w.waarde) else {
            continue;
        };
        if m < oudste || m > laatste || !x.is_finite() {
            continue;
        }
        let r = reeksen
            .entry((&w.indicator, w.niveau, &w.code, &w.uitsplitsing))
            .or_default();
        r.0 = r.0.or(w.naam.as_deref());
        r.1.insert(
            m,
            Punt {
                waarde: x,
                teller: w.teller,
                noemer: w.noemer,
            },
        );
    }
    let mut uit = Vec::new();
    let mut beoordeeld = 0;
    for ((indicator, niveau, code, uitsplitsing), (naam, punten)) in reeksen {
        // Every month the method needs present (no gap, nothing hidden).
        let methode = methoden[indicator];
        let nodig = laatste - methode.maanden() as i64 + 1;
        let punten: Vec<Punt> = punten.range(nodig..).map(|(_, p)| *p).collect();
        if punten.len() != methode.maanden() {
            continue;
        }
        beoordeeld += 1;
        let Some((regel, boven, maanden, i, g)) = beoordeel(methode, &punten) else {
            continue;
        };
        let nul = methode != Methode::Xmr;
        uit.push(Signaal {
            indicator: indicator.to_string(),
            niveau,
            code: code.to_string(),
            naam: naam.map(str::to_string),
            uitsplitsing: uitsplitsing.clone(),
            periode: maandtekst(laatste),
            boven,
            regel,
            maanden,
            waarde: punten[punten.len() - VENSTER + i].waarde,
            centrum: g.centrum,
            ondergrens: g.onder(Z_GRENS, nul),
            bovengrens: g.boven(Z_GRENS),
            methode,
            basis_van: maandtekst(eerste),
            basis_tot: maandtekst(eerste + BASIS as i64 - 1),
        });
    }
    (een_per_figuur(uit), beoordeeld)
}

/// One signal per figure: a split whose value is the same as the total's (or another
/// split's) of the same indicator and area — a provider with one segment — is one signal,
/// kept under the total.
fn een_per_figuur(mut uit: Vec<Signaal>) -> Vec<Signaal> {
    uit.sort_by(|a, b| {
        (
            &a.indicator,
            a.niveau,
            &a.code,
            !a.uitsplitsing.is_totaal(),
            &a.uitsplitsing,
        )
            .cmp(&(
                &b.indicator,
                b.niveau,
                &b.code,
                !b.uitsplitsing.is_totaal(),
                &b.uitsplitsing,
            ))
    });
    let mut gezien = std::collections::HashSet::new();
    uit.retain(|x| {
        gezien.insert((
            x.indicator.clone(),
            x.niveau,
            x.code.clone(),
            x.waarde.to_bits(),
        ))
    });
    uit
}

/// The signals as the release table [`TABEL`].
pub fn als_tabel(s: &[Signaal]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let tekst = |f: &dyn Fn(&Signaal) -> String| s.iter().map(f).collect::<Vec<_>>();
    let getal = |f: &dyn Fn(&Signaal) -> f64| s.iter().map(f).collect::<Vec<_>>();
    DataFrame::new(
        s.len(),
        vec![
            Column::new("indicator".into(), tekst(&|x| x.indicator.clone())),
            Column::new("niveau".into(), tekst(&|x| x.niveau.id().to_string())),
            Column::new("code".into(), tekst(&|x| x.code.clone())),
            Column::new(
                "naam".into(),
                s.iter().map(|x| x.naam.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "uitsplitsing".into(),
                tekst(&|x| x.uitsplitsing.as_str().to_string()),
            ),
            Column::new("periode".into(), tekst(&|x| x.periode.clone())),
            Column::new(
                "richting".into(),
                tekst(&|x| if x.boven { "boven" } else { "onder" }.to_string()),
            ),
            Column::new("regel".into(), tekst(&|x| x.regel.id().to_string())),
            Column::new(
                "maanden".into(),
                s.iter().map(|x| x.maanden).collect::<Vec<_>>(),
            ),
            Column::new("waarde".into(), getal(&|x| x.waarde)),
            Column::new("centrum".into(), getal(&|x| x.centrum)),
            Column::new("ondergrens".into(), getal(&|x| x.ondergrens)),
            Column::new("bovengrens".into(), getal(&|x| x.bovengrens)),
            Column::new("methode".into(), tekst(&|x| x.methode.id().to_string())),
            Column::new("basis_van".into(), tekst(&|x| x.basis_van.clone())),
            Column::new("basis_tot".into(), tekst(&|x| x.basis_tot.clone())),
        ],
    )
}

/// The signals stored with a release (none for a release made before they existed).
pub fn lees(data: &std::path::Path, release: &str) -> Result<Vec<Signaal>, crate::IngestFout> {
    let manifest = crate::release::lees_manifest(data, release)?;
    if !manifest.tabellen.contains_key(TABEL) {
        return Ok(Vec::new());
    }
    let df = crate::release::lees_tabel(data, release, TABEL)?;
    let t = |n: &str| super::tekstkolom(&df, n);
    let g = |n: &str| super::getalkolom(&df, n);
    let (ind, niv, code, naam, uit, per, richting, regel, meth, van, tot) = (
        t("indicator")?,
        t("niveau")?,
        t("code")?,
        t("naam")?,
        t("uitsplitsing")?,
        t("periode")?,
        t("richting")?,
        t("regel")?,
        t("methode")?,
        t("basis_van")?,
        t("basis_tot")?,
    );
    let (maanden, waarde, centrum, onder, boven) = (
        g("maanden")?,
        g("waarde")?,
        g("centrum")?,
        g("ondergrens")?,
        g("bovengrens")?,
    );
    let s = |v: &[Option<String>], i: usize| v[i].clone().unwrap_or_default();
    let mut v = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let (Some(niveau), Some(regel), Some(methode)) = (
            Niveau::parse(&s(&niv, i)),
            Regel::parse(&s(&regel, i)),
            Methode::parse(&s(&meth, i)),
        ) else {
            return Err(crate::IngestFout::OnbekendeWaarde(format!(
                "release {release}, tabel {TABEL}, rij {}: niveau '{}', regel '{}' of methode \
                 '{}' is onbekend; verwacht regio/gemeente/aanbieder, buiten_grens/drie_maanden, \
                 binomiaal/poisson/xmr",
                i + 1,
                s(&niv, i),
                s(&regel, i),
                s(&meth, i)
            )));
        };
        v.push(Signaal {
            indicator: s(&ind, i),
            niveau,
            code: s(&code, i),
            naam: naam[i].clone(),
            uitsplitsing: Uitsplitsing::from(s(&uit, i)),
            periode: s(&per, i),
            boven: s(&richting, i) == "boven",
            regel,
            maanden: maanden[i].unwrap_or(0.0) as u32,
            waarde: waarde[i].unwrap_or(f64::NAN),
            centrum: centrum[i].unwrap_or(f64::NAN),
            ondergrens: onder[i].unwrap_or(f64::NAN),
            bovengrens: boven[i].unwrap_or(f64::NAN),
            methode,
            basis_van: s(&van, i),
            basis_tot: s(&tot, i),
        });
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::statistiek::Status;

    fn w(ind: &str, periode: &str, x: f64, teller: Option<f64>, noemer: Option<f64>) -> Waarde {
        Waarde {
            indicator: ind.into(),
            periode: periode.into(),
            niveau: Niveau::Gemeente,
            code: "GM0153".into(),
            naam: Some("Enschede".into()),
            uitsplitsing: Uitsplitsing::totaal(),
            teller,
            noemer,
            waarde: Some(x),
            ci_laag: None,
            ci_hoog: None,
            landelijk: None,
            landelijk_periode: None,
            landelijk_bron: None,
            landelijk_vergelijkbaar: true,
            streefwaarde: None,
            status: None::<Status>,
            onderdrukt: false,
            voorlopig: false,
            eenheid: String::new(),
            historie_onvolledig: false,
        }
    }

    /// 15 months 2023-01 … 2024-03: twelve of baseline, then the window.
    fn maanden() -> Vec<String> {
        (0..15).map(|i| maandtekst(2023 * 12 + i)).collect()
    }

    fn reeks(ind: &str, basis: &[f64], venster: [f64; 3]) -> Vec<Waarde> {
        let x: Vec<f64> = basis.iter().copied().chain(venster).collect();
        maanden()
            .iter()
            .zip(x)
            .map(|(p, x)| w(ind, p, x, None, None))
            .collect()
    }

    fn een(v: &[Waarde]) -> Option<Signaal> {
        let s = signalen(v, &Catalogus::standaard());
        assert!(s.len() <= 1, "{s:?}");
        s.into_iter().next()
    }

    fn dicht(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} ≠ {b}");
    }

    /// By hand: a steady walk 0, 1, …, 11 changes by 6 over every six months (σ_drift = 6,
    /// while its standard deviation is 3,6); a series that alternates 0, 1 has no half-year
    /// drift; fewer than two changes give none.
    #[test]
    fn drift_spread_by_hand() {
        let walk: Vec<f64> = (0..12).map(f64::from).collect();
        assert!((sigma_drift(&walk, 6).unwrap() - 6.0).abs() < 1e-12);
        assert!(sd(&walk, 5.5, 1) < 4.0);
        let heen_weer: Vec<f64> = (0..12).map(|i| f64::from(i % 2)).collect();
        assert_eq!(sigma_drift(&heen_weer, 6), Some(0.0));
        assert_eq!(sigma_drift(&walk[..7], 6), None);
    }

    #[test]
    fn a_count_fires_beyond_the_poisson_limit_and_not_inside_it() {
        // λ = 100, the baseline varies less than Poisson (z = ±0,2): Laney's factor is
        // floored at 1, so σ = √100 = 10 and the outer limits are 70 and 130.
        let basis: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 98.0 } else { 102.0 })
            .collect();
        let s = een(&reeks("verblijf_instroom", &basis, [100.0, 100.0, 131.0])).unwrap();
        assert_eq!((s.regel, s.boven, s.maanden), (Regel::BuitenGrens, true, 1));
        assert_eq!(s.methode, Methode::Poisson);
        dicht(s.centrum, 100.0);
        dicht(s.bovengrens, 130.0);
        dicht(s.ondergrens, 70.0);
        assert_eq!(
            (
                s.periode.as_str(),
                s.basis_van.as_str(),
                s.basis_tot.as_str()
            ),
            ("2024-03", "2023-01", "2023-12")
        );
        assert!(een(&reeks("verblijf_instroom", &basis, [100.0, 100.0, 129.0])).is_none());
        // Below: 69 < 70.
        let s = een(&reeks("verblijf_instroom", &basis, [100.0, 65.0, 69.0])).unwrap();
        assert_eq!((s.boven, s.maanden), (false, 2));
        // Three months between the warning limit (120) and the outer limit (130).
        let s = een(&reeks("verblijf_instroom", &basis, [125.0, 121.0, 129.0])).unwrap();
        assert_eq!((s.regel, s.boven, s.maanden), (Regel::DrieMaanden, true, 3));
        assert!(een(&reeks("verblijf_instroom", &basis, [125.0, 119.0, 129.0])).is_none());
    }

    #[test]
    fn an_overdispersed_count_gets_wider_limits() {
        // Alternating 90 and 110 around λ = 100: z = ±1, mean moving range 2, σ_z = 2/1,128,
        // σ = 10 · 1,773… = 17,73; upper limit 100 + 3 · 17,73 = 153,19.
        let basis: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 90.0 } else { 110.0 })
            .collect();
        let s = een(&reeks("verblijf_instroom", &basis, [100.0, 100.0, 160.0])).unwrap();
        dicht(s.bovengrens, 100.0 + 3.0 * 10.0 * 2.0 / 1.128);
        assert!(een(&reeks("verblijf_instroom", &basis, [100.0, 100.0, 150.0])).is_none());
    }

    #[test]
    fn a_share_fires_on_the_binomial_funnel_at_its_own_noemer() {
        // p̄ = 20/100; at n = 100: σ = √(0,2·0,8/100) = 0,04 → limits 20 ± 12 percent;
        // at n = 400: σ = 0,02 → 20 ± 6.
        let mut v: Vec<Waarde> = maanden()
            .iter()
            .map(|p| w("jeugdbescherming_aandeel", p, 20.0, Some(20.0), Some(100.0)))
            .collect();
        v[14] = w(
            "jeugdbescherming_aandeel",
            "2024-03",
            33.0,
            Some(33.0),
            Some(100.0),
        );
        let s = een(&v).unwrap();
        assert_eq!((s.methode, s.boven), (Methode::Binomiaal, true));
        dicht(s.bovengrens, 32.0);
        dicht(s.ondergrens, 8.0);
        v[14] = w(
            "jeugdbescherming_aandeel",
            "2024-03",
            27.0,
            Some(108.0),
            Some(400.0),
        );
        let s = een(&v).unwrap();
        dicht(s.bovengrens, 26.0);
        v[14] = w(
            "jeugdbescherming_aandeel",
            "2024-03",
            31.0,
            Some(31.0),
            Some(100.0),
        );
        assert!(een(&v).is_none());
    }

    #[test]
    fn a_duration_is_judged_against_its_own_trend() {
        // Baseline 1 000 + 10·t + e with e = +50, −50, −50, +50, … (t = 0 … 11): e has no
        // slope and no mean, so the line is exactly 1 000 + 10·t. Residual moving ranges:
        // six of 100 and five of 0 → MR̄/1,128 = 600/(11 · 1,128) = 48,356; residual standard
        // deviation √(12 · 50² / (12 − 2)) = 54,772, the larger. Newest month t = 14: centre
        // 1 140, factor √(1 + 1/12 + 8,5²/143) = 1,26039, upper limit
        // 1 140 + 3 · 54,772 · 1,26039 = 1 347,10.
        let e = [50.0, -50.0, -50.0, 50.0];
        let basis: Vec<f64> = (0..12)
            .map(|t| 1000.0 + 10.0 * t as f64 + e[t % 4])
            .collect();
        let sigma = (12.0_f64 * 2500.0 / 10.0).sqrt();
        let factor = (1.0_f64 + 1.0 / 12.0 + 8.5 * 8.5 / 143.0).sqrt();
        let s = een(&reeks("wachttijd", &basis, [1120.0, 1130.0, 1350.0])).unwrap();
        assert_eq!((s.methode, s.boven), (Methode::Xmr, true));
        dicht(s.centrum, 1140.0);
        dicht(s.bovengrens, 1140.0 + 3.0 * sigma * factor);
        assert!((s.bovengrens - 1347.10).abs() < 0.01, "{}", s.bovengrens);
        assert!(een(&reeks("wachttijd", &basis, [1120.0, 1130.0, 1345.0])).is_none());
        // The steady rise itself is no signal: 1 120, 1 130, 1 140 is the line.
        assert!(een(&reeks("wachttijd", &basis, [1120.0, 1130.0, 1140.0])).is_none());
        // A flat history: σ is at least 0,5% of the level, so 1,4% lower is no signal and
        // 2% is.
        let vlak = [7.0; 12];
        assert!(een(&reeks("wachttijd", &vlak, [7.0, 7.0, 6.9])).is_none());
        let s = een(&reeks("wachttijd", &vlak, [7.0, 7.0, 6.86])).unwrap();
        assert!(!s.boven);
        dicht(s.ondergrens, 7.0 - 3.0 * 0.035);
    }

    #[test]
    fn an_amount_is_judged_by_its_ratio_to_a_year_earlier() {
        // 27 months: a year of 1 000 a month, then twelve months of baseline at 1 050 and
        // 1 070 in turn (ratios 1,05 and 1,07: ȳ = 1,06, moving range 0,02, σ_y = 0,02/1,128, larger than the standard deviation 0,0104),
        // then the window. A year earlier the window months were 1 050, 1 070, 1 050 (the
        // first baseline months): the newest month's centre is 1 050 · 1,06 = 1 113, its
        // upper limit 1 050 · (1,06 + 3 · 0,017730) = 1 168,85.
        let mut x: Vec<f64> = vec![1000.0; 12];
        x.extend((0..12).map(|i| if i % 2 == 0 { 1050.0 } else { 1070.0 }));
        let maand = |i: usize| maandtekst(2022 * 12 + i as i64);
        let reeks = |venster: [f64; 3]| -> Vec<Waarde> {
            x.iter()
                .copied()
                .chain(venster)
                .enumerate()
                .map(|(i, v)| w("kosten", &maand(i), v, None, None))
                .collect()
        };
        let s = een(&reeks([1113.0, 1134.2, 1170.0])).unwrap();
        assert_eq!(
            (s.methode, s.boven, s.periode.as_str()),
            (Methode::Jaarverhouding, true, "2024-03")
        );
        dicht(s.centrum, 1050.0 * 1.06);
        dicht(s.bovengrens, 1050.0 * (1.06 + 3.0 * 0.02 / 1.128));
        assert!(een(&reeks([1113.0, 1134.2, 1165.0])).is_none());
        // A yearly price step is the expected course: 6% above a year earlier, every month.
        assert!(een(&reeks([1113.0, 1134.2, 1113.0])).is_none());
        // Twenty-six months: too short for a ratio to a year earlier.
        assert!(een(&reeks([1113.0, 1134.2, 1170.0])[1..]).is_none());
    }

    #[test]
    fn nothing_fires_on_a_gap_a_hidden_month_a_growth_figure_or_a_short_history() {
        let basis: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 98.0 } else { 102.0 })
            .collect();
        let stap = reeks("verblijf_instroom", &basis, [100.0, 100.0, 200.0]);
        assert!(een(&stap).is_some());
        // A hidden baseline month: the series has a gap.
        let mut v = stap.clone();
        v[4].onderdrukt = true;
        v[4].waarde = None;
        assert!(een(&v).is_none());
        // The newest month hidden: it is not judged, and the series no longer reaches the
        // newest month (2024-02 is not judged on its own).
        let mut v = stap.clone();
        v[14].onderdrukt = true;
        v[14].waarde = None;
        assert!(een(&v).is_none());
        // Eleven months of baseline.
        assert!(een(&stap[1..]).is_none());
        // Growth is a change already: no signals.
        assert!(een(&reeks("kosten_groei", &basis, [100.0, 100.0, 200.0])).is_none());
        // A provisional newest month is left out: the newest complete month is 2024-02.
        let mut v = stap.clone();
        v.push(w("verblijf_instroom", "2024-04", 1.0, None, None));
        v[15].voorlopig = true;
        assert!(een(&v).is_some());
        // Complete, it is the newest month (baseline 2023-02 … 2024-01) and lies below.
        v[15].voorlopig = false;
        let s = een(&v).unwrap();
        assert_eq!(
            (s.periode.as_str(), s.boven, s.maanden),
            ("2024-04", false, 1)
        );
    }

    #[test]
    fn a_split_equal_to_the_total_is_one_signal() {
        let basis: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 98.0 } else { 102.0 })
            .collect();
        let mut v = reeks("verblijf_instroom", &basis, [100.0, 100.0, 131.0]);
        let segment: Vec<Waarde> = v
            .iter()
            .map(|w| Waarde {
                uitsplitsing: Uitsplitsing::segment("verblijf"),
                ..w.clone()
            })
            .collect();
        v.extend(segment.clone());
        let s = signalen(&v, &Catalogus::standaard());
        assert_eq!(s.len(), 1);
        assert!(s[0].uitsplitsing.is_totaal());
        // A segment with its own value keeps its own signal.
        let mut v = reeks("verblijf_instroom", &basis, [100.0, 100.0, 131.0]);
        v.extend(segment.into_iter().map(|w| Waarde {
            waarde: w.waarde.map(|x| if x == 131.0 { 140.0 } else { x }),
            ..w
        }));
        assert_eq!(signalen(&v, &Catalogus::standaard()).len(), 2);
    }

    #[test]
    fn the_table_reads_back_as_written() {
        use polars::prelude::SerReader;
        let basis: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 98.0 } else { 102.0 })
            .collect();
        let s = signalen(
            &reeks("verblijf_instroom", &basis, [100.0, 100.0, 131.0]),
            &Catalogus::standaard(),
        );
        let dir = tempfile::tempdir().unwrap();
        let mut df = als_tabel(&s).unwrap();
        assert_eq!(df.height(), 1);
        let pad = dir.path().join("s.parquet");
        polars::prelude::ParquetWriter::new(std::fs::File::create(&pad).unwrap())
            .finish(&mut df)
            .unwrap();
        let terug = polars::prelude::ParquetReader::new(std::fs::File::open(&pad).unwrap())
            .finish()
            .unwrap();
        assert_eq!(terug.height(), 1);
        assert_eq!(
            terug.column("richting").unwrap().str().unwrap().get(0),
            Some("boven")
        );
    }
}
