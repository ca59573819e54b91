//! Paragraph alignment between a story being read and a stored one, and the
//! relation it implies.
//!
//! Two paragraphs are *the same paragraph* when at least half the hashes of
//! the larger one are shared and their word counts agree (to one word per
//! hundred): a typo fix or re-punctuated quote keeps both, an update that
//! appends a sentence breaks the count, a borrowed sentence breaks both. A
//! paragraph whose only hashes a typo destroyed is still recognised when it
//! sits between matched neighbours with exactly the same word count.
//!
//! The relation follows the gold rule of paragraph identity: every stored
//! paragraph found and more besides is `contains`; the reverse `contained`;
//! both `same`; most of both (a copy with its closing paragraphs swapped)
//! `same` with a lower score; less than that, `overlaps`. Stories sharing
//! fewer than [`MIN_SHARED_WORDS`] words of whole paragraphs are not matched
//! at all — a borrowed sentence is not the same story.

use crate::fingerprint::ParaPrint;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Fewest words of matched paragraphs (on the stored side) that make a match.
pub const MIN_SHARED_WORDS: u32 = 12;

/// How a story on the page relates to a stored one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Same,
    Contains,
    Contained,
    Overlaps,
    /// Coverage tier: the same event in other words.
    Related,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Contains => "contains",
            Relation::Contained => "contained",
            Relation::Overlaps => "overlaps",
            Relation::Related => "related",
        }
    }
}

/// A stored paragraph: word count, its slice of the record's hashes, and
/// whether a heading starts a new item before it (see
/// [`crate::fingerprint::StoryPrint::breaks`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredPara {
    pub words: u16,
    pub n: u16,
    pub brk: bool,
}

/// The outcome of aligning a query story with a stored one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alignment {
    /// Per query paragraph: the stored paragraph it matched.
    pub q_to_s: Vec<Option<u32>>,
    pub s_matched: Vec<bool>,
    pub q_words: u32,
    pub s_words: u32,
    pub q_matched_words: u32,
    pub s_matched_words: u32,
}

fn same_words(a: u16, b: u16) -> bool {
    let (a, b) = (a as u32, b as u32);
    a.abs_diff(b) <= 1 + a.max(b) / 100
}

/// Query-side lookup: hash → query paragraphs holding it. Built once per query.
pub fn query_map(q: &[ParaPrint]) -> HashMap<u32, Vec<u32>> {
    let mut m: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, p) in q.iter().enumerate() {
        for &h in &p.hashes {
            let v = m.entry(h).or_default();
            if v.last() != Some(&(i as u32)) {
                v.push(i as u32);
            }
        }
    }
    m
}

/// Aligns query paragraphs `q` with stored paragraphs `sp` (whose hashes are
/// `sh`, concatenated in paragraph order).
pub fn align(
    q: &[ParaPrint],
    qmap: &HashMap<u32, Vec<u32>>,
    sp: &[StoredPara],
    sh: &[u32],
) -> Alignment {
    let mut a = Alignment {
        q_to_s: vec![None; q.len()],
        s_matched: vec![false; sp.len()],
        q_words: q.iter().map(|p| p.words as u32).sum(),
        s_words: sp.iter().map(|p| p.words as u32).sum(),
        ..Alignment::default()
    };
    let mut q_taken = vec![false; q.len()];
    let mut shared: HashMap<u32, u32> = HashMap::new();
    let mut pos = 0usize;
    for (j, p) in sp.iter().enumerate() {
        let end = (pos + p.n as usize).min(sh.len());
        let hs = sh.get(pos..end).unwrap_or(&[]);
        pos = end;
        shared.clear();
        for h in hs {
            if let Some(qs) = qmap.get(h) {
                for &i in qs {
                    *shared.entry(i).or_default() += 1;
                }
            }
        }
        // the best same-paragraph candidate among the query paragraphs
        let mut best: Option<(u32, u32)> = None;
        for (&i, &c) in &shared {
            let Some(qp) = q.get(i as usize) else {
                continue;
            };
            let larger = (qp.hashes.len() as u32).max(p.n as u32);
            if same_words(qp.words, p.words)
                && (c * 2 >= larger || (qp.words == p.words && c * 4 >= larger))
            {
                // more shared hashes, then a query paragraph not yet taken,
                // then the earlier one: the map's order never decides a tie
                let key = |i: u32, c: u32| (c, !q_taken[i as usize], std::cmp::Reverse(i));
                let better = match best {
                    None => true,
                    Some((bi, bc)) => key(i, c) > key(bi, bc),
                };
                if better {
                    best = Some((i, c));
                }
            }
        }
        if let Some((i, _)) = best {
            a.s_matched[j] = true;
            if !q_taken[i as usize] {
                q_taken[i as usize] = true;
                a.q_to_s[i as usize] = Some(j as u32);
            }
        }
    }
    fill_typo_gaps(q, sp, &mut a);
    a.q_matched_words = q
        .iter()
        .zip(&a.q_to_s)
        .filter(|(_, m)| m.is_some())
        .map(|(p, _)| p.words as u32)
        .sum();
    a.s_matched_words = sp
        .iter()
        .zip(&a.s_matched)
        .filter(|(_, m)| **m)
        .map(|(p, _)| p.words as u32)
        .sum();
    a
}

/// An unmatched query paragraph between matched neighbours (or the story's
/// edge) whose stored counterpart at the same position is unmatched too and
/// has exactly its word count is taken as the same paragraph with a typo.
fn fill_typo_gaps(q: &[ParaPrint], sp: &[StoredPara], a: &mut Alignment) {
    if a.q_to_s.iter().all(Option::is_none) {
        return;
    }
    for i in 0..q.len() {
        if a.q_to_s[i].is_some() {
            continue;
        }
        let j = match i.checked_sub(1) {
            None => 0usize,
            Some(p) => match a.q_to_s[p] {
                Some(s) => s as usize + 1,
                None => continue,
            },
        };
        let (Some(qp), Some(spj)) = (q.get(i), sp.get(j)) else {
            continue;
        };
        if a.s_matched.get(j).copied().unwrap_or(true) || qp.words != spj.words {
            continue;
        }
        let next_ok = match (a.q_to_s.get(i + 1), sp.get(j + 1)) {
            (Some(Some(s)), _) => *s as usize == j + 1,
            (None, None) => true,
            (Some(None), _) => false,
            (None, Some(_)) => false,
        };
        if next_ok {
            a.q_to_s[i] = Some(j as u32);
            a.s_matched[j] = true;
        }
    }
}

/// The relation and score an alignment implies; None when too little is shared.
pub fn relation(a: &Alignment) -> Option<(Relation, f32)> {
    // a lede (first paragraph) shared is evidence enough even when short: a teaser is a lede
    let lede = a.q_to_s.first().is_some_and(Option::is_some)
        || a.s_matched.first().copied().unwrap_or(false);
    if a.q_matched_words == 0 || (a.s_matched_words < MIN_SHARED_WORDS && !lede) {
        return None;
    }
    let q_all = a.q_to_s.iter().all(Option::is_some);
    let s_all = a.s_matched.iter().all(|&m| m);
    let cov_q = a.q_matched_words as f32 / a.q_words.max(1) as f32;
    let cov_s = a.s_matched_words as f32 / a.s_words.max(1) as f32;
    Some(match (q_all, s_all) {
        (true, true) => (Relation::Same, 1.0),
        (false, true) => (Relation::Contains, cov_s),
        (true, false) => (Relation::Contained, cov_q),
        (false, false) if cov_q.min(cov_s) >= 0.6 => (Relation::Same, cov_q.min(cov_s)),
        _ => (Relation::Overlaps, cov_q.max(cov_s)),
    })
}

/// Unmatched paragraphs shorter than this do not break "every paragraph
/// found": a one-line aside ("He was killed in a shootout.") is what a
/// segmenter drops or keeps on a whim, and it carries too few hashes to be
/// told from a typo anyway.
pub const SHORT_PARA_WORDS: u16 = 10;

/// Section (item) number of each paragraph: it grows at every break.
fn sections(n: usize, is_break: impl Fn(usize) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(n);
    let mut sec = 0u32;
    for i in 0..n {
        if i > 0 && is_break(i) {
            sec += 1;
        }
        out.push(sec);
    }
    out
}

/// Words, matched words, whether every (non-short) paragraph is matched, and
/// whether any paragraph lies outside the window — over the sections that hold
/// a matched paragraph.
struct Window {
    words: u32,
    matched: u32,
    all: bool,
    outside: bool,
    lede: bool,
}

fn window(secs: &[u32], words: &[u16], matched: &[bool]) -> Window {
    let top = secs.last().copied().unwrap_or(0) as usize;
    let mut hit = vec![false; top + 1];
    for (s, &m) in secs.iter().zip(matched) {
        if m {
            if let Some(h) = hit.get_mut(*s as usize) {
                *h = true;
            }
        }
    }
    let mut w = Window {
        words: 0,
        matched: 0,
        all: true,
        outside: false,
        lede: false,
    };
    let mut first_of_window = true;
    for ((s, &wd), &m) in secs.iter().zip(words).zip(matched) {
        if !hit.get(*s as usize).copied().unwrap_or(false) {
            w.outside = true;
            continue;
        }
        if first_of_window {
            w.lede = m;
            first_of_window = false;
        }
        w.words += wd as u32;
        if m {
            w.matched += wd as u32;
        } else if wd >= SHORT_PARA_WORDS {
            w.all = false;
        }
    }
    w
}

/// The relation between the *items* that share paragraphs: each story is cut
/// at its item breaks (headings inside it), and only the items holding a
/// matched paragraph are compared, so a teaser inside a listing the
/// segmenter left whole is `contained` in the full article rather than a
/// small `overlaps` of the whole page. `q_others` / `s_others`: the page
/// carries other stories besides this one (page-level containment: a
/// listing carrying the whole of a one-story page contains it).
pub fn relation_in(
    a: &Alignment,
    q: &[ParaPrint],
    q_breaks: &[u32],
    sp: &[StoredPara],
    q_others: bool,
    s_others: bool,
) -> Option<(Relation, f32)> {
    if a.q_matched_words == 0 {
        return None;
    }
    let q_secs = sections(q.len(), |i| q_breaks.contains(&(i as u32)));
    let s_secs = sections(sp.len(), |j| sp.get(j).is_some_and(|p| p.brk));
    let q_words: Vec<u16> = q.iter().map(|p| p.words).collect();
    let q_hit: Vec<bool> = a.q_to_s.iter().map(Option::is_some).collect();
    let s_words: Vec<u16> = sp.iter().map(|p| p.words).collect();
    let qw = window(&q_secs, &q_words, &q_hit);
    let sw = window(&s_secs, &s_words, &a.s_matched);
    // a lede (an item's first paragraph) shared is evidence enough even when short: a teaser is a lede
    if a.s_matched_words < MIN_SHARED_WORDS && !(qw.lede || sw.lede) {
        return None;
    }
    let cov_q = qw.matched as f32 / qw.words.max(1) as f32;
    let cov_s = sw.matched as f32 / sw.words.max(1) as f32;
    let q_more = q_others || qw.outside;
    let s_more = s_others || sw.outside;
    Some(match (qw.all, sw.all) {
        (true, true) if q_more && !s_more => (Relation::Contains, 1.0),
        (true, true) if s_more && !q_more => (Relation::Contained, 1.0),
        (true, true) => (Relation::Same, 1.0),
        (false, true) => (Relation::Contains, cov_s),
        (true, false) => (Relation::Contained, cov_q),
        (false, false) if cov_q.min(cov_s) >= 0.6 => (Relation::Same, cov_q.min(cov_s)),
        _ => (Relation::Overlaps, cov_q.max(cov_s)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::paragraph_print;

    fn paras(texts: &[&str]) -> Vec<ParaPrint> {
        texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| paragraph_print(t, i as u32))
            .collect()
    }

    fn stored(ps: &[ParaPrint]) -> (Vec<StoredPara>, Vec<u32>) {
        let sp = ps
            .iter()
            .map(|p| StoredPara {
                words: p.words,
                n: p.hashes.len() as u16,
                brk: false,
            })
            .collect();
        (
            sp,
            ps.iter().flat_map(|p| p.hashes.iter().copied()).collect(),
        )
    }

    const A: &str =
        "The regional council voted on Thursday to close two of the oldest schools in the valley, \
        ending a debate that had divided parents and teachers for almost three years.";
    const B: &str = "Supporters of the plan said the buildings were too costly to repair, while opponents warned \
        that children would face long bus journeys through the mountains every winter morning.";
    const C: &str =
        "The council's chair promised that a new campus would open within four years and that no \
        teacher would lose a job as a result of the merger of the two schools.";
    const D: &str =
        "A parents' group said it would challenge the decision in court and collected more than \
        two thousand signatures in a single weekend outside the town hall and the market.";

    fn rel(q: &[&str], s: &[&str]) -> Option<(Relation, f32)> {
        let q = paras(q);
        let (sp, sh) = stored(&paras(s));
        relation(&align(&q, &query_map(&q), &sp, &sh))
    }

    #[test]
    fn a_tie_goes_to_the_earlier_query_paragraph_every_time() {
        // the same paragraph twice in the query, once in the store: the map
        // order of the shared counts must not pick the copy
        let q = paras(&[A, A, B]);
        let (sp, sh) = stored(&paras(&[A, B]));
        for _ in 0..20 {
            let a = align(&q, &query_map(&q), &sp, &sh);
            assert_eq!(a.q_to_s, vec![Some(0), None, Some(1)]);
        }
    }

    #[test]
    fn relations_follow_paragraph_identity() {
        assert_eq!(rel(&[A, B, C], &[A, B, C]).unwrap().0, Relation::Same);
        assert_eq!(
            rel(&[A, B, C, D], &[A, B, C]).unwrap().0,
            Relation::Contains
        );
        assert_eq!(rel(&[A, B], &[A, B, C, D]).unwrap().0, Relation::Contained);
        assert_eq!(rel(&[A, D], &[A, B, C]).unwrap().0, Relation::Overlaps);
        assert_eq!(rel(&[D], &[A, B, C]), None);
    }

    #[test]
    fn typos_and_quotes_keep_identity_but_updates_do_not() {
        let typo = A.replace("oldest", "odlest").replace("divided", "dviided");
        assert_eq!(rel(&[&typo, B, C], &[A, B, C]).unwrap().0, Relation::Same);
        let updated = format!("{B} Officials updated the statement on Monday.");
        assert_eq!(
            rel(&[A, &updated], &[A, B, C]).unwrap().0,
            Relation::Overlaps
        );
    }

    #[test]
    fn a_borrowed_sentence_is_not_a_match() {
        let borrowed =
            format!("{D} Supporters of the plan said the buildings were too costly to repair.");
        assert_eq!(rel(&[&borrowed, C], &[A, B]), None);
    }

    #[test]
    fn a_teaser_inside_an_unsplit_listing_is_contained_in_the_article() {
        // a listing left whole: another story's paragraph, a heading, then the teaser (A)
        let q = paras(&[D, A]);
        let (sp, sh) = stored(&paras(&[A, B, C]));
        let a = align(&q, &query_map(&q), &sp, &sh);
        let rel = |breaks: &[u32]| relation_in(&a, &q, breaks, &sp, false, false).map(|r| r.0);
        assert_eq!(rel(&[1]), Some(Relation::Contained));
        // without the heading it is one story that merely overlaps the article
        assert_eq!(rel(&[]), Some(Relation::Overlaps));
    }

    #[test]
    fn the_same_full_story_on_two_listings_is_the_same_and_a_listing_contains_an_article() {
        let q = paras(&[A, B, C, D]);
        let (sp, sh) = stored(&paras(&[A, B, C]));
        let a = align(&q, &query_map(&q), &sp, &sh);
        let rel =
            |q_others, s_others| relation_in(&a, &q, &[3], &sp, q_others, s_others).map(|r| r.0);
        assert_eq!(rel(false, true), Some(Relation::Same));
        assert_eq!(rel(false, false), Some(Relation::Contains));
        let (sp2, sh2) = stored(&paras(&[A, B, C, D]));
        let q2 = paras(&[A, B, C]);
        let a2 = align(&q2, &query_map(&q2), &sp2, &sh2);
        let mut sp2 = sp2;
        sp2[3].brk = true;
        assert_eq!(
            relation_in(&a2, &q2, &[], &sp2, false, false).map(|r| r.0),
            Some(Relation::Contained)
        );
    }

    #[test]
    fn a_short_aside_dropped_does_not_break_identity() {
        let aside = "He was killed in a shootout later.";
        let q = paras(&[A, B, C]);
        let (sp, sh) = stored(&paras(&[A, aside, B, C]));
        let a = align(&q, &query_map(&q), &sp, &sh);
        assert_eq!(
            relation_in(&a, &q, &[], &sp, false, false).map(|r| r.0),
            Some(Relation::Same)
        );
    }
}
