//! `jeugdstuur`: the command line on top of the crates. It parses arguments, sets up
//! logging and calls library code; no domain logic lives here.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use model::Regio;

#[derive(Parser)]
#[command(
    name = "jeugdstuur",
    version,
    about = "Stuurinformatie jeugdzorg: van monitorleveringen naar indicatoren, duiding en jaarrapport"
)]
struct Cli {
    #[command(subcommand)]
    opdracht: Opdracht,
}

#[derive(Subcommand)]
enum Opdracht {
    /// Schrijf synthetische leveringen (alle tabellen) in het leveringsformaat.
    DemoData {
        /// Map waarin de bestanden komen.
        #[arg(long)]
        out: PathBuf,
        /// twente (14 gemeenten, echte omvang), klein (Twente met 1/10 van de inwoners)
        /// of nl (landelijke omvang, voor benchmarks).
        #[arg(long, default_value = "twente")]
        scale: String,
        /// Startwaarde van de toevalsgenerator: dezelfde seed geeft dezelfde bestanden.
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
    },
    /// Controleer een regioconfiguratie en laat zien wat erin staat.
    Regio {
        /// Pad naar het TOML-bestand (standaard de ingebouwde Twente-configuratie).
        pad: Option<PathBuf>,
    },
    /// Start het dashboard (volgt; toont nu wat er al kan).
    Serve,
}

fn lees_regio(pad: Option<&PathBuf>) -> anyhow::Result<Regio> {
    Ok(match pad {
        Some(p) => Regio::lees(p)?,
        None => Regio::twente(),
    })
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.opdracht {
        Opdracht::DemoData {
            out,
            scale,
            seed,
            region,
        } => {
            let regio = lees_regio(region.as_ref())?;
            let schaal = demodata::Schaal::parse(&scale).map_err(anyhow::Error::msg)?;
            let begin = Instant::now();
            let opties = demodata::Opties {
                uit: out.clone(),
                schaal,
                seed,
            };
            let mut laatst = 0;
            let s = demodata::genereer(&regio, &opties, &mut |i, n| {
                let pct = i * 100 / n.max(1);
                if pct >= laatst + 10 || i == n {
                    eprintln!("  gemeente {i} van {n} ({pct}%)");
                    laatst = pct;
                }
            })
            .with_context(|| format!("demo-data naar {}", out.display()))?;
            println!(
                "{} bestanden, {:.1} MB geschreven naar {} in {:.1} s",
                s.bestanden,
                s.bytes as f64 / 1e6,
                out.display(),
                begin.elapsed().as_secs_f64()
            );
            for (tabel, n) in &s.rijen {
                println!("  {tabel:<14} {n:>12} rijen");
            }
        }
        Opdracht::Regio { pad } => {
            let r = lees_regio(pad.as_ref())?;
            println!(
                "Regio {} ({}): {} gemeenten, {} productregels, {} strategische partners, onderdrukkingsdrempel {}",
                r.naam,
                r.id,
                r.gemeenten.len(),
                r.producten.len(),
                r.strategische_partners.len(),
                r.onderdrukkingsdrempel
            );
            for g in &r.gemeenten {
                println!("  {} {}", g.code, g.naam);
            }
        }
        Opdracht::Serve => {
            println!(
                "Het dashboard komt in een volgende versie. Nu beschikbaar:\n  \
                 jeugdstuur demo-data --out MAP [--scale twente|klein|nl] [--seed N]\n  \
                 jeugdstuur regio [PAD]\n\
                 De demodata staan in fixtures/twente/ (schaal klein)."
            );
        }
    }
    Ok(())
}
