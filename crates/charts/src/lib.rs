//! Charts for pages and reports, drawn on the server with plotters (SVG backend only, no
//! fonts) and returned as SVG strings to inline in HTML or embed in a PDF.
//!
//! Plain data in, `String` out: [`trend`], [`staven`], [`sparkline`], [`stroom`],
//! [`trechter`]. This crate computes no indicator, no statistics and knows nothing of
//! suppression rules: callers pass values that have passed the suppression step, with `None`
//! where a value may not be shown (a funnel plot simply gets no point for such a provider),
//! and the control limits of a funnel plot ready-made. [`trechter_ligging`] classifies the
//! points of a funnel plot against those limits exactly as the chart draws them, so a table
//! beside the chart can use the same words.
//!
//! Invariants of every SVG this crate returns:
//! * The root `<svg>` has `role="img"`, `viewBox`, `width`/`height` plus
//!   `class="grafiek"` (the stylesheet scales it down on small screens and in print; no inline
//!   style, so a strict Content-Security-Policy holds), and
//!   `aria-labelledby` naming the ids of a `<title>` and a `<desc>` that are its first two
//!   children. Title and description are XML-escaped. The ids come from the `id` field or,
//!   when that is empty, from a stable hash (FNV-1a) of title, description and drawing, so
//!   different charts on one page get different ids.
//! * An empty `omschrijving` is replaced by a generated Dutch summary (first and last value,
//!   national value, number of suppressed values; for a funnel plot the number of providers
//!   per class and the names of those outside the 99,8% limits).
//! * Colour-blind safe Okabe–Ito palette; series also differ in more than colour: the main
//!   series is solid with markers, the national line dashed (`#555555`), the target dotted;
//!   every chart with more than one series has a text legend above the plot, never over it.
//!   In the funnel plot the 95% limits are dashed (`#3F5A73`), the 99,8% limits dotted
//!   (`#6E7F91`), and the three classes of points differ in shape as well as colour (filled
//!   dot, open ring, diamond).
//! * Text is at least 12px, `#1a1a1a` (or `#595959` for secondary text) on white, in
//!   `sans-serif`.
//! * Numbers are Dutch (`model::getal`): decimal comma, thousands dot, `%` for percentages,
//!   `€ 240 mln` for euro axes from a million on. All ticks of one axis have the same
//!   number of decimals.
//! * `None` (and NaN/∞) is a gap: a line is broken there and no marker, bar or band is
//!   drawn; it is never drawn as zero. In bar charts a suppressed bar reads "niet getoond".
//! * Nothing panics on odd input: no values at all gives a frame with "geen gegevens";
//!   one period, equal values (the axis gets padding), negative values and series shorter
//!   or longer than `perioden` are all drawn.
//! * Output is deterministic: the same input gives the same bytes.
//!
//! How it is drawn: plotters (SVG backend, no font features: text is measured with a rough
//! estimate, so layout uses its own generous width estimate in `doek::breedte`) draws in
//! pixel coordinates; this crate does its own axes ("nice" ticks, at least 1 for days and
//! counts). The SVG is then finished as text (`afwerking`): root element, `<title>`/`<desc>`,
//! dash patterns for the reserved colours `#555555` (national, dashed), `#009E72`
//! (target, dotted), `#3F5A73` (95% limit, dashed) and `#6E7F91` (99,8% limit, dotted), and a white halo behind text (`paint-order="stroke"`, supported by
//! browsers, Chromium's PDF output and resvg/svg2pdf; not by old WebKit such as wkhtmltopdf).
//!
//! Samples: `cargo run -p charts --example voorbeelden -- /tmp/charts-voorbeelden` writes
//! every chart kind, including edge cases, as `.svg` and an `index.html`.

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

mod afwerking;
mod doek;
mod getallen;
mod kaart;
mod sparkline;
mod staven;
mod stroom;
mod trechter;
mod trend;

/// A line chart over periods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trend {
    /// Goes into `<title>`.
    pub titel: String,
    /// Goes into `<desc>`; generated from the data when empty.
    pub omschrijving: String,
    /// `procent`, `dagen`, `euro`, `per_100k` or `aantal`.
    pub eenheid: String,
    /// X labels in order, e.g. `2020` or `2024-K1`. Values beyond these are ignored.
    pub perioden: Vec<String>,
    /// The region or gemeente value; `None` is a gap.
    pub waarde: Vec<Option<f64>>,
    /// 95% interval per period, drawn as a band (may be empty).
    pub ci: Vec<Option<(f64, f64)>>,
    /// National line, dashed (may be empty).
    pub landelijk: Vec<Option<f64>>,
    /// Target path, dotted (may be empty).
    pub streef: Vec<Option<f64>>,
    /// Legend label of `waarde`, e.g. `Twente`.
    pub reeksnaam: String,
    /// Base for the element ids; empty: derived from a hash of the content.
    pub id: String,
}

/// One bar of [`Staven`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Staaf {
    pub label: String,
    /// `None` = suppressed: no bar, the row reads "niet getoond".
    pub waarde: Option<f64>,
    /// 95% interval, drawn as a whisker.
    pub ci: Option<(f64, f64)>,
    /// Highlight this row (darker bar, bold label, shaded row).
    pub nadruk: bool,
}

/// Horizontal bars, one row per gemeente, with whiskers and reference lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Staven {
    pub titel: String,
    pub omschrijving: String,
    pub eenheid: String,
    /// Rows in the order given.
    pub staven: Vec<Staaf>,
    /// Vertical dashed line labelled "Nederland".
    pub landelijk: Option<f64>,
    /// Vertical solid line labelled with `regio_naam`.
    pub regio: Option<f64>,
    pub regio_naam: String,
    /// Base for the element ids; empty: derived from a hash of the content.
    pub id: String,
}

/// Verblijf flow over periods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stroom {
    pub titel: String,
    pub omschrijving: String,
    pub perioden: Vec<String>,
    /// Clients in verblijf at the end of the period: a line.
    pub stand: Vec<Option<f64>>,
    /// Bars above zero.
    pub instroom: Vec<Option<f64>>,
    /// Bars above zero, another colour.
    pub doorstroom: Vec<Option<f64>>,
    /// Bars below zero, labelled as positive counts (the sign given does not matter).
    pub uitstroom: Vec<Option<f64>>,
    /// Base for the element ids; empty: derived from a hash of the content.
    pub id: String,
}

/// One provider in a [`Trechter`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trechterpunt {
    /// Provider name: written next to the point when `nadruk`, and in the description.
    pub label: String,
    /// The x value: the size the value rests on, e.g. the number of trajectories (the
    /// denominator).
    pub volume: f64,
    /// The y value, in `eenheid`.
    pub waarde: f64,
    /// Draw this point larger with its label beside it.
    pub nadruk: bool,
}

/// Funnel plot: providers by volume and value, with control limits around the regional
/// value, so that a small provider does not look extreme just by chance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trechter {
    pub titel: String,
    /// Goes into `<desc>`; generated from the data when empty (counts per [`Ligging`]).
    pub omschrijving: String,
    /// `procent`, `dagen`, `euro`, `aantal` or `verhouding` (observed / expected, shown
    /// with two decimals: `1,00`).
    pub eenheid: String,
    /// Caption of the x axis, e.g. `Aantal gestarte trajecten (noemer)`.
    pub volume_label: String,
    /// One per provider; a suppressed provider is simply left out. Points with a non-finite
    /// volume or value are not drawn (their [`Ligging`] is `Onbekend`).
    pub punten: Vec<Trechterpunt>,
    /// The regional value: the solid centre line (e.g. `6.2` for 6,2%, `1.0` for O/E).
    pub doel: f64,
    /// Legend text of the centre line, e.g. `Twente 6,2%`; empty: `Regio 6,2%`.
    pub doel_label: String,
    /// Control limits as curves over volume: `(volume, onder95, boven95, onder998,
    /// boven998)`, computed by the caller. Give them at every point's volume or on a fine
    /// grid: between rows they are interpolated linearly, below the first and above the last
    /// row the first or last row holds. Rows with a non-finite number are dropped; the rows
    /// are sorted by volume and each lower/upper pair ordered, so order does not matter.
    pub grenzen: Vec<(f64, f64, f64, f64, f64)>,
    /// Base for the element ids; empty: derived from a hash of the content.
    pub id: String,
}

/// Where a point of a [`Trechter`] lies relative to its control limits.
///
/// A point exactly on a limit counts as inside that limit (with a tolerance of 10⁻⁹ relative
/// to the limit for floating-point noise from interpolation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ligging {
    /// Within the 95% limits.
    Binnen,
    /// Outside the 95% limits but within the 99,8% limits; `boven`: above the upper one.
    LetOp { boven: bool },
    /// Outside the 99,8% limits; `boven`: above the upper one.
    Buiten { boven: bool },
    /// Not classified: non-finite volume or value, or no (finite) limits given.
    Onbekend,
}

impl Ligging {
    /// `binnen`, `let op`, `buiten` or `onbekend`.
    pub fn tekst(self) -> &'static str {
        match self {
            Ligging::Binnen => "binnen",
            Ligging::LetOp { .. } => "let op",
            Ligging::Buiten { .. } => "buiten",
            Ligging::Onbekend => "onbekend",
        }
    }
}

/// A choropleth: one value per area on a map (`kaart`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kaart {
    /// Goes into `<title>`.
    pub titel: String,
    /// Goes into `<desc>`; generated from the values when empty.
    pub omschrijving: String,
    /// `procent`, `dagen`, `euro`, `per_100k` or `aantal`.
    pub eenheid: String,
    pub gebieden: Vec<Kaartvlak>,
    /// Base for the element ids; empty: derived from the title.
    pub id: String,
}

/// One area (gemeente) of a [`Kaart`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kaartvlak {
    pub naam: String,
    /// Outer rings in projected coordinates with y northwards (RD New); flipped for SVG.
    pub ringen: Vec<Vec<(f64, f64)>>,
    /// The value shown; `None` is "geen gegevens".
    pub waarde: Option<f64>,
    /// Hidden by the suppression step: hatched, "niet getoond", and `waarde` never drawn.
    pub verborgen: bool,
    /// Where the area links to (its page).
    pub link: Option<String>,
    /// Outlined (the gemeente a page is about).
    pub nadruk: bool,
}

/// Choropleth, 800 wide: the areas in up to 5 classes of equal width (ColorBrewer Blues,
/// class number printed in each area), hidden values hatched and labelled "niet getoond",
/// missing values grey, legend to the right, "Bron: CBS, PDOK" under it. Each area is a link
/// with its name and value in `<title>`; the root is `role="group"` so they are reachable.
pub fn kaart(k: &Kaart) -> String {
    kaart::teken(k)
}

/// The classes [`kaart`] draws for these values: (low, high) per class.
pub fn kaart_klassen(waarden: &[f64]) -> Vec<(f64, f64)> {
    kaart::klassen(waarden)
}

/// Line chart: 720×340, value solid with markers and its last value labelled, 95% band,
/// national line dashed, target dotted, legend above.
pub fn trend(t: &Trend) -> String {
    trend::teken_trend(t)
}

/// Horizontal bar chart, 720 wide and 28px per row.
pub fn staven(s: &Staven) -> String {
    staven::teken_staven(s)
}

/// A 120×28 trend line without axes; the last value is marked.
pub fn sparkline(titel: &str, waarden: &[Option<f64>]) -> String {
    sparkline::teken_sparkline(titel, waarden)
}

/// Two panels sharing the period axis: the stand as a line, and in-, door- and uitstroom as
/// bars around a zero line. 720×450.
pub fn stroom(s: &Stroom) -> String {
    stroom::teken_stroom(s)
}

/// Funnel plot, 720×440: value against volume (x from 0), the regional value as a solid
/// line, 95% limits dashed and 99,8% limits dotted, legend above. Points within the 95%
/// limits are blue dots, between 95% and 99,8% orange rings, outside 99,8% vermilion
/// diamonds; a `nadruk` point is larger and labelled. The y range covers the points, the
/// regional value and the 99,8% limits at the 5th-percentile volume, but the limits widen it
/// by at most the spread of the points (or the width of the funnel at the largest volume)
/// on either side, and percentages stay within 0–100%; the limit curves are clipped to it.
/// No points: a frame with "geen aanbieders met genoeg gegevens".
pub fn trechter(t: &Trechter) -> String {
    trechter::teken_trechter(t)
}

/// The [`Ligging`] of every point of `t`, in the order of `t.punten`: the classification
/// the funnel plot draws, for the table beside it.
pub fn trechter_ligging(t: &Trechter) -> Vec<Ligging> {
    trechter::liggingen(t)
}

/// As [`trechter_ligging`], as words: `binnen`, `let op`, `buiten` or `onbekend`.
pub fn trechter_indeling(t: &Trechter) -> Vec<&'static str> {
    trechter_ligging(t)
        .into_iter()
        .map(Ligging::tekst)
        .collect()
}
