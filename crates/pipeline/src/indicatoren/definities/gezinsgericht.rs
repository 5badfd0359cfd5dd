//! `gezinsgericht_aandeel` and `gezinsvormen_aandeel`: family-like forms among clients with verblijf.

use model::{Hulpvorm, Periode};
use polars::prelude::*;

use super::*;

/// `gezinsgericht_aandeel` (hulpvorm 12) and `gezinsvormen_aandeel` (11 and 12): distinct
/// clients with such an active traject ÷ distinct clients with an active verblijf traject.
pub fn gezinsgericht(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let verblijf = actief(
            b.trajecten.clone().filter(hulpvorm_verblijf(true)),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?;
        let mut delen = Vec::new();
        for (id, vormen) in [
            (
                "gezinsgericht_aandeel",
                &[Hulpvorm::Gezinsgericht.code()][..],
            ),
            (
                "gezinsvormen_aandeel",
                &[Hulpvorm::Pleegzorg.code(), Hulpvorm::Gezinsgericht.code()][..],
            ),
        ] {
            let lf = groep(
                verblijf.clone(),
                n,
                vec![
                    col("client_id")
                        .filter(in_lijst("hulpvorm", vormen))
                        .n_unique()
                        .alias("teller"),
                    col("client_id").n_unique().alias("noemer"),
                ],
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
            delen.push(lang(lf, id, n, lit("totaal")));
        }
        concat(delen, UnionArgs::default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn gezinsgericht_en_gezinsvormen() {
        let tr = [
            t(GM_A, "v1", A, "12", d(2024, 1, 1), None),
            t(GM_A, "v1", A, "13", d(2023, 6, 1), Some(d(2024, 2, 1))),
            t(GM_A, "v2", A, "11", d(2024, 3, 1), Some(d(2024, 9, 1))),
            t(GM_A, "v3", B, "14", d(2024, 5, 1), None),
            // v4: the hulpvorm-12 traject ended before 2024 → only 14 is active.
            t(GM_B, "v4", B, "12", d(2022, 1, 1), Some(d(2023, 12, 31))),
            t(GM_B, "v4", B, "14", d(2024, 1, 15), None),
            // v5: no verblijf → in neither teller nor noemer.
            t(GM_B, "v5", B, "02", d(2024, 1, 1), None),
            // v2 moved to GM_B in October: counts there too, once in the regio.
            t(GM_B, "v2", B, "13", d(2024, 10, 1), None),
        ];
        let m = uitkomst(gezinsgericht(&bronnen(&tr), &perioden_2024()));
        let gg = |per, niv, code| ("gezinsgericht_aandeel", per, niv, code, "totaal");
        let gv = |per, niv, code| ("gezinsvormen_aandeel", per, niv, code, "totaal");
        // 2024 GM_A: verblijf {v1, v2, v3} = 3; hulpvorm 12 {v1} → 1/3; 11+12 {v1, v2} → 2/3
        is(&m, gg("2024", "gemeente", GM_A), r(1.0, 3.0, 100.0 / 3.0));
        is(&m, gv("2024", "gemeente", GM_A), r(2.0, 3.0, 200.0 / 3.0));
        // GM_B: verblijf {v4, v2} = 2; no 12 active, v2's 11 was in GM_A → 0/2
        is(&m, gg("2024", "gemeente", GM_B), r(0.0, 2.0, 0.0));
        is(&m, gv("2024", "gemeente", GM_B), r(0.0, 2.0, 0.0));
        // regio: {v1, v2, v3, v4} = 4; 12 {v1} → 25 %; 11+12 {v1, v2} → 50 %
        is(&m, gg("2024", "regio", "regio"), r(1.0, 4.0, 25.0));
        is(&m, gv("2024", "regio", "regio"), r(2.0, 4.0, 50.0));
        // Q1 GM_A: {v1 (12 and 13), v2 (from 1 Mar)} = 2; 12 {v1} → 50 %; 11+12 → 100 %
        is(&m, gg("2024-Q1", "gemeente", GM_A), r(1.0, 2.0, 50.0));
        is(&m, gv("2024-Q1", "gemeente", GM_A), r(2.0, 2.0, 100.0));
        // Q1 regio: {v1, v2, v4} = 3 → 1/3 and 2/3
        is(
            &m,
            gg("2024-Q1", "regio", "regio"),
            r(1.0, 3.0, 100.0 / 3.0),
        );
        is(
            &m,
            gv("2024-Q1", "regio", "regio"),
            r(2.0, 3.0, 200.0 / 3.0),
        );
        // Q2 GM_A: {v1, v2, v3 (from 1 May)} = 3 → 1/3
        is(
            &m,
            gg("2024-Q2", "gemeente", GM_A),
            r(1.0, 3.0, 100.0 / 3.0),
        );
        assert!(
            m.keys().all(|k| k.2 != "aanbieder"),
            "not computed per aanbieder"
        );
    }
}
