//! User-entered data (duidingssessies, duidingen, besluiten, verbeteracties, accounts) in an
//! embedded SQLite database behind a small interface.
//!
//! Invariants: the schema comes only from the numbered migrations in `migrations/`, run at
//! start-up (an older database is brought up to date, a newer one is refused by sqlx); WAL and
//! foreign keys are on; the audit log (`gebeurtenissen`) is append-only. Edits (PDCA issue)
//! are versioned and a stale edit is refused, never silently overwritten. This crate knows no
//! HTTP and no Polars.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};

#[derive(Debug, thiserror::Error)]
pub enum StoreFout {
    #[error("database {pad}: {fout}")]
    Openen { pad: String, fout: sqlx::Error },
    #[error("database bijwerken (migratie) mislukt: {0}")]
    Migratie(#[from] sqlx::migrate::MigrateError),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
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

    /// Adds a line to the audit log.
    pub async fn log(&self, wie: &str, wat: &str, details: &str) -> Result<(), StoreFout> {
        sqlx::query("INSERT INTO gebeurtenissen (tijd, wie, wat, details) VALUES (?, ?, ?, ?)")
            .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .bind(wie)
            .bind(wat)
            .bind(details)
            .execute(&self.pool)
            .await?;
        Ok(())
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
        s.log("test", "server gestart", "release r0001")
            .await
            .unwrap();
        s.log("test", "download", "indicatoren.csv").await.unwrap();
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
