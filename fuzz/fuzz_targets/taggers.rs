//! Each tagger on its own, on arbitrary text with an arbitrary publication
//! anchor (the date tagger parses the anchor, so a hostile `published` or
//! JSON-LD date must not hurt it). The segmenter runs first because the
//! taggers read its sentences; tokens are checked on every sentence.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use storyline::page::Page;

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

fn anchor(u: &mut Unstructured) -> Result<Option<String>> {
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

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let published = anchor(&mut u).unwrap_or(None);
    let text = String::from_utf8_lossy(u.take_rest()).into_owned();
    let page = Page::from_plain_text(&text);
    let mut opts = check::fuzz_options(5); // 5: no date, a real URL
    opts.published = published;
    let seg = storyline::segment::segment(&page, &opts);
    if let Err(e) = check::check_segmentation(&page, &seg) {
        panic!("segmentation invariant: {e}");
    }
    if let Err(e) = check::check_taggers(&page, &seg) {
        panic!("tagger invariant: {e}");
    }
});
