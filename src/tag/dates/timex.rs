//! TIMEX3 value strings. A resolved expression is kept at the granularity
//! the text states (a week stays a week, `2020-W31`, instead of being forced
//! to a day), because TimeML scores the value at that granularity and the
//! reader's tooltip should not invent precision the text lacks.

use super::lexicon::Unit;
use chrono::{Datelike, NaiveDate};

/// Time of day attached to a day: a clock time or a TIMEX3 part of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tod {
    Hm(u32, u32),
    Part(&'static str),
}

/// A point or period on the calendar at the granularity the text gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    Day(NaiveDate, Option<Tod>),
    /// ISO year and week; `true` for the weekend of that week.
    Week(i32, u32, bool),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, &'static str),
    Year(i32),
    Decade(i32),
    Century(i32),
    /// A value that needs no calendar (references, unanchored forms).
    Text(String),
}

impl Resolved {
    /// The TIMEX3 `value`.
    pub fn value(&self) -> String {
        match self {
            Resolved::Day(d, tod) => {
                let mut s = format!("{}-{:02}-{:02}", year(d.year()), d.month(), d.day());
                match tod {
                    Some(Tod::Hm(h, m)) => s.push_str(&format!("T{h:02}:{m:02}")),
                    Some(Tod::Part(p)) => {
                        s.push('T');
                        s.push_str(p);
                    }
                    None => {}
                }
                s
            }
            Resolved::Week(y, w, we) => {
                format!("{}-W{:02}{}", year(*y), w, if *we { "-WE" } else { "" })
            }
            Resolved::Month(y, m) => format!("{}-{:02}", year(*y), m),
            Resolved::Quarter(y, q) => format!("{}-Q{}", year(*y), q),
            Resolved::Half(y, h) => format!("{}-H{}", year(*y), h),
            Resolved::Season(y, s) => format!("{}-{}", year(*y), s),
            Resolved::Year(y) => year(*y),
            Resolved::Decade(d) => format!("{:03}", d.rem_euclid(1000)),
            Resolved::Century(c) => format!("{:02}", c.rem_euclid(100)),
            Resolved::Text(s) => s.clone(),
        }
    }
}

fn year(y: i32) -> String {
    format!("{:04}", y.clamp(0, 9999))
}

/// A duration value: `P6Y`, `PT24H`, `PXY` when the amount is vague.
pub fn duration(n: Option<u32>, unit: Unit) -> String {
    let (l, t) = unit.letter();
    let amount = n.map(|n| n.to_string()).unwrap_or_else(|| "X".into());
    // TimeML writes decades and centuries as years when the amount is known (P20Y).
    match (n, unit) {
        (Some(n), Unit::Decade) => format!("P{}Y", n.saturating_mul(10)),
        (Some(n), Unit::Century) => format!("P{}Y", n.saturating_mul(100)),
        (Some(n), Unit::Weekend) => format!("P{}D", n.saturating_mul(2)),
        (Some(n), Unit::Quarter) if n > 1 => format!("P{}M", n.saturating_mul(3)),
        _ => format!("P{}{}{}", if t { "T" } else { "" }, amount, l),
    }
}

/// "2 1/2 years", "an hour and a half": TimeML states the half in the next
/// smaller unit (`P2Y6M`, `PT1H30M`). None for units whose half has no such
/// plain form (weeks, months, quarters); the caller then keeps the span with a
/// vague amount.
pub fn half_duration(n: u32, unit: Unit) -> Option<String> {
    let whole = |v: u32, l: &str| {
        if v == 0 {
            String::new()
        } else {
            format!("{v}{l}")
        }
    };
    Some(match unit {
        Unit::Year => format!("P{}6M", whole(n, "Y")),
        Unit::Decade => format!("P{}Y", n.saturating_mul(10).saturating_add(5)),
        Unit::Century => format!("P{}Y", n.saturating_mul(100).saturating_add(50)),
        Unit::Day => format!("P{}T12H", whole(n, "D")),
        Unit::Hour => format!("PT{}30M", whole(n, "H")),
        Unit::Minute => format!("PT{}30S", whole(n, "M")),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let d = NaiveDate::from_ymd_opt(2020, 7, 28).unwrap();
        assert_eq!(Resolved::Day(d, None).value(), "2020-07-28");
        assert_eq!(
            Resolved::Day(d, Some(Tod::Part("MO"))).value(),
            "2020-07-28TMO"
        );
        assert_eq!(
            Resolved::Day(d, Some(Tod::Hm(18, 48))).value(),
            "2020-07-28T18:48"
        );
        assert_eq!(Resolved::Week(2020, 31, false).value(), "2020-W31");
        assert_eq!(Resolved::Week(1990, 32, true).value(), "1990-W32-WE");
        assert_eq!(Resolved::Month(2020, 9).value(), "2020-09");
        assert_eq!(Resolved::Quarter(2020, 1).value(), "2020-Q1");
        assert_eq!(Resolved::Season(2020, "SU").value(), "2020-SU");
        assert_eq!(Resolved::Decade(199).value(), "199");
        assert_eq!(Resolved::Century(19).value(), "19");
    }

    #[test]
    fn half_durations() {
        assert_eq!(half_duration(2, Unit::Year).as_deref(), Some("P2Y6M"));
        assert_eq!(half_duration(0, Unit::Year).as_deref(), Some("P6M"));
        assert_eq!(half_duration(5, Unit::Hour).as_deref(), Some("PT5H30M"));
        assert_eq!(half_duration(1, Unit::Minute).as_deref(), Some("PT1M30S"));
        assert_eq!(half_duration(1, Unit::Day).as_deref(), Some("P1DT12H"));
        assert_eq!(half_duration(1, Unit::Decade).as_deref(), Some("P15Y"));
        assert_eq!(half_duration(3, Unit::Week), None);
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Some(6), Unit::Year), "P6Y");
        assert_eq!(duration(Some(24), Unit::Hour), "PT24H");
        assert_eq!(duration(None, Unit::Year), "PXY");
        assert_eq!(duration(Some(2), Unit::Decade), "P20Y");
        assert_eq!(duration(None, Unit::Century), "PXC");
        assert_eq!(duration(None, Unit::Decade), "PXE");
    }
}
