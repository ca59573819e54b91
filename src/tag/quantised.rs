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
//! than interleaved pairs). The actor model's larger table is range-coded
//! row by row instead ([`write_rows`]).

use super::range_coder::{Decoder, Encoder, Prob, PROB_INIT};

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
        Scale::fit_levels(weights, unit_quantile, 127)
    }

    /// [`Scale::fit`] with codes up to `levels` (1..=127) only: fewer
    /// distinct codes carry less information each, so the stream compresses
    /// better, at the price of a coarser rounding.
    pub fn fit_levels(weights: &[f32], unit_quantile: f64, levels: u8) -> Scale {
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
        let top = f32::from(levels.clamp(1, 127));
        let step = ((1.0 + max / unit).ln() / top).max(1e-6);
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

/// Contexts of the row stream ([`write_rows`]): one adaptive probability
/// per situation a bit is coded in.
struct RowContexts {
    width: usize,
    /// Unary length of a bucket gap, by bit.
    gap_len: [Prob; 34],
    /// The two bits below a gap's leading one, by gap length.
    gap_hi: [[Prob; 2]; 34],
    /// The gap's lower bits.
    gap_lo: Prob,
    /// Tag t present: by t, cells so far (0..3), last present tag (+1).
    mask: Vec<Prob>,
    /// Sign: by tag, cell number (0..2), previous sign, row size (1..3).
    sign: Vec<Prob>,
    /// Magnitude bits: by tree node, row size (1..4), tag 0 or not.
    mag: Vec<Prob>,
}

impl RowContexts {
    fn new(width: usize, depth: u32) -> Self {
        RowContexts {
            width,
            gap_len: [PROB_INIT; 34],
            gap_hi: [[PROB_INIT; 2]; 34],
            gap_lo: PROB_INIT,
            mask: vec![PROB_INIT; width * 4 * (width + 1)],
            sign: vec![PROB_INIT; width * 3 * 2 * 4],
            mag: vec![PROB_INIT; (1usize << depth) * 5 * 2],
        }
    }
    fn mask(&mut self, t: usize, cnt: usize, last: Option<usize>) -> &mut Prob {
        let k = (t * 4 + cnt.min(3)) * (self.width + 1) + last.map_or(0, |l| l + 1);
        &mut self.mask[k]
    }
    fn sign(&mut self, t: usize, j: usize, prev_neg: bool, n: usize) -> &mut Prob {
        let k = ((t * 3 + j.min(2)) * 2 + usize::from(prev_neg)) * 4 + n.min(3);
        &mut self.sign[k]
    }
    fn mag(&mut self, node: usize, n: usize, t: usize) -> &mut Prob {
        &mut self.mag[(node * 5 + n.min(4)) * 2 + usize::from(t == 0)]
    }
    /// The context of bit `k` (from the top, below the leading one) of a
    /// gap of `nb` bits.
    fn gap_bit(&mut self, nb: usize, k: usize) -> &mut Prob {
        match self.gap_hi.get_mut(nb).and_then(|h| h.get_mut(k)) {
            Some(p) => p,
            None => &mut self.gap_lo,
        }
    }
}

/// Writes the non-zero cells of a `width`-wide table range-coded, row by
/// row: the gap to the next row with any cell, which of its cells are set,
/// then each cell's sign and magnitude (see [`super::range_coder`] for
/// why). `cells` in increasing flat index (row * width + column) order,
/// codes non-zero; `width` at most 32. Layout: rows u32, cells u32, tree
/// depth u32, payload length u32, payload.
pub fn write_rows(out: &mut Vec<u8>, cells: &[(usize, i8)], width: usize) {
    let max = cells.iter().map(|c| c.1.unsigned_abs()).max().unwrap_or(1);
    let depth = u32::BITS - u32::from(max - 1).leading_zeros();
    let mut ctx = RowContexts::new(width, depth);
    let mut e = Encoder::default();
    let mut rows = 0u32;
    let mut last_row: Option<usize> = None;
    let mut at = 0;
    while let Some(&(first, _)) = cells.get(at) {
        let row = first / width;
        let end = at
            + cells[at..]
                .iter()
                .take_while(|c| c.0 / width == row)
                .count();
        let cols = &cells[at..end];
        at = end;
        rows += 1;
        let gap = row - last_row.map_or(0, |l| l + 1);
        last_row = Some(row);
        let nb = (usize::BITS - gap.leading_zeros()) as usize;
        for k in 0..nb {
            e.bit(&mut ctx.gap_len[k], true);
        }
        e.bit(&mut ctx.gap_len[nb], false);
        for (k, sh) in (0..nb.saturating_sub(1)).rev().enumerate() {
            e.bit(ctx.gap_bit(nb, k), gap >> sh & 1 == 1);
        }
        let mut cnt = 0;
        let mut last = None;
        for t in 0..width {
            let set = cols.iter().any(|c| c.0 % width == t);
            if t + 1 == width && cnt == 0 {
                break;
            }
            e.bit(ctx.mask(t, cnt, last), set);
            if set {
                cnt += 1;
                last = Some(t);
            }
        }
        let mut prev_neg = false;
        let n = cols.len();
        for (j, &(i, c)) in cols.iter().enumerate() {
            let t = i % width;
            e.bit(ctx.sign(t, j, prev_neg, n), c < 0);
            prev_neg = c < 0;
            let m = usize::from(c.unsigned_abs() - 1);
            let mut node = 1;
            for sh in (0..depth).rev() {
                let b = m >> sh & 1;
                e.bit(ctx.mag(node, n, t), b == 1);
                node = node * 2 + b;
            }
        }
    }
    let payload = e.finish();
    for v in [rows, cells.len() as u32, depth, payload.len() as u32] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&payload);
}

/// Reads what [`write_rows`] wrote; every flat index is below `len`.
pub fn read_rows(r: &mut Reader, len: usize, width: usize) -> Result<Vec<(usize, i8)>, String> {
    let what = r.what;
    let bad = || format!("corrupt {what}");
    let (rows, n_cells, depth, n) = (r.u32()?, r.u32()? as usize, r.u32()?, r.u32()? as usize);
    if depth > 7 || width == 0 || width > 32 || n_cells > len {
        return Err(bad());
    }
    let mut d = Decoder::new(r.take(n)?);
    let mut ctx = RowContexts::new(width, depth);
    let mut cells = Vec::with_capacity(n_cells.min(1 << 20));
    let mut next_row = 0usize;
    let mut cols = Vec::with_capacity(width);
    for _ in 0..rows {
        let mut nb = 0;
        while nb < 33 && d.bit(&mut ctx.gap_len[nb]) {
            nb += 1;
        }
        let mut gap = usize::from(nb > 0);
        for k in 0..nb.saturating_sub(1) {
            gap = gap << 1 | usize::from(d.bit(ctx.gap_bit(nb, k)));
        }
        let row = next_row.checked_add(gap).ok_or_else(bad)?;
        if row >= len / width {
            return Err(bad());
        }
        next_row = row + 1;
        cols.clear();
        let mut last = None;
        for t in 0..width {
            let set = if t + 1 == width && cols.is_empty() {
                true
            } else {
                d.bit(ctx.mask(t, cols.len(), last))
            };
            if set {
                cols.push(t);
                last = Some(t);
            }
        }
        let cnt = cols.len();
        let mut prev_neg = false;
        for (j, &t) in cols.iter().enumerate() {
            let neg = d.bit(ctx.sign(t, j, prev_neg, cnt));
            prev_neg = neg;
            let mut node = 1usize;
            for _ in 0..depth {
                node = node * 2 + usize::from(d.bit(ctx.mag(node, cnt, t)));
            }
            let m = node - (1 << depth) + 1;
            let c = i8::try_from(m).map_err(|_| bad())?;
            cells.push((row * width + t, if neg { -c } else { c }));
        }
    }
    if d.overrun() || cells.len() != n_cells {
        return Err(bad());
    }
    Ok(cells)
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
    fn row_stream_round_trips_and_rejects_damage() {
        // rows of 13 with 1..13 cells, gaps from 0 to thousands, codes of both signs
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut cells = vec![(0, 5i8), (12, -1)];
        let mut row = 1usize;
        for _ in 0..2000 {
            row += (next() % 3000) as usize % (1 + (next() % 4) as usize * 1000);
            for t in 0..13 {
                if next() % 4 == 0 {
                    let c = (next() % 31 + 1) as i8;
                    cells.push((row * 13 + t, if next() % 2 == 0 { c } else { -c }));
                }
            }
            row += 1;
        }
        cells.push((row * 13 + 12, 31));
        let len = (row + 1) * 13;
        let mut out = Vec::new();
        write_rows(&mut out, &cells, 13);
        assert!(out.len() < cells.len() * 2, "{} bytes", out.len());
        let back = read_rows(&mut Reader::new(&out, "test"), len, 13);
        assert_eq!(back.as_ref(), Ok(&cells));
        // the last row past the table, a cut stream, a flipped byte
        assert!(read_rows(&mut Reader::new(&out, "test"), len - 13, 13).is_err());
        assert!(read_rows(&mut Reader::new(&out[..out.len() - 9], "test"), len, 13).is_err());
        let mut bad = out.clone();
        bad[40] ^= 0x55;
        assert_ne!(
            read_rows(&mut Reader::new(&bad, "test"), len, 13),
            Ok(cells)
        );
        assert_eq!(
            read_rows(&mut Reader::new(&[], "test"), len, 13),
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
