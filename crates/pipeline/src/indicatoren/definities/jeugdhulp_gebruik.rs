//! `jeugdhulp_gebruik` and `jeugdhulp_clienten`: clients with active jeugdhulp, as a share of
//! the residents 0–17 and as the volume the segment targets apply to.

use chrono::{Datelike, NaiveDate};
use model::Periode;
use polars::prelude::*;

use super::clienttelling::{self, Codes, GEEN, Rij, Telling};
use super::*;

/// Scopes of the counts: every client (`totaal`), wonen and verblijf together, aged 0–17 at
/// the start of the period (for `jeugdhulp_gebruik`), then one per segment.
const TOTAAL: u32 = 0;
const WONEN_VERBLIJF_SCOPE: u32 = 1;
const JEUGD: u32 = 2;
const EERSTE_SEGMENT: u32 = 3;

/// `jeugdhulp_gebruik`: distinct clients aged 0–17 with ≥1 active traject ÷ residents 0–17.
/// `jeugdhulp_clienten` (the volume the segment targets apply to): distinct clients of any
/// age with ≥1 active traject, in total, per segment and for wonen and verblijf together.
///
/// A traject is active in a period when it starts on or before the period's last day and has
/// no end or ends on or after its first day; periods are whole months, so that is: its start
/// month is at most the period's last month and its end month at least the period's first.
/// The age is the client's age on the period's first day (0–17: before the 18th birthday).
/// The distinct clients are counted by [`clienttelling::tel`] in one pass over the trajecten
/// sorted by client, not by exploding every traject into every period it is active in and
/// hashing the clients per period, level and scope (at 10× Twente that was the slowest
/// plan of the six core indicators; BENCHMARKS.md).
pub fn jeugdhulp_gebruik(b: &Bronnen, perioden: &[Periode]) -> PolarsResult<LazyFrame> {
    let df = b
        .trajecten
        .clone()
        .select([
            col("client_id").cast(DataType::String),
            col("gemeente").cast(DataType::String),
            col("segment").cast(DataType::String),
            col("startdatum").cast(DataType::Date).cast(DataType::Int32),
            col("einddatum").cast(DataType::Date).cast(DataType::Int32),
            col("geboortedatum")
                .cast(DataType::Date)
                .cast(DataType::Int32),
        ])
        .collect()?;
    let mut codes = Codes::new(EERSTE_SEGMENT);
    let mut rijen = trajectrijen(&df, &mut codes)?;
    let tellingen = clienttelling::tel(&mut rijen, perioden, &REGIO_GEMEENTE, codes.aantallen());
    drop(rijen);
    let jaren = df!(
        "periode" => perioden.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "_jaar" => perioden.iter().map(|p| p.jaar() as i64).collect::<Vec<_>>(),
    )?;
    voor_alle(perioden, &REGIO_GEMEENTE, |soort, n| {
        let t = tellingen.get(&(soort, n)).map_or(&[][..], Vec::as_slice);
        let (volume, jeugd) = tellingframes(t, n, &codes)?;
        let gebruik = jeugd
            .lazy()
            .join(
                jaren.clone().lazy(),
                [col("periode")],
                [col("periode")],
                JoinArgs::new(JoinType::Inner),
            )
            .join(
                bevolking(&b.bevolking, "0-17", n).with_column(col("_jaar").cast(DataType::Int64)),
                [col("code"), col("_jaar")],
                [col("code"), col("_jaar")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(pct(col("teller"), col("noemer")).alias("waarde"));
        let volume = volume.lazy().with_columns([
            lit(NULL).cast(DataType::Float64).alias("noemer"),
            col("teller").alias("waarde"),
        ]);
        concat(
            [
                lang(gebruik, "jeugdhulp_gebruik", n, lit("totaal")),
                lang(volume, "jeugdhulp_clienten", n, col("_u")),
            ],
            UnionArgs::default(),
        )
    })
}

/// One [`Rij`] per traject of `df` with a start date (`client_id`, `gemeente`, `segment`, and
/// `startdatum`, `einddatum`, `geboortedatum` as days since 1970-01-01).
fn trajectrijen<'a>(df: &'a DataFrame, codes: &mut Codes<'a>) -> PolarsResult<Vec<Rij>> {
    let tekst = |naam: &str| -> PolarsResult<&'a StringChunked> { df.column(naam)?.str() };
    let dag = |naam: &str| -> PolarsResult<&'a Int32Chunked> { df.column(naam)?.i32() };
    let rijen_in = tekst("client_id")?
        .iter()
        .zip(tekst("gemeente")?.iter())
        .zip(tekst("segment")?.iter())
        .zip(dag("startdatum")?.iter())
        .zip(dag("einddatum")?.iter())
        .zip(dag("geboortedatum")?.iter());
    let mut rijen = Vec::with_capacity(df.height());
    for (((((c, g), seg), start), einde), geboren) in rijen_in {
        // A traject without a start date is never active (as in `actief`).
        let Some(van) = start.and_then(maand_van_dag) else {
            continue;
        };
        let tot = match einde {
            Some(e) => maand_van_dag(e).unwrap_or(i32::MIN),
            None => i32::MAX,
        };
        let seg = seg.unwrap_or("onbekend");
        let seg_scope = codes.segment_scope(seg)?;
        let mut scopes = 1u32 << TOTAAL | 1u32 << seg_scope;
        if WONEN_VERBLIJF.contains(&seg) {
            scopes |= 1 << WONEN_VERBLIJF_SCOPE;
        }
        // Without a birth date the age is unknown: not counted as 0–17 (catalogue).
        let jeugd_tot = geboren.and_then(laatste_maand_jeugd);
        if jeugd_tot.is_some() {
            scopes |= 1 << JEUGD;
        }
        rijen.push(Rij {
            client: codes.client(c),
            maand_van: van,
            maand_tot: tot,
            gemeente: codes.gemeente(g),
            aanbieder: GEEN,
            paar: GEEN,
            scopes,
            beperkt: 1 << JEUGD,
            beperkt_tot: jeugd_tot.unwrap_or(i32::MIN),
        });
    }
    Ok(rijen)
}

/// The counts of one (period kind, level `n`): the volume (`periode`, `code`, `_u`,
/// `teller`: every client, per segment, wonen and verblijf together) and the clients 0–17
/// (`periode`, `code`, `teller`).
fn tellingframes(t: &[Telling], n: Niveau, codes: &Codes) -> PolarsResult<(DataFrame, DataFrame)> {
    let (mut periode, mut code, mut u, mut teller) = (vec![], vec![], vec![], vec![]);
    let (mut j_periode, mut j_code, mut j_teller) = (vec![], vec![], vec![]);
    for x in t {
        if x.scope == JEUGD {
            j_periode.push(x.periode.to_string());
            j_code.push(codes.code(n, x.code));
            j_teller.push(x.clienten as f64);
            continue;
        }
        periode.push(x.periode.to_string());
        code.push(codes.code(n, x.code));
        teller.push(x.clienten as f64);
        u.push(match x.scope {
            TOTAAL => "totaal".to_string(),
            WONEN_VERBLIJF_SCOPE => "segment_wonen_verblijf".to_string(),
            s => codes.segment_uitsplitsing(s),
        });
    }
    Ok((
        df!("periode" => periode, "code" => code, "_u" => u, "teller" => teller)?,
        df!("periode" => j_periode, "code" => j_code, "teller" => j_teller)?,
    ))
}

/// The month index of a date given as days since 1970-01-01.
fn maand_van_dag(dag: i32) -> Option<i32> {
    let d = NaiveDate::from_ymd_opt(1970, 1, 1)?
        .checked_add_signed(chrono::Duration::days(dag as i64))?;
    Some(clienttelling::maandindex(d.year(), d.month()))
}

/// The last month on whose first day someone born on `geboren` (days since 1970-01-01) is
/// still 0–17: the month of the 18th birthday, or the month before when that birthday is on
/// the 1st (a birthday counts as reached on the day itself, as in `leeftijd_op`). Born on
/// 29 February: in a year without it the birthday is reached on 1 March.
fn laatste_maand_jeugd(geboren: i32) -> Option<i32> {
    let g = NaiveDate::from_ymd_opt(1970, 1, 1)?
        .checked_add_signed(chrono::Duration::days(geboren as i64))?;
    let maand = clienttelling::maandindex(g.year() + 18, g.month());
    Some(if g.day() == 1 { maand - 1 } else { maand })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laatste_maand_jeugd_bij_verjaardag() {
        let dag =
            |j, m, d| crate::indicatoren::perioden::dag(NaiveDate::from_ymd_opt(j, m, d).unwrap());
        let mi = clienttelling::maandindex;
        // 18 on 2 January 2024: on 1 January still 17 → January 2024 is the last month.
        assert_eq!(laatste_maand_jeugd(dag(2006, 1, 2)), Some(mi(2024, 1)));
        // 18 on 1 January 2024: reached that day → December 2023.
        assert_eq!(laatste_maand_jeugd(dag(2006, 1, 1)), Some(mi(2023, 12)));
        // Born 29 February 2008: 18 on 1 March 2026 (no 29 February) → February 2026.
        assert_eq!(laatste_maand_jeugd(dag(2008, 2, 29)), Some(mi(2026, 2)));
        // The month of a date, before 1970 too.
        assert_eq!(maand_van_dag(dag(1969, 12, 31)), Some(mi(1969, 12)));
        assert_eq!(maand_van_dag(dag(2024, 3, 1)), Some(mi(2024, 3)));
    }
    use crate::indicatoren::definities::testhulp::*;

    #[test]
    fn jeugdhulp_gebruik_leeftijd_actief_en_regio() {
        let tr = [
            // c1 (13): ends on 1 Jan 2024, the first day of 2024 and Q1 → active there, not Q2.
            T {
                geboren: Some(d(2010, 5, 5)),
                ..t(GM_A, "c1", A, "02", d(2023, 3, 1), Some(d(2024, 1, 1)))
            },
            // c2: 18th birthday on 1 Jan 2024 counts as reached → never 0–17 in 2024.
            T {
                geboren: Some(d(2006, 1, 1)),
                segment: "wonen",
                ..t(GM_A, "c2", A, "02", d(2024, 2, 1), None)
            },
            // c3: 17 on 1 Jan (18 on 2 Jan) → counts for 2024 and Q1; 18 on 1 Apr → not Q2.
            T {
                geboren: Some(d(2006, 1, 2)),
                ..t(GM_A, "c3", A, "02", d(2024, 3, 1), Some(d(2024, 5, 31)))
            },
            // c4: born during 2024 → age 0; starts 1 Apr, the day after Q1 → not active in Q1.
            T {
                geboren: Some(d(2024, 3, 10)),
                ..t(GM_A, "c4", A, "02", d(2024, 4, 1), None)
            },
            // c5 (12): moved from GM_A to GM_B → counts in both gemeenten, once in the regio.
            T {
                geboren: Some(d(2012, 1, 1)),
                ..t(GM_A, "c5", A, "02", d(2024, 1, 10), Some(d(2024, 2, 28)))
            },
            T {
                geboren: Some(d(2012, 1, 1)),
                ..t(GM_B, "c5", B, "02", d(2024, 3, 1), None)
            },
            // c6: starts 1 Jan 2025, the day after 2024 → not active.
            t(GM_B, "c6", B, "02", d(2025, 1, 1), None),
            // c7: no geboortedatum → not counted (catalogue keuze).
            T {
                geboren: None,
                segment: "verblijf",
                ..t(GM_B, "c7", B, "11", d(2024, 1, 1), None)
            },
            // c8: ended 31 Dec 2023, the day before 2024 → not active.
            t(GM_B, "c8", B, "02", d(2023, 1, 1), Some(d(2023, 12, 31))),
        ];
        let b = Bronnen {
            bevolking: inwoners(&[
                (GM_A, 2024, "0-17", 1000),
                (GM_B, 2024, "0-17", 500),
                (GM_A, 2024, "totaal", 99_999),
                (GM_A, 2023, "0-17", 7),
            ]),
            ..bronnen(&tr)
        };
        let m = uitkomst(jeugdhulp_gebruik(&b, &perioden_2024()));
        let k = |per, niv, code| ("jeugdhulp_gebruik", per, niv, code, "totaal");
        // 2024: GM_A {c1, c3, c4, c5} = 4 / 1000 → 0.4 %
        is(&m, k("2024", "gemeente", GM_A), r(4.0, 1000.0, 0.4));
        // GM_B {c5} = 1 / 500 → 0.2 %
        is(&m, k("2024", "gemeente", GM_B), r(1.0, 500.0, 0.2));
        // regio {c1, c3, c4, c5} = 4 (c5 once) / (1000 + 500) → 400/1500 = 0.2666… %
        is(&m, k("2024", "regio", "regio"), r(4.0, 1500.0, 4.0 / 15.0));
        // Q1 (noemer: population on 1 Jan): GM_A {c1, c3, c5} = 3 / 1000 → 0.3 %
        is(&m, k("2024-Q1", "gemeente", GM_A), r(3.0, 1000.0, 0.3));
        is(&m, k("2024-Q1", "gemeente", GM_B), r(1.0, 500.0, 0.2));
        // regio Q1 {c1, c3, c5} = 3 / 1500 → 0.2 %
        is(&m, k("2024-Q1", "regio", "regio"), r(3.0, 1500.0, 0.2));
        // Q2 (age on 1 Apr): GM_A {c4} = 1 / 1000 → 0.1 % (c3 is 18 by then)
        is(&m, k("2024-Q2", "gemeente", GM_A), r(1.0, 1000.0, 0.1));
        is(&m, k("2024-Q2", "gemeente", GM_B), r(1.0, 500.0, 0.2));
        // regio Q2 {c4, c5} = 2 / 1500 → 0.1333… %
        is(
            &m,
            k("2024-Q2", "regio", "regio"),
            r(2.0, 1500.0, 2.0 / 15.0),
        );
        assert_eq!(
            m.keys().filter(|k| k.0 == "jeugdhulp_gebruik").count(),
            9,
            "only regio and gemeente, three periods"
        );
        // jeugdhulp_clienten (all ages, the volume of the segment targets), 2024: active are
        // c1, c2, c3, c4, c5, c7 = 6 (c2 is 18 and c7 has no birth date: they count here).
        // Segments: ambulant {c1, c3, c4, c5} = 4; wonen {c2}; verblijf {c7}; wonen and
        // verblijf together {c2, c7} = 2. GM_A {c1, c2, c3, c4, c5} = 5; GM_B {c5, c7} = 2.
        let v = |niv, code, u| ("jeugdhulp_clienten", "2024", niv, code, u);
        is(&m, v("regio", "regio", "totaal"), aantal(6.0));
        is(&m, v("regio", "regio", "segment_ambulant"), aantal(4.0));
        is(&m, v("regio", "regio", "segment_wonen"), aantal(1.0));
        is(&m, v("regio", "regio", "segment_verblijf"), aantal(1.0));
        is(
            &m,
            v("regio", "regio", "segment_wonen_verblijf"),
            aantal(2.0),
        );
        is(&m, v("gemeente", GM_A, "totaal"), aantal(5.0));
        is(&m, v("gemeente", GM_B, "totaal"), aantal(2.0));
    }
}
