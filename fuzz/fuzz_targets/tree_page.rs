//! The browser door: the content script sends a flat [`Tree`], and a hostile
//! or simply odd page decides what is in it. Trees are built from the fuzz
//! bytes with broken parent links (negative, forward, self, far out of
//! range), elements that carry text, nodes that are neither, unknown tags,
//! and text mixing scripts, marks and zero-width characters. The pieces of
//! every block must still be the verbatim text of their nodes (so wrapping
//! and unwrapping highlights restores the DOM text), and the pipeline
//! invariants must hold. The tree also round-trips through its JSON wire
//! form unchanged.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use storyline::page::Page;
use storyline::tree::{Node, Tree, KEPT_ATTRS};

const TAGS: &[&str] = &[
    "html",
    "head",
    "title",
    "meta",
    "link",
    "body",
    "article",
    "main",
    "nav",
    "header",
    "footer",
    "aside",
    "section",
    "div",
    "p",
    "span",
    "a",
    "b",
    "i",
    "em",
    "br",
    "h1",
    "h2",
    "h3",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "blockquote",
    "figure",
    "figcaption",
    "time",
    "pre",
    "address",
    "form",
    "dialog",
    "script",
    "style",
    "template",
    "svg",
    "iframe",
    "textarea",
    "",
    "p p",
    "DIV",
    "x-widget",
];

const PIECES: &[&str] = &[
    "Tom Cotton said on Tuesday that TikTok is a risk.",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{202e}",
    "e\u{301}",
    "\u{0645}\u{0631}\u{062d}\u{0628}\u{0627}",
    "\u{05e9}\u{05dc}\u{05d5}\u{05dd}",
    "\u{4e2d}\u{6587}\u{65b0}\u{95fb}",
    "\u{1f600}",
    "\u{1f469}\u{200d}\u{1f52c}",
    "<script>alert(1)</script>",
    "&amp;",
    "\"quoted,\" she said.",
    "July 29, 2020",
    "last week",
    ".",
];

fn text(u: &mut Unstructured) -> Result<String> {
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        if u.ratio(1, 3)? {
            s.push_str(&u.arbitrary::<String>()?);
        } else {
            s.push_str(u.choose(PIECES)?);
        }
    }
    Ok(s)
}

fn node(u: &mut Unstructured, i: usize) -> Result<Node> {
    let parent = match u.int_in_range(0..=15u8)? {
        0 => -1,
        1 => u.arbitrary::<i32>()?,
        2 => i as i32,
        3 => i as i32 + u.int_in_range(1..=5)?,
        _ if i == 0 => -1,
        _ => u.int_in_range(0..=i as i32 - 1)?,
    };
    let kind = u.int_in_range(0..=19u8)?;
    let tag = if kind < 9 || kind == 18 {
        Some(if u.ratio(1, 20)? {
            u.arbitrary::<String>()?
        } else {
            u.choose(TAGS)?.to_string()
        })
    } else {
        None
    };
    let text = if (9..18).contains(&kind) || kind == 18 {
        Some(text(u)?)
    } else {
        None
    };
    let mut attrs = Vec::new();
    if tag.is_some() {
        for _ in 0..u.int_in_range(0..=3u8)? {
            let k = if u.ratio(1, 10)? {
                u.arbitrary::<String>()?
            } else {
                u.choose(KEPT_ATTRS)?.to_string()
            };
            let v = match u.int_in_range(0..=4u8)? {
                0 => "true".to_string(),
                1 => "ld+json".to_string(),
                2 => "canonical".to_string(),
                3 => "https://schema.org/NewsArticle".to_string(),
                _ => u.arbitrary::<String>()?,
            };
            attrs.push((k, v));
        }
    }
    Ok(Node {
        parent,
        tag,
        text,
        attrs,
    })
}

fn tree(u: &mut Unstructured) -> Result<Tree> {
    let n = u.int_in_range(0..=400usize)?;
    let mut nodes = Vec::with_capacity(n);
    for i in 0..n {
        if u.is_empty() {
            break;
        }
        nodes.push(node(u, i)?);
    }
    let url = if u.ratio(1, 2)? {
        Some(u.arbitrary::<String>()?)
    } else {
        None
    };
    Ok(Tree { nodes, url })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(tree) = tree(&mut u) else { return };
    let page = Page::from_tree(&tree);
    if let Err(e) = check::check_tree_page(&tree, &page) {
        panic!("tree page invariant: {e}");
    }
    let opts = check::fuzz_options(data.first().copied().unwrap_or(0));
    if let Err(e) = check::check_pipeline(&page, &opts) {
        panic!("pipeline invariant: {e}");
    }
    let wire = serde_json::to_string(&tree).expect("a tree always serialises");
    let back: Tree = serde_json::from_str(&wire).expect("the wire form reads back");
    assert_eq!(back, tree, "tree changed through its JSON wire form");
});
