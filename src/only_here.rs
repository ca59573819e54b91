//! "Only here": what a stored version of a story adds to the earliest
//! version the reader met, for the popup's cluster view.
//!
//! A stored story keeps its paragraph hashes and its heaviest terms (the
//! coverage signature), not its actors, dates and sources, so what can be
//! said about a story read in the past is: the paragraphs found in no
//! paragraph of the earliest version (by the same alignment the store
//! matches with), and the names among its key terms that the earliest
//! version's key terms lack. The names are a lower bound and are labelled
//! so in the popup: a name can be missing from a signature and still be in
//! the text. The page being read is richer: the content script compares its
//! own actors, dates and sources paragraph by paragraph.
//!
//! The earliest version is the version cluster's founder (cluster ids are
//! the founding story's id), one lookup instead of a scan of the store; when
//! the founder was forgotten there is nothing left to compare against.

use crate::cluster::new_against;
use crate::store::Store;
use serde::Serialize;
use std::collections::HashSet;

/// Names kept at most.
const MAX_NAMES: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OnlyHere {
    /// The earliest version compared against.
    pub against: u64,
    /// Paragraph positions of this story found in no paragraph of it.
    pub paragraphs: Vec<u32>,
    /// Names among this story's key terms that its key terms lack, heaviest first.
    pub names: Vec<String>,
}

/// What stored story `id` adds to the earliest version of it read; `None`
/// when it is that version, or that version is no longer stored.
pub fn only_here(store: &Store, id: u64) -> Option<OnlyHere> {
    let r = store.get(id)?;
    if r.version == r.id {
        return None;
    }
    let earliest = store.get(r.version)?;
    let theirs: HashSet<u32> = earliest.terms.iter().map(|t| t.hash).collect();
    let names = r
        .terms
        .iter()
        .filter(|t| t.name && !theirs.contains(&t.hash))
        .map(|t| t.text.clone())
        .take(MAX_NAMES)
        .collect();
    Some(OnlyHere {
        against: earliest.id,
        paragraphs: new_against(r, earliest),
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::page_prints;
    use crate::store::ReadAt;
    use crate::{annotate::annotate_segmented, page::Page, segment, Options};

    fn read(store: &mut Store, text: &str, url: &str) -> u64 {
        let page = Page::from_plain_text(text);
        let seg = segment::segment(&page, &Options::default());
        let ann = annotate_segmented(&page, &seg);
        let p = &page_prints(&page, &seg, &ann.entities)[0];
        let at = ReadAt {
            url: url.into(),
            file: String::new(),
            now: 1,
        };
        store.record(p, &at).1.id
    }

    const FIRST: &str = "Harbour council approves night ferry to Lindholm\n\nThe harbour council voted seven to two on Tuesday to run a night ferry to Lindholm island from June, ending a two-year dispute over noise.\n\nMayor Anna Lindqvist said the ferry would carry up to 120 passengers and leave the pier every ninety minutes after ten in the evening.\n\nResidents of the old town had argued that engines idling at the pier would keep them awake, and the council agreed to quieter electric boats.\n";

    #[test]
    fn a_later_version_shows_its_added_paragraph_and_name() {
        let mut s = Store::new();
        let a = read(&mut s, FIRST, "https://a.example/1");
        let longer = format!("{FIRST}\nShipping minister Henrik Solberg of Nordfjord Maritime promised state money for the electric boats within the year.\n");
        let b = read(&mut s, &longer, "https://b.example/2");
        assert_eq!(
            only_here(&s, a),
            None,
            "the earliest version has nothing to compare with"
        );
        let o = only_here(&s, b).expect("a later version");
        assert_eq!(o.against, a);
        assert_eq!(o.paragraphs.len(), 1, "{o:?}");
        assert!(
            o.names
                .iter()
                .any(|n| n.contains("Solberg") || n.contains("Nordfjord")),
            "{o:?}"
        );
        assert!(!o.names.iter().any(|n| n.contains("Lindqvist")), "{o:?}");
        s.forget_story(a);
        assert_eq!(only_here(&s, b), None, "the earliest version forgotten");
        assert_eq!(only_here(&s, 999), None);
    }
}
