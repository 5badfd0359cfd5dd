//! The web dashboard (axum): pages, downloads and the JSON API.
//!
//! Invariants (filled in by the dashboard issue): pages are rendered from a release's stored
//! results and never compute an indicator; every figure passes the suppression step; the UI
//! is Dutch and meets WCAG 2.1 AA.
