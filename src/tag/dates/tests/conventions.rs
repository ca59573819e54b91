//! TimeML conventions the two dev golds agree on (or the guidelines settle):
//! discourse "Now,", "today's" as this day or the present age, the quarter
//! a fiscal quarter mostly covers, and TimeML's decade/century letters.

use super::{run, value_of};

#[test]
fn discourse_now_is_not_a_time() {
    let p = "1991-02-25";
    let spans = |t: &str| -> Vec<String> { run(t, Some(p)).into_iter().map(|m| m.0).collect() };
    assert!(spans("Now, he says, the plan looks good.").is_empty());
    assert!(spans("\"Now, they will see.\"").is_empty());
    assert!(spans("Now for the weather.").is_empty());
    // the temporal adverb keeps its tag, sentence-initial or not
    assert_eq!(
        value_of("Now the court has ruled.", p, "Now"),
        "PRESENT_REF"
    );
    assert_eq!(
        value_of("The fund now holds cash, for now.", p, "now"),
        "PRESENT_REF"
    );
}

#[test]
fn todays_noun_decides_day_or_age() {
    let p = "1989-11-02";
    assert_eq!(
        value_of("The offer was advertised in today's editions.", p, "today"),
        "1989-11-02"
    );
    let all = run("The chips run many of today's personal computers.", Some(p));
    assert!(all.is_empty(), "{all:?}");
    let all = run("It is a lesson for today's youth.", Some(p));
    assert!(all.is_empty(), "{all:?}");
}

#[test]
fn quarter_ended_is_the_quarter_holding_most_of_it() {
    let p = "1989-10-30";
    assert_eq!(
        value_of(
            "In the quarter ended July 31, it earned $1.",
            p,
            "the quarter"
        ),
        "1989-Q2"
    );
    assert_eq!(
        value_of(
            "For the quarter ended Sept. 30, it lost $2.",
            p,
            "the quarter"
        ),
        "1989-Q3"
    );
    // closing on the first of a month: the three months before it
    assert_eq!(
        value_of(
            "For the quarter ending Oct. 1, sales rose.",
            p,
            "the quarter"
        ),
        "1989-Q3"
    );
}

#[test]
fn vague_decades_and_centuries_use_timeml_letters() {
    let p = "1998-02-27";
    assert_eq!(
        value_of(
            "Ukraine was ruled from Moscow for centuries.",
            p,
            "centuries"
        ),
        "PXC"
    );
    assert_eq!(
        value_of("The feud went on for decades.", p, "decades"),
        "PXE"
    );
}

#[test]
fn coordinated_weekdays_share_a_plural_part_of_day() {
    let all = run(
        "Two flights will leave on Monday and Tuesday nights.",
        Some("1998-02-13"),
    );
    let got: Vec<(&str, &str)> = all.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Monday", "XXXX-WXX-1TNI"),
            ("Tuesday nights", "XXXX-WXX-2TNI")
        ]
    );
    // a single night stays a day
    assert_eq!(
        value_of(
            "They met on Monday and Tuesday night.",
            "1998-02-13",
            "Monday"
        ),
        "1998-02-09"
    );
}

#[test]
fn that_day_of_a_month_reference_is_an_unknown_day_in_it() {
    let p = "1999-02-06";
    let text = "He was killed last October. His name was crossed out that same day.";
    assert_eq!(value_of(text, p, "that same day"), "1998-10-XX");
    // a day reference still gives the day itself
    let text = "He was killed on Oct. 23, 1998. His name was crossed out that same day.";
    assert_eq!(value_of(text, p, "that same day"), "1998-10-23");
}

#[test]
fn the_day_before_a_named_day_is_one_expression() {
    let p = "2000-02-24";
    assert_eq!(
        value_of(
            "The day before last Tuesday's hearing, he met them.",
            p,
            "The day before last Tuesday"
        ),
        "2000-02-21"
    );
    assert_eq!(
        value_of(
            "Stores reopened the day after Christmas.",
            "1998-12-30",
            "the day after Christmas"
        ),
        "1998-12-26"
    );
    assert_eq!(
        value_of(
            "He left the day before Jan. 5, 2000.",
            p,
            "the day before Jan. 5, 2000"
        ),
        "2000-01-04"
    );
    // an event is not a day: only "the day" would be a time, and it is not
    // read as the day before anything
    let all = run("He came the day after his death.", Some(p));
    assert!(all.iter().all(|m| !m.0.contains("after")), "{all:?}");
    // no nesting through "the day before the day before"
    let all = run("It was the day before the day before the vote.", Some(p));
    assert!(all.iter().all(|m| m.0.len() < 30), "{all:?}");
}

#[test]
fn the_named_day_stays_the_reference_after_a_day_step() {
    let text = "The day before last Tuesday's hearing, he met them. The next morning he left.";
    assert_eq!(
        value_of(text, "2000-02-24", "The next morning"),
        "2000-02-23"
    );
}

#[test]
fn the_weeks_ahead_is_a_vague_stretch() {
    let p = "1989-10-30";
    assert_eq!(
        value_of(
            "Funds may sell junk in the weeks ahead.",
            p,
            "the weeks ahead"
        ),
        "PXW"
    );
    assert_eq!(
        value_of(
            "It will matter in the years to come.",
            p,
            "the years to come"
        ),
        "PXY"
    );
    // "the days to the vote" is not "to come"
    let all = run("He counted the days to the vote.", Some(p));
    assert!(all.is_empty(), "{all:?}");
}
