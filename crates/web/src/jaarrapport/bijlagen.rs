//! The annexes: datakwaliteit (from typed rows, never from a page's display headers) and
//! definities (the catalogue).

#[allow(unused_imports)]
use super::*;

impl Opbouw<'_> {
    #[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
    pub(super) fn datakwaliteit(&self) -> Sectie {
        let jaar = self.jaar.jaar();
        let j = jaar.to_string();
        let m = &self.r.manifest;
        let k = Keuze::maak(
            self.s,
            self.r,
            &Filters {
                periode: Some(j.clone()),
                release: Some(m.id.clone()),
                ..Default::default()
            },
        );
        let mut blokken = Vec::new();
        // Deliveries per gemeente and month of the year, from the stored completeness rows
        // (typed: never the page's display table).
        let (per_gemeente, voorlopige_maanden) = leveringen_per_gemeente(&self.r.leveringen, &j);
        // In the region's order.
        let volgorde: HashMap<&str, usize> = self
            .s
            .regio
            .gemeenten
            .iter()
            .enumerate()
            .map(|(i, g)| (g.naam.as_str(), i))
            .collect();
        let mut gemeenten: Vec<(&String, &Telling)> = per_gemeente.iter().collect();
        gemeenten.sort_by_key(|(n, _)| volgorde.get(n.as_str()).copied().unwrap_or(usize::MAX));
        let ontbrekend: Vec<String> = gemeenten
            .iter()
            .filter(|(_, t)| !t.ontbreekt.is_empty())
            .map(|(n, t)| {
                format!(
                    "{n}: {}",
                    t.ontbreekt
                        .iter()
                        .map(|m| maand_nl(m))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        blokken.push(Blok::Alinea(format!(
            "Hoe volledig de leveringen over {jaar} zijn, per gemeente (uit release {}; \
             leveringen tot en met {}). Bij een gemeente die per kwartaal levert, staan \
             twee van de drie maanden van elk kwartaal als 'in kwartaallevering': hun \
             gegevens zitten in de levering van het kwartaal. 'Aantal wijkt af': het aantal \
             rijen wijkt sterk af van wat de gemeente gewoonlijk levert.",
            m.id,
            m.laatste_aanlevering
                .as_deref()
                .map(maand_nl)
                .unwrap_or_else(|| "–".into())
        )));
        blokken.push(Blok::Tabel {
            titel: format!("Leveringen per gemeente over {jaar} (aantal maanden)"),
            koppen: [
                "Gemeente",
                "Geleverd",
                "In kwartaallevering",
                "Ontbreekt",
                "Aantal wijkt af",
                "Voorlopig",
            ]
            .map(String::from)
            .to_vec(),
            rijen: gemeenten
                .iter()
                .map(|(n, t)| {
                    vec![
                        n.to_string(),
                        t.geleverd.to_string(),
                        t.kwartaal.to_string(),
                        t.ontbreekt.len().to_string(),
                        t.afwijkend.to_string(),
                        t.voorlopig.to_string(),
                    ]
                })
                .collect(),
            rechts: vec![false, true, true, true, true, true],
        });
        let mut punten = Vec::new();
        if ontbrekend.is_empty() {
            punten.push(format!("Geen ontbrekende leveringen over {jaar}."));
        } else {
            punten.push(format!(
                "Ontbrekende leveringen: {}.",
                ontbrekend.join("; ")
            ));
        }
        match (voorlopige_maanden.first(), voorlopige_maanden.last()) {
            (Some(a), Some(b)) => punten.push(format!(
                "Voorlopige perioden: {} tot en met {} (de laatste {} maanden voor de nieuwste \
                 levering kunnen nog wijzigen). Cijfers over {jaar} zijn daardoor {}.",
                maand_nl(a),
                maand_nl(b),
                self.s.regio.voorlopige_maanden,
                if self.alles_voorlopig() {
                    "voorlopig"
                } else {
                    "deels voorlopig (gemarkeerd met *)"
                }
            )),
            _ => punten.push(format!(
                "Geen voorlopige maanden in {jaar}: de cijfers zijn definitief."
            )),
        }
        let afgewezen = self
            .r
            .manifest
            .tabellen
            .get("afgewezen")
            .copied()
            .unwrap_or(0);
        punten.push(format!(
            "Bij het inlezen zijn {afgewezen} rijen afgewezen (met de reden per rij op de \
             pagina Datakwaliteit van het dashboard); de cijfers tellen alleen goedgekeurde rijen."
        ));
        blokken.push(Blok::Opsomming(punten));
        // Revisions since the previous release, through the shared table (suppressed counts).
        let wijz = paginas::wijzigingen_tabel(self.s, self.r, &k);
        let totaal = m
            .wijzigingen
            .iter()
            .map(|(s, n)| format!("{} {s}", getal::nl(*n as f64, 0)))
            .collect::<Vec<_>>()
            .join(", ");
        blokken.push(Blok::Alinea(match &m.vorige {
            Some(v) => format!(
                "Herzieningen sinds de vorige release ({v}): {}. Een herziening met \
                 terugwerkende kracht verandert cijfers over eerdere perioden.",
                if totaal.is_empty() {
                    "geen".into()
                } else {
                    totaal
                }
            ),
            None => format!(
                "Release {} is de eerste release: er is nog niets herzien ({}).",
                m.id,
                if totaal.is_empty() {
                    "geen toewijzingen".into()
                } else {
                    totaal
                }
            ),
        }));
        if m.vorige.is_some() {
            blokken.push(self.tabelblok_met(&wijz, &WIJZIGINGEN_KOPPEN));
        }
        // The next annex starts on a new page.
        blokken.push(Blok::Pagina);
        Sectie {
            kop: "Bijlage: datakwaliteit".into(),
            blokken,
        }
    }

    /// The year-end projection of costs for the report's year, when the release has one (the
    /// year is not complete yet): a forecast, said so in the heading, the text and the table
    /// title, never mixed with the observed figures of the sections before.
    pub(super) fn vooruitblik(&self) -> Option<Sectie> {
        let jaar = self.jaar.jaar();
        let mut p: Vec<&pipeline::indicatoren::jaarprognose::Jaarprognose> =
            self.r.jaarprognoses().filter(|p| p.jaar == jaar).collect();
        if p.is_empty() {
            return None;
        }
        p.sort_by(|a, b| {
            (
                a.niveau,
                !a.uitsplitsing.is_totaal(),
                &a.naam,
                &a.uitsplitsing,
            )
                .cmp(&(
                    b.niveau,
                    !b.uitsplitsing.is_totaal(),
                    &b.naam,
                    &b.uitsplitsing,
                ))
        });
        let regio = p
            .first()
            .filter(|p| p.niveau == Niveau::Regio && p.uitsplitsing.is_totaal());
        let e = |x: f64| getal::met_eenheid(Some(x), "euro");
        let mut blokken = vec![Blok::Alinea(format!(
            "PROGNOSE — geen waarneming. Het jaar {jaar} is in deze release nog niet compleet \
             (gegevens tot en met {}). Hieronder staat wat de kosten over heel {jaar} naar \
             verwachting worden: de maanden tot nu, waarbij voorlopige maanden zijn aangevuld \
             met wat late leveringen gewoonlijk nog toevoegen (nowcast), plus de rest van het \
             jaar als vorig jaar maal de groei tot nu. Het interval is bedoeld als \
             80%-interval (de uitkomst valt er dan in vier van de vijf jaren binnen); de \
             backtest mat op regioniveau een lagere dekking. Methode en gemeten \
             nauwkeurigheid: pagina Vooruitblik → Methode.",
            p.first()
                .map(|p| maand_nl(&p.tot_maand))
                .unwrap_or_default()
        ))];
        if let Some(r) = regio {
            blokken.push(Blok::Kernwaarden(vec![
                (format!("Prognose kosten {jaar} (regio)"), e(r.prognose)),
                (
                    "80%-interval".into(),
                    format!("{} – {}", e(r.ondergrens), e(r.bovengrens)),
                ),
                (format!("Kosten {}", jaar - 1), e(r.vorig_jaar)),
            ]));
            if let (Some(b), Some(o)) = (r.begroting, r.overschrijding()) {
                blokken.push(Blok::Alinea(format!(
                    "Tegen de begroting van de regio ({}, bron: {}): {}.",
                    e(b),
                    r.begroting_bron.clone().unwrap_or_default(),
                    if o > 0.0 {
                        format!("verwachte overschrijding {}", e(o))
                    } else {
                        format!("verwacht {} binnen de begroting", e(-o))
                    }
                )));
            }
        }
        blokken.extend(vooruitblik_tabellen(&p, jaar));
        blokken.push(Blok::Pagina);
        Some(Sectie {
            kop: format!("Vooruitblik: prognose kosten {jaar}"),
            blokken,
        })
    }

    /// The verblijf outlook of the region and gemeenten (a forecast, its own section), when the
    /// release has one this reader may see.
    pub(super) fn vooruitblik_verblijf(&self) -> Option<Sectie> {
        let t = crate::vooruitblik::verblijf::gebieden_tabel(self.s, self.r);
        if t.rijen.is_empty() {
            return None;
        }
        // The shared check of the page table before its cells are shown (stand nu is a count).
        let tabel = if let Err(e) = t.veilig(self.drempel) {
            tracing::error!("jaarrapport: {e}");
            Blok::Alinea(format!("{}: niet getoond (kleine aantallen).", t.titel))
        } else {
            verblijf_tabel(&t)
        };
        Some(Sectie {
            kop: "Vooruitblik: verblijf".into(),
            blokken: vec![
                Blok::Alinea(
                    "PROGNOSE — geen waarneming. Van de jeugdigen die op de peildatum in verblijf \
                     zijn: hoeveel hun verblijf naar verwachting binnen 6 en 12 maanden \
                     beëindigen (uit de verblijfsduur van de afgelopen drie jaar, Kaplan–Meier), \
                     en waar de instroom gepubliceerd is de verwachte stand over 12 maanden met \
                     een 80%-interval; \"Nu\" is de gepubliceerde stand op de peildatum. \
                     Verwachtingen, geen tellingen; per aanbieder en \
                     verblijfsvorm op de pagina Vooruitblik → Verblijf; methode en gemeten \
                     nauwkeurigheid: Vooruitblik → Methode."
                        .into(),
                ),
                tabel,
                Blok::Pagina,
            ],
        })
    }

    /// A page table as a report table, after the shared suppression check, with the
    /// report's own headers by column id (the page's labels may change freely).
    pub(super) fn tabelblok_met(&self, t: &Tabel, koppen: &[(&str, &str)]) -> Blok {
        tabelblok(t, koppen, self.drempel)
    }

    pub(super) fn definities(&self) -> Sectie {
        let mut termen = Vec::new();
        let mut keuzes: HashMap<&str, &str> = HashMap::new();
        for d in &self.s.catalogus.indicatoren {
            let richting = match d.richting.as_str() {
                "lager" => "lager is beter",
                "hoger" => "hoger is beter",
                _ => "geen richting",
            };
            let eenheid = match d.eenheid.as_str() {
                "procent" => "procent",
                "dagen" => "dagen",
                "euro" => "euro",
                "per_100k" => "per 100.000 inwoners",
                _ => "aantal",
            };
            let mut t = format!("{}\n\nEenheid: {eenheid}; {richting}.", d.omschrijving);
            if !d.landelijk.is_empty() {
                t.push_str(&format!(
                    " Landelijke waarde: {}.",
                    d.landelijk.trim_end_matches('.')
                ));
            }
            if !d.kanttekeningen.is_empty() {
                t.push_str(&format!(" Kanttekening: {}", d.kanttekeningen));
            }
            if !d.keuze.is_empty() {
                match keuzes.get(d.keuze.as_str()) {
                    Some(eerder) => t.push_str(&format!(" Onze keuze: zie {eerder}.")),
                    None => {
                        t.push_str(&format!(" Onze keuze: {}", d.keuze));
                        keuzes.insert(&d.keuze, &d.naam);
                    }
                }
            }
            if !d.historie.is_empty() {
                t.push_str(&format!(" {}", d.historie));
            }
            termen.push((d.naam.clone(), t));
        }
        Sectie {
            kop: "Bijlage: definities".into(),
            blokken: vec![
                Blok::Alinea(
                    "De indicatoren zoals de catalogus van Jeugdstuur ze definieert \
                     (pipelines/indicatoren.toml), met de bron van de landelijke waarde en de \
                     keuzes waar de landelijke definitie ruimte laat."
                        .into(),
                ),
                Blok::Termen(termen),
            ],
        }
    }
}

/// The report's headers of the revisions table, by the page table's column ids.
pub(super) const WIJZIGINGEN_KOPPEN: [(&str, &str); 4] = [
    ("gemeente", "Gemeente"),
    ("soort", "Soort wijziging"),
    ("aantal", "Aantal"),
    ("terugwerkend", "waarvan met terugwerkende kracht"),
];

/// The projection's two narrow tables (an A4 page holds six columns): the region per segment,
/// then the gemeenten's totals; rows from the projections this reader may see.
fn vooruitblik_tabellen(
    p: &[&pipeline::indicatoren::jaarprognose::Jaarprognose],
    jaar: i32,
) -> Vec<Blok> {
    let e = |x: f64| getal::met_eenheid(Some(x), "euro");
    let mut uit = Vec::new();
    // Two narrow tables (an A4 page holds six columns): the region per segment, then the
    // gemeenten's totals. Rows come from the projections this reader may see.
    let bedrag = |x: Option<f64>| x.map_or_else(|| "–".to_string(), e);
    let interval = |p: &pipeline::indicatoren::jaarprognose::Jaarprognose| {
        format!("{} – {}", e(p.ondergrens), e(p.bovengrens))
    };
    let regio_rijen: Vec<Vec<String>> = p
        .iter()
        .filter(|p| p.niveau == Niveau::Regio)
        .map(|p| {
            vec![
                match p.uitsplitsing.as_str().strip_prefix("segment_") {
                    Some(seg) => crate::sturing::segmentnaam(seg),
                    None => "Totaal".into(),
                },
                e(p.prognose),
                interval(p),
                bedrag(p.streefwaarde),
                bedrag(p.verschil_pad()),
            ]
        })
        .collect();
    if !regio_rijen.is_empty() {
        uit.push(Blok::Tabel {
            titel: format!("Prognose kosten {jaar}, regio, per segment (prognose)"),
            koppen: [
                "Segment",
                "Prognose",
                "80%-interval",
                "Streefpad",
                "Prognose − pad",
            ]
            .map(String::from)
            .to_vec(),
            rijen: regio_rijen,
            rechts: vec![false, true, true, true, true],
        });
    }
    let gemeente_rijen: Vec<Vec<String>> = p
        .iter()
        .filter(|p| p.niveau == Niveau::Gemeente && p.uitsplitsing.is_totaal())
        .map(|p| {
            vec![
                p.naam.clone().unwrap_or_else(|| p.code.clone()),
                e(p.prognose),
                interval(p),
                bedrag(p.begroting),
                bedrag(p.overschrijding()),
            ]
        })
        .collect();
    if !gemeente_rijen.is_empty() {
        uit.push(Blok::Tabel {
            titel: format!("Prognose kosten {jaar} per gemeente, totaal (prognose)"),
            koppen: [
                "Gemeente",
                "Prognose",
                "80%-interval",
                "Begroting",
                "Verwachte overschrijding",
            ]
            .map(String::from)
            .to_vec(),
            rijen: gemeente_rijen,
            rechts: vec![false, true, true, true, true],
        });
        uit.push(Blok::Alinea(
            "Een gemeente met een verborgen (klein) maandcijfer in dit of vorig jaar krijgt \
             geen prognose: die zou het verborgen cijfer teruggeven."
                .into(),
        ));
    }
    uit
}

/// A page table as a report table (after the shared suppression check): the columns named
/// in `koppen`, in that order, under the report's own headers. The page's labels are not
/// read, so renaming them changes nothing in the report.
/// The region's and gemeenten's verblijf outlook as a six-column report table.
fn verblijf_tabel(t: &Tabel) -> Blok {
    let weergave = t.weergave();
    Blok::Tabel {
        titel: t.titel.clone(),
        koppen: [
            "Gebied",
            "Nu",
            "Beëindigd ≤ 6 mnd",
            "Beëindigd ≤ 12 mnd",
            "Stand over 12 mnd",
            "80%-interval",
        ]
        .map(String::from)
        .to_vec(),
        rijen: weergave
            .iter()
            .map(|r| {
                let c = |id: &str| {
                    t.kolommen
                        .iter()
                        .position(|k| k.id == id)
                        .map(|i| r[i].0.clone())
                        .unwrap_or_default()
                };
                let interval = if c("onder_12") == "–" {
                    "–".to_string()
                } else {
                    format!("{} – {}", c("onder_12"), c("boven_12"))
                };
                vec![
                    c("gebied"),
                    c("stand_nu"),
                    c("uit_6"),
                    c("uit_12"),
                    c("stand_12"),
                    interval,
                ]
            })
            .collect(),
        rechts: vec![false, true, true, true, true, true],
    }
}

pub(super) fn tabelblok(t: &Tabel, koppen: &[(&str, &str)], drempel: u32) -> Blok {
    if let Err(e) = t.veilig(drempel) {
        tracing::error!("jaarrapport: {e}");
        return Blok::Alinea(format!("{}: niet getoond (kleine aantallen).", t.titel));
    }
    let kolommen: Vec<usize> = koppen
        .iter()
        .filter_map(|(id, _)| t.kolommen.iter().position(|k| k.id == *id))
        .collect();
    let weergave = t.weergave();
    Blok::Tabel {
        titel: t.titel.clone(),
        koppen: koppen.iter().map(|(_, kop)| kop.to_string()).collect(),
        rijen: weergave
            .into_iter()
            .map(|r| kolommen.iter().map(|&i| r[i].0.clone()).collect())
            .collect(),
        rechts: kolommen.iter().map(|&i| t.is_getal(i)).collect(),
    }
}

/// Months of one year per gemeente (by name), counted from the typed completeness rows.
#[derive(Default, Debug, PartialEq)]
pub(super) struct Telling {
    pub(super) geleverd: usize,
    pub(super) kwartaal: usize,
    pub(super) ontbreekt: Vec<String>,
    pub(super) afwijkend: usize,
    pub(super) voorlopig: usize,
}

/// Per gemeente name, the months of `jaar` (`"2024"`) by status, and the provisional months.
pub(super) fn leveringen_per_gemeente(
    rijen: &[Leveringsmaand],
    jaar: &str,
) -> (
    BTreeMap<String, Telling>,
    std::collections::BTreeSet<String>,
) {
    let mut per_gemeente: BTreeMap<String, Telling> = BTreeMap::new();
    let mut voorlopige_maanden = std::collections::BTreeSet::new();
    for l in rijen.iter().filter(|l| l.maand.starts_with(jaar)) {
        let t = per_gemeente.entry(l.naam.clone()).or_default();
        match l.status {
            Leverstatus::Ontbreekt => t.ontbreekt.push(l.maand.clone()),
            Leverstatus::InKwartaallevering => t.kwartaal += 1,
            _ => t.geleverd += 1,
        }
        if l.wijkt_af() {
            t.afwijkend += 1;
        }
        if l.is_voorlopig() {
            t.voorlopig += 1;
            voorlopige_maanden.insert(l.maand.clone());
        }
    }
    (per_gemeente, voorlopige_maanden)
}
