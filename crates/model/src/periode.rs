//! Reporting periods (jaar, halfjaar, kwartaal, maand) and the date parsing around them.
//! A `Periode` is always a whole calendar period; dashboards, CBS comparisons and the
//! "active traject" count all hang off it, so its boundaries are defined in one place.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::codes::{CodeFout, string_glue};

/// The Dutch month names, januari first.
pub const MAANDNAMEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Granularity of a [`Periode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PeriodeSoort {
    Jaar,
    Halfjaar,
    Kwartaal,
    Maand,
}

impl PeriodeSoort {
    pub const ALLE: [PeriodeSoort; 4] = [
        PeriodeSoort::Jaar,
        PeriodeSoort::Halfjaar,
        PeriodeSoort::Kwartaal,
        PeriodeSoort::Maand,
    ];

    /// Accepts the ids `jaar`, `halfjaar`, `kwartaal`, `maand` in any case.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        PeriodeSoort::ALLE
            .into_iter()
            .find(|p| p.id().eq_ignore_ascii_case(t))
            .ok_or_else(|| CodeFout::PeriodeSoort(t.to_string()))
    }

    pub fn id(self) -> &'static str {
        match self {
            PeriodeSoort::Jaar => "jaar",
            PeriodeSoort::Halfjaar => "halfjaar",
            PeriodeSoort::Kwartaal => "kwartaal",
            PeriodeSoort::Maand => "maand",
        }
    }

    pub fn naam(self) -> &'static str {
        match self {
            PeriodeSoort::Jaar => "Jaar",
            PeriodeSoort::Halfjaar => "Halfjaar",
            PeriodeSoort::Kwartaal => "Kwartaal",
            PeriodeSoort::Maand => "Maand",
        }
    }

    /// Length of one period of this soort in months (12, 6, 3, 1).
    pub fn aantal_maanden(self) -> u8 {
        match self {
            PeriodeSoort::Jaar => 12,
            PeriodeSoort::Halfjaar => 6,
            PeriodeSoort::Kwartaal => 3,
            PeriodeSoort::Maand => 1,
        }
    }
}

impl fmt::Display for PeriodeSoort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A calendar period. The number in `Halfjaar` is 1..=2, in `Kwartaal` 1..=4 and in
/// `Maand` 1..=12; [`Periode::parse`] and the methods here only ever produce those.
/// Building a variant by hand with another number makes `start`/`einde` panic.
///
/// Ordering is by start date, then shorter first: `2024-01 < 2024-Q1 < 2024-H1 < 2024 < 2024-02`.
/// That keeps a mixed list chronological while still being a total order consistent with `Eq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Periode {
    Jaar(i32),
    Halfjaar(i32, u8),
    Kwartaal(i32, u8),
    Maand(i32, u8),
}

impl Periode {
    /// Accepts `2024`, `2024-H1`, `2024-Q3`, `2024-07` (h/q in any case) and the CBS StatLine
    /// codes `2024JJ00`, `2024HJ01`, `2024KW03`, `2024MM07`. Years 1900..=2100 only, which
    /// catches two-digit years and typos like `20244` early.
    pub fn parse(s: &str) -> Result<Self, CodeFout> {
        let t = s.trim();
        parse_periode(t).ok_or_else(|| CodeFout::Periode(t.to_string()))
    }

    pub fn soort(self) -> PeriodeSoort {
        match self {
            Periode::Jaar(_) => PeriodeSoort::Jaar,
            Periode::Halfjaar(..) => PeriodeSoort::Halfjaar,
            Periode::Kwartaal(..) => PeriodeSoort::Kwartaal,
            Periode::Maand(..) => PeriodeSoort::Maand,
        }
    }

    pub fn jaar(self) -> i32 {
        match self {
            Periode::Jaar(j)
            | Periode::Halfjaar(j, _)
            | Periode::Kwartaal(j, _)
            | Periode::Maand(j, _) => j,
        }
    }

    /// First day of the period.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.jaar(), u32::from(self.eerste_maand()), 1)
            .unwrap_or_else(|| panic!("ongeldige periode {self:?}"))
    }

    /// Last day of the period, inclusive.
    pub fn einde(self) -> NaiveDate {
        self.volgende()
            .start()
            .pred_opt()
            .expect("a period start always has a previous day")
    }

    /// Whether `datum` falls within the period (both ends inclusive).
    pub fn bevat(self, datum: NaiveDate) -> bool {
        self.start() <= datum && datum <= self.einde()
    }

    pub fn volgende(self) -> Periode {
        let index = self.maandindex() + i32::from(self.soort().aantal_maanden());
        Periode::rond_maandindex(self.soort(), index)
    }

    pub fn vorige(self) -> Periode {
        Periode::rond_maandindex(self.soort(), self.maandindex() - 1)
    }

    /// The same period one year earlier (year-on-year comparisons).
    pub fn jaar_eerder(self) -> Periode {
        match self {
            Periode::Jaar(j) => Periode::Jaar(j - 1),
            Periode::Halfjaar(j, h) => Periode::Halfjaar(j - 1, h),
            Periode::Kwartaal(j, k) => Periode::Kwartaal(j - 1, k),
            Periode::Maand(j, m) => Periode::Maand(j - 1, m),
        }
    }

    /// The months that make up this period, in order (a `Maand` yields itself).
    pub fn maanden(self) -> impl Iterator<Item = Periode> {
        let eerste = self.maandindex();
        (0..i32::from(self.soort().aantal_maanden()))
            .map(move |i| Periode::rond_maandindex(PeriodeSoort::Maand, eerste + i))
    }

    /// The period of `soort` that contains `datum`.
    pub fn van_datum(soort: PeriodeSoort, datum: NaiveDate) -> Periode {
        let index = datum.year() * 12 + datum.month0() as i32;
        Periode::rond_maandindex(soort, index)
    }

    /// All periods of `soort` that overlap `[van, tot]` (inclusive), in order;
    /// empty when `van > tot`.
    pub fn reeks(soort: PeriodeSoort, van: NaiveDate, tot: NaiveDate) -> Vec<Periode> {
        let mut reeks = Vec::new();
        if van > tot {
            return reeks;
        }
        let mut p = Periode::van_datum(soort, van);
        while p.start() <= tot {
            reeks.push(p);
            p = p.volgende();
        }
        reeks
    }

    /// Dutch label for people: `2024`, `1e halfjaar 2024`, `3e kwartaal 2024`, `juli 2024`.
    pub fn label(self) -> String {
        match self {
            Periode::Jaar(j) => j.to_string(),
            Periode::Halfjaar(j, h) => format!("{h}e halfjaar {j}"),
            Periode::Kwartaal(j, k) => format!("{k}e kwartaal {j}"),
            Periode::Maand(j, m) => format!("{} {j}", MAANDNAMEN[usize::from(m) - 1]),
        }
    }

    /// The product's definition of an active traject: started on or before the last day
    /// of the period and not ended before its first day. An open end (`None`) is still running.
    pub fn is_actief(self, start: NaiveDate, einde: Option<NaiveDate>) -> bool {
        start <= self.einde() && einde.is_none_or(|e| e >= self.start())
    }

    fn eerste_maand(self) -> u8 {
        match self {
            Periode::Jaar(_) => 1,
            Periode::Halfjaar(_, h) => (h - 1) * 6 + 1,
            Periode::Kwartaal(_, k) => (k - 1) * 3 + 1,
            Periode::Maand(_, m) => m,
        }
    }

    /// Months since year 0, so period arithmetic never has to special-case year boundaries.
    fn maandindex(self) -> i32 {
        self.jaar() * 12 + i32::from(self.eerste_maand()) - 1
    }

    /// The period of `soort` containing the month with the given index.
    fn rond_maandindex(soort: PeriodeSoort, index: i32) -> Periode {
        let jaar = index.div_euclid(12);
        let maand0 = index.rem_euclid(12) as u8;
        match soort {
            PeriodeSoort::Jaar => Periode::Jaar(jaar),
            PeriodeSoort::Halfjaar => Periode::Halfjaar(jaar, maand0 / 6 + 1),
            PeriodeSoort::Kwartaal => Periode::Kwartaal(jaar, maand0 / 3 + 1),
            PeriodeSoort::Maand => Periode::Maand(jaar, maand0 + 1),
        }
    }
}

impl Ord for Periode {
    fn cmp(&self, other: &Self) -> Ordering {
        let sleutel = |p: &Periode| (p.maandindex(), p.soort().aantal_maanden());
        sleutel(self).cmp(&sleutel(other))
    }
}

impl PartialOrd for Periode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Periode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Periode::Jaar(j) => write!(f, "{j}"),
            Periode::Halfjaar(j, h) => write!(f, "{j}-H{h}"),
            Periode::Kwartaal(j, k) => write!(f, "{j}-Q{k}"),
            Periode::Maand(j, m) => write!(f, "{j}-{m:02}"),
        }
    }
}

string_glue!(PeriodeSoort, Periode);

fn parse_periode(t: &str) -> Option<Periode> {
    if !t.is_ascii() || t.len() < 4 {
        return None;
    }
    let jaar = cijfers(&t[..4]).filter(|j| (1900..=2100).contains(j))? as i32;
    let rest = t[4..].to_ascii_uppercase();
    let nummer = |s: &str, max: u32| {
        cijfers(s)
            .filter(|n| (1..=max).contains(n))
            .map(|n| n as u8)
    };
    let periode = match rest.as_str() {
        "" | "JJ00" => Periode::Jaar(jaar),
        r if r.len() == 3 && r.starts_with("-H") => Periode::Halfjaar(jaar, nummer(&r[2..], 2)?),
        r if r.len() == 3 && r.starts_with("-Q") => Periode::Kwartaal(jaar, nummer(&r[2..], 4)?),
        r if r.len() == 3 && r.starts_with('-') => Periode::Maand(jaar, nummer(&r[1..], 12)?),
        r if r.len() == 4 && r.starts_with("HJ") => Periode::Halfjaar(jaar, nummer(&r[2..], 2)?),
        r if r.len() == 4 && r.starts_with("KW") => Periode::Kwartaal(jaar, nummer(&r[2..], 4)?),
        r if r.len() == 4 && r.starts_with("MM") => Periode::Maand(jaar, nummer(&r[2..], 12)?),
        _ => return None,
    };
    Some(periode)
}

/// Non-empty ASCII digits only; `str::parse` alone would also take a leading `+`.
fn cijfers(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses a date as it appears in Dutch source files: `dd-mm-jjjj`, `d-m-jjjj`,
/// `dd/mm/jjjj` or `jjjj-mm-dd`. Impossible dates such as `31-02-2024` are rejected
/// rather than rolled over, because a rolled-over date would silently shift a traject.
pub fn parse_datum(s: &str) -> Result<NaiveDate, CodeFout> {
    let t = s.trim();
    parse_datum_delen(t).ok_or_else(|| CodeFout::Datum(t.to_string()))
}

fn parse_datum_delen(t: &str) -> Option<NaiveDate> {
    let scheiding = if t.contains('-') { '-' } else { '/' };
    // Exactly three parts, without collecting them (a date in every row of every file).
    let mut delen = t.split(scheiding);
    let (Some(a), Some(b), Some(c), None) =
        (delen.next(), delen.next(), delen.next(), delen.next())
    else {
        return None;
    };
    let (jaar, maand, dag) = if a.len() == 4 {
        (a, b, c)
    } else if c.len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    if jaar.len() != 4 || !(1..=2).contains(&maand.len()) || !(1..=2).contains(&dag.len()) {
        return None;
    }
    NaiveDate::from_ymd_opt(cijfers(jaar)? as i32, cijfers(maand)?, cijfers(dag)?)
}

/// Parses a month `jjjj-mm` (also `jjjj-m`) into `(jaar, maand)`. Used for `aanlevering`
/// and for a `geboortedatum` known only to the month, which then means the 1st of that month.
pub fn parse_maand(s: &str) -> Result<(i32, u8), CodeFout> {
    let t = s.trim();
    let fout = || CodeFout::Maand(t.to_string());
    let (jaar, maand) = t.split_once('-').ok_or_else(fout)?;
    if jaar.len() != 4 || !(1..=2).contains(&maand.len()) {
        return Err(fout());
    }
    match (cijfers(jaar), cijfers(maand)) {
        (Some(j), Some(m @ 1..=12)) => Ok((j as i32, m as u8)),
        _ => Err(fout()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap()
    }

    fn p(s: &str) -> Periode {
        Periode::parse(s).unwrap()
    }

    #[test]
    fn parse_canoniek_en_varianten() {
        assert_eq!(p("2024"), Periode::Jaar(2024));
        assert_eq!(p("2024-H1"), Periode::Halfjaar(2024, 1));
        assert_eq!(p("2024-h2"), Periode::Halfjaar(2024, 2));
        assert_eq!(p("2024-Q3"), Periode::Kwartaal(2024, 3));
        assert_eq!(p("2024-q4"), Periode::Kwartaal(2024, 4));
        assert_eq!(p("2024-07"), Periode::Maand(2024, 7));
        assert_eq!(p(" 2024-12 "), Periode::Maand(2024, 12));
        assert_eq!(p("2024JJ00"), Periode::Jaar(2024));
        assert_eq!(p("2024HJ01"), Periode::Halfjaar(2024, 1));
        assert_eq!(p("2024KW03"), Periode::Kwartaal(2024, 3));
        assert_eq!(p("2024MM07"), Periode::Maand(2024, 7));
        assert_eq!(p("1900"), Periode::Jaar(1900));
        assert_eq!(p("2100-Q4"), Periode::Kwartaal(2100, 4));
        for s in ["2024", "2024-H1", "2024-Q3", "2024-07"] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("2024MM07").to_string(), "2024-07");
        assert_eq!(
            "2024-q1".parse::<Periode>().unwrap(),
            Periode::Kwartaal(2024, 1)
        );
    }

    #[test]
    fn parse_afgewezen() {
        assert_eq!(
            Periode::parse("2024-Q5").unwrap_err().to_string(),
            "\"2024-Q5\" is geen geldige periode: verwacht jjjj, jjjj-H1, jjjj-Q3 of jjjj-mm (bijv. 2024-07), met een jaar van 1900 t/m 2100"
        );
        for s in [
            "", "24", "1899", "2101", "20244", "2024-H3", "2024-H0", "2024-Q0", "2024-13",
            "2024-00", "2024-7", "2024-H", "2024JJ01", "2024HJ03", "2024KW05", "2024MM13",
            "2024MM00", "2024-Q+1", "2024-€", "+024", "2024 Q1",
        ] {
            assert!(
                matches!(Periode::parse(s), Err(CodeFout::Periode(_))),
                "{s:?}"
            );
        }
    }

    #[test]
    fn start_en_einde() {
        assert_eq!(p("2024-02").start(), d(2024, 2, 1));
        assert_eq!(p("2024-02").einde(), d(2024, 2, 29));
        assert_eq!(p("2023-02").einde(), d(2023, 2, 28));
        assert_eq!(p("2024-H1").start(), d(2024, 1, 1));
        assert_eq!(p("2024-H1").einde(), d(2024, 6, 30));
        assert_eq!(p("2024-H2").start(), d(2024, 7, 1));
        assert_eq!(p("2024-H2").einde(), d(2024, 12, 31));
        assert_eq!(p("2024-Q2").start(), d(2024, 4, 1));
        assert_eq!(p("2024-Q2").einde(), d(2024, 6, 30));
        assert_eq!(p("2024-Q4").start(), d(2024, 10, 1));
        assert_eq!(p("2024-Q4").einde(), d(2024, 12, 31));
        assert_eq!(p("2024").start(), d(2024, 1, 1));
        assert_eq!(p("2024").einde(), d(2024, 12, 31));
        assert_eq!(p("2024-12").einde(), d(2024, 12, 31));
        assert!(p("2024-Q1").bevat(d(2024, 3, 31)));
        assert!(p("2024-Q1").bevat(d(2024, 1, 1)));
        assert!(!p("2024-Q1").bevat(d(2024, 4, 1)));
        assert!(!p("2024-Q1").bevat(d(2023, 12, 31)));
    }

    #[test]
    fn soort_jaar_label() {
        assert_eq!(p("2024-Q3").soort(), PeriodeSoort::Kwartaal);
        assert_eq!(p("2024-Q3").jaar(), 2024);
        assert_eq!(p("2024").label(), "2024");
        assert_eq!(p("2024-H1").label(), "1e halfjaar 2024");
        assert_eq!(p("2024-Q3").label(), "3e kwartaal 2024");
        assert_eq!(p("2024-07").label(), "juli 2024");
        assert_eq!(p("2024-01").label(), "januari 2024");
        assert_eq!(p("2024-12").label(), "december 2024");
    }

    #[test]
    fn volgende_vorige_jaar_eerder() {
        assert_eq!(p("2024-12").volgende(), p("2025-01"));
        assert_eq!(p("2025-01").vorige(), p("2024-12"));
        assert_eq!(p("2024-Q4").volgende(), p("2025-Q1"));
        assert_eq!(p("2024-Q1").vorige(), p("2023-Q4"));
        assert_eq!(p("2024-H2").volgende(), p("2025-H1"));
        assert_eq!(p("2024-H1").vorige(), p("2023-H2"));
        assert_eq!(p("2024").volgende(), p("2025"));
        assert_eq!(p("2024").vorige(), p("2023"));
        assert_eq!(p("2024-Q3").jaar_eerder(), p("2023-Q3"));
        assert_eq!(p("2024-02").jaar_eerder(), p("2023-02"));
        assert_eq!(p("2024-H2").jaar_eerder(), p("2023-H2"));
        assert_eq!(p("2024").jaar_eerder(), p("2023"));
    }

    #[test]
    fn maanden() {
        let q3: Vec<String> = p("2024-Q3").maanden().map(|m| m.to_string()).collect();
        assert_eq!(q3, ["2024-07", "2024-08", "2024-09"]);
        assert_eq!(p("2024").maanden().count(), 12);
        assert_eq!(p("2024").maanden().last(), Some(p("2024-12")));
        assert_eq!(p("2024-H2").maanden().next(), Some(p("2024-07")));
        assert_eq!(p("2024-05").maanden().collect::<Vec<_>>(), [p("2024-05")]);
    }

    #[test]
    fn van_datum() {
        let dag = d(2024, 8, 15);
        assert_eq!(Periode::van_datum(PeriodeSoort::Jaar, dag), p("2024"));
        assert_eq!(
            Periode::van_datum(PeriodeSoort::Halfjaar, dag),
            p("2024-H2")
        );
        assert_eq!(
            Periode::van_datum(PeriodeSoort::Kwartaal, dag),
            p("2024-Q3")
        );
        assert_eq!(Periode::van_datum(PeriodeSoort::Maand, dag), p("2024-08"));
        assert_eq!(
            Periode::van_datum(PeriodeSoort::Halfjaar, d(2024, 6, 30)),
            p("2024-H1")
        );
        assert_eq!(
            Periode::van_datum(PeriodeSoort::Kwartaal, d(2024, 4, 1)),
            p("2024-Q2")
        );
        assert_eq!(
            Periode::van_datum(PeriodeSoort::Kwartaal, d(2024, 12, 31)),
            p("2024-Q4")
        );
    }

    #[test]
    fn reeks() {
        let r = Periode::reeks(PeriodeSoort::Kwartaal, d(2023, 12, 31), d(2024, 4, 1));
        assert_eq!(r, [p("2023-Q4"), p("2024-Q1"), p("2024-Q2")]);
        let r = Periode::reeks(PeriodeSoort::Kwartaal, d(2024, 1, 1), d(2024, 3, 31));
        assert_eq!(r, [p("2024-Q1")]);
        let r = Periode::reeks(PeriodeSoort::Maand, d(2024, 2, 29), d(2024, 2, 29));
        assert_eq!(r, [p("2024-02")]);
        let r = Periode::reeks(PeriodeSoort::Jaar, d(2022, 6, 1), d(2024, 1, 1));
        assert_eq!(r, [p("2022"), p("2023"), p("2024")]);
        let r = Periode::reeks(PeriodeSoort::Halfjaar, d(2024, 6, 30), d(2024, 7, 1));
        assert_eq!(r, [p("2024-H1"), p("2024-H2")]);
        assert_eq!(
            Periode::reeks(PeriodeSoort::Maand, d(2024, 12, 31), d(2025, 1, 1)).len(),
            2
        );
        assert!(Periode::reeks(PeriodeSoort::Maand, d(2024, 5, 1), d(2024, 4, 30)).is_empty());
    }

    #[test]
    fn ordening() {
        assert!(p("2024-01") < p("2024-Q1"));
        assert!(p("2024-Q1") < p("2024-H1"));
        assert!(p("2024-H1") < p("2024"));
        assert!(p("2024") < p("2024-02"));
        assert!(p("2023-12") < p("2024-01"));
        assert!(p("2023") < p("2024-01"));
        let mut v = vec![
            p("2024-Q2"),
            p("2023"),
            p("2024-03"),
            p("2024-Q1"),
            p("2024"),
        ];
        v.sort();
        assert_eq!(
            v,
            [
                p("2023"),
                p("2024-Q1"),
                p("2024"),
                p("2024-03"),
                p("2024-Q2")
            ]
        );
        assert_eq!(p("2024-Q2").cmp(&p("2024KW02")), Ordering::Equal);
    }

    #[test]
    fn is_actief() {
        let q = p("2024-Q2"); // 2024-04-01 ..= 2024-06-30
        assert!(
            q.is_actief(d(2024, 1, 1), Some(d(2024, 4, 1))),
            "einde == periodestart"
        );
        assert!(
            !q.is_actief(d(2024, 1, 1), Some(d(2024, 3, 31))),
            "einde vóór periode"
        );
        assert!(q.is_actief(d(2024, 6, 30), None), "start op laatste dag");
        assert!(
            !q.is_actief(d(2024, 7, 1), None),
            "start dag na periode-einde"
        );
        assert!(!q.is_actief(d(2024, 7, 1), Some(d(2024, 8, 1))));
        assert!(q.is_actief(d(2020, 1, 1), None), "open einde");
        assert!(
            q.is_actief(d(2024, 5, 1), Some(d(2024, 5, 2))),
            "geheel binnen"
        );
        assert!(
            q.is_actief(d(2023, 1, 1), Some(d(2025, 1, 1))),
            "omvat periode"
        );
    }

    #[test]
    fn periodesoort() {
        assert_eq!(
            PeriodeSoort::parse("kwartaal").unwrap(),
            PeriodeSoort::Kwartaal
        );
        assert_eq!(PeriodeSoort::parse(" Maand ").unwrap(), PeriodeSoort::Maand);
        for s in PeriodeSoort::ALLE {
            assert_eq!(PeriodeSoort::parse(s.id()).unwrap(), s);
        }
        assert_eq!(PeriodeSoort::Halfjaar.naam(), "Halfjaar");
        assert_eq!(PeriodeSoort::Halfjaar.aantal_maanden(), 6);
        assert_eq!(
            PeriodeSoort::parse("week").unwrap_err().to_string(),
            "\"week\" is geen geldige periodesoort: verwacht jaar, halfjaar, kwartaal of maand"
        );
    }

    #[test]
    fn serde_als_tekst() {
        #[derive(Serialize, Deserialize, Debug, PartialEq)]
        struct Cfg {
            periode: Periode,
            soort: PeriodeSoort,
        }
        let cfg: Cfg = toml::from_str("periode = \"2024KW03\"\nsoort = \"maand\"").unwrap();
        assert_eq!(
            cfg,
            Cfg {
                periode: p("2024-Q3"),
                soort: PeriodeSoort::Maand
            }
        );
        let tekst = toml::to_string(&cfg).unwrap();
        assert!(tekst.contains("periode = \"2024-Q3\""), "{tekst}");
        assert!(tekst.contains("soort = \"maand\""), "{tekst}");
        let err = toml::from_str::<Cfg>("periode = \"2024-13\"\nsoort = \"maand\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("\"2024-13\" is geen geldige periode"),
            "{err}"
        );
    }

    #[test]
    fn datum() {
        assert_eq!(parse_datum("01-03-2024").unwrap(), d(2024, 3, 1));
        assert_eq!(parse_datum("1-3-2024").unwrap(), d(2024, 3, 1));
        assert_eq!(parse_datum("2024-03-01").unwrap(), d(2024, 3, 1));
        assert_eq!(parse_datum("01/03/2024").unwrap(), d(2024, 3, 1));
        assert_eq!(parse_datum(" 29-02-2024 ").unwrap(), d(2024, 2, 29));
        assert_eq!(
            parse_datum("31-02-2024").unwrap_err().to_string(),
            "\"31-02-2024\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd"
        );
        for s in [
            "",
            "29-02-2023",
            "2024-13-01",
            "00-01-2024",
            "01-03-24",
            "2024/03",
            "01-03/2024",
            "001-03-2024",
            "01-03-2024 00:00",
            "1.3.2024",
            "+1-3-2024",
            "2024-03-01-01",
        ] {
            assert!(matches!(parse_datum(s), Err(CodeFout::Datum(_))), "{s:?}");
        }
    }

    #[test]
    fn maand() {
        assert_eq!(parse_maand("2024-07").unwrap(), (2024, 7));
        assert_eq!(parse_maand(" 2024-7 ").unwrap(), (2024, 7));
        assert_eq!(parse_maand("2010-12").unwrap(), (2010, 12));
        assert_eq!(
            parse_maand("2024-13").unwrap_err().to_string(),
            "\"2024-13\" is geen geldige maand: verwacht jjjj-mm (bijv. 2024-07)"
        );
        for s in [
            "",
            "2024",
            "07-2024",
            "2024-00",
            "24-07",
            "2024-07-01",
            "2024-+7",
        ] {
            assert!(matches!(parse_maand(s), Err(CodeFout::Maand(_))), "{s:?}");
        }
    }
}
