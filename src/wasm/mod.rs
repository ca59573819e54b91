//! The browser door (wasm32 only): the content script sends the DOM as a
//! [`Tree`]; the core answers with highlights already cut into per-text-node
//! pieces in UTF-16 offsets, so the JavaScript side only wraps ranges.

use crate::annotate::{annotate, Entity, Options};
use crate::offsets::{OffsetMap, Unit};
use crate::page::Page;
use crate::tree::Tree;
use answer::{Mark, Role};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

mod answer;
pub mod store;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The core's version, for the popup and for bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[derive(Deserialize, Default)]
struct JsOptions {
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Serialize)]
struct Output {
    stories: Vec<crate::annotate::StoryOut>,
    entities: Vec<Entity>,
    marks: Vec<Mark>,
}

/// The most nodes a tree may have at the door (the background worker's
/// `MAX_TREE_NODES`): a page's worth, never a runaway serialisation.
const MAX_TREE_NODES: usize = 400_000;

fn parse_tree(tree: JsValue) -> Result<Tree, JsError> {
    let bad_tree = |e: &dyn std::fmt::Display| JsError::new(&format!("bad tree: {e}"));
    match tree.as_string() {
        Some(json) => serde_json::from_str(&json).map_err(|e| bad_tree(&e)),
        None => serde_wasm_bindgen::from_value(tree).map_err(|e| bad_tree(&e)),
    }
}

fn parse_options(options: JsValue) -> Result<JsOptions, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsOptions::default());
    }
    serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("bad options: {e}")))
}

/// The core on a tree: stories, entities (UTF-16 offsets of the page text)
/// and per-text-node marks.
fn annotate_output(tree: &Tree, opts: JsOptions) -> Output {
    let page = Page::from_tree(tree);
    let ann = annotate(
        &page,
        &Options {
            published: opts.published,
            url: opts.url.or(tree.url.clone()),
        },
    );
    let marks = marks_for(&page, &ann.entities);
    let ann = ann.into_unit(Unit::Utf16);
    Output {
        stories: ann.stories,
        entities: ann.entities,
        marks,
    }
}

/// Annotates a serialised DOM tree, given as an object or as its JSON text
/// (a large page crosses the door faster as one string: `JSON.stringify` and
/// serde_json beat walking thousands of small JS objects). Offsets in the
/// returned `entities` and `stories` are UTF-16 units of the page text;
/// `marks` are per text node.
#[wasm_bindgen(js_name = annotateTree)]
pub fn annotate_tree(tree: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let tree = parse_tree(tree)?;
    let out = annotate_output(&tree, parse_options(options)?);
    out.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `annotateTree` from JSON text to JSON text, the answer packed
/// ([`answer::Packed`]): what the background worker runs for a content
/// script. The answer crosses the extension's message channel, which
/// serialises it anyway (as JSON in Chromium), so no JS object is built
/// through the door: one string goes back, flat integer arrays for the
/// marks and entities and each string once, and the content script parses
/// it once.
#[wasm_bindgen(js_name = annotateTreePacked)]
pub fn annotate_tree_packed(json: &str, options: JsValue) -> Result<String, JsError> {
    let tree: Tree =
        serde_json::from_str(json).map_err(|e| JsError::new(&format!("bad tree: {e}")))?;
    if tree.nodes.len() > MAX_TREE_NODES {
        return Err(JsError::new("tree too large"));
    }
    let out = annotate_output(&tree, parse_options(options)?);
    let packed = answer::pack(&out.stories, &out.entities, &out.marks);
    serde_json::to_string(&packed).map_err(|e| JsError::new(&e.to_string()))
}

#[derive(Deserialize, Default)]
struct WaOptions {
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
    /// When the export is made (`new Date().toISOString()`): the core has no clock.
    #[serde(default)]
    created: Option<String>,
    /// The kinds the reader shows (`person`, ..., `source`); all when absent.
    #[serde(default)]
    kinds: Option<Vec<String>>,
}

/// The highlights of a serialised DOM tree (object or JSON text, as
/// `annotateTree`) as W3C Web Annotation JSON-LD (a plain object): an
/// `AnnotationCollection` of one `Annotation` per highlight
/// (`export::web_annotation`), with `options.url` as every target's source.
#[wasm_bindgen(js_name = webAnnotationsTree)]
pub fn web_annotations_tree(tree: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let tree = parse_tree(tree)?;
    let o: WaOptions = if options.is_undefined() || options.is_null() {
        WaOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("bad options: {e}")))?
    };
    let url = o.url.or(tree.url.clone()).unwrap_or_default();
    let page = Page::from_tree(&tree);
    let ann = annotate(
        &page,
        &Options {
            published: o.published,
            url: Some(url.clone()),
        },
    );
    let v = crate::export::web_annotation::collection(
        &ann,
        &crate::export::web_annotation::Export {
            source: &url,
            created: o.created.as_deref(),
            kinds: o.kinds.as_deref(),
        },
    );
    // as a JS object, like every other answer: serde_json's serializer is not otherwise in the wasm
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Cuts each entity's spans (byte offsets) into per-text-node UTF-16 ranges.
fn marks_for(page: &Page, entities: &[Entity]) -> Vec<Mark> {
    let mut out = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        match e {
            Entity::Actor(a) => cut(page, i, Role::Actor, a.start, a.end, &mut out),
            Entity::Date(d) => cut(page, i, Role::Date, d.start, d.end, &mut out),
            Entity::Source(s) => {
                if let (Some(a), Some(b)) = (s.start, s.end) {
                    cut(page, i, Role::Source, a, b, &mut out);
                }
                if let Some(c) = s.content {
                    cut(page, i, Role::Content, c.start, c.end, &mut out);
                }
            }
        }
    }
    out
}

fn cut(page: &Page, entity: usize, role: Role, start: usize, end: usize, out: &mut Vec<Mark>) {
    let bi = page.blocks.partition_point(|b| b.end <= start);
    for b in &page.blocks[bi..] {
        if b.start >= end {
            break;
        }
        for p in &b.pieces {
            let (ps, pe) = (p.start, p.start + p.len);
            let (s, e) = (start.max(ps), end.min(pe));
            if s >= e {
                continue;
            }
            let node_text = &page.text[ps..pe];
            let m = OffsetMap::new(node_text, Unit::Utf16);
            out.push(Mark {
                entity,
                role,
                node: p.node,
                start: m.map(s - ps),
                end: m.map(e - ps),
            });
        }
    }
}
