//! The segmenter: which blocks are the story and which are page furniture,
//! how many stories a page carries (a listing page has one per item), each
//! story's title, byline, publication date and site, and its paragraphs,
//! sentences and tokens.
//!
//! (First cut: every block is content and the page is one story. The
//! segmenter issue replaces this with the real thing.)

pub mod sentences;
pub mod tokens;

use crate::annotate::Options;
use crate::page::Page;
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
        self.stories.get(story).and_then(|s| s.published.as_deref()).or(opts_published)
    }
}

/// Segments a page.
pub fn segment(page: &Page, opts: &Options) -> Segmentation {
    let boilerplate = vec![false; page.blocks.len()];
    let mut story = Story {
        start: page.blocks.first().map(|b| b.start).unwrap_or(0),
        end: page.blocks.last().map(|b| b.end).unwrap_or(0),
        published: opts.published.clone(),
        title: page.meta.title.clone(),
        site: opts.url.as_deref().and_then(site_of),
        ..Story::default()
    };
    story.paragraphs = page.blocks.iter().map(|b| b.range()).collect();
    let mut sents = Vec::new();
    for p in &story.paragraphs {
        for r in sentences::split(&page.text, p.clone()) {
            sents.push(Sentence { start: r.start, end: r.end, story: 0, part: Part::Body });
        }
    }
    let stories = if page.blocks.is_empty() { Vec::new() } else { vec![story] };
    Segmentation { stories, sentences: sents, boilerplate }
}

/// The host of a URL without `www.` (`https://www.caixinglobal.com/x` → `caixinglobal.com`).
pub fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_start_matches("www.").to_ascii_lowercase();
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
        assert_eq!(site_of("https://www.caixinglobal.com/2020/x.html").as_deref(), Some("caixinglobal.com"));
        assert_eq!(site_of("http://localhost:8080/x"), None);
        assert_eq!(site_of("news.example.org:81/a").as_deref(), Some("news.example.org"));
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
    let story_text = |s: &Story| -> String {
        s.paragraphs.iter().map(|p| squash_ws(&page.text[p.clone()])).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
    };
    let stories: Vec<ExtractStory> =
        seg.stories.iter().map(|s| ExtractStory { title: s.title.clone(), published: s.published.clone(), text: story_text(s) }).collect();
    let first = seg.stories.first();
    Extract {
        title: first.and_then(|s| s.title.clone()).or_else(|| page.meta.title.clone()),
        byline: first.and_then(|s| s.byline.clone()),
        published: first.and_then(|s| s.published.clone()),
        text: stories.iter().map(|s| s.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n\n"),
        stories,
    }
}
