//! Writing indicator results for people and tools: Parquet, and CSV as Dutch Excel expects
//! it (`;`, decimal comma, BOM). Everything written here has passed the suppression step,
//! unless the data specialist explicitly asks for the unsuppressed CSV.

use std::path::Path;

use polars::prelude::*;

use super::onderdrukking::{self, Onderdrukking};

pub fn regels(regio: &model::Regio) -> Onderdrukking {
    Onderdrukking {
        drempel: regio.onderdrukkingsdrempel as f64,
        afronden_op: regio.afronden_op,
    }
}

/// The one way out: suppress, then check that nothing small slipped through.
pub fn publiceerbaar(df: DataFrame, regels: &Onderdrukking) -> PolarsResult<DataFrame> {
    let uit = onderdrukking::pas_toe(df, regels)?;
    onderdrukking::controleer(&uit, regels.drempel)
        .map_err(|e| PolarsError::ComputeError(format!("onderdrukking faalt: {e}").into()))?;
    Ok(uit)
}

pub fn schrijf_csv(df: &mut DataFrame, pad: &Path) -> PolarsResult<()> {
    let f = std::fs::File::create(pad)?;
    CsvWriter::new(f)
        .include_bom(true)
        .with_separator(b';')
        .with_decimal_comma(true)
        .finish(df)
}

pub fn schrijf_parquet(df: &mut DataFrame, pad: &Path) -> PolarsResult<()> {
    let f = std::fs::File::create(pad)?;
    ParquetWriter::new(f).finish(df)?;
    Ok(())
}
