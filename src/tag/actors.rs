//! Actor tagger: people, organisations and places (first cut: none).

use crate::annotate::Actor;
use crate::segment::Segmentation;

pub fn tag(_text: &str, _seg: &Segmentation) -> Vec<Actor> {
    Vec::new()
}
