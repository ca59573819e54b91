//! Plain-text pages (a saved page's text, one block per line): only the
//! lines themselves to go on.
//!
//! Signals: byline/dateline lines start stories (a listing page prints one
//! per item); runs of three or more short title-case lines without final
//! punctuation are headline lists (navigation, "popular posts"); stock lines
//! ("Related: …", "Share this article", "Post a Comment") end a story's body;
//! captions and credits are skipped. A story's title is the headline-like
//! line just before its byline (on an article page, even the last line of a
//! headline run, which is how pages print "more headlines" above the title).

use super::byline::{self, Byline};
use super::dates::find_date;
use super::words::stock_line;
use crate::page::Page;
use std::ops::Range;

/// A headline is at most this long (bytes).
const MAX_HEADLINE: usize = 150;
/// Fewest lines in a headline run that make it a list rather than a title.
const HEADLINE_RUN: usize = 3;
/// How many lines into a story a dateline may sit.
const DATE_LOOKAHEAD: usize = 4;

/// Stock lines that only mark one line as furniture, without ending the body.
const SKIP_ONLY: &[&str] = &[
    "photo",
    "image",
    "(photo",
    "advertisement",
    "credit",
    "picture",
    "photograph",
    "source: getty",
    "getty",
];

/// One story found in plain text.
#[derive(Clone, Debug, Default)]
pub struct PlainStory {
    pub title: Option<usize>,
    pub byline: Option<usize>,
    pub names: Option<String>,
    pub published: Option<String>,
    /// Body block indices.
    pub body: Vec<usize>,
}

/// Whether a line looks like a headline: short, no final sentence
/// punctuation, most words capitalised.
pub fn headline_like(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.len() > MAX_HEADLINE || t.ends_with(['.', ',', ';', ':', '(']) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 2 || words.len() > 25 {
        return false;
    }
    // Result tables ("Barnsley 2 Oxford 1") are not headlines.
    let numeric = words
        .iter()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
        })
        .count();
    if numeric > 1 || numeric * 4 > words.len() {
        return false;
    }
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| w.len() > 3 || w.chars().next().is_some_and(|c| c.is_uppercase()))
        .collect();
    let caps = content
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        .count();
    caps * 4 >= content.len() * 3
}

/// A sentence-case title: a short line of at least three words without
/// final sentence punctuation.
fn title_like(t: &str) -> bool {
    let t = t.trim();
    t.len() <= MAX_HEADLINE
        && t.split_whitespace().count() >= 3
        && !t.ends_with(['.', ',', ';', ':', '(', '!', '?'])
        && t.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_skip_only(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    SKIP_ONLY.iter().any(|p| l.starts_with(p)) && l.len() < 120
}

/// Segments a plain-text page into stories; returns the stories and the
/// per-block boilerplate flags.
pub fn segment(page: &Page) -> (Vec<PlainStory>, Vec<bool>) {
    let n = page.blocks.len();
    let texts: Vec<&str> = page
        .blocks
        .iter()
        .map(|b| page.text.get(b.start..b.end).unwrap_or("").trim())
        .collect();
    let blank: Vec<bool> = page.blocks.iter().map(|b| b.hints.blank_before).collect();
    let mut boiler = vec![true; n];

    // Headline runs.
    let mut in_run = vec![false; n];
    let mut run_start = 0;
    for i in 0..=n {
        let continues = i < n && headline_like(texts[i]) && (i == run_start || !blank[i]);
        if !continues {
            if i - run_start >= HEADLINE_RUN {
                in_run[run_start..i].iter_mut().for_each(|x| *x = true);
            }
            run_start = if i < n && headline_like(texts[i]) {
                i
            } else {
                i + 1
            };
        }
    }

    let bylines: Vec<(usize, Byline)> = (0..n)
        .filter_map(|i| {
            byline::parse(texts[i])
                .filter(|b| b.date.is_some() || b.names.is_some())
                .map(|b| (i, b))
        })
        .collect();
    // A listing page carries several dated bylines.
    let dated = bylines.iter().filter(|(_, b)| b.date.is_some()).count();
    let listing = dated >= 2;
    let starts: Vec<(usize, Byline)> = if listing {
        bylines
            .into_iter()
            .filter(|(_, b)| b.date.is_some())
            .collect()
    } else {
        bylines.into_iter().take(1).collect()
    };

    let mut stories = Vec::new();
    // Plain text is often a clean document (a wire story, a corpus file):
    // the story starts at the first line that reads like a sentence, or,
    // failing that, at the first line that is not furniture.
    let first_prose = (0..n)
        .find(|&i| {
            !in_run[i]
                && !stock_line(texts[i])
                && !headline_like(texts[i])
                && (texts[i].len() >= 60 || super::content::ends_sentence(texts[i]))
        })
        .or_else(|| (0..n).find(|&i| !in_run[i] && !stock_line(texts[i])));
    if starts.is_empty() {
        // Article without a byline: the title is the last headline-like line before the first prose line.
        // A title is looked for above the first long prose line; with one,
        // the story starts there (lines above are the site's), else at the
        // first sentence-like line.
        let Some(fp) = first_prose else {
            return (stories, boiler);
        };
        let strong = (0..n).find(|&i| {
            let t = texts[i];
            !in_run[i]
                && !stock_line(t)
                && !headline_like(t)
                && t.len() >= 60
                && (super::content::ends_sentence(t) || t.len() >= MAX_HEADLINE)
        });
        let title = strong.and_then(|a| {
            (0..a)
                .rev()
                .find(|&i| headline_like(texts[i]) && !stock_line(texts[i]) && !in_run[i])
                // Sentence-case titles ("TikTok from China: The ban would not end the mistrust"):
                // the first short unpunctuated line above the prose.
                .or_else(|| {
                    (0..a).find(|&i| title_like(texts[i]) && !stock_line(texts[i]) && !in_run[i])
                })
        });
        // Wire copy puts a dateline ("SEOUL 1996-08-30") under the headline:
        // when the line taken for the title is one, the headline is the line above.
        // Some carry the writer's name between the two ("Jim Adams").
        let headline_at =
            |i: usize| !in_run[i] && !stock_line(texts[i]) && texts[i].len() <= MAX_HEADLINE;
        let title = title.map(|t| {
            if !is_dateline(texts[t]) {
                return t;
            }
            match t.checked_sub(1) {
                Some(name) if name > 0 && is_name_line(texts[name]) && headline_at(name - 1) => {
                    name - 1
                }
                Some(above) if headline_at(above) => above,
                _ => t,
            }
        });
        let mut st = PlainStory {
            title,
            ..PlainStory::default()
        };
        let from = title.map(|t| t + 1).unwrap_or(fp);
        st.body = body_from(from, n, &texts, &in_run, &[]);
        stories.push(st);
    } else {
        let byline_idx: Vec<usize> = starts.iter().map(|(i, _)| *i).collect();
        let mut is_byline = vec![false; n];
        byline_idx.iter().for_each(|&i| is_byline[i] = true);
        for (k, (bi, b)) in starts.iter().enumerate() {
            let bi = *bi;
            let prev_end = if k == 0 { 0 } else { byline_idx[k - 1] + 1 };
            let title = bi.checked_sub(1).filter(|&t| {
                t >= prev_end
                    && headline_like(texts[t])
                    && !stock_line(texts[t])
                    && (!listing || !in_run[t])
            });
            let next = byline_idx.get(k + 1).copied().unwrap_or(n);
            let end = title_start_of_next(next, &texts, listing, &in_run).max(bi + 1);
            let mut st = PlainStory {
                title,
                byline: Some(bi),
                names: b.names.clone(),
                published: b.date.map(|d| d.iso()),
                ..PlainStory::default()
            };
            st.body = body_from(bi + 1, end, &texts, &in_run, &is_byline);
            stories.push(st);
        }
    }
    for st in &mut stories {
        if st.published.is_none() {
            let first = st
                .title
                .or(st.byline)
                .or(st.body.first().copied())
                .unwrap_or(0);
            let upto = st.body.get(DATE_LOOKAHEAD).copied().unwrap_or(n).min(n);
            st.published = (first..upto).find_map(|i| {
                find_date(texts[i])
                    .filter(|(_, r)| r.len() * 3 >= texts[i].len())
                    .map(|(d, _)| d.iso())
            });
        }
        for i in st
            .title
            .iter()
            .chain(st.byline.iter())
            .chain(st.body.iter())
        {
            boiler[*i] = false;
        }
    }
    (stories, boiler)
}

/// A short line that is mostly a date, as under a wire headline ("SEOUL 1996-08-30").
fn is_dateline(t: &str) -> bool {
    t.len() <= 60 && find_date(t).is_some_and(|(_, r)| r.len() * 3 >= t.len())
}

/// A line that is only a person's name ("Jim Adams"): two to four
/// capitalised words, letters only.
fn is_name_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && t.len() <= 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'')
        })
}

/// Where the next story's title would sit, so this story's body stops before it.
fn title_start_of_next(next: usize, texts: &[&str], listing: bool, in_run: &[bool]) -> usize {
    match next.checked_sub(1) {
        Some(t) if next < texts.len() && headline_like(texts[t]) && (!listing || !in_run[t]) => t,
        _ => next,
    }
}

/// Body lines from `from` until an end marker or `to`: stock lines end the
/// body, captions are skipped. A headline run is skipped at the edges of the
/// body (sidebars, "more stories" lists) but kept when prose follows it: a
/// run inside a story is a table or a list of results ("Kansas City at
/// Detroit"), which is the story's own content.
fn body_from(
    from: usize,
    to: usize,
    texts: &[&str],
    in_run: &[bool],
    is_byline: &[bool],
) -> Vec<usize> {
    let mut body = Vec::new();
    let mut pending_run = Vec::new();
    for i in from..to.min(texts.len()) {
        let t = texts[i];
        if is_byline.get(i).copied().unwrap_or(false) {
            break;
        }
        if is_skip_only(t) {
            continue;
        }
        if in_run[i] {
            if !body.is_empty() {
                pending_run.push(i);
            }
            continue;
        }
        if ends_body(t) {
            break;
        }
        if stock_line(t) {
            continue;
        }
        body.append(&mut pending_run);
        body.push(i);
    }
    body
}

/// Lines that close an article body ("Contact reporter Ding Yi (", "Follow
/// us on twitter ...", "Post a Comment"); other stock lines are only skipped,
/// so a stray "Next" in a clean document does not cut it short.
const END_MARKERS: &[&str] = &[
    "contact reporter",
    "follow us",
    "share this",
    "related:",
    "related posts",
    "related articles",
    "related stories",
    "popular posts",
    "post a comment",
    "leave a reply",
    "leave a comment",
    "previous article",
    "next article",
    "previous post",
    "next post",
    "read more",
    "you may also like",
    "you might also like",
    "comments",
    "no comments",
    "more stories",
    "recommended for you",
];

fn ends_body(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    END_MARKERS.iter().any(|m| l.starts_with(m)) && l.len() < 200
}

/// Block ranges of a story's body lines.
pub fn ranges(page: &Page, idx: &[usize]) -> Vec<Range<usize>> {
    idx.iter()
        .filter_map(|&i| page.blocks.get(i))
        .map(|b| b.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_documents_keep_every_line() {
        let page = Page::from_plain_text("EU rejects German call to boycott British lamb .\nBRUSSELS 1996-08-22\nBarnsley 2 Oxford 1\nBolton 3 Ipswich 0\nWigan 1 Leeds 2\nNext\nThe Commission said on Thursday it disagreed .\n");
        let (stories, boiler) = segment(&page);
        assert_eq!(stories.len(), 1);
        assert_eq!(
            boiler.iter().filter(|&&b| b).count(),
            1,
            "only the stray stock line"
        );
        let page = Page::from_plain_text("Tom Cotton met Marco Rubio");
        assert_eq!(segment(&page).0.len(), 1);
    }

    #[test]
    fn headline_shapes() {
        assert!(headline_like(
            "U.S. Senators Worry TikTok Could Be Used to Interfere in Elections"
        ));
        assert!(headline_like("Trending Story: Are Any New Graduates Really Worth 2 Million Yuan a Year? Netizens Discuss!"));
        assert!(!headline_like(
            "The move comes after India imposed a ban on 59 Chinese apps."
        ));
        assert!(!headline_like("Contact reporter Ding Yi ("));
        assert!(!headline_like("In addition, Uber has also encountered boycotts from drivers working for taxi companies"));
    }
}
