//! The PDCA store: duidingssessies with their agenda, duidingen, besluiten and verbeteracties,
//! and the history of every change (see the crate documentation for the invariants).

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use crate::{Store, StoreFout};

/// The levels an indicator value is shown at.
pub const NIVEAUS: [&str; 4] = ["regio", "gemeente", "segment", "aanbieder"];
/// The states of a session.
pub const SESSIE_STATUSSEN: [&str; 2] = ["gepland", "gehouden"];
/// The kinds of action.
pub const ACTIE_SOORTEN: [&str; 2] = ["besluit", "verbeteractie"];
/// The states of an action; `open` and `loopt` are carried forward to the next session.
pub const ACTIE_STATUSSEN: [&str; 4] = ["open", "loopt", "gereed", "vervallen"];
/// The statuses of an action still to be done (see [`Actie::is_lopend`]).
pub const ACTIE_LOPEND: [&str; 2] = ["open", "loopt"];
/// The tables whose changes are kept in `geschiedenis`.
pub const TABELLEN: [&str; 3] = ["sessies", "duidingen", "acties"];

/// A session as entered: the agenda is stored in the given order.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct NieuweSessie {
    /// jjjj-mm-dd.
    #[schema(format = Date)]
    pub datum: String,
    #[schema(pattern = r"\S")]
    pub titel: String,
    /// Free text: who takes part (also people without an account).
    pub deelnemers: String,
    /// e.g. r0003.
    #[schema(pattern = "^r[0-9]{4,}$")]
    pub release_id: String,
    pub agenda: Vec<Agendapunt>,
    /// The invited accounts (logins): they see the session, its agenda within their own data
    /// scope, and write duidingen on it. Sorted and distinct when stored.
    #[serde(default)]
    pub uitgenodigd: Vec<String>,
}

/// One figure on a session's agenda. An empty `uitsplitsing` is stored as `totaal`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct Agendapunt {
    #[schema(pattern = r"\S")]
    pub indicator: String,
    #[schema(pattern = "^(regio|gemeente|segment|aanbieder)$")]
    pub niveau: String,
    #[schema(pattern = r"\S")]
    pub code: String,
    pub uitsplitsing: String,
    #[schema(pattern = r"\S")]
    pub periode: String,
    pub toelichting: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct Sessie {
    pub id: i64,
    pub datum: String,
    pub titel: String,
    pub deelnemers: String,
    pub release_id: String,
    pub status: String,
    pub agenda: Vec<Agendapunt>,
    /// The invited accounts (logins), sorted.
    #[serde(default)]
    pub uitgenodigd: Vec<String>,
    pub aangemaakt_door: String,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
    pub versie: i64,
}

/// A duiding as entered. An empty `uitsplitsing` is stored as `totaal`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct NieuweDuiding {
    pub sessie_id: Option<i64>,
    #[schema(pattern = r"\S")]
    pub indicator: String,
    #[schema(pattern = "^(regio|gemeente|segment|aanbieder)$")]
    pub niveau: String,
    #[schema(pattern = r"\S")]
    pub code: String,
    pub uitsplitsing: String,
    #[schema(pattern = r"\S")]
    pub periode: String,
    /// e.g. r0003.
    #[schema(pattern = "^r[0-9]{4,}$")]
    pub release_id: String,
    /// The figure the author saw (to mark the duiding when a newer release changes it).
    pub waarde_toen: Option<f64>,
    /// Markdown source.
    #[schema(pattern = r"\S")]
    pub tekst: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct Duiding {
    pub id: i64,
    pub sessie_id: Option<i64>,
    pub indicator: String,
    pub niveau: String,
    pub code: String,
    pub uitsplitsing: String,
    pub periode: String,
    pub release_id: String,
    pub waarde_toen: Option<f64>,
    pub tekst: String,
    pub auteur: String,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
    pub versie: i64,
}

/// A besluit or verbeteractie as entered (also the full new state in `wijzig_actie`).
/// An empty `indicator` is stored as `None`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct NieuweActie {
    pub sessie_id: Option<i64>,
    #[schema(pattern = "^(besluit|verbeteractie)$")]
    pub soort: String,
    #[schema(pattern = r"\S")]
    pub titel: String,
    pub omschrijving: String,
    /// Required (not blank) for a verbeteractie.
    pub eigenaar: String,
    /// jjjj-mm-dd.
    #[schema(format = Date)]
    pub deadline: Option<String>,
    #[schema(pattern = "^(open|loopt|gereed|vervallen)$")]
    pub status: String,
    pub indicator: Option<String>,
    pub streefwaarde: Option<f64>,
    /// The account that owns the action (sees it under "Mijn acties", updates its status).
    #[serde(default)]
    pub eigenaar_login: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct Actie {
    pub id: i64,
    pub sessie_id: Option<i64>,
    pub soort: String,
    pub titel: String,
    pub omschrijving: String,
    pub eigenaar: String,
    pub deadline: Option<String>,
    pub status: String,
    pub indicator: Option<String>,
    pub streefwaarde: Option<f64>,
    #[serde(default)]
    pub eigenaar_login: Option<String>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
    pub versie: i64,
}

impl Actie {
    /// Still to be done: `open` or `loopt` (not `gereed`, not `vervallen`).
    pub fn is_lopend(&self) -> bool {
        ACTIE_LOPEND.contains(&self.status.as_str())
    }

    /// Lopend with a deadline before `datum` (`yyyy-mm-dd`).
    pub fn te_laat_op(&self, datum: &str) -> bool {
        self.is_lopend() && self.deadline.as_deref().is_some_and(|d| d < datum)
    }

    /// The action as entered, to change it (e.g. its status) with [`Store::wijzig_actie`].
    pub fn als_nieuw(&self) -> NieuweActie {
        NieuweActie {
            sessie_id: self.sessie_id,
            soort: self.soort.clone(),
            titel: self.titel.clone(),
            omschrijving: self.omschrijving.clone(),
            eigenaar: self.eigenaar.clone(),
            deadline: self.deadline.clone(),
            status: self.status.clone(),
            indicator: self.indicator.clone(),
            streefwaarde: self.streefwaarde,
            eigenaar_login: self.eigenaar_login.clone(),
        }
    }
}

/// One row of the history: the whole record before (`None` for an insert) and after.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct Wijziging {
    pub tabel: String,
    pub rij_id: i64,
    pub versie: i64,
    pub wie: String,
    pub wanneer: String,
    #[schema(value_type = Option<Object>)]
    pub oud: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub nieuw: serde_json::Value,
}

/// Filter for [`Store::duidingen`]; `None` is "any". All fields are exact matches.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct DuidingFilter {
    pub sessie_id: Option<i64>,
    pub indicator: Option<String>,
    pub niveau: Option<String>,
    pub code: Option<String>,
    pub periode: Option<String>,
}

/// Filter for [`Store::acties`]; `None` is "any". `status: Some(vec![])` matches nothing.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct ActieFilter {
    pub sessie_id: Option<i64>,
    pub status: Option<Vec<String>>,
    pub indicator: Option<String>,
    pub eigenaar_login: Option<String>,
}

/// A year's PDCA cycle at a glance (for the jaarrapport).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Jaaroverzicht {
    pub jaar: i32,
    /// Sessions whose `datum` is in the year, oldest first.
    pub sessies: Vec<Sessie>,
    /// Actions of the year by status; all four statuses are present (0 when none). An action
    /// belongs to the year of its session's `datum`, or, outside a session, to the year it
    /// was created in (Dutch time).
    pub acties_per_status: BTreeMap<String, i64>,
    /// Indicator ids (sorted, distinct) with at least one duiding whose `periode` starts
    /// with the year or that was created in the year (Dutch time).
    pub indicatoren: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Collects every problem of one input, so a form can show them all at once.
#[derive(Default)]
struct Controle(Vec<String>);

impl Controle {
    fn niet_leeg(&mut self, veld: &str, waarde: &str) {
        if waarde.trim().is_empty() {
            self.0.push(format!("{veld} is leeg; vul {veld} in"));
        }
    }

    fn keuze(&mut self, veld: &str, waarde: &str, toegestaan: &[&str]) {
        if !toegestaan.contains(&waarde) {
            self.0.push(format!(
                "{veld} '{waarde}' is ongeldig; kies uit: {}",
                toegestaan.join(", ")
            ));
        }
    }

    fn datum(&mut self, veld: &str, waarde: &str) {
        if parse_datum(waarde).is_none() {
            self.0.push(format!(
                "{veld} '{waarde}' is geen geldige datum; verwacht jjjj-mm-dd, bijvoorbeeld 2025-03-12"
            ));
        }
    }

    fn release(&mut self, veld: &str, waarde: &str) {
        let geldig = waarde.len() >= 5
            && waarde.starts_with('r')
            && waarde[1..].bytes().all(|b| b.is_ascii_digit());
        if !geldig {
            self.0.push(format!(
                "{veld} '{waarde}' is ongeldig; verwacht een release-id als r0003"
            ));
        }
    }

    fn getal(&mut self, veld: &str, waarde: Option<f64>) {
        if let Some(w) = waarde.filter(|w| !w.is_finite()) {
            self.0.push(format!("{veld} '{w}' is geen eindig getal"));
        }
    }

    fn klaar(self) -> Result<(), StoreFout> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(StoreFout::Ongeldig(self.0.join("; ")))
        }
    }
}

/// A strict `yyyy-mm-dd` date (four-digit year, zero-padded month and day, a real day).
fn parse_datum(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let vorm = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !vorm {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn wie_ok(wie: &str) -> Result<(), StoreFout> {
    let mut c = Controle::default();
    c.niet_leeg("wie (de gebruiker)", wie);
    c.klaar()
}

fn uitsplitsing(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        "totaal".to_string()
    } else {
        s.to_string()
    }
}

fn schoon_sessie(s: &NieuweSessie, status: &str) -> Result<NieuweSessie, StoreFout> {
    let s = NieuweSessie {
        datum: s.datum.trim().to_string(),
        titel: s.titel.trim().to_string(),
        deelnemers: s.deelnemers.clone(),
        release_id: s.release_id.trim().to_string(),
        uitgenodigd: {
            let mut v: Vec<String> = s
                .uitgenodigd
                .iter()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            v.sort();
            v.dedup();
            v
        },
        agenda: s
            .agenda
            .iter()
            .map(|p| Agendapunt {
                indicator: p.indicator.trim().to_string(),
                niveau: p.niveau.trim().to_string(),
                code: p.code.trim().to_string(),
                uitsplitsing: uitsplitsing(&p.uitsplitsing),
                periode: p.periode.trim().to_string(),
                toelichting: p.toelichting.clone(),
            })
            .collect(),
    };
    let mut c = Controle::default();
    c.datum("datum", &s.datum);
    c.niet_leeg("titel", &s.titel);
    c.release("release_id", &s.release_id);
    c.keuze("status", status, &SESSIE_STATUSSEN);
    for (i, p) in s.agenda.iter().enumerate() {
        let n = i + 1;
        c.niet_leeg(&format!("agendapunt {n}: indicator"), &p.indicator);
        c.keuze(&format!("agendapunt {n}: niveau"), &p.niveau, &NIVEAUS);
        c.niet_leeg(&format!("agendapunt {n}: code"), &p.code);
        c.niet_leeg(&format!("agendapunt {n}: periode"), &p.periode);
    }
    c.klaar()?;
    Ok(s)
}

fn schoon_duiding(d: &NieuweDuiding) -> Result<NieuweDuiding, StoreFout> {
    let d = NieuweDuiding {
        sessie_id: d.sessie_id,
        indicator: d.indicator.trim().to_string(),
        niveau: d.niveau.trim().to_string(),
        code: d.code.trim().to_string(),
        uitsplitsing: uitsplitsing(&d.uitsplitsing),
        periode: d.periode.trim().to_string(),
        release_id: d.release_id.trim().to_string(),
        waarde_toen: d.waarde_toen,
        tekst: d.tekst.clone(),
    };
    let mut c = Controle::default();
    c.niet_leeg("indicator", &d.indicator);
    c.keuze("niveau", &d.niveau, &NIVEAUS);
    c.niet_leeg("code", &d.code);
    c.niet_leeg("periode", &d.periode);
    c.release("release_id", &d.release_id);
    c.getal("waarde_toen", d.waarde_toen);
    c.niet_leeg("tekst", &d.tekst);
    c.klaar()?;
    Ok(d)
}

fn schoon_actie(a: &NieuweActie) -> Result<NieuweActie, StoreFout> {
    let a = NieuweActie {
        sessie_id: a.sessie_id,
        soort: a.soort.trim().to_string(),
        titel: a.titel.trim().to_string(),
        omschrijving: a.omschrijving.clone(),
        eigenaar: a.eigenaar.trim().to_string(),
        deadline: a
            .deadline
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        status: a.status.trim().to_string(),
        indicator: a
            .indicator
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(str::to_string),
        streefwaarde: a.streefwaarde,
        eigenaar_login: a
            .eigenaar_login
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string),
    };
    let mut c = Controle::default();
    c.keuze("soort", &a.soort, &ACTIE_SOORTEN);
    c.niet_leeg("titel", &a.titel);
    if a.soort == "verbeteractie" {
        c.niet_leeg("eigenaar (verplicht bij een verbeteractie)", &a.eigenaar);
    }
    if let Some(d) = &a.deadline {
        c.datum("deadline", d);
    }
    c.keuze("status", &a.status, &ACTIE_STATUSSEN);
    c.getal("streefwaarde", a.streefwaarde);
    c.klaar()?;
    Ok(a)
}

// ---------------------------------------------------------------------------------------------
// Time

/// The UTC instant (in the stored format) at which `datum` begins in the Netherlands.
fn begin_van_dag(datum: NaiveDate) -> String {
    let middernacht = datum.and_hms_opt(0, 0, 0).expect("middernacht bestaat");
    let utc = match Amsterdam.from_local_datetime(&middernacht).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&middernacht),
    };
    utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// "om 14:02" (today) or "op 12-03-2025 om 14:02", Dutch time; the raw text if unparsable.
pub fn tijdstip_nl(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let t = t.with_timezone(&Amsterdam);
            let vandaag = Utc::now().with_timezone(&Amsterdam).date_naive();
            if t.date_naive() == vandaag {
                t.format("om %H:%M").to_string()
            } else {
                t.format("op %d-%m-%Y om %H:%M").to_string()
            }
        }
        Err(_) => format!("op {rfc3339}"),
    }
}

/// A moment in Dutch time with its date, for documents that outlive the day:
/// `12-03-2026 om 15:10`.
pub fn tijdstip_volledig(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t
            .with_timezone(&Amsterdam)
            .format("%d-%m-%Y om %H:%M")
            .to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows

const SESSIE_KOLOMMEN: &str = "id, datum, titel, deelnemers, release_id, status, \
     aangemaakt_door, aangemaakt_op, gewijzigd_op, versie";
const DUIDING_KOLOMMEN: &str = "id, sessie_id, indicator, niveau, code, uitsplitsing, periode, \
     release_id, waarde_toen, tekst, auteur, aangemaakt_op, gewijzigd_op, versie";
const ACTIE_KOLOMMEN: &str = "id, sessie_id, soort, titel, omschrijving, eigenaar, deadline, \
     status, indicator, streefwaarde, eigenaar_login, aangemaakt_op, gewijzigd_op, versie";

fn sessie_uit(r: &SqliteRow) -> Result<Sessie, sqlx::Error> {
    Ok(Sessie {
        id: r.try_get("id")?,
        datum: r.try_get("datum")?,
        titel: r.try_get("titel")?,
        deelnemers: r.try_get("deelnemers")?,
        release_id: r.try_get("release_id")?,
        status: r.try_get("status")?,
        agenda: Vec::new(),
        uitgenodigd: Vec::new(),
        aangemaakt_door: r.try_get("aangemaakt_door")?,
        aangemaakt_op: r.try_get("aangemaakt_op")?,
        gewijzigd_op: r.try_get("gewijzigd_op")?,
        versie: r.try_get("versie")?,
    })
}

fn agendapunt_uit(r: &SqliteRow) -> Result<Agendapunt, sqlx::Error> {
    Ok(Agendapunt {
        indicator: r.try_get("indicator")?,
        niveau: r.try_get("niveau")?,
        code: r.try_get("code")?,
        uitsplitsing: r.try_get("uitsplitsing")?,
        periode: r.try_get("periode")?,
        toelichting: r.try_get("toelichting")?,
    })
}

fn duiding_uit(r: &SqliteRow) -> Result<Duiding, sqlx::Error> {
    Ok(Duiding {
        id: r.try_get("id")?,
        sessie_id: r.try_get("sessie_id")?,
        indicator: r.try_get("indicator")?,
        niveau: r.try_get("niveau")?,
        code: r.try_get("code")?,
        uitsplitsing: r.try_get("uitsplitsing")?,
        periode: r.try_get("periode")?,
        release_id: r.try_get("release_id")?,
        waarde_toen: r.try_get("waarde_toen")?,
        tekst: r.try_get("tekst")?,
        auteur: r.try_get("auteur")?,
        aangemaakt_op: r.try_get("aangemaakt_op")?,
        gewijzigd_op: r.try_get("gewijzigd_op")?,
        versie: r.try_get("versie")?,
    })
}

fn actie_uit(r: &SqliteRow) -> Result<Actie, sqlx::Error> {
    Ok(Actie {
        id: r.try_get("id")?,
        sessie_id: r.try_get("sessie_id")?,
        soort: r.try_get("soort")?,
        titel: r.try_get("titel")?,
        omschrijving: r.try_get("omschrijving")?,
        eigenaar: r.try_get("eigenaar")?,
        deadline: r.try_get("deadline")?,
        status: r.try_get("status")?,
        indicator: r.try_get("indicator")?,
        streefwaarde: r.try_get("streefwaarde")?,
        eigenaar_login: r.try_get("eigenaar_login")?,
        aangemaakt_op: r.try_get("aangemaakt_op")?,
        gewijzigd_op: r.try_get("gewijzigd_op")?,
        versie: r.try_get("versie")?,
    })
}

async fn lees_agenda(
    c: &mut SqliteConnection,
    sessie_id: i64,
) -> Result<Vec<Agendapunt>, StoreFout> {
    let rijen = sqlx::query(
        "SELECT indicator, niveau, code, uitsplitsing, periode, toelichting \
         FROM agendapunten WHERE sessie_id = ? ORDER BY volgorde",
    )
    .bind(sessie_id)
    .fetch_all(&mut *c)
    .await?;
    Ok(rijen.iter().map(agendapunt_uit).collect::<Result<_, _>>()?)
}

async fn lees_uitgenodigd(
    c: &mut SqliteConnection,
    sessie_id: i64,
) -> Result<Vec<String>, StoreFout> {
    Ok(
        sqlx::query_scalar(
            "SELECT login FROM sessie_deelnemers WHERE sessie_id = ? ORDER BY login",
        )
        .bind(sessie_id)
        .fetch_all(&mut *c)
        .await?,
    )
}

/// Replaces a session's invited accounts (part of the session, like its agenda).
async fn schrijf_uitgenodigd(
    c: &mut SqliteConnection,
    sessie_id: i64,
    logins: &[String],
) -> Result<(), StoreFout> {
    sqlx::query("DELETE FROM sessie_deelnemers WHERE sessie_id = ?")
        .bind(sessie_id)
        .execute(&mut *c)
        .await?;
    for l in logins {
        sqlx::query("INSERT INTO sessie_deelnemers (sessie_id, login) VALUES (?, ?)")
            .bind(sessie_id)
            .bind(l)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

async fn lees_sessie(c: &mut SqliteConnection, id: i64) -> Result<Option<Sessie>, StoreFout> {
    let rij = sqlx::query(&format!(
        "SELECT {SESSIE_KOLOMMEN} FROM sessies WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    let Some(rij) = rij else { return Ok(None) };
    let mut s = sessie_uit(&rij)?;
    s.agenda = lees_agenda(c, id).await?;
    s.uitgenodigd = lees_uitgenodigd(c, id).await?;
    Ok(Some(s))
}

/// Sessions (with their agenda) from `SELECT {SESSIE_KOLOMMEN} FROM sessies ...`.
async fn lees_sessies(
    c: &mut SqliteConnection,
    sql: &str,
    jaar: Option<String>,
) -> Result<Vec<Sessie>, StoreFout> {
    let mut q = sqlx::query(sql);
    if let Some(j) = jaar {
        q = q.bind(j);
    }
    let rijen = q.fetch_all(&mut *c).await?;
    let mut sessies = Vec::with_capacity(rijen.len());
    for r in &rijen {
        let mut s = sessie_uit(r)?;
        s.agenda = lees_agenda(c, s.id).await?;
        s.uitgenodigd = lees_uitgenodigd(c, s.id).await?;
        sessies.push(s);
    }
    Ok(sessies)
}

async fn lees_duiding(c: &mut SqliteConnection, id: i64) -> Result<Option<Duiding>, StoreFout> {
    let rij = sqlx::query(&format!(
        "SELECT {DUIDING_KOLOMMEN} FROM duidingen WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    Ok(rij.as_ref().map(duiding_uit).transpose()?)
}

async fn lees_actie(c: &mut SqliteConnection, id: i64) -> Result<Option<Actie>, StoreFout> {
    let rij = sqlx::query(&format!("SELECT {ACTIE_KOLOMMEN} FROM acties WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
    Ok(rij.as_ref().map(actie_uit).transpose()?)
}

async fn sessie_bestaat(c: &mut SqliteConnection, id: Option<i64>) -> Result<(), StoreFout> {
    if let Some(id) = id {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sessies WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *c)
            .await?;
        if n == 0 {
            return Err(StoreFout::NietGevonden { wat: "sessie", id });
        }
    }
    Ok(())
}

async fn schrijf_agenda(
    c: &mut SqliteConnection,
    sessie_id: i64,
    agenda: &[Agendapunt],
) -> Result<(), StoreFout> {
    for (i, p) in agenda.iter().enumerate() {
        sqlx::query(
            "INSERT INTO agendapunten \
             (sessie_id, volgorde, indicator, niveau, code, uitsplitsing, periode, toelichting) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(sessie_id)
        .bind(i as i64 + 1)
        .bind(&p.indicator)
        .bind(&p.niveau)
        .bind(&p.code)
        .bind(&p.uitsplitsing)
        .bind(&p.periode)
        .bind(&p.toelichting)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Writes the history row of one insert (`oud` None) or update.
#[allow(clippy::too_many_arguments)]
async fn schrijf_geschiedenis<T: Serialize>(
    c: &mut SqliteConnection,
    tabel: &str,
    rij_id: i64,
    versie: i64,
    wie: &str,
    wanneer: &str,
    oud: Option<&T>,
    nieuw: &T,
) -> Result<(), StoreFout> {
    let oud = oud.map(serde_json::to_string).transpose()?;
    let nieuw = serde_json::to_string(nieuw)?;
    sqlx::query(
        "INSERT INTO geschiedenis (tabel, rij_id, versie, wie, wanneer, oud, nieuw) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tabel)
    .bind(rij_id)
    .bind(versie)
    .bind(wie)
    .bind(wanneer)
    .bind(oud)
    .bind(nieuw)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// The refusal of a stale edit: who made the version that is stored now, and when.
async fn verouderd(
    c: &mut SqliteConnection,
    wat: &'static str,
    tabel: &str,
    id: i64,
    jouw_versie: i64,
    huidige_versie: i64,
    gewijzigd_op: String,
) -> StoreFout {
    let door = sqlx::query_scalar::<_, String>(
        "SELECT wie FROM geschiedenis WHERE tabel = ? AND rij_id = ? AND versie = ?",
    )
    .bind(tabel)
    .bind(id)
    .bind(huidige_versie)
    .fetch_optional(&mut *c)
    .await
    .ok()
    .flatten()
    .unwrap_or_else(|| "onbekend".to_string());
    StoreFout::Verouderd {
        wat,
        id,
        jouw_versie,
        huidige_versie,
        door,
        op: gewijzigd_op,
    }
}

// ---------------------------------------------------------------------------------------------
// The interface

impl Store {
    /// Starts a write transaction that holds SQLite's single write lock from its first
    /// statement (`BEGIN IMMEDIATE`): a writer waits (busy_timeout) for another instead of
    /// failing when a read transaction cannot be upgraded.
    async fn schrijf(&self) -> Result<sqlx::Transaction<'static, Sqlite>, StoreFout> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Creates a session (status `gepland`, versie 1) with its agenda.
    pub async fn maak_sessie(&self, wie: &str, s: &NieuweSessie) -> Result<Sessie, StoreFout> {
        wie_ok(wie)?;
        let s = schoon_sessie(s, "gepland")?;
        let tijd = crate::nu();
        let mut tx = self.schrijf().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sessies (datum, titel, deelnemers, release_id, status, \
             aangemaakt_door, aangemaakt_op, gewijzigd_op, versie) \
             VALUES (?, ?, ?, ?, 'gepland', ?, ?, ?, 1) RETURNING id",
        )
        .bind(&s.datum)
        .bind(&s.titel)
        .bind(&s.deelnemers)
        .bind(&s.release_id)
        .bind(wie)
        .bind(&tijd)
        .bind(&tijd)
        .fetch_one(&mut *tx)
        .await?;
        schrijf_agenda(&mut tx, id, &s.agenda).await?;
        schrijf_uitgenodigd(&mut tx, id, &s.uitgenodigd).await?;
        let nieuw = lees_sessie(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "sessie", id })?;
        schrijf_geschiedenis::<Sessie>(&mut tx, "sessies", id, 1, wie, &tijd, None, &nieuw).await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    pub async fn sessie(&self, id: i64) -> Result<Option<Sessie>, StoreFout> {
        let mut c = self.pool.acquire().await?;
        lees_sessie(&mut c, id).await
    }

    /// All sessions, newest `datum` first (then newest id).
    pub async fn sessies(&self) -> Result<Vec<Sessie>, StoreFout> {
        let mut c = self.pool.acquire().await?;
        let sql = format!("SELECT {SESSIE_KOLOMMEN} FROM sessies ORDER BY datum DESC, id DESC");
        lees_sessies(&mut c, &sql, None).await
    }

    /// Replaces a session's fields, agenda and status, if `versie` is still the stored one.
    pub async fn wijzig_sessie(
        &self,
        wie: &str,
        id: i64,
        versie: i64,
        s: &NieuweSessie,
        status: &str,
    ) -> Result<Sessie, StoreFout> {
        wie_ok(wie)?;
        let s = schoon_sessie(s, status.trim())?;
        let status = status.trim();
        let tijd = crate::nu();
        let mut tx = self.schrijf().await?;
        let oud = lees_sessie(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "sessie", id })?;
        let n = sqlx::query(
            "UPDATE sessies SET datum = ?, titel = ?, deelnemers = ?, release_id = ?, status = ?, \
             gewijzigd_op = ?, versie = versie + 1 WHERE id = ? AND versie = ?",
        )
        .bind(&s.datum)
        .bind(&s.titel)
        .bind(&s.deelnemers)
        .bind(&s.release_id)
        .bind(status)
        .bind(&tijd)
        .bind(id)
        .bind(versie)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(verouderd(
                &mut tx,
                "sessie",
                "sessies",
                id,
                versie,
                oud.versie,
                oud.gewijzigd_op,
            )
            .await);
        }
        sqlx::query("DELETE FROM agendapunten WHERE sessie_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        schrijf_agenda(&mut tx, id, &s.agenda).await?;
        schrijf_uitgenodigd(&mut tx, id, &s.uitgenodigd).await?;
        let nieuw = lees_sessie(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "sessie", id })?;
        schrijf_geschiedenis(
            &mut tx,
            "sessies",
            id,
            nieuw.versie,
            wie,
            &tijd,
            Some(&oud),
            &nieuw,
        )
        .await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    /// Adds a duiding by `wie` (its auteur), versie 1.
    pub async fn voeg_duiding_toe(
        &self,
        wie: &str,
        d: &NieuweDuiding,
    ) -> Result<Duiding, StoreFout> {
        wie_ok(wie)?;
        let d = schoon_duiding(d)?;
        let tijd = crate::nu();
        let mut tx = self.schrijf().await?;
        sessie_bestaat(&mut tx, d.sessie_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO duidingen (sessie_id, indicator, niveau, code, uitsplitsing, periode, \
             release_id, waarde_toen, tekst, auteur, aangemaakt_op, gewijzigd_op, versie) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        )
        .bind(d.sessie_id)
        .bind(&d.indicator)
        .bind(&d.niveau)
        .bind(&d.code)
        .bind(&d.uitsplitsing)
        .bind(&d.periode)
        .bind(&d.release_id)
        .bind(d.waarde_toen)
        .bind(&d.tekst)
        .bind(wie)
        .bind(&tijd)
        .bind(&tijd)
        .fetch_one(&mut *tx)
        .await?;
        let nieuw = lees_duiding(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "duiding", id })?;
        schrijf_geschiedenis::<Duiding>(&mut tx, "duidingen", id, 1, wie, &tijd, None, &nieuw)
            .await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    /// Replaces a duiding's text, if `versie` is still the stored one. The auteur stays the
    /// original author; who edited is in the history.
    pub async fn wijzig_duiding(
        &self,
        wie: &str,
        id: i64,
        versie: i64,
        tekst: &str,
    ) -> Result<Duiding, StoreFout> {
        wie_ok(wie)?;
        let mut c = Controle::default();
        c.niet_leeg("tekst", tekst);
        c.klaar()?;
        let tijd = crate::nu();
        let mut tx = self.schrijf().await?;
        let oud = lees_duiding(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "duiding", id })?;
        let n = sqlx::query(
            "UPDATE duidingen SET tekst = ?, gewijzigd_op = ?, versie = versie + 1 \
             WHERE id = ? AND versie = ?",
        )
        .bind(tekst)
        .bind(&tijd)
        .bind(id)
        .bind(versie)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(verouderd(
                &mut tx,
                "duiding",
                "duidingen",
                id,
                versie,
                oud.versie,
                oud.gewijzigd_op,
            )
            .await);
        }
        let nieuw = lees_duiding(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "duiding", id })?;
        schrijf_geschiedenis(
            &mut tx,
            "duidingen",
            id,
            nieuw.versie,
            wie,
            &tijd,
            Some(&oud),
            &nieuw,
        )
        .await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    /// Duidingen matching the filter, newest first.
    pub async fn duidingen(&self, f: &DuidingFilter) -> Result<Vec<Duiding>, StoreFout> {
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {DUIDING_KOLOMMEN} FROM duidingen WHERE 1 = 1"
        ));
        if let Some(s) = f.sessie_id {
            q.push(" AND sessie_id = ").push_bind(s);
        }
        for (kolom, waarde) in [
            ("indicator", &f.indicator),
            ("niveau", &f.niveau),
            ("code", &f.code),
            ("periode", &f.periode),
        ] {
            if let Some(w) = waarde {
                q.push(format!(" AND {kolom} = ")).push_bind(w.clone());
            }
        }
        q.push(" ORDER BY aangemaakt_op DESC, id DESC");
        let rijen = q.build().fetch_all(&self.pool).await?;
        Ok(rijen.iter().map(duiding_uit).collect::<Result<_, _>>()?)
    }

    /// The most recently written duiding on this figure (any uitsplitsing), if any.
    pub async fn laatste_duiding(
        &self,
        indicator: &str,
        niveau: &str,
        code: &str,
        periode: &str,
    ) -> Result<Option<Duiding>, StoreFout> {
        let rij = sqlx::query(&format!(
            "SELECT {DUIDING_KOLOMMEN} FROM duidingen \
             WHERE indicator = ? AND niveau = ? AND code = ? AND periode = ? \
             ORDER BY aangemaakt_op DESC, id DESC LIMIT 1"
        ))
        .bind(indicator)
        .bind(niveau)
        .bind(code)
        .bind(periode)
        .fetch_optional(&self.pool)
        .await?;
        Ok(rij.as_ref().map(duiding_uit).transpose()?)
    }

    /// Adds a besluit or verbeteractie, versie 1.
    pub async fn voeg_actie_toe(&self, wie: &str, a: &NieuweActie) -> Result<Actie, StoreFout> {
        wie_ok(wie)?;
        let a = schoon_actie(a)?;
        let tijd = crate::nu();
        let mut tx = self.schrijf().await?;
        sessie_bestaat(&mut tx, a.sessie_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO acties (sessie_id, soort, titel, omschrijving, eigenaar, deadline, status, \
             indicator, streefwaarde, eigenaar_login, aangemaakt_op, gewijzigd_op, versie) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        )
        .bind(a.sessie_id)
        .bind(&a.soort)
        .bind(&a.titel)
        .bind(&a.omschrijving)
        .bind(&a.eigenaar)
        .bind(&a.deadline)
        .bind(&a.status)
        .bind(&a.indicator)
        .bind(a.streefwaarde)
        .bind(&a.eigenaar_login)
        .bind(&tijd)
        .bind(&tijd)
        .fetch_one(&mut *tx)
        .await?;
        let nieuw = lees_actie(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "actie", id })?;
        schrijf_geschiedenis::<Actie>(&mut tx, "acties", id, 1, wie, &tijd, None, &nieuw).await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    /// Replaces all fields of an action (including `sessie_id`), if `versie` is still the
    /// stored one. An action is never deleted: set its status to `vervallen`.
    pub async fn wijzig_actie(
        &self,
        wie: &str,
        id: i64,
        versie: i64,
        a: &NieuweActie,
    ) -> Result<Actie, StoreFout> {
        wie_ok(wie)?;
        let a = schoon_actie(a)?;
        let tijd = crate::nu();
        let mut tx = self.schrijf().await?;
        let oud = lees_actie(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "actie", id })?;
        sessie_bestaat(&mut tx, a.sessie_id).await?;
        let n = sqlx::query(
            "UPDATE acties SET sessie_id = ?, soort = ?, titel = ?, omschrijving = ?, eigenaar = ?, \
             deadline = ?, status = ?, indicator = ?, streefwaarde = ?, eigenaar_login = ?, \
             gewijzigd_op = ?, versie = versie + 1 WHERE id = ? AND versie = ?",
        )
        .bind(a.sessie_id)
        .bind(&a.soort)
        .bind(&a.titel)
        .bind(&a.omschrijving)
        .bind(&a.eigenaar)
        .bind(&a.deadline)
        .bind(&a.status)
        .bind(&a.indicator)
        .bind(a.streefwaarde)
        .bind(&a.eigenaar_login)
        .bind(&tijd)
        .bind(id)
        .bind(versie)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(verouderd(
                &mut tx,
                "actie",
                "acties",
                id,
                versie,
                oud.versie,
                oud.gewijzigd_op,
            )
            .await);
        }
        let nieuw = lees_actie(&mut tx, id)
            .await?
            .ok_or(StoreFout::NietGevonden { wat: "actie", id })?;
        schrijf_geschiedenis(
            &mut tx,
            "acties",
            id,
            nieuw.versie,
            wie,
            &tijd,
            Some(&oud),
            &nieuw,
        )
        .await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    /// Actions matching the filter, by deadline (no deadline last), then id.
    pub async fn actie(&self, id: i64) -> Result<Option<Actie>, StoreFout> {
        let mut c = self.pool.acquire().await?;
        lees_actie(&mut c, id).await
    }

    pub async fn duiding(&self, id: i64) -> Result<Option<Duiding>, StoreFout> {
        let mut c = self.pool.acquire().await?;
        lees_duiding(&mut c, id).await
    }

    pub async fn acties(&self, f: &ActieFilter) -> Result<Vec<Actie>, StoreFout> {
        if let Some(statussen) = &f.status {
            let mut c = Controle::default();
            for s in statussen {
                c.keuze("status (filter)", s, &ACTIE_STATUSSEN);
            }
            c.klaar()?;
            if statussen.is_empty() {
                return Ok(Vec::new());
            }
        }
        let mut q =
            QueryBuilder::<Sqlite>::new(format!("SELECT {ACTIE_KOLOMMEN} FROM acties WHERE 1 = 1"));
        if let Some(s) = f.sessie_id {
            q.push(" AND sessie_id = ").push_bind(s);
        }
        if let Some(statussen) = &f.status {
            q.push(" AND status IN (");
            let mut lijst = q.separated(", ");
            for s in statussen {
                lijst.push_bind(s.clone());
            }
            q.push(")");
        }
        if let Some(i) = &f.indicator {
            q.push(" AND indicator = ").push_bind(i.clone());
        }
        if let Some(l) = &f.eigenaar_login {
            q.push(" AND eigenaar_login = ").push_bind(l.clone());
        }
        q.push(" ORDER BY deadline IS NULL, deadline, id");
        let rijen = q.build().fetch_all(&self.pool).await?;
        Ok(rijen.iter().map(actie_uit).collect::<Result<_, _>>()?)
    }

    /// The actions to carry forward into session `sessie_id`: status `open` or `loopt`, and
    /// created in an earlier session (earlier `datum`; on the same `datum`, a lower id) or
    /// outside a session before this session's `datum` began (Dutch time). Ordered like
    /// [`Store::acties`].
    pub async fn open_acties_voor(&self, sessie_id: i64) -> Result<Vec<Actie>, StoreFout> {
        let mut c = self.pool.acquire().await?;
        let datum: Option<String> = sqlx::query_scalar("SELECT datum FROM sessies WHERE id = ?")
            .bind(sessie_id)
            .fetch_optional(&mut *c)
            .await?;
        let Some(datum) = datum else {
            return Err(StoreFout::NietGevonden {
                wat: "sessie",
                id: sessie_id,
            });
        };
        let grens = match parse_datum(&datum) {
            Some(d) => begin_van_dag(d),
            None => datum.clone(),
        };
        let kolommen = ACTIE_KOLOMMEN
            .split(", ")
            .map(|k| format!("a.{k}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rijen = sqlx::query(&format!(
            "SELECT {kolommen} FROM acties a LEFT JOIN sessies s ON s.id = a.sessie_id \
             WHERE a.status IN ('open', 'loopt') \
               AND ((a.sessie_id IS NOT NULL AND (s.datum < ?1 OR (s.datum = ?1 AND s.id < ?2))) \
                 OR (a.sessie_id IS NULL AND a.aangemaakt_op < ?3)) \
             ORDER BY a.deadline IS NULL, a.deadline, a.id"
        ))
        .bind(&datum)
        .bind(sessie_id)
        .bind(&grens)
        .fetch_all(&mut *c)
        .await?;
        Ok(rijen.iter().map(actie_uit).collect::<Result<_, _>>()?)
    }

    /// Every insert and update of one row, oldest first. `tabel` is `sessies`, `duidingen`
    /// or `acties`; an unknown id gives an empty list.
    pub async fn geschiedenis(
        &self,
        tabel: &str,
        rij_id: i64,
    ) -> Result<Vec<Wijziging>, StoreFout> {
        let mut c = Controle::default();
        c.keuze("tabel", tabel, &TABELLEN);
        c.klaar()?;
        let rijen = sqlx::query(
            "SELECT tabel, rij_id, versie, wie, wanneer, oud, nieuw FROM geschiedenis \
             WHERE tabel = ? AND rij_id = ? ORDER BY versie",
        )
        .bind(tabel)
        .bind(rij_id)
        .fetch_all(&self.pool)
        .await?;
        let mut uit = Vec::with_capacity(rijen.len());
        for r in &rijen {
            let oud: Option<String> = r.try_get("oud")?;
            let nieuw: String = r.try_get("nieuw")?;
            uit.push(Wijziging {
                tabel: r.try_get("tabel")?,
                rij_id: r.try_get("rij_id")?,
                versie: r.try_get("versie")?,
                wie: r.try_get("wie")?,
                wanneer: r.try_get("wanneer")?,
                oud: oud.as_deref().map(serde_json::from_str).transpose()?,
                nieuw: serde_json::from_str(&nieuw)?,
            });
        }
        Ok(uit)
    }

    /// The PDCA cycle of one calendar year (see [`Jaaroverzicht`] for what counts).
    pub async fn jaaroverzicht(&self, jaar: i32) -> Result<Jaaroverzicht, StoreFout> {
        let (Some(begin), Some(eind)) = (
            NaiveDate::from_ymd_opt(jaar, 1, 1),
            jaar.checked_add(1)
                .and_then(|j| NaiveDate::from_ymd_opt(j, 1, 1)),
        ) else {
            return Err(StoreFout::Ongeldig(format!("jaar '{jaar}' is ongeldig")));
        };
        let (begin, eind) = (begin_van_dag(begin), begin_van_dag(eind));
        let jaar_tekst = format!("{jaar:04}");
        let mut c = self.pool.acquire().await?;
        let sql = format!(
            "SELECT {SESSIE_KOLOMMEN} FROM sessies WHERE substr(datum, 1, 4) = ? ORDER BY datum, id"
        );
        let sessies = lees_sessies(&mut c, &sql, Some(jaar_tekst.clone())).await?;

        let mut acties_per_status: BTreeMap<String, i64> =
            ACTIE_STATUSSEN.iter().map(|s| (s.to_string(), 0)).collect();
        let tellingen = sqlx::query(
            "SELECT a.status, count(*) AS n FROM acties a LEFT JOIN sessies s ON s.id = a.sessie_id \
             WHERE (a.sessie_id IS NOT NULL AND substr(s.datum, 1, 4) = ?1) \
                OR (a.sessie_id IS NULL AND a.aangemaakt_op >= ?2 AND a.aangemaakt_op < ?3) \
             GROUP BY a.status",
        )
        .bind(&jaar_tekst)
        .bind(&begin)
        .bind(&eind)
        .fetch_all(&mut *c)
        .await?;
        for r in &tellingen {
            acties_per_status.insert(r.try_get("status")?, r.try_get("n")?);
        }

        let indicatoren: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT indicator FROM duidingen \
             WHERE substr(periode, 1, 4) = ?1 OR (aangemaakt_op >= ?2 AND aangemaakt_op < ?3) \
             ORDER BY indicator",
        )
        .bind(&jaar_tekst)
        .bind(&begin)
        .bind(&eind)
        .fetch_all(&mut *c)
        .await?;

        Ok(Jaaroverzicht {
            jaar,
            sessies,
            acties_per_status,
            indicatoren,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_datum("2025-03-12").is_some());
        assert!(parse_datum("2024-02-29").is_some());
        for fout in [
            "2025-3-12",
            "12-03-2025",
            "2025-02-30",
            "2025-03-12 ",
            "",
            "2025/03/12",
        ] {
            assert!(parse_datum(fout).is_none(), "{fout}");
        }
    }

    #[test]
    fn dutch_day_starts_in_utc_the_evening_before() {
        // Winter time (UTC+1) and summer time (UTC+2).
        assert_eq!(
            begin_van_dag(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()),
            "2024-12-31T23:00:00Z"
        );
        assert_eq!(
            begin_van_dag(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()),
            "2025-06-30T22:00:00Z"
        );
        assert_eq!(
            tijdstip_nl("2020-07-01T12:02:00Z"),
            "op 01-07-2020 om 14:02"
        );
    }
}
