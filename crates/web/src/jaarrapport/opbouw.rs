//! Building the report document: the figures of a part, status, national values and
//! provisional marks, the cover and *in één oogopslag*.

#[allow(unused_imports)]
use super::*;

impl<'a> Opbouw<'a> {
    pub(super) fn nieuw(
        s: &'a Staat,
        r: &'a Releasedata,
        jaar: Periode,
        pdca: &'a Pdca,
    ) -> Opbouw<'a> {
        Opbouw {
            s,
            r,
            jaar,
            pdca,
            drempel: s.regio.onderdrukkingsdrempel,
            peildatum: r.manifest.aangemaakt.chars().take(10).collect(),
            grafieken: 0,
        }
    }

    pub(super) fn waarde(&self, rij: &Rij, p: Periode) -> Option<&'a Waarde> {
        self.r.waarde(
            Reeks::nieuw(&rij.d.id, Niveau::Regio, "regio", &rij.uitsplitsing),
            p,
        )
    }

    pub(super) fn rij(&self, id: &str, uitsplitsing: &str) -> Option<Rij<'a>> {
        let d = self.s.catalogus.get(id)?;
        Some(Rij {
            d,
            uitsplitsing: uitsplitsing.into(),
        })
    }

    /// Every figure of a part: its own indicators, then every stored split to its
    /// segments, in catalogue order; the first part takes what no other part names.
    pub(super) fn rijen(&self, o: &Onderdeel) -> Vec<Rij<'a>> {
        let mut uit: Vec<Rij> = Vec::new();
        let mut gezien = HashSet::new();
        let mut voeg_toe = |uit: &mut Vec<Rij<'a>>, rij: Option<Rij<'a>>| {
            if let Some(rij) = rij
                && gezien.insert((rij.d.id.clone(), rij.uitsplitsing.clone()))
            {
                uit.push(rij);
            }
        };
        if o.segmenten.is_empty() && o.eigen.is_empty() {
            let elders: HashSet<(&str, &str)> = ONDERDELEN
                .iter()
                .flat_map(|x| x.eigen.iter().copied())
                .collect();
            for d in &self.s.catalogus.indicatoren {
                if !elders.contains(&(d.id.as_str(), d.hoofd.as_str())) {
                    voeg_toe(&mut uit, self.rij(&d.id, &d.hoofd));
                }
            }
        }
        for (id, u) in o.eigen {
            voeg_toe(&mut uit, self.rij(id, u));
        }
        for d in &self.s.catalogus.indicatoren {
            let splitsingen = self.r.uitsplitsingen(&d.id, Niveau::Regio);
            for seg in o.segmenten {
                let u = Uitsplitsing::segment(seg);
                if splitsingen.contains(&u) {
                    voeg_toe(&mut uit, self.rij(&d.id, &u));
                }
            }
        }
        uit
    }

    pub(super) fn onderdeel_van_indicator(&self, indicator: &str, uitsplitsing: &str) -> usize {
        let precies = ONDERDELEN.iter().position(|o| {
            o.eigen.contains(&(indicator, uitsplitsing))
                || uitsplitsing
                    .strip_prefix("segment_")
                    .is_some_and(|s| o.segmenten.contains(&s))
        });
        precies
            .or_else(|| {
                ONDERDELEN
                    .iter()
                    .position(|o| o.eigen.iter().any(|(i, _)| *i == indicator))
            })
            .unwrap_or(0)
    }

    pub(super) fn onderdeel_van_duiding(&self, d: &Duiding) -> usize {
        if d.niveau == "segment"
            && let Some(i) = ONDERDELEN
                .iter()
                .position(|o| o.segmenten.contains(&d.code.as_str()))
        {
            return i;
        }
        self.onderdeel_van_indicator(&d.indicator, &d.uitsplitsing)
    }

    pub(super) fn onderdeel_van_actie(&self, a: &Actie) -> Option<usize> {
        let d = self.s.catalogus.get(a.indicator.as_deref()?)?;
        Some(self.onderdeel_van_indicator(&d.id, &d.hoofd))
    }

    /// The status as symbol and word; "–" without a target (the tables' legend says so).
    pub(super) fn status(w: Option<&Waarde>) -> String {
        match paginas::status(w).0 {
            "" => "–".into(),
            s => s.into(),
        }
    }

    /// The target path, and for an amount the gap to it in euros.
    pub(super) fn streef(rij: &Rij, w: Option<&Waarde>) -> String {
        match paginas::streeftekst(rij.d, w) {
            t if t.is_empty() => "–".into(),
            t => t,
        }
    }

    /// Where the national values in a table come from: each with its period and source.
    pub(super) fn landelijke_bronnen(&self, rijen: &[(String, Option<&Waarde>)]) -> Option<Blok> {
        let mut gezien = HashSet::new();
        let regels: Vec<String> = rijen
            .iter()
            .filter_map(|(naam, w)| {
                let w = (*w)?;
                w.landelijk?;
                let p = paginas::landelijke_periode(w.landelijk_periode.as_deref()?);
                let bron = w.landelijk_bron.clone().unwrap_or_default();
                gezien.insert((p.clone(), bron.clone())).then(|| {
                    format!(
                        "{naam}: landelijk {p}, {bron}{}",
                        if w.landelijk_vergelijkbaar {
                            ""
                        } else {
                            " (alleen context: andere periodesoort of definitie, niet vergeleken)"
                        }
                    )
                })
            })
            .collect();
        (!regels.is_empty()).then(|| {
            Blok::Alinea(format!(
                "Bronnen van de landelijke waarden. {}.",
                regels.join("; ")
            ))
        })
    }

    pub(super) fn landelijk(rij: &Rij, w: Option<&Waarde>) -> String {
        match paginas::landelijktekst(rij.d, w) {
            t if t.is_empty() => "–".into(),
            t => t,
        }
    }

    pub(super) fn waardetekst(&self, rij: &Rij, w: Option<&Waarde>) -> String {
        paginas::waardetekst(rij.d, w, self.drempel)
    }

    pub(super) fn document(mut self) -> Document {
        let regio = self.s.regio.naam.clone();
        let jaar = self.jaar.jaar();
        let mut secties = vec![self.voorblad(), self.oogopslag()];
        let mut algemene_acties = Vec::new();
        for (i, o) in ONDERDELEN.iter().enumerate() {
            secties.push(self.onderdeel(i, o));
        }
        for a in &self.pdca.acties {
            if self.onderdeel_van_actie(a).is_none() {
                algemene_acties.push(a);
            }
        }
        secties.push(self.pdca_sectie(&algemene_acties));
        if let Some(v) = self.vooruitblik() {
            secties.push(v);
        }
        if let Some(v) = self.vooruitblik_verblijf() {
            secties.push(v);
        }
        secties.push(self.datakwaliteit());
        secties.push(self.definities());
        Document {
            titel: format!("Jaarrapport jeugdhulp {regio} {jaar}"),
            ondertitel: format!(
                "Voortgang, trends en verbeterpunten per segment, voor het Algemeen Bestuur \
                 (cijfers uit release {})",
                self.r.manifest.id
            ),
            auteur: format!("Regionale data-adviesgroep {regio}"),
            datum: self.peildatum.clone(),
            secties,
            voetnoot: format!(
                "Release {} · aantallen onder {} worden niet getoond · synthetische demodata.",
                self.r.manifest.id, self.drempel
            ),
        }
    }

    /// Whether every shown figure of the year is provisional (then one sentence says so
    /// instead of a mark at every value).
    pub(super) fn alles_voorlopig(&self) -> bool {
        let j = self.jaar.to_string();
        let regio: Vec<&Waarde> = self
            .r
            .zichtbaar()
            .filter(|w| w.niveau == Niveau::Regio && w.periode == j)
            .collect();
        !regio.is_empty() && regio.iter().all(|w| w.voorlopig)
    }

    pub(super) fn voorlopig_merk(&self, w: Option<&Waarde>) -> String {
        let mut m = String::new();
        if !self.alles_voorlopig() && w.is_some_and(|w| w.voorlopig) {
            m.push_str(" *");
        }
        m.push_str(Self::historie_merk(w));
        m
    }

    /// "†" beside a value whose period is biased by the start of the data window.
    pub(super) fn historie_merk(w: Option<&Waarde>) -> &'static str {
        if w.is_some_and(|w| w.historie_onvolledig && w.waarde.is_some()) {
            " †"
        } else {
            ""
        }
    }

    /// Whether a figure of the year or the year before has an incomplete history.
    pub(super) fn historie_in_rapport(&self) -> bool {
        let (j, v) = (self.jaar.to_string(), (self.jaar.jaar() - 1).to_string());
        self.r
            .zichtbaar()
            .any(|w| w.historie_onvolledig && (w.periode == j || w.periode == v))
    }

    /// The footnote explaining "†", when the report shows it.
    pub(super) fn historie_voetnoot(&self) -> &'static str {
        if self.historie_in_rapport() {
            " Een † achter een waarde: onvolledige historie. Die periode ligt vóór of kort na \
             het begin van de gegevens, zodat een duur, terugblik of telling mist wat \
             daarvóór lag (zie per indicator de bijlage Definities)."
        } else {
            ""
        }
    }

    pub(super) fn voorblad(&self) -> Sectie {
        let m = &self.r.manifest;
        let jaar = self.jaar.jaar();
        let laatste = m.laatste_aanlevering.clone().unwrap_or_else(|| "–".into());
        let mut tekst = format!(
            "Dit rapport zet de cijfers over {jaar} van de jeugdhulp in regio {} naast de \
             streefwaarden en het land, per segment, met de duidingen en de besluiten en \
             verbeteracties van {jaar}. De cijfers komen uit release {} van Jeugdstuur: de \
             maandelijkse leveringen van de {} gemeenten (jeugdhulptrajecten, declaraties, \
             maatregelen jeugdbescherming en jeugdreclassering, meldingen Veilig Thuis en \
             bevolking) tot en met {laatste}, met de landelijke waarden en streefwaarden uit \
             de referentietabellen van de release. Een release verandert nooit: wie dit \
             rapport opnieuw maakt uit dezelfde release en dezelfde database, krijgt \
             hetzelfde rapport.",
            self.s.regio.naam,
            m.id,
            self.s.regio.gemeenten.len(),
        );
        tekst.push_str(&format!(
            "\n\nAantallen onder {d} en percentages met een teller of noemer onder {d} worden \
             niet getoond (\"niet getoond (< {d})\"). Waar een streefwaarde is vastgesteld, \
             staat de status erbij als woord en teken: ✓ op koers, ! aandacht, ✗ afwijkend; \
             zonder streefwaarde staat er een streepje (–).",
            d = self.drempel
        ));
        if self.historie_in_rapport() {
            tekst.push_str(&format!("\n\n{}", self.historie_voetnoot().trim_start()));
        }
        if self.alles_voorlopig() {
            tekst.push_str(&format!(
                "\n\nAlle cijfers over {jaar} zijn voorlopig: de leveringen van de laatste \
                 {} maanden kunnen nog worden aangevuld of gecorrigeerd (zie de bijlage \
                 Datakwaliteit).",
                self.s.regio.voorlopige_maanden
            ));
        }
        if !self.pdca.database {
            tekst.push_str(
                "\n\nBij het maken van dit rapport was er geen database met duidingen en \
                 acties: die onderdelen zijn leeg.",
            );
        }
        Sectie {
            kop: "Over dit rapport".into(),
            blokken: vec![
                Blok::Kernwaarden(vec![
                    ("Jaar".into(), jaar.to_string()),
                    ("Release".into(), m.id.clone()),
                    ("Leveringen tot en met".into(), laatste),
                    ("Gemeenten".into(), self.s.regio.gemeenten.len().to_string()),
                ]),
                Blok::Alinea(tekst),
                Blok::Pagina,
            ],
        }
    }

    pub(super) fn oogopslag(&self) -> Sectie {
        let jaar = self.jaar.jaar();
        let mut rijen = Vec::new();
        let mut telling: BTreeMap<String, usize> = BTreeMap::new();
        let mut cijfers = 0;
        let mut met_land = Vec::new();
        for o in &ONDERDELEN {
            // One row of one cell: the segment as a group heading.
            rijen.push(vec![o.titel.to_string()]);
            for (id, u) in o.kern {
                let Some(rij) = self.rij(id, u) else { continue };
                let w = self.waarde(&rij, self.jaar);
                met_land.push((rij.naam(), w));
                let status = Self::status(w);
                *telling.entry(status.clone()).or_default() += 1;
                cijfers += 1;
                rijen.push(vec![
                    label(o, o.kern, &rij),
                    format!("{}{}", self.waardetekst(&rij, w), self.voorlopig_merk(w)),
                    Self::streef(&rij, w),
                    Self::landelijk(&rij, w),
                    status,
                ]);
            }
        }
        let n = |s: &str| telling.get(s).copied().unwrap_or(0);
        let mut tekst = format!(
            "De belangrijkste cijfers over {jaar} per segment. Van de {} cijfers {} {} \
             een streefwaarde: {} op koers, {} aandacht en {} afwijkend. Zonder streefwaarde \
             is er geen status (–); vergelijk dan met het land. Bij kosten staat naast het \
             streefpad hoeveel euro het cijfer boven of onder het pad ligt; een daling van de \
             kosten is een negatieve groei.",
            cijfers,
            if cijfers - n("–") == 1 {
                "heeft er"
            } else {
                "hebben er"
            },
            cijfers - n("–"),
            n("✓ op koers"),
            n("! aandacht"),
            n("✗ afwijkend"),
        );
        if !self.alles_voorlopig() {
            tekst.push_str(" Een * achter een waarde: voorlopig cijfer.");
        }
        tekst.push_str(self.historie_voetnoot());
        let bronnen = self.landelijke_bronnen(&met_land);
        Sectie {
            kop: "In één oogopslag".into(),
            blokken: vec![
                Blok::Alinea(tekst),
                Blok::Tabel {
                    titel: format!(
                        "Kerncijfers {} {jaar}: waarde, streefwaarde, land en status",
                        self.s.regio.naam
                    ),
                    koppen: [
                        "Indicator",
                        &jaar.to_string(),
                        "Streefwaarde",
                        "Landelijk",
                        "Status",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rijen,
                    rechts: vec![false, true, true, true, false],
                },
            ]
            .into_iter()
            .chain(bronnen)
            .chain([Blok::Pagina])
            .collect(),
        }
    }
}
