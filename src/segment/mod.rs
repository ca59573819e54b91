//! The segmenter: which blocks are the story and which are page furniture,
//! how many stories a page carries (a listing page has one per item), each
//! story's title, byline, publication date and site, and its paragraphs,
//! sentences and tokens.
//!
//! Two entry shapes share one output: HTML pages ([`content`] picks the main
//! container from block and element hints, [`meta`] reads what the page
//! declares) and plain text ([`plain`] reads the lines). Stories come out with
//! byte spans; sentences cover each story's title, byline and body in text
//! order, which is what the taggers walk.

pub mod byline;
pub mod content;
pub mod dates;
pub mod html_stories;
pub mod meta;
pub mod plain;
pub mod pubdate;
pub mod sentences;
pub mod tokens;
pub mod words;

#[cfg(test)]
mod fixture_tests;

use crate::annotate::Options;
use crate::page::{Page, Source};
use std::ops::Range;

/// One story on a page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Story {
    /// Byte range in the page text, from the title (or first paragraph) to the end of the last paragraph.
    pub start: usize,
    pub end: usize,
    pub title: Option<String>,
    pub title_span: Option<Range<usize>>,
    pub byline: Option<String>,
    pub byline_span: Option<Range<usize>>,
    /// ISO date-time (`2020-07-29T18:48`) when known, else date, else None.
    pub published: Option<String>,
    pub site: Option<String>,
    /// Body paragraphs (byte ranges), in order; title and byline excluded.
    pub paragraphs: Vec<Range<usize>>,
}

/// What a sentence is part of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Title,
    Byline,
    Body,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index into [`Segmentation::stories`].
    pub story: usize,
    pub part: Part,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Segmentation {
    pub stories: Vec<Story>,
    /// Sentences of every story, in text order.
    pub sentences: Vec<Sentence>,
    /// Per page block: true when it is boilerplate.
    pub boilerplate: Vec<bool>,
}

impl Segmentation {
    /// The story's publication date, else the caller's, as the anchor for dates.
    pub fn anchor<'a>(&'a self, story: usize, opts_published: Option<&'a str>) -> Option<&'a str> {
        self.stories
            .get(story)
            .and_then(|s| s.published.as_deref())
            .or(opts_published)
    }
}

/// Segments a page.
pub fn segment(page: &Page, opts: &Options) -> Segmentation {
    let (mut stories, boilerplate) = match page.source {
        Source::PlainText => segment_plain(page),
        Source::Html => html_stories::segment(page),
    };
    let site = opts
        .url
        .as_deref()
        .and_then(site_of)
        .or_else(|| meta::page_url(&page.meta).and_then(site_of))
        .or_else(|| meta::site_name(&page.meta));
    for s in &mut stories {
        if s.published.is_none() {
            s.published = opts.published.clone();
        }
        s.site = site.clone();
    }
    let sentences = story_sentences(&page.text, &stories);
    Segmentation {
        stories,
        sentences,
        boilerplate,
    }
}

/// Trims a byte range to its non-whitespace part.
pub fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(r.clone()) else {
        return r.start..r.start;
    };
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

fn segment_plain(page: &Page) -> (Vec<Story>, Vec<bool>) {
    let (found, boiler) = plain::segment(page);
    let text = &page.text;
    let stories = found
        .into_iter()
        .filter_map(|p| {
            let span = |i: usize| page.blocks.get(i).map(|b| trim_range(text, b.range()));
            let title_span = p.title.and_then(span);
            let byline_span = p.byline.and_then(span);
            let paragraphs: Vec<Range<usize>> = p
                .body
                .iter()
                .filter_map(|&i| span(i))
                .filter(|r| !r.is_empty())
                .collect();
            let start = title_span
                .iter()
                .chain(byline_span.iter())
                .chain(paragraphs.first())
                .map(|r| r.start)
                .min()?;
            let end = title_span
                .iter()
                .chain(byline_span.iter())
                .chain(paragraphs.last())
                .map(|r| r.end)
                .max()?;
            Some(Story {
                start,
                end,
                title: title_span.clone().map(|r| squash_ws(&text[r])),
                title_span,
                byline: p.names.clone(),
                byline_span,
                published: p.published,
                site: None,
                paragraphs,
            })
        })
        .collect();
    (stories, boiler)
}

/// Sentences of every story: title, byline, then body paragraphs, each a
/// separate unit (a headline without final punctuation still ends).
fn story_sentences(text: &str, stories: &[Story]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (k, s) in stories.iter().enumerate() {
        let mut units: Vec<(Range<usize>, Part)> = Vec::new();
        if let Some(r) = &s.title_span {
            units.push((r.clone(), Part::Title));
        }
        if let Some(r) = &s.byline_span {
            units.push((r.clone(), Part::Byline));
        }
        units.extend(s.paragraphs.iter().map(|r| (r.clone(), Part::Body)));
        units.sort_by_key(|(r, _)| r.start);
        let mut last_end = 0;
        for (r, part) in units {
            if r.start < last_end || text.get(r.clone()).is_none() {
                continue;
            }
            last_end = r.end;
            if part == Part::Body {
                for x in sentences::split(text, r) {
                    out.push(Sentence {
                        start: x.start,
                        end: x.end,
                        story: k,
                        part,
                    });
                }
            } else {
                out.push(Sentence {
                    start: r.start,
                    end: r.end,
                    story: k,
                    part,
                });
            }
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// The host of a URL without `www.` (`https://www.caixinglobal.com/x` → `caixinglobal.com`).
pub fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host
        .split(':')
        .next()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') {
        None
    } else {
        Some(host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_of_strips_scheme_www_and_port() {
        assert_eq!(
            site_of("https://www.caixinglobal.com/2020/x.html").as_deref(),
            Some("caixinglobal.com")
        );
        assert_eq!(site_of("http://localhost:8080/x"), None);
        assert_eq!(
            site_of("news.example.org:81/a").as_deref(),
            Some("news.example.org")
        );
    }
}

/// The `extract` command's view of a page: main content only.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Extract {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    /// Main content, paragraphs separated by a blank line.
    pub text: String,
    pub stories: Vec<ExtractStory>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ExtractStory {
    pub title: Option<String>,
    pub published: Option<String>,
    pub text: String,
}

/// Collapses runs of whitespace to one space and trims.
pub fn squash_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the `extract` output from a segmentation.
pub fn extract(page: &Page, seg: &Segmentation) -> Extract {
    let listing = seg.stories.len() > 1;
    let story_text = |s: &Story| -> String {
        let title = if listing { s.title_span.clone() } else { None };
        title
            .iter()
            .chain(s.paragraphs.iter())
            .filter_map(|p| page.text.get(p.clone()))
            .map(squash_ws)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let stories: Vec<ExtractStory> = seg
        .stories
        .iter()
        .map(|s| ExtractStory {
            title: s.title.clone(),
            published: s.published.clone(),
            text: story_text(s),
        })
        .collect();
    let first = seg.stories.first();
    Extract {
        title: first
            .and_then(|s| s.title.clone())
            .or_else(|| page.meta.title.clone()),
        byline: first.and_then(|s| s.byline.clone()),
        // A listing's first item may carry no date of its own; the page's
        // declared date is then the page's.
        published: first.and_then(|s| s.published.clone()).or_else(|| {
            listing
                .then(|| meta::published(&page.meta).map(|s| s.iso()))
                .flatten()
        }),
        text: stories
            .iter()
            .map(|s| s.text.as_str())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
        stories,
    }
}
