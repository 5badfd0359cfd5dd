#!/usr/bin/env python3
"""Writes the hostile delivery files added to tests/corpus/ingest/ for issue 11 (hardening).

Like maak_ingest_corpus.py, this only documents byte for byte how each file was made; the
files are committed and their outcome is in tests/corpus/ingest/README.md, checked by
tests/e2e/ingest_corpus.rs. The 100 MB single-line file is not here: the test writes it into a
temporary folder at run time (tests/e2e/hardening.rs).

    python3 tests/corpus/maak_vijandig_corpus.py    # needs polars, pyarrow and openpyxl

All data is fictitious; client ids are pseudonyms of the form P000000000001.
"""

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

MAP = Path(__file__).resolve().parent / "ingest"

KOP = [
    "gemeente", "client_id", "geboortedatum", "geslacht", "toewijzingnummer", "aanbieder_agb",
    "aanbieder_naam", "productcategorie", "productcode", "verwijzer", "startdatum", "einddatum",
    "reden_beeindiging",
]


def rij(gm, nr, client, start="01-03-2024", eind="", reden="", naam="Ambulant Team Twente-Midden",
        geboren="2012-01-01"):
    return [gm, f"P0000000{client:05d}", geboren, "1", f"T{gm[2:]}-{nr}", "98000106", naam, "45",
            "45A01", "02", start, eind, reden]


def csv(regels, sep=";"):
    return "".join(sep.join(r) + "\n" for r in regels)


def schrijf(naam, data):
    (MAP / naam).write_bytes(data)


def main():
    # Truncated in the middle of row 4, inside a quoted name (a download that broke off).
    tekst = csv([KOP, rij("GM0141", "11", 101), rij("GM0141", "12", 102)])
    tekst += 'GM0141;P000000000103;2012-01-01;1;T0141-13;98000106;"Ambulant Te'
    schrijf("trajecten_GM0141_2024-07_afgebroken.csv", tekst.encode())

    # A valid Parquet file cut off after 60% of its bytes.
    buf = io.BytesIO()
    pl.DataFrame({k: [v] for k, v in zip(KOP, rij("GM0141", "21", 104))}).write_parquet(buf)
    data = buf.getvalue()
    schrijf("trajecten_GM0141_2024-08_afgebroken.parquet", data[: len(data) * 6 // 10])

    # Says UTF-8 (BOM) but is Windows-1252: the ë on row 3 is the single byte 0xEB.
    tekst = csv([KOP, rij("GM0147", "11", 105), rij("GM0147", "12", 106, naam="Zorgboerderij Eëlco")])
    schrijf("trajecten_GM0147_2024-06_bom-maar-windows1252.csv",
            b"\xef\xbb\xbf" + tekst.encode("cp1252"))

    # UTF-16LE without a BOM (every second byte zero).
    tekst = csv([KOP, rij("GM0147", "21", 107), rij("GM0147", "22", 108, naam="Zorgboerderij Eëlco")])
    schrijf("trajecten_GM0147_2024-07_utf16le-zonder-bom.csv", tekst.encode("utf-16-le"))

    # 2000 random bytes without a NUL byte (fixed seed): not recognisable as binary by NULs.
    rnd = random.Random(11)
    schrijf("trajecten_GM0147_2024-09_rommel.csv", bytes(rnd.randint(1, 255) for _ in range(2000)))

    # Declarations with extreme and odd amounts (gemeente and month from the file name).
    bedragen = ["-9.999.999.999,00", "-5.000.000,01", "-5.000.000,00", "+250,00", "9" * 400,
                "0,004", "(85,10)", "\u221285,10", "1e6", "--5"]
    regels = [["toewijzingnummer", "periode", "bedrag"]]
    regels += [[f"T0141-{i:02d}", "2024-05", b] for i, b in enumerate(bedragen, 1)]
    schrijf("declaraties_GM0141_2024-05_extreme-bedragen.csv", csv(regels).encode())

    # Dates at and beyond the edges: years 0001, 0000 and 9999 (also as a birth month).
    regels = [KOP,
              rij("GM0158", "21", 110, geboren="0001-05"),
              rij("GM0158", "22", 111, geboren="9999-12"),
              rij("GM0158", "23", 112, start="0000-01-01"),
              rij("GM0158", "24", 113, start="01-01-1900", eind="31-12-2100", reden="31"),
              rij("GM0158", "25", 114, start="29-02-2023"),
              rij("GM0158", "26", 115, start="99999-01-01")]
    schrijf("trajecten_GM0158_2024-06_datums.csv", csv(regels).encode())

    # The same header twice.
    kop = KOP + ["einddatum"]
    schrijf("trajecten_GM0163_2024-06_dubbele-kop.csv",
            csv([kop, rij("GM0163", "21", 116) + [""]]).encode())

    # Header with ';', then rows with ';', ',', tab and ';'.
    regels = [";".join(KOP), ";".join(rij("GM0164", "21", 117)), ",".join(rij("GM0164", "22", 118)),
              "\t".join(rij("GM0164", "23", 119)), ";".join(rij("GM0164", "24", 120))]
    schrijf("trajecten_GM0164_2025-01_gemengde-scheiding.csv", ("\n".join(regels) + "\n").encode())

    # xlsx with three sheets, none named after the table: the data is on "Gegevens".
    boek = openpyxl.Workbook()
    boek.active.title = "Toelichting"
    boek.active["A1"] = "Levering Oldenzaal juni 2024; de gegevens staan op het tabblad Gegevens."
    boek.create_sheet("Blad2")
    ws = boek.create_sheet("Gegevens")
    for r in [KOP, rij("GM0173", "21", 121), rij("GM0173", "22", 122)]:
        ws.append(r)
    boek.save(MAP / "trajecten_GM0173_2024-06_drie-tabbladen.xlsx")

    # xlsx with two data sheets (two months): refused, not guessed.
    boek = openpyxl.Workbook()
    boek.active.title = "mei"
    for r in [KOP, rij("GM0173", "31", 123)]:
        boek.active.append(r)
    ws = boek.create_sheet("juni")
    for r in [KOP, rij("GM0173", "32", 124)]:
        ws.append(r)
    boek.save(MAP / "trajecten_GM0173_2024-07_twee-maanden.xlsx")

    # xlsx whose sheet claims A1:XFD1048576, with one stray cell in XFD1048576: a dense
    # reader would ask for 17 billion cells.
    boek = openpyxl.Workbook()
    ws = boek.active
    ws.title = "Trajecten"
    for r in [KOP, rij("GM0173", "41", 125)]:
        ws.append(r)
    ws["XFD1048576"] = "x"
    boek.save(MAP / "trajecten_GM0173_2024-08_enorm-bereik.xlsx")

    # Parquet with wrong types: numbers for codes, datetimes for dates, a float end date (an
    # Excel serial number), a boolean reason, and a list and a struct column nobody asked for.
    pl.DataFrame({
        "gemeente": [1774, 1774, 1774],
        "client_id": ["P000000000126", "P000000000127", "P000000000128"],
        "geboortedatum": [dt.datetime(2010, 2, 2, 13, 45)] * 3,
        "geslacht": [1, 2, 1],
        "toewijzingnummer": ["T1774-21", "T1774-22", "T1774-23"],
        "aanbieder_agb": [98000106, 98000106, 98000106],
        "aanbieder_naam": ["Ambulant Team Twente-Midden"] * 3,
        "productcategorie": [45.0, 45.0, 45.0],
        "productcode": ["45A01"] * 3,
        "verwijzer": ["02"] * 3,
        "startdatum": [dt.datetime(2024, 3, 1)] * 3,
        "einddatum": [None, 45000.0, None],
        "reden_beeindiging": [None, None, True],
        "details": [["a", "b"], [], None],
        "extra": [{"x": 1}, {"x": 2}, {"x": 3}],
    }, schema_overrides={"gemeente": pl.Int32, "productcategorie": pl.Float32,
                         "einddatum": pl.Float64, "reden_beeindiging": pl.Boolean}).write_parquet(
        MAP / "trajecten_GM1774_2024-07_verkeerde-types.parquet")

    # Parquet dates at the edges of what the file format holds (days since 1970 as int32).
    dagen = [(dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days,
             (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days, 2**31 - 1, -(2**31)]
    kolommen = {k: pa.array([v] * 4) for k, v in zip(KOP, rij("GM1774", "3x", 129))}
    kolommen["toewijzingnummer"] = pa.array([f"T1774-3{i}" for i in range(1, 5)])
    kolommen["startdatum"] = pa.array(dagen, pa.date32())
    kolommen["einddatum"] = pa.array([None] * 4, pa.date32())
    pq.write_table(pa.table(kolommen), MAP / "trajecten_GM1774_2024-08_datum-buiten-bereik.parquet")

    # A header of 5000 columns.
    kop = ";".join(f"k{i}" for i in range(5000))
    schrijf("trajecten_GM0183_2024-07_te-veel-kolommen.csv", (kop + "\n" + kop + "\n").encode())


if __name__ == "__main__":
    main()
