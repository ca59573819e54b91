//! The plain-text door and the whole pipeline; see `tests/check/targets.rs`.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = check::targets::plain_text(data) {
        panic!("plain_text invariant broken: {e}");
    }
});
