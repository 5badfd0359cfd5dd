//! Backtest (issue 23, item 5): a rolling-origin evaluation of the forecasts and signals over a
//! sequence of releases, each made by ingesting the deliveries up to one month (the origin),
//! against the final release. `jeugdstuur backtest` builds the sequence from the demo world;
//! this module only compares releases, so any region's own history can be evaluated the same
//! way.
//!
//! - **Nowcast**: every nowcast of an origin's release (a provisional month's published value
//!   and its expected final value) against the month's value in the final release, where that
//!   month is complete there (at least [`nowcast::VOLLEDIG`] months before its newest
//!   delivery) and published. The naive baseline takes the provisional value as final. Reported
//!   per quantity and level: the ratio of the summed absolute errors (nowcast ÷ baseline) and
//!   the share of final values inside the 80% interval.
//! - **Signals**: per origin, the signals of its release and the number of series judged; the
//!   rate per series per year is `signals ÷ series × 12` (each release judges one new month per
//!   series). In a world without events every signal is a false alarm.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::IngestFout;
use crate::indicatoren::bereken::Catalogus;
use crate::indicatoren::nowcast::{self, Nowcast};
use crate::indicatoren::signalen::{self, maandnummer};
use crate::indicatoren::uitvoer::{Waarde, lees_waarden};
use crate::indicatoren::{Niveau, Uitsplitsing};

/// The comparison of one group of nowcasts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meting {
    pub n: usize,
    /// Σ |expected − final|.
    pub fout_nowcast: f64,
    /// Σ |provisional − final| (the naive baseline).
    pub fout_voorlopig: f64,
    /// Final values inside the 80% interval.
    pub binnen: usize,
}

impl Meting {
    fn tel(&mut self, n: &Nowcast, eind: f64) {
        self.tel_waarden(n.verwacht, n.waargenomen, n.ondergrens, n.bovengrens, eind);
    }

    /// One forecast (`verwacht`, its interval) and the baseline's (`naief`) against the outcome.
    pub fn tel_waarden(&mut self, verwacht: f64, naief: f64, onder: f64, boven: f64, eind: f64) {
        self.n += 1;
        self.fout_nowcast += (verwacht - eind).abs();
        self.fout_voorlopig += (naief - eind).abs();
        if (onder..=boven).contains(&eind) {
            self.binnen += 1;
        }
    }

    /// Error of the nowcast ÷ error of taking the provisional value as final.
    pub fn verhouding(&self) -> Option<f64> {
        (self.fout_voorlopig > 0.0).then(|| self.fout_nowcast / self.fout_voorlopig)
    }

    pub fn dekking(&self) -> Option<f64> {
        (self.n > 0).then(|| self.binnen as f64 / self.n as f64)
    }
}

/// The signals of one origin's release.
#[derive(Debug, Clone, PartialEq)]
pub struct Signaalmeting {
    pub release: String,
    pub maand: String,
    pub signalen: usize,
    pub reeksen: usize,
    /// The signals themselves (indicator, niveau, code, split, month).
    pub lijst: Vec<(String, Niveau, String, Uitsplitsing, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Uitslag {
    /// Per (quantity, level) and per (quantity, age in months).
    pub per_niveau: BTreeMap<(&'static str, Niveau), Meting>,
    pub per_leeftijd: BTreeMap<(&'static str, i64), Meting>,
    /// Year-end cost projections per month of the year they were made in (the month of their
    /// newest month, 1–12) and per level; the baseline is last year × growth so far.
    pub jaar_per_maand: BTreeMap<(u32, Niveau), Meting>,
    /// The verblijf outlook's expected stand per (months ahead, level) against the final
    /// release's stand of that month; the baseline is the stand at the peildatum.
    pub verblijf_per_horizon: BTreeMap<(i64, Niveau), Meting>,
    pub signalen: Vec<Signaalmeting>,
    /// The origins (release, newest delivery) and the final release.
    pub herkomsten: Vec<(String, String)>,
    pub eind: String,
}

impl Uitslag {
    /// Σ signals ÷ Σ series judged × 12.
    pub fn signalen_per_reeks_per_jaar(&self) -> Option<f64> {
        let (s, r) = self
            .signalen
            .iter()
            .fold((0, 0), |(s, r), m| (s + m.signalen, r + m.reeksen));
        (r > 0).then(|| s as f64 / r as f64 * 12.0)
    }
}

type Sleutel = (String, Niveau, String, String);
/// Nowcast comparisons per (quantity, level) and per (quantity, age).
type PerNiveau = BTreeMap<(&'static str, Niveau), Meting>;
type PerLeeftijd = BTreeMap<(&'static str, i64), Meting>;

fn eindwaarden(waarden: &[Waarde]) -> HashMap<Sleutel, &Waarde> {
    waarden
        .iter()
        .filter(|w| w.uitsplitsing.is_totaal() && !w.onderdrukt)
        .map(|w| {
            (
                (
                    w.indicator.clone(),
                    w.niveau,
                    w.code.clone(),
                    w.periode.clone(),
                ),
                w,
            )
        })
        .collect()
}

/// Compares the nowcasts of the origins' releases with the final release (see the module docs).
pub fn vergelijk_nowcasts(
    herkomsten: &[Vec<Nowcast>],
    eind: &[Waarde],
    eind_laatste: &str,
) -> (PerNiveau, PerLeeftijd) {
    let kaart = eindwaarden(eind);
    let grens = maandnummer(eind_laatste).map(|l| l - nowcast::VOLLEDIG);
    let (mut per_niveau, mut per_leeftijd) = (BTreeMap::new(), BTreeMap::new());
    for n in herkomsten.iter().flatten() {
        let (Some(m), Some(grens)) = (maandnummer(&n.periode), grens) else {
            continue;
        };
        if m > grens {
            continue;
        }
        let Some(w) = kaart.get(&(
            n.indicator.clone(),
            n.niveau,
            n.code.clone(),
            n.periode.clone(),
        )) else {
            continue;
        };
        let noemer = nowcast::Grootheid::parse(n.grootheid)
            .and_then(|g| g.kolom_van(&n.indicator))
            .unwrap_or(false);
        let Some(eind) = (if noemer { w.noemer } else { w.waarde }) else {
            continue;
        };
        per_niveau
            .entry((n.grootheid, n.niveau))
            .or_insert_with(Meting::default)
            .tel(n, eind);
        per_leeftijd
            .entry((n.grootheid, n.leeftijd))
            .or_insert_with(Meting::default)
            .tel(n, eind);
    }
    (per_niveau, per_leeftijd)
}

/// Compares year-end projections with the final release's year value, for years complete there.
pub fn vergelijk_jaarprognoses(
    herkomsten: &[Vec<crate::indicatoren::jaarprognose::Jaarprognose>],
    eind: &[Waarde],
    eind_laatste: &str,
) -> BTreeMap<(u32, Niveau), Meting> {
    let kaart: HashMap<(Niveau, &str, &str, &str), f64> = eind
        .iter()
        .filter(|w| w.indicator == "kosten" && !w.onderdrukt)
        .filter_map(|w| {
            Some((
                (
                    w.niveau,
                    w.code.as_str(),
                    w.uitsplitsing.as_str(),
                    w.periode.as_str(),
                ),
                w.waarde?,
            ))
        })
        .collect();
    let grens = maandnummer(eind_laatste).map(|l| l - nowcast::VOLLEDIG);
    let mut uit: BTreeMap<(u32, Niveau), Meting> = BTreeMap::new();
    for p in herkomsten.iter().flatten() {
        let december = i64::from(p.jaar) * 12 + 11;
        if grens.is_none_or(|g| december > g) {
            continue;
        }
        let jaar = p.jaar.to_string();
        let Some(eind) = kaart.get(&(
            p.niveau,
            p.code.as_str(),
            p.uitsplitsing.as_str(),
            jaar.as_str(),
        )) else {
            continue;
        };
        let Some(maand) = maandnummer(&p.tot_maand) else {
            continue;
        };
        uit.entry((maand.rem_euclid(12) as u32 + 1, p.niveau))
            .or_default()
            .tel_waarden(p.prognose, p.naief, p.ondergrens, p.bovengrens, *eind);
    }
    uit
}

/// Compares the verblijf outlook's expected stands (all areas, totaal) with the final
/// release's published `verblijf_stand` of that month, for months complete there.
pub fn vergelijk_verblijf(
    herkomsten: &[Vec<crate::indicatoren::verblijfsprognose::Verblijfsprognose>],
    eind: &[Waarde],
    eind_laatste: &str,
) -> BTreeMap<(i64, Niveau), Meting> {
    let kaart = eindwaarden(eind);
    let grens = maandnummer(eind_laatste).map(|l| l - nowcast::VOLLEDIG);
    let mut uit: BTreeMap<(i64, Niveau), Meting> = BTreeMap::new();
    for p in herkomsten.iter().flatten() {
        let (Some(stand), Some(onder), Some(boven), Some(nu)) =
            (p.stand, p.ondergrens, p.bovengrens, p.stand_nu)
        else {
            continue;
        };
        if grens.is_none_or(|g| maandnummer(&p.maand).is_none_or(|m| m > g)) {
            continue;
        }
        let Some(eind) = kaart
            .get(&(
                "verblijf_stand".to_string(),
                p.niveau,
                p.code.clone(),
                p.maand.clone(),
            ))
            .and_then(|w| w.waarde)
        else {
            continue;
        };
        uit.entry((p.horizon, p.niveau))
            .or_default()
            .tel_waarden(stand, nu, onder, boven, eind);
    }
    uit
}

/// The backtest of a data folder: `herkomsten` are the origins' releases (oldest first),
/// `eind` the final release.
pub fn evalueer(data: &Path, herkomsten: &[String], eind: &str) -> Result<Uitslag, IngestFout> {
    let eind_manifest = crate::release::lees_manifest(data, eind)?;
    let eind_laatste = eind_manifest
        .laatste_aanlevering
        .clone()
        .unwrap_or_default();
    let eindwaarden = lees_waarden(data, eind)?;
    let catalogus = Catalogus::standaard();
    let mut nowcasts = Vec::new();
    let mut jaarprognoses = Vec::new();
    let mut verblijf = Vec::new();
    let mut uitslag = Uitslag {
        eind: eind.to_string(),
        ..Uitslag::default()
    };
    for r in herkomsten {
        let m = crate::release::lees_manifest(data, r)?;
        let maand = m.laatste_aanlevering.clone().unwrap_or_default();
        uitslag.herkomsten.push((r.clone(), maand.clone()));
        let n = nowcast::lees(data, r)?;
        let waarden = lees_waarden(data, r)?;
        // Recomputed from the release's published values and nowcasts (what ingest does), so
        // an evaluation of existing releases measures this build's method.
        jaarprognoses.push(crate::indicatoren::jaarprognose::jaarprognoses(
            &waarden,
            &n,
            &[],
        ));
        nowcasts.push(n);
        verblijf.push(crate::indicatoren::verblijfsprognose::lees(data, r)?.0);
        let (s, reeksen) = signalen::signalen_en_reeksen(&waarden, &catalogus);
        uitslag.signalen.push(Signaalmeting {
            release: r.clone(),
            maand,
            signalen: s.len(),
            reeksen,
            lijst: s
                .into_iter()
                .map(|x| (x.indicator, x.niveau, x.code, x.uitsplitsing, x.periode))
                .collect(),
        });
    }
    let (per_niveau, per_leeftijd) = vergelijk_nowcasts(&nowcasts, &eindwaarden, &eind_laatste);
    uitslag.per_niveau = per_niveau;
    uitslag.per_leeftijd = per_leeftijd;
    uitslag.jaar_per_maand = vergelijk_jaarprognoses(&jaarprognoses, &eindwaarden, &eind_laatste);
    uitslag.verblijf_per_horizon = vergelijk_verblijf(&verblijf, &eindwaarden, &eind_laatste);
    Ok(uitslag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nc(grootheid: &'static str, code: &str, periode: &str, waar: f64, verw: f64) -> Nowcast {
        Nowcast {
            grootheid,
            indicator: if grootheid == "kosten" {
                "kosten".into()
            } else {
                "crisis_start_aandeel".into()
            },
            niveau: Niveau::Gemeente,
            code: code.into(),
            naam: None,
            periode: periode.into(),
            leeftijd: 1,
            waargenomen: waar,
            verwacht: verw,
            ondergrens: verw * 0.9,
            bovengrens: verw * 1.1,
            factor: verw / waar,
            maanden: 10,
        }
    }

    fn eind(ind: &str, code: &str, periode: &str, waarde: f64, noemer: Option<f64>) -> Waarde {
        Waarde {
            noemer,
            ..Waarde::test(ind, Niveau::Gemeente, code, periode, waarde)
        }
    }

    /// By hand: two cost nowcasts (errors 10 and 5 against naive 40 and 20: ratio 15/60 =
    /// 0,25; finals 110 inside [90, 110] and 95 inside [81, 99]), one count nowcast judged on
    /// the noemer (12: errors 2 and 4, outside [9, 11]), one month too recent to judge and one
    /// whose final value is hidden.
    #[test]
    fn hand_computed_errors_and_coverage() {
        let herk = vec![vec![
            nc("kosten", "GM1", "2023-01", 70.0, 100.0),
            nc("kosten", "GM2", "2023-02", 75.0, 90.0),
            nc("gestarte_trajecten", "GM1", "2023-01", 8.0, 10.0),
            nc("kosten", "GM1", "2024-06", 70.0, 100.0),
            nc("kosten", "GM3", "2023-01", 70.0, 100.0),
        ]];
        let mut verborgen = eind("kosten", "GM3", "2023-01", 1.0, None);
        verborgen.onderdrukt = true;
        let e = vec![
            eind("kosten", "GM1", "2023-01", 110.0, None),
            eind("kosten", "GM2", "2023-02", 95.0, None),
            eind("crisis_start_aandeel", "GM1", "2023-01", 5.0, Some(12.0)),
            eind("kosten", "GM1", "2024-06", 100.0, None),
            verborgen,
        ];
        // Newest delivery 2024-06: months up to 2023-06 are complete.
        let (per_niveau, per_leeftijd) = vergelijk_nowcasts(&herk, &e, "2024-06");
        let k = &per_niveau[&("kosten", Niveau::Gemeente)];
        assert_eq!(k.n, 2);
        assert!((k.fout_nowcast - 15.0).abs() < 1e-9);
        assert!((k.fout_voorlopig - 60.0).abs() < 1e-9);
        assert!((k.verhouding().unwrap() - 0.25).abs() < 1e-12);
        // 110 in [90, 110]; 95 in [81, 99].
        assert_eq!(k.binnen, 2);
        let s = &per_niveau[&("gestarte_trajecten", Niveau::Gemeente)];
        // Final noemer 12: errors 2 and 4; 12 outside [9, 11].
        assert_eq!((s.n, s.binnen), (1, 0));
        assert!((s.verhouding().unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(per_leeftijd[&("kosten", 1)].n, 2);
    }

    #[test]
    fn signal_rate_per_series_per_year() {
        let u = Uitslag {
            signalen: vec![
                Signaalmeting {
                    release: "r1".into(),
                    maand: "2023-01".into(),
                    signalen: 1,
                    reeksen: 100,
                    lijst: Vec::new(),
                },
                Signaalmeting {
                    release: "r2".into(),
                    maand: "2023-02".into(),
                    signalen: 3,
                    reeksen: 100,
                    lijst: Vec::new(),
                },
            ],
            ..Uitslag::default()
        };
        // 4 signals over 200 series-months = 0,02 per series-month = 0,24 per series-year.
        assert!((u.signalen_per_reeks_per_jaar().unwrap() - 0.24).abs() < 1e-12);
    }
}
