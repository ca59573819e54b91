//! Resolution: what a recognised expression means on the calendar, given the
//! story's publication date (the anchor), the tense around it, and the last
//! explicitly dated period of the text (the reference time, which
//! "a year earlier" or "the previous day" count from, as TimeML does).
//!
//! The recogniser only says *what kind* of expression it saw ([`Val`]); all
//! calendar arithmetic happens here through chrono (`NaiveDate`, ISO weeks,
//! month arithmetic) so month lengths, leap years and week-53 years are never
//! hand-rolled.

use super::lexicon::Unit;
use super::tense::Tense;
use super::timex::{Resolved, Tod};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

mod holiday;
pub use holiday::Holiday;

/// The year of a date expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSpec {
    Abs(i32),
    /// Years after (or before, negative) the anchor's year.
    Rel(i32),
    /// Not stated: the anchor's year, moved by tense when the month says so.
    Infer,
}

/// Which way a bare weekday, month or season points from the anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Read the tense of the sentence (news default: the past).
    Tense,
    /// "last": strictly before the anchor.
    Last,
    /// "next", "coming": strictly after.
    Next,
    /// "this": the one of the anchor's current period.
    This,
    /// On or before the anchor whatever the tense: "Wednesday's ruling" (a
    /// possessive weekday names something that already happened).
    Before,
    /// Strictly before the reference day ("the previous Friday" in a story
    /// about a Friday is the Friday a week earlier), else as [`Dir::Last`].
    BeforeRef,
    /// Strictly after the reference day ("the following Monday").
    AfterRef,
}

impl Dir {
    /// The reference-relative directions read from the anchor, for the
    /// periods (months, seasons, weekends) that do not step from a reference day.
    fn anchor_side(self) -> Dir {
        match self {
            Dir::BeforeRef => Dir::Last,
            Dir::AfterRef => Dir::Next,
            d => d,
        }
    }
}

/// What the recogniser saw, before the calendar is consulted.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// Month (and day) with a year spec.
    Date {
        y: YearSpec,
        m: u32,
        d: Option<u32>,
        dir: Dir,
    },
    Year(YearSpec),
    Weekday {
        wd: u32,
        dir: Dir,
    },
    /// The anchor moved by `n` units, at that unit's granularity ("last week", "six years ago").
    Shift {
        unit: Unit,
        n: i32,
    },
    /// The reference time moved by `n` units ("a year earlier", "the
    /// previous day"); `keep` keeps the reference's granularity ("a year
    /// earlier" after a quarter is a quarter), else the unit's ("the following year").
    RefShift {
        unit: Unit,
        n: i32,
        keep: bool,
    },
    /// "a year ago": the anchor moved back, but a quarter under discussion stays a quarter.
    Ago {
        unit: Unit,
        n: i32,
    },
    /// "the 1988 period": the quarter under discussion in that year, else the year.
    PeriodOf(i32),
    /// A named day ("Thanksgiving Day", "Christmas"): [`Dir::Tense`] for
    /// the nearest one the tense allows, [`Dir::Last`] ("last Christmas",
    /// "since year-end") strictly before the anchor, [`Dir::Next`] after.
    Holiday(Holiday, Dir),
    /// Quarter `q` (0 = unknown) of a year.
    Quarter {
        y: YearSpec,
        q: u32,
    },
    /// "the quarter", "the latest quarter": the reference quarter, else the last completed one.
    LatestQuarter,
    /// "the year-ago quarter": the reference (or latest) quarter a year back.
    YearAgoQuarter,
    /// "this quarter": in an earnings story told after the quarter closed,
    /// the quarter it reports on ("this quarter's loss includes charges");
    /// in a clause about what lies ahead, the calendar quarter of the anchor.
    CurrentQuarter,
    Half {
        y: YearSpec,
        h: u32,
    },
    Season {
        y: YearSpec,
        s: &'static str,
        dir: Dir,
    },
    /// Decade as its first three digits (199 for the 1990s).
    Decade(i32),
    Century(i32),
    Weekend(Dir),
    /// A value that needs no anchor (durations, sets, `PRESENT_REF`).
    Lit(String),
    /// A day-valued expression with a time of day.
    Timed(Box<Val>, Tod),
    /// The same period a year back: "the year-ago third quarter", "the
    /// quarter a year earlier", "last year's quarter".
    YearBack(Box<Val>),
    /// The ISO week of a day: "the week of March 6".
    WeekOf(Box<Val>),
    /// A day-valued expression moved by whole days: "the day before last
    /// Tuesday", "the day after Christmas".
    DayStep(Box<Val>, i32),
}

/// The publication date (and time) that relative expressions count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub date: NaiveDate,
    pub time: Option<(u32, u32)>,
}

impl Anchor {
    /// Reads `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[...]`; None when malformed.
    pub fn parse(s: &str) -> Option<Anchor> {
        let s = s.trim();
        let y: i32 = s.get(0..4)?.parse().ok()?;
        if s.get(4..5)? != "-" || s.get(7..8)? != "-" {
            return None;
        }
        let m: u32 = s.get(5..7)?.parse().ok()?;
        let d: u32 = s.get(8..10)?.parse().ok()?;
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        let time = match s.get(10..11) {
            Some("T") | Some(" ") => {
                let h: u32 = s.get(11..13)?.parse().ok()?;
                let mi: u32 = s.get(14..16)?.parse().ok()?;
                (h < 24 && mi < 60).then_some((h, mi))
            }
            _ => None,
        };
        Some(Anchor { date, time })
    }
}

/// What resolution may consult.
pub struct Ctx<'a> {
    pub anchor: Option<Anchor>,
    pub tense: Tense,
    /// The last explicitly dated period in the story.
    pub reference: Option<&'a Resolved>,
    /// The quarter the story reports on: the first completed quarter it
    /// names. Earnings stories mention the coming quarter or an older one in
    /// passing ("expects fourth-quarter results to improve", "after a flat
    /// second quarter"), but "the latest quarter", "a year ago" and "the
    /// year-ago period" keep meaning the reported one, so these read the
    /// topic instead of the last-mentioned quarter.
    pub topic: Option<&'a Resolved>,
}

fn wd_of(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        d.checked_add_months(Months::new(m))
    } else {
        d.checked_sub_months(Months::new(m))
    }
}

fn week_of(d: NaiveDate, weekend: bool) -> Resolved {
    let w = d.iso_week();
    Resolved::Week(w.year(), w.week(), weekend)
}

/// Quarter arithmetic on (year, quarter).
fn shift_quarter(y: i32, q: u32, n: i32) -> (i32, u32) {
    let idx = y * 4 + q as i32 - 1 + n;
    (idx.div_euclid(4), idx.rem_euclid(4) as u32 + 1)
}

/// The anchor moved by `n` units, at the unit's granularity.
fn shift(date: NaiveDate, unit: Unit, n: i32) -> Option<Resolved> {
    let n64 = i64::from(n);
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            Resolved::Day(add_days(date, n64)?, None)
        }
        Unit::Week => week_of(add_days(date, 7 * n64)?, false),
        Unit::Weekend => {
            // The weekend of the anchor's week, moved by n weeks.
            week_of(add_days(date, 7 * n64)?, true)
        }
        Unit::Month => {
            let d = add_months(date, n64)?;
            Resolved::Month(d.year(), d.month())
        }
        Unit::Quarter => {
            let (y, q) = shift_quarter(date.year(), (date.month() - 1) / 3 + 1, n);
            Resolved::Quarter(y, q)
        }
        Unit::Year => Resolved::Year(date.year().checked_add(n)?),
        Unit::Decade => Resolved::Decade(date.year().div_euclid(10).checked_add(n)?),
        Unit::Century => Resolved::Century(date.year().div_euclid(100).checked_add(n)?),
        Unit::Millennium => return None,
    })
}

/// A reference period moved by `n` units, keeping its own granularity when
/// it is at least as fine as the unit ("a year earlier" after "the third
/// quarter" is the third quarter of the year before).
fn shift_reference(r: &Resolved, unit: Unit, n: i32) -> Option<Resolved> {
    let n64 = i64::from(n);
    Some(match (r, unit) {
        (Resolved::Day(d, _), Unit::Day) => Resolved::Day(add_days(*d, n64)?, None),
        (Resolved::Day(d, _), Unit::Week) => Resolved::Day(add_days(*d, 7 * n64)?, None),
        (Resolved::Day(d, _), Unit::Month) => Resolved::Day(add_months(*d, n64)?, None),
        (Resolved::Day(d, _), Unit::Year) => Resolved::Day(add_months(*d, 12 * n64)?, None),
        (Resolved::Week(y, w, we), Unit::Week) => {
            let monday = NaiveDate::from_isoywd_opt(*y, *w, Weekday::Mon)?;
            let d = add_days(monday, 7 * n64)?.iso_week();
            Resolved::Week(d.year(), d.week(), *we)
        }
        (Resolved::Month(y, m), Unit::Month) => {
            let d = add_months(NaiveDate::from_ymd_opt(*y, *m, 1)?, n64)?;
            Resolved::Month(d.year(), d.month())
        }
        (Resolved::Month(y, m), Unit::Year) => Resolved::Month(y.checked_add(n)?, *m),
        (Resolved::Quarter(y, q), Unit::Quarter) => {
            let (y, q) = shift_quarter(*y, *q, n);
            Resolved::Quarter(y, q)
        }
        (Resolved::Quarter(y, q), Unit::Year) => Resolved::Quarter(y.checked_add(n)?, *q),
        (Resolved::Half(y, h), Unit::Year) => Resolved::Half(y.checked_add(n)?, *h),
        (Resolved::Season(y, s), Unit::Year) => Resolved::Season(y.checked_add(n)?, s),
        (Resolved::Year(y), Unit::Year) => Resolved::Year(y.checked_add(n)?),
        // "last October ... that same day": a day of that month, which one unsaid
        (Resolved::Month(y, m), Unit::Day) if n == 0 => {
            Resolved::Text(format!("{:04}-{m:02}-XX", (*y).clamp(0, 9999)))
        }
        _ => return None,
    })
}

/// A day or month value brought to a coarser unit's granularity.
fn coarsen(r: Resolved, unit: Unit) -> Resolved {
    match (&r, unit) {
        (Resolved::Day(d, _), Unit::Year) => Resolved::Year(d.year()),
        (Resolved::Day(d, _), Unit::Month) => Resolved::Month(d.year(), d.month()),
        (Resolved::Day(d, _), Unit::Week) => week_of(*d, false),
        (Resolved::Month(y, _) | Resolved::Quarter(y, _), Unit::Year) => Resolved::Year(*y),
        _ => r,
    }
}

fn year_of(y: YearSpec, a: NaiveDate) -> i32 {
    match y {
        YearSpec::Abs(y) => y,
        YearSpec::Rel(n) => a.year().saturating_add(n),
        YearSpec::Infer => a.year(),
    }
}

/// The year (anchor's, or one either side) that puts a yearless date
/// nearest the anchor, with the tense making the wrong side four times as far:
/// "in October" said in January is last October, "Jan. 2" in a November
/// story about a dividend payable is next January, "Dec. 15" in October is
/// this December. This reproduces TimeBank's gold better than a fixed rule.
fn nearest_year(a: NaiveDate, tense: Tense, at: impl Fn(i32) -> Option<NaiveDate>) -> i32 {
    let mut best = (i64::MAX, a.year());
    for y in [a.year() - 1, a.year(), a.year() + 1] {
        let Some(d) = at(y) else { continue };
        let diff = d.signed_duration_since(a).num_days();
        let cost = match tense {
            Tense::Past if diff > 0 => diff * PENALTY,
            Tense::Future if diff < 0 => -diff * PENALTY,
            // news mostly reports what happened: a mild lean to the past
            Tense::Unknown if diff > 0 => diff * 2,
            _ => diff.abs(),
        };
        if cost < best.0 {
            best = (cost, y);
        }
    }
    best.1
}

/// How much farther a date on the side the tense rules out counts.
const PENALTY: i64 = 4;

/// Year for a month (and day) stated without one.
fn infer_year(m: u32, d: Option<u32>, dir: Dir, tense: Tense, a: NaiveDate) -> i32 {
    let y = a.year();
    let later = (m, d.unwrap_or(1)) > (a.month(), a.day());
    let earlier = (m, d.unwrap_or(31)) < (a.month(), a.day());
    match dir.anchor_side() {
        Dir::Last if !earlier => y - 1,
        Dir::Next if !later => y + 1,
        Dir::Last | Dir::Next | Dir::This | Dir::BeforeRef | Dir::AfterRef => y,
        Dir::Tense | Dir::Before => nearest_year(
            a,
            if dir == Dir::Before {
                Tense::Past
            } else {
                tense
            },
            |y| {
                let day = d.unwrap_or(15).min(28);
                NaiveDate::from_ymd_opt(y, m, day)
            },
        ),
    }
}

fn unanchored(v: &Val) -> Option<Resolved> {
    Some(Resolved::Text(match v {
        Val::Date {
            y: YearSpec::Abs(y),
            m,
            d: Some(d),
            ..
        } => format!("{y:04}-{m:02}-{d:02}"),
        Val::Date {
            y: YearSpec::Abs(y),
            m,
            d: None,
            ..
        } => format!("{y:04}-{m:02}"),
        Val::Date { m, d: Some(d), .. } => format!("XXXX-{m:02}-{d:02}"),
        Val::Date { m, d: None, .. } => format!("XXXX-{m:02}"),
        Val::Year(YearSpec::Abs(y)) => format!("{y:04}"),
        Val::Weekday { wd, .. } => format!("XXXX-WXX-{wd}"),
        Val::Quarter {
            y: YearSpec::Abs(y),
            q,
        } => format!("{y:04}-Q{q}"),
        Val::Quarter { q, .. } if *q > 0 => format!("XXXX-Q{q}"),
        Val::Season {
            y: YearSpec::Abs(y),
            s,
            ..
        } => format!("{y:04}-{s}"),
        Val::Season { s, .. } => format!("XXXX-{s}"),
        Val::Decade(d) => return Some(Resolved::Decade(*d)),
        Val::Century(c) => return Some(Resolved::Century(*c)),
        Val::Lit(s) => s.clone(),
        _ => return None,
    }))
}

/// Resolves an expression; None when its value cannot be known.
pub fn resolve(v: &Val, cx: &Ctx) -> Option<Resolved> {
    let Some(anchor) = cx.anchor else {
        if let Val::Timed(inner, _) = v {
            return unanchored(inner);
        }
        return unanchored(v);
    };
    let a = anchor.date;
    Some(match v {
        Val::Date { y, m, d, dir } => {
            let year = match y {
                YearSpec::Infer => infer_year(*m, *d, *dir, cx.tense, a),
                _ => year_of(*y, a),
            };
            match d {
                Some(d) => Resolved::Day(NaiveDate::from_ymd_opt(year, *m, *d)?, None),
                None => Resolved::Month(year, *m),
            }
        }
        Val::Year(y) => Resolved::Year(year_of(*y, a)),
        Val::Weekday {
            wd,
            dir: dir @ (Dir::BeforeRef | Dir::AfterRef),
        } if matches!(cx.reference, Some(Resolved::Day(..))) => {
            let Some(Resolved::Day(r, _)) = cx.reference else {
                return None;
            };
            let target = wd_of(*wd).num_days_from_monday() as i64;
            let cur = r.weekday().num_days_from_monday() as i64;
            let delta = if *dir == Dir::BeforeRef {
                -((cur - target - 1).rem_euclid(7) + 1)
            } else {
                (target - cur - 1).rem_euclid(7) + 1
            };
            Resolved::Day(add_days(*r, delta)?, None)
        }
        Val::Weekday { wd, dir } => {
            let target = wd_of(*wd).num_days_from_monday() as i64;
            let cur = a.weekday().num_days_from_monday() as i64;
            let back = (cur - target).rem_euclid(7);
            let fwd = (target - cur).rem_euclid(7);
            let forward = match dir {
                Dir::Next | Dir::AfterRef => true,
                Dir::Last | Dir::Before | Dir::BeforeRef => false,
                Dir::This => fwd <= back,
                Dir::Tense => cx.tense == Tense::Future,
            };
            let delta = match (forward, dir) {
                (true, Dir::Next | Dir::AfterRef) if fwd == 0 => 7,
                (true, _) => fwd,
                (false, Dir::Last | Dir::BeforeRef) if back == 0 => -7,
                (false, _) => -back,
            };
            Resolved::Day(add_days(a, delta)?, None)
        }
        Val::Shift { unit, n } => shift(a, *unit, *n)?,
        Val::RefShift { unit, n, keep } => {
            match cx.reference.and_then(|r| shift_reference(r, *unit, *n)) {
                Some(r) if *keep => r,
                Some(r) => coarsen(r, *unit),
                None => shift(a, *unit, *n)?,
            }
        }
        Val::Ago { unit, n } => match (cx.topic.or(cx.reference), unit) {
            (Some(Resolved::Quarter(y, q)), Unit::Year) => {
                Resolved::Quarter(y.checked_add(*n)?, *q)
            }
            _ => shift(a, *unit, *n)?,
        },
        Val::PeriodOf(y) => match cx.topic.or(cx.reference) {
            Some(Resolved::Quarter(_, q)) => Resolved::Quarter(*y, *q),
            _ => Resolved::Year(*y),
        },
        Val::Holiday(h, dir) => {
            let y = match dir {
                Dir::Last | Dir::Before | Dir::BeforeRef => {
                    let this = h.on(a.year())?;
                    if this < a {
                        a.year()
                    } else {
                        a.year() - 1
                    }
                }
                Dir::Next | Dir::AfterRef => {
                    let this = h.on(a.year())?;
                    if this > a {
                        a.year()
                    } else {
                        a.year() + 1
                    }
                }
                Dir::This => a.year(),
                Dir::Tense => nearest_year(a, cx.tense, |y| h.on(y)),
            };
            Resolved::Day(h.on(y)?, None)
        }
        Val::Quarter { y, q } => {
            let y = match y {
                // A quarter not yet begun, in a past-tense clause, is last year's.
                YearSpec::Infer if cx.tense == Tense::Past && *q > a.month().div_ceil(3) => {
                    a.year() - 1
                }
                _ => year_of(*y, a),
            };
            if *q == 0 {
                Resolved::Text(format!("{y:04}-QX"))
            } else {
                Resolved::Quarter(y, *q)
            }
        }
        Val::LatestQuarter => match cx.topic.or(cx.reference) {
            Some(r @ Resolved::Quarter(..)) => r.clone(),
            _ => shift(a, Unit::Quarter, -1)?,
        },
        Val::CurrentQuarter => match cx.topic {
            Some(r @ Resolved::Quarter(..)) if cx.tense != Tense::Future => r.clone(),
            _ => shift(a, Unit::Quarter, 0)?,
        },
        Val::YearAgoQuarter => match cx.topic.or(cx.reference) {
            Some(Resolved::Quarter(y, q)) => Resolved::Quarter(y - 1, *q),
            _ => match shift(a, Unit::Quarter, -1)? {
                Resolved::Quarter(y, q) => Resolved::Quarter(y - 1, q),
                other => other,
            },
        },
        Val::Half { y, h } => Resolved::Half(year_of(*y, a), *h),
        Val::Season { y, s, dir } => {
            let y = year_of(*y, a);
            let (first, last) = match *s {
                "SP" => (3, 5),
                "SU" => (6, 8),
                "FA" => (9, 11),
                _ => (12, 14),
            };
            let m = a.month();
            let y = match dir.anchor_side() {
                Dir::Last if m <= last => y - 1,
                Dir::Next if m >= first => y + 1,
                // "sales grew over the summer" told in February: last year's
                Dir::Tense if cx.tense == Tense::Past && m < first => y - 1,
                Dir::Tense if cx.tense == Tense::Future && m > last => y + 1,
                _ => y,
            };
            Resolved::Season(y, s)
        }
        Val::Decade(d) => Resolved::Decade(*d),
        Val::Century(c) => Resolved::Century(*c),
        Val::Weekend(dir) => {
            let cur = a.weekday().num_days_from_monday() as i64;
            let forward = match dir.anchor_side() {
                Dir::Next | Dir::This => true,
                Dir::Tense => cx.tense == Tense::Future,
                _ => false,
            };
            // Saturday of the weekend meant: the next one ahead, or the last one started.
            let sat = if forward {
                (5 - cur).rem_euclid(7)
            } else {
                -((cur - 5).rem_euclid(7))
            };
            week_of(add_days(a, sat)?, true)
        }
        Val::Lit(s) => Resolved::Text(s.clone()),
        Val::DayStep(inner, n) => match resolve(inner, cx)? {
            Resolved::Day(d, _) => Resolved::Day(add_days(d, i64::from(*n))?, None),
            _ => return None,
        },
        Val::WeekOf(inner) => match resolve(inner, cx)? {
            Resolved::Day(d, _) => week_of(d, false),
            other => other,
        },
        Val::YearBack(inner) => match resolve(inner, cx)? {
            Resolved::Quarter(y, q) => Resolved::Quarter(y.checked_sub(1)?, q),
            Resolved::Half(y, h) => Resolved::Half(y.checked_sub(1)?, h),
            Resolved::Month(y, m) => Resolved::Month(y.checked_sub(1)?, m),
            Resolved::Season(y, s) => Resolved::Season(y.checked_sub(1)?, s),
            Resolved::Year(y) => Resolved::Year(y.checked_sub(1)?),
            Resolved::Day(d, tod) => Resolved::Day(add_months(d, -12)?, tod),
            other => other,
        },
        Val::Timed(inner, tod) => match resolve(inner, cx)? {
            Resolved::Day(d, _) => Resolved::Day(d, Some(*tod)),
            other => other,
        },
    })
}

#[cfg(test)]
mod tests;
