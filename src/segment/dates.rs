//! Publication dates as pages print them: ISO stamps from metadata
//! (`2020-07-29T18:48:00+08:00`), datelines ("Jul 29, 2020 06:48 PM",
//! "29 July 2020", "Aug. 5, 2020"), numeric dates and URL paths
//! (`/2020/07/29/`).
//!
//! Hand-written over a small token scan rather than a regex crate: the
//! shapes are few, and the wasm budget is better spent on models. The clock
//! time is kept as written (the page's local time), the zone is dropped: the
//! reader's "on Tuesday" is relative to the story's own calendar.

/// A date, with the clock time when one was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub time: Option<(u8, u8)>,
}

impl Stamp {
    /// `YYYY-MM-DDTHH:MM` when the time is known (midnight counts as
    /// unknown: feeds write `T00:00:00` for "some time that day"), else `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        match self.time {
            Some((h, m)) if (h, m) != (0, 0) => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                self.year, self.month, self.day, h, m
            ),
            _ => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// A month name or abbreviation ("Jul", "July", "Sept", "Jul.").
fn month_of(word: &str) -> Option<u8> {
    // compared case-insensitively in place: lower-casing into a new String
    // for every token was a top allocation site of the segmenter
    let w = word.trim_end_matches('.');
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    for (i, (m, full)) in MONTHS.iter().zip(crate::calendar_words::MONTHS).enumerate() {
        if w.eq_ignore_ascii_case(m)
            || w.eq_ignore_ascii_case(full)
            || (i == 8 && w.eq_ignore_ascii_case("sept"))
        {
            return Some(i as u8 + 1);
        }
    }
    None
}

/// Parses an ISO-like stamp at the start of `s` (`2020-07-29`, `2020-07-29T18:48:00Z`,
/// `2020-07-29 18:48`, `2020/07/29`).
/// Days since 0000-03-01 in the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`), for day differences across month ends.
pub fn day_number(year: u16, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

pub fn parse_iso(s: &str) -> Option<Stamp> {
    let b = s.trim().as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/' || sep == b'.') || b[7] != sep {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let x = b.get(r)?;
        if x.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(x).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !valid(y, m, d) {
        return None;
    }
    let mut time = None;
    if b.len() >= 16 && (b[10] == b'T' || b[10] == b' ') && b[13] == b':' {
        if let (Some(h), Some(mi)) = (num(11..13), num(14..16)) {
            if h < 24 && mi < 60 {
                time = Some((h as u8, mi as u8));
            }
        }
    }
    Some(Stamp {
        year: y as u16,
        month: m as u8,
        day: d as u8,
        time,
    })
}

/// A token of a date scan: a run of letters, of digits, or one other char.
#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    s: &'a str,
    start: usize,
}

fn toks(s: &str, limit: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if out.len() >= limit {
            break;
        }
        if c.is_whitespace() {
            continue;
        }
        let kind = |c: char| {
            if c.is_ascii_digit() {
                1
            } else if c.is_alphabetic() {
                2
            } else {
                3
            }
        };
        let k = kind(c);
        let mut end = i + c.len_utf8();
        let mut prev = c;
        if k != 3 {
            while let Some(&(j, d)) = it.peek() {
                // "GiuffridaMar 5": a lower-to-upper step starts a new word.
                if kind(d) != k || (prev.is_lowercase() && d.is_uppercase()) {
                    break;
                }
                prev = d;
                end = j + d.len_utf8();
                it.next();
            }
        }
        // "November 11, 20228:23 PM": a year glued to the clock time by
        // adjacent inline elements; the year is the first four digits.
        if k == 1 && (5..=6).contains(&(end - i)) && s[end..].starts_with(':') {
            out.push(Tok {
                s: &s[i..i + 4],
                start: i,
            });
            out.push(Tok {
                s: &s[i + 4..end],
                start: i + 4,
            });
            continue;
        }
        out.push(Tok {
            s: &s[i..end],
            start: i,
        });
    }
    out
}

fn number(t: Option<&Tok>, max_len: usize) -> Option<u32> {
    let t = t?;
    if t.s.len() <= max_len && t.s.bytes().all(|b| b.is_ascii_digit()) {
        t.s.parse().ok()
    } else {
        None
    }
}

/// A clock time after token `i` ("06:48 PM", "18:48", "6.48pm"); returns the time and tokens used.
fn clock(t: &[Tok], i: usize) -> Option<((u8, u8), usize)> {
    let mut j = i;
    // optional "at", ",", "|", "-", "·"
    while t
        .get(j)
        .is_some_and(|x| matches!(x.s, "," | "at" | "|" | "-" | "·" | "•" | "/" | "–"))
        && j < i + 2
    {
        j += 1;
    }
    let h = number(t.get(j), 2)?;
    if !matches!(t.get(j + 1).map(|x| x.s), Some(":") | Some(".")) {
        return None;
    }
    let m = number(t.get(j + 2), 2)?;
    if t.get(j + 2).map(|x| x.s.len()) != Some(2) {
        return None;
    }
    let mut used = j + 3 - i;
    let mut h = h;
    if let Some(ap) = t.get(j + 3).map(|x| x.s.to_ascii_lowercase()) {
        let ap = ap.replace('.', "");
        if ap == "pm" || ap == "p" {
            if h < 12 {
                h += 12;
            }
            used += 1;
        } else if ap == "am" || ap == "a" {
            if h == 12 {
                h = 0;
            }
            used += 1;
        }
    }
    (h < 24 && m < 60).then_some(((h as u8, m as u8), used))
}

/// The first date printed in `s`, with its byte range. Recognises
/// "Jul 29, 2020 06:48 PM", "July 29 2020", "29 July 2020", "2020-07-29",
/// "29.07.2020", "07/29/2020" (day first when the first number exceeds 12).
pub fn find_date(s: &str) -> Option<(Stamp, std::ops::Range<usize>)> {
    // Every form below needs a year: a run of exactly four ASCII digits.
    // Checking for one first spares tokenising the many prose blocks
    // without it (find_date was 8% of the pipeline on a listing page).
    if !has_four_digit_run(s) {
        return None;
    }
    let t = toks(s, 4000);
    for i in 0..t.len() {
        let end_of = |k: usize| t.get(k).map(|x| x.start + x.s.len()).unwrap_or(s.len());
        // A four-digit year at token k for month m, day d, then an optional clock time.
        let year_and_clock = |k: usize, m: u8, d: u32| {
            let y = number(t.get(k), 4).filter(|_| t[k].s.len() == 4)?;
            if !valid(y, m as u32, d) {
                return None;
            }
            let (time, used) = clock(&t, k + 1)
                .map(|(c, u)| (Some(c), u))
                .unwrap_or((None, 0));
            let st = Stamp {
                year: y as u16,
                month: m,
                day: d as u8,
                time,
            };
            Some((st, t[i].start..end_of(k + used)))
        };
        // Month D, YYYY
        if let Some(m) = month_of(t[i].s) {
            let mut j = i + 1;
            if t.get(j).map(|x| x.s) == Some(".") {
                j += 1;
            }
            if let Some(d) = number(t.get(j), 2) {
                let mut k = j + 1;
                if t.get(k).is_some_and(|x| {
                    matches!(x.s.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th")
                }) {
                    k += 1;
                }
                if t.get(k).map(|x| x.s) == Some(",") {
                    k += 1;
                }
                if let Some(found) = year_and_clock(k, m, d) {
                    return Some(found);
                }
            }
        }
        // D Month YYYY
        if let Some(d) = number(t.get(i), 2) {
            let mut j = i + 1;
            if t.get(j).is_some_and(|x| {
                matches!(
                    x.s.to_ascii_lowercase().as_str(),
                    "st" | "nd" | "rd" | "th" | "."
                )
            }) {
                j += 1;
            }
            if let Some(m) = t.get(j).and_then(|x| month_of(x.s)) {
                let mut k = j + 1;
                if matches!(t.get(k).map(|x| x.s), Some(".") | Some(",")) {
                    k += 1;
                }
                if let Some(found) = year_and_clock(k, m, d) {
                    return Some(found);
                }
            }
        }
        // YYYY-MM-DD / YYYY/MM/DD
        if t[i].s.len() == 4 {
            if let Some(st) = parse_iso(&s[t[i].start..]) {
                let len = if st.time.is_some() { 16 } else { 10 };
                return Some((st, t[i].start..(t[i].start + len).min(s.len())));
            }
        }
        // DD.MM.YYYY, MM/DD/YYYY, DD/MM/YYYY
        if let (Some(a), Some(sep)) = (number(t.get(i), 2), t.get(i + 1).map(|x| x.s)) {
            if matches!(sep, "/" | "." | "-") && t.get(i + 3).map(|x| x.s) == Some(sep) {
                if let (Some(b), Some(y)) = (
                    number(t.get(i + 2), 2),
                    number(t.get(i + 4), 4).filter(|_| t[i + 4].s.len() == 4),
                ) {
                    let (m, d) = if sep == "." || a > 12 { (b, a) } else { (a, b) };
                    if valid(y, m, d) {
                        let (time, used) = clock(&t, i + 5)
                            .map(|(c, u)| (Some(c), u))
                            .unwrap_or((None, 0));
                        let st = Stamp {
                            year: y as u16,
                            month: m as u8,
                            day: d as u8,
                            time,
                        };
                        return Some((st, t[i].start..end_of(i + 4 + used)));
                    }
                }
            }
        }
    }
    None
}

/// Whether `s` holds a maximal run of exactly four ASCII digits (or of
/// five or six glued to a clock time, "20228:23", which [`toks`] splits).
fn has_four_digit_run(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
        } else if run == 4 || (b == b':' && (5..=6).contains(&run)) {
            return true;
        } else {
            run = 0;
        }
    }
    run == 4
}

/// A date in a URL path: `/2020/07/29/`, `/2020-07-29-`, `/20200729/`.
pub fn date_in_url(url: &str) -> Option<Stamp> {
    let path = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        // "/2023/october/03/": some CMSs spell the month out in the path.
        let month = w[1]
            .parse::<u32>()
            .ok()
            .filter(|_| w[1].len() <= 2)
            .or_else(|| month_of(w[1]).map(u32::from));
        if let (Ok(y), Some(m), Ok(d)) = (w[0].parse::<u32>(), month, w[2].parse::<u32>()) {
            if w[0].len() == 4 && w[2].len() <= 2 && valid(y, m, d) {
                return Some(Stamp {
                    year: y as u16,
                    month: m as u8,
                    day: d as u8,
                    time: None,
                });
            }
        }
    }
    for p in &parts {
        if p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()) {
            let (y, m, d) = (
                p[..4].parse().ok()?,
                p[4..6].parse().ok()?,
                p[6..].parse().ok()?,
            );
            if valid(y, m, d) && y >= 1995 {
                return Some(Stamp {
                    year: y as u16,
                    month: m as u8,
                    day: d as u8,
                    time: None,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_cross_month_and_year_ends() {
        assert_eq!(day_number(2025, 3, 1) - day_number(2025, 2, 28), 1);
        assert_eq!(day_number(2024, 3, 1) - day_number(2024, 2, 28), 2);
        assert_eq!(day_number(2026, 1, 1) - day_number(2025, 12, 31), 1);
    }

    fn iso(s: &str) -> Option<String> {
        find_date(s).map(|(st, _)| st.iso())
    }

    #[test]
    fn year_run_gate() {
        assert!(has_four_digit_run("Jul 29, 2020"));
        assert!(has_four_digit_run("2020"));
        assert!(!has_four_digit_run("20200729 and 123 and 12345"));
        assert!(!has_four_digit_run("no digits at all"));
        assert_eq!(find_date("July 29 20201"), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            iso("Ding Yi / Jul 29, 2020 06:48 PM / World").as_deref(),
            Some("2020-07-29T18:48")
        );
        assert_eq!(
            iso("By Flynn Murphy / Aug. 5, 2020 12:04 AM").as_deref(),
            Some("2020-08-05T00:04")
        );
        assert_eq!(iso("Published 29 July 2020").as_deref(), Some("2020-07-29"));
        assert_eq!(
            iso("September 3rd, 2019 at 9:15 am").as_deref(),
            Some("2019-09-03T09:15")
        );
        assert_eq!(
            iso("Updated: 2021-03-04 10:20").as_deref(),
            Some("2021-03-04T10:20")
        );
        assert_eq!(iso("04.03.2021").as_deref(), Some("2021-03-04"));
        assert_eq!(iso("03/25/2021").as_deref(), Some("2021-03-25"));
        assert_eq!(iso("May I go? 5 may"), None);
        // adjacent inline elements glue the year to the clock time
        assert_eq!(
            iso("Updated November 11, 20228:23 PM ET").as_deref(),
            Some("2022-11-11T20:23")
        );
        assert_eq!(iso("Call 12345:20 now"), None);
        assert_eq!(iso("The $645,157 figure"), None);
    }

    #[test]
    fn iso_and_url() {
        assert_eq!(
            parse_iso("2020-07-29T18:48:00+08:00")
                .map(|s| s.iso())
                .as_deref(),
            Some("2020-07-29T18:48")
        );
        assert_eq!(
            parse_iso("2020-07-29T00:00:00Z")
                .map(|s| s.iso())
                .as_deref(),
            Some("2020-07-29")
        );
        assert_eq!(parse_iso("29 July"), None);
        assert_eq!(
            date_in_url("https://x.com/2025/09/04/top-news/")
                .map(|s| s.iso())
                .as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(
            date_in_url("https://x.com/news/20200729/a.html")
                .map(|s| s.iso())
                .as_deref(),
            Some("2020-07-29")
        );
        assert_eq!(date_in_url("https://x.com/news/12345/a.html"), None);
        assert_eq!(
            date_in_url("https://x.com/blog/2023/october/03/wine-types")
                .map(|s| s.iso())
                .as_deref(),
            Some("2023-10-03")
        );
        assert_eq!(date_in_url("https://x.com/2023/may/top-10-list"), None);
    }
}
