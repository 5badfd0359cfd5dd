//! `crisis_start_aandeel` and `crisis_instroom`: crisis starts among started trajecten.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::*;

/// Units of `crisis_start_aandeel`: started trajecten; the teller counts `crisis`.
pub fn crisis_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    _: Niveau,
) -> PolarsResult<LazyFrame> {
    gestart(b, soort, perioden)
}

/// `crisis_start_aandeel`: started trajecten with crisis flag ÷ all started, in total and
/// for met/zonder verblijf; `crisis_instroom`: the number of crisis starts (target: −2.5%/yr).
pub fn crisis(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let gestart = crisis_eenheden(b, soort, perioden, n)?;
        let deel = |naam: &str, filter: Expr| {
            let lf = groep(
                gestart.clone().filter(filter),
                n,
                vec![
                    col("crisis").cast(DataType::UInt32).sum().alias("teller"),
                    len().alias("noemer"),
                ],
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
            lang(lf, "crisis_start_aandeel", n, lit(naam))
        };
        // Over all started trajecten, so a scope with starts but no crisis start has an
        // explicit 0: the same rows as `crisis_start_aandeel` (whose teller it is). An absent
        // row would read as a known 0 next to a hidden teller (docs/beveiliging §8).
        let instroom = groep(
            gestart.clone(),
            n,
            vec![col("crisis").cast(DataType::UInt32).sum().alias("teller")],
        )
        .with_columns([
            lit(NULL).cast(DataType::Float64).alias("noemer"),
            col("teller").alias("waarde"),
        ]);
        concat(
            [
                deel("totaal", lit(true)),
                deel("met_verblijf", hulpvorm_verblijf(true)),
                deel("zonder_verblijf", hulpvorm_verblijf(false)),
                lang(instroom, "crisis_instroom", n, lit("totaal")),
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
    fn crisis_aandeel_en_instroom() {
        let tr = [
            T {
                crisis: true,
                ..t(GM_A, "k1", A, "12", d(2024, 2, 1), None)
            },
            t(GM_A, "k2", A, "02", d(2024, 2, 15), None),
            t(GM_A, "k3", A, "03", d(2024, 3, 1), None),
            T {
                crisis: true,
                ..t(GM_A, "k4", B, "01", d(2024, 5, 1), None)
            },
            t(GM_B, "k5", B, "11", d(2024, 6, 1), None),
            // Started outside 2024: never counted.
            t(GM_B, "k6", A, "02", d(2023, 12, 31), None),
            T {
                crisis: true,
                ..t(GM_B, "k7", A, "02", d(2025, 1, 1), None)
            },
        ];
        let m = uitkomst(crisis(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code, u| ("crisis_start_aandeel", per, niv, code, u);
        // 2024 regio: 5 started (12c, 02, 03, 01c, 11), 2 crisis → 40 %
        is(&m, k("2024", "regio", "regio", "totaal"), r(2.0, 5.0, 40.0));
        // met verblijf: 12c, 11 → 1/2 = 50 %
        is(
            &m,
            k("2024", "regio", "regio", "met_verblijf"),
            r(1.0, 2.0, 50.0),
        );
        // zonder verblijf: 02, 03, 01c → 1/3 = 33.33 %
        is(
            &m,
            k("2024", "regio", "regio", "zonder_verblijf"),
            r(1.0, 3.0, 100.0 / 3.0),
        );
        // GM_A: 12c, 02, 03, 01c → 2/4 = 50 %; GM_B: 11 → 0/1 = 0 %
        is(&m, k("2024", "gemeente", GM_A, "totaal"), r(2.0, 4.0, 50.0));
        is(&m, k("2024", "gemeente", GM_B, "totaal"), r(0.0, 1.0, 0.0));
        // aanbieder A: 12c, 02, 03 → 1/3; B: 01c, 11 → 1/2
        is(
            &m,
            k("2024", "aanbieder", A, "totaal"),
            r(1.0, 3.0, 100.0 / 3.0),
        );
        is(&m, k("2024", "aanbieder", B, "totaal"), r(1.0, 2.0, 50.0));
        // Q1: 12c, 02, 03 → 1/3; Q2: 01c, 11 → 1/2
        is(
            &m,
            k("2024-Q1", "regio", "regio", "totaal"),
            r(1.0, 3.0, 100.0 / 3.0),
        );
        is(
            &m,
            k("2024-Q2", "regio", "regio", "totaal"),
            r(1.0, 2.0, 50.0),
        );
        // Q2 zonder verblijf: only 01c → 1/1 = 100 %
        is(
            &m,
            k("2024-Q2", "regio", "regio", "zonder_verblijf"),
            r(1.0, 1.0, 100.0),
        );
        // crisis_instroom is a count: 2024 regio 2, GM_A 2, aanbieder B 1, Q1 1, Q2 1.
        let ki = |per, niv, code| ("crisis_instroom", per, niv, code, "totaal");
        is(&m, ki("2024", "regio", "regio"), aantal(2.0));
        is(&m, ki("2024", "gemeente", GM_A), aantal(2.0));
        // GM_B started k5 in 2024, no crisis: an explicit 0 (as the teller of the share).
        is(&m, ki("2024", "gemeente", GM_B), aantal(0.0));
        is(&m, k("2024", "gemeente", GM_B, "totaal"), r(0.0, 1.0, 0.0));
        is(&m, ki("2024", "aanbieder", B), aantal(1.0));
        is(&m, ki("2024-Q1", "regio", "regio"), aantal(1.0));
        is(&m, ki("2024-Q2", "regio", "regio"), aantal(1.0));
    }
}
