//! Named days with a calendar rule: fixed days, the nth weekday of a
//! month, US Election Day and the Easter cycle. Kept apart from the
//! resolver because each rule is plain date arithmetic with no context.

use super::{add_days, wd_of};
use chrono::{Datelike, NaiveDate};

/// Holidays with a rule: a fixed day, or the nth weekday of a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    Fixed(u32, u32),
    /// Month, ISO weekday, nth (5 = the last).
    Nth(u32, u32, u32),
    /// US Election Day: the Tuesday after the first Monday of November.
    Election,
    /// Easter Sunday moved by the given days (-2 = Good Friday).
    Easter(i32),
}

/// Easter Sunday of year `y` in the Gregorian calendar (the anonymous
/// Gregorian computus, Meeus/Jones/Butcher); chrono has no Easter rule, and
/// no small crate is worth its weight for these dozen lines of arithmetic.
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

impl Holiday {
    pub fn on(self, y: i32) -> Option<NaiveDate> {
        match self {
            Holiday::Fixed(m, d) => NaiveDate::from_ymd_opt(y, m, d),
            Holiday::Nth(m, wd, 5) => {
                let first_next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                }?;
                let last = first_next.pred_opt()?;
                let back = (last.weekday().number_from_monday() + 7 - wd) % 7;
                add_days(last, -(back as i64))
            }
            Holiday::Nth(m, wd, nth) => {
                NaiveDate::from_weekday_of_month_opt(y, m, wd_of(wd), u8::try_from(nth).ok()?)
            }
            Holiday::Election => add_days(Holiday::Nth(11, 1, 1).on(y)?, 1),
            Holiday::Easter(n) => add_days(easter(y)?, i64::from(n)),
        }
    }
}
