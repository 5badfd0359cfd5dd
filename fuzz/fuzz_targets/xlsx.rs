//! Bytes as a delivered .xlsx workbook. Mutating a zip file byte by byte mostly breaks its
//! checksums, so the second byte chooses: even → the bytes are the workbook itself; odd → the
//! bytes are the XML of the first worksheet (and, after a 0xFF byte, the shared strings),
//! packed into a real workbook (the template is a corpus file). The first byte picks the table.
#![no_main]
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static SJABLOON: &[u8] =
    include_bytes!("../../tests/corpus/ingest/trajecten_GM0173_2024-08_enorm-bereik.xlsx");

/// The template's entries, unpacked once (inflating them for every input would dominate).
fn sjabloon() -> &'static [(String, Vec<u8>)] {
    static S: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| {
        let mut zip = zip::ZipArchive::new(Cursor::new(SJABLOON)).expect("sjabloon");
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).expect("item");
                let naam = f.name().expect("naam").to_string();
                let mut inhoud = Vec::new();
                f.read_to_end(&mut inhoud).expect("lezen");
                (naam, inhoud)
            })
            .collect()
    })
}

fn verpak(blad: &[u8], teksten: Option<&[u8]>) -> Vec<u8> {
    let mut uit = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opties = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (naam, inhoud) in sjabloon() {
        let inhoud = if naam == "xl/worksheets/sheet1.xml" {
            blad
        } else {
            inhoud.as_slice()
        };
        uit.start_file(naam.as_str(), opties).expect("start");
        uit.write_all(inhoud).expect("schrijven");
    }
    // The template has inline strings only; the reader looks for shared strings by this name.
    if let Some(t) = teksten {
        uit.start_file("xl/sharedStrings.xml", opties).expect("start");
        uit.write_all(t).expect("schrijven");
    }
    uit.finish().expect("zip").into_inner()
}

/// libFuzzer's panic hook aborts at once, before `bron::vang` can catch the known panic in
/// the Excel library (see fuzz/regressie/README.md). This hook stays silent for panics inside
/// calamine and reports others; a panic that nobody catches still aborts the run (libfuzzer-sys
/// aborts on it), so our own panics are still findings.
fn haak() {
    static H: std::sync::Once = std::sync::Once::new();
    H.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let in_calamine = info.location().is_some_and(|l| l.file().contains("calamine"));
            if !in_calamine {
                eprintln!("{info}");
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    haak();
    let [tabel, modus, rest @ ..] = data else {
        return;
    };
    if modus % 2 == 0 {
        let mut invoer = vec![*tabel];
        invoer.extend_from_slice(rest);
        pipeline::bron::proefdraai::xlsx(&invoer);
    } else {
        let (blad, teksten) = match rest.iter().position(|b| *b == 0xFF) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let mut invoer = vec![*tabel];
        invoer.extend(verpak(blad, teksten));
        pipeline::bron::proefdraai::xlsx(&invoer);
    }
});
