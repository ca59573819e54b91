//! Named days with a rule (Easter), steps from the reference day ("the
//! previous Friday"), second days ("April 24 and 25") and the duration
//! shapes that carry a modifier word ("20 more years", "eight trading days").

use super::{run, value_of};

#[test]
fn easter_and_holiday_directions() {
    let p = "2000-04-17";
    assert_eq!(
        value_of("They prayed as Easter week began.", p, "Easter week"),
        "2000-W16"
    );
    assert_eq!(
        value_of("Churches filled on Easter Sunday.", p, "Easter Sunday"),
        "2000-04-23"
    );
    assert_eq!(
        value_of("Shops closed on Good Friday.", p, "Good Friday"),
        "2000-04-21"
    );
    // 2019: Easter fell on April 21
    assert_eq!(
        value_of("He left at Easter.", "2019-06-01", "Easter"),
        "2019-04-21"
    );
    // "since" and "last" look back whatever the tense says
    assert_eq!(
        value_of("The change is since year-end.", "1989-10-30", "year-end"),
        "1988-12-31"
    );
    assert_eq!(
        value_of(
            "Sales will beat last Christmas.",
            "1989-10-30",
            "last Christmas"
        ),
        "1988-12-25"
    );
}

#[test]
fn weekday_stepped_from_the_reference_day() {
    let p = "1989-10-30";
    let text = "Prices fell on Friday, Oct. 27, down 4.5% from the previous Friday.";
    assert_eq!(value_of(text, p, "the previous Friday"), "1989-10-20");
    let text = "The vote was on Oct. 3, 1989, and the following Monday it took effect.";
    assert_eq!(value_of(text, p, "the following Monday"), "1989-10-09");
}

#[test]
fn second_day_of_a_month() {
    let p = "1999-02-10";
    let all = run("The summit meets on April 24 and 25.", Some(p));
    let vals: Vec<&str> = all.iter().map(|m| m.2.as_str()).collect();
    assert_eq!(vals, ["1999-04-24", "1999-04-25"], "{all:?}");
    // an amount after the date is not a day
    let all = run("Shares rose on April 2 and 3 percent more later.", Some(p));
    assert_eq!(all.len(), 1, "{all:?}");
}

#[test]
fn durations_with_a_modifier_word() {
    let p = "1998-02-27";
    assert_eq!(
        value_of("It may stay for 20 more years.", p, "20 more years"),
        "P20Y"
    );
    assert_eq!(
        value_of("He waited 2 more weeks.", p, "2 more weeks"),
        "P2W"
    );
    assert_eq!(
        value_of("Eight trading days later it fell.", p, "Eight trading days"),
        "P8D"
    );
    assert_eq!(
        value_of("Their third day-long meeting ended.", p, "day-long"),
        "P1D"
    );
    assert_eq!(
        value_of("Islam will one day be the largest.", p, "one day"),
        "FUTURE_REF"
    );
    assert_eq!(value_of("It lasted one day only.", p, "one day"), "P1D");
}

#[test]
fn this_quarter_in_an_earnings_story() {
    let p = "1989-11-01";
    let text = "Net fell in the third quarter. This quarter's loss includes charges.";
    assert_eq!(value_of(text, p, "This quarter"), "1989-Q3");
    let text = "Net fell in the third quarter. It expects this quarter will be better.";
    assert_eq!(value_of(text, p, "this quarter"), "1989-Q4");
}

#[test]
fn short_steps_are_lengths() {
    let p = "1989-10-30";
    let text = "The gap closed on Oct. 12. Three days later, the index rose.";
    assert_eq!(value_of(text, p, "Three days"), "P3D");
    let text = "Trucks crossed on Aug. 15. A day earlier, none did.";
    assert_eq!(value_of(text, p, "A day"), "P1D");
    // a year back still names the period
    let text = "Net rose in the third quarter from a year earlier.";
    assert_eq!(value_of(text, p, "a year earlier"), "1988-Q3");
}

#[test]
fn measures_and_generic_futures_are_no_dates() {
    let p = "1989-10-27";
    let all = run("The chip runs 15 million instructions per second.", Some(p));
    assert!(all.is_empty(), "{all:?}");
    let all = run("I would choose the people of tomorrow.", Some(p));
    assert!(all.is_empty(), "{all:?}");
    // a rate over a calendar unit is still a set, and a plain tomorrow a day
    assert_eq!(value_of("Trains leave per day.", p, "per day"), "P1D");
    assert_eq!(value_of("They meet tomorrow.", p, "tomorrow"), "1989-10-28");
}

#[test]
fn two_quarters_of_a_year_are_its_half() {
    let p = "1989-10-26";
    let text = "Demand stays weak through the first two quarters of 1990.";
    assert_eq!(
        value_of(text, p, "the first two quarters of 1990"),
        "1990-H1"
    );
    // without a year the span stays a length
    let text = "It lost money in the past two quarters.";
    assert_eq!(value_of(text, p, "the past two quarters"), "P6M");
}

#[test]
fn march_as_month_and_vague_hyphenated_lengths() {
    let p = "1989-11-02";
    let text = "He stepped down as chief executive in March for health reasons.";
    assert_eq!(value_of(text, p, "March"), "1989-03");
    let all = run("Thousands joined the March for Life.", Some(p));
    assert!(all.is_empty(), "{all:?}");
    let text = "It followed a several-year tenure as editor.";
    assert_eq!(value_of(text, p, "several-year"), "PXY");
}

#[test]
fn a_while_is_a_vague_length() {
    let p = "1998-01-11";
    assert_eq!(
        value_of("They will live without it for a while.", p, "a while"),
        "PXX"
    );
    for text in [
        "It rains once in a while.",
        "He read a while ago.",
        "A while later, he left.",
    ] {
        let all = run(text, Some(p));
        assert!(all.iter().all(|m| m.2 != "PXX"), "{text}: {all:?}");
    }
}

#[test]
fn a_month_before_its_noun() {
    let p = "1999-02-10";
    let text = "The March accession will let them join.";
    assert_eq!(value_of(text, p, "March"), "1999-03");
    let text = "Turnout in the May elections was low.";
    assert_eq!(value_of(text, p, "May"), "1998-05");
    for text in [
        "They joined the March on Washington.",
        "The May of Teck was a princess.",
    ] {
        let all = run(text, Some(p));
        assert!(all.is_empty(), "{text}: {all:?}");
    }
}

#[test]
fn a_season_after_for_or_until_is_the_one_ahead_whatever_the_tense() {
    let p = "2026-03-12";
    // past-tense verb, but the hours are for the coming summer
    assert_eq!(
        value_of(
            "Two restaurants announced longer hours for the summer season.",
            p,
            "the summer"
        ),
        "2026-SU"
    );
    // without such a preposition a past-tense story looks back
    assert_eq!(
        value_of("Sales grew during the summer.", p, "the summer"),
        "2025-SU"
    );
}
