//! The region's map: the boundary of every gemeente, read from a GeoJSON file next to the
//! region configuration (`twente.toml` → `twente.geojson`; Twente's is compiled in). Only
//! what the choropleth needs: per gemeente its CBS code and its outer rings in the file's
//! projected coordinates (EPSG:28992, RD New, metres; y grows northwards). No drawing here.

use serde::Deserialize;

use crate::codes::GemeenteCode;

/// Twente's boundaries (CBS/PDOK 2024, CC-BY 4.0; see `pipelines/regio/twente.geojson.md`).
pub const TWENTE_GEOJSON: &str = include_str!("../../../pipelines/regio/twente.geojson");

/// One gemeente on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Kaartgebied {
    pub code: GemeenteCode,
    /// Outer rings (holes are not drawn), each a closed list of (x, y).
    pub ringen: Vec<Vec<(f64, f64)>>,
}

/// A region's map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Kaart {
    pub gebieden: Vec<Kaartgebied>,
}

#[derive(Deserialize)]
struct Collectie {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: Geometrie,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometrie {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Kaart {
    /// Parses a GeoJSON FeatureCollection; `bestand` names it in Dutch errors.
    pub fn parse(tekst: &str, bestand: &str) -> Result<Kaart, String> {
        let c: Collectie = serde_json::from_str(tekst)
            .map_err(|e| format!("{bestand}: geen geldige GeoJSON FeatureCollection: {e}"))?;
        let mut gebieden = Vec::new();
        for (i, f) in c.features.into_iter().enumerate() {
            let code = f
                .properties
                .get("statcode")
                .and_then(|v| v.as_str())
                .ok_or_else(|| {
                    format!(
                        "{bestand}: feature {} heeft geen eigenschap statcode",
                        i + 1
                    )
                })?;
            let code = GemeenteCode::parse(code)
                .map_err(|e| format!("{bestand}: feature {}: statcode {code:?}: {e}", i + 1))?;
            let polygonen = match f.geometry {
                Geometrie::Polygon(p) => vec![p],
                Geometrie::MultiPolygon(m) => m,
            };
            let ringen: Vec<Vec<(f64, f64)>> = polygonen
                .into_iter()
                .filter_map(|p| p.into_iter().next())
                .map(|r| r.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>())
                .filter(|r| r.len() >= 3)
                .collect();
            if ringen.is_empty() {
                return Err(format!("{bestand}: gemeente {code} heeft geen vlak"));
            }
            gebieden.push(Kaartgebied { code, ringen });
        }
        Ok(Kaart { gebieden })
    }

    pub fn twente() -> Kaart {
        Kaart::parse(TWENTE_GEOJSON, "twente.geojson (ingebouwd)")
            .expect("de ingebouwde Twente-kaart is geldig (getest)")
    }

    pub fn gebied(&self, code: GemeenteCode) -> Option<&Kaartgebied> {
        self.gebieden.iter().find(|g| g.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twente_has_every_gemeente_of_the_region_in_rd_coordinates() {
        let k = Kaart::twente();
        let r = crate::Regio::twente();
        assert_eq!(k.gebieden.len(), 14);
        for g in &r.gemeenten {
            let v = k
                .gebied(g.code)
                .unwrap_or_else(|| panic!("{} ontbreekt", g.code));
            // The README's extent: x 219070–269790, y 459728–501580 (metres, RD New).
            for &(x, y) in v.ringen.iter().flatten() {
                assert!((219_000.0..=270_000.0).contains(&x), "{x}");
                assert!((459_000.0..=502_000.0).contains(&y), "{y}");
            }
        }
    }

    #[test]
    fn multipolygon_and_errors() {
        let t = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"statcode":"GM0153"},
          "geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}}]}"#;
        let k = Kaart::parse(t, "x").unwrap();
        assert_eq!(k.gebieden[0].ringen.len(), 2);
        let zonder = t.replace("statcode", "naam");
        assert!(
            Kaart::parse(&zonder, "x.geojson")
                .unwrap_err()
                .contains("statcode")
        );
        let fout = t.replace("GM0153", "GMxx");
        assert!(
            Kaart::parse(&fout, "x.geojson")
                .unwrap_err()
                .contains("GMxx")
        );
    }
}
