//! Source noun phrases, grown word by word from the cue outwards. Whether a
//! word belongs is read from the lexicon's learned rate (how often PolNeAR
//! train has it inside a source phrase versus just left of one): `the`,
//! `spokesperson`, `senators`, `unnamed` come in, `but`, `when`, `that`
//! stop. Unknown capitalised words are taken as names; an unknown
//! lower-case word is taken only between a determiner or possessive and the
//! head (`Japan's ruling party`). Appositives follow PolNeAR's convention: a
//! name's `, a former governor of …` belongs to the source.

use super::lex::Kind;
use super::Doc;
use std::ops::Range;

/// Longest phrase the scans consider, in tokens.
const MAX_NP: usize = 14;
/// Longest appositive, in tokens.
const MAX_APPOS: usize = 30;

pub const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "who", "it", "you"];

const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those",
    "some", "many", "several", "two", "three", "four", "both", "other", "another", "most", "all",
    "each", "one", "few", "no", "any", "more", "top",
];

/// Connectors allowed inside a name (`Secretary of State`, `Johnson & Johnson`).
const INNER: &[&str] = &["of", "and", "&", "for", "at", "de", "on", "by", "led", "in"];

/// Capitalised words that are dates, not names: weekday and month names, except "may" (also a
/// verb and a name: `Theresa May said`).
pub(super) fn is_time(key: &str) -> bool {
    use crate::calendar_words::{MONTHS, WEEKDAYS};
    WEEKDAYS.contains(&key) || (key != "may" && MONTHS.contains(&key))
}

/// Words never part of a source phrase whatever the counts say (date words: [`never`]).
const NEVER: &[&str] = &[
    "that",
    "which",
    "said",
    "says",
    "told",
    "if",
    "whether",
    "when",
    "while",
    "because",
    "but",
    "and",
    "or",
    "as",
    "than",
    "today",
    "yesterday",
    "tonight",
    "last",
    "earlier",
    "later",
    "in",
    "on",
    "at",
    "to",
    "with",
    "from",
    "after",
    "before",
    "during",
    "also",
    "not",
    "however",
];

/// Whether a word can never be part of a source phrase: [`NEVER`] and the date words.
fn never(key: &str) -> bool {
    NEVER.contains(&key) || is_time(key)
}

pub fn is_det(doc: &Doc, i: usize) -> bool {
    DETS.contains(&doc.key(i))
}

pub fn is_pronoun(doc: &Doc, i: usize) -> bool {
    PRONOUNS.contains(&doc.key(i))
}

fn possessive(doc: &Doc, i: usize) -> bool {
    let k = doc.key(i);
    k.ends_with("'s") || k.ends_with("s'")
}

/// Whether token `i` can be part of a source phrase on its own merits.
pub fn np_word(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.toks.get(i) else {
        return false;
    };
    if t.kind != Kind::Word {
        return doc.key(i) == "&";
    }
    let key = doc.key(i);
    if doc.quote_of(i).is_some() {
        return false;
    }
    // A capital inside a sentence marks a name, whatever the word (`Theresa May`, `USA Today`), dates aside.
    let initial = doc
        .sent_of
        .get(i)
        .and_then(|&n| doc.sents.get(n as usize))
        .is_some_and(|r| r.start == i);
    let cue_like = doc.lex[i].cue >= 3 && doc.lex[i].cue_rate() >= 0.3;
    if t.cap && !initial && !cue_like && !PRONOUNS.contains(&key) && !is_time(key) {
        return true;
    }
    if never(key) || cue_like {
        return false;
    }
    let w = doc.lex[i];
    if w.src_in + w.src_stop >= 3 {
        return w.src_rate() >= 0.5;
    }
    t.cap
}

/// Participles that, with a date after them, stay in a source phrase (`a poll released last week`).
const RELEASED: &[&str] = &["released", "published", "conducted", "issued", "taken"];

/// Words of a short date adverbial after [`RELEASED`] (`last week`, `in late August`, `on Friday`).
fn date_word(doc: &Doc, k: usize) -> bool {
    let key = doc.key(k);
    doc.toks.get(k).is_some_and(|t| t.is_word())
        && (is_time(key)
            || key.starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                key,
                "last"
                    | "this"
                    | "in"
                    | "on"
                    | "late"
                    | "early"
                    | "earlier"
                    | "week"
                    | "month"
                    | "year"
                    | "today"
                    | "yesterday"
                    | "weekend"
            ))
}

/// The number of date words (at most 4) starting at `from` that follow a [`RELEASED`] participle at `from - 1`.
fn dated_release(doc: &Doc, from: usize, limit: usize) -> usize {
    if !from
        .checked_sub(1)
        .is_some_and(|p| RELEASED.contains(&doc.key(p)))
    {
        return 0;
    }
    (from..limit.min(from + 4))
        .take_while(|&k| date_word(doc, k))
        .count()
}

/// The source phrase ending at token `j` (inclusive), not reaching left of `floor`.
pub fn left(doc: &Doc, j: usize, floor: usize) -> Option<Range<usize>> {
    if j < floor || j >= doc.toks.len() {
        return None;
    }
    // `A Quinnipiac poll released in late August found`: the phrase before the participle, the date kept.
    let mut k = j;
    while k > floor && j - k < 4 && date_word(doc, k) {
        k -= 1;
    }
    if k < j && k > floor && RELEASED.contains(&doc.key(k)) {
        if let Some(r) = left_core(doc, k - 1, floor) {
            return Some(r.start..j + 1);
        }
    }
    let r = left_core(doc, j, floor)?;
    Some(after_fronted(doc, r, floor))
}

/// `In a Bloomberg interview Trump declared`: a phrase right after a preposition is a fronted adverbial whose comma
/// was left out, and the source is the name that closes it (`Trump`), not the whole run.
fn after_fronted(doc: &Doc, r: Range<usize>, floor: usize) -> Range<usize> {
    let prep = r.start.checked_sub(1).filter(|&p| p >= floor);
    let fronted = prep.is_some_and(|p| {
        matches!(doc.key(p), "in" | "during" | "at" | "with" | "after") && doc.toks[p].is_word()
    });
    if !fronted || r.end - r.start < 2 {
        return r;
    }
    // The closing run of capitalised words (titles such as `Mrs.` are capitalised too).
    let mut n = r.end;
    while n > r.start && doc.toks[n - 1].is_word() && doc.toks[n - 1].cap {
        n -= 1;
    }
    let split = n > r.start && n < r.end && {
        let b = n - 1;
        let t = &doc.toks[b];
        t.is_word()
            && !t.cap
            && !is_det(doc, b)
            && !possessive(doc, b)
            && !INNER.contains(&doc.key(b))
            && !doc.key(b).starts_with(|c: char| c.is_ascii_digit())
    };
    if split {
        n..r.end
    } else {
        r
    }
}

/// Whether token `p` is a slash joining two words with no space (`Reuters/Ipsos`, `9/11`, `Times/CBS`).
fn slash_join(doc: &Doc, p: usize) -> bool {
    doc.key(p) == "/"
        && p > 0
        && match (doc.toks.get(p - 1), doc.toks.get(p), doc.toks.get(p + 1)) {
            (Some(a), Some(s), Some(b)) => {
                a.is_word() && b.is_word() && a.end == s.start && s.end == b.start
            }
            _ => false,
        }
}

fn left_core(doc: &Doc, j: usize, floor: usize) -> Option<Range<usize>> {
    if is_pronoun(doc, j) {
        return Some(j..j + 1);
    }
    // `Gov. Mike Pence (R-Ind.) said`: the name before the parenthesis, parenthesis included.
    if doc.key(j) == ")" {
        let o = (j.saturating_sub(8).max(floor)..j)
            .rev()
            .find(|&o| doc.key(o) == "(")?;
        let r = left(doc, o.checked_sub(1)?, floor)?;
        return Some(r.start..j + 1);
    }
    // An unknown lower-case head after a determiner or possessive (`the bank`, `my father`).
    let unknown_head = {
        let w = doc.lex[j];
        doc.toks[j].is_word()
            && !doc.toks[j].cap
            && w.src_in + w.src_stop < 3
            && w.cue_rate() < 0.3
            && !never(doc.key(j))
            && j > floor
            && (is_det(doc, j - 1) || possessive(doc, j - 1) || np_word(doc, j - 1))
    };
    if !np_word(doc, j) && !possessive(doc, j) && !unknown_head {
        return None;
    }
    let mut start = j;
    let mut k = j;
    while k > floor && j - k < MAX_NP {
        // A determiner starts the phrase, unless it follows `of`/`for` inside a longer name (`The Committee for a …`).
        if is_det(doc, start) && start != j {
            let inner = start >= floor + 2
                && matches!(
                    doc.key(start - 1),
                    "of" | "for" | "at" | "on" | "in" | "from"
                )
                && (np_word(doc, start - 2) || doc.toks[start - 2].cap);
            if !inner {
                if let Some(h) = head_before_place(doc, start, floor) {
                    start = h;
                }
                break;
            }
        }
        let p = k - 1;
        let key = doc.key(p);
        // A parenthesis inside a name (`Rep. Jim Jordan (R-Ohio)`): step over it.
        if key == ")" {
            let o = (p.saturating_sub(8).max(floor)..p)
                .rev()
                .find(|&o| doc.key(o) == "(");
            if let Some(o) = o.filter(|&o| o > floor && np_word(doc, o - 1)) {
                k = o;
                start = o;
                continue;
            }
            break;
        }
        // `senators led by A and B`: the participle and its agent stay in the phrase.
        if key == "by" && p > floor + 1 && doc.key(p - 1) == "led" && np_word(doc, p - 2) {
            k = p - 2;
            start = p - 2;
            continue;
        }
        if slash_join(doc, p) && p > floor + 1 {
            k = p - 1;
            start = p - 1;
            continue;
        }
        let number = key.starts_with(|c: char| c.is_ascii_digit()) && doc.toks[p].is_word();
        let take = if is_det(doc, p)
            || possessive(doc, p)
            || number
            || (doc.toks[p].cap && np_word(doc, p))
        {
            true
        } else if INNER.contains(&key) {
            // A connector only between two phrase words.
            p > floor && (np_word(doc, p - 1) || is_det(doc, p - 1)) && doc.toks[p].is_word()
        } else if np_word(doc, p) {
            true
        } else {
            // An unknown lower-case modifier right after a determiner or possessive.
            let w = doc.lex[p];
            doc.toks[p].is_word()
                && w.src_in + w.src_stop < 3
                && !never(key)
                && w.cue_rate() < 0.3
                && p > floor
                && (is_det(doc, p - 1)
                    || possessive(doc, p - 1)
                    || (doc.toks[p - 1].cap && np_word(doc, p - 1)))
        };
        if !take {
            if let Some(h) = head_before_place(doc, start, floor) {
                start = h;
            }
            break;
        }
        k = p;
        start = p;
    }
    // Never start on a connector; a capitalised particle opens a name (`De Blasio`).
    while start < j
        && INNER.contains(&doc.key(start))
        && !(doc.key(start) == "de" && doc.toks[start].cap)
    {
        start += 1;
    }
    // `Not everyone agrees`: the negation is part of the quantified source.
    if start > floor
        && doc.key(start - 1) == "not"
        && matches!(doc.key(start), "everyone" | "everybody" | "all" | "every")
    {
        start -= 1;
    }
    Some(start..j + 1)
}

/// `Local shop owners on the harbour side said`, `A chorus of prominent Republicans said`, `The Times and the
/// Gannett chain filed`: the phrase grown so far starts at `first`, just after a preposition or `and`; when a short
/// run of plain noun-phrase words opens the clause before that connector, the whole is the source. Returns that
/// run's start.
fn head_before_place(doc: &Doc, first: usize, floor: usize) -> Option<usize> {
    let prep = first.checked_sub(1)?;
    let head = prep.checked_sub(1)?;
    let conj = doc.key(prep) == "and";
    if head < floor || !(conj || matches!(doc.key(prep), "on" | "in" | "at" | "from" | "of")) {
        return None;
    }
    let plain = |k: usize| {
        let key = doc.key(k);
        let t = &doc.toks[k];
        let w = doc.lex[k];
        let verbish = !t.cap && (key.ends_with("ed") || key.ends_with("ing"));
        t.is_word()
            && doc.quote_of(k).is_none()
            && !never(key)
            && !PRONOUNS.contains(&key)
            && !super::cues::is_aux(key)
            && w.cue_rate() < 0.3
            && !verbish
            && (w.src_in + w.src_stop < 3 || w.src_rate() >= 0.3 || is_det(doc, k))
    };
    let key = doc.key(head);
    let nounish = np_word(doc, head)
        || doc.toks[head].cap
        || (key.len() > 3 && key.ends_with('s') && !key.ends_with("ss"));
    if !plain(head) || !(nounish || doc.key(prep) == "of") {
        return None;
    }
    let mut s = head;
    while s > floor && head - s < 4 && plain(s - 1) {
        s -= 1;
    }
    // The run must open its clause: the sentence start, or after punctuation.
    let opens = s == floor || !doc.toks[s - 1].is_word();
    opens.then_some(s)
}

/// The source phrase starting at token `i`, not reaching `limit` (exclusive).
pub fn right(doc: &Doc, i: usize, limit: usize) -> Option<Range<usize>> {
    if i >= limit || i >= doc.toks.len() {
        return None;
    }
    if is_pronoun(doc, i) && doc.key(i) != "who" {
        return Some(i..i + 1);
    }
    let unknown = |k: usize| {
        let w = doc.lex[k];
        doc.toks[k].is_word()
            && !doc.toks[k].cap
            && w.src_in + w.src_stop < 3
            && !never(doc.key(k))
            && w.cue_rate() < 0.3
    };
    // `unnamed sources`: an unknown modifier before a phrase word.
    let lead = unknown(i) && i + 1 < limit && np_word(doc, i + 1);
    if !(np_word(doc, i) || is_det(doc, i) || lead) {
        return None;
    }
    let mut end = i + 1;
    while end < limit && end - i < MAX_NP {
        let key = doc.key(end);
        // `Rep. G.K. Butterfield (D-N.C.)`: the parenthesis belongs to the name.
        if key == "(" {
            match (end + 1..limit.min(end + 8)).find(|&c| doc.key(c) == ")") {
                Some(c) => {
                    end = c + 1;
                    continue;
                }
                None => break,
            }
        }
        if slash_join(doc, end) && end + 2 < limit {
            end += 2;
            continue;
        }
        let number =
            doc.key(end).starts_with(|c: char| c.is_ascii_digit()) && doc.toks[end].is_word();
        let take = if np_word(doc, end)
            || possessive(doc, end)
            || (number && end + 1 < limit && np_word(doc, end + 1))
        {
            true
        } else if INNER.contains(&key) || is_det(doc, end) {
            end + 1 < limit && (np_word(doc, end + 1) || is_det(doc, end + 1))
        } else {
            // An unknown lower-case word before a known head (`unnamed sources`), or closing a name (`Sensor Tower estimate`).
            unknown(end)
                && ((end + 1 < limit && np_word(doc, end + 1))
                    || ((doc.toks[end - 1].cap || np_word(doc, end - 1))
                        && doc.toks.get(end + 1).is_none_or(|t| !t.is_word())))
        };
        if !take {
            break;
        }
        end += 1;
    }
    while end > i + 1 && (INNER.contains(&doc.key(end - 1)) || is_det(doc, end - 1)) {
        end -= 1;
    }
    // A determiner alone is no source.
    if end == i + 1 && is_det(doc, i) {
        return None;
    }
    // `a New York Times poll released last week`: the participle and its date belong to the phrase.
    let from = if RELEASED.contains(&doc.key(end)) {
        Some(end + 1)
    } else {
        (end > i + 1 && RELEASED.contains(&doc.key(end - 1))).then_some(end)
    };
    if let Some(from) = from.filter(|&f| f < limit) {
        let n = dated_release(doc, from, limit);
        let after = from + n;
        if n > 0
            && doc
                .toks
                .get(after)
                .is_none_or(|t| after >= limit || !t.is_word())
        {
            end = after;
        }
    }
    Some(i..end)
}

/// `X, a former governor of Y,` ending at the comma `c`: the name and its appositive (without the last comma).
pub fn left_appositive(doc: &Doc, c: usize, floor: usize) -> Option<Range<usize>> {
    if doc.key(c) != "," || c <= floor + 2 {
        return None;
    }
    let mut k = c - 1;
    let stop = c.saturating_sub(MAX_APPOS).max(floor);
    while k > stop && doc.key(k) != "," {
        let t = doc.toks.get(k)?;
        if t.is_quote() || matches!(doc.key(k), ";" | ":" | "." | "(" | ")") {
            return None;
        }
        k -= 1;
    }
    if doc.key(k) != "," || k == 0 || k + 1 >= c {
        return None;
    }
    let first = k + 1;
    // A comparison (`, like Obama,`) is an aside, not part of the name (a `, who …,` clause is, for PolNeAR).
    let aside = matches!(doc.key(first), "like" | "unlike" | "as");
    let appositive = !aside
        && (is_det(doc, first)
            || doc.toks[first].cap
            || np_word(doc, first)
            || doc.key(first).starts_with(|c: char| c.is_ascii_digit()));
    let head = left(doc, k - 1, floor)?;
    // The head or its appositive must be a name (`A lawyer for the outlets, David Schulz,`), and the head must start
    // its clause.
    if !(head.start..c).any(|h| doc.toks[h].is_word() && doc.toks[h].cap && !is_det(doc, h))
        || is_pronoun(doc, head.start)
    {
        return None;
    }
    if head.start > floor {
        let before = &doc.toks[head.start - 1];
        let ok = !before.is_word()
            || matches!(
                doc.key(head.start - 1),
                "and" | "but" | "that" | "as" | "while"
            );
        if !ok {
            return None;
        }
    }
    // `Jean-Marc Ayrault, the foreign minister of France, a permanent member of …, said` or `X, president of Y,
    // which represents …, said`: the head is itself the appositive of a name before it, and PolNeAR's source is
    // that name with its first appositive; the second one describes the head's own noun.
    if head.start > floor + 1 && doc.key(head.start - 1) == "," && !aside {
        let first_appos = is_det(doc, head.start) || np_word(doc, head.start);
        if let Some(name) = left(doc, head.start - 2, floor).filter(|n| {
            first_appos
                && (n.start..n.end).any(|h| doc.toks[h].cap && !is_det(doc, h))
                && !is_pronoun(doc, n.start)
                && (n.start == floor || !doc.toks[n.start - 1].is_word())
        }) {
            return Some(name.start..k + 1);
        }
    }
    // PolNeAR keeps the comma that closes an appositive; an aside (`, at a press gaggle,`) is not part of the source.
    Some(if appositive { head.start..c + 1 } else { head })
}

/// Extends a phrase ending before `end` through `, a …` to `limit` (exclusive), stopping at a quote or dash.
pub fn right_appositive(doc: &Doc, end: usize, limit: usize) -> usize {
    if end + 1 >= limit || doc.key(end) != "," {
        return end;
    }
    let n = end + 1;
    let participle = !doc.toks[n].cap && doc.key(n).ends_with("ing");
    if !doc.toks[n].is_word() || participle || super::frames::is_anchor(doc, n) {
        return end;
    }
    let mut e = n;
    while e < limit && e - end < MAX_APPOS {
        let t = &doc.toks[e];
        if t.is_quote() || matches!(doc.key(e), "—" | "–" | ";") {
            break;
        }
        // A relative clause with a cue of its own is another attribution, not part of the name.
        if super::frames::is_anchor(doc, e) {
            return end;
        }
        e += 1;
    }
    while e > n && matches!(doc.key(e - 1), "." | "," | ":" | "-") {
        e -= 1;
    }
    e
}
