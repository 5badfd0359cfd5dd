#!/usr/bin/env python3
"""API fuzzer: schemathesis against the generated /api/openapi.json of a real server.

Starts `jeugdstuur serve` on a fresh ingest of fixtures/twente (a temporary data folder, as
tests/browser does), logs in as the administrator the first start creates (POST /inloggen),
reads the CSRF token from /api/ik, and lets schemathesis call every operation under /api/
with the session cookie and the token as headers. A finding exits non-zero:

- not_a_server_error: no 5xx;
- status_code_conformance: every status answered is in the document;
- response_schema_conformance and content_type_conformance: every body fits its schema;
- unsupported_method: a method a path does not have answers 405 with an Allow header.

Deterministic (deterministic generation, so no seed and no example database; one worker) and
short (a few examples per operation). The request schemas carry the server's own rules (dates,
release ids, the allowed niveaus, soorten and statussen, no blank text), so generated POSTs reach
the handlers' logic instead of stopping at validation; the PUTs mostly meet 404 (an id that does
not exist) or 409 (a stale versie), which is the documented answer, not a finding. The downloads and the jaarrapport (files, HTML error
pages; the report takes a second per PDF) and POST /inloggen (which would lock the account
after failed attempts) are described in the document but not fuzzed here.

    python3 tests/api/fuzz.py --bin "$CARGO_TARGET_DIR/debug/jeugdstuur"
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HIER = Path(__file__).resolve().parent
WORTEL = HIER.parent.parent
WACHTWOORD = "api-fuzz-beheerder-wachtwoord"


def stap(tekst):
    print(f"[fuzz] {tekst}", flush=True)


def start_server(bin_, data, log):
    env = dict(os.environ, JEUGDSTUUR_BEHEERDER_WACHTWOORD=WACHTWOORD, RUST_LOG="warn")
    p = subprocess.Popen(
        [bin_, "serve", "--data", str(data), "--addr", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        text=True,
    )
    eind = time.monotonic() + 120
    while time.monotonic() < eind:
        regel = p.stdout.readline()
        if not regel:
            if p.poll() is not None:
                raise SystemExit(f"FOUT: de server stopte (code {p.returncode}), zie {log.name}")
            continue
        m = re.search(r"http://(127\.0\.0\.1:\d+)/", regel)
        if m:
            return p, m.group(1)
    p.kill()
    raise SystemExit("FOUT: de server meldde binnen 120 s geen adres")


def vraag(adres, methode, pad, body=None, koppen=None):
    c = http.client.HTTPConnection(adres, timeout=60)
    c.request(methode, pad, body=body, headers=koppen or {})
    r = c.getresponse()
    inhoud = r.read()
    return r.status, r.getheader("Set-Cookie") or "", inhoud


def inloggen(adres):
    form = urllib.parse.urlencode({"login": "beheerder", "wachtwoord": WACHTWOORD, "terug": "/"})
    status, cookie, _ = vraag(
        adres,
        "POST",
        "/inloggen",
        form,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    m = re.match(r"(jeugdstuur_sessie=[0-9a-f]{64})", cookie)
    if status != 303 or not m:
        raise SystemExit(f"FOUT: inloggen gaf {status} zonder sessiecookie")
    sessie = m.group(1)
    status, _, ik = vraag(adres, "GET", "/api/ik", koppen={"Cookie": sessie})
    if status != 200:
        raise SystemExit(f"FOUT: /api/ik gaf {status}")
    return sessie, json.loads(ik)["csrf"]


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    doel = os.environ.get("CARGO_TARGET_DIR", str(WORTEL / "target"))
    a.add_argument("--bin", default=str(Path(doel) / "debug" / "jeugdstuur"))
    a.add_argument("--fixtures", default=str(WORTEL / "fixtures" / "twente"))
    a.add_argument("--max-examples", type=int, default=10)
    a.add_argument("--bewaar", action="store_true", help="keep the data folder and the report")
    opties = a.parse_args()
    if not Path(opties.bin).exists():
        raise SystemExit(f"FOUT: {opties.bin} bestaat niet: bouw eerst met cargo build")

    werk = Path(tempfile.mkdtemp(prefix="jeugdstuur-fuzz-"))
    server = None
    try:
        t = time.monotonic()
        data = werk / "data"
        subprocess.run(
            [opties.bin, "ingest", "--data", str(data), opties.fixtures],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        stap(f"ingest van {opties.fixtures}: {time.monotonic() - t:.1f} s")
        log = open(werk / "server.log", "w")
        server, adres = start_server(opties.bin, data, log)
        sessie, csrf = inloggen(adres)
        status, _, doc = vraag(adres, "GET", "/api/openapi.json", koppen={"Cookie": sessie})
        if status != 200:
            raise SystemExit(f"FOUT: /api/openapi.json gaf {status}")
        schema = werk / "openapi.json"
        schema.write_bytes(doc)
        stap(f"server op {adres}, ingelogd; {len(json.loads(doc)['paths'])} paden beschreven")

        t = time.monotonic()
        opdracht = [
            shutil.which("schemathesis") or "schemathesis",
            "run",
            str(schema),
            "--url",
            f"http://{adres}",
            "--include-path-regex",
            "^/api/",
            "--checks",
            "not_a_server_error,status_code_conformance,response_schema_conformance,"
            "content_type_conformance,unsupported_method",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            str(opties.max_examples),
            # Deterministic generation: the same cases every run (no seed, no example
            # database; schemathesis refuses both with this option).
            "--generation-deterministic",
            "--generation-with-security-parameters",
            "false",
            "--workers",
            "1",
            "--no-shrink",
            "--request-timeout",
            "60",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(werk / "rapport"),
            "-H",
            f"Cookie: {sessie}",
            "-H",
            f"X-CSRF-Token: {csrf}",
        ]
        rc = subprocess.run(opdracht).returncode
        stap(f"schemathesis: {time.monotonic() - t:.1f} s, code {rc}")
        if rc != 0:
            print(
                f"FOUT: de fuzzer vond afwijkingen van /api/openapi.json (zie hierboven; "
                f"serverlog {werk / 'server.log'})",
                file=sys.stderr,
            )
            opties.bewaar = True
        return rc
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if opties.bewaar:
            stap(f"bewaard: {werk}")
        else:
            shutil.rmtree(werk, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
