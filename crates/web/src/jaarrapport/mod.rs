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
use crate::staat::{Reeks, Releasedata, Staat};
use crate::tabel::Tabel;
use crate::toegang::{Logregel, Rol, Routes, Wie};
use pipeline::indicatoren::statistiek::Status;
use pipeline::indicatoren::{Niveau, Uitsplitsing};
use pipeline::kwaliteit::{Leveringsmaand, Leverstatus};

mod bijlagen;
mod html;
mod onderdeel;
mod opbouw;
mod tekst;

pub use html::*;
use tekst::*;

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
        // The report leaves provider-level duidingen out for every reader, and shows only what
        // the reader may see (`toegang::deelname`, as every page).
        let zicht = crate::pdca::Zicht::laad(st).await.map_err(fout)?;
        let duidingen = st
            .duidingen(&DuidingFilter::default())
            .await
            .map_err(fout)?
            .into_iter()
            .filter(|d| d.niveau != Niveau::Aanbieder.id())
            .filter(|d| zicht.duiding(d))
            .filter(|d| {
                d.periode.starts_with(&j) || d.sessie_id.is_some_and(|x| sessies.contains(&x))
            })
            .collect();
        let acties = st
            .acties(&ActieFilter::default())
            .await
            .map_err(fout)?
            .into_iter()
            .filter(|a| zicht.actie(a))
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
    uitsplitsing: Uitsplitsing,
}

impl Rij<'_> {
    fn naam(&self) -> String {
        if self.uitsplitsing.is_totaal() {
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

// ---------------------------------------------------------------- route

/// The jaarrapport of the API description (`/api/openapi.json`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(download))]
pub(crate) struct JaarrapportApi;

/// `/jaarrapport/{jaar}.pdf` or `.html`, optionally `?release=`.
#[utoipa::path(get, path = "/jaarrapport/{bestand}", tag = "bestanden",
    summary = "Het jaarrapport voor het Algemeen Bestuur als PDF of als HTML-pagina",
    params(
        ("bestand" = String, Path, example = "2025.html", description = "{jaar}.pdf of {jaar}.html"),
        ("release" = Option<String>, Query, description = "Release id, e.g. r0001 (default: the newest)"),
    ),
    responses(
        (status = 200, description = "het rapport", content(
            (String = "application/pdf"),
            (String = "text/html"),
        )),
        (status = 401, description = "Niet ingelogd.", content_type = "application/json", body = crate::api::Fout),
        (status = 403, description = "Geen toegang met uw rol (een pagina).", content_type = "text/html", body = String),
        (status = 404, description = "Geen cijfers over dat jaar in de release, of een ander bestand dan {jaar}.pdf|html (een pagina).", content_type = "text/html", body = String),
        (status = 500, description = "Het rapport kon niet worden gemaakt (een pagina).", content_type = "text/html", body = String),
    ))]
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
    use bijlagen::*;
    use html::statusklasse;

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
