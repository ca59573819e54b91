//! Recognition: a hand-written grammar over the token stream.
//!
//! Why not regex: the expressions are sequences of *word classes* (month,
//! weekday, number word, unit) with optional pieces, and each alternative must
//! also say what it means. As regexes that becomes a few hundred alternations
//! whose captures are then re-parsed; the regex crate with Unicode case
//! folding also adds several hundred KB to the wasm module. Here every rule is
//! a small function from a token position to an optional [`Hit`] (end token,
//! TIMEX3 type, meaning); at each position all rules run and the longest hit
//! wins, then the scan continues after it. Each rule looks at a bounded
//! number of tokens, so recognition is linear in the text.
//!
//! Rules live by concept: `calendar` (explicit dates, years, months),
//! `periods` (quarters, seasons, holidays), `clock` (weekdays, clock times),
//! `relative` (today, last week, six years ago, the past), `span`
//! (durations and sets).

mod calendar;
mod clock;
mod periods;
mod relative;
mod span;

use super::lexicon;
use super::resolve::Val;
use super::scan::{Kind, Tok};

/// TIMEX3 type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Date,
    Time,
    Duration,
    Set,
}

impl Ty {
    pub fn as_str(self) -> &'static str {
        match self {
            Ty::Date => "date",
            Ty::Time => "time",
            Ty::Duration => "duration",
            Ty::Set => "set",
        }
    }
}

/// A recognised expression: tokens `[start, end)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub ty: Ty,
    pub val: Val,
    pub modifier: Option<&'static str>,
}

impl Hit {
    fn new(start: usize, end: usize, ty: Ty, val: Val) -> Hit {
        Hit {
            start,
            end,
            ty,
            val,
            modifier: None,
        }
    }
}

/// The grammar's view of one sentence.
///
/// The lowercased keys are read once per token here: every rule looks at
/// them several times per position, and [`Tok::key`] re-validates its
/// inline buffer as UTF-8 on each call (that was 15% of the whole pipeline).
pub struct P<'a> {
    pub t: &'a [Tok],
    keys: Vec<&'a str>,
}

/// A counted amount: a number, or a vague one ("several", "a few").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    N(u32),
    Vague,
}

impl<'a> P<'a> {
    /// The view of tokens scanned from `text`: lower-case keys are sliced from it, the rest read once.
    pub fn in_text(t: &'a [Tok], text: &'a str) -> P<'a> {
        P {
            t,
            keys: t.iter().map(|x| x.key_in(text)).collect(),
        }
    }

    /// Lowercased key of token `i`, "" past the end.
    pub fn k(&self, i: usize) -> &'a str {
        self.keys.get(i).copied().unwrap_or("")
    }

    pub fn is(&self, i: usize, w: &str) -> bool {
        self.k(i) == w
    }

    pub fn any(&self, i: usize, ws: &[&str]) -> bool {
        let k = self.k(i);
        !k.is_empty() && ws.contains(&k)
    }

    pub fn word(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    pub fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }

    /// Digits of token `i` as a number, with their count.
    pub fn num(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t.get(i)?;
        if t.kind != Kind::Num {
            return None;
        }
        let k = t.key();
        Some((lexicon::digits(k)?, k.len()))
    }

    pub fn punct(&self, i: usize, c: char) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// Token `i` follows the previous one without whitespace.
    pub fn glued(&self, i: usize) -> bool {
        i > 0 && self.t.get(i).is_some_and(|t| !t.gap)
    }

    /// Skips a `the` at `i`.
    pub fn the(&self, i: usize) -> usize {
        if self.is(i, "the") {
            i + 1
        } else {
            i
        }
    }

    /// Token `i` opens its sentence: nothing but opening quotes before it.
    pub fn opens_sentence(&self, i: usize) -> bool {
        self.t.get(..i).is_some_and(|before| {
            before.iter().all(|t| {
                matches!(
                    t.kind,
                    Kind::Punct('"' | '`' | '\'' | '\u{201c}' | '\u{2018}')
                )
            })
        })
    }

    /// A hyphen glued on both sides at `i` ("mid-September", "two-year").
    pub fn hyphen(&self, i: usize) -> bool {
        (self.punct(i, '-') || self.punct(i, '\u{2010}') || self.punct(i, '\u{2011}'))
            && self.glued(i)
            && self.glued(i + 1)
    }

    /// A count at `i`: digits, number words ("twenty-four", "a hundred"),
    /// "a"/"an"/"one", or a vague amount ("several", "a few", "a couple of").
    pub fn count(&self, i: usize) -> Option<(Count, usize)> {
        if let Some((n, len)) = self.num(i) {
            // "the 1988 quarter": a year, not an amount
            if len > 6 || (len == 4 && (1000..2200).contains(&n)) {
                return None;
            }
            // "2,000" and "1.5" are not durations we can state exactly; keep it simple.
            if self.punct(i + 1, ',')
                && self.glued(i + 1)
                && self.num(i + 2).is_some()
                && self.glued(i + 2)
            {
                return None;
            }
            return Some((Count::N(n), i + 1));
        }
        let k = self.k(i);
        match k {
            "a" | "an" => {
                if self.is(i + 1, "few") || self.is(i + 1, "couple") {
                    let j = if self.is(i + 2, "of") { i + 3 } else { i + 2 };
                    let c = if self.is(i + 1, "couple") {
                        Count::N(2)
                    } else {
                        Count::Vague
                    };
                    return Some((c, j));
                }
                if self.is(i + 1, "hundred") || self.is(i + 1, "thousand") {
                    let n = if self.is(i + 1, "hundred") { 100 } else { 1000 };
                    return Some((Count::N(n), i + 2));
                }
                return Some((Count::N(1), i + 1));
            }
            "several" | "few" | "many" | "some" | "numerous" | "multiple" => {
                return Some((Count::Vague, i + 1))
            }
            "dozens" | "hundreds" | "thousands" if self.is(i + 1, "of") => {
                return Some((Count::Vague, i + 2))
            }
            "half" if self.is(i + 1, "a") => return None,
            _ => {}
        }
        let mut n = lexicon::small_number(k)?;
        let mut j = i + 1;
        if lexicon::tens(k).is_some() {
            // twenty four / twenty-four
            let (jj, glue) = if self.hyphen(j) {
                (j + 1, true)
            } else {
                (j, false)
            };
            if let Some(u) = lexicon::small_number(self.k(jj)).filter(|u| (1..10).contains(u)) {
                if glue || !self.t[jj].gap || self.k(jj).len() > 2 {
                    n += u;
                    j = jj + 1;
                }
            }
        }
        match self.k(j) {
            "hundred" => {
                n *= 100;
                j += 1;
            }
            "thousand" => {
                n *= 1000;
                j += 1;
            }
            _ => {}
        }
        Some((Count::N(n), j))
    }

    /// Prefix words that belong to the expression: position ("early",
    /// "mid-", "the end of") and approximation ("about", "more than").
    fn prefix(&self, i: usize) -> Option<(usize, &'static str)> {
        let k = self.k(i);
        if let Some(m) = lexicon::position_modifier(k) {
            if k == "middle" {
                return None;
            }
            let j = if self.hyphen(i + 1) { i + 2 } else { i + 1 };
            return Some((j, m));
        }
        if k == "the" || k == "at" {
            let j = if k == "at" && self.is(i + 1, "the") {
                i + 2
            } else {
                i + 1
            };
            let m = match self.k(j) {
                "end" => "END",
                "beginning" | "start" => "START",
                "middle" => "MID",
                _ => return None,
            };
            if self.is(j + 1, "of") {
                return Some((j + 2, m));
            }
            return None;
        }
        if let Some(m) = lexicon::approx_modifier(k) {
            if self.is(i + 1, "the") {
                return None;
            }
            return Some((i + 1, m));
        }
        let two = match (k, self.k(i + 1)) {
            ("more", "than") => "MORE_THAN",
            ("less", "than") | ("fewer", "than") | ("up", "to") | ("no", "more") => "LESS_THAN",
            ("at", "least") => "EQUAL_OR_MORE",
            ("at", "most") => "EQUAL_OR_LESS",
            ("just", "over") => "MORE_THAN",
            ("just", "under") => "LESS_THAN",
            _ => return None,
        };
        if k == "no" {
            return self.is(i + 2, "than").then_some((i + 3, two));
        }
        Some((i + 2, two))
    }

    /// The longest expression starting at token `i`, if any.
    pub fn at(&self, i: usize) -> Option<Hit> {
        if let Some((j, m)) = self.prefix(i) {
            if let Some(mut h) = self.core(j) {
                // Approximations only qualify amounts and clock times.
                let ok = match m {
                    "START" | "END" | "MID" => h.ty == Ty::Date || h.ty == Ty::Time,
                    _ => h.ty == Ty::Duration || h.ty == Ty::Time || self.counted(j),
                };
                if ok {
                    // Both dev golds mostly leave "about" and "over" outside
                    // an amount or clock time ("about five hours", "over
                    // three years") but keep them in a date ("about two years
                    // ago"); the modifier is kept either way.
                    let outside = matches!(self.k(i), "about" | "over")
                        && matches!(h.ty, Ty::Duration | Ty::Time);
                    if !outside {
                        h.start = i;
                    }
                    h.modifier = Some(m);
                    return Some(h);
                }
            }
        }
        self.core(i)
    }

    fn counted(&self, i: usize) -> bool {
        self.count(i).is_some()
    }

    fn core(&self, i: usize) -> Option<Hit> {
        // Rules that need a number or a calendar word at `i` are skipped
        // cheaply elsewhere; the others look at function words too.
        let num = self.num(i).is_some();
        let k = self.k(i);
        let calendar = num || lexicon::month(k).is_some() || lexicon::ordinal(k).is_some();
        let lead = matches!(
            k,
            "the" | "fiscal" | "this" | "last" | "next" | "past" | "coming" | "q"
        );
        let skip = |on: bool, f: &dyn Fn() -> Option<Hit>| if on { f() } else { None };
        let cands = [
            skip(num, &|| self.iso(i)),
            skip(num, &|| self.slash(i)),
            skip(calendar, &|| self.month_first(i)),
            skip(calendar, &|| self.day_first(i)),
            skip(num || lead || lexicon::small_number(k).is_some(), &|| {
                self.year(i)
            }),
            skip(num || lead, &|| self.decade(i)),
            skip(calendar || lead, &|| self.century(i)),
            skip(calendar || lead, &|| self.quarter(i)),
            skip(lead || lexicon::season(k).is_some(), &|| self.season(i)),
            skip(self.cap(i), &|| self.weekday(i)),
            self.holiday(i),
            skip(num || matches!(k, "noon" | "midday" | "midnight"), &|| {
                self.clock_expr(i)
            }),
            self.relative_word(i),
            self.relative_unit(i),
            self.ago(i),
            self.reference(i),
            self.duration(i),
            self.set(i),
        ];
        let mut best: Option<Hit> = None;
        for h in cands.into_iter().flatten() {
            if h.end > h.start && best.as_ref().is_none_or(|b| h.end > b.end) {
                best = Some(h);
            }
        }
        best.map(|h| self.year_back(h))
    }

    /// "April 24 and 25", "Nov. 5 or 6": the bare day number after a
    /// month-day date is a second day of that month.
    fn second_day(&self, h: &Hit) -> Option<Hit> {
        let Val::Date {
            y,
            m,
            d: Some(_),
            dir,
        } = h.val
        else {
            return None;
        };
        let j = h.end;
        if !(self.any(j, &["and", "or", "to", "through"]) || self.punct(j, '-')) {
            return None;
        }
        let (d, len) = self.num(j + 1)?;
        // "April 24 and 25 percent", "May 3 and 4 p.m.", "24 and 25th"
        let stop = |k: Kind| matches!(k, Kind::Punct(',' | '.' | ';' | ')'));
        let next = self.t.get(j + 2);
        if len > 2
            || !(1..=31).contains(&d)
            || next.is_some_and(|n| !stop(n.kind) && (!n.gap || n.trig != 0))
            || self.any(
                j + 2,
                &[
                    "percent", "cents", "a", "p", "am", "pm", "million", "billion",
                ],
            )
        {
            return None;
        }
        Some(Hit::new(
            j + 1,
            j + 2,
            Ty::Date,
            Val::Date {
                y,
                m,
                d: Some(d),
                dir,
            },
        ))
    }

    /// Whether hit `h` opens right after a quotation mark and every word
    /// in it is capitalised: a title, not a time expression.
    fn quoted_title(&self, h: &Hit) -> bool {
        let opened = h.start.checked_sub(1).is_some_and(|q| {
            matches!(
                self.t.get(q).map(|t| t.kind),
                Some(Kind::Punct('"' | '\u{201c}' | '`' | '\''))
            )
        });
        let words = (h.start..h.end).filter(|&x| self.word(x));
        opened
            && h.end - h.start >= 2
            && words.clone().count() > 0
            && (h.start..h.end).all(|x| !self.word(x) || self.cap(x))
    }

    /// End of "a year ago", "a year earlier", "last year" at `e`, if there.
    fn year_back_phrase(&self, e: usize) -> Option<usize> {
        if self.any(e, &["a", "one"])
            && self.is(e + 1, "year")
            && self.any(e + 2, &["ago", "earlier", "before"])
        {
            return Some(e + 3);
        }
        (self.is(e, "last") && self.is(e + 1, "year") && !self.punct(e + 2, '\'')).then_some(e + 2)
    }

    /// "the quarter a year ago", "the third quarter last year": one
    /// expression for the period a year back, not a quarter plus a year.
    fn year_back(&self, h: Hit) -> Hit {
        let periodic = matches!(
            h.val,
            Val::LatestQuarter
                | Val::Quarter {
                    y: super::resolve::YearSpec::Infer,
                    ..
                }
                | Val::Half {
                    y: super::resolve::YearSpec::Infer,
                    ..
                }
        );
        match self.year_back_phrase(h.end).filter(|_| periodic) {
            Some(e) => Hit::new(h.start, e, h.ty, Val::YearBack(Box::new(h.val))),
            None => h,
        }
    }
}

/// All expressions of a sentence scanned from `text`, left to right, non-overlapping.
pub fn find_in(text: &str, t: &[Tok]) -> Vec<Hit> {
    let p = P::in_text(t, text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        // Only start at word or number tokens.
        if matches!(t[i].kind, Kind::Punct(_)) {
            i += 1;
            continue;
        }
        // Never start inside a word-number compound ("COVID-19", "B2B").
        if p.glued(i) && !matches!(t[i - 1].kind, Kind::Punct(_)) {
            i += 1;
            continue;
        }
        // Only where an expression can begin (see `lexicon::start_class`).
        let can_start =
            match t[i].trig {
                // A number starts an expression only as a year or next to a
                // date, clock or unit word: "2020", "7/29", "3 p.m.", "six years".
                1 if t[i].kind == Kind::Num => {
                    t[i].end - t[i].start == 4
                        || t.get(i + 1).is_some_and(|n| {
                            n.trig == 1
                                || matches!(n.kind, Kind::Punct(':' | '/' | '-'))
                                || matches!(
                                    n.key(),
                                    "a" | "p" | "am" | "pm" | "o" | "st" | "nd" | "rd" | "th" | "s"
                                )
                                // "20 more years", "3 trading days"
                                || (matches!(
                                    n.key(),
                                    "more" | "additional" | "further" | "trading" | "business"
                                ) && t.get(i + 2).is_some_and(|u| u.trig == 1))
                        })
                }
                1 => true,
                // "the past", "at least 20 years", "the end of 1990", "the near term"
                2 => t.iter().skip(i + 1).take(3).any(|n| {
                    n.trig == 1 || matches!(n.key(), "end" | "beginning" | "start" | "term")
                }),
                _ => false,
            };
        if !can_start {
            i += 1;
            continue;
        }
        match p.at(i) {
            // A capitalised title in quotes ("This Week", "60 Minutes") names
            // a show or a book, not a time
            Some(h) if h.end > i && p.quoted_title(&h) => i = h.end,
            Some(h) if h.end > i => {
                i = h.end;
                let second = p.second_day(&h);
                out.push(h);
                if let Some(h2) = second {
                    i = h2.end;
                    out.push(h2);
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests;
