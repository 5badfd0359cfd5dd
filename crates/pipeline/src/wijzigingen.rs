//! The change log of a release against the previous one, per toewijzing (gemeente +
//! toewijzingnummer): new, end date changed, otherwise changed, or removed. New rows that
//! start well before their delivery month are marked retroactive (terugwerkend).

use polars::prelude::*;

const SLEUTEL: [&str; 2] = ["gemeente", "toewijzingnummer"];

fn vingerafdruk(df: &DataFrame) -> PolarsResult<LazyFrame> {
    let inhoud: Vec<Expr> = df
        .get_column_names()
        .iter()
        .filter(|n| !["bron_bestand", "bron_rij", "aanlevering"].contains(&n.as_str()))
        .map(|n| col(n.as_str()).cast(DataType::String).fill_null(lit("∅")))
        .collect();
    Ok(df.clone().lazy().select([
        col("gemeente"),
        col("toewijzingnummer"),
        col("startdatum"),
        col("einddatum"),
        col("aanlevering"),
        concat_str(inhoud, "|", false).alias("_inhoud"),
    ]))
}

pub fn wijzigingen(vorige: Option<&DataFrame>, nu: &DataFrame) -> PolarsResult<DataFrame> {
    let nu_lf = vingerafdruk(nu)?;
    let vorige_lf = match vorige {
        Some(v) => vingerafdruk(v)?,
        None => nu_lf.clone().limit(0),
    };
    let sleutel: Vec<Expr> = SLEUTEL.iter().map(|k| col(*k)).collect();
    // Retroactive: the care started before the month preceding its first delivery.
    let maandnr_start = col("startdatum_nieuw").dt().year().cast(DataType::Int32) * lit(12)
        + col("startdatum_nieuw").dt().month().cast(DataType::Int32);
    let maandnr_aanlevering = col("aanlevering_nieuw")
        .str()
        .slice(lit(0), lit(4))
        .cast(DataType::Int32)
        * lit(12)
        + col("aanlevering_nieuw")
            .str()
            .slice(lit(5), lit(2))
            .cast(DataType::Int32);
    vorige_lf
        .join(
            nu_lf,
            sleutel.clone(),
            sleutel,
            JoinArgs::new(JoinType::Full)
                .with_coalesce(JoinCoalesce::CoalesceColumns)
                .with_suffix(Some("_nieuw".into())),
        )
        .with_column(
            when(col("_inhoud").is_null())
                .then(lit("nieuw"))
                .when(col("_inhoud_nieuw").is_null())
                .then(lit("verwijderd"))
                .when(col("einddatum").eq_missing(col("einddatum_nieuw")).not())
                .then(lit("einddatum gewijzigd"))
                .when(col("_inhoud").neq(col("_inhoud_nieuw")))
                .then(lit("gewijzigd"))
                .otherwise(lit(NULL).cast(DataType::String))
                .alias("soort"),
        )
        .filter(col("soort").is_not_null())
        .with_column(
            col("soort")
                .eq(lit("nieuw"))
                .and(maandnr_start.lt(maandnr_aanlevering - lit(1)))
                .alias("terugwerkend"),
        )
        .select([
            col("gemeente"),
            col("toewijzingnummer"),
            col("soort"),
            coalesce(&[col("startdatum_nieuw"), col("startdatum")]).alias("startdatum"),
            col("einddatum").alias("einddatum_oud"),
            col("einddatum_nieuw"),
            col("aanlevering_nieuw").alias("aanlevering"),
            col("terugwerkend"),
        ])
        .sort(
            ["gemeente", "toewijzingnummer"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()
}
