//! Segmenter, tokens and each tagger alone, with arbitrary publication
//! anchors; see `tests/check/targets.rs`.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = check::targets::taggers(data) {
        panic!("taggers invariant broken: {e}");
    }
});
