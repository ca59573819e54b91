//! The actor tagger's own tokenizer: one byte-level pass, no allocation beyond
//! the output vector.
//!
//! Why not UAX #29 words: names need a few news-specific cuts that the
//! generic rules get wrong or make costly — "U.S." and "J." keep their dots,
//! "Japan’s" loses its possessive, "ByteDance-owned" splits at the hyphen so
//! the name can be a span on its own, and "(CCP)" yields the bare acronym.
//! The same function tokenizes the training text and the pages, so the model
//! never sees a cut it was not trained on.

use std::ops::Range;

/// Abbreviations that keep their final dot ("Mr." "Inc."), lower-cased.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "jr", "sr", "st", "inc", "corp", "co", "ltd", "gen", "sen", "rep",
    "gov", "lt", "col", "sgt", "prof", "mt", "ft", "vs", "no", "capt", "cmdr", "adm", "maj",
    "pres", "supt", "det", "insp", "messrs", "bros", "plc", "ave", "blvd", "rev", "hon",
];

/// Appends the tokens of `text[range]` to `out` as byte ranges into `text`.
/// Out-of-range or non-boundary ranges yield nothing rather than panicking.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(s) = text.get(range.clone()) else {
        return;
    };
    let base = range.start;
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let (ch, clen) = decode(s, i);
        if ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}' || ch == '\u{ad}' {
            i += clen;
            continue;
        }
        if !ch.is_alphanumeric() {
            // the possessive "'s" / "’s" is one token
            let after = i + clen;
            if (ch == '\'' || ch == '\u{2019}')
                && after < n
                && (b[after] == b's' || b[after] == b'S')
                && !alnum_at(s, after + 1)
            {
                out.push(base + i..base + after + 1);
                i = after + 1;
                continue;
            }
            out.push(base + i..base + i + clen);
            i += clen;
            continue;
        }
        let start = i;
        i = word_end(s, i);
        out.push(base + start..base + i);
    }
}

/// Tokens of `text[range]` (a fresh vector; see [`tokenize_into`]).
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut v = Vec::new();
    tokenize_into(text, range, &mut v);
    v
}

/// The char at byte `i` (a char boundary) and its length.
#[inline]
fn decode(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match s.get(i..).and_then(|r| r.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{fffd}', 1),
    }
}

#[inline]
fn alnum_at(s: &str, i: usize) -> bool {
    i < s.len() && decode(s, i).0.is_alphanumeric()
}

/// End of the word that starts at byte `i` (an alphanumeric char).
fn word_end(s: &str, start: usize) -> usize {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = start;
    // the alphanumeric run
    while i < n {
        let (ch, l) = decode(s, i);
        if !ch.is_alphanumeric() {
            break;
        }
        i += l;
    }
    loop {
        if i >= n {
            return i;
        }
        let c = b[i];
        let run = &s[start..i];
        match c {
            // "U.S." "e.g." "S.AFRICA": a dot between letters joins them
            b'.' if alnum_at(s, i + 1) && !b[i + 1].is_ascii_digit() && is_dotted_abbrev(run) => {
                i += 1;
                while i < n && decode(s, i).0.is_alphanumeric() {
                    i += decode(s, i).1;
                }
            }
            // "3.5" "1,000" "12:30"
            b'.' | b',' | b':' if is_digits(run) && i + 1 < n && b[i + 1].is_ascii_digit() => {
                i += 1;
                while i < n && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            b'.' => {
                // a final dot: "U.S." (dotted), "J." (initial), "Inc." (abbreviation)
                if run.contains('.') || is_initial(run) || is_abbrev(run) {
                    return i + 1;
                }
                return i;
            }
            b'\'' => return apostrophe(s, start, i, 1),
            0xE2 if s[i..].starts_with('\u{2019}') => return apostrophe(s, start, i, 3),
            b'&' if is_upper_short(run) && i + 1 < n && b[i + 1].is_ascii_uppercase() => {
                // "AT&T" "S&P"
                i += 1;
                while i < n && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
            }
            _ => return i,
        }
    }
}

/// An apostrophe at byte `i` (of `alen` bytes) inside a word from `start`:
/// the possessive "'s" ends the word before it; "O'Neill" and "don't" go on.
fn apostrophe(s: &str, start: usize, i: usize, alen: usize) -> usize {
    let b = s.as_bytes();
    let after = i + alen;
    let _ = start;
    if after < b.len() && (b[after] == b's' || b[after] == b'S') && !alnum_at(s, after + 1) {
        return i;
    }
    if alnum_at(s, after) {
        let mut j = after;
        while j < b.len() {
            let (ch, l) = decode(s, j);
            if !ch.is_alphanumeric() {
                break;
            }
            j += l;
        }
        return j;
    }
    i
}

fn is_digits(run: &str) -> bool {
    let last = run.rsplit(['.', ',', ':']).next().unwrap_or(run);
    !last.is_empty() && last.bytes().all(|c| c.is_ascii_digit())
}

/// "U" "U.S" "e.g": short letter groups separated by dots.
fn is_dotted_abbrev(run: &str) -> bool {
    let last = run.rsplit('.').next().unwrap_or(run);
    let n = last.chars().count();
    (1..=2).contains(&n) && last.chars().all(char::is_alphabetic)
}

fn is_initial(run: &str) -> bool {
    let mut it = run.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_uppercase())
}

fn is_upper_short(run: &str) -> bool {
    run.len() <= 4 && run.bytes().all(|c| c.is_ascii_uppercase())
}

fn is_abbrev(run: &str) -> bool {
    run.len() <= 6 && ABBREV.iter().any(|a| a.eq_ignore_ascii_case(run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s, 0..s.len()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn news_shapes() {
        assert_eq!(toks("the U.S. said"), ["the", "U.S.", "said"]);
        assert_eq!(
            toks("a ByteDance-owned app"),
            ["a", "ByteDance", "-", "owned", "app"]
        );
        assert_eq!(toks("Japan’s premier"), ["Japan", "’s", "premier"]);
        assert_eq!(toks("party (CCP)."), ["party", "(", "CCP", ")", "."]);
        assert_eq!(
            toks("Mr. Smith and George W. Bush"),
            ["Mr.", "Smith", "and", "George", "W.", "Bush"]
        );
        assert_eq!(
            toks("Apple Inc. rose 3.5 % to 1,000"),
            ["Apple", "Inc.", "rose", "3.5", "%", "to", "1,000"]
        );
        assert_eq!(toks("O'Neill's AT&T"), ["O'Neill", "'s", "AT&T"]);
    }

    #[test]
    fn conll_spacing_and_caps() {
        assert_eq!(
            toks("S.AFRICA 'S TRADE ."),
            ["S.AFRICA", "'S", "TRADE", "."]
        );
        assert_eq!(toks("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(toks("ends here."), ["ends", "here", "."]);
    }

    #[test]
    fn odd_input_never_panics() {
        let s = "é’ \u{200b}x.’ 'a ’";
        let t = toks(s);
        assert!(t.contains(&"é"));
        assert!(tokenize(s, 1..3).is_empty());
        assert!(tokenize(s, 0..999).is_empty());
    }
}
