//! An inverted index from 32-bit hashes to record slots, built for a store
//! that is loaded whole, queried often and appended to one story at a time.
//!
//! The bulk lives in a **bucketed array** (one counting-sort pass by the top
//! bits of the hash: an offsets table and parallel key/slot arrays), which
//! builds in two linear passes — loading 100k stories must stay well under
//! 100 ms in the worker, and a hash map of six million postings does not —
//! and answers a lookup by scanning one short bucket. Inserts go to a small
//! hash-map delta that the store folds into the bulk when it grows past a
//! fraction of it, so appends stay amortised O(1). The index is never
//! persisted: it is derived from the records, which keeps the file compact and
//! means forgetting a record cannot leave a trace behind in it.

use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Index {
    bits: u32,
    offsets: Vec<u32>,
    keys: Vec<u32>,
    slots: Vec<u32>,
    delta: HashMap<u32, Vec<u32>>,
    delta_len: usize,
}

impl Index {
    /// Builds the bulk from `(key, slot)` pairs (a slice so it can be walked twice).
    pub fn build(pairs: &[(u32, u32)]) -> Index {
        let n = pairs.len();
        // about 16 postings per bucket: a small offsets table stays in cache while building
        let mut bits = 4u32;
        while bits < 24 && (1usize << bits) * 16 < n {
            bits += 1;
        }
        let shift = 32 - bits;
        let nb = 1usize << bits;
        let mut offsets = vec![0u32; nb + 1];
        for &(k, _) in pairs {
            offsets[(k >> shift) as usize + 1] += 1;
        }
        for i in 0..nb {
            offsets[i + 1] += offsets[i];
        }
        let mut fill: Vec<u32> = offsets[..nb].to_vec();
        let mut keys = vec![0u32; n];
        let mut slots = vec![0u32; n];
        for &(k, s) in pairs {
            let b = (k >> shift) as usize;
            let at = fill[b] as usize;
            keys[at] = k;
            slots[at] = s;
            fill[b] += 1;
        }
        Index {
            bits,
            offsets,
            keys,
            slots,
            delta: HashMap::new(),
            delta_len: 0,
        }
    }

    /// Adds one posting to the delta.
    pub fn insert(&mut self, key: u32, slot: u32) {
        self.delta.entry(key).or_default().push(slot);
        self.delta_len += 1;
    }

    /// Postings in the bulk plus the delta.
    pub fn len(&self) -> usize {
        self.keys.len() + self.delta_len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the delta has grown enough that a rebuild pays.
    pub fn wants_rebuild(&self) -> bool {
        self.delta_len > 50_000usize.max(self.keys.len() / 4)
    }

    /// Calls `f` with every slot posted under `key` (bulk first, then delta, so
    /// in insertion order when slots were built in order).
    pub fn for_each(&self, key: u32, mut f: impl FnMut(u32)) {
        if !self.offsets.is_empty() {
            let b = (key >> (32 - self.bits)) as usize;
            if let (Some(&s), Some(&e)) = (self.offsets.get(b), self.offsets.get(b + 1)) {
                let (s, e) = (s as usize, e as usize);
                if let (Some(ks), Some(vs)) = (self.keys.get(s..e), self.slots.get(s..e)) {
                    for (k, v) in ks.iter().zip(vs) {
                        if *k == key {
                            f(*v);
                        }
                    }
                }
            }
        }
        if let Some(v) = self.delta.get(&key) {
            v.iter().for_each(|&s| f(s));
        }
    }

    /// Number of postings under `key` (live or not).
    pub fn count(&self, key: u32) -> usize {
        let mut n = 0;
        self.for_each(key, |_| n += 1);
        n
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
    }
}
