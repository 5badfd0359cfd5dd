//! The canonical tables of the export contract: their names, their columns, which columns a
//! file must have, and the key under which a later delivery replaces an earlier row.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tabel {
    Trajecten,
    Declaraties,
    Maatregelen,
    VeiligThuis,
    Bevolking,
    Landelijk,
    Streefwaarden,
    /// AGB code → provider name: for sources that do not carry the name (iJw messages).
    Aanbieders,
}

pub struct KolomDef {
    pub naam: &'static str,
    /// The file must have this column (its cells may still be empty where allowed).
    pub verplicht: bool,
}

const fn k(naam: &'static str, verplicht: bool) -> KolomDef {
    KolomDef { naam, verplicht }
}

const TRAJECTEN: &[KolomDef] = &[
    k("aanlevering", false),
    k("gemeente", false),
    k("client_id", true),
    k("geboortedatum", true),
    k("geslacht", false),
    k("toewijzingnummer", true),
    k("aanbieder_agb", true),
    k("aanbieder_naam", false),
    k("productcategorie", true),
    k("productcode", true),
    k("hulpvorm", false),
    k("crisis", false),
    k("verwijzer", false),
    k("aanvraagdatum", false),
    k("startdatum", true),
    k("einddatum", true),
    k("reden_beeindiging", false),
];
const DECLARATIES: &[KolomDef] = &[
    k("aanlevering", false),
    k("gemeente", false),
    k("toewijzingnummer", true),
    k("periode", true),
    k("bedrag", true),
];
const MAATREGELEN: &[KolomDef] = &[
    k("aanlevering", false),
    k("gemeente", false),
    k("client_id", true),
    k("geboortedatum", true),
    k("soort", true),
    k("gi", false),
    k("startdatum", true),
    k("einddatum", true),
];
const VEILIG_THUIS: &[KolomDef] = &[
    k("melding_id", true),
    k("casus_id", true),
    k("huishouden_id", true),
    k("gemeente", true),
    k("meldingsdatum", true),
    k("casus_afgesloten", true),
    k("soort", false),
];
const BEVOLKING: &[KolomDef] = &[
    k("gemeente", true),
    k("jaar", true),
    k("leeftijd", true),
    k("aantal", true),
];
const LANDELIJK: &[KolomDef] = &[
    k("indicator", true),
    k("uitsplitsing", false),
    k("periode", true),
    k("waarde", true),
    k("bron", true),
    k("status", false),
];
const AANBIEDERS: &[KolomDef] = &[k("agb", true), k("naam", true)];
const STREEFWAARDEN: &[KolomDef] = &[
    k("indicator", true),
    k("segment", false),
    k("niveau", false),
    k("basisjaar", true),
    k("basiswaarde", false),
    k("jaarlijkse_verandering", false),
    k("bron", true),
];

impl Tabel {
    pub const ALLE: [Tabel; 8] = [
        Tabel::Trajecten,
        Tabel::Declaraties,
        Tabel::Maatregelen,
        Tabel::VeiligThuis,
        Tabel::Bevolking,
        Tabel::Landelijk,
        Tabel::Streefwaarden,
        Tabel::Aanbieders,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Tabel::Trajecten => "trajecten",
            Tabel::Declaraties => "declaraties",
            Tabel::Maatregelen => "maatregelen",
            Tabel::VeiligThuis => "veilig_thuis",
            Tabel::Bevolking => "bevolking",
            Tabel::Landelijk => "landelijk",
            Tabel::Streefwaarden => "streefwaarden",
            Tabel::Aanbieders => "aanbieders",
        }
    }

    /// The table a file holds, from the start of its name (`trajecten_GM0164_2025-09.csv`).
    pub fn uit_bestandsnaam(naam: &str) -> Option<Tabel> {
        let n = model::regio::normaliseer_kolomnaam(naam);
        Tabel::ALLE
            .into_iter()
            .find(|t| n == t.id() || n.starts_with(&format!("{}_", t.id())))
    }

    pub fn kolommen(self) -> &'static [KolomDef] {
        match self {
            Tabel::Trajecten => TRAJECTEN,
            Tabel::Declaraties => DECLARATIES,
            Tabel::Maatregelen => MAATREGELEN,
            Tabel::VeiligThuis => VEILIG_THUIS,
            Tabel::Bevolking => BEVOLKING,
            Tabel::Landelijk => LANDELIJK,
            Tabel::Streefwaarden => STREEFWAARDEN,
            Tabel::Aanbieders => AANBIEDERS,
        }
    }

    /// The columns that identify a row across deliveries: the latest delivery of a key wins.
    /// `None`: rows are transactions and all count (declaraties).
    pub fn sleutel(self) -> Option<&'static [&'static str]> {
        match self {
            Tabel::Trajecten => Some(&["gemeente", "toewijzingnummer"]),
            Tabel::Declaraties => None,
            Tabel::Maatregelen => Some(&["gemeente", "client_id", "soort", "startdatum"]),
            Tabel::VeiligThuis => Some(&["melding_id"]),
            Tabel::Bevolking => Some(&["gemeente", "jaar", "leeftijd"]),
            Tabel::Landelijk => Some(&["indicator", "uitsplitsing", "periode"]),
            Tabel::Streefwaarden => Some(&["indicator", "segment", "niveau"]),
            Tabel::Aanbieders => Some(&["agb"]),
        }
    }

    /// Whether rows carry the delivery month (`aanlevering`) of the municipality.
    pub fn heeft_aanlevering(self) -> bool {
        matches!(
            self,
            Tabel::Trajecten | Tabel::Declaraties | Tabel::Maatregelen
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_recognised_from_file_names() {
        assert_eq!(
            Tabel::uit_bestandsnaam("trajecten_GM0164_2025-09.csv"),
            Some(Tabel::Trajecten)
        );
        assert_eq!(
            Tabel::uit_bestandsnaam("Veilig Thuis 2025.xlsx"),
            Some(Tabel::VeiligThuis)
        );
        assert_eq!(
            Tabel::uit_bestandsnaam("bevolking.csv"),
            Some(Tabel::Bevolking)
        );
        assert_eq!(Tabel::uit_bestandsnaam("trajectenoverzicht.csv"), None);
        assert_eq!(
            Tabel::uit_bestandsnaam("aanbieders.csv"),
            Some(Tabel::Aanbieders)
        );
        assert_eq!(Tabel::uit_bestandsnaam("LEESMIJ.txt"), None);
    }
}
