//! The page as the core sees it: one text, cut into ordered blocks, each with
//! the structural hints a segmenter needs and (for DOM pages) the text nodes
//! it came from, so annotations can be wrapped back in place.
//!
//! Block text is the exact concatenation of its text nodes (no whitespace is
//! collapsed), and blocks are joined with a single `\n`. That keeps every
//! offset mappable to a text node, at the price of raw whitespace runs that
//! the taggers must tolerate.

use crate::tree::{Tree, SKIPPED_TAGS};
use serde::Serialize;
use std::ops::Range;

/// A text node's share of the page text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    /// Index of the text node in the [`Tree`].
    pub node: u32,
    /// Byte offset of the node's first byte in [`Page::text`].
    pub start: usize,
    /// Byte length of the node's text.
    pub len: usize,
}

/// Region flags: the landmarks and widgets a block sits inside.
pub mod region {
    pub const NAV: u32 = 1;
    pub const HEADER: u32 = 1 << 1;
    pub const FOOTER: u32 = 1 << 2;
    pub const ASIDE: u32 = 1 << 3;
    pub const FORM: u32 = 1 << 4;
    pub const FIGCAPTION: u32 = 1 << 5;
    pub const LIST_ITEM: u32 = 1 << 6;
    pub const TABLE: u32 = 1 << 7;
    pub const ARTICLE: u32 = 1 << 8;
    pub const MAIN: u32 = 1 << 9;
    pub const BLOCKQUOTE: u32 = 1 << 10;
    pub const ADDRESS: u32 = 1 << 11;
    pub const PRE: u32 = 1 << 12;
    pub const HIDDEN: u32 = 1 << 13;
    pub const FIGURE: u32 = 1 << 14;
    pub const DIALOG: u32 = 1 << 15;
}

/// What a block's position in the document says about it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Hints {
    /// The block element's tag (`p`, `h2`, `li`, `div`, ...); `line` for plain text.
    pub tag: String,
    /// 1–6 for headings, else 0.
    pub heading: u8,
    /// Element depth of the block container.
    pub depth: u16,
    /// Bytes of the block's text that sit inside links.
    pub link_bytes: usize,
    /// Lower-cased class, id and role words of the container and its
    /// ancestors, nearest first, space separated (capped in length).
    pub class_words: String,
    /// [`region`] flags.
    pub regions: u32,
    /// Node index of the nearest `<article>` (or schema.org Article) ancestor.
    pub article: Option<u32>,
    /// Node index of the block container element (plain text: the line number).
    pub container: u32,
    /// `datetime` of a `<time>` element inside the block.
    pub datetime: Option<String>,
    /// A blank line (plain text) or a paragraph-level gap precedes the block.
    pub blank_before: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    /// Byte range in [`Page::text`].
    pub start: usize,
    pub end: usize,
    pub pieces: Vec<Piece>,
    pub hints: Hints,
}

impl Block {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Page-level metadata from `<head>` and JSON-LD.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Meta {
    pub url: Option<String>,
    /// `<title>`.
    pub title: Option<String>,
    /// `<meta>` name/property → content, in document order (`og:title`,
    /// `article:published_time`, `author`, ...), keys lower-cased.
    pub metas: Vec<(String, String)>,
    /// Parsed `application/ld+json` blocks.
    pub json_ld: Vec<serde_json::Value>,
    /// `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
}

impl Meta {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether the page came from plain text or from a document tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Source {
    PlainText,
    Html,
}

/// One tree node as the segmenter sees it: enough to walk up from a block
/// and to weigh its ancestors (Readability-style container scoring) without
/// keeping the whole tree. Indexed like [`Tree::nodes`]; text nodes get an
/// empty entry so a node index from [`Hints::container`] can be looked up
/// directly.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Element {
    /// Parent node index, or -1.
    pub parent: i32,
    /// Lower-case tag; empty for text nodes.
    pub tag: String,
    /// This element's own class, id, role and itemprop words, lower-cased.
    pub words: String,
    /// [`region`] flags of this element and its ancestors.
    pub regions: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page {
    pub text: String,
    pub blocks: Vec<Block>,
    pub meta: Meta,
    pub source: Source,
    /// The document's nodes (HTML pages only; empty for plain text).
    #[serde(skip)]
    pub elements: Vec<Element>,
}

/// Elements that start a new block.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "html",
    "legend",
    "menu",
];

const MAX_CLASS_WORDS: usize = 400;

impl Page {
    /// Plain text: the text is the input (CRLF read as LF); each non-empty
    /// line is a block; a blank line sets `blank_before` on the next block.
    pub fn from_plain_text(input: &str) -> Page {
        let text = if input.contains('\r') {
            input.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            input.to_string()
        };
        let mut blocks = Vec::new();
        let mut pos = 0usize;
        let mut blank = false;
        for (n, line) in text.split('\n').enumerate() {
            let start = pos;
            let end = pos + line.len();
            pos = end + 1;
            if line.trim().is_empty() {
                blank = true;
                continue;
            }
            blocks.push(Block {
                start,
                end,
                pieces: Vec::new(),
                hints: Hints {
                    tag: "line".into(),
                    container: n as u32,
                    blank_before: blank,
                    ..Hints::default()
                },
            });
            blank = false;
        }
        Page {
            text,
            blocks,
            meta: Meta::default(),
            source: Source::PlainText,
            elements: Vec::new(),
        }
    }

    /// Builds the page from a document tree: text nodes are grouped into
    /// blocks by their nearest block-level ancestor (a `<br>` or a nested
    /// block also ends a block); whitespace-only blocks are dropped.
    pub fn from_tree(tree: &Tree) -> Page {
        let n = tree.nodes.len();
        // Per element: (block container, depth, regions, in head, skipped, article, link, time datetime, hidden)
        let mut info: Vec<NodeInfo> = Vec::with_capacity(n);
        let mut meta = Meta {
            url: tree.url.clone(),
            ..Meta::default()
        };
        for (i, node) in tree.nodes.iter().enumerate() {
            let parent = if node.parent >= 0 && (node.parent as usize) < i {
                Some(node.parent as usize)
            } else {
                None
            };
            let mut inf = parent.map(|p| info[p].clone()).unwrap_or_default();
            if parent.is_none() {
                inf.container = i as u32;
            }
            if let Some(tag) = node.tag.as_deref() {
                inf.depth = inf.depth.saturating_add(1);
                match tag {
                    "head" => inf.in_head = true,
                    "a" => inf.in_link = true,
                    "time" => inf.datetime = node.attr("datetime").map(str::to_string),
                    "html" => {
                        if let Some(l) = node.attr("lang") {
                            meta.lang = Some(l.to_string());
                        }
                    }
                    "meta" => {
                        let key = node
                            .attr("property")
                            .or_else(|| node.attr("name"))
                            .or_else(|| node.attr("itemprop"));
                        if let (Some(k), Some(v)) = (key, node.attr("content")) {
                            meta.metas.push((k.to_ascii_lowercase(), v.to_string()));
                        }
                    }
                    "link"
                        if node
                            .attr("rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                    {
                        meta.canonical = node.attr("href").map(str::to_string);
                    }
                    _ => {}
                }
                if SKIPPED_TAGS.contains(&tag) {
                    inf.skipped = true;
                    inf.skipped_tag = Some(tag.to_string());
                }
                // React streams suspended content as `<div hidden id="S:0">`
                // chunks that its script moves into place: shown, not hidden.
                let streamed = node.attr("id").is_some_and(|i| i.starts_with("S:"));
                if (node.attr("hidden").is_some() && !streamed)
                    || node.attr("aria-hidden") == Some("true")
                {
                    inf.regions |= region::HIDDEN;
                }
                inf.regions |= match tag {
                    "nav" => region::NAV,
                    "header" => region::HEADER,
                    "footer" => region::FOOTER,
                    "aside" => region::ASIDE,
                    "form" => region::FORM,
                    "figcaption" => region::FIGCAPTION,
                    "figure" => region::FIGURE,
                    "li" => region::LIST_ITEM,
                    "table" => region::TABLE,
                    "article" => region::ARTICLE,
                    "main" => region::MAIN,
                    "blockquote" => region::BLOCKQUOTE,
                    "address" => region::ADDRESS,
                    "pre" => region::PRE,
                    "dialog" => region::DIALOG,
                    _ => 0,
                };
                if tag == "article" || node.attr("itemtype").is_some_and(|t| t.contains("Article"))
                {
                    inf.article = Some(i as u32);
                }
                if let Some(role) = node.attr("role") {
                    inf.regions |= match role {
                        "navigation" | "menu" | "menubar" => region::NAV,
                        "banner" => region::HEADER,
                        "contentinfo" => region::FOOTER,
                        "complementary" => region::ASIDE,
                        "main" => region::MAIN,
                        "article" => region::ARTICLE,
                        "dialog" | "alertdialog" => region::DIALOG,
                        _ => 0,
                    };
                }
                if BLOCK_TAGS.contains(&tag) {
                    inf.container = i as u32;
                    inf.heading = match tag {
                        "h1" => 1,
                        "h2" => 2,
                        "h3" => 3,
                        "h4" => 4,
                        "h5" => 5,
                        "h6" => 6,
                        _ => 0,
                    };
                    inf.block_depth = inf.depth;
                }
            }
            info.push(inf);
        }

        let mut text = String::new();
        let mut blocks: Vec<Block> = Vec::new();
        let mut cur: Option<(u32, u32)> = None; // (container, br serial)
        let mut last_br_seen: u32 = 0;
        for (i, node) in tree.nodes.iter().enumerate() {
            if node.tag.as_deref() == Some("br") {
                last_br_seen = i as u32;
                continue;
            }
            let Some(t) = node.text.as_deref() else {
                continue;
            };
            let inf = &info[i];
            if inf.skipped {
                if inf.skipped_tag.as_deref() == Some("script") {
                    if let Some(p) = tree.nodes.get(node.parent.max(0) as usize) {
                        if p.attr("type").is_some_and(|ty| ty.contains("ld+json")) {
                            if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
                                meta.json_ld.push(v);
                            }
                        }
                    }
                }
                continue;
            }
            if inf.in_head {
                if tree
                    .nodes
                    .get(node.parent.max(0) as usize)
                    .is_some_and(|p| p.is_element("title"))
                    && meta.title.is_none()
                {
                    meta.title = Some(t.trim().to_string());
                }
                continue;
            }
            let key = (inf.container, last_br_seen);
            if cur != Some(key) {
                // close the previous block, open a new one
                if let Some(b) = blocks.last() {
                    if text[b.start..b.end].trim().is_empty() {
                        let b = blocks.pop().expect("just checked");
                        text.truncate(b.start.saturating_sub(1));
                    }
                }
                if !blocks.is_empty() {
                    text.push('\n');
                }
                let start = text.len();
                blocks.push(Block {
                    start,
                    end: start,
                    pieces: Vec::new(),
                    hints: hints_for(tree, i, inf),
                });
                cur = Some(key);
            }
            let b = blocks.last_mut().expect("a block is open");
            let start = text.len();
            text.push_str(t);
            b.pieces.push(Piece {
                node: i as u32,
                start,
                len: t.len(),
            });
            b.end = text.len();
            if inf.in_link {
                b.hints.link_bytes += t.len();
            }
            if b.hints.datetime.is_none() {
                b.hints.datetime = inf.datetime.clone();
            }
        }
        if let Some(b) = blocks.last() {
            if text[b.start..b.end].trim().is_empty() {
                let b = blocks.pop().expect("just checked");
                text.truncate(b.start.saturating_sub(1));
            }
        }
        let elements = tree
            .nodes
            .iter()
            .zip(&info)
            .map(|(node, inf)| match node.tag.as_deref() {
                Some(tag) if !inf.skipped && !inf.in_head => Element {
                    parent: node.parent,
                    tag: tag.to_string(),
                    words: own_words(node),
                    regions: inf.regions,
                },
                _ => Element {
                    parent: node.parent,
                    ..Element::default()
                },
            })
            .collect();
        Page {
            text,
            blocks,
            meta,
            source: Source::Html,
            elements,
        }
    }

    /// The text of a block.
    pub fn block_text(&self, b: &Block) -> &str {
        &self.text[b.start..b.end]
    }
}

/// An element's own class/id/role/itemprop words, lower-cased, space separated.
fn own_words(node: &crate::tree::Node) -> String {
    let mut out = String::new();
    for key in ["class", "id", "role", "itemprop"] {
        if let Some(v) = node.attr(key) {
            for w in v.split_whitespace() {
                if out.len() + w.len() > MAX_CLASS_WORDS {
                    return out;
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            }
        }
    }
    out
}

#[derive(Clone, Default)]
struct NodeInfo {
    container: u32,
    depth: u16,
    block_depth: u16,
    heading: u8,
    regions: u32,
    in_head: bool,
    in_link: bool,
    skipped: bool,
    skipped_tag: Option<String>,
    article: Option<u32>,
    datetime: Option<String>,
}

fn hints_for(tree: &Tree, text_node: usize, inf: &NodeInfo) -> Hints {
    let container = inf.container as usize;
    let tag = tree
        .nodes
        .get(container)
        .and_then(|n| n.tag.clone())
        .unwrap_or_default();
    let mut class_words = String::new();
    let chain = std::iter::once((container, &tree.nodes[container.min(tree.nodes.len() - 1)]))
        .chain(tree.ancestors(container));
    // Stops at the cap: on deep pages walking every ancestor of every block
    // would be quadratic.
    let mut full = false;
    for (_, n) in chain {
        if full {
            break;
        }
        for key in ["class", "id", "role", "itemprop"] {
            if let Some(v) = n.attr(key) {
                if class_words.len() + v.len() + 1 > MAX_CLASS_WORDS {
                    full = true;
                    break;
                }
                for w in v
                    .split(|c: char| c.is_whitespace())
                    .filter(|w| !w.is_empty())
                {
                    if !class_words.is_empty() {
                        class_words.push(' ');
                    }
                    class_words.extend(w.chars().map(|c| c.to_ascii_lowercase()));
                }
            }
        }
    }
    let _ = text_node;
    Hints {
        tag,
        heading: inf.heading,
        depth: inf.block_depth,
        link_bytes: 0,
        class_words,
        regions: inf.regions,
        article: inf.article,
        container: inf.container,
        datetime: None,
        blank_before: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Node;

    fn el(parent: i32, tag: &str, attrs: &[(&str, &str)]) -> Node {
        Node {
            parent,
            tag: Some(tag.into()),
            text: None,
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
    fn tx(parent: i32, t: &str) -> Node {
        Node {
            parent,
            tag: None,
            text: Some(t.into()),
            attrs: vec![],
        }
    }

    #[test]
    fn plain_text_lines_are_blocks_and_offsets_index_the_input() {
        let p = Page::from_plain_text("Title\r\n\r\nBody one.\nBody two.\n");
        assert_eq!(p.text, "Title\n\nBody one.\nBody two.\n");
        let texts: Vec<&str> = p.blocks.iter().map(|b| p.block_text(b)).collect();
        assert_eq!(texts, ["Title", "Body one.", "Body two."]);
        assert!(p.blocks[1].hints.blank_before);
        assert!(!p.blocks[2].hints.blank_before);
    }

    #[test]
    fn tree_blocks_follow_block_elements_links_and_br() {
        let mut t = Tree::default();
        let html = t.push(el(-1, "html", &[("lang", "en")]));
        let head = t.push(el(html as i32, "head", &[]));
        let title = t.push(el(head as i32, "title", &[]));
        t.push(tx(title as i32, "Page title"));
        t.push(el(
            head as i32,
            "meta",
            &[("property", "og:title"), ("content", "OG")],
        ));
        let body = t.push(el(html as i32, "body", &[]));
        let nav = t.push(el(body as i32, "nav", &[("class", "Top-Menu")]));
        let a = t.push(el(nav as i32, "a", &[]));
        t.push(tx(a as i32, "Home"));
        let p = t.push(el(body as i32, "p", &[]));
        t.push(tx(p as i32, "Hello "));
        let b = t.push(el(p as i32, "b", &[]));
        t.push(tx(b as i32, "world"));
        t.push(el(p as i32, "br", &[]));
        t.push(tx(p as i32, "again"));
        let s = t.push(el(body as i32, "script", &[]));
        t.push(tx(s as i32, "var x = 1;"));
        t.push(tx(body as i32, "   \n  "));
        let page = Page::from_tree(&t);
        assert_eq!(page.text, "Home\nHello world\nagain");
        assert_eq!(page.blocks.len(), 3);
        assert_eq!(page.blocks[0].hints.regions & region::NAV, region::NAV);
        assert_eq!(page.blocks[0].hints.link_bytes, 4);
        assert_eq!(page.blocks[0].hints.class_words, "top-menu");
        assert_eq!(page.blocks[1].pieces.len(), 2);
        assert_eq!(page.meta.title.as_deref(), Some("Page title"));
        assert_eq!(page.meta.meta("og:title"), Some("OG"));
        assert_eq!(page.meta.lang.as_deref(), Some("en"));
        for b in &page.blocks {
            for pc in &b.pieces {
                assert_eq!(
                    &page.text[pc.start..pc.start + pc.len],
                    t.nodes[pc.node as usize].text.as_deref().unwrap()
                );
            }
        }
    }
}
