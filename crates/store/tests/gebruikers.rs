//! Accounts and login sessions in the real SQLite database.

use store::{NieuweGebruiker, Store, StoreFout};

const HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

fn nieuw(login: &str, rol: &str) -> NieuweGebruiker {
    NieuweGebruiker {
        login: login.into(),
        naam: format!("Naam {login}"),
        rol: rol.into(),
        gemeenten: if rol == "gemeente" {
            vec!["GM0153".into()]
        } else {
            vec![]
        },
        aanbieder: if rol == "aanbieder" {
            "98000101".into()
        } else {
            String::new()
        },
        wachtwoord_hash: HASH.into(),
    }
}

async fn open() -> (tempfile::TempDir, Store) {
    let map = tempfile::tempdir().unwrap();
    let st = Store::open(&map.path().join("j.sqlite")).await.unwrap();
    (map, st)
}

#[tokio::test]
async fn accounts_are_validated_unique_and_never_deleted() {
    let (_m, st) = open().await;
    let g = st
        .gebruiker_toevoegen(&nieuw("anna", "gemeente"), "test")
        .await
        .unwrap();
    assert_eq!(
        (g.rol.as_str(), g.gemeenten.clone(), g.actief),
        ("gemeente", vec!["GM0153".to_string()], true)
    );
    // Unique without regard to case.
    let dubbel = st
        .gebruiker_toevoegen(&nieuw("ANNA", "bestuur"), "test")
        .await;
    assert!(matches!(dubbel, Err(StoreFout::Ongeldig(m)) if m.contains("bestaat al")));
    // Every wrong field is named.
    let mut fout = nieuw("x", "koning");
    fout.wachtwoord_hash = "klare tekst".into();
    let Err(StoreFout::Ongeldig(m)) = st.gebruiker_toevoegen(&fout, "test").await else {
        panic!("ongeldig account opgeslagen")
    };
    for deel in ["inlognaam 'x'", "rol 'koning'", "geen argon2id-hash"] {
        assert!(m.contains(deel), "{m}");
    }
    let zonder_gemeente = NieuweGebruiker {
        gemeenten: vec![],
        ..nieuw("bram", "gemeente")
    };
    assert!(
        st.gebruiker_toevoegen(&zonder_gemeente, "test")
            .await
            .is_err()
    );
    // No delete, even in SQL.
    let r = sqlx::query("DELETE FROM gebruikers")
        .execute(st.pool())
        .await;
    assert!(r.is_err());
    assert_eq!(st.aantal_gebruikers().await.unwrap(), 1);
    // The change is in the audit log, with who did it.
    let log = st.logboek(10).await.unwrap();
    assert!(
        log.iter().any(|r| r.wie == "test"
            && r.wat == "gebruiker toegevoegd"
            && r.details.contains("anna"))
    );
}

#[tokio::test]
async fn sessions_expire_and_end_on_disable_and_new_password() {
    let (_m, st) = open().await;
    let g = st
        .gebruiker_toevoegen(&nieuw("cees", "bestuur"), "test")
        .await
        .unwrap();
    let later = "2999-01-01T00:00:00Z";
    st.inlogsessie_maken("h1", &g, "csrf1", later)
        .await
        .unwrap();
    st.inlogsessie_maken("verlopen", &g, "csrf2", "2000-01-01T00:00:00Z")
        .await
        .unwrap();
    let s = st.inlogsessie("h1").await.unwrap().unwrap();
    assert_eq!(
        (s.gebruiker.login.as_str(), s.csrf.as_str()),
        ("cees", "csrf1")
    );
    assert!(
        st.inlogsessie("verlopen").await.unwrap().is_none(),
        "verlopen sessie geldig"
    );
    assert!(st.inlogsessie("onbekend").await.unwrap().is_none());
    // A new password ends the sessions.
    st.wachtwoord_zetten("cees", HASH, "test").await.unwrap();
    assert!(st.inlogsessie("h1").await.unwrap().is_none());
    // Disabling too, and the account stays (inactive).
    st.inlogsessie_maken("h2", &g, "csrf3", later)
        .await
        .unwrap();
    st.gebruiker_uitschakelen("cees", "test").await.unwrap();
    assert!(st.inlogsessie("h2").await.unwrap().is_none());
    let (g, _) = st.gebruiker_met_hash("CEES").await.unwrap().unwrap();
    assert!(!g.actief);
    // Logout ends one session.
    let d = st
        .gebruiker_toevoegen(&nieuw("dirk", "aanbieder"), "test")
        .await
        .unwrap();
    st.inlogsessie_maken("h3", &d, "c", later).await.unwrap();
    st.inlogsessie_beeindigen("h3", Some("dirk")).await.unwrap();
    assert!(st.inlogsessie("h3").await.unwrap().is_none());
    // Login and logout are in the audit log, written with the session change (newest first).
    let log = st.logboek(20).await.unwrap();
    let regels: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|g| (g.wie.as_str(), g.wat.as_str(), g.details.as_str()))
        .collect();
    assert_eq!(regels[0], ("dirk", "uitgelogd", ""));
    assert_eq!(regels[1], ("dirk", "ingelogd", "rol aanbieder"));
    assert!(regels.contains(&("test", "gebruiker uitgeschakeld", "gebruiker cees")));
    assert!(regels.contains(&("test", "wachtwoord gewijzigd", "gebruiker cees")));
    assert_eq!(
        regels.iter().filter(|r| r.1 == "ingelogd").count(),
        4,
        "één regel per inlogsessie"
    );
    assert!(st.wachtwoord_zetten("niemand", HASH, "test").await.is_err());
}
