//! The trained weights: dequantised f32 rows in memory, a sparse varint stream on
//! disk (and inside the wasm, via `include_bytes!`).
//!
//! Why i8 on a log scale: an averaged perceptron's weights span four orders
//! of magnitude (a bias weight in the hundreds, lexical weights below one);
//! a linear i8 scale either clips the heavy ones (which wrecks the model) or
//! zeroes the light ones, a logarithmic code keeps both to a few per cent.
//! Most of the 2^18 x 13 cells are zero, so the file stores only (gap,
//! code) pairs. At first use the stream is expanded once into dequantised
//! f32 rows for the buckets that have any weight (~38% of them; 99k rows of
//! one 64-byte cache line each, ~6.3 MB) plus a 48 KB rank index (a presence
//! bit per bucket and a running count per 64 buckets): a bucket finds its
//! row with one popcount, an all-zero bucket costs no access beyond the
//! index, and a feature costs one cache line and four vector adds. The
//! dense i8 table (3.4 MB) it replaces cost thirteen code-table lookups per
//! feature and a row that often straddled two lines; scoring was half the
//! tagger's time. Trade-off: about 3 MB more memory for ~2x faster tagging.
//!
//! File layout (little endian): `SLA3`, feature version u32, bucket bits
//! u32, tag count u32, unit f32, step f32, transitions (tags^2 f32), then
//! the non-zero cells range-coded row by row ([`write_rows`]: which buckets,
//! which tags in each, each code's sign and size; ~20% smaller than the
//! gzipped LEB128 gaps and codes of `SLA2`).

use super::decode::{legal_mask, N_TAGS};
use super::features::{BUCKETS, BUCKET_BITS, FEATURE_VERSION};
use crate::tag::quantised::{read_rows, write_rows, Reader, Scale};
use std::sync::OnceLock;

const MAGIC: &[u8; 4] = b"SLA3";

/// The committed model.
static MODEL_BYTES: &[u8] = include_bytes!("../../../model/actors.bin");

pub struct Model {
    /// Quantised weights of the buckets with any non-zero one.
    weights: Rows,
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
        Model::quantise_levels(weights, trans, unit_quantile, 127)
    }

    /// [`Model::quantise`] with codes up to `levels` only (see
    /// [`Scale::fit_levels`]).
    pub fn quantise_levels(
        weights: &[f32],
        trans: &[f32],
        unit_quantile: f64,
        levels: u8,
    ) -> Model {
        let scale = Scale::fit_levels(weights, unit_quantile, levels);
        let Scale { unit, step } = scale;
        let code = |w: f32| scale.code(w);
        let table = scale.table();
        let q = Rows::from_cells(
            weights
                .iter()
                .enumerate()
                .filter_map(|(i, &w)| Some((i, code(w))).filter(|c| c.1 != 0)),
            &table,
        );
        let mask = legal_mask();
        let trans = trans.iter().zip(&mask).map(|(t, m)| t + m).collect();
        Model {
            weights: q,
            unit,
            step,
            table,
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
        write_rows(&mut out, &self.weights.cells(&self.table), N_TAGS);
        out
    }

    /// Parses a serialised model; rejects one built for other features.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut r = Reader::new(b, "actor model");
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
        let cells = read_rows(&mut r, BUCKETS * N_TAGS, N_TAGS)?;
        let table = Scale { unit, step }.table();
        let weights = Rows::from_cells(cells.into_iter(), &table);
        Ok(Model {
            weights,
            unit,
            step,
            table,
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
        let mut acc = [0f32; ROW];
        // An all-zero row is skipped: adding +0.0 changes no sum, so the
        // scores are bit-identical to the dense table's.
        for &f in feats {
            if let Some(row) = self.weights.row(f as usize) {
                for (a, &w) in acc.iter_mut().zip(&row.0) {
                    *a += w;
                }
            }
        }
        for (e, a) in em.iter_mut().zip(acc) {
            *e += a;
        }
    }

    /// The emission scores of a whole sentence: token `i` has the feature
    /// buckets `feats[ends[i-1]..ends[i]]` and gets row `i` of `em` (n x
    /// N_TAGS, added to). Why two passes: every row is first located (the
    /// rank index stays in L1), so the summing loop is nothing but
    /// independent row loads and vector adds, and the CPU keeps many of the
    /// row loads (cache misses) in flight. Same rows in the same order per
    /// token as [`Model::emit`], so the same sums to the bit.
    pub fn emit_all(&self, feats: &[u32], ends: &[usize], em: &mut [f32], sc: &mut EmitScratch) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has POPCNT, as checked just above.
            unsafe { self.emit_all_popcnt(feats, ends, em, sc) };
            return;
        }
        self.emit_all_in(feats, ends, em, sc);
    }

    /// [`Model::emit_all`] with the POPCNT instruction for the rank index:
    /// baseline x86-64 has none, and the software popcount (a dozen
    /// instructions per feature) was a tenth of the tagger's instructions.
    /// Wasm has `i64.popcnt` anyway. Safety: the CPU must have POPCNT.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn emit_all_popcnt(
        &self,
        feats: &[u32],
        ends: &[usize],
        em: &mut [f32],
        sc: &mut EmitScratch,
    ) {
        self.emit_all_in(feats, ends, em, sc);
    }

    #[inline(always)]
    fn emit_all_in(&self, feats: &[u32], ends: &[usize], em: &mut [f32], sc: &mut EmitScratch) {
        sc.at.clear();
        sc.tok_end.clear();
        let mut from = 0;
        for &end in ends {
            for &f in feats.get(from..end).unwrap_or(&[]) {
                if let Some(r) = self.weights.row_index(f as usize) {
                    // Start the row's cache line on its way while the
                    // other rows are located: the sum below then waits on
                    // fewer misses. A hint only: it never faults.
                    #[cfg(target_arch = "x86_64")]
                    {
                        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                        let line = self.weights.rows.as_ptr().wrapping_add(r) as *const i8;
                        // SAFETY: prefetching reads nothing and cannot fault,
                        // whatever the address; SSE is baseline on x86-64.
                        unsafe { _mm_prefetch::<_MM_HINT_T0>(line) };
                    }
                    sc.at.push(r as u32);
                }
            }
            sc.tok_end.push(sc.at.len());
            from = end;
        }
        let rows = &self.weights.rows;
        let mut from = 0;
        for (&end, out) in sc.tok_end.iter().zip(em.chunks_exact_mut(N_TAGS)) {
            let mut acc = [0f32; ROW];
            for &r in sc.at.get(from..end).unwrap_or(&[]) {
                if let Some(row) = rows.get(r as usize) {
                    for (a, &w) in acc.iter_mut().zip(&row.0) {
                        *a += w;
                    }
                }
            }
            for (e, a) in out.iter_mut().zip(acc) {
                *e += a;
            }
            from = end;
        }
    }

    /// Non-zero weights (for the model card).
    pub fn nonzero(&self) -> usize {
        self.weights
            .rows
            .iter()
            .map(|r| r.0.iter().filter(|w| **w != 0.0).count())
            .sum()
    }
}

/// Reusable buffers of [`Model::emit_all`].
#[derive(Default)]
pub struct EmitScratch {
    /// Index of each located row, in feature order.
    at: Vec<u32>,
    /// End of each token's rows in `at`.
    tok_end: Vec<usize>,
}

/// Floats per row: N_TAGS scores padded to a 64-byte cache line.
const ROW: usize = 16;
const _: () = assert!(N_TAGS <= ROW);

/// One bucket's dequantised weights (tags 0..N_TAGS, then zeros), on its
/// own cache line: one line fetched per feature, and the adds are four
/// 4-wide vector adds instead of thirteen code-table lookups.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Row([f32; ROW]);

/// The non-zero rows of the BUCKETS x N_TAGS weight table with a rank
/// index (see the module doc).
struct Rows {
    /// Bit b of word k: bucket 64k + b has a row.
    present: Vec<u64>,
    /// Rows of the buckets before word k.
    rank: Vec<u32>,
    /// One row per present bucket, in bucket order.
    rows: Vec<Row>,
}

impl Rows {
    /// Builds from the non-zero cells (flat index bucket * N_TAGS + tag,
    /// code), in increasing index order, every index below BUCKETS *
    /// N_TAGS; `table` gives each code's value.
    fn from_cells(cells: impl Iterator<Item = (usize, i8)>, table: &[f32; 256]) -> Rows {
        let mut present = vec![0u64; BUCKETS / 64];
        let mut rows: Vec<Row> = Vec::new();
        let mut last = usize::MAX;
        for (i, code) in cells {
            let bucket = i / N_TAGS;
            let Some(word) = present.get_mut(bucket / 64) else {
                continue;
            };
            if bucket != last {
                *word |= 1 << (bucket % 64);
                rows.push(Row([0.0; ROW]));
                last = bucket;
            }
            if let Some(row) = rows.last_mut() {
                row.0[i % N_TAGS] = table[code as u8 as usize];
            }
        }
        let mut rank = Vec::with_capacity(present.len());
        let mut seen = 0u32;
        for w in &present {
            rank.push(seen);
            seen += w.count_ones();
        }
        Rows {
            present,
            rank,
            rows,
        }
    }

    /// The index of bucket `b`'s row, None when all its weights are zero.
    #[inline(always)]
    fn row_index(&self, b: usize) -> Option<usize> {
        let word = *self.present.get(b / 64)?;
        let bit = 1u64 << (b % 64);
        if word & bit == 0 {
            return None;
        }
        Some(*self.rank.get(b / 64)? as usize + (word & (bit - 1)).count_ones() as usize)
    }

    /// The row of bucket `b`, None when all its weights are zero.
    #[inline]
    fn row(&self, b: usize) -> Option<&Row> {
        self.rows.get(self.row_index(b)?)
    }

    /// The non-zero cells (flat index, code), in index order; `table` gives
    /// each code's value (distinct values: a test checks the round trip).
    fn cells(&self, table: &[f32; 256]) -> Vec<(usize, i8)> {
        let mut code_of = std::collections::HashMap::new();
        for c in -127i32..=127 {
            code_of.insert(table[c as i8 as u8 as usize].to_bits(), c as i8);
        }
        let mut out = Vec::new();
        let mut rows = self.rows.iter();
        for (k, &w) in self.present.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                let b = k * 64 + w.trailing_zeros() as usize;
                w &= w - 1;
                let Some(row) = rows.next() else {
                    return out;
                };
                for (t, v) in row.0[..N_TAGS].iter().enumerate() {
                    if *v != 0.0 {
                        let code = code_of.get(&v.to_bits()).copied().unwrap_or(0);
                        out.push((b * N_TAGS + t, code));
                    }
                }
            }
        }
        out
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
    fn compact_rows_keep_every_cell() {
        // the committed model reads back to the same bytes, and a row lookup
        // agrees with the cell stream
        let m = Model::from_bytes(MODEL_BYTES).expect("parses");
        assert_eq!(m.to_bytes(), MODEL_BYTES);
        let mut dense = vec![0i8; BUCKETS * N_TAGS];
        for (i, c) in m.weights.cells(&m.table) {
            dense[i] = c;
        }
        for b in (0..BUCKETS).step_by(7) {
            let want = &dense[b * N_TAGS..(b + 1) * N_TAGS];
            match m.weights.row(b) {
                Some(row) => {
                    let values: Vec<f32> =
                        want.iter().map(|&c| m.table[c as u8 as usize]).collect();
                    assert_eq!(row.0[..N_TAGS], values[..]);
                    assert!(row.0[N_TAGS..].iter().all(|&v| v == 0.0));
                }
                None => assert!(want.iter().all(|&c| c == 0)),
            }
        }
        assert!(m.weights.row(BUCKETS).is_none());
    }

    #[test]
    fn sentence_emission_equals_token_emission() {
        let m = Model::get().expect("model");
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut feats = Vec::new();
        let mut ends = Vec::new();
        for _ in 0..20 {
            for _ in 0..(x % 50) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                feats.push((x % (BUCKETS as u64 + 5)) as u32);
            }
            ends.push(feats.len());
        }
        let mut all = vec![0.5f32; ends.len() * N_TAGS];
        m.emit_all(&feats, &ends, &mut all, &mut EmitScratch::default());
        let mut from = 0;
        for (i, &end) in ends.iter().enumerate() {
            let mut one = vec![0.5f32; N_TAGS];
            m.emit(&feats[from..end], &mut one);
            assert_eq!(one, all[i * N_TAGS..(i + 1) * N_TAGS]);
            from = end;
        }
    }

    #[test]
    fn committed_model_matches_this_build() {
        let m = Model::get().expect("model/actors.bin must be retrained after a feature change");
        assert!(m.nonzero() > 10_000);
    }
}
