//! Text helpers of the report: Markdown as plain text, Dutch dates and months.

#[allow(unused_imports)]
use super::*;

/// Markdown as plain text (the report places text, never markup).
pub(super) fn platte_tekst(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut uit = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                uit.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => uit.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => uit.push(' '),
            _ => {}
        }
    }
    uit.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) use model::MAANDNAMEN as MAANDEN;

/// `2025-03-14` → `14 maart 2025`; anything else as given.
pub(super) fn datum_nl(iso: &str) -> String {
    let d: Vec<&str> = iso.split('-').collect();
    match d[..] {
        [j, m, dag] => match (m.parse::<usize>(), dag.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(dag)) => format!("{dag} {} {j}", MAANDEN[m - 1]),
            _ => iso.into(),
        },
        _ => iso.into(),
    }
}

/// `2025-03` → `maart 2025`; anything else as given.
pub(super) fn maand_nl(iso: &str) -> String {
    match iso.split_once('-').map(|(j, m)| (j, m.parse::<usize>())) {
        Some((j, Ok(m @ 1..=12))) => format!("{} {j}", MAANDEN[m - 1]),
        _ => iso.into(),
    }
}
