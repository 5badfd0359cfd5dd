//! One plan per indicator, written to read like its definition in INDICATORS.md. Each
//! returns the long format (`KOLOMMEN`) for the requested periods and levels.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::perioden::{actief, leeftijd_expr, op_datum};
use super::{Niveau, lang, lang_met_basis, onder_elkaar};

/// The tables of a release the indicators are computed from.
pub struct Bronnen {
    /// Merged CBS jeugdhulptrajecten.
    pub trajecten: LazyFrame,
    /// Current toewijzingen (to give declarations their segment and provider).
    pub toewijzingen: LazyFrame,
    pub declaraties: LazyFrame,
    pub maatregelen: LazyFrame,
    pub veilig_thuis: LazyFrame,
    pub bevolking: LazyFrame,
}

const ZONDER_VERBLIJF: [&str; 4] = ["01", "02", "03", "04"];
const MET_VERBLIJF: [&str; 4] = ["11", "12", "13", "14"];

fn in_lijst(kolom: &str, lijst: &[&str]) -> Expr {
    let s = Series::new(
        "l".into(),
        lijst.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    col(kolom).is_in(lit(s).implode(false), false)
}

pub(crate) fn soorten(perioden: &[Periode]) -> Vec<PeriodeSoort> {
    PeriodeSoort::ALLE
        .into_iter()
        .filter(|s| perioden.iter().any(|p| p.soort() == *s))
        .collect()
}

/// Runs `plan` for every period kind and level and stacks the results. Each part is
/// collected before the next one runs: the parts explode trajecten per active period, and
/// side by side (one `concat`) those explosions were in memory at the same time — the peak
/// of the whole ingest at 10× Twente scale (BENCHMARKS.md). The results are small.
fn voor_alle(
    perioden: &[Periode],
    niveaus: &[Niveau],
    plan: impl Fn(PeriodeSoort, Niveau) -> PolarsResult<LazyFrame>,
) -> PolarsResult<LazyFrame> {
    let delen = soorten(perioden).into_iter().flat_map(|soort| {
        niveaus
            .iter()
            .filter(move |n| n.berekend_voor(soort))
            .map(move |n| (soort, *n))
    });
    match onder_elkaar(delen.map(|(soort, n)| plan(soort, n)?.collect()))? {
        Some(u) => Ok(u.lazy()),
        None => Err(PolarsError::ComputeError(
            "geen perioden om indicatoren voor te berekenen".into(),
        )),
    }
}

fn per_code(lf: LazyFrame, niveau: Niveau) -> LazyFrame {
    // Declarations without a known allocation have no provider: they count for the region
    // and the gemeente, not for an unnamed provider.
    lf.with_column(niveau.code().alias("code"))
        .filter(col("code").is_not_null())
}

/// A euro amount in whole cents, to sum exactly: a float sum depends on the order of the
/// rows, and the same release must always give the same figures.
fn cent_bedrag() -> Expr {
    ((col("bedrag") * lit(100.0)).round(0, RoundMode::HalfAwayFromZero)).cast(DataType::Int64)
}

fn groep(lf: LazyFrame, niveau: Niveau, agg: Vec<Expr>) -> LazyFrame {
    per_code(lf, niveau)
        .group_by([col("periode"), col("code")])
        .agg(agg)
}

fn pct(teller: Expr, noemer: Expr) -> Expr {
    when(noemer.clone().gt(lit(0)))
        .then(lit(100.0) * teller.cast(DataType::Float64) / noemer.cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

const REGIO_GEMEENTE: [Niveau; 2] = [Niveau::Regio, Niveau::Gemeente];

/// The unit-level frame of an indicator that is counted per traject: one row per unit (a
/// traject in a period of kind `soort`) that the indicator's plan counts, with the columns
/// of the trajecten, the period columns of [`op_datum`] and the unit's own outcome columns.
/// The plans below aggregate exactly these rows; `standaardisatie` reuses them, so the
/// provider comparison counts the same units as the published figures. `Niveau` matters
/// only where the definition depends on the scope (`herhaald_beroep_aandeel`).
pub type EenhedenPlan = fn(&Bronnen, PeriodeSoort, &[Periode], Niveau) -> PolarsResult<LazyFrame>;

/// Trajecten started in a period of kind `soort`.
fn gestart(b: &Bronnen, soort: PeriodeSoort, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    op_datum(b.trajecten.clone(), "startdatum", soort, perioden)
}

/// Trajecten ended in a period of kind `soort`.
fn beeindigd(b: &Bronnen, soort: PeriodeSoort, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    op_datum(b.trajecten.clone(), "einddatum", soort, perioden)
}

/// Units of `crisis_start_aandeel`: started trajecten; the teller counts `crisis`.
pub fn crisis_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    _: Niveau,
) -> PolarsResult<LazyFrame> {
    gestart(b, soort, perioden)
}

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

/// Units of `volgens_plan_aandeel`: ended trajecten; `_volgens_plan` is reden 31.
pub fn volgens_plan_eenheden(
    b: &Bronnen,
    soort: PeriodeSoort,
    perioden: &[Periode],
    _: Niveau,
) -> PolarsResult<LazyFrame> {
    Ok(beeindigd(b, soort, perioden)?.with_column(
        col("reden_beeindiging")
            .eq(lit("31"))
            .fill_null(lit(false))
            .alias("_volgens_plan"),
    ))
}

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

/// Residents of an age class per code (`regio` or gemeente) and year: `code`, `_jaar`, `noemer`.
fn bevolking(b: &LazyFrame, klasse: &str, niveau: Niveau) -> LazyFrame {
    let basis = b.clone().filter(col("leeftijd").eq(lit(klasse))).select([
        col("gemeente"),
        col("jaar").alias("_jaar"),
        col("aantal"),
    ]);
    match niveau {
        Niveau::Regio => basis
            .group_by([col("_jaar")])
            .agg([col("aantal").sum().alias("noemer")])
            .with_column(lit("regio").alias("code")),
        _ => basis.select([
            col("gemeente").alias("code"),
            col("_jaar"),
            col("aantal").alias("noemer"),
        ]),
    }
}

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
                deel("met_verblijf", in_lijst("hulpvorm", &MET_VERBLIJF)),
                deel("zonder_verblijf", in_lijst("hulpvorm", &ZONDER_VERBLIJF)),
                lang(instroom, "crisis_instroom", n, lit("totaal")),
            ],
            UnionArgs::default(),
        )
    })
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

/// `gezinsgericht_aandeel` (hulpvorm 12) and `gezinsvormen_aandeel` (11 and 12): distinct
/// clients with such an active traject ÷ distinct clients with an active verblijf traject.
pub fn gezinsgericht(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let verblijf = actief(
            b.trajecten
                .clone()
                .filter(in_lijst("hulpvorm", &MET_VERBLIJF)),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?;
        let mut delen = Vec::new();
        for (id, vormen) in [
            ("gezinsgericht_aandeel", &["12"][..]),
            ("gezinsvormen_aandeel", &["11", "12"][..]),
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
            in_lijst("hulpvorm", &MET_VERBLIJF)
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

/// `volgens_plan_aandeel`: ended trajecten with reden 31 (volgens plan) ÷ all ended.
pub fn volgens_plan(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let lf = groep(
            volgens_plan_eenheden(b, soort, perioden, n)?,
            n,
            vec![
                col("_volgens_plan")
                    .cast(DataType::UInt32)
                    .sum()
                    .alias("teller"),
                len().alias("noemer"),
            ],
        )
        .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        Ok(lang(lf, "volgens_plan_aandeel", n, lit("totaal")))
    })
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

/// Product categories of measures, not jeugdhulp: 47 jeugdreclassering, 48 jeugdbescherming.
const MAATREGEL_CATEGORIEEN: [&str; 2] = ["47", "48"];

/// The segments of the Prioritaire Agenda's combined target ("wonen en verblijf samen, nog
/// niet financieel te scheiden"): the split `segment_wonen_verblijf` of `kosten` and
/// `jeugdhulp_clienten`.
pub const WONEN_VERBLIJF: [&str; 2] = ["wonen", "verblijf"];

/// The periods of `perioden` whose every month has at least one declaration (`maanden`: the
/// months, `jjjj-mm`, that have one). Growth compares only such periods: a year before the
/// deliveries began, with a handful of late declarations in it, is not a base.
pub fn gedekte_perioden(
    perioden: &[Periode],
    maanden: &std::collections::HashSet<String>,
) -> Vec<Periode> {
    perioden
        .iter()
        .copied()
        .filter(|p| p.maanden().all(|m| maanden.contains(&m.to_string())))
        .collect()
}

/// `kosten`: declared amounts per period (by the month of care), in total, per segment and
/// for wonen and verblijf together; `basis` = distinct clients behind the amount (the
/// declarations' allocations, gemeente + toewijzingnummer → client).
/// `kosten_groei`: % change against the same period a year earlier, only where both periods
/// lie in the data window and every month of both has declarations; `basis` = the smaller
/// client count of the two. `kosten_per_client`: declared amounts ÷ the distinct clients with
/// those declarations — in total over jeugdhulp (not categories 47/48), per segment over that
/// segment (so jeugdbescherming and jeugdreclassering have their own figures).
pub fn kosten(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    let toew = b.toewijzingen.clone().select([
        col("gemeente"),
        col("toewijzingnummer"),
        col("segment"),
        col("aanbieder_agb"),
        col("client_id"),
        in_lijst("productcategorie", &MAATREGEL_CATEGORIEEN)
            .not()
            .alias("_jeugdhulp"),
    ]);
    let declaraties = b
        .declaraties
        .clone()
        .join(
            toew,
            [col("gemeente"), col("toewijzingnummer")],
            [col("gemeente"), col("toewijzingnummer")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("segment").fill_null(lit("onbekend")),
            col("client_id").is_not_null().alias("_client"),
            col("_jeugdhulp").fill_null(lit(false)),
        ]);
    let naar_maand = |lf: LazyFrame| {
        lf.with_column(
            (col("periode") + lit("-01"))
                .str()
                .to_date(StrptimeOptions {
                    format: Some("%Y-%m-%d".into()),
                    ..Default::default()
                })
                .alias("_maand"),
        )
        .drop(by_name(["periode"], true, false))
    };
    // Every declaration once, with its allocation's segment and provider, summed in whole
    // cents per (month, gemeente, provider, segment, client known, jeugdhulp). Sums of whole
    // cents are exact and months nest in every period kind, so summing these month sums per
    // period and level gives the same figures as summing the rows themselves — and the 1,2
    // million rows of a Twente year are joined and read once instead of once per period kind
    // and level (that cost half of the whole ingest; BENCHMARKS.md).
    let maandsommen = declaraties
        .clone()
        .group_by([
            col("periode"),
            col("gemeente"),
            col("aanbieder_agb"),
            col("segment"),
            col("_client"),
            col("_jeugdhulp"),
        ])
        .agg([cent_bedrag().sum().alias("_cent")])
        .collect()?;
    let maanden: std::collections::HashSet<String> = maandsommen
        .column("periode")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    let maandsommen = naar_maand(maandsommen.lazy()).collect()?;
    // Distinct clients do not add up: one row per (month, gemeente, provider, segment, client),
    // counted per period and level below.
    let maandclienten = naar_maand(
        declaraties
            .filter(col("_client"))
            .select([
                col("periode"),
                col("gemeente"),
                col("aanbieder_agb"),
                col("segment"),
                col("client_id"),
                col("_jeugdhulp"),
            ])
            .unique_stable_generic(None::<Vec<Expr>>, UniqueKeepStrategy::Any),
    )
    .collect()?;
    let gedekt = gedekte_perioden(perioden, &maanden);
    let groei_perioden: Vec<String> = gedekt
        .iter()
        .filter(|p| gedekt.contains(&p.jaar_eerder()))
        .map(|p| p.to_string())
        .collect();
    let jaar_eerder: DataFrame = df!(
        "periode" => perioden.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "_vorig" => perioden.iter().map(|p| p.jaar_eerder().to_string()).collect::<Vec<_>>(),
    )?;
    let in_tekst = |kolom: &str, lijst: &[String]| {
        col(kolom).is_in(
            lit(Series::new("l".into(), lijst.to_vec())).implode(false),
            false,
        )
    };
    let wonen_verblijf = || in_lijst("segment", &WONEN_VERBLIJF);
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let d = op_datum(maandsommen.clone().lazy(), "_maand", soort, perioden)?;
        let c = op_datum(maandclienten.clone().lazy(), "_maand", soort, perioden)?;
        let sleutel = |extra: &[&str]| {
            let mut k = vec![col("periode"), col("code")];
            k.extend(extra.iter().map(|x| col(*x)));
            k
        };
        let som = |lf: LazyFrame, extra: &[&str], u: Expr| {
            per_code(lf, n)
                .group_by(sleutel(extra))
                .agg([(col("_cent").sum().cast(DataType::Float64) / lit(100.0)).alias("teller")])
                .with_column(u.alias("_u"))
                .select([col("periode"), col("code"), col("_u"), col("teller")])
        };
        let tel = |lf: LazyFrame, extra: &[&str], u: Expr| {
            per_code(lf, n)
                .group_by(sleutel(extra))
                .agg([col("client_id").n_unique().alias("basis")])
                .with_column(u.alias("_u"))
                .select([col("periode"), col("code"), col("_u"), col("basis")])
        };
        let seg_u = || lit("segment_") + col("segment");
        let wv_u = || lit("segment_wonen_verblijf");
        let bedrag = concat(
            [
                som(d.clone(), &[], lit("totaal")),
                som(d.clone(), &["segment"], seg_u()),
                som(d.clone().filter(wonen_verblijf()), &[], wv_u()),
            ],
            UnionArgs::default(),
        )?;
        let clienten = concat(
            [
                tel(c.clone(), &[], lit("totaal")),
                tel(c.clone(), &["segment"], seg_u()),
                tel(c.clone().filter(wonen_verblijf()), &[], wv_u()),
            ],
            UnionArgs::default(),
        )?;
        let sleutel_u = [col("periode"), col("code"), col("_u")];
        // An amount without any known client behind it (declarations without a known
        // allocation) has basis 0 and is never published.
        let alles = bedrag
            .join(
                clienten,
                sleutel_u.clone(),
                sleutel_u.clone(),
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col("basis").fill_null(lit(0)).cast(DataType::Float64));
        let bedragen = alles.clone().with_columns([
            lit(NULL).cast(DataType::Float64).alias("noemer"),
            col("teller").alias("waarde"),
        ]);
        let vorig = alles.clone().select([
            col("periode").alias("_vorig"),
            col("code"),
            col("_u"),
            col("teller").alias("noemer"),
            col("basis").alias("_basis_vorig"),
        ]);
        let groei = alles
            .filter(in_tekst("periode", &groei_perioden))
            .join(
                jaar_eerder.clone().lazy(),
                [col("periode")],
                [col("periode")],
                JoinArgs::new(JoinType::Left),
            )
            .join(
                vorig,
                [col("_vorig"), col("code"), col("_u")],
                [col("_vorig"), col("code"), col("_u")],
                JoinArgs::new(JoinType::Inner),
            )
            .with_columns([
                (col("teller") - col("noemer")).alias("teller"),
                when(col("basis").lt_eq(col("_basis_vorig")))
                    .then(col("basis"))
                    .otherwise(col("_basis_vorig"))
                    .alias("basis"),
            ])
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        // Cost per client: the same clients above and below the line.
        let per_client = concat(
            [
                som(
                    d.clone().filter(col("_client").and(col("_jeugdhulp"))),
                    &[],
                    lit("totaal"),
                ),
                som(d.filter(col("_client")), &["segment"], seg_u()),
            ],
            UnionArgs::default(),
        )?
        .join(
            concat(
                [
                    tel(c.clone().filter(col("_jeugdhulp")), &[], lit("totaal")),
                    tel(c, &["segment"], seg_u()),
                ],
                UnionArgs::default(),
            )?
            .rename(["basis"], ["noemer"], true),
            sleutel_u.clone(),
            sleutel_u,
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("teller") / col("noemer").cast(DataType::Float64)).alias("waarde"));
        concat(
            [
                lang_met_basis(bedragen, "kosten", n, col("_u"), col("basis")),
                lang_met_basis(groei, "kosten_groei", n, col("_u"), col("basis")),
                lang_met_basis(per_client, "kosten_per_client", n, col("_u"), col("noemer")),
            ],
            UnionArgs::default(),
        )
    })
}

/// `vt_meldingen_per_100k` and `vt_hermelding_aandeel` (CBS: the household has another
/// casus closed strictly before the melding; `12m`: closed at most 12 months before). A
/// melding that is not the first of its own casus is a vervolgmelding, never a hermelding.
pub fn veilig_thuis(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    // A casus is closed on the latest closing date its meldingen carry.
    let casussen = b
        .veilig_thuis
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
    let eersten = b
        .veilig_thuis
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
    let vlaggen = b
        .veilig_thuis
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
        ]);
    let vt = b.veilig_thuis.clone().join(
        vlaggen,
        [col("melding_id")],
        [col("melding_id")],
        JoinArgs::new(JoinType::Left),
    );
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

#[cfg(test)]
mod tests {
    //! Every plan on a tiny hand-made input; every expected teller/noemer/waarde is worked
    //! out by hand in the comment next to it. Periods: 2024 (1 Jan–31 Dec), 2024-Q1
    //! (1 Jan–31 Mar) and 2024-Q2 (1 Apr–30 Jun); 2024 is a leap year.
    use std::collections::HashMap;

    use chrono::NaiveDate;
    use model::Periode;
    use polars::prelude::*;

    use super::*;
    use crate::indicatoren::{KOLOMMEN, perioden};

    const GM_A: &str = "GM0153";
    const GM_B: &str = "GM0164";
    const A: &str = "11111111";
    const B: &str = "22222222";

    /// (indicator, periode, niveau, code, uitsplitsing)
    type Sleutel = (String, String, String, String, String);
    /// [teller, noemer, waarde]
    type Rij = [Option<f64>; 3];

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap()
    }

    fn perioden_2024() -> Vec<Periode> {
        vec![
            Periode::Jaar(2024),
            Periode::Kwartaal(2024, 1),
            Periode::Kwartaal(2024, 2),
        ]
    }

    /// Day numbers (since 1970-01-01) for `df!`; cast to Date by `datums`.
    fn dagen(v: &[Option<NaiveDate>]) -> Vec<Option<i32>> {
        v.iter().map(|d| d.map(perioden::dag)).collect()
    }

    fn datums(df: DataFrame, kolommen: &[&str]) -> LazyFrame {
        df.lazy().with_columns(
            kolommen
                .iter()
                .map(|k| col(*k).cast(DataType::Date))
                .collect::<Vec<_>>(),
        )
    }

    /// One merged traject; `t(..)` gives the defaults, struct update syntax the rest.
    #[derive(Clone)]
    struct T {
        gemeente: &'static str,
        client: &'static str,
        agb: &'static str,
        hulpvorm: &'static str,
        segment: &'static str,
        crisis: bool,
        verwijzer: Option<&'static str>,
        aanvraag: Option<NaiveDate>,
        geboren: Option<NaiveDate>,
        start: NaiveDate,
        einde: Option<NaiveDate>,
        reden: Option<&'static str>,
    }

    fn t(
        gemeente: &'static str,
        client: &'static str,
        agb: &'static str,
        hulpvorm: &'static str,
        start: NaiveDate,
        einde: Option<NaiveDate>,
    ) -> T {
        T {
            gemeente,
            client,
            agb,
            hulpvorm,
            segment: "ambulant",
            crisis: false,
            verwijzer: Some("01"),
            aanvraag: None,
            geboren: Some(d(2014, 6, 1)),
            start,
            einde,
            reden: None,
        }
    }

    fn trajecten(rijen: &[T]) -> LazyFrame {
        let s = |f: fn(&T) -> &'static str| rijen.iter().map(f).collect::<Vec<_>>();
        let o = |f: fn(&T) -> Option<&'static str>| rijen.iter().map(f).collect::<Vec<_>>();
        let dt = |f: fn(&T) -> Option<NaiveDate>| dagen(&rijen.iter().map(f).collect::<Vec<_>>());
        let df = df!(
            "gemeente" => s(|r| r.gemeente),
            "client_id" => s(|r| r.client),
            "aanbieder_agb" => s(|r| r.agb),
            "aanbieder_naam" => s(|r| if r.agb == A { "Aanbieder A" } else { "Aanbieder B" }),
            "hulpvorm" => s(|r| r.hulpvorm),
            "segment" => s(|r| r.segment),
            "productcategorie" => s(|_| "45"),
            "productcode" => s(|_| "45A01"),
            "crisis" => rijen.iter().map(|r| r.crisis).collect::<Vec<_>>(),
            "verwijzer" => o(|r| r.verwijzer),
            "aanvraagdatum" => dt(|r| r.aanvraag),
            "geboortedatum" => dt(|r| r.geboren),
            "startdatum" => dt(|r| Some(r.start)),
            "einddatum" => dt(|r| r.einde),
            "reden_beeindiging" => o(|r| r.reden),
        )
        .unwrap();
        datums(
            df,
            &["aanvraagdatum", "geboortedatum", "startdatum", "einddatum"],
        )
    }

    /// (gemeente, jaar, leeftijd, aantal)
    fn bevolking(rijen: &[(&str, i64, &str, i64)]) -> LazyFrame {
        df!(
            "gemeente" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "jaar" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "leeftijd" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "aantal" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap()
        .lazy()
    }

    /// Sources with only the trajecten filled in; tests override the other fields.
    fn bronnen(tr: &[T]) -> Bronnen {
        Bronnen {
            trajecten: trajecten(tr),
            toewijzingen: DataFrame::default().lazy(),
            declaraties: DataFrame::default().lazy(),
            maatregelen: DataFrame::default().lazy(),
            veilig_thuis: DataFrame::default().lazy(),
            bevolking: bevolking(&[]),
        }
    }

    /// Collects the result, checks the long format (columns, one row per key) and maps it.
    fn uitkomst(lf: PolarsResult<LazyFrame>) -> HashMap<Sleutel, Rij> {
        let df = lf.unwrap().collect().unwrap();
        let namen: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(namen, KOLOMMEN);
        let tekst = |k: &str| -> Vec<String> {
            df.column(k)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|s| s.unwrap_or("<null>").to_string())
                .collect()
        };
        let getal =
            |k: &str| -> Vec<Option<f64>> { df.column(k).unwrap().f64().unwrap().iter().collect() };
        let (ind, per, niv, code, uits) = (
            tekst("indicator"),
            tekst("periode"),
            tekst("niveau"),
            tekst("code"),
            tekst("uitsplitsing"),
        );
        let (teller, noemer, waarde) = (getal("teller"), getal("noemer"), getal("waarde"));
        let mut m = HashMap::new();
        for i in 0..df.height() {
            let k = (
                ind[i].clone(),
                per[i].clone(),
                niv[i].clone(),
                code[i].clone(),
                uits[i].clone(),
            );
            let dubbel = m.insert(k.clone(), [teller[i], noemer[i], waarde[i]]);
            assert!(dubbel.is_none(), "dubbele rij {k:?}");
        }
        m
    }

    /// The row (indicator, periode, niveau, code, uitsplitsing); panics when absent.
    fn rij(m: &HashMap<Sleutel, Rij>, ind: &str, per: &str, niv: &str, code: &str, u: &str) -> Rij {
        let k = (
            ind.to_string(),
            per.to_string(),
            niv.to_string(),
            code.to_string(),
            u.to_string(),
        );
        match m.get(&k) {
            Some(r) => *r,
            None => {
                let mut sleutels: Vec<_> = m.keys().collect();
                sleutels.sort();
                panic!("geen rij {k:?}; wel: {sleutels:#?}")
            }
        }
    }

    fn geen_rij(m: &HashMap<Sleutel, Rij>, ind: &str, per: &str, niv: &str, code: &str, u: &str) {
        let k = (
            ind.to_string(),
            per.to_string(),
            niv.to_string(),
            code.to_string(),
            u.to_string(),
        );
        assert!(!m.contains_key(&k), "onverwachte rij {k:?}: {:?}", m[&k]);
    }

    /// Asserts one row: `verwacht` is [teller, noemer, waarde].
    #[track_caller]
    fn is(
        m: &HashMap<Sleutel, Rij>,
        (ind, per, niv, code, u): (&str, &str, &str, &str, &str),
        verwacht: Rij,
    ) {
        let gevonden = rij(m, ind, per, niv, code, u);
        for (i, naam) in ["teller", "noemer", "waarde"].iter().enumerate() {
            match (gevonden[i], verwacht[i]) {
                (None, None) => {}
                (Some(g), Some(v)) if (g - v).abs() <= 1e-9 * v.abs().max(1.0) => {}
                _ => panic!(
                    "{ind} {per} {niv} {code} {u}: {naam} {:?}, verwacht {:?} (rij {gevonden:?})",
                    gevonden[i], verwacht[i]
                ),
            }
        }
    }

    /// [teller, noemer, waarde] with all three present.
    fn r(teller: f64, noemer: f64, waarde: f64) -> Rij {
        [Some(teller), Some(noemer), Some(waarde)]
    }

    /// A count: teller = waarde, no noemer.
    fn aantal(w: f64) -> Rij {
        [Some(w), None, Some(w)]
    }

    /// A median or percentile: no teller, noemer = number of values.
    fn midden(noemer: f64, waarde: f64) -> Rij {
        [None, Some(noemer), Some(waarde)]
    }

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
            bevolking: bevolking(&[
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

    /// (gemeente, client, geboren, soort, start, einde)
    type Maatregel = (
        &'static str,
        &'static str,
        NaiveDate,
        &'static str,
        NaiveDate,
        Option<NaiveDate>,
    );
    /// (melding, casus, huishouden, gemeente, meldingsdatum, casus_afgesloten)
    type Melding = (
        &'static str,
        &'static str,
        &'static str,
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
            bevolking: bevolking(&[
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

    #[test]
    fn volgens_plan_beeindigd() {
        let reden = |reden: Option<&'static str>, tr: T| T { reden, ..tr };
        let tr = [
            reden(
                Some("31"),
                t(GM_A, "e1", A, "02", d(2024, 1, 1), Some(d(2024, 2, 10))),
            ),
            reden(
                Some("32"),
                t(GM_A, "e2", A, "02", d(2024, 1, 1), Some(d(2024, 3, 31))),
            ),
            // No reden: counts in the noemer.
            reden(
                None,
                t(GM_A, "e3", B, "02", d(2024, 1, 1), Some(d(2024, 5, 5))),
            ),
            reden(
                Some("31"),
                t(GM_B, "e4", B, "02", d(2024, 1, 1), Some(d(2024, 6, 30))),
            ),
            // Ongoing, or ended before 2024: not counted.
            reden(None, t(GM_B, "e5", A, "02", d(2024, 1, 1), None)),
            reden(
                Some("31"),
                t(GM_B, "e6", A, "02", d(2023, 1, 1), Some(d(2023, 12, 31))),
            ),
        ];
        let m = uitkomst(volgens_plan(&bronnen(&tr), &perioden_2024()));
        let k = |per, niv, code| ("volgens_plan_aandeel", per, niv, code, "totaal");
        // regio 2024: ended e1(31), e2(32), e3(-), e4(31) → 2/4 = 50 %
        is(&m, k("2024", "regio", "regio"), r(2.0, 4.0, 50.0));
        // GM_A: e1, e2, e3 → 1/3; GM_B: e4 → 1/1
        is(&m, k("2024", "gemeente", GM_A), r(1.0, 3.0, 100.0 / 3.0));
        is(&m, k("2024", "gemeente", GM_B), r(1.0, 1.0, 100.0));
        // A: e1, e2 → 1/2; B: e3, e4 → 1/2
        is(&m, k("2024", "aanbieder", A), r(1.0, 2.0, 50.0));
        is(&m, k("2024", "aanbieder", B), r(1.0, 2.0, 50.0));
        // Q1: e1, e2 → 1/2; Q2: e3, e4 → 1/2
        is(&m, k("2024-Q1", "regio", "regio"), r(1.0, 2.0, 50.0));
        is(&m, k("2024-Q2", "regio", "regio"), r(1.0, 2.0, 50.0));
    }

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

    /// The `basis` column of a plan's result, per row key.
    fn basissen(lf: LazyFrame) -> HashMap<Sleutel, Option<f64>> {
        let df = lf.collect().unwrap();
        let tekst = |k: &str| -> Vec<String> {
            df.column(k)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|s| s.unwrap_or("<null>").to_string())
                .collect()
        };
        let (ind, per, niv, code, uits) = (
            tekst("indicator"),
            tekst("periode"),
            tekst("niveau"),
            tekst("code"),
            tekst("uitsplitsing"),
        );
        let basis: Vec<Option<f64>> = df.column("basis").unwrap().f64().unwrap().iter().collect();
        (0..df.height())
            .map(|i| {
                (
                    (
                        ind[i].clone(),
                        per[i].clone(),
                        niv[i].clone(),
                        code[i].clone(),
                        uits[i].clone(),
                    ),
                    basis[i],
                )
            })
            .collect()
    }

    #[track_caller]
    fn basis_is(
        b: &HashMap<Sleutel, Option<f64>>,
        (ind, per, niv, code, u): (&str, &str, &str, &str, &str),
        verwacht: Option<f64>,
    ) {
        let k = (
            ind.to_string(),
            per.to_string(),
            niv.to_string(),
            code.to_string(),
            u.to_string(),
        );
        assert_eq!(b.get(&k).copied().flatten(), verwacht, "basis van {k:?}");
    }

    #[test]
    fn gedekte_perioden_vragen_elke_maand() {
        // 2022 has only December, 2023 every month: only 2023 and its Q1 are covered.
        let mut maanden: std::collections::HashSet<String> =
            (1..=12).map(|m| format!("2023-{m:02}")).collect();
        maanden.insert("2022-12".into());
        let p = [
            Periode::Jaar(2022),
            Periode::Jaar(2023),
            Periode::Kwartaal(2022, 4),
            Periode::Kwartaal(2023, 1),
            Periode::Maand(2022, 12),
        ];
        assert_eq!(
            gedekte_perioden(&p, &maanden),
            vec![
                Periode::Jaar(2023),
                Periode::Kwartaal(2023, 1),
                Periode::Maand(2022, 12)
            ]
        );
    }

    #[test]
    fn kosten_basis_groei_per_client_en_wonen_verblijf() {
        // Toewijzingen: T01..T12 ambulant (clients c01..c12, GM_A, aanbieder A); T20 verblijf
        // (v1), T21 wonen (w1), T22 wonen (v1), T30 jeugdbescherming, category 48 (j1), all
        // GM_A at B. T99 in GM_B is unknown (no toewijzing).
        let mut tw: Vec<(String, &str, &str, &str, String)> = (1..=12)
            .map(|i| (format!("T{i:02}"), "ambulant", A, "45", format!("c{i:02}")))
            .collect();
        for (n, seg, cat, c) in [
            ("T20", "verblijf", "43", "v1"),
            ("T21", "wonen", "43", "w1"),
            ("T22", "wonen", "43", "v1"),
            ("T30", "jeugdbescherming", "48", "j1"),
        ] {
            tw.push((n.into(), seg, B, cat, c.into()));
        }
        let toewijzingen = df!(
            "gemeente" => tw.iter().map(|_| GM_A).collect::<Vec<_>>(),
            "toewijzingnummer" => tw.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
            "segment" => tw.iter().map(|r| r.1).collect::<Vec<_>>(),
            "aanbieder_agb" => tw.iter().map(|r| r.2).collect::<Vec<_>>(),
            "productcategorie" => tw.iter().map(|r| r.3).collect::<Vec<_>>(),
            "client_id" => tw.iter().map(|r| r.4.clone()).collect::<Vec<_>>(),
        )
        .unwrap()
        .lazy();
        // Declarations: 2022-12 one late one (T01, 100); 2023: T01..T12 every month 100;
        // 2024: T01..T10 every month 90 (c11 and c12 stopped), T20 2024-03 500, T21 2024-03
        // 300, T22 2024-04 200, T30 2024-05 700, T99 (GM_B) 2024-06 50.
        let mut decl: Vec<(&str, String, String, f64)> =
            vec![(GM_A, "T01".into(), "2022-12".into(), 100.0)];
        for m in 1..=12 {
            for i in 1..=12 {
                decl.push((GM_A, format!("T{i:02}"), format!("2023-{m:02}"), 100.0));
            }
            for i in 1..=10 {
                decl.push((GM_A, format!("T{i:02}"), format!("2024-{m:02}"), 90.0));
            }
        }
        for (g, t, m, x) in [
            (GM_A, "T20", "2024-03", 500.0),
            (GM_A, "T21", "2024-03", 300.0),
            (GM_A, "T22", "2024-04", 200.0),
            (GM_A, "T30", "2024-05", 700.0),
            (GM_B, "T99", "2024-06", 50.0),
        ] {
            decl.push((g, t.into(), m.into(), x));
        }
        let declaraties = df!(
            "aanlevering" => decl.iter().map(|_| "2025-03").collect::<Vec<_>>(),
            "gemeente" => decl.iter().map(|r| r.0).collect::<Vec<_>>(),
            "toewijzingnummer" => decl.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
            "periode" => decl.iter().map(|r| r.2.clone()).collect::<Vec<_>>(),
            "bedrag" => decl.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap()
        .lazy();
        let b = Bronnen {
            toewijzingen,
            declaraties,
            ..bronnen(&[])
        };
        let p = [
            Periode::Jaar(2022),
            Periode::Jaar(2023),
            Periode::Jaar(2024),
            Periode::Kwartaal(2023, 1),
            Periode::Kwartaal(2024, 1),
        ];
        let lf = kosten(&b, &p).unwrap();
        let m = uitkomst(Ok(lf.clone()));
        let bs = basissen(lf);
        let k = |per, u| ("kosten", per, "regio", "regio", u);
        let g = |per, u| ("kosten_groei", per, "regio", "regio", u);
        let pc = |per, u| ("kosten_per_client", per, "regio", "regio", u);
        // 2024: 10 × 12 × 90 = 10 800 + 500 + 300 + 200 + 700 + 50 = 12 550; clients behind it
        // {c01..c10, v1, w1, j1} = 13 (T99 has no known client).
        is(&m, k("2024", "totaal"), aantal(12_550.0));
        basis_is(&bs, k("2024", "totaal"), Some(13.0));
        // 2023: 12 × 12 × 100 = 14 400, 12 clients; 2022: the late 100, 1 client.
        is(&m, k("2023", "totaal"), aantal(14_400.0));
        basis_is(&bs, k("2023", "totaal"), Some(12.0));
        is(&m, k("2022", "totaal"), aantal(100.0));
        basis_is(&bs, k("2022", "totaal"), Some(1.0));
        // A falling cost: 2024 − 2023 = 12 550 − 14 400 = −1 850; ÷ 14 400 = −12,847 %;
        // basis = min(13, 12) = 12 (≥ 10: published, whatever the sign of the teller).
        is(
            &m,
            g("2024", "totaal"),
            r(-1_850.0, 14_400.0, -1_850.0 / 144.0),
        );
        basis_is(&bs, g("2024", "totaal"), Some(12.0));
        // ambulant: 10 800 − 14 400 = −3 600 ÷ 14 400 = −25 %; basis min(10, 12) = 10.
        is(
            &m,
            g("2024", "segment_ambulant"),
            r(-3_600.0, 14_400.0, -25.0),
        );
        basis_is(&bs, g("2024", "segment_ambulant"), Some(10.0));
        // 2022 has declarations only in December: not covered, so 2023 has no growth.
        geen_rij(&m, "kosten_groei", "2023", "regio", "regio", "totaal");
        // Q1 2024 = 10 × 3 × 90 + 500 + 300 = 3 500 vs Q1 2023 = 12 × 3 × 100 = 3 600 →
        // −100 ÷ 3 600 = −2,78 %; basis min({c01..c10, v1, w1} = 12, 12) = 12.
        is(
            &m,
            g("2024-Q1", "totaal"),
            r(-100.0, 3_600.0, -100.0 / 36.0),
        );
        basis_is(&bs, g("2024-Q1", "totaal"), Some(12.0));
        // Segments 2024: verblijf 500 {v1}; wonen 300 + 200 = 500 {w1, v1}; wonen and verblijf
        // together 1 000 {v1, w1}; jeugdbescherming 700 {j1}; onbekend 50, no client → 0.
        is(&m, k("2024", "segment_verblijf"), aantal(500.0));
        basis_is(&bs, k("2024", "segment_verblijf"), Some(1.0));
        is(&m, k("2024", "segment_wonen"), aantal(500.0));
        basis_is(&bs, k("2024", "segment_wonen"), Some(2.0));
        is(&m, k("2024", "segment_wonen_verblijf"), aantal(1_000.0));
        basis_is(&bs, k("2024", "segment_wonen_verblijf"), Some(2.0));
        is(&m, k("2024", "segment_jeugdbescherming"), aantal(700.0));
        is(&m, k("2024", "segment_onbekend"), aantal(50.0));
        basis_is(&bs, k("2024", "segment_onbekend"), Some(0.0));
        // verblijf had nothing in 2023: no growth.
        geen_rij(
            &m,
            "kosten_groei",
            "2024",
            "regio",
            "regio",
            "segment_verblijf",
        );
        // Cost per client, the same population above and below the line. Total over
        // jeugdhulp (not category 48, not the unknown T99): 10 800 + 500 + 300 + 200 = 11 800
        // ÷ {c01..c10, v1, w1} = 12 → 983,33; basis = noemer = 12.
        is(&m, pc("2024", "totaal"), r(11_800.0, 12.0, 11_800.0 / 12.0));
        basis_is(&bs, pc("2024", "totaal"), Some(12.0));
        // Per segment: ambulant 10 800 ÷ 10 = 1 080; jeugdbescherming its own 700 ÷ 1.
        is(
            &m,
            pc("2024", "segment_ambulant"),
            r(10_800.0, 10.0, 1_080.0),
        );
        is(
            &m,
            pc("2024", "segment_jeugdbescherming"),
            r(700.0, 1.0, 700.0),
        );
        geen_rij(
            &m,
            "kosten_per_client",
            "2024",
            "regio",
            "regio",
            "segment_onbekend",
        );
        // Gemeente GM_B: the unknown 50 only, basis 0 (never published). Aanbieder A:
        // 10 800 vs 14 400 → −25 %, basis 10. No row without a code.
        is(
            &m,
            ("kosten", "2024", "gemeente", GM_B, "totaal"),
            aantal(50.0),
        );
        basis_is(
            &bs,
            ("kosten", "2024", "gemeente", GM_B, "totaal"),
            Some(0.0),
        );
        is(
            &m,
            ("kosten_groei", "2024", "aanbieder", A, "totaal"),
            r(-3_600.0, 14_400.0, -25.0),
        );
        basis_is(
            &bs,
            ("kosten_groei", "2024", "aanbieder", A, "totaal"),
            Some(10.0),
        );
        assert!(m.keys().all(|k| k.3 != "<null>"), "rij zonder code");
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
            bevolking: bevolking(&[(GM_A, 2024, "totaal", 40_000)]),
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
            bevolking: bevolking(&[
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
