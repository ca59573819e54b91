//! Token features for the sequence model, hashed into a fixed table.
//!
//! Why hashing: no vocabulary to ship or look up; a feature is a template id
//! mixed with token hashes, masked to [`BUCKET_BITS`] bits. Collisions cost a
//! little accuracy and save the whole string table.
//!
//! What case means depends on the line: in an ALL-CAPS headline every word
//! looks like an acronym, in a Title Case headline every word looks like a
//! name. So each sentence gets a [`Regime`], and the case-bearing features
//! are crossed with it; plus document evidence: how the same word is written
//! in the story's ordinary sentences ("will" in lower case there tells that
//! "Will" in the title is no name).

use super::hash::{fnv, fnv_lower, mix, IdMap};

/// Bumped whenever a feature changes; the model header must match.
pub const FEATURE_VERSION: u32 = 6;
/// log2 of the number of feature buckets.
pub const BUCKET_BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BUCKET_BITS;

pub const F_INITCAP: u8 = 1;
pub const F_ALLCAPS: u8 = 2;
pub const F_ALPHA: u8 = 4;
pub const F_DIGIT: u8 = 8;
pub const F_LOWER: u8 = 16;
pub const F_PUNCT: u8 = 32;

/// How a sentence uses case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    Normal = 0,
    /// ALL CAPS (CoNLL headlines, shouted titles).
    Caps = 1,
    /// Title Case: most content words capitalised.
    Title = 2,
}

/// What the features need to know about one token, computed once.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokInfo {
    pub low: u64,
    pub word: u64,
    pub shape: u64,
    pub pre2: u64,
    pub pre3: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub suf4: u64,
    pub flags: u8,
    /// Length class: 1, 2, 3-4, 5+ chars.
    pub len: u8,
}

impl TokInfo {
    pub fn new(t: &str) -> TokInfo {
        if t.is_ascii() {
            return TokInfo::new_ascii(t.as_bytes());
        }
        TokInfo::new_general(t)
    }

    /// [`TokInfo::new`] for an ASCII token (nearly every token of English
    /// news): one pass over the bytes gives the classes, the lower-case hash
    /// and, from the same running hash, both prefix hashes; the suffixes are
    /// byte slices. Same values as the general path (a test checks).
    fn new_ascii(b: &[u8]) -> TokInfo {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut flags = 0u8;
        let mut shape = 0xcbf2_9ce4_8422_2325u64;
        let mut last_class = 0u8;
        let mut all_upper = true;
        let mut low = 0xcbf2_9ce4_8422_2325u64;
        let mut word = 0xcbf2_9ce4_8422_2325u64;
        let (mut pre2, mut pre3) = (low, low);
        for (k, &c) in b.iter().enumerate() {
            if k == 2 {
                pre2 = low;
            } else if k == 3 {
                pre3 = low;
            }
            let class = if c.is_ascii_uppercase() {
                flags |= F_ALPHA;
                b'X'
            } else if c.is_ascii_lowercase() {
                flags |= F_ALPHA;
                all_upper = false;
                b'x'
            } else if c.is_ascii_digit() {
                flags |= F_DIGIT;
                b'd'
            } else {
                c
            };
            if k == 0 {
                match class {
                    b'X' => flags |= F_INITCAP,
                    b'x' => flags |= F_LOWER,
                    _ => {}
                }
            }
            if class != last_class {
                shape ^= u64::from(class);
                shape = shape.wrapping_mul(PRIME);
                last_class = class;
            }
            low ^= u64::from(c.to_ascii_lowercase());
            low = low.wrapping_mul(PRIME);
            word ^= u64::from(c);
            word = word.wrapping_mul(PRIME);
        }
        let n = b.len();
        if n <= 2 {
            pre2 = low;
        }
        if n <= 3 {
            pre3 = low;
        }
        if flags & F_ALPHA != 0 && all_upper {
            flags |= F_ALLCAPS;
        }
        if flags & (F_ALPHA | F_DIGIT) == 0 {
            flags |= F_PUNCT;
        }
        let suffix = |k: usize| {
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            for &c in &b[n.saturating_sub(k)..] {
                h ^= u64::from(c.to_ascii_lowercase());
                h = h.wrapping_mul(PRIME);
            }
            h
        };
        TokInfo {
            low,
            word,
            shape,
            pre2,
            pre3,
            suf2: suffix(2),
            suf3: suffix(3),
            suf4: suffix(4),
            flags,
            len: match n {
                0 | 1 => 0,
                2 => 1,
                3 | 4 => 2,
                _ => 3,
            },
        }
    }

    fn new_general(t: &str) -> TokInfo {
        let mut flags = 0u8;
        let mut shape = 0xcbf2_9ce4_8422_2325u64;
        let mut last_class = 0u8;
        let mut n = 0usize;
        let mut all_upper = true;
        // byte offsets of the char boundaries at 2, 3 chars and 2, 3, 4 from the end
        let mut b2 = t.len();
        let mut b3 = t.len();
        for (k, (i, c)) in t.char_indices().enumerate() {
            if k == 2 {
                b2 = i;
            } else if k == 3 {
                b3 = i;
            }
            let class = if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                all_upper = false;
                b'x'
            } else if c.is_numeric() {
                b'd'
            } else if c.is_alphabetic() {
                b'x'
            } else if c.is_ascii() {
                c as u8
            } else if c == '\u{2019}' {
                b'\''
            } else {
                b'o'
            };
            if k == 0 {
                match class {
                    b'X' => flags |= F_INITCAP,
                    b'x' => flags |= F_LOWER,
                    _ => {}
                }
            }
            match class {
                b'X' | b'x' => flags |= F_ALPHA,
                b'd' => flags |= F_DIGIT,
                _ => {}
            }
            if class != last_class {
                shape ^= u64::from(class);
                shape = shape.wrapping_mul(0x0000_0100_0000_01b3);
                last_class = class;
            }
            n += 1;
        }
        if flags & F_ALPHA != 0 && all_upper {
            flags |= F_ALLCAPS;
        }
        if flags & (F_ALPHA | F_DIGIT) == 0 {
            flags |= F_PUNCT;
        }
        let from_end = |k: usize| -> &str {
            if n <= k {
                return t;
            }
            match t.char_indices().nth(n - k) {
                Some((i, _)) => &t[i..],
                None => t,
            }
        };
        TokInfo {
            low: fnv_lower(t),
            word: fnv(t.as_bytes()),
            shape,
            pre2: fnv_lower(&t[..b2]),
            pre3: fnv_lower(&t[..b3]),
            suf2: fnv_lower(from_end(2)),
            suf3: fnv_lower(from_end(3)),
            suf4: fnv_lower(from_end(4)),
            flags,
            len: match n {
                0 | 1 => 0,
                2 => 1,
                3 | 4 => 2,
                _ => 3,
            },
        }
    }

    /// Punctuation that no name runs across (a lone `.`, `-`, `&` or `'` may be inside one).
    pub fn is_break(&self, t: &str) -> bool {
        self.flags & F_PUNCT != 0 && !matches!(t, "." | "-" | "&" | "'" | "’")
    }

    fn case_class(&self) -> u64 {
        u64::from(self.flags & (F_INITCAP | F_ALLCAPS | F_LOWER | F_DIGIT | F_PUNCT))
    }
}

/// Function words that stay lower case in Title Case headlines.
const FUNCTION_WORDS: [u64; 34] = {
    const W: [&[u8]; 34] = [
        b"a", b"an", b"the", b"and", b"or", b"but", b"nor", b"of", b"for", b"in", b"on", b"at",
        b"to", b"by", b"with", b"from", b"as", b"it", b"its", b"is", b"are", b"be", b"vs", b"via",
        b"into", b"over", b"per", b"up", b"out", b"off", b"so", b"yet", b"than", b"that",
    ];
    let mut out = [0u64; 34];
    let mut i = 0;
    while i < W.len() {
        out[i] = const_fnv(W[i]);
        i += 1;
    }
    out
};

const fn const_fnv(s: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut i = 0;
    while i < s.len() {
        h ^= s[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The case regime of a sentence. `is_title` says the segmenter put it in a
/// title, which lowers the bar for Title Case.
pub fn regime(infos: &[TokInfo], is_title: bool) -> Regime {
    let (mut words, mut caps, mut content, mut capped) = (0usize, 0usize, 0usize, 0usize);
    for t in infos {
        // words start with a letter ("’s" and "1990s" do not count)
        if t.flags & (F_INITCAP | F_LOWER) == 0 || t.len == 0 {
            continue;
        }
        words += 1;
        if t.flags & F_ALLCAPS != 0 {
            caps += 1;
        }
        if !FUNCTION_WORDS.contains(&t.low) {
            content += 1;
            if t.flags & F_INITCAP != 0 {
                capped += 1;
            }
        }
    }
    if words > 0 && caps * 10 >= words * 8 && (words >= 2 || infos.len() <= 3) {
        return Regime::Caps;
    }
    let need = if is_title { 6 } else { 9 };
    if content >= 3 && capped * 10 >= content * need && (is_title || content >= 4) {
        return Regime::Title;
    }
    Regime::Normal
}

/// Document case evidence: bit 1 = the word was seen starting lower case,
/// bit 2 = capitalised, in ordinary sentences, not sentence-initial.
#[derive(Default)]
pub struct DocCase {
    seen: IdMap<u8>,
}

impl DocCase {
    pub fn clear(&mut self) {
        self.seen.clear();
    }

    /// Records the tokens of one sentence (only ordinary ones count).
    pub fn add(&mut self, infos: &[TokInfo], regime: Regime) {
        if regime != Regime::Normal {
            return;
        }
        for (i, t) in infos.iter().enumerate().skip(1) {
            if t.flags & F_ALPHA == 0 || infos[i - 1].flags & F_PUNCT != 0 {
                continue;
            }
            let bit = if t.flags & F_LOWER != 0 {
                1
            } else if t.flags & F_INITCAP != 0 {
                2
            } else {
                continue;
            };
            *self.seen.entry(t.low).or_insert(0) |= bit;
        }
    }

    pub fn evidence(&self, low: u64) -> u8 {
        self.seen.get(&low).copied().unwrap_or(0)
    }
}

/// Occurrences of a word whose contexts [`DocContexts`] keeps.
pub const CTX_OCC: usize = 3;
/// Hashes per kept occurrence: previous word, next word, their gazetteer bits.
pub const CTX_PER: usize = 4;
/// The aggregated contexts of one word: `CTX_OCC * CTX_PER` hashes, 0 = none.
pub type Ctx = [u64; CTX_OCC * CTX_PER];

/// Document context aggregation (Ratinov & Roth 2009): for every capitalised
/// word, the neighbours of its first [`CTX_OCC`] uses in the story's ordinary
/// sentences, shared by all its uses. "Pirelli" has no clue in "Pirelli
/// said", but "shares of Pirelli" elsewhere in the story makes it a company;
/// a headline word in capitals borrows the contexts of its body uses.
#[derive(Default)]
pub struct DocContexts {
    idx: IdMap<u32>,
    pub table: Vec<Ctx>,
}

impl DocContexts {
    /// Records the uses of capitalised words in one ordinary sentence.
    pub fn add(&mut self, infos: &[TokInfo], gaz: &[u32]) {
        let n = infos.len();
        for (i, t) in infos.iter().enumerate() {
            if t.flags & (F_INITCAP | F_ALLCAPS) == 0 || t.flags & F_ALPHA == 0 {
                continue;
            }
            let k = *self.idx.entry(t.low).or_insert_with(|| {
                self.table.push([0; CTX_OCC * CTX_PER]);
                (self.table.len() - 1) as u32
            });
            let Some(row) = self.table.get_mut(k as usize) else {
                continue;
            };
            let Some(slot) = row.chunks_exact_mut(CTX_PER).find(|c| c[0] == 0) else {
                continue;
            };
            let (prev, pg) = match i.checked_sub(1) {
                Some(j) => (infos[j].low, gaz.get(j).copied().unwrap_or(0)),
                None => (BOS, 0),
            };
            let (next, ng) = if i + 1 < n {
                (infos[i + 1].low, gaz.get(i + 1).copied().unwrap_or(0))
            } else {
                (EOS, 0)
            };
            slot[0] = mix(0xc7, prev) | 1;
            slot[1] = mix(0xc8, next) | 1;
            slot[2] = mix(0xc9, u64::from(pg)) | 1;
            slot[3] = mix(0xca, u64::from(ng)) | 1;
        }
    }

    /// The row index of a word, if it was seen.
    pub fn get(&self, low: u64) -> Option<u32> {
        self.idx.get(&low).copied()
    }
}

/// One sentence, ready for feature extraction.
pub struct SentView<'a> {
    pub infos: &'a [TokInfo],
    /// Gazetteer bits per token ([`super::lexicon::Lexicon::annotate`]).
    pub gaz: &'a [u32],
    /// Document case evidence per token.
    pub ev: &'a [u8],
    pub regime: Regime,
    /// Per token, its row in `ctx` (`u32::MAX`: none).
    pub dctx: &'a [u32],
    /// The document's aggregated contexts ([`DocContexts::table`]).
    pub ctx: &'a [Ctx],
}

const BOS: u64 = 0x5bd1_e995_0000_0001;
const EOS: u64 = 0x5bd1_e995_0000_0002;

#[inline]
fn bucket(tid: u64, v: u64) -> u32 {
    (mix(tid.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x1234_5678, v) >> (64 - BUCKET_BITS)) as u32
}

impl SentView<'_> {
    /// Appends the feature buckets of token `i` to `out`.
    pub fn features(&self, i: usize, out: &mut Vec<u32>) {
        let t = &self.infos[i];
        let n = self.infos.len();
        let low_at = |j: isize| -> u64 {
            if j < 0 {
                BOS
            } else if j as usize >= n {
                EOS
            } else {
                self.infos[j as usize].low
            }
        };
        let shape_at = |j: isize| -> u64 {
            if j < 0 {
                BOS
            } else if j as usize >= n {
                EOS
            } else {
                self.infos[j as usize].shape
            }
        };
        let ii = i as isize;
        let r = self.regime as u64;
        let (lm1, lp1) = (low_at(ii - 1), low_at(ii + 1));
        let (sm1, sp1) = (shape_at(ii - 1), shape_at(ii + 1));
        let case = t.case_class();
        let ev = u64::from(self.ev.get(i).copied().unwrap_or(0));
        // one copy of a fixed array: a `push` per feature re-checked the
        // capacity 25 times per token
        out.extend_from_slice(&[
            bucket(0, 0),
            bucket(1, t.low),
            bucket(2, t.word),
            bucket(3, lm1),
            bucket(4, lp1),
            bucket(5, low_at(ii - 2)),
            bucket(6, low_at(ii + 2)),
            bucket(7, mix(t.shape, r)),
            bucket(8, mix(sm1, r)),
            bucket(9, mix(sp1, r)),
            bucket(10, mix(mix(sm1, t.shape), sp1)),
            bucket(11, t.pre2),
            bucket(12, t.pre3),
            bucket(13, t.suf2),
            bucket(14, t.suf3),
            bucket(15, t.suf4),
            bucket(16, mix(lm1, t.low)),
            bucket(17, mix(t.low, lp1)),
            bucket(18, mix(case, r)),
            bucket(19, mix(t.low, r)),
            bucket(20, mix(mix(case, r), (i == 0) as u64)),
            bucket(21, mix(mix(ev, case), r)),
            bucket(24, mix(lm1, t.shape)),
            bucket(25, mix(t.shape, lp1)),
            bucket(26, mix(u64::from(t.len), case)),
        ]);
        let gaz_feats = |tid: u64, bits: u32, out: &mut Vec<u32>| {
            let mut b = bits;
            while b != 0 {
                let k = u64::from(b.trailing_zeros());
                b &= b - 1;
                out.push(bucket(tid, mix(k, r)));
                out.push(bucket(tid + 1, mix(k, t.case_class())));
            }
        };
        if let Some(row) = self.dctx.get(i).and_then(|&k| self.ctx.get(k as usize)) {
            for &h in row.iter().filter(|&&h| h != 0) {
                out.push(bucket(40, h));
            }
        }
        gaz_feats(30, self.gaz.get(i).copied().unwrap_or(0), out);
        if i > 0 {
            gaz_feats(32, self.gaz.get(i - 1).copied().unwrap_or(0), out);
        }
        if i + 1 < n {
            gaz_feats(34, self.gaz.get(i + 1).copied().unwrap_or(0), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infos(s: &str) -> Vec<TokInfo> {
        s.split_whitespace().map(TokInfo::new).collect()
    }

    #[test]
    fn token_flags_and_shapes() {
        let t = TokInfo::new("TikTok");
        assert_eq!(t.flags & (F_INITCAP | F_ALPHA), F_INITCAP | F_ALPHA);
        assert_eq!(t.flags & F_ALLCAPS, 0);
        assert_ne!(TokInfo::new("CCP").flags & F_ALLCAPS, 0);
        assert_ne!(TokInfo::new("(").flags & F_PUNCT, 0);
        // shapes collapse runs: "Cotton" and "Rubio" share one, "U.S." differs
        assert_eq!(TokInfo::new("Cotton").shape, TokInfo::new("Rubio").shape);
        assert_ne!(TokInfo::new("Cotton").shape, TokInfo::new("U.S.").shape);
        assert_eq!(TokInfo::new("Cotton").suf3, TokInfo::new("button").suf3);
        assert_eq!(TokInfo::new("é").len, 0);
    }

    #[test]
    fn ascii_path_matches_the_general_one() {
        let mut words: Vec<String> = [
            "",
            "a",
            "I",
            "TikTok",
            "U.S.",
            "1,000",
            "3.5",
            "(",
            "'s",
            "AT&T",
            "O'Neill",
            "ByteDance",
            "CCP",
            "x1",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "--",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet = b"aZz09.-'&(Q ";
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for len in 0..9 {
            for _ in 0..40 {
                let w: String = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % alphabet.len() as u64) as usize] as char
                    })
                    .collect();
                words.push(w);
            }
        }
        for w in &words {
            let (a, g) = (TokInfo::new_ascii(w.as_bytes()), TokInfo::new_general(w));
            assert_eq!(format!("{a:?}"), format!("{g:?}"), "{w:?}");
        }
    }

    #[test]
    fn regimes() {
        assert_eq!(
            regime(
                &infos("EU REJECTS GERMAN CALL TO BOYCOTT BRITISH LAMB ."),
                false
            ),
            Regime::Caps
        );
        assert_eq!(regime(&infos("BRUSSELS 1996-08-22"), false), Regime::Caps);
        let title =
            infos("CATL Announces it Will Supply Batteries for Mercedes-Benz New Electric Sedan");
        assert_eq!(regime(&title, true), Regime::Title);
        assert_eq!(regime(&title, false), Regime::Title);
        assert_eq!(
            regime(
                &infos("Tom Cotton said TikTok is a risk to the U.S. ."),
                false
            ),
            Regime::Normal
        );
    }

    #[test]
    fn document_case_evidence() {
        let mut dc = DocCase::default();
        let body = infos("He said it will supply cells to Mercedes .");
        dc.add(&body, Regime::Normal);
        assert_eq!(dc.evidence(fnv_lower("Will")), 1);
        assert_eq!(dc.evidence(fnv_lower("MERCEDES")), 2);
        assert_eq!(
            dc.evidence(fnv_lower("he")),
            0,
            "sentence-initial words say nothing"
        );
        let mut feats = Vec::new();
        let gaz = vec![0; body.len()];
        let ev = vec![0; body.len()];
        let v = SentView {
            infos: &body,
            gaz: &gaz,
            ev: &ev,
            regime: Regime::Normal,
            dctx: &[],
            ctx: &[],
        };
        v.features(0, &mut feats);
        assert!(feats.len() >= 25 && feats.iter().all(|&b| (b as usize) < BUCKETS));
    }
}
