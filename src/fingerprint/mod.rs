//! Story fingerprints that survive syndication and see containment.
//!
//! Whole-story resemblance (Jaccard, SimHash) fails exactly where it matters:
//! a story folded into a listing page shares a tenth of the page's shingles,
//! and a copy with three closing paragraphs cut looks far from the original.
//! So the unit is the **paragraph**: each body paragraph is normalised to a
//! word sequence (case folded, apostrophes dropped, every quote, dash and
//! punctuation mark ignored, so re-punctuated quotes and changed chrome do not
//! matter), cut into word 4-gram shingles, and **winnowed** inside the
//! paragraph (the minimum hash of every window of [`WINDOW`] shingles is
//! kept). Identical paragraphs therefore give identical hash sets whatever
//! page they sit in, and a shared run of `WINDOW + SHINGLE - 1` words always
//! shares a hash. The word count is kept beside the hashes: a typo fix keeps
//! it, an update that appends a sentence does not, which tells an edited copy
//! from a merely re-typed one.
//!
//! Containment both ways then falls out of paragraph alignment in the store
//! (see [`crate::store::matching`]): all of the stored story's paragraphs found
//! in the new one means `contains`, and the reverse `contained`.
//!
//! Trade-off: ~0.1 hashes per word (≈ 60 hashes, ≈ 270 bytes for a 600-word
//! story) keeps the store small while a 30-word paragraph still carries 2–4
//! hashes; a one-word typo in a short paragraph can drop its only hash, which
//! costs that paragraph, not the story.

pub mod terms;

use crate::page::{region, Page};
use crate::segment::{Segmentation, Story};
use serde::{Deserialize, Serialize};

/// Words per shingle.
pub const SHINGLE: usize = 4;
/// Winnowing window, in shingles.
pub const WINDOW: usize = 18;
/// Paragraphs with fewer words are not fingerprinted (nav items, captions,
/// bylines): too little text to tell a story by.
pub const MIN_PARA_WORDS: usize = 6;

/// One body paragraph's fingerprint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParaPrint {
    /// Index into the story's `paragraphs` (so "which paragraphs are new"
    /// can be answered in page terms). Not stored.
    #[serde(default)]
    pub index: u32,
    /// The paragraph's range in the page text (bytes in the core; the wasm
    /// door converts to UTF-16) so new paragraphs can be marked. Not stored.
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
    /// Normalised word count (capped at `u16::MAX`).
    pub words: u16,
    /// Winnowed shingle hashes, in text order, duplicates removed.
    pub hashes: Vec<u32>,
}

/// Everything the store needs about one story: metadata, paragraph prints and
/// candidate cluster terms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryPrint {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub published: String,
    /// Index of the story on its page.
    #[serde(default)]
    pub page_index: u32,
    /// How many stories the page carried (page-level containment).
    #[serde(default = "one")]
    pub page_stories: u32,
    pub paras: Vec<ParaPrint>,
    /// Hashes of the story's headline and of the headings inside it (a page
    /// the segmenter left whole carries one per listed story): a teaser
    /// whose only paragraph is one line is still recognised by its headline.
    #[serde(default)]
    pub titles: Vec<u32>,
    /// Candidate terms for the coverage tier, most weighty first.
    #[serde(default)]
    pub terms: Vec<terms::TermCount>,
    /// Indices into `paras` where a new item begins (a heading stands between
    /// the paragraph and the one before): a listing the segmenter left whole
    /// is still a row of stories, and containment is judged per item.
    #[serde(default)]
    pub breaks: Vec<u32>,
}

fn one() -> u32 {
    1
}

impl StoryPrint {
    /// Total normalised words over the fingerprinted paragraphs.
    pub fn words(&self) -> u32 {
        self.paras.iter().map(|p| p.words as u32).sum()
    }
}

/// Deterministic 64-bit mixer (splitmix64 finaliser): the store's bytes must
/// be identical on every platform, so no randomly seeded hasher.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Apostrophes join a word ("don't" = "dont"); every other non-alphanumeric
/// character separates words and is otherwise ignored.
#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`')
}

/// Calls `f` with the hash of each normalised word of `text`, in order.
/// No allocation: characters are folded and hashed as they stream by.
pub fn for_each_word(text: &str, mut f: impl FnMut(u64)) {
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let feed = |h: &mut u64, c: char| {
        *h ^= c as u64;
        *h = h.wrapping_mul(FNV_PRIME);
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            feed(&mut h, c.to_ascii_lowercase());
            in_word = true;
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                feed(&mut h, l);
            }
            in_word = true;
        } else if in_word && is_apostrophe(c) {
            // keep the word open
        } else if in_word {
            f(mix64(h));
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        f(mix64(h));
    }
}

/// Fingerprints one paragraph of text; None when it is too short to count.
pub fn paragraph_print(text: &str, index: u32) -> Option<ParaPrint> {
    // The shingles are hashed as the words stream by (the last SHINGLE words
    // in a ring), with no vector of word hashes per paragraph.
    let mut shingles: Vec<u32> = Vec::with_capacity(text.len() / 5 + 1);
    let mut ring = [0u64; SHINGLE];
    let mut n = 0usize;
    for_each_word(text, |w| {
        ring[n % SHINGLE] = w;
        n += 1;
        if n >= SHINGLE {
            let mut h = 0u64;
            for k in n - SHINGLE..n {
                h = (h.rotate_left(23) ^ ring[k % SHINGLE]).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            shingles.push((mix64(h) >> 32) as u32);
        }
    });
    if n < MIN_PARA_WORDS {
        return None;
    }
    Some(ParaPrint {
        index,
        start: 0,
        end: 0,
        words: n.min(u16::MAX as usize) as u16,
        hashes: winnow(&shingles, WINDOW),
    })
}

/// Robust winnowing (Schleimer, Wilkerson, Aiken 2003): the minimum of every
/// window of `w` hashes, the rightmost on ties, each position once. Fewer
/// hashes than a window give their single minimum. The minimum is carried
/// from window to window and only searched again when it leaves the window
/// (each window is not rescanned): same positions as the plain definition
/// (a test compares them).
pub fn winnow(hashes: &[u32], w: usize) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    if hashes.is_empty() {
        return out;
    }
    let w = w.max(1).min(hashes.len());
    // rightmost minimum of hashes[from..from + w]
    let scan = |from: usize| {
        let mut best = from;
        for (i, &h) in hashes.iter().enumerate().skip(from).take(w) {
            if h <= hashes[best] {
                best = i;
            }
        }
        best
    };
    let mut last: Option<usize> = None;
    let mut best = scan(0);
    for start in 0..=hashes.len() - w {
        if start > 0 {
            let new = start + w - 1;
            if best < start {
                best = scan(start);
            } else if hashes[new] <= hashes[best] {
                best = new;
            }
        }
        if last != Some(best) {
            last = Some(best);
            let h = hashes[best];
            if !out.contains(&h) {
                out.push(h);
            }
        }
    }
    out
}

/// Headline hash: the longest part of the headline between separators
/// (" | Site Name" suffixes and section prefixes dropped), normalised like
/// paragraphs; None under [`MIN_TITLE_WORDS`] words, where headlines like
/// "Obituary" or "Live updates" would join unrelated stories.
pub fn title_hash(title: &str) -> Option<u32> {
    let mut t = title.to_string();
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        if t.contains(sep) {
            t = t.replace(sep, "\u{1}");
        }
    }
    let part = t
        .split('\u{1}')
        .max_by_key(|p| p.split_whitespace().count())?;
    let mut h = 0x7469_746c_6500_0000u64;
    let mut n = 0;
    for_each_word(part, |w| {
        h = (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        n += 1;
    });
    (n >= MIN_TITLE_WORDS).then(|| (mix64(h) >> 32) as u32)
}

/// Fewest words for a headline to identify a story.
pub const MIN_TITLE_WORDS: usize = 5;
/// Longest paragraph still compared with the headlines (a headline repeated
/// in the body is dropped from the fingerprint).
pub const MAX_TITLE_WORDS: usize = 30;

/// Class/id words of page furniture. The segmenter decides boilerplate; this
/// is only a guard so that a site's promo line or footer, repeated on every
/// page, never makes two of its pages "the same story" when the segmentation
/// at hand keeps them.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "promo",
    "subscribe",
    "newsletter",
    "byline",
    "share",
    "social",
    "related",
    "comments",
    "comment",
    "cookie",
    "advert",
    "ad",
    "ads",
    "breadcrumb",
    "more",
    "site-header",
    "site-footer",
    "main-nav",
];

/// Whether the block holding byte `pos` is furniture (see [`CHROME_WORDS`]).
fn is_chrome(page: &Page, seg: &Segmentation, pos: usize) -> bool {
    let bi = page.blocks.partition_point(|b| b.end <= pos);
    let Some(b) = page.blocks.get(bi) else {
        return false;
    };
    if b.start > pos {
        return false;
    }
    if seg.boilerplate.get(bi).copied().unwrap_or(false) {
        return true;
    }
    let h = &b.hints;
    let furniture = region::NAV
        | region::HEADER
        | region::FOOTER
        | region::ASIDE
        | region::FORM
        | region::DIALOG;
    if h.regions & furniture != 0 || h.heading > 0 {
        return true;
    }
    let len = b.end.saturating_sub(b.start);
    if len > 0 && h.link_bytes * 2 > len {
        return true;
    }
    // only the nearest container's words: an article inside `div.layout` is not chrome
    h.class_words
        .split(' ')
        .take(3)
        .any(|w| CHROME_WORDS.contains(&w))
}

/// Fingerprints one segmented story. `actors` are actor names found in it
/// (from the actor tagger; may be empty), which become cluster terms.
pub fn story_print(
    page: &Page,
    seg: &Segmentation,
    story_index: usize,
    actors: &[&str],
) -> StoryPrint {
    let Some(story) = seg.stories.get(story_index) else {
        return StoryPrint::default();
    };
    let title = story_title(story);
    let mut titles: Vec<u32> = title_hash(&title).into_iter().collect();
    let mut headings: Vec<usize> = Vec::new();
    let first = page.blocks.partition_point(|b| b.end <= story.start);
    for (bi, b) in page.blocks.iter().enumerate().skip(first) {
        if b.start >= story.end {
            break;
        }
        let furniture = region::NAV | region::HEADER | region::FOOTER | region::ASIDE;
        if b.hints.heading == 0
            || b.hints.regions & furniture != 0
            || seg.boilerplate.get(bi).copied().unwrap_or(false)
        {
            continue;
        }
        headings.push(b.start);
        if titles.len() >= 64 {
            continue;
        }
        if let Some(h) = page.text.get(b.range()).and_then(title_hash) {
            if !titles.contains(&h) {
                titles.push(h);
            }
        }
    }
    let mut paras = Vec::with_capacity(story.paragraphs.len());
    let mut body: Vec<&str> = Vec::with_capacity(story.paragraphs.len());
    for (i, r) in story.paragraphs.iter().enumerate() {
        let Some(text) = page.text.get(r.clone()) else {
            continue;
        };
        if is_chrome(page, seg, r.start) {
            continue;
        }
        if let Some(mut p) = paragraph_print(text, i as u32) {
            body.push(text);
            // the headline repeated as the first line of the body is not body text: one
            // copy keeps it, another (or a listing's teaser) does not, and it would break
            // "every paragraph found"
            if p.words as usize <= MAX_TITLE_WORDS
                && title_hash(text).is_some_and(|h| titles.contains(&h))
            {
                continue;
            }
            (p.start, p.end) = (r.start, r.end);
            paras.push(p);
        }
    }
    let breaks = item_breaks(&paras, &headings);
    // The writer's name tells the desk, not the event: every story of one reporter
    // would share it, so it is no cluster term.
    let byline = story.byline.as_deref().unwrap_or("");
    let actors: Vec<&str> = actors
        .iter()
        .copied()
        .filter(|a| byline.is_empty() || !byline.contains(a))
        .collect();
    StoryPrint {
        titles,
        terms: terms::candidate_terms(&title, &body, &actors),
        title,
        site: story.site.clone().unwrap_or_default(),
        published: story.published.clone().unwrap_or_default(),
        page_index: story_index as u32,
        page_stories: seg.stories.len() as u32,
        paras,
        breaks,
    }
}

/// Indices of the paragraphs with a heading (byte positions `headings`,
/// ascending) between them and the paragraph before.
fn item_breaks(paras: &[ParaPrint], headings: &[usize]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut h = 0usize;
    for (i, w) in paras.windows(2).enumerate() {
        let (prev_end, start) = (w[0].end, w[1].start);
        while headings.get(h).is_some_and(|&x| x < prev_end) {
            h += 1;
        }
        if headings.get(h).is_some_and(|&x| x < start) {
            out.push(i as u32 + 1);
        }
    }
    out
}

fn story_title(story: &Story) -> String {
    story
        .title
        .as_deref()
        .map(crate::segment::squash_ws)
        .unwrap_or_default()
}

/// Fingerprints every story of a segmented page, with the actor names the
/// annotations found inside each story.
pub fn page_prints(
    page: &Page,
    seg: &Segmentation,
    entities: &[crate::annotate::Entity],
) -> Vec<StoryPrint> {
    (0..seg.stories.len())
        .map(|i| {
            let (s, e) = seg
                .stories
                .get(i)
                .map(|s| (s.start, s.end))
                .unwrap_or((0, 0));
            let actors: Vec<&str> = entities
                .iter()
                .filter_map(|en| match en {
                    crate::annotate::Entity::Actor(a) if a.start >= s && a.end <= e => {
                        Some(a.name.as_deref().unwrap_or(a.text.as_str()))
                    }
                    _ => None,
                })
                .collect();
            story_print(page, seg, i, &actors)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARA: &str = "The senator said on Tuesday that the company posed a risk to national security and \
        asked regulators to open a review of the deal before the end of the month, according to a letter.";

    /// The plain definition of [`winnow`]: every window scanned in full.
    fn winnow_plain(hashes: &[u32], w: usize) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if hashes.is_empty() {
            return out;
        }
        let w = w.max(1).min(hashes.len());
        let mut last: Option<usize> = None;
        for start in 0..=hashes.len() - w {
            let win = &hashes[start..start + w];
            let mut best = 0;
            for (i, &h) in win.iter().enumerate() {
                if h <= win[best] {
                    best = i;
                }
            }
            let pos = start + best;
            if last != Some(pos) {
                last = Some(pos);
                if !out.contains(&hashes[pos]) {
                    out.push(hashes[pos]);
                }
            }
        }
        out
    }

    #[test]
    fn carried_minimum_winnows_like_the_definition() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for len in 0..80 {
            for modulus in [3u64, 50, 1 << 32] {
                let hs: Vec<u32> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x % modulus) as u32
                    })
                    .collect();
                for w in [0, 1, 2, 5, 18, 100] {
                    assert_eq!(winnow(&hs, w), winnow_plain(&hs, w), "{hs:?} {w}");
                }
            }
        }
    }

    #[test]
    fn normalisation_ignores_case_quotes_and_dashes() {
        let a = paragraph_print(
            "He said \"this is it\" -- and left the room with the others quietly.",
            0,
        )
        .unwrap();
        let b = paragraph_print(
            "HE SAID “this is it” — and left the room with the others quietly",
            0,
        )
        .unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn apostrophes_join_words() {
        let mut a = Vec::new();
        for_each_word("don’t can't", |h| a.push(h));
        let mut b = Vec::new();
        for_each_word("dont cant", |h| b.push(h));
        assert_eq!(a, b);
    }

    #[test]
    fn short_paragraphs_are_skipped_and_long_ones_kept() {
        assert!(paragraph_print("Sport", 0).is_none());
        let p = paragraph_print(PARA, 3).unwrap();
        assert_eq!(p.index, 3);
        assert!(!p.hashes.is_empty());
        assert_eq!(p.words as usize, PARA.split_whitespace().count());
    }

    #[test]
    fn a_typo_keeps_the_word_count_and_some_hashes() {
        let a = paragraph_print(PARA, 0).unwrap();
        let b = paragraph_print(&PARA.replace("regulators", "reuglators"), 0).unwrap();
        assert_eq!(a.words, b.words);
        assert!(a.hashes.iter().any(|h| b.hashes.contains(h)));
        assert_ne!(a.hashes, b.hashes);
    }

    #[test]
    fn headlines_hash_without_site_suffix_and_short_ones_do_not() {
        assert_eq!(
            title_hash("Polls miss Trump's fall in Iowa vote | The Fairmont Record"),
            title_hash("POLLS MISS TRUMP’S FALL IN IOWA VOTE")
        );
        assert!(title_hash("Obituary").is_none());
        assert!(title_hash("Science | Latest stories").is_none());
    }

    #[test]
    fn winnowing_guarantees_one_hash_per_window() {
        let hs: Vec<u32> = (0..100u32).map(|i| mix64(i as u64) as u32).collect();
        let w = winnow(&hs, 10);
        for win in hs.windows(10) {
            assert!(win.iter().any(|h| w.contains(h)));
        }
        assert!(w.len() < 40);
        assert_eq!(winnow(&[5, 3, 9], 10), vec![3]);
        assert!(winnow(&[], 4).is_empty());
    }

    #[test]
    fn a_heading_between_paragraphs_starts_an_item() {
        let p = |start, end| ParaPrint {
            start,
            end,
            ..ParaPrint::default()
        };
        let paras = [p(10, 50), p(52, 90), p(120, 160), p(161, 200)];
        // headings at 5 (before the first paragraph) and 100 (between the 2nd and 3rd)
        assert_eq!(item_breaks(&paras, &[5, 100]), vec![2]);
        assert!(item_breaks(&paras, &[]).is_empty());
        assert!(item_breaks(&paras[..1], &[5]).is_empty());
    }
}
