//! Verblijf flow: the stand as a line on top, in-, door- and uitstroom as bars below.

use model::getal::nl;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Stroom;
use crate::afwerking::afwerken;
use crate::doek::{
    AS, BLAUW, GROEN, LegendaItem, Letter, Monster, PAARS, RASTER, Schaal, TEKST_GRIJS, VERMILJOEN,
    breedte, leeg, legenda, stukken, teken, zichtbare_labels,
};
use crate::getallen::{As, nette_as, omvang};
use crate::trend::reeks;

const B: u32 = 720;
const H: u32 = 450;

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub(crate) fn teken_stroom(s: &Stroom) -> String {
    let n = s.perioden.len();
    let stand = reeks(&s.stand, n);
    let instroom = reeks(&s.instroom, n);
    let doorstroom = reeks(&s.doorstroom, n);
    // Uitstroom is a count; whichever sign the caller used, it is drawn below zero.
    let uitstroom: Vec<Option<f64>> = reeks(&s.uitstroom, n)
        .into_iter()
        .map(|v| v.map(f64::abs))
        .collect();
    let omschrijving = if s.omschrijving.trim().is_empty() {
        samenvatting(s, &stand, &instroom, &doorstroom, &uitstroom)
    } else {
        s.omschrijving.clone()
    };
    let heeft = |v: &[Option<f64>]| v.iter().any(Option::is_some);
    let stromen = heeft(&instroom) || heeft(&doorstroom) || heeft(&uitstroom);
    if !heeft(&stand) && !stromen {
        return afwerken(
            &leeg(B, H, "geen gegevens"),
            B,
            H,
            &s.titel,
            &omschrijving,
            &s.id,
        );
    }

    let as_stand = match omvang(stand.iter().flatten().copied()) {
        Some((lo, hi)) => {
            let span = hi - lo;
            nette_as((lo - span * 0.1).max(0.0), hi + span * 0.1, 3)
        }
        None => nette_as(0.0, 1.0, 3),
    };
    let boven_max = instroom
        .iter()
        .chain(&doorstroom)
        .flatten()
        .fold(0.0, |a: f64, b| a.max(*b));
    let onder_max = uitstroom.iter().flatten().fold(0.0, |a: f64, b| a.max(*b));
    let as_stroom = nette_as(-onder_max, boven_max, 4);

    let ruw = teken(B, H, |d| {
        let tick = |v: f64, a: &As| nl(v.abs(), a.decimalen);
        let label_b = as_stand
            .ticks
            .iter()
            .map(|v| tick(*v, &as_stand))
            .chain(as_stroom.ticks.iter().map(|v| tick(*v, &as_stroom)))
            .map(|l| breedte(&l, 12.0))
            .fold(0.0, f64::max);
        let links = (12.0 + label_b + 10.0).ceil() as i32;
        let rechts = B as i32 - 20;
        let slot = (rechts - links) as f64 / n as f64;
        let x = |i: usize| (links as f64 + (i as f64 + 0.5) * slot).round() as i32;

        let items = vec![
            LegendaItem {
                teken: Monster::Lijn {
                    kleur: BLAUW,
                    dikte: 3,
                    punt: true,
                },
                tekst: "In verblijf".into(),
            },
            LegendaItem {
                teken: Monster::Blok(GROEN),
                tekst: "Instroom".into(),
            },
            LegendaItem {
                teken: Monster::Blok(PAARS),
                tekst: "Doorstroom".into(),
            },
            LegendaItem {
                teken: Monster::Blok(VERMILJOEN),
                tekst: "Uitstroom".into(),
            },
        ];
        let y0 = legenda(d, &items, links, rechts, 6) + 8;

        // Panel 1: the stand.
        let kop = Letter::new(12.0).kleur(TEKST_GRIJS);
        d.tekst(
            "Jongeren in verblijf aan het einde van de periode",
            (12, y0 + 6),
            kop,
        );
        let (p1_boven, p1_onder) = (y0 + 26, y0 + 26 + 110);
        let y1 = Schaal {
            d0: as_stand.min,
            d1: as_stand.max,
            p0: p1_onder as f64,
            p1: p1_boven as f64,
        };
        as_tekenen(d, &as_stand, &y1, links, rechts, tick);
        d.lijn(vec![(links, p1_onder), (rechts, p1_onder)], AS, 1);
        if heeft(&stand) {
            for stuk in stukken(&stand) {
                d.lijn(
                    stuk.iter().map(|(i, v)| (x(*i), y1.px(*v))).collect(),
                    BLAUW,
                    3,
                );
            }
            for (i, v) in stand.iter().enumerate() {
                if let Some(v) = v {
                    d.punt((x(i), y1.px(*v)), 4, BLAUW);
                }
            }
        } else {
            geen(d, links, rechts, p1_boven, p1_onder);
        }

        // Panel 2: the flows around zero.
        let y2_kop = p1_onder + 22;
        d.tekst(
            "Instroom en doorstroom boven de nullijn, uitstroom eronder",
            (12, y2_kop + 6),
            kop,
        );
        let (p2_boven, p2_onder) = (y2_kop + 26, H as i32 - 34);
        let y2 = Schaal {
            d0: as_stroom.min,
            d1: as_stroom.max,
            p0: p2_onder as f64,
            p1: p2_boven as f64,
        };
        as_tekenen(d, &as_stroom, &y2, links, rechts, tick);
        let groep = (slot * 0.72).min(60.0);
        let staaf = groep / 3.0;
        let nul = y2.px(0.0);
        for i in 0..n {
            let links_groep = x(i) as f64 - groep / 2.0;
            for (k, (reeks, kleur)) in [
                (&instroom, GROEN),
                (&doorstroom, PAARS),
                (&uitstroom, VERMILJOEN),
            ]
            .into_iter()
            .enumerate()
            {
                let Some(v) = reeks[i] else { continue };
                let v = if k == 2 { -v } else { v };
                let a = (links_groep + k as f64 * staaf).round() as i32;
                let b = (links_groep + (k + 1) as f64 * staaf).round() as i32 - 1;
                d.blok((a, nul), (b.max(a + 1), y2.px(v)), kleur.to_rgba());
            }
        }
        if stromen {
            d.lijn(vec![(links, nul), (rechts, nul)], AS, 1);
        } else {
            geen(d, links, rechts, p2_boven, p2_onder);
        }

        // Period labels under the lower panel.
        let lb = s
            .perioden
            .iter()
            .map(|p| breedte(p, 12.0))
            .fold(0.0, f64::max);
        for (i, zichtbaar) in zichtbare_labels(n, lb, slot).into_iter().enumerate() {
            if zichtbaar {
                d.lijn(vec![(x(i), p2_onder), (x(i), p2_onder + 5)], AS, 1);
                d.tekst(
                    &s.perioden[i],
                    (x(i), p2_onder + 9),
                    Letter::new(12.0).anker(HPos::Center, VPos::Top),
                );
            }
        }
    });
    afwerken(&ruw, B, H, &s.titel, &omschrijving, &s.id)
}

fn as_tekenen(
    d: &crate::doek::Doek,
    a: &As,
    y: &Schaal,
    links: i32,
    rechts: i32,
    tick: impl Fn(f64, &As) -> String,
) {
    for v in &a.ticks {
        let py = y.px(*v);
        d.lijn(vec![(links, py), (rechts, py)], RASTER, 1);
        d.tekst(
            &tick(*v, a),
            (links - 8, py),
            Letter::new(12.0).anker(HPos::Right, VPos::Center),
        );
    }
}

fn geen(d: &crate::doek::Doek, links: i32, rechts: i32, boven: i32, onder: i32) {
    d.tekst(
        "geen gegevens",
        ((links + rechts) / 2, (boven + onder) / 2),
        Letter::new(14.0)
            .kleur(TEKST_GRIJS)
            .anker(HPos::Center, VPos::Center),
    );
}

fn samenvatting(
    s: &Stroom,
    stand: &[Option<f64>],
    instroom: &[Option<f64>],
    doorstroom: &[Option<f64>],
    uitstroom: &[Option<f64>],
) -> String {
    let laatste = |v: &[Option<f64>]| {
        v.iter()
            .enumerate()
            .rev()
            .find_map(|(i, w)| w.map(|w| (i, w)))
    };
    let eerste = |v: &[Option<f64>]| v.iter().enumerate().find_map(|(i, w)| w.map(|w| (i, w)));
    let getal = |v: f64| nl(v, if (v - v.round()).abs() < 1e-9 { 0 } else { 1 });
    let mut zinnen = Vec::new();
    match (eerste(stand), laatste(stand)) {
        (Some((i, a)), Some((j, b))) if i != j => zinnen.push(format!(
            "In verblijf: van {} eind {} naar {} eind {}.",
            getal(a),
            s.perioden[i],
            getal(b),
            s.perioden[j]
        )),
        (Some((i, a)), _) => {
            zinnen.push(format!("In verblijf: {} eind {}.", getal(a), s.perioden[i]))
        }
        _ => zinnen.push("Geen gegevens over het aantal in verblijf.".into()),
    }
    let mut delen = Vec::new();
    for (reeks, wat) in [
        (instroom, "instroom"),
        (doorstroom, "doorstroom"),
        (uitstroom, "uitstroom"),
    ] {
        if let Some((i, v)) = laatste(reeks) {
            delen.push(format!("{wat} {} ({})", getal(v), s.perioden[i]));
        }
    }
    if !delen.is_empty() {
        zinnen.push(format!("Laatste periode: {}.", delen.join(", ")));
    }
    zinnen.join(" ")
}
