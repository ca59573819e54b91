//! Direct quotations: which tokens lie inside quote marks, paragraph by
//! paragraph. Curly marks say which side they are on; straight ones were
//! guessed by the lexer from their spacing. A quote left open at the end of a
//! paragraph runs to its end (news style: a multi-paragraph quote re-opens
//! each paragraph and closes only in the last), so one paragraph's error never
//! spills into the next.

use super::lex::{Kind, Token};
use std::ops::Range;

/// One quotation, as token indices: `open` is the opening mark, `close` the
/// closing mark (or the paragraph's last token when it never closes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub open: usize,
    pub close: usize,
    pub closed: bool,
}

pub const NONE: u32 = u32::MAX;

/// Quotations of the paragraphs (token ranges), and per token the quotation it lies in (marks included) or [`NONE`].
pub fn regions(toks: &[Token], paras: &[Range<usize>]) -> (Vec<Quote>, Vec<u32>) {
    let mut out = Vec::new();
    let mut inside = vec![NONE; toks.len()];
    for p in paras {
        let mut open: Option<usize> = None;
        for i in p.clone() {
            let Some(t) = toks.get(i) else { break };
            match (t.kind, open) {
                (Kind::Open, None) => open = Some(i),
                // A second opening mark while open: the first one never closed.
                (Kind::Open, Some(o)) => {
                    if i > o + 1 {
                        out.push(Quote {
                            open: o,
                            close: i - 1,
                            closed: false,
                        });
                    }
                    open = Some(i);
                }
                (Kind::Close, Some(o)) => {
                    out.push(Quote {
                        open: o,
                        close: i,
                        closed: true,
                    });
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            let last = p.end.saturating_sub(1);
            if last > o {
                out.push(Quote {
                    open: o,
                    close: last,
                    closed: false,
                });
            }
        }
    }
    for (n, q) in out.iter().enumerate() {
        for slot in inside.iter_mut().take(q.close + 1).skip(q.open) {
            *slot = n as u32;
        }
    }
    (out, inside)
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokens;
    use super::*;

    #[test]
    fn finds_closed_and_open_quotes() {
        let s = "“One,” he said. “Two\nand “three” x";
        let t = tokens(s, 0..s.len());
        let (q, inside) = regions(&t, std::slice::from_ref(&(0..t.len())));
        assert_eq!(q.len(), 3);
        assert!(q[0].closed && !q[1].closed && q[2].closed);
        assert_eq!(inside[0], 0);
        assert_eq!(inside[t.len() - 1], NONE);
    }

    #[test]
    fn an_open_quote_stops_at_its_paragraph() {
        let s = "\"Open here. Still open\" then";
        let t = tokens(s, 0..s.len());
        let (q, _) = regions(&t, &[0..3, 3..t.len()]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].close, 2);
        assert!(!q[0].closed);
    }
}
