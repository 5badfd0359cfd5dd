//! `kosten`, `kosten_groei` and `kosten_per_client`: declared amounts.

use std::collections::{HashMap, HashSet};

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::clienttelling::{self, Codes, Rij, Telling};
use super::*;

/// Product categories of measures, not jeugdhulp: 47 jeugdreclassering, 48 jeugdbescherming.
const MAATREGEL_CATEGORIEEN: [&str; 2] = ["47", "48"];

/// The periods of `perioden` whose every month has at least one declaration (`maanden`: the
/// months, `jjjj-mm`, that have one). Growth compares only such periods: a year before the
/// deliveries began, with a handful of late declarations in it, is not a base.
fn gedekte_perioden(perioden: &[Periode], maanden: &HashSet<String>) -> Vec<Periode> {
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
    // The declarations with their allocation's segment, provider and client, joined once for
    // both the month sums and the client counts.
    let t = std::time::Instant::now();
    let declaraties = declaraties_met_toewijzing(b)
        .select([
            col("periode").cast(DataType::String),
            col("gemeente").cast(DataType::String),
            col("aanbieder_agb").cast(DataType::String),
            col("segment").cast(DataType::String),
            col("_client"),
            col("_jeugdhulp"),
            col("_clientnr"),
            col("bedrag"),
        ])
        .collect()?;
    let (maandsommen, maanden) = maandsommen(declaraties.clone().lazy())?;
    tracing::debug!(duur = ?t.elapsed(), "kosten: declaraties met toewijzing, maandsommen");
    let t = std::time::Instant::now();
    let tellingen = clienttellingen(&declaraties, perioden)?;
    drop(declaraties);
    tracing::debug!(duur = ?t.elapsed(), "kosten: clienttellingen");
    let (groei_perioden, jaar_eerder) = groeibasis(perioden, &maanden)?;
    let groei_perioden: Vec<&str> = groei_perioden.iter().map(String::as_str).collect();
    let wonen_verblijf = || in_lijst("segment", &WONEN_VERBLIJF);
    voor_alle(perioden, &Niveau::ALLE, |soort, n| {
        let d = op_datum(maandsommen.clone().lazy(), "_maand", soort, perioden)?;
        let som = |lf: LazyFrame, extra: &[&str], u: Expr| {
            let mut k = vec![col("periode"), col("code")];
            k.extend(extra.iter().map(|x| col(*x)));
            per_code(lf, n)
                .group_by(k)
                .agg([(col("_cent").sum().cast(DataType::Float64) / lit(100.0)).alias("teller")])
                .with_column(u.alias("_u"))
                .select([col("periode"), col("code"), col("_u"), col("teller")])
        };
        let seg_u = || lit("segment_") + col("segment");
        let bedrag = concat(
            [
                som(d.clone(), &[], lit("totaal")),
                som(d.clone(), &["segment"], seg_u()),
                som(
                    d.clone().filter(wonen_verblijf()),
                    &[],
                    lit("segment_wonen_verblijf"),
                ),
            ],
            UnionArgs::default(),
        )?;
        // Counted once per period kind and level, then joined where needed (small).
        let clienten = tellingen
            .get(&(soort, n))
            .cloned()
            .unwrap_or_else(|| DataFrame::empty_with_schema(&tellingen_schema()))
            .lazy();
        let sleutel_u = [col("periode"), col("code"), col("_u")];
        // An amount without any known client behind it (declarations without a known
        // allocation) has basis 0 and is never published.
        let alles = bedrag
            .join(
                clienten
                    .clone()
                    .select([col("periode"), col("code"), col("_u"), col("basis")]),
                sleutel_u.clone(),
                sleutel_u.clone(),
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col("basis").fill_null(lit(0)).cast(DataType::Float64))
            .collect()?
            .lazy();
        let bedragen = alles.clone().with_columns([
            lit(NULL).cast(DataType::Float64).alias("noemer"),
            col("teller").alias("waarde"),
        ]);
        let groei = groei(alles, &groei_perioden, &jaar_eerder);
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
            clienten
                .clone()
                .select([col("periode"), col("code"), col("_u"), col("noemer")]),
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

/// The columns of [`clienttellingen`]'s frames.
fn tellingen_schema() -> Schema {
    Schema::from_iter([
        Field::new("periode".into(), DataType::String),
        Field::new("code".into(), DataType::String),
        Field::new("_u".into(), DataType::String),
        Field::new("basis".into(), DataType::Float64),
        Field::new("noemer".into(), DataType::Float64),
    ])
}

/// The distinct clients behind the amounts, per (period kind, level): `periode`, `code`,
/// `_u`, `basis` — every client with a declaration in the scope `_u` (`totaal`,
/// `segment_<id>`, `segment_wonen_verblijf`) — and `noemer`, the clients of cost per client
/// (in total: those with a jeugdhulp declaration, not only measures; per segment: the
/// segment's clients; none for wonen and verblijf together). A client counts once per cell
/// however many declarations, months, providers or segments it has there.
///
/// Distinct counts do not add up over months, gemeenten or providers; they are counted by
/// [`clienttelling::tel`] in one pass over the declarations sorted by client, not by a hash
/// group-by per period kind, level and scope (at 10× Twente those group-bys with nearly as
/// many groups as rows were most of the time of this plan; BENCHMARKS.md).
fn clienttellingen(
    declaraties: &DataFrame,
    perioden: &[Periode],
) -> PolarsResult<HashMap<(PeriodeSoort, Niveau), DataFrame>> {
    let mut codes = Codes::new(EERSTE_SEGMENT);
    let mut rijen = declaratierijen(declaraties, &mut codes)?;
    let tellingen = clienttelling::tel(&mut rijen, perioden, &Niveau::ALLE, codes.aantallen());
    drop(rijen);
    tellingen
        .into_iter()
        .map(|(deel, t)| Ok((deel, tellingframe(&t, deel.1, &codes)?)))
        .collect()
}

// The scopes of the client counts: every client (totaal), the clients with jeugdhulp (the
// total's noemer), wonen and verblijf together, then one per segment.
const TOTAAL: u32 = 0;
const JEUGDHULP: u32 = 1;
const WONEN_VERBLIJF_SCOPE: u32 = 2;
const EERSTE_SEGMENT: u32 = 3;

/// One [`Rij`] per declaration of `df` with a known client (`_client`; `periode` `jjjj-mm`,
/// `gemeente`, `aanbieder_agb`, `segment`, `_clientnr`, `_jeugdhulp`).
fn declaratierijen<'a>(df: &'a DataFrame, codes: &mut Codes<'a>) -> PolarsResult<Vec<Rij>> {
    let kolom = |naam: &str| -> PolarsResult<&'a StringChunked> { df.column(naam)?.str() };
    let rijen_in = kolom("periode")?
        .iter()
        .zip(kolom("gemeente")?.iter())
        .zip(kolom("aanbieder_agb")?.iter())
        .zip(kolom("segment")?.iter())
        .zip(df.column("_clientnr")?.u32()?.iter())
        .zip(df.column("_jeugdhulp")?.bool()?.iter())
        .zip(df.column("_client")?.bool()?.iter());
    let mut rijen = Vec::with_capacity(df.height());
    for ((((((m, g), a), seg), c), jh), client) in rijen_in {
        if client != Some(true) {
            continue;
        }
        let m = m.unwrap_or("");
        let Some(maand) = clienttelling::maand_van_tekst(m) else {
            return Err(PolarsError::ComputeError(
                format!("declaratie met onleesbare maand '{m}' (verwacht jjjj-mm)").into(),
            ));
        };
        let (gemeente, aanbieder) = (codes.gemeente(g), codes.aanbieder(a));
        let seg = seg.unwrap_or("onbekend");
        let seg_scope = codes.segment_scope(seg)?;
        let mut scopes = 1u32 << TOTAAL | 1u32 << seg_scope;
        if jh.unwrap_or(false) {
            scopes |= 1 << JEUGDHULP;
        }
        if WONEN_VERBLIJF.contains(&seg) {
            scopes |= 1 << WONEN_VERBLIJF_SCOPE;
        }
        rijen.push(Rij {
            client: c.unwrap_or(0),
            maand_van: maand,
            maand_tot: maand,
            gemeente,
            aanbieder,
            paar: codes.paar(aanbieder, gemeente),
            scopes,
            beperkt: 0,
            beperkt_tot: i32::MAX,
        });
    }
    Ok(rijen)
}

/// The counts of one (period kind, level `n`) as a frame of [`clienttellingen`].
fn tellingframe(t: &[Telling], n: Niveau, codes: &Codes) -> PolarsResult<DataFrame> {
    let jh: HashMap<(Periode, u32), u32> = t
        .iter()
        .filter(|x| x.scope == JEUGDHULP)
        .map(|x| ((x.periode, x.code), x.clienten))
        .collect();
    let (mut periode, mut code, mut u, mut basis, mut noemer) =
        (vec![], vec![], vec![], vec![], vec![]);
    for x in t.iter().filter(|x| x.scope != JEUGDHULP) {
        let (scope_u, scope_noemer) = match x.scope {
            TOTAAL => (
                "totaal".to_string(),
                Some(jh.get(&(x.periode, x.code)).copied().unwrap_or(0) as f64),
            ),
            WONEN_VERBLIJF_SCOPE => ("segment_wonen_verblijf".to_string(), None),
            s => (codes.segment_uitsplitsing(s), Some(x.clienten as f64)),
        };
        periode.push(x.periode.to_string());
        code.push(codes.code(n, x.code));
        u.push(scope_u);
        basis.push(x.clienten as f64);
        noemer.push(scope_noemer);
    }
    df!(
        "periode" => periode,
        "code" => code,
        "_u" => u,
        "basis" => basis,
        "noemer" => noemer,
    )
}

/// Every declaration with its allocation's segment, provider and client: `_client` (the
/// client is known) and `_jeugdhulp` (not a measure, categories 47/48).
fn declaraties_met_toewijzing(b: &Bronnen) -> LazyFrame {
    let toew = b.toewijzingen.clone().select([
        col("gemeente"),
        col("toewijzingnummer"),
        col("segment"),
        col("aanbieder_agb"),
        col("client_id"),
        // A number per client, given on the allocations (far fewer rows than the
        // declarations), so the client counts never hash a pseudonym per declaration.
        col("client_id")
            .rank(
                RankOptions {
                    method: RankMethod::Dense,
                    descending: false,
                },
                None,
            )
            .cast(DataType::UInt32)
            .alias("_clientnr"),
        in_lijst("productcategorie", &MAATREGEL_CATEGORIEEN)
            .not()
            .alias("_jeugdhulp"),
    ]);
    b.declaraties
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
        ])
}

/// The month `jjjj-mm` in `periode` as the date `_maand` (its first day).
fn naar_maand(lf: LazyFrame) -> LazyFrame {
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
}

/// The declared amounts summed in whole cents per (month, gemeente, provider, segment,
/// client known, jeugdhulp) in `_cent`, and the months (`jjjj-mm`) that have a declaration.
fn maandsommen(declaraties: LazyFrame) -> PolarsResult<(DataFrame, HashSet<String>)> {
    // Every declaration once, with its allocation's segment and provider, summed in whole
    // cents per (month, gemeente, provider, segment, client known, jeugdhulp). Sums of whole
    // cents are exact and months nest in every period kind, so summing these month sums per
    // period and level gives the same figures as summing the rows themselves — and the 1,2
    // million rows of a Twente year are joined and read once instead of once per period kind
    // and level (that cost half of the whole ingest; BENCHMARKS.md).
    let maandsommen = declaraties
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
    let maanden: HashSet<String> = maandsommen
        .column("periode")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    Ok((naar_maand(maandsommen.lazy()).collect()?, maanden))
}

/// `kosten_groei` from the amounts of every scope (`alles`: `periode`, `code`, `_u`, `teller`,
/// `basis`): only in `groei_perioden`, against the same scope a year earlier (`jaar_eerder`:
/// `periode` → `_vorig`); `basis` = the smaller client count of the two.
fn groei(alles: LazyFrame, groei_perioden: &[&str], jaar_eerder: &DataFrame) -> LazyFrame {
    let vorig = alles.clone().select([
        col("periode").alias("_vorig"),
        col("code"),
        col("_u"),
        col("teller").alias("noemer"),
        col("basis").alias("_basis_vorig"),
    ]);
    alles
        .filter(in_lijst("periode", groei_perioden))
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
        .with_column(pct(col("teller"), col("noemer")).alias("waarde"))
}

/// The periods with a growth figure (they and the same period a year earlier are covered:
/// [`gedekte_perioden`]), and per period of `perioden` the period a year earlier
/// (`periode` → `_vorig`).
fn groeibasis(
    perioden: &[Periode],
    maanden: &HashSet<String>,
) -> PolarsResult<(Vec<String>, DataFrame)> {
    let gedekt = gedekte_perioden(perioden, maanden);
    let groei_perioden: Vec<String> = gedekt
        .iter()
        .filter(|p| gedekt.contains(&p.jaar_eerder()))
        .map(|p| p.to_string())
        .collect();
    let jaar_eerder: DataFrame = df!(
        "periode" => perioden.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "_vorig" => perioden.iter().map(|p| p.jaar_eerder().to_string()).collect::<Vec<_>>(),
    )?;
    Ok((groei_perioden, jaar_eerder))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::definities::testhulp::*;

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
}
