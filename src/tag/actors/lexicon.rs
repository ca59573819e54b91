//! Gazetteers: places, given names, surnames, organisation words, role
//! words, well-known organisations and demonyms, as features for the model (never as decisions: "Will" is a given
//! name and "Georgia" a place or a person).
//!
//! The lists are plain text compiled into the binary (`include_str!`, ~50 KB
//! gzipped) and turned, once, into one hash map from the hash of a lower-cased
//! token sequence to a class bit set. A lookup tries spans of up to
//! [`MAX_LEN`] tokens at each position: a handful of hash probes per token,
//! cheaper than an automaton build and just as exact for whole-token matches.
//! Sources and licences: `lexicons/README.md`.

use super::hash::{fnv_lower, mix, IdMap};
use super::tokenize::tokenize;
use std::sync::OnceLock;

pub const PLACE: u8 = 0;
pub const GIVEN: u8 = 1;
pub const SURNAME: u8 = 2;
pub const ORGWORD: u8 = 3;
pub const ROLE: u8 = 4;
/// Well-known companies and news organisations.
pub const ORG: u8 = 5;
/// Nationality and group words ("American", "Britons", "Arabs"): no actors.
pub const DEMONYM: u8 = 6;
/// Number of classes; a token's gazetteer bits are `class * 4 + position`
/// (position 0 = begin, 1 = inside, 2 = last, 3 = unit).
pub const N_CLASSES: u8 = 7;
/// Longest entry matched, in tokens.
pub const MAX_LEN: usize = 5;
/// Bit of a map value (above the class bits) saying that longer entries
/// start with this token sequence: a lookup stops extending a span at the
/// first sequence without it, so most tokens cost one probe instead of
/// [`MAX_LEN`] (each a likely cache miss in a map of ~100k keys).
const MORE: u8 = 1 << 7;
const _: () = assert!(N_CLASSES < 8);

const SOURCES: [(&str, u8); 7] = [
    (include_str!("../../../lexicons/places.txt"), PLACE),
    (include_str!("../../../lexicons/given.txt"), GIVEN),
    (include_str!("../../../lexicons/surnames.txt"), SURNAME),
    (include_str!("../../../lexicons/orgwords.txt"), ORGWORD),
    (include_str!("../../../lexicons/roles.txt"), ROLE),
    (include_str!("../../../lexicons/orgs.txt"), ORG),
    (include_str!("../../../lexicons/demonyms.txt"), DEMONYM),
];

/// The compiled gazetteer.
pub struct Lexicon {
    /// Hash of a lower-cased token sequence -> class bits (1 << class),
    /// plus [`MORE`] on the proper prefixes of longer entries.
    entries: IdMap<u8>,
}

/// Separator mixed between the tokens of a multi-token key.
const SEP: u64 = 0x2545_f491_4f6c_dd1d;

fn seq_hash(prev: u64, tok_lower_hash: u64) -> u64 {
    mix(prev ^ SEP, tok_lower_hash)
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut entries: IdMap<u8> = IdMap::default();
        for (src, class) in SOURCES {
            for line in src.lines() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let toks = tokenize(line, 0..line.len());
                if toks.is_empty() || toks.len() > MAX_LEN {
                    continue;
                }
                let mut h = 0u64;
                for (k, t) in toks.iter().enumerate() {
                    if k > 0 {
                        *entries.entry(h).or_insert(0) |= MORE;
                    }
                    h = seq_hash(h, fnv_lower(&line[t.clone()]));
                }
                *entries.entry(h).or_insert(0) |= 1 << class;
            }
        }
        Lexicon { entries }
    }

    /// The shared instance, built on first use.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::build)
    }

    /// Class bits of an exact lower-cased token sequence, given the tokens'
    /// lower-case hashes.
    pub fn lookup(&self, lower_hashes: &[u64]) -> u8 {
        let mut h = 0u64;
        for &t in lower_hashes {
            h = seq_hash(h, t);
        }
        self.entries.get(&h).copied().unwrap_or(0) & !MORE
    }

    /// Marks, for each token, the gazetteer bits of every entry covering it.
    /// `lower` holds the tokens' lower-case hashes, `breaks[i]` says that no
    /// entry may run across token i (punctuation other than . - & ').
    pub fn annotate(&self, lower: &[u64], breaks: &[bool], out: &mut Vec<u32>) {
        out.clear();
        out.resize(lower.len(), 0);
        for i in 0..lower.len() {
            if breaks[i] {
                continue;
            }
            let mut h = 0u64;
            for len in 1..=MAX_LEN.min(lower.len() - i) {
                let j = i + len - 1;
                if len > 1 && breaks[j] {
                    break;
                }
                h = seq_hash(h, lower[j]);
                // no entry, and none longer with this prefix
                let Some(&bits) = self.entries.get(&h) else {
                    break;
                };
                for class in 0..N_CLASSES {
                    if bits & (1 << class) == 0 {
                        continue;
                    }
                    let base = u32::from(class) * 4;
                    if len == 1 {
                        out[i] |= 1 << (base + 3);
                    } else {
                        out[i] |= 1 << base;
                        for o in out.iter_mut().take(j).skip(i + 1) {
                            *o |= 1 << (base + 1);
                        }
                        out[j] |= 1 << (base + 2);
                    }
                }
                if bits & MORE == 0 {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(words: &[&str]) -> Vec<u32> {
        let lower: Vec<u64> = words.iter().map(|w| fnv_lower(w)).collect();
        let breaks: Vec<bool> = words
            .iter()
            .map(|w| w.len() == 1 && !w.as_bytes()[0].is_ascii_alphanumeric())
            .collect();
        let mut out = Vec::new();
        Lexicon::get().annotate(&lower, &breaks, &mut out);
        out
    }

    #[test]
    fn places_names_and_multiword_entries() {
        let b = bits(&["in", "Los", "Angeles", ",", "JAPAN", "and", "John"]);
        let place = u32::from(PLACE) * 4;
        assert_eq!(b[0], 0);
        assert_ne!(b[1] & (1 << place), 0, "Los begins a place");
        assert_ne!(b[2] & (1 << (place + 2)), 0, "Angeles ends it");
        assert_eq!(b[3], 0);
        assert_ne!(b[4] & (1 << (place + 3)), 0, "case-insensitive unit match");
        assert_ne!(b[6] & (1 << (u32::from(GIVEN) * 4 + 3)), 0);
    }

    #[test]
    fn lookup_of_sequences() {
        let lex = Lexicon::get();
        let h: Vec<u64> = ["new", "delhi"].iter().map(|w| fnv_lower(w)).collect();
        assert_ne!(lex.lookup(&h) & (1 << PLACE), 0);
        assert_eq!(lex.lookup(&[fnv_lower("zzqx")]), 0);
    }
}
