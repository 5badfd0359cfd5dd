//! Who takes part in the PDCA cycle, and what each account sees of it: **the one place** that
//! decides which sessions, duidingen and actions a user reads and where they write. Every page,
//! the API, the minutes, the session pack and the jaarrapport ask these rules.
//!
//! - Sessions: the roles that read the PDCA pages ([`Rol::PDCA`]) read every session; any other
//!   account reads a session it is invited to (`Sessie::uitgenodigd`), and nothing of the others.
//! - A PDCA scope (`niveau`, `code` of an agenda item or a duiding) is visible as the figures
//!   are: region and segment to everyone; a gemeente to that gemeente's accounts and the roles
//!   that see all gemeenten (internal roles and the board); a provider to the roles that see
//!   that provider (internal roles and the provider's own account — never the board).
//! - A duiding: its scope, and when it was written in a session, that session.
//! - An action: the PDCA roles, its owner account, and the participants of its session.
//! - Writing a duiding on an agenda item: the roles that write duidingen, or an invited
//!   participant, within their scope. An action's status: the roles that write actions, or
//!   its owner.
//!
//! **Invariant with the page cache** (`cache`): a cached page is built as a stand-in user
//! without a login, so on cached pages (the overview's and the indicator page's duidingen)
//! only what the role and data scope allow shows — an invitation, which belongs to one login,
//! never opens anything there, and so can never leak to another account of the same scope.
//! A participant reads its sessions' duidingen on the session pages, which are not cached.

use pipeline::indicatoren::Niveau;
use store::{Actie, Agendapunt, Duiding, Sessie};

use super::{Gebruiker, HUIDIG, Rol};

impl Gebruiker {
    /// Reads every session (the PDCA pages, the register, the year view).
    pub fn leest_pdca(&self) -> bool {
        Rol::PDCA.contains(&self.rol)
    }

    pub fn is_uitgenodigd(&self, s: &Sessie) -> bool {
        s.uitgenodigd.contains(&self.login)
    }

    pub fn mag_sessie_zien(&self, s: &Sessie) -> bool {
        self.leest_pdca() || self.is_uitgenodigd(s)
    }

    /// A PDCA scope: `regio`, `segment`, `gemeente` or `aanbieder` with its code.
    pub fn mag_scope_zien(&self, niveau: &str, code: &str) -> bool {
        match niveau {
            "regio" | "segment" => true,
            "gemeente" => {
                self.rol.ziet_alles()
                    || self.rol == Rol::Bestuur
                    || (self.rol == Rol::Gemeente && self.gemeenten.iter().any(|g| g == code))
            }
            "aanbieder" => self.mag_zien(Niveau::Aanbieder, code),
            _ => false,
        }
    }

    /// `sessie`: the duiding's session, when it has one (`None` when it was not found).
    pub fn mag_duiding_zien(&self, d: &Duiding, sessie: Option<&Sessie>) -> bool {
        self.mag_scope_zien(&d.niveau, &d.code)
            && match d.sessie_id {
                None => true,
                Some(_) => sessie.is_some_and(|s| self.mag_sessie_zien(s)),
            }
    }

    /// `sessie`: the action's session, when it has one.
    pub fn mag_actie_zien(&self, a: &Actie, sessie: Option<&Sessie>) -> bool {
        self.leest_pdca() || self.is_eigenaar(a) || sessie.is_some_and(|s| self.is_uitgenodigd(s))
    }

    pub fn is_eigenaar(&self, a: &Actie) -> bool {
        a.eigenaar_login.as_deref() == Some(self.login.as_str())
    }

    /// Writes a duiding on this agenda item of this session.
    pub fn mag_duiden_op(&self, s: &Sessie, punt: &Agendapunt) -> bool {
        (self.mag_duiden() || self.is_uitgenodigd(s))
            && self.mag_scope_zien(&punt.niveau, &punt.code)
    }

    /// Changes the status of this action.
    pub fn mag_status_zetten(&self, a: &Actie) -> bool {
        self.mag_acties() || self.is_eigenaar(a)
    }
}

/// Asks a rule of this module for the current request's user; fails closed (false) without a
/// user in scope.
pub fn huidig_mag(regel: impl FnOnce(&Gebruiker) -> bool) -> bool {
    HUIDIG.try_with(regel).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(rol: Rol, login: &str) -> Gebruiker {
        Gebruiker {
            login: login.into(),
            naam: login.into(),
            rol,
            gemeenten: if rol == Rol::Gemeente {
                vec!["GM0153".into()]
            } else {
                vec![]
            },
            aanbieder: if rol == Rol::Aanbieder {
                "12345678".into()
            } else {
                String::new()
            },
            andere_gemeenten: true,
            csrf: String::new(),
        }
    }

    fn sessie(uitgenodigd: &[&str]) -> Sessie {
        Sessie {
            id: 1,
            datum: "2025-03-01".into(),
            titel: "T".into(),
            deelnemers: String::new(),
            release_id: "r0001".into(),
            status: "gepland".into(),
            agenda: vec![],
            uitgenodigd: uitgenodigd.iter().map(|s| s.to_string()).collect(),
            aangemaakt_door: "a".into(),
            aangemaakt_op: "x".into(),
            gewijzigd_op: "x".into(),
            versie: 1,
        }
    }

    fn duiding(niveau: &str, code: &str, sessie_id: Option<i64>) -> Duiding {
        Duiding {
            id: 1,
            sessie_id,
            indicator: "kosten".into(),
            niveau: niveau.into(),
            code: code.into(),
            uitsplitsing: "totaal".into(),
            periode: "2025".into(),
            release_id: "r0001".into(),
            waarde_toen: None,
            tekst: "t".into(),
            auteur: "a".into(),
            aangemaakt_op: "x".into(),
            gewijzigd_op: "x".into(),
            versie: 1,
        }
    }

    #[test]
    fn sessions_for_the_pdca_roles_and_the_invited_only() {
        let s = sessie(&["enschede", "aanbieder1"]);
        assert!(g(Rol::DataAdviesgroep, "dag").mag_sessie_zien(&s));
        assert!(g(Rol::Bestuur, "ab").mag_sessie_zien(&s));
        assert!(g(Rol::Gemeente, "enschede").mag_sessie_zien(&s));
        assert!(g(Rol::Aanbieder, "aanbieder1").mag_sessie_zien(&s));
        assert!(!g(Rol::Gemeente, "hengelo").mag_sessie_zien(&s));
        assert!(!g(Rol::Aanbieder, "aanbieder2").mag_sessie_zien(&s));
    }

    #[test]
    fn a_provider_duiding_never_reaches_the_board_nor_another_provider() {
        let s = sessie(&["aanbieder1", "enschede"]);
        let d = duiding("aanbieder", "12345678", Some(1));
        assert!(!g(Rol::Bestuur, "ab").mag_duiding_zien(&d, Some(&s)));
        assert!(!g(Rol::Gemeente, "enschede").mag_duiding_zien(&d, Some(&s)));
        assert!(g(Rol::Aanbieder, "aanbieder1").mag_duiding_zien(&d, Some(&s)));
        assert!(g(Rol::Contractmanager, "cm").mag_duiding_zien(&d, Some(&s)));
        let ander = duiding("aanbieder", "87654321", None);
        assert!(!g(Rol::Aanbieder, "aanbieder1").mag_duiding_zien(&ander, None));
    }

    #[test]
    fn a_gemeente_duiding_for_that_gemeente_and_those_who_see_all_gemeenten() {
        let d = duiding("gemeente", "GM0153", None);
        assert!(g(Rol::Gemeente, "enschede").mag_duiding_zien(&d, None));
        assert!(g(Rol::Bestuur, "ab").mag_duiding_zien(&d, None));
        let mut hengelo = g(Rol::Gemeente, "hengelo");
        hengelo.gemeenten = vec!["GM0164".into()];
        // Even when gemeenten compare each other's figures, a duiding stays with its gemeente.
        assert!(!hengelo.mag_duiding_zien(&d, None));
        assert!(hengelo.mag_duiding_zien(&duiding("regio", "regio", None), None));
        assert!(hengelo.mag_duiding_zien(&duiding("segment", "verblijf", None), None));
    }

    #[test]
    fn a_duiding_of_a_session_only_for_those_who_see_the_session() {
        let s = sessie(&["enschede"]);
        let d = duiding("regio", "regio", Some(1));
        assert!(g(Rol::Gemeente, "enschede").mag_duiding_zien(&d, Some(&s)));
        let mut hengelo = g(Rol::Gemeente, "hengelo");
        hengelo.gemeenten = vec!["GM0164".into()];
        assert!(!hengelo.mag_duiding_zien(&d, Some(&s)));
        // A session that cannot be found hides its duidingen.
        assert!(!g(Rol::DataAdviesgroep, "dag").mag_duiding_zien(&d, None));
    }

    #[test]
    fn participants_write_within_their_scope_and_owners_set_their_status() {
        let s = sessie(&["enschede", "aanbieder1"]);
        let punt = |niveau: &str, code: &str| Agendapunt {
            indicator: "kosten".into(),
            niveau: niveau.into(),
            code: code.into(),
            uitsplitsing: "totaal".into(),
            periode: "2025".into(),
            toelichting: String::new(),
        };
        let gm = g(Rol::Gemeente, "enschede");
        assert!(gm.mag_duiden_op(&s, &punt("gemeente", "GM0153")));
        assert!(gm.mag_duiden_op(&s, &punt("regio", "regio")));
        assert!(!gm.mag_duiden_op(&s, &punt("gemeente", "GM0164")));
        assert!(!gm.mag_duiden_op(&s, &punt("aanbieder", "12345678")));
        let ab = g(Rol::Aanbieder, "aanbieder1");
        assert!(ab.mag_duiden_op(&s, &punt("aanbieder", "12345678")));
        assert!(!ab.mag_duiden_op(&s, &punt("aanbieder", "87654321")));
        assert!(!g(Rol::Gemeente, "hengelo").mag_duiden_op(&s, &punt("regio", "regio")));
        assert!(!g(Rol::Bestuur, "ab").mag_duiden_op(&s, &punt("regio", "regio")));
        let mut a: Actie = serde_json::from_value(serde_json::json!({
            "id": 1, "sessie_id": null, "soort": "verbeteractie", "titel": "t",
            "omschrijving": "", "eigenaar": "Enschede", "deadline": null, "status": "open",
            "indicator": null, "streefwaarde": null, "eigenaar_login": "enschede",
            "aangemaakt_op": "x", "gewijzigd_op": "x", "versie": 1
        }))
        .unwrap();
        assert!(gm.mag_status_zetten(&a) && gm.mag_actie_zien(&a, None));
        assert!(!ab.mag_status_zetten(&a) && !ab.mag_actie_zien(&a, None));
        a.sessie_id = Some(1);
        assert!(ab.mag_actie_zien(&a, Some(&s)));
        assert!(!ab.mag_status_zetten(&a));
    }
}
