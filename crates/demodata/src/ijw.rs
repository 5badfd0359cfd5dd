//! The synthetic world as iJw 3.2 messages (`demo-data --format ijw`): per gemeente one zip
//! `berichten/berichten_<GM>.zip` of single-message files, instead of the trajecten and
//! declaraties CSVs. Each CSV row of a delivery month becomes the message(s) that say the same
//! in that month (dagtekening: the last day of the delivery month):
//! - the first row of an allocation: JW315 (dagtekening = the request date, with the
//!   verwijzer), JW301 (toewijzing), JW305 (start) and, with an end, JW307 (stop);
//! - a later row with another end: JW307 (status 2 when it corrects an earlier stop);
//! - a later row unchanged: the JW301 sent again;
//! - declaraties: one JW323 per provider and delivery month, a prestatie per row, credit `C`.
//!
//! The dirty CSV rows (an impossible date, an unknown gemeente, an end before the start, an
//! amount `n.v.t.`) are rejected on the CSV route; here they are left out, drawing the same
//! random numbers so the rest of the world stays the same. Measures, Veilig Thuis and the
//! reference tables stay CSV: they are not in the message traffic.
//! What the messages cannot say: the provider's name; and "verwijzer known, request date
//! unknown" — the verwijzer travels only in a JW315, whose dagtekening is the request date.
//! An allocation whose request date the world lacks (a re-allocation, a measure's GI
//! allocation, a request the export did not record) is written as a request sent after the
//! start of care (dagtekening: the later of the start + 1 day and the JW301's), i.e. a
//! retroactive allocation; the wachttijd leaves a request after the start out, exactly as it
//! leaves out a row without a request date, so the indicators are the same.
//!
//! BSN's are synthetic nine-digit numbers starting with 9 (`bsn`), not checked against the
//! elfproef; the ingest replaces them by a keyed pseudonym like any other.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::params::Aanbod;
use crate::sim::{Client, Gemeentesim};

const KOP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
const BASIS: &str = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema";

/// A synthetic BSN: `9` and eight digits from the gemeente's number and the client's index.
pub fn bsn(nummer: u64) -> String {
    let gemeente = nummer >> 32;
    let index = nummer & 0xFFFF_FFFF;
    format!("9{:08}", (gemeente * 290_000 + index) % 100_000_000)
}

pub fn laatste_dag(m: i32) -> NaiveDate {
    let (j, m0) = (m.div_euclid(12), m.rem_euclid(12) as u32);
    let volgende = if m0 == 11 {
        NaiveDate::from_ymd_opt(j + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(j, m0 + 2, 1)
    };
    volgende
        .expect("geldige maand")
        .pred_opt()
        .expect("geldige dag")
}

fn eerste_dag(m: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1).expect("maand")
}

/// One prestatie of a JW323: (BSN, toewijzingnummer, categorie, productcode, month, cents).
pub type Prestatieregel = (String, String, String, String, i32, i64);

/// Writes messages into one zip per gemeente.
pub struct Berichtenschrijver {
    zip: zip::ZipWriter<std::fs::File>,
    gemeente: String,
    volgnummer: u64,
    pub berichten: u64,
    pub bytes: u64,
}

/// What the writer needs of a client and of the gemeente's deliveries.
pub struct Clientgegevens<'a> {
    pub client: &'a Client,
    pub alleen_maand: bool,
}

impl Berichtenschrijver {
    pub fn new(pad: &std::path::Path, gemeente: &str) -> std::io::Result<Self> {
        Ok(Berichtenschrijver {
            zip: zip::ZipWriter::new(std::fs::File::create(pad)?),
            gemeente: gemeente.to_string(),
            volgnummer: 0,
            berichten: 0,
            bytes: 0,
        })
    }

    pub fn klaar(self) -> std::io::Result<()> {
        self.zip.finish().map(|_| ()).map_err(std::io::Error::other)
    }

    fn bericht(&mut self, naam: &str, tekst: &str) -> std::io::Result<()> {
        let opties = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        self.zip
            .start_file(naam, opties)
            .map_err(std::io::Error::other)?;
        self.zip.write_all(tekst.as_bytes())?;
        self.berichten += 1;
        self.bytes += tekst.len() as u64;
        Ok(())
    }

    /// The header of a message; `gemeente_afzender`: JW301 (gemeente → provider).
    fn kop(
        &mut self,
        soort: &str,
        code: &str,
        agb: &str,
        dag: NaiveDate,
        van_gemeente: bool,
    ) -> (String, String) {
        self.volgnummer += 1;
        let id = format!("{}{:08}", &self.gemeente[2..], self.volgnummer);
        let g = &self.gemeente[2..];
        let (afzender, ontvanger) = if van_gemeente { (g, agb) } else { (agb, g) };
        let ns = soort.to_lowercase();
        let mut s = String::with_capacity(2048);
        write!(
            s,
            "{KOP}\n<{ns}:Bericht xmlns:ijw=\"{BASIS}\" xmlns:{ns}=\"http://www.istandaarden.nl/ijw/3_2/{ns}/schema\">\
<{ns}:Header><{ns}:BerichtCode>{code}</{ns}:BerichtCode><{ns}:BerichtVersie>3</{ns}:BerichtVersie>\
<{ns}:BerichtSubversie>2</{ns}:BerichtSubversie><{ns}:Afzender>{afzender}</{ns}:Afzender>\
<{ns}:Ontvanger>{ontvanger}</{ns}:Ontvanger><{ns}:BerichtIdentificatie><ijw:Identificatie>{id}</ijw:Identificatie>\
<ijw:Dagtekening>{dag}</ijw:Dagtekening></{ns}:BerichtIdentificatie><{ns}:XsdVersie>\
<ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie><ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>\
</{ns}:XsdVersie></{ns}:Header>"
        )
        .expect("schrijven in een String");
        (s, id)
    }

    fn client(ns: &str, c: &Clientgegevens, volledige_naam: bool) -> String {
        let geboren = if c.alleen_maand {
            format!(
                "<ijw:Datum>{}-{:02}-01</ijw:Datum><ijw:DatumGebruik>1</ijw:DatumGebruik>",
                c.client.geboren.year(),
                c.client.geboren.month()
            )
        } else {
            format!("<ijw:Datum>{}</ijw:Datum>", c.client.geboren)
        };
        let naamgebruik = if volledige_naam {
            "<ijw:NaamGebruik>1</ijw:NaamGebruik>"
        } else {
            ""
        };
        format!(
            "<{ns}:Bsn>{}</{ns}:Bsn><{ns}:Geboortedatum>{geboren}</{ns}:Geboortedatum>\
<{ns}:Geslacht>{}</{ns}:Geslacht><{ns}:Naam><ijw:Geslachtsnaam><ijw:Achternaam>Demo</ijw:Achternaam>\
</ijw:Geslachtsnaam><ijw:Voorletters>X</ijw:Voorletters>{naamgebruik}</{ns}:Naam>",
            bsn(c.client.nummer),
            c.client.geslacht
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub fn jw315(
        &mut self,
        m: i32,
        agb: &str,
        c: &Clientgegevens,
        aanvraag: NaiveDate,
        referentie: &str,
        categorie: &str,
        code: &str,
        start: NaiveDate,
        verwijzer: &str,
    ) -> std::io::Result<()> {
        let (mut s, id) = self.kop("JW315", "446", agb, aanvraag, false);
        writeln!(
            s,
            "<jw315:Client>{}<jw315:AangevraagdeProducten><jw315:AangevraagdProduct>\
<jw315:ReferentieAanbieder>{referentie}</jw315:ReferentieAanbieder>\
<jw315:Product><ijw:Categorie>{categorie}</ijw:Categorie><ijw:Code>{code}</ijw:Code></jw315:Product>\
<jw315:ToewijzingIngangsdatum>{start}</jw315:ToewijzingIngangsdatum>\
<jw315:Verwijzer><ijw:Type>{verwijzer}</ijw:Type></jw315:Verwijzer>\
</jw315:AangevraagdProduct></jw315:AangevraagdeProducten></jw315:Client></jw315:Bericht>",
            Self::client("jw315", c, false)
        )
        .expect("String");
        let naam = format!("{}/{}/JW315_{id}.xml", self.gemeente, maand(m));
        self.bericht(&naam, &s)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn jw301(
        &mut self,
        m: i32,
        agb: &str,
        c: &Clientgegevens,
        nummer: &str,
        referentie: Option<&str>,
        categorie: &str,
        code: &str,
        toegewezen: NaiveDate,
        ingang: NaiveDate,
    ) -> std::io::Result<()> {
        let (mut s, id) = self.kop("JW301", "436", agb, laatste_dag(m), true);
        let referentie = referentie
            .map(|r| format!("<jw301:ReferentieAanbieder>{r}</jw301:ReferentieAanbieder>"))
            .unwrap_or_default();
        writeln!(
            s,
            "<jw301:Client>{}<jw301:Contactgegevens><jw301:Contact><jw301:Soort>01</jw301:Soort></jw301:Contact>\
</jw301:Contactgegevens><jw301:ToegewezenProducten><jw301:ToegewezenProduct>\
<jw301:ToewijzingNummer>{nummer}</jw301:ToewijzingNummer>{referentie}\
<jw301:Product><ijw:Categorie>{categorie}</ijw:Categorie><ijw:Code>{code}</ijw:Code></jw301:Product>\
<jw301:Toewijzingsdatum>{toegewezen}</jw301:Toewijzingsdatum><jw301:Toewijzingstijd>12:00:00</jw301:Toewijzingstijd>\
<jw301:Ingangsdatum>{ingang}</jw301:Ingangsdatum></jw301:ToegewezenProduct></jw301:ToegewezenProducten>\
</jw301:Client></jw301:Bericht>",
            Self::client("jw301", c, true)
        )
        .expect("String");
        let naam = format!("{}/{}/JW301_{id}.xml", self.gemeente, maand(m));
        self.bericht(&naam, &s)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn jw305(
        &mut self,
        m: i32,
        agb: &str,
        c: &Clientgegevens,
        nummer: &str,
        ingang: NaiveDate,
        start: NaiveDate,
    ) -> std::io::Result<()> {
        let (mut s, id) = self.kop("JW305", "438", agb, laatste_dag(m), false);
        writeln!(
            s,
            "<jw305:Client>{}<jw305:StartProducten><jw305:StartProduct>\
<jw305:ToewijzingNummer>{nummer}</jw305:ToewijzingNummer><jw305:ToewijzingIngangsdatum>{ingang}</jw305:ToewijzingIngangsdatum>\
<jw305:Begindatum>{start}</jw305:Begindatum><jw305:StatusAanlevering>1</jw305:StatusAanlevering>\
</jw305:StartProduct></jw305:StartProducten></jw305:Client></jw305:Bericht>",
            Self::client("jw305", c, false)
        )
        .expect("String");
        let naam = format!("{}/{}/JW305_{id}.xml", self.gemeente, maand(m));
        self.bericht(&naam, &s)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn jw307(
        &mut self,
        m: i32,
        agb: &str,
        c: &Clientgegevens,
        nummer: &str,
        ingang: NaiveDate,
        start: NaiveDate,
        einde: NaiveDate,
        reden: &str,
        correctie: bool,
    ) -> std::io::Result<()> {
        let (mut s, id) = self.kop("JW307", "440", agb, laatste_dag(m), false);
        writeln!(
            s,
            "<jw307:Client>{}<jw307:StopProducten><jw307:StopProduct>\
<jw307:ToewijzingNummer>{nummer}</jw307:ToewijzingNummer><jw307:ToewijzingIngangsdatum>{ingang}</jw307:ToewijzingIngangsdatum>\
<jw307:Begindatum>{start}</jw307:Begindatum><jw307:RedenBeeindiging>{reden}</jw307:RedenBeeindiging>\
<jw307:Einddatum>{einde}</jw307:Einddatum><jw307:StatusAanlevering>{}</jw307:StatusAanlevering>\
</jw307:StopProduct></jw307:StopProducten></jw307:Client></jw307:Bericht>",
            Self::client("jw307", c, false),
            if correctie { 2 } else { 1 }
        )
        .expect("String");
        let naam = format!("{}/{}/JW307_{id}.xml", self.gemeente, maand(m));
        self.bericht(&naam, &s)
    }

    /// One JW323 of a provider for a delivery month: (bsn, nummer, categorie, code,
    /// periode month, cents) per prestatie, grouped per client in first-seen order.
    pub fn jw323(
        &mut self,
        m: i32,
        agb: &str,
        prestaties: &[Prestatieregel],
    ) -> std::io::Result<()> {
        let dag = laatste_dag(m);
        let (mut s, id) = self.kop("JW323", "490", agb, dag, false);
        let van = prestaties.iter().map(|p| p.4).min().unwrap_or(m);
        let tot = prestaties.iter().map(|p| p.4).max().unwrap_or(m);
        let totaal: i64 = prestaties.iter().map(|p| p.5).sum();
        write!(
            s,
            "<jw323:Declaratie><jw323:DeclaratieNummer>{id}</jw323:DeclaratieNummer>\
<jw323:DeclaratiePeriode><ijw:Begindatum>{}</ijw:Begindatum><ijw:Einddatum>{}</ijw:Einddatum></jw323:DeclaratiePeriode>\
<jw323:DeclaratieDagtekening>{dag}</jw323:DeclaratieDagtekening><jw323:TotaalIngediendBedrag>\
<ijw:TotaalBedrag>{}</ijw:TotaalBedrag><ijw:DebetCredit>{}</ijw:DebetCredit></jw323:TotaalIngediendBedrag><jw323:Clienten>",
            eerste_dag(van),
            laatste_dag(tot),
            totaal.unsigned_abs(),
            if totaal < 0 { "C" } else { "D" }
        )
        .expect("String");
        let mut volgorde: Vec<&str> = Vec::new();
        let mut per_client: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in prestaties.iter().enumerate() {
            per_client
                .entry(p.0.as_str())
                .or_insert_with(|| {
                    volgorde.push(p.0.as_str());
                    Vec::new()
                })
                .push(i);
        }
        for b in volgorde {
            write!(
                s,
                "<jw323:Client><jw323:Bsn>{b}</jw323:Bsn><jw323:Prestaties>"
            )
            .expect("String");
            for &i in &per_client[b] {
                let (_, nummer, categorie, code, periode, centen) = &prestaties[i];
                write!(
                    s,
                    "<jw323:Prestatie><jw323:ProductReferentie><ijw:ReferentieNummer>{id}-{i}</ijw:ReferentieNummer>\
</jw323:ProductReferentie><jw323:ToewijzingNummer>{nummer}</jw323:ToewijzingNummer>\
<jw323:ProductCategorie>{categorie}</jw323:ProductCategorie><jw323:ProductCode>{code}</jw323:ProductCode>\
<jw323:ProductPeriode><ijw:Begindatum>{}</ijw:Begindatum><ijw:Einddatum>{}</ijw:Einddatum></jw323:ProductPeriode>\
<jw323:GeleverdVolume>1</jw323:GeleverdVolume><jw323:Eenheid>82</jw323:Eenheid>\
<jw323:IngediendBedrag><ijw:Bedrag>{}</ijw:Bedrag><ijw:DebetCredit>{}</ijw:DebetCredit></jw323:IngediendBedrag>\
</jw323:Prestatie>",
                    eerste_dag(*periode),
                    laatste_dag(*periode),
                    centen.unsigned_abs(),
                    if *centen < 0 { "C" } else { "D" }
                )
                .expect("String");
            }
            s.push_str("</jw323:Prestaties></jw323:Client>");
        }
        s.push_str("</jw323:Clienten></jw323:Declaratie></jw323:Bericht>\n");
        let naam = format!("{}/{}/JW323_{id}.xml", self.gemeente, maand(m));
        self.bericht(&naam, &s)
    }
}

fn maand(m: i32) -> String {
    format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// The toewijzingnummer in the messages: the allocation's index, nine digits (LDT_Nummer).
pub fn nummer(t_idx: u32) -> String {
    format!("{t_idx:09}")
}

/// What was sent of one allocation so far: its last stop.
pub type Verstuurd = BTreeMap<u32, Option<NaiveDate>>;

/// The messages for one CSV row (delivery month `m`, allocation `t_idx`, end shown).
pub fn trajectrij(
    w: &mut Berichtenschrijver,
    verstuurd: &mut Verstuurd,
    sim: &Gemeentesim,
    aanbod: &Aanbod,
    alleen_maand: bool,
    (m, t_idx, einde): (i32, u32, Option<NaiveDate>),
) -> std::io::Result<()> {
    let t = &sim.toewijzingen[t_idx as usize];
    let c = Clientgegevens {
        client: &sim.clients[t.client as usize],
        alleen_maand,
    };
    let a = &aanbod.aanbieders[t.aanbieder as usize];
    let p = &aanbod.producten[t.product as usize];
    let n = nummer(t_idx);
    let categorie = p.categorie.to_string();
    // The provider's reference that links the JW315 to the JW301; every JW301 of the
    // allocation repeats it.
    let referentie = Some(format!("R{t_idx}"));
    let verzoek = t
        .aanvraag
        .unwrap_or_else(|| laatste_dag(m).max(t.start + chrono::Duration::days(1)));
    let (toegewezen, ingang) = (t.toewijzingsdatum(), t.ingangsdatum());
    match verstuurd.get(&t_idx).copied() {
        None => {
            if let Some(r) = &referentie {
                w.jw315(
                    m,
                    &a.agb,
                    &c,
                    verzoek,
                    r,
                    &categorie,
                    p.code,
                    t.start,
                    t.verwijzer,
                )?;
            }
            w.jw301(
                m,
                &a.agb,
                &c,
                &n,
                referentie.as_deref(),
                &categorie,
                p.code,
                toegewezen,
                ingang,
            )?;
            w.jw305(m, &a.agb, &c, &n, ingang, t.start)?;
            if let Some(e) = einde {
                w.jw307(m, &a.agb, &c, &n, ingang, t.start, e, t.reden, false)?;
            }
        }
        Some(vorige) if vorige != einde => {
            let e = einde.expect("een getoond einde verdwijnt niet");
            w.jw307(
                m,
                &a.agb,
                &c,
                &n,
                ingang,
                t.start,
                e,
                t.reden,
                vorige.is_some(),
            )?;
        }
        Some(_) => {
            w.jw301(
                m,
                &a.agb,
                &c,
                &n,
                referentie.as_deref(),
                &categorie,
                p.code,
                toegewezen,
                ingang,
            )?;
        }
    }
    verstuurd.insert(t_idx, einde);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetische_bsns_zijn_negen_cijfers_en_verschillend() {
        let a = bsn((3u64 << 32) | 17);
        assert_eq!(a, "900870017");
        assert_ne!(bsn((3u64 << 32) | 18), a);
        assert_eq!(bsn((342u64 << 32) | 289_999).len(), 9);
        assert_eq!(laatste_dag(2024 * 12 + 1).to_string(), "2024-02-29");
    }
}
