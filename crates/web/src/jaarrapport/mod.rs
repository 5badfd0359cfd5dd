//! The jaarrapport for the Algemeen Bestuur: one release's stored figures for a year, with
//! the duidingen and actions of that year from the store, as a [`report::Document`] (the PDF)
//! and as a printable HTML page holding the same document.
//!
//! Invariants: reads stored, suppressed values only (never `indicatoren_intern`) and
//! computes no indicator; status comes from the stored value, always as word and symbol;
//! reads no clock: the document's date is the release's date and "late" is measured against
//! it, so the same release and the same database give the same bytes; shows no pseudonym
//! and nothing at provider level (duidingen about one aanbieder stay out).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{Periode, PeriodeSoort, Regio, getal};
use pipeline::indicatoren::bereken::IndicatorDef;
use pipeline::indicatoren::uitvoer::Waarde;
use report::{Blok, Document, Sectie};
use store::{Actie, ActieFilter, Duiding, DuidingFilter, Sessie};

use crate::Gedeeld;
use crate::dashboard::paginas;
use crate::filters::{Filters, Keuze};
use crate::rijen::{Leveringsmaand, Leverstatus};
use crate::staat::{Releasedata, Staat};
use crate::tabel::Tabel;
use crate::toegang::{Logregel, Rol, Routes, Wie};

/// `/jaarrapport/{jaar}.pdf|html`: for the roles that read the PDCA pages, logged as a
/// download.
pub(crate) fn router() -> Routes {
    Routes::bestanden().get(
        "/jaarrapport/{bestand}",
        Wie::Rollen(Rol::PDCA).logt(Logregel::Download),
        download,
    )
}

/// A part of the report: a segment (or Veilig Thuis, or the region as a whole) with the
/// figures that belong to it.
struct Onderdeel {
    titel: &'static str,
    /// Segment ids whose stored `segment_<id>` splits belong here (every indicator that has
    /// such a split comes along, so a new split shows up without a change here).
    segmenten: &'static [&'static str],
    /// Indicators (id, split) that are about this part by definition.
    eigen: &'static [(&'static str, &'static str)],
    /// The key figures for the at-a-glance table.
    kern: &'static [(&'static str, &'static str)],
    uitleg: &'static str,
}

/// The first part takes every indicator (main split) that no other part names.
const ONDERDELEN: [Onderdeel; 7] = [
    Onderdeel {
        titel: "Jeugdhulp in de hele regio",
        segmenten: &[],
        eigen: &[],
        kern: &[
            ("jeugdhulp_gebruik", "totaal"),
            ("trajectduur", "totaal"),
            ("wachttijd_binnen_6_weken", "totaal"),
            ("volgens_plan_aandeel", "totaal"),
            ("herhaald_beroep_aandeel", "totaal"),
            ("kosten", "totaal"),
            ("kosten_groei", "totaal"),
            ("kosten_per_client", "totaal"),
            ("kosten", "segment_wonen_verblijf"),
        ],
        uitleg: "Indicatoren over alle jeugdhulp samen, die niet bij één segment horen.",
    },
    Onderdeel {
        titel: "Verblijf",
        segmenten: &["verblijf"],
        eigen: &[
            ("verblijf_stand", "totaal"),
            ("verblijf_instroom", "totaal"),
            ("verblijf_doorstroom", "totaal"),
            ("verblijf_uitstroom", "totaal"),
            ("verblijf_uitstroom", "naar_ambulant"),
            ("gezinsgericht_aandeel", "totaal"),
            ("gezinsvormen_aandeel", "totaal"),
            ("crisis_start_aandeel", "met_verblijf"),
            ("verwijzer_aandeel", "verblijf_gemeente_gi"),
        ],
        kern: &[
            ("verblijf_stand", "totaal"),
            ("verblijf_stand", "segment_verblijf"),
            ("verblijf_instroom", "segment_verblijf"),
            ("jeugdhulp_clienten", "segment_verblijf"),
            ("gezinsgericht_aandeel", "totaal"),
            ("crisis_start_aandeel", "met_verblijf"),
            ("kosten", "segment_verblijf"),
        ],
        uitleg: "Jeugdigen in verblijf (hulpvorm 11-14, uit alle segmenten samen: de totalen) \
                 en het inkoopsegment verblijf (de regels met 'segment verblijf').",
    },
    Onderdeel {
        titel: "Wonen",
        segmenten: &["wonen"],
        eigen: &[],
        kern: &[
            ("verblijf_stand", "segment_wonen"),
            ("verblijf_instroom", "segment_wonen"),
            ("jeugdhulp_clienten", "segment_wonen"),
            ("trajectduur", "segment_wonen"),
            ("kosten", "segment_wonen"),
        ],
        uitleg: "Het inkoopsegment wonen. Er zijn geen eigen indicatoren voor wonen: de \
                 cijfers zijn de uitsplitsing naar dit segment van de algemene indicatoren.",
    },
    Onderdeel {
        titel: "Ambulant",
        segmenten: &["ambulant"],
        eigen: &[],
        kern: &[
            ("wachttijd", "segment_ambulant"),
            ("jeugdhulp_clienten", "segment_ambulant"),
            ("trajectduur", "segment_ambulant"),
            ("kosten", "segment_ambulant"),
        ],
        uitleg: "Het inkoopsegment ambulant. Er zijn geen eigen indicatoren voor ambulante \
                 hulp: de cijfers zijn de uitsplitsing naar dit segment van de algemene \
                 indicatoren.",
    },
    Onderdeel {
        titel: "Crisis",
        segmenten: &["crisis"],
        eigen: &[
            ("crisis_start_aandeel", "totaal"),
            ("crisis_start_aandeel", "zonder_verblijf"),
            ("crisis_instroom", "totaal"),
        ],
        kern: &[
            ("crisis_start_aandeel", "totaal"),
            ("crisis_instroom", "totaal"),
            ("kosten", "segment_crisis"),
        ],
        uitleg: "Trajecten die via crisis begonnen (crisisvlag of crisisproduct) en het \
                 inkoopsegment crisis.",
    },
    Onderdeel {
        titel: "Jeugdbescherming en jeugdreclassering",
        segmenten: &["jeugdbescherming", "jeugdreclassering"],
        eigen: &[
            ("jeugdbescherming_aandeel", "totaal"),
            ("jeugdreclassering_aandeel", "totaal"),
            ("jeugdreclassering_aandeel", "cbs_basis"),
        ],
        kern: &[
            ("jeugdbescherming_aandeel", "totaal"),
            ("jeugdreclassering_aandeel", "totaal"),
            ("kosten", "segment_jeugdbescherming"),
            ("kosten", "segment_jeugdreclassering"),
        ],
        uitleg: "Maatregelen jeugdbescherming en jeugdreclassering. Voor dit onderdeel zijn \
                 er alleen het aandeel jeugdigen met een maatregel en de kosten: doorlooptijden \
                 van de gecertificeerde instellingen zitten niet in de leveringen.",
    },
    Onderdeel {
        titel: "Veilig Thuis",
        segmenten: &[],
        eigen: &[
            ("vt_meldingen_per_100k", "totaal"),
            ("vt_hermelding_aandeel", "totaal"),
        ],
        kern: &[
            ("vt_meldingen_per_100k", "totaal"),
            ("vt_hermelding_aandeel", "totaal"),
        ],
        uitleg: "Meldingen bij Veilig Thuis. Voor dit onderdeel zijn er maar twee \
                 indicatoren (meldingen per 100.000 inwoners en hermeldingen); over de \
                 afhandeling van meldingen leveren de gemeenten geen gegevens.",
    },
];

/// How many years a trend chart shows, and how many charts a part gets.
const TRENDJAREN: usize = 7;
const GRAFIEKEN_PER_ONDERDEEL: usize = 2;

/// Why no report could be made.
#[derive(Debug)]
pub enum JaarrapportFout {
    /// The data folder or the release cannot be read.
    Release(String),
    /// The release holds no figures for the year.
    Jaar {
        jaar: i32,
        release: String,
        jaren: Vec<i32>,
    },
    Store(String),
    Pdf(report::ReportFout),
    Html(String),
}

impl fmt::Display for JaarrapportFout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JaarrapportFout::Release(e) => write!(f, "de release is niet te lezen: {e}"),
            JaarrapportFout::Jaar {
                jaar,
                release,
                jaren,
            } => write!(
                f,
                "release {release} heeft geen regiocijfers over {jaar}; kies een van: {}",
                jaren
                    .iter()
                    .map(|j| j.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            JaarrapportFout::Store(e) => {
                write!(f, "de duidingen en acties konden niet worden gelezen: {e}")
            }
            JaarrapportFout::Pdf(e) => write!(f, "{e}"),
            JaarrapportFout::Html(e) => write!(f, "de HTML-versie kon niet worden gemaakt: {e}"),
        }
    }
}

impl std::error::Error for JaarrapportFout {}

/// A made report: render it as PDF or HTML.
pub struct Jaarrapport {
    pub jaar: i32,
    pub release: String,
    pub document: Document,
}

impl Jaarrapport {
    /// The PDF (CPU-bound, ~1 s: call from a blocking thread in async code).
    pub fn pdf(&self) -> Result<Vec<u8>, JaarrapportFout> {
        report::pdf(&self.document).map_err(JaarrapportFout::Pdf)
    }

    /// A standalone, printable HTML page with the same content (styles inline).
    pub fn html(&self) -> Result<String, JaarrapportFout> {
        HtmlRapport::van(self)
            .render()
            .map_err(|e| JaarrapportFout::Html(e.to_string()))
    }

    /// File name without extension, e.g. `jaarrapport-2025-r0003`.
    pub fn bestandsnaam(&self) -> String {
        format!("jaarrapport-{}-{}", self.jaar, self.release)
    }
}

/// The report from a data folder without a server: reads the releases and, when present,
/// the database `DATA/jeugdstuur.sqlite` (without it the report says there are no
/// duidingen or actions).
pub async fn jaarrapport(
    data: &std::path::Path,
    regio: Regio,
    release: Option<&str>,
    jaar: i32,
) -> Result<Jaarrapport, JaarrapportFout> {
    let mut staat =
        Staat::laad(data, regio).map_err(|e| JaarrapportFout::Release(e.to_string()))?;
    let db = data.join("jeugdstuur.sqlite");
    if db.exists() {
        let st = store::Store::open(&db)
            .await
            .map_err(|e| JaarrapportFout::Store(e.to_string()))?;
        staat = staat.met_store(st);
    }
    maak(&staat, release, jaar).await
}

/// The report for `jaar` from a release (`None` = the newest) of a loaded state.
pub async fn maak(
    s: &Staat,
    release: Option<&str>,
    jaar: i32,
) -> Result<Jaarrapport, JaarrapportFout> {
    let r = s
        .release(release)
        .map_err(|e| JaarrapportFout::Release(e.to_string()))?;
    let periode = Periode::parse(&jaar.to_string())
        .ok()
        .filter(|p| {
            r.perioden
                .get(&PeriodeSoort::Jaar)
                .is_some_and(|v| v.contains(p))
        })
        .ok_or_else(|| JaarrapportFout::Jaar {
            jaar,
            release: r.manifest.id.clone(),
            jaren: r
                .perioden
                .get(&PeriodeSoort::Jaar)
                .map(|v| v.iter().rev().map(|p| p.jaar()).collect())
                .unwrap_or_default(),
        })?;
    let pdca = Pdca::lees(s, jaar).await?;
    Ok(Jaarrapport {
        jaar,
        release: r.manifest.id.clone(),
        document: Opbouw::nieuw(s, &r, periode, &pdca).document(),
    })
}

// ---------------------------------------------------------------- store

/// The year's sessions, duidingen and actions (empty without a database).
#[derive(Default)]
struct Pdca {
    database: bool,
    sessies: Vec<Sessie>,
    duidingen: Vec<Duiding>,
    acties: Vec<Actie>,
    per_status: BTreeMap<String, i64>,
}

impl Pdca {
    async fn lees(s: &Staat, jaar: i32) -> Result<Pdca, JaarrapportFout> {
        let Some(st) = &s.store else {
            return Ok(Pdca::default());
        };
        let fout = |e: store::StoreFout| JaarrapportFout::Store(e.to_string());
        let o = st.jaaroverzicht(jaar).await.map_err(fout)?;
        let sessies: HashSet<i64> = o.sessies.iter().map(|x| x.id).collect();
        let j = jaar.to_string();
        // The Dutch date of a stored moment: "dd-mm-jjjj om hh:mm".
        let in_jaar = |t: &str| store::pdca::tijdstip_volledig(t).get(6..10) == Some(j.as_str());
        let duidingen = st
            .duidingen(&DuidingFilter::default())
            .await
            .map_err(fout)?
            .into_iter()
            .filter(|d| d.niveau != "aanbieder")
            .filter(|d| {
                d.periode.starts_with(&j) || d.sessie_id.is_some_and(|x| sessies.contains(&x))
            })
            .collect();
        let acties = st
            .acties(&ActieFilter::default())
            .await
            .map_err(fout)?
            .into_iter()
            .filter(|a| match a.sessie_id {
                Some(x) => sessies.contains(&x),
                None => in_jaar(&a.aangemaakt_op),
            })
            .collect();
        Ok(Pdca {
            database: true,
            sessies: o.sessies,
            duidingen,
            acties,
            per_status: o.acties_per_status,
        })
    }
}

// ---------------------------------------------------------------- building

/// One figure in a table: an indicator's split in the region.
struct Rij<'a> {
    d: &'a IndicatorDef,
    uitsplitsing: String,
}

impl Rij<'_> {
    fn naam(&self) -> String {
        if self.uitsplitsing == "totaal" {
            self.d.naam.clone()
        } else if self.uitsplitsing == self.d.hoofd && !self.d.hoofd_label.is_empty() {
            format!("{} ({})", self.d.naam, self.d.hoofd_label)
        } else if self.uitsplitsing == "segment_wonen_verblijf" {
            format!("{} (wonen en verblijf samen)", self.d.naam)
        } else if let Some(seg) = self.uitsplitsing.strip_prefix("segment_") {
            format!("{} (segment {seg})", self.d.naam)
        } else {
            format!(
                "{} ({})",
                self.d.naam,
                paginas::splitsingnaam(&self.uitsplitsing).to_lowercase()
            )
        }
    }
}

/// A figure's name in the table of a part: the part's own segment split needs no
/// "(segment …)" unless the indicator is there twice; a total next to its segment split is
/// "(alle segmenten)".
fn label(o: &Onderdeel, alle: &[(&str, &str)], rij: &Rij) -> String {
    let (id, u) = (rij.d.id.as_str(), rij.uitsplitsing.as_str());
    let van = |f: &dyn Fn(&str) -> bool| alle.iter().filter(|(i, x)| *i == id && f(x)).count();
    let eigen_segment = u
        .strip_prefix("segment_")
        .is_some_and(|x| o.segmenten.contains(&x));
    if eigen_segment && van(&|_| true) == 1 {
        rij.d.naam.clone()
    } else if u == "totaal" && van(&|x| x.starts_with("segment_")) > 0 {
        format!("{} (alle segmenten)", rij.d.naam)
    } else {
        rij.naam()
    }
}

struct Opbouw<'a> {
    s: &'a Staat,
    r: &'a Releasedata,
    jaar: Periode,
    pdca: &'a Pdca,
    drempel: u32,
    /// The release's date (`yyyy-mm-dd`): the report's date and the reference for "late".
    peildatum: String,
    grafieken: usize,
}

impl<'a> Opbouw<'a> {
    fn nieuw(s: &'a Staat, r: &'a Releasedata, jaar: Periode, pdca: &'a Pdca) -> Opbouw<'a> {
        Opbouw {
            s,
            r,
            jaar,
            pdca,
            drempel: s.regio.onderdrukkingsdrempel,
            peildatum: r.manifest.aangemaakt.chars().take(10).collect(),
            grafieken: 0,
        }
    }

    fn waarde(&self, rij: &Rij, p: Periode) -> Option<&'a Waarde> {
        self.r
            .waarde(&rij.d.id, "regio", "regio", &rij.uitsplitsing, p)
    }

    fn rij(&self, id: &str, uitsplitsing: &str) -> Option<Rij<'a>> {
        let d = self.s.catalogus.get(id)?;
        Some(Rij {
            d,
            uitsplitsing: uitsplitsing.to_string(),
        })
    }

    /// Every figure of a part: its own indicators, then every stored split to its
    /// segments, in catalogue order; the first part takes what no other part names.
    fn rijen(&self, o: &Onderdeel) -> Vec<Rij<'a>> {
        let mut uit: Vec<Rij> = Vec::new();
        let mut gezien = HashSet::new();
        let mut voeg_toe = |uit: &mut Vec<Rij<'a>>, rij: Option<Rij<'a>>| {
            if let Some(rij) = rij
                && gezien.insert((rij.d.id.clone(), rij.uitsplitsing.clone()))
            {
                uit.push(rij);
            }
        };
        if o.segmenten.is_empty() && o.eigen.is_empty() {
            let elders: HashSet<(&str, &str)> = ONDERDELEN
                .iter()
                .flat_map(|x| x.eigen.iter().copied())
                .collect();
            for d in &self.s.catalogus.indicatoren {
                if !elders.contains(&(d.id.as_str(), d.hoofd.as_str())) {
                    voeg_toe(&mut uit, self.rij(&d.id, &d.hoofd));
                }
            }
        }
        for (id, u) in o.eigen {
            voeg_toe(&mut uit, self.rij(id, u));
        }
        for d in &self.s.catalogus.indicatoren {
            let splitsingen = self.r.uitsplitsingen(&d.id, "regio");
            for seg in o.segmenten {
                let u = format!("segment_{seg}");
                if splitsingen.contains(&u) {
                    voeg_toe(&mut uit, self.rij(&d.id, &u));
                }
            }
        }
        uit
    }

    fn onderdeel_van_indicator(&self, indicator: &str, uitsplitsing: &str) -> usize {
        let precies = ONDERDELEN.iter().position(|o| {
            o.eigen.contains(&(indicator, uitsplitsing))
                || uitsplitsing
                    .strip_prefix("segment_")
                    .is_some_and(|s| o.segmenten.contains(&s))
        });
        precies
            .or_else(|| {
                ONDERDELEN
                    .iter()
                    .position(|o| o.eigen.iter().any(|(i, _)| *i == indicator))
            })
            .unwrap_or(0)
    }

    fn onderdeel_van_duiding(&self, d: &Duiding) -> usize {
        if d.niveau == "segment"
            && let Some(i) = ONDERDELEN
                .iter()
                .position(|o| o.segmenten.contains(&d.code.as_str()))
        {
            return i;
        }
        self.onderdeel_van_indicator(&d.indicator, &d.uitsplitsing)
    }

    fn onderdeel_van_actie(&self, a: &Actie) -> Option<usize> {
        let d = self.s.catalogus.get(a.indicator.as_deref()?)?;
        Some(self.onderdeel_van_indicator(&d.id, &d.hoofd))
    }

    /// The status as symbol and word; "–" without a target (the tables' legend says so).
    fn status(w: Option<&Waarde>) -> String {
        match paginas::status(w).0 {
            "" => "–".into(),
            s => s.into(),
        }
    }

    /// The target path, and for an amount the gap to it in euros.
    fn streef(rij: &Rij, w: Option<&Waarde>) -> String {
        match paginas::streeftekst(rij.d, w) {
            t if t.is_empty() => "–".into(),
            t => t,
        }
    }

    /// Where the national values in a table come from: each with its period and source.
    fn landelijke_bronnen(&self, rijen: &[(String, Option<&Waarde>)]) -> Option<Blok> {
        let mut gezien = HashSet::new();
        let regels: Vec<String> = rijen
            .iter()
            .filter_map(|(naam, w)| {
                let w = (*w)?;
                w.landelijk?;
                let p = paginas::landelijke_periode(w.landelijk_periode.as_deref()?);
                let bron = w.landelijk_bron.clone().unwrap_or_default();
                gezien.insert((p.clone(), bron.clone())).then(|| {
                    format!(
                        "{naam}: landelijk {p}, {bron}{}",
                        if w.landelijk_vergelijkbaar {
                            ""
                        } else {
                            " (alleen context: andere periodesoort of definitie, niet vergeleken)"
                        }
                    )
                })
            })
            .collect();
        (!regels.is_empty()).then(|| {
            Blok::Alinea(format!(
                "Bronnen van de landelijke waarden. {}.",
                regels.join("; ")
            ))
        })
    }

    fn landelijk(rij: &Rij, w: Option<&Waarde>) -> String {
        match paginas::landelijktekst(rij.d, w) {
            t if t.is_empty() => "–".into(),
            t => t,
        }
    }

    fn waardetekst(&self, rij: &Rij, w: Option<&Waarde>) -> String {
        paginas::waardetekst(rij.d, w, self.drempel)
    }

    fn document(mut self) -> Document {
        let regio = self.s.regio.naam.clone();
        let jaar = self.jaar.jaar();
        let mut secties = vec![self.voorblad(), self.oogopslag()];
        let mut algemene_acties = Vec::new();
        for (i, o) in ONDERDELEN.iter().enumerate() {
            secties.push(self.onderdeel(i, o));
        }
        for a in &self.pdca.acties {
            if self.onderdeel_van_actie(a).is_none() {
                algemene_acties.push(a);
            }
        }
        secties.push(self.pdca_sectie(&algemene_acties));
        secties.push(self.datakwaliteit());
        secties.push(self.definities());
        Document {
            titel: format!("Jaarrapport jeugdhulp {regio} {jaar}"),
            ondertitel: format!(
                "Voortgang, trends en verbeterpunten per segment, voor het Algemeen Bestuur \
                 (cijfers uit release {})",
                self.r.manifest.id
            ),
            auteur: format!("Regionale data-adviesgroep {regio}"),
            datum: self.peildatum.clone(),
            secties,
            voetnoot: format!(
                "Release {} · aantallen onder {} worden niet getoond · synthetische demodata.",
                self.r.manifest.id, self.drempel
            ),
        }
    }

    /// Whether every shown figure of the year is provisional (then one sentence says so
    /// instead of a mark at every value).
    fn alles_voorlopig(&self) -> bool {
        let j = self.jaar.to_string();
        let regio: Vec<&Waarde> = self
            .r
            .zichtbaar()
            .filter(|w| w.niveau == "regio" && w.periode == j)
            .collect();
        !regio.is_empty() && regio.iter().all(|w| w.voorlopig)
    }

    fn voorlopig_merk(&self, w: Option<&Waarde>) -> String {
        let mut m = String::new();
        if !self.alles_voorlopig() && w.is_some_and(|w| w.voorlopig) {
            m.push_str(" *");
        }
        m.push_str(Self::historie_merk(w));
        m
    }

    /// "†" beside a value whose period is biased by the start of the data window.
    fn historie_merk(w: Option<&Waarde>) -> &'static str {
        if w.is_some_and(|w| w.historie_onvolledig && w.waarde.is_some()) {
            " †"
        } else {
            ""
        }
    }

    /// Whether a figure of the year or the year before has an incomplete history.
    fn historie_in_rapport(&self) -> bool {
        let (j, v) = (self.jaar.to_string(), (self.jaar.jaar() - 1).to_string());
        self.r
            .zichtbaar()
            .any(|w| w.historie_onvolledig && (w.periode == j || w.periode == v))
    }

    /// The footnote explaining "†", when the report shows it.
    fn historie_voetnoot(&self) -> &'static str {
        if self.historie_in_rapport() {
            " Een † achter een waarde: onvolledige historie. Die periode ligt vóór of kort na \
             het begin van de gegevens, zodat een duur, terugblik of telling mist wat \
             daarvóór lag (zie per indicator de bijlage Definities)."
        } else {
            ""
        }
    }

    fn voorblad(&self) -> Sectie {
        let m = &self.r.manifest;
        let jaar = self.jaar.jaar();
        let laatste = m.laatste_aanlevering.clone().unwrap_or_else(|| "–".into());
        let mut tekst = format!(
            "Dit rapport zet de cijfers over {jaar} van de jeugdhulp in regio {} naast de \
             streefwaarden en het land, per segment, met de duidingen en de besluiten en \
             verbeteracties van {jaar}. De cijfers komen uit release {} van Jeugdstuur: de \
             maandelijkse leveringen van de {} gemeenten (jeugdhulptrajecten, declaraties, \
             maatregelen jeugdbescherming en jeugdreclassering, meldingen Veilig Thuis en \
             bevolking) tot en met {laatste}, met de landelijke waarden en streefwaarden uit \
             de referentietabellen van de release. Een release verandert nooit: wie dit \
             rapport opnieuw maakt uit dezelfde release en dezelfde database, krijgt \
             hetzelfde rapport.",
            self.s.regio.naam,
            m.id,
            self.s.regio.gemeenten.len(),
        );
        tekst.push_str(&format!(
            "\n\nAantallen onder {d} en percentages met een teller of noemer onder {d} worden \
             niet getoond (\"niet getoond (< {d})\"). Waar een streefwaarde is vastgesteld, \
             staat de status erbij als woord en teken: ✓ op koers, ! aandacht, ✗ afwijkend; \
             zonder streefwaarde staat er een streepje (–).",
            d = self.drempel
        ));
        if self.historie_in_rapport() {
            tekst.push_str(&format!("\n\n{}", self.historie_voetnoot().trim_start()));
        }
        if self.alles_voorlopig() {
            tekst.push_str(&format!(
                "\n\nAlle cijfers over {jaar} zijn voorlopig: de leveringen van de laatste \
                 {} maanden kunnen nog worden aangevuld of gecorrigeerd (zie de bijlage \
                 Datakwaliteit).",
                self.s.regio.voorlopige_maanden
            ));
        }
        if !self.pdca.database {
            tekst.push_str(
                "\n\nBij het maken van dit rapport was er geen database met duidingen en \
                 acties: die onderdelen zijn leeg.",
            );
        }
        Sectie {
            kop: "Over dit rapport".into(),
            blokken: vec![
                Blok::Kernwaarden(vec![
                    ("Jaar".into(), jaar.to_string()),
                    ("Release".into(), m.id.clone()),
                    ("Leveringen tot en met".into(), laatste),
                    ("Gemeenten".into(), self.s.regio.gemeenten.len().to_string()),
                ]),
                Blok::Alinea(tekst),
                Blok::Pagina,
            ],
        }
    }

    fn oogopslag(&self) -> Sectie {
        let jaar = self.jaar.jaar();
        let mut rijen = Vec::new();
        let mut telling: BTreeMap<String, usize> = BTreeMap::new();
        let mut cijfers = 0;
        let mut met_land = Vec::new();
        for o in &ONDERDELEN {
            // One row of one cell: the segment as a group heading.
            rijen.push(vec![o.titel.to_string()]);
            for (id, u) in o.kern {
                let Some(rij) = self.rij(id, u) else { continue };
                let w = self.waarde(&rij, self.jaar);
                met_land.push((rij.naam(), w));
                let status = Self::status(w);
                *telling.entry(status.clone()).or_default() += 1;
                cijfers += 1;
                rijen.push(vec![
                    label(o, o.kern, &rij),
                    format!("{}{}", self.waardetekst(&rij, w), self.voorlopig_merk(w)),
                    Self::streef(&rij, w),
                    Self::landelijk(&rij, w),
                    status,
                ]);
            }
        }
        let n = |s: &str| telling.get(s).copied().unwrap_or(0);
        let mut tekst = format!(
            "De belangrijkste cijfers over {jaar} per segment. Van de {} cijfers {} {} \
             een streefwaarde: {} op koers, {} aandacht en {} afwijkend. Zonder streefwaarde \
             is er geen status (–); vergelijk dan met het land. Bij kosten staat naast het \
             streefpad hoeveel euro het cijfer boven of onder het pad ligt; een daling van de \
             kosten is een negatieve groei.",
            cijfers,
            if cijfers - n("–") == 1 {
                "heeft er"
            } else {
                "hebben er"
            },
            cijfers - n("–"),
            n("✓ op koers"),
            n("! aandacht"),
            n("✗ afwijkend"),
        );
        if !self.alles_voorlopig() {
            tekst.push_str(" Een * achter een waarde: voorlopig cijfer.");
        }
        tekst.push_str(self.historie_voetnoot());
        let bronnen = self.landelijke_bronnen(&met_land);
        Sectie {
            kop: "In één oogopslag".into(),
            blokken: vec![
                Blok::Alinea(tekst),
                Blok::Tabel {
                    titel: format!(
                        "Kerncijfers {} {jaar}: waarde, streefwaarde, land en status",
                        self.s.regio.naam
                    ),
                    koppen: [
                        "Indicator",
                        &jaar.to_string(),
                        "Streefwaarde",
                        "Landelijk",
                        "Status",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rijen,
                    rechts: vec![false, true, true, true, false],
                },
            ]
            .into_iter()
            .chain(bronnen)
            .chain([Blok::Pagina])
            .collect(),
        }
    }

    fn onderdeel(&mut self, i: usize, o: &Onderdeel) -> Sectie {
        let jaar = self.jaar.jaar();
        let vorig = self.jaar.jaar_eerder();
        let rijen = self.rijen(o);
        let sleutels: Vec<(&str, &str)> = rijen
            .iter()
            .map(|r| (r.d.id.as_str(), r.uitsplitsing.as_str()))
            .collect();
        let mut blokken = Vec::new();
        let mut tekst = o.uitleg.to_string();
        if rijen.len() <= 3 {
            tekst.push_str(&format!(
                " Dit onderdeel heeft {} {}: weinig om op te sturen; lees de cijfers met \
                 die beperking.",
                rijen.len(),
                if rijen.len() == 1 {
                    "cijfer"
                } else {
                    "cijfers"
                }
            ));
        }
        // Columns without any value in this part (no target, no national figure) are
        // left out, and the text says so.
        let met_streef = rijen.iter().any(|r| {
            self.waarde(r, self.jaar)
                .is_some_and(|w| w.streefwaarde.is_some())
        });
        let met_land = rijen.iter().any(|r| {
            self.waarde(r, self.jaar)
                .is_some_and(|w| w.landelijk.is_some())
        });
        if !met_streef {
            tekst.push_str(&format!(
                " Geen van deze cijfers heeft voor {jaar} een streefwaarde, dus ook geen status."
            ));
        }
        if !met_land {
            tekst.push_str(" Voor deze cijfers is er geen landelijke waarde.");
        }
        blokken.push(Blok::Alinea(tekst));
        let mut koppen = vec![
            "Indicator".to_string(),
            jaar.to_string(),
            vorig.jaar().to_string(),
        ];
        let mut rechts = vec![false, true, true];
        if met_streef {
            koppen.push("Streefwaarde".into());
            rechts.push(true);
        }
        if met_land {
            koppen.push("Landelijk".into());
            rechts.push(true);
        }
        if met_streef {
            koppen.push("Status".into());
            rechts.push(false);
        }
        let tabel: Vec<Vec<String>> = rijen
            .iter()
            .map(|rij| {
                let w = self.waarde(rij, self.jaar);
                let v = self.waarde(rij, vorig);
                let mut cellen = vec![
                    label(o, &sleutels, rij),
                    format!("{}{}", self.waardetekst(rij, w), self.voorlopig_merk(w)),
                    format!("{}{}", self.waardetekst(rij, v), Self::historie_merk(v)),
                ];
                if met_streef {
                    cellen.push(Self::streef(rij, w));
                }
                if met_land {
                    cellen.push(Self::landelijk(rij, w));
                }
                if met_streef {
                    cellen.push(Self::status(w));
                }
                cellen
            })
            .collect();
        blokken.push(Blok::Tabel {
            titel: format!(
                "{}: cijfers {jaar} en {}{}",
                o.titel,
                vorig.jaar(),
                match (met_streef, met_land) {
                    (true, true) => " tegen streefwaarde en land",
                    (true, false) => " tegen streefwaarde",
                    (false, true) => " tegen het land",
                    (false, false) => "",
                }
            ),
            koppen,
            rijen: tabel,
            rechts,
        });
        if met_land {
            let land: Vec<(String, Option<&Waarde>)> = rijen
                .iter()
                .map(|r| (label(o, &sleutels, r), self.waarde(r, self.jaar)))
                .collect();
            blokken.extend(self.landelijke_bronnen(&land));
        }
        // Trend charts of the key figures that have at least two years.
        let mut grafieken = 0;
        for (id, u) in o.kern {
            if grafieken == GRAFIEKEN_PER_ONDERDEEL {
                break;
            }
            let Some(rij) = self.rij(id, u) else { continue };
            if let Some(g) = self.trend(&rij) {
                blokken.push(g);
                grafieken += 1;
            }
        }
        // Duidingen of the year.
        let duidingen: Vec<String> = self
            .pdca
            .duidingen
            .iter()
            .filter(|d| self.onderdeel_van_duiding(d) == i)
            .map(|d| self.duidingtekst(d))
            .collect();
        blokken.push(Blok::Tussenkop(format!("Duidingen over {jaar}")));
        if duidingen.is_empty() {
            blokken.push(Blok::Alinea(format!(
                "Er is in {jaar} geen duiding vastgelegd bij deze cijfers."
            )));
        } else {
            blokken.push(Blok::Opsomming(duidingen));
        }
        // Besluiten and verbeteracties of the year.
        let acties: Vec<&Actie> = self
            .pdca
            .acties
            .iter()
            .filter(|a| self.onderdeel_van_actie(a) == Some(i))
            .collect();
        blokken.push(Blok::Tussenkop(format!(
            "Besluiten en verbeteracties {jaar}"
        )));
        if acties.is_empty() {
            blokken.push(Blok::Alinea(format!(
                "Er zijn in {jaar} geen besluiten of verbeteracties bij deze cijfers vastgelegd."
            )));
        } else {
            blokken.push(self.actietabel(
                &format!("{}: besluiten en verbeteracties van {jaar}", o.titel),
                &acties,
            ));
        }
        // Improvement points: from the stored status and the actions, nothing else.
        let punten = self.verbeterpunten(&rijen, &acties);
        blokken.push(Blok::Tussenkop("Verbeterpunten".into()));
        if punten.is_empty() {
            blokken.push(Blok::Alinea(
                "Geen: geen cijfer met de status aandacht of afwijkend, en geen besluit of \
                 verbeteractie over de deadline."
                    .into(),
            ));
        } else {
            blokken.push(Blok::Opsomming(punten));
        }
        Sectie {
            kop: o.titel.into(),
            blokken,
        }
    }

    fn verbeterpunten(&self, rijen: &[Rij], acties: &[&Actie]) -> Vec<String> {
        let mut punten = Vec::new();
        for rij in rijen {
            let w = self.waarde(rij, self.jaar);
            let status = w.and_then(|w| w.status.as_deref()).unwrap_or_default();
            if !matches!(status, "aandacht" | "afwijkend") {
                continue;
            }
            let lopend: Vec<String> = acties
                .iter()
                .filter(|a| a.indicator.as_deref() == Some(rij.d.id.as_str()))
                .map(|a| format!("'{}' ({}, {})", a.titel, a.soort, a.status))
                .collect();
            punten.push(format!(
                "{}: {} ({} tegen streefwaarde {}). {}",
                rij.naam(),
                paginas::status(w).0,
                self.waardetekst(rij, w),
                Self::streef(rij, w),
                if lopend.is_empty() {
                    "Er is nog geen besluit of verbeteractie op vastgelegd.".to_string()
                } else {
                    format!("Vastgelegd: {}.", lopend.join("; "))
                }
            ));
        }
        for a in acties {
            let open = matches!(a.status.as_str(), "open" | "loopt");
            if let Some(d) = a
                .deadline
                .as_deref()
                .filter(|d| open && *d < self.peildatum.as_str())
            {
                punten.push(format!(
                    "'{}' (eigenaar {}) had deadline {} en staat op {} (peildatum {}).",
                    a.titel,
                    a.eigenaar,
                    datum_nl(d),
                    a.status,
                    datum_nl(&self.peildatum)
                ));
            }
        }
        punten
    }

    fn duidingtekst(&self, d: &Duiding) -> String {
        let naam = self
            .s
            .catalogus
            .get(&d.indicator)
            .map(|x| x.naam.clone())
            .unwrap_or_else(|| d.indicator.clone());
        let gebied = match d.niveau.as_str() {
            "regio" => self.s.regio.naam.clone(),
            "segment" => format!("segment {}", d.code),
            _ => self
                .s
                .regio
                .gemeenten
                .iter()
                .find(|g| g.code.to_string() == d.code)
                .map(|g| g.naam.clone())
                .unwrap_or_else(|| d.code.clone()),
        };
        let periode = Periode::parse(&d.periode)
            .map(|p| p.label())
            .unwrap_or_else(|_| d.periode.clone());
        format!(
            "{naam}, {gebied}, {periode}: {} ({}, {})",
            platte_tekst(&d.tekst),
            d.auteur,
            store::pdca::tijdstip_volledig(&d.gewijzigd_op)
        )
    }

    fn actietabel(&self, titel: &str, acties: &[&Actie]) -> Blok {
        Blok::Tabel {
            titel: titel.into(),
            koppen: [
                "Titel",
                "Soort",
                "Indicator",
                "Eigenaar",
                "Deadline",
                "Status",
            ]
            .map(String::from)
            .to_vec(),
            rijen: acties
                .iter()
                .map(|a| {
                    vec![
                        a.titel.clone(),
                        a.soort.clone(),
                        a.indicator
                            .as_deref()
                            .and_then(|i| self.s.catalogus.get(i))
                            .map(|d| d.naam.clone())
                            .unwrap_or_else(|| "–".into()),
                        a.eigenaar.clone(),
                        a.deadline
                            .as_deref()
                            .map(datum_nl)
                            .unwrap_or_else(|| "–".into()),
                        a.status.clone(),
                    ]
                })
                .collect(),
            rechts: vec![false; 6],
        }
    }

    /// A yearly trend of one figure with the national line and the target path.
    fn trend(&mut self, rij: &Rij) -> Option<Blok> {
        let reeks = self.r.reeks(
            [&rij.d.id, "regio", "regio", &rij.uitsplitsing],
            PeriodeSoort::Jaar,
            Some(self.jaar),
            TRENDJAREN,
        );
        let waarden: Vec<Option<f64>> = reeks
            .iter()
            .map(|(_, w)| w.and_then(|w| w.waarde))
            .collect();
        if waarden.iter().flatten().count() < 2 {
            return None;
        }
        self.grafieken += 1;
        let regio = &self.s.regio.naam;
        let naam = rij.naam();
        let e = &rij.d.eenheid;
        let eerste = reeks
            .iter()
            .find(|(_, w)| w.and_then(|w| w.waarde).is_some());
        let laatste = reeks
            .iter()
            .rev()
            .find(|(_, w)| w.and_then(|w| w.waarde).is_some());
        let mut alt = format!(
            "Lijngrafiek van {} in {regio} per jaar",
            naam.to_lowercase()
        );
        if let (Some((p0, w0)), Some((p1, w1))) = (eerste, laatste) {
            alt.push_str(&format!(
                ": {} in {} en {} in {}",
                getal::met_eenheid(w0.and_then(|w| w.waarde), e),
                p0.label(),
                getal::met_eenheid(w1.and_then(|w| w.waarde), e),
                p1.label()
            ));
        }
        if let Some(w) = laatste.and_then(|(_, w)| *w)
            && w.landelijk.is_some()
        {
            alt.push_str(&format!("; {}", paginas::landelijktekst(rij.d, Some(w))));
        }
        if let Some(st) = laatste.and_then(|(_, w)| *w).and_then(|w| w.streefwaarde) {
            alt.push_str(&format!(
                "; streefwaarde {}",
                getal::met_eenheid(Some(st), e)
            ));
        }
        alt.push('.');
        let svg = charts::trend(&charts::Trend {
            titel: format!("{naam} in {regio} per jaar"),
            omschrijving: alt.clone(),
            eenheid: e.clone(),
            reeksnaam: regio.clone(),
            id: format!("jaarrapport-{}", self.grafieken),
            ..paginas::trendreeksen(&reeks)
        });
        Some(Blok::Grafiek { svg, alt })
    }

    fn pdca_sectie(&self, algemene_acties: &[&Actie]) -> Sectie {
        let jaar = self.jaar.jaar();
        let mut blokken = Vec::new();
        if !self.pdca.database {
            blokken.push(Blok::Alinea(
                "Geen database met duidingssessies en acties bij het maken van dit rapport.".into(),
            ));
            blokken.push(Blok::Pagina);
            return Sectie {
                kop: format!("De PDCA-cyclus in {jaar}"),
                blokken,
            };
        }
        // Four tiles, one per action status (all four are always there).
        blokken.push(Blok::Kernwaarden(
            self.pdca
                .per_status
                .iter()
                .map(|(s, n)| (format!("Acties {s}"), n.to_string()))
                .collect(),
        ));
        let n = self.pdca.sessies.len();
        if n == 0 {
            blokken.push(Blok::Alinea(format!(
                "In {jaar} zijn geen duidingssessies vastgelegd."
            )));
        } else {
            blokken.push(Blok::Alinea(format!(
                "{n} {} in {jaar}:",
                if n == 1 {
                    "duidingssessie"
                } else {
                    "duidingssessies"
                }
            )));
            blokken.push(Blok::Opsomming(
                self.pdca
                    .sessies
                    .iter()
                    .map(|x| {
                        format!(
                            "{}: {} (cijfers van release {})",
                            datum_nl(&x.datum),
                            x.titel,
                            x.release_id
                        )
                    })
                    .collect(),
            ));
        }
        let geduid: HashSet<&str> = self
            .pdca
            .duidingen
            .iter()
            .map(|d| d.indicator.as_str())
            .collect();
        let zonder: Vec<&str> = self
            .s
            .catalogus
            .indicatoren
            .iter()
            .filter(|d| !geduid.contains(d.id.as_str()))
            .map(|d| d.naam.as_str())
            .collect();
        blokken.push(Blok::Alinea(if zonder.is_empty() {
            format!("Alle indicatoren zijn in {jaar} geduid.")
        } else {
            format!(
                "{} van de {} indicatoren hebben in {jaar} geen duiding: {}.",
                zonder.len(),
                self.s.catalogus.indicatoren.len(),
                zonder.join(", ")
            )
        }));
        if !algemene_acties.is_empty() {
            blokken.push(self.actietabel(
                &format!("Besluiten en verbeteracties van {jaar} zonder indicator"),
                algemene_acties,
            ));
        }
        // The annexes start on a new page.
        blokken.push(Blok::Pagina);
        Sectie {
            kop: format!("De PDCA-cyclus in {jaar}"),
            blokken,
        }
    }

    fn datakwaliteit(&self) -> Sectie {
        let jaar = self.jaar.jaar();
        let j = jaar.to_string();
        let m = &self.r.manifest;
        let k = Keuze::maak(
            self.s,
            self.r,
            &Filters {
                periode: Some(j.clone()),
                release: Some(m.id.clone()),
                ..Default::default()
            },
        );
        let mut blokken = Vec::new();
        // Deliveries per gemeente and month of the year, from the stored completeness rows
        // (typed: never the page's display table).
        let (per_gemeente, voorlopige_maanden) = leveringen_per_gemeente(&self.r.leveringen, &j);
        // In the region's order.
        let volgorde: HashMap<&str, usize> = self
            .s
            .regio
            .gemeenten
            .iter()
            .enumerate()
            .map(|(i, g)| (g.naam.as_str(), i))
            .collect();
        let mut gemeenten: Vec<(&String, &Telling)> = per_gemeente.iter().collect();
        gemeenten.sort_by_key(|(n, _)| volgorde.get(n.as_str()).copied().unwrap_or(usize::MAX));
        let ontbrekend: Vec<String> = gemeenten
            .iter()
            .filter(|(_, t)| !t.ontbreekt.is_empty())
            .map(|(n, t)| {
                format!(
                    "{n}: {}",
                    t.ontbreekt
                        .iter()
                        .map(|m| maand_nl(m))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        blokken.push(Blok::Alinea(format!(
            "Hoe volledig de leveringen over {jaar} zijn, per gemeente (uit release {}; \
             leveringen tot en met {}). Bij een gemeente die per kwartaal levert, staan \
             twee van de drie maanden van elk kwartaal als 'in kwartaallevering': hun \
             gegevens zitten in de levering van het kwartaal. 'Aantal wijkt af': het aantal \
             rijen wijkt sterk af van wat de gemeente gewoonlijk levert.",
            m.id,
            m.laatste_aanlevering
                .as_deref()
                .map(maand_nl)
                .unwrap_or_else(|| "–".into())
        )));
        blokken.push(Blok::Tabel {
            titel: format!("Leveringen per gemeente over {jaar} (aantal maanden)"),
            koppen: [
                "Gemeente",
                "Geleverd",
                "In kwartaallevering",
                "Ontbreekt",
                "Aantal wijkt af",
                "Voorlopig",
            ]
            .map(String::from)
            .to_vec(),
            rijen: gemeenten
                .iter()
                .map(|(n, t)| {
                    vec![
                        n.to_string(),
                        t.geleverd.to_string(),
                        t.kwartaal.to_string(),
                        t.ontbreekt.len().to_string(),
                        t.afwijkend.to_string(),
                        t.voorlopig.to_string(),
                    ]
                })
                .collect(),
            rechts: vec![false, true, true, true, true, true],
        });
        let mut punten = Vec::new();
        if ontbrekend.is_empty() {
            punten.push(format!("Geen ontbrekende leveringen over {jaar}."));
        } else {
            punten.push(format!(
                "Ontbrekende leveringen: {}.",
                ontbrekend.join("; ")
            ));
        }
        match (voorlopige_maanden.first(), voorlopige_maanden.last()) {
            (Some(a), Some(b)) => punten.push(format!(
                "Voorlopige perioden: {} tot en met {} (de laatste {} maanden voor de nieuwste \
                 levering kunnen nog wijzigen). Cijfers over {jaar} zijn daardoor {}.",
                maand_nl(a),
                maand_nl(b),
                self.s.regio.voorlopige_maanden,
                if self.alles_voorlopig() {
                    "voorlopig"
                } else {
                    "deels voorlopig (gemarkeerd met *)"
                }
            )),
            _ => punten.push(format!(
                "Geen voorlopige maanden in {jaar}: de cijfers zijn definitief."
            )),
        }
        let afgewezen = self
            .r
            .manifest
            .tabellen
            .get("afgewezen")
            .copied()
            .unwrap_or(0);
        punten.push(format!(
            "Bij het inlezen zijn {afgewezen} rijen afgewezen (met de reden per rij op de \
             pagina Datakwaliteit van het dashboard); de cijfers tellen alleen goedgekeurde rijen."
        ));
        blokken.push(Blok::Opsomming(punten));
        // Revisions since the previous release, through the shared table (suppressed counts).
        let wijz = paginas::wijzigingen_tabel(self.s, self.r, &k);
        let totaal = m
            .wijzigingen
            .iter()
            .map(|(s, n)| format!("{} {s}", getal::nl(*n as f64, 0)))
            .collect::<Vec<_>>()
            .join(", ");
        blokken.push(Blok::Alinea(match &m.vorige {
            Some(v) => format!(
                "Herzieningen sinds de vorige release ({v}): {}. Een herziening met \
                 terugwerkende kracht verandert cijfers over eerdere perioden.",
                if totaal.is_empty() {
                    "geen".into()
                } else {
                    totaal
                }
            ),
            None => format!(
                "Release {} is de eerste release: er is nog niets herzien ({}).",
                m.id,
                if totaal.is_empty() {
                    "geen toewijzingen".into()
                } else {
                    totaal
                }
            ),
        }));
        if m.vorige.is_some() {
            blokken.push(self.tabelblok_met(&wijz, &WIJZIGINGEN_KOPPEN));
        }
        // The next annex starts on a new page.
        blokken.push(Blok::Pagina);
        Sectie {
            kop: "Bijlage: datakwaliteit".into(),
            blokken,
        }
    }

    /// A page table as a report table, after the shared suppression check, with the
    /// report's own headers by column id (the page's labels may change freely).
    fn tabelblok_met(&self, t: &Tabel, koppen: &[(&str, &str)]) -> Blok {
        tabelblok(t, koppen, self.drempel)
    }

    fn definities(&self) -> Sectie {
        let mut termen = Vec::new();
        let mut keuzes: HashMap<&str, &str> = HashMap::new();
        for d in &self.s.catalogus.indicatoren {
            let richting = match d.richting.as_str() {
                "lager" => "lager is beter",
                "hoger" => "hoger is beter",
                _ => "geen richting",
            };
            let eenheid = match d.eenheid.as_str() {
                "procent" => "procent",
                "dagen" => "dagen",
                "euro" => "euro",
                "per_100k" => "per 100.000 inwoners",
                _ => "aantal",
            };
            let mut t = format!("{}\n\nEenheid: {eenheid}; {richting}.", d.omschrijving);
            if !d.landelijk.is_empty() {
                t.push_str(&format!(
                    " Landelijke waarde: {}.",
                    d.landelijk.trim_end_matches('.')
                ));
            }
            if !d.kanttekeningen.is_empty() {
                t.push_str(&format!(" Kanttekening: {}", d.kanttekeningen));
            }
            if !d.keuze.is_empty() {
                match keuzes.get(d.keuze.as_str()) {
                    Some(eerder) => t.push_str(&format!(" Onze keuze: zie {eerder}.")),
                    None => {
                        t.push_str(&format!(" Onze keuze: {}", d.keuze));
                        keuzes.insert(&d.keuze, &d.naam);
                    }
                }
            }
            if !d.historie.is_empty() {
                t.push_str(&format!(" {}", d.historie));
            }
            termen.push((d.naam.clone(), t));
        }
        Sectie {
            kop: "Bijlage: definities".into(),
            blokken: vec![
                Blok::Alinea(
                    "De indicatoren zoals de catalogus van Jeugdstuur ze definieert \
                     (pipelines/indicatoren.toml), met de bron van de landelijke waarde en de \
                     keuzes waar de landelijke definitie ruimte laat."
                        .into(),
                ),
                Blok::Termen(termen),
            ],
        }
    }
}

/// Markdown as plain text (the report places text, never markup).
fn platte_tekst(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut uit = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                uit.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => uit.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => uit.push(' '),
            _ => {}
        }
    }
    uit.split_whitespace().collect::<Vec<_>>().join(" ")
}

const MAANDEN: [&str; 12] = [
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

/// `2025-03-14` → `14 maart 2025`; anything else as given.
fn datum_nl(iso: &str) -> String {
    let d: Vec<&str> = iso.split('-').collect();
    match d[..] {
        [j, m, dag] => match (m.parse::<usize>(), dag.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(dag)) => format!("{dag} {} {j}", MAANDEN[m - 1]),
            _ => iso.into(),
        },
        _ => iso.into(),
    }
}

/// `2025-03` → `maart 2025`; anything else as given.
fn maand_nl(iso: &str) -> String {
    match iso.split_once('-').map(|(j, m)| (j, m.parse::<usize>())) {
        Some((j, Ok(m @ 1..=12))) => format!("{} {j}", MAANDEN[m - 1]),
        _ => iso.into(),
    }
}

// ---------------------------------------------------------------- HTML

/// One block as the HTML template shows it.
pub struct HtmlBlok {
    pub soort: &'static str,
    pub alineas: Vec<String>,
    pub paren: Vec<(String, String)>,
    pub titel: String,
    /// Header cells: text and whether the column holds numbers (right-aligned).
    pub koppen: Vec<(String, bool)>,
    /// Rows: a group heading (across all columns) or cells: text, CSS class of a status
    /// (empty for none), number column.
    pub rijen: Vec<HtmlRij>,
    pub svg: String,
}

/// A table cell: text, CSS class of a status (empty for none), number column.
pub type HtmlCel = (String, &'static str, bool);
/// A table row: a group heading (across all columns), or cells.
pub type HtmlRij = (Option<String>, Vec<HtmlCel>);

pub struct HtmlSectie {
    pub nummer: usize,
    pub kop: String,
    pub blokken: Vec<HtmlBlok>,
}

#[derive(Template)]
#[template(path = "jaarrapport.html")]
pub struct HtmlRapport {
    pub titel: String,
    pub ondertitel: String,
    pub auteur: String,
    pub datum: String,
    pub voetnoot: String,
    pub jaar: i32,
    pub release: String,
    pub secties: Vec<HtmlSectie>,
    pub css: &'static str,
}

fn statusklasse(c: &str) -> &'static str {
    if c.starts_with("✓ ") {
        "op-koers"
    } else if c.starts_with("! ") {
        "aandacht"
    } else if c.starts_with("✗ ") {
        "afwijkend"
    } else {
        ""
    }
}

impl HtmlRapport {
    fn van(r: &Jaarrapport) -> HtmlRapport {
        let d = &r.document;
        let leeg = |soort| HtmlBlok {
            soort,
            alineas: Vec::new(),
            paren: Vec::new(),
            titel: String::new(),
            koppen: Vec::new(),
            rijen: Vec::new(),
            svg: String::new(),
        };
        let alineas = |t: &str| -> Vec<String> {
            t.split("\n\n")
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        let secties = d
            .secties
            .iter()
            .enumerate()
            .map(|(i, s)| HtmlSectie {
                nummer: i + 1,
                kop: s.kop.clone(),
                blokken: s
                    .blokken
                    .iter()
                    .map(|b| match b {
                        Blok::Alinea(t) => HtmlBlok {
                            alineas: alineas(t),
                            ..leeg("alinea")
                        },
                        Blok::Tussenkop(t) => HtmlBlok {
                            titel: t.clone(),
                            ..leeg("tussenkop")
                        },
                        Blok::Kernwaarden(p) => HtmlBlok {
                            paren: p.clone(),
                            ..leeg("kernwaarden")
                        },
                        Blok::Termen(p) => HtmlBlok {
                            paren: p.clone(),
                            ..leeg("termen")
                        },
                        Blok::Opsomming(p) => HtmlBlok {
                            alineas: p.clone(),
                            ..leeg("opsomming")
                        },
                        Blok::Tabel {
                            titel,
                            koppen,
                            rijen,
                            rechts,
                        } => {
                            let getal = |i: usize| rechts.get(i).copied().unwrap_or(false);
                            HtmlBlok {
                                titel: titel.clone(),
                                koppen: koppen
                                    .iter()
                                    .enumerate()
                                    .map(|(i, k)| (k.clone(), getal(i)))
                                    .collect(),
                                rijen: rijen
                                    .iter()
                                    .map(|r| match &r[..] {
                                        [groep] if koppen.len() > 1 => {
                                            (Some(groep.clone()), Vec::new())
                                        }
                                        _ => (
                                            None,
                                            r.iter()
                                                .enumerate()
                                                .map(|(i, c)| {
                                                    (c.clone(), statusklasse(c), getal(i))
                                                })
                                                .collect(),
                                        ),
                                    })
                                    .collect(),
                                ..leeg("tabel")
                            }
                        }
                        Blok::Grafiek { svg, .. } => HtmlBlok {
                            svg: svg.clone(),
                            ..leeg("grafiek")
                        },
                        Blok::Pagina => leeg("pagina"),
                    })
                    .collect(),
            })
            .collect();
        HtmlRapport {
            titel: d.titel.clone(),
            ondertitel: d.ondertitel.clone(),
            auteur: d.auteur.clone(),
            datum: datum_nl(&d.datum),
            voetnoot: d.voetnoot.clone(),
            jaar: r.jaar,
            release: r.release.clone(),
            secties,
            css: include_str!("../../../../dashboards/static/jeugdstuur.css"),
        }
    }
}

/// The report's headers of the revisions table, by the page table's column ids.
const WIJZIGINGEN_KOPPEN: [(&str, &str); 4] = [
    ("gemeente", "Gemeente"),
    ("soort", "Soort wijziging"),
    ("aantal", "Aantal"),
    ("terugwerkend", "waarvan met terugwerkende kracht"),
];

/// A page table as a report table (after the shared suppression check): the columns named
/// in `koppen`, in that order, under the report's own headers. The page's labels are not
/// read, so renaming them changes nothing in the report.
fn tabelblok(t: &Tabel, koppen: &[(&str, &str)], drempel: u32) -> Blok {
    if let Err(e) = t.veilig(drempel) {
        tracing::error!("jaarrapport: {e}");
        return Blok::Alinea(format!("{}: niet getoond (kleine aantallen).", t.titel));
    }
    let kolommen: Vec<usize> = koppen
        .iter()
        .filter_map(|(id, _)| t.kolommen.iter().position(|k| k.id == *id))
        .collect();
    let weergave = t.weergave();
    Blok::Tabel {
        titel: t.titel.clone(),
        koppen: koppen.iter().map(|(_, kop)| kop.to_string()).collect(),
        rijen: weergave
            .into_iter()
            .map(|r| kolommen.iter().map(|&i| r[i].0.clone()).collect())
            .collect(),
        rechts: kolommen.iter().map(|&i| t.is_getal(i)).collect(),
    }
}

/// Months of one year per gemeente (by name), counted from the typed completeness rows.
#[derive(Default, Debug, PartialEq)]
struct Telling {
    geleverd: usize,
    kwartaal: usize,
    ontbreekt: Vec<String>,
    afwijkend: usize,
    voorlopig: usize,
}

/// Per gemeente name, the months of `jaar` (`"2024"`) by status, and the provisional months.
fn leveringen_per_gemeente(
    rijen: &[Leveringsmaand],
    jaar: &str,
) -> (
    BTreeMap<String, Telling>,
    std::collections::BTreeSet<String>,
) {
    let mut per_gemeente: BTreeMap<String, Telling> = BTreeMap::new();
    let mut voorlopige_maanden = std::collections::BTreeSet::new();
    for l in rijen.iter().filter(|l| l.maand.starts_with(jaar)) {
        let t = per_gemeente.entry(l.naam.clone()).or_default();
        match l.status {
            Leverstatus::Ontbreekt => t.ontbreekt.push(l.maand.clone()),
            Leverstatus::InKwartaallevering => t.kwartaal += 1,
            _ => t.geleverd += 1,
        }
        if l.wijkt_af() {
            t.afwijkend += 1;
        }
        if l.is_voorlopig() {
            t.voorlopig += 1;
            voorlopige_maanden.insert(l.maand.clone());
        }
    }
    (per_gemeente, voorlopige_maanden)
}

// ---------------------------------------------------------------- route

/// `/jaarrapport/{jaar}.pdf` or `.html`, optionally `?release=`.
pub async fn download(
    State(s): State<Gedeeld>,
    Path(bestand): Path<String>,
    Query(f): Query<Filters>,
) -> Response {
    let niet_gevonden = || {
        crate::antwoord::fout(
            StatusCode::NOT_FOUND,
            "Niet gevonden",
            "Kies /jaarrapport/JAAR.pdf of /jaarrapport/JAAR.html, bijvoorbeeld /jaarrapport/2025.pdf.",
        )
    };
    let Some((jaar, ext)) = bestand.rsplit_once('.') else {
        return niet_gevonden();
    };
    let Ok(jaar) = jaar.parse::<i32>() else {
        return niet_gevonden();
    };
    if ext != "pdf" && ext != "html" {
        return niet_gevonden();
    }
    let release = f.release.as_deref().filter(|x| !x.is_empty());
    let rapport = match maak(&s, release, jaar).await {
        Ok(r) => r,
        Err(e @ (JaarrapportFout::Release(_) | JaarrapportFout::Jaar { .. })) => {
            return crate::antwoord::fout(
                StatusCode::NOT_FOUND,
                "Geen jaarrapport",
                &e.to_string(),
            );
        }
        Err(e) => {
            tracing::error!("jaarrapport: {e}");
            return crate::antwoord::fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Jaarrapport mislukt",
                &e.to_string(),
            );
        }
    };
    let naam = rapport.bestandsnaam();
    if ext == "html" {
        return match rapport.html() {
            // A standalone page (one file to save or print) with its styles inline and no
            // script at all: its own policy allows exactly that.
            Ok(h) => (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                    ),
                ],
                h,
            )
                .into_response(),
            Err(e) => {
                tracing::error!("jaarrapport: {e}");
                crate::antwoord::fout(StatusCode::INTERNAL_SERVER_ERROR, "Jaarrapport mislukt", "")
            }
        };
    }
    // typst lays out for about a second.
    crate::antwoord::pdf_download(&naam, "jaarrapport-pdf", move || rapport.pdf()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_en_tekst() {
        assert_eq!(datum_nl("2025-03-14"), "14 maart 2025");
        assert_eq!(datum_nl("x"), "x");
        assert_eq!(maand_nl("2025-12"), "december 2025");
        assert_eq!(
            platte_tekst("**Stijging** door\n<b>x</b> en [CBS](https://cbs.nl)"),
            "Stijging door <b>x</b> en CBS"
        );
        assert_eq!(statusklasse("✗ afwijkend"), "afwijkend");
        assert_eq!(statusklasse("geen streefwaarde"), "");
    }

    #[test]
    fn elk_eigen_cijfer_hoort_bij_een_bestaande_indicator() {
        let c = pipeline::indicatoren::bereken::Catalogus::standaard();
        for o in &ONDERDELEN {
            for (id, _) in o.eigen.iter().chain(o.kern) {
                assert!(c.get(id).is_some(), "{}: onbekende indicator {id}", o.titel);
            }
        }
    }

    fn maand(
        naam: &str,
        maand: &str,
        status: &str,
        opmerking: &str,
        voorlopig: bool,
    ) -> Leveringsmaand {
        Leveringsmaand {
            gemeente: format!("GM-{naam}"),
            naam: naam.into(),
            maand: maand.into(),
            status: Leverstatus::parse(status),
            uit_levering: String::new(),
            rijen: Some(100.0),
            gebruikelijk: Some(100.0),
            voorlopig: Some(voorlopig),
            opmerking: opmerking.into(),
        }
    }

    #[test]
    fn the_delivery_annex_counts_typed_rows() {
        let rijen = [
            maand("Almelo", "2024-01", "geleverd", "", false),
            maand("Almelo", "2024-02", "ontbreekt", "", false),
            maand("Almelo", "2024-12", "geleverd", "wijkt af", true),
            maand("Almelo", "2023-12", "ontbreekt", "", false), // other year: not counted
            maand("Enschede", "2024-01", "in kwartaallevering", "", false),
            maand("Enschede", "2024-02", "in kwartaallevering", "", false),
            maand("Enschede", "2024-03", "geleverd", "", false),
            maand("Enschede", "2024-11", "uit historie", "", true),
        ];
        let (per, voorlopig) = leveringen_per_gemeente(&rijen, "2024");
        // Almelo 2024: geleverd jan + dec = 2, ontbreekt feb, dec wijkt af and is voorlopig.
        assert_eq!(
            per["Almelo"],
            Telling {
                geleverd: 2,
                kwartaal: 0,
                ontbreekt: vec!["2024-02".into()],
                afwijkend: 1,
                voorlopig: 1,
            }
        );
        // Enschede: two months in the quarter's delivery, march and november (from history)
        // count as delivered, november is voorlopig.
        assert_eq!(
            per["Enschede"],
            Telling {
                geleverd: 2,
                kwartaal: 2,
                ontbreekt: vec![],
                afwijkend: 0,
                voorlopig: 1,
            }
        );
        let v: Vec<&str> = voorlopig.iter().map(String::as_str).collect();
        assert_eq!(v, ["2024-11", "2024-12"]);
    }

    /// The revisions table as `/datakwaliteit` makes it (`paginas::wijzigingen_tabel`: the
    /// same column ids), under the given display labels.
    fn wijzigingen(labels: [&str; 4]) -> Tabel {
        use crate::tabel::{Cel, Soort, kolom, tekst};
        let ids = ["gemeente", "soort", "aantal", "terugwerkend"];
        let soorten = [Soort::Tekst, Soort::Tekst, Soort::Telling, Soort::Telling];
        let mut t = Tabel::nieuw(
            "wijzigingen",
            "Wijzigingen in toewijzingen t.o.v. release r0001",
            (0..4)
                .map(|i| kolom(ids[i], labels[i], soorten[i]))
                .collect(),
        );
        t.rijen.push(vec![
            tekst("Almelo"),
            tekst("einddatum gewijzigd"),
            Cel::Getal(Some(12.0)),
            Cel::Getal(Some(10.0)),
        ]);
        t
    }

    #[test]
    fn renaming_the_page_headers_changes_nothing_in_the_annex() {
        let gewoon = wijzigingen([
            "Gemeente",
            "Soort wijziging",
            "Aantal",
            "waarvan met terugwerkende kracht",
        ]);
        let hernoemd = wijzigingen(["Gem.", "Wat", "N", "Terugwerkend (n)"]);
        let a = tabelblok(&gewoon, &WIJZIGINGEN_KOPPEN, 10);
        assert_eq!(a, tabelblok(&hernoemd, &WIJZIGINGEN_KOPPEN, 10));
        let Blok::Tabel {
            koppen,
            rijen,
            rechts,
            ..
        } = a
        else {
            panic!("geen tabel: {a:?}");
        };
        assert_eq!(koppen[0], "Gemeente");
        assert_eq!(koppen[3], "waarvan met terugwerkende kracht");
        assert_eq!(
            rijen,
            vec![vec!["Almelo", "einddatum gewijzigd", "12", "10"]]
        );
        assert_eq!(rechts, vec![false, false, true, true]);
    }
}
