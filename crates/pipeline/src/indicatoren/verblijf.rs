//! The verblijf flow indicators: `verblijf_stand`, `verblijf_instroom`, `verblijf_doorstroom`
//! and `verblijf_uitstroom` (`totaal`, `naar_ambulant`, `zonder_vervolg`), per period and per
//! level (regio, gemeente, aanbieder), from the merged jeugdhulptrajecten.
//!
//! Verblijfsepisodes are built per scope: regio = per client over all gemeenten, gemeente =
//! per (gemeente, client), aanbieder = per (aanbieder, client), so leaving provider A for B is
//! uitstroom at A and instroom at B. Within a scope a client's verblijf trajecten (hulpvorm
//! 11–14), in order of start, form one episode while the next start ≤ the episode's latest
//! einde so far + 7 days; an open traject keeps the episode open. Einde of a verblijf traject
//! is the first day no longer in verblijf, so a client is in verblijf on day D when an
//! episode has start ≤ D and (no einde or D < einde).
//!
//! Every episode has start ≤ einde (trajecten that end before they start are left out), so
//! `stand(D) = #(start ≤ D) − #(einde ≤ D)` and therefore
//! `stand(previous) + instroom − uitstroom = stand` holds exactly for consecutive periods.
//!
//! Per (level, code, uitsplitsing) and period kind a row is emitted for every period from the
//! first one in which an episode of that scope is active (start ≤ period end and (no einde
//! or einde ≥ period start)) to the end of the series, with explicit zeros where nothing
//! happened: an absent row there would be a known 0, and through the stock–flow identity it
//! would pin a hidden stand (the stand of the last month with an episode follows from the
//! empty months after it). Before the first such period there are no rows (read them as 0:
//! no episode of that scope existed yet).
//!
//! # Per segment
//!
//! Besides `totaal`, stand, instroom, doorstroom and uitstroom are split per purchasing
//! segment of the traject (`uitsplitsing = "segment_<id>"`, the `segment` column of the
//! merged trajecten, as `trajectduur` uses it). Per segment the episodes are built the same
//! way within the same scopes, but only from the verblijf trajecten of that segment: a client
//! moving from segment verblijf to wonen within 7 days is doorstroom in `totaal`, but
//! uitstroom in `segment_verblijf` and instroom in `segment_wonen`. So the identity above holds
//! per segment too, and the segments are not additive against `totaal` (a client can be in two
//! segments in one period, and an episode that spans segments counts once in `totaal`).
//! Trajecten without a segment are in `totaal` only; a segment without verblijf trajecten has
//! no rows. `verblijf_uitstroom` has only its total per segment (no `naar_ambulant` /
//! `zonder_vervolg` per segment). Technically the verblijf trajecten are taken twice, once
//! with `_deel = "totaal"` and once (when they have a segment) with `_deel = "segment_<id>"`,
//! and `_deel` is part of every scope key; the zonder-verblijf trajecten for `naar_ambulant`
//! are matched on (code, client) only, so they are never split by segment.

use model::{Periode, PeriodeSoort};
use polars::prelude::*;

use super::{Niveau, hulpvorm_verblijf, lang, perioden};

/// Day number used for "no einde yet" while taking maxima; far beyond any real date.
pub(crate) const OPEN: i32 = 1_000_000;
/// A next verblijf traject starting at most this many days after the episode's latest einde
/// continues the episode (doorstroom).
pub const AANSLUITING_DAGEN: i32 = 7;
/// Uitstroom counts as `naar_ambulant` when a zonder-verblijf traject is active on some day
/// from einde to einde + this many days (inclusive).
pub const VERVOLG_DAGEN: i32 = 30;

const TOTAAL: &str = "totaal";

/// The verblijf indicators for every period in `perioden` (any mix of kinds) and every level,
/// in the long format (`KOLOMMEN`). Counts: `teller = waarde`, `noemer` empty.
pub fn verblijf(trajecten: LazyFrame, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    let mut soorten: Vec<PeriodeSoort> = PeriodeSoort::ALLE
        .into_iter()
        .filter(|s| perioden.iter().any(|p| p.soort() == *s))
        .collect();
    if soorten.is_empty() {
        // No periods: still build the plan once, so the (empty) result has its schema.
        soorten.push(PeriodeSoort::Jaar);
    }
    let mut delen = Vec::new();
    for niveau in Niveau::ALLE {
        let eigen: Vec<PeriodeSoort> = soorten
            .iter()
            .copied()
            .filter(|s| niveau.berekend_voor(*s))
            .collect();
        if !eigen.is_empty() {
            delen.extend(per_niveau(&trajecten, niveau, &eigen, perioden)?);
        }
    }
    Ok(concat(delen, UnionArgs::default())?.sort(
        ["indicator", "niveau", "code", "periode", "uitsplitsing"],
        SortMultipleOptions::default().with_maintain_order(true),
    ))
}

/// The trajecten with (`verblijf`) or without verblijf at a level: `code` (the scope), `client_id`,
/// `aanbieder_agb`, `hulpvorm`, `segment`, and day numbers `_start` and `_eind` (`OPEN`
/// when lopend).
fn in_scope(trajecten: LazyFrame, niveau: Niveau, verblijf: bool) -> LazyFrame {
    trajecten
        .filter(
            hulpvorm_verblijf(verblijf)
                .and(col("startdatum").is_not_null())
                .and(
                    col("einddatum")
                        .is_null()
                        .or(col("einddatum").gt_eq(col("startdatum"))),
                ),
        )
        .select([
            niveau.code().cast(DataType::String).alias("code"),
            col("client_id"),
            col("aanbieder_agb"),
            col("hulpvorm"),
            col("segment").cast(DataType::String),
            col("startdatum").cast(DataType::Int32).alias("_start"),
            col("einddatum")
                .cast(DataType::Int32)
                .fill_null(lit(OPEN))
                .alias("_eind"),
        ])
        .filter(
            col("code")
                .is_not_null()
                .and(col("client_id").is_not_null()),
        )
}

/// Verblijf trajecten (of [`in_scope`], with a `_deel`) in order of start per (code, `_deel`,
/// client), numbered into episodes (`_episode`); `_eerste` marks the first traject of an
/// episode (the others are doorstroom). The one place of the episode rule.
fn genummerd(per_deel: LazyFrame) -> PolarsResult<LazyFrame> {
    let scope = [col("code"), col("_deel"), col("client_id")];
    Ok(per_deel
        .sort(
            [
                "code",
                "_deel",
                "client_id",
                "_start",
                "_eind",
                "aanbieder_agb",
                "hulpvorm",
            ],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_column(
            col("_eind")
                .cum_max(false)
                .shift(lit(1))
                .over(scope.clone())?
                .alias("_max_tot_nu"),
        )
        .with_column(
            col("_max_tot_nu")
                .is_null()
                .or(col("_start").gt(col("_max_tot_nu") + lit(AANSLUITING_DAGEN)))
                .alias("_eerste"),
        )
        .with_column(
            col("_eerste")
                .cast(DataType::UInt32)
                .cum_sum(false)
                .over(scope)?
                .alias("_episode"),
        ))
}

/// The verblijfsepisodes of the `totaal` split at a level, one row each, by the same rule as
/// the indicators: `code`, `client_id`, `_start` and `_eind` (day numbers; [`OPEN`] while
/// the episode is open) and `hulpvorm`, the verblijfsvorm of its first traject. Used by the
/// verblijf outlook (`verblijfsprognose`).
pub(crate) fn episodes(trajecten: LazyFrame, niveau: Niveau) -> PolarsResult<LazyFrame> {
    let vt = genummerd(in_scope(trajecten, niveau, true).with_column(lit(TOTAAL).alias("_deel")))?;
    Ok(vt
        .group_by([col("code"), col("client_id"), col("_episode")])
        .agg([
            col("_start").min(),
            col("_eind").max(),
            col("hulpvorm")
                .sort_by(
                    [col("_start"), col("hulpvorm")],
                    SortMultipleOptions::default(),
                )
                .first()
                .cast(DataType::String),
        ]))
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
fn per_niveau(
    trajecten: &LazyFrame,
    niveau: Niveau,
    soorten: &[PeriodeSoort],
    perioden: &[Periode],
) -> PolarsResult<Vec<LazyFrame>> {
    // `_deel` is the uitsplitsing: `totaal`, or `segment_<id>` (see the module doc).
    let episode = [col("code"), col("_deel"), col("client_id"), col("_episode")];
    let cel = [col("periode"), col("code"), col("_deel")];
    let links = || JoinArgs::new(JoinType::Left);

    // Verblijf trajecten, once for `totaal` and once for their segment, in order of start,
    // numbered into episodes; `_eerste` marks the first traject of an episode (the others
    // are doorstroom).
    let met_verblijf = in_scope(trajecten.clone(), niveau, true);
    let per_deel = concat(
        [
            met_verblijf.clone().with_column(lit(TOTAAL).alias("_deel")),
            met_verblijf
                .filter(col("segment").is_not_null())
                .with_column((lit("segment_") + col("segment")).alias("_deel")),
        ],
        UnionArgs::default(),
    )?;
    let vt = genummerd(per_deel)?.cache();

    // Episodes: first start, latest einde (none if any traject is open).
    let ep = vt
        .clone()
        .group_by(episode.clone())
        .agg([col("_start").min(), col("_eind").max()])
        .with_columns([
            col("_start").cast(DataType::Date).alias("start"),
            when(col("_eind").eq(lit(OPEN)))
                .then(lit(NULL).cast(DataType::Date))
                .otherwise(col("_eind").cast(DataType::Date))
                .alias("einde"),
        ])
        .cache();

    // Ended episodes (of `totaal` only: the segments have no naar_ambulant split) followed
    // by a zonder-verblijf traject of the client in the same scope, of any segment, that is
    // active on some day from einde to einde + 30: start ≤ einde + 30 and (open or its
    // (inclusive) end ≥ einde).
    let ambulant = in_scope(trajecten.clone(), niveau, false).select([
        col("code"),
        col("client_id"),
        col("_start").alias("_astart"),
        col("_eind").alias("_aeind"),
    ]);
    let client = [col("code"), col("client_id")];
    let met_vervolg = ep
        .clone()
        .filter(
            col("_eind")
                .neq(lit(OPEN))
                .and(col("_deel").eq(lit(TOTAAL))),
        )
        .select([
            col("code"),
            col("_deel"),
            col("client_id"),
            col("_episode"),
            col("_eind"),
        ])
        .join(
            ambulant,
            client.clone(),
            client,
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col("_astart")
                .lt_eq(col("_eind") + lit(VERVOLG_DAGEN))
                .and(col("_aeind").gt_eq(col("_eind"))),
        )
        .group_by(episode.clone())
        .agg([len().alias("_vervolgen")]);
    let uit = ep
        .clone()
        .filter(col("einde").is_not_null())
        .join(met_vervolg, episode.clone(), episode.clone(), links())
        .with_column(col("_vervolgen").is_not_null().alias("_ambulant"));

    let mut tellingen = Vec::new();
    for &soort in soorten {
        // Every (period, code) with an active episode; stand = those still in verblijf on
        // the last day of the period.
        let basis = perioden::actief(
            ep.clone()
                .select([col("code"), col("_deel"), col("start"), col("einde")]),
            "start",
            "einde",
            soort,
            perioden,
        )?
        .group_by(cel.clone())
        .agg([col("einde")
            .is_null()
            .or(col("einde").gt(col("_peinde")))
            .sum()
            .alias("stand")]);
        let instroom = perioden::op_datum(ep.clone(), "start", soort, perioden)?
            .group_by(cel.clone())
            .agg([len().alias("instroom")]);
        let doorstroom = perioden::op_datum(
            vt.clone()
                .filter(col("_eerste").not())
                .with_column(col("_start").cast(DataType::Date).alias("start")),
            "start",
            soort,
            perioden,
        )?
        .group_by(cel.clone())
        .agg([len().alias("doorstroom")]);
        let uitstroom = perioden::op_datum(uit.clone(), "einde", soort, perioden)?
            .group_by(cel.clone())
            .agg([
                len().alias("uitstroom"),
                col("_ambulant").sum().alias("naar_ambulant"),
            ]);
        // Every period of this kind from the first one with an episode of (code, deel) to
        // the end of the series: a row of zeros where no episode is active. Without them an
        // absent row is a known 0 that pins a hidden stand through the stock–flow identity
        // (the stand of the last month with an episode follows from the empty months after it).
        let ptabel = perioden::tabel(perioden, soort)?
            .lazy()
            .select([col("_pi"), col("periode")]);
        let eerste = basis
            .clone()
            .select(cel.clone())
            .join(
                ptabel.clone(),
                [col("periode")],
                [col("periode")],
                JoinArgs::new(JoinType::Inner),
            )
            .group_by([col("code"), col("_deel")])
            .agg([col("_pi").min().alias("_eerste_pi")]);
        let raster = eerste
            .cross_join(ptabel, None)
            .filter(col("_pi").gt_eq(col("_eerste_pi")))
            .select(cel.clone());
        tellingen.push(
            raster
                .join(basis, cel.clone(), cel.clone(), links())
                .join(instroom, cel.clone(), cel.clone(), links())
                .join(doorstroom, cel.clone(), cel.clone(), links())
                .join(uitstroom, cel.clone(), cel.clone(), links()),
        );
    }
    let aantallen = [
        "stand",
        "instroom",
        "doorstroom",
        "uitstroom",
        "naar_ambulant",
    ];
    let tel = concat(tellingen, UnionArgs::default())?
        .with_columns(
            aantallen
                .iter()
                .map(|k| col(*k).cast(DataType::Int64).fill_null(lit(0i64)))
                .collect::<Vec<_>>(),
        )
        .with_column((col("uitstroom") - col("naar_ambulant")).alias("zonder_vervolg"))
        .cache();

    // Stand, instroom, doorstroom and uitstroom for every `_deel`; the naar_ambulant /
    // zonder_vervolg split of uitstroom for `totaal` only.
    let aantal = |kolom: &str| {
        tel.clone().select([
            col("periode"),
            col("code"),
            col("_deel"),
            col(kolom).alias("teller"),
            lit(NULL).alias("noemer"),
            col(kolom).alias("waarde"),
        ])
    };
    let totaal = |kolom: &str| aantal(kolom).filter(col("_deel").eq(lit(TOTAAL)));
    Ok(vec![
        lang(aantal("stand"), "verblijf_stand", niveau, col("_deel")),
        lang(
            aantal("instroom"),
            "verblijf_instroom",
            niveau,
            col("_deel"),
        ),
        lang(
            aantal("doorstroom"),
            "verblijf_doorstroom",
            niveau,
            col("_deel"),
        ),
        lang(
            aantal("uitstroom"),
            "verblijf_uitstroom",
            niveau,
            col("_deel"),
        ),
        lang(
            totaal("naar_ambulant"),
            "verblijf_uitstroom",
            niveau,
            lit("naar_ambulant"),
        ),
        lang(
            totaal("zonder_vervolg"),
            "verblijf_uitstroom",
            niveau,
            lit("zonder_vervolg"),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap, HashSet};
    use std::path::PathBuf;

    use chrono::NaiveDate;
    use model::{Periode, PeriodeSoort, Regio};
    use polars::prelude::*;

    use super::{AANSLUITING_DAGEN, Niveau, OPEN, VERVOLG_DAGEN, verblijf};
    use crate::indicatoren::{KOLOMMEN, perioden};

    const A: &str = "11111111";
    const B: &str = "22222222";
    const GM_E: &str = "GM0153";
    const GM_H: &str = "GM0164";

    /// (gemeente, client, aanbieder, hulpvorm, start, einde)
    type Traject = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        NaiveDate,
        Option<NaiveDate>,
    );
    /// (indicator, periode, niveau, code, uitsplitsing)
    type Sleutel = (String, String, String, String, String);

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap()
    }

    /// Trajecten without a segment (as if the product had none): only `totaal` rows.
    fn frame(rijen: &[Traject]) -> LazyFrame {
        let zonder: Vec<(Traject, Option<&'static str>)> =
            rijen.iter().map(|r| (*r, None)).collect();
        frame_met_segment(&zonder)
    }

    /// Trajecten with their segment.
    fn frame_met_segment(rijen: &[(Traject, Option<&'static str>)]) -> LazyFrame {
        let segment: Vec<Option<&str>> = rijen.iter().map(|r| r.1).collect();
        let rijen: Vec<Traject> = rijen.iter().map(|r| r.0).collect();
        df!(
            "segment" => segment,
            "gemeente" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "client_id" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "aanbieder_agb" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "hulpvorm" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
            "startdatum" => rijen.iter().map(|r| perioden::dag(r.4)).collect::<Vec<_>>(),
            "einddatum" => rijen.iter().map(|r| r.5.map(perioden::dag)).collect::<Vec<_>>(),
        )
        .unwrap()
        .lazy()
        .with_columns([
            col("startdatum").cast(DataType::Date),
            col("einddatum").cast(DataType::Date),
        ])
    }

    /// The result as a map, after checking the long format: the 8 columns, counts with
    /// teller = waarde and no noemer, and one row per key.
    fn als_map(df: &DataFrame) -> HashMap<Sleutel, f64> {
        let namen: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(namen, KOLOMMEN);
        let tekst = |k: &str| -> Vec<String> {
            df.column(k)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|s| s.unwrap().to_string())
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
            assert_eq!(noemer[i], None);
            assert_eq!(teller[i], waarde[i]);
            let w = waarde[i].unwrap();
            assert!(w >= 0.0);
            let k = (
                ind[i].clone(),
                per[i].clone(),
                niv[i].clone(),
                code[i].clone(),
                uits[i].clone(),
            );
            assert!(m.insert(k.clone(), w).is_none(), "dubbele rij {k:?}");
        }
        m
    }

    fn bereken(rijen: &[Traject], ps: &[Periode]) -> HashMap<Sleutel, f64> {
        als_map(&verblijf(frame(rijen), ps).unwrap().collect().unwrap())
    }

    fn bereken_met_segment(
        rijen: &[(Traject, Option<&'static str>)],
        ps: &[Periode],
    ) -> HashMap<Sleutel, f64> {
        als_map(
            &verblijf(frame_met_segment(rijen), ps)
                .unwrap()
                .collect()
                .unwrap(),
        )
    }

    fn jaar2024() -> Vec<Periode> {
        perioden::reeks(d(2024, 1, 1), d(2024, 12, 31))
    }

    fn w(
        m: &HashMap<Sleutel, f64>,
        ind: &str,
        per: &str,
        niv: &str,
        code: &str,
        uits: &str,
    ) -> Option<f64> {
        m.get(&(
            format!("verblijf_{ind}"),
            per.to_string(),
            niv.to_string(),
            code.to_string(),
            uits.to_string(),
        ))
        .copied()
    }

    /// Asserts stand, instroom, doorstroom, uitstroom (totaal, naar_ambulant,
    /// zonder_vervolg) of one (periode, niveau, code): `[stand, in, door, uit, amb, zonder]`.
    fn stroom(m: &HashMap<Sleutel, f64>, per: &str, niv: &str, code: &str, verwacht: [f64; 6]) {
        let gevonden = [
            w(m, "stand", per, niv, code, "totaal"),
            w(m, "instroom", per, niv, code, "totaal"),
            w(m, "doorstroom", per, niv, code, "totaal"),
            w(m, "uitstroom", per, niv, code, "totaal"),
            w(m, "uitstroom", per, niv, code, "naar_ambulant"),
            w(m, "uitstroom", per, niv, code, "zonder_vervolg"),
        ];
        assert_eq!(
            gevonden,
            verwacht.map(Some),
            "{per} {niv} {code}: [stand, in, door, uit, naar_ambulant, zonder_vervolg]"
        );
    }

    /// Asserts stand, instroom, doorstroom and uitstroom of one (periode, niveau, code,
    /// uitsplitsing): `[stand, in, door, uit]`.
    fn stroom_deel(
        m: &HashMap<Sleutel, f64>,
        per: &str,
        niv: &str,
        code: &str,
        uits: &str,
        verwacht: [f64; 4],
    ) {
        let gevonden = [
            w(m, "stand", per, niv, code, uits),
            w(m, "instroom", per, niv, code, uits),
            w(m, "doorstroom", per, niv, code, uits),
            w(m, "uitstroom", per, niv, code, uits),
        ];
        assert_eq!(
            gevonden,
            verwacht.map(Some),
            "{per} {niv} {code} {uits}: [stand, in, door, uit]"
        );
    }

    /// No row at all for this (periode, niveau, code).
    fn geen_rij(m: &HashMap<Sleutel, f64>, per: &str, niv: &str, code: &str) {
        assert!(
            !m.keys().any(|k| k.1 == per && k.2 == niv && k.3 == code),
            "onverwachte rij {per} {niv} {code}"
        );
    }

    /// Checks `stand(p) + instroom(q) − uitstroom(q) = stand(q)` for every (niveau, code),
    /// for `totaal` and for every `segment_*` split present, and every pair of consecutive
    /// periods p, q in `ps` (a missing row is 0), and naar_ambulant + zonder_vervolg =
    /// totaal; returns the number of (niveau, code, uitsplitsing, pair) checked.
    fn controleer_identiteit(m: &HashMap<Sleutel, f64>, ps: &[Periode]) -> usize {
        let set: HashSet<Periode> = ps.iter().copied().collect();
        let codes: HashSet<(String, String)> =
            m.keys().map(|k| (k.2.clone(), k.3.clone())).collect();
        // Only these uitsplitsingen exist: the segments carry no naar_ambulant split.
        for k in m.keys() {
            assert!(
                ["totaal", "naar_ambulant", "zonder_vervolg"].contains(&k.4.as_str())
                    || (k.4.starts_with("segment_") && !k.4.ends_with("segment_")),
                "onverwachte uitsplitsing {k:?}"
            );
            if k.4 == "naar_ambulant" || k.4 == "zonder_vervolg" {
                assert_eq!(k.0, "verblijf_uitstroom", "{k:?}");
            }
        }
        let delen: HashSet<(String, String, String)> = m
            .keys()
            .filter(|k| k.4.starts_with("segment_"))
            .map(|k| (k.2.clone(), k.3.clone(), k.4.clone()))
            .chain(
                codes
                    .iter()
                    .map(|(niv, code)| (niv.clone(), code.clone(), "totaal".to_string())),
            )
            .collect();
        let nul = |ind: &str, per: &str, niv: &str, code: &str, uits: &str| {
            w(m, ind, per, niv, code, uits).unwrap_or(0.0)
        };
        let mut paren = 0;
        for (niv, code) in &codes {
            for p in ps {
                let pl = p.to_string();
                assert_eq!(
                    nul("uitstroom", &pl, niv, code, "naar_ambulant")
                        + nul("uitstroom", &pl, niv, code, "zonder_vervolg"),
                    nul("uitstroom", &pl, niv, code, "totaal"),
                    "uitsplitsing uitstroom {pl} {niv} {code}"
                );
            }
        }
        for (niv, code, deel) in &delen {
            for p in ps {
                if !set.contains(&p.volgende()) {
                    continue;
                }
                // The provider × gemeente level has no months or quarters: nothing to check.
                let n = Niveau::AanbiederGemeente;
                if niv == n.id() && !n.berekend_voor(p.soort()) {
                    continue;
                }
                let (pl, ql) = (p.to_string(), p.volgende().to_string());
                let vorige = nul("stand", &pl, niv, code, deel);
                let instroom = nul("instroom", &ql, niv, code, deel);
                let uitstroom = nul("uitstroom", &ql, niv, code, deel);
                let stand = nul("stand", &ql, niv, code, deel);
                assert_eq!(
                    vorige + instroom - uitstroom,
                    stand,
                    "identiteit {pl}→{ql} {niv} {code} {deel}: {vorige} + {instroom} − {uitstroom}"
                );
                paren += 1;
            }
        }
        paren
    }

    fn overstap() -> Vec<Traject> {
        vec![
            // Provider A until 1 March (first day no longer there), provider B from 5 March:
            // 5-3 ≤ 1-3 + 7 = 8-3, so one episode at regio and gemeente level.
            (GM_E, "c1", A, "14", d(2024, 1, 10), Some(d(2024, 3, 1))),
            (GM_E, "c1", B, "12", d(2024, 3, 5), Some(d(2024, 6, 1))),
        ]
    }

    fn gat() -> Vec<Traject> {
        vec![
            // c2: 9-2 > 1-2 + 7 = 8-2: a second episode, open.
            (GM_E, "c2", A, "11", d(2024, 1, 1), Some(d(2024, 2, 1))),
            (GM_E, "c2", A, "13", d(2024, 2, 9), None),
            // c3: 8-2 ≤ 1-2 + 7 = 8-2: the same episode (doorstroom), ends 15-4.
            (GM_E, "c3", A, "11", d(2024, 1, 1), Some(d(2024, 2, 1))),
            (GM_E, "c3", A, "13", d(2024, 2, 8), Some(d(2024, 4, 15))),
        ]
    }

    fn open() -> Vec<Traject> {
        vec![
            // Open since before the periods; a later traject elsewhere that ends does not
            // end the episode.
            (GM_E, "c4", A, "14", d(2023, 11, 20), None),
            (GM_E, "c4", B, "11", d(2024, 6, 1), Some(d(2024, 7, 1))),
        ]
    }

    fn vervolg() -> Vec<Traject> {
        vec![
            // Verblijf ends 1-3 for all four; 1-3 + 30 = 31-3.
            // c5: ambulant (at B) from 31-3: within 30 days → naar_ambulant (not at A).
            (GM_E, "c5", A, "14", d(2024, 1, 1), Some(d(2024, 3, 1))),
            (GM_E, "c5", B, "02", d(2024, 3, 31), None),
            // c6: ambulant (at A) from 1-4 = einde + 31 → zonder_vervolg.
            (GM_E, "c6", A, "14", d(2024, 1, 1), Some(d(2024, 3, 1))),
            (GM_E, "c6", A, "02", d(2024, 4, 1), Some(d(2024, 6, 30))),
            // c7: ambulant (at A) running during verblijf, last day 1-3 = einde → naar_ambulant.
            (GM_E, "c7", A, "14", d(2024, 1, 1), Some(d(2024, 3, 1))),
            (GM_E, "c7", A, "01", d(2023, 6, 1), Some(d(2024, 3, 1))),
            // c8: ambulant (at A) whose last day is 29-2, the day before einde → zonder_vervolg.
            (GM_E, "c8", A, "14", d(2024, 1, 1), Some(d(2024, 3, 1))),
            (GM_E, "c8", A, "03", d(2023, 6, 1), Some(d(2024, 2, 29))),
        ]
    }

    fn twee_gemeenten() -> Vec<Traject> {
        vec![
            // Moves from Enschede to Hengelo, same provider, 3-5 ≤ 1-5 + 7.
            (GM_E, "c9", A, "14", d(2024, 1, 1), Some(d(2024, 5, 1))),
            (GM_H, "c9", A, "14", d(2024, 5, 3), Some(d(2024, 8, 1))),
        ]
    }

    fn peildatum() -> Vec<Traject> {
        vec![
            // c10 leaves on 31-3 (the last day of March): not in verblijf on 31-3.
            (GM_E, "c10", A, "13", d(2024, 1, 15), Some(d(2024, 3, 31))),
            // c11 leaves on 1-4: still in verblijf on 31-3.
            (GM_E, "c11", A, "13", d(2024, 1, 15), Some(d(2024, 4, 1))),
        ]
    }

    #[test]
    fn overstap_binnen_7_dagen_is_doorstroom_behalve_per_aanbieder() {
        let m = bereken(&overstap(), &jaar2024());
        for (niv, code) in [("regio", "regio"), ("gemeente", GM_E)] {
            // [stand, in, door, uit, naar_ambulant, zonder_vervolg]
            stroom(&m, "2024-01", niv, code, [1., 1., 0., 0., 0., 0.]);
            stroom(&m, "2024-02", niv, code, [1., 0., 0., 0., 0., 0.]);
            // B starts 5-3: doorstroom, no uitstroom at A's end 1-3.
            stroom(&m, "2024-03", niv, code, [1., 0., 1., 0., 0., 0.]);
            // The episode ends 1-6 (B's einde); 30-6 ≥ 1-6, so no longer in verblijf.
            stroom(&m, "2024-06", niv, code, [0., 0., 0., 1., 0., 1.]);
            stroom(&m, "2024-Q1", niv, code, [1., 1., 1., 0., 0., 0.]);
            stroom(&m, "2024", niv, code, [0., 1., 1., 1., 0., 1.]);
            // After the episode: rows of zeros to the end of the series.
            stroom(&m, "2024-07", niv, code, [0.; 6]);
            stroom(&m, "2024-12", niv, code, [0.; 6]);
        }
        // Per provider: uitstroom at A on 1-3 (B's verblijf is not ambulant), instroom at B.
        stroom(&m, "2024-01", "aanbieder", A, [1., 1., 0., 0., 0., 0.]);
        stroom(&m, "2024-02", "aanbieder", A, [1., 0., 0., 0., 0., 0.]);
        stroom(&m, "2024-03", "aanbieder", A, [0., 0., 0., 1., 0., 1.]);
        stroom(&m, "2024-04", "aanbieder", A, [0.; 6]);
        // Before B's first episode: no rows.
        geen_rij(&m, "2024-02", "aanbieder", B);
        stroom(&m, "2024-03", "aanbieder", B, [1., 1., 0., 0., 0., 0.]);
        stroom(&m, "2024-06", "aanbieder", B, [0., 0., 0., 1., 0., 1.]);
        stroom(&m, "2024-Q1", "aanbieder", A, [0., 1., 0., 1., 0., 1.]);
        stroom(&m, "2024-Q1", "aanbieder", B, [1., 1., 0., 0., 0., 0.]);
        // Codes regio, GM0153, A, B (11 months + 3 quarters + 1 half year each), and A|GM0153,
        // B|GM0153 (half years only).
        assert_eq!(controleer_identiteit(&m, &jaar2024()), 4 * (11 + 3 + 1) + 2);
    }

    #[test]
    fn gat_van_8_dagen_is_twee_episodes_7_dagen_een() {
        let m = bereken(&gat(), &jaar2024());
        for (niv, code) in [("regio", "regio"), ("gemeente", GM_E), ("aanbieder", A)] {
            // January: c2 and c3 enter; both leave only on 1-2, so both in verblijf on 31-1.
            stroom(&m, "2024-01", niv, code, [2., 2., 0., 0., 0., 0.]);
            // February: c2's first episode ends 1-2 (uit), its second starts 9-2 (in);
            // c3 continues on 8-2 (door). Stand 28-2 … 29-2: c2 (open) + c3 = 2.
            stroom(&m, "2024-02", niv, code, [2., 1., 1., 1., 0., 1.]);
            // c3 leaves 15-4; c2 stays (open).
            stroom(&m, "2024-04", niv, code, [1., 0., 0., 1., 0., 1.]);
            stroom(&m, "2024-12", niv, code, [1., 0., 0., 0., 0., 0.]);
            // Year: in 3 (c2 twice, c3), uit 2 (c2's first, c3), door 1; 0 + 3 − 2 = 1.
            stroom(&m, "2024", niv, code, [1., 3., 1., 2., 0., 2.]);
        }
        controleer_identiteit(&m, &jaar2024());
    }

    #[test]
    fn open_traject_houdt_de_episode_open() {
        let m = bereken(&open(), &jaar2024());
        for (niv, code) in [("regio", "regio"), ("gemeente", GM_E)] {
            // Started before 2024: a row with stand 1 and no flows.
            stroom(&m, "2024-01", niv, code, [1., 0., 0., 0., 0., 0.]);
            // The traject at B (1-6 … 1-7) lies within the open episode: doorstroom only.
            stroom(&m, "2024-06", niv, code, [1., 0., 1., 0., 0., 0.]);
            stroom(&m, "2024-07", niv, code, [1., 0., 0., 0., 0., 0.]);
            stroom(&m, "2024", niv, code, [1., 0., 1., 0., 0., 0.]);
        }
        stroom(&m, "2024-12", "aanbieder", A, [1., 0., 0., 0., 0., 0.]);
        stroom(&m, "2024-06", "aanbieder", B, [1., 1., 0., 0., 0., 0.]);
        stroom(&m, "2024-07", "aanbieder", B, [0., 0., 0., 1., 0., 1.]);
        stroom(&m, "2024-08", "aanbieder", B, [0.; 6]);
        controleer_identiteit(&m, &jaar2024());
    }

    #[test]
    fn uitstroom_naar_ambulant_binnen_30_dagen() {
        let m = bereken(&vervolg(), &jaar2024());
        // Four leave on 1-3. Regio and gemeente: c5 (ambulant from einde + 30) and c7
        // (ambulant whose last day is einde) go naar_ambulant; c6 (einde + 31) and c8
        // (ambulant ended the day before) have no follow-up: 4 = 2 + 2.
        for (niv, code) in [("regio", "regio"), ("gemeente", GM_E)] {
            stroom(&m, "2024-03", niv, code, [0., 0., 0., 4., 2., 2.]);
            stroom(&m, "2024-Q1", niv, code, [0., 4., 0., 4., 2., 2.]);
        }
        // At provider A only c7's follow-up is A's own (c5's is at B): 4 = 1 + 3.
        stroom(&m, "2024-03", "aanbieder", A, [0., 0., 0., 4., 1., 3.]);
        // B only gave ambulant care: no verblijf rows.
        assert!(!m.keys().any(|k| k.3 == B));
        controleer_identiteit(&m, &jaar2024());
    }

    #[test]
    fn client_in_twee_gemeenten() {
        let m = bereken(&twee_gemeenten(), &jaar2024());
        // Regio and provider A (same provider in both): one episode 1-1 … 1-8, the move on
        // 3-5 is doorstroom.
        for (niv, code) in [("regio", "regio"), ("aanbieder", A)] {
            stroom(&m, "2024-01", niv, code, [1., 1., 0., 0., 0., 0.]);
            stroom(&m, "2024-05", niv, code, [1., 0., 1., 0., 0., 0.]);
            stroom(&m, "2024-08", niv, code, [0., 0., 0., 1., 0., 1.]);
            stroom(&m, "2024", niv, code, [0., 1., 1., 1., 0., 1.]);
        }
        // Each gemeente has its own episode: Enschede 1-1 … 1-5, Hengelo 3-5 … 1-8.
        stroom(&m, "2024-05", "gemeente", GM_E, [0., 0., 0., 1., 0., 1.]);
        stroom(&m, "2024-05", "gemeente", GM_H, [1., 1., 0., 0., 0., 0.]);
        stroom(&m, "2024-08", "gemeente", GM_H, [0., 0., 0., 1., 0., 1.]);
        geen_rij(&m, "2024-04", "gemeente", GM_H);
        stroom(&m, "2024-06", "gemeente", GM_E, [0.; 6]);
        // Distinct clients need not add up: instroom 2024 is 1 + 1 over gemeenten, 1 in regio.
        stroom(&m, "2024", "gemeente", GM_E, [0., 1., 0., 1., 0., 1.]);
        stroom(&m, "2024", "gemeente", GM_H, [0., 1., 0., 1., 0., 1.]);
        controleer_identiteit(&m, &jaar2024());
    }

    #[test]
    fn stand_op_de_laatste_dag() {
        let m = bereken(&peildatum(), &jaar2024());
        for (niv, code) in [("regio", "regio"), ("gemeente", GM_E), ("aanbieder", A)] {
            // 31-3: c10 (einde 31-3) is out, c11 (einde 1-4) is in.
            stroom(&m, "2024-03", niv, code, [1., 0., 0., 1., 0., 1.]);
            stroom(&m, "2024-04", niv, code, [0., 0., 0., 1., 0., 1.]);
            // Q1: 0 + 2 − 1 = 1; Q2: 1 + 0 − 1 = 0.
            stroom(&m, "2024-Q1", niv, code, [1., 2., 0., 1., 0., 1.]);
            stroom(&m, "2024-Q2", niv, code, [0., 0., 0., 1., 0., 1.]);
        }
        controleer_identiteit(&m, &jaar2024());
    }

    fn segmenten() -> Vec<(Traject, Option<&'static str>)> {
        vec![
            // s1 moves from segment verblijf to wonen: 5-3 ≤ 1-3 + 7, so in totaal one
            // episode 1-1 … 1-6 with doorstroom on 5-3; per segment verblijf 1-1 … 1-3 and
            // wonen 5-3 … 1-6. Ambulant (segment ambulant) from 10-6 ≤ 1-6 + 30 follows.
            (
                (GM_E, "s1", A, "14", d(2024, 1, 1), Some(d(2024, 3, 1))),
                Some("verblijf"),
            ),
            (
                (GM_E, "s1", A, "11", d(2024, 3, 5), Some(d(2024, 6, 1))),
                Some("wonen"),
            ),
            (
                (GM_E, "s1", A, "02", d(2024, 6, 10), None),
                Some("ambulant"),
            ),
            // s2: doorstroom within segment verblijf (3-4 ≤ 1-4 + 7), then open.
            (
                (GM_E, "s2", A, "13", d(2024, 2, 1), Some(d(2024, 4, 1))),
                Some("verblijf"),
            ),
            ((GM_E, "s2", A, "14", d(2024, 4, 3), None), Some("verblijf")),
            // s3: no segment: in totaal only.
            (
                (GM_E, "s3", A, "12", d(2024, 5, 1), Some(d(2024, 7, 1))),
                None,
            ),
            // s4: wonen from 1-1 (open) and at the same time verblijf 1-2 … 1-3: in totaal one
            // episode (doorstroom 1-2), in each segment an episode of its own.
            ((GM_E, "s4", A, "11", d(2024, 1, 1), None), Some("wonen")),
            (
                (GM_E, "s4", A, "14", d(2024, 2, 1), Some(d(2024, 3, 1))),
                Some("verblijf"),
            ),
        ]
    }

    #[test]
    fn per_segment_eigen_episodes() {
        let ps = jaar2024();
        let m = bereken_met_segment(&segmenten(), &ps);
        // Everything is in Enschede at provider A, so the three levels agree.
        for (niv, code) in [("regio", "regio"), ("gemeente", GM_E), ("aanbieder", A)] {
            // totaal: episodes s1 1-1 … 1-6 (door 5-3; naar ambulant), s2 1-2 … open
            // (door 3-4), s3 1-5 … 1-7 (zonder vervolg), s4 1-1 … open (door 1-2).
            // [stand, in, door, uit, naar_ambulant, zonder_vervolg]
            stroom(&m, "2024-01", niv, code, [2., 2., 0., 0., 0., 0.]); // s1, s4 in
            stroom(&m, "2024-02", niv, code, [3., 1., 1., 0., 0., 0.]); // s2 in; s4 door
            stroom(&m, "2024-03", niv, code, [3., 0., 1., 0., 0., 0.]); // s1 door
            stroom(&m, "2024-04", niv, code, [3., 0., 1., 0., 0., 0.]); // s2 door
            stroom(&m, "2024-05", niv, code, [4., 1., 0., 0., 0., 0.]); // s3 in
            stroom(&m, "2024-06", niv, code, [3., 0., 0., 1., 1., 0.]); // s1 uit
            stroom(&m, "2024-07", niv, code, [2., 0., 0., 1., 0., 1.]); // s3 uit
            stroom(&m, "2024-12", niv, code, [2., 0., 0., 0., 0., 0.]); // s2, s4
            stroom(&m, "2024-Q1", niv, code, [3., 3., 2., 0., 0., 0.]);
            stroom(&m, "2024", niv, code, [2., 4., 3., 2., 1., 1.]);

            // segment_verblijf: s1 1-1 … 1-3, s2 1-2 … open (door 3-4), s4 1-2 … 1-3.
            // [stand, in, door, uit]
            let v = "segment_verblijf";
            stroom_deel(&m, "2024-01", niv, code, v, [1., 1., 0., 0.]); // s1 in
            stroom_deel(&m, "2024-02", niv, code, v, [3., 2., 0., 0.]); // s2, s4 in
            stroom_deel(&m, "2024-03", niv, code, v, [1., 0., 0., 2.]); // s1, s4 uit
            stroom_deel(&m, "2024-04", niv, code, v, [1., 0., 1., 0.]); // s2 door
            stroom_deel(&m, "2024-12", niv, code, v, [1., 0., 0., 0.]); // s2
            stroom_deel(&m, "2024-Q1", niv, code, v, [1., 3., 0., 2.]);
            stroom_deel(&m, "2024-Q2", niv, code, v, [1., 0., 1., 0.]);
            stroom_deel(&m, "2024", niv, code, v, [1., 3., 1., 2.]); // 0 + 3 − 2 = 1

            // segment_wonen: s4 1-1 … open, s1 5-3 … 1-6 (instroom here, not doorstroom).
            let wo = "segment_wonen";
            stroom_deel(&m, "2024-01", niv, code, wo, [1., 1., 0., 0.]); // s4 in
            stroom_deel(&m, "2024-02", niv, code, wo, [1., 0., 0., 0.]);
            stroom_deel(&m, "2024-03", niv, code, wo, [2., 1., 0., 0.]); // s1 in
            stroom_deel(&m, "2024-05", niv, code, wo, [2., 0., 0., 0.]);
            stroom_deel(&m, "2024-06", niv, code, wo, [1., 0., 0., 1.]); // s1 uit
            stroom_deel(&m, "2024-Q1", niv, code, wo, [2., 2., 0., 0.]);
            stroom_deel(&m, "2024-Q2", niv, code, wo, [1., 0., 0., 1.]);
            stroom_deel(&m, "2024", niv, code, wo, [1., 2., 0., 1.]); // 0 + 2 − 1 = 1

            // Not additive: February's stand is 3 in totaal but 3 + 1 over the segments
            // (s4 is in both); the year's instroom 4 against 3 + 2.
            // No per-segment naar_ambulant / zonder_vervolg, no segment_ambulant (s1's
            // ambulant traject is no verblijf), no segment for s3.
            for uits in [
                "segment_verblijf_naar_ambulant",
                "segment_ambulant",
                "segment_",
            ] {
                assert!(!m.keys().any(|k| k.4 == uits), "{uits}");
            }
        }
        let delen: HashSet<&str> = m.keys().map(|k| k.4.as_str()).collect();
        assert_eq!(
            delen,
            HashSet::from([
                "totaal",
                "naar_ambulant",
                "zonder_vervolg",
                "segment_verblijf",
                "segment_wonen"
            ])
        );
        // 3 (niveau, code) × 3 (totaal and two segments) × (11 + 3 + 1) pairs, and the
        // provider × gemeente code × 3 × its one half-year pair.
        assert_eq!(controleer_identiteit(&m, &ps), 3 * 3 * 15 + 3);
    }

    #[test]
    fn zonder_segment_alleen_totaal() {
        // The same trajecten with no segment at all: totaal unchanged, no segment rows.
        let ps = jaar2024();
        let zonder: Vec<Traject> = segmenten().into_iter().map(|r| r.0).collect();
        let met = bereken_met_segment(&segmenten(), &ps);
        let m = bereken(&zonder, &ps);
        assert!(m.keys().all(|k| !k.4.starts_with("segment_")));
        let totaal_met: HashMap<Sleutel, f64> = met
            .into_iter()
            .filter(|(k, _)| !k.4.starts_with("segment_"))
            .collect();
        assert_eq!(m, totaal_met);
    }

    #[test]
    fn identiteit_over_12_maanden_en_4_kwartalen() {
        let alles: Vec<Traject> = [
            overstap(),
            gat(),
            open(),
            vervolg(),
            twee_gemeenten(),
            peildatum(),
        ]
        .concat();
        let ps = jaar2024();
        let m = bereken(&alles, &ps);
        // Codes: regio, GM0153, GM0164, A, B; pairs per code: 11 months + 3 quarters + 1 half;
        // and A|GM0153, B|GM0153, A|GM0164: the half-year pair only.
        assert_eq!(controleer_identiteit(&m, &ps), 5 * (11 + 3 + 1) + 3);
        // Regio stand at the end of each quarter, by hand:
        // 31-3: c1, c2, c3, c4, c9, c11 = 6 (c5–c8 and c10 left on or before 31-3);
        // 30-6: c2, c4, c9 = 3 (c1 left 1-6, c3 15-4, c11 1-4);
        // 30-9 and 31-12: c2, c4 = 2 (c9 left 1-8).
        for (per, stand) in [
            ("2024-Q1", 6.),
            ("2024-Q2", 3.),
            ("2024-Q3", 2.),
            ("2024-Q4", 2.),
        ] {
            assert_eq!(w(&m, "stand", per, "regio", "regio", "totaal"), Some(stand));
        }
        // Instroom Q1: c1, c2, c3, c5–c8, c9, c10, c11 = 10, c2's second episode (9-2) = 11;
        // uitstroom Q1: c2's first (1-2), c5–c8 (1-3), c10 (31-3) = 6; stand before: c4 = 1.
        // 1 + 11 − 6 = 6.
        assert_eq!(
            w(&m, "instroom", "2024-Q1", "regio", "regio", "totaal"),
            Some(11.)
        );
        assert_eq!(
            w(&m, "uitstroom", "2024-Q1", "regio", "regio", "totaal"),
            Some(6.)
        );
    }

    #[test]
    fn zonder_perioden_leeg_met_kolommen() {
        let df = verblijf(frame(&overstap()), &[])
            .unwrap()
            .collect()
            .unwrap();
        assert_eq!(df.height(), 0);
        als_map(&df);
    }

    /// An independent, row-by-row computation of the same definitions (for the fixture):
    /// the non-zero values per key, for `totaal` (with naar_ambulant / zonder_vervolg) and
    /// per segment (episodes from the verblijf trajecten of that segment only).
    fn referentie(df: &DataFrame, ps: &[Periode]) -> HashMap<Sleutel, f64> {
        let tekst = |k: &str| -> Vec<String> {
            df.column(k)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|s| s.unwrap().to_string())
                .collect()
        };
        let dagen = |k: &str| -> Vec<Option<i32>> {
            df.column(k)
                .unwrap()
                .cast(&DataType::Int32)
                .unwrap()
                .i32()
                .unwrap()
                .iter()
                .collect()
        };
        let (gem, cli, agb, hv) = (
            tekst("gemeente"),
            tekst("client_id"),
            tekst("aanbieder_agb"),
            tekst("hulpvorm"),
        );
        let (start, einde) = (dagen("startdatum"), dagen("einddatum"));
        let segment: Vec<Option<String>> = df
            .column("segment")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|s| s.map(|s| s.to_string()))
            .collect();
        let mut uit: HashMap<Sleutel, f64> = HashMap::new();
        let mut tel = |ind: &str, p: &Periode, niv: &str, code: &str, uits: &str| {
            *uit.entry((
                format!("verblijf_{ind}"),
                p.to_string(),
                niv.to_string(),
                code.to_string(),
                uits.to_string(),
            ))
            .or_insert(0.0) += 1.0;
        };
        for niv in ["regio", "gemeente", "aanbieder", "aanbieder_gemeente"] {
            // (code, client, uitsplitsing) → verblijf (start, eind); (code, client) →
            // ambulant (start, eind).
            let mut verblijven: BTreeMap<(String, String, String), Vec<(i32, i32)>> =
                BTreeMap::new();
            let mut ambulant: BTreeMap<(String, String), Vec<(i32, i32)>> = BTreeMap::new();
            for i in 0..df.height() {
                let code = match niv {
                    "regio" => "regio".to_string(),
                    "gemeente" => gem[i].clone(),
                    "aanbieder" => agb[i].clone(),
                    _ => format!("{}|{}", agb[i], gem[i]),
                };
                let (s, e) = (start[i].unwrap(), einde[i].unwrap_or(OPEN));
                match hv[i].as_str() {
                    "11" | "12" | "13" | "14" => {
                        let mut delen = vec!["totaal".to_string()];
                        delen.extend(segment[i].as_ref().map(|s| format!("segment_{s}")));
                        for deel in delen {
                            verblijven
                                .entry((code.clone(), cli[i].clone(), deel))
                                .or_default()
                                .push((s, e));
                        }
                    }
                    "01" | "02" | "03" | "04" => ambulant
                        .entry((code, cli[i].clone()))
                        .or_default()
                        .push((s, e)),
                    _ => continue,
                }
            }
            for ((code, client, deel), mut trajecten) in verblijven {
                trajecten.sort();
                // Episodes (start, eind) and the starts of doorstroom trajecten.
                let mut episodes: Vec<(i32, i32)> = Vec::new();
                let mut door = Vec::new();
                for (s, e) in trajecten {
                    match episodes.last_mut() {
                        Some(ep) if s <= ep.1 + AANSLUITING_DAGEN => {
                            ep.1 = ep.1.max(e);
                            door.push(s);
                        }
                        _ => episodes.push((s, e)),
                    }
                }
                let amb = ambulant
                    .get(&(code.clone(), client))
                    .cloned()
                    .unwrap_or_default();
                let code = &code;
                // The provider × gemeente level has years and half years only.
                let eigen = ps.iter().filter(|p| {
                    niv != "aanbieder_gemeente"
                        || matches!(p.soort(), PeriodeSoort::Jaar | PeriodeSoort::Halfjaar)
                });
                for p in eigen {
                    let (ps_, pe) = (perioden::dag(p.start()), perioden::dag(p.einde()));
                    let erin = |dag: i32| ps_ <= dag && dag <= pe;
                    for &(s, e) in &episodes {
                        if s <= pe && e > pe {
                            tel("stand", p, niv, code, &deel);
                        }
                        if erin(s) {
                            tel("instroom", p, niv, code, &deel);
                        }
                        if e != OPEN && erin(e) {
                            tel("uitstroom", p, niv, code, &deel);
                            if deel != "totaal" {
                                continue;
                            }
                            let vervolg = amb
                                .iter()
                                .any(|&(a_s, a_e)| a_s <= e + VERVOLG_DAGEN && a_e >= e);
                            let uits = if vervolg {
                                "naar_ambulant"
                            } else {
                                "zonder_vervolg"
                            };
                            tel("uitstroom", p, niv, code, uits);
                        }
                    }
                    for &s in &door {
                        if erin(s) {
                            tel("doorstroom", p, niv, code, &deel);
                        }
                    }
                }
            }
        }
        uit
    }

    #[test]
    fn demo_fixture_identiteit_en_onafhankelijke_telling() {
        let data = tempfile::tempdir().unwrap();
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/twente");
        let r =
            crate::release::ingest(data.path(), &Regio::twente(), &[fixture], &mut |_, _, _| {})
                .unwrap();
        let id = r.release.expect("een release").id;
        let jt = crate::release::lees_tabel(data.path(), &id, "jeugdhulptrajecten").unwrap();
        let ps = perioden::reeks(d(2019, 1, 1), d(2025, 12, 31));
        let m = als_map(&verblijf(jt.clone().lazy(), &ps).unwrap().collect().unwrap());

        let paren = controleer_identiteit(&m, &ps);
        assert!(paren > 1000, "maar {paren} paren gecontroleerd");

        // The same numbers from a plain row-by-row computation (zero rows left out).
        let verwacht = referentie(&jt, &ps);
        let gevonden: HashMap<Sleutel, f64> = m
            .iter()
            .filter(|(_, w)| **w != 0.0)
            .map(|(k, w)| (k.clone(), *w))
            .collect();
        assert!(verwacht.len() > 1000);
        for (k, v) in &verwacht {
            assert_eq!(gevonden.get(k), Some(v), "{k:?}");
        }
        assert_eq!(gevonden.len(), verwacht.len());

        // Some plausibility: the region has clients in verblijf at the end of 2024, also in
        // the segments verblijf and wonen, and every level is present.
        assert!(w(&m, "stand", "2024", "regio", "regio", "totaal").unwrap() > 0.0);
        for seg in ["segment_verblijf", "segment_wonen"] {
            assert!(w(&m, "stand", "2024", "regio", "regio", seg).unwrap() > 0.0);
        }
        for niv in ["regio", "gemeente", "aanbieder", "aanbieder_gemeente"] {
            assert!(m.keys().any(|k| k.2 == niv));
        }
        // Provider × gemeente: years and half years only, codes `<agb>|<gemeente>`.
        for k in m.keys().filter(|k| k.2 == "aanbieder_gemeente") {
            let p = Periode::parse(&k.1).unwrap();
            assert!(
                matches!(p.soort(), PeriodeSoort::Jaar | PeriodeSoort::Halfjaar),
                "{k:?}"
            );
            assert!(k.3.contains('|'), "{k:?}");
        }
    }
}
