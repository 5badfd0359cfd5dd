"""Tests van de onafhankelijke indicatorberekening op de handgemaakte set in mini/.

Draaien vanuit /work/main:  python3 -m unittest discover -s tests/onafhankelijk

De verwachte waarden zijn met de hand uitgerekend; de rekensom staat erbij.

Overzicht van mini/ na ontdubbelen en samenvoegen (periode 2024 = 01-01-2024 .. 31-12-2024):

GM0141 (Almelo)                                              hv  start       einde       cr verw reden
  A001 (geb 01-05-2010, 13 jr)  1001+1002 raken elkaar aan   02  01-02-2024  30-06-2024  N  02   31
  A002 (geb 15-03-2008, 15 jr)  1003 (einde gecorrigeerd)     12  01-03-2024  10-06-2024  J  04   31
                                1004 (2x in 1 levering)       11  15-06-2024  lopend      N  01
  A003 (geb 01-01-2006, 18 jr op 1-1!) 1005 (gemeente '0141') 01  01-09-2023  lopend      N  06
  A004 (geb '2006-02', 17 jr)   1006                          03  10-01-2023  20-12-2023  N  03   33
                                1007 (einde gecorrigeerd)     02  01-02-2024  30-11-2024  J  02   31
  A005 (geb 01-07-2012, 11 jr)  1008                          14  01-01-2024  01-04-2024  J  01   34
                                1009                          02  15-04-2024  lopend      N  01
  A006 (geb 31-12-2007, 16 jr)  1010 (einde gecorrigeerd)     13  01-05-2023  01-08-2024  N  08   31
  D001 (geb 10-10-2010, 13 jr)  1017                          14  01-02-2024  01-09-2024  N  04   36
GM0153 (Enschede, Windows-1252, ISO-datums)
  B001 (geb 2015, 8 jr)         5001 ("Zorggroep Oosterië\\nlocatie Noord") 02 01-03-2024 lopend N 01
  A001 (verhuisd)               5002                          02  01-07-2024  31-10-2024  N  02   31
  B002 (geb 2009-09-09, 14 jr)  5003                          11  01-06-2023  lopend      N  04
  B003 (geb 2011-11-11, 12 jr)  5004                          12  01-08-2024  lopend      J  01
  D001 (verhuisd)               5005                          11  03-09-2024  lopend      N  04
"""
import contextlib
import csv
import io
import os
import subprocess
import sys
import tempfile
import unittest
from datetime import date

HIER = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HIER)
import indicatoren as ind  # noqa: E402

MINI = os.path.join(HIER, "mini")


def d(s):
    return date.fromisoformat(s).toordinal()


class MiniBasis(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = ind.lees_alles(MINI)
        cls.rek = ind.Rekenaar(cls.g)
        cls.rijen = cls.rek.bereken_alles([ind.periode("2024"), ind.periode("2024-H1")])
        cls.idx = {(r[0], r[1], r[3], r[4]): r for r in cls.rijen}

    def r(self, indicator, code="regio", uits="totaal", periode="2024"):
        return self.idx[(indicator, periode, code, uits)]

    def tnw(self, indicator, teller, noemer, waarde, code="regio", uits="totaal", periode="2024"):
        r = self.r(indicator, code, uits, periode)
        self.assertEqual(r[5], teller, f"teller {indicator}/{code}/{uits}")
        self.assertEqual(r[6], noemer, f"noemer {indicator}/{code}/{uits}")
        if waarde is None:
            self.assertIsNone(r[7])
        else:
            self.assertAlmostEqual(float(r[7]), waarde, places=6, msg=f"waarde {indicator}/{code}/{uits}")


class TestInlezen(MiniBasis):
    def test_afwijzingen_trajecten(self):
        st = self.g.stats["trajecten"]
        # 15 + 6 + 5 rijen in de drie bestanden (regeleinde binnen aanhalingstekens telt niet)
        self.assertEqual(st["gelezen"], 26)
        self.assertEqual(dict(st["afgewezen"]), {
            ind.R_DATUM: 1,      # A007 startdatum 31-02-2024
            ind.R_GEMEENTE: 1,   # GM0999
            ind.R_EIND: 1,       # A008 einde 01-05 voor start 01-06
            ind.R_CLIENT: 1,     # lege client_id
            ind.R_HULPVORM: 1,   # A009 hulpvorm leeg, productcode 99X99 niet in de mapping
        })
        self.assertEqual(st["niet_jeugdhulp"], 1)  # A010 productcategorie 48
        # 26 - 5 - 1 = 20 geldige rijen; 4 daarvan vervangen een eerdere (1003, 1004, 1007, 1010)
        self.assertEqual(st["gebruikt"], 16)

    def test_afwijzingen_overig(self):
        self.assertEqual(dict(self.g.stats["maatregelen"]["afgewezen"]), {ind.R_EIND: 1})
        self.assertEqual(dict(self.g.stats["declaraties"]["afgewezen"]), {ind.R_GEMEENTE: 1})
        self.assertEqual(dict(self.g.stats["veilig_thuis"]["afgewezen"]), {ind.R_DATUM: 1})  # 01-13-2024
        self.assertEqual(self.g.stats["bevolking"]["gebruikt"], 12)

    def test_cp1252_en_regeleinde_in_veld(self):
        self.assertEqual(self.g.aanbieder_namen["55555555"][:18], "Zorggroep Oosterië")
        self.assertEqual(self.g.aanbieder_namen["22222222"], "Jeugd & Co")

    def test_latere_levering_en_laatste_in_bestand(self):
        per_toew = {(r.gemeente, r.toew): r for r in self.g.trajectrijen}
        self.assertEqual(per_toew[("GM0141", "1003")].eind, d("2024-06-10"))  # was 01-05-2024
        self.assertEqual(per_toew[("GM0141", "1007")].eind, d("2024-11-30"))  # was lopend
        self.assertEqual(per_toew[("GM0141", "1004")].verwijzer, "01")        # 2e rij in zelfde levering
        self.assertEqual(per_toew[("GM0141", "1005")].gemeente, "GM0141")     # '0141'
        # maatregel C003: einde 31-12-2023 vervangen door lopend (zelfde sleutel, latere levering)
        c003 = [m for m in self.g.maatregelen if m.client == "C003"]
        self.assertEqual(len(c003), 1)
        self.assertEqual(c003[0].eind, ind.OPEN)

    def test_geboortedatum_jjjj_mm(self):
        self.assertEqual(self.g.geb_traject["A004"], (2006, 2, 1))

    def test_samenvoegen(self):
        a001 = [t for t in self.rek.trajecten if t.client == "A001" and t.gemeente == "GM0141"]
        self.assertEqual(len(a001), 1)  # 31-03 + 1 dag = 01-04: raken elkaar -> één traject
        t = a001[0]
        self.assertEqual((t.start, t.eind), (d("2024-02-01"), d("2024-06-30")))
        self.assertFalse(t.crisis)            # van de eerste rij (1001: N), niet 1002 (J)
        self.assertEqual(t.verwijzer, "02")   # van de eerste rij
        self.assertEqual(t.reden, "31")       # van de rij met de laatste einddatum (1002)
        self.assertEqual(t.n_rijen, 2)
        # totaal: GM0141 10 trajecten (11 rijen, 1001+1002 samen), GM0153 5
        self.assertEqual(len(self.rek.trajecten), 15)

    def test_kosten_per_maand(self):
        k = self.g.kosten
        self.assertEqual(k[("GM0141", 2024 * 12 + 1)], 123456)     # 1.234,56
        self.assertEqual(k[("GM0141", 2024 * 12 + 2)], -8510)      # -85,10 (credit)
        self.assertEqual(k[("GM0141", 2023 * 12 + 10)], 200000)    # '2000' zonder decimalen
        self.assertEqual(k[("GM0153", 2023 * 12 + 11)], 400000)    # tab-gescheiden, "4.000,00"


class TestIndicatoren2024(MiniBasis):
    def test_jeugdhulp_gebruik(self):
        # GM0141 actief: A001..A006, D001; 0-17 op 1-1-2024: niet A003 (precies 18) -> 6 / 100
        self.tnw("jeugdhulp_gebruik", 6, 100, 6.0, "GM0141")
        # GM0153: B001, A001, B002, B003, D001 -> 5 / 50 = 10%
        self.tnw("jeugdhulp_gebruik", 5, 50, 10.0, "GM0153")
        # regio distinct: A001 A002 A004 A005 A006 D001 B001 B002 B003 = 9 / 150 = 6%
        self.tnw("jeugdhulp_gebruik", 9, 150, 6.0)

    def test_crisis_start(self):
        # GM0141 gestart 2024: A001(N,02) A002a(J,12) A002b(N,11) A004b(J,02) A005a(J,14)
        #   A005b(N,02) D001(N,14) -> 3/7; verblijf 2/4 (A002a, A005a); zonder 1/3 (A004b)
        self.tnw("crisis_start_aandeel", 3, 7, 300 / 7, "GM0141")
        self.tnw("crisis_start_aandeel", 2, 4, 50.0, "GM0141", "met_verblijf")
        self.tnw("crisis_start_aandeel", 1, 3, 100 / 3, "GM0141", "zonder_verblijf")
        # GM0153: B001(N) A001(N) B003(J,12) D001(N,11) -> 1/4
        self.tnw("crisis_start_aandeel", 1, 4, 25.0, "GM0153")
        # regio = som: 4/11; verblijf 3/6; zonder 1/5
        self.tnw("crisis_start_aandeel", 4, 11, 400 / 11)
        self.tnw("crisis_start_aandeel", 3, 6, 50.0, "regio", "met_verblijf")
        self.tnw("crisis_start_aandeel", 1, 5, 20.0, "regio", "zonder_verblijf")

    def test_trajectduur(self):
        # beëindigd in 2024 (dagen einde - start):
        #  A001 01-02..30-06 = 29+31+30+31+29 = 150;  A002a 01-03..10-06 = 31+30+31+9 = 101
        #  A004b 01-02..30-11 = 274+29 = 303;          A005a 01-01..01-04 = 31+29+31 = 91
        #  A006 01-05-2023..01-08-2024 = 366+31+30+31 = 458;  D001 01-02..01-09 = 213
        #  GM0153: A001 01-07..31-10 = 31+31+30+30 = 122
        # GM0141: som 1316, n 6, gem 219,33; mediaan (150+213)/2 = 181,5; p90 rang ceil(5,4)=6 -> 458
        self.tnw("trajectduur", 1316, 6, 1316 / 6, "GM0141")
        self.tnw("trajectduur", None, 6, 181.5, "GM0141", "mediaan")
        self.tnw("trajectduur", None, 6, 458.0, "GM0141", "p90")
        # regio: 91 101 122 150 213 303 458: som 1438, n 7; mediaan 150; p90 rang ceil(6,3)=7 -> 458
        self.tnw("trajectduur", 1438, 7, 1438 / 7)
        self.tnw("trajectduur", None, 7, 150.0, "regio", "mediaan")
        self.tnw("trajectduur", None, 7, 458.0, "regio", "p90")
        # per hulpvorm 14: A005a 91 + D001 213 = 304 / 2
        self.tnw("trajectduur", 304, 2, 152.0, "regio", "hulpvorm_14")

    def test_gezinsgericht(self):
        # GM0141 verblijf actief: A002 (12 en 11), A005 (14), A006 (13), D001 (14) -> 4 clienten
        self.tnw("gezinsgericht_aandeel", 1, 4, 25.0, "GM0141")   # alleen A002 heeft 12
        self.tnw("gezinsvormen_aandeel", 1, 4, 25.0, "GM0141")    # 11+12: A002
        # regio: A002 A005 A006 D001 B002 B003 = 6; 12: A002 B003 = 2; 11+12: A002 B002 B003 D001 = 4
        self.tnw("gezinsgericht_aandeel", 2, 6, 100 / 3)
        self.tnw("gezinsvormen_aandeel", 4, 6, 200 / 3)
        self.tnw("gezinsvormen_aandeel", 3, 3, 100.0, "GM0153")

    def test_jeugdbescherming(self):
        # GM0141: A002 OTS (15 jr), C003 OTS (12 jr, einde door latere levering weer lopend);
        #   C001 voogdij telt niet (18 jr op 1-1-2024); A006 JR telt niet -> 2 / 100
        self.tnw("jeugdbescherming_aandeel", 2, 100, 2.0, "GM0141")
        self.tnw("jeugdbescherming_aandeel", 1, 50, 2.0, "GM0153")   # B002 voogdij
        self.tnw("jeugdbescherming_aandeel", 3, 150, 2.0)
        self.tnw("jeugdbescherming_aandeel", 1, 150, 100 / 150, "regio", "voogdij")

    def test_jeugdreclassering(self):
        # JR actief: A006. Jeugdzorg GM0141: A001..A006, D001 (jeugdhulp) + C001, C003 (maatregel) = 9
        self.tnw("jeugdreclassering_aandeel", 1, 9, 100 / 9, "GM0141")
        self.tnw("jeugdreclassering_aandeel", 1, 80, 1.25, "GM0141", "basis_bevolking_12_22")
        # regio: 9 jeugdhulpclienten + A003 (18 jr, telt hier wel) + C001 + C003 = 12
        self.tnw("jeugdreclassering_aandeel", 1, 12, 100 / 12)
        self.tnw("jeugdreclassering_aandeel", 0, 5, 0.0, "GM0153")

    def test_verwijzers(self):
        # GM0141 actieve trajecten (9): A001 02, A002a 04, A002b 01, A003 06, A004b 02, A005a 01,
        #   A005b 01, A006 08, D001 04  (A004a eindigde 20-12-2023)
        self.tnw("verwijzer_aandeel", 5, 9, 500 / 9, "GM0141", "gemeente_gi")    # 01+04
        self.tnw("verwijzer_aandeel", 2, 9, 200 / 9, "GM0141", "huisarts")
        self.tnw("verwijzer_aandeel", 1, 9, 100 / 9, "GM0141", "verwijzer_08")
        # verblijf: A002a 04, A002b 01, A005a 01, A006 08, D001 04 -> 4/5
        self.tnw("verwijzer_aandeel", 4, 5, 80.0, "GM0141", "verblijf_gemeente_gi")
        # regio = GM0141 + GM0153 (B001 01, A001 02, B002 04, B003 01, D001 04): 9/14, 3/14, 7/8
        self.tnw("verwijzer_aandeel", 9, 14, 900 / 14, "regio", "gemeente_gi")
        self.tnw("verwijzer_aandeel", 3, 14, 300 / 14, "regio", "huisarts")
        self.tnw("verwijzer_aandeel", 7, 8, 87.5, "regio", "verblijf_gemeente_gi")

    def test_volgens_plan(self):
        # GM0141 beëindigd 6: A001 31 (van rij 1002 met laatste einde), A002a 31, A004b 31,
        #   A005a 34, A006 31, D001 36 -> 4/6;  regio + A001(GM0153) 31 -> 5/7
        self.tnw("volgens_plan_aandeel", 4, 6, 400 / 6, "GM0141")
        self.tnw("volgens_plan_aandeel", 5, 7, 500 / 7)

    def test_herhaald_beroep(self):
        # GM0141 gestart 7; herhaald: A002b (A002a eindigde 10-06, start 15-06),
        #   A004b (A004a eindigde 20-12-2023, start 01-02-2024), A005b (einde 01-04, start 15-04) -> 3/7
        self.tnw("herhaald_beroep_aandeel", 3, 7, 300 / 7, "GM0141")
        # GM0153: niets eerder binnen de gemeente -> 0/4
        self.tnw("herhaald_beroep_aandeel", 0, 4, 0.0, "GM0153")
        # regio (client over gemeenten): ook A001 in GM0153 (start 01-07, einde 30-06 = 1 dag ervoor)
        #   en D001 in GM0153 (start 03-09, einde 01-09) -> 5/11
        self.tnw("herhaald_beroep_aandeel", 5, 11, 500 / 11)

    def test_kosten(self):
        from decimal import Decimal as D
        # GM0141 2024: 1.234,56 - 85,10 + 2.150,54 = 3.300,00 (2025-01 telt niet); 2023: 1.000 + 2000 = 3.000
        self.tnw("kosten", D("3300"), None, D("3300"), "GM0141")
        # Groei alleen als elke maand van beide perioden declaraties heeft: 2023 heeft er
        # alleen in mei, november en december -> geen groei over 2024 (ook niet voor H1 2024:
        # januari en mei 2024 zonder declaraties).
        for code in ("GM0141", "GM0153", "regio"):
            self.assertNotIn(("kosten", "2024", code, "groei_pct"), self.idx)
        self.assertNotIn(("kosten", "2024-H1", "regio", "groei_pct"), self.idx)
        # per client: dezelfde populatie boven en onder de streep. GM0141 2024: 1001 en 1002
        # (A001) 1.234,56 - 85,10 + 1007 (A004) 2.150,54 = 3.300 / {A001, A004} = 1.650
        self.tnw("kosten", D("3300"), 2, 1650.0, "GM0141", "per_client")
        # GM0153 2024: 5001 (B001) 3000 + 5002 (A001) 2000 - 1000 + 1000 = 5000 / 2 = 2500
        self.tnw("kosten", D("5000"), 2, 2500.0, "GM0153", "per_client")
        # regio: 8300 / {A001, A004, B001} = 3 -> 2766,67 (GM0999 hoort niet bij Twente)
        self.tnw("kosten", D("8300"), 3, 8300 / 3, "regio", "per_client")
        # H1 2024 GM0141: 1.234,56 - 85,10 + 2.150,54 (periode 2024-06) = 3.300,00
        self.tnw("kosten", D("3300"), None, D("3300"), "GM0141", periode="2024-H1")

    def test_verblijf_flow(self):
        # Episodes GM0141: A002 01-03-2024..lopend (15-06 <= 10-06+7), A005 01-01..01-04-2024,
        #   A006 01-05-2023..01-08-2024, D001 01-02..01-09-2024
        # GM0153: B002 01-06-2023..lopend, B003 01-08-2024..lopend, D001 03-09-2024..lopend
        # regio: D001 is één episode 01-02-2024..lopend (03-09 <= 01-09+7): doorstroom, geen uit/in
        self.tnw("verblijf_stand", 1, None, 1, "GM0141")      # 31-12-2024: A002
        self.tnw("verblijf_stand", 3, None, 3, "GM0153")      # B002 B003 D001
        self.tnw("verblijf_stand", 4, None, 4)                # A002 B002 B003 D001
        self.tnw("verblijf_instroom", 3, None, 3, "GM0141")   # A002 A005 D001
        self.tnw("verblijf_instroom", 2, None, 2, "GM0153")   # B003 D001
        self.tnw("verblijf_instroom", 4, None, 4)             # A002 A005 D001 B003
        self.tnw("verblijf_doorstroom", 1, None, 1, "GM0141")  # A002b
        self.tnw("verblijf_doorstroom", 2, None, 2)            # A002b, D001 in GM0153
        self.tnw("verblijf_uitstroom", 3, None, 3, "GM0141")   # A005, A006, D001
        self.tnw("verblijf_uitstroom", 1, None, 1, "GM0141", "naar_ambulant")  # A005: 02 vanaf 15-04
        self.tnw("verblijf_uitstroom", 2, None, 2, "GM0141", "zonder_vervolg")
        self.tnw("verblijf_uitstroom", 2, None, 2)             # A005 (ambulant), A006
        self.tnw("verblijf_uitstroom", 1, None, 1, "regio", "zonder_vervolg")
        # 30-06-2024: regio A002 (episode loopt), A006, D001, B002 (A005 uit op 01-04) -> 4
        self.tnw("verblijf_stand", 4, None, 4, periode="2024-H1")

    def test_identiteit_stand_instroom_uitstroom(self):
        # stand(eind vorige) + instroom - uitstroom = stand(eind), voor elke scope, maand en jaar
        perioden = [ind.periode(f"{j}-{m:02d}") for j in (2023, 2024, 2025) for m in range(1, 13)]
        perioden += [ind.periode(str(j)) for j in (2022, 2023, 2024, 2025)]
        for sc in self.rek.scopes():
            for reeks in (perioden[:36], perioden[36:]):
                vorige = None
                for p in reeks:
                    rr = {(r[0], r[4]): r[7] for r in self.rek.bereken(sc, p)}
                    stand = rr[("verblijf_stand", "totaal")]
                    if vorige is not None:
                        self.assertEqual(vorige + rr[("verblijf_instroom", "totaal")]
                                         - rr[("verblijf_uitstroom", "totaal")], stand,
                                         f"{sc.code} {p.naam}")
                    vorige = stand

    def test_veilig_thuis(self):
        # 2024: m2 m3 m7 m9 m10 (GM0141), m4 m5 m6 (GM0153) = 8 meldingen
        #  hermelding: m2 (eerste melding van c2; c1 van h1 dicht 01-06-2023); m6 (c3 dicht
        #  01-09-2024 via het latere bestand); m7 (c6 dicht 15-01-2022).
        #  Geen: m3 (tweede melding van de nog open c2: vervolgmelding, ook al was c1 eerder
        #  dicht), m4, m5 (vervolgmelding in c3), m9 (c8 dicht op dezelfde dag, niet strikt
        #  ervoor), m10 (c7 open).  -> 3/8.  12m: m7 valt af (> 12 mnd) -> 2/8
        self.tnw("vt_meldingen_per_100k", 8, 240000, 8 * 100000 / 240000)
        self.tnw("vt_meldingen_per_100k", 5, 80000, 6.25, "GM0141")
        self.tnw("vt_hermelding_aandeel", 3, 8, 37.5)
        self.tnw("vt_hermelding_aandeel", 2, 8, 25.0, "regio", "12m")
        self.tnw("vt_hermelding_aandeel", 2, 5, 40.0, "GM0141")
        self.tnw("vt_hermelding_aandeel", 1, 3, 100 / 3, "GM0153")
        m = {x.melding_id: x for x in self.g.meldingen}
        self.assertFalse(m["m3"].her)   # vervolgmelding in een latere casus
        self.assertFalse(m["m3"].her12)
        self.assertTrue(m["m2"].her)
        self.assertFalse(m["m5"].her)   # vervolgmelding
        self.assertTrue(m["m6"].her)    # hermelding
        self.assertEqual(self.g.casus_afgesloten["c3"], d("2024-09-01"))


class TestKostengroei(unittest.TestCase):
    def test_dalende_kosten_en_dekking(self):
        """Handgemaakt: GM0141, 12 toewijzingen T01..T12 (clienten c01..c12, categorie 45).
        2023: elke maand T01..T12 elk 100 -> 12 x 12 x 100 = 14.400.
        2024: elke maand T01..T10 elk 90 -> 10 x 12 x 90 = 10.800, plus J1 (categorie 48,
        jeugdbescherming) 700 in mei. 2022: alleen december (T01, 100): niet gedekt."""
        from decimal import Decimal as D
        g = ind.Gegevens()
        for i in range(1, 13):
            g.toewijzingen[("GM0141", f"T{i:02d}")] = (f"c{i:02d}", "45", 0)
        g.toewijzingen[("GM0141", "J1")] = ("j1", "48", 0)

        def decl(toew, j, m, centen):
            mi = j * 12 + m - 1
            g.kosten[("GM0141", mi)] += centen
            g.kosten_toew[("GM0141", toew, mi)] += centen
            g.declaratiemaanden.add(mi)

        decl("T01", 2022, 12, 10000)
        for m in range(1, 13):
            for i in range(1, 13):
                decl(f"T{i:02d}", 2023, m, 10000)
            for i in range(1, 11):
                decl(f"T{i:02d}", 2024, m, 9000)
        decl("J1", 2024, 5, 70000)
        rek = ind.Rekenaar(g)
        r24 = {u: (t, n, w) for u, t, n, w in rek.kosten_rijen(rek.regio, ind.periode("2024"))}
        # 2024: 10.800 + 700 = 11.500; groei (11.500 - 14.400) / 14.400 = -2.900 / 14.400
        # = -20,139% (een daling is negatieve groei)
        self.assertEqual(r24["totaal"][0], D("11500"))
        self.assertEqual(r24["groei_pct"][:2], (D("-2900"), D("14400")))
        self.assertAlmostEqual(r24["groei_pct"][2], -2900 / 144, places=9)
        # per jeugdige: alleen jeugdhulp (J1 is categorie 48): 10.800 / {c01..c10} = 1.080
        self.assertEqual(r24["per_client"], (D("10800"), 10, 1080.0))
        # 2023 tegen 2022: 2022 heeft alleen december -> geen basis, geen groei
        r23 = {u for u, *_ in rek.kosten_rijen(rek.regio, ind.periode("2023"))}
        self.assertNotIn("groei_pct", r23)


class TestHulpfuncties(unittest.TestCase):
    def test_datum(self):
        self.assertEqual(ind.datum("01-02-2024"), d("2024-02-01"))
        self.assertEqual(ind.datum("2024-02-01"), d("2024-02-01"))
        self.assertEqual(ind.datum("2006-02", maand_mag=True), d("2006-02-01"))
        self.assertIsNone(ind.datum(""))
        for fout in ("31-02-2024", "2024-13-01", "29-02-2023", "gisteren"):
            with self.assertRaises(ValueError):
                ind.datum(fout)
        with self.assertRaises(ValueError):
            ind.datum("2006-02")  # alleen bij geboortedatum toegestaan

    def test_bedrag(self):
        self.assertEqual(ind.bedrag_centen("1.234,56"), 123456)
        self.assertEqual(ind.bedrag_centen("-85,10"), -8510)
        self.assertEqual(ind.bedrag_centen("1234,56"), 123456)
        self.assertEqual(ind.bedrag_centen("1.234.567"), 123456700)
        self.assertEqual(ind.bedrag_centen("0,5"), 50)
        self.assertEqual(ind.bedrag_centen("12,345"), 1235)
        with self.assertRaises(ValueError):
            ind.bedrag_centen("abc")

    def test_periode(self):
        p = ind.periode("2024-H2")
        self.assertEqual((p.start, p.eind), (d("2024-07-01"), d("2024-12-31")))
        p = ind.periode("2024-Q1")
        self.assertEqual((p.start, p.eind), (d("2024-01-01"), d("2024-03-31")))
        p = ind.periode("2024-02")
        self.assertEqual((p.start, p.eind), (d("2024-02-01"), d("2024-02-29")))
        self.assertEqual(ind.periode("2024-Q3").vorig_jaar().naam, "2023-Q3")
        with self.assertRaises(ValueError):
            ind.periode("2024-Q5")

    def test_leeftijd(self):
        self.assertEqual(ind.leeftijd((2006, 1, 1), d("2024-01-01")), 18)   # verjaardag telt
        self.assertEqual(ind.leeftijd((2006, 1, 2), d("2024-01-01")), 17)
        self.assertEqual(ind.leeftijd((2024, 5, 1), d("2024-01-01")), 0)    # geboren in periode
        self.assertEqual(ind.leeftijd((2008, 2, 29), d("2026-02-28")), 17)
        self.assertEqual(ind.leeftijd((2008, 2, 29), d("2026-03-01")), 18)

    def test_min_maanden(self):
        self.assertEqual(ind.min_maanden(d("2024-02-29"), 12), d("2023-02-28"))
        self.assertEqual(ind.min_maanden(d("2024-07-01"), 12), d("2023-07-01"))

    def test_percentielen(self):
        self.assertEqual(ind._p90(list(range(1, 11))), 9.0)    # rang ceil(9) = 9
        self.assertEqual(ind._p90(list(range(1, 12))), 10.0)   # rang ceil(9,9) = 10
        self.assertEqual(ind._mediaan([1, 2, 3, 10]), 2.5)

    def test_gemeente(self):
        self.assertEqual(ind.gemeente_code("0153"), "GM0153")
        self.assertEqual(ind.gemeente_code("gm1774"), "GM1774")
        self.assertIsNone(ind.gemeente_code("GM0363"))  # Amsterdam: niet Twente

    def test_hulpvorm_afleiden_uit_product(self):
        kop = ("gemeente;client_id;geboortedatum;toewijzingnummer;aanbieder_agb;productcategorie;"
               "productcode;hulpvorm;crisis;verwijzer;startdatum;einddatum\n")
        rijen = ("GM0164;X1;2012-01-01;1;12345678;43;43V01;;;01;01-01-2024;\n"
                 "GM0164;X2;2012-01-01;2;12345678;46;46C01;;;01;01-01-2024;\n")
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "trajecten"))
            with open(os.path.join(tmp, "trajecten", "trajecten_GM0164_2024-01.csv"), "w") as f:
                f.write(kop + rijen)
            oud = dict(ind.PRODUCTCODE_HULPVORM)
            try:
                ind.PRODUCTCODE_HULPVORM["43V01"] = "14"
                g = ind.Gegevens()
                ind.lees_trajecten(g, os.path.join(tmp, "trajecten"))
            finally:
                ind.PRODUCTCODE_HULPVORM.clear()
                ind.PRODUCTCODE_HULPVORM.update(oud)
        self.assertEqual([(r.client, r.hulpvorm, r.crisis) for r in g.trajectrijen],
                         [("X1", "14", False)])              # crisis leeg, cat 43 -> N
        self.assertEqual(dict(g.stats["trajecten"]["afgewezen"]), {ind.R_HULPVORM: 1})  # 46C01


REGIO_TOML = """
[[producten]]
productcode = "43V01"
segment = "verblijf"

[[producten]]
prefix = "43W"
segment = "wonen"

[[producten]]
prefix = "43W9"
segment = "crisis"

[[producten]]
categorie = "45"
segment = "ambulant"
"""

# Alles in GM0153 bij aanbieder 11111111 (regio = gemeente). Verblijf eindigt op de eerste dag
# niet meer in verblijf.
SEGMENT_RIJEN = [
    # s1 stapt binnen 7 dagen over van segment verblijf naar wonen (05-03 <= 01-03 + 7), daarna
    # ambulant (segment ambulant) vanaf 10-06 <= 01-06 + 30.
    ("s1", "1", "43", "43V01", "14", "01-01-2024", "01-03-2024"),
    ("s1", "2", "43", "43W01", "11", "05-03-2024", "01-06-2024"),
    ("s1", "3", "45", "45A01", "02", "10-06-2024", ""),
    # s2: doorstroom binnen segment verblijf (03-04 <= 01-04 + 7), daarna lopend.
    ("s2", "4", "43", "43V01", "13", "01-02-2024", "01-04-2024"),
    ("s2", "5", "43", "43V01", "14", "03-04-2024", ""),
    # s3: product dat de regio niet kent (geen regel voor 43X99, geen categorie 43): segment
    # onbekend (issue 17).
    ("s3", "6", "43", "43X99", "12", "01-05-2024", "01-07-2024"),
    # s4: wonen vanaf 01-01 (lopend) en tegelijk verblijf 01-02 .. 01-03.
    ("s4", "7", "43", "43W02", "11", "01-01-2024", ""),
    ("s4", "8", "43", "43V01", "14", "01-02-2024", "01-03-2024"),
]


class TestSegment(unittest.TestCase):
    """Verblijfsstromen per inkoopsegment: episodes uit alleen de verblijftrajecten van dat
    segment, binnen dezelfde scope."""

    @classmethod
    def setUpClass(cls):
        kop = ("gemeente;client_id;geboortedatum;toewijzingnummer;aanbieder_agb;productcategorie;"
               "productcode;hulpvorm;crisis;verwijzer;startdatum;einddatum\n")
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "trajecten"))
            with open(os.path.join(tmp, "trajecten", "trajecten_GM0153_2024-12.csv"), "w") as f:
                f.write(kop)
                for c, t, cat, prod, hv, s, e in SEGMENT_RIJEN:
                    f.write(f"GM0153;{c};2012-01-01;{t};11111111;{cat};{prod};{hv};N;01;{s};{e}\n")
            with open(os.path.join(tmp, "regio.toml"), "w") as f:
                f.write(REGIO_TOML)
            with contextlib.redirect_stderr(io.StringIO()):  # geen bevolking.csv e.d.
                cls.rek = ind.Rekenaar(ind.lees_alles(tmp))
        cls.maanden = [ind.periode(f"2024-{m:02d}") for m in range(1, 13)]
        cls.kwartalen = [ind.periode(f"2024-Q{q}") for q in range(1, 5)]
        with contextlib.redirect_stderr(io.StringIO()):  # geen bevolking: waarschuwingen
            cls.rijen = cls.rek.bereken_alles(cls.maanden + cls.kwartalen + [ind.periode("2024")])
        cls.idx = {(r[0], r[1], r[3], r[4]): r[7] for r in cls.rijen if r[0].startswith("verblijf_")}

    def stroom(self, periode, uits, verwacht, code="regio"):
        """[stand, instroom, doorstroom, uitstroom]"""
        gevonden = [self.idx.get((f"verblijf_{i}", periode, code, uits))
                    for i in ("stand", "instroom", "doorstroom", "uitstroom")]
        self.assertEqual(gevonden, verwacht, f"{periode} {code} {uits}")

    def test_segment_van(self):
        regels = ind.lees_productindeling(os.path.join(MINI, "bestaat-niet.toml"))
        self.assertEqual(regels, [])
        with tempfile.TemporaryDirectory() as tmp:
            pad = os.path.join(tmp, "regio.toml")
            with open(pad, "w") as f:
                f.write(REGIO_TOML)
            regels = ind.lees_productindeling(pad)
        self.assertEqual(ind.segment_van(regels, "43", "43v01"), "verblijf")   # exact
        self.assertEqual(ind.segment_van(regels, "43", "43W01"), "wonen")      # prefix
        self.assertEqual(ind.segment_van(regels, "43", "43W91"), "crisis")     # langste prefix
        self.assertEqual(ind.segment_van(regels, "45", "45Z99"), "ambulant")   # categorie
        # Issue 17: een code die de regio niet kent (geen regel, ook geen categorie) heeft
        # segment onbekend; zonder productindeling heeft niets een segment.
        self.assertEqual(ind.segment_van(regels, "43", "43X99"), "onbekend")
        self.assertIsNone(ind.segment_van([], "43", "43X99"))
        # bekend = exacte code of prefix; de categorie is het vangnet
        self.assertEqual(ind.product_van(regels, "45", "45Z99"), ("ambulant", None, False, False))
        self.assertEqual(ind.product_van(regels, "43", "43W01"), ("wonen", None, False, True))

    def test_stromen_per_segment(self):
        for code in ("regio", "GM0153"):
            # totaal: s1 01-01..01-06 (door 05-03, naar ambulant), s2 01-02..lopend (door 03-04),
            # s3 01-05..01-07 (zonder vervolg), s4 01-01..lopend (door 01-02)
            self.stroom("2024-01", "totaal", [2, 2, 0, 0], code)   # s1, s4 in
            self.stroom("2024-02", "totaal", [3, 1, 1, 0], code)   # s2 in, s4 door
            self.stroom("2024-03", "totaal", [3, 0, 1, 0], code)   # s1 door (naar wonen)
            self.stroom("2024-05", "totaal", [4, 1, 0, 0], code)   # s3 in
            self.stroom("2024-06", "totaal", [3, 0, 0, 1], code)   # s1 uit
            self.stroom("2024", "totaal", [2, 4, 3, 2], code)
            # segment_verblijf: s1 01-01..01-03, s2 01-02..lopend (door 03-04), s4 01-02..01-03
            self.stroom("2024-01", "segment_verblijf", [1, 1, 0, 0], code)
            self.stroom("2024-02", "segment_verblijf", [3, 2, 0, 0], code)
            self.stroom("2024-03", "segment_verblijf", [1, 0, 0, 2], code)   # s1, s4 uit
            self.stroom("2024-04", "segment_verblijf", [1, 0, 1, 0], code)
            self.stroom("2024-Q1", "segment_verblijf", [1, 3, 0, 2], code)
            self.stroom("2024", "segment_verblijf", [1, 3, 1, 2], code)      # 0 + 3 - 2 = 1
            # segment_wonen: s4 01-01..lopend, s1 05-03..01-06 (hier instroom, geen doorstroom)
            self.stroom("2024-01", "segment_wonen", [1, 1, 0, 0], code)
            self.stroom("2024-03", "segment_wonen", [2, 1, 0, 0], code)      # s1 in
            self.stroom("2024-06", "segment_wonen", [1, 0, 0, 1], code)      # s1 uit
            self.stroom("2024-Q1", "segment_wonen", [2, 2, 0, 0], code)
            self.stroom("2024", "segment_wonen", [1, 2, 0, 1], code)         # 0 + 2 - 1 = 1
            # totaal behoudt naar_ambulant / zonder_vervolg; per segment bestaan die niet.
            self.assertEqual(self.idx[("verblijf_uitstroom", "2024", code, "naar_ambulant")], 1)
            self.assertEqual(self.idx[("verblijf_uitstroom", "2024", code, "zonder_vervolg")], 1)
        delen = set(k[3] for k in self.idx)
        self.assertEqual(delen, {"totaal", "naar_ambulant", "zonder_vervolg",
                                 "segment_verblijf", "segment_wonen", "segment_onbekend"})
        # s3 (43X99, 01-05..01-07): in- en uitstroom in segment onbekend; stand eind 2024 0.
        self.stroom("2024", "segment_onbekend", [0, 1, 0, 1])

    def test_identiteit_per_segment(self):
        for reeks in (self.maanden, self.kwartalen):
            for code in ("regio", "GM0153"):
                for uits in ("totaal", "segment_verblijf", "segment_wonen"):
                    for p, q in zip(reeks, reeks[1:]):
                        w = lambda i, per: self.idx[(f"verblijf_{i}", per.naam, code, uits)]
                        self.assertEqual(w("stand", p) + w("instroom", q) - w("uitstroom", q),
                                         w("stand", q), f"{p.naam}->{q.naam} {code} {uits}")


HISTORIE = os.path.join(HIER, "historie")
TWENTE_TOML = os.path.join(HIER, "..", "..", "pipelines", "regio", "twente.toml")


class TestHistorie(unittest.TestCase):
    """Issue 17: de eerste levering is 2023-06, de trajecten beginnen in 2021; productcodes die
    Twente niet kent (44B01, 45Z99) tellen mee via hun categorie. Met de hand berekend (zie
    ook tests/e2e/historie.rs, dat dezelfde waarden van `jeugdstuur compute` verwacht)."""

    @classmethod
    def setUpClass(cls):
        with contextlib.redirect_stderr(io.StringIO()):
            cls.g = ind.lees_alles(HISTORIE, TWENTE_TOML)
            cls.rek = ind.Rekenaar(cls.g)
            cls.jaren = ind.alle_jaren(cls.g)
            rijen = cls.rek.bereken_alles([ind.periode(j) for j in cls.jaren])
        cls.w = {(r[0], r[1], r[3], r[4]): r[7] for r in rijen}

    def test_jaren_vanaf_de_eerste_maand_met_zorg(self):
        # eerste zorg: H1 op 01-02-2021; nieuwste levering 2024-12 -> 2021 t/m 2024
        self.assertEqual(ind.eerste_zorgmaand(self.g), 2021 * 12 + 1)
        self.assertEqual(self.jaren, ["2021", "2022", "2023", "2024"])

    def test_onbekende_codes_via_categorie(self):
        st = self.g.stats["trajecten"]
        # 14 rijen gelezen; A3 (categorie 50, 50X01, geen hulpvorm) afgewezen; H5/H6 vervangen
        self.assertEqual(st["gelezen"], 14)
        self.assertEqual(dict(st["afgewezen"]), {ind.R_HULPVORM: 1})
        self.assertEqual(dict(self.g.waarschuwingen), {
            ("GM0141", "44", "44B01"): 1, ("GM0141", "45", "45Z99"): 1,
            ("GM0164", "44", "44B01"): 2, ("GM0164", "45", "45Z99"): 1})
        h2 = next(r for r in self.g.trajectrijen if r.toew == "H2")
        self.assertEqual((h2.hulpvorm, h2.segment, h2.crisis), ("14", "onbekend", False))
        h4 = next(r for r in self.g.trajectrijen if r.toew == "H4")
        self.assertEqual((h4.hulpvorm, h4.crisis), ("11", True))  # 46C03 uit de regio

    def test_waarden(self):
        w = self.w
        # jeugdhulpgebruik 2021: a1 a2 b1 b2 = 4 / 200; 2022: a2 a3 a4 b1 b2 = 5 / 200
        self.assertEqual(w[("jeugdhulp_gebruik", "2021", "regio", "totaal")], 2.0)
        self.assertEqual(w[("jeugdhulp_gebruik", "2022", "regio", "totaal")], 2.5)
        # crisis 2021: A2 van H1 H2 A1 A2 = 25%; 2022: H3 H4 van H3 H4 A4 = 66,7%
        self.assertEqual(w[("crisis_start_aandeel", "2021", "regio", "totaal")], 25.0)
        self.assertAlmostEqual(w[("crisis_start_aandeel", "2022", "regio", "totaal")], 200 / 3)
        # trajectduur 2021: (211 + 213) / 2; 2022: (364 + 121 + 29 + 31) / 4
        self.assertEqual(w[("trajectduur", "2021", "regio", "totaal")], 212.0)
        self.assertEqual(w[("trajectduur", "2022", "regio", "totaal")], 136.25)
        # kosten 2021: 1000 + 500 + 800; 2024: 400 - 50
        self.assertEqual(w[("kosten", "2021", "regio", "totaal")], 2300.0)
        self.assertEqual(w[("kosten", "2024", "regio", "totaal")], 350.0)
        # Veilig Thuis 2021: 1 melding / 2000 inwoners
        self.assertEqual(w[("vt_meldingen_per_100k", "2021", "regio", "totaal")], 50.0)


class TestCli(unittest.TestCase):
    SCRIPT = os.path.join(HIER, "indicatoren.py")

    def test_csv_uitvoer(self):
        with tempfile.TemporaryDirectory() as tmp:
            uit = os.path.join(tmp, "uit.csv")
            with contextlib.redirect_stdout(io.StringIO()):
                rc = ind.main([MINI, "--perioden", "2024,2024-Q3", "--csv", uit])
            self.assertEqual(rc, 0)
            with open(uit, encoding="utf-8") as f:
                rijen = list(csv.DictReader(f, delimiter=";"))
        self.assertEqual(list(rijen[0]), ["indicator", "periode", "niveau", "code", "uitsplitsing",
                                          "teller", "noemer", "waarde"])
        idx = {(r["indicator"], r["periode"], r["code"], r["uitsplitsing"]): r for r in rijen}
        r = idx[("jeugdhulp_gebruik", "2024", "regio", "totaal")]
        self.assertEqual((r["niveau"], r["teller"], r["noemer"], r["waarde"]), ("regio", "9", "150", "6"))
        r = idx[("kosten", "2024", "GM0141", "per_client")]
        self.assertEqual((r["niveau"], r["teller"], r["noemer"], r["waarde"]),
                         ("gemeente", "3300.00", "2", "1650"))
        r = idx[("trajectduur", "2024", "regio", "totaal")]
        self.assertEqual(r["waarde"], "205.428571428571")  # 1438/7, punt als decimaalteken
        self.assertIn(("verblijf_stand", "2024-Q3", "GM0153", "totaal"), idx)

    def test_controleer_twente_faalt_op_mini(self):
        res = subprocess.run([sys.executable, self.SCRIPT, MINI, "--controleer-twente"],
                             capture_output=True, text=True)
        self.assertEqual(res.returncode, 1)
        self.assertIn("NIET OK", res.stdout)
        self.assertIn("totale kosten 2024", res.stdout)


if __name__ == "__main__":
    unittest.main()
