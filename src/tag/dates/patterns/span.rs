//! Durations and sets: "six years", "a month", "24-hour", "the nine months",
//! "the first nine months", "for years" (PXY); "every week", "daily",
//! "annually", "twice a year".

use super::super::lexicon::{self, Unit};
use super::super::resolve::{Val, YearSpec};
use super::super::timex::{duration, half_duration};
use super::{Count, Hit, Ty, P};

/// Words after which a bare plural unit ("for years") is a vague duration.
const BARE_PLURAL_CONTEXT: &[&str] = &[
    "for", "over", "within", "in", "after", "take", "took", "takes", "taking", "lasted", "last",
    "lasts", "spent", "spend",
];

impl P<'_> {
    /// Durations.
    pub fn duration(&self, i: usize) -> Option<Hit> {
        let mut j = self.the(i);
        let had_the = j > i;
        // "the first two quarters of 1990" is that year's first half
        if had_the
            && self.any(j, &["first", "last"])
            && self.any(j + 1, &["two", "2"])
            && self.is(j + 2, "quarters")
        {
            if let Some((y @ (YearSpec::Abs(_) | YearSpec::Rel(_)), e)) = self.trailing_year(j + 3)
            {
                let h = if self.is(j, "first") { 1 } else { 2 };
                return Some(Hit::new(i, e, Ty::Date, Val::Half { y, h }));
            }
        }
        if had_the
            && self.any(
                j,
                &[
                    "first",
                    "last",
                    "final",
                    "initial",
                    "entire",
                    "full",
                    "whole",
                    "remaining",
                ],
            )
        {
            j += 1;
        } else if self.any(j, &["another", "additional"])
            || (self.is(j, "an") && self.is(j + 1, "additional"))
        {
            j += if self.is(j, "an") { 2 } else { 1 };
            // "another two years", "an additional year"
            let (c, ce) = self
                .count(j)
                .filter(|_| !self.any(j, &["a", "an"]))
                .unwrap_or((Count::N(1), j));
            return self.finish_duration(i, c, ce, false);
        }
        // "a day-long meeting", "week-long talks": one unit, however written
        if let Some((u, false)) = lexicon::unit(self.k(i)) {
            if !had_the && self.hyphen(i + 1) && self.is(i + 2, "long") {
                return Some(Hit::new(
                    i,
                    i + 3,
                    Ty::Duration,
                    Val::Lit(duration(Some(1), u)),
                ));
            }
        }
        // bare plural: "for years"
        if !had_the {
            if let Some((u, true)) = lexicon::unit(self.k(i)) {
                if i > 0
                    && self.any(i - 1, BARE_PLURAL_CONTEXT)
                    && !u.is_clock()
                    && !self.hyphen(i + 1)
                    && u != Unit::Weekend
                {
                    return Some(Hit::new(
                        i,
                        i + 1,
                        Ty::Duration,
                        Val::Lit(duration(None, u)),
                    ));
                }
                return None;
            }
        }
        // "Islam will one day be...": a vague future, not a day's length
        if !had_the
            && self.is(i, "one")
            && self.is(i + 1, "day")
            && i > 0
            && self.any(
                i - 1,
                &[
                    "will", "would", "could", "might", "may", "can", "should", "must",
                ],
            )
        {
            return Some(Hit::new(i, i + 2, Ty::Date, Val::Lit("FUTURE_REF".into())));
        }
        let (c, ce) = self.count(j)?;
        if had_the && self.any(j, &["a", "an", "some", "many"]) {
            return None;
        }
        self.finish_duration(i, c, ce, had_the)
    }

    fn finish_duration(&self, i: usize, c: Count, ce: usize, had_the: bool) -> Option<Hit> {
        let amount = match c {
            Count::N(n) => Some(n),
            Count::Vague => None,
        };
        // "two more weeks", "at least 20 more years": the amount still counts
        let ce = if amount.is_some()
            && self.any(ce, &["more", "additional", "further"])
            && lexicon::unit(self.k(ce + 1)).is_some()
        {
            ce + 1
        } else {
            ce
        };
        // "two-year", "24-hour", "8-month-old"
        if self.hyphen(ce) {
            let (u, plural) = lexicon::unit(self.k(ce + 1))?;
            // "a several-year tenure" is a stretch of years like "several years"
            if plural || (amount.is_none() && !self.any(ce - 1, &["several", "few", "many"])) {
                return None;
            }
            let mut e = ce + 2;
            // ages ("6-year-old") are not time expressions in TimeML news
            if self.hyphen(e) && self.is(e + 1, "old") {
                return None;
            }
            if self.hyphen(e) && self.is(e + 1, "long") {
                e += 2;
            }
            let ty = Ty::Duration;
            return Some(Hit::new(i, e, ty, Val::Lit(duration(amount, u))));
        }
        // "eight trading days", "ten business days": days all the same
        let ce = if self.any(ce, &["trading", "business", "working"])
            && self.any(ce + 1, &["days", "day"])
        {
            ce + 1
        } else {
            ce
        };
        // "2 1/2 years", "two and a half years"
        let (mut half, ce) = match self.half_after(ce).filter(|_| amount.is_some()) {
            Some(e) => (true, e),
            None => (false, ce),
        };
        let (u, plural) = lexicon::unit(self.k(ce))?;
        let single_article = matches!(self.k(ce - 1), "a" | "an") && !had_the;
        // "a quarter of", "a second group", "52 years old"
        if single_article && matches!(u, Unit::Quarter | Unit::Second) {
            return None;
        }
        if self.is(ce + 1, "old") {
            return None;
        }
        if plural && single_article && amount == Some(1) {
            return None;
        }
        // "a year-earlier level" belongs to the year-ago adjective
        if self.hyphen(ce + 1) && !self.any(ce + 2, &["old", "long"]) {
            return None;
        }
        let mut e = ce + 1;
        if self.hyphen(e) {
            e += 2;
        }
        // "a minute and a half", "a year and a half"
        if !half && !plural && self.is(e, "and") && self.is(e + 1, "a") && self.is(e + 2, "half") {
            half = true;
            e += 3;
        }
        if half {
            let v = amount
                .and_then(|n| half_duration(n, u))
                .unwrap_or_else(|| duration(None, u));
            return Some(Hit::new(i, e, Ty::Duration, Val::Lit(v)));
        }
        // "$5 a year", "twice a year": a rate, i.e. a set
        if single_article && i > 0 {
            let prev = self.t[i - 1];
            if matches!(prev.key(), "twice" | "times" | "once" | "thrice") {
                return Some(Hit::new(i, e, Ty::Set, Val::Lit(duration(Some(1), u))));
            }
            // "$1.76 a year", "four flights a week": a rate of an amount, which
            // TimeML leaves unannotated
            let pk = prev.key();
            let plural_noun = !prev.cap
                && pk.len() > 3
                && pk.ends_with('s')
                && !matches!(pk, "this" | "was" | "has" | "its");
            if matches!(prev.kind, crate::tag::dates::scan::Kind::Num) || plural_noun {
                return None;
            }
        }
        // "some time", "some day" are not spans we can value
        if matches!(self.k(i), "some") && !plural {
            return None;
        }
        Some(Hit::new(i, e, Ty::Duration, Val::Lit(duration(amount, u))))
    }

    /// The end of a half after a whole amount: "1/2" glued together, or
    /// "and a half" ("two and a half years").
    fn half_after(&self, i: usize) -> Option<usize> {
        let slash_half = self.num(i).is_some_and(|(n, _)| n == 1)
            && self.punct(i + 1, '/')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.num(i + 2).is_some_and(|(n, _)| n == 2);
        let and_half = self.is(i, "and") && self.is(i + 1, "a") && self.is(i + 2, "half");
        (slash_half || and_half).then_some(i + 3)
    }

    /// Sets: "every week", "each July", "every other day", "daily", "annually".
    pub fn set(&self, i: usize) -> Option<Hit> {
        let k = self.k(i);
        let fixed = match k {
            "daily" | "nightly" => Some("P1D"),
            "weekly" => Some("P1W"),
            "monthly" => Some("P1M"),

            "annually" | "yearly" | "annual" if k != "annual" || !self.word(i + 1) => Some("P1Y"),
            "hourly" => Some("PT1H"),
            _ => None,
        };
        if let Some(v) = fixed {
            return Some(Hit::new(i, i + 1, Ty::Set, Val::Lit(v.to_string())));
        }
        if !matches!(k, "every" | "each" | "per") {
            return None;
        }
        let mut j = i + 1;
        let mut n = 1;
        if self.is(j, "other") {
            n = 2;
            j += 1;
        } else if let Some((Count::N(c), ce)) = self.count(j).filter(|_| !self.any(j, &["a", "an"]))
        {
            n = c;
            j = ce;
        }
        if let Some((u, _)) = lexicon::unit(self.k(j)) {
            // "instructions per second", "miles per hour": a unit of measure
            if k == "per" && u.is_clock() {
                return None;
            }
            return Some(Hit::new(i, j + 1, Ty::Set, Val::Lit(duration(Some(n), u))));
        }
        if k == "per" {
            return None;
        }
        if let Some(wd) = lexicon::weekday(self.k(j)).filter(|_| self.cap(j)) {
            return Some(Hit::new(
                i,
                j + 1,
                Ty::Set,
                Val::Lit(format!("XXXX-WXX-{wd}")),
            ));
        }
        if let Some(m) = lexicon::month(self.k(j)).filter(|_| self.cap(j)) {
            return Some(Hit::new(
                i,
                j + 1,
                Ty::Set,
                Val::Lit(format!("XXXX-{m:02}")),
            ));
        }
        if let Some(p) = lexicon::part_of_day(self.k(j)) {
            return Some(Hit::new(
                i,
                j + 1,
                Ty::Set,
                Val::Lit(format!("XXXX-XX-XXT{p}")),
            ));
        }
        if let Some(s) = lexicon::season(self.k(j)) {
            return Some(Hit::new(i, j + 1, Ty::Set, Val::Lit(format!("XXXX-{s}"))));
        }
        None
    }
}
