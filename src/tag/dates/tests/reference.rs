//! Resolution against the story's own context: the reported quarter, the
//! reference period ("that year", "the following month", a bare clock time),
//! the same period a year back, and words that look like times but are not.

use super::*;

#[test]
fn the_reported_quarter_outlives_passing_mentions() {
    let text = "Net fell in the third quarter. The company expects fourth-quarter \
                sales to rise. Earnings in the latest quarter were hurt by storms, \
                compared with a profit a year ago.";
    let all = run(text, Some("1989-11-02"));
    let v: Vec<_> = all.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    assert_eq!(
        v,
        [
            ("the third quarter", "1989-Q3"),
            ("fourth-quarter", "1989-Q4"),
            ("the latest quarter", "1989-Q3"),
            ("a year ago", "1988-Q3")
        ]
    );
}

#[test]
fn the_same_period_a_year_back_is_one_expression() {
    let p = "1989-10-30";
    for (text, span, value) in [
        (
            "The unit earned $5 million in the year-ago third quarter.",
            "the year-ago third quarter",
            "1988-Q3",
        ),
        (
            "Net rose in the third quarter. For the quarter a year ago, it earned less.",
            "the quarter a year ago",
            "1988-Q3",
        ),
        (
            "Net rose in the third quarter, against a loss for the corresponding period last year.",
            "the corresponding period last year",
            "1988-Q3",
        ),
        (
            "Net rose in the third quarter. Sales for last year's quarter were lower.",
            "last year's quarter",
            "1988-Q3",
        ),
        (
            "The case may be heard the week of Nov. 6.",
            "the week of Nov. 6",
            "1989-W45",
        ),
        (
            "Earnings will be lower for the last half of 1989.",
            "the last half of 1989",
            "1989-H2",
        ),
        (
            "Sales rose in March. The following month, the company was sold.",
            "The following month",
            "1989-04",
        ),
        (
            "Net for the year-earlier nine months included a gain.",
            "the year-earlier nine months",
            "P9M",
        ),
    ] {
        assert_eq!(value_of(text, p, span), value, "{text}");
    }
}

#[test]
fn a_span_of_months_compares_with_last_year() {
    let text = "Net fell in the third quarter. In the nine months, losses totaled \
                $212 million, against a profit a year earlier.";
    assert_eq!(value_of(text, "1989-10-26", "a year earlier"), "1988");
    let text = "Net fell in the third quarter, against a profit a year earlier.";
    assert_eq!(value_of(text, "1989-10-26", "a year earlier"), "1988-Q3");
}

#[test]
fn mid_afternoon_is_a_part_of_the_day() {
    let all = run(
        "At mid-afternoon yesterday, shares were up. By mid afternoon it was over. \
         In the afternoon he left.",
        Some("1989-11-02"),
    );
    let v: Vec<_> = all
        .iter()
        .map(|m| (m.0.as_str(), m.2.as_str(), m.3.as_str()))
        .collect();
    assert_eq!(
        v,
        [
            ("mid-afternoon yesterday", "1989-11-01TAF", "MID"),
            ("mid afternoon", "1989-11-02TAF", "MID")
        ]
    );
}

#[test]
fn a_possessive_weekday_looks_back() {
    assert_eq!(
        value_of(
            "The family will look for ways to get around Wednesday's ruling.",
            "2000-01-07",
            "Wednesday"
        ),
        "2000-01-05"
    );
    assert_eq!(
        value_of(
            "The family will appeal on Wednesday.",
            "2000-01-07",
            "Wednesday"
        ),
        "2000-01-12"
    );
}

#[test]
fn titles_processions_and_papers_are_not_times() {
    let all = run(
        "He said on ABC's \"This Week\" and CBS's \"60 Minutes\" that the film \"High Noon\" \
         moved him. They joined the annual March for Life.",
        Some("1999-03-12"),
    );
    assert!(all.is_empty(), "{all:?}");
    assert_eq!(
        value_of("In March of 1999 he left.", "1999-03-12", "March of 1999"),
        "1999-03"
    );
    assert_eq!(
        value_of("He will appear at midday.", "1999-10-08", "midday"),
        "1999-10-08T12:00"
    );
}

#[test]
fn a_bare_clock_time_is_on_the_day_under_discussion() {
    let text = "The doctor was shot on Oct. 23, 1998. He died at 10 p.m. in hospital.";
    assert_eq!(value_of(text, "1999-04-19", "10 p.m."), "1998-10-23T22:00");
    assert_eq!(
        value_of("The vote closes at 5 p.m.", "1999-04-19", "5 p.m."),
        "1999-04-19T17:00"
    );
}

#[test]
fn more_inside_an_amount() {
    assert_eq!(
        value_of(
            "He will stay for two more weeks.",
            "2000-06-01",
            "two more weeks"
        ),
        "P2W"
    );
}

#[test]
fn that_year_is_the_reference_year() {
    let text = "Munero fled in June 1998 and returned later that year. Strong redemptions \
                came that day.";
    let all = run(text, Some("2000-01-28"));
    let v: Vec<_> = all.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    assert_eq!(v, [("June 1998", "1998-06"), ("later that year", "1998")]);
}

#[test]
fn narrative_steps_seasons_and_election_day() {
    let p = "2000-02-24";
    for (text, span, value) in [
        (
            "He was arrested on Feb. 10 and appeared in court the next morning.",
            "the next morning",
            "2000-02-11",
        ),
        (
            "The plant closed on Oct. 3; talks had failed the previous day.",
            "the previous day",
            "1999-10-02",
        ),
        ("Sales grew over the summer.", "the summer", "1999-SU"),
        ("The post-1959 politics split families.", "1959", "1959"),
        (
            "In the years that followed, they fought.",
            "the years",
            "PXY",
        ),
        (
            "The race will end on Election Day.",
            "Election Day",
            "2000-11-07",
        ),
    ] {
        let all = run(text, Some(p));
        assert!(
            all.iter().any(|m| m.0 == span && m.2 == value),
            "{text}: {all:?}"
        );
    }
    // "soon" in a past sequence is no vague future
    let all = run(
        "He was soon released, and the trickle soon became a flood.",
        Some(p),
    );
    assert!(all.iter().all(|m| m.0 != "soon"), "{all:?}");
    let all = run("Prices will soon rise.", Some(p));
    assert!(all.iter().any(|m| m.0 == "soon" && m.2 == "FUTURE_REF"));
}
