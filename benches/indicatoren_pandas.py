#!/usr/bin/env python3
"""The compared core indicators in pandas, on the same CSV deliveries as `jeugdstuur ingest`.

The same work and rules as indicatoren_duckdb.py (see its docstring): read every CSV of
trajecten/, declaraties/, veilig_thuis/ and bevolking.csv, validate, apply corrections (latest
`aanlevering` wins; ties: later file, then later row), merge into CBS jeugdhulptrajecten, and
compute crisis_start_aandeel/crisis_instroom, trajectduur, jeugdhulp_gebruik, kosten and
vt_meldingen_per_100k for every complete period at regio and gemeente level. Written as an
analyst would: one `read_csv` per file, vectorised column operations, no Python row loops.

Usage: indicatoren_pandas.py DATA_DIR --uit result.parquet
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gemeenschappelijk as gm  # noqa: E402

HULPVORMEN = ["01", "02", "03", "04", "11", "12", "13", "14"]
OPEN = np.iinfo(np.int64).max // 4


def lees(groepen: list[gm.Groep], nodig: tuple) -> pd.DataFrame:
    delen = []
    for g in groepen:
        enc = "utf-8-sig" if g.codering == "utf-8" else "cp1252"
        for pad in g.paden:
            df = pd.read_csv(pad, sep=g.scheiding, encoding=enc, dtype=str, keep_default_na=False,
                             header=0, names=list(g.kolommen), on_bad_lines="skip",
                             usecols=lambda c: c in nodig)
            for k in nodig:
                if k not in df.columns:
                    df[k] = ""
            df = df[list(nodig)]
            df["bestand"] = pad
            df["rij"] = np.arange(len(df))
            delen.append(df)
    if not delen:
        return pd.DataFrame({k: pd.Series(dtype=str) for k in nodig + ("bestand",)} | {"rij": []})
    df = pd.concat(delen, ignore_index=True)
    for k in nodig:
        df[k] = df[k].str.strip()
    leeg = np.logical_and.reduce([df[k].eq("").to_numpy() for k in nodig])
    return df[~leeg]


def code2(s: pd.Series) -> pd.Series:
    return s.where(~s.str.fullmatch(r"\d"), "0" + s)


def gemcode(s: pd.Series, gemeenten: set) -> pd.Series:
    u = s.str.upper()
    ok = u.str.fullmatch(r"(GM)?\d{1,4}")
    code = "GM" + u.str.removeprefix("GM").str.zfill(4)
    return code.where(ok & code.isin(gemeenten), None)


def datum(s: pd.Series, maand_mag: bool = False) -> pd.Series:
    """Day number (days since 1970-01-01, float with NaN) of 'dd-mm-jjjj' / 'jjjj-mm-dd'
    (and 'jjjj-mm' when maand_mag); NaN for empty or invalid."""
    uit = pd.Series(np.nan, index=s.index)
    for patroon, fmt, voor in (
        (r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y", ""),
        (r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d", ""),
    ) + (((r"\d{4}-\d{1,2}", "%Y-%m-%d", "-01"),) if maand_mag else ()):
        m = s.str.fullmatch(patroon)
        if m.any():
            d = pd.to_datetime(s[m] + voor, format=fmt, errors="coerce")
            uit[m] = (d - pd.Timestamp("1970-01-01")).dt.days
    return uit


def maandnr_dagen(dagen: pd.Series) -> pd.Series:
    d = pd.to_datetime(dagen, unit="D")
    return d.dt.year * 12 + d.dt.month - 1


def maand_index(s: pd.Series) -> pd.Series:
    """Fast path 'jjjj-mm' with to_datetime; the other forms only for the rest."""
    d = pd.to_datetime(s, format="%Y-%m", errors="coerce")
    snel = d.notna() & s.str.len().eq(7)
    uit = (d.dt.year * 12 + d.dt.month - 1).where(snel)
    rest = ~snel
    if rest.any():
        uit[rest] = maand_index_traag(s[rest])
    return uit


def maand_index_traag(s: pd.Series) -> pd.Series:
    uit = pd.Series(np.nan, index=s.index)
    a = s.str.extract(r"^(\d{4})-?(\d{1,2})$")
    m = a[0].notna()
    mnd = pd.to_numeric(a[1], errors="coerce")
    ok = m & mnd.between(1, 12)
    uit[ok] = pd.to_numeric(a[0][ok]) * 12 + mnd[ok] - 1
    b = s.str.extract(r"^(\d{1,2})-(\d{4})$")
    mb = b[0].notna() & ~m
    mnd = pd.to_numeric(b[0], errors="coerce")
    ok = mb & mnd.between(1, 12)
    uit[ok] = pd.to_numeric(b[1][ok]) * 12 + mnd[ok] - 1
    rest = ~m & ~mb & s.ne("")
    if rest.any():
        d = datum(s[rest])
        uit[rest & d.reindex(s.index).notna()] = maandnr_dagen(d.dropna())
    return uit


def aanlevering(s: pd.Series, bestand: pd.Series) -> pd.Series:
    """'jjjj-mm' (fast path), 'jjjj-Qn', the other month forms, else the file name's month."""
    uit = maand_index(s).where(s.ne(""))
    q = s.str.upper().str.fullmatch(r"\d{4}-?Q[1-4]")
    if q.any():
        t = s[q].str.upper()
        uit[q] = pd.to_numeric(t.str[:4]) * 12 + pd.to_numeric(t.str[-1]) * 3 - 1
    leeg = uit.isna()
    if leeg.any():
        f = bestand[leeg].str.extract(r"_(\d{4})-(\d{2})\.csv$")
        uit[leeg] = pd.to_numeric(f[0]) * 12 + pd.to_numeric(f[1]) - 1
    return uit.fillna(-1)


def bedrag_centen(s: pd.Series) -> pd.Series:
    """Dutch amounts -> cents (float, NaN when not an amount), the reference's rules. Fast
    path for the usual form ('-1.234,56': optional sign, digits with optional thousands
    dots, a comma and two decimals); the full rules only for the rest."""
    snel = s.str.fullmatch(r"-?\d{1,3}(\.?\d{3})*,\d\d")
    v = s.where(snel).str.replace(".", "", regex=False).str.replace(",", "", regex=False)
    uit = pd.to_numeric(v, errors="coerce").astype(float)
    rest = ~snel
    if rest.any():
        uit[rest] = bedrag_centen_traag(s[rest])
    return uit


def bedrag_centen_traag(s: pd.Series) -> pd.Series:
    t = s.str.replace("€", "", regex=False).str.replace(" ", "", regex=False) \
         .str.replace("\xa0", "", regex=False)
    neg = t.str.startswith("-")
    t = t.where(~(neg | t.str.startswith("+")), t.str[1:])
    geheel = t.copy()
    frac = pd.Series("", index=t.index)
    komma = t.str.contains(",", regex=False)
    delen = t[komma].str.rsplit(",", n=1)
    geheel[komma] = delen.str[0].str.replace(".", "", regex=False)
    frac[komma] = delen.str[1]
    duizend = ~komma & t.str.fullmatch(r"\d{1,3}(\.\d{3})+")
    geheel[duizend] = t[duizend].str.replace(".", "", regex=False)
    punt = ~komma & ~duizend & t.str.contains(".", regex=False)
    delen = t[punt].str.split(".", n=1)
    geheel[punt] = delen.str[0]
    frac[punt] = delen.str[1]
    geheel = geheel.where(~(geheel.eq("") & frac.ne("")), "0")
    ok = geheel.str.fullmatch(r"\d+") & (frac.eq("") | frac.str.fullmatch(r"\d+"))
    uit = pd.Series(np.nan, index=s.index)
    kort = ok & (frac.str.len() <= 2)
    uit[kort] = (pd.to_numeric(geheel[kort]) * 100
                 + pd.to_numeric(frac[kort].str.ljust(2, "0")))
    lang = ok & (frac.str.len() > 2)
    if lang.any():
        uit[lang] = [int((Decimal(g + "." + f) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                     for g, f in zip(geheel[lang], frac[lang])]
    return uit.where(~neg, -uit)


def per_soort(m: pd.Series, per: pd.DataFrame, soort: str) -> pd.Series:
    """Period label of month index m for one kind (None outside the computed periods)."""
    p = per[per.soort == soort]
    labels = pd.Series(p.label.to_numpy(), index=p.idx.to_numpy())
    return (m // gm.DELER[soort]).map(labels)


def twee_niveaus(df: pd.DataFrame, sleutel: list, agg) -> pd.DataFrame:
    """Aggregate per (periode, gemeente) and per periode (regio)."""
    g = agg(df.groupby(sleutel + ["gem"], sort=False)).reset_index()
    g["niveau"], g["code"] = "gemeente", g.pop("gem")
    r = agg(df.groupby(sleutel, sort=False)).reset_index()
    r["niveau"], r["code"] = "regio", "regio"
    return pd.concat([g, r], ignore_index=True)


def gestart_per_periode(df: pd.DataFrame, mcol: str, per: pd.DataFrame, cols: list) -> pd.DataFrame:
    delen = []
    for soort in gm.SOORTEN:
        d = df[cols].copy()
        d["periode"] = per_soort(df[mcol], per, soort)
        delen.append(d.dropna(subset=["periode"]))
    return pd.concat(delen, ignore_index=True)


def bereken(data: str) -> tuple[pd.DataFrame, dict, dict]:
    tijden = {}
    t0 = time.perf_counter()
    gemeenten = set(gm.gemeenten(data))
    g_tr = gm.groepen(os.path.join(data, "trajecten"))
    g_dc = gm.groepen(os.path.join(data, "declaraties"))
    g_vt = gm.groepen(os.path.join(data, "veilig_thuis"))
    tijden["snuffelen"] = time.perf_counter() - t0

    # --- trajecten ---------------------------------------------------------------------------
    t = time.perf_counter()
    r = lees(g_tr, gm.KOLOMMEN["trajecten"])
    cat = code2(r.productcategorie)
    r = r[~cat.isin(["47", "48"])]
    cat = cat[r.index]
    gem = gemcode(r.gemeente, gemeenten)
    start = datum(r.startdatum)
    eind = datum(r.einddatum)
    geb = datum(r.geboortedatum, maand_mag=True)
    hv = code2(r.hulpvorm)
    geldig = (r.client_id.ne("") & gem.notna() & r.toewijzingnummer.ne("") & start.notna()
              & (r.einddatum.eq("") | eind.notna()) & (r.geboortedatum.eq("") | geb.notna())
              & (eind.isna() | (eind >= start)) & hv.isin(HULPVORMEN))
    cr = r.crisis.str.upper()
    crisis = np.where(cr.isin(["J", "JA", "1", "TRUE"]), True,
                      np.where(cr.isin(["N", "NEE", "0", "FALSE"]), False, cat.eq("46")))
    agb = r.aanbieder_agb.where(~r.aanbieder_agb.str.fullmatch(r"\d+"),
                                r.aanbieder_agb.str.zfill(8))
    toew = pd.DataFrame({
        "gem": gem, "client": r.client_id, "toew": r.toewijzingnummer, "agb": agb, "hv": hv,
        "start": start, "eind": eind, "geb": geb, "crisis": crisis,
        "aanl": aanlevering(r.aanlevering, r.bestand), "bestand": r.bestand, "rij": r.rij,
    })[geldig]
    del r
    toew = toew.sort_values(["aanl", "bestand", "rij"]).drop_duplicates(["gem", "toew"], keep="last")
    tijden["trajecten_lezen"] = time.perf_counter() - t

    # --- CBS jeugdhulptrajecten ----------------------------------------------------------------
    t = time.perf_counter()
    sl = ["gem", "client", "agb", "hv"]
    x = toew.sort_values(sl + ["start", "toew"]).reset_index(drop=True)
    x["e"] = x.eind.fillna(OPEN)
    grens = np.zeros(len(x), dtype=bool)
    if len(x):
        grens[0] = True
        for k in sl:
            v = x[k].to_numpy()
            grens[1:] |= v[1:] != v[:-1]
    groep = np.cumsum(grens)
    max_voor = x.e.groupby(groep).cummax().groupby(groep).shift(1)
    nieuw = max_voor.isna() | (x.start > max_voor + 1)
    x["nr"] = np.cumsum(nieuw.to_numpy())
    traj = x.groupby("nr", sort=False).agg(
        gem=("gem", "first"), client=("client", "first"), start=("start", "first"),
        e=("e", "max"), crisis=("crisis", "first"), geb=("geb", "first"))
    traj["eind"] = traj.e.where(traj.e != OPEN)
    traj["ms"] = maandnr_dagen(traj.start)
    traj["me"] = pd.Series(np.nan, index=traj.index)
    af = traj.eind.notna()
    traj.loc[af, "me"] = maandnr_dagen(traj.eind[af])
    tijden["trajecten_samenvoegen"] = time.perf_counter() - t

    # --- other tables -------------------------------------------------------------------------
    t = time.perf_counter()
    d = lees(g_dc, gm.KOLOMMEN["declaraties"])
    decl = pd.DataFrame({"gem": gemcode(d.gemeente, gemeenten), "m": maand_index(d.periode),
                         "centen": bedrag_centen(d.bedrag)}).dropna()
    del d
    tijden["declaraties_lezen"] = time.perf_counter() - t
    t = time.perf_counter()
    v = lees(g_vt, gm.KOLOMMEN["veilig_thuis"] + ("casus_afgesloten",))
    vdatum = datum(v.meldingsdatum)
    afgesloten = datum(v.casus_afgesloten)
    vgem = gemcode(v.gemeente, gemeenten)
    ok = (v.melding_id.ne("") & v.casus_id.ne("") & v.huishouden_id.ne("") & vgem.notna()
          & vdatum.notna() & (v.casus_afgesloten.eq("") | afgesloten.notna()))
    vt = pd.DataFrame({"id": v.melding_id, "gem": vgem, "datum": vdatum, "bestand": v.bestand,
                       "rij": v.rij})[ok]
    vt = vt.sort_values(["bestand", "rij"]).drop_duplicates("id", keep="last")
    vt["m"] = maandnr_dagen(vt.datum)
    del v
    bevb = gm.snuffel(os.path.join(data, "bevolking.csv"))
    b = lees([gm.Groep(bevb.codering, bevb.scheiding, bevb.kolommen, [bevb.pad])],
             ("gemeente", "jaar", "leeftijd", "aantal"))
    bev = pd.DataFrame({
        "gem": gemcode(b.gemeente, gemeenten),
        "jaar": pd.to_numeric(b.jaar, errors="coerce"),
        "klasse": b.leeftijd.str.lower().str.replace(" ", "").str.replace("\u2013", "-")
                   .str.replace("t/m", "-"),
        "aantal": pd.to_numeric(b.aantal.str.replace(".", "", regex=False)
                                .str.replace(" ", "", regex=False), errors="coerce"),
    }).dropna().drop_duplicates(["gem", "jaar", "klasse"], keep="last")
    tijden["overige_lezen"] = time.perf_counter() - t

    # --- periods and indicators ------------------------------------------------------------
    t = time.perf_counter()
    maanden = [int(m[1]) * 12 + int(m[2]) - 1 for g in g_tr for p in g.paden
               if (m := re.search(r"_(\d{4})-(\d{2})\.csv$", p))]
    # From the period holding the first month with care or a melding in the data (our rule).
    eerste = int(min(maandnr_dagen(toew.start).min(), decl.m.min(), vt.m.min()))
    per = pd.DataFrame(gm.perioden(eerste, max(maanden)),
                       columns=["soort", "idx", "label", "m_van", "m_tot"])
    jaar_van = dict(zip(per.label, per.m_van // 12))

    def noemer(df: pd.DataFrame, klasse: str) -> pd.Series:
        bk = bev[bev.klasse == klasse]
        per_gem = dict(zip(zip(bk.gem, bk.jaar), bk.aantal))
        regio = bk.groupby("jaar").aantal.sum().to_dict()
        jaar = df.periode.map(jaar_van)
        return pd.Series([regio.get(j) if c == "regio" else per_gem.get((c, j))
                          for c, j in zip(df.code, jaar)], index=df.index, dtype=float)

    uit = []
    s = gestart_per_periode(traj, "ms", per, ["gem", "crisis"])
    c = twee_niveaus(s, ["periode"], lambda g: g.crisis.agg(teller="sum", noemer="size"))
    uit.append(c.assign(indicator="crisis_start_aandeel"))
    ci = c[c.teller > 0][["periode", "niveau", "code", "teller"]].assign(
        noemer=np.nan, indicator="crisis_instroom")
    uit.append(ci)
    e = traj[traj.eind.notna()].assign(duur=lambda f: f.eind - f.start)
    s = gestart_per_periode(e, "me", per, ["gem", "duur"])
    uit.append(twee_niveaus(s, ["periode"], lambda g: g.duur.agg(teller="sum", noemer="size"))
               .assign(indicator="trajectduur"))
    # jeugdhulp_gebruik: explode active trajecten over the periods of each kind
    a = traj[traj.geb.notna()]
    gd = pd.to_datetime(a.geb, unit="D")
    delen = []
    for soort in gm.SOORTEN:
        p = per[per.soort == soort]
        dl = gm.DELER[soort]
        lo = np.maximum(a.ms.to_numpy() // dl, p.idx.min())
        hi = np.minimum(np.where(a.me.isna(), p.idx.max(), a.me.fillna(0).to_numpy() // dl),
                        p.idx.max())
        n = np.maximum(hi - lo + 1, 0).astype(np.int64)
        rij = np.repeat(np.arange(len(a)), n)
        idx = lo[rij] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
        label = pd.Series(p.label.to_numpy(), index=p.idx.to_numpy())
        m_van = pd.Series(p.m_van.to_numpy(), index=p.idx.to_numpy())
        mv = m_van.reindex(idx).to_numpy()
        pj, pm = mv // 12, mv % 12 + 1
        by, bm, bd = gd.dt.year.to_numpy()[rij], gd.dt.month.to_numpy()[rij], gd.dt.day.to_numpy()[rij]
        leeftijd = pj - by - ((pm < bm) | ((pm == bm) & (bd > 1)))
        hou = leeftijd <= 17
        delen.append(pd.DataFrame({"periode": label.reindex(idx[hou]).to_numpy(),
                                   "gem": a.gem.to_numpy()[rij][hou],
                                   "client": a.client.to_numpy()[rij][hou]}))
    act = pd.concat(delen, ignore_index=True)
    g = act.drop_duplicates().groupby(["periode", "gem"]).size().rename("teller").reset_index()
    g["niveau"], g["code"] = "gemeente", g.pop("gem")
    rg = act.drop_duplicates(["periode", "client"]).groupby("periode").size() \
        .rename("teller").reset_index()
    rg["niveau"], rg["code"] = "regio", "regio"
    jg = pd.concat([g, rg], ignore_index=True)
    jg["noemer"] = noemer(jg, "0-17")
    uit.append(jg.assign(indicator="jeugdhulp_gebruik"))
    del act
    s = gestart_per_periode(decl, "m", per, ["gem", "centen"])
    k = twee_niveaus(s, ["periode"], lambda g: g.centen.agg(teller="sum"))
    k["teller"] = k.teller / 100.0
    uit.append(k.assign(noemer=np.nan, indicator="kosten"))
    s = gestart_per_periode(vt, "m", per, ["gem"])
    s["een"] = 1
    m = twee_niveaus(s, ["periode"], lambda g: g.een.agg(teller="size"))
    m["noemer"] = noemer(m, "totaal")
    uit.append(m.assign(indicator="vt_meldingen_per_100k"))
    res = pd.concat(uit, ignore_index=True)
    res["uitsplitsing"] = "totaal"
    res = res[["indicator", "uitsplitsing", "periode", "niveau", "code", "teller", "noemer"]]
    res["teller"] = res.teller.astype(float)
    res["noemer"] = res.noemer.astype(float)
    tijden["indicatoren"] = time.perf_counter() - t
    tijden["totaal"] = time.perf_counter() - t0
    rijen = {"toew": len(toew), "traj": len(traj), "decl": len(decl), "vt": len(vt)}
    return res, tijden, rijen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--uit", required=True)
    a = ap.parse_args()
    res, tijden, rijen = bereken(a.data)
    t = time.perf_counter()
    res.to_parquet(a.uit, index=False)
    tijden["schrijven"] = time.perf_counter() - t
    print(json.dumps({"engine": "pandas", "versie": pd.__version__, "rijen_uit": len(res),
                      "tabellen": rijen, "tijden_s": {k: round(v, 3) for k, v in tijden.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
