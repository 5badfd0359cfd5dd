//! Line chart over periods: value with 95% band, national line and target path.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use crate::Trend;
use crate::afwerking::afwerken;
use crate::doek::{
    AS, BLAUW, Doek, LANDELIJK, LegendaItem, Letter, Monster, RASTER, STREEF, Schaal, TEKST_GRIJS,
    breedte, leeg, legenda, stukken, teken, zichtbare_labels,
};
use crate::getallen::{As, as_titel, kort, min_stap, nette_as_min, omvang, tick, voluit};

const B: u32 = 720;
const H: u32 = 340;

/// Value at `i` if it is a finite number.
pub(crate) fn op(v: &[Option<f64>], i: usize) -> Option<f64> {
    v.get(i).copied().flatten().filter(|x| x.is_finite())
}

/// The series cut or padded to `n` periods, non-finite values as gaps.
pub(crate) fn reeks(v: &[Option<f64>], n: usize) -> Vec<Option<f64>> {
    (0..n).map(|i| op(v, i)).collect()
}

/// The series of a [`Trend`] cut to its periods, with the legend name of `waarde`.
struct Reeksen {
    naam: String,
    waarde: Vec<Option<f64>>,
    landelijk: Vec<Option<f64>>,
    streef: Vec<Option<f64>>,
    /// The 95% interval per period, low before high.
    ci: Vec<Option<(f64, f64)>>,
}

impl Reeksen {
    fn uit(t: &Trend) -> Self {
        let n = t.perioden.len();
        let ci = (0..n)
            .map(|i| {
                t.ci.get(i)
                    .copied()
                    .flatten()
                    .filter(|(a, b)| a.is_finite() && b.is_finite())
                    .map(|(a, b)| (a.min(b), a.max(b)))
            })
            .collect();
        let naam = if t.reeksnaam.trim().is_empty() {
            "Waarde".to_string()
        } else {
            t.reeksnaam.clone()
        };
        Reeksen {
            naam,
            waarde: reeks(&t.waarde, n),
            landelijk: reeks(&t.landelijk, n),
            streef: reeks(&t.streef, n),
            ci,
        }
    }

    /// Every value drawn, interval ends included: what the axis must hold.
    fn alle(&self) -> Vec<f64> {
        self.waarde
            .iter()
            .chain(&self.landelijk)
            .chain(&self.streef)
            .flatten()
            .copied()
            .chain(self.ci.iter().flatten().flat_map(|(a, b)| [*a, *b]))
            .collect()
    }

    /// A legend item for every series that has a value.
    fn legenda(&self) -> Vec<LegendaItem> {
        let lijn = |kleur, dikte, punt| Monster::Lijn { kleur, dikte, punt };
        [
            (
                self.waarde.iter().any(Option::is_some),
                lijn(BLAUW, 3, true),
                self.naam.as_str(),
            ),
            (
                self.ci.iter().any(Option::is_some),
                Monster::Band(BLAUW.mix(0.2)),
                "95%-interval",
            ),
            (
                self.landelijk.iter().any(Option::is_some),
                lijn(LANDELIJK, 2, false),
                "Nederland",
            ),
            (
                self.streef.iter().any(Option::is_some),
                lijn(STREEF, 3, false),
                "Streefwaarde",
            ),
        ]
        .into_iter()
        .filter(|(heeft, _, _)| *heeft)
        .map(|(_, teken, tekst)| LegendaItem {
            teken,
            tekst: tekst.to_string(),
        })
        .collect()
    }
}

pub(crate) fn teken_trend(t: &Trend) -> String {
    let r = Reeksen::uit(t);
    let omschrijving = if t.omschrijving.trim().is_empty() {
        samenvatting(t, &r.naam, &r.waarde, &r.landelijk, &r.streef)
    } else {
        t.omschrijving.clone()
    };
    let Some((lo, hi)) = omvang(r.alle()) else {
        let ruw = leeg(B, H, "geen gegevens");
        return afwerken(&ruw, B, H, &t.titel, &omschrijving, &t.id);
    };
    let as_ = lijn_as(lo, hi, min_stap(&t.eenheid));
    let ruw = teken(B, H, |d| {
        let labels: Vec<String> = as_
            .ticks
            .iter()
            .map(|v| tick(*v, &t.eenheid, &as_))
            .collect();
        let v = Vlak::kies(d, t, &r, &as_, &labels);
        v.raster(d, &as_, &labels);
        v.periodelabels(d, &t.perioden);
        v.band(d, &r.ci);
        // Target (dotted) and national (dashed) lines; a lone value gets a short stroke.
        v.hulplijn(d, &r.streef, STREEF, 3);
        v.hulplijn(d, &r.landelijk, LANDELIJK, 2);
        v.reeks(d, t, &r);
    });
    afwerken(&ruw, B, H, &t.titel, &omschrijving, &t.id)
}

/// The plot area of a trend chart: its edges in pixels, the width of a period's slot, the
/// value scale and the widest period label.
struct Vlak {
    links: i32,
    rechts: i32,
    boven: i32,
    onder: i32,
    slot: f64,
    y: Schaal,
    label_breedte: f64,
}

impl Vlak {
    /// Lays out the chart around the y labels, the period labels and the legend (drawn here:
    /// its height decides the top of the plot area).
    fn kies(d: &Doek, t: &Trend, r: &Reeksen, as_: &As, labels: &[String]) -> Self {
        let n = t.perioden.len();
        let label_b = labels.iter().map(|l| breedte(l, 12.0)).fold(0.0, f64::max);
        let links = (12.0 + label_b + 10.0).ceil() as i32;
        // The last period label is centred on its point: keep room for half of it.
        let lb = t
            .perioden
            .iter()
            .map(|p| breedte(p, 12.0))
            .fold(0.0, f64::max);
        let slot0 = (B as f64 - 20.0 - links as f64) / n as f64;
        let rechts = B as i32 - 20.0_f64.max(lb / 2.0 - slot0 / 2.0 + 8.0).ceil() as i32;
        let mut boven = legenda(d, &r.legenda(), links, rechts, 6) + 10;
        if let Some(titel) = as_titel(&t.eenheid) {
            d.tekst(titel, (12, boven + 6), Letter::new(12.0).kleur(TEKST_GRIJS));
            boven += 28;
        }
        let onder = H as i32 - 34;
        let y = Schaal {
            d0: as_.min,
            d1: as_.max,
            p0: onder as f64,
            p1: boven as f64,
        };
        Vlak {
            links,
            rechts,
            boven,
            onder,
            slot: (rechts - links) as f64 / n as f64,
            y,
            label_breedte: lb,
        }
    }

    /// The x of period `i`: the middle of its slot.
    fn x(&self, i: usize) -> i32 {
        (self.links as f64 + (i as f64 + 0.5) * self.slot).round() as i32
    }

    /// Grid and y axis.
    fn raster(&self, d: &Doek, as_: &As, labels: &[String]) {
        for (v, label) in as_.ticks.iter().zip(labels) {
            let py = self.y.px(*v);
            let kleur = if *v == 0.0 && as_.min < 0.0 {
                AS
            } else {
                RASTER
            };
            d.lijn(vec![(self.links, py), (self.rechts, py)], kleur, 1);
            d.tekst(
                label,
                (self.links - 8, py),
                Letter::new(12.0).anker(HPos::Right, VPos::Center),
            );
        }
        d.lijn(
            vec![(self.links, self.onder), (self.rechts, self.onder)],
            AS,
            1,
        );
    }

    /// Period labels, thinned out when they would touch.
    fn periodelabels(&self, d: &Doek, perioden: &[String]) {
        let zichtbaar = zichtbare_labels(perioden.len(), self.label_breedte, self.slot);
        for (i, zichtbaar) in zichtbaar.into_iter().enumerate() {
            if zichtbaar {
                let x = self.x(i);
                d.lijn(vec![(x, self.onder), (x, self.onder + 5)], AS, 1);
                d.tekst(
                    &perioden[i],
                    (x, self.onder + 9),
                    Letter::new(12.0).anker(HPos::Center, VPos::Top),
                );
            }
        }
    }

    /// 95% band: a polygon per run, a short bar for a lone period.
    fn band(&self, d: &Doek, ci: &[Option<(f64, f64)>]) {
        let (x, y) = (|i| self.x(i), &self.y);
        let band = BLAUW.mix(0.2);
        let ci_waarden: Vec<Option<f64>> = ci.iter().map(|c| c.map(|_| 0.0)).collect();
        for stuk in stukken(&ci_waarden) {
            if stuk.len() == 1 {
                let i = stuk[0].0;
                if let Some((a, b)) = ci[i] {
                    d.blok((x(i) - 6, y.px(a)), (x(i) + 6, y.px(b)), band);
                }
                continue;
            }
            let mut punten: Vec<(i32, i32)> = stuk
                .iter()
                .filter_map(|(i, _)| ci[*i].map(|(_, b)| (x(*i), y.px(b))))
                .collect();
            punten.extend(
                stuk.iter()
                    .rev()
                    .filter_map(|(i, _)| ci[*i].map(|(a, _)| (x(*i), y.px(a)))),
            );
            d.vlak(punten, band);
        }
    }

    /// A target or national line; a lone value gets a short level stroke, dashed or dotted
    /// like the legend.
    fn hulplijn(&self, d: &Doek, reeks: &[Option<f64>], kleur: RGBColor, dikte: u32) {
        let (x, y) = (|i| self.x(i), &self.y);
        for stuk in stukken(reeks) {
            if stuk.len() == 1 {
                let (i, v) = stuk[0];
                let half = (self.slot * 0.3).clamp(8.0, 24.0) as i32;
                d.lijn(
                    vec![(x(i) - half, y.px(v)), (x(i) + half, y.px(v))],
                    kleur,
                    dikte,
                );
            } else {
                d.lijn(
                    stuk.iter().map(|(i, v)| (x(*i), y.px(*v))).collect(),
                    kleur,
                    dikte,
                );
            }
        }
    }

    /// The series itself: solid with markers, gaps where a value is missing, and its last
    /// value written beside its point.
    fn reeks(&self, d: &Doek, t: &Trend, r: &Reeksen) {
        let (x, y) = (|i| self.x(i), &self.y);
        for stuk in stukken(&r.waarde) {
            d.lijn(
                stuk.iter().map(|(i, v)| (x(*i), y.px(*v))).collect(),
                BLAUW,
                3,
            );
        }
        for (i, v) in r.waarde.iter().enumerate() {
            if let Some(v) = v {
                d.punt((x(i), y.px(*v)), 4, BLAUW);
            }
        }
        if let Some((i, v)) = r
            .waarde
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, v)| v.map(|v| (i, v)))
        {
            self.laatste_waarde(d, t, r, i, v);
        } else {
            d.tekst(
                &format!("geen gegevens voor {}", r.naam),
                (
                    (self.links + self.rechts) / 2,
                    (self.boven + self.onder) / 2,
                ),
                Letter::new(14.0)
                    .kleur(TEKST_GRIJS)
                    .anker(HPos::Center, VPos::Center),
            );
        }
    }

    /// The last value `v` (period `i`) as text: above the point unless that runs into the
    /// legend or another line there.
    fn laatste_waarde(&self, d: &Doek, t: &Trend, r: &Reeksen, i: usize, v: f64) {
        let py = self.y.px(v);
        let anderen: Vec<i32> = [r.landelijk[i], r.streef[i]]
            .into_iter()
            .flatten()
            .map(|w| self.y.px(w))
            .collect();
        let vrij = |a: i32, b: i32| anderen.iter().all(|o| *o < a || *o > b);
        let boven_past = py - 27 >= self.boven - 8;
        let onder_past = py + 27 <= self.onder;
        let erboven = if boven_past && vrij(py - 28, py - 4) {
            true
        } else if onder_past && vrij(py + 4, py + 28) {
            false
        } else {
            boven_past
        };
        let (ly, anker) = if erboven {
            (py - 11, VPos::Bottom)
        } else {
            (py + 12, VPos::Top)
        };
        d.tekst(
            &kort(v, &t.eenheid),
            (self.x(i), ly),
            Letter::new(13.0)
                .vet(true)
                .kleur(BLAUW)
                .anker(HPos::Center, anker),
        );
    }
}

/// Axis for a line: a little room above and below the data; never below zero for data
/// that cannot be negative.
fn lijn_as(lo: f64, hi: f64, min_stap: f64) -> As {
    let span = hi - lo;
    let mut a = lo - span * 0.06;
    let b = hi + span * 0.06;
    if lo >= 0.0 && a < 0.0 {
        a = 0.0;
    }
    nette_as_min(a, b, 5, min_stap)
}

/// "Twente: van 11,6% in 2020 naar 14,1% in 2024. Nederland: 13,2% in 2024."
fn samenvatting(
    t: &Trend,
    naam: &str,
    waarde: &[Option<f64>],
    landelijk: &[Option<f64>],
    streef: &[Option<f64>],
) -> String {
    let e = &t.eenheid;
    let met: Vec<(usize, f64)> = waarde
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let mut zinnen = Vec::new();
    match (met.first(), met.last()) {
        (Some(&(i, a)), Some(&(j, b))) if i != j => zinnen.push(format!(
            "{naam}: van {} in {} naar {} in {}.",
            voluit(a, e),
            t.perioden[i],
            voluit(b, e),
            t.perioden[j]
        )),
        (Some(&(i, a)), _) => {
            zinnen.push(format!("{naam}: {} in {}.", voluit(a, e), t.perioden[i]))
        }
        _ => zinnen.push(format!("Geen gegevens voor {naam}.")),
    }
    if let (Some(&(i, _)), Some(&(j, _))) = (met.first(), met.last()) {
        let gaten = (i..=j).filter(|k| waarde[*k].is_none()).count();
        if gaten == 1 {
            zinnen.push("1 periode niet getoond.".into());
        } else if gaten > 1 {
            zinnen.push(format!("{gaten} perioden niet getoond."));
        }
    }
    for (reeks, wie) in [(landelijk, "Nederland"), (streef, "Streefwaarde")] {
        if let Some((i, v)) = reeks
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, v)| v.map(|v| (i, v)))
        {
            zinnen.push(format!("{wie}: {} in {}.", voluit(v, e), t.perioden[i]));
        }
    }
    zinnen.join(" ")
}
