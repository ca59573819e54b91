//! The named word lists the boilerplate scorer reads: class/id words of page
//! furniture, class/id words of article bodies, and the short stock phrases
//! of widgets ("Share this article", "Post a Comment").
//!
//! Why substring lists instead of a regex crate: the lists are tiny and
//! matched per element once, `regex` would cost ~140 KB gzipped of wasm, and
//! a plain `contains` over lower-cased words is what Readability's regexes
//! amount to anyway.

/// Class/id fragments of furniture: navigation, widgets, comments, promos.
/// Matched as substrings of each lower-cased class/id word.
pub const NEGATIVE_CLASS: &[&str] = &[
    "comment",
    "footer",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "popular",
    "trending",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "submenu",
    "megamenu",
    "navbar",
    "navigation",
    "masthead",
    "promo",
    "sponsor",
    "advert",
    "outbrain",
    "taboola",
    "modal",
    "popup",
    "signup",
    "sign-up",
    "login",
    "pagination",
    "pager",
    "caption",
    "credit",
    "byline",
    "author",
    "disqus",
    "recommend",
    "more-stories",
    "read-more",
    "readmore",
    "skip",
    "toolbar",
    "shoutbox",
    "skyscraper",
    "dateline",
    "timestamp",
    "donate",
    "tag-list",
    "taglist",
    "tags",
    "reply",
    "respond",
    "meta-",
    "-meta",
    "postmeta",
    "post-nav",
    "prev-next",
    "nextprev",
    "next-post",
    "previous-post",
    "subnav",
    "topnav",
    "crumb",
];

/// Whole class/id words (after splitting on `-` and `_`) that mark furniture
/// but are too short to match as substrings.
pub const NEGATIVE_PARTS: &[&str] = &[
    "nav",
    "menu",
    "ad",
    "ads",
    "adv",
    "promo",
    "widget",
    "header",
    "banner",
    "aside",
    "footnote",
    "copyright",
    "legal",
    "cta",
    "toc",
    "bio",
    "print",
    "rating",
    "rss",
];

/// Whole words that hide an element (responsive variants like
/// `hidden-12t0irv` only hide it at some widths, so they do not count).
pub const HIDDEN_WORDS: &[&str] = &[
    "hidden",
    "is-hidden",
    "hide",
    "d-none",
    "display-none",
    "visually-hidden",
    "sr-only",
    "screen-reader-text",
];

/// Fragments of article-body containers. They only cancel a negative match
/// in the same word when the word is clearly a body ("entry-content").
pub const POSITIVE_CLASS: &[&str] = &[
    "article-body",
    "articlebody",
    "article-content",
    "entry-content",
    "post-content",
    "post-body",
    "postbody",
    "story-body",
    "storybody",
    "story-content",
    "main-content",
    "maincontent",
    "body-text",
    "bodytext",
    "article-text",
    "articletext",
    "content-body",
    "prose",
    "rich-text",
    "richtext",
    "text-body",
    "article__body",
    "article__content",
    "post__content",
    "entry__content",
    "single-content",
    "blog-content",
    "page-content",
];

/// Stock lines of widgets and page furniture, compared lower-cased against a
/// whole block with final punctuation and arrows trimmed; a block equal to
/// one of them, or starting with one of [`STOCK_PREFIXES`], is furniture.
pub const STOCK_LINES: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "advertisement",
    "advertising",
    "sponsored",
    "read more",
    "read more stories",
    "continue reading",
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related content",
    "related news",
    "more from",
    "popular posts",
    "popular posts from this blog",
    "most popular",
    "most read",
    "trending",
    "trending now",
    "post a comment",
    "leave a reply",
    "leave a comment",
    "comments",
    "no comments",
    "previous article",
    "next article",
    "previous post",
    "next post",
    "previous",
    "next",
    "newer post",
    "older post",
    "home",
    "skip to main content",
    "skip to content",
    "subscribe",
    "sign up",
    "log in",
    "login",
    "sign in",
    "menu",
    "search",
    "close",
    "back to top",
    "you may also like",
    "recommended",
    "recommended for you",
    "see also",
    "tags",
    "topics",
    "filed under",
    "follow us",
    "loading",
    "all rights reserved",
    "cookie settings",
    "accept",
    "accept cookies",
    "top stories",
    "latest news",
    "editor's picks",
    "more stories",
    "more news",
    "view comments",
    "show comments",
    "load more",
    "photo",
    "video",
    "listen",
    "listen to this article",
    "save",
    "copy link",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "share via email",
    "contact us",
    "about us",
    "privacy policy",
    "terms of use",
    "terms of service",
    "sponsored content",
    "you might also like",
    "don't miss",
    "watch",
];

/// Prefixes of furniture lines ("Related: …", "Follow us on twitter …",
/// "Contact reporter Ding Yi (…").
pub const STOCK_PREFIXES: &[&str] = &[
    "related:",
    "related articles:",
    "read more:",
    "read also:",
    "see also:",
    "follow us on",
    "follow us:",
    "contact reporter",
    "contact editor",
    "share this",
    "sign up for",
    "subscribe to",
    "click here to",
    "download our app",
    "download the app",
    "this article was originally",
    "copyright ©",
    "copyright (c)",
    "©",
    "(photo credit",
    "photo:",
    "photo credit:",
    "image:",
    "image credit:",
    "credit:",
    "photograph:",
    "picture:",
    "source: getty",
    "getty images",
    "all rights reserved",
    "posted in",
    "filed under",
    "tags:",
    "topics:",
    "categories:",
    "category:",
    "leave a reply",
    "post a comment",
    "you must be logged in",
    "your email address will not be published",
    "comments are closed",
    "we use cookies",
    "this website uses cookies",
    "by continuing to use",
    "popular posts from this blog",
    "follow caixin",
    "download caixin",
    "newsletter",
    "get our",
    "sign up to",
    "join our",
    "advertisement",
];

/// Whether a lower-cased class/id word marks furniture.
pub fn negative_word(w: &str) -> bool {
    if POSITIVE_CLASS.iter().any(|p| w.contains(p)) {
        return false;
    }
    // Page builders put "widget" on every block ("elementor-widget-text-editor").
    let w = w
        .strip_prefix("elementor-widget")
        .map(|r| r.trim_start_matches('-'))
        .unwrap_or(w);
    if HIDDEN_WORDS.contains(&w) {
        return true;
    }
    if w.contains("commentary") {
        return false; // opinion columns, not comment threads
    }
    NEGATIVE_CLASS.iter().any(|n| w.contains(n))
        || w.split(['-', '_'])
            .any(|part| NEGATIVE_PARTS.contains(&part))
}

/// Whether a lower-cased class/id word marks an article body.
pub fn positive_word(w: &str) -> bool {
    POSITIVE_CLASS.iter().any(|p| w.contains(p))
        || w.split(['-', '_']).any(|part| {
            matches!(
                part,
                "article"
                    | "content"
                    | "entry"
                    | "post"
                    | "story"
                    | "body"
                    | "text"
                    | "main"
                    | "hentry"
            )
        })
}

/// Whether a block's whole text is a stock furniture line.
pub fn stock_line(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ':', '…', '›', '»', '>', '→', '|', ' '])
        .trim_start_matches(['«', '‹', '<', '←', '|', ' ']);
    if t.len() > 200 {
        return false;
    }
    // Every stock line and prefix starts with an ASCII letter or "(" / "©":
    // most blocks are rejected on their first character without allocating.
    let first = t.chars().next().unwrap_or(' ').to_ascii_lowercase();
    if !stock_index().firsts.contains(&first) {
        return false;
    }
    let lower = t.to_lowercase();
    let lower = lower.trim();
    let idx = stock_index();
    idx.lines.contains(lower) || STOCK_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// The stock lists, indexed once.
struct StockIndex {
    lines: std::collections::HashSet<&'static str>,
    firsts: Vec<char>,
}

fn stock_index() -> &'static StockIndex {
    static INDEX: std::sync::OnceLock<StockIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut firsts: Vec<char> = STOCK_LINES
            .iter()
            .chain(STOCK_PREFIXES)
            .filter_map(|s| s.chars().next())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        StockIndex {
            lines: STOCK_LINES.iter().copied().collect(),
            firsts,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words() {
        assert!(negative_word("share-bar"));
        assert!(negative_word("site-nav"));
        assert!(negative_word("ad"));
        assert!(!negative_word("entry-content"));
        assert!(!negative_word("header-image-content-body"));
        assert!(!negative_word("shadow"));
        assert!(!negative_word("address"));
        assert!(positive_word("article-body"));
        assert!(positive_word("post"));
        assert!(!positive_word("postal"));
    }

    #[test]
    fn stock_lines() {
        assert!(stock_line("Share this article"));
        assert!(stock_line("Popular posts from this blog"));
        assert!(stock_line("Related: TikTok hires"));
        assert!(stock_line("  Next Article » "));
        assert!(!stock_line("Share prices fell sharply on Tuesday."));
        assert!(!stock_line("Homeland security officials said"));
    }
}
