//! Typed rows of a release's data-quality tables, read once from the stored frames when a
//! release is read ([`crate::staat::Releasedata::leveringen`]). The `/datakwaliteit` page
//! and the jaarrapport's annex both read these rows — never the page's display table, its
//! Dutch headers or its shown text.

use polars::prelude::DataFrame;

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

fn tekst(df: &DataFrame, naam: &str, n: usize) -> Vec<String> {
    let mut v: Vec<String> = pipeline::indicatoren::tekstkolom(df, naam)
        .map(|v| v.into_iter().map(Option::unwrap_or_default).collect())
        .unwrap_or_default();
    v.resize(n, String::new());
    v
}

fn getal(df: &DataFrame, naam: &str, n: usize) -> Vec<Option<f64>> {
    let mut v = pipeline::indicatoren::getalkolom(df, naam).unwrap_or_default();
    v.resize(n, None);
    v
}

/// A boolean column (nulls and a missing column as `None`).
pub fn janee(df: &DataFrame, naam: &str, n: usize) -> Vec<Option<bool>> {
    let mut v: Vec<Option<bool>> = df
        .column(naam)
        .ok()
        .and_then(|c| c.bool().ok().map(|b| b.iter().collect()))
        .unwrap_or_default();
    v.resize(n, None);
    v
}

/// The rows of a stored `volledigheid` frame.
pub fn leveringsmaanden(df: &DataFrame) -> Vec<Leveringsmaand> {
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
