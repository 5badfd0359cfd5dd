//! Horizontal bars per gemeente with 95% whiskers and reference lines.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use crate::Staven;
use crate::afwerking::afwerken;
use crate::doek::{
    AS, BLAUW, HEMELBLAUW, LANDELIJK, Letter, RASTER, Schaal, TEKST, TEKST_GRIJS, VERMILJOEN,
    breedte, inkorten, leeg, teken,
};
use crate::getallen::{as_titel, kort, min_stap, nette_as_min, omvang, tick, voluit};

const B: u32 = 720;
const RIJ: i32 = 28;
/// Longer gemeente names are shortened with "…".
const MAX_NAAM: f64 = 230.0;
const NADRUK_ACHTERGROND: RGBColor = RGBColor(0xE8, 0xF1, 0xF8);

fn eindig(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn ci_van(ci: Option<(f64, f64)>) -> Option<(f64, f64)> {
    ci.filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (a.min(b), a.max(b)))
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub(crate) fn teken_staven(s: &Staven) -> String {
    let omschrijving = if s.omschrijving.trim().is_empty() {
        samenvatting(s)
    } else {
        s.omschrijving.clone()
    };
    let waarden: Vec<Option<f64>> = s.staven.iter().map(|st| eindig(st.waarde)).collect();
    let landelijk = eindig(s.landelijk);
    let regio = eindig(s.regio);
    let alle: Vec<f64> = waarden
        .iter()
        .flatten()
        .copied()
        .chain(
            s.staven
                .iter()
                .filter(|st| eindig(st.waarde).is_some())
                .filter_map(|st| ci_van(st.ci))
                .flat_map(|(a, b)| [a, b]),
        )
        .chain(landelijk)
        .chain(regio)
        .collect();
    if s.staven.is_empty() || waarden.iter().all(Option::is_none) {
        let h = 120;
        let melding = if s.staven.is_empty() {
            "geen gegevens"
        } else {
            "geen gegevens (alle waarden niet getoond)"
        };
        return afwerken(&leeg(B, h, melding), B, h, &s.titel, &omschrijving, &s.id);
    }
    let (lo, hi) = omvang(alle.iter().copied().chain([0.0])).unwrap_or((0.0, 1.0));
    let e = s.eenheid.as_str();

    let regio_naam = if s.regio_naam.trim().is_empty() {
        "Regio".to_string()
    } else {
        s.regio_naam.clone()
    };
    let refs: Vec<(String, f64, RGBColor)> = [
        landelijk.map(|v| (format!("Nederland {}", kort(v, e)), v, LANDELIJK)),
        regio.map(|v| (format!("{regio_naam} {}", kort(v, e)), v, VERMILJOEN)),
    ]
    .into_iter()
    .flatten()
    .collect();

    let n = s.staven.len() as i32;
    let boven = 8 + refs.len() as i32 * 20 + if refs.is_empty() { 0 } else { 8 };
    let onder = boven + n * RIJ;
    let titel_as = as_titel(e);
    let h = (onder + 32 + if titel_as.is_some() { 18 } else { 0 } + 4) as u32;

    // Columns: names, then the bars with room for the value labels beside the longest.
    let namen_b = s
        .staven
        .iter()
        .map(|st| breedte(&st.label, 13.0) * if st.nadruk { 1.1 } else { 1.0 })
        .fold(0.0, f64::max)
        .min(MAX_NAAM);
    let links = (12.0 + namen_b + 12.0).ceil() as i32;
    let rechts = B as i32 - 16;
    let label_b = waarden
        .iter()
        .flatten()
        .map(|v| breedte(&kort(*v, e), 12.0))
        .fold(0.0, f64::max)
        + 12.0;
    let ruimte_r = if hi > 0.0 { label_b } else { 0.0 };
    let ruimte_l = if waarden.iter().flatten().any(|v| *v < 0.0) {
        label_b
    } else {
        0.0
    };
    let (p0, p1) = (links as f64 + ruimte_l, rechts as f64 - ruimte_r);
    // As many ticks as fit side by side without their labels touching.
    let as_ = (2..=6)
        .rev()
        .map(|doel| nette_as_min(lo, hi, doel, min_stap(e)))
        .find(|a| {
            let w = a
                .ticks
                .iter()
                .map(|v| breedte(&tick(*v, e, a), 12.0))
                .fold(0.0, f64::max);
            (p1 - p0) * a.stap / (a.max - a.min) >= w + 12.0
        })
        .unwrap_or_else(|| nette_as_min(lo, hi, 1, min_stap(e)));
    let x = Schaal {
        d0: as_.min,
        d1: as_.max,
        p0,
        p1,
    };

    let ruw = teken(B, h, |d| {
        // Texts go on last, over lines and bars (their white halo keeps them legible).
        let mut teksten: Vec<(String, (i32, i32), Letter)> = Vec::new();

        // Highlighted rows get a light background.
        for (i, st) in s.staven.iter().enumerate() {
            if st.nadruk {
                let y0 = boven + i as i32 * RIJ;
                d.blok(
                    (4, y0),
                    (B as i32 - 4, y0 + RIJ),
                    NADRUK_ACHTERGROND.to_rgba(),
                );
            }
        }

        // Grid and value axis.
        for v in &as_.ticks {
            let px = x.px(*v);
            let kleur = if *v == 0.0 { AS } else { RASTER };
            d.lijn(vec![(px, boven), (px, onder)], kleur, 1);
            d.lijn(vec![(px, onder), (px, onder + 5)], AS, 1);
            teksten.push((
                tick(*v, e, &as_),
                (px, onder + 9),
                Letter::new(12.0).anker(HPos::Center, VPos::Top),
            ));
        }
        if let Some(titel) = titel_as {
            teksten.push((
                titel.to_string(),
                ((x.p0 + x.p1) as i32 / 2, onder + 30),
                Letter::new(12.0)
                    .kleur(TEKST_GRIJS)
                    .anker(HPos::Center, VPos::Top),
            ));
        }

        let nul = x.px(0.0);
        for (i, st) in s.staven.iter().enumerate() {
            let yc = boven + i as i32 * RIJ + RIJ / 2;
            teksten.push((
                inkorten(&st.label, 13.0, MAX_NAAM),
                (links - 10, yc),
                Letter::new(13.0)
                    .vet(st.nadruk)
                    .anker(HPos::Right, VPos::Center),
            ));
            let Some(v) = waarden[i] else {
                teksten.push((
                    "niet getoond".into(),
                    (nul + 6, yc),
                    Letter::new(12.0)
                        .cursief()
                        .kleur(TEKST_GRIJS)
                        .anker(HPos::Left, VPos::Center),
                ));
                continue;
            };
            let xv = x.px(v);
            let kleur = if st.nadruk { BLAUW } else { HEMELBLAUW };
            d.blok((nul, yc - 8), (xv, yc + 8), kleur.to_rgba());
            if !st.nadruk && xv != nul {
                d.kader((nul, yc - 8), (xv, yc + 8), BLAUW);
            }
            let mut uiterst = (xv, xv);
            if let Some((a, b)) = ci_van(st.ci) {
                let (xa, xb) = (x.px(a), x.px(b));
                d.lijn(vec![(xa, yc), (xb, yc)], TEKST, 1);
                d.lijn(vec![(xa, yc - 5), (xa, yc + 5)], TEKST, 1);
                d.lijn(vec![(xb, yc - 5), (xb, yc + 5)], TEKST, 1);
                uiterst = (xa.min(xv), xb.max(xv));
            }
            let letter = Letter::new(12.0).vet(st.nadruk);
            teksten.push(if v >= 0.0 {
                (
                    kort(v, e),
                    (uiterst.1 + 6, yc),
                    letter.anker(HPos::Left, VPos::Center),
                )
            } else {
                (
                    kort(v, e),
                    (uiterst.0 - 6, yc),
                    letter.anker(HPos::Right, VPos::Center),
                )
            });
        }

        // Reference lines with their label in a row of their own above the bars. The second
        // label goes on the side away from the first line so that line does not cross it.
        let mut eerste_x = None;
        for (k, (tekst, v, kleur)) in refs.iter().enumerate() {
            let px = x.px(*v);
            let ly = 8 + k as i32 * 20 + 10;
            let w = breedte(tekst, 12.0) as i32;
            let past_rechts = px + 6 + w <= B as i32 - 4;
            let past_links = px - 6 - w >= 4;
            let voorkeur_rechts = eerste_x.is_none_or(|x0| px >= x0);
            let rechts_ervan = if voorkeur_rechts {
                past_rechts || !past_links
            } else {
                !past_links
            };
            let (tx, anker) = if rechts_ervan {
                (px + 6, HPos::Left)
            } else {
                (px - 6, HPos::Right)
            };
            d.lijn(vec![(px, ly - 6), (px, onder)], *kleur, 2);
            teksten.push((
                tekst.clone(),
                (tx, ly),
                Letter::new(12.0).anker(anker, VPos::Center),
            ));
            eerste_x.get_or_insert(px);
        }
        for (tekst, p, letter) in &teksten {
            d.tekst(tekst, *p, *letter);
        }
    });
    afwerken(&ruw, B, h, &s.titel, &omschrijving, &s.id)
}

/// "12 gemeenten. Hoogste: Enschede (14,1%); laagste: … 2 niet getoond. Nederland: 13,2%."
fn samenvatting(s: &Staven) -> String {
    let e = s.eenheid.as_str();
    let met: Vec<(&str, f64)> = s
        .staven
        .iter()
        .filter_map(|st| eindig(st.waarde).map(|v| (st.label.as_str(), v)))
        .collect();
    let mut zinnen = vec![format!(
        "{} {}.",
        s.staven.len(),
        if s.staven.len() == 1 {
            "staaf"
        } else {
            "staven"
        }
    )];
    let hoog = met
        .iter()
        .copied()
        .reduce(|a, b| if b.1 > a.1 { b } else { a });
    let laag = met
        .iter()
        .copied()
        .reduce(|a, b| if b.1 < a.1 { b } else { a });
    if let (Some(h), Some(l)) = (hoog, laag) {
        if met.len() > 1 {
            zinnen.push(format!(
                "Hoogste: {} ({}); laagste: {} ({}).",
                h.0,
                voluit(h.1, e),
                l.0,
                voluit(l.1, e)
            ));
        } else {
            zinnen.push(format!("{}: {}.", h.0, voluit(h.1, e)));
        }
    }
    let verborgen = s.staven.len() - met.len();
    if verborgen > 0 {
        zinnen.push(format!("{verborgen} niet getoond."));
    }
    if let Some(v) = eindig(s.landelijk) {
        zinnen.push(format!("Nederland: {}.", voluit(v, e)));
    }
    if let Some(v) = eindig(s.regio) {
        let naam = if s.regio_naam.trim().is_empty() {
            "Regio"
        } else {
            &s.regio_naam
        };
        zinnen.push(format!("{naam}: {}.", voluit(v, e)));
    }
    zinnen.join(" ")
}
