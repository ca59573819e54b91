//! Story clusters, built as the reader reads: *versions* (the fingerprint
//! tier: copies, rewrites, updates, containments) and *coverage* (other
//! articles on the same event in other words).
//!
//! Coverage compares compact term signatures: each stored story keeps its
//! [`SIGNATURE_TERMS`] heaviest terms, weighted `(1 + ln tf) · idf`, where the
//! document frequencies are the reader's own store (how many stored
//! signatures hold the term) added to a fixed news background ([`idf`]), so a
//! new store does not take "China" for distinctive; names count more. A new
//! story (its heaviest candidate terms) joins the coverage cluster whose
//! centroid — the mean of its members' unit signatures — is nearest by
//! cosine with the single heaviest shared term left out (one name in common
//! is a topic, not an event), when that reaches [`JOIN`] and the shared
//! terms hold event evidence ([`evidence`]: a shared person, company or
//! agency beyond the topic, two when the places differ, or a very close
//! match); members published more than [`MAX_DAYS_APART`] days from it are
//! left out (two earthquakes a month apart share every word but the place).
//! A centroid is steadier than the single nearest story, which lets one
//! off-topic story chain two events together. Clusters are
//! never merged afterwards: ids shown to the reader stay valid, and a listing
//! page that touches two stories cannot glue them together. Everything is
//! explainable from the stored terms ("shares TikTok, ByteDance, Tom Cotton;
//! 3 days apart").

mod evidence;
mod idf;

use crate::fingerprint::{terms::TermCount, StoryPrint};
use crate::store::{matching, stored_term, Record, Store, StoredTerm};
use serde::Serialize;
// Fx, not std's SipHash: the keys are u32 term hashes, slots and cluster
// ids, hashed thousands of times per query (SipHash was a large part of the
// 100k-story query); no output depends on a map's iteration order except
// float sums, which Fx at least makes the same from run to run.
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Terms kept per stored story.
pub const SIGNATURE_TERMS: usize = 32;
/// Cosine (heaviest shared term left out) needed to join a coverage
/// cluster, together with [`evidence::joins`]; tuned on cluster-cnrec with
/// the evidence rule in place (0.06-0.07 score alike there).
pub const JOIN: f32 = 0.06;
/// Plain cosine for a stored story to be listed as related to the one read.
pub const RELATED: f32 = 0.15;
/// Publication dates further apart than this never share a coverage cluster.
pub const MAX_DAYS_APART: i64 = 14;
/// Terms held by more stored stories than this are not followed for candidates.
const MAX_TERM_POSTINGS: usize = 500;
/// Stored stories compared exactly per query.
const MAX_CANDIDATES: usize = 100;
const NAME_BOOST: f32 = 1.5;
/// Query terms compared (the heaviest of the story's candidates).
const QUERY_TERMS: usize = 48;

/// Why a stored story is coverage of the one read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Why {
    pub score: f32,
    pub text: String,
}

/// Smoothed IDF over the background documents plus the `n` stored stories:
/// `bg` and `df` are the term's counts in each.
fn idf(df: u32, n: usize, bg: u32) -> f32 {
    let docs = idf::background_docs() as f32 + n as f32;
    ((docs + 1.0) / (bg as f32 + df as f32 + 1.0)).ln() + 1.0
}

/// The IDF of a term under the store's current counts, cached per call by hash.
fn term_idf(store: &Store, hash: u32, text: &str, cache: &mut HashMap<u32, f32>) -> f32 {
    *cache
        .entry(hash)
        .or_insert_with(|| idf(store.term_df(hash), store.len(), idf::background_df(text)))
}

/// A stored story's terms as (hash, tf-idf weight), the vector every comparison uses.
fn stored_weights(
    store: &Store,
    terms: &[StoredTerm],
    idfs: &mut HashMap<u32, f32>,
) -> Vec<(u32, f32)> {
    terms
        .iter()
        .map(|t| {
            (
                t.hash,
                weight(t.tf, t.name, term_idf(store, t.hash, &t.text, idfs)),
            )
        })
        .collect()
}

fn weight(tf: u8, name: bool, idf: f32) -> f32 {
    (1.0 + (tf.max(1) as f32).ln()) * idf * if name { NAME_BOOST } else { 1.0 }
}

/// The signature a new story is stored with: its heaviest candidate terms
/// under the store's current document frequencies.
pub fn signature(store: &Store, cands: &[TermCount]) -> Vec<StoredTerm> {
    let mut cache = HashMap::default();
    let mut v: Vec<(f32, &TermCount)> = cands
        .iter()
        .map(|t| {
            let i = term_idf(store, t.hash, &t.text, &mut cache);
            (weight(t.tf, t.name, i), t)
        })
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    v.into_iter()
        .take(SIGNATURE_TERMS)
        .map(|(_, t)| stored_term(t))
        .collect()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` string.
pub fn days(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| s.parse::<i64>().ok();
    let (y, m, d) = (
        num(date.get(0..4)?)?,
        num(date.get(5..7)?)?,
        num(date.get(8..10)?)?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_apart(a: &str, b: &str) -> Option<i64> {
    Some((days(a)? - days(b)?).abs())
}

/// Cosine of two signatures under the store's idf, and the shared terms by weight.
fn cosine<'a>(
    store: &Store,
    a: &[(u32, f32)],
    b: &'a [StoredTerm],
    idfs: &mut HashMap<u32, f32>,
) -> (f32, Vec<&'a StoredTerm>) {
    let na: f32 = a.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    let mut nb = 0.0f32;
    let mut dot = 0.0f32;
    let mut shared: Vec<(f32, &StoredTerm)> = Vec::new();
    for t in b {
        let w = weight(t.tf, t.name, term_idf(store, t.hash, &t.text, idfs));
        nb += w * w;
        if let Some((_, wa)) = a.iter().find(|(h, _)| *h == t.hash) {
            dot += wa * w;
            shared.push((wa * w, t));
        }
    }
    if na == 0.0 || nb == 0.0 {
        return (0.0, Vec::new());
    }
    shared.sort_by(|x, y| y.0.total_cmp(&x.0));
    (
        dot / (na * nb.sqrt()),
        shared.into_iter().map(|(_, t)| t).collect(),
    )
}

/// Shared terms (heaviest first) in the order an explanation names them: the
/// heaviest (the topic), then the specific names a join rests on
/// ([`evidence`]), then the rest.
fn evidence_first<'a>(shared: &[&'a StoredTerm]) -> Vec<&'a str> {
    let (first, rest) = shared.split_at(shared.len().min(1));
    let (specific, other): (Vec<&StoredTerm>, Vec<&StoredTerm>) = rest
        .iter()
        .partition(|t| evidence::is_specific(t.name, &t.text));
    first
        .iter()
        .copied()
        .chain(specific)
        .chain(other)
        .map(|t| t.text.as_str())
        .collect()
}

/// "shares TikTok, ByteDance, Tom Cotton; 3 days apart"
fn explain(shared: &[&str], apart: Option<i64>) -> String {
    let mut s = format!(
        "shares {}",
        shared
            .iter()
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    );
    match apart {
        Some(0) => s.push_str("; same day"),
        Some(1) => s.push_str("; 1 day apart"),
        Some(d) => s.push_str(&format!("; {d} days apart")),
        None => {}
    }
    s
}

/// What the coverage tier found for a story being read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    /// Stored stories on the same event (best first), with explanations.
    pub members: Vec<(u32, Why)>,
    /// The coverage cluster to join: the best cosine against a cluster's
    /// centroid (the mean of its members' signatures), when it reaches [`JOIN`].
    pub cluster: Option<(u64, f32)>,
}

/// Stored stories covering the same event as `print`, and the coverage
/// cluster it belongs to. Versions are found by the fingerprints, not here.
pub fn related(store: &Store, print: &StoryPrint) -> Coverage {
    let mut idfs = HashMap::default();
    // the query side uses every candidate term; the stored side its signature
    let mut qt: Vec<(u32, f32, &TermCount)> = print
        .terms
        .iter()
        .map(|t| {
            let i = term_idf(store, t.hash, &t.text, &mut idfs);
            (t.hash, weight(t.tf, t.name, i), t)
        })
        .collect();
    qt.sort_by(|a, b| b.1.total_cmp(&a.1));
    qt.truncate(QUERY_TERMS);
    let q: Vec<(u32, f32)> = qt.iter().map(|&(h, w, _)| (h, w)).collect();
    // looked up once per story, not per candidate cluster
    let q_specific: HashMap<u32, bool> = qt
        .iter()
        .map(|&(h, _, t)| (h, evidence::is_specific(t.name, &t.text)))
        .collect();
    // where the story happens: the places among its heaviest terms
    let q_places: Vec<u32> = qt
        .iter()
        .take(evidence::PLACE_TERMS)
        .filter(|(_, _, t)| evidence::is_place(t.name, &t.text))
        .map(|&(h, _, _)| h)
        .collect();
    // inverted-index scoring (idf-weighted shared terms, tf ignored) picks
    // the few candidates worth an exact cosine: cost follows postings, not the store
    let mut acc: HashMap<u32, f32> = HashMap::default();
    for &(h, w) in &q {
        let mut cnt = 0usize;
        store.term_postings(h, |_| cnt += 1);
        if cnt > MAX_TERM_POSTINGS {
            continue;
        }
        store.term_postings(h, |s| *acc.entry(s).or_default() += w);
    }
    let mut top: Vec<(u32, f32)> = acc.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(MAX_CANDIDATES);
    let cands: BTreeMap<u32, ()> = top.into_iter().map(|(s, _)| (s, ())).collect();
    let qn: f32 = q.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    let mut out = Coverage::default();
    // per coverage cluster: summed unit vectors of its candidate members, and
    // the places among its members' heaviest terms
    let mut centroids: HashMap<u64, (HashMap<u32, f32>, Vec<u32>)> = HashMap::default();
    // clusters with a dated member too far away, and with one near enough: a
    // cluster whose dated members are all far is another event, however
    // close its undated members look
    let (mut far, mut near): (Vec<u64>, Vec<u64>) = (Vec::new(), Vec::new());
    for &slot in cands.keys() {
        let Some(r) = store.slot(slot) else { continue };
        let apart = days_apart(&print.published, &r.published);
        match apart {
            Some(d) if d > MAX_DAYS_APART => {
                far.push(r.coverage);
                continue;
            }
            Some(_) => near.push(r.coverage),
            None => {}
        }
        let (score, shared) = cosine(store, &q, &r.terms, &mut idfs);
        let vec = stored_weights(store, &r.terms, &mut idfs);
        let norm: f32 = vec.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-6);
        let c = centroids.entry(r.coverage).or_default();
        for (h, w) in vec {
            *c.0.entry(h).or_default() += w / norm;
        }
        for t in r.terms.iter().take(evidence::PLACE_TERMS) {
            if evidence::is_place(t.name, &t.text) && !c.1.contains(&t.hash) {
                c.1.push(t.hash);
            }
        }
        if score >= RELATED && !shared.is_empty() {
            out.members.push((
                slot,
                Why {
                    score,
                    text: explain(&evidence_first(&shared), apart),
                },
            ));
        }
    }
    if qn > 0.0 {
        for (cov, (vec, places)) in &centroids {
            let cn: f32 = vec.values().map(|w| w * w).sum::<f32>().sqrt();
            if cn == 0.0 || (far.contains(cov) && !near.contains(cov)) {
                continue;
            }
            // the single heaviest shared term is left out: one name in
            // common (the company, the country) makes a topic, not an event
            let mut shared: Vec<(f32, u32)> = q
                .iter()
                .filter_map(|&(h, w)| vec.get(&h).map(|c| (c * w, h)))
                .collect();
            shared.sort_by(|a, b| b.0.total_cmp(&a.0));
            let dot: f32 = shared.iter().map(|x| x.0).sum();
            let top = shared.first().map_or(0.0, |x| x.0);
            let score = (dot - top) / (qn * cn);
            let twin = !q_places.is_empty()
                && !places.is_empty()
                && !q_places.iter().any(|p| places.contains(p));
            if score >= JOIN
                && evidence::joins(
                    score,
                    shared
                        .iter()
                        .map(|(_, h)| q_specific.get(h).copied().unwrap_or(false)),
                    twin,
                )
                && out
                    .cluster
                    .is_none_or(|(bc, bs)| score > bs || (score == bs && *cov < bc))
            {
                out.cluster = Some((*cov, score));
            }
        }
    }
    out.members
        .sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
    out.members.truncate(20);
    out
}

/// One member of a cluster as listed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    pub id: u64,
    pub url: String,
    pub file: String,
    pub site: String,
    pub title: String,
    pub published: String,
    pub first_seen: u64,
    /// `version` of the cluster's first story, or `coverage`.
    pub tier: &'static str,
    /// Against the earliest story read in the cluster (absent for that one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Version tier: paragraphs (by position in this story's fingerprint)
    /// not in the earliest version read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new_paragraphs: Vec<u32>,
}

/// A coverage cluster with its version groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    pub cluster: u64,
    pub stories: usize,
    /// Version groups, each oldest first; the first group holds the cluster's first story.
    pub versions: Vec<Vec<Member>>,
}

/// Paragraph positions of `r` that are not in `earliest` (whose paragraphs
/// the reader met first).
pub fn new_against(r: &Record, earliest: &Record) -> Vec<u32> {
    let q: Vec<crate::fingerprint::ParaPrint> = {
        let mut at = 0usize;
        r.paras
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let end = (at + p.n as usize).min(r.hashes.len());
                let hashes = r.hashes.get(at..end).unwrap_or(&[]).to_vec();
                at = end;
                crate::fingerprint::ParaPrint {
                    start: 0,
                    end: 0,
                    index: i as u32,
                    words: p.words,
                    hashes,
                }
            })
            .collect()
    };
    let a = matching::align(
        &q,
        &matching::query_map(&q),
        &earliest.paras,
        &earliest.hashes,
    );
    a.q_to_s
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_none())
        .map(|(i, _)| i as u32)
        .collect()
}

/// Every cluster in the store, oldest first.
pub fn clusters(store: &Store) -> Vec<Cluster> {
    let mut by_cov: BTreeMap<u64, BTreeMap<u64, Vec<&Record>>> = BTreeMap::new();
    for r in store.records() {
        by_cov
            .entry(r.coverage)
            .or_default()
            .entry(r.version)
            .or_default()
            .push(r);
    }
    let mut out: Vec<(u64, Cluster)> = Vec::with_capacity(by_cov.len());
    let mut idfs = HashMap::default();
    for (cov, groups) in by_cov {
        let mut groups: Vec<Vec<&Record>> = groups.into_values().collect();
        groups.sort_by_key(|g| g.first().map(|r| r.id));
        let first = groups.first().and_then(|g| g.first()).copied();
        let stories = groups.iter().map(Vec::len).sum();
        let versions = groups
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let earliest = g.first().copied();
                g.iter()
                    .map(|r| {
                        let is_first = first.is_some_and(|f| f.id == r.id);
                        let why = match (first, is_first) {
                            (Some(f), false) if gi > 0 => {
                                let fq = stored_weights(store, &f.terms, &mut idfs);
                                let (_, shared) = cosine(store, &fq, &r.terms, &mut idfs);
                                Some(explain(
                                    &evidence_first(&shared),
                                    days_apart(&r.published, &f.published),
                                ))
                            }
                            (Some(_), false) => Some("same text (fingerprint match)".to_string()),
                            _ => None,
                        };
                        let new_paragraphs = match earliest {
                            Some(e) if e.id != r.id => new_against(r, e),
                            _ => Vec::new(),
                        };
                        Member {
                            id: r.id,
                            url: r.url.clone(),
                            file: r.file.clone(),
                            site: r.site.clone(),
                            title: r.title.clone(),
                            published: r.published.clone(),
                            first_seen: r.first_seen,
                            tier: if gi == 0 { "version" } else { "coverage" },
                            why,
                            new_paragraphs,
                        }
                    })
                    .collect()
            })
            .collect();
        out.push((
            first.map(|r| r.id).unwrap_or(cov),
            Cluster {
                cluster: cov,
                stories,
                versions,
            },
        ));
    }
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod seed_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_civil() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2020-07-29T18:48"), Some(18_472));
        assert_eq!(days_apart("2020-07-29", "2020-08-01"), Some(3));
        assert_eq!(days("July 29"), None);
        assert_eq!(days("2020-13-01"), None);
    }

    #[test]
    fn explanations_read_well() {
        assert_eq!(
            explain(&["TikTok", "ByteDance", "Tom Cotton", "x"], Some(3)),
            "shares TikTok, ByteDance, Tom Cotton; 3 days apart"
        );
        assert_eq!(explain(&["TikTok"], None), "shares TikTok");
    }
}
