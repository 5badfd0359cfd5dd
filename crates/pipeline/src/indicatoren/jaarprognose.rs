//! Year-end projection of costs (`jaarprognose`, issue 23 item 2): per region and gemeente,
//! total and per inkoopsegment, what the costs of the current year are expected to be at its
//! end, with an 80% interval, against the target path and — from the optional reference table
//! `begroting` — against the budget ("verwachte overschrijding"). Computed once at ingest from
//! the **published** monthly costs and the nowcasts; stored with the release as a forecast.
//!
//! Method, for the year `Y` of the release's newest month and a series with every month of
//! `Y − 1` and of `Y` so far published:
//!
//! - the months of `Y` so far, each completed: a complete month as published; a provisional
//!   month × its nowcast factor (the total's factor of the same area, also for a segment);
//!   a provisional month without a nowcast (the newest month of costs, hardly declared yet)
//!   counts as not yet known;
//! - the growth so far `R = Σ completed ÷ Σ the same months of Y − 1`;
//! - projection = Σ completed + `R` × Σ the months of `Y − 1` not yet known in `Y`.
//!
//! The 80% interval, the wider of two estimates of the remaining months' variance, plus each
//! completed provisional month's nowcast variance; projection ± 1,2816 · √variance:
//! - within the year: with `s` the standard deviation of the monthly ratios `c_i ÷ ly_i` over
//!   the known months (`k` of them), `s² · (Σ ly_j² + (Σ ly_j)² ÷ k)`;
//! - the method's own past errors: the same projection made for each of the
//!   [`EERDERE_JAREN`] years before (same months known, their values complete) against that
//!   year's outcome; with `n ≥ 2` such years and `e²` their mean squared relative error, the
//!   prediction interval `± t(0,9; n) · e · √(1 + 1/n) · projection`. Year-to-year shifts in growth (a new inflow, a tariff) are not in the spread
//!   within one year; the backtest showed intervals from it alone far too narrow.
//!
//! The naive baseline the backtest compares with: last year's total × (Σ months so far as
//! published ÷ the same months of `Y − 1`), provisional months as they are.
//!
//! No projection for a series with a hidden month in `Y − 1` or in `Y` so far (the projection
//! would give the hidden value back), nor with fewer than [`MIN_MAANDEN`] known months.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::nowcast::Nowcast;
use super::signalen::{maandnummer, maandtekst};
use super::uitvoer::Waarde;
use super::{Niveau, Uitsplitsing};

pub const TABEL: &str = "jaarprognose";
/// Known months of the year needed for a projection.
pub const MIN_MAANDEN: usize = 3;
/// Earlier years the method is tried on, for its own past errors (the interval).
pub const EERDERE_JAREN: i64 = 4;
const Z80: f64 = 1.281_551_565_545;
/// The 90% quantile of Student's t with 1, 2, … degrees of freedom (an 80% two-sided interval).
const T80: [f64; 6] = [3.078, 1.886, 1.638, 1.533, 1.476, 1.440];

/// A budget line (`begroting`): area (`None` = the region), split, year, amount, source.
#[derive(Debug, Clone, PartialEq)]
pub struct Begroting {
    pub gemeente: Option<String>,
    pub uitsplitsing: Uitsplitsing,
    pub jaar: i32,
    pub bedrag: f64,
    pub bron: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Jaarprognose {
    pub niveau: Niveau,
    pub code: String,
    pub naam: Option<String>,
    pub uitsplitsing: Uitsplitsing,
    pub jaar: i32,
    /// The newest month of the year used (jjjj-mm).
    pub tot_maand: String,
    /// Σ of the year's months so far, as published.
    pub gerealiseerd: f64,
    pub prognose: f64,
    pub ondergrens: f64,
    pub bovengrens: f64,
    /// The naive projection (last year × growth so far, provisional months as they are).
    pub naief: f64,
    pub vorig_jaar: f64,
    /// Months estimated from last year (not yet known).
    pub maanden_geschat: u32,
    /// The target path's value for the year (when the region has one for this figure).
    pub streefwaarde: Option<f64>,
    pub begroting: Option<f64>,
    pub begroting_bron: Option<String>,
}

impl Jaarprognose {
    /// Projection − budget: positive is an expected overrun.
    pub fn overschrijding(&self) -> Option<f64> {
        Some(self.prognose - self.begroting?)
    }

    /// Projection − target path: positive is above the path.
    pub fn verschil_pad(&self) -> Option<f64> {
        Some(self.prognose - self.streefwaarde?)
    }
}

type Reeks = (Niveau, String, Uitsplitsing);

/// The projections of a release (see the module docs).
pub fn jaarprognoses(
    waarden: &[Waarde],
    nowcasts: &[Nowcast],
    begroting: &[Begroting],
) -> Vec<Jaarprognose> {
    let kosten: Vec<&Waarde> = waarden
        .iter()
        .filter(|w| w.indicator == "kosten")
        .filter(|w| matches!(w.niveau, Niveau::Regio | Niveau::Gemeente))
        .filter(|w| w.uitsplitsing.is_totaal() || w.uitsplitsing.starts_with("segment_"))
        .collect();
    let Some(laatste) = kosten.iter().filter_map(|w| maandnummer(&w.periode)).max() else {
        return Vec::new();
    };
    let jaar = laatste.div_euclid(12) as i32;
    let (jan, jan_vorig) = (i64::from(jaar) * 12, i64::from(jaar - 1) * 12);
    let mut maanden: BTreeMap<Reeks, (Option<String>, BTreeMap<i64, &Waarde>)> = BTreeMap::new();
    let mut jaarwaarde: HashMap<Reeks, &Waarde> = HashMap::new();
    for w in &kosten {
        let sleutel = (w.niveau, w.code.clone(), w.uitsplitsing.clone());
        if w.periode == jaar.to_string() {
            jaarwaarde.insert(sleutel, w);
            continue;
        }
        let Some(m) = maandnummer(&w.periode) else {
            continue;
        };
        if m >= jan_vorig - 12 * EERDERE_JAREN {
            let r = maanden.entry(sleutel).or_default();
            r.0 = r.0.clone().or(w.naam.clone());
            r.1.insert(m, w);
        }
    }
    let factor: HashMap<(Niveau, &str, &str), &Nowcast> = nowcasts
        .iter()
        .filter(|n| n.grootheid == "kosten")
        .map(|n| ((n.niveau, n.code.as_str(), n.periode.as_str()), n))
        .collect();
    let jaar_ctx = Jaar {
        jaar,
        jan,
        jan_vorig,
        laatste,
    };
    maanden
        .into_iter()
        .filter_map(|(sleutel, (naam, m))| {
            let mut p = jaar_ctx.projecteer(&sleutel, &m, &factor)?;
            p.naam = naam;
            p.streefwaarde = jaarwaarde.get(&sleutel).and_then(|w| w.streefwaarde);
            let gemeente = (p.niveau == Niveau::Gemeente).then(|| p.code.clone());
            if let Some(b) = begroting.iter().find(|b| {
                b.jaar == jaar && b.gemeente == gemeente && b.uitsplitsing == p.uitsplitsing
            }) {
                p.begroting = Some(b.bedrag);
                p.begroting_bron = Some(b.bron.clone());
            }
            Some(p)
        })
        .collect()
}

/// The year projected and its months (numbers as in `maandnummer`).
struct Jaar {
    jaar: i32,
    jan: i64,
    jan_vorig: i64,
    laatste: i64,
}

impl Jaar {
    /// The relative error (projection ÷ outcome − 1) of the method applied `j` years before
    /// the projected year, knowing the months `bekend` of that year and the year before it,
    /// all published and complete; `None` where a month is missing or hidden.
    fn fout_in_eerder_jaar(
        &self,
        m: &BTreeMap<i64, &Waarde>,
        j: i64,
        bekend: &[usize],
    ) -> Option<f64> {
        let jaar = |begin: i64| -> Option<[f64; 12]> {
            let mut x = [0.0; 12];
            for (i, v) in x.iter_mut().enumerate() {
                let w = m.get(&(begin + i as i64))?;
                if w.onderdrukt || w.voorlopig {
                    return None;
                }
                *v = w.waarde?;
            }
            Some(x)
        };
        let dit = jaar(self.jan - 12 * j)?;
        let vorig = jaar(self.jan - 12 * (j + 1))?;
        let (kc, kl): (f64, f64) = bekend
            .iter()
            .fold((0.0, 0.0), |(a, b), &i| (a + dit[i], b + vorig[i]));
        let uitkomst: f64 = dit.iter().sum();
        if kl <= 0.0 || uitkomst <= 0.0 {
            return None;
        }
        let rest: f64 = (0..12)
            .filter(|i| !bekend.contains(i))
            .map(|i| vorig[i])
            .sum();
        Some((kc + kc / kl * rest) / uitkomst - 1.0)
    }

    /// One series' projection (area, split, the numbers); name, path and budget are added by
    /// the caller. `None` where the module docs say there is none.
    fn projecteer(
        &self,
        (niveau, code, uitsplitsing): &Reeks,
        m: &BTreeMap<i64, &Waarde>,
        factor: &HashMap<(Niveau, &str, &str), &Nowcast>,
    ) -> Option<Jaarprognose> {
        let mut ly = [0.0; 12];
        for (i, v) in ly.iter_mut().enumerate() {
            let w = m.get(&(self.jan_vorig + i as i64))?;
            if w.onderdrukt || w.voorlopig {
                return None;
            }
            *v = w.waarde?;
        }
        // The months of the year so far: completed value and its nowcast variance, or unknown.
        let mut bekend: Vec<(usize, f64, f64)> = Vec::new();
        let mut gerealiseerd = 0.0;
        let tot = (self.laatste - self.jan) as usize;
        for i in 0..=tot {
            let w = m.get(&(self.jan + i as i64))?;
            if w.onderdrukt {
                return None;
            }
            let x = w.waarde?;
            gerealiseerd += x;
            if !w.voorlopig {
                bekend.push((i, x, 0.0));
            } else if let Some(n) = factor.get(&(*niveau, code.as_str(), w.periode.as_str())) {
                let c = x * n.factor;
                let sd = c * ((n.bovengrens - n.ondergrens) / n.verwacht.max(f64::MIN_POSITIVE))
                    / (2.0 * Z80);
                bekend.push((i, c, sd * sd));
            }
        }
        if bekend.len() < MIN_MAANDEN {
            return None;
        }
        let som_c: f64 = bekend.iter().map(|b| b.1).sum();
        let som_ly: f64 = bekend.iter().map(|b| ly[b.0]).sum();
        if som_ly <= 0.0 {
            return None;
        }
        let r = som_c / som_ly;
        let onbekend: Vec<usize> = (0..12)
            .filter(|i| !bekend.iter().any(|b| b.0 == *i))
            .collect();
        let rest: f64 = onbekend.iter().map(|&i| ly[i]).sum();
        let rest2: f64 = onbekend.iter().map(|&i| ly[i] * ly[i]).sum();
        let prognose = som_c + r * rest;
        let ratios: Vec<f64> = bekend
            .iter()
            .filter(|b| ly[b.0] > 0.0)
            .map(|b| b.1 / ly[b.0])
            .collect();
        let k = ratios.len() as f64;
        let gem = ratios.iter().sum::<f64>() / k;
        let s2 = if k > 1.0 {
            ratios.iter().map(|x| (x - gem).powi(2)).sum::<f64>() / (k - 1.0)
        } else {
            0.0
        };
        // The same method on earlier years (their months complete), with the same months
        // known: its relative errors. The interval is the wider of the two.
        let bekende: Vec<usize> = bekend.iter().map(|b| b.0).collect();
        let fouten: Vec<f64> = (1..=EERDERE_JAREN)
            .filter_map(|j| self.fout_in_eerder_jaar(m, j, &bekende))
            .collect();
        let var_binnen = s2 * (rest2 + rest * rest / k);
        let var_eerder = if fouten.len() >= 2 {
            // A prediction from n past errors: Student's t with n degrees of freedom (the
            // errors' scale is estimated around 0) and √(1 + 1/n), as a variance on the z scale.
            let n = fouten.len();
            let kwadraat = fouten.iter().map(|e| e * e).sum::<f64>() / n as f64;
            let t = T80[n.min(T80.len()) - 1];
            (t / Z80).powi(2) * (1.0 + 1.0 / n as f64) * kwadraat * prognose * prognose
        } else {
            0.0
        };
        let var = var_binnen.max(var_eerder) + bekend.iter().map(|b| b.2).sum::<f64>();
        let half = Z80 * var.sqrt();
        let zo_ver: f64 = ly[..=tot].iter().sum();
        let naief = if zo_ver > 0.0 {
            ly.iter().sum::<f64>() * gerealiseerd / zo_ver
        } else {
            f64::NAN
        };
        Some(Jaarprognose {
            niveau: *niveau,
            code: code.clone(),
            naam: None,
            uitsplitsing: uitsplitsing.clone(),
            jaar: self.jaar,
            tot_maand: maandtekst(self.laatste),
            gerealiseerd,
            prognose,
            ondergrens: (prognose - half).max(gerealiseerd.min(prognose)),
            bovengrens: prognose + half,
            naief,
            vorig_jaar: ly.iter().sum(),
            maanden_geschat: onbekend.len() as u32,
            streefwaarde: None,
            begroting: None,
            begroting_bron: None,
        })
    }
}

/// The budget lines of a release's current `begroting` table.
pub fn begroting(df: &DataFrame) -> PolarsResult<Vec<Begroting>> {
    if df.height() == 0 {
        return Ok(Vec::new());
    }
    let (g, s, b) = (
        super::tekstkolom(df, "gemeente")?,
        super::tekstkolom(df, "segment")?,
        super::tekstkolom(df, "bron")?,
    );
    let (j, x) = (
        super::getalkolom(df, "jaar")?,
        super::getalkolom(df, "bedrag")?,
    );
    Ok((0..df.height())
        .filter_map(|i| {
            let seg = s[i].clone().unwrap_or_default();
            Some(Begroting {
                gemeente: g[i].clone().filter(|g| !g.is_empty()),
                uitsplitsing: if seg.is_empty() || seg == "totaal" {
                    Uitsplitsing::totaal()
                } else {
                    Uitsplitsing::segment(&seg)
                },
                jaar: j[i]? as i32,
                bedrag: x[i]?,
                bron: b[i].clone().unwrap_or_default(),
            })
        })
        .collect())
}

/// The projections as the release table [`TABEL`].
pub fn als_tabel(p: &[Jaarprognose]) -> PolarsResult<DataFrame> {
    let tekst = |f: &dyn Fn(&Jaarprognose) -> String| p.iter().map(f).collect::<Vec<_>>();
    let getal = |f: &dyn Fn(&Jaarprognose) -> f64| p.iter().map(f).collect::<Vec<_>>();
    let optie = |f: &dyn Fn(&Jaarprognose) -> Option<f64>| p.iter().map(f).collect::<Vec<_>>();
    DataFrame::new(
        p.len(),
        vec![
            Column::new("niveau".into(), tekst(&|x| x.niveau.id().to_string())),
            Column::new("code".into(), tekst(&|x| x.code.clone())),
            Column::new(
                "naam".into(),
                p.iter().map(|x| x.naam.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "uitsplitsing".into(),
                tekst(&|x| x.uitsplitsing.as_str().to_string()),
            ),
            Column::new("jaar".into(), p.iter().map(|x| x.jaar).collect::<Vec<_>>()),
            Column::new("tot_maand".into(), tekst(&|x| x.tot_maand.clone())),
            Column::new("gerealiseerd".into(), getal(&|x| x.gerealiseerd)),
            Column::new("prognose".into(), getal(&|x| x.prognose)),
            Column::new("ondergrens".into(), getal(&|x| x.ondergrens)),
            Column::new("bovengrens".into(), getal(&|x| x.bovengrens)),
            Column::new("naief".into(), getal(&|x| x.naief)),
            Column::new("vorig_jaar".into(), getal(&|x| x.vorig_jaar)),
            Column::new(
                "maanden_geschat".into(),
                p.iter().map(|x| x.maanden_geschat).collect::<Vec<_>>(),
            ),
            Column::new("streefwaarde".into(), optie(&|x| x.streefwaarde)),
            Column::new("begroting".into(), optie(&|x| x.begroting)),
            Column::new(
                "begroting_bron".into(),
                p.iter()
                    .map(|x| x.begroting_bron.clone())
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// The projections stored with a release (none for a release made before they existed).
pub fn lees(data: &std::path::Path, release: &str) -> Result<Vec<Jaarprognose>, crate::IngestFout> {
    let manifest = crate::release::lees_manifest(data, release)?;
    if !manifest.tabellen.contains_key(TABEL) {
        return Ok(Vec::new());
    }
    let df = crate::release::lees_tabel(data, release, TABEL)?;
    let t = |n: &str| super::tekstkolom(&df, n);
    let g = |n: &str| super::getalkolom(&df, n);
    let (niv, code, naam, uit, tot, bron) = (
        t("niveau")?,
        t("code")?,
        t("naam")?,
        t("uitsplitsing")?,
        t("tot_maand")?,
        t("begroting_bron")?,
    );
    let (jaar, ger, pr, lo, hi, na, vj, mg, st, be) = (
        g("jaar")?,
        g("gerealiseerd")?,
        g("prognose")?,
        g("ondergrens")?,
        g("bovengrens")?,
        g("naief")?,
        g("vorig_jaar")?,
        g("maanden_geschat")?,
        g("streefwaarde")?,
        g("begroting")?,
    );
    let s = |v: &[Option<String>], i: usize| v[i].clone().unwrap_or_default();
    let mut v = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let Some(niveau) = Niveau::parse(&s(&niv, i)) else {
            return Err(crate::IngestFout::OnbekendeWaarde(format!(
                "release {release}, tabel {TABEL}, rij {}: niveau '{}' is onbekend; verwacht \
                 regio of gemeente",
                i + 1,
                s(&niv, i)
            )));
        };
        let f = |v: &[Option<f64>]| v[i].unwrap_or(f64::NAN);
        v.push(Jaarprognose {
            niveau,
            code: s(&code, i),
            naam: naam[i].clone(),
            uitsplitsing: Uitsplitsing::from(s(&uit, i)),
            jaar: jaar[i].unwrap_or(0.0) as i32,
            tot_maand: s(&tot, i),
            gerealiseerd: f(&ger),
            prognose: f(&pr),
            ondergrens: f(&lo),
            bovengrens: f(&hi),
            naief: f(&na),
            vorig_jaar: f(&vj),
            maanden_geschat: mg[i].unwrap_or(0.0) as u32,
            streefwaarde: st[i],
            begroting: be[i],
            begroting_bron: bron[i].clone(),
        });
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(periode: &str, x: f64, voorlopig: bool) -> Waarde {
        Waarde {
            naam: Some("Ergens".into()),
            voorlopig,
            ..Waarde::test("kosten", Niveau::Gemeente, "GM0001", periode, x)
        }
    }

    fn nc(periode: &str, x: f64, factor: f64) -> Nowcast {
        Nowcast {
            grootheid: "kosten",
            indicator: "kosten".into(),
            niveau: Niveau::Gemeente,
            code: "GM0001".into(),
            naam: None,
            periode: periode.into(),
            leeftijd: 1,
            waargenomen: x,
            verwacht: x * factor,
            ondergrens: x * factor * 0.9,
            bovengrens: x * factor * 1.1,
            factor,
            maanden: 12,
        }
    }

    /// By hand: 2024 is 100 a month (1 200). 2025 through April: January–March complete at
    /// 110, April provisional at 55 with nowcast factor 2 (→ 110), May provisional at 5 without
    /// a nowcast (not known). R = 440 / 400 = 1,1; projection = 440 + 1,1 · 800 = 1 320.
    /// The four ratios are all 1,1: no spread; only April's nowcast variance remains:
    /// sd = 110 · 0,2 / 2,5631 → half width 1,2816 · sd = 11. Naive: 1 200 · (330 + 55 + 5)
    /// / 500 = 936. Budget 1 250: overrun 70; path 1 300: 20 above.
    #[test]
    fn projection_by_hand() {
        let mut v: Vec<Waarde> = (1..=12)
            .map(|m| w(&format!("2024-{m:02}"), 100.0, false))
            .collect();
        for m in 1..=3 {
            v.push(w(&format!("2025-{m:02}"), 110.0, false));
        }
        v.push(w("2025-04", 55.0, true));
        v.push(w("2025-05", 5.0, true));
        let mut jaar = w("2025", 390.0, true);
        jaar.streefwaarde = Some(1300.0);
        v.push(jaar);
        let n = vec![nc("2025-04", 55.0, 2.0)];
        let b = vec![Begroting {
            gemeente: Some("GM0001".into()),
            uitsplitsing: Uitsplitsing::totaal(),
            jaar: 2025,
            bedrag: 1250.0,
            bron: "Begroting 2025".into(),
        }];
        let p = jaarprognoses(&v, &n, &b);
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert_eq!(
            (p.jaar, p.tot_maand.as_str(), p.maanden_geschat),
            (2025, "2025-05", 8)
        );
        assert!((p.prognose - 1320.0).abs() < 1e-9, "{p:?}");
        assert!((p.gerealiseerd - 390.0).abs() < 1e-9);
        assert!((p.bovengrens - 1331.0).abs() < 1e-6, "{p:?}");
        assert!((p.ondergrens - 1309.0).abs() < 1e-6, "{p:?}");
        assert!((p.naief - 936.0).abs() < 1e-9);
        assert!((p.overschrijding().unwrap() - 70.0).abs() < 1e-9);
        assert!((p.verschil_pad().unwrap() - 20.0).abs() < 1e-9);
        assert_eq!(p.vorig_jaar, 1200.0);
    }

    /// The interval from the method's own past errors, by hand. 2021 and 2022: 100 a month;
    /// 2023: 100 in January–April, 110 after; 2024: 110; 2025 known through April at 121.
    /// Projection 2025 = 484 + 1,1 · 880 = 1 452 (no spread within the year). Made for 2024
    /// the same way: 440 + 1,1 · 880 = 1 408 against 1 320 (+6,67%); for 2023: 1 200 against
    /// 1 280 (−6,25%); for 2022: exact; 2021 has no year before it.
    #[test]
    fn interval_from_past_errors_by_hand() {
        let mut v = Vec::new();
        for (jaar, x) in [
            (2021, [100.0; 12]),
            (2022, [100.0; 12]),
            (2024, [110.0; 12]),
        ] {
            for (m, x) in x.iter().enumerate() {
                v.push(w(&format!("{jaar}-{:02}", m + 1), *x, false));
            }
        }
        for m in 1..=12 {
            v.push(w(
                &format!("2023-{m:02}"),
                if m <= 4 { 100.0 } else { 110.0 },
                false,
            ));
        }
        for m in 1..=4 {
            v.push(w(&format!("2025-{m:02}"), 121.0, false));
        }
        let p = jaarprognoses(&v, &[], &[]);
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert!((p.prognose - 1452.0).abs() < 1e-9, "{p:?}");
        let fouten: [f64; 3] = [1408.0 / 1320.0 - 1.0, 1200.0 / 1280.0 - 1.0, 0.0];
        let rms = (fouten.iter().map(|e| e * e).sum::<f64>() / 3.0).sqrt();
        // Three past errors: t(0,9; 3) = 1,638, × √(1 + 1/3).
        let half = 1.638 * rms * (1.0f64 + 1.0 / 3.0).sqrt() * 1452.0;
        assert!(
            (p.bovengrens - (1452.0 + half)).abs() < 1e-6,
            "{p:?} {half}"
        );
        assert!((p.ondergrens - (1452.0 - half)).abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn no_projection_with_a_hidden_month() {
        let mut v: Vec<Waarde> = (1..=12)
            .map(|m| w(&format!("2024-{m:02}"), 100.0, false))
            .collect();
        for m in 1..=4 {
            v.push(w(&format!("2025-{m:02}"), 110.0, false));
        }
        v[13].onderdrukt = true;
        assert!(jaarprognoses(&v, &[], &[]).is_empty());
        v[13].onderdrukt = false;
        assert_eq!(jaarprognoses(&v, &[], &[]).len(), 1);
        // Too early in the year: two known months.
        v.truncate(14);
        assert!(jaarprognoses(&v, &[], &[]).is_empty());
    }
}
