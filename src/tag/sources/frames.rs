//! Attribution frames: given a cue, where are its source and its content.
//! Checked in order, first fit wins:
//! `according to X` (content on the other side of the comma), `citing Y`
//! (shares the content of the report it follows), a source on the left
//! (`X said that …` or, after a comma or a closing quote, `“…,” X said`), a
//! source on the right (`“…,” said X, a …`), a participle after a comma
//! (`…, adding that …`: the sentence's source), and colon lines (`TRUMP: …`).
//! Content follows PolNeAR's extents: quote marks included, final period
//! out, `that` in, a quote interrupted by its attribution taken whole.

use super::anchor;
use super::content::{after_cue, content_left, content_right, continued, next_paragraph, After};
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

pub fn find(doc: &Doc) -> Vec<Frame> {
    let mut out = Vec::new();
    for (n, s) in doc.sents.iter().enumerate() {
        colon_line(doc, n, &mut out);
        dash_signature(doc, s.clone(), &mut out);
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
    if cues::is_aux(key) {
        return false;
    }
    let w = doc.lex[i];
    doc.cue.get(i).is_some_and(|&c| c >= anchor::STRONG)
        || (w.cue >= anchor::BACKSTOP_COUNT && w.cue_rate() >= anchor::BACKSTOP_RATE)
}

/// A rarer cue word (`believes`, `found`, `wants`) that anchors only before an explicit content opener.
pub(super) fn is_weak_anchor(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.toks.get(i) else {
        return false;
    };
    t.is_word() && doc.quote_of(i).is_none() && doc.cue.get(i).is_some_and(|&c| c >= anchor::WEAK)
}

fn frame_at(doc: &Doc, i: usize, s: Range<usize>, prev: Option<&Frame>) -> Option<Frame> {
    if !is_anchor(doc, i) {
        return weak_frame(doc, i, s);
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
    // `… was first reported by The Washington Post`: the subject is the content.
    if doc.key(ce) == "by"
        && cs > a
        && (cs..i).any(|k| matches!(doc.key(k), "was" | "were" | "is" | "are" | "been" | "be"))
    {
        if let Some(src) = phrase::right(doc, ce + 1, b) {
            let content = doc.bytes(a, cs - 1);
            return Some(Frame {
                source: Some(src),
                cue,
                content,
                told: None,
            })
            .filter(|f| f.content.is_some());
        }
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
    // A quotation closing the previous sentence of the paragraph.
    let prev_quote = a
        .checked_sub(1)
        .filter(|&p| doc.toks[p].kind == Kind::Close)
        .and_then(|p| doc.quote_of(p))
        .filter(|q| q.closed);
    // Source on the left.
    if cs > a {
        let j = cs - 1;
        let src = if matches!(doc.key(j), "who" | "which") {
            Some(j..j + 1)
        } else if matches!(doc.key(j), "and" | "but") {
            // `X did this and said …`: the sentence's subject.
            prev.and_then(|p| p.source.clone())
                .or_else(|| phrase::right(doc, a, j))
        } else if doc.key(j) == "," {
            phrase::left_appositive(doc, j, a)
        } else {
            phrase::left(doc, j, a)
        };
        if let Some(src) = src {
            let (told, from) = told_after(doc, key, ce, b);
            let lim = limit(doc, from, b);
            // The content may end just before the source, or close the previous sentence (`“…?” Graham asked.`).
            let (boundary, floor) = match src.start.checked_sub(1).filter(|&p| p >= a) {
                Some(p) => (Some(p), a),
                None => (
                    prev_quote.map(|q| q.close),
                    prev_quote.map_or(a, |q| q.open),
                ),
            };
            let left_ok = boundary.is_some_and(|p| {
                (doc.key(p) == "," || doc.toks[p].kind == Kind::Close)
                    && p >= floor + 2
                    && doc.key(src.start) != "who"
            });
            if left_ok {
                let p = boundary?;
                let left = content_left(doc, p, floor);
                // `As a phone rang, the announcer said, “…”`: a fronted clause is scene, not content.
                let fronted = floor == a && fronted_clause(doc, a);
                let quoted = left.as_ref().is_some_and(|c| {
                    doc.text
                        .get(..c.end)
                        .is_some_and(|t| t.ends_with(['”', '"', '\'']))
                });
                let content = match after_cue(doc, from, lim) {
                    After::Nothing => left.map(|c| continued(doc, c, s.clone(), None)),
                    After::Quote(k) if quoted => {
                        left.map(|c| continued(doc, c, s.clone(), Some(k)))
                    }
                    After::Quote(_) => None,
                    After::Interposed(_) if fronted => None,
                    After::Interposed(k) => {
                        let right = content_right(doc, k, lim);
                        left.zip(right).map(|(l, r)| l.start..r.end)
                    }
                    After::Content => None,
                };
                if content.is_some() {
                    return Some(Frame {
                        source: Some(src),
                        cue,
                        content,
                        told,
                    });
                }
            }
            // `…, local media The Times reported Tuesday.`: only an adverbial follows, so the content is the clause
            // before the last comma.
            if matches!(after_cue(doc, from, lim), After::Nothing)
                && next_paragraph(doc, ce, s.clone()).is_none()
            {
                if let Some(c) = (a + 1..src.start).rev().find(|&m| doc.key(m) == ",") {
                    if let Some(left) = content_left(doc, c, a) {
                        return Some(Frame {
                            source: Some(src),
                            cue,
                            content: Some(left),
                            told,
                        });
                    }
                }
            }
            let content =
                content_right(doc, from, lim).or_else(|| next_paragraph(doc, ce, s.clone()))?;
            return Some(Frame {
                source: Some(src),
                cue,
                content: Some(content),
                told,
            });
        }
    }
    // Source on the right: `“…,” said X` / `…, said X, a …`.
    // A participle after a comma (`…, saying it …`) is no inverted cue: its source is the sentence's.
    let participle = key.ends_with("ing") && cs > a && doc.key(cs - 1) == ",";
    let after_quote =
        !participle && cs > a && (doc.key(cs - 1) == "," || doc.toks[cs - 1].kind == Kind::Close);
    if after_quote || (cs == a && prev_quote.is_some()) {
        // After a plain comma, an inverted source is a bare cue word with a phrase that ends its clause (`…, said
        // X.`, `…, said X, a …`); `…, likened the rules to …` or `…, have endorsed Y` has its object there.
        let comma = doc.key(cs - 1) == "," && cs > a;
        let bare = cs == i;
        if let Some(src) = phrase::right(doc, ce, b)
            .filter(|r| !doc.toks[r.start].is_word() || doc.key(r.start) != "who")
            .filter(|r| {
                !comma
                    || (bare
                        && doc
                            .toks
                            .get(r.end)
                            .is_none_or(|t| r.end >= s.end || !t.is_word()))
            })
        {
            let end = phrase::right_appositive(doc, src.end, b);
            let floor = if cs == a {
                prev_quote.map_or(a, |q| q.open)
            } else {
                a
            };
            let left = cs.checked_sub(1).and_then(|p| content_left(doc, p, floor));
            let content = match after_cue(doc, end, b) {
                After::Quote(k) => left.map(|c| continued(doc, c, s.clone(), Some(k))),
                After::Interposed(k) => left
                    .zip(content_right(doc, k, b))
                    .map(|(l, r)| l.start..r.end),
                _ => left.map(|c| continued(doc, c, s.clone(), None)),
            }?;
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
    // No source the rules can place (a long subject, a relative clause): the cue and its content still stand.
    let (told, from) = told_after(doc, key, ce, b);
    let content = content_right(doc, from, limit(doc, from, b))?;
    Some(Frame {
        source: None,
        cue,
        content: Some(content),
        told,
    })
}

/// `X believes that …`, `polls show “…`: a weak cue with a source on its left and an explicit opener on its right.
fn weak_frame(doc: &Doc, i: usize, s: Range<usize>) -> Option<Frame> {
    if !is_weak_anchor(doc, i) {
        return None;
    }
    let cue = cues::extent(doc, i, s.clone());
    let next = cue.end;
    let opener = matches!(doc.key(next), "that" | ":")
        || doc.toks.get(next).is_some_and(|t| t.kind == Kind::Open);
    if !opener || cue.start <= s.start {
        return None;
    }
    let src = phrase::left(doc, cue.start - 1, s.start)?;
    let b = s.end.min(cue.start + WINDOW);
    let content = content_right(doc, next, limit(doc, next, b))?;
    Some(Frame {
        source: Some(src),
        cue,
        content: Some(content),
        told: None,
    })
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

/// Words that open a fronted adverbial clause (`As …,`, `Through a spokesman,`, `Campaigning in Ohio,`).
const FRONTED: &[&str] = &[
    "as",
    "through",
    "in",
    "after",
    "when",
    "while",
    "since",
    "if",
    "because",
    "although",
    "for",
    "with",
    "during",
    "despite",
    "like",
    "unlike",
    "at",
    "on",
    "before",
    "asked",
    "speaking",
    "once",
    "following",
    "amid",
    "without",
    "by",
];

fn fronted_clause(doc: &Doc, a: usize) -> bool {
    let key = doc.key(a);
    FRONTED.contains(&key) || (key.ends_with("ing") && doc.toks.get(a).is_some_and(|t| t.is_word()))
}

/// `“…” ― Ana Ruiz`: a quotation signed with a dash and a name.
fn dash_signature(doc: &Doc, s: Range<usize>, out: &mut Vec<Frame>) {
    for d in s.clone() {
        if !matches!(doc.key(d), "―" | "—" | "–") || d == 0 || doc.toks[d - 1].kind != Kind::Close
        {
            continue;
        }
        // A quotation the pairing missed (opened with a `”`, or holding a quote of its own): the paragraph's
        // opening quote mark starts it.
        let q = doc.quote_of(d - 1).map(|q| q.open).or_else(|| {
            let n = *doc.sent_of.get(d)? as usize;
            let p0 = doc.sents.get(doc.para_sents(n).start)?.start;
            (doc.toks[p0].is_quote() && p0 + 1 < d).then_some(p0)
        });
        let Some(q) = q else {
            continue;
        };
        let mut e = d + 1;
        while e < s.end && e < d + 7 && doc.toks[e].is_word() && doc.toks[e].cap {
            e += 1;
        }
        if e > d + 1 && (e >= s.end || !doc.toks[e].is_word()) {
            if let Some(content) = doc.bytes(q, d - 1) {
                out.push(Frame {
                    source: Some(d + 1..e),
                    cue: d..d + 1,
                    content: Some(content),
                    told: None,
                });
            }
        }
    }
}

/// Page labels that end in a colon but speak for no one.
const NOT_SPEAKERS: &[&str] = &[
    "related",
    "trending",
    "update",
    "updated",
    "watch",
    "read",
    "see",
    "note",
    "correction",
    "photo",
    "video",
    "also",
    "more",
    "latest",
    "breaking",
    "exclusive",
    "opinion",
    "analysis",
    "advertisement",
    "tags",
    "topics",
    "share",
    "story",
    "editor's",
    "source",
    "sources",
    "listen",
    "recommended",
    "popular",
    "follow",
    "subscribe",
    "featured",
];

/// `TRUMP: …` or `Poll: …` opening a paragraph: a short capitalised name, a colon, the rest of the paragraph.
fn colon_line(doc: &Doc, n: usize, out: &mut Vec<Frame>) {
    let Some(s) = doc.sents.get(n) else { return };
    if n > 0 && doc.sent_para.get(n - 1) == doc.sent_para.get(n) {
        return;
    }
    // A transcript line may open with a quote mark (`"WALLACE: …`): the speaker follows it.
    let quoted = doc.toks[s.start].kind == Kind::Open;
    let first = s.start + usize::from(quoted);
    let Some(c) = (first..s.end.min(first + 5)).find(|&k| doc.key(k) == ":") else {
        return;
    };
    if c == first
        || c + 1 >= s.end
        || !(first..c).all(|k| doc.toks[k].is_word() && doc.toks[k].cap)
        || (first..c).any(|k| NOT_SPEAKERS.contains(&doc.key(k)))
        || (quoted
            && !(first..c).all(|k| {
                !doc.text[doc.toks[k].range()]
                    .chars()
                    .any(char::is_lowercase)
            }))
    {
        return;
    }
    // The paragraph's last token.
    let m = doc.para_sents(n).end - 1;
    let mut e = doc.sents[m].end - 1;
    while e > c + 1
        && ((doc.toks[e].kind == Kind::Punct && doc.key(e) == ".")
            || (quoted && doc.toks[e].kind == Kind::Close))
    {
        e -= 1;
    }
    if let Some(content) = doc.bytes(c + 1, e) {
        out.push(Frame {
            source: Some(first..c),
            cue: c..c + 1,
            content: Some(content),
            told: None,
        });
    }
}
