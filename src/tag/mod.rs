//! The taggers. Each reads the page text and the segmenter's sentences and
//! returns its own entities; none knows about the others except the source
//! tagger, which links sources to actors.

pub mod actors;
pub mod dates;
pub mod quantised;
pub mod range_coder;
pub mod sources;
