//! Calendar-named expressions: explicit dates in their common news shapes
//! (July 27, 2020; Jul 29, 2020 06:48 PM; 29 July; 2020-07-29; 7/29/2020),
//! years, decades, centuries and months.

use super::super::lexicon;
use super::super::resolve::{Dir, Val, YearSpec};
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
    pub(super) fn day_num(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn month_name(&self, i: usize) -> Option<(u32, usize)> {
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
        // "the March for Life", "the March of the Combatant Mothers": a
        // procession ("March of 1999" keeps its year, "in March for health
        // reasons" its month)
        if k == "march"
            && ((self.is(j, "for") && self.cap(j + 1))
                || (self.is(j, "of") && self.any(j + 1, &["the", "a"])))
        {
            return None;
        }
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
        // "the March accession", "the May elections": a month naming the
        // time of the noun after it ("the March on Washington" is a procession)
        let attributive = prev == "the"
            && self.cap(i)
            && self.word(j)
            && !self.cap(j)
            && !self.any(
                j,
                &[
                    "for", "of", "on", "to", "in", "through", "from", "against", "and", "was", "is",
                ],
            );
        let hyphened = i > 0 && self.punct(i - 1, '-');
        if k == "may" && !(attributive || MAY_CONTEXT.contains(&prev) || hyphened) {
            return None;
        }
        if k == "march"
            && !attributive
            && i > 0
            && self.any(i - 1, &["to", "will", "would", "and", "the"])
        {
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
                // "1500 people", "2000 units": a count before a plural noun;
                // "post-1959 politics", "mid-1990 sales" keep their year
                let prefixed = i > 1 && self.punct(i - 1, '-') && self.glued(i) && self.word(i - 2);
                let nk = self.k(e);
                if !prefixed
                    && self.word(e)
                    && !self.cap(e)
                    && (nk == "people" || nk.len() > 3 && nk.ends_with('s'))
                    && !matches!(
                        nk,
                        "was" | "has" | "its" | "this" | "thus" | "plus" | "versus" | "whereas"
                    )
                {
                    return None;
                }
                // "1,998" and "1998.5" are numbers ("mid-1996" is a year).
                if (self.glued(i) && !self.punct(i - 1, '-'))
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
}
