//! The choropleth: one value per gemeente on the region's map, as SVG written by hand (paths
//! need no axes). Classes of equal width over the values shown, a colour-blind-safe
//! sequential palette (ColorBrewer Blues, 5 classes) and the class number printed in each
//! gemeente, so colour is never the only cue; a hidden value is hatched and labelled
//! "niet getoond", a missing one grey with "–". Each gemeente is a link (keyboard reachable)
//! with its name and value in `<title>` and `aria-label`; under the map "Bron: CBS, PDOK".
//!
//! Unlike the other charts the root is `role="group"` (not `img`): an image's children are
//! presentational, and the gemeenten are links a keyboard and a screen reader must reach.

use model::getal;

use crate::afwerking::xml;
use crate::{Kaart, Kaartvlak};

/// ColorBrewer "Blues" (5 classes), sequential and colour-blind safe; light to dark.
pub const PALET: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
const KAART_B: f64 = 560.0;
const LEGENDA_B: f64 = 230.0;
const MARGE: f64 = 10.0;

/// The class bounds: equal widths between the lowest and highest value shown (at most 5
/// classes, fewer when there are fewer distinct values). Returns (low, high) per class.
pub fn klassen(waarden: &[f64]) -> Vec<(f64, f64)> {
    let mut v: Vec<f64> = waarden.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    let (Some(&lo), Some(&hi)) = (v.first(), v.last()) else {
        return Vec::new();
    };
    let n = v.len().min(PALET.len());
    if n <= 1 || hi <= lo {
        return vec![(lo, hi)];
    }
    let stap = (hi - lo) / n as f64;
    (0..n)
        .map(|i| {
            let a = lo + stap * i as f64;
            let b = if i + 1 == n {
                hi
            } else {
                lo + stap * (i + 1) as f64
            };
            (a, b)
        })
        .collect()
}

/// The class (0-based) of `x`: the last class whose low bound it reaches.
pub fn klasse(k: &[(f64, f64)], x: f64) -> usize {
    k.iter().rposition(|(a, _)| x >= *a).unwrap_or(0)
}

fn oppervlak_en_midden(ring: &[(f64, f64)]) -> (f64, (f64, f64)) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let k = x0 * y1 - x1 * y0;
        a += k;
        cx += (x0 + x1) * k;
        cy += (y0 + y1) * k;
    }
    if a.abs() < f64::EPSILON {
        let n = ring.len().max(1) as f64;
        let (sx, sy) = ring
            .iter()
            .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
        return (0.0, (sx / n, sy / n));
    }
    (a / 2.0, (cx / (3.0 * a), cy / (3.0 * a)))
}

/// The label point of a gemeente: the centroid of its largest ring.
fn midden(v: &Kaartvlak) -> (f64, f64) {
    v.ringen
        .iter()
        .map(|r| oppervlak_en_midden(r))
        .max_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))
        .map(|(_, m)| m)
        .unwrap_or_default()
}

fn beschrijving(k: &Kaart) -> String {
    if !k.omschrijving.trim().is_empty() {
        return k.omschrijving.clone();
    }
    let getoond: Vec<(&str, f64)> = k
        .gebieden
        .iter()
        .filter(|v| !v.verborgen)
        .filter_map(|v| Some((v.naam.as_str(), v.waarde.filter(|x| x.is_finite())?)))
        .collect();
    let verborgen = k.gebieden.iter().filter(|v| v.verborgen).count();
    let mut t = format!("Kaart van {} gemeenten.", k.gebieden.len());
    let hoog = getoond.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let laag = getoond.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some(h), Some(l)) = (hoog, laag) {
        t.push_str(&format!(
            " Hoogste waarde {} ({}), laagste {} ({}).",
            getal::met_eenheid(Some(h.1), &k.eenheid),
            h.0,
            getal::met_eenheid(Some(l.1), &k.eenheid),
            l.0
        ));
    } else {
        t.push_str(" Geen waarden om te tonen.");
    }
    if verborgen > 0 {
        t.push_str(&format!(
            " {verborgen} gemeente(n) niet getoond (kleine aantallen)."
        ));
    }
    t.push_str(" De tabel naast de kaart geeft alle waarden.");
    t
}

fn getal_svg(x: f64) -> String {
    format!("{:.1}", x)
}

/// Draws the map (see the module docs).
pub(crate) fn teken(k: &Kaart) -> String {
    let punten = || k.gebieden.iter().flat_map(|v| v.ringen.iter().flatten());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in punten() {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let leeg = x0 > x1;
    let schaal = if leeg {
        1.0
    } else {
        KAART_B / (x1 - x0).max(f64::EPSILON)
    };
    let kaart_h = if leeg { 200.0 } else { (y1 - y0) * schaal };
    let legenda_h = 40.0 + 26.0 * 8.0;
    let b = MARGE * 2.0 + KAART_B + LEGENDA_B;
    let h = MARGE * 2.0 + kaart_h.max(legenda_h) + 28.0;
    // RD's y grows northwards, SVG's downwards: flip.
    let px = |(x, y): (f64, f64)| (MARGE + (x - x0) * schaal, MARGE + (y1 - y) * schaal);

    let waarden: Vec<f64> = k
        .gebieden
        .iter()
        .filter(|v| !v.verborgen)
        .filter_map(|v| v.waarde)
        .collect();
    let kl = klassen(&waarden);
    let id = crate::afwerking::kaart_id(&k.id, &k.titel);
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"grafiek kaart\" role=\"group\" aria-labelledby=\"{id}-titel {id}-desc\" viewBox=\"0 0 {b:.0} {h:.0}\" width=\"{b:.0}\" height=\"{h:.0}\" font-family=\"sans-serif\">"
    ));
    s.push_str(&format!(
        "<title id=\"{id}-titel\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml(&k.titel),
        xml(&beschrijving(k))
    ));
    s.push_str(&format!(
        "<defs><pattern id=\"{id}-arcering\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#595959\" stroke-width=\"2\"/></pattern></defs>"
    ));
    let mut labels = String::new();
    for v in &k.gebieden {
        let (vlak, label) = gebied(v, &kl, &id, &k.eenheid, &px);
        s.push_str(&vlak);
        labels.push_str(&label);
    }
    // Labels after all areas, so no neighbour is drawn over them.
    s.push_str("<g pointer-events=\"none\">");
    s.push_str(&labels);
    s.push_str("</g>");
    legenda(&mut s, k, &kl, &id);
    s.push_str(&format!(
        "<text x=\"{MARGE}\" y=\"{:.0}\" font-size=\"12\" fill=\"#595959\">Bron: CBS, PDOK (gemeentegrenzen, CC-BY 4.0)</text>",
        h - 8.0
    ));
    s.push_str("</svg>");
    s
}

/// One gemeente: its link with `<title>` and path, and its label (drawn after all areas).
fn gebied(
    v: &Kaartvlak,
    kl: &[(f64, f64)],
    id: &str,
    eenheid: &str,
    px: &dyn Fn((f64, f64)) -> (f64, f64),
) -> (String, String) {
    let (mut vlak, mut opschrift) = (String::new(), String::new());
    let d: String = v
        .ringen
        .iter()
        .map(|r| {
            let mut p = String::new();
            for (i, q) in r.iter().enumerate() {
                let (x, y) = px(*q);
                p.push_str(if i == 0 { "M" } else { "L" });
                p.push_str(&format!("{},{}", getal_svg(x), getal_svg(y)));
            }
            p.push('Z');
            p
        })
        .collect();
    let (vulling, label, tekstkleur, titel) = match (v.verborgen, v.waarde) {
        (true, _) => (
            format!("url(#{id}-arcering)"),
            "niet getoond".to_string(),
            "#1a1a1a",
            format!("{}: niet getoond (klein aantal)", v.naam),
        ),
        (false, Some(x)) if x.is_finite() && !kl.is_empty() => {
            let c = klasse(kl, x);
            (
                PALET[c + (PALET.len() - kl.len()) / 2].to_string(),
                (c + 1).to_string(),
                if c + (PALET.len() - kl.len()) / 2 >= 3 {
                    "#ffffff"
                } else {
                    "#1a1a1a"
                },
                format!(
                    "{}: {} (klasse {} van {})",
                    v.naam,
                    getal::met_eenheid(Some(x), eenheid),
                    c + 1,
                    kl.len()
                ),
            )
        }
        _ => (
            "#e3e3e3".to_string(),
            "–".to_string(),
            "#1a1a1a",
            format!("{}: geen gegevens", v.naam),
        ),
    };
    let open = match &v.link {
        Some(l) => format!("<a href=\"{}\" aria-label=\"{}\">", xml(l), xml(&titel)),
        None => format!("<g role=\"img\" aria-label=\"{}\">", xml(&titel)),
    };
    let sluit = if v.link.is_some() { "</a>" } else { "</g>" };
    let rand = if v.nadruk {
        "stroke=\"#1a1a1a\" stroke-width=\"3\""
    } else {
        "stroke=\"#ffffff\" stroke-width=\"1\""
    };
    vlak.push_str(&format!(
        "{open}<title>{}</title><path d=\"{d}\" fill=\"{vulling}\" {rand} stroke-linejoin=\"round\"/>{sluit}",
        xml(&titel)
    ));
    let (mx, my) = px(midden(v));
    let grootte = if v.verborgen { 11 } else { 13 };
    opschrift.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{grootte}\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"{tekstkleur}\" aria-hidden=\"true\"{}>{}</text>",
        getal_svg(mx),
        getal_svg(my),
        if tekstkleur == "#1a1a1a" {
            " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
        } else {
            ""
        },
        xml(&label)
    ));
    (vlak, opschrift)
}

/// The legend: class number, colour and range; hatched, grey.
fn legenda(s: &mut String, k: &Kaart, kl: &[(f64, f64)], id: &str) {
    let lx = MARGE * 2.0 + KAART_B;
    let mut ly = MARGE + 14.0;
    s.push_str(&format!(
        "<g aria-hidden=\"true\"><text x=\"{lx}\" y=\"{ly}\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">Legenda</text>"
    ));
    ly += 12.0;
    let vak = |s: &mut String, y: f64, vulling: &str, teken: &str, tekst: &str, wit: bool| {
        s.push_str(&format!(
            "<rect x=\"{lx}\" y=\"{y}\" width=\"22\" height=\"18\" fill=\"{vulling}\" stroke=\"#767676\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{}\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#1a1a1a\">{}</text>",
            lx + 11.0,
            y + 13.0,
            if wit { "#ffffff" } else { "#1a1a1a" },
            xml(teken),
            lx + 30.0,
            y + 13.0,
            xml(tekst)
        ));
    };
    let verschuiving = (PALET.len() - kl.len().max(1)) / 2;
    for (i, (a, bb)) in kl.iter().enumerate() {
        let tekst = if (a - bb).abs() < f64::EPSILON {
            getal::met_eenheid(Some(*a), &k.eenheid)
        } else {
            format!(
                "{} – {}",
                getal::met_eenheid(Some(*a), &k.eenheid),
                getal::met_eenheid(Some(*bb), &k.eenheid)
            )
        };
        vak(
            s,
            ly,
            PALET[i + verschuiving],
            &(i + 1).to_string(),
            &tekst,
            i + verschuiving >= 3,
        );
        ly += 26.0;
    }
    if k.gebieden.iter().any(|v| v.verborgen) {
        vak(
            s,
            ly,
            &format!("url(#{id}-arcering)"),
            "",
            "niet getoond (klein aantal)",
            false,
        );
        ly += 26.0;
    }
    if k.gebieden
        .iter()
        .any(|v| !v.verborgen && v.waarde.is_none_or(|x| !x.is_finite()))
    {
        vak(s, ly, "#e3e3e3", "–", "geen gegevens", false);
    }
    s.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vlak(naam: &str, x: f64, waarde: Option<f64>, verborgen: bool) -> Kaartvlak {
        Kaartvlak {
            naam: naam.into(),
            ringen: vec![vec![
                (x, 0.0),
                (x + 10.0, 0.0),
                (x + 10.0, 10.0),
                (x, 10.0),
                (x, 0.0),
            ]],
            waarde,
            verborgen,
            link: Some(format!("/gemeente/{naam}")),
            nadruk: false,
        }
    }

    #[test]
    fn classes_of_equal_width() {
        // 10..20 in 5 classes of width 2: [10,12) [12,14) [14,16) [16,18) [18,20].
        let k = klassen(&[10.0, 12.5, 15.0, 17.0, 20.0, 11.0]);
        assert_eq!(k.len(), 5);
        assert_eq!(k[0], (10.0, 12.0));
        assert_eq!(k[4], (18.0, 20.0));
        assert_eq!(klasse(&k, 10.0), 0);
        assert_eq!(klasse(&k, 12.0), 1);
        assert_eq!(klasse(&k, 20.0), 4);
        assert_eq!(klassen(&[3.0, 3.0]), vec![(3.0, 3.0)]);
        assert!(klassen(&[]).is_empty());
    }

    #[test]
    fn hidden_values_never_appear_and_every_gemeente_has_a_title() {
        let k = Kaart {
            titel: "Test".into(),
            eenheid: "procent".into(),
            gebieden: vec![
                vlak("Aa", 0.0, Some(12.5), false),
                // A caller that passes a value with verborgen must still not show it.
                vlak("Bb", 10.0, Some(98.7654), true),
                vlak("Cc", 20.0, None, false),
                vlak("Dd", 30.0, Some(20.0), false),
            ],
            ..Default::default()
        };
        let svg = crate::kaart(&k);
        assert!(
            svg.contains("<title>Aa: 12,5% (klasse 1 van 2)</title>"),
            "{svg}"
        );
        assert!(svg.contains("<title>Bb: niet getoond (klein aantal)</title>"));
        assert!(svg.contains(">niet getoond</text>"));
        assert!(svg.contains("<title>Cc: geen gegevens</title>"));
        assert!(!svg.contains("98,8") && !svg.contains("98.7"), "{svg}");
        assert!(svg.contains("Bron: CBS, PDOK"));
        assert!(svg.contains("role=\"group\""));
        assert_eq!(svg.matches("<a href=").count(), 4);
        assert!(roxmltree::Document::parse(&svg).is_ok());
        assert_eq!(svg, crate::kaart(&k), "deterministisch");
    }
}
