//! The store's door for the extension's background worker: one
//! `StoreHandle` owns the reader's store in wasm memory; the worker persists
//! `toBytes()` in browser storage and restores it with `fromBytes()`. The
//! bytes are exactly the CLI's `store.bin`. Every input is checked and every
//! failure comes back as a thrown `{code, message}` object, never a panic,
//! because a panic would take the worker down with the reader's history.

use crate::fingerprint::{page_prints, StoryPrint};
use crate::offsets::{OffsetMap, Unit};
use crate::page::Page;
use crate::store::format::{decode_from, decode_owned, encode, Source, StoreError};
use crate::store::{ReadAt, Store};
use crate::tree::Tree;
use crate::{annotate::annotate_segmented, segment, Options};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| err("internal", &e.to_string()))
}

/// A thrown error: `{code, message}`.
fn err(code: &str, message: &str) -> JsValue {
    #[derive(Serialize)]
    struct E<'a> {
        code: &'a str,
        message: &'a str,
    }
    E { code, message }
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| JsValue::from_str(message))
}

fn store_err(e: &StoreError) -> JsValue {
    err(e.code(), &e.to_string())
}

fn print_from(story: JsValue) -> Result<StoryPrint, JsValue> {
    serde_wasm_bindgen::from_value(story)
        .map_err(|e| err("bad-story", &format!("not a story fingerprint: {e}")))
}

/// The reader's store.
#[wasm_bindgen]
pub struct StoreHandle {
    store: Store,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    #[serde(flatten)]
    found: &'a crate::store::QueryResult,
    id: u64,
    version: u64,
    cluster: u64,
    evicted: u64,
}

#[wasm_bindgen]
impl StoreHandle {
    /// An empty store with the default budget.
    #[wasm_bindgen(constructor)]
    pub fn new() -> StoreHandle {
        StoreHandle {
            store: Store::new(),
        }
    }

    /// Restores a store from its bytes. Throws `{code, message}` with code
    /// `corrupt` or `not-a-store` (set the bytes aside, start fresh, tell the
    /// reader) or `newer-version` (keep the bytes, refuse to record).
    ///
    /// The handle keeps `bytes` (a `Uint8Array`, not copied whole into wasm
    /// memory: see `format::decode_from`) and reads stories from it until
    /// the first change; the caller must not modify it afterwards.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: JsValue) -> Result<StoreHandle, JsValue> {
        let bytes: js_sys::Uint8Array = bytes
            .dyn_into()
            .map_err(|_| err("not-a-store", "not a store: expected a Uint8Array"))?;
        decode_from(std::rc::Rc::new(JsBytes(bytes)))
            .map(|store| StoreHandle { store })
            .map_err(|e| store_err(&e))
    }

    /// The store's bytes (a `Uint8Array`) to persist.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&mut self) -> Vec<u8> {
        // saved after every change anyway: take the records into wasm memory once
        self.store.warm();
        encode(&self.store)
    }

    /// What the store knows about a story (a fingerprint from
    /// `fingerprintTree`), without recording it.
    pub fn query(&self, story: JsValue) -> Result<JsValue, JsValue> {
        let p = print_from(story)?;
        to_js(&self.store.query(&p))
    }

    /// Queries, then records the story as read at `url` at `now_ms`
    /// (`Date.now()`). Returns the query result plus `id`, `version`,
    /// `cluster` and `evicted` (stories dropped to stay within the budget).
    pub fn record(&mut self, story: JsValue, url: String, now_ms: f64) -> Result<JsValue, JsValue> {
        let p = print_from(story)?;
        let now = if now_ms.is_finite() && now_ms > 0.0 {
            (now_ms / 1000.0) as u64
        } else {
            0
        };
        let (found, rec) = self.store.record(
            &p,
            &ReadAt {
                url,
                file: String::new(),
                now,
            },
        );
        to_js(&RecordOut {
            found: &found,
            id: rec.id,
            version: rec.version,
            cluster: rec.coverage,
            evicted: rec.evicted,
        })
    }

    /// Forgets one story; returns how many were removed (0 or 1).
    #[wasm_bindgen(js_name = forgetStory)]
    pub fn forget_story(&mut self, id: f64) -> f64 {
        if !(id.is_finite() && id >= 0.0) {
            return 0.0;
        }
        self.store.forget_story(id as u64) as f64
    }

    /// Forgets every story read on a site (`example.com`).
    #[wasm_bindgen(js_name = forgetSite)]
    pub fn forget_site(&mut self, site: String) -> f64 {
        self.store.forget_site(&site) as f64
    }

    /// Forgets everything.
    #[wasm_bindgen(js_name = forgetAll)]
    pub fn forget_all(&mut self) -> f64 {
        self.store.forget_all() as f64
    }

    /// Merges a store export's bytes (the store's own binary form) into this
    /// store, keeping every story already here (`export::merge`). Returns
    /// `{added, duplicates, evicted}`; throws `{code, message}` like
    /// `fromBytes` when the bytes are not a store, and then changes nothing.
    #[wasm_bindgen(js_name = importBytes)]
    pub fn import_bytes(&mut self, bytes: Vec<u8>) -> Result<JsValue, JsValue> {
        let incoming = decode_owned(bytes).map_err(|e| store_err(&e))?;
        let (merged, did) = crate::export::merge::merge(&self.store, &incoming);
        self.store = merged;
        to_js(&did)
    }

    /// Sets the size budget in bytes (0 = unbounded); returns stories evicted now.
    #[wasm_bindgen(js_name = setBudget)]
    pub fn set_budget(&mut self, bytes: f64) -> f64 {
        let b = if bytes.is_finite() && bytes > 0.0 {
            bytes as u64
        } else {
            0
        };
        self.store.set_budget(b) as f64
    }

    /// Every cluster, oldest first (see `cluster::Cluster`).
    pub fn clusters(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::cluster::clusters(&self.store))
    }

    /// What stored story `id` adds to the earliest version of it read
    /// (`only_here::only_here`): `{against, paragraphs, names}`, or `null`.
    #[wasm_bindgen(js_name = onlyHere)]
    pub fn only_here(&self, id: f64) -> Result<JsValue, JsValue> {
        if !(id.is_finite() && id >= 0.0) {
            return Ok(JsValue::NULL);
        }
        to_js(&crate::only_here::only_here(&self.store, id as u64))
    }

    /// Store totals.
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.store.stats())
    }
}

/// The loaded file as the worker holds it, read in place (see `fromBytes`).
#[derive(Debug)]
struct JsBytes(js_sys::Uint8Array);

impl Source for JsBytes {
    fn size(&self) -> usize {
        self.0.length() as usize
    }

    fn read(&self, at: usize, out: &mut [u8]) -> bool {
        // checked against the array's length now: a detached or shortened
        // array is refused, never a panic in `copy_to`
        let Some(end) = at.checked_add(out.len()) else {
            return false;
        };
        if end > self.size() || end > u32::MAX as usize {
            return false;
        }
        self.0.subarray(at as u32, end as u32).copy_to(out);
        true
    }
}

impl Default for StoreHandle {
    fn default() -> Self {
        StoreHandle::new()
    }
}

#[derive(Deserialize, Default)]
struct FpOptions {
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Fingerprints every story of a serialised DOM tree (the same tree
/// `annotateTree` takes): an array of story fingerprints, one per story in
/// page order, to pass to `StoreHandle.query` / `record`. Pure: touches no store.
#[wasm_bindgen(js_name = fingerprintTree)]
pub fn fingerprint_tree(tree: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let tree: Tree = serde_wasm_bindgen::from_value(tree)
        .map_err(|e| err("bad-tree", &format!("bad tree: {e}")))?;
    let o: FpOptions = if options.is_undefined() || options.is_null() {
        FpOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| err("bad-options", &format!("bad options: {e}")))?
    };
    let page = Page::from_tree(&tree);
    let opts = Options {
        published: o.published,
        url: o.url.or(tree.url.clone()),
    };
    let seg = segment::segment(&page, &opts);
    let ann = annotate_segmented(&page, &seg);
    let mut prints = page_prints(&page, &seg, &ann.entities);
    // the text node each paragraph starts in, found on byte offsets (before
    // they become UTF-16), so the content script can put a badge or a "new"
    // mark next to it without searching the DOM
    let nodes: Vec<Vec<Option<u32>>> = prints
        .iter()
        .map(|s| s.paras.iter().map(|p| node_at(&page, p.start)).collect())
        .collect();
    let m = OffsetMap::new(&page.text, Unit::Utf16);
    for p in prints.iter_mut().flat_map(|s| s.paras.iter_mut()) {
        (p.start, p.end) = (m.map(p.start), m.map(p.end));
    }
    let out: Vec<PrintOut> = prints
        .iter()
        .zip(nodes)
        .map(|(print, nodes)| PrintOut { print, nodes })
        .collect();
    to_js(&out)
}

/// A story fingerprint as `fingerprintTree` returns it: the print (what
/// `query`/`record` take; extra fields are ignored there) plus, per
/// paragraph, the index of the text node it starts in.
#[derive(Serialize)]
struct PrintOut<'a> {
    #[serde(flatten)]
    print: &'a StoryPrint,
    nodes: Vec<Option<u32>>,
}

/// The tree text node holding byte `at` of the page text (or the next one after it).
fn node_at(page: &Page, at: usize) -> Option<u32> {
    let bi = page.blocks.partition_point(|b| b.end <= at);
    page.blocks
        .get(bi..)?
        .iter()
        .flat_map(|b| &b.pieces)
        .find(|p| p.start + p.len > at)
        .map(|p| p.node)
}
