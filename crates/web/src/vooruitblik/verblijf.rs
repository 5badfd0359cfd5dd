//! `/vooruitblik/verblijf`: the verblijf outlook for the Coördinatiepunt Wonen en Verblijf and
//! the data-adviesgroep (`pipeline::indicatoren::verblijfsprognose`, computed at ingest): how
//! many of the stays running at the peildatum are expected to end within 3, 6 and 12 months,
//! per area and per provider and verblijfsvorm (the places coming free), the expected stand
//! with an 80% interval where the inflow is published, and the region's length of stay.
//! Forecasts only, marked as such; the data rule applies to every row.

use askama::Template;
use askama_web::WebTemplate;
use model::Hulpvorm;
use model::{Periode, getal};
use pipeline::indicatoren::Niveau;
use pipeline::indicatoren::verblijfsprognose::{DUUR_MAANDEN, TOTAAL, Verblijfsprognose};

use crate::dashboard::paginas::{Kop, TabelWeergave, kop, weergave};
use crate::filters::{Filters, Keuze};
use crate::staat::{Releasedata, Staat};
use crate::tabel::{Cel, Soort, Tabel, kolom, tekst};

/// The horizons the tables sum to.
const HORIZONNEN: [i64; 3] = [3, 6, 12];

fn vormnaam(v: &str) -> String {
    if v == TOTAAL {
        return "Alle verblijfsvormen".into();
    }
    Hulpvorm::parse(v).map_or_else(
        |_| v.to_string(),
        |h| {
            let n = h.naam();
            format!("{}{} ({v})", n[..1].to_uppercase(), &n[1..])
        },
    )
}

fn maand(p: &str) -> String {
    Periode::parse(p)
        .map(|p| p.label())
        .unwrap_or_else(|_| p.to_string())
}

/// One area's (and verblijfsvorm's) rows, by horizon.
struct Reeks<'a> {
    eerste: &'a Verblijfsprognose,
    rijen: Vec<&'a Verblijfsprognose>,
}

impl Reeks<'_> {
    /// Expected exits of the current stays within `h` months.
    fn uit_binnen(&self, h: i64) -> f64 {
        self.rijen
            .iter()
            .filter(|r| r.horizon <= h)
            .map(|r| r.uitstroom)
            .sum()
    }

    fn op(&self, h: i64) -> Option<&Verblijfsprognose> {
        self.rijen.iter().copied().find(|r| r.horizon == h)
    }
}

/// The series this user may see at the given levels: region first, then by name and vorm.
fn reeksen<'a>(r: &'a Releasedata, niveaus: &[Niveau]) -> Vec<Reeks<'a>> {
    let mut v: Vec<&Verblijfsprognose> = r
        .verblijfsprognoses()
        .filter(|x| niveaus.contains(&x.niveau))
        .collect();
    v.sort_by(|a, b| {
        (
            a.niveau,
            &a.naam,
            &a.code,
            a.verblijfsvorm != TOTAAL,
            &a.verblijfsvorm,
            a.horizon,
        )
            .cmp(&(
                b.niveau,
                &b.naam,
                &b.code,
                b.verblijfsvorm != TOTAAL,
                &b.verblijfsvorm,
                b.horizon,
            ))
    });
    let mut uit: Vec<Reeks> = Vec::new();
    for x in v {
        match uit.last_mut() {
            Some(l)
                if l.eerste.code == x.code
                    && l.eerste.niveau == x.niveau
                    && l.eerste.verblijfsvorm == x.verblijfsvorm =>
            {
                l.rijen.push(x);
            }
            _ => uit.push(Reeks {
                eerste: x,
                rijen: vec![x],
            }),
        }
    }
    uit
}

fn gebied(s: &Staat, x: &Verblijfsprognose) -> String {
    match x.niveau {
        Niveau::Regio => format!("Regio {}", s.regio.naam),
        _ => x.naam.clone().unwrap_or_else(|| x.code.clone()),
    }
}

fn peilmaand(r: &Releasedata) -> String {
    r.verblijfsprognoses()
        .next()
        .map(|x| maand(&x.peilmaand))
        .unwrap_or_default()
}

/// Per area (region and gemeenten): stand now, expected exits and expected stand.
pub fn gebieden_tabel(s: &Staat, r: &Releasedata) -> Tabel {
    let mut kolommen = vec![
        kolom("gebied", "Gebied", Soort::Tekst),
        kolom("stand_nu", "In verblijf op peildatum", Soort::Telling),
    ];
    for (h, id) in HORIZONNEN.into_iter().zip(["uit_3", "uit_6", "uit_12"]) {
        kolommen.push(kolom(
            id,
            &format!("Prognose: beëindigd binnen {h} mnd"),
            Soort::Getal("decimaal"),
        ));
    }
    for (h, [stand, onder, boven]) in [
        (6, ["stand_6", "onder_6", "boven_6"]),
        (12, ["stand_12", "onder_12", "boven_12"]),
    ] {
        kolommen.push(kolom(
            stand,
            &format!("Prognose: stand over {h} mnd"),
            Soort::Getal("decimaal"),
        ));
        kolommen.push(kolom(
            onder,
            &format!("Prognose: ondergrens 80% ({h} mnd)"),
            Soort::Getal("decimaal"),
        ));
        kolommen.push(kolom(
            boven,
            &format!("Prognose: bovengrens 80% ({h} mnd)"),
            Soort::Getal("decimaal"),
        ));
    }
    kolommen.push(kolom("soort", "Soort cijfer", Soort::Tekst));
    let mut t = Tabel::nieuw(
        "verblijf-vooruitblik",
        &format!(
            "Prognose: uitstroom en stand verblijf per gebied, vanaf {} (release {})",
            peilmaand(r),
            r.manifest.id
        ),
        kolommen,
    );
    for x in reeksen(r, &[Niveau::Regio, Niveau::Gemeente]) {
        let mut rij = vec![tekst(gebied(s, x.eerste)), Cel::Getal(x.eerste.stand_nu)];
        for h in HORIZONNEN {
            rij.push(Cel::Getal(Some(x.uit_binnen(h))));
        }
        for h in [6, 12] {
            let o = x.op(h);
            rij.push(Cel::Getal(o.and_then(|o| o.stand)));
            rij.push(Cel::Getal(o.and_then(|o| o.ondergrens)));
            rij.push(Cel::Getal(o.and_then(|o| o.bovengrens)));
        }
        rij.push(tekst("prognose"));
        t.rijen.push(rij);
    }
    t
}

/// Per provider and verblijfsvorm: the places expected to come free.
pub fn aanbieders_tabel(r: &Releasedata) -> Tabel {
    let mut kolommen = vec![
        kolom("aanbieder", "Aanbieder", Soort::Tekst),
        kolom("verblijfsvorm", "Verblijfsvorm", Soort::Tekst),
        kolom("stand_nu", "In verblijf op peildatum", Soort::Telling),
    ];
    for (h, id) in HORIZONNEN.into_iter().zip(["vrij_3", "vrij_6", "vrij_12"]) {
        kolommen.push(kolom(
            id,
            &format!("Prognose: vrij binnen {h} mnd"),
            Soort::Getal("decimaal"),
        ));
    }
    kolommen.push(kolom(
        "stand_6",
        "Prognose: stand over 6 mnd",
        Soort::Getal("decimaal"),
    ));
    kolommen.push(kolom("soort", "Soort cijfer", Soort::Tekst));
    let mut t = Tabel::nieuw(
        "verblijf-aanbieders",
        &format!(
            "Prognose: vrijkomende plekken per aanbieder en verblijfsvorm, vanaf {} (release {})",
            peilmaand(r),
            r.manifest.id
        ),
        kolommen,
    );
    for x in reeksen(r, &[Niveau::Aanbieder]) {
        let mut rij = vec![
            tekst(
                x.eerste
                    .naam
                    .clone()
                    .unwrap_or_else(|| x.eerste.code.clone()),
            ),
            tekst(vormnaam(&x.eerste.verblijfsvorm)),
            Cel::Getal(x.eerste.stand_nu),
        ];
        for h in HORIZONNEN {
            rij.push(Cel::Getal(Some(x.uit_binnen(h))));
        }
        rij.push(Cel::Getal(x.op(6).and_then(|o| o.stand)));
        rij.push(tekst("prognose"));
        t.rijen.push(rij);
    }
    t
}

/// The region month by month.
pub fn maanden_tabel(s: &Staat, r: &Releasedata) -> Tabel {
    let mut t = Tabel::nieuw(
        "verblijf-per-maand",
        &format!(
            "Prognose: verblijf regio {} per maand (release {})",
            s.regio.naam, r.manifest.id
        ),
        vec![
            kolom("maand", "Maand", Soort::Tekst),
            kolom(
                "uitstroom",
                "Prognose: uitstroom van de huidige verblijven",
                Soort::Getal("decimaal"),
            ),
            kolom(
                "nog",
                "Prognose: huidige verblijven nog lopend aan het eind",
                Soort::Getal("decimaal"),
            ),
            kolom(
                "instroom",
                "Instroommodel: nieuwe verblijven per maand",
                Soort::Getal("decimaal"),
            ),
            kolom(
                "stand",
                "Prognose: stand aan het eind",
                Soort::Getal("decimaal"),
            ),
            kolom(
                "onder",
                "Prognose: ondergrens 80%",
                Soort::Getal("decimaal"),
            ),
            kolom(
                "boven",
                "Prognose: bovengrens 80%",
                Soort::Getal("decimaal"),
            ),
            kolom("soort", "Soort cijfer", Soort::Tekst),
        ],
    );
    for x in reeksen(r, &[Niveau::Regio]) {
        for o in &x.rijen {
            t.rijen.push(vec![
                tekst(maand(&o.maand)),
                Cel::Getal(Some(o.uitstroom)),
                Cel::Getal(Some(o.nog_in_verblijf)),
                Cel::Getal(o.instroom),
                Cel::Getal(o.stand),
                Cel::Getal(o.ondergrens),
                Cel::Getal(o.bovengrens),
                tekst("prognose"),
            ]);
        }
    }
    t
}

/// The region's length of stay (Kaplan–Meier).
pub fn duur_tabel(r: &Releasedata) -> Tabel {
    let mut kolommen = vec![
        kolom(
            "verblijfsvorm",
            "Verblijfsvorm (bij de start)",
            Soort::Tekst,
        ),
        kolom("leeftijdsklasse", "Leeftijd bij de start", Soort::Tekst),
        kolom(
            "mediaan",
            "Mediane verblijfsduur (maanden)",
            Soort::Getal("decimaal"),
        ),
    ];
    for (m, id) in DUUR_MAANDEN
        .into_iter()
        .zip(["nog_3", "nog_6", "nog_12", "nog_24"])
    {
        kolommen.push(kolom(
            id,
            &format!("Nog in verblijf na {m} maanden"),
            Soort::Getal("procent"),
        ));
    }
    let mut t = Tabel::nieuw(
        "verblijfsduur",
        &format!(
            "Verblijfsduur regio (Kaplan–Meier over de laatste drie jaar, release {})",
            r.manifest.id
        ),
        kolommen,
    );
    for d in r.verblijfsduur() {
        let mut rij = vec![
            tekst(vormnaam(&d.verblijfsvorm)),
            tekst(if d.leeftijdsklasse == "alle" {
                "Alle leeftijden".to_string()
            } else {
                format!("{} jaar", d.leeftijdsklasse.replace('-', "–"))
            }),
            Cel::Getal(d.mediaan_maanden),
        ];
        for x in d.nog_na {
            rij.push(Cel::Getal(x.map(|x| x * 100.0)));
        }
        t.rijen.push(rij);
    }
    t
}

/// A table of this page for its download.
pub(crate) fn tabel(s: &Staat, r: &Releasedata, id: &str) -> Option<Tabel> {
    match id {
        "verblijf-vooruitblik" => Some(gebieden_tabel(s, r)),
        "verblijf-aanbieders" => Some(aanbieders_tabel(r)),
        "verblijf-per-maand" => Some(maanden_tabel(s, r)),
        "verblijfsduur" => Some(duur_tabel(r)),
        _ => None,
    }
}

/// The region's outlook in one sentence.
fn regiozin(s: &Staat, r: &Releasedata) -> String {
    let Some(x) = reeksen(r, &[Niveau::Regio]).into_iter().next() else {
        return String::new();
    };
    let d = |v: f64| getal::met_eenheid(Some(v), "decimaal");
    let mut z = format!(
        "Regio {}: op {} {} jeugdigen in verblijf. Van hen beëindigen naar verwachting {} hun \
         verblijf binnen 3 maanden, {} binnen 6 en {} binnen 12 maanden.",
        s.regio.naam,
        Periode::parse(&x.eerste.peilmaand)
            .map(|p| p.einde().format("%d-%m-%Y").to_string())
            .unwrap_or_default(),
        getal::met_eenheid(x.eerste.stand_nu, "aantal"),
        d(x.uit_binnen(3)),
        d(x.uit_binnen(6)),
        d(x.uit_binnen(12)),
    );
    if let Some(o) = x.op(6).filter(|o| o.stand.is_some()) {
        z.push_str(&format!(
            " Met de instroom van het afgelopen jaar ({} per maand) is de verwachte stand over \
             6 maanden {} (80%-interval {} tot {}).",
            d(o.instroom.unwrap_or_default()),
            d(o.stand.unwrap_or_default()),
            d(o.ondergrens.unwrap_or_default()),
            d(o.bovengrens.unwrap_or_default()),
        ));
    }
    z
}

pub struct Deel {
    pub id: &'static str,
    /// A forecast (marked as such); the length of stay is an estimate from observed stays.
    pub prognose: bool,
    pub titel: &'static str,
    pub tabel: TabelWeergave,
    pub leeg: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "vooruitblik_verblijf.html")]
pub struct VerblijfPagina {
    pub kop: Kop,
    pub zin: String,
    pub berekend: bool,
    pub delen: Vec<Deel>,
}

pub fn pagina_maak(s: &Staat, r: &Releasedata, f: &Filters) -> VerblijfPagina {
    let k = Keuze::maak(s, r, f);
    let deel = |id, titel, t: Tabel| Deel {
        id,
        prognose: id != "duur",
        titel,
        leeg: t.rijen.is_empty(),
        tabel: weergave(&t, &k, &[]),
    };
    VerblijfPagina {
        kop: kop(s, r, &k, "vooruitblik"),
        zin: regiozin(s, r),
        berekend: r
            .manifest
            .tabellen
            .contains_key(pipeline::indicatoren::verblijfsprognose::TABEL),
        delen: vec![
            deel(
                "gebieden",
                "Uitstroom en stand per gebied",
                gebieden_tabel(s, r),
            ),
            deel(
                "aanbieders",
                "Vrijkomende plekken per aanbieder en verblijfsvorm",
                aanbieders_tabel(r),
            ),
            deel("maanden", "De regio per maand", maanden_tabel(s, r)),
            deel("duur", "Verblijfsduur", duur_tabel(r)),
        ],
    }
}
