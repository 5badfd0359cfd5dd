//! The dashboard over real HTTP: the real server on a free port, on a real release.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::{jeugdstuur, repo};

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(data: &std::path::Path) -> Server {
    let mut kind = jeugdstuur()
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut regel = String::new();
    BufReader::new(kind.stdout.take().unwrap())
        .read_line(&mut regel)
        .unwrap();
    let adres = regel
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("geen adres in: {regel}"))
        .to_string();
    Server(kind, adres)
}

fn get(adres: &str, pad: &str) -> (u16, String) {
    let mut s = TcpStream::connect(adres).unwrap();
    write!(
        s,
        "GET {pad} HTTP/1.1\r\nHost: {adres}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut antwoord = String::new();
    s.read_to_string(&mut antwoord).unwrap();
    let status = antwoord[9..12].parse().unwrap();
    let body = antwoord
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn pages_show_the_stored_figures_in_dutch() {
    let data = tempfile::tempdir().unwrap();
    let st = jeugdstuur()
        .args(["ingest", "--data"])
        .arg(data.path())
        .arg(repo().join("fixtures/twente"))
        .output()
        .unwrap();
    assert!(st.status.success());
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

    let (status, pagina) = get(&server.1, "/?periode=2024&code=regio");
    assert_eq!(status, 200);
    assert!(pagina.contains("<html lang=\"nl\">"));
    assert!(pagina.contains("Jeugdhulpgebruik"));
    assert!(pagina.contains(&verwacht), "{verwacht} niet op de pagina");
    // A small gemeente: values below the threshold are shown as not shown, never as numbers.
    let (status, losser) = get(&server.1, "/?periode=2024-01&code=GM0168");
    assert_eq!(status, 200);
    assert!(losser.contains("niet getoond"));

    let (status, def) = get(&server.1, "/definities");
    assert_eq!(status, 200);
    assert!(def.contains("Hermeldingen Veilig Thuis") && def.contains("Onze keuze"));
}
