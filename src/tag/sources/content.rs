//! Content extents, PolNeAR's conventions: quote marks included, final
//! period out, `that` in, adverbials between cue and content skipped, a
//! quote interrupted by its attribution taken whole (outer extent), and the
//! writer's own continuation (`, but …`, `and vowed …`) cut off. Every scan
//! stays inside its sentence or its quotation.

use super::cues;
use super::frames::is_weak_anchor;
use super::lex::Kind;
use super::Doc;
use std::ops::Range;

/// Words that, after a comma, open a clause outside the reported content (PolNeAR keeps a `, which …` clause
/// inside it).
const CLAUSE: &[&str] = &["but", "although", "whereas"];

/// Words that open an adverbial between a cue and its content (`said on Tuesday that`), besides
/// the weekday names.
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

fn is_adverbial(key: &str) -> bool {
    ADVERBIAL.contains(&key) || crate::calendar_words::WEEKDAYS.contains(&key)
}

/// `He said:` closing its sentence: the content is the next paragraph.
pub(super) fn next_paragraph(doc: &Doc, ce: usize, s: Range<usize>) -> Option<Range<usize>> {
    let colon = doc.key(ce.checked_sub(1)?) == ":" || doc.key(ce) == ":";
    if !colon || ce + 1 < s.end {
        return None;
    }
    let n = *doc.sent_of.get(s.end)? as usize;
    let m = doc.para_sents(n).end.checked_sub(1)?;
    let mut e = doc.sents.get(m)?.end.checked_sub(1)?;
    let first = doc.sents.get(n)?.start;
    while e > first && doc.toks[e].kind == Kind::Punct && doc.key(e) == "." {
        e -= 1;
    }
    doc.bytes(first, e)
}

/// What follows a cue whose source stands after a comma or a quote.
pub(super) enum After {
    /// Nothing, or only an adverbial (`on Tuesday`, `in a statement`): the content is on the left.
    Nothing,
    /// `, “…`: the interrupted quotation resumes at this token.
    Quote(usize),
    /// `, …`: the content resumes after the attribution at this token (outer extent).
    Interposed(usize),
    /// A content of its own (`that …`, a quote, a clause).
    Content,
}

pub(super) fn after_cue(doc: &Doc, from: usize, lim: usize) -> After {
    let mut words = 0;
    for k in from..lim {
        let t = &doc.toks[k];
        if doc.key(k) == "," {
            if k > from && words > 8 {
                return After::Content;
            }
            return match doc.toks.get(k + 1) {
                Some(n) if k + 1 < lim && n.kind == Kind::Open => After::Quote(k + 1),
                Some(n) if k + 1 < lim && n.is_word() => After::Interposed(k + 1),
                _ => After::Nothing,
            };
        }
        if t.kind == Kind::Open || doc.key(k) == "that" || doc.key(k) == ":" {
            return After::Content;
        }
        words += usize::from(t.is_word());
    }
    let adverbial = from < lim && is_adverbial(doc.key(from));
    let dated = from < lim && doc.toks[from].cap;
    if words == 0 || (words <= 8 && adverbial) || (words <= 2 && dated) {
        After::Nothing
    } else {
        After::Content
    }
}

/// Content after the cue, from token `from` to before `lim`: adverbials skipped, final period out, an open quote followed to its close.
pub(super) fn content_right(doc: &Doc, from: usize, lim: usize) -> Option<Range<usize>> {
    let mut k = from;
    if k < lim && is_adverbial(doc.key(k)) {
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
    // A quote that opens the content is the content (`said, “…” and left`).
    if let Some(q) = doc
        .quote_of(k)
        .filter(|q| q.open == k && q.closed && q.close + 1 < e)
    {
        if doc.toks.get(q.close + 1).is_some_and(|t| t.is_word()) {
            return doc.bytes(k, q.close);
        }
    }
    // A clause joined by `, but` / `, which` / `; …` / `and vowed …` is the writer's, not the source's.
    if let Some(c) = (k + 1..e).find(|&m| doc.quote_of(m).is_none() && writer_resumes(doc, m)) {
        e = c - 1;
    }
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
    let e = super::ends::choose(doc, from, k, e, (lim - 1).max(e), lim);
    doc.bytes(k, e)
}

/// Whether token `m` (outside quotes) starts a stretch that the writer, not the source, says.
pub(super) fn writer_resumes(doc: &Doc, m: usize) -> bool {
    let next = doc.key(m + 1);
    let verb = |k: usize| {
        let key = doc.key(k);
        let t = doc.toks.get(k).is_some_and(|t| t.is_word() && !t.cap);
        t && (cues::is_aux(key) || is_weak_anchor(doc, k) || key.ends_with("ed"))
    };
    match doc.key(m) {
        ";" | "—" | "―" | "–" => true,
        "," => {
            CLAUSE.contains(&next)
                || matches!(next, "and" | "he" | "she" | "they" | "we")
                || (next.ends_with("ing")
                    && doc.toks.get(m + 1).is_some_and(|t| t.is_word() && !t.cap))
        }
        "and" | "but" => verb(m + 1),
        _ => false,
    }
}

/// Content before the attribution, ending at boundary token `p` (a comma or a closing quote).
pub(super) fn content_left(doc: &Doc, p: usize, a: usize) -> Option<Range<usize>> {
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

/// A quote interrupted by its attribution (`“…,” she said. “…”`) is one content (PolNeAR joins the parts in four cases
/// of five): extend through the quote at `resume` (`…,” he said, “…`), else through a quote that opens the paragraph's
/// next sentence.
pub(super) fn continued(
    doc: &Doc,
    c: Range<usize>,
    s: Range<usize>,
    resume: Option<usize>,
) -> Range<usize> {
    if !doc
        .text
        .get(..c.end)
        .is_some_and(|t| t.ends_with(['”', '"', '\'']))
    {
        return c;
    }
    let open = |k: usize| doc.toks.get(k).is_some_and(|t| t.kind == Kind::Open);
    let cand = resume.filter(|&k| open(k)).or_else(|| {
        let n = doc.sent_of.get(s.end).map(|&n| n as usize);
        let m = doc.sent_of.get(s.start).map(|&m| m as usize);
        let same = n
            .zip(m)
            .is_some_and(|(n, m)| doc.sent_para.get(n) == doc.sent_para.get(m));
        (same && open(s.end)).then_some(s.end)
    });
    match cand.and_then(|k| doc.quote_of(k)) {
        Some(q) if q.closed => {
            let end = doc.toks[q.close].end;
            c.start..end.max(c.end)
        }
        _ => c,
    }
}
