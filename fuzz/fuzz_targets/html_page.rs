//! Saved HTML as the CLI reads it: arbitrary bytes, decoded leniently, through
//! html5ever, the tree door, the whole pipeline, the char conversion and the
//! HTML report. html5ever itself is well fuzzed; what is under test is what
//! we build on its output (blocks, pieces, offsets) and the taggers on text
//! no test author would write.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use storyline::offsets::Unit;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let opts = check::fuzz_options(data.last().copied().unwrap_or(0));
    let tree = storyline::html::tree_from_html(&html, opts.url.as_deref());
    let page = storyline::html::page_from_html(&html, opts.url.as_deref());
    if let Err(e) = check::check_tree_page(&tree, &page) {
        panic!("tree page invariant: {e}");
    }
    let ann = match check::check_pipeline(&page, &opts) {
        Ok(a) => a,
        Err(e) => panic!("pipeline invariant: {e}"),
    };
    let seg = storyline::segment::segment(&page, &opts);
    let _ = storyline::segment::extract(&page, &seg);
    let chars = ann.into_unit(Unit::Chars);
    if let Err(e) = check::check_report(&chars) {
        panic!("report invariant: {e}");
    }
});
