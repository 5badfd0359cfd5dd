//! iJw 3.2 messages (`.xml`, one message per file, or a `.zip` of them) as a source of the
//! canonical tables `trajecten` and `declaraties`. Each message is read safely and validated
//! against its official XSD by the `ijw` crate; a message with any schema error is rejected
//! whole, with one reject row per problem (file, message id, XPath-like place, value, reason),
//! and nothing of it is loaded. Messages in = loaded + rejected, per message.
//!
//! From the valid messages, per gemeente and toewijzingnummer, the trajecten rows are put
//! together the way a monitor export shows them: one row per delivery month in which a
//! message about the allocation came in (the month of its dagtekening), holding the state
//! after all messages so far — the latest JW301 (product, client), the latest JW305 start and
//! JW307 stop (a later message corrects an earlier one; `StatusAanlevering` 3 withdraws it),
//! and the request date and verwijzer of the JW315 whose `ReferentieAanbieder` the JW301
//! names. An allocation without a start (JW305) is not yet a traject and gives no row. Those
//! assembled rows then pass the same validation as a CSV row (`valideer`), so hulpvorm,
//! segment and crisis come from the region's product table and every rule holds alike.
//! Declaraties: one row per JW323 prestatie, eurocents turned into euros, credit negative.
//!
//! What the messages do not carry: the provider's name (rows load without it), the wait
//! before the intake (see `../shared/ijw/README.md`: the JW315 is sent after the intake), and
//! the verwijzer of an allocation without a JW315 (COD327 travels in JW315/JW316 only): that
//! row loads with an unknown verwijzer.
//! The BSN never gets here: the `ijw` crate replaced it by its keyed pseudonym.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use ijw::bericht::{Aangevraagd, Client, Inhoud, Toegewezen};
use ijw::{Bericht, Sleutel, SleutelFout};
use model::Regio;

use crate::brontabel::Brontabel;
use crate::inlezen::{Bestandsverslag, sha256};
use crate::valideer::{self, Bestandscontext, Veld};

/// File extensions read as iJw messages.
pub const BERICHTBESTANDEN: [&str; 2] = ["xml", "zip"];
/// The most entries a zip of messages may have.
pub const MAX_ZIP_ITEMS: usize = 2_000_000;

/// One reject: (tabel, file, row/element number, column or XPath, value, reason).
pub type Afwijzing = (String, String, i64, String, String, String);

/// A valid message with the name it came under (`file.xml` or `archief.zip/entry.xml`).
struct Gelezen {
    naam: String,
    bericht: Bericht,
}

/// What the messages of one ingest gave.
pub struct Uitkomst {
    pub verslagen: Vec<Bestandsverslag>,
    /// Typed rows for `trajecten` and `declaraties`, with `bron_bestand` and `bron_rij`.
    pub rijen: BTreeMap<Brontabel, Vec<Vec<Veld>>>,
    pub afgewezen: Vec<Afwijzing>,
}

fn verslag(naam: &str, sha: String) -> Bestandsverslag {
    Bestandsverslag {
        sha256: sha,
        ..Bestandsverslag::nieuw(naam, Some("ijw"))
    }
}

/// Reads the message files and zips. When every message offered was read before under the
/// same name and content, nothing is loaded again (`al ingelezen`); otherwise all of them
/// are read and assembled together, so a folder or zip that grows month by month rebuilds
/// every allocation from all its messages.
pub fn lees(
    paden: &[&Path],
    regio: &Regio,
    sleutel: &Result<Sleutel, SleutelFout>,
    overslaan: &dyn Fn(&str, &str) -> bool,
) -> Uitkomst {
    let mut uit = Uitkomst {
        verslagen: Vec::new(),
        rijen: BTreeMap::new(),
        afgewezen: Vec::new(),
    };
    let sleutel = match sleutel {
        Ok(s) => s,
        Err(e) => {
            for p in paden {
                let mut v = verslag(&crate::inlezen::bestandsnaam(p), String::new());
                v.status = "fout".into();
                v.fout = Some(e.to_string());
                uit.verslagen.push(v);
            }
            return uit;
        }
    };
    let mut geldig: Vec<Gelezen> = Vec::new();
    for p in paden {
        let naam = crate::inlezen::bestandsnaam(p);
        let is_zip = p
            .extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("zip"));
        if is_zip {
            if let Err(f) = lees_zip(p, &naam, sleutel, &mut geldig, &mut uit) {
                let mut v = verslag(&naam, String::new());
                v.status = "fout".into();
                v.fout = Some(f);
                uit.verslagen.push(v);
            }
        } else {
            match std::fs::File::open(p) {
                Ok(f) => neem(&naam, f, sleutel, &mut geldig, &mut uit),
                Err(e) => {
                    let mut v = verslag(&naam, String::new());
                    v.status = "fout".into();
                    v.fout = Some(format!("het bestand kan niet worden gelezen: {e}"));
                    uit.verslagen.push(v);
                }
            }
        }
    }
    let berichten: Vec<&Bestandsverslag> = uit
        .verslagen
        .iter()
        .filter(|v| v.status != "fout")
        .collect();
    if !berichten.is_empty() && berichten.iter().all(|v| overslaan(&v.naam, &v.sha256)) {
        for v in &mut uit.verslagen {
            v.status = "al ingelezen".into();
            v.rijen_gelezen = 0;
            v.rijen_geladen = 0;
            v.rijen_afgewezen = 0;
        }
        uit.afgewezen.clear();
        return uit;
    }
    let voor = uit.afgewezen.len();
    voeg_samen(&geldig, regio, &mut uit);
    // The assembled rows have their own account: rows put together = loaded + rejected.
    let geladen: usize = uit.rijen.values().map(Vec::len).sum();
    let afgewezen = uit.afgewezen.len() - voor;
    let mut som = verslag(
        SAMENGESTELD,
        sha256(
            uit.verslagen
                .iter()
                .map(|v| v.sha256.as_str())
                .collect::<String>()
                .as_bytes(),
        ),
    );
    som.tabel = Some("trajecten, declaraties".into());
    som.rijen_gelezen = (geladen + afgewezen) as u64;
    som.rijen_geladen = geladen as u64;
    som.rijen_afgewezen = afgewezen as u64;
    uit.verslagen.push(som);
    uit
}

/// The name under which the rows assembled from messages are accounted for.
pub const SAMENGESTELD: &str = "(iJw-berichten samengevoegd)";

fn lees_zip(
    pad: &Path,
    naam: &str,
    sleutel: &Sleutel,
    geldig: &mut Vec<Gelezen>,
    uit: &mut Uitkomst,
) -> Result<(), String> {
    let f = std::fs::File::open(pad)
        .map_err(|e| format!("het bestand kan niet worden gelezen: {e}"))?;
    let mut zip = zip::ZipArchive::new(f).map_err(|e| {
        format!("geen leesbaar zip-archief: {e}; verwacht een .zip met iJw-berichten (.xml)")
    })?;
    if zip.len() > MAX_ZIP_ITEMS {
        return Err(format!(
            "het zip-archief heeft {} bestanden; meer dan {MAX_ZIP_ITEMS} komt in een levering niet voor",
            zip.len()
        ));
    }
    for i in 0..zip.len() {
        let item = zip
            .by_index(i)
            .map_err(|e| format!("bestand {} in het zip-archief is onleesbaar: {e}", i + 1))?;
        if item.is_dir() {
            continue;
        }
        let binnen = item
            .name()
            .map_err(|e| {
                format!(
                    "bestand {} in het zip-archief heeft een onleesbare naam: {e}",
                    i + 1
                )
            })?
            .to_string();
        let kort = binnen.rsplit('/').next().unwrap_or(&binnen).to_string();
        if kort.starts_with('.') || !kort.to_lowercase().ends_with(".xml") {
            continue;
        }
        // The size the archive claims is not trusted: `neem` reads at most the limit.
        neem(&format!("{naam}/{binnen}"), item, sleutel, geldig, uit);
    }
    Ok(())
}

/// Reads one message (at most the size limit), accounts for it and keeps it when valid.
fn neem(
    naam: &str,
    r: impl Read,
    sleutel: &Sleutel,
    geldig: &mut Vec<Gelezen>,
    uit: &mut Uitkomst,
) {
    let mut bytes = Vec::new();
    let gelezen = r
        .take(ijw::bericht::MAX_BERICHT + 1)
        .read_to_end(&mut bytes);
    let mut v = verslag(naam, sha256(&bytes));
    v.rijen_gelezen = 1;
    let uitslag = match gelezen {
        Ok(_) => ijw::lees(&bytes, sleutel),
        Err(e) => Err(ijw::Berichtfout {
            bericht_id: None,
            fouten: vec![ijw::xsd::Fout {
                pad: "/".into(),
                waarde: String::new(),
                reden: format!("het bericht kan niet worden gelezen: {e}"),
            }],
        }),
    };
    match uitslag {
        Ok(b) => {
            v.rijen_geladen = 1;
            v.tabel = Some(b.kop.soort.to_string());
            geldig.push(Gelezen {
                naam: naam.to_string(),
                bericht: b,
            });
        }
        Err(f) => {
            v.rijen_afgewezen = 1;
            let id = f.bericht_id.unwrap_or_else(|| "onbekend".into());
            for (i, fout) in f.fouten.into_iter().enumerate() {
                uit.afgewezen.push((
                    "ijw".into(),
                    naam.to_string(),
                    i as i64 + 1,
                    fout.pad,
                    fout.waarde,
                    format!("bericht {id} afgewezen, niets geladen: {}", fout.reden),
                ));
            }
        }
    }
    uit.verslagen.push(v);
}

/// One event on an allocation, in the order messages came in.
enum Gebeurtenis<'a> {
    Toewijzing(&'a Client, &'a str, &'a Toegewezen),
    Start(NaiveDate, &'a str),
    Stop(NaiveDate, &'a str, &'a str),
}

struct Regel<'a> {
    dag: NaiveDate,
    naam: &'a str,
    element: usize,
    wat: Gebeurtenis<'a>,
}

fn gemeente(code: &str) -> String {
    format!("GM{code}")
}

fn maand(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

type Verzoeken<'a> = HashMap<(String, String, String), (NaiveDate, &'a Aangevraagd)>;

#[expect(
    clippy::too_many_lines,
    reason = "one pass over the messages; split when the JW317/JW319 flow is added"
)]
fn voeg_samen(geldig: &[Gelezen], regio: &Regio, uit: &mut Uitkomst) {
    // JW315 requests by (gemeente, provider, provider's reference): the latest counts.
    let mut verzoeken: Verzoeken = HashMap::new();
    let mut per_toewijzing: BTreeMap<(String, String), Vec<Regel>> = BTreeMap::new();
    let mut declaraties: Vec<(String, String, usize, &ijw::bericht::Prestatie, NaiveDate)> =
        Vec::new();
    for g in geldig {
        let k = &g.bericht.kop;
        match &g.bericht.inhoud {
            Inhoud::Verzoek(_, producten) => {
                for p in producten {
                    let sleutel = (
                        gemeente(&k.ontvanger),
                        k.afzender.clone(),
                        p.referentie.clone(),
                    );
                    if verzoeken
                        .get(&sleutel)
                        .is_none_or(|(d, _)| *d <= k.dagtekening)
                    {
                        verzoeken.insert(sleutel, (k.dagtekening, p));
                    }
                }
            }
            Inhoud::Toewijzing(c, producten) => {
                for (i, p) in producten.iter().enumerate() {
                    per_toewijzing
                        .entry((gemeente(&k.afzender), p.nummer.clone()))
                        .or_default()
                        .push(Regel {
                            dag: k.dagtekening,
                            naam: &g.naam,
                            element: i + 1,
                            wat: Gebeurtenis::Toewijzing(c, &k.ontvanger, p),
                        });
                }
            }
            Inhoud::Start(_, producten) => {
                for (i, p) in producten.iter().enumerate() {
                    per_toewijzing
                        .entry((gemeente(&k.ontvanger), p.nummer.clone()))
                        .or_default()
                        .push(Regel {
                            dag: k.dagtekening,
                            naam: &g.naam,
                            element: i + 1,
                            wat: Gebeurtenis::Start(p.begindatum, &p.status),
                        });
                }
            }
            Inhoud::Stop(_, producten) => {
                for (i, p) in producten.iter().enumerate() {
                    per_toewijzing
                        .entry((gemeente(&k.ontvanger), p.nummer.clone()))
                        .or_default()
                        .push(Regel {
                            dag: k.dagtekening,
                            naam: &g.naam,
                            element: i + 1,
                            wat: Gebeurtenis::Stop(p.einddatum, &p.reden, &p.status),
                        });
                }
            }
            Inhoud::Declaratie(regels) => {
                for (i, p) in regels.iter().enumerate() {
                    declaraties.push((
                        gemeente(&k.ontvanger),
                        g.naam.clone(),
                        i + 1,
                        p,
                        k.dagtekening,
                    ));
                }
            }
        }
    }

    let ctx = Bestandscontext {
        regio,
        aanlevering: None,
        gemeente: None,
    };
    let kolommen: Vec<&'static str> = Brontabel::Trajecten
        .kolommen()
        .iter()
        .map(|k| k.naam)
        .collect();
    let posities: Vec<(&'static str, Option<usize>)> = kolommen
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, Some(i)))
        .collect();
    for regels in per_toewijzing.values_mut() {
        regels.sort_by(|a, b| (a.dag, a.naam, a.element).cmp(&(b.dag, b.naam, b.element)));
    }
    let mut trajecten = Vec::new();
    for ((gm, nummer), regels) in per_toewijzing {
        let mut toewijzing: Option<(&Client, &str, &Toegewezen)> = None;
        let mut start: Option<NaiveDate> = None;
        let mut stop: Option<(NaiveDate, &str)> = None;
        let mut i = 0;
        while i < regels.len() {
            let m = maand(regels[i].dag);
            let mut laatste = &regels[i];
            while i < regels.len() && maand(regels[i].dag) == m {
                let r = &regels[i];
                match &r.wat {
                    Gebeurtenis::Toewijzing(c, agb, p) => toewijzing = Some((c, agb, p)),
                    Gebeurtenis::Start(d, status) => {
                        start = (*status != "3").then_some(*d);
                    }
                    Gebeurtenis::Stop(d, reden, status) => {
                        stop = (*status != "3").then_some((*d, *reden));
                    }
                }
                laatste = r;
                i += 1;
            }
            let Some((c, agb, p)) = toewijzing else {
                continue;
            };
            let Some(begin) = start else {
                continue;
            };
            let verzoek = p
                .referentie
                .as_ref()
                .and_then(|r| verzoeken.get(&(gm.clone(), agb.to_string(), r.clone())));
            let geboren = match c.datum_gebruik.as_deref() {
                Some("1") => maand(c.geboortedatum),
                Some("2") => format!("{}-01", c.geboortedatum.year()),
                _ => c.geboortedatum.to_string(),
            };
            let cel = |k: &str| -> String {
                match k {
                    "aanlevering" => m.clone(),
                    "gemeente" => gm.clone(),
                    "client_id" => c.pseudoniem.clone(),
                    "geboortedatum" => geboren.clone(),
                    "geslacht" => c.geslacht.clone(),
                    "toewijzingnummer" => nummer.clone(),
                    "aanbieder_agb" => agb.to_string(),
                    "productcategorie" => p
                        .product
                        .as_ref()
                        .map(|x| x.categorie.clone())
                        .unwrap_or_default(),
                    "productcode" => p
                        .product
                        .as_ref()
                        .and_then(|x| x.code.clone())
                        .unwrap_or_default(),
                    "verwijzer" => verzoek
                        .map(|(_, a)| a.verwijzer.clone())
                        .unwrap_or_default(),
                    "aanvraagdatum" => verzoek.map(|(d, _)| d.to_string()).unwrap_or_default(),
                    "toewijzingsdatum" => p.toewijzingsdatum.to_string(),
                    "toewijzing_ingangsdatum" => p.ingangsdatum.to_string(),
                    "startdatum" => begin.to_string(),
                    "einddatum" => stop.map(|(d, _)| d.to_string()).unwrap_or_default(),
                    "reden_beeindiging" => stop.map(|(_, r)| r.to_string()).unwrap_or_default(),
                    _ => String::new(),
                }
            };
            let cellen: Vec<String> = kolommen.iter().map(|k| cel(k)).collect();
            let rij = valideer::rij(&posities, &cellen);
            match valideer::valideer(Brontabel::Trajecten, &rij, &ctx) {
                Ok(mut w) => {
                    w.push(Veld::Tekst(Some(laatste.naam.to_string())));
                    w.push(Veld::Geheel(Some(laatste.element as i64)));
                    trajecten.push(w);
                }
                Err(a) => {
                    let a = crate::inlezen::zonder_pseudoniem(a);
                    uit.afgewezen.push((
                        "trajecten".into(),
                        laatste.naam.to_string(),
                        laatste.element as i64,
                        a.kolom,
                        a.waarde,
                        format!("toewijzing {nummer} van {gm}: {}", a.reden),
                    ));
                }
            }
        }
        if toewijzing.is_none() {
            let r = regels.last().expect("minstens één regel");
            uit.afgewezen.push((
                "trajecten".into(),
                r.naam.to_string(),
                r.element as i64,
                "ToewijzingNummer".into(),
                nummer.clone(),
                format!(
                    "geen toewijzing (JW301) met toewijzingnummer {nummer} van {gm} bij de aangeboden berichten: start of stop (JW305/JW307) niet te plaatsen; lever de JW301 mee"
                ),
            ));
        }
    }

    let dkolommen: Vec<&'static str> = Brontabel::Declaraties
        .kolommen()
        .iter()
        .map(|k| k.naam)
        .collect();
    let dposities: Vec<(&'static str, Option<usize>)> = dkolommen
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, Some(i)))
        .collect();
    let mut drijen = Vec::new();
    for (gm, naam, element, p, dag) in declaraties {
        let bedrag = format!(
            "{}{},{:02}",
            if p.centen < 0 { "-" } else { "" },
            p.centen.unsigned_abs() / 100,
            p.centen.unsigned_abs() % 100
        );
        let cellen: Vec<String> = dkolommen
            .iter()
            .map(|k| match *k {
                "aanlevering" => maand(dag),
                "gemeente" => gm.clone(),
                "toewijzingnummer" => p.nummer.clone(),
                "periode" => maand(p.begindatum),
                "bedrag" => bedrag.clone(),
                _ => String::new(),
            })
            .collect();
        let rij = valideer::rij(&dposities, &cellen);
        match valideer::valideer(Brontabel::Declaraties, &rij, &ctx) {
            Ok(mut w) => {
                w.push(Veld::Tekst(Some(naam)));
                w.push(Veld::Geheel(Some(element as i64)));
                drijen.push(w);
            }
            Err(a) => uit.afgewezen.push((
                "declaraties".into(),
                naam,
                element as i64,
                a.kolom,
                a.waarde,
                a.reden,
            )),
        }
    }
    uit.rijen.insert(Brontabel::Trajecten, trajecten);
    uit.rijen.insert(Brontabel::Declaraties, drijen);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use polars::prelude::*;

    use crate::release::{ingest_met_sleutel, lees_tabel, releasemap};

    const BSN: [&str; 2] = ["999900006", "999900018"];

    fn voorbeeld(naam: &str) -> String {
        let p = format!(
            "{}/../ijw/tests/fixtures/{naam}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(p).unwrap()
    }

    /// The official examples, moved into Twente: gemeente 0384/0363 → 0153 (Enschede), the
    /// provider of the start/stop (65656055) is the one allocated to (42420001), and the
    /// products are ambulant (45) instead of landelijk ingekocht (55), for which Twente's
    /// product table has no hulpvorm (such a row is rejected, as from a CSV).
    fn in_twente(tekst: &str) -> String {
        tekst
            .replace(">55<", ">45<")
            .replace(">55A1", ">45A1")
            .replace(">0384<", ">0153<")
            .replace(">0363<", ">0153<")
            .replace(">65656055<", ">42420001<")
    }

    fn schrijf(map: &std::path::Path, naam: &str, tekst: &str) -> PathBuf {
        let p = map.join(naam);
        std::fs::write(&p, tekst).unwrap();
        p
    }

    fn tekst(df: &DataFrame, k: &str) -> Vec<String> {
        df.column(k)
            .unwrap()
            .cast(&DataType::String)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn berichten_worden_trajecten_en_declaraties() {
        let invoer = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        for n in [
            "JW301.xml",
            "JW305.xml",
            "JW307.xml",
            "JW323.xml",
            "JW315.xml",
        ] {
            schrijf(invoer.path(), n, &in_twente(&voorbeeld(n)));
        }
        let sleutel = ijw::Sleutel::demo();
        let r = ingest_met_sleutel(
            data.path(),
            &model::Regio::twente(),
            &[invoer.path().to_path_buf()],
            Some(sleutel.clone()),
            &mut |_, _, _| {},
        )
        .unwrap();
        // Messages: 5 in = 4 loaded + 1 rejected (JW315, 2027-06-31).
        let berichten: Vec<_> = r
            .verslagen
            .iter()
            .filter(|v| v.naam.ends_with(".xml"))
            .collect();
        assert_eq!(berichten.len(), 5);
        assert_eq!(berichten.iter().map(|v| v.rijen_geladen).sum::<u64>(), 4);
        let jw315 = berichten.iter().find(|v| v.naam == "JW315.xml").unwrap();
        assert_eq!((jw315.rijen_gelezen, jw315.rijen_afgewezen), (1, 1));
        let id = r.release.unwrap().id;
        let af = lees_tabel(data.path(), &id, "afgewezen").unwrap();
        let kolom = tekst(&af, "kolom");
        let i = kolom
            .iter()
            .position(|k| k.ends_with("AangevraagdProduct[1]/ToewijzingEinddatum"))
            .expect("JW315 afgewezen op zijn onmogelijke datum");
        assert_eq!(tekst(&af, "bron_bestand")[i], "JW315.xml");
        assert_eq!(tekst(&af, "waarde")[i], "2027-06-31");
        assert!(tekst(&af, "reden")[i].contains("bericht 123456789012 afgewezen, niets geladen"));
        assert!(tekst(&af, "reden")[i].contains("bestaat niet"));

        // Every message of an allocation: JW301 + JW305 in April, JW307 in July → two
        // delivered rows per allocation; the current state has the stop.
        let lev = lees_tabel(data.path(), &id, "leveringen/trajecten").unwrap();
        assert_eq!(
            tekst(&lev, "aanlevering"),
            ["2026-04", "2026-04", "2026-07", "2026-07"]
        );
        let t = lees_tabel(data.path(), &id, "trajecten").unwrap();
        assert_eq!(tekst(&t, "toewijzingnummer"), ["300201", "300202"]);
        assert_eq!(tekst(&t, "gemeente"), ["GM0153", "GM0153"]);
        assert_eq!(tekst(&t, "aanbieder_agb"), ["42420001", "42420001"]);
        assert_eq!(tekst(&t, "productcode"), ["45A11", "45A12"]);
        assert_eq!(tekst(&t, "startdatum"), ["2026-04-03", "2026-04-15"]);
        assert_eq!(tekst(&t, "einddatum"), ["2026-07-17", "2026-07-17"]);
        assert_eq!(tekst(&t, "reden_beeindiging"), ["31", "31"]);
        assert_eq!(tekst(&t, "geboortedatum"), ["2010-02-14", "2010-02-14"]);
        // The JW315 was rejected: no request date, no verwijzer.
        assert_eq!(tekst(&t, "aanvraagdatum"), ["", ""]);
        assert_eq!(
            tekst(&t, "client_id"),
            [sleutel.pseudoniem(BSN[0]), sleutel.pseudoniem(BSN[0])]
        );

        // Declaraties: 5 prestaties; 50 + 240 + 50 + 240 + 210 = 790 euro.
        let d = lees_tabel(data.path(), &id, "declaraties").unwrap();
        assert_eq!(d.height(), 5);
        let som: f64 = d.column("bedrag").unwrap().f64().unwrap().sum().unwrap();
        assert_eq!(som, 790.0);
        assert_eq!(
            tekst(&d, "periode"),
            ["2026-04", "2026-04", "2026-04", "2026-04", "2026-03"]
        );
        assert_eq!(tekst(&d, "aanlevering"), ["2026-05"; 5]);

        // The corrected JW315 gives the request date and the verwijzer of each product
        // (linked by ReferentieAanbieder), and a re-offer of the folder rebuilds from all.
        schrijf(
            invoer.path(),
            "JW315.xml",
            &in_twente(&voorbeeld("JW315.xml")).replace("2027-06-31", "2027-06-30"),
        );
        let r = ingest_met_sleutel(
            data.path(),
            &model::Regio::twente(),
            &[invoer.path().to_path_buf()],
            Some(sleutel.clone()),
            &mut |_, _, _| {},
        )
        .unwrap();
        let id = r.release.unwrap().id;
        let t = lees_tabel(data.path(), &id, "trajecten").unwrap();
        assert_eq!(tekst(&t, "aanvraagdatum"), ["2026-04-01", "2026-04-01"]);
        assert_eq!(tekst(&t, "verwijzer"), ["01", "02"]);
        assert_eq!(
            lees_tabel(data.path(), &id, "leveringen/trajecten")
                .unwrap()
                .height(),
            4
        );
        assert_eq!(
            lees_tabel(data.path(), &id, "declaraties")
                .unwrap()
                .height(),
            5
        );
        let af = lees_tabel(data.path(), &id, "afgewezen").unwrap();
        assert!(!tekst(&af, "bron_bestand").contains(&"JW315.xml".to_string()));

        // The same folder again: nothing new.
        let r = ingest_met_sleutel(
            data.path(),
            &model::Regio::twente(),
            &[invoer.path().to_path_buf()],
            Some(sleutel),
            &mut |_, _, _| {},
        )
        .unwrap();
        assert!(r.release.is_none());

        geen_bsn_in(data.path());
    }

    /// No BSN in any file of the data folder: every Parquet table read back (its text
    /// columns, since Parquet compresses), every other file as bytes.
    fn geen_bsn_in(map: &std::path::Path) {
        let mut stapel = vec![map.to_path_buf()];
        let mut tabellen = 0;
        while let Some(d) = stapel.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stapel.push(p);
                } else if p.extension().is_some_and(|e| e == "parquet") {
                    tabellen += 1;
                    let df = ParquetReader::new(std::fs::File::open(&p).unwrap())
                        .finish()
                        .unwrap();
                    for c in df.columns() {
                        let s = c.cast(&DataType::String).unwrap();
                        for v in s.str().unwrap().iter().flatten() {
                            for b in BSN {
                                assert!(!v.contains(b), "BSN {b} in {}: {v}", p.display());
                            }
                        }
                    }
                } else {
                    let bytes = std::fs::read(&p).unwrap();
                    let t = String::from_utf8_lossy(&bytes);
                    for b in BSN {
                        assert!(!t.contains(b), "BSN {b} in {}", p.display());
                    }
                }
            }
        }
        assert!(
            tabellen > 10,
            "{tabellen} tabellen in {}",
            releasemap(map).display()
        );
    }

    #[test]
    fn zonder_sleutel_een_nederlandse_fout_en_niets_geladen() {
        let invoer = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let p = schrijf(
            invoer.path(),
            "JW301.xml",
            &in_twente(&voorbeeld("JW301.xml")),
        );
        let b = super::lees(
            &[p.as_path()],
            &model::Regio::twente(),
            &Err(ijw::SleutelFout::Ontbreekt),
            &|_, _| false,
        );
        assert_eq!(b.verslagen.len(), 1);
        assert_eq!(b.verslagen[0].status, "fout");
        assert!(
            b.verslagen[0]
                .fout
                .as_ref()
                .unwrap()
                .contains("geen sleutel voor het pseudonimiseren")
        );
        assert!(b.rijen.is_empty());
        let _ = data;
    }

    #[test]
    fn start_zonder_toewijzing_intrekken_en_onbekende_gemeente() {
        let invoer = tempfile::tempdir().unwrap();
        let jw301 = in_twente(&voorbeeld("JW301.xml"));
        let jw305 = in_twente(&voorbeeld("JW305.xml"));
        let jw307 = in_twente(&voorbeeld("JW307.xml"));
        // (a) A start for an allocation no JW301 names: not placeable, one reject.
        let los = jw305
            .replace(">300201<", ">777<")
            .replace(">123456789012<", ">555<");
        // (b) The stop of 300201 withdrawn (status 3) by a later message in August: the
        // August row is open again; 300202 keeps its stop.
        let intrek = jw307
            .replacen(
                "<jw307:StatusAanlevering>1<",
                "<jw307:StatusAanlevering>3<",
                1,
            )
            .replace(">2026-07-20<", ">2026-08-03<");
        // (c) The same allocation numbers from a gemeente outside the region: the assembled
        // rows fail the CSV validation (gemeente) and are rejected, named by allocation.
        let vreemd = jw301.replace(">0153<", ">0363<");
        let paden: Vec<PathBuf> = [
            ("a_JW301.xml", jw301.as_str()),
            ("b_JW305.xml", jw305.as_str()),
            ("c_JW307.xml", jw307.as_str()),
            ("d_JW305_los.xml", los.as_str()),
            ("e_JW307_intrek.xml", intrek.as_str()),
            ("f_JW301_vreemd.xml", vreemd.as_str()),
            ("g_JW305_vreemd.xml", &jw305.replace(">0153<", ">0363<")),
        ]
        .iter()
        .map(|(n, t)| schrijf(invoer.path(), n, t))
        .collect();
        let p: Vec<&std::path::Path> = paden.iter().map(PathBuf::as_path).collect();
        let b = super::lees(
            &p,
            &model::Regio::twente(),
            &Ok(ijw::Sleutel::demo()),
            &|_, _| false,
        );
        // 7 messages, all valid.
        assert_eq!(
            b.verslagen.iter().filter(|v| v.rijen_geladen == 1).count(),
            7
        );
        // Rows: 300201 and 300202 in April, July, August = 6; the foreign 300201/300202
        // (April) rejected = 2; the loose start of 777 rejected = 1.
        let som = b.verslagen.last().unwrap();
        assert_eq!(som.naam, super::SAMENGESTELD);
        assert_eq!(
            (som.rijen_gelezen, som.rijen_geladen, som.rijen_afgewezen),
            (9, 6, 3)
        );
        assert_eq!(b.rijen[&crate::Brontabel::Trajecten].len(), 6);
        let redenen: Vec<&str> = b.afgewezen.iter().map(|a| a.5.as_str()).collect();
        assert!(
            redenen
                .iter()
                .any(|r| r.contains("geen toewijzing (JW301) met toewijzingnummer 777 van GM0153")),
            "{redenen:?}"
        );
        assert_eq!(
            redenen
                .iter()
                .filter(|r| r.contains("van GM0363") && r.contains("hoort niet bij regio"))
                .count(),
            2,
            "{redenen:?}"
        );
        // The August row of 300201 has no end (stop withdrawn), of 300202 the July end.
        let e = crate::valideer::kolomnamen(crate::Brontabel::Trajecten)
            .iter()
            .position(|k| *k == "einddatum")
            .unwrap();
        let einde = |i: usize| match &b.rijen[&crate::Brontabel::Trajecten][i][e] {
            crate::valideer::Veld::Datum(d) => *d,
            _ => panic!("einddatum is een datum"),
        };
        let maand = |i: usize| match &b.rijen[&crate::Brontabel::Trajecten][i][0] {
            crate::valideer::Veld::Tekst(t) => t.clone().unwrap(),
            _ => panic!(),
        };
        let aug: Vec<usize> = (0..6).filter(|&i| maand(i) == "2026-08").collect();
        assert_eq!(aug.len(), 2);
        assert_eq!(einde(aug[0]), None);
        assert_eq!(
            einde(aug[1]).map(|d| d.to_string()).as_deref(),
            Some("2026-07-17")
        );
    }

    #[test]
    fn een_zip_van_berichten_is_hetzelfde_als_de_map() {
        use std::io::Write;
        let invoer = tempfile::tempdir().unwrap();
        let p = invoer.path().join("berichten.zip");
        let mut z = ::zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        for n in ["JW301.xml", "JW305.xml", "JW307.xml", "JW323.xml"] {
            z.start_file(
                format!("2026/{n}"),
                ::zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(in_twente(&voorbeeld(n)).as_bytes()).unwrap();
        }
        z.finish().unwrap();
        let b = super::lees(
            &[p.as_path()],
            &model::Regio::twente(),
            &Ok(ijw::Sleutel::demo()),
            &|_, _| false,
        );
        let namen: Vec<&str> = b.verslagen.iter().map(|v| v.naam.as_str()).collect();
        assert_eq!(
            namen,
            [
                "berichten.zip/2026/JW301.xml",
                "berichten.zip/2026/JW305.xml",
                "berichten.zip/2026/JW307.xml",
                "berichten.zip/2026/JW323.xml",
                super::SAMENGESTELD
            ]
        );
        // 4 trajecten rows (2 allocations × April, July) + 5 declaraties, none rejected.
        let som = b.verslagen.last().unwrap();
        assert_eq!(
            (som.rijen_gelezen, som.rijen_geladen, som.rijen_afgewezen),
            (9, 9, 0)
        );
        assert_eq!(b.rijen[&crate::Brontabel::Trajecten].len(), 4);
        assert_eq!(b.rijen[&crate::Brontabel::Declaraties].len(), 5);
    }
}
