//! Main content of an HTML page: which blocks are the article and which are
//! furniture.
//!
//! Approach (Readability's container idea, made linear): every block gets a
//! prose weight (long, punctuated, few links) or a furniture weight (link
//! lists, widgets, stock lines, blocks under furniture class/id words or
//! `nav`/`footer`/`aside`/`form` landmarks). The weights are summed bottom-up
//! over the element tree in one reverse pass (parents precede children), and
//! the element with the best `prose - FURNITURE_COST * furniture` is the main
//! container. Inside it, furniture below the container is dropped and the
//! leading and trailing short lines (bylines, dates, tag lists, share bars)
//! are trimmed. Everything is a flat pass over arrays: no recursion, no
//! quadratic walks, whatever the page depth.

use super::words::{negative_word, stock_line, HIDDEN_WORDS};
use crate::page::{region, Page};
use std::collections::{HashMap, HashSet};

/// A landmark or class-marked element that holds more than this share of the
/// page text is a page wrapper, not furniture (ASP.NET wraps whole pages in
/// a `<form>`; some themes put `sidebar-left` on `<body>`).
const WRAPPER_SHARE: f64 = 0.4;
/// An element holding at least this share of the prose (of the page, or of
/// the chosen container) is never furniture.
const PROSE_SHARE: f64 = 0.5;
/// Cost of one byte of furniture against one byte of prose when choosing the
/// container. Below 1: what the container drags in is mostly cut afterwards
/// (furniture below it, link lists, stock lines), while a container one level
/// too low loses whole sections; 0.8 measured best on WCXB dev (0.6 and 1.0
/// both lose).
const FURNITURE_COST: f64 = 0.8;
/// Share of its length that prose under a class-marked widget costs a
/// container candidate (see [`classify`]).
const MARKED_PROSE_COST: f64 = 0.25;
/// Link density above which a block is a link list.
const LINK_LIST_DENSITY: f64 = 0.65;
/// Link density up to which a block can count as prose.
const PROSE_LINK_DENSITY: f64 = 0.3;
/// A block shorter than this (bytes) is never counted as prose by itself.
const PROSE_MIN_BYTES: usize = 40;
/// Lines shorter than this at the head or tail of the content are trimmed
/// when they lack final punctuation (bylines, dates, "Share", tag lists).
const EDGE_SHORT_BYTES: usize = 80;

/// Repeated content blocks at least this long are printed once.
const DEDUP_MIN_BYTES: usize = 20;
/// Furniture word fragments that stay furniture however much prose sits
/// under them: comment threads, footers full of testimonials, sidebars.
const NEVER_VETOED: &[&str] = &["comment", "footer", "sidebar", "disqus", "respond", "reply"];
/// Which landmark regions make a block furniture.
const FURNITURE_REGIONS: u32 =
    region::NAV | region::FOOTER | region::ASIDE | region::FORM | region::DIALOG | region::HIDDEN;

/// Per-block verdict for an HTML page.
#[derive(Clone, Debug, Default)]
pub struct HtmlContent {
    /// Per block: part of the main content.
    pub content: Vec<bool>,
    /// The chosen container (node index), when any.
    pub container: Option<usize>,
}

/// Whether a block's text ends like a sentence.
pub fn ends_sentence(t: &str) -> bool {
    let t = t
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*']);
    t.ends_with(['.', '!', '?', ':', ';', '…', '。', '！', '？'])
}

/// Prose weight of a block: its length when it reads like running text.
fn prose_weight(t: &str, link_bytes: usize, heading: u8) -> usize {
    let len = t.len();
    if heading > 0 || len < PROSE_MIN_BYTES || link_bytes as f64 > len as f64 * PROSE_LINK_DENSITY {
        return 0;
    }
    let words = t.split_whitespace().count();
    if words < 6 {
        return 0;
    }
    let punct = t.bytes().filter(|&b| b == b',' || b == b'.').count();
    if punct == 0 && len < 120 {
        return 0;
    }
    len + 25 * punct.min(20)
}

/// Classifies the blocks of an HTML page.
// Several parallel per-block and per-element arrays are indexed together.
#[allow(clippy::needless_range_loop)]
pub fn classify(page: &Page) -> HtmlContent {
    let nb = page.blocks.len();
    let ne = page.elements.len();
    if nb == 0 {
        return HtmlContent::default();
    }
    let texts: Vec<&str> = page
        .blocks
        .iter()
        .map(|b| page.text.get(b.start..b.end).unwrap_or("").trim())
        .collect();
    let cont = |i: usize| -> Option<usize> {
        let c = page.blocks[i].hints.container as usize;
        (c < ne).then_some(c)
    };
    let parent = |e: usize| -> Option<usize> {
        let p = page.elements[e].parent;
        (p >= 0 && (p as usize) < e).then_some(p as usize)
    };

    // Subtree text sizes, bottom-up.
    let mut subtree = vec![0usize; ne];
    let mut total = 0usize;
    for i in 0..nb {
        total += texts[i].len();
        if let Some(c) = cont(i) {
            subtree[c] += texts[i].len();
        }
    }
    for e in (0..ne).rev() {
        if let Some(p) = parent(e) {
            subtree[p] += subtree[e];
        }
    }
    // Class strings repeat across a page ("menu-item" a hundred times): judge each once.
    let small = |e: usize| (subtree[e] as f64) < total as f64 * WRAPPER_SHARE;

    // Prose regardless of class words: an element holding most of the page's
    // prose is the article, whatever its classes say ("shadow-card",
    // "widgetarea" on whole article bodies).
    let mut raw = vec![0usize; ne];
    for i in 0..nb {
        if let Some(c) = cont(i) {
            let b = &page.blocks[i];
            if !stock_line(texts[i]) {
                raw[c] += prose_weight(texts[i], b.hints.link_bytes, b.hints.heading);
            }
        }
    }
    for e in (0..ne).rev() {
        if let Some(p) = parent(e) {
            raw[p] += raw[e];
        }
    }
    let raw_total = raw
        .iter()
        .enumerate()
        .filter(|&(e, _)| parent(e).is_none())
        .map(|(_, &r)| r)
        .sum::<usize>();
    let minor = |e: usize, of: usize| (raw[e] as f64) < of as f64 * PROSE_SHARE;

    // A furniture word that most of the page's prose sits under is the
    // site's body markup, not furniture: page builders put "widget" on every
    // text block, and some themes split one article over many siblings
    // ("skip-item topic1", "skip-item topic2"), each too small to be the
    // article by itself but together the whole of it.
    let vetoed = Vetoed::new(vetoed_words(page, &raw, raw_total));

    // The page's declared main content (`<main>`, `role=main`) when it
    // holds prose, and the elements that contain it.
    let is_main = |e: usize| {
        let el = &page.elements[e];
        el.tag == "main"
            || (el.regions & region::MAIN != 0
                && parent(e).is_none_or(|p| page.elements[p].regions & region::MAIN == 0))
    };
    let mut holds_main = vec![false; ne];
    for e in (0..ne).rev() {
        if raw[e] > 0 && !page.elements[e].tag.is_empty() && is_main(e) {
            holds_main[e] = true;
        }
        if holds_main[e] {
            if let Some(p) = parent(e) {
                holds_main[p] = true;
            }
        }
    }
    let has_main = holds_main.iter().any(|&h| h);

    let mut memo: HashMap<&str, bool> = HashMap::new();
    // Furniture elements, and whether each element sits under one.
    let mut neg = vec![false; ne];
    let mut under = vec![false; ne];
    for e in 0..ne {
        let el = &page.elements[e];
        if el.tag.is_empty() {
            continue;
        }
        let own_region = matches!(
            el.tag.as_str(),
            "nav" | "footer" | "aside" | "form" | "dialog" | "header" | "menu"
        );
        let hidden = el.regions & region::HIDDEN != 0
            && parent(e).is_none_or(|p| page.elements[p].regions & region::HIDDEN == 0);
        // What the page declares its main content is not furniture by its
        // classes ("hassidebar" on `<main>`), and a landmark beside it is
        // furniture however much text it holds (a footer's long legal
        // notice, a mega-menu's teasers outweighing a short article).
        let declared = el.tag == "main";
        let beside_main =
            has_main && own_region && el.regions & region::MAIN == 0 && !holds_main[e];
        let class_neg = !declared && class_furniture(&mut memo, &vetoed, &el.tag, &el.words);
        neg[e] =
            beside_main || ((own_region || class_neg || hidden) && small(e) && minor(e, raw_total));
        under[e] = neg[e] || parent(e).is_some_and(|p| under[p]);
    }

    // Block weights.
    let mut prose = vec![0usize; nb];
    let mut furn = vec![0usize; nb];
    let mut furniture = vec![false; nb];
    for i in 0..nb {
        let b = &page.blocks[i];
        let t = texts[i];
        let link_heavy = b.hints.link_bytes as f64 > t.len() as f64 * LINK_LIST_DENSITY;
        let regions_bad =
            b.hints.regions & FURNITURE_REGIONS != 0 && cont(i).is_none_or(|c| under[c]);
        furniture[i] = cont(i).is_some_and(|c| under[c]) || stock_line(t) || regions_bad;
        if furniture[i] || link_heavy {
            // Prose under a class-marked widget (a comment thread, a share
            // bar) is cut from any container later, so it weighs less
            // against climbing to the element that also holds the article.
            let marked_prose = cont(i).is_some_and(|c| under[c])
                && !link_heavy
                && prose_weight(t, b.hints.link_bytes, b.hints.heading) > 0;
            furn[i] = if marked_prose {
                (t.len() as f64 * MARKED_PROSE_COST) as usize
            } else {
                t.len()
            };
        } else {
            prose[i] = prose_weight(t, b.hints.link_bytes, b.hints.heading);
        }
    }

    // Container choice.
    let mut sp = vec![0usize; ne];
    let mut sf = vec![0usize; ne];
    for i in 0..nb {
        if let Some(c) = cont(i) {
            sp[c] += prose[i];
            sf[c] += furn[i];
        }
    }
    for e in (0..ne).rev() {
        if let Some(p) = parent(e) {
            sp[p] += sp[e];
            sf[p] += sf[e];
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for e in 0..ne {
        if sp[e] == 0 {
            continue;
        }
        let s = sp[e] as f64 - FURNITURE_COST * sf[e] as f64;
        if best.is_none_or(|(_, bs)| s >= bs) {
            best = Some((e, s));
        }
    }
    let Some((best, _)) = best else {
        // No prose anywhere (or no element info): keep what is not furniture.
        let content = (0..nb)
            .map(|i| !furniture[i] && page.blocks[i].hints.link_bytes * 2 <= texts[i].len())
            .collect();
        return HtmlContent {
            content,
            container: None,
        };
    };

    // Furniture below the container, ignoring what lies above it.
    let mut inside = vec![false; ne];
    let mut bad = vec![false; ne];
    for e in 0..ne {
        if e == best {
            inside[e] = true;
        } else if let Some(p) = parent(e).filter(|&p| inside[p]) {
            inside[e] = true;
            let el = &page.elements[e];
            let own = matches!(
                el.tag.as_str(),
                "nav" | "footer" | "aside" | "form" | "dialog" | "header" | "menu"
            ) || class_furniture(&mut memo, &vetoed, &el.tag, &el.words)
                || (el.regions & region::HIDDEN != 0
                    && page.elements[p].regions & region::HIDDEN == 0);
            bad[e] = (own && minor(e, raw[best])) || bad[p];
        }
    }
    let mut content = vec![false; nb];
    for i in 0..nb {
        let Some(c) = cont(i) else { continue };
        if !inside[c] || bad[c] || t_is_empty(texts[i]) {
            continue;
        }
        let b = &page.blocks[i];
        let t = texts[i];
        if stock_line(t)
            || b.hints.link_bytes as f64 > t.len() as f64 * LINK_LIST_DENSITY
            || looks_like_data(t)
        {
            continue;
        }
        content[i] = true;
    }
    // Responsive page builders print the same text once per breakpoint.
    let mut seen = std::collections::HashSet::new();
    for i in 0..nb {
        if content[i] && texts[i].len() >= DEDUP_MIN_BYTES && !seen.insert(texts[i]) {
            content[i] = false;
        }
    }
    trim_edges(&texts, &prose, &mut content);
    cut_furniture_sections(page, &texts, &mut content);
    cut_tail_notices(&texts, &mut content);
    HtmlContent {
        content,
        container: Some(best),
    }
}

/// Whether an element's class/id words make it furniture. A heading's own
/// words do not: themes style section headings as "header-anchor",
/// "widget-title" or "related-heading", and a heading inside furniture is
/// already dropped with its furniture parent; only hiding words count.
fn class_furniture<'a>(
    memo: &mut HashMap<&'a str, bool>,
    vetoed: &Vetoed,
    tag: &str,
    words: &'a str,
) -> bool {
    if is_heading_tag(tag) {
        return words.split(' ').any(|w| HIDDEN_WORDS.contains(&w));
    }
    negative_words(memo, vetoed, words)
}

fn is_heading_tag(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether any of an element's class/id words marks furniture, memoised per
/// distinct class string; vetoed words do not count.
fn negative_words<'a>(memo: &mut HashMap<&'a str, bool>, vetoed: &Vetoed, words: &'a str) -> bool {
    if words.is_empty() {
        return false;
    }
    *memo.entry(words).or_insert_with(|| {
        words
            .split(' ')
            .any(|w| !vetoed.covers(w) && negative_word(w))
    })
}

/// Furniture words that are the site's body markup (see [`vetoed_words`]),
/// and the furniture parts of those words ("widget" of "so-panel-widget").
struct Vetoed<'a> {
    words: HashSet<&'a str>,
    parts: HashSet<&'a str>,
}

impl<'a> Vetoed<'a> {
    /// From each vetoed word and whether several elements carry it: only
    /// those lend their parts, as one wrapper's words ("theme-caption-two"
    /// on `<body>`) say nothing about the blocks below it.
    fn new(vetoed: HashMap<&'a str, bool>) -> Self {
        let parts = vetoed
            .iter()
            .filter(|&(_, &several)| several)
            .flat_map(|(w, _)| w.split(['-', '_']))
            .filter(|p| !p.is_empty() && negative_word(p))
            .collect();
        Vetoed {
            words: vetoed.into_keys().collect(),
            parts,
        }
    }

    /// A vetoed word, or one whose every furniture part is a vetoed word's:
    /// page builders number their blocks ("toc-para" on every section, and
    /// "toc_19421" on one) or name each block type ("widget_text",
    /// "widget_custom_html"), so the one-off words of an article section
    /// share their furniture part with the body markup.
    fn covers(&self, w: &str) -> bool {
        if self.words.contains(w) {
            return true;
        }
        if self.parts.is_empty() {
            return false;
        }
        let mut any = false;
        for p in w.split(['-', '_']).filter(|p| !p.is_empty()) {
            if negative_word(p) {
                if !self.parts.contains(p) {
                    return false;
                }
                any = true;
            }
        }
        any
    }
}

/// Furniture words under which at least [`PROSE_SHARE`] of the page's prose
/// sits, summed over the outermost elements carrying each word (an element
/// with an ancestor carrying the same word is not counted again; the walk up
/// follows only furniture-marked ancestors and is capped, so it stays linear),
/// each with whether more than one such element carries it.
fn vetoed_words<'a>(page: &'a Page, raw: &[usize], raw_total: usize) -> HashMap<&'a str, bool> {
    const MAX_CHAIN: usize = 32;
    let ne = page.elements.len();
    let mut word_neg: HashMap<&str, bool> = HashMap::new();
    // Per word: the prose under its outermost carriers, and how many there are.
    let mut sums: HashMap<&str, (usize, usize)> = HashMap::new();
    // Nearest ancestor-or-self carrying a furniture word.
    let mut marked: Vec<Option<usize>> = vec![None; ne];
    for (e, el) in page.elements.iter().enumerate() {
        let parent = usize::try_from(el.parent).ok().filter(|&p| p < e);
        let above = parent.and_then(|p| marked[p]);
        let mut any = false;
        for (k, w) in el.words.split(' ').enumerate() {
            if w.is_empty() || !*word_neg.entry(w).or_insert_with(|| negative_word(w)) {
                continue;
            }
            any = true;
            // Comment threads and footers may well outweigh the article.
            if NEVER_VETOED.iter().any(|n| w.contains(n)) {
                continue;
            }
            // "comments comments": one element counts once per word.
            if el.words.split(' ').take(k).any(|x| x == w) {
                continue;
            }
            if raw.get(e).is_none_or(|&r| r == 0) {
                continue;
            }
            // Does a marked ancestor carry the same word?
            let mut a = above;
            let mut repeated = false;
            for _ in 0..MAX_CHAIN {
                let Some(x) = a else { break };
                if page.elements[x].words.split(' ').any(|pw| pw == w) {
                    repeated = true;
                    break;
                }
                a = usize::try_from(page.elements[x].parent)
                    .ok()
                    .filter(|&p| p < x)
                    .and_then(|p| marked[p]);
            }
            if !repeated {
                let (sum, carriers) = sums.entry(w).or_default();
                *sum += raw[e];
                *carriers += 1;
            }
        }
        marked[e] = if any { Some(e) } else { above };
    }
    sums.into_iter()
        .filter(|&(_, (s, _))| raw_total > 0 && s as f64 >= raw_total as f64 * PROSE_SHARE)
        .map(|(w, (_, carriers))| (w, carriers > 1))
        .collect()
}

/// A widget's configuration printed as text (`{"layoutMobile":2,...}`).
fn looks_like_data(t: &str) -> bool {
    (t.starts_with("{\"") && t.ends_with('}')) || (t.starts_with("[{\"") && t.ends_with(']'))
}

fn t_is_empty(t: &str) -> bool {
    t.chars().all(|c| !c.is_alphanumeric())
}

/// Headings that open a furniture section inside an article container:
/// author and reviewer bios, disclaimers, related lists.
const FURNITURE_HEADINGS: &[&str] = &[
    "about the author",
    "about the authors",
    "about the reviewer",
    "about the writer",
    "author bio",
    "disclaimer",
    "related articles",
    "related posts",
    "related stories",
    "related content",
    "related reading",
    "you may also like",
    "you might also like",
    "more from this author",
    "recommended for you",
    "popular posts",
    "trending stories",
    "leave a comment",
    "leave a reply",
    "join the conversation",
    "add a comment",
    "connect with us",
    "explore more",
    "keep reading",
    "read next",
    "article sources",
    "citations",
    "written by",
];

/// Headings of a table of contents (see [`cut_furniture_sections`]).
const TOC_HEADINGS: &[&str] = &[
    "table of contents",
    "contents",
    "in this article",
    "on this page",
    "jump to",
];
/// A table-of-contents entry is shorter than this (bytes).
const TOC_LINE_MAX: usize = 100;

/// Openings of furniture section headings that go on with a name or a
/// phrase ("More from CFR", "Related articles that may interest you").
const FURNITURE_HEADING_PREFIXES: &[&str] = &[
    "more from ",
    "more articles",
    "more posts",
    "recent posts",
    "recent articles",
    "recent blogs",
    "recent stories",
    "recent news",
    "latest posts",
    "latest articles",
    "related articles",
    "related posts",
    "related stories",
    "related resources",
    "related guides",
    "related links",
    "see more in",
];

/// Drops a section opened by a furniture heading ("About the Author",
/// "Disclaimer:"), up to the next heading of the same or a higher level (a
/// furniture line that is not a heading runs to the next heading). One pass.
fn cut_furniture_sections(page: &Page, texts: &[&str], content: &mut [bool]) {
    let mut cut: Option<u8> = None;
    // A table of contents runs over short link lines only: it ends at the
    // first heading or sentence, whatever markup the page gives its sections.
    let mut toc = false;
    for i in 0..content.len() {
        if !content[i] {
            continue;
        }
        let h = page.blocks.get(i).map_or(0, |b| b.hints.heading);
        if h > 0 && cut.is_some_and(|c| h <= c) {
            cut = None;
        }
        let t = texts[i];
        if toc && (h > 0 || t.len() >= TOC_LINE_MAX || ends_sentence(t)) {
            toc = false;
        }
        if t.len() <= 40 {
            let key = t.trim_end_matches([':', '.', ' ']).to_lowercase();
            if TOC_HEADINGS.contains(&key.as_str()) {
                toc = true;
                content[i] = false;
                continue;
            }
            if FURNITURE_HEADINGS.contains(&key.as_str())
                || FURNITURE_HEADING_PREFIXES
                    .iter()
                    .any(|p| key.starts_with(p))
            {
                cut = Some(if h > 0 { h } else { 6 });
            }
        }
        if cut.is_some() || toc {
            content[i] = false;
        }
    }
}

/// Phrases of legal notices and newsletter sign-up lines ("This article is
/// for informational purposes only", "By subscribing, you agree to our
/// terms"), lower-cased.
const NOTICE_PHRASES: &[&str] = &[
    "informational purposes",
    "does not constitute",
    "should not be construed",
    "not intended as legal",
    "not intended as financial",
    "not intended as medical",
    "not intended as professional",
    "not intended to be a substitute",
    "not a substitute for professional",
    "not a substitute for medical",
    "not legal advice",
    "is not financial advice",
    "by subscribing",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "you agree to our terms",
    "you agree to our privacy",
];
/// Openings of an author's bio box, lower-cased (apostrophe either way).
const BIO_OPENINGS: &[&str] = &[
    "hi, i'm ",
    "hi, i’m ",
    "hi! i'm ",
    "hi! i’m ",
    "hey, i'm ",
    "hey, i’m ",
    "hello, i'm ",
    "hello, i’m ",
];
/// Share of the content blocks, counted from the end, where notices are cut.
const NOTICE_TAIL_SHARE: f64 = 0.3;

/// Drops disclaimers, sign-up lines and bio greetings in the last part of
/// the content: site
/// templates append them below the article inside the same container, and
/// the same phrases in the body proper (a story about a disclaimer) stay.
/// Measured on WCXB dev: shingle F1 +0.0002 (notices) and +0.0001
/// (greetings). Cutting tail teasers ending in "…" gained +0.0004 on
/// articles but cost listing pages 0.004, so they stay.
fn cut_tail_notices(texts: &[&str], content: &mut [bool]) {
    let idx: Vec<usize> = (0..content.len()).filter(|&i| content[i]).collect();
    let from = (idx.len() as f64 * (1.0 - NOTICE_TAIL_SHARE)).ceil() as usize;
    for &i in idx.iter().skip(from) {
        let t = texts[i];
        let low = t.to_lowercase();
        // The author's greeting that opens a bio box ("Hi, I'm Jessica!").
        let greeting = BIO_OPENINGS.iter().any(|p| low.starts_with(p));
        if greeting || NOTICE_PHRASES.iter().any(|p| low.contains(p)) {
            content[i] = false;
        }
    }
}

/// Drops short unpunctuated lines before the first and after the last prose
/// block: bylines, dates, kickers, tag lists, share bars.
fn trim_edges(texts: &[&str], prose: &[usize], content: &mut [bool]) {
    let idx: Vec<usize> = (0..content.len()).filter(|&i| content[i]).collect();
    let Some(first) = idx.iter().position(|&i| prose[i] > 0) else {
        return;
    };
    let last = idx.iter().rposition(|&i| prose[i] > 0).unwrap_or(first);
    for &i in &idx[..first] {
        if texts[i].len() < EDGE_SHORT_BYTES && !ends_sentence(texts[i]) {
            content[i] = false;
        }
    }
    for &i in &idx[last + 1..] {
        if texts[i].len() < EDGE_SHORT_BYTES && !ends_sentence(texts[i]) {
            content[i] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::page_from_html;

    fn content_texts(html: &str) -> Vec<String> {
        let page = page_from_html(html, None);
        let c = classify(&page);
        page.blocks
            .iter()
            .zip(&c.content)
            .filter(|(_, &k)| k)
            .map(|(b, _)| page.block_text(b).trim().to_string())
            .collect()
    }

    const PARA: &str = "The committee met on Tuesday to discuss the budget, and members said the plan would be revised before the vote.";

    #[test]
    fn article_body_wins_over_navigation_and_related_lists() {
        let html = format!(
            r#"<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<div class="main"><article><h1>Budget plan revised</h1><p class="byline">By Jane Roe</p>
<div class="entry-content"><p>{PARA}</p><p>{PARA} Again.</p><div class="share-bar"><p>Share this article on the networks, please, now.</p></div><p>{PARA} Third.</p></div></article>
<aside><h3>Related</h3><ul><li><a href="/a">Another story about a budget that was revised last year by the council</a></li></ul></aside></div>
<footer><p>Copyright 2020 The Paper, all rights reserved, and more words here.</p></footer></body></html>"#
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with("The committee"));
        assert!(got[2].ends_with("Third."));
    }

    #[test]
    fn comments_section_is_dropped() {
        let html = format!(
            r#"<html><body><div id="post"><p>{PARA}</p><p>{PARA} Twice.</p></div>
<div id="comments"><h3>Post a Comment</h3><p>{PARA} I disagree with this.</p></div></body></html>"#
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn furniture_word_on_every_paragraph_is_body_markup() {
        let p = |n: &str| format!(r#"<div class="text-widget"><p>{PARA} {n}.</p></div>"#);
        let html = format!(
            r#"<html><body><div class="menu-widget"><a href="/">Home</a> <a href="/b">Blog</a></div>
<div class="page">{}{}{}</div><div id="comments"><p>{PARA} A comment.</p></div></body></html>"#,
            p("One"),
            p("Two"),
            p("Three")
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[2].ends_with("Three."));
    }

    #[test]
    fn react_streamed_chunk_is_shown_other_hidden_text_is_not() {
        let html = format!(
            r#"<html><body><div hidden><p>{PARA} Hidden.</p></div><nav><a href="/">Home</a></nav>
<div hidden id="S:1"><p>{PARA} One.</p><p>{PARA} Two.</p></div></body></html>"#
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].ends_with("Two."));
    }

    #[test]
    fn about_the_author_section_is_cut_until_the_next_heading() {
        let html = format!(
            r#"<html><body><article><h2>Plan</h2><p>{PARA}</p><h3>About the Author</h3><p>{PARA} Bio.</p>
<h2>Next steps</h2><p>{PARA} After.</p></article></body></html>"#
        );
        let got = content_texts(&html);
        assert!(!got.iter().any(|t| t.ends_with("Bio.")), "{got:?}");
        assert!(got.iter().any(|t| t.ends_with("After.")), "{got:?}");
    }

    #[test]
    fn table_of_contents_and_tail_sections_are_cut() {
        let html = format!(
            r#"<html><body><article><p>{PARA}</p><h3>Table of Contents</h3>
<ul><li>Why budgets change</li><li>What the council said</li></ul>
<p class="section">Why budgets change</p><p>{PARA} Kept.</p><h2>More from The Paper</h2><p>{PARA} Teaser.</p></article></body></html>"#
        );
        let got = content_texts(&html);
        assert!(
            !got.iter().any(|t| t.starts_with("What the council")),
            "{got:?}"
        );
        assert!(got.iter().any(|t| t.ends_with("Kept.")), "{got:?}");
        assert!(!got.iter().any(|t| t.ends_with("Teaser.")), "{got:?}");
    }

    #[test]
    fn paragraphs_beside_a_long_comment_thread_stay_together() {
        let comments: String = (0..12)
            .map(|k| format!(r#"<div class="comment"><p>{PARA} Reader {k}.</p></div>"#))
            .collect();
        let html = format!(
            r#"<html><body><div class="postarea"><p>{PARA} One.</p><p>{PARA} Two.</p><p>{PARA} Three.</p>{comments}</div></body></html>"#
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(looks_like_data(
            r#"{"layoutMobile":2,"buttonText":"Buy now"}"#
        ));
        assert!(!looks_like_data("{Braces} in running text are fine."));
    }

    #[test]
    fn notices_at_the_tail_are_cut_not_in_the_body() {
        let html = format!(
            r#"<html><body><article><p>{PARA} It is not legal advice, the mayor said.</p><p>{PARA} Two.</p><p>{PARA} Three.</p>
<p>{PARA} Four.</p><p>{PARA} Five.</p><p>{PARA} Six.</p><p>{PARA} Seven.</p><p>{PARA} Eight.</p><p>This article is for informational purposes only and is not legal advice.</p>
<p>Hi, I'm Jane! I write about budgets and councils here.</p></article></body></html>"#
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 8, "{got:?}");
        assert!(got[0].ends_with("the mayor said."), "{got:?}");
    }

    #[test]
    fn numbered_section_classes_share_the_body_markup_veto() {
        let sec = |k: usize| {
            format!(
                r#"<section class="toc-para toc_{k}"><h2>Part {k}</h2><p>{PARA} {k}a.</p><p>{PARA} {k}b.</p></section>"#
            )
        };
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a></nav><div class="chapters">{}{}{}</div>
<div class="related-widget"><p>{PARA} Related.</p></div></body></html>"#,
            sec(1),
            sec(2),
            sec(3)
        );
        let got = content_texts(&html);
        assert!(got.iter().any(|t| t.ends_with("1a.")), "{got:?}");
        assert!(got.iter().any(|t| t.ends_with("3b.")), "{got:?}");
        assert!(!got.iter().any(|t| t.ends_with("Related.")), "{got:?}");
    }

    #[test]
    fn one_wrappers_words_lend_no_parts_to_the_veto() {
        let cap =
            r#"<figure><figcaption class="gallery-caption">Fence project</figcaption></figure>"#;
        let html = format!(
            r#"<html><body class="theme-caption-two"><main><p>{PARA}</p>{cap}<p>{PARA} Two.</p></main></body></html>"#
        );
        let got = content_texts(&html);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn long_footer_beside_main_is_furniture() {
        let legal = "This material is not intended to replace the advice of a qualified advisor, and it may change without notice to anyone.";
        let html = format!(
            r#"<html><body><main class="hassidebar"><h1>Vehicle rentals</h1><p>{PARA}</p><ul><li>Rental counter steps</li></ul></main>
<footer><p>{legal} One.</p><p>{legal} Two.</p><p>{legal} Three.</p></footer></body></html>"#
        );
        let got = content_texts(&html);
        assert!(
            got.iter().any(|t| t.starts_with("The committee")),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|t| t.starts_with("This material")),
            "{got:?}"
        );
    }

    #[test]
    fn deep_page_is_fine() {
        let html = format!(
            "{}<p>{PARA}</p>{}",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        );
        assert_eq!(content_texts(&html).len(), 1);
    }
}
