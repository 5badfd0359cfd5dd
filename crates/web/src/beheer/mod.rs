//! Administration for the `beheerder` (the route rule of `toegang` lets no other role in):
//! accounts (`/beheer/gebruikers`: list, add, disable) and the audit log (`/beheer/logboek`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use store::Voorval;

use crate::Gedeeld;
use crate::antwoord::PaginaFout;
use crate::dashboard::paginas::{Kop, kop};
use crate::filters::{Filters, Keuze};
use crate::toegang::{self, Rol, Routes, Wie};

/// Account management, the audit log and the upload of deliveries: for the beheerder only.
pub(crate) fn router() -> Routes {
    let beheer = Wie::Rollen(Rol::BEHEER);
    Routes::paginas()
        .get("/beheer/gebruikers", beheer, gebruikers)
        .post("/beheer/gebruikers", beheer, gebruiker_toevoegen)
        .post(
            "/beheer/gebruikers/uitschakelen",
            beheer,
            gebruiker_uitschakelen,
        )
        .get("/beheer/logboek", beheer, logboek)
        .get("/beheer/levering", beheer, levering)
        .post("/beheer/levering", beheer, levering_inlezen)
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer_gebruikers.html")]
pub struct GebruikersPagina {
    pub kop: Kop,
    /// The logged-in administrator (who cannot disable their own account).
    pub ik: String,
    pub gebruikers: Vec<store::Gebruiker>,
    pub rollen: Vec<&'static str>,
    pub gemeenten: Vec<(String, String)>,
    pub melding: Option<String>,
    /// A password made for a new account, shown once.
    pub wachtwoord: Option<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer_logboek.html")]
pub struct LogboekPagina {
    pub kop: Kop,
    pub regels: Vec<store::Gebeurtenis>,
    pub wie: String,
}

fn kop_van(s: &crate::Staat, actief: &'static str) -> Result<Kop, Response> {
    // Accounts and the upload work before the first release (a region that starts empty).
    if !s.heeft_release() {
        return Ok(crate::dashboard::paginas::kop_zonder_release(s, actief));
    }
    let f = Filters::default();
    let r = crate::antwoord::release(s, &f)?;
    let k = Keuze::maak(s, &r, &f);
    Ok(kop(s, &r, &k, actief))
}

fn winkel(s: &crate::Staat) -> Result<&store::Store, Response> {
    s.store.as_ref().ok_or_else(|| {
        crate::antwoord::fout(
            StatusCode::SERVICE_UNAVAILABLE,
            "Database niet beschikbaar",
            "Het beheer van accounts vraagt de database; die is niet geopend.",
        )
    })
}

async fn gebruikerspagina(
    s: &crate::Staat,
    melding: Option<String>,
    wachtwoord: Option<(String, String)>,
) -> Response {
    let (kop, st) = match (kop_van(s, "beheer"), winkel(s)) {
        (Ok(k), Ok(st)) => (k, st),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let gebruikers = match st.gebruikers().await {
        Ok(g) => g
            .into_iter()
            .map(|mut g| {
                g.aangemaakt = store::pdca::tijdstip_volledig(&g.aangemaakt);
                g
            })
            .collect(),
        Err(e) => {
            return crate::antwoord::fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Databasefout",
                &e.to_string(),
            );
        }
    };
    GebruikersPagina {
        kop,
        ik: toegang::huidige().map(|g| g.login).unwrap_or_default(),
        gebruikers,
        rollen: store::ROLLEN.to_vec(),
        gemeenten: s
            .regio
            .gemeenten
            .iter()
            .map(|g| (g.code.to_string(), g.naam.clone()))
            .collect(),
        melding,
        wachtwoord,
    }
    .into_response()
}

pub(crate) async fn gebruikers(State(s): State<Gedeeld>) -> Response {
    gebruikerspagina(&s, None, None).await
}

#[derive(Deserialize)]
pub struct NieuwAccount {
    pub login: String,
    pub naam: String,
    pub rol: String,
    #[serde(default)]
    pub gemeente: String,
    #[serde(default)]
    pub aanbieder: String,
}

/// Adds an account with a new password, shown once on the page.
pub(crate) async fn gebruiker_toevoegen(
    State(s): State<Gedeeld>,
    axum::Form(f): axum::Form<NieuwAccount>,
) -> Response {
    let Some(door) = toegang::huidige() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let st = match winkel(&s) {
        Ok(st) => st,
        Err(e) => return e,
    };
    let gemeenten: Vec<String> = if f.rol == "gemeente" {
        f.gemeente
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(|g| {
                model::GemeenteCode::parse(g)
                    .map(|c| c.to_string())
                    .unwrap_or_else(|_| g.to_string())
            })
            .collect()
    } else {
        vec![]
    };
    let aanbieder = if f.rol == "aanbieder" {
        f.aanbieder.trim().to_string()
    } else {
        String::new()
    };
    let wachtwoord = toegang::nieuw_wachtwoord();
    let w = wachtwoord.clone();
    let hash = match tokio::task::spawn_blocking(move || toegang::hash_wachtwoord(&w)).await {
        Ok(Ok(h)) => h,
        _ => {
            return gebruikerspagina(
                &s,
                Some("Het wachtwoord kon niet worden versleuteld.".into()),
                None,
            )
            .await;
        }
    };
    let nieuw = store::NieuweGebruiker {
        login: f.login.trim().to_string(),
        naam: f.naam.trim().to_string(),
        rol: f.rol.clone(),
        gemeenten,
        aanbieder,
        wachtwoord_hash: hash,
    };
    match st.gebruiker_toevoegen(&nieuw, &door.login).await {
        Ok(g) => {
            gebruikerspagina(
                &s,
                Some(format!("Account {} aangemaakt met rol {}.", g.login, g.rol)),
                Some((g.login, wachtwoord)),
            )
            .await
        }
        Err(e) => gebruikerspagina(&s, Some(format!("Niet aangemaakt: {e}")), None).await,
    }
}

#[derive(Deserialize)]
pub struct Uitschakelen {
    pub login: String,
}

pub(crate) async fn gebruiker_uitschakelen(
    State(s): State<Gedeeld>,
    axum::Form(f): axum::Form<Uitschakelen>,
) -> Response {
    let Some(door) = toegang::huidige() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if door.login.eq_ignore_ascii_case(&f.login) {
        return gebruikerspagina(
            &s,
            Some("U kunt uw eigen account niet uitschakelen.".into()),
            None,
        )
        .await;
    }
    let st = match winkel(&s) {
        Ok(st) => st,
        Err(e) => return e,
    };
    match st.gebruiker_uitschakelen(&f.login, &door.login).await {
        Ok(()) => Redirect::to("/beheer/gebruikers").into_response(),
        Err(e) => gebruikerspagina(&s, Some(format!("Niet uitgeschakeld: {e}")), None).await,
    }
}

#[derive(Deserialize, Default)]
pub struct LogFilter {
    #[serde(default)]
    pub wie: String,
}

pub(crate) async fn logboek(State(s): State<Gedeeld>, Query(q): Query<LogFilter>) -> Response {
    let (kop, st) = match (kop_van(&s, "beheer"), winkel(&s)) {
        (Ok(k), Ok(st)) => (k, st),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let regels = match st.logboek(1000).await {
        Ok(r) => r,
        Err(e) => {
            return crate::antwoord::fout(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Databasefout",
                &e.to_string(),
            );
        }
    };
    let wie = q.wie.trim().to_string();
    let regels = regels
        .into_iter()
        .filter(|r| wie.is_empty() || r.wie.eq_ignore_ascii_case(&wie))
        .map(|mut r| {
            r.tijd = store::pdca::tijdstip_volledig(&r.tijd);
            r
        })
        .collect();
    LogboekPagina { kop, regels, wie }.into_response()
}

// ---------------------------------------------------------------- deliveries through the web

/// One delivered file in the upload report.
pub struct LeveringRij {
    pub naam: String,
    pub tabel: String,
    pub status: String,
    pub gelezen: u64,
    pub geladen: u64,
    pub afgewezen: u64,
    pub fout: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer_levering.html")]
pub struct LeveringPagina {
    pub kop: Kop,
    pub max_mb: usize,
    pub melding: Option<String>,
    pub rijen: Vec<LeveringRij>,
    pub afwijzingen: Vec<(String, String, u64, String)>,
}

fn leveringpagina(
    s: &crate::Staat,
    melding: Option<String>,
    rijen: Vec<LeveringRij>,
    afwijzingen: Vec<(String, String, u64, String)>,
) -> Response {
    match kop_van(s, "beheer") {
        Ok(kop) => LeveringPagina {
            kop,
            max_mb: crate::grenzen::MAX_LEVERING / (1024 * 1024),
            melding,
            rijen,
            afwijzingen,
        }
        .into_response(),
        Err(e) => e,
    }
}

pub(crate) async fn levering(State(s): State<Gedeeld>) -> Response {
    leveringpagina(&s, None, vec![], vec![])
}

/// The upload report, one row per uploaded file, message type and status: the thousands of
/// messages in a zip of iJw traffic are counted together (the name says how many), while a
/// file or message with an error keeps a row of its own, so every reason stays visible.
fn samengevat(verslagen: &[pipeline::Bestandsverslag]) -> Vec<LeveringRij> {
    let mut rijen: Vec<(usize, LeveringRij)> = Vec::new();
    let mut plaats: std::collections::HashMap<(String, String, String), usize> =
        std::collections::HashMap::new();
    for v in verslagen {
        let tabel = v.tabel.clone().unwrap_or_default();
        let rij = LeveringRij {
            naam: v.naam.clone(),
            tabel: tabel.clone(),
            status: v.status.clone(),
            gelezen: v.rijen_gelezen,
            geladen: v.rijen_geladen,
            afgewezen: v.rijen_afgewezen,
            fout: v.fout.clone().unwrap_or_default(),
        };
        // Only what came out of an archive is counted together: `archief.zip/map/bericht.xml`.
        let archief = v.naam.split_once(".zip/").map(|(a, _)| format!("{a}.zip"));
        match archief {
            Some(a) if rij.fout.is_empty() => {
                let sleutel = (a.clone(), tabel, rij.status.clone());
                if let Some(&i) = plaats.get(&sleutel) {
                    let (n, s) = &mut rijen[i];
                    *n += 1;
                    s.gelezen += rij.gelezen;
                    s.geladen += rij.geladen;
                    s.afgewezen += rij.afgewezen;
                } else {
                    plaats.insert(sleutel, rijen.len());
                    rijen.push((1, LeveringRij { naam: a, ..rij }));
                }
            }
            _ => rijen.push((0, rij)),
        }
    }
    rijen
        .into_iter()
        .map(|(n, mut r)| {
            if n > 0 {
                r.naam = format!(
                    "{} ({} {})",
                    r.naam,
                    model::getal::nl(n as f64, 0),
                    if n == 1 { "bericht" } else { "berichten" }
                );
            }
            r
        })
        .collect()
}

/// A file name as delivered, when it is a plain name (no folder, no hidden file).
fn veilige_naam(n: &str) -> Option<String> {
    let n = n.rsplit(['/', '\\']).next()?.trim();
    let ok = !n.is_empty()
        && !n.starts_with('.')
        && n.len() <= 200
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._- ".contains(c));
    ok.then(|| n.to_string())
}

/// `POST /beheer/levering` (multipart, field `bestanden`): the files are written to a fresh
/// folder in the data folder, ingested as one run (a new release, or nothing new), and the
/// server then shows the new release. The same per-file report as the command line.
#[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
pub(crate) async fn levering_inlezen(
    State(s): State<Gedeeld>,
    mut delen: axum::extract::Multipart,
) -> Result<Response, PaginaFout> {
    let Some(door) = toegang::huidige() else {
        return Ok(StatusCode::UNAUTHORIZED.into_response());
    };
    let map = s.data.join(format!(".upload-{}", toegang::willekeurig(8)));
    if let Err(e) = std::fs::create_dir_all(&map) {
        return Ok(leveringpagina(
            &s,
            Some(format!("Uploadmap maken mislukt: {e}")),
            vec![],
            vec![],
        ));
    }
    let opruimen = |m: &std::path::Path| {
        let _ = std::fs::remove_dir_all(m);
    };
    let mut namen = Vec::new();
    loop {
        let veld = match delen.next_field().await {
            Ok(Some(v)) => v,
            Ok(None) => break,
            Err(e) => {
                opruimen(&map);
                return Ok(leveringpagina(
                    &s,
                    Some(format!("Upload afgebroken of te groot: {e}")),
                    vec![],
                    vec![],
                ));
            }
        };
        let Some(naam) = veld.file_name().and_then(veilige_naam) else {
            if veld.file_name().is_some_and(|n| !n.is_empty()) {
                opruimen(&map);
                return Ok(leveringpagina(
                    &s,
                    Some(
                        "Een bestandsnaam mag alleen letters, cijfers, spaties en . _ - bevatten."
                            .into(),
                    ),
                    vec![],
                    vec![],
                ));
            }
            continue;
        };
        match veld.bytes().await {
            Ok(b) => {
                if let Err(e) = std::fs::write(map.join(&naam), &b) {
                    opruimen(&map);
                    return Ok(leveringpagina(
                        &s,
                        Some(format!("{naam}: opslaan mislukt: {e}")),
                        vec![],
                        vec![],
                    ));
                }
                namen.push(naam);
            }
            Err(e) => {
                opruimen(&map);
                return Ok(leveringpagina(
                    &s,
                    Some(format!("{naam}: upload afgebroken of te groot: {e}")),
                    vec![],
                    vec![],
                ));
            }
        }
    }
    if namen.is_empty() {
        opruimen(&map);
        return Ok(leveringpagina(
            &s,
            Some("Kies minstens één bestand.".into()),
            vec![],
            vec![],
        ));
    }
    let (data, regio, invoer) = (s.data.clone(), s.regio.clone(), map.clone());
    let uitkomst = tokio::task::spawn_blocking(move || {
        pipeline::release::ingest(&data, &regio, &[invoer], &mut |_, _, _| {})
    })
    .await;
    opruimen(&map);
    let r = match uitkomst {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            return Ok(leveringpagina(
                &s,
                Some(format!("Inlezen mislukt: {e}")),
                vec![],
                vec![],
            ));
        }
        Err(e) => {
            return Ok(leveringpagina(
                &s,
                Some(format!("Inlezen afgebroken: {e}")),
                vec![],
                vec![],
            ));
        }
    };
    if let Err(e) = s.ververs() {
        tracing::error!("releases opnieuw lezen: {e}");
    }
    let melding = match &r.release {
        Some(m) => format!(
            "Release {} gemaakt uit {} bestand(en); het dashboard toont hem nu.",
            m.id,
            namen.len()
        ),
        None => "Niets nieuws: deze bestanden waren al ingelezen of bevatten geen levering; er is geen nieuwe release.".into(),
    };
    let voorval = Voorval::LeveringIngelezen {
        bestanden: namen.clone(),
        release: r.release.as_ref().map(|m| m.id.clone()),
    };
    crate::antwoord::logboek(s.store.as_ref(), &door.login, voorval).await?;
    let rijen = samengevat(&r.verslagen);
    // Rejected rows: the example names file, row, column and reason; the value of a client
    // column is never shown (privacy), so only the count and reason are kept for those.
    let afwijzingen = r
        .afwijzingen
        .iter()
        .map(|a| {
            let voorbeeld = if a.kolom.contains("client") {
                "(waarde niet getoond: cliëntkolom)".to_string()
            } else {
                a.voorbeeld.clone()
            };
            (a.tabel.clone(), a.kolom.clone(), a.aantal, voorbeeld)
        })
        .collect();
    Ok(leveringpagina(&s, Some(melding), rijen, afwijzingen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::Bestandsverslag;

    fn verslag(
        naam: &str,
        tabel: &str,
        status: &str,
        n: (u64, u64, u64),
        fout: Option<&str>,
    ) -> Bestandsverslag {
        Bestandsverslag {
            status: status.into(),
            rijen_gelezen: n.0,
            rijen_geladen: n.1,
            rijen_afgewezen: n.2,
            fout: fout.map(Into::into),
            ..Bestandsverslag::nieuw(naam, Some(tabel))
        }
    }

    #[test]
    fn messages_of_a_zip_are_counted_together_but_errors_keep_their_row() {
        let v = [
            verslag(
                "trajecten_GM0153_2024-05.csv",
                "trajecten",
                "nieuw",
                (10, 9, 1),
                None,
            ),
            verslag(
                "b.zip/GM0173/2024-01/JW301_1.xml",
                "JW301",
                "nieuw",
                (1, 1, 0),
                None,
            ),
            verslag(
                "b.zip/GM0173/2024-01/JW305_2.xml",
                "JW305",
                "nieuw",
                (1, 1, 0),
                None,
            ),
            verslag(
                "b.zip/GM0173/2024-02/JW301_3.xml",
                "JW301",
                "nieuw",
                (1, 1, 0),
                None,
            ),
            verslag(
                "b.zip/GM0173/2024-02/JW301_4.xml",
                "JW301",
                "fout",
                (1, 0, 1),
                Some("datum 2024-02-30 bestaat niet"),
            ),
            verslag(
                "b.zip/GM0173/2024-03/JW301_5.xml",
                "JW301",
                "nieuw",
                (1, 1, 0),
                None,
            ),
        ];
        let r = samengevat(&v);
        let namen: Vec<(&str, &str, u64, u64, u64)> = r
            .iter()
            .map(|r| {
                (
                    r.naam.as_str(),
                    r.tabel.as_str(),
                    r.gelezen,
                    r.geladen,
                    r.afgewezen,
                )
            })
            .collect();
        assert_eq!(
            namen,
            [
                ("trajecten_GM0153_2024-05.csv", "trajecten", 10, 9, 1),
                ("b.zip (3 berichten)", "JW301", 3, 3, 0),
                ("b.zip (1 bericht)", "JW305", 1, 1, 0),
                ("b.zip/GM0173/2024-02/JW301_4.xml", "JW301", 1, 0, 1),
            ]
        );
        assert_eq!(r[3].fout, "datum 2024-02-30 bestaat niet");
        // Rows in = rows loaded + rows rejected, before and after.
        let som = |f: fn(&LeveringRij) -> u64| r.iter().map(f).sum::<u64>();
        assert_eq!(som(|r| r.gelezen), 15);
        assert_eq!(som(|r| r.geladen) + som(|r| r.afgewezen), 15);
    }
}
