//! Named periods: quarters and halves ("the first quarter of 2020",
//! "third-quarter", "Q1"), seasons ("this summer") and holidays
//! ("Thanksgiving Day", "year-end").

use super::super::lexicon;
use super::super::resolve::{Dir, Holiday, Val, YearSpec};
use super::{Hit, Ty, P};

impl P<'_> {
    /// Year after a quarter or season: "of 2020", "of this year", "of fiscal 1990".
    pub(super) fn trailing_year(&self, e: usize) -> Option<(YearSpec, usize)> {
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
        // "the year-ago third quarter", "the year-earlier first half"
        let year_back =
            self.is(j, "year") && self.hyphen(j + 1) && self.any(j + 2, &["ago", "earlier"]);
        if year_back {
            j += 3;
        }
        // "this year's", "last year's"
        if !year_back
            && self.any(j, &["this", "last", "next"])
            && self.is(j + 1, "year")
            && (self.punct(j + 2, '\'') || self.punct(j + 2, '\u{2019}'))
            && self.is(j + 3, "s")
        {
            // "last year's quarter": the reported quarter, a year back
            if self.any(j + 4, &["quarter", "period"]) && !self.hyphen(j + 5) {
                let val = match self.k(j) {
                    "last" => Val::YearBack(Box::new(Val::LatestQuarter)),
                    "this" => Val::LatestQuarter,
                    _ => return None,
                };
                return Some(Hit::new(i, j + 5, Ty::Date, val));
            }
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
        // "the" directly before the ordinal, nothing else consumed
        let bare_the = j == i + 1 && self.is(i, "the");
        if self.is(j, "fiscal") {
            j += 1;
        }
        // "the last half of 1989", "the final quarter of 1990": the last
        // one of a named year (without the year, "the last quarter" is the
        // one before this)
        let last_of_year = j > i
            && self.any(j, &["last", "final"])
            && self.any(j + 1, &["quarter", "half"])
            && self.trailing_year(j + 2).is_some();
        let (n, e) = match lexicon::ordinal(self.k(j)) {
            Some(n) => (n, j + 1),
            None if last_of_year => (if self.is(j + 1, "half") { 2 } else { 4 }, j + 1),
            None => {
                let (n, l) = self.num(j)?;
                if l != 1 || !self.glued(j + 1) || !lexicon::ordinal_suffix(self.k(j + 1)) {
                    return None;
                }
                (n, j + 2)
            }
        };
        // "the third-quarter results": the hyphenated form is an adjective
        // and TimeBank leaves the noun phrase's "the" out of it; the scan
        // retries one token on
        if bare_the && self.hyphen(e) {
            return None;
        }
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
        let val = if year_back {
            Val::YearBack(Box::new(val))
        } else {
            val
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
                    | "into"
                    | "over"
                    | "throughout"
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
        // "opening hours for the summer", "until the spring": the season ahead
        // or under way, whatever tense the announcing verb has.
        let dir = if matches!(prev, "for" | "until") {
            Dir::This
        } else {
            Dir::Tense
        };
        Some(Hit::new(
            i,
            j + 1,
            Ty::Date,
            Val::Season {
                y: YearSpec::Infer,
                s,
                dir,
            },
        ))
    }

    /// Named days: "Thanksgiving Day", "Christmas", "New Year's Day",
    /// "last Thanksgiving", "year-end", "Easter", "Easter week".
    pub fn holiday(&self, i: usize) -> Option<Hit> {
        let j = if self.any(i, &["last", "next", "this"]) {
            i + 1
        } else {
            i
        };
        // "last Christmas" is the one before the story, "since year-end"
        // too, whatever the tense says
        let dir = match self.k(i) {
            "last" => Dir::Last,
            "next" => Dir::Next,
            "this" => Dir::This,
            _ if i > 0 && self.is(i - 1, "since") => Dir::Last,
            _ => Dir::Tense,
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
            // "Easter week": the week that ends on Easter Sunday (Holy Week)
            "easter" if cap && self.is(j + 1, "week") => {
                let day = Val::Holiday(Holiday::Easter(0), dir);
                return Some(Hit::new(i, j + 2, Ty::Date, Val::WeekOf(Box::new(day))));
            }
            "easter" if cap => (
                Holiday::Easter(0),
                day_after(j + 1).max(self.sunday_after(j + 1)),
            ),
            "good" if cap && self.is(j + 1, "friday") && self.cap(j + 1) => {
                (Holiday::Easter(-2), j + 2)
            }
            "election" if cap && self.is(j + 1, "day") && self.cap(j + 1) => {
                (Holiday::Election, j + 2)
            }
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
        Some(Hit::new(i, e, Ty::Date, Val::Holiday(h, dir)))
    }

    /// End of "Sunday" right at `k` ("Easter Sunday"), else `k`.
    fn sunday_after(&self, k: usize) -> usize {
        if self.is(k, "sunday") && self.cap(k) {
            k + 1
        } else {
            k
        }
    }
}
