//! The canonical tables of the export contract: their names, their columns, which columns a
//! file must have, and the key under which a later delivery replaces an earlier row.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Brontabel {
    Trajecten,
    Declaraties,
    Maatregelen,
    VeiligThuis,
    Bevolking,
    Landelijk,
    Streefwaarden,
    /// AGB code → provider name: for sources that do not carry the name (iJw messages).
    Aanbieders,
    /// Optional: the budget per gemeente (empty: the region), segment and year, for the
    /// year-end projection ("verwachte overschrijding").
    Begroting,
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
    k("toewijzingsdatum", false),
    k("toewijzing_ingangsdatum", false),
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
const BEGROTING: &[KolomDef] = &[
    k("gemeente", false),
    k("segment", false),
    k("jaar", true),
    k("bedrag", true),
    k("bron", true),
];
const STREEFWAARDEN: &[KolomDef] = &[
    k("indicator", true),
    k("segment", false),
    k("niveau", false),
    k("basisjaar", true),
    k("basiswaarde", false),
    k("jaarlijkse_verandering", false),
    k("bron", true),
];

impl Brontabel {
    pub const ALLE: [Brontabel; 9] = [
        Brontabel::Trajecten,
        Brontabel::Declaraties,
        Brontabel::Maatregelen,
        Brontabel::VeiligThuis,
        Brontabel::Bevolking,
        Brontabel::Landelijk,
        Brontabel::Streefwaarden,
        Brontabel::Aanbieders,
        Brontabel::Begroting,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Brontabel::Trajecten => "trajecten",
            Brontabel::Declaraties => "declaraties",
            Brontabel::Maatregelen => "maatregelen",
            Brontabel::VeiligThuis => "veilig_thuis",
            Brontabel::Bevolking => "bevolking",
            Brontabel::Landelijk => "landelijk",
            Brontabel::Streefwaarden => "streefwaarden",
            Brontabel::Aanbieders => "aanbieders",
            Brontabel::Begroting => "begroting",
        }
    }

    /// The table a file holds, from the start of its name (`trajecten_GM0164_2025-09.csv`).
    pub fn uit_bestandsnaam(naam: &str) -> Option<Brontabel> {
        let n = model::regio::normaliseer_kolomnaam(naam);
        Brontabel::ALLE
            .into_iter()
            .find(|t| n == t.id() || n.starts_with(&format!("{}_", t.id())))
    }

    pub fn kolommen(self) -> &'static [KolomDef] {
        match self {
            Brontabel::Trajecten => TRAJECTEN,
            Brontabel::Declaraties => DECLARATIES,
            Brontabel::Maatregelen => MAATREGELEN,
            Brontabel::VeiligThuis => VEILIG_THUIS,
            Brontabel::Bevolking => BEVOLKING,
            Brontabel::Landelijk => LANDELIJK,
            Brontabel::Streefwaarden => STREEFWAARDEN,
            Brontabel::Aanbieders => AANBIEDERS,
            Brontabel::Begroting => BEGROTING,
        }
    }

    /// The columns that identify a row across deliveries: the latest delivery of a key wins.
    /// `None`: rows are transactions and all count (declaraties).
    pub fn sleutel(self) -> Option<&'static [&'static str]> {
        match self {
            Brontabel::Trajecten => Some(&["gemeente", "toewijzingnummer"]),
            Brontabel::Declaraties => None,
            Brontabel::Maatregelen => Some(&["gemeente", "client_id", "soort", "startdatum"]),
            Brontabel::VeiligThuis => Some(&["melding_id"]),
            Brontabel::Bevolking => Some(&["gemeente", "jaar", "leeftijd"]),
            Brontabel::Landelijk => Some(&["indicator", "uitsplitsing", "periode"]),
            Brontabel::Streefwaarden => Some(&["indicator", "segment", "niveau"]),
            Brontabel::Aanbieders => Some(&["agb"]),
            Brontabel::Begroting => Some(&["gemeente", "segment", "jaar"]),
        }
    }

    /// Whether rows carry the delivery month (`aanlevering`) of the municipality.
    pub fn heeft_aanlevering(self) -> bool {
        matches!(
            self,
            Brontabel::Trajecten | Brontabel::Declaraties | Brontabel::Maatregelen
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_recognised_from_file_names() {
        assert_eq!(
            Brontabel::uit_bestandsnaam("trajecten_GM0164_2025-09.csv"),
            Some(Brontabel::Trajecten)
        );
        assert_eq!(
            Brontabel::uit_bestandsnaam("Veilig Thuis 2025.xlsx"),
            Some(Brontabel::VeiligThuis)
        );
        assert_eq!(
            Brontabel::uit_bestandsnaam("bevolking.csv"),
            Some(Brontabel::Bevolking)
        );
        assert_eq!(Brontabel::uit_bestandsnaam("trajectenoverzicht.csv"), None);
        assert_eq!(
            Brontabel::uit_bestandsnaam("aanbieders.csv"),
            Some(Brontabel::Aanbieders)
        );
        assert_eq!(Brontabel::uit_bestandsnaam("LEESMIJ.txt"), None);
    }
}
