//! Completeness of deliveries per gemeente × month: did the delivery arrive, how many rows
//! did it hold against what the gemeente usually delivers, and is the month still provisional.
//! This is what the data-quality page shows, so nobody mixes a complete and an incomplete
//! gemeente without seeing it.
//!
//! The months run from the first month of the series (the first month with care in the data,
//! or the region's `start_reeks`) to the newest delivery. A month before a gemeente's first
//! delivery has status `uit historie` when a delivery of that gemeente holds rows that started
//! in or before it: `uit_levering` and the remark name the earliest such delivery ("uit
//! historie van levering 2023-06"). A month no delivery of the gemeente reaches back to is
//! `voor de gegevens` (before its first delivery) or `ontbreekt` (after the region's first).

use std::collections::{BTreeMap, BTreeSet};

use model::{Regio, parse_maand, regio::Levering};
use polars::prelude::*;

use crate::inlezen::Bestandsverslag;
use crate::valideer::Bestandscontext;

fn maandnr(s: &str) -> Option<i32> {
    parse_maand(s).ok().map(|(j, m)| j * 12 + m as i32 - 1)
}

fn maandtekst(m: i32) -> String {
    format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

fn tel(df: &DataFrame) -> PolarsResult<BTreeMap<(String, String), u64>> {
    let g = df
        .clone()
        .lazy()
        .group_by([col("gemeente"), col("aanlevering")])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let gem = g.column("gemeente")?.str()?.clone();
    let aanl = g.column("aanlevering")?.str()?.clone();
    let n = g.column("n")?.u64()?.clone();
    let mut uit = BTreeMap::new();
    for i in 0..g.height() {
        if let (Some(a), Some(b), Some(c)) = (gem.get(i), aanl.get(i), n.get(i)) {
            uit.insert((a.to_string(), b.to_string()), c);
        }
    }
    Ok(uit)
}

/// Per gemeente, its deliveries (month number) with the month of the earliest start they hold.
fn historie(trajecten: &DataFrame) -> PolarsResult<BTreeMap<String, Vec<(i32, i32)>>> {
    let g = trajecten
        .clone()
        .lazy()
        .group_by([col("gemeente"), col("aanlevering")])
        .agg([col("startdatum").min().alias("start")])
        .with_column(
            (col("start").dt().year().cast(DataType::Int32) * lit(12)
                + col("start").dt().month().cast(DataType::Int32)
                - lit(1))
            .alias("start"),
        )
        .collect()?;
    let gem = g.column("gemeente")?.str()?.clone();
    let aanl = g.column("aanlevering")?.str()?.clone();
    let start = g.column("start")?.i32()?.clone();
    let mut uit: BTreeMap<String, Vec<(i32, i32)>> = BTreeMap::new();
    for i in 0..g.height() {
        if let (Some(a), Some(b), Some(c)) =
            (gem.get(i), aanl.get(i).and_then(maandnr), start.get(i))
        {
            uit.entry(a.to_string()).or_default().push((b, c));
        }
    }
    for v in uit.values_mut() {
        v.sort_unstable();
    }
    Ok(uit)
}

/// `begin`: the first month of the series (`jjjj-mm`); `laatste`: the newest delivery.
#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub fn volledigheid(
    trajecten: &DataFrame,
    declaraties: &DataFrame,
    bestanden: &[Bestandsverslag],
    regio: &Regio,
    begin: Option<&str>,
    laatste: Option<&str>,
) -> PolarsResult<DataFrame> {
    let rijen = tel(trajecten)?;
    let leveringen = historie(trajecten)?;
    let decl = tel(declaraties)?;
    // A delivery counts as arrived when its file came in, even with zero rows.
    let mut geleverd: BTreeSet<(String, String)> = rijen.keys().cloned().collect();
    for b in bestanden {
        if b.tabel.as_deref() == Some("trajecten") && b.fout.is_none() {
            let ctx = Bestandscontext::uit_naam(regio, &b.naam);
            if let (Some(g), Some(a)) = (ctx.gemeente, ctx.aanlevering) {
                geleverd.insert((g.to_string(), a));
            }
        }
    }
    let maanden: Vec<i32> = geleverd.iter().filter_map(|(_, a)| maandnr(a)).collect();
    let (Some(&eerste_levering), Some(&laatste_data)) =
        (maanden.iter().min(), maanden.iter().max())
    else {
        return DataFrame::new(0, leeg());
    };
    let eerste = begin
        .and_then(maandnr)
        .map_or(eerste_levering, |b| b.min(eerste_levering));
    let laatste = laatste.and_then(maandnr).unwrap_or(laatste_data);
    let voorlopig_vanaf = laatste - regio.voorlopige_maanden as i32 + 1;

    let mut kol: BTreeMap<&str, Vec<Option<String>>> = BTreeMap::new();
    let mut getallen: BTreeMap<&str, Vec<Option<f64>>> = BTreeMap::new();
    let mut voorlopig = Vec::new();
    for g in &regio.gemeenten {
        let code = g.code.to_string();
        let mut historie: Vec<u64> = Vec::new();
        let eigen = leveringen.get(&code).map(Vec::as_slice).unwrap_or_default();
        let eerste_eigen = eigen.first().map(|(a, _)| *a);
        for m in eerste..=laatste {
            let maand = maandtekst(m);
            let sleutel = (code.clone(), maand.clone());
            let verwacht = g.levering == Levering::Maand || m.rem_euclid(12) % 3 == 2;
            let n = rijen.get(&sleutel).copied();
            // Before the gemeente's first delivery: the earliest delivery reaching back to m.
            let uit_historie = eerste_eigen
                .filter(|e| m < *e)
                .and_then(|_| eigen.iter().find(|(_, start)| *start <= m))
                .map(|(a, _)| maandtekst(*a));
            let status = if geleverd.contains(&sleutel) {
                "geleverd"
            } else if uit_historie.is_some() {
                "uit historie"
            } else if m < eerste_levering {
                "voor de gegevens"
            } else if verwacht {
                "ontbreekt"
            } else {
                "in kwartaallevering"
            };
            kol.entry("uit_levering").or_default().push(match status {
                "geleverd" => Some(maand.clone()),
                _ => uit_historie.clone(),
            });
            let gebruikelijk = if historie.is_empty() {
                None
            } else {
                let mut h = historie.clone();
                h.sort_unstable();
                Some(h[h.len() / 2] as f64)
            };
            let verhouding = match (n, gebruikelijk) {
                (Some(n), Some(u)) if u > 0.0 => Some(n as f64 / u),
                _ => None,
            };
            let opvallend = verhouding.is_some_and(|v| !(0.5..=2.0).contains(&v));
            kol.entry("gemeente").or_default().push(Some(code.clone()));
            kol.entry("naam").or_default().push(Some(g.naam.clone()));
            kol.entry("maand").or_default().push(Some(maand));
            kol.entry("status")
                .or_default()
                .push(Some(status.to_string()));
            kol.entry("opmerking")
                .or_default()
                .push(match &uit_historie {
                    Some(a) if status == "uit historie" => {
                        Some(format!("uit historie van levering {a}"))
                    }
                    _ => opvallend.then(|| {
                        "aantal rijen wijkt sterk af van wat deze gemeente gewoonlijk levert"
                            .to_string()
                    }),
                });
            getallen
                .entry("rijen")
                .or_default()
                .push(n.map(|n| n as f64));
            getallen
                .entry("declaratierijen")
                .or_default()
                .push(decl.get(&sleutel).map(|n| *n as f64));
            getallen
                .entry("gebruikelijk")
                .or_default()
                .push(gebruikelijk);
            getallen.entry("verhouding").or_default().push(verhouding);
            voorlopig.push(m >= voorlopig_vanaf);
            if let Some(n) = n {
                historie.push(n);
                if historie.len() > 12 {
                    historie.remove(0);
                }
            }
        }
    }
    let hoogte = voorlopig.len();
    let mut cols = Vec::new();
    for naam in ["gemeente", "naam", "maand", "status"] {
        cols.push(Column::new(
            naam.into(),
            kol.remove(naam).unwrap_or_default(),
        ));
    }
    for naam in ["rijen", "declaratierijen", "gebruikelijk", "verhouding"] {
        cols.push(Column::new(
            naam.into(),
            getallen.remove(naam).unwrap_or_default(),
        ));
    }
    cols.push(Column::new("voorlopig".into(), voorlopig));
    cols.push(Column::new(
        "opmerking".into(),
        kol.remove("opmerking").unwrap_or_default(),
    ));
    cols.push(Column::new(
        "uit_levering".into(),
        kol.remove("uit_levering").unwrap_or_default(),
    ));
    DataFrame::new(hoogte, cols)
}

fn leeg() -> Vec<Column> {
    let t = |n: &str| Column::new_empty(n.into(), &DataType::String);
    let f = |n: &str| Column::new_empty(n.into(), &DataType::Float64);
    vec![
        t("gemeente"),
        t("naam"),
        t("maand"),
        t("status"),
        f("rijen"),
        f("declaratierijen"),
        f("gebruikelijk"),
        f("verhouding"),
        Column::new_empty("voorlopig".into(), &DataType::Boolean),
        t("opmerking"),
        t("uit_levering"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn months_before_the_first_delivery_name_the_delivery_they_came_from() {
        let regio = Regio::twente();
        let d = |j, m, dag| NaiveDate::from_ymd_opt(j, m, dag).unwrap();
        // Hengelo: a first delivery 2023-06 with history back to March 2021, and a later one
        // (2023-07) that brings a retroactive row from January 2021.
        let tr = df!(
            "gemeente" => ["GM0164", "GM0164", "GM0164"],
            "aanlevering" => ["2023-06", "2023-06", "2023-07"],
            "startdatum" => [d(2021, 3, 15), d(2023, 5, 1), d(2021, 1, 10)],
        )
        .unwrap();
        let decl = df!(
            "gemeente" => Vec::<String>::new(),
            "aanlevering" => Vec::<String>::new(),
        )
        .unwrap();
        let v = volledigheid(&tr, &decl, &[], &regio, Some("2021-01"), Some("2023-07")).unwrap();
        let rij = |g: &str, m: &str| -> (String, Option<String>, Option<String>) {
            let gem = v.column("gemeente").unwrap().str().unwrap().clone();
            let maand = v.column("maand").unwrap().str().unwrap().clone();
            let i = (0..v.height())
                .find(|&i| gem.get(i) == Some(g) && maand.get(i) == Some(m))
                .unwrap_or_else(|| panic!("{g} {m}"));
            let s = |k: &str| {
                v.column(k)
                    .unwrap()
                    .str()
                    .unwrap()
                    .get(i)
                    .map(str::to_string)
            };
            (s("status").unwrap(), s("uit_levering"), s("opmerking"))
        };
        // 2021-01 and -02: only the 2023-07 delivery reaches back that far
        assert_eq!(
            rij("GM0164", "2021-02"),
            (
                "uit historie".into(),
                Some("2023-07".into()),
                Some("uit historie van levering 2023-07".into())
            )
        );
        // from March 2021 the first delivery (2023-06) covers it
        assert_eq!(rij("GM0164", "2021-03").1.as_deref(), Some("2023-06"));
        assert_eq!(rij("GM0164", "2023-05").0, "uit historie");
        assert_eq!(rij("GM0164", "2023-06").0, "geleverd");
        assert_eq!(rij("GM0164", "2023-06").1.as_deref(), Some("2023-06"));
        // a gemeente without deliveries: nothing before the data, missing afterwards
        assert_eq!(rij("GM0141", "2022-01").0, "voor de gegevens");
        assert_eq!(rij("GM0141", "2023-06").0, "ontbreekt");
        // 14 gemeenten × 31 months (2021-01 .. 2023-07)
        assert_eq!(v.height(), 14 * 31);
    }
}
