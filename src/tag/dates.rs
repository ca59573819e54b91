//! Date tagger: time expressions resolved against the story's date (first cut: none).

use crate::annotate::DateMention;
use crate::segment::Segmentation;

pub fn tag(_text: &str, _seg: &Segmentation) -> Vec<DateMention> {
    Vec::new()
}
