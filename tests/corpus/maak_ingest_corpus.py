#!/usr/bin/env python3
"""Writes the dirty delivery files of tests/corpus/ingest/ byte for byte.

The files are committed; this script only documents exactly how each one was made (encoding,
separator, line endings, binary formats) and lets anyone rebuild them. A rerun gives the same
bytes, except for the .xlsx (openpyxl stamps the time of saving into it). The expected outcome of
every file is in tests/corpus/ingest/README.md and is checked by tests/e2e/ingest_corpus.rs.

    python3 tests/corpus/maak_ingest_corpus.py      # needs polars and openpyxl

All data is fictitious; client ids are pseudonyms of the form P000000000001.
"""

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl

MAP = Path(__file__).resolve().parent / "ingest"

KOP = [
    "gemeente", "client_id", "geboortedatum", "geslacht", "toewijzingnummer", "aanbieder_agb",
    "aanbieder_naam", "productcategorie", "productcode", "verwijzer", "startdatum", "einddatum",
    "reden_beeindiging",
]


def regel(cellen, sep=";"):
    return sep.join(cellen)


def schrijf(naam, tekst, codering="utf-8", bom=b"", eol="\n"):
    data = bom + tekst.replace("\n", eol).encode(codering)
    (MAP / naam).write_bytes(data)


def csv(regels, sep=";"):
    return "".join(regel(r, sep) + "\n" for r in regels)


def main():
    MAP.mkdir(parents=True, exist_ok=True)

    # UTF-8 with BOM, CRLF, ';' — what Excel writes as "CSV UTF-8". ISO and Dutch dates mixed.
    schrijf("trajecten_GM0164_2024-05_utf8-bom.csv", csv([
        KOP,
        ["GM0164", "P000000000001", "2012-03-01", "1", "T0164-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "2024-01-15", "", ""],
        ["GM0164", "P000000000002", "14-07-2010", "2", "T0164-02", "98000111",
         "Orthopedagogisch Centrum Reünie", "43", "43V01", "01", "01-02-2024", "30-04-2024", "31"],
    ]), bom=b"\xef\xbb\xbf", eol="\r\n")

    # UTF-8 without BOM, ',' separator, a quoted name that holds a comma.
    schrijf("trajecten_GM0147_2024-05_utf8-komma.csv", csv([
        KOP,
        ["GM0147", "P000000000003", "2015-09-20", "1", "T0147-01", "98000105",
         "GGZ Jeugd Regge", "54", "54G01", "02", "03-01-2024", "", ""],
        ["GM0147", "P000000000004", "2009-11-02", "2", "T0147-02", "98000102",
         '"Pleegzorg Twente Samen, locatie Borne"', "43", "43W01", "04", "2023-12-01",
         "2024-03-31", "31"],
    ], sep=","))

    # Windows-1252 (Dutch Excel "CSV (gescheiden door lijstscheidingsteken)"), CRLF; the
    # header uses the alias "Reden beëindiging", also in Windows-1252.
    kop_1252 = KOP[:-1] + ["Reden beëindiging"]
    schrijf("trajecten_GM0163_2024-05_windows1252.csv", csv([
        kop_1252,
        ["GM0163", "P000000000005", "2011-05-05", "1", "T0163-01", "98000107",
         "Zorgboerderij Eëlco", "45", "45A04", "06", "05-02-2024", "", ""],
        ["GM0163", "P000000000006", "2013-08-08", "2", "T0163-02", "98000110",
         "Café de Brug Jeugdhulp", "46", "46C01", "01", "10-03-2024", "24-03-2024", "35"],
    ]), codering="cp1252", eol="\r\n")

    # UTF-16LE with BOM, CRLF, ';'.
    schrijf("trajecten_GM0168_2024-05_utf16le.csv", csv([
        KOP,
        ["GM0168", "P000000000007", "2010-01-01", "1", "T0168-01", "98000111",
         "Orthopedagogisch Centrum Reünie", "45", "45A01", "02", "2024-02-12", "", ""],
        ["GM0168", "P000000000008", "2016-06-30", "2", "T0168-02", "98000103",
         "Gezinshuizen De Esrand", "43", "43W02", "04", "2024-01-01", "2024-04-30", "31"],
    ]), codering="utf-16-le", bom=b"\xff\xfe", eol="\r\n")

    # Tab separator, UTF-8.
    schrijf("trajecten_GM0173_2024-05_tab.csv", csv([
        KOP,
        ["GM0173", "P000000000009", "2012-12-12", "1", "T0173-01", "98000101",
         "Jeugdformaat Oost", "45", "45A02", "03", "02-01-2024", "", ""],
        ["GM0173", "P000000000010", "2014-04-14", "2", "T0173-02", "98000101",
         "Jeugdformaat Oost", "45", "45D01", "02", "2024-02-05", "2024-05-10", "33"],
    ], sep="\t"))

    # Column names from the aliases in pipelines/regio/twente.toml, in mixed case and spelling.
    schrijf("trajecten_GM0189_2024-05_kolomaliassen.csv", csv([
        ["GEMEENTECODE", "Cliëntnummer", "Geb_Datum", "SEKSE", "Toewijzingsnummer", "AGB-code",
         "Zorgaanbieder", "Product Categorie", "PRODUCT", "Verwijzer_Code", "Begindatum",
         "Datum Einde", "Reden beëindiging"],
        ["0189", "P000000000011", "2011-02", "1", "T0189-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45a04", "02", "01-03-2024", "31-05-2024", "31"],
        ["GM0189", "P000000000012", "2008-10-10", "2", "T0189-02", "98000104",
         "Kinder- en Jeugdpsychiatrie Dinkeldal", "54", "54G02", "05", "2024-04-01", "", ""],
    ]))

    # A required column is missing: "Start zorg" is no known name for startdatum.
    kop_zonder = KOP[:10] + ["Start zorg"] + KOP[11:]
    schrijf("trajecten_GM1700_2024-05_zonder-startdatum.csv", csv([
        kop_zonder,
        ["GM1700", "P000000000013", "2010-10-10", "1", "T1700-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "01-03-2024", "", ""],
    ]))

    # Two aliases of startdatum in one header.
    kop_dubbel = KOP[:10] + ["Begindatum", "einddatum", "reden_beeindiging", "Ingangsdatum"]
    schrijf("trajecten_GM1742_2024-05_dubbele-kolom.csv", csv([
        kop_dubbel,
        ["GM1742", "P000000000014", "2010-10-10", "1", "T1742-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "01-03-2024", "", "", "01-03-2024"],
    ]))

    # Rows with one problem each; rows 2 and 8 are fine.
    goed = ["P000000000015", "2010-04-04", "1"]
    schrijf("trajecten_GM0183_2024-05_foute-rijen.csv", csv([
        KOP,
        ["GM0183", *goed, "T0183-01", "98000106", "Ambulant Team Twente-Midden", "45", "45A01",
         "02", "15-01-2024", "", ""],
        ["GM9999", "P000000000016", "2011-01-01", "2", "T9999-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "15-01-2024", "", ""],
        ["GM0183", "P000000000017", "2011-01-01", "2", "T0183-03", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "15-03-2024", "03-02-2024", "31"],
        ["GM0183", "P000000000018", "2011-01-01", "2", "T0183-04", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "31-02-2024", "", ""],
        ["GM0183", "P000000000019", "2011-01-01", "2", "T0183-05", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "01-01-0001", "", ""],
        ["GM0183", "P000000000020", "2011-01-01", "2", "T0183-06", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "2024-01-01", "9999-12-31", "31"],
        ["GM0183", "P000000000021", "2011-01-01", "2", "T0183-02", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "2024-02-01", "2024-04-30", "31"],
        ["   "],
        [""] * len(KOP),
    ]))

    # Excel style: CRLF between records, LF inside a cell (Alt+Enter). One record over two
    # lines, one with too many fields, one with quotes inside a quoted name, an empty line.
    def r158(nr, client, naam, start, eind, reden):
        return ["GM0158", client, "2012-06-06", "1", nr, "98000106", naam, "45", "45A01", "02",
                start, eind, reden]
    meer = csv([
        KOP,
        r158("T0158-01", "P000000000022", '"Jeugdhulp De Hoeve\x0blocatie Noord"',
             "01-02-2024", "", ""),
        r158("T0158-02", "P000000000023", "Ambulant Team Twente-Midden", "01-02-2024", "", ""),
        r158("T0158-09", "P000000000024", "Ambulant Team Twente-Midden", "01-02-2024", "", "")
        + ["te veel"],
        r158("T0158-03", "P000000000025", "Ambulant Team Twente-Midden", "01-02-2024", "", ""),
        r158("T0158-04", "P000000000026", '"Stichting ""De Brug""\x0bafdeling jeugd"',
             "01-02-2024", "", ""),
        [""],
        r158("T0158-05", "P000000000027", "Ambulant Team Twente-Midden", "01-04-2024",
             "01-03-2024", "31"),
        r158("T0158-06", "P000000000028", "Ambulant Team Twente-Midden", "01-04-2024", "", ""),
    ])
    # \x0b marks the newline inside a cell: it stays LF while record ends become CRLF.
    schrijf("trajecten_GM0158_2024-05_meerregelig.csv",
            meer.replace("\n", "\r\n").replace("\x0b", "\n"), eol="\n")

    # Spreadsheet formulas as provider names: stored as plain text.
    def r1735(nr, client, naam):
        return ["GM1735", client, "2013-03-03", "2", nr, "98000106", naam, "45", "45A01", "02",
                "2024-03-01", "", ""]
    schrijf("trajecten_GM1735_2024-05_formule.csv", csv([
        KOP,
        r1735("T1735-01", "P000000000029", "=cmd|' /C calc'!A0"),
        r1735("T1735-02", "P000000000030", "@SUM(1+1)*cmd|' /C calc'!A0"),
        r1735("T1735-03", "P000000000031", "-2+3+cmd|' /C calc'!A0"),
    ]))

    # Declarations: Dutch amounts, a credit, the € 5.000.000 limit, a formula as amount.
    schrijf("declaraties_GM0164_2024-05.csv", csv([
        ["toewijzingnummer", "periode", "bedrag"],
        ["T0164-01", "2024-04", "1.234,56"],
        ["T0164-01", "2024-05", "-85,10"],
        ["T0164-02", "2024-05", "250"],
        ["T0164-02", "2024-05", "9.999.999.999,00"],
        ["T0164-02", "2024-04", "5.000.000,00"],
        ["T0164-02", "2024-05", "=1+1"],
        ["T0164-01", "2024-05", "€ 12,50"],
    ]))

    # Files that cannot be read at all.
    (MAP / "trajecten_GM0164_2024-06_leeg.csv").write_bytes(b"")
    (MAP / "trajecten_GM0164_2024-07_alleen-bom.csv").write_bytes(b"\xef\xbb\xbf")
    schrijf("trajecten_GM0164_2024-08_alleen-kop.csv", csv([KOP]))
    (MAP / "trajecten_GM0164_2024-09_binair.csv").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    )
    (MAP / "trajecten_GM0164_2024-10_kapot.parquet").write_bytes(b"dit is geen parquet\n")
    (MAP / "trajecten_GM0164_2024-11_kapot.xlsx").write_bytes(b"PK\x03\x04dit is geen xlsx")

    # Not delivery files, or not recognisable as a table.
    schrijf("LEESMIJ.txt", "Levering mei 2024, vragen aan de functioneel beheerder.\n")
    schrijf("trajecten_GM0164_2024-05.json", '{"trajecten": []}\n')
    schrijf("trajectenoverzicht_GM0164_2024-05.csv", csv([
        KOP,
        ["GM0164", "P000000000032", "2012-03-01", "1", "T0164-09", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "2024-01-15", "", ""],
    ]))

    # The same toewijzing in two deliveries of Almelo: June adds the end date.
    schrijf("trajecten_GM0141_2024-05.csv", csv([
        KOP,
        ["GM0141", "P000000000033", "2011-01-01", "1", "T0141-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "01-04-2024", "", ""],
        ["GM0141", "P000000000034", "2012-02-02", "2", "T0141-02", "98000101",
         "Jeugdformaat Oost", "45", "45A02", "01", "01-05-2024", "", ""],
    ]))
    schrijf("trajecten_GM0141_2024-06.csv", csv([
        KOP,
        ["GM0141", "P000000000033", "2011-01-01", "1", "T0141-01", "98000106",
         "Ambulant Team Twente-Midden", "45", "45A01", "02", "01-04-2024", "30-06-2024", "31"],
    ]))

    # .xlsx with an explanation sheet first and the data on the sheet named "Trajecten".
    boek = openpyxl.Workbook()
    uitleg = boek.active
    uitleg.title = "Toelichting"
    uitleg.append(["Levering Enschede, tweede kwartaal 2024"])
    uitleg.append(["De gegevens staan op het tabblad Trajecten."])
    blad = boek.create_sheet("Trajecten")
    blad.append(KOP)
    blad.append(["GM0153", "P000000000035", dt.date(2010, 5, 17), 1, "T0153-01", 98000106,
                 "Ambulant Team Twente-Midden", 45, "45A01", "02", dt.date(2024, 4, 2), None,
                 None])
    blad.append([None] * len(KOP))
    blad.append(["GM0153", "P000000000036", dt.date(2012, 9, 3), 2, "T0153-02", 98000109,
                 "De Hoge Veluwegroep Jeugd", 43, "43J01", "04", "15-04-2024",
                 dt.date(2024, 3, 1), "31"])
    blad.append(["GM0153", "P000000000037", dt.date(2011, 11, 11), 1, "T0153-03", 98000106,
                 "Ambulant Team Twente-Midden", 45, "45A04", "02", "2024-05-06",
                 dt.date(2024, 6, 14), "31"])
    boek.properties.created = dt.datetime(2024, 7, 1, 12, 0, 0)
    boek.save(MAP / "trajecten_GM0153_2024-06.xlsx")

    # Parquet with proper types: Date columns, and the category as a Float column (45.0).
    pl.DataFrame({
        "gemeente": ["GM1774", "GM1774"],
        "client_id": ["P000000000038", "P000000000039"],
        "geboortedatum": [dt.date(2010, 2, 2), dt.date(2013, 3, 3)],
        "geslacht": ["1", "2"],
        "toewijzingnummer": ["T1774-01", "T1774-02"],
        "aanbieder_agb": ["98000106", "98000102"],
        "aanbieder_naam": ["Ambulant Team Twente-Midden", "Pleegzorg Twente Samen"],
        "productcategorie": [45.0, 43.0],
        "productcode": ["45A01", "43W01"],
        "verwijzer": ["02", "04"],
        "startdatum": [dt.date(2024, 3, 4), dt.date(2024, 1, 8)],
        "einddatum": [None, dt.date(2024, 4, 30)],
        "reden_beeindiging": [None, "31"],
    }, schema_overrides={"einddatum": pl.Date}).write_parquet(
        MAP / "trajecten_GM1774_2024-05.parquet")

    # Arrow IPC with a wrong type: startdatum as the integer 20240315 (jjjjmmdd).
    pl.DataFrame({
        "gemeente": ["GM1735"] * 3,
        "client_id": ["P000000000040", "P000000000041", "P000000000042"],
        "geboortedatum": [dt.date(2010, 1, 1), dt.date(2011, 1, 1), dt.date(2012, 1, 1)],
        "geslacht": ["1", "2", "1"],
        "toewijzingnummer": ["T1735-11", "T1735-12", "T1735-13"],
        "aanbieder_agb": [98000106.0, 98000106.0, 98000106.0],
        "aanbieder_naam": ["Ambulant Team Twente-Midden"] * 3,
        "productcategorie": ["45"] * 3,
        "productcode": ["45A01"] * 3,
        "verwijzer": ["02"] * 3,
        "startdatum": [20240315, 20240401, None],
        "einddatum": [None, None, None],
        "reden_beeindiging": [None, None, None],
    }, schema_overrides={"startdatum": pl.Int64, "einddatum": pl.Date,
                         "reden_beeindiging": pl.String}).write_ipc(
        MAP / "trajecten_GM1735_2024-06_startdatum-als-getal.arrow")

    # Arrow IPC declarations: a Float amount column with NaN, an empty cell and a huge value.
    pl.DataFrame({
        "toewijzingnummer": ["T1774-01"] * 5,
        "periode": ["2024-04", "2024-05", "2024-05", "2024-05", "2024-05"],
        "bedrag": [1234.56, -85.1, 1e10, float("nan"), None],
    }, schema_overrides={"bedrag": pl.Float64}).write_ipc(
        MAP / "declaraties_GM1774_2024-05.arrow")


if __name__ == "__main__":
    main()
