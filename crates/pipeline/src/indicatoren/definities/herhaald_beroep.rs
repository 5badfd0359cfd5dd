//! `herhaald_beroep_aandeel`: starts of clients whose earlier traject ended within 12 months.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::*;

/// Units of `herhaald_beroep_aandeel`: started trajecten; `_herhaald` when the client had,
/// in the scope of `niveau` (region, gemeente or provider), a traject that ended 1 day to
/// 12 months before the start.
pub fn herhaald_beroep_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    n: Niveau,
) -> PolarsResult<LazyFrame> {
    let gestart = gestart(b, soort, perioden)?.with_row_index("_sid", None);
    let sleutel: Vec<Expr> = scope_sleutel(n).into_iter().map(col).collect();
    let mut eerder_sel = sleutel.clone();
    eerder_sel.push(col("einddatum").alias("_eerder_einde"));
    let eerder = b
        .trajecten
        .clone()
        .filter(col("einddatum").is_not_null())
        .select(eerder_sel);
    let herhaald = gestart
        .clone()
        .select({
            let mut s = sleutel.clone();
            s.push(col("_sid"));
            s.push(col("startdatum"));
            s
        })
        .join(
            eerder,
            sleutel.clone(),
            sleutel,
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col("_eerder_einde")
                .lt(col("startdatum"))
                .and(col("_eerder_einde").gt_eq(col("startdatum").dt().offset_by(lit("-12mo")))),
        )
        .select([col("_sid"), lit(true).alias("_herhaald")])
        .unique(None, UniqueKeepStrategy::First);
    Ok(gestart
        .join(
            herhaald,
            [col("_sid")],
            [col("_sid")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(col("_herhaald").fill_null(lit(false))))
}

fn scope_sleutel(n: Niveau) -> Vec<&'static str> {
    match n {
        Niveau::Regio => vec!["client_id"],
        Niveau::Gemeente => vec!["gemeente", "client_id"],
        Niveau::Aanbieder => vec!["aanbieder_agb", "client_id"],
        Niveau::AanbiederGemeente => vec!["aanbieder_agb", "gemeente", "client_id"],
    }
}

/// `herhaald_beroep_aandeel`: started trajecten whose client had, in the same scope, a
/// traject that ended 1 day to 12 months before the start ÷ all started trajecten.
pub fn herhaald_beroep(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let lf = groep(
            herhaald_beroep_eenheden(b, soort, perioden, n)?,
            n,
            vec![
                col("_herhaald")
                    .cast(DataType::UInt32)
                    .sum()
                    .alias("teller"),
                len().alias("noemer"),
            ],
        )
        .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        Ok(lang(lf, "herhaald_beroep_aandeel", n, lit("totaal")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn herhaald_beroep_termijn_en_scope() {
        let tr = [
            // r1: earlier traject ended 15 Mar 2023, exactly 12 months before 15 Mar 2024 → herhaald.
            t(GM_A, "r1", A, "02", d(2022, 6, 1), Some(d(2023, 3, 15))),
            t(GM_A, "r1", A, "03", d(2024, 3, 15), None),
            // r2: ended 14 Mar 2023, 12 months + 1 day before → not herhaald.
            t(GM_A, "r2", A, "02", d(2022, 6, 1), Some(d(2023, 3, 14))),
            t(GM_A, "r2", A, "03", d(2024, 3, 15), None),
            // r3: ends 31 May in GM_A at A, new traject 1 Jun in GM_B at B: 1 day → herhaald in
            // the regio only (other gemeente, other aanbieder).
            t(GM_A, "r3", A, "02", d(2024, 1, 10), Some(d(2024, 5, 31))),
            t(GM_B, "r3", B, "02", d(2024, 6, 1), None),
            // r4: the earlier traject is still ongoing → not herhaald.
            t(GM_A, "r4", A, "02", d(2023, 1, 1), None),
            t(GM_B, "r4", A, "03", d(2024, 2, 1), None),
            // r5: earlier traject ends on the new start day (0 days) → not herhaald.
            t(GM_A, "r5", A, "02", d(2024, 1, 1), Some(d(2024, 7, 1))),
            t(GM_A, "r5", A, "03", d(2024, 7, 1), None),
        ];
        let m = uitkomst(herhaald_beroep(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code| ("herhaald_beroep_aandeel", per, niv, code, "totaal");
        // 2024 regio: started r1·03, r2·03, r3·02(A), r3·02(B), r4·03, r5·02, r5·03 = 7;
        // herhaald r1·03, r3·(B) = 2 → 28.57 %
        is(&m, k("2024", "regio", "regio"), r(2.0, 7.0, 200.0 / 7.0));
        // GM_A: r1·03, r2·03, r3·02, r5·02, r5·03 = 5; herhaald r1 → 20 %
        is(&m, k("2024", "gemeente", GM_A), r(1.0, 5.0, 20.0));
        // GM_B: r3·02, r4·03 = 2; r3's earlier traject was in GM_A → 0 %
        is(&m, k("2024", "gemeente", GM_B), r(0.0, 2.0, 0.0));
        // aanbieder A: r1, r2, r3·02, r4·03, r5·02, r5·03 = 6; herhaald r1 → 16.67 %
        is(&m, k("2024", "aanbieder", A), r(1.0, 6.0, 100.0 / 6.0));
        // aanbieder B: r3·02 = 1; earlier traject at A → 0 %
        is(&m, k("2024", "aanbieder", B), r(0.0, 1.0, 0.0));
        // Q1 regio: r1, r2, r3(A), r4, r5·02 = 5; herhaald r1 → 20 %
        is(&m, k("2024-Q1", "regio", "regio"), r(1.0, 5.0, 20.0));
        // Q2 regio: r3(B) = 1, herhaald → 100 %
        is(&m, k("2024-Q2", "regio", "regio"), r(1.0, 1.0, 100.0));
    }
}
