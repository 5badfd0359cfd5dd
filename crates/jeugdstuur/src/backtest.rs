//! `jeugdstuur backtest`: rolling-origin evaluation on the demo world (issue 23, item 5).
//!
//! The demo generator writes every delivery as files named after their delivery month
//! (`declaraties_GM0153_2024-03.csv`). The backtest ingests them month by month into a fresh
//! data folder — everything up to the first origin, then one delivery month at a time, then the
//! rest — so that each origin has the release the region would have had then, and compares the
//! origins' forecasts and signals with the final release (`pipeline::backtest`). The result is
//! a Markdown report (docs/vooruitblik.md holds the one of the Twente-scale demo).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use model::Regio;
use pipeline::backtest::{Meting, Uitslag};
use pipeline::indicatoren::nowcast;

pub struct Opties {
    /// `klein`, `twente` (or `nl`), as `demo-data --scale`.
    pub schaal: String,
    pub seed: u64,
    /// Origins: this many consecutive delivery months, the last one [`nowcast::VOLLEDIG`]
    /// months before the newest delivery (so every forecast can be judged).
    pub herkomsten: usize,
    /// With the generator's known events (`demo-data --gebeurtenissen`).
    pub gebeurtenissen: bool,
    /// Evaluate the releases an earlier run left in the work folder (no new world, no ingest).
    pub hergebruik: bool,
    pub werkmap: PathBuf,
}

/// The delivery month in a file name's last `_jjjj-mm` (None: a reference table, always read).
fn leveringsmaand(pad: &Path) -> Option<String> {
    let stam = pad.file_stem()?.to_str()?;
    let (_, m) = stam.rsplit_once('_')?;
    let geldig = m.len() == 7
        && m.as_bytes()[4] == b'-'
        && m[..4].bytes().all(|b| b.is_ascii_digit())
        && m[5..].bytes().all(|b| b.is_ascii_digit());
    geldig.then(|| m.to_string())
}

fn maandnummer(m: &str) -> i64 {
    let (j, mm) = m.split_once('-').expect("jjjj-mm");
    j.parse::<i64>().expect("jaar") * 12 + mm.parse::<i64>().expect("maand") - 1
}

pub fn draai(regio: &Regio, opties: &Opties) -> anyhow::Result<Uitslag> {
    let begin = Instant::now();
    let invoer = opties.werkmap.join("invoer");
    let data = opties.werkmap.join("data");
    if opties.hergebruik {
        // The releases of an earlier run in this work folder: every one an origin but the last.
        let mut ids: Vec<String> = pipeline::releases(&data)?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let eind = ids
            .pop()
            .context("geen releases in de werkmap om te hergebruiken")?;
        return Ok(pipeline::backtest::evalueer(&data, &ids, &eind)?);
    }
    if data.exists() {
        std::fs::remove_dir_all(&data).with_context(|| format!("{} leegmaken", data.display()))?;
    }
    demodata::genereer(
        regio,
        &demodata::Opties {
            uit: invoer.clone(),
            schaal: demodata::Schaal::parse(&opties.schaal).map_err(anyhow::Error::msg)?,
            seed: opties.seed,
            formaat: demodata::Formaat::Csv,
            gebeurtenissen: opties.gebeurtenissen,
        },
        &mut |_, _| {},
    )
    .context("demodata maken")?;
    eprintln!(
        "demowereld gemaakt in {:.0} s",
        begin.elapsed().as_secs_f64()
    );

    let mut vast = Vec::new();
    let mut per_maand: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut stapel = vec![invoer.clone()];
    while let Some(map) = stapel.pop() {
        for e in std::fs::read_dir(&map).with_context(|| format!("{}", map.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stapel.push(p);
            } else if p.extension().is_some_and(|x| x == "csv") {
                match leveringsmaand(&p) {
                    Some(m) => per_maand.entry(m).or_default().push(p),
                    None => vast.push(p),
                }
            }
        }
    }
    let laatste = per_maand
        .keys()
        .last()
        .map(|m| maandnummer(m))
        .context("geen leveringen met een maand in de bestandsnaam")?;
    let grens = laatste - nowcast::VOLLEDIG;
    let maanden: Vec<String> = per_maand
        .keys()
        .filter(|m| maandnummer(m) <= grens)
        .cloned()
        .collect();
    let herkomsten: Vec<String> = maanden
        .iter()
        .skip(maanden.len().saturating_sub(opties.herkomsten))
        .cloned()
        .collect();
    let eerste = herkomsten
        .first()
        .context("te weinig maanden voor een backtest")?;

    let mut stil = |_: usize, _: usize, _: &str| {};
    let mut ingest = |bestanden: Vec<PathBuf>| -> anyhow::Result<String> {
        let r = pipeline::ingest(&data, regio, &bestanden, &mut stil)?;
        Ok(r.release.context("de levering gaf geen nieuwe release")?.id)
    };
    let mut eerst = vast;
    let mut later: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for (m, b) in per_maand {
        if m <= *eerste {
            eerst.extend(b);
        } else {
            later.insert(m, b);
        }
    }
    let mut ids = vec![ingest(eerst)?];
    eprintln!("herkomst {eerste}: {}", ids[0]);
    let mut rest = Vec::new();
    for (m, b) in later {
        if herkomsten.contains(&m) {
            ids.push(ingest(b)?);
            eprintln!("herkomst {m}: {}", ids.last().expect("net toegevoegd"));
        } else {
            rest.extend(b);
        }
    }
    let eind = ingest(rest)?;
    eprintln!(
        "eindrelease {eind}; {} herkomsten in {:.0} s",
        ids.len(),
        begin.elapsed().as_secs_f64()
    );
    Ok(pipeline::backtest::evalueer(&data, &ids, &eind)?)
}

fn komma(x: f64, decimalen: usize) -> String {
    format!("{x:.decimalen$}").replace('.', ",")
}

fn rij(naam: &str, m: &Meting) -> String {
    format!(
        "| {naam} | {} | {} | {} |\n",
        m.n,
        m.verhouding().map_or("–".into(), |v| komma(v, 2)),
        m.dekking()
            .map_or("–".into(), |d| format!("{}%", komma(d * 100.0, 0))),
    )
}

/// The report, in Dutch (numbers with a decimal comma).
pub fn als_markdown(u: &Uitslag, opties: &Opties, regio: &Regio) -> String {
    let mut s = String::new();
    let eerste = u.herkomsten.first().map_or("", |h| h.1.as_str());
    let laatste = u.herkomsten.last().map_or("", |h| h.1.as_str());
    let _ = writeln!(
        s,
        "Demowereld `{}` (seed {}); {} herkomsten, leveringsmaanden {eerste} t/m {laatste}; \
         eindrelease {}.\n",
        opties.schaal,
        opties.seed,
        u.herkomsten.len(),
        u.eind
    );
    s.push_str("### Nowcast van voorlopige maanden\n\n");
    s.push_str(
        "Fout = Σ |verwacht − eindwaarde| ÷ Σ |voorlopige waarde − eindwaarde| (doel ≤ 0,5); \
         dekking = aandeel eindwaarden binnen het 80%-interval (doel 75–85%).\n\n",
    );
    s.push_str("| grootheid en niveau | nowcasts | fout ÷ fout voorlopig | dekking 80% |\n");
    s.push_str("|---|---:|---:|---:|\n");
    for ((g, niveau), m) in &u.per_niveau {
        let naam = nowcast::Grootheid::parse(g).map_or(*g, |g| g.naam());
        s.push_str(&rij(&format!("{naam}, {}", niveau.id()), m));
    }
    s.push_str(
        "\nPer leeftijd (maanden tussen de maand en de nieuwste levering), alle niveaus:\n\n",
    );
    s.push_str("| grootheid en leeftijd | nowcasts | fout ÷ fout voorlopig | dekking 80% |\n");
    s.push_str("|---|---:|---:|---:|\n");
    for ((g, a), m) in &u.per_leeftijd {
        let naam = nowcast::Grootheid::parse(g).map_or(*g, |g| g.naam());
        s.push_str(&rij(&format!("{naam}, {a} mnd"), m));
    }
    s.push_str(
        "\n### Jaarprognose kosten\n\nPer maand waarin de prognose gemaakt is (de nieuwste maand \
         van de release): fout = Σ |prognose − jaarcijfer| ÷ Σ |vorig jaar × groei tot nu − \
         jaarcijfer| (doel in juni ≤ 0,8); dekking van het 80%-interval (doel 75–85%).\n\n\
         | gemaakt in, niveau | prognoses | fout ÷ fout naïef | dekking 80% |\n|---|---:|---:|---:|\n",
    );
    for ((maand, niveau), m) in &u.jaar_per_maand {
        s.push_str(&rij(
            &format!(
                "{}, {}",
                model::MAANDNAMEN[(*maand - 1) as usize],
                niveau.id()
            ),
            m,
        ));
    }
    s.push_str(
        "\n### Verblijf: verwachte stand\n\nPer aantal maanden vooruit en niveau (alleen \
         gebieden met een gepubliceerde instroom): fout = Σ |verwachte stand − stand in de \
         eindrelease| ÷ Σ |stand op de peildatum − stand in de eindrelease| (doel over 6 \
         maanden ≤ 0,8); dekking van het 80%-interval (doel 75–85%).\n\n\
         | maanden vooruit, niveau | prognoses | fout ÷ fout \"blijft gelijk\" | dekking 80% |\n\
         |---|---:|---:|---:|\n",
    );
    for ((h, niveau), m) in &u.verblijf_per_horizon {
        if [1, 3, 6, 12].contains(h) {
            s.push_str(&rij(&format!("{h} mnd, {}", niveau.id()), m));
        }
    }
    s.push_str("\n### Signalen\n\n");
    let (sig, reeksen) = u
        .signalen
        .iter()
        .fold((0, 0), |(a, b), m| (a + m.signalen, b + m.reeksen));
    let _ = writeln!(
        s,
        "{sig} signalen over {reeksen} beoordeelde reeks-maanden: {} per reeks per jaar \
         (doel zonder gebeurtenissen ≤ 0,05).\n",
        u.signalen_per_reeks_per_jaar()
            .map_or("–".into(), |v| komma(v, 3))
    );
    if opties.gebeurtenissen {
        s.push_str(&gebeurtenissen_md(u, regio));
    }
    let mut per_indicator: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &u.signalen {
        for (ind, ..) in &m.lijst {
            *per_indicator.entry(ind.as_str()).or_default() += 1;
        }
    }
    if !per_indicator.is_empty() {
        s.push_str("| indicator | signalen |\n|---|---:|\n");
        let mut v: Vec<_> = per_indicator.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (ind, n) in v {
            let _ = writeln!(s, "| {ind} | {n} |");
        }
    }
    s
}

/// Whether the signals found an event: the first origin whose release has a signal on the
/// event's indicator and area (any split) about a month from the event's first month up to two
/// months later (signals judge complete months only, so a release raises it some months after
/// the month itself).
pub fn gevonden(u: &Uitslag, g: &demodata::Gebeurtenis) -> Option<(String, String)> {
    let van = maandnummer(&g.vanaf);
    u.signalen.iter().find_map(|m| {
        m.lijst
            .iter()
            .find(|(ind, niveau, code, _, periode)| {
                ind == g.indicator
                    && niveau.id() == g.niveau
                    && *code == g.code
                    && (van..=van + 2).contains(&maandnummer(periode))
            })
            .map(|(.., periode)| (m.maand.clone(), periode.clone()))
    })
}

fn gebeurtenissen_md(u: &Uitslag, regio: &Regio) -> String {
    let mut s = String::from(
        "Bekende gebeurtenissen in deze wereld (`--gebeurtenissen`), gevonden als een signaal \
         op dezelfde indicator en hetzelfde gebied over een maand binnen drie maanden vanaf de \
         gebeurtenis:\n\n| gebeurtenis | vanaf | gevonden | signaal over | in de release van |\n\
         |---|---|---|---|---|\n",
    );
    for g in demodata::gebeurtenissen(regio) {
        let (ja, over, release) = match gevonden(u, &g) {
            Some((release, periode)) => ("ja", periode, release),
            None => ("nee", "–".to_string(), "–".to_string()),
        };
        let _ = writeln!(
            s,
            "| {} ({} {} {}) | {} | {ja} | {over} | {release} |",
            g.wat, g.indicator, g.niveau, g.code, g.vanaf
        );
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_month_from_the_file_name() {
        assert_eq!(
            leveringsmaand(Path::new("x/declaraties_GM0153_2024-03.csv")).as_deref(),
            Some("2024-03")
        );
        assert_eq!(leveringsmaand(Path::new("bevolking.csv")), None);
        assert_eq!(leveringsmaand(Path::new("a_2024-3.csv")), None);
        assert_eq!(leveringsmaand(Path::new("a_20x4-03.csv")), None);
    }
}
