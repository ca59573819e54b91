//! A binary adaptive range coder (the one LZMA uses: 11-bit probabilities,
//! adapting by 1/32 of the error per bit), for the actor model's weight
//! stream.
//!
//! Why not leave it to gzip: the extension ships gzipped, but gzip codes
//! whole bytes with one Huffman table and finds almost no repeats in hashed
//! weights; which tags of a bucket carry a weight, and the sign and size of
//! each, are skewed bits that depend on their neighbours, and an adaptive
//! coder with a small context per bit takes them down to their entropy
//! (~20% smaller than gzip on the same cells). Decoding costs a few
//! nanoseconds per bit, once, when the model is first used. The encoder is
//! deterministic, so a trained model still writes the same bytes.

/// Probability scale (11 bits) and adaptation shift.
const PROB_BITS: u32 = 11;
const MOVE_BITS: u32 = 5;
const TOP: u32 = 1 << 24;

/// A bit's adaptive probability of being 0 (out of 2^11), starting at 1/2.
pub type Prob = u16;
pub const PROB_INIT: Prob = 1 << (PROB_BITS - 1);

/// Writes bits into a byte vector.
pub struct Encoder {
    low: u64,
    range: u32,
    cache: u8,
    cache_size: u64,
    out: Vec<u8>,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder {
            low: 0,
            range: u32::MAX,
            cache: 0,
            cache_size: 1,
            out: Vec::new(),
        }
    }
}

impl Encoder {
    /// Codes one bit with the adaptive probability `p` (and adapts it).
    pub fn bit(&mut self, p: &mut Prob, bit: bool) {
        let bound = (self.range >> PROB_BITS) * u32::from(*p);
        if bit {
            self.low += u64::from(bound);
            self.range -= bound;
            *p -= *p >> MOVE_BITS;
        } else {
            self.range = bound;
            *p += ((1 << PROB_BITS) - *p) >> MOVE_BITS;
        }
        while self.range < TOP {
            self.range <<= 8;
            self.shift_low();
        }
    }

    fn shift_low(&mut self) {
        if self.low < 0xFF00_0000 || self.low > 0xFFFF_FFFF {
            let carry = (self.low >> 32) as u8;
            let mut temp = self.cache;
            loop {
                self.out.push(temp.wrapping_add(carry));
                temp = 0xFF;
                self.cache_size -= 1;
                if self.cache_size == 0 {
                    break;
                }
            }
            self.cache = (self.low >> 24) as u8;
        }
        self.cache_size += 1;
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    /// Flushes the coder and returns the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        for _ in 0..5 {
            self.shift_low();
        }
        self.out
    }
}

/// Reads bits back; past the end of its bytes it reads zeros (never
/// panics) and [`Decoder::overrun`] tells.
pub struct Decoder<'a> {
    code: u32,
    range: u32,
    b: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        let mut d = Decoder {
            code: 0,
            range: u32::MAX,
            b,
            pos: 0,
        };
        for _ in 0..5 {
            d.code = (d.code << 8) | u32::from(d.byte());
        }
        d
    }

    #[inline]
    fn byte(&mut self) -> u8 {
        let v = self.b.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v
    }

    /// Decodes one bit coded with the adaptive probability `p`. Branch-free
    /// but for the renormalisation: the bits of a weight's sign and size
    /// are close to coin flips, which a branch would mispredict half the
    /// time.
    #[inline]
    pub fn bit(&mut self, p: &mut Prob) -> bool {
        let bound = (self.range >> PROB_BITS) * u32::from(*p);
        let bit = self.code >= bound;
        let m = u32::from(bit).wrapping_neg();
        self.code -= bound & m;
        self.range = (bound & !m) | (self.range.wrapping_sub(bound) & m);
        let up = *p + (((1 << PROB_BITS) - *p) >> MOVE_BITS);
        let down = *p - (*p >> MOVE_BITS);
        *p = if bit { down } else { up };
        // one step suffices: the range stays >= 2^18 after any bit
        if self.range < TOP {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(self.byte());
        }
        bit
    }

    /// Whether more bytes were read than there are (a cut stream).
    pub fn overrun(&self) -> bool {
        self.pos > self.b.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(n: usize) -> Vec<(usize, bool)> {
        // skewed bits over 8 contexts, from a fixed xorshift
        let mut x = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let ctx = i % 8;
                (ctx, x % 100 < (ctx as u64 * 12 + 2))
            })
            .collect()
    }

    #[test]
    fn round_trips_and_compresses_skewed_bits() {
        let input = bits(100_000);
        let mut e = Encoder::default();
        let mut p = [PROB_INIT; 8];
        for &(c, b) in &input {
            e.bit(&mut p[c], b);
        }
        let out = e.finish();
        // the bits carry ~0.7 bit of information each
        assert!(out.len() < 100_000 / 8 * 8 / 10, "{}", out.len());
        let mut d = Decoder::new(&out);
        let mut p = [PROB_INIT; 8];
        for &(c, b) in &input {
            assert_eq!(d.bit(&mut p[c]), b);
        }
        assert!(!d.overrun());
    }

    #[test]
    fn a_cut_stream_reads_zeros_and_says_so() {
        let input = bits(5_000);
        let mut e = Encoder::default();
        let mut p = PROB_INIT;
        for &(_, b) in &input {
            e.bit(&mut p, b);
        }
        let out = e.finish();
        let mut d = Decoder::new(&out[..out.len() / 2]);
        let mut p = PROB_INIT;
        for _ in &input {
            d.bit(&mut p);
        }
        assert!(d.overrun());
        // garbage decodes without a panic
        let mut d = Decoder::new(&[0xff; 7]);
        for _ in 0..1000 {
            d.bit(&mut p);
        }
        assert!(d.overrun());
    }
}
