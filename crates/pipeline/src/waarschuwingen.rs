//! Warnings: rows that loaded and count, but that the beheerder should look at. One kind
//! today: a product code the region's product table does not know (no exact code, no
//! prefix). Such a row loads with segment `onbekend` when its hulpvorm is known (delivered, or
//! from its iJw category's fallback in the region file), counts in every indicator that does
//! not need the segment, and is listed here with the code and the number of rows per gemeente,
//! so the region file can be extended. Warned rows are loaded rows: rows in = loaded +
//! rejected still holds.

use model::{ProductCategorie, Regio};
use polars::prelude::*;

/// The release table with the warnings of the current state.
pub const TABEL: &str = "waarschuwingen";

/// One group of warned rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Productwaarschuwing {
    pub gemeente: String,
    pub productcategorie: String,
    pub productcode: String,
    pub rijen: u64,
}

impl Productwaarschuwing {
    /// The Dutch line the ingest summary and the quality page show.
    pub fn melding(&self) -> String {
        format!(
            "productcode '{}' (categorie {}) staat niet in de productindeling: ingelezen met segment onbekend; vul de regioconfiguratie aan",
            self.productcode, self.productcategorie
        )
    }
}

/// Per gemeente × category × product code: the rows of `trajecten` (any frame with the
/// columns `gemeente`, `productcategorie`, `productcode`) whose code the region knows only by
/// its category, or not at all. Sorted by gemeente, category, code.
pub fn productcodes(
    trajecten: &DataFrame,
    regio: &Regio,
) -> PolarsResult<Vec<Productwaarschuwing>> {
    if trajecten.height() == 0 {
        return Ok(Vec::new());
    }
    // Grouped first: the region lookup runs once per distinct code, not once per row.
    let g = trajecten
        .clone()
        .lazy()
        .group_by([col("gemeente"), col("productcategorie"), col("productcode")])
        .agg([len().cast(DataType::UInt64).alias("rijen")])
        .sort(
            ["gemeente", "productcategorie", "productcode"],
            SortMultipleOptions::default(),
        )
        .collect()?;
    let tekst = |n: &str| -> PolarsResult<Vec<String>> {
        Ok(g.column(n)?
            .str()?
            .iter()
            .map(|s| s.unwrap_or_default().to_string())
            .collect())
    };
    let (gem, cat, code) = (
        tekst("gemeente")?,
        tekst("productcategorie")?,
        tekst("productcode")?,
    );
    let n: Vec<u64> = g
        .column("rijen")?
        .u64()?
        .iter()
        .map(|x| x.unwrap_or(0))
        .collect();
    let mut uit = Vec::new();
    for i in 0..g.height() {
        let onbekend = match ProductCategorie::parse(&cat[i]) {
            Ok(c) => regio
                .product(c, &code[i])
                .is_none_or(|p| p.alleen_categorie),
            Err(_) => true,
        };
        if onbekend {
            uit.push(Productwaarschuwing {
                gemeente: gem[i].clone(),
                productcategorie: cat[i].clone(),
                productcode: code[i].clone(),
                rijen: n[i],
            });
        }
    }
    Ok(uit)
}

/// The warnings as the stored table: `soort`, `gemeente`, `productcategorie`, `productcode`,
/// `rijen`, `melding`.
pub fn tabel(w: &[Productwaarschuwing]) -> PolarsResult<DataFrame> {
    df!(
        "soort" => w.iter().map(|_| "productcode onbekend").collect::<Vec<_>>(),
        "gemeente" => w.iter().map(|x| x.gemeente.as_str()).collect::<Vec<_>>(),
        "productcategorie" => w.iter().map(|x| x.productcategorie.as_str()).collect::<Vec<_>>(),
        "productcode" => w.iter().map(|x| x.productcode.as_str()).collect::<Vec<_>>(),
        "rijen" => w.iter().map(|x| x.rijen).collect::<Vec<_>>(),
        "melding" => w.iter().map(|x| x.melding()).collect::<Vec<_>>(),
    )
}

/// The warnings per code over all gemeenten (for the summary line), largest first.
pub fn per_code(w: &[Productwaarschuwing]) -> Vec<(String, String, u64, Vec<String>)> {
    let mut m: std::collections::BTreeMap<(String, String), (u64, Vec<String>)> =
        Default::default();
    for x in w {
        let e = m
            .entry((x.productcategorie.clone(), x.productcode.clone()))
            .or_default();
        e.0 += x.rijen;
        e.1.push(format!("{} {}", x.gemeente, x.rijen));
    }
    let mut v: Vec<_> = m.into_iter().map(|((c, p), (n, g))| (c, p, n, g)).collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_are_counted_per_gemeente_and_known_ones_are_not() {
        let regio = Regio::twente();
        let df = df!(
            "gemeente" => ["GM0153", "GM0153", "GM0164", "GM0153", "GM0153"],
            "productcategorie" => ["44", "44", "44", "45", "45"],
            "productcode" => ["44B01", "44B01", "44B01", "45A04", "45Z99"],
        )
        .unwrap();
        let w = productcodes(&df, &regio).unwrap();
        // 44B01: 2 rows in Enschede, 1 in Hengelo; 45Z99 (unknown within 45): 1; 45A04 is known
        assert_eq!(
            w.iter()
                .map(|x| (x.gemeente.as_str(), x.productcode.as_str(), x.rijen))
                .collect::<Vec<_>>(),
            vec![
                ("GM0153", "44B01", 2),
                ("GM0153", "45Z99", 1),
                ("GM0164", "44B01", 1)
            ]
        );
        let p = per_code(&w);
        assert_eq!(p[0].1, "44B01");
        assert_eq!(p[0].2, 3);
        assert!(w[0].melding().contains("44B01") && w[0].melding().contains("onbekend"));
        assert_eq!(tabel(&w).unwrap().height(), 3);
    }
}
