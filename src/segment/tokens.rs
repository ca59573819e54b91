//! Tokens: UAX #29 word boundaries, whitespace dropped.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Tokens of `text[range]` as byte ranges in `text`.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let base = range.start;
    text[range]
        .split_word_bound_indices()
        .filter(|(_, w)| !w.trim().is_empty())
        .map(|(i, w)| base + i..base + i + w.len())
        .collect()
}
