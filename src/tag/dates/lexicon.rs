//! The closed word classes of English time expressions. Plain `match`
//! tables on the lowercased token key: the compiler turns them into length +
//! byte comparisons, so a look-up costs a few nanoseconds and no memory, and
//! the lists stay readable and reviewable in one place.

/// Calendar units, coarsest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
}

impl Unit {
    /// The TIMEX3 duration letter (`P3Y`, `PT2H`), and whether it needs the `T`.
    pub fn letter(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day => ("D", false),
            Unit::Weekend => ("WE", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Quarter => ("Q", false),
            Unit::Year => ("Y", false),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
            Unit::Millennium => ("L", false),
        }
    }

    /// Time of day units make `time`-typed expressions.
    pub fn is_clock(self) -> bool {
        self <= Unit::Hour
    }
}

/// Month number of a month name or abbreviation.
pub fn month(k: &str) -> Option<u32> {
    Some(match k {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// True for a month abbreviation (which may be followed by a period).
pub fn month_abbrev(k: &str) -> bool {
    k.len() <= 4 && month(k).is_some() && k != "may" && k != "june" && k != "july"
}

/// ISO weekday number (Monday = 1) of a weekday name; abbreviations only
/// where they cannot be ordinary words.
pub fn weekday(k: &str) -> Option<u32> {
    Some(match k {
        "monday" | "mon" => 1,
        "tuesday" | "tue" | "tues" => 2,
        "wednesday" | "wed" => 3,
        "thursday" | "thu" | "thur" | "thurs" => 4,
        "friday" | "fri" => 5,
        "saturday" | "sat" => 6,
        "sunday" | "sun" => 7,
        _ => return None,
    })
}

/// Plural weekday ("on Mondays") for sets.
pub fn weekday_plural(k: &str) -> Option<u32> {
    let s = k.strip_suffix('s')?;
    if s.len() > 5 {
        weekday(s)
    } else {
        None
    }
}

/// Unit words, singular or plural, with whether the form is plural.
pub fn unit(k: &str) -> Option<(Unit, bool)> {
    Some(match k {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "weekend" => (Unit::Weekend, false),
        "weekends" => (Unit::Weekend, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        "millennium" => (Unit::Millennium, false),
        "millennia" => (Unit::Millennium, true),
        _ => return None,
    })
}

/// Cardinal number words below one hundred.
pub fn small_number(k: &str) -> Option<u32> {
    Some(match k {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return tens(k),
    })
}

/// Multiples of ten from twenty to ninety.
pub fn tens(k: &str) -> Option<u32> {
    Some(match k {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Ordinal words (first..thirty-first parts) for quarters and days.
pub fn ordinal(k: &str) -> Option<u32> {
    Some(match k {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => return None,
    })
}

/// Ordinal suffixes glued to digits ("29th").
pub fn ordinal_suffix(k: &str) -> bool {
    matches!(k, "st" | "nd" | "rd" | "th")
}

/// TIMEX3 season codes.
pub fn season(k: &str) -> Option<&'static str> {
    Some(match k {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// TIMEX3 part-of-day codes.
pub fn part_of_day(k: &str) -> Option<&'static str> {
    Some(match k {
        "morning" | "mornings" => "MO",
        "afternoon" | "afternoons" => "AF",
        "evening" | "evenings" => "EV",
        "night" | "nights" | "overnight" => "NI",
        "midday" => "MI",
        _ => return None,
    })
}

/// Words before a number that belong to the expression and set its TIMEX3 `mod`.
pub fn approx_modifier(k: &str) -> Option<&'static str> {
    Some(match k {
        "about" | "around" | "approximately" | "roughly" | "some" => "APPROX",
        "nearly" | "almost" => "LESS_THAN",
        "over" => "MORE_THAN",
        _ => return None,
    })
}

/// Position words before a period ("early 1990", "mid-September").
pub fn position_modifier(k: &str) -> Option<&'static str> {
    Some(match k {
        "early" => "START",
        "late" => "END",
        "mid" | "middle" => "MID",
        _ => return None,
    })
}

/// Digit string to number (at most 9 digits).
pub fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables() {
        assert_eq!(month("sept"), Some(9));
        assert!(month_abbrev("jan") && !month_abbrev("may"));
        assert_eq!(weekday("thursday"), Some(4));
        assert_eq!(weekday_plural("mondays"), Some(1));
        assert_eq!(weekday_plural("sats"), None);
        assert_eq!(unit("centuries"), Some((Unit::Century, true)));
        assert_eq!(small_number("ninety"), Some(90));
        assert_eq!(Unit::Hour.letter(), ("H", true));
        assert!(Unit::Minute.is_clock() && !Unit::Day.is_clock());
        assert_eq!(digits("2020"), Some(2020));
        assert_eq!(digits("12345678901"), None);
    }
}
