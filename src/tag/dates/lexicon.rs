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
            // TimeML's decade, century and millennium letters (P1E, PXC, P2L)
            Unit::Decade => ("E", false),
            Unit::Century => ("C", false),
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

/// Nouns that make "today's X" the present age rather than this day
/// ("today's world", "today's youth", "today's personal computers"); any
/// other noun ("today's editions", "today's vote") keeps the day.
pub fn generic_after_today(k: &str) -> bool {
    matches!(
        k,
        "world"
            | "youth"
            | "young"
            | "society"
            | "children"
            | "kids"
            | "generation"
            | "generations"
            | "culture"
            | "economy"
            | "modern"
            | "personal"
            | "standards"
            | "technology"
            | "families"
            | "women"
            | "men"
            | "students"
            | "consumers"
            | "global"
    )
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

/// Whether a token can begin a time expression: 0 never, 1 yes, 2 only
/// when the next token can (function words such as "the", "a", "about").
/// The grammar runs only where this says so, which keeps the scan fast on
/// ordinary prose where almost no token is temporal.
/// Every word that can begin a time expression, sorted for binary search,
/// with its class: 1 starts one, 2 only when the next token can (function
/// words such as "the", "a", "about"). The grammar runs only where this
/// says so, which keeps the scan fast on ordinary prose where almost no
/// token is temporal; a test checks it covers the lexicon's tables.
const START: &[(&str, u8)] = &[
    ("a", 2),
    ("about", 2),
    ("additional", 1),
    ("afternoon", 1),
    ("afternoons", 1),
    ("almost", 2),
    ("an", 2),
    ("annual", 1),
    ("annually", 1),
    ("another", 1),
    ("approximately", 2),
    ("apr", 1),
    ("april", 1),
    ("around", 2),
    ("at", 2),
    ("aug", 1),
    ("august", 1),
    ("autumn", 1),
    ("centuries", 1),
    ("century", 1),
    ("christmas", 1),
    ("coming", 1),
    ("current", 1),
    ("currently", 1),
    ("daily", 1),
    ("day", 1),
    ("days", 1),
    ("dec", 1),
    ("decade", 1),
    ("decades", 1),
    ("december", 1),
    ("dozens", 1),
    ("each", 1),
    ("earlier", 1),
    ("early", 1),
    ("easter", 1),
    ("eight", 1),
    ("eighteen", 1),
    ("eighteenth", 1),
    ("eighth", 1),
    ("eighties", 1),
    ("eighty", 1),
    ("election", 1),
    ("eleven", 1),
    ("eleventh", 1),
    ("evening", 1),
    ("evenings", 1),
    ("every", 1),
    ("fall", 1),
    ("feb", 1),
    ("february", 1),
    ("few", 1),
    ("fewer", 2),
    ("fifteen", 1),
    ("fifteenth", 1),
    ("fifth", 1),
    ("fifties", 1),
    ("fifty", 1),
    ("first", 1),
    ("fiscal", 1),
    ("five", 1),
    ("following", 1),
    ("formerly", 1),
    ("forties", 1),
    ("forty", 1),
    ("four", 1),
    ("fourteen", 1),
    ("fourteenth", 1),
    ("fourth", 1),
    ("fri", 1),
    ("friday", 1),
    ("fridays", 1),
    ("future", 1),
    ("good", 2),
    ("halloween", 1),
    ("hour", 1),
    ("hourly", 1),
    ("hours", 1),
    ("hr", 1),
    ("hrs", 1),
    ("hundreds", 1),
    ("independence", 1),
    ("jan", 1),
    ("january", 1),
    ("jul", 1),
    ("july", 1),
    ("jun", 1),
    ("june", 1),
    ("just", 2),
    ("labor", 1),
    ("labour", 1),
    ("last", 1),
    ("late", 1),
    ("lately", 1),
    ("later", 1),
    ("latest", 1),
    ("less", 2),
    ("many", 1),
    ("mar", 1),
    ("march", 1),
    ("may", 1),
    ("memorial", 1),
    ("mid", 1),
    ("midday", 1),
    ("middle", 1),
    ("midnight", 1),
    ("millennia", 1),
    ("millennium", 1),
    ("min", 1),
    ("mins", 1),
    ("minute", 1),
    ("minutes", 1),
    ("mon", 1),
    ("monday", 1),
    ("mondays", 1),
    ("month", 1),
    ("monthly", 1),
    ("months", 1),
    ("more", 2),
    ("morning", 1),
    ("mornings", 1),
    ("multiple", 1),
    ("nearly", 2),
    ("new", 1),
    ("next", 1),
    ("night", 1),
    ("nightly", 1),
    ("nights", 1),
    ("nine", 1),
    ("nineteen", 1),
    ("nineteenth", 1),
    ("nineties", 1),
    ("ninety", 1),
    ("ninth", 1),
    ("no", 2),
    ("noon", 1),
    ("nov", 1),
    ("november", 1),
    ("now", 1),
    ("nowadays", 1),
    ("numerous", 1),
    ("oct", 1),
    ("october", 1),
    ("one", 1),
    ("over", 2),
    ("overnight", 1),
    ("past", 1),
    ("per", 1),
    ("preceding", 1),
    ("present", 1),
    ("presently", 1),
    ("previous", 1),
    ("prior", 1),
    ("q", 1),
    ("quarter", 1),
    ("quarters", 1),
    ("recent", 1),
    ("recently", 1),
    ("roughly", 2),
    ("sat", 1),
    ("saturday", 1),
    ("saturdays", 1),
    ("second", 1),
    ("seconds", 1),
    ("sep", 1),
    ("sept", 1),
    ("september", 1),
    ("seven", 1),
    ("seventeen", 1),
    ("seventeenth", 1),
    ("seventh", 1),
    ("seventies", 1),
    ("seventy", 1),
    ("several", 1),
    ("six", 1),
    ("sixteen", 1),
    ("sixteenth", 1),
    ("sixth", 1),
    ("sixties", 1),
    ("sixty", 1),
    ("some", 2),
    ("soon", 1),
    ("spring", 1),
    ("subsequent", 1),
    ("summer", 1),
    ("sun", 1),
    ("sunday", 1),
    ("sundays", 1),
    ("ten", 1),
    ("tenth", 1),
    ("thanksgiving", 1),
    ("that", 2),
    ("the", 2),
    ("these", 2),
    ("third", 1),
    ("thirteen", 1),
    ("thirteenth", 1),
    ("thirties", 1),
    ("thirtieth", 1),
    ("thirty", 1),
    ("this", 1),
    ("thousands", 1),
    ("three", 1),
    ("thu", 1),
    ("thur", 1),
    ("thurs", 1),
    ("thursday", 1),
    ("thursdays", 1),
    ("today", 1),
    ("tomorrow", 1),
    ("tonight", 1),
    ("tue", 1),
    ("tues", 1),
    ("tuesday", 1),
    ("tuesdays", 1),
    ("twelfth", 1),
    ("twelve", 1),
    ("twenties", 1),
    ("twentieth", 1),
    ("twenty", 1),
    ("two", 1),
    ("up", 2),
    ("upcoming", 1),
    ("valentine", 1),
    ("wed", 1),
    ("wednesday", 1),
    ("wednesdays", 1),
    ("week", 1),
    ("weekend", 1),
    ("weekends", 1),
    ("weekly", 1),
    ("weeks", 1),
    ("while", 1),
    ("winter", 1),
    ("year", 1),
    ("yearly", 1),
    ("years", 1),
    ("yesterday", 1),
    ("zero", 1),
];

/// Index range of [`START`] per first letter, so a look-up compares a
/// handful of same-letter words by length first (no binary search of
/// string comparisons on every token of the page).
const START_BY_LETTER: [(u16, u16); 26] = {
    let mut t = [(0u16, 0u16); 26];
    let mut i = 0;
    while i < START.len() {
        let c = (START[i].0.as_bytes()[0] - b'a') as usize;
        if t[c].1 == 0 {
            t[c].0 = i as u16;
        }
        t[c].1 = i as u16 + 1;
        i += 1;
    }
    t
};

/// [`START`] class of a lowercased word, 0 when it cannot begin an expression.
pub fn start_class(k: &str) -> u8 {
    let Some(&b) = k.as_bytes().first() else {
        return 0;
    };
    if !b.is_ascii_lowercase() {
        return 0;
    }
    let (from, to) = START_BY_LETTER[(b - b'a') as usize];
    START
        .get(from as usize..to as usize)
        .and_then(|ws| ws.iter().find(|(w, _)| w.len() == k.len() && *w == k))
        .map(|(_, c)| *c)
        .unwrap_or(0)
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

    #[test]
    fn start_words_are_sorted_and_cover_the_tables() {
        assert!(START.windows(2).all(|w| w[0].0 < w[1].0));
        for (w, _) in START {
            assert_eq!(w.to_ascii_lowercase(), *w);
        }
        let tables: [fn(&str) -> bool; 9] = [
            |k| month(k).is_some(),
            |k| weekday(k).is_some() || weekday_plural(k).is_some(),
            |k| unit(k).is_some(),
            |k| small_number(k).is_some(),
            |k| ordinal(k).is_some(),
            |k| season(k).is_some(),
            |k| part_of_day(k).is_some(),
            |k| position_modifier(k).is_some(),
            |k| approx_modifier(k).is_some(),
        ];
        let probe = [
            "sept",
            "thurs",
            "mondays",
            "millennia",
            "ninety",
            "thirtieth",
            "autumn",
            "overnight",
            "mid",
            "roughly",
        ];
        for w in probe {
            assert!(tables.iter().any(|t| t(w)), "{w}");
            assert!(start_class(w) > 0, "{w}");
        }
        assert_eq!(start_class("the"), 2);
        assert_eq!(start_class("table"), 0);
    }
}
