//! Property tests: the invariants of `tests/check` over text and HTML that
//! nobody would write by hand — right-to-left and CJK scripts, emoji and ZWJ
//! sequences, combining marks, zero-width and bidi controls, CRLF and lone CR,
//! and text that looks like markup — plus small HTML documents, well formed
//! or not, and trees with broken parent links. proptest shrinks a failure to
//! a minimal case; paste it into `tests/regressions.rs` once fixed.

mod check;

use proptest::prelude::*;
use storyline::offsets::{OffsetMap, Unit};
use storyline::page::Page;
use storyline::tree::{Node, Tree};

/// Pieces of text that stress offsets and segmentation.
const FRAGMENTS: &[&str] = &[
    "Tom Cotton said on Tuesday that TikTok is a risk.",
    "“We will respond,” a spokesperson told Reuters.",
    "Dr. J. Smith Jr. arrived at 5 p.m. on Jan. 3.",
    "The U.S. economy grew 2.5% in Q2 2020.",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{2028}",
    "\u{feff}",
    "\u{202e}",
    "\u{2066}",
    "e\u{301}",
    "\u{1100}\u{1161}\u{11a8}",
    "a\u{300}\u{301}\u{302}\u{303}",
    "\u{0645}\u{0631}\u{062d}\u{0628}\u{0627} \u{0628}\u{0643}\u{0645}.",
    "\u{05e9}\u{05dc}\u{05d5}\u{05dd} \u{05e2}\u{05d5}\u{05dc}\u{05dd}.",
    "\u{4e2d}\u{56fd}\u{5916}\u{4ea4}\u{90e8}\u{8868}\u{793a}\u{3002}",
    "\u{6771}\u{4eac}\u{3067}\u{4f1a}\u{898b}\u{3057}\u{305f}\u{3002}",
    "\u{1f600}",
    "\u{1f469}\u{200d}\u{1f52c}",
    "\u{1f1fa}\u{1f1f8}",
    "\u{10ffff}",
    "<script>alert(1)</script>",
    "<p class=\"x\">not a tag</p>",
    "&amp; &lt;b&gt; &#x1F600;",
    "]]><!-- -->",
    "\"",
    "'",
    ".",
    "?!",
    "…",
    "July 29, 2020",
    "last week",
    "2020-07-29",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-zA-Z ,.]{0,30}",
    ]
}

/// Text assembled from fragments (any Unicode included).
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..30).prop_map(|v| v.concat())
}

/// HTML-ish fragments, nested; some tags unclosed or stray.
fn html() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => fragment().prop_map(|t| t.replace('<', "&lt;")),
        1 => fragment(),
        1 => Just("<br>".to_string()),
        1 => Just("<p>".to_string()),
        1 => Just("</div>".to_string()),
    ];
    let tags = prop::sample::select(vec![
        "p",
        "div",
        "span",
        "a",
        "b",
        "article",
        "nav",
        "header",
        "footer",
        "aside",
        "h1",
        "h2",
        "li",
        "ul",
        "table",
        "td",
        "blockquote",
        "time",
        "script",
        "style",
        "template",
        "pre",
        "figure",
        "figcaption",
        "svg",
    ]);
    let attrs = prop::sample::select(vec![
        "",
        " class=\"story-body\"",
        " class=\"nav menu\" role=\"navigation\"",
        " hidden",
        " aria-hidden=\"true\"",
        " datetime=\"2020-07-29T18:48:00+08:00\"",
        " type=\"application/ld+json\"",
        " itemtype=\"https://schema.org/NewsArticle\"",
    ]);
    let body = leaf.prop_recursive(6, 64, 6, move |inner| {
        (
            tags.clone(),
            attrs.clone(),
            prop::collection::vec(inner, 0..6),
            any::<bool>(),
        )
            .prop_map(|(t, a, kids, close)| {
                let end = if close {
                    format!("</{t}>")
                } else {
                    String::new()
                };
                format!("<{t}{a}>{}{end}", kids.concat())
            })
    });
    (any::<bool>(), "[a-zA-Z ]{0,20}", body).prop_map(|(head, title, body)| {
        if head {
            format!("<!doctype html><html lang=\"en\"><head><title>{title}</title><meta property=\"og:title\" content=\"{title}\"></head><body>{body}</body></html>")
        } else {
            body
        }
    })
}

/// Trees as a content script could never send them: parents anywhere.
fn odd_tree() -> impl Strategy<Value = Tree> {
    let node = (
        any::<i8>(),
        0u8..4,
        fragment(),
        prop::sample::select(vec![
            "p", "div", "a", "br", "script", "h1", "nav", "head", "title",
        ]),
    );
    prop::collection::vec(node, 0..40).prop_map(|raw| {
        let nodes = raw
            .into_iter()
            .enumerate()
            .map(|(i, (p, kind, t, tag))| {
                let parent = if p < 0 {
                    i32::from(p)
                } else {
                    i32::from(p) % (i as i32 + 3)
                };
                let (tag, text) = match kind {
                    0 => (Some(tag.to_string()), None),
                    1 | 2 => (None, Some(t)),
                    _ => (Some(tag.to_string()), Some(t)),
                };
                Node {
                    parent,
                    tag,
                    text,
                    attrs: Vec::new(),
                }
            })
            .collect();
        Tree { nodes, url: None }
    })
}

fn run(r: Result<impl Sized, String>, input: &str) -> Result<(), TestCaseError> {
    r.map(|_| ())
        .map_err(|e| TestCaseError::fail(format!("{e}\ninput: {input:?}")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Plain text: the page text is the input with CRLF/CR read as LF, and
    /// every span of every unit lies on the text's characters.
    #[test]
    fn plain_text_keeps_text_and_offsets(t in text(), opt in any::<u8>()) {
        let page = Page::from_plain_text(&t);
        run(check::check_plain_text(&t, &page), &t)?;
        let ann = check::check_pipeline(&page, &check::fuzz_options(opt));
        run(ann.clone(), &t)?;
        if let Ok(ann) = ann {
            run(check::check_report(&ann.into_unit(Unit::Chars)), &t)?;
        }
    }

    /// Saved HTML: the pieces of every block are the verbatim text nodes, and
    /// the pipeline holds its invariants; the report never lets text become markup.
    #[test]
    fn html_pages_keep_node_text(h in html(), opt in any::<u8>()) {
        let tree = storyline::html::tree_from_html(&h, None);
        let page = storyline::html::page_from_html(&h, None);
        run(check::check_tree_page(&tree, &page), &h)?;
        let ann = check::check_pipeline(&page, &check::fuzz_options(opt));
        run(ann.clone(), &h)?;
        if let Ok(ann) = ann {
            run(check::check_report(&ann.into_unit(Unit::Chars)), &h)?;
        }
    }

    /// Broken parent links (self, forward, negative) never break the page.
    #[test]
    fn odd_trees_still_make_pages(tree in odd_tree()) {
        let page = Page::from_tree(&tree);
        let dbg = format!("{tree:?}");
        run(check::check_tree_page(&tree, &page), &dbg)?;
        run(check::check_pipeline(&page, &storyline::Options::default()), &dbg)?;
        let wire = serde_json::to_string(&tree).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Tree = serde_json::from_str(&wire).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, tree);
    }

    /// Each tagger alone, and tokens, on arbitrary text and anchors.
    #[test]
    fn taggers_stay_inside_the_text(t in text(), published in prop::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2})?|.{0,12}")) {
        let page = Page::from_plain_text(&t);
        let opts = storyline::Options { published, ..Default::default() };
        let seg = storyline::segment::segment(&page, &opts);
        run(check::check_segmentation(&page, &seg), &t)?;
        run(check::check_taggers(&page, &seg), &t)?;
    }

    /// The offset map agrees with Rust's own counts at every byte, and maps a
    /// byte inside a character to that character's start.
    #[test]
    fn offset_map_matches_rust_counts(t in text()) {
        let chars = OffsetMap::new(&t, Unit::Chars);
        let utf16 = OffsetMap::new(&t, Unit::Utf16);
        let bytes = OffsetMap::new(&t, Unit::Bytes);
        let mut char_start = 0;
        for b in 0..=t.len() + 2 {
            let at = b.min(t.len());
            if t.is_char_boundary(at) {
                char_start = at;
            }
            prop_assert_eq!(chars.map(b), t[..char_start].chars().count(), "chars at byte {}", b);
            prop_assert_eq!(utf16.map(b), t[..char_start].encode_utf16().count(), "utf16 at byte {}", b);
            prop_assert_eq!(bytes.map(b), at);
        }
        let n = t.chars().count();
        prop_assert_eq!(storyline::offsets::char_to_byte(&t, n), t.len());
        for (k, (i, _)) in t.char_indices().enumerate() {
            prop_assert_eq!(storyline::offsets::char_to_byte(&t, k), i);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Story prints as odd as a worker message can carry (any strings,
    /// counts, hashes, terms), recorded and forgotten in any order, with or
    /// without a tight budget: the store stays readable after every step.
    #[test]
    fn arbitrary_prints_never_make_the_store_unreadable(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let mut data = vec![2u8];
        data.extend_from_slice(&bytes);
        run(check::targets::store_decode(&data), &format!("{bytes:?}"))?;
    }

    /// Pages read on three sites (one under `www.`), fingerprinted by the real
    /// pipeline: forgetting a site removes every record of it, `www.` or not,
    /// keeps every other record, and leaves no URL of it in the store bytes.
    #[test]
    fn forgetting_a_site_removes_every_record_of_it(pages in prop::collection::vec((text(), 0usize..3), 1..8)) {
        use storyline::store::{format::{decode, encode}, ReadAt, Store};
        let sites = ["forget-me.example", "www.forget-me.example", "keep-me.example"];
        let mut store = Store::new();
        for (i, (t, s)) in pages.iter().enumerate() {
            let url = format!("https://{}/story-{i}", sites[*s]);
            let page = Page::from_plain_text(&format!("{t}\n\nOfficials said on Monday that the talks would resume next week in Geneva, after a pause of three months and many complaints.\n"));
            let opts = storyline::Options { url: Some(url.clone()), ..Default::default() };
            let seg = storyline::segment::segment(&page, &opts);
            let ann = storyline::annotate::annotate_segmented(&page, &seg);
            for p in storyline::fingerprint::page_prints(&page, &seg, &ann.entities) {
                store.record(&p, &ReadAt { url: url.clone(), file: String::new(), now: 1_600_000_000 + i as u64 });
            }
        }
        let kept_before = store.records().filter(|r| r.url.contains("keep-me")).count();
        store.forget_site("forget-me.example");
        prop_assert!(store.records().all(|r| !r.url.contains("forget-me") && !r.site.contains("forget-me")));
        prop_assert_eq!(store.records().filter(|r| r.url.contains("keep-me")).count(), kept_before);
        let bytes = encode(&store);
        prop_assert!(!bytes.windows(9).any(|w| w == b"forget-me"), "a forgotten site's name is still in the store bytes");
        prop_assert_eq!(decode(&bytes).map(|s| s.len()).ok(), Some(store.len()));
    }
}

/// The checks themselves must be able to fail: a span off a char boundary,
/// overlapping actors and a piece that does not match its node are caught.
#[test]
fn checks_catch_broken_output() {
    use storyline::annotate::{Actor, Entity};
    assert!(check::check_range("é", "x", 0, 1).is_err());
    assert!(check::check_range("ab", "x", 1, 3).is_err());
    let actor = |s: usize, e: usize, t: &str| {
        Entity::Actor(Actor {
            ty: "person".into(),
            start: s,
            end: e,
            text: t.into(),
            name: None,
        })
    };
    let text = "Tom Cotton spoke";
    assert!(check::check_entities(text, &[actor(0, 10, "Tom Cotton")]).is_ok());
    assert!(
        check::check_entities(text, &[actor(0, 10, "Tom Cotton"), actor(4, 10, "Cotton")]).is_err()
    );
    assert!(check::check_entities(text, &[actor(0, 3, "Cot")]).is_err());
    let mut tree = Tree::default();
    let p = tree.push(Node {
        parent: -1,
        tag: Some("p".into()),
        text: None,
        attrs: vec![],
    });
    tree.push(Node {
        parent: p as i32,
        tag: None,
        text: Some("Hello".into()),
        attrs: vec![],
    });
    let mut page = Page::from_tree(&tree);
    assert!(check::check_tree_page(&tree, &page).is_ok());
    page.text = "Jello".into();
    assert!(check::check_tree_page(&tree, &page).is_err());
}
