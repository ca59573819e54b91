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
        // Only the moves with a finite score can win: -inf plus anything is
        // never above `best`, so skipping them (61 of 169 are legal) leaves
        // the argmax, ties included (same ascending order), unchanged.
        let mut moves = [[(0u8, 0f32); N_TAGS]; N_TAGS];
        let mut n_moves = [0usize; N_TAGS];
        for (t, (row, k)) in moves.iter_mut().zip(&mut n_moves).enumerate() {
            for p in 0..N_TAGS {
                let tr = trans
                    .get(p * N_TAGS + t)
                    .copied()
                    .unwrap_or(f32::NEG_INFINITY);
                if tr != f32::NEG_INFINITY {
                    row[*k] = (p as u8, tr);
                    *k += 1;
                }
            }
        }
        // The previous row lives in a 16-wide array indexed by `p & 15`, and
        // each step's scores are built in an array: no bounds check in the
        // 61-move inner loop (it was ~700 instructions per token). Same
        // moves in the same order, same sums, same ties.
        let mut prev = [f32::NEG_INFINITY; 16];
        prev[..N_TAGS].copy_from_slice(&self.score[..N_TAGS]);
        for (e, brow) in em
            .chunks_exact(N_TAGS)
            .zip(self.back.chunks_exact_mut(N_TAGS))
            .skip(1)
        {
            let mut cur = [f32::NEG_INFINITY; 16];
            for (t, ((c, b), &et)) in cur.iter_mut().zip(brow.iter_mut()).zip(e).enumerate() {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0u8;
                let (row, k) = (&moves[t % N_TAGS], n_moves[t % N_TAGS]);
                for &(p, tr) in row.iter().take(k) {
                    let s = prev[usize::from(p) & 15] + tr;
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                *c = best + et;
                *b = arg;
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
