//! Calendar-named expressions: explicit dates in their common news shapes
//! (July 27, 2020; Jul 29, 2020 06:48 PM; 29 July; 2020-07-29; 7/29/2020),
//! years and decades, months, quarters and halves, seasons, weekdays and
//! clock times.

use super::super::lexicon::{self, Unit};
use super::super::resolve::{Dir, Holiday, Val, YearSpec};
use super::super::timex::Tod;
use super::{Hit, Ty, P};
use crate::tag::dates::scan::Kind;

/// Words after which a capitalised "May" is the month, not the modal.
const MAY_CONTEXT: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "of",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    "from",
    "to",
    "through",
    "during",
    "before",
    "after",
    "between",
    "and",
    "or",
    "for",
    "on",
    "that",
    "each",
    "every",
    "around",
    "throughout",
];

const ZONES: &[&str] = &[
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "et", "bst", "cet",
    "cest",
];

impl P<'_> {
    /// A four-digit year 1000..=2199 at `i` (not "1990s").
    pub fn year_num(&self, i: usize) -> Option<(i32, usize)> {
        let (n, len) = self.num(i)?;
        if len != 4 || !(1000..=2199).contains(&n) {
            return None;
        }
        if self.glued(i + 1) && self.word(i + 1) {
            return None;
        }
        Some((n as i32, i + 1))
    }

    /// A year in digits or words ("nineteen ninety-four", "two thousand").
    pub fn year_any(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.year_num(i) {
            return Some(y);
        }
        let c = lexicon::small_number(self.k(i)).filter(|c| (10..=20).contains(c))?;
        if let Some((super::Count::N(n), e)) = self.count(i + 1) {
            if (10..100).contains(&n) && lexicon::tens(self.k(i + 1)).is_some() {
                return Some(((c * 100 + n) as i32, e));
            }
        }
        None
    }

    /// A day of the month at `i`: "29", "29th", "eighth".
    fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((d, len)) = self.num(i) {
            if len > 2 || !(1..=31).contains(&d) {
                return None;
            }
            // "29:30" is a clock, "29%" a share, "3.5" a decimal.
            let clock = self.punct(i + 1, ':') && self.glued(i + 2) && self.num(i + 2).is_some();
            if self.glued(i + 1) && (clock || self.punct(i + 1, '%')) {
                return None;
            }
            if self.punct(i + 1, '.')
                && self.glued(i + 1)
                && self.num(i + 2).is_some()
                && self.glued(i + 2)
            {
                return None;
            }
            if self.glued(i + 1) && lexicon::ordinal_suffix(self.k(i + 1)) {
                return Some((d, i + 2));
            }
            if self.glued(i + 1) && self.word(i + 1) {
                return None;
            }
            return Some((d, i + 1));
        }
        let d = lexicon::ordinal(self.k(i))?;
        if let Some(t) = lexicon::tens(self.k(i)).or((d == 20 || d == 30).then_some(d)) {
            if self.hyphen(i + 1) {
                if let Some(u) = lexicon::ordinal(self.k(i + 2)).filter(|u| *u < 10) {
                    return Some((t + u, i + 3));
                }
            }
        }
        Some((d, i + 1))
    }

    /// A month name at `i` (capitalised; abbreviations may carry a period).
    fn month_name(&self, i: usize) -> Option<(u32, usize)> {
        let k = self.k(i);
        let m = lexicon::month(k)?;
        if !self.cap(i) {
            return None;
        }
        if lexicon::month_abbrev(k) && self.punct(i + 1, '.') && self.glued(i + 1) {
            return Some((m, i + 2));
        }
        Some((m, i + 1))
    }

    /// Month-first dates: "July 27, 2020", "Jul 29, 2020 06:48 PM", "September 2021", "May".
    pub fn month_first(&self, i: usize) -> Option<Hit> {
        let (m, j) = self.month_name(i)?;
        let k = self.k(i);
        if let Some((d, mut e)) = self.day_num(j).filter(|(d, _)| *d <= 31) {
            // "May 5" is fine; "May 2020" is a month-year handled below.
            let mut y = YearSpec::Infer;
            let y_at = if self.punct(e, ',') { e + 1 } else { e };
            if let Some((yy, ye)) = self.year_any(y_at) {
                y = YearSpec::Abs(yy);
                e = ye;
            }
            let date = Val::Date {
                y,
                m,
                d: Some(d),
                dir: Dir::Tense,
            };
            let c_at = if self.punct(e, ',') || self.is(e, "at") || self.punct(e, '-') {
                e + 1
            } else {
                e
            };
            if let Some((tod, ce)) = self.clock(c_at) {
                return Some(Hit::new(i, ce, Ty::Time, Val::Timed(Box::new(date), tod)));
            }
            return Some(Hit::new(i, e, Ty::Date, date));
        }
        let y_at = if self.punct(j, ',') || self.is(j, "of") {
            j + 1
        } else {
            j
        };
        if let Some((yy, ye)) = self.year_any(y_at) {
            return Some(Hit::new(
                i,
                ye,
                Ty::Date,
                Val::Date {
                    y: YearSpec::Abs(yy),
                    m,
                    d: None,
                    dir: Dir::Tense,
                },
            ));
        }
        if self.any(j, &["last", "this", "next"]) && self.is(j + 1, "year") {
            let n = match self.k(j) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some(Hit::new(
                i,
                j + 2,
                Ty::Date,
                Val::Date {
                    y: YearSpec::Rel(n),
                    m,
                    d: None,
                    dir: Dir::This,
                },
            ));
        }
        // A bare month: "May" needs a preposition or modifier before it, abbreviations a period.
        let prev = if i > 0 { self.k(i - 1) } else { "" };
        if k == "may" && !MAY_CONTEXT.contains(&prev) && !(i > 0 && self.punct(i - 1, '-')) {
            return None;
        }
        if k == "march" && i > 0 && self.any(i - 1, &["to", "will", "would", "and", "the"]) {
            return None;
        }
        if lexicon::month_abbrev(k) && j == i + 1 {
            return None;
        }
        Some(Hit::new(
            i,
            j,
            Ty::Date,
            Val::Date {
                y: YearSpec::Infer,
                m,
                d: None,
                dir: Dir::Tense,
            },
        ))
    }

    /// Day-first dates: "29 July", "29th of July 2020".
    pub fn day_first(&self, i: usize) -> Option<Hit> {
        let (d, j) = self.day_num(i)?;
        let j = if self.is(j, "of") { j + 1 } else { j };
        let (m, mut e) = self.month_name(j)?;
        let mut y = YearSpec::Infer;
        let y_at = if self.punct(e, ',') { e + 1 } else { e };
        if let Some((yy, ye)) = self.year_any(y_at) {
            y = YearSpec::Abs(yy);
            e = ye;
        }
        Some(Hit::new(
            i,
            e,
            Ty::Date,
            Val::Date {
                y,
                m,
                d: Some(d),
                dir: Dir::Tense,
            },
        ))
    }

    /// ISO dates and date-times: "2020-07-29", "2020-07-29T18:48".
    pub fn iso(&self, i: usize) -> Option<Hit> {
        let (y, _) = self.year_num(i).or_else(|| {
            let (n, len) = self.num(i)?;
            (len == 4).then_some((n as i32, i + 1))
        })?;
        if !(self.punct(i + 1, '-') && self.glued(i + 1) && self.glued(i + 2)) {
            return None;
        }
        let (m, ml) = self.num(i + 2)?;
        if ml != 2 || !self.punct(i + 3, '-') || !self.glued(i + 3) || !self.glued(i + 4) {
            return None;
        }
        let (d, dl) = self.num(i + 4)?;
        if dl != 2 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let date = Val::Date {
            y: YearSpec::Abs(y),
            m,
            d: Some(d),
            dir: Dir::Tense,
        };
        let e = i + 5;
        if self.is(e, "t") && self.glued(e) {
            if let Some((h, _)) = self.num(e + 1).filter(|_| self.glued(e + 1)) {
                if self.punct(e + 2, ':') {
                    if let Some((mi, _)) = self.num(e + 3) {
                        if h < 24 && mi < 60 {
                            let mut end = e + 4;
                            // seconds and zone designators belong to the stamp
                            while end < self.t.len() && !self.t[end].gap && !self.punct(end, ',') {
                                end += 1;
                            }
                            return Some(Hit::new(
                                i,
                                end,
                                Ty::Time,
                                Val::Timed(Box::new(date), Tod::Hm(h, mi)),
                            ));
                        }
                    }
                }
            }
        }
        Some(Hit::new(i, e, Ty::Date, date))
    }

    /// US numeric dates: "7/29/2020", "7/29/20" (day first when the first part exceeds 12).
    pub fn slash(&self, i: usize) -> Option<Hit> {
        let (a, al) = self.num(i)?;
        if al > 2 || !self.punct(i + 1, '/') || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let (b, bl) = self.num(i + 2)?;
        if bl > 2 || !self.punct(i + 3, '/') || !self.glued(i + 3) || !self.glued(i + 4) {
            return None;
        }
        let (c, cl) = self.num(i + 4)?;
        let y = match cl {
            4 => c as i32,
            2 => {
                if c < 50 {
                    2000 + c as i32
                } else {
                    1900 + c as i32
                }
            }
            _ => return None,
        };
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        if self.glued(i + 5) && !matches!(self.t.get(i + 5).map(|t| t.kind), Some(Kind::Punct(_))) {
            return None;
        }
        Some(Hit::new(
            i,
            i + 5,
            Ty::Date,
            Val::Date {
                y: YearSpec::Abs(y),
                m,
                d: Some(d),
                dir: Dir::Tense,
            },
        ))
    }

    /// Years: "2016", "fiscal 1989", "the year 2000", "nineteen ninety-six".
    pub fn year(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if self.is(j, "fiscal") {
            j += 1;
        } else if self.is(j, "the") && self.is(j + 1, "year") {
            j += 2;
        }
        if let Some((y, e)) = self.year_num(j) {
            if i == j {
                if i > 0
                    && (self.punct(i - 1, '$')
                        || self.punct(i - 1, '#')
                        || self.punct(i - 1, '£')
                        || self.punct(i - 1, '€'))
                {
                    return None;
                }
                if self.punct(e, '%') || self.any(e, &["percent", "%"]) {
                    return None;
                }
                // "1500 people", "2000 units": a count before a plural noun
                let nk = self.k(e);
                if self.word(e)
                    && !self.cap(e)
                    && (nk == "people" || nk.len() > 3 && nk.ends_with('s'))
                    && !matches!(
                        nk,
                        "was" | "has" | "its" | "this" | "thus" | "plus" | "versus" | "whereas"
                    )
                {
                    return None;
                }
                // "1,998" and "1998.5" are numbers, and so is "2000-odd".
                if self.glued(i)
                    || (self.glued(e)
                        && (self.punct(e, '.') || self.punct(e, ','))
                        && self.num(e + 1).is_some()
                        && self.glued(e + 1))
                {
                    return None;
                }
            }
            return Some(Hit::new(i, e, Ty::Date, Val::Year(YearSpec::Abs(y))));
        }
        // spelled years: nineteen ninety-six / nineteen eighty / two thousand
        let k = self.k(j);
        if let Some(c) = lexicon::small_number(k).filter(|c| (10..=20).contains(c)) {
            if let Some((super::Count::N(n), e)) = self.count(j + 1) {
                if (10..100).contains(&n) && lexicon::tens(self.k(j + 1)).is_some() {
                    let y = Val::Year(YearSpec::Abs((c * 100 + n) as i32));
                    return Some(Hit::new(i, e, Ty::Date, y));
                }
            }
        }
        if j > i && self.is(j, "two") && self.is(j + 1, "thousand") {
            let mut e = j + 2;
            let mut y = 2000;
            let a = if self.is(e, "and") { e + 1 } else { e };
            if let Some(n) = lexicon::small_number(self.k(a)).filter(|n| *n < 20) {
                y += n as i32;
                e = a + 1;
            }
            return Some(Hit::new(i, e, Ty::Date, Val::Year(YearSpec::Abs(y))));
        }
        None
    }

    /// Decades: "the 1990s", "the late 1970s", "the '90s", "the nineties".
    pub fn decade(&self, i: usize) -> Option<Hit> {
        let j = self.the(i);
        let (j, md) = match lexicon::position_modifier(self.k(j)) {
            Some(m) if j > i => (if self.hyphen(j + 1) { j + 2 } else { j + 1 }, Some(m)),
            _ => (j, None),
        };
        let (dec, e) = if let Some((n, len)) = self.num(j) {
            if len == 4 && n % 10 == 0 && self.is(j + 1, "s") && self.glued(j + 1) {
                ((n / 10) as i32, j + 2)
            } else {
                return None;
            }
        } else if self.punct(j, '\'') || self.punct(j, '\u{2019}') {
            let (n, len) = self.num(j + 1)?;
            if len != 2 || n % 10 != 0 || !self.is(j + 2, "s") || !self.glued(j + 2) {
                return None;
            }
            ((190 + n / 10) as i32, j + 3)
        } else {
            let n = match self.k(j) {
                "twenties" => 192,
                "thirties" => 193,
                "forties" => 194,
                "fifties" => 195,
                "sixties" => 196,
                "seventies" => 197,
                "eighties" => 198,
                "nineties" => 199,
                _ => return None,
            };
            if j == i {
                return None;
            }
            (n, j + 1)
        };
        let mut h = Hit::new(i, e, Ty::Date, Val::Decade(dec));
        h.modifier = md;
        Some(h)
    }

    /// Centuries: "the 20th century", "the nineteenth century".
    pub fn century(&self, i: usize) -> Option<Hit> {
        let j = self.the(i);
        let (n, e) = self.day_num(j)?;
        let e = if self.hyphen(e) { e + 1 } else { e };
        if !self.is(e, "century") || n == 0 {
            return None;
        }
        Some(Hit::new(i, e + 1, Ty::Date, Val::Century(n as i32 - 1)))
    }

    /// Year after a quarter or season: "of 2020", "of this year", "of fiscal 1990".
    fn trailing_year(&self, e: usize) -> Option<(YearSpec, usize)> {
        let j = if self.any(e, &["of", "in"]) || self.punct(e, ',') {
            e + 1
        } else {
            e
        };
        let j = if self.is(j, "fiscal") { j + 1 } else { j };
        if let Some((y, ye)) = self.year_any(j) {
            return Some((YearSpec::Abs(y), ye));
        }
        if j > e && self.any(j, &["this", "last", "next", "the"]) && self.is(j + 1, "year") {
            let n = match self.k(j) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some((YearSpec::Rel(n), j + 2));
        }
        None
    }

    /// Quarters and halves: "the first quarter of 2020", "third-quarter", "Q1",
    /// "the 1988 second quarter", "this year's third quarter", "the quarter".
    pub fn quarter(&self, i: usize) -> Option<Hit> {
        // Q1, Q3 2020
        if self.is(i, "q") && self.glued(i + 1) {
            let (q, _) = self
                .num(i + 1)
                .filter(|(q, l)| *l == 1 && (1..=4).contains(q))?;
            let (y, e) = self
                .trailing_year(i + 2)
                .unwrap_or((YearSpec::Infer, i + 2));
            return Some(Hit::new(i, e, Ty::Date, Val::Quarter { y, q }));
        }
        let mut j = self.the(i);
        let mut y = YearSpec::Infer;
        // "this year's", "last year's"
        if self.any(j, &["this", "last", "next"])
            && self.is(j + 1, "year")
            && (self.punct(j + 2, '\'') || self.punct(j + 2, '\u{2019}'))
            && self.is(j + 3, "s")
        {
            y = YearSpec::Rel(match self.k(j) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            });
            j += 4;
        } else if let Some((yy, e)) = self.year_num(j).filter(|_| j > i) {
            // "the 1988 period": that year's counterpart of the quarter under discussion
            if self.any(e, &["period", "quarter"]) {
                return Some(Hit::new(i, e + 1, Ty::Date, Val::PeriodOf(yy)));
            }
            y = YearSpec::Abs(yy);
            j = e;
        }
        if self.is(j, "fiscal") {
            j += 1;
        }
        let (n, e) = match lexicon::ordinal(self.k(j)) {
            Some(n) => (n, j + 1),
            None => {
                let (n, l) = self.num(j)?;
                if l != 1 || !self.glued(j + 1) || !lexicon::ordinal_suffix(self.k(j + 1)) {
                    return None;
                }
                (n, j + 2)
            }
        };
        let e = if self.hyphen(e) { e + 1 } else { e };
        let e = if self.is(e, "fiscal") { e + 1 } else { e };
        let half = match self.k(e) {
            "quarter" => false,
            "half" => true,
            _ => return None,
        };
        if (half && !(1..=2).contains(&n)) || !(1..=4).contains(&n) {
            return None;
        }
        let mut end = e + 1;
        if y == YearSpec::Infer {
            if let Some((yy, ye)) = self.trailing_year(end) {
                y = yy;
                end = ye;
            }
        }
        let val = if half {
            Val::Half { y, h: n }
        } else {
            Val::Quarter { y, q: n }
        };
        Some(Hit::new(i, end, Ty::Date, val))
    }

    /// Seasons: "this summer", "the winter of 1994", "summer 2020", "last fall".
    pub fn season(&self, i: usize) -> Option<Hit> {
        let dir = match self.k(i) {
            "this" => Some(Dir::This),
            "last" | "past" => Some(Dir::Last),
            "next" | "coming" => Some(Dir::Next),
            _ => None,
        };
        let j = if dir.is_some() { i + 1 } else { self.the(i) };
        let k = self.k(j);
        let s = lexicon::season(k)?;
        if let Some((y, e)) = self.trailing_year(j + 1) {
            return Some(Hit::new(
                i,
                e,
                Ty::Date,
                Val::Season {
                    y,
                    s,
                    dir: Dir::This,
                },
            ));
        }
        if let Some(dir) = dir {
            return Some(Hit::new(
                i,
                j + 1,
                Ty::Date,
                Val::Season {
                    y: YearSpec::Infer,
                    s,
                    dir,
                },
            ));
        }
        // Bare "fall" is a verb far more often than a season, and a bare
        // season word needs a preposition that makes it a time.
        let prev = if i > 0 { self.k(i - 1) } else { "" };
        if k == "fall" && j == i
            || !matches!(
                prev,
                "in" | "during"
                    | "by"
                    | "until"
                    | "since"
                    | "through"
                    | "this"
                    | "that"
                    | "of"
                    | "for"
                    | "early"
                    | "late"
                    | "mid"
                    | "next"
                    | "last"
            )
        {
            return None;
        }
        Some(Hit::new(
            i,
            j + 1,
            Ty::Date,
            Val::Season {
                y: YearSpec::Infer,
                s,
                dir: Dir::Tense,
            },
        ))
    }

    /// A clock time at `i`: "06:48 PM", "3 p.m.", "10:30", "noon", with a time zone.
    pub fn clock(&self, i: usize) -> Option<(Tod, usize)> {
        match self.k(i) {
            "noon" => return Some((Tod::Hm(12, 0), i + 1)),
            "midnight" => return Some((Tod::Hm(24, 0), i + 1)),
            _ => {}
        }
        let (h, hl) = self.num(i)?;
        if hl > 2 || h > 24 {
            return None;
        }
        let mut j = i + 1;
        let mut mi = 0;
        let mut colon = false;
        if self.punct(j, ':') && self.glued(j) && self.glued(j + 1) {
            let (m, ml) = self.num(j + 1)?;
            if ml != 2 || m > 59 {
                return None;
            }
            mi = m;
            colon = true;
            j += 2;
            if self.punct(j, ':') && self.glued(j) && self.num(j + 1).is_some_and(|(_, l)| l == 2) {
                j += 2;
            }
        }
        // am / pm / a.m. / p.m.
        let (pm, e) = match self.k(j) {
            "am" | "pm" => (self.is(j, "pm"), j + 1),
            "a" | "p" if self.punct(j + 1, '.') && self.glued(j + 1) && self.is(j + 2, "m") => {
                let e = if self.punct(j + 3, '.') && self.glued(j + 3) {
                    j + 4
                } else {
                    j + 3
                };
                (self.is(j, "p"), e)
            }
            "o" if self.punct(j + 1, '\'') && self.is(j + 2, "clock") => {
                if h > 12 {
                    return None;
                }
                return Some((Tod::Hm(h, mi), j + 3));
            }
            _ => {
                if colon && h < 24 {
                    let e = if self.any(j, ZONES) { j + 1 } else { j };
                    return Some((Tod::Hm(h, mi), e));
                }
                return None;
            }
        };
        if h == 0 || h > 12 {
            return None;
        }
        let h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        let e = if self.any(e, ZONES) { e + 1 } else { e };
        Some((Tod::Hm(h, mi), e))
    }

    /// A clock time as an expression, with the day it is on when one follows
    /// ("5 p.m. EST Nov. 9", "10 p.m. Wednesday"); else on the anchor's day.
    pub fn clock_expr(&self, i: usize) -> Option<Hit> {
        let (tod, e) = self.clock(i)?;
        let d_at = if self.punct(e, ',') || self.is(e, "on") {
            e + 1
        } else {
            e
        };
        let day = [
            self.weekday(d_at),
            self.month_first(d_at),
            self.relative_word(d_at),
        ]
        .into_iter()
        .flatten()
        .find(|h| {
            h.ty == Ty::Date
                && matches!(
                    h.val,
                    Val::Date { d: Some(_), .. }
                        | Val::Weekday { .. }
                        | Val::Shift {
                            unit: Unit::Day,
                            ..
                        }
                )
        });
        if let Some(h) = day {
            return Some(Hit::new(
                i,
                h.end,
                Ty::Time,
                Val::Timed(Box::new(h.val), tod),
            ));
        }
        Some(Hit::new(
            i,
            e,
            Ty::Time,
            Val::Timed(
                Box::new(Val::Shift {
                    unit: Unit::Day,
                    n: 0,
                }),
                tod,
            ),
        ))
    }

    /// Weekdays: "Tuesday", "Tuesday morning", "Saturday, April 25",
    /// "Wed, Jul 29, 2020 06:48 PM", "Mondays" (a set).
    pub fn weekday(&self, i: usize) -> Option<Hit> {
        let k = self.k(i);
        if !self.cap(i) {
            return None;
        }
        if let Some(wd) = lexicon::weekday_plural(k) {
            let (val, e) = match self
                .t
                .get(i + 1)
                .and_then(|_| lexicon::part_of_day(self.k(i + 1)))
            {
                Some(p) => (format!("XXXX-WXX-{wd}T{p}"), i + 2),
                None => (format!("XXXX-WXX-{wd}"), i + 1),
            };
            return Some(Hit::new(i, e, Ty::Set, Val::Lit(val)));
        }
        let wd = lexicon::weekday(k)?;
        let full = k.len() >= 6;
        let mut j = i + 1;
        if !full && self.punct(j, '.') && self.glued(j) {
            j += 1;
        }
        // An explicit date after the weekday decides the value.
        let d_at = if self.punct(j, ',') { j + 1 } else { j };
        if let Some(h) = self.month_first(d_at).or_else(|| self.day_first(d_at)) {
            if matches!(h.val, Val::Date { d: Some(_), .. } | Val::Timed(..)) {
                return Some(Hit::new(i, h.end, h.ty, h.val));
            }
        }
        if !full {
            return None;
        }
        let base = Val::Weekday {
            wd,
            dir: Dir::Tense,
        };
        if let Some(p) = lexicon::part_of_day(self.k(j)) {
            if self.k(j).ends_with('s') {
                return Some(Hit::new(
                    i,
                    j + 1,
                    Ty::Set,
                    Val::Lit(format!("XXXX-WXX-{wd}T{p}")),
                ));
            }
            return Some(Hit::new(
                i,
                j + 1,
                Ty::Time,
                Val::Timed(Box::new(base), Tod::Part(p)),
            ));
        }
        let c_at = if self.is(j, "at") { j + 1 } else { j };
        if let Some((tod, e)) = self.clock(c_at) {
            return Some(Hit::new(i, e, Ty::Time, Val::Timed(Box::new(base), tod)));
        }
        Some(Hit::new(i, j, Ty::Date, base))
    }

    /// Named days: "Thanksgiving Day", "Christmas", "New Year's Day",
    /// "last Thanksgiving", "year-end".
    pub fn holiday(&self, i: usize) -> Option<Hit> {
        let j = if self.any(i, &["last", "next", "this"]) {
            i + 1
        } else {
            i
        };
        let apos =
            |k: usize| (self.punct(k, '\'') || self.punct(k, '\u{2019}')) && self.is(k + 1, "s");
        let day_after = |k: usize| if self.is(k, "day") { k + 1 } else { k };
        let cap = self.cap(j);
        let (h, e) = match self.k(j) {
            "thanksgiving" if cap => (Holiday::Nth(11, 4, 4), day_after(j + 1)),
            "christmas" if cap => match self.k(j + 1) {
                "eve" => (Holiday::Fixed(12, 24), j + 2),
                _ => (Holiday::Fixed(12, 25), day_after(j + 1)),
            },
            "new" if cap && self.is(j + 1, "year") && apos(j + 2) => match self.k(j + 4) {
                "eve" => (Holiday::Fixed(12, 31), j + 5),
                "day" => (Holiday::Fixed(1, 1), j + 5),
                _ => return None,
            },
            "independence" if cap && self.is(j + 1, "day") => (Holiday::Fixed(7, 4), j + 2),
            "labor" | "labour" if cap && self.is(j + 1, "day") => (Holiday::Nth(9, 1, 1), j + 2),
            "memorial" if cap && self.is(j + 1, "day") => (Holiday::Nth(5, 1, 5), j + 2),
            "halloween" if cap => (Holiday::Fixed(10, 31), j + 1),
            "valentine" if cap && apos(j + 1) && self.is(j + 3, "day") => {
                (Holiday::Fixed(2, 14), j + 4)
            }
            "year" if j == i && self.hyphen(j + 1) && self.is(j + 2, "end") => {
                (Holiday::Fixed(12, 31), j + 3)
            }
            "year" if j == i && self.is(j + 1, "end") && !self.glued(j + 1) => {
                (Holiday::Fixed(12, 31), j + 2)
            }
            _ => return None,
        };
        Some(Hit::new(i, e, Ty::Date, Val::Holiday(h)))
    }
}
