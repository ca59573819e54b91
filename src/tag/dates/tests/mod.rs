//! The seed expectations, on sentences of our own in the same shapes.

use super::*;
use crate::segment::{sentences, Part, Sentence, Story};

fn seg_of(text: &str, published: Option<&str>) -> Segmentation {
    let story = Story {
        start: 0,
        end: text.len(),
        published: published.map(str::to_string),
        ..Story::default()
    };
    let sentences = sentences::split(text, 0..text.len())
        .into_iter()
        .map(|r| Sentence {
            start: r.start,
            end: r.end,
            story: 0,
            part: Part::Body,
        })
        .collect();
    Segmentation {
        stories: vec![story],
        sentences,
        boilerplate: vec![false],
    }
}

/// (text, type, value, modifier) of every mention.
fn run(text: &str, published: Option<&str>) -> Vec<(String, String, String, String)> {
    tag(text, &seg_of(text, published))
        .into_iter()
        .map(|d| {
            (
                d.text,
                d.ty,
                d.value.unwrap_or_default(),
                d.modifier.unwrap_or_default(),
            )
        })
        .collect()
}

fn value_of(text: &str, published: &str, span: &str) -> String {
    let all = run(text, Some(published));
    match all.iter().find(|m| m.0 == span) {
        Some(m) => m.2.clone(),
        None => panic!("{span:?} not found in {all:?}"),
    }
}

#[test]
fn seed_000_shapes() {
    let p = "2020-07-29T18:48";
    assert_eq!(
        value_of(
            "Posted Jul 29, 2020 06:48 PM by the desk.",
            p,
            "Jul 29, 2020 06:48 PM"
        ),
        "2020-07-29T18:48"
    );
    assert_eq!(
        value_of("The agency released a memo dated Tuesday.", p, "Tuesday"),
        "2020-07-28"
    );
    assert_eq!(
        value_of("On Tuesday, the ministry said it had acted.", p, "Tuesday"),
        "2020-07-28"
    );
    let all = run("For years, analysts warned of the risk.", Some(p));
    assert_eq!(all[0].0, "years");
    assert_eq!((all[0].1.as_str(), all[0].2.as_str()), ("duration", "PXY"));
    assert_eq!(
        value_of("Now the firm faces a reckoning.", p, "Now"),
        "PRESENT_REF"
    );
}

#[test]
fn seed_002_first_story_shapes() {
    let p = "2020-08-05";
    assert_eq!(
        value_of(
            "The order was signed on June 29 in the capital.",
            p,
            "June 29"
        ),
        "2020-06-29"
    );
    assert_eq!(
        value_of("A second letter followed July 27.", p, "July 27"),
        "2020-07-27"
    );
    assert_eq!(
        value_of("Officials met on Tuesday to review it.", p, "Tuesday"),
        "2020-08-04"
    );
    let all = run(
        "The rules take effect in mid-September, the agency said.",
        Some(p),
    );
    assert_eq!(
        all[0],
        (
            "mid-September".into(),
            "date".into(),
            "2020-09".into(),
            "MID".into()
        )
    );
    assert_eq!(
        value_of("Last week, the company denied the report.", p, "Last week"),
        "2020-W31"
    );
}

#[test]
fn seed_002_second_story_shapes() {
    let p = "2020-07-31";
    assert_eq!(
        value_of(
            "The ride-hailing firm reported results Thursday.",
            p,
            "Thursday"
        ),
        "2020-07-30"
    );
    assert_eq!(
        value_of("In May, it cut a quarter of its staff.", p, "May"),
        "2020-05"
    );
    assert_eq!(
        value_of(
            "The unit was founded six years ago by two engineers.",
            p,
            "six years ago"
        ),
        "2014"
    );
    assert_eq!(
        value_of("It has operated there since 1998.", p, "1998"),
        "1998"
    );
    assert_eq!(value_of("The service launched in 2016.", p, "2016"), "2016");
    let all = run("The deal closed a month after the talks began.", Some(p));
    assert_eq!(all[0].0, "a month");
    assert_eq!((all[0].1.as_str(), all[0].2.as_str()), ("duration", "P1M"));
}

#[test]
fn ranges_give_two_dates() {
    let all = run(
        "The program runs from September 2021 to January 2022.",
        Some("2020-07-31"),
    );
    let got: Vec<_> = all.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    assert_eq!(
        got,
        [("September 2021", "2021-09"), ("January 2022", "2022-01")]
    );
}

#[test]
fn unanchored_values_use_x() {
    let all = run(
        "The market closes on December 25 and reopens Tuesday.",
        None,
    );
    let got: Vec<_> = all.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    assert_eq!(
        got,
        [("December 25", "XXXX-12-25"), ("Tuesday", "XXXX-WXX-2")]
    );
}

#[test]
fn more_shapes() {
    let p = "2020-07-29";
    assert_eq!(
        value_of(
            "Sales fell in the first quarter of 2020.",
            p,
            "the first quarter of 2020"
        ),
        "2020-Q1"
    );
    assert_eq!(value_of("Q1 revenue rose.", p, "Q1"), "2020-Q1");
    assert_eq!(
        value_of("Tourism will recover this summer.", p, "this summer"),
        "2020-SU"
    );
    assert_eq!(
        value_of("The talks resumed Tuesday morning.", p, "Tuesday morning"),
        "2020-07-28"
    );
    assert_eq!(
        value_of("Crowds gathered Sunday night.", p, "Sunday night"),
        "2020-07-26"
    );
    assert_eq!(
        value_of("The vote came Monday evening.", p, "Monday evening"),
        "2020-07-27TEV"
    );
    assert_eq!(
        value_of("The market closed at 3 p.m. today.", p, "3 p.m. today"),
        "2020-07-29T15:00"
    );
    assert_eq!(
        value_of("The plant runs on a 24-hour cycle.", p, "24-hour"),
        "PT24H"
    );
    assert_eq!(
        value_of("Inspections happen every week.", p, "every week"),
        "P1W"
    );
    assert_eq!(
        value_of("The report is published annually.", p, "annually"),
        "P1Y"
    );
    assert_eq!(
        value_of("Prices were lower a year earlier.", p, "a year earlier"),
        "2019"
    );
    assert_eq!(
        value_of("He left the previous day.", p, "the previous day"),
        "2020-07-28"
    );
    assert_eq!(
        value_of("It was filed on 2020-07-29.", p, "2020-07-29"),
        "2020-07-29"
    );
    assert_eq!(
        value_of("It was filed on 7/29/2020.", p, "7/29/2020"),
        "2020-07-29"
    );
    assert_eq!(
        value_of("It was filed on 29 July.", p, "29 July"),
        "2020-07-29"
    );
    assert_eq!(value_of("Prices rose in the 1990s.", p, "the 1990s"), "199");
    assert_eq!(
        value_of("The firm will report next year.", p, "next year"),
        "2021"
    );
    assert_eq!(
        value_of("Growth slowed earlier this year.", p, "earlier this year"),
        "2020"
    );
    assert_eq!(
        value_of("We will see in the future.", p, "the future"),
        "FUTURE_REF"
    );
    assert_eq!(
        value_of("The unit was recently sold.", p, "recently"),
        "PAST_REF"
    );
    assert_eq!(
        value_of("Demand fell two weeks ago.", p, "two weeks ago"),
        "2020-W29"
    );
}

#[test]
fn no_false_friends() {
    let all = run(
        "You may march to the spring at 2,000 meters with 1500 people and $1999.",
        Some("2020-07-29"),
    );
    assert!(all.is_empty(), "{all:?}");
}

#[test]
fn reference_time_moves_with_explicit_dates() {
    let all = run(
        "Profit rose in the third quarter. It was $5 million a year earlier.",
        Some("1989-10-26"),
    );
    let v: Vec<_> = all.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    assert_eq!(
        v,
        [
            ("the third quarter", "1989-Q3"),
            ("a year earlier", "1988-Q3")
        ]
    );
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        " ",
        "\u{0}",
        "é",
        "May",
        "31 February",
        "9999-99-99",
        "0/0/0000",
        "Q9",
        "12:99 p.m.",
        "the 0th century",
        "nineteen",
        "twenty-",
        "a-",
        "every",
        "last",
        "the past",
        "year-",
        "Tuesday,",
        "Jan.",
        "1/2/",
        "99999999999 years ago",
        "4294967295 years ago",
        "2147483648 years from now",
        "the 99999th century",
        "Ⅻ月 ٣ 日 火曜日",
    ];
    for s in odd {
        for p in [
            None,
            Some("2020-07-29"),
            Some("0000-01-01"),
            Some("9999-12-31"),
        ] {
            let _ = run(s, p);
        }
    }
    // Every char boundary of a mixed string.
    let mixed = "On Tuesday, 3 p.m. — “mid-September” 2020-07-29 Ünïcode 7/29/2020 six years ago ☃";
    for (i, _) in mixed.char_indices() {
        let _ = run(&mixed[i..], Some("2020-07-29"));
    }
}

#[test]
fn never_panics_on_pseudo_random_text() {
    // A fixed linear congruential generator over a pool of tricky pieces.
    let pool = [
        "May",
        "may",
        " ",
        "1998",
        "-",
        "/",
        ":",
        ".",
        ",",
        "'",
        "s",
        "p.m.",
        "Q",
        "3",
        "29",
        "the",
        "last",
        "year",
        "ago",
        "a",
        "few",
        "Tuesday",
        "night",
        "mid",
        "early",
        "every",
        "é",
        "☃",
        "\u{2019}",
        "th",
        "0",
        "99",
        "fiscal",
        "quarter",
        "2020-07-29T18:48",
        "twenty",
        "nineteen",
        "thousand",
        "earlier",
        "Sept",
        "\n",
    ];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..40 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(pool[(x >> 33) as usize % pool.len()]);
            if x & 1 == 0 {
                s.push(' ');
            }
        }
        for m in run(&s, Some("2020-07-29")) {
            assert!(s.contains(&m.0));
        }
    }
}

#[test]
fn long_repetitive_input_stays_linear_and_shallow() {
    for piece in [
        "earlier ",
        "May ",
        "1 ",
        "the ",
        "a few ",
        "Tuesday, ",
        "last ",
    ] {
        let s = piece.repeat(20_000);
        let _ = run(&s, Some("2020-07-29"));
    }
}

/// A story whose segmenter left the dateline line above it, outside the story.
fn run_below_dateline(text: &str, body_at: usize) -> Vec<(String, String)> {
    let story = Story {
        start: body_at,
        end: text.len(),
        published: Some("1998-08-08".to_string()),
        ..Story::default()
    };
    let sentences = sentences::split(text, body_at..text.len())
        .into_iter()
        .map(|r| Sentence {
            start: r.start,
            end: r.end,
            story: 0,
            part: Part::Body,
        })
        .collect();
    let seg = Segmentation {
        stories: vec![story],
        sentences,
        boilerplate: vec![false],
    };
    tag(text, &seg)
        .into_iter()
        .map(|d| (d.text, d.value.unwrap_or_default()))
        .collect()
}

#[test]
fn dateline_above_the_story_is_read() {
    let text = "Menu | March 3 sale\nNAIROBI, August 7 (Wire) --\n\nThe embassy reopened Friday.";
    let at = text.find("The embassy").unwrap_or(0);
    let got = run_below_dateline(text, at);
    assert_eq!(
        got,
        vec![
            ("August 7".to_string(), "1998-08-07".to_string()),
            ("Friday".to_string(), "1998-08-07".to_string()),
        ]
    );
    // a long line above the story is page text, not a dateline
    let long = format!(
        "{} on August 7 --\n\nThe embassy reopened.",
        "word ".repeat(20)
    );
    let at = long.find("The embassy").unwrap_or(0);
    assert!(run_below_dateline(&long, at).is_empty());
}

#[test]
fn half_amounts() {
    let p = "2020-07-29";
    assert_eq!(
        value_of("They lived in camps for 2 1/2 years.", p, "2 1/2 years"),
        "P2Y6M"
    );
    assert_eq!(
        value_of("She spent 5 1/2 hours there.", p, "5 1/2 hours"),
        "PT5H30M"
    );
    assert_eq!(
        value_of(
            "A minute and a half later, a pilot called.",
            p,
            "A minute and a half"
        ),
        "PT1M30S"
    );
    assert_eq!(
        value_of(
            "The talks took two and a half years.",
            p,
            "two and a half years"
        ),
        "P2Y6M"
    );
    // a fraction that is not one half stays out of the duration
    assert_eq!(value_of("It took 3 1/4 hours.", p, "4 hours"), "PT4H");
}

#[test]
fn vague_references() {
    let p = "1998-03-04";
    assert_eq!(
        value_of("Dealers seem more cautious these days.", p, "these days"),
        "PRESENT_REF"
    );
    assert_eq!(
        value_of("We see challenges in the near term.", p, "the near term"),
        "FUTURE_REF"
    );
    assert_eq!(
        value_of(
            "Rates will rise in the coming months.",
            p,
            "the coming months"
        ),
        "PXM"
    );
    // "near-term" is an adjective; "these" alone is no time
    let all = run("The near-term debt and these costs rose.", Some(p));
    assert!(all.is_empty(), "{all:?}");
}

mod conventions;
mod reference;
mod steps;
