//! `jeugdstuur user add|passwd|disable|list`: account management for the administrator, and
//! the demo administrator that the first `serve` creates.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum Gebruikersopdracht {
    /// Maak een account aan. Zonder --wachtwoord-stdin wordt een wachtwoord gemaakt en één
    /// keer getoond.
    Add {
        /// Inlognaam (letters, cijfers, . _ - @).
        login: String,
        /// Volledige naam (staat bij duidingen en acties).
        #[arg(long)]
        naam: String,
        /// beheerder, data-adviesgroep, contractmanager, gemeente, aanbieder of bestuur.
        #[arg(long)]
        rol: String,
        /// Bij rol gemeente: de gemeente(n), bijv. --gemeente GM0153 --gemeente 0164.
        #[arg(long = "gemeente")]
        gemeenten: Vec<String>,
        /// Bij rol aanbieder: de AGB-code.
        #[arg(long)]
        aanbieder: Option<String>,
        /// Lees het wachtwoord (één regel, minstens 12 tekens) van de standaardinvoer.
        #[arg(long)]
        wachtwoord_stdin: bool,
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
    },
    /// Zet een nieuw wachtwoord (beëindigt de sessies van het account).
    Passwd {
        login: String,
        #[arg(long)]
        wachtwoord_stdin: bool,
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
    },
    /// Schakel een account uit (het wordt niet verwijderd; sessies eindigen).
    Disable {
        login: String,
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
    },
    /// Toon alle accounts.
    List {
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
    },
}

/// Who the audit log names for changes from the command line.
fn door() -> String {
    let wie = std::env::var("USER").unwrap_or_else(|_| "onbekend".into());
    format!("cli:{wie}")
}

async fn open(data: Option<PathBuf>) -> anyhow::Result<store::Store> {
    let data = data.unwrap_or_else(web::standaard_datamap);
    std::fs::create_dir_all(&data).with_context(|| format!("map {}", data.display()))?;
    let db = data.join("jeugdstuur.sqlite");
    store::Store::open(&db)
        .await
        .with_context(|| format!("database {} openen", db.display()))
}

/// The password: from stdin, or a new one that is shown once.
fn wachtwoord(stdin: bool) -> anyhow::Result<(String, bool)> {
    if stdin {
        let mut regel = String::new();
        std::io::stdin().lock().read_line(&mut regel)?;
        let w = regel.trim_end_matches(['\r', '\n']).to_string();
        if let Some(f) = web::toegang::wachtwoord_fout(&w) {
            anyhow::bail!("{f}");
        }
        Ok((w, false))
    } else {
        Ok((web::toegang::nieuw_wachtwoord(), true))
    }
}

pub fn voer_uit(o: Gebruikersopdracht) -> anyhow::Result<()> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        match o {
            Gebruikersopdracht::Add {
                login,
                naam,
                rol,
                gemeenten,
                aanbieder,
                wachtwoord_stdin,
                data,
            } => {
                let gemeenten = gemeenten
                    .iter()
                    .map(|g| model::GemeenteCode::parse(g).map(|c| c.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                let aanbieder = match aanbieder {
                    Some(a) => model::AgbCode::parse(&a)?.to_string(),
                    None => String::new(),
                };
                let (w, nieuw) = wachtwoord(wachtwoord_stdin)?;
                let st = open(data).await?;
                let hash = web::toegang::hash_wachtwoord(&w).map_err(anyhow::Error::msg)?;
                let g = st
                    .gebruiker_toevoegen(
                        &store::NieuweGebruiker {
                            login,
                            naam,
                            rol,
                            gemeenten,
                            aanbieder,
                            wachtwoord_hash: hash,
                        },
                        &door(),
                    )
                    .await?;
                println!(
                    "Account {} ({}) aangemaakt met rol {}.",
                    g.login, g.naam, g.rol
                );
                if nieuw {
                    println!("Wachtwoord (wordt niet nog eens getoond): {w}");
                }
            }
            Gebruikersopdracht::Passwd {
                login,
                wachtwoord_stdin,
                data,
            } => {
                let (w, nieuw) = wachtwoord(wachtwoord_stdin)?;
                let st = open(data).await?;
                let hash = web::toegang::hash_wachtwoord(&w).map_err(anyhow::Error::msg)?;
                st.wachtwoord_zetten(&login, &hash, &door()).await?;
                println!("Wachtwoord van {login} gewijzigd; lopende sessies zijn beëindigd.");
                if nieuw {
                    println!("Nieuw wachtwoord (wordt niet nog eens getoond): {w}");
                }
            }
            Gebruikersopdracht::Disable { login, data } => {
                let st = open(data).await?;
                st.gebruiker_uitschakelen(&login, &door()).await?;
                println!("Account {login} uitgeschakeld; lopende sessies zijn beëindigd.");
            }
            Gebruikersopdracht::List { data } => {
                let st = open(data).await?;
                println!(
                    "{:<20} {:<28} {:<17} {:<8} bereik",
                    "inlognaam", "naam", "rol", "actief"
                );
                for g in st.gebruikers().await? {
                    let bereik = if !g.gemeenten.is_empty() {
                        g.gemeenten.join(",")
                    } else {
                        g.aanbieder.clone()
                    };
                    println!(
                        "{:<20} {:<28} {:<17} {:<8} {}",
                        g.login,
                        g.naam,
                        g.rol,
                        if g.actief { "ja" } else { "nee" },
                        bereik
                    );
                }
            }
        }
        Ok(())
    })
}

/// On a database without accounts, creates the administrator `beheerder`: with the password
/// in `JEUGDSTUUR_BEHEERDER_WACHTWOORD` when set (automation, tests), else a new one that is
/// printed once. Returns that password when it created the account (for the demo accounts).
pub async fn demo_beheerder(st: &store::Store) -> anyhow::Result<Option<String>> {
    if st.aantal_gebruikers().await? > 0 {
        return Ok(None);
    }
    let gegeven = std::env::var("JEUGDSTUUR_BEHEERDER_WACHTWOORD").ok();
    let w = match &gegeven {
        Some(w) => {
            if let Some(f) = web::toegang::wachtwoord_fout(w) {
                anyhow::bail!("JEUGDSTUUR_BEHEERDER_WACHTWOORD: {f}");
            }
            w.clone()
        }
        None => web::toegang::nieuw_wachtwoord(),
    };
    voeg_toe(st, ("beheerder", "Demobeheerder", "beheerder", &[], ""), &w).await?;
    if gegeven.is_none() {
        eprintln!(
            "Eerste start: account 'beheerder' aangemaakt met wachtwoord {w}\n\
             (wordt niet nog eens getoond; wijzig het met `jeugdstuur user passwd beheerder`)."
        );
    }
    Ok(Some(w))
}

async fn voeg_toe(
    st: &store::Store,
    (login, naam, rol, gemeenten, aanbieder): (&str, &str, &str, &[String], &str),
    w: &str,
) -> anyhow::Result<()> {
    let w = w.to_string();
    let hash = tokio::task::spawn_blocking(move || web::toegang::hash_wachtwoord(&w))
        .await?
        .map_err(anyhow::Error::msg)?;
    st.gebruiker_toevoegen(
        &store::NieuweGebruiker {
            login: login.into(),
            naam: naam.into(),
            rol: rol.into(),
            gemeenten: gemeenten.to_vec(),
            aanbieder: aanbieder.into(),
            wachtwoord_hash: hash,
        },
        "systeem",
    )
    .await?;
    Ok(())
}

/// The embedded demo's first start: one account per role (with the administrator's
/// password) and a demo PDCA year (sessions, duidingen, actions; synthetic and marked so).
pub async fn demo_pdca(
    staat: &web::Staat,
    st: &store::Store,
    wachtwoord: &str,
) -> anyhow::Result<()> {
    let accounts = web::demo_pdca::demo_accounts(staat);
    for (login, naam, rol, gemeenten, aanbieder) in &accounts {
        voeg_toe(st, (login, naam, rol, gemeenten, aanbieder), wachtwoord).await?;
    }
    let n = web::demo_pdca::vul(staat, st).await?;
    eprintln!(
        "Demo: accounts {} (wachtwoord als 'beheerder') en een PDCA-jaar met {n} \
         duidingssessies (synthetisch).",
        accounts
            .iter()
            .map(|a| a.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
