//! Background document frequencies for the coverage tier's IDF.
//!
//! A reader's own store starts empty, and with a handful of stories every
//! term looks equally rare: "China" or "government" then weigh as much as
//! "ByteDance", and two stories that merely share a country join one cluster.
//! So the store's counts are added to counts from a fixed background of news
//! (`model/background_df.txt`, made by `scripts/background-df.py` from the
//! PolNeAR and CoNLL-2003 training texts; words in fewer than 8 of its 1,786
//! documents are left out and count as unseen). The table costs ~24 KB
//! gzipped; it is parsed once, into term hashes, on first use.

use crate::fingerprint::terms::term_hash;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

struct Background {
    docs: u32,
    df: HashMap<u32, u32>,
}

static BACKGROUND: LazyLock<Background> = LazyLock::new(|| {
    let mut b = Background {
        docs: 0,
        df: HashMap::with_capacity_and_hasher(9000, Default::default()),
    };
    for line in include_str!("../../model/background_df.txt").lines() {
        let mut it = line.split(' ');
        match it.next() {
            Some("#") | None => {}
            Some("N") => b.docs = it.next().and_then(|n| n.parse().ok()).unwrap_or(0),
            Some(df) => {
                if let Ok(df) = df.parse::<u32>() {
                    for w in it {
                        b.df.insert(term_hash(w), df);
                    }
                }
            }
        }
    }
    b
});

/// Documents in the background.
pub fn background_docs() -> u32 {
    BACKGROUND.docs
}

/// One word folded as the background table folds it: lower case, no dots
/// ("U.S." = "us"), typographic apostrophe made plain, possessive dropped.
fn fold_word(w: &str, out: &mut String) {
    out.clear();
    for c in w.chars() {
        match c {
            '.' => {}
            '\u{2019}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    while out.ends_with(['\'', '-']) {
        out.pop();
    }
    while out.starts_with(['\'', '-']) {
        out.remove(0);
    }
}

/// Background documents holding a cluster term. A name of several words
/// ("Chinese Communist Party") counts as often as its rarest word, an upper
/// bound that keeps "Party" from making the name look common.
pub fn background_df(term: &str) -> u32 {
    let mut buf = String::new();
    let mut min: Option<u32> = None;
    for w in term.split_whitespace() {
        fold_word(w, &mut buf);
        let df = BACKGROUND.df.get(&term_hash(&buf)).copied().unwrap_or(0);
        min = Some(min.map_or(df, |m| m.min(df)));
    }
    min.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_common_and_names_rare() {
        assert!(background_docs() > 1000);
        let gov = background_df("government");
        assert!(gov > 200, "{gov}");
        assert_eq!(background_df("ByteDance"), 0);
        assert!(background_df("U.S.") > 200);
        assert_eq!(background_df("U.S."), background_df("US"));
        assert!(background_df("Clinton’s") > 50);
        assert_eq!(background_df("Clinton’s"), background_df("clinton"));
        // a name is as rare as its rarest word
        assert_eq!(background_df("Senator Zyxqwv"), 0);
        assert_eq!(background_df(""), 0);
    }
}
