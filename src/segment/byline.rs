//! Byline and dateline lines: "By Flynn Murphy and Anniek Bao",
//! "Ding Yi / Jul 29, 2020 06:48 PM / World", "Jane Roe | March 3, 2021".
//!
//! A byline is recognised by shape, not by a name list: a short line cut by
//! `/`, `|` or `·` into parts where one part is a date and another looks like
//! a run of capitalised names, or a line that starts with "By" followed by
//! such a run. The names come back without the "By".

use super::dates::{find_date, Stamp};

/// Longest line taken for a byline (bytes).
const MAX_BYLINE: usize = 160;
/// Most words in a name part ("Flynn Murphy and Anniek Bao" has five).
const MAX_NAME_WORDS: usize = 10;

/// What a byline line says.
#[derive(Clone, Debug, PartialEq)]
pub struct Byline {
    /// The author names, "By" removed; None for a bare dateline.
    pub names: Option<String>,
    pub date: Option<Stamp>,
}

/// Lower-case words allowed inside a run of names.
const NAME_JOINERS: &[&str] = &[
    "and", "&", "de", "van", "von", "der", "da", "di", "del", "la", "le", "bin", "al", "y",
];

/// Whether `s` reads as one or more personal names ("Ding Yi", "Flynn Murphy and Anniek Bao", "Jane Roe, Reuters").
pub fn names_like(s: &str) -> bool {
    let s = s.trim().trim_end_matches(',');
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_NAME_WORDS {
        return false;
    }
    let mut caps = 0;
    for w in &words {
        let w = w.trim_matches([',', '.']);
        if w.is_empty() {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            if w.chars().any(|c| c.is_ascii_digit()) {
                return false;
            }
            caps += 1;
        } else if !NAME_JOINERS.contains(&w.to_lowercase().as_str()) {
            return false;
        }
    }
    caps >= 1 && (caps >= 2 || words.len() == 1)
}

/// Strips a leading "By"/"by"/"BY" and what precedes names in credits ("Written by", "Story by").
fn strip_by(s: &str) -> Option<&str> {
    let t = s.trim();
    for p in [
        "By ",
        "by ",
        "BY ",
        "Written by ",
        "Words by ",
        "Story by ",
        "Reporting by ",
        "Posted by ",
        "Von ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            return Some(r.trim());
        }
    }
    None
}

/// Reads a byline line, or None when the line is not one. HTML text keeps
/// the source's indentation and non-breaking spaces ("By\u{a0}\n  The Diggs
/// Team"), so runs of white space are read as one space.
pub fn parse(line: &str) -> Option<Byline> {
    let line = line.trim();
    if line.len() > MAX_BYLINE * 8 {
        return None;
    }
    let squashed;
    let line = if line.contains(|c: char| c.is_whitespace() && c != ' ') || line.contains("  ") {
        squashed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        squashed.as_str()
    } else {
        line
    };
    if line.is_empty() || line.len() > MAX_BYLINE {
        return None;
    }
    let parts: Vec<&str> = split_parts(line);
    if parts.len() >= 2 {
        let mut names = None;
        let mut date = None;
        for p in &parts {
            if date.is_none() {
                if let Some((st, r)) = find_date(p) {
                    // the date must be most of the part ("Jul 29, 2020 06:48 PM")
                    if r.len() * 2 >= p.trim().len() {
                        date = Some(st);
                        continue;
                    }
                }
            }
            if names.is_none() {
                let cand = strip_by(p).unwrap_or(p);
                if names_like(cand) {
                    names = Some(clean_names(cand));
                }
            }
        }
        if date.is_some() && (names.is_some() || parts.len() <= 3) {
            return Some(Byline { names, date });
        }
    }
    // "August 12, 2025 By The Diggs Team": the date first.
    if let Some((st, r)) = find_date(line).filter(|(_, r)| r.start == 0) {
        let rest = line[r.end..].trim_start_matches([' ', ',', '-', '–', '—', '|', '·', '/']);
        let first = strip_by(rest)?.split([',', ';']).next().unwrap_or("");
        return names_like(first).then(|| Byline {
            names: Some(clean_names(first)),
            date: Some(st),
        });
    }
    let rest = strip_by(line)?;
    // "By Jane Roe, Reuters" / "By Jane Roe and John Doe - March 3, 2021"
    let (name_part, date) = match find_date(rest) {
        Some((st, r)) => (
            rest[..r.start].trim_end_matches([' ', ',', '-', '–', '—', '|', '·', '/']),
            Some(st),
        ),
        None => (rest, None),
    };
    let first = name_part.split([',', ';']).next().unwrap_or("");
    names_like(first).then(|| Byline {
        names: Some(clean_names(first)),
        date,
    })
}

fn split_parts(line: &str) -> Vec<&str> {
    line.split(['/', '|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn clean_names(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([',', '.'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caixin_bylines() {
        let b = parse("Ding Yi / Jul 29, 2020 06:48 PM / World").unwrap();
        assert_eq!(b.names.as_deref(), Some("Ding Yi"));
        assert_eq!(b.date.unwrap().iso(), "2020-07-29T18:48");
        let b = parse("By Flynn Murphy and Anniek Bao / Jul 22, 2020 04:41 PM / World").unwrap();
        assert_eq!(b.names.as_deref(), Some("Flynn Murphy and Anniek Bao"));
        assert_eq!(b.date.unwrap().iso(), "2020-07-22T16:41");
    }

    #[test]
    fn by_lines_and_non_bylines() {
        assert_eq!(
            parse("By Jane Roe, Reuters").unwrap().names.as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(
            parse("By Jane Roe - March 3, 2021")
                .unwrap()
                .date
                .unwrap()
                .iso(),
            "2021-03-03"
        );
        assert!(parse("By the end of the year, prices rose.").is_none());
        assert!(parse("Microsoft Said Plan to Acquire TikTok Will Continue").is_none());
        assert!(parse("Home / World / Asia").is_none());
        let b = parse("August 12, 2025 By The Diggs Team").unwrap();
        assert_eq!(b.names.as_deref(), Some("The Diggs Team"));
        assert_eq!(b.date.unwrap().iso(), "2025-08-12");
        assert!(parse("August 12, 2025 by the river").is_none());
        // as HTML text keeps it: indentation and a non-breaking space
        let b =
            parse("August 12, 2025\n      \n        By\u{a0}\n          The Diggs Team").unwrap();
        assert_eq!(b.names.as_deref(), Some("The Diggs Team"));
    }
}
