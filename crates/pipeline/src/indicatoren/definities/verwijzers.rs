//! `verwijzer_aandeel`: active trajecten per referrer.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::*;

/// `verwijzer_aandeel`: active trajecten per referrer ÷ all active trajecten.
pub fn verwijzers(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    // Counts add up over levels: count the active trajecten once per period kind by
    // (period, gemeente, provider, verwijzer, verblijf or not), then sum those counts per
    // level, instead of exploding and grouping the trajecten again for every level and
    // every verwijzer (BENCHMARKS.md).
    let mut tellingen: Vec<(PeriodeSoort, DataFrame)> = Vec::new();
    for soort in soorten(perioden) {
        let t = actief(
            b.trajecten.clone(),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?
        .group_by([
            col("periode"),
            col("gemeente"),
            col("aanbieder_agb"),
            col("verwijzer"),
            hulpvorm_verblijf(true)
                .fill_null(lit(false))
                .alias("_verblijf"),
        ])
        .agg([len().cast(DataType::UInt64).alias("_n")])
        .collect()?;
        tellingen.push((soort, t));
    }
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let Some((_, t)) = tellingen.iter().find(|(s, _)| *s == soort) else {
            return Err(PolarsError::ComputeError(
                format!("verwijzers: geen tellingen voor {soort:?}").into(),
            ));
        };
        let aantal = |e: Expr| when(e).then(col("_n")).otherwise(lit(0u64)).sum();
        let gi = || in_lijst("verwijzer", &["01", "04"]).fill_null(lit(false));
        let mut delen: Vec<(String, Expr, Expr)> = vec![
            ("gemeente_gi".into(), aantal(gi()), col("_n").sum()),
            (
                "huisarts".into(),
                aantal(col("verwijzer").eq(lit("02")).fill_null(lit(false))),
                col("_n").sum(),
            ),
            (
                "onbekend".into(),
                aantal(col("verwijzer").is_null()),
                col("_n").sum(),
            ),
            // Of the trajecten with verblijf only: a code without any gets no row.
            (
                "verblijf_gemeente_gi".into(),
                aantal(col("_verblijf").and(gi())),
                aantal(col("_verblijf")),
            ),
        ];
        for v in model::Verwijzer::ALLE {
            delen.push((
                format!("verwijzer_{}", v.code()),
                aantal(col("verwijzer").eq(lit(v.code())).fill_null(lit(false))),
                col("_n").sum(),
            ));
        }
        let mut aggs = Vec::new();
        for (i, (_, teller, noemer)) in delen.iter().enumerate() {
            aggs.push(teller.clone().alias(format!("_t{i}")));
            aggs.push(noemer.clone().alias(format!("_n{i}")));
        }
        let per_code = groep(t.clone().lazy(), n, aggs);
        let stukken: Vec<LazyFrame> = delen
            .iter()
            .enumerate()
            .map(|(i, (naam, _, _))| {
                let lf = per_code
                    .clone()
                    .filter(col(format!("_n{i}")).gt(lit(0u64)))
                    .with_columns([
                        col(format!("_t{i}")).alias("teller"),
                        col(format!("_n{i}")).alias("noemer"),
                    ])
                    .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
                lang(lf, "verwijzer_aandeel", n, lit(naam.clone()))
            })
            .collect();
        concat(stukken, UnionArgs::default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn verwijzers_per_verwijzer_en_verblijf() {
        let v = |verwijzer: Option<&'static str>, tr: T| T { verwijzer, ..tr };
        let tr = [
            v(Some("01"), t(GM_A, "w1", A, "02", d(2024, 1, 1), None)),
            v(Some("04"), t(GM_A, "w2", A, "11", d(2024, 1, 1), None)),
            v(Some("02"), t(GM_A, "w3", B, "12", d(2024, 1, 1), None)),
            v(Some("02"), t(GM_A, "w4", B, "02", d(2024, 1, 1), None)),
            v(None, t(GM_B, "w5", A, "03", d(2024, 1, 1), None)),
            v(Some("05"), t(GM_B, "w6", B, "01", d(2024, 4, 1), None)),
            // Not active in 2024.
            v(
                Some("01"),
                t(GM_B, "w7", A, "02", d(2023, 1, 1), Some(d(2023, 12, 31))),
            ),
        ];
        let m = uitkomst(verwijzers(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code, u| ("verwijzer_aandeel", per, niv, code, u);
        // regio 2024: 6 active; gemeente_gi (01, 04) 2/6 → 33.33 %
        is(
            &m,
            k("2024", "regio", "regio", "gemeente_gi"),
            r(2.0, 6.0, 100.0 / 3.0),
        );
        // huisarts (02) 2/6; onbekend 1/6; verwijzer_05 1/6; verwijzer_08 0/6 (row present)
        is(
            &m,
            k("2024", "regio", "regio", "huisarts"),
            r(2.0, 6.0, 100.0 / 3.0),
        );
        is(
            &m,
            k("2024", "regio", "regio", "onbekend"),
            r(1.0, 6.0, 100.0 / 6.0),
        );
        is(
            &m,
            k("2024", "regio", "regio", "verwijzer_05"),
            r(1.0, 6.0, 100.0 / 6.0),
        );
        is(
            &m,
            k("2024", "regio", "regio", "verwijzer_08"),
            r(0.0, 6.0, 0.0),
        );
        // verblijf trajecten: 11 (04) and 12 (02) → gemeente/GI 1/2 = 50 %
        is(
            &m,
            k("2024", "regio", "regio", "verblijf_gemeente_gi"),
            r(1.0, 2.0, 50.0),
        );
        // GM_A: 4 active; 01, 04 → 2/4; 02, 02 → 2/4; onbekend 0/4
        is(
            &m,
            k("2024", "gemeente", GM_A, "gemeente_gi"),
            r(2.0, 4.0, 50.0),
        );
        is(
            &m,
            k("2024", "gemeente", GM_A, "huisarts"),
            r(2.0, 4.0, 50.0),
        );
        is(
            &m,
            k("2024", "gemeente", GM_A, "onbekend"),
            r(0.0, 4.0, 0.0),
        );
        // GM_B: w5 (none), w6 (05) → onbekend 1/2; no verblijf trajecten → no verblijf row
        is(
            &m,
            k("2024", "gemeente", GM_B, "onbekend"),
            r(1.0, 2.0, 50.0),
        );
        geen_rij(
            &m,
            "verwijzer_aandeel",
            "2024",
            "gemeente",
            GM_B,
            "verblijf_gemeente_gi",
        );
        // aanbieder A: w1 (01), w2 (04), w5 (none) → gemeente_gi 2/3
        is(
            &m,
            k("2024", "aanbieder", A, "gemeente_gi"),
            r(2.0, 3.0, 200.0 / 3.0),
        );
        // Q1: w6 starts 1 Apr → 5 active, gemeente_gi 2/5 = 40 %; Q2: 6 active → 2/6
        is(
            &m,
            k("2024-Q1", "regio", "regio", "gemeente_gi"),
            r(2.0, 5.0, 40.0),
        );
        is(
            &m,
            k("2024-Q2", "regio", "regio", "gemeente_gi"),
            r(2.0, 6.0, 100.0 / 3.0),
        );
    }
}
