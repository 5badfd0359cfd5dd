//! Periods as Polars expressions. A period of a given kind is numbered by an integer index
//! (year: the year; half year: year×2+h; quarter: year×4+q; month: year×12+m, all zero-based
//! within the year), so "the periods a traject is active in" is an integer range that can be
//! exploded, and labels are joined back at the end.

#[cfg(test)]
use chrono::Datelike;
use chrono::NaiveDate;
use model::{Periode, PeriodeSoort};
use polars::prelude::*;

/// Index of the period of kind `soort` containing the date in `datum`.
pub fn index_expr(datum: Expr, soort: PeriodeSoort) -> Expr {
    let jaar = datum.clone().dt().year().cast(DataType::Int32);
    let maand0 = datum.dt().month().cast(DataType::Int32) - lit(1);
    match soort {
        PeriodeSoort::Jaar => jaar,
        PeriodeSoort::Halfjaar => jaar * lit(2) + maand0 / lit(6),
        PeriodeSoort::Kwartaal => jaar * lit(4) + maand0 / lit(3),
        PeriodeSoort::Maand => jaar * lit(12) + maand0,
    }
}

pub fn index(p: Periode) -> i32 {
    match p {
        Periode::Jaar(j) => j,
        Periode::Halfjaar(j, h) => j * 2 + h as i32 - 1,
        Periode::Kwartaal(j, q) => j * 4 + q as i32 - 1,
        Periode::Maand(j, m) => j * 12 + m as i32 - 1,
    }
}

/// The complete periods of every kind between two dates (inclusive).
#[cfg(test)]
pub fn reeks(van: NaiveDate, tot: NaiveDate) -> Vec<Periode> {
    let mut uit = Vec::new();
    for soort in PeriodeSoort::ALLE {
        for p in Periode::reeks(soort, van, tot) {
            if p.start() >= van && p.einde() <= tot {
                uit.push(p);
            }
        }
    }
    uit
}

/// The periods of every kind from the one holding `van` to the last that ends by `tot`:
/// complete at the end, and at the start from the period in which the series begins.
pub fn reeks_vanaf(van: NaiveDate, tot: NaiveDate) -> Vec<Periode> {
    let mut uit = Vec::new();
    for soort in PeriodeSoort::ALLE {
        for p in Periode::reeks(soort, van, tot) {
            if p.einde() <= tot {
                uit.push(p);
            }
        }
    }
    uit
}

/// The periods of one kind, as a frame: `_pi` (index), `periode` (label), `_pstart`,
/// `_peinde` (dates, inclusive) and `_jaar` (for yearly denominators).
pub fn tabel(perioden: &[Periode], soort: PeriodeSoort) -> PolarsResult<DataFrame> {
    let ps: Vec<Periode> = perioden
        .iter()
        .copied()
        .filter(|p| p.soort() == soort)
        .collect();
    let dag = |d: NaiveDate| (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() as i32;
    df!(
        "_pi" => ps.iter().map(|p| index(*p)).collect::<Vec<_>>(),
        "periode" => ps.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "_pstart" => ps.iter().map(|p| dag(p.start())).collect::<Vec<_>>(),
        "_peinde" => ps.iter().map(|p| dag(p.einde())).collect::<Vec<_>>(),
        "_jaar" => ps.iter().map(|p| p.jaar() as i64).collect::<Vec<_>>(),
    )?
    .lazy()
    .with_columns([
        col("_pstart").cast(DataType::Date),
        col("_peinde").cast(DataType::Date),
    ])
    .collect()
}

/// One row per (row of `lf`, period of kind `soort` in which it is active): start ≤ period
/// end and (no end or end ≥ period start). Adds `periode`, `_pstart`, `_peinde`, `_jaar`;
/// only periods in `perioden` are kept.
pub fn actief(
    lf: LazyFrame,
    start: &str,
    einde: &str,
    soort: PeriodeSoort,
    perioden: &[Periode],
) -> PolarsResult<LazyFrame> {
    let tab = tabel(perioden, soort)?;
    let (Some(min), Some(max)) = (
        tab.column("_pi")?.i32()?.min(),
        tab.column("_pi")?.i32()?.max(),
    ) else {
        return Ok(lf.limit(0).join(
            tab.lazy(),
            [lit(0)],
            [lit(0)],
            JoinArgs::new(JoinType::Inner),
        ));
    };
    let van = index_expr(col(start), soort).clip_min(lit(min));
    let tot = index_expr(col(einde), soort)
        .fill_null(lit(max))
        .clip_max(lit(max));
    Ok(lf
        .filter(
            index_expr(col(start), soort).lt_eq(lit(max)).and(
                index_expr(col(einde), soort)
                    .gt_eq(lit(min))
                    .or(col(einde).is_null()),
            ),
        )
        .with_column(int_ranges(van, tot + lit(1), lit(1), DataType::Int32).alias("_pi"))
        .explode(
            by_name(["_pi"], true, false),
            ExplodeOptions {
                empty_as_null: false,
                keep_nulls: false,
            },
        )
        .join(
            tab.lazy(),
            [col("_pi")],
            [col("_pi")],
            JoinArgs::new(JoinType::Inner),
        ))
}

/// Adds the period (of kind `soort`) in which the date in `datum` lies; rows whose date is
/// empty or outside `perioden` are dropped.
pub fn op_datum(
    lf: LazyFrame,
    datum: &str,
    soort: PeriodeSoort,
    perioden: &[Periode],
) -> PolarsResult<LazyFrame> {
    let tab = tabel(perioden, soort)?;
    Ok(lf
        .filter(col(datum).is_not_null())
        .with_column(index_expr(col(datum), soort).alias("_pi"))
        .join(
            tab.lazy(),
            [col("_pi")],
            [col("_pi")],
            JoinArgs::new(JoinType::Inner),
        ))
}

/// Age in completed years on the first day of the period (`_pstart`); a birthday on that
/// day counts as reached, children born later in the period count as 0.
pub fn leeftijd_expr(geboren: &str) -> Expr {
    leeftijd_op(col(geboren), col("_pstart"))
}

/// Age in completed years on the date `op` of someone born on `geboren` (a birthday on that
/// day counts as reached; a birth date after `op` gives 0; null when either is null).
pub fn leeftijd_op(geboren: Expr, op: Expr) -> Expr {
    let (g, p) = (geboren, op);
    let jaren = p.clone().dt().year() - g.clone().dt().year();
    let nog_niet_jarig = (p.clone().dt().month().cast(DataType::Int32) * lit(100)
        + p.dt().day().cast(DataType::Int32))
    .lt(g.clone().dt().month().cast(DataType::Int32) * lit(100)
        + g.dt().day().cast(DataType::Int32));
    (jaren.cast(DataType::Int32) - nog_niet_jarig.cast(DataType::Int32)).clip_min(lit(0))
}

/// Days since 1970-01-01, as Polars stores a date.
#[cfg(test)]
pub fn dag(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
        - NaiveDate::from_ymd_opt(1970, 1, 1)
            .unwrap()
            .num_days_from_ce()
}
