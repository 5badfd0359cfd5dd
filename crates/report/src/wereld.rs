//! The typst [`World`]: one template, one `data.json`, the chart SVGs and the vendored fonts.
//! Nothing else exists in it — no disk, no packages, no clock.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::ReportFout;

const SJABLOON: &str = include_str!("../templates/document.typ");

/// DejaVu Sans in four styles; see `fonts/LICENSE`.
const LETTERTYPEN: [&[u8]; 4] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../fonts/DejaVuSans-BoldOblique.ttf"),
];

struct Letters {
    boek: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static LETTERS: LazyLock<Letters> = LazyLock::new(|| {
    let fonts: Vec<Font> = LETTERTYPEN
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Letters {
        boek: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// Whether every vendored font (regular, bold, oblique) has a glyph for `c`.
pub(crate) fn toonbaar(c: char) -> bool {
    LETTERS
        .fonts
        .iter()
        .all(|f| f.info().coverage.contains(c as u32))
}

static BIBLIOTHEEK: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::default()));

fn bestand(pad: &str) -> FileId {
    let pad = VirtualPath::new(pad).expect("vaste, geldige bestandsnaam");
    RootedPath::new(VirtualRoot::Project, pad).intern()
}

struct Wereld {
    hoofd: Source,
    data_id: FileId,
    data: Bytes,
    /// `grafiek-N.svg` for N = 1.. in document order.
    grafieken: Vec<(FileId, Bytes)>,
}

impl World for Wereld {
    fn library(&self) -> &LazyHash<Library> {
        &BIBLIOTHEEK
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &LETTERS.boek
    }

    fn main(&self) -> FileId {
        self.hoofd.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.hoofd.id() {
            Ok(self.hoofd.clone())
        } else {
            // Only the template is typst code; data files are read with `json`/`image`.
            self.file(id)?;
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        if id == self.hoofd.id() {
            return Ok(Bytes::from_string(self.hoofd.clone()));
        }
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        self.grafieken
            .iter()
            .find(|(g, _)| *g == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        LETTERS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same document gives the same bytes.
        None
    }
}

pub(crate) fn maak_pdf(
    data: Vec<u8>,
    grafieken: Vec<(String, Vec<u8>)>,
    datum: Option<(i32, u8, u8)>,
) -> Result<Vec<u8>, ReportFout> {
    let wereld = Wereld {
        hoofd: Source::new(bestand("main.typ"), SJABLOON.to_string()),
        data_id: bestand("data.json"),
        data: Bytes::new(data),
        grafieken: grafieken
            .iter()
            .enumerate()
            .map(|(i, (_, svg))| {
                (
                    bestand(&format!("grafiek-{}.svg", i + 1)),
                    Bytes::new(svg.clone()),
                )
            })
            .collect(),
    };
    let resultaat = opmaken(&wereld, &grafieken, datum);
    // typst memoises across compilations; keep a long-running server's memory bounded.
    typst::comemo::evict(10);
    resultaat
}

fn opmaken(
    wereld: &Wereld,
    grafieken: &[(String, Vec<u8>)],
    datum: Option<(i32, u8, u8)>,
) -> Result<Vec<u8>, ReportFout> {
    let document: PagedDocument = typst::compile(wereld)
        .output
        .map_err(|fouten| diagnose(wereld, grafieken, &fouten))?;
    let standaarden = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| ReportFout::Pdf(e.message().to_string()))?;
    let opties = PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some("Jeugdstuur".into())),
        timestamp: datum
            .and_then(|(j, m, d)| Datetime::from_ymd(j, m, d))
            .map(Timestamp::new_utc),
        standards: standaarden,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &opties).map_err(|fouten| {
        match diagnose(wereld, grafieken, &fouten) {
            ReportFout::Opmaak(m) => ReportFout::Pdf(m),
            andere => andere,
        }
    })
}

/// Turns typst's errors into one [`ReportFout`]: a broken chart by number and alt text,
/// anything else as the quoted diagnostics with their place in the template.
fn diagnose(
    wereld: &Wereld,
    grafieken: &[(String, Vec<u8>)],
    fouten: &[SourceDiagnostic],
) -> ReportFout {
    let fouten: Vec<&SourceDiagnostic> = fouten
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    for fout in &fouten {
        if let Some(id) = fout.span.id()
            && let Some(i) = wereld.grafieken.iter().position(|(g, _)| *g == id)
        {
            return ReportFout::Grafiek {
                nummer: i + 1,
                alt: grafieken[i].0.clone(),
                melding: fout.message.to_string(),
            };
        }
    }
    let teksten: Vec<String> = fouten
        .iter()
        .map(|d| {
            let mut t = d.message.to_string();
            if let Some(id) = d.span.id()
                && let Some(bereik) = wereld.range(d.span)
                && let Ok(bron) = wereld.source(id)
                && let Some(regel) = bron.lines().byte_to_line(bereik.start)
            {
                t.push_str(&format!(
                    " (in {} regel {})",
                    id.vpath().get_without_slash(),
                    regel + 1
                ));
            }
            for hint in &d.hints {
                t.push_str(&format!("; hint: {}", hint.v));
            }
            t
        })
        .collect();
    ReportFout::Opmaak(teksten.join(" | "))
}
