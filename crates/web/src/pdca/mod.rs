//! The PDCA workspace: duidingssessies (sessions of the data-adviesgroep on a frozen
//! release), duidingen (interpretations tied to indicator × period × scope × release),
//! besluiten and verbeteracties, the year view and the session minutes.
//!
//! Invariants: a session always shows the figures of its own release, never newer ones; a
//! duiding keeps the figure its author saw (`waarde_toen`) and is marked when a newer release
//! shows another figure; markdown is rendered without raw HTML and without script links;
//! a stale edit is refused (409) with the user's text kept, never overwritten.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use model::{Periode, getal};
use serde::Deserialize;
use store::{Actie, Duiding, Sessie, StoreFout};
use store::{ActieFilter, Agendapunt, DuidingFilter, NieuweActie, NieuweDuiding, NieuweSessie};

use crate::Gedeeld;
use crate::antwoord::{GeenDatabase, PaginaFout};
use crate::dashboard::paginas::{Kop, kop, status, waardetekst};
use crate::filters::{Filters, Keuze};
use crate::staat::{Reeks, Staat};
use crate::toegang::{Rol, Routes, Wie, huidig_mag};
use pipeline::indicatoren::{Niveau, Uitsplitsing};

pub(crate) mod api;
pub mod demo;

/// The PDCA pages and their JSON API: read by the roles of [`Rol::PDCA`] (bestuur included),
/// duidingen and sessions written by [`Rol::DUIDERS`], actions by [`Rol::INTERN`].
pub(crate) fn router() -> Routes {
    let lezen = Wie::Rollen(Rol::PDCA);
    let duiden = Wie::Rollen(Rol::DUIDERS);
    let acties = Wie::Rollen(Rol::INTERN);
    // Sessions, their duidingen and the owner's actions are open to every account at the
    // route; what each account sees and writes there is decided per record by
    // `toegang::deelname` (invited participants, data scope, owner).
    let deelnemer = Wie::Ingelogd;
    let paginas = Routes::paginas()
        .get("/sessies", deelnemer, sessies)
        .post("/sessies", duiden, maak_sessie)
        .get("/sessie/{id}", deelnemer, sessie)
        .post("/sessie/{id}/duiding", deelnemer, sessie_duiding)
        .post("/sessie/{id}/actie", acties, sessie_actie)
        .get("/sessie/{id}/{bestand}", deelnemer, verslag)
        .post("/duiding/{id}", duiden, wijzig_duiding)
        .post("/actie/{id}", acties, wijzig_actie)
        .post("/actie/{id}/status", deelnemer, zet_actiestatus)
        .get("/acties", lezen, self::acties)
        .get("/mijn-acties", deelnemer, mijn_acties)
        .get("/pdca", lezen, jaar);
    let json = Routes::api()
        .get("/api/sessies", deelnemer, api::api_sessies)
        .post("/api/sessies", duiden, api::api_maak_sessie)
        .get("/api/sessies/{id}", deelnemer, api::api_sessie)
        .get("/api/duidingen", deelnemer, api::api_duidingen)
        .post("/api/duidingen", deelnemer, api::api_maak_duiding)
        .put("/api/duidingen/{id}", duiden, api::api_wijzig_duiding)
        .get("/api/acties", deelnemer, api::api_acties)
        .post("/api/acties", acties, api::api_maak_actie)
        .put("/api/acties/{id}", acties, api::api_wijzig_actie)
        .get(
            "/api/geschiedenis/{tabel}/{id}",
            deelnemer,
            api::api_geschiedenis,
        );
    paginas.merge(json)
}

/// Markdown to HTML without raw HTML and without `javascript:`-style links.
pub fn markdown(tekst: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_verboden_link = false;
    let gebeurtenissen = Parser::new(tekst).filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { ref dest_url, .. })
        | Event::Start(Tag::Image { ref dest_url, .. }) => {
            let url = dest_url.trim().to_ascii_lowercase();
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with('/')
                || url.starts_with('#')
                || url.starts_with("mailto:")
            {
                Some(e)
            } else {
                in_verboden_link = true;
                None
            }
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) if in_verboden_link => {
            in_verboden_link = false;
            None
        }
        e => Some(e),
    });
    let mut uit = String::new();
    pulldown_cmark::html::push_html(&mut uit, gebeurtenissen);
    uit
}

/// The database of duidingen and actions (a [`GeenDatabase`] is a page or a JSON error).
fn store(s: &Staat) -> Result<&store::Store, GeenDatabase> {
    s.store.as_ref().ok_or(GeenDatabase)
}

/// The store and one session, or the error page (no database, unknown session, …).
async fn sessie_laden(s: &Staat, id: i64) -> Result<(&store::Store, Sessie), PaginaFout> {
    let st = store(s)?;
    let sessie = st.sessie(id).await?;
    Ok((
        st,
        sessie.ok_or(StoreFout::NietGevonden { wat: "sessie", id })?,
    ))
}

/// What of the PDCA records the current user may see: every session read once, so that a
/// duiding or action is judged with its session (the rules: `toegang::deelname`).
pub(crate) struct Zicht {
    sessies: HashMap<i64, Sessie>,
}

impl Zicht {
    pub(crate) async fn laad(st: &store::Store) -> Result<Zicht, StoreFout> {
        Ok(Zicht {
            sessies: st.sessies().await?.into_iter().map(|x| (x.id, x)).collect(),
        })
    }

    fn sessie_van(&self, id: Option<i64>) -> Option<&Sessie> {
        id.and_then(|i| self.sessies.get(&i))
    }

    pub(crate) fn sessie(&self, x: &Sessie) -> bool {
        huidig_mag(|g| g.mag_sessie_zien(x))
    }

    pub(crate) fn duiding(&self, d: &Duiding) -> bool {
        huidig_mag(|g| g.mag_duiding_zien(d, self.sessie_van(d.sessie_id)))
    }

    pub(crate) fn actie(&self, a: &Actie) -> bool {
        huidig_mag(|g| g.mag_actie_zien(a, self.sessie_van(a.sessie_id)))
    }

    pub(crate) fn duidingen(&self, v: Vec<Duiding>) -> Vec<Duiding> {
        v.into_iter().filter(|d| self.duiding(d)).collect()
    }

    pub(crate) fn acties(&self, v: Vec<Actie>) -> Vec<Actie> {
        v.into_iter().filter(|a| self.actie(a)).collect()
    }
}

/// 403 for a session the current user may not see (not invited, no PDCA role).
fn sessie_verboden() -> PaginaFout {
    PaginaFout::new(
        StatusCode::FORBIDDEN,
        "Geen toegang",
        "U bent niet uitgenodigd voor deze sessie.",
    )
}

/// Who writes: the logged-in account ("Naam (login)"); the form's name field only counts
/// outside a login (tests of the handlers without the `toegang` layer).
fn naam_of_anoniem(n: &str) -> String {
    if let Some(g) = crate::toegang::huidige() {
        return g.auteur();
    }
    let n = n.trim();
    if n.is_empty() {
        "onbekend".into()
    } else {
        n.into()
    }
}

// ---------------------------------------------------------------- views

pub struct DuidingWeergave {
    pub id: i64,
    pub periode: String,
    pub html: String,
    pub tekst: String,
    pub auteur: String,
    pub tijd: String,
    /// With the date, for the minutes.
    pub tijd_volledig: String,
    pub versie: i64,
    pub release: String,
    pub waarde_toen: String,
    /// Set when the newest release shows another figure than the author saw.
    pub herzien: Option<String>,
}

pub struct ActieWeergave {
    pub a: Actie,
    pub deadline: String,
    pub indicator: String,
    pub te_laat: bool,
}

fn tijd_nl(rfc3339: &str) -> String {
    store::pdca::tijdstip_nl(rfc3339)
}

fn duiding_weergave(s: &Staat, d: &Duiding) -> DuidingWeergave {
    let eenheid = s
        .catalogus
        .get(&d.indicator)
        .map(|i| i.eenheid.clone())
        .unwrap_or_default();
    // The same figure in the newest release, to mark a revision of provisional data.
    let nu = s.release(None).ok().and_then(|r| {
        scopewaarde(
            &r,
            &d.indicator,
            (&d.niveau, &d.code, &d.uitsplitsing),
            &d.periode,
        )
    });
    let herzien = match (d.waarde_toen, nu) {
        // A revision the reader can see: the figure as shown differs.
        (Some(toen), Some(nu))
            if getal::met_eenheid(Some(toen), &eenheid)
                != getal::met_eenheid(Some(nu), &eenheid) =>
        {
            Some(format!(
                "Het cijfer is sindsdien herzien: toen {}, nu {} (release {}).",
                getal::met_eenheid(Some(toen), &eenheid),
                getal::met_eenheid(Some(nu), &eenheid),
                s.nieuwste_id()
            ))
        }
        (Some(toen), None) => Some(format!(
            "Het cijfer ({}) staat niet meer in de nieuwste release {}.",
            getal::met_eenheid(Some(toen), &eenheid),
            s.nieuwste_id()
        )),
        _ => None,
    };
    DuidingWeergave {
        id: d.id,
        periode: Periode::parse(&d.periode)
            .map(|p| p.label())
            .unwrap_or_else(|_| d.periode.clone()),
        html: markdown(&d.tekst),
        tekst: d.tekst.clone(),
        auteur: d.auteur.clone(),
        tijd: tijd_nl(&d.gewijzigd_op),
        tijd_volledig: store::pdca::tijdstip_volledig(&d.gewijzigd_op),
        versie: d.versie,
        release: d.release_id.clone(),
        waarde_toen: getal::met_eenheid(d.waarde_toen, &eenheid),
        herzien,
    }
}

fn actie_weergave(s: &Staat, a: &Actie) -> ActieWeergave {
    let vandaag = chrono::Utc::now().format("%Y-%m-%d").to_string();
    ActieWeergave {
        deadline: a.deadline.clone().unwrap_or_else(|| "–".into()),
        indicator: a
            .indicator
            .as_deref()
            .and_then(|i| s.catalogus.get(i))
            .map(|d| d.naam.clone())
            .unwrap_or_default(),
        te_laat: a.te_laat_op(&vandaag),
        a: a.clone(),
    }
}

// ---------------------------------------------------------------- sessions list

#[derive(Template, WebTemplate)]
#[template(path = "sessies.html")]
pub struct SessiesPagina {
    pub kop: Kop,
    pub sessies: Vec<Sessie>,
    /// Whether the user plans sessions (the form), and whom they can invite (login, label).
    pub mag_plannen: bool,
    pub accounts: Vec<(String, String)>,
    pub releases: Vec<(String, String)>,
    pub indicatoren: Vec<(String, String)>,
    pub gebieden: Vec<(String, String)>,
    pub perioden: Vec<(String, String)>,
    pub vandaag: String,
    /// The current signals this user may see, as (form value, sentence): each can become an
    /// agenda item (`/signalen`).
    pub signalen: Vec<(String, String)>,
    pub signalen_release: String,
}

pub(crate) async fn sessies(
    State(s): State<Gedeeld>,
    Query(f): Query<Filters>,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    let r = crate::antwoord::release(&s, &f)?;
    let k = Keuze::maak(&s, &r, &f);
    let lijst: Vec<Sessie> = st
        .sessies()
        .await?
        .into_iter()
        .filter(|x| huidig_mag(|g| g.mag_sessie_zien(x)))
        .map(|mut x| {
            // The agenda as this user sees it (the number of items in the list).
            x.agenda
                .retain(|a| huidig_mag(|g| g.mag_scope_zien(&a.niveau, &a.code)));
            x
        })
        .collect();
    let accounts = uitnodigbaar(st).await?;
    let mut gebieden = vec![("regio".to_string(), format!("Hele regio {}", s.regio.naam))];
    gebieden.extend(
        s.regio
            .gemeenten
            .iter()
            .map(|g| (g.code.to_string(), g.naam.clone())),
    );
    gebieden.extend(model::Segment::ALLE.iter().map(|x| {
        (
            format!("segment:{}", x.id()),
            format!("Segment {}", x.naam()),
        )
    }));
    gebieden.extend(s.regio.strategische_partners.iter().map(|p| {
        (
            format!("aanbieder:{}", p.agb),
            format!("Aanbieder {}", p.naam),
        )
    }));
    let perioden = r
        .perioden
        .values()
        .flatten()
        .map(|p| (p.to_string(), p.label()))
        .collect();
    Ok(crate::antwoord::html(SessiesPagina {
        kop: kop(&s, &r, &k, "sessies"),
        sessies: lijst,
        mag_plannen: huidig_mag(|g| g.mag_duiden()),
        accounts,
        releases: s.met_releases(|v| {
            v.iter()
                .rev()
                .map(|m| {
                    (
                        m.id.clone(),
                        format!(
                            "{} (levering t/m {})",
                            m.id,
                            m.laatste_aanlevering.as_deref().unwrap_or("–")
                        ),
                    )
                })
                .collect()
        }),
        indicatoren: s
            .catalogus
            .indicatoren
            .iter()
            .map(|d| (d.id.clone(), d.naam.clone()))
            .collect(),
        gebieden,
        perioden,
        vandaag: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        signalen: crate::signalen::zichtbaar(&r)
            .into_iter()
            .map(|x| {
                (
                    crate::signalen::agendawaarde(x),
                    crate::signalen::zin(&s, x),
                )
            })
            .collect(),
        signalen_release: r.manifest.id.clone(),
    }))
}

/// The active accounts that can be invited or own an action: (login, "Naam (rol)").
async fn uitnodigbaar(st: &store::Store) -> Result<Vec<(String, String)>, StoreFout> {
    Ok(st
        .gebruikers()
        .await?
        .into_iter()
        .filter(|g| g.actief)
        .map(|g| (g.login.clone(), format!("{} ({})", g.naam, g.rol)))
        .collect())
}

pub(crate) async fn maak_sessie(
    State(s): State<Gedeeld>,
    body: String,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    // Checkboxes arrive as repeated `indicator=` fields; serde_urlencoded keeps only one, so
    // collect them by hand.
    let paren: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let veld = |n: &str| {
        paren
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let indicatoren: Vec<String> = paren
        .iter()
        .filter(|(k, _)| k == "indicator")
        .map(|(_, v)| v.clone())
        .collect();
    let gebied = veld("gebied");
    let (niveau, code) = match gebied.split_once(':') {
        _ if gebied.is_empty() || gebied == "regio" => ("regio".to_string(), "regio".to_string()),
        Some((n @ ("segment" | "aanbieder"), c)) => (n.to_string(), c.to_string()),
        _ => ("gemeente".to_string(), gebied),
    };
    let mut agenda: Vec<Agendapunt> = indicatoren
        .iter()
        .filter_map(|i| s.catalogus.get(i))
        .map(|d| Agendapunt {
            indicator: d.id.clone(),
            niveau: niveau.clone(),
            code: code.clone(),
            uitsplitsing: d.hoofd.to_string(),
            periode: veld("periode"),
            toelichting: String::new(),
        })
        .collect();
    // Chosen signals of the session's release, each on its own area and month; a value that
    // is not a current signal this user may see is ignored.
    if let Ok(r) = s.release(Some(&veld("release"))) {
        let gekozen: Vec<&str> = paren
            .iter()
            .filter(|(k, _)| k == "signaal")
            .map(|(_, v)| v.as_str())
            .collect();
        for x in crate::signalen::zichtbaar(&r) {
            if gekozen.contains(&crate::signalen::agendawaarde(x).as_str()) {
                agenda.push(Agendapunt {
                    indicator: x.indicator.clone(),
                    niveau: x.niveau.id().to_string(),
                    code: x.code.clone(),
                    uitsplitsing: x.uitsplitsing.as_str().to_string(),
                    periode: x.periode.clone(),
                    toelichting: format!("Signaal: {}", crate::signalen::zin(&s, x)),
                });
            }
        }
    }
    let nieuw = NieuweSessie {
        datum: veld("datum"),
        titel: veld("titel"),
        deelnemers: veld("deelnemers"),
        release_id: veld("release"),
        agenda,
        uitgenodigd: paren
            .iter()
            .filter(|(k, _)| k == "uitgenodigd")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    if !s.met_releases(|v| v.iter().any(|m| m.id == nieuw.release_id)) {
        return Err(PaginaFout::new(
            StatusCode::BAD_REQUEST,
            "Controleer de invoer",
            format!("Release '{}' bestaat niet.", nieuw.release_id),
        ));
    }
    match st
        .maak_sessie(&naam_of_anoniem(&veld("auteur")), &nieuw)
        .await
    {
        Ok(sessie) => Ok(Redirect::to(&format!("/sessie/{}", sessie.id)).into_response()),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- session view

#[derive(Template, WebTemplate)]
#[template(path = "sessie.html")]
pub struct SessiePagina {
    pub kop: Kop,
    pub sessie: Sessie,
    pub punten: Vec<(usize, String, bool)>,
    pub punt: usize,
    pub vorige: Option<usize>,
    pub volgende: Option<usize>,
    /// Whether the user writes a duiding on this item, and actions in this session.
    pub mag_duiden: bool,
    pub mag_bewerken: bool,
    pub mag_acties: bool,
    /// Accounts that can own an action (login, label).
    pub accounts: Vec<(String, String)>,
    pub item: Option<Agendaweergave>,
    pub duidingen: Vec<DuidingWeergave>,
    pub acties: Vec<ActieWeergave>,
    pub meegenomen: Vec<ActieWeergave>,
}

pub struct Agendaweergave {
    pub indicator: String,
    pub naam: String,
    pub gebied: String,
    pub periode: String,
    pub waarde: String,
    pub landelijk: String,
    pub streef: String,
    pub status: String,
    pub status_klasse: String,
    pub svg: String,
    pub link: String,
}

#[derive(Deserialize, Default)]
pub struct PuntQuery {
    pub punt: Option<usize>,
}

fn gebiedsnaam(s: &Staat, niveau: &str, code: &str) -> String {
    match niveau {
        "segment" => format!("{} (segment {code})", s.regio.naam),
        "aanbieder" => s
            .regio
            .strategische_partners
            .iter()
            .find(|p| p.agb.to_string() == code)
            .map(|p| p.naam.clone())
            .unwrap_or_else(|| format!("aanbieder {code}")),
        "regio" => s.regio.naam.clone(),
        "gemeente" => s
            .regio
            .gemeenten
            .iter()
            .find(|g| g.code.to_string() == code)
            .map(|g| g.naam.clone())
            .unwrap_or_else(|| code.into()),
        _ => code.into(),
    }
}

/// Where the figures of a PDCA scope (an agenda item's or a duiding's `niveau`, `code`,
/// `uitsplitsing`) are stored: a segment is the region's segment split; a scope at a level
/// the release does not have has no figure (`None`).
fn opslagsleutel(
    niveau: &str,
    code: &str,
    uitsplitsing: &str,
) -> Option<(Niveau, String, Uitsplitsing)> {
    if niveau == "segment" {
        return Some((Niveau::Regio, "regio".into(), Uitsplitsing::segment(code)));
    }
    Some((
        Niveau::parse(niveau)?,
        code.to_string(),
        uitsplitsing.into(),
    ))
}

/// The value of a PDCA scope in a release, in a period (`None` when not stored or not
/// visible to the current user).
fn scopewaarde(
    r: &crate::staat::Releasedata,
    indicator: &str,
    (niveau, code, uitsplitsing): (&str, &str, &str),
    periode: &str,
) -> Option<f64> {
    let (niveau, code, uitsplitsing) = opslagsleutel(niveau, code, uitsplitsing)?;
    let p = Periode::parse(periode).ok()?;
    r.waarde(Reeks::nieuw(indicator, niveau, &code, &uitsplitsing), p)?
        .waarde
}

fn agendaweergave(s: &Staat, sessie: &Sessie, a: &Agendapunt) -> Option<Agendaweergave> {
    let d = s.catalogus.get(&a.indicator)?;
    let (niveau, code, uitsplitsing) = opslagsleutel(&a.niveau, &a.code, &a.uitsplitsing)?;
    let r = s.release(Some(&sessie.release_id)).ok()?;
    let p = Periode::parse(&a.periode).ok();
    let reeks = Reeks::nieuw(&d.id, niveau, &code, &uitsplitsing);
    let w = p.and_then(|p| r.waarde(reeks, p));
    let reeks = r.reeks(
        reeks,
        p.map(|p| p.soort()).unwrap_or(model::PeriodeSoort::Jaar),
        p,
        8,
    );
    let (st, kl) = status(w);
    let gebied = gebiedsnaam(s, &a.niveau, &a.code);
    let svg = charts::trend(&charts::Trend {
        titel: format!(
            "{} in {}, zoals in release {}",
            d.naam, gebied, sessie.release_id
        ),
        eenheid: d.eenheid.clone(),
        reeksnaam: gebied.clone(),
        id: format!("sessie-{}-{}", sessie.id, d.id),
        ..crate::dashboard::paginas::trendreeksen(&reeks)
    });
    let mut q = vec![
        format!("release={}", sessie.release_id),
        format!("periode={}", a.periode),
    ];
    if a.niveau == "gemeente" {
        q.push(format!("gemeente={}", a.code));
    }
    Some(Agendaweergave {
        indicator: d.id.clone(),
        naam: d.naam.clone(),
        periode: p.map(|p| p.label()).unwrap_or_else(|| a.periode.clone()),
        waarde: waardetekst(d, w, s.regio.onderdrukkingsdrempel),
        landelijk: crate::dashboard::paginas::landelijktekst(d, w),
        streef: w
            .and_then(|w| w.streefwaarde)
            .map(|x| getal::met_eenheid(Some(x), &d.eenheid))
            .unwrap_or_default(),
        status: st.into(),
        status_klasse: kl.into(),
        svg,
        link: format!("/indicator/{}?{}", d.id, q.join("&")),
        gebied,
    })
}

/// The agenda items `zichtbaar` (numbers as stored) as (number, "indicator — area", chosen).
fn agendalijst(
    s: &Staat,
    sessie: &Sessie,
    zichtbaar: &[usize],
    punt: usize,
) -> Vec<(usize, String, bool)> {
    zichtbaar
        .iter()
        .map(|&i| {
            let a = &sessie.agenda[i - 1];
            let naam = s
                .catalogus
                .get(&a.indicator)
                .map(|d| d.naam.clone())
                .unwrap_or_else(|| a.indicator.clone());
            (
                i,
                format!("{naam} — {}", gebiedsnaam(s, &a.niveau, &a.code)),
                i == punt,
            )
        })
        .collect()
}

pub(crate) async fn sessie(
    State(s): State<Gedeeld>,
    Path(id): Path<i64>,
    Query(q): Query<PuntQuery>,
) -> Result<Response, PaginaFout> {
    let (st, sessie) = sessie_laden(&s, id).await?;
    let r = match s.release(Some(&sessie.release_id)) {
        Ok(r) => r,
        Err(_) => {
            return Err(PaginaFout::new(
                StatusCode::NOT_FOUND,
                "Release niet gevonden",
                format!(
                    "De release van deze sessie ({}) is er niet meer.",
                    sessie.release_id
                ),
            ));
        }
    };
    if !huidig_mag(|g| g.mag_sessie_zien(&sessie)) {
        return Err(sessie_verboden());
    }
    let zicht = Zicht::laad(st).await?;
    // The agenda items within the user's data scope, numbered as stored.
    let zichtbaar: Vec<usize> = (1..=sessie.agenda.len())
        .filter(|i| {
            let a = &sessie.agenda[i - 1];
            huidig_mag(|g| g.mag_scope_zien(&a.niveau, &a.code))
        })
        .collect();
    let punt = q
        .punt
        .filter(|p| zichtbaar.contains(p))
        .or(zichtbaar.first().copied())
        .unwrap_or(1);
    let plek = zichtbaar.iter().position(|p| *p == punt);
    let a = plek.map(|_| sessie.agenda[punt - 1].clone());
    let item = a.as_ref().and_then(|a| agendaweergave(&s, &sessie, a));
    let duidingen = match &a {
        Some(a) => zicht.duidingen(
            st.duidingen(&DuidingFilter {
                indicator: Some(a.indicator.clone()),
                niveau: Some(a.niveau.clone()),
                code: Some(a.code.clone()),
                periode: Some(a.periode.clone()),
                ..Default::default()
            })
            .await?,
        ),
        None => Vec::new(),
    };
    let acties = zicht.acties(
        st.acties(&ActieFilter {
            sessie_id: Some(id),
            ..Default::default()
        })
        .await?,
    );
    let meegenomen = zicht.acties(st.open_acties_voor(id).await?);
    let mag_acties = huidig_mag(|g| g.mag_acties());
    let k = Keuze::maak(
        &s,
        &r,
        &Filters {
            release: Some(sessie.release_id.clone()),
            ..Default::default()
        },
    );
    Ok(crate::antwoord::html(SessiePagina {
        kop: kop(&s, &r, &k, "sessies"),
        punten: agendalijst(&s, &sessie, &zichtbaar, punt),
        vorige: plek.and_then(|p| p.checked_sub(1)).map(|p| zichtbaar[p]),
        volgende: plek.and_then(|p| zichtbaar.get(p + 1).copied()),
        punt,
        mag_duiden: a
            .as_ref()
            .is_some_and(|a| huidig_mag(|g| g.mag_duiden_op(&sessie, a))),
        mag_bewerken: huidig_mag(|g| g.mag_duiden()),
        mag_acties,
        accounts: if mag_acties {
            uitnodigbaar(st).await?
        } else {
            Vec::new()
        },
        item,
        duidingen: duidingen.iter().map(|d| duiding_weergave(&s, d)).collect(),
        acties: acties.iter().map(|a| actie_weergave(&s, a)).collect(),
        meegenomen: meegenomen.iter().map(|a| actie_weergave(&s, a)).collect(),
        sessie,
    }))
}

#[derive(Deserialize)]
pub struct DuidingFormulier {
    pub punt: usize,
    pub tekst: String,
    #[serde(default)]
    pub auteur: String,
}

pub(crate) async fn sessie_duiding(
    State(s): State<Gedeeld>,
    Path(id): Path<i64>,
    Form(f): Form<DuidingFormulier>,
) -> Result<Response, PaginaFout> {
    let (st, sessie) = sessie_laden(&s, id).await?;
    let Some(a) = sessie.agenda.get(f.punt.saturating_sub(1)) else {
        return Err(PaginaFout::new(
            StatusCode::BAD_REQUEST,
            "Controleer de invoer",
            "Dit agendapunt bestaat niet.",
        ));
    };
    if !huidig_mag(|g| g.mag_duiden_op(&sessie, a)) {
        return Err(PaginaFout::new(
            StatusCode::FORBIDDEN,
            "Geen toegang",
            "U kunt bij dit agendapunt geen duiding schrijven: u bent niet uitgenodigd, of het \
             cijfer valt buiten uw bereik.",
        ));
    }
    // The figure the author saw: the session's frozen release.
    let waarde_toen = s.release(Some(&sessie.release_id)).ok().and_then(|r| {
        scopewaarde(
            &r,
            &a.indicator,
            (&a.niveau, &a.code, &a.uitsplitsing),
            &a.periode,
        )
    });
    let d = NieuweDuiding {
        sessie_id: Some(id),
        indicator: a.indicator.clone(),
        niveau: a.niveau.clone(),
        code: a.code.clone(),
        uitsplitsing: a.uitsplitsing.clone(),
        periode: a.periode.clone(),
        release_id: sessie.release_id.clone(),
        waarde_toen,
        tekst: f.tekst.replace("\r\n", "\n"),
    };
    match st.voeg_duiding_toe(&naam_of_anoniem(&f.auteur), &d).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/sessie/{id}?punt={}#duidingen", f.punt)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ActieFormulier {
    #[serde(default)]
    pub punt: usize,
    pub soort: String,
    pub titel: String,
    #[serde(default)]
    pub omschrijving: String,
    pub eigenaar: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub streefwaarde: String,
    /// The owning account (login), or empty.
    #[serde(default)]
    pub eigenaar_login: String,
    #[serde(default)]
    pub auteur: String,
    /// For an edit: the version the user saw.
    #[serde(default)]
    pub versie: Option<i64>,
    #[serde(default)]
    pub terug: String,
}

fn nieuwe_actie(sessie_id: Option<i64>, f: &ActieFormulier) -> Result<NieuweActie, StoreFout> {
    let streefwaarde = match f.streefwaarde.trim() {
        "" => None,
        x => Some(x.replace(',', ".").parse::<f64>().map_err(|_| {
            StoreFout::Ongeldig(format!("streefwaarde '{x}' is geen getal (bijv. 12,5)"))
        })?),
    };
    Ok(NieuweActie {
        sessie_id,
        soort: f.soort.clone(),
        titel: f.titel.clone(),
        omschrijving: f.omschrijving.clone(),
        eigenaar: f.eigenaar.clone(),
        deadline: Some(f.deadline.trim().to_string()).filter(|d| !d.is_empty()),
        status: if f.status.is_empty() {
            "open".into()
        } else {
            f.status.clone()
        },
        indicator: Some(f.indicator.clone()).filter(|i| !i.is_empty()),
        streefwaarde,
        eigenaar_login: Some(f.eigenaar_login.clone()).filter(|l| !l.trim().is_empty()),
    })
}

pub(crate) async fn sessie_actie(
    State(s): State<Gedeeld>,
    Path(id): Path<i64>,
    Form(f): Form<ActieFormulier>,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    let a = nieuwe_actie(Some(id), &f)?;
    match st.voeg_actie_toe(&naam_of_anoniem(&f.auteur), &a).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/sessie/{id}?punt={}#acties", f.punt.max(1))).into_response(),
        ),
        Err(e) => Err(e.into()),
    }
}

/// Edits an action (status, owner, …) with the version the user saw.
pub(crate) async fn wijzig_actie(
    State(s): State<Gedeeld>,
    Path(id): Path<i64>,
    Form(f): Form<ActieFormulier>,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    let Some(versie) = f.versie else {
        return Err(PaginaFout::new(
            StatusCode::BAD_REQUEST,
            "Controleer de invoer",
            "De versie ontbreekt.",
        ));
    };
    let huidig = st
        .acties(&ActieFilter::default())
        .await?
        .into_iter()
        .find(|a| a.id == id);
    let Some(huidig) = huidig else {
        return Err(StoreFout::NietGevonden { wat: "actie", id }.into());
    };
    let a = nieuwe_actie(huidig.sessie_id, &f)?;
    match st
        .wijzig_actie(&naam_of_anoniem(&f.auteur), id, versie, &a)
        .await
    {
        Ok(_) => {
            let terug = if f.terug.starts_with('/') {
                f.terug.clone()
            } else {
                "/acties".into()
            };
            Ok(Redirect::to(&terug).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct DuidingBewerking {
    pub versie: i64,
    pub tekst: String,
    #[serde(default)]
    pub auteur: String,
    #[serde(default)]
    pub terug: String,
}

pub(crate) async fn wijzig_duiding(
    State(s): State<Gedeeld>,
    Path(id): Path<i64>,
    Form(f): Form<DuidingBewerking>,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    match st
        .wijzig_duiding(&naam_of_anoniem(&f.auteur), id, f.versie, &f.tekst)
        .await
    {
        Ok(_) => {
            let terug = if f.terug.starts_with('/') {
                f.terug.clone()
            } else {
                "/sessies".into()
            };
            Ok(Redirect::to(&terug).into_response())
        }
        Err(e @ StoreFout::Verouderd { .. }) => {
            // Keep what the user wrote: show it back with the refusal.
            let tekst = format!("{e}\n\nUw tekst (niet opgeslagen):\n\n{}", f.tekst);
            Err(PaginaFout::new(
                StatusCode::CONFLICT,
                "Niet opgeslagen: iemand was u voor",
                tekst,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct StatusFormulier {
    pub versie: i64,
    pub status: String,
}

/// `/actie/{id}/status`: the owner (or a role that writes actions) updates the status.
pub(crate) async fn zet_actiestatus(
    State(s): State<Gedeeld>,
    Path(id): Path<i64>,
    Form(f): Form<StatusFormulier>,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    let huidig = st
        .actie(id)
        .await?
        .ok_or(StoreFout::NietGevonden { wat: "actie", id })?;
    if !huidig_mag(|g| g.mag_status_zetten(&huidig)) {
        return Err(PaginaFout::new(
            StatusCode::FORBIDDEN,
            "Geen toegang",
            "Alleen de eigenaar van deze actie (of de data-adviesgroep) wijzigt de status.",
        ));
    }
    let mut nieuw = huidig.als_nieuw();
    nieuw.status = f.status.trim().to_string();
    st.wijzig_actie(&naam_of_anoniem(""), id, f.versie, &nieuw)
        .await?;
    Ok(Redirect::to("/mijn-acties").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "mijn_acties.html")]
pub struct MijnActiesPagina {
    pub kop: Kop,
    pub acties: Vec<ActieWeergave>,
    pub statussen: Vec<&'static str>,
}

/// `/mijn-acties`: the actions owned by the logged-in account, for every role.
pub(crate) async fn mijn_acties(
    State(s): State<Gedeeld>,
    Query(f): Query<Filters>,
) -> Result<Response, PaginaFout> {
    // Fails closed: without a login no owner, so no actions.
    let login = crate::toegang::huidige()
        .map(|g| g.login)
        .unwrap_or_default();
    let filter = ActieFilter {
        eigenaar_login: Some(login),
        ..Default::default()
    };
    let (kop, acties) = actielijst(&s, &f, &filter, "mijn-acties").await?;
    Ok(crate::antwoord::html(MijnActiesPagina {
        kop,
        acties,
        statussen: store::pdca::ACTIE_STATUSSEN.to_vec(),
    }))
}

/// The page head and the actions of a filter, for the register and "Mijn acties".
async fn actielijst(
    s: &Staat,
    f: &Filters,
    filter: &ActieFilter,
    actief: &'static str,
) -> Result<(Kop, Vec<ActieWeergave>), PaginaFout> {
    let st = store(s)?;
    let r = crate::antwoord::release(s, f)?;
    let k = Keuze::maak(s, &r, f);
    let lijst = st.acties(filter).await?;
    Ok((
        kop(s, &r, &k, actief),
        lijst.iter().map(|a| actie_weergave(s, a)).collect(),
    ))
}

// ---------------------------------------------------------------- action register and year

#[derive(Template, WebTemplate)]
#[template(path = "acties.html")]
pub struct ActiesPagina {
    pub kop: Kop,
    pub acties: Vec<ActieWeergave>,
    pub statussen: Vec<&'static str>,
}

pub(crate) async fn acties(
    State(s): State<Gedeeld>,
    Query(f): Query<Filters>,
) -> Result<Response, PaginaFout> {
    let (kop, acties) = actielijst(&s, &f, &ActieFilter::default(), "acties").await?;
    Ok(crate::antwoord::html(ActiesPagina {
        kop,
        acties,
        statussen: store::pdca::ACTIE_STATUSSEN.to_vec(),
    }))
}

#[derive(Template, WebTemplate)]
#[template(path = "pdca.html")]
pub struct JaarPagina {
    pub kop: Kop,
    pub jaar: i32,
    pub jaren: Vec<i32>,
    pub sessies: Vec<Sessie>,
    pub per_status: Vec<(String, i64)>,
    pub zonder_duiding: Vec<(String, String)>,
    pub met_duiding: usize,
    pub streefwaarden: usize,
}

#[derive(Deserialize, Default)]
pub struct JaarQuery {
    pub jaar: Option<i32>,
}

pub(crate) async fn jaar(
    State(s): State<Gedeeld>,
    Query(q): Query<JaarQuery>,
) -> Result<Response, PaginaFout> {
    let st = store(&s)?;
    let r = match s.release(None) {
        Ok(r) => r,
        Err(_) => return Err(PaginaFout::new(StatusCode::NOT_FOUND, "Geen release", "")),
    };
    let k = Keuze::maak(&s, &r, &Filters::default());
    let dit_jaar: i32 = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap_or(2026);
    let jaar = q.jaar.unwrap_or(dit_jaar);
    let o = st.jaaroverzicht(jaar).await?;
    let met: std::collections::HashSet<&str> = o.indicatoren.iter().map(String::as_str).collect();
    let streefwaarden = r
        .zichtbaar()
        .filter(|w| {
            w.niveau == Niveau::Regio && w.streefwaarde.is_some() && w.periode == jaar.to_string()
        })
        .count();
    Ok(crate::antwoord::html(JaarPagina {
        kop: kop(&s, &r, &k, "pdca"),
        jaren: (jaar - 3..=jaar + 1).collect(),
        per_status: o
            .acties_per_status
            .iter()
            .map(|(a, b)| (a.clone(), *b))
            .collect(),
        zonder_duiding: s
            .catalogus
            .indicatoren
            .iter()
            .filter(|d| !met.contains(d.id.as_str()))
            .map(|d| (d.id.clone(), d.naam.clone()))
            .collect(),
        met_duiding: met.len(),
        sessies: o.sessies,
        streefwaarden,
        jaar,
    }))
}

// ---------------------------------------------------------------- minutes

#[derive(Template)]
#[template(path = "verslag.html")]
pub struct Verslag {
    /// The session pack before the meeting (agenda figures and open actions, no duidingen
    /// or decisions yet) instead of the minutes.
    pub pakket: bool,
    pub regio: String,
    pub sessie: Sessie,
    pub punten: Vec<(Agendaweergave, Vec<DuidingWeergave>)>,
    pub acties: Vec<ActieWeergave>,
    pub meegenomen: Vec<ActieWeergave>,
    pub drempel: u32,
}

async fn verslagdata(s: &Staat, id: i64, pakket: bool) -> Result<Verslag, PaginaFout> {
    let (st, sessie) = sessie_laden(s, id).await?;
    if !huidig_mag(|g| g.mag_sessie_zien(&sessie)) {
        return Err(sessie_verboden());
    }
    let zicht = Zicht::laad(st).await?;
    let mut punten = Vec::new();
    for a in &sessie.agenda {
        if !huidig_mag(|g| g.mag_scope_zien(&a.niveau, &a.code)) {
            continue;
        }
        let Some(item) = agendaweergave(s, &sessie, a) else {
            continue;
        };
        if pakket {
            punten.push((item, Vec::new()));
            continue;
        }
        let d = zicht.duidingen(
            st.duidingen(&DuidingFilter {
                sessie_id: Some(id),
                indicator: Some(a.indicator.clone()),
                niveau: Some(a.niveau.clone()),
                code: Some(a.code.clone()),
                periode: Some(a.periode.clone()),
            })
            .await?,
        );
        punten.push((item, d.iter().map(|d| duiding_weergave(s, d)).collect()));
    }
    let acties = zicht.acties(
        st.acties(&ActieFilter {
            sessie_id: Some(id),
            ..Default::default()
        })
        .await?,
    );
    let meegenomen = zicht.acties(st.open_acties_voor(id).await?);
    Ok(Verslag {
        pakket,
        regio: s.regio.naam.clone(),
        punten,
        acties: acties.iter().map(|a| actie_weergave(s, a)).collect(),
        meegenomen: meegenomen.iter().map(|a| actie_weergave(s, a)).collect(),
        drempel: s.regio.onderdrukkingsdrempel,
        sessie,
    })
}

/// `/sessie/{id}/verslag.html` or `.md`.
pub(crate) async fn verslag(
    State(s): State<Gedeeld>,
    Path((id, bestand)): Path<(i64, String)>,
) -> Result<Response, PaginaFout> {
    let (soort, formaat) = bestand.split_once('.').unwrap_or((bestand.as_str(), ""));
    let pakket = match soort {
        "verslag" => false,
        "pakket" if formaat != "md" => true,
        _ => {
            return Ok(crate::antwoord::fout(
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Kies verslag.html, verslag.pdf, verslag.md, pakket.html of pakket.pdf.",
            ));
        }
    };
    let v = verslagdata(&s, id, pakket).await?;
    let naam = format!("{soort}-sessie-{id}-{}", v.sessie.datum);
    Ok(match formaat {
        "html" => match v.render() {
            Ok(h) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], h).into_response(),
            Err(e) => {
                tracing::error!("verslag: {e}");
                crate::antwoord::fout(StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis", "")
            }
        },
        "md" => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/markdown; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{naam}.md\""),
                ),
            ],
            verslag_markdown(&v),
        )
            .into_response(),
        "pdf" => {
            let doc = verslag_document(&v);
            // typst lays out in ~0.1 s.
            crate::antwoord::pdf_download(&naam, "verslag-pdf", move || report::pdf(&doc)).await
        }
        _ => crate::antwoord::fout(
            StatusCode::NOT_FOUND,
            "Niet gevonden",
            "Kies verslag.html, verslag.pdf, verslag.md, pakket.html of pakket.pdf.",
        ),
    })
}

/// The minutes as a report document (the same content as the HTML and Markdown).
pub fn verslag_document(v: &Verslag) -> report::Document {
    use report::{Blok, Sectie};
    let mut secties = vec![Sectie {
        kop: "Sessie".into(),
        blokken: vec![Blok::Kernwaarden(vec![
            ("Datum".into(), v.sessie.datum.clone()),
            ("Deelnemers".into(), v.sessie.deelnemers.clone()),
            (
                "Cijfers".into(),
                format!("release {} (bevroren)", v.sessie.release_id),
            ),
        ])],
    }];
    for (p, ds) in &v.punten {
        let mut blokken = vec![Blok::Kernwaarden(
            [
                ("Waarde", p.waarde.clone()),
                ("Landelijk", p.landelijk.clone()),
                ("Streefwaarde", p.streef.clone()),
                ("Status", p.status.clone()),
            ]
            .into_iter()
            .filter(|(_, w)| !w.is_empty())
            .map(|(k, w)| (k.to_string(), w))
            .collect(),
        )];
        blokken.push(Blok::Grafiek {
            svg: p.svg.clone(),
            alt: format!("Verloop van {} in {}", p.naam.to_lowercase(), p.gebied),
        });
        if ds.is_empty() && !v.pakket {
            blokken.push(Blok::Alinea("Geen duiding vastgelegd.".into()));
        }
        for d in ds {
            blokken.push(Blok::Alinea(format!(
                "Duiding ({}, {}): {}",
                d.auteur,
                d.tijd_volledig,
                d.tekst.trim()
            )));
        }
        secties.push(Sectie {
            kop: format!("{} — {}, {}", p.naam, p.gebied, p.periode),
            blokken,
        });
    }
    let rij = |a: &ActieWeergave| {
        vec![
            a.a.titel.clone(),
            a.a.soort.clone(),
            a.a.eigenaar.clone(),
            a.deadline.clone(),
            a.a.status.clone(),
        ]
    };
    let koppen: Vec<String> = ["Titel", "Soort", "Eigenaar", "Deadline", "Status"]
        .iter()
        .map(|x| x.to_string())
        .collect();
    if !v.pakket {
        secties.push(Sectie {
            kop: "Besluiten en verbeteracties".into(),
            blokken: vec![if v.acties.is_empty() {
                Blok::Alinea("Geen.".into())
            } else {
                Blok::Tabel {
                    titel: "Besluiten en verbeteracties van deze sessie".into(),
                    koppen: koppen.clone(),
                    rijen: v.acties.iter().map(rij).collect(),
                    rechts: vec![false; 5],
                }
            }],
        });
    }
    if !v.meegenomen.is_empty() {
        secties.push(Sectie {
            kop: "Openstaand uit eerdere sessies".into(),
            blokken: vec![Blok::Tabel {
                titel: "Open acties uit eerdere sessies".into(),
                koppen,
                rijen: v.meegenomen.iter().map(rij).collect(),
                rechts: vec![false; 5],
            }],
        });
    }
    report::Document {
        titel: if v.pakket {
            format!("Sessiestukken duidingssessie: {}", v.sessie.titel)
        } else {
            format!("Verslag duidingssessie: {}", v.sessie.titel)
        },
        ondertitel: format!("Regio {}", v.regio),
        auteur: format!("Data-adviesgroep {}", v.regio),
        datum: v.sessie.datum.clone(),
        secties,
        voetnoot: format!(
            "Aantallen onder {} worden niet getoond. Synthetische demodata.",
            v.drempel
        ),
    }
}

pub fn verslag_markdown(v: &Verslag) -> String {
    let mut m = format!(
        "# Verslag duidingssessie: {}\n\n- Datum: {}\n- Deelnemers: {}\n- Cijfers: release {} (bevroren)\n\n",
        v.sessie.titel, v.sessie.datum, v.sessie.deelnemers, v.sessie.release_id
    );
    for (i, (p, ds)) in v.punten.iter().enumerate() {
        m.push_str(&format!(
            "## {}. {} — {}, {}\n\nWaarde: {}{}{}\n\n",
            i + 1,
            p.naam,
            p.gebied,
            p.periode,
            p.waarde,
            if p.landelijk.is_empty() {
                String::new()
            } else {
                format!(" · {}", p.landelijk)
            },
            if p.status.is_empty() {
                String::new()
            } else {
                format!(" · {}", p.status)
            },
        ));
        for d in ds {
            m.push_str(&format!(
                "**Duiding** ({}, {}):\n\n{}\n\n",
                d.auteur,
                d.tijd,
                d.tekst.trim()
            ));
        }
    }
    m.push_str("## Besluiten en verbeteracties\n\n");
    if v.acties.is_empty() {
        m.push_str("Geen.\n\n");
    }
    for a in &v.acties {
        let omschrijving = if a.a.omschrijving.trim().is_empty() {
            String::new()
        } else {
            format!(": {}", a.a.omschrijving.trim())
        };
        m.push_str(&format!(
            "- **{}** ({}){omschrijving} — eigenaar {}, deadline {}, status {}\n",
            a.a.titel, a.a.soort, a.a.eigenaar, a.deadline, a.a.status
        ));
    }
    if !v.meegenomen.is_empty() {
        m.push_str("\n## Openstaande acties uit eerdere sessies\n\n");
        for a in &v.meegenomen {
            m.push_str(&format!(
                "- **{}**: eigenaar {}, deadline {}, status {}\n",
                a.a.titel, a.a.eigenaar, a.deadline, a.a.status
            ));
        }
    }
    m.push_str(&format!(
        "\n_Aantallen onder {} worden niet getoond. Synthetische demodata._\n",
        v.drempel
    ));
    m
}

/// All duidingen of an indicator for one scope (the indicator page), newest first, each
/// with its period and a mark when a newer release revised the figure.
pub async fn duidingen_bij(
    s: &Staat,
    indicator: &str,
    niveau: Niveau,
    code: &str,
) -> Vec<DuidingWeergave> {
    zichtbare_duidingen(
        s,
        &DuidingFilter {
            indicator: Some(indicator.into()),
            niveau: Some(niveau.id().into()),
            code: Some(code.into()),
            ..Default::default()
        },
    )
    .await
    .iter()
    .map(|d| duiding_weergave(s, d))
    .collect()
}

/// The duidingen of a filter that the current user may see, newest first. A page that shows
/// them beside figures still renders when the database fails (the failure is logged).
async fn zichtbare_duidingen(s: &Staat, f: &DuidingFilter) -> Vec<Duiding> {
    let Some(st) = &s.store else {
        return Vec::new();
    };
    let lijst =
        async { Ok::<_, StoreFout>(Zicht::laad(st).await?.duidingen(st.duidingen(f).await?)) };
    lijst.await.unwrap_or_else(|e| {
        tracing::error!("duidingen lezen: {e}");
        Vec::new()
    })
}

/// The newest duiding per indicator for one scope and period (for the overview).
pub async fn laatste_duidingen(
    s: &Staat,
    niveau: Niveau,
    code: &str,
    periode: &str,
) -> HashMap<String, String> {
    let lijst = zichtbare_duidingen(
        s,
        &DuidingFilter {
            niveau: Some(niveau.id().into()),
            code: Some(code.into()),
            periode: Some(periode.into()),
            ..Default::default()
        },
    )
    .await;
    let mut uit = HashMap::new();
    // Newest first: keep the first per indicator.
    for d in lijst {
        uit.entry(d.indicator.clone()).or_insert_with(|| {
            let mut t: String = d.tekst.chars().take(160).collect();
            if d.tekst.chars().count() > 160 {
                t.push('…');
            }
            format!("{t} ({}, {})", d.auteur, tijd_nl(&d.gewijzigd_op))
        });
    }
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_without_raw_html_or_script_links() {
        let h = markdown(
            "**Stijging** door <script>alert(1)</script> [klik](javascript:alert(1)) en [CBS](https://www.cbs.nl)",
        );
        assert!(h.contains("<strong>Stijging</strong>"));
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("klik"), "de linktekst blijft: {h}");
        assert!(h.contains("href=\"https://www.cbs.nl\""));
    }
}
