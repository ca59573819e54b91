//! Log-scale i8 weight codes and the sparse stream they are stored in, shared
//! by the learned models (the actor tagger and the source tagger's cue
//! detector).
//!
//! Why a log scale: an averaged perceptron's weights span orders of
//! magnitude (bias weights in the hundreds, lexical weights below one); a
//! linear i8 scale either clips the heavy ones or zeroes the light ones,
//! a logarithmic code keeps both to a few per cent. Why a sparse stream: most
//! hashed buckets are zero, so a file holds only the LEB128 gaps between the
//! non-zero cells, then their codes (two homogeneous streams gzip better
//! than interleaved pairs).

/// The scale of a model's codes: code `c` stands for `unit * (e^(|c|*step) - 1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub unit: f32,
    pub step: f32,
}

impl Scale {
    /// `unit` is the `unit_quantile` of the non-zero magnitudes; `step`
    /// makes code 127 the largest magnitude.
    pub fn fit(weights: &[f32], unit_quantile: f64) -> Scale {
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
        Scale { unit, step }
    }

    /// The code of a weight; weights under half a unit are dropped (0).
    pub fn code(&self, w: f32) -> i8 {
        if w.abs() < self.unit * 0.5 {
            return 0;
        }
        let c = ((1.0 + w.abs() / self.unit).ln() / self.step)
            .round()
            .clamp(1.0, 127.0);
        (c * w.signum()) as i8
    }

    /// The value of every code, indexed by the code's byte.
    pub fn table(&self) -> [f32; 256] {
        let mut t = [0f32; 256];
        for c in -127i32..=127 {
            let v = self.unit * ((c.unsigned_abs() as f32 * self.step).exp() - 1.0);
            t[c as i8 as u8 as usize] = if c < 0 { -v } else { v };
        }
        t
    }
}

/// Appends the cell count (u32), the gaps between successive cell indexes
/// and the codes. `cells` must be in increasing index order, codes non-zero.
pub fn write_sparse(out: &mut Vec<u8>, cells: &[(usize, i8)]) {
    out.extend_from_slice(&(cells.len() as u32).to_le_bytes());
    let mut last = 0usize;
    for &(i, _) in cells {
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
    }
    out.extend(cells.iter().map(|&(_, c)| c as u8));
}

/// Reads what [`write_sparse`] wrote; every index is below `len`.
pub fn read_sparse(r: &mut Reader, len: usize) -> Result<Vec<(usize, i8)>, String> {
    let nz = r.u32()? as usize;
    let mut idx = 0usize;
    let mut cells = Vec::with_capacity(nz.min(len));
    for k in 0..nz {
        let mut gap = 0u64;
        let mut shift = 0;
        loop {
            let byte = r.take(1)?[0];
            gap |= u64::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 || shift > 35 {
                break;
            }
        }
        let next = usize::try_from(gap).ok().and_then(|g| idx.checked_add(g));
        match next {
            Some(i) if i < len && (k == 0 || gap > 0) => idx = i,
            _ => return Err(format!("corrupt {}", r.what)),
        }
        cells.push(idx);
    }
    let codes = r.take(nz)?;
    Ok(cells
        .into_iter()
        .zip(codes)
        .map(|(i, &c)| (i, c as i8))
        .collect())
}

/// A bounds-checked little-endian reader over a model file.
pub struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    /// What is read, for error messages ("actor model").
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8], what: &'static str) -> Self {
        Reader { b, pos: 0, what }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .pos
            .checked_add(n)
            .and_then(|end| self.b.get(self.pos..end))
            .ok_or_else(|| format!("truncated {}", self.what))?;
        self.pos += n;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    pub fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_stream_round_trips_and_rejects_damage() {
        let cells = vec![(0, 3i8), (1, -127), (300, 1), (70_000, 127)];
        let mut out = Vec::new();
        write_sparse(&mut out, &cells);
        assert_eq!(
            read_sparse(&mut Reader::new(&out, "test"), 70_001),
            Ok(cells)
        );
        // an index past the end, and a cut stream
        assert!(read_sparse(&mut Reader::new(&out, "test"), 70_000).is_err());
        let cut = &out[..out.len() - 1];
        assert_eq!(
            read_sparse(&mut Reader::new(cut, "test"), 70_001),
            Err("truncated test".to_string())
        );
    }

    #[test]
    fn codes_keep_heavy_and_light_weights() {
        let w = [0.01f32, 0.5, -2.0, 300.0, 0.0];
        let s = Scale::fit(&w, 0.5);
        let t = s.table();
        for &x in &w[1..4] {
            let back = t[s.code(x) as u8 as usize];
            assert!((back - x).abs() <= x.abs() * 0.05, "{x} -> {back}");
        }
        assert_eq!(s.code(0.0), 0);
        assert_eq!(s.code(s.unit * 0.4), 0);
    }
}
