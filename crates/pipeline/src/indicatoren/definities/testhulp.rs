//! Every plan on a tiny hand-made input; every expected teller/noemer/waarde is worked
//! out by hand in the comment next to it. Periods: 2024 (1 Jan–31 Dec), 2024-Q1
//! (1 Jan–31 Mar) and 2024-Q2 (1 Apr–30 Jun); 2024 is a leap year. These are the helpers
//! the plans' tests share.

pub(super) use std::collections::HashMap;

pub(super) use chrono::NaiveDate;
use model::Periode;
use polars::prelude::*;

use super::*;
use crate::indicatoren::{KOLOMMEN, perioden};

pub(super) const GM_A: &str = "GM0153";
pub(super) const GM_B: &str = "GM0164";
pub(super) const A: &str = "11111111";
pub(super) const B: &str = "22222222";

/// (indicator, periode, niveau, code, uitsplitsing)
pub(super) type Sleutel = (String, String, String, String, String);
/// [teller, noemer, waarde]
pub(super) type Rij = [Option<f64>; 3];

pub(super) fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, dag).unwrap()
}

pub(super) fn perioden_2024() -> Vec<Periode> {
    vec![
        Periode::Jaar(2024),
        Periode::Kwartaal(2024, 1),
        Periode::Kwartaal(2024, 2),
    ]
}

/// Day numbers (since 1970-01-01) for `df!`; cast to Date by `datums`.
pub(super) fn dagen(v: &[Option<NaiveDate>]) -> Vec<Option<i32>> {
    v.iter().map(|d| d.map(perioden::dag)).collect()
}

pub(super) fn datums(df: DataFrame, kolommen: &[&str]) -> LazyFrame {
    df.lazy().with_columns(
        kolommen
            .iter()
            .map(|k| col(*k).cast(DataType::Date))
            .collect::<Vec<_>>(),
    )
}

/// One merged traject; `t(..)` gives the defaults, struct update syntax the rest.
#[derive(Clone)]
pub(super) struct T {
    pub(super) gemeente: &'static str,
    pub(super) client: &'static str,
    pub(super) agb: &'static str,
    pub(super) hulpvorm: &'static str,
    pub(super) segment: &'static str,
    pub(super) crisis: bool,
    pub(super) verwijzer: Option<&'static str>,
    pub(super) aanvraag: Option<NaiveDate>,
    pub(super) toegewezen: Option<NaiveDate>,
    pub(super) ingang: Option<NaiveDate>,
    pub(super) geboren: Option<NaiveDate>,
    pub(super) start: NaiveDate,
    pub(super) einde: Option<NaiveDate>,
    pub(super) reden: Option<&'static str>,
}

pub(super) fn t(
    gemeente: &'static str,
    client: &'static str,
    agb: &'static str,
    hulpvorm: &'static str,
    start: NaiveDate,
    einde: Option<NaiveDate>,
) -> T {
    T {
        gemeente,
        client,
        agb,
        hulpvorm,
        segment: "ambulant",
        crisis: false,
        verwijzer: Some("01"),
        aanvraag: None,
        toegewezen: None,
        ingang: None,
        geboren: Some(d(2014, 6, 1)),
        start,
        einde,
        reden: None,
    }
}

pub(super) fn trajecten(rijen: &[T]) -> LazyFrame {
    let s = |f: fn(&T) -> &'static str| rijen.iter().map(f).collect::<Vec<_>>();
    let o = |f: fn(&T) -> Option<&'static str>| rijen.iter().map(f).collect::<Vec<_>>();
    let dt = |f: fn(&T) -> Option<NaiveDate>| dagen(&rijen.iter().map(f).collect::<Vec<_>>());
    let df = df!(
        "gemeente" => s(|r| r.gemeente),
        "client_id" => s(|r| r.client),
        "aanbieder_agb" => s(|r| r.agb),
        "aanbieder_naam" => s(|r| if r.agb == A { "Aanbieder A" } else { "Aanbieder B" }),
        "hulpvorm" => s(|r| r.hulpvorm),
        "segment" => s(|r| r.segment),
        "productcategorie" => s(|_| "45"),
        "productcode" => s(|_| "45A01"),
        "crisis" => rijen.iter().map(|r| r.crisis).collect::<Vec<_>>(),
        "verwijzer" => o(|r| r.verwijzer),
        "aanvraagdatum" => dt(|r| r.aanvraag),
        "toewijzingsdatum" => dt(|r| r.toegewezen),
        "toewijzing_ingangsdatum" => dt(|r| r.ingang),
        "geboortedatum" => dt(|r| r.geboren),
        "startdatum" => dt(|r| Some(r.start)),
        "einddatum" => dt(|r| r.einde),
        "reden_beeindiging" => o(|r| r.reden),
    )
    .unwrap();
    datums(
        df,
        &[
            "aanvraagdatum",
            "toewijzingsdatum",
            "toewijzing_ingangsdatum",
            "geboortedatum",
            "startdatum",
            "einddatum",
        ],
    )
}

/// (gemeente, jaar, leeftijd, aantal)
pub(super) fn inwoners(rijen: &[(&str, i64, &str, i64)]) -> LazyFrame {
    df!(
        "gemeente" => rijen.iter().map(|r| r.0).collect::<Vec<_>>(),
        "jaar" => rijen.iter().map(|r| r.1).collect::<Vec<_>>(),
        "leeftijd" => rijen.iter().map(|r| r.2).collect::<Vec<_>>(),
        "aantal" => rijen.iter().map(|r| r.3).collect::<Vec<_>>(),
    )
    .unwrap()
    .lazy()
}

/// Sources with only the trajecten filled in; tests override the other fields.
pub(super) fn bronnen(tr: &[T]) -> Bronnen {
    Bronnen {
        trajecten: trajecten(tr),
        toewijzingen: DataFrame::default().lazy(),
        declaraties: DataFrame::default().lazy(),
        maatregelen: DataFrame::default().lazy(),
        veilig_thuis: DataFrame::default().lazy(),
        bevolking: inwoners(&[]),
    }
}

/// Collects the result, checks the long format (columns, one row per key) and maps it.
pub(super) fn uitkomst(lf: PolarsResult<LazyFrame>) -> HashMap<Sleutel, Rij> {
    let df = lf.unwrap().collect().unwrap();
    let namen: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    assert_eq!(namen, KOLOMMEN);
    let tekst = |k: &str| -> Vec<String> {
        df.column(k)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|s| s.unwrap_or("<null>").to_string())
            .collect()
    };
    let getal =
        |k: &str| -> Vec<Option<f64>> { df.column(k).unwrap().f64().unwrap().iter().collect() };
    let (ind, per, niv, code, uits) = (
        tekst("indicator"),
        tekst("periode"),
        tekst("niveau"),
        tekst("code"),
        tekst("uitsplitsing"),
    );
    let (teller, noemer, waarde) = (getal("teller"), getal("noemer"), getal("waarde"));
    let mut m = HashMap::new();
    for i in 0..df.height() {
        let k = (
            ind[i].clone(),
            per[i].clone(),
            niv[i].clone(),
            code[i].clone(),
            uits[i].clone(),
        );
        let dubbel = m.insert(k.clone(), [teller[i], noemer[i], waarde[i]]);
        assert!(dubbel.is_none(), "dubbele rij {k:?}");
    }
    m
}

/// The row (indicator, periode, niveau, code, uitsplitsing); panics when absent.
pub(super) fn rij(
    m: &HashMap<Sleutel, Rij>,
    ind: &str,
    per: &str,
    niv: &str,
    code: &str,
    u: &str,
) -> Rij {
    let k = (
        ind.to_string(),
        per.to_string(),
        niv.to_string(),
        code.to_string(),
        u.to_string(),
    );
    match m.get(&k) {
        Some(r) => *r,
        None => {
            let mut sleutels: Vec<_> = m.keys().collect();
            sleutels.sort();
            panic!("geen rij {k:?}; wel: {sleutels:#?}")
        }
    }
}

pub(super) fn geen_rij(
    m: &HashMap<Sleutel, Rij>,
    ind: &str,
    per: &str,
    niv: &str,
    code: &str,
    u: &str,
) {
    let k = (
        ind.to_string(),
        per.to_string(),
        niv.to_string(),
        code.to_string(),
        u.to_string(),
    );
    assert!(!m.contains_key(&k), "onverwachte rij {k:?}: {:?}", m[&k]);
}

/// Asserts one row: `verwacht` is [teller, noemer, waarde].
#[track_caller]
pub(super) fn is(
    m: &HashMap<Sleutel, Rij>,
    (ind, per, niv, code, u): (&str, &str, &str, &str, &str),
    verwacht: Rij,
) {
    let gevonden = rij(m, ind, per, niv, code, u);
    for (i, naam) in ["teller", "noemer", "waarde"].iter().enumerate() {
        match (gevonden[i], verwacht[i]) {
            (None, None) => {}
            (Some(g), Some(v)) if (g - v).abs() <= 1e-9 * v.abs().max(1.0) => {}
            _ => panic!(
                "{ind} {per} {niv} {code} {u}: {naam} {:?}, verwacht {:?} (rij {gevonden:?})",
                gevonden[i], verwacht[i]
            ),
        }
    }
}

/// [teller, noemer, waarde] with all three present.
pub(super) fn r(teller: f64, noemer: f64, waarde: f64) -> Rij {
    [Some(teller), Some(noemer), Some(waarde)]
}

/// A count: teller = waarde, no noemer.
pub(super) fn aantal(w: f64) -> Rij {
    [Some(w), None, Some(w)]
}

/// A median or percentile: no teller, noemer = number of values.
pub(super) fn midden(noemer: f64, waarde: f64) -> Rij {
    [None, Some(noemer), Some(waarde)]
}

/// The `basis` column of a plan's result, per row key.
pub(super) fn basissen(lf: LazyFrame) -> HashMap<Sleutel, Option<f64>> {
    let df = lf.collect().unwrap();
    let tekst = |k: &str| -> Vec<String> {
        df.column(k)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|s| s.unwrap_or("<null>").to_string())
            .collect()
    };
    let (ind, per, niv, code, uits) = (
        tekst("indicator"),
        tekst("periode"),
        tekst("niveau"),
        tekst("code"),
        tekst("uitsplitsing"),
    );
    let basis: Vec<Option<f64>> = df.column("basis").unwrap().f64().unwrap().iter().collect();
    (0..df.height())
        .map(|i| {
            (
                (
                    ind[i].clone(),
                    per[i].clone(),
                    niv[i].clone(),
                    code[i].clone(),
                    uits[i].clone(),
                ),
                basis[i],
            )
        })
        .collect()
}

#[track_caller]
pub(super) fn basis_is(
    b: &HashMap<Sleutel, Option<f64>>,
    (ind, per, niv, code, u): (&str, &str, &str, &str, &str),
    verwacht: Option<f64>,
) {
    let k = (
        ind.to_string(),
        per.to_string(),
        niv.to_string(),
        code.to_string(),
        u.to_string(),
    );
    assert_eq!(b.get(&k).copied().flatten(), verwacht, "basis van {k:?}");
}
