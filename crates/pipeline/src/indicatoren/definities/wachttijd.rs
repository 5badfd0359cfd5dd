//! `wachttijd` and `wachttijd_binnen_6_weken`: days from request to start; and the two parts
//! the iJw message traffic can tell apart, `doorlooptijd_toewijzing` (request → allocation)
//! and `wachttijd_start` (ingang of the allocation → start of care).

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

/// Units of `doorlooptijd_toewijzing` and `wachttijd_start`: the units of `wachttijd` (started
/// trajecten with a request not after the start) that also carry the allocation's dates, in
/// order — request ≤ allocation, ingang ≤ start. `_doorloop` is allocation − request,
/// `_tot_start` is start − ingang. Both indicators count the same units, so they share their
/// noemer (and, where every started traject has its allocation, the noemer of `wachttijd`).
fn gesplitst_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
) -> PolarsResult<LazyFrame> {
    let dagen = |tot: &str, van: &str| {
        (col(tot).cast(DataType::Int32) - col(van).cast(DataType::Int32)).cast(DataType::Float64)
    };
    Ok(wachttijd_eenheden(b, soort, perioden, Niveau::Regio)?
        .filter(
            col("toewijzingsdatum")
                .is_not_null()
                .and(col("toewijzing_ingangsdatum").is_not_null()),
        )
        .with_columns([
            dagen("toewijzingsdatum", "aanvraagdatum").alias("_doorloop"),
            dagen("startdatum", "toewijzing_ingangsdatum").alias("_tot_start"),
        ])
        .filter(
            col("_doorloop")
                .gt_eq(lit(0.0))
                .and(col("_tot_start").gt_eq(lit(0.0))),
        ))
}

/// `doorlooptijd_toewijzing` (days from request to allocation) and `wachttijd_start` (days
/// from the allocation's ingang to the start of care) over the trajecten started in the
/// period: mean (`totaal`, teller = sum of days) and `mediaan`.
pub fn wachttijd_gesplitst(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let w = gesplitst_eenheden(b, soort, perioden)?;
        let mut delen = Vec::new();
        for (id, dagen) in [
            ("doorlooptijd_toewijzing", "_doorloop"),
            ("wachttijd_start", "_tot_start"),
        ] {
            let gem = groep(
                w.clone(),
                n,
                vec![col(dagen).sum().alias("teller"), len().alias("noemer")],
            )
            .with_column((col("teller") / col("noemer").cast(DataType::Float64)).alias("waarde"));
            let mediaan = groep(
                w.clone(),
                n,
                vec![col(dagen).median().alias("waarde"), len().alias("noemer")],
            )
            .with_column(lit(NULL).cast(DataType::Float64).alias("teller"));
            delen.push(lang_met_basis(gem, id, n, lit("totaal"), col("noemer")));
            delen.push(lang_met_basis(
                mediaan,
                id,
                n,
                lit("mediaan"),
                col("noemer"),
            ));
        }
        concat(delen, UnionArgs::default())
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

#[cfg(test)]
mod gesplitst_tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn doorlooptijd_toewijzing_en_wachttijd_tot_start() {
        let w = |aanvraag, toegewezen, ingang, tr: T| T {
            aanvraag,
            toegewezen,
            ingang,
            ..tr
        };
        let tr = [
            // Request 1 Jan, allocated 11 Jan (10 days), ingang 11 Jan, start 21 Jan (10).
            w(
                Some(d(2024, 1, 1)),
                Some(d(2024, 1, 11)),
                Some(d(2024, 1, 11)),
                t(GM_A, "s1", A, "02", d(2024, 1, 21), None),
            ),
            // Request 1 Feb, allocated 3 Feb (2), ingang 1 Mar, start 4 Mar (3).
            w(
                Some(d(2024, 2, 1)),
                Some(d(2024, 2, 3)),
                Some(d(2024, 3, 1)),
                t(GM_A, "s2", B, "02", d(2024, 3, 4), None),
            ),
            // Request 1 Apr, allocated 30 Apr (29), ingang = start 2 May (0).
            w(
                Some(d(2024, 4, 1)),
                Some(d(2024, 4, 30)),
                Some(d(2024, 5, 2)),
                t(GM_B, "s3", A, "02", d(2024, 5, 2), None),
            ),
            // No allocation date → left out of both.
            w(
                Some(d(2024, 4, 1)),
                None,
                Some(d(2024, 4, 2)),
                t(GM_B, "s4", A, "02", d(2024, 4, 3), None),
            ),
            // No request → not a unit of wachttijd, so of neither.
            w(
                None,
                Some(d(2024, 4, 1)),
                Some(d(2024, 4, 1)),
                t(GM_B, "s5", A, "02", d(2024, 4, 9), None),
            ),
            // Allocated before the request (a retroactive allocation) → left out.
            w(
                Some(d(2024, 5, 10)),
                Some(d(2024, 5, 1)),
                Some(d(2024, 5, 1)),
                t(GM_B, "s6", A, "02", d(2024, 5, 12), None),
            ),
            // Care started before the ingang → left out.
            w(
                Some(d(2024, 6, 1)),
                Some(d(2024, 6, 2)),
                Some(d(2024, 6, 20)),
                t(GM_B, "s7", A, "02", d(2024, 6, 10), None),
            ),
        ];
        let m = uitkomst(wachttijd_gesplitst(&bronnen(&tr), &perioden_2024()));
        let dt = |per, niv, code, u| ("doorlooptijd_toewijzing", per, niv, code, u);
        let ws = |per, niv, code, u| ("wachttijd_start", per, niv, code, u);
        // regio 2024: s1, s2, s3 → doorloop [10, 2, 29] = 41 / 3; tot start [10, 3, 0] = 13 / 3
        is(
            &m,
            dt("2024", "regio", "regio", "totaal"),
            r(41.0, 3.0, 41.0 / 3.0),
        );
        is(
            &m,
            ws("2024", "regio", "regio", "totaal"),
            r(13.0, 3.0, 13.0 / 3.0),
        );
        // medians: [2, 10, 29] → 10; [0, 3, 10] → 3
        is(
            &m,
            dt("2024", "regio", "regio", "mediaan"),
            midden(3.0, 10.0),
        );
        is(
            &m,
            ws("2024", "regio", "regio", "mediaan"),
            midden(3.0, 3.0),
        );
        // GM_A: s1, s2 → 12 / 2 = 6 and 13 / 2 = 6.5; GM_B: s3 → 29 and 0
        is(
            &m,
            dt("2024", "gemeente", GM_A, "totaal"),
            r(12.0, 2.0, 6.0),
        );
        is(
            &m,
            ws("2024", "gemeente", GM_A, "totaal"),
            r(13.0, 2.0, 6.5),
        );
        is(
            &m,
            dt("2024", "gemeente", GM_B, "totaal"),
            r(29.0, 1.0, 29.0),
        );
        is(&m, ws("2024", "gemeente", GM_B, "totaal"), r(0.0, 1.0, 0.0));
        // aanbieder A: s1, s3 → (10 + 29) / 2; (10 + 0) / 2; B: s2 → 2 and 3
        is(&m, dt("2024", "aanbieder", A, "totaal"), r(39.0, 2.0, 19.5));
        is(&m, ws("2024", "aanbieder", A, "totaal"), r(10.0, 2.0, 5.0));
        is(&m, dt("2024", "aanbieder", B, "totaal"), r(2.0, 1.0, 2.0));
        // By start: Q1 s1, s2; Q2 s3.
        is(
            &m,
            dt("2024-Q1", "regio", "regio", "totaal"),
            r(12.0, 2.0, 6.0),
        );
        is(
            &m,
            ws("2024-Q2", "regio", "regio", "totaal"),
            r(0.0, 1.0, 0.0),
        );
    }
}
