//! Writing indicator results for people and tools: Parquet, and CSV as Dutch Excel expects
//! it (`;`, decimal comma, BOM). Everything written here has passed the suppression step,
//! unless the data specialist explicitly asks for the unsuppressed CSV.

use std::path::Path;

use polars::prelude::*;

use super::onderdrukking::{self, Onderdrukking};

pub fn regels(regio: &model::Regio) -> Onderdrukking {
    Onderdrukking {
        drempel: regio.onderdrukkingsdrempel as f64,
        afronden_op: regio.afronden_op,
    }
}

/// The one way out: suppress, check that nothing small slipped through, and drop the
/// columns that are never published ([`NIET_GEPUBLICEERD`]).
pub fn publiceerbaar(df: DataFrame, regels: &Onderdrukking) -> PolarsResult<DataFrame> {
    let uit = onderdrukking::pas_toe(df, regels)?;
    onderdrukking::controleer(&uit, regels.drempel)
        .map_err(|e| PolarsError::ComputeError(format!("onderdrukking faalt: {e}").into()))?;
    Ok(uit.drop_many(NIET_GEPUBLICEERD))
}

/// Columns of `indicatoren_intern` that the published table leaves out: `basis`, the number
/// of units behind a median, amount or growth, is a count that would only add relations;
/// `streef_basisjaar` is bookkeeping for the suppression step (a target path from a hidden
/// own value is dropped there).
pub const NIET_GEPUBLICEERD: [&str; 2] = ["basis", "streef_basisjaar"];

/// The one way out for the provider comparison (`aanbieders_oe`): suppress like the published
/// indicator table `indicatoren` (the output of [`publiceerbaar`]), then check.
pub fn publiceerbaar_oe(
    oe: DataFrame,
    indicatoren: &DataFrame,
    regels: &Onderdrukking,
) -> PolarsResult<DataFrame> {
    let uit = onderdrukking::pas_toe_oe(oe, regels, indicatoren)?;
    onderdrukking::controleer_oe(&uit, regels.drempel)
        .map_err(|e| PolarsError::ComputeError(format!("onderdrukking faalt: {e}").into()))?;
    Ok(uit)
}

pub fn schrijf_csv(df: &mut DataFrame, pad: &Path) -> PolarsResult<()> {
    let f = std::fs::File::create(pad)?;
    CsvWriter::new(f)
        .include_bom(true)
        .with_separator(b';')
        .with_decimal_comma(true)
        .finish(df)
}

pub fn schrijf_parquet(df: &mut DataFrame, pad: &Path) -> PolarsResult<()> {
    let f = std::fs::File::create(pad)?;
    ParquetWriter::new(f).finish(df)?;
    Ok(())
}

/// One published indicator value, as plain Rust for the layers above (no Polars there).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Waarde {
    pub indicator: String,
    pub periode: String,
    pub niveau: super::Niveau,
    pub code: String,
    pub naam: Option<String>,
    pub uitsplitsing: super::Uitsplitsing,
    pub teller: Option<f64>,
    pub noemer: Option<f64>,
    pub waarde: Option<f64>,
    pub ci_laag: Option<f64>,
    pub ci_hoog: Option<f64>,
    pub landelijk: Option<f64>,
    pub landelijk_periode: Option<String>,
    /// Source and status of the national value ("bron (status)").
    pub landelijk_bron: Option<String>,
    /// The national value is of the same period kind and definition as this value; when
    /// false it is context only (never compared, no significance).
    pub landelijk_vergelijkbaar: bool,
    pub streefwaarde: Option<f64>,
    pub status: Option<super::statistiek::Status>,
    pub onderdrukt: bool,
    pub voorlopig: bool,
    pub eenheid: String,
    /// Biased by the start of the data window (`historie`); false in releases made before
    /// the column existed.
    pub historie_onvolledig: bool,
}

impl Waarde {
    /// A published, complete value of the total for a hand-made test case; set the other
    /// fields with `Waarde { …, ..Waarde::test(…) }`.
    #[cfg(test)]
    pub(crate) fn test(
        indicator: &str,
        niveau: super::Niveau,
        code: &str,
        periode: &str,
        x: f64,
    ) -> Waarde {
        Waarde {
            indicator: indicator.into(),
            periode: periode.into(),
            niveau,
            code: code.into(),
            naam: None,
            uitsplitsing: super::Uitsplitsing::totaal(),
            teller: None,
            noemer: None,
            waarde: Some(x),
            ci_laag: None,
            ci_hoog: None,
            landelijk: None,
            landelijk_periode: None,
            landelijk_bron: None,
            landelijk_vergelijkbaar: false,
            streefwaarde: None,
            status: None,
            onderdrukt: false,
            voorlopig: false,
            eenheid: "euro".into(),
            historie_onvolledig: false,
        }
    }

    /// For a target on an amount: how far the value lies above (+) or below (−) the target
    /// path, in euros — how the board reads a cost target ("€ 6,1 mln a year"). Derived from
    /// the published value and path, so it is hidden wherever the value is.
    pub fn streef_verschil(&self) -> Option<f64> {
        if self.eenheid != "euro" || self.onderdrukt {
            return None;
        }
        Some(self.waarde? - self.streefwaarde?)
    }
}

/// The suppressed results stored with a release, for pages and the API.
pub fn lees_waarden(data: &Path, release: &str) -> Result<Vec<Waarde>, crate::IngestFout> {
    let df = crate::release::lees_tabel(data, release, "indicatoren")?;
    waarden(&df, release)
}

/// The rows of a published indicator table (`release` names it in errors).
pub(crate) fn waarden(df: &DataFrame, release: &str) -> Result<Vec<Waarde>, crate::IngestFout> {
    let t = |n: &str| super::tekstkolom(df, n);
    let g = |n: &str| super::getalkolom(df, n);
    let b = |n: &str| -> PolarsResult<Vec<bool>> {
        Ok(df
            .column(n)?
            .bool()?
            .iter()
            .map(|x| x.unwrap_or(false))
            .collect())
    };
    let (ind, per, niv, code, naam, uit, eenh, status, lp) = (
        t("indicator")?,
        t("periode")?,
        t("niveau")?,
        t("code")?,
        t("naam")?,
        t("uitsplitsing")?,
        t("eenheid")?,
        t("status")?,
        t("landelijk_periode")?,
    );
    let (teller, noemer, waarde, lo, hi, land, streef) = (
        g("teller")?,
        g("noemer")?,
        g("waarde")?,
        g("ci_laag")?,
        g("ci_hoog")?,
        g("landelijk")?,
        g("streefwaarde")?,
    );
    let (ond, voorl) = (b("onderdrukt")?, b("voorlopig")?);
    let hist = if df.column("historie_onvolledig").is_ok() {
        b("historie_onvolledig")?
    } else {
        vec![false; df.height()]
    };
    // Columns added later: a release made before them reads as empty.
    let n = df.height();
    let lb = t("landelijk_bron").unwrap_or_else(|_| vec![None; n]);
    let lv = b("landelijk_vergelijkbaar").unwrap_or_else(|_| vec![true; n]);
    // A stored level or status this build does not know is an error, never a silent "no
    // value": the release was written by another version of the definitions.
    let onbekend = |rij: usize, kolom: &str, waarde: &Option<String>, verwacht: &str| {
        crate::IngestFout::OnbekendeWaarde(format!(
            "release {release}, tabel indicatoren, rij {}, kolom {kolom}: waarde {:?} is \
             onbekend (verwacht: {verwacht})",
            rij + 1,
            waarde.as_deref().unwrap_or_default()
        ))
    };
    (0..df.height())
        .map(|i| {
            let niveau = niv[i]
                .as_deref()
                .and_then(super::Niveau::parse)
                .ok_or_else(|| {
                    onbekend(
                        i,
                        "niveau",
                        &niv[i],
                        "regio, gemeente, aanbieder of aanbieder_gemeente",
                    )
                })?;
            let status = match status[i].as_deref() {
                None => None,
                Some(s) => Some(super::statistiek::Status::parse(s).ok_or_else(|| {
                    onbekend(
                        i,
                        "status",
                        &status[i],
                        "op koers, aandacht, afwijkend of leeg",
                    )
                })?),
            };
            Ok(Waarde {
                indicator: ind[i].clone().unwrap_or_default(),
                periode: per[i].clone().unwrap_or_default(),
                niveau,
                code: code[i].clone().unwrap_or_default(),
                naam: naam[i].clone(),
                uitsplitsing: uit[i].clone().unwrap_or_default().into(),
                teller: teller[i],
                noemer: noemer[i],
                waarde: waarde[i],
                ci_laag: lo[i],
                ci_hoog: hi[i],
                landelijk: land[i],
                landelijk_periode: lp[i].clone(),
                landelijk_bron: lb[i].clone(),
                landelijk_vergelijkbaar: lv[i],
                streefwaarde: streef[i],
                status,
                onderdrukt: ond[i],
                voorlopig: voorl[i],
                eenheid: eenh[i].clone().unwrap_or_default(),
                historie_onvolledig: hist[i],
            })
        })
        .collect()
}

/// One provider's observed/expected ratio (indirect standardisation by hulpvorm and age
/// class, see `standaardisatie`), as stored in `aanbieders_oe.parquet` (suppressed).
/// `noemer`: the provider's units (= the indicator's aanbieder noemer); `waargenomen`: O, the
/// provider's teller (for `trajectduur` the sum of days); `verwacht`: E, what the provider
/// would have with the region's rate (mean) in each stratum; `oe` = O/E (`None` when E is 0).
/// On a suppressed row (`onderdrukt`) all four are `None`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OeWaarde {
    pub indicator: String,
    pub periode: String,
    /// AGB code.
    pub aanbieder: String,
    pub noemer: Option<f64>,
    pub waargenomen: Option<f64>,
    pub verwacht: Option<f64>,
    pub oe: Option<f64>,
    pub onderdrukt: bool,
}

/// The suppressed O/E ratios stored with a release, for pages and the API. A release made
/// before the table existed (its manifest does not list `aanbieders_oe`) gives an empty list.
pub fn lees_oe(data: &Path, release: &str) -> Result<Vec<OeWaarde>, crate::IngestFout> {
    let manifest = crate::release::lees_manifest(data, release)?;
    if !manifest
        .tabellen
        .contains_key(super::standaardisatie::TABEL)
    {
        return Ok(Vec::new());
    }
    let df = crate::release::lees_tabel(data, release, super::standaardisatie::TABEL)?;
    let t = |n: &str| super::tekstkolom(&df, n);
    let g = |n: &str| super::getalkolom(&df, n);
    let (ind, per, aanb) = (t("indicator")?, t("periode")?, t("aanbieder")?);
    let (noemer, o, e, oe) = (g("noemer")?, g("waargenomen")?, g("verwacht")?, g("oe")?);
    let ond: Vec<bool> = df
        .column("onderdrukt")?
        .bool()?
        .iter()
        .map(|x| x.unwrap_or(false))
        .collect();
    Ok((0..df.height())
        .map(|i| OeWaarde {
            indicator: ind[i].clone().unwrap_or_default(),
            periode: per[i].clone().unwrap_or_default(),
            aanbieder: aanb[i].clone().unwrap_or_default(),
            noemer: noemer[i],
            waargenomen: o[i],
            verwacht: e[i],
            oe: oe[i],
            onderdrukt: ond[i],
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicatoren::statistiek::Status;
    use crate::indicatoren::{Niveau, Uitsplitsing};

    fn tabel(niveau: &str, status: Option<&str>) -> DataFrame {
        let tekst = |n: &str, v: Option<&str>| Column::new(n.into(), [v]);
        let getal = |n: &str, v: Option<f64>| Column::new(n.into(), [v]);
        let janee = |n: &str, v: bool| Column::new(n.into(), [v]);
        DataFrame::new_infer_height(vec![
            tekst("indicator", Some("crisis_instroom")),
            tekst("periode", Some("2025")),
            tekst("niveau", Some(niveau)),
            tekst("code", Some("GM0153")),
            tekst("naam", Some("Enschede")),
            tekst("uitsplitsing", Some("segment_crisis")),
            tekst("eenheid", Some("aantal")),
            tekst("status", status),
            tekst("landelijk_periode", None),
            getal("teller", Some(12.0)),
            getal("noemer", None),
            getal("waarde", Some(12.0)),
            getal("ci_laag", None),
            getal("ci_hoog", None),
            getal("landelijk", None),
            getal("streefwaarde", Some(11.0)),
            janee("onderdrukt", false),
            janee("voorlopig", false),
        ])
        .unwrap()
    }

    #[test]
    fn stored_keys_are_read_as_types_and_serialised_as_stored() {
        let v = waarden(&tabel("gemeente", Some("afwijkend")), "r1").unwrap();
        assert_eq!(v[0].niveau, Niveau::Gemeente);
        assert_eq!(v[0].status, Some(Status::Afwijkend));
        assert_eq!(v[0].uitsplitsing, Uitsplitsing::segment("crisis"));
        assert!(!v[0].uitsplitsing.is_totaal());
        // The JSON API shows the stored words, as before the keys were typed.
        let j = serde_json::to_value(&v[0]).unwrap();
        assert_eq!(j["niveau"], "gemeente");
        assert_eq!(j["status"], "afwijkend");
        assert_eq!(j["uitsplitsing"], "segment_crisis");
        let op_koers = waarden(&tabel("aanbieder_gemeente", Some("op koers")), "r1").unwrap();
        assert_eq!(op_koers[0].niveau, Niveau::AanbiederGemeente);
        assert_eq!(
            serde_json::to_value(&op_koers[0]).unwrap()["status"],
            "op koers"
        );
        assert_eq!(
            waarden(&tabel("regio", None), "r1").unwrap()[0].status,
            None
        );
    }

    #[test]
    fn an_unknown_stored_level_or_status_is_an_error_not_a_missing_value() {
        let fout = waarden(&tabel("wijk", None), "r1").unwrap_err().to_string();
        assert!(fout.contains("release r1"), "{fout}");
        assert!(fout.contains("rij 1, kolom niveau"), "{fout}");
        assert!(fout.contains("\"wijk\""), "{fout}");
        let fout = waarden(&tabel("regio", Some("prima")), "r1")
            .unwrap_err()
            .to_string();
        assert!(fout.contains("kolom status"), "{fout}");
        assert!(fout.contains("op koers, aandacht, afwijkend"), "{fout}");
    }
}
