//! The saved-page door (native only): html5ever parses the HTML exactly as a
//! browser would, and the result is flattened into the same [`Tree`] the
//! content script sends, so [`Page::from_tree`] sees the same input either way.

use crate::page::Page;
use crate::tree::{Node, Tree, KEPT_ATTRS, SKIPPED_TAGS};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Parses HTML into a [`Page`].
pub fn page_from_html(html: &str, url: Option<&str>) -> Page {
    Page::from_tree(&tree_from_html(html, url))
}

/// Parses HTML into a flat [`Tree`], mirroring what the content script sends:
/// elements with their kept attributes, text nodes, and no text inside
/// skipped elements except JSON-LD and `<title>`.
pub fn tree_from_html(html: &str, url: Option<&str>) -> Tree {
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
    let mut tree = Tree {
        nodes: Vec::new(),
        url: url.map(str::to_string),
    };
    // Iterative walk: deep pages must not overflow the stack.
    let mut stack: Vec<(Handle, i32, bool)> = vec![(dom.document.clone(), -1, false)];
    while let Some((h, parent, skipped)) = stack.pop() {
        let mut me = parent;
        let mut skip_children = skipped;
        match &h.data {
            NodeData::Element { name, attrs, .. } => {
                let tag = name.local.to_string().to_ascii_lowercase();
                let attrs: Vec<(String, String)> = attrs
                    .borrow()
                    .iter()
                    .filter(|a| KEPT_ATTRS.contains(&&*a.name.local))
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                let is_ld = tag == "script"
                    && attrs
                        .iter()
                        .any(|(k, v)| k == "type" && v.contains("ld+json"));
                skip_children = skipped || (SKIPPED_TAGS.contains(&tag.as_str()) && !is_ld);
                if !skipped {
                    me = tree.push(Node {
                        parent,
                        tag: Some(tag),
                        text: None,
                        attrs,
                    }) as i32;
                }
            }
            NodeData::Text { contents } if !skipped => {
                tree.push(Node {
                    parent,
                    tag: None,
                    text: Some(contents.borrow().to_string()),
                    attrs: Vec::new(),
                });
            }
            _ => {}
        }
        let children = h.children.borrow();
        for c in children.iter().rev() {
            stack.push((c.clone(), me, skip_children));
        }
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_door_builds_blocks_and_metadata() {
        let html = r#"<!doctype html><html lang="en"><head><title>T</title>
<meta property="article:published_time" content="2020-07-29T18:48:00+08:00">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Head line</h1><p>First <i>para</i>.</p><p>Second.</p></article></body></html>"#;
        let page = page_from_html(html, Some("https://www.example.com/a"));
        assert_eq!(page.text, "Home\nHead line\nFirst para.\nSecond.");
        assert_eq!(page.blocks[1].hints.heading, 1);
        assert!(page.blocks[2].hints.article.is_some());
        assert_eq!(page.meta.json_ld.len(), 1);
        assert_eq!(
            page.meta.meta("article:published_time"),
            Some("2020-07-29T18:48:00+08:00")
        );
        assert_eq!(page.meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn deep_pages_do_not_overflow() {
        let html = format!("{}deep{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
        let page = page_from_html(&html, None);
        assert_eq!(page.text, "deep");
    }
}
