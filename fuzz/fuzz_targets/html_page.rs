//! Saved HTML through html5ever, the tree door and the whole pipeline; see
//! `tests/check/targets.rs` for what is checked.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = check::targets::html_page(data) {
        panic!("html_page invariant broken: {e}");
    }
});
