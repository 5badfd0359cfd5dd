//! The data pipeline (Polars): reading monitor exports, validating them into canonical
//! tables, immutable versioned releases, and the indicator engine.
//!
//! Invariants (filled in by the ingest and indicator issues): rows in = rows loaded + rows
//! rejected; a release is written atomically and never changed; every result passes the one
//! suppression step before it leaves this crate. Polars stays inside this crate: its public
//! API speaks plain Rust types and file paths.
