//! Cited-source tagger: who said or reported what (first cut: none).

use crate::annotate::{Actor, Attribution};
use crate::segment::Segmentation;

pub fn tag(_text: &str, _seg: &Segmentation, _actors: &[Actor]) -> Vec<Attribution> {
    Vec::new()
}
