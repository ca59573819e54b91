//! Arbitrary (and malformed) DOM trees through the browser door; see
//! `tests/check/targets.rs`.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = check::targets::tree_page(data) {
        panic!("tree_page invariant broken: {e}");
    }
});
