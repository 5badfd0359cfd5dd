//! The real server for black-box tests: started on a free port on a real release, spoken to
//! over plain HTTP (no client library between the test and the bytes on the wire).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::{jeugdstuur, repo};

pub struct Server(Child, pub String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start(data: &std::path::Path) -> Server {
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

pub fn get(adres: &str, pad: &str) -> (u16, String) {
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

/// A GET over HTTP/1.0 (so the body is never chunked), returning status, headers and bytes.
pub fn get_bytes(adres: &str, pad: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(adres).unwrap();
    write!(s, "GET {pad} HTTP/1.0\r\nHost: {adres}\r\n\r\n").unwrap();
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
        "{methode} {pad} HTTP/1.0\r\nHost: {adres}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
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
