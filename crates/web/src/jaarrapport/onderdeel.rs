//! One section per part of the report (its table, trend charts, duidingen, actions and
//! improvement points) and the PDCA section.

#[allow(unused_imports)]
use super::*;

impl Opbouw<'_> {
    #[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
    pub(super) fn onderdeel(&mut self, i: usize, o: &Onderdeel) -> Sectie {
        let jaar = self.jaar.jaar();
        let vorig = self.jaar.jaar_eerder();
        let rijen = self.rijen(o);
        let sleutels: Vec<(&str, &str)> = rijen
            .iter()
            .map(|r| (r.d.id.as_str(), r.uitsplitsing.as_str()))
            .collect();
        let mut blokken = Vec::new();
        let mut tekst = o.uitleg.to_string();
        if rijen.len() <= 3 {
            tekst.push_str(&format!(
                " Dit onderdeel heeft {} {}: weinig om op te sturen; lees de cijfers met \
                 die beperking.",
                rijen.len(),
                if rijen.len() == 1 {
                    "cijfer"
                } else {
                    "cijfers"
                }
            ));
        }
        // Columns without any value in this part (no target, no national figure) are
        // left out, and the text says so.
        let met_streef = rijen.iter().any(|r| {
            self.waarde(r, self.jaar)
                .is_some_and(|w| w.streefwaarde.is_some())
        });
        let met_land = rijen.iter().any(|r| {
            self.waarde(r, self.jaar)
                .is_some_and(|w| w.landelijk.is_some())
        });
        if !met_streef {
            tekst.push_str(&format!(
                " Geen van deze cijfers heeft voor {jaar} een streefwaarde, dus ook geen status."
            ));
        }
        if !met_land {
            tekst.push_str(" Voor deze cijfers is er geen landelijke waarde.");
        }
        blokken.push(Blok::Alinea(tekst));
        let mut koppen = vec![
            "Indicator".to_string(),
            jaar.to_string(),
            vorig.jaar().to_string(),
        ];
        let mut rechts = vec![false, true, true];
        if met_streef {
            koppen.push("Streefwaarde".into());
            rechts.push(true);
        }
        if met_land {
            koppen.push("Landelijk".into());
            rechts.push(true);
        }
        if met_streef {
            koppen.push("Status".into());
            rechts.push(false);
        }
        let tabel: Vec<Vec<String>> = rijen
            .iter()
            .map(|rij| {
                let w = self.waarde(rij, self.jaar);
                let v = self.waarde(rij, vorig);
                let mut cellen = vec![
                    label(o, &sleutels, rij),
                    format!("{}{}", self.waardetekst(rij, w), self.voorlopig_merk(w)),
                    format!("{}{}", self.waardetekst(rij, v), Self::historie_merk(v)),
                ];
                if met_streef {
                    cellen.push(Self::streef(rij, w));
                }
                if met_land {
                    cellen.push(Self::landelijk(rij, w));
                }
                if met_streef {
                    cellen.push(Self::status(w));
                }
                cellen
            })
            .collect();
        blokken.push(Blok::Tabel {
            titel: format!(
                "{}: cijfers {jaar} en {}{}",
                o.titel,
                vorig.jaar(),
                match (met_streef, met_land) {
                    (true, true) => " tegen streefwaarde en land",
                    (true, false) => " tegen streefwaarde",
                    (false, true) => " tegen het land",
                    (false, false) => "",
                }
            ),
            koppen,
            rijen: tabel,
            rechts,
        });
        if met_land {
            let land: Vec<(String, Option<&Waarde>)> = rijen
                .iter()
                .map(|r| (label(o, &sleutels, r), self.waarde(r, self.jaar)))
                .collect();
            blokken.extend(self.landelijke_bronnen(&land));
        }
        // Trend charts of the key figures that have at least two years.
        let mut grafieken = 0;
        for (id, u) in o.kern {
            if grafieken == GRAFIEKEN_PER_ONDERDEEL {
                break;
            }
            let Some(rij) = self.rij(id, u) else { continue };
            if let Some(g) = self.trend(&rij) {
                blokken.push(g);
                grafieken += 1;
            }
        }
        // Duidingen of the year.
        let duidingen: Vec<String> = self
            .pdca
            .duidingen
            .iter()
            .filter(|d| self.onderdeel_van_duiding(d) == i)
            .map(|d| self.duidingtekst(d))
            .collect();
        blokken.push(Blok::Tussenkop(format!("Duidingen over {jaar}")));
        if duidingen.is_empty() {
            blokken.push(Blok::Alinea(format!(
                "Er is in {jaar} geen duiding vastgelegd bij deze cijfers."
            )));
        } else {
            blokken.push(Blok::Opsomming(duidingen));
        }
        // Besluiten and verbeteracties of the year.
        let acties: Vec<&Actie> = self
            .pdca
            .acties
            .iter()
            .filter(|a| self.onderdeel_van_actie(a) == Some(i))
            .collect();
        blokken.push(Blok::Tussenkop(format!(
            "Besluiten en verbeteracties {jaar}"
        )));
        if acties.is_empty() {
            blokken.push(Blok::Alinea(format!(
                "Er zijn in {jaar} geen besluiten of verbeteracties bij deze cijfers vastgelegd."
            )));
        } else {
            blokken.push(self.actietabel(
                &format!("{}: besluiten en verbeteracties van {jaar}", o.titel),
                &acties,
            ));
        }
        // Improvement points: from the stored status and the actions, nothing else.
        let punten = self.verbeterpunten(&rijen, &acties);
        blokken.push(Blok::Tussenkop("Verbeterpunten".into()));
        if punten.is_empty() {
            blokken.push(Blok::Alinea(
                "Geen: geen cijfer met de status aandacht of afwijkend, en geen besluit of \
                 verbeteractie over de deadline."
                    .into(),
            ));
        } else {
            blokken.push(Blok::Opsomming(punten));
        }
        Sectie {
            kop: o.titel.into(),
            blokken,
        }
    }

    pub(super) fn verbeterpunten(&self, rijen: &[Rij], acties: &[&Actie]) -> Vec<String> {
        let mut punten = Vec::new();
        for rij in rijen {
            let w = self.waarde(rij, self.jaar);
            if !matches!(
                w.and_then(|w| w.status),
                Some(Status::Aandacht | Status::Afwijkend)
            ) {
                continue;
            }
            let lopend: Vec<String> = acties
                .iter()
                .filter(|a| a.indicator.as_deref() == Some(rij.d.id.as_str()))
                .map(|a| format!("'{}' ({}, {})", a.titel, a.soort, a.status))
                .collect();
            punten.push(format!(
                "{}: {} ({} tegen streefwaarde {}). {}",
                rij.naam(),
                paginas::status(w).0,
                self.waardetekst(rij, w),
                Self::streef(rij, w),
                if lopend.is_empty() {
                    "Er is nog geen besluit of verbeteractie op vastgelegd.".to_string()
                } else {
                    format!("Vastgelegd: {}.", lopend.join("; "))
                }
            ));
        }
        for a in acties {
            let open = a.is_lopend();
            if let Some(d) = a
                .deadline
                .as_deref()
                .filter(|d| open && *d < self.peildatum.as_str())
            {
                punten.push(format!(
                    "'{}' (eigenaar {}) had deadline {} en staat op {} (peildatum {}).",
                    a.titel,
                    a.eigenaar,
                    datum_nl(d),
                    a.status,
                    datum_nl(&self.peildatum)
                ));
            }
        }
        punten
    }

    pub(super) fn duidingtekst(&self, d: &Duiding) -> String {
        let naam = self
            .s
            .catalogus
            .get(&d.indicator)
            .map(|x| x.naam.clone())
            .unwrap_or_else(|| d.indicator.clone());
        let gebied = match d.niveau.as_str() {
            "regio" => self.s.regio.naam.clone(),
            "segment" => format!("segment {}", d.code),
            _ => self
                .s
                .regio
                .gemeenten
                .iter()
                .find(|g| g.code.to_string() == d.code)
                .map(|g| g.naam.clone())
                .unwrap_or_else(|| d.code.clone()),
        };
        let periode = Periode::parse(&d.periode)
            .map(|p| p.label())
            .unwrap_or_else(|_| d.periode.clone());
        format!(
            "{naam}, {gebied}, {periode}: {} ({}, {})",
            platte_tekst(&d.tekst),
            d.auteur,
            store::pdca::tijdstip_volledig(&d.gewijzigd_op)
        )
    }

    pub(super) fn actietabel(&self, titel: &str, acties: &[&Actie]) -> Blok {
        Blok::Tabel {
            titel: titel.into(),
            koppen: [
                "Titel",
                "Soort",
                "Indicator",
                "Eigenaar",
                "Deadline",
                "Status",
            ]
            .map(String::from)
            .to_vec(),
            rijen: acties
                .iter()
                .map(|a| {
                    vec![
                        a.titel.clone(),
                        a.soort.clone(),
                        a.indicator
                            .as_deref()
                            .and_then(|i| self.s.catalogus.get(i))
                            .map(|d| d.naam.clone())
                            .unwrap_or_else(|| "–".into()),
                        a.eigenaar.clone(),
                        a.deadline
                            .as_deref()
                            .map(datum_nl)
                            .unwrap_or_else(|| "–".into()),
                        a.status.clone(),
                    ]
                })
                .collect(),
            rechts: vec![false; 6],
        }
    }

    /// A yearly trend of one figure with the national line and the target path.
    pub(super) fn trend(&mut self, rij: &Rij) -> Option<Blok> {
        let reeks = self.r.reeks(
            Reeks::nieuw(&rij.d.id, Niveau::Regio, "regio", &rij.uitsplitsing),
            PeriodeSoort::Jaar,
            Some(self.jaar),
            TRENDJAREN,
        );
        let waarden: Vec<Option<f64>> = reeks
            .iter()
            .map(|(_, w)| w.and_then(|w| w.waarde))
            .collect();
        if waarden.iter().flatten().count() < 2 {
            return None;
        }
        self.grafieken += 1;
        let regio = &self.s.regio.naam;
        let naam = rij.naam();
        let e = &rij.d.eenheid;
        let eerste = reeks
            .iter()
            .find(|(_, w)| w.and_then(|w| w.waarde).is_some());
        let laatste = reeks
            .iter()
            .rev()
            .find(|(_, w)| w.and_then(|w| w.waarde).is_some());
        let mut alt = format!(
            "Lijngrafiek van {} in {regio} per jaar",
            naam.to_lowercase()
        );
        if let (Some((p0, w0)), Some((p1, w1))) = (eerste, laatste) {
            alt.push_str(&format!(
                ": {} in {} en {} in {}",
                getal::met_eenheid(w0.and_then(|w| w.waarde), e),
                p0.label(),
                getal::met_eenheid(w1.and_then(|w| w.waarde), e),
                p1.label()
            ));
        }
        if let Some(w) = laatste.and_then(|(_, w)| *w)
            && w.landelijk.is_some()
        {
            alt.push_str(&format!("; {}", paginas::landelijktekst(rij.d, Some(w))));
        }
        if let Some(st) = laatste.and_then(|(_, w)| *w).and_then(|w| w.streefwaarde) {
            alt.push_str(&format!(
                "; streefwaarde {}",
                getal::met_eenheid(Some(st), e)
            ));
        }
        alt.push('.');
        let svg = charts::trend(&charts::Trend {
            titel: format!("{naam} in {regio} per jaar"),
            omschrijving: alt.clone(),
            eenheid: e.clone(),
            reeksnaam: regio.clone(),
            id: format!("jaarrapport-{}", self.grafieken),
            ..paginas::trendreeksen(&reeks)
        });
        Some(Blok::Grafiek { svg, alt })
    }

    pub(super) fn pdca_sectie(&self, algemene_acties: &[&Actie]) -> Sectie {
        let jaar = self.jaar.jaar();
        let mut blokken = Vec::new();
        if !self.pdca.database {
            blokken.push(Blok::Alinea(
                "Geen database met duidingssessies en acties bij het maken van dit rapport.".into(),
            ));
            blokken.push(Blok::Pagina);
            return Sectie {
                kop: format!("De PDCA-cyclus in {jaar}"),
                blokken,
            };
        }
        // Four tiles, one per action status (all four are always there).
        blokken.push(Blok::Kernwaarden(
            self.pdca
                .per_status
                .iter()
                .map(|(s, n)| (format!("Acties {s}"), n.to_string()))
                .collect(),
        ));
        let n = self.pdca.sessies.len();
        if n == 0 {
            blokken.push(Blok::Alinea(format!(
                "In {jaar} zijn geen duidingssessies vastgelegd."
            )));
        } else {
            blokken.push(Blok::Alinea(format!(
                "{n} {} in {jaar}:",
                if n == 1 {
                    "duidingssessie"
                } else {
                    "duidingssessies"
                }
            )));
            blokken.push(Blok::Opsomming(
                self.pdca
                    .sessies
                    .iter()
                    .map(|x| {
                        format!(
                            "{}: {} (cijfers van release {})",
                            datum_nl(&x.datum),
                            x.titel,
                            x.release_id
                        )
                    })
                    .collect(),
            ));
        }
        let geduid: HashSet<&str> = self
            .pdca
            .duidingen
            .iter()
            .map(|d| d.indicator.as_str())
            .collect();
        let zonder: Vec<&str> = self
            .s
            .catalogus
            .indicatoren
            .iter()
            .filter(|d| !geduid.contains(d.id.as_str()))
            .map(|d| d.naam.as_str())
            .collect();
        blokken.push(Blok::Alinea(if zonder.is_empty() {
            format!("Alle indicatoren zijn in {jaar} geduid.")
        } else {
            format!(
                "{} van de {} indicatoren hebben in {jaar} geen duiding: {}.",
                zonder.len(),
                self.s.catalogus.indicatoren.len(),
                zonder.join(", ")
            )
        }));
        if !algemene_acties.is_empty() {
            blokken.push(self.actietabel(
                &format!("Besluiten en verbeteracties van {jaar} zonder indicator"),
                algemene_acties,
            ));
        }
        // The annexes start on a new page.
        blokken.push(Blok::Pagina);
        Sectie {
            kop: format!("De PDCA-cyclus in {jaar}"),
            blokken,
        }
    }
}
