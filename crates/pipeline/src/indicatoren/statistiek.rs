//! Statistics on indicator values: the Wilson interval for proportions, the target path
//! (streefpad), the status of a value against its target and significance against the
//! national value (INDICATORS.md, "Targets" and "Statistics").
//!
//! Plain Rust on `f64`: the indicator engine applies these per row after the Polars plans.

use std::fmt;
use std::str::FromStr;

/// The z value of a two-sided 95% interval (the 97.5% quantile of the standard normal).
pub const Z_95: f64 = 1.959963984540054;

/// The default relative tolerance band of [`status`]: 5% of the target.
pub const STANDAARD_TOLERANTIE_PCT: f64 = 5.0;

/// The Wilson score interval of the proportion `teller / noemer`, as fractions in [0, 1]
/// (multiply by 100 for an indicator in %). Use [`Z_95`] for a 95% interval.
///
/// `None` when the proportion is undefined: `noemer ≤ 0`, `teller < 0`, `teller > noemer`,
/// or a non-finite input.
///
/// With p = teller/noemer and n = noemer:
/// centre = (p + z²/2n) / (1 + z²/n), half width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
/// Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at p = 0 or 1,
/// which matters for the small gemeenten and providers.
pub fn wilson(teller: f64, noemer: f64, z: f64) -> Option<(f64, f64)> {
    if !teller.is_finite() || !noemer.is_finite() || !z.is_finite() {
        return None;
    }
    if noemer <= 0.0 || teller < 0.0 || teller > noemer {
        return None;
    }
    let n = noemer;
    let p = teller / n;
    let z2 = z * z;
    let deler = 1.0 + z2 / n;
    let midden = (p + z2 / (2.0 * n)) / deler;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / deler;
    // Mathematically inside [0, 1]; clamp away rounding (e.g. −1e−17 at p = 0).
    Some(((midden - half).max(0.0), (midden + half).min(1.0)))
}

/// The target path: `basiswaarde × (1 + jaarlijkse_verandering_pct/100)^(jaar − basisjaar)`.
/// A yearly change of −10 means 10% less every year; years before the base year extrapolate
/// backwards.
pub fn streefpad(
    basiswaarde: f64,
    jaarlijkse_verandering_pct: f64,
    basisjaar: i32,
    jaar: i32,
) -> f64 {
    basiswaarde * (1.0 + jaarlijkse_verandering_pct / 100.0).powi(jaar - basisjaar)
}

/// Which direction of an indicator is "better" (the catalogue's `direction` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Richting {
    /// Lower is better.
    Lager,
    /// Higher is better.
    Hoger,
    /// No direction: the value is not judged (`—` in the catalogue).
    Geen,
}

impl Richting {
    pub fn id(self) -> &'static str {
        match self {
            Richting::Lager => "lager",
            Richting::Hoger => "hoger",
            Richting::Geen => "-",
        }
    }

    /// Lenient reading for catalogue values: like [`FromStr`], but an unknown word gives
    /// [`Richting::Geen`] (the value is then simply not judged). Use `str::parse` where an
    /// unknown word should be an error (e.g. when loading and checking the catalogue).
    pub fn parse(s: &str) -> Richting {
        s.parse().unwrap_or(Richting::Geen)
    }
}

impl fmt::Display for Richting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Richting {
    type Err = String;

    /// Accepts the Dutch and English words of the catalogue (`lager`/`lower`,
    /// `hoger`/`higher`), arrows, and `-`, `—`, `geen`, `none` or empty for no direction;
    /// case and surrounding spaces are ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "lager" | "lower" | "omlaag" | "laag" | "↓" => Ok(Richting::Lager),
            "hoger" | "higher" | "omhoog" | "hoog" | "↑" => Ok(Richting::Hoger),
            "" | "-" | "–" | "—" | "geen" | "none" | "n.v.t." | "nvt" => Ok(Richting::Geen),
            _ => Err(format!(
                "onbekende richting {s:?}: verwacht \"lager\", \"hoger\" of \"-\" (geen richting)"
            )),
        }
    }
}

/// The status of a value against its target path. Stored (and serialised) as its
/// [`Status::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Status {
    #[serde(rename = "op koers")]
    OpKoers,
    #[serde(rename = "aandacht")]
    Aandacht,
    #[serde(rename = "afwijkend")]
    Afwijkend,
}

impl Status {
    pub const ALLE: [Status; 3] = [Status::OpKoers, Status::Aandacht, Status::Afwijkend];

    /// The status with this [`Status::id`].
    pub fn parse(id: &str) -> Option<Status> {
        Status::ALLE.into_iter().find(|s| s.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Status::OpKoers => "op koers",
            Status::Aandacht => "aandacht",
            Status::Afwijkend => "afwijkend",
        }
    }

    /// A one-sentence explanation for the dashboard and the report.
    pub fn uitleg(self) -> &'static str {
        match self {
            Status::OpKoers => "De waarde ligt op of gunstiger dan het streefpad.",
            Status::Aandacht => {
                "De waarde ligt ongunstiger dan het streefpad, maar het verschil valt binnen \
                 het betrouwbaarheidsinterval of binnen de tolerantieband rond de streefwaarde."
            }
            Status::Afwijkend => {
                "De waarde ligt ongunstiger dan het streefpad, buiten het \
                 betrouwbaarheidsinterval en buiten de tolerantieband."
            }
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The status of `waarde` against the target `streef` (see INDICATORS.md, "Targets").
///
/// - *op koers*: at or better than the target (`waarde ≤ streef` for [`Richting::Lager`],
///   `waarde ≥ streef` for [`Richting::Hoger`]); exactly on target counts as op koers.
/// - *aandacht*: worse, but either the target lies inside the confidence interval `ci`
///   (bounds inclusive, same unit as `waarde`, e.g. % for a percentage — so the difference
///   is not statistically clear) or `waarde` lies within the tolerance band of
///   `tolerantie_pct`% of the target (`streef + |streef|·tol/100` for Lager,
///   `streef − |streef|·tol/100` for Hoger; the band edge itself still counts as aandacht).
///   The band covers counts and costs, which carry no interval; both reasons are enough on
///   their own. The band is relative to |streef| so it keeps its direction for a negative
///   target (e.g. a growth rate); a target of 0 has no band.
/// - *afwijkend*: worse, the target outside the interval (or no interval) and outside the
///   band.
///
/// `None` for [`Richting::Geen`] (the value is not judged) and for non-finite input.
/// Comparisons are exact: no epsilon is added, so a value computed to exactly the target
/// is op koers and one a rounding error worse is aandacht, never afwijkend.
pub fn status(
    waarde: f64,
    streef: f64,
    richting: Richting,
    ci: Option<(f64, f64)>,
    tolerantie_pct: f64,
) -> Option<Status> {
    if !waarde.is_finite() || !streef.is_finite() {
        return None;
    }
    let band = streef.abs() * tolerantie_pct.max(0.0) / 100.0;
    let (beter_of_gelijk, binnen_band) = match richting {
        Richting::Geen => return None,
        Richting::Lager => (waarde <= streef, waarde <= streef + band),
        Richting::Hoger => (waarde >= streef, waarde >= streef - band),
    };
    if beter_of_gelijk {
        return Some(Status::OpKoers);
    }
    let streef_in_ci = ci.is_some_and(|(a, b)| a.min(b) <= streef && streef <= a.max(b));
    if streef_in_ci || binnen_band {
        Some(Status::Aandacht)
    } else {
        Some(Status::Afwijkend)
    }
}

/// Whether a value differs significantly from the national value: `true` when the interval
/// `ci` (same unit as `landelijk`) excludes it, `false` when it contains it (bounds
/// inclusive), `None` without an interval or a national value.
pub fn significant(ci: Option<(f64, f64)>, landelijk: Option<f64>) -> Option<bool> {
    let (a, b) = ci?;
    let l = landelijk?;
    if !a.is_finite() || !b.is_finite() || !l.is_finite() {
        return None;
    }
    Some(l < a.min(b) || l > a.max(b))
}

/// The z value of a two-sided 99.8% interval (the 99.9% quantile of the standard normal): the
/// outer funnel limit, "3 sigma" in Spiegelhalter's funnel plots.
pub const Z_998: f64 = 3.090232306167813;

/// Funnel-plot control limits for a proportion around the regional value `p0` (a fraction in
/// [0, 1]) at volume `n`: `p0 ± z·√(p0(1−p0)/n)`, clamped to [0, 1]. The normal approximation
/// to the binomial, as in Spiegelhalter (2005), "Funnel plots for comparing institutional
/// performance". `None` for `n ≤ 0` or `p0` outside [0, 1].
pub fn trechter_proportie(p0: f64, n: f64, z: f64) -> Option<(f64, f64)> {
    if !(0.0..=1.0).contains(&p0) || n.is_nan() || n <= 0.0 || !z.is_finite() {
        return None;
    }
    let h = z * (p0 * (1.0 - p0) / n).sqrt();
    Some(((p0 - h).max(0.0), (p0 + h).min(1.0)))
}

/// Funnel-plot control limits for an observed/expected ratio with `verwacht` expected events:
/// `1 ± z/√E` (Poisson approximation; the lower limit is clamped at 0). `None` for `E ≤ 0`.
pub fn trechter_oe(verwacht: f64, z: f64) -> Option<(f64, f64)> {
    if verwacht.is_nan() || verwacht <= 0.0 || !z.is_finite() {
        return None;
    }
    let h = z / verwacht.sqrt();
    Some(((1.0 - h).max(0.0), 1.0 + h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dicht_bij(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} ≠ {b}");
    }

    fn interval(t: f64, n: f64) -> (f64, f64) {
        wilson(t, n, Z_95).unwrap()
    }

    // z² = 1.959963984540054² = 3.841458820694124 in all cases below.

    #[test]
    fn wilson_vijf_van_tien() {
        // p = 0.5, n = 10: z²/n = 0.3841459, deler = 1.3841459.
        // midden = (0.5 + 0.1920729) / 1.3841459 = 0.6920729 / 1.3841459 = 0.5
        // half = z·√(0.25/10 + 3.8414588/400) / deler = 1.959964·√0.0346036 / 1.3841459
        //      = 1.959964 · 0.1860206 / 1.3841459 = 0.3645935 / 1.3841459 = 0.2634069
        let (lo, hi) = interval(5.0, 10.0);
        dicht_bij(lo, 0.5 - 0.2634069);
        dicht_bij(hi, 0.5 + 0.2634069);
        dicht_bij(lo, 0.236593);
        dicht_bij(hi, 0.763407);
    }

    #[test]
    fn wilson_nul_van_tien() {
        // p = 0: midden = half = (z²/2n)/deler, so lo = 0 and hi = z²/(n + z²)
        //      = 3.8414588 / 13.8414588 = 0.2775328.
        let (lo, hi) = interval(0.0, 10.0);
        assert_eq!(lo, 0.0);
        dicht_bij(hi, 0.277533);
    }

    #[test]
    fn wilson_tien_van_tien() {
        // p = 1: mirror image of 0/10: lo = n/(n + z²) = 10 / 13.8414588 = 0.7224672, hi = 1.
        let (lo, hi) = interval(10.0, 10.0);
        dicht_bij(lo, 0.722467);
        dicht_bij(hi, 1.0);
        assert!(hi <= 1.0);
    }

    #[test]
    fn wilson_honderdveertig_van_duizend() {
        // p = 0.14, n = 1000: z²/n = 0.0038415, deler = 1.0038415.
        // midden = (0.14 + 0.0019207) / 1.0038415 = 0.1419207 / 1.0038415 = 0.1413776
        // p(1−p)/n = 0.1204/1000 = 0.0001204; z²/4n² = 3.8414588/4e6 = 0.0000010
        // half = 1.959964·√0.0001214 / 1.0038415 = 1.959964·0.0110164 / 1.0038415 = 0.0215091
        let (lo, hi) = interval(140.0, 1000.0);
        dicht_bij(lo, 0.1413776 - 0.0215091);
        dicht_bij(hi, 0.1413776 + 0.0215091);
        dicht_bij(lo, 0.119869);
        dicht_bij(hi, 0.162887);
    }

    #[test]
    fn wilson_ongedefinieerd() {
        assert_eq!(wilson(0.0, 0.0, Z_95), None);
        assert_eq!(wilson(1.0, -5.0, Z_95), None);
        assert_eq!(wilson(-1.0, 10.0, Z_95), None);
        assert_eq!(wilson(11.0, 10.0, Z_95), None);
        assert_eq!(wilson(f64::NAN, 10.0, Z_95), None);
        assert_eq!(wilson(1.0, f64::INFINITY, Z_95), None);
    }

    #[test]
    fn streefpad_rekent_samengesteld() {
        // −10% a year from 100 in 2023: 2024 = 90, 2025 = 100·0.9² = 81.
        dicht_bij(streefpad(100.0, -10.0, 2023, 2023), 100.0);
        dicht_bij(streefpad(100.0, -10.0, 2023, 2024), 90.0);
        dicht_bij(streefpad(100.0, -10.0, 2023, 2025), 81.0);
        // Backwards: 2022 = 100 / 0.9 = 111.111111.
        dicht_bij(streefpad(100.0, -10.0, 2023, 2022), 111.111111);
        // +4% growth: 200·1.04² = 216.32.
        dicht_bij(streefpad(200.0, 4.0, 2024, 2026), 216.32);
    }

    #[test]
    fn richting_lezen() {
        assert_eq!("lager".parse::<Richting>(), Ok(Richting::Lager));
        assert_eq!(" Hoger ".parse::<Richting>(), Ok(Richting::Hoger));
        assert_eq!("lower".parse::<Richting>(), Ok(Richting::Lager));
        assert_eq!("-".parse::<Richting>(), Ok(Richting::Geen));
        assert_eq!("—".parse::<Richting>(), Ok(Richting::Geen));
        assert_eq!("".parse::<Richting>(), Ok(Richting::Geen));
        let fout = "beter".parse::<Richting>().unwrap_err();
        assert!(fout.contains("beter") && fout.contains("lager"), "{fout}");
        for r in [Richting::Lager, Richting::Hoger, Richting::Geen] {
            assert_eq!(r.id().parse::<Richting>(), Ok(r));
            assert_eq!(Richting::parse(r.id()), r);
        }
        assert_eq!(Richting::parse("LAGER"), Richting::Lager);
        assert_eq!(Richting::parse("beter"), Richting::Geen);
    }

    #[test]
    fn status_ids_en_uitleg() {
        let ids: Vec<_> = Status::ALLE.iter().map(|s| s.id()).collect();
        assert_eq!(ids, ["op koers", "aandacht", "afwijkend"]);
        for s in Status::ALLE {
            assert!(!s.uitleg().is_empty());
            assert_eq!(s.to_string(), s.id());
        }
    }

    const TOL: f64 = STANDAARD_TOLERANTIE_PCT;

    #[test]
    fn status_lager_is_beter() {
        // Target 20, band 5% of 20 = 1 → up to 21 is aandacht.
        let s = |w| status(w, 20.0, Richting::Lager, None, TOL);
        assert_eq!(s(15.0), Some(Status::OpKoers));
        assert_eq!(s(20.0), Some(Status::OpKoers)); // exactly on target
        assert_eq!(s(20.5), Some(Status::Aandacht));
        assert_eq!(s(21.0), Some(Status::Aandacht)); // exactly on the band edge
        assert_eq!(s(21.01), Some(Status::Afwijkend));
    }

    #[test]
    fn status_hoger_is_beter() {
        // Target 20, band 1 → down to 19 is aandacht.
        let s = |w| status(w, 20.0, Richting::Hoger, None, TOL);
        assert_eq!(s(25.0), Some(Status::OpKoers));
        assert_eq!(s(20.0), Some(Status::OpKoers));
        assert_eq!(s(19.5), Some(Status::Aandacht));
        assert_eq!(s(19.0), Some(Status::Aandacht));
        assert_eq!(s(18.99), Some(Status::Afwijkend));
    }

    #[test]
    fn status_interval_bevat_streefwaarde() {
        // 30% against a target of 20%: far outside the band (21), but the interval
        // [18, 42] of a small gemeente contains the target → aandacht.
        assert_eq!(
            status(30.0, 20.0, Richting::Lager, Some((18.0, 42.0)), TOL),
            Some(Status::Aandacht)
        );
        // The target exactly on the interval bound still counts as inside.
        assert_eq!(
            status(30.0, 20.0, Richting::Lager, Some((20.0, 42.0)), TOL),
            Some(Status::Aandacht)
        );
        // Interval just above the target → afwijkend.
        assert_eq!(
            status(30.0, 20.0, Richting::Lager, Some((20.01, 42.0)), TOL),
            Some(Status::Afwijkend)
        );
        // Hoger: 10 against 20 with interval [5, 20] → aandacht; [5, 19.9] → afwijkend.
        assert_eq!(
            status(10.0, 20.0, Richting::Hoger, Some((5.0, 20.0)), TOL),
            Some(Status::Aandacht)
        );
        assert_eq!(
            status(10.0, 20.0, Richting::Hoger, Some((5.0, 19.9)), TOL),
            Some(Status::Afwijkend)
        );
        // An interval never makes a better value worse.
        assert_eq!(
            status(15.0, 20.0, Richting::Lager, Some((16.0, 30.0)), TOL),
            Some(Status::OpKoers)
        );
    }

    #[test]
    fn status_tolerantie_en_randgevallen() {
        // Without a band only the interval helps.
        assert_eq!(
            status(20.5, 20.0, Richting::Lager, None, 0.0),
            Some(Status::Afwijkend)
        );
        // A wider band: 10% of 20 = 2.
        assert_eq!(
            status(22.0, 20.0, Richting::Lager, None, 10.0),
            Some(Status::Aandacht)
        );
        // Negative target (a shrink rate of −4%): band 5% of 4 = 0.2, so −3.8 is aandacht.
        assert_eq!(
            status(-3.8, -4.0, Richting::Lager, None, TOL),
            Some(Status::Aandacht)
        );
        assert_eq!(
            status(-3.5, -4.0, Richting::Lager, None, TOL),
            Some(Status::Afwijkend)
        );
        // No direction, no judgement; non-finite values neither.
        assert_eq!(status(99.0, 20.0, Richting::Geen, None, TOL), None);
        assert_eq!(status(f64::NAN, 20.0, Richting::Lager, None, TOL), None);
        assert_eq!(status(10.0, f64::NAN, Richting::Lager, None, TOL), None);
    }

    #[test]
    fn significantie_tegen_landelijk() {
        assert_eq!(significant(Some((10.0, 14.0)), Some(13.9)), Some(false));
        assert_eq!(significant(Some((10.0, 13.0)), Some(13.9)), Some(true));
        assert_eq!(significant(Some((14.0, 18.0)), Some(13.9)), Some(true));
        // Bounds inclusive: the national value on the bound is not significant.
        assert_eq!(significant(Some((13.9, 18.0)), Some(13.9)), Some(false));
        assert_eq!(significant(None, Some(13.9)), None);
        assert_eq!(significant(Some((10.0, 14.0)), None), None);
        // Works with a Wilson interval in %: 140/1000 = [11.99%, 16.29%] contains 13.9%.
        let (lo, hi) = wilson(140.0, 1000.0, Z_95).unwrap();
        assert_eq!(
            significant(Some((100.0 * lo, 100.0 * hi)), Some(13.9)),
            Some(false)
        );
        assert_eq!(
            significant(Some((100.0 * lo, 100.0 * hi)), Some(17.0)),
            Some(true)
        );
    }

    #[test]
    fn funnel_limits_by_hand() {
        // p0 = 0.2, n = 100: sd = √(0.2·0.8/100) = 0.04; 95%: 0.2 ± 1.96·0.04 = 0.1216 .. 0.2784.
        let (lo, hi) = trechter_proportie(0.2, 100.0, Z_95).unwrap();
        assert!((lo - 0.121_601_4).abs() < 1e-6 && (hi - 0.278_398_6).abs() < 1e-6);
        // 99.8% at n = 400: sd = 0.02; 0.2 ± 3.0902·0.02 = 0.138195 .. 0.261805.
        let (lo, hi) = trechter_proportie(0.2, 400.0, Z_998).unwrap();
        assert!((lo - 0.138_195_4).abs() < 1e-6 && (hi - 0.261_804_6).abs() < 1e-6);
        // Tiny volume: the limits are clamped to [0, 1].
        assert_eq!(trechter_proportie(0.2, 1.0, Z_998), Some((0.0, 1.0)));
        assert_eq!(trechter_proportie(0.2, 0.0, Z_95), None);
        assert_eq!(trechter_proportie(1.2, 10.0, Z_95), None);
        // O/E with 25 expected: 1 ± 1.96/5 = 0.608 .. 1.392.
        let (lo, hi) = trechter_oe(25.0, Z_95).unwrap();
        assert!((lo - 0.608_007_2).abs() < 1e-6 && (hi - 1.391_992_8).abs() < 1e-6);
        assert_eq!(trechter_oe(1.0, Z_998).map(|x| x.0), Some(0.0));
        assert_eq!(trechter_oe(0.0, Z_95), None);
        // The z values are the normal quantiles (checked against Φ⁻¹ tables: 1.959964, 3.090232).
        assert!((Z_998 - 3.090_232).abs() < 1e-6);
    }
}
