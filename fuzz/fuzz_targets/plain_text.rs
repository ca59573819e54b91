//! The plain-text door (`.txt` files and pasted text): arbitrary bytes as
//! lossy UTF-8, the text must come back verbatim (CRLF read as LF) and every
//! pipeline invariant must hold.
#![no_main]

#[path = "../../tests/check/mod.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use storyline::page::Page;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let page = Page::from_plain_text(&text);
    if let Err(e) = check::check_plain_text(&text, &page) {
        panic!("plain-text door invariant: {e}");
    }
    let opts = check::fuzz_options(data.first().copied().unwrap_or(0));
    if let Err(e) = check::check_pipeline(&page, &opts) {
        panic!("pipeline invariant: {e}");
    }
});
