//! `trajectduur`: mean, median and 90th percentile of the length of ended trajecten.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::*;

/// Units of `trajectduur`: ended trajecten, with their length in days in `_duur`.
pub fn trajectduur_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    _: Niveau,
) -> PolarsResult<LazyFrame> {
    Ok(beeindigd(b, soort, perioden)?.with_column(
        (col("einddatum").cast(DataType::Int32) - col("startdatum").cast(DataType::Int32))
            .cast(DataType::Float64)
            .alias("_duur"),
    ))
}

/// Nearest-rank percentile: the value at rank ⌈q·n⌉ of the sorted values.
fn percentiel(e: Expr, q: f64) -> Expr {
    let rang = (len().cast(DataType::Float64) * lit(q))
        .ceil()
        .cast(DataType::Int64)
        - lit(1);
    e.sort(SortOptions::default()).get(rang, true)
}

/// `trajectduur`: over trajecten ended in the period, mean, median and 90th percentile of
/// (einde − start) in days; in total, by hulpvorm and by segment.
pub fn trajectduur(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let beeindigd = trajectduur_eenheden(b, soort, perioden, n)?;
        let mut delen = Vec::new();
        let gemiddeld = |lf: LazyFrame, uitsplitsing: Expr, extra: Vec<Expr>| {
            let mut sleutel = vec![col("periode"), col("code")];
            sleutel.extend(extra);
            let lf = per_code(lf, n)
                .group_by(sleutel)
                .agg([col("_duur").sum().alias("teller"), len().alias("noemer")])
                .with_column(
                    (col("teller") / col("noemer").cast(DataType::Float64)).alias("waarde"),
                );
            // A mean of days: judged by the number of trajecten behind it (`basis`), not
            // by the sum of days.
            lang_met_basis(lf, "trajectduur", n, uitsplitsing, col("noemer"))
        };
        delen.push(gemiddeld(beeindigd.clone(), lit("totaal"), vec![]));
        delen.push(gemiddeld(
            beeindigd.clone(),
            lit("hulpvorm_") + col("hulpvorm"),
            vec![col("hulpvorm")],
        ));
        delen.push(gemiddeld(
            beeindigd.clone(),
            lit("segment_") + col("segment"),
            vec![col("segment")],
        ));
        for (naam, expr) in [
            ("mediaan", col("_duur").median()),
            ("p90", percentiel(col("_duur"), 0.9)),
        ] {
            let lf = groep(
                beeindigd.clone(),
                n,
                vec![expr.alias("waarde"), len().alias("noemer")],
            )
            .with_column(lit(NULL).cast(DataType::Float64).alias("teller"));
            // No teller: published when the trajecten behind it (`basis`) reach the
            // threshold.
            delen.push(lang_met_basis(
                lf,
                "trajectduur",
                n,
                lit(naam),
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
    fn trajectduur_alleen_beeindigd() {
        let tr = [
            // 1 Jan → 11 Jan 2024: 10 days (ends Q1)
            t(GM_A, "d1", A, "02", d(2024, 1, 1), Some(d(2024, 1, 11))),
            // 1 Dec 2023 → 31 Mar 2024: 31 + 31 + 29 + 30 = 121 days (ends Q1)
            t(GM_A, "d2", A, "02", d(2023, 12, 1), Some(d(2024, 3, 31))),
            // 1 Apr 2023 → 1 Apr 2024: 366 days (29 Feb 2024 inside) (ends Q2)
            T {
                segment: "verblijf",
                ..t(GM_B, "d3", B, "11", d(2023, 4, 1), Some(d(2024, 4, 1)))
            },
            // 1 May → 30 Jun 2024: 31 + 29 = 60 days (ends Q2)
            T {
                segment: "wonen",
                ..t(GM_B, "d4", B, "02", d(2024, 5, 1), Some(d(2024, 6, 30)))
            },
            // Ongoing: never counts, however long.
            t(GM_A, "d5", A, "02", d(2020, 1, 1), None),
            // Ended outside 2024.
            t(GM_A, "d6", A, "02", d(2024, 6, 1), Some(d(2025, 1, 1))),
            t(GM_B, "d7", B, "02", d(2023, 1, 1), Some(d(2023, 12, 31))),
        ];
        let m = uitkomst(trajectduur(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code, u| ("trajectduur", per, niv, code, u);
        // regio 2024: [10, 121, 366, 60] → 557 / 4 = 139.25
        is(
            &m,
            k("2024", "regio", "regio", "totaal"),
            r(557.0, 4.0, 139.25),
        );
        // sorted [10, 60, 121, 366]: median (60 + 121) / 2 = 90.5; p90 rank ⌈3.6⌉ = 4 → 366
        is(
            &m,
            k("2024", "regio", "regio", "mediaan"),
            midden(4.0, 90.5),
        );
        is(&m, k("2024", "regio", "regio", "p90"), midden(4.0, 366.0));
        // hulpvorm 02: 10 + 121 + 60 = 191 / 3; hulpvorm 11: 366 / 1
        is(
            &m,
            k("2024", "regio", "regio", "hulpvorm_02"),
            r(191.0, 3.0, 191.0 / 3.0),
        );
        is(
            &m,
            k("2024", "regio", "regio", "hulpvorm_11"),
            r(366.0, 1.0, 366.0),
        );
        // segment ambulant: (10 + 121) / 2 = 65.5; verblijf 366; wonen 60
        is(
            &m,
            k("2024", "regio", "regio", "segment_ambulant"),
            r(131.0, 2.0, 65.5),
        );
        is(
            &m,
            k("2024", "regio", "regio", "segment_verblijf"),
            r(366.0, 1.0, 366.0),
        );
        is(
            &m,
            k("2024", "regio", "regio", "segment_wonen"),
            r(60.0, 1.0, 60.0),
        );
        // GM_A 2024: [10, 121] (d5 ongoing, d6 ends 2025) → 131 / 2 = 65.5; p90 rank ⌈1.8⌉ = 2
        is(
            &m,
            k("2024", "gemeente", GM_A, "totaal"),
            r(131.0, 2.0, 65.5),
        );
        is(
            &m,
            k("2024", "gemeente", GM_A, "mediaan"),
            midden(2.0, 65.5),
        );
        is(&m, k("2024", "gemeente", GM_A, "p90"), midden(2.0, 121.0));
        // aanbieder B: [366, 60] → 426 / 2 = 213
        is(
            &m,
            k("2024", "aanbieder", B, "totaal"),
            r(426.0, 2.0, 213.0),
        );
        // Q1: [10, 121] → 65.5; Q2: [366, 60] → 213
        is(
            &m,
            k("2024-Q1", "regio", "regio", "totaal"),
            r(131.0, 2.0, 65.5),
        );
        is(
            &m,
            k("2024-Q2", "regio", "regio", "totaal"),
            r(426.0, 2.0, 213.0),
        );
        is(
            &m,
            k("2024-Q2", "regio", "regio", "mediaan"),
            midden(2.0, 213.0),
        );
        // No ended traject of GM_A in Q2 → no row at all (d6 is ongoing there).
        geen_rij(&m, "trajectduur", "2024-Q2", "gemeente", GM_A, "totaal");
        geen_rij(&m, "trajectduur", "2024", "regio", "regio", "hulpvorm_12");
    }

    #[test]
    fn trajectduur_p90_nearest_rank() {
        // Ten trajecten of 1..=10 days, all ended in January 2024.
        const CLIENTEN: [&str; 10] = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10"];
        let tr: Vec<T> = (1..=10)
            .map(|n| {
                let c = CLIENTEN[n as usize - 1];
                t(GM_A, c, A, "02", d(2024, 1, 1), Some(d(2024, 1, 1 + n)))
            })
            .collect();
        let m = uitkomst(trajectduur(&bronnen(&tr), &[Periode::Jaar(2024)]));
        let k = |u| ("trajectduur", "2024", "regio", "regio", u);
        // sum 1 + … + 10 = 55 over 10 → 5.5
        is(&m, k("totaal"), r(55.0, 10.0, 5.5));
        // median: (5 + 6) / 2 = 5.5; p90: rank ⌈0.9 · 10⌉ = 9 → 9 (not the maximum 10)
        is(&m, k("mediaan"), midden(10.0, 5.5));
        is(&m, k("p90"), midden(10.0, 9.0));
    }

    #[test]
    fn mediaan_en_p90_over_20_trajecten_hebben_basis_20() {
        // 20 trajecten ended in 2024 lasting 1, 2, …, 20 days (start 1 Mar, end 1 Mar + k).
        // mean = (1 + … + 20) / 20 = 210 / 20 = 10,5; median = (10 + 11) / 2 = 10,5;
        // p90 = value at rank ⌈0,9 · 20⌉ = 18 → 18. basis = 20 trajecten for all three.
        let clienten: Vec<String> = (1..=20).map(|i| format!("d{i:02}")).collect();
        let tr: Vec<T> = clienten
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c: &'static str = Box::leak(c.clone().into_boxed_str());
                let start = d(2024, 3, 1);
                t(
                    GM_A,
                    c,
                    A,
                    "02",
                    start,
                    Some(start + chrono::Duration::days(i as i64 + 1)),
                )
            })
            .collect();
        let lf = trajectduur(&bronnen(&tr), &perioden_2024()).unwrap();
        let m = uitkomst(Ok(lf.clone()));
        let bs = basissen(lf);
        let td = |u| ("trajectduur", "2024", "regio", "regio", u);
        is(&m, td("totaal"), r(210.0, 20.0, 10.5));
        is(&m, td("mediaan"), midden(20.0, 10.5));
        is(&m, td("p90"), midden(20.0, 18.0));
        for u in ["totaal", "mediaan", "p90"] {
            basis_is(&bs, td(u), Some(20.0));
        }
    }
}
