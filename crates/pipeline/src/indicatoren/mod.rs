//! The indicator engine: every indicator of the catalogue (`pipelines/indicatoren.toml`) as
//! one Polars plan over a release's tables, per period (year, half year, quarter, month) and
//! per level (regio, gemeente and — where the catalogue says so — aanbieder).
//!
//! Every plan returns the same long format (`KOLOMMEN`); national values, targets, intervals
//! and the one suppression step are added afterwards, the same way for every indicator.
//! `standaardisatie` adds case-mix adjusted observed/expected ratios per provider.

pub mod bereken;
pub(crate) mod definities;
pub(crate) mod historie;
pub mod jaarprognose;
// The suppression engine was being reworked (issue 18) while the long functions elsewhere were
// split (issue 19); its three long functions (`relaties::stelsel`, `lineair::bepaald`,
// `pas_toe_met_verslag`) are still to be split.
pub mod nowcast;
#[allow(clippy::too_many_lines)]
pub mod onderdrukking;
pub(crate) mod perioden;
pub mod signalen;
pub(crate) mod standaardisatie;
pub mod statistiek;
pub mod uitvoer;
pub(crate) mod verblijf;
pub mod verblijfsprognose;

use polars::prelude::*;

/// The long format every indicator plan returns. `basis` (nullable): the number of units
/// (clients or trajecten) behind a figure whose teller and noemer are not both counts —
/// medians, percentiles, means of days, euro amounts, cost growth. The suppression step
/// judges such a row by `basis` (and `noemer`), never by the size or sign of the amount.
/// Kept in `indicatoren_intern`, never published.
pub const KOLOMMEN: [&str; 9] = [
    "indicator",
    "periode",
    "niveau",
    "code",
    "uitsplitsing",
    "teller",
    "noemer",
    "waarde",
    "basis",
];

/// `kolom` is one of the values in `lijst` (null where `kolom` is null).
pub(crate) fn in_lijst(kolom: &str, lijst: &[&str]) -> Expr {
    let s = Series::new(
        "l".into(),
        lijst.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    col(kolom).is_in(lit(s).implode(false), false)
}

/// `hulpvorm` is a form with (`verblijf`) or without a stay away from home, as
/// [`model::Hulpvorm::is_verblijf`] defines it (null where `hulpvorm` is null).
pub(crate) fn hulpvorm_verblijf(verblijf: bool) -> Expr {
    let codes: Vec<&str> = model::Hulpvorm::ALLE
        .into_iter()
        .filter(|h| h.is_verblijf() == verblijf)
        .map(model::Hulpvorm::code)
        .collect();
    in_lijst("hulpvorm", &codes)
}

/// The level an indicator is aggregated to. Stored (and serialised) as its [`Niveau::id`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Niveau {
    Regio,
    Gemeente,
    Aanbieder,
    /// One provider's trajecten for one gemeente: `code` is `<agb>|<gemeente>` (see
    /// [`aanbieder_gemeente_code`]). Wherever a plan has the aanbieder level it has this one
    /// too, but only for years and half years ([`Niveau::berekend_voor`]): per month a
    /// provider's figures in one gemeente are nearly always below the threshold.
    AanbiederGemeente,
}

impl std::fmt::Display for Niveau {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// The split of a stored value: `totaal`, or a split id such as `segment_verblijf`.
/// A type of its own so that a split is never passed where an indicator id or a code is meant.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Uitsplitsing(std::borrow::Cow<'static, str>);

impl Uitsplitsing {
    /// The whole, not split.
    pub const TOTAAL: Uitsplitsing = Uitsplitsing::vast("totaal");

    /// A split known when the code is written (`Uitsplitsing::vast("gemeente_gi")`).
    pub const fn vast(id: &'static str) -> Uitsplitsing {
        Uitsplitsing(std::borrow::Cow::Borrowed(id))
    }

    pub fn totaal() -> Uitsplitsing {
        Uitsplitsing::TOTAAL
    }

    pub fn is_totaal(&self) -> bool {
        *self == Uitsplitsing::TOTAAL
    }

    /// The split of one inkoopsegment (`segment_<id>`, e.g. `segment_verblijf`; also
    /// `segment_wonen_verblijf`, the two together).
    pub fn segment(id: &str) -> Uitsplitsing {
        Uitsplitsing(format!("segment_{id}").into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read as text (names, links, prefixes); compared and looked up as a split.
impl std::ops::Deref for Uitsplitsing {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Uitsplitsing {
    fn from(s: &str) -> Uitsplitsing {
        Uitsplitsing(s.to_string().into())
    }
}

impl From<String> for Uitsplitsing {
    fn from(s: String) -> Uitsplitsing {
        Uitsplitsing(s.into())
    }
}

impl std::fmt::Display for Uitsplitsing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Uitsplitsing {
    fn eq(&self, o: &str) -> bool {
        self.0 == o
    }
}

impl PartialEq<&str> for Uitsplitsing {
    fn eq(&self, o: &&str) -> bool {
        self.0 == *o
    }
}

/// The `code` of a row at niveau `aanbieder_gemeente`.
pub fn aanbieder_gemeente_code(agb: &str, gemeente: &str) -> String {
    format!("{agb}|{gemeente}")
}

impl Niveau {
    pub const ALLE: [Niveau; 4] = [
        Niveau::Regio,
        Niveau::Gemeente,
        Niveau::Aanbieder,
        Niveau::AanbiederGemeente,
    ];

    /// The level with this [`Niveau::id`].
    pub fn parse(id: &str) -> Option<Niveau> {
        Niveau::ALLE.into_iter().find(|n| n.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Niveau::Regio => "regio",
            Niveau::Gemeente => "gemeente",
            Niveau::Aanbieder => "aanbieder",
            Niveau::AanbiederGemeente => "aanbieder_gemeente",
        }
    }

    /// The expression giving the `code` of a row at this level (null when the row has no
    /// provider or no gemeente: it is then left out of this level).
    pub fn code(self) -> Expr {
        match self {
            Niveau::Regio => lit("regio"),
            Niveau::Gemeente => col("gemeente"),
            Niveau::Aanbieder => col("aanbieder_agb"),
            Niveau::AanbiederGemeente => concat_str(
                [
                    col("aanbieder_agb").cast(DataType::String),
                    col("gemeente").cast(DataType::String),
                ],
                "|",
                false,
            ),
        }
    }

    /// Whether this level is computed for periods of kind `soort`.
    pub fn berekend_voor(self, soort: model::PeriodeSoort) -> bool {
        self != Niveau::AanbiederGemeente
            || matches!(
                soort,
                model::PeriodeSoort::Jaar | model::PeriodeSoort::Halfjaar
            )
    }
}

/// Puts an aggregated frame (with `periode`, `code` and the given `teller`/`noemer`/`waarde`
/// columns) into the long format, without a `basis` (counts and proportions of counts).
pub fn lang(lf: LazyFrame, indicator: &str, niveau: Niveau, uitsplitsing: Expr) -> LazyFrame {
    lang_met_basis(
        lf,
        indicator,
        niveau,
        uitsplitsing,
        lit(NULL).cast(DataType::Float64),
    )
}

/// [`lang`] with a `basis`: the number of units behind the figure (see [`KOLOMMEN`]).
pub fn lang_met_basis(
    lf: LazyFrame,
    indicator: &str,
    niveau: Niveau,
    uitsplitsing: Expr,
    basis: Expr,
) -> LazyFrame {
    lf.select([
        lit(indicator).alias("indicator"),
        col("periode"),
        lit(niveau.id()).alias("niveau"),
        col("code").cast(DataType::String),
        uitsplitsing.alias("uitsplitsing"),
        col("teller").cast(DataType::Float64),
        col("noemer").cast(DataType::Float64),
        col("waarde").cast(DataType::Float64),
        basis.cast(DataType::Float64).alias("basis"),
    ])
}

/// Stacks frames that were collected one after another (`None` when there were none). The
/// indicator step collects its parts one at a time so that only one part's intermediates are
/// in memory; this is where they come together.
pub(crate) fn onder_elkaar(
    delen: impl IntoIterator<Item = PolarsResult<DataFrame>>,
) -> PolarsResult<Option<DataFrame>> {
    let mut uit: Option<DataFrame> = None;
    for deel in delen {
        let deel = deel?;
        match &mut uit {
            Some(u) => {
                u.vstack_mut_owned(deel)?;
            }
            None => uit = Some(deel),
        }
    }
    Ok(uit)
}

/// A column as owned text values (any type cast to text).
pub fn tekstkolom(df: &DataFrame, naam: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(naam)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|s| s.map(|s| s.to_string()))
        .collect())
}

/// A column as numbers (any numeric type cast to f64).
pub fn getalkolom(df: &DataFrame, naam: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df
        .column(naam)?
        .cast(&DataType::Float64)?
        .f64()?
        .iter()
        .collect())
}
