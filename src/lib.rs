//! # Storyline
//!
//! A news page goes in; out come its **stories** (title, byline, publication
//! date, paragraphs, sentences), the **actors**, **dates** and **cited
//! sources** in them, and **fingerprints** that recognise a story the reader
//! has met before, even inside a listing page or after a syndication edit.
//!
//! The core knows nothing of browsers. Two thin doors build the same
//! [`page::Page`]: the browser's DOM (serialised by the content script into a
//! [`tree::Tree`]) and saved HTML parsed with html5ever ([`html`], native
//! only). Everything after that is shared, so what the CLI measures is what
//! runs in the extension.
//!
//! ```
//! use storyline::{annotate, page::Page, Options};
//! let page = Page::from_plain_text("Tom Cotton said on Tuesday that TikTok is a risk.\n");
//! let out = annotate(&page, &Options::default());
//! assert_eq!(out.stories.len(), 1);
//! assert!(!out.sentences.is_empty());
//! ```

pub mod annotate;
pub mod calendar_words;
pub mod cluster;
pub mod export;
pub mod fingerprint;
pub mod offsets;
pub mod only_here;
pub mod page;
pub mod report;
pub mod segment;
pub mod store;
pub mod tag;
pub mod tree;

#[cfg(not(target_arch = "wasm32"))]
pub mod html;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(not(target_arch = "wasm32"))]
pub mod train;

pub use annotate::{annotate, Annotations, Entity, Options};
