//! Typed rows of a release's data-quality tables (`volledigheid`, `afgewezen`,
//! `wijzigingen`, `waarschuwingen`, `landelijk_herzieningen`) and of its target paths (`streefwaarden`), read from the
//! stored frames for the layers above, which hold no Polars frames. The `/datakwaliteit` page and the jaarrapport's annex both read these
//! rows — never a page's display table, its Dutch headers or its shown text.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

use crate::release::{IngestFout, Manifest, lees_tabel};
use crate::waarschuwingen::Productwaarschuwing;

/// What a gemeente delivered for a month (`status` of the stored `volledigheid` table,
/// written by `pipeline::volledigheid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leverstatus {
    Geleverd,
    /// Two of the three months of a quarterly delivery: their data are in the quarter's.
    InKwartaallevering,
    /// Filled from the history of a later delivery.
    UitHistorie,
    Ontbreekt,
    /// Before the first delivery: no data.
    VoorDeGegevens,
    /// A status this version does not know (shown as stored).
    Anders(String),
}

impl Leverstatus {
    pub fn parse(s: &str) -> Leverstatus {
        match s {
            "geleverd" => Leverstatus::Geleverd,
            "in kwartaallevering" => Leverstatus::InKwartaallevering,
            "uit historie" => Leverstatus::UitHistorie,
            "ontbreekt" => Leverstatus::Ontbreekt,
            "voor de gegevens" => Leverstatus::VoorDeGegevens,
            x => Leverstatus::Anders(x.to_string()),
        }
    }

    /// The stored word.
    pub fn tekst(&self) -> &str {
        match self {
            Leverstatus::Geleverd => "geleverd",
            Leverstatus::InKwartaallevering => "in kwartaallevering",
            Leverstatus::UitHistorie => "uit historie",
            Leverstatus::Ontbreekt => "ontbreekt",
            Leverstatus::VoorDeGegevens => "voor de gegevens",
            Leverstatus::Anders(x) => x,
        }
    }
}

/// One gemeente × month of the stored `volledigheid` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Leveringsmaand {
    /// `GM0153`.
    pub gemeente: String,
    pub naam: String,
    /// `2024-07`.
    pub maand: String,
    pub status: Leverstatus,
    /// The delivery a month from history came from (empty otherwise, and in older releases).
    pub uit_levering: String,
    pub rijen: Option<f64>,
    pub gebruikelijk: Option<f64>,
    pub voorlopig: Option<bool>,
    /// Non-empty when the number of rows is far from what the gemeente usually delivers.
    pub opmerking: String,
}

impl Leveringsmaand {
    /// Whether the number of rows deviates (the stored remark is set).
    pub fn wijkt_af(&self) -> bool {
        !self.opmerking.is_empty()
    }

    pub fn is_voorlopig(&self) -> bool {
        self.voorlopig == Some(true)
    }
}

/// One rejected row of a delivery, with the reason (the stored `afgewezen` table). A
/// rejected pseudonym is never carried up: in a row rejected on a client column the value is
/// `(verborgen)` and the reason names the column's kind only.
#[derive(Clone, Debug, PartialEq)]
pub struct Afwijzing {
    pub tabel: String,
    pub bestand: String,
    pub rij: Option<f64>,
    pub kolom: String,
    pub waarde: String,
    pub reden: String,
}

/// The changes of one kind in a gemeente's toewijzingen against the previous release (the
/// stored `wijzigingen` table, counted): how many, and how many of them retroactive.
#[derive(Clone, Debug, PartialEq)]
pub struct Wijzigingen {
    pub gemeente: String,
    /// `nieuw`, `einddatum gewijzigd`, `gewijzigd`, `verwijderd`.
    pub soort: String,
    pub aantal: u64,
    pub terugwerkend: u64,
}

fn tekst(df: &DataFrame, naam: &str, n: usize) -> Vec<String> {
    let mut v: Vec<String> = crate::indicatoren::tekstkolom(df, naam)
        .map(|v| v.into_iter().map(Option::unwrap_or_default).collect())
        .unwrap_or_default();
    v.resize(n, String::new());
    v
}

fn getal(df: &DataFrame, naam: &str, n: usize) -> Vec<Option<f64>> {
    let mut v = crate::indicatoren::getalkolom(df, naam).unwrap_or_default();
    v.resize(n, None);
    v
}

/// A boolean column (nulls and a missing column as `None`).
fn janee(df: &DataFrame, naam: &str, n: usize) -> Vec<Option<bool>> {
    let mut v: Vec<Option<bool>> = df
        .column(naam)
        .ok()
        .and_then(|c| c.bool().ok().map(|b| b.iter().collect()))
        .unwrap_or_default();
    v.resize(n, None);
    v
}

/// The `volledigheid` table of a release: one row per gemeente × month.
pub fn leveringen(data: &Path, release: &str) -> Result<Vec<Leveringsmaand>, IngestFout> {
    Ok(leveringsmaanden(&lees_tabel(
        data,
        release,
        "volledigheid",
    )?))
}

fn leveringsmaanden(df: &DataFrame) -> Vec<Leveringsmaand> {
    let n = df.height();
    let (gem, naam, maand, status, opm, uit) = (
        tekst(df, "gemeente", n),
        tekst(df, "naam", n),
        tekst(df, "maand", n),
        tekst(df, "status", n),
        tekst(df, "opmerking", n),
        // Older releases have no `uit_levering`.
        tekst(df, "uit_levering", n),
    );
    let (rijen, gebr) = (getal(df, "rijen", n), getal(df, "gebruikelijk", n));
    let voorlopig = janee(df, "voorlopig", n);
    (0..n)
        .map(|i| Leveringsmaand {
            gemeente: gem[i].clone(),
            naam: naam[i].clone(),
            maand: maand[i].clone(),
            status: Leverstatus::parse(&status[i]),
            uit_levering: uit[i].clone(),
            rijen: rijen[i],
            gebruikelijk: gebr[i],
            voorlopig: voorlopig[i],
            opmerking: opm[i].clone(),
        })
        .collect()
}

/// The rejected rows of a release.
pub fn afwijzingen(data: &Path, release: &str) -> Result<Vec<Afwijzing>, IngestFout> {
    Ok(afwijzingen_uit(&lees_tabel(data, release, "afgewezen")?))
}

fn afwijzingen_uit(df: &DataFrame) -> Vec<Afwijzing> {
    let n = df.height();
    let (tab, best, kol, waarde, reden) = (
        tekst(df, "tabel", n),
        tekst(df, "bron_bestand", n),
        tekst(df, "kolom", n),
        tekst(df, "waarde", n),
        tekst(df, "reden", n),
    );
    let rij = getal(df, "bron_rij", n);
    (0..n)
        .map(|i| {
            // A pseudonym never leaves the pipeline, also not as a rejected value.
            let client = kol[i].contains("client");
            Afwijzing {
                tabel: tab[i].clone(),
                bestand: best[i].clone(),
                rij: rij[i],
                kolom: kol[i].clone(),
                waarde: if client {
                    "(verborgen)".into()
                } else {
                    waarde[i].clone()
                },
                reden: if client {
                    "ongeldige cliëntcode".into()
                } else {
                    reden[i].clone()
                },
            }
        })
        .collect()
}

/// The changes of a release against the previous one, counted per gemeente and kind (sorted).
pub fn wijzigingen(data: &Path, release: &str) -> Result<Vec<Wijzigingen>, IngestFout> {
    Ok(wijzigingen_uit(&lees_tabel(data, release, "wijzigingen")?))
}

fn wijzigingen_uit(df: &DataFrame) -> Vec<Wijzigingen> {
    let n = df.height();
    let (gem, soort) = (tekst(df, "gemeente", n), tekst(df, "soort", n));
    let terug = janee(df, "terugwerkend", n);
    let mut telling: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for i in 0..n {
        let e = telling
            .entry((gem[i].clone(), soort[i].clone()))
            .or_default();
        e.0 += 1;
        e.1 += u64::from(terug[i] == Some(true));
    }
    telling
        .into_iter()
        .map(|((gemeente, soort), (aantal, terugwerkend))| Wijzigingen {
            gemeente,
            soort,
            aantal,
            terugwerkend,
        })
        .collect()
}

/// The warned product codes of a release (empty for a release made before the table existed).
pub fn waarschuwingen(
    data: &Path,
    manifest: &Manifest,
) -> Result<Vec<Productwaarschuwing>, IngestFout> {
    if !manifest.tabellen.contains_key(crate::waarschuwingen::TABEL) {
        return Ok(Vec::new());
    }
    let df = lees_tabel(data, &manifest.id, crate::waarschuwingen::TABEL)?;
    let n = df.height();
    let (gem, cat, code) = (
        tekst(&df, "gemeente", n),
        tekst(&df, "productcategorie", n),
        tekst(&df, "productcode", n),
    );
    let rijen = getal(&df, "rijen", n);
    Ok((0..n)
        .map(|i| Productwaarschuwing {
            gemeente: gem[i].clone(),
            productcategorie: cat[i].clone(),
            productcode: code[i].clone(),
            rijen: rijen[i].unwrap_or(0.0) as u64,
        })
        .collect())
}

/// A national value revised since an earlier release (`landelijk_herzieningen`): a newer
/// CBS StatLine download, or a corrected hand-typed row, changed its value or status.
#[derive(Clone, Debug, PartialEq)]
pub struct Herziening {
    pub indicator: String,
    pub uitsplitsing: String,
    /// Canonical period (`2023`, `2023-H1`, …).
    pub periode: String,
    pub oude_waarde: Option<f64>,
    pub nieuwe_waarde: Option<f64>,
    pub oude_status: String,
    pub nieuwe_status: String,
    pub oude_bron: String,
    pub nieuwe_bron: String,
    /// The release that brought the new value.
    pub release: String,
}

/// The revised national values up to a release, oldest first (empty for a release made
/// before the table existed).
pub fn herzieningen(data: &Path, manifest: &Manifest) -> Result<Vec<Herziening>, IngestFout> {
    if !manifest.tabellen.contains_key(crate::herzieningen::TABEL) {
        return Ok(Vec::new());
    }
    let df = lees_tabel(data, &manifest.id, crate::herzieningen::TABEL)?;
    let n = df.height();
    let t = |k: &str| tekst(&df, k, n);
    let (ind, uit, per) = (t("indicator"), t("uitsplitsing"), t("periode"));
    let (os, ns, ob, nb, rel) = (
        t("oude_status"),
        t("nieuwe_status"),
        t("oude_bron"),
        t("nieuwe_bron"),
        t("release"),
    );
    let (ow, nw) = (getal(&df, "oude_waarde", n), getal(&df, "nieuwe_waarde", n));
    Ok((0..n)
        .map(|i| Herziening {
            indicator: ind[i].clone(),
            uitsplitsing: uit[i].clone(),
            periode: per[i].clone(),
            oude_waarde: ow[i],
            nieuwe_waarde: nw[i],
            oude_status: os[i].clone(),
            nieuwe_status: ns[i].clone(),
            oude_bron: ob[i].clone(),
            nieuwe_bron: nb[i].clone(),
            release: rel[i].clone(),
        })
        .collect())
}

/// One row of the region's `streefwaarden` that is a yearly path for a segment at region
/// level (`/sturing`).
#[derive(Debug, Clone, PartialEq)]
pub struct Streefpad {
    pub indicator: String,
    pub segment: String,
    pub basisjaar: i32,
    /// Percent per year (−5 = 5% less every year).
    pub verandering: f64,
    pub bron: String,
}

/// The target rows of a release that are yearly paths per segment at region level, in the
/// order of the file (empty for a release without targets).
pub fn streefpaden(data: &Path, manifest: &Manifest) -> Result<Vec<Streefpad>, IngestFout> {
    if !manifest.tabellen.contains_key("streefwaarden") {
        return Ok(Vec::new());
    }
    Ok(streefpaden_uit(&lees_tabel(
        data,
        &manifest.id,
        "streefwaarden",
    )?))
}

fn streefpaden_uit(df: &DataFrame) -> Vec<Streefpad> {
    let n = df.height();
    let t = |k: &str| crate::indicatoren::tekstkolom(df, k).unwrap_or_else(|_| vec![None; n]);
    let g = |k: &str| getal(df, k, n);
    let (ind, seg, niv, bron) = (t("indicator"), t("segment"), t("niveau"), t("bron"));
    let (jaar, verandering, rij) = (g("basisjaar"), g("jaarlijkse_verandering"), g("bron_rij"));
    let mut uit: Vec<(f64, Streefpad)> = (0..n)
        .filter_map(|i| {
            let segment = seg[i].clone().unwrap_or_default();
            let regionaal = niv[i].as_deref().is_none_or(|x| x == "regio");
            (regionaal && !segment.is_empty()).then_some(())?;
            Some((
                rij[i].unwrap_or(i as f64),
                Streefpad {
                    indicator: ind[i].clone()?,
                    segment,
                    basisjaar: jaar[i]? as i32,
                    verandering: verandering[i]?,
                    bron: bron[i].clone().unwrap_or_default(),
                },
            ))
        })
        .collect();
    uit.sort_by(|a, b| a.0.total_cmp(&b.0));
    uit.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_pseudonym_is_hidden_in_the_typed_row() {
        let df = df!(
            "tabel" => ["trajecten", "trajecten"],
            "bron_bestand" => ["a.csv", "a.csv"],
            "bron_rij" => [3i64, 4],
            "kolom" => ["client_id", "startdatum"],
            "waarde" => ["PSEUDO123", "2024-13-01"],
            "reden" => ["client_id PSEUDO123 is leeg of ongeldig", "geen geldige datum"],
        )
        .unwrap();
        let v = afwijzingen_uit(&df);
        assert_eq!(v[0].waarde, "(verborgen)");
        assert_eq!(v[0].reden, "ongeldige cliëntcode");
        assert!(!format!("{v:?}").contains("PSEUDO123"));
        assert_eq!(v[1].waarde, "2024-13-01");
        assert_eq!(v[1].rij, Some(4.0));
    }

    #[test]
    fn changes_are_counted_per_gemeente_and_kind_with_the_retroactive_ones() {
        // GM0153: 3 × nieuw (2 retroactive), 1 × verwijderd; GM0164: 1 × nieuw (null =
        // not retroactive).
        let df = df!(
            "gemeente" => ["GM0153", "GM0153", "GM0164", "GM0153", "GM0153"],
            "soort" => ["nieuw", "nieuw", "nieuw", "verwijderd", "nieuw"],
            "terugwerkend" => [Some(true), Some(false), None, Some(false), Some(true)],
        )
        .unwrap();
        let w = |g: &str, s: &str, a: u64, t: u64| Wijzigingen {
            gemeente: g.into(),
            soort: s.into(),
            aantal: a,
            terugwerkend: t,
        };
        assert_eq!(
            wijzigingen_uit(&df),
            [
                w("GM0153", "nieuw", 3, 2),
                w("GM0153", "verwijderd", 1, 0),
                w("GM0164", "nieuw", 1, 0),
            ]
        );
    }
}
