//! Span extents follow TimeBank: no leading "on"/"in", "last"/"the" kept.

use super::super::scan::scan;
use super::*;

fn spans(s: &str) -> Vec<String> {
    let mut t = Vec::new();
    scan(s, 0, s.len(), &mut t);
    find_in(s, &t)
        .iter()
        .map(|h| s[t[h.start].start..t[h.end - 1].end].to_string())
        .collect()
}

#[test]
fn extents() {
    assert_eq!(spans("On Tuesday he left."), ["Tuesday"]);
    assert_eq!(spans("in the third quarter"), ["the third quarter"]);
    assert_eq!(spans("third-quarter profit"), ["third-quarter"]);
    assert_eq!(spans("the third-quarter loss"), ["third-quarter"]);
    assert_eq!(spans("over the past two months"), ["the past two months"]);
    assert_eq!(spans("since the late 1970s"), ["the late 1970s"]);
    assert_eq!(spans("about two years ago"), ["about two years ago"]);
    assert_eq!(spans("for about five hours"), ["five hours"]);
    assert_eq!(spans("at about 10:35 a.m."), ["10:35 a.m."]);
    assert_eq!(spans("over three years"), ["three years"]);
    assert_eq!(spans("nearly five months"), ["nearly five months"]);
    assert_eq!(spans("by the end of 1990"), ["the end of 1990"]);
    assert_eq!(spans("Jan. 14, 1998"), ["Jan. 14, 1998"]);
    assert_eq!(spans("a five-year plan"), ["five-year"]);
    assert_eq!(spans("the year-ago quarter"), ["the year-ago quarter"]);
    assert_eq!(spans("Tuesday nights"), ["Tuesday nights"]);
    assert_eq!(spans("at 5 p.m. EST Nov. 9"), ["5 p.m. EST Nov. 9"]);
}

#[test]
fn counts() {
    let s = "twenty-four a few several 12 a hundred";
    let mut t = Vec::new();
    scan(s, 0, s.len(), &mut t);
    let p = P::in_text(&t, s);
    assert_eq!(p.count(0), Some((Count::N(24), 3)));
    assert_eq!(p.count(3), Some((Count::Vague, 5)));
    assert_eq!(p.count(5), Some((Count::Vague, 6)));
    assert_eq!(p.count(6), Some((Count::N(12), 7)));
    assert_eq!(p.count(7), Some((Count::N(100), 9)));
}

#[test]
fn not_dates() {
    assert!(
        spans("COVID-19 hit 2,000 people; 1998 is a number here too at $1998.")
            .iter()
            .all(|s| s == "1998")
    );
    assert!(spans("You may go.").is_empty());
    assert!(spans("Prices fall.").is_empty());
}
