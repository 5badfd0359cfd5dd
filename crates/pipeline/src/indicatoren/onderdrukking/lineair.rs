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

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn vind(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
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
pub fn bepaald(vergelijkingen: &[Vec<(u32, i64)>], verborgen: &[bool]) -> Uitkomst {
    let m = verborgen.len();
    let mut uf = UnionFind((0..m as u32).collect());
    let mut uit = Vec::new();
    for v in vergelijkingen {
        let mut eerste: Option<u32> = None;
        for &(c, _) in v {
            if !verborgen[c as usize] {
                continue;
            }
            match eerste {
                None => eerste = Some(c),
                Some(e) => {
                    let (a, b) = (uf.vind(e), uf.vind(c));
                    if a != b {
                        let (k, g) = if a < b { (a, b) } else { (b, a) };
                        uf.0[g as usize] = k;
                    }
                }
            }
        }
    }
    // Equations and cells per component.
    let mut componenten: HashMap<u32, (Vec<u32>, Vec<usize>)> = HashMap::new();
    for c in 0..m as u32 {
        if verborgen[c as usize] {
            let w = uf.vind(c);
            componenten.entry(w).or_default().0.push(c);
        }
    }
    for (e, v) in vergelijkingen.iter().enumerate() {
        if let Some(&(c, _)) = v.iter().find(|(c, _)| verborgen[*c as usize]) {
            let w = uf.vind(c);
            if let Some(k) = componenten.get_mut(&w) {
                k.1.push(e);
            }
        }
    }
    let mut wortels: Vec<u32> = componenten.keys().copied().collect();
    wortels.sort_unstable();
    let mut ongecontroleerd = 0;
    'component: for w in wortels {
        let (cellen, vgl) = &componenten[&w];
        if vgl.is_empty() {
            continue;
        }
        if cellen.len() > MAX_CELLEN {
            ongecontroleerd += cellen.len();
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
        }
        if termen > MAX_TERMEN {
            ongecontroleerd += cellen.len();
            continue 'component;
        }
        let mut toeval = Toeval(0x6A65_7567_6473_7475 ^ u64::from(w));
        let mut nul = vec![true; k];
        for _ in 0..2 {
            let mut x = vec![0u64; k];
            for (c, pivot) in pivots.iter().enumerate().rev() {
                x[c] = match pivot {
                    None => toeval.element(),
                    Some(p) => {
                        let mut s = 0;
                        for &(j, v) in &p[1..] {
                            s = add(s, mul(v, x[j as usize]));
                        }
                        neg(s)
                    }
                };
            }
            for (n, v) in nul.iter_mut().zip(&x) {
                *n &= *v == 0;
            }
        }
        uit.extend((0..k).filter(|&c| nul[c]).map(|c| cellen[c]));
    }
    uit.sort_unstable();
    Uitkomst {
        bepaald: uit,
        ongecontroleerd,
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
}
