//! Cue spans: how far a cue reaches from its anchor word (which word
//! anchors is the learned detector's call, [`super::anchor`]). The span
//! takes the auxiliaries and adverbs in front of it (`has
//! also said`, PolNeAR's convention) and a recurring multi-word continuation
//! after it (`said in a statement`, `according to`, `pointed out`).

/// Nouns that complete a cue verb (`expressed concerns that …`).
const STANCE: &[&str] = &[
    "concern",
    "concerns",
    "doubt",
    "doubts",
    "hope",
    "hopes",
    "support",
    "opposition",
    "frustration",
    "confidence",
    "skepticism",
    "outrage",
    "alarm",
    "regret",
    "surprise",
    "fears",
    "optimism",
    "disappointment",
    "dismay",
];

/// Whether a lower-cased word joins a cue on its left: auxiliaries, negation (`haven't said`), degree words
/// (`almost universally expressed`) and the adverbs PolNeAR puts inside cues. A `match` rather than a list scan: it
/// runs for every token left of every cue candidate.
pub fn is_aux(key: &str) -> bool {
    matches!(
        key,
        "has"
            | "have"
            | "had"
            | "'s"
            | "'ve"
            | "also"
            | "later"
            | "was"
            | "were"
            | "is"
            | "are"
            | "be"
            | "been"
            | "initially"
            | "previously"
            | "repeatedly"
            | "recently"
            | "reportedly"
            | "once"
            | "now"
            | "again"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "did"
            | "does"
            | "do"
            | "not"
            | "never"
            | "already"
            | "publicly"
            | "privately"
            | "openly"
            | "even"
            | "often"
            | "frequently"
            | "first"
            | "further"
            | "then"
            | "still"
            | "just"
            | "originally"
            | "hasn't"
            | "haven't"
            | "hadn't"
            | "didn't"
            | "doesn't"
            | "don't"
            | "won't"
            | "wouldn't"
            | "can't"
            | "couldn't"
            | "isn't"
            | "wasn't"
            | "weren't"
            | "aren't"
            | "almost"
            | "long"
            | "ly"
    ) || (key.len() > 4 && key.ends_with("ly") && key.bytes().all(|b| b.is_ascii_lowercase()))
}

use super::Doc;
use crate::tag::sources::lexicon;
use std::ops::Range;

/// A word before a cue joins it at this learned rate (tuned on dev)...
pub const LEFT_RATE: f32 = 0.6;
/// ...and one after it at this rate, at most this many words.
pub const RIGHT_RATE: f32 = 0.6;
const RIGHT_STEPS: usize = 2;

/// The cue span around anchor `i` within sentence `s`: auxiliaries on the left, a learned multi-word continuation on the right.
pub(crate) fn extent(doc: &Doc, i: usize, s: Range<usize>) -> Range<usize> {
    let lx = lexicon::get();
    let mut start = i;
    // A capitalised word is a name, not an auxiliary (`Theresa May said`, `Will Hurd said`).
    while start > s.start && doc.quote_of(start - 1).is_none() && !doc.toks[start - 1].cap && {
        let k = doc.key(start - 1);
        is_aux(k) || lx.left_rate(k).is_some_and(|r| r >= LEFT_RATE)
    } {
        start -= 1;
    }
    let mut end = i + 1;
    // `expressed concerns`, `voiced doubts`: the stance noun belongs to the cue.
    if STANCE.contains(&doc.key(end)) && end < s.end {
        return start..end + 1;
    }
    for rest in lx.phrases(doc.key(i)) {
        let fits = rest.len() <= s.end.saturating_sub(i + 1)
            && rest
                .iter()
                .enumerate()
                .all(|(n, w)| doc.key(i + 1 + n) == &**w);
        if fits {
            end = i + 1 + rest.len();
            break;
        }
    }
    // A particle or colon PolNeAR takes into the cue (`warned against`, `spoke about`, `said:`).
    let mut steps = 0;
    while steps < RIGHT_STEPS
        && end < s.end
        && doc.quote_of(end).is_none()
        && lx
            .right_rate(doc.key(end - 1), doc.key(end))
            .is_some_and(|r| r >= RIGHT_RATE)
        && !super::phrase::is_time(doc.key(end + 1))
    {
        end += 1;
        steps += 1;
    }
    start..end
}
