//! THE suppression step (INDICATORS.md, "Privacy (small numbers)"). Every indicator result
//! passes through [`pas_toe`] before it leaves this crate — pages, chart labels, JSON, CSV,
//! Excel, Arrow/Parquet and the PDF all read its output — and [`controleer`] is the last
//! guard an output runs before it writes anything. The provider comparison (O/E table of
//! `standaardisatie`) goes through [`pas_toe_oe`] / [`controleer_oe`]: the same primary rule
//! ([`te_klein`] on teller and noemer), plus whatever the indicator table hides.
//!
//! Works on the long format ([`super::KOLOMMEN`]), which may carry extra columns (`naam`,
//! `landelijk`, `streefwaarde`, `voorlopig`, …): they are kept. The step
//!
//! 1. **primary**: hides a row whose `teller` is below the threshold, or whose `noemer` (when
//!    not null) is below it. No exception for zero: a teller of 0 is below 10 and hidden
//!    ("a count below 10, and any percentage or mean whose numerator or denominator is below
//!    10, is not shown"). A row without a teller (null or NaN) cannot be checked against the
//!    threshold and is hidden too; a row already marked `onderdrukt` stays hidden.
//! 2. **secondary**: hides more cells wherever a hidden value could be recovered by
//!    subtraction from a published total (see "Additive groups" below).
//! 3. **rounding** (optional, CBS style): rounds the published `teller` of counts to a
//!    multiple of [`Onderdrukking::afronden_op`].
//!
//! On a hidden row `teller`, `noemer`, `waarde` and the derived columns of
//! [`AFGELEIDE_KOLOMMEN`] (when present) become null and the Boolean `onderdrukt` is true;
//! it is false on every other row. The step is idempotent.
//!
//! # Additive groups
//!
//! A group is a set of cells whose `teller`s add up to a total row; if exactly one member of
//! the group (a cell or the total itself) is hidden it can be recovered by subtraction, so the
//! smallest published cell (by `teller`, ties by `code`/`uitsplitsing`) is hidden as well.
//! This repeats until no group has exactly one hidden member, because hiding a cell in one
//! group can leave a single hidden member in another (a part of a split at regio level is
//! also the total of the gemeente group of that part). The total is never hidden by this
//! step; the "total itself hidden" case only arises through such a chain.
//!
//! - **Gemeente / aanbieder**: the rows with niveau `gemeente` (resp. `aanbieder`) of one
//!   (indicator, periode, uitsplitsing) add up to the row with niveau `regio` of the same
//!   (indicator, periode, uitsplitsing). Strictly this is only true for counts of trajecten
//!   and sums (days, euros); counts of distinct clients need not add up over gemeenten (a
//!   client who moved counts in each) nor over providers, and a provider's instroom is not
//!   the region's. We suppress secondarily anyway: conservative, and cheap.
//! - **Splits** ([`ADDITIEVE_SPLITSINGEN`]): within one (indicator, periode, niveau, code) the
//!   listed parts add up to the `totaal` row.
//!
//! Without a total row (no regio row, no `totaal`) nothing can be subtracted and the group
//! is left alone. This is the classic "at least two hidden per published total" heuristic,
//! not a full audit of a multi-dimensional table (τ-ARGUS style linear programming): nested
//! periods (months within a quarter) and breakdowns not listed in the table are not covered.
//!
//! # Rounding
//!
//! When `afronden_op > 0` the published `teller` of a count (noemer null) is rounded to the
//! nearest multiple (half away from zero) and its `waarde` set to that rounded teller. The
//! `teller` and `noemer` of percentages and means are not rounded and their `waarde` stays
//! as computed from the unrounded figures: rounding a ratio's parts would only distort it,
//! and both parts are already ≥ the threshold. A count whose rounded teller would fall below
//! the threshold (possible when the threshold is not a multiple of the rounding base) is
//! hidden, so that applying the step twice changes nothing.

use std::collections::BTreeMap;

use polars::prelude::*;

/// The `uitsplitsing` of the row a split adds up to.
pub const TOTAAL: &str = "totaal";

/// Splits whose parts add up to the `totaal` of the same (indicator, periode, niveau, code):
/// the `teller` of the parts sums to the `teller` of `totaal`.
pub const ADDITIEVE_SPLITSINGEN: &[(&str, &[&str])] = &[
    // Every ended verblijf episode is either followed by ambulant care within 30 days or not.
    ("verblijf_uitstroom", &["naar_ambulant", "zonder_vervolg"]),
    // Every started traject has a hulpvorm either with (11–14) or without (01–04) verblijf.
    ("crisis_start_aandeel", &["met_verblijf", "zonder_verblijf"]),
];

/// The levels whose cells add up to the `regio` row.
pub const ONDERLIGGENDE_NIVEAUS: [&str; 2] = ["gemeente", "aanbieder"];

/// The provider × gemeente level, whose cells add up to a provider's and a gemeente's row.
pub const KRUISNIVEAU: &str = "aanbieder_gemeente";

/// Columns derived from a row's own figures, nulled on a hidden row when present: an
/// interval, or a status against the target, would give the hidden value away.
pub const AFGELEIDE_KOLOMMEN: [&str; 4] = ["ci_laag", "ci_hoog", "status", "significant"];

/// The suppression rules of a region (`onderdrukkingsdrempel`, `afronden_op`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Onderdrukking {
    /// A teller or noemer below this is not shown (TMSD: 10).
    pub drempel: f64,
    /// Round published counts to a multiple of this; 0 = no rounding.
    pub afronden_op: u32,
}

impl Default for Onderdrukking {
    fn default() -> Self {
        Onderdrukking {
            drempel: 10.0,
            afronden_op: 0,
        }
    }
}

impl From<&model::Regio> for Onderdrukking {
    fn from(regio: &model::Regio) -> Self {
        Onderdrukking {
            drempel: f64::from(regio.onderdrukkingsdrempel),
            afronden_op: regio.afronden_op,
        }
    }
}

impl Onderdrukking {
    fn afgerond(&self, teller: f64) -> f64 {
        if self.afronden_op == 0 {
            return teller;
        }
        let m = f64::from(self.afronden_op);
        (teller / m).round() * m
    }
}

/// Below the threshold, or not a number (NaN never compares, so it is caught explicitly).
pub fn te_klein(v: f64, drempel: f64) -> bool {
    v.is_nan() || v < drempel
}

fn tekst(df: &DataFrame, naam: &str) -> PolarsResult<Column> {
    df.column(naam)?.cast(&DataType::String)
}

use super::getalkolom as getallen;

/// Whether each row was already marked `onderdrukt` (false without the column; null = false).
fn al_onderdrukt(df: &DataFrame) -> PolarsResult<Vec<bool>> {
    match df.column("onderdrukt") {
        Ok(c) => Ok(c
            .cast(&DataType::Boolean)?
            .bool()?
            .iter()
            .map(|v| v == Some(true))
            .collect()),
        Err(_) => Ok(vec![false; df.height()]),
    }
}

/// A set of cells that add up to a total row.
struct Groep {
    totaal: usize,
    cellen: Vec<usize>,
}

type Sleutel<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// The additive groups of the frame (see the module docs), in a deterministic order.
fn groepen(
    indicator: &[Option<&str>],
    periode: &[Option<&str>],
    niveau: &[Option<&str>],
    code: &[Option<&str>],
    uitsplitsing: &[Option<&str>],
) -> Vec<Groep> {
    let mut uit = Vec::new();

    // Gemeente / aanbieder cells → regio total, per (indicator, periode, uitsplitsing).
    let mut totalen: BTreeMap<Sleutel, usize> = BTreeMap::new();
    let mut cellen: BTreeMap<(Sleutel, Option<&str>), Vec<usize>> = BTreeMap::new();
    for i in 0..indicator.len() {
        let sleutel = (indicator[i], periode[i], uitsplitsing[i], None);
        match niveau[i] {
            Some("regio") => {
                totalen.entry(sleutel).or_insert(i);
            }
            Some(n) if ONDERLIGGENDE_NIVEAUS.contains(&n) => {
                cellen.entry((sleutel, niveau[i])).or_default().push(i);
            }
            _ => {}
        }
    }
    for ((sleutel, _), c) in cellen {
        if let Some(&totaal) = totalen.get(&sleutel) {
            uit.push(Groep { totaal, cellen: c });
        }
    }

    // Provider × gemeente cells (code `<agb>|<gemeente>`) → the provider's own row and the
    // gemeente's row, per (indicator, periode, uitsplitsing): a provider's trajecten in every
    // gemeente add up to its total, and all providers' in one gemeente to the gemeente's
    // (less what has no provider; conservative, as above).
    type Rand<'a> = (Sleutel<'a>, &'a str, &'a str);
    let mut randen: BTreeMap<Rand, usize> = BTreeMap::new();
    let mut kruiscellen: BTreeMap<Rand, Vec<usize>> = BTreeMap::new();
    for i in 0..indicator.len() {
        let sleutel = (indicator[i], periode[i], uitsplitsing[i], None);
        match (niveau[i], code[i]) {
            (Some(n @ ("gemeente" | "aanbieder")), Some(c)) => {
                randen.entry((sleutel, n, c)).or_insert(i);
            }
            (Some(KRUISNIVEAU), Some(c)) => {
                if let Some((agb, gemeente)) = c.split_once('|') {
                    kruiscellen
                        .entry((sleutel, "aanbieder", agb))
                        .or_default()
                        .push(i);
                    kruiscellen
                        .entry((sleutel, "gemeente", gemeente))
                        .or_default()
                        .push(i);
                }
            }
            _ => {}
        }
    }
    for (rand, c) in kruiscellen {
        if let Some(&totaal) = randen.get(&rand) {
            uit.push(Groep { totaal, cellen: c });
        }
    }

    // Parts of a split → totaal, per (indicator, periode, niveau, code).
    let mut totalen: BTreeMap<Sleutel, usize> = BTreeMap::new();
    let mut delen: BTreeMap<Sleutel, Vec<usize>> = BTreeMap::new();
    for i in 0..indicator.len() {
        let Some(ind) = indicator[i] else { continue };
        let Some((_, onderdelen)) = ADDITIEVE_SPLITSINGEN.iter().find(|(naam, _)| *naam == ind)
        else {
            continue;
        };
        let sleutel = (indicator[i], periode[i], niveau[i], code[i]);
        match uitsplitsing[i] {
            Some(TOTAAL) => {
                totalen.entry(sleutel).or_insert(i);
            }
            Some(u) if onderdelen.contains(&u) => delen.entry(sleutel).or_default().push(i),
            _ => {}
        }
    }
    for (sleutel, c) in delen {
        if let Some(&totaal) = totalen.get(&sleutel) {
            uit.push(Groep { totaal, cellen: c });
        }
    }
    uit
}

/// Applies the suppression rules to a long-format frame (see the module docs).
pub fn pas_toe(mut df: DataFrame, regels: &Onderdrukking) -> PolarsResult<DataFrame> {
    polars_ensure!(
        regels.drempel.is_finite() && regels.drempel >= 0.0,
        InvalidOperation: "onderdrukkingsdrempel moet een getal ≥ 0 zijn, niet {}", regels.drempel
    );
    let n = df.height();
    let teller = getallen(&df, "teller")?;
    let noemer = getallen(&df, "noemer")?;
    let waarde = getallen(&df, "waarde")?;

    // 1. Primary.
    let mut verborgen = al_onderdrukt(&df)?;
    for i in 0..n {
        let klein = match teller[i] {
            None => true,
            Some(t) => {
                te_klein(t, regels.drempel)
                    || noemer[i].is_some_and(|m| te_klein(m, regels.drempel))
                    || (noemer[i].is_none() && te_klein(regels.afgerond(t), regels.drempel))
            }
        };
        verborgen[i] |= klein;
    }

    // 2. Secondary, until no additive group has exactly one hidden member.
    {
        let kolommen = ["indicator", "periode", "niveau", "code", "uitsplitsing"]
            .map(|naam| tekst(&df, naam))
            .into_iter()
            .collect::<PolarsResult<Vec<Column>>>()?;
        let waarden = kolommen
            .iter()
            .map(|c| Ok(c.str()?.iter().collect()))
            .collect::<PolarsResult<Vec<Vec<Option<&str>>>>>()?;
        let [indicator, periode, niveau, code, uitsplitsing] = &waarden[..] else {
            unreachable!("vijf tekstkolommen")
        };
        let groepen = groepen(indicator, periode, niveau, code, uitsplitsing);
        loop {
            let mut veranderd = false;
            for g in &groepen {
                let aantal = g.cellen.iter().filter(|&&i| verborgen[i]).count()
                    + usize::from(verborgen[g.totaal]);
                if aantal != 1 {
                    continue;
                }
                let kleinste =
                    g.cellen
                        .iter()
                        .copied()
                        .filter(|&i| !verborgen[i])
                        .min_by(|&a, &b| {
                            let t = |i: usize| teller[i].unwrap_or(f64::NEG_INFINITY);
                            t(a).total_cmp(&t(b))
                                .then_with(|| code[a].cmp(&code[b]))
                                .then_with(|| uitsplitsing[a].cmp(&uitsplitsing[b]))
                                .then_with(|| a.cmp(&b))
                        });
                // With no published cell left the total equals the one hidden cell only if
                // the group has a single cell, and then the total fell under the threshold
                // with it (for additive figures); nothing more to hide.
                if let Some(i) = kleinste {
                    verborgen[i] = true;
                    veranderd = true;
                }
            }
            if !veranderd {
                break;
            }
        }
    }

    // 3. Rounding, and nulling the hidden rows.
    let mut nieuwe_teller = Vec::with_capacity(n);
    let mut nieuwe_noemer = Vec::with_capacity(n);
    let mut nieuwe_waarde = Vec::with_capacity(n);
    for i in 0..n {
        if verborgen[i] {
            nieuwe_teller.push(None);
            nieuwe_noemer.push(None);
            nieuwe_waarde.push(None);
        } else if noemer[i].is_none() && regels.afronden_op > 0 {
            let t = teller[i].map(|t| regels.afgerond(t));
            nieuwe_teller.push(t);
            nieuwe_noemer.push(None);
            nieuwe_waarde.push(waarde[i].and(t));
        } else {
            nieuwe_teller.push(teller[i]);
            nieuwe_noemer.push(noemer[i]);
            nieuwe_waarde.push(waarde[i]);
        }
    }
    df.with_column(Column::new("teller".into(), nieuwe_teller))?;
    df.with_column(Column::new("noemer".into(), nieuwe_noemer))?;
    df.with_column(Column::new("waarde".into(), nieuwe_waarde))?;

    let getoond = BooleanChunked::new("".into(), verborgen.iter().map(|v| !v).collect::<Vec<_>>());
    for naam in AFGELEIDE_KOLOMMEN {
        let Ok(c) = df.column(naam) else { continue };
        let leeg = Column::full_null(c.name().clone(), n, c.dtype());
        let c = c.zip_with(&getoond, &leeg)?;
        df.with_column(c)?;
    }
    df.with_column(Column::new("onderdrukt".into(), verborgen))?;
    Ok(df)
}

/// The last guard before anything is written: an error, in Dutch, when a row that is not
/// marked `onderdrukt` has a `teller` or `noemer` below `drempel` (or NaN), when a row marked
/// `onderdrukt` still carries a `teller`, `noemer`, `waarde` or derived value, or when the
/// frame has no `onderdrukt` column at all (it did not pass [`pas_toe`]). Only `teller` and
/// `onderdrukt` are required; the other columns are checked when present.
pub fn controleer(df: &DataFrame, drempel: f64) -> Result<(), String> {
    let fout = |e: PolarsError| format!("onderdrukkingscontrole: {e}");
    if df.column("onderdrukt").is_err() {
        return Err(
            "onderdrukkingscontrole: kolom `onderdrukt` ontbreekt; het frame is niet \
                    door de onderdrukkingsstap gegaan"
                .into(),
        );
    }
    let verborgen = al_onderdrukt(df).map_err(fout)?;
    let teller = getallen(df, "teller").map_err(fout)?;
    let noemer = match df.column("noemer") {
        Ok(_) => getallen(df, "noemer").map_err(fout)?,
        Err(_) => vec![None; df.height()],
    };
    // Columns that must be null on a hidden row.
    let mut gevuld: Vec<(&str, BooleanChunked)> = Vec::new();
    for naam in ["teller", "noemer", "waarde"]
        .into_iter()
        .chain(AFGELEIDE_KOLOMMEN)
    {
        if let Ok(c) = df.column(naam) {
            gevuld.push((naam, c.is_not_null()));
        }
    }
    let labels: Vec<Option<Column>> = ["indicator", "periode", "niveau", "code", "uitsplitsing"]
        .iter()
        .map(|naam| tekst(df, naam).ok())
        .collect();
    let beschrijf = |i: usize| -> String {
        labels
            .iter()
            .flatten()
            .map(|c| {
                c.str()
                    .ok()
                    .and_then(|s| s.get(i))
                    .unwrap_or("∅")
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join("/")
    };

    let mut lekken = Vec::new();
    for i in 0..df.height() {
        if verborgen[i] {
            for (naam, g) in &gevuld {
                if g.get(i) == Some(true) {
                    lekken.push(format!(
                        "{} is onderdrukt maar heeft nog een {naam}",
                        beschrijf(i)
                    ));
                }
            }
        } else {
            if let Some(t) = teller[i].filter(|&t| te_klein(t, drempel)) {
                lekken.push(format!("{} toont teller {t} < {drempel}", beschrijf(i)));
            }
            if let Some(m) = noemer[i].filter(|&m| te_klein(m, drempel)) {
                lekken.push(format!("{} toont noemer {m} < {drempel}", beschrijf(i)));
            }
        }
    }
    if lekken.is_empty() {
        return Ok(());
    }
    let aantal = lekken.len();
    lekken.truncate(5);
    Err(format!(
        "onderdrukkingscontrole: {aantal} kleine aantallen zichtbaar: {}{}",
        lekken.join("; "),
        if aantal > 5 { "; …" } else { "" }
    ))
}

/// The figures of the provider comparison ([`super::standaardisatie`]) nulled on a hidden row.
pub const OE_KOLOMMEN: [&str; 4] = ["noemer", "waargenomen", "verwacht", "oe"];

/// The same suppression step for the O/E table of [`super::standaardisatie`] (columns
/// `indicator`, `periode`, `aanbieder`, `noemer`, `waargenomen`, `verwacht`, `oe`). A row
/// is hidden when
///
/// 1. **primary**, the rule of [`pas_toe`]: its `waargenomen` (the provider's teller) or
///    `noemer` is below the threshold ([`te_klein`]), or `waargenomen` is missing. For the
///    mean `trajectduur` the teller is a sum of days, below 10 only in the degenerate case of
///    (almost) zero-day trajecten, where the indicator table hides the row as well;
/// 2. **inherited**: the same provider's row in the published indicator table `indicatoren`
///    (the output of [`pas_toe`]; niveau `aanbieder`, uitsplitsing `totaal`, same indicator
///    and periode) is `onderdrukt` or absent. `waargenomen` and `noemer` *are* that row's
///    teller and noemer, so showing them here would undo its secondary suppression.
///
/// On a hidden row the [`OE_KOLOMMEN`] are null (the noemer too: it is a count below the
/// threshold, or one the indicator table hides) and `onderdrukt` is true; false elsewhere.
/// Ratios are never rounded (see "Rounding" above). Idempotent.
pub fn pas_toe_oe(
    mut df: DataFrame,
    regels: &Onderdrukking,
    indicatoren: &DataFrame,
) -> PolarsResult<DataFrame> {
    polars_ensure!(
        regels.drempel.is_finite() && regels.drempel >= 0.0,
        InvalidOperation: "onderdrukkingsdrempel moet een getal ≥ 0 zijn, niet {}", regels.drempel
    );
    let n = df.height();
    let waargenomen = getallen(&df, "waargenomen")?;
    let noemer = getallen(&df, "noemer")?;

    // The provider rows the indicator table publishes: (indicator, periode, code).
    let gepubliceerd: std::collections::HashSet<(String, String, String)> = {
        let kolommen = ["indicator", "periode", "niveau", "code", "uitsplitsing"]
            .map(|naam| tekst(indicatoren, naam))
            .into_iter()
            .collect::<PolarsResult<Vec<Column>>>()?;
        let w = kolommen
            .iter()
            .map(|c| Ok(c.str()?.iter().collect()))
            .collect::<PolarsResult<Vec<Vec<Option<&str>>>>>()?;
        let verborgen = al_onderdrukt(indicatoren)?;
        (0..indicatoren.height())
            .filter(|&i| !verborgen[i] && w[2][i] == Some("aanbieder") && w[4][i] == Some(TOTAAL))
            .filter_map(|i| {
                Some((
                    w[0][i]?.to_owned(),
                    w[1][i]?.to_owned(),
                    w[3][i]?.to_owned(),
                ))
            })
            .collect()
    };
    let sleutels = ["indicator", "periode", "aanbieder"]
        .map(|naam| tekst(&df, naam))
        .into_iter()
        .collect::<PolarsResult<Vec<Column>>>()?;
    let sleutels = sleutels
        .iter()
        .map(|c| Ok(c.str()?.iter().collect()))
        .collect::<PolarsResult<Vec<Vec<Option<&str>>>>>()?;

    let mut verborgen = al_onderdrukt(&df)?;
    for i in 0..n {
        let klein = match waargenomen[i] {
            None => true,
            Some(o) => {
                te_klein(o, regels.drempel) || noemer[i].is_none_or(|m| te_klein(m, regels.drempel))
            }
        };
        let geerfd = match (sleutels[0][i], sleutels[1][i], sleutels[2][i]) {
            (Some(a), Some(p), Some(c)) => {
                !gepubliceerd.contains(&(a.to_owned(), p.to_owned(), c.to_owned()))
            }
            _ => true,
        };
        verborgen[i] |= klein || geerfd;
    }

    let getoond = BooleanChunked::new("".into(), verborgen.iter().map(|v| !v).collect::<Vec<_>>());
    for naam in OE_KOLOMMEN {
        let c = df.column(naam)?.cast(&DataType::Float64)?;
        let leeg = Column::full_null(c.name().clone(), n, c.dtype());
        let c = c.zip_with(&getoond, &leeg)?;
        df.with_column(c)?;
    }
    df.with_column(Column::new("onderdrukt".into(), verborgen))?;
    Ok(df)
}

/// [`controleer`] for the O/E table: an error, in Dutch, when a shown row has a `noemer` or
/// `waargenomen` below `drempel` (or missing), when a hidden row still carries one of the
/// [`OE_KOLOMMEN`], or when the `onderdrukt` column is missing.
pub fn controleer_oe(df: &DataFrame, drempel: f64) -> Result<(), String> {
    let fout = |e: PolarsError| format!("onderdrukkingscontrole (O/E): {e}");
    if df.column("onderdrukt").is_err() {
        return Err(
            "onderdrukkingscontrole (O/E): kolom `onderdrukt` ontbreekt; het frame is \
                    niet door de onderdrukkingsstap gegaan"
                .into(),
        );
    }
    let verborgen = al_onderdrukt(df).map_err(fout)?;
    let waarden = OE_KOLOMMEN
        .iter()
        .map(|naam| getallen(df, naam))
        .collect::<PolarsResult<Vec<_>>>()
        .map_err(fout)?;
    let (noemer, waargenomen) = (&waarden[0], &waarden[1]);
    let labels: Vec<Option<Column>> = ["indicator", "periode", "aanbieder"]
        .iter()
        .map(|naam| tekst(df, naam).ok())
        .collect();
    let beschrijf = |i: usize| -> String {
        labels
            .iter()
            .flatten()
            .map(|c| {
                c.str()
                    .ok()
                    .and_then(|s| s.get(i))
                    .unwrap_or("∅")
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut lekken = Vec::new();
    for i in 0..df.height() {
        if verborgen[i] {
            for (naam, w) in OE_KOLOMMEN.iter().zip(&waarden) {
                if w[i].is_some() {
                    lekken.push(format!(
                        "{} is onderdrukt maar heeft nog een {naam}",
                        beschrijf(i)
                    ));
                }
            }
        } else {
            for (naam, w) in [("noemer", noemer), ("waargenomen", waargenomen)] {
                match w[i] {
                    Some(v) if !te_klein(v, drempel) => {}
                    v => lekken.push(format!("{} toont {naam} {v:?} < {drempel}", beschrijf(i))),
                }
            }
        }
    }
    if lekken.is_empty() {
        return Ok(());
    }
    let aantal = lekken.len();
    lekken.truncate(5);
    Err(format!(
        "onderdrukkingscontrole (O/E): {aantal} kleine aantallen zichtbaar: {}{}",
        lekken.join("; "),
        if aantal > 5 { "; …" } else { "" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (indicator, niveau, code, uitsplitsing, teller, noemer); periode is 2024 and waarde is
    /// the teller for a count and 100 × teller ÷ noemer otherwise.
    type Rij = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        f64,
        Option<f64>,
    );

    fn frame(rijen: &[Rij]) -> DataFrame {
        let waarde: Vec<f64> = rijen
            .iter()
            .map(|r| match r.5 {
                None => r.4,
                Some(m) => 100.0 * r.4 / m,
            })
            .collect();
        df!(
            "indicator" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "periode" => vec!["2024"; rijen.len()],
            "niveau" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "code" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "uitsplitsing" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "teller" => rijen.iter().map(|r| r.4).collect::<Vec<_>>(),
            "noemer" => rijen.iter().map(|r| r.5).collect::<Vec<_>>(),
            "waarde" => waarde,
        )
        .unwrap()
    }

    const STANDAARD: Onderdrukking = Onderdrukking {
        drempel: 10.0,
        afronden_op: 0,
    };

    /// (onderdrukt, teller, noemer, waarde) of one row.
    type Cel = (bool, Option<f64>, Option<f64>, Option<f64>);

    /// "indicator/niveau/code/uitsplitsing" → its [`Cel`].
    fn uitkomst(df: &DataFrame) -> BTreeMap<String, Cel> {
        let s = |n: &str| df.column(n).unwrap().str().unwrap().clone();
        let f = |n: &str| df.column(n).unwrap().f64().unwrap().clone();
        let (ind, niv, code, uit) = (s("indicator"), s("niveau"), s("code"), s("uitsplitsing"));
        let (t, m, w) = (f("teller"), f("noemer"), f("waarde"));
        let o = df.column("onderdrukt").unwrap().bool().unwrap().clone();
        (0..df.height())
            .map(|i| {
                let sleutel = format!(
                    "{}/{}/{}/{}",
                    ind.get(i).unwrap(),
                    niv.get(i).unwrap(),
                    code.get(i).unwrap(),
                    uit.get(i).unwrap()
                );
                (sleutel, (o.get(i).unwrap(), t.get(i), m.get(i), w.get(i)))
            })
            .collect()
    }

    fn verborgen(df: &DataFrame) -> Vec<String> {
        uitkomst(df)
            .into_iter()
            .filter(|(_, v)| v.0)
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn primair_op_teller_en_noemer() {
        let df = frame(&[
            ("aandeel", "regio", "regio", "totaal", 20.0, Some(100.0)),
            ("aandeel", "gemeente", "GM0153", "totaal", 5.0, Some(100.0)),
            ("aandeel", "gemeente", "GM0141", "totaal", 0.0, Some(100.0)),
            ("aandeel", "gemeente", "GM0164", "totaal", 10.0, Some(10.0)),
            // A mean: 400 days over 9 ended trajecten — the noemer is too small.
            (
                "trajectduur",
                "gemeente",
                "GM0153",
                "totaal",
                400.0,
                Some(9.0),
            ),
        ]);
        let uit = pas_toe(df, &STANDAARD).unwrap();
        let u = uitkomst(&uit);
        assert_eq!(
            u["aandeel/regio/regio/totaal"],
            (false, Some(20.0), Some(100.0), Some(20.0))
        );
        assert_eq!(
            u["aandeel/gemeente/GM0153/totaal"],
            (true, None, None, None)
        );
        // Zero is below 10 too: strict, as INDICATORS.md says.
        assert_eq!(
            u["aandeel/gemeente/GM0141/totaal"],
            (true, None, None, None)
        );
        // Exactly on the threshold is shown.
        assert_eq!(
            u["aandeel/gemeente/GM0164/totaal"],
            (false, Some(10.0), Some(10.0), Some(100.0))
        );
        assert_eq!(
            u["trajectduur/gemeente/GM0153/totaal"],
            (true, None, None, None)
        );
        controleer(&uit, 10.0).unwrap();
    }

    #[test]
    fn aantal_negen_verborgen_tien_getoond() {
        let df = frame(&[
            ("verblijf_stand", "gemeente", "GM0153", "totaal", 9.0, None),
            ("verblijf_stand", "gemeente", "GM0141", "totaal", 10.0, None),
        ]);
        let u = uitkomst(&pas_toe(df, &STANDAARD).unwrap());
        assert_eq!(
            u["verblijf_stand/gemeente/GM0153/totaal"],
            (true, None, None, None)
        );
        assert_eq!(
            u["verblijf_stand/gemeente/GM0141/totaal"],
            (false, Some(10.0), None, Some(10.0))
        );
    }

    #[test]
    fn extra_kolommen_blijven_afgeleide_worden_leeg() {
        let df = frame(&[
            ("aandeel", "gemeente", "GM0153", "totaal", 5.0, Some(100.0)),
            ("aandeel", "gemeente", "GM0141", "totaal", 50.0, Some(100.0)),
        ]);
        let mut df = df;
        df.with_column(Column::new("ci_laag".into(), [2.1, 40.4]))
            .unwrap();
        df.with_column(Column::new("ci_hoog".into(), [11.1, 59.6]))
            .unwrap();
        df.with_column(Column::new("naam".into(), ["Almelo", "Enschede"]))
            .unwrap();
        df.with_column(Column::new("landelijk".into(), [13.9, 13.9]))
            .unwrap();
        df.with_column(Column::new("status".into(), ["op koers", "afwijkend"]))
            .unwrap();
        // A stale flag is overwritten.
        df.with_column(Column::new("onderdrukt".into(), [false, false]))
            .unwrap();
        let uit = pas_toe(df, &STANDAARD).unwrap();
        let f = |n: &str| {
            uit.column(n)
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        };
        let s = |n: &str| {
            uit.column(n)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(f("ci_laag"), [None, Some(40.4)]);
        assert_eq!(f("ci_hoog"), [None, Some(59.6)]);
        assert_eq!(f("landelijk"), [Some(13.9), Some(13.9)]);
        assert_eq!(s("naam"), [Some("Almelo"), Some("Enschede")]);
        assert_eq!(s("status"), [None, Some("afwijkend")]);
        let o: Vec<_> = uit
            .column("onderdrukt")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(o, [Some(true), Some(false)]);
        controleer(&uit, 10.0).unwrap();
    }

    #[test]
    fn secundair_in_gemeentegroep() {
        // 4 + 25 + 30 = 59: hiding only the 4 would give it away as 59 − 25 − 30.
        let df = frame(&[
            ("verblijf_instroom", "regio", "regio", "totaal", 59.0, None),
            (
                "verblijf_instroom",
                "gemeente",
                "GM0153",
                "totaal",
                4.0,
                None,
            ),
            (
                "verblijf_instroom",
                "gemeente",
                "GM0141",
                "totaal",
                25.0,
                None,
            ),
            (
                "verblijf_instroom",
                "gemeente",
                "GM0164",
                "totaal",
                30.0,
                None,
            ),
            // A group without a regio total: nothing to subtract from.
            (
                "verblijf_doorstroom",
                "gemeente",
                "GM0153",
                "totaal",
                3.0,
                None,
            ),
            (
                "verblijf_doorstroom",
                "gemeente",
                "GM0141",
                "totaal",
                12.0,
                None,
            ),
            // Two already hidden primarily: no extra suppression needed.
            (
                "jeugdhulp_gebruik",
                "regio",
                "regio",
                "totaal",
                70.0,
                Some(700.0),
            ),
            (
                "jeugdhulp_gebruik",
                "gemeente",
                "GM0153",
                "totaal",
                3.0,
                Some(40.0),
            ),
            (
                "jeugdhulp_gebruik",
                "gemeente",
                "GM0141",
                "totaal",
                6.0,
                Some(60.0),
            ),
            (
                "jeugdhulp_gebruik",
                "gemeente",
                "GM0164",
                "totaal",
                61.0,
                Some(600.0),
            ),
            // Aanbieder level: its own group against the same regio total.
            (
                "verblijf_instroom",
                "aanbieder",
                "11111111",
                "totaal",
                45.0,
                None,
            ),
            (
                "verblijf_instroom",
                "aanbieder",
                "22222222",
                "totaal",
                8.0,
                None,
            ),
            (
                "verblijf_instroom",
                "aanbieder",
                "33333333",
                "totaal",
                6.0,
                None,
            ),
        ]);
        let uit = pas_toe(df, &STANDAARD).unwrap();
        assert_eq!(
            verborgen(&uit),
            [
                "jeugdhulp_gebruik/gemeente/GM0141/totaal",
                "jeugdhulp_gebruik/gemeente/GM0153/totaal",
                "verblijf_doorstroom/gemeente/GM0153/totaal",
                "verblijf_instroom/aanbieder/22222222/totaal",
                "verblijf_instroom/aanbieder/33333333/totaal",
                "verblijf_instroom/gemeente/GM0141/totaal",
                "verblijf_instroom/gemeente/GM0153/totaal",
            ]
        );
        let u = uitkomst(&uit);
        assert_eq!(u["verblijf_instroom/gemeente/GM0164/totaal"].1, Some(30.0));
        assert_eq!(u["verblijf_instroom/regio/regio/totaal"].1, Some(59.0));
        controleer(&uit, 10.0).unwrap();
    }

    #[test]
    fn secundair_over_aanbieder_en_gemeente() {
        // Providers A, B, C in gemeenten G1, G2 (started trajecten):
        //        G1  G2 | aanbieder
        //   A    40  20 |  60
        //   B    30   5 |  35
        //   C    25  15 |  40
        //   ----------- +
        //        95  40 | 135 (regio)
        // B|G2 = 5 is hidden first. Then B|G1 (else 35 − 30), then in G2 the smallest
        // published cell, C|G2 (else 40 − 20 − 15), then C|G1 (else 40 − 25). A stays.
        let k = |code: &'static str, t: f64| ("gestart", KRUISNIVEAU, code, "totaal", t, None);
        let r = |niveau: &'static str, code: &'static str, t: f64| {
            ("gestart", niveau, code, "totaal", t, None)
        };
        let df = frame(&[
            r("regio", "regio", 135.0),
            r("gemeente", "G1", 95.0),
            r("gemeente", "G2", 40.0),
            r("aanbieder", "A", 60.0),
            r("aanbieder", "B", 35.0),
            r("aanbieder", "C", 40.0),
            k("A|G1", 40.0),
            k("A|G2", 20.0),
            k("B|G1", 30.0),
            k("B|G2", 5.0),
            k("C|G1", 25.0),
            k("C|G2", 15.0),
        ]);
        let uit = pas_toe(df, &STANDAARD).unwrap();
        assert_eq!(
            verborgen(&uit),
            [
                "gestart/aanbieder_gemeente/B|G1/totaal",
                "gestart/aanbieder_gemeente/B|G2/totaal",
                "gestart/aanbieder_gemeente/C|G1/totaal",
                "gestart/aanbieder_gemeente/C|G2/totaal",
            ]
        );
        let u = uitkomst(&uit);
        assert_eq!(u["gestart/aanbieder_gemeente/A|G1/totaal"].1, Some(40.0));
        assert_eq!(u["gestart/aanbieder/B/totaal"].1, Some(35.0));
        assert!(controleer(&uit, 10.0).is_ok());
    }

    #[test]
    fn secundair_binnen_splitsing() {
        let df = frame(&[
            // naar_ambulant 6 + zonder_vervolg 34 = 40.
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0153",
                "totaal",
                40.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0153",
                "naar_ambulant",
                6.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0153",
                "zonder_vervolg",
                34.0,
                None,
            ),
            // Crisis starts: met_verblijf 8/40 + zonder_verblijf 22/260 = totaal 30/300.
            (
                "crisis_start_aandeel",
                "regio",
                "regio",
                "totaal",
                30.0,
                Some(300.0),
            ),
            (
                "crisis_start_aandeel",
                "regio",
                "regio",
                "met_verblijf",
                8.0,
                Some(40.0),
            ),
            (
                "crisis_start_aandeel",
                "regio",
                "regio",
                "zonder_verblijf",
                22.0,
                Some(260.0),
            ),
            // Not in the table of additive splits: left alone.
            (
                "verwijzer_aandeel",
                "regio",
                "regio",
                "totaal",
                100.0,
                Some(100.0),
            ),
            (
                "verwijzer_aandeel",
                "regio",
                "regio",
                "huisarts",
                5.0,
                Some(100.0),
            ),
            (
                "verwijzer_aandeel",
                "regio",
                "regio",
                "gemeente_gi",
                95.0,
                Some(100.0),
            ),
        ]);
        let uit = pas_toe(df, &STANDAARD).unwrap();
        assert_eq!(
            verborgen(&uit),
            [
                "crisis_start_aandeel/regio/regio/met_verblijf",
                "crisis_start_aandeel/regio/regio/zonder_verblijf",
                "verblijf_uitstroom/gemeente/GM0153/naar_ambulant",
                "verblijf_uitstroom/gemeente/GM0153/zonder_vervolg",
                "verwijzer_aandeel/regio/regio/huisarts",
            ]
        );
        let u = uitkomst(&uit);
        assert_eq!(u["verblijf_uitstroom/gemeente/GM0153/totaal"].1, Some(40.0));
        assert_eq!(u["crisis_start_aandeel/regio/regio/totaal"].3, Some(10.0));
        controleer(&uit, 10.0).unwrap();
    }

    #[test]
    fn secundair_in_keten() {
        // Regio: naar_ambulant 8 is hidden, so zonder_vervolg 92 follows (split). The
        // gemeenten' zonder_vervolg 50 + 42 would then give 92 back, and with it 100 − 92 = 8:
        // the smallest, 42, is hidden too.
        let df = frame(&[
            (
                "verblijf_uitstroom",
                "regio",
                "regio",
                "totaal",
                100.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "regio",
                "regio",
                "naar_ambulant",
                8.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "regio",
                "regio",
                "zonder_vervolg",
                92.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0153",
                "naar_ambulant",
                3.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0141",
                "naar_ambulant",
                5.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0153",
                "zonder_vervolg",
                50.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0141",
                "zonder_vervolg",
                42.0,
                None,
            ),
        ]);
        let uit = pas_toe(df, &STANDAARD).unwrap();
        assert_eq!(
            verborgen(&uit),
            [
                "verblijf_uitstroom/gemeente/GM0141/naar_ambulant",
                "verblijf_uitstroom/gemeente/GM0141/zonder_vervolg",
                "verblijf_uitstroom/gemeente/GM0153/naar_ambulant",
                "verblijf_uitstroom/regio/regio/naar_ambulant",
                "verblijf_uitstroom/regio/regio/zonder_vervolg",
            ]
        );
    }

    #[test]
    fn afronden_op_vijf() {
        let regels = Onderdrukking {
            drempel: 10.0,
            afronden_op: 5,
        };
        let df = frame(&[
            ("verblijf_stand", "gemeente", "GM0153", "totaal", 12.0, None),
            ("verblijf_stand", "gemeente", "GM0141", "totaal", 13.0, None),
            ("verblijf_stand", "gemeente", "GM0164", "totaal", 10.0, None),
            ("verblijf_stand", "gemeente", "GM0158", "totaal", 9.0, None),
            ("verblijf_stand", "gemeente", "GM0163", "totaal", 17.5, None),
            // A percentage keeps its teller, noemer and waarde.
            ("aandeel", "gemeente", "GM0153", "totaal", 12.0, Some(40.0)),
        ]);
        let u = uitkomst(&pas_toe(df, &regels).unwrap());
        assert_eq!(
            u["verblijf_stand/gemeente/GM0153/totaal"],
            (false, Some(10.0), None, Some(10.0))
        );
        assert_eq!(
            u["verblijf_stand/gemeente/GM0141/totaal"],
            (false, Some(15.0), None, Some(15.0))
        );
        assert_eq!(
            u["verblijf_stand/gemeente/GM0164/totaal"],
            (false, Some(10.0), None, Some(10.0))
        );
        assert_eq!(
            u["verblijf_stand/gemeente/GM0158/totaal"],
            (true, None, None, None)
        );
        // Half away from zero.
        assert_eq!(
            u["verblijf_stand/gemeente/GM0163/totaal"],
            (false, Some(20.0), None, Some(20.0))
        );
        assert_eq!(
            u["aandeel/gemeente/GM0153/totaal"],
            (false, Some(12.0), Some(40.0), Some(30.0))
        );
    }

    #[test]
    fn afronden_onder_drempel_wordt_verborgen() {
        // Threshold 7, rounding to 5: 7 would be shown as 5 < 7, so it is hidden.
        let regels = Onderdrukking {
            drempel: 7.0,
            afronden_op: 5,
        };
        let df = frame(&[
            ("verblijf_stand", "gemeente", "GM0153", "totaal", 7.0, None),
            ("verblijf_stand", "gemeente", "GM0141", "totaal", 8.0, None),
        ]);
        let uit = pas_toe(df, &regels).unwrap();
        let u = uitkomst(&uit);
        assert_eq!(
            u["verblijf_stand/gemeente/GM0153/totaal"],
            (true, None, None, None)
        );
        assert_eq!(
            u["verblijf_stand/gemeente/GM0141/totaal"],
            (false, Some(10.0), None, Some(10.0))
        );
        assert_eq!(pas_toe(uit.clone(), &regels).unwrap(), uit);
    }

    #[test]
    fn tweemaal_toepassen_verandert_niets() {
        let df = frame(&[
            ("verblijf_instroom", "regio", "regio", "totaal", 59.0, None),
            (
                "verblijf_instroom",
                "gemeente",
                "GM0153",
                "totaal",
                4.0,
                None,
            ),
            (
                "verblijf_instroom",
                "gemeente",
                "GM0141",
                "totaal",
                25.0,
                None,
            ),
            (
                "verblijf_instroom",
                "gemeente",
                "GM0164",
                "totaal",
                30.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "regio",
                "regio",
                "totaal",
                100.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "regio",
                "regio",
                "naar_ambulant",
                8.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "regio",
                "regio",
                "zonder_vervolg",
                92.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0153",
                "zonder_vervolg",
                50.0,
                None,
            ),
            (
                "verblijf_uitstroom",
                "gemeente",
                "GM0141",
                "zonder_vervolg",
                42.0,
                None,
            ),
            ("aandeel", "gemeente", "GM0153", "totaal", 12.0, Some(40.0)),
            ("aandeel", "gemeente", "GM0141", "totaal", 12.0, Some(9.0)),
            ("verblijf_stand", "gemeente", "GM0153", "totaal", 13.0, None),
        ]);
        for regels in [
            STANDAARD,
            Onderdrukking {
                drempel: 10.0,
                afronden_op: 5,
            },
        ] {
            let een = pas_toe(df.clone(), &regels).unwrap();
            let twee = pas_toe(een.clone(), &regels).unwrap();
            assert_eq!(een, twee, "{regels:?}");
            assert!(een.equals_missing(&twee));
            controleer(&twee, regels.drempel).unwrap();
        }
    }

    #[test]
    fn controleer_vindt_een_lek() {
        let df = frame(&[
            ("verblijf_stand", "gemeente", "GM0153", "totaal", 9.0, None),
            ("aandeel", "gemeente", "GM0141", "totaal", 40.0, Some(100.0)),
        ]);
        // Never passed the step.
        let fout = controleer(&df, 10.0).unwrap_err();
        assert!(fout.contains("onderdrukt"), "{fout}");

        // Marked as shown while 9 < 10.
        let mut lek = df.clone();
        lek.with_column(Column::new("onderdrukt".into(), [false, false]))
            .unwrap();
        let fout = controleer(&lek, 10.0).unwrap_err();
        assert!(
            fout.contains("verblijf_stand/2024/gemeente/GM0153/totaal"),
            "{fout}"
        );
        assert!(fout.contains("teller 9"), "{fout}");
        // A noemer below the threshold is a leak too.
        assert!(controleer(&lek, 5.0).is_ok());
        let fout = controleer(&lek, 101.0).unwrap_err();
        assert!(fout.contains("noemer 100"), "{fout}");

        // Marked hidden but the figures are still there.
        let mut lek = df.clone();
        lek.with_column(Column::new("onderdrukt".into(), [true, false]))
            .unwrap();
        let fout = controleer(&lek, 10.0).unwrap_err();
        assert!(fout.contains("nog een teller"), "{fout}");

        // After the step all is well.
        controleer(&pas_toe(df, &STANDAARD).unwrap(), 10.0).unwrap();
    }

    #[test]
    fn regels_uit_regio() {
        let regels = Onderdrukking::from(&model::Regio::twente());
        assert_eq!(regels, Onderdrukking::default());
        assert_eq!(regels.drempel, 10.0);
        assert_eq!(regels.afronden_op, 0);
    }
}
