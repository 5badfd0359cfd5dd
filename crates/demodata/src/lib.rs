//! Deterministic synthetic youth-care data in the canonical export layout (EXPORT-FORMAT).
//!
//! Why synthetic: real TMSD data are personal data and may not leave the municipalities. The
//! generator simulates clients and their care, then writes what municipalities would deliver:
//! monthly files per gemeente (Enschede quarterly), with retroactive allocations, late and
//! corrected end dates, a missed delivery, mixed encodings and a few dirty rows. It works one
//! gemeente at a time, so a national-size set streams to disk in bounded memory.

#![cfg_attr(not(test), warn(clippy::too_many_lines))]

mod ijw;
mod params;
mod rng;
mod sim;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use model::{GemeenteCode, Regio, regio::Levering};

use params::Aanbod;
use rng::{Rng, mix};
use sim::{Gemeentesim, Melding, datum, maandnr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schaal {
    /// The 14 Twentse gemeenten at their real size, 2019–2025.
    Twente,
    /// Twente with one tenth of the residents: the committed fixture for tests and the demo.
    Klein,
    /// About 342 fictitious gemeenten the size of the Netherlands, 2016–2025 (benchmarks).
    Nl,
}

impl Schaal {
    pub fn parse(s: &str) -> Result<Schaal, String> {
        match s {
            "twente" => Ok(Schaal::Twente),
            "klein" => Ok(Schaal::Klein),
            "nl" => Ok(Schaal::Nl),
            _ => Err(format!("onbekende schaal '{s}': kies twente, klein of nl")),
        }
    }
}

pub struct Opties {
    pub uit: PathBuf,
    pub schaal: Schaal,
    pub seed: u64,
    pub formaat: Formaat,
    /// Known events in the world (for the backtest of the signals, [`gebeurtenissen`]); off
    /// for the demo and `fixtures/twente`, whose bytes stay the same.
    pub gebeurtenissen: bool,
}

/// A known event the generator can put in the world (`Opties::gebeurtenissen`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gebeurtenis {
    /// In words.
    pub wat: String,
    /// The indicator and area a signal should find it in.
    pub indicator: &'static str,
    pub niveau: &'static str,
    pub code: String,
    /// The first month (jjjj-mm).
    pub vanaf: String,
}

/// The gemeente and date of the step in verblijf inflow.
const STAP_GEMEENTE: &str = "GM0164";
const STAP_VANAF: (i32, u32) = (2023, 9);
const STAP_FACTOR: f64 = 2.0;
/// The provider (the first strategic partner) and date of the cost jump.
const SPRONG_VANAF: (i32, u32) = (2023, 11);
const SPRONG_FACTOR: f64 = 1.25;

/// The events `Opties::gebeurtenissen` puts in the world of this region.
pub fn gebeurtenissen(regio: &Regio) -> Vec<Gebeurtenis> {
    let mut v = Vec::new();
    if let Some(g) = regio
        .gemeenten
        .iter()
        .find(|g| g.code.to_string() == STAP_GEMEENTE)
    {
        v.push(Gebeurtenis {
            wat: format!(
                "de kans op verblijf verdubbelt in {} (instroom verblijf ×{})",
                g.naam, STAP_FACTOR
            ),
            indicator: "verblijf_instroom",
            niveau: "gemeente",
            code: STAP_GEMEENTE.into(),
            vanaf: format!("{:04}-{:02}", STAP_VANAF.0, STAP_VANAF.1),
        });
    }
    if let Some(a) = regio.strategische_partners.first() {
        v.push(Gebeurtenis {
            wat: format!(
                "{} declareert {}% meer per zorgmaand",
                a.naam,
                ((SPRONG_FACTOR - 1.0) * 100.0).round()
            ),
            indicator: "kosten",
            niveau: "aanbieder",
            code: a.agb.to_string(),
            vanaf: format!("{:04}-{:02}", SPRONG_VANAF.0, SPRONG_VANAF.1),
        });
    }
    v
}

/// How trajecten and declaraties are written: as the CSV export, or as the iJw 3.2 message
/// traffic they come from (one zip of messages per gemeente, see `ijw`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formaat {
    Csv,
    Ijw,
}

impl Formaat {
    pub fn parse(s: &str) -> Result<Formaat, String> {
        match s {
            "csv" => Ok(Formaat::Csv),
            "ijw" => Ok(Formaat::Ijw),
            _ => Err(format!("onbekend formaat '{s}': kies csv of ijw")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoFout {
    #[error("kan {pad} niet schrijven: {fout}")]
    Schrijven { pad: String, fout: std::io::Error },
    #[error("{0}")]
    Configuratie(String),
}

#[derive(Debug, Default)]
pub struct Samenvatting {
    pub bestanden: u64,
    pub bytes: u64,
    pub rijen: BTreeMap<&'static str, u64>,
}

/// Quirks of individual gemeenten, as seen in real deliveries (Twente scales only).
const ZONDER_GM: &[&str] = &["GM0141"];
const WINDOWS_1252: &[&str] = &["GM0183"];
const DUIZENDTALLEN: &[&str] = &["GM0164"];
const GEBOORTEMAAND: &[&str] = &["GM0153"];
/// Deliveries that never came: their rows arrive with the next delivery.
const OVERGESLAGEN: &[(&str, i32, u32)] = &[("GM0168", 2023, 7), ("GM1700", 2025, 2)];

struct Gemeente {
    code: GemeenteCode,
    naam: String,
    kwartaal: bool,
    /// Residents 0–17 in 2024 (after scaling).
    jeugdigen: f64,
}

impl Gemeente {
    fn jeugdigen(&self, jaar: i32) -> f64 {
        self.jeugdigen * (1.0 - 0.003 * (jaar - 2024) as f64)
    }
    fn inwoners(&self, jaar: i32) -> f64 {
        self.jeugdigen(jaar) * 5.15
    }
    fn heeft(&self, lijst: &[&str]) -> bool {
        lijst.contains(&self.code.to_string().as_str())
    }
}

struct Vorm {
    data_start: NaiveDate,
    sim_van: i32,
    horizon: NaiveDate,
    kleine_aanbieders: usize,
}

#[expect(
    clippy::too_many_lines,
    reason = "still to be split into named steps (issue 19)"
)]
pub fn genereer(
    regio: &Regio,
    opties: &Opties,
    voortgang: &mut dyn FnMut(usize, usize),
) -> Result<Samenvatting, DemoFout> {
    let (gemeenten, vorm, regio_toml) = match opties.schaal {
        Schaal::Twente | Schaal::Klein => {
            let fractie = if opties.schaal == Schaal::Klein {
                0.1
            } else {
                1.0
            };
            let g = regio
                .gemeenten
                .iter()
                .map(|g| Gemeente {
                    code: g.code,
                    naam: g.naam.clone(),
                    kwartaal: g.levering == Levering::Kwartaal,
                    jeugdigen: g.demo_jeugdigen.unwrap_or(5000) as f64 * fractie,
                })
                .collect();
            let vorm = Vorm {
                data_start: datum(2019, 1, 1),
                sim_van: 2014,
                horizon: datum(2025, 12, 31),
                kleine_aanbieders: 44,
            };
            (g, vorm, None)
        }
        Schaal::Nl => {
            let (g, toml) = landelijke_gemeenten(regio, opties.seed);
            let vorm = Vorm {
                data_start: datum(2016, 1, 1),
                sim_van: 2011,
                horizon: datum(2025, 12, 31),
                kleine_aanbieders: 600,
            };
            (g, vorm, Some(toml))
        }
    };
    let aanbod =
        Aanbod::new(regio, vorm.kleine_aanbieders, opties.seed).map_err(DemoFout::Configuratie)?;
    let mut uit = Uitvoer::new(&opties.uit, opties.formaat)?;
    let zout = mix(opties.seed ^ 0x5EED);

    uit.schrijf(
        "regio.toml",
        regio_toml.as_deref().unwrap_or(model::regio::TWENTE_TOML),
        false,
    )?;
    uit.schrijf(
        "LEESMIJ.txt",
        &leesmij(opties, &vorm, gemeenten.len()),
        false,
    )?;
    let mut bevolking = String::from("gemeente;jaar;leeftijd;aantal\n");
    for g in &gemeenten {
        for jaar in vorm.sim_van..=vorm.horizon.year() {
            let j = g.jeugdigen(jaar);
            for (klasse, n) in [
                ("0-17", j),
                ("12-22", j * 0.63),
                ("totaal", g.inwoners(jaar)),
            ] {
                writeln!(bevolking, "{};{jaar};{klasse};{}", g.code, n.round() as u64).unwrap();
            }
        }
    }
    uit.tel(
        "bevolking",
        (gemeenten.len() * 3 * (vorm.horizon.year() - vorm.sim_van + 1) as usize) as u64,
    );
    uit.schrijf("bevolking.csv", &bevolking, true)?;
    uit.schrijf("landelijk.csv", LANDELIJK, true)?;
    uit.tel("landelijk", LANDELIJK.lines().count() as u64 - 1);
    uit.schrijf("streefwaarden.csv", STREEFWAARDEN, true)?;
    if opties.formaat == Formaat::Ijw {
        // The messages carry the provider's AGB code, not its name: a reference table does.
        let mut t = String::from("agb;naam\n");
        for a in &aanbod.aanbieders {
            writeln!(t, "{};{}", a.agb, a.naam).unwrap();
        }
        uit.tel("aanbieders", aanbod.aanbieders.len() as u64);
        uit.schrijf("aanbieders.csv", &t, true)?;
    }
    uit.tel("streefwaarden", STREEFWAARDEN.lines().count() as u64 - 1);

    let mut vt = String::from(
        "melding_id;casus_id;huishouden_id;gemeente;meldingsdatum;casus_afgesloten;soort\n",
    );
    let mut inkomend = Vec::new();
    // The budget of the next-to-last year's successor: what each gemeente declared over 2024,
    // plus 2% (tighter than the yearly indexation, so the demo shows an expected overrun).
    let mut begroting = String::from("gemeente;segment;jaar;bedrag;bron\n");
    let mut begroting_regio = 0i64;
    for (i, g) in gemeenten.iter().enumerate() {
        voortgang(i, gemeenten.len());
        let mut sim = Gemeentesim::new(
            Rng::new(opties.seed, i as u64 * 16 + 1),
            &aanbod,
            vorm.horizon,
            i as u64 + 1,
        );
        if opties.gebeurtenissen && g.code.to_string() == STAP_GEMEENTE {
            sim.verblijf_stap = Some((datum(STAP_VANAF.0, STAP_VANAF.1, 1), STAP_FACTOR));
        }
        sim.jeugdhulp(
            |j| g.jeugdigen(j),
            vorm.sim_van,
            std::mem::take(&mut inkomend),
        );
        sim.maatregelen(|j| g.jeugdigen(j), vorm.sim_van);
        inkomend = std::mem::take(&mut sim.verhuizers);
        let mut rng = Rng::new(opties.seed, i as u64 * 16 + 2);
        let leveringen = Leveringen::plan(&sim, &aanbod, g, &vorm, opties.gebeurtenissen, &mut rng);
        let centen_2024: i64 = leveringen
            .declaraties
            .iter()
            .filter(|d| d.2.div_euclid(12) == 2024)
            .map(|d| d.3)
            .sum();
        let budget = (centen_2024 as f64 * 1.02 / 100_000.0).round() as i64 * 1000;
        begroting_regio += budget;
        writeln!(
            begroting,
            "{};totaal;2025;{budget};Synthetisch voorbeeld: begroting 2025 (demo)",
            g.code
        )
        .unwrap();
        match opties.formaat {
            Formaat::Csv => {
                leveringen.schrijf(&mut uit, &sim, g, &aanbod, &vorm, zout, &mut rng)?
            }
            Formaat::Ijw => leveringen.schrijf_ijw(&mut uit, &sim, g, &aanbod, &mut rng)?,
        }
        let mut rng = Rng::new(opties.seed, i as u64 * 16 + 3);
        let meldingen = sim::veilig_thuis(
            &mut rng,
            |j| g.inwoners(j),
            vorm.sim_van,
            vorm.horizon,
            i as u64 + 1,
        );
        uit.tel("veilig_thuis", meldingen.len() as u64);
        for m in &meldingen {
            vt_rij(&mut vt, m, g, zout);
        }
        if vt.len() > 8 << 20 {
            uit.voeg_toe("veilig_thuis/veilig_thuis_2025-12.csv", &mut vt)?;
        }
    }
    uit.voeg_toe("veilig_thuis/veilig_thuis_2025-12.csv", &mut vt)?;
    writeln!(
        begroting,
        ";totaal;2025;{begroting_regio};Synthetisch voorbeeld: begroting 2025 (demo)"
    )
    .unwrap();
    uit.tel("begroting", gemeenten.len() as u64 + 1);
    uit.schrijf("begroting.csv", &begroting, true)?;
    voortgang(gemeenten.len(), gemeenten.len());
    Ok(uit.samenvatting)
}

fn vt_rij(uit: &mut String, m: &Melding, g: &Gemeente, zout: u64) {
    writeln!(
        uit,
        "VT{}-{:07};K{}-{:07};H{:012x};{};{};{};{}",
        g.code.cijfers(),
        m.nummer & 0xFFFF_FFFF,
        g.code.cijfers(),
        m.casus & 0xFFFF_FFFF,
        mix(m.huishouden ^ zout ^ 0x4855) & 0xFFFF_FFFF_FFFF,
        g.code,
        dmj(m.datum),
        m.afgesloten.map(dmj).unwrap_or_default(),
        m.soort
    )
    .unwrap();
}

pub fn pseudoniem(nummer: u64, zout: u64) -> String {
    format!("P{:012x}", mix(nummer ^ zout) & 0xFFFF_FFFF_FFFF)
}

fn dmj(d: NaiveDate) -> String {
    format!("{:02}-{:02}-{}", d.day(), d.month(), d.year())
}

fn maand_tekst(m: i32) -> String {
    format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

fn bedrag_tekst(centen: i64, duizendtallen: bool) -> String {
    let teken = if centen < 0 { "-" } else { "" };
    let c = centen.unsigned_abs();
    let euro = c / 100;
    let mut e = euro.to_string();
    if duizendtallen && euro >= 1000 {
        let mut s = String::new();
        for (i, ch) in e.chars().enumerate() {
            if i > 0 && (e.len() - i).is_multiple_of(3) {
                s.push('.');
            }
            s.push(ch);
        }
        e = s;
    }
    format!("{teken}{e},{:02}", c % 100)
}

/// What goes into which delivery: (delivery month, toewijzing, shown end, dirty kind).
struct Leveringen {
    trajecten: Vec<(i32, u32, Option<NaiveDate>, u8)>,
    declaraties: Vec<(i32, u32, i32, i64)>,
    maatregelen: Vec<(i32, u32, Option<NaiveDate>)>,
    eerste: i32,
    laatste: i32,
}

impl Leveringen {
    #[expect(
        clippy::too_many_lines,
        reason = "still to be split into named steps (issue 19)"
    )]
    fn plan(
        sim: &Gemeentesim,
        aanbod: &Aanbod,
        g: &Gemeente,
        vorm: &Vorm,
        gebeurtenissen: bool,
        rng: &mut Rng,
    ) -> Leveringen {
        let eerste = maandnr(vorm.data_start);
        let laatste = maandnr(vorm.horizon);
        let overgeslagen: Vec<i32> = OVERGESLAGEN
            .iter()
            .filter(|(c, _, _)| g.heeft(&[c]))
            .map(|(_, j, m)| j * 12 + *m as i32 - 1)
            .collect();
        // The delivery a row lands in: the next quarter end for quarterly deliverers, and
        // the month after a missed delivery.
        let levering = |mut m: i32| -> i32 {
            if overgeslagen.contains(&m) {
                m += 1;
            }
            if g.kwartaal {
                m += 2 - m.rem_euclid(12) % 3;
            }
            m
        };
        let mut trajecten = Vec::new();
        for (i, t) in sim.toewijzingen.iter().enumerate() {
            if t.einde.is_some_and(|e| e < vorm.data_start) {
                continue;
            }
            let retro = if rng.kans(0.08) {
                rng.bereik(1, 4) as i32
            } else {
                0
            };
            let eerst = (maandnr(t.start) + retro).max(eerste);
            if eerst > laatste {
                continue;
            }
            let mut rijen: Vec<(i32, Option<NaiveDate>)> = Vec::new();
            let bekend = t.einde.map(|e| {
                maandnr(e)
                    + if rng.kans(0.15) {
                        rng.bereik(1, 6) as i32
                    } else {
                        0
                    }
            });
            match (t.einde, bekend) {
                (Some(e), Some(k)) if k <= laatste => {
                    if k > eerst {
                        rijen.push((eerst, None));
                    }
                    let k = k.max(eerst);
                    if rng.kans(0.03) {
                        // An end date that a later delivery corrects.
                        let verkeerd = (e + Duration::days(rng.bereik(-30, 30))).max(t.start);
                        rijen.push((k, Some(verkeerd)));
                        let later = k + rng.bereik(1, 3) as i32;
                        if later <= laatste {
                            rijen.push((later, Some(e)));
                        }
                    } else {
                        rijen.push((k, Some(e)));
                    }
                }
                _ => rijen.push((eerst, None)),
            }
            if rng.kans(0.02) {
                // The same allocation sent again, unchanged.
                let r = eerst + rng.bereik(1, 6) as i32;
                if r <= laatste && bekend.is_none_or(|k| r < k) {
                    rijen.push((r, None));
                }
            }
            // One row per key per delivery: the state at the end of that delivery.
            let mut per_levering: Vec<(i32, Option<NaiveDate>)> = Vec::new();
            for (m, e) in rijen {
                let m = levering(m);
                match per_levering.iter_mut().find(|(x, _)| *x == m) {
                    Some(r) => r.1 = e,
                    None => per_levering.push((m, e)),
                }
            }
            for (m, e) in per_levering {
                trajecten.push((m, i as u32, e, 0));
                if rng.kans(0.0025) {
                    trajecten.push((m, i as u32, e, 1 + rng.bereik(0, 2) as u8));
                }
            }
        }
        trajecten.sort_by_key(|r| r.0);

        let mut declaraties = Vec::new();
        for (i, t) in sim.toewijzingen.iter().enumerate() {
            let van = maandnr(t.start).max(eerste);
            let tot = maandnr(t.einde.unwrap_or(vorm.horizon)).min(laatste);
            for m in van..=tot {
                let (jaar, maand0) = (m.div_euclid(12), m.rem_euclid(12) as u32);
                let begin = datum(jaar, maand0 + 1, 1);
                let volgende = if maand0 == 11 {
                    datum(jaar + 1, 1, 1)
                } else {
                    datum(jaar, maand0 + 2, 1)
                };
                let van_d = t.start.max(begin);
                let tot_d = t.einde.unwrap_or(volgende).min(volgende);
                let dagen = (tot_d - van_d).num_days();
                if dagen <= 0 {
                    continue;
                }
                let deel = dagen as f64 / (volgende - begin).num_days() as f64;
                let index = 1.053f64.powi(jaar - 2024);
                // The known cost jump (`Opties::gebeurtenissen`): the first strategic partner.
                let sprong = if gebeurtenissen
                    && t.aanbieder == 0
                    && m >= maandnr(datum(SPRONG_VANAF.0, SPRONG_VANAF.1, 1))
                {
                    SPRONG_FACTOR
                } else {
                    1.0
                };
                let bedrag = 1.06
                    * sprong
                    * aanbod.producten[t.product as usize].tarief
                    * deel
                    * index
                    * (0.92 + 0.16 * rng.f64());
                let centen = (bedrag * 100.0).round() as i64;
                let vertraging = *rng.kies(&[(1, 0.7), (2, 0.2), (3, 0.05), (4, 0.03), (5, 0.02)]);
                let d = levering(m + vertraging);
                if d > laatste {
                    continue;
                }
                declaraties.push((d, i as u32, m, centen));
                if rng.kans(0.008) {
                    // A credit and a corrected re-declaration in a later delivery.
                    let c = levering(d + rng.bereik(1, 3) as i32);
                    if c <= laatste {
                        declaraties.push((c, i as u32, m, -centen));
                        declaraties.push((c, i as u32, m, centen * 97 / 100));
                    }
                }
            }
        }
        declaraties.sort_by_key(|r| r.0);

        let mut maatregelen = Vec::new();
        for (i, mr) in sim.maatregelen.iter().enumerate() {
            if mr.einde.is_some_and(|e| e < vorm.data_start) {
                continue;
            }
            let eerst = levering(maandnr(mr.start).max(eerste));
            let bekend = mr.einde.map(|e| {
                levering(
                    maandnr(e)
                        + if rng.kans(0.2) {
                            rng.bereik(1, 3) as i32
                        } else {
                            0
                        },
                )
            });
            match bekend {
                Some(k) if k <= laatste => {
                    if k > eerst {
                        maatregelen.push((eerst, i as u32, None));
                    }
                    maatregelen.push((k.max(eerst), i as u32, mr.einde));
                }
                _ => maatregelen.push((eerst, i as u32, None)),
            }
        }
        maatregelen.sort_by_key(|r| r.0);
        Leveringen {
            trajecten,
            declaraties,
            maatregelen,
            eerste,
            laatste,
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[expect(
        clippy::too_many_lines,
        reason = "still to be split into named steps (issue 19)"
    )]
    fn schrijf(
        &self,
        uit: &mut Uitvoer,
        sim: &Gemeentesim,
        g: &Gemeente,
        aanbod: &Aanbod,
        vorm: &Vorm,
        zout: u64,
        rng: &mut Rng,
    ) -> Result<(), DemoFout> {
        let cp1252 = g.heeft(WINDOWS_1252);
        let gm = if g.heeft(ZONDER_GM) {
            g.code.cijfers()
        } else {
            g.code.to_string()
        };
        let geboortemaand = g.heeft(GEBOORTEMAAND);
        let duizend = g.heeft(DUIZENDTALLEN);
        let gebdatum = |d: NaiveDate| {
            if geboortemaand {
                format!("{}-{:02}", d.year(), d.month())
            } else {
                dmj(d)
            }
        };
        let (mut ti, mut di, mut mi) = (0, 0, 0);
        let mut vuil_nr = 0;
        for m in self.eerste..=self.laatste {
            let overgeslagen = OVERGESLAGEN
                .iter()
                .any(|(c, j, mm)| g.heeft(&[c]) && j * 12 + *mm as i32 - 1 == m);
            if (g.kwartaal && m.rem_euclid(12) % 3 != 2) || overgeslagen {
                continue;
            }
            let aanl = maand_tekst(m);
            let mut s = String::from(
                "aanlevering;gemeente;client_id;geboortedatum;geslacht;toewijzingnummer;aanbieder_agb;aanbieder_naam;productcategorie;productcode;hulpvorm;crisis;verwijzer;aanvraagdatum;toewijzingsdatum;toewijzing_ingangsdatum;startdatum;einddatum;reden_beeindiging\n",
            );
            let mut n = 0;
            while ti < self.trajecten.len() && self.trajecten[ti].0 == m {
                let (_, t_idx, einde, vuil) = self.trajecten[ti];
                ti += 1;
                n += 1;
                let t = &sim.toewijzingen[t_idx as usize];
                let c = &sim.clients[t.client as usize];
                let a = &aanbod.aanbieders[t.aanbieder as usize];
                let p = &aanbod.producten[t.product as usize];
                let mut client = pseudoniem(c.nummer, zout);
                let mut gemeente = gm.clone();
                let mut start = dmj(t.start);
                let mut eind = einde.map(dmj).unwrap_or_default();
                let mut nummer = format!("{}{:07}", g.code.cijfers(), t_idx);
                if vuil > 0 {
                    vuil_nr += 1;
                    nummer = format!("{nummer}-F{vuil_nr}");
                    client = pseudoniem(mix(c.nummer ^ 0xF0F0 ^ vuil_nr), zout);
                    match vuil {
                        1 => start = format!("31-02-{}", t.start.year()),
                        2 => gemeente = "GM9999".into(),
                        _ => eind = dmj(t.start - Duration::days(rng.bereik(5, 90))),
                    }
                }
                writeln!(
                    s,
                    "{aanl};{gemeente};{client};{};{};{nummer};{};{};{};{};{};{};{};{};{};{};{start};{eind};{}",
                    gebdatum(c.geboren),
                    c.geslacht,
                    a.agb,
                    a.naam,
                    p.categorie,
                    p.code,
                    p.hulpvorm.map(|h| h.code()).unwrap_or(""),
                    if t.crisis { "J" } else { "N" },
                    t.verwijzer,
                    t.aanvraag.map(dmj).unwrap_or_default(),
                    dmj(t.toewijzingsdatum()),
                    dmj(t.ingangsdatum()),
                    if eind.is_empty() { "" } else { t.reden },
                )
                .unwrap();
            }
            uit.tel("trajecten", n);
            uit.schrijf(
                &format!("trajecten/trajecten_{}_{aanl}.csv", g.code),
                &s,
                !cp1252,
            )?;

            let mut s = String::from("aanlevering;gemeente;toewijzingnummer;periode;bedrag\n");
            let mut n = 0;
            while di < self.declaraties.len() && self.declaraties[di].0 == m {
                let (_, t_idx, periode, centen) = self.declaraties[di];
                di += 1;
                n += 1;
                let bedrag = if rng.kans(0.0002) {
                    "n.v.t.".to_string()
                } else {
                    bedrag_tekst(centen, duizend)
                };
                writeln!(
                    s,
                    "{aanl};{gm};{}{:07};{};{bedrag}",
                    g.code.cijfers(),
                    t_idx,
                    maand_tekst(periode)
                )
                .unwrap();
            }
            uit.tel("declaraties", n);
            uit.schrijf(
                &format!("declaraties/declaraties_{}_{aanl}.csv", g.code),
                &s,
                !cp1252,
            )?;

            let mut s = String::from(
                "aanlevering;gemeente;client_id;geboortedatum;soort;gi;startdatum;einddatum\n",
            );
            let mut n = 0;
            while mi < self.maatregelen.len() && self.maatregelen[mi].0 == m {
                let (_, m_idx, einde) = self.maatregelen[mi];
                mi += 1;
                n += 1;
                let mr = &sim.maatregelen[m_idx as usize];
                let c = &sim.clients[mr.client as usize];
                writeln!(
                    s,
                    "{aanl};{gm};{};{};{};{};{};{}",
                    pseudoniem(c.nummer, zout),
                    gebdatum(c.geboren),
                    mr.soort.code(),
                    aanbod.aanbieders[mr.gi as usize].naam,
                    dmj(mr.start),
                    einde.map(dmj).unwrap_or_default()
                )
                .unwrap();
            }
            uit.tel("maatregelen", n);
            uit.schrijf(
                &format!("maatregelen/maatregelen_{}_{aanl}.csv", g.code),
                &s,
                !cp1252,
            )?;
        }
        debug_assert!(ti == self.trajecten.len() && di == self.declaraties.len());
        let _ = (vorm, &g.naam);
        Ok(())
    }
}

impl Leveringen {
    /// [`Leveringen::schrijf`] for `--format ijw`: trajecten and declaraties as iJw messages
    /// (see `ijw`), maatregelen as CSV. Draws the same random numbers as `schrijf`.
    #[expect(
        clippy::too_many_lines,
        reason = "mirrors `schrijf` month by month; to be split with it (issue 19)"
    )]
    fn schrijf_ijw(
        &self,
        uit: &mut Uitvoer,
        sim: &Gemeentesim,
        g: &Gemeente,
        aanbod: &Aanbod,
        rng: &mut Rng,
    ) -> Result<(), DemoFout> {
        let naam = format!("berichten/berichten_{}.zip", g.code);
        let pad = uit.map.join(&naam);
        let fout = |fout| DemoFout::Schrijven {
            pad: pad.display().to_string(),
            fout,
        };
        let mut w = ijw::Berichtenschrijver::new(&pad, &g.code.to_string()).map_err(fout)?;
        let mut verstuurd = ijw::Verstuurd::new();
        // The measures are delivered as CSV with the pseudonym the ingest gives the BSN of the
        // messages (under the documented demo key), so one client is one client in both.
        let sleutel = ::ijw::Sleutel::demo();
        let alleen_maand = g.heeft(GEBOORTEMAAND);
        let gm = if g.heeft(ZONDER_GM) {
            g.code.cijfers()
        } else {
            g.code.to_string()
        };
        let (mut ti, mut di, mut mi) = (0, 0, 0);
        let (mut nt, mut nd) = (0, 0);
        for m in self.eerste..=self.laatste {
            let overgeslagen = OVERGESLAGEN
                .iter()
                .any(|(c, j, mm)| g.heeft(&[c]) && j * 12 + *mm as i32 - 1 == m);
            if (g.kwartaal && m.rem_euclid(12) % 3 != 2) || overgeslagen {
                continue;
            }
            while ti < self.trajecten.len() && self.trajecten[ti].0 == m {
                let (_, t_idx, einde, vuil) = self.trajecten[ti];
                ti += 1;
                if vuil >= 3 {
                    // The CSV route draws an end before the start for this dirty row.
                    let _ = rng.bereik(5, 90);
                }
                if vuil > 0 {
                    continue;
                }
                nt += 1;
                ijw::trajectrij(
                    &mut w,
                    &mut verstuurd,
                    sim,
                    aanbod,
                    alleen_maand,
                    (m, t_idx, einde),
                )
                .map_err(fout)?;
            }
            let mut per_aanbieder: BTreeMap<&str, Vec<ijw::Prestatieregel>> = BTreeMap::new();
            while di < self.declaraties.len() && self.declaraties[di].0 == m {
                let (_, t_idx, periode, centen) = self.declaraties[di];
                di += 1;
                if rng.kans(0.0002) {
                    // The CSV route writes the amount 'n.v.t.' here, a rejected row.
                    continue;
                }
                nd += 1;
                let t = &sim.toewijzingen[t_idx as usize];
                let p = &aanbod.producten[t.product as usize];
                per_aanbieder
                    .entry(aanbod.aanbieders[t.aanbieder as usize].agb.as_str())
                    .or_default()
                    .push((
                        ijw::bsn(sim.clients[t.client as usize].nummer),
                        ijw::nummer(t_idx),
                        p.categorie.to_string(),
                        p.code.to_string(),
                        periode,
                        centen,
                    ));
            }
            for (agb, prestaties) in per_aanbieder {
                w.jw323(m, agb, &prestaties).map_err(fout)?;
            }
            let aanl = maand_tekst(m);
            let mut s = String::from(
                "aanlevering;gemeente;client_id;geboortedatum;soort;gi;startdatum;einddatum\n",
            );
            let mut n = 0;
            while mi < self.maatregelen.len() && self.maatregelen[mi].0 == m {
                let (_, m_idx, einde) = self.maatregelen[mi];
                mi += 1;
                n += 1;
                let mr = &sim.maatregelen[m_idx as usize];
                let c = &sim.clients[mr.client as usize];
                let geboren = if alleen_maand {
                    format!("{}-{:02}", c.geboren.year(), c.geboren.month())
                } else {
                    dmj(c.geboren)
                };
                writeln!(
                    s,
                    "{aanl};{gm};{};{geboren};{};{};{};{}",
                    sleutel.pseudoniem(&ijw::bsn(c.nummer)),
                    mr.soort.code(),
                    aanbod.aanbieders[mr.gi as usize].naam,
                    dmj(mr.start),
                    einde.map(dmj).unwrap_or_default()
                )
                .unwrap();
            }
            uit.tel("maatregelen", n);
            uit.schrijf(
                &format!("maatregelen/maatregelen_{}_{aanl}.csv", g.code),
                &s,
                !g.heeft(WINDOWS_1252),
            )?;
        }
        uit.tel("trajecten", nt);
        uit.tel("declaraties", nd);
        uit.tel("ijw-berichten", w.berichten);
        uit.samenvatting.bestanden += 1;
        uit.samenvatting.bytes += w.bytes;
        w.klaar().map_err(fout)?;
        Ok(())
    }
}

struct Uitvoer {
    map: PathBuf,
    samenvatting: Samenvatting,
}

impl Uitvoer {
    fn new(map: &Path, formaat: Formaat) -> Result<Uitvoer, DemoFout> {
        let mappen: &[&str] = match formaat {
            Formaat::Csv => &["trajecten", "declaraties", "maatregelen", "veilig_thuis"],
            Formaat::Ijw => &["berichten", "maatregelen", "veilig_thuis"],
        };
        for sub in mappen {
            let p = map.join(sub);
            fs::create_dir_all(&p).map_err(|fout| DemoFout::Schrijven {
                pad: p.display().to_string(),
                fout,
            })?;
        }
        Ok(Uitvoer {
            map: map.to_path_buf(),
            samenvatting: Samenvatting::default(),
        })
    }

    fn tel(&mut self, tabel: &'static str, n: u64) {
        *self.samenvatting.rijen.entry(tabel).or_default() += n;
    }

    /// Writes a whole file: UTF-8 with BOM (what Dutch Excel writes as "CSV UTF-8"), or
    /// Windows-1252 without BOM when `utf8` is false and the text is CSV.
    fn schrijf(&mut self, naam: &str, tekst: &str, utf8: bool) -> Result<(), DemoFout> {
        let pad = self.map.join(naam);
        let bytes: Vec<u8> = if naam.ends_with(".csv") {
            if utf8 {
                let mut b = b"\xEF\xBB\xBF".to_vec();
                b.extend_from_slice(tekst.as_bytes());
                b
            } else {
                encoding_rs::WINDOWS_1252.encode(tekst).0.into_owned()
            }
        } else {
            tekst.as_bytes().to_vec()
        };
        fs::write(&pad, &bytes).map_err(|fout| DemoFout::Schrijven {
            pad: pad.display().to_string(),
            fout,
        })?;
        self.samenvatting.bestanden += 1;
        self.samenvatting.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Appends to a file that grows over the run (Veilig Thuis), emptying `tekst`.
    fn voeg_toe(&mut self, naam: &str, tekst: &mut String) -> Result<(), DemoFout> {
        let pad = self.map.join(naam);
        let nieuw = !pad.exists();
        let fout = |fout| DemoFout::Schrijven {
            pad: pad.display().to_string(),
            fout,
        };
        let mut f = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&pad)
            .map_err(fout)?;
        if nieuw {
            f.write_all(b"\xEF\xBB\xBF").map_err(fout)?;
            self.samenvatting.bestanden += 1;
        } else {
            // Only the first chunk keeps its header line.
            if let Some(i) = tekst.find('\n')
                && tekst.starts_with("melding_id")
            {
                tekst.replace_range(..=i, "");
            }
        }
        f.write_all(tekst.as_bytes()).map_err(fout)?;
        self.samenvatting.bytes += tekst.len() as u64;
        tekst.clear();
        tekst.push_str(
            "melding_id;casus_id;huishouden_id;gemeente;meldingsdatum;casus_afgesloten;soort\n",
        );
        Ok(())
    }
}

/// About 342 fictitious gemeenten (codes GM3001…) with the size spread of the Netherlands,
/// and the region configuration that goes with them.
fn landelijke_gemeenten(regio: &Regio, seed: u64) -> (Vec<Gemeente>, String) {
    let mut rng = Rng::new(seed, 0x4E4C);
    let n = 342;
    let ruw: Vec<f64> = (0..n).map(|_| rng.lognormaal(6500.0, 0.75)).collect();
    let som: f64 = ruw.iter().sum();
    let mut toml = String::from(
        "# Fictieve landelijke regio voor benchmarks (jeugdstuur demo-data --scale nl).\n\n[regio]\nid = \"nl\"\nnaam = \"Nederland (fictief)\"\nonderdrukkingsdrempel = 10\nafronden_op = 0\nvoorlopige_maanden = 6\n\n",
    );
    let mut gemeenten = Vec::new();
    for (i, r) in ruw.iter().enumerate() {
        let code = GemeenteCode::parse(&format!("{}", 3001 + i)).expect("geldige code");
        let jeugdigen = r / som * 3_400_000.0;
        let naam = format!("Demogemeente {:03}", i + 1);
        writeln!(
            toml,
            "[[gemeenten]]\ncode = \"{code}\"\nnaam = \"{naam}\"\nlevering = \"kwartaal\"\ndemo_jeugdigen = {}\n",
            jeugdigen.round() as u64
        )
        .unwrap();
        gemeenten.push(Gemeente {
            code,
            naam,
            kwartaal: true,
            jeugdigen,
        });
    }
    // Product mapping, partners and column aliases are Twente's.
    let bron = model::regio::TWENTE_TOML;
    let vanaf = bron.find("# Productcode").unwrap_or(bron.len());
    toml.push_str(&bron[vanaf..]);
    let _ = regio;
    (gemeenten, toml)
}

fn leesmij(opties: &Opties, vorm: &Vorm, n: usize) -> String {
    format!(
        "SYNTHETISCHE DATA — geen echte personen, aanbieders of bedragen.\n\
         Gemaakt door `jeugdstuur demo-data --scale {:?} --seed {}`; dezelfde opdracht geeft dezelfde bestanden.\n\
         {n} gemeenten, simulatie vanaf {}, leveringen {} t/m {}.\n\n\
         Indeling volgens het leveringsformaat (EXPORT-FORMAT): trajecten/, declaraties/ en maatregelen/\n\
         met één bestand per gemeente per levering (Enschede per kwartaal), veilig_thuis/,\n\
         bevolking.csv, landelijk.csv (met bron), streefwaarden.csv en begroting.csv (een\n\
         verzonnen begroting 2025: de kosten van 2024 plus 2%). CSV zoals Nederlandse Excel:\n\
         `;`, decimale komma, datums dd-mm-jjjj, UTF-8 met BOM.\n\n\
         Bewust ingebouwde problemen uit de praktijk:\n\
         - Enschede (GM0153) levert per kwartaal en geeft geboortedatum als jjjj-mm;\n\
         - Tubbergen (GM0183) levert in Windows-1252 zonder BOM;\n\
         - Almelo (GM0141) schrijft de gemeentecode zonder GM; Hengelo (GM0164) bedragen met duizendtal-punten;\n\
         - Losser mist de levering van 2023-07 en Twenterand die van 2025-02 (de rijen komen een maand later);\n\
         - toewijzingen met terugwerkende kracht, einddatums die pas maanden later komen of later\n\
           worden gecorrigeerd, ongewijzigd opnieuw geleverde rijen;\n\
         - enkele vuile rijen: onmogelijke datum (31-02), onbekende gemeente GM9999, einddatum voor\n\
           startdatum, bedrag 'n.v.t.';\n\
         - creditdeclaraties (negatieve bedragen) met een gecorrigeerde herdeclaratie;\n\
         - de laatste maanden zijn onvolledig: declaraties komen 1-5 maanden na de zorgmaand.\n",
        opties.schaal,
        opties.seed,
        vorm.sim_van,
        maand_tekst(maandnr(vorm.data_start)),
        maand_tekst(maandnr(vorm.horizon)),
    )
}

/// National reference values with their source, as far as they could be traced.
const LANDELIJK: &str = "indicator;uitsplitsing;periode;waarde;bron;status
jeugdhulp_gebruik;totaal;2023;13,9;CBS StatLine 85098NED (jongeren <18 met jeugdhulp);definitief
crisis_start_aandeel;totaal;2024;3,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032, niet bevestigd in CBS-tabellen;voorlopig
crisis_start_aandeel;met_verblijf;2024;20,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032, niet bevestigd in CBS-tabellen;voorlopig
crisis_start_aandeel;zonder_verblijf;2024;2,1;Prioritaire Agenda Jeugdzorg Twente 2026-2032, niet bevestigd in CBS-tabellen;voorlopig
trajectduur;totaal;2024;370;Prioritaire Agenda Jeugdzorg Twente 2026-2032 (\"CBS\"), niet bevestigd in StatLine;voorlopig
gezinsgericht_aandeel;totaal;2024;16,8;Prioritaire Agenda Jeugdzorg Twente 2026-2032;voorlopig
jeugdbescherming_aandeel;totaal;2023;1,1;CBS StatLine 85098NED;definitief
jeugdbescherming_aandeel;totaal;2024;1,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032;voorlopig
jeugdreclassering_aandeel;totaal;2024;1,7;Prioritaire Agenda Jeugdzorg Twente 2026-2032 (noemer: jeugdigen met jeugdzorg);voorlopig
jeugdreclassering_aandeel;cbs_basis;2023;0,3;CBS StatLine 85098NED (noemer: inwoners 12-22);definitief
verwijzer_aandeel;gemeente_gi;2024;42,4;Prioritaire Agenda Jeugdzorg Twente 2026-2032;voorlopig
verwijzer_aandeel;huisarts;2024;34,4;Prioritaire Agenda Jeugdzorg Twente 2026-2032;voorlopig
verwijzer_aandeel;verblijf_gemeente_gi;2024;87,7;Prioritaire Agenda Jeugdzorg Twente 2026-2032;voorlopig
herhaald_beroep_aandeel;totaal;2023-H1;24,5;CBS StatLine 85097NED (terugval binnen 5 jaar, andere termijn dan hier);definitief
kosten_groei;totaal;2024;4,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032 (Improven);voorlopig
vt_hermelding_aandeel;totaal;2023;38,1;CBS StatLine 85361NED;definitief
";

/// Targets of the Prioritaire Agenda (yearly change from base year 2024).
const STREEFWAARDEN: &str = "indicator;segment;niveau;basisjaar;basiswaarde;jaarlijkse_verandering;bron
kosten;verblijf;regio;2024;;-10,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032, streefwaarden per segment
kosten;wonen;regio;2024;;-5,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032, streefwaarden per segment
kosten;wonen_verblijf;regio;2024;;-5,0;Prioritaire Agenda Jeugdzorg Twente 2026-2032 (wonen en verblijf samen, financieel nog niet te scheiden)
kosten;ambulant;regio;2024;;-2,5;Prioritaire Agenda Jeugdzorg Twente 2026-2032 (excl. ambulante alternatieven)
crisis_instroom;crisis;regio;2024;;-2,5;Prioritaire Agenda Jeugdzorg Twente 2026-2032 (daling instroom crisis)
wachttijd;ambulant;regio;2024;42;;AB 8 oktober 2025: start van de zorg binnen 6 weken
vt_hermelding_aandeel;;regio;2030;38,1;;AB 8 oktober 2025: hermeldingen onder het landelijk gemiddelde in 2030
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_the_dutch_way() {
        assert_eq!(bedrag_tekst(123456, false), "1234,56");
        assert_eq!(bedrag_tekst(123456, true), "1.234,56");
        assert_eq!(bedrag_tekst(-8510, true), "-85,10");
        assert_eq!(bedrag_tekst(123456789, true), "1.234.567,89");
        assert_eq!(bedrag_tekst(5, false), "0,05");
    }

    #[test]
    fn months_and_dates_are_formatted_as_delivered() {
        assert_eq!(maand_tekst(2024 * 12), "2024-01");
        assert_eq!(maand_tekst(2024 * 12 + 11), "2024-12");
        assert_eq!(dmj(datum(2024, 3, 5)), "05-03-2024");
    }

    #[test]
    fn pseudonyms_are_stable_and_distinct() {
        assert_eq!(pseudoniem(1, 2), pseudoniem(1, 2));
        assert_ne!(pseudoniem(1, 2), pseudoniem(2, 2));
        assert_eq!(pseudoniem(1, 2).len(), 13);
    }
}
