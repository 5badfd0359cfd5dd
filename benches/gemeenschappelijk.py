"""Shared, engine-independent helpers for the DuckDB and pandas benchmark implementations.

Both implementations do the same work as the reading part of our pipeline for the tables the
compared indicators need: find every delivery file, detect its encoding (UTF-8 with or
without BOM, else Windows-1252) and delimiter (`;` `,` tab, from the header line), normalise
its column names, and know the region's gemeenten and the periods to compute. The rules are
those of the independent reference implementation in `tests/onafhankelijk/indicatoren.py`.

This module only sniffs (first line, and a UTF-8 validity check over each file's bytes); the
rows themselves are read by DuckDB or pandas. The sniffing is timed as part of each engine's
run.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field

KOLOMMEN = {
    "trajecten": ("aanlevering", "gemeente", "client_id", "geboortedatum", "toewijzingnummer",
                  "aanbieder_agb", "productcategorie", "productcode", "hulpvorm", "crisis",
                  "startdatum", "einddatum"),
    "declaraties": ("gemeente", "periode", "bedrag"),
    "veilig_thuis": ("melding_id", "casus_id", "huishouden_id", "gemeente", "meldingsdatum"),
}

# The compared indicators (indicator, uitsplitsing), at levels regio and gemeente, for every
# complete period (year, half year, quarter, month) between the first and the newest delivery.
VERGELEKEN = [
    ("crisis_start_aandeel", "totaal"),
    ("crisis_instroom", "totaal"),
    ("trajectduur", "totaal"),
    ("jeugdhulp_gebruik", "totaal"),
    ("kosten", "totaal"),
    ("vt_meldingen_per_100k", "totaal"),
]


def kolomnaam(naam: str) -> str:
    """Column name as the reference reads it: case-insensitive, spaces to '_', 'ë' to 'e'."""
    return (naam.strip().lstrip("\ufeff").strip('"').strip().lower()
            .replace(" ", "_").replace("ë", "e"))


@dataclass
class Bestand:
    pad: str
    codering: str        # 'utf-8' or 'latin-1' (Windows-1252 for the columns we use)
    scheiding: str
    kolommen: tuple      # normalised column names, in file order


@dataclass
class Groep:
    """Files that can be read in one call: same encoding, delimiter and header."""
    codering: str
    scheiding: str
    kolommen: tuple
    paden: list = field(default_factory=list)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def snuffel(pad: str) -> Bestand:
    with open(pad, "rb") as f:
        data = f.read()
    utf8 = is_utf8(data)
    eerste = data.split(b"\n", 1)[0]
    tekst = eerste.decode("utf-8-sig" if utf8 else "cp1252", errors="replace").rstrip("\r")
    scheiding = max((";", ",", "\t"), key=lambda d: (tekst.count(d), d == ";"))
    kolommen = tuple(kolomnaam(k) for k in tekst.split(scheiding))
    # Windows-1252 and Latin-1 agree on every byte the compared columns can hold (ASCII);
    # DuckDB knows latin-1 without an extension.
    return Bestand(pad, "utf-8" if utf8 else "latin-1", scheiding, kolommen)


def csv_bestanden(map_: str) -> list[str]:
    if not os.path.isdir(map_):
        return []
    return sorted(os.path.join(map_, n) for n in os.listdir(map_) if n.lower().endswith(".csv"))


def groepen(map_: str) -> list[Groep]:
    uit: dict = {}
    for pad in csv_bestanden(map_):
        b = snuffel(pad)
        g = uit.setdefault((b.codering, b.scheiding, b.kolommen),
                           Groep(b.codering, b.scheiding, b.kolommen))
        g.paden.append(pad)
    return list(uit.values())


def gemeenten(data: str) -> list[str]:
    """The region's gemeente codes, from the `regio.toml` that demo-data writes next to the
    deliveries (Twente's own file, or the generated national one)."""
    with open(os.path.join(data, "regio.toml"), "rb") as f:
        cfg = tomllib.load(f)
    return sorted(g["code"] for g in cfg["gemeenten"])


_RE_AANL = re.compile(r"^(\d{4})-?(\d{1,2})$")


def perioden(eerste: int, laatste: int) -> list[tuple[str, int, str, int, int]]:
    """The periods from the one of each kind that holds month `eerste` (the first month with
    care or a melding in the data; month index jaar*12+m-1) to the last one complete by the
    end of month `laatste` (the newest delivery month), as (soort, index, label, first month
    index, last month index) — the rule of our pipeline (`bereken::perioden_van`)."""
    uit = []
    j0, j1 = eerste // 12, laatste // 12
    for j in range(j0, j1 + 1):
        for soort, lengte in (("jaar", 12), ("halfjaar", 6), ("kwartaal", 3), ("maand", 1)):
            for k in range(12 // lengte):
                m_van = j * 12 + k * lengte
                m_tot = m_van + lengte - 1
                if m_tot < eerste or m_tot > laatste:
                    continue
                if soort == "jaar":
                    label, idx = f"{j}", j
                elif soort == "halfjaar":
                    label, idx = f"{j}-H{k + 1}", j * 2 + k
                elif soort == "kwartaal":
                    label, idx = f"{j}-Q{k + 1}", j * 4 + k
                else:
                    label, idx = f"{j}-{k + 1:02d}", j * 12 + k
                uit.append((soort, idx, label, m_van, m_tot))
    return uit


# Period index of a month index m (jaar*12 + maand-1), per kind: the same integer numbering
# as crates/pipeline/src/indicatoren/perioden.rs.
SOORTEN = ("jaar", "halfjaar", "kwartaal", "maand")
DELER = {"jaar": 12, "halfjaar": 6, "kwartaal": 3, "maand": 1}
