//! The dashboard over real HTTP: the real server on a free port, on a real release.

use crate::repo;
use crate::server::{get, get_bytes, ingest_fixture, start};

#[test]
fn pages_show_the_stored_figures_in_dutch() {
    let data = ingest_fixture();
    let server = start(data.path());

    let (status, api) = get(
        &server.1,
        "/api/indicatoren?indicator=jeugdhulp_gebruik&periode=2024&niveau=regio",
    );
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&api).unwrap();
    let w = &json[0];
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert!(!api.contains("client_id") && !api.contains("\"P0"));
    // The page shows the same figure, recomputed here from teller and noemer, Dutch style.
    let pct = 100.0 * w["teller"].as_f64().unwrap() / w["noemer"].as_f64().unwrap();
    let verwacht = format!("{pct:.1}%").replace('.', ",");

    let (status, pagina) = get(&server.1, "/?periode=2024");
    assert_eq!(status, 200);
    assert!(pagina.contains("<html lang=\"nl\">"));
    assert!(pagina.contains("Jeugdhulpgebruik"));
    assert!(pagina.contains(&verwacht), "{verwacht} niet op de pagina");
    // A small gemeente: values below the threshold are shown as not shown, never as numbers.
    let (status, losser) = get(&server.1, "/?periode=2024-01&gemeente=GM0168");
    assert_eq!(status, 200);
    assert!(losser.contains("niet getoond"));

    let (status, def) = get(&server.1, "/definities");
    assert_eq!(status, 200);
    assert!(def.contains("Hermeldingen Veilig Thuis") && def.contains("Onze keuze"));
}

/// A pseudonym as the deliveries write it: `P` and twelve hex digits.
pub(crate) fn bevat_pseudoniem(tekst: &str) -> Option<String> {
    let b = tekst.as_bytes();
    (0..b.len().saturating_sub(12)).find_map(|i| {
        let kandidaat = &b[i..i + 13];
        let past = kandidaat[0] == b'P'
            && kandidaat[1..]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 13).is_none_or(|c| !c.is_ascii_alphanumeric());
        past.then(|| String::from_utf8_lossy(kandidaat).to_string())
    })
}

#[test]
fn every_page_renders_with_real_numbers_and_filters_in_the_url() {
    let data = ingest_fixture();
    let server = start(data.path());
    let catalogus: serde_json::Value =
        serde_json::from_str(&get(&server.1, "/api/catalogus").1).unwrap();
    let mut paden: Vec<String> = vec![
        "/".into(),
        "/?soort=kwartaal".into(),
        "/?soort=maand&gemeente=GM0153&segment=verblijf".into(),
        "/gemeente".into(),
        "/gemeente/GM0153?periode=2023".into(),
        "/verblijf".into(),
        "/verblijf?soort=kwartaal&gemeente=GM0164".into(),
        "/datakwaliteit".into(),
        "/definities".into(),
        "/aanbieders".into(),
        "/aanbieder/98000101".into(),
        "/aanbieder/98000101?soort=kwartaal".into(),
        "/vergelijking/volgens_plan_aandeel?aanbieder=98000101".into(),
        "/verblijf?segment=wonen&soort=kwartaal".into(),
    ];
    for d in catalogus.as_array().unwrap() {
        paden.push(format!("/indicator/{}", d["id"].as_str().unwrap()));
    }
    for pad in &paden {
        let (status, html) = get(&server.1, pad);
        assert_eq!(status, 200, "{pad}");
        assert!(html.contains("<html lang=\"nl\">"), "{pad}");
        assert_eq!(html.matches("<h1>").count(), 1, "{pad}: één h1");
        // Real figures with a decimal comma (e.g. "13,6%" or "1.234"), never a decimal point.
        let komma = html
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
            // or an amount with a thousands dot ("€ 2.922.940")
            || html.as_bytes().windows(5).any(|w| {
                w[0].is_ascii_digit() && w[1] == b'.' && w[2..].iter().all(u8::is_ascii_digit)
            }) && html.contains("€ ");
        let punt = html.contains("%</td>") && html.contains(".5%");
        assert!(
            komma || pad == "/definities" || pad == "/gemeente",
            "{pad}: geen getal met komma"
        );
        assert!(!punt, "{pad}: decimale punt");
        assert!(bevat_pseudoniem(&html).is_none(), "{pad}: pseudoniem");
    }

    // Filters live in the URL and change what is shown.
    let (_, enschede) = get(&server.1, "/?periode=2023&gemeente=GM0153");
    assert!(enschede.contains("<h1>Overzicht Enschede — 2023</h1>"));
    let (_, kwartaal) = get(&server.1, "/?soort=kwartaal&periode=2024-Q2");
    assert!(kwartaal.contains("2e kwartaal 2024"));
    // A period of another kind than asked falls back to that kind's default, not an error.
    let (status, html) = get(&server.1, "/?soort=maand&periode=2024");
    assert_eq!(status, 200);
    assert!(
        html.contains("Periode 2024 hoort niet bij"),
        "de pagina zegt wat ze toont"
    );
    // The indicator page's trend table shows the stored values of the API.
    let (_, api) = get(
        &server.1,
        "/api/indicatoren?indicator=gezinsgericht_aandeel&periode=2022&niveau=regio&uitsplitsing=totaal",
    );
    let w: serde_json::Value = serde_json::from_str(&api).unwrap();
    let pct = w[0]["waarde"].as_f64().unwrap();
    let (_, ind) = get(&server.1, "/indicator/gezinsgericht_aandeel?periode=2024");
    let tekst = format!("{pct:.1}%").replace('.', ",");
    assert!(ind.contains(&tekst), "{tekst} niet in de trendtabel");
    assert!(
        ind.contains("<svg") && ind.contains("<title"),
        "grafiek met titel"
    );
    // Unknown things give a Dutch 404.
    assert_eq!(get(&server.1, "/indicator/bestaat_niet").0, 404);
    assert_eq!(get(&server.1, "/gemeente/GM0363").0, 404);
    assert_eq!(get(&server.1, "/?release=r9999").0, 404);
    assert_eq!(get(&server.1, "/aanbieder/12345678").0, 404);
    // The JSON API answers its errors as JSON (web::api::ApiFout), never as the HTML page.
    for (pad, fout) in [
        (
            "/api/tabellen/bestaat_niet",
            "Er is geen tabel 'bestaat_niet'.",
        ),
        (
            "/api/tabellen/overzicht?release=r9999",
            "Release r9999 bestaat niet of is niet leesbaar. Kies een release in het filter.",
        ),
        (
            "/api/bestaat/niet",
            "/api/bestaat/niet bestaat niet; zie /api/openapi.json.",
        ),
    ] {
        let (status, body) = get(&server.1, pad);
        assert_eq!(status, 404, "{pad}");
        let v: serde_json::Value = serde_json::from_str(&body).expect(pad);
        assert_eq!(v, serde_json::json!({ "fout": fout }), "{pad}");
    }
    // Per segment the verblijf page shows the segment's own flow, which closes.
    let (_, wonen) = get(&server.1, "/verblijf?segment=wonen&soort=kwartaal");
    assert!(wonen.contains("segment wonen") && wonen.contains("Per inkoopsegment"));
    assert!(
        wonen.contains("Controle: stand begin"),
        "de stroom per segment sluit"
    );
    // The provider comparison lists providers by name, not by value.
    let (_, verg) = get(&server.1, "/api/tabellen/vergelijking-volgens_plan_aandeel");
    let verg: serde_json::Value = serde_json::from_str(&verg).unwrap();
    let namen: Vec<&str> = verg["rijen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["aanbieder"].as_str().unwrap())
        .collect();
    assert!(namen.len() >= 3, "{namen:?}");
    let mut gesorteerd = namen.clone();
    gesorteerd.sort();
    assert_eq!(namen, gesorteerd);
    // The standardised ratio shown is the stored O and E: O/E = waargenomen / verwacht.
    let mut met_oe = 0;
    for rij in verg["rijen"].as_array().unwrap() {
        if let (Some(o), Some(e), Some(oe)) = (
            rij["waargenomen"].as_f64(),
            rij["verwacht"].as_f64(),
            rij["oe"].as_f64(),
        ) {
            met_oe += 1;
            assert!((o / e - oe).abs() < 1e-9, "{rij}");
            assert!(o >= 10.0, "kleine aantallen niet getoond: {rij}");
        }
    }
    assert!(met_oe >= 3, "O/E voor minstens drie aanbieders");

    // Every GET the OpenAPI document names answers (with the example of each path
    // parameter; the PDCA records of a fresh data folder do not exist yet).
    let (_, doc) = get(&server.1, "/api/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut gevraagd = 0;
    'paden: for (pad, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else {
            continue;
        };
        let mut echt = pad.clone();
        for p in op["parameters"].as_array().into_iter().flatten() {
            if p["in"] == "path" {
                let naam = p["name"].as_str().unwrap();
                let Some(voorbeeld) = p["example"].as_str() else {
                    continue 'paden;
                };
                echt = echt.replace(&format!("{{{naam}}}"), voorbeeld);
            }
        }
        let (status, _, _) = get_bytes(&server.1, &echt);
        assert_eq!(status, 200, "OpenAPI-pad {echt}");
        gevraagd += 1;
    }
    assert!(gevraagd >= 9, "{gevraagd}");
    for pad in ["/api/sessies", "/api/acties", "/api/ik", "/api/duidingen"] {
        assert_eq!(get(&server.1, pad).0, 200, "{pad}");
    }
    a_method_a_path_does_not_have_answers_405_with_allow_not_403(&server.1);
}

/// On the same server (an ingest is costly).
fn a_method_a_path_does_not_have_answers_405_with_allow_not_403(a: &str) {
    let login =
        crate::server::inloggen(a, "beheerder", crate::server::BEHEERDER_WACHTWOORD).unwrap();
    for (methode, pad, allow) in [
        ("DELETE", "/api/indicatoren", "GET, HEAD"),
        ("PATCH", "/api/sessies", "GET, HEAD, POST"),
        ("DELETE", "/api/acties/1", "PUT"),
        ("POST", "/api/openapi.json", "GET, HEAD"),
    ] {
        let (status, kop, body) = crate::server::vraag_als(a, Some(&login), methode, pad, None);
        assert_eq!(status, 405, "{methode} {pad}");
        let kop = kop.to_ascii_lowercase();
        assert!(
            kop.contains(&format!("allow: {}", allow.to_ascii_lowercase())),
            "{kop}"
        );
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            v["fout"],
            format!("Deze methode kan hier niet; wel: {allow}.")
        );
        // Not logged in: the login comes first (401), and says nothing about the path.
        let (status, _, body) = crate::server::vraag_als(a, None, methode, pad, None);
        assert_eq!(status, 401, "{methode} {pad} zonder login");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["fout"], "Niet ingelogd: log eerst in op /inloggen.");
    }
    // A page answers a page; the login page's missing method needs no login.
    let (status, kop, _) = crate::server::vraag_als(a, Some(&login), "DELETE", "/sessies", None);
    assert_eq!(status, 405);
    assert!(
        kop.to_ascii_lowercase().contains("content-type: text/html"),
        "{kop}"
    );
    let (status, kop, _) = crate::server::vraag_als(a, None, "DELETE", "/inloggen", None);
    assert_eq!(status, 405);
    assert!(
        kop.to_ascii_lowercase().contains("allow: get, head, post"),
        "{kop}"
    );
}

fn f64s(v: &serde_json::Value, kolom: &str) -> Vec<Option<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r[kolom].as_f64())
        .collect()
}

#[test]
fn downloads_hold_the_page_table_in_every_format_and_pass_suppression() {
    let data = ingest_fixture();
    let server = start(data.path());
    let q = "?soort=kwartaal&periode=2024-Q3&uitsplitsing=totaal";
    let (_, _, json) = get_bytes(
        &server.1,
        &format!("/api/tabellen/gemeenten-trajectduur{q}"),
    );
    let tabel: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rijen = &tabel["rijen"];
    let waarden = f64s(rijen, "waarde");
    assert_eq!(waarden.len(), 15, "14 gemeenten en de regio");
    assert!(waarden.iter().flatten().count() >= 5);

    // The page shows the same numbers, Dutch style.
    let (_, pagina) = get(&server.1, &format!("/indicator/trajectduur{q}"));
    for w in waarden.iter().flatten() {
        let t = format!("{} dagen", model::getal::nl(*w, 0));
        assert!(pagina.contains(&t), "{t} niet op de pagina");
    }

    // CSV: BOM, ';', decimal comma, Dutch headers; same values.
    let (status, kop, csv) = get_bytes(
        &server.1,
        &format!("/download/gemeenten-trajectduur.csv{q}"),
    );
    assert_eq!(status, 200);
    assert!(kop.contains("attachment; filename=\"gemeenten-trajectduur_2024-Q3.csv\""));
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut regels = csv.lines();
    let koppen: Vec<&str> = regels.next().unwrap().split(';').collect();
    assert_eq!(koppen[0], "Gemeente");
    let i = koppen.iter().position(|k| *k == "Waarde").unwrap();
    let uit_csv: Vec<Option<f64>> = regels
        .map(|r| {
            let v = r.split(';').nth(i).unwrap();
            (!v.is_empty()).then(|| v.replace(',', ".").parse().unwrap())
        })
        .collect();
    assert_eq!(uit_csv, waarden);

    // Arrow IPC stream read by an independent implementation (arrow-rs).
    let (_, kop, arrow) = get_bytes(
        &server.1,
        &format!("/download/gemeenten-trajectduur.arrow{q}"),
    );
    assert!(kop.contains("application/vnd.apache.arrow.stream"));
    let lezer = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(arrow.clone()), None)
        .unwrap();
    let mut uit_arrow = Vec::new();
    let mut gemeenten = Vec::new();
    for batch in lezer {
        let batch = batch.unwrap();
        let kol = batch.column_by_name("waarde").unwrap();
        let kol = kol
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .expect("waarde is Float64");
        uit_arrow.extend(kol.iter());
        let g = batch.column_by_name("gemeente").unwrap();
        let g = arrow_array::cast::AsArray::as_string_view_opt(g)
            .map(|a| a.iter().map(|x| x.map(str::to_string)).collect::<Vec<_>>())
            .or_else(|| {
                arrow_array::cast::AsArray::as_string_opt::<i64>(g)
                    .map(|a| a.iter().map(|x| x.map(str::to_string)).collect())
            })
            .or_else(|| {
                arrow_array::cast::AsArray::as_string_opt::<i32>(g)
                    .map(|a| a.iter().map(|x| x.map(str::to_string)).collect())
            })
            .expect("gemeente is tekst");
        gemeenten.extend(g);
    }
    assert_eq!(uit_arrow, waarden);
    assert_eq!(gemeenten[0].as_deref(), Some("Almelo"));

    // Parquet, Arrow and xlsx read by Python's pyarrow and openpyxl.
    let map = tempfile::tempdir().unwrap();
    let mut paden = Vec::new();
    for ext in ["parquet", "arrow", "xlsx"] {
        let (status, _, b) = get_bytes(
            &server.1,
            &format!("/download/gemeenten-trajectduur.{ext}{q}"),
        );
        assert_eq!(status, 200, "{ext}");
        let p = map.path().join(format!("t.{ext}"));
        std::fs::write(&p, b).unwrap();
        paden.push(p);
    }
    let uit = std::process::Command::new("python3")
        .arg(repo().join("tests/e2e/lees_downloads.py"))
        .args(&paden)
        .output()
        .expect("python3");
    assert!(
        uit.status.success(),
        "{}",
        String::from_utf8_lossy(&uit.stderr)
    );
    let py: serde_json::Value = serde_json::from_slice(&uit.stdout).unwrap();
    let lijst = |v: &serde_json::Value| -> Vec<Option<f64>> {
        v.as_array().unwrap().iter().map(|x| x.as_f64()).collect()
    };
    assert_eq!(lijst(&py["parquet"]["waarde"]), waarden);
    assert_eq!(lijst(&py["arrow"]["waarde"]), waarden);
    assert_eq!(lijst(&py["xlsx"]["Waarde"]), waarden);
    assert_eq!(py["xlsx"]["Gemeente"][0], "Almelo");

    // Every table of every page: no pseudonym, and no count below the threshold, in JSON
    // (the same table as every other format) and in the CSV.
    let mut tabellen = vec![
        "overzicht".to_string(),
        "verblijf".into(),
        "volledigheid".into(),
        "afgewezen".into(),
        "wijzigingen".into(),
        "gemeente-GM0168".into(),
        "verblijf-segmenten".into(),
        "aanbieders-strategisch".into(),
        "aanbieders-overig".into(),
        "aanbieder-98000101".into(),
        "aanbieder-98000101-volume".into(),
        "aanbieder-98000101-verblijf".into(),
        "aanbieder-98000101-trajectduur".into(),
        "vergelijking-volgens_plan_aandeel".into(),
    ];
    for d in [
        "crisis_instroom",
        "verblijf_uitstroom",
        "kosten",
        "jeugdhulp_gebruik",
    ] {
        tabellen.push(format!("trend-{d}"));
        tabellen.push(format!("gemeenten-{d}"));
    }
    let mut tellingen = 0;
    for t in &tabellen {
        for q in [
            "?soort=maand&periode=2024-03",
            "?soort=jaar",
            "?soort=kwartaal&gemeente=GM0168",
        ] {
            let (status, _, b) = get_bytes(&server.1, &format!("/api/tabellen/{t}{q}"));
            assert_eq!(status, 200, "{t}{q}");
            let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
            for k in v["kolommen"].as_array().unwrap() {
                if k["soort"] != "telling" {
                    continue;
                }
                for x in f64s(&v["rijen"], k["id"].as_str().unwrap())
                    .into_iter()
                    .flatten()
                {
                    tellingen += 1;
                    assert!(x >= 10.0, "{t}{q}: {} = {x} onder de drempel", k["id"]);
                }
            }
            let (_, _, csv) = get_bytes(&server.1, &format!("/download/{t}.csv{q}"));
            let csv = String::from_utf8(csv).unwrap();
            assert!(
                bevat_pseudoniem(&csv).is_none(),
                "{t}{q}: pseudoniem in CSV"
            );
        }
    }
    assert!(
        tellingen > 1000,
        "de scan zag te weinig tellingen: {tellingen}"
    );
    // An unknown format is refused with a Dutch message.
    let (status, _, b) = get_bytes(&server.1, "/download/overzicht.pdf");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&b).contains("kennen we niet"));
}
