//! The BSN never passes the door: every BSN in a message is replaced by a keyed pseudonym,
//! HMAC-SHA256 with a secret per deployment. The same BSN gives the same pseudonym under the
//! same key (so allocations, starts and declarations of one client meet), and without the key
//! the pseudonym cannot be turned back into a BSN by trying all nine-digit numbers.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Environment variable holding the key itself (at least 32 characters).
pub const OMGEVING: &str = "JEUGDSTUUR_BSN_SLEUTEL";
/// Environment variable naming a file that holds the key (preferred: not in the process list).
pub const OMGEVING_BESTAND: &str = "JEUGDSTUUR_BSN_SLEUTEL_BESTAND";
/// The documented key of the synthetic demo data. Never for real messages: anyone can read it.
pub const DEMO_SLEUTEL: &str = "jeugdstuur-demo-sleutel-alleen-voor-synthetische-data";
const MIN_LENGTE: usize = 32;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SleutelFout {
    #[error(
        "geen sleutel voor het pseudonimiseren van BSN's: iJw-berichten bevatten BSN's, die Jeugdstuur bij binnenkomst vervangt door een pseudoniem met een geheime sleutel per installatie. Zet de sleutel (minstens {MIN_LENGTE} tekens, niet in de repository) in een bestand en wijs dat aan met {OMGEVING_BESTAND}=/pad/naar/sleutel, of zet hem in {OMGEVING}"
    )]
    Ontbreekt,
    #[error(
        "de BSN-sleutel is te kort ({0} tekens): gebruik minstens {MIN_LENGTE} willekeurige tekens"
    )]
    TeKort(usize),
    #[error("het sleutelbestand {0} is niet te lezen: {1}")]
    Bestand(String, String),
}

#[derive(Clone)]
pub struct Sleutel(Vec<u8>);

impl std::fmt::Debug for Sleutel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sleutel(verborgen)")
    }
}

impl Sleutel {
    pub fn nieuw(geheim: &[u8]) -> Result<Sleutel, SleutelFout> {
        if geheim.len() < MIN_LENGTE {
            return Err(SleutelFout::TeKort(geheim.len()));
        }
        Ok(Sleutel(geheim.to_vec()))
    }

    /// The key of the demo data ([`DEMO_SLEUTEL`]).
    pub fn demo() -> Sleutel {
        Sleutel(DEMO_SLEUTEL.as_bytes().to_vec())
    }

    /// The deployment's key: the file named by [`OMGEVING_BESTAND`], else [`OMGEVING`].
    pub fn uit_omgeving() -> Result<Sleutel, SleutelFout> {
        Self::uit(
            std::env::var(OMGEVING_BESTAND).ok().as_deref(),
            std::env::var(OMGEVING).ok().as_deref(),
        )
    }

    pub fn uit(bestand: Option<&str>, waarde: Option<&str>) -> Result<Sleutel, SleutelFout> {
        if let Some(p) = bestand.filter(|p| !p.is_empty()) {
            let t = std::fs::read(p).map_err(|e| SleutelFout::Bestand(p.into(), e.to_string()))?;
            let t = t.trim_ascii();
            return Sleutel::nieuw(t);
        }
        match waarde.filter(|w| !w.is_empty()) {
            Some(w) => Sleutel::nieuw(w.trim().as_bytes()),
            None => Err(SleutelFout::Ontbreekt),
        }
    }

    /// The pseudonym of a BSN: `B` and the first 96 bits of HMAC-SHA256(key, BSN) in hex.
    pub fn pseudoniem(&self, bsn: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC neemt elke sleutel");
        mac.update(bsn.trim().as_bytes());
        let h = mac.finalize().into_bytes();
        let mut s = String::with_capacity(25);
        s.push('B');
        for b in &h[..12] {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zelfde_bsn_zelfde_pseudoniem_andere_sleutel_ander() {
        let a = Sleutel::nieuw(b"0123456789abcdef0123456789abcdef").unwrap();
        let b = Sleutel::nieuw(b"0123456789abcdef0123456789abcdeX").unwrap();
        assert_eq!(a.pseudoniem("999900006"), a.pseudoniem("999900006"));
        assert_ne!(a.pseudoniem("999900006"), a.pseudoniem("999900018"));
        assert_ne!(a.pseudoniem("999900006"), b.pseudoniem("999900006"));
        let p = a.pseudoniem("999900006");
        assert_eq!(p.len(), 25);
        assert!(!p.contains("999900006"));
        // HMAC-SHA256 per RFC 2104, checked against Python's hmac module:
        // hmac.new(b"0123456789abcdef0123456789abcdef", b"999900006", "sha256").hexdigest()[:24]
        assert_eq!(p, "Bb136ba93ed4f02c2744b2f81");
    }

    #[test]
    fn ontbrekende_of_korte_sleutel_geeft_een_nederlandse_fout() {
        assert_eq!(
            Sleutel::uit(None, None).unwrap_err(),
            SleutelFout::Ontbreekt
        );
        assert!(
            Sleutel::uit(None, None)
                .unwrap_err()
                .to_string()
                .contains("JEUGDSTUUR_BSN_SLEUTEL_BESTAND")
        );
        assert_eq!(
            Sleutel::uit(None, Some("kort")).unwrap_err(),
            SleutelFout::TeKort(4)
        );
        assert!(matches!(
            Sleutel::uit(Some("/bestaat/niet"), None),
            Err(SleutelFout::Bestand(..))
        ));
        assert!(format!("{:?}", Sleutel::demo()).contains("verborgen"));
    }
}
