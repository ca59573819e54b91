//! Hashing for the feature table and the gazetteer: FNV-1a over bytes (with
//! lower-casing folded in, so no lower-cased copy of a token is ever made) and
//! a multiply-xorshift mixer to combine a template id with token hashes.
//!
//! These functions define the model's feature space: changing any of them
//! invalidates the committed weights (the model header carries
//! [`super::features::FEATURE_VERSION`] to catch that).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of the bytes.
#[inline]
pub fn fnv(s: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in s {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// FNV-1a of the lower-cased text, and of ’ read as ' (so "Japan’s" and
/// "Japan's" share features).
#[inline]
pub fn fnv_lower(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(FNV_PRIME);
        }
        return h;
    }
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        for lc in c.to_lowercase() {
            for &b in lc.encode_utf8(&mut buf).as_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(FNV_PRIME);
            }
        }
    }
    h
}

/// Combines two hashes (order matters).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let mut h = (a ^ b.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 32;
    h = h.wrapping_mul(0xd6e8_feb8_6659_fd93);
    h ^ (h >> 29)
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by precomputed 64-bit hashes.
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hash_folds_case_and_apostrophes() {
        assert_eq!(fnv_lower("TikTok"), fnv_lower("TIKTOK"));
        assert_eq!(fnv_lower("tiktok"), fnv(b"tiktok"));
        assert_eq!(fnv_lower("JAPAN’S"), fnv_lower("japan's"));
        assert_eq!(fnv_lower("ÉTÉ"), fnv_lower("été"));
        assert_ne!(mix(1, 2), mix(2, 1));
    }
}
