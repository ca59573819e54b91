//! Turns sentences into what the model reads: tokens, token infos, gazetteer
//! bits, the case regime and document case evidence. Shared by tagging and
//! training, so both see exactly the same inputs.

use super::features::{regime, Ctx, DocCase, DocContexts, Regime, SentView, TokInfo};
use super::lexicon::Lexicon;
use super::tokenize::tokenize_into;
use crate::segment::{Part, Segmentation};
use std::ops::Range;
use std::sync::Arc;

/// One sentence, prepared.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// Byte range of the sentence in the text.
    pub range: Range<usize>,
    /// Token byte ranges in the text.
    pub toks: Vec<Range<usize>>,
    pub infos: Vec<TokInfo>,
    pub gaz: Vec<u32>,
    pub ev: Vec<u8>,
    pub regime: Option<Regime>,
    /// Per token, its row in `ctx` (`u32::MAX`: none).
    pub dctx: Vec<u32>,
    /// The document's aggregated word contexts, shared by its sentences.
    pub ctx: Arc<Vec<Ctx>>,
    /// Index of the story the sentence belongs to.
    pub story: usize,
    /// The segmenter put it in a title.
    pub title: bool,
}

impl Prepared {
    pub fn view(&self) -> SentView<'_> {
        SentView {
            infos: &self.infos,
            gaz: &self.gaz,
            ev: &self.ev,
            regime: self.regime.unwrap_or(Regime::Normal),
            dctx: &self.dctx,
            ctx: &self.ctx,
        }
    }
}

/// A sentence to prepare: byte range, story index, whether it is a title.
pub type SentIn = (Range<usize>, usize, bool);

/// The tagging units of a segmentation: runs of the segmenter's sentences
/// with no line break between them (same story and part), so a sentence
/// splitter that cuts "P. Simmons" or "U.S. officials" after the dot cannot
/// cut a name in two. The model reads sentence ends from the tokens.
pub fn units(text: &str, seg: &Segmentation) -> Vec<SentIn> {
    let mut out: Vec<SentIn> = Vec::new();
    let mut last: Option<(usize, Part)> = None;
    for s in &seg.sentences {
        if s.start >= s.end || s.end > text.len() {
            continue;
        }
        let is_title = s.part == Part::Title;
        if let (Some(prev), Some((_, part))) = (out.last_mut(), last) {
            let gap = text.get(prev.0.end..s.start);
            if prev.1 == s.story
                && part == s.part
                && gap.is_some_and(|g| !g.contains('\n'))
                && prev.0.end <= s.start
            {
                prev.0.end = s.end;
                continue;
            }
        }
        out.push((s.start..s.end, s.story, is_title));
        last = Some((s.story, s.part));
    }
    out
}

/// The lines of a plain-text page that no sentence covers (a headline the
/// segmenter did not take for the title, a dateline, a results table after
/// the body, a list of other stories' headlines), as title units: a reader
/// of a clean document sees every line as content, and headlines are
/// names-dense. Each goes with the nearest story (the next one when it sits
/// above every story), so document consistency covers it. Lines are walked
/// once against the sorted sentences: linear in the text.
pub fn gap_units(text: &str, seg: &Segmentation) -> Vec<SentIn> {
    let mut out = Vec::new();
    let mut sents = seg.sentences.iter().peekable();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let (ls, le) = (pos, pos + line.len());
        pos = le;
        let r = crate::segment::trim_range(text, ls..le);
        if r.is_empty() {
            continue;
        }
        while sents.peek().is_some_and(|s| s.end <= r.start) {
            sents.next();
        }
        if sents.peek().is_some_and(|s| s.start < r.end) {
            continue;
        }
        let story = seg
            .stories
            .iter()
            .rposition(|s| s.start <= r.start)
            .unwrap_or(0);
        out.push((r, story, true));
    }
    out
}

/// [`units`] plus [`gap_units`], in text order.
pub fn units_with_gaps(text: &str, seg: &Segmentation) -> Vec<SentIn> {
    let mut all = units(text, seg);
    all.extend(gap_units(text, seg));
    all.sort_by_key(|u| u.0.start);
    all
}

/// Prepares all sentences of a document: tokens and infos first, then the
/// document case evidence from every ordinary sentence, then per-token
/// evidence and gazetteer bits.
pub fn prepare(text: &str, sents: impl Iterator<Item = SentIn>) -> Vec<Prepared> {
    let lex = Lexicon::get();
    let mut out: Vec<Prepared> = Vec::new();
    let mut doc = DocCase::default();
    for (range, story, is_title) in sents {
        let mut p = Prepared {
            range: range.clone(),
            story,
            title: is_title,
            ..Prepared::default()
        };
        tokenize_into(text, range, &mut p.toks);
        if p.toks.is_empty() {
            continue;
        }
        p.infos = p
            .toks
            .iter()
            .map(|r| TokInfo::new(text.get(r.clone()).unwrap_or("")))
            .collect();
        let reg = regime(&p.infos, is_title);
        p.regime = Some(reg);
        doc.add(&p.infos, reg);
        out.push(p);
    }
    let mut lower = Vec::new();
    let mut breaks = Vec::new();
    for p in &mut out {
        p.ev = p.infos.iter().map(|t| doc.evidence(t.low)).collect();
        lower.clear();
        lower.extend(p.infos.iter().map(|t| t.low));
        breaks.clear();
        breaks.extend(
            p.toks
                .iter()
                .zip(&p.infos)
                .map(|(r, t)| t.is_break(text.get(r.clone()).unwrap_or(""))),
        );
        lex.annotate(&lower, &breaks, &mut p.gaz);
    }
    let mut ctx = DocContexts::default();
    for p in out.iter().filter(|p| p.regime == Some(Regime::Normal)) {
        ctx.add(&p.infos, &p.gaz);
    }
    let table = Arc::new(std::mem::take(&mut ctx.table));
    for p in &mut out {
        p.dctx = p
            .infos
            .iter()
            .map(|t| ctx.get(t.low).unwrap_or(u32::MAX))
            .collect();
        p.ctx = Arc::clone(&table);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepares_tokens_regimes_and_evidence() {
        let text = "NEW DEAL FOR TIKTOK\nThe deal will help TikTok in Los Angeles.";
        let sents = vec![(0..19, 0, true), (20..text.len(), 0, false)];
        let p = prepare(text, sents.into_iter());
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].regime, Some(Regime::Caps));
        assert_eq!(p[1].regime, Some(Regime::Normal));
        assert_eq!(p[0].ev[3], 2, "TIKTOK is capitalised in the body");
        assert_eq!(p[1].toks.len(), 9);
        assert_ne!(p[1].gaz[6], 0, "Los Angeles is a place");
    }
}
