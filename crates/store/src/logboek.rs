//! The audit log (`gebeurtenissen`, append-only): what it records is a typed [`Voorval`],
//! whose Dutch kind (`wat`) and details are written in one place. Writes return their error
//! (callers use `?`); where the store makes the change it records (accounts, login
//! sessions), the line is written in the same transaction.

use crate::{Store, StoreFout};

/// One kind of thing the audit log records, with what it needs to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Voorval {
    /// The server started on a release.
    ServerGestart {
        release: String,
    },
    /// A login; with the account's role.
    Ingelogd {
        rol: String,
    },
    Uitgelogd,
    InloggenMislukt,
    /// A login refused because of too many failed attempts.
    InloggenGeweigerd,
    /// A request the route rule refused: method and path.
    ToegangGeweigerd {
        verzoek: String,
    },
    /// A state-changing request without a valid CSRF token: the path.
    CsrfOngeldig {
        pad: String,
    },
    /// A download (tables, the jaarrapport): path and query.
    Download {
        verzoek: String,
    },
    /// A table through `/api/tabellen`: path and query.
    TabelOpgevraagd {
        verzoek: String,
    },
    /// A provider-level page: path and query.
    AanbiederpaginaBekeken {
        verzoek: String,
    },
    /// Deliveries uploaded through the web: the files and the release made (if any).
    LeveringIngelezen {
        bestanden: Vec<String>,
        release: Option<String>,
    },
    /// An account was added: its description (login, name, role, scope).
    GebruikerToegevoegd {
        beschrijving: String,
    },
    GebruikerUitgeschakeld {
        login: String,
    },
    WachtwoordGewijzigd {
        login: String,
    },
}

impl Voorval {
    /// The kind as the log shows it (`wat`).
    pub fn wat(&self) -> &'static str {
        match self {
            Voorval::ServerGestart { .. } => "server gestart",
            Voorval::Ingelogd { .. } => "ingelogd",
            Voorval::Uitgelogd => "uitgelogd",
            Voorval::InloggenMislukt => "inloggen mislukt",
            Voorval::InloggenGeweigerd => "inloggen geweigerd (te veel pogingen)",
            Voorval::ToegangGeweigerd { .. } => "toegang geweigerd",
            Voorval::CsrfOngeldig { .. } => "CSRF-token ontbreekt of klopt niet",
            Voorval::Download { .. } => "download",
            Voorval::TabelOpgevraagd { .. } => "tabel opgevraagd",
            Voorval::AanbiederpaginaBekeken { .. } => "aanbiederpagina bekeken",
            Voorval::LeveringIngelezen { .. } => "levering ingelezen",
            Voorval::GebruikerToegevoegd { .. } => "gebruiker toegevoegd",
            Voorval::GebruikerUitgeschakeld { .. } => "gebruiker uitgeschakeld",
            Voorval::WachtwoordGewijzigd { .. } => "wachtwoord gewijzigd",
        }
    }

    /// The details column.
    pub fn details(&self) -> String {
        match self {
            Voorval::ServerGestart { release } => format!("release {release}"),
            Voorval::Ingelogd { rol } => format!("rol {rol}"),
            Voorval::Uitgelogd | Voorval::InloggenMislukt | Voorval::InloggenGeweigerd => {
                String::new()
            }
            Voorval::ToegangGeweigerd { verzoek }
            | Voorval::Download { verzoek }
            | Voorval::TabelOpgevraagd { verzoek }
            | Voorval::AanbiederpaginaBekeken { verzoek } => verzoek.clone(),
            Voorval::CsrfOngeldig { pad } => pad.clone(),
            Voorval::LeveringIngelezen { bestanden, release } => format!(
                "{} → {}",
                bestanden.join(", "),
                release.as_deref().unwrap_or("geen nieuwe release")
            ),
            Voorval::GebruikerToegevoegd { beschrijving } => beschrijving.clone(),
            Voorval::GebruikerUitgeschakeld { login } | Voorval::WachtwoordGewijzigd { login } => {
                format!("gebruiker {login}")
            }
        }
    }
}

/// Writes one line in an open transaction (the change it records commits with it).
pub(crate) async fn schrijf_in(
    tx: &mut sqlx::SqliteConnection,
    wie: &str,
    v: &Voorval,
) -> Result<(), StoreFout> {
    sqlx::query("INSERT INTO gebeurtenissen (tijd, wie, wat, details) VALUES (?, ?, ?, ?)")
        .bind(crate::nu())
        .bind(wie)
        .bind(v.wat())
        .bind(v.details())
        .execute(tx)
        .await?;
    Ok(())
}

impl Store {
    /// Adds a line to the audit log (on its own: for what the store does not change itself).
    pub async fn log(&self, wie: &str, v: &Voorval) -> Result<(), StoreFout> {
        let mut c = self.pool.acquire().await?;
        schrijf_in(&mut c, wie, v).await
    }
}
