//! The data pipeline (Polars): reading monitor exports, validating them into canonical
//! tables, and immutable versioned releases (and, with the indicator issue, the engine).
//!
//! Invariants: rows in = rows loaded + rows rejected, per file; a release is written
//! atomically and never changed; the latest delivery of a key wins, deterministically, so
//! ingesting deliveries one by one or all at once gives the same tables. Polars stays inside
//! this crate: its public API speaks plain Rust types, file paths and DataFrames of releases.

pub mod bron;
pub mod indicatoren;
pub mod inlezen;
pub mod release;
pub mod tabel;
pub mod trajecten;
pub mod valideer;
pub mod volledigheid;
pub mod waarschuwingen;
pub mod wijzigingen;

pub use inlezen::Bestandsverslag;
pub use release::{
    IngestFout, Ingestresultaat, Manifest, ingest, lees_manifest, lees_tabel, releases,
};
pub use tabel::Tabel;
