//! `wachttijd` and `wachttijd_binnen_6_weken`: days from request to start.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::*;

/// Units of `wachttijd` and `wachttijd_binnen_6_weken`: started trajecten with a request
/// date not after the start; `_wacht` is the wait in days, `_binnen_6_weken` is ≤ 42 days.
pub fn wachttijd_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    _: Niveau,
) -> PolarsResult<LazyFrame> {
    Ok(gestart(b, soort, perioden)?
        .filter(col("aanvraagdatum").is_not_null())
        .with_column(
            (col("startdatum").cast(DataType::Int32) - col("aanvraagdatum").cast(DataType::Int32))
                .cast(DataType::Float64)
                .alias("_wacht"),
        )
        // A request dated after the start is a retroactive allocation, not a wait.
        .filter(col("_wacht").gt_eq(lit(0.0)))
        .with_column(col("_wacht").lt_eq(lit(42.0)).alias("_binnen_6_weken")))
}

/// `wachttijd`: days from aanvraagdatum to start over trajecten started in the period (mean,
/// median, per segment); `wachttijd_binnen_6_weken`: share started within 42 days.
pub fn wachttijd(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let w = wachttijd_eenheden(b, soort, perioden, n)?;
        let gem = |lf: LazyFrame, uitsplitsing: Expr, extra: Vec<Expr>| {
            let mut sleutel = vec![col("periode"), col("code")];
            sleutel.extend(extra);
            let lf = per_code(lf, n)
                .group_by(sleutel)
                .agg([col("_wacht").sum().alias("teller"), len().alias("noemer")])
                .with_column(
                    (col("teller") / col("noemer").cast(DataType::Float64)).alias("waarde"),
                );
            lang_met_basis(lf, "wachttijd", n, uitsplitsing, col("noemer"))
        };
        let mediaan = groep(
            w.clone(),
            n,
            vec![
                col("_wacht").median().alias("waarde"),
                len().alias("noemer"),
            ],
        )
        .with_column(lit(NULL).cast(DataType::Float64).alias("teller"));
        let binnen = groep(
            w.clone(),
            n,
            vec![
                col("_binnen_6_weken")
                    .cast(DataType::UInt32)
                    .sum()
                    .alias("teller"),
                len().alias("noemer"),
            ],
        )
        .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        concat(
            [
                gem(w.clone(), lit("totaal"), vec![]),
                gem(w, lit("segment_") + col("segment"), vec![col("segment")]),
                lang_met_basis(mediaan, "wachttijd", n, lit("mediaan"), col("noemer")),
                lang(binnen, "wachttijd_binnen_6_weken", n, lit("totaal")),
            ],
            UnionArgs::default(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn wachttijd_en_binnen_6_weken() {
        let w = |aanvraag: Option<NaiveDate>, segment: &'static str, tr: T| T {
            aanvraag,
            segment,
            ..tr
        };
        let tr = [
            // 1 Jan → 12 Feb: 31 + 11 = 42 days → within 6 weeks.
            w(
                Some(d(2024, 1, 1)),
                "ambulant",
                t(GM_A, "w1", A, "02", d(2024, 2, 12), None),
            ),
            // 1 Jan → 13 Feb: 43 days → not within 6 weeks.
            w(
                Some(d(2024, 1, 1)),
                "ambulant",
                t(GM_A, "w2", A, "02", d(2024, 2, 13), None),
            ),
            // 1 Mar → 11 Mar: 10 days.
            w(
                Some(d(2024, 3, 1)),
                "verblijf",
                t(GM_A, "w3", B, "11", d(2024, 3, 11), None),
            ),
            // No aanvraagdatum → left out.
            w(
                None,
                "ambulant",
                t(GM_B, "w4", B, "02", d(2024, 4, 1), None),
            ),
            // Aanvraag after the start (retroactive) → left out.
            w(
                Some(d(2024, 5, 10)),
                "ambulant",
                t(GM_B, "w5", B, "02", d(2024, 5, 1), None),
            ),
            // Same day: 0 days.
            w(
                Some(d(2024, 4, 1)),
                "wonen",
                t(GM_B, "w6", A, "02", d(2024, 4, 1), None),
            ),
            // Started in 2023.
            w(
                Some(d(2023, 1, 1)),
                "ambulant",
                t(GM_A, "w7", A, "02", d(2023, 12, 31), None),
            ),
        ];
        let m = uitkomst(wachttijd(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code, u| ("wachttijd", per, niv, code, u);
        let b6 = |per, niv, code| ("wachttijd_binnen_6_weken", per, niv, code, "totaal");
        // regio 2024: [42, 43, 10, 0] → 95 / 4 = 23.75
        is(
            &m,
            k("2024", "regio", "regio", "totaal"),
            r(95.0, 4.0, 23.75),
        );
        // sorted [0, 10, 42, 43] → median (10 + 42) / 2 = 26
        is(
            &m,
            k("2024", "regio", "regio", "mediaan"),
            midden(4.0, 26.0),
        );
        // ≤ 42 days: 42, 10, 0 → 3/4 = 75 %
        is(&m, b6("2024", "regio", "regio"), r(3.0, 4.0, 75.0));
        // segment ambulant (42 + 43) / 2 = 42.5; verblijf 10; wonen 0
        is(
            &m,
            k("2024", "regio", "regio", "segment_ambulant"),
            r(85.0, 2.0, 42.5),
        );
        is(
            &m,
            k("2024", "regio", "regio", "segment_verblijf"),
            r(10.0, 1.0, 10.0),
        );
        is(
            &m,
            k("2024", "regio", "regio", "segment_wonen"),
            r(0.0, 1.0, 0.0),
        );
        // GM_A: [42, 43, 10] → 95 / 3; median 42; within 2/3
        is(
            &m,
            k("2024", "gemeente", GM_A, "totaal"),
            r(95.0, 3.0, 95.0 / 3.0),
        );
        is(
            &m,
            k("2024", "gemeente", GM_A, "mediaan"),
            midden(3.0, 42.0),
        );
        is(&m, b6("2024", "gemeente", GM_A), r(2.0, 3.0, 200.0 / 3.0));
        // GM_B: [0] (w4, w5 left out) → 0 / 1; within 1/1
        is(&m, k("2024", "gemeente", GM_B, "totaal"), r(0.0, 1.0, 0.0));
        is(&m, b6("2024", "gemeente", GM_B), r(1.0, 1.0, 100.0));
        // aanbieder A: w1, w2, w6 → [42, 43, 0] = 85 / 3; within 2/3
        is(
            &m,
            k("2024", "aanbieder", A, "totaal"),
            r(85.0, 3.0, 85.0 / 3.0),
        );
        is(&m, b6("2024", "aanbieder", A), r(2.0, 3.0, 200.0 / 3.0));
        // Q1: w1, w2, w3 → 95 / 3; Q2: w6 → 0, within 1/1
        is(
            &m,
            k("2024-Q1", "regio", "regio", "totaal"),
            r(95.0, 3.0, 95.0 / 3.0),
        );
        is(
            &m,
            k("2024-Q2", "regio", "regio", "totaal"),
            r(0.0, 1.0, 0.0),
        );
        is(&m, b6("2024-Q2", "regio", "regio"), r(1.0, 1.0, 100.0));
    }
}
