//! The store decoder on arbitrary bytes (raw, or behind a valid header so
//! mutations reach the record parser), then round trip, query, record and
//! forget on whatever decodes; see `tests/check/targets.rs`.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = check::targets::store_decode(data) {
        panic!("store_decode invariant broken: {e}");
    }
});
