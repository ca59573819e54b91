//! The learned cue detector: which word anchors an attribution.
//!
//! Why learned: PolNeAR's cues are a long tail (`believes`, `plans`, `polls
//! show`, `took issue with`) whose words are cues in one context and not in
//! the next (`the show`, `he shows up`); a per-word rate cannot tell them
//! apart, a few context features can. A binary averaged perceptron over
//! hashed features (the actor tagger's FNV/mix hashing; no dependency) scores
//! every word once per page; the frame rules then read the score where they
//! read the lexicon rate before (a full anchor above [`STRONG`], a weak one,
//! which needs an explicit `that`/colon/quote after it, above [`WEAK`]).
//! The anchor is the first word of a gold cue that is not an auxiliary or a
//! cue adverb (`has also said` -> `said`), which is where the span rules in
//! [`super::cues`] start from.
//!
//! Model file (`model/sources_cue.bin`, little endian): `SLC1`, feature
//! version u32, bucket bits u32, unit f32, step f32, entry count u32, the
//! LEB128 gaps between non-zero buckets, then their i8 codes on the same
//! logarithmic scale as the actor model (see [`crate::tag::quantised`]).

use super::lex::Kind;
use super::Doc;
use crate::tag::actors::hash::fnv;
use crate::tag::quantised::{read_sparse, write_sparse, Reader, Scale};
use std::sync::OnceLock;

/// Changes whenever the features below change (the model header carries it).
pub const FEATURE_VERSION: u32 = 2;
/// Largest bucket count a model file may ask for (the table is `1 << bits` bytes).
pub const MAX_BITS: u32 = 20;

/// Score at which a word anchors a full attribution frame (tuned on a PolNeAR train hold-out).
pub const STRONG: f32 = 0.0;
/// Score at which a word anchors only before `that`, a colon or a quote.
pub const WEAK: f32 = -4.0;

/// A word PolNeAR train marks as a cue at least this often...
pub const BACKSTOP_COUNT: u32 = 10;
/// ...and at least this share of its occurrences anchors whatever the detector says: the unambiguous cue
/// verbs (`said`, `reported`, `told`) in contexts rare in training (`reported on Tuesday, citing`).
pub const BACKSTOP_RATE: f32 = 0.7;

const MAGIC: &[u8; 4] = b"SLC1";
static MODEL_BYTES: &[u8] = include_bytes!("../../../model/sources_cue.bin");

/// Combines two hashes with one multiply: the actor model's `mix` costs three, and this runs ~30 times a word.
/// Its low bits are weak, so buckets are taken from the high half (see [`features`]).
#[inline]
pub(super) fn mix(a: u64, b: u64) -> u64 {
    (a ^ b.rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The coarse class of a neighbouring token.
pub(super) fn class(doc: &Doc, i: usize) -> u64 {
    let Some(t) = doc.toks.get(i) else {
        return 1;
    };
    match t.kind {
        Kind::Open => 2,
        Kind::Close => 3,
        Kind::Punct => match doc.key(i) {
            "," => 4,
            ":" => 5,
            "." | "!" | "?" => 6,
            "—" | "–" | "-" | "--" => 7,
            "(" | ")" => 8,
            _ => 9,
        },
        Kind::Word => {
            let k = doc.key(i);
            if matches!(
                k,
                "he" | "she"
                    | "they"
                    | "i"
                    | "we"
                    | "it"
                    | "you"
                    | "who"
                    | "which"
                    | "officials"
                    | "sources"
            ) {
                10
            } else if matches!(k, "that" | "whether" | "if" | "how" | "why" | "what") {
                11
            } else if matches!(k, "the" | "a" | "an" | "his" | "her" | "their" | "its") {
                12
            } else if t.cap {
                13
            } else {
                14
            }
        }
    }
}

/// A crude stem: the common verb and plural endings off (`said`/`says` stay apart, `warned`/`warns` meet).
fn stem(k: &str) -> &str {
    for suf in ["ing", "ed", "es", "s"] {
        if let Some(s) = k.strip_suffix(suf) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    k
}

/// Per-sentence facts the features read.
pub(crate) struct SentCtx {
    pub range: std::ops::Range<usize>,
    /// First and last quote mark in the sentence (usize::MAX / 0 when none).
    pub first_q: usize,
    pub last_q: usize,
    /// The sentence follows a closing quote.
    pub after_close: bool,
    /// Per token of the sentence: the hash of its key and its [`class`], computed once (each is read by five
    /// neighbours' features).
    hash: Vec<u64>,
    class: Vec<u64>,
}

impl SentCtx {
    pub fn new(doc: &Doc, s: std::ops::Range<usize>) -> SentCtx {
        let (mut first_q, mut last_q) = (usize::MAX, 0);
        for k in s.clone() {
            if doc.toks[k].is_quote() {
                first_q = first_q.min(k);
                last_q = k;
            }
        }
        let after_close = s
            .start
            .checked_sub(1)
            .is_some_and(|p| doc.toks[p].kind == Kind::Close);
        let hash = s.clone().map(|k| fnv(doc.key(k).as_bytes())).collect();
        let class = s.clone().map(|k| class(doc, k)).collect();
        SentCtx {
            range: s,
            first_q,
            last_q,
            after_close,
            hash,
            class,
        }
    }

    /// Hash of token `i`'s key (1 before the sentence, 2 after it).
    fn word(&self, i: Option<usize>) -> u64 {
        match i {
            Some(i) if i >= self.range.end => 2,
            Some(i) => self
                .hash
                .get(i.wrapping_sub(self.range.start))
                .copied()
                .unwrap_or(1),
            None => 1,
        }
    }

    /// Class of token `i` (0 outside the sentence).
    fn class(&self, i: Option<usize>) -> u64 {
        i.and_then(|i| self.class.get(i.wrapping_sub(self.range.start)))
            .copied()
            .unwrap_or(0)
    }
}

/// The feature buckets of word `i` in its sentence.
pub(crate) fn features(doc: &Doc, i: usize, cx: &SentCtx, out: &mut Vec<u32>) {
    let s = &cx.range;
    let key = doc.key(i);
    let w0 = cx.word(Some(i));
    let st = fnv(stem(key).as_bytes());
    let wm1 = cx.word(i.checked_sub(1));
    let wp1 = cx.word(Some(i + 1));
    let wm2 = cx.word(i.checked_sub(2));
    let wp2 = cx.word(Some(i + 2));
    let cm1 = cx.class(i.checked_sub(1));
    let cp1 = cx.class(Some(i + 1));
    let cm2 = cx.class(i.checked_sub(2));
    let cp2 = cx.class(Some(i + 2));
    let cap = u64::from(doc.toks[i].cap);
    let pos = (i - s.start).min(4) as u64;
    let rest = (s.end - i).min(4) as u64;
    let in_q = u64::from(
        doc.in_quote
            .get(i)
            .is_some_and(|&q| q != super::quotes::NONE),
    );
    let q_before = u64::from(cx.first_q < i);
    let q_after = u64::from(cx.last_q > i);
    let that_soon = u64::from((i + 1..(i + 4).min(s.end)).any(|k| doc.key(k) == "that"));
    let suf3 = fnv(key
        .get(key.len().saturating_sub(3)..)
        .unwrap_or("")
        .as_bytes());
    let feats: [(u64, u64); 22] = [
        (0, 0),
        (1, w0),
        (2, st),
        (3, wm1),
        (4, wp1),
        (5, wm2),
        (6, wp2),
        (7, mix(st, wp1)),
        (8, mix(wm1, st)),
        (9, mix(cap, pos)),
        (10, mix(in_q, mix(q_before, q_after))),
        (11, mix(st, mix(q_before, q_after))),
        (12, mix(st, cm1)),
        (13, mix(st, cp1)),
        (14, mix(cm1, cp1)),
        (15, suf3),
        (16, mix(st, that_soon)),
        (17, mix(st, in_q)),
        (18, mix(cm2, mix(cm1, mix(cp1, cp2)))),
        (19, mix(st, mix(u64::from(cx.after_close), pos))),
        (20, mix(st, rest)),
        (21, mix(mix(cap, in_q), mix(cm1, cp1))),
    ];
    for (t, h) in feats {
        out.push((mix(t.wrapping_add(0x51), h) >> 32) as u32);
    }
}

/// Whether token `i` is a word the detector scores at all.
pub(crate) fn candidate(doc: &Doc, i: usize) -> bool {
    doc.toks.get(i).is_some_and(|t| t.is_word())
}

/// The detector's weights.
pub struct CueModel {
    /// `1 << bits` codes; a feature hash is masked to its bucket.
    weights: Vec<i8>,
    bits: u32,
    unit: f32,
    step: f32,
    table: [f32; 256],
}

impl CueModel {
    /// The committed model, parsed on first use; None when it does not match this build's features.
    pub fn get() -> Option<&'static CueModel> {
        static M: OnceLock<Option<CueModel>> = OnceLock::new();
        M.get_or_init(|| CueModel::from_bytes(MODEL_BYTES).ok())
            .as_ref()
    }

    /// Log-scale i8 codes of float weights; weights under half the `unit_quantile` magnitude are dropped.
    pub fn quantise(w: &[f32], unit_quantile: f64) -> CueModel {
        let bits = w.len().max(1).ilog2().min(MAX_BITS);
        let scale = Scale::fit(w, unit_quantile);
        let Scale { unit, step } = scale;
        let weights = w.iter().map(|&x| scale.code(x)).take(1 << bits).collect();
        CueModel {
            weights,
            bits,
            unit,
            step,
            table: scale.table(),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_bytes_as(MAGIC, FEATURE_VERSION)
    }

    /// The file under another model's magic and feature version (the content-end chooser shares this format).
    pub fn to_bytes_as(&self, magic: &[u8; 4], version: u32) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(magic);
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.unit.to_le_bytes());
        out.extend_from_slice(&self.step.to_le_bytes());
        let cells: Vec<(usize, i8)> = (self.weights.iter().enumerate())
            .filter(|(_, w)| **w != 0)
            .map(|(i, &w)| (i, w))
            .collect();
        write_sparse(&mut out, &cells);
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<CueModel, String> {
        Self::from_bytes_as(b, MAGIC, FEATURE_VERSION)
    }

    /// Parses a file written by [`CueModel::to_bytes_as`] with this magic and feature version.
    pub fn from_bytes_as(b: &[u8], magic: &[u8; 4], want: u32) -> Result<CueModel, String> {
        let mut r = Reader::new(b, "hashed model");
        if r.take(4)? != magic {
            return Err("not this kind of model".into());
        }
        let (version, bits) = (r.u32()?, r.u32()?);
        if version != want || bits > MAX_BITS {
            return Err(format!("cue model for features v{version}/{bits} bits"));
        }
        let unit = f32::from_bits(r.u32()?);
        let step = f32::from_bits(r.u32()?);
        let buckets = 1usize << bits;
        let mut weights = vec![0i8; buckets];
        for (i, c) in read_sparse(&mut r, buckets)? {
            weights[i] = c;
        }
        Ok(CueModel {
            weights,
            bits,
            unit,
            step,
            table: Scale { unit, step }.table(),
        })
    }

    /// The score of a token's feature buckets.
    #[inline]
    pub fn score(&self, feats: &[u32]) -> f32 {
        let mask = (1usize << self.bits) - 1;
        feats
            .iter()
            .filter_map(|&f| self.weights.get(f as usize & mask))
            .map(|&w| self.table[w as u8 as usize])
            .sum()
    }

    pub fn nonzero(&self) -> usize {
        self.weights.iter().filter(|w| **w != 0).count()
    }
}

/// Every token's cue score (`f32::NEG_INFINITY` for non-words, or everywhere when no model matches this build).
pub(crate) fn scores(doc: &Doc) -> Vec<f32> {
    let mut out = vec![f32::NEG_INFINITY; doc.toks.len()];
    let Some(m) = CueModel::get() else {
        return out;
    };
    let mut buf = Vec::with_capacity(32);
    for s in &doc.sents {
        let cx = SentCtx::new(doc, s.clone());
        for i in s.clone() {
            if !candidate(doc, i) {
                continue;
            }
            buf.clear();
            features(doc, i, &cx, &mut buf);
            out[i] = m.score(&buf);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_roundtrip() {
        let mut w = vec![0.0f32; 1 << 16];
        w[7] = 3.0;
        w[9000] = -1.0;
        w[(1 << 16) - 1] = 0.0001;
        let m = CueModel::quantise(&w, 0.5);
        let b = m.to_bytes();
        let back = CueModel::from_bytes(&b).expect("parses");
        assert_eq!(back.nonzero(), 2);
        assert!((back.score(&[7, 9000 + (1 << 16)]) - 2.0).abs() < 0.1);
        assert!(CueModel::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(CueModel::from_bytes(b"SLC1").is_err());
    }

    #[test]
    fn committed_model_matches_this_build() {
        let m = CueModel::get()
            .expect("model/sources_cue.bin must be retrained after a feature change");
        assert!(m.nonzero() > 1000);
    }

    #[test]
    fn stems_fold_verb_endings() {
        assert_eq!(stem("warned"), stem("warns"));
        assert_eq!(stem("said"), "said");
        assert_eq!(stem("is"), "is");
    }
}
