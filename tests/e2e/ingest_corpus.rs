//! The corpus of dirty delivery files (`tests/corpus/ingest/`): one real `jeugdstuur ingest`
//! over the whole folder, then every file's documented outcome (the corpus README) is checked
//! in the release: status and whole-file error, row counts, each rejected row with its row
//! number and reason, decoded texts, parsed dates and amounts, and latest-delivery-wins.
//! Every expected value below is derived by hand from the files, never read back from a run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pipeline::Bestandsverslag;
use pipeline::release::{lees_manifest, lees_tabel, releases};
use polars::prelude::*;

use crate::{jeugdstuur, repo};

const CORPUS: &str = "tests/corpus/ingest";

#[derive(Debug)]
enum Fout {
    Geen,
    Precies(&'static str),
    /// The message starts with our Dutch text and ends with a library's own detail.
    BegintMet(&'static str),
}

/// The documented outcome of one corpus file.
struct Verwacht {
    naam: &'static str,
    tabel: Option<&'static str>,
    status: &'static str,
    gelezen: u64,
    geladen: u64,
    afgewezen: u64,
    fout: Fout,
}

/// Read (status `nieuw`): of `gelezen` rows `geladen` loaded, the rest rejected. The table is
/// the first word of the name (`trajecten_…`, `declaraties_…`).
fn nieuw(naam: &'static str, gelezen: u64, geladen: u64) -> Verwacht {
    Verwacht {
        naam,
        tabel: naam.split('_').next(),
        status: "nieuw",
        gelezen,
        geladen,
        afgewezen: gelezen - geladen,
        fout: Fout::Geen,
    }
}

const fn geweigerd(naam: &'static str, tabel: Option<&'static str>, fout: Fout) -> Verwacht {
    Verwacht {
        naam,
        tabel,
        status: "fout",
        gelezen: 0,
        geladen: 0,
        afgewezen: 0,
        fout,
    }
}

const fn overgeslagen(naam: &'static str, fout: &'static str) -> Verwacht {
    Verwacht {
        naam,
        tabel: None,
        status: "overgeslagen",
        gelezen: 0,
        geladen: 0,
        afgewezen: 0,
        fout: Fout::Precies(fout),
    }
}

const LEEG: &str = "het bestand is leeg";
const BINAIR: &str = "geen leesbare tekst: het bestand lijkt binair (geen CSV); verwacht CSV, .xlsx, Parquet of Arrow";

fn verwachtingen() -> Vec<Verwacht> {
    use Fout::*;
    vec![
        overgeslagen(
            "LEESMIJ.txt",
            "geen leveringsbestand (.txt); verwacht .csv, .xlsx, .parquet, .arrow, of iJw-berichten (.xml, .zip)",
        ),
        overgeslagen(
            "README.md",
            "geen leveringsbestand (.md); verwacht .csv, .xlsx, .parquet, .arrow, of iJw-berichten (.xml, .zip)",
        ),
        nieuw("declaraties_GM0141_2024-05_extreme-bedragen.csv", 10, 3),
        nieuw("declaraties_GM0164_2024-05.csv", 7, 5),
        nieuw("declaraties_GM1774_2024-05.arrow", 5, 2),
        nieuw("trajecten_GM0141_2024-05.csv", 2, 2),
        nieuw("trajecten_GM0141_2024-06.csv", 1, 1),
        nieuw("trajecten_GM0141_2024-07_afgebroken.csv", 3, 2),
        geweigerd(
            "trajecten_GM0141_2024-08_afgebroken.parquet",
            Some("trajecten"),
            BegintMet("het bestand kan niet worden gelezen: geen geldig parquet-bestand: "),
        ),
        nieuw("trajecten_GM0147_2024-05_utf8-komma.csv", 2, 2),
        geweigerd(
            "trajecten_GM0147_2024-06_bom-maar-windows1252.csv",
            Some("trajecten"),
            Precies(
                "het bestand kan niet worden gelezen: het bestand begint met het UTF-8-kenmerk \
                 (BOM), maar regel 3 bevat een teken dat geen UTF-8 is (byte 0xEB); sla het \
                 bestand opnieuw op als 'CSV UTF-8', of zonder BOM",
            ),
        ),
        nieuw("trajecten_GM0147_2024-07_utf16le-zonder-bom.csv", 2, 2),
        geweigerd(
            "trajecten_GM0147_2024-09_rommel.csv",
            Some("trajecten"),
            Precies(BINAIR),
        ),
        nieuw("trajecten_GM0153_2024-06.xlsx", 3, 2),
        nieuw("trajecten_GM0158_2024-05_meerregelig.csv", 7, 5),
        nieuw("trajecten_GM0158_2024-06_datums.csv", 6, 1),
        nieuw("trajecten_GM0163_2024-05_windows1252.csv", 2, 2),
        geweigerd(
            "trajecten_GM0163_2024-06_dubbele-kop.csv",
            Some("trajecten"),
            Precies(
                "kolom 'einddatum' komt meer dan eens voor (als 'einddatum' en als 'einddatum')",
            ),
        ),
        overgeslagen(
            "trajecten_GM0164_2024-05.json",
            "geen leveringsbestand (.json); verwacht .csv, .xlsx, .parquet, .arrow, of iJw-berichten (.xml, .zip)",
        ),
        nieuw("trajecten_GM0164_2024-05_utf8-bom.csv", 2, 2),
        geweigerd(
            "trajecten_GM0164_2024-06_leeg.csv",
            Some("trajecten"),
            Precies(LEEG),
        ),
        geweigerd(
            "trajecten_GM0164_2024-07_alleen-bom.csv",
            Some("trajecten"),
            Precies(LEEG),
        ),
        nieuw("trajecten_GM0164_2024-08_alleen-kop.csv", 0, 0),
        geweigerd(
            "trajecten_GM0164_2024-09_binair.csv",
            Some("trajecten"),
            Precies(BINAIR),
        ),
        geweigerd(
            "trajecten_GM0164_2024-10_kapot.parquet",
            Some("trajecten"),
            BegintMet("het bestand kan niet worden gelezen: geen geldig parquet-bestand: "),
        ),
        geweigerd(
            "trajecten_GM0164_2024-11_kapot.xlsx",
            Some("trajecten"),
            BegintMet("het bestand kan niet worden gelezen: "),
        ),
        nieuw("trajecten_GM0164_2025-01_gemengde-scheiding.csv", 4, 2),
        nieuw("trajecten_GM0168_2024-05_utf16le.csv", 2, 2),
        nieuw("trajecten_GM0173_2024-05_tab.csv", 2, 2),
        nieuw("trajecten_GM0173_2024-06_drie-tabbladen.xlsx", 2, 2),
        geweigerd(
            "trajecten_GM0173_2024-07_twee-maanden.xlsx",
            Some("trajecten"),
            Precies(
                "het werkboek heeft meer dan één tabblad met de kolommen van trajecten ('mei', \
                 'juni'): Jeugdstuur kiest niet zelf; lever één tabblad per bestand of noem het \
                 tabblad 'trajecten'",
            ),
        ),
        nieuw("trajecten_GM0173_2024-08_enorm-bereik.xlsx", 1, 1),
        nieuw("trajecten_GM0183_2024-05_foute-rijen.csv", 9, 2),
        geweigerd(
            "trajecten_GM0183_2024-07_te-veel-kolommen.csv",
            Some("trajecten"),
            Precies(
                "de kopregel heeft 5000 kolommen; meer dan 1000 kolommen komt in een levering \
                 niet voor: controleer het scheidingsteken of de bestandssoort",
            ),
        ),
        nieuw("trajecten_GM0189_2024-05_kolomaliassen.csv", 2, 2),
        geweigerd(
            "trajecten_GM1700_2024-05_zonder-startdatum.csv",
            Some("trajecten"),
            Precies(
                "verplichte kolom 'startdatum' ontbreekt; gevonden kolommen: gemeente, client_id, \
                 geboortedatum, geslacht, toewijzingnummer, aanbieder_agb, aanbieder_naam, \
                 productcategorie, productcode, verwijzer, Start zorg, einddatum, \
                 reden_beeindiging. Voeg de kolom toe of zet de naam bij [kolommen.trajecten] in \
                 de regioconfiguratie",
            ),
        ),
        nieuw("trajecten_GM1735_2024-05_formule.csv", 3, 3),
        nieuw("trajecten_GM1735_2024-06_startdatum-als-getal.arrow", 3, 0),
        geweigerd(
            "trajecten_GM1742_2024-05_dubbele-kolom.csv",
            Some("trajecten"),
            Precies(
                "kolom 'startdatum' komt meer dan eens voor (als 'Begindatum' en als 'Ingangsdatum')",
            ),
        ),
        nieuw("trajecten_GM1774_2024-05.parquet", 2, 2),
        nieuw("trajecten_GM1774_2024-07_verkeerde-types.parquet", 3, 1),
        nieuw("trajecten_GM1774_2024-08_datum-buiten-bereik.parquet", 4, 0),
        geweigerd(
            "trajectenoverzicht_GM0164_2024-05.csv",
            None,
            Precies(
                "de bestandsnaam zegt niet welke tabel dit is: verwacht een naam die begint met \
                 trajecten, declaraties, maatregelen, veilig_thuis, bevolking, landelijk, \
                 streefwaarden, aanbieders of begroting",
            ),
        ),
    ]
}

/// Every rejected row of the run: (file, row, column, value, reason).
const AFGEWEZEN: &[(&str, i64, &str, &str, &str)] = &[
    (
        "declaraties_GM0164_2024-05.csv",
        5,
        "bedrag",
        "9.999.999.999,00",
        "bedrag 9.999.999.999,00 is groter dan € 5.000.000 voor één declaratie: controleer de eenheid",
    ),
    (
        "declaraties_GM0164_2024-05.csv",
        7,
        "bedrag",
        "=1+1",
        "'=1+1' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "declaraties_GM1774_2024-05.arrow",
        4,
        "bedrag",
        "10000000000",
        "bedrag 10000000000 is groter dan € 5.000.000 voor één declaratie: controleer de eenheid",
    ),
    (
        "declaraties_GM1774_2024-05.arrow",
        5,
        "bedrag",
        "NaN",
        "'NaN' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "declaraties_GM1774_2024-05.arrow",
        6,
        "bedrag",
        "",
        "'' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "trajecten_GM0153_2024-06.xlsx",
        4,
        "einddatum",
        "01-03-2024",
        "einddatum 01-03-2024 ligt voor startdatum 15-04-2024",
    ),
    (
        "trajecten_GM0158_2024-05_meerregelig.csv",
        4,
        "",
        "",
        "rij heeft 14 velden, verwacht 13 (zoals de kopregel)",
    ),
    (
        "trajecten_GM0158_2024-05_meerregelig.csv",
        8,
        "einddatum",
        "01-03-2024",
        "einddatum 01-03-2024 ligt voor startdatum 01-04-2024",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        3,
        "gemeente",
        "GM9999",
        "gemeente GM9999 hoort niet bij regio Twente (zie [[gemeenten]] in de regioconfiguratie)",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        4,
        "einddatum",
        "03-02-2024",
        "einddatum 03-02-2024 ligt voor startdatum 15-03-2024",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        5,
        "startdatum",
        "31-02-2024",
        "\"31-02-2024\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        6,
        "startdatum",
        "01-01-0001",
        "startdatum 01-01-0001 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        7,
        "einddatum",
        "9999-12-31",
        "einddatum 9999-12-31 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        9,
        "",
        "",
        "lege regel",
    ),
    (
        "trajecten_GM0183_2024-05_foute-rijen.csv",
        10,
        "client_id",
        "",
        "client_id is leeg",
    ),
    (
        "trajecten_GM1735_2024-06_startdatum-als-getal.arrow",
        2,
        "startdatum",
        "20240315",
        "\"20240315\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM1735_2024-06_startdatum-als-getal.arrow",
        3,
        "startdatum",
        "20240401",
        "\"20240401\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM1735_2024-06_startdatum-als-getal.arrow",
        4,
        "startdatum",
        "",
        "startdatum is leeg",
    ),
];

/// The rejected rows of the hostile files added for issue 11 (hardening).
const AFGEWEZEN_VIJANDIG: &[(&str, i64, &str, &str, &str)] = &[
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        2,
        "bedrag",
        "-9.999.999.999,00",
        "bedrag -9.999.999.999,00 is een creditering van meer dan € 5.000.000 voor één declaratie: controleer de eenheid",
    ),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        3,
        "bedrag",
        "-5.000.000,01",
        "bedrag -5.000.000,01 is een creditering van meer dan € 5.000.000 voor één declaratie: controleer de eenheid",
    ),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        6,
        "bedrag",
        NEGENS,
        concat!(
            "bedrag 9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
            "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
            "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
            "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
            " is groter dan € 5.000.000 voor één declaratie: controleer de eenheid"
        ),
    ),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        8,
        "bedrag",
        "(85,10)",
        "'(85,10)' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        9,
        "bedrag",
        "\u{2212}85,10",
        "'\u{2212}85,10' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        10,
        "bedrag",
        "1e6",
        "'1e6' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        11,
        "bedrag",
        "--5",
        "'--5' is geen bedrag: verwacht bijvoorbeeld 1234,56 of -85,10",
    ),
    (
        "trajecten_GM0141_2024-07_afgebroken.csv",
        4,
        "",
        "",
        "rij heeft 7 velden, verwacht 13 (zoals de kopregel)",
    ),
    (
        "trajecten_GM0158_2024-06_datums.csv",
        2,
        "geboortedatum",
        "0001-05",
        "geboortedatum 0001-05 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM0158_2024-06_datums.csv",
        3,
        "geboortedatum",
        "9999-12",
        "geboortedatum 9999-12 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM0158_2024-06_datums.csv",
        4,
        "startdatum",
        "0000-01-01",
        "startdatum 0000-01-01 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM0158_2024-06_datums.csv",
        6,
        "startdatum",
        "29-02-2023",
        "\"29-02-2023\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM0158_2024-06_datums.csv",
        7,
        "startdatum",
        "99999-01-01",
        "\"99999-01-01\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM0164_2025-01_gemengde-scheiding.csv",
        3,
        "",
        "",
        "rij heeft 1 velden, verwacht 13 (zoals de kopregel); deze rij gebruikt ',' als scheidingsteken, de kopregel ';'",
    ),
    (
        "trajecten_GM0164_2025-01_gemengde-scheiding.csv",
        4,
        "",
        "",
        "rij heeft 1 velden, verwacht 13 (zoals de kopregel); deze rij gebruikt tab als scheidingsteken, de kopregel ';'",
    ),
    (
        "trajecten_GM1774_2024-07_verkeerde-types.parquet",
        3,
        "einddatum",
        "45000",
        "\"45000\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM1774_2024-07_verkeerde-types.parquet",
        4,
        "reden_beeindiging",
        "J",
        "\"J\" is geen geldige reden beëindiging: verwacht een code van 2 cijfers, 01 t/m 99 (bijv. 31)",
    ),
    (
        "trajecten_GM1774_2024-08_datum-buiten-bereik.parquet",
        2,
        "startdatum",
        "01-01-0001",
        "startdatum 01-01-0001 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM1774_2024-08_datum-buiten-bereik.parquet",
        3,
        "startdatum",
        "31-12-9999",
        "startdatum 31-12-9999 ligt buiten 1900–2100: dit is vrijwel zeker een invoerfout",
    ),
    (
        "trajecten_GM1774_2024-08_datum-buiten-bereik.parquet",
        4,
        "startdatum",
        "buiten-de-kalender:dag-2147483647",
        "\"buiten-de-kalender:dag-2147483647\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
    (
        "trajecten_GM1774_2024-08_datum-buiten-bereik.parquet",
        5,
        "startdatum",
        "buiten-de-kalender:dag--2147483648",
        "\"buiten-de-kalender:dag--2147483648\" is geen geldige datum: verwacht dd-mm-jjjj of jjjj-mm-dd",
    ),
];

const NEGENS: &str = concat!(
    "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
    "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
    "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
    "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
);

/// Row numbers of the loaded rows, per file (spreadsheet numbering: the header is row 1).
const GELADEN_RIJEN: &[(&str, &[i64])] = &[
    ("declaraties_GM0164_2024-05.csv", &[2, 3, 4, 6, 8]),
    ("declaraties_GM1774_2024-05.arrow", &[2, 3]),
    ("trajecten_GM0141_2024-05.csv", &[2, 3]),
    ("trajecten_GM0141_2024-06.csv", &[2]),
    ("trajecten_GM0147_2024-05_utf8-komma.csv", &[2, 3]),
    ("trajecten_GM0153_2024-06.xlsx", &[2, 5]),
    // Row 2 spans two lines, row 4 has too many fields, row 6 spans two lines, row 7 is an
    // empty line, row 8 is rejected.
    ("trajecten_GM0158_2024-05_meerregelig.csv", &[2, 3, 5, 6, 9]),
    ("trajecten_GM0163_2024-05_windows1252.csv", &[2, 3]),
    ("trajecten_GM0164_2024-05_utf8-bom.csv", &[2, 3]),
    ("trajecten_GM0168_2024-05_utf16le.csv", &[2, 3]),
    ("trajecten_GM0173_2024-05_tab.csv", &[2, 3]),
    ("trajecten_GM0183_2024-05_foute-rijen.csv", &[2, 8]),
    ("trajecten_GM0189_2024-05_kolomaliassen.csv", &[2, 3]),
    ("trajecten_GM1735_2024-05_formule.csv", &[2, 3, 4]),
    ("trajecten_GM1774_2024-05.parquet", &[2, 3]),
    (
        "declaraties_GM0141_2024-05_extreme-bedragen.csv",
        &[4, 5, 7],
    ),
    ("trajecten_GM0141_2024-07_afgebroken.csv", &[2, 3]),
    ("trajecten_GM0147_2024-07_utf16le-zonder-bom.csv", &[2, 3]),
    ("trajecten_GM0158_2024-06_datums.csv", &[5]),
    ("trajecten_GM0164_2025-01_gemengde-scheiding.csv", &[2, 5]),
    ("trajecten_GM0173_2024-06_drie-tabbladen.xlsx", &[2, 3]),
    ("trajecten_GM0173_2024-08_enorm-bereik.xlsx", &[2]),
    ("trajecten_GM1774_2024-07_verkeerde-types.parquet", &[2]),
];

/// A column as text (dates as `jjjj-mm-dd`, booleans as `true`/`false`), nulls as `None`.
fn tekst(df: &DataFrame, kolom: &str) -> Vec<Option<String>> {
    let c = df
        .column(kolom)
        .unwrap_or_else(|e| panic!("kolom {kolom}: {e}"))
        .cast(&DataType::String)
        .unwrap();
    c.str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

fn getallen(df: &DataFrame, kolom: &str) -> Vec<Option<i64>> {
    let c = df.column(kolom).unwrap().cast(&DataType::Int64).unwrap();
    c.i64().unwrap().iter().collect()
}

/// All rows of `df` as maps from column name to text value.
fn rijen(df: &DataFrame) -> Vec<BTreeMap<String, Option<String>>> {
    let kolommen: Vec<(String, Vec<Option<String>>)> = df
        .get_column_names()
        .iter()
        .map(|n| (n.to_string(), tekst(df, n)))
        .collect();
    (0..df.height())
        .map(|i| {
            kolommen
                .iter()
                .map(|(n, v)| (n.clone(), v[i].clone()))
                .collect()
        })
        .collect()
}

/// The one row of a trajecten table with this toewijzingnummer.
fn toewijzing(df: &DataFrame, nummer: &str) -> BTreeMap<String, Option<String>> {
    let mut gevonden: Vec<_> = rijen(df)
        .into_iter()
        .filter(|r| r["toewijzingnummer"].as_deref() == Some(nummer))
        .collect();
    assert_eq!(gevonden.len(), 1, "toewijzing {nummer}");
    gevonden.remove(0)
}

fn waarde<'a>(r: &'a BTreeMap<String, Option<String>>, kolom: &str) -> Option<&'a str> {
    r.get(kolom)
        .unwrap_or_else(|| panic!("kolom {kolom} ontbreekt"))
        .as_deref()
}

fn verslag<'a>(deze_run: &'a [Bestandsverslag], naam: &str) -> &'a Bestandsverslag {
    let v: Vec<_> = deze_run.iter().filter(|v| v.naam == naam).collect();
    assert_eq!(v.len(), 1, "{naam} staat {} keer in deze_run", v.len());
    v[0]
}

#[test]
fn every_corpus_file_has_its_documented_outcome() {
    let corpus = repo().join(CORPUS);
    let data = tempfile::tempdir().unwrap();
    let uit = jeugdstuur()
        .arg("ingest")
        .arg("--data")
        .arg(data.path())
        .arg(&corpus)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&uit.stdout);
    let stderr = String::from_utf8_lossy(&uit.stderr);
    assert!(uit.status.success(), "ingest faalde\n{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stdout.contains(
            "43 bestanden aangeboden (0 al ingelezen, 14 met een fout): 89 rijen gelezen = 50 geladen + 39 afgewezen"
        ),
        "{stdout}"
    );

    let lijst = releases(data.path()).unwrap();
    assert_eq!(lijst.len(), 1);
    let id = lijst[0].id.clone();
    let manifest = lees_manifest(data.path(), &id).unwrap();
    let run = &manifest.deze_run;

    // Every file in the folder is in the run, and every file has a documented outcome.
    let verwacht = verwachtingen();
    // Hidden files (`.gitattributes`) are not offered, as for any folder given to ingest.
    let in_map: BTreeSet<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with('.'))
        .collect();
    let beschreven: BTreeSet<String> = verwacht.iter().map(|v| v.naam.to_string()).collect();
    assert_eq!(
        in_map, beschreven,
        "corpusbestanden zonder (of met een verouderde) verwachting"
    );
    let in_run: BTreeSet<String> = run.iter().map(|v| v.naam.clone()).collect();
    assert_eq!(in_run, beschreven);
    assert_eq!(run.len(), verwacht.len());

    for w in &verwacht {
        let v = verslag(run, w.naam);
        assert_eq!(v.status, w.status, "status van {}", w.naam);
        assert_eq!(v.tabel.as_deref(), w.tabel, "tabel van {}", w.naam);
        assert_eq!(
            (v.rijen_gelezen, v.rijen_geladen, v.rijen_afgewezen),
            (w.gelezen, w.geladen, w.afgewezen),
            "rijen gelezen/geladen/afgewezen van {}",
            w.naam
        );
        assert_eq!(
            v.rijen_gelezen,
            v.rijen_geladen + v.rijen_afgewezen,
            "{}: gelezen ≠ geladen + afgewezen",
            w.naam
        );
        match &w.fout {
            Fout::Geen => assert_eq!(v.fout, None, "{}", w.naam),
            Fout::Precies(f) => assert_eq!(v.fout.as_deref(), Some(*f), "{}", w.naam),
            Fout::BegintMet(f) => {
                let fout = v.fout.as_deref().unwrap_or_default();
                assert!(
                    fout.starts_with(f) && fout.len() > f.len(),
                    "{}: {fout}",
                    w.naam
                );
            }
        }
        // A file that was opened carries its fingerprint; a skipped file was never opened.
        if w.status == "overgeslagen" {
            assert_eq!(v.sha256, "", "{}", w.naam);
        } else {
            assert!(
                v.sha256.len() == 64 && v.sha256.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}: {}",
                w.naam,
                v.sha256
            );
        }
    }
    assert_eq!(
        verslag(run, "trajecten_GM0164_2024-06_leeg.csv").sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA-256 van 0 bytes"
    );
    // Only files that loaded (status nieuw) belong to the release.
    let in_release: BTreeSet<&str> = manifest.bestanden.iter().map(|b| b.naam.as_str()).collect();
    let nieuw: BTreeSet<&str> = verwacht
        .iter()
        .filter(|w| w.status == "nieuw")
        .map(|w| w.naam)
        .collect();
    assert_eq!(in_release, nieuw);

    // Rejected rows: exactly these, with row number, column, value and reason.
    let afgewezen = lees_tabel(data.path(), &id, "afgewezen").unwrap();
    let bestand = tekst(&afgewezen, "bron_bestand");
    let rij = getallen(&afgewezen, "bron_rij");
    let kolom = tekst(&afgewezen, "kolom");
    let wrd = tekst(&afgewezen, "waarde");
    let reden = tekst(&afgewezen, "reden");
    let tabel = tekst(&afgewezen, "tabel");
    let mut gevonden: Vec<(String, i64, String, String, String)> = (0..afgewezen.height())
        .map(|i| {
            let t = tabel[i].clone().unwrap();
            let b = bestand[i].clone().unwrap();
            assert!(b.starts_with(&t), "{b} in tabel {t}");
            (
                b,
                rij[i].unwrap(),
                kolom[i].clone().unwrap_or_default(),
                wrd[i].clone().unwrap_or_default(),
                reden[i].clone().unwrap_or_default(),
            )
        })
        .collect();
    gevonden.sort();
    let mut verwacht_af: Vec<(String, i64, String, String, String)> = AFGEWEZEN
        .iter()
        .chain(AFGEWEZEN_VIJANDIG)
        .map(|(b, r, k, w, z)| {
            (
                b.to_string(),
                *r,
                k.to_string(),
                w.to_string(),
                z.to_string(),
            )
        })
        .collect();
    verwacht_af.sort();
    assert_eq!(gevonden, verwacht_af);
    for w in &verwacht {
        let n = gevonden.iter().filter(|g| g.0 == w.naam).count() as u64;
        assert_eq!(
            n, w.afgewezen,
            "afgewezen rijen van {} in afgewezen",
            w.naam
        );
    }

    // Loaded rows: exactly these files and row numbers in the delivered tables.
    let lev_traj = lees_tabel(data.path(), &id, "leveringen/trajecten").unwrap();
    let lev_decl = lees_tabel(data.path(), &id, "leveringen/declaraties").unwrap();
    let mut geladen_rijen: Vec<(String, i64)> = Vec::new();
    for df in [&lev_traj, &lev_decl] {
        let b = tekst(df, "bron_bestand");
        let r = getallen(df, "bron_rij");
        geladen_rijen.extend((0..df.height()).map(|i| (b[i].clone().unwrap(), r[i].unwrap())));
    }
    geladen_rijen.sort();
    let mut verwacht_geladen: Vec<(String, i64)> = GELADEN_RIJEN
        .iter()
        .flat_map(|(b, rijen)| rijen.iter().map(|r| (b.to_string(), *r)))
        .collect();
    verwacht_geladen.sort();
    assert_eq!(geladen_rijen, verwacht_geladen);
    for w in &verwacht {
        let n = geladen_rijen.iter().filter(|g| g.0 == w.naam).count() as u64;
        assert_eq!(n, w.geladen, "geladen rijen van {} in leveringen", w.naam);
    }
    for t in [
        "maatregelen",
        "veilig_thuis",
        "bevolking",
        "landelijk",
        "streefwaarden",
    ] {
        assert_eq!(lees_tabel(data.path(), &id, t).unwrap().height(), 0, "{t}");
    }

    controleer_trajecten(data.path(), &id, &lev_traj);
    controleer_declaraties(data.path(), &id);
    controleer_vijandig(data.path(), &id);
}

/// The values that came through from the hostile files (issue 11).
fn controleer_vijandig(data: &Path, id: &str) {
    let t = lees_tabel(data, id, "trajecten").unwrap();
    let naam = |nummer: &str| waarde(&toewijzing(&t, nummer), "aanbieder_naam").map(str::to_string);
    // UTF-16 without a BOM: decoded, ë included.
    assert_eq!(naam("T0147-22").as_deref(), Some("Zorgboerderij Eëlco"));
    // The truncated CSV: the rows before the break are whole.
    assert_eq!(
        waarde(&toewijzing(&t, "T0141-12"), "startdatum"),
        Some("2024-03-01")
    );
    // The calendar edges that are allowed: 1 January 1900 to 31 December 2100.
    let r = toewijzing(&t, "T0158-24");
    assert_eq!(waarde(&r, "startdatum"), Some("1900-01-01"));
    assert_eq!(waarde(&r, "einddatum"), Some("2100-12-31"));
    // xlsx: the one sheet with the table's columns ("Gegevens"), not the first sheet.
    assert_eq!(
        waarde(&toewijzing(&t, "T0173-22"), "client_id"),
        Some("P000000000122")
    );
    // xlsx with a stray cell in XFD1048576: read cell by cell, the row is whole.
    let r = toewijzing(&t, "T0173-41");
    assert_eq!(waarde(&r, "startdatum"), Some("2024-03-01"));
    assert_eq!(waarde(&r, "aanbieder_agb"), Some("98000106"));
    // Parquet with numbers for codes and datetimes for dates: read as the codes they are.
    let r = toewijzing(&t, "T1774-21");
    assert_eq!(waarde(&r, "gemeente"), Some("GM1774"));
    assert_eq!(waarde(&r, "geboortedatum"), Some("2010-02-02"));
    assert_eq!(waarde(&r, "startdatum"), Some("2024-03-01"));
    assert_eq!(waarde(&r, "productcategorie"), Some("45"));
    assert_eq!(waarde(&r, "aanbieder_agb"), Some("98000106"));
    assert_eq!(waarde(&r, "geslacht"), Some("1"));
    // Nothing of the refused files.
    let nummers: BTreeSet<String> = tekst(&t, "toewijzingnummer")
        .into_iter()
        .flatten()
        .collect();
    for weg in [
        "T0141-13", "T0141-21", "T0147-11", "T0147-12", "T0163-21", "T0173-31", "T0173-32",
        "T1774-31", "T1774-32", "T1774-33", "T1774-34",
    ] {
        assert!(
            !nummers.contains(weg),
            "{weg} had niet geladen mogen worden"
        );
    }
    // Extreme amounts: −5.000.000,00 exactly is allowed, 0,004 is rounded to cents.
    let d = lees_tabel(data, id, "declaraties").unwrap();
    let bestand = tekst(&d, "bron_bestand");
    let mut bedragen: Vec<f64> = d
        .column("bedrag")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .zip(&bestand)
        .filter(|(_, b)| b.as_deref() == Some("declaraties_GM0141_2024-05_extreme-bedragen.csv"))
        .map(|(x, _)| x.unwrap())
        .collect();
    bedragen.sort_by(f64::total_cmp);
    assert_eq!(bedragen, vec![-5_000_000.0, 0.0, 250.0]);
}

fn controleer_trajecten(data: &Path, id: &str, leveringen: &DataFrame) {
    let t = lees_tabel(data, id, "trajecten").unwrap();
    // 40 delivered rows (29 of the original corpus, 11 of the hostile files), one key twice.
    assert_eq!(leveringen.height(), 40);
    assert_eq!(t.height(), 39);

    // Latest delivery wins: June's end date for T0141-01; both deliveries stay in leveringen.
    let r = toewijzing(&t, "T0141-01");
    assert_eq!(waarde(&r, "einddatum"), Some("2024-06-30"));
    assert_eq!(waarde(&r, "reden_beeindiging"), Some("31"));
    assert_eq!(waarde(&r, "aanlevering"), Some("2024-06"));
    assert_eq!(
        waarde(&r, "bron_bestand"),
        Some("trajecten_GM0141_2024-06.csv")
    );
    let beide: Vec<_> = rijen(leveringen)
        .into_iter()
        .filter(|r| r["toewijzingnummer"].as_deref() == Some("T0141-01"))
        .map(|r| {
            (
                r["aanlevering"].clone().unwrap(),
                r["einddatum"].clone(),
                r["bron_bestand"].clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        beide,
        vec![
            (
                "2024-05".to_string(),
                None,
                "trajecten_GM0141_2024-05.csv".to_string()
            ),
            (
                "2024-06".to_string(),
                Some("2024-06-30".to_string()),
                "trajecten_GM0141_2024-06.csv".to_string()
            ),
        ]
    );
    let r = toewijzing(&t, "T0141-02");
    assert_eq!(waarde(&r, "aanlevering"), Some("2024-05"));
    assert_eq!(waarde(&r, "einddatum"), None);

    // Encodings: the same letters whatever the file's encoding.
    let naam = |nummer: &str| waarde(&toewijzing(&t, nummer), "aanbieder_naam").map(str::to_string);
    assert_eq!(naam("T0163-01").as_deref(), Some("Zorgboerderij Eëlco"));
    assert_eq!(naam("T0163-02").as_deref(), Some("Café de Brug Jeugdhulp"));
    assert_eq!(
        naam("T0164-02").as_deref(),
        Some("Orthopedagogisch Centrum Reünie")
    );
    assert_eq!(
        naam("T0168-01").as_deref(),
        Some("Orthopedagogisch Centrum Reünie")
    );
    assert_eq!(naam("T0173-01").as_deref(), Some("Jeugdformaat Oost"));
    assert_eq!(
        naam("T0147-02").as_deref(),
        Some("Pleegzorg Twente Samen, locatie Borne")
    );
    // Quoted cells keep their newline and their quotes.
    assert_eq!(
        naam("T0158-01").as_deref(),
        Some("Jeugdhulp De Hoeve\nlocatie Noord")
    );
    assert_eq!(
        naam("T0158-04").as_deref(),
        Some("Stichting \"De Brug\"\nafdeling jeugd")
    );
    // Formula-like text is stored exactly as delivered: not evaluated, not altered, not refused.
    assert_eq!(naam("T1735-01").as_deref(), Some("=cmd|' /C calc'!A0"));
    assert_eq!(
        naam("T1735-02").as_deref(),
        Some("@SUM(1+1)*cmd|' /C calc'!A0")
    );
    assert_eq!(naam("T1735-03").as_deref(), Some("-2+3+cmd|' /C calc'!A0"));

    // The Windows-1252 header "Reden beëindiging" and the tab file's last column arrive.
    assert_eq!(
        waarde(&toewijzing(&t, "T0163-02"), "reden_beeindiging"),
        Some("35")
    );
    assert_eq!(
        waarde(&toewijzing(&t, "T0163-02"), "crisis"),
        Some("true"),
        "46C01 is crisis"
    );
    assert_eq!(
        waarde(&toewijzing(&t, "T0173-02"), "reden_beeindiging"),
        Some("33")
    );

    // ISO and dd-mm-jjjj dates in one file.
    let r = toewijzing(&t, "T0164-01");
    assert_eq!(waarde(&r, "geboortedatum"), Some("2012-03-01"));
    assert_eq!(waarde(&r, "startdatum"), Some("2024-01-15"));
    assert_eq!(waarde(&r, "einddatum"), None);
    let r = toewijzing(&t, "T0164-02");
    assert_eq!(waarde(&r, "geboortedatum"), Some("2010-07-14"));
    assert_eq!(waarde(&r, "startdatum"), Some("2024-02-01"));
    assert_eq!(waarde(&r, "einddatum"), Some("2024-04-30"));

    // Column aliases in other case and spelling; gemeente 0189 and product 45a04 normalised.
    let r = toewijzing(&t, "T0189-01");
    assert_eq!(waarde(&r, "gemeente"), Some("GM0189"));
    assert_eq!(waarde(&r, "client_id"), Some("P000000000011"));
    assert_eq!(waarde(&r, "geboortedatum"), Some("2011-02-01"));
    assert_eq!(waarde(&r, "geslacht"), Some("1"));
    assert_eq!(waarde(&r, "aanbieder_agb"), Some("98000106"));
    assert_eq!(
        waarde(&r, "aanbieder_naam"),
        Some("Ambulant Team Twente-Midden")
    );
    assert_eq!(waarde(&r, "productcategorie"), Some("45"));
    assert_eq!(waarde(&r, "productcode"), Some("45A04"));
    assert_eq!(waarde(&r, "hulpvorm"), Some("04"));
    assert_eq!(waarde(&r, "verwijzer"), Some("02"));
    assert_eq!(waarde(&r, "startdatum"), Some("2024-03-01"));
    assert_eq!(waarde(&r, "einddatum"), Some("2024-05-31"));
    assert_eq!(waarde(&r, "reden_beeindiging"), Some("31"));
    assert_eq!(waarde(&toewijzing(&t, "T0189-02"), "verwijzer"), Some("05"));

    // .xlsx: the sheet "Trajecten", not the first sheet; Excel dates and numbers read right.
    let r = toewijzing(&t, "T0153-01");
    assert_eq!(waarde(&r, "geboortedatum"), Some("2010-05-17"));
    assert_eq!(waarde(&r, "startdatum"), Some("2024-04-02"));
    assert_eq!(waarde(&r, "einddatum"), None);
    assert_eq!(waarde(&r, "aanbieder_agb"), Some("98000106"));
    assert_eq!(waarde(&r, "productcategorie"), Some("45"));
    assert_eq!(waarde(&r, "geslacht"), Some("1"));
    assert_eq!(waarde(&r, "aanlevering"), Some("2024-06"));
    let r = toewijzing(&t, "T0153-03");
    assert_eq!(waarde(&r, "startdatum"), Some("2024-05-06"));
    assert_eq!(waarde(&r, "einddatum"), Some("2024-06-14"));

    // Parquet: Date columns, an empty date, and the category stored as the float 45.0.
    let r = toewijzing(&t, "T1774-01");
    assert_eq!(waarde(&r, "geboortedatum"), Some("2010-02-02"));
    assert_eq!(waarde(&r, "startdatum"), Some("2024-03-04"));
    assert_eq!(waarde(&r, "einddatum"), None);
    assert_eq!(waarde(&r, "productcategorie"), Some("45"));
    let r = toewijzing(&t, "T1774-02");
    assert_eq!(waarde(&r, "einddatum"), Some("2024-04-30"));
    assert_eq!(waarde(&r, "productcategorie"), Some("43"));
    assert_eq!(waarde(&r, "reden_beeindiging"), Some("31"));

    // Nothing of a refused file or a rejected row is in the table.
    let nummers: BTreeSet<String> = tekst(leveringen, "toewijzingnummer")
        .into_iter()
        .flatten()
        .collect();
    for weg in [
        "T1700-01", "T1742-01", "T0164-09", "T9999-01", "T0183-03", "T0183-04", "T0183-05",
        "T0183-06", "T0158-05", "T0158-09", "T0153-02", "T1735-11", "T1735-12", "T1735-13",
    ] {
        assert!(
            !nummers.contains(weg),
            "{weg} had niet geladen mogen worden"
        );
    }
}

fn controleer_declaraties(data: &Path, id: &str) {
    let d = lees_tabel(data, id, "declaraties").unwrap();
    assert_eq!(d.height(), 10);
    let bestand = tekst(&d, "bron_bestand");
    let bedrag: Vec<f64> = d
        .column("bedrag")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .map(|b| b.unwrap())
        .collect();
    let som = |naam: &str| -> f64 {
        bedrag
            .iter()
            .zip(&bestand)
            .filter(|(_, b)| b.as_deref() == Some(naam))
            .map(|(x, _)| x)
            .sum()
    };
    // 1.234,56 − 85,10 + 250 + 5.000.000,00 + 12,50
    let csv = som("declaraties_GM0164_2024-05.csv");
    assert!((csv - 5_001_411.96).abs() < 1e-6, "{csv}");
    // 1234.56 − 85.1 (Float64 in Arrow)
    let arrow = som("declaraties_GM1774_2024-05.arrow");
    assert!((arrow - 1_149.46).abs() < 1e-6, "{arrow}");
    let mut los: Vec<f64> = bedrag
        .iter()
        .zip(&bestand)
        .filter(|(_, b)| !b.as_deref().unwrap().contains("extreme"))
        .map(|(x, _)| *x)
        .collect();
    los.sort_by(f64::total_cmp);
    assert_eq!(
        los,
        vec![-85.1, -85.1, 12.5, 250.0, 1234.56, 1234.56, 5_000_000.0]
    );
    // Gemeente and delivery month come from the file name.
    for (g, b) in tekst(&d, "gemeente").iter().zip(&bestand) {
        let b = b.as_deref().unwrap();
        assert!(b.contains(g.as_deref().unwrap()), "{g:?} uit {b}");
    }
    assert!(
        tekst(&d, "aanlevering")
            .iter()
            .all(|a| a.as_deref() == Some("2024-05"))
    );
}
