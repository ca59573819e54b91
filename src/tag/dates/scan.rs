//! The token stream the date grammar walks: words, digit runs and single
//! punctuation marks, each with its byte range, whether whitespace precedes it
//! and an ASCII-lowercased key for lexicon look-ups.
//!
//! Why our own scanner instead of UAX #29 words: the grammar needs "p.m.",
//! "mid-September", "1990s" and "7/29/2020" split at exactly the places where
//! the patterns look, and it needs the lowercased key without allocating per
//! token (the key lives in a fixed inline buffer; words too long for it or
//! not ASCII simply never match the lexicon, which is all English ASCII).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Punct(char),
}

const KEY_CAP: usize = 14;

/// One token of a sentence.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whitespace (or the sentence start) precedes the token.
    pub gap: bool,
    /// First letter upper-case.
    pub cap: bool,
    /// [`super::lexicon::start_class`] of a word; 1 for numbers, 0 for punctuation.
    pub trig: u8,
    key: [u8; KEY_CAP],
    klen: u8,
    /// The key is the token's own text (ASCII, short enough, no capital): [`Tok::key_in`] slices the page
    /// instead of UTF-8-validating the buffer again.
    lower: bool,
}

impl Tok {
    /// The lowercased ASCII text, or "" when the token is too long or not ASCII.
    pub fn key(&self) -> &str {
        std::str::from_utf8(&self.key[..self.klen as usize]).unwrap_or("")
    }

    /// [`Tok::key`], read from `text` (the text the token was scanned from) when the token is already
    /// lower-case: a boundary check instead of a `from_utf8` call, which the grammar paid per token.
    pub fn key_in<'a>(&'a self, text: &'a str) -> &'a str {
        if self.lower {
            text.get(self.start..self.end).unwrap_or("")
        } else {
            self.key()
        }
    }
}

/// 0 whitespace, 1 digit, 2 letter, 3 other.
fn class(c: char) -> u8 {
    if c.is_ascii() {
        return ASCII_CLASS[c as usize];
    }
    if c.is_alphabetic() {
        2
    } else if c.is_whitespace() {
        0
    } else {
        3
    }
}

/// [`class`] of each ASCII byte, so the common case is one table load.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [3u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            1
        } else if c.is_ascii_alphabetic() {
            2
        } else if c.is_ascii_whitespace() || c == 0x0b {
            0
        } else {
            3
        };
        b += 1;
    }
    t
};

/// The char at byte `i` of `s` with its class (None past the end).
fn char_at(s: &str, i: usize) -> Option<(char, u8)> {
    let b = *s.as_bytes().get(i)?;
    if b < 128 {
        return Some((b as char, ASCII_CLASS[b as usize]));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, class(c)))
}

/// Scans `text[start..end]` into `out` (cleared first). Linear, no allocation
/// beyond `out`'s growth; ASCII goes through a byte table.
pub fn scan(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    out.clear();
    let Some(s) = text.get(start..end) else {
        return;
    };
    let mut gap = true;
    let mut i = 0;
    while let Some((c, cl)) = char_at(s, i) {
        let mut j = i + c.len_utf8();
        if cl == 0 {
            gap = true;
            i = j;
            continue;
        }
        if cl == 1 || cl == 2 {
            while let Some((d, dl)) = char_at(s, j) {
                if dl != cl {
                    break;
                }
                j += d.len_utf8();
            }
        }
        let word = s.get(i..j).unwrap_or("");
        let mut key = [0u8; KEY_CAP];
        let mut klen = 0u8;
        let mut lower = false;
        if word.len() <= KEY_CAP && word.is_ascii() {
            lower = true;
            for (n, b) in word.bytes().enumerate() {
                key[n] = b.to_ascii_lowercase();
                lower &= !b.is_ascii_uppercase();
            }
            klen = word.len() as u8;
        }
        let kind = match cl {
            1 => Kind::Num,
            2 => Kind::Word,
            _ => Kind::Punct(c),
        };
        let mut tok = Tok {
            start: start + i,
            end: start + j,
            kind,
            gap,
            cap: c.is_uppercase(),
            trig: 0,
            key,
            klen,
            lower,
        };
        tok.trig = match kind {
            Kind::Num => 1,
            Kind::Word if lower => super::lexicon::start_class(word),
            Kind::Word => super::lexicon::start_class(tok.key()),
            Kind::Punct(_) => 0,
        };
        out.push(tok);
        gap = false;
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        scan(s, 0, s.len(), &mut v);
        v.iter()
            .map(|t| format!("{}{}", if t.gap { " " } else { "" }, &s[t.start..t.end]))
            .collect()
    }

    #[test]
    fn splits_where_the_grammar_looks() {
        assert_eq!(keys("mid-September"), [" mid", "-", "September"]);
        assert_eq!(
            keys("at 3 p.m. in the 1990s"),
            [" at", " 3", " p", ".", "m", ".", " in", " the", " 1990", "s"]
        );
        assert_eq!(keys("7/29/2020"), [" 7", "/", "29", "/", "2020"]);
    }

    #[test]
    fn keys_are_lowercase_and_offsets_are_bytes() {
        let s = "Ünïcode — Tuesday";
        let mut v = Vec::new();
        scan(s, 0, s.len(), &mut v);
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].key(), "");
        assert_eq!(v[2].key(), "tuesday");
        assert!(v[2].cap);
        assert_eq!(&s[v[2].start..v[2].end], "Tuesday");
    }

    #[test]
    fn out_of_range_is_empty() {
        let mut v = Vec::new();
        scan("abc", 2, 10, &mut v);
        assert!(v.is_empty());
        scan("é", 1, 2, &mut v);
        assert!(v.is_empty());
    }
}
