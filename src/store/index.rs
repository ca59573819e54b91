//! An inverted index from 32-bit hashes to record slots, built for a store
//! that is loaded whole, queried often and appended to one story at a time.
//!
//! The bulk lives in a **bucketed array** (one counting-sort pass by the top
//! bits of the hash: an offsets table and parallel key/slot arrays), which
//! builds in two linear passes — loading 100k stories must stay well under
//! 100 ms in the worker, and a hash map of six million postings does not —
//! and answers a lookup by binary search in one short bucket, sorted by key
//! (so a key's postings are one run, counted without visiting them: the
//! coverage tier's document frequencies come from here). Inserts go to a small
//! hash-map delta that the store folds into the bulk when it grows past a
//! fraction of it, so appends stay amortised O(1). The index is never
//! persisted: it is derived from the records (from the hash arrays at the
//! head of each record's bytes, without decoding them), which keeps the file
//! compact and means forgetting a record cannot leave a trace behind in it.

use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Index {
    bits: u32,
    offsets: Vec<u32>,
    /// `key << 32 | slot`, bucket by bucket, sorted inside each bucket.
    posts: Vec<u64>,
    delta: HashMap<u32, Vec<u32>>,
    delta_len: usize,
}

/// Top-level buckets of the first scatter pass: few enough that every
/// bucket's write position stays in cache.
const COARSE_BITS: u32 = 8;

impl Index {
    /// Builds the bulk from `(key, slot)` pairs (a slice so it can be walked twice).
    pub fn build(pairs: &[(u32, u32)]) -> Index {
        Index::build_from(pairs.len(), |emit| {
            pairs.iter().for_each(|&(k, s)| emit(k, s))
        })
    }

    /// Builds the bulk from a generator of `(key, slot)` pairs that is run
    /// twice (count, then fill) — so a store can index straight from its
    /// record bytes without a pair list in between. A two-level counting
    /// sort: a scatter into [`COARSE_BITS`] top-level buckets, then inside
    /// each (small enough for the cache) into the final buckets — one random
    /// write per posting into ten million would cost a cache miss each.
    /// Inside a bucket postings are sorted by key, then slot, so one key's
    /// postings are a contiguous run found by binary search and counted
    /// without a scan.
    pub fn build_from(hint: usize, each: impl Fn(&mut dyn FnMut(u32, u32))) -> Index {
        // about 16 postings per bucket: a small offsets table stays in cache while building
        let mut bits = COARSE_BITS;
        while bits < 24 && (1usize << bits) * 16 < hint {
            bits += 1;
        }
        let shift = 32 - bits;
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
                    *p = ((k as u64) << 32) | s as u64;
                }
                *at += 1;
            }
        });
        drop(fill);
        // second level, one top-level bucket at a time: its final buckets'
        // counters and its postings are both small enough for the cache
        let mut offsets = vec![0u32; nb + 1];
        let mut posts = vec![0u64; n];
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
                        *d = p;
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
            offsets,
            posts,
            delta: HashMap::new(),
            delta_len: 0,
        }
    }

    /// The bulk's run of postings under `key`.
    fn run(&self, key: u32) -> &[u64] {
        if self.offsets.is_empty() {
            return &[];
        }
        let b = (key >> (32 - self.bits)) as usize;
        let (Some(&s), Some(&e)) = (self.offsets.get(b), self.offsets.get(b + 1)) else {
            return &[];
        };
        let Some(ps) = self.posts.get(s as usize..e as usize) else {
            return &[];
        };
        let lo = ps.partition_point(|&p| ((p >> 32) as u32) < key);
        let hi = lo + ps[lo..].partition_point(|&p| (p >> 32) as u32 == key);
        &ps[lo..hi]
    }

    /// Adds one posting to the delta.
    pub fn insert(&mut self, key: u32, slot: u32) {
        self.delta.entry(key).or_default().push(slot);
        self.delta_len += 1;
    }

    /// Postings in the bulk plus the delta.
    pub fn len(&self) -> usize {
        self.posts.len() + self.delta_len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the delta has grown enough that a rebuild pays.
    pub fn wants_rebuild(&self) -> bool {
        self.delta_len > 50_000usize.max(self.posts.len() / 4)
    }

    /// Calls `f` with every slot posted under `key` (bulk first, then delta, so
    /// in insertion order when slots were built in order).
    pub fn for_each(&self, key: u32, mut f: impl FnMut(u32)) {
        self.run(key).iter().for_each(|&p| f(p as u32));
        if let Some(v) = self.delta.get(&key) {
            v.iter().for_each(|&s| f(s));
        }
    }

    /// Number of postings under `key` (live or not), without visiting them.
    pub fn count(&self, key: u32) -> usize {
        self.run(key).len() + self.delta.get(&key).map_or(0, Vec::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_bulk_and_delta_postings() {
        let pairs: Vec<(u32, u32)> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761), i))
            .collect();
        let mut ix = Index::build(&pairs);
        ix.insert(7, 5000);
        ix.insert(pairs[3].0, 6000);
        let mut got = Vec::new();
        ix.for_each(pairs[3].0, |s| got.push(s));
        assert_eq!(got, vec![3, 6000]);
        assert_eq!(ix.count(7), 1);
        assert_eq!(ix.count(8), 0);
        assert_eq!(ix.len(), 1002);
        assert_eq!(Index::default().count(1), 0);
        // one key posted many times in a bucket shared with others
        let mut pairs: Vec<(u32, u32)> = (0..50u32).map(|i| (0x8000_0000, i)).collect();
        pairs.extend((0..20u32).map(|i| (0x8000_0001 + i, 100 + i)));
        let ix = Index::build(&pairs);
        assert_eq!(ix.count(0x8000_0000), 50);
        assert_eq!(ix.count(0x8000_0005), 1);
        let mut got = Vec::new();
        ix.for_each(0x8000_0000, |s| got.push(s));
        assert_eq!(got, (0..50).collect::<Vec<u32>>());
    }
}
