//! The PDCA store against real SQLite files in temporary directories.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use store::{
    ActieFilter, Agendapunt, DuidingFilter, NieuweActie, NieuweDuiding, NieuweSessie, Store,
    StoreFout,
};

fn bestand() -> (tempfile::TempDir, PathBuf) {
    let map = tempfile::tempdir().unwrap();
    let pad = map.path().join("jeugdstuur.sqlite");
    (map, pad)
}

async fn open(pad: &Path) -> Store {
    Store::open(pad).await.unwrap()
}

fn punt(indicator: &str, niveau: &str, code: &str, periode: &str) -> Agendapunt {
    Agendapunt {
        indicator: indicator.into(),
        niveau: niveau.into(),
        code: code.into(),
        uitsplitsing: String::new(),
        periode: periode.into(),
        toelichting: format!("{indicator} bespreken"),
    }
}

fn sessie(datum: &str, titel: &str) -> NieuweSessie {
    NieuweSessie {
        datum: datum.into(),
        titel: titel.into(),
        deelnemers: "Anna (Enschede), Bram (Hengelo)".into(),
        release_id: "r0003".into(),
        agenda: vec![
            punt("crisis_start_aandeel", "regio", "regio", "2024"),
            punt("trajectduur", "gemeente", "GM0153", "2024-Q3"),
        ],
        uitgenodigd: Vec::new(),
    }
}

fn duiding(sessie_id: Option<i64>, indicator: &str, periode: &str, tekst: &str) -> NieuweDuiding {
    NieuweDuiding {
        sessie_id,
        indicator: indicator.into(),
        niveau: "gemeente".into(),
        code: "GM0153".into(),
        uitsplitsing: "totaal".into(),
        periode: periode.into(),
        release_id: "r0003".into(),
        waarde_toen: Some(0.125),
        tekst: tekst.into(),
    }
}

fn actie(sessie_id: Option<i64>, titel: &str, status: &str, deadline: Option<&str>) -> NieuweActie {
    NieuweActie {
        sessie_id,
        soort: "verbeteractie".into(),
        titel: titel.into(),
        omschrijving: "Met de aanbieders in gesprek over **crisisplaatsingen**.".into(),
        eigenaar: "Bram".into(),
        deadline: deadline.map(str::to_string),
        status: status.into(),
        indicator: Some("crisis_start_aandeel".into()),
        streefwaarde: Some(0.1),
        eigenaar_login: None,
    }
}

#[tokio::test]
async fn sessions_with_agenda_are_created_listed_and_read_back() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let oud = s
        .maak_sessie("Anna", &sessie("2025-01-15", "Januari"))
        .await
        .unwrap();
    let nieuw = s
        .maak_sessie("Bram", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();

    assert_eq!(oud.versie, 1);
    assert_eq!(oud.status, "gepland");
    assert_eq!(oud.aangemaakt_door, "Anna");
    assert_eq!(oud.aangemaakt_op, oud.gewijzigd_op);
    assert!(oud.aangemaakt_op.ends_with('Z'), "{}", oud.aangemaakt_op);
    assert_eq!(oud.agenda.len(), 2);
    assert_eq!(oud.agenda[0].indicator, "crisis_start_aandeel");
    assert_eq!(oud.agenda[1].code, "GM0153");
    // An empty uitsplitsing is stored as the default.
    assert_eq!(oud.agenda[1].uitsplitsing, "totaal");

    assert_eq!(s.sessie(oud.id).await.unwrap(), Some(oud.clone()));
    assert_eq!(s.sessie(9999).await.unwrap(), None);
    // Newest datum first, whatever the order of entry.
    let lijst = s.sessies().await.unwrap();
    assert_eq!(lijst, vec![nieuw.clone(), oud.clone()]);

    let g = s.geschiedenis("sessies", nieuw.id).await.unwrap();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].versie, 1);
    assert_eq!(g[0].wie, "Bram");
    assert_eq!(g[0].oud, None);
    assert_eq!(g[0].nieuw["titel"], "Maart");
    assert_eq!(g[0].nieuw["agenda"][1]["periode"], "2024-Q3");
}

#[tokio::test]
async fn invited_accounts_are_stored_sorted_replaced_with_the_session_and_in_its_history() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let mut n = sessie("2025-02-01", "Met partners");
    n.uitgenodigd = vec![
        " enschede ".into(),
        "aanbieder1".into(),
        "enschede".into(),
        "".into(),
    ];
    let a = s.maak_sessie("Anna", &n).await.unwrap();
    assert_eq!(a.uitgenodigd, ["aanbieder1", "enschede"]);
    assert_eq!(
        s.sessie(a.id).await.unwrap().unwrap().uitgenodigd,
        a.uitgenodigd
    );
    n.uitgenodigd = vec!["hengelo".into()];
    let b = s
        .wijzig_sessie("Anna", a.id, a.versie, &n, "gepland")
        .await
        .unwrap();
    assert_eq!(b.uitgenodigd, ["hengelo"]);
    assert_eq!(s.sessies().await.unwrap()[0].uitgenodigd, ["hengelo"]);
    let g = s.geschiedenis("sessies", a.id).await.unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(
        g[1].oud.as_ref().unwrap()["uitgenodigd"],
        serde_json::json!(["aanbieder1", "enschede"])
    );
    assert_eq!(g[1].nieuw["uitgenodigd"], serde_json::json!(["hengelo"]));
}

#[tokio::test]
async fn an_action_owned_by_an_account_is_found_by_its_owner_and_its_status_changes_with_a_version()
{
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let mut a = actie(None, "Wachtlijst Hengelo", "open", Some("2025-03-01"));
    a.eigenaar_login = Some("hengelo".into());
    let x = s.voeg_actie_toe("Anna", &a).await.unwrap();
    s.voeg_actie_toe("Anna", &actie(None, "Anders", "open", None))
        .await
        .unwrap();
    let mijn = s
        .acties(&ActieFilter {
            eigenaar_login: Some("hengelo".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(mijn.len(), 1);
    assert_eq!(mijn[0].id, x.id);
    assert!(x.is_lopend());
    assert!(x.te_laat_op("2025-03-02"));
    assert!(!x.te_laat_op("2025-03-01"));
    let mut nieuw = x.als_nieuw();
    nieuw.status = "gereed".into();
    let y = s
        .wijzig_actie("hengelo", x.id, x.versie, &nieuw)
        .await
        .unwrap();
    assert_eq!((y.status.as_str(), y.versie), ("gereed", 2));
    assert_eq!(y.eigenaar_login.as_deref(), Some("hengelo"));
    assert!(!y.is_lopend() && !y.te_laat_op("2025-03-02"));
    // A stale status update is refused like any stale edit.
    assert!(
        s.wijzig_actie("hengelo", x.id, x.versie, &nieuw)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_edit_with_the_right_version_raises_it_and_writes_history() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;

    // Session: fields, status and agenda replaced.
    let v1 = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let mut invoer = sessie("2025-03-13", "Maart (verzet)");
    invoer.agenda = vec![punt("verblijf_instroom", "segment", "verblijf", "2024")];
    let v2 = s
        .wijzig_sessie("Bram", v1.id, 1, &invoer, "gehouden")
        .await
        .unwrap();
    assert_eq!(v2.versie, 2);
    assert_eq!(v2.status, "gehouden");
    assert_eq!(v2.datum, "2025-03-13");
    assert_eq!(v2.aangemaakt_door, "Anna");
    assert_eq!(v2.agenda.len(), 1);
    assert_eq!(v2.agenda[0].indicator, "verblijf_instroom");
    assert_eq!(s.sessie(v1.id).await.unwrap(), Some(v2.clone()));
    let g = s.geschiedenis("sessies", v1.id).await.unwrap();
    assert_eq!(g.iter().map(|w| w.versie).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(g[1].wie, "Bram");
    let oud = g[1].oud.as_ref().expect("an update keeps the old record");
    assert_eq!(oud["titel"], "Maart");
    assert_eq!(oud["versie"], 1);
    // The old agenda is not lost: it is in the history.
    assert_eq!(oud["agenda"].as_array().unwrap().len(), 2);
    assert_eq!(g[1].nieuw, serde_json::to_value(&v2).unwrap());

    // Duiding: text only; the author stays.
    let d1 = s
        .voeg_duiding_toe(
            "Anna",
            &duiding(
                Some(v1.id),
                "crisis_start_aandeel",
                "2024",
                "Eerste lezing.",
            ),
        )
        .await
        .unwrap();
    let d2 = s
        .wijzig_duiding("Bram", d1.id, 1, "Tweede lezing.")
        .await
        .unwrap();
    assert_eq!(
        (d2.versie, d2.tekst.as_str(), d2.auteur.as_str()),
        (2, "Tweede lezing.", "Anna")
    );
    assert_eq!(d2.waarde_toen, Some(0.125));
    let g = s.geschiedenis("duidingen", d1.id).await.unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g[1].oud.as_ref().unwrap()["tekst"], "Eerste lezing.");
    assert_eq!(g[1].nieuw["tekst"], "Tweede lezing.");
    assert_eq!(g[1].wie, "Bram");

    // Action: all fields.
    let a1 = s
        .voeg_actie_toe(
            "Anna",
            &actie(Some(v1.id), "Gesprek", "open", Some("2025-06-01")),
        )
        .await
        .unwrap();
    let mut nieuw = actie(Some(v1.id), "Gesprek gevoerd", "gereed", None);
    nieuw.streefwaarde = None;
    let a2 = s.wijzig_actie("Bram", a1.id, 1, &nieuw).await.unwrap();
    assert_eq!(a2.versie, 2);
    assert_eq!(a2.status, "gereed");
    assert_eq!(a2.deadline, None);
    assert_eq!(a2.streefwaarde, None);
    assert_eq!(a2.aangemaakt_op, a1.aangemaakt_op);
    let g = s.geschiedenis("acties", a1.id).await.unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g[1].oud.as_ref().unwrap()["status"], "open");
    assert_eq!(g[1].oud.as_ref().unwrap()["deadline"], "2025-06-01");
    assert_eq!(g[1].nieuw["status"], "gereed");
    assert!(g[1].nieuw["deadline"].is_null());
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_nothing_is_overwritten() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let sess = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let d = s
        .voeg_duiding_toe(
            "Anna",
            &duiding(Some(sess.id), "crisis_start_aandeel", "2024", "Origineel."),
        )
        .await
        .unwrap();
    // Anna and Bram both loaded versie 1; Anna saves first.
    let van_anna = s
        .wijzig_duiding("Anna", d.id, 1, "Anna's tekst.")
        .await
        .unwrap();
    let fout = s
        .wijzig_duiding("Bram", d.id, 1, "Bram's tekst.")
        .await
        .unwrap_err();
    match &fout {
        StoreFout::Verouderd {
            wat,
            id,
            jouw_versie,
            huidige_versie,
            door,
            op,
        } => {
            assert_eq!(*wat, "duiding");
            assert_eq!(*id, d.id);
            assert_eq!(*jouw_versie, 1);
            assert_eq!(*huidige_versie, 2);
            assert_eq!(door, "Anna");
            assert_eq!(op, &van_anna.gewijzigd_op);
        }
        anders => panic!("verwacht Verouderd, kreeg {anders:?}"),
    }
    let tekst = fout.to_string();
    assert!(
        tekst.starts_with(
            "Iemand anders heeft deze duiding intussen gewijzigd (versie 2 door Anna om "
        ),
        "{tekst}"
    );
    assert!(tekst.contains("uw wijziging is niet opgeslagen"), "{tekst}");
    assert!(tekst.contains("Laad de pagina opnieuw"), "{tekst}");
    // The stored row is Anna's, and Bram's attempt left no history.
    let opgeslagen = s.duidingen(&DuidingFilter::default()).await.unwrap();
    assert_eq!(opgeslagen, vec![van_anna.clone()]);
    assert_eq!(s.geschiedenis("duidingen", d.id).await.unwrap().len(), 2);

    // The same for a session and an action.
    let s2 = s
        .wijzig_sessie(
            "Anna",
            sess.id,
            1,
            &sessie("2025-03-12", "Maart A"),
            "gehouden",
        )
        .await
        .unwrap();
    let fout = s
        .wijzig_sessie(
            "Bram",
            sess.id,
            1,
            &sessie("2025-03-12", "Maart B"),
            "gepland",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            fout,
            StoreFout::Verouderd {
                wat: "sessie",
                huidige_versie: 2,
                ..
            }
        ),
        "{fout:?}"
    );
    assert!(fout.to_string().contains("deze sessie"), "{fout}");
    assert_eq!(s.sessie(sess.id).await.unwrap(), Some(s2));

    let a = s
        .voeg_actie_toe("Anna", &actie(None, "Gesprek", "open", None))
        .await
        .unwrap();
    let a2 = s
        .wijzig_actie("Anna", a.id, 1, &actie(None, "Gesprek", "loopt", None))
        .await
        .unwrap();
    let a3 = s
        .wijzig_actie("Anna", a.id, 2, &actie(None, "Gesprek", "gereed", None))
        .await
        .unwrap();
    assert_eq!(a3.versie, 3);
    let fout = s
        .wijzig_actie(
            "Bram",
            a.id,
            a2.versie,
            &actie(None, "Gesprek", "vervallen", None),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&fout, StoreFout::Verouderd { wat: "actie", jouw_versie: 2, huidige_versie: 3, door, .. } if door == "Anna"),
        "{fout:?}"
    );
    assert_eq!(s.acties(&ActieFilter::default()).await.unwrap(), vec![a3]);

    // An unknown id is not "stale" but "not found".
    let fout = s.wijzig_duiding("Bram", 999, 1, "x").await.unwrap_err();
    assert!(
        matches!(
            fout,
            StoreFout::NietGevonden {
                wat: "duiding",
                id: 999
            }
        ),
        "{fout:?}"
    );
    assert_eq!(fout.to_string(), "duiding 999 bestaat niet");
    let fout = s
        .wijzig_actie("Bram", 999, 1, &actie(None, "x", "open", None))
        .await
        .unwrap_err();
    assert!(
        matches!(
            fout,
            StoreFout::NietGevonden {
                wat: "actie",
                id: 999
            }
        ),
        "{fout:?}"
    );
    let fout = s
        .wijzig_sessie("Bram", 999, 1, &sessie("2025-03-12", "x"), "gepland")
        .await
        .unwrap_err();
    assert!(
        matches!(
            fout,
            StoreFout::NietGevonden {
                wat: "sessie",
                id: 999
            }
        ),
        "{fout:?}"
    );
    let fout = s
        .voeg_duiding_toe("Bram", &duiding(Some(999), "x", "2024", "x"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            fout,
            StoreFout::NietGevonden {
                wat: "sessie",
                id: 999
            }
        ),
        "{fout:?}"
    );
}

#[tokio::test]
async fn everything_survives_a_restart() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let sess = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let sess = s
        .wijzig_sessie(
            "Anna",
            sess.id,
            1,
            &sessie("2025-03-12", "Maart"),
            "gehouden",
        )
        .await
        .unwrap();
    let d = s
        .voeg_duiding_toe(
            "Anna",
            &duiding(Some(sess.id), "trajectduur", "2024", "Langer."),
        )
        .await
        .unwrap();
    let d = s
        .wijzig_duiding("Bram", d.id, 1, "Langer dan vorig jaar.")
        .await
        .unwrap();
    let a = s
        .voeg_actie_toe(
            "Bram",
            &actie(Some(sess.id), "Gesprek", "open", Some("2025-06-01")),
        )
        .await
        .unwrap();
    let g_voor = (
        s.geschiedenis("sessies", sess.id).await.unwrap(),
        s.geschiedenis("duidingen", d.id).await.unwrap(),
        s.geschiedenis("acties", a.id).await.unwrap(),
    );
    s.pool().close().await;

    let s = open(&pad).await;
    assert_eq!(s.sessies().await.unwrap(), vec![sess.clone()]);
    assert_eq!(
        s.duidingen(&DuidingFilter::default()).await.unwrap(),
        vec![d.clone()]
    );
    assert_eq!(
        s.acties(&ActieFilter::default()).await.unwrap(),
        vec![a.clone()]
    );
    let g_na = (
        s.geschiedenis("sessies", sess.id).await.unwrap(),
        s.geschiedenis("duidingen", d.id).await.unwrap(),
        s.geschiedenis("acties", a.id).await.unwrap(),
    );
    assert_eq!(g_voor, g_na);
    assert_eq!((g_na.0.len(), g_na.1.len(), g_na.2.len()), (2, 2, 1));
    // And the versions go on where they were.
    let d3 = s
        .wijzig_duiding("Anna", d.id, 2, "Derde versie.")
        .await
        .unwrap();
    assert_eq!(d3.versie, 3);
}

async fn tel(s: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(s.pool()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn fifty_concurrent_writers_on_one_pool_all_succeed() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    // A third of them first read (does the session exist?) and then write.
    let sess = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let mut taken = Vec::new();
    for i in 0..50 {
        let s = s.clone();
        let sessie_id = (i % 3 == 0).then_some(sess.id);
        taken.push(tokio::spawn(async move {
            s.voeg_duiding_toe(
                &format!("schrijver {i}"),
                &duiding(sessie_id, "trajectduur", "2024", &format!("Duiding {i}.")),
            )
            .await
        }));
    }
    for t in taken {
        t.await
            .unwrap()
            .expect("no writer may fail (database is locked)");
    }
    assert_eq!(tel(&s, "SELECT count(*) FROM duidingen").await, 50);
    assert_eq!(
        tel(
            &s,
            "SELECT count(*) FROM geschiedenis WHERE tabel = 'duidingen'"
        )
        .await,
        50
    );
    assert_eq!(
        tel(&s, "SELECT count(DISTINCT tekst) FROM duidingen").await,
        50
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn fifty_concurrent_writers_through_two_stores_on_one_file_all_succeed() {
    let (_map, pad) = bestand();
    let een = open(&pad).await;
    let twee = open(&pad).await;
    let sess = een
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let mut taken = Vec::new();
    for i in 0..50 {
        let sessie_id = (i % 3 == 0).then_some(sess.id);
        let s = if i % 2 == 0 {
            een.clone()
        } else {
            twee.clone()
        };
        taken.push(tokio::spawn(async move {
            s.voeg_duiding_toe(
                &format!("schrijver {i}"),
                &duiding(sessie_id, "trajectduur", "2024", &format!("Duiding {i}.")),
            )
            .await
        }));
    }
    for t in taken {
        t.await
            .unwrap()
            .expect("no writer may fail (database is locked)");
    }
    for s in [&een, &twee] {
        assert_eq!(tel(s, "SELECT count(*) FROM duidingen").await, 50);
        assert_eq!(
            tel(
                s,
                "SELECT count(*) FROM geschiedenis WHERE tabel = 'duidingen'"
            )
            .await,
            50
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_edits_of_one_version_let_exactly_one_win() {
    // Each edit reads the row and then writes it: in a deferred transaction this read-to-write
    // upgrade fails at once with "database is locked"; BEGIN IMMEDIATE makes writers queue.
    let (_map, pad) = bestand();
    let een = open(&pad).await;
    let twee = open(&pad).await;
    let d = een
        .voeg_duiding_toe("Anna", &duiding(None, "trajectduur", "2024", "Origineel."))
        .await
        .unwrap();
    let mut taken = Vec::new();
    for i in 0..20 {
        let s = if i % 2 == 0 {
            een.clone()
        } else {
            twee.clone()
        };
        taken.push(tokio::spawn(async move {
            s.wijzig_duiding(
                &format!("schrijver {i}"),
                d.id,
                1,
                &format!("Versie van {i}."),
            )
            .await
        }));
    }
    let mut gelukt = Vec::new();
    let mut verouderd = 0;
    for t in taken {
        match t.await.unwrap() {
            Ok(d) => gelukt.push(d),
            Err(StoreFout::Verouderd {
                huidige_versie: 2, ..
            }) => verouderd += 1,
            Err(anders) => panic!("onverwachte fout: {anders}"),
        }
    }
    assert_eq!(gelukt.len(), 1);
    assert_eq!(verouderd, 19);
    assert_eq!(
        een.duidingen(&DuidingFilter::default()).await.unwrap(),
        gelukt
    );
    assert_eq!(een.geschiedenis("duidingen", d.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn open_actions_are_carried_forward_from_earlier_sessions_only() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let s1 = s
        .maak_sessie("Anna", &sessie("2025-01-15", "Januari"))
        .await
        .unwrap();
    // Entered out of date order on purpose: "earlier" is by datum, not by id.
    let s3 = s
        .maak_sessie("Anna", &sessie("2025-05-20", "Mei"))
        .await
        .unwrap();
    let s2 = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let s4 = s
        .maak_sessie("Anna", &sessie("2999-01-01", "Ver weg"))
        .await
        .unwrap();

    let open1 = s
        .voeg_actie_toe(
            "Anna",
            &actie(Some(s1.id), "open uit januari", "open", Some("2025-04-01")),
        )
        .await
        .unwrap();
    let loopt1 = s
        .voeg_actie_toe(
            "Anna",
            &actie(Some(s1.id), "loopt uit januari", "loopt", None),
        )
        .await
        .unwrap();
    let gereed1 = s
        .voeg_actie_toe(
            "Anna",
            &actie(Some(s1.id), "gereed uit januari", "gereed", None),
        )
        .await
        .unwrap();
    let vervallen1 = s
        .voeg_actie_toe("Anna", &actie(Some(s1.id), "vervallen", "vervallen", None))
        .await
        .unwrap();
    let eigen2 = s
        .voeg_actie_toe(
            "Anna",
            &actie(Some(s2.id), "uit maart zelf", "open", Some("2025-03-30")),
        )
        .await
        .unwrap();
    let later3 = s
        .voeg_actie_toe("Anna", &actie(Some(s3.id), "uit mei", "open", None))
        .await
        .unwrap();
    // Created today, outside a session: after March 2025, before 2999.
    let los = s
        .voeg_actie_toe("Anna", &actie(None, "los", "open", Some("2026-01-01")))
        .await
        .unwrap();

    let ids = |v: Vec<store::Actie>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.open_acties_voor(s2.id).await.unwrap()),
        vec![open1.id, loopt1.id]
    );
    assert_eq!(
        ids(s.open_acties_voor(s1.id).await.unwrap()),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(s.open_acties_voor(s3.id).await.unwrap()),
        vec![eigen2.id, open1.id, loopt1.id]
    );
    // Ordered by deadline (none last), then id.
    assert_eq!(
        ids(s.open_acties_voor(s4.id).await.unwrap()),
        vec![eigen2.id, open1.id, los.id, loopt1.id, later3.id]
    );
    for niet in [gereed1.id, vervallen1.id] {
        assert!(!ids(s.open_acties_voor(s4.id).await.unwrap()).contains(&niet));
    }
    // Once done, it is no longer carried forward.
    let mut klaar = actie(
        Some(s1.id),
        "open uit januari",
        "gereed",
        Some("2025-04-01"),
    );
    klaar.omschrijving = "Afgerond.".into();
    s.wijzig_actie("Bram", open1.id, 1, &klaar).await.unwrap();
    assert_eq!(
        ids(s.open_acties_voor(s2.id).await.unwrap()),
        vec![loopt1.id]
    );
    let fout = s.open_acties_voor(12345).await.unwrap_err();
    assert!(
        matches!(
            fout,
            StoreFout::NietGevonden {
                wat: "sessie",
                id: 12345
            }
        ),
        "{fout:?}"
    );
}

#[tokio::test]
async fn filters_select_and_order() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let sess = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let d1 = s
        .voeg_duiding_toe(
            "Anna",
            &duiding(Some(sess.id), "trajectduur", "2024", "Een."),
        )
        .await
        .unwrap();
    let d2 = s
        .voeg_duiding_toe("Anna", &duiding(None, "trajectduur", "2024", "Twee."))
        .await
        .unwrap();
    let mut anders = duiding(None, "trajectduur", "2024", "Regio.");
    anders.niveau = "regio".into();
    anders.code = "regio".into();
    let d3 = s.voeg_duiding_toe("Anna", &anders).await.unwrap();
    let d4 = s
        .voeg_duiding_toe(
            "Anna",
            &duiding(None, "crisis_start_aandeel", "2024-Q3", "Crisis."),
        )
        .await
        .unwrap();

    let ids = |v: Vec<store::Duiding>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.duidingen(&DuidingFilter::default()).await.unwrap()),
        vec![d4.id, d3.id, d2.id, d1.id]
    );
    let f = DuidingFilter {
        indicator: Some("trajectduur".into()),
        code: Some("GM0153".into()),
        ..Default::default()
    };
    assert_eq!(ids(s.duidingen(&f).await.unwrap()), vec![d2.id, d1.id]);
    let f = DuidingFilter {
        sessie_id: Some(sess.id),
        ..Default::default()
    };
    assert_eq!(ids(s.duidingen(&f).await.unwrap()), vec![d1.id]);
    let f = DuidingFilter {
        periode: Some("2024-Q3".into()),
        niveau: Some("gemeente".into()),
        ..Default::default()
    };
    assert_eq!(ids(s.duidingen(&f).await.unwrap()), vec![d4.id]);
    assert_eq!(
        s.laatste_duiding("trajectduur", "gemeente", "GM0153", "2024")
            .await
            .unwrap(),
        Some(d2)
    );
    assert_eq!(
        s.laatste_duiding("trajectduur", "regio", "regio", "2024")
            .await
            .unwrap(),
        Some(d3)
    );
    assert_eq!(
        s.laatste_duiding("trajectduur", "gemeente", "GM0153", "2023")
            .await
            .unwrap(),
        None
    );

    let a1 = s
        .voeg_actie_toe(
            "Anna",
            &actie(Some(sess.id), "zonder deadline", "open", None),
        )
        .await
        .unwrap();
    let a2 = s
        .voeg_actie_toe("Anna", &actie(None, "laat", "loopt", Some("2025-12-01")))
        .await
        .unwrap();
    let a3 = s
        .voeg_actie_toe("Anna", &actie(None, "vroeg", "gereed", Some("2025-02-01")))
        .await
        .unwrap();
    let mut b = actie(Some(sess.id), "besluit", "open", None);
    b.soort = "besluit".into();
    b.indicator = None;
    b.eigenaar = String::new(); // a besluit needs no owner
    let a4 = s.voeg_actie_toe("Anna", &b).await.unwrap();
    assert_eq!(a4.indicator, None);

    let ids = |v: Vec<store::Actie>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.acties(&ActieFilter::default()).await.unwrap()),
        vec![a3.id, a2.id, a1.id, a4.id]
    );
    let f = ActieFilter {
        status: Some(vec!["open".into(), "loopt".into()]),
        ..Default::default()
    };
    assert_eq!(ids(s.acties(&f).await.unwrap()), vec![a2.id, a1.id, a4.id]);
    let f = ActieFilter {
        sessie_id: Some(sess.id),
        indicator: Some("crisis_start_aandeel".into()),
        ..Default::default()
    };
    assert_eq!(ids(s.acties(&f).await.unwrap()), vec![a1.id]);
    let f = ActieFilter {
        status: Some(vec![]),
        ..Default::default()
    };
    assert_eq!(ids(s.acties(&f).await.unwrap()), Vec::<i64>::new());
    let f = ActieFilter {
        status: Some(vec!["klaar".into()]),
        ..Default::default()
    };
    let fout = s.acties(&f).await.unwrap_err();
    assert!(
        fout.to_string().contains("status (filter) 'klaar'"),
        "{fout}"
    );
}

#[tokio::test]
async fn jaaroverzicht_counts_match_a_hand_count() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let maart = s
        .maak_sessie("Anna", &sessie("2024-03-01", "Maart 2024"))
        .await
        .unwrap();
    let sept = s
        .maak_sessie("Anna", &sessie("2024-09-10", "September 2024"))
        .await
        .unwrap();
    let jan = s
        .maak_sessie("Anna", &sessie("2025-01-15", "Januari 2025"))
        .await
        .unwrap();
    for (sessie_id, status) in [
        (maart.id, "open"),
        (maart.id, "gereed"),
        (sept.id, "open"),
        (sept.id, "vervallen"),
        (jan.id, "loopt"),
    ] {
        s.voeg_actie_toe("Anna", &actie(Some(sessie_id), "actie", status, None))
            .await
            .unwrap();
    }
    // Outside a session, created now (not in 2024).
    s.voeg_actie_toe("Anna", &actie(None, "los", "open", None))
        .await
        .unwrap();
    // Duidingen (all created now): periode 2024-Q3 and 2024 count for 2024, 2023 does not.
    s.voeg_duiding_toe("Anna", &duiding(None, "trajectduur", "2024-Q3", "a"))
        .await
        .unwrap();
    s.voeg_duiding_toe("Anna", &duiding(None, "trajectduur", "2024", "b"))
        .await
        .unwrap();
    s.voeg_duiding_toe("Anna", &duiding(None, "crisis_start_aandeel", "2024", "c"))
        .await
        .unwrap();
    s.voeg_duiding_toe("Anna", &duiding(None, "wachttijd", "2023", "d"))
        .await
        .unwrap();

    let j = s.jaaroverzicht(2024).await.unwrap();
    assert_eq!(j.jaar, 2024);
    assert_eq!(
        j.sessies.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![maart.id, sept.id]
    );
    assert_eq!(j.sessies[0].agenda.len(), 2);
    let telling: Vec<(&str, i64)> = j
        .acties_per_status
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        telling,
        vec![("gereed", 1), ("loopt", 0), ("open", 2), ("vervallen", 1)]
    );
    assert_eq!(j.indicatoren, vec!["crisis_start_aandeel", "trajectduur"]);

    let j = s.jaaroverzicht(2025).await.unwrap();
    assert_eq!(
        j.sessies.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![jan.id]
    );
    let dit_jaar = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .year();
    let verwacht_open = if dit_jaar == 2025 { 1 } else { 0 };
    assert_eq!(j.acties_per_status["loopt"], 1);
    assert_eq!(j.acties_per_status["open"], verwacht_open);
    assert_eq!(
        j.acties_per_status["gereed"] + j.acties_per_status["vervallen"],
        0
    );

    // This year: every duiding was created now, so all three indicators; the loose action.
    let j = s.jaaroverzicht(dit_jaar).await.unwrap();
    assert_eq!(
        j.indicatoren,
        vec!["crisis_start_aandeel", "trajectduur", "wachttijd"]
    );
    assert!(j.acties_per_status["open"] >= 1);

    let j = s.jaaroverzicht(2019).await.unwrap();
    assert!(j.sessies.is_empty() && j.indicatoren.is_empty());
    assert!(j.acties_per_status.values().all(|n| *n == 0));
    assert_eq!(j.acties_per_status.len(), 4);
}

#[tokio::test]
async fn invalid_input_is_refused_with_a_message_naming_field_and_value() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let ongeldig = |f: StoreFout| match f {
        StoreFout::Ongeldig(t) => t,
        anders => panic!("verwacht Ongeldig, kreeg {anders:?}"),
    };

    let mut fout = sessie("12-03-2025", "  ");
    fout.release_id = "3".into();
    fout.agenda[1].niveau = "land".into();
    let t = ongeldig(s.maak_sessie("Anna", &fout).await.unwrap_err());
    assert!(
        t.contains("datum '12-03-2025' is geen geldige datum"),
        "{t}"
    );
    assert!(t.contains("titel is leeg"), "{t}");
    assert!(t.contains("release_id '3' is ongeldig"), "{t}");
    assert!(
        t.contains(
            "agendapunt 2: niveau 'land' is ongeldig; kies uit: regio, gemeente, segment, aanbieder"
        ),
        "{t}"
    );
    assert!(s.sessies().await.unwrap().is_empty(), "nothing is stored");

    let t = ongeldig(
        s.maak_sessie("Anna", &sessie("2025-02-30", "x"))
            .await
            .unwrap_err(),
    );
    assert!(t.contains("datum '2025-02-30'"), "{t}");
    let t = ongeldig(
        s.maak_sessie("", &sessie("2025-02-03", "x"))
            .await
            .unwrap_err(),
    );
    assert!(t.contains("wie"), "{t}");

    let sess = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    let t = ongeldig(
        s.wijzig_sessie(
            "Anna",
            sess.id,
            1,
            &sessie("2025-03-12", "Maart"),
            "afgerond",
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(
        t,
        "status 'afgerond' is ongeldig; kies uit: gepland, gehouden"
    );
    assert_eq!(s.sessie(sess.id).await.unwrap(), Some(sess.clone()));

    let mut d = duiding(None, "trajectduur", "2024", " \n ");
    d.waarde_toen = Some(f64::NAN);
    d.niveau = "wijk".into();
    let t = ongeldig(s.voeg_duiding_toe("Anna", &d).await.unwrap_err());
    assert!(t.contains("tekst is leeg"), "{t}");
    assert!(t.contains("waarde_toen 'NaN'"), "{t}");
    assert!(t.contains("niveau 'wijk'"), "{t}");
    let goed = s
        .voeg_duiding_toe("Anna", &duiding(None, "trajectduur", "2024", "Goed."))
        .await
        .unwrap();
    let t = ongeldig(s.wijzig_duiding("Anna", goed.id, 1, "").await.unwrap_err());
    assert!(t.contains("tekst is leeg"), "{t}");

    let mut a = actie(None, "", "klaar", Some("31-12-2025"));
    a.soort = "wens".into();
    let t = ongeldig(s.voeg_actie_toe("Anna", &a).await.unwrap_err());
    assert!(
        t.contains("soort 'wens' is ongeldig; kies uit: besluit, verbeteractie"),
        "{t}"
    );
    assert!(t.contains("titel is leeg"), "{t}");
    assert!(
        t.contains("status 'klaar' is ongeldig; kies uit: open, loopt, gereed, vervallen"),
        "{t}"
    );
    assert!(
        t.contains("deadline '31-12-2025' is geen geldige datum"),
        "{t}"
    );
    let mut a = actie(None, "Gesprek", "open", None);
    a.eigenaar = " ".into();
    let t = ongeldig(s.voeg_actie_toe("Anna", &a).await.unwrap_err());
    assert!(t.contains("eigenaar"), "{t}");
    assert!(s.acties(&ActieFilter::default()).await.unwrap().is_empty());

    let t = ongeldig(s.geschiedenis("gebruikers", 1).await.unwrap_err());
    assert!(t.contains("tabel 'gebruikers'"), "{t}");
}

#[tokio::test]
async fn the_schema_refuses_deletes_and_history_rewrites() {
    let (_map, pad) = bestand();
    let s = open(&pad).await;
    let sess = s
        .maak_sessie("Anna", &sessie("2025-03-12", "Maart"))
        .await
        .unwrap();
    s.voeg_duiding_toe("Anna", &duiding(Some(sess.id), "trajectduur", "2024", "x"))
        .await
        .unwrap();
    s.voeg_actie_toe("Anna", &actie(Some(sess.id), "x", "open", None))
        .await
        .unwrap();
    for sql in [
        "DELETE FROM acties",
        "DELETE FROM duidingen",
        "DELETE FROM sessies",
        "DELETE FROM geschiedenis",
        "UPDATE geschiedenis SET wie = 'iemand anders'",
        "UPDATE duidingen SET tekst = 'stiekem'", // versie not raised
        "UPDATE acties SET status = 'gek', versie = versie + 1", // CHECK constraint
        "INSERT INTO sessies (datum, titel, release_id, status, aangemaakt_door, aangemaakt_op, gewijzigd_op) \
         VALUES ('2025-1-1', 't', 'r0001', 'gepland', 'x', 'x', 'x')",
    ] {
        assert!(
            sqlx::query(sql).execute(s.pool()).await.is_err(),
            "{sql} should be refused"
        );
    }
    assert_eq!(tel(&s, "SELECT count(*) FROM geschiedenis").await, 3);
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    assert!(sqlx::query("INSERT INTO agendapunten (sessie_id, volgorde, indicator, niveau, code, periode) VALUES (999, 1, 'x', 'regio', 'regio', '2024')")
        .execute(s.pool())
        .await
        .is_err());
}
