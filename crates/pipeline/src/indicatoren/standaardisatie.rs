//! Case-mix adjusted provider comparison: observed/expected (O/E) ratios by **indirect
//! standardisation** on hulpvorm × age class, computed at ingest and stored in the release
//! as `aanbieders_oe.parquet` (suppressed), for the fair provider comparison page.
//!
//! # Why
//!
//! A provider's crude share (say 40% crisis starts) says little on its own: a provider that
//! only takes adolescents in residential care *should* have more crisis starts than one
//! doing ambulant care for young children. Indirect standardisation asks: how many events
//! would this provider have had if each of its cases had the region's rate for cases like
//! it? O/E > 1 is more than expected for its case mix, < 1 fewer.
//!
//! # Definition
//!
//! For each indicator in [`VERGELIJKINGEN`] (all uitsplitsing `totaal`), each period of every
//! kind the engine uses (year, half year, quarter, month) and each provider p:
//!
//! - **units**: exactly the rows the indicator's own plan counts — the plan and this module
//!   both call the same `definities::*_eenheden` function, so the provider's `noemer` and
//!   `waargenomen` equal the aanbieder-level noemer and teller in `indicatoren`;
//! - **strata** s = (hulpvorm, leeftijdsklasse). Age classes [`LEEFTIJDSKLASSEN`]: 0–3,
//!   4–11, 12–17, 18+, in completed years on the unit's own date — the **start date** for
//!   indicators about started trajecten (`crisis_start_aandeel`, `herhaald_beroep_aandeel`,
//!   `wachttijd_binnen_6_weken`) and the **end date** for those about ended trajecten
//!   (`volgens_plan_aandeel`, `trajectduur`): the date that puts the unit in its period.
//!   No birth date → class `onbekend` (its own stratum); no hulpvorm → `onbekend` too;
//!   a birth date after that date counts as 0 years;
//! - **reference rate** r_s = (teller of all units of the region in s) ÷ (number of them);
//!   for the mean `trajectduur` the teller is the number of days, so r_s is the region's
//!   mean duration in s;
//! - **O** (`waargenomen`) = the provider's teller (for `trajectduur` its sum of days);
//!   **E** (`verwacht`) = Σ_s n_{p,s} · r_s; **`oe`** = O / E (null when E = 0);
//!   `noemer` = n_p = Σ_s n_{p,s}.
//!
//! Because the reference is the region itself, Σ_p E_p = Σ_s N_s · r_s = Σ_p O_p whenever
//! every unit has a provider (the validation makes `aanbieder_agb` required): the
//! regional O/E is 1 by construction, and a provider whose mix equals the region's gets
//! O/E = its crude rate ÷ the regional rate.
//!
//! `herhaald_beroep_aandeel` depends on its scope: for a provider a start counts as
//! repeated when the client left *the same provider* in the 12 months before. O is that
//! provider-level teller, so the reference rates are computed from the same
//! provider-scope flags (over all units of the region); the regional figure in
//! `indicatoren` (any earlier traject in the region) is at least as high and not used here —
//! otherwise every provider would get O/E < 1.
//!
//! For the funnel plot, the control limits around 1 are `statistiek::trechter_oe(E, z)`.
//!
//! Limits of the method: only hulpvorm and age are adjusted for. A provider that is (almost)
//! alone in its strata sets the reference itself and gets O/E ≈ 1 by construction; a
//! provider whose *product* is the outcome (a crisis service on `crisis_start_aandeel`)
//! stays far from 1, since the crisis flag comes from the product, not the hulpvorm. An O/E
//! compares a provider with the region's mix-adjusted average, not providers with each
//! other directly (each has its own mix).
//!
//! # Output and suppression
//!
//! Long table [`KOLOMMEN_OE`]: `indicator`, `periode`, `aanbieder` (AGB code), `noemer`,
//! `waargenomen`, `verwacht`, `oe` (Float64) and `onderdrukt` (Boolean). [`bereken`] gives it
//! unsuppressed; the release stores it only after `uitvoer::publiceerbaar_oe`
//! (`onderdrukking::pas_toe_oe`): hidden — noemer, O, E and O/E null — when noemer or O is
//! below the region's threshold, or when the indicator table hides that provider's row.
//! Read it back with `uitvoer::lees_oe`.
//!
//! The E sums are taken over strata in a fixed order, so the same release always gives the
//! same bytes (ingesting month by month or all at once gives identical tables).

use model::Periode;
use polars::prelude::*;

use super::Niveau;
use super::bereken::{self, Releasetabellen};
use super::definities::{self, Bronnen, EenhedenPlan};
use super::perioden::leeftijd_op;

/// The release table (`aanbieders_oe.parquet`).
pub const TABEL: &str = "aanbieders_oe";

/// The columns of the O/E table, in order.
pub const KOLOMMEN_OE: [&str; 8] = [
    "indicator",
    "periode",
    "aanbieder",
    "noemer",
    "waargenomen",
    "verwacht",
    "oe",
    "onderdrukt",
];

/// The stratum value for a missing birth date or hulpvorm.
pub const ONBEKEND: &str = "onbekend";

/// One provider-comparable indicator: where its units come from and what each contributes.
pub struct Vergelijking {
    pub indicator: &'static str,
    /// The unit-level frame the indicator's plan aggregates.
    pub eenheden: EenhedenPlan,
    /// The unit column summed into the teller: a flag (share) or days (mean).
    pub teller: &'static str,
    /// The unit's date the age is taken on (the one that puts it in its period).
    pub leeftijd_op: &'static str,
}

/// The indicators compared between providers, each at uitsplitsing `totaal`.
pub const VERGELIJKINGEN: [Vergelijking; 5] = [
    Vergelijking {
        indicator: "crisis_start_aandeel",
        eenheden: definities::crisis_eenheden,
        teller: "crisis",
        leeftijd_op: "startdatum",
    },
    Vergelijking {
        indicator: "volgens_plan_aandeel",
        eenheden: definities::volgens_plan_eenheden,
        teller: "_volgens_plan",
        leeftijd_op: "einddatum",
    },
    Vergelijking {
        indicator: "herhaald_beroep_aandeel",
        eenheden: definities::herhaald_beroep_eenheden,
        teller: "_herhaald",
        leeftijd_op: "startdatum",
    },
    Vergelijking {
        indicator: "wachttijd_binnen_6_weken",
        eenheden: definities::wachttijd_eenheden,
        teller: "_binnen_6_weken",
        leeftijd_op: "startdatum",
    },
    Vergelijking {
        indicator: "trajectduur",
        eenheden: definities::trajectduur_eenheden,
        teller: "_duur",
        leeftijd_op: "einddatum",
    },
];

/// The age class ([`LEEFTIJDSKLASSEN`]) on the date `op` of someone born on `geboren`.
pub fn leeftijdsklasse(geboren: Expr, op: Expr) -> Expr {
    let l = leeftijd_op(geboren, op);
    when(l.clone().is_null())
        .then(lit(ONBEKEND))
        .when(l.clone().lt_eq(lit(3)))
        .then(lit("0-3"))
        .when(l.clone().lt_eq(lit(11)))
        .then(lit("4-11"))
        .when(l.lt_eq(lit(17)))
        .then(lit("12-17"))
        .otherwise(lit("18+"))
}

/// O, E and O/E per period and provider for one indicator and period kind.
fn per_soort(
    b: &Bronnen,
    v: &Vergelijking,
    soort: model::PeriodeSoort,
    perioden: &[Periode],
) -> PolarsResult<LazyFrame> {
    let eenheden = (v.eenheden)(b, soort, perioden, Niveau::Aanbieder)?.select([
        col("periode"),
        col("aanbieder_agb")
            .cast(DataType::String)
            .alias("aanbieder"),
        col("hulpvorm")
            .cast(DataType::String)
            .fill_null(lit(ONBEKEND))
            .alias("_hulpvorm"),
        leeftijdsklasse(col("geboortedatum"), col(v.leeftijd_op)).alias("_klasse"),
        col(v.teller).cast(DataType::Float64).alias("_t"),
    ]);
    let stratum = [col("periode"), col("_hulpvorm"), col("_klasse")];
    // r_s over every unit of the region (with or without a provider).
    let regio = eenheden
        .clone()
        .group_by(stratum.clone())
        .agg([
            col("_t").sum().alias("_regio_teller"),
            len().cast(DataType::Float64).alias("_regio_noemer"),
        ])
        .with_column((col("_regio_teller") / col("_regio_noemer")).alias("_r"));
    let volgorde = ["periode", "aanbieder", "_hulpvorm", "_klasse"];
    Ok(eenheden
        .filter(col("aanbieder").is_not_null())
        .group_by(volgorde.map(col))
        .agg([
            col("_t").sum().alias("_o"),
            len().cast(DataType::Float64).alias("_n"),
        ])
        .join(
            regio,
            stratum.clone(),
            stratum,
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("_n") * col("_r")).alias("_e"))
        // A fixed order of the strata, so the float sums of E do not depend on the hash
        // order of the groups above.
        .sort(volgorde, SortMultipleOptions::default())
        .group_by_stable([col("periode"), col("aanbieder")])
        .agg([
            col("_n").sum().alias("noemer"),
            col("_o").sum().alias("waargenomen"),
            col("_e").sum().alias("verwacht"),
        ])
        .select([
            lit(v.indicator).alias("indicator"),
            col("periode"),
            col("aanbieder"),
            col("noemer"),
            col("waargenomen"),
            col("verwacht"),
            when(col("verwacht").gt(lit(0.0)))
                .then(col("waargenomen") / col("verwacht"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("oe"),
            lit(false).alias("onderdrukt"),
        ]))
}

/// The O/E table ([`KOLOMMEN_OE`]) for the given periods, unsuppressed, sorted by
/// indicator, aanbieder and periode.
pub fn oe(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<DataFrame> {
    let mut delen = Vec::new();
    for v in &VERGELIJKINGEN {
        for soort in definities::soorten(perioden) {
            delen.push(per_soort(b, v, soort, perioden)?);
        }
    }
    if delen.is_empty() {
        return leeg();
    }
    concat(delen, UnionArgs::default())?
        .sort(
            ["indicator", "aanbieder", "periode"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()
}

/// The O/E table of a release: every period the indicators are made for; unsuppressed.
pub fn bereken(t: &Releasetabellen) -> PolarsResult<DataFrame> {
    oe(&bereken::bronnen(t), &bereken::perioden_van(t))
}

fn leeg() -> PolarsResult<DataFrame> {
    let cols = KOLOMMEN_OE
        .iter()
        .map(|&n| {
            let dt = match n {
                "indicator" | "periode" | "aanbieder" => DataType::String,
                "onderdrukt" => DataType::Boolean,
                _ => DataType::Float64,
            };
            Column::new_empty(n.into(), &dt)
        })
        .collect();
    DataFrame::new(0, cols)
}

#[cfg(test)]
mod tests {
    //! Hand-made trajecten; every expected value is worked out in the comment beside it.
    //! Providers A and B; hulpvormen 02 (ambulant) and 11 (verblijf); age classes 4–11 (born
    //! 1 Jun 2016, 7 in 2024) and 12–17 (born 1 Jun 2010, 13 in 2024).
    use std::collections::{BTreeMap, HashMap};
    use std::path::PathBuf;

    use chrono::{Duration, NaiveDate};
    use model::{Periode, Regio};

    use super::*;
    use crate::indicatoren::onderdrukking::{self, Onderdrukking};
    use crate::indicatoren::{getalkolom, perioden, tekstkolom, uitvoer};

    const A: &str = "11111111";
    const B: &str = "22222222";

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap()
    }

    fn jong() -> Option<NaiveDate> {
        Some(d(2016, 6, 1))
    }

    fn tiener() -> Option<NaiveDate> {
        Some(d(2010, 6, 1))
    }

    /// One merged traject.
    #[derive(Clone)]
    struct T {
        agb: &'static str,
        hulpvorm: &'static str,
        geboren: Option<NaiveDate>,
        start: NaiveDate,
        einde: Option<NaiveDate>,
        crisis: bool,
        reden: Option<&'static str>,
    }

    fn t(agb: &'static str, hulpvorm: &'static str, geboren: Option<NaiveDate>) -> T {
        T {
            agb,
            hulpvorm,
            geboren,
            start: d(2024, 2, 1),
            einde: None,
            crisis: false,
            reden: None,
        }
    }

    /// `n` copies of a traject.
    fn keer(n: usize, r: T) -> Vec<T> {
        vec![r; n]
    }

    fn bronnen(rijen: &[T]) -> Bronnen {
        let dag = |x: Option<NaiveDate>| x.map(perioden::dag);
        let df = df!(
            "gemeente" => rijen.iter().map(|_| "GM0153").collect::<Vec<_>>(),
            // Every traject its own client: no repeated starts unless a test wants them.
            "client_id" => (0..rijen.len()).map(|i| format!("P{i}")).collect::<Vec<_>>(),
            "aanbieder_agb" => rijen.iter().map(|r| r.agb).collect::<Vec<_>>(),
            "hulpvorm" => rijen.iter().map(|r| r.hulpvorm).collect::<Vec<_>>(),
            "segment" => rijen.iter().map(|_| "ambulant").collect::<Vec<_>>(),
            "crisis" => rijen.iter().map(|r| r.crisis).collect::<Vec<_>>(),
            "verwijzer" => rijen.iter().map(|_| "01").collect::<Vec<_>>(),
            "aanvraagdatum" => rijen.iter().map(|r| dag(Some(r.start - Duration::days(7)))).collect::<Vec<_>>(),
            "geboortedatum" => rijen.iter().map(|r| dag(r.geboren)).collect::<Vec<_>>(),
            "startdatum" => rijen.iter().map(|r| dag(Some(r.start))).collect::<Vec<_>>(),
            "einddatum" => rijen.iter().map(|r| dag(r.einde)).collect::<Vec<_>>(),
            "reden_beeindiging" => rijen.iter().map(|r| r.reden).collect::<Vec<_>>(),
        )
        .unwrap();
        let datums = ["aanvraagdatum", "geboortedatum", "startdatum", "einddatum"];
        Bronnen {
            trajecten: df
                .lazy()
                .with_columns(datums.map(|k| col(k).cast(DataType::Date))),
            toewijzingen: DataFrame::default().lazy(),
            declaraties: DataFrame::default().lazy(),
            maatregelen: DataFrame::default().lazy(),
            veilig_thuis: DataFrame::default().lazy(),
            bevolking: DataFrame::default().lazy(),
        }
    }

    fn perioden_2024() -> Vec<Periode> {
        vec![
            Periode::Jaar(2024),
            Periode::Kwartaal(2024, 1),
            Periode::Kwartaal(2024, 2),
        ]
    }

    /// (noemer, waargenomen, verwacht, oe)
    type Oe = (Option<f64>, Option<f64>, Option<f64>, Option<f64>);

    /// (indicator, periode, aanbieder) → [`Oe`]; checks the columns and one row per key.
    fn als_map(df: &DataFrame) -> BTreeMap<(String, String, String), Oe> {
        let namen: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(namen, KOLOMMEN_OE);
        let t = |n: &str| tekstkolom(df, n).unwrap();
        let g = |n: &str| getalkolom(df, n).unwrap();
        let (ind, per, aanb) = (t("indicator"), t("periode"), t("aanbieder"));
        let (n, o, e, oe) = (g("noemer"), g("waargenomen"), g("verwacht"), g("oe"));
        let mut m = BTreeMap::new();
        for i in 0..df.height() {
            let k = (
                ind[i].clone().unwrap(),
                per[i].clone().unwrap(),
                aanb[i].clone().unwrap(),
            );
            assert!(
                m.insert(k.clone(), (n[i], o[i], e[i], oe[i])).is_none(),
                "{k:?} dubbel"
            );
        }
        m
    }

    #[track_caller]
    fn is(m: &BTreeMap<(String, String, String), Oe>, k: (&str, &str, &str), v: [f64; 4]) {
        let g = m
            .get(&(k.0.into(), k.1.into(), k.2.into()))
            .unwrap_or_else(|| panic!("geen rij {k:?}; wel {:?}", m.keys()));
        let g = [g.0, g.1, g.2, g.3];
        for (i, naam) in ["noemer", "waargenomen", "verwacht", "oe"]
            .iter()
            .enumerate()
        {
            let x = g[i].unwrap_or_else(|| panic!("{k:?}: {naam} ontbreekt"));
            assert!(
                (x - v[i]).abs() <= 1e-12 * v[i].abs().max(1.0),
                "{k:?}: {naam} {x}, verwacht {}",
                v[i]
            );
        }
    }

    /// Every aanbieder `totaal` row of the compared indicators, from their own plans:
    /// (indicator, periode, code) → (teller, noemer).
    fn plannen(b: &Bronnen, ps: &[Periode]) -> HashMap<(String, String, String), (f64, f64)> {
        let lf = concat(
            [
                definities::crisis(b, ps).unwrap(),
                definities::volgens_plan(b, ps).unwrap(),
                definities::herhaald_beroep(b, ps).unwrap(),
                definities::wachttijd(b, ps).unwrap(),
                definities::trajectduur(b, ps).unwrap(),
            ],
            UnionArgs::default(),
        )
        .unwrap();
        aanbieder_totalen(&lf.collect().unwrap())
    }

    fn aanbieder_totalen(df: &DataFrame) -> HashMap<(String, String, String), (f64, f64)> {
        let t = |n: &str| tekstkolom(df, n).unwrap();
        let (ind, per, niv, code, uit) = (
            t("indicator"),
            t("periode"),
            t("niveau"),
            t("code"),
            t("uitsplitsing"),
        );
        let (teller, noemer) = (
            getalkolom(df, "teller").unwrap(),
            getalkolom(df, "noemer").unwrap(),
        );
        (0..df.height())
            .filter(|&i| {
                niv[i].as_deref() == Some("aanbieder")
                    && uit[i].as_deref() == Some("totaal")
                    && VERGELIJKINGEN
                        .iter()
                        .any(|v| ind[i].as_deref() == Some(v.indicator))
            })
            .map(|i| {
                (
                    (
                        ind[i].clone().unwrap(),
                        per[i].clone().unwrap(),
                        code[i].clone().unwrap(),
                    ),
                    (teller[i].unwrap(), noemer[i].unwrap()),
                )
            })
            .collect()
    }

    /// The provider's O and n are the plan's aanbieder teller and noemer, row for row.
    #[track_caller]
    fn gelijk_aan_plannen(
        oe: &BTreeMap<(String, String, String), Oe>,
        plan: &HashMap<(String, String, String), (f64, f64)>,
    ) {
        assert_eq!(oe.len(), plan.len(), "aantal rijen O/E tegen plannen");
        for (k, (teller, noemer)) in plan {
            let r = oe.get(k).unwrap_or_else(|| panic!("geen O/E voor {k:?}"));
            assert_eq!((r.1, r.0), (Some(*teller), Some(*noemer)), "{k:?}");
        }
    }

    /// Σ_p E = Σ_p O per (indicator, periode).
    #[track_caller]
    fn som_e_is_som_o(oe: &BTreeMap<(String, String, String), Oe>) -> usize {
        let mut som: BTreeMap<(&str, &str), (f64, f64)> = BTreeMap::new();
        for ((ind, per, _), r) in oe {
            let s = som.entry((ind, per)).or_default();
            s.0 += r.1.unwrap();
            s.1 += r.2.unwrap();
        }
        for (k, (o, e)) in &som {
            assert!((o - e).abs() <= 1e-9 * o.max(1.0), "{k:?}: ΣO {o} ≠ ΣE {e}");
        }
        som.len()
    }

    #[test]
    fn leeftijdsklassen_op_de_grenzen() {
        // (born, on, class)
        let gevallen: [(Option<NaiveDate>, NaiveDate, &str); 9] = [
            (Some(d(2020, 3, 15)), d(2024, 3, 14), "0-3"), // 3 until the day before
            (Some(d(2020, 3, 15)), d(2024, 3, 15), "4-11"), // 4 on the birthday
            (Some(d(2012, 3, 15)), d(2024, 3, 14), "4-11"), // 11
            (Some(d(2012, 3, 15)), d(2024, 3, 15), "12-17"), // 12
            (Some(d(2006, 3, 15)), d(2024, 3, 14), "12-17"), // 17
            (Some(d(2006, 3, 15)), d(2024, 3, 15), "18+"), // 18
            (Some(d(2024, 5, 1)), d(2024, 3, 15), "0-3"),  // born later: 0
            (Some(d(2000, 2, 29)), d(2023, 2, 28), "18+"), // 22
            (None, d(2024, 3, 15), "onbekend"),
        ];
        let dag = |x: Option<NaiveDate>| x.map(perioden::dag);
        let df = df!(
            "g" => gevallen.iter().map(|r| dag(r.0)).collect::<Vec<_>>(),
            "o" => gevallen.iter().map(|r| dag(Some(r.1))).collect::<Vec<_>>(),
        )
        .unwrap()
        .lazy()
        .select([
            leeftijdsklasse(col("g").cast(DataType::Date), col("o").cast(DataType::Date))
                .alias("k"),
        ])
        .collect()
        .unwrap();
        let k = tekstkolom(&df, "k").unwrap();
        for (i, r) in gevallen.iter().enumerate() {
            assert_eq!(k[i].as_deref(), Some(r.2), "geboren {:?} op {}", r.0, r.1);
        }
    }

    /// Crisis starts. Strata: s1 = (02, 4–11), s2 = (02, 12–17), s3 = (11, 4–11),
    /// s4 = (11, 12–17). Q1: A and B have the same mix; Q2: A has only high-risk cases.
    fn crisis_trajecten() -> Vec<T> {
        let ja = |r: T| T { crisis: true, ..r };
        let q2 = |r: T| T {
            start: d(2024, 5, 1),
            ..r
        };
        [
            // Q1, A: one case per stratum; crisis in s2, s3, s4 → 3 of 4.
            keer(1, t(A, "02", jong())),
            keer(1, ja(t(A, "02", tiener()))),
            keer(1, ja(t(A, "11", jong()))),
            keer(1, ja(t(A, "11", tiener()))),
            // Q1, B: two per stratum; crisis: s1 0/2, s2 0/2, s3 1/2, s4 2/2 → 3 of 8.
            keer(2, t(B, "02", jong())),
            keer(2, t(B, "02", tiener())),
            keer(1, ja(t(B, "11", jong()))),
            keer(1, t(B, "11", jong())),
            keer(2, ja(t(B, "11", tiener()))),
            // Q2, A: four cases, all in s4; crisis 3 of 4.
            keer(3, q2(ja(t(A, "11", tiener())))),
            keer(1, q2(t(A, "11", tiener()))),
            // Q2, B: s1 0/4, s3 1/2, s4 2/2 → 3 of 8.
            keer(4, q2(t(B, "02", jong()))),
            keer(1, q2(ja(t(B, "11", jong())))),
            keer(1, q2(t(B, "11", jong()))),
            keer(2, q2(ja(t(B, "11", tiener())))),
        ]
        .concat()
    }

    #[test]
    fn crisis_oe_by_hand_same_mix_and_high_risk_provider() {
        let b = bronnen(&crisis_trajecten());
        let ps = perioden_2024();
        let m = als_map(&oe(&b, &ps).unwrap());
        let c = |per, p| ("crisis_start_aandeel", per, p);

        // Q1, same mix. Region per stratum: s1 0/3, s2 1/3, s3 2/3, s4 3/3; overall 6/12 = 50%.
        // A: n 4, O 3 (75%); E = 1·0 + 1·1/3 + 1·2/3 + 1·1 = 2 → O/E = 1.5
        //    = crude ratio 75% / 50%.
        is(&m, c("2024-Q1", A), [4.0, 3.0, 2.0, 1.5]);
        // B: n 8, O 3 (37.5%); E = 2·0 + 2·1/3 + 2·2/3 + 2·1 = 4 → O/E = 0.75 = 37.5% / 50%.
        is(&m, c("2024-Q1", B), [8.0, 3.0, 4.0, 0.75]);

        // Q2. Region: s1 0/4, s3 1/2, s4 (3 + 2)/6 = 5/6; overall (0 + 1 + 5)/12 = 50%.
        // A (only s4): n 4, O 3; E = 4·5/6 = 10/3 → O/E = 3 / (10/3) = 0.9. Its crude ratio
        // is 75% / 50% = 1.5: crude A looks worst, standardised it is below expectation.
        is(&m, c("2024-Q2", A), [4.0, 3.0, 10.0 / 3.0, 0.9]);
        let sleutel = (
            "crisis_start_aandeel".into(),
            "2024-Q2".into(),
            A.to_string(),
        );
        assert!(m[&sleutel].3.unwrap() < 0.75 / 0.5);
        // B: n 8, O 3; E = 4·0 + 2·1/2 + 2·5/6 = 1 + 5/3 = 8/3 → O/E = 9/8 = 1.125 (crude 0.75).
        is(&m, c("2024-Q2", B), [8.0, 3.0, 8.0 / 3.0, 1.125]);

        // 2024. Region: s1 0/7, s2 1/3, s3 3/5, s4 8/9; overall 12/24.
        // A: n 8 (s1 1, s2 1, s3 1, s4 5), O 6; E = 1/3 + 3/5 + 5·8/9 = 242/45 → O/E = 270/242.
        is(&m, c("2024", A), [8.0, 6.0, 242.0 / 45.0, 270.0 / 242.0]);
        // B: n 16 (s1 6, s2 2, s3 4, s4 4), O 6; E = 2/3 + 4·3/5 + 4·8/9 = 298/45 → 270/298.
        is(&m, c("2024", B), [16.0, 6.0, 298.0 / 45.0, 270.0 / 298.0]);
        // ΣE = 242/45 + 298/45 = 12 = ΣO, in every period.
        som_e_is_som_o(&m);

        // O and n are the published aanbieder teller and noemer, for all five indicators.
        gelijk_aan_plannen(&m, &plannen(&b, &ps));
    }

    #[test]
    fn trajectduur_and_volgens_plan_by_hand_age_at_the_end() {
        // Ended trajecten in 2024 (Q2), of the given number of days; age at the end date.
        let klaar = |agb, hv, geboren, dagen: i64, volgens_plan: bool| {
            let einde = d(2024, 6, 1);
            T {
                start: einde - Duration::days(dagen),
                einde: Some(einde),
                reden: Some(if volgens_plan { "31" } else { "32" }),
                ..t(agb, hv, geboren)
            }
        };
        let tr = [
            klaar(A, "02", jong(), 10, true),
            klaar(A, "02", jong(), 20, false),
            klaar(A, "11", tiener(), 100, true),
            klaar(B, "02", jong(), 30, true),
            klaar(B, "11", tiener(), 200, false),
            // Born 1 May 2012: 11 at its start (6 Aug 2023), 12 at its end → stratum
            // (11, 12–17), as ended trajecten are classed by age at the end.
            klaar(B, "11", Some(d(2012, 5, 1)), 300, false),
        ];
        let b = bronnen(&tr);
        let ps = perioden_2024();
        let m = als_map(&oe(&b, &ps).unwrap());

        // trajectduur. Regional means: s1 = (02, 4–11): (10 + 20 + 30)/3 = 20;
        // s2 = (11, 12–17): (100 + 200 + 300)/3 = 200.
        // A: n 3, O = 10 + 20 + 100 = 130; E = 2·20 + 1·200 = 240 → O/E = 13/24.
        is(
            &m,
            ("trajectduur", "2024", A),
            [3.0, 130.0, 240.0, 13.0 / 24.0],
        );
        // B: n 3, O = 30 + 200 + 300 = 530; E = 1·20 + 2·200 = 420 → O/E = 53/42.
        is(
            &m,
            ("trajectduur", "2024", B),
            [3.0, 530.0, 420.0, 53.0 / 42.0],
        );
        is(
            &m,
            ("trajectduur", "2024-Q2", B),
            [3.0, 530.0, 420.0, 53.0 / 42.0],
        );
        // (Classed at the start, the 300-day traject would be (11, 4–11) on its own and B's
        // E would be 20 + 200 + 300 = 520.)

        // volgens_plan. s1: 10 ✓, 20 ✗, 30 ✓ → 2/3; s2: 100 ✓, 200 ✗, 300 ✗ → 1/3.
        // A: O 2; E = 2·2/3 + 1/3 = 5/3 → 6/5. B: O 1; E = 2/3 + 2·1/3 = 4/3 → 3/4.
        let vp = "volgens_plan_aandeel";
        is(&m, (vp, "2024", A), [3.0, 2.0, 5.0 / 3.0, 1.2]);
        is(&m, (vp, "2024", B), [3.0, 1.0, 4.0 / 3.0, 0.75]);
        // ΣE = 240 + 420 = 660 = 130 + 530; 5/3 + 4/3 = 3 = 2 + 1.
        som_e_is_som_o(&m);
        // Nothing ended in Q1: no rows there.
        assert!(!m.keys().any(|k| k.0 == "trajectduur" && k.1 == "2024-Q1"));
        gelijk_aan_plannen(&m, &plannen(&b, &ps));
    }

    #[test]
    fn herhaald_beroep_counts_within_the_provider() {
        // Client X leaves A on 31 Jan and starts at B on 1 Mar: repeated for the region,
        // not for B. Client Y leaves A on 31 Jan and starts at A again on 1 Mar: repeated
        // for A. Both starts are (02, 4–11).
        let tr = [
            T {
                start: d(2023, 6, 1),
                einde: Some(d(2024, 1, 31)),
                ..t(A, "02", jong())
            },
            T {
                start: d(2024, 3, 1),
                ..t(B, "02", jong())
            },
            T {
                start: d(2023, 6, 1),
                einde: Some(d(2024, 1, 31)),
                ..t(A, "02", jong())
            },
            T {
                start: d(2024, 3, 1),
                ..t(A, "02", jong())
            },
        ];
        // `bronnen` numbers the clients by row; give rows 0–1 and 2–3 the same client.
        let b = bronnen(&tr);
        let b = Bronnen {
            trajecten: b.trajecten.with_column(
                when(col("client_id").eq(lit("P1")))
                    .then(lit("P0"))
                    .when(col("client_id").eq(lit("P3")))
                    .then(lit("P2"))
                    .otherwise(col("client_id"))
                    .alias("client_id"),
            ),
            ..b
        };
        let ps = perioden_2024();
        let m = als_map(&oe(&b, &ps).unwrap());
        // Starts in 2024: B (X, not repeated within B) and A (Y, repeated within A).
        // Reference in (02, 4–11) with provider-scope flags: 1/2. A: n 1, O 1, E 0.5 → 2;
        // B: n 1, O 0, E 0.5 → 0. (With the regional flags both would count: rate 2/2.)
        let h = "herhaald_beroep_aandeel";
        is(&m, (h, "2024", A), [1.0, 1.0, 0.5, 2.0]);
        is(&m, (h, "2024", B), [1.0, 0.0, 0.5, 0.0]);
        som_e_is_som_o(&m);
        gelijk_aan_plannen(&m, &plannen(&b, &ps));
    }

    #[test]
    fn suppression_hides_small_figures_and_what_the_indicator_table_hides() {
        // (indicator, aanbieder, noemer, O, E)
        let rijen: [(&str, &str, f64, f64, f64); 6] = [
            ("crisis_start_aandeel", "A1", 12.0, 11.0, 10.0), // shown
            ("crisis_start_aandeel", "A2", 9.0, 5.0, 4.0),    // noemer < 10
            ("crisis_start_aandeel", "A3", 40.0, 3.0, 6.0),   // O < 10
            ("crisis_start_aandeel", "A4", 30.0, 15.0, 12.0), // hidden in indicatoren
            ("trajectduur", "A1", 12.0, 500.0, 400.0),        // shown
            ("trajectduur", "A2", 8.0, 900.0, 800.0),         // noemer < 10
        ];
        let oe_df = df!(
            "indicator" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "periode" => vec!["2024"; rijen.len()],
            "aanbieder" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "noemer" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "waargenomen" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "verwacht" => rijen.iter().map(|r| r.4).collect::<Vec<_>>(),
            "oe" => rijen.iter().map(|r| r.3 / r.4).collect::<Vec<_>>(),
            "onderdrukt" => vec![false; rijen.len()],
        )
        .unwrap();
        // The published indicator table: every provider row present, A4 hidden there (say,
        // secondarily); trajectduur A1 published, A2 hidden.
        let ind = df!(
            "indicator" => ["crisis_start_aandeel"; 4].into_iter().chain(["trajectduur"; 2]).collect::<Vec<_>>(),
            "periode" => vec!["2024"; 6],
            "niveau" => vec!["aanbieder"; 6],
            "code" => ["A1", "A2", "A3", "A4", "A1", "A2"],
            "uitsplitsing" => vec!["totaal"; 6],
            "onderdrukt" => [false, true, true, true, false, true],
        )
        .unwrap();
        let regels = Onderdrukking::default();
        let uit = uitvoer::publiceerbaar_oe(oe_df.clone(), &ind, &regels).unwrap();
        let m = als_map(&uit);
        let ond: Vec<bool> = uit
            .column("onderdrukt")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .map(|x| x.unwrap())
            .collect();
        assert_eq!(ond, [false, true, true, true, false, true]);
        is(
            &m,
            ("crisis_start_aandeel", "2024", "A1"),
            [12.0, 11.0, 10.0, 1.1],
        );
        is(
            &m,
            ("trajectduur", "2024", "A1"),
            [12.0, 500.0, 400.0, 1.25],
        );
        for (i, k) in m.keys().enumerate() {
            if ond[i] {
                assert_eq!(m[k], (None, None, None, None), "{k:?} lekt");
            }
        }
        // The primary rule alone (indicator table publishes everything) hides A2 and A3
        // (proportions) and trajectduur A2; A4 (30, 15) then shows.
        let alles = ind
            .clone()
            .lazy()
            .with_column(lit(false).alias("onderdrukt"))
            .collect()
            .unwrap();
        let uit2 = onderdrukking::pas_toe_oe(oe_df.clone(), &regels, &alles).unwrap();
        let ond2: Vec<bool> = uit2
            .column("onderdrukt")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .map(|x| x.unwrap())
            .collect();
        assert_eq!(ond2, [false, true, true, false, false, true]);
        // A provider absent from the indicator table is hidden.
        let zonder = ind.slice(1, 5);
        let uit3 = onderdrukking::pas_toe_oe(oe_df.clone(), &regels, &zonder).unwrap();
        assert_eq!(
            uit3.column("onderdrukt").unwrap().bool().unwrap().get(0),
            Some(true)
        );
        // Idempotent, and the guard catches a leak.
        let nog_eens = onderdrukking::pas_toe_oe(uit.clone(), &regels, &ind).unwrap();
        assert!(nog_eens.equals_missing(&uit));
        assert!(onderdrukking::controleer_oe(&oe_df, 10.0).is_err());
        let mut lek = uit.clone();
        lek.with_column(Column::new("onderdrukt".into(), vec![false; 6]))
            .unwrap();
        let fout = onderdrukking::controleer_oe(&lek, 10.0).unwrap_err();
        assert!(fout.contains("crisis_start_aandeel/2024/A2"), "{fout}");
    }

    #[test]
    fn empty_periods_give_an_empty_table_with_the_columns() {
        let df = oe(&bronnen(&crisis_trajecten()), &[]).unwrap();
        assert_eq!(df.height(), 0);
        als_map(&df);
    }

    /// The demo fixture: O and n equal the stored aanbieder teller and noemer of every
    /// compared indicator in every period; ΣE = ΣO per indicator and period; the stored
    /// table is suppressed exactly like the indicator table.
    #[test]
    fn demo_fixture_matches_the_indicator_table() {
        let data = tempfile::tempdir().unwrap();
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/twente");
        let r =
            crate::release::ingest(data.path(), &Regio::twente(), &[fixture], &mut |_, _, _| {})
                .unwrap();
        let manifest = r.release.expect("een release");
        let id = manifest.id.clone();
        let lees = |t: &str| crate::release::lees_tabel(data.path(), &id, t).unwrap();
        let intern = lees("indicatoren_intern");
        let jt = lees("jeugdhulptrajecten");
        let mut ps: Vec<Periode> = tekstkolom(&intern, "periode")
            .unwrap()
            .into_iter()
            .flatten()
            .map(|p| Periode::parse(&p).unwrap())
            .collect();
        ps.sort();
        ps.dedup();
        let b = Bronnen {
            trajecten: jt.lazy(),
            ..bronnen(&[])
        };
        let ruw = oe(&b, &ps).unwrap();
        let m = als_map(&ruw);
        let plan = aanbieder_totalen(&intern);
        assert!(plan.len() > 10_000, "maar {} aanbiederrijen", plan.len());
        gelijk_aan_plannen(&m, &plan);
        let paren = som_e_is_som_o(&m);
        assert!(paren > 500, "{paren}");
        // One period spelled out: in 2024 the providers' O add up to the regional teller of
        // crisis_start_aandeel (every traject has a provider), and so do their E.
        let publiek = uitvoer::lees_waarden(data.path(), &id).unwrap();
        let regio_teller = intern_waarde(&intern, "crisis_start_aandeel", "2024");
        let (so, se) = m
            .iter()
            .filter(|(k, _)| k.0 == "crisis_start_aandeel" && k.1 == "2024")
            .fold((0.0, 0.0), |(o, e), (_, r)| {
                (o + r.1.unwrap(), e + r.2.unwrap())
            });
        assert_eq!(so, regio_teller);
        assert!((se - regio_teller).abs() < 1e-9 * regio_teller, "{se}");

        // The stored table: n equals the published aanbieder noemer (both hidden alike).
        assert_eq!(manifest.tabellen[TABEL], ruw.height() as u64);
        let opgeslagen = uitvoer::lees_oe(data.path(), &id).unwrap();
        assert_eq!(opgeslagen.len(), ruw.height());
        // (teller, noemer, onderdrukt) of the published aanbieder rows.
        type Gepubliceerd = (Option<f64>, Option<f64>, bool);
        let gepubliceerd: HashMap<(String, String, String), Gepubliceerd> = publiek
            .iter()
            .filter(|w| w.niveau == super::Niveau::Aanbieder && w.uitsplitsing.is_totaal())
            .map(|w| {
                (
                    (w.indicator.clone(), w.periode.clone(), w.code.clone()),
                    (w.teller, w.noemer, w.onderdrukt),
                )
            })
            .collect();
        let mut getoond = 0;
        for w in &opgeslagen {
            let k = (w.indicator.clone(), w.periode.clone(), w.aanbieder.clone());
            let p = gepubliceerd[&k];
            assert_eq!((w.waargenomen, w.noemer, w.onderdrukt), p, "{k:?}");
            if !w.onderdrukt {
                getoond += 1;
                let r = m[&k];
                assert_eq!((w.verwacht, w.oe), (r.2, r.3), "{k:?}");
            }
        }
        assert!(getoond > 100, "maar {getoond} getoond");
        let df = lees(TABEL);
        onderdrukking::controleer_oe(&df, 10.0).unwrap();
    }

    fn intern_waarde(df: &DataFrame, indicator: &str, periode: &str) -> f64 {
        let t = |n: &str| tekstkolom(df, n).unwrap();
        let (ind, per, niv, uit) = (t("indicator"), t("periode"), t("niveau"), t("uitsplitsing"));
        let teller = getalkolom(df, "teller").unwrap();
        (0..df.height())
            .find(|&i| {
                ind[i].as_deref() == Some(indicator)
                    && per[i].as_deref() == Some(periode)
                    && niv[i].as_deref() == Some("regio")
                    && uit[i].as_deref() == Some("totaal")
            })
            .and_then(|i| teller[i])
            .unwrap()
    }
}
