#!/usr/bin/env python3
"""Checks a DuckDB or pandas result against our unsuppressed `indicatoren_intern.parquet`.

For every compared (indicator, uitsplitsing) at levels regio and gemeente and every period,
teller and noemer must be equal (amounts to the cent, everything else exactly). A key present
on one side only counts as a difference, except a row whose teller is 0 or empty on the side
that has it (engines differ in whether they write empty groups).

Usage: vergelijk.py INDICATOREN_INTERN.parquet RESULT.parquet [--naam duckdb]
Prints one JSON line; exit 1 on any difference.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gemeenschappelijk as gm  # noqa: E402


def sleutels(tabel, gekozen):
    uit = {}
    kol = {n: tabel.column(n).to_pylist() for n in
           ("indicator", "uitsplitsing", "periode", "niveau", "code", "teller", "noemer")}
    for i in range(tabel.num_rows):
        ind, uits, niv = kol["indicator"][i], kol["uitsplitsing"][i], kol["niveau"][i]
        if (ind, uits) not in gekozen or niv not in ("regio", "gemeente"):
            continue
        uit[(ind, uits, kol["periode"][i], niv, kol["code"][i])] = (kol["teller"][i], kol["noemer"][i])
    return uit


def leeg(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def gelijk(a, b, ind):
    if leeg(a) or leeg(b):
        return leeg(a) and leeg(b)
    tol = 0.005 if ind == "kosten" else 1e-6
    return abs(a - b) <= tol


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("ons")
    ap.add_argument("hun")
    ap.add_argument("--naam", default="")
    ap.add_argument("--voorbeelden", type=int, default=5)
    a = ap.parse_args()
    gekozen = set(gm.VERGELEKEN)
    ons = sleutels(pq.read_table(a.ons), gekozen)
    hun = sleutels(pq.read_table(a.hun), gekozen)
    verschillen = []
    per_indicator = {}
    for k in sorted(set(ons) | set(hun), key=lambda k: tuple(str(x) for x in k)):
        o, h = ons.get(k), hun.get(k)
        st = per_indicator.setdefault(k[0], {"vergeleken": 0, "verschil": 0})
        if o is None or h is None:
            aanwezig = o if o is not None else h
            if leeg(aanwezig[0]) or aanwezig[0] == 0:
                continue
            st["verschil"] += 1
            verschillen.append({"sleutel": k, "ons": o, "hun": h})
            continue
        st["vergeleken"] += 1
        if not (gelijk(o[0], h[0], k[0]) and gelijk(o[1], h[1], k[0])):
            st["verschil"] += 1
            verschillen.append({"sleutel": k, "ons": o, "hun": h})
    ok = not verschillen
    print(json.dumps({"naam": a.naam, "gelijk": ok, "per_indicator": per_indicator,
                      "voorbeelden": verschillen[:a.voorbeelden]}, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
