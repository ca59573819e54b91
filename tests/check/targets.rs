//! The bodies of the fuzz targets, shared with `tests/regressions.rs` so a
//! crash input saved by libFuzzer replays through exactly the same code in
//! `cargo test`. Each returns `Err(reason)` when an invariant breaks; a panic
//! in the core propagates as a panic, which both libFuzzer and the test
//! harness report.

use super::*;
use arbitrary::{Result as AResult, Unstructured};
use storyline::tree::{Node, KEPT_ATTRS};

/// Saved HTML as the CLI reads it: bytes decoded leniently, through
/// html5ever, the tree door, the whole pipeline, the char conversion, the
/// `extract` view and the HTML report. html5ever itself is well fuzzed; what
/// is under test is what we build on its output and the taggers on text no
/// test author would write.
pub fn html_page(data: &[u8]) -> Result<(), String> {
    let html = String::from_utf8_lossy(data);
    let opts = fuzz_options(data.last().copied().unwrap_or(0));
    let tree = storyline::html::tree_from_html(&html, opts.url.as_deref());
    let page = storyline::html::page_from_html(&html, opts.url.as_deref());
    check_tree_page(&tree, &page).map_err(|e| format!("tree page: {e}"))?;
    let ann = check_pipeline(&page, &opts).map_err(|e| format!("pipeline: {e}"))?;
    let seg = storyline::segment::segment(&page, &opts);
    let _ = storyline::segment::extract(&page, &seg);
    check_report(&ann.into_unit(Unit::Chars)).map_err(|e| format!("report: {e}"))
}

/// The plain-text door: the text comes back verbatim (CRLF read as LF) and
/// every pipeline invariant holds.
pub fn plain_text(data: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(data);
    let page = Page::from_plain_text(&text);
    check_plain_text(&text, &page).map_err(|e| format!("plain-text door: {e}"))?;
    let opts = fuzz_options(data.first().copied().unwrap_or(0));
    check_pipeline(&page, &opts).map_err(|e| format!("pipeline: {e}"))?;
    Ok(())
}

/// Anchors that are valid, nearly valid, or nonsense.
const ANCHORS: &[&str] = &[
    "2020-07-29",
    "2020-07-29T18:48:00+08:00",
    "2020-02-29",
    "2019-02-29",
    "0000-01-01",
    "9999-12-31T23:59:59Z",
    "2020-13-45",
    "2020-07-",
    "-2020-07-29",
    "2020-07-29T99:99",
];

fn anchor(u: &mut Unstructured) -> AResult<Option<String>> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => None,
        1 => Some(u.choose(ANCHORS)?.to_string()),
        2 => Some(format!(
            "{:04}-{:02}-{:02}",
            u.int_in_range(0..=9999u16)?,
            u.int_in_range(0..=99u8)?,
            u.int_in_range(0..=99u8)?
        )),
        _ => Some(u.arbitrary::<String>()?),
    })
}

/// Each tagger on its own, on arbitrary text with an arbitrary publication
/// anchor (the date tagger parses it, so a hostile `published` or JSON-LD
/// date must not hurt it). The segmenter runs first because the taggers read
/// its sentences; tokens are checked on every sentence.
pub fn taggers(data: &[u8]) -> Result<(), String> {
    let mut u = Unstructured::new(data);
    let published = anchor(&mut u).unwrap_or(None);
    let text = String::from_utf8_lossy(u.take_rest()).into_owned();
    let page = Page::from_plain_text(&text);
    let mut opts = fuzz_options(5); // 5: no date, a real URL
    opts.published = published;
    let seg = storyline::segment::segment(&page, &opts);
    check_segmentation(&page, &seg).map_err(|e| format!("segmentation: {e}"))?;
    check_taggers(&page, &seg).map_err(|e| format!("taggers: {e}"))
}

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

fn text(u: &mut Unstructured) -> AResult<String> {
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

fn node(u: &mut Unstructured, i: usize) -> AResult<Node> {
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

fn tree(u: &mut Unstructured) -> AResult<Tree> {
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

/// The browser door: a tree as odd as a hostile page can make it (broken
/// parent links, elements carrying text, unknown tags, mixed scripts). The
/// pieces of every block stay the verbatim text of their nodes, the pipeline
/// invariants hold, and the tree survives its JSON wire form.
pub fn tree_page(data: &[u8]) -> Result<(), String> {
    let mut u = Unstructured::new(data);
    let Ok(tree) = tree(&mut u) else {
        return Ok(());
    };
    let page = Page::from_tree(&tree);
    check_tree_page(&tree, &page).map_err(|e| format!("tree page: {e}"))?;
    let opts = fuzz_options(data.first().copied().unwrap_or(0));
    check_pipeline(&page, &opts).map_err(|e| format!("pipeline: {e}"))?;
    let wire = serde_json::to_string(&tree).map_err(|e| format!("tree does not serialise: {e}"))?;
    let back: Tree =
        serde_json::from_str(&wire).map_err(|e| format!("wire form does not read back: {e}"))?;
    if back != tree {
        return Err("tree changed through its JSON wire form".into());
    }
    Ok(())
}

/// A fixed story print, so every store input is also queried and written to.
fn sample_print() -> &'static storyline::fingerprint::StoryPrint {
    static PRINT: std::sync::OnceLock<storyline::fingerprint::StoryPrint> =
        std::sync::OnceLock::new();
    PRINT.get_or_init(|| {
        let page = Page::from_plain_text(
            "Harbour bridge reopens\n\nThe city's harbour bridge reopened on Thursday, two weeks after a barge struck one of its piers, the transport authority said in a statement.\n\nRepairs cost about 2.4 million euros, according to city documents, and traffic is expected to return to normal by Monday morning.\n",
        );
        let seg = storyline::segment::segment(&page, &storyline::Options::default());
        let ann = storyline::annotate::annotate_segmented(&page, &seg);
        storyline::fingerprint::page_prints(&page, &seg, &ann.entities).into_iter().next().unwrap_or_default()
    })
}

/// Wraps a payload in a valid store header (magic, current version, length,
/// checksum), so the fuzzer's mutations reach the record parser instead of
/// stopping at the checksum.
pub fn with_store_header(payload: &[u8]) -> Vec<u8> {
    use storyline::store::format::{checksum, HEADER_LEN, MAGIC, VERSION};
    let mut out = Vec::with_capacity(payload.len() + HEADER_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The store decoder on arbitrary bytes: the first byte chooses raw bytes
/// (even) or a payload behind a valid header (odd); with bit 2 set, the rest
/// is arbitrary story prints instead (see [`store_records`]). Decoding never panics;
/// an error has a message and a code; a store that decodes round-trips
/// byte for byte, can be queried, recorded into and forgotten, and
/// forgetting a site or everything leaves no record of it.
pub fn store_decode(data: &[u8]) -> Result<(), String> {
    use storyline::store::format::decode;
    let (mode, rest) = data.split_first().unwrap_or((&0, &[]));
    if mode & 2 == 2 {
        return store_records(rest);
    }
    let bytes = if mode & 1 == 1 {
        with_store_header(rest)
    } else {
        rest.to_vec()
    };
    let mut store = match decode(&bytes) {
        Ok(s) => s,
        Err(e) => {
            if e.to_string().is_empty() || e.code().is_empty() {
                return Err(format!("store error without a message: {e:?}"));
            }
            return Ok(());
        }
    };
    let _ = store.stats();
    check_store_round_trip(&store)?;
    let print = sample_print();
    let at = storyline::store::ReadAt {
        url: "https://example.com/a".into(),
        file: String::new(),
        now: 1_700_000_000,
    };
    let _ = store.query(print);
    let (_, recorded) = store.record(print, &at);
    // A store whose ids are used up (2^53 - 1 of them, never reached by
    // reading) cannot take a new story in readable form; that limit is
    // documented at `store::format::MAX_ID`, and the round trips below are
    // skipped for it.
    let exhausted = recorded.id > storyline::store::format::MAX_ID;
    if !exhausted {
        check_store_round_trip(&store)?;
    }
    let first_site = store.records().next().map(|r| r.site.clone());
    if let Some(site) = first_site {
        store.forget_site(&site);
        let key = site.trim().trim_start_matches("www.").to_ascii_lowercase();
        if store
            .records()
            .any(|r| r.site.trim_start_matches("www.").eq_ignore_ascii_case(&key))
        {
            return Err(format!("forget_site({site:?}) left a record of it"));
        }
    }
    let first_id = store.records().next().map(|r| r.id);
    if let Some(id) = first_id {
        store.forget_story(id);
        if store.get(id).is_some() || store.records().any(|r| r.id == id) {
            return Err(format!("forget_story({id}) left the record"));
        }
    }
    if !exhausted {
        check_store_round_trip(&store)?;
    }
    store.forget_all();
    if !store.is_empty() || store.records().next().is_some() {
        return Err("forget_all left records".into());
    }
    if !exhausted {
        check_store_round_trip(&store)?;
    }
    Ok(())
}

/// A story print as odd as a message to the background worker can carry it
/// (the worker deserialises prints from content-script messages): any
/// strings, counts, hashes and terms.
fn story_print(u: &mut Unstructured) -> AResult<storyline::fingerprint::StoryPrint> {
    use storyline::fingerprint::{terms::TermCount, ParaPrint, StoryPrint};
    let mut paras = Vec::new();
    for _ in 0..u.int_in_range(0..=6u8)? {
        let n = u.int_in_range(0..=40usize)?;
        let mut hashes = Vec::with_capacity(n);
        for _ in 0..n {
            hashes.push(if u.ratio(1, 2)? {
                u.int_in_range(0..=31u32)?
            } else {
                u.arbitrary()?
            });
        }
        paras.push(ParaPrint {
            index: u.arbitrary()?,
            start: u.arbitrary()?,
            end: u.arbitrary()?,
            words: u.arbitrary()?,
            hashes,
        });
    }
    let mut terms = Vec::new();
    for _ in 0..u.int_in_range(0..=8u8)? {
        terms.push(TermCount {
            text: u.arbitrary()?,
            hash: u.int_in_range(0..=15u32)?,
            tf: u.arbitrary()?,
            name: u.arbitrary()?,
        });
    }
    Ok(StoryPrint {
        title: u.arbitrary()?,
        site: u
            .choose(&["a.example", "www.a.example", "b.example", "", "A.EXAMPLE"])?
            .to_string(),
        published: u.arbitrary()?,
        page_index: u.arbitrary()?,
        page_stories: u.arbitrary()?,
        paras,
        titles: (0..u.int_in_range(0..=3u8)?)
            .map(|_| u.int_in_range(0..=7u32))
            .collect::<AResult<_>>()?,
        terms,
        breaks: (0..u.int_in_range(0..=3u8)?)
            .map(|_| u.int_in_range(0..=7u32))
            .collect::<AResult<_>>()?,
    })
}

/// Arbitrary prints recorded into a fresh store (with a small budget now
/// and then, so eviction runs), interleaved with forgets: no print may make
/// the store unreadable, and the store round-trips after every step.
fn store_records(data: &[u8]) -> Result<(), String> {
    use storyline::store::{ReadAt, Store};
    let mut u = Unstructured::new(data);
    let mut store = Store::new();
    if u.ratio(1, 4).unwrap_or(false) {
        store.set_budget(u.int_in_range(0..=4096u64).unwrap_or(0));
    }
    for step in 0..u.int_in_range(1..=8u8).unwrap_or(1) {
        let Ok(print) = story_print(&mut u) else {
            break;
        };
        let at = ReadAt {
            url: format!("https://{}/{step}", print.site),
            file: String::new(),
            now: u.arbitrary().unwrap_or(0),
        };
        let _ = store.query(&print);
        store.record(&print, &at);
        match u.int_in_range(0..=5u8).unwrap_or(0) {
            0 => {
                store.forget_site("a.example");
                if store.records().any(|r| {
                    r.site
                        .trim_start_matches("www.")
                        .eq_ignore_ascii_case("a.example")
                }) {
                    return Err("forget_site(a.example) left a record of it".into());
                }
            }
            1 => {
                let id = store.records().last().map(|r| r.id).unwrap_or(0);
                store.forget_story(id);
                if store.get(id).is_some() {
                    return Err(format!("forget_story({id}) left the record"));
                }
            }
            _ => {}
        }
        let _ = store.stats();
        let _ = storyline::cluster::clusters(&store);
        check_store_round_trip(&store).map_err(|e| format!("after step {step}: {e}"))?;
    }
    Ok(())
}
