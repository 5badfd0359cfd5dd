//! Accounts and their login sessions (migration `0003_gebruikers`).
//!
//! The store keeps what it is given: password hashes (argon2id PHC strings, made by the
//! caller) and the SHA-256 of login tokens, never a password or a token itself. Accounts are
//! never deleted, only disabled; disabling an account or setting its password ends its login
//! sessions. Every change is written to the audit log (`gebeurtenissen`) in the same
//! transaction, naming who made it.

use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::logboek::{Voorval, schrijf_in};
use crate::{Store, StoreFout};

/// The roles, as stored (see the web crate's `toegang` for what each may see and do).
pub const ROLLEN: [&str; 6] = [
    "beheerder",
    "data-adviesgroep",
    "contractmanager",
    "gemeente",
    "aanbieder",
    "bestuur",
];

/// An account, without its password hash.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gebruiker {
    pub id: i64,
    pub login: String,
    pub naam: String,
    pub rol: String,
    /// Role `gemeente`: the gemeente codes it may see in detail.
    pub gemeenten: Vec<String>,
    /// Role `aanbieder`: its AGB code.
    pub aanbieder: String,
    pub actief: bool,
    pub aangemaakt: String,
}

/// A new account; `wachtwoord_hash` is an argon2id PHC string.
#[derive(Clone, Debug)]
pub struct NieuweGebruiker {
    pub login: String,
    pub naam: String,
    pub rol: String,
    pub gemeenten: Vec<String>,
    pub aanbieder: String,
    pub wachtwoord_hash: String,
}

/// A valid login session: whose it is and its CSRF token.
#[derive(Clone, Debug, PartialEq)]
pub struct Inlogsessie {
    pub gebruiker: Gebruiker,
    pub csrf: String,
    pub verloopt: String,
}

const KOLOMMEN: &str = "id, login, naam, rol, gemeenten, aanbieder, actief, aangemaakt";

fn gebruiker(r: &SqliteRow) -> Gebruiker {
    let gemeenten: String = r.get("gemeenten");
    Gebruiker {
        id: r.get("id"),
        login: r.get("login"),
        naam: r.get("naam"),
        rol: r.get("rol"),
        gemeenten: gemeenten
            .split(',')
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect(),
        aanbieder: r.get("aanbieder"),
        actief: r.get::<i64, _>("actief") == 1,
        aangemaakt: r.get("aangemaakt"),
    }
}

fn controleer(n: &NieuweGebruiker) -> Result<(), StoreFout> {
    let mut fouten = Vec::new();
    let login_ok = (2..=64).contains(&n.login.chars().count())
        && n.login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c));
    if !login_ok {
        fouten.push(format!(
            "inlognaam '{}': verwacht 2 tot 64 tekens, alleen letters, cijfers en . _ - @",
            n.login
        ));
    }
    if n.naam.trim().is_empty() {
        fouten.push("naam: verplicht".to_string());
    }
    if !ROLLEN.contains(&n.rol.as_str()) {
        fouten.push(format!(
            "rol '{}': verwacht een van {}",
            n.rol,
            ROLLEN.join(", ")
        ));
    }
    if n.rol == "gemeente" && n.gemeenten.is_empty() {
        fouten.push("rol gemeente: geef minstens één gemeentecode (bijv. GM0153)".to_string());
    }
    if n.rol != "gemeente" && !n.gemeenten.is_empty() {
        fouten.push(format!(
            "gemeenten: alleen bij rol gemeente, niet bij {}",
            n.rol
        ));
    }
    if n.rol == "aanbieder" && n.aanbieder.is_empty() {
        fouten.push("rol aanbieder: geef de AGB-code van de aanbieder".to_string());
    }
    if n.rol != "aanbieder" && !n.aanbieder.is_empty() {
        fouten.push(format!(
            "aanbieder: alleen bij rol aanbieder, niet bij {}",
            n.rol
        ));
    }
    if !n.wachtwoord_hash.starts_with("$argon2id$") {
        fouten.push("wachtwoord: geen argon2id-hash".to_string());
    }
    if fouten.is_empty() {
        Ok(())
    } else {
        Err(StoreFout::Ongeldig(fouten.join("; ")))
    }
}

impl Store {
    /// Adds an account; `door` is who did it (for the audit log).
    pub async fn gebruiker_toevoegen(
        &self,
        n: &NieuweGebruiker,
        door: &str,
    ) -> Result<Gebruiker, StoreFout> {
        controleer(n)?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let bestaat = sqlx::query("SELECT 1 FROM gebruikers WHERE login = ?")
            .bind(&n.login)
            .fetch_optional(&mut *tx)
            .await?;
        if bestaat.is_some() {
            return Err(StoreFout::Ongeldig(format!(
                "inlognaam '{}' bestaat al",
                n.login
            )));
        }
        let tijd = crate::nu();
        let r = sqlx::query(&format!(
            "INSERT INTO gebruikers (login, naam, rol, gemeenten, aanbieder, wachtwoord, \
             aangemaakt, gewijzigd) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {KOLOMMEN}"
        ))
        .bind(&n.login)
        .bind(n.naam.trim())
        .bind(&n.rol)
        .bind(n.gemeenten.join(","))
        .bind(&n.aanbieder)
        .bind(&n.wachtwoord_hash)
        .bind(&tijd)
        .bind(&tijd)
        .fetch_one(&mut *tx)
        .await?;
        let g = gebruiker(&r);
        schrijf_in(
            &mut tx,
            door,
            &Voorval::GebruikerToegevoegd {
                beschrijving: beschrijf(&g),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(g)
    }

    /// An account and its password hash, by login name (any case).
    pub async fn gebruiker_met_hash(
        &self,
        login: &str,
    ) -> Result<Option<(Gebruiker, String)>, StoreFout> {
        let r = sqlx::query(&format!(
            "SELECT {KOLOMMEN}, wachtwoord FROM gebruikers WHERE login = ?"
        ))
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| (gebruiker(&r), r.get("wachtwoord"))))
    }

    /// All accounts, by login name.
    pub async fn gebruikers(&self) -> Result<Vec<Gebruiker>, StoreFout> {
        let rijen = sqlx::query(&format!("SELECT {KOLOMMEN} FROM gebruikers ORDER BY login"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rijen.iter().map(gebruiker).collect())
    }

    /// Sets a new password hash and ends the account's login sessions.
    pub async fn wachtwoord_zetten(
        &self,
        login: &str,
        hash: &str,
        door: &str,
    ) -> Result<(), StoreFout> {
        if !hash.starts_with("$argon2id$") {
            return Err(StoreFout::Ongeldig("wachtwoord: geen argon2id-hash".into()));
        }
        self.wijzig(
            login,
            "UPDATE gebruikers SET wachtwoord = ?, gewijzigd = ? WHERE login = ?",
            Some(hash),
            door,
            Voorval::WachtwoordGewijzigd {
                login: login.into(),
            },
        )
        .await
    }

    /// Disables an account (it can no longer log in) and ends its login sessions.
    pub async fn gebruiker_uitschakelen(&self, login: &str, door: &str) -> Result<(), StoreFout> {
        self.wijzig(
            login,
            "UPDATE gebruikers SET actief = 0, gewijzigd = ? WHERE login = ?",
            None,
            door,
            Voorval::GebruikerUitgeschakeld {
                login: login.into(),
            },
        )
        .await
    }

    async fn wijzig(
        &self,
        login: &str,
        sql: &str,
        waarde: Option<&str>,
        door: &str,
        voorval: Voorval,
    ) -> Result<(), StoreFout> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM gebruikers WHERE login = ?")
            .bind(login)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(id) = id else {
            return Err(StoreFout::Ongeldig(format!(
                "gebruiker '{login}' bestaat niet"
            )));
        };
        let mut q = sqlx::query(sql);
        if let Some(w) = waarde {
            q = q.bind(w);
        }
        q.bind(crate::nu()).bind(login).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM inlogsessies WHERE gebruiker = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        schrijf_in(&mut tx, door, &voorval).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn aantal_gebruikers(&self) -> Result<i64, StoreFout> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM gebruikers")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Starts a login session of `gebruiker`: the token's hash, its CSRF token, until
    /// `verloopt` (RFC 3339); the login is written to the audit log in the same transaction.
    pub async fn inlogsessie_maken(
        &self,
        token_hash: &str,
        gebruiker: &Gebruiker,
        csrf: &str,
        verloopt: &str,
    ) -> Result<(), StoreFout> {
        let tijd = crate::nu();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        // Expired sessions are cleared on the way.
        sqlx::query("DELETE FROM inlogsessies WHERE verloopt <= ?")
            .bind(&tijd)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO inlogsessies (token_hash, gebruiker, csrf, aangemaakt, verloopt) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(gebruiker.id)
        .bind(csrf)
        .bind(&tijd)
        .bind(verloopt)
        .execute(&mut *tx)
        .await?;
        let rol = gebruiker.rol.clone();
        schrijf_in(&mut tx, &gebruiker.login, &Voorval::Ingelogd { rol }).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The login session of a token hash, when it has not expired and its account is active.
    pub async fn inlogsessie(&self, token_hash: &str) -> Result<Option<Inlogsessie>, StoreFout> {
        let r = sqlx::query(
            "SELECT g.id, g.login, g.naam, g.rol, g.gemeenten, g.aanbieder, g.actief, \
             g.aangemaakt, s.csrf, s.verloopt FROM inlogsessies s \
             JOIN gebruikers g ON g.id = s.gebruiker \
             WHERE s.token_hash = ? AND s.verloopt > ? AND g.actief = 1",
        )
        .bind(token_hash)
        .bind(crate::nu())
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| Inlogsessie {
            gebruiker: gebruiker(&r),
            csrf: r.get("csrf"),
            verloopt: r.get("verloopt"),
        }))
    }

    /// Ends a login session. A logout (`uitgelogd` names the account) is written to the
    /// audit log in the same transaction; ending an old session at a new login is not.
    pub async fn inlogsessie_beeindigen(
        &self,
        token_hash: &str,
        uitgelogd: Option<&str>,
    ) -> Result<(), StoreFout> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM inlogsessies WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        if let Some(wie) = uitgelogd {
            schrijf_in(&mut tx, wie, &Voorval::Uitgelogd).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

fn beschrijf(g: &Gebruiker) -> String {
    let mut s = format!("gebruiker {} ({}), rol {}", g.login, g.naam, g.rol);
    if !g.gemeenten.is_empty() {
        s.push_str(&format!(", gemeenten {}", g.gemeenten.join(",")));
    }
    if !g.aanbieder.is_empty() {
        s.push_str(&format!(", aanbieder {}", g.aanbieder));
    }
    s
}
