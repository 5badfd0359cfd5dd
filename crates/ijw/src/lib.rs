//! iJw 3.2 messages (the Jeugdwet message traffic) as a source: validation against the
//! official XSDs ([`xsd`]), hostile input refused before parsing ([`bericht::lees`]: size
//! limit, no DTD so no entity expansion or external entities, UTF-8 only), and the facts
//! Jeugdstuur needs taken from a valid message ([`bericht`]), with the BSN replaced at the
//! door by a keyed pseudonym ([`pseudoniem`]). No Polars here: the pipeline turns the facts
//! into its canonical tables.

pub mod bericht;
pub mod pseudoniem;
pub mod xsd;

pub use bericht::{Bericht, Berichtfout, Inhoud, lees};
pub use pseudoniem::{Sleutel, SleutelFout};
