//! The report as a printable HTML page holding the same document as the PDF.

#[allow(unused_imports)]
use super::*;

/// One block as the HTML template shows it.
pub struct HtmlBlok {
    pub soort: &'static str,
    pub alineas: Vec<String>,
    pub paren: Vec<(String, String)>,
    pub titel: String,
    /// Header cells: text and whether the column holds numbers (right-aligned).
    pub koppen: Vec<(String, bool)>,
    /// Rows: a group heading (across all columns) or cells: text, CSS class of a status
    /// (empty for none), number column.
    pub rijen: Vec<HtmlRij>,
    pub svg: String,
}

/// A table cell: text, CSS class of a status (empty for none), number column.
pub type HtmlCel = (String, &'static str, bool);
/// A table row: a group heading (across all columns), or cells.
pub type HtmlRij = (Option<String>, Vec<HtmlCel>);

pub struct HtmlSectie {
    pub nummer: usize,
    pub kop: String,
    pub blokken: Vec<HtmlBlok>,
}

#[derive(Template)]
#[template(path = "jaarrapport.html")]
pub struct HtmlRapport {
    pub titel: String,
    pub ondertitel: String,
    pub auteur: String,
    pub datum: String,
    pub voetnoot: String,
    pub jaar: i32,
    pub release: String,
    pub secties: Vec<HtmlSectie>,
    pub css: &'static str,
}

pub(super) fn statusklasse(c: &str) -> &'static str {
    if c.starts_with("✓ ") {
        "op-koers"
    } else if c.starts_with("! ") {
        "aandacht"
    } else if c.starts_with("✗ ") {
        "afwijkend"
    } else {
        ""
    }
}

impl HtmlRapport {
    #[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
    pub(super) fn van(r: &Jaarrapport) -> HtmlRapport {
        let d = &r.document;
        let leeg = |soort| HtmlBlok {
            soort,
            alineas: Vec::new(),
            paren: Vec::new(),
            titel: String::new(),
            koppen: Vec::new(),
            rijen: Vec::new(),
            svg: String::new(),
        };
        let alineas = |t: &str| -> Vec<String> {
            t.split("\n\n")
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        let secties = d
            .secties
            .iter()
            .enumerate()
            .map(|(i, s)| HtmlSectie {
                nummer: i + 1,
                kop: s.kop.clone(),
                blokken: s
                    .blokken
                    .iter()
                    .map(|b| match b {
                        Blok::Alinea(t) => HtmlBlok {
                            alineas: alineas(t),
                            ..leeg("alinea")
                        },
                        Blok::Tussenkop(t) => HtmlBlok {
                            titel: t.clone(),
                            ..leeg("tussenkop")
                        },
                        Blok::Kernwaarden(p) => HtmlBlok {
                            paren: p.clone(),
                            ..leeg("kernwaarden")
                        },
                        Blok::Termen(p) => HtmlBlok {
                            paren: p.clone(),
                            ..leeg("termen")
                        },
                        Blok::Opsomming(p) => HtmlBlok {
                            alineas: p.clone(),
                            ..leeg("opsomming")
                        },
                        Blok::Tabel {
                            titel,
                            koppen,
                            rijen,
                            rechts,
                        } => {
                            let getal = |i: usize| rechts.get(i).copied().unwrap_or(false);
                            HtmlBlok {
                                titel: titel.clone(),
                                koppen: koppen
                                    .iter()
                                    .enumerate()
                                    .map(|(i, k)| (k.clone(), getal(i)))
                                    .collect(),
                                rijen: rijen
                                    .iter()
                                    .map(|r| match &r[..] {
                                        [groep] if koppen.len() > 1 => {
                                            (Some(groep.clone()), Vec::new())
                                        }
                                        _ => (
                                            None,
                                            r.iter()
                                                .enumerate()
                                                .map(|(i, c)| {
                                                    (c.clone(), statusklasse(c), getal(i))
                                                })
                                                .collect(),
                                        ),
                                    })
                                    .collect(),
                                ..leeg("tabel")
                            }
                        }
                        Blok::Grafiek { svg, .. } => HtmlBlok {
                            svg: svg.clone(),
                            ..leeg("grafiek")
                        },
                        Blok::Pagina => leeg("pagina"),
                    })
                    .collect(),
            })
            .collect();
        HtmlRapport {
            titel: d.titel.clone(),
            ondertitel: d.ondertitel.clone(),
            auteur: d.auteur.clone(),
            datum: datum_nl(&d.datum),
            voetnoot: d.voetnoot.clone(),
            jaar: r.jaar,
            release: r.release.clone(),
            secties,
            css: include_str!("../../../../dashboards/static/jeugdstuur.css"),
        }
    }
}
