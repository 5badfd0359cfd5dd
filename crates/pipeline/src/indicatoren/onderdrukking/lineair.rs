//! Which hidden cells the published cells pin down through the equations of
//! [`super::relaties`], by exact linear algebra.
//!
//! The published cells are constants; the hidden cells are the unknowns `x`; the equations
//! give `A·x = b`. A hidden cell `x_j` is determined (the same in every solution) iff the
//! unit vector `e_j` lies in the row space of `A`, i.e. iff `x_j = 0` in every vector of the
//! null space of `A`. Per connected component of hidden cells (cells sharing an equation) we
//! bring `A` to echelon form over the prime field GF(2⁶¹ − 1) and take two null-space vectors
//! with random values for the free columns (back substitution): a cell is determined iff it
//! is 0 in both. A cell that is not determined is never reported as determined (a non-zero
//! value proves a second solution); a determined-looking cell that is not, has probability
//! below 2⁻¹²⁰ and would only hide one cell too many. Over the field instead of the rationals
//! the rank can only differ when the prime divides a minor of a ±1 matrix, which is again
//! negligible and, again, errs on the side of hiding. The random values come from a fixed
//! seed: the same frame gives the same result.
//!
//! Not covered (documented for the security officer): inequalities (counts are ≥ 0, a part
//! is ≤ its total) narrow a hidden value to an interval but rarely to one value; this check
//! only looks at equations.

use std::collections::HashMap;

use super::relaties::UnionFind;

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    let s = (x as u64 & P) + (x >> 61) as u64;
    if s >= P { s - P } else { s }
}

fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P { s - P } else { s }
}

fn neg(a: u64) -> u64 {
    if a == 0 { 0 } else { P - a }
}

fn inv(a: u64) -> u64 {
    // a^(P−2) (Fermat).
    let (mut r, mut b, mut e) = (1u64, a, P - 2);
    while e > 0 {
        if e & 1 == 1 {
            r = mul(r, b);
        }
        b = mul(b, b);
        e >>= 1;
    }
    r
}

fn veld(c: i64) -> u64 {
    c.rem_euclid(P as i64) as u64
}

/// Deterministic pseudo-random numbers (splitmix64).
struct Toeval(u64);

impl Toeval {
    fn volgende(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn element(&mut self) -> u64 {
        loop {
            let v = self.volgende() & P;
            if v != 0 && v != P {
                return v;
            }
        }
    }
}

/// `rij − f · pivot` for sparse rows sorted by column.
fn min_veelvoud(rij: &[(u32, u64)], f: u64, pivot: &[(u32, u64)]) -> Vec<(u32, u64)> {
    let mut uit = Vec::with_capacity(rij.len() + pivot.len());
    let (mut i, mut j) = (0, 0);
    while i < rij.len() || j < pivot.len() {
        let ci = rij.get(i).map_or(u32::MAX, |x| x.0);
        let cj = pivot.get(j).map_or(u32::MAX, |x| x.0);
        if ci < cj {
            uit.push(rij[i]);
            i += 1;
        } else if cj < ci {
            let v = neg(mul(f, pivot[j].1));
            if v != 0 {
                uit.push((cj, v));
            }
            j += 1;
        } else {
            let v = add(rij[i].1, neg(mul(f, pivot[j].1)));
            if v != 0 {
                uit.push((ci, v));
            }
            i += 1;
            j += 1;
        }
    }
    uit
}

/// A component with more hidden cells than this, or whose elimination grows beyond
/// [`MAX_TERMEN`] stored terms, is not checked (reported in [`Uitkomst::ongecontroleerd`]):
/// the elimination would cost minutes. The fixed point still holds there.
pub const MAX_CELLEN: usize = 100_000;
pub const MAX_TERMEN: usize = 5_000_000;

/// What [`bepaald`] found.
#[derive(Debug, Default)]
pub struct Uitkomst {
    /// The hidden cells the equations pin down, sorted.
    pub bepaald: Vec<u32>,
    /// Per determined cell (same order as [`Uitkomst::bepaald`]) the published cells of one
    /// combination of equations that gives it (its **certificate**): hiding any one of them
    /// breaks that combination. Empty when the cell follows from the structure alone (rows
    /// that do not exist are known zeros): no published cell can protect it.
    pub bewijs: Vec<Vec<u32>>,
    /// Hidden cells in components too large to check.
    pub ongecontroleerd: usize,
}

/// A row of the elimination: sorted `(kolom, coëfficiënt)`; the hidden cells of the
/// component are columns `0..k`, its published cells `k..` (constants, carried along so that
/// a determined cell's combination names the published cells it uses).
type Rij = Vec<(u32, u64)>;

/// Eliminated components of an earlier call, by their equations and hidden cells: the
/// suppression runs [`bepaald`] round after round with a few more hidden cells each time, and
/// a component none of whose equations gained a hidden cell is the same system again.
/// Kept across calls up to [`GEHEUGEN_TERMEN`] stored terms, then emptied.
#[derive(Default)]
pub struct Geheugen {
    opgelost: HashMap<u64, std::rc::Rc<Opgelost>>,
    termen: usize,
}

/// What [`Geheugen`] may hold: 40 million terms (± 640 MB).
const GEHEUGEN_TERMEN: usize = 40_000_000;

/// A component eliminated, with its part of the two null-space vectors.
struct Opgelost {
    comp: Component,
    y: [Vec<u64>; 2],
    termen: usize,
}

/// One component of the remaining (unpeeled) system, eliminated.
struct Component {
    /// Global cell → column.
    kolom: HashMap<u32, u32>,
    /// Column `k + i` → global published cell.
    gepubliceerd: Vec<u32>,
    k: usize,
    /// Per hidden column its pivot row (first entry the column itself, coefficient 1).
    pivots: Vec<Option<Rij>>,
}

/// The cells of an equation on one side (hidden when `verborgen_kant`, else published), with
/// the coefficients of a cell that occurs twice merged and zeros dropped.
fn samengevoegd(v: &[(u32, i64)], verborgen: &[bool], verborgen_kant: bool) -> Vec<(u32, i64)> {
    let mut r: Vec<(u32, i64)> = v
        .iter()
        .filter(|(c, _)| verborgen[*c as usize] == verborgen_kant)
        .copied()
        .collect();
    r.sort_unstable_by_key(|x| x.0);
    r.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 += b.1;
            true
        } else {
            false
        }
    });
    r.retain(|x| x.1 != 0);
    r
}

/// The hidden cells (`verborgen[c]`) that the equations pin down (see [`Uitkomst`]).
///
/// First **peeling**: an equation in which some hidden cell occurs in no other equation can
/// always be met by that cell, so it constrains the others in nothing; it is set aside
/// (repeatedly, as the audit in `tests/inbreker` does). What remains falls apart in far
/// smaller components, which are eliminated as described above. Two random vectors of the
/// null space of the whole system are then completed through the set-aside equations in
/// reverse order (each gives its own cell from cells already known), so a peeled cell is
/// determined exactly when the combination of the others in its equation is.
///
/// For each determined cell the unit vector is then reduced against the set-aside equations
/// (in the order they were set aside) and the pivot rows: what remains is its certificate.
pub fn bepaald(
    vergelijkingen: &[Vec<(u32, i64)>],
    verborgen: &[bool],
    geheugen: &mut Geheugen,
) -> Uitkomst {
    bepaald_in(vergelijkingen, None, verborgen, geheugen)
}

/// [`bepaald`] over a selection of the equations (indices into `vergelijkingen`): the
/// suppression re-checks only the groups in which a cell was hidden since the last check. The
/// selection must be closed: every equation with a hidden cell of a selected equation's group
/// is selected too; only cells in those groups can then be reported.
pub fn bepaald_in(
    vergelijkingen: &[Vec<(u32, i64)>],
    selectie: Option<&[u32]>,
    verborgen: &[bool],
    geheugen: &mut Geheugen,
) -> Uitkomst {
    let m = verborgen.len();
    // The active equations over the hidden cells only (the published cells are constants),
    // with the coefficients of a cell that occurs twice merged and zeros dropped; `bron` is
    // the index of each in `vergelijkingen`.
    let mut h: Vec<Vec<(u32, i64)>> = Vec::new();
    let mut bron: Vec<usize> = Vec::new();
    let alle: Vec<u32>;
    let selectie = match selectie {
        Some(s) => s,
        None => {
            alle = (0..vergelijkingen.len() as u32).collect();
            &alle
        }
    };
    for &e in selectie {
        let e = e as usize;
        let r = samengevoegd(&vergelijkingen[e], verborgen, true);
        if !r.is_empty() {
            h.push(r);
            bron.push(e);
        }
    }
    let mut van_cel: HashMap<u32, Vec<u32>> = HashMap::new();
    for (e, v) in h.iter().enumerate() {
        for &(c, _) in v {
            van_cel.entry(c).or_default().push(e as u32);
        }
    }
    let mut graad: HashMap<u32, u32> = van_cel
        .iter()
        .map(|(&c, es)| (c, es.len() as u32))
        .collect();
    // Peeling.
    let mut weg = vec![false; h.len()];
    let mut gepeld: Vec<(usize, u32)> = Vec::new();
    let mut rij: Vec<u32> = {
        let mut r: Vec<u32> = graad
            .iter()
            .filter(|(_, g)| **g == 1)
            .map(|(c, _)| *c)
            .collect();
        r.sort_unstable();
        r
    };
    while let Some(c) = rij.pop() {
        if graad.get(&c) != Some(&1) {
            continue;
        }
        let Some(&e) = van_cel[&c].iter().find(|&&e| !weg[e as usize]) else {
            continue;
        };
        let e = e as usize;
        weg[e] = true;
        gepeld.push((e, c));
        for &(d, _) in &h[e] {
            if let Some(g) = graad.get_mut(&d) {
                *g -= 1;
                if *g == 1 {
                    rij.push(d);
                }
            }
        }
    }
    let rest: Vec<usize> = (0..h.len()).filter(|&e| !weg[e]).collect();

    let mut uf = UnionFind((0..m as u32).collect());
    for &e in &rest {
        for w in h[e].windows(2) {
            uf.verenig(w[0].0, w[1].0);
        }
    }
    // Equations and cells per component of the remaining system.
    let mut componenten: HashMap<u32, (Vec<u32>, Vec<usize>)> = HashMap::new();
    for &e in &rest {
        let w = uf.vind(h[e][0].0);
        componenten.entry(w).or_default().1.push(e);
    }
    for c in 0..m as u32 {
        if verborgen[c as usize] {
            let w = uf.vind(c);
            if let Some(k) = componenten.get_mut(&w) {
                k.0.push(c);
            }
        }
    }
    // Two null-space vectors; every hidden cell starts free (random), unchecked cells stay so.
    let mut toeval = Toeval(0x6A65_7567_6473_7475);
    let mut x: [Vec<u64>; 2] = [vec![0u64; m], vec![0u64; m]];
    for c in 0..m {
        if verborgen[c] {
            x[0][c] = toeval.element();
            x[1][c] = toeval.element();
        }
    }
    let mut ongecontroleerd_cel = vec![false; m];
    let mut wortels: Vec<u32> = componenten.keys().copied().collect();
    wortels.sort_unstable();
    let mut klaar: HashMap<u32, std::rc::Rc<Opgelost>> = HashMap::new();
    for w in wortels {
        let (cellen, vgl) = &componenten[&w];
        if cellen.len() > MAX_CELLEN {
            tracing::debug!(
                "lineaire controle: groep van {} verborgen cellen en {} vergelijkingen te groot",
                cellen.len(),
                vgl.len()
            );
            for &c in cellen {
                ongecontroleerd_cel[c as usize] = true;
            }
            continue;
        }
        let sleutel = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            cellen.hash(&mut hasher);
            for &e in vgl {
                bron[e].hash(&mut hasher);
            }
            hasher.finish()
        };
        let opgelost = match geheugen.opgelost.get(&sleutel) {
            Some(o) => o.clone(),
            None => match elimineer(cellen, vgl, &h, &bron, vergelijkingen, verborgen, w) {
                Some(o) => std::rc::Rc::new(o),
                None => {
                    tracing::debug!(
                        "lineaire controle: groep van {} verborgen cellen groeit voorbij {} termen",
                        cellen.len(),
                        MAX_TERMEN
                    );
                    for &c in cellen {
                        ongecontroleerd_cel[c as usize] = true;
                    }
                    continue;
                }
            },
        };
        for (xs, ys) in x.iter_mut().zip(&opgelost.y) {
            for (i, &c) in cellen.iter().enumerate() {
                xs[c as usize] = ys[i];
            }
        }
        if !geheugen.opgelost.contains_key(&sleutel) {
            if geheugen.termen + opgelost.termen > GEHEUGEN_TERMEN {
                geheugen.opgelost.clear();
                geheugen.termen = 0;
            }
            geheugen.termen += opgelost.termen;
            geheugen.opgelost.insert(sleutel, opgelost.clone());
        }
        klaar.insert(w, opgelost);
    }
    // The set-aside equations, last first: each gives its own cell.
    for &(e, c) in gepeld.iter().rev() {
        let Some(&(_, eigen)) = h[e].iter().find(|(d, _)| *d == c) else {
            continue;
        };
        let f = inv(veld(eigen));
        let mut onzeker = false;
        for xs in &mut x {
            let mut s = 0u64;
            for &(d, v) in &h[e] {
                if d != c {
                    s = add(s, mul(veld(v), xs[d as usize]));
                }
            }
            xs[c as usize] = mul(neg(s), f);
        }
        for &(d, _) in &h[e] {
            onzeker |= d != c && ongecontroleerd_cel[d as usize];
        }
        ongecontroleerd_cel[c as usize] = onzeker;
    }
    let uit: Vec<u32> = (0..m as u32)
        .filter(|&c| {
            let c = c as usize;
            verborgen[c] && !ongecontroleerd_cel[c] && x[0][c] == 0 && x[1][c] == 0
        })
        .collect();
    let volgorde_gepeld: HashMap<u32, usize> = gepeld
        .iter()
        .enumerate()
        .map(|(i, &(_, c))| (c, i))
        .collect();
    let bewijs = uit
        .iter()
        .map(|&c| {
            certificaat(
                c,
                &Systeem {
                    vergelijkingen,
                    h: &h,
                    bron: &bron,
                    gepeld: &gepeld,
                    volgorde_gepeld: &volgorde_gepeld,
                    verborgen,
                },
                &mut uf,
                &klaar,
            )
        })
        .collect();
    Uitkomst {
        bepaald: uit,
        bewijs,
        ongecontroleerd: ongecontroleerd_cel.iter().filter(|&&o| o).count(),
    }
}

/// Eliminates one component (its hidden `cellen` and equations `vgl`, indices into `h`),
/// carrying the published cells along, and draws its part of two null-space vectors. `None`
/// when the elimination grows beyond [`MAX_TERMEN`] terms.
fn elimineer(
    cellen: &[u32],
    vgl: &[usize],
    h: &[Vec<(u32, i64)>],
    bron: &[usize],
    vergelijkingen: &[Vec<(u32, i64)>],
    verborgen: &[bool],
    w: u32,
) -> Option<Opgelost> {
    let mut termen = 0usize;
    let k = cellen.len();
    let mut comp = Component {
        kolom: cellen
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32))
            .collect(),
        gepubliceerd: Vec::new(),
        k,
        pivots: vec![None; k],
    };
    let mut pub_kolom: HashMap<u32, u32> = HashMap::new();
    for &e in vgl {
        let mut rij: Rij = h[e]
            .iter()
            .map(|&(c, v)| (comp.kolom[&c], veld(v)))
            .collect();
        for (c, v) in samengevoegd(&vergelijkingen[bron[e]], verborgen, false) {
            let j = *pub_kolom.entry(c).or_insert_with(|| {
                comp.gepubliceerd.push(c);
                (k + comp.gepubliceerd.len() - 1) as u32
            });
            rij.push((j, veld(v)));
        }
        rij.retain(|x| x.1 != 0);
        rij.sort_unstable_by_key(|x| x.0);
        while let Some(&(c, v)) = rij.first() {
            if c as usize >= k {
                break; // only published cells left: a check of the published values
            }
            match &comp.pivots[c as usize] {
                Some(p) => rij = min_veelvoud(&rij, v, p),
                None => {
                    let f = inv(v);
                    for x in &mut rij {
                        x.1 = mul(x.1, f);
                    }
                    termen += rij.len();
                    comp.pivots[c as usize] = Some(rij);
                    break;
                }
            }
        }
        if termen > MAX_TERMEN {
            return None;
        }
    }
    let mut lokaal = Toeval(0x6A65_7567_6473_7475 ^ u64::from(w));
    let y = [(); 2].map(|_| {
        let mut y = vec![0u64; k];
        for (c, pivot) in comp.pivots.iter().enumerate().rev() {
            y[c] = match pivot {
                None => lokaal.element(),
                Some(p) => {
                    let mut s = 0;
                    for &(j, v) in p[1..].iter().take_while(|(j, _)| (*j as usize) < k) {
                        s = add(s, mul(v, y[j as usize]));
                    }
                    neg(s)
                }
            };
        }
        y
    });
    Some(Opgelost { comp, y, termen })
}

/// What [`certificaat`] reads.
struct Systeem<'a> {
    vergelijkingen: &'a [Vec<(u32, i64)>],
    h: &'a [Vec<(u32, i64)>],
    bron: &'a [usize],
    gepeld: &'a [(usize, u32)],
    volgorde_gepeld: &'a HashMap<u32, usize>,
    verborgen: &'a [bool],
}

/// The published cells of a combination of equations that gives the determined cell `c`
/// (see [`Uitkomst::bewijs`]), sorted. `e_c` is reduced first against the set-aside
/// equations, in the order they were set aside (each removes its own cell and brings in only
/// cells set aside later or cells of the remaining system), then per component against the
/// pivot rows, column by column. A cell that does not reduce to zero was not determined
/// after all (probability below 2⁻¹²⁰): no certificate.
fn certificaat(
    c: u32,
    s: &Systeem,
    uf: &mut UnionFind,
    klaar: &HashMap<u32, std::rc::Rc<Opgelost>>,
) -> Vec<u32> {
    let mut verborgen_deel: HashMap<u32, u64> = HashMap::from([(c, 1)]);
    let mut gepubliceerd: HashMap<u32, u64> = HashMap::new();
    let aftrekken = |doel: &mut HashMap<u32, u64>, cel: u32, f: u64, v: i64| {
        let w = doel.entry(cel).or_insert(0);
        *w = add(*w, neg(mul(f, veld(v))));
    };
    // 1. The set-aside equations, in order, starting from the first that holds a cell of t.
    let mut open: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = verborgen_deel
        .keys()
        .filter_map(|d| s.volgorde_gepeld.get(d).map(|&i| std::cmp::Reverse(i)))
        .collect();
    while let Some(std::cmp::Reverse(i)) = open.pop() {
        let (e, eigen) = s.gepeld[i];
        let t = verborgen_deel.get(&eigen).copied().unwrap_or(0);
        if t == 0 {
            continue;
        }
        let Some(&(_, coef)) = s.h[e].iter().find(|(d, _)| *d == eigen) else {
            continue;
        };
        let f = mul(t, inv(veld(coef)));
        for &(d, v) in &s.vergelijkingen[s.bron[e]] {
            if s.verborgen[d as usize] {
                let nieuw = !verborgen_deel.contains_key(&d);
                aftrekken(&mut verborgen_deel, d, f, v);
                if nieuw && let Some(&j) = s.volgorde_gepeld.get(&d) {
                    open.push(std::cmp::Reverse(j));
                }
            } else {
                aftrekken(&mut gepubliceerd, d, f, v);
            }
        }
    }
    verborgen_deel.retain(|_, v| *v != 0);
    // 2. Per component, against its pivot rows.
    let mut per_component: HashMap<u32, Vec<(u32, u64)>> = HashMap::new();
    for (&d, &v) in &verborgen_deel {
        if s.volgorde_gepeld.contains_key(&d) {
            return Vec::new(); // not reduced: not determined after all
        }
        per_component.entry(uf.vind(d)).or_default().push((d, v));
    }
    for (w, termen) in per_component {
        let Some(opgelost) = klaar.get(&w) else {
            return Vec::new();
        };
        let comp = &opgelost.comp;
        let mut t: std::collections::BTreeMap<u32, u64> = termen
            .into_iter()
            .map(|(d, v)| (comp.kolom[&d], v))
            .collect();
        while let Some((&j, &v)) = t.iter().next() {
            if j as usize >= comp.k {
                break;
            }
            let Some(p) = &comp.pivots[j as usize] else {
                return Vec::new();
            };
            for &(q, pv) in p {
                let e = t.entry(q).or_insert(0);
                *e = add(*e, neg(mul(v, pv)));
                if *e == 0 {
                    t.remove(&q);
                }
            }
        }
        for (j, v) in t {
            let cel = comp.gepubliceerd[j as usize - comp.k];
            let e = gepubliceerd.entry(cel).or_insert(0);
            *e = add(*e, v);
        }
    }
    let mut uit: Vec<u32> = gepubliceerd
        .into_iter()
        .filter(|&(_, v)| v != 0)
        .map(|(c, _)| c)
        .collect();
    uit.sort_unstable();
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rekenen_in_het_veld() {
        assert_eq!(mul(inv(12345), 12345), 1);
        assert_eq!(add(P - 1, 2), 1);
        assert_eq!(veld(-1), P - 1);
        assert_eq!(mul(P - 1, P - 1), 1);
    }

    #[test]
    fn brug_in_een_tabel() {
        // a + b = T1 (published), b + c = T2, a + c = T3: three equations, three unknowns,
        // rank 3 → all determined. Without the third only a − c is known: none determined.
        let v = vec![
            vec![(0, 1), (1, 1), (3, -1)],
            vec![(1, 1), (2, 1), (4, -1)],
            vec![(0, 1), (2, 1), (5, -1)],
        ];
        let verborgen = [true, true, true, false, false, false];
        assert_eq!(
            bepaald(&v, &verborgen, &mut Geheugen::default()).bepaald,
            vec![0, 1, 2]
        );
        assert!(
            bepaald(&v[..2], &verborgen, &mut Geheugen::default())
                .bepaald
                .is_empty()
        );
        // a + b = T, a − b = D: over the rationals a = (T + D) / 2; determined.
        let v = vec![
            vec![(0, 1), (1, 1), (2, -1)],
            vec![(0, 1), (1, -1), (3, -1)],
        ];
        assert_eq!(
            bepaald(&v, &[true, true, false, false], &mut Geheugen::default()).bepaald,
            vec![0, 1]
        );
    }

    #[test]
    fn gepelde_cel_volgt_uit_een_combinatie() {
        // x + y1 + y2 = T (x in no other equation: peeled), y1 + y2 = S: neither y is
        // determined, but x = T − S is. Cells: x 0, y1 1, y2 2, T 3, S 4.
        let v = vec![
            vec![(0, 1), (1, 1), (2, 1), (3, -1)],
            vec![(1, 1), (2, 1), (4, -1)],
        ];
        let verborgen = [true, true, true, false, false];
        assert_eq!(
            bepaald(&v, &verborgen, &mut Geheugen::default()).bepaald,
            vec![0]
        );
        // Without the second equation nothing is determined.
        assert!(
            bepaald(&v[..1], &verborgen, &mut Geheugen::default())
                .bepaald
                .is_empty()
        );
        // A chain of peels: a + b = T, b + c = S, c + d = U, d alone elsewhere: nothing.
        let v = vec![
            vec![(0, 1), (1, 1), (4, -1)],
            vec![(1, 1), (2, 1), (5, -1)],
            vec![(2, 1), (3, 1), (6, -1)],
        ];
        let verborgen = [true, true, true, true, false, false, false];
        assert!(
            bepaald(&v, &verborgen, &mut Geheugen::default())
                .bepaald
                .is_empty()
        );
        // … and with d = V published as well (d determined), c, b and a follow in turn.
        let mut v = v;
        v.push(vec![(3, 1), (7, -1)]);
        let verborgen = [true, true, true, true, false, false, false, false];
        assert_eq!(
            bepaald(&v, &verborgen, &mut Geheugen::default()).bepaald,
            vec![0, 1, 2, 3]
        );
        // A cell twice in one equation with cancelling coefficients is not in it.
        let v = vec![vec![(0, 1), (0, -1), (1, 1), (2, -1)]];
        assert_eq!(
            bepaald(&v, &[true, true, false], &mut Geheugen::default()).bepaald,
            vec![1]
        );
    }

    #[test]
    fn certificaat_noemt_de_gepubliceerde_cellen() {
        let geen = || Geheugen::default();
        // a + b = T1, b + c = T2, a + c = T3: a = (T1 − T2 + T3) / 2 uses all three totals.
        let v = vec![
            vec![(0, 1), (1, 1), (3, -1)],
            vec![(1, 1), (2, 1), (4, -1)],
            vec![(0, 1), (2, 1), (5, -1)],
        ];
        let u = bepaald(&v, &[true, true, true, false, false, false], &mut geen());
        assert_eq!(u.bewijs, vec![vec![3, 4, 5]; 3]);
        // x + y1 + y2 = T with x peeled, y1 + y2 = S: x = T − S.
        let v = vec![
            vec![(0, 1), (1, 1), (2, 1), (3, -1)],
            vec![(1, 1), (2, 1), (4, -1)],
        ];
        let u = bepaald(&v, &[true, true, true, false, false], &mut geen());
        assert_eq!((u.bepaald, u.bewijs), (vec![0], vec![vec![3, 4]]));
        // a − b = 0 and a + b = 0 (rows that do not exist dropped out): a = b = 0 from the
        // structure alone, no published cell to hide.
        let v = vec![vec![(0, 1), (1, -1)], vec![(0, 1), (1, 1)]];
        let u = bepaald(&v, &[true, true], &mut geen());
        assert_eq!((u.bepaald, u.bewijs), (vec![0, 1], vec![vec![], vec![]]));
        // A published cell in a separate equation is not in the certificate: a + b = T,
        // a − b = D, c + d = U (c, d not determined).
        let v = vec![
            vec![(0, 1), (1, 1), (4, -1)],
            vec![(0, 1), (1, -1), (5, -1)],
            vec![(2, 1), (3, 1), (6, -1)],
        ];
        let u = bepaald(
            &v,
            &[true, true, true, true, false, false, false],
            &mut geen(),
        );
        assert_eq!((u.bepaald, u.bewijs), (vec![0, 1], vec![vec![4, 5]; 2]));
    }

    #[test]
    fn geheugen_geeft_hetzelfde_en_ziet_een_nieuwe_verborgen_cel() {
        // a + b = T, b + c = S, a + c = R with R published: all determined. Again with the
        // memory of the first call: the same. With R hidden too: the component changed,
        // nothing determined any more (three unknowns a, b, c plus R, three equations).
        let v = vec![
            vec![(0, 1), (1, 1), (3, -1)],
            vec![(1, 1), (2, 1), (4, -1)],
            vec![(0, 1), (2, 1), (5, -1)],
        ];
        let mut g = Geheugen::default();
        let eerst = bepaald(&v, &[true, true, true, false, false, false], &mut g);
        let weer = bepaald(&v, &[true, true, true, false, false, false], &mut g);
        assert_eq!(
            (eerst.bepaald.clone(), eerst.bewijs),
            (weer.bepaald, weer.bewijs)
        );
        assert_eq!(eerst.bepaald, vec![0, 1, 2]);
        let meer = bepaald(&v, &[true, true, true, false, false, true], &mut g);
        assert!(meer.bepaald.is_empty());
    }
}
