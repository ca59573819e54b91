//! Cited-source tagger: who said or reported what.
//!
//! Approach: a learned cue detector and rules over a learned lexicon, no
//! parser. A word anchors an attribution when a hashed-feature perceptron
//! trained on PolNeAR (`model/sources_cue.bin`, [`anchor`]) scores it as a cue
//! in its context; the frame around it decides where the source and the
//! content lie: `X said (that) …`, `“…,” X said`, `“…,” said X, a …`,
//! `according to X`, `X reported, citing Y`, `X told Y …`, a participial
//! `…, adding that …`, transcript and headline colons (`TRUMP: …`). Source
//! noun phrases are grown word by word with learned in-phrase rates, so the
//! tagger finds `a spokesperson`, `unnamed sources` or `the U.S. lawmakers`
//! without help, and uses the actor tagger's mentions, when given, to name
//! who a pronoun or a surname stands for. Every step is bounded by its
//! sentence or paragraph, so the whole pass is linear in the page.
//!
//! Trade-off: a parser would place clause boundaries better (long subjects,
//! embedded clauses) but costs megabytes in wasm; these rules cost a 90 KB
//! table plus a 57 KB weight file and run at page speed.

pub mod anchor;
mod content;
mod coref;
pub mod cues;
pub mod ends;
mod frames;
pub mod lex;
pub mod lexicon;
mod phrase;
mod quotes;

use crate::annotate::{Actor, Attribution, Span};
use crate::segment::Segmentation;
use lex::Token;
use lexicon::Word;
use std::ops::Range;

/// The page as the rules see it: tokens with their keys and lexicon counts,
/// sentences and paragraphs as token ranges, quotations.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    keys: String,
    key_at: Vec<(u32, u32)>,
    pub lex: Vec<Word>,
    pub sents: Vec<Range<usize>>,
    /// Paragraph index of each sentence.
    pub sent_para: Vec<usize>,
    /// Story index of each sentence.
    pub sent_story: Vec<usize>,
    /// Sentence index of each token.
    pub sent_of: Vec<u32>,
    pub quotes: Vec<quotes::Quote>,
    pub in_quote: Vec<u32>,
    /// The learned cue detector's score per token ([`anchor::scores`]).
    pub cue: Vec<f32>,
    /// Set when training: every content end chosen, with its candidates ([`ends::case`]).
    pub end_log: Option<std::cell::RefCell<Vec<ends::Case>>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, seg: &Segmentation) -> Doc<'a> {
        let mut toks = Vec::new();
        let mut sents: Vec<Range<usize>> = Vec::new();
        let mut sent_para = Vec::new();
        let mut sent_story = Vec::new();
        // Paragraph of a byte offset: the story paragraph containing it, else a fresh id.
        let mut paras: Vec<(usize, usize)> = seg
            .stories
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(|p| (p.start, p.end)))
            .collect();
        paras.sort_unstable();
        let mut fresh = paras.len();
        let mut last_end = 0;
        for s in &seg.sentences {
            if s.start < last_end || s.end > text.len() || s.start >= s.end {
                continue;
            }
            last_end = s.end;
            let before = toks.len();
            lex::tokens_into(text, s.start..s.end, &mut toks);
            if toks.len() == before {
                continue;
            }
            let k = paras.partition_point(|p| p.0 <= s.start);
            let para = match k.checked_sub(1) {
                Some(k) if paras.get(k).is_some_and(|p| s.start < p.1) => k,
                _ => {
                    fresh += 1;
                    fresh
                }
            };
            let range = before..toks.len();
            // Repair splits the rules cannot live with: after a title (`Mr.`), or before a lower-case word.
            let merge = sents.last().is_some_and(|prev: &Range<usize>| {
                sent_para.last() == Some(&para) && {
                    let last = &toks[prev.end - 1];
                    let first = &toks[range.start];
                    let title = last.is_word() && text[last.range()].ends_with('.');
                    let lower = first.is_word()
                        && text[first.range()]
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase);
                    title || lower
                }
            });
            if merge {
                if let Some(prev) = sents.last_mut() {
                    prev.end = range.end;
                }
            } else {
                sents.push(range);
                sent_para.push(para);
                sent_story.push(s.story);
            }
        }
        let mut sent_of = vec![quotes::NONE; toks.len()];
        for (n, r) in sents.iter().enumerate() {
            for slot in &mut sent_of[r.clone()] {
                *slot = n as u32;
            }
        }
        let mut para_ranges: Vec<Range<usize>> = Vec::new();
        for (n, r) in sents.iter().enumerate() {
            match para_ranges.last_mut() {
                Some(p) if n > 0 && sent_para[n - 1] == sent_para[n] => p.end = r.end,
                _ => para_ranges.push(r.clone()),
            }
        }
        let (quotes, in_quote) = quotes::regions(&toks, &para_ranges);
        let lx = lexicon::get();
        let mut keys = String::with_capacity(text.len() / 2);
        let mut key_at = Vec::with_capacity(toks.len());
        let mut lex = Vec::with_capacity(toks.len());
        for t in &toks {
            let s = keys.len();
            lex::key_push(&text[t.range()], &mut keys);
            key_at.push((s as u32, keys.len() as u32));
            lex.push(if t.is_word() {
                lx.word(&keys[s..]).copied().unwrap_or_default()
            } else {
                Word::default()
            });
        }
        let mut doc = Doc {
            text,
            toks,
            keys,
            key_at,
            lex,
            sents,
            sent_para,
            sent_story,
            sent_of,
            quotes,
            in_quote,
            cue: Vec::new(),
            end_log: None,
        };
        doc.cue = anchor::scores(&doc);
        doc
    }

    /// The sentences of sentence `n`'s paragraph (empty when `n` is past the last sentence).
    pub fn para_sents(&self, n: usize) -> Range<usize> {
        let Some(&p) = self.sent_para.get(n) else {
            return n..n;
        };
        let mut a = n;
        while a > 0 && self.sent_para[a - 1] == p {
            a -= 1;
        }
        let mut b = n + 1;
        while b < self.sent_para.len() && self.sent_para[b] == p {
            b += 1;
        }
        a..b
    }

    /// The lower-cased key of token `i` ("" out of range).
    pub fn key(&self, i: usize) -> &str {
        self.key_at
            .get(i)
            .and_then(|&(s, e)| self.keys.get(s as usize..e as usize))
            .unwrap_or("")
    }

    /// The quotation token `i` lies in.
    pub fn quote_of(&self, i: usize) -> Option<quotes::Quote> {
        let n = *self.in_quote.get(i)?;
        self.quotes.get(n as usize).copied()
    }

    /// Byte span from the start of token `a` to the end of token `b` (inclusive).
    pub fn bytes(&self, a: usize, b: usize) -> Option<Range<usize>> {
        let s = self.toks.get(a)?.start;
        let e = self.toks.get(b)?.end;
        (s < e).then_some(s..e)
    }
}

/// The content ends the rules choose on a page, with their candidate cuts: the content-end chooser's training cases.
pub fn content_cases(text: &str, seg: &Segmentation) -> Vec<ends::Case> {
    let mut doc = Doc::new(text, seg);
    doc.end_log = Some(std::cell::RefCell::new(Vec::new()));
    frames::find(&doc);
    doc.end_log.map(|l| l.into_inner()).unwrap_or_default()
}

/// Tags the attributions on a page: source span (when explicit), cue, content, whom the source told, and the actor it refers to.
pub fn tag(text: &str, seg: &Segmentation, actors: &[Actor]) -> Vec<Attribution> {
    let doc = Doc::new(text, seg);
    let frames = frames::find(&doc);
    let links = coref::link(&doc, &frames, actors);
    frames
        .iter()
        .zip(links)
        .map(|(f, link)| {
            let src = f.source.clone().and_then(|r| doc.bytes(r.start, r.end - 1));
            let span = |r: &Range<usize>| Span {
                start: r.start,
                end: r.end,
            };
            Attribution {
                start: src.as_ref().map(|r| r.start),
                end: src.as_ref().map(|r| r.end),
                text: src
                    .as_ref()
                    .and_then(|r| text.get(r.clone()))
                    .map(str::to_string),
                cue: doc.bytes(f.cue.start, f.cue.end - 1).as_ref().map(span),
                content: f.content.as_ref().map(span),
                told: f
                    .told
                    .clone()
                    .and_then(|r| doc.bytes(r.start, r.end - 1))
                    .as_ref()
                    .map(span),
                actor: link.actor,
                named: link.named,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
