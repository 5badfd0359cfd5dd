#!/usr/bin/env python3
"""Runs the benchmarks (called by scripts/bench, which installs what this needs).

For each scale: generate the deliveries with `jeugdstuur demo-data`, then time (wall clock,
CPU, peak RSS via /usr/bin/time -v) `jeugdstuur ingest` into a fresh data folder, the DuckDB
and the pandas implementation on the same files, and check both against our
`indicatoren_intern.parquet`. Then serving (wrk against `jeugdstuur serve` and nginx with the
same bytes) and the report PDF on one scale. Writes resultaten.json and resultaten.md in
--werkmap and prints the markdown.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil

HIER = Path(__file__).resolve().parent
# `--alleen-reken`: only the like-for-like part (set in main).
ALLEEN_REKEN = False
REPO = HIER.parent

SCHALEN = {
    # name: (demo-data --scale, region file transform or None, description)
    "klein": ("klein", None, "Twente with 1/10 of the residents (= fixtures/twente)"),
    "twente": ("twente", None, "the 14 Twentse gemeenten at real size, 2019-2025"),
    "twente10": ("twente", 10, "Twente with 10x the residents (demo_jeugdigen x10), 2019-2025"),
    "nl": ("nl", None, "342 fictitious gemeenten, national size, 2016-2025"),
}


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def du(pad: Path) -> int:
    return sum(f.stat().st_size for f in pad.rglob("*") if f.is_file())


class TeVeelGeheugen(RuntimeError):
    """A run passed the memory cap and was stopped (it would not fit this machine)."""

    def __init__(self, cmd: list[str], piek_mib: float, wand_s: float):
        super().__init__(f"{cmd[0]}: gestopt bij {piek_mib:.0f} MiB na {wand_s:.0f} s")
        self.piek_mib, self.wand_s = piek_mib, wand_s


# Runs above this resident size are stopped (and reported as such) before the kernel's OOM
# killer picks a process; the machine has 24 GiB and no swap. JT_BENCH_MAX_MIB overrides.
MAX_MIB = float(os.environ.get("JT_BENCH_MAX_MIB", 20 * 1024))


def boom_rss_mib(proc: "psutil.Process") -> float:
    totaal = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            totaal += p.memory_info().rss
        except psutil.Error:
            pass
    return totaal / 2**20


def gemeten(cmd: list[str], omgeving=None, stdout_pad: Path | None = None) -> dict:
    """Runs cmd under /usr/bin/time -v: wall seconds, user+sys CPU seconds, peak RSS (MiB).
    Stopped with `TeVeelGeheugen` when the process tree passes MAX_MIB."""
    tv = Path(os.environ.get("TMPDIR", "/tmp")) / f"jt-bench-time-{os.getpid()}.txt"
    begin = time.perf_counter()
    piek = 0.0
    with open(stdout_pad or os.devnull, "w") as uit, tempfile.TemporaryFile("w+") as fout:
        p = subprocess.Popen(["/usr/bin/time", "-v", "-o", str(tv)] + cmd, stdout=uit,
                             stderr=fout, text=True, env=omgeving)
        boom = psutil.Process(p.pid)
        while p.poll() is None:
            try:
                piek = max(piek, boom_rss_mib(boom))
            except psutil.Error:
                pass
            if piek > MAX_MIB:
                for c in boom.children(recursive=True):
                    c.kill()
                p.wait()
                tv.unlink(missing_ok=True)
                raise TeVeelGeheugen(cmd, piek, time.perf_counter() - begin)
            time.sleep(0.25)
        fout.seek(0)
        stderr = fout.read()
    wand = time.perf_counter() - begin
    t = tv.read_text()
    tv.unlink()
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} faalde ({p.returncode}):\n{stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)[1]) / 1024
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", t)[1])
    sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", t)[1])
    return {"wand_s": round(wand, 3), "cpu_s": round(user + sys_, 3), "rss_mib": round(rss, 1),
            "stderr": stderr}


def mediaan(runs: list[dict]) -> dict:
    return {"wand_s": round(statistics.median(r["wand_s"] for r in runs), 3),
            "wand_s_alle": [r["wand_s"] for r in runs],
            "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
            "rss_mib": max(r["rss_mib"] for r in runs)}


def genereer(js: str, schaal: str, werk: Path) -> Path:
    demo, factor, _ = SCHALEN[schaal]
    doel = werk / "data" / schaal
    if (doel / ".klaar").exists():
        return doel
    shutil.rmtree(doel, ignore_errors=True)
    cmd = [js, "demo-data", "--out", str(doel), "--scale", demo]
    if factor:
        bron = (REPO / "pipelines/regio/twente.toml").read_text()
        regio = re.sub(r"^demo_jeugdigen = (\d+)",
                       lambda m: f"demo_jeugdigen = {int(m[1]) * factor}", bron, flags=re.M)
        rp = werk / f"{schaal}.toml"
        rp.write_text(regio)
        cmd += ["--region", str(rp)]
    log(f"{schaal}: demo-data genereren naar {doel}")
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    log(f"{schaal}: gegenereerd in {time.perf_counter() - t:.1f} s")
    (doel / ".klaar").write_text("")
    return doel


# The six indicators DuckDB and pandas compute (benches/indicatoren_duckdb.py), for
# `jeugdstuur reken`: like for like (issue 20).
ZES = "crisis_start_aandeel,crisis_instroom,trajectduur,jeugdhulp_gebruik,kosten,vt_meldingen_per_100k"


def reken_zes(js: str, schaal: str, data: Path, uitmap: Path, regio: list[str], herhaal: int) -> dict:
    """`jeugdstuur reken` on the six indicators only: read, validate, correct, merge, compute
    and write Parquet, as the two engines do (no release, no suppression, no forecasts)."""
    runs = []
    for i in range(herhaal):
        log(f"{schaal}: jeugdstuur reken, zes indicatoren (run {i + 1}/{herhaal})")
        try:
            r = gemeten([js, "reken", "--indicatoren", ZES, "--out", str(uitmap / "reken.parquet")]
                        + regio + [str(data)], stdout_pad=uitmap / "reken.stdout")
        except TeVeelGeheugen as e:
            log(f"  {e}")
            return {"mislukt": str(e), "piek_mib": round(e.piek_mib), "wand_s": round(e.wand_s, 1)}
        r.pop("stderr", None)
        runs.append(r)
        log(f"  {r['wand_s']} s, {r['rss_mib']} MiB")
    return mediaan(runs)


def vergelijk_reken(res: dict, uitmap: Path, py: str) -> None:
    """Our six indicators against each engine's (teller and noemer, exact; amounts to the cent)."""
    if "mislukt" in res.get("jeugdstuur_reken", {"mislukt": ""}):
        return
    for naam in ("duckdb", "pandas"):
        if "mislukt" in res.get(naam, {"mislukt": ""}):
            continue
        v = subprocess.run([py, str(HIER / "vergelijk.py"), str(uitmap / "reken.parquet"),
                            str(uitmap / f"{naam}.parquet"), "--naam", naam], capture_output=True, text=True)
        res["jeugdstuur_reken"][f"gelijk_{naam}"] = json.loads(v.stdout)["gelijk"] if v.stdout else False
        log(f"  reken gelijk aan {naam}: {res['jeugdstuur_reken'][f'gelijk_{naam}']}")


def pipeline(js: str, schaal: str, data: Path, werk: Path, herhaal: int, py: str) -> dict:
    regio = ["--region", str(data / "regio.toml")] if SCHALEN[schaal][0] == "nl" else []
    invoer_bytes = du(data)
    csv_bytes = sum(f.stat().st_size for f in data.rglob("*.csv"))
    res = {"schaal": schaal, "omschrijving": SCHALEN[schaal][2], "invoer_mb": round(invoer_bytes / 1e6, 1),
           "csv_mb": round(csv_bytes / 1e6, 1),
           "bestanden": sum(1 for _ in data.rglob("*.csv"))}
    uitmap = werk / "uit" / schaal
    uitmap.mkdir(parents=True, exist_ok=True)
    res["jeugdstuur_reken"] = reken_zes(js, schaal, data, uitmap, regio, herhaal)
    if ALLEEN_REKEN:
        # Like for like only (`--alleen-reken`): the engines, no full ingest.
        for naam, script in (("duckdb", "indicatoren_duckdb.py"), ("pandas", "indicatoren_pandas.py")):
            runs = []
            for i in range(herhaal):
                log(f"{schaal}: {naam} (run {i + 1}/{herhaal})")
                try:
                    r = gemeten([py, str(HIER / script), str(data), "--uit", str(uitmap / f"{naam}.parquet")],
                                stdout_pad=uitmap / f"{naam}.json")
                except TeVeelGeheugen as e:
                    log(f"  {e}")
                    runs = [{"mislukt": str(e), "piek_mib": round(e.piek_mib), "wand_s": round(e.wand_s, 1)}]
                    break
                r.pop("stderr", None)
                r["fasen"] = json.loads((uitmap / f"{naam}.json").read_text())
                runs.append(r)
                log(f"  {r['wand_s']} s, {r['rss_mib']} MiB")
            res[naam] = runs[0] if "mislukt" in runs[0] else mediaan(runs)
        vergelijk_reken(res, uitmap, py)
        return res
    ons = []
    for i in range(herhaal):
        jd = werk / "jsdata" / schaal
        shutil.rmtree(jd, ignore_errors=True)
        log(f"{schaal}: jeugdstuur ingest (run {i + 1}/{herhaal})")
        try:
            r = gemeten([js, "ingest", "--data", str(jd)] + regio + [str(data)],
                        stdout_pad=uitmap / "ingest.stdout")
        except TeVeelGeheugen as e:
            log(f"  {e}")
            shutil.rmtree(jd, ignore_errors=True)
            res["jeugdstuur"] = {"mislukt": str(e), "piek_mib": round(e.piek_mib),
                                 "wand_s": round(e.wand_s, 1)}
            for naam, script in (("duckdb", "indicatoren_duckdb.py"), ("pandas", "indicatoren_pandas.py")):
                log(f"{schaal}: {naam} (1 run; niet te vergelijken zonder onze uitkomst)")
                try:
                    r = gemeten([py, str(HIER / script), str(data), "--uit", str(uitmap / f"{naam}.parquet")],
                                stdout_pad=uitmap / f"{naam}.json")
                    r.pop("stderr", None)
                    r["fasen"] = json.loads((uitmap / f"{naam}.json").read_text())
                    res[naam] = r
                    log(f"  {r['wand_s']} s, {r['rss_mib']} MiB")
                except TeVeelGeheugen as e2:
                    log(f"  {e2}")
                    res[naam] = {"mislukt": str(e2), "piek_mib": round(e2.piek_mib),
                                 "wand_s": round(e2.wand_s, 1)}
            vergelijk_reken(res, uitmap, py)
            return res
        ons.append(r)
        log(f"  {r['wand_s']} s, {r['rss_mib']} MiB")
    res["jeugdstuur"] = mediaan(ons)
    res["jeugdstuur"]["ingest_uitvoer"] = (uitmap / "ingest.stdout").read_text()[-1500:]
    release = sorted((werk / "jsdata" / schaal / "releases").glob("r*"))[-1]
    intern = release / "indicatoren_intern.parquet"
    res["release_mb"] = round(du(release) / 1e6, 1)
    # `compute --data` exports the figures stored in the release (indicatoren.parquet/.csv):
    # it does not recompute them, so it is not "the indicator part alone"; kept as the cost
    # of an export.
    log(f"{schaal}: jeugdstuur compute --data (export van de opgeslagen cijfers)")
    shutil.rmtree(uitmap / "compute", ignore_errors=True)
    res["jeugdstuur_compute"] = gemeten(
        [js, "compute", "--data", str(werk / "jsdata" / schaal)] + regio
        + ["--out", str(uitmap / "compute")])
    res["jeugdstuur_compute"].pop("stderr")
    log(f"  {res['jeugdstuur_compute']['wand_s']} s, {res['jeugdstuur_compute']['rss_mib']} MiB")
    res["maatregelen_csv_mb"] = round(
        sum(f.stat().st_size for f in (data / "maatregelen").rglob("*.csv")) / 1e6, 1)
    for r in ons:
        r.pop("stderr", None)
    for naam, script in (("duckdb", "indicatoren_duckdb.py"), ("pandas", "indicatoren_pandas.py")):
        runs = []
        for i in range(herhaal):
            log(f"{schaal}: {naam} (run {i + 1}/{herhaal})")
            uit = uitmap / f"{naam}.parquet"
            r = gemeten([py, str(HIER / script), str(data), "--uit", str(uit)],
                        stdout_pad=uitmap / f"{naam}.json")
            r["fasen"] = json.loads((uitmap / f"{naam}.json").read_text())
            r.pop("stderr", None)
            runs.append(r)
            log(f"  {r['wand_s']} s, {r['rss_mib']} MiB")
        res[naam] = mediaan(runs)
        res[naam]["fasen"] = runs[-1]["fasen"]
        v = subprocess.run([py, str(HIER / "vergelijk.py"), str(intern), str(uitmap / f"{naam}.parquet"),
                            "--naam", naam], capture_output=True, text=True)
        res[naam]["vergelijking"] = json.loads(v.stdout)
        log(f"  gelijk aan indicatoren_intern: {res[naam]['vergelijking']['gelijk']}")
    vergelijk_reken(res, uitmap, py)
    return res


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_op(url: str, seconden: float = 120) -> None:
    einde = time.time() + seconden
    while time.time() < einde:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} kwam niet op")


# A first view: every request another (ignored) query parameter, so the server's page cache
# never answers and every request builds its page.
UNIEK_LUA = (
    'request = function() n = (n or 0) + 1; '
    'return wrk.format("GET", wrk.path .. "?aanbieder=x" .. math.random(1, 1e9) .. "_" .. n) end\n'
)


def wrk(url: str, duur: int, verbindingen: int, kop: list[str], script: Path | None = None) -> dict:
    extra = sum((["-H", h] for h in kop), [])
    if script is not None:
        extra += ["-s", str(script)]
    subprocess.run(["wrk", "-t2", f"-c{verbindingen}", "-d3s", url] + extra,
                   capture_output=True, check=True)  # warm-up
    p = subprocess.run(["wrk", "-t2", f"-c{verbindingen}", f"-d{duur}s", "--latency", url] + extra,
                       capture_output=True, text=True, check=True)
    o = p.stdout

    def ms(label):
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", o, re.M)
        if not m:
            return None
        return float(m[1]) * {"us": 0.001, "ms": 1, "s": 1000}[m[2]]

    fouten = re.search(r"Non-2xx or 3xx responses: (\d+)", o)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", o)[1]), "p50_ms": ms("50%"),
            "p99_ms": ms("99%"), "non_2xx": int(fouten[1]) if fouten else 0, "wrk": o}


# The API call is filtered to one period: the unfiltered /api/indicatoren is every figure of
# the release (hundreds of MB at Twente scale); its size and time are measured once apart.
PAGINAS = [("overzicht", "/", "html"), ("indicator", "/indicator/crisis_start_aandeel", "html"),
           ("api", "/api/indicatoren?periode=2024", "json")]


def serveren(js: str, schaal: str, werk: Path, duur: int, kop: list[str]) -> dict:
    jd = werk / "jsdata" / schaal
    poort, npoort = vrije_poort(), vrije_poort()
    log(f"serveren: jeugdstuur serve op {poort}, nginx op {npoort} ({schaal})")
    # Accounts (when the server has them): a fresh data folder gets a demo administrator with
    # this password; the harness logs in and sends the session cookie with every request.
    wachtwoord = "bench-" + os.urandom(12).hex()
    for f in jd.glob("jeugdstuur.sqlite*"):  # only what earlier bench runs wrote
        f.unlink()
    omg = dict(os.environ, JEUGDSTUUR_BEHEERDER_WACHTWOORD=wachtwoord)
    srv = subprocess.Popen([js, "serve", "--data", str(jd), "--addr", f"127.0.0.1:{poort}"],
                           stdout=subprocess.DEVNULL, stderr=open(werk / "serve.log", "w"),
                           env=omg)
    www = werk / "www"
    nginx = None
    res = {"schaal": schaal, "duur_s": duur, "verbindingen": 64, "paginas": {}}
    try:
        basis = f"http://127.0.0.1:{poort}"
        wacht_op(basis + "/static/favicon.svg")
        koek = inloggen(basis, wachtwoord)
        if koek:
            kop = kop + [f"Cookie: {koek}"]
            res["login"] = "ingelogd als demo-beheerder; wrk stuurt de sessiecookie mee"
        shutil.rmtree(www, ignore_errors=True)
        www.mkdir(parents=True)
        for naam, pad, ext in PAGINAS:
            req = urllib.request.Request(basis + pad, headers=dict(h.split(": ", 1) for h in kop))
            with urllib.request.urlopen(req, timeout=60) as r:
                body = r.read()
                if r.status != 200:
                    raise RuntimeError(f"{pad}: {r.status}")
            (www / f"{naam}.{ext}").write_bytes(body)
            res["paginas"][naam] = {"pad": pad, "bytes": len(body)}
        begin = time.perf_counter()
        req = urllib.request.Request(basis + "/api/indicatoren", headers=dict(h.split(": ", 1) for h in kop))
        with urllib.request.urlopen(req, timeout=600) as r:
            n = len(r.read())
        res["api_ongefilterd"] = {"bytes": n, "seconden": round(time.perf_counter() - begin, 3)}
        log(f"serveren: /api/indicatoren ongefilterd: {n / 1e6:.0f} MB in {res['api_ongefilterd']['seconden']} s")
        conf = werk / "nginx.conf"
        conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
daemon off;
pid {werk}/nginx.pid;
error_log {werk}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; application/json json; }}
    client_body_temp_path {werk}/nginx-tmp;
    server {{
        listen 127.0.0.1:{npoort};
        root {www};
    }}
}}
""")
        (werk / "nginx-tmp").mkdir(exist_ok=True)
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(werk)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wacht_op(f"http://127.0.0.1:{npoort}/api.json")
        uniek = werk / "uniek.lua"
        uniek.write_text(UNIEK_LUA)
        for naam, pad, ext in PAGINAS:
            log(f"serveren: wrk {pad}")
            ons = wrk(basis + pad, duur, 64, kop)
            log(f"  jeugdstuur {ons['rps']:.0f} req/s p50 {ons['p50_ms']} ms p99 {ons['p99_ms']} ms")
            if ext == "html":
                eerste = wrk(basis + pad, duur, 64, kop, uniek)
                log(f"  eerste keer {eerste['rps']:.0f} req/s p50 {eerste['p50_ms']} ms p99 {eerste['p99_ms']} ms")
                res["paginas"][naam]["jeugdstuur_ongecachet"] = eerste
            st = wrk(f"http://127.0.0.1:{npoort}/{naam}.{ext}", duur, 64, [])
            log(f"  nginx      {st['rps']:.0f} req/s p50 {st['p50_ms']} ms p99 {st['p99_ms']} ms")
            res["paginas"][naam]["jeugdstuur"] = ons
            res["paginas"][naam]["nginx"] = st
        res["rapport"] = rapport(js, jd, basis, werk, kop)
    finally:
        for p in (nginx, srv):
            if p is not None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
    return res


class GeenRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def inloggen(basis: str, wachtwoord: str) -> str | None:
    """POST /inloggen as the demo administrator; the session cookie, or None when the server
    has no login (then every page is open)."""
    opener = urllib.request.build_opener(GeenRedirect)
    form = urllib.parse.urlencode({"login": "beheerder", "wachtwoord": wachtwoord}).encode()
    try:
        r = opener.open(urllib.request.Request(basis + "/inloggen", data=form), timeout=60)
        koppen = r.headers
    except urllib.error.HTTPError as e:
        if e.code in (404, 405):
            return None
        koppen = e.headers
    for c in koppen.get_all("Set-Cookie") or []:
        naam_waarde = c.split(";", 1)[0]
        if naam_waarde.startswith("jeugdstuur_sessie="):
            return naam_waarde
    raise RuntimeError("inloggen mislukt: geen sessiecookie")


def rapport(js: str, jd: Path, basis: str, werk: Path, kop: list[str]) -> dict:
    hulp = subprocess.run([js, "--help"], capture_output=True, text=True).stdout
    if re.search(r"^\s+report\b", hulp, re.M):
        uit = werk / "jaarrapport.pdf"
        log("rapport: jeugdstuur report --year 2025 (hyperfine)")
        cmd = f"{js} report --data {jd} --year 2025 --out {uit}"
        return {"wat": "jaarrapport (jeugdstuur report --year 2025)",
                **hyperfine(cmd, werk, 5)}
    # No jaarrapport yet: the session minutes PDF through the same report crate.
    rel = json.loads(urllib.request.urlopen(basis + "/api/releases", timeout=300).read())
    release = rel[0]["id"] if isinstance(rel, list) else rel["releases"][0]["id"]
    form = urllib.parse.urlencode([
        ("datum", "2026-01-15"), ("titel", "Benchmark"), ("deelnemers", "bench"),
        ("release", release), ("gebied", "regio"), ("periode", "2025"), ("auteur", "bench")]
        + [("indicator", i) for i in ("crisis_start_aandeel", "trajectduur", "jeugdhulp_gebruik",
                                       "verblijf_stand", "kosten")]).encode()

    opener = urllib.request.build_opener(GeenRedirect)
    koppen = dict([("Content-Type", "application/x-www-form-urlencoded")]
                  + [h.split(": ", 1) for h in kop])
    pagina = urllib.request.urlopen(urllib.request.Request(
        basis + "/sessies", headers=koppen), timeout=300).read().decode()
    m = re.search(r'name="_csrf" value="([^"]+)"', pagina)
    if m:
        koppen["X-CSRF-Token"] = m[1]
    req = urllib.request.Request(basis + "/sessies", data=form, headers=koppen)
    try:
        r = opener.open(req, timeout=300)
        plek = r.headers.get("Location")
    except urllib.error.HTTPError as e:
        plek = e.headers.get("Location")
    if not plek:
        return {"wat": "niet gemeten: kon geen sessie aanmaken"}
    url = basis + plek + "/verslag.pdf"
    log(f"rapport: {url} (hyperfine)")
    hk = " ".join(f"-H '{h}'" for h in kop)
    return {"wat": f"sessieverslag als PDF ({plek}/verslag.pdf, 5 agendapunten); "
                   "`jeugdstuur report` bestond nog niet",
            **hyperfine(f"curl -sf {hk} -o {werk}/verslag.pdf {url}", werk, 10)}


def hyperfine(cmd: str, werk: Path, runs: int) -> dict:
    j = werk / "hyperfine.json"
    subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(runs), "--export-json", str(j), cmd],
                   check=True, stdout=sys.stderr)
    r = json.loads(j.read_text())["results"][0]
    return {"gemiddeld_s": round(r["mean"], 3), "stddev_s": round(r["stddev"], 3),
            "min_s": round(r["min"], 3), "max_s": round(r["max"], 3), "runs": runs}


def markdown(res: dict) -> str:
    r = []
    if any("jeugdstuur" in p for p in res["pipeline"]):
        r.append("| scale | CSV in | files | jeugdstuur ingest (all indicators) | DuckDB (6 core indicators) | pandas (6 core indicators) | ours ÷ DuckDB | ours ÷ pandas | equal? |")
        r.append("|---|---|---|---|---|---|---|---|---|")
    def kort(x: dict) -> str:
        if "mislukt" in x:
            return f"stopped at {x['piek_mib']} MiB after {x['wand_s']:.0f} s (does not fit)"
        return f"{x['wand_s']:.1f} s, {x['rss_mib']:.0f} MiB"

    for p in res["pipeline"]:
        if "jeugdstuur" not in p:
            continue
        o, d, pd_ = p["jeugdstuur"], p["duckdb"], p["pandas"]
        if any("mislukt" in x for x in (o, d, pd_)):
            r.append(f"| {p['schaal']} | {p['csv_mb']:.0f} MB | {p['bestanden']} | {kort(o)} | {kort(d)} "
                     f"| {kort(pd_)} | – | – | not compared |")
            continue
        r.append(
            f"| {p['schaal']} | {p['csv_mb']:.0f} MB | {p['bestanden']} "
            f"| {o['wand_s']:.1f} s, {o['rss_mib']:.0f} MiB "
            f"| {d['wand_s']:.1f} s, {d['rss_mib']:.0f} MiB | {pd_['wand_s']:.1f} s, {pd_['rss_mib']:.0f} MiB "
            f"| {o['wand_s'] / d['wand_s']:.2f} (RSS {o['rss_mib'] / d['rss_mib']:.2f}) "
            f"| {o['wand_s'] / pd_['wand_s']:.2f} (RSS {o['rss_mib'] / pd_['rss_mib']:.2f}) "
            f"| DuckDB {'yes' if d['vergelijking']['gelijk'] else 'NO'}, pandas {'yes' if pd_['vergelijking']['gelijk'] else 'NO'} |")
    r.append("")
    r.append("Like for like: the six indicators only (`jeugdstuur reken`: read, validate, correct, merge, "
             "compute, write Parquet; no release, no suppression):")
    r.append("")
    r.append("| scale | jeugdstuur reken (6 indicators) | DuckDB | ours ÷ DuckDB | pandas | ours ÷ pandas | equal? |")
    r.append("|---|---|---|---|---|---|---|")
    for p in res["pipeline"]:
        o, d, pd_ = p.get("jeugdstuur_reken"), p.get("duckdb", {}), p.get("pandas", {})
        if not o:
            continue
        def deel(a: dict, b: dict) -> str:
            if "mislukt" in a or "mislukt" in b:
                return "–"
            return f"{a['wand_s'] / b['wand_s']:.2f} (RSS {a['rss_mib'] / b['rss_mib']:.2f})"
        gelijk = ", ".join(f"{n} {'yes' if o.get('gelijk_' + k) else 'NO'}"
                           for n, k in (("DuckDB", "duckdb"), ("pandas", "pandas")) if "gelijk_" + k in o)
        r.append(f"| {p['schaal']} | {kort(o)} | {kort(d) if d else '–'} | {deel(o, d) if d else '–'} "
                 f"| {kort(pd_) if pd_ else '–'} | {deel(o, pd_) if pd_ else '–'} | {gelijk or 'not compared'} |")
    s = res.get("serveren")
    if s:
        r.append("")
        r.append(f"Serving ({s['schaal']}, 64 connections, {s['duur_s']} s, wrk -t2):")
        r.append("")
        r.append("| page | bytes | jeugdstuur req/s | p50 | p99 | nginx req/s | p50 | p99 | ours ÷ static (req/s) |")
        r.append("|---|---|---|---|---|---|---|---|---|")
        for naam, p in s["paginas"].items():
            o, n = p["jeugdstuur"], p["nginx"]
            r.append(f"| `{p['pad']}` | {p['bytes']} | {o['rps']:.0f} | {o['p50_ms']:.2f} ms | {o['p99_ms']:.2f} ms "
                     f"| {n['rps']:.0f} | {n['p50_ms']:.2f} ms | {n['p99_ms']:.2f} ms | {o['rps'] / n['rps']:.3f} |")
            e = p.get("jeugdstuur_ongecachet")
            if e:
                r.append(f"| `{p['pad']}` first view (never cached) | {p['bytes']} | {e['rps']:.0f} | {e['p50_ms']:.2f} ms "
                         f"| {e['p99_ms']:.2f} ms | {n['rps']:.0f} | {n['p50_ms']:.2f} ms | {n['p99_ms']:.2f} ms "
                         f"| {e['rps'] / n['rps']:.3f} |")
        rp = s.get("rapport", {})
        if "gemiddeld_s" in rp:
            r.append("")
            r.append(f"Report: {rp['wat']}: {rp['gemiddeld_s']:.3f} s ± {rp['stddev_s']:.3f} "
                     f"(min {rp['min_s']:.3f}, max {rp['max_s']:.3f}, {rp['runs']} runs)")
    return "\n".join(r)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jeugdstuur", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--werkmap", required=True, type=Path)
    ap.add_argument("--schalen", default="klein,twente,twente10")
    ap.add_argument("--herhaal", type=int, default=3, help="runs per scale below 200 MB of CSV (larger scales: one run)")
    ap.add_argument("--serveer-schaal", default="twente")
    ap.add_argument("--serveer-duur", type=int, default=15)
    ap.add_argument("--kop", action="append", default=[],
                    help="extra request header for jeugdstuur (e.g. 'Cookie: sessie=...')")
    ap.add_argument("--geen-serveren", action="store_true")
    ap.add_argument("--alleen-reken", action="store_true",
                    help="only the like-for-like part: jeugdstuur reken (six indicators) beside DuckDB and pandas")
    a = ap.parse_args()
    global ALLEEN_REKEN
    ALLEEN_REKEN = a.alleen_reken
    a.werkmap.mkdir(parents=True, exist_ok=True)
    res = {"gestart": time.strftime("%Y-%m-%d %H:%M:%S"), "pipeline": []}
    vorig = a.werkmap / "resultaten.json"
    if not a.schalen and vorig.exists():
        res = json.loads(vorig.read_text())  # serving only: keep the pipeline results
    res["machine"] = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    res["git"] = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s"],
                                capture_output=True, text=True).stdout.strip()
    for schaal in [x for x in a.schalen.split(",") if x]:
        data = genereer(a.jeugdstuur, schaal, a.werkmap)
        csv_mb = sum(f.stat().st_size for f in data.rglob("*.csv")) / 1e6
        n = a.herhaal if csv_mb < 200 else 1
        res["pipeline"].append(pipeline(a.jeugdstuur, schaal, data, a.werkmap, n, a.python))
        (a.werkmap / "resultaten.json").write_text(json.dumps(res, indent=1))
    if not a.geen_serveren:
        res["serveren"] = serveren(a.jeugdstuur, a.serveer_schaal, a.werkmap, a.serveer_duur, a.kop)
    res["klaar"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (a.werkmap / "resultaten.json").write_text(json.dumps(res, indent=1))
    md = markdown(res)
    (a.werkmap / "resultaten.md").write_text(md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
