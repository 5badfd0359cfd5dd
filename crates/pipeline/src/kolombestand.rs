//! Plain typed columns written as Parquet or as an Arrow IPC stream: the machine formats of
//! a page table's download. The layers above hand over columns of Rust values and get bytes
//! back; Polars stays in this crate.

use polars::prelude::*;

/// The values of one column, one per row (`None`: no value).
#[derive(Debug, Clone, PartialEq)]
pub enum Kolomwaarden {
    Tekst(Vec<Option<String>>),
    Getal(Vec<Option<f64>>),
    JaNee(Vec<Option<bool>>),
}

/// Named columns of equal length.
pub type Kolommen = Vec<(&'static str, Kolomwaarden)>;

fn frame(kolommen: Kolommen) -> PolarsResult<DataFrame> {
    let cols: Vec<Column> = kolommen
        .into_iter()
        .map(|(naam, v)| {
            let naam = PlSmallStr::from_static(naam);
            match v {
                Kolomwaarden::Tekst(v) => Column::new(naam, v),
                Kolomwaarden::Getal(v) => Column::new(naam, v),
                Kolomwaarden::JaNee(v) => Column::new(naam, v),
            }
        })
        .collect();
    DataFrame::new_infer_height(cols)
}

/// The columns as one Parquet file.
pub fn parquet(kolommen: Kolommen) -> Result<Vec<u8>, String> {
    let mut df = frame(kolommen).map_err(|e| e.to_string())?;
    let mut uit = Vec::new();
    ParquetWriter::new(&mut uit)
        .finish(&mut df)
        .map_err(|e| e.to_string())?;
    Ok(uit)
}

/// The columns as an Arrow IPC stream, in the oldest compatibility level so any Arrow reader
/// takes it.
pub fn arrow(kolommen: Kolommen) -> Result<Vec<u8>, String> {
    let mut df = frame(kolommen).map_err(|e| e.to_string())?;
    let mut uit = Vec::new();
    IpcStreamWriter::new(&mut uit)
        .with_compat_level(CompatLevel::oldest())
        .finish(&mut df)
        .map_err(|e| e.to_string())?;
    Ok(uit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voorbeeld() -> Kolommen {
        vec![
            (
                "gebied",
                Kolomwaarden::Tekst(vec![Some("Enschede".into()), Some("Almelo".into())]),
            ),
            ("waarde", Kolomwaarden::Getal(vec![Some(14.05), None])),
            ("voorlopig", Kolomwaarden::JaNee(vec![Some(true), None])),
        ]
    }

    #[test]
    fn both_formats_read_back_with_the_same_values_and_nulls() {
        let verwacht = frame(voorbeeld()).unwrap();
        let a = IpcStreamReader::new(std::io::Cursor::new(arrow(voorbeeld()).unwrap()))
            .finish()
            .unwrap();
        assert!(a.equals_missing(&verwacht));
        let p = ParquetReader::new(std::io::Cursor::new(parquet(voorbeeld()).unwrap()))
            .finish()
            .unwrap();
        assert!(p.equals_missing(&verwacht));
        let w = p.column("waarde").unwrap().f64().unwrap();
        assert_eq!((w.get(0), w.get(1)), (Some(14.05), None));
        assert_eq!(
            p.column("gebied").unwrap().str().unwrap().get(1),
            Some("Almelo")
        );
    }

    #[test]
    fn columns_of_unequal_length_are_an_error_not_a_padded_file() {
        let mut k = voorbeeld();
        k.push(("extra", Kolomwaarden::Getal(vec![Some(1.0)])));
        assert!(parquet(k.clone()).is_err());
        assert!(arrow(k).is_err());
    }
}
