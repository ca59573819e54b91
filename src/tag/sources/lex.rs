//! The source tagger's own tokens. Attribution rules need finer distinctions
//! than UAX #29 words give: quote marks as opening or closing (straight ones
//! guessed from the spacing around them, `''` as a double quote), titles and
//! initials that keep their period (`Mr.`, `U.S.`) so they are not mistaken
//! for sentence ends, and a glued cue split off its object (`toldThe Post`,
//! a common capture artefact). One linear pass, no allocation per token.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters or digits, with inner apostrophes, hyphens and abbreviation periods.
    Word,
    /// A double quote mark that opens a quotation.
    Open,
    /// A double quote mark that closes a quotation.
    Close,
    /// Any other non-space character.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// First character is upper-case.
    pub cap: bool,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_quote(&self) -> bool {
        matches!(self.kind, Kind::Open | Kind::Close)
    }
}

/// Titles and other abbreviations whose period belongs to the word.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "reps", "gov", "gen", "lt", "col", "capt", "sgt", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "vs", "prof", "rev", "no", "dept", "sens", "govs",
    "pres", "adm", "cmdr", "maj", "supt", "ft", "mt", "jan", "feb", "aug", "sept", "sep", "oct",
    "nov", "dec", "e.g", "i.e", "u.s", "u.n", "u.k", "d.c", "calif", "fla", "mass", "ariz", "wash",
    "penn", "del", "ore", "conn",
];

/// Cues that capture tools sometimes glue to the next word (`toldThe Post`).
const GLUED: &[&str] = &["told", "said", "says", "added", "wrote", "tells", "asked"];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Lower-cases `s` into `buf` with typographic apostrophes made straight: the key for every lexicon look-up.
pub fn key_into(s: &str, buf: &mut String) {
    buf.clear();
    key_push(s, buf);
}

/// As [`key_into`], appending to `buf` (one key buffer for a whole page; ASCII words, the common case, take a
/// byte-wise path).
pub fn key_push(s: &str, buf: &mut String) {
    if s.is_ascii() {
        // One copy and an in-place lower-casing, not a `push` (capacity and UTF-8 check) per byte.
        let start = buf.len();
        buf.push_str(s);
        if let Some(t) = buf.get_mut(start..) {
            t.make_ascii_lowercase();
        }
        return;
    }
    for c in s.chars() {
        match c {
            '’' | '‘' => buf.push('\''),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// Tokens of `text[range]` as byte ranges into `text`.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(text, range, &mut out);
    out
}

/// As [`tokens`], appending to `out` (one buffer for a whole page).
pub fn tokens_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let base = range.start;
    let mut it = slice.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            // Word characters, and joiners followed by a word character.
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    it.next();
                    end = j + d.len_utf8();
                    continue;
                }
                if is_inner_joiner(d) {
                    let after = slice[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        it.next();
                        end = j + d.len_utf8();
                        continue;
                    }
                }
                break;
            }
            // An abbreviation keeps its period: titles, single initials, dotted forms.
            if slice[end..].starts_with('.') {
                let w = &slice[i..end];
                let initial = w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase());
                // ASCII-only entries: no non-ASCII letter lower-cases to one of them, so no key is needed.
                if initial || w.contains('.') || ABBREV.iter().any(|a| a.eq_ignore_ascii_case(w)) {
                    it.next();
                    end += 1;
                }
            }
            let word = &slice[i..end];
            let cap = c.is_uppercase();
            // `toldThe`: a lower-case cue glued to a capitalised word.
            // Gate: every glued cue is 4 or 5 ASCII bytes, so the capital starts at byte 4 or 5 (ASCII
            // upper-case or a multi-byte char); most words skip the per-cue compares.
            let wb = word.as_bytes();
            let maybe_glued = [4, 5].iter().any(|&n| {
                wb.get(n)
                    .is_some_and(|&x| x.is_ascii_uppercase() || x >= 0x80)
            });
            let split = GLUED.iter().filter(|_| maybe_glued).find_map(|g| {
                let rest = word.get(g.len()..)?;
                (word.get(..g.len())? == *g && rest.chars().next().is_some_and(char::is_uppercase))
                    .then_some(g.len())
            });
            // `he’s`, `they’ve`: the pronoun is the source, the contraction belongs to the cue.
            let split = split.or_else(|| contraction(word));
            if let Some(n) = split {
                let rest_cap = word[n..].chars().next().is_some_and(char::is_uppercase);
                out.push(Token {
                    start: base + i,
                    end: base + i + n,
                    kind: Kind::Word,
                    cap,
                });
                out.push(Token {
                    start: base + i + n,
                    end: base + end,
                    kind: Kind::Word,
                    cap: rest_cap,
                });
            } else {
                out.push(Token {
                    start: base + i,
                    end: base + end,
                    kind: Kind::Word,
                    cap,
                });
            }
            continue;
        }
        let mut end = i + c.len_utf8();
        let kind = match c {
            '“' | '«' | '„' => Kind::Open,
            '”' | '»' => Kind::Close,
            '"' => straight(slice, i, end),
            '\'' if slice[end..].starts_with('\'') => {
                it.next();
                end += 1;
                straight(slice, i, end)
            }
            _ => Kind::Punct,
        };
        out.push(Token {
            start: base + i,
            end: base + end,
            kind,
            cap: false,
        });
    }
}

/// Where a pronoun ends inside `he’s`, `I've`, `they're` (byte offset), if the word is one.
fn contraction(word: &str) -> Option<usize> {
    const PRON: &[&str] = &[
        "he", "she", "it", "i", "we", "they", "you", "who", "that", "there",
    ];
    const TAIL: &[&str] = &["s", "ve", "re", "ll", "d", "m"];
    let (cut, apo) = word.char_indices().find(|&(_, c)| c == '\'' || c == '’')?;
    let head = &word[..cut];
    let tail = &word[cut + apo.len_utf8()..];
    let pron = PRON.iter().any(|p| p.eq_ignore_ascii_case(head));
    let known = TAIL.iter().any(|t| t.eq_ignore_ascii_case(tail));
    (pron && known).then_some(cut)
}

/// A straight quote opens when nothing word-like touches it on the left, else closes.
fn straight(slice: &str, start: usize, end: usize) -> Kind {
    let before = slice[..start].chars().next_back();
    let after = slice[end..].chars().next();
    match before {
        None => Kind::Open,
        Some(b) if b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–' | '-' | ':') => {
            if after.is_none_or(char::is_whitespace) {
                Kind::Close
            } else {
                Kind::Open
            }
        }
        _ => Kind::Close,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(&str, Kind)> {
        tokens(s, 0..s.len())
            .iter()
            .map(|t| (&s[t.range()], t.kind))
            .collect()
    }

    #[test]
    fn keeps_titles_and_initials_whole() {
        let w = words("Mr. Trump met U.S. Sen. J. Smith's aide. Done.");
        let texts: Vec<&str> = w.iter().map(|x| x.0).collect();
        assert_eq!(
            texts,
            ["Mr.", "Trump", "met", "U.S.", "Sen.", "J.", "Smith's", "aide", ".", "Done", "."]
        );
    }

    #[test]
    fn straight_and_curly_quotes_get_a_side() {
        let w = words("He said \"no,\" and ''yes'' then “maybe.”");
        let kinds: Vec<Kind> = w
            .iter()
            .filter(|x| x.1 != Kind::Word && x.1 != Kind::Punct)
            .map(|x| x.1)
            .collect();
        assert_eq!(
            kinds,
            [
                Kind::Open,
                Kind::Close,
                Kind::Open,
                Kind::Close,
                Kind::Open,
                Kind::Close
            ]
        );
    }

    #[test]
    fn splits_a_glued_cue() {
        let w = words("Glaser toldThe Jerusalem Post");
        let texts: Vec<&str> = w.iter().map(|x| x.0).collect();
        assert_eq!(texts, ["Glaser", "told", "The", "Jerusalem", "Post"]);
    }

    #[test]
    fn splits_pronoun_contractions() {
        let w = words("He’s said it. I've asked. Don't.");
        let texts: Vec<&str> = w.iter().map(|x| x.0).collect();
        assert_eq!(
            texts,
            ["He", "’s", "said", "it", ".", "I", "'ve", "asked", ".", "Don't", "."]
        );
    }

    #[test]
    fn any_unicode_is_safe() {
        for s in [
            "",
            "\"",
            "''",
            "a.'",
            "é’s",
            "日本語。“引用”",
            "x\u{301}.",
            "Mr.",
            "\u{feff}\"\u{200b}",
        ] {
            let t = tokens(s, 0..s.len());
            for tok in t {
                assert!(s.get(tok.range()).is_some());
            }
        }
    }
}
