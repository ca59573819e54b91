//! The learned content-end chooser: where a reported claim that follows its
//! cue stops.
//!
//! Why learned: the rules in [`super::content`] cut a content at the
//! sentence end or where the writer seems to resume (`, but …`, `and vowed
//! …`), and PolNeAR's annotators are less regular than that: `and refused to
//! drop the gun` is the source's, `, despite weeks of dipping poll numbers`
//! or `Friday afternoon` is not. Each place a content could end (before a
//! comma, a dash, a connector such as `and`/`while`/`amid`, a closing quote,
//! the sentence end, or where the rules ended it) is scored by a multiclass
//! averaged perceptron over hashed features of the words around the cut
//! (trained on PolNeAR train by `storyline train sources`), and the best one
//! wins. The rule's own end is a feature, so the model learns when to
//! overrule it rather than relearning the conventions from nothing. What a
//! content's cuts share (its first word, the cue's word, the word before
//! it) is hashed once per content, not once per cut; the asides still open
//! at a cut (an odd dash, an unclosed bracket), a finite verb just after it
//! (a new clause) and the distance to the sentence end are features too,
//! because the word-only features overfit (train 95 %, held-out 83 %).
//! Trade-off: only the end of a right-hand content is chosen; its start and
//! left-hand contents stay rule-built (their errors are rarer and mostly
//! come from a wrong cue).
//!
//! Model file (`model/sources_end.bin`): the cue model's format
//! ([`super::anchor::CueModel`]) under the magic `SLE1`.

use super::anchor::{class, mix, CueModel};
use super::lex::Kind;
use super::Doc;
use crate::tag::actors::hash::fnv;
use std::sync::OnceLock;

/// Changes whenever the features below change (the model header carries it).
pub const FEATURE_VERSION: u32 = 3;
pub const MAGIC: &[u8; 4] = b"SLE1";
/// How far past the content start the chooser looks for a cut, in tokens (keeps a call O(1)).
const SPAN: usize = 80;
/// Most candidate cuts scored per content.
const MAX_CANDS: usize = 24;

static MODEL_BYTES: &[u8] = include_bytes!("../../../model/sources_end.bin");

/// The committed model; None when it does not match this build's features (the rule's end then stands).
pub fn model() -> Option<&'static CueModel> {
    static M: OnceLock<Option<CueModel>> = OnceLock::new();
    M.get_or_init(|| CueModel::from_bytes_as(MODEL_BYTES, MAGIC, FEATURE_VERSION).ok())
        .as_ref()
}

/// Words after which a content often stops (the start of the writer's own continuation).
const CONNECTORS: &[&str] = &[
    "and",
    "but",
    "while",
    "as",
    "amid",
    "after",
    "because",
    "although",
    "though",
    "despite",
    "since",
    "when",
    "who",
    "which",
    "where",
    "including",
    "according",
    "before",
    "during",
    "in",
    "on",
    "at",
    "for",
    "with",
    "without",
    "to",
    "if",
    "unless",
    "until",
    "even",
    "instead",
    "than",
    "saying",
    "adding",
    "noting",
];

/// One content whose end was chosen: its candidate cuts (last token, inclusive) and their feature buckets.
pub struct Case {
    /// Byte offset where the content starts.
    pub start: usize,
    /// Byte offset where each candidate ends.
    pub ends: Vec<usize>,
    /// Index into `ends` of the rules' choice.
    pub rule: usize,
    pub feats: Vec<Vec<u32>>,
}

fn trimmed(doc: &Doc, e: usize) -> bool {
    doc.toks[e].kind == Kind::Punct && matches!(doc.key(e), "." | "," | ";" | ":")
}

/// The candidate last tokens of a content starting at `k` whose rule-built last token is `rule`, up to `hi`.
fn candidates(doc: &Doc, k: usize, rule: usize, hi: usize, out: &mut Vec<usize>) {
    out.clear();
    let hi = hi.min(k + SPAN).min(doc.toks.len().saturating_sub(1));
    for e in k..=hi {
        if out.len() >= MAX_CANDS {
            break;
        }
        if e == rule {
            out.push(e);
            continue;
        }
        if trimmed(doc, e) || (doc.toks[e].kind == Kind::Open) {
            continue;
        }
        let next = e + 1;
        let cut = next > hi
            || doc.toks.get(next).is_none_or(|t| {
                matches!(t.kind, Kind::Punct | Kind::Close)
                    || (t.is_word() && CONNECTORS.contains(&doc.key(next)))
            });
        if cut {
            out.push(e);
        }
    }
    if !out.contains(&rule) {
        out.push(rule);
    }
}

/// Bucketed count.
fn bucket(n: usize) -> u64 {
    match n {
        0..=3 => n as u64,
        4..=5 => 4,
        6..=8 => 5,
        9..=13 => 6,
        14..=20 => 7,
        21..=32 => 8,
        _ => 9,
    }
}

/// Commas, quote marks and dashes from the content start through a candidate cut, counted once along the ascending
/// candidates.
#[derive(Clone, Copy, Default)]
struct Tally {
    commas: usize,
    quotes: usize,
    /// Dashes and opening minus closing brackets: an odd count is an aside still open (`that Trump — even as … — has`).
    dashes: usize,
    parens: isize,
    /// First token not yet counted.
    next: usize,
}

impl Tally {
    fn through(mut self, doc: &Doc, e: usize) -> Tally {
        for m in self.next..=e {
            self.commas += usize::from(doc.key(m) == ",");
            self.quotes += usize::from(doc.toks[m].is_quote());
            match doc.key(m) {
                "—" | "–" | "--" | "―" => self.dashes += 1,
                "(" => self.parens += 1,
                ")" => self.parens -= 1,
                _ => {}
            }
        }
        self.next = self.next.max(e + 1);
        self
    }
}

/// What the features of one content share across its candidate cuts, computed once.
struct Cx {
    /// First token of the content.
    k: usize,
    /// The rules' last token.
    rule: usize,
    /// First token past the sentence (or the limit the rules were given).
    lim: usize,
    /// The token before the content (the cue's last word, a comma, `that`).
    opener: u64,
    /// The content's first word (`that`, `to`, a quote mark, a noun).
    first: u64,
    /// The cue's last word, before any adverbial the rules skipped.
    cue: u64,
}

fn hash_at(doc: &Doc, i: usize) -> u64 {
    if i >= doc.toks.len() {
        2
    } else {
        fnv(doc.key(i).as_bytes())
    }
}

/// Feature buckets of ending the content described by `cx` with token `e`.
fn features(doc: &Doc, cx: &Cx, e: usize, tally: Tally, out: &mut Vec<u32>) {
    let Cx {
        k,
        rule,
        lim,
        opener,
        first,
        cue,
    } = *cx;
    let h = |i: usize| hash_at(doc, i);
    let n1 = h(e + 1);
    let n2 = h(e + 2);
    let c1 = class(doc, e + 1);
    let c2 = class(doc, e + 2);
    let w0 = h(e);
    let c0 = class(doc, e);
    let is_rule = u64::from(e == rule);
    let before_rule = u64::from(e < rule);
    let len = bucket(e + 1 - k);
    let Tally {
        commas,
        quotes,
        dashes,
        parens,
        ..
    } = tally;
    let past = u64::from(e + 1 >= lim);
    let sent_end =
        u64::from(e + 1 >= lim || matches!(doc.key(e + 1), "." | "!" | "?") && e + 2 >= lim);
    let odd_quotes = u64::from(quotes % 2 == 1);
    let suf2 = {
        let k2 = doc.key(e + 2);
        fnv(k2
            .get(k2.len().saturating_sub(2)..)
            .unwrap_or("")
            .as_bytes())
    };
    // A new cue just after the cut: the writer's next attribution, not this content.
    let cue_next = u64::from(
        (e + 1..(e + 4).min(lim))
            .any(|m| doc.cue.get(m).is_some_and(|&c| c >= super::anchor::STRONG)),
    );
    // A finite verb soon after the cut: a new clause starts there (`, and attorneys released`).
    let clause_next = u64::from((e + 2..(e + 6).min(lim)).any(|m| {
        let key = doc.key(m);
        super::cues::is_aux(key)
            || (key.ends_with("ed") && doc.toks[m].is_word() && !doc.toks[m].cap)
    }));
    let aside = u64::from(dashes % 2 == 1) | (u64::from(parens > 0) << 1);
    let left = bucket(lim.saturating_sub(e + 1));
    let feats: [(u64, u64); 28] = [
        (0, is_rule),
        (1, mix(is_rule, before_rule)),
        (2, n1),
        (3, mix(n1, n2)),
        (4, mix(c1, c2)),
        (5, mix(w0, n1)),
        (6, mix(c0, c1)),
        (7, mix(is_rule, c1)),
        (8, mix(len, before_rule)),
        (9, mix(bucket(commas), c1)),
        (10, mix(past, sent_end)),
        (11, mix(odd_quotes, c1)),
        (12, mix(opener, n1)),
        (13, mix(n1, suf2)),
        (14, mix(is_rule, len)),
        (15, mix(opener, mix(before_rule, is_rule))),
        (16, mix(cue_next, c1)),
        (17, mix(n1, is_rule)),
        (18, mix(first, c1)),
        (19, mix(cue, mix(c1, before_rule))),
        (20, mix(clause_next, n1)),
        (21, mix(left, c1)),
        (22, mix(n1, len)),
        (23, mix(aside, c1)),
        (24, mix(first, len)),
        (25, mix(w0, c1)),
        (26, mix(h(e.wrapping_sub(1)), w0)),
        (
            27,
            mix(bucket(rule.saturating_sub(e)), mix(c1, before_rule)),
        ),
    ];
    for (t, v) in feats {
        out.push((mix(t.wrapping_add(0xe7), v) >> 32) as u32);
    }
}

/// Calls `f` with every candidate cut of the content starting at `k` (its
/// cue ending before `from`) and its features, in ascending order; the
/// chooser and the training log both walk the cuts this way.
fn each_cut(
    doc: &Doc,
    from: usize,
    k: usize,
    rule: usize,
    hi: usize,
    lim: usize,
    mut f: impl FnMut(usize, &[u32]),
) {
    let mut cands = Vec::with_capacity(MAX_CANDS + 1);
    candidates(doc, k, rule, hi, &mut cands);
    let cx = Cx {
        k,
        rule,
        lim,
        opener: k.checked_sub(1).map_or(1, |i| hash_at(doc, i)),
        first: hash_at(doc, k),
        cue: from.checked_sub(1).map_or(1, |i| hash_at(doc, i)),
    };
    let mut buf = Vec::with_capacity(28);
    let mut tally = Tally {
        next: k,
        ..Tally::default()
    };
    for &e in &cands {
        buf.clear();
        tally = tally.through(doc, e);
        features(doc, &cx, e, tally, &mut buf);
        f(e, &buf);
    }
}

/// Every candidate cut of a content with its features, for training.
pub(crate) fn case(
    doc: &Doc,
    from: usize,
    k: usize,
    rule: usize,
    hi: usize,
    lim: usize,
) -> Option<Case> {
    let start = doc.toks.get(k)?.start;
    let (mut feats, mut ends, mut rule_at) = (Vec::new(), Vec::new(), None);
    each_cut(doc, from, k, rule, hi, lim, |e, f| {
        if e == rule && rule_at.is_none() {
            rule_at = Some(ends.len());
        }
        feats.push(f.to_vec());
        ends.push(doc.toks[e].end);
    });
    Some(Case {
        start,
        rule: rule_at?,
        ends,
        feats,
    })
}

/// The last token of the content starting at `k`: the model's best cut, or `rule` without a model.
pub(super) fn choose(
    doc: &Doc,
    from: usize,
    k: usize,
    rule: usize,
    hi: usize,
    lim: usize,
) -> usize {
    if let Some(log) = &doc.end_log {
        if let Some(c) = case(doc, from, k, rule, hi, lim) {
            log.borrow_mut().push(c);
        }
    }
    let Some(m) = model() else {
        return rule;
    };
    let mut best = (f32::NEG_INFINITY, rule);
    each_cut(doc, from, k, rule, hi, lim, |e, f| {
        let s = m.score(f);
        if s > best.0 {
            best = (s, e);
        }
    });
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Page;
    use crate::Options;

    fn doc_of(text: &str) -> (Page, crate::segment::Segmentation) {
        let page = Page::from_plain_text(text);
        let seg = crate::segment::segment(&page, &Options::default());
        (page, seg)
    }

    #[test]
    fn committed_model_matches_this_build() {
        let m = model().expect("model/sources_end.bin must be retrained after a feature change");
        assert!(m.nonzero() > 500);
    }

    #[test]
    fn candidates_are_cuts_before_connectors_and_punctuation() {
        let (page, seg) =
            doc_of("Ann Lee said that the plan would fail, despite the money and the votes.\n");
        let doc = Doc::new(&page.text, &seg);
        let k = (0..doc.toks.len())
            .find(|&i| doc.key(i) == "that")
            .expect("that");
        let last = doc.toks.len() - 2; // before the final period
        let mut c = Vec::new();
        candidates(&doc, k, last, last, &mut c);
        let words: Vec<&str> = c.iter().map(|&e| doc.key(e)).collect();
        // `fail` (before the comma), `money` (before `and`), `votes` (the rules' end); never punctuation.
        assert_eq!(words, ["fail", "money", "votes"]);
        let e = choose(&doc, k, k, last, last, doc.toks.len());
        assert!(c.contains(&e));
    }

    #[test]
    fn chooser_cases_are_logged_only_when_asked() {
        let text = "Ann Lee said that the plan would fail, despite the money.\n";
        let (page, seg) = doc_of(text);
        let cases = crate::tag::sources::content_cases(&page.text, &seg);
        let c = cases.first().expect("one right-hand content");
        assert_eq!(&text[c.start..c.start + 4], "that");
        assert_eq!(c.ends.len(), c.feats.len());
        assert!(c
            .ends
            .iter()
            .all(|&e| e <= text.len() && text.is_char_boundary(e)));
        assert!(Doc::new(&page.text, &seg).end_log.is_none());
    }
}
