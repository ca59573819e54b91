//! The publication date of an article page: which of the dates a page
//! declares (JSON-LD, `<meta>`) and prints (datelines, `<time>`, "Updated"
//! lines, the URL path) is the story's.
//!
//! Pages often carry several: the first publication, a later revision, the
//! dates of related stories and comments. The gold standards (and readers)
//! take the first publication as printed by the title, so the printed date
//! is scored by closeness to the title, date-widget class words and
//! "Published"/"Updated" cues, and it replaces the declared stamp only on
//! evidence (an earlier day, or the page's own revision stamp).

use super::byline;
use super::dates::{date_in_url, find_date, parse_iso, Stamp};
use super::html_stories::{block_text, date_near};
use super::meta;
use crate::page::Page;

/// Whether two stamps fall on neighbouring calendar days (month and year
/// ends included).
fn adjacent_days(a: &Stamp, b: &Stamp) -> bool {
    let n = |x: &Stamp| super::dates::day_number(x.year, x.month, x.day);
    n(a).abs_diff(n(b)) == 1
}

/// A stamp's calendar day (times aside), to compare and order days.
fn ymd(x: &Stamp) -> (u16, u8, u8) {
    (x.year, x.month, x.day)
}

/// Whether two stamps are one numeric date read day-first and month-first
/// ("03/10/2023" against the URL's `/2023/october/03/`).
fn swapped(a: &Stamp, b: &Stamp) -> bool {
    a.month != a.day && (a.year, a.month, a.day) == (b.year, b.day, b.month)
}

/// Class/id words of date widgets.
const DATE_CLASS: &[&str] = &[
    "date", "time", "publish", "updated", "posted", "byline", "meta", "dateline", "changed",
];
/// Words that say a printed date is the story's first publication
/// ("Post time: 01-04-2024" labels it in the same block).
const DATE_CUES: &[&str] = &[
    "published",
    "posted",
    "submitted",
    "post date",
    "post time",
    "publish date",
    "publish time",
];
/// Words that say a printed date is a later revision: dev gold takes the
/// first publication when both are printed, so these count against.
const UPDATE_CUES: &[&str] = &["updated", "modified", "reviewed", "edited"];
/// Class/id words of places whose dates are other stories' or comments'.
const OTHER_DATE_CLASS: &[&str] = &[
    "comment", "sidebar", "related", "recent", "footer", "widget", "popular", "reply", "card",
    "teaser",
];
/// Score a shown date needs to override a declared date of another day.
const SHOWN_BEATS_DECLARED: i32 = 6;
/// Least score for a shown date at all.
const SHOWN_MIN: i32 = 3;

/// A date printed for the story, as [`shown_date`] weighs it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Shown {
    pub stamp: Stamp,
    pub score: i32,
    /// Another date printed in the same block ("May 21, 2025April 24, 2025":
    /// a theme's revision stamp, hidden by its style sheet, before the
    /// publication date).
    pub also: Option<Stamp>,
    /// The page says this is the first publication of a text it has kept
    /// updating ("This article was originally published on 26 Sep 2019").
    pub original: bool,
    /// The date the page labels as its publication ("Published on
    /// 25.Jun.2019"), nearest the title.
    pub labelled: Option<Stamp>,
}

/// Phrases that name the first publication of a page that shows a later date.
const ORIGINAL_CUES: &[&str] = &["originally published", "first published"];

/// The length of `t` as shown: HTML text keeps the source's indentation.
fn shown_len(t: &str) -> usize {
    t.split_whitespace().map(|w| w.len() + 1).sum()
}

/// Whether a block is a table cell: tables of dated figures are data.
fn in_table(tag: &str, class_words: &str) -> bool {
    matches!(tag, "td" | "th")
        || class_words
            .split(' ')
            .any(|w| w == "table" || w.ends_with("-table"))
}

/// The date printed for the story: the best-scored short dated block, by
/// closeness to the title, date-widget class words and "Updated"/"Published"
/// cues. A block the page labels as the publication date ("Posted on May 3,
/// 2023", a "Published" heading over a date, a date under the byline) is kept
/// as a fallback whatever its distance, with the least score, so it dates a
/// page that declares nothing but never overrides a declared date. A line
/// naming the original publication wins over all.
pub(super) fn shown_date(page: &Page, anchor: usize) -> Option<Shown> {
    let mut best: Option<(Shown, usize)> = None;
    let mut labelled: Option<(Stamp, usize)> = None;
    let mut original: Option<(Stamp, usize)> = None;
    let nb = page.blocks.len();
    let lo = anchor.saturating_sub(60);
    let hi = (anchor + 240).min(nb);
    for i in lo..hi {
        let t = block_text(page, i);
        let b = &page.blocks[i];
        let shown_len = shown_len(t);
        // (date, where its text starts, where it ends)
        let found = if shown_len <= 300 { find_date(t) } else { None };
        let lower = t.to_ascii_lowercase();
        if let Some(at) = ORIGINAL_CUES.iter().filter_map(|c| lower.find(c)).min() {
            if let Some((st, _)) = t.get(at..).and_then(find_date) {
                let dist = i.abs_diff(anchor);
                if original.is_none_or(|(_, d)| dist < d) {
                    original = Some((st, dist));
                }
            }
        }
        let dated = found
            .filter(|(_, r)| shown_len <= 200 && (r.len() * 3 >= shown_len || shown_len < 100))
            .map(|(s, r)| match after_publish_cue(t) {
                Some((p, at)) => (p, at, r.end.max(at)),
                None => (s, r.start, r.end),
            });
        let (st, at, end) = match dated {
            Some(d) => d,
            None => match b.hints.datetime.as_deref().and_then(parse_iso) {
                Some(st) => (st, t.len(), t.len()),
                None => continue,
            },
        };
        if in_table(&b.hints.tag, &b.hints.class_words) {
            continue;
        }
        let w = &b.hints.class_words;
        let near_words: String = w
            .split(' ')
            .take(12)
            .filter(|w| !is_layout_word(w) && !own_footer(w))
            .collect::<Vec<_>>()
            .join(" ");
        let dist = i.abs_diff(anchor);
        let prev = i.checked_sub(1).map(|p| block_text(page, p)).unwrap_or("");
        let label = (prev.len() <= 24 && {
            let prev = prev.to_lowercase();
            DATE_LABELS.iter().any(|c| prev.contains(c))
        }) || (prev.len() <= 80
            && byline::parse(prev).is_some_and(|b| b.names.is_some()));
        if OTHER_DATE_CLASS.iter().any(|c| near_words.contains(c)) {
            // a "Published" heading over it still names the article's date
            if label && labelled.is_none_or(|(_, d)| dist < d) {
                labelled = Some((st, dist));
            }
            continue;
        }
        let score_dist = dist.min(60) as i32;
        let mut score = 6 - score_dist / 6;
        if DATE_CLASS.iter().any(|c| near_words.contains(c)) || b.hints.datetime.is_some() {
            score += 3;
        }
        // An update cue before the date labels it a revision; one after it
        // labels another date so ("December 3, 2025. Updated: December 7,
        // 2025"), which makes this one the publication.
        let cue_before = |cues: &[&str]| cues.iter().any(|c| lower[..at].contains(c));
        let updated = cue_before(UPDATE_CUES);
        let revised_later = !updated && UPDATE_CUES.iter().any(|c| lower[end..].contains(c));
        // a byline's date is the publication unless it says it is the revision
        let byline_date = !updated
            && shown_len <= 160
            && byline::parse(t).is_some_and(|b| b.names.is_some() && b.date.is_some());
        let cued = DATE_CUES.iter().any(|c| lower.contains(c)) || revised_later || byline_date;
        if cued {
            score += 3;
        }
        if updated {
            score -= 4;
        }
        if (cued || label) && !updated && labelled.is_none_or(|(_, d)| dist < d) {
            labelled = Some((st, dist));
        }
        let after_title = i > anchor;
        if best.is_none_or(|(bs, bd)| {
            score > bs.score || (score == bs.score && (dist < bd || (dist == bd && after_title)))
        }) {
            let also = t.get(end..).and_then(find_date).map(|(s, _)| s);
            let also = also.or_else(|| {
                // or the date before this one ("July 4, 2025 Updated on February 9, 2026")
                t.get(..at)
                    .and_then(find_date)
                    .map(|(s, _)| s)
                    .filter(|_| at > 0)
            });
            best = Some((
                Shown {
                    stamp: st,
                    score,
                    also,
                    original: false,
                    labelled: None,
                },
                dist,
            ));
        }
    }
    if let Some((st, _)) = original {
        return Some(Shown {
            stamp: st,
            score: SHOWN_BEATS_DECLARED,
            also: None,
            original: true,
            labelled: labelled.map(|(st, _)| st),
        });
    }
    // A labelled date beats one that is merely near the title.
    let best = best.map(|(s, _)| s);
    best.filter(|s| s.score >= SHOWN_BEATS_DECLARED)
        .or(labelled.map(|(st, _)| Shown {
            stamp: st,
            score: SHOWN_MIN,
            also: None,
            original: false,
            labelled: Some(st),
        }))
        .or(best.filter(|s| s.score >= SHOWN_MIN))
}

/// Last resort for a page that neither declares nor prints a publication
/// date: the printed revision date nearest the title ("Last updated:
/// November 13, 2025"), the only date the page gives its text.
fn printed_update(page: &Page, anchor: usize) -> Option<Stamp> {
    let lo = anchor.saturating_sub(60);
    let hi = (anchor + 200).min(page.blocks.len());
    (lo..hi)
        .filter_map(|i| {
            let t = block_text(page, i);
            if shown_len(t) > 80 {
                return None;
            }
            let lower = t.to_lowercase();
            if !UPDATE_CUES.iter().any(|c| lower.contains(c)) {
                return None;
            }
            find_date(t).map(|(st, _)| (i.abs_diff(anchor), st))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, st)| st)
}

/// The date after a "published"/"posted" cue in a block that prints two
/// ("Updated November 11, 2022 Originally published November 9, 2022").
/// Returns the date and where its text starts.
fn after_publish_cue(t: &str) -> Option<(Stamp, usize)> {
    let lower = t.to_ascii_lowercase();
    let at = DATE_CUES.iter().filter_map(|c| lower.find(c)).min()?;
    t.get(at..)
        .and_then(find_date)
        .map(|(s, r)| (s, at + r.start))
}

/// Whether a shown date is the declared one as printed: the same day, a
/// day apart (the declared stamp is UTC, the page prints local time), or
/// day and month read the other way round ("10/09/2024").
fn same_instant_shown(s: &Stamp, d: &Stamp) -> bool {
    let day =
        |x: &Stamp| chrono::NaiveDate::from_ymd_opt(x.year.into(), x.month.into(), x.day.into());
    let near = match (day(s), day(d)) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= 1,
        _ => false,
    };
    near || swapped(s, d)
}

/// Labels a page puts over its publication date ("Published", "Publish date").
const DATE_LABELS: &[&str] = &["publish", "posted", "date"];

/// The article's own footer ("entry-footer", "article-template-footer-main"),
/// where themes print the date and credit, not the page's footer.
fn own_footer(w: &str) -> bool {
    w.contains("footer")
        && ["article", "entry", "post", "story"]
            .iter()
            .any(|a| w.contains(a))
}

/// Layout modifiers that name a sidebar beside the article, not the
/// sidebar itself ("m-article--sidebar-right", "has-sidebar").
fn is_layout_word(w: &str) -> bool {
    // Elementor wraps every element, the article's own date included, in
    // "elementor-widget" classes.
    w.starts_with("elementor-widget")
        || w.contains("sidebar")
            && ["left", "right", "has-", "with-", "no-"]
                .iter()
                .any(|m| w.contains(m))
}

/// A numeric date that reads both ways ("02-12-2025") in the order the
/// page's own ISO `datetime` stamps settle: the other reading when one of
/// them names it and none names this one.
fn day_month_order(page: &Page, p: Stamp) -> Stamp {
    if p.day > 12 {
        return p;
    }
    let stamps = || {
        page.blocks
            .iter()
            .filter_map(|b| b.hints.datetime.as_deref().and_then(parse_iso))
    };
    // `swapped` is false for a date whose day and month are equal
    if stamps().any(|s| swapped(&s, &p)) && !stamps().any(|s| ymd(&s) == ymd(&p)) {
        Stamp {
            month: p.day,
            day: p.month,
            ..p
        }
    } else {
        p
    }
}

/// The story's publication date on an article page whose title block is
/// `anchor`: the declared stamp unless a printed date says otherwise, then
/// the URL, the dates printed near the title (`near`) or at the ends of the
/// content (`content`), the declared revision and a printed "Updated" line.
pub fn article_published(
    page: &Page,
    anchor: usize,
    near: &[usize],
    content_idx: &[usize],
) -> Option<Stamp> {
    // The date the page shows by the title is what readers (and the gold
    // standards) take as the story's date, often an update of the declared
    // one; the declared stamp wins when it names the same day (it has the time).
    let shown = shown_date(page, anchor);
    let declared = meta::published(&page.meta);
    // An "originally published" line names the first publication, unless
    // the page labels the declared day as its publication (a "first
    // published" line about a preprint then dates an earlier version).
    if let Some(o) = shown.filter(|s| s.original) {
        let confirmed = declared.is_some_and(|d| o.labelled.is_some_and(|l| ymd(&l) == ymd(&d)));
        if !confirmed {
            return Some(o.stamp);
        }
    }
    let shown = shown.filter(|s| !s.original);
    // A printed date of another day replaces the declared one when it is
    // earlier (the original publication of a re-stamped page), or later and
    // named by the page's own metadata as the revision date (the gold takes
    // the shown update then; other later printed dates are mostly sidebars'),
    // unless the same block prints the declared day too.
    let revised = meta::modified(&page.meta);
    let published = match (shown, declared) {
        (Some(s), Some(d))
            if s.score >= SHOWN_BEATS_DECLARED
                && !same_instant_shown(&s.stamp, &d)
                && s.also.is_none_or(|a| ymd(&a) != ymd(&d))
                && (ymd(&s.stamp) < ymd(&d)
                    || revised.is_some_and(|m| ymd(&m) == ymd(&s.stamp))) =>
        {
            Some(s.stamp)
        }
        // Nothing declared: a well-placed printed date before the first
        // date near the title (which may be a neighbouring list's).
        (Some(s), None) if s.score >= SHOWN_BEATS_DECLARED => Some(s.stamp),
        (s, d) => d
            .or_else(|| date_near(page, near.iter().copied()))
            .or(s.map(|s| s.stamp)),
    };
    let published = published.map(|p| day_month_order(page, p));
    let url_date = meta::page_url(&page.meta).and_then(date_in_url);
    // A CMS writes the local publication day into the URL; a declared UTC
    // stamp a day off is the same moment seen from another time zone.
    let published = match (published, url_date) {
        (Some(p), Some(u)) if adjacent_days(&p, &u) || swapped(&p, &u) => Some(u),
        (p, _) => p,
    };
    published
        .or(url_date)
        .or_else(|| {
            date_near(
                page,
                content_idx
                    .iter()
                    .copied()
                    .take(3)
                    .chain(content_idx.iter().rev().copied().take(3)),
            )
        })
        .or_else(|| meta::modified(&page.meta))
        .or_else(|| printed_update(page, anchor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::page_from_html;

    const PARA: &str = "The committee met on Tuesday to discuss the budget, and members said the plan would be revised before the vote.";

    /// The published date of the one story of a page with `head` and `top`
    /// (between the title and the text) and `tail` after the text.
    fn published(head: &str, top: &str, tail: &str) -> Option<String> {
        let html = format!(
            r#"<html><head>{head}</head><body><article><h1>Budget plan revised</h1>{top}<p>{PARA}</p><p>{PARA} Again.</p><p>{PARA} Once more.</p>{tail}</article></body></html>"#
        );
        let page = page_from_html(&html, None);
        let (stories, _) = super::super::html_stories::segment(&page);
        stories.first().and_then(|s| s.published.clone())
    }

    const DECLARED: &str = r#"<meta property="article:published_time" content="2025-02-12T10:00:00+00:00"><meta property="article:modified_time" content="2025-05-21T10:00:00+00:00">"#;

    #[test]
    fn a_table_of_dated_figures_is_not_the_dateline() {
        let table = "<table><tr><th>Date</th><th>Change</th></tr><tr><td>1/1/2013</td><td>+13.1%</td></tr><tr><td>2/1/2013</td><td>+12.8%</td></tr></table>";
        assert_eq!(
            published(DECLARED, table, "").as_deref(),
            Some("2025-02-12T10:00")
        );
    }

    #[test]
    fn a_block_printing_the_declared_day_keeps_it() {
        // the theme prints the revision stamp first and hides it
        let meta = r#"<div class="entry-meta"><time class="updated" datetime="2025-05-21">May 21, 2025</time><time class="published" datetime="2025-02-12">February 12, 2025</time> by Jane Roe</div>"#;
        assert_eq!(
            published(DECLARED, meta, "").as_deref(),
            Some("2025-02-12T10:00")
        );
        // printed alone, the declared revision day is what the page shows
        let meta = r#"<div class="entry-meta"><time class="updated" datetime="2025-05-21">May 21, 2025</time></div>"#;
        assert_eq!(published(DECLARED, meta, "").as_deref(), Some("2025-05-21"));
    }

    #[test]
    fn an_original_publication_line_wins() {
        let top = r#"<p class="post-date">30 Sep 2022, 11:07am</p>"#;
        let tail = "<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been regularly updated since.</p>";
        assert_eq!(
            published("", top, tail).as_deref(),
            Some("2019-09-26T16:12")
        );
        assert_eq!(published("", top, "").as_deref(), Some("2022-09-30T11:07"));
        // the page labels the declared day as its publication: the line is an earlier version's
        let head = r#"<meta property="article:published_time" content="2019-06-25">"#;
        let top = r#"<p class="details">Published on 25.Jun.2019 in Vol 7</p><p class="details">Preprints (earlier versions) of this paper are available, first published 04.Apr.2019.</p>"#;
        assert_eq!(published(head, top, "").as_deref(), Some("2019-06-25"));
    }

    #[test]
    fn a_date_before_an_update_cue_is_the_publication() {
        let filler: String = (0..30).map(|k| format!("<p>{PARA} {k}</p>")).collect();
        let tail = format!(
            r#"{filler}<p class="credit">Interview by Jane Roe</p><p class="when">December 3, 2025. <i>Updated: December 7, 2025</i></p>"#
        );
        let head = r#"<meta property="article:modified_time" content="2025-12-07T13:33:15+00:00">"#;
        assert_eq!(published(head, "", &tail).as_deref(), Some("2025-12-03"));
    }

    #[test]
    fn a_dated_credit_far_below_dates_an_undeclared_page() {
        let filler: String = (0..30).map(|k| format!("<p>{PARA} {k}</p>")).collect();
        let tail =
            format!(r#"{filler}<div class="credit">August 12, 2025 By The Diggs Team</div>"#);
        assert_eq!(published("", "", &tail).as_deref(), Some("2025-08-12"));
    }

    #[test]
    fn a_post_time_label_and_the_articles_own_footer() {
        let filler: String = (0..30).map(|k| format!("<p>{PARA} {k}</p>")).collect();
        let tail = format!(r#"{filler}<div class="entry">Post time: 01-04-2024</div>"#);
        assert_eq!(published("", "", &tail).as_deref(), Some("2024-01-04"));
        // the article's own footer carries its date and credit; the page's does not
        let credit = "<div>August 12, 2025\n  By\u{a0}\n  The Diggs Team</div>";
        let tail = format!(r#"{filler}<div class="article-footer">{credit}</div>"#);
        assert_eq!(published("", "", &tail).as_deref(), Some("2025-08-12"));
        let tail = format!(r#"{filler}<div class="site-footer">{credit}</div>"#);
        assert_eq!(published("", "", &tail).as_deref(), None);
    }

    #[test]
    fn a_byline_printing_the_revision_is_no_publication_cue() {
        let head = r#"<meta property="article:published_time" content="2015-07-14T19:24:13+00:00"><meta property="article:modified_time" content="2019-03-11T20:14:13+00:00">"#;
        let top = r#"<p class="entry-meta">109 Comments | Jill Winger | Last Updated: March 11, 2019</p>"#;
        assert_eq!(
            published(head, top, "").as_deref(),
            Some("2015-07-14T19:24")
        );
    }

    #[test]
    fn a_numeric_date_read_against_the_url() {
        let head =
            r#"<link rel="canonical" href="https://example.com/blog/2023/october/03/wine-types">"#;
        let top = r#"<p class="blog-date">03/10/2023</p>"#;
        assert_eq!(published(head, top, "").as_deref(), Some("2023-10-03"));
        assert!(swapped(
            &parse_iso("2023-03-10").unwrap(),
            &parse_iso("2023-10-03").unwrap()
        ));
        assert!(!swapped(
            &parse_iso("2023-03-03").unwrap(),
            &parse_iso("2023-03-03").unwrap()
        ));
    }

    #[test]
    fn a_numeric_date_read_against_the_pages_iso_stamps() {
        let top = r#"<p class="entry-meta"><time datetime="02-12-2025">02-12-2025</time></p>"#;
        let tail = r#"<div class="recent-posts"><a href="/this"><time datetime="2025-12-02">December 02, 2025</time></a></div>"#;
        assert_eq!(published("", top, tail).as_deref(), Some("2025-12-02"));
        assert_eq!(published("", top, "").as_deref(), Some("2025-02-12"));
    }

    #[test]
    fn publish_cue_and_same_instant() {
        assert_eq!(
            after_publish_cue("Updated November 11, 2022 Originally published November 9, 2022")
                .map(|(s, _)| s.iso()),
            Some("2022-11-09".to_string())
        );
        let st = |y, m, d| Stamp {
            year: y,
            month: m,
            day: d,
            time: None,
        };
        assert!(same_instant_shown(&st(2025, 12, 1), &st(2025, 12, 2)));
        assert!(same_instant_shown(&st(2024, 10, 9), &st(2024, 9, 10)));
        assert!(!same_instant_shown(&st(2025, 11, 3), &st(2022, 1, 3)));
    }
}
