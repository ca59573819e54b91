//! Weekdays and clock times: "Tuesday", "Tuesday morning", "Saturday,
//! April 25", "06:48 PM", "3 p.m. EST Nov. 9", "noon Saturday".

use super::super::lexicon::{self, Unit};
use super::super::resolve::{Dir, Val};
use super::super::timex::Tod;
use super::{Hit, Ty, P};

const ZONES: &[&str] = &[
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "et", "bst", "cet",
    "cest",
];

impl P<'_> {
    /// A clock time at `i`: "06:48 PM", "3 p.m.", "10:30", "noon", with a time zone.
    pub fn clock(&self, i: usize) -> Option<(Tod, usize)> {
        match self.k(i) {
            // "High Noon" is a film, "high noon" a figure of speech
            "noon" | "midday" if i > 0 && self.is(i - 1, "high") => return None,
            "noon" | "midday" => return Some((Tod::Hm(12, 0), i + 1)),
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
    /// ("5 p.m. EST Nov. 9", "10 p.m. Wednesday"); else on the reference day.
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
        // A bare clock time is on the day under discussion (the reference
        // day: "Slepian was shot on Oct. 23 ... at 10 p.m."), else the anchor's.
        Some(Hit::new(
            i,
            e,
            Ty::Time,
            Val::Timed(
                Box::new(Val::RefShift {
                    unit: Unit::Day,
                    n: 0,
                    keep: true,
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
        let possessive = (self.punct(j, '\'') || self.punct(j, '\u{2019}')) && self.is(j + 1, "s");
        let base = Val::Weekday {
            wd,
            dir: if possessive { Dir::Before } else { Dir::Tense },
        };
        // "on Monday and Tuesday nights": the plural part of day after the
        // second weekday makes both a recurring slot
        if self.any(j, &["and", "or"]) && lexicon::weekday(self.k(j + 1)).is_some() {
            let pk = self.k(j + 2);
            if let Some(p) = lexicon::part_of_day(pk).filter(|_| pk.ends_with('s')) {
                return Some(Hit::new(
                    i,
                    j,
                    Ty::Set,
                    Val::Lit(format!("XXXX-WXX-{wd}T{p}")),
                ));
            }
        }
        if let Some(p) = lexicon::part_of_day(self.k(j)) {
            if self.k(j).ends_with('s') {
                return Some(Hit::new(
                    i,
                    j + 1,
                    Ty::Set,
                    Val::Lit(format!("XXXX-WXX-{wd}T{p}")),
                ));
            }
            // Both dev golds mostly keep "Sunday night" and "Tuesday
            // morning" as the plain day (and often tag the weekday alone),
            // while evenings and afternoons keep their TEV/TAF suffix: the
            // span stays whole, the value follows that majority convention.
            if matches!(p, "MO" | "NI") {
                return Some(Hit::new(i, j + 1, Ty::Date, base));
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
}
