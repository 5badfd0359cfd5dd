#!/usr/bin/env python3
"""Onafhankelijke referentie-implementatie van de Jeugdstuur-indicatoren.

Alleen Python 3.11 standaardbibliotheek. Geschreven vanuit /work/shared/domain/INDICATORS.md
en EXPORT-FORMAT.md, niet vanuit de Rust-code. Doel: controleren of de synthetische
generator de bekende Twentse cijfers reproduceert, en later de Rust-indicatorengine
kruiselings controleren.

Gebruik:
    python3 tests/onafhankelijk/indicatoren.py DIR [--jaar 2024] [--perioden 2024,2024-H1,...]
        [--csv UIT.csv] [--controleer-twente] [--alleen-regio] [--herhaald-maanden 12]

Keuzes die niet (eenduidig) in de definities staan, zijn gemarkeerd met "KEUZE:".
"""
from __future__ import annotations

import argparse
import bisect
import codecs
import csv
import os
import re
import sys
import tomllib
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# ---------------------------------------------------------------------------
# Constanten en regioconfiguratie
# ---------------------------------------------------------------------------

TWENTE = {
    "GM0141": "Almelo", "GM0147": "Borne", "GM1774": "Dinkelland", "GM0153": "Enschede",
    "GM0158": "Haaksbergen", "GM0163": "Hellendoorn", "GM0164": "Hengelo",
    "GM1735": "Hof van Twente", "GM0168": "Losser", "GM0173": "Oldenzaal",
    "GM1742": "Rijssen-Holten", "GM0183": "Tubbergen", "GM1700": "Twenterand",
    "GM0189": "Wierden",
}

VERBLIJF = frozenset({"11", "12", "13", "14"})
ZONDER_VERBLIJF = frozenset({"01", "02", "03", "04"})
HULPVORMEN = VERBLIJF | ZONDER_VERBLIJF

# Productcode (hoofdletters) -> CBS-hulpvorm, alleen gebruikt als de kolom `hulpvorm` leeg is
# en de productindeling van de regio (regio.toml) geen hulpvorm geeft. Extra, voor tests.
PRODUCTCODE_HULPVORM: dict[str, str] = {}
# Productcodes die crisis zijn (naast productcategorie 46 en de `crisis = true`-regels van de
# regio), alleen gebruikt als `crisis` leeg is.
CRISIS_PRODUCTCODES: set[str] = set()
# Segment van een rij waarvan de regio de productcode niet kent (EXPORT-FORMAT: "the region
# config maps it to segment and hulpvorm"; issue 17: zo'n rij telt mee met segment onbekend).
ONBEKEND = "onbekend"
CRISIS_CATEGORIEEN = {"46"}
NIET_JEUGDHULP_CATEGORIEEN = {"47", "48"}  # 47 jeugdreclassering, 48 jeugdbescherming

MAATREGEL_SOORTEN = {"OTS": "OTS", "VOOGDIJ": "VOOGDIJ", "JR": "JR",
                     "JEUGDRECLASSERING": "JR", "ONDERTOEZICHTSTELLING": "OTS"}

OPEN = 10 ** 8  # interne einddatum (ordinal) van een lopend traject: "oneindig"

# Afwijsredenen
R_CLIENT = "client_id leeg"
R_GEMEENTE = "gemeente onbekend"
R_TOEW = "toewijzingnummer leeg"
R_DATUM = "datum ongeldig"
R_EIND = "einddatum voor startdatum"
R_HULPVORM = "hulpvorm onbekend"
R_SOORT = "soort onbekend"
R_PERIODE = "periode ongeldig"
R_BEDRAG = "bedrag ongeldig"
R_ID = "id leeg"
R_BEVOLKING = "regel ongeldig"

# Eenheid per indicator (voor weergave); kosten verschilt per uitsplitsing.
EENHEID = {
    "jeugdhulp_gebruik": "%", "crisis_start_aandeel": "%", "trajectduur": "dagen",
    "verblijf_stand": "aantal", "verblijf_instroom": "aantal", "verblijf_doorstroom": "aantal",
    "verblijf_uitstroom": "aantal", "gezinsgericht_aandeel": "%", "gezinsvormen_aandeel": "%",
    "jeugdbescherming_aandeel": "%", "jeugdreclassering_aandeel": "%",
    "verwijzer_aandeel": "%", "volgens_plan_aandeel": "%", "herhaald_beroep_aandeel": "%",
    "kosten": "euro", "vt_meldingen_per_100k": "per 100k", "vt_hermelding_aandeel": "%",
}


# ---------------------------------------------------------------------------
# Inlezen: codering, scheidingsteken, datums, bedragen
# ---------------------------------------------------------------------------

def codering(pad: str) -> str:
    """UTF-8 (met of zonder BOM); een bestand dat geen geldige UTF-8 is, is Windows-1252.
    Controle in blokken, zodat grote bestanden niet in hun geheel in het geheugen komen."""
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(pad, "rb") as f:
            while True:
                blok = f.read(1 << 20)
                if not blok:
                    dec.decode(b"", final=True)
                    break
                dec.decode(blok)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def csv_lezer(pad: str):
    """Geeft (kolomindex {naam_kleine_letters: index}, iterator over rijen); leest streamend."""
    enc = codering(pad)
    f = open(pad, encoding=enc, errors="replace", newline="")
    eerste = f.readline()
    f.seek(0)
    # scheidingsteken uit de kopregel; bij gelijke stand wint ';'
    scheiding = max((";", ",", "\t"), key=lambda d: (eerste.count(d), d == ";"))
    lezer = csv.reader(f, delimiter=scheiding)
    try:
        kop = next(lezer)
    except StopIteration:
        f.close()
        return {}, iter(())
    kolommen = {}
    for i, naam in enumerate(kop):
        # kolomnaam: hoofdletterongevoelig; spaties -> '_', 'ë' -> 'e' (reden_beëindiging)
        n = naam.strip().lstrip("\ufeff").strip('"').strip().lower().replace(" ", "_").replace("ë", "e")
        kolommen.setdefault(n, i)

    def rijen():
        with f:
            yield from lezer
    return kolommen, rijen()


def veldgetter(kolommen: dict, naam: str):
    """Functie rij -> gestript veld ('' als kolom ontbreekt of rij te kort is)."""
    i = kolommen.get(naam)
    if i is None:
        return lambda rij: ""

    def get(rij, i=i):
        return rij[i].strip() if i < len(rij) else ""
    return get


_RE_DMJ = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_RE_JMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RE_JM = re.compile(r"^(\d{4})-(\d{1,2})$")
_datum_cache: dict = {}


def datum(s: str, maand_mag: bool = False):
    """'dd-mm-jjjj' of 'jjjj-mm-dd' (en met maand_mag ook 'jjjj-mm' = de 1e) -> ordinal.
    Leeg -> None. Onleesbaar of onmogelijk (31-02-2024) -> ValueError."""
    if not s:
        return None
    sleutel = (s, maand_mag)
    v = _datum_cache.get(sleutel)
    if v is None:
        v = -1
        try:
            m = _RE_DMJ.match(s)
            if m:
                v = date(int(m[3]), int(m[2]), int(m[1])).toordinal()
            else:
                m = _RE_JMD.match(s)
                if m:
                    v = date(int(m[1]), int(m[2]), int(m[3])).toordinal()
                elif maand_mag:
                    m = _RE_JM.match(s)
                    if m:
                        v = date(int(m[1]), int(m[2]), 1).toordinal()
        except ValueError:
            v = -1
        _datum_cache[sleutel] = v
    if v < 0:
        raise ValueError(s)
    return v


_RE_MAAND = re.compile(r"^(\d{4})-?(\d{1,2})$")
_RE_MAAND_DMJ = re.compile(r"^(\d{1,2})-(\d{4})$")


def maand_index(s: str):
    """'jjjj-mm' (ook 'jjjjmm', 'mm-jjjj' of een volledige datum) -> jaar*12 + maand-1; anders None."""
    m = _RE_MAAND.match(s)
    if m:
        j, mnd = int(m[1]), int(m[2])
    else:
        m = _RE_MAAND_DMJ.match(s)
        if m:
            j, mnd = int(m[2]), int(m[1])
        else:
            try:
                d = datum(s)
            except ValueError:
                return None
            if d is None:
                return None
            dd = date.fromordinal(d)
            j, mnd = dd.year, dd.month
    if not 1 <= mnd <= 12:
        return None
    return j * 12 + mnd - 1


_RE_DUIZEND = re.compile(r"^\d{1,3}(\.\d{3})+$")


def bedrag_centen(s: str) -> int:
    """Decimale komma, evt. duizendtallen-punten: '1.234,56' '-85,10' '1234,56' -> centen.
    KEUZE: zonder komma is '1.234' duizendtallen (1234), maar '85.10' een decimale punt."""
    t = s.replace("€", "").replace(" ", "").replace("\xa0", "")
    negatief = False
    if t.startswith("-"):
        negatief, t = True, t[1:]
    elif t.startswith("+"):
        t = t[1:]
    if "," in t:
        geheel, _, frac = t.rpartition(",")
        geheel = geheel.replace(".", "")
    elif _RE_DUIZEND.match(t):
        geheel, frac = t.replace(".", ""), ""
    elif "." in t:
        geheel, _, frac = t.partition(".")
    else:
        geheel, frac = t, ""
    if not geheel and frac:
        geheel = "0"
    if not geheel.isdigit() or (frac and not frac.isdigit()):
        raise ValueError(s)
    if len(frac) <= 2:
        c = int(geheel) * 100 + int(frac.ljust(2, "0") or "0")
    else:
        c = int((Decimal(geheel + "." + frac) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -c if negatief else c


_gemeente_cache: dict = {}


def gemeente_code(s: str):
    """'GM0153', 'gm0153', '0153' of '153' -> 'GM0153'; geen Twentse gemeente -> None."""
    v = _gemeente_cache.get(s, 0)
    if v == 0:
        t = s.strip().upper()
        if t.startswith("GM"):
            t = t[2:]
        v = None
        if t.isdigit() and len(t) <= 4:
            code = "GM" + t.zfill(4)
            if code in TWENTE:
                v = code
        _gemeente_cache[s] = v
    return v


def code2(s: str) -> str:
    """Numerieke code op twee posities: '2' -> '02'."""
    return s.zfill(2) if s.isdigit() and len(s) < 2 else s


_RE_AANL_BESTAND = re.compile(r"_(\d{4})-(\d{2})\.csv$", re.IGNORECASE)


def aanlevering_sleutel(waarde: str, bestandsnaam: str) -> int:
    """Aanlevering als vergelijkbaar getal (jaar*12+maand-1); leeg/onleesbaar -> uit bestandsnaam."""
    if waarde:
        m = re.match(r"^(\d{4})-?Q([1-4])$", waarde.upper())
        if m:
            return int(m[1]) * 12 + int(m[2]) * 3 - 1
        mi = maand_index(waarde)
        if mi is not None:
            return mi
    m = _RE_AANL_BESTAND.search(bestandsnaam)
    if m:
        return int(m[1]) * 12 + int(m[2]) - 1
    return -1


def lees_productindeling(pad: str) -> list[tuple]:
    """De productregels uit een regioconfiguratie (`[[producten]]` in regio.toml): lijst van
    (soort, sleutel, segment, hulpvorm, crisis) met soort 'code', 'prefix' of 'categorie';
    segment en hulpvorm None als de regel ze niet geeft (een categorieregel, het vangnet voor
    codes die de regio niet kent, geeft meestal geen segment). Geen bestand: geen regels (dan
    heeft geen traject een segment)."""
    if not os.path.isfile(pad):
        return []
    with open(pad, "rb") as f:
        cfg = tomllib.load(f)
    regels = []
    for p in cfg.get("producten", []):
        for soort, veld in (("code", "productcode"), ("prefix", "prefix"), ("categorie", "categorie")):
            if veld in p:
                sleutel = str(p[veld]).strip().upper()
                hv = code2(str(p["hulpvorm"])) if "hulpvorm" in p else None
                regels.append((soort, code2(sleutel) if soort == "categorie" else sleutel,
                               p.get("segment"), hv, bool(p.get("crisis", False))))
    return regels


def product_van(regels, categorie: str, productcode: str):
    """(segment, hulpvorm, crisis, bekend) van een product volgens de regioconfiguratie: eerst
    een exacte productcode, dan het langste passende prefix (dan `bekend`), dan de
    productcategorie. Kent de regio de code niet (alleen de categorie of niets), dan is het
    segment dat van de categorieregel of anders 'onbekend'; hulpvorm en crisis komen dan van de
    categorieregel. Zonder regels: (None, None, False, True)."""
    if not regels:
        return None, None, False, True
    code = productcode.strip().upper()
    for soort, sleutel, seg, hv, cr in regels:
        if soort == "code" and sleutel == code:
            return seg, hv, cr, True
    prefixen = [(len(r[1]), r) for r in regels if r[0] == "prefix" and code.startswith(r[1])]
    if prefixen:
        # KEUZE: bij twee even lange prefixen (komt niet voor) de eerste in het bestand.
        _, (_, _, seg, hv, cr) = max(prefixen, key=lambda x: x[0])
        return seg, hv, cr, True
    for soort, sleutel, seg, hv, cr in regels:
        if soort == "categorie" and sleutel == categorie:
            return seg or ONBEKEND, hv, cr, False
    return ONBEKEND, None, False, False


def segment_van(regels, categorie: str, productcode: str):
    """Inkoopsegment van een product (zie `product_van`); None zonder productindeling."""
    return product_van(regels, categorie, productcode)[0]


def csv_bestanden(map_: str):
    if not os.path.isdir(map_):
        return []
    return sorted(os.path.join(map_, n) for n in os.listdir(map_) if n.lower().endswith(".csv"))


# ---------------------------------------------------------------------------
# Perioden
# ---------------------------------------------------------------------------

def laatste_dag(j: int, m: int) -> int:
    if m == 12:
        return date(j, 12, 31).toordinal()
    return date(j, m + 1, 1).toordinal() - 1


class Periode:
    __slots__ = ("naam", "jaar", "m_van", "m_tot", "start", "eind")

    def __init__(self, naam: str, jaar: int, m_van: int, m_tot: int):
        self.naam, self.jaar, self.m_van, self.m_tot = naam, jaar, m_van, m_tot
        self.start = date(jaar, m_van, 1).toordinal()
        self.eind = laatste_dag(jaar, m_tot)

    def maanden(self):
        """Maandindices (jaar*12+maand-1) binnen de periode."""
        return range(self.jaar * 12 + self.m_van - 1, self.jaar * 12 + self.m_tot)

    def vorig_jaar(self) -> "Periode":
        naam = str(self.jaar - 1) + self.naam[4:]
        return Periode(naam, self.jaar - 1, self.m_van, self.m_tot)

    def __repr__(self):
        return f"Periode({self.naam})"


def periode(s: str) -> Periode:
    """'2024', '2024-H1', '2024-Q3' of '2024-07' -> Periode met [start, eind] (ordinals)."""
    t = s.strip().upper()
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        return Periode(t, int(t), 1, 12)
    m = re.fullmatch(r"(\d{4})-H([12])", t)
    if m:
        h = int(m[2])
        return Periode(t, int(m[1]), 6 * h - 5, 6 * h)
    m = re.fullmatch(r"(\d{4})-Q([1-4])", t)
    if m:
        q = int(m[2])
        return Periode(t, int(m[1]), 3 * q - 2, 3 * q)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", t)
    if m and 1 <= int(m[2]) <= 12:
        mnd = int(m[2])
        return Periode(f"{m[1]}-{mnd:02d}", int(m[1]), mnd, mnd)
    raise ValueError(f"onbekende periode: {s!r}")


def min_maanden(ordinal: int, n: int) -> int:
    """Datum n kalendermaanden eerder (dag afgekapt op maandeinde: 29-02 -> 28-02)."""
    d = date.fromordinal(ordinal)
    mi = d.year * 12 + d.month - 1 - n
    j, m = divmod(mi, 12)
    m += 1
    dag = min(d.day, date.fromordinal(laatste_dag(j, m)).day)
    return date(j, m, dag).toordinal()


def leeftijd(geb, peildatum: int):
    """Voltooide jaren op peildatum; verjaardag op de peildatum telt; na peildatum geboren -> 0.
    geb is (jaar, maand, dag) of None (onbekend)."""
    if geb is None:
        return None
    p = date.fromordinal(peildatum)
    a = p.year - geb[0] - ((p.month, p.day) < (geb[1], geb[2]))
    return a if a > 0 else 0


# ---------------------------------------------------------------------------
# Gegevens
# ---------------------------------------------------------------------------

class TrajectRij:
    __slots__ = ("gemeente", "client", "toew", "agb", "hulpvorm", "segment", "crisis",
                 "verwijzer", "start", "eind", "reden", "geb", "aanlevering", "volgnr",
                 "productcode_onbekend", "productcategorie", "productcode")


class MaatregelRij:
    __slots__ = ("gemeente", "client", "soort", "start", "eind", "geb", "aanlevering", "volgnr")


class Melding:
    __slots__ = ("melding_id", "casus", "huishouden", "gemeente", "datum", "afgesloten",
                 "her", "her12")


class Traject:
    """Samengevoegd traject (CBS-jeugdhulptraject)."""
    __slots__ = ("gemeente", "client", "agb", "hulpvorm", "segment", "verblijf", "start",
                 "eind", "crisis", "verwijzer", "reden", "n_rijen")


def nieuwe_stat():
    return {"bestanden": 0, "gelezen": 0, "afgewezen": Counter(), "gebruikt": 0,
            "vervangen": 0, "niet_jeugdhulp": 0, "geen_geboortedatum": 0}


class Gegevens:
    def __init__(self):
        self.trajectrijen: list[TrajectRij] = []
        self.productregels: list[tuple] = []  # uit regio.toml
        # (gemeente, categorie, productcode) -> gebruikte rijen met een onbekende productcode
        self.waarschuwingen: dict[tuple[str, str, str], int] = {}
        # vroegste startdatum (ordinal) van een rij met productcategorie 47/48
        self.eerste_start_maatregelproduct: int | None = None
        # nieuwste aanlevering (maandindex) in de trajecten
        self.laatste_aanlevering: int | None = None
        self.maatregelen: list[MaatregelRij] = []
        self.kosten: dict[tuple[str, int], int] = defaultdict(int)  # (gemeente, maandindex) -> centen
        # (gemeente, toewijzingnummer, maandindex) -> centen: voor kosten per jeugdige
        self.kosten_toew: dict[tuple[str, str, int], int] = defaultdict(int)
        # maandindices met minstens één declaratie (regiobreed): dekking voor kostengroei
        self.declaratiemaanden: set[int] = set()
        # (gemeente, toewijzingnummer) -> (client, productcategorie), ook 47/48: de toewijzing
        # achter een declaratie (laatste aanlevering wint)
        self.toewijzingen: dict[tuple[str, str], tuple] = {}
        self.meldingen: list[Melding] = []
        self.casus_afgesloten: dict[str, int | None] = {}
        self.bevolking: dict[tuple[str, int, str], int] = {}
        self.landelijk: list[dict] = []
        self.streefwaarden: list[dict] = []
        self.aanbieder_namen: dict[str, str] = {}
        self.geb_traject: dict[str, tuple | None] = {}
        self.geb_maatregel: dict[str, tuple | None] = {}
        self.stats = {t: nieuwe_stat() for t in
                      ("trajecten", "declaraties", "maatregelen", "veilig_thuis", "bevolking",
                       "landelijk", "streefwaarden")}


def _geb_tuple(ordinal):
    if ordinal is None:
        return None
    d = date.fromordinal(ordinal)
    return (d.year, d.month, d.day)


def _laatste_geboortedatum(rijen) -> dict:
    """KEUZE: per client de geboortedatum van de meest recent aangeleverde (geldige,
    overgebleven) rij met een geboortedatum; bij gelijke aanlevering de laatst gelezen."""
    beste: dict = {}
    for r in rijen:
        if r.geb is None:
            continue
        k = (r.aanlevering, r.volgnr)
        b = beste.get(r.client)
        if b is None or k > b[0]:
            beste[r.client] = (k, r.geb)
    return {c: _geb_tuple(v[1]) for c, v in beste.items()}


def lees_trajecten(g: Gegevens, map_: str):
    st = g.stats["trajecten"]
    laatste: dict = {}  # (gemeente, toew) -> TrajectRij
    volgnr = 0
    for pad in csv_bestanden(map_):
        st["bestanden"] += 1
        kol, lezer = csv_lezer(pad)
        f = {n: veldgetter(kol, n) for n in (
            "aanlevering", "gemeente", "client_id", "geboortedatum", "toewijzingnummer",
            "aanbieder_agb", "aanbieder_naam", "productcategorie", "productcode", "hulpvorm",
            "crisis", "verwijzer", "startdatum", "einddatum", "reden_beeindiging")}
        naam = os.path.basename(pad)
        for rij in lezer:
            if not rij or all(not v.strip() for v in rij):
                continue
            st["gelezen"] += 1
            volgnr += 1
            cat = code2(f["productcategorie"](rij))
            if cat in NIET_JEUGDHULP_CATEGORIEEN:
                # Een declaratie hoort bij haar toewijzing (gemeente + toewijzingnummer), ook
                # bij jeugdbescherming/-reclassering: die toewijzing onthouden.
                _gem, _toew, _cl = (gemeente_code(f["gemeente"](rij)),
                                    f["toewijzingnummer"](rij), f["client_id"](rij))
                if _gem and _toew and _cl:
                    _ak = aanlevering_sleutel(f["aanlevering"](rij), naam)
                    _oud = g.toewijzingen.get((_gem, _toew))
                    if _oud is None or _ak >= _oud[2]:
                        g.toewijzingen[(_gem, _toew)] = (_cl, cat, _ak)
                # KEUZE: 47/48 vallen af vóór validatie en ontdubbeling (geen afwijzing); hun
                # startdatum telt wel voor de eerste maand met zorg (het begin van de reeks).
                st["niet_jeugdhulp"] += 1
                try:
                    s47 = datum(f["startdatum"](rij))
                    if s47 is not None and gemeente_code(f["gemeente"](rij)):
                        g.eerste_start_maatregelproduct = min(
                            g.eerste_start_maatregelproduct or s47, s47)
                except ValueError:
                    pass
                continue
            client = f["client_id"](rij)
            if not client:
                st["afgewezen"][R_CLIENT] += 1
                continue
            gem = gemeente_code(f["gemeente"](rij))
            if gem is None:
                st["afgewezen"][R_GEMEENTE] += 1
                continue
            toew = f["toewijzingnummer"](rij)
            if not toew:
                st["afgewezen"][R_TOEW] += 1
                continue
            try:
                start = datum(f["startdatum"](rij))
                eind = datum(f["einddatum"](rij))
                geb = datum(f["geboortedatum"](rij), maand_mag=True)
                if start is None:
                    raise ValueError("startdatum leeg")
            except ValueError:
                st["afgewezen"][R_DATUM] += 1
                continue
            if eind is not None and eind < start:
                st["afgewezen"][R_EIND] += 1
                continue
            productcode = f["productcode"](rij).upper()
            seg, hv_product, cr_product, bekend = product_van(g.productregels, cat, productcode)
            hv = code2(f["hulpvorm"](rij))
            if not hv:
                hv = hv_product or PRODUCTCODE_HULPVORM.get(productcode, "")
            if hv not in HULPVORMEN:
                st["afgewezen"][R_HULPVORM] += 1
                continue
            cr = f["crisis"](rij).upper()
            if cr in ("J", "JA", "1", "TRUE"):
                crisis = True
            elif cr in ("N", "NEE", "0", "FALSE"):
                crisis = False
            else:  # leeg: afleiden uit product
                crisis = (cat in CRISIS_CATEGORIEEN or productcode in CRISIS_PRODUCTCODES
                          or cr_product)
            r = TrajectRij()
            r.gemeente, r.client, r.toew = gem, client, toew
            agb = f["aanbieder_agb"](rij)
            r.agb = agb.zfill(8) if agb.isdigit() else agb  # voorloopnullen (Excel) herstellen
            r.hulpvorm, r.crisis = hv, crisis
            r.segment = seg
            r.productcode_onbekend = not bekend
            r.productcategorie, r.productcode = cat, productcode
            r.verwijzer = code2(f["verwijzer"](rij)) or "onbekend"
            r.start, r.eind = start, (OPEN if eind is None else eind)
            r.reden = code2(f["reden_beeindiging"](rij))
            r.geb = geb
            r.aanlevering = aanlevering_sleutel(f["aanlevering"](rij), naam)
            if r.aanlevering >= 0:
                g.laatste_aanlevering = max(g.laatste_aanlevering or r.aanlevering, r.aanlevering)
            r.volgnr = volgnr
            nm = f["aanbieder_naam"](rij)
            if nm:
                g.aanbieder_namen[r.agb] = nm
            sleutel = (gem, toew)
            oud = laatste.get(sleutel)
            if oud is None:
                laatste[sleutel] = r
            else:
                st["vervangen"] += 1
                # latere aanlevering wint; bij gelijke aanlevering de laatst gelezen rij
                if r.aanlevering >= oud.aanlevering:
                    laatste[sleutel] = r
    g.trajectrijen = list(laatste.values())
    for (gem, toew), r in laatste.items():
        oud = g.toewijzingen.get((gem, toew))
        if oud is None or r.aanlevering >= oud[2]:
            g.toewijzingen[(gem, toew)] = (r.client, "jeugdhulp", r.aanlevering)
    st["gebruikt"] = len(g.trajectrijen)
    # Waarschuwingen (geen afwijzing): gebruikte rijen met een productcode die de regio niet
    # kent, per (gemeente, categorie, productcode).
    g.waarschuwingen = defaultdict(int)
    for r in g.trajectrijen:
        if r.productcode_onbekend:
            g.waarschuwingen[(r.gemeente, r.productcategorie, r.productcode)] += 1
    st["geen_geboortedatum"] = sum(1 for r in g.trajectrijen if r.geb is None)
    g.geb_traject = _laatste_geboortedatum(g.trajectrijen)


def lees_maatregelen(g: Gegevens, map_: str):
    st = g.stats["maatregelen"]
    laatste: dict = {}
    volgnr = 0
    for pad in csv_bestanden(map_):
        st["bestanden"] += 1
        kol, lezer = csv_lezer(pad)
        f = {n: veldgetter(kol, n) for n in (
            "aanlevering", "gemeente", "client_id", "geboortedatum", "soort",
            "startdatum", "einddatum")}
        naam = os.path.basename(pad)
        for rij in lezer:
            if not rij or all(not v.strip() for v in rij):
                continue
            st["gelezen"] += 1
            volgnr += 1
            client = f["client_id"](rij)
            if not client:
                st["afgewezen"][R_CLIENT] += 1
                continue
            gem = gemeente_code(f["gemeente"](rij))
            if gem is None:
                st["afgewezen"][R_GEMEENTE] += 1
                continue
            try:
                start = datum(f["startdatum"](rij))
                eind = datum(f["einddatum"](rij))
                geb = datum(f["geboortedatum"](rij), maand_mag=True)
                if start is None:
                    raise ValueError("startdatum leeg")
            except ValueError:
                st["afgewezen"][R_DATUM] += 1
                continue
            if eind is not None and eind < start:
                st["afgewezen"][R_EIND] += 1
                continue
            soort = MAATREGEL_SOORTEN.get(f["soort"](rij).upper().replace(" ", ""))
            if soort is None:
                st["afgewezen"][R_SOORT] += 1
                continue
            r = MaatregelRij()
            r.gemeente, r.client, r.soort = gem, client, soort
            r.start, r.eind, r.geb = start, (OPEN if eind is None else eind), geb
            r.aanlevering = aanlevering_sleutel(f["aanlevering"](rij), naam)
            r.volgnr = volgnr
            sleutel = (gem, client, soort, start)
            oud = laatste.get(sleutel)
            if oud is None:
                laatste[sleutel] = r
            else:
                st["vervangen"] += 1
                if r.aanlevering >= oud.aanlevering:
                    laatste[sleutel] = r
    g.maatregelen = list(laatste.values())
    st["gebruikt"] = len(g.maatregelen)
    st["geen_geboortedatum"] = sum(1 for r in g.maatregelen if r.geb is None)
    g.geb_maatregel = _laatste_geboortedatum(g.maatregelen)


def lees_declaraties(g: Gegevens, map_: str):
    """Transacties: alles optellen (credits negatief), niet ontdubbelen; streamend per bestand."""
    st = g.stats["declaraties"]
    kosten = g.kosten
    afgewezen = st["afgewezen"]
    gelezen = 0
    maand_cache: dict = {}
    for pad in csv_bestanden(map_):
        st["bestanden"] += 1
        kol, lezer = csv_lezer(pad)
        ig, ip, ib = kol.get("gemeente"), kol.get("periode"), kol.get("bedrag")
        it = kol.get("toewijzingnummer")
        if ig is None or ip is None or ib is None:
            print(f"WAARSCHUWING: {pad}: kolom gemeente/periode/bedrag ontbreekt", file=sys.stderr)
            continue
        nodig = max(ig, ip, ib)
        for rij in lezer:
            if len(rij) <= nodig:
                if not rij or all(not v.strip() for v in rij):
                    continue
                gelezen += 1
                afgewezen[R_BEDRAG] += 1
                continue
            gelezen += 1
            gem = gemeente_code(rij[ig])
            if gem is None:
                afgewezen[R_GEMEENTE] += 1
                continue
            p = rij[ip].strip()
            mi = maand_cache.get(p, -1)
            if mi == -1:
                mi = maand_index(p)
                maand_cache[p] = mi
            if mi is None:
                afgewezen[R_PERIODE] += 1
                continue
            try:
                c = bedrag_centen(rij[ib])
            except ValueError:
                afgewezen[R_BEDRAG] += 1
                continue
            kosten[(gem, mi)] += c
            g.declaratiemaanden.add(mi)
            if it is not None and it < len(rij):
                g.kosten_toew[(gem, rij[it].strip(), mi)] += c
    st["gelezen"] = gelezen
    st["gebruikt"] = gelezen - sum(afgewezen.values())


def lees_veilig_thuis(g: Gegevens, map_: str):
    """Een later bestand (op naam gesorteerd) vervangt rijen met dezelfde melding_id."""
    st = g.stats["veilig_thuis"]
    per_id: dict[str, Melding] = {}
    for pad in csv_bestanden(map_):
        st["bestanden"] += 1
        kol, lezer = csv_lezer(pad)
        f = {n: veldgetter(kol, n) for n in (
            "melding_id", "casus_id", "huishouden_id", "gemeente", "meldingsdatum",
            "casus_afgesloten")}
        for rij in lezer:
            if not rij or all(not v.strip() for v in rij):
                continue
            st["gelezen"] += 1
            mid, cas, hh = f["melding_id"](rij), f["casus_id"](rij), f["huishouden_id"](rij)
            if not mid or not cas or not hh:
                st["afgewezen"][R_ID] += 1
                continue
            gem = gemeente_code(f["gemeente"](rij))
            if gem is None:
                st["afgewezen"][R_GEMEENTE] += 1
                continue
            try:
                d = datum(f["meldingsdatum"](rij))
                af = datum(f["casus_afgesloten"](rij))
                if d is None:
                    raise ValueError("meldingsdatum leeg")
            except ValueError:
                st["afgewezen"][R_DATUM] += 1
                continue
            m = Melding()
            m.melding_id, m.casus, m.huishouden, m.gemeente = mid, cas, hh, gem
            m.datum, m.afgesloten = d, af
            if mid in per_id:
                st["vervangen"] += 1
            per_id[mid] = m
    g.meldingen = list(per_id.values())
    st["gebruikt"] = len(g.meldingen)
    # KEUZE: sluitdatum van een casus = de laatste niet-lege casus_afgesloten over zijn
    # (overgebleven) meldingen; oudere meldingen van dezelfde casus kunnen nog leeg zijn.
    afgesloten: dict[str, int | None] = {}
    casus_per_hh: dict[str, set] = defaultdict(set)
    for m in g.meldingen:
        casus_per_hh[m.huishouden].add(m.casus)
        oud = afgesloten.get(m.casus)
        if m.afgesloten is not None and (oud is None or m.afgesloten > oud):
            afgesloten[m.casus] = m.afgesloten
        else:
            afgesloten.setdefault(m.casus, oud)
    g.casus_afgesloten = afgesloten
    # Hermelding hangt alleen af van de melding zelf: eenmalig bepalen.
    # KEUZE: de voorgeschiedenis van het huishouden is regiobreed (ook casussen die onder
    # een andere gemeente vielen), omdat Veilig Thuis Twente één organisatie is.
    # INDICATORS.md: een melding die niet de eerste van haar eigen casus is (toegevoegd aan
    # een nog open casus) is een vervolgmelding en nooit een hermelding (beide varianten).
    # KEUZE: eerste = vroegste meldingsdatum, bij gelijke datum de laagste melding_id.
    eerste: dict[tuple[str, str], tuple] = {}
    for m in g.meldingen:
        k = (m.huishouden, m.casus)
        if k not in eerste or (m.datum, m.melding_id) < eerste[k]:
            eerste[k] = (m.datum, m.melding_id)
    for m in g.meldingen:
        grens12 = min_maanden(m.datum, 12)
        m.her = m.her12 = False
        if eerste[(m.huishouden, m.casus)] != (m.datum, m.melding_id):
            continue
        for c in casus_per_hh[m.huishouden]:
            if c == m.casus:
                continue
            a = afgesloten.get(c)
            if a is not None and a < m.datum:
                m.her = True
                if a >= grens12:
                    m.her12 = True


def lees_bevolking(g: Gegevens, pad: str):
    st = g.stats["bevolking"]
    if not os.path.isfile(pad):
        print(f"WAARSCHUWING: {pad} ontbreekt", file=sys.stderr)
        return
    st["bestanden"] = 1
    kol, lezer = csv_lezer(pad)
    fg, fj, fl, fa = (veldgetter(kol, n) for n in ("gemeente", "jaar", "leeftijd", "aantal"))
    for rij in lezer:
        if not rij or all(not v.strip() for v in rij):
            continue
        st["gelezen"] += 1
        gem = gemeente_code(fg(rij))
        klasse = fl(rij).lower().replace(" ", "").replace("\u2013", "-").replace("t/m", "-")
        try:
            jaar = int(fj(rij))
            aantal = int(fa(rij).replace(".", "").replace(" ", "").replace("\xa0", ""))
        except ValueError:
            st["afgewezen"][R_BEVOLKING] += 1
            continue
        if gem is None:
            st["afgewezen"][R_GEMEENTE] += 1
            continue
        if klasse not in ("0-17", "12-22", "totaal"):
            st["afgewezen"][R_BEVOLKING] += 1
            continue
        g.bevolking[(gem, jaar, klasse)] = aantal
        st["gebruikt"] += 1


def lees_referentie(g: Gegevens, pad: str, tabel: str) -> list[dict]:
    st = g.stats[tabel]
    uit: list[dict] = []
    if not os.path.isfile(pad):
        return uit
    st["bestanden"] = 1
    kol, lezer = csv_lezer(pad)
    namen = sorted(kol, key=kol.get)
    for rij in lezer:
        if not rij or all(not v.strip() for v in rij):
            continue
        st["gelezen"] += 1
        uit.append({n: (rij[kol[n]].strip() if kol[n] < len(rij) else "") for n in namen})
    st["gebruikt"] = len(uit)
    return uit


def lees_alles(map_: str, regio: str | None = None) -> Gegevens:
    """Leest alles uit `map_`; de productindeling (voor het segment) uit `regio`, standaard
    `map_/regio.toml` als die bestaat."""
    g = Gegevens()
    g.productregels = lees_productindeling(regio or os.path.join(map_, "regio.toml"))
    lees_trajecten(g, os.path.join(map_, "trajecten"))
    lees_maatregelen(g, os.path.join(map_, "maatregelen"))
    lees_declaraties(g, os.path.join(map_, "declaraties"))
    lees_veilig_thuis(g, os.path.join(map_, "veilig_thuis"))
    lees_bevolking(g, os.path.join(map_, "bevolking.csv"))
    g.landelijk = lees_referentie(g, os.path.join(map_, "landelijk.csv"), "landelijk")
    g.streefwaarden = lees_referentie(g, os.path.join(map_, "streefwaarden.csv"), "streefwaarden")
    return g


def eerste_zorgmaand(g: Gegevens):
    """Maandindex (jaar*12+maand-1) van de eerste maand met zorg in de gegevens: de vroegste
    startdatum van een toewijzing (ook 47/48) of maatregel, de vroegste declaratiemaand en de
    vroegste melding Veilig Thuis. None zonder gegevens. (Issue 17: de cijfers beginnen bij de
    historie in de gegevens, niet bij de eerste levering.)"""
    def mi(o):
        d = date.fromordinal(o)
        return d.year * 12 + d.month - 1
    kandidaten = [mi(r.start) for r in g.trajectrijen]
    kandidaten += [mi(r.start) for r in g.maatregelen]
    kandidaten += [m for (_, m) in g.kosten]
    kandidaten += [mi(m.datum) for m in g.meldingen]
    if g.eerste_start_maatregelproduct is not None:
        kandidaten.append(mi(g.eerste_start_maatregelproduct))
    return min(kandidaten) if kandidaten else None


def alle_jaren(g: Gegevens) -> list[str]:
    """Elk jaar van het jaar van de eerste maand met zorg t/m het laatste jaar dat eindigt
    vóór het einde van de nieuwste aanleveringsmaand (een jaar telt als het compleet is aan
    het eind; aan het begin telt het jaar waarin de gegevens beginnen mee)."""
    eerste = eerste_zorgmaand(g)
    if eerste is None or g.laatste_aanlevering is None:
        return []
    laatste_jaar = (g.laatste_aanlevering + 1) // 12 - 1  # december geleverd -> dat jaar
    return [str(j) for j in range(eerste // 12, laatste_jaar + 1)]


# ---------------------------------------------------------------------------
# Samenvoegen tot trajecten en verblijfsepisodes
# ---------------------------------------------------------------------------

def _maak_traject(groep: list) -> Traject:
    eerste = groep[0]  # vroegste start (bij gelijke start: laagste toewijzingnummer)
    t = Traject()
    t.gemeente, t.client, t.agb, t.hulpvorm = eerste.gemeente, eerste.client, eerste.agb, eerste.hulpvorm
    t.verblijf = eerste.hulpvorm in VERBLIJF
    # KEUZE: het segment van de eerste rij (net als crisis en verwijzer).
    t.segment = eerste.segment
    t.start = eerste.start
    t.eind = max(r.eind for r in groep)  # OPEN als een rij lopend is
    t.crisis, t.verwijzer = eerste.crisis, eerste.verwijzer
    # KEUZE: reden_beeindiging van de rij met de laatste einddatum (bij gelijke einddatum:
    # de laatst gestarte, dan het hoogste toewijzingnummer); geen reden als het traject loopt.
    if t.eind == OPEN:
        t.reden = None
    else:
        t.reden = max(groep, key=lambda r: (r.eind, r.start, r.toew)).reden
    t.n_rijen = len(groep)
    return t


def voeg_samen(rijen) -> list[Traject]:
    """Per (gemeente, client, aanbieder, hulpvorm): rijen op start; samenvoegen zolang de
    volgende start <= de tot dan toe laatste einddatum + 1 dag (lopend = oneindig)."""
    groepen: dict = defaultdict(list)
    for r in rijen:
        groepen[(r.gemeente, r.client, r.agb, r.hulpvorm)].append(r)
    uit: list[Traject] = []
    for lst in groepen.values():
        lst.sort(key=lambda r: (r.start, r.toew))
        groep = [lst[0]]
        eind = lst[0].eind
        for r in lst[1:]:
            if r.start <= eind + 1:
                groep.append(r)
                if r.eind > eind:
                    eind = r.eind
            else:
                uit.append(_maak_traject(groep))
                groep, eind = [r], r.eind
        uit.append(_maak_traject(groep))
    uit.sort(key=lambda t: (t.gemeente, t.client, t.start, t.agb, t.hulpvorm))
    return uit


class Episode:
    __slots__ = ("client", "start", "eind", "vervolgstarts", "naar_ambulant")

    def __init__(self, client, start, eind):
        self.client, self.start, self.eind = client, start, eind
        self.vervolgstarts: list[int] = []
        self.naar_ambulant = False


def bouw_episodes(per_client: dict, segment: str | None = None) -> list[Episode]:
    """Verblijfsepisodes binnen een scope: verblijftrajecten van een client op start; zelfde
    episode zolang volgende start <= laatste einde van de episode + 7 dagen. Met `segment`:
    alleen de verblijftrajecten van dat segment (de trajecten zonder verblijf voor
    naar_ambulant blijven alle trajecten van de client; per segment wordt dat niet gebruikt)."""
    eps: list[Episode] = []
    for client, lst in per_client.items():
        vb = sorted((t for t in lst if t.verblijf and (segment is None or t.segment == segment)),
                    key=lambda t: (t.start, t.eind))
        if not vb:
            continue
        zv = [t for t in lst if t.hulpvorm in ZONDER_VERBLIJF]
        eigen: list[Episode] = []
        ep = None
        for t in vb:
            if ep is not None and t.start <= ep.eind + 7:
                ep.vervolgstarts.append(t.start)
                if t.eind > ep.eind:
                    ep.eind = t.eind
            else:
                ep = Episode(client, t.start, t.eind)
                eigen.append(ep)
        for ep in eigen:
            if ep.eind != OPEN:
                # naar_ambulant: een zonder-verblijf traject actief op een dag in [einde, einde+30]
                ep.naar_ambulant = any(z.start <= ep.eind + 30 and z.eind >= ep.eind for z in zv)
        eps.extend(eigen)
    return eps


class Scope:
    def __init__(self, niveau: str, code: str, gemeenten: list[str], trajecten: list[Traject],
                 maatregelen: list[MaatregelRij], meldingen: list[Melding]):
        self.niveau, self.code, self.gemeenten = niveau, code, gemeenten
        self.trajecten, self.maatregelen, self.meldingen = trajecten, maatregelen, meldingen
        per_client: dict = defaultdict(list)
        for t in trajecten:
            per_client[t.client].append(t)
        # gesorteerde einddatums per client (voor herhaald beroep)
        self.eindes = {c: sorted(t.eind for t in lst if t.eind != OPEN)
                       for c, lst in per_client.items()}
        self.episodes = bouw_episodes(per_client)
        # Per inkoopsegment: episodes uit alleen de verblijftrajecten van dat segment (een
        # overstap van segment verblijf naar wonen is uitstroom in het ene en instroom in het
        # andere). Trajecten zonder segment tellen alleen in totaal.
        segmenten = sorted(set(t.segment for t in trajecten if t.verblijf and t.segment))
        self.episodes_segment = {seg: bouw_episodes(per_client, seg) for seg in segmenten}


# ---------------------------------------------------------------------------
# Indicatoren
# ---------------------------------------------------------------------------

def _pct(t, n):
    return 100.0 * t / n if n else None


def _mediaan(xs: list[int]):
    n = len(xs)
    if not n:
        return None
    h = n // 2
    return float(xs[h]) if n % 2 else (xs[h - 1] + xs[h]) / 2.0


def _p90(xs: list[int]):
    """KEUZE: nearest-rank: de waarde op rang ceil(0,9 n) in de oplopend gesorteerde lijst."""
    n = len(xs)
    if not n:
        return None
    rang = -(-9 * n // 10)  # ceil(0.9 n) exact in gehele getallen
    return float(xs[rang - 1])


class Rekenaar:
    def __init__(self, g: Gegevens, herhaald_maanden: int = 12):
        self.g = g
        self.herhaald_maanden = herhaald_maanden
        self._gewaarschuwd: set = set()
        self.trajecten = voeg_samen(g.trajectrijen)
        gemeenten = set(t.gemeente for t in self.trajecten)
        gemeenten |= set(m.gemeente for m in g.maatregelen)
        gemeenten |= set(m.gemeente for m in g.meldingen)
        gemeenten |= set(k[0] for k in g.kosten)
        self.gemeenten = sorted(gemeenten)
        self.regio = Scope("regio", "regio", list(TWENTE), self.trajecten, g.maatregelen,
                           g.meldingen)
        per_gem_t, per_gem_m, per_gem_v = defaultdict(list), defaultdict(list), defaultdict(list)
        for t in self.trajecten:
            per_gem_t[t.gemeente].append(t)
        for m in g.maatregelen:
            per_gem_m[m.gemeente].append(m)
        for m in g.meldingen:
            per_gem_v[m.gemeente].append(m)
        self.scopes_gemeente = {
            gm: Scope("gemeente", gm, [gm], per_gem_t[gm], per_gem_m[gm], per_gem_v[gm])
            for gm in self.gemeenten}

    # --- hulpfuncties ---
    def bevolking(self, scope: Scope, jaar: int, klasse: str):
        """Inwoners op 1 januari; regio = som van de gemeenten. Ontbreekt een gemeente met
        gegevens, dan volgt een waarschuwing (niet stil een onvolledige noemer gebruiken)."""
        b = self.g.bevolking
        waarden = [b[(gm, jaar, klasse)] for gm in scope.gemeenten if (gm, jaar, klasse) in b]
        ontbreekt = [gm for gm in scope.gemeenten
                     if gm in self.gemeenten and (gm, jaar, klasse) not in b]
        if ontbreekt and (jaar, klasse, scope.code) not in self._gewaarschuwd:
            self._gewaarschuwd.add((jaar, klasse, scope.code))
            print(f"WAARSCHUWING: bevolking {klasse} {jaar} ontbreekt voor {', '.join(ontbreekt)}"
                  f" (scope {scope.code})", file=sys.stderr)
        return sum(waarden) if waarden else None

    def kosten_centen(self, scope: Scope, p: Periode) -> int:
        k = self.g.kosten
        return sum(k.get((gm, mi), 0) for gm in scope.gemeenten for mi in p.maanden())

    def gedekt(self, p: Periode) -> bool:
        """Elke maand van de periode heeft minstens één declaratie (regiobreed)."""
        return all(mi in self.g.declaratiemaanden for mi in p.maanden())

    def kosten_rijen(self, scope: Scope, p: Periode) -> list[tuple]:
        """kosten (totaal), groei_pct (alleen als beide perioden gedekt zijn: een jaar met
        alleen enkele late declaraties is geen basis) en per_client: declaraties jeugdhulp
        (toewijzing bekend, niet categorie 47/48) gedeeld door de jeugdigen achter juist die
        declaraties (INDICATORS.md 'kosten'; issue 17: dezelfde populatie boven en onder de
        streep). Rijen: (uitsplitsing, teller, noemer, waarde)."""
        uit = []
        k = self.kosten_centen(scope, p)
        eur = Decimal(k) / 100
        uit.append(("totaal", eur, None, eur))
        vorig = p.vorig_jaar()
        if self.gedekt(p) and self.gedekt(vorig):
            kv = self.kosten_centen(scope, vorig)
            uit.append(("groei_pct", Decimal(k - kv) / 100, Decimal(kv) / 100,
                        (100.0 * (k - kv) / kv) if kv else None))
        gems, maanden = set(scope.gemeenten), set(p.maanden())
        jh_centen, clienten = 0, set()
        for (gm, toew, mi), c in self.g.kosten_toew.items():
            if gm not in gems or mi not in maanden:
                continue
            t = self.g.toewijzingen.get((gm, toew))
            if t is None or t[1] in NIET_JEUGDHULP_CATEGORIEEN:
                continue
            jh_centen += c
            clienten.add(t[0])
        if clienten:
            uit.append(("per_client", Decimal(jh_centen) / 100, len(clienten),
                        jh_centen / 100.0 / len(clienten)))
        return uit

    def scopes(self, alleen_regio=False):
        yield self.regio
        if not alleen_regio:
            yield from self.scopes_gemeente.values()

    # --- berekening per scope en periode ---
    def bereken(self, scope: Scope, p: Periode) -> list[tuple]:
        uit: list[tuple] = []
        pn, niv, code = p.naam, scope.niveau, scope.code

        def rij(ind, uits, teller, noemer, waarde):
            uit.append((ind, pn, niv, code, uits, teller, noemer, waarde))

        def pct(ind, uits, t, n):
            rij(ind, uits, t, n, _pct(t, n) if n is not None else None)

        ps, pe = p.start, p.eind
        geb_t = self.g.geb_traject
        geb_m = self.g.geb_maatregel

        actief_clients: set = set()
        vb_clients: set = set()
        hv12_clients: set = set()
        hv1112_clients: set = set()
        n_actief = 0
        verw = Counter()
        n_vb_actief = 0
        n_vb_gg = 0
        gestart = [0, 0]          # [aantal, crisis]
        gestart_vb = [0, 0]
        gestart_zv = [0, 0]
        herhaald = 0
        duren: list[int] = []
        duren_hv: dict = defaultdict(list)
        volgens_plan = 0
        eindes = scope.eindes
        for t in scope.trajecten:
            s, e = t.start, t.eind
            if s <= pe and e >= ps:
                actief_clients.add(t.client)
                n_actief += 1
                verw[t.verwijzer] += 1
                if t.verblijf:
                    vb_clients.add(t.client)
                    n_vb_actief += 1
                    if t.verwijzer in ("01", "04"):
                        n_vb_gg += 1
                    if t.hulpvorm == "12":
                        hv12_clients.add(t.client)
                        hv1112_clients.add(t.client)
                    elif t.hulpvorm == "11":
                        hv1112_clients.add(t.client)
            if ps <= s <= pe:
                gestart[0] += 1
                gestart[1] += t.crisis
                if t.verblijf:
                    gestart_vb[0] += 1
                    gestart_vb[1] += t.crisis
                else:
                    gestart_zv[0] += 1
                    gestart_zv[1] += t.crisis
                lst = eindes.get(t.client)
                if lst:
                    lo = min_maanden(s, self.herhaald_maanden)
                    i = bisect.bisect_left(lst, lo)
                    if i < len(lst) and lst[i] <= s - 1:
                        herhaald += 1
            if ps <= e <= pe:
                d = e - s
                duren.append(d)
                duren_hv[t.hulpvorm].append(d)
                if t.reden == "31":
                    volgens_plan += 1

        # jeugdhulp_gebruik
        n017 = 0
        for c in actief_clients:
            a = leeftijd(geb_t.get(c), ps)
            if a is not None and a <= 17:
                n017 += 1
        bev017 = self.bevolking(scope, p.jaar, "0-17")
        pct("jeugdhulp_gebruik", "totaal", n017, bev017)

        # crisis_start_aandeel
        pct("crisis_start_aandeel", "totaal", gestart[1], gestart[0])
        pct("crisis_start_aandeel", "met_verblijf", gestart_vb[1], gestart_vb[0])
        pct("crisis_start_aandeel", "zonder_verblijf", gestart_zv[1], gestart_zv[0])

        # trajectduur
        duren.sort()
        n = len(duren)
        som = sum(duren)
        rij("trajectduur", "totaal", som, n, som / n if n else None)
        rij("trajectduur", "mediaan", None, n, _mediaan(duren))
        rij("trajectduur", "p90", None, n, _p90(duren))
        for hv in sorted(duren_hv):
            xs = duren_hv[hv]
            rij("trajectduur", f"hulpvorm_{hv}", sum(xs), len(xs), sum(xs) / len(xs))

        # verblijf-flow
        D = pe
        stand = set(ep.client for ep in scope.episodes if ep.start <= D < ep.eind)
        rij("verblijf_stand", "totaal", len(stand), None, len(stand))
        instroom = sum(1 for ep in scope.episodes if ps <= ep.start <= pe)
        rij("verblijf_instroom", "totaal", instroom, None, instroom)
        doorstroom = sum(1 for ep in scope.episodes for v in ep.vervolgstarts if ps <= v <= pe)
        rij("verblijf_doorstroom", "totaal", doorstroom, None, doorstroom)
        uit_eps = [ep for ep in scope.episodes if ps <= ep.eind <= pe]
        n_amb = sum(1 for ep in uit_eps if ep.naar_ambulant)
        rij("verblijf_uitstroom", "totaal", len(uit_eps), None, len(uit_eps))
        rij("verblijf_uitstroom", "naar_ambulant", n_amb, None, n_amb)
        rij("verblijf_uitstroom", "zonder_vervolg", len(uit_eps) - n_amb, None, len(uit_eps) - n_amb)
        # per segment: stand, instroom, doorstroom en uitstroom (zonder naar_ambulant-splitsing)
        for seg, eps in scope.episodes_segment.items():
            u = f"segment_{seg}"
            aantal = len(set(ep.client for ep in eps if ep.start <= D < ep.eind))
            rij("verblijf_stand", u, aantal, None, aantal)
            aantal = sum(1 for ep in eps if ps <= ep.start <= pe)
            rij("verblijf_instroom", u, aantal, None, aantal)
            aantal = sum(1 for ep in eps for v in ep.vervolgstarts if ps <= v <= pe)
            rij("verblijf_doorstroom", u, aantal, None, aantal)
            aantal = sum(1 for ep in eps if ps <= ep.eind <= pe)
            rij("verblijf_uitstroom", u, aantal, None, aantal)

        # gezinsgericht / gezinsvormen
        pct("gezinsgericht_aandeel", "totaal", len(hv12_clients), len(vb_clients))
        pct("gezinsvormen_aandeel", "totaal", len(hv1112_clients), len(vb_clients))

        # maatregelen
        jb, ots, voogdij, jr, mt_clients = set(), set(), set(), set(), set()
        for m in scope.maatregelen:
            if m.start <= pe and m.eind >= ps:
                mt_clients.add(m.client)
                if m.soort == "JR":
                    jr.add(m.client)
                else:
                    a = leeftijd(geb_m.get(m.client), ps)
                    if a is not None and a <= 17:
                        jb.add(m.client)
                        (ots if m.soort == "OTS" else voogdij).add(m.client)
        pct("jeugdbescherming_aandeel", "totaal", len(jb), bev017)
        pct("jeugdbescherming_aandeel", "ots", len(ots), bev017)
        pct("jeugdbescherming_aandeel", "voogdij", len(voogdij), bev017)
        jeugdzorg = len(actief_clients | mt_clients)
        pct("jeugdreclassering_aandeel", "totaal", len(jr), jeugdzorg)
        pct("jeugdreclassering_aandeel", "basis_bevolking_12_22", len(jr),
            self.bevolking(scope, p.jaar, "12-22"))

        # verwijzers
        pct("verwijzer_aandeel", "gemeente_gi", verw["01"] + verw["04"], n_actief)
        pct("verwijzer_aandeel", "huisarts", verw["02"], n_actief)
        for v in sorted(verw):
            pct("verwijzer_aandeel", f"verwijzer_{v}", verw[v], n_actief)
        pct("verwijzer_aandeel", "verblijf_gemeente_gi", n_vb_gg, n_vb_actief)

        # volgens plan, herhaald beroep
        pct("volgens_plan_aandeel", "totaal", volgens_plan, n)
        pct("herhaald_beroep_aandeel", "totaal", herhaald, gestart[0])

        # kosten (bedragen exact als Decimal in euro's)
        for uits, t, n, w in self.kosten_rijen(scope, p):
            rij("kosten", uits, t, n, w)

        # Veilig Thuis
        ms = [m for m in scope.meldingen if ps <= m.datum <= pe]
        bevt = self.bevolking(scope, p.jaar, "totaal")
        rij("vt_meldingen_per_100k", "totaal", len(ms), bevt,
            (len(ms) * 100000.0 / bevt) if bevt else None)
        pct("vt_hermelding_aandeel", "totaal", sum(1 for m in ms if m.her), len(ms))
        pct("vt_hermelding_aandeel", "12m", sum(1 for m in ms if m.her12), len(ms))
        return uit

    def bereken_alles(self, perioden: list[Periode], alleen_regio=False) -> list[tuple]:
        uit: list[tuple] = []
        for p in perioden:
            for sc in self.scopes(alleen_regio):
                uit.extend(self.bereken(sc, p))
        return uit

    def clienten_per_soort(self, p: Periode):
        """Informatief: distincte clienten (regio, alle leeftijden) met een actief traject met
        resp. zonder verblijf in de periode."""
        vb, zv = set(), set()
        for t in self.trajecten:
            if t.start <= p.eind and t.eind >= p.start:
                (vb if t.verblijf else zv).add(t.client)
        return len(vb), len(zv)


# ---------------------------------------------------------------------------
# Uitvoer
# ---------------------------------------------------------------------------

def fmt_machine(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return str(int(x))
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Decimal):
        return str(x.quantize(Decimal("0.01")))
    s = f"{x:.12f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def schrijf_csv(pad: str, rijen: list[tuple]):
    with open(pad, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["indicator", "periode", "niveau", "code", "uitsplitsing", "teller", "noemer", "waarde"])
        for r in rijen:
            w.writerow(list(r[:5]) + [fmt_machine(v) for v in r[5:]])


def eenheid(ind: str, uits: str) -> str:
    if ind == "kosten":
        return "%" if uits == "groei_pct" else "euro"
    return EENHEID.get(ind, "")


def fmt_leesbaar(x, e: str) -> str:
    if x is None:
        return "-"
    if isinstance(x, Decimal) or e == "euro":
        return f"{float(x):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if isinstance(x, int):
        return str(x)
    return f"{x:.1f}".replace(".", ",")


def druk_tabel(rijen: list[tuple], landelijk: list[dict], uit=None):
    uit = uit or sys.stdout
    lk = {}
    for r in landelijk:
        sleutel = (r.get("indicator", ""), r.get("uitsplitsing", "") or "totaal", r.get("periode", ""))
        lk[sleutel] = r.get("waarde", "")
    huidig = None
    kop = f"{'indicator':<26} {'uitsplitsing':<22} {'teller':>14} {'noemer':>14} {'waarde':>14}  {'eenh.':<8} landelijk"
    for r in rijen:
        ind, pn, niv, code, uits, t, n, w = r
        blok = (pn, code)
        if blok != huidig:
            huidig = blok
            naam = "Twente (regio)" if niv == "regio" else f"{code} {TWENTE.get(code, '')}"
            print(f"\n== {naam} — periode {pn} ==", file=uit)
            print(kop, file=uit)
        e = eenheid(ind, uits)
        print(f"{ind:<26} {uits:<22} {fmt_leesbaar(t, ''):>14} {fmt_leesbaar(n, ''):>14} "
              f"{fmt_leesbaar(w, e):>14}  {e:<8} {lk.get((ind, uits, pn), '')}", file=uit)


def druk_inlees_stats(g: Gegevens, uit=None):
    uit = uit or sys.stdout
    for (gem, cat, code), n in sorted(g.waarschuwingen.items()):
        print(f"WAARSCHUWING: {n} rijen in {gem} met productcode {code} (categorie {cat}) die de "
              f"regio niet kent: ingelezen met segment onbekend", file=uit)
    print("Inlezen (rijen gelezen / gebruikt / afgewezen per reden):", file=uit)
    for tabel, st in g.stats.items():
        afw = ", ".join(f"{k}: {v}" for k, v in sorted(st["afgewezen"].items())) or "geen"
        extra = []
        if st["vervangen"]:
            extra.append(f"{st['vervangen']} rijen met een al bekende sleutel (latere aanlevering wint)")
        if st["niet_jeugdhulp"]:
            extra.append(f"{st['niet_jeugdhulp']} rijen productcategorie 47/48 weggelaten")
        if st["geen_geboortedatum"]:
            extra.append(f"{st['geen_geboortedatum']} rijen zonder geboortedatum")
        print(f"  {tabel:<14} bestanden {st['bestanden']:>5}  gelezen {st['gelezen']:>9}  "
              f"gebruikt {st['gebruikt']:>9}  afgewezen {sum(st['afgewezen'].values()):>7} ({afw})"
              + ("; " + "; ".join(extra) if extra else ""), file=uit)


# ---------------------------------------------------------------------------
# Controle tegen de Twentse (seed-)cijfers
# ---------------------------------------------------------------------------

# (omschrijving, indicator, periode, uitsplitsing, veld, verwacht); veld 'waarde' of 'teller'
TWENTE_CIJFERS = [
    ("jeugdhulpgebruik 2024 (%)", "jeugdhulp_gebruik", "2024", "totaal", "waarde", 14.0),
    ("crisisstart totaal (%)", "crisis_start_aandeel", "2024", "totaal", "waarde", 6.0),
    ("crisisstart met verblijf (%)", "crisis_start_aandeel", "2024", "met_verblijf", "waarde", 26.7),
    ("crisisstart zonder verblijf (%)", "crisis_start_aandeel", "2024", "zonder_verblijf", "waarde", 4.2),
    ("gem. trajectduur (dagen)", "trajectduur", "2024", "totaal", "waarde", 410.0),
    ("gezinsgericht verblijf (%)", "gezinsgericht_aandeel", "2024", "totaal", "waarde", 20.7),
    ("jeugdbescherming (%)", "jeugdbescherming_aandeel", "2024", "totaal", "waarde", 1.4),
    ("verwijzer gemeente+GI (%)", "verwijzer_aandeel", "2024", "gemeente_gi", "waarde", 54.0),
    ("verwijzer huisarts (%)", "verwijzer_aandeel", "2024", "huisarts", "waarde", 31.6),
    ("verblijf via gemeente+GI (%)", "verwijzer_aandeel", "2024", "verblijf_gemeente_gi", "waarde", 94.1),
    ("VT-meldingen 2024 (aantal)", "vt_meldingen_per_100k", "2024", "totaal", "teller", 4000.0),
    ("kostengroei 2024 t.o.v. 2023 (%)", "kosten", "2024", "groei_pct", "waarde", 9.5),
    ("jeugdhulpgebruik 2020 (%)", "jeugdhulp_gebruik", "2020", "totaal", "waarde", 12.0),
]


def controleer_twente(rek: Rekenaar, marge: float = 0.10, uit=None) -> bool:
    uit = uit or sys.stdout
    perioden = sorted(set(c[2] for c in TWENTE_CIJFERS))
    rijen = []
    for pn in perioden:
        rijen.extend(rek.bereken(rek.regio, periode(pn)))
    idx = {(r[0], r[1], r[4]): r for r in rijen}
    alles_ok = True
    print(f"\nControle Twente (regio, marge ±{marge:.0%} relatief):", file=uit)
    print(f"  {'indicator':<34} {'verwacht':>10} {'gevonden':>12}  status", file=uit)
    for oms, ind, pn, uits, veld, verwacht in TWENTE_CIJFERS:
        r = idx.get((ind, pn, uits))
        gevonden = None
        if r is not None:
            gevonden = r[5] if veld == "teller" else r[7]
        ok = gevonden is not None and abs(float(gevonden) - verwacht) <= marge * abs(verwacht)
        alles_ok &= ok
        gs = "-" if gevonden is None else f"{float(gevonden):.2f}"
        print(f"  {oms:<34} {verwacht:>10.2f} {gs:>12}  {'OK' if ok else 'NIET OK'}", file=uit)
    # informatief
    p24 = periode("2024")
    k24 = rek.kosten_centen(rek.regio, p24)
    k23 = rek.kosten_centen(rek.regio, p24.vorig_jaar())
    vb, zv = rek.clienten_per_soort(p24)
    print("\nInformatief (niet gecontroleerd):", file=uit)
    print(f"  totale kosten 2024: {fmt_leesbaar(Decimal(k24) / 100, 'euro')} euro "
          f"(2023: {fmt_leesbaar(Decimal(k23) / 100, 'euro')})", file=uit)
    print(f"  distincte clienten 2024 met verblijf (11-14): {vb}   (seed: ~2.030)", file=uit)
    print(f"  distincte clienten 2024 zonder verblijf (01-04): {zv}   (seed: ~15.000)", file=uit)
    druk_inlees_stats(rek.g, uit)
    print(f"\nResultaat: {'alles binnen de marge' if alles_ok else 'NIET alles binnen de marge'}", file=uit)
    return alles_ok


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Onafhankelijke berekening van Jeugdstuur-indicatoren uit CSV-exports.")
    ap.add_argument("map", help="map met trajecten/, declaraties/, maatregelen/, veilig_thuis/, bevolking.csv, ...")
    ap.add_argument("--jaar", type=int, help="jaar (standaard 2024 als ook --perioden ontbreekt)")
    ap.add_argument("--perioden", help="kommagescheiden: 2024,2024-H1,2024-Q3,2024-07")
    ap.add_argument("--alle-jaren", action="store_true",
                    help="elk jaar van de eerste maand met zorg t/m het laatste complete jaar")
    ap.add_argument("--csv", help="schrijf lang formaat naar dit bestand")
    ap.add_argument("--controleer-twente", action="store_true",
                    help="vergelijk regiowaarden met de seed-cijfers; exit 1 bij afwijking > 10%%")
    ap.add_argument("--alleen-regio", action="store_true", help="alleen de regio (niet per gemeente)")
    ap.add_argument("--regio", help="regioconfiguratie (productindeling voor het segment); "
                    "standaard MAP/regio.toml als die bestaat")
    ap.add_argument("--herhaald-maanden", type=int, default=12,
                    help="venster herhaald beroep in maanden (standaard 12; CBS gebruikt 60)")
    a = ap.parse_args(argv)

    if not os.path.isdir(a.map):
        print(f"map bestaat niet: {a.map}", file=sys.stderr)
        return 2
    g = lees_alles(a.map, a.regio)
    rek = Rekenaar(g, a.herhaald_maanden)

    if a.controleer_twente:
        return 0 if controleer_twente(rek) else 1

    druk_inlees_stats(g)
    namen: list[str] = []
    if a.jaar:
        namen.append(str(a.jaar))
    if a.perioden:
        namen.extend(x for x in a.perioden.split(",") if x.strip())
    if a.alle_jaren:
        namen.extend(alle_jaren(g))
    if not namen:
        namen = ["2024"]
    try:
        perioden = []
        for n in namen:
            p = periode(n)
            if p.naam not in [q.naam for q in perioden]:
                perioden.append(p)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    rijen = rek.bereken_alles(perioden, a.alleen_regio)
    druk_tabel(rijen, g.landelijk)
    if a.csv:
        schrijf_csv(a.csv, rijen)
        print(f"\n{len(rijen)} rijen geschreven naar {a.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
