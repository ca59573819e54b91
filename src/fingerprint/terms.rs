//! Cluster terms: the words and names that say what a story is *about*, for
//! the coverage tier (other articles on the same event, in other words).
//!
//! A story offers up to [`MAX_CANDIDATES`] candidate terms (content words of
//! three letters or more outside a stop list, plus the actor names the tagger
//! found), counted and ranked by a prior that favours names (capitalised
//! mid-sentence) and repetition. The store keeps the top few per story,
//! weighted by its own document frequencies, so "distinctive" means
//! distinctive among what this reader has read — no corpus statistics ship
//! with the extension. The display form (first capitalised spelling) makes
//! cluster explanations readable ("shares TikTok, ByteDance").

use super::{mix64, FNV_OFFSET, FNV_PRIME};
use crate::calendar_words::WEEKDAYS;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Candidate terms a story hands to the store.
pub const MAX_CANDIDATES: usize = 48;

/// One candidate term with its count in the story.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TermCount {
    /// Display form ("TikTok", "Tom Cotton", "tariffs").
    pub text: String,
    /// Hash of the folded form (what matching compares).
    pub hash: u32,
    /// Occurrences (title counts twice), capped at 255.
    pub tf: u8,
    /// Whether it looks like a name (capitalised mid-sentence, or an actor).
    pub name: bool,
}

/// English function words and newsroom verbs that say nothing about a story (the weekday
/// names, also stop words, come from [`WEEKDAYS`]).
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "are",
    "but",
    "not",
    "you",
    "all",
    "any",
    "can",
    "had",
    "her",
    "was",
    "one",
    "our",
    "out",
    "has",
    "have",
    "his",
    "how",
    "its",
    "may",
    "new",
    "now",
    "old",
    "see",
    "two",
    "way",
    "who",
    "did",
    "get",
    "him",
    "let",
    "say",
    "she",
    "too",
    "use",
    "that",
    "with",
    "this",
    "from",
    "they",
    "will",
    "would",
    "there",
    "their",
    "what",
    "about",
    "which",
    "when",
    "make",
    "like",
    "time",
    "just",
    "know",
    "take",
    "into",
    "year",
    "your",
    "some",
    "could",
    "them",
    "than",
    "then",
    "look",
    "only",
    "come",
    "over",
    "think",
    "also",
    "back",
    "after",
    "work",
    "first",
    "well",
    "even",
    "want",
    "because",
    "these",
    "give",
    "most",
    "said",
    "says",
    "told",
    "been",
    "were",
    "more",
    "very",
    "such",
    "where",
    "while",
    "other",
    "those",
    "should",
    "being",
    "does",
    "each",
    "many",
    "much",
    "must",
    "here",
    "still",
    "before",
    "through",
    "between",
    "under",
    "against",
    "during",
    "without",
    "again",
    "since",
    "both",
    "same",
    "another",
    "around",
    "among",
    "often",
    "within",
    "upon",
    "onto",
    "yet",
    "ago",
    "per",
    "via",
    "off",
    "own",
    "why",
    "whom",
    "whose",
    "it's",
    "i'm",
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "can't",
    "won't",
    "according",
    "including",
    "however",
    "although",
    "though",
    "already",
    "last",
    "next",
    "week",
    "weeks",
    "years",
    "month",
    "months",
    "day",
    "days",
    "today",
    "yesterday",
    "tomorrow",
    "people",
    "news",
    "report",
    "reported",
    "reports",
    "reporting",
    "statement",
    "added",
    "asked",
    "called",
    "going",
    "made",
    "way",
    "part",
    "way",
    "mr",
    "mrs",
    "ms",
    "dr",
    "just",
    "get",
    "got",
    "lot",
    "really",
    "thing",
    "things",
    "told",
    "says",
    "saying",
    "percent",
    "million",
    "billion",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "least",
    "several",
    "later",
    "early",
    "late",
    "long",
    "high",
    "left",
    "right",
    "end",
    "set",
    "put",
    "far",
    "away",
    "every",
    "might",
    "shall",
    "never",
    "always",
    "something",
    "anything",
    "nothing",
    "everything",
    "year's",
    "whether",
    "until",
    "across",
    "along",
    "behind",
    "beyond",
    "toward",
    "towards",
    "above",
    "below",
    "recent",
    "recently",
    "currently",
    "likely",
    "believe",
    "according",
    "news",
    "read",
    "click",
    "share",
];

fn is_stop(folded: &str) -> bool {
    // A hash set: a linear scan of the ~250 words for every word of every
    // story was 9% of `storyline read` on a listing, and the binary search
    // that replaced it still made eight `memcmp` calls per word. No stop
    // word is longer than ten bytes, which skips most long words unhashed.
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STOP.iter().chain(&WEEKDAYS).copied().collect());
    folded.len() <= 10 && SET.contains(folded)
}

/// Hash of a folded term (same for the display forms "TikTok" and "tiktok").
pub fn term_hash(folded: &str) -> u32 {
    let mut h = FNV_OFFSET;
    for b in folded.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    (mix64(h) >> 32) as u32
}

struct Acc<'a> {
    text: Cow<'a, str>,
    tf: u32,
    caps_mid: u32,
    first: usize,
    actor: bool,
}

/// `s` with its whitespace runs squashed to one space and its ends trimmed
/// ([`crate::segment::squash_ws`]), borrowed when it already is: actor names
/// nearly always are, and the copy was two allocations per name.
fn squashed(s: &str) -> Cow<'_, str> {
    let mut space = true; // no leading space, no two in a row
    let clean = s.chars().all(|c| {
        if c == ' ' {
            !std::mem::replace(&mut space, true)
        } else {
            space = false;
            !c.is_whitespace()
        }
    }) && !space;
    if clean {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(crate::segment::squash_ws(s))
    }
}

/// Candidate terms of a story: title (counted twice), body paragraphs and
/// actor names, ranked by a name-favouring prior, at most [`MAX_CANDIDATES`].
pub fn candidate_terms<'a>(title: &'a str, body: &[&'a str], actors: &[&'a str]) -> Vec<TermCount> {
    // Fx hashing and a reused fold buffer: a story's every word passes here,
    // and SipHash plus one String per word (stop words included) was the
    // fingerprint's hot spot. The ranking below breaks every tie by first
    // occurrence, so the map's iteration order never shows in the output.
    // sized for the story's distinct words up front (about one per 16 bytes
    // of text): growing from empty rehashed the map seven times per story
    let bytes = title.len() + body.iter().map(|p| p.len()).sum::<usize>();
    // Keys and display forms borrow the story's text where they can (a
    // lower-case ASCII word is its own folded key): a new word cost two
    // `String`s, about 3,800 allocations per listing page.
    let mut acc: FxHashMap<Cow<'a, str>, Acc<'a>> =
        FxHashMap::with_capacity_and_hasher(bytes / 16 + actors.len(), Default::default());
    let mut order = 0usize;
    let mut buf = String::new();
    let mut add = |word: Cow<'a, str>,
                   caps_mid: bool,
                   weight: u32,
                   actor: bool,
                   acc: &mut FxHashMap<Cow<'a, str>, Acc<'a>>| {
        let owned;
        let ascii = word.is_ascii();
        let lower = ascii && !word.bytes().any(|b| b.is_ascii_uppercase());
        let folded: &str = if lower {
            &word
        } else if ascii {
            buf.clear();
            buf.push_str(&word);
            buf.make_ascii_lowercase();
            &buf
        } else {
            owned = word.to_lowercase();
            &owned
        };
        // an ASCII word's length is its char count; a non-ASCII byte is
        // no digit, so the byte test is the char test
        let short = if ascii {
            folded.len() < 3
        } else {
            folded.chars().count() < 3
        };
        if short || folded.bytes().all(|b| b.is_ascii_digit()) || is_stop(folded) {
            return;
        }
        order += 1;
        let update = |e: &mut Acc<'a>, word: Cow<'a, str>| {
            e.tf += weight;
            if caps_mid {
                e.caps_mid += 1;
                if !e.text.starts_with(char::is_uppercase) {
                    e.text = word;
                }
            }
            e.actor |= actor;
        };
        // one lookup for a repeated word, the key made only for a new one
        if let Some(e) = acc.get_mut(folded) {
            update(e, word);
        } else {
            let key = if lower {
                word.clone()
            } else {
                Cow::Owned(folded.to_string())
            };
            let e = acc.entry(key).or_insert(Acc {
                text: word.clone(),
                tf: 0,
                caps_mid: 0,
                first: order,
                actor,
            });
            update(e, word);
        }
    };
    let mut scan = |text: &'a str, weight: u32, acc: &mut FxHashMap<Cow<'a, str>, Acc<'a>>| {
        let mut sentence_start = true;
        for w in
            text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
        {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.is_empty() {
                continue;
            }
            let caps = w.starts_with(char::is_uppercase);
            add(
                Cow::Borrowed(w),
                caps && !sentence_start,
                weight,
                false,
                acc,
            );
            sentence_start = false;
        }
    };
    scan(title, 2, &mut acc);
    for p in body {
        // sentence starts are approximated per paragraph; a capitalised first word is not taken as a name
        for s in p.split_inclusive(['.', '!', '?', '"', '\u{201c}']) {
            scan(s, 1, &mut acc);
        }
    }
    for a in actors {
        let a = squashed(a);
        if !a.is_empty() {
            add(a, true, 2, true, &mut acc);
        }
    }
    let mut v: Vec<(Cow<'a, str>, Acc<'a>)> = acc.into_iter().collect();
    // a name: an actor's, or capitalised mid-sentence in at least half its uses
    let is_name = |a: &Acc| a.actor || a.caps_mid * 2 >= a.tf.max(1);
    let prior = |a: &Acc| (a.tf as f32) * if is_name(a) { 2.0 } else { 1.0 };
    // `first` is distinct per term, so this order is total: picking the top
    // few before sorting them gives the same list as sorting every word
    // (a story has hundreds) and truncating.
    let rank = |a: &(Cow<'a, str>, Acc<'a>), b: &(Cow<'a, str>, Acc<'a>)| {
        prior(&b.1)
            .total_cmp(&prior(&a.1))
            .then(a.1.first.cmp(&b.1.first))
    };
    if v.len() > MAX_CANDIDATES {
        v.select_nth_unstable_by(MAX_CANDIDATES - 1, rank);
        v.truncate(MAX_CANDIDATES);
    }
    v.sort_unstable_by(rank);
    v.into_iter()
        .map(|(folded, a)| TermCount {
            hash: term_hash(&folded),
            tf: a.tf.min(255) as u8,
            name: is_name(&a),
            text: a.text.into_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_lookup_is_the_list() {
        for w in STOP.iter().chain(&WEEKDAYS) {
            assert!(w.len() <= 10, "{w} is longer than is_stop's bound");
            assert!(is_stop(w), "{w}");
        }
        for w in ["tiktok", "", "thee", "zzz", "aaa", "beijing"] {
            assert_eq!(is_stop(w), STOP.contains(&w), "{w}");
        }
    }

    #[test]
    fn names_rank_first_and_stopwords_are_dropped() {
        let t = candidate_terms(
            "TikTok faces a ban",
            &["Senators said TikTok and ByteDance were a risk. The senators said the ban of TikTok was near."],
            &["Tom Cotton"],
        );
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts[0], "TikTok");
        assert!(texts.contains(&"Tom Cotton"));
        assert!(texts.contains(&"ByteDance"));
        assert!(!texts
            .iter()
            .any(|t| t.eq_ignore_ascii_case("said") || t.eq_ignore_ascii_case("the")));
        assert_eq!(t[0].hash, term_hash("tiktok"));
        assert!(t[0].name);
    }

    #[test]
    fn squashed_is_squash_ws() {
        for s in [
            "",
            " ",
            "Tom Cotton",
            " Tom",
            "Tom ",
            "Tom  Cotton",
            "Tom\nCotton",
            "a\u{a0}b",
            "x",
        ] {
            assert_eq!(squashed(s), crate::segment::squash_ws(s), "{s:?}");
            // borrowed exactly when already squashed (and not empty)
            assert_eq!(
                matches!(squashed(s), Cow::Borrowed(_)),
                !s.is_empty() && crate::segment::squash_ws(s) == s,
                "{s:?}"
            );
        }
    }

    #[test]
    fn empty_input_gives_no_terms() {
        assert!(candidate_terms("", &[], &[]).is_empty());
    }
}
