//! `jeugdbescherming_aandeel` and `jeugdreclassering_aandeel`: clients with a measure.

use model::Periode;
use polars::prelude::*;

use super::*;

/// `jeugdbescherming_aandeel`: distinct clients aged 0–17 with an OTS or voogdij active in
/// the period ÷ residents 0–17 (also per measure); `jeugdreclassering_aandeel`: clients
/// with an active JR measure ÷ clients with any jeugdzorg (`totaal`, the seed's base) or ÷
/// residents 12–22 (`cbs_basis`).
pub fn maatregelen(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let m = actief(
            b.maatregelen.clone(),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?;
        let jb = m
            .clone()
            .filter(in_lijst("soort", &["OTS", "VOOGDIJ"]))
            .filter(leeftijd_expr("geboortedatum").lt_eq(lit(17)));
        let mut delen = Vec::new();
        for (naam, filter) in [
            ("totaal", lit(true)),
            ("ots", col("soort").eq(lit("OTS"))),
            ("voogdij", col("soort").eq(lit("VOOGDIJ"))),
        ] {
            let lf = per_code(jb.clone().filter(filter), n)
                .group_by([col("periode"), col("code"), col("_jaar")])
                .agg([col("client_id").n_unique().alias("teller")])
                .join(
                    bevolking(&b.bevolking, "0-17", n),
                    [col("code"), col("_jaar")],
                    [col("code"), col("_jaar")],
                    JoinArgs::new(JoinType::Left),
                )
                .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
            delen.push(lang(lf, "jeugdbescherming_aandeel", n, lit(naam)));
        }
        let jr = per_code(m.clone().filter(col("soort").eq(lit("JR"))), n)
            .group_by([col("periode"), col("code"), col("_jaar")])
            .agg([col("client_id").n_unique().alias("teller")]);
        let hulp = actief(
            b.trajecten.clone(),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?;
        let jeugdzorg = per_code(
            concat(
                [
                    hulp.select([col("periode"), col("gemeente"), col("client_id")]),
                    m.select([col("periode"), col("gemeente"), col("client_id")]),
                ],
                UnionArgs::default(),
            )?,
            n,
        )
        .group_by([col("periode"), col("code")])
        .agg([col("client_id").n_unique().alias("noemer")]);
        let lf = jr
            .clone()
            .join(
                jeugdzorg,
                [col("periode"), col("code")],
                [col("periode"), col("code")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        delen.push(lang(lf, "jeugdreclassering_aandeel", n, lit("totaal")));
        let lf = jr
            .join(
                bevolking(&b.bevolking, "12-22", n),
                [col("code"), col("_jaar")],
                [col("code"), col("_jaar")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        delen.push(lang(lf, "jeugdreclassering_aandeel", n, lit("cbs_basis")));
        concat(delen, UnionArgs::default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    /// (gemeente, client, geboren, soort, start, einde)
    type Maatregel = (
        &'static str,
        &'static str,
        NaiveDate,
        &'static str,
        NaiveDate,
        Option<NaiveDate>,
    );

    fn maatregel_frame(rijen: &[Maatregel]) -> LazyFrame {
        let df = df!(
            "gemeente" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "client_id" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "geboortedatum" => dagen(&rijen.iter().map(|r| Some(r.2)).collect::<Vec<_>>()),
            "soort" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "gi" => rijen.iter().map(|_| "GI1").collect::<Vec<_>>(),
            "startdatum" => dagen(&rijen.iter().map(|r| Some(r.4)).collect::<Vec<_>>()),
            "einddatum" => dagen(&rijen.iter().map(|r| r.5).collect::<Vec<_>>()),
        )
        .unwrap();
        datums(df, &["geboortedatum", "startdatum", "einddatum"])
    }

    #[test]
    fn maatregelen_jeugdbescherming_en_jeugdreclassering() {
        let ms = maatregel_frame(&[
            // m1: OTS until 31 Mar, then voogdij from 1 Apr → one client in totaal.
            (
                GM_A,
                "m1",
                d(2010, 1, 1),
                "OTS",
                d(2023, 1, 1),
                Some(d(2024, 3, 31)),
            ),
            (GM_A, "m1", d(2010, 1, 1), "VOOGDIJ", d(2024, 4, 1), None),
            // m2: 18 on 1 Jan 2024 (birthday counts) → not in jeugdbescherming, yes in jeugdzorg.
            (GM_A, "m2", d(2006, 1, 1), "OTS", d(2023, 6, 1), None),
            // m3 (16): JR in GM_A, then in GM_B after moving → once in the regio.
            (
                GM_A,
                "m3",
                d(2007, 5, 5),
                "JR",
                d(2024, 2, 1),
                Some(d(2024, 8, 1)),
            ),
            (GM_B, "m3", d(2007, 5, 5), "JR", d(2024, 9, 1), None),
            // m4: OTS from 1 May.
            (GM_B, "m4", d(2009, 3, 3), "OTS", d(2024, 5, 1), None),
            // m5 (21): JR ending on 1 Jan 2024 → active in 2024 and Q1; no age limit for JR.
            (
                GM_B,
                "m5",
                d(2003, 1, 1),
                "JR",
                d(2023, 1, 1),
                Some(d(2024, 1, 1)),
            ),
        ]);
        let tr = [
            t(GM_A, "m6", A, "02", d(2024, 2, 1), None),
            t(GM_A, "m3", A, "02", d(2024, 3, 1), None),
            t(GM_B, "m7", B, "02", d(2024, 1, 1), Some(d(2024, 1, 31))),
        ];
        let b = Bronnen {
            maatregelen: ms,
            bevolking: inwoners(&[
                (GM_A, 2024, "0-17", 1000),
                (GM_B, 2024, "0-17", 500),
                (GM_A, 2024, "12-22", 800),
                (GM_B, 2024, "12-22", 200),
            ]),
            ..bronnen(&tr)
        };
        let m = uitkomst(maatregelen(&b, &perioden_2024()));
        let jb = |per, niv, code, u| ("jeugdbescherming_aandeel", per, niv, code, u);
        let jr = |per, niv, code, u| ("jeugdreclassering_aandeel", per, niv, code, u);
        // 2024 GM_A: {m1} (m2 is 18) = 1 / 1000 → 0.1 %, as OTS and as voogdij too
        is(
            &m,
            jb("2024", "gemeente", GM_A, "totaal"),
            r(1.0, 1000.0, 0.1),
        );
        is(&m, jb("2024", "gemeente", GM_A, "ots"), r(1.0, 1000.0, 0.1));
        is(
            &m,
            jb("2024", "gemeente", GM_A, "voogdij"),
            r(1.0, 1000.0, 0.1),
        );
        // GM_B: {m4} = 1 / 500 → 0.2 % (JR of m3, m5 does not count)
        is(
            &m,
            jb("2024", "gemeente", GM_B, "totaal"),
            r(1.0, 500.0, 0.2),
        );
        geen_rij(
            &m,
            "jeugdbescherming_aandeel",
            "2024",
            "gemeente",
            GM_B,
            "voogdij",
        );
        // regio: {m1, m4} = 2 / 1500 → 0.1333… %; voogdij {m1} = 1 / 1500
        is(
            &m,
            jb("2024", "regio", "regio", "totaal"),
            r(2.0, 1500.0, 2.0 / 15.0),
        );
        is(
            &m,
            jb("2024", "regio", "regio", "ots"),
            r(2.0, 1500.0, 2.0 / 15.0),
        );
        is(
            &m,
            jb("2024", "regio", "regio", "voogdij"),
            r(1.0, 1500.0, 1.0 / 15.0),
        );
        // Q1 GM_A: OTS of m1 (to 31 Mar); voogdij starts 1 Apr → no voogdij row in Q1
        is(
            &m,
            jb("2024-Q1", "gemeente", GM_A, "ots"),
            r(1.0, 1000.0, 0.1),
        );
        geen_rij(
            &m,
            "jeugdbescherming_aandeel",
            "2024-Q1",
            "gemeente",
            GM_A,
            "voogdij",
        );
        // Q2 GM_A: voogdij of m1 only (OTS ended 31 Mar, m2 too old)
        is(
            &m,
            jb("2024-Q2", "gemeente", GM_A, "totaal"),
            r(1.0, 1000.0, 0.1),
        );
        is(
            &m,
            jb("2024-Q2", "gemeente", GM_A, "voogdij"),
            r(1.0, 1000.0, 0.1),
        );
        geen_rij(
            &m,
            "jeugdbescherming_aandeel",
            "2024-Q2",
            "gemeente",
            GM_A,
            "ots",
        );
        // JR 2024 GM_A: {m3}; jeugdzorg GM_A = trajecten {m6, m3} ∪ maatregelen {m1, m2, m3}
        // = {m1, m2, m3, m6} = 4 → 25 %; CBS base 1 / 800 residents 12–22 → 0.125 %
        is(
            &m,
            jr("2024", "gemeente", GM_A, "totaal"),
            r(1.0, 4.0, 25.0),
        );
        is(
            &m,
            jr("2024", "gemeente", GM_A, "cbs_basis"),
            r(1.0, 800.0, 0.125),
        );
        // GM_B: JR {m3, m5} = 2; jeugdzorg {m7} ∪ {m3, m4, m5} = 4 → 50 %; 2 / 200 → 1 %
        is(
            &m,
            jr("2024", "gemeente", GM_B, "totaal"),
            r(2.0, 4.0, 50.0),
        );
        is(
            &m,
            jr("2024", "gemeente", GM_B, "cbs_basis"),
            r(2.0, 200.0, 1.0),
        );
        // regio: JR {m3, m5} = 2; jeugdzorg {m1..m7} = 7 → 28.57 %; 2 / 1000 → 0.2 %
        is(
            &m,
            jr("2024", "regio", "regio", "totaal"),
            r(2.0, 7.0, 200.0 / 7.0),
        );
        is(
            &m,
            jr("2024", "regio", "regio", "cbs_basis"),
            r(2.0, 1000.0, 0.2),
        );
        // Q1 regio: JR {m3 (from 1 Feb), m5 (ends 1 Jan)} = 2;
        // jeugdzorg {m1, m2, m3, m5, m6, m7} = 6 (m4 starts in May) → 33.33 %
        is(
            &m,
            jr("2024-Q1", "regio", "regio", "totaal"),
            r(2.0, 6.0, 100.0 / 3.0),
        );
        // Q2 regio: JR {m3} = 1; jeugdzorg {m1, m2, m3, m4, m6} = 5 → 20 %; 1 / 1000 → 0.1 %
        is(
            &m,
            jr("2024-Q2", "regio", "regio", "totaal"),
            r(1.0, 5.0, 20.0),
        );
        is(
            &m,
            jr("2024-Q2", "regio", "regio", "cbs_basis"),
            r(1.0, 1000.0, 0.1),
        );
    }
}
