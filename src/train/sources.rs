//! Training the source tagger's cue detector (`storyline train sources`).
//!
//! A binary averaged perceptron, the same learner as the actor model's minus
//! the sequence decoding: a cue anchor is one word, and the span rules grow
//! it. Each word of a PolNeAR article is an example, labelled positive when
//! it is the anchor of a gold cue (its first word that is no auxiliary or cue
//! adverb). Deterministic for a seed: examples are visited in a SplitMix
//! shuffle and the averaged weights are quantised as the actor model's are.

use super::Rng;
use crate::annotate::Options;
use crate::page::Page;
use crate::segment::segment;
use crate::tag::sources::anchor::{candidate, features, CueModel, SentCtx};
use crate::tag::sources::{content_cases, cues, ends, Doc};

/// One article: its text and the byte spans of its gold cues.
pub struct CueDoc {
    pub text: String,
    pub cues: Vec<(usize, usize)>,
}

/// Knobs of a training run.
#[derive(Clone, Debug)]
pub struct CueConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Quantile of the non-zero weight magnitudes taken as the quantisation unit (the size knob).
    pub unit_quantile: f64,
    /// Log2 of the weight table size (hash collisions against file size).
    pub bits: u32,
}

impl Default for CueConfig {
    fn default() -> Self {
        CueConfig {
            epochs: 8,
            seed: 11,
            unit_quantile: 0.8,
            bits: 16,
        }
    }
}

/// The examples of a corpus: feature buckets (flattened, with offsets) and labels.
pub struct CueExamples {
    feats: Vec<u32>,
    offs: Vec<usize>,
    pub gold: Vec<bool>,
}

impl CueExamples {
    pub fn len(&self) -> usize {
        self.gold.len()
    }
    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }
    fn feats(&self, k: usize) -> &[u32] {
        &self.feats[self.offs[k]..self.offs[k + 1]]
    }
}

/// Every word of every article as an example.
pub fn cue_examples(docs: &[CueDoc]) -> CueExamples {
    let mut ex = CueExamples {
        feats: Vec::new(),
        offs: vec![0],
        gold: Vec::new(),
    };
    for d in docs {
        let page = Page::from_plain_text(&d.text);
        if page.text != d.text {
            continue;
        }
        let seg = segment(&page, &Options::default());
        let doc = Doc::new(&page.text, &seg);
        let mut anchor = vec![false; doc.toks.len()];
        for &(cs, ce) in &d.cues {
            let first = doc.toks.partition_point(|t| t.start < cs);
            let end = doc.toks.partition_point(|t| t.end <= ce);
            if let Some(k) =
                (first..end).find(|&k| doc.toks[k].is_word() && !cues::is_aux(doc.key(k)))
            {
                anchor[k] = true;
            }
        }
        for s in &doc.sents {
            let cx = SentCtx::new(&doc, s.clone());
            for i in s.clone() {
                if !candidate(&doc, i) {
                    continue;
                }
                features(&doc, i, &cx, &mut ex.feats);
                ex.offs.push(ex.feats.len());
                ex.gold.push(anchor[i]);
            }
        }
    }
    ex
}

/// Trains the detector; `log` gets one line per epoch.
pub fn train_cues(ex: &CueExamples, cfg: &CueConfig, log: impl FnMut(&str)) -> CueModel {
    train_averaged(cfg, ex.len(), "", log, |p, k| {
        let f = ex.feats(k);
        let y = if ex.gold[k] { 1.0f32 } else { -1.0 };
        let wrong = y * p.score(f) <= 0.0;
        if wrong {
            p.update(f, y);
        }
        wrong
    })
}

/// The epochs both trainers run: `step` sees example `k` in a shuffled order,
/// updates the weights when it gets it wrong and says so; `log` gets one line
/// per epoch, prefixed by `label`.
fn train_averaged(
    cfg: &CueConfig,
    n: usize,
    label: &str,
    mut log: impl FnMut(&str),
    mut step: impl FnMut(&mut Averaged, usize) -> bool,
) -> CueModel {
    let mut p = Averaged::new(cfg);
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..n).collect();
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let mut errs = 0usize;
        for &k in &order {
            if step(&mut p, k) {
                errs += 1;
            }
            p.tick();
        }
        log(&format!(
            "{label}epoch {}: errors {:.4}",
            epoch + 1,
            errs as f64 / n.max(1) as f64
        ));
    }
    CueModel::quantise(&p.average(), cfg.unit_quantile)
}

/// Hashed weights of an averaged perceptron, shared by the cue detector and
/// the content-end chooser: the running sum `u` of step-weighted updates gives
/// the average without keeping a copy per step.
struct Averaged {
    mask: u32,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl Averaged {
    fn new(cfg: &CueConfig) -> Self {
        let buckets = 1usize << cfg.bits.min(crate::tag::sources::anchor::MAX_BITS);
        Averaged {
            mask: buckets as u32 - 1,
            w: vec![0f32; buckets],
            u: vec![0f64; buckets],
            c: 1.0,
        }
    }

    fn score(&self, f: &[u32]) -> f32 {
        f.iter().map(|&b| self.w[(b & self.mask) as usize]).sum()
    }

    fn update(&mut self, f: &[u32], y: f32) {
        for &b in f {
            let b = (b & self.mask) as usize;
            self.w[b] += y;
            self.u[b] += self.c * f64::from(y);
        }
    }

    /// One example seen, whether or not it updated.
    fn tick(&mut self) {
        self.c += 1.0;
    }

    fn average(&self) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (f64::from(w) - u / self.c) as f32)
            .collect()
    }
}

/// Anchor precision, recall and F1 of a model at a score threshold.
pub fn cue_prf(m: &CueModel, ex: &CueExamples, threshold: f32) -> (f64, f64, f64) {
    let (mut tp, mut sys, mut gold) = (0usize, 0usize, 0usize);
    for k in 0..ex.len() {
        let p = m.score(ex.feats(k)) >= threshold;
        tp += usize::from(p && ex.gold[k]);
        sys += usize::from(p);
        gold += usize::from(ex.gold[k]);
    }
    let p = tp as f64 / sys.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// One article: its text and the byte spans of its gold contents.
pub struct ContentDoc {
    pub text: String,
    pub contents: Vec<(usize, usize)>,
}

/// The content-end chooser's examples: every rule-built right-hand content whose start is a gold content's start and
/// whose candidates include that content's end.
pub struct EndExamples {
    cases: Vec<ends::Case>,
    gold: Vec<usize>,
    /// Cases seen whose gold end was not a candidate (the ceiling the candidates set).
    pub unreachable: usize,
}

impl EndExamples {
    pub fn len(&self) -> usize {
        self.cases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }
}

pub fn end_examples(docs: &[ContentDoc]) -> EndExamples {
    let mut ex = EndExamples {
        cases: Vec::new(),
        gold: Vec::new(),
        unreachable: 0,
    };
    for d in docs {
        let page = Page::from_plain_text(&d.text);
        if page.text != d.text {
            continue;
        }
        let seg = segment(&page, &Options::default());
        let mut seen = std::collections::BTreeSet::new();
        for c in content_cases(&page.text, &seg) {
            if !seen.insert((c.start, c.ends.get(c.rule).copied())) {
                continue;
            }
            let golds: Vec<usize> = (d.contents.iter())
                .filter(|g| g.0 == c.start)
                .map(|g| g.1)
                .collect();
            if golds.is_empty() {
                continue;
            }
            match c.ends.iter().position(|e| golds.contains(e)) {
                Some(g) => {
                    ex.cases.push(c);
                    ex.gold.push(g);
                }
                None => ex.unreachable += 1,
            }
        }
    }
    ex
}

/// Trains the chooser: a multiclass averaged perceptron over each case's candidates.
pub fn train_ends(ex: &EndExamples, cfg: &CueConfig, log: impl FnMut(&str)) -> CueModel {
    train_averaged(cfg, ex.len(), "end ", log, |p, k| {
        let case = &ex.cases[k];
        let mut best = (f32::NEG_INFINITY, 0usize);
        for (n, f) in case.feats.iter().enumerate() {
            let s = p.score(f);
            if s > best.0 {
                best = (s, n);
            }
        }
        let g = ex.gold[k];
        let wrong = best.1 != g;
        if wrong {
            p.update(&case.feats[g], 1.0);
            p.update(&case.feats[best.1], -1.0);
        }
        wrong
    })
}

/// Share of cases where the rules' end, and the model's, is the gold end.
pub fn end_accuracy(m: &CueModel, ex: &EndExamples) -> (f64, f64) {
    let (mut rule, mut model) = (0usize, 0usize);
    for (case, &g) in ex.cases.iter().zip(&ex.gold) {
        rule += usize::from(case.rule == g);
        let mut best = (f32::NEG_INFINITY, 0usize);
        for (n, f) in case.feats.iter().enumerate() {
            let s = m.score(f);
            if s > best.0 {
                best = (s, n);
            }
        }
        model += usize::from(best.1 == g);
    }
    let n = ex.len().max(1) as f64;
    (rule as f64 / n, model as f64 / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_cue_words_deterministically() {
        let mut docs = Vec::new();
        for (name, verb) in [
            ("Ann Lee", "said"),
            ("Bo Park", "warned"),
            ("Cy Ito", "said"),
        ] {
            let text = format!(
                "{name} {verb} that the plan would fail.\n\nThe plan was sent on Monday.\n"
            );
            let s = name.len() + 1;
            docs.push(CueDoc {
                cues: vec![(s, s + verb.len())],
                text,
            });
        }
        let ex = cue_examples(&docs);
        assert_eq!(ex.gold.iter().filter(|g| **g).count(), 3);
        let cfg = CueConfig {
            epochs: 4,
            ..CueConfig::default()
        };
        let a = train_cues(&ex, &cfg, |_| {});
        let b = train_cues(&ex, &cfg, |_| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        let (p, r, _) = cue_prf(&a, &ex, 0.0);
        assert!(p > 0.9 && r > 0.9, "{p} {r}");
    }

    #[test]
    fn end_chooser_learns_where_the_writer_resumes() {
        let mut docs = Vec::new();
        for (name, tail) in [
            ("Ann Lee", "despite the new money"),
            ("Bo Park", "despite weeks of bad polls"),
            ("Cy Ito", "despite the party's worries"),
            ("Di Moss", "despite a long delay"),
        ] {
            let content = "that the plan would fail";
            let text = format!("{name} said {content}, {tail}.\n");
            let s = name.len() + 6;
            docs.push(ContentDoc {
                contents: vec![(s, s + content.len())],
                text,
            });
        }
        let ex = end_examples(&docs);
        assert_eq!(ex.len(), 4);
        let cfg = CueConfig {
            epochs: 4,
            bits: 12,
            ..CueConfig::default()
        };
        let a = train_ends(&ex, &cfg, |_| {});
        let b = train_ends(&ex, &cfg, |_| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        let (rule, model) = end_accuracy(&a, &ex);
        assert!(rule < 0.5 && model > 0.99, "{rule} {model}");
    }
}
