//! Drawing surface: a thin layer over the plotters SVG backend in pixel coordinates, the
//! palette, text measuring and the "no data" frame.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe–Ito palette (colour-blind safe) plus greys.
pub(crate) const BLAUW: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(crate) const GROEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub(crate) const PAARS: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(crate) const VERMILJOEN: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub(crate) const HEMELBLAUW: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// A darker orange than Okabe–Ito #E69F00, so the open ring keeps 3:1 contrast on white (WCAG 1.4.11).
pub(crate) const ORANJE: RGBColor = RGBColor(0xA6, 0x6A, 0x00);
/// The national line. Reserved: every polyline in this colour is drawn dashed.
pub(crate) const LANDELIJK: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// The target path. Reserved: every polyline in this colour is drawn dotted.
pub(crate) const STREEF: RGBColor = RGBColor(0x00, 0x9E, 0x72);
/// Funnel plot, 95% control limits. Reserved: every polyline in this colour is dashed.
pub(crate) const GRENS_95: RGBColor = RGBColor(0x3F, 0x5A, 0x73);
/// Funnel plot, 99.8% control limits. Reserved: every polyline in this colour is dotted.
pub(crate) const GRENS_998: RGBColor = RGBColor(0x6E, 0x7F, 0x91);
/// Text: dark grey on white (contrast 17:1).
pub(crate) const TEKST: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// Secondary text ("niet getoond", axis captions): still 7:1 on white.
pub(crate) const TEKST_GRIJS: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub(crate) const RASTER: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub(crate) const AS: RGBColor = RGBColor(0x76, 0x76, 0x76);
pub(crate) const WIT: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Dash patterns added afterwards to polylines in a reserved colour (the SVG backend of
/// plotters draws no dashes itself).
pub(crate) fn streepjes() -> [(String, &'static str); 4] {
    [
        (hex(LANDELIJK), "7 5"),
        (hex(STREEF), "0.5 6"),
        (hex(GRENS_95), "6 4"),
        (hex(GRENS_998), "0.5 5"),
    ]
}

/// Stroke colour as the SVG backend writes it.
pub(crate) fn hex(k: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", k.0, k.1, k.2)
}

/// Style of one text.
#[derive(Clone, Copy)]
pub(crate) struct Letter {
    pub grootte: f64,
    pub kleur: RGBColor,
    pub h: HPos,
    pub v: VPos,
    pub vet: bool,
    pub cursief: bool,
}

impl Letter {
    pub fn new(grootte: f64) -> Self {
        Letter {
            grootte,
            kleur: TEKST,
            h: HPos::Left,
            v: VPos::Center,
            vet: false,
            cursief: false,
        }
    }
    pub fn anker(mut self, h: HPos, v: VPos) -> Self {
        self.h = h;
        self.v = v;
        self
    }
    pub fn kleur(mut self, kleur: RGBColor) -> Self {
        self.kleur = kleur;
        self
    }
    pub fn vet(mut self, vet: bool) -> Self {
        self.vet = vet;
        self
    }
    pub fn cursief(mut self) -> Self {
        self.cursief = true;
        self
    }
}

/// Estimated width in pixels of `tekst` in a sans-serif font of `grootte` px. Errs on the
/// wide side so that labels do not overlap in wider fonts (DejaVu Sans).
pub(crate) fn breedte(tekst: &str, grootte: f64) -> f64 {
    tekst
        .chars()
        .map(|c| match c {
            '.' | ',' | ':' | ';' | 'i' | 'l' | 'j' | '\'' | '|' | '!' => 0.32,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' | '€' => 0.9,
            c if c.is_uppercase() => 0.72,
            _ => 0.62,
        })
        .sum::<f64>()
        * grootte
}

/// Shortens `tekst` with "…" until it fits in `max` pixels.
pub(crate) fn inkorten(tekst: &str, grootte: f64, max: f64) -> String {
    if breedte(tekst, grootte) <= max {
        return tekst.to_string();
    }
    let mut tekens: Vec<char> = tekst.chars().collect();
    while !tekens.is_empty() {
        tekens.pop();
        let kort: String = tekens.iter().collect::<String>().trim_end().to_string() + "…";
        if breedte(&kort, grootte) <= max {
            return kort;
        }
    }
    "…".into()
}

/// Linear map from data values to pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Schaal {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Schaal {
    pub fn px(&self, v: f64) -> i32 {
        let span = self.d1 - self.d0;
        let t = if span.abs() < f64::EPSILON {
            0.5
        } else {
            (v - self.d0) / span
        };
        (self.p0 + t * (self.p1 - self.p0)).round() as i32
    }
}

/// Pixel drawing on the root area of an SVG backend. The string backend cannot fail, so
/// results of plotters are dropped on purpose.
pub(crate) struct Doek<'a> {
    area: DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
}

fn stijl(kleur: RGBAColor, gevuld: bool, dikte: u32) -> ShapeStyle {
    ShapeStyle {
        color: kleur,
        filled: gevuld,
        stroke_width: dikte,
    }
}

impl Doek<'_> {
    pub fn lijn(&self, punten: Vec<(i32, i32)>, kleur: RGBColor, dikte: u32) {
        if punten.len() < 2 {
            return;
        }
        let _ = self.area.draw(&PathElement::new(
            punten,
            stijl(kleur.to_rgba(), false, dikte),
        ));
    }

    pub fn vlak(&self, punten: Vec<(i32, i32)>, kleur: RGBAColor) {
        if punten.len() < 3 {
            return;
        }
        let _ = self.area.draw(&Polygon::new(punten, stijl(kleur, true, 0)));
    }

    /// A filled rectangle between two corners in any order.
    pub fn blok(&self, a: (i32, i32), b: (i32, i32), kleur: RGBAColor) {
        let lo = (a.0.min(b.0), a.1.min(b.1));
        let hi = (a.0.max(b.0), a.1.max(b.1));
        let _ = self
            .area
            .draw(&Rectangle::new([lo, hi], stijl(kleur, true, 0)));
    }

    /// An outlined rectangle.
    pub fn kader(&self, a: (i32, i32), b: (i32, i32), kleur: RGBColor) {
        let lo = (a.0.min(b.0), a.1.min(b.1));
        let hi = (a.0.max(b.0), a.1.max(b.1));
        let _ = self
            .area
            .draw(&Rectangle::new([lo, hi], stijl(kleur.to_rgba(), false, 1)));
    }

    pub fn stip(&self, c: (i32, i32), r: u32, kleur: RGBColor) {
        let _ = self
            .area
            .draw(&Circle::new(c, r, stijl(kleur.to_rgba(), true, 0)));
    }

    /// A data point: a filled dot with a white ring so it stands out on crossing lines.
    pub fn punt(&self, c: (i32, i32), r: u32, kleur: RGBColor) {
        self.stip(c, r + 2, WIT);
        self.stip(c, r, kleur);
    }

    /// A marker of shape `vorm` with "radius" `r`, on a white ring so it stands out on lines.
    pub fn vorm(&self, c: (i32, i32), vorm: Vorm, r: u32, kleur: RGBColor) {
        match vorm {
            Vorm::Stip => self.punt(c, r, kleur),
            Vorm::Ring => {
                self.stip(c, r + 2, WIT);
                let _ = self
                    .area
                    .draw(&Circle::new(c, r, stijl(kleur.to_rgba(), false, 2)));
            }
            Vorm::Ruit => {
                // The diamond is drawn a little larger: at equal radius it looks smaller.
                let ruit = |r: i32| {
                    vec![
                        (c.0, c.1 - r),
                        (c.0 + r, c.1),
                        (c.0, c.1 + r),
                        (c.0 - r, c.1),
                    ]
                };
                let r = r as i32 + 2;
                self.vlak(ruit(r + 2), WIT.to_rgba());
                self.vlak(ruit(r), kleur.to_rgba());
            }
        }
    }

    pub fn tekst(&self, tekst: &str, p: (i32, i32), l: Letter) {
        if tekst.is_empty() {
            return;
        }
        let soort = if l.vet {
            FontStyle::Bold
        } else if l.cursief {
            FontStyle::Italic
        } else {
            FontStyle::Normal
        };
        // The SVG backend writes size / 1.24 as font-size.
        let stijl = TextStyle {
            font: FontDesc::new(FontFamily::SansSerif, l.grootte * 1.24, soort),
            color: l.kleur.to_backend_color(),
            pos: Pos::new(l.h, l.v),
        };
        let _ = self.area.draw(&Text::new(tekst.to_string(), p, stijl));
    }
}

/// Draws on a white `breedte`×`hoogte` canvas and returns the raw plotters SVG.
pub(crate) fn teken(breedte: u32, hoogte: u32, f: impl FnOnce(&Doek)) -> String {
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, (breedte, hoogte)).into_drawing_area();
        let _ = area.fill(&WIT);
        let doek = Doek { area };
        f(&doek);
        let _ = doek.area.present();
    }
    buf
}

/// An empty frame with a centred message ("geen gegevens").
pub(crate) fn leeg(breedte: u32, hoogte: u32, melding: &str) -> String {
    teken(breedte, hoogte, |d| {
        let (b, h) = (breedte as i32, hoogte as i32);
        d.kader((1, 1), (b - 2, h - 2), RGBColor(0xBB, 0xBB, 0xBB));
        let grootte = if hoogte < 60 { 12.0 } else { 14.0 };
        d.tekst(
            melding,
            (b / 2, h / 2),
            Letter::new(grootte)
                .anker(HPos::Center, VPos::Center)
                .kleur(TEKST_GRIJS),
        );
    })
}

/// Draws a legend row by row from `links`, wrapping before `rechts`; returns the y below it.
pub(crate) fn legenda(d: &Doek, items: &[LegendaItem], links: i32, rechts: i32, y0: i32) -> i32 {
    let grootte = 13.0;
    let regel = 22;
    let mut x = links;
    let mut y = y0 + regel / 2;
    for item in items {
        let monster = match item.teken {
            Monster::Blok(_) | Monster::Vorm(..) => 14,
            _ => 30,
        };
        let w = monster + 6 + breedte(&item.tekst, grootte).ceil() as i32;
        if x > links && x + w > rechts {
            x = links;
            y += regel;
        }
        match item.teken {
            Monster::Lijn { kleur, dikte, punt } => {
                d.lijn(vec![(x, y), (x + 30, y)], kleur, dikte);
                if punt {
                    d.punt((x + 15, y), 4, kleur);
                }
            }
            Monster::Band(kleur) => d.blok((x, y - 7), (x + 30, y + 7), kleur),
            Monster::Blok(kleur) => d.blok((x, y - 7), (x + 14, y + 7), kleur.to_rgba()),
            Monster::Vorm(vorm, kleur) => d.vorm((x + 7, y), vorm, 4, kleur),
        }
        d.tekst(&item.tekst, (x + monster + 6, y), Letter::new(grootte));
        x += w + 20;
    }
    y + regel / 2
}

pub(crate) struct LegendaItem {
    pub teken: Monster,
    pub tekst: String,
}

#[derive(Clone, Copy)]
pub(crate) enum Monster {
    Lijn {
        kleur: RGBColor,
        dikte: u32,
        punt: bool,
    },
    Band(RGBAColor),
    Blok(RGBColor),
    /// A point marker, as in a scatter plot.
    Vorm(Vorm, RGBColor),
}

/// Shape of a point marker, so that a class of points differs in more than colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Vorm {
    /// A filled dot.
    Stip,
    /// An open circle with a 2px outline.
    Ring,
    /// A filled diamond.
    Ruit,
}

/// Runs of consecutive indices with a value: the pieces of a line with gaps.
pub(crate) fn stukken(waarden: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut uit = Vec::new();
    let mut huidig = Vec::new();
    for (i, w) in waarden.iter().enumerate() {
        match w {
            Some(v) => huidig.push((i, *v)),
            None => {
                if !huidig.is_empty() {
                    uit.push(std::mem::take(&mut huidig));
                }
            }
        }
    }
    if !huidig.is_empty() {
        uit.push(huidig);
    }
    uit
}

/// Which of `n` period labels of width `label_breedte` fit in slots of `slot` pixels: every
/// k-th, counted back from the last so the most recent period always has its label.
pub(crate) fn zichtbare_labels(n: usize, label_breedte: f64, slot: f64) -> Vec<bool> {
    let k = if slot <= 0.0 {
        n.max(1)
    } else {
        ((label_breedte + 10.0) / slot).ceil().max(1.0) as usize
    };
    (0..n).map(|i| (n - 1 - i).is_multiple_of(k)).collect()
}
