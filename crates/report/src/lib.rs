//! The jaarrapport for the Algemeen Bestuur as a PDF, made in-process from a data release.
//!
//! Invariants (filled in by the report issue): the same release and database give the same
//! content; no external browser or internet is needed; figures pass the suppression step.
