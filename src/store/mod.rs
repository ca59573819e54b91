//! The reader's store: every story read, as a fingerprint plus the little
//! metadata a badge and the cluster view need, on the reader's machine only.
//!
//! Records live in insertion order in a slot vector (forgotten ones leave a
//! hole until the next compaction), so "the oldest" for eviction is simply the
//! first live slot. Each slot points at its record's bytes in one buffer (the
//! file's own layout, see [`format`]); the record is decoded the first time a
//! query or a listing needs it, so loading 100k stories costs a check of the
//! bytes, not 100k decodes and three million strings. Two inverted indexes —
//! paragraph hashes and cluster terms, see [`index`] — are saved in the file
//! (format version 4 on) and used in place in the loaded bytes, so a load
//! builds nothing; they are rebuilt from the records when a story is
//! forgotten. In the worker the loaded bytes mostly stay where JavaScript
//! holds them (`cold`, see [`format::decode_from`]) until the first change.
//! Clusters are assigned when a story is recorded (never in a batch): a
//! fingerprint match puts it in the matched story's *version* cluster, a
//! term match in a *coverage* cluster (see [`crate::cluster`]); cluster ids
//! are the id of the founding story and never change, so what a reader was
//! shown stays true. The byte form is in [`format`].

pub mod format;
pub mod index;
pub mod matching;

use crate::cluster;
use crate::fingerprint::{terms::TermCount, StoryPrint};
use index::Index;
use matching::{Relation, StoredPara};
use serde::Serialize;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Postings longer than this are treated as boilerplate (a phrase every story
/// uses) and not followed: they cost time and prove nothing.
pub const MAX_POSTINGS: usize = 400;
/// Default size budget for a new store (encoded bytes).
pub const DEFAULT_BUDGET: u64 = 64 * 1024 * 1024;

/// A term kept for the coverage tier.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StoredTerm {
    pub text: String,
    pub hash: u32,
    pub tf: u8,
    pub name: bool,
}

/// A stored term as a query term again: benchmarks and profiles query the store with the prints
/// of stories it already holds.
impl From<&StoredTerm> for crate::fingerprint::terms::TermCount {
    fn from(t: &StoredTerm) -> Self {
        Self {
            text: t.text.clone(),
            hash: t.hash,
            tf: t.tf,
            name: t.name,
        }
    }
}

/// One story read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub id: u64,
    /// Unix time in seconds when it was first read.
    pub first_seen: u64,
    pub url: String,
    /// The CLI's file argument as given (empty in the extension).
    pub file: String,
    pub site: String,
    pub title: String,
    pub published: String,
    pub page_index: u32,
    pub page_stories: u32,
    /// Version-tier and coverage-tier cluster ids.
    pub version: u64,
    pub coverage: u64,
    pub paras: Vec<StoredPara>,
    pub hashes: Vec<u32>,
    /// Headline hashes (see [`crate::fingerprint::title_hash`]).
    pub titles: Vec<u32>,
    pub terms: Vec<StoredTerm>,
}

/// Headline hashes share the fingerprint index under this mask, so they can
/// never be taken for a paragraph hash.
pub const TITLE_NS: u32 = 0x5a5a_a5a5;

impl Record {
    /// Bytes of fingerprint data (paragraph headers, hashes, headline hashes
    /// and their two counts) in the encoded form.
    pub fn fingerprint_bytes(&self) -> usize {
        let mut n = format::varint_len(self.paras.len() as u64)
            + format::varint_len(self.hashes.len() as u64)
            + format::varint_len(self.titles.len() as u64);
        for p in &self.paras {
            n += format::varint_len(format::para_head(p)) + format::varint_len(p.n as u64);
        }
        n + 4 * self.hashes.len() + 4 * self.titles.len()
    }
}

/// Where the story being recorded was read.
#[derive(Clone, Debug, Default)]
pub struct ReadAt {
    pub url: String,
    pub file: String,
    /// Unix seconds.
    pub now: u64,
}

/// One stored story a query found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    pub id: u64,
    pub relation: Relation,
    pub score: f32,
    pub url: String,
    pub file: String,
    pub site: String,
    pub title: String,
    pub published: String,
    pub first_seen: u64,
    pub page_index: u32,
    pub version: u64,
    pub coverage: u64,
    /// Query paragraphs (indices into the story's `paragraphs`) found in this one.
    pub seen_paragraphs: Vec<u32>,
    /// Coverage tier: why it is related ("shares TikTok, ByteDance; 3 days apart").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// What the store knows about a story being read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QueryResult {
    /// Versions first (best score first), then coverage (`related`).
    pub matches: Vec<Match>,
    /// Paragraphs (indices into the story's `paragraphs`) found in no stored version.
    pub new_paragraphs: Vec<u32>,
    /// Paragraphs fingerprinted (the denominator of "7 of 9 read before").
    pub paragraphs: u32,
    /// The coverage cluster this story belongs to by its terms, if any.
    pub coverage: Option<u64>,
}

/// What recording a story did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Recorded {
    pub id: u64,
    pub version: u64,
    pub coverage: u64,
    /// Stories evicted (oldest first) to keep within the budget.
    pub evicted: u64,
}

/// Store totals for the options page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub stories: u64,
    pub bytes: u64,
    pub budget: u64,
    pub evicted_total: u64,
    pub fingerprint_bytes: u64,
    pub sites: u64,
    pub version_clusters: u64,
    pub coverage_clusters: u64,
}

/// One stored story: where its bytes are, and the record once decoded.
#[derive(Clone, Debug, Default)]
struct Slot {
    id: u64,
    /// In the loaded bytes (`base`) rather than the appended ones (`blob`).
    in_base: bool,
    at: usize,
    len: usize,
    live: bool,
    /// Boxed so a slot stays a few words: a load makes one slot per story
    /// (100k), and inline records made that 30 MB of fresh memory to touch.
    rec: OnceCell<Option<Box<Record>>>,
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    /// The bytes a version 4 store was loaded from, kept whole: the loaded
    /// records and both indexes' bulk are read in place from here.
    base: Vec<u8>,
    /// Every record's bytes ([`format::put_record`]), loaded or appended,
    /// in slot order; a record is decoded from here when first needed.
    blob: Vec<u8>,
    /// Oldest first; ids increase with the slot, so lookups by id bisect.
    slots: Vec<Slot>,
    next_id: u64,
    budget: u64,
    evicted_total: u64,
    live: usize,
    bytes: u64,
    oldest: usize,
    fp: Index,
    terms: Index,
    /// Term hash → postings of forgotten or evicted stories still in the term
    /// index (until the next rebuild), so document frequencies stay live.
    dead_terms: HashMap<u32, u32>,
    /// Where the loaded file's records are when `base` holds only its head
    /// ([`format::decode_from`]): records past `base`'s end are read from
    /// here one by one, and the first change copies them all into `base`.
    cold: Option<Rc<dyn format::Source>>,
}

impl Store {
    pub fn new() -> Store {
        Store {
            next_id: 1,
            budget: DEFAULT_BUDGET,
            ..Store::default()
        }
    }

    /// Builds a store from decoded records (oldest first, ids increasing).
    pub(crate) fn from_parts(
        records: Vec<Record>,
        next_id: u64,
        budget: u64,
        evicted_total: u64,
    ) -> Store {
        let mut s = Store {
            next_id,
            budget,
            evicted_total,
            ..Store::default()
        };
        for r in records {
            s.push_record(r);
        }
        s.reindex();
        s
    }

    /// A store holding `records` (oldest first, ids increasing), e.g. an
    /// import or a benchmark corpus; indexes are built once.
    pub fn from_records(records: Vec<Record>, budget: u64) -> Store {
        let next = records.last().map(|r| r.id + 1).unwrap_or(1);
        Store::from_parts(records, next, budget, 0)
    }

    /// Appends a record's bytes and its slot (indexes untouched).
    fn push_record(&mut self, mut r: Record) -> u32 {
        // the file keeps a term's text, not its hash: the hash is the text's,
        // so the record answers the same before and after a reload
        for t in r.terms.iter_mut() {
            t.hash = format::stored_term_hash(&t.text);
        }
        let at = self.blob.len();
        format::put_record(&mut self.blob, &r);
        let len = self.blob.len() - at;
        self.next_id = self.next_id.max(r.id.saturating_add(1));
        self.bytes += len as u64;
        self.live += 1;
        self.slots.push(Slot {
            id: r.id,
            in_base: false,
            at,
            len,
            live: true,
            rec: OnceCell::from(Some(Box::new(r))),
        });
        (self.slots.len() - 1) as u32
    }

    /// A record's bytes in memory (empty for one still in `cold`).
    fn raw(&self, s: &Slot) -> &[u8] {
        let b = if s.in_base { &self.base } else { &self.blob };
        b.get(s.at..s.at + s.len).unwrap_or(&[])
    }

    /// A record's bytes, read from `cold` when they are still there.
    fn bytes_of(&self, s: &Slot) -> Cow<'_, [u8]> {
        match &self.cold {
            Some(c) if s.in_base && s.at >= self.base.len() => {
                let mut v = vec![0u8; s.len];
                if !c.read(s.at, &mut v) {
                    v.clear();
                }
                Cow::Owned(v)
            }
            _ => Cow::Borrowed(self.raw(s)),
        }
    }

    /// Copies the records still in `cold` into `base`, before any change
    /// (a change rewrites slots, indexes and bytes in memory).
    pub fn warm(&mut self) {
        let Some(c) = self.cold.take() else {
            return;
        };
        let from = self.base.len();
        self.base.resize(c.size().max(from), 0);
        // bytes that went missing leave their records empty: skipped, never a panic
        if !self.base.get_mut(from..).is_some_and(|b| c.read(from, b)) {
            self.base.truncate(from);
            // the fingerprint section went with them: rebuilt from the records
            self.fp = Index::default();
            self.slots.iter_mut().for_each(|s| s.rec = OnceCell::new());
            self.reindex();
            return;
        }
        self.fp.warm();
        self.terms.warm();
    }

    /// A store over version 5 bytes, used in place: `slots` (id, offset,
    /// length: in `base`, or past its end in `cold`) and the two index
    /// sections' views into `base`.
    pub(crate) fn from_base(
        base: Vec<u8>,
        slots: Vec<(u64, usize, usize)>,
        fp: Index,
        terms: Index,
        (next_id, budget, evicted_total): (u64, u64, u64),
        cold: Option<Rc<dyn format::Source>>,
    ) -> Store {
        let bytes = slots.iter().map(|&(_, _, len)| len as u64).sum();
        let slots: Vec<Slot> = slots
            .into_iter()
            .map(|(id, at, len)| Slot {
                id,
                in_base: true,
                at,
                len,
                live: true,
                rec: OnceCell::new(),
            })
            .collect();
        Store {
            base,
            live: slots.len(),
            slots,
            bytes,
            fp,
            terms,
            next_id,
            budget,
            evicted_total,
            cold,
            ..Store::default()
        }
    }

    /// Appends both index sections for the live records, numbered in the
    /// order [`Store::each_raw`] gives them (see [`Index::write`]): the
    /// cluster terms', then the fingerprints' (which a worker leaves in the
    /// file until the first change; see [`format::decode_from`]). Returns
    /// where in `out` the fingerprint section starts.
    pub(crate) fn write_indexes(&self, out: &mut Vec<u8>) -> usize {
        let map = (self.live < self.slots.len()).then(|| {
            let mut next = 0u32;
            self.slots
                .iter()
                .map(|s| {
                    if s.live {
                        next += 1;
                        next - 1
                    } else {
                        u32::MAX
                    }
                })
                .collect::<Vec<u32>>()
        });
        self.terms.write(&self.base, out, map.as_deref(), self.live);
        let fp_at = out.len();
        self.fp.write(&self.base, out, map.as_deref(), self.live);
        fp_at
    }

    fn decoded<'a>(&'a self, s: &'a Slot) -> Option<&'a Record> {
        if !s.live {
            return None;
        }
        s.rec
            .get_or_init(|| {
                format::decode_record(&self.bytes_of(s), s.id)
                    .ok()
                    .map(Box::new)
            })
            .as_deref()
    }

    /// Live records, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.slots.iter().filter_map(|s| self.decoded(s))
    }

    fn slot_of(&self, id: u64) -> Option<usize> {
        let i = self.slots.partition_point(|s| s.id < id);
        self.slots
            .get(i)
            .filter(|s| s.id == id && s.live)
            .map(|_| i)
    }

    pub fn get(&self, id: u64) -> Option<&Record> {
        self.slot_of(id)
            .and_then(|i| self.slots.get(i))
            .and_then(|s| self.decoded(s))
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub fn budget(&self) -> u64 {
        self.budget
    }

    pub(crate) fn next_id(&self) -> u64 {
        self.next_id
    }

    pub(crate) fn evicted_total(&self) -> u64 {
        self.evicted_total
    }

    /// Bytes of the live records' encodings.
    pub(crate) fn blob_len(&self) -> usize {
        self.bytes as usize
    }

    /// Bytes the two saved index sections take (about: the bucket tables
    /// are sized when written).
    fn index_bytes(&self) -> u64 {
        let bits = index::choose_bits(self.fp.len(), self.live) as u64;
        let tbits = index::choose_bits(self.terms.len(), self.live) as u64;
        16 + 4 * ((1 << bits) + (1 << tbits) + 2) + 4 * (self.fp.len() + self.terms.len()) as u64
    }

    /// Bytes the saved slot table takes (id step and length per story).
    fn slot_table_bytes(&self) -> u64 {
        let mut last = 0;
        let mut n = 0;
        for s in self.slots.iter().filter(|s| s.live) {
            n += format::varint_len(s.id.saturating_sub(last)) + format::varint_len(s.len as u64);
            last = s.id;
        }
        n as u64
    }

    /// Calls `f` with each live record's id and bytes, oldest first.
    pub(crate) fn each_raw(&self, mut f: impl FnMut(u64, &[u8])) {
        let mut cold = Vec::new();
        if let Some(c) = &self.cold {
            cold.resize(c.size().saturating_sub(self.base.len()), 0);
            if !c.read(self.base.len(), &mut cold) {
                cold.clear();
            }
        }
        for s in self.slots.iter().filter(|s| s.live) {
            match s.at.checked_sub(self.base.len()) {
                Some(at) if s.in_base && self.cold.is_some() => {
                    f(s.id, cold.get(at..at + s.len).unwrap_or(&[]))
                }
                _ => f(s.id, self.raw(s)),
            }
        }
    }

    /// Sets the size budget in bytes (0 = unbounded); evicts at once if over.
    pub fn set_budget(&mut self, budget: u64) -> u64 {
        self.warm();
        self.budget = budget;
        self.evict()
    }

    /// Builds both indexes straight from the record bytes (no decoding).
    fn build_indexes(&mut self) {
        let (mut nfp, mut nterm) = (0usize, 0usize);
        self.live = 0;
        self.bytes = 0;
        for s in self.slots.iter().filter(|s| s.live) {
            let [h, t] = format::record_hashes(self.raw(s));
            nfp += (h.len() + t.len()) / 4;
            nterm += format::term_count(self.raw(s));
            self.live += 1;
            self.bytes += s.len as u64;
        }
        let this = &*self;
        let nslots = self.slots.len();
        let fp = Index::build_from(nfp, nslots, |emit| {
            for (i, s) in this.slots.iter().enumerate().filter(|(_, s)| s.live) {
                let [h, t] = format::record_hashes(this.raw(s));
                // a hash repeated across paragraphs posts twice; candidates() counts it once per query hash anyway
                format::each_u32(h, |x| emit(x, i as u32));
                format::each_u32(t, |x| emit(x ^ TITLE_NS, i as u32));
            }
        });
        // a term's hash is its text's (the file keeps only the text)
        let terms = Index::build_from(nterm, nslots, |emit| {
            for (i, s) in this.slots.iter().enumerate().filter(|(_, s)| s.live) {
                format::each_term_hash(this.raw(s), |x| emit(x, i as u32));
            }
        });
        self.fp = fp;
        self.terms = terms;
        self.dead_terms.clear();
        self.oldest = self.slots.iter().position(|s| s.live).unwrap_or(0);
    }

    /// Compacts the slots and the bytes (so nothing of a forgotten story
    /// stays in memory) and rebuilds the indexes.
    fn reindex(&mut self) {
        self.warm();
        if !self.base.is_empty() || self.slots.iter().any(|s| !s.live) {
            let old = std::mem::take(&mut self.blob);
            let base = std::mem::take(&mut self.base);
            let mut blob = Vec::with_capacity(self.bytes as usize);
            let slots = std::mem::take(&mut self.slots);
            for mut s in slots.into_iter().filter(|s| s.live) {
                let at = blob.len();
                let from = if s.in_base { &base } else { &old };
                blob.extend_from_slice(from.get(s.at..s.at + s.len).unwrap_or(&[]));
                s.at = at;
                s.in_base = false;
                self.slots.push(s);
            }
            self.blob = blob;
        }
        self.build_indexes();
    }

    /// Stored stories sharing hashes with the print, with the shared count.
    fn candidates(&self, print: &StoryPrint) -> Vec<(u32, u32)> {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let mut seen = HashSet::new();
        let titles = print.titles.iter().map(|&t| t ^ TITLE_NS);
        for h in print
            .paras
            .iter()
            .flat_map(|p| p.hashes.iter().copied())
            .chain(titles)
        {
            if !seen.insert(h) || self.fp.count(&self.base, h) > MAX_POSTINGS {
                continue;
            }
            self.fp
                .for_each(&self.base, h, |s| *counts.entry(s).or_default() += 1);
        }
        let mut out: Vec<(u32, u32)> = counts
            .into_iter()
            .filter(|(s, _)| self.slots.get(*s as usize).is_some_and(|s| s.live))
            .collect();
        out.sort_unstable();
        out
    }

    /// Finds the stored stories this one is a version of (fingerprints) or
    /// covers the same event as (terms). Does not change the store.
    pub fn query(&self, print: &StoryPrint) -> QueryResult {
        let qmap = matching::query_map(&print.paras);
        let mut out = QueryResult {
            paragraphs: print.paras.len() as u32,
            ..QueryResult::default()
        };
        let mut seen_any = vec![false; print.paras.len()];
        for (slot, _) in self.candidates(print) {
            let Some(r) = self.slot(slot) else {
                continue;
            };
            let a = matching::align(&print.paras, &qmap, &r.paras, &r.hashes);
            let title_match = print.titles.iter().any(|t| r.titles.contains(t));
            // page level comes in through the last two arguments: a listing page carrying the
            // whole of a one-story page contains it (only for the very same text: an edited copy
            // inside a listing is not contained in it)
            let by_text = matching::relation_in(
                &a,
                &print.paras,
                &print.breaks,
                &r.paras,
                print.page_stories > 1,
                r.page_stories > 1,
            );
            // a headline shared with no paragraph shared: on a listing that is a headline-only
            // teaser (its lede a one-word "ABSTRACT."), which an article holding the story contains
            let q_list = print.page_stories > 1 || !print.breaks.is_empty();
            let s_list = r.page_stories > 1 || r.paras.iter().any(|p| p.brk);
            let by_title = match (q_list, s_list) {
                (false, true) if !print.paras.is_empty() => Relation::Contains,
                (true, false) if !r.paras.is_empty() => Relation::Contained,
                _ => Relation::Overlaps,
            };
            let Some((rel, score)) = by_text.or(title_match.then_some((by_title, 0.5))) else {
                continue;
            };
            let mut seen_paragraphs = Vec::new();
            for (i, m) in a.q_to_s.iter().enumerate() {
                if m.is_some() {
                    seen_any[i] = true;
                    if let Some(p) = print.paras.get(i) {
                        seen_paragraphs.push(p.index);
                    }
                }
            }
            out.matches
                .push(make_match(r, rel, score, seen_paragraphs, None));
        }
        out.matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.relation.cmp(&b.relation))
                .then(a.id.cmp(&b.id))
        });
        out.new_paragraphs = print
            .paras
            .iter()
            .zip(&seen_any)
            .filter(|(_, s)| !**s)
            .map(|(p, _)| p.index)
            .collect();
        let versions: HashSet<u64> = out.matches.iter().map(|m| m.id).collect();
        let cov = cluster::related(self, print);
        out.coverage = cov.cluster.map(|(c, _)| c);
        for (slot, why) in cov.members {
            let Some(r) = self.slot(slot) else {
                continue;
            };
            if !versions.contains(&r.id) {
                out.matches.push(make_match(
                    r,
                    Relation::Related,
                    why.score,
                    Vec::new(),
                    Some(why.text),
                ));
            }
        }
        out
    }

    /// Records a story read now, given what [`Store::query`] said about it;
    /// assigns its clusters and evicts the oldest stories if over budget.
    pub fn insert(&mut self, print: &StoryPrint, at: &ReadAt, found: &QueryResult) -> Recorded {
        self.warm();
        // the same story read again at the same address (a reload, a second tab) is not a new reading
        if let Some(m) = found.matches.iter().find(|m| {
            m.relation == Relation::Same
                && m.score >= 1.0
                && !at.url.is_empty()
                && m.url == at.url
                && m.page_index == print.page_index
        }) {
            return Recorded {
                id: m.id,
                version: m.version,
                coverage: m.coverage,
                evicted: 0,
            };
        }
        let id = self.next_id;
        self.next_id += 1;
        let best_version = found
            .matches
            .iter()
            .find(|m| m.relation != Relation::Related);
        let (version, coverage) = match (best_version, found.coverage) {
            (Some(m), _) => (m.version, m.coverage),
            (None, Some(c)) => (id, c),
            (None, None) => (id, id),
        };
        let terms = cluster::signature(self, &print.terms);
        let mut hashes = Vec::with_capacity(print.paras.iter().map(|p| p.hashes.len()).sum());
        let mut paras = Vec::with_capacity(print.paras.len());
        for (i, p) in print.paras.iter().enumerate() {
            let n = p.hashes.len().min(u16::MAX as usize);
            hashes.extend_from_slice(&p.hashes[..n]);
            paras.push(StoredPara {
                words: p.words,
                n: n as u16,
                brk: print.breaks.contains(&(i as u32)),
            });
        }
        let r = Record {
            id,
            first_seen: at.now,
            url: at.url.clone(),
            file: at.file.clone(),
            site: print.site.clone(),
            title: print.title.clone(),
            published: print.published.clone(),
            page_index: print.page_index,
            page_stories: print.page_stories,
            version,
            coverage,
            paras,
            hashes,
            titles: print.titles.clone(),
            terms,
        };
        let slot = self.push_record(r);
        let Some(r) = self
            .slots
            .get(slot as usize)
            .and_then(|s| s.rec.get())
            .and_then(Option::as_deref)
        else {
            return Recorded::default();
        };
        let mut seen = HashSet::new();
        for &h in &r.hashes {
            if seen.insert(h) {
                self.fp.insert(h, slot);
            }
        }
        for &t in &r.titles {
            self.fp.insert(t ^ TITLE_NS, slot);
        }
        for t in &r.terms {
            self.terms.insert(t.hash, slot);
        }
        let evicted = self.evict();
        if self.fp.wants_rebuild() || self.terms.wants_rebuild() {
            self.reindex();
        }
        Recorded {
            id,
            version,
            coverage,
            evicted,
        }
    }

    /// Query then insert: what a reader's visit does.
    pub fn record(&mut self, print: &StoryPrint, at: &ReadAt) -> (QueryResult, Recorded) {
        let found = self.query(print);
        let rec = self.insert(print, at, &found);
        (found, rec)
    }

    /// Drops the oldest stories until the store fits its budget; returns how many.
    fn evict(&mut self) -> u64 {
        let mut n = 0;
        while self.budget > 0 && self.bytes > self.budget && self.live > 1 {
            while self.slots.get(self.oldest).is_some_and(|s| !s.live) {
                self.oldest += 1;
            }
            let Some(id) = self.slots.get(self.oldest).map(|s| s.id) else {
                break;
            };
            if !self.remove(id) {
                break;
            }
            n += 1;
        }
        self.evicted_total += n;
        n
    }

    fn remove(&mut self, id: u64) -> bool {
        let Some(i) = self.slot_of(id) else {
            return false;
        };
        let Some(s) = self.slots.get(i) else {
            return false;
        };
        let mut dead = Vec::new();
        format::each_term_hash(&self.bytes_of(s), |h| dead.push(h));
        for h in dead {
            *self.dead_terms.entry(h).or_default() += 1;
        }
        if let Some(s) = self.slots.get_mut(i) {
            s.live = false;
            s.rec = OnceCell::new();
            self.bytes = self.bytes.saturating_sub(s.len as u64);
        }
        self.live -= 1;
        true
    }

    /// Removes stories; the indexes are rebuilt so nothing of them remains in memory either.
    fn forget_where(&mut self, pred: impl Fn(&Record) -> bool) -> u64 {
        self.warm();
        let ids: Vec<u64> = self.records().filter(|r| pred(r)).map(|r| r.id).collect();
        let n = ids.iter().filter(|&&id| self.remove(id)).count() as u64;
        if n > 0 {
            self.reindex();
        }
        n
    }

    /// Forgets one story by id.
    pub fn forget_story(&mut self, id: u64) -> u64 {
        self.forget_where(|r| r.id == id)
    }

    /// Forgets every story read on a site (`example.com` also matches `www.example.com` records).
    pub fn forget_site(&mut self, site: &str) -> u64 {
        let site = site.trim().trim_start_matches("www.").to_ascii_lowercase();
        self.forget_where(|r| {
            r.site
                .trim_start_matches("www.")
                .eq_ignore_ascii_case(&site)
        })
    }

    /// Forgets everything (keeps the budget and the eviction count).
    pub fn forget_all(&mut self) -> u64 {
        let n = self.live as u64;
        self.slots.clear();
        self.blob.clear();
        self.base = Vec::new();
        self.cold = None;
        self.reindex();
        n
    }

    pub fn stats(&self) -> Stats {
        let sites: HashSet<&str> = self.records().map(|r| r.site.as_str()).collect();
        let versions: HashSet<u64> = self.records().map(|r| r.version).collect();
        let coverage: HashSet<u64> = self.records().map(|r| r.coverage).collect();
        Stats {
            stories: self.live as u64,
            bytes: self.bytes
                + format::HEADER_LEN as u64
                + self.slot_table_bytes()
                + self.index_bytes(),
            budget: self.budget,
            evicted_total: self.evicted_total,
            fingerprint_bytes: self.records().map(|r| r.fingerprint_bytes() as u64).sum(),
            sites: sites.len() as u64,
            version_clusters: versions.len() as u64,
            coverage_clusters: coverage.len() as u64,
        }
    }

    /// The term index, for the coverage tier.
    pub(crate) fn term_postings(&self, hash: u32, f: impl FnMut(u32)) {
        self.terms.for_each(&self.base, hash, f)
    }

    /// Live stories whose signature holds the term (its document frequency).
    pub(crate) fn term_df(&self, hash: u32) -> u32 {
        let dead = self.dead_terms.get(&hash).copied().unwrap_or(0) as usize;
        self.terms.count_fast(&self.base, hash).saturating_sub(dead) as u32
    }

    pub(crate) fn slot(&self, slot: u32) -> Option<&Record> {
        self.slots.get(slot as usize).and_then(|s| self.decoded(s))
    }
}

fn make_match(
    r: &Record,
    relation: Relation,
    score: f32,
    seen_paragraphs: Vec<u32>,
    why: Option<String>,
) -> Match {
    Match {
        id: r.id,
        relation,
        score: (score * 1000.0).round() / 1000.0,
        url: r.url.clone(),
        file: r.file.clone(),
        site: r.site.clone(),
        title: r.title.clone(),
        published: r.published.clone(),
        first_seen: r.first_seen,
        page_index: r.page_index,
        version: r.version,
        coverage: r.coverage,
        seen_paragraphs,
        why,
    }
}

/// A candidate term as the store keeps it.
pub(crate) fn stored_term(t: &TermCount) -> StoredTerm {
    StoredTerm {
        text: t.text.clone(),
        // recomputed as `format::decode` does, so a print whose hash
        // disagrees with its text (it arrives in a worker message) cannot
        // make the store match differently before and after a reload
        hash: crate::fingerprint::terms::term_hash(&t.text.to_lowercase()),
        tf: t.tf,
        name: t.name,
    }
}
