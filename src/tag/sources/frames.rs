//! Attribution frames: given a cue, where are its source and its content.
//! Checked in order, first fit wins:
//! `according to X` (content on the other side of the comma), `citing Y`
//! (shares the content of the report it follows), a source on the left
//! (`X said that …` or, after a comma or a closing quote, `“…,” X said`), a
//! source on the right (`“…,” said X, a …`), a participle after a comma
//! (`…, adding that …`: the sentence's source), and colon lines (`TRUMP: …`).
//! Content follows PolNeAR's extents: quote marks included, final period
//! out, `that` in, a quote interrupted by its attribution taken whole.

use super::cues;
use super::lex::Kind;
use super::phrase;
use super::Doc;
use std::ops::Range;

/// One attribution: token ranges for source, cue and told; bytes for content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub source: Option<Range<usize>>,
    pub cue: Range<usize>,
    pub content: Option<Range<usize>>,
    pub told: Option<Range<usize>>,
}

/// How far a rule looks along a sentence, in tokens (keeps the pass linear).
const WINDOW: usize = 120;

const TOLD: &[&str] = &["told", "tell", "tells", "telling"];

/// Words that open an adverbial between a cue and its content (`said on Tuesday that`).
const ADVERBIAL: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "last",
    "this",
    "earlier",
    "late",
    "early",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "recently",
    "later",
    "after",
    "before",
    "to",
    "of",
    "about",
    "with",
    "via",
    "through",
    "over",
    "publicly",
    "privately",
    "repeatedly",
    "again",
    "then",
    "previously",
];

pub fn find(doc: &Doc) -> Vec<Frame> {
    let mut out = Vec::new();
    for (n, s) in doc.sents.iter().enumerate() {
        colon_line(doc, n, &mut out);
        let first_in_sentence = out.len();
        let mut i = s.start;
        while i < s.end {
            let prev = out.get(first_in_sentence..).and_then(|f| f.last()).cloned();
            match frame_at(doc, i, s.clone(), prev.as_ref()) {
                Some(f) => {
                    i = f.cue.end.max(i + 1);
                    out.push(f);
                }
                None => i += 1,
            }
        }
    }
    out
}

/// Whether token `i` can anchor a cue.
pub fn is_anchor(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.toks.get(i) else {
        return false;
    };
    if !t.is_word() || doc.quote_of(i).is_some() {
        return false;
    }
    let key = doc.key(i);
    if key == "according" {
        return doc.key(i + 1) == "to";
    }
    let w = doc.lex[i];
    w.cue >= cues::MIN_COUNT && w.cue_rate() >= cues::MIN_RATE
}

fn frame_at(doc: &Doc, i: usize, s: Range<usize>, prev: Option<&Frame>) -> Option<Frame> {
    if !is_anchor(doc, i) {
        return None;
    }
    let cue = cues::extent(doc, i, s.clone());
    let (cs, ce) = (cue.start, cue.end);
    let a = s.start;
    let b = s.end.min(cs + WINDOW);
    let key = doc.key(i);

    if key == "according" {
        let src = phrase::right(doc, ce, b)?;
        let content = if cs == a || doc.toks[cs - 1].kind == Kind::Open {
            let from = if doc.key(src.end) == "," {
                src.end + 1
            } else {
                src.end
            };
            content_right(doc, from, limit(doc, from, b))
        } else {
            let left = content_left(doc, cs - 1, a);
            left.or_else(|| content_right(doc, src.end + 1, limit(doc, src.end, b)))
        };
        return Some(Frame {
            source: Some(src),
            cue,
            content: Some(content?),
            told: None,
        });
    }
    if key == "citing" {
        let src = phrase::right(doc, ce, b)?;
        let content = prev
            .and_then(|p| p.content.clone())
            .or_else(|| content_left(doc, cs.checked_sub(1)?, a))?;
        return Some(Frame {
            source: Some(src),
            cue,
            content: Some(content),
            told: None,
        });
    }
    // Source on the left.
    if cs > a {
        let j = cs - 1;
        let src = if doc.key(j) == "who" {
            Some(j..j + 1)
        } else if doc.key(j) == "," {
            phrase::left_appositive(doc, j, a)
        } else {
            phrase::left(doc, j, a)
        };
        if let Some(src) = src {
            let (told, from) = told_after(doc, key, ce, b);
            let lim = limit(doc, from, b);
            let boundary = src.start.checked_sub(1).filter(|&p| p >= a);
            let left_ok = boundary.is_some_and(|p| {
                (doc.key(p) == "," || doc.toks[p].kind == Kind::Close)
                    && p >= a + 2
                    && doc.key(src.start) != "who"
            });
            if left_ok && trivial(doc, from, lim) {
                let p = boundary?;
                let content = content_left(doc, p, a).map(|c| continued(doc, c, s.clone(), from));
                return Some(Frame {
                    source: Some(src),
                    cue,
                    content,
                    told,
                })
                .filter(|f| f.content.is_some());
            }
            let content = content_right(doc, from, lim)?;
            return Some(Frame {
                source: Some(src),
                cue,
                content: Some(content),
                told,
            });
        }
    }
    // Source on the right: `“…,” said X` / `…, said X, a …`.
    if cs > a && (doc.key(cs - 1) == "," || doc.toks[cs - 1].kind == Kind::Close) {
        if let Some(src) = phrase::right(doc, ce, b)
            .filter(|r| !doc.toks[r.start].is_word() || doc.key(r.start) != "who")
        {
            let end = phrase::right_appositive(doc, src.end, b);
            let content =
                content_left(doc, cs - 1, a).map(|c| continued(doc, c, s.clone(), end))?;
            return Some(Frame {
                source: Some(src.start..end),
                cue,
                content: Some(content),
                told: None,
            });
        }
    }
    // A participle after a comma: the sentence's source speaks again.
    if cs > a && doc.key(cs - 1) == "," && key.ends_with("ing") {
        let src = prev
            .and_then(|p| p.source.clone())
            .or_else(|| phrase::right(doc, a, cs));
        let (told, from) = told_after(doc, key, ce, b);
        let content = content_right(doc, from, limit(doc, from, b))?;
        return Some(Frame {
            source: src,
            cue,
            content: Some(content),
            told,
        });
    }
    None
}

/// `told Y`: the one told, and where the content may start.
fn told_after(doc: &Doc, key: &str, ce: usize, b: usize) -> (Option<Range<usize>>, usize) {
    if TOLD.contains(&key) && doc.key(ce) != "that" {
        if let Some(r) = phrase::right(doc, ce, b) {
            let e = r.end;
            return (Some(r), e);
        }
    }
    (None, ce)
}

/// The end of the content that starts at `from`: the sentence end, or a comma before a participial cue (`, adding`).
fn limit(doc: &Doc, from: usize, b: usize) -> usize {
    let mut k = from;
    while k + 1 < b {
        if doc.key(k) == "," && doc.key(k + 1).ends_with("ing") && is_anchor(doc, k + 1) {
            return k;
        }
        k += 1;
    }
    b
}

/// Nothing but an adverbial after the cue: the content is on the left.
fn trivial(doc: &Doc, from: usize, lim: usize) -> bool {
    if from >= lim {
        return true;
    }
    let mut words = 0;
    for k in from..lim {
        let t = &doc.toks[k];
        if t.kind == Kind::Open || doc.key(k) == "that" || doc.key(k) == ":" {
            return false;
        }
        words += usize::from(t.is_word());
    }
    words <= 8 && (ADVERBIAL.contains(&doc.key(from)) || !doc.toks[from].is_word() || words <= 2)
}

/// Content after the cue, from token `from` to before `lim`: adverbials skipped, final period out, an open quote followed to its close.
fn content_right(doc: &Doc, from: usize, lim: usize) -> Option<Range<usize>> {
    let mut k = from;
    if k < lim && ADVERBIAL.contains(&doc.key(k)) {
        let stop = lim.min(k + 16);
        if let Some(m) = (k..stop)
            .find(|&m| matches!(doc.key(m), "that" | "," | ":") || doc.toks[m].kind == Kind::Open)
        {
            k = m;
        }
    }
    while k < lim && matches!(doc.key(k), "," | ":" | "—" | "-") {
        k += 1;
    }
    if k >= lim {
        return None;
    }
    let mut e = lim - 1;
    // A quote that opens inside runs to its close, even past the sentence.
    if let Some(q) = (k..=e)
        .rev()
        .find_map(|m| doc.quote_of(m).filter(|q| q.open >= k && q.close > e))
    {
        e = q.close;
    }
    while e > k && doc.toks[e].kind == Kind::Punct && matches!(doc.key(e), "." | "," | ";" | ":") {
        e -= 1;
    }
    doc.bytes(k, e)
}

/// Content before the attribution, ending at boundary token `p` (a comma or a closing quote).
fn content_left(doc: &Doc, p: usize, a: usize) -> Option<Range<usize>> {
    let mut e = p;
    if doc.key(e) == "," && e > a && doc.toks[e - 1].kind == Kind::Close {
        e -= 1;
    } else if doc.key(e) == "," {
        e = e.checked_sub(1)?;
    }
    if e < a {
        return None;
    }
    let start = match doc.quote_of(e) {
        Some(q) if doc.toks[e].kind == Kind::Close => q.open,
        _ => {
            let mut s = a;
            while s < e && doc.toks[s].kind == Kind::Punct {
                s += 1;
            }
            s
        }
    };
    if start >= e && doc.toks[e].kind != Kind::Word {
        return None;
    }
    doc.bytes(start, e)
}

/// A quote interrupted by its attribution (`“…,” she said. “…”`) is one content: extend through the quote that follows
/// the frame, whose last token is before `after`.
fn continued(doc: &Doc, c: Range<usize>, s: Range<usize>, after: usize) -> Range<usize> {
    if !doc
        .text
        .get(..c.end)
        .is_some_and(|t| t.ends_with(['”', '"', '\'']))
    {
        return c;
    }
    let open = |k: usize| doc.toks.get(k).is_some_and(|t| t.kind == Kind::Open);
    // In the sentence: `…,” he said, “…`; else the paragraph's next sentence opening with a quote.
    let cand = if doc.key(after) == "," && open(after + 1) {
        Some(after + 1)
    } else if s.end.saturating_sub(after) <= 6
        && (after..s.end).all(|k| !doc.toks[k].is_quote())
        && open(s.end)
    {
        let n = doc.sent_of.get(s.end).map(|&n| n as usize);
        let m = doc.sent_of.get(s.start).map(|&m| m as usize);
        let same = n
            .zip(m)
            .is_some_and(|(n, m)| doc.sent_para.get(n) == doc.sent_para.get(m));
        same.then_some(s.end)
    } else {
        None
    };
    match cand.and_then(|k| doc.quote_of(k)) {
        Some(q) if q.closed => {
            let end = doc.toks[q.close].end;
            c.start..end.max(c.end)
        }
        _ => c,
    }
}

/// `TRUMP: …` or `Poll: …` opening a paragraph: a short capitalised name, a colon, the rest of the paragraph.
fn colon_line(doc: &Doc, n: usize, out: &mut Vec<Frame>) {
    let Some(s) = doc.sents.get(n) else { return };
    if n > 0 && doc.sent_para.get(n - 1) == doc.sent_para.get(n) {
        return;
    }
    let Some(c) = (s.start..s.end.min(s.start + 5)).find(|&k| doc.key(k) == ":") else {
        return;
    };
    if c == s.start
        || c + 1 >= s.end
        || !(s.start..c).all(|k| doc.toks[k].is_word() && doc.toks[k].cap)
    {
        return;
    }
    // The paragraph's last token.
    let mut m = n;
    while doc.sent_para.get(m + 1) == doc.sent_para.get(n) && m + 1 < doc.sents.len() {
        m += 1;
    }
    let mut e = doc.sents[m].end - 1;
    while e > c + 1 && doc.toks[e].kind == Kind::Punct && doc.key(e) == "." {
        e -= 1;
    }
    if let Some(content) = doc.bytes(c + 1, e) {
        out.push(Frame {
            source: Some(s.start..c),
            cue: c..c + 1,
            content: Some(content),
            told: None,
        });
    }
}
