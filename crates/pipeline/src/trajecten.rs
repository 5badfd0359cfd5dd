//! Jeugdhulptrajecten per the CBS rule: rows of the same gemeente, client, provider and
//! hulpvorm whose periods overlap or touch (next start ≤ latest end so far + 1 day) are one
//! traject — first start, last end (open if any row is open). Crisis flag, verwijzer and
//! segment are those of the first row; the reden beëindiging that of the row ending last.

use polars::prelude::*;

/// Day number used for "no end yet" while taking maxima; far beyond any real date.
const OPEN: i32 = 1_000_000;

pub fn jeugdhulptrajecten(trajecten: LazyFrame) -> PolarsResult<LazyFrame> {
    let sleutel = ["gemeente", "client_id", "aanbieder_agb", "hulpvorm"];
    let sleutel_expr: Vec<Expr> = sleutel.iter().map(|k| col(*k)).collect();
    let mut volgorde: Vec<PlSmallStr> = sleutel.iter().map(|k| (*k).into()).collect();
    volgorde.push("startdatum".into());
    volgorde.push("toewijzingnummer".into());
    let mut groep = sleutel_expr.clone();
    groep.push(col("_traject"));
    Ok(trajecten
        // Jeugdhulp only: measures (categories 47, 48) come from `maatregelen`.
        .filter(
            col("hulpvorm")
                .is_not_null()
                .and(col("productcategorie").neq(lit("47")))
                .and(col("productcategorie").neq(lit("48"))),
        )
        .sort(
            volgorde,
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_columns([
            col("startdatum").cast(DataType::Int32).alias("_start"),
            col("einddatum")
                .cast(DataType::Int32)
                .fill_null(lit(OPEN))
                .alias("_eind"),
        ])
        .with_column(
            col("_eind")
                .cum_max(false)
                .shift(lit(1))
                .over(sleutel_expr.clone())?
                .alias("_max_tot_nu"),
        )
        .with_column(
            col("_max_tot_nu")
                .is_null()
                .or(col("_start").gt(col("_max_tot_nu") + lit(1)))
                .cast(DataType::UInt32)
                .cum_sum(false)
                .over(sleutel_expr)?
                .alias("_traject"),
        )
        .group_by_stable(groep)
        .agg([
            col("aanbieder_naam").first(),
            col("segment").first(),
            col("productcategorie").first(),
            col("productcode").first(),
            col("crisis").first(),
            col("verwijzer").first(),
            col("aanvraagdatum").first(),
            col("geboortedatum").first(),
            col("startdatum").first(),
            col("_eind").max(),
            col("reden_beeindiging")
                .sort_by(
                    [col("_eind")],
                    SortMultipleOptions::default().with_maintain_order(true),
                )
                .last(),
            len().cast(DataType::UInt32).alias("toewijzingen"),
        ])
        .with_column(
            when(col("_eind").eq(lit(OPEN)))
                .then(lit(NULL).cast(DataType::Date))
                .otherwise(col("_eind").cast(DataType::Date))
                .alias("einddatum"),
        )
        .select([
            col("gemeente"),
            col("client_id"),
            col("aanbieder_agb"),
            col("aanbieder_naam"),
            col("hulpvorm"),
            col("segment"),
            col("productcategorie"),
            col("productcode"),
            col("crisis"),
            col("verwijzer"),
            col("aanvraagdatum"),
            col("geboortedatum"),
            col("startdatum"),
            col("einddatum"),
            col("reden_beeindiging"),
            col("toewijzingen"),
        ]))
}
