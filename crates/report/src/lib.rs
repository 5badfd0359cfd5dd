//! PDF documents — the verslag of a duidingssessie, later the jaarrapport for the Algemeen
//! Bestuur — made in-process with typst used as a library.
//!
//! [`pdf`] takes plain data ([`Document`]: sections of blocks, every text already formatted
//! in Dutch) and returns the bytes of an A4 PDF. One typst template
//! (`templates/document.typ`, compiled in) lays out every document: the data reaches it as
//! the virtual file `data.json` (the serialised [`Document`]) and each chart as the virtual
//! file `grafiek-N.svg` (N counts the [`Blok::Grafiek`] blocks from 1, in document order).
//!
//! Invariants:
//! - **Data is never markup.** The template reads every string from `data.json` and places
//!   it as text, so `#`, `$`, `*`, `_`, `@`, `<`, `[`, `\` and friends come out literally;
//!   nothing is escaped and nothing can be injected.
//! - **Offline and self-contained.** The [`typst::World`] here knows only `main.typ`,
//!   `data.json` and the chart SVGs, and the fonts in `fonts/` (DejaVu Sans, compiled in);
//!   it reads no disk (not even for an `href` inside an SVG), no network and no `@preview`
//!   packages, and has no "today".
//! - **Same document, same bytes.** No clock is read: the PDF's date is [`Document::datum`].
//! - **Accessible.** Tagged PDF conforming to PDF/UA-1: document title, author and language
//!   (`nl`) in the metadata, headings and table headers tagged, every chart with its `alt`
//!   text (an empty alt is refused); a table's header row repeats on every page it runs
//!   onto. Text the fonts cannot show becomes `�` rather than failing the check.
//! - **Draws, computes nothing.** Suppression, rounding and Dutch number formatting happen
//!   before the data gets here; this crate knows no Polars, HTTP or database.
//! - Errors are a [`ReportFout`] with a Dutch message (a broken chart names its number and
//!   alt text; typst's own diagnostics are quoted), never a panic.
//!
//! Compiling is CPU-bound (about 0.1 s for a four-page verslag with two charts): call it from
//! a blocking thread in async code. typst's memoisation cache is trimmed after every call.

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

mod wereld;

use serde::Serialize;

/// A document: a title page block followed by sections.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Document {
    pub titel: String,
    pub ondertitel: String,
    pub auteur: String,
    /// `yyyy-mm-dd`, or empty for no date. Shown in Dutch ("3 maart 2025") and used as the
    /// PDF's creation date.
    pub datum: String,
    pub secties: Vec<Sectie>,
    /// In the footer of every page, e.g. "Aantallen onder 10 worden niet getoond.".
    pub voetnoot: String,
}

/// A numbered section with a heading.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sectie {
    pub kop: String,
    pub blokken: Vec<Blok>,
}

/// One block of content. Serialised for the template as `{"soort": .., "inhoud": ..}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "soort", content = "inhoud", rename_all = "snake_case")]
pub enum Blok {
    /// A heading below the section heading (level 2, unnumbered; tagged for navigation).
    Tussenkop(String),
    /// Plain text; an empty line (`"\n\n"`) starts a new paragraph, a single `\n` a new line.
    Alinea(String),
    /// Key figures, label → value (already formatted, e.g. `"13,6%"`), shown as tiles.
    Kernwaarden(Vec<(String, String)>),
    /// A table with a caption ("Tabel N: titel"). Rows shorter than the header are padded
    /// with empty cells, except a row of one cell, which heads a group of rows across the
    /// full width; `rechts[i]` right-aligns column `i` (numbers). Text columns with short
    /// cells (at most 20 characters) take what they need, longer ones share the rest. A cell
    /// that reads as
    /// a status with its symbol (`✓ op koers`, `! aandacht`, `✗ afwijkend`) gets a tinted
    /// background and bold text: word and symbol stay, the colour only adds.
    Tabel {
        titel: String,
        koppen: Vec<String>,
        rijen: Vec<Vec<String>>,
        rechts: Vec<bool>,
    },
    /// An SVG chart (from the `charts` crate) with its text alternative.
    Grafiek { svg: String, alt: String },
    /// A bulleted list.
    Opsomming(Vec<String>),
    /// Terms with their explanation (a definition list): term in bold, text indented below.
    Termen(Vec<(String, String)>),
    /// Starts a new page (nothing when already at the top of a page).
    Pagina,
}

/// Why no PDF could be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportFout {
    #[error("ongeldige datum {0:?}: verwacht jjjj-mm-dd (of leeg)")]
    Datum(String),
    #[error("grafiek {nummer} ({alt:?}) kon niet worden gelezen als SVG: {melding}")]
    Grafiek {
        nummer: usize,
        alt: String,
        melding: String,
    },
    #[error("het document kon niet worden opgemaakt (typst): {0}")]
    Opmaak(String),
    #[error("de PDF kon niet worden geschreven (typst-pdf): {0}")]
    Pdf(String),
    #[error("de gegevens konden niet naar JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Lays out `doc` and returns the PDF's bytes.
///
/// Text the fonts cannot show (say Chinese characters in a name) becomes `�` instead of
/// failing the PDF/UA check; invisible format characters (soft hyphen, zero-width space)
/// are dropped, tabs become spaces.
pub fn pdf(doc: &Document) -> Result<Vec<u8>, ReportFout> {
    let datum = datum(&doc.datum)?;
    let grafieken: Vec<(String, Vec<u8>)> = doc
        .secties
        .iter()
        .flat_map(|s| &s.blokken)
        .filter_map(|b| match b {
            Blok::Grafiek { svg, alt } => Some((alt.clone(), svg.clone().into_bytes())),
            _ => None,
        })
        .collect();
    // PDF/UA demands a text alternative for every image: say so here, by chart.
    if let Some(i) = grafieken.iter().position(|(alt, _)| alt.trim().is_empty()) {
        return Err(ReportFout::Grafiek {
            nummer: i + 1,
            alt: String::new(),
            melding: "er is geen tekstalternatief (alt); zonder kan een lezer met een \
                      schermlezer de grafiek niet volgen"
                .into(),
        });
    }
    let data = serde_json::to_vec(&toonbaar(doc))?;
    wereld::maak_pdf(data, grafieken, datum)
}

/// A copy of `doc` whose texts hold only what the fonts can show (see [`pdf`]). The chart
/// SVGs and their alt texts are left alone: alt text is not drawn.
fn toonbaar(doc: &Document) -> Document {
    let t = |s: &String| -> String {
        s.replace("\r\n", "\n")
            .chars()
            .filter_map(|c| match c {
                '\n' | ' ' => Some(c),
                '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => None,
                '\u{fe00}'..='\u{fe0f}' | '\r' => None,
                c if c.is_whitespace() && !wereld::toonbaar(c) => Some(' '),
                c if c.is_control() => None,
                c if wereld::toonbaar(c) => Some(c),
                _ => Some('\u{fffd}'),
            })
            .collect()
    };
    let ts = |v: &Vec<String>| v.iter().map(t).collect::<Vec<_>>();
    Document {
        titel: t(&doc.titel),
        ondertitel: t(&doc.ondertitel),
        auteur: t(&doc.auteur),
        datum: doc.datum.clone(),
        voetnoot: t(&doc.voetnoot),
        secties: doc
            .secties
            .iter()
            .map(|s| Sectie {
                kop: t(&s.kop),
                blokken: s
                    .blokken
                    .iter()
                    .map(|b| match b {
                        Blok::Alinea(a) => Blok::Alinea(t(a)),
                        Blok::Tussenkop(a) => Blok::Tussenkop(t(a)),
                        Blok::Kernwaarden(k) => {
                            Blok::Kernwaarden(k.iter().map(|(l, w)| (t(l), t(w))).collect())
                        }
                        Blok::Tabel {
                            titel,
                            koppen,
                            rijen,
                            rechts,
                        } => Blok::Tabel {
                            titel: t(titel),
                            koppen: ts(koppen),
                            rijen: rijen.iter().map(ts).collect(),
                            rechts: rechts.clone(),
                        },
                        Blok::Grafiek { svg, alt } => Blok::Grafiek {
                            svg: svg.clone(),
                            alt: alt.clone(),
                        },
                        Blok::Opsomming(o) => Blok::Opsomming(ts(o)),
                        Blok::Termen(k) => {
                            Blok::Termen(k.iter().map(|(l, w)| (t(l), t(w))).collect())
                        }
                        Blok::Pagina => Blok::Pagina,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `yyyy-mm-dd` → (year, month, day); empty → `None`.
fn datum(tekst: &str) -> Result<Option<(i32, u8, u8)>, ReportFout> {
    if tekst.is_empty() {
        return Ok(None);
    }
    let fout = || ReportFout::Datum(tekst.to_string());
    let delen: Vec<&str> = tekst.split('-').collect();
    let [j, m, d] = delen[..] else {
        return Err(fout());
    };
    if j.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(fout());
    }
    let j: i32 = j.parse().map_err(|_| fout())?;
    let m: u8 = m.parse().map_err(|_| fout())?;
    let d: u8 = d.parse().map_err(|_| fout())?;
    let schrikkel = (j % 4 == 0 && j % 100 != 0) || j % 400 == 0;
    let dagen = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if schrikkel => 29,
        2 => 28,
        _ => return Err(fout()),
    };
    if d == 0 || d > dagen {
        return Err(fout());
    }
    Ok(Some((j, m, d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datums() {
        assert_eq!(datum("").unwrap(), None);
        assert_eq!(datum("2025-03-14").unwrap(), Some((2025, 3, 14)));
        assert_eq!(datum("2024-02-29").unwrap(), Some((2024, 2, 29)));
        for fout in [
            "2023-02-29",
            "2025-13-01",
            "2025-3-14",
            "14-03-2025",
            "2025-03-14x",
            "x",
        ] {
            let e = datum(fout).unwrap_err();
            assert!(e.to_string().contains("jjjj-mm-dd"), "{fout}: {e}");
        }
    }

    #[test]
    fn onbekende_tekens_worden_vervangen() {
        let doc = Document {
            titel: "Naam: 漢字 Ëlsink\r\nregel\u{ad}twee\tdrie\u{200b} € ≥ ½ ✓".into(),
            ..Document::default()
        };
        assert_eq!(
            toonbaar(&doc).titel,
            "Naam: \u{fffd}\u{fffd} Ëlsink\nregeltwee drie € ≥ ½ ✓"
        );
        assert!(wereld::toonbaar('\u{fffd}'));
    }

    #[test]
    fn blokken_als_json() {
        let j = serde_json::to_value(Blok::Alinea("a".into())).unwrap();
        assert_eq!(j, serde_json::json!({"soort": "alinea", "inhoud": "a"}));
        let j = serde_json::to_value(Blok::Pagina).unwrap();
        assert_eq!(j, serde_json::json!({"soort": "pagina"}));
        let j = serde_json::to_value(Blok::Kernwaarden(vec![("x".into(), "1".into())])).unwrap();
        assert_eq!(
            j,
            serde_json::json!({"soort": "kernwaarden", "inhoud": [["x", "1"]]})
        );
    }
}
