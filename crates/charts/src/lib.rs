//! Charts for pages and reports, drawn on the server with plotters (SVG backend only, no
//! fonts) and returned as SVG strings to inline in HTML or embed in a PDF.
//!
//! Plain data in, `String` out: [`trend`], [`staven`], [`sparkline`], [`stroom`]. This crate
//! computes no indicator and knows nothing of suppression rules: callers pass values that
//! have passed the suppression step, with `None` where a value may not be shown.
//!
//! Invariants of every SVG this crate returns:
//! * The root `<svg>` has `role="img"`, `viewBox`, `width`/`height` plus
//!   `style="max-width:100%;height:auto"` (scales down on small screens and in print), and
//!   `aria-labelledby` naming the ids of a `<title>` and a `<desc>` that are its first two
//!   children. Title and description are XML-escaped. The ids come from the `id` field or,
//!   when that is empty, from a stable hash (FNV-1a) of title, description and drawing, so
//!   different charts on one page get different ids.
//! * An empty `omschrijving` is replaced by a generated Dutch summary (first and last value,
//!   national value, number of suppressed values).
//! * Colour-blind safe Okabe–Ito palette; series also differ in more than colour: the main
//!   series is solid with markers, the national line dashed (`#555555`), the target dotted;
//!   every chart with more than one series has a text legend above the plot, never over it.
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
//! dash patterns for the reserved colours `#555555` (national, dashed) and `#009E72`
//! (target, dotted), and a white halo behind text (`paint-order="stroke"`, supported by
//! browsers, Chromium's PDF output and resvg/svg2pdf; not by old WebKit such as wkhtmltopdf).
//!
//! Samples: `cargo run -p charts --example voorbeelden -- /tmp/charts-voorbeelden` writes
//! every chart kind, including edge cases, as `.svg` and an `index.html`.

mod afwerking;
mod doek;
mod getallen;
mod sparkline;
mod staven;
mod stroom;
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
