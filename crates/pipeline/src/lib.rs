//! The data pipeline (Polars): reading monitor exports, validating them into canonical
//! tables, and immutable versioned releases (and, with the indicator issue, the engine).
//!
//! Invariants: rows in = rows loaded + rows rejected, per file; a release is written
//! atomically and never changed; the latest delivery of a key wins, deterministically, so
//! ingesting deliveries one by one or all at once gives the same tables. Polars stays inside
//! this crate: its public API speaks plain Rust types, file paths and DataFrames of releases.

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

pub mod backtest;
mod berichten;
pub mod bron;
mod brontabel;
mod herzieningen;
pub mod indicatoren;
mod inlezen;
pub mod kolombestand;
pub mod kwaliteit;
pub mod release;
mod statline;
mod trajecten;
mod valideer;
mod volledigheid;
pub mod waarschuwingen;
mod wijzigingen;

pub use brontabel::Brontabel;
pub use inlezen::Bestandsverslag;
pub use release::{
    IngestFout, Ingestresultaat, Manifest, ingest, ingest_met_sleutel, lees_manifest, lees_tabel,
    releases,
};
