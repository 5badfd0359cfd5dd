//! Filters live in the URL (`?soort=&periode=&gemeente=&segment=&release=`), so every view
//! can be linked and bookmarked. Unknown or mismatching values fall back to a sensible
//! default instead of an error page; the page then says what it shows.

use model::{Periode, PeriodeSoort, Segment};
use serde::Deserialize;

use crate::staat::{Releasedata, Staat};
use pipeline::indicatoren::Niveau;

/// The query string as sent (also the query parameters of the API description).
#[derive(Debug, Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    /// Period kind: jaar, halfjaar, kwartaal or maand (default jaar).
    pub soort: Option<String>,
    /// Period, e.g. 2024, 2024-H1, 2024-Q3, 2024-07 (default: the newest final one).
    pub periode: Option<String>,
    /// CBS gemeente code, e.g. GM0153; empty = the whole region.
    pub gemeente: Option<String>,
    /// Segment: verblijf, wonen, ambulant, crisis, jeugdbescherming, jeugdreclassering.
    pub segment: Option<String>,
    /// Release id, e.g. r0001 (default: the newest).
    pub release: Option<String>,
    /// The split on the indicator page (e.g. `hulpvorm_12`).
    pub uitsplitsing: Option<String>,
    /// Download format.
    pub formaat: Option<String>,
    /// The provider to highlight in a comparison.
    pub aanbieder: Option<String>,
}

/// The filters resolved against a release.
#[derive(Debug, Clone)]
pub struct Keuze {
    pub soort: PeriodeSoort,
    pub periode: Option<Periode>,
    /// `None` = the whole region.
    pub gemeente: Option<String>,
    pub gemeente_naam: String,
    pub segment: Option<Segment>,
    pub release: String,
    /// Whether the release is the newest (then it is left out of links).
    pub nieuwste: bool,
    /// Why a requested filter value was not used (shown on the page).
    pub melding: Option<String>,
}

impl Keuze {
    pub fn maak(s: &Staat, r: &Releasedata, f: &Filters) -> Keuze {
        fn leeg(o: &Option<String>) -> Option<&str> {
            o.as_deref().filter(|x| !x.trim().is_empty())
        }
        let gevraagd = leeg(&f.periode).and_then(|p| Periode::parse(p).ok());
        let soort = leeg(&f.soort)
            .and_then(|x| PeriodeSoort::parse(x).ok())
            .or(gevraagd.map(|p| p.soort()))
            .unwrap_or(PeriodeSoort::Jaar);
        let bekend = |p: &Periode| r.perioden.get(&soort).is_some_and(|v| v.contains(p));
        let periode = gevraagd
            .filter(|p| p.soort() == soort && bekend(p))
            .or_else(|| r.standaard.get(&soort).copied());
        let getoond = periode.map(|p| p.label()).unwrap_or_else(|| "geen".into());
        let melding = match (leeg(&f.periode), gevraagd) {
            (Some(p), None) => Some(format!(
                "Periode '{p}' is onbekend (verwacht bijv. 2024, 2024-H1, 2024-Q3 of 2024-07); getoond: {getoond}."
            )),
            (Some(_), Some(g)) if Some(g) != periode && g.soort() != soort => Some(format!(
                "Periode {g} hoort niet bij de periodesoort {}; getoond: {getoond}.",
                soort.naam().to_lowercase()
            )),
            (Some(_), Some(g)) if Some(g) != periode => Some(format!(
                "Over {} zijn in deze release geen cijfers; getoond: {getoond}.",
                g.label()
            )),
            _ => None,
        };
        let gemeente = leeg(&f.gemeente)
            .filter(|g| *g != "regio")
            .and_then(|g| s.regio.gemeenten.iter().find(|x| x.code.to_string() == g))
            .map(|g| (g.code.to_string(), g.naam.clone()));
        Keuze {
            soort,
            periode,
            gemeente_naam: gemeente
                .as_ref()
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| s.regio.naam.clone()),
            gemeente: gemeente.map(|(c, _)| c),
            segment: leeg(&f.segment).and_then(|x| Segment::parse(x).ok()),
            release: r.manifest.id.clone(),
            nieuwste: r.manifest.id == s.nieuwste_id(),
            melding,
        }
    }

    /// Niveau and code of the chosen area.
    pub fn gebied(&self) -> (Niveau, String) {
        match &self.gemeente {
            Some(g) => (Niveau::Gemeente, g.clone()),
            None => (Niveau::Regio, "regio".into()),
        }
    }

    pub fn periode_id(&self) -> String {
        self.periode.map(|p| p.to_string()).unwrap_or_default()
    }

    pub fn periode_label(&self) -> String {
        self.periode.map(|p| p.label()).unwrap_or_default()
    }

    /// The query string for links that keep these filters (with a leading `?`, or empty).
    pub fn query(&self) -> String {
        self.query_met(&[])
    }

    /// The query string with some parameters replaced or added (`""` removes one).
    pub fn query_met(&self, extra: &[(&str, &str)]) -> String {
        let mut paren: Vec<(String, String)> = vec![
            ("soort".into(), self.soort.id().into()),
            ("periode".into(), self.periode_id()),
            ("gemeente".into(), self.gemeente.clone().unwrap_or_default()),
            (
                "segment".into(),
                self.segment.map(|s| s.id().to_string()).unwrap_or_default(),
            ),
        ];
        if !self.nieuwste {
            paren.push(("release".into(), self.release.clone()));
        }
        for (k, v) in extra {
            match paren.iter_mut().find(|(pk, _)| pk == k) {
                Some(p) => p.1 = v.to_string(),
                None => paren.push((k.to_string(), v.to_string())),
            }
        }
        let delen: Vec<String> = paren
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", codeer(&v)))
            .collect();
        if delen.is_empty() {
            String::new()
        } else {
            format!("?{}", delen.join("&"))
        }
    }
}

/// Percent-encoding for a query value (our values are codes, but be safe).
pub fn codeer(v: &str) -> String {
    let mut uit = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                uit.push(b as char)
            }
            _ => uit.push_str(&format!("%{b:02X}")),
        }
    }
    uit
}

/// Options for the filter form: value, label, selected.
#[derive(Debug, Clone)]
pub struct Optie {
    pub waarde: String,
    pub label: String,
    pub gekozen: bool,
}

pub struct Formulier {
    pub soorten: Vec<Optie>,
    pub perioden: Vec<Optie>,
    pub gemeenten: Vec<Optie>,
    pub segmenten: Vec<Optie>,
    pub releases: Vec<Optie>,
    /// Whether the page uses the segment filter.
    pub met_segment: bool,
    pub met_gemeente: bool,
}

impl Formulier {
    pub fn maak(s: &Staat, r: &Releasedata, k: &Keuze) -> Formulier {
        let soorten = model::PeriodeSoort::ALLE
            .into_iter()
            .filter(|x| r.perioden.contains_key(x))
            .map(|x| Optie {
                waarde: x.id().into(),
                label: x.naam().into(),
                gekozen: x == k.soort,
            })
            .collect();
        let perioden = r
            .perioden
            .get(&k.soort)
            .map(|v| {
                v.iter()
                    .map(|p| Optie {
                        waarde: p.to_string(),
                        label: p.label(),
                        gekozen: Some(*p) == k.periode,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut gemeenten = vec![Optie {
            waarde: String::new(),
            label: format!("Hele regio {}", s.regio.naam),
            gekozen: k.gemeente.is_none(),
        }];
        gemeenten.extend(s.regio.gemeenten.iter().map(|g| Optie {
            waarde: g.code.to_string(),
            label: g.naam.clone(),
            gekozen: k.gemeente.as_deref() == Some(&g.code.to_string()),
        }));
        let mut segmenten = vec![Optie {
            waarde: String::new(),
            label: "Alle segmenten".into(),
            gekozen: k.segment.is_none(),
        }];
        segmenten.extend(Segment::ALLE.into_iter().map(|x| Optie {
            waarde: x.id().into(),
            label: x.naam().into(),
            gekozen: Some(x) == k.segment,
        }));
        let releases = s.met_releases(|v| {
            v.iter()
                .rev()
                .map(|m| Optie {
                    waarde: m.id.clone(),
                    label: format!(
                        "{} (levering t/m {})",
                        m.id,
                        m.laatste_aanlevering.as_deref().unwrap_or("–")
                    ),
                    gekozen: m.id == k.release,
                })
                .collect()
        });
        Formulier {
            soorten,
            perioden,
            gemeenten,
            segmenten,
            releases,
            met_segment: true,
            met_gemeente: true,
        }
    }
}
