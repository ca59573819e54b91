//! Sentence boundaries: UAX #29 sentence breaks, then repairs for what news
//! text needs (first cut: UAX #29 only, whitespace trimmed).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Splits `text[range]` into sentences (byte ranges in `text`, trimmed).
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let base = range.start;
    let slice = &text[range];
    let mut out = Vec::new();
    for (off, s) in slice.split_sentence_bound_indices() {
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = base + off + lead;
        out.push(start..start + trimmed.len());
    }
    out
}
