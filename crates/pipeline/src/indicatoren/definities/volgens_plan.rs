//! `volgens_plan_aandeel`: ended trajecten that ended according to plan.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::*;

/// Units of `volgens_plan_aandeel`: ended trajecten; `_volgens_plan` is reden 31.
pub fn volgens_plan_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    _: Niveau,
) -> PolarsResult<LazyFrame> {
    Ok(beeindigd(b, soort, perioden)?.with_column(
        col("reden_beeindiging")
            .eq(lit("31"))
            .fill_null(lit(false))
            .alias("_volgens_plan"),
    ))
}

/// `volgens_plan_aandeel`: ended trajecten with reden 31 (volgens plan) ÷ all ended.
pub fn volgens_plan(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let lf = groep(
            volgens_plan_eenheden(b, soort, perioden, n)?,
            n,
            vec![
                col("_volgens_plan")
                    .cast(DataType::UInt32)
                    .sum()
                    .alias("teller"),
                len().alias("noemer"),
            ],
        )
        .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        Ok(lang(lf, "volgens_plan_aandeel", n, lit("totaal")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn volgens_plan_beeindigd() {
        let reden = |reden: Option<&'static str>, tr: T| T { reden, ..tr };
        let tr = [
            reden(
                Some("31"),
                t(GM_A, "e1", A, "02", d(2024, 1, 1), Some(d(2024, 2, 10))),
            ),
            reden(
                Some("32"),
                t(GM_A, "e2", A, "02", d(2024, 1, 1), Some(d(2024, 3, 31))),
            ),
            // No reden: counts in the noemer.
            reden(
                None,
                t(GM_A, "e3", B, "02", d(2024, 1, 1), Some(d(2024, 5, 5))),
            ),
            reden(
                Some("31"),
                t(GM_B, "e4", B, "02", d(2024, 1, 1), Some(d(2024, 6, 30))),
            ),
            // Ongoing, or ended before 2024: not counted.
            reden(None, t(GM_B, "e5", A, "02", d(2024, 1, 1), None)),
            reden(
                Some("31"),
                t(GM_B, "e6", A, "02", d(2023, 1, 1), Some(d(2023, 12, 31))),
            ),
        ];
        let m = uitkomst(volgens_plan(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code| ("volgens_plan_aandeel", per, niv, code, "totaal");
        // regio 2024: ended e1(31), e2(32), e3(-), e4(31) → 2/4 = 50 %
        is(&m, k("2024", "regio", "regio"), r(2.0, 4.0, 50.0));
        // GM_A: e1, e2, e3 → 1/3; GM_B: e4 → 1/1
        is(&m, k("2024", "gemeente", GM_A), r(1.0, 3.0, 100.0 / 3.0));
        is(&m, k("2024", "gemeente", GM_B), r(1.0, 1.0, 100.0));
        // A: e1, e2 → 1/2; B: e3, e4 → 1/2
        is(&m, k("2024", "aanbieder", A), r(1.0, 2.0, 50.0));
        is(&m, k("2024", "aanbieder", B), r(1.0, 2.0, 50.0));
        // Q1: e1, e2 → 1/2; Q2: e3, e4 → 1/2
        is(&m, k("2024-Q1", "regio", "regio"), r(1.0, 2.0, 50.0));
        is(&m, k("2024-Q2", "regio", "regio"), r(1.0, 2.0, 50.0));
    }
}
