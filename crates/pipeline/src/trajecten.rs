//! Jeugdhulptrajecten per the CBS rule: rows of the same gemeente, client, provider and
//! hulpvorm whose periods overlap or touch (next start ≤ latest end so far + 1 day) are one
//! traject — first start, last end (open if any row is open). Crisis flag, verwijzer and
//! segment are those of the first row, and so are the request, allocation and ingang dates
//! (the waits are those before the traject began, not before a later extension); the reden
//! beëindiging is that of the row ending last.

use polars::prelude::*;

/// Day number used for "no end yet" while taking maxima; far beyond any real date.
const OPEN: i32 = 1_000_000;

pub fn jeugdhulptrajecten(trajecten: LazyFrame) -> PolarsResult<LazyFrame> {
    let sleutel = ["gemeente", "client_id", "aanbieder_agb", "hulpvorm"];
    let mut volgorde: Vec<PlSmallStr> = sleutel.iter().map(|k| (*k).into()).collect();
    volgorde.push("startdatum".into());
    volgorde.push("toewijzingnummer".into());
    let mut rijen = trajecten
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
        .collect()?;
    let nummers = trajectnummers(&rijen, &sleutel)?;
    rijen.with_column(Column::new("_traject".into(), nummers))?;
    let mut agg: Vec<Expr> = sleutel.iter().map(|k| col(*k).first()).collect();
    agg.extend([
        col("aanbieder_naam").first(),
        col("segment").first(),
        col("productcategorie").first(),
        col("productcode").first(),
        col("crisis").first(),
        col("verwijzer").first(),
        col("aanvraagdatum").first(),
        col("toewijzingsdatum").first(),
        col("toewijzing_ingangsdatum").first(),
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
    ]);
    Ok(rijen
        .lazy()
        .group_by_stable([col("_traject")])
        .agg(agg)
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
            col("toewijzingsdatum"),
            col("toewijzing_ingangsdatum"),
            col("geboortedatum"),
            col("startdatum"),
            col("einddatum"),
            col("reden_beeindiging"),
            col("toewijzingen"),
        ]))
}

/// The traject number of every row of `rijen` — sorted by the key columns `sleutel`
/// (gemeente, client, provider, hulpvorm), then by start — with `_start` and `_eind` as day
/// numbers (`_eind` [`OPEN`] when open): a new traject begins where the key changes or where
/// a row starts more than one day after the latest end so far of its key. The rows are
/// contiguous per key after the sort, so one pass finds them, and the merge groups by one
/// number instead of by four texts and a number.
fn trajectnummers(rijen: &DataFrame, sleutel: &[&str; 4]) -> PolarsResult<Vec<u32>> {
    let k = |i: usize| -> PolarsResult<&StringChunked> { rijen.column(sleutel[i])?.str() };
    let sleutels = k(0)?
        .iter()
        .zip(k(1)?.iter())
        .zip(k(2)?.iter())
        .zip(k(3)?.iter());
    let dagen = rijen
        .column("_start")?
        .i32()?
        .iter()
        .zip(rijen.column("_eind")?.i32()?.iter());
    let mut nummers = Vec::with_capacity(rijen.height());
    let mut vorige = None;
    let mut nummer = 0u32;
    let mut laatste_eind = i32::MIN;
    for (s, (start, eind)) in sleutels.zip(dagen) {
        let eind = eind.unwrap_or(OPEN);
        // Start is required (validation refuses a row without it).
        let start = start.unwrap_or(i32::MIN);
        let zelfde_sleutel = vorige == Some(s);
        if !zelfde_sleutel || i64::from(start) > i64::from(laatste_eind) + 1 {
            nummer += 1;
        }
        laatste_eind = if zelfde_sleutel {
            laatste_eind.max(eind)
        } else {
            eind
        };
        vorige = Some(s);
        nummers.push(nummer);
    }
    Ok(nummers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(j: i32, m: u32, dag: u32) -> Option<i32> {
        let e = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        Some((NaiveDate::from_ymd_opt(j, m, dag).unwrap() - e).num_days() as i32)
    }

    /// Day numbers by hand: key A 1–10, then 12–20 (starts two days after the end: new),
    /// 13–15 (inside: same), 21–open (touches 20: same), 30–31 (inside the open row: same);
    /// key B 0–5 starts before A's end but is another key: new.
    #[test]
    fn traject_numbers_follow_key_and_gaps() {
        let df = df!(
            "gemeente" => ["G", "G", "G", "G", "G", "G"],
            "client_id" => ["A", "A", "A", "A", "A", "B"],
            "aanbieder_agb" => ["X"; 6],
            "hulpvorm" => ["02"; 6],
            "_start" => [1, 12, 13, 21, 30, 0],
            "_eind" => [10, 20, 15, OPEN, 31, 5],
        )
        .unwrap();
        let sleutel = ["gemeente", "client_id", "aanbieder_agb", "hulpvorm"];
        assert_eq!(
            trajectnummers(&df, &sleutel).unwrap(),
            vec![1, 2, 2, 2, 2, 3]
        );
    }

    #[test]
    fn overlapping_and_touching_rows_become_one_traject() {
        // client P1 at provider A, hulpvorm 02:
        //   T1 01-01..31-03 (crisis, verwijzer 01), T2 01-04..30-06 touches (start = end + 1),
        //   T3 05-07..open is 5 days later: a new traject.
        // client P2 at A, hulpvorm 14: T4 01-01..31-12, T5 01-03..01-04 lies inside T4;
        //   T6 with hulpvorm 11 is another traject (a change of hulpvorm).
        // T7 is a measure (category 48) and no jeugdhulp.
        let df = df!(
            "gemeente" => ["GM0153"; 7],
            "client_id" => ["P1", "P1", "P1", "P2", "P2", "P2", "P2"],
            "toewijzingnummer" => ["T1", "T2", "T3", "T4", "T5", "T6", "T7"],
            "aanbieder_agb" => ["A", "A", "A", "A", "A", "A", "G"],
            "aanbieder_naam" => ["Aanbieder A"; 7],
            "hulpvorm" => [Some("02"), Some("02"), Some("02"), Some("14"), Some("14"), Some("11"), None],
            "segment" => ["ambulant", "ambulant", "ambulant", "verblijf", "verblijf", "wonen", "jeugdbescherming"],
            "productcategorie" => ["45", "45", "45", "43", "43", "43", "48"],
            "productcode" => ["45A01"; 7],
            "crisis" => [true, false, false, false, true, false, false],
            "verwijzer" => ["01", "02", "02", "04", "01", "04", "08"],
            "aanvraagdatum" => [None::<i32>; 7],
            "toewijzingsdatum" => [None::<i32>; 7],
            "toewijzing_ingangsdatum" => [None::<i32>; 7],
            "geboortedatum" => [d(2010, 1, 1); 7],
            "startdatum" => [d(2024, 1, 1), d(2024, 4, 1), d(2024, 7, 5), d(2024, 1, 1), d(2024, 3, 1), d(2025, 1, 2), d(2024, 1, 1)],
            "einddatum" => [d(2024, 3, 31), d(2024, 6, 30), None, d(2024, 12, 31), d(2024, 4, 1), None, None],
            "reden_beeindiging" => [Some("36"), Some("31"), None, Some("33"), Some("36"), None, None],
        )
        .unwrap()
        .lazy()
        .with_columns([
            col("aanvraagdatum").cast(DataType::Date),
            col("toewijzingsdatum").cast(DataType::Date),
            col("toewijzing_ingangsdatum").cast(DataType::Date),
            col("geboortedatum").cast(DataType::Date),
            col("startdatum").cast(DataType::Date),
            col("einddatum").cast(DataType::Date),
        ]);
        let t = jeugdhulptrajecten(df).unwrap().collect().unwrap();
        // P1: (T1+T2), T3; P2: (T4+T5), T6; T7 left out.
        assert_eq!(t.height(), 4, "{t}");
        let rij = |i: usize, k: &str| t.column(k).unwrap().get(i).unwrap().to_string();
        let n: Vec<u32> = t
            .column("toewijzingen")
            .unwrap()
            .u32()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(n, vec![2, 1, 1, 2]);
        // The merged P1 traject: first start, last end, crisis and verwijzer of T1,
        // reden of the row ending last (T2: 31).
        assert_eq!(rij(0, "startdatum"), "2024-01-01");
        assert_eq!(rij(0, "einddatum"), "2024-06-30");
        assert_eq!(rij(0, "crisis"), "true");
        assert_eq!(rij(0, "verwijzer"), "\"01\"");
        assert_eq!(rij(0, "reden_beeindiging"), "\"31\"");
        assert_eq!(rij(1, "einddatum"), "null");
        // P2: T5 inside T4 keeps T4's end and T4's (non-crisis) flag.
        let p2 = t
            .clone()
            .lazy()
            .filter(col("hulpvorm").eq(lit("14")))
            .collect()
            .unwrap();
        assert_eq!(
            p2.column("einddatum").unwrap().get(0).unwrap().to_string(),
            "2024-12-31"
        );
        assert_eq!(
            p2.column("crisis").unwrap().get(0).unwrap().to_string(),
            "false"
        );
        assert_eq!(
            p2.column("reden_beeindiging")
                .unwrap()
                .get(0)
                .unwrap()
                .to_string(),
            "\"33\""
        );
    }
}
