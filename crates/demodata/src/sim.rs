//! The care simulation of one gemeente: clients arrive, follow an ambulant or a verblijf
//! path (with crisis starts, transfers, follow-up care and returns), and get measures.
//! The parameters are calibrated so that Twente 2024 looks like the figures of the
//! Prioritaire Agenda (see `tests/onafhankelijk`): a change here needs a new calibration run.

use chrono::{Datelike, Duration, NaiveDate};

use crate::params::{Aanbod, ProductSoort};
use crate::rng::Rng;

pub fn datum(j: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, d).expect("geldige datum")
}

/// Month number (year × 12 + month − 1), the unit of deliveries.
pub fn maandnr(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

#[derive(Clone, Debug)]
pub struct Client {
    /// Global number; the pseudonym is derived from it.
    pub nummer: u64,
    pub geboren: NaiveDate,
    pub geslacht: u8,
}

#[derive(Clone, Debug)]
pub struct Toewijzing {
    pub client: u32,
    pub aanbieder: u32,
    pub product: u16,
    pub crisis: bool,
    pub verwijzer: &'static str,
    pub aanvraag: Option<NaiveDate>,
    pub start: NaiveDate,
    /// The true end; `None` when care goes on past the data horizon.
    pub einde: Option<NaiveDate>,
    pub reden: &'static str,
}

impl Toewijzing {
    /// The date the gemeente allocated (JW301 `Toewijzingsdatum`): a week after the request,
    /// never after the start nor before the request; the start itself without a request.
    pub fn toewijzingsdatum(&self) -> NaiveDate {
        self.aanvraag
            .map(|d| (d + Duration::days(7)).min(self.start).max(d))
            .unwrap_or(self.start)
    }

    /// The date the allocation takes effect (JW301 `Ingangsdatum`): in this world the day
    /// it is allocated, so the wait from request to start splits into the allocation's lead
    /// time and the wait from ingang to start.
    pub fn ingangsdatum(&self) -> NaiveDate {
        self.toewijzingsdatum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Soort {
    Ots,
    Voogdij,
    Jr,
}

impl Soort {
    pub fn code(self) -> &'static str {
        match self {
            Soort::Ots => "OTS",
            Soort::Voogdij => "VOOGDIJ",
            Soort::Jr => "JR",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Maatregel {
    pub client: u32,
    pub soort: Soort,
    pub gi: u32,
    pub start: NaiveDate,
    pub einde: Option<NaiveDate>,
}

/// A client who moves to the next gemeente and gets care there too.
#[derive(Clone, Debug)]
pub struct Verhuizer {
    pub client: Client,
    pub start: NaiveDate,
}

/// New clients per resident 0–17 per year: the rise of youth-care use in Twente.
fn instroomkans(jaar: i32) -> f64 {
    match jaar {
        ..=2018 => 0.0489,
        2019 => 0.0498,
        2020 => 0.0512,
        2021 => 0.0541,
        2022 => 0.0564,
        2023 => 0.0588,
        2024 => 0.0606,
        _ => 0.0616,
    }
}

const VERWIJZERS_AMBULANT: [(&str, f64); 7] = [
    ("01", 0.45),
    ("04", 0.035),
    ("02", 0.355),
    ("03", 0.045),
    ("05", 0.07),
    ("06", 0.04),
    ("08", 0.005),
];
const VERWIJZERS_VERBLIJF: [(&str, f64); 6] = [
    ("01", 0.66),
    ("04", 0.285),
    ("08", 0.02),
    ("05", 0.02),
    ("02", 0.01),
    ("03", 0.005),
];
const VERWIJZERS_CRISIS: [(&str, f64); 5] = [
    ("01", 0.55),
    ("04", 0.20),
    ("02", 0.10),
    ("06", 0.10),
    ("08", 0.05),
];

pub struct Gemeentesim<'a> {
    pub rng: Rng,
    aanbod: &'a Aanbod,
    pub horizon: NaiveDate,
    pub clients: Vec<Client>,
    pub toewijzingen: Vec<Toewijzing>,
    pub maatregelen: Vec<Maatregel>,
    pub verhuizers: Vec<Verhuizer>,
    gemeente_nr: u64,
    /// A known event (`--gebeurtenissen`, for the backtest): from this date the chance that an
    /// episode of care is a stay away from home is multiplied by this factor.
    pub verblijf_stap: Option<(NaiveDate, f64)>,
}

impl<'a> Gemeentesim<'a> {
    pub fn new(rng: Rng, aanbod: &'a Aanbod, horizon: NaiveDate, gemeente_nr: u64) -> Self {
        Gemeentesim {
            rng,
            aanbod,
            horizon,
            clients: Vec::new(),
            toewijzingen: Vec::new(),
            maatregelen: Vec::new(),
            verhuizers: Vec::new(),
            gemeente_nr,
            verblijf_stap: None,
        }
    }

    fn nieuwe_client(&mut self, start: NaiveDate, leeftijd: i64) -> u32 {
        let dagen = leeftijd * 365 + self.rng.bereik(0, 364);
        let nummer = (self.gemeente_nr << 32) | self.clients.len() as u64;
        self.clients.push(Client {
            nummer,
            geboren: start - Duration::days(dagen),
            geslacht: if self.rng.kans(0.56) { 1 } else { 2 },
        });
        (self.clients.len() - 1) as u32
    }

    fn leeftijd(&self, client: u32, op: NaiveDate) -> i32 {
        let g = self.clients[client as usize].geboren;
        let mut l = op.year() - g.year();
        if (op.month(), op.day()) < (g.month(), g.day()) {
            l -= 1;
        }
        l
    }

    fn leeftijd_bij_start(&mut self) -> i64 {
        let (lo, hi) = *self.rng.kies(&[
            ((0, 3), 0.07),
            ((4, 7), 0.17),
            ((8, 11), 0.23),
            ((12, 15), 0.31),
            ((16, 17), 0.14),
            ((18, 21), 0.08),
        ]);
        self.rng.bereik(lo, hi)
    }

    /// Simulates all jeugdhulp of one gemeente from `van` to the horizon.
    pub fn jeugdhulp(
        &mut self,
        jeugdigen: impl Fn(i32) -> f64,
        van: i32,
        inkomend: Vec<Verhuizer>,
    ) {
        for v in inkomend {
            self.clients.push(v.client);
            let c = (self.clients.len() - 1) as u32;
            self.zorgpad(c, v.start, 0);
        }
        for jaar in van..=self.horizon.year() {
            let n = self.rng.poisson(jeugdigen(jaar) * instroomkans(jaar));
            for _ in 0..n {
                let start = datum(jaar, 1, 1) + Duration::days(self.rng.bereik(0, 364));
                let leeftijd = self.leeftijd_bij_start();
                let c = self.nieuwe_client(start, leeftijd);
                let einde = self.zorgpad(c, start, 0);
                if self.rng.kans(0.012) {
                    let volgende =
                        einde.unwrap_or(start) + Duration::days(self.rng.bereik(30, 400));
                    if volgende <= self.horizon {
                        self.verhuizers.push(Verhuizer {
                            client: self.clients[c as usize].clone(),
                            start: volgende,
                        });
                    }
                }
            }
        }
    }

    /// One episode of care for a client; returns the last end (None if still open).
    fn zorgpad(&mut self, c: u32, start: NaiveDate, diepte: u32) -> Option<NaiveDate> {
        if start > self.horizon {
            return None;
        }
        let leeftijd = self.leeftijd(c, start);
        let verblijfkans = match leeftijd {
            ..=3 => 0.075,
            4..=11 => 0.060,
            12..=17 => 0.095,
            _ => 0.05,
        } * self
            .verblijf_stap
            .filter(|(vanaf, _)| start >= *vanaf)
            .map_or(1.0, |(_, f)| f);
        let einde = if self.rng.kans(verblijfkans) {
            self.verblijfpad(c, start)
        } else {
            self.ambulantpad(c, start)
        };
        // Terugval: some clients come back for new care after an ending.
        if let Some(e) = einde
            && diepte < 3
            && self.rng.kans(0.16)
        {
            let terug = e + Duration::days(self.rng.lognormaal(220.0, 0.9).max(1.0) as i64);
            return self.zorgpad(c, terug, diepte + 1);
        }
        einde
    }

    fn ambulantpad(&mut self, c: u32, start: NaiveDate) -> Option<NaiveDate> {
        let mut t = start;
        if self.rng.kans(0.052) {
            let e = self.traject(c, ProductSoort::CrisisAmbulant, t, true)?;
            if !self.rng.kans(0.6) {
                return Some(e);
            }
            t = e + Duration::days(self.rng.bereik(0, 14));
        }
        let e1 = self.traject(c, ProductSoort::Ambulant, t, false);
        let mut laatste = e1;
        if self.rng.kans(0.22) {
            let t2 = t + Duration::days(self.rng.bereik(0, 180));
            let e2 = self.traject(c, ProductSoort::Ambulant, t2, false);
            laatste = match (e1, e2) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        laatste
    }

    fn verblijfpad(&mut self, c: u32, start: NaiveDate) -> Option<NaiveDate> {
        let mut t = start;
        let mut e;
        if self.rng.kans(0.365) {
            e = self.traject(c, ProductSoort::CrisisVerblijf, t, true)?;
            if self.rng.kans(0.7) {
                t = e + Duration::days(self.rng.bereik(0, 5));
                e = self.verblijfsketen(c, t)?;
            }
        } else {
            e = self.verblijfsketen(c, t)?;
        }
        if self.rng.kans(0.15) {
            let g = start + Duration::days(self.rng.bereik(10, 90));
            self.traject(c, ProductSoort::Ggz, g, false);
        }
        if self.rng.kans(0.5) {
            let na = e + Duration::days(self.rng.bereik(0, 30));
            return self.traject(c, ProductSoort::Ambulant, na, false);
        }
        Some(e)
    }

    /// Verblijf trajecten following each other within a week (doorstroom).
    fn verblijfsketen(&mut self, c: u32, start: NaiveDate) -> Option<NaiveDate> {
        let mut t = start;
        for _ in 0..4 {
            let e = self.traject(c, ProductSoort::Verblijf, t, false)?;
            if !self.rng.kans(0.18) {
                return Some(e);
            }
            t = e + Duration::days(self.rng.bereik(0, 7));
        }
        Some(t)
    }

    /// Creates one traject (one or two touching toewijzingen at one provider).
    fn traject(
        &mut self,
        c: u32,
        soort: ProductSoort,
        start: NaiveDate,
        crisis: bool,
    ) -> Option<NaiveDate> {
        if start > self.horizon {
            return None;
        }
        let leeftijd = self.leeftijd(c, start);
        let product = self.aanbod.kies_product(&mut self.rng, soort, leeftijd);
        let aanbieder = self.aanbod.kies_aanbieder(&mut self.rng, product);
        let p = &self.aanbod.producten[product as usize];
        let factor = self.aanbod.aanbieders[aanbieder as usize].duurfactor;
        let duur = (self.rng.lognormaal(p.mediaan_duur, p.sigma_duur) * factor).max(1.0) as i64;
        let einde = start + Duration::days(duur);
        let einde = (einde <= self.horizon).then_some(einde);
        let verwijzer = *match soort {
            ProductSoort::Ambulant | ProductSoort::Ggz => self.rng.kies(&VERWIJZERS_AMBULANT),
            ProductSoort::Verblijf => self.rng.kies(&VERWIJZERS_VERBLIJF),
            _ => self.rng.kies(&VERWIJZERS_CRISIS),
        };
        let aanvraag = if crisis {
            Some(start)
        } else if self.rng.kans(0.92) {
            let wacht = self.rng.lognormaal(p.mediaan_wacht, 0.75) as i64;
            Some(start - Duration::days(wacht))
        } else {
            None
        };
        let plan = (0.62 + self.aanbod.aanbieders[aanbieder as usize].plan_delta).clamp(0.2, 0.95);
        let reden = if self.rng.kans(plan) {
            "31"
        } else {
            *self.rng.kies(&[
                ("32", 0.3),
                ("33", 0.2),
                ("34", 0.2),
                ("35", 0.1),
                ("36", 0.1),
                ("38", 0.1),
            ])
        };
        // A re-allocation (verlenging) splits the traject into two touching toewijzingen.
        let splits = duur > 90 && self.rng.kans(0.2);
        let basis = Toewijzing {
            client: c,
            aanbieder,
            product,
            crisis,
            verwijzer,
            aanvraag,
            start,
            einde,
            reden,
        };
        if splits {
            let knip = start + Duration::days(self.rng.bereik(30, duur - 30));
            let tweede_start = knip + Duration::days(self.rng.bereik(0, 1));
            self.toewijzingen.push(Toewijzing {
                einde: Some(knip),
                reden: "36",
                ..basis.clone()
            });
            if tweede_start <= self.horizon {
                self.toewijzingen.push(Toewijzing {
                    crisis: false,
                    aanvraag: None,
                    start: tweede_start,
                    ..basis
                });
            }
        } else {
            self.toewijzingen.push(basis);
        }
        einde
    }

    /// Jeugdbescherming and jeugdreclassering measures.
    pub fn maatregelen(&mut self, jeugdigen: impl Fn(i32) -> f64, van: i32) {
        for jaar in van..=self.horizon.year() {
            let groei = 1.0 + 0.02 * (jaar - 2024) as f64;
            let n_ots = self.rng.poisson(jeugdigen(jaar) * 0.0044 * groei);
            let n_jr = self.rng.poisson(jeugdigen(jaar) * 0.002 * groei);
            for (soort, n) in [(Soort::Ots, n_ots), (Soort::Jr, n_jr)] {
                for _ in 0..n {
                    let start = datum(jaar, 1, 1) + Duration::days(self.rng.bereik(0, 364));
                    let (lo, hi) = if soort == Soort::Jr {
                        (12, 21)
                    } else {
                        (0, 17)
                    };
                    let c = self.kies_of_maak_client(start, lo, hi);
                    let duur = if soort == Soort::Jr {
                        self.rng.lognormaal(230.0, 0.5)
                    } else {
                        self.rng.lognormaal(560.0, 0.6)
                    };
                    // A measure ends at 18 at the latest (JR excepted).
                    let mut einde = start + Duration::days(duur as i64);
                    if soort != Soort::Jr {
                        let achttien = self.clients[c as usize]
                            .geboren
                            .with_year(self.clients[c as usize].geboren.year() + 18)
                            .unwrap_or(einde);
                        einde = einde.min(achttien.max(start + Duration::days(30)));
                    }
                    self.maatregel(c, soort, start, einde);
                    if soort == Soort::Ots && self.rng.kans(0.22) && einde <= self.horizon {
                        let tot18 = self.clients[c as usize]
                            .geboren
                            .with_year(self.clients[c as usize].geboren.year() + 18)
                            .unwrap_or(einde);
                        let duur = self.rng.lognormaal(1700.0, 0.6) as i64;
                        let e2 = (einde + Duration::days(duur))
                            .min(tot18.max(einde + Duration::days(60)));
                        self.maatregel(c, Soort::Voogdij, einde, e2);
                    }
                }
            }
        }
    }

    fn maatregel(&mut self, c: u32, soort: Soort, start: NaiveDate, einde: NaiveDate) {
        if start > self.horizon {
            return;
        }
        let gi = self.aanbod.kies_gi(&mut self.rng, soort);
        let einde = (einde <= self.horizon).then_some(einde);
        self.maatregelen.push(Maatregel {
            client: c,
            soort,
            gi,
            start,
            einde,
        });
        // Half of the measures also show up as a GI toewijzing in the trajecten table
        // (categories 47/48), which the indicators must leave out of jeugdhulp.
        if self.rng.kans(0.5) {
            let product = self.aanbod.gi_product(soort);
            self.toewijzingen.push(Toewijzing {
                client: c,
                aanbieder: gi,
                product,
                crisis: false,
                verwijzer: "08",
                aanvraag: None,
                start,
                einde,
                reden: "31",
            });
        }
    }

    fn kies_of_maak_client(&mut self, op: NaiveDate, lo: i32, hi: i32) -> u32 {
        if !self.clients.is_empty() && self.rng.kans(0.55) {
            for _ in 0..20 {
                let c = self.rng.bereik(0, self.clients.len() as i64 - 1) as u32;
                let l = self.leeftijd(c, op);
                if (lo..=hi).contains(&l) {
                    return c;
                }
            }
        }
        let leeftijd = self.rng.bereik(lo as i64, hi as i64);
        self.nieuwe_client(op, leeftijd)
    }
}

/// One Veilig Thuis melding.
#[derive(Clone, Debug)]
pub struct Melding {
    pub nummer: u64,
    pub casus: u64,
    pub huishouden: u64,
    pub datum: NaiveDate,
    pub afgesloten: Option<NaiveDate>,
    pub soort: &'static str,
}

const VT_SOORTEN: [(&str, f64); 4] = [
    ("kindermishandeling", 0.40),
    ("partnergeweld", 0.35),
    ("ouderenmishandeling", 0.05),
    ("overig", 0.20),
];

/// Veilig Thuis meldingen per 100,000 residents: rising in Twente while the country fell.
fn vt_per_100k(jaar: i32) -> f64 {
    match jaar {
        ..=2018 => 540.0,
        2019 => 560.0,
        2020 => 575.0,
        2021 => 590.0,
        2022 => 605.0,
        2023 => 620.0,
        2024 => 640.0,
        _ => 650.0,
    }
}

/// Simulates Veilig Thuis for one gemeente: households get meldingen; a melding while a
/// casus is open joins that casus (vervolgmelding), otherwise it opens a new casus.
pub fn veilig_thuis(
    rng: &mut Rng,
    inwoners: impl Fn(i32) -> f64,
    van: i32,
    horizon: NaiveDate,
    gemeente_nr: u64,
) -> Vec<Melding> {
    struct Huishouden {
        nummer: u64,
        casus: Option<(u64, NaiveDate)>,
    }
    let mut huishoudens: Vec<Huishouden> = Vec::new();
    let mut meldingen = Vec::new();
    let mut casus_teller = 0u64;
    for jaar in van..=horizon.year() {
        let n = rng.poisson(inwoners(jaar) * vt_per_100k(jaar) / 100_000.0);
        let mut dagen: Vec<i64> = (0..n).map(|_| rng.bereik(0, 364)).collect();
        dagen.sort_unstable();
        for dag in dagen {
            let d = datum(jaar, 1, 1) + Duration::days(dag);
            let h = if !huishoudens.is_empty() && rng.kans(0.47) {
                // Mostly households seen in recent years.
                let n = huishoudens.len() as i64;
                let lo = (n - 1 - rng.lognormaal(600.0, 1.0) as i64).max(0);
                rng.bereik(lo, n - 1) as usize
            } else {
                huishoudens.push(Huishouden {
                    nummer: (gemeente_nr << 32) | huishoudens.len() as u64,
                    casus: None,
                });
                huishoudens.len() - 1
            };
            let casus = match huishoudens[h].casus {
                Some((id, sluit)) if sluit > d => id,
                _ => {
                    casus_teller += 1;
                    let id = (gemeente_nr << 32) | casus_teller;
                    let sluit = d + Duration::days(rng.lognormaal(65.0, 0.7).max(1.0) as i64);
                    huishoudens[h].casus = Some((id, sluit));
                    id
                }
            };
            let sluit = huishoudens[h].casus.map(|(_, s)| s);
            let soort = *rng.kies(&VT_SOORTEN);
            meldingen.push(Melding {
                nummer: (gemeente_nr << 32) | meldingen.len() as u64,
                casus,
                huishouden: huishoudens[h].nummer,
                datum: d,
                afgesloten: sluit.filter(|s| *s <= horizon),
                soort,
            });
        }
    }
    meldingen
}
