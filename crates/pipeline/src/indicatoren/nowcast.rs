//! Nowcast of provisional months (`nowcast`): what a provisional month's published figure is
//! expected to become once the late deliveries are in, with an 80% interval. Computed once at
//! ingest from the delivery history the release keeps (every delivered row with its
//! `aanlevering`), and stored with the release as a forecast, never mixed with the observed
//! values.
//!
//! Two quantities, each applied to the published figure it drives:
//!
//! - **kosten** — the declared amount of a service month (declaraties: debet and credit add
//!   up; a row counts from its `aanlevering` on), applied to the published `kosten` (totaal);
//! - **gestarte trajecten** — the allocations whose (latest known) start lies in the month,
//!   counted from the first delivery that carried them, applied to the published number of
//!   started trajecten (the `noemer` of `crisis_start_aandeel`, totaal).
//!
//! Method: the chain-ladder on delivery lag (Mack 1993; the actuarial "development
//! triangle"), per gemeente and for the region. `C(m, a)` is what had been delivered of
//! service month `m` by delivery month `m + a`. For each age `a` the link ratio is
//! `f(a) = Σ C(m', a+1) / Σ C(m', a)` over the recent months `m'` of the same unit already
//! observed at age `a + 1` ([`HISTORIE`] months back), and the factor to completion is
//! `F(a) = f(a) · f(a+1) · … · f(VOLLEDIG − 1)`: a month is taken as complete [`VOLLEDIG`]
//! months after it. A month's expected final value is its published value × `F(age)`, the age
//! counted from the unit's own newest delivery.
//!
//! A unit that delivers per quarter (Enschede) has development that depends on where the
//! month lies in the quarter: its months are compared only with months in the same place in
//! the quarter; the region, when any of its gemeenten delivers per quarter, likewise.
//!
//! The 80% interval: for the complete months `m'` of the same place in the quarter the realised
//! ratio `C(m', VOLLEDIG) / C(m', a)`; with `s` the standard deviation of their logarithms and
//! `n` their number, `F · exp(±1,2816 · s · √(1 + 1/n))` (a prediction interval on the log
//! scale). The backtest (`jeugdstuur backtest`, docs/vooruitblik.md) measures its coverage.
//!
//! No nowcast where it could not be honest: a hidden (suppressed) published value, fewer than
//! [`MIN_MAANDEN`] complete months to learn from, or a month of which less than
//! [`MIN_AANDEEL`] had been delivered at that age in the past (the newest month of costs, which
//! are declared after the month): the page then says so.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::Niveau;
use super::signalen::maandnummer;
use super::uitvoer::Waarde;

/// The release table.
pub const TABEL: &str = "nowcast";
/// A month is taken as complete this many months after it.
pub const VOLLEDIG: i64 = 12;
/// How far back (in months before the newest delivery) the link ratios look.
pub const HISTORIE: i64 = 36;
/// Complete months needed for a factor and its interval.
pub const MIN_MAANDEN: usize = 6;
/// The smallest share of the final value that must have been delivered at this age in the past.
pub const MIN_AANDEEL: f64 = 0.2;
/// z of an 80% two-sided interval.
const Z80: f64 = 1.281_551_565_545;

/// What is forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grootheid {
    Kosten,
    GestarteTrajecten,
}

impl Grootheid {
    pub const ALLE: [Grootheid; 2] = [Grootheid::Kosten, Grootheid::GestarteTrajecten];

    pub fn id(self) -> &'static str {
        match self {
            Grootheid::Kosten => "kosten",
            Grootheid::GestarteTrajecten => "gestarte_trajecten",
        }
    }

    pub fn parse(s: &str) -> Option<Grootheid> {
        Grootheid::ALLE.into_iter().find(|g| g.id() == s)
    }

    /// The published figures it applies to, in order of preference: indicator, and whether
    /// its `noemer` (else `waarde`). Started trajecten are the noemer of two shares (the same
    /// number); a month gets one nowcast, on the first of them that is published there.
    pub fn figuren(self) -> &'static [(&'static str, bool)] {
        match self {
            Grootheid::Kosten => &[("kosten", false)],
            Grootheid::GestarteTrajecten => &[
                ("crisis_start_aandeel", true),
                ("herhaald_beroep_aandeel", true),
            ],
        }
    }

    /// Whether `indicator`'s noemer (true) or waarde carries this quantity; `None`: it does not.
    pub fn kolom_van(self, indicator: &str) -> Option<bool> {
        self.figuren()
            .iter()
            .find(|(i, _)| *i == indicator)
            .map(|(_, noemer)| *noemer)
    }

    pub fn naam(self) -> &'static str {
        match self {
            Grootheid::Kosten => "Kosten",
            Grootheid::GestarteTrajecten => "Gestarte trajecten",
        }
    }
}

/// One delivered amount: unit (gemeente), service month, delivery month, amount (costs in
/// whole cents, starts as a count: whole numbers, so every sum is exact in any order).
#[derive(Debug, Clone, PartialEq)]
pub struct Bijdrage {
    pub gemeente: String,
    pub maand: i64,
    pub levering: i64,
    pub bedrag: f64,
}

/// The development triangle of one unit: per service month, per delivery month, the amount
/// delivered then.
#[derive(Debug, Default, Clone)]
pub struct Driehoek {
    cellen: BTreeMap<i64, BTreeMap<i64, f64>>,
    /// The months in which the unit delivered.
    leveringen: BTreeSet<i64>,
}

/// The development of one age: the factor to completion, its 80% interval and how many complete
/// months the interval was learnt from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ontwikkeling {
    pub factor: f64,
    pub laag: f64,
    pub hoog: f64,
    pub maanden: usize,
}

impl Driehoek {
    pub fn voeg_toe(&mut self, maand: i64, levering: i64, bedrag: f64) {
        *self
            .cellen
            .entry(maand)
            .or_default()
            .entry(levering)
            .or_insert(0.0) += bedrag;
        self.leveringen.insert(levering);
    }

    /// Marks a delivery month (also one that delivered nothing of this quantity).
    pub fn levering(&mut self, levering: i64) {
        self.leveringen.insert(levering);
    }

    pub fn laatste(&self) -> Option<i64> {
        self.leveringen.last().copied()
    }

    /// What had been delivered of month `m` by delivery month `d`.
    pub fn cumulatief(&self, m: i64, d: i64) -> f64 {
        self.cellen
            .get(&m)
            .map(|r| r.range(..=d).map(|(_, x)| x).sum())
            .unwrap_or(0.0)
    }

    /// 3 when every delivery of the recent past fell in the same month of the quarter, else 1.
    pub fn ritme(&self) -> i64 {
        let Some(l) = self.laatste() else { return 1 };
        let recent: Vec<i64> = self.leveringen.range(l - HISTORIE..).copied().collect();
        if recent.len() >= 2 && recent.iter().all(|d| (l - d).rem_euclid(3) == 0) {
            3
        } else {
            1
        }
    }

    /// The development of a month of age `a` (months since it, up to the newest delivery `l`),
    /// comparing only months `m'` with `(l − a − m') % ritme == 0`.
    pub fn ontwikkeling(&self, l: i64, a: i64, ritme: i64) -> Option<Ontwikkeling> {
        if a >= VOLLEDIG {
            return Some(Ontwikkeling {
                factor: 1.0,
                laag: 1.0,
                hoog: 1.0,
                maanden: 0,
            });
        }
        let m = l - a;
        let vergelijkbaar = |mm: i64| (m - mm).rem_euclid(ritme) == 0 && mm >= l - HISTORIE;
        // Link ratios f(k), k = a .. VOLLEDIG-1, over months observed at age k + 1.
        let mut factor = 1.0;
        for k in a..VOLLEDIG {
            let (mut boven, mut onder) = (0.0, 0.0);
            for mm in (l - HISTORIE..=l - k - 1).filter(|mm| vergelijkbaar(*mm)) {
                boven += self.cumulatief(mm, mm + k + 1);
                onder += self.cumulatief(mm, mm + k);
            }
            if onder <= 0.0 {
                return None;
            }
            factor *= boven / onder;
        }
        // The complete months: realised ratios for the interval, and the share delivered at age a.
        let (mut logs, mut bij_a, mut eind) = (Vec::new(), 0.0, 0.0);
        for mm in (l - HISTORIE..=l - VOLLEDIG).filter(|mm| vergelijkbaar(*mm)) {
            let (c_a, c_v) = (
                self.cumulatief(mm, mm + a),
                self.cumulatief(mm, mm + VOLLEDIG),
            );
            bij_a += c_a;
            eind += c_v;
            if c_a > 0.0 && c_v > 0.0 {
                logs.push((c_v / c_a).ln());
            }
        }
        if logs.len() < MIN_MAANDEN || eind <= 0.0 || bij_a / eind < MIN_AANDEEL {
            return None;
        }
        let n = logs.len() as f64;
        let gem = logs.iter().sum::<f64>() / n;
        let s = (logs.iter().map(|x| (x - gem).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let breedte = Z80 * s * (1.0 + 1.0 / n).sqrt();
        Some(Ontwikkeling {
            factor,
            laag: factor * (-breedte).exp(),
            hoog: factor * breedte.exp(),
            maanden: logs.len(),
        })
    }
}

/// One nowcast: a provisional month's published figure and what it is expected to become.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Nowcast {
    pub grootheid: &'static str,
    pub indicator: String,
    pub niveau: Niveau,
    pub code: String,
    pub naam: Option<String>,
    pub periode: String,
    /// Months between the period and the unit's newest delivery.
    pub leeftijd: i64,
    /// The published (provisional) value.
    pub waargenomen: f64,
    pub verwacht: f64,
    pub ondergrens: f64,
    pub bovengrens: f64,
    pub factor: f64,
    /// Complete months the interval was learnt from.
    pub maanden: usize,
}

/// The triangles of a release per quantity: per gemeente, and the region (key `None`).
pub struct Driehoeken {
    pub per: BTreeMap<(Grootheid, Option<String>), Driehoek>,
}

impl Driehoeken {
    pub fn uit_bijdragen(
        kosten: &[Bijdrage],
        starts: &[Bijdrage],
        leveringen: &[(String, i64)],
    ) -> Driehoeken {
        let mut per: BTreeMap<(Grootheid, Option<String>), Driehoek> = BTreeMap::new();
        for (g, lijst) in [
            (Grootheid::Kosten, kosten),
            (Grootheid::GestarteTrajecten, starts),
        ] {
            for (gem, d) in leveringen {
                per.entry((g, Some(gem.clone()))).or_default().levering(*d);
                per.entry((g, None)).or_default().levering(*d);
            }
            for b in lijst {
                per.entry((g, Some(b.gemeente.clone())))
                    .or_default()
                    .voeg_toe(b.maand, b.levering, b.bedrag);
                per.entry((g, None))
                    .or_default()
                    .voeg_toe(b.maand, b.levering, b.bedrag);
            }
        }
        Driehoeken { per }
    }

    /// The region's rhythm: 3 when any gemeente delivers per quarter.
    fn ritme(&self, g: Grootheid, code: Option<&str>) -> i64 {
        match code {
            Some(c) => self
                .per
                .get(&(g, Some(c.to_string())))
                .map_or(1, Driehoek::ritme),
            None => self
                .per
                .iter()
                .filter(|((gg, c), _)| *gg == g && c.is_some())
                .map(|(_, d)| d.ritme())
                .max()
                .unwrap_or(1),
        }
    }
}

/// The nowcasts of a release's provisional months, for the published (not hidden) values of
/// the figures the quantities drive, per gemeente and for the region.
pub fn nowcasts(waarden: &[Waarde], driehoeken: &Driehoeken) -> Vec<Nowcast> {
    let mut uit: Vec<Nowcast> = Vec::new();
    // One per quantity and cell: the first figure (in the order of `figuren`) that has it.
    let mut gezien: BTreeMap<(&'static str, Niveau, String, String), usize> = BTreeMap::new();
    for w in waarden {
        if !w.voorlopig || w.onderdrukt || !w.uitsplitsing.is_totaal() {
            continue;
        }
        let eenheid = match w.niveau {
            Niveau::Regio => None,
            Niveau::Gemeente => Some(w.code.as_str()),
            _ => continue,
        };
        let Some(m) = maandnummer(&w.periode) else {
            continue;
        };
        for g in Grootheid::ALLE {
            let Some(noemer) = g.kolom_van(&w.indicator) else {
                continue;
            };
            let indicator = w.indicator.as_str();
            let voorkeur = g
                .figuren()
                .iter()
                .position(|(i, _)| *i == indicator)
                .unwrap_or(0);
            let sleutel = (g.id(), w.niveau, w.code.clone(), w.periode.clone());
            if gezien.get(&sleutel).is_some_and(|v| *v <= voorkeur) {
                continue;
            }
            let Some(x) = (if noemer { w.noemer } else { w.waarde }) else {
                continue;
            };
            let Some(d) = driehoeken.per.get(&(g, eenheid.map(str::to_string))) else {
                continue;
            };
            let Some(l) = d.laatste() else { continue };
            let a = l - m;
            if a < 0 || x <= 0.0 {
                continue;
            }
            let Some(o) = d.ontwikkeling(l, a, driehoeken.ritme(g, eenheid)) else {
                continue;
            };
            if gezien.contains_key(&sleutel) {
                uit.retain(|n| {
                    (n.grootheid, n.niveau, &n.code, &n.periode)
                        != (sleutel.0, sleutel.1, &sleutel.2, &sleutel.3)
                });
            }
            gezien.insert(sleutel, voorkeur);
            uit.push(Nowcast {
                grootheid: g.id(),
                indicator: indicator.to_string(),
                niveau: w.niveau,
                code: w.code.clone(),
                naam: w.naam.clone(),
                periode: w.periode.clone(),
                leeftijd: a,
                waargenomen: x,
                verwacht: x * o.factor,
                ondergrens: x * o.laag,
                bovengrens: x * o.hoog,
                factor: o.factor,
                maanden: o.maanden,
            });
        }
    }
    uit.sort_by(|a, b| {
        (a.grootheid, a.niveau, &a.code, &a.periode).cmp(&(
            b.grootheid,
            b.niveau,
            &b.code,
            &b.periode,
        ))
    });
    uit
}

fn maand_expr(kolom: &str) -> Expr {
    col(kolom)
        .cast(DataType::String)
        .str()
        .slice(lit(0), lit(7))
}

fn bijdragen(df: &DataFrame) -> PolarsResult<Vec<Bijdrage>> {
    let g = super::tekstkolom(df, "gemeente")?;
    let m = super::tekstkolom(df, "_maand")?;
    let d = super::tekstkolom(df, "_levering")?;
    let x = super::getalkolom(df, "_bedrag")?;
    Ok((0..df.height())
        .filter_map(|i| {
            Some(Bijdrage {
                gemeente: g[i].clone()?,
                maand: maandnummer(m[i].as_deref()?)?,
                levering: maandnummer(d[i].as_deref()?)?,
                bedrag: x[i]?,
            })
        })
        .collect())
}

/// The triangles from a release's delivered rows (`leveringen/declaraties` and
/// `leveringen/trajecten`, in delivery order).
pub fn driehoeken(declaraties: &DataFrame, trajecten: &DataFrame) -> PolarsResult<Driehoeken> {
    let kosten = declaraties
        .clone()
        .lazy()
        .group_by([
            col("gemeente"),
            maand_expr("periode").alias("_maand"),
            col("aanlevering").alias("_levering"),
        ])
        // In whole cents: an integer sum does not depend on how the rows are chunked (a
        // release made delivery by delivery holds them in other chunks than one made at once,
        // and a float sum in another order differs in its last bits).
        .agg([(col("bedrag") * lit(100.0))
            .round(0, RoundMode::HalfAwayFromZero)
            .cast(DataType::Int64)
            .sum()
            .alias("_centen")])
        // Kept in cents: whole numbers add up exactly in any order (the region's triangle adds
        // the gemeenten's cells in the order a group-by gives them), and a factor is a ratio.
        .with_column(col("_centen").cast(DataType::Float64).alias("_bedrag"))
        .collect()?;
    // Per allocation: the first delivery that carried it and its latest start date.
    let starts = trajecten
        .clone()
        .lazy()
        .group_by([col("gemeente"), col("toewijzingnummer")])
        .agg([
            col("aanlevering").min().alias("_levering"),
            col("startdatum").last().alias("_start"),
        ])
        .filter(col("_start").is_not_null())
        .group_by([
            col("gemeente"),
            maand_expr("_start").alias("_maand"),
            col("_levering"),
        ])
        .agg([len().cast(DataType::Float64).alias("_bedrag")])
        .collect()?;
    let mut leveringen: Vec<(String, i64)> = Vec::new();
    for df in [declaraties, trajecten] {
        let u = df
            .clone()
            .lazy()
            .select([col("gemeente"), col("aanlevering")])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()?;
        let (g, a) = (
            super::tekstkolom(&u, "gemeente")?,
            super::tekstkolom(&u, "aanlevering")?,
        );
        for i in 0..u.height() {
            if let (Some(g), Some(m)) = (&g[i], a[i].as_deref().and_then(maandnummer)) {
                leveringen.push((g.clone(), m));
            }
        }
    }
    Ok(Driehoeken::uit_bijdragen(
        &bijdragen(&kosten)?,
        &bijdragen(&starts)?,
        &leveringen,
    ))
}

/// The nowcasts as the release table [`TABEL`].
pub fn als_tabel(n: &[Nowcast]) -> PolarsResult<DataFrame> {
    let tekst = |f: &dyn Fn(&Nowcast) -> String| n.iter().map(f).collect::<Vec<_>>();
    let getal = |f: &dyn Fn(&Nowcast) -> f64| n.iter().map(f).collect::<Vec<_>>();
    DataFrame::new(
        n.len(),
        vec![
            Column::new("grootheid".into(), tekst(&|x| x.grootheid.to_string())),
            Column::new("indicator".into(), tekst(&|x| x.indicator.clone())),
            Column::new("niveau".into(), tekst(&|x| x.niveau.id().to_string())),
            Column::new("code".into(), tekst(&|x| x.code.clone())),
            Column::new(
                "naam".into(),
                n.iter().map(|x| x.naam.clone()).collect::<Vec<_>>(),
            ),
            Column::new("periode".into(), tekst(&|x| x.periode.clone())),
            Column::new(
                "leeftijd".into(),
                n.iter().map(|x| x.leeftijd).collect::<Vec<_>>(),
            ),
            Column::new("waargenomen".into(), getal(&|x| x.waargenomen)),
            Column::new("verwacht".into(), getal(&|x| x.verwacht)),
            Column::new("ondergrens".into(), getal(&|x| x.ondergrens)),
            Column::new("bovengrens".into(), getal(&|x| x.bovengrens)),
            Column::new("factor".into(), getal(&|x| x.factor)),
            Column::new(
                "maanden".into(),
                n.iter().map(|x| x.maanden as i64).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// The nowcasts stored with a release (none for a release made before they existed).
pub fn lees(data: &std::path::Path, release: &str) -> Result<Vec<Nowcast>, crate::IngestFout> {
    let manifest = crate::release::lees_manifest(data, release)?;
    if !manifest.tabellen.contains_key(TABEL) {
        return Ok(Vec::new());
    }
    let df = crate::release::lees_tabel(data, release, TABEL)?;
    let t = |n: &str| super::tekstkolom(&df, n);
    let g = |n: &str| super::getalkolom(&df, n);
    let (gr, ind, niv, code, naam, per) = (
        t("grootheid")?,
        t("indicator")?,
        t("niveau")?,
        t("code")?,
        t("naam")?,
        t("periode")?,
    );
    let (leeftijd, waar, verw, onder, boven, factor, maanden) = (
        g("leeftijd")?,
        g("waargenomen")?,
        g("verwacht")?,
        g("ondergrens")?,
        g("bovengrens")?,
        g("factor")?,
        g("maanden")?,
    );
    let s = |v: &[Option<String>], i: usize| v[i].clone().unwrap_or_default();
    let mut v = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let (Some(grootheid), Some(niveau)) =
            (Grootheid::parse(&s(&gr, i)), Niveau::parse(&s(&niv, i)))
        else {
            return Err(crate::IngestFout::OnbekendeWaarde(format!(
                "release {release}, tabel {TABEL}, rij {}: grootheid '{}' of niveau '{}' is \
                 onbekend; verwacht kosten/gestarte_trajecten en regio/gemeente",
                i + 1,
                s(&gr, i),
                s(&niv, i)
            )));
        };
        let f = |v: &[Option<f64>]| v[i].unwrap_or(f64::NAN);
        v.push(Nowcast {
            grootheid: grootheid.id(),
            indicator: s(&ind, i),
            niveau,
            code: s(&code, i),
            naam: naam[i].clone(),
            periode: s(&per, i),
            leeftijd: leeftijd[i].unwrap_or(0.0) as i64,
            waargenomen: f(&waar),
            verwacht: f(&verw),
            ondergrens: f(&onder),
            bovengrens: f(&boven),
            factor: f(&factor),
            maanden: maanden[i].unwrap_or(0.0) as usize,
        });
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::signalen::maandtekst;

    /// A chain-ladder factor from three deliveries, by hand: months 0..=2 delivered 60 at age 0,
    /// 30 more at age 1 and 10 more at age 2 (and nothing after), so f(0) = 90/60 = 1,5,
    /// f(1) = 100/90, f(k≥2) = 1 and F(0) = 1,5 · 100/90 = 100/60.
    #[test]
    fn chain_ladder_factor_from_three_deliveries() {
        let mut d = Driehoek::default();
        // 20 months, each delivered in three parts; the newest delivery is month 40.
        for m in 0..=40 {
            d.levering(m);
        }
        for m in 0..=40 {
            for (a, x) in [(0, 60.0), (1, 30.0), (2, 10.0)] {
                if m + a <= 40 {
                    d.voeg_toe(m, m + a, x);
                }
            }
        }
        let o = d.ontwikkeling(40, 0, 1).expect("genoeg historie");
        assert!((o.factor - 100.0 / 60.0).abs() < 1e-12, "{o:?}");
        // Every complete month developed exactly so: no spread, a point interval.
        assert!((o.laag - o.factor).abs() < 1e-12 && (o.hoog - o.factor).abs() < 1e-12);
        let o1 = d.ontwikkeling(40, 1, 1).unwrap();
        assert!((o1.factor - 100.0 / 90.0).abs() < 1e-12);
        let o2 = d.ontwikkeling(40, 2, 1).unwrap();
        assert!((o2.factor - 1.0).abs() < 1e-12);
        // HISTORIE = 36: complete months are 40-36 = 4 ..= 40-12 = 28, 25 of them.
        assert_eq!(o.maanden, 25);
    }

    /// Two kinds of month alternate: half delivered at age 0 (ratio 2) and three quarters
    /// (ratio 4/3). Link ratio at age 0 = Σ100 / Σ(50 + 75) over the months compared; the
    /// interval comes from the spread of ln 2 and ln 4/3.
    #[test]
    fn interval_from_the_spread_of_complete_months() {
        let mut d = Driehoek::default();
        let l = 40;
        for m in 0..=l {
            d.levering(m);
            let eerst = if m % 2 == 0 { 50.0 } else { 75.0 };
            d.voeg_toe(m, m, eerst);
            if m < l {
                d.voeg_toe(m, m + 1, 100.0 - eerst);
            }
        }
        let o = d.ontwikkeling(l, 0, 1).unwrap();
        // Months 4..=39 observed at age 1: 18 even and 18 odd.
        let f = (36.0 * 100.0) / (18.0 * 50.0 + 18.0 * 75.0);
        assert!((o.factor - f).abs() < 1e-12);
        // Complete months 4..=28: 13 even (ln 2), 12 odd (ln 4/3).
        let logs: Vec<f64> = (4..=28)
            .map(|m| {
                if m % 2 == 0 {
                    2f64.ln()
                } else {
                    (4.0f64 / 3.0).ln()
                }
            })
            .collect();
        let n = logs.len() as f64;
        let gem = logs.iter().sum::<f64>() / n;
        let s = (logs.iter().map(|x| (x - gem).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let b = Z80 * s * (1.0 + 1.0 / n).sqrt();
        assert!((o.laag - f * (-b).exp()).abs() < 1e-9);
        assert!((o.hoog - f * b.exp()).abs() < 1e-9);
        assert_eq!(o.maanden, 25);
    }

    /// A quarterly deliverer: months are compared with months in the same place of the
    /// quarter, so the last month of a quarter (all in at age 0) gets factor 1 and the first
    /// (nothing at age 0, all at age 2) gets no nowcast at age 0.
    #[test]
    fn quarterly_rhythm_compares_like_with_like() {
        let mut d = Driehoek::default();
        let l: i64 = 41; // a quarter end: 41 % 3 == 2
        for m in 0..=l {
            let levering = m + 2 - m.rem_euclid(3);
            if levering <= l {
                d.voeg_toe(m, levering, 30.0);
            }
        }
        assert_eq!(d.ritme(), 3);
        let eind = d.ontwikkeling(l, 0, 3).unwrap();
        assert!((eind.factor - 1.0).abs() < 1e-12);
        // The month before the quarter end at age 1: complete, factor 1.
        assert!((d.ontwikkeling(l, 1, 3).unwrap().factor - 1.0).abs() < 1e-12);
        // Without the rhythm the months would be mixed: factor ≠ 1.
        let gemengd = d.ontwikkeling(l, 0, 1);
        assert!(gemengd.is_none_or(|o| (o.factor - 1.0).abs() > 0.1));
    }

    #[test]
    fn no_nowcast_for_a_month_nearly_nothing_of_which_is_in() {
        let mut d = Driehoek::default();
        for m in 0..=40 {
            d.levering(m);
            d.voeg_toe(m, m, 1.0);
            if m < 40 {
                d.voeg_toe(m, m + 1, 99.0);
            }
        }
        assert!(d.ontwikkeling(40, 0, 1).is_none());
        assert!(d.ontwikkeling(40, 1, 1).is_some());
    }

    fn waarde(
        ind: &str,
        niveau: Niveau,
        code: &str,
        periode: &str,
        w: f64,
        n: Option<f64>,
    ) -> Waarde {
        Waarde {
            noemer: n,
            voorlopig: true,
            ..Waarde::test(ind, niveau, code, periode, w)
        }
    }

    /// The nowcast multiplies the published value (not the triangle's) by the factor; a hidden
    /// value gets none; the region uses its own triangle.
    #[test]
    fn nowcast_applies_the_factor_to_the_published_value() {
        let mut kosten = Vec::new();
        for m in 0..=40 {
            for (gem, deel) in [("GM0001", 1.0), ("GM0002", 3.0)] {
                kosten.push(Bijdrage {
                    gemeente: gem.into(),
                    maand: m,
                    levering: m,
                    bedrag: 50.0 * deel,
                });
                if m < 40 {
                    kosten.push(Bijdrage {
                        gemeente: gem.into(),
                        maand: m,
                        levering: m + 1,
                        bedrag: 50.0 * deel,
                    });
                }
            }
        }
        let lev: Vec<(String, i64)> = (0..=40)
            .flat_map(|m| [("GM0001".to_string(), m), ("GM0002".to_string(), m)])
            .collect();
        let dh = Driehoeken::uit_bijdragen(&kosten, &[], &lev);
        let p = maandtekst(40);
        let mut verborgen = waarde("kosten", Niveau::Gemeente, "GM0002", &p, 150.0, None);
        verborgen.onderdrukt = true;
        let w = vec![
            waarde("kosten", Niveau::Gemeente, "GM0001", &p, 49.0, None),
            verborgen,
            waarde("kosten", Niveau::Regio, "regio", &p, 200.0, None),
            // Not provisional: no nowcast.
            Waarde {
                voorlopig: false,
                ..waarde(
                    "kosten",
                    Niveau::Gemeente,
                    "GM0001",
                    &maandtekst(39),
                    100.0,
                    None,
                )
            },
        ];
        let n = nowcasts(&w, &dh);
        assert_eq!(n.len(), 2, "{n:?}");
        let g = n.iter().find(|x| x.code == "GM0001").unwrap();
        assert!((g.verwacht - 98.0).abs() < 1e-9 && g.leeftijd == 0);
        let r = n.iter().find(|x| x.niveau == Niveau::Regio).unwrap();
        assert!((r.verwacht - 400.0).abs() < 1e-9);
        let t = als_tabel(&n).unwrap();
        assert_eq!(t.height(), 2);
    }
}
