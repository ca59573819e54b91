//! The trained weights: a dense i8 table in memory, a sparse varint stream on
//! disk (and inside the wasm, via `include_bytes!`).
//!
//! Why i8 on a log scale: an averaged perceptron's weights span four orders
//! of magnitude (a bias weight in the hundreds, lexical weights below one);
//! a linear i8 scale either clips the heavy ones (which wrecks the model) or
//! zeroes the light ones, a logarithmic code keeps both to a few per cent.
//! Most of the 2^18 x 13 cells are zero, so the file stores only (gap,
//! code) pairs. At first use the table is expanded once (~3.4 MB,
//! a few ms); scoring is then straight-line adds over contiguous 13-byte
//! rows.
//!
//! File layout (little endian): `SLA2`, feature version u32, bucket bits
//! u32, tag count u32, unit f32, step f32, transitions (tags^2 f32), entry count u32,
//! then the LEB128 gaps between successive non-zero cells, then their i8 codes.

use super::decode::{legal_mask, N_TAGS};
use super::features::{BUCKETS, BUCKET_BITS, FEATURE_VERSION};
use std::sync::OnceLock;

const MAGIC: &[u8; 4] = b"SLA2";

/// The committed model.
static MODEL_BYTES: &[u8] = include_bytes!("../../../model/actors.bin");

pub struct Model {
    /// BUCKETS x N_TAGS quantised weights.
    weights: Vec<i8>,
    unit: f32,
    step: f32,
    /// Value of each code (index = code as u8).
    table: [f32; 256],
    /// Learned transitions plus the legality mask (-inf).
    trans: Vec<f32>,
}

impl Model {
    /// The committed model, parsed on first use; None when the artifact does
    /// not match this build's features (a test guards against that).
    pub fn get() -> Option<&'static Model> {
        static M: OnceLock<Option<Model>> = OnceLock::new();
        M.get_or_init(|| Model::from_bytes(MODEL_BYTES).ok())
            .as_ref()
    }

    /// Quantises float weights (BUCKETS x N_TAGS) and transitions to i8
    /// codes on a logarithmic scale: code c means sign(c) * unit *
    /// (exp(|c| * step) - 1), so the few heavy weights (bias, case classes)
    /// keep their size while the many small lexical ones keep their
    /// resolution. `unit` is the `unit_quantile` of the non-zero magnitudes;
    /// weights below half a unit are dropped.
    pub fn quantise(weights: &[f32], trans: &[f32], unit_quantile: f64) -> Model {
        let mut mags: Vec<f32> = weights
            .iter()
            .filter(|w| **w != 0.0)
            .map(|w| w.abs())
            .collect();
        let (unit, max) = if mags.is_empty() {
            (1.0, 1.0)
        } else {
            let k = ((mags.len() - 1) as f64 * unit_quantile.clamp(0.0, 1.0)) as usize;
            let (_, v, _) = mags.select_nth_unstable_by(k, |a, b| a.total_cmp(b));
            let unit = v.max(1e-6);
            (unit, mags.iter().copied().fold(unit, f32::max))
        };
        let step = ((1.0 + max / unit).ln() / 127.0).max(1e-6);
        let code = |w: f32| -> i8 {
            let c = ((1.0 + w.abs() / unit).ln() / step).round().min(127.0);
            if w.abs() < unit * 0.5 {
                0
            } else {
                (c.max(1.0) * w.signum()) as i8
            }
        };
        let q = weights.iter().map(|&w| code(w)).collect();
        let mask = legal_mask();
        let trans = trans.iter().zip(&mask).map(|(t, m)| t + m).collect();
        Model {
            weights: q,
            unit,
            step,
            table: table(unit, step),
            trans,
        }
    }

    /// Serialises the model (see the module doc for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&BUCKET_BITS.to_le_bytes());
        out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
        out.extend_from_slice(&self.unit.to_le_bytes());
        out.extend_from_slice(&self.step.to_le_bytes());
        for &t in &self.trans {
            let v = if t.is_finite() { t } else { 0.0 };
            out.extend_from_slice(&v.to_le_bytes());
        }
        let nz = self.weights.iter().filter(|w| **w != 0).count() as u32;
        out.extend_from_slice(&nz.to_le_bytes());
        // all gaps first, then all codes: two homogeneous streams gzip better
        let mut last = 0usize;
        let mut codes = Vec::with_capacity(nz as usize);
        for (i, &w) in self.weights.iter().enumerate() {
            if w == 0 {
                continue;
            }
            let mut gap = i - last;
            last = i;
            loop {
                let byte = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            codes.push(w as u8);
        }
        out.extend_from_slice(&codes);
        out
    }

    /// Parses a serialised model; rejects one built for other features.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut r = Reader { b, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err("not an actor model".into());
        }
        let (version, bits, tags) = (r.u32()?, r.u32()?, r.u32()?);
        if version != FEATURE_VERSION || bits != BUCKET_BITS || tags as usize != N_TAGS {
            return Err(format!("model for features v{version}/{bits} bits/{tags} tags, build has v{FEATURE_VERSION}"));
        }
        let (unit, step) = (r.f32()?, r.f32()?);
        let mask = legal_mask();
        let mut trans = Vec::with_capacity(N_TAGS * N_TAGS);
        for m in mask {
            trans.push(r.f32()? + m);
        }
        let nz = r.u32()? as usize;
        let mut weights = vec![0i8; BUCKETS * N_TAGS];
        let mut idx = 0usize;
        let mut cells = Vec::with_capacity(nz);
        for k in 0..nz {
            let mut gap = 0usize;
            let mut shift = 0;
            loop {
                let byte = r.take(1)?[0];
                gap |= usize::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 || shift > 35 {
                    break;
                }
            }
            if k > 0 && gap == 0 {
                return Err("corrupt weight stream".into());
            }
            idx += gap;
            if idx >= weights.len() {
                return Err("corrupt weight stream".into());
            }
            cells.push(idx);
        }
        let codes = r.take(nz)?;
        for (&i, &c) in cells.iter().zip(codes) {
            weights[i] = c as i8;
        }
        Ok(Model {
            weights,
            unit,
            step,
            table: table(unit, step),
            trans,
        })
    }

    /// Transition scores (with -inf for illegal moves), row = previous tag.
    pub fn trans(&self) -> &[f32] {
        &self.trans
    }

    /// Adds the emission scores of one token (its feature buckets) to `em`.
    #[inline]
    pub fn emit(&self, feats: &[u32], em: &mut [f32]) {
        let mut acc = [0f32; N_TAGS];
        for &f in feats {
            let base = f as usize * N_TAGS;
            if let Some(row) = self.weights.get(base..base + N_TAGS) {
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += self.table[w as u8 as usize];
                }
            }
        }
        for (e, a) in em.iter_mut().zip(acc) {
            *e += a;
        }
    }

    /// Non-zero weights (for the model card).
    pub fn nonzero(&self) -> usize {
        self.weights.iter().filter(|w| **w != 0).count()
    }
}

/// The value of every i8 code for a unit and step.
fn table(unit: f32, step: f32) -> [f32; 256] {
    let mut t = [0f32; 256];
    for c in -127i32..=127 {
        let v = unit * ((c.unsigned_abs() as f32 * step).exp() - 1.0);
        t[c as i8 as u8 as usize] = if c < 0 { -v } else { v };
    }
    t
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .b
            .get(self.pos..self.pos + n)
            .ok_or("truncated actor model")?;
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_roundtrip() {
        let mut w = vec![0.0f32; BUCKETS * N_TAGS];
        w[5] = 2.0;
        w[N_TAGS * 1000 + 3] = -1.0;
        w[BUCKETS * N_TAGS - 1] = 0.001; // rounds to zero: pruned
        let trans = vec![0.5f32; N_TAGS * N_TAGS];
        let m = Model::quantise(&w, &trans, 0.5);
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).expect("parses");
        assert_eq!(back.nonzero(), 2);
        let mut em = vec![0.0f32; N_TAGS];
        back.emit(&[0, 1000], &mut em);
        assert!(
            (em[5] - 2.0).abs() < 0.05 && (em[3] + 1.0).abs() < 0.05,
            "{em:?}"
        );
        assert!(back.trans()[0].is_finite());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nope").is_err());
    }

    #[test]
    fn committed_model_matches_this_build() {
        let m = Model::get().expect("model/actors.bin must be retrained after a feature change");
        assert!(m.nonzero() > 10_000);
    }
}
