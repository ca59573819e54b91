//! Exchange formats: what leaves Storyline for other tools, and what comes
//! back in. Each lives here rather than in the module whose data it carries,
//! so the store and the taggers keep one job each and a format can change
//! (or a new one arrive) without touching them.
//!
//! - [`web_annotation`]: a page's highlights as W3C Web Annotation JSON-LD,
//!   for annotation servers and readers (Hypothesis-style tools) to take in.
//! - [`merge`]: a store export read back into the reader's store, keeping
//!   everything already there.

pub mod merge;
pub mod web_annotation;
