#!/usr/bin/env python3
"""Genereert een kleine synthetische set leveringen met HISTORIE (issue 17): de eerste levering
is van 2023-06, maar de toewijzingen erin beginnen vanaf 2019; een tweede levering (2024-12)
herhaalt en corrigeert. Een deel van de productcodes kent de regio (Twente) niet: die zijn
alleen via hun iJw-categorie bekend (44xxx, 45Zxx, 54Zxx), soms zonder aangeleverde hulpvorm.

Gebruik: python3 genereer_historie.py UITMAP [--seed 17] [--clienten 160]

Alleen standaardbibliotheek. Dezelfde seed geeft dezelfde bestanden. Bedoeld om
`jeugdstuur compute --input UITMAP --zonder-onderdrukking` te vergelijken met
`indicatoren.py UITMAP --alle-jaren --regio pipelines/regio/twente.toml` (tests/e2e/historie.rs).
"""

import argparse
import os
import random
from datetime import date, timedelta

GEMEENTEN = ["GM0164", "GM0141", "GM0147"]  # maandleveraars (Enschede levert per kwartaal)
# (categorie, productcode, hulpvorm die we meestal aanleveren, crisis-kans)
PRODUCTEN = [
    ("45", "45A01", "02", 0.02),
    ("45", "45A04", "04", 0.02),
    ("54", "54G01", "02", 0.0),
    ("43", "43V01", "14", 0.05),
    ("43", "43W02", "12", 0.0),
    ("46", "46C01", "02", 1.0),
    ("46", "46C03", "11", 1.0),
    # onbekend bij de regio, bekend via de categorie
    ("44", "44B01", "14", 0.0),
    ("44", "44P07", "11", 0.0),
    ("45", "45Z99", "02", 0.05),
    ("54", "54Z01", "02", 0.0),
]
EERSTE_LEVERING = "2023-06"
TWEEDE_LEVERING = "2024-12"
BEGIN = date(2019, 1, 1)
PEIL_1 = date(2023, 6, 30)
PEIL_2 = date(2024, 12, 31)


def ddmmjjjj(d):
    return d.strftime("%d-%m-%Y") if d else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("uit")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--clienten", type=int, default=160)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    for sub in ("trajecten", "declaraties", "maatregelen", "veilig_thuis"):
        os.makedirs(os.path.join(a.uit, sub), exist_ok=True)

    rijen = {(g, lev): [] for g in GEMEENTEN for lev in (EERSTE_LEVERING, TWEEDE_LEVERING)}
    declaraties = {(g, lev): [] for g in GEMEENTEN for lev in (EERSTE_LEVERING, TWEEDE_LEVERING)}
    maatregelen = {g: [] for g in GEMEENTEN}
    nr = 0
    for c in range(a.clienten):
        gem = GEMEENTEN[c % len(GEMEENTEN)]
        geb = date(2003 + rnd.randrange(18), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        client = f"K{c:04d}"
        start = BEGIN + timedelta(days=rnd.randrange(365 * 6))
        for _ in range(1 + rnd.randrange(3)):
            if start > PEIL_2:
                break
            cat, code, hv, crisis_kans = rnd.choice(PRODUCTEN)
            duur = rnd.choice([30, 60, 90, 180, 240, 365, 500, 800])
            einde = start + timedelta(days=duur)
            nr += 1
            toew = f"T{nr:05d}"
            crisis = "J" if rnd.random() < crisis_kans else "N"
            # Een derde van de rijen zonder hulpvorm of crisis: die komen uit de productindeling.
            hv_lever = "" if rnd.random() < 0.33 else hv
            cr_lever = "" if rnd.random() < 0.33 and cat != "46" else crisis
            if cat == "46" and cr_lever == "":
                cr_lever = ""  # leeg: categorie 46 maakt het crisis
            verwijzer = rnd.choice(["01", "02", "04", "06"])
            aanvraag = start - timedelta(days=rnd.randrange(80))
            reden = rnd.choice(["31", "31", "32", "36"])
            velden = lambda lev, e: ";".join([
                lev, gem, client, ddmmjjjj(geb), str(1 + rnd.randrange(2)), toew, "11111111",
                "Zorg BV", cat, code, hv_lever, cr_lever, verwijzer, ddmmjjjj(aanvraag),
                ddmmjjjj(start), ddmmjjjj(e), reden if e else ""])
            if start <= PEIL_1:
                # De eerste levering kent het einde alleen als het vóór de peildatum ligt.
                rijen[(gem, EERSTE_LEVERING)].append(velden(EERSTE_LEVERING, einde if einde <= PEIL_1 else None))
                if einde > PEIL_1:
                    rijen[(gem, TWEEDE_LEVERING)].append(velden(TWEEDE_LEVERING, einde if einde <= PEIL_2 else None))
            else:
                rijen[(gem, TWEEDE_LEVERING)].append(velden(TWEEDE_LEVERING, einde if einde <= PEIL_2 else None))
            # Declaraties: een bedrag per maand van zorg (hooguit 6), in de levering na die maand.
            m = date(start.year, start.month, 1)
            for _ in range(6):
                if m > min(einde, PEIL_2):
                    break
                lev = EERSTE_LEVERING if m <= PEIL_1 else TWEEDE_LEVERING
                bedrag = rnd.choice([250, 480, 1200, 3100]) * (1 if rnd.random() > 0.05 else -1)
                declaraties[(gem, lev)].append(
                    f"{lev};{gem};{toew};{m.year}-{m.month:02d};{bedrag},00")
                m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
            start = einde + timedelta(days=rnd.choice([1, 10, 40, 200, 400]))
        if rnd.random() < 0.15:
            ms = BEGIN + timedelta(days=rnd.randrange(365 * 5))
            me = ms + timedelta(days=rnd.randrange(900))
            maatregelen[gem].append(
                f"{EERSTE_LEVERING};{gem};{client};{ddmmjjjj(geb)};{rnd.choice(['OTS', 'VOOGDIJ', 'JR'])};"
                f"GI Oost;{ddmmjjjj(ms)};{ddmmjjjj(me) if me <= PEIL_1 else ''}")

    kop = ("aanlevering;gemeente;client_id;geboortedatum;geslacht;toewijzingnummer;aanbieder_agb;"
           "aanbieder_naam;productcategorie;productcode;hulpvorm;crisis;verwijzer;aanvraagdatum;"
           "startdatum;einddatum;reden_beeindiging")
    for (gem, lev), r in rijen.items():
        with open(os.path.join(a.uit, "trajecten", f"trajecten_{gem}_{lev}.csv"), "w") as f:
            f.write(kop + "\n" + "".join(x + "\n" for x in r))
    for (gem, lev), r in declaraties.items():
        with open(os.path.join(a.uit, "declaraties", f"declaraties_{gem}_{lev}.csv"), "w") as f:
            f.write("aanlevering;gemeente;toewijzingnummer;periode;bedrag\n" + "".join(x + "\n" for x in r))
    for gem, r in maatregelen.items():
        with open(os.path.join(a.uit, "maatregelen", f"maatregelen_{gem}_{EERSTE_LEVERING}.csv"), "w") as f:
            f.write("aanlevering;gemeente;client_id;geboortedatum;soort;gi;startdatum;einddatum\n"
                    + "".join(x + "\n" for x in r))
    with open(os.path.join(a.uit, "veilig_thuis", f"veilig_thuis_{TWEEDE_LEVERING}.csv"), "w") as f:
        f.write("melding_id;casus_id;huishouden_id;gemeente;meldingsdatum;casus_afgesloten;soort\n")
        m = 0
        for h in range(60):
            gem = GEMEENTEN[h % len(GEMEENTEN)]
            d = date(2019, 6, 1) + timedelta(days=rnd.randrange(365 * 5))
            for casus in range(1 + rnd.randrange(2)):
                if d > PEIL_2:
                    break
                dicht = d + timedelta(days=rnd.randrange(20, 200))
                for _ in range(1 + rnd.randrange(2)):
                    m += 1
                    f.write(f"m{m};c{h}_{casus};h{h};{gem};{ddmmjjjj(d)};"
                            f"{ddmmjjjj(dicht) if dicht <= PEIL_2 else ''};kindermishandeling\n")
                    d = d + timedelta(days=rnd.randrange(1, 15))
                d = dicht + timedelta(days=rnd.randrange(30, 400))
    with open(os.path.join(a.uit, "bevolking.csv"), "w") as f:
        f.write("gemeente;jaar;leeftijd;aantal\n")
        for gem in GEMEENTEN:
            for j in range(2019, 2025):
                f.write(f"{gem};{j};0-17;{4000 + 10 * (j - 2019)}\n{gem};{j};12-22;3000\n"
                        f"{gem};{j};totaal;20000\n")
    with open(os.path.join(a.uit, "landelijk.csv"), "w") as f:
        f.write("indicator;uitsplitsing;periode;waarde;bron;status\n"
                "jeugdhulp_gebruik;totaal;2023;13,9;CBS 85098NED;definitief\n")
    with open(os.path.join(a.uit, "streefwaarden.csv"), "w") as f:
        f.write("indicator;segment;niveau;basisjaar;basiswaarde;jaarlijkse_verandering;bron\n"
                "crisis_instroom;crisis;regio;2022;;-2,5;seed 001 l.3174-3198\n")


if __name__ == "__main__":
    main()
