//! User-entered data (duidingssessies, duidingen, besluiten, verbeteracties, accounts) in an
//! embedded SQLite database behind a small interface.
//!
//! Invariants (filled in by the PDCA issue): migrations run at start-up; edits are versioned
//! and a stale edit is refused, never silently overwritten. This crate knows no HTTP.
