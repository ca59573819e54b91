//! Actor tagger: people, organisations and places.
//!
//! Approach: a structured averaged perceptron over hashed token features
//! ([`features`]) with Viterbi decoding of BILOU tags ([`decode`]), trained
//! by the project's own code (`storyline train actors`, `src/train/`) on
//! CoNLL-2003 and GUM; the i8 weights ship inside the binary ([`model`]).
//! Gazetteers ([`lexicon`]) and the sentence's case regime are features,
//! never decisions, so a Title Case headline does not turn "Will Supply"
//! into a person. A document pass ([`consistency`]) then makes a name mean
//! one thing throughout a story. Trade-off: a linear model is ~20x smaller
//! and ~100x faster than a neural tagger, at a few points of F1.

pub mod consistency;
pub mod decode;
pub mod features;
pub mod hash;
pub mod lexicon;
pub mod model;
pub mod prepare;
pub mod tokenize;

use crate::annotate::Actor;
use crate::page::{Page, Source};
use crate::segment::Segmentation;
use decode::{Viterbi, N_TAGS, TYPES};
use model::Model;
use prepare::Prepared;

/// A tagged name: sentence index, token range, type index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub sent: usize,
    pub start: usize,
    pub end: usize,
    pub ty: usize,
}

/// Scratch buffers for tagging, reused across sentences.
#[derive(Default)]
pub struct Scratch {
    feats: Vec<u32>,
    /// End of each token's features in `feats`.
    ends: Vec<usize>,
    emit: model::EmitScratch,
    em: Vec<f32>,
    tags: Vec<u8>,
    viterbi: Viterbi,
}

/// Tags one prepared sentence with `model`, appending its mentions.
pub fn tag_sentence(
    model: &Model,
    p: &Prepared,
    sent: usize,
    sc: &mut Scratch,
    out: &mut Vec<Mention>,
) {
    let n = p.infos.len();
    sc.em.clear();
    sc.em.resize(n * N_TAGS, 0.0);
    let view = p.view();
    sc.feats.clear();
    sc.ends.clear();
    for i in 0..n {
        view.features(i, &mut sc.feats);
        sc.ends.push(sc.feats.len());
    }
    model.emit_all(&sc.feats, &sc.ends, &mut sc.em, &mut sc.emit);
    sc.viterbi.decode(&sc.em, model.trans(), &mut sc.tags);
    for (start, end, ty) in decode::spans(&sc.tags) {
        out.push(Mention {
            sent,
            start,
            end,
            ty,
        });
    }
}

/// Tags every sentence of the segmentation; see the module doc.
pub fn tag(text: &str, seg: &Segmentation) -> Vec<Actor> {
    let Some(model) = Model::get() else {
        return Vec::new();
    };
    let prepared = prepare::prepare(text, prepare::units(text, seg).into_iter());
    let mut out = tag_prepared(model, text, &prepared, true);
    add_bylines(text, seg, &mut out);
    out
}

/// The writers the segmenter read off a story's byline ("Ding Yi", "Flynn
/// Murphy and Anniek Bao") are people: each full name (two to four
/// capitalised words) is tagged as a person inside the story wherever the
/// model left it untagged ("Contact reporter Ding Yi"). Byline lines are
/// short and name-dense, where the model has least context; the segmenter's
/// byline grammar already decided they are names.
fn add_bylines(text: &str, seg: &Segmentation, out: &mut Vec<Actor>) {
    let before = out.len();
    for (k, story) in seg.stories.iter().enumerate() {
        // the story and what follows it up to the next one (a "Contact
        // reporter" line closes the body)
        let upto = seg
            .stories
            .get(k + 1)
            .map_or(text.len(), |s| s.start.max(story.start));
        let Some(names) = story.byline.as_deref() else {
            continue;
        };
        for name in names.split([',', '&', ';']).flat_map(|p| p.split(" and ")) {
            let name = name.trim();
            let words = name.split_whitespace().count();
            let capitalised = name
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            if !(2..=4).contains(&words) || !capitalised {
                continue;
            }
            let Some(hay) = text.get(story.start..upto) else {
                continue;
            };
            for (at, _) in hay.match_indices(name) {
                let (start, end) = (story.start + at, story.start + at + name.len());
                let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                if word_char(text.get(..start).and_then(|t| t.chars().next_back()))
                    || word_char(text.get(end..).and_then(|t| t.chars().next()))
                    || out.iter().any(|a| a.start < end && start < a.end)
                {
                    continue;
                }
                out.push(Actor {
                    ty: TYPES[0].to_string(),
                    start,
                    end,
                    text: name.to_string(),
                    name: None,
                });
            }
        }
    }
    if out.len() > before {
        out.sort_by_key(|a| a.start);
    }
}

/// Tags a page: [`tag`] on HTML pages; on plain text also the lines no
/// sentence covers ([`prepare::gap_units`]), since a plain-text page is
/// usually a clean document whose every line is content.
pub fn tag_page(page: &Page, seg: &Segmentation) -> Vec<Actor> {
    if page.source != Source::PlainText {
        return tag(&page.text, seg);
    }
    let Some(model) = Model::get() else {
        return Vec::new();
    };
    let text = &page.text;
    let prepared = prepare::prepare(text, prepare::units_with_gaps(text, seg).into_iter());
    let mut out = tag_prepared(model, text, &prepared, true);
    add_bylines(text, seg, &mut out);
    out
}

/// Tags prepared sentences with a given model (the trainer's evaluation
/// uses this with fresh weights).
pub fn tag_prepared(
    model: &Model,
    text: &str,
    prepared: &[Prepared],
    consistent: bool,
) -> Vec<Actor> {
    let mut sc = Scratch::default();
    let mut mentions = Vec::new();
    for (k, p) in prepared.iter().enumerate() {
        tag_sentence(model, p, k, &mut sc, &mut mentions);
    }
    let resolved = if consistent {
        consistency::resolve(text, prepared, mentions)
    } else {
        mentions
            .into_iter()
            .map(|m| consistency::Resolved { m, name: None })
            .collect()
    };
    resolved
        .into_iter()
        .filter_map(|r| {
            let p = prepared.get(r.m.sent)?;
            let start = p.toks.get(r.m.start)?.start;
            let end = p.toks.get(r.m.end.checked_sub(1)?)?.end;
            Some(Actor {
                ty: TYPES.get(r.m.ty)?.to_string(),
                start,
                end,
                text: text.get(start..end)?.to_string(),
                name: r.name,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Options;
    use crate::page::Page;
    use crate::segment::{segment, Part};

    fn actors(text: &str) -> Vec<(String, String)> {
        let page = Page::from_plain_text(text);
        let seg = segment(&page, &Options::default());
        tag(&page.text, &seg)
            .into_iter()
            .map(|a| (a.text, a.ty))
            .collect()
    }

    fn has(found: &[(String, String)], text: &str, ty: &str) -> bool {
        found.iter().any(|(t, y)| t == text && y == ty)
    }

    #[test]
    fn people_organisations_places_in_a_story() {
        let found = actors(
            "Senator Tom Cotton of Arkansas said on Tuesday that TikTok, the ByteDance-owned app, \
             poses a risk to the U.S. and its allies.\n\
             Its Chinese parent company ByteDance denied the claims.\n\
             Cotton spoke after Japan’s former prime minister Shinzo Abe met officials in Los Angeles.\n",
        );
        for (t, ty) in [
            ("Tom Cotton", "person"),
            ("TikTok", "organization"),
            ("ByteDance", "organization"),
            ("U.S.", "place"),
            ("Japan", "place"),
            ("Shinzo Abe", "person"),
            ("Los Angeles", "place"),
            ("Cotton", "person"),
        ] {
            assert!(has(&found, t, ty), "{t} as {ty} in {found:?}");
        }
    }

    #[test]
    fn demonyms_are_not_actors() {
        let found = actors("The Republican senator criticised American and Western firms working with the Chinese Communist Party (CCP).\n\
             The party could use the app to sow discord among Americans, he said.\n\
             The Briton lost to American Mike Tyson, and Arabs and Israelis watched.\n");
        assert!(
            has(&found, "Chinese Communist Party", "organization"),
            "{found:?}"
        );
        assert!(has(&found, "Mike Tyson", "person"), "{found:?}");
        for t in [
            "Republican",
            "American",
            "Western",
            "Americans",
            "Briton",
            "Arabs",
            "Israelis",
            "American Mike Tyson",
        ] {
            assert!(!found.iter().any(|(x, _)| x == t), "{t} in {found:?}");
        }
        assert!(has(&found, "CCP", "organization"), "{found:?}");
    }

    #[test]
    fn title_case_headline_does_not_make_names() {
        let text = "Battery Maker CATL Announces it Will Supply Cells for Mercedes-Benz New Electric Sedan\n\
                    The Chinese firm CATL said it will supply batteries to Mercedes-Benz.\n";
        let page = Page::from_plain_text(text);
        let mut seg = segment(&page, &Options::default());
        if let Some(s) = seg.sentences.first_mut() {
            s.part = Part::Title;
        }
        let found: Vec<_> = tag(&page.text, &seg)
            .into_iter()
            .filter(|a| a.end <= 87)
            .map(|a| a.text)
            .collect();
        assert!(found.contains(&"CATL".to_string()), "{found:?}");
        assert!(found.contains(&"Mercedes-Benz".to_string()), "{found:?}");
        for bad in [
            "Will",
            "Will Supply",
            "Supply",
            "Electric Sedan",
            "New Electric Sedan",
        ] {
            assert!(!found.iter().any(|f| f == bad), "{bad} in {found:?}");
        }
    }

    #[test]
    fn plain_text_lines_outside_the_story_are_tagged() {
        // a list of other stories' headlines above the story, a wire
        // dateline, and a results line after the body
        let text = "Latest News\n\n\
                    Xpeng Raises $500 Million Before Planned U.S. Listing\n\
                    CATL Says it Will Supply Cells for Mercedes-Benz Electric Cars\n\
                    Microsoft Said Plan to Buy TikTok Will Go Ahead\n\n\
                    By Wang Lei / Aug 03, 2020 10:15 AM / World\n\n\
                    Chinese battery maker CATL said on Monday that it will supply cells to \
                    Mercedes-Benz for a new electric sedan, the company told Reuters.\n\
                    The deal follows a similar one with BMW, CATL said in a statement.\n\n\
                    CHICAGO AT ATLANTA\n";
        let page = Page::from_plain_text(text);
        let seg = segment(&page, &Options::default());
        let found: Vec<(String, String)> = tag_page(&page, &seg)
            .into_iter()
            .map(|a| (a.text, a.ty))
            .collect();
        assert!(has(&found, "CATL", "organization"), "{found:?}");
        assert!(has(&found, "TikTok", "organization"), "{found:?}");
        assert!(has(&found, "Wang Lei", "person"), "{found:?}");
        for name in ["CHICAGO", "ATLANTA"] {
            assert!(found.iter().any(|(t, _)| t == name), "{name} in {found:?}");
        }
        for bad in ["Will", "Will Supply", "Will Go", "Electric Cars", "Cells"] {
            assert!(!found.iter().any(|(t, _)| t == bad), "{bad} in {found:?}");
        }
        // the HTML door keeps to the story's sentences
        assert!(tag(&page.text, &seg).len() < found.len());
    }

    #[test]
    fn byline_writers_are_people() {
        let text = "Beijing Pushes Chip Plan\n\n\
                    Zhou Xin / Aug 03, 2020 10:15 AM / Tech\n\n\
                    The government said on Monday that it will fund new chip plants in Wuhan, \
                    the Ministry of Industry said in a statement on its website.\n\
                    Contact reporter Zhou Xin (zhouxin@example.com)\n";
        let page = Page::from_plain_text(text);
        let seg = segment(&page, &Options::default());
        let found: Vec<_> = tag_page(&page, &seg)
            .into_iter()
            .filter(|a| a.text == "Zhou Xin")
            .map(|a| a.ty)
            .collect();
        assert_eq!(found, ["person", "person"], "{:?}", seg.stories);
    }

    #[test]
    fn random_text_never_panics() {
        // a seeded mix of letters, marks, quotes, hyphens, dots, brackets and line breaks
        let alphabet: Vec<char> = "aZé’'-.( )\nU.S.\u{200b}ß İ1,&\"".chars().collect();
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200 {
            let mut s = String::new();
            for _ in 0..60 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            for a in actors(&s) {
                assert!(!a.0.is_empty());
            }
        }
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(actors("").is_empty());
        let _ = actors("’’’ \u{200b} ((( ...\n\n\n é");
        let seg = Segmentation {
            sentences: vec![crate::segment::Sentence {
                start: 5,
                end: 999,
                story: 0,
                part: Part::Body,
            }],
            ..Segmentation::default()
        };
        assert!(tag("short", &seg).is_empty());
    }
}
