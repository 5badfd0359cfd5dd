//! Funnel plot: one point per provider, value against volume, with the caller's control
//! limits around the regional value.

use model::getal::nl;
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use crate::afwerking::afwerken;
use crate::doek::{
    AS, BLAUW, GRENS_95, GRENS_998, LegendaItem, Letter, Monster, ORANJE, RASTER, Schaal, TEKST,
    TEKST_GRIJS, VERMILJOEN, Vorm, breedte, leeg, legenda, teken,
};
use crate::getallen::{As, as_titel, kort, min_stap, nette_as_min, omvang, tick, voluit};
use crate::{Ligging, Trechter, Trechterpunt};

const B: u32 = 720;
const H: u32 = 440;
const H_LEEG: u32 = 140;
/// The centre line: near-black, solid.
const MIDDEN: RGBColor = TEKST;

/// One row of control limits, each pair ordered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Grens {
    pub volume: f64,
    pub onder95: f64,
    pub boven95: f64,
    pub onder998: f64,
    pub boven998: f64,
}

/// One of the four limit curves of a row.
type Kromme = fn(&Grens) -> f64;

/// The caller's limits without non-finite rows, sorted by volume.
pub(crate) fn grenzen(t: &Trechter) -> Vec<Grens> {
    let mut g: Vec<Grens> = t
        .grenzen
        .iter()
        .filter(|r| [r.0, r.1, r.2, r.3, r.4].iter().all(|v| v.is_finite()))
        .map(|&(volume, a, b, c, d)| Grens {
            volume,
            onder95: a.min(b),
            boven95: a.max(b),
            onder998: c.min(d),
            boven998: c.max(d),
        })
        .collect();
    g.sort_by(|a, b| a.volume.total_cmp(&b.volume));
    g
}

/// The limits at `volume`: a given row exactly at its volume, linear interpolation between
/// rows, the first or last row below or above them.
pub(crate) fn grens_op(g: &[Grens], volume: f64) -> Option<Grens> {
    let (eerste, laatste) = (g.first()?, g.last()?);
    if volume <= eerste.volume {
        return Some(*eerste);
    }
    if volume >= laatste.volume {
        return Some(*laatste);
    }
    // First row with a larger volume; 0 < i < len because of the checks above.
    let i = g.partition_point(|r| r.volume <= volume);
    let (a, b) = (g[i - 1], g[i]);
    if a.volume == volume {
        return Some(a);
    }
    let f = (volume - a.volume) / (b.volume - a.volume);
    let tussen = |x: f64, y: f64| x + f * (y - x);
    Some(Grens {
        volume,
        onder95: tussen(a.onder95, b.onder95),
        boven95: tussen(a.boven95, b.boven95),
        onder998: tussen(a.onder998, b.onder998),
        boven998: tussen(a.boven998, b.boven998),
    })
}

fn ligging_van(g: &[Grens], p: &Trechterpunt) -> Ligging {
    let w = p.waarde;
    if !p.volume.is_finite() || !w.is_finite() {
        return Ligging::Onbekend;
    }
    let Some(k) = grens_op(g, p.volume) else {
        return Ligging::Onbekend;
    };
    // On the limit is inside; the margin only absorbs floating-point noise.
    let marge = |grens: f64| 1e-9 * grens.abs().max(1.0);
    let tussen = |lo: f64, hi: f64| w >= lo - marge(lo) && w <= hi + marge(hi);
    if tussen(k.onder95, k.boven95) {
        Ligging::Binnen
    } else if tussen(k.onder998, k.boven998) {
        Ligging::LetOp {
            boven: w > k.boven95,
        }
    } else {
        Ligging::Buiten {
            boven: w > k.boven998,
        }
    }
}

pub(crate) fn liggingen(t: &Trechter) -> Vec<Ligging> {
    let g = grenzen(t);
    t.punten.iter().map(|p| ligging_van(&g, p)).collect()
}

fn getekend(p: &Trechterpunt) -> bool {
    p.volume.is_finite() && p.waarde.is_finite()
}

fn doel_label(t: &Trechter) -> String {
    if !t.doel_label.trim().is_empty() {
        t.doel_label.clone()
    } else if t.doel.is_finite() {
        format!("Regio {}", kort(t.doel, &t.eenheid))
    } else {
        String::new()
    }
}

/// Marker shape, colour and radius of a point.
fn stijl(l: Ligging, nadruk: bool) -> (Vorm, RGBColor, u32) {
    let (vorm, kleur, r) = match l {
        Ligging::Binnen | Ligging::Onbekend => (Vorm::Stip, BLAUW, 4),
        Ligging::LetOp { .. } => (Vorm::Ring, ORANJE, 5),
        Ligging::Buiten { .. } => (Vorm::Ruit, VERMILJOEN, 4),
    };
    (vorm, kleur, if nadruk { r + 2 } else { r })
}

/// The y range: points, the regional value and the 99,8% limits at the 5th-percentile
/// volume, the limits adding at most `ref` (the points' spread or the funnel's width at the
/// largest volume) on either side; percentages within 0–100.
fn y_as(t: &Trechter, g: &[Grens]) -> Option<As> {
    let punten: Vec<&Trechterpunt> = t.punten.iter().filter(|p| getekend(p)).collect();
    if punten.is_empty() {
        return None;
    }
    let doel = Some(t.doel).filter(|d| d.is_finite());
    let (plo, phi) = omvang(punten.iter().map(|p| p.waarde).chain(doel))?;
    let mut volumes: Vec<f64> = punten.iter().map(|p| p.volume).collect();
    volumes.sort_by(f64::total_cmp);
    let v5 = volumes[((volumes.len() - 1) as f64 * 0.05).floor() as usize];
    let vmax = volumes[volumes.len() - 1];
    let breedte_max = grens_op(g, vmax).map_or(0.0, |k| k.boven998 - k.onder998);
    let r = (phi - plo).max(breedte_max);
    let (mut lo, mut hi) = (plo, phi);
    if let Some(k) = grens_op(g, v5) {
        lo = lo.min(k.onder998.min(k.onder95).max(plo - r));
        hi = hi.max(k.boven998.max(k.boven95).min(phi + r));
    }
    let procent = t.eenheid == "procent";
    if plo >= 0.0 {
        lo = lo.max(0.0);
    }
    if procent {
        hi = hi.min(phi.max(100.0));
    }
    let span = hi - lo;
    let mut a = lo - span * 0.04;
    let mut b = hi + span * 0.04;
    if plo >= 0.0 && a < 0.0 {
        a = 0.0;
    }
    if procent && b > 100.0 && phi <= 100.0 {
        b = 100.0;
    }
    Some(nette_as_min(a, b, 5, min_stap(&t.eenheid)))
}

/// The part of segment `p`–`q` inside the rectangle, as fractions along it (Liang–Barsky).
fn knip_segment(p: (f64, f64), q: (f64, f64), r: [f64; 4]) -> Option<(f64, f64)> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (n, d) in [
        (-dx, p.0 - r[0]),
        (dx, r[1] - p.0),
        (-dy, p.1 - r[2]),
        (dy, r[3] - p.1),
    ] {
        if n == 0.0 {
            if d < 0.0 {
                return None;
            }
        } else {
            let t = d / n;
            if n < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// The pieces of the polyline through `punten` inside `r` = `[x0, x1, y0, y1]`.
pub(crate) fn knip(punten: &[(f64, f64)], r: [f64; 4]) -> Vec<Vec<(f64, f64)>> {
    let mut stukken = Vec::new();
    let mut huidig: Vec<(f64, f64)> = Vec::new();
    let op = |p: (f64, f64), q: (f64, f64), t: f64| {
        // Exact end points keep consecutive segments joined.
        if t == 0.0 {
            p
        } else if t == 1.0 {
            q
        } else {
            (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
        }
    };
    for w in punten.windows(2) {
        let Some((t0, t1)) = knip_segment(w[0], w[1], r) else {
            continue;
        };
        let (a, b) = (op(w[0], w[1], t0), op(w[0], w[1], t1));
        if huidig.last() != Some(&a) {
            if huidig.len() >= 2 {
                stukken.push(std::mem::take(&mut huidig));
            }
            huidig = vec![a];
        }
        huidig.push(b);
    }
    if huidig.len() >= 2 {
        stukken.push(huidig);
    }
    stukken
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub(crate) fn teken_trechter(t: &Trechter) -> String {
    let e = t.eenheid.as_str();
    let g = grenzen(t);
    let liggingen = liggingen(t);
    let midden_label = doel_label(t);
    let omschrijving = if t.omschrijving.trim().is_empty() {
        samenvatting(t, &liggingen, &midden_label, !g.is_empty())
    } else {
        t.omschrijving.clone()
    };
    let Some(as_y) = y_as(t, &g) else {
        let ruw = leeg(B, H_LEEG, "geen aanbieders met genoeg gegevens");
        return afwerken(&ruw, B, H_LEEG, &t.titel, &omschrijving, &t.id);
    };
    let doel = Some(t.doel).filter(|d| d.is_finite());
    let vmax = t
        .punten
        .iter()
        .filter(|p| getekend(p))
        .map(|p| p.volume)
        .fold(0.0, f64::max);

    let ruw = teken(B, H, |d| {
        let labels_y: Vec<String> = as_y.ticks.iter().map(|v| tick(*v, e, &as_y)).collect();
        let label_b = labels_y
            .iter()
            .map(|l| breedte(l, 12.0))
            .fold(0.0, f64::max);
        let links = (12.0 + label_b + 10.0).ceil() as i32;
        let rechts = B as i32 - 24;

        // Legend: the lines on one row, the kinds of points on the next.
        let lijn = |kleur, tekst: &str| LegendaItem {
            teken: Monster::Lijn {
                kleur,
                dikte: 2,
                punt: false,
            },
            tekst: tekst.to_string(),
        };
        let mut lijnen = Vec::new();
        if doel.is_some() {
            lijnen.push(lijn(MIDDEN, &midden_label));
        }
        let mut vormen = Vec::new();
        if !g.is_empty() {
            lijnen.push(lijn(GRENS_95, "95%-grens"));
            lijnen.push(lijn(GRENS_998, "99,8%-grens"));
            for (l, tekst) in [
                (Ligging::Binnen, "binnen de 95%-grenzen"),
                (Ligging::LetOp { boven: true }, "tussen 95% en 99,8%"),
                (Ligging::Buiten { boven: true }, "buiten de 99,8%-grenzen"),
            ] {
                let (vorm, kleur, _) = stijl(l, false);
                vormen.push(LegendaItem {
                    teken: Monster::Vorm(vorm, kleur),
                    tekst: tekst.into(),
                });
            }
        }
        let mut boven = 6;
        for rij in [&lijnen, &vormen] {
            if !rij.is_empty() {
                boven = legenda(d, rij, links, rechts, boven);
            }
        }
        boven += 10;
        if let Some(titel) = as_titel(e) {
            d.tekst(titel, (12, boven + 6), Letter::new(12.0).kleur(TEKST_GRIJS));
            boven += 28;
        }
        let onder = H as i32 - 58;

        // x: volume from 0, as many ticks as fit side by side.
        let breed = (rechts - links) as f64;
        let as_x = (2..=6)
            .rev()
            .map(|n| nette_as_min(0.0, vmax * 1.03, n, 1.0))
            .find(|a| {
                let w = a
                    .ticks
                    .iter()
                    .map(|v| breedte(&nl(*v, a.decimalen), 12.0))
                    .fold(0.0, f64::max);
                breed * a.stap / (a.max - a.min) >= w + 16.0
            })
            .unwrap_or_else(|| nette_as_min(0.0, vmax * 1.03, 1, 1.0));
        let x = Schaal {
            d0: as_x.min,
            d1: as_x.max,
            p0: links as f64,
            p1: rechts as f64,
        };
        let y = Schaal {
            d0: as_y.min,
            d1: as_y.max,
            p0: onder as f64,
            p1: boven as f64,
        };

        // Grid and axes.
        for (v, label) in as_y.ticks.iter().zip(&labels_y) {
            let py = y.px(*v);
            d.lijn(vec![(links, py), (rechts, py)], RASTER, 1);
            d.tekst(
                label,
                (links - 8, py),
                Letter::new(12.0).anker(HPos::Right, VPos::Center),
            );
        }
        for v in &as_x.ticks {
            let px = x.px(*v);
            d.lijn(vec![(px, boven), (px, onder)], RASTER, 1);
            d.lijn(vec![(px, onder), (px, onder + 5)], AS, 1);
            d.tekst(
                &nl(*v, as_x.decimalen),
                (px, onder + 9),
                Letter::new(12.0).anker(HPos::Center, VPos::Top),
            );
        }
        d.lijn(vec![(links, boven), (links, onder), (rechts, onder)], AS, 1);
        let volume_label = if t.volume_label.trim().is_empty() {
            "Volume"
        } else {
            t.volume_label.as_str()
        };
        d.tekst(
            volume_label,
            ((links + rechts) / 2, onder + 32),
            Letter::new(12.0)
                .kleur(TEKST_GRIJS)
                .anker(HPos::Center, VPos::Top),
        );

        // Limits, clipped to the plot: 99,8% dotted, then 95% dashed.
        let vak = [x.d0, x.d1, y.d0, y.d1];
        let curves: [(Kromme, RGBColor); 4] = [
            (|k| k.onder998, GRENS_998),
            (|k| k.boven998, GRENS_998),
            (|k| k.onder95, GRENS_95),
            (|k| k.boven95, GRENS_95),
        ];
        for (waarde, kleur) in curves {
            if g.len() == 1 {
                // A single row: a short level stroke at its volume.
                let (v, w) = (g[0].volume, waarde(&g[0]));
                if (x.d0..=x.d1).contains(&v) && (y.d0..=y.d1).contains(&w) {
                    let (px, py) = (x.px(v), y.px(w));
                    d.lijn(vec![(px - 12, py), (px + 12, py)], kleur, 2);
                }
                continue;
            }
            let curve: Vec<(f64, f64)> = g.iter().map(|k| (k.volume, waarde(k))).collect();
            for stuk in knip(&curve, vak) {
                d.lijn(
                    stuk.iter().map(|(v, w)| (x.px(*v), y.px(*w))).collect(),
                    kleur,
                    2,
                );
            }
        }
        if let Some(doel) = doel {
            let py = y.px(doel);
            d.lijn(vec![(links, py), (rechts, py)], MIDDEN, 2);
        }

        // Points: the ones that need attention on top, highlighted ones last.
        let rang = |l: Ligging| match l {
            Ligging::Binnen | Ligging::Onbekend => 0,
            Ligging::LetOp { .. } => 1,
            Ligging::Buiten { .. } => 2,
        };
        let mut volgorde: Vec<usize> = (0..t.punten.len())
            .filter(|i| getekend(&t.punten[*i]))
            .collect();
        volgorde.sort_by_key(|i| (t.punten[*i].nadruk, rang(liggingen[*i])));
        for &i in &volgorde {
            let p = &t.punten[i];
            let (vorm, kleur, r) = stijl(liggingen[i], p.nadruk);
            d.vorm((x.px(p.volume), y.px(p.waarde)), vorm, r, kleur);
        }
        let midden_py = doel.map(|v| y.px(v));
        for &i in volgorde.iter().filter(|i| t.punten[**i].nadruk) {
            let p = &t.punten[i];
            let (px, py) = (x.px(p.volume), y.px(p.waarde));
            let w = breedte(&p.label, 13.0).ceil() as i32;
            // Beside the point, or else diagonally above or below it, where the label fits
            // in the plot and the centre line does not run through it.
            let plekken = [
                (px + 14, py, HPos::Left, VPos::Center),
                (px - 14, py, HPos::Right, VPos::Center),
                (px + 10, py - 10, HPos::Left, VPos::Bottom),
                (px - 10, py - 10, HPos::Right, VPos::Bottom),
                (px + 10, py + 10, HPos::Left, VPos::Top),
                (px - 10, py + 10, HPos::Right, VPos::Top),
            ];
            let vak = |&(tx, ty, h, v): &(i32, i32, HPos, VPos)| {
                let x0 = if matches!(h, HPos::Left) { tx } else { tx - w };
                let y0 = match v {
                    VPos::Top => ty,
                    VPos::Center => ty - 8,
                    VPos::Bottom => ty - 16,
                };
                (x0, y0, x0 + w, y0 + 16)
            };
            let past = |plek: &(i32, i32, HPos, VPos)| {
                let (x0, _, x1, _) = vak(plek);
                x0 >= links + 2 && x1 <= B as i32 - 4
            };
            let vrij = |plek: &(i32, i32, HPos, VPos)| {
                let (_, y0, _, y1) = vak(plek);
                y0 >= boven - 4 && y1 <= onder && midden_py.is_none_or(|m| m < y0 || m > y1)
            };
            let (tx, ty, h, v) = plekken
                .iter()
                .find(|p| past(p) && vrij(p))
                .or_else(|| plekken.iter().find(|p| past(p)))
                .copied()
                .unwrap_or(plekken[0]);
            d.tekst(&p.label, (tx, ty), Letter::new(13.0).vet(true).anker(h, v));
        }
    });
    afwerken(&ruw, B, H, &t.titel, &omschrijving, &t.id)
}

fn aanbieders(n: usize) -> String {
    if n == 1 {
        "1 aanbieder".into()
    } else {
        format!("{n} aanbieders")
    }
}

/// "15 aanbieders, vergeleken met Twente 6,2%. 12 aanbieders binnen de 95%-grenzen, 2 tussen
/// 95% en 99,8%, 1 boven de 99,8%-grens. Boven de 99,8%-grens: Zorg B (14,3%)."
fn samenvatting(t: &Trechter, liggingen: &[Ligging], midden: &str, met_grenzen: bool) -> String {
    let e = t.eenheid.as_str();
    let getekend_n = t.punten.iter().filter(|p| getekend(p)).count();
    if getekend_n == 0 {
        return "Geen aanbieders met genoeg gegevens.".into();
    }
    let mut zinnen = vec![if midden.is_empty() {
        format!("{}.", aanbieders(getekend_n))
    } else {
        format!("{}, vergeleken met {midden}.", aanbieders(getekend_n))
    }];
    let tel = |f: fn(&Ligging) -> bool| liggingen.iter().filter(|l| f(l)).count();
    if met_grenzen {
        let binnen = tel(|l| *l == Ligging::Binnen);
        let let_op = tel(|l| matches!(l, Ligging::LetOp { .. }));
        let boven = tel(|l| *l == Ligging::Buiten { boven: true });
        let onder = tel(|l| *l == Ligging::Buiten { boven: false });
        let buiten = match (boven, onder) {
            (0, 0) => "geen buiten de 99,8%-grenzen".to_string(),
            (b, 0) => format!("{b} boven de 99,8%-grens"),
            (0, o) => format!("{o} onder de 99,8%-grens"),
            (b, o) => format!("{b} boven en {o} onder de 99,8%-grenzen"),
        };
        zinnen.push(format!(
            "{} binnen de 95%-grenzen, {let_op} tussen 95% en 99,8%, {buiten}.",
            aanbieders(binnen)
        ));
        for (kant, boven) in [("Boven", true), ("Onder", false)] {
            let namen: Vec<String> = t
                .punten
                .iter()
                .zip(liggingen)
                .filter(|(_, l)| **l == Ligging::Buiten { boven })
                .map(|(p, _)| format!("{} ({})", p.label, voluit(p.waarde, e)))
                .collect();
            if !namen.is_empty() {
                zinnen.push(format!("{kant} de 99,8%-grens: {}.", lijst(&namen)));
            }
        }
    } else {
        zinnen.push("Geen controlegrenzen opgegeven.".into());
    }
    for (p, l) in t.punten.iter().zip(liggingen) {
        if !p.nadruk || !getekend(p) {
            continue;
        }
        let waar = match l {
            Ligging::Binnen => "binnen de 95%-grenzen",
            Ligging::LetOp { boven: true } => "boven de 95%-grens, binnen de 99,8%-grenzen",
            Ligging::LetOp { boven: false } => "onder de 95%-grens, binnen de 99,8%-grenzen",
            Ligging::Buiten { boven: true } => "boven de 99,8%-grens",
            Ligging::Buiten { boven: false } => "onder de 99,8%-grens",
            Ligging::Onbekend => "",
        };
        let mut zin = format!(
            "{}: {} bij volume {}",
            p.label,
            voluit(p.waarde, e),
            nl(p.volume, if p.volume.fract() == 0.0 { 0 } else { 1 })
        );
        if !waar.is_empty() {
            zin.push_str(", ");
            zin.push_str(waar);
        }
        zin.push('.');
        zinnen.push(zin);
    }
    let niet = t.punten.len() - getekend_n;
    if niet > 0 {
        zinnen.push(format!(
            "{} zonder geldige waarde niet getekend.",
            aanbieders(niet)
        ));
    }
    zinnen.join(" ")
}

/// "A, B en C"; after ten names "en nog 4".
fn lijst(namen: &[String]) -> String {
    const MAX: usize = 10;
    if namen.len() > MAX {
        return format!("{} en nog {}", namen[..MAX].join(", "), namen.len() - MAX);
    }
    match namen {
        [] => String::new(),
        [een] => een.clone(),
        [voor @ .., laatste] => format!("{} en {laatste}", voor.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rij(volume: f64, a: f64, b: f64, c: f64, d: f64) -> (f64, f64, f64, f64, f64) {
        (volume, a, b, c, d)
    }

    #[test]
    fn interpolatie_exact_op_rijen() {
        let t = Trechter {
            grenzen: vec![
                rij(100.0, 4.0, 8.0, 3.0, 9.0),
                rij(10.0, 0.0, 20.0, 0.0, 30.0),
            ],
            ..Default::default()
        };
        let g = grenzen(&t);
        assert_eq!(g[0].volume, 10.0, "sorted");
        assert_eq!(grens_op(&g, 100.0).unwrap().boven95, 8.0);
        assert_eq!(grens_op(&g, 5.0).unwrap().boven95, 20.0, "first row below");
        assert_eq!(grens_op(&g, 500.0).unwrap().onder998, 3.0, "last row above");
        let m = grens_op(&g, 55.0).unwrap();
        assert!((m.boven95 - 14.0).abs() < 1e-12);
        assert!((m.onder95 - 2.0).abs() < 1e-12);
        assert!(grens_op(&[], 5.0).is_none());
    }

    #[test]
    fn knippen_in_het_vak() {
        let r = [0.0, 10.0, 0.0, 10.0];
        // Leaves through the top and comes back: two pieces.
        let stukken = knip(&[(0.0, 5.0), (2.0, 15.0), (4.0, 5.0), (6.0, 5.0)], r);
        assert_eq!(stukken.len(), 2);
        assert_eq!(stukken[0], vec![(0.0, 5.0), (1.0, 10.0)]);
        assert_eq!(stukken[1], vec![(3.0, 10.0), (4.0, 5.0), (6.0, 5.0)]);
        assert!(knip(&[(0.0, 20.0), (5.0, 30.0)], r).is_empty());
    }

    #[test]
    fn lijst_van_namen() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(lijst(&n(&["A"])), "A");
        assert_eq!(lijst(&n(&["A", "B", "C"])), "A, B en C");
    }
}
