//! `jeugdstuur`: the command line on top of the crates. It parses arguments, sets up
//! logging and calls library code; no domain logic lives here.

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use model::Regio;

mod backtest;
mod gebruikers;

// Polars allocates and frees many short-lived buffers from several threads; glibc's malloc
// keeps them as fragmented per-thread arenas (peak RSS ~1,5x the live heap, benchmarks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// csv (het leveringsformaat) of ijw (trajecten en declaraties als iJw 3.2-berichten,
        /// één zip per gemeente; maatregelen, Veilig Thuis en referentietabellen blijven CSV).
        #[arg(long, default_value = "csv")]
        format: String,
        /// Zet bekende gebeurtenissen in de wereld (voor de backtest van de signalen): een
        /// verdubbeling van de kans op verblijf in Hengelo vanaf september 2023 en 25% hogere
        /// declaraties van de eerste strategische partner vanaf november 2023.
        #[arg(long)]
        gebeurtenissen: bool,
    },
    /// Controleer een regioconfiguratie en laat zien wat erin staat.
    Regio {
        /// Pad naar het TOML-bestand (standaard de ingebouwde Twente-configuratie).
        pad: Option<PathBuf>,
    },
    /// Reken alleen de gekozen indicatoren uit de leveringen (inlezen, valideren en
    /// correcties als bij ingest), zonder release, onderdrukking of prognoses: om een paar
    /// indicatoren eerlijk naast DuckDB of pandas te timen. Het resultaat is niet
    /// onderdrukt (kleine aantallen zichtbaar): alleen voor de eigen controle.
    Reken {
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
        /// Indicatoren, met komma's gescheiden (bijv. crisis_start_aandeel,kosten).
        #[arg(long, value_delimiter = ',', required = true)]
        indicatoren: Vec<String>,
        /// Het resultaat als Parquet (kolommen als indicatoren_intern.parquet).
        #[arg(long)]
        out: PathBuf,
        /// Bestanden of mappen met leveringen.
        #[arg(required = true)]
        invoer: Vec<PathBuf>,
    },
    /// Lees leveringen in en maak een nieuwe, onveranderlijke datarelease.
    Ingest {
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
        /// Datamap met de releases.
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: PathBuf,
        /// Bestanden of mappen met leveringen (CSV, xlsx, Parquet, Arrow) of iJw 3.2-berichten
        /// (.xml, één bericht per bestand, of een .zip ervan; BSN-sleutel in
        /// JEUGDSTUUR_BSN_SLEUTEL_BESTAND of JEUGDSTUUR_BSN_SLEUTEL).
        #[arg(required = true)]
        invoer: Vec<PathBuf>,
    },
    /// Bereken alle indicatoren en schrijf indicatoren.parquet en indicatoren.csv.
    Compute {
        /// Map met leveringen: eerst inlezen (met de standaard regioconfiguratie), dan berekenen.
        #[arg(long, conflicts_with = "data")]
        input: Option<PathBuf>,
        /// Datamap met releases; de cijfers komen uit de release (standaard de nieuwste).
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
        #[arg(long, requires = "data")]
        release: Option<String>,
        /// Uitvoermap.
        #[arg(long)]
        out: PathBuf,
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
        /// Alleen voor de dataspecialist: CSV zonder onderdrukking van kleine aantallen.
        /// Wordt gelogd. De Parquet-uitvoer blijft altijd onderdrukt.
        #[arg(long)]
        zonder_onderdrukking: bool,
    },
    /// Hoeveel de onderdrukking van kleine aantallen verbergt, per niveau en periodesoort
    /// (primair en secundair), voor een release (standaard de nieuwste).
    Onderdrukking {
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: PathBuf,
        #[arg(long)]
        release: Option<String>,
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
    },
    /// Toon de releases in een datamap.
    Releases {
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: PathBuf,
    },
    /// Maak het jaarrapport voor het Algemeen Bestuur als PDF (of HTML bij --out x.html).
    Report {
        /// Het jaar van het rapport, bijv. 2025.
        #[arg(long)]
        year: i32,
        /// Datamap met releases (standaard ./jeugdstuur-data, zoals serve).
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
        /// Release-id (standaard de nieuwste).
        #[arg(long)]
        release: Option<String>,
        /// Uitvoerbestand: .pdf of .html.
        #[arg(long)]
        out: PathBuf,
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
    },
    /// Toets de vooruitblik op de demowereld: lees de leveringen maand voor maand in (elke
    /// maand een herkomst), en vergelijk de nowcasts en signalen van elke herkomst met de
    /// eindrelease. Schrijft een Markdown-verslag (docs/vooruitblik.md heeft dat van Twente).
    Backtest {
        /// klein (snel) of twente (echte omvang).
        #[arg(long, default_value = "twente")]
        scale: String,
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Aantal herkomsten (opeenvolgende leveringsmaanden).
        #[arg(long, default_value_t = 24)]
        herkomsten: usize,
        /// Met de bekende gebeurtenissen van `demo-data --gebeurtenissen`: meet of de
        /// signalen ze vinden.
        #[arg(long)]
        gebeurtenissen: bool,
        /// Werkmap voor de demowereld en de releases (standaard een tijdelijke map).
        #[arg(long)]
        werkmap: Option<PathBuf>,
        /// Evalueer de releases van een eerdere run in --werkmap opnieuw (geen nieuwe wereld,
        /// niets opnieuw ingelezen): voor een gewijzigde methode van de jaarprognose.
        #[arg(long, requires = "werkmap")]
        hergebruik: bool,
        /// Het verslag (Markdown); zonder: op het scherm.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
    },
    /// Beheer accounts: user add|passwd|disable|list.
    User {
        #[command(subcommand)]
        opdracht: gebruikers::Gebruikersopdracht,
    },
    /// Start het dashboard. Zonder --data: een lokale datamap met de demodata.
    Serve {
        /// Datamap met releases (standaard ./jeugdstuur-data, gevuld met de ingebouwde demodata). Een
        /// nieuwe, lege map mag: lees dan leveringen in via /beheer/levering of `jeugdstuur ingest`.
        #[arg(long, env = "JEUGDSTUUR_DATA")]
        data: Option<PathBuf>,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Regioconfiguratie (standaard de ingebouwde Twente-configuratie).
        #[arg(long)]
        region: Option<PathBuf>,
    },
}

fn lees_regio(pad: Option<&PathBuf>) -> anyhow::Result<Regio> {
    Ok(match pad {
        Some(p) => Regio::lees(p)?,
        None => Regio::twente(),
    })
}

/// The release asked for, or else the newest in `data`.
fn release_of_nieuwste(data: &std::path::Path, release: Option<String>) -> anyhow::Result<String> {
    match release {
        Some(id) => Ok(id),
        None => pipeline::releases(data)?
            .last()
            .map(|m| m.id.clone())
            .ok_or_else(|| anyhow::anyhow!("nog geen releases in {}", data.display())),
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.opdracht {
        Opdracht::Backtest {
            scale,
            seed,
            herkomsten,
            gebeurtenissen,
            werkmap,
            hergebruik,
            out,
            region,
        } => {
            let regio = lees_regio(region.as_ref())?;
            let tijdelijk = tempfile::tempdir()?;
            let opties = backtest::Opties {
                schaal: scale,
                seed,
                herkomsten,
                gebeurtenissen,
                hergebruik,
                werkmap: werkmap.unwrap_or_else(|| tijdelijk.path().to_path_buf()),
            };
            let uitslag = backtest::draai(&regio, &opties)?;
            let tekst = backtest::als_markdown(&uitslag, &opties, &regio);
            match out {
                Some(p) => {
                    std::fs::write(&p, &tekst).with_context(|| format!("{}", p.display()))?;
                    println!("verslag geschreven naar {}", p.display());
                }
                None => print!("{tekst}"),
            }
        }
        Opdracht::DemoData {
            out,
            scale,
            seed,
            region,
            format,
            gebeurtenissen,
        } => {
            let regio = lees_regio(region.as_ref())?;
            let schaal = demodata::Schaal::parse(&scale).map_err(anyhow::Error::msg)?;
            let formaat = demodata::Formaat::parse(&format).map_err(anyhow::Error::msg)?;
            let begin = Instant::now();
            let opties = demodata::Opties {
                uit: out.clone(),
                schaal,
                seed,
                formaat,
                gebeurtenissen,
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
        Opdracht::Reken {
            region,
            indicatoren,
            out,
            invoer,
        } => {
            let regio = lees_regio(region.as_ref())?;
            reken(&regio, &indicatoren, &out, &invoer)?;
        }
        Opdracht::Ingest {
            region,
            data,
            invoer,
        } => {
            let regio = lees_regio(region.as_ref())?;
            ingest(&regio, &data, &invoer)?;
        }
        Opdracht::Compute {
            input,
            data,
            release,
            out,
            region,
            zonder_onderdrukking,
        } => {
            let regio = lees_regio(region.as_ref())?;
            compute(&regio, input, data, release, &out, zonder_onderdrukking)?;
        }
        Opdracht::Onderdrukking {
            data,
            release,
            region,
        } => {
            let regio = lees_regio(region.as_ref())?;
            let id = release_of_nieuwste(&data, release)?;
            let intern = pipeline::lees_tabel(&data, &id, "indicatoren_intern")?;
            let publiek = pipeline::lees_tabel(&data, &id, "indicatoren")?;
            let verslag = pipeline::indicatoren::onderdrukking::Verslag::uit(
                &intern,
                &publiek,
                &pipeline::indicatoren::uitvoer::regels(&regio),
            )?;
            println!("Onderdrukking in release {id} (aandeel van de rijen):\n{verslag}");
        }
        Opdracht::Releases { data } => {
            let lijst = pipeline::releases(&data)?;
            if lijst.is_empty() {
                println!("Nog geen releases in {}", data.display());
            }
            for m in lijst {
                let rijen = m.tabellen.get("trajecten").copied().unwrap_or(0);
                let afgewezen = m.tabellen.get("afgewezen").copied().unwrap_or(0);
                println!(
                    "{}  {}  {} bestanden  {} toewijzingen  {} afgewezen rijen  laatste levering {}  ({})",
                    m.id,
                    m.aangemaakt,
                    m.bestanden.len(),
                    rijen,
                    afgewezen,
                    m.laatste_aanlevering.as_deref().unwrap_or("-"),
                    m.code_versie
                );
            }
        }
        Opdracht::Report {
            year,
            data,
            release,
            out,
            region,
        } => {
            let regio = lees_regio(region.as_ref())?;
            let data = data.unwrap_or_else(web::standaard_datamap);
            let html = match out.extension().and_then(|e| e.to_str()) {
                Some("pdf") => false,
                Some("html" | "htm") => true,
                _ => anyhow::bail!("--out {}: kies een .pdf- of .html-bestand", out.display()),
            };
            let rt = tokio::runtime::Runtime::new()?;
            let rapport = rt
                // A local, trusted caller: an explicit data-specialist scope (the data rule
                // of `web::toegang` fails closed without one).
                .block_on(web::toegang::namens(
                    web::toegang::Gebruiker::dataspecialist("cli"),
                    web::jaarrapport::jaarrapport(&data, regio, release.as_deref(), year),
                ))
                .with_context(|| format!("jaarrapport {year} uit {}", data.display()))?;
            let bytes = if html {
                rapport.html()?.into_bytes()
            } else {
                rapport.pdf()?
            };
            std::fs::write(&out, &bytes).with_context(|| format!("{} schrijven", out.display()))?;
            println!(
                "Jaarrapport {year} uit release {} geschreven naar {} ({} kB)",
                rapport.release,
                out.display(),
                bytes.len() / 1024
            );
        }
        Opdracht::User { opdracht } => gebruikers::voer_uit(opdracht)?,
        Opdracht::Serve { data, addr, region } => {
            let regio = lees_regio(region.as_ref())?;
            let demo = data.is_none();
            let data = match data {
                // A given folder may be new and empty: the region starts by uploading its
                // first deliveries (/beheer/levering) or with `jeugdstuur ingest`.
                Some(d) => {
                    std::fs::create_dir_all(&d)
                        .with_context(|| format!("datamap {} maken", d.display()))?;
                    d
                }
                None => {
                    let d = web::standaard_datamap();
                    if pipeline::releases(&d)?.is_empty() {
                        demo_inlezen(&regio, &d)?;
                    }
                    d
                }
            };
            let staat = web::Staat::laad(&data, regio)?;
            let rt = tokio::runtime::Runtime::new()?;
            let db = data.join("jeugdstuur.sqlite");
            let store = rt
                .block_on(store::Store::open(&db))
                .with_context(|| format!("database {} openen", db.display()))?;
            let nieuw = rt.block_on(gebruikers::demo_beheerder(&store))?;
            if let (true, Some(w)) = (demo, nieuw) {
                rt.block_on(gebruikers::demo_pdca(&staat, &store, &w))?;
            }
            rt.block_on(web::serve(staat.met_store(store), addr))?;
        }
    }
    Ok(())
}

/// The first start without `--data`: the demo deliveries made by the built-in generator
/// (`demo-data --scale klein --seed 2024`, the same bytes as `fixtures/twente`) in a
/// temporary folder, ingested into `data`. Nothing is read from the source tree, so a
/// binary copied to another machine has its demo.
fn demo_inlezen(regio: &Regio, data: &std::path::Path) -> anyhow::Result<()> {
    println!(
        "Eerste start: demodata maken en inlezen in {} (synthetisch, geen echte personen) …",
        data.display()
    );
    let tijdelijk = tempfile::tempdir()?;
    let opties = demodata::Opties {
        uit: tijdelijk.path().to_path_buf(),
        schaal: demodata::Schaal::Klein,
        seed: DEMO_SEED,
        formaat: demodata::Formaat::Csv,
        gebeurtenissen: false,
    };
    demodata::genereer(regio, &opties, &mut |_, _| {}).context("demodata maken")?;
    ingest(regio, data, &[tijdelijk.path().to_path_buf()])
}

/// The seed of the built-in demo (and of `fixtures/twente`).
const DEMO_SEED: u64 = 2024;

fn reken(
    regio: &Regio,
    indicatoren: &[String],
    out: &std::path::Path,
    invoer: &[PathBuf],
) -> anyhow::Result<()> {
    let begin = Instant::now();
    let mut r = pipeline::release::reken(regio, invoer, indicatoren, &mut |_, _, _| {})?;
    let (mut gelezen, mut geladen, mut afgewezen) = (0, 0, 0);
    for v in &r.verslagen {
        gelezen += v.rijen_gelezen;
        geladen += v.rijen_geladen;
        afgewezen += v.rijen_afgewezen;
        if let Some(f) = &v.fout {
            println!("  {:<13} {}: {f}", v.status, v.naam);
        }
    }
    pipeline::indicatoren::uitvoer::schrijf_parquet(&mut r.indicatoren, out)
        .with_context(|| format!("{} kan niet worden geschreven", out.display()))?;
    println!(
        "{} bestanden: {gelezen} rijen gelezen = {geladen} geladen + {afgewezen} afgewezen; \
         {} indicatorrijen naar {} ({:.1} s; niet onderdrukt, niet publiceren)",
        r.verslagen.len(),
        r.indicatoren.height(),
        out.display(),
        begin.elapsed().as_secs_f64()
    );
    Ok(())
}

fn ingest(regio: &Regio, data: &std::path::Path, invoer: &[PathBuf]) -> anyhow::Result<()> {
    let begin = Instant::now();
    let balk = indicatif::ProgressBar::new(0);
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        balk.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    balk.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} bestanden  {msg}")
            .expect("geldig sjabloon"),
    );
    let r = pipeline::ingest(data, regio, invoer, &mut |i, n, naam| {
        balk.set_length(n as u64);
        balk.set_position(i as u64);
        balk.set_message(naam.to_string());
    })?;
    balk.finish_and_clear();
    let mut fouten = 0;
    let (mut gelezen, mut geladen, mut afgewezen, mut niet_gekoppeld) = (0, 0, 0, 0);
    for v in &r.verslagen {
        gelezen += v.rijen_gelezen;
        geladen += v.rijen_geladen;
        afgewezen += v.rijen_afgewezen;
        niet_gekoppeld += v.rijen_niet_gekoppeld;
        match (&v.fout, v.status.as_str()) {
            (Some(f), "overgeslagen") => println!("  overgeslagen  {}: {f}", v.naam),
            (Some(f), _) => {
                fouten += 1;
                println!("  FOUT          {}: {f}", v.naam);
            }
            _ => {}
        }
    }
    if !r.afwijzingen.is_empty() {
        println!("Afgewezen rijen (alle details in afgewezen.parquet van de release):");
        for a in &r.afwijzingen {
            println!(
                "  {:>6} × {}.{}  bijv. {}",
                a.aantal, a.tabel, a.kolom, a.voorbeeld
            );
        }
    }
    toon_waarschuwingen(&r.waarschuwingen);
    let al = r
        .verslagen
        .iter()
        .filter(|v| v.status == "al ingelezen")
        .count();
    // Cells of a CBS StatLine download that the catalogue does not map are read, not
    // loaded and not rejected: named as a third term when there are any.
    let niet_gekoppeld = if niet_gekoppeld > 0 {
        format!(" + {niet_gekoppeld} niet gekoppeld (StatLine-cellen zonder indicator)")
    } else {
        String::new()
    };
    println!(
        "{} bestanden aangeboden ({al} al ingelezen, {fouten} met een fout): {gelezen} rijen gelezen = {geladen} geladen + {afgewezen} afgewezen{niet_gekoppeld}",
        r.verslagen.len()
    );
    match r.release {
        Some(m) => println!(
            "Release {} gemaakt in {} ({:.1} s); wijzigingen t.o.v. vorige release: {}",
            m.id,
            pipeline::release::releasemap(data).join(&m.id).display(),
            begin.elapsed().as_secs_f64(),
            m.wijzigingen
                .iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => println!("Niets nieuws aangeboden: geen nieuwe release gemaakt."),
    }
    Ok(())
}

/// The loaded rows whose product code the region does not know: a warning, not a reject.
fn toon_waarschuwingen(w: &[pipeline::waarschuwingen::Productwaarschuwing]) {
    if w.is_empty() {
        return;
    }
    let n: u64 = w.iter().map(|x| x.rijen).sum();
    println!(
        "WAARSCHUWING: {n} rijen met een productcode die niet in de productindeling van de regio staat, ingelezen met segment onbekend (vul de regioconfiguratie aan; details in waarschuwingen.parquet van de release en op /datakwaliteit):"
    );
    for (cat, code, rijen, per_gemeente) in pipeline::waarschuwingen::per_code(w) {
        println!(
            "  {rijen:>6} × productcode {code} (categorie {cat}): {}",
            per_gemeente.join(", ")
        );
    }
}

fn compute(
    regio: &Regio,
    input: Option<PathBuf>,
    data: Option<PathBuf>,
    release: Option<String>,
    out: &std::path::Path,
    zonder_onderdrukking: bool,
) -> anyhow::Result<()> {
    let tijdelijk;
    let (data, id) = match (input, data) {
        (Some(input), _) => {
            tijdelijk = tempfile::tempdir()?;
            let r = pipeline::ingest(tijdelijk.path(), regio, &[input], &mut |_, _, _| {})?;
            toon_waarschuwingen(&r.waarschuwingen);
            let id = r
                .release
                .map(|m| m.id)
                .ok_or_else(|| anyhow::anyhow!("geen leveringen gevonden om in te lezen"))?;
            (tijdelijk.path().to_path_buf(), id)
        }
        (None, Some(data)) => {
            let id = release_of_nieuwste(&data, release)?;
            (data, id)
        }
        (None, None) => anyhow::bail!("geef --input MAP of --data DATAMAP"),
    };
    std::fs::create_dir_all(out)?;
    let mut publiek = pipeline::lees_tabel(&data, &id, "indicatoren")?;
    pipeline::indicatoren::uitvoer::schrijf_parquet(
        &mut publiek,
        &out.join("indicatoren.parquet"),
    )?;
    let mut csv = if zonder_onderdrukking {
        let wie = std::env::var("USER").unwrap_or_else(|_| "onbekend".into());
        tracing::warn!(gebruiker = %wie, release = %id, "indicatoren.csv ZONDER onderdrukking geschreven");
        let regel = format!(
            "{} {wie} exporteerde indicatoren.csv zonder onderdrukking uit release {id} naar {}\n",
            chrono::Utc::now().to_rfc3339(),
            out.display()
        );
        use std::io::Write;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data.join("logboek.txt"))?
            .write_all(regel.as_bytes())?;
        pipeline::lees_tabel(&data, &id, "indicatoren_intern")?
    } else {
        publiek
    };
    pipeline::indicatoren::uitvoer::schrijf_csv(&mut csv, &out.join("indicatoren.csv"))?;
    println!(
        "{} indicatorwaarden uit release {id} geschreven naar {}",
        csv.height(),
        out.display()
    );
    Ok(())
}
