//! Sentence boundaries: UAX #29 sentence breaks (unicode-segmentation), then
//! the repairs news text needs.
//!
//! UAX #29 breaks after "U.S. " or "Dr. " before a capital, which news is
//! full of; it already keeps decimals ("3.5"), money ("$645,157") and closing
//! quotes/brackets attached. The repair pass merges a break back when the
//! piece before it ends in a known abbreviation or an initial ("J. K."), and
//! when the next piece starts in lower case or with a digit after a non-final
//! abbreviation. Line breaks always end a sentence (headlines without final
//! punctuation), because callers split per block or line.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations that are almost never sentence-final: a break after them is
/// undone whatever follows (titles, months, "No. 5", "St. Louis").
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "messrs", "mt", "ft", "st", "no", "nos",
    "vol", "fig", "figs", "op", "art", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "vs", "v", "cf", "e.g", "i.e", "approx", "dept", "est", "univ",
    "assn", "bros", "sr", "jr", "p", "pp", "ca", "al", "c",
];

/// Abbreviations that may end a sentence ("... of the U.S. The ..."): the
/// break is undone only when the next word does not look like a sentence start.
const MAYBE_FINAL: &[&str] = &[
    "u.s", "u.k", "u.n", "e.u", "inc", "corp", "co", "ltd", "llc", "plc", "etc", "a.m", "p.m",
    "d.c", "u.s.a",
];

/// Words that usually start a sentence; after "U.S." they mean a real break.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "For",
    "Now",
    "So",
    "Yet",
    "Still",
    "However",
    "Meanwhile",
    "Last",
    "Earlier",
    "Since",
    "According",
    "Some",
    "Many",
    "Officials",
    "Other",
    "What",
    "Why",
    "How",
    "Who",
    "Also",
    "Both",
    "Such",
    "Under",
    "With",
    "Without",
    "By",
];

/// The last word of a piece, lower-cased, without its final period, when the
/// piece ends in "word." (quotes and brackets after the period excluded).
fn final_abbrev(piece: &str) -> Option<String> {
    let t = piece.trim_end();
    let t = t.strip_suffix('.')?;
    // after the separator's last byte: '“' and Unicode spaces are multi-byte
    let start = t
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '“' || c == '\'')
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let w = &t[start..];
    if w.is_empty() || w.len() > 12 {
        return None;
    }
    Some(w.to_lowercase())
}

/// A single capital letter before the period: an initial ("J." in "J. K. Rowling").
fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
}

fn first_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
    &s[..end]
}

/// Whether the break between `prev` and `next` should be undone.
fn glue(prev: &str, next: &str) -> bool {
    let next_word = first_word(next);
    let starts_lower_or_digit = next
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    if prev
        .trim_end_matches([' ', '\t'])
        .ends_with(['\n', '\r', '\u{2029}'])
    {
        return false;
    }
    let Some(ab) = final_abbrev(prev) else {
        return false;
    };
    let stripped = ab.trim_start_matches(|c: char| !c.is_alphanumeric());
    if is_initial(stripped) {
        // "J. K. Rowling", "Harry S. Truman"; not "... in World War I. The"
        return !SENTENCE_STARTERS.contains(&next_word)
            && next_word.chars().next().is_some_and(|c| c.is_uppercase());
    }
    if NEVER_FINAL.contains(&stripped) {
        return true;
    }
    if MAYBE_FINAL.contains(&stripped) {
        return starts_lower_or_digit
            || (!SENTENCE_STARTERS.contains(&next_word) && !next_word.is_empty());
    }
    false
}

/// Length of a leading "[17]" / "[a]" citation mark.
fn citation_len(s: &str) -> usize {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return 0;
    }
    match s.find(']') {
        Some(e) if (2..=6).contains(&e) && s[1..e].bytes().all(|c| c.is_ascii_alphanumeric()) => {
            e + 1
        }
        _ => 0,
    }
}

/// Splits `text[range]` into sentences (byte ranges in `text`, trimmed).
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    let base = range.start;
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_piece: Option<&str> = None;
    for (off, s) in slice.split_sentence_bound_indices() {
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            continue;
        }
        let mut start = base + off + lead;
        // A citation mark after the period belongs to the sentence before
        // ("... in Dulwich. [17] He ..."): move it across the break.
        let cite = citation_len(trimmed);
        if cite > 0 && !out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.end = start + cite;
            }
            let rest = &trimmed[cite..];
            let rest_lead = rest.len() - rest.trim_start().len();
            if rest.trim().is_empty() {
                prev_piece = Some(s);
                continue;
            }
            start += cite + rest_lead;
        }
        let r = start..base + off + lead + trimmed.len();
        match (out.last_mut(), prev_piece) {
            (Some(last), Some(p)) if glue(p, s) => last.end = r.end,
            _ => out.push(r),
        }
        prev_piece = Some(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn news_repairs() {
        assert_eq!(
            sents("Sen. Tom Cotton wrote to Dr. Smith on Jul. 29. He asked for answers."),
            [
                "Sen. Tom Cotton wrote to Dr. Smith on Jul. 29.",
                "He asked for answers."
            ]
        );
        assert_eq!(
            sents("The U.S. Senate met. The vote failed."),
            ["The U.S. Senate met.", "The vote failed."]
        );
        assert_eq!(
            sents("It was made in the U.S. The app is popular."),
            ["It was made in the U.S.", "The app is popular."]
        );
        assert_eq!(
            sents("Permits cost HK$5 million ($645,157) each. Uber left."),
            ["Permits cost HK$5 million ($645,157) each.", "Uber left."]
        );
        assert_eq!(
            sents("J. K. Rowling spoke. Shares rose 3.5%."),
            ["J. K. Rowling spoke.", "Shares rose 3.5%."]
        );
        assert_eq!(
            sents("“We are concerned.” The letter said so."),
            ["“We are concerned.”", "The letter said so."]
        );
        assert_eq!(
            sents("Apple Inc. said it would (not) comment. Next."),
            ["Apple Inc. said it would (not) comment.", "Next."]
        );
        assert_eq!(
            sents("He lives at No. 5 St. James Street. Yes."),
            ["He lives at No. 5 St. James Street.", "Yes."]
        );
        assert_eq!(
            sents("He moved to Dulwich. [17] He was ill."),
            ["He moved to Dulwich. [17]", "He was ill."]
        );
    }

    #[test]
    fn lines_end_sentences() {
        assert_eq!(
            sents("A Headline Without Stop\nBody text here."),
            ["A Headline Without Stop", "Body text here."]
        );
    }
}
