//! The cells of the indicator table and the exact linear relations between them that a reader
//! can know from the definitions (INDICATORS.md, `definities.rs`, `verblijf.rs`). The
//! suppression step ([`super::pas_toe`]) makes sure none of them gives a hidden cell back.
//!
//! A **cell** is one number a row publishes: its `teller`, and its `noemer` where that is a
//! count or a sum about youths (not the number of residents, which is public). Two rows that
//! publish the same number by definition share **one** cell (a small one is hidden in both,
//! and both are rounded alike). The relations are equations
//! `Σ coefficient · cell = 0` (coefficients ±1) over cells of rows that exist; a row that
//! does not exist in a period the table covers is a known 0 (the plans emit no row where
//! nothing happened) and simply drops out of the equation.
//!
//! What is in the system, with the reason (see also docs/beveiliging-en-robuustheid.md):
//!
//! | relation | cells | why |
//! |---|---|---|
//! | levels | gemeenten → regio, aanbieders → regio, aanbieder_gemeente → its aanbieder and its gemeente, per (indicator, periode, uitsplitsing), teller and noemer | exact for counts of trajecten, episodes and sums; *conservative* for distinct clients (a client who moved counts in each gemeente, almost always the sum anyway) |
//! | nested periods | year = halves = quarters = months, half = quarters = months, quarter = months, at every level whose periods are all there | only for [`Soort::perioden`]: started/ended trajecten, episodes, meldingen, days, euros — not distinct clients and not active trajecten (counted in every period they touch) |
//! | splits | see [`splitsingen`] | the parts of a split partition the units of the total |
//! | stock–flow | `stand(P) − stand(P−1) − instroom(P) + uitstroom(P) = 0`, per level, code, `totaal` and `segment_*` | INDICATORS.md's identity, exact per scope and per segment |
//! | equal cells | see [`GELIJK`], and `verblijf_stand` of periods with the same last day | the same count in two places |
//! | wait split | `wachttijd.teller = doorlooptijd_toewijzing.teller + wachttijd_start.teller` (`totaal`, same level and code) | request → start = request → allocation + ingang → start when the allocation takes effect the day it is made; taken as exact (conservative) |
//! | growth | `kosten_groei.teller + kosten_groei.noemer = kosten` and `kosten_groei.noemer(P) = kosten(P − 1 year)` (one cell) | teller = difference, noemer = last year's costs; where both cost rows exist the growth rows get no sums of their own (levels, periods, splits): those follow from the sums of costs |

use std::collections::{BTreeMap, HashMap, HashSet};

use model::{Periode, PeriodeSoort};

/// What a `teller` or `noemer` holds, for the relations and for rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grootheid {
    /// A number of units (trajecten, episodes, meldingen, clients): a cell; rounded when the
    /// region rounds.
    Telling,
    /// A sum of days or euros: a cell, never rounded.
    Som,
    /// Not a cell: the number of residents (public), or nothing (the teller of a median).
    Geen,
}

/// How an (indicator, uitsplitsing) is built from its units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Soort {
    pub teller: Grootheid,
    pub noemer: Grootheid,
    /// Teller and noemer add up over nested periods (each unit falls in exactly one period
    /// of each kind).
    pub perioden: bool,
    /// The noemer adds up over nested periods as well (false for distinct clients behind a
    /// sum of euros: `kosten_per_client`, whose teller does add up).
    pub noemer_perioden: bool,
    /// `waarde = schaal · teller ÷ noemer`; `None` for a count (`waarde = teller`) or a
    /// median/percentile (not computed from the two).
    pub schaal: Option<f64>,
    /// Known to this module: its Telling cells are rounded when the region rounds. An unknown
    /// indicator keeps the old rounding (only the teller of a count row).
    pub bekend: bool,
}

/// The [`Soort`] of an indicator row, read from the plans (`definities.rs`, `verblijf.rs`).
/// An indicator this table does not know gets conservative cells (teller and noemer both
/// cells, levels only) — add it here when it is added to the catalogue (a test checks that
/// every catalogue id is known).
pub fn soort(indicator: &str, uitsplitsing: &str) -> Soort {
    use Grootheid::*;
    let s = |teller, noemer, perioden, schaal| Soort {
        teller,
        noemer,
        perioden,
        noemer_perioden: perioden,
        schaal,
        bekend: true,
    };
    let midden = matches!(uitsplitsing, "mediaan" | "p90");
    match indicator {
        // Started trajecten (crisis, herhaald beroep, wachttijd) or ended ones (volgens plan),
        // meldingen (hermelding): counts of units that fall in one period.
        "crisis_start_aandeel"
        | "herhaald_beroep_aandeel"
        | "volgens_plan_aandeel"
        | "wachttijd_binnen_6_weken"
        | "vt_hermelding_aandeel" => s(Telling, Telling, true, Some(100.0)),
        "crisis_instroom" | "verblijf_instroom" | "verblijf_doorstroom" | "verblijf_uitstroom" => {
            s(Telling, Geen, true, None)
        }
        // Clients on the last day: not additive over periods; equal over period kinds.
        "verblijf_stand" => s(Telling, Geen, false, None),
        // A median or percentile: its noemer counts the units; the value is not linear.
        "trajectduur" | "wachttijd" | "doorlooptijd_toewijzing" | "wachttijd_start" if midden => {
            s(Geen, Telling, true, None)
        }
        // Sum of days ÷ number of trajecten.
        "trajectduur" | "wachttijd" | "doorlooptijd_toewijzing" | "wachttijd_start" => {
            s(Som, Telling, true, Some(1.0))
        }
        "kosten" => s(Som, Geen, true, None),
        // Difference with last year ÷ last year's costs.
        "kosten_groei" => s(Som, Som, true, Some(100.0)),
        // Costs of the clients with jeugdhulp ÷ those distinct clients: the euros add up
        // over periods, the clients do not. Not the teller of `kosten` (that includes JB/JR).
        "kosten_per_client" => Soort {
            noemer_perioden: false,
            ..s(Som, Telling, true, Some(1.0))
        },
        // Meldingen ÷ residents.
        "vt_meldingen_per_100k" => s(Telling, Geen, true, Some(100_000.0)),
        // Distinct clients ÷ residents.
        "jeugdhulp_gebruik" | "jeugdbescherming_aandeel" => s(Telling, Geen, false, Some(100.0)),
        // Distinct clients with an active traject (the volume of a segment target).
        "jeugdhulp_clienten" => s(Telling, Geen, false, None),
        "jeugdreclassering_aandeel" if uitsplitsing == "cbs_basis" => {
            s(Telling, Geen, false, Some(100.0))
        }
        // Distinct clients ÷ distinct clients; active trajecten ÷ active trajecten.
        "jeugdreclassering_aandeel"
        | "gezinsgericht_aandeel"
        | "gezinsvormen_aandeel"
        | "verwijzer_aandeel" => s(Telling, Telling, false, Some(100.0)),
        _ => Soort {
            bekend: false,
            ..s(Telling, Telling, false, None)
        },
    }
}

/// Which number of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deel {
    Teller = 0,
    Noemer = 1,
}

/// Cells that are the same number by definition, at the same (periode, niveau, code):
/// (indicator, uitsplitsing, deel).
pub const GELIJK: &[&[(&str, &str, Deel)]] = &[
    // Started trajecten with the crisis flag.
    &[
        ("crisis_start_aandeel", "totaal", Deel::Teller),
        ("crisis_instroom", "totaal", Deel::Teller),
    ],
    // All started trajecten (`gestart`, the same units in both plans).
    &[
        ("crisis_start_aandeel", "totaal", Deel::Noemer),
        ("herhaald_beroep_aandeel", "totaal", Deel::Noemer),
    ],
    // All ended trajecten (`beeindigd`).
    &[
        ("trajectduur", "totaal", Deel::Noemer),
        ("trajectduur", "mediaan", Deel::Noemer),
        ("trajectduur", "p90", Deel::Noemer),
        ("volgens_plan_aandeel", "totaal", Deel::Noemer),
    ],
    // Started trajecten with a request date not after the start. The two parts of the wait
    // count those of them with the allocation's dates in order: the same units wherever every
    // started traject has its allocation (always, in the iJw flow), so they are declared one
    // cell — a coincidence can then never publish in one row what another row hides; where
    // they differ this only hides more.
    &[
        ("wachttijd", "totaal", Deel::Noemer),
        ("wachttijd", "mediaan", Deel::Noemer),
        ("wachttijd_binnen_6_weken", "totaal", Deel::Noemer),
        ("doorlooptijd_toewijzing", "totaal", Deel::Noemer),
        ("doorlooptijd_toewijzing", "mediaan", Deel::Noemer),
        ("wachttijd_start", "totaal", Deel::Noemer),
        ("wachttijd_start", "mediaan", Deel::Noemer),
    ],
    // Distinct clients with an active verblijf traject.
    &[
        ("gezinsgericht_aandeel", "totaal", Deel::Noemer),
        ("gezinsvormen_aandeel", "totaal", Deel::Noemer),
    ],
    // Clients with an active JR measure, over two noemers.
    &[
        ("jeugdreclassering_aandeel", "totaal", Deel::Teller),
        ("jeugdreclassering_aandeel", "cbs_basis", Deel::Teller),
    ],
    // All meldingen.
    &[
        ("vt_hermelding_aandeel", "totaal", Deel::Noemer),
        ("vt_hermelding_aandeel", "12m", Deel::Noemer),
        ("vt_meldingen_per_100k", "totaal", Deel::Teller),
    ],
    // Huisarts is verwijzer 02.
    &[
        ("verwijzer_aandeel", "huisarts", Deel::Teller),
        ("verwijzer_aandeel", "verwijzer_02", Deel::Teller),
    ],
];

/// One split: within one (indicator, periode, niveau, code) the parts add up to the total,
/// for the given parts of the row.
pub struct Splitsing {
    pub indicator: &'static str,
    pub totaal: &'static str,
    /// Exact uitsplitsingen, or a prefix ending in `_*` (`segment_*`: every segment).
    pub delen: &'static [&'static str],
    pub wat: &'static [Deel],
    /// Why the parts add up (for the docs and the security officer).
    pub reden: &'static str,
}

/// Every split of the plans that adds up to its total.
pub fn splitsingen() -> &'static [Splitsing] {
    use Deel::*;
    &[
        Splitsing {
            indicator: "crisis_start_aandeel",
            totaal: "totaal",
            delen: &["met_verblijf", "zonder_verblijf"],
            wat: &[Teller, Noemer],
            reden: "every hulpvorm is 01–04 or 11–14",
        },
        Splitsing {
            indicator: "trajectduur",
            totaal: "totaal",
            delen: &["hulpvorm_*"],
            wat: &[Teller, Noemer],
            reden: "every ended traject has one hulpvorm",
        },
        Splitsing {
            indicator: "trajectduur",
            totaal: "totaal",
            delen: &["segment_*"],
            wat: &[Teller, Noemer],
            reden: "every ended traject has one segment",
        },
        Splitsing {
            indicator: "wachttijd",
            totaal: "totaal",
            delen: &["segment_*"],
            wat: &[Teller, Noemer],
            reden: "every started traject has one segment",
        },
        Splitsing {
            indicator: "kosten",
            totaal: "totaal",
            delen: &["segment_*"],
            wat: &[Teller],
            reden: "every declaration has one segment (`onbekend` without allocation)",
        },
        Splitsing {
            indicator: "kosten",
            totaal: "segment_wonen_verblijf",
            delen: &["segment_wonen", "segment_verblijf"],
            wat: &[Teller],
            reden: "wonen + verblijf together (the Sturingsplan's combined target) is the sum \
                    of the two segments",
        },
        Splitsing {
            indicator: "kosten_groei",
            totaal: "segment_wonen_verblijf",
            delen: &["segment_wonen", "segment_verblijf"],
            wat: &[Teller, Noemer],
            reden: "differences and last year's costs of wonen and verblijf add up to those of \
                    the two together",
        },
        Splitsing {
            indicator: "kosten_groei",
            totaal: "totaal",
            delen: &["segment_*"],
            wat: &[Teller, Noemer],
            reden: "differences and last year's costs of the segments add up",
        },
        Splitsing {
            indicator: "verblijf_uitstroom",
            totaal: "totaal",
            delen: &["naar_ambulant", "zonder_vervolg"],
            wat: &[Teller],
            reden: "every ended episode is followed by ambulant care within 30 days or not",
        },
        Splitsing {
            indicator: "verwijzer_aandeel",
            totaal: "gemeente_gi",
            delen: &["verwijzer_01", "verwijzer_04"],
            wat: &[Teller],
            reden: "gemeente + GI is verwijzer 01 plus 04",
        },
        Splitsing {
            indicator: "jeugdbescherming_aandeel",
            totaal: "totaal",
            delen: &["ots", "voogdij"],
            wat: &[Teller],
            reden: "conservative: a client with both measures in one period counts once in \
                    the total, so the parts add up nearly always",
        },
    ]
}

/// `verwijzer_aandeel`: every uitsplitsing except `verblijf_gemeente_gi` has the same noemer
/// (all active trajecten), which is the sum of the tellers of `verwijzer_*` and `onbekend`.
const VERWIJZER: &str = "verwijzer_aandeel";
const VERWIJZER_EIGEN_NOEMER: &str = "verblijf_gemeente_gi";

/// The rows of a long-format frame, as text.
pub struct Rijen<'a> {
    pub indicator: &'a [Option<&'a str>],
    pub periode: &'a [Option<&'a str>],
    pub niveau: &'a [Option<&'a str>],
    pub code: &'a [Option<&'a str>],
    pub uitsplitsing: &'a [Option<&'a str>],
}

/// The cells and equations of a frame.
pub struct Stelsel {
    /// Per row its teller and noemer cell.
    pub cellen_van_rij: Vec<[Option<u32>; 2]>,
    /// Per cell the rows that publish it.
    pub rijen_van_cel: Vec<Vec<u32>>,
    /// Equations `Σ c · cell = 0`, each with at least two cells, sorted by cell.
    pub vergelijkingen: Vec<Vec<(u32, i64)>>,
}

type Sleutel<'a> = (&'a str, Periode, &'a str, &'a str, &'a str);

/// Disjoint sets of cells (also used by [`super::lineair`] for its components).
pub(super) struct UnionFind(pub(super) Vec<u32>);

impl UnionFind {
    pub(super) fn vind(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }
    pub(super) fn verenig(&mut self, a: u32, b: u32) {
        let (a, b) = (self.vind(a), self.vind(b));
        if a != b {
            // The smaller index is the root: deterministic.
            let (k, g) = if a < b { (a, b) } else { (b, a) };
            self.0[g as usize] = k;
        }
    }
}

/// Parts that are themselves a sum of other parts (`kosten` `segment_wonen_verblijf`): never
/// taken by a `prefix_*`, only by name.
const SAMENGESTELD: [&str; 1] = ["segment_wonen_verblijf"];

/// Whether `u` is one of `delen` (exact, or a `prefix_*` that is not a combined part).
fn past(u: &str, delen: &[&str]) -> bool {
    delen.iter().any(|d| match d.strip_suffix('*') {
        Some(prefix) => u.starts_with(prefix) && !SAMENGESTELD.contains(&u),
        None => u == *d,
    })
}

/// Builds the cells and equations of the rows (see the module docs).
pub fn stelsel<'a>(r: &Rijen<'a>) -> Stelsel {
    let n = r.indicator.len();
    let soorten: Vec<Soort> = (0..n)
        .map(|i| {
            soort(
                r.indicator[i].unwrap_or(""),
                r.uitsplitsing[i].unwrap_or(""),
            )
        })
        .collect();
    let perioden: Vec<Option<Periode>> = r
        .periode
        .iter()
        .map(|p| p.and_then(|p| Periode::parse(p).ok()))
        .collect();
    // A slot per (row, deel); a slot is a cell when the row's soort says so.
    let heeft = |i: usize, d: Deel| -> bool {
        match d {
            Deel::Teller => soorten[i].teller != Grootheid::Geen,
            Deel::Noemer => soorten[i].noemer != Grootheid::Geen,
        }
    };
    let slot =
        |i: usize, d: Deel| -> Option<u32> { heeft(i, d).then_some((2 * i + d as usize) as u32) };

    let sleutel = |i: usize| -> Option<Sleutel<'a>> {
        Some((
            r.indicator[i]?,
            perioden[i]?,
            r.niveau[i]?,
            r.code[i]?,
            r.uitsplitsing[i]?,
        ))
    };
    let mut index: HashMap<Sleutel<'a>, usize> = HashMap::with_capacity(n);
    // The periods each (indicator, niveau) covers: a row missing there is a known 0.
    let mut gedekt: HashMap<(&'a str, &'a str), HashSet<Periode>> = HashMap::new();
    for i in 0..n {
        if let Some(k) = sleutel(i) {
            index.entry(k).or_insert(i);
            gedekt.entry((k.0, k.2)).or_default().insert(k.1);
        }
    }
    let rij =
        |ind: &'a str, p: Periode, niv: &'a str, code: &'a str, u: &'a str| -> Option<usize> {
            index.get(&(ind, p, niv, code, u)).copied()
        };

    let mut uf = UnionFind((0..(2 * n) as u32).collect());
    let mut vgl: Vec<Vec<(u32, i64)>> = Vec::new();
    // total − Σ parts = 0
    let optellen =
        |vgl: &mut Vec<Vec<(u32, i64)>>, totaal: u32, delen: &mut dyn Iterator<Item = u32>| {
            let mut v = vec![(totaal, 1)];
            v.extend(delen.map(|d| (d, -1)));
            vgl.push(v);
        };

    // 1. Levels.
    {
        type Groep = (Option<usize>, Vec<usize>, Vec<usize>);
        let mut groepen: BTreeMap<(&str, Periode, &str), Groep> = BTreeMap::new();
        type Rand = (Option<usize>, Vec<usize>);
        let mut randen: BTreeMap<(&str, Periode, &str, &str, &str), Rand> = BTreeMap::new();
        for i in 0..n {
            let Some((ind, p, niv, code, u)) = sleutel(i) else {
                continue;
            };
            let g = groepen.entry((ind, p, u)).or_default();
            match niv {
                "regio" => g.0 = g.0.or(Some(i)),
                "gemeente" => g.1.push(i),
                "aanbieder" => g.2.push(i),
                _ => {}
            }
            match niv {
                "gemeente" | "aanbieder" => {
                    let e = randen.entry((ind, p, u, niv, code)).or_default();
                    e.0 = e.0.or(Some(i));
                }
                super::KRUISNIVEAU => {
                    if let Some((agb, gem)) = code.split_once('|') {
                        randen
                            .entry((ind, p, u, "aanbieder", agb))
                            .or_default()
                            .1
                            .push(i);
                        randen
                            .entry((ind, p, u, "gemeente", gem))
                            .or_default()
                            .1
                            .push(i);
                    }
                }
                _ => {}
            }
        }
        for (totaal, gem, aanb) in groepen.values() {
            let Some(t) = *totaal else { continue };
            for delen in [gem, aanb] {
                if delen.is_empty() {
                    continue;
                }
                for d in [Deel::Teller, Deel::Noemer] {
                    if let Some(ts) = slot(t, d) {
                        optellen(&mut vgl, ts, &mut delen.iter().filter_map(|&j| slot(j, d)));
                    }
                }
            }
        }
        for (rand, delen) in randen.values() {
            let Some(t) = *rand else { continue };
            if delen.is_empty() {
                continue;
            }
            for d in [Deel::Teller, Deel::Noemer] {
                if let Some(ts) = slot(t, d) {
                    optellen(&mut vgl, ts, &mut delen.iter().filter_map(|&j| slot(j, d)));
                }
            }
        }
    }

    // 2. Nested periods, for additive measures, at every level whose finer periods are all
    //    covered (aanbieder_gemeente has years and halves only).
    #[allow(clippy::needless_range_loop)] // `i` is the row: its key, soort and slots
    for i in 0..n {
        let Some((ind, p, niv, code, u)) = sleutel(i) else {
            continue;
        };
        if !soorten[i].perioden {
            continue;
        }
        let Some(gedekte) = gedekt.get(&(ind, niv)) else {
            continue;
        };
        for fijn in PeriodeSoort::ALLE {
            if fijn.aantal_maanden() >= p.soort().aantal_maanden() {
                continue;
            }
            let kinderen = Periode::reeks(fijn, p.start(), p.einde());
            if kinderen.is_empty() || !kinderen.iter().all(|k| gedekte.contains(k)) {
                continue;
            }
            let rijen: Vec<usize> = kinderen
                .iter()
                .filter_map(|&k| rij(ind, k, niv, code, u))
                .collect();
            for d in [Deel::Teller, Deel::Noemer] {
                if d == Deel::Noemer && !soorten[i].noemer_perioden {
                    continue;
                }
                if let Some(ts) = slot(i, d) {
                    optellen(&mut vgl, ts, &mut rijen.iter().filter_map(|&j| slot(j, d)));
                }
            }
        }
    }

    // 3. Splits.
    for s in splitsingen() {
        let mut delen: BTreeMap<(Periode, &str, &str), Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let Some((ind, p, niv, code, u)) = sleutel(i) else {
                continue;
            };
            if ind == s.indicator && u != s.totaal && past(u, s.delen) {
                delen.entry((p, niv, code)).or_default().push(i);
            }
        }
        for ((p, niv, code), d) in delen {
            let Some(t) = rij(s.indicator, p, niv, code, s.totaal) else {
                continue;
            };
            for &w in s.wat {
                if let Some(ts) = slot(t, w) {
                    optellen(&mut vgl, ts, &mut d.iter().filter_map(|&j| slot(j, w)));
                }
            }
        }
    }
    // verwijzer_aandeel: one noemer, the sum of the tellers of every code and `onbekend`.
    {
        let mut groepen: BTreeMap<(Periode, &str, &str), Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            if let Some((VERWIJZER, p, niv, code, u)) = sleutel(i)
                && u != VERWIJZER_EIGEN_NOEMER
            {
                groepen.entry((p, niv, code)).or_default().push(i);
            }
        }
        for rijen in groepen.values() {
            for w in rijen.windows(2) {
                if let (Some(a), Some(b)) = (slot(w[0], Deel::Noemer), slot(w[1], Deel::Noemer)) {
                    uf.verenig(a, b);
                }
            }
            let delen: Vec<usize> = rijen
                .iter()
                .copied()
                .filter(|&i| {
                    let u = r.uitsplitsing[i].unwrap_or("");
                    u == "onbekend" || u.starts_with("verwijzer_")
                })
                .collect();
            if let (Some(&eerste), false) = (rijen.first(), delen.is_empty())
                && let Some(ts) = slot(eerste, Deel::Noemer)
            {
                optellen(
                    &mut vgl,
                    ts,
                    &mut delen.iter().filter_map(|&j| slot(j, Deel::Teller)),
                );
            }
        }
    }

    // 4. Stock–flow: stand(P) − stand(P−1) − instroom(P) + uitstroom(P) = 0, where P and
    //    P−1 are both covered (a missing row there is 0).
    {
        let mut kandidaten: HashSet<(&str, &str, &str, Periode)> = HashSet::new();
        for i in 0..n {
            let Some((ind, p, niv, code, u)) = sleutel(i) else {
                continue;
            };
            if !(u == "totaal" || u.starts_with("segment_")) {
                continue;
            }
            match ind {
                "verblijf_stand" => {
                    kandidaten.insert((niv, code, u, p));
                    kandidaten.insert((niv, code, u, p.volgende()));
                }
                "verblijf_instroom" | "verblijf_uitstroom" => {
                    kandidaten.insert((niv, code, u, p));
                }
                _ => {}
            }
        }
        let mut kandidaten: Vec<_> = kandidaten.into_iter().collect();
        kandidaten.sort();
        for (niv, code, u, p) in kandidaten {
            let Some(gedekte) = gedekt.get(&("verblijf_stand", niv)) else {
                continue;
            };
            if !(gedekte.contains(&p) && gedekte.contains(&p.vorige())) {
                continue;
            }
            let mut v = Vec::new();
            for (ind, per, c) in [
                ("verblijf_stand", p, 1),
                ("verblijf_stand", p.vorige(), -1),
                ("verblijf_instroom", p, -1),
                ("verblijf_uitstroom", p, 1),
            ] {
                if let Some(j) = rij(ind, per, niv, code, u)
                    && let Some(s) = slot(j, Deel::Teller)
                {
                    v.push((s, c));
                }
            }
            vgl.push(v);
        }
        // The stand on the same last day is one cell (end of Q1 = end of March).
        let mut einde: BTreeMap<(&str, &str, &str, chrono::NaiveDate), u32> = BTreeMap::new();
        for i in 0..n {
            if let Some(("verblijf_stand", p, niv, code, u)) = sleutel(i)
                && let Some(s) = slot(i, Deel::Teller)
            {
                match einde.get(&(niv, code, u, p.einde())) {
                    Some(&a) => uf.verenig(a, s),
                    None => {
                        einde.insert((niv, code, u, p.einde()), s);
                    }
                }
            }
        }
    }

    // 5. Equal cells and growth.
    for i in 0..n {
        let Some((ind, p, niv, code, u)) = sleutel(i) else {
            continue;
        };
        for groep in GELIJK {
            if !groep.iter().any(|(gi, gu, _)| *gi == ind && *gu == u) {
                continue;
            }
            let leden: Vec<u32> = groep
                .iter()
                .filter_map(|&(gi, gu, d)| slot(rij(gi, p, niv, code, gu)?, d))
                .collect();
            for w in leden.windows(2) {
                uf.verenig(w[0], w[1]);
            }
        }
        // The wait = request → allocation + ingang → start where the allocation takes effect
        // on the day it is made (as in every demo world): a reader would try it, so it is
        // an equation, as if exact (conservative where ingang and allocation differ).
        if ind == "wachttijd"
            && u == "totaal"
            && let (Some(dt), Some(ws)) = (
                rij("doorlooptijd_toewijzing", p, niv, code, u),
                rij("wachttijd_start", p, niv, code, u),
            )
            && let (Some(a), Some(b), Some(c)) = (
                slot(i, Deel::Teller),
                slot(dt, Deel::Teller),
                slot(ws, Deel::Teller),
            )
        {
            vgl.push(vec![(a, 1), (b, -1), (c, -1)]);
        }
        if ind == "kosten_groei" {
            if let Some(vorig) = rij("kosten", p.jaar_eerder(), niv, code, u)
                && let (Some(a), Some(b)) = (slot(i, Deel::Noemer), slot(vorig, Deel::Teller))
            {
                uf.verenig(a, b);
            }
            if let Some(nu) = rij("kosten", p, niv, code, u)
                && let (Some(t), Some(m), Some(k)) = (
                    slot(i, Deel::Teller),
                    slot(i, Deel::Noemer),
                    slot(nu, Deel::Teller),
                )
            {
                vgl.push(vec![(t, 1), (m, 1), (k, -1)]);
            }
        }
    }

    // A growth row whose two cost rows exist adds nothing of its own: its noemer is last
    // year's cost cell and its teller follows from the two cost cells (the equation above).
    // Sums over such rows (levels, periods, splits) follow from the same sums of costs, so
    // they are left out: the group stays the size of the cost table (otherwise tellers and
    // noemers of growth triple it, beyond the exact check), with the same row space.
    let afgeleid = |i: usize| -> bool {
        let Some(("kosten_groei", p, niv, code, u)) = sleutel(i) else {
            return false;
        };
        rij("kosten", p, niv, code, u).is_some()
            && rij("kosten", p.jaar_eerder(), niv, code, u).is_some()
    };
    let mut is_afgeleid: HashMap<usize, bool> = HashMap::new();
    vgl.retain(|v| {
        !v.iter().all(|&(s, _)| {
            let i = s as usize / 2;
            *is_afgeleid.entry(i).or_insert_with(|| afgeleid(i))
        })
    });

    // Cells: the roots of the slots that are cells, numbered in row order.
    let mut nummer: HashMap<u32, u32> = HashMap::new();
    let mut cellen_van_rij = vec![[None, None]; n];
    let mut rijen_van_cel: Vec<Vec<u32>> = Vec::new();
    #[allow(clippy::needless_range_loop)] // `i` is the row number that is stored
    for i in 0..n {
        for d in [Deel::Teller, Deel::Noemer] {
            let Some(s) = slot(i, d) else { continue };
            let w = uf.vind(s);
            let c = *nummer.entry(w).or_insert_with(|| {
                rijen_van_cel.push(Vec::new());
                (rijen_van_cel.len() - 1) as u32
            });
            cellen_van_rij[i][d as usize] = Some(c);
            if rijen_van_cel[c as usize].last() != Some(&(i as u32)) {
                rijen_van_cel[c as usize].push(i as u32);
            }
        }
    }
    let mut gezien: HashSet<Vec<(u32, i64)>> = HashSet::new();
    let mut vergelijkingen = Vec::new();
    for v in vgl {
        let mut som: BTreeMap<u32, i64> = BTreeMap::new();
        for (s, c) in v {
            let cel = nummer[&uf.vind(s)];
            *som.entry(cel).or_default() += c;
        }
        let mut termen: Vec<(u32, i64)> = som.into_iter().filter(|(_, c)| *c != 0).collect();
        // One cell alone is a known value (or a relation that only holds approximately):
        // nothing to protect by hiding.
        if termen.len() < 2 {
            continue;
        }
        if termen[0].1 < 0 {
            for t in &mut termen {
                t.1 = -t.1;
            }
        }
        if gezien.insert(termen.clone()) {
            vergelijkingen.push(termen);
        }
    }
    Stelsel {
        cellen_van_rij,
        rijen_van_cel,
        vergelijkingen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elke_indicator_van_de_catalogus_is_bekend() {
        // A new indicator needs its row here (teller, noemer, additive over periods), its
        // equal cells in GELIJK and its splits in `splitsingen`, or its relations are
        // covered only conservatively (levels).
        let catalogus = crate::indicatoren::bereken::Catalogus::standaard();
        for d in &catalogus.indicatoren {
            assert!(
                soort(&d.id, "totaal").bekend,
                "{} ontbreekt in onderdrukking::relaties::soort",
                d.id
            );
        }
    }

    #[test]
    fn vergelijkingen_van_een_kleine_tabel() {
        // Q1 = January + February + March for crisis_instroom (regio); the share's teller is
        // the same cell, its noemer another; the share's Q1 noemer = the months' noemers.
        let ind = [
            "crisis_instroom",
            "crisis_instroom",
            "crisis_instroom",
            "crisis_instroom",
            "crisis_start_aandeel",
        ]
        .map(Some);
        let per = ["2024-Q1", "2024-01", "2024-02", "2024-03", "2024-Q1"].map(Some);
        let niv = [Some("regio"); 5];
        let code = [Some("regio"); 5];
        let uit = [Some("totaal"); 5];
        let s = stelsel(&Rijen {
            indicator: &ind,
            periode: &per,
            niveau: &niv,
            code: &code,
            uitsplitsing: &uit,
        });
        // Cells: Q1 count (= share teller), three months, share noemer.
        assert_eq!(s.rijen_van_cel.len(), 5);
        assert_eq!(s.cellen_van_rij[0][0], s.cellen_van_rij[4][0]);
        assert_eq!(s.cellen_van_rij[0][1], None);
        // One equation: Q1 − Jan − Feb − Mar (the share has no months here).
        assert_eq!(
            s.vergelijkingen,
            vec![vec![(0, 1), (1, -1), (2, -1), (3, -1)]]
        );
    }

    #[test]
    fn groei_uit_twee_kostencellen_zonder_eigen_sommen() {
        // kosten 2023 and 2024 for regio and two gemeenten, kosten_groei 2024 for all three.
        // The growth noemer is the 2023 cost cell; its teller only has t + n − kosten(2024)
        // = 0; the sum "regio growth = Σ gemeenten growth" follows from the cost sums and is
        // not added (it would only enlarge the group the exact check has to eliminate).
        let ind = [
            "kosten",
            "kosten",
            "kosten",
            "kosten",
            "kosten",
            "kosten",
            "kosten_groei",
            "kosten_groei",
            "kosten_groei",
        ]
        .map(Some);
        let per = [
            "2023", "2023", "2023", "2024", "2024", "2024", "2024", "2024", "2024",
        ]
        .map(Some);
        let niv = [
            "regio", "gemeente", "gemeente", "regio", "gemeente", "gemeente", "regio", "gemeente",
            "gemeente",
        ]
        .map(Some);
        let code = [
            "regio", "GM1", "GM2", "regio", "GM1", "GM2", "regio", "GM1", "GM2",
        ]
        .map(Some);
        let uit = [Some("totaal"); 9];
        let s = stelsel(&Rijen {
            indicator: &ind,
            periode: &per,
            niveau: &niv,
            code: &code,
            uitsplitsing: &uit,
        });
        let cel = |r: usize, d: usize| s.cellen_van_rij[r][d].unwrap();
        // Growth noemer = last year's cost.
        for (g, k) in [(6, 0), (7, 1), (8, 2)] {
            assert_eq!(cel(g, 1), cel(k, 0));
        }
        let heeft = |mut v: Vec<(u32, i64)>| {
            v.sort();
            if v[0].1 < 0 {
                v.iter_mut().for_each(|t| t.1 = -t.1);
            }
            s.vergelijkingen.contains(&v)
        };
        // The two cost sums and the three definitions.
        assert!(heeft(vec![
            (cel(0, 0), 1),
            (cel(1, 0), -1),
            (cel(2, 0), -1)
        ]));
        assert!(heeft(vec![
            (cel(3, 0), 1),
            (cel(4, 0), -1),
            (cel(5, 0), -1)
        ]));
        for (g, nu) in [(6, 3), (7, 4), (8, 5)] {
            assert!(heeft(vec![
                (cel(g, 0), 1),
                (cel(g, 1), 1),
                (cel(nu, 0), -1)
            ]));
        }
        // Nothing else: no sum over the growth tellers.
        assert_eq!(s.vergelijkingen.len(), 5);
    }
}
