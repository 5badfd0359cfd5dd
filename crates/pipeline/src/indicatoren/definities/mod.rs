//! One plan per indicator, written to read like its definition in INDICATORS.md. Each
//! returns the long format (`KOLOMMEN`) for the requested periods and levels.
//!
//! One file per plan (its unit-level frame where `standaardisatie` reuses it, then the
//! plan, then its tests on a tiny hand-made input); the helpers the plans share are here.

mod clienttelling;
mod crisis;
mod gezinsgericht;
mod herhaald_beroep;
mod jeugdhulp_gebruik;
mod kosten;
mod maatregelen;
#[cfg(test)]
mod testhulp;
mod trajectduur;
mod veilig_thuis;
mod verwijzers;
mod volgens_plan;
mod wachttijd;

pub use crisis::{crisis, crisis_eenheden};
pub use gezinsgericht::gezinsgericht;
pub use herhaald_beroep::{herhaald_beroep, herhaald_beroep_eenheden};
pub use jeugdhulp_gebruik::jeugdhulp_gebruik;
pub use kosten::kosten;
pub use maatregelen::maatregelen;
pub use trajectduur::{trajectduur, trajectduur_eenheden};
pub use veilig_thuis::veilig_thuis;
pub use verwijzers::verwijzers;
pub use volgens_plan::{volgens_plan, volgens_plan_eenheden};
pub use wachttijd::{wachttijd, wachttijd_eenheden, wachttijd_gesplitst};

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::perioden::{actief, leeftijd_expr, op_datum};
use super::{Niveau, hulpvorm_verblijf, in_lijst, lang, lang_met_basis, onder_elkaar};

/// The tables of a release the indicators are computed from.
pub struct Bronnen {
    /// Merged CBS jeugdhulptrajecten.
    pub trajecten: LazyFrame,
    /// Current toewijzingen (to give declarations their segment and provider).
    pub toewijzingen: LazyFrame,
    pub declaraties: LazyFrame,
    pub maatregelen: LazyFrame,
    pub veilig_thuis: LazyFrame,
    pub bevolking: LazyFrame,
}

pub(crate) fn soorten(perioden: &[Periode]) -> Vec<PeriodeSoort> {
    PeriodeSoort::ALLE
        .into_iter()
        .filter(|s| perioden.iter().any(|p| p.soort() == *s))
        .collect()
}

/// Runs `plan` for every period kind and level and stacks the results. Each part is
/// collected before the next one runs: the parts explode trajecten per active period, and
/// side by side (one `concat`) those explosions were in memory at the same time — the peak
/// of the whole ingest at 10× Twente scale (BENCHMARKS.md). The results are small.
fn voor_alle(
    perioden: &[Periode],
    niveaus: &[Niveau],
    plan: impl Fn(PeriodeSoort, Niveau) -> PolarsResult<LazyFrame>,
) -> PolarsResult<LazyFrame> {
    let delen = soorten(perioden).into_iter().flat_map(|soort| {
        niveaus
            .iter()
            .filter(move |n| n.berekend_voor(soort))
            .map(move |n| (soort, *n))
    });
    match onder_elkaar(delen.map(|(soort, n)| plan(soort, n)?.collect()))? {
        Some(u) => Ok(u.lazy()),
        None => Err(PolarsError::ComputeError(
            "geen perioden om indicatoren voor te berekenen".into(),
        )),
    }
}

fn per_code(lf: LazyFrame, niveau: Niveau) -> LazyFrame {
    // Declarations without a known allocation have no provider: they count for the region
    // and the gemeente, not for an unnamed provider.
    lf.with_column(niveau.code().alias("code"))
        .filter(col("code").is_not_null())
}

/// A euro amount in whole cents, to sum exactly: a float sum depends on the order of the
/// rows, and the same release must always give the same figures.
fn cent_bedrag() -> Expr {
    ((col("bedrag") * lit(100.0)).round(0, RoundMode::HalfAwayFromZero)).cast(DataType::Int64)
}

fn groep(lf: LazyFrame, niveau: Niveau, agg: Vec<Expr>) -> LazyFrame {
    per_code(lf, niveau)
        .group_by([col("periode"), col("code")])
        .agg(agg)
}

fn pct(teller: Expr, noemer: Expr) -> Expr {
    when(noemer.clone().gt(lit(0)))
        .then(lit(100.0) * teller.cast(DataType::Float64) / noemer.cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

const REGIO_GEMEENTE: [Niveau; 2] = [Niveau::Regio, Niveau::Gemeente];

/// The unit-level frame of an indicator that is counted per traject: one row per unit (a
/// traject in a period of kind `soort`) that the indicator's plan counts, with the columns
/// of the trajecten, the period columns of [`op_datum`] and the unit's own outcome columns.
/// The plans below aggregate exactly these rows; `standaardisatie` reuses them, so the
/// provider comparison counts the same units as the published figures. `Niveau` matters
/// only where the definition depends on the scope (`herhaald_beroep_aandeel`).
pub type EenhedenPlan = fn(&Bronnen, PeriodeSoort, &[Periode], Niveau) -> PolarsResult<LazyFrame>;

/// Trajecten started in a period of kind `soort`.
fn gestart(b: &Bronnen, soort: PeriodeSoort, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    op_datum(b.trajecten.clone(), "startdatum", soort, perioden)
}

/// Trajecten ended in a period of kind `soort`.
fn beeindigd(b: &Bronnen, soort: PeriodeSoort, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    op_datum(b.trajecten.clone(), "einddatum", soort, perioden)
}

/// Residents of an age class per code (`regio` or gemeente) and year: `code`, `_jaar`, `noemer`.
fn bevolking(b: &LazyFrame, klasse: &str, niveau: Niveau) -> LazyFrame {
    let basis = b.clone().filter(col("leeftijd").eq(lit(klasse))).select([
        col("gemeente"),
        col("jaar").alias("_jaar"),
        col("aantal"),
    ]);
    match niveau {
        Niveau::Regio => basis
            .group_by([col("_jaar")])
            .agg([col("aantal").sum().alias("noemer")])
            .with_column(lit("regio").alias("code")),
        _ => basis.select([
            col("gemeente").alias("code"),
            col("_jaar"),
            col("aantal").alias("noemer"),
        ]),
    }
}

/// The segments of the Prioritaire Agenda's combined target ("wonen en verblijf samen, nog
/// niet financieel te scheiden"): the split `segment_wonen_verblijf` of `kosten` and
/// `jeugdhulp_clienten`.
pub const WONEN_VERBLIJF: [&str; 2] = ["wonen", "verblijf"];
