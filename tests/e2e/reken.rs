//! `jeugdstuur reken` (issue 20): a chosen subset of indicators computed from the deliveries
//! without a release, for timing like for like against DuckDB and pandas. Its figures must be
//! the very figures `ingest` computes for those indicators (the unsuppressed
//! `indicatoren_intern` of the release), and its row accounting that of an ingest.

use polars::prelude::*;

use crate::server::ingest_fixture;
use crate::{jeugdstuur, repo};

const ZES: &str = "crisis_start_aandeel,crisis_instroom,trajectduur,jeugdhulp_gebruik,kosten,vt_meldingen_per_100k";

fn lees(pad: &std::path::Path) -> DataFrame {
    ParquetReader::new(std::fs::File::open(pad).unwrap())
        .finish()
        .unwrap()
}

fn gesorteerd(df: DataFrame) -> DataFrame {
    df.sort(
        ["indicator", "niveau", "code", "uitsplitsing", "periode"],
        SortMultipleOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_subset_of_indicators_equals_the_full_ingest_for_those_indicators() {
    let data = ingest_fixture();
    let werk = tempfile::tempdir().unwrap();
    let uit = werk.path().join("zes.parquet");
    let o = jeugdstuur()
        .args(["reken", "--indicatoren", ZES, "--out"])
        .arg(&uit)
        .arg(repo().join("fixtures/twente"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The same accounting as the ingest of the fixture: rows in = loaded + rejected.
    let regel = stdout
        .lines()
        .find(|l| l.contains("rijen gelezen"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let getallen: Vec<u64> = regel
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|x| x.parse().ok())
        .collect();
    let (gelezen, geladen, afgewezen) = (getallen[1], getallen[2], getallen[3]);
    assert_eq!(gelezen, geladen + afgewezen, "{regel}");
    assert!(afgewezen > 0, "the fixture has bad rows: {regel}");

    let zes = gesorteerd(lees(&uit));
    let intern = lees(
        &data
            .path()
            .join("releases/r0001/indicatoren_intern.parquet"),
    );
    let namen: Vec<String> = ZES.split(',').map(str::to_string).collect();
    let lijst = Series::new("i".into(), namen.clone());
    let verwacht = gesorteerd(
        intern
            .lazy()
            .filter(col("indicator").is_in(lit(lijst).implode(false), false))
            .collect()
            .unwrap(),
    );
    let mut gezien: Vec<String> = zes
        .column("indicator")
        .unwrap()
        .unique()
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    gezien.sort();
    let mut namen = namen;
    namen.sort();
    assert_eq!(gezien, namen);
    assert!(zes.height() > 100_000, "{}", zes.height());
    assert_eq!(zes.get_column_names(), verwacht.get_column_names());
    assert!(
        zes.equals_missing(&verwacht),
        "reken ≠ ingest: {} against {} rows",
        zes.height(),
        verwacht.height()
    );

    // An unknown indicator: a Dutch error naming it and what is known.
    let o = jeugdstuur()
        .args(["reken", "--indicatoren", "kosten,bestaat_niet", "--out"])
        .arg(werk.path().join("x.parquet"))
        .arg(repo().join("fixtures/twente"))
        .output()
        .unwrap();
    let fout = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        fout.contains("onbekende indicator 'bestaat_niet'") && fout.contains("crisis_instroom"),
        "{fout}"
    );
    assert!(!werk.path().join("x.parquet").exists());
}
