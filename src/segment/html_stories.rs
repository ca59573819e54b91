//! Stories of an HTML page: one for an article page, one per item for a
//! listing page, with title, byline and publication date.
//!
//! Metadata is taken in order of trust: what the page declares (JSON-LD,
//! `<meta>`), then what sits next to the title (`<time datetime>`, a
//! dateline, a "By ..." line), then the URL path. A listing is recognised by
//! several `<article>` items (or repeated item containers) inside the main
//! content that each carry a heading and none of which dominates.

use super::byline;
use super::content::{self, HtmlContent};
use super::dates::{find_date, parse_iso, Stamp};
use super::meta;
use super::pubdate;
use super::{squash_ws, trim_range, Story};
use crate::page::Page;
use std::collections::HashMap;
use std::ops::Range;

/// Share of the main content that listing items must hold.
const MIN_ITEMS_SHARE: f64 = 0.6;
/// How many blocks around the title are searched for a byline or date.
const NEAR_TITLE: usize = 12;
/// A listing has at least this many items.
const MIN_ITEMS: usize = 3;
/// On a listing no single item holds more than this share of the content.
const MAX_ITEM_SHARE: f64 = 0.5;

fn norm(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `<title>` without the site part ("Headline | Site", "Headline - Site").
fn clean_doc_title(t: &str) -> String {
    let mut best = t.trim();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
        if let Some((a, b)) = best.rsplit_once(sep) {
            best = if a.len() >= b.len() {
                a.trim()
            } else {
                b.trim()
            };
        }
    }
    best.to_string()
}

/// Segments an HTML page.
pub fn segment(page: &Page) -> (Vec<Story>, Vec<bool>) {
    let hc = content::classify(page);
    let nb = page.blocks.len();
    let mut stories = listing_stories(page, &hc).unwrap_or_default();
    if stories.is_empty() {
        if let Some(s) = article_story(page, &hc) {
            stories.push(s);
        }
    }
    let mut boiler = vec![true; nb];
    // Mark blocks covered by a story's parts as content (binary search over block starts).
    let starts: Vec<usize> = page.blocks.iter().map(|b| b.start).collect();
    let mut mark = |r: &Range<usize>| {
        let i = starts.partition_point(|&s| s <= r.start).saturating_sub(1);
        if let Some(b) = boiler.get_mut(i) {
            *b = false;
        }
    };
    for s in &stories {
        s.title_span
            .iter()
            .chain(s.byline_span.iter())
            .chain(s.paragraphs.iter())
            .for_each(&mut mark);
    }
    (stories, boiler)
}

pub(super) fn block_text(page: &Page, i: usize) -> &str {
    page.blocks
        .get(i)
        .and_then(|b| page.text.get(b.start..b.end))
        .unwrap_or("")
        .trim()
}

/// The title block: a heading matching the declared headline, else the last
/// `<h1>` before the content, else the first `<h1>`.
fn find_title(page: &Page, first_content: usize, declared: &[String]) -> Option<usize> {
    let declared: Vec<String> = declared
        .iter()
        .map(|d| norm(d))
        .filter(|d| !d.is_empty())
        .collect();
    let headings: Vec<usize> = (0..page.blocks.len())
        .filter(|&i| (1..=3).contains(&page.blocks[i].hints.heading))
        .collect();
    let matches = |i: usize| {
        let t = norm(block_text(page, i));
        !t.is_empty()
            && declared.iter().any(|d| {
                *d == t || (t.len() >= 20 && (d.starts_with(&t) || t.starts_with(d.as_str())))
            })
    };
    headings
        .iter()
        .copied()
        .filter(|&i| matches(i))
        .min_by_key(|&i| i.abs_diff(first_content))
        .or_else(|| {
            headings
                .iter()
                .copied()
                .rfind(|&i| page.blocks[i].hints.heading == 1 && i <= first_content)
        })
        .or_else(|| {
            headings
                .iter()
                .copied()
                .find(|&i| page.blocks[i].hints.heading == 1)
        })
}

/// The first date shown among `idx` blocks: a dateline's text, else a
/// `<time datetime>` (whose text may be "2 days ago").
pub(super) fn date_near(page: &Page, idx: impl Iterator<Item = usize>) -> Option<Stamp> {
    for i in idx {
        let t = block_text(page, i);
        if t.len() <= 200 {
            if let Some((st, r)) = find_date(t) {
                if r.len() * 3 >= t.len() || t.len() < 100 {
                    return Some(st);
                }
            }
        }
        if let Some(st) = page
            .blocks
            .get(i)
            .and_then(|b| b.hints.datetime.as_deref())
            .and_then(parse_iso)
        {
            return Some(st);
        }
    }
    None
}

/// Development aid: the declared date, the near-title date and the best
/// shown date with its score, as the article story weighs them.
pub fn date_candidates(page: &Page) -> (Option<String>, Option<String>, Option<(String, i32)>) {
    let hc = content::classify(page);
    let first = hc.content.iter().position(|&c| c).unwrap_or(0);
    let mut declared = meta::headline(&page.meta);
    if let Some(t) = &page.meta.title {
        declared.push(clean_doc_title(t));
    }
    let title = find_title(page, first, &declared);
    let nb = page.blocks.len();
    let near: Vec<usize> = match title {
        Some(t) => (t.saturating_sub(3)..(t + NEAR_TITLE).min(nb)).collect(),
        None => (first.saturating_sub(NEAR_TITLE)..(first + 3).min(nb)).collect(),
    };
    (
        meta::published(&page.meta).map(|s| s.iso()),
        date_near(page, near.into_iter()).map(|s| s.iso()),
        pubdate::shown_date(page, title.unwrap_or(first)).map(|s| (s.stamp.iso(), s.score)),
    )
}

/// A byline block near the title: "By ..." text, or a short block under a
/// byline/author class.
fn byline_near(page: &Page, idx: impl Iterator<Item = usize>) -> Option<(usize, String)> {
    for i in idx {
        let t = block_text(page, i);
        if t.len() > 160 {
            continue;
        }
        if let Some(b) = byline::parse(t) {
            if let Some(n) = b.names {
                return Some((i, n));
            }
        }
        let w = &page.blocks[i].hints.class_words;
        if (w.contains("byline") || w.contains("author")) && byline::names_like(t) {
            return Some((i, squash_ws(t)));
        }
    }
    None
}

fn article_story(page: &Page, hc: &HtmlContent) -> Option<Story> {
    let text = &page.text;
    let nb = page.blocks.len();
    let content_idx: Vec<usize> = (0..nb)
        .filter(|&i| hc.content.get(i).copied().unwrap_or(false))
        .collect();
    let first_content = content_idx.first().copied().unwrap_or(0);
    let mut declared = meta::headline(&page.meta);
    if let Some(t) = &page.meta.title {
        declared.push(clean_doc_title(t));
    }
    let title_block = find_title(page, first_content, &declared);
    let title_norm = title_block.map(|i| norm(block_text(page, i)));
    let near: Vec<usize> = match title_block {
        Some(t) => (t.saturating_sub(3)..(t + NEAR_TITLE).min(nb)).collect(),
        None => (first_content.saturating_sub(NEAR_TITLE)..(first_content + 3).min(nb)).collect(),
    };
    let byl = byline_near(page, near.iter().copied());
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    for &i in &content_idx {
        if Some(i) == title_block || byl.as_ref().is_some_and(|(b, _)| *b == i) {
            continue;
        }
        if title_norm
            .as_ref()
            .is_some_and(|t| !t.is_empty() && norm(block_text(page, i)) == *t)
        {
            continue;
        }
        let r = trim_range(text, page.blocks[i].range());
        if !r.is_empty() {
            paragraphs.push(r);
        }
    }
    let title_span = title_block.map(|i| trim_range(text, page.blocks[i].range()));
    let title = title_span
        .clone()
        .map(|r| squash_ws(&text[r]))
        .filter(|t| !t.is_empty())
        .or_else(|| declared.first().map(|d| squash_ws(d)));
    let byline_span = byl
        .as_ref()
        .map(|(i, _)| trim_range(text, page.blocks[*i].range()));
    let byline = meta::author(&page.meta).or(byl.map(|(_, n)| n));
    let published = pubdate::article_published(
        page,
        title_block.unwrap_or(first_content),
        &near,
        &content_idx,
    )
    .map(|s| s.iso());
    let spans = title_span
        .iter()
        .chain(byline_span.iter())
        .chain(paragraphs.iter());
    let start = spans.clone().map(|r| r.start).min()?;
    let end = spans.map(|r| r.end).max()?;
    Some(Story {
        start,
        end,
        title,
        title_span,
        byline,
        byline_span,
        published,
        site: None,
        paragraphs,
    })
}

/// One story per `<article>` item when the main content is a list of them.
fn listing_stories(page: &Page, hc: &HtmlContent) -> Option<Vec<Story>> {
    let text = &page.text;
    let nb = page.blocks.len();
    // Items: blocks grouped by their nearest <article>.
    let mut items: Vec<(u32, Vec<usize>)> = Vec::new();
    let mut pos: HashMap<u32, usize> = HashMap::new();
    for i in 0..nb {
        let Some(a) = page.blocks[i].hints.article else {
            continue;
        };
        let k = *pos.entry(a).or_insert_with(|| {
            items.push((a, Vec::new()));
            items.len() - 1
        });
        items[k].1.push(i);
    }
    let with_heading: Vec<&(u32, Vec<usize>)> = items
        .iter()
        .filter(|(_, b)| b.iter().any(|&i| page.blocks[i].hints.heading > 0))
        .collect();
    if with_heading.len() < MIN_ITEMS {
        return None;
    }
    let total: usize = (0..nb)
        .filter(|&i| hc.content.get(i).copied().unwrap_or(false))
        .map(|i| block_text(page, i).len())
        .sum();
    let biggest = with_heading
        .iter()
        .map(|(_, b)| b.iter().map(|&i| block_text(page, i).len()).sum::<usize>())
        .max()
        .unwrap_or(0);
    if total > 0 && biggest as f64 > total as f64 * MAX_ITEM_SHARE {
        return None;
    }
    // The items must carry the main content, not sit beside it ("related" teasers).
    // Only items with a heading count: an `<article>` wrapping the body
    // beside a list of teaser articles is not an item.
    let in_items: usize = with_heading
        .iter()
        .flat_map(|(_, b)| b.iter().copied())
        .filter(|&i| hc.content.get(i).copied().unwrap_or(false))
        .map(|i| block_text(page, i).len())
        .sum();
    if (in_items as f64) < total as f64 * MIN_ITEMS_SHARE {
        return None;
    }
    let mut stories = Vec::new();
    for (_, blocks) in with_heading {
        let Some(&t) = blocks.iter().find(|&&i| page.blocks[i].hints.heading > 0) else {
            continue;
        };
        let title_span = trim_range(text, page.blocks[t].range());
        let byl = byline_near(page, blocks.iter().copied().filter(|&i| i != t));
        let published = date_near(page, blocks.iter().copied()).map(|s| s.iso());
        let paragraphs: Vec<Range<usize>> = blocks
            .iter()
            .copied()
            .filter(|&i| i > t && byl.as_ref().is_none_or(|(b, _)| *b != i))
            .filter(|&i| {
                let s = block_text(page, i);
                s.len() >= 40
                    && !super::words::stock_line(s)
                    && find_date(s).is_none_or(|(_, r)| r.len() * 2 < s.len())
            })
            .map(|i| trim_range(text, page.blocks[i].range()))
            .collect();
        let byline_span = byl
            .as_ref()
            .map(|(i, _)| trim_range(text, page.blocks[*i].range()));
        let end = paragraphs
            .last()
            .map(|r| r.end)
            .unwrap_or(title_span.end)
            .max(byline_span.as_ref().map_or(0, |r| r.end));
        stories.push(Story {
            start: title_span.start,
            end,
            title: Some(squash_ws(&text[title_span.clone()])),
            title_span: Some(title_span),
            byline: byl.map(|(_, n)| n),
            byline_span,
            published,
            site: None,
            paragraphs,
        });
    }
    (stories.len() >= MIN_ITEMS).then_some(stories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::page_from_html;

    const PARA: &str = "The committee met on Tuesday to discuss the budget, and members said the plan would be revised before the vote.";

    #[test]
    fn article_metadata_from_json_ld_and_h1() {
        let html = format!(
            r#"<html><head><title>Budget plan revised | The Paper</title>
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Budget plan revised","datePublished":"2020-07-29T18:48:00+08:00","author":{{"name":"Jane Roe"}}}}</script></head>
<body><article><h1>Budget plan revised</h1><p>By Jane Roe</p><p>{PARA}</p><p>{PARA} Again.</p></article></body></html>"#
        );
        let page = page_from_html(&html, None);
        let (stories, _) = segment(&page);
        assert_eq!(stories.len(), 1);
        let s = &stories[0];
        assert_eq!(s.title.as_deref(), Some("Budget plan revised"));
        assert_eq!(s.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(s.published.as_deref(), Some("2020-07-29T18:48"));
        assert_eq!(s.paragraphs.len(), 2);
        assert!(s.byline_span.is_some());
    }

    #[test]
    fn dateline_and_time_element_when_nothing_is_declared() {
        let html = format!(
            r#"<html><body><h1>Budget plan revised</h1><p class="meta"><time datetime="2021-03-04T10:20">March 4</time></p><div><p>{PARA}</p><p>{PARA}</p></div></body></html>"#
        );
        let page = page_from_html(&html, None);
        let (stories, _) = segment(&page);
        assert_eq!(stories[0].published.as_deref(), Some("2021-03-04T10:20"));
    }

    #[test]
    fn listing_of_articles() {
        let mut body = String::new();
        for k in 1..=4 {
            body.push_str(&format!(
                r#"<article><h2><a href="/{k}">Story number {k} about budgets</a></h2><p>By Jane Roe / Jul 2{k}, 2020 06:48 PM / World</p><p>{PARA} Item {k}.</p></article>"#
            ));
        }
        let html = format!("<html><body><main>{body}</main></body></html>");
        let page = page_from_html(&html, None);
        let (stories, _) = segment(&page);
        assert_eq!(stories.len(), 4);
        assert_eq!(stories[1].published.as_deref(), Some("2020-07-22T18:48"));
        assert_eq!(stories[1].byline.as_deref(), Some("Jane Roe"));
        assert_eq!(stories[1].paragraphs.len(), 1);
    }

    #[test]
    fn body_article_beside_teaser_articles_is_one_story() {
        let teasers: String = (1..=4)
            .map(|k| {
                format!(r#"<article><h2><a href="/{k}">Teaser story number {k}</a></h2></article>"#)
            })
            .collect();
        let html = format!(
            r#"<html><body><main><h1>Budget plan revised</h1><article><p>{PARA}</p><p>{PARA} Again.</p></article><section>{teasers}</section></main></body></html>"#
        );
        let page = page_from_html(&html, None);
        let (stories, _) = segment(&page);
        assert_eq!(stories.len(), 1, "{stories:?}");
        assert_eq!(stories[0].paragraphs.len(), 2);
    }

    #[test]
    fn labelled_and_printed_dates() {
        // a "Published" heading over a date far below the title, in a sidebar
        let filler: String = (0..40).map(|k| format!("<p>{PARA} {k}</p>")).collect();
        let html = format!(
            r#"<html><body><h1>Budget plan revised</h1><div>{filler}</div><div class="post-sidebar"><h4>Published</h4><div>July 8, 2025</div></div></body></html>"#
        );
        let page = page_from_html(&html, None);
        let (stories, _) = segment(&page);
        assert_eq!(stories[0].published.as_deref(), Some("2025-07-08"));
    }

    #[test]
    fn a_printed_update_is_the_last_resort() {
        let html = format!(
            r#"<html><body><h1>Budget plan revised</h1><div><p>{PARA}</p><p>{PARA}</p></div><p>Last updated: November 13, 2025</p></body></html>"#
        );
        let page = page_from_html(&html, None);
        let (stories, _) = segment(&page);
        assert_eq!(stories[0].published.as_deref(), Some("2025-11-13"));
    }
}
