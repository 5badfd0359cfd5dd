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
//!   - an amount (euros), or a stock (catalogue `voorraad`: jeugdigen in care or in verblijf,
//!     and their shares — most of them are there the month before and after): its change
//!     since the month before the window, on a log scale,
//!     against the series' own changes over one, two and three months in the
//!     [`BASIS_BEDRAG`] months before the window (σ per distance, so the newest month,
//!     three months on, gets the wider limit of three-month changes). Costs hang on a few
//!     long, expensive stays and wander like a random walk: a level or a year-on-year ratio
//!     learnt from one baseline year is no stable expected course (the backtest: 0,85 and
//!     then 0,27 signals per series per year on a world without events), the size of
//!     their recent changes is. These changes have heavy tails (the backtest on the demo
//!     world: 2,2% of the months beyond 3σ, where a normal model says 0,27%), so these
//!     series use the limits [`Z_GRENS_BEDRAG`] and [`Z_WAARSCHUWING_BEDRAG`]. A stock's
//!     gradual rise (a doubled inflow filling up) is then no signal; its inflow is judged
//!     as a count.
//!
//!   Every σ is the larger of the short-term spread (mean moving range ÷ 1,128) and the
//!   standard deviation ([`spreiding`]): monthly figures persist, and the moving range alone
//!   fires on a series' own wandering.
//!
//!   Growth figures (a share that is not a part of a whole) are left out: they are changes
//!   already.
//! - **Rules** (the first that holds): the newest month beyond the outer limit (z = 3; for
//!   an amount or a stock 4, [`Regel::BuitenGrens`]); or the three window months all beyond
//!   the warning limit (z = 2; for an amount or a stock 3) on the same side ([`Regel::DrieMaanden`]). Under a
//!   normal model the first fires with probability 0,27% per month, the second with 0,001%.
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
/// Months whose changes (over one, two and three months) give an amount its spread.
pub const BASIS_BEDRAG: usize = 36;
/// The outer limit of an amount: its changes have heavy tails (see the module docs).
pub const Z_GRENS_BEDRAG: f64 = 4.0;
/// The warning limit of an amount.
pub const Z_WAARSCHUWING_BEDRAG: f64 = 3.0;
/// d2 for moving ranges of two: σ ≈ MR̄ / 1,128.
const D2: f64 = 1.128;

/// How the limits of a series are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Methode {
    Binomiaal,
    Poisson,
    Xmr,
    /// An amount or a stock: its change since the month before the window against its own
    /// changes over one to three months (log scale).
    Verandering,
    /// An amount judged by its ratio to the same month a year earlier: the method of
    /// releases made before 5 December 2026 (0,27 false alarms per series per year in the
    /// backtest). Only read from such releases, never computed.
    Jaarverhouding,
}

impl Methode {
    /// The methods signals are computed with.
    pub const ALLE: [Methode; 4] = [
        Methode::Binomiaal,
        Methode::Poisson,
        Methode::Xmr,
        Methode::Verandering,
    ];

    /// Months of history a series needs: baseline and window; for an amount the
    /// [`BASIS_BEDRAG`] months of changes, the three months before the first of them, and
    /// the window.
    pub fn maanden(self) -> usize {
        match self {
            Methode::Verandering => BASIS_BEDRAG + 3 + VENSTER,
            Methode::Jaarverhouding => BASIS + VENSTER + 12,
            _ => BASIS + VENSTER,
        }
    }

    /// The months whose values or changes set the limits.
    pub fn basis(self) -> usize {
        match self {
            Methode::Verandering => BASIS_BEDRAG,
            _ => BASIS,
        }
    }

    /// The outer and the warning limit, in σ.
    pub fn z(self) -> (f64, f64) {
        match self {
            Methode::Verandering => (Z_GRENS_BEDRAG, Z_WAARSCHUWING_BEDRAG),
            _ => (Z_GRENS, Z_WAARSCHUWING),
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Methode::Binomiaal => "binomiaal",
            Methode::Poisson => "poisson",
            Methode::Xmr => "xmr",
            Methode::Verandering => "verandering",
            Methode::Jaarverhouding => "jaarverhouding",
        }
    }

    pub fn parse(s: &str) -> Option<Methode> {
        Methode::ALLE
            .into_iter()
            .chain([Methode::Jaarverhouding])
            .find(|m| m.id() == s)
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
            Methode::Verandering => {
                "bedrag, of een voorraad (jeugdigen in zorg of in verblijf, en hun aandeel): de verandering sinds de maand vóór de laatste drie maanden, vergeleken met hoe sterk de reeks in de 36 maanden daarvoor veranderde over één, twee en drie maanden (op logschaal, dus als percentage). Kosten hangen aan een handvol lange, dure trajecten en een voorraad neemt de meeste jeugdigen mee naar de volgende maand: zulke reeksen zwerven, en een plotselinge verandering die groter is dan de reeks gewend is, is het signaal. Omdat zulke veranderingen vaker groot uitvallen dan een normale verdeling zegt, liggen de grenzen hier op vier keer de spreiding (waarschuwing: drie keer)"
            }
            Methode::Jaarverhouding => {
                "bedrag (releases van vóór 5 december 2026): de verhouding tot dezelfde maand een jaar eerder, op een individuele-waardenkaart (XmR); zo zijn de jaarlijkse prijsindexatie en het seizoen het verwachte verloop, geen signaal. De spreiding is minstens de verandering van die verhouding over een half jaar in de basisperiode: kosten hangen aan een handvol lange, dure trajecten en zwerven meer dan één jaar spreiding laat zien"
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
    /// The expected value for this month (the baseline's mean, p̄, trend, or for an amount
    /// the month before the window).
    pub centrum: f64,
    /// The outer limits (z = 3; for an amount 4) for this month.
    pub ondergrens: f64,
    pub bovengrens: f64,
    /// The limit the rule used, on the signal's side: the outer limit, or for three months
    /// the warning limit of the newest month.
    pub grens: f64,
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
    /// Centre and σ are of the value's natural logarithm (an amount or a stock): the limits are
    /// `exp(centrum ± z·sigma)`.
    log: bool,
}

impl Grenzen {
    fn onder(&self, z: f64, ondergrens_nul: bool) -> f64 {
        if self.log {
            return (self.centrum - z * self.sigma).exp();
        }
        let g = self.centrum - z * self.sigma;
        if ondergrens_nul { g.max(0.0) } else { g }
    }

    fn boven(&self, z: f64) -> f64 {
        if self.log {
            (self.centrum + z * self.sigma).exp()
        } else {
            self.centrum + z * self.sigma
        }
    }

    /// The expected value, in the figure's own unit.
    fn verwacht(&self) -> f64 {
        if self.log {
            self.centrum.exp()
        } else {
            self.centrum
        }
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
    if def.voorraad {
        return Some(Methode::Verandering);
    }
    match def.eenheid.as_str() {
        "procent" if def.proportie => Some(Methode::Binomiaal),
        "procent" => None,
        "aantal" => Some(Methode::Poisson),
        "euro" => Some(Methode::Verandering),
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
                log: false,
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
                log: false,
            })
            .collect(),
    )
}

/// Limits of an amount's window months: on a log scale, centred on the month before the
/// window, σ of window month `j` the root mean square of the series' changes over `j + 1`
/// months in the [`BASIS_BEDRAG`] months before the window (each month's change from one,
/// two and three months earlier). `None` for a month of zero or less (no log).
fn grenzen_verandering(punten: &[Punt]) -> Option<Vec<Grenzen>> {
    if punten.iter().any(|q| q.waarde <= 0.0) {
        return None;
    }
    let l: Vec<f64> = punten.iter().map(|q| q.waarde.ln()).collect();
    let voor = l.len() - VENSTER - 1;
    let eerste = voor + 1 - BASIS_BEDRAG;
    (1..=VENSTER)
        .map(|k| {
            // The series holds [`Methode::maanden`] months: three before `eerste`.
            let e: Vec<f64> = (eerste..=voor).map(|t| l[t] - l[t - k]).collect();
            let sigma = (e.iter().map(|v| v * v).sum::<f64>() / e.len() as f64).sqrt();
            sigma.is_finite().then(|| Grenzen {
                centrum: l[voor],
                // Never narrower than 0,5% (a nearly constant amount).
                sigma: sigma.max(MIN_RELATIEF),
                log: true,
            })
        })
        .collect()
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
                    log: false,
                }
            })
            .collect(),
    )
}

/// Judges one series (its months in order, consecutive, the last [`VENSTER`] being the
/// window). `None`: no signal (or the series does not allow limits).
fn beoordeel(methode: Methode, punten: &[Punt]) -> Option<(Regel, bool, u32, usize, Grenzen)> {
    let (basis, venster) = punten.split_at(punten.len() - VENSTER);
    let grenzen: Vec<Grenzen> = match methode {
        Methode::Binomiaal => grenzen_binomiaal(punten, basis, venster)?,
        Methode::Poisson => grenzen_poisson(basis, venster)?,
        Methode::Verandering => grenzen_verandering(punten)?,
        Methode::Xmr => grenzen_trend(basis)?,
        // Never computed (see the variant).
        Methode::Jaarverhouding => return None,
    };
    if grenzen
        .iter()
        .any(|g| g.sigma.is_nan() || g.sigma <= 0.0 || !g.centrum.is_finite())
    {
        return None;
    }
    let nul = methode != Methode::Xmr;
    let (z_grens, z_waarschuwing) = methode.z();
    let laatste = VENSTER - 1;
    let buiten = grenzen[laatste].kant(venster[laatste].waarde, z_grens, nul);
    if buiten != 0 {
        let maanden = (0..VENSTER)
            .rev()
            .take_while(|&i| grenzen[i].kant(venster[i].waarde, z_grens, nul) == buiten)
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
        .map(|i| grenzen[i].kant(venster[i].waarde, z_waarschuwing, nul))
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
    let oudste = laatste
        - Methode::ALLE
            .iter()
            .map(|m| m.maanden())
            .max()
            .unwrap_or_default() as i64
        + 1;
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
        let (z_grens, z_waarschuwing) = methode.z();
        let z = match regel {
            Regel::BuitenGrens => z_grens,
            Regel::DrieMaanden => z_waarschuwing,
        };
        let eerste = laatste - (methode.basis() + VENSTER) as i64 + 1;
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
            centrum: g.verwacht(),
            ondergrens: g.onder(z_grens, nul),
            bovengrens: g.boven(z_grens),
            grens: if boven { g.boven(z) } else { g.onder(z, nul) },
            methode,
            basis_van: maandtekst(eerste),
            basis_tot: maandtekst(laatste - VENSTER as i64),
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
            Column::new("grens".into(), getal(&|x| x.grens)),
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
    let (maanden, waarde, centrum, onder, boven_) = (
        g("maanden")?,
        g("waarde")?,
        g("centrum")?,
        g("ondergrens")?,
        g("bovengrens")?,
    );
    // Releases made before 5 December 2026 have no column `grens`.
    let grens = if df.get_column_index("grens").is_some() {
        Some(g("grens")?)
    } else {
        None
    };
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
                 binomiaal/poisson/xmr/verandering/jaarverhouding",
                i + 1,
                s(&niv, i),
                s(&regel, i),
                s(&meth, i)
            )));
        };
        let boven = s(&richting, i) == "boven";
        let (c, o, b) = (
            centrum[i].unwrap_or(f64::NAN),
            onder[i].unwrap_or(f64::NAN),
            boven_[i].unwrap_or(f64::NAN),
        );
        let grens = match (&grens, regel, boven) {
            (Some(g), ..) => g[i].unwrap_or(f64::NAN),
            (None, Regel::BuitenGrens, true) => b,
            (None, Regel::BuitenGrens, false) => o,
            // The warning limit at 2σ against the outer 3σ (σ from the upper limit: the lower
            // one may be clamped at 0), as every method of those releases had it.
            (None, Regel::DrieMaanden, kant) => {
                let sigma = (b - c) / Z_GRENS;
                if kant {
                    c + Z_WAARSCHUWING * sigma
                } else {
                    c - Z_WAARSCHUWING * sigma
                }
            }
        };
        v.push(Signaal {
            indicator: s(&ind, i),
            niveau,
            code: s(&code, i),
            naam: naam[i].clone(),
            uitsplitsing: Uitsplitsing::from(s(&uit, i)),
            periode: s(&per, i),
            boven,
            regel,
            maanden: maanden[i].unwrap_or(0.0) as u32,
            waarde: waarde[i].unwrap_or(f64::NAN),
            centrum: c,
            ondergrens: o,
            bovengrens: b,
            grens,
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
            .map(|p| w("volgens_plan_aandeel", p, 20.0, Some(20.0), Some(100.0)))
            .collect();
        v[14] = w(
            "volgens_plan_aandeel",
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
            "volgens_plan_aandeel",
            "2024-03",
            27.0,
            Some(108.0),
            Some(400.0),
        );
        let s = een(&v).unwrap();
        dicht(s.bovengrens, 26.0);
        v[14] = w(
            "volgens_plan_aandeel",
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
    fn an_amount_is_judged_by_its_change_against_its_own_changes() {
        // 39 months before the window alternating 1 000 and 1 100 (the month before the
        // window, index 38, is 1 000). Changes over one and over three months are ±ln 1,1
        // (σ₁ = σ₃ = ln 1,1 = 0,09531); over two months 0 (σ₂ floored at 0,5%). The newest
        // window month is three months after 1 000: outer limits 1 000 · 1,1^±4 = 1 464,10
        // and 683,01, warning limit 1 000 · 1,1³ = 1 331; the middle month's warning limit
        // 1 000 · e^(3 · 0,005) = 1 015,11; the first month's 1 331.
        let x: Vec<f64> = (0..39)
            .map(|i| if i % 2 == 0 { 1000.0 } else { 1100.0 })
            .collect();
        let maand = |i: usize| maandtekst(2021 * 12 + i as i64);
        let reeks = |venster: [f64; 3]| -> Vec<Waarde> {
            x.iter()
                .copied()
                .chain(venster)
                .enumerate()
                .map(|(i, v)| w("kosten", &maand(i), v, None, None))
                .collect()
        };
        // Inside: the newest month below 1 464,10, the first one below its warning limit.
        assert!(een(&reeks([1100.0, 1000.0, 1400.0])).is_none());
        // The newest month above the outer limit.
        let s = een(&reeks([1100.0, 1000.0, 1500.0])).unwrap();
        assert_eq!(
            (s.methode, s.regel, s.boven, s.maanden, s.periode.as_str()),
            (Methode::Verandering, Regel::BuitenGrens, true, 1, "2024-06")
        );
        dicht(s.centrum, 1000.0);
        dicht(s.bovengrens, 1464.1);
        dicht(s.ondergrens, 1000.0 / 1.4641);
        dicht(s.grens, 1464.1);
        assert_eq!(
            (s.basis_van.as_str(), s.basis_tot.as_str()),
            ("2021-04", "2024-03")
        );
        // Below the lower limit.
        let s = een(&reeks([1000.0, 1000.0, 650.0])).unwrap();
        assert_eq!((s.boven, s.regel), (false, Regel::BuitenGrens));
        dicht(s.grens, 1000.0 / 1.4641);
        // Three months above the warning limits (1 400 > 1 331, 1 030 > 1 015,11,
        // 1 340 > 1 331) and the newest inside the outer limit.
        let s = een(&reeks([1400.0, 1030.0, 1340.0])).unwrap();
        assert_eq!((s.regel, s.boven, s.maanden), (Regel::DrieMaanden, true, 3));
        dicht(s.grens, 1331.0);
        // One of the three inside its warning limit: no signal.
        assert!(een(&reeks([1400.0, 1010.0, 1340.0])).is_none());
        // 41 months: too short; a month of zero: no log, no signal.
        assert!(een(&reeks([1100.0, 1000.0, 1500.0])[1..]).is_none());
        let mut v = reeks([1100.0, 1000.0, 1500.0]);
        v[5].waarde = Some(0.0);
        assert!(een(&v).is_none());
    }

    #[test]
    fn a_stock_is_judged_by_its_change_like_an_amount() {
        // jeugdhulp_clienten is a stock (catalogue `voorraad`): the same 42 months as the
        // amount above give the same limits (1 000 · 1,1^4 = 1 464,10), where the Poisson
        // chart of a count would judge it against its mean.
        let x: Vec<f64> = (0..39)
            .map(|i| if i % 2 == 0 { 1000.0 } else { 1100.0 })
            .chain([1100.0, 1000.0, 1500.0])
            .collect();
        let v: Vec<Waarde> = x
            .iter()
            .enumerate()
            .map(|(i, &y)| {
                w(
                    "jeugdhulp_clienten",
                    &maandtekst(2021 * 12 + i as i64),
                    y,
                    None,
                    None,
                )
            })
            .collect();
        let s = een(&v).unwrap();
        assert_eq!(s.methode, Methode::Verandering);
        dicht(s.bovengrens, 1464.1);
        // A flow count (crisis_instroom) keeps the Poisson chart.
        let v: Vec<Waarde> = v
            .into_iter()
            .map(|mut w| {
                w.indicator = "crisis_instroom".into();
                w
            })
            .collect();
        assert_eq!(een(&v).map(|s| s.methode), Some(Methode::Poisson));
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
