//! Black-box tests of the `jeugdstuur` binary: they run the real command on real files.

mod dashboard;
mod demo_data;
mod hardening;
mod historie;
mod inbreker;
mod indicatoren;
mod ingest_corpus;
mod ingest_release;
mod jaarrapport;
mod pdca;
mod server;
mod toegang;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn jeugdstuur() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jeugdstuur"))
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
