//! A small deterministic random generator (xoshiro256**, seeded by splitmix64).
//! Our own, so the demo data stay byte-identical for a seed whatever crate versions do.

pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// An independent stream for (seed, stream): e.g. one per gemeente, so gemeenten can be
    /// generated one after another without changing each other's numbers.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut x = mix(seed) ^ mix(stream.wrapping_add(0x1234_5678));
        let mut next = || {
            x = mix(x);
            x
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn kans(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform integer in [lo, hi] (inclusive).
    pub fn bereik(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn normaal(&mut self) -> f64 {
        let u1 = self.f64().max(1e-12);
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    pub fn lognormaal(&mut self, mediaan: f64, sigma: f64) -> f64 {
        mediaan * (sigma * self.normaal()).exp()
    }

    /// Poisson-distributed count; normal approximation for large means.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 50.0 {
            return (lambda + lambda.sqrt() * self.normaal()).round().max(0.0) as u64;
        }
        let l = (-lambda).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= self.f64();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }

    /// Index chosen with the given weights.
    pub fn gewogen(&mut self, gewichten: &[f64]) -> usize {
        let totaal: f64 = gewichten.iter().sum();
        let mut r = self.f64() * totaal;
        for (i, g) in gewichten.iter().enumerate() {
            if r < *g {
                return i;
            }
            r -= g;
        }
        gewichten.len() - 1
    }

    pub fn kies<'a, T>(&mut self, opties: &'a [(T, f64)]) -> &'a T {
        let gewichten: Vec<f64> = opties.iter().map(|(_, g)| *g).collect();
        &opties[self.gewogen(&gewichten)].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_same_numbers_and_streams_differ() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7, 1).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::new(7, 1).next_u64(), Rng::new(7, 2).next_u64());
        assert_ne!(Rng::new(7, 1).next_u64(), Rng::new(8, 1).next_u64());
    }

    #[test]
    fn distributions_have_the_intended_centre() {
        let mut r = Rng::new(1, 1);
        let n = 20_000;
        let gem: f64 = (0..n).map(|_| r.f64()).sum::<f64>() / n as f64;
        assert!((gem - 0.5).abs() < 0.01, "{gem}");
        let gem: f64 = (0..n).map(|_| r.poisson(3.0) as f64).sum::<f64>() / n as f64;
        assert!((gem - 3.0).abs() < 0.06, "{gem}");
        let mut v: Vec<f64> = (0..n).map(|_| r.lognormaal(100.0, 0.8)).collect();
        v.sort_by(f64::total_cmp);
        let mediaan = v[n / 2];
        assert!((mediaan - 100.0).abs() < 4.0, "{mediaan}");
        let k: Vec<u32> = (0..n)
            .map(|_| r.bereik(3, 5) as u32)
            .fold(vec![0; 6], |mut acc, x| {
                acc[x as usize] += 1;
                acc
            });
        assert_eq!(k[0] + k[1] + k[2], 0);
        assert!(k[3] > 6000 && k[4] > 6000 && k[5] > 6000);
    }
}
