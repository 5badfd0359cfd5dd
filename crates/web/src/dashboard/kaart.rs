//! The map of a page (issue 22): a choropleth of one indicator per gemeente, drawn from the
//! page's own per-gemeente [`Tabel`] — so the map shows exactly the values of the table
//! beside it (and of its downloads), hidden where the table hides them — on the region's
//! geometry (`model::Regio::kaart`).

use crate::filters::Keuze;
use crate::staat::Staat;
use crate::tabel::{Cel, Tabel};

/// The map of `t` (a table with a row per gemeente named as in the region, and the columns
/// `waarde` and `onderdrukt`), each gemeente linking to `link(code)`; `None` without a map.
pub fn kaart_svg(
    s: &Staat,
    t: &Tabel,
    eenheid: &str,
    k: &Keuze,
    link: impl Fn(&str) -> String,
) -> Option<String> {
    let geo = s.regio.kaart.as_ref()?;
    let kolom = |id: &str| t.kolommen.iter().position(|c| c.id == id);
    let (w, o) = (kolom("waarde")?, kolom("onderdrukt")?);
    let gebieden = s
        .regio
        .gemeenten
        .iter()
        .filter_map(|g| {
            let vlak = geo.gebied(g.code)?;
            let rij = t
                .rijen
                .iter()
                .find(|r| matches!(&r[0], Cel::Tekst(n) if *n == g.naam));
            let verborgen = rij.is_some_and(|r| matches!(r[o], Cel::JaNee(Some(true))));
            let waarde = rij.filter(|_| !verborgen).and_then(|r| match r[w] {
                Cel::Getal(x) => x,
                _ => None,
            });
            let code = g.code.to_string();
            Some(charts::Kaartvlak {
                naam: g.naam.clone(),
                ringen: vlak.ringen.clone(),
                waarde,
                verborgen,
                link: Some(link(&code)),
                nadruk: k.gemeente.as_deref() == Some(code.as_str()),
            })
        })
        .collect();
    Some(charts::kaart(&charts::Kaart {
        titel: format!("Kaart: {}", t.titel),
        omschrijving: String::new(),
        eenheid: eenheid.to_string(),
        gebieden,
        id: format!("kaart-{}", t.id),
    }))
}
