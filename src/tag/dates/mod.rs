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

/// The longest line read as a dateline above a story.
const DATELINE_MAX: usize = 80;

/// The dateline just above a story ("JOHANNESBURG, August 7 (Xinhua) --"),
/// when the segmenter left it outside the story as a header: the last
/// non-blank line of `text[floor..story_start]`, if it is short. Only that one
/// line is read, so page chrome further up stays untagged.
fn dateline_before(text: &str, floor: usize, story_start: usize) -> Option<(usize, usize)> {
    let gap = text.get(floor..story_start)?;
    let trimmed = gap.trim_end();
    let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let line = trimmed.get(line_start..)?;
    let lead = line.len() - line.trim_start().len();
    let (start, end) = (floor + line_start + lead, floor + trimmed.len());
    (start < end && end - start <= DATELINE_MAX).then_some((start, end))
}

/// Per-story state carried from sentence to sentence.
struct Run<'a> {
    text: &'a str,
    toks: Vec<scan::Tok>,
    anchor: Option<Anchor>,
    reference: Option<Resolved>,
    /// The reported quarter ([`Ctx::topic`]).
    topic: Option<Resolved>,
    out: Vec<DateMention>,
}

/// Whether `r` is one of the three quarters just over at the anchor (the kind
/// a story reports results for), not the current or a coming one, nor a
/// quarter of history ("since the 1983 third quarter").
fn completed_quarter(r: &Resolved, anchor: Option<Anchor>) -> bool {
    use chrono::Datelike;
    let (Resolved::Quarter(y, q), Some(a)) = (r, anchor) else {
        return false;
    };
    let idx = |y: i32, q: u32| i64::from(y) * 4 + i64::from(q);
    let back = idx(a.date.year(), (a.date.month() - 1) / 3 + 1) - idx(*y, *q);
    (1..=3).contains(&back)
}

impl Run<'_> {
    /// Tags `text[start..end]` (one sentence, or a run of them joined over
    /// an abbreviation), updating the reference time.
    fn tag_range(&mut self, start: usize, end: usize) {
        let text = self.text;
        scan::scan(text, start, end, &mut self.toks);
        // "In the nine months, net was $5 million, against $4 million a
        // year earlier": once a sentence reports a span of months, the
        // comparison is with that span a year back, i.e. last year, not
        // with the quarter under discussion.
        let mut months_span = false;
        for h in patterns::find_in(text, &self.toks) {
            let (Some(first), Some(last)) = (
                self.toks.get(h.start),
                h.end.checked_sub(1).and_then(|e| self.toks.get(e)),
            ) else {
                continue;
            };
            let (start, end) = (first.start, last.end);
            let Some(span) = text.get(start..end) else {
                continue;
            };
            let cx = Ctx {
                anchor: self.anchor,
                tense: tense::around(&self.toks, h.start, h.end),
                reference: self.reference.as_ref().filter(|_| !months_span),
                topic: self.topic.as_ref().filter(|_| !months_span),
            };
            months_span |= matches!(&h.val, Val::Lit(v) if h.ty == patterns::Ty::Duration
                && v.len() > 2 && v.starts_with('P') && v.ends_with('M') && !v.contains('T'));
            let resolved = resolve::resolve(&h.val, &cx);
            // "the day before last Tuesday's hearing": the story goes on
            // from the named day, not from the one before it
            let named = match &h.val {
                Val::DayStep(inner, _) => resolve::resolve(inner, &cx),
                _ => None,
            };
            if self.topic.is_none() {
                if let Some(r) = resolved
                    .as_ref()
                    .filter(|r| completed_quarter(r, self.anchor))
                {
                    self.topic = Some(r.clone());
                }
            }
            if let Some(r) = named.filter(|r| matches!(r, Resolved::Day(..))) {
                self.reference = Some(r);
            } else if sets_reference(&h.val) {
                if let Some(r) = resolved
                    .as_ref()
                    .filter(|r| !matches!(r, Resolved::Text(_)))
                {
                    self.reference = Some(r.clone());
                }
            }
            self.out.push(DateMention {
                ty: h.ty.as_str().to_string(),
                start,
                end,
                text: span.to_string(),
                value: resolved.map(|r| r.value()),
                modifier: h.modifier.map(str::to_string),
            });
        }
    }
}

/// Tags every sentence of every story, and the dateline line just above each
/// story; values are resolved against `seg.stories[s.story].published`
/// (unanchored `XXXX` forms when it is None).
pub fn tag(text: &str, seg: &Segmentation) -> Vec<DateMention> {
    let mut run = Run {
        text,
        toks: Vec::new(),
        anchor: None,
        reference: None,
        topic: None,
        out: Vec::new(),
    };
    let mut story = usize::MAX;
    let mut done = 0;
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
            let st = seg.stories.get(story);
            run.anchor = st
                .and_then(|st| st.published.as_deref())
                .and_then(Anchor::parse);
            run.reference = None;
            run.topic = None;
            let story_start = st.map_or(s.start, |st| st.start.min(s.start));
            if let Some((a, b)) = dateline_before(text, done, story_start) {
                run.tag_range(a, b);
            }
        }
        run.tag_range(s.start, end);
        done = done.max(end);
    }
    run.out
}

#[cfg(test)]
mod tests;
