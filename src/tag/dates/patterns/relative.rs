//! Expressions that only mean something against the anchor or the reference
//! time: deictic words (today, yesterday, now, recently); "last/this/next"
//! with a unit, month or weekday ("last week", "next April", "this Friday");
//! "six years ago", "a year earlier", "year-ago", "the previous day"; and
//! TimeML's vague references (PRESENT_REF, PAST_REF, FUTURE_REF).

use super::super::lexicon::{self, Unit};
use super::super::resolve::{Dir, Val, YearSpec};
use super::super::timex::{duration, Tod};
use super::{Count, Hit, Ty, P};

/// Whether a recognised value names one calendar day (a weekday, a dated
/// day, a holiday, "yesterday"), the kind "the day before" can step from.
fn names_day(v: &Val) -> bool {
    match v {
        Val::Weekday { .. } | Val::Holiday(..) | Val::Date { d: Some(_), .. } => true,
        Val::Shift { unit, .. } => *unit == Unit::Day,
        _ => false,
    }
}

fn lit(s: &str) -> Val {
    Val::Lit(s.to_string())
}

impl P<'_> {
    /// A lowercase past-tense verb at `i` ("became", "released"): after
    /// "soon" it tells a sequence in the past. Capitalised -ed words are names.
    fn past_verb(&self, i: usize) -> bool {
        let k = self.k(i);
        self.word(i)
            && !self.cap(i)
            && (matches!(
                k,
                "became" | "began" | "came" | "went" | "grew" | "found" | "left" | "took"
            ) || (k.len() > 4 && k.ends_with("ed") && !k.ends_with("eed")))
    }

    /// The calendar quarter most of a fiscal quarter ending at the month
    /// (and day) at `i` falls in: its middle month is the one before the
    /// closing month, or two before when it closes in a month's first half
    /// ("ended Oct. 1" covers July to September). None before March.
    fn quarter_ended(&self, i: usize) -> Option<u32> {
        let m = lexicon::month(self.k(i))?;
        let mut j = i + 1;
        if self.punct(j, '.') {
            j += 1;
        }
        let d = self.num(j).map_or(31, |(d, _)| d);
        let middle = if d >= 15 { m - 1 } else { m.checked_sub(2)? };
        (middle >= 1).then(|| (middle - 1) / 3 + 1)
    }

    /// Deictic words and vague references.
    pub fn relative_word(&self, i: usize) -> Option<Hit> {
        let k = self.k(i);
        let day = |n: i32| Val::Shift { unit: Unit::Day, n };
        let (val, mut e) = match k {
            // a sentence-opening "Now," or "Now for ..." turns the discourse
            // ("Now, he says, ..."; "Now for the weather"), it dates nothing
            "now"
                if self.opens_sentence(i) && (self.punct(i + 1, ',') || self.is(i + 1, "for")) =>
            {
                return None
            }
            "now" | "currently" | "nowadays" | "presently" => (lit("PRESENT_REF"), i + 1),
            "present" if i > 0 && self.is(i - 1, "at") => (lit("PRESENT_REF"), i + 1),
            "current"
                if self.word(i + 1)
                    && !self.any(i + 1, &["account", "accounts", "affairs", "flows", "flow"]) =>
            {
                (lit("PRESENT_REF"), i + 1)
            }
            "recently" | "lately" | "formerly" => (lit("PAST_REF"), i + 1),
            // "for a while", "after a while": a stretch of unknown length
            // ("once in a while" is a frequency, "a while ago" a vague past)
            "a" if self.is(i + 1, "while")
                && i > 0
                && self.any(i - 1, &["for", "after"])
                && !self.any(i + 2, &["ago", "back"]) =>
            {
                return Some(Hit::new(i, i + 2, Ty::Duration, lit("PXX")));
            }
            // TimeML reads "these days" as the present, like "nowadays"
            "these" if self.is(i + 1, "days") => (lit("PRESENT_REF"), i + 2),
            // "as soon as" is a conjunction, not a time; "was soon released",
            // "soon became a flood" tell a past sequence, not the future
            "soon"
                if !(self.is(i + 1, "after")
                    || i > 0 && self.is(i - 1, "as") && self.is(i + 1, "as")
                    || i > 0 && self.any(i - 1, &["was", "were", "had"])
                    || self.past_verb(i + 1)) =>
            {
                (lit("FUTURE_REF"), i + 1)
            }
            "future" if !self.word(i + 1) || (i > 0 && self.any(i - 1, &["in", "near", "the"])) => {
                (lit("FUTURE_REF"), i + 1)
            }
            "the" => match (self.k(i + 1), self.k(i + 2)) {
                // "in the weeks ahead", "the months to come": the vague stretch
                // "the coming weeks" names, said after the unit
                (u, "ahead") | (u, "to")
                    if u.ends_with('s')
                        && (self.is(i + 2, "ahead") || self.is(i + 3, "come"))
                        && lexicon::unit(u).is_some_and(|(u, plural)| plural && !u.is_clock()) =>
                {
                    let (u, _) = lexicon::unit(u)?;
                    let e = if self.is(i + 2, "ahead") {
                        i + 3
                    } else {
                        i + 4
                    };
                    return Some(Hit::new(i, e, Ty::Duration, Val::Lit(duration(None, u))));
                }
                ("past", _) if !self.counted(i + 2) && lexicon::unit(self.k(i + 2)).is_none() => {
                    (lit("PAST_REF"), i + 2)
                }
                ("future", _) => (lit("FUTURE_REF"), i + 2),
                // "in the near term", "over the long term": a vague future;
                // the hyphenated adjective ("near-term debt") never gets here
                ("near" | "short" | "long", "term") => (lit("FUTURE_REF"), i + 3),
                ("near" | "distant" | "foreseeable" | "immediate", "future") => {
                    (lit("FUTURE_REF"), i + 3)
                }
                // "over the years", "in the years that followed", "in the
                // early years": an unmeasured stretch of years (not "the
                // years 1990 to 1995")
                ("years", _) | ("early" | "later" | "intervening", "years")
                    if i > 0
                        && self.any(i - 1, &["over", "in", "through", "during", "throughout"])
                        && {
                            let e = if self.is(i + 1, "years") {
                                i + 2
                            } else {
                                i + 3
                            };
                            self.num(e).is_none()
                        } =>
                {
                    let e = if self.is(i + 1, "years") {
                        i + 2
                    } else {
                        i + 3
                    };
                    return Some(Hit::new(i, e, Ty::Duration, lit("PXY")));
                }
                ("day", "before") if self.is(i + 3, "yesterday") => (day(-2), i + 4),
                ("day", "after") if self.is(i + 3, "tomorrow") => (day(2), i + 4),
                // "the day before last Tuesday", "the day after Christmas": one
                // expression, a day off the named one (never "the day before
                // the day before...", so the look-ahead does not nest)
                ("day", "before" | "after") if !self.is(i + 3, "the") => {
                    let h = self
                        .at(i + 3)
                        .filter(|h| h.start == i + 3 && names_day(&h.val))?;
                    let n = if self.is(i + 2, "before") { -1 } else { 1 };
                    return Some(Hit::new(
                        i,
                        h.end,
                        Ty::Date,
                        Val::DayStep(Box::new(h.val), n),
                    ));
                }
                ("weekend", _) => (Val::Weekend(Dir::Tense), i + 2),
                ("week", "of")
                    if self
                        .month_first(i + 3)
                        .is_some_and(|h| matches!(h.val, Val::Date { d: Some(_), .. })) =>
                {
                    let h = self.month_first(i + 3)?;
                    return Some(Hit::new(i, h.end, Ty::Date, Val::WeekOf(Box::new(h.val))));
                }
                ("week", _) if !self.hyphen(i + 2) => (
                    Val::Shift {
                        unit: Unit::Week,
                        n: 0,
                    },
                    i + 2,
                ),
                // "the quarter ended July 31": the calendar quarter holding
                // most of its three months (May to July: the second)
                ("quarter", "ended" | "ending") if self.quarter_ended(i + 3).is_some() => {
                    let q = self.quarter_ended(i + 3)?;
                    return Some(Hit::new(
                        i,
                        i + 2,
                        Ty::Date,
                        Val::Quarter {
                            y: YearSpec::Infer,
                            q,
                        },
                    ));
                }
                ("quarter", _) if !self.hyphen(i + 2) => (Val::LatestQuarter, i + 2),
                // "the corresponding period last year": only with the year-back
                // tail, which [`P::year_back`] then attaches
                ("corresponding" | "comparable" | "same", "period" | "quarter")
                    if self.year_back_phrase(i + 3).is_some() =>
                {
                    (Val::LatestQuarter, i + 3)
                }
                ("latest" | "recent" | "current", "period") => (Val::LatestQuarter, i + 3),
                ("year", _) | ("full" | "fiscal", "year") if !self.hyphen(i + 2) => {
                    let e = if self.is(i + 1, "year") { i + 2 } else { i + 3 };
                    // "the year ended June 30" is a span of a year, "for the year" this year
                    if self.any(e, &["ended", "ending", "ends", "to", "through"]) {
                        return Some(Hit::new(i, e, Ty::Duration, lit("P1Y")));
                    }
                    (
                        Val::Shift {
                            unit: Unit::Year,
                            n: 0,
                        },
                        e,
                    )
                }
                _ => return None,
            },
            // "today's world", "today's youth" are generic; "today's editions",
            // "today's meeting" are this day
            "today"
                if (self.punct(i + 1, '\'') || self.punct(i + 1, '\u{2019}'))
                    && lexicon::generic_after_today(self.k(i + 3)) =>
            {
                return None
            }
            // "the people of tomorrow", "the cars of tomorrow": no day at all
            "tomorrow" if i > 0 && self.is(i - 1, "of") && !self.word(i + 1) => return None,
            "today" | "tonight" => (day(0), i + 1),
            "yesterday" => (day(-1), i + 1),
            "tomorrow" => (day(1), i + 1),
            "this" => match lexicon::part_of_day(self.k(i + 1)) {
                Some(p) if p != "NI" || self.is(i + 1, "night") => {
                    return Some(Hit::new(
                        i,
                        i + 2,
                        Ty::Time,
                        Val::Timed(Box::new(day(0)), Tod::Part(p)),
                    ));
                }
                _ => return None,
            },
            // "afternoon yesterday", and the "afternoon" of "mid-afternoon"
            // (the prefix supplies MID): that part of the reference day
            "morning" | "afternoon" | "evening" => {
                let p = lexicon::part_of_day(k)?;
                let n = match self.k(i + 1) {
                    "yesterday" => Some(-1),
                    "today" => Some(0),
                    "tomorrow" => Some(1),
                    _ => None,
                };
                let after_mid = i > 0
                    && (self.is(i - 1, "mid")
                        || (i > 1 && self.hyphen(i - 1) && self.is(i - 2, "mid")));
                let (val, e) = match n {
                    Some(n) => (day(n), i + 2),
                    None if after_mid => (
                        Val::RefShift {
                            unit: Unit::Day,
                            n: 0,
                            keep: true,
                        },
                        i + 1,
                    ),
                    None => return None,
                };
                return Some(Hit::new(
                    i,
                    e,
                    Ty::Time,
                    Val::Timed(Box::new(val), Tod::Part(p)),
                ));
            }
            "last" if self.is(i + 1, "night") => {
                return Some(Hit::new(
                    i,
                    i + 2,
                    Ty::Time,
                    Val::Timed(Box::new(day(-1)), Tod::Part("NI")),
                ));
            }
            _ => return None,
        };
        let mut ty = Ty::Date;
        let mut val = val;
        if matches!(val, Val::Shift { .. }) {
            if let Some(p) = lexicon::part_of_day(self.k(e)).filter(|_| !self.k(e).ends_with('s')) {
                val = Val::Timed(Box::new(val), Tod::Part(p));
                ty = Ty::Time;
                e += 1;
            } else {
                let c_at = if self.is(e, "at") { e + 1 } else { e };
                if let Some((tod, ce)) = self.clock(c_at) {
                    val = Val::Timed(Box::new(val), tod);
                    ty = Ty::Time;
                    e = ce;
                }
            }
        }
        Some(Hit::new(i, e, ty, val))
    }

    /// "last week", "this month", "next year", "the past year", "the following
    /// day", "last April", "next Friday", "earlier this year", "the past two
    /// months" (a duration), "recent years", "the coming months".
    pub fn relative_unit(&self, i: usize) -> Option<Hit> {
        // earlier/later/early/late + this/last/next + unit: the modifier is part of the expression
        if self.any(i, &["earlier", "later"]) {
            // one level only: "earlier earlier ..." must not recurse down the page
            if self.any(i + 1, &["earlier", "later"]) {
                return None;
            }
            let inner = self
                .relative_unit(i + 1)
                .or_else(|| self.relative_word(i + 1))
                .or_else(|| self.weekday(i + 1))?;
            if inner.ty != Ty::Date && inner.ty != Ty::Time || matches!(inner.val, Val::Lit(_)) {
                return None;
            }
            return Some(Hit { start: i, ..inner });
        }
        let j = self.the(i);
        let had_the = j > i;
        let k = self.k(j);
        let (n, from_ref): (i32, bool) = match k {
            "last" | "past" => (-1, false),
            "previous" | "preceding" | "prior" => (-1, had_the),
            "this" | "current" => (0, false),
            "next" | "coming" | "upcoming" => (1, false),
            "following" | "subsequent" => (1, true),
            "same" if had_the => (0, true),
            // "that year", "later that day", "that same week": the period of
            // the reference time (TimeML's anaphoric reading)
            "that" if !had_the => (0, true),
            "recent" | "latest" => (-1, false),
            _ => return None,
        };
        let mut u_at = j + 1;
        if k == "that" {
            let same = self.is(u_at, "same");
            if same {
                u_at += 1;
            }
            let (u, plural) = lexicon::unit(self.k(u_at))?;
            // a bare "that day" is as often generic ("strong redemptions
            // that day"); "that same day", "later that day" are anaphoric
            let placed = same || (i > 0 && self.any(i - 1, &["earlier", "later"]));
            let ok = match u {
                Unit::Month | Unit::Year => true,
                Unit::Day | Unit::Week => placed,
                _ => false,
            };
            if plural || !ok {
                return None;
            }
        }
        // "this past week", "this coming Sunday"
        if k == "this" && self.any(u_at, &["past", "coming"]) {
            u_at += 1;
        }
        if self.is(u_at, "fiscal") {
            u_at += 1;
        }
        let uk = self.k(u_at);
        // "the next day", "the following morning", "the previous evening":
        // a narrative step from the reference day, never from the story date
        if had_the && matches!(k, "next" | "following" | "previous" | "preceding" | "prior") {
            let step = Val::RefShift {
                unit: Unit::Day,
                n,
                keep: false,
            };
            if uk == "day" && !self.hyphen(u_at + 1) {
                return Some(Hit::new(i, u_at + 1, Ty::Date, step));
            }
            if let Some(p) = lexicon::part_of_day(uk).filter(|_| !uk.ends_with('s')) {
                // as with "Tuesday morning", the golds keep mornings and
                // nights of a narrated day as the plain day
                if matches!(p, "MO" | "NI") {
                    return Some(Hit::new(i, u_at + 1, Ty::Date, step));
                }
                let val = Val::Timed(Box::new(step), Tod::Part(p));
                return Some(Hit::new(i, u_at + 1, Ty::Time, val));
            }
        }
        // a counted span: "the past two months", "the next few days", "the last five years"
        if !matches!(k, "this" | "same") {
            if let Some((c, ce)) = self
                .count(u_at)
                .filter(|_| !self.any(u_at, &["a", "an", "some"]))
            {
                if let Some((u, _)) = lexicon::unit(self.k(ce)) {
                    let amount = match c {
                        Count::N(n) => Some(n),
                        Count::Vague => None,
                    };
                    return Some(Hit::new(
                        i,
                        ce + 1,
                        Ty::Duration,
                        Val::Lit(duration(amount, u)),
                    ));
                }
            }
        }
        if let Some((u, plural)) = lexicon::unit(uk) {
            if plural {
                // "recent years", "the coming months", "the past months"
                let val = match k {
                    "recent" | "past" | "last" if u == Unit::Year && !had_the => lit("PAST_REF"),
                    "recent" | "past" | "last" | "previous" => Val::Lit(duration(None, u)),
                    // "the coming weeks", "the next months": both dev golds
                    // mostly give the vague duration (PXW), like "recent months"
                    "coming" | "next" | "upcoming" => Val::Lit(duration(None, u)),
                    "following" => {
                        if had_the {
                            lit("FUTURE_REF")
                        } else {
                            Val::Lit(duration(None, u))
                        }
                    }
                    _ => return None,
                };
                let ty = if matches!(val, Val::Lit(ref s) if s.starts_with('P')) {
                    Ty::Duration
                } else {
                    Ty::Date
                };
                return Some(Hit::new(i, u_at + 1, ty, val));
            }
            if k == "latest" || k == "recent" {
                return (u == Unit::Quarter)
                    .then(|| Hit::new(i, u_at + 1, Ty::Date, Val::LatestQuarter));
            }
            let val = match u {
                Unit::Weekend => Val::Weekend(match n {
                    -1 => Dir::Last,
                    1 => Dir::Next,
                    _ => Dir::This,
                }),
                Unit::Day if !from_ref => return None,
                u if u.is_clock() => return None,
                // "this quarter" may be the reported one; "the current quarter" is today's
                Unit::Quarter if n == 0 && !from_ref && k == "this" => Val::CurrentQuarter,
                Unit::Quarter if n == 0 && !from_ref => Val::Shift { unit: u, n },
                u if from_ref => Val::RefShift {
                    unit: u,
                    n,
                    keep: false,
                },
                u => Val::Shift { unit: u, n },
            };
            return Some(Hit::new(i, u_at + 1, Ty::Date, val));
        }
        if had_the {
            // "the previous Friday", "the following Monday": a step from
            // the reference day, as "the previous day" is
            let dir = match k {
                "previous" | "preceding" | "prior" => Dir::BeforeRef,
                "following" => Dir::AfterRef,
                _ => return None,
            };
            let h = self.weekday(u_at)?;
            return match h.val {
                Val::Weekday { wd, .. } => Some(Hit::new(i, h.end, h.ty, Val::Weekday { wd, dir })),
                _ => None,
            };
        }
        let dir = match n {
            -1 => Dir::Last,
            1 => Dir::Next,
            _ => Dir::This,
        };
        if k == "recent" || k == "latest" || k == "current" {
            return None;
        }
        // last April, next Friday, this coming Sunday, March eighth
        if let Some(h) = self.month_first(u_at) {
            if let Val::Date {
                y: YearSpec::Infer,
                m,
                d,
                ..
            } = h.val
            {
                return Some(Hit::new(
                    i,
                    h.end,
                    Ty::Date,
                    Val::Date {
                        y: YearSpec::Infer,
                        m,
                        d,
                        dir,
                    },
                ));
            }
        }
        if let Some(h) = self.weekday(u_at) {
            return Some(match h.val {
                Val::Weekday { wd, .. } => Hit::new(i, h.end, h.ty, Val::Weekday { wd, dir }),
                Val::Timed(inner, tod) => match *inner {
                    Val::Weekday { wd, .. } => Hit::new(
                        i,
                        h.end,
                        h.ty,
                        Val::Timed(Box::new(Val::Weekday { wd, dir }), tod),
                    ),
                    other => Hit::new(i, h.end, h.ty, Val::Timed(Box::new(other), tod)),
                },
                other => Hit::new(i, h.end, h.ty, other),
            });
        }
        None
    }

    /// "six years ago", "a week or so ago", "a year earlier", "two days later",
    /// "two years from now", "year-ago", "the year-earlier quarter".
    pub fn ago(&self, i: usize) -> Option<Hit> {
        let j = self.the(i);
        // year-ago / year-earlier adjectives
        if self.is(j, "year") && self.hyphen(j + 1) && self.any(j + 2, &["ago", "earlier"]) {
            let mut e = j + 3;
            // "the year-earlier nine months": TimeML values the amount
            if let Some(d) = self.duration(e).filter(|d| d.ty == Ty::Duration) {
                return Some(Hit::new(i, d.end, d.ty, d.val));
            }
            let quarterish = self.any(e, &["quarter", "period"]);
            if self.any(e, &["quarter", "period"]) {
                e += 1;
            } else if j > i {
                return None;
            }
            let val = if quarterish {
                Val::YearAgoQuarter
            } else {
                Val::RefShift {
                    unit: Unit::Year,
                    n: -1,
                    keep: true,
                }
            };
            return Some(Hit::new(i, e, Ty::Date, val));
        }
        if j > i {
            return None;
        }
        let (c, ce) = self.count(i)?;
        let (u, _) = lexicon::unit(self.k(ce))?;
        let mut e = ce + 1;
        if self.is(e, "or") && self.is(e + 1, "so") {
            e += 2;
        }
        let n = match c {
            Count::N(n) => i32::try_from(n).ok()?,
            Count::Vague => 0,
        };
        // "three days later", "a day earlier": TimeBank marks the length
        // ("three days", a duration) and leaves the signal word out; only
        // the calendar-sized steps ("a year earlier") name a period
        if matches!(u, Unit::Day | Unit::Week)
            && c != Count::Vague
            && self.any(e, &["later", "earlier"])
        {
            return None;
        }
        let (val, e) = match self.k(e) {
            "ago" | "back" if c == Count::Vague => (lit("PAST_REF"), e + 1),
            "ago" => (Val::Ago { unit: u, n: -n }, e + 1),
            "earlier" | "before" if self.is(e, "earlier") || !self.word(e + 1) => (
                Val::RefShift {
                    unit: u,
                    n: -n,
                    keep: true,
                },
                e + 1,
            ),
            "later" => (
                Val::RefShift {
                    unit: u,
                    n,
                    keep: true,
                },
                e + 1,
            ),
            "from" if self.is(e + 1, "now") => (Val::Shift { unit: u, n }, e + 2),
            "hence" => (Val::Shift { unit: u, n }, e + 1),
            _ => return None,
        };
        if c == Count::Vague && !matches!(val, Val::Lit(_)) {
            return None;
        }
        if u.is_clock() {
            return None;
        }
        Some(Hit::new(i, e, Ty::Date, val))
    }

    /// "the end of the year": a bare "the year/month/week" only after a position phrase.
    pub fn reference(&self, i: usize) -> Option<Hit> {
        if i < 2
            || !self.is(i - 1, "of")
            || !self.any(i - 2, &["end", "beginning", "start", "middle"])
        {
            return None;
        }
        let j = self.the(i);
        let (u, plural) = lexicon::unit(self.k(j))?;
        if plural
            || j == i
            || !matches!(
                u,
                Unit::Week | Unit::Month | Unit::Year | Unit::Quarter | Unit::Decade
            )
        {
            return None;
        }
        Some(Hit::new(i, j + 1, Ty::Date, Val::Shift { unit: u, n: 0 }))
    }
}
