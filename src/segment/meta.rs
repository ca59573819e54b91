//! Page-level metadata an HTML page declares about its article: JSON-LD
//! (`NewsArticle`, `BlogPosting`, ... with `headline`, `datePublished`,
//! `author`), Open Graph and other `<meta>` names. The segmenter prefers
//! these declarations to guesses from the text, and falls back to the text
//! when a page declares nothing.

use super::dates::{find_date, parse_iso, Stamp};
use crate::page::Meta;
use serde_json::Value;

/// `<meta>` keys that carry the publication time, best first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "article.published",
    "publish-date",
    "published-date",
    "publication-date",
    "publication_date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "date",
    "datecreated",
    "article:published",
    "cxenseparse:recs:publishtime",
    "og:article:published_time",
    "citation_publication_date",
    "created",
    "published",
    "article:published_date",
    "publication_date",
    "release_date",
];

/// JSON-LD `@type`s that describe the page's article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "Report",
    "TechArticle",
    "ScholarlyArticle",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "BackgroundNewsArticle",
    "Review",
    "Recipe",
    "Posting",
    "WebPage",
    "Blog",
    "HowTo",
];

/// The JSON-LD objects of the page, flattened (`@graph`, arrays, nesting),
/// iteratively and with a cap, so hostile JSON cannot blow the stack.
pub fn json_ld_objects(meta: &Meta) -> Vec<&serde_json::Map<String, Value>> {
    objects(meta.json_ld.iter())
}

fn objects<'a>(
    roots: impl DoubleEndedIterator<Item = &'a Value>,
) -> Vec<&'a serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = roots.rev().collect();
    let mut seen = 0usize;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 5_000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if o.contains_key("@type") {
                    out.push(o);
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(m) = o.get("mainEntity") {
                    stack.push(m);
                }
            }
            _ => {}
        }
    }
    out
}

/// JSON-LD a framework printed into a `<meta>` (`<meta name="script:ld+json"
/// content="{...}">`) instead of a script: parsed on demand, only when the
/// script JSON-LD has no date.
fn ld_json_metas(meta: &Meta) -> Vec<Value> {
    meta.metas
        .iter()
        .filter(|(k, v)| k.contains("ld+json") && v.trim_start().starts_with(['{', '[']))
        .filter_map(|(_, v)| serde_json::from_str(v).ok())
        .take(4)
        .collect()
}

/// A declared date value: ISO, else a date as printed ("Feb 08, 2022").
fn date_value(s: &str) -> Option<Stamp> {
    parse_iso(s).or_else(|| find_date(s).map(|(st, _)| st))
}

fn type_rank(o: &serde_json::Map<String, Value>) -> Option<usize> {
    let matches = |t: &str| ARTICLE_TYPES.iter().position(|a| *a == t);
    match o.get("@type")? {
        Value::String(s) => matches(s),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str())
            .filter_map(matches)
            .min(),
        _ => None,
    }
}

/// The article objects, most article-like type first.
pub fn articles(meta: &Meta) -> Vec<&serde_json::Map<String, Value>> {
    ranked(json_ld_objects(meta))
}

fn ranked(objs: Vec<&serde_json::Map<String, Value>>) -> Vec<&serde_json::Map<String, Value>> {
    let mut v: Vec<(usize, &serde_json::Map<String, Value>)> = objs
        .into_iter()
        .filter_map(|o| type_rank(o).map(|r| (r, o)))
        .collect();
    v.sort_by_key(|(r, _)| *r);
    v.into_iter().map(|(_, o)| o).collect()
}

/// The first of `keys` that an article object of `objs` dates.
fn ld_date(objs: Vec<&serde_json::Map<String, Value>>, keys: &[&str]) -> Option<Stamp> {
    ranked(objs).into_iter().find_map(|o| {
        keys.iter()
            .find_map(|k| o.get(*k).and_then(str_of).and_then(|s| date_value(&s)))
    })
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o.get("@value").and_then(str_of),
        _ => None,
    }
}

/// Declared publication time: JSON-LD first, then `<meta>`.
pub fn published(meta: &Meta) -> Option<Stamp> {
    const KEYS: &[&str] = &["datePublished", "dateCreated", "uploadDate"];
    if let Some(st) = ld_date(json_ld_objects(meta), KEYS) {
        return Some(st);
    }
    let extra = ld_json_metas(meta);
    if let Some(st) = ld_date(objects(extra.iter()), KEYS) {
        return Some(st);
    }
    for key in PUBLISHED_KEYS {
        if let Some(v) = meta.meta(key) {
            // ISO first; some sites print "July 17, 2025" in the meta.
            if let Some(st) = parse_iso(v).or_else(|| find_date(v).map(|(s, _)| s)) {
                return Some(st);
            }
        }
    }
    // Site-prefixed names of the same declaration ("w-published-date",
    // "article.publishdate"): any key naming publication, none naming a revision.
    meta.metas
        .iter()
        .filter(|(k, _)| {
            k.contains("publish") && !["modif", "updat", "revis"].iter().any(|x| k.contains(x))
        })
        .find_map(|(_, v)| parse_iso(v))
}

/// Declared modification time, a weak fallback.
pub fn modified(meta: &Meta) -> Option<Stamp> {
    if let Some(st) = ld_date(json_ld_objects(meta), &["dateModified"]) {
        return Some(st);
    }
    [
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "last-modified",
    ]
    .iter()
    .find_map(|k| meta.meta(k).and_then(parse_iso))
}

/// Declared headline: JSON-LD `headline`/`name`, `og:title`, `twitter:title`.
pub fn headline(meta: &Meta) -> Vec<String> {
    let mut out = Vec::new();
    for o in articles(meta) {
        if let Some(h) = o.get("headline").and_then(str_of) {
            out.push(h);
        }
    }
    for k in ["og:title", "twitter:title", "title", "headline", "dc.title"] {
        if let Some(v) = meta.meta(k) {
            out.push(v.trim().to_string());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Declared authors, joined with " and ".
pub fn author(meta: &Meta) -> Option<String> {
    for o in articles(meta) {
        if let Some(a) = o.get("author") {
            let mut names = Vec::new();
            let list: Vec<&Value> = match a {
                Value::Array(v) => v.iter().collect(),
                other => vec![other],
            };
            for x in list.into_iter().take(8) {
                let n = match x {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Object(o) => o.get("name").and_then(str_of),
                    _ => None,
                };
                if let Some(n) = n.filter(|n| !n.is_empty() && !n.contains("://")) {
                    names.push(n);
                }
            }
            if !names.is_empty() {
                return Some(names.join(" and "));
            }
        }
    }
    [
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
    ]
    .iter()
    .filter_map(|k| meta.meta(k))
    .map(|v| {
        v.trim()
            .trim_start_matches("By ")
            .trim_start_matches("by ")
            .to_string()
    })
    .find(|v| !v.is_empty() && !v.contains("://") && v.len() < 120)
}

/// Declared site name (`og:site_name`, JSON-LD publisher).
pub fn site_name(meta: &Meta) -> Option<String> {
    meta.meta("og:site_name")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The page's own address: canonical, `og:url`, then where it was read.
pub fn page_url(meta: &Meta) -> Option<&str> {
    meta.canonical
        .as_deref()
        .filter(|u| u.contains("://"))
        .or_else(|| meta.meta("og:url").filter(|u| u.contains("://")))
        .or(meta.url.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_graph_and_metas() {
        let meta = Meta {
            json_ld: vec![serde_json::json!({"@graph": [
                {"@type": "WebSite", "name": "X"},
                {"@type": ["NewsArticle"], "headline": "H", "datePublished": "2020-07-29T18:48:00+08:00",
                 "author": [{"@type": "Person", "name": "Ding Yi"}, {"name": "Flynn Murphy"}]}
            ]})],
            metas: vec![
                ("og:title".into(), "OG".into()),
                ("article:published_time".into(), "2019-01-01".into()),
            ],
            ..Meta::default()
        };
        assert_eq!(
            published(&meta).map(|s| s.iso()).as_deref(),
            Some("2020-07-29T18:48")
        );
        assert_eq!(headline(&meta), ["H", "OG"]);
        assert_eq!(author(&meta).as_deref(), Some("Ding Yi and Flynn Murphy"));
    }

    #[test]
    fn hostile_json_is_bounded() {
        let mut v = serde_json::json!({"@type": "Thing"});
        for _ in 0..100 {
            v = serde_json::json!([v]);
        }
        let meta = Meta {
            json_ld: vec![v],
            ..Meta::default()
        };
        assert_eq!(json_ld_objects(&meta).len(), 1);
    }
}
