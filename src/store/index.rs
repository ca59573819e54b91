//! An inverted index from 32-bit hashes to record slots, built for a store
//! that is loaded whole, queried often and appended to one story at a time.
//!
//! The bulk is a **bucketed array**: the top `bits` bits of a hash choose a
//! bucket (an offsets table), and each posting is one u32 packing the rest of
//! the hash above the slot, `(hash low bits) << bits | slot`, sorted inside its
//! bucket — so one key's postings are one run, found by a binary search over
//! a cache line or two and counted without visiting them (the coverage tier's
//! document frequencies come from here), and when a bucket holds a single key
//! (the common case for cluster terms) the count is the bucket's length.
//! `bits` is both the bucket width and the slot width (at least enough for
//! every slot), which is what lets a posting fit four bytes.
//!
//! The bulk is **persisted** in the store file in exactly this form
//! ([`Index::write`]), so loading a store is a check of the offsets table and
//! a view into the loaded bytes ([`Index::view`]) — no index build, no copy.
//! Inserts go to a small hash-map delta; [`Index::write`] merges it in bucket
//! by bucket (and drops and renumbers forgotten slots) when the store is
//! saved, and the store rebuilds the bulk from its records with a two-level
//! counting sort ([`Index::build_from`]) when the delta grows past a fraction
//! of it or a story is forgotten, so nothing of a forgotten story stays.

use super::format::Source;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Bytes a section starts with: u32 bits, u32 posting count.
const SECTION_HEAD: usize = 8;

#[derive(Clone, Debug, Default)]
enum Bulk {
    /// Built in memory.
    #[default]
    Empty,
    Owned {
        offsets: Vec<u32>,
        posts: Vec<u32>,
    },
    /// Little-endian arrays inside the store's loaded bytes (passed to every
    /// lookup): byte positions of the offsets table and of the postings.
    View {
        offsets: usize,
        posts: usize,
        len: usize,
    },
    /// The same arrays, at the same positions, still in the bytes the store
    /// was read from ([`Source`]): a lookup copies its bucket's run out.
    Cold {
        offsets: usize,
        posts: usize,
        len: usize,
        src: Rc<dyn Source>,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    bits: u32,
    bulk: Bulk,
    delta: HashMap<u32, Vec<u32>>,
    delta_len: usize,
    /// The bulk's posting count per key, built at the first [`Index::count_fast`].
    counts: OnceCell<Counts>,
}

/// Posting counts per key in an open-addressing table: the coverage tier
/// asks the document frequency of every term of a hundred candidates (some
/// three thousand keys per query), and a lookup in the bulk costs two
/// dependent cache misses (offsets, then postings) where this costs one, in a
/// table small enough to stay in cache (one entry per distinct term).
#[derive(Clone, Debug, Default)]
struct Counts {
    /// `key << 32 | count`; count 0 marks an empty entry.
    table: Vec<u64>,
}

impl Counts {
    fn get(&self, key: u32) -> usize {
        let mask = self.table.len().wrapping_sub(1);
        let mut i = (key.wrapping_mul(0x9e37_79b9) as usize) & mask;
        for _ in 0..self.table.len() {
            let Some(&e) = self.table.get(i) else {
                return 0;
            };
            if e as u32 == 0 {
                return 0;
            }
            if (e >> 32) as u32 == key {
                return e as u32 as usize;
            }
            i = (i + 1) & mask;
        }
        0
    }

    fn put(&mut self, key: u32, count: u32) {
        let mask = self.table.len().wrapping_sub(1);
        let mut i = (key.wrapping_mul(0x9e37_79b9) as usize) & mask;
        for _ in 0..self.table.len() {
            let Some(e) = self.table.get_mut(i) else {
                return;
            };
            if *e as u32 == 0 || (*e >> 32) as u32 == key {
                let had = *e as u32;
                *e = ((key as u64) << 32) | had.saturating_add(count) as u64;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

/// A u32 array in memory or little-endian in bytes.
#[derive(Clone, Copy)]
enum U32s<'a> {
    Mem(&'a [u32]),
    Le(&'a [u8]),
}

impl U32s<'_> {
    #[inline]
    fn len(self) -> usize {
        match self {
            U32s::Mem(v) => v.len(),
            U32s::Le(b) => b.len() / 4,
        }
    }

    #[inline]
    fn get(self, i: usize) -> Option<u32> {
        match self {
            U32s::Mem(v) => v.get(i).copied(),
            U32s::Le(b) => b
                .get(4 * i..4 * i + 4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        }
    }

    /// First index in `lo..hi` whose value is not below `v` (values sorted there).
    fn lower_bound(self, mut lo: usize, mut hi: usize, v: u64) -> usize {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if (self.get(mid).unwrap_or(u32::MAX) as u64) < v {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// Buckets (and slot width) for `posts` postings over `slots` slots: about
/// 32 postings per bucket (a binary search inside one stays within two cache
/// lines), never fewer bits than the slots need.
pub fn choose_bits(posts: usize, slots: usize) -> u32 {
    let mut bits = 8;
    while bits < 24 && (1usize << bits) * 32 < posts {
        bits += 1;
    }
    while bits < 31 && (1usize << bits) < slots {
        bits += 1;
    }
    bits
}

fn read_u32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl Index {
    /// Builds the bulk from `(key, slot)` pairs (a slice so it can be walked twice).
    pub fn build(pairs: &[(u32, u32)], slots: usize) -> Index {
        Index::build_from(pairs.len(), slots, |emit| {
            pairs.iter().for_each(|&(k, s)| emit(k, s))
        })
    }

    /// Builds the bulk from a generator of `(key, slot)` pairs (every slot
    /// below `slots`) that is run twice (count, then fill) — so a store can
    /// index straight from its record bytes without a pair list in between.
    /// A two-level counting sort: a scatter into 256 top-level buckets, then
    /// inside each (small enough for the cache) into the final buckets — one
    /// random write per posting into ten million would cost a cache miss each.
    pub fn build_from(hint: usize, slots: usize, each: impl Fn(&mut dyn FnMut(u32, u32))) -> Index {
        const COARSE_BITS: u32 = 8;
        let bits = choose_bits(hint, slots);
        let shift = 32 - bits;
        let low = low_mask(bits);
        let smask = slot_mask(bits);
        let cshift = 32 - COARSE_BITS;
        let nb = 1usize << bits;
        let nc = 1usize << COARSE_BITS;
        let per = 1usize << (bits - COARSE_BITS);
        let mut coarse = vec![0u32; nc + 1];
        each(&mut |k, _| coarse[(k >> cshift) as usize + 1] += 1);
        for i in 0..nc {
            coarse[i + 1] += coarse[i];
        }
        let n = coarse[nc] as usize;
        let mut tmp = vec![0u64; n];
        let mut fill: Vec<u32> = coarse[..nc].to_vec();
        each(&mut |k, s| {
            if let Some(at) = fill.get_mut((k >> cshift) as usize) {
                if let Some(p) = tmp.get_mut(*at as usize) {
                    *p = ((k as u64) << 32) | (s & smask) as u64;
                }
                *at += 1;
            }
        });
        drop(fill);
        let mut offsets = vec![0u32; nb + 1];
        let mut posts = vec![0u32; n];
        let mut fine = vec![0u32; per];
        for (c, w) in coarse.windows(2).enumerate() {
            let (lo, hi) = (w[0] as usize, w[1] as usize);
            let part = tmp.get(lo..hi).unwrap_or(&[]);
            fine.iter_mut().for_each(|x| *x = 0);
            let first = c * per;
            let local = |p: u64| ((p >> (32 + shift)) as usize).wrapping_sub(first);
            for &p in part {
                if let Some(x) = fine.get_mut(local(p)) {
                    *x += 1;
                }
            }
            let mut at = lo as u32;
            for (i, x) in fine.iter_mut().enumerate() {
                if let Some(o) = offsets.get_mut(first + i) {
                    *o = at;
                }
                let count = *x;
                *x = at;
                at += count;
            }
            for &p in part {
                if let Some(x) = fine.get_mut(local(p)) {
                    if let Some(d) = posts.get_mut(*x as usize) {
                        let key = (p >> 32) as u32;
                        *d = ((key & low) << bits) | (p as u32 & smask);
                    }
                    *x += 1;
                }
            }
        }
        offsets[nb] = n as u32;
        drop(tmp);
        for w in offsets.windows(2) {
            if let Some(run) = posts.get_mut(w[0] as usize..w[1] as usize) {
                if run.len() > 1 {
                    run.sort_unstable();
                }
            }
        }
        Index {
            bits,
            bulk: Bulk::Owned { offsets, posts },
            ..Index::default()
        }
    }

    /// A bulk read in place from `buf` at `at` (a section [`Index::write`]
    /// wrote); checks the header and that the offsets table rises from 0 to
    /// the posting count, so every run a lookup takes lies inside the
    /// postings. Returns the index and the end of the section.
    pub fn view(buf: &[u8], at: usize) -> Result<(Index, usize), &'static str> {
        let (bits, offsets, posts, len, end) = section(at, |at, n| {
            buf.get(at..at.checked_add(n)?).map(Cow::Borrowed)
        })?;
        if end > buf.len() {
            return Err("truncated index");
        }
        let bulk = Bulk::View {
            offsets,
            posts,
            len,
        };
        Ok((
            Index {
                bits,
                bulk,
                ..Index::default()
            },
            end,
        ))
    }

    /// [`Index::view`] of a section left in `src` (checked the same way;
    /// the offsets table is read once for that).
    pub fn view_cold(src: &Rc<dyn Source>, at: usize) -> Result<(Index, usize), &'static str> {
        let (bits, offsets, posts, len, end) = section(at, |at, n| {
            // bounded by the source before anything is allocated
            if at.checked_add(n)? > src.size() {
                return None;
            }
            let mut v = vec![0u8; n];
            src.read(at, &mut v).then_some(Cow::Owned(v))
        })?;
        if end > src.size() {
            return Err("truncated index");
        }
        let bulk = Bulk::Cold {
            offsets,
            posts,
            len,
            src: src.clone(),
        };
        Ok((
            Index {
                bits,
                bulk,
                ..Index::default()
            },
            end,
        ))
    }

    /// A cold bulk read in place from now on: the store's bytes now hold
    /// the whole file, the section at the same positions.
    pub fn warm(&mut self) {
        if let Bulk::Cold {
            offsets,
            posts,
            len,
            ..
        } = self.bulk
        {
            self.bulk = Bulk::View {
                offsets,
                posts,
                len,
            };
        }
    }

    fn arrays<'a>(&'a self, buf: &'a [u8]) -> Option<(U32s<'a>, U32s<'a>)> {
        match &self.bulk {
            Bulk::Empty | Bulk::Cold { .. } => None,
            Bulk::Owned { offsets, posts } => Some((U32s::Mem(offsets), U32s::Mem(posts))),
            Bulk::View {
                offsets,
                posts,
                len,
            } => {
                let o = buf.get(*offsets..*posts)?;
                let p = buf.get(*posts..posts.checked_add(4 * len)?)?;
                Some((U32s::Le(o), U32s::Le(p)))
            }
        }
    }

    /// The bulk's run of postings under `key`: the postings and the range.
    fn run<'a>(&'a self, buf: &'a [u8], key: u32) -> Option<(U32s<'a>, usize, usize)> {
        let (offsets, posts) = self.arrays(buf)?;
        let b = (key >> (32 - self.bits)) as usize;
        let s = offsets.get(b)? as usize;
        let e = (offsets.get(b + 1)? as usize).min(posts.len());
        self.run_in(posts, s, e, key)
    }

    /// `key`'s run inside bucket `s..e` of `posts`.
    fn run_in<'a>(
        &self,
        posts: U32s<'a>,
        s: usize,
        e: usize,
        key: u32,
    ) -> Option<(U32s<'a>, usize, usize)> {
        if s >= e {
            return None;
        }
        let bits = self.bits;
        let kl = key & low_mask(bits);
        let klow = |i: usize| posts.get(i).map(|p| p >> bits);
        if klow(s) == Some(kl) && klow(e - 1) == Some(kl) {
            return Some((posts, s, e));
        }
        let lo = posts.lower_bound(s, e, (kl as u64) << bits);
        let hi = posts.lower_bound(lo, e, ((kl as u64) + 1) << bits);
        Some((posts, lo, hi))
    }

    /// Adds one posting to the delta.
    pub fn insert(&mut self, key: u32, slot: u32) {
        self.delta.entry(key).or_default().push(slot);
        self.delta_len += 1;
    }

    fn bulk_len(&self) -> usize {
        match &self.bulk {
            Bulk::Empty => 0,
            Bulk::Owned { posts, .. } => posts.len(),
            Bulk::View { len, .. } | Bulk::Cold { len, .. } => *len,
        }
    }

    /// The bucket (and slot) width.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Postings in the bulk plus the delta.
    pub fn len(&self) -> usize {
        self.bulk_len() + self.delta_len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the delta has grown enough that a rebuild pays.
    pub fn wants_rebuild(&self) -> bool {
        self.delta_len > 50_000usize.max(self.bulk_len() / 4)
    }

    /// Calls `f` with every slot posted under `key` (bulk first, then delta, so
    /// in insertion order when slots were built in order). `buf` is the
    /// store's loaded bytes.
    pub fn for_each(&self, buf: &[u8], key: u32, mut f: impl FnMut(u32)) {
        let m = slot_mask(self.bits);
        if let Some((posts, lo, hi)) = self.run(buf, key) {
            for i in lo..hi {
                if let Some(p) = posts.get(i) {
                    f(p & m);
                }
            }
        } else if let Some(bucket) = self.cold_bucket(key) {
            if let Some((_, lo, hi)) = self.run_in(U32s::Mem(&bucket), 0, bucket.len(), key) {
                bucket
                    .get(lo..hi)
                    .unwrap_or(&[])
                    .iter()
                    .for_each(|p| f(p & m));
            }
        }
        if let Some(v) = self.delta.get(&key) {
            v.iter().for_each(|&s| f(s));
        }
    }

    /// Number of postings under `key` (live or not), without visiting them.
    pub fn count(&self, buf: &[u8], key: u32) -> usize {
        let bulk = match self.run(buf, key) {
            Some((_, lo, hi)) => hi - lo,
            None => self.cold_bucket(key).map_or(0, |b| {
                self.run_in(U32s::Mem(&b), 0, b.len(), key)
                    .map_or(0, |(_, lo, hi)| hi - lo)
            }),
        };
        bulk + self.delta.get(&key).map_or(0, Vec::len)
    }

    /// A cold bulk's two arrays, copied out of the source whole (a save
    /// before the store was warmed; never on the query path).
    fn cold_arrays(&self) -> Option<(Vec<u32>, Vec<u32>)> {
        let Bulk::Cold {
            offsets,
            posts,
            len,
            src,
        } = &self.bulk
        else {
            return None;
        };
        let read = |at: usize, n: usize| -> Option<Vec<u32>> {
            let mut raw = vec![0u8; n.checked_mul(4)?];
            src.read(at, &mut raw).then(|| {
                raw.chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            })
        };
        Some((
            read(*offsets, (1usize << self.bits) + 1)?,
            read(*posts, *len)?,
        ))
    }

    /// The postings of `key`'s bucket in a cold bulk, copied out of the source.
    fn cold_bucket(&self, key: u32) -> Option<Vec<u32>> {
        let Bulk::Cold {
            offsets,
            posts,
            len,
            src,
        } = &self.bulk
        else {
            return None;
        };
        let b = (key >> (32 - self.bits)) as usize;
        let mut se = [0u8; 8];
        if !src.read(offsets.checked_add(4 * b)?, &mut se) {
            return None;
        }
        let s = u32::from_le_bytes([se[0], se[1], se[2], se[3]]) as usize;
        let e = (u32::from_le_bytes([se[4], se[5], se[6], se[7]]) as usize).min(*len);
        let mut raw = vec![0u8; 4 * e.checked_sub(s)?];
        if !src.read(posts.checked_add(4 * s)?, &mut raw) {
            return None;
        }
        Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// [`Index::count`] from a table of the bulk's counts, built on the first
    /// call (one pass over the postings; with the store's loaded bytes `buf`,
    /// which must be the same on every call).
    pub fn count_fast(&self, buf: &[u8], key: u32) -> usize {
        let counts = self.counts.get_or_init(|| self.count_table(buf));
        counts.get(key) + self.delta.get(&key).map_or(0, Vec::len)
    }

    fn count_table(&self, buf: &[u8]) -> Counts {
        let cold = self.cold_arrays();
        let arrays = match &cold {
            Some((o, p)) => Some((U32s::Mem(o), U32s::Mem(p))),
            None => self.arrays(buf),
        };
        let Some((offsets, posts)) = arrays else {
            return Counts::default();
        };
        let bits = self.bits;
        let shift = 32 - bits;
        let mut keys: Vec<(u32, u32)> = Vec::new();
        for b in 0..offsets.len().saturating_sub(1) {
            let (Some(s), Some(e)) = (offsets.get(b), offsets.get(b + 1)) else {
                continue;
            };
            let mut last: Option<u32> = None;
            for i in s as usize..(e as usize).min(posts.len()) {
                let Some(p) = posts.get(i) else { continue };
                let key = ((b as u32) << shift) | (p >> bits);
                match keys.last_mut() {
                    Some((k, n)) if last == Some(key) && *k == key => *n += 1,
                    _ => keys.push((key, 1)),
                }
                last = Some(key);
            }
        }
        let mut c = Counts {
            table: vec![0; (keys.len() * 2).next_power_of_two().max(16)],
        };
        for (k, n) in keys {
            c.put(k, n);
        }
        c
    }

    /// Appends the index as a file section — `u32 bits, u32 count, u32
    /// offsets[2^bits + 1], u32 postings[count]`, little-endian — over the
    /// slots renumbered by `map` (old slot → new slot, `u32::MAX` for a slot
    /// that is not written; `None`: slots unchanged) with `slots` slots in
    /// all. The delta is merged in bucket by bucket when the bucket width
    /// stays (the usual save after a story is recorded: one linear pass);
    /// otherwise the section is rebuilt from all the pairs.
    pub fn write(&self, buf: &[u8], out: &mut Vec<u8>, map: Option<&[u32]>, slots: usize) {
        let remap = |s: u32| -> Option<u32> {
            let n = match map {
                Some(m) => *m.get(s as usize)?,
                None => s,
            };
            ((n as usize) < slots).then_some(n)
        };
        let mut delta: Vec<(u32, u32)> = self
            .delta
            .iter()
            .flat_map(|(&k, v)| v.iter().map(move |&s| (k, s)))
            .filter_map(|(k, s)| Some((k, remap(s)?)))
            .collect();
        delta.sort_unstable();
        let cold = self.cold_arrays();
        let arrays = match &cold {
            Some((o, p)) => Some((U32s::Mem(o), U32s::Mem(p))),
            None => self.arrays(buf),
        };
        let old = self.bits;
        let om = if old > 0 { slot_mask(old) } else { 0 };
        let live_bulk = arrays.map_or(0, |(_, posts)| {
            (0..posts.len())
                .filter(|&i| posts.get(i).is_some_and(|p| remap(p & om).is_some()))
                .count()
        });
        let total = live_bulk + delta.len();
        let bits = choose_bits(total, slots);
        out.reserve(SECTION_HEAD + 4 * ((1usize << bits) + 1 + total));
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&(total as u32).to_le_bytes());
        let Some((offsets, posts)) = arrays.filter(|_| bits == old) else {
            // a different width: rebuild from every pair
            let mut pairs = delta;
            if let Some((offsets, posts)) = arrays {
                let shift = 32 - old;
                for b in 0..offsets.len().saturating_sub(1) {
                    let (s, e) = (offsets.get(b), offsets.get(b + 1));
                    let (Some(s), Some(e)) = (s, e) else { continue };
                    for i in s as usize..e as usize {
                        let Some(p) = posts.get(i) else { continue };
                        if let Some(ns) = remap(p & om) {
                            pairs.push((((b as u32) << shift) | (p >> old), ns));
                        }
                    }
                }
            }
            let ix = Index::build(&pairs, slots);
            if let Bulk::Owned { offsets, posts } = &ix.bulk {
                offsets
                    .iter()
                    .chain(posts)
                    .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
            }
            return;
        };
        // same width: merge bucket by bucket
        let low = low_mask(bits);
        let shift = 32 - bits;
        let nb = 1usize << bits;
        let table_at = out.len();
        out.resize(table_at + 4 * (nb + 1), 0);
        let mut written = 0u32;
        let mut d = delta.iter().peekable();
        let put_offset = |out: &mut Vec<u8>, b: usize, v: u32| {
            if let Some(c) = out.get_mut(table_at + 4 * b..table_at + 4 * b + 4) {
                c.copy_from_slice(&v.to_le_bytes());
            }
        };
        for b in 0..nb {
            put_offset(out, b, written);
            let s = offsets.get(b).unwrap_or(0) as usize;
            let e = offsets.get(b + 1).unwrap_or(0) as usize;
            let mut i = s;
            loop {
                let bulk_next = (i < e)
                    .then(|| posts.get(i))
                    .flatten()
                    .map(|p| (p >> bits, p & om));
                let delta_next = d
                    .peek()
                    .filter(|(k, _)| (k >> shift) as usize == b)
                    .map(|&&(k, s)| (k & low, s));
                let take_bulk = match (bulk_next, delta_next) {
                    (None, None) => break,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (Some((bk, _)), Some((dk, _))) => bk <= dk,
                };
                let (kl, s) = if take_bulk {
                    i += 1;
                    match bulk_next.and_then(|(kl, s)| Some((kl, remap(s)?))) {
                        Some(x) => x,
                        None => continue,
                    }
                } else {
                    d.next();
                    match delta_next {
                        Some(x) => x,
                        None => continue,
                    }
                };
                out.extend_from_slice(&((kl << bits) | s).to_le_bytes());
                written += 1;
            }
        }
        put_offset(out, nb, written);
    }
}

/// Checks a section's head and offsets table, read through `get(at, n)`:
/// bits, offsets table and postings positions, posting count, end.
fn section<'a>(
    at: usize,
    mut get: impl FnMut(usize, usize) -> Option<Cow<'a, [u8]>>,
) -> Result<(u32, usize, usize, usize, usize), &'static str> {
    let head = get(at, SECTION_HEAD).ok_or("truncated index")?;
    let bits = read_u32(&head, 0).ok_or("truncated index")?;
    let len = read_u32(&head, 4).ok_or("truncated index")? as usize;
    if !(8..=30).contains(&bits) {
        return Err("bad index width");
    }
    let offsets = at + SECTION_HEAD;
    let nb = 1usize << bits;
    let posts = offsets + 4 * (nb + 1);
    let end = posts
        .checked_add(len.checked_mul(4).ok_or("bad index size")?)
        .ok_or("bad index size")?;
    let table = get(offsets, 4 * (nb + 1)).ok_or("truncated index")?;
    let mut last = 0u32;
    for c in table.chunks_exact(4) {
        let o = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        if o < last {
            return Err("index offsets out of order");
        }
        last = o;
    }
    if read_u32(&table, 0) != Some(0) || last as usize != len {
        return Err("index offsets disagree with its size");
    }
    Ok((bits, offsets, posts, len, end))
}

fn low_mask(bits: u32) -> u32 {
    if bits == 0 {
        u32::MAX
    } else {
        (1u32 << (32 - bits)) - 1
    }
}

fn slot_mask(bits: u32) -> u32 {
    if bits >= 32 {
        u32::MAX
    } else {
        (1u32 << bits) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots_of(ix: &Index, buf: &[u8], key: u32) -> Vec<u32> {
        let mut got = Vec::new();
        ix.for_each(buf, key, |s| got.push(s));
        got
    }

    #[test]
    fn finds_bulk_and_delta_postings() {
        let pairs: Vec<(u32, u32)> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761), i))
            .collect();
        let mut ix = Index::build(&pairs, 7000);
        ix.insert(7, 5000);
        ix.insert(pairs[3].0, 6000);
        assert_eq!(slots_of(&ix, &[], pairs[3].0), vec![3, 6000]);
        assert_eq!(ix.count(&[], 7), 1);
        assert_eq!(ix.count(&[], 8), 0);
        assert_eq!(ix.len(), 1002);
        assert_eq!(Index::default().count(&[], 1), 0);
        // one key posted many times in a bucket shared with others
        let mut pairs: Vec<(u32, u32)> = (0..50u32).map(|i| (0x8000_0000, i)).collect();
        pairs.extend((0..20u32).map(|i| (0x8000_0001 + i, 100 + i)));
        let ix = Index::build(&pairs, 200);
        assert_eq!(ix.count(&[], 0x8000_0000), 50);
        assert_eq!(ix.count(&[], 0x8000_0005), 1);
        assert_eq!(ix.count_fast(&[], 0x8000_0000), 50);
        assert_eq!(ix.count_fast(&[], 0x8000_0005), 1);
        assert_eq!(ix.count_fast(&[], 0x7fff_ffff), 0);
        assert_eq!(
            slots_of(&ix, &[], 0x8000_0000),
            (0..50).collect::<Vec<u32>>()
        );
    }

    #[test]
    fn written_sections_read_back_in_place() {
        let pairs: Vec<(u32, u32)> = (0..5000u32)
            .map(|i| ((i % 1700).wrapping_mul(2_654_435_761), i % 300))
            .collect();
        let mut ix = Index::build(&pairs, 300);
        ix.insert(42, 299);
        ix.insert(pairs[10].0, 5);
        // slot 7 forgotten: later slots move down by one
        let map: Vec<u32> = (0..300u32)
            .map(|s| match s {
                7 => u32::MAX,
                s if s > 7 => s - 1,
                s => s,
            })
            .collect();
        for (m, slots) in [(None, 300usize), (Some(&map[..]), 299)] {
            let mut buf = vec![9u8; 3];
            ix.write(&[], &mut buf, m, slots);
            let (v, end) = Index::view(&buf, 3).unwrap();
            assert_eq!(end, buf.len());
            let fix = |s: u32| {
                m.map_or(Some(s), |m| {
                    (m[s as usize] != u32::MAX).then(|| m[s as usize])
                })
            };
            for key in [42, pairs[10].0, pairs[7].0, pairs[1699].0, 12345] {
                let mut want: Vec<u32> = slots_of(&ix, &[], key)
                    .into_iter()
                    .filter_map(fix)
                    .collect();
                want.sort_unstable();
                let mut got = slots_of(&v, &buf, key);
                got.sort_unstable();
                assert_eq!(got, want, "key {key}");
                assert_eq!(v.count(&buf, key), want.len());
                assert_eq!(v.count_fast(&buf, key), want.len());
            }
            // written again from the view: the same bytes
            let mut again = vec![9u8; 3];
            v.write(&buf, &mut again, None, slots);
            assert_eq!(again, buf);
            // left in a source: the same answers, the same bytes written, and warm in place
            let src: Rc<dyn Source> = Rc::new(buf.clone());
            let (mut c, cend) = Index::view_cold(&src, 3).unwrap();
            assert_eq!(cend, end);
            for key in [42, pairs[10].0, pairs[7].0, pairs[1699].0, 12345] {
                assert_eq!(slots_of(&c, &[], key), slots_of(&v, &buf, key));
                assert_eq!(c.count(&[], key), v.count(&buf, key));
                assert_eq!(c.count_fast(&[], key), v.count(&buf, key));
            }
            let mut from_cold = vec![9u8; 3];
            c.write(&[], &mut from_cold, None, slots);
            assert_eq!(from_cold, buf);
            c.warm();
            assert_eq!(
                slots_of(&c, &buf, pairs[10].0),
                slots_of(&v, &buf, pairs[10].0)
            );
            assert!(Index::view_cold(
                &(Rc::new(buf[..buf.len() - 1].to_vec()) as Rc<dyn Source>),
                3
            )
            .is_err());
        }
        // damage is refused, not followed
        let mut buf = Vec::new();
        ix.write(&[], &mut buf, None, 300);
        assert!(Index::view(&buf[..buf.len() - 1], 0).is_err());
        let mut bad = buf.clone();
        bad[12] = 0xff;
        assert!(Index::view(&bad, 0).is_err());
        bad = buf.clone();
        bad[0] = 40;
        assert!(Index::view(&bad, 0).is_err());
    }
}
