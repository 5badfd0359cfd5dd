//! User-entered data (duidingssessies, duidingen, besluiten, verbeteracties, accounts) in an
//! embedded SQLite database behind a small typed async interface ([`Store`]).
//!
//! The PDCA part ([`pdca`], re-exported here): sessions with their agenda, duidingen
//! (interpretations of a figure in a frozen release), besluiten and verbeteracties, and the
//! history of every change. The web layer calls it; this crate knows no HTTP and no Polars.
//!
//! Invariants:
//! - The schema comes only from the numbered migrations in `migrations/`, run at start-up (an
//!   older database is brought up to date, a newer one is refused by sqlx). WAL and foreign
//!   keys are on; tables are STRICT and enumerations are CHECK constraints.
//! - The audit log (`gebeurtenissen`) is append-only.
//! - Accounts ([`gebruikers`]) are never deleted, only disabled; only argon2id hashes of
//!   passwords and SHA-256 hashes of login tokens are stored.
//! - Nothing is ever lost: sessions, duidingen, actions and history rows are never deleted
//!   (triggers refuse it; an action is set to `vervallen` instead), history rows are never
//!   changed. Every insert and update of a sessie, duiding or actie writes one `geschiedenis`
//!   row (the whole record before and after, as JSON, who and when) in the same transaction.
//! - Optimistic concurrency: a record starts at versie 1 and every update is
//!   `... versie = versie + 1 WHERE id = ? AND versie = ?` (a trigger refuses any other
//!   step). A stale edit is refused with [`StoreFout::Verouderd`], never silently
//!   overwritten; an unknown id is [`StoreFout::NietGevonden`]; bad input is
//!   [`StoreFout::Ongeldig`], in Dutch, naming each field and value.
//! - Every write transaction starts with `BEGIN IMMEDIATE`, so with several connections (one
//!   pool or several processes on the same file) a writer waits for SQLite's single write
//!   lock (busy_timeout 5 s) instead of failing with "database is locked" on a read-to-write
//!   upgrade.
//! - Times are UTC RFC 3339 (`2025-03-12T13:02:00Z`, seconds), so they compare as text;
//!   dates are `yyyy-mm-dd`. Where a day or year boundary matters (carrying actions forward,
//!   the jaaroverzicht) it is the Dutch day (Europe/Amsterdam).

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};

pub mod gebruikers;
pub mod logboek;
pub mod pdca;
pub use gebruikers::{Gebruiker, Inlogsessie, NieuweGebruiker, ROLLEN};
pub use logboek::Voorval;
pub use pdca::{
    Actie, ActieFilter, Agendapunt, Duiding, DuidingFilter, Jaaroverzicht, NieuweActie,
    NieuweDuiding, NieuweSessie, Sessie, Wijziging,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreFout {
    #[error("database {pad}: {fout}")]
    Openen { pad: String, fout: sqlx::Error },
    #[error("database bijwerken (migratie) mislukt: {0}")]
    Migratie(#[from] sqlx::migrate::MigrateError),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("geschiedenis: JSON kan niet worden geschreven of gelezen: {0}")]
    Json(#[from] serde_json::Error),
    /// No record with this id (`wat`: "sessie", "duiding" or "actie").
    #[error("{wat} {id} bestaat niet")]
    NietGevonden { wat: &'static str, id: i64 },
    /// Someone else changed the record since `jouw_versie` was loaded; nothing was stored.
    /// `door` made the stored `huidige_versie`, at `op` (UTC, RFC 3339).
    #[error("{}", verouderd_melding(wat, *huidige_versie, door, op, *jouw_versie))]
    Verouderd {
        wat: &'static str,
        id: i64,
        jouw_versie: i64,
        huidige_versie: i64,
        door: String,
        op: String,
    },
    /// Invalid input; the Dutch text names every field and value that is wrong.
    #[error("{0}")]
    Ongeldig(String),
}

/// Now, in the stored format of every moment (UTC, RFC 3339, whole seconds).
pub(crate) fn nu() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn verouderd_melding(wat: &str, huidige: i64, door: &str, op: &str, jouw: i64) -> String {
    format!(
        "Iemand anders heeft deze {wat} intussen gewijzigd (versie {huidige} door {door} {}; \
         u bewerkte versie {jouw}); uw wijziging is niet opgeslagen. Laad de pagina opnieuw \
         en voer uw wijziging opnieuw in.",
        pdca::tijdstip_nl(op)
    )
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct Gebeurtenis {
    pub tijd: String,
    pub wie: String,
    pub wat: String,
    pub details: String,
}

impl Store {
    /// Opens (or creates) the database file and brings its schema up to date.
    pub async fn open(pad: &Path) -> Result<Store, StoreFout> {
        let fout = |fout| StoreFout::Openen {
            pad: pad.display().to_string(),
            fout,
        };
        let opties = SqliteConnectOptions::from_str(&format!("sqlite://{}", pad.display()))
            .map_err(fout)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opties)
            .await
            .map_err(fout)?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The newest `n` audit-log lines, newest first.
    pub async fn logboek(&self, n: i64) -> Result<Vec<Gebeurtenis>, StoreFout> {
        let rijen = sqlx::query(
            "SELECT tijd, wie, wat, details FROM gebeurtenissen ORDER BY id DESC LIMIT ?",
        )
        .bind(n)
        .fetch_all(&self.pool)
        .await?;
        Ok(rijen
            .into_iter()
            .map(|r| Gebeurtenis {
                tijd: r.get(0),
                wie: r.get(1),
                wat: r.get(2),
                details: r.get(3),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn database_is_created_migrated_and_keeps_the_log_across_reopen() {
        let map = tempfile::tempdir().unwrap();
        let pad = map.path().join("jeugdstuur.sqlite");
        let s = Store::open(&pad).await.unwrap();
        let start = Voorval::ServerGestart {
            release: "r0001".into(),
        };
        s.log("test", &start).await.unwrap();
        let download = Voorval::Download {
            verzoek: "/download/indicatoren.csv".into(),
        };
        s.log("test", &download).await.unwrap();
        s.pool().close().await;
        // Reopening runs the migrations again without harm and finds both lines, newest first.
        let s = Store::open(&pad).await.unwrap();
        let log = s.logboek(10).await.unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].wat, "download");
        assert_eq!(log[1].details, "release r0001");
        let wal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(s.pool())
            .await
            .unwrap();
        assert_eq!(wal, "wal");
    }
}
