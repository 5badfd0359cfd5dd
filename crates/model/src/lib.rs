//! Domain types of Jeugdstuur: the words of youth-care steering as Rust types.
//!
//! Types here *parse* instead of validate: once you hold a `GemeenteCode`, it is a valid
//! CBS code. This crate knows nothing of files, Polars, HTTP or databases; every other
//! crate depends on it.

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

mod codes;
pub mod getal;
pub mod kaart;
mod periode;
pub mod regio;

pub use codes::*;
pub use periode::{MAANDNAMEN, Periode, PeriodeSoort, parse_datum, parse_maand};
pub use regio::Regio;
