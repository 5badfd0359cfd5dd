//! Completeness of deliveries per gemeente × month: did the delivery arrive, how many rows
//! did it hold against what the gemeente usually delivers, and is the month still provisional.
//! This is what the data-quality page shows, so nobody mixes a complete and an incomplete
//! gemeente without seeing it.

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

pub fn volledigheid(
    trajecten: &DataFrame,
    declaraties: &DataFrame,
    bestanden: &[Bestandsverslag],
    regio: &Regio,
    laatste: Option<&str>,
) -> PolarsResult<DataFrame> {
    let rijen = tel(trajecten)?;
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
    let (Some(&eerste), Some(&laatste_data)) = (maanden.iter().min(), maanden.iter().max()) else {
        return DataFrame::new(0, leeg());
    };
    let laatste = laatste.and_then(maandnr).unwrap_or(laatste_data);
    let voorlopig_vanaf = laatste - regio.voorlopige_maanden as i32 + 1;

    let mut kol: BTreeMap<&str, Vec<Option<String>>> = BTreeMap::new();
    let mut getallen: BTreeMap<&str, Vec<Option<f64>>> = BTreeMap::new();
    let mut voorlopig = Vec::new();
    for g in &regio.gemeenten {
        let code = g.code.to_string();
        let mut historie: Vec<u64> = Vec::new();
        for m in eerste..=laatste {
            let maand = maandtekst(m);
            let sleutel = (code.clone(), maand.clone());
            let verwacht = g.levering == Levering::Maand || m.rem_euclid(12) % 3 == 2;
            let n = rijen.get(&sleutel).copied();
            let status = if geleverd.contains(&sleutel) {
                "geleverd"
            } else if verwacht {
                "ontbreekt"
            } else {
                "in kwartaallevering"
            };
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
            kol.entry("opmerking").or_default().push(opvallend.then(|| {
                "aantal rijen wijkt sterk af van wat deze gemeente gewoonlijk levert".to_string()
            }));
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
    ]
}
