//! Distinct clients per period, level and scope, counted in one pass over rows sorted by
//! client (issue 20: "sort-based distinct counts").
//!
//! A count of distinct clients does not add up over months, gemeenten or providers, so the
//! plans used to hash every client into every group of every period kind and level (a
//! `group_by` with nearly as many groups as rows: at 10× Twente ≈ 1 million rows a second,
//! two thirds of the time of the six core indicators). Here the rows are sorted by client once;
//! each client's own (period, level code, scope) cells are deduplicated in a small buffer and
//! added to dense counters. Memory: the rows (five integers each) and one counter per
//! (period, code, scope) — it does not grow with the number of clients beyond the rows.

use std::collections::HashMap;

use chrono::Datelike;
use model::{Periode, PeriodeSoort};
use polars::prelude::{PlHashMap, PolarsError, PolarsResult};
use rayon::prelude::*;

use crate::indicatoren::Niveau;

/// Not at this level (a row without a provider, a code number).
pub const GEEN: u32 = u32::MAX;

/// One row to count: a client in the months `maand_van..=maand_tot` (month index
/// [`maandindex`]), at a gemeente, a provider and a gemeente–provider pair (numbers from the
/// caller's dictionaries; [`GEEN`]: not at that level), in the scopes whose bits are set in
/// `scopes` (bit *i*: scope *i*, e.g. totaal, a segment). The scopes also set in `beperkt`
/// count only in periods whose first month is at most `beperkt_tot` (an age class: 0–17 at
/// the start of the period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rij {
    pub client: u32,
    pub maand_van: i32,
    pub maand_tot: i32,
    pub gemeente: u32,
    pub aanbieder: u32,
    pub paar: u32,
    pub scopes: u32,
    pub beperkt: u32,
    pub beperkt_tot: i32,
}

/// The number of codes at each level (the sizes of the caller's dictionaries).
#[derive(Debug, Clone, Copy)]
pub struct Aantallen {
    pub gemeenten: usize,
    pub aanbieders: usize,
    pub paren: usize,
    pub scopes: usize,
}

/// One count: `clienten` distinct clients in `periode`, at the level's code number `code`
/// (0 for the region), in scope number `scope`. Only non-zero counts are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Telling {
    pub periode: Periode,
    pub code: u32,
    pub scope: u32,
    pub clienten: u32,
}

/// The month index (`jaar × 12 + maand − 1`) of a month.
pub fn maandindex(jaar: i32, maand: u32) -> i32 {
    jaar * 12 + maand as i32 - 1
}

/// The month index of a month written `jjjj-mm`; `None` for anything else.
pub fn maand_van_tekst(t: &str) -> Option<i32> {
    let (j, m) = t.split_once('-')?;
    if j.len() != 4 || m.len() != 2 {
        return None;
    }
    let (j, m): (i32, u32) = (j.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then(|| maandindex(j, m))
}

/// Numbers for names, in order of first appearance (a dictionary for [`Rij`]'s columns).
#[derive(Debug, Default)]
pub struct Woordenboek<'a> {
    nummers: PlHashMap<&'a str, u32>,
    namen: Vec<&'a str>,
}

impl<'a> Woordenboek<'a> {
    /// The number of `naam`, given it if it is new.
    pub fn nummer(&mut self, naam: &'a str) -> u32 {
        if let Some(n) = self.nummers.get(naam) {
            return *n;
        }
        let n = self.namen.len() as u32;
        self.nummers.insert(naam, n);
        self.namen.push(naam);
        n
    }

    /// The name of number `n`.
    pub fn naam(&self, n: u32) -> &'a str {
        self.namen[n as usize]
    }

    /// How many names have a number.
    pub fn aantal(&self) -> usize {
        self.namen.len()
    }
}

fn periode_van(soort: PeriodeSoort, m: i32) -> Periode {
    let (jaar, m0) = (m.div_euclid(12), m.rem_euclid(12) as u8);
    match soort {
        PeriodeSoort::Jaar => Periode::Jaar(jaar),
        PeriodeSoort::Halfjaar => Periode::Halfjaar(jaar, m0 / 6 + 1),
        PeriodeSoort::Kwartaal => Periode::Kwartaal(jaar, m0 / 3 + 1),
        PeriodeSoort::Maand => Periode::Maand(jaar, m0 + 1),
    }
}

/// The counters of one (period kind, level): periods of that kind in `perioden`, the
/// period each month lies in, and one counter per (period, code, scope) with the last client
/// counted in it (a client's rows are consecutive, so a cell whose stamp is the client has
/// counted it already).
struct Teller {
    soort: PeriodeSoort,
    niveau: Niveau,
    perioden: Vec<Periode>,
    /// Per period: the month index of its first month.
    eerste_maand: Vec<i32>,
    /// Per month from the first month counted: the number of its period in `perioden`.
    per_maand: Vec<Option<u32>>,
    /// The length of this kind's periods in months.
    stap: i32,
    codes: usize,
    scopes: usize,
    tellers: Vec<u32>,
    stempels: Vec<u32>,
}

/// The counters of every (period kind, level) of `perioden` and `niveaus`, for the months
/// `eerste..=laatste`.
fn tellers(
    perioden: &[Periode],
    niveaus: &[Niveau],
    n: Aantallen,
    (eerste, laatste): (i32, i32),
) -> Vec<Teller> {
    let mut tellers = Vec::new();
    for soort in PeriodeSoort::ALLE {
        let eigen: Vec<Periode> = perioden
            .iter()
            .copied()
            .filter(|p| p.soort() == soort)
            .collect();
        if eigen.is_empty() {
            continue;
        }
        let nummer: HashMap<Periode, u32> = eigen
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, i as u32))
            .collect();
        let per_maand: Vec<Option<u32>> = (eerste..=laatste)
            .map(|m| nummer.get(&periode_van(soort, m)).copied())
            .collect();
        let eerste_maand: Vec<i32> = eigen
            .iter()
            .map(|p| {
                let s = p.start();
                maandindex(s.year(), s.month())
            })
            .collect();
        let stap = match soort {
            PeriodeSoort::Jaar => 12,
            PeriodeSoort::Halfjaar => 6,
            PeriodeSoort::Kwartaal => 3,
            PeriodeSoort::Maand => 1,
        };
        for &niveau in niveaus.iter().filter(|n| n.berekend_voor(soort)) {
            let codes = match niveau {
                Niveau::Regio => 1,
                Niveau::Gemeente => n.gemeenten,
                Niveau::Aanbieder => n.aanbieders,
                Niveau::AanbiederGemeente => n.paren,
            };
            let cellen = eigen.len() * codes * n.scopes;
            tellers.push(Teller {
                soort,
                niveau,
                perioden: eigen.clone(),
                eerste_maand: eerste_maand.clone(),
                per_maand: per_maand.clone(),
                stap,
                codes,
                scopes: n.scopes,
                tellers: vec![0; cellen],
                stempels: vec![GEEN; cellen],
            });
        }
    }
    tellers
}

impl Teller {
    fn code(&self, r: &Rij) -> u32 {
        match self.niveau {
            Niveau::Regio => 0,
            Niveau::Gemeente => r.gemeente,
            Niveau::Aanbieder => r.aanbieder,
            Niveau::AanbiederGemeente => r.paar,
        }
    }

    /// Counts the client of `r` in every cell of `r` it has not been counted in yet (`eerste`:
    /// the first month of `per_maand`; `van..=tot`: the row's months within the counters').
    fn tel(&mut self, r: &Rij, eerste: i32, (van, tot): (i32, i32)) {
        let code = self.code(r);
        if code == GEEN {
            return;
        }
        // One step per period, not per month: a stay of five years is five steps for the
        // years.
        let mut m = van;
        while m <= tot {
            if let Some(p) = self.per_maand[(m - eerste) as usize] {
                let mut s = r.scopes;
                if self.eerste_maand[p as usize] > r.beperkt_tot {
                    s &= !r.beperkt;
                }
                let basis = (p as usize * self.codes + code as usize) * self.scopes;
                while s != 0 {
                    let i = basis + s.trailing_zeros() as usize;
                    s &= s - 1;
                    if self.stempels[i] != r.client {
                        self.stempels[i] = r.client;
                        self.tellers[i] += 1;
                    }
                }
            }
            m = (m.div_euclid(self.stap) + 1) * self.stap;
        }
    }

    /// The non-zero counts.
    fn uitkomst(&self) -> Vec<Telling> {
        self.tellers
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| Telling {
                periode: self.perioden[i / (self.codes * self.scopes)],
                code: ((i / self.scopes) % self.codes) as u32,
                scope: (i % self.scopes) as u32,
                clienten: *c,
            })
            .collect()
    }
}

/// Counts the distinct clients of `rijen` per period of `perioden`, level of `niveaus` (each
/// for the period kinds it is computed for: [`Niveau::berekend_voor`]) and scope: a client
/// counts once in a cell when any of its rows has a month in the period, the cell's code and
/// the scope's bit. Months outside `perioden` are not counted. Sorts `rijen` by client.
pub fn tel(
    rijen: &mut [Rij],
    perioden: &[Periode],
    niveaus: &[Niveau],
    n: Aantallen,
) -> HashMap<(PeriodeSoort, Niveau), Vec<Telling>> {
    assert!(n.scopes <= 32, "hoogstens 32 scopes");
    let Some(eerste) = perioden.iter().map(|p| maandindex(p.jaar(), 1)).min() else {
        return HashMap::new();
    };
    let laatste = perioden
        .iter()
        .map(|p| maandindex(p.jaar(), 12))
        .max()
        .unwrap_or(eerste);
    let mut tellers = tellers(perioden, niveaus, n, (eerste, laatste));
    // A client's rows one after another: the stamps then count each client once per cell.
    // The counters are independent: each thread steps through all rows for its share of them.
    rijen.par_sort_unstable_by_key(|r| r.client);
    let per_draad = tellers
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    tellers.par_chunks_mut(per_draad).for_each(|deel| {
        for r in rijen.iter() {
            let maanden = (r.maand_van.max(eerste), r.maand_tot.min(laatste));
            for t in deel.iter_mut() {
                t.tel(r, eerste, maanden);
            }
        }
    });
    tellers
        .iter()
        .map(|t| ((t.soort, t.niveau), t.uitkomst()))
        .collect()
}

/// The dictionaries behind the numbers of [`Rij`] (clients, gemeenten, providers, their
/// pairs), and the scopes: `vast` fixed ones (numbered by the caller), then one per segment.
#[derive(Debug)]
pub struct Codes<'a> {
    clienten: Woordenboek<'a>,
    gemeenten: Woordenboek<'a>,
    aanbieders: Woordenboek<'a>,
    segmenten: Woordenboek<'a>,
    paren: PlHashMap<(u32, u32), u32>,
    /// Per pair number: `agb|gemeente`, the code of [`Niveau::AanbiederGemeente`].
    paarnamen: Vec<String>,
    vast: u32,
}

impl<'a> Codes<'a> {
    /// Empty dictionaries; segment scopes are numbered from `vast`.
    pub fn new(vast: u32) -> Codes<'a> {
        Codes {
            clienten: Woordenboek::default(),
            gemeenten: Woordenboek::default(),
            aanbieders: Woordenboek::default(),
            segmenten: Woordenboek::default(),
            paren: PlHashMap::default(),
            paarnamen: Vec::new(),
            vast,
        }
    }

    /// A client's number (a missing pseudonym is one client, as `n_unique` counts null once).
    pub fn client(&mut self, c: Option<&'a str>) -> u32 {
        self.clienten.nummer(c.unwrap_or(""))
    }

    pub fn gemeente(&mut self, g: Option<&'a str>) -> u32 {
        g.map_or(GEEN, |g| self.gemeenten.nummer(g))
    }

    pub fn aanbieder(&mut self, a: Option<&'a str>) -> u32 {
        a.map_or(GEEN, |a| self.aanbieders.nummer(a))
    }

    /// The number of the pair (provider `a`, gemeente `g`); [`GEEN`] when either is missing.
    pub fn paar(&mut self, a: u32, g: u32) -> u32 {
        if a == GEEN || g == GEEN {
            return GEEN;
        }
        let volgend = self.paren.len() as u32;
        let nr = *self.paren.entry((a, g)).or_insert(volgend);
        if nr == volgend {
            self.paarnamen.push(format!(
                "{}|{}",
                self.aanbieders.naam(a),
                self.gemeenten.naam(g)
            ));
        }
        nr
    }

    /// The scope of segment `seg` (at most 32 scopes in all).
    pub fn segment_scope(&mut self, seg: &'a str) -> PolarsResult<u32> {
        let scope = self.vast + self.segmenten.nummer(seg);
        if scope >= 32 {
            return Err(PolarsError::ComputeError(
                format!("te veel segmenten om cliënten te tellen (bij '{seg}')").into(),
            ));
        }
        Ok(scope)
    }

    /// The split of a segment scope: `segment_<id>`.
    pub fn segment_uitsplitsing(&self, scope: u32) -> String {
        format!("segment_{}", self.segmenten.naam(scope - self.vast))
    }

    pub fn aantallen(&self) -> Aantallen {
        Aantallen {
            gemeenten: self.gemeenten.aantal(),
            aanbieders: self.aanbieders.aantal(),
            paren: self.paren.len(),
            scopes: self.vast as usize + self.segmenten.aantal(),
        }
    }

    /// The `code` of number `c` at level `n` (as [`Niveau::code`] gives it).
    pub fn code(&self, n: Niveau, c: u32) -> &str {
        match n {
            Niveau::Regio => "regio",
            Niveau::Gemeente => self.gemeenten.naam(c),
            Niveau::Aanbieder => self.aanbieders.naam(c),
            Niveau::AanbiederGemeente => &self.paarnamen[c as usize],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rij(client: u32, van: i32, tot: i32, g: u32, a: Option<u32>, scopes: u32) -> Rij {
        Rij {
            client,
            maand_van: van,
            maand_tot: tot,
            gemeente: g,
            aanbieder: a.unwrap_or(GEEN),
            paar: a.map(|a| a * 2 + g).unwrap_or(GEEN),
            scopes,
            beperkt: 0,
            beperkt_tot: i32::MAX,
        }
    }

    #[test]
    fn a_client_counts_once_per_cell_however_many_rows() {
        let jan = maandindex(2024, 1);
        // Client 1: January and February at gemeente 0 / provider 0, scope 0 and 1 in
        // January, scope 0 in February; and March at gemeente 1 / provider 1 (scope 0).
        // Client 2: February–April at gemeente 0 without a provider, scope 0.
        // Client 3: December 2023 only (outside the periods).
        let mut rijen = vec![
            rij(1, jan, jan, 0, Some(0), 0b11),
            rij(1, jan + 1, jan + 1, 0, Some(0), 0b01),
            rij(1, jan + 2, jan + 2, 1, Some(1), 0b01),
            rij(2, jan + 1, jan + 3, 0, None, 0b01),
            rij(3, jan - 1, jan - 1, 0, Some(0), 0b01),
        ];
        let perioden = [
            Periode::Jaar(2024),
            Periode::Kwartaal(2024, 1),
            Periode::Kwartaal(2024, 2),
            Periode::Maand(2024, 2),
        ];
        let n = Aantallen {
            gemeenten: 2,
            aanbieders: 2,
            paren: 4,
            scopes: 2,
        };
        let t = tel(&mut rijen, &perioden, &Niveau::ALLE, n);
        let get = |s, niv, p, code, scope| {
            t[&(s, niv)]
                .iter()
                .find(|x| x.periode == p && x.code == code && x.scope == scope)
                .map(|x| x.clienten)
        };
        use Niveau::*;
        use PeriodeSoort::*;
        let (q1, q2, j) = (
            Periode::Kwartaal(2024, 1),
            Periode::Kwartaal(2024, 2),
            Periode::Jaar(2024),
        );
        // Year, region: clients 1 and 2 (3 is outside) in scope 0; only 1 in scope 1.
        assert_eq!(get(Jaar, Regio, j, 0, 0), Some(2));
        assert_eq!(get(Jaar, Regio, j, 0, 1), Some(1));
        // Q1 gemeente 0: 1 and 2; gemeente 1: 1; Q2 (April): only 2 at gemeente 0.
        assert_eq!(get(Kwartaal, Gemeente, q1, 0, 0), Some(2));
        assert_eq!(get(Kwartaal, Gemeente, q1, 1, 0), Some(1));
        assert_eq!(get(Kwartaal, Gemeente, q2, 0, 0), Some(1));
        assert_eq!(get(Kwartaal, Gemeente, q2, 1, 0), None);
        // Providers: client 2 has none; provider 0 in Q1 has client 1 only.
        assert_eq!(get(Kwartaal, Aanbieder, q1, 0, 0), Some(1));
        assert_eq!(get(Kwartaal, Aanbieder, q2, 0, 0), None);
        // February (the only month asked): clients 1 and 2 at gemeente 0, scope 1 nobody.
        let feb = Periode::Maand(2024, 2);
        assert_eq!(get(Maand, Gemeente, feb, 0, 0), Some(2));
        assert_eq!(get(Maand, Gemeente, feb, 0, 1), None);
        // The pair level is computed for years, not quarters or months.
        assert_eq!(get(Jaar, AanbiederGemeente, j, 2 + 1, 0), Some(1));
        assert!(!t.contains_key(&(Kwartaal, AanbiederGemeente)));
        // Nothing for December 2023.
        assert!(
            t.values()
                .flatten()
                .all(|x| x.periode != Periode::Maand(2023, 12))
        );
        // Every count: region year scope 0 + 1, Q1 region … all non-zero.
        assert!(t.values().flatten().all(|x| x.clienten > 0));
    }

    #[test]
    fn a_limited_scope_counts_only_in_periods_starting_by_its_month() {
        // One client active all of 2024, scope 0 always, scope 1 (0–17) only in periods
        // whose first month is at most March 2024 (18 in April).
        let mut r = rij(7, maandindex(2024, 1), maandindex(2024, 12), 0, None, 0b11);
        r.beperkt = 0b10;
        r.beperkt_tot = maandindex(2024, 3);
        let perioden = [
            Periode::Jaar(2024),
            Periode::Kwartaal(2024, 1),
            Periode::Kwartaal(2024, 2),
        ];
        let n = Aantallen {
            gemeenten: 1,
            aanbieders: 0,
            paren: 0,
            scopes: 2,
        };
        let t = tel(&mut [r], &perioden, &[Niveau::Regio], n);
        let scopes = |s, p| {
            let mut v: Vec<u32> = t[&(s, Niveau::Regio)]
                .iter()
                .filter(|x| x.periode == p)
                .map(|x| x.scope)
                .collect();
            v.sort();
            v
        };
        // The year and Q1 start in January (≤ March): both scopes; Q2 starts in April: only 0.
        assert_eq!(scopes(PeriodeSoort::Jaar, Periode::Jaar(2024)), vec![0, 1]);
        assert_eq!(
            scopes(PeriodeSoort::Kwartaal, Periode::Kwartaal(2024, 1)),
            vec![0, 1]
        );
        assert_eq!(
            scopes(PeriodeSoort::Kwartaal, Periode::Kwartaal(2024, 2)),
            vec![0]
        );
    }

    #[test]
    fn months_are_read_only_as_jjjj_mm() {
        assert_eq!(maand_van_tekst("2024-03"), Some(maandindex(2024, 3)));
        assert_eq!(maand_van_tekst("2024-13"), None);
        assert_eq!(maand_van_tekst("2024-3"), None);
        assert_eq!(maand_van_tekst("24-03"), None);
        assert_eq!(maand_van_tekst(""), None);
    }
}
