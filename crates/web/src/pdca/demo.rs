//! A demo PDCA year next to the embedded demo data (synthetic, and marked so): three
//! duidingssessies with agendas, duidingen by the data-adviesgroep, a gemeente and a provider,
//! decisions and actions (one overdue), so a newcomer sees the cycle working instead of empty
//! pages. Created once, on a database without sessions, by `jeugdstuur serve` on its demo.

use model::{Periode, PeriodeSoort};
use store::{Agendapunt, NieuweActie, NieuweDuiding, NieuweSessie, Store, StoreFout};

use crate::staat::Staat;

/// The demo accounts the sessions invite and the actions belong to (created by the CLI with
/// the demo password): (login, naam, rol, gemeenten, aanbieder).
pub fn demo_accounts(s: &Staat) -> Vec<(String, String, String, Vec<String>, String)> {
    let mut v = vec![
        (
            "adviesgroep".into(),
            "Data-adviesgroep (demo)".into(),
            "data-adviesgroep".into(),
            vec![],
            String::new(),
        ),
        (
            "bestuur".into(),
            "Lid Algemeen Bestuur (demo)".into(),
            "bestuur".into(),
            vec![],
            String::new(),
        ),
    ];
    if let Some(g) = s.regio.gemeenten.first() {
        v.push((
            "gemeente".into(),
            format!("Beleidsadviseur {} (demo)", g.naam),
            "gemeente".into(),
            vec![g.code.to_string()],
            String::new(),
        ));
    }
    if let Some(p) = s.regio.strategische_partners.first() {
        v.push((
            "aanbieder".into(),
            format!("{} (demo)", p.naam),
            "aanbieder".into(),
            vec![],
            p.agb.to_string(),
        ));
    }
    v
}

const MERK: &str = "*Synthetisch voorbeeld bij de demodata.*";

/// Fills an empty PDCA store with the demo year; returns the number of sessions made (0 when
/// the store already has sessions).
pub async fn vul(s: &Staat, st: &Store) -> Result<usize, StoreFout> {
    if !st.sessies().await?.is_empty() {
        return Ok(0);
    }
    let r = s
        .release(None)
        .map_err(|e| StoreFout::Ongeldig(e.to_string()))?;
    let Some(jaar) = r.standaard.get(&PeriodeSoort::Jaar).copied() else {
        return Ok(0);
    };
    let j = jaar.jaar();
    let gemeente = s.regio.gemeenten.first().map(|g| g.code.to_string());
    let partner = s
        .regio
        .strategische_partners
        .first()
        .map(|p| p.agb.to_string());
    let agenda = agenda(jaar, gemeente.as_deref(), partner.as_deref());
    let uitgenodigd = ["gemeente", "aanbieder"].map(String::from).to_vec();
    let sessies = [
        (
            format!("{j}-03-12"),
            "[Demo] Duidingssessie verblijf en crisis",
        ),
        (
            format!("{j}-06-18"),
            "[Demo] Duidingssessie met strategische partners",
        ),
        (format!("{j}-10-08"), "[Demo] Voorbereiding jaarrapport"),
    ];
    let mut ids = Vec::new();
    for (datum, titel) in &sessies {
        let x = st
            .maak_sessie(
                "Data-adviesgroep (adviesgroep)",
                &NieuweSessie {
                    datum: datum.clone(),
                    titel: titel.to_string(),
                    deelnemers: "Data-adviesgroep, contractmanagers, Enschede, strategische \
                                 partner (synthetisch)"
                        .into(),
                    release_id: r.manifest.id.clone(),
                    agenda: agenda.clone(),
                    uitgenodigd: uitgenodigd.clone(),
                },
            )
            .await?;
        ids.push(x.id);
    }
    duidingen(
        st,
        &r.manifest.id,
        &ids,
        &agenda,
        gemeente.is_some(),
        partner.is_some(),
    )
    .await?;
    acties(st, &ids, j).await?;
    Ok(ids.len())
}

/// The demo agenda: a segment's costs, the region's verblijf, a gemeente and a provider.
fn agenda(jaar: Periode, gemeente: Option<&str>, partner: Option<&str>) -> Vec<Agendapunt> {
    let punt = |indicator: &str, niveau: &str, code: &str, periode: Periode, toelichting: &str| {
        Agendapunt {
            indicator: indicator.into(),
            niveau: niveau.into(),
            code: code.into(),
            uitsplitsing: String::new(),
            periode: periode.to_string(),
            toelichting: toelichting.into(),
        }
    };
    let mut agenda = vec![
        punt(
            "kosten",
            "segment",
            "verblijf",
            jaar,
            "Kosten verblijf tegen het streefpad (−10%)",
        ),
        punt(
            "verblijf_instroom",
            "regio",
            "regio",
            jaar,
            "Instroom in verblijf",
        ),
    ];
    if let Some(g) = gemeente {
        agenda.push(punt(
            "crisis_instroom",
            "gemeente",
            g,
            jaar,
            "Crisisinstroom",
        ));
    }
    if let Some(a) = partner {
        agenda.push(punt(
            "trajectduur",
            "aanbieder",
            a,
            jaar,
            "Trajectduur bij deze partner",
        ));
    }
    agenda
}

/// The demo duidingen: by the data-adviesgroep, the gemeente and the provider.
async fn duidingen(
    st: &Store,
    release: &str,
    ids: &[i64],
    agenda: &[Agendapunt],
    gemeente: bool,
    partner: bool,
) -> Result<(), StoreFout> {
    let duiding = |sessie: i64, p: &Agendapunt, tekst: &str| NieuweDuiding {
        sessie_id: Some(sessie),
        indicator: p.indicator.clone(),
        niveau: p.niveau.clone(),
        code: p.code.clone(),
        uitsplitsing: p.uitsplitsing.clone(),
        periode: p.periode.clone(),
        release_id: release.to_string(),
        waarde_toen: None,
        tekst: format!("{tekst}\n\n{MERK}"),
    };
    st.voeg_duiding_toe(
        "Data-adviesgroep (adviesgroep)",
        &duiding(
            ids[0],
            &agenda[0],
            "De kosten van verblijf dalen minder snel dan het streefpad vraagt: de \
             doorstroom naar wonen blijft achter bij de plannen.",
        ),
    )
    .await?;
    st.voeg_duiding_toe(
        "Data-adviesgroep (adviesgroep)",
        &duiding(
            ids[0],
            &agenda[1],
            "De instroom in verblijf is stabiel; de wachtlijst voor gezinsgerichte plekken \
             verklaart een deel van de plaatsingen buiten de regio.",
        ),
    )
    .await?;
    if gemeente {
        st.voeg_duiding_toe(
            "Beleidsadviseur (gemeente)",
            &duiding(
                ids[1],
                &agenda[2],
                "De crisisinstroom in onze gemeente hangt samen met de sluiting van een \
                 inloopvoorziening in het voorjaar.",
            ),
        )
        .await?;
    }
    if partner {
        st.voeg_duiding_toe(
            "Strategische partner (aanbieder)",
            &duiding(
                ids[1],
                &agenda[agenda.len() - 1],
                "Langere trajecten door een zwaardere doelgroep; wij bespreken dit graag met \
                 de contractmanager.",
            ),
        )
        .await?;
    }
    Ok(())
}

/// The demo decisions and actions, one of them overdue.
async fn acties(st: &Store, ids: &[i64], j: i32) -> Result<(), StoreFout> {
    let actie = |sessie: i64,
                 soort: &str,
                 titel: &str,
                 eigenaar: &str,
                 login: Option<&str>,
                 deadline: String,
                 status: &str,
                 indicator: &str| NieuweActie {
        sessie_id: Some(sessie),
        soort: soort.into(),
        titel: titel.into(),
        omschrijving: "Synthetisch voorbeeld bij de demodata.".into(),
        eigenaar: eigenaar.into(),
        deadline: Some(deadline),
        status: status.into(),
        indicator: Some(indicator.into()),
        streefwaarde: None,
        eigenaar_login: login.map(str::to_string),
    };
    let acties = [
        actie(
            ids[0],
            "verbeteractie",
            "Doorstroom verblijf naar wonen versnellen",
            "Data-adviesgroep",
            Some("adviesgroep"),
            format!("{j}-05-01"),
            "loopt",
            "kosten",
        ),
        actie(
            ids[0],
            "besluit",
            "Crisisinstroom per gemeente elk kwartaal bespreken",
            "Data-adviesgroep",
            None,
            format!("{j}-12-31"),
            "open",
            "crisis_instroom",
        ),
        actie(
            ids[1],
            "verbeteractie",
            "Analyse crisisinstroom na sluiting inloopvoorziening",
            "Beleidsadviseur gemeente",
            Some("gemeente"),
            // Overdue on purpose: "Mijn acties" and the register mark it.
            format!("{j}-07-01"),
            "open",
            "crisis_instroom",
        ),
        actie(
            ids[1],
            "verbeteractie",
            "Gesprek over trajectduur met de partner",
            "Strategische partner",
            Some("aanbieder"),
            format!("{}-02-01", j + 1),
            "open",
            "trajectduur",
        ),
    ];
    for a in &acties {
        st.voeg_actie_toe("Data-adviesgroep (adviesgroep)", a)
            .await?;
    }
    Ok(())
}
