//! `/sturing`: the Sturingsplan's yearly target paths per segment together (issue 22). Per
//! segment with a yearly change in the region's `streefwaarden` (verblijf −10%, wonen −5%,
//! wonen+verblijf −5%, ambulant −2,5%, crisis instroom −2,5% in Twente): the realised cost and
//! volume against the path (chart with the path from the base year, status as icon, word and
//! colour), the gap to the path in euros and in clients, the saving the path implies this year,
//! each gemeente's share of the path, and the duidingen on the segment's figures.
//!
//! Every figure is a stored, suppressed value read through [`Releasedata::waarde`] (the data
//! rule applies). Three things are derived on the page, each only from published values and
//! hidden wherever one of them is, like [`pipeline::indicatoren::uitvoer::Waarde::streef_verschil`]:
//! - the gap to the path: realised − path (a value above the path is positive);
//! - the saving the path implies in year j: path(j − 1) − path(j), with path(base year) the
//!   realised base value (the Sturingsplan's "€ 6,1 mln per year" for wonen+verblijf is
//!   5% of the base cost); the gross total adds the segments whose costs are not part of a
//!   combined segment that has its own path (wonen and verblijf count once, as
//!   wonen_verblijf: "financieel nog niet te scheiden"), as the plan's € 9,4 mln =
//!   € 6,1 mln + € 3,3 mln;
//! - a gemeente's share of a regional path: its own realised base-year value × the regional
//!   path's factor path(j) / path(base year).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use model::{Periode, PeriodeSoort, getal};
use pipeline::indicatoren::uitvoer::Waarde;

use crate::Gedeeld;
use crate::antwoord::{html, pagina};
use crate::dashboard::paginas::{Kop, TabelWeergave, kop, status, trendreeksen, weergave};
use crate::filters::{Filters, Keuze};
use crate::staat::{Reeks, Releasedata, Staat};
use crate::tabel::{Cel, Soort, Tabel, kolom, tekst};
use crate::toegang::{Routes, Wie};
use pipeline::indicatoren::{Niveau, Uitsplitsing};

/// The steering page: every account, like the overview that shows the same regional values
/// and the downloads of its tables (`toegang::regels::tabel_mag`); the gemeente rows follow
/// the data rule of each value.
pub(crate) fn router() -> Routes {
    Routes::paginas().get("/sturing", Wie::Ingelogd, sturing)
}

async fn sturing(State(s): State<Gedeeld>, Query(f): Query<Filters>) -> Response {
    pagina(&s, "/sturing", &f, |s, r, f| html(pagina_maak(s, r, f))).await
}

/// One row of the region's `streefwaarden` with a yearly change and a segment: a path.
pub use pipeline::kwaliteit::Streefpad as Doel;

/// The targets of a release that are yearly paths per segment, in the order of the file.
pub fn doelen(r: &Releasedata) -> Vec<Doel> {
    r.streefpaden.clone()
}

/// The segment's name as a reader sees it.
pub fn segmentnaam(segment: &str) -> String {
    if segment == "wonen_verblijf" {
        return "Wonen en verblijf samen".into();
    }
    model::Segment::parse(segment)
        .map(|s| s.naam().to_string())
        .unwrap_or_else(|_| segment.to_string())
}

/// The figures (indicator, split) of the region a target row gives a path — the pipeline's
/// own rule (`bereken::streef_figuren`), asked with the splits this release stores.
fn figuren(r: &Releasedata, d: &Doel) -> Vec<(String, String)> {
    pipeline::indicatoren::bereken::streef_figuren(&d.indicator, &d.segment, |a, u| {
        r.uitsplitsingen(a, Niveau::Regio).iter().any(|x| x == u)
    })
}

/// A split named by text (the figures a target path gives are named by text).
fn sp(u: &str) -> Uitsplitsing {
    u.into()
}

fn jaar(p: i32) -> Periode {
    Periode::Jaar(p)
}

/// realised − path, from the published value (none where it is hidden).
fn verschil(w: Option<&Waarde>) -> Option<f64> {
    let w = w.filter(|w| !w.onderdrukt)?;
    Some(w.waarde? - w.streefwaarde?)
}

/// The path in `j`, for the saving: in the base year the path is the realised base value.
fn pad(r: &Releasedata, (a, u): (&str, &str), j: i32) -> Option<f64> {
    r.waarde(Reeks::nieuw(a, Niveau::Regio, "regio", &sp(u)), jaar(j))
        .filter(|w| !w.onderdrukt)
        .and_then(|w| w.streefwaarde)
}

/// The saving a cost path implies in year `j`: path(j − 1) − path(j); none in or before the
/// base year, or where a path is not published.
pub fn besparing(r: &Releasedata, d: &Doel, u: &str, j: i32) -> Option<f64> {
    if j <= d.basisjaar {
        return None;
    }
    Some(pad(r, ("kosten", u), j - 1)? - pad(r, ("kosten", u), j)?)
}

/// Segments whose costs are counted in a combined segment with its own cost path
/// (`wonen` and `verblijf` in `wonen_verblijf`): left out of the gross total.
fn in_samengesteld(d: &Doel, alle: &[Doel]) -> bool {
    alle.iter().any(|x| {
        x.indicator == "kosten"
            && x.segment != d.segment
            && x.segment.split('_').count() > 1
            && x.segment.split('_').any(|deel| deel == d.segment)
    })
}

/// The year shown: the chosen year, else the newest complete year.
fn gekozen_jaar(r: &Releasedata, k: &Keuze) -> Option<i32> {
    let p = match (k.soort, k.periode) {
        (PeriodeSoort::Jaar, Some(p)) => p,
        _ => *r.standaard.get(&PeriodeSoort::Jaar)?,
    };
    match p {
        Periode::Jaar(j) => Some(j),
        _ => None,
    }
}

/// The summary: per cost path the path, the saving it implies, the realised cost and the gap
/// in euros, the volume gap in clients, and the gross total.
pub fn besparing_tabel(s: &Staat, r: &Releasedata, k: &Keuze) -> Tabel {
    let alle = doelen(r);
    let j = gekozen_jaar(r, k).unwrap_or_default();
    let mut t = Tabel::nieuw(
        "sturing-besparing",
        &format!(
            "Kosten per segment tegen het streefpad, {j}: besparing die het pad vraagt en verschil met het pad ({})",
            s.regio.naam
        ),
        vec![
            kolom("segment", "Segment", Soort::Tekst),
            kolom(
                "jaarlijkse_verandering",
                "Streef per jaar",
                Soort::Getal("procent"),
            ),
            kolom("basisjaar", "Basisjaar", Soort::Tekst),
            kolom(
                "pad_vorig_jaar",
                &format!("Streefpad {}", j - 1),
                Soort::Getal("euro"),
            ),
            kolom("pad", &format!("Streefpad {j}"), Soort::Getal("euro")),
            kolom(
                "besparing_eerste_jaar",
                "Besparing per jaar",
                Soort::Getal("euro"),
            ),
            kolom("besparing", &format!("Besparing {j}"), Soort::Getal("euro")),
            kolom("kosten", &format!("Gerealiseerd {j}"), Soort::Getal("euro")),
            kolom("verschil_euro", "Verschil (euro)", Soort::Getal("euro")),
            kolom(
                "verschil_clienten",
                "Verschil (cliënten)",
                Soort::Getal("aantal"),
            ),
            kolom("status", "Status", Soort::Tekst),
        ],
    );
    let (mut bruto, mut bruto_eerste) = (Some(0.0), Some(0.0));
    let mut bruto_delen = Vec::new();
    for d in alle.iter().filter(|d| d.indicator == "kosten") {
        let u = format!("segment_{}", d.segment);
        let w = r.waarde(
            Reeks::nieuw("kosten", Niveau::Regio, "regio", &sp(&u)),
            jaar(j),
        );
        let b = besparing(r, d, &u, j);
        let eerste = besparing(r, d, &u, d.basisjaar + 1);
        if !in_samengesteld(d, &alle) {
            bruto = bruto.zip(b).map(|(a, b)| a + b);
            bruto_eerste = bruto_eerste.zip(eerste).map(|(a, b)| a + b);
            bruto_delen.push(segmentnaam(&d.segment).to_lowercase());
        }
        let clienten = r.waarde(
            Reeks::nieuw("jeugdhulp_clienten", Niveau::Regio, "regio", &sp(&u)),
            jaar(j),
        );
        t.rijen.push(vec![
            tekst(segmentnaam(&d.segment)),
            Cel::Getal(Some(d.verandering)),
            tekst(d.basisjaar.to_string()),
            Cel::Getal(pad(r, ("kosten", &u), j - 1)),
            Cel::Getal(pad(r, ("kosten", &u), j)),
            Cel::Getal(eerste),
            Cel::Getal(b),
            Cel::Getal(w.filter(|w| !w.onderdrukt).and_then(|w| w.waarde)),
            Cel::Getal(verschil(w)),
            Cel::Getal(verschil(clienten.filter(|c| c.streefwaarde.is_some()))),
            tekst(status(w).0),
        ]);
    }
    if !bruto_delen.is_empty() {
        t.rijen.push(vec![
            tekst(format!("Bruto totaal ({})", bruto_delen.join(" + "))),
            Cel::Getal(None),
            tekst(""),
            Cel::Getal(None),
            Cel::Getal(None),
            Cel::Getal(bruto_eerste),
            Cel::Getal(bruto),
            Cel::Getal(None),
            Cel::Getal(None),
            Cel::Getal(None),
            tekst(""),
        ]);
    }
    t
}

/// One figure of a segment per year from the base year: realised, path, gap, status.
pub fn figuur_tabel(
    s: &Staat,
    r: &Releasedata,
    k: &Keuze,
    segment: &str,
    euro: bool,
) -> Option<Tabel> {
    let alle = doelen(r);
    let j = gekozen_jaar(r, k)?;
    let eenheid = if euro { "euro" } else { "aantal" };
    let mut t = Tabel::nieuw(
        &format!(
            "sturing-{segment}-{}",
            if euro { "kosten" } else { "volume" }
        ),
        &format!(
            "{} per jaar tegen het streefpad, segment {} ({})",
            if euro { "Kosten" } else { "Volume" },
            segmentnaam(segment).to_lowercase(),
            s.regio.naam
        ),
        vec![
            kolom("figuur", "Figuur", Soort::Tekst),
            kolom("jaar", "Jaar", Soort::Tekst),
            kolom("waarde", "Gerealiseerd", Soort::Getal(eenheid)),
            kolom("streefwaarde", "Streefpad", Soort::Getal(eenheid)),
            kolom("verschil", "Verschil met het pad", Soort::Getal(eenheid)),
            kolom("status", "Status", Soort::Tekst),
            kolom("voorlopig", "Voorlopig", Soort::JaNee),
        ],
    );
    for d in alle.iter().filter(|d| d.segment == segment) {
        for (a, u) in figuren(r, d) {
            if (a == "kosten") != euro {
                continue;
            }
            let naam = s
                .catalogus
                .get(&a)
                .map(|x| x.naam.clone())
                .unwrap_or_else(|| a.clone());
            for jj in d.basisjaar..=j {
                let w = r.waarde(Reeks::nieuw(&a, Niveau::Regio, "regio", &sp(&u)), jaar(jj));
                t.rijen.push(vec![
                    tekst(naam.clone()),
                    tekst(jj.to_string()),
                    Cel::Getal(w.filter(|w| !w.onderdrukt).and_then(|w| w.waarde)),
                    Cel::Getal(w.filter(|w| !w.onderdrukt).and_then(|w| w.streefwaarde)),
                    Cel::Getal(verschil(w)),
                    tekst(status(w).0),
                    Cel::JaNee(w.map(|w| w.voorlopig)),
                ]);
            }
        }
    }
    (!t.rijen.is_empty()).then_some(t)
}

/// Each gemeente's share of a regional cost path: its realised cost in the base year and in
/// the year, its share of the path (base × path(j)/path(base)) and the gap.
pub fn gemeenten_tabel(s: &Staat, r: &Releasedata, k: &Keuze, segment: &str) -> Option<Tabel> {
    let d = doelen(r)
        .into_iter()
        .find(|d| d.segment == segment && d.indicator == "kosten")?;
    let j = gekozen_jaar(r, k)?;
    let u = format!("segment_{segment}");
    let b = d.basisjaar;
    let factor = pad(r, ("kosten", &u), j)
        .zip(pad(r, ("kosten", &u), b))
        .filter(|(_, basis)| *basis != 0.0)
        .map(|(nu, basis)| nu / basis);
    let mut t = Tabel::nieuw(
        &format!("sturing-{segment}-gemeenten"),
        &format!(
            "Kosten segment {} per gemeente: aandeel in het streefpad, {j}",
            segmentnaam(segment).to_lowercase()
        ),
        vec![
            kolom("gemeente", "Gemeente", Soort::Tekst),
            kolom(
                "kosten_basisjaar",
                &format!("Gerealiseerd in het basisjaar {b}"),
                Soort::Getal("euro"),
            ),
            kolom(
                "aandeel_pad",
                &format!("Aandeel in het pad {j}"),
                Soort::Getal("euro"),
            ),
            kolom("kosten", &format!("Gerealiseerd {j}"), Soort::Getal("euro")),
            kolom("verschil", "Verschil met het aandeel", Soort::Getal("euro")),
            kolom(
                "kosten_groei",
                &format!("Kostengroei {j}"),
                Soort::Getal("procent"),
            ),
        ],
    );
    let publiek = |w: Option<&Waarde>| w.filter(|w| !w.onderdrukt).and_then(|w| w.waarde);
    for g in &s.regio.gemeenten {
        let code = g.code.to_string();
        let basis = publiek(r.waarde(
            Reeks::nieuw("kosten", Niveau::Gemeente, &code, &sp(&u)),
            jaar(b),
        ));
        let nu = publiek(r.waarde(
            Reeks::nieuw("kosten", Niveau::Gemeente, &code, &sp(&u)),
            jaar(j),
        ));
        let aandeel = basis.zip(factor).map(|(x, f)| x * f);
        t.rijen.push(vec![
            tekst(g.naam.clone()),
            Cel::Getal(basis),
            Cel::Getal(aandeel),
            Cel::Getal(nu),
            Cel::Getal(nu.zip(aandeel).map(|(n, a)| n - a)),
            Cel::Getal(publiek(r.waarde(
                Reeks::nieuw("kosten_groei", Niveau::Gemeente, &code, &sp(&u)),
                jaar(j),
            ))),
        ]);
    }
    Some(t)
}

/// A table of this page for its download (`/download/sturing-….{ext}`).
pub(crate) fn tabel(s: &Staat, r: &Releasedata, f: &Filters, id: &str) -> Option<Tabel> {
    let k = Keuze::maak(s, r, f);
    let rest = id.strip_prefix("sturing-")?;
    if rest == "besparing" {
        return Some(besparing_tabel(s, r, &k));
    }
    if let Some(seg) = rest.strip_suffix("-kosten") {
        return figuur_tabel(s, r, &k, seg, true);
    }
    if let Some(seg) = rest.strip_suffix("-volume") {
        return figuur_tabel(s, r, &k, seg, false);
    }
    if let Some(seg) = rest.strip_suffix("-gemeenten") {
        return gemeenten_tabel(s, r, &k, seg);
    }
    None
}

pub struct SegmentBlok {
    pub id: String,
    pub naam: String,
    pub doel: String,
    pub bron: String,
    /// Status of the segment's main figure in the year: (icon + word, css class).
    pub status: (&'static str, &'static str),
    pub kerncijfers: Vec<(String, String)>,
    pub grafieken: Vec<String>,
    pub tabellen: Vec<TabelWeergave>,
    /// Links to the pages where the segment's figures are interpreted.
    pub links: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sturing.html")]
pub struct SturingPagina {
    pub kop: Kop,
    pub jaar: i32,
    pub jaren: Vec<i32>,
    pub release: Option<String>,
    pub besparing: TabelWeergave,
    pub segmenten: Vec<SegmentBlok>,
}

#[expect(clippy::too_many_lines, reason = "still to be split (issue 19)")]
fn segment_blok(s: &Staat, r: &Releasedata, k: &Keuze, d: &Doel, j: i32) -> SegmentBlok {
    let figs = figuren(r, d);
    let hoofd = figs.first().cloned().unwrap_or_default();
    let w = r.waarde(
        Reeks::nieuw(&hoofd.0, Niveau::Regio, "regio", &sp(&hoofd.1)),
        jaar(j),
    );
    let mut kerncijfers = Vec::new();
    let mut grafieken = Vec::new();
    let mut volume_getekend = false;
    for (a, u) in &figs {
        let Some(def) = s.catalogus.get(a) else {
            continue;
        };
        let wf = r.waarde(Reeks::nieuw(a, Niveau::Regio, "regio", &sp(u)), jaar(j));
        let e = if a == "kosten" { "euro" } else { "aantal" };
        let gap = verschil(wf)
            .map(|v| {
                format!(
                    "{}{} {}",
                    if v > 0.0 { "+" } else { "" },
                    getal::met_eenheid(Some(v), e),
                    if v > 0.0 {
                        "boven het pad"
                    } else {
                        "op of onder het pad"
                    }
                )
            })
            .unwrap_or_else(|| "–".into());
        kerncijfers.push((def.naam.clone(), gap));
        // A chart for the cost and for the first volume figure.
        if a == "kosten" || !volume_getekend {
            volume_getekend |= a != "kosten";
            let reeks: Vec<_> = r
                .reeks(
                    Reeks::nieuw(a, Niveau::Regio, "regio", &sp(u)),
                    PeriodeSoort::Jaar,
                    Some(jaar(j)),
                    8,
                )
                .into_iter()
                .filter(|(p, _)| matches!(p, Periode::Jaar(x) if *x >= d.basisjaar - 3))
                .collect();
            let mut t = trendreeksen(&reeks);
            t.titel = format!(
                "{} segment {} met het streefpad vanaf {}",
                def.naam,
                segmentnaam(&d.segment).to_lowercase(),
                d.basisjaar
            );
            t.eenheid = def.eenheid.clone();
            t.reeksnaam = s.regio.naam.clone();
            t.id = format!("sturing-{}-{a}", d.segment);
            grafieken.push(charts::trend(&t));
        }
    }
    if d.indicator == "kosten" {
        let u = format!("segment_{}", d.segment);
        for (naam, jj) in [
            (
                "Besparing per jaar volgens het pad".to_string(),
                d.basisjaar + 1,
            ),
            (format!("Besparing volgens het pad in {j}"), j),
        ] {
            if let Some(b) = besparing(r, d, &u, jj) {
                kerncijfers.push((naam, getal::met_eenheid(Some(b), "euro")));
            }
        }
    }
    let tabellen = [
        figuur_tabel(s, r, k, &d.segment, true),
        figuur_tabel(s, r, k, &d.segment, false),
        gemeenten_tabel(s, r, k, &d.segment),
    ]
    .into_iter()
    .flatten()
    .map(|t| weergave(&t, k, &[]))
    .collect();
    let links = figs
        .iter()
        .filter_map(|(a, u)| {
            let def = s.catalogus.get(a)?;
            Some((
                format!(
                    "{} (segment {}): verloop, per gemeente en duidingen",
                    def.naam,
                    segmentnaam(&d.segment).to_lowercase()
                ),
                format!(
                    "/indicator/{a}{}#kop-duidingen",
                    k.query_met(&[("uitsplitsing", u)])
                ),
            ))
        })
        .collect();
    SegmentBlok {
        id: d.segment.clone(),
        naam: segmentnaam(&d.segment),
        doel: format!(
            "{} per jaar vanaf {} ({})",
            getal::met_eenheid(Some(d.verandering), "procent"),
            d.basisjaar,
            s.catalogus
                .get(&d.indicator)
                .map(|x| x.naam.to_lowercase())
                .unwrap_or_default()
        ),
        bron: d.bron.clone(),
        status: status(w),
        kerncijfers,
        grafieken,
        tabellen,
        links,
    }
}

pub fn pagina_maak(s: &Staat, r: &Releasedata, f: &Filters) -> SturingPagina {
    let mut f = f.clone();
    if f.soort.as_deref().is_none_or(str::is_empty) {
        f.soort = Some("jaar".into());
    }
    let k = Keuze::maak(s, r, &f);
    let j = gekozen_jaar(r, &k).unwrap_or_default();
    let segmenten = doelen(r)
        .iter()
        .map(|d| segment_blok(s, r, &k, d, j))
        .collect();
    let jaren = r
        .perioden
        .get(&PeriodeSoort::Jaar)
        .map(|v| {
            v.iter()
                .filter_map(|p| match p {
                    Periode::Jaar(x) => Some(*x),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    SturingPagina {
        kop: kop(s, r, &k, "sturing"),
        jaar: j,
        jaren,
        release: (!k.nieuwste).then(|| k.release.clone()),
        besparing: weergave(&besparing_tabel(s, r, &k), &k, &[]),
        segmenten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doel(indicator: &str, segment: &str) -> Doel {
        Doel {
            indicator: indicator.into(),
            segment: segment.into(),
            basisjaar: 2024,
            verandering: -5.0,
            bron: String::new(),
        }
    }

    #[test]
    fn wonen_and_verblijf_count_once_in_the_gross_total() {
        let alle = [
            doel("kosten", "verblijf"),
            doel("kosten", "wonen"),
            doel("kosten", "wonen_verblijf"),
            doel("kosten", "ambulant"),
            doel("crisis_instroom", "crisis"),
        ];
        let telt: Vec<&str> = alle
            .iter()
            .filter(|d| d.indicator == "kosten" && !in_samengesteld(d, &alle))
            .map(|d| d.segment.as_str())
            .collect();
        // The plan: € 9,4 mln = € 6,1 mln (wonen + verblijf, 5%) + € 3,3 mln (ambulant).
        assert_eq!(telt, ["wonen_verblijf", "ambulant"]);
        // Without a combined path, wonen and verblijf count each.
        let zonder = [doel("kosten", "verblijf"), doel("kosten", "wonen")];
        assert!(zonder.iter().all(|d| !in_samengesteld(d, &zonder)));
    }

    #[test]
    fn segment_names() {
        assert_eq!(segmentnaam("wonen_verblijf"), "Wonen en verblijf samen");
        assert_eq!(segmentnaam("ambulant"), "Ambulant");
    }
}
