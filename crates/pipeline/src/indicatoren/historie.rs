//! The "onvolledige historie" marker (`historie_onvolledig` in the output): true where a
//! figure of a period is biased by the start of the data window (`bereken::venster`: the
//! later of the first month with care and the first month in which a toewijzing ended; for
//! Veilig Thuis the first melding and the first closed casus). What lay before it is not (or
//! not completely) known, so:
//!
//! | rule | indicators | marked when |
//! |---|---|---|
//! | the period begins before the window | every indicator | period start < window start |
//! | duration of ended trajecten | `trajectduur` (mean, median, p90), `volgens_plan_aandeel`, `vt_hermelding_aandeel` (no time window) | period end < window start + 2 years |
//! | 12-month look-back | `herhaald_beroep_aandeel`, `vt_hermelding_aandeel` `12m`, `kosten_groei` (a year earlier) | period start < window start + 12 months |
//! | episodes (an episode that began before the window looks like instroom) | `verblijf_stand`, `_instroom`, `_doorstroom`, `_uitstroom` | period start < window start + 12 months |
//!
//! Two years for durations: only trajecten that started inside the window can have ended in
//! it, so a period ending within two years of its start lacks every traject longer than the
//! time since the start; two years is well above the mean (about a year, INDICATORS.md) and
//! a choice, documented in the catalogue (`historie`). The region's `start_reeks` does not
//! move the window: it only chooses where the series begins.

use chrono::{Months, NaiveDate};
use model::Periode;

/// First day of the data window, for care and for Veilig Thuis.
#[derive(Debug, Clone, Copy, Default)]
pub struct Venster {
    pub zorg: Option<NaiveDate>,
    pub veilig_thuis: Option<NaiveDate>,
}

/// Years after the window start in which durations of ended trajecten are marked.
pub const DUUR_JAREN: u32 = 2;
/// Months after the window start in which a look-back or an episode flow is marked.
pub const TERUGBLIK_MAANDEN: u32 = 12;

/// Is this value of `indicator` / `uitsplitsing` in `p` biased by the window start?
pub fn onvolledig(indicator: &str, uitsplitsing: &str, p: Periode, v: &Venster) -> bool {
    let w = if indicator.starts_with("vt_") {
        v.veilig_thuis
    } else {
        v.zorg
    };
    let Some(w) = w else {
        return false;
    };
    let plus = |m: u32| w.checked_add_months(Months::new(m)).unwrap_or(w);
    if p.start() < w {
        return true;
    }
    match indicator {
        "trajectduur" | "volgens_plan_aandeel" => p.einde() < plus(12 * DUUR_JAREN),
        "vt_hermelding_aandeel" if uitsplitsing == "12m" => p.start() < plus(TERUGBLIK_MAANDEN),
        "vt_hermelding_aandeel" => p.einde() < plus(12 * DUUR_JAREN),
        "herhaald_beroep_aandeel" | "kosten_groei" => p.start() < plus(TERUGBLIK_MAANDEN),
        i if i.starts_with("verblijf_") => p.start() < plus(TERUGBLIK_MAANDEN),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_the_window_start() {
        let d = |j, m| NaiveDate::from_ymd_opt(j, m, 1).unwrap();
        let v = Venster {
            zorg: Some(d(2021, 3)),
            veilig_thuis: Some(d(2022, 1)),
        };
        let j = Periode::Jaar;
        // the year holding the window start: every indicator
        assert!(onvolledig("jeugdhulp_gebruik", "totaal", j(2021), &v));
        assert!(!onvolledig("jeugdhulp_gebruik", "totaal", j(2022), &v));
        assert!(!onvolledig(
            "jeugdhulp_gebruik",
            "totaal",
            Periode::Maand(2021, 3),
            &v
        ));
        // durations: periods ending before 2023-03-01
        assert!(onvolledig("trajectduur", "totaal", j(2022), &v));
        assert!(onvolledig(
            "trajectduur",
            "mediaan",
            Periode::Maand(2023, 2),
            &v
        ));
        assert!(!onvolledig(
            "trajectduur",
            "totaal",
            Periode::Maand(2023, 3),
            &v
        ));
        assert!(!onvolledig("trajectduur", "totaal", j(2023), &v));
        // 12-month look-back: periods starting before 2022-03-01
        assert!(onvolledig("herhaald_beroep_aandeel", "totaal", j(2022), &v));
        assert!(!onvolledig(
            "herhaald_beroep_aandeel",
            "totaal",
            Periode::Kwartaal(2022, 2),
            &v
        ));
        assert!(onvolledig(
            "verblijf_instroom",
            "totaal",
            Periode::Maand(2022, 2),
            &v
        ));
        assert!(!onvolledig(
            "verblijf_stand",
            "totaal",
            Periode::Maand(2022, 3),
            &v
        ));
        assert!(onvolledig("kosten_groei", "totaal", j(2022), &v));
        assert!(!onvolledig("kosten", "totaal", j(2022), &v));
        // Veilig Thuis has its own window (2022-01)
        assert!(onvolledig("vt_meldingen_per_100k", "totaal", j(2021), &v));
        assert!(!onvolledig("vt_meldingen_per_100k", "totaal", j(2022), &v));
        assert!(onvolledig("vt_hermelding_aandeel", "totaal", j(2023), &v));
        assert!(!onvolledig("vt_hermelding_aandeel", "12m", j(2023), &v));
        assert!(!onvolledig("vt_hermelding_aandeel", "totaal", j(2024), &v));
        // no window known: nothing marked
        assert!(!onvolledig(
            "trajectduur",
            "totaal",
            j(2021),
            &Venster::default()
        ));
    }
}
