//! The real server for black-box tests: started on a free port on a real release, spoken to
//! over plain HTTP (no client library between the test and the bytes on the wire).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::Mutex;

use crate::{jeugdstuur, repo};

pub struct Server(Child, pub String);

impl Server {
    /// A server a test started itself (stopped when dropped).
    pub fn van(kind: Child, adres: String) -> Server {
        Server(kind, adres)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The password of the administrator that `serve` creates on a database without accounts
/// (`JEUGDSTUUR_BEHEERDER_WACHTWOORD`).
pub const BEHEERDER_WACHTWOORD: &str = "e2e-beheerder-wachtwoord";

/// Per server address the login of the tests' administrator: (Cookie header value, CSRF
/// token). [`get`], [`get_bytes`] and [`vraag`] send them, so tests that are not about
/// access speak as the administrator; the access tests use [`inloggen`] and [`vraag_als`].
static SESSIES: Mutex<Vec<(String, Login)>> = Mutex::new(Vec::new());

#[derive(Clone, Debug)]
pub struct Login {
    /// `jeugdstuur_sessie=<token>`
    pub cookie: String,
    pub csrf: String,
}

/// The header lines (each ending in CRLF) that authenticate as the tests' administrator on
/// this server, or nothing when no login is recorded.
pub fn auth_koppen(adres: &str) -> String {
    SESSIES
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find(|(a, _)| a == adres)
        .map(|(_, l)| koppen_van(Some(l)))
        .unwrap_or_default()
}

fn koppen_van(l: Option<&Login>) -> String {
    match l {
        Some(l) => format!("Cookie: {}\r\nX-CSRF-Token: {}\r\n", l.cookie, l.csrf),
        None => String::new(),
    }
}

/// Logs in through the login form; the session cookie and its CSRF token (from
/// `/api/ik`), or the status and body of the refusal.
pub fn inloggen(adres: &str, login: &str, wachtwoord: &str) -> Result<Login, (u16, String)> {
    let body = format!(
        "login={}&wachtwoord={}&terug=%2F",
        urlencode(login),
        urlencode(wachtwoord)
    );
    let (status, kop, romp) = ruw(
        adres,
        &format!(
            "POST /inloggen HTTP/1.0\r\nHost: {adres}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    let cookie = kop
        .lines()
        .filter(|r| r.to_ascii_lowercase().starts_with("set-cookie:"))
        .filter_map(|r| r.split_once(':').map(|(_, v)| v.trim()))
        .filter_map(|v| v.split(';').next())
        .find(|c| c.starts_with("jeugdstuur_sessie=") && c.len() > "jeugdstuur_sessie=".len())
        .map(str::to_string);
    let Some(cookie) = cookie.filter(|_| status == 303) else {
        return Err((status, String::from_utf8_lossy(&romp).to_string()));
    };
    let (s, _, ik) = ruw(
        adres,
        &format!("GET /api/ik HTTP/1.0\r\nHost: {adres}\r\nCookie: {cookie}\r\n\r\n"),
    );
    assert_eq!(
        s,
        200,
        "/api/ik na inloggen: {}",
        String::from_utf8_lossy(&ik)
    );
    let v: serde_json::Value = serde_json::from_slice(&ik).unwrap();
    Ok(Login {
        cookie,
        csrf: v["csrf"].as_str().unwrap().to_string(),
    })
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends raw request bytes; returns status, header block and body (HTTP/1.0, no chunking).
pub fn ruw(adres: &str, verzoek: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(adres).unwrap();
    s.write_all(verzoek.as_bytes()).unwrap();
    let mut antwoord = Vec::new();
    s.read_to_end(&mut antwoord).unwrap();
    let eind = antwoord
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("kop en romp");
    let kop = String::from_utf8_lossy(&antwoord[..eind]).to_string();
    let status = kop[9..12].parse().unwrap();
    (status, kop, antwoord[eind + 4..].to_vec())
}

/// A request as a given login (`None`: not logged in), with an optional body and content
/// type; returns status, headers and body.
pub fn vraag_als(
    adres: &str,
    login: Option<&Login>,
    methode: &str,
    pad: &str,
    inhoud: Option<(&str, &str)>,
) -> (u16, String, Vec<u8>) {
    let (soort, body) = inhoud.unwrap_or(("application/json", ""));
    ruw(
        adres,
        &format!(
            "{methode} {pad} HTTP/1.0\r\nHost: {adres}\r\n{}Content-Type: {soort}\r\nContent-Length: {}\r\n\r\n{body}",
            koppen_van(login),
            body.len()
        ),
    )
}

pub fn start(data: &std::path::Path) -> Server {
    start_met(data, &[])
}

/// [`start`] with extra environment variables for the server process (e.g. the BSN key).
pub fn start_met(data: &std::path::Path, omgeving: &[(&str, &str)]) -> Server {
    let mut c = jeugdstuur();
    c.args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("JEUGDSTUUR_BEHEERDER_WACHTWOORD", BEHEERDER_WACHTWOORD)
        .env_remove("JEUGDSTUUR_BSN_SLEUTEL")
        .env_remove("JEUGDSTUUR_BSN_SLEUTEL_BESTAND");
    for (k, v) in omgeving {
        c.env(k, v);
    }
    let mut kind = c
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
    let server = Server(kind, adres.clone());
    let login = inloggen(&adres, "beheerder", BEHEERDER_WACHTWOORD)
        .unwrap_or_else(|e| panic!("inloggen als beheerder: {e:?}"));
    SESSIES.lock().unwrap().push((adres, login));
    server
}

pub fn get(adres: &str, pad: &str) -> (u16, String) {
    let mut s = TcpStream::connect(adres).unwrap();
    write!(
        s,
        "GET {pad} HTTP/1.1\r\nHost: {adres}\r\n{}Connection: close\r\n\r\n",
        auth_koppen(adres)
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

/// A GET over HTTP/1.0 (so the body is never chunked), returning status, headers and bytes.
pub fn get_bytes(adres: &str, pad: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(adres).unwrap();
    write!(
        s,
        "GET {pad} HTTP/1.0\r\nHost: {adres}\r\n{}\r\n",
        auth_koppen(adres)
    )
    .unwrap();
    let mut antwoord = Vec::new();
    s.read_to_end(&mut antwoord).unwrap();
    let eind = antwoord
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("kop en romp");
    let kop = String::from_utf8_lossy(&antwoord[..eind]).to_string();
    let status = kop[9..12].parse().unwrap();
    (status, kop, antwoord[eind + 4..].to_vec())
}

pub fn ingest_fixture() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let st = jeugdstuur()
        .args(["ingest", "--data"])
        .arg(data.path())
        .arg(repo().join("fixtures/twente"))
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    data
}

/// One HTTP/1.0 request with an optional JSON body; returns status and body.
pub fn vraag(
    adres: &str,
    methode: &str,
    pad: &str,
    json: Option<&serde_json::Value>,
) -> (u16, String) {
    let mut s = TcpStream::connect(adres).unwrap();
    let body = json.map(|j| j.to_string()).unwrap_or_default();
    write!(
        s,
        "{methode} {pad} HTTP/1.0\r\nHost: {adres}\r\n{}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        auth_koppen(adres),
        body.len()
    )
    .unwrap();
    let mut antwoord = String::new();
    s.read_to_string(&mut antwoord).unwrap();
    let status = antwoord[9..12].parse().unwrap();
    let romp = antwoord
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, romp)
}

/// Uploads files to `/beheer/levering` as the logged-in beheerder of `adres` (multipart, field
/// `bestanden`, one part per file) and returns the whole HTTP answer as text.
pub fn lever(adres: &str, bestanden: &[(&str, &[u8])]) -> String {
    let grens = "----jeugdstuur-grens";
    let mut romp = Vec::new();
    for (naam, inhoud) in bestanden {
        romp.extend_from_slice(
            format!(
                "--{grens}\r\nContent-Disposition: form-data; name=\"bestanden\"; filename=\"{naam}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        romp.extend_from_slice(inhoud);
        romp.extend_from_slice(b"\r\n");
    }
    romp.extend_from_slice(format!("--{grens}--\r\n").as_bytes());
    let koppen = auth_koppen(adres);
    let csrf = koppen
        .lines()
        .find_map(|r| r.strip_prefix("X-CSRF-Token: "))
        .expect("een CSRF-token in de koppen")
        .to_string();
    let mut v = format!(
        "POST /beheer/levering?_csrf={csrf} HTTP/1.0\r\nHost: {adres}\r\n{koppen}Content-Type: multipart/form-data; boundary={grens}\r\nContent-Length: {}\r\n\r\n",
        romp.len()
    )
    .into_bytes();
    v.extend_from_slice(&romp);
    let mut sock = TcpStream::connect(adres).unwrap();
    sock.write_all(&v).unwrap();
    let mut uit = Vec::new();
    sock.read_to_end(&mut uit).unwrap();
    String::from_utf8_lossy(&uit).to_string()
}
