//! The door-neutral document tree: a flat list of elements and text nodes,
//! parents before children, in document order. The browser's content script
//! serialises the live DOM into it (it only copies, it decides nothing);
//! html5ever fills it for saved pages. [`crate::page::Page::from_tree`] is the
//! one place that turns a tree into blocks, so both doors agree.

use serde::{Deserialize, Serialize};

/// One node. `tag` is set for elements (lower-case name), `text` for text
/// nodes. Attributes are the few the segmenter reads (see [`KEPT_ATTRS`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Node {
    /// Index of the parent node, or -1 for a top-level node.
    #[serde(rename = "p")]
    pub parent: i32,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
}

/// A whole document. `url` is where it was read, when known.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Tree {
    #[serde(rename = "n")]
    pub nodes: Vec<Node>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Attributes worth carrying across the door; everything else is dropped to
/// keep the message small.
pub const KEPT_ATTRS: &[&str] = &[
    "class",
    "id",
    "role",
    "itemprop",
    "itemtype",
    "property",
    "name",
    "content",
    "datetime",
    "rel",
    "type",
    "hidden",
    "aria-hidden",
    "href",
    "lang",
    "dir",
];

/// Elements whose subtree is never page text (their text nodes are not sent,
/// except JSON-LD script bodies, which carry metadata).
pub const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "input", "select", "option", "button",
    "svg", "math", "iframe", "object", "canvas", "video", "audio",
];

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn is_element(&self, name: &str) -> bool {
        self.tag.as_deref() == Some(name)
    }
}

impl Tree {
    /// Adds a node and returns its index.
    pub fn push(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        (self.nodes.len() - 1) as u32
    }

    /// Ancestors of node `i`, nearest first (the node itself excluded).
    /// Stops at a malformed parent link instead of looping.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = (usize, &Node)> {
        let mut cur = self.nodes.get(i).map(|n| n.parent).unwrap_or(-1);
        let mut guard = i;
        std::iter::from_fn(move || {
            if cur < 0 || (cur as usize) >= guard {
                return None; // parents precede children; anything else is a loop
            }
            let idx = cur as usize;
            guard = idx;
            let n = &self.nodes[idx];
            cur = n.parent;
            Some((idx, n))
        })
    }
}
