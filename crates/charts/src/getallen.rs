//! Axis ticks and the Dutch texts for values and ticks.

use model::getal::{met_eenheid, nl};

/// A value axis: round tick values from `min` to `max`.
#[derive(Clone, Debug)]
pub(crate) struct As {
    pub min: f64,
    pub max: f64,
    pub stap: f64,
    pub ticks: Vec<f64>,
    /// Decimals needed to tell the ticks apart (same for all ticks on the axis).
    pub decimalen: usize,
}

/// A "nice" axis over `[lo, hi]` with about `doel` steps of 1, 2, 2,5 or 5 × 10^k.
/// Equal or non-finite bounds get padding, so there is always a non-empty range.
pub(crate) fn nette_as(lo: f64, hi: f64, doel: usize) -> As {
    nette_as_min(lo, hi, doel, 0.0)
}

/// As [`nette_as`], with a step of at least `min_stap` (1 for counts and days).
pub(crate) fn nette_as_min(lo: f64, hi: f64, doel: usize, min_stap: f64) -> As {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-9 * lo.abs().max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        let positief = lo >= 0.0;
        lo -= pad;
        hi += pad;
        if positief && lo < 0.0 {
            lo = 0.0;
        }
    }
    let ruw = (hi - lo) / doel.max(1) as f64;
    let orde = 10f64.powf(ruw.log10().floor());
    let f = ruw / orde;
    // The nice step nearest to the raw one: between about doel·⅔ and doel·1½ steps.
    let mooi = if f < 1.5 {
        1.0
    } else if f < 2.25 {
        2.0
    } else if f < 3.5 {
        2.5
    } else if f < 7.5 {
        5.0
    } else {
        10.0
    };
    let mut stap = mooi * orde;
    if stap < min_stap {
        stap = min_stap;
    } else if min_stap >= 1.0 && stap.fract() != 0.0 {
        // 2,5 is no step for whole days or counts.
        stap = 2.0;
    }
    // A bound a hair past a multiple of the step (float noise) does not add a tick.
    let i0 = (lo / stap + 1e-9).floor() as i64;
    let i1 = (hi / stap - 1e-9).ceil() as i64;
    let ticks: Vec<f64> = (i0..=i1).map(|i| i as f64 * stap).collect();
    let mut decimalen = 0;
    while decimalen < 6 {
        let s = stap * 10f64.powi(decimalen as i32);
        if (s - s.round()).abs() < 1e-6 {
            break;
        }
        decimalen += 1;
    }
    As {
        min: i0 as f64 * stap,
        max: i1 as f64 * stap,
        stap,
        ticks,
        decimalen,
    }
}

/// Smallest step that makes sense for a unit: whole days and whole counts.
pub(crate) fn min_stap(eenheid: &str) -> f64 {
    match eenheid {
        "dagen" | "aantal" => 1.0,
        _ => 0.0,
    }
}

/// Bounds of the values with a little room around them (for lines; bars include zero).
pub(crate) fn omvang(waarden: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let mut it = waarden.into_iter().filter(|v| v.is_finite());
    let eerste = it.next()?;
    Some(it.fold((eerste, eerste), |(lo, hi), v| (lo.min(v), hi.max(v))))
}

/// Does this axis use millions ("€ 240 mln")?
fn in_miljoenen(eenheid: &str, as_: &As) -> bool {
    eenheid == "euro" && as_.min.abs().max(as_.max.abs()) >= 1e6
}

/// Tick label: `12,5%`, `€ 240 mln`, `€ 250.000`, `1.200`.
pub(crate) fn tick(v: f64, eenheid: &str, as_: &As) -> String {
    let v = if v.abs() < as_.stap * 1e-6 { 0.0 } else { v };
    if in_miljoenen(eenheid, as_) {
        let mut d = 0;
        while d < 3 {
            let s = as_.stap / 1e6 * 10f64.powi(d as i32);
            if (s - s.round()).abs() < 1e-6 {
                break;
            }
            d += 1;
        }
        return if v == 0.0 {
            "€ 0".into()
        } else {
            format!("€ {} mln", nl(v / 1e6, d))
        };
    }
    let d = as_.decimalen;
    match eenheid {
        "procent" => format!("{}%", nl(v, d)),
        // Ratios are read with two decimals ("1,00" is "as expected").
        "verhouding" => nl(v, d.max(2)),
        "euro" => format!("€ {}", nl(v, d)),
        _ => nl(v, d),
    }
}

/// A value as a reader expects it in a sentence: `14,1%`, `406 dagen`, `€ 240,6 mln`.
pub(crate) fn voluit(v: f64, eenheid: &str) -> String {
    if eenheid == "euro" && v.abs() >= 1e6 {
        return format!("€ {} mln", nl(v / 1e6, 1));
    }
    match eenheid {
        "procent" | "dagen" | "euro" | "per_100k" => met_eenheid(Some(v), eenheid),
        "verhouding" => nl(v, 2),
        _ => nl(v, decimalen_voor(v)),
    }
}

/// A value as a short label next to a bar or point; the unit of `dagen`, `per_100k` and
/// `aantal` is in the axis caption instead.
pub(crate) fn kort(v: f64, eenheid: &str) -> String {
    match eenheid {
        "procent" => format!("{}%", nl(v, 1)),
        "euro" => voluit(v, eenheid),
        "dagen" => nl(v, 0),
        "per_100k" => nl(v, 1),
        "verhouding" => nl(v, 2),
        _ => nl(v, decimalen_voor(v)),
    }
}

/// Counts without decimals, anything else with one.
pub(crate) fn decimalen_voor(v: f64) -> usize {
    if (v - v.round()).abs() < 1e-9 { 0 } else { 1 }
}

/// Caption for an axis whose ticks carry no unit themselves.
pub(crate) fn as_titel(eenheid: &str) -> Option<&'static str> {
    match eenheid {
        "dagen" => Some("dagen"),
        "per_100k" => Some("per 100.000"),
        "aantal" => Some("aantal"),
        "verhouding" => Some("waargenomen / verwacht"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_met_halve_procenten() {
        let a = nette_as(11.6, 14.1, 5);
        assert_eq!(a.stap, 0.5);
        assert_eq!(a.decimalen, 1);
        assert_eq!(a.min, 11.5);
        assert_eq!(a.max, 14.5);
        assert_eq!(tick(12.0, "procent", &a), "12,0%");
    }

    #[test]
    fn nul_geeft_geen_extra_tick() {
        let a = nette_as(0.0, 16.1, 5);
        assert_eq!(a.min, 0.0);
        assert_eq!(a.max, 17.5);
        let a = nette_as(-5.0, 10.0, 5);
        assert_eq!((a.min, a.max), (-5.0, 10.0));
    }

    #[test]
    fn aantallen_in_hele_stappen() {
        let a = nette_as_min(6.3, 7.7, 5, 1.0);
        assert_eq!(a.ticks, vec![6.0, 7.0, 8.0]);
        assert_eq!(a.decimalen, 0);
        let a = nette_as_min(33.0, 50.0, 5, 1.0);
        assert_eq!(a.stap, 2.0);
        assert_eq!(a.decimalen, 0);
    }

    #[test]
    fn gelijke_waarden_krijgen_ruimte() {
        let a = nette_as(5.0, 5.0, 5);
        assert!(a.min < 5.0 && a.max > 5.0);
        let a = nette_as(0.0, 0.0, 5);
        assert!(a.max > 0.0);
        let a = nette_as(f64::NAN, 3.0, 5);
        assert!(a.max > a.min);
    }

    #[test]
    fn miljoenen_in_euro() {
        let a = nette_as(0.0, 240_553_243.0, 5);
        assert_eq!(tick(a.ticks[1], "euro", &a), "€ 50 mln");
        let a = nette_as(2_000_000.0, 4_500_000.0, 5);
        assert_eq!(a.stap, 500_000.0);
        assert_eq!(tick(2_500_000.0, "euro", &a), "€ 2,5 mln");
        assert_eq!(voluit(240_553_243.0, "euro"), "€ 240,6 mln");
        assert_eq!(tick(-5_000_000.0, "euro", &a), "€ −5,0 mln");
    }

    #[test]
    fn verhouding_met_twee_decimalen() {
        let a = nette_as(0.6, 1.4, 4);
        assert_eq!(a.stap, 0.2);
        assert_eq!(tick(1.0, "verhouding", &a), "1,00");
        assert_eq!(voluit(1.0, "verhouding"), "1,00");
        assert_eq!(kort(1.126, "verhouding"), "1,13");
    }

    #[test]
    fn negatieve_as() {
        let a = nette_as(-3.2, 4.1, 5);
        assert!(a.min <= -3.2 && a.max >= 4.1);
        assert!(a.ticks.contains(&0.0));
        assert_eq!(tick(-2.0, "procent", &a), "−2%");
    }
}
