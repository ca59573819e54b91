//! BILOU tags and Viterbi decoding.
//!
//! Why BILOU over BIO: the model sees "last token of a name" and "one-token
//! name" as their own decisions, which sharpens right edges (exact-span
//! scoring punishes edges) for 13 tags instead of 7. Illegal transitions
//! (I after O, B after B) are excluded in the search itself, so every
//! decoded sequence reads back as well-formed spans.

/// Entity types, in tag order.
pub const TYPES: [&str; 3] = ["person", "organization", "place"];
/// O plus B, I, L, U for each type.
pub const N_TAGS: usize = 1 + 4 * TYPES.len();

pub const O: u8 = 0;
pub const B: u8 = 0;
pub const I: u8 = 1;
pub const L: u8 = 2;
pub const U: u8 = 3;

/// The tag for `ty` (index into [`TYPES`]) at position `pos` (B, I, L, U).
#[inline]
pub fn tag(ty: usize, pos: u8) -> u8 {
    (1 + ty * 4) as u8 + pos
}

/// (type, position) of a non-O tag.
#[inline]
pub fn parts(tag: u8) -> Option<(usize, u8)> {
    if tag == O || tag as usize >= N_TAGS {
        None
    } else {
        Some(((tag as usize - 1) / 4, (tag - 1) % 4))
    }
}

/// Whether `next` may follow `prev`.
pub fn allowed(prev: u8, next: u8) -> bool {
    let open = |t: u8| matches!(parts(t), Some((_, p)) if p == B || p == I);
    match (parts(prev), parts(next)) {
        (Some((pt, _)), Some((nt, np))) if open(prev) => pt == nt && (np == I || np == L),
        _ if open(prev) => false,
        (_, Some((_, np))) => np == B || np == U,
        (_, None) => true,
    }
}

pub fn allowed_start(t: u8) -> bool {
    matches!(parts(t), None | Some((_, B)) | Some((_, U)))
}

pub fn allowed_end(t: u8) -> bool {
    matches!(parts(t), None | Some((_, L)) | Some((_, U)))
}

/// Reusable Viterbi buffers.
#[derive(Default)]
pub struct Viterbi {
    score: Vec<f32>,
    back: Vec<u8>,
}

impl Viterbi {
    /// Best legal tag sequence for emission scores `em` (n x N_TAGS, row
    /// major) and transition scores `trans[prev * N_TAGS + next]`; `out`
    /// receives n tags.
    pub fn decode(&mut self, em: &[f32], trans: &[f32], out: &mut Vec<u8>) {
        out.clear();
        let n = em.len() / N_TAGS;
        if n == 0 {
            return;
        }
        self.score.clear();
        self.score.resize(N_TAGS, f32::NEG_INFINITY);
        self.back.clear();
        self.back.resize(n * N_TAGS, 0);
        for (t, (s, &e)) in self.score.iter_mut().zip(em).take(N_TAGS).enumerate() {
            if allowed_start(t as u8) {
                *s = e;
            }
        }
        let moves = Moves::new(trans);
        let mut prev = [f32::NEG_INFINITY; 16];
        prev[..N_TAGS].copy_from_slice(&self.score[..N_TAGS]);
        for (e, brow) in em
            .chunks_exact(N_TAGS)
            .zip(self.back.chunks_exact_mut(N_TAGS))
            .skip(1)
        {
            let (best, args) = moves.step(&prev);
            let mut cur = [f32::NEG_INFINITY; 16];
            for (((c, b), (&bt, &at)), &et) in cur
                .iter_mut()
                .zip(brow.iter_mut())
                .zip(best.iter().zip(&args))
                .zip(e)
            {
                *c = bt + et;
                *b = at;
            }
            prev = cur;
        }
        let mut best = f32::NEG_INFINITY;
        let mut arg = 0u8;
        for (t, &s) in prev[..N_TAGS].iter().enumerate() {
            if allowed_end(t as u8) && s > best {
                best = s;
                arg = t as u8;
            }
        }
        out.resize(n, 0);
        out[n - 1] = arg;
        for i in (1..n).rev() {
            arg = self.back[i * N_TAGS + arg as usize];
            out[i - 1] = arg;
        }
    }
}

/// The transitions in the two forms a Viterbi step can take. Both give,
/// for every target tag, the best previous tag in ascending order with the
/// first best kept (strict `>`), so the same scores and ties to the bit:
/// -inf plus anything is never above the running best, so an illegal move
/// can be skipped (sparse) or summed (dense) alike.
struct Moves {
    /// Per target, its legal moves (previous tag, score), ascending.
    sparse: [[(u8, f32); N_TAGS]; N_TAGS],
    n: [usize; N_TAGS],
    /// `dense[p][t]`: every move, -inf where illegal, targets padded to
    /// 16, rows from [`N_TAGS`] on all -inf.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    dense: [[f32; 16]; 16],
    /// `chunk_prev[j][k]`: the j-th previous tag (ascending) with a legal
    /// move into targets 4k..4k+4, [`N_TAGS`] past the chunk's last one;
    /// `chunk_len` rows in use.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    chunk_prev: [[u8; 4]; N_TAGS],
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    chunk_len: usize,
}

impl Moves {
    fn new(trans: &[f32]) -> Moves {
        let mut m = Moves {
            sparse: [[(0, 0.0); N_TAGS]; N_TAGS],
            n: [0; N_TAGS],
            dense: [[f32::NEG_INFINITY; 16]; 16],
            chunk_prev: [[N_TAGS as u8; 4]; N_TAGS],
            chunk_len: 0,
        };
        let mut chunk_n = [0usize; 4];
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                let tr = trans
                    .get(p * N_TAGS + t)
                    .copied()
                    .unwrap_or(f32::NEG_INFINITY);
                if tr != f32::NEG_INFINITY {
                    m.sparse[t][m.n[t]] = (p as u8, tr);
                    m.n[t] += 1;
                    m.dense[p][t] = tr;
                }
            }
            for (k, n) in chunk_n.iter_mut().enumerate() {
                if m.dense[p][4 * k..4 * k + 4]
                    .iter()
                    .any(|&tr| tr != f32::NEG_INFINITY)
                {
                    m.chunk_prev[*n][k] = p as u8;
                    *n += 1;
                }
            }
        }
        m.chunk_len = chunk_n.into_iter().max().unwrap_or(0);
        m
    }

    /// Best score and previous tag per target, from the previous scores
    /// (16 wide, -inf beyond [`N_TAGS`]).
    #[inline]
    fn step(&self, prev: &[f32; 16]) -> ([f32; 16], [u8; 16]) {
        #[cfg(target_arch = "x86_64")]
        return self.step_dense(prev);
        #[cfg(not(target_arch = "x86_64"))]
        return self.step_sparse(prev);
    }

    /// Only the 61 legal moves, target by target: the least work, but each
    /// compare waits on the one before (a chain per target); best where
    /// there is no SIMD (wasm without simd128).
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn step_sparse(&self, prev: &[f32; 16]) -> ([f32; 16], [u8; 16]) {
        let mut best = [f32::NEG_INFINITY; 16];
        let mut args = [0u8; 16];
        for (t, (row, &k)) in self.sparse.iter().zip(&self.n).enumerate() {
            let (mut b, mut arg) = (f32::NEG_INFINITY, 0u8);
            for &(p, tr) in row.iter().take(k) {
                let s = prev[usize::from(p) & 15] + tr;
                if s > b {
                    b = s;
                    arg = p;
                }
            }
            best[t & 15] = b;
            args[t & 15] = arg;
        }
        (best, args)
    }

    /// The legal moves 4 targets at a time (an SSE register), each chunk's
    /// previous tags in ascending order with an add, a compare, a max and
    /// an and/andnot/or select of the previous tag; the 4 chunks advance in
    /// lockstep, so their chains overlap, and there is no data-dependent
    /// branch (the sparse step's mispredicted compares were a third of the
    /// tagger's time on x86-64). A previous tag with no legal move into a
    /// chunk is skipped there (B and I reach only their own type's I and
    /// L), shorter lists padded with the all -inf row [`N_TAGS`], which
    /// never wins: 36 chunk moves instead of 52. `_mm_max_ps(s, b)` is
    /// `s > b ? s : b`, the scalar keep-first-best to the bit.
    #[cfg(target_arch = "x86_64")]
    fn step_dense(&self, prev: &[f32; 16]) -> ([f32; 16], [u8; 16]) {
        use std::arch::x86_64::{
            __m128, __m128i, _mm_add_ps, _mm_and_si128, _mm_andnot_si128, _mm_castps_si128,
            _mm_cmpgt_ps, _mm_loadu_ps, _mm_max_ps, _mm_or_si128, _mm_set1_epi32, _mm_set1_ps,
            _mm_setzero_si128, _mm_storeu_ps, _mm_storeu_si128,
        };
        let mut best_out = [f32::NEG_INFINITY; 16];
        let mut arg_out = [0i32; 16];
        // SAFETY: SSE2 is baseline on x86-64; every load and store is an
        // unaligned one of 4 lanes at 4k (k < 4) inside a 16-wide array.
        unsafe {
            let mut b: [__m128; 4] = [_mm_set1_ps(f32::NEG_INFINITY); 4];
            let mut a: [__m128i; 4] = [_mm_setzero_si128(); 4];
            for ps in self.chunk_prev.iter().take(self.chunk_len) {
                for (k, ((b, a), &p)) in b.iter_mut().zip(a.iter_mut()).zip(ps).enumerate() {
                    let p = usize::from(p) & 15;
                    let row = self.dense[p].as_ptr().add(4 * k);
                    let s = _mm_add_ps(_mm_set1_ps(prev[p]), _mm_loadu_ps(row));
                    let m = _mm_castps_si128(_mm_cmpgt_ps(s, *b));
                    *b = _mm_max_ps(s, *b);
                    let p4 = _mm_set1_epi32(p as i32);
                    *a = _mm_or_si128(_mm_and_si128(m, p4), _mm_andnot_si128(m, *a));
                }
            }
            for (k, (b, a)) in b.iter().zip(&a).enumerate() {
                _mm_storeu_ps(best_out.as_mut_ptr().add(4 * k), *b);
                _mm_storeu_si128(arg_out.as_mut_ptr().add(4 * k).cast(), *a);
            }
        }
        (best_out, arg_out.map(|a| a as u8))
    }
}

/// Transition scores with illegal moves set to -inf (added to learned ones).
pub fn legal_mask() -> Vec<f32> {
    let mut m = vec![0.0; N_TAGS * N_TAGS];
    for p in 0..N_TAGS {
        for t in 0..N_TAGS {
            if !allowed(p as u8, t as u8) {
                m[p * N_TAGS + t] = f32::NEG_INFINITY;
            }
        }
    }
    m
}

/// Spans (token start, token end exclusive, type) of a tag sequence; tolerant
/// of ill-formed input (an I or L without its B opens a span).
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match parts(t) {
            None => {
                if let Some((s, ty)) = open.take() {
                    out.push((s, i, ty));
                }
            }
            Some((ty, pos)) => {
                if let Some((s, oty)) = open {
                    if oty != ty || pos == B || pos == U {
                        out.push((s, i, oty));
                        open = None;
                    }
                }
                match pos {
                    U => out.push((i, i + 1, ty)),
                    L => {
                        let s = open.take().map(|(s, _)| s).unwrap_or(i);
                        out.push((s, i + 1, ty));
                    }
                    _ => {
                        if open.is_none() {
                            open = Some((i, ty));
                        }
                    }
                }
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push((s, tags.len(), ty));
    }
    out
}

/// BILOU tags for spans over `n` tokens (the training side of [`spans`]).
pub fn encode(n: usize, spans: &[(usize, usize, usize)], out: &mut Vec<u8>) {
    out.clear();
    out.resize(n, O);
    for &(s, e, ty) in spans {
        if s >= e || e > n {
            continue;
        }
        if e - s == 1 {
            out[s] = tag(ty, U);
        } else {
            out[s] = tag(ty, B);
            for o in &mut out[s + 1..e - 1] {
                *o = tag(ty, I);
            }
            out[e - 1] = tag(ty, L);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_roundtrip() {
        let sp = vec![(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let mut tags = Vec::new();
        encode(9, &sp, &mut tags);
        assert_eq!(tags[0], tag(0, B));
        assert_eq!(tags[1], tag(0, L));
        assert_eq!(tags[3], tag(2, U));
        assert_eq!(tags[6], tag(1, I));
        assert_eq!(spans(&tags), sp);
        assert_eq!(spans(&[tag(1, I), tag(1, L), O]), vec![(0, 2, 1)]);
    }

    #[test]
    fn transitions() {
        assert!(allowed(O, tag(0, B)));
        assert!(!allowed(O, tag(0, I)));
        assert!(!allowed(tag(0, B), tag(1, L)));
        assert!(allowed(tag(2, B), tag(2, L)));
        assert!(!allowed(tag(2, B), O));
        assert!(allowed(tag(2, U), tag(1, U)));
    }

    /// A seeded xorshift64 stream: random scores for the decode tests, the same on every run.
    fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// The textbook decode: every target, every legal previous tag in
    /// ascending order, first best kept.
    fn reference(em: &[f32], trans: &[f32]) -> Vec<u8> {
        let n = em.len() / N_TAGS;
        let mut score: Vec<f32> = (0..N_TAGS)
            .map(|t| {
                if allowed_start(t as u8) {
                    em[t]
                } else {
                    f32::NEG_INFINITY
                }
            })
            .collect();
        let mut back = vec![0u8; n * N_TAGS];
        for i in 1..n {
            let mut next = vec![f32::NEG_INFINITY; N_TAGS];
            for t in 0..N_TAGS {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
                for p in 0..N_TAGS {
                    let s = score[p] + trans[p * N_TAGS + t];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                next[t] = best + em[i * N_TAGS + t];
                back[i * N_TAGS + t] = arg;
            }
            score = next;
        }
        let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
        for (t, &s) in score.iter().enumerate() {
            if allowed_end(t as u8) && s > best {
                best = s;
                arg = t as u8;
            }
        }
        let mut out = vec![arg; n];
        for i in (1..n).rev() {
            arg = back[i * N_TAGS + arg as usize];
            out[i - 1] = arg;
        }
        out
    }

    #[test]
    fn viterbi_equals_the_textbook_decode() {
        // coarse random scores (many ties) and learned transitions
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let mut rnd = || (next() % 7) as f32 - 3.0;
        let trans: Vec<f32> = legal_mask().iter().map(|m| m + rnd()).collect();
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        for n in 1..40 {
            let em: Vec<f32> = (0..n * N_TAGS).map(|_| rnd()).collect();
            v.decode(&em, &trans, &mut out);
            assert_eq!(out, reference(&em, &trans), "{n} tokens");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn dense_and_sparse_steps_agree() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut rnd = || (next() % 5) as f32 - 2.0;
        let trans: Vec<f32> = legal_mask().iter().map(|m| m + rnd()).collect();
        let m = Moves::new(&trans);
        for k in 0..500 {
            let mut prev = [f32::NEG_INFINITY; 16];
            for (t, p) in prev.iter_mut().take(N_TAGS).enumerate() {
                // some rows unreachable (-inf), as at a sentence start
                if (k + t) % 7 != 0 {
                    *p = rnd();
                }
            }
            let (d, s) = (m.step_dense(&prev), m.step_sparse(&prev));
            assert_eq!(d.1, s.1);
            assert_eq!(d.0.map(f32::to_bits), s.0.map(f32::to_bits));
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        // emissions prefer I-person at token 0 (illegal start) and O elsewhere
        let mut em = vec![0.0f32; 3 * N_TAGS];
        em[tag(0, I) as usize] = 5.0;
        em[tag(0, B) as usize] = 1.0;
        em[N_TAGS + tag(0, L) as usize] = 2.0;
        em[2 * N_TAGS] = 1.0;
        let trans = legal_mask();
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        v.decode(&em, &trans, &mut out);
        assert_eq!(out, vec![tag(0, B), tag(0, L), O]);
        v.decode(&[], &trans, &mut out);
        assert!(out.is_empty());
    }
}
