//! One plan per indicator, written to read like its definition in INDICATORS.md. Each
//! returns the long format (`KOLOMMEN`) for the requested periods and levels.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::perioden::{actief, leeftijd_expr, op_datum};
use super::{Niveau, lang};

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

fn soorten(perioden: &[Periode]) -> Vec<PeriodeSoort> {
    PeriodeSoort::ALLE
        .into_iter()
        .filter(|s| perioden.iter().any(|p| p.soort() == *s))
        .collect()
}

/// Runs `plan` for every period kind and level and stacks the results.
fn voor_alle(
    perioden: &[Periode],
    niveaus: &[Niveau],
    plan: impl Fn(PeriodeSoort, Niveau) -> PolarsResult<LazyFrame>,
) -> PolarsResult<LazyFrame> {
    let mut delen = Vec::new();
    for soort in soorten(perioden) {
        for n in niveaus {
            delen.push(plan(soort, *n)?);
        }
    }
    concat(delen, UnionArgs::default())
}

fn per_code(lf: LazyFrame, niveau: Niveau) -> LazyFrame {
    lf.with_column(niveau.code().alias("code"))
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
pub fn jeugdhulp_gebruik(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let a = actief(
            b.trajecten.clone(),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?
        .filter(leeftijd_expr("geboortedatum").lt_eq(lit(17)));
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
        Ok(lang(lf, "jeugdhulp_gebruik", n, lit("totaal")))
    })
}

/// `crisis_start_aandeel`: started trajecten with crisis flag ÷ all started, in total and
/// for met/zonder verblijf; `crisis_instroom`: the number of crisis starts (target: −2.5%/yr).
pub fn crisis(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let gestart = op_datum(b.trajecten.clone(), "startdatum", soort, perioden)?;
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
        let instroom = groep(
            gestart.clone().filter(col("crisis")),
            n,
            vec![len().alias("teller")],
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
        let beeindigd = op_datum(b.trajecten.clone(), "einddatum", soort, perioden)?.with_column(
            (col("einddatum").cast(DataType::Int32) - col("startdatum").cast(DataType::Int32))
                .cast(DataType::Float64)
                .alias("_duur"),
        );
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
            lang(lf, "trajectduur", n, uitsplitsing)
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
            delen.push(lang(lf, "trajectduur", n, lit(naam)));
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
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let a = actief(
            b.trajecten.clone(),
            "startdatum",
            "einddatum",
            soort,
            perioden,
        )?;
        let deel = |lf: LazyFrame, naam: String, teller: Expr| {
            let lf = groep(lf, n, vec![teller.alias("teller"), len().alias("noemer")])
                .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
            lang(lf, "verwijzer_aandeel", n, lit(naam))
        };
        let telt = |e: Expr| e.cast(DataType::UInt32).sum();
        let mut delen = vec![
            deel(
                a.clone(),
                "gemeente_gi".into(),
                telt(in_lijst("verwijzer", &["01", "04"])),
            ),
            deel(
                a.clone(),
                "huisarts".into(),
                telt(col("verwijzer").eq(lit("02"))),
            ),
            deel(
                a.clone(),
                "onbekend".into(),
                telt(col("verwijzer").is_null()),
            ),
            deel(
                a.clone().filter(in_lijst("hulpvorm", &MET_VERBLIJF)),
                "verblijf_gemeente_gi".into(),
                telt(in_lijst("verwijzer", &["01", "04"])),
            ),
        ];
        for v in model::Verwijzer::ALLE {
            delen.push(deel(
                a.clone(),
                format!("verwijzer_{}", v.code()),
                telt(col("verwijzer").eq(lit(v.code()))),
            ));
        }
        concat(delen, UnionArgs::default())
    })
}

fn scope_sleutel(n: Niveau) -> Vec<&'static str> {
    match n {
        Niveau::Regio => vec!["client_id"],
        Niveau::Gemeente => vec!["gemeente", "client_id"],
        Niveau::Aanbieder => vec!["aanbieder_agb", "client_id"],
    }
}

/// `herhaald_beroep_aandeel`: started trajecten whose client had, in the same scope, a
/// traject that ended 1 day to 12 months before the start ÷ all started trajecten.
pub fn herhaald_beroep(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let gestart = op_datum(b.trajecten.clone(), "startdatum", soort, perioden)?
            .with_row_index("_sid", None);
        let sleutel: Vec<Expr> = scope_sleutel(n).into_iter().map(col).collect();
        let mut eerder_sel = sleutel.clone();
        eerder_sel.push(col("einddatum").alias("_eerder_einde"));
        let eerder = b
            .trajecten
            .clone()
            .filter(col("einddatum").is_not_null())
            .select(eerder_sel);
        let herhaald =
            gestart
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
                .filter(col("_eerder_einde").lt(col("startdatum")).and(
                    col("_eerder_einde").gt_eq(col("startdatum").dt().offset_by(lit("-12mo"))),
                ))
                .select([col("_sid"), lit(true).alias("_herhaald")])
                .unique(None, UniqueKeepStrategy::First);
        let lf = groep(
            gestart.join(
                herhaald,
                [col("_sid")],
                [col("_sid")],
                JoinArgs::new(JoinType::Left),
            ),
            n,
            vec![
                col("_herhaald")
                    .fill_null(lit(false))
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
        let beeindigd = op_datum(b.trajecten.clone(), "einddatum", soort, perioden)?;
        let lf = groep(
            beeindigd,
            n,
            vec![
                col("reden_beeindiging")
                    .eq(lit("31"))
                    .fill_null(lit(false))
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
        let w = op_datum(b.trajecten.clone(), "startdatum", soort, perioden)?
            .filter(col("aanvraagdatum").is_not_null())
            .with_column(
                (col("startdatum").cast(DataType::Int32)
                    - col("aanvraagdatum").cast(DataType::Int32))
                .cast(DataType::Float64)
                .alias("_wacht"),
            )
            // A request dated after the start is a retroactive allocation, not a wait.
            .filter(col("_wacht").gt_eq(lit(0.0)));
        let gem = |lf: LazyFrame, uitsplitsing: Expr, extra: Vec<Expr>| {
            let mut sleutel = vec![col("periode"), col("code")];
            sleutel.extend(extra);
            let lf = per_code(lf, n)
                .group_by(sleutel)
                .agg([col("_wacht").sum().alias("teller"), len().alias("noemer")])
                .with_column(
                    (col("teller") / col("noemer").cast(DataType::Float64)).alias("waarde"),
                );
            lang(lf, "wachttijd", n, uitsplitsing)
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
                col("_wacht")
                    .lt_eq(lit(42.0))
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
                lang(mediaan, "wachttijd", n, lit("mediaan")),
                lang(binnen, "wachttijd_binnen_6_weken", n, lit("totaal")),
            ],
            UnionArgs::default(),
        )
    })
}

/// `kosten`: declared amounts per period (by the month of care), in total and per segment;
/// `kosten_groei`: % change against the same period a year earlier; `kosten_per_client`:
/// costs ÷ distinct clients with an active traject.
pub fn kosten(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    // Growth needs the same period a year earlier, also when it is not requested itself.
    let mut met_vorig: Vec<Periode> = perioden.to_vec();
    for p in perioden {
        if !met_vorig.contains(&p.jaar_eerder()) {
            met_vorig.push(p.jaar_eerder());
        }
    }
    let toew = b.toewijzingen.clone().select([
        col("gemeente"),
        col("toewijzingnummer"),
        col("segment"),
        col("aanbieder_agb"),
    ]);
    let decl = b
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
            (col("periode") + lit("-01"))
                .str()
                .to_date(StrptimeOptions {
                    format: Some("%Y-%m-%d".into()),
                    ..Default::default()
                })
                .alias("_maand"),
        ])
        .drop(by_name(["periode"], true, false));
    let jaar_eerder: DataFrame = df!(
        "periode" => met_vorig.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "_vorig" => met_vorig.iter().map(|p| p.jaar_eerder().to_string()).collect::<Vec<_>>(),
    )?;
    let gevraagd: Vec<String> = perioden.iter().map(|p| p.to_string()).collect();
    let gevraagd_expr = || {
        col("periode").is_in(
            lit(Series::new("g".into(), gevraagd.clone())).implode(false),
            false,
        )
    };
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let d = op_datum(decl.clone(), "_maand", soort, &met_vorig)?;
        let som = |lf: LazyFrame, extra: Vec<Expr>| {
            let mut sleutel = vec![col("periode"), col("code")];
            sleutel.extend(extra);
            per_code(lf, n)
                .group_by(sleutel)
                .agg([col("bedrag").sum().alias("teller")])
        };
        let totaal = som(d.clone(), vec![]).with_column(lit("totaal").alias("_u"));
        let segment = som(d.clone(), vec![col("segment")])
            .with_column((lit("segment_") + col("segment")).alias("_u"))
            .drop(by_name(["segment"], true, false));
        let alles = concat([totaal, segment], UnionArgs::default())?;
        let bedragen = alles.clone().filter(gevraagd_expr()).with_columns([
            lit(NULL).cast(DataType::Float64).alias("noemer"),
            col("teller").alias("waarde"),
        ]);
        let vorig = alles.clone().select([
            col("periode").alias("_vorig"),
            col("code"),
            col("_u"),
            col("teller").alias("noemer"),
        ]);
        let groei = alles
            .filter(gevraagd_expr())
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
            .with_column((col("teller") - col("noemer")).alias("teller"))
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        let clienten = groep(
            actief(
                b.trajecten.clone(),
                "startdatum",
                "einddatum",
                soort,
                perioden,
            )?,
            n,
            vec![col("client_id").n_unique().alias("noemer")],
        );
        let per_client = som(d, vec![])
            .filter(gevraagd_expr())
            .join(
                clienten,
                [col("periode"), col("code")],
                [col("periode"), col("code")],
                JoinArgs::new(JoinType::Inner),
            )
            .with_column((col("teller") / col("noemer").cast(DataType::Float64)).alias("waarde"));
        concat(
            [
                lang(bedragen, "kosten", n, col("_u")),
                lang(groei, "kosten_groei", n, col("_u")),
                lang(per_client, "kosten_per_client", n, lit("totaal")),
            ],
            UnionArgs::default(),
        )
    })
}

/// `vt_meldingen_per_100k` and `vt_hermelding_aandeel` (CBS: the household has another
/// casus closed strictly before the melding; `12m`: closed at most 12 months before).
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
