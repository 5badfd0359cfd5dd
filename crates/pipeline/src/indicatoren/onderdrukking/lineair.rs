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
pub const MAX_CELLEN: usize = 20_000;
pub const MAX_TERMEN: usize = 5_000_000;

/// What [`bepaald`] found.
#[derive(Debug, Default)]
pub struct Uitkomst {
    /// The hidden cells the equations pin down, sorted.
    pub bepaald: Vec<u32>,
    /// Hidden cells in components too large to check.
    pub ongecontroleerd: usize,
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
pub fn bepaald(vergelijkingen: &[Vec<(u32, i64)>], verborgen: &[bool]) -> Uitkomst {
    let m = verborgen.len();
    // The active equations over the hidden cells only (the published cells are constants),
    // with the coefficients of a cell that occurs twice merged and zeros dropped.
    let h: Vec<Vec<(u32, i64)>> = vergelijkingen
        .iter()
        .filter_map(|v| {
            let mut r: Vec<(u32, i64)> = v
                .iter()
                .filter(|(c, _)| verborgen[*c as usize])
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
            (!r.is_empty()).then_some(r)
        })
        .collect();
    let vergelijkingen = &h;
    let actief: Vec<usize> = (0..h.len()).collect();
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
    let rest: Vec<usize> = actief.iter().copied().filter(|&e| !weg[e]).collect();

    let mut uf = UnionFind((0..m as u32).collect());
    for &e in &rest {
        let mut eerste: Option<u32> = None;
        for &(c, _) in &vergelijkingen[e] {
            if !verborgen[c as usize] {
                continue;
            }
            match eerste {
                None => eerste = Some(c),
                Some(f) => uf.verenig(f, c),
            }
        }
    }
    // Equations and cells per component of the remaining system.
    let mut componenten: HashMap<u32, (Vec<u32>, Vec<usize>)> = HashMap::new();
    for &e in &rest {
        if let Some(&(c, _)) = vergelijkingen[e]
            .iter()
            .find(|(c, _)| verborgen[*c as usize])
        {
            let w = uf.vind(c);
            componenten.entry(w).or_default().1.push(e);
        }
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
    'component: for w in wortels {
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
        let mut termen = 0usize;
        let kolom: HashMap<u32, u32> = cellen
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32))
            .collect();
        let k = cellen.len();
        let mut pivots: Vec<Option<Vec<(u32, u64)>>> = vec![None; k];
        for &e in vgl {
            let mut rij: Vec<(u32, u64)> = vergelijkingen[e]
                .iter()
                .filter(|(c, _)| verborgen[*c as usize])
                .map(|&(c, v)| (kolom[&c], veld(v)))
                .filter(|x| x.1 != 0)
                .collect();
            rij.sort_unstable_by_key(|x| x.0);
            while let Some(&(c, v)) = rij.first() {
                match &pivots[c as usize] {
                    Some(p) => rij = min_veelvoud(&rij, v, p),
                    None => {
                        let f = inv(v);
                        for x in &mut rij {
                            x.1 = mul(x.1, f);
                        }
                        termen += rij.len();
                        pivots[c as usize] = Some(rij);
                        break;
                    }
                }
            }
            if termen > MAX_TERMEN {
                for &c in cellen {
                    ongecontroleerd_cel[c as usize] = true;
                }
                continue 'component;
            }
        }
        let mut lokaal = Toeval(0x6A65_7567_6473_7475 ^ u64::from(w));
        for xs in &mut x {
            let mut y = vec![0u64; k];
            for (c, pivot) in pivots.iter().enumerate().rev() {
                y[c] = match pivot {
                    None => lokaal.element(),
                    Some(p) => {
                        let mut s = 0;
                        for &(j, v) in &p[1..] {
                            s = add(s, mul(v, y[j as usize]));
                        }
                        neg(s)
                    }
                };
            }
            for (i, &c) in cellen.iter().enumerate() {
                xs[c as usize] = y[i];
            }
        }
    }
    // The set-aside equations, last first: each gives its own cell.
    for &(e, c) in gepeld.iter().rev() {
        let Some(&(_, eigen)) = vergelijkingen[e].iter().find(|(d, _)| *d == c) else {
            continue;
        };
        let f = inv(veld(eigen));
        let mut onzeker = false;
        for xs in &mut x {
            let mut s = 0u64;
            for &(d, v) in &vergelijkingen[e] {
                if d != c && verborgen[d as usize] {
                    s = add(s, mul(veld(v), xs[d as usize]));
                }
            }
            xs[c as usize] = mul(neg(s), f);
        }
        for &(d, _) in &vergelijkingen[e] {
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
    Uitkomst {
        bepaald: uit,
        ongecontroleerd: ongecontroleerd_cel.iter().filter(|&&o| o).count(),
    }
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
        assert_eq!(bepaald(&v, &verborgen).bepaald, vec![0, 1, 2]);
        assert!(bepaald(&v[..2], &verborgen).bepaald.is_empty());
        // a + b = T, a − b = D: over the rationals a = (T + D) / 2; determined.
        let v = vec![
            vec![(0, 1), (1, 1), (2, -1)],
            vec![(0, 1), (1, -1), (3, -1)],
        ];
        assert_eq!(bepaald(&v, &[true, true, false, false]).bepaald, vec![0, 1]);
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
        assert_eq!(bepaald(&v, &verborgen).bepaald, vec![0]);
        // Without the second equation nothing is determined.
        assert!(bepaald(&v[..1], &verborgen).bepaald.is_empty());
        // A chain of peels: a + b = T, b + c = S, c + d = U, d alone elsewhere: nothing.
        let v = vec![
            vec![(0, 1), (1, 1), (4, -1)],
            vec![(1, 1), (2, 1), (5, -1)],
            vec![(2, 1), (3, 1), (6, -1)],
        ];
        let verborgen = [true, true, true, true, false, false, false];
        assert!(bepaald(&v, &verborgen).bepaald.is_empty());
        // … and with d = V published as well (d determined), c, b and a follow in turn.
        let mut v = v;
        v.push(vec![(3, 1), (7, -1)]);
        let verborgen = [true, true, true, true, false, false, false, false];
        assert_eq!(bepaald(&v, &verborgen).bepaald, vec![0, 1, 2, 3]);
        // A cell twice in one equation with cancelling coefficients is not in it.
        let v = vec![vec![(0, 1), (0, -1), (1, 1), (2, -1)]];
        assert_eq!(bepaald(&v, &[true, true, false]).bepaald, vec![1]);
    }
}
