//! A word-sized trend line for tables: no axes, the last value marked.

use model::getal::nl;

use crate::afwerking::afwerken;
use crate::doek::{BLAUW, Schaal, leeg, stukken, teken};
use crate::getallen::omvang;

const B: u32 = 120;
const H: u32 = 28;

pub(crate) fn teken_sparkline(titel: &str, waarden: &[Option<f64>]) -> String {
    let waarden: Vec<Option<f64>> = waarden
        .iter()
        .map(|v| v.filter(|x| x.is_finite()))
        .collect();
    let omschrijving = samenvatting(&waarden);
    let Some((lo, hi)) = omvang(waarden.iter().flatten().copied()) else {
        return afwerken(&leeg(B, H, "geen gegevens"), B, H, titel, &omschrijving, "");
    };
    let n = waarden.len();
    let ruw = teken(B, H, |d| {
        let x = Schaal {
            d0: 0.0,
            d1: (n.max(2) - 1) as f64,
            p0: 4.0,
            p1: B as f64 - 6.0,
        };
        let (d0, d1) = if hi - lo < 1e-12 {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        };
        let y = Schaal {
            d0,
            d1,
            p0: H as f64 - 5.0,
            p1: 5.0,
        };
        let px = |i: usize| if n == 1 { B as i32 / 2 } else { x.px(i as f64) };
        for stuk in stukken(&waarden) {
            if stuk.len() == 1 {
                let (i, v) = stuk[0];
                d.stip((px(i), y.px(v)), 2, BLAUW);
            } else {
                d.lijn(
                    stuk.iter().map(|(i, v)| (px(*i), y.px(*v))).collect(),
                    BLAUW,
                    2,
                );
            }
        }
        if let Some((i, v)) = waarden
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, v)| v.map(|v| (i, v)))
        {
            d.punt((px(i), y.px(v)), 3, BLAUW);
        }
    });
    afwerken(&ruw, B, H, titel, &omschrijving, "")
}

fn samenvatting(waarden: &[Option<f64>]) -> String {
    let met: Vec<f64> = waarden.iter().flatten().copied().collect();
    let d = if met.iter().all(|v| (v - v.round()).abs() < 1e-9) {
        0
    } else {
        1
    };
    match (met.first(), met.last()) {
        (Some(a), Some(b)) if met.len() > 1 => {
            format!("Van {} naar {}.", nl(*a, d), nl(*b, d))
        }
        (Some(a), _) => format!("Eén waarde: {}.", nl(*a, d)),
        _ => "Geen gegevens.".into(),
    }
}
