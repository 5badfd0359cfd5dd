//! Revisions of national values: when a release's `landelijk` holds another value or status
//! for an (indicator, uitsplitsing, periode) than the previous release had — a newer CBS
//! StatLine download revising a figure, or a corrected hand-typed row — the old and the new
//! value are kept, with status, source and the release that brought the change. The table is
//! cumulative: a release carries the revisions of the one before it and adds its own, so the
//! history stays visible after later releases (each release itself never changes).

use polars::prelude::*;

pub const TABEL: &str = "landelijk_herzieningen";

const SLEUTEL: [&str; 3] = ["indicator", "uitsplitsing", "periode"];

fn schema() -> Schema {
    [
        ("indicator", DataType::String),
        ("uitsplitsing", DataType::String),
        ("periode", DataType::String),
        ("oude_waarde", DataType::Float64),
        ("nieuwe_waarde", DataType::Float64),
        ("oude_status", DataType::String),
        ("nieuwe_status", DataType::String),
        ("oude_bron", DataType::String),
        ("nieuwe_bron", DataType::String),
        ("release", DataType::String),
    ]
    .into_iter()
    .map(|(n, t)| Field::new(n.into(), t))
    .collect()
}

/// The revisions up to release `release`: those of the previous release (`eerder`, absent
/// for a first release or one made before this table existed) and the keys whose value or
/// status differs between `vorige` (the previous release's `landelijk`) and `nieuw`.
pub fn herzieningen(
    vorige: Option<&DataFrame>,
    nieuw: &DataFrame,
    eerder: Option<&DataFrame>,
    release: &str,
) -> PolarsResult<DataFrame> {
    let leeg = DataFrame::empty_with_schema(&schema());
    let eerder = eerder.cloned().unwrap_or_else(|| leeg.clone());
    let Some(vorige) = vorige else {
        return Ok(eerder);
    };
    let kies = |df: &DataFrame, voor: &str| -> LazyFrame {
        df.clone().lazy().select([
            col("indicator"),
            col("uitsplitsing"),
            col("periode"),
            col("waarde").alias(format!("{voor}_waarde")),
            col("status").alias(format!("{voor}_status")),
            col("bron").alias(format!("{voor}_bron")),
        ])
    };
    let sleutel: Vec<Expr> = SLEUTEL.iter().map(|k| col(*k)).collect();
    let nieuwe = kies(vorige, "oude")
        .join(
            kies(nieuw, "nieuwe"),
            sleutel.clone(),
            sleutel,
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            (col("oude_waarde") - col("nieuwe_waarde"))
                .abs()
                .gt(lit(1e-9))
                .or(col("oude_status").neq(col("nieuwe_status"))),
        )
        .with_column(lit(release.to_string()).alias("release"))
        .sort(
            SLEUTEL,
            SortMultipleOptions::default().with_maintain_order(true),
        );
    concat(
        [eerder.lazy(), nieuwe.select(schema_kolommen())],
        UnionArgs::default(),
    )?
    .collect()
}

fn schema_kolommen() -> Vec<Expr> {
    schema().iter_names().map(|n| col(n.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn landelijk(rijen: &[(&str, f64, &str, &str)]) -> DataFrame {
        df! {
            "indicator" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
            "uitsplitsing" => rijen.iter().map(|_| "totaal").collect::<Vec<_>>(),
            "periode" => rijen.iter().map(|_| "2023").collect::<Vec<_>>(),
            "waarde" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
            "bron" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
            "status" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
        }
        .unwrap()
    }

    #[test]
    fn herziening_oud_naar_nieuw_en_blijft_staan() {
        let v = landelijk(&[
            (
                "jeugdhulp_gebruik",
                13.9,
                "CBS StatLine 85098NED (a)",
                "nader voorlopig",
            ),
            (
                "jeugdbescherming_aandeel",
                1.1,
                "CBS StatLine 85098NED (b)",
                "definitief",
            ),
        ]);
        let n = landelijk(&[
            (
                "jeugdhulp_gebruik",
                14.2,
                "CBS StatLine 85098NED (a)",
                "definitief",
            ),
            (
                "jeugdbescherming_aandeel",
                1.1,
                "CBS StatLine 85098NED (b)",
                "definitief",
            ),
        ]);
        let h = herzieningen(Some(&v), &n, None, "r0002").unwrap();
        assert_eq!(h.height(), 1);
        let t = |k: &str| {
            h.column(k)
                .unwrap()
                .str()
                .unwrap()
                .get(0)
                .unwrap()
                .to_string()
        };
        let g = |k: &str| h.column(k).unwrap().f64().unwrap().get(0).unwrap();
        assert_eq!(t("indicator"), "jeugdhulp_gebruik");
        assert_eq!((g("oude_waarde"), g("nieuwe_waarde")), (13.9, 14.2));
        assert_eq!(t("oude_status"), "nader voorlopig");
        assert_eq!(t("nieuwe_status"), "definitief");
        assert_eq!(t("release"), "r0002");
        // The next release changes nothing: the revision stays, nothing is added.
        let h3 = herzieningen(Some(&n), &n, Some(&h), "r0003").unwrap();
        assert_eq!(h3.height(), 1);
        // A first release has none.
        assert_eq!(herzieningen(None, &n, None, "r0001").unwrap().height(), 0);
    }
}
