//! Dutch number formatting: thousands with a dot, decimals with a comma.

/// `nl(1234567.891, 1)` → `1.234.567,9`.
pub fn nl(x: f64, decimalen: usize) -> String {
    let tekst = format!("{:.*}", decimalen, x.abs());
    let (geheel, dec) = tekst.split_once('.').unwrap_or((&tekst, ""));
    let mut uit = String::new();
    for (i, c) in geheel.chars().enumerate() {
        if i > 0 && (geheel.len() - i).is_multiple_of(3) {
            uit.push('.');
        }
        uit.push(c);
    }
    if !dec.is_empty() {
        uit.push(',');
        uit.push_str(dec);
    }
    let nul = uit.chars().all(|c| c == '0' || c == '.' || c == ',');
    if x < 0.0 && !nul {
        format!("−{uit}")
    } else {
        uit
    }
}

/// A value with its unit as a reader expects it (`14,1%`, `406 dagen`, `€ 1.234`).
pub fn met_eenheid(x: Option<f64>, eenheid: &str) -> String {
    let Some(x) = x else {
        return "–".into();
    };
    match eenheid {
        "procent" => format!("{}%", nl(x, 1)),
        "dagen" => format!("{} dagen", nl(x, 0)),
        "euro" => format!("€ {}", nl(x, 0)),
        "per_100k" => format!("{} per 100.000", nl(x, 1)),
        // A number of mixed units, one decimal.
        "decimaal" => nl(x, 1),
        _ => nl(x, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_formatting() {
        assert_eq!(nl(1234567.891, 1), "1.234.567,9");
        assert_eq!(nl(14.05, 1), "14,1");
        assert_eq!(nl(999.0, 0), "999");
        assert_eq!(nl(1000.0, 0), "1.000");
        assert_eq!(nl(-85.1, 2), "−85,10");
        assert_eq!(nl(-0.01, 1), "0,0");
        assert_eq!(met_eenheid(Some(240553243.27), "euro"), "€ 240.553.243");
        assert_eq!(met_eenheid(Some(6.17284), "procent"), "6,2%");
        assert_eq!(met_eenheid(None, "procent"), "–");
    }
}
