#!/usr/bin/env python3
"""Inbrekersaudit: probeert verborgen cellen terug te rekenen uit de gepubliceerde indicatoren.csv.

Alleen standaardbibliotheek (Python 3.11). Geschreven vanuit /work/shared/domain/INDICATORS.md,
pipelines/indicatoren.toml en de gepubliceerde kolommen, NIET vanuit de onderdrukkingscode.

Wat een lezer weet (uit de definities) en gebruikt, elk als familie van exacte lineaire
vergelijkingen (zie RELATIES en README.md):
  - gemeenten -> regio voor optelbare aantallen (trajecten, dagen, euro's, bevolking, meldingen),
  - aanbieders -> regio, aanbieder_gemeente -> aanbieder en -> gemeente,
  - geneste perioden (maanden -> kwartaal -> halfjaar -> jaar, maanden -> jaar, ...),
  - uitsplitsingen die optellen tot hun totaal,
  - stand(vorige) + instroom - uitstroom = stand, en gelijke stand op dezelfde peildatum,
  - hetzelfde getal in twee indicatoren (of twee uitsplitsingen),
  - binnen een rij: waarde = f * teller / noemer (f = 1, 100 of 100.000).
Met --waarheid (de CSV van `compute --zonder-onderdrukking`) wordt elke familie eerst op de ware
waarden gecontroleerd; alleen families die overal exact gelden worden gebruikt, zodat de audit
nooit een onjuiste terugrekening claimt.

Aanval: herhaald vergelijkingen met één onbekende oplossen, daarna exacte Gauss-eliminatie per
samenhangende component van onbekenden; wat bepaald is, gaat terug in de eerste stap, tot niets
meer verandert.

Exitcode 1 als er een verborgen teller of noemer terug te rekenen is, anders 0.
"""

from __future__ import annotations

import argparse
import functools
import csv
import json
import math
import sys
import time
from sys import intern
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

DREMPEL = 10

# ---------------------------------------------------------------------------------------------
# Lezen


def getal(tekst: str) -> float | None:
    """Een getal uit de Nederlandse Excel-CSV (decimale komma); leeg of NaN is geen getal."""
    t = tekst.strip()
    if not t:
        return None
    try:
        v = float(t.replace(",", "."))
    except ValueError:
        raise ValueError(f"geen getal: {tekst!r}") from None
    if math.isnan(v) or math.isinf(v):
        return None
    return v


def waar(tekst: str) -> bool:
    return tekst.strip().lower() in ("true", "1", "waar", "ja")


KOLOMMEN = ("teller", "noemer")
LEKKOLOMMEN = ("ci_laag", "ci_hoog", "status", "significant")


@dataclass(slots=True)
class Rij:
    teller: float | None
    noemer: float | None
    waarde: float | None
    onderdrukt: bool
    overig: dict = field(default_factory=dict)


Sleutel = tuple  # (indicator, periode, niveau, code, uitsplitsing)


def lees(pad: str) -> dict[Sleutel, Rij]:
    """Leest indicatoren.csv (`;`, decimale komma, UTF-8 met BOM)."""
    rijen: dict[Sleutel, Rij] = {}
    with open(pad, encoding="utf-8-sig", newline="") as f:
        lezer = csv.DictReader(f, delimiter=";")
        nodig = {"indicator", "periode", "niveau", "code", "uitsplitsing", "teller", "noemer",
                 "waarde", "onderdrukt"}
        ontbreekt = nodig - set(lezer.fieldnames or [])
        if ontbreekt:
            raise SystemExit(f"{pad}: kolom(men) ontbreken: {', '.join(sorted(ontbreekt))}")
        for nr, r in enumerate(lezer, start=2):
            k = (intern(r["indicator"]), intern(r["periode"]), intern(r["niveau"]),
                 intern(r["code"]), intern(r["uitsplitsing"]))
            try:
                onderdrukt = waar(r["onderdrukt"])
                rij = Rij(getal(r["teller"]), getal(r["noemer"]), getal(r["waarde"]), onderdrukt,
                          {n: r[n] for n in LEKKOLOMMEN if onderdrukt and (r.get(n) or "").strip()})
            except ValueError as e:
                raise SystemExit(f"{pad}, rij {nr}: {e}") from None
            if k in rijen:
                raise SystemExit(f"{pad}, rij {nr}: dubbele cel {k}")
            rijen[k] = rij
    return rijen


def schrijf(pad: str, rijen: dict[Sleutel, Rij]) -> None:
    """Schrijft rijen in hetzelfde formaat (voor --verzwak en de tests)."""
    with open(pad, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["indicator", "periode", "niveau", "code", "uitsplitsing", "teller", "noemer",
                    "waarde", "onderdrukt"])
        for k, r in rijen.items():
            def t(v):
                return "" if v is None else repr(float(v)).replace(".", ",")
            w.writerow([*k, t(r.teller), t(r.noemer), t(r.waarde),
                        "true" if r.onderdrukt else "false"])


# ---------------------------------------------------------------------------------------------
# Perioden


def periode_soort(p: str) -> tuple[str, int, int] | None:
    """('jaar'|'half'|'kwartaal'|'maand', jaar, nummer) of None."""
    try:
        if len(p) == 4:
            return ("jaar", int(p), 1)
        j, rest = p.split("-", 1)
        if rest.startswith("H"):
            return ("half", int(j), int(rest[1:]))
        if rest.startswith("Q"):
            return ("kwartaal", int(j), int(rest[1:]))
        return ("maand", int(j), int(rest))
    except ValueError:
        return None


MAANDEN_PER = {"jaar": 12, "half": 6, "kwartaal": 3, "maand": 1}


def naam_periode(soort: str, jaar: int, nr: int) -> str:
    if soort == "jaar":
        return f"{jaar}"
    if soort == "half":
        return f"{jaar}-H{nr}"
    if soort == "kwartaal":
        return f"{jaar}-Q{nr}"
    return f"{jaar}-{nr:02d}"


def maanden(p: str) -> tuple[int, int] | None:
    """Eerste en laatste maand als absolute maandindex (jaar*12 + maand-1)."""
    s = periode_soort(p)
    if s is None:
        return None
    soort, j, nr = s
    n = MAANDEN_PER[soort]
    eerste = j * 12 + (nr - 1) * n
    return eerste, eerste + n - 1


@functools.lru_cache(maxsize=None)
def delen(p: str) -> list[tuple[str, list[str]]]:
    """Alle opdelingen van p in kleinere perioden die precies p vullen: (naam, delen)."""
    s = periode_soort(p)
    if s is None:
        return []
    soort, j, nr = s
    m = maanden(p)
    uit = []
    for kind in ("half", "kwartaal", "maand"):
        n = MAANDEN_PER[kind]
        if n >= MAANDEN_PER[soort]:
            continue
        eerste = (m[0] - j * 12) // n + 1
        aantal = MAANDEN_PER[soort] // n
        uit.append((f"{kind}->{soort}", [naam_periode(kind, j, eerste + i) for i in range(aantal)]))
    return uit


def vorige(p: str) -> str | None:
    s = periode_soort(p)
    if s is None:
        return None
    soort, j, nr = s
    if soort == "jaar":
        return naam_periode(soort, j - 1, 1)
    aantal = 12 // MAANDEN_PER[soort]
    if nr == 1:
        return naam_periode(soort, j - 1, aantal)
    return naam_periode(soort, j, nr - 1)


# ---------------------------------------------------------------------------------------------
# De relaties die een lezer uit de definities kent

# Optelbaar over gemeenten (en over aanbieders en aanbieder_gemeente): tellingen van trajecten
# (elk traject hoort bij één gemeente en één aanbieder), dagen en euro's daarvan, meldingen en
# bevolking ("the region is the sum of its gemeenten"). NIET: verschillende jeugdigen
# (jeugdhulp_gebruik-teller, jeugdbescherming, verblijf: de regio telt iedere jeugdige één keer en
# een verblijfsperiode kan gemeenten overspannen), herhaald_beroep-teller (eerder traject elders).
# (indicator, kolom): bron in INDICATORS.md.
OPTELBAAR_GEO = {
    ("crisis_start_aandeel", "teller"), ("crisis_start_aandeel", "noemer"),  # gestarte trajecten
    ("crisis_instroom", "teller"),
    ("trajectduur", "teller"), ("trajectduur", "noemer"),  # dagen en aantal beëindigde trajecten
    ("verwijzer_aandeel", "teller"), ("verwijzer_aandeel", "noemer"),  # actieve trajecten
    ("volgens_plan_aandeel", "teller"), ("volgens_plan_aandeel", "noemer"),  # beëindigde
    ("herhaald_beroep_aandeel", "noemer"),  # gestarte trajecten
    ("wachttijd", "teller"), ("wachttijd", "noemer"),  # dagen en gestarte met aanvraagdatum
    ("wachttijd_binnen_6_weken", "teller"), ("wachttijd_binnen_6_weken", "noemer"),
    ("kosten", "teller"),  # euro's
    ("kosten_groei", "teller"), ("kosten_groei", "noemer"),  # euro's verschil, euro's vorig jaar
    ("kosten_per_client", "teller"),  # euro's
    ("jeugdhulp_gebruik", "noemer"), ("jeugdbescherming_aandeel", "noemer"),  # bevolking
    ("vt_meldingen_per_100k", "teller"), ("vt_meldingen_per_100k", "noemer"),
    ("vt_hermelding_aandeel", "teller"),  # eerdere casussen in de hele regio, ook per gemeente
    ("vt_hermelding_aandeel", "noemer"),
}
# Gemeente -> regio alleen voor bevolking en Veilig Thuis (geen aanbiederniveau daar).
OPTELBAAR_AANBIEDER = {k for k in OPTELBAAR_GEO if not k[0].startswith(("vt_", "jeugdhulp_gebruik",
                                                                          "jeugdbescherming"))}

# Optelbaar over perioden: wat "in de periode begon / eindigde / gedeclareerd werd" (elk
# traject, elke verblijfsperiode, elke declaratie en melding valt in precies één maand).
# NIET: actieve trajecten (verwijzers), actieve jeugdigen, stand, bevolking.
OPTELBAAR_TIJD = {
    ("crisis_start_aandeel", "teller"), ("crisis_start_aandeel", "noemer"),
    ("crisis_instroom", "teller"),
    ("trajectduur", "teller"), ("trajectduur", "noemer"),
    ("volgens_plan_aandeel", "teller"), ("volgens_plan_aandeel", "noemer"),
    ("herhaald_beroep_aandeel", "teller"), ("herhaald_beroep_aandeel", "noemer"),
    ("wachttijd", "teller"), ("wachttijd", "noemer"),
    ("wachttijd_binnen_6_weken", "teller"), ("wachttijd_binnen_6_weken", "noemer"),
    ("kosten", "teller"), ("kosten_per_client", "teller"),
    ("kosten_groei", "teller"), ("kosten_groei", "noemer"),
    ("verblijf_instroom", "teller"), ("verblijf_uitstroom", "teller"),
    ("verblijf_doorstroom", "teller"),
    ("vt_meldingen_per_100k", "teller"), ("vt_hermelding_aandeel", "teller"),
    ("vt_hermelding_aandeel", "noemer"),
}
# Verblijf: optelbaar over perioden, maar niet over gemeenten/aanbieders (episodes per scope).
VERBLIJF = ("verblijf_stand", "verblijf_instroom", "verblijf_uitstroom", "verblijf_doorstroom")

# Gelijk binnen een jaar: de bevolking op 1 januari is de noemer van elke periode van dat jaar.
BEVOLKING_PER_JAAR = {("jeugdhulp_gebruik", "totaal"), ("jeugdbescherming_aandeel", "totaal"),
                      ("vt_meldingen_per_100k", "totaal"),
                      ("jeugdreclassering_aandeel", "cbs_basis")}

# Uitsplitsingen die optellen tot een totaal: (indicator, totaal, [prefix of namen], kolommen).
# Een prefix eindigt op '_' en neemt alle uitsplitsingen met die prefix.
SPLITSINGEN = [
    ("crisis_start_aandeel", "totaal", ["met_verblijf", "zonder_verblijf"], KOLOMMEN),
    ("verblijf_uitstroom", "totaal", ["naar_ambulant", "zonder_vervolg"], ("teller",)),
    ("trajectduur", "totaal", ["hulpvorm_"], KOLOMMEN),
    ("trajectduur", "totaal", ["segment_"], KOLOMMEN),
    ("kosten", "totaal", ["segment_"], ("teller",)),
    # wonen+verblijf samen (Sturingsplan, financieel niet te scheiden) = wonen + verblijf
    ("kosten", "segment_wonen_verblijf", ["segment_wonen", "segment_verblijf"], ("teller",)),
    ("wachttijd", "totaal", ["segment_"], KOLOMMEN),
    ("wachttijd_binnen_6_weken", "totaal", ["segment_"], KOLOMMEN),
    # gemeente_gi = verwijzer 01 (gemeente) + 04 (GI)
    ("verwijzer_aandeel", "gemeente_gi", ["verwijzer_01", "verwijzer_04"], ("teller",)),
    # elke verwijzercode apart plus 'onbekend' = alle actieve trajecten (de noemer)
    ("verwijzer_aandeel", "#noemer", ["verwijzer_", "onbekend"], ("teller",)),
]


# Samengestelde delen (zelf een som van andere delen): nooit lid via een prefix.
SAMENGESTELD = {"segment_wonen_verblijf"}


def hoort_bij(uit: str, leden: list[str]) -> bool:
    """Een lid is een naam of een prefix (eindigt op '_'); samengestelde delen alleen bij naam."""
    return any(uit == l or (l.endswith("_") and uit.startswith(l) and uit not in SAMENGESTELD)
               for l in leden)

# Hetzelfde getal in twee cellen van dezelfde periode en scope:
# (indicator A, uitsplitsing A, kolom A, indicator B, uitsplitsing B, kolom B).
GELIJK = [
    # crisisinstroom = teller van het crisisaandeel (gestarte trajecten met crisisvlag)
    ("crisis_instroom", "totaal", "teller", "crisis_start_aandeel", "totaal", "teller"),
    # gestarte trajecten
    ("crisis_start_aandeel", "totaal", "noemer", "herhaald_beroep_aandeel", "totaal", "noemer"),
    # beëindigde trajecten
    ("trajectduur", "totaal", "noemer", "volgens_plan_aandeel", "totaal", "noemer"),
    # gestarte trajecten met aanvraagdatum
    ("wachttijd", "totaal", "noemer", "wachttijd_binnen_6_weken", "totaal", "noemer"),
    # kosten: dezelfde som
    ("kosten", "totaal", "teller", "kosten_per_client", "totaal", "teller"),
    # bevolking 0-17
    ("jeugdhulp_gebruik", "totaal", "noemer", "jeugdbescherming_aandeel", "totaal", "noemer"),
    # alle meldingen Veilig Thuis
    ("vt_meldingen_per_100k", "totaal", "teller", "vt_hermelding_aandeel", "totaal", "noemer"),
    # jeugdigen met een actief verblijfstraject
    ("gezinsgericht_aandeel", "totaal", "noemer", "gezinsvormen_aandeel", "totaal", "noemer"),
    # huisarts = verwijzercode 02
    ("verwijzer_aandeel", "huisarts", "teller", "verwijzer_aandeel", "verwijzer_02", "teller"),
    # jeugdigen met JR: dezelfde teller bij beide noemers
    ("jeugdreclassering_aandeel", "totaal", "teller", "jeugdreclassering_aandeel", "cbs_basis",
     "teller"),
    # de mediaan en het 90e percentiel hebben dezelfde noemer (aantal beëindigd / gestart)
    ("trajectduur", "totaal", "noemer", "trajectduur", "mediaan", "noemer"),
    ("trajectduur", "totaal", "noemer", "trajectduur", "p90", "noemer"),
    ("wachttijd", "totaal", "noemer", "wachttijd", "mediaan", "noemer"),
]
# Binnen één indicator dezelfde noemer in elke uitsplitsing (behalve de genoemde).
GELIJKE_NOEMER = {
    "verwijzer_aandeel": {"verblijf_gemeente_gi"},  # alle actieve trajecten
    "jeugdbescherming_aandeel": set(),  # bevolking 0-17
    "vt_hermelding_aandeel": set(),  # alle meldingen
}


# ---------------------------------------------------------------------------------------------
# Cellen en korrel (eenheid waarin een kolom een geheel getal is)


def korrels(rijen: dict[Sleutel, Rij]) -> dict[tuple[str, str], Fraction | None]:
    """Per (indicator, kolom): 1 als alle gepubliceerde waarden gehele getallen zijn, 1/100 als het
    centen zijn (euro's), anders None (geen lineaire relaties voor die kolom)."""
    uit: dict[tuple[str, str], Fraction | None] = {}
    for (ind, *_), r in rijen.items():
        for kol in KOLOMMEN:
            v = getattr(r, kol)
            if v is None:
                continue
            huidig = uit.get((ind, kol), Fraction(1))
            if huidig is None:
                continue
            if huidig == 1 and abs(v - round(v)) > 1e-6:
                huidig = Fraction(1, 100)
            if huidig == Fraction(1, 100) and abs(v * 100 - round(v * 100)) > 1e-4:
                huidig = None
            uit[(ind, kol)] = huidig
    return uit


class Cellen:
    """Elke (sleutel, kolom) met een korrel krijgt een nummer; waarde in korrels (int) of None."""

    def __init__(self, rijen: dict[Sleutel, Rij], korrel: dict):
        self.rijen = rijen
        self.korrel = korrel
        self.nummer: dict[tuple[Sleutel, str], int] = {}
        self.cel: list[tuple[Sleutel, str]] = []
        self.waarde: list[int | None] = []
        self.korrel_van: list[Fraction] = []
        self.schaal_van: list[int] = []  # 1 / korrel: 1 (aantallen, dagen) of 100 (centen)
        # kolommen die voor een (indicator, uitsplitsing) bestaan: ergens gepubliceerd
        # (een kolom bestaat voor een uitsplitsing als ze daar ergens gepubliceerd is; is de
        # uitsplitsing nergens gepubliceerd, dan telt de indicator; is de hele indicator verborgen,
        # dan heeft ze een teller en geen noemer)
        bestaat, getoond_uit, getoond_ind = set(), set(), set()
        for (ind, _, _, _, uit), r in rijen.items():
            for kol in KOLOMMEN:
                if getattr(r, kol) is not None:
                    bestaat.update({(ind, uit, kol), (ind, "*", kol)})
                    getoond_uit.add((ind, uit))
                    getoond_ind.add(ind)

        def heeft(ind, uit, kol):
            if (ind, uit) in getoond_uit:
                return (ind, uit, kol) in bestaat
            if ind in getoond_ind:
                return (ind, "*", kol) in bestaat
            return kol == "teller"

        for k, r in rijen.items():
            for kol in KOLOMMEN:
                g = korrel.get((k[0], kol), None if (k[0], kol) in korrel else Fraction(1))
                if g is None or not heeft(k[0], k[4], kol):
                    continue
                korrel[(k[0], kol)] = g
                v = getattr(r, kol)
                self.nummer[(k, kol)] = len(self.cel)
                self.cel.append((k, kol))
                self.korrel_van.append(g)
                self.schaal_van.append(int(1 / g))
                self.waarde.append(None if v is None else round(Fraction(v) / g))

    def id(self, k: Sleutel, kol: str) -> int | None:
        return self.nummer.get((k, kol))


# ---------------------------------------------------------------------------------------------
# Families van vergelijkingen. Elke vergelijking: lijst (cel-id, coëfficiënt), homogeen:
# som(coëf * waarde) = 0, in de eigen eenheid van de kolom (euro's, dagen, aantallen).

Vgl = list  # [(cel-id, Fraction)]


class Relaties:
    def __init__(self, cellen: Cellen):
        self.c = cellen
        self.families: dict[str, list[Vgl]] = defaultdict(list)

    def voeg(self, familie: str, termen: list[tuple[Sleutel, str, int | Fraction]]) -> None:
        """Voegt een vergelijking toe als alle cellen bestaan (anders kent de lezer haar niet),
        met gehele coëfficiënten in de eenheid (korrel) van elke cel."""
        vgl = []
        nummer = self.c.nummer
        for k, kol, coef in termen:
            i = nummer.get((k, kol))
            if i is None:
                return
            vgl.append((i, coef))
        if not vgl or (len(vgl) == 1 and vgl[0][1] == 0):
            return
        # plat opgeslagen (i1, c1, i2, c2, ...): een tuple van ints kost een derde van een lijst
        # van paren, en Twente-schaal heeft meer dan een miljoen vergelijkingen
        self.families[familie].append(tuple(x for paar in in_eenheden(self.c, vgl) for x in paar))


def bouw_relaties(rijen: dict[Sleutel, Rij], cellen: Cellen) -> Relaties:
    R = Relaties(cellen)
    sleutels = list(rijen)
    per_groep: dict[tuple, list[Sleutel]] = defaultdict(list)  # (ind, periode, uit, niveau)
    for k in sleutels:
        per_groep[(k[0], k[1], k[4], k[2])].append(k)

    # 1. gemeenten -> regio, aanbieders -> regio
    for (ind, per, uit, niv), ks in per_groep.items():
        if niv != "regio":
            continue
        for kol in KOLOMMEN:
            for laag, set_ in (("gemeente", OPTELBAAR_GEO), ("aanbieder", OPTELBAAR_AANBIEDER)):
                if (ind, kol) not in set_:
                    continue
                delen_ = per_groep.get((ind, per, uit, laag), [])
                if not delen_:
                    continue
                for regio in ks:
                    R.voeg(f"{laag}en->regio {ind}.{kol}",
                           [(regio, kol, 1)] + [(d, kol, -1) for d in delen_])

    # 2. aanbieder_gemeente -> aanbieder en -> gemeente
    for (ind, per, uit, niv), ks in per_groep.items():
        if niv != "aanbieder_gemeente":
            continue
        per_agb, per_gm = defaultdict(list), defaultdict(list)
        for k in ks:
            agb, _, gm = k[3].partition("|")
            per_agb[agb].append(k)
            per_gm[gm].append(k)
        for kol in KOLOMMEN:
            if (ind, kol) not in OPTELBAAR_AANBIEDER:
                continue
            for agb, ds in per_agb.items():
                R.voeg(f"aanbieder_gemeente->aanbieder {ind}.{kol}",
                       [((ind, per, "aanbieder", agb, uit), kol, 1)] + [(d, kol, -1) for d in ds])
            for gm, ds in per_gm.items():
                R.voeg(f"aanbieder_gemeente->gemeente {ind}.{kol}",
                       [((ind, per, "gemeente", gm, uit), kol, 1)] + [(d, kol, -1) for d in ds])

    # 3. geneste perioden
    for k in sleutels:
        ind, per, niv, code, uit = k
        for kol in KOLOMMEN:
            if (ind, kol) not in OPTELBAAR_TIJD:
                continue
            for naam, ps in delen(per):
                R.voeg(f"perioden {naam} {ind}.{kol}",
                       [(k, kol, 1)] + [((ind, p, niv, code, uit), kol, -1) for p in ps])

    # 4. uitsplitsingen die optellen
    per_scope: dict[tuple, list[str]] = defaultdict(list)  # (ind, per, niv, code) -> uitsplitsingen
    for ind, per, niv, code, uit in sleutels:
        per_scope[(ind, per, niv, code)].append(uit)
    for ind, totaal, leden, kols in SPLITSINGEN:
        for (i2, per, niv, code), uits in per_scope.items():
            if i2 != ind:
                continue
            deel = [u for u in uits if hoort_bij(u, leden)]
            if not deel:
                continue
            for kol in kols:
                if totaal == "#noemer":
                    # de gedeelde noemer van de indicator (uitsplitsing 'totaal' of de eerste)
                    basis = next((u for u in uits if u == "totaal"), None) or "huisarts"
                    tot = ((ind, per, niv, code, basis), "noemer")
                else:
                    tot = ((ind, per, niv, code, totaal), kol)
                R.voeg(f"uitsplitsing {ind}:{totaal}={'+'.join(leden)} .{kol}",
                       [(tot[0], tot[1], 1)] + [((ind, per, niv, code, u), kol, -1) for u in deel])

    # 5. gelijke getallen
    for ia, ua, ka, ib, ub, kb in GELIJK:
        for (i2, per, niv, code), uits in per_scope.items():
            if i2 != ia or ua not in uits:
                continue
            R.voeg(f"gelijk {ia}:{ua}.{ka} = {ib}:{ub}.{kb}",
                   [((ia, per, niv, code, ua), ka, 1), ((ib, per, niv, code, ub), kb, -1)])
    for ind, behalve in GELIJKE_NOEMER.items():
        for (i2, per, niv, code), uits in per_scope.items():
            if i2 != ind:
                continue
            us = sorted(u for u in uits if u not in behalve)
            for u in us[1:]:
                R.voeg(f"gelijke noemer {ind} over uitsplitsingen",
                       [((ind, per, niv, code, us[0]), "noemer", 1),
                        ((ind, per, niv, code, u), "noemer", -1)])
    # bevolking: dezelfde noemer in elke periode van een jaar
    per_jaar: dict[tuple, list[Sleutel]] = defaultdict(list)
    for k in sleutels:
        ind, per, niv, code, uit = k
        if (ind, uit) in BEVOLKING_PER_JAAR:
            per_jaar[(ind, per[:4], niv, code, uit)].append(k)
    for (ind, *_), ks in per_jaar.items():
        for k in ks[1:]:
            R.voeg(f"bevolking per jaar {ind}.noemer", [(ks[0], "noemer", 1), (k, "noemer", -1)])

    # kostengroei: noemer = kosten een jaar eerder, teller = kosten - kosten een jaar eerder
    for k in sleutels:
        ind, per, niv, code, uit = k
        if ind != "kosten_groei":
            continue
        eerder = str(int(per[:4]) - 1) + per[4:]
        R.voeg("kosten_groei.noemer = kosten een jaar eerder",
               [(k, "noemer", 1), (("kosten", eerder, niv, code, uit), "teller", -1)])
        R.voeg("kosten_groei.teller = kosten - kosten een jaar eerder",
               [(k, "teller", 1), (("kosten", per, niv, code, uit), "teller", -1),
                (("kosten", eerder, niv, code, uit), "teller", 1)])

    # 6. verblijf: stand(vorige) + instroom - uitstroom = stand, en gelijke peildatum
    for k in sleutels:
        ind, per, niv, code, uit = k
        if ind != "verblijf_stand":
            continue
        v = vorige(per)
        if v is None:
            continue
        R.voeg("verblijf stand(vorige)+instroom-uitstroom=stand",
               [(k, "teller", 1), ((ind, v, niv, code, uit), "teller", -1),
                (("verblijf_instroom", per, niv, code, uit), "teller", -1),
                (("verblijf_uitstroom", per, niv, code, uit), "teller", 1)])
    per_peildatum: dict[tuple, list[Sleutel]] = defaultdict(list)
    for k in sleutels:
        ind, per, niv, code, uit = k
        m = maanden(per)
        if ind == "verblijf_stand" and m is not None:
            per_peildatum[(niv, code, uit, m[1])].append(k)
    for ks in per_peildatum.values():
        for k in ks[1:]:
            R.voeg("verblijf stand gelijk op dezelfde peildatum",
                   [(ks[0], "teller", 1), (k, "teller", -1)])

    # 7. binnen een rij: waarde = f * teller / noemer
    factor = rij_factoren(rijen)
    for k, r in rijen.items():
        f = factor.get((k[0], k[4]))
        if f is None or r.waarde is None:
            continue
        if r.teller is not None and r.noemer is not None:
            continue  # niets te leren
        if cellen.id(k, "teller") is None or cellen.id(k, "noemer") is None:
            continue
        if r.waarde == 0:
            R.voeg("rij: waarde 0 => teller 0", [(k, "teller", 1)])
            continue
        doel = Fraction(r.waarde) / f
        pq = doel.limit_denominator(10**7)
        if abs(pq - doel) > Fraction(1, 10**13) * max(1, abs(doel)):
            continue
        R.voeg("rij: waarde = f*teller/noemer",
               [(k, "teller", pq.denominator), (k, "noemer", -pq.numerator)])
    return R


def rij_factoren(rijen: dict[Sleutel, Rij]) -> dict[tuple[str, str], int]:
    """Per (indicator, uitsplitsing) de factor f in waarde = f * teller / noemer, als die in elke
    volledig gepubliceerde rij geldt (1, 100 of 100.000); anders geen."""
    kandidaten = (1, 100, 100_000)
    gezien: dict[tuple[str, str], int | None] = {}
    for k, r in rijen.items():
        sl = (k[0], k[4])
        if gezien.get(sl, 0) is None:
            continue
        if r.teller is None or r.noemer is None or r.waarde is None or r.noemer == 0:
            continue
        if r.teller == 0:
            if r.waarde != 0:
                gezien[sl] = None
            continue
        f = r.waarde * r.noemer / r.teller
        best = next((c for c in kandidaten if abs(f - c) <= 1e-9 * c), None)
        if best is None or gezien.get(sl, best) != best:
            gezien[sl] = None
        else:
            gezien[sl] = best
    return {sl: f for sl, f in gezien.items() if f}


# ---------------------------------------------------------------------------------------------
# Controle van families op de ware waarden


def in_eenheden(cellen: Cellen, vgl: Vgl) -> list[tuple[int, int]]:
    """Coëfficiënten in de eenheid van elke cel (korrel), als gehele getallen zonder deler."""
    kv, sv = cellen.korrel_van, cellen.schaal_van
    s0 = sv[vgl[0][0]]
    if all(type(c) is int and sv[i] == s0 for i, c in vgl):
        return vgl  # zelfde eenheid, gehele coëfficiënten: niets om te rekenen
    termen = [(i, Fraction(c) * kv[i]) for i, c in vgl]
    noemers = 1
    for _, c in termen:
        noemers = noemers * c.denominator // math.gcd(noemers, c.denominator)
    ints = [(i, int(c * noemers)) for i, c in termen]
    g = 0
    for _, c in ints:
        g = math.gcd(g, c)
    return [(i, c // g) for i, c in ints] if g > 1 else ints


def controleer(relaties: Relaties, cellen: Cellen, waarheid: dict[Sleutel, Rij]):
    """Per familie: (aantal exact, aantal fout, aantal niet te controleren)."""
    waar_: list[int | None] = []
    for (k, kol) in cellen.cel:
        r = waarheid.get(k)
        v = None if r is None else getattr(r, kol)
        g = cellen.korrel[(k[0], kol)]
        waar_.append(None if v is None else round(Fraction(v) / g))
    uitslag = {}
    for fam, vgls in relaties.families.items():
        goed = fout = onbekend = 0
        for plat in vgls:
            termen = list(zip(plat[0::2], plat[1::2]))
            if any(waar_[i] is None for i, _ in termen):
                onbekend += 1
            elif sum(c * waar_[i] for i, c in termen) == 0:
                goed += 1
            else:
                fout += 1
        uitslag[fam] = (goed, fout, onbekend)
    return uitslag, waar_


# ---------------------------------------------------------------------------------------------
# De aanval

P = (1 << 61) - 1  # priem voor de eliminatie (waarden in eenheden zijn veel kleiner dan P/2)


@dataclass
class Terug:
    cel: int
    waarde: int  # in eenheden (korrel)
    stap: int
    hoe: str


def aanval(cellen: Cellen, vergelijkingen: list[tuple[str, list[tuple[int, int]]]],
           log=lambda *a: None) -> tuple[dict[int, Terug], dict]:
    """Lost op wat te bepalen is. Geeft per teruggerekende onbekende cel de waarde."""
    waarde = list(cellen.waarde)
    onbekend = {i for i, v in enumerate(waarde) if v is None}
    vgl_van: dict[int, list[int]] = defaultdict(list)
    open_: list[dict[int, int]] = []  # per vergelijking: onbekende -> coëf
    rest: list[int] = []  # som(coëf * onbekende) = rest
    fam: list[str] = []
    for naam, plat in vergelijkingen:
        o, r = {}, 0
        for i, c in zip(plat[0::2], plat[1::2]):
            if waarde[i] is None:
                o[i] = o.get(i, 0) + c
            else:
                r -= c * waarde[i]
        o = {i: c for i, c in o.items() if c}
        if not o:
            continue
        e = len(open_)
        open_.append(o)
        rest.append(r)
        fam.append(naam)
        for i in o:
            vgl_van[i].append(e)
    terug: dict[int, Terug] = {}
    stats = {"tegenspraak": 0, "componenten": 0, "grootste_component": 0, "rondes": 0}

    def zet(i: int, v: int, stap: int, hoe: str, rij: list[int]):
        waarde[i] = v
        onbekend.discard(i)
        terug[i] = Terug(i, v, stap, hoe)
        for e in vgl_van[i]:
            c = open_[e].pop(i, None)
            if c is not None:
                rest[e] -= c * v
                if len(open_[e]) == 1:
                    rij.append(e)

    def propageer(wacht: list[int], stap0: int) -> int:
        stap = stap0
        while wacht:
            stap += 1
            volgende: list[int] = []
            for e in wacht:
                if len(open_[e]) != 1:
                    if not open_[e] and rest[e] != 0:
                        stats["tegenspraak"] += 1
                    continue
                (i, c), = open_[e].items()
                if rest[e] % c:
                    stats["tegenspraak"] += 1
                    continue
                zet(i, rest[e] // c, stap, fam[e], volgende)
            wacht = volgende
        return stap

    stap = propageer([e for e, o in enumerate(open_) if len(o) == 1], 0)
    while True:
        stats["rondes"] += 1
        # componenten van onbekenden via vergelijkingen met >= 2 onbekenden
        ouder: dict[int, int] = {}

        def wortel(x):
            while ouder.get(x, x) != x:
                ouder[x] = ouder.get(ouder[x], ouder[x])
                x = ouder[x]
            return x

        actief = [e for e, o in enumerate(open_) if len(o) >= 2]
        # Pellen: een onbekende die maar in één vergelijking staat, kan die altijd waarmaken;
        # zo'n vergelijking legt de andere onbekenden niets op en valt weg (herhaald). Exact.
        graad: dict[int, int] = defaultdict(int)
        for e in actief:
            for i in open_[e]:
                graad[i] += 1
        weg = set()
        rij_ = [i for i, g in graad.items() if g == 1]
        while rij_:
            volgende_ = []
            for i in rij_:
                if graad[i] != 1:
                    continue
                for e in vgl_van[i]:
                    if e in weg or len(open_[e]) < 2 or i not in open_[e]:
                        continue
                    weg.add(e)
                    for j in open_[e]:
                        graad[j] -= 1
                        if graad[j] == 1:
                            volgende_.append(j)
                    break
            rij_ = volgende_
        actief = [e for e in actief if e not in weg]
        stats["gepeld"] = stats.get("gepeld", 0) + len(weg)
        for e in actief:
            it = iter(open_[e])
            a = wortel(next(it))
            for b in it:
                b = wortel(b)
                if a != b:
                    ouder[b] = a
        comp: dict[int, list[int]] = defaultdict(list)
        for e in actief:
            comp[wortel(next(iter(open_[e])))].append(e)
        nieuw: list[tuple[int, int, str]] = []
        for es in comp.values():
            stats["componenten"] += 1
            stats["grootste_component"] = max(stats["grootste_component"], len(es))
            bepaald = elimineer([(open_[e], rest[e]) for e in es])
            if bepaald:
                fams = sorted({fam[e] for e in es})
                hoe = (f"component van {len(es)} vergelijkingen uit " +
                       " + ".join(fams[:6]) + (f" en {len(fams) - 6} andere" if len(fams) > 6 else ""))
                nieuw.extend((i, v, hoe) for i, v in bepaald)
        if not nieuw:
            break
        wacht: list[int] = []
        stap += 1
        for i, v, hoe in nieuw:
            if i in onbekend:
                zet(i, v, stap, "eliminatie: " + hoe, wacht)
        stap = propageer(wacht, stap)
    return terug, stats


def elimineer(vgls: list[tuple[dict[int, int], int]]) -> list[tuple[int, int]]:
    """Gereduceerde rij-echelonvorm modulo P van één component; geeft de onbekenden die vastliggen
    (hun spilrij bevat alleen de spil) met hun waarde (symmetrische rest)."""
    spil: dict[int, tuple[dict[int, int], int]] = {}  # spilvar -> (rij genormeerd, rhs)
    graad: dict[int, int] = defaultdict(int)  # spil: de onbekende in de minste vergelijkingen
    for o, _ in vgls:
        for i in o:
            graad[i] += 1
    vgls = sorted(vgls, key=lambda v: len(v[0]))
    bevat: dict[int, set[int]] = defaultdict(set)  # var -> spilvars wier rij haar bevat
    for o, r in vgls:
        rij = {i: c % P for i, c in o.items()}
        rhs = r % P
        # elimineer bestaande spillen
        for v in [v for v in rij if v in spil]:
            c = rij.get(v)
            if not c:
                continue
            prij, prhs = spil[v]
            for j, d in prij.items():
                n = (rij.get(j, 0) - c * d) % P
                if n:
                    rij[j] = n
                else:
                    rij.pop(j, None)
            rhs = (rhs - c * prhs) % P
        if not rij:
            continue
        p = min(rij, key=lambda j: (graad.get(j, 0), j))
        inv = pow(rij[p], P - 2, P)
        rij = {j: c * inv % P for j, c in rij.items()}
        rhs = rhs * inv % P
        # p uit bestaande spilrijen halen
        for q in list(bevat.get(p, ())):
            qrij, qrhs = spil[q]
            c = qrij.get(p)
            if not c:
                continue
            for j, d in rij.items():
                n = (qrij.get(j, 0) - c * d) % P
                if n:
                    if j not in qrij:
                        bevat[j].add(q)
                    qrij[j] = n
                else:
                    if j in qrij:
                        del qrij[j]
                        bevat[j].discard(q)
            spil[q] = (qrij, (qrhs - c * rhs) % P)
        spil[p] = (rij, rhs)
        for j in rij:
            bevat[j].add(p)
    uit = []
    for p, (rij, rhs) in spil.items():
        if len(rij) == 1:
            uit.append((p, rhs if rhs <= P // 2 else rhs - P))
    return uit


# ---------------------------------------------------------------------------------------------
# Zwakke onderdrukking (mutatietest): alleen de primaire regel


def verzwak(waarheid: dict[Sleutel, Rij], drempel: int = DREMPEL) -> dict[Sleutel, Rij]:
    """Publiceert de ware waarden met alleen de primaire regel: teller of noemer < drempel
    verborgen (geen secundaire onderdrukking)."""
    uit = {}
    for k, r in waarheid.items():
        klein = any(v is not None and v < drempel for v in (r.teller, r.noemer))
        if klein:
            uit[k] = Rij(None, None, None, True)
        else:
            uit[k] = Rij(r.teller, r.noemer, r.waarde, False)
    return uit


# ---------------------------------------------------------------------------------------------
# Audit


# Families die twee cellen gelijk stellen (hetzelfde getal op twee plaatsen).
GELIJKHEIDSFAMILIES = ("gelijk ", "gelijke noemer ", "bevolking per jaar ",
                       "kosten_groei.noemer = kosten een jaar eerder")


def elders_gepubliceerd(cellen: Cellen, vergelijkingen) -> set[int]:
    """De onbekende cellen die via gelijkheden (twee cellen, gelijke coëfficiënt met
    tegengesteld teken) hetzelfde getal zijn als een gepubliceerde cel."""
    ouder: dict[int, int] = {}

    def vind(x: int) -> int:
        while ouder.get(x, x) != x:
            ouder[x] = ouder.get(ouder[x], ouder[x])
            x = ouder[x]
        return x

    for naam, plat in vergelijkingen:
        if not naam.startswith(GELIJKHEIDSFAMILIES) or len(plat) != 4:
            continue
        (a, ca), (b, cb) = (plat[0], plat[1]), (plat[2], plat[3])
        if ca == -cb and a != b:
            ra, rb = vind(a), vind(b)
            ouder.setdefault(ra, ra)
            ouder.setdefault(rb, rb)
            if ra != rb:
                ouder[max(ra, rb)] = min(ra, rb)
    # Elke cel in een gelijkheid staat in `ouder` (ook de wortel van haar klasse).
    klassen_met_waarde = {vind(i) for i in ouder if cellen.waarde[i] is not None}
    return {i for i in ouder if cellen.waarde[i] is None and vind(i) in klassen_met_waarde}


def audit(gepubliceerd: dict[Sleutel, Rij], waarheid: dict[Sleutel, Rij] | None = None,
          uit=print, alle_families=False) -> dict:
    t0 = time.perf_counter()
    korrel = korrels(gepubliceerd if waarheid is None else waarheid)
    cellen = Cellen(gepubliceerd, korrel)
    relaties = bouw_relaties(gepubliceerd, cellen)
    t1 = time.perf_counter()
    fam_uitslag = {}
    gebruikt = set(relaties.families)
    if waarheid is not None:
        fam_uitslag, waar_ = controleer(relaties, cellen, waarheid)
        gebruikt = {f for f, (g, fout, _) in fam_uitslag.items() if fout == 0 and g > 0}
    if alle_families:
        gebruikt = set(relaties.families)
    vergelijkingen = [(f, v) for f in sorted(gebruikt) for v in relaties.families[f]]
    t2 = time.perf_counter()
    terug, stats = aanval(cellen, vergelijkingen)
    t3 = time.perf_counter()

    verborgen = {i for i, (k, kol) in enumerate(cellen.cel)
                 if cellen.waarde[i] is None and gepubliceerd[k].onderdrukt}
    rapport_cellen = []
    klein_gelijk = onwaar = 0
    per_soort: dict[str, int] = defaultdict(int)
    for i, t in sorted(terug.items()):
        k, kol = cellen.cel[i]
        g = korrel[(k[0], kol)]
        v = Fraction(t.waarde) * g
        item = {"indicator": k[0], "periode": k[1], "niveau": k[2], "code": k[3],
                "uitsplitsing": k[4], "kolom": kol, "waarde": float(v), "stap": t.stap,
                "hoe": t.hoe, "verborgen_rij": i in verborgen}
        if waarheid is not None:
            w = waar_[i]
            item["waar"] = None if w is None else float(Fraction(w) * g)
            item["gelijk"] = w == t.waarde
            if w != t.waarde:
                onwaar += 1
            if w == t.waarde and g == 1 and 0 <= t.waarde < DREMPEL:
                klein_gelijk += 1
        per_soort[f"{k[0]}.{kol} / {k[2]} / {periode_soort(k[1])[0] if periode_soort(k[1]) else '?'}"] += 1
        rapport_cellen.append(item)
    # Een verborgen getal dat per definitie gelijk is aan een getal dat elders gepubliceerd
    # staat (de gedeelde noemer van verwijzers, de kosten van vorig jaar als noemer van de
    # groei, dezelfde bevolking in elke periode van een jaar) is niet geheim: het staat er al.
    # Zulke cellen tellen apart, niet als teruggerekend. Bevolkingsnoemers zijn open data
    # (CBS) en tellen ook apart.
    elders = elders_gepubliceerd(cellen, vergelijkingen)
    for c, (i, _t) in zip(rapport_cellen, sorted(terug.items())):
        c["elders_gepubliceerd"] = i in elders
    alle_verborgen_terug = [c for c in rapport_cellen if c["verborgen_rij"]]
    verborgen_terug = [c for c in alle_verborgen_terug if not c["elders_gepubliceerd"]
                       and not (c["kolom"] == "noemer"
                                and (c["indicator"], c["uitsplitsing"]) in BEVOLKING_PER_JAAR)]
    # Een verborgen rij mag ook geen interval, status of significantie tonen (die volgen uit de
    # teller en noemer); landelijke waarde en streefwaarde zijn openbaar.
    lek = sorted({(k[0], kol) for k, r in gepubliceerd.items() if r.onderdrukt
                  for kol in LEKKOLOMMEN if (r.overig.get(kol) or "").strip()})
    klein = [c for c in verborgen_terug if 0 <= c["waarde"] < DREMPEL]
    bevolking = [c for c in alle_verborgen_terug
                 if c["kolom"] == "noemer" and (c["indicator"], c["uitsplitsing"]) in BEVOLKING_PER_JAAR]
    elders_terug = [c for c in alle_verborgen_terug if c["elders_gepubliceerd"]]
    rapport = {
        "rijen": len(gepubliceerd),
        "verborgen_rijen": sum(1 for r in gepubliceerd.values() if r.onderdrukt),
        "onbekende_cellen": sum(1 for v in cellen.waarde if v is None),
        "verborgen_cellen": len(verborgen),
        "vergelijkingen": len(vergelijkingen),
        "families": {f: {"vergelijkingen": len(v), "gebruikt": f in gebruikt,
                         **({"waar": fam_uitslag[f][0], "fout": fam_uitslag[f][1],
                             "niet_te_controleren": fam_uitslag[f][2]} if f in fam_uitslag else {})}
                     for f, v in sorted(relaties.families.items())},
        "teruggerekend": len(verborgen_terug),
        "teruggerekend_onder_drempel": len(klein),
        "teruggerekend_bevolking": len(bevolking),
        "elders_gepubliceerd": len(elders_terug),
        "lekkende_kolommen": [f"{i}.{k}" for i, k in lek],
        "teruggerekend_onder_drempel_en_gelijk_aan_waarheid": klein_gelijk if waarheid else None,
        "teruggerekend_ongelijk_aan_waarheid": onwaar if waarheid else None,
        "per_soort": dict(sorted(per_soort.items(), key=lambda kv: -kv[1])),
        "aanval": stats,
        "seconden": {"relaties": round(t1 - t0, 2), "controle": round(t2 - t1, 2),
                     "aanval": round(t3 - t2, 2)},
        "cellen": rapport_cellen,
    }
    druk_af(rapport, uit)
    return rapport


def druk_af(r: dict, uit) -> None:
    uit(f"{r['rijen']} rijen, {r['verborgen_rijen']} verborgen; {r['verborgen_cellen']} verborgen "
        f"tellers/noemers; {r['vergelijkingen']} vergelijkingen")
    uit("Relaties (familie: vergelijkingen [waar/fout/niet te controleren] gebruikt):")
    for f, d in r["families"].items():
        ctl = (f" [{d['waar']}/{d['fout']}/{d['niet_te_controleren']}]" if "waar" in d else "")
        uit(f"  {'JA ' if d['gebruikt'] else 'nee'} {f}: {d['vergelijkingen']}{ctl}")
    a = r["aanval"]
    uit(f"Aanval: {a['componenten']} componenten (grootste {a['grootste_component']} "
        f"vergelijkingen), {a['rondes']} rondes, {a['tegenspraak']} tegenspraken; "
        f"tijd {r['seconden']}")
    for c in [c for c in r["cellen"] if c["verborgen_rij"] and not c.get("elders_gepubliceerd")][:40]:
        w = f" (waar: {c['waar']:g})" if c.get("waar") is not None else ""
        uit(f"  TERUG {c['indicator']} {c['periode']} {c['niveau']} {c['code']} "
            f"{c['uitsplitsing']} {c['kolom']} = {c['waarde']:g}{w}  stap {c['stap']}: {c['hoe'][:120]}")
    if r["teruggerekend"] > 40:
        uit(f"  ... en meer ({r['teruggerekend']} in totaal)")
    for s, n in list(r["per_soort"].items())[:25]:
        uit(f"  {n:6d}  {s}")
    if r["lekkende_kolommen"]:
        uit(f"LEK: verborgen rijen tonen {', '.join(r['lekkende_kolommen'][:10])}")
    uit(f"Ook gevonden, niet geheim: {r['elders_gepubliceerd']} verborgen cellen die hetzelfde "
        f"getal zijn als een gepubliceerde cel, {r['teruggerekend_bevolking']} bevolkingsnoemers")
    uit(f"Teruggerekend: {r['teruggerekend']} verborgen cellen, waarvan {r['teruggerekend_onder_drempel']} onder {DREMPEL}" + (f"; onder {DREMPEL} en gelijk aan de ware waarde: "
                              f"{r['teruggerekend_onder_drempel_en_gelijk_aan_waarheid']}; ongelijk aan "
                              f"de waarheid: {r['teruggerekend_ongelijk_aan_waarheid']}"
                              if r["teruggerekend_ongelijk_aan_waarheid"] is not None else ""))


def ontdek(waarheid: dict[Sleutel, Rij], uit=print) -> None:
    """Zoekt op de ware waarden naar relaties die NIET in de lijsten hierboven staan: optellen over
    gemeenten, aanbieders en perioden voor elke (indicator, kolom), en gelijke reeksen
    (indicator, uitsplitsing, kolom) op regioniveau. Alleen ter controle van de lijsten: wat hier
    gevonden wordt, gebruikt de audit pas als het uit de definities te verklaren is."""
    global OPTELBAAR_GEO, OPTELBAAR_AANBIEDER, OPTELBAAR_TIJD
    bewaard = OPTELBAAR_GEO, OPTELBAAR_AANBIEDER, OPTELBAAR_TIJD
    alles = {(k[0], kol) for k in waarheid for kol in KOLOMMEN}
    OPTELBAAR_GEO = OPTELBAAR_AANBIEDER = OPTELBAAR_TIJD = alles
    try:
        korrel = korrels(waarheid)
        cellen = Cellen(waarheid, korrel)
        rel = bouw_relaties(waarheid, cellen)
        uitslag, _ = controleer(rel, cellen, waarheid)
    finally:
        OPTELBAAR_GEO, OPTELBAAR_AANBIEDER, OPTELBAAR_TIJD = bewaard
    uit("Optellen op de waarheid (alle indicatoren geprobeerd; * = in de lijst van de audit):")
    for f, (g, fout, o) in sorted(uitslag.items()):
        if not f.startswith(("gemeenten->", "aanbieders->", "aanbieder_gemeente->", "perioden ")):
            continue
        ind_kol = f.rsplit(" ", 1)[1]
        ind, kol = ind_kol.rsplit(".", 1)
        lijst = (OPTELBAAR_TIJD if f.startswith("perioden") else
                 OPTELBAAR_GEO if f.startswith("gemeenten") else OPTELBAAR_AANBIEDER)
        ster = "*" if (ind, kol) in lijst else " "
        if fout == 0 or ster == "*":
            uit(f"  {ster} {'GELDT' if fout == 0 else 'faalt'} {f}: {g} waar, {fout} fout")
    # gelijke reeksen op regioniveau
    reeks: dict[tuple, dict[tuple, float]] = defaultdict(dict)
    for k, r in waarheid.items():
        if k[2] != "regio":
            continue
        for kol in KOLOMMEN:
            v = getattr(r, kol)
            if v is not None:
                reeks[(k[0], k[4], kol)][k[1]] = v
    namen = sorted(reeks)
    uit("Gelijke reeksen op regioniveau (minstens 3 gemeenschappelijke perioden):")
    for i, a in enumerate(namen):
        for b in namen[i + 1:]:
            if a[0] == b[0] and a[1] == b[1]:
                continue
            samen = reeks[a].keys() & reeks[b].keys()
            if len(samen) >= 3 and all(abs(reeks[a][p] - reeks[b][p]) < 1e-6 for p in samen):
                if any(reeks[a][p] != 0 for p in samen):
                    uit(f"  {a[0]}:{a[1]}.{a[2]} = {b[0]}:{b[1]}.{b[2]} ({len(samen)} perioden)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gepubliceerd", help="indicatoren.csv zoals een gebruiker die downloadt")
    ap.add_argument("--waarheid", help="indicatoren.csv van compute --zonder-onderdrukking")
    ap.add_argument("--json", help="schrijf het rapport als JSON")
    ap.add_argument("--verzwak", action="store_true",
                    help="mutatietest: publiceer de waarheid met alleen de primaire regel en val "
                         "die aan (eerste argument wordt genegeerd als --waarheid ontbreekt)")
    ap.add_argument("--niveaus", help="alleen deze niveaus (komma's), bijv. regio,gemeente: "
                    "een snellere mutatietest")
    ap.add_argument("--ontdek", action="store_true",
                    help="zoek op --waarheid naar relaties die niet in de lijsten staan")
    a = ap.parse_args(argv)
    waarheid = lees(a.waarheid) if a.waarheid else None
    if a.ontdek:
        ontdek(waarheid if waarheid is not None else lees(a.gepubliceerd))
        return 0
    if a.verzwak:
        if waarheid is None:
            waarheid = lees(a.gepubliceerd)
        gepubliceerd = verzwak(waarheid)
    else:
        gepubliceerd = lees(a.gepubliceerd)
    if a.niveaus:
        houd = set(a.niveaus.split(","))
        gepubliceerd = {k: r for k, r in gepubliceerd.items() if k[2] in houd}
        if waarheid is not None:
            waarheid = {k: r for k, r in waarheid.items() if k[2] in houd}
    if waarheid is not None:
        ontbreekt = set(gepubliceerd) ^ set(waarheid)
        if ontbreekt:
            print(f"let op: {len(ontbreekt)} rijen staan maar in één van beide bestanden",
                  file=sys.stderr)
    r = audit(gepubliceerd, waarheid)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False, indent=1)
    return 1 if r["teruggerekend"] or r["lekkende_kolommen"] else 0


if __name__ == "__main__":
    sys.exit(main())
