#!/usr/bin/env python3
"""The compared core indicators as DuckDB SQL, on the same CSV deliveries as `jeugdstuur ingest`.

What it does (the same work as our pipeline for these indicators, nothing more):
- reads every CSV of trajecten/, declaraties/, veilig_thuis/ and bevolking.csv (encoding and
  delimiter per file, see gemeenschappelijk.py);
- validates rows like the reference implementation (tests/onafhankelijk/indicatoren.py):
  unknown gemeente, empty ids, impossible dates, end before start, unknown hulpvorm, bad
  amounts are rejected; productcategorie 47/48 is no jeugdhulp;
- applies corrections: per (gemeente, toewijzingnummer) the latest `aanlevering` wins (ties:
  the later file; DuckDB's CSV reader has no row number, and no demo file repeats a key); a melding_id delivered again replaces the earlier one;
- merges allocations into CBS jeugdhulptrajecten (same gemeente, client, provider and
  hulpvorm; next start <= latest end so far + 1 day);
- computes, for every complete year, half year, quarter and month, at regio and gemeente
  level: crisis_start_aandeel/crisis_instroom, trajectduur (totaal), jeugdhulp_gebruik,
  kosten (totaal) and vt_meldingen_per_100k.

Usage: indicatoren_duckdb.py DATA_DIR --uit result.parquet [--threads N]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gemeenschappelijk as gm  # noqa: E402


def q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def lees_sql(groepen: list[gm.Groep], nodig: tuple) -> str:
    """One SELECT per group of files (same encoding, delimiter, header), UNION ALL."""
    delen = []
    for g in groepen:
        kolommen = []
        gezien = set()
        for i, k in enumerate(g.kolommen):
            naam = k if k not in gezien and k else f"_k{i}"
            gezien.add(naam)
            kolommen.append(naam)
        cols = "{" + ", ".join(f"{q(k)}: 'VARCHAR'" for k in kolommen) + "}"
        paden = "[" + ", ".join(q(p) for p in g.paden) + "]"
        select = ", ".join(
            (f"trim(coalesce({k}, '')) AS {k}" if k in kolommen else f"'' AS {k}") for k in nodig)
        leeg = " AND ".join(f"trim(coalesce({k}, '')) = ''" for k in kolommen)
        delen.append(
            f"SELECT filename AS bestand, {select} "
            f"FROM read_csv({paden}, columns={cols}, header=true, auto_detect=false, "
            f"delim={q(g.scheiding)}, quote='\"', escape='\"', encoding={q(g.codering)}, "
            f"filename=true, null_padding=true, strict_mode=false) "
            f"WHERE NOT ({leeg})")
    if not delen:
        return "SELECT " + ", ".join(["''::VARCHAR AS bestand"] +
                                     [f"''::VARCHAR AS {k}" for k in nodig]) + " WHERE false"
    return "\nUNION ALL\n".join(delen)


MACROS = r"""
CREATE OR REPLACE MACRO datum(s) AS CASE
    WHEN regexp_full_match(s, '\d{1,2}-\d{1,2}-\d{4}') THEN try_strptime(s, '%d-%m-%Y')::DATE
    WHEN regexp_full_match(s, '\d{4}-\d{1,2}-\d{1,2}') THEN try_strptime(s, '%Y-%m-%d')::DATE
    ELSE NULL END;
CREATE OR REPLACE MACRO geb_datum(s) AS CASE
    WHEN regexp_full_match(s, '\d{4}-\d{1,2}') THEN try_strptime(s || '-01', '%Y-%m-%d')::DATE
    ELSE datum(s) END;
CREATE OR REPLACE MACRO code2(s) AS CASE WHEN regexp_full_match(s, '\d') THEN '0' || s ELSE s END;
CREATE OR REPLACE MACRO gemcode(s) AS CASE
    WHEN regexp_full_match(upper(s), '(GM)?\d{1,4}')
    THEN 'GM' || lpad(regexp_replace(upper(s), '^GM', ''), 4, '0') END;
CREATE OR REPLACE MACRO maandnr(d) AS year(d) * 12 + month(d) - 1;
-- 'jjjj-mm', 'jjjjmm', 'mm-jjjj' or a full date -> jaar*12+maand-1
CREATE OR REPLACE MACRO maand_index(s) AS CASE
    WHEN length(s) = 7 AND s[5] = '-' AND TRY_CAST(right(s, 2) AS INT) BETWEEN 1 AND 12
         AND TRY_CAST(left(s, 4) AS INT) IS NOT NULL
    THEN CAST(left(s, 4) AS INT) * 12 + CAST(right(s, 2) AS INT) - 1
    WHEN regexp_full_match(s, '\d{4}-?\d{1,2}') THEN
        CASE WHEN CAST(regexp_extract(s, '^\d{4}-?(\d{1,2})$', 1) AS INT) BETWEEN 1 AND 12
        THEN CAST(left(s, 4) AS INT) * 12 + CAST(regexp_extract(s, '^\d{4}-?(\d{1,2})$', 1) AS INT) - 1 END
    WHEN regexp_full_match(s, '\d{1,2}-\d{4}') THEN
        CASE WHEN CAST(regexp_extract(s, '^(\d{1,2})-', 1) AS INT) BETWEEN 1 AND 12
        THEN CAST(right(s, 4) AS INT) * 12 + CAST(regexp_extract(s, '^(\d{1,2})-', 1) AS INT) - 1 END
    ELSE maandnr(datum(s)) END;
CREATE OR REPLACE MACRO aanlevering(s, bestand) AS coalesce(
    CASE WHEN regexp_full_match(upper(s), '\d{4}-?Q[1-4]')
         THEN CAST(left(s, 4) AS INT) * 12 + CAST(right(s, 1) AS INT) * 3 - 1 END,
    CASE WHEN s <> '' THEN maand_index(s) END,
    CASE WHEN regexp_matches(bestand, '_\d{4}-\d{2}\.csv$')
         THEN CAST(regexp_extract(bestand, '_(\d{4})-(\d{2})\.csv$', 1) AS INT) * 12
              + CAST(regexp_extract(bestand, '_(\d{4})-(\d{2})\.csv$', 2) AS INT) - 1 END,
    -1);
"""


def bereken(data: str, threads: int | None) -> tuple[duckdb.DuckDBPyConnection, dict]:
    tijden = {}
    t0 = time.perf_counter()
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    con.execute(MACROS)
    gemeenten = gm.gemeenten(data)
    con.execute("CREATE TEMP TABLE gem AS SELECT unnest(?::VARCHAR[]) AS code", [gemeenten])

    g_tr = gm.groepen(os.path.join(data, "trajecten"))
    g_dc = gm.groepen(os.path.join(data, "declaraties"))
    g_vt = gm.groepen(os.path.join(data, "veilig_thuis"))
    tijden["snuffelen"] = time.perf_counter() - t0

    # --- trajecten: read, validate, latest aanlevering wins --------------------------------
    t = time.perf_counter()
    con.execute(f"""
    CREATE TEMP TABLE toew AS
    WITH r AS ({lees_sql(g_tr, gm.KOLOMMEN['trajecten'])}),
    v AS (
        SELECT bestand, client_id AS client, toewijzingnummer AS toew,
            code2(productcategorie) AS cat, upper(productcode) AS productcode,
            gemcode(gemeente) AS gem, code2(hulpvorm) AS hv, upper(crisis) AS cr,
            CASE WHEN regexp_full_match(aanbieder_agb, '\\d+') THEN lpad(aanbieder_agb, 8, '0')
                 ELSE aanbieder_agb END AS agb,
            startdatum, einddatum, geboortedatum,
            datum(startdatum) AS start, datum(einddatum) AS eind, geb_datum(geboortedatum) AS geb,
            aanlevering(aanlevering, bestand) AS aanl
        FROM r)
    SELECT gem, client, toew, agb, hv, start, eind, geb,
        CASE WHEN cr IN ('J', 'JA', '1', 'TRUE') THEN true
             WHEN cr IN ('N', 'NEE', '0', 'FALSE') THEN false
             ELSE cat = '46' END AS crisis
    FROM v
    WHERE cat NOT IN ('47', '48') AND client <> '' AND gem IN (SELECT code FROM gem)
      AND toew <> '' AND start IS NOT NULL
      AND (einddatum = '' OR eind IS NOT NULL) AND (geboortedatum = '' OR geb IS NOT NULL)
      AND (eind IS NULL OR eind >= start)
      AND hv IN ('01', '02', '03', '04', '11', '12', '13', '14')
    QUALIFY row_number() OVER (PARTITION BY gem, toew ORDER BY aanl DESC, bestand DESC) = 1
    """)
    tijden["trajecten_lezen"] = time.perf_counter() - t

    # --- CBS jeugdhulptrajecten --------------------------------------------------------------
    t = time.perf_counter()
    con.execute("""
    CREATE TEMP TABLE traj AS
    WITH a AS (
        SELECT *, coalesce(eind, DATE '9999-12-31') AS e,
            max(coalesce(eind, DATE '9999-12-31')) OVER w_voor AS max_voor
        FROM toew
        WINDOW w_voor AS (PARTITION BY gem, client, agb, hv ORDER BY start, toew
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
    b AS (
        SELECT *, sum(CASE WHEN max_voor IS NULL OR start > max_voor + 1 THEN 1 ELSE 0 END)
            OVER (PARTITION BY gem, client, agb, hv ORDER BY start, toew
                  ROWS UNBOUNDED PRECEDING) AS nr
        FROM a)
    SELECT gem, client, agb, hv, min(start) AS start,
        CASE WHEN max(e) = DATE '9999-12-31' THEN NULL ELSE max(e) END AS eind,
        arg_min(crisis, (start, toew)) AS crisis, arg_min(geb, (start, toew)) AS geb
    FROM b GROUP BY gem, client, agb, hv, nr
    """)
    tijden["trajecten_samenvoegen"] = time.perf_counter() - t

    # --- periods -----------------------------------------------------------------------------
    # Periods (table `per`, made below once every table is read): from the period of each
    # kind that holds the first month with care or a melding in the data, to the last
    # complete period of the newest delivery month.
    _, laatste = aanlever_bereik(g_tr)
    con.execute("""CREATE TEMP TABLE deler AS SELECT * FROM (VALUES
        ('jaar', 12), ('halfjaar', 6), ('kwartaal', 3), ('maand', 1)) d(soort, d)""")

    t = time.perf_counter()
    uit = []
    # crisis_start_aandeel, crisis_instroom: started trajecten
    uit.append("""
    WITH s AS (
        SELECT t.gem, t.crisis, d.soort, maandnr(t.start) // d.d AS idx
        FROM traj t CROSS JOIN deler d)
    SELECT 'crisis_start_aandeel' AS indicator, 'totaal' AS uitsplitsing, p.label AS periode,
        CASE WHEN s.gem IS NULL THEN 'regio' ELSE 'gemeente' END AS niveau,
        coalesce(s.gem, 'regio') AS code,
        sum(s.crisis::INT)::DOUBLE AS teller, count(*)::DOUBLE AS noemer
    FROM s JOIN per p USING (soort, idx)
    GROUP BY GROUPING SETS ((p.label, s.gem), (p.label))""")
    uit.append("""
    WITH s AS (
        SELECT t.gem, d.soort, maandnr(t.start) // d.d AS idx
        FROM traj t CROSS JOIN deler d WHERE t.crisis)
    SELECT 'crisis_instroom', 'totaal', p.label,
        CASE WHEN s.gem IS NULL THEN 'regio' ELSE 'gemeente' END, coalesce(s.gem, 'regio'),
        count(*)::DOUBLE, NULL::DOUBLE
    FROM s JOIN per p USING (soort, idx)
    GROUP BY GROUPING SETS ((p.label, s.gem), (p.label))""")
    # trajectduur: ended trajecten, mean of (end - start) in days
    uit.append("""
    WITH s AS (
        SELECT t.gem, (t.eind - t.start) AS duur, d.soort, maandnr(t.eind) // d.d AS idx
        FROM traj t CROSS JOIN deler d WHERE t.eind IS NOT NULL)
    SELECT 'trajectduur', 'totaal', p.label,
        CASE WHEN s.gem IS NULL THEN 'regio' ELSE 'gemeente' END, coalesce(s.gem, 'regio'),
        sum(s.duur)::DOUBLE, count(*)::DOUBLE
    FROM s JOIN per p USING (soort, idx)
    GROUP BY GROUPING SETS ((p.label, s.gem), (p.label))""")
    # jeugdhulp_gebruik: distinct clients 0-17 (age at the period's first day) with an
    # active traject, over residents 0-17 on 1 January of the period's year
    uit.append("""
    WITH grenzen AS (SELECT soort, min(idx) AS lo, max(idx) AS hi FROM per GROUP BY soort),
    a AS (
        SELECT t.gem, t.client, t.geb, d.soort,
            unnest(range(greatest(maandnr(t.start) // d.d, g.lo),
                         least(coalesce(maandnr(t.eind) // d.d, g.hi), g.hi) + 1)) AS idx
        FROM traj t CROSS JOIN deler d JOIN grenzen g USING (soort)
        WHERE t.geb IS NOT NULL),
    b AS (
        SELECT a.gem, a.client, p.label, p.m_van // 12 AS jaar
        FROM a JOIN per p USING (soort, idx)
        WHERE (p.m_van // 12) - year(a.geb)
              - CASE WHEN (p.m_van % 12) + 1 < month(a.geb)
                       OR ((p.m_van % 12) + 1 = month(a.geb) AND day(a.geb) > 1) THEN 1 ELSE 0 END
              <= 17),
    teller AS (
        SELECT label, jaar, gem, count(DISTINCT client) AS n
        FROM b GROUP BY GROUPING SETS ((label, jaar, gem), (label, jaar)))
    SELECT 'jeugdhulp_gebruik', 'totaal', t.label,
        CASE WHEN t.gem IS NULL THEN 'regio' ELSE 'gemeente' END, coalesce(t.gem, 'regio'),
        t.n::DOUBLE,
        (SELECT sum(aantal) FROM bev WHERE klasse = '0-17' AND bev.jaar = t.jaar
            AND (t.gem IS NULL OR bev.gem = t.gem))::DOUBLE
    FROM teller t""")
    # kosten: all declaraties (credits negative), by care month, in whole cents
    uit.append("""
    WITH s AS (
        SELECT k.gem, k.centen, d.soort, k.m // d.d AS idx FROM decl k CROSS JOIN deler d)
    SELECT 'kosten', 'totaal', p.label,
        CASE WHEN s.gem IS NULL THEN 'regio' ELSE 'gemeente' END, coalesce(s.gem, 'regio'),
        (sum(s.centen) / 100.0)::DOUBLE, NULL::DOUBLE
    FROM s JOIN per p USING (soort, idx)
    GROUP BY GROUPING SETS ((p.label, s.gem), (p.label))""")
    # vt_meldingen_per_100k: meldingen by date, over residents (totaal)
    uit.append("""
    WITH s AS (
        SELECT v.gem, d.soort, maandnr(v.datum) // d.d AS idx FROM vt v CROSS JOIN deler d),
    n AS (
        SELECT p.label, p.m_van // 12 AS jaar, s.gem, count(*) AS n
        FROM s JOIN per p USING (soort, idx)
        GROUP BY GROUPING SETS ((p.label, jaar, s.gem), (p.label, jaar)))
    SELECT 'vt_meldingen_per_100k', 'totaal', n.label,
        CASE WHEN n.gem IS NULL THEN 'regio' ELSE 'gemeente' END, coalesce(n.gem, 'regio'),
        n.n::DOUBLE,
        (SELECT sum(aantal) FROM bev WHERE klasse = 'totaal' AND bev.jaar = n.jaar
            AND (n.gem IS NULL OR bev.gem = n.gem))::DOUBLE
    FROM n""")

    # --- declaraties, veilig thuis, bevolking ------------------------------------------------
    t2 = time.perf_counter()
    con.execute(f"""
    CREATE TEMP TABLE decl AS
    WITH r AS ({lees_sql(g_dc, gm.KOLOMMEN['declaraties'])}),
    -- amounts: decimal comma, optional thousands dots ('1.234,56'), sign, euro sign, spaces;
    -- without a comma '1.234' is thousands but '85.10' a decimal point (the reference's rules)
    a AS (
        SELECT gemcode(gemeente) AS gem, maand_index(periode) AS m,
            replace(replace(replace(bedrag, '€', ''), ' ', ''), chr(160), '') AS t
        FROM r),
    b AS (
        SELECT gem, m, t[1] = '-' AS neg,
            CASE WHEN t[1] IN ('-', '+') THEN t[2:] ELSE t END AS u
        FROM a WHERE gem IN (SELECT code FROM gem) AND m IS NOT NULL),
    c AS (
        SELECT gem, m, neg,
            CASE WHEN instr(u, ',') > 0 THEN replace(left(u, length(u) - instr(reverse(u), ',')), '.', '')
                 WHEN instr(u, '.') > 0 AND regexp_full_match(u, '\d{{1,3}}(\.\d{{3}})+') THEN replace(u, '.', '')
                 WHEN instr(u, '.') > 0 THEN split_part(u, '.', 1)
                 ELSE u END AS geheel,
            CASE WHEN instr(u, ',') > 0 THEN right(u, instr(reverse(u), ',') - 1)
                 WHEN instr(u, '.') > 0 AND regexp_full_match(u, '\d{{1,3}}(\.\d{{3}})+') THEN ''
                 WHEN instr(u, '.') > 0 THEN substr(u, instr(u, '.') + 1)
                 ELSE '' END AS frac
        FROM b),
    d AS (
        SELECT gem, m, neg, CASE WHEN geheel = '' AND frac <> '' THEN '0' ELSE geheel END AS geheel, frac
        FROM c)
    SELECT gem, m,
        (CASE WHEN neg THEN -1 ELSE 1 END) * (CAST(geheel AS HUGEINT) * 100 + CASE length(frac)
            WHEN 0 THEN 0 WHEN 1 THEN CAST(frac AS INT) * 10 WHEN 2 THEN CAST(frac AS INT)
            ELSE CAST(round(CAST('0.' || frac AS DECIMAL(38, 18)) * 100) AS INT) END) AS centen
    FROM d
    WHERE regexp_full_match(geheel, '[0-9]+') AND (frac = '' OR regexp_full_match(frac, '[0-9]+'))
    """)
    tijden["declaraties_lezen"] = time.perf_counter() - t2
    t2 = time.perf_counter()
    con.execute(f"""
    CREATE TEMP TABLE vt AS
    WITH r AS ({lees_sql(g_vt, gm.KOLOMMEN['veilig_thuis'] + ('casus_afgesloten',))})
    SELECT gemcode(gemeente) AS gem, datum(meldingsdatum) AS datum
    FROM r
    WHERE melding_id <> '' AND casus_id <> '' AND huishouden_id <> ''
      AND gemcode(gemeente) IN (SELECT code FROM gem) AND datum(meldingsdatum) IS NOT NULL
      AND (casus_afgesloten = '' OR datum(casus_afgesloten) IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY melding_id ORDER BY bestand DESC) = 1
    """)
    bev = gm.snuffel(os.path.join(data, "bevolking.csv"))
    g_bev = gm.Groep(bev.codering, bev.scheiding, bev.kolommen, [bev.pad])
    con.execute(f"""
    CREATE TEMP TABLE bev AS
    WITH r AS ({lees_sql([g_bev], ('gemeente', 'jaar', 'leeftijd', 'aantal'))})
    SELECT gemcode(gemeente) AS gem, CAST(jaar AS INT) AS jaar,
        replace(replace(replace(lower(leeftijd), ' ', ''), '–', '-'), 't/m', '-') AS klasse,
        CAST(replace(replace(aantal, '.', ''), ' ', '') AS BIGINT) AS aantal
    FROM r
    WHERE gemcode(gemeente) IN (SELECT code FROM gem)
      AND TRY_CAST(jaar AS INT) IS NOT NULL
      AND TRY_CAST(replace(replace(aantal, '.', ''), ' ', '') AS BIGINT) IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY gem, jaar, klasse) = 1
    """)
    tijden["overige_lezen"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    eerste = con.execute("""SELECT least((SELECT min(maandnr(start)) FROM toew),
        (SELECT min(m) FROM decl), (SELECT min(maandnr(datum)) FROM vt))""").fetchone()[0]
    con.execute("CREATE TEMP TABLE per(soort VARCHAR, idx INT, label VARCHAR, m_van INT, m_tot INT)")
    con.executemany("INSERT INTO per VALUES (?, ?, ?, ?, ?)", gm.perioden(int(eerste), laatste))
    con.execute("CREATE TEMP TABLE resultaat AS "
                + "\nUNION ALL\n".join(f"SELECT * FROM ({u})" for u in uit))
    tijden["indicatoren"] = time.perf_counter() - t3
    tijden["totaal"] = time.perf_counter() - t0
    return con, tijden


def aanlever_bereik(groepen: list[gm.Groep]) -> tuple[int, int]:
    """First and newest delivery month, from the file names `<tabel>_<gm>_<jjjj-mm>.csv`
    (the delivery month of the file; our pipeline takes the `aanlevering` column, which
    equals it for every demo file)."""
    import re
    maanden = []
    for g in groepen:
        for p in g.paden:
            m = re.search(r"_(\d{4})-(\d{2})\.csv$", p)
            if m:
                maanden.append(int(m[1]) * 12 + int(m[2]) - 1)
    return min(maanden), max(maanden)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--uit", required=True)
    ap.add_argument("--threads", type=int)
    a = ap.parse_args()
    con, tijden = bereken(a.data, a.threads)
    t = time.perf_counter()
    con.execute(f"COPY (SELECT * FROM resultaat ORDER BY ALL) TO {q(a.uit)} (FORMAT parquet)")
    tijden["schrijven"] = time.perf_counter() - t
    n = con.execute("SELECT count(*) FROM resultaat").fetchone()[0]
    rijen = {tab: con.execute(f"SELECT count(*) FROM {tab}").fetchone()[0]
             for tab in ("toew", "traj", "decl", "vt")}
    print(json.dumps({"engine": "duckdb", "versie": duckdb.__version__, "rijen_uit": n,
                      "tabellen": rijen, "tijden_s": {k: round(v, 3) for k, v in tijden.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
