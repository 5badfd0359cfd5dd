"""Tests van de inbrekersaudit met kleine handgemaakte tabellen; de rekensom staat erbij.

Draaien: python3 -m unittest discover -s tests/inbreker -t tests/inbreker
"""

import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

import inbreker

KOP = "indicator;periode;niveau;code;uitsplitsing;teller;noemer;waarde;onderdrukt\n"


GEMAAKT: list[str] = []


def csv_van(regels: str) -> str:
    """Schrijft een CSV zoals compute hem schrijft (BOM, ';', decimale komma)."""
    f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8-sig")
    GEMAAKT.append(f.name)
    f.write(KOP)
    for r in regels.strip().splitlines():
        f.write(r.strip() + "\n")
    f.close()
    return f.name


def verborgen(ind, per, niv="gemeente", code="GM0153", uit="totaal"):
    return f"{ind};{per};{niv};{code};{uit};;;;true"


def getoond(ind, per, teller, niv="gemeente", code="GM0153", uit="totaal", noemer=None,
            waarde=None):
    if waarde is None:
        waarde = teller if noemer is None else 100 * teller / noemer
    n = "" if noemer is None else str(noemer)
    return f"{ind};{per};{niv};{code};{uit};{teller};{n};{str(waarde).replace('.', ',')};false"


def draai(pad, waarheid=None):
    stil = io.StringIO()
    with redirect_stdout(stil):
        r = inbreker.audit(inbreker.lees(pad),
                           None if waarheid is None else inbreker.lees(waarheid),
                           uit=lambda *a: None)
    return r


def terug(r):
    return {(c["indicator"], c["periode"], c["niveau"], c["code"], c["uitsplitsing"], c["kolom"]):
            c["waarde"] for c in r["cellen"] if c["verborgen_rij"]}


class Perioden(unittest.TestCase):
    def test_kwartaal_met_een_verborgen_maand(self):
        # Q1 = 30 = jan 12 + feb ? + mrt 13  =>  feb = 30 - 12 - 13 = 5
        pad = csv_van("\n".join([
            getoond("crisis_instroom", "2024-Q1", 30),
            getoond("crisis_instroom", "2024-01", 12),
            verborgen("crisis_instroom", "2024-02"),
            getoond("crisis_instroom", "2024-03", 13),
        ]))
        r = draai(pad)
        self.assertEqual(terug(r), {("crisis_instroom", "2024-02", "gemeente", "GM0153", "totaal",
                                     "teller"): 5})
        self.assertEqual(r["teruggerekend_onder_drempel"], 1)
        with redirect_stdout(io.StringIO()):
            self.assertEqual(inbreker.main([pad]), 1)

    def test_kwartaal_met_twee_verborgen_maanden(self):
        # Q1 = 30 = jan ? + feb ? + mrt 21: alleen de som jan + feb = 9 is bekend
        pad = csv_van("\n".join([
            getoond("crisis_instroom", "2024-Q1", 30),
            verborgen("crisis_instroom", "2024-01"),
            verborgen("crisis_instroom", "2024-02"),
            getoond("crisis_instroom", "2024-03", 21),
        ]))
        r = draai(pad)
        self.assertEqual(terug(r), {})
        with redirect_stdout(io.StringIO()):
            self.assertEqual(inbreker.main([pad]), 0)

    def test_meerstaps_jaar_halfjaar_kwartaal_maand(self):
        # 2024 = 100, H2 = 60 => H1 = 40 (stap 1); H1 = Q1 + Q2 = ? + 25 => Q1 = 15 (stap 2);
        # Q1 = jan 6 + feb ? + mrt 4 => feb = 5 (stap 3)
        pad = csv_van("\n".join([
            getoond("kosten", "2024", 100),
            verborgen("kosten", "2024-H1"),
            getoond("kosten", "2024-H2", 60),
            verborgen("kosten", "2024-Q1"),
            getoond("kosten", "2024-Q2", 25),
            getoond("kosten", "2024-01", 6),
            verborgen("kosten", "2024-02"),
            getoond("kosten", "2024-03", 4),
        ]))
        r = draai(pad)
        t = terug(r)
        self.assertEqual(t[("kosten", "2024-H1", "gemeente", "GM0153", "totaal", "teller")], 40)
        self.assertEqual(t[("kosten", "2024-Q1", "gemeente", "GM0153", "totaal", "teller")], 15)
        self.assertEqual(t[("kosten", "2024-02", "gemeente", "GM0153", "totaal", "teller")], 5)
        stappen = {c["periode"]: c["stap"] for c in r["cellen"]}
        self.assertLess(stappen["2024-H1"], stappen["2024-Q1"])
        self.assertLess(stappen["2024-Q1"], stappen["2024-02"])


class Verblijf(unittest.TestCase):
    def test_stand_instroom_uitstroom(self):
        # stand eind jan 20, instroom feb 5, stand eind feb 22  =>  uitstroom feb = 20 + 5 - 22 = 3
        pad = csv_van("\n".join([
            getoond("verblijf_stand", "2024-01", 20),
            getoond("verblijf_stand", "2024-02", 22),
            getoond("verblijf_instroom", "2024-02", 5),
            verborgen("verblijf_uitstroom", "2024-02"),
        ]))
        self.assertEqual(terug(draai(pad)),
                         {("verblijf_uitstroom", "2024-02", "gemeente", "GM0153", "totaal",
                           "teller"): 3})

    def test_stand_over_periodesoorten(self):
        # stand eind Q4 2023 = stand eind dec 2023 = 30 (zelfde peildatum); stand eind jan 31,
        # uitstroom jan 4 => instroom jan = 31 - 30 + 4 = 5
        pad = csv_van("\n".join([
            getoond("verblijf_stand", "2023-Q4", 30),
            verborgen("verblijf_stand", "2023-12"),
            getoond("verblijf_stand", "2024-01", 31),
            verborgen("verblijf_instroom", "2024-01"),
            getoond("verblijf_uitstroom", "2024-01", 4),
        ]))
        t = terug(draai(pad))
        self.assertEqual(t[("verblijf_stand", "2023-12", "gemeente", "GM0153", "totaal", "teller")],
                         30)
        self.assertEqual(t[("verblijf_instroom", "2024-01", "gemeente", "GM0153", "totaal",
                            "teller")], 5)


class Eliminatie(unittest.TestCase):
    def test_brug_alleen_met_eliminatie(self):
        # Gemeenten G1..G4 (rijen, totaal = H1) x maanden jan..jun (kolommen, totaal = regio).
        # Verborgen: de 4-cykel (G1,G2)x(jan,feb), de 4-cykel (G3,G4)x(apr,mei) en de brug G1-apr.
        # Elke rij en kolom heeft >= 2 verborgen cellen: één-onbekende-stappen vinden niets.
        # De brug ligt op geen cykel en is bepaald:
        #   G1apr = (G1 H1 - G1 mrt,mei,jun) + (G2 H1 - G2 mrt..jun) - (regio jan - G3,G4 jan)
        #           - (regio feb - G3,G4 feb)
        waarden = {  # gemeente -> 6 maanden
            "GM0001": [3, 4, 2, 6, 11, 12],
            "GM0002": [5, 2, 10, 11, 12, 13],
            "GM0003": [20, 21, 22, 7, 8, 14],
            "GM0004": [23, 24, 25, 9, 1, 15],
        }
        verb = {("GM0001", 0), ("GM0001", 1), ("GM0002", 0), ("GM0002", 1),
                ("GM0003", 3), ("GM0003", 4), ("GM0004", 3), ("GM0004", 4), ("GM0001", 3)}
        regels = []
        for gm, ws in waarden.items():
            regels.append(getoond("crisis_instroom", "2024-H1", sum(ws), code=gm))
            for m, w in enumerate(ws):
                per = f"2024-{m + 1:02d}"
                regels.append(verborgen("crisis_instroom", per, code=gm) if (gm, m) in verb
                              else getoond("crisis_instroom", per, w, code=gm))
        for m in range(6):
            regels.append(getoond("crisis_instroom", f"2024-{m + 1:02d}",
                                  sum(ws[m] for ws in waarden.values()), niv="regio", code="regio"))
        pad = csv_van("\n".join(regels))
        r = draai(pad)
        # de brug en niets anders (de cykels hebben een vrije richting)
        self.assertEqual(terug(r), {("crisis_instroom", "2024-04", "gemeente", "GM0001", "totaal",
                                     "teller"): 6})
        self.assertTrue(r["cellen"][0]["hoe"].startswith("eliminatie"))

    def test_percentages_met_alleen_waarde(self):
        # G1: waarde 25% getoond, teller en noemer niet => noemer = 4 * teller;
        # G2: waarde 50% => noemer = 2 * teller; regio teller 7, noemer 22.
        # t1 + t2 = 7, 4 t1 + 2 t2 = 22  =>  t1 = (22 - 14) / 2 = 4, t2 = 3, n1 = 16, n2 = 6
        pad = csv_van("""
            volgens_plan_aandeel;2024;gemeente;GM0001;totaal;;;25;true
            volgens_plan_aandeel;2024;gemeente;GM0002;totaal;;;50;true
            volgens_plan_aandeel;2024;regio;regio;totaal;7;22;31,818181818181817;false
            volgens_plan_aandeel;2023;regio;regio;totaal;12;24;50;false
        """)
        t = terug(draai(pad))
        k = ("volgens_plan_aandeel", "2024", "gemeente")
        self.assertEqual(t[(*k, "GM0001", "totaal", "teller")], 4)
        self.assertEqual(t[(*k, "GM0001", "totaal", "noemer")], 16)
        self.assertEqual(t[(*k, "GM0002", "totaal", "teller")], 3)
        self.assertEqual(t[(*k, "GM0002", "totaal", "noemer")], 6)


class Dubbel(unittest.TestCase):
    def test_zelfde_telling_in_twee_indicatoren(self):
        # crisis_instroom verborgen, maar de teller van crisis_start_aandeel (gestarte trajecten
        # met crisisvlag) is hetzelfde getal en wel getoond: 12 van 40.
        pad = csv_van("\n".join([
            verborgen("crisis_instroom", "2024"),
            getoond("crisis_start_aandeel", "2024", 12, noemer=40),
        ]))
        self.assertEqual(terug(draai(pad)), {("crisis_instroom", "2024", "gemeente", "GM0153",
                                              "totaal", "teller"): 12})

    def test_familie_die_niet_klopt_wordt_niet_gebruikt(self):
        # De waarheid laat zien dat maanden hier NIET optellen tot het kwartaal (12+5+13 != 31):
        # de audit mag dan niets terugrekenen (geen onware claim).
        waarheid = csv_van("\n".join([
            getoond("crisis_instroom", "2024-Q1", 31),
            getoond("crisis_instroom", "2024-01", 12),
            getoond("crisis_instroom", "2024-02", 5),
            getoond("crisis_instroom", "2024-03", 13),
        ]))
        pub = csv_van("\n".join([
            getoond("crisis_instroom", "2024-Q1", 31),
            getoond("crisis_instroom", "2024-01", 12),
            verborgen("crisis_instroom", "2024-02"),
            getoond("crisis_instroom", "2024-03", 13),
        ]))
        r = draai(pub, waarheid)
        self.assertEqual(terug(r), {})
        fam = r["families"]["perioden maand->kwartaal crisis_instroom.teller"]
        self.assertEqual((fam["waar"], fam["fout"], fam["gebruikt"]), (0, 1, False))


class Lek(unittest.TestCase):
    def test_interval_bij_verborgen_rij_is_een_lek(self):
        # Het interval van een verborgen rij verraadt teller en noemer: exitcode 1.
        pad = csv_van("")
        with open(pad, "w", encoding="utf-8-sig") as f:
            f.write("indicator;periode;niveau;code;uitsplitsing;teller;noemer;waarde;ci_laag;"
                    "ci_hoog;onderdrukt\n")
            f.write("volgens_plan_aandeel;2024;regio;regio;totaal;;;;12,5;40,1;true\n")
            f.write("volgens_plan_aandeel;2023;regio;regio;totaal;12;40;30;17,9;45,6;false\n")
        r = draai(pad)
        self.assertEqual(r["lekkende_kolommen"],
                         ["volgens_plan_aandeel.ci_hoog", "volgens_plan_aandeel.ci_laag"])
        with redirect_stdout(io.StringIO()):
            self.assertEqual(inbreker.main([pad]), 1)


class Mutatie(unittest.TestCase):
    def test_alleen_primaire_regel_faalt(self):
        # Waarheid: gemeente A 2024-Q1 = 4 + 15 + 12 = 31, B = 20 + 11 + 14 = 45; regio = som.
        # Alleen de primaire regel verbergt A-jan (4 < 10); Q1 en de regio verraden hem.
        regels = []
        for gm, ws in {"GM0001": [4, 15, 12], "GM0002": [20, 11, 14]}.items():
            regels.append(getoond("crisis_instroom", "2024-Q1", sum(ws), code=gm))
            for m, w in enumerate(ws):
                regels.append(getoond("crisis_instroom", f"2024-{m + 1:02d}", w, code=gm))
        regels.append(getoond("crisis_instroom", "2024-01", 24, niv="regio", code="regio"))
        waarheid = csv_van("\n".join(regels))
        with redirect_stdout(io.StringIO()):
            self.assertEqual(inbreker.main([waarheid, "--waarheid", waarheid, "--verzwak"]), 1)
        r = inbreker.audit(inbreker.verzwak(inbreker.lees(waarheid)), inbreker.lees(waarheid),
                           uit=lambda *a: None)
        self.assertEqual(r["teruggerekend_onder_drempel_en_gelijk_aan_waarheid"], 1)
        self.assertEqual(r["teruggerekend_ongelijk_aan_waarheid"], 0)

    def test_verzwak_verbergt_alleen_kleine(self):
        w = inbreker.lees(csv_van("\n".join([
            getoond("crisis_start_aandeel", "2024", 3, noemer=40),
            getoond("crisis_start_aandeel", "2023", 12, noemer=9),
            getoond("crisis_start_aandeel", "2022", 12, noemer=40),
        ])))
        v = inbreker.verzwak(w)
        self.assertEqual([r.onderdrukt for r in v.values()], [True, True, False])
        self.assertIsNone(v[("crisis_start_aandeel", "2024", "gemeente", "GM0153", "totaal")].teller)


def tearDownModule():
    for f in GEMAAKT:
        os.unlink(f)


if __name__ == "__main__":
    unittest.main()
