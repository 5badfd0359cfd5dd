//! Provider pages for contract managers: the list of (strategic) providers, a provider
//! profile against the region, and a fair comparison of all providers per indicator (funnel
//! plot with control limits; sorted by name, never by raw value).
//!
//! Provider-level data are for roles that may see them: the routes ([`routes`]) declare who,
//! and every table id of this module starts with `aanbieder` or `vergelijking`, which the
//! table rule of downloads (`toegang::regels::tabel_mag`) knows.

use askama::Template;
use askama_web::WebTemplate;
use model::PeriodeSoort;
use model::getal;
use pipeline::indicatoren::aanbieder_gemeente_code;
use pipeline::indicatoren::bereken::IndicatorDef;
use pipeline::indicatoren::statistiek::{Z_95, Z_998, trechter_oe, trechter_proportie};
use pipeline::indicatoren::uitvoer::Waarde;

use crate::dashboard::paginas::{
    Kop, TabelWeergave, eenheid, kop, splitsingnaam, waardetekst, weergave,
};
use crate::filters::{Filters, Formulier, Keuze};
use crate::staat::{Reeks, Releasedata, Staat};
use crate::tabel::{Cel, Soort, Tabel, kolom, tekst};
use pipeline::indicatoren::{Niveau, Uitsplitsing};

mod routes;
pub(crate) use routes::router;

/// A provider's name: from the region's partners, else from the stored results.
fn naam(s: &Staat, r: &Releasedata, agb: &str) -> Option<String> {
    s.regio
        .strategische_partners
        .iter()
        .find(|p| p.agb.to_string() == agb)
        .map(|p| p.naam.clone())
        .or_else(|| {
            r.zichtbaar()
                .find(|w| w.niveau == Niveau::Aanbieder && w.code == agb)
                .and_then(|w| w.naam.clone())
        })
}

/// All provider codes with stored results, with their names, sorted by name.
fn alle_aanbieders(s: &Staat, r: &Releasedata) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = r
        .zichtbaar()
        .filter(|w| w.niveau == Niveau::Aanbieder)
        .map(|w| w.code.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|c| (naam(s, r, &c).unwrap_or_else(|| c.clone()), c))
        .collect();
    v.sort();
    v.into_iter().map(|(n, c)| (c, n)).collect()
}

/// Whose figures a provider page shows: the provider in the whole region (niveau
/// `aanbieder`), or its trajecten for one gemeente (niveau `aanbieder_gemeente`, stored for
/// years and half years only) when the gemeente filter is set.
pub struct Bereik {
    pub niveau: Niveau,
    pub code: String,
    /// "in Enschede", or empty for the whole region.
    pub waar: String,
}

impl Bereik {
    /// The provider in the whole region.
    pub fn regio(agb: &str) -> Bereik {
        Bereik {
            niveau: Niveau::Aanbieder,
            code: agb.to_string(),
            waar: String::new(),
        }
    }

    pub fn van(agb: &str, k: &Keuze) -> Bereik {
        match &k.gemeente {
            Some(g) => Bereik {
                niveau: Niveau::AanbiederGemeente,
                code: aanbieder_gemeente_code(agb, g),
                waar: format!("in {}", k.gemeente_naam),
            },
            None => Bereik::regio(agb),
        }
    }

    fn waarde<'a>(
        &self,
        r: &'a Releasedata,
        ind: &str,
        u: &Uitsplitsing,
        k: &Keuze,
    ) -> Option<&'a Waarde> {
        k.periode
            .and_then(|p| r.waarde(Reeks::nieuw(ind, self.niveau, &self.code, u), p))
    }

    /// The provider's column heading: "Aanbieder" or "Aanbieder in Enschede".
    fn kolomnaam(&self) -> String {
        if self.waar.is_empty() {
            "Aanbieder".into()
        } else {
            format!("Aanbieder {}", self.waar)
        }
    }

    /// " in Enschede" for titles, or empty.
    fn achtervoegsel(&self) -> String {
        if self.waar.is_empty() {
            String::new()
        } else {
            format!(" {}", self.waar)
        }
    }
}

/// Whether per-gemeente figures of providers exist for periods of this kind.
fn per_gemeente_beschikbaar(k: &Keuze) -> bool {
    matches!(k.soort, PeriodeSoort::Jaar | PeriodeSoort::Halfjaar)
}

// ---------------------------------------------------------------- list

#[derive(Template, WebTemplate)]
#[template(path = "aanbieders.html")]
pub struct AanbiedersPagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub partners: TabelWeergave,
    pub overige: TabelWeergave,
    pub links: Vec<(String, String)>,
    pub vergelijkingen: Vec<(String, String)>,
}

pub fn lijst_tabel(s: &Staat, r: &Releasedata, k: &Keuze, strategisch: bool) -> Tabel {
    let mut t = Tabel::nieuw(
        if strategisch {
            "aanbieders-strategisch"
        } else {
            "aanbieders-overig"
        },
        &format!(
            "{} , {} (op naam, niet gerangschikt)",
            if strategisch {
                "Strategische partners"
            } else {
                "Overige aanbieders"
            },
            k.periode_label()
        )
        .replace(" ,", ","),
        vec![
            kolom("aanbieder", "Aanbieder", Soort::Tekst),
            kolom("agb", "AGB-code", Soort::Tekst),
            kolom("soort", "Soort", Soort::Tekst),
            kolom("actieve_trajecten", "Actieve trajecten", Soort::Telling),
            kolom("gestarte_trajecten", "Gestarte trajecten", Soort::Telling),
            kolom(
                "beeindigde_trajecten",
                "Beëindigde trajecten",
                Soort::Telling,
            ),
            kolom("kosten", "Kosten", Soort::Getal("euro")),
        ],
    );
    let partners: Vec<(String, String, String)> = if strategisch {
        let mut v: Vec<_> = s
            .regio
            .strategische_partners
            .iter()
            .map(|p| {
                (
                    p.naam.clone(),
                    p.agb.to_string(),
                    format!("{:?}", p.soort).to_lowercase(),
                )
            })
            .collect();
        v.sort();
        v
    } else {
        alle_aanbieders(s, r)
            .into_iter()
            .filter(|(c, _)| {
                !s.regio
                    .strategische_partners
                    .iter()
                    .any(|p| p.agb.to_string() == *c)
            })
            .map(|(c, n)| (n, c, "aanbieder".to_string()))
            .collect()
    };
    for (n, agb, soort) in partners {
        let b = Bereik::regio(&agb);
        let noemer = |ind: &str, u: &'static str| {
            b.waarde(r, ind, &Uitsplitsing::vast(u), k)
                .and_then(|w| w.noemer)
        };
        t.rijen.push(vec![
            tekst(n),
            tekst(agb.clone()),
            tekst(soort),
            Cel::Getal(noemer("verwijzer_aandeel", "gemeente_gi")),
            Cel::Getal(noemer("crisis_start_aandeel", "totaal")),
            Cel::Getal(noemer("trajectduur", "totaal")),
            Cel::Getal(
                b.waarde(r, "kosten", &Uitsplitsing::TOTAAL, k)
                    .and_then(|w| w.waarde),
            ),
        ]);
    }
    t.onderdruk_tellingen(s.regio.onderdrukkingsdrempel);
    t
}

/// The indicators a fair comparison exists for: proportions (funnel around the regional
/// value) and those with an observed/expected ratio.
fn vergelijkbaar(d: &IndicatorDef) -> bool {
    d.niveaus.contains(&Niveau::Aanbieder) && (is_proportie(d) || d.id == "trajectduur")
}

fn is_proportie(d: &IndicatorDef) -> bool {
    d.eenheid == "procent" && d.proportie
}

pub fn lijst(s: &Staat, r: &Releasedata, f: &Filters) -> AanbiedersPagina {
    let k = Keuze::maak(s, r, f);
    let partners = lijst_tabel(s, r, &k, true);
    let overige = lijst_tabel(s, r, &k, false);
    let mut links: Vec<(String, String)> = partners
        .rijen
        .iter()
        .chain(&overige.rijen)
        .filter_map(|rij| match (&rij[0], &rij[1]) {
            (Cel::Tekst(n), Cel::Tekst(c)) => Some((
                n.clone(),
                format!("/aanbieder/{c}{}", k.query_met(&[("gemeente", "")])),
            )),
            _ => None,
        })
        .collect();
    links.dedup();
    let vergelijkingen = s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| vergelijkbaar(d))
        .map(|d| {
            (
                d.naam.clone(),
                format!("/vergelijking/{}{}", d.id, k.query()),
            )
        })
        .collect();
    let mut formulier = Formulier::maak(s, r, &k);
    formulier.met_gemeente = false;
    formulier.met_segment = false;
    AanbiedersPagina {
        kop: kop(s, r, &k, "aanbieders"),
        formulier,
        actie: "/aanbieders".into(),
        partners: weergave(&partners, &k, &[]),
        overige: weergave(&overige, &k, &[]),
        links,
        vergelijkingen,
        k,
    }
}

// ---------------------------------------------------------------- profile

#[derive(Template, WebTemplate)]
#[template(path = "aanbieder.html")]
pub struct AanbiederPagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub agb: String,
    pub naam: String,
    pub strategisch: bool,
    pub rijen: Vec<ProfielRij>,
    pub tabel: TabelWeergave,
    pub duur: TabelWeergave,
    pub verblijf: TabelWeergave,
    pub volume: TabelWeergave,
    pub kosten: TabelWeergave,
    pub veranderd: Option<TabelWeergave>,
    pub vorige: String,
    /// The provider per gemeente (years and half years).
    pub gemeenten: TabelWeergave,
    /// Whether per-gemeente figures exist for the chosen kind of period.
    pub per_gemeente: bool,
    /// " in Enschede" when the gemeente filter is set, else empty.
    pub waar: String,
    /// This page without the gemeente filter.
    pub hele_regio: String,
}

pub struct ProfielRij {
    pub naam: String,
    pub aanbieder: String,
    pub regio: String,
    pub sparkline: String,
    pub vergelijking: String,
}

/// The provider against the region for every provider-level indicator (main splits).
pub fn profiel_tabel(s: &Staat, r: &Releasedata, k: &Keuze, agb: &str) -> Tabel {
    let b = Bereik::van(agb, k);
    let mut t = Tabel::nieuw(
        &format!("aanbieder-{agb}"),
        &format!(
            "{}{} tegenover de regio, {}",
            naam(s, r, agb).unwrap_or_else(|| agb.into()),
            b.achtervoegsel(),
            k.periode_label()
        ),
        vec![
            kolom("indicator", "Indicator", Soort::Tekst),
            kolom("uitsplitsing", "Uitsplitsing", Soort::Tekst),
            kolom("eenheid", "Eenheid", Soort::Tekst),
            kolom("aanbieder", &b.kolomnaam(), Soort::Getal("")),
            kolom("teller", "Teller", Soort::Telling),
            kolom("noemer", "Noemer", Soort::Telling),
            kolom("regio", "Regio", Soort::Getal("")),
        ],
    );
    for d in s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.contains(&Niveau::Aanbieder))
    {
        let u = d.hoofd.clone();
        let aw = b.waarde(r, &d.id, &u, k);
        let rw = k
            .periode
            .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", &u), p));
        t.rijen.push(vec![
            tekst(d.naam.clone()),
            tekst(splitsingnaam(&u)),
            tekst(d.eenheid.clone()),
            Cel::Getal(aw.and_then(|w| w.waarde)),
            Cel::Getal(aw.and_then(|w| w.teller)),
            Cel::Getal(aw.and_then(|w| w.noemer)),
            Cel::Getal(rw.and_then(|w| w.waarde)),
        ]);
    }
    t
}

/// A table of splits (trajectduur per hulpvorm and segment, kosten per segment) for the
/// provider against the region; `deel` is `trajectduur` or `kosten`.
pub fn splitsingen_tabel(
    s: &Staat,
    r: &Releasedata,
    k: &Keuze,
    agb: &str,
    deel: &str,
) -> Option<Tabel> {
    let d = s.catalogus.get(deel)?;
    let b = Bereik::van(agb, k);
    let titel = match deel {
        "trajectduur" => format!(
            "Trajectduur per hulpvorm en segment{}, {}",
            b.achtervoegsel(),
            k.periode_label()
        ),
        _ => format!(
            "Kosten per segment{}, {}",
            b.achtervoegsel(),
            k.periode_label()
        ),
    };
    let e = eenheid(&d.eenheid);
    let mut t = Tabel::nieuw(
        &format!("aanbieder-{agb}-{deel}"),
        &titel,
        vec![
            kolom("uitsplitsing", "Uitsplitsing", Soort::Tekst),
            kolom("aanbieder", &b.kolomnaam(), Soort::Getal(e)),
            kolom("noemer", "Aantal (noemer)", Soort::Telling),
            kolom("regio", "Regio", Soort::Getal(e)),
        ],
    );
    for u in r
        .uitsplitsingen(&d.id, Niveau::Regio)
        .into_iter()
        .filter(|u| u != "p90" && u != "mediaan")
    {
        let aw = b.waarde(r, &d.id, &u, k);
        let rw = k
            .periode
            .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", &u), p));
        if aw.is_none() {
            continue;
        }
        t.rijen.push(vec![
            tekst(splitsingnaam(&u)),
            Cel::Getal(aw.and_then(|w| w.waarde)),
            Cel::Getal(aw.and_then(|w| w.noemer)),
            Cel::Getal(rw.and_then(|w| w.waarde)),
        ]);
    }
    Some(t)
}

/// Volume: clients and trajecten of the provider, from the stored denominators.
pub fn volume_tabel(r: &Releasedata, k: &Keuze, agb: &str) -> Tabel {
    let b = Bereik::van(agb, k);
    let mut t = Tabel::nieuw(
        &format!("aanbieder-{agb}-volume"),
        &format!(
            "Cliënten en trajecten{}, {}",
            b.achtervoegsel(),
            k.periode_label()
        ),
        vec![
            kolom("maat", "Maat", Soort::Tekst),
            kolom("aanbieder", &b.kolomnaam(), Soort::Telling),
            kolom("regio", "Regio", Soort::Telling),
        ],
    );
    for (ind, u, label) in [
        (
            "verwijzer_aandeel",
            Uitsplitsing::vast("gemeente_gi"),
            "Actieve trajecten",
        ),
        (
            "crisis_start_aandeel",
            Uitsplitsing::TOTAAL,
            "Gestarte trajecten",
        ),
        ("trajectduur", Uitsplitsing::TOTAAL, "Beëindigde trajecten"),
        (
            "kosten_per_client",
            Uitsplitsing::TOTAAL,
            "Cliënten met declaraties",
        ),
    ] {
        let u = &u;
        let regio = k
            .periode
            .and_then(|p| r.waarde(Reeks::nieuw(ind, Niveau::Regio, "regio", u), p))
            .and_then(|w| w.noemer);
        t.rijen.push(vec![
            tekst(label),
            Cel::Getal(b.waarde(r, ind, u, k).and_then(|w| w.noemer)),
            Cel::Getal(regio),
        ]);
    }
    t
}

pub fn verblijf_tabel(r: &Releasedata, k: &Keuze, agb: &str) -> Tabel {
    let b = Bereik::van(agb, k);
    let mut t = Tabel::nieuw(
        &format!("aanbieder-{agb}-verblijf"),
        &format!(
            "Verblijf bij deze aanbieder{}, {}",
            b.achtervoegsel(),
            k.periode_label()
        ),
        vec![
            kolom("maat", "Maat", Soort::Tekst),
            kolom("aantal", "Aantal", Soort::Telling),
        ],
    );
    for (ind, u, label) in [
        (
            "verblijf_stand",
            "totaal",
            "In verblijf aan het einde van de periode",
        ),
        ("verblijf_instroom", "totaal", "Instroom (nieuwe episode)"),
        (
            "verblijf_doorstroom",
            "totaal",
            "Doorstroom (volgend traject in de episode)",
        ),
        ("verblijf_uitstroom", "totaal", "Uitstroom"),
        (
            "verblijf_uitstroom",
            "naar_ambulant",
            "… waarvan naar ambulante hulp",
        ),
        (
            "verblijf_uitstroom",
            "zonder_vervolg",
            "… waarvan zonder vervolg",
        ),
    ] {
        t.rijen.push(vec![
            tekst(label),
            Cel::Getal(
                b.waarde(r, ind, &Uitsplitsing::vast(u), k)
                    .and_then(|w| w.waarde),
            ),
        ]);
    }
    t
}

/// The provider's key figures in every gemeente it works in (niveau `aanbieder_gemeente`),
/// then the provider in the whole region and the region itself. Years and half years only.
pub fn gemeenten_tabel(s: &Staat, r: &Releasedata, k: &Keuze, agb: &str) -> Tabel {
    const MATEN: [(&str, &str, bool, &str, Soort); 6] = [
        (
            "gestart",
            "crisis_start_aandeel",
            true,
            "Gestarte trajecten",
            Soort::Telling,
        ),
        (
            "crisis",
            "crisis_start_aandeel",
            false,
            "Start via crisis",
            Soort::Getal("procent"),
        ),
        (
            "trajectduur",
            "trajectduur",
            false,
            "Trajectduur (gemiddeld)",
            Soort::Getal("dagen"),
        ),
        (
            "volgens_plan",
            "volgens_plan_aandeel",
            false,
            "Beëindigd volgens plan",
            Soort::Getal("procent"),
        ),
        (
            "herhaald",
            "herhaald_beroep_aandeel",
            false,
            "Herhaald beroep binnen 12 maanden",
            Soort::Getal("procent"),
        ),
        ("kosten", "kosten", false, "Kosten", Soort::Getal("euro")),
    ];
    let mut koppen = vec![kolom("gebied", "Gemeente", Soort::Tekst)];
    koppen.extend(
        MATEN
            .iter()
            .map(|(id, _, _, naam, soort)| kolom(id, naam, *soort)),
    );
    let mut t = Tabel::nieuw(
        &format!("aanbieder-{agb}-gemeenten"),
        &format!(
            "{} per gemeente, {}",
            naam(s, r, agb).unwrap_or_else(|| agb.into()),
            k.periode_label()
        ),
        koppen,
    );
    let Some(p) = k.periode.filter(|_| per_gemeente_beschikbaar(k)) else {
        return t;
    };
    let rij = |label: String, niveau: Niveau, code: &str| -> Option<Vec<Cel>> {
        let mut cellen = vec![tekst(label)];
        let mut iets = false;
        for (_, ind, noemer, _, _) in MATEN {
            let w = r.waarde(Reeks::nieuw(ind, niveau, code, &Uitsplitsing::TOTAAL), p);
            iets |= w.is_some();
            cellen.push(Cel::Getal(
                w.and_then(|w| if noemer { w.noemer } else { w.waarde }),
            ));
        }
        iets.then_some(cellen)
    };
    for g in &s.regio.gemeenten {
        let gm = g.code.to_string();
        if let Some(c) = rij(
            g.naam.clone(),
            Niveau::AanbiederGemeente,
            &aanbieder_gemeente_code(agb, &gm),
        ) {
            t.rijen.push(c);
        }
    }
    t.rijen.extend(rij(
        "Hele regio: deze aanbieder".into(),
        Niveau::Aanbieder,
        agb,
    ));
    t.rijen.extend(rij(
        format!("Hele regio: alle aanbieders ({})", s.regio.naam),
        Niveau::Regio,
        "regio",
    ));
    t.onderdruk_tellingen(s.regio.onderdrukkingsdrempel);
    t
}

/// What changed for this provider since the previous release (same periods).
pub fn veranderd_tabel(
    s: &Staat,
    r: &Releasedata,
    vorige: &Releasedata,
    k: &Keuze,
    agb: &str,
) -> Tabel {
    let b = Bereik::van(agb, k);
    let mut t = Tabel::nieuw(
        &format!("aanbieder-{agb}-wijzigingen"),
        &format!(
            "Gewijzigde cijfers{} sinds release {} ({})",
            b.achtervoegsel(),
            vorige.manifest.id,
            k.soort.naam().to_lowercase()
        ),
        vec![
            kolom("indicator", "Indicator", Soort::Tekst),
            kolom("periode", "Periode", Soort::Tekst),
            kolom("oud", "Was", Soort::Getal("")),
            kolom("nieuw", "Nu", Soort::Getal("")),
            kolom("eenheid", "Eenheid", Soort::Tekst),
        ],
    );
    for d in s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.contains(&Niveau::Aanbieder))
    {
        let nu = r.reeks(
            Reeks::nieuw(&d.id, b.niveau, &b.code, &d.hoofd),
            k.soort,
            k.periode,
            8,
        );
        for (p, w) in nu {
            let oud = vorige
                .waarde(Reeks::nieuw(&d.id, b.niveau, &b.code, &d.hoofd), p)
                .and_then(|w| w.waarde);
            let nieuw = w.and_then(|w| w.waarde);
            let anders = match (oud, nieuw) {
                (Some(a), Some(b)) => (a - b).abs() > 1e-9 * a.abs().max(1.0),
                (None, None) => false,
                _ => true,
            };
            if anders {
                t.rijen.push(vec![
                    tekst(d.naam.clone()),
                    tekst(p.label()),
                    Cel::Getal(oud),
                    Cel::Getal(nieuw),
                    tekst(d.eenheid.clone()),
                ]);
            }
        }
    }
    t
}

pub fn profiel(s: &Staat, r: &Releasedata, agb: &str, f: &Filters) -> Option<AanbiederPagina> {
    let naam = naam(s, r, agb)?;
    let k = Keuze::maak(s, r, f);
    let b = Bereik::van(agb, &k);
    let drempel = s.regio.onderdrukkingsdrempel;
    let rijen = s
        .catalogus
        .indicatoren
        .iter()
        .filter(|d| d.niveaus.contains(&Niveau::Aanbieder))
        .map(|d| {
            let u = &d.hoofd;
            let aw = b.waarde(r, &d.id, u, &k);
            let rw = k
                .periode
                .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", u), p));
            let punten: Vec<Option<f64>> = r
                .reeks(
                    Reeks::nieuw(&d.id, b.niveau, &b.code, u),
                    k.soort,
                    k.periode,
                    8,
                )
                .iter()
                .map(|(_, w)| w.and_then(|w| w.waarde))
                .collect();
            let titel = if !u.is_totaal() {
                format!("{} ({})", d.naam, splitsingnaam(u).to_lowercase())
            } else {
                d.naam.clone()
            };
            ProfielRij {
                sparkline: charts::sparkline(
                    &format!(
                        "Verloop {} bij {naam}{}",
                        titel.to_lowercase(),
                        b.achtervoegsel()
                    ),
                    &punten,
                ),
                aanbieder: waardetekst(d, aw, drempel),
                regio: waardetekst(d, rw, drempel),
                vergelijking: if vergelijkbaar(d) {
                    format!(
                        "/vergelijking/{}{}",
                        d.id,
                        k.query_met(&[("aanbieder", agb), ("gemeente", "")])
                    )
                } else {
                    String::new()
                },
                naam: titel,
            }
        })
        .collect();
    let tabel = profiel_tabel(s, r, &k, agb);
    let gemeenten = gemeenten_tabel(s, r, &k, agb);
    let duur = splitsingen_tabel(s, r, &k, agb, "trajectduur");
    let kosten = splitsingen_tabel(s, r, &k, agb, "kosten");
    let vorige_id = r.manifest.vorige.clone().unwrap_or_default();
    let veranderd = r
        .manifest
        .vorige
        .as_deref()
        .and_then(|v| s.release(Some(v)).ok())
        .map(|v| veranderd_tabel(s, r, &v, &k, agb));
    let mut formulier = Formulier::maak(s, r, &k);
    formulier.met_segment = false;
    let leeg = || Tabel::nieuw("leeg", "", vec![]);
    let per_gemeente = per_gemeente_beschikbaar(&k);
    Some(AanbiederPagina {
        gemeenten: weergave(&gemeenten, &k, &[]),
        per_gemeente,
        waar: b.achtervoegsel(),
        hele_regio: format!("/aanbieder/{agb}{}", k.query_met(&[("gemeente", "")])),
        kop: kop(s, r, &k, "aanbieders"),
        formulier,
        actie: format!("/aanbieder/{agb}"),
        strategisch: s
            .regio
            .strategische_partners
            .iter()
            .any(|p| p.agb.to_string() == agb),
        tabel: weergave(&tabel, &k, &[]),
        duur: weergave(&duur.unwrap_or_else(leeg), &k, &[]),
        kosten: weergave(&kosten.unwrap_or_else(leeg), &k, &[]),
        verblijf: weergave(&verblijf_tabel(r, &k, agb), &k, &[]),
        volume: weergave(&volume_tabel(r, &k, agb), &k, &[]),
        veranderd: veranderd.map(|t| weergave(&t, &k, &[])),
        vorige: vorige_id,
        agb: agb.into(),
        naam,
        rijen,
        k,
    })
}

// ---------------------------------------------------------------- fair comparison

#[derive(Template, WebTemplate)]
#[template(path = "vergelijking.html")]
pub struct VergelijkingPagina {
    pub kop: Kop,
    pub formulier: Formulier,
    pub actie: String,
    pub k: Keuze,
    pub d: IndicatorDef,
    pub regio: String,
    pub svg: String,
    pub svg_oe: String,
    pub tabel: TabelWeergave,
    pub telling: Vec<(String, usize)>,
}

/// One provider in the comparison.
pub struct Punt<'a> {
    pub agb: String,
    pub naam: String,
    pub w: &'a Waarde,
}

/// Providers with a visible value and volume for the indicator, by name.
fn punten<'a>(s: &Staat, r: &'a Releasedata, d: &IndicatorDef, k: &Keuze) -> Vec<Punt<'a>> {
    let Some(p) = k.periode else {
        return Vec::new();
    };
    let mut v: Vec<Punt> = alle_aanbieders(s, r)
        .into_iter()
        .filter_map(|(agb, naam)| {
            let w = r.waarde(Reeks::nieuw(&d.id, Niveau::Aanbieder, &agb, &d.hoofd), p)?;
            (w.waarde.is_some() && w.noemer.is_some_and(|n| n > 0.0)).then_some(Punt {
                agb,
                naam,
                w,
            })
        })
        .collect();
    v.sort_by(|a, b| a.naam.cmp(&b.naam));
    v
}

/// Where a value lies against the limits at its volume: "binnen", "let op" (between 95% and
/// 99,8%), "hoger"/"lager" (outside 99,8%). On a limit counts as inside.
pub fn indeling(p0: f64, waarde: f64, n: f64) -> &'static str {
    let (Some((l95, h95)), Some((l998, h998))) = (
        trechter_proportie(p0, n, Z_95),
        trechter_proportie(p0, n, Z_998),
    ) else {
        return "onbekend";
    };
    if waarde > h998 {
        "boven 99,8%-grens"
    } else if waarde < l998 {
        "onder 99,8%-grens"
    } else if waarde > h95 || waarde < l95 {
        "tussen 95%- en 99,8%-grens"
    } else {
        "binnen 95%-grenzen"
    }
}

pub fn vergelijking_tabel(s: &Staat, r: &Releasedata, d: &IndicatorDef, k: &Keuze) -> Tabel {
    let e = eenheid(&d.eenheid);
    let mut t = Tabel::nieuw(
        &format!("vergelijking-{}", d.id),
        &format!(
            "{} per aanbieder, {} (op naam; grenzen rond de regiowaarde bij het eigen volume)",
            d.naam,
            k.periode_label()
        ),
        vec![
            kolom("aanbieder", "Aanbieder", Soort::Tekst),
            kolom("noemer", "Volume (noemer)", Soort::Telling),
            kolom("waarde", "Waarde", Soort::Getal(e)),
            kolom("grens95_laag", "95%-grens laag", Soort::Getal(e)),
            kolom("grens95_hoog", "95%-grens hoog", Soort::Getal(e)),
            kolom("grens998_laag", "99,8%-grens laag", Soort::Getal(e)),
            kolom("grens998_hoog", "99,8%-grens hoog", Soort::Getal(e)),
            kolom("indeling", "Ligging (ruw)", Soort::Tekst),
            kolom("waargenomen", "Waargenomen", Soort::Getal("")),
            kolom(
                "verwacht",
                "Verwacht (hulpvorm en leeftijd)",
                Soort::Getal(""),
            ),
            kolom("oe", "Waargenomen/verwacht", Soort::Getal("")),
            kolom("indeling_oe", "Ligging (gestandaardiseerd)", Soort::Tekst),
        ],
    );
    let regio = k
        .periode
        .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", &d.hoofd), p))
        .and_then(|w| w.waarde);
    let p0 = regio.filter(|_| is_proportie(d)).map(|x| x / 100.0);
    let periode = k.periode_id();
    for p in punten(s, r, d, k) {
        let n = p.w.noemer.unwrap_or(0.0);
        let w = p.w.waarde.unwrap_or(0.0);
        let g95 = p0.and_then(|p0| trechter_proportie(p0, n, Z_95));
        let g998 = p0.and_then(|p0| trechter_proportie(p0, n, Z_998));
        let oe = r.oe(&d.id, &periode, &p.agb).filter(|o| !o.onderdrukt);
        // The O/E funnel uses Poisson limits around 1: only for counts of events.
        let oe_indeling = match oe.and_then(|o| o.oe.zip(o.verwacht)) {
            Some((x, e)) if is_proportie(d) => indeling_oe(x, e),
            Some(_) => "geen grenzen (duur)",
            None => "",
        };
        t.rijen.push(vec![
            tekst(p.naam.clone()),
            Cel::Getal(Some(n)),
            Cel::Getal(Some(w)),
            Cel::Getal(g95.map(|g| g.0 * 100.0)),
            Cel::Getal(g95.map(|g| g.1 * 100.0)),
            Cel::Getal(g998.map(|g| g.0 * 100.0)),
            Cel::Getal(g998.map(|g| g.1 * 100.0)),
            tekst(match p0 {
                Some(p0) => indeling(p0, w / 100.0, n),
                None => "",
            }),
            Cel::Getal(oe.and_then(|o| o.waargenomen)),
            Cel::Getal(oe.and_then(|o| o.verwacht)),
            Cel::Getal(oe.and_then(|o| o.oe)),
            tekst(oe_indeling),
        ]);
    }
    t
}

/// Where an O/E ratio lies against the Poisson limits 1 ± z/√E; on a limit counts as inside.
pub fn indeling_oe(oe: f64, verwacht: f64) -> &'static str {
    let (Some((l95, h95)), Some((l998, h998))) =
        (trechter_oe(verwacht, Z_95), trechter_oe(verwacht, Z_998))
    else {
        return "onbekend";
    };
    if oe > h998 {
        "boven 99,8%-grens"
    } else if oe < l998 {
        "onder 99,8%-grens"
    } else if oe > h95 || oe < l95 {
        "tussen 95%- en 99,8%-grens"
    } else {
        "binnen 95%-grenzen"
    }
}

#[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
pub fn vergelijking(
    s: &Staat,
    r: &Releasedata,
    d: &IndicatorDef,
    f: &Filters,
) -> VergelijkingPagina {
    let k = Keuze::maak(s, r, f);
    let t = vergelijking_tabel(s, r, d, &k);
    let regio = k
        .periode
        .and_then(|p| r.waarde(Reeks::nieuw(&d.id, Niveau::Regio, "regio", &d.hoofd), p))
        .and_then(|w| w.waarde);
    let nadruk = f.aanbieder.clone().unwrap_or_default();
    let pts = punten(s, r, d, &k);
    let svg = match regio.filter(|_| is_proportie(d)) {
        Some(reg) => {
            let p0 = reg / 100.0;
            let max_n = pts
                .iter()
                .filter_map(|p| p.w.noemer)
                .fold(0.0_f64, f64::max)
                .max(10.0);
            let grenzen = (1..=120)
                .map(|i| {
                    let n = max_n * 1.05 * (i as f64) / 120.0;
                    let a = trechter_proportie(p0, n, Z_95).unwrap_or((p0, p0));
                    let b = trechter_proportie(p0, n, Z_998).unwrap_or((p0, p0));
                    (n, a.0 * 100.0, a.1 * 100.0, b.0 * 100.0, b.1 * 100.0)
                })
                .collect();
            charts::trechter(&charts::Trechter {
                titel: format!(
                    "{} per aanbieder tegen het volume, {}",
                    d.naam,
                    k.periode_label()
                ),
                omschrijving: String::new(),
                eenheid: "procent".into(),
                volume_label: "Volume (noemer)".into(),
                punten: pts
                    .iter()
                    .map(|p| charts::Trechterpunt {
                        label: p.naam.clone(),
                        volume: p.w.noemer.unwrap_or(0.0),
                        waarde: p.w.waarde.unwrap_or(0.0),
                        nadruk: p.agb == nadruk,
                    })
                    .collect(),
                doel: reg,
                doel_label: format!(
                    "{} {}",
                    s.regio.naam,
                    getal::met_eenheid(Some(reg), "procent")
                ),
                grenzen,
                id: format!("trechter-{}", d.id),
            })
        }
        None => String::new(),
    };
    // The standardised comparison: O/E against the expected number, limits 1 ± z/√E.
    let periode = k.periode_id();
    let oe_punten: Vec<(String, f64, f64, bool)> = pts
        .iter()
        .filter_map(|p| {
            let o = r.oe(&d.id, &periode, &p.agb)?;
            if o.onderdrukt {
                return None;
            }
            Some((p.naam.clone(), o.verwacht?, o.oe?, p.agb == nadruk))
        })
        .collect();
    let svg_oe = if is_proportie(d) && !oe_punten.is_empty() {
        let max_e = oe_punten.iter().map(|x| x.1).fold(1.0_f64, f64::max);
        let grenzen = (1..=120)
            .map(|i| {
                let e = max_e * 1.05 * (i as f64) / 120.0;
                let a = trechter_oe(e, Z_95).unwrap_or((1.0, 1.0));
                let b = trechter_oe(e, Z_998).unwrap_or((1.0, 1.0));
                (e, a.0, a.1, b.0, b.1)
            })
            .collect();
        charts::trechter(&charts::Trechter {
            titel: format!(
                "{}: waargenomen/verwacht per aanbieder, gestandaardiseerd naar hulpvorm en leeftijd, {}",
                d.naam,
                k.periode_label()
            ),
            omschrijving: String::new(),
            eenheid: "verhouding".into(),
            volume_label: "Verwacht aantal (regiocijfers per hulpvorm en leeftijdsklasse)".into(),
            punten: oe_punten
                .iter()
                .map(|(label, e, oe, nadruk)| charts::Trechterpunt {
                    label: label.clone(),
                    volume: *e,
                    waarde: *oe,
                    nadruk: *nadruk,
                })
                .collect(),
            doel: 1.0,
            doel_label: "zoals verwacht (1,00)".into(),
            grenzen,
            id: format!("trechter-oe-{}", d.id),
        })
    } else {
        String::new()
    };
    let i = t
        .kolommen
        .iter()
        .position(|c| c.id == "indeling")
        .unwrap_or(0);
    let mut telling: Vec<(String, usize)> = Vec::new();
    for rij in &t.rijen {
        if let Cel::Tekst(x) = &rij[i]
            && !x.is_empty()
        {
            match telling.iter_mut().find(|(k, _)| k == x) {
                Some(e) => e.1 += 1,
                None => telling.push((x.clone(), 1)),
            }
        }
    }
    let mut formulier = Formulier::maak(s, r, &k);
    formulier.met_gemeente = false;
    formulier.met_segment = false;
    VergelijkingPagina {
        kop: kop(s, r, &k, "aanbieders"),
        formulier,
        actie: format!("/vergelijking/{}", d.id),
        regio: regio
            .map(|x| getal::met_eenheid(Some(x), "procent"))
            .unwrap_or_else(|| "–".into()),
        svg,
        svg_oe,
        tabel: weergave(&t, &k, &[]),
        telling,
        d: d.clone(),
        k,
    }
}

/// A provider table by id, for downloads.
pub fn tabel(s: &Staat, r: &Releasedata, f: &Filters, id: &str) -> Option<Tabel> {
    let k = Keuze::maak(s, r, f);
    match id {
        "aanbieders-strategisch" => return Some(lijst_tabel(s, r, &k, true)),
        "aanbieders-overig" => return Some(lijst_tabel(s, r, &k, false)),
        _ => {}
    }
    if let Some(ind) = id.strip_prefix("vergelijking-") {
        let d = s.catalogus.get(ind)?;
        return Some(vergelijking_tabel(s, r, d, &k));
    }
    let rest = id.strip_prefix("aanbieder-")?;
    let (agb, deel) = rest.split_once('-').unwrap_or((rest, ""));
    naam(s, r, agb)?;
    match deel {
        "" => Some(profiel_tabel(s, r, &k, agb)),
        "verblijf" => Some(verblijf_tabel(r, &k, agb)),
        "gemeenten" => Some(gemeenten_tabel(s, r, &k, agb)),
        "volume" => Some(volume_tabel(r, &k, agb)),
        "trajectduur" | "kosten" => splitsingen_tabel(s, r, &k, agb, deel),
        "wijzigingen" => {
            let v = s.release(Some(r.manifest.vorige.as_deref()?)).ok()?;
            Some(veranderd_tabel(s, r, &v, &k, agb))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indeling_against_hand_computed_limits() {
        // p0 = 0.2, n = 100: 95% limits 0.1216 .. 0.2784, 99.8% limits 0.0764 .. 0.3236.
        assert_eq!(indeling(0.2, 0.25, 100.0), "binnen 95%-grenzen");
        assert_eq!(indeling(0.2, 0.30, 100.0), "tussen 95%- en 99,8%-grens");
        assert_eq!(indeling(0.2, 0.33, 100.0), "boven 99,8%-grens");
        assert_eq!(indeling(0.2, 0.07, 100.0), "onder 99,8%-grens");
        // The same 30% at a tenth of the volume is well inside: small providers are not
        // flagged by chance alone.
        assert_eq!(indeling(0.2, 0.30, 10.0), "binnen 95%-grenzen");
        assert_eq!(indeling(0.2, 0.3, 0.0), "onbekend");
    }
}

#[cfg(test)]
mod oe_tests {
    use super::*;

    #[test]
    fn indeling_oe_against_hand_computed_poisson_limits() {
        // E = 25: 95% limits 1 ± 1.96/5 = 0.608 .. 1.392; 99.8%: 1 ± 3.09/5 = 0.382 .. 1.618.
        assert_eq!(indeling_oe(1.3, 25.0), "binnen 95%-grenzen");
        assert_eq!(indeling_oe(1.5, 25.0), "tussen 95%- en 99,8%-grens");
        assert_eq!(indeling_oe(1.7, 25.0), "boven 99,8%-grens");
        assert_eq!(indeling_oe(0.3, 25.0), "onder 99,8%-grens");
        assert_eq!(indeling_oe(1.0, 0.0), "onbekend");
    }
}
