//! Black-box tests of the `jeugdstuur` binary: they run the real command on real files.

mod dashboard;
mod deelname;
mod demo_data;
mod hardening;
mod historie;
mod ijw_berichten;
mod inbreker;
mod indicatoren;
mod ingest_corpus;
mod ingest_release;
mod jaarrapport;
mod kaart;
mod lege_start;
mod pdca;
mod reken;
mod server;
mod signalen;
mod statline;
mod sturing;
mod toegang;
mod vooruitblik;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn jeugdstuur() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jeugdstuur"))
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A row key of `indicatoren.csv`: (indicator, periode, niveau, code, uitsplitsing).
pub type Sleutel = (String, String, String, String, String);

/// An `indicatoren.csv` as written (BOM, `;`): its header, and key → column → text.
pub fn lees_indicatoren(tekst: &str) -> (Vec<String>, BTreeMap<Sleutel, BTreeMap<String, String>>) {
    let tekst = tekst.trim_start_matches('\u{feff}');
    let mut regels = tekst.lines();
    let kop: Vec<String> = regels
        .next()
        .unwrap()
        .split(';')
        .map(str::to_string)
        .collect();
    let mut uit = BTreeMap::new();
    for r in regels {
        let rij: BTreeMap<String, String> = kop
            .iter()
            .cloned()
            .zip(r.split(';').map(|s| s.trim_matches('"').to_string()))
            .collect();
        let k = (
            rij["indicator"].clone(),
            rij["periode"].clone(),
            rij["niveau"].clone(),
            rij["code"].clone(),
            rij["uitsplitsing"].clone(),
        );
        uit.insert(k, rij);
    }
    (kop, uit)
}

/// [`lees_indicatoren`] of a file, rows only.
pub fn lees_indicatoren_bestand(pad: &Path) -> BTreeMap<Sleutel, BTreeMap<String, String>> {
    lees_indicatoren(&std::fs::read_to_string(pad).unwrap()).1
}

/// A number as the CSV writes it (decimal comma); empty is none.
pub fn getal(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| {
        s.replace(',', ".")
            .parse()
            .unwrap_or_else(|_| panic!("geen getal: {s:?}"))
    })
}
