//! Date tagger: finds time expressions and resolves them to TIMEX3 values
//! against each story's own publication date.
//!
//! Pipeline per sentence: [`scan`] tokens → [`patterns`] (a hand-written
//! longest-match grammar over word classes from [`lexicon`]) → [`tense`]
//! reading around each hit → [`resolve`] (calendar arithmetic through chrono,
//! with the story's anchor and the running reference time) → [`timex`] value
//! strings. Everything is linear in the text and allocation-light (one token
//! buffer reused across sentences), and nothing indexes input-derived data
//! unchecked, so arbitrary text cannot panic the page annotator.

mod lexicon;
mod patterns;
mod resolve;
mod scan;
mod tense;
mod timex;

use crate::annotate::DateMention;
use crate::segment::Segmentation;
use resolve::{Anchor, Ctx, Val, YearSpec};
use timex::Resolved;

/// Whether an expression names a period explicitly enough to become the
/// reference time for "a year earlier", "the previous day" and the like.
fn sets_reference(v: &Val) -> bool {
    match v {
        Val::Date { .. }
        | Val::Weekday { .. }
        | Val::Quarter { .. }
        | Val::Half { .. }
        | Val::LatestQuarter => true,
        Val::Year(YearSpec::Abs(_)) => true,
        Val::Timed(inner, _) => sets_reference(inner),
        _ => false,
    }
}

/// True when `text[start..end]` ends in a period that belongs to a date or
/// time abbreviation ("Nov.", "Sept.", "p.m.", "a.m.").
fn ends_in_abbreviation(text: &str, start: usize, end: usize) -> bool {
    let Some(s) = text.get(start..end) else {
        return false;
    };
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let word = body
        .rsplit(|c: char| !c.is_ascii_alphabetic() && c != '.')
        .next()
        .unwrap_or("");
    let w = word.to_ascii_lowercase();
    matches!(
        w.as_str(),
        "a.m"
            | "p.m"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Tags every sentence of every story; values are resolved against
/// `seg.stories[s.story].published` (unanchored `XXXX` forms when it is None).
pub fn tag(text: &str, seg: &Segmentation) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut story = usize::MAX;
    let mut anchor = None;
    let mut reference: Option<Resolved> = None;
    let sents = &seg.sentences;
    let mut n = 0;
    while n < sents.len() {
        let s = &sents[n];
        // A sentence splitter may break after "Sept." or "p.m."; the date
        // continues in the next sentence, so such runs are read as one.
        let mut end = s.end;
        n += 1;
        while let Some(next) = sents.get(n) {
            let joined = next.story == s.story
                && ends_in_abbreviation(text, s.start, end)
                && text
                    .get(end..next.start)
                    .is_some_and(|gap| gap.trim().is_empty());
            if !joined {
                break;
            }
            end = next.end;
            n += 1;
        }
        if s.story != story {
            story = s.story;
            anchor = seg
                .stories
                .get(story)
                .and_then(|st| st.published.as_deref())
                .and_then(Anchor::parse);
            reference = None;
        }
        scan::scan(text, s.start, end, &mut toks);
        for h in patterns::find(&toks) {
            let (Some(first), Some(last)) = (
                toks.get(h.start),
                h.end.checked_sub(1).and_then(|e| toks.get(e)),
            ) else {
                continue;
            };
            let (start, end) = (first.start, last.end);
            let Some(span) = text.get(start..end) else {
                continue;
            };
            let cx = Ctx {
                anchor,
                tense: tense::around(&toks, h.start, h.end),
                reference: reference.as_ref(),
            };
            let resolved = resolve::resolve(&h.val, &cx);
            if sets_reference(&h.val) {
                if let Some(r) = resolved
                    .as_ref()
                    .filter(|r| !matches!(r, Resolved::Text(_)))
                {
                    reference = Some(r.clone());
                }
            }
            out.push(DateMention {
                ty: h.ty.as_str().to_string(),
                start,
                end,
                text: span.to_string(),
                value: resolved.map(|r| r.value()),
                modifier: h.modifier.map(str::to_string),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
