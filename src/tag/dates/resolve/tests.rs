//! Calendar arithmetic against fixed anchors.

use super::*;

fn at(anchor: &str, tense: Tense, v: Val) -> String {
    let cx = Ctx {
        anchor: Anchor::parse(anchor),
        tense,
        reference: None,
        topic: None,
    };
    resolve(&v, &cx).map(|r| r.value()).unwrap_or_default()
}

#[test]
fn anchor_parsing() {
    let a = Anchor::parse("2020-07-29T18:48").unwrap();
    assert_eq!(a.time, Some((18, 48)));
    assert!(Anchor::parse("2020-13-01").is_none());
    assert!(Anchor::parse("20é0-01-01").is_none());
    assert!(Anchor::parse("").is_none());
}

#[test]
fn weekdays_follow_tense() {
    let tue = Val::Weekday {
        wd: 2,
        dir: Dir::Tense,
    };
    assert_eq!(at("2020-07-29", Tense::Past, tue.clone()), "2020-07-28");
    assert_eq!(at("2020-07-29", Tense::Future, tue), "2020-08-04");
    assert_eq!(
        at(
            "2020-08-05",
            Tense::Unknown,
            Val::Weekday {
                wd: 2,
                dir: Dir::Tense
            }
        ),
        "2020-08-04"
    );
    assert_eq!(
        at(
            "2020-07-31",
            Tense::Past,
            Val::Weekday {
                wd: 4,
                dir: Dir::Tense
            }
        ),
        "2020-07-30"
    );
    assert_eq!(
        at(
            "2020-07-31",
            Tense::Past,
            Val::Weekday {
                wd: 5,
                dir: Dir::Tense
            }
        ),
        "2020-07-31"
    );
    assert_eq!(
        at(
            "2020-07-31",
            Tense::Past,
            Val::Weekday {
                wd: 5,
                dir: Dir::Last
            }
        ),
        "2020-07-24"
    );
    assert_eq!(
        at(
            "2020-07-31",
            Tense::Past,
            Val::Weekday {
                wd: 5,
                dir: Dir::Next
            }
        ),
        "2020-08-07"
    );
}

#[test]
fn shifts_and_weeks() {
    assert_eq!(
        at(
            "2020-08-05",
            Tense::Past,
            Val::Shift {
                unit: Unit::Week,
                n: -1
            }
        ),
        "2020-W31"
    );
    assert_eq!(
        at(
            "2020-07-31",
            Tense::Past,
            Val::Shift {
                unit: Unit::Year,
                n: -6
            }
        ),
        "2014"
    );
    assert_eq!(
        at(
            "2020-01-15",
            Tense::Past,
            Val::Shift {
                unit: Unit::Quarter,
                n: -1
            }
        ),
        "2019-Q4"
    );
    assert_eq!(
        at(
            "2020-03-31",
            Tense::Past,
            Val::Shift {
                unit: Unit::Month,
                n: -1
            }
        ),
        "2020-02"
    );
    assert_eq!(
        at("1990-08-13", Tense::Past, Val::Weekend(Dir::Tense)),
        "1990-W32-WE"
    );
}

#[test]
fn months_without_a_year() {
    let may = Val::Date {
        y: YearSpec::Infer,
        m: 5,
        d: None,
        dir: Dir::Tense,
    };
    assert_eq!(at("2020-07-31", Tense::Past, may), "2020-05");
    let oct = Val::Date {
        y: YearSpec::Infer,
        m: 10,
        d: None,
        dir: Dir::Tense,
    };
    assert_eq!(at("1998-01-08", Tense::Past, oct.clone()), "1997-10");
    assert_eq!(at("1998-01-08", Tense::Future, oct), "1998-10");
    let feb30 = Val::Date {
        y: YearSpec::Infer,
        m: 2,
        d: Some(30),
        dir: Dir::Tense,
    };
    assert_eq!(at("2020-07-31", Tense::Past, feb30), "");
}

#[test]
fn reference_time_keeps_its_granularity() {
    let q = Resolved::Quarter(1989, 3);
    let cx = Ctx {
        anchor: Anchor::parse("1989-10-26"),
        tense: Tense::Past,
        reference: Some(&q),
        topic: None,
    };
    let v = resolve(
        &Val::RefShift {
            unit: Unit::Year,
            n: -1,
            keep: true,
        },
        &cx,
    )
    .unwrap();
    assert_eq!(v.value(), "1988-Q3");
}

#[test]
fn unanchored_values() {
    assert_eq!(
        at(
            "",
            Tense::Past,
            Val::Date {
                y: YearSpec::Infer,
                m: 12,
                d: Some(25),
                dir: Dir::Tense
            }
        ),
        "XXXX-12-25"
    );
    assert_eq!(
        at(
            "",
            Tense::Past,
            Val::Weekday {
                wd: 2,
                dir: Dir::Tense
            }
        ),
        "XXXX-WXX-2"
    );
    assert_eq!(
        at(
            "",
            Tense::Past,
            Val::Shift {
                unit: Unit::Week,
                n: -1
            }
        ),
        ""
    );
}
