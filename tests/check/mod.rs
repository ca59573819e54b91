//! The promises the core makes about a page and its annotations, checked in
//! one place. The fuzz targets (`fuzz/`), the property tests
//! (`tests/invariants.rs`) and the regression tests (`tests/regressions.rs`)
//! all include this file, so a crash minimised by the fuzzer and a case
//! shrunk by proptest fail on exactly the same assertion.
//!
//! Why a shared file and not a core module: the checks cost time the
//! extension must not spend, and keeping them out of `src/` keeps the wasm
//! build and the core's API untouched. Each check returns `Err(reason)`
//! instead of panicking so callers can add the input to the message.
//!
//! Offsets are recomputed here by brute force (a per-byte prefix table)
//! rather than through [`storyline::offsets::OffsetMap`], so a bug in the
//! map's binary search cannot hide behind itself.
#![allow(dead_code)]

pub mod targets;

use storyline::annotate::{Annotations, Entity};
use storyline::offsets::Unit;
use storyline::page::{Page, Source};
use storyline::segment::Segmentation;
use storyline::tree::Tree;

/// `Err` with a formatted reason unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// A byte range lies inside `text`, the right way round, on char boundaries.
pub fn check_range(text: &str, what: &str, start: usize, end: usize) -> Result<(), String> {
    ensure!(start <= end, "{what}: start {start} > end {end}");
    ensure!(
        end <= text.len(),
        "{what}: end {end} beyond text length {}",
        text.len()
    );
    ensure!(
        text.is_char_boundary(start),
        "{what}: start {start} inside a character"
    );
    ensure!(
        text.is_char_boundary(end),
        "{what}: end {end} inside a character"
    );
    Ok(())
}

/// Ranges are sorted by start and none overlaps the next.
fn check_sorted_disjoint(what: &str, ranges: &[(usize, usize)]) -> Result<(), String> {
    for w in ranges.windows(2) {
        ensure!(
            w[0].0 <= w[1].0,
            "{what}: {:?} listed before {:?}",
            w[0],
            w[1]
        );
        ensure!(w[0].1 <= w[1].0, "{what}: {:?} overlaps {:?}", w[0], w[1]);
    }
    Ok(())
}

/// Blocks lie in the text in order, carry text, and (for tree pages) are
/// exactly the concatenation of their pieces, joined by a single `\n`.
pub fn check_page(page: &Page) -> Result<(), String> {
    let text = &page.text;
    let mut prev_end: Option<usize> = None;
    for (i, b) in page.blocks.iter().enumerate() {
        check_range(text, &format!("block {i}"), b.start, b.end)?;
        ensure!(
            !text[b.start..b.end].trim().is_empty(),
            "block {i} is whitespace only"
        );
        if let Some(pe) = prev_end {
            ensure!(
                pe < b.start,
                "block {i} starts at {} before the previous end {pe}",
                b.start
            );
            if page.source == Source::Html {
                ensure!(
                    &text[pe..b.start] == "\n",
                    "blocks {} and {i} joined by {:?}, not one newline",
                    i - 1,
                    &text[pe..b.start]
                );
            } else {
                ensure!(
                    text[pe..b.start].trim().is_empty(),
                    "text between blocks {} and {i} is not blank",
                    i - 1
                );
            }
        } else if page.source == Source::Html {
            ensure!(b.start == 0, "first block starts at {}, not 0", b.start);
        }
        prev_end = Some(b.end);
        if page.source == Source::Html {
            ensure!(!b.pieces.is_empty(), "block {i} has no pieces");
            let mut at = b.start;
            for (j, p) in b.pieces.iter().enumerate() {
                ensure!(
                    p.start == at,
                    "block {i} piece {j} starts at {}, expected {at}",
                    p.start
                );
                at = p
                    .start
                    .checked_add(p.len)
                    .ok_or_else(|| format!("block {i} piece {j} length overflows"))?;
                check_range(text, &format!("block {i} piece {j}"), p.start, at)?;
            }
            ensure!(
                at == b.end,
                "block {i} pieces end at {at}, block ends at {}",
                b.end
            );
        }
    }
    if page.source == Source::Html {
        ensure!(
            prev_end.unwrap_or(0) == text.len(),
            "page text runs past the last block"
        );
    }
    Ok(())
}

/// The DOM side of "wrapping then unwrapping restores the exact text": every
/// piece is the verbatim text of the tree node it names, so the content
/// script can cut highlights into those nodes and join them back unchanged.
pub fn check_tree_page(tree: &Tree, page: &Page) -> Result<(), String> {
    check_page(page)?;
    let mut last_node: Option<u32> = None;
    for (i, b) in page.blocks.iter().enumerate() {
        let mut joined = String::new();
        for p in &b.pieces {
            let node = tree.nodes.get(p.node as usize).ok_or_else(|| {
                format!(
                    "block {i}: piece names node {} of {}",
                    p.node,
                    tree.nodes.len()
                )
            })?;
            let want = node
                .text
                .as_deref()
                .ok_or_else(|| format!("block {i}: piece names element node {}", p.node))?;
            let got = &page.text[p.start..p.start + p.len];
            ensure!(
                got == want,
                "block {i}: node {} text {want:?} became {got:?}",
                p.node
            );
            ensure!(
                last_node.is_none_or(|l| l < p.node),
                "node {} used out of document order",
                p.node
            );
            last_node = Some(p.node);
            joined.push_str(want);
        }
        ensure!(
            joined == page.text[b.start..b.end],
            "block {i}: pieces do not reproduce the block text"
        );
    }
    Ok(())
}

/// The segmentation agrees with the page: stories and sentences in order,
/// sentences inside their own story, one boilerplate flag per block.
pub fn check_segmentation(page: &Page, seg: &Segmentation) -> Result<(), String> {
    let text = &page.text;
    ensure!(
        seg.boilerplate.len() == page.blocks.len(),
        "{} boilerplate flags for {} blocks",
        seg.boilerplate.len(),
        page.blocks.len()
    );
    for (i, s) in seg.stories.iter().enumerate() {
        check_range(text, &format!("story {i}"), s.start, s.end)?;
        for (j, p) in s.paragraphs.iter().enumerate() {
            check_range(text, &format!("story {i} paragraph {j}"), p.start, p.end)?;
            ensure!(
                s.start <= p.start && p.end <= s.end,
                "story {i} paragraph {j} {p:?} outside the story {}..{}",
                s.start,
                s.end
            );
        }
        for (what, r) in [("title", &s.title_span), ("byline", &s.byline_span)] {
            if let Some(r) = r {
                check_range(text, &format!("story {i} {what} span"), r.start, r.end)?;
            }
        }
    }
    let stories: Vec<(usize, usize)> = seg.stories.iter().map(|s| (s.start, s.end)).collect();
    check_sorted_disjoint("stories", &stories)?;
    for (i, s) in seg.sentences.iter().enumerate() {
        check_range(text, &format!("sentence {i}"), s.start, s.end)?;
        ensure!(s.start < s.end, "sentence {i} is empty");
        let st = seg.stories.get(s.story).ok_or_else(|| {
            format!(
                "sentence {i} names story {} of {}",
                s.story,
                seg.stories.len()
            )
        })?;
        ensure!(
            st.start <= s.start && s.end <= st.end,
            "sentence {i} {}..{} outside story {} {}..{}",
            s.start,
            s.end,
            s.story,
            st.start,
            st.end
        );
    }
    let sents: Vec<(usize, usize)> = seg.sentences.iter().map(|s| (s.start, s.end)).collect();
    check_sorted_disjoint("sentences", &sents)?;
    Ok(())
}

/// Every byte-offset span an entity carries, with a label.
fn entity_spans(e: &Entity) -> Vec<(&'static str, usize, usize)> {
    match e {
        Entity::Actor(a) => vec![("actor", a.start, a.end)],
        Entity::Date(d) => vec![("date", d.start, d.end)],
        Entity::Source(s) => {
            let mut v = Vec::new();
            match (s.start, s.end) {
                (Some(a), Some(b)) => v.push(("source", a, b)),
                (None, None) => {}
                _ => v.push(("source (half-open)", 1, 0)),
            }
            for (what, sp) in [("cue", s.cue), ("content", s.content), ("told", s.told)] {
                if let Some(sp) = sp {
                    v.push((what, sp.start, sp.end));
                }
            }
            v
        }
    }
}

/// The quoted text of an entity, when it carries one.
fn entity_text(e: &Entity) -> Option<(usize, usize, &str)> {
    match e {
        Entity::Actor(a) => Some((a.start, a.end, a.text.as_str())),
        Entity::Date(d) => Some((d.start, d.end, d.text.as_str())),
        Entity::Source(s) => match (s.start, s.end, s.text.as_deref()) {
            (Some(a), Some(b), Some(t)) => Some((a, b, t)),
            _ => None,
        },
    }
}

/// Annotations in the core's own unit (UTF-8 bytes): every span inside the
/// text on char boundaries, non-empty, its `text` the slice it names;
/// stories and sentences ordered and disjoint, sentences inside stories;
/// entities sorted; actors never overlap actors, dates never overlap dates.
pub fn check_annotations(ann: &Annotations) -> Result<(), String> {
    let text = &ann.text;
    for (i, s) in ann.stories.iter().enumerate() {
        check_range(text, &format!("story {i}"), s.start, s.end)?;
    }
    let stories: Vec<(usize, usize)> = ann.stories.iter().map(|s| (s.start, s.end)).collect();
    check_sorted_disjoint("stories", &stories)?;
    for (i, s) in ann.sentences.iter().enumerate() {
        check_range(text, &format!("sentence {i}"), s[0], s[1])?;
        ensure!(s[0] < s[1], "sentence {i} is empty");
        ensure!(
            stories.iter().any(|&(a, b)| a <= s[0] && s[1] <= b),
            "sentence {i} {:?} lies in no story",
            s
        );
    }
    let sents: Vec<(usize, usize)> = ann.sentences.iter().map(|s| (s[0], s[1])).collect();
    check_sorted_disjoint("sentences", &sents)?;
    check_entities(text, &ann.entities)?;
    for w in ann.entities.windows(2) {
        ensure!(
            w[0].start() <= w[1].start(),
            "entities not sorted: {} then {}",
            w[0].start(),
            w[1].start()
        );
    }
    Ok(())
}

/// Entities (byte offsets) of one text: every span inside it on char
/// boundaries and non-empty, quoted texts equal to their slices, actors
/// disjoint from actors and dates from dates.
pub fn check_entities(text: &str, entities: &[Entity]) -> Result<(), String> {
    let mut actors = Vec::new();
    let mut dates = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        for (what, a, b) in entity_spans(e) {
            check_range(text, &format!("entity {i} {what}"), a, b)?;
            ensure!(a < b, "entity {i} {what} is empty at {a}");
        }
        if let Some((a, b, t)) = entity_text(e) {
            ensure!(
                &text[a..b] == t,
                "entity {i}: text {t:?} but span {a}..{b} reads {:?}",
                &text[a..b]
            );
        }
        match e {
            Entity::Actor(x) => actors.push((x.start, x.end)),
            Entity::Date(x) => dates.push((x.start, x.end)),
            Entity::Source(_) => {}
        }
    }
    actors.sort_unstable();
    dates.sort_unstable();
    check_sorted_disjoint("actors", &actors)?;
    check_sorted_disjoint("dates", &dates)?;
    Ok(())
}

/// Each tagger on its own over a segmented page, and the tokens of every
/// sentence: ordered, disjoint, inside the sentence, never blank.
pub fn check_taggers(page: &Page, seg: &Segmentation) -> Result<(), String> {
    let text = &page.text;
    for (i, s) in seg.sentences.iter().enumerate() {
        let toks = storyline::segment::tokens::tokens(text, s.start..s.end);
        for (j, t) in toks.iter().enumerate() {
            check_range(text, &format!("sentence {i} token {j}"), t.start, t.end)?;
            ensure!(
                s.start <= t.start && t.end <= s.end,
                "sentence {i} token {j} {t:?} outside the sentence"
            );
            ensure!(
                !text[t.clone()].trim().is_empty(),
                "sentence {i} token {j} is blank"
            );
        }
        let pairs: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        check_sorted_disjoint(&format!("sentence {i} tokens"), &pairs)?;
    }
    let actors = storyline::tag::actors::tag(text, seg);
    let as_entities: Vec<Entity> = actors.iter().cloned().map(Entity::Actor).collect();
    check_entities(text, &as_entities).map_err(|e| format!("actor tagger: {e}"))?;
    let dates: Vec<Entity> = storyline::tag::dates::tag(text, seg)
        .into_iter()
        .map(Entity::Date)
        .collect();
    check_entities(text, &dates).map_err(|e| format!("date tagger: {e}"))?;
    let sources: Vec<Entity> = storyline::tag::sources::tag(text, seg, &actors)
        .into_iter()
        .map(Entity::Source)
        .collect();
    check_entities(text, &sources).map_err(|e| format!("source tagger: {e}"))?;
    Ok(())
}

/// The `--format html` report shows page text only as text: outside the
/// report's own `<mark ...>`, `</mark>` and `<br>` tags, no `<` survives,
/// and mark titles carry no quote that could end the attribute.
pub fn check_report(chars: &Annotations) -> Result<(), String> {
    let html = storyline::report::html("page<script>\"x\".html", chars);
    let open = "<div class=\"text\">";
    let body_start = html.find(open).ok_or("report has no text div")? + open.len();
    let body_end = html.rfind("</div>").ok_or("report has no closing div")?;
    ensure!(body_start <= body_end, "report text div is malformed");
    let head = &html[..body_start];
    ensure!(
        !head.contains("<script"),
        "file name reached the report head as markup"
    );
    let mut rest = &html[body_start..body_end];
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if let Some(r) = rest
            .strip_prefix("</mark>")
            .or_else(|| rest.strip_prefix("<br>"))
        {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("<mark class=\"") {
            let q = r.find('"').ok_or("unterminated mark class")?;
            let r = r[q + 1..]
                .strip_prefix(" title=\"")
                .ok_or("mark without title")?;
            let q = r.find('"').ok_or("unterminated mark title")?;
            ensure!(!r[..q].contains('<'), "mark title carries markup");
            rest = r[q + 1..]
                .strip_prefix('>')
                .ok_or("mark tag not closed after title")?;
        } else {
            return Err(format!(
                "page text reached the report as markup: {:?}",
                &rest[..rest.len().min(40)]
            ));
        }
    }
    Ok(())
}

/// Options picked by one fuzz byte: with or without a publication date and
/// URL, some of them malformed.
#[allow(clippy::needless_update)] // Options may grow fields; keep their defaults
pub fn fuzz_options(b: u8) -> storyline::Options {
    let published = match b % 5 {
        0 => None,
        1 => Some("2020-07-29".to_string()),
        2 => Some("2020-07-29T18:48:00+08:00".to_string()),
        3 => Some("2020-02-30".to_string()),
        _ => Some("9999-99-99T99:99".to_string()),
    };
    let url = match (b / 5) % 3 {
        0 => None,
        1 => Some("https://www.example.com/2020/07/29/story.html".to_string()),
        _ => Some("not a url \u{1f600}".to_string()),
    };
    storyline::Options {
        published,
        url,
        ..Default::default()
    }
}

/// Units before each byte boundary of `text` (usize::MAX inside a character),
/// counted one character at a time.
fn unit_table(text: &str, unit: Unit) -> Vec<usize> {
    let mut table = vec![usize::MAX; text.len() + 1];
    let mut units = 0usize;
    for (i, c) in text.char_indices() {
        table[i] = units;
        units += match unit {
            Unit::Bytes => c.len_utf8(),
            Unit::Chars => 1,
            Unit::Utf16 => c.len_utf16(),
        };
    }
    table[text.len()] = units;
    table
}

/// `conv` is `bytes.into_unit(unit)`: the same annotations with every offset
/// re-counted in `unit`, and entity texts still readable at the new offsets.
pub fn check_converted(bytes: &Annotations, conv: &Annotations, unit: Unit) -> Result<(), String> {
    ensure!(bytes.text == conv.text, "conversion changed the text");
    ensure!(
        bytes.entities.len() == conv.entities.len(),
        "conversion changed the entity count"
    );
    ensure!(
        bytes.sentences.len() == conv.sentences.len(),
        "conversion changed the sentence count"
    );
    ensure!(
        bytes.stories.len() == conv.stories.len(),
        "conversion changed the story count"
    );
    let table = unit_table(&bytes.text, unit);
    let total = table[bytes.text.len()];
    let map = |b: usize| table.get(b).copied().unwrap_or(usize::MAX);
    let same = |what: String, b: usize, c: usize| -> Result<(), String> {
        ensure!(
            c <= total,
            "{what}: converted offset {c} beyond {total} units"
        );
        ensure!(
            map(b) == c,
            "{what}: byte {b} should be {} in {unit:?}, got {c}",
            map(b)
        );
        Ok(())
    };
    for (i, (x, y)) in bytes.stories.iter().zip(&conv.stories).enumerate() {
        same(format!("story {i} start"), x.start, y.start)?;
        same(format!("story {i} end"), x.end, y.end)?;
    }
    for (i, (x, y)) in bytes.sentences.iter().zip(&conv.sentences).enumerate() {
        same(format!("sentence {i} start"), x[0], y[0])?;
        same(format!("sentence {i} end"), x[1], y[1])?;
    }
    for (i, (x, y)) in bytes.entities.iter().zip(&conv.entities).enumerate() {
        let (xs, ys) = (entity_spans(x), entity_spans(y));
        ensure!(
            xs.len() == ys.len(),
            "entity {i}: conversion changed its spans"
        );
        for ((what, a, b), (_, c, d)) in xs.into_iter().zip(ys) {
            same(format!("entity {i} {what} start"), a, c)?;
            same(format!("entity {i} {what} end"), b, d)?;
        }
        if unit == Unit::Chars {
            if let Some((s, e, t)) = entity_text(y) {
                let read: String = conv
                    .text
                    .chars()
                    .skip(s)
                    .take(e.saturating_sub(s))
                    .collect();
                ensure!(
                    read == t,
                    "entity {i}: chars {s}..{e} read {read:?}, text is {t:?}"
                );
            }
        }
    }
    Ok(())
}

/// The plain-text door keeps the input verbatim apart from line ends.
pub fn check_plain_text(input: &str, page: &Page) -> Result<(), String> {
    let want = input.replace("\r\n", "\n").replace('\r', "\n");
    ensure!(
        page.text == want,
        "plain-text door changed the text beyond CRLF→LF"
    );
    for (i, b) in page.blocks.iter().enumerate() {
        let t = &page.text[b.start..b.end];
        ensure!(!t.contains('\n'), "plain-text block {i} spans a line break");
        ensure!(
            b.start == 0 || page.text.as_bytes()[b.start - 1] == b'\n',
            "plain-text block {i} does not start a line"
        );
        ensure!(
            b.end == page.text.len() || page.text.as_bytes()[b.end] == b'\n',
            "plain-text block {i} does not end a line"
        );
    }
    let lines = want.split('\n').filter(|l| !l.trim().is_empty()).count();
    ensure!(
        lines == page.blocks.len(),
        "{} non-blank lines but {} blocks",
        lines,
        page.blocks.len()
    );
    Ok(())
}

/// The whole pipeline on one page: page, segmentation, annotations in
/// bytes, and their conversion to chars and UTF-16. Returns the byte-unit
/// annotations for further checks.
pub fn check_pipeline(page: &Page, opts: &storyline::Options) -> Result<Annotations, String> {
    check_page(page)?;
    let seg = storyline::segment::segment(page, opts);
    check_segmentation(page, &seg)?;
    let ann = storyline::annotate(page, opts);
    ensure!(
        ann.text == page.text,
        "annotations carry a different text than the page"
    );
    check_annotations(&ann)?;
    check_prints(page, &seg, &ann)?;
    for unit in [Unit::Chars, Unit::Utf16] {
        let conv = ann.clone().into_unit(unit);
        check_converted(&ann, &conv, unit)?;
    }
    Ok(ann)
}

/// A store with `prints` recorded survives its byte form: decoding what was
/// encoded gives the same records, and encoding again gives the same bytes.
pub fn check_store_round_trip(store: &storyline::store::Store) -> Result<Vec<u8>, String> {
    use storyline::store::format::{decode, encode};
    let bytes = encode(store);
    let back =
        decode(&bytes).map_err(|e| format!("store does not read back its own bytes: {e}"))?;
    ensure!(
        back.len() == store.len(),
        "round trip changed the record count {} -> {}",
        store.len(),
        back.len()
    );
    if let Some((a, b)) = store.records().zip(back.records()).find(|(a, b)| a != b) {
        return Err(format!(
            "round trip changed a record:\n  before {a:?}\n  after  {b:?}"
        ));
    }
    ensure!(
        back.budget() == store.budget(),
        "round trip changed the budget"
    );
    ensure!(
        encode(&back) == bytes,
        "encoding is not stable across a round trip"
    );
    Ok(bytes)
}

/// Fingerprints of a page: paragraph ranges inside the text on char
/// boundaries, one print per story; recording them all into a fresh store
/// and querying them back never fails, and the store round-trips.
pub fn check_prints(page: &Page, seg: &Segmentation, ann: &Annotations) -> Result<(), String> {
    let prints = storyline::fingerprint::page_prints(page, seg, &ann.entities);
    ensure!(
        prints.len() == seg.stories.len(),
        "{} prints for {} stories",
        prints.len(),
        seg.stories.len()
    );
    let mut store = storyline::store::Store::new();
    for (i, p) in prints.iter().enumerate() {
        for (j, para) in p.paras.iter().enumerate() {
            check_range(
                &page.text,
                &format!("print {i} paragraph {j}"),
                para.start,
                para.end,
            )?;
        }
        let at = storyline::store::ReadAt {
            url: format!("https://example.com/{i}"),
            file: String::new(),
            now: 1_600_000_000 + i as u64,
        };
        let _ = store.record(p, &at);
    }
    for p in &prints {
        let q = store.query(p);
        for k in &q.new_paragraphs {
            ensure!(
                p.paras.iter().any(|para| para.index == *k),
                "query calls paragraph {k} new, but the story has no such paragraph"
            );
        }
        for m in &q.matches {
            ensure!(
                m.score.is_finite(),
                "match score {} is not a number",
                m.score
            );
        }
    }
    check_store_round_trip(&store)?;
    Ok(())
}
