//! `jeugdhulp_gebruik` and `jeugdhulp_clienten`: clients with active jeugdhulp, as a share of
//! the residents 0–17 and as the volume the segment targets apply to.

use model::Periode;
use polars::prelude::*;

use super::*;

/// `jeugdhulp_gebruik`: distinct clients aged 0–17 with ≥1 active traject ÷ residents 0–17.
/// `jeugdhulp_clienten` (the volume the segment targets apply to): distinct clients of any
/// age with ≥1 active traject, in total, per segment and for wonen and verblijf together.
/// One plan, so that the trajecten are exploded per active period once for both.
pub fn jeugdhulp_gebruik(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let alle = actief(
            b.trajecten.clone(),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?;
        let clienten = |lf: LazyFrame, extra: Vec<Expr>, u: Expr| {
            let mut sleutel = vec![col("periode"), col("code")];
            sleutel.extend(extra);
            let lf = per_code(lf, n)
                .group_by(sleutel)
                .agg([col("client_id").n_unique().alias("teller")])
                .with_columns([
                    lit(NULL).cast(DataType::Float64).alias("noemer"),
                    col("teller").alias("waarde"),
                ]);
            lang(lf, "jeugdhulp_clienten", n, u)
        };
        let volume = [
            clienten(alle.clone(), vec![], lit("totaal")),
            clienten(
                alle.clone(),
                vec![col("segment")],
                lit("segment_") + col("segment"),
            ),
            clienten(
                alle.clone().filter(in_lijst("segment", &WONEN_VERBLIJF)),
                vec![],
                lit("segment_wonen_verblijf"),
            ),
        ];
        let a = alle.filter(leeftijd_expr("geboortedatum").lt_eq(lit(17)));
        let teller = per_code(a, n)
            .group_by([col("periode"), col("code"), col("_jaar")])
            .agg([col("client_id").n_unique().alias("teller")]);
        let lf = teller
            .join(
                bevolking(&b.bevolking, "0-17", n),
                [col("code"), col("_jaar")],
                [col("code"), col("_jaar")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        let mut delen = vec![lang(lf, "jeugdhulp_gebruik", n, lit("totaal"))];
        delen.extend(volume);
        concat(delen, UnionArgs::default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn jeugdhulp_gebruik_leeftijd_actief_en_regio() {
        let tr = [
            // c1 (13): ends on 1 Jan 2024, the first day of 2024 and Q1 → active there, not Q2.
            T {
                geboren: Some(d(2010, 5, 5)),
                ..t(GM_A, "c1", A, "02", d(2023, 3, 1), Some(d(2024, 1, 1)))
            },
            // c2: 18th birthday on 1 Jan 2024 counts as reached → never 0–17 in 2024.
            T {
                geboren: Some(d(2006, 1, 1)),
                segment: "wonen",
                ..t(GM_A, "c2", A, "02", d(2024, 2, 1), None)
            },
            // c3: 17 on 1 Jan (18 on 2 Jan) → counts for 2024 and Q1; 18 on 1 Apr → not Q2.
            T {
                geboren: Some(d(2006, 1, 2)),
                ..t(GM_A, "c3", A, "02", d(2024, 3, 1), Some(d(2024, 5, 31)))
            },
            // c4: born during 2024 → age 0; starts 1 Apr, the day after Q1 → not active in Q1.
            T {
                geboren: Some(d(2024, 3, 10)),
                ..t(GM_A, "c4", A, "02", d(2024, 4, 1), None)
            },
            // c5 (12): moved from GM_A to GM_B → counts in both gemeenten, once in the regio.
            T {
                geboren: Some(d(2012, 1, 1)),
                ..t(GM_A, "c5", A, "02", d(2024, 1, 10), Some(d(2024, 2, 28)))
            },
            T {
                geboren: Some(d(2012, 1, 1)),
                ..t(GM_B, "c5", B, "02", d(2024, 3, 1), None)
            },
            // c6: starts 1 Jan 2025, the day after 2024 → not active.
            t(GM_B, "c6", B, "02", d(2025, 1, 1), None),
            // c7: no geboortedatum → not counted (catalogue keuze).
            T {
                geboren: None,
                segment: "verblijf",
                ..t(GM_B, "c7", B, "11", d(2024, 1, 1), None)
            },
            // c8: ended 31 Dec 2023, the day before 2024 → not active.
            t(GM_B, "c8", B, "02", d(2023, 1, 1), Some(d(2023, 12, 31))),
        ];
        let b = Bronnen {
            bevolking: inwoners(&[
                (GM_A, 2024, "0-17", 1000),
                (GM_B, 2024, "0-17", 500),
                (GM_A, 2024, "totaal", 99_999),
                (GM_A, 2023, "0-17", 7),
            ]),
            ..bronnen(&tr)
        };
        let m = uitkomst(jeugdhulp_gebruik(&b, &perioden_2024()));
        let k = |per, niv, code| ("jeugdhulp_gebruik", per, niv, code, "totaal");
        // 2024: GM_A {c1, c3, c4, c5} = 4 / 1000 → 0.4 %
        is(&m, k("2024", "gemeente", GM_A), r(4.0, 1000.0, 0.4));
        // GM_B {c5} = 1 / 500 → 0.2 %
        is(&m, k("2024", "gemeente", GM_B), r(1.0, 500.0, 0.2));
        // regio {c1, c3, c4, c5} = 4 (c5 once) / (1000 + 500) → 400/1500 = 0.2666… %
        is(&m, k("2024", "regio", "regio"), r(4.0, 1500.0, 4.0 / 15.0));
        // Q1 (noemer: population on 1 Jan): GM_A {c1, c3, c5} = 3 / 1000 → 0.3 %
        is(&m, k("2024-Q1", "gemeente", GM_A), r(3.0, 1000.0, 0.3));
        is(&m, k("2024-Q1", "gemeente", GM_B), r(1.0, 500.0, 0.2));
        // regio Q1 {c1, c3, c5} = 3 / 1500 → 0.2 %
        is(&m, k("2024-Q1", "regio", "regio"), r(3.0, 1500.0, 0.2));
        // Q2 (age on 1 Apr): GM_A {c4} = 1 / 1000 → 0.1 % (c3 is 18 by then)
        is(&m, k("2024-Q2", "gemeente", GM_A), r(1.0, 1000.0, 0.1));
        is(&m, k("2024-Q2", "gemeente", GM_B), r(1.0, 500.0, 0.2));
        // regio Q2 {c4, c5} = 2 / 1500 → 0.1333… %
        is(
            &m,
            k("2024-Q2", "regio", "regio"),
            r(2.0, 1500.0, 2.0 / 15.0),
        );
        assert_eq!(
            m.keys().filter(|k| k.0 == "jeugdhulp_gebruik").count(),
            9,
            "only regio and gemeente, three periods"
        );
        // jeugdhulp_clienten (all ages, the volume of the segment targets), 2024: active are
        // c1, c2, c3, c4, c5, c7 = 6 (c2 is 18 and c7 has no birth date: they count here).
        // Segments: ambulant {c1, c3, c4, c5} = 4; wonen {c2}; verblijf {c7}; wonen and
        // verblijf together {c2, c7} = 2. GM_A {c1, c2, c3, c4, c5} = 5; GM_B {c5, c7} = 2.
        let v = |niv, code, u| ("jeugdhulp_clienten", "2024", niv, code, u);
        is(&m, v("regio", "regio", "totaal"), aantal(6.0));
        is(&m, v("regio", "regio", "segment_ambulant"), aantal(4.0));
        is(&m, v("regio", "regio", "segment_wonen"), aantal(1.0));
        is(&m, v("regio", "regio", "segment_verblijf"), aantal(1.0));
        is(
            &m,
            v("regio", "regio", "segment_wonen_verblijf"),
            aantal(2.0),
        );
        is(&m, v("gemeente", GM_A, "totaal"), aantal(5.0));
        is(&m, v("gemeente", GM_B, "totaal"), aantal(2.0));
    }
}
