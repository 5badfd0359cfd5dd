//! `vt_meldingen_per_100k` and `vt_hermelding_aandeel`: Veilig Thuis meldingen.

use model::Periode;
use polars::prelude::*;

use super::*;

/// `vt_meldingen_per_100k` and `vt_hermelding_aandeel` (CBS: the household has another
/// casus closed strictly before the melding; `12m`: closed at most 12 months before). A
/// melding that is not the first of its own casus is a vervolgmelding, never a hermelding.
pub fn veilig_thuis(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    // Materialised once: every period kind and level below reads it, and as a lazy plan
    // the hermeldingen (a group-by with a sort per casus and two joins) were computed again
    // for each of them.
    let vt = b
        .veilig_thuis
        .clone()
        .join(
            hermeldingen(&b.veilig_thuis),
            [col("melding_id")],
            [col("melding_id")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()?
        .lazy();
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let m = op_datum(vt.clone(), "meldingsdatum", soort, perioden)?;
        let aantal = per_code(m.clone(), n)
            .group_by([col("periode"), col("code"), col("_jaar")])
            .agg([len().alias("teller")])
            .join(
                bevolking(&b.bevolking, "totaal", n),
                [col("code"), col("_jaar")],
                [col("code"), col("_jaar")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(
                (lit(100_000.0) * col("teller").cast(DataType::Float64)
                    / col("noemer").cast(DataType::Float64))
                .alias("waarde"),
            );
        let her = |naam: &str, vlag: &str| {
            let lf = groep(
                m.clone(),
                n,
                vec![
                    col(vlag)
                        .fill_null(lit(false))
                        .cast(DataType::UInt32)
                        .sum()
                        .alias("teller"),
                    len().alias("noemer"),
                ],
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
            lang(lf, "vt_hermelding_aandeel", n, lit(naam))
        };
        concat(
            [
                lang(aantal, "vt_meldingen_per_100k", n, lit("totaal")),
                her("totaal", "_her"),
                her("12m", "_her12"),
            ],
            UnionArgs::default(),
        )
    })
}

/// Per first melding of a casus that is a hermelding: `_her` (another casus of the household
/// was closed before it) and `_her12` (closed at most 12 months before).
fn hermeldingen(meldingen: &LazyFrame) -> LazyFrame {
    // A casus is closed on the latest closing date its meldingen carry.
    let casussen = meldingen
        .clone()
        .group_by([col("huishouden_id"), col("casus_id")])
        .agg([col("casus_afgesloten").max().alias("_gesloten")])
        .filter(col("_gesloten").is_not_null())
        .select([
            col("huishouden_id"),
            col("casus_id").alias("_ander"),
            col("_gesloten"),
        ]);
    // Only the first melding of a casus (earliest meldingsdatum; on the same day the lowest
    // melding_id) can be a hermelding: a later one was added to its own casus and is a
    // vervolgmelding, whatever older casussen of the household were closed before it.
    let eersten = meldingen
        .clone()
        .group_by([col("huishouden_id"), col("casus_id")])
        .agg([col("melding_id")
            .sort_by(
                [col("meldingsdatum"), col("melding_id")],
                SortMultipleOptions::default(),
            )
            .first()
            .alias("melding_id")])
        .select([col("melding_id")]);
    meldingen
        .clone()
        .select([
            col("melding_id"),
            col("casus_id"),
            col("huishouden_id"),
            col("meldingsdatum"),
        ])
        .join(
            eersten,
            [col("melding_id")],
            [col("melding_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            casussen,
            [col("huishouden_id")],
            [col("huishouden_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col("_ander")
                .neq(col("casus_id"))
                .and(col("_gesloten").lt(col("meldingsdatum"))),
        )
        .group_by([col("melding_id")])
        .agg([
            lit(true).first().alias("_her"),
            col("_gesloten")
                .gt_eq(col("meldingsdatum").dt().offset_by(lit("-12mo")))
                .any(true)
                .alias("_her12"),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    /// (melding, casus, huishouden, gemeente, meldingsdatum, casus_afgesloten)
    type Melding = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        NaiveDate,
        Option<NaiveDate>,
    );

    #[test]
    fn vervolgmelding_in_een_latere_casus_is_geen_hermelding() {
        // Household H1: casus C1 (melding N1, 1 Feb 2023) closed 1 Mar 2023. Casus C2 opens
        // with N2 on 1 Feb 2024 (first melding of C2, C1 closed before → hermelding, also
        // within 12 months? 1 Mar 2023 ≥ 1 Feb 2023 → yes). N3 on 1 Apr 2024 is added to
        // the still-open C2: a vervolgmelding, never a hermelding, although C1 was closed
        // before it. N4 (C2, 1 Feb 2024, the same day as N2 but a higher melding_id) is a
        // vervolgmelding too. 2024: 3 meldingen, 1 hermelding → 33,3 % (both variants).
        let rijen: [Melding; 4] = [
            ("N1", "C1", "H1", GM_A, d(2023, 2, 1), Some(d(2023, 3, 1))),
            ("N2", "C2", "H1", GM_A, d(2024, 2, 1), None),
            ("N3", "C2", "H1", GM_A, d(2024, 4, 1), None),
            ("N4", "C2", "H1", GM_A, d(2024, 2, 1), None),
        ];
        let df = df!(
            "melding_id" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "casus_id" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "huishouden_id" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "gemeente" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "meldingsdatum" => dagen(&rijen.iter().map(|r| Some(r.4)).collect::<Vec<_>>()),
            "casus_afgesloten" => dagen(&rijen.iter().map(|r| r.5).collect::<Vec<_>>()),
            "soort" => rijen.iter().map(|_| "melding").collect::<Vec<_>>(),
        )
        .unwrap();
        let b = Bronnen {
            veilig_thuis: datums(df, &["meldingsdatum", "casus_afgesloten"]),
            bevolking: inwoners(&[(GM_A, 2024, "totaal", 40_000)]),
            ..bronnen(&[])
        };
        let m = uitkomst(veilig_thuis(&b, &perioden_2024()));
        let her = |per, u| ("vt_hermelding_aandeel", per, "regio", "regio", u);
        is(&m, her("2024", "totaal"), r(1.0, 3.0, 100.0 / 3.0));
        is(&m, her("2024", "12m"), r(1.0, 3.0, 100.0 / 3.0));
        // Q2: only N3, a vervolgmelding → 0 / 1.
        is(&m, her("2024-Q2", "totaal"), r(0.0, 1.0, 0.0));
    }

    #[test]
    fn veilig_thuis_per_100k_en_hermeldingen() {
        // (melding, casus, huishouden, gemeente, meldingsdatum, casus_afgesloten)
        let rijen: [Melding; 10] = [
            // H1: C1 closed 30 Sep 2022; C2 opened 2024.
            ("M1", "C1", "H1", GM_A, d(2022, 5, 1), Some(d(2022, 9, 30))),
            ("M2", "C2", "H1", GM_A, d(2024, 2, 1), None),
            ("M3", "C2", "H1", GM_A, d(2024, 3, 1), None),
            // H2: C3 closed 15 Apr 2024 (date on its first melding only: the latest counts).
            ("M4", "C3", "H2", GM_A, d(2024, 1, 10), Some(d(2024, 4, 15))),
            ("M5", "C3", "H2", GM_A, d(2024, 2, 20), None),
            ("M6", "C4", "H2", GM_B, d(2024, 4, 15), None),
            ("M7", "C5", "H2", GM_B, d(2024, 5, 1), None),
            // H3: C6 closed 30 Jun 2023.
            ("M8", "C6", "H3", GM_B, d(2023, 1, 15), Some(d(2023, 6, 30))),
            ("M9", "C7", "H3", GM_B, d(2024, 6, 30), None),
            ("M10", "C8", "H3", GM_B, d(2024, 7, 1), None),
        ];
        let df = df!(
            "melding_id" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "casus_id" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "huishouden_id" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "gemeente" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "meldingsdatum" => dagen(&rijen.iter().map(|r| Some(r.4)).collect::<Vec<_>>()),
            "casus_afgesloten" => dagen(&rijen.iter().map(|r| r.5).collect::<Vec<_>>()),
            "soort" => rijen.iter().map(|_| "melding").collect::<Vec<_>>(),
        )
        .unwrap();
        let b = Bronnen {
            veilig_thuis: datums(df, &["meldingsdatum", "casus_afgesloten"]),
            bevolking: inwoners(&[
                (GM_A, 2024, "totaal", 40_000),
                (GM_B, 2024, "totaal", 10_000),
                (GM_A, 2024, "0-17", 8_000),
            ]),
            ..bronnen(&[])
        };
        let m = uitkomst(veilig_thuis(&b, &perioden_2024()));
        // Per melding in 2024 (hermelding / 12m):
        // M2  yes / no   C1 closed 30 Sep 2022 < 1 Feb 2024, but before 1 Feb 2023
        // M3  no         vervolgmelding: the second melding of the still-open C2 (C1 of
        //                H1 was closed before it, but M3 is not the first of its casus)
        // M4  no         no other casus of H2 closed before 10 Jan
        // M5  no         vervolgmelding: same casus C3 (closed later, and it is its own casus)
        // M6  no         C3 closed on 15 Apr = the melding date itself: not strictly before
        // M7  yes / yes  C3 closed 15 Apr < 1 May (regio-wide: C3 was in GM_A, M7 in GM_B)
        // M9  yes / yes  C6 closed 30 Jun 2023, exactly 12 months before 30 Jun 2024
        // M10 yes / no   C6 closed 12 months + 1 day before 1 Jul 2024
        let vt = |per, niv, code| ("vt_meldingen_per_100k", per, niv, code, "totaal");
        let her = |per, niv, code, u| ("vt_hermelding_aandeel", per, niv, code, u);
        // meldingen 2024: regio 8 / 50 000 × 100 000 = 16; GM_A 4 / 40 000 → 10; GM_B 4 / 10 000 → 40
        is(&m, vt("2024", "regio", "regio"), r(8.0, 50_000.0, 16.0));
        is(&m, vt("2024", "gemeente", GM_A), r(4.0, 40_000.0, 10.0));
        is(&m, vt("2024", "gemeente", GM_B), r(4.0, 10_000.0, 40.0));
        // hermelding regio: {M2, M7, M9, M10} = 4 / 8 → 50 %; 12m {M7, M9} = 2 / 8 → 25 %
        is(
            &m,
            her("2024", "regio", "regio", "totaal"),
            r(4.0, 8.0, 50.0),
        );
        is(&m, her("2024", "regio", "regio", "12m"), r(2.0, 8.0, 25.0));
        // GM_A {M2, M3, M4, M5}: {M2} 1 / 4 → 25 %; 12m 0 / 4
        is(
            &m,
            her("2024", "gemeente", GM_A, "totaal"),
            r(1.0, 4.0, 25.0),
        );
        is(&m, her("2024", "gemeente", GM_A, "12m"), r(0.0, 4.0, 0.0));
        // GM_B {M6, M7, M9, M10}: 3 / 4 → 75 %; 12m {M7, M9} 2 / 4 → 50 %
        is(
            &m,
            her("2024", "gemeente", GM_B, "totaal"),
            r(3.0, 4.0, 75.0),
        );
        is(&m, her("2024", "gemeente", GM_B, "12m"), r(2.0, 4.0, 50.0));
        // Q1: {M2, M3, M4, M5} → 4 / 50 000 → 8 per 100k; hermelding {M2} 1 / 4
        is(&m, vt("2024-Q1", "regio", "regio"), r(4.0, 50_000.0, 8.0));
        is(
            &m,
            her("2024-Q1", "regio", "regio", "totaal"),
            r(1.0, 4.0, 25.0),
        );
        // Q2: {M6, M7, M9} (M10 is in Q3) → 3 / 50 000 → 6; hermelding 2 / 3, 12m 2 / 3
        is(&m, vt("2024-Q2", "regio", "regio"), r(3.0, 50_000.0, 6.0));
        is(
            &m,
            her("2024-Q2", "regio", "regio", "totaal"),
            r(2.0, 3.0, 200.0 / 3.0),
        );
        is(
            &m,
            her("2024-Q2", "regio", "regio", "12m"),
            r(2.0, 3.0, 200.0 / 3.0),
        );
        is(&m, vt("2024-Q2", "gemeente", GM_B), r(3.0, 10_000.0, 30.0));
        geen_rij(
            &m,
            "vt_meldingen_per_100k",
            "2024-Q2",
            "gemeente",
            GM_A,
            "totaal",
        );
    }
}
