//! Offsets: the core works in UTF-8 byte offsets (cheap slicing); the CLI
//! contract counts Unicode scalar values and the DOM counts UTF-16 code
//! units. One table converts at the door, so no tagger has to care.

/// The unit an outside consumer counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// UTF-8 bytes (the core's own unit).
    Bytes,
    /// Unicode scalar values (the CLI contract, Python string indices).
    Chars,
    /// UTF-16 code units (JavaScript strings, DOM text nodes).
    Utf16,
}

/// Converts byte offsets of one text into another unit. Built once per text
/// in O(n); a lookup is a binary search over the non-ASCII characters only,
/// so an ASCII page costs next to nothing.
pub struct OffsetMap {
    unit: Unit,
    /// At every non-ASCII character: (byte offset, units before it, its UTF-8 length).
    marks: Vec<(usize, usize, u8)>,
    len_bytes: usize,
}

impl OffsetMap {
    pub fn new(text: &str, unit: Unit) -> Self {
        let mut marks = Vec::new();
        if unit != Unit::Bytes {
            let mut units = 0usize;
            for (i, c) in text.char_indices() {
                if !c.is_ascii() {
                    marks.push((i, units, c.len_utf8() as u8));
                }
                units += match unit {
                    Unit::Utf16 => c.len_utf16(),
                    _ => 1,
                };
            }
        }
        OffsetMap {
            unit,
            marks,
            len_bytes: text.len(),
        }
    }

    /// The offset, in this map's unit, of byte offset `b` (clamped to the
    /// text; a byte inside a character maps to that character's start).
    pub fn map(&self, b: usize) -> usize {
        let b = b.min(self.len_bytes);
        if self.unit == Unit::Bytes || self.marks.is_empty() {
            return b;
        }
        let idx = self.marks.partition_point(|&(pos, _, _)| pos <= b);
        if idx == 0 {
            return b; // only ASCII before b
        }
        let (pos, units, len) = self.marks[idx - 1];
        let len = len as usize;
        if b < pos + len {
            return units;
        }
        let own = if self.unit == Unit::Utf16 && len == 4 {
            2
        } else {
            1
        };
        units + own + (b - pos - len)
    }
}

/// Byte offset of the `n`-th character of `text` (or its length).
pub fn char_to_byte(text: &str, n: usize) -> usize {
    text.char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_bytes_to_chars_and_utf16() {
        let t = "a’b😀c";
        let chars = OffsetMap::new(t, Unit::Chars);
        let u16 = OffsetMap::new(t, Unit::Utf16);
        let want: Vec<(usize, usize, usize)> = vec![
            (0, 0, 0),
            (1, 1, 1),
            (4, 2, 2),
            (5, 3, 3),
            (9, 4, 5),
            (10, 5, 6),
        ];
        for (b, c, u) in want {
            assert_eq!(chars.map(b), c, "chars at byte {b}");
            assert_eq!(u16.map(b), u, "utf16 at byte {b}");
        }
        assert_eq!(char_to_byte(t, 2), 4);
    }
}
