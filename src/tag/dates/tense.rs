//! Tense reading: does the clause around an expression talk about the past or
//! the future? Bare weekdays and months take their direction from it ("said
//! on Tuesday" is the Tuesday before the story, "will meet on Tuesday" the one
//! after).
//!
//! A full parser is out of budget for a 16 ms page; the nearest tense marker
//! (auxiliary, modal, -ed form) within a small window on either side of the
//! expression decides, closer words winning. The window keeps the cost per
//! expression constant, so a page stays linear.

use super::scan::{Kind, Tok};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Unknown,
}

const WINDOW: usize = 10;
/// How far the second, narrower look reaches ([`around`]).
const FAR: usize = 30;

fn marker(toks: &[Tok], i: usize) -> Option<Tense> {
    let t = toks.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    let k = t.key();
    // a participle after "be" or "to" ("will be held", "to be completed") is passive or infinitive: no tense
    let after_be = i > 0
        && matches!(
            toks[i - 1].key(),
            "be" | "been" | "being" | "is" | "are" | "to"
        );
    // "had been scheduled to expire Friday": the plan lies in the past
    let pluperfect = i > 1 && toks[i - 1].key() == "been" && toks[i - 2].key() == "had";
    if pluperfect && matches!(k, "expected" | "scheduled" | "due" | "set" | "planned") {
        return Some(Tense::Past);
    }
    if after_be
        && !matches!(
            k,
            "expected" | "scheduled" | "due" | "set" | "likely" | "planning" | "going"
        )
    {
        return None;
    }
    match k {
        "will" | "shall" | "ll" | "upcoming" | "scheduled" | "expected" | "planning"
        | "intends" | "tomorrow" | "would" | "planned" => Some(Tense::Future),
        // "until Tuesday" is a deadline ahead; "not until", "up until" and a
        // sentence-opening "Until Thursday, they had not..." look back
        "until" if i > 0 && !matches!(toks[i - 1].key(), "up" | "not" | "n't" | "t") => {
            Some(Tense::Future)
        }
        "until" => None,
        // "plans to", "is to resume", "set to expire"; "vacation plans" is a noun
        "going" | "set" | "due" | "likely" | "plans" | "plan" | "is" | "are"
            if toks.get(i + 1).is_some_and(|n| n.key() == "to") =>
        {
            Some(Tense::Future)
        }
        // "were planning", "was expected": the participle decides
        "was" | "were"
            if toks.get(i + 1).is_some_and(|n| {
                matches!(
                    n.key(),
                    "planning" | "expected" | "scheduled" | "due" | "set" | "going" | "to"
                )
            }) =>
        {
            Some(Tense::Future)
        }
        "is" | "are" | "plans" | "plan" => None,
        // a scheduled event in the present tense ("they meet Monday", "the
        // session opens Tuesday") lies ahead; reporting verbs ("says") do not
        "meet" | "meets" | "begins" | "starts" | "opens" | "resumes" | "arrives" | "leaves"
        | "visits" | "travels" | "heads" | "expires" | "convenes" | "reconvenes" => {
            Some(Tense::Future)
        }
        // "as soon as Tuesday", "as early as Tuesday"
        "soon" | "early" if i > 0 && toks.get(i - 1).is_some_and(|p| p.key() == "as") => {
            Some(Tense::Future)
        }
        "said" | "was" | "were" | "had" | "did" | "ago" | "yesterday" | "told" | "came"
        | "since" | "went" | "made" | "took" | "got" | "began" | "met" | "fell" | "rose"
        | "won" | "lost" | "sold" | "paid" | "held" | "left" | "saw" | "gave" | "led" | "grew"
        | "became" | "spent" | "brought" | "thought" | "found" | "hit" | "announced"
        | "reported" | "earlier" => Some(Tense::Past),
        // a passive or infinitive participle ("will be named", "to be completed") says nothing
        _ if k.len() > 4
            && k.ends_with("ed")
            && i > 0
            && matches!(
                toks[i - 1].key(),
                "be" | "been" | "being" | "is" | "are" | "to"
            ) =>
        {
            None
        }
        // capitalised -ed words are names ("United", "Ahmed"), not verbs
        _ if k.len() > 4 && k.ends_with("ed") && !t.cap && past_form(toks, i, k) => {
            // "expected to", "scheduled for" are future; other -ed forms past.
            Some(Tense::Past)
        }
        _ => None,
    }
}

/// Whether the -ed word at `i` reads as a past-tense verb: not an "-eed"
/// stem ("succeed", "exceed") or another non-verb, not an adjective after a
/// determiner ("a still unspecified date", "the troubled region"), and not
/// a reduced passive ("markets untouched by the crisis").
fn past_form(toks: &[Tok], i: usize, k: &str) -> bool {
    if k.ends_with("eed") {
        return matches!(
            k,
            "agreed" | "disagreed" | "freed" | "decreed" | "guaranteed" | "refereed"
        );
    }
    if matches!(
        k,
        "hundred" | "kindred" | "sacred" | "naked" | "wicked" | "beloved"
    ) {
        return false;
    }
    let prev = i
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .map_or("", |t| t.key());
    let prev2 = i
        .checked_sub(2)
        .and_then(|p| toks.get(p))
        .map_or("", |t| t.key());
    let det = |w: &str| {
        matches!(
            w,
            "a" | "an"
                | "the"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
                | "this"
                | "these"
                | "those"
        )
    };
    if det(prev) || (matches!(prev, "still" | "newly" | "recently" | "long") && det(prev2)) {
        return false;
    }
    let reporting = matches!(prev, "was" | "were" | "had" | "has" | "have");
    reporting || toks.get(i + 1).is_none_or(|n| n.key() != "by")
}

/// A quotation mark: the words beyond it belong to another clause (the
/// quote, or the "Castro said" that reports it), whose tense says nothing
/// about the expression. An apostrophe counts only doubled (`''`), so
/// "Wednesday's" is not a quote.
fn quote_mark(toks: &[Tok], i: usize) -> bool {
    let punct = |j: usize, c: char| toks.get(j).is_some_and(|t| t.kind == Kind::Punct(c));
    matches!(
        toks.get(i).map(|t| t.kind),
        Some(Kind::Punct('"' | '\u{201c}' | '\u{201d}' | '`'))
    ) || (punct(i, '\'')
        && (punct(i + 1, '\'') || i.checked_sub(1).is_some_and(|p| punct(p, '\''))))
}

/// The tense a word to the right of an expression marks.
fn right_marker(toks: &[Tok], i: usize) -> Option<Tense> {
    // "On Friday, the government planned to pay": a plan made on a
    // day told after it is past; "planned for Friday" (to the left) is ahead
    if toks.get(i).is_some_and(|t| t.key() == "planned")
        && i.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|p| {
            // a word before it, not an auxiliary ("is planned") nor a
            // determiner or possessive ("Saturday's planned march")
            p.kind == Kind::Word
                && !matches!(
                    p.key(),
                    "be" | "been"
                        | "being"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "s"
                        | "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                )
        })
    {
        return Some(Tense::Past);
    }
    marker(toks, i)
}

/// The tense nearest to tokens `[start, end)` of a sentence, not reading
/// past a quotation mark on either side.
pub fn around(toks: &[Tok], start: usize, end: usize) -> Tense {
    let (mut left, mut right) = (true, true);
    for d in 1..=WINDOW {
        // Left first: English auxiliaries precede the verb and its adverbials.
        if let Some(i) = start.checked_sub(d).filter(|_| left) {
            left = !quote_mark(toks, i);
            if let Some(t) = marker(toks, i) {
                return t;
            }
        }
        let i = end + d - 1;
        if right {
            right = !quote_mark(toks, i);
            if let Some(t) = right_marker(toks, i) {
                return t;
            }
        }
    }
    // Beyond the window only two readings are trusted (further words mostly
    // belong to other clauses): a modal or a schedule ahead to the left ("will
    // be named commander of the Space Shuttle Columbia for a mission in
    // December", "is scheduled to spend five hours in Dar es Salaam, her first
    // stop Tuesday"), and, for an expression that opens the sentence ("In
    // January, a week after the anniversary, a bombing killed a guard"), the
    // main verb to its right.
    let opens = start <= 1;
    for d in WINDOW + 1..=FAR {
        if let Some(i) = start.checked_sub(d).filter(|_| left) {
            left = !quote_mark(toks, i);
            let modal = matches!(
                toks[i].key(),
                "will" | "would" | "shall" | "scheduled" | "expected" | "planning"
            );
            if modal && marker(toks, i) == Some(Tense::Future) {
                return Tense::Future;
            }
        }
        let i = end + d - 1;
        if right && opens {
            right = !quote_mark(toks, i);
            if let Some(t) = right_marker(toks, i) {
                return t;
            }
        }
    }
    Tense::Unknown
}

#[cfg(test)]
mod tests {
    use super::super::scan::scan;
    use super::*;

    fn tense_of(s: &str, word: &str) -> Tense {
        let mut v = Vec::new();
        scan(s, 0, s.len(), &mut v);
        let i = v.iter().position(|t| t.key() == word).unwrap();
        around(&v, i, i + 1)
    }

    #[test]
    fn nearest_marker_decides() {
        assert_eq!(
            tense_of("The board said on Tuesday it would act.", "tuesday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("The board will meet on Tuesday.", "tuesday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("Shares closed higher Tuesday.", "tuesday"),
            Tense::Past
        );
        assert_eq!(tense_of("Tuesday.", "tuesday"), Tense::Unknown);
        assert_eq!(
            tense_of("Talks are scheduled for Tuesday, officials say.", "tuesday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("Protesters were planning a march Saturday.", "saturday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("Trading is to resume in Paris Tuesday.", "tuesday"),
            Tense::Future
        );
        assert_eq!(
            tense_of(
                "He would be flying to the United States Thursday.",
                "thursday"
            ),
            Tense::Future
        );
        assert_eq!(
            tense_of("On Friday, she set aside vacation plans.", "friday"),
            Tense::Unknown
        );
        assert_eq!(
            tense_of("The contract will be signed on Friday.", "friday"),
            Tense::Future
        );
        // the reporting clause beyond a closing quote does not count
        assert_eq!(
            tense_of(
                "``He will leave at dawn (4 a.m. Thursday),'' Castro said.",
                "thursday"
            ),
            Tense::Future
        );
        assert_eq!(
            tense_of("\"The vote comes Thursday,\" the aide said.", "thursday"),
            Tense::Unknown
        );
        assert_eq!(
            tense_of("Wednesday's ruling was appealed.", "wednesday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("He will succeed Ann Lee Feb. 1.", "feb"),
            Tense::Future
        );
        assert_eq!(
            tense_of(
                "It would be paid on a still unspecified date in January.",
                "january"
            ),
            Tense::Future
        );
        // a plan made on the day, told later, is past; a planned event ahead
        assert_eq!(
            tense_of(
                "On Friday, the government planned to pay the claims.",
                "friday"
            ),
            Tense::Past
        );
        assert_eq!(
            tense_of("Saturday's planned march will go ahead.", "saturday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("The team planned to leave on Thursday.", "thursday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("The offer had been due to expire Friday.", "friday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("Until Thursday, they had not named him.", "thursday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("The court extended the deadline until Tuesday.", "tuesday"),
            Tense::Future
        );
    }

    #[test]
    fn far_reading_trusts_modals_and_the_main_verb_only() {
        // a modal beyond the window, with nothing nearer
        assert_eq!(
            tense_of(
                "The pilot will be named commander of the new orbital station crew for a flight in December.",
                "december"
            ),
            Tense::Future
        );
        // a schedule ahead, and a plan that had been made (past)
        assert_eq!(
            tense_of(
                "The envoy is scheduled to spend only four hours on the ground in the port city, her first stop Tuesday.",
                "tuesday"
            ),
            Tense::Future
        );
        assert_eq!(
            tense_of(
                "The sale, which had been expected, is part of the plan to pay down most of a large bridge loan by February.",
                "february"
            ),
            Tense::Unknown
        );
        // a fronted expression takes the main verb after a long appositive
        assert_eq!(
            tense_of(
                "In January, a week after the anniversary of the high court ruling on the issue, a bombing in the southern city killed a guard.",
                "january"
            ),
            Tense::Past
        );
        // a plan told after the day, far to the right, stays past
        assert_eq!(
            tense_of(
                "On Friday, when the minister set aside her vacation for the hastily arranged trip abroad, she planned a stop in Nairobi.",
                "friday"
            ),
            Tense::Past
        );
        // a far past verb to the left, or to the right of a mid-sentence
        // expression, belongs to another clause: no reading
        assert_eq!(
            tense_of(
                "The bank announced an agreement to acquire the Peoria, Ill., bank holding company in January.",
                "january"
            ),
            Tense::Unknown
        );
    }
}
