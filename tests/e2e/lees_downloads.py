"""Reads the dashboard's downloads with independent readers (pyarrow, openpyxl) and prints
the numbers per column as JSON, for the Rust test to compare with the page's own table.

usage: lees_downloads.py PARQUET ARROW XLSX
"""
import json
import sys

import openpyxl
import pyarrow.ipc
import pyarrow.parquet


def kolommen(tabel):
    return {naam: tabel.column(naam).to_pylist() for naam in tabel.column_names}


def main():
    parquet, arrow, xlsx = sys.argv[1:4]
    uit = {"parquet": kolommen(pyarrow.parquet.read_table(parquet))}
    with open(arrow, "rb") as f:
        uit["arrow"] = kolommen(pyarrow.ipc.open_stream(f).read_all())
    blad = openpyxl.load_workbook(xlsx, read_only=True).worksheets[0]
    rijen = list(blad.iter_rows(values_only=True))
    koppen = rijen[0]
    uit["xlsx"] = {k: [r[i] for r in rijen[1:]] for i, k in enumerate(koppen)}
    json.dump(uit, sys.stdout)


if __name__ == "__main__":
    main()
