//! Charts for pages and reports, drawn on the server with plotters as SVG.
//!
//! Invariants (filled in by the dashboard issue): every chart gets a `<title>` and `<desc>`,
//! a colour-blind safe palette and Dutch number formatting, and only ever draws values that
//! have passed the suppression step. This crate computes no indicator.
