//! The synthetic care offer: products with their durations, waiting times and tariffs, and
//! the providers (the region's strategic partners plus a long tail of small practices).
//! Product codes, segments and hulpvormen come from the region configuration; only the
//! behaviour of the synthetic clients (how long, how expensive) is set here.

use model::{Hulpvorm, ProductCategorie, Regio};

use crate::rng::Rng;
use crate::sim::Soort;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProductSoort {
    Ambulant,
    Ggz,
    Verblijf,
    CrisisAmbulant,
    CrisisVerblijf,
    Gi,
}

#[derive(Clone, Debug)]
pub struct Product {
    pub code: &'static str,
    pub soort: ProductSoort,
    pub gewicht: f64,
    pub min_leeftijd: i32,
    pub mediaan_duur: f64,
    pub sigma_duur: f64,
    /// Euro per month of care, at 2024 prices.
    pub tarief: f64,
    pub mediaan_wacht: f64,
    pub categorie: ProductCategorie,
    pub hulpvorm: Option<Hulpvorm>,
}

#[derive(Clone, Debug)]
pub struct Aanbieder {
    pub agb: String,
    pub naam: String,
    pub duurfactor: f64,
    pub plan_delta: f64,
}

pub struct Aanbod {
    pub producten: Vec<Product>,
    pub aanbieders: Vec<Aanbieder>,
    /// Per product: (aanbieder, weight).
    leveranciers: Vec<Vec<(u32, f64)>>,
}

type Rij = (&'static str, ProductSoort, f64, i32, f64, f64, f64, f64);

#[rustfmt::skip]
const PRODUCTEN: [Rij; 22] = [
    // code, soort, weight, min age, median days, sigma, tariff/month, median wait
    ("45W01", ProductSoort::Ambulant, 0.14, 0, 192.0, 0.8, 384.0, 14.0),
    ("45A01", ProductSoort::Ambulant, 0.2, 0, 294.0, 0.8, 780.0, 35.0),
    ("45A02", ProductSoort::Ambulant, 0.12, 0, 333.0, 0.8, 1080.0, 35.0),
    ("45A04", ProductSoort::Ambulant, 0.17, 0, 384.0, 0.85, 624.0, 30.0),
    ("45D01", ProductSoort::Ambulant, 0.07, 3, 282.0, 0.7, 2160.0, 40.0),
    ("54G01", ProductSoort::Ambulant, 0.15, 4, 230.0, 0.7, 504.0, 42.0),
    ("54G02", ProductSoort::Ambulant, 0.15, 4, 410.0, 0.8, 1320.0, 60.0),
    ("54G01", ProductSoort::Ggz, 0.5, 4, 230.0, 0.7, 504.0, 42.0),
    ("54G02", ProductSoort::Ggz, 0.5, 4, 410.0, 0.8, 1320.0, 60.0),
    ("43W01", ProductSoort::Verblijf, 0.36, 0, 896.0, 0.9, 2040.0, 20.0),
    ("43W02", ProductSoort::Verblijf, 0.115, 0, 666.0, 0.8, 6600.0, 25.0),
    ("43W03", ProductSoort::Verblijf, 0.088, 0, 384.0, 0.8, 2400.0, 25.0),
    ("43J01", ProductSoort::Verblijf, 0.04, 12, 166.0, 0.5, 19200.0, 7.0),
    ("43V01", ProductSoort::Verblijf, 0.16, 4, 333.0, 0.8, 10800.0, 30.0),
    ("43V02", ProductSoort::Verblijf, 0.12, 4, 294.0, 0.8, 14400.0, 30.0),
    ("43W04", ProductSoort::Verblijf, 0.09, 16, 448.0, 0.7, 5040.0, 30.0),
    ("46C01", ProductSoort::CrisisAmbulant, 1.0, 0, 35.0, 0.5, 1800.0, 0.0),
    ("46C02", ProductSoort::CrisisVerblijf, 0.7, 0, 28.0, 0.6, 13200.0, 0.0),
    ("46C03", ProductSoort::CrisisVerblijf, 0.3, 0, 40.0, 0.6, 3000.0, 0.0),
    ("48B01", ProductSoort::Gi, 0.0, 0, 0.0, 0.0, 1560.0, 0.0),
    ("48B02", ProductSoort::Gi, 0.0, 0, 0.0, 0.0, 1320.0, 0.0),
    ("47R01", ProductSoort::Gi, 0.0, 0, 0.0, 0.0, 1080.0, 0.0),
];

const PRAKTIJK: [&str; 10] = [
    "Praktijk",
    "Jeugdhulp",
    "Zorgcollectief",
    "Stichting Kind en Gezin",
    "Begeleiding",
    "Kindpraktijk",
    "Gezinscoaching",
    "Orthopraktijk",
    "Jeugdteam",
    "Zorgboerderij",
];
const PLAATS: [&str; 24] = [
    "De Lutte",
    "Weerselo",
    "Delden",
    "Goor",
    "Vriezenveen",
    "Nijverdal",
    "Enter",
    "Bornerbroek",
    "Denekamp",
    "Ootmarsum",
    "Markelo",
    "Diepenheim",
    "Holten",
    "Vroomshoop",
    "Geesteren",
    "Glanerbrug",
    "Boekelo",
    "Lonneker",
    "Saasveld",
    "Albergen",
    "Beckum",
    "Hertme",
    "Zenderen",
    "Mariënheem",
];

impl Aanbod {
    /// Builds the offer; fails when a demo product is missing from the region's mapping.
    pub fn new(regio: &Regio, aantal_kleine: usize, seed: u64) -> Result<Aanbod, String> {
        let mut producten = Vec::new();
        for (code, soort, gewicht, min_leeftijd, mediaan_duur, sigma_duur, tarief, wacht) in
            PRODUCTEN.iter()
        {
            let categorie = ProductCategorie::parse(&code[..2]).map_err(|e| e.to_string())?;
            let info = regio.product(categorie, code).ok_or_else(|| {
                format!(
                    "demo-product {code} staat niet in de productindeling van regio {}",
                    regio.id
                )
            })?;
            producten.push(Product {
                code,
                soort: *soort,
                gewicht: *gewicht,
                min_leeftijd: *min_leeftijd,
                mediaan_duur: *mediaan_duur,
                sigma_duur: *sigma_duur,
                tarief: *tarief,
                mediaan_wacht: *wacht,
                categorie,
                hulpvorm: info.hulpvorm,
            });
        }
        let mut rng = Rng::new(seed, 0xAAB0);
        let mut aanbieders = Vec::new();
        let mut leveranciers: Vec<Vec<(u32, f64)>> = vec![Vec::new(); producten.len()];
        let biedt =
            |aanbieder: u32, code: &str, gewicht: f64, leveranciers: &mut Vec<Vec<(u32, f64)>>| {
                for (i, p) in producten.iter().enumerate() {
                    if p.code == code {
                        leveranciers[i].push((aanbieder, gewicht));
                    }
                }
            };
        for partner in &regio.strategische_partners {
            let nr = aanbieders.len() as u32;
            aanbieders.push(Aanbieder {
                agb: partner.agb.to_string(),
                naam: partner.naam.clone(),
                duurfactor: 0.85 + 0.35 * rng.f64(),
                plan_delta: 0.24 * rng.f64() - 0.12,
            });
            for code in &partner.producten {
                biedt(nr, code, 6.0, &mut leveranciers);
            }
        }
        let ambulant = [
            "45A01", "45A02", "45A04", "54G01", "54G02", "45D01", "45W01",
        ];
        let wonen = ["43W01", "43W02", "43W03", "43W04"];
        for i in 0..aantal_kleine {
            let nr = aanbieders.len() as u32;
            let naam = if i < PRAKTIJK.len() * PLAATS.len() {
                format!(
                    "{} {}",
                    PRAKTIJK[i % PRAKTIJK.len()],
                    PLAATS[(i * 7 + i / PRAKTIJK.len()) % PLAATS.len()]
                )
            } else {
                format!("Jeugdhulpaanbieder {i:04}")
            };
            aanbieders.push(Aanbieder {
                agb: format!("981{:05}", i + 1),
                naam,
                duurfactor: 0.7 + 0.7 * rng.f64(),
                plan_delta: 0.36 * rng.f64() - 0.18,
            });
            let gewicht = rng.lognormaal(0.6, 0.9);
            let lijst: &[&str] = if i % 9 == 4 { &wonen } else { &ambulant };
            let n = 1 + rng.bereik(0, 2) as usize;
            for _ in 0..n {
                let code = lijst[rng.bereik(0, lijst.len() as i64 - 1) as usize];
                biedt(nr, code, gewicht, &mut leveranciers);
            }
        }
        for (p, l) in producten.iter().zip(&leveranciers) {
            if l.is_empty() {
                return Err(format!("niemand levert demo-product {}", p.code));
            }
        }
        Ok(Aanbod {
            producten,
            aanbieders,
            leveranciers,
        })
    }

    pub fn kies_product(&self, rng: &mut Rng, soort: ProductSoort, leeftijd: i32) -> u16 {
        let gewichten: Vec<f64> = self
            .producten
            .iter()
            .map(|p| {
                if p.soort == soort && leeftijd >= p.min_leeftijd {
                    p.gewicht
                } else {
                    0.0
                }
            })
            .collect();
        rng.gewogen(&gewichten) as u16
    }

    pub fn kies_aanbieder(&self, rng: &mut Rng, product: u16) -> u32 {
        let l = &self.leveranciers[product as usize];
        let gewichten: Vec<f64> = l.iter().map(|(_, g)| *g).collect();
        l[rng.gewogen(&gewichten)].0
    }

    pub fn gi_product(&self, soort: Soort) -> u16 {
        let code = match soort {
            Soort::Ots => "48B01",
            Soort::Voogdij => "48B02",
            Soort::Jr => "47R01",
        };
        self.producten
            .iter()
            .position(|p| p.code == code)
            .expect("GI-producten staan in de tabel") as u16
    }

    pub fn kies_gi(&self, rng: &mut Rng, soort: Soort) -> u32 {
        self.kies_aanbieder(rng, self.gi_product(soort))
    }
}
