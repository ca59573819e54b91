//! Training the actor model (native only): `storyline train actors`.
//!
//! A structured averaged perceptron (Collins 2002): decode each sentence
//! with the current weights, and where the best path differs from the gold
//! one, reward the gold features and penalise the predicted ones; the
//! shipped weights are the average over all steps, which is what makes a
//! perceptron generalise. Why not a CRF: the same features, no gradients,
//! no learning rate to tune, and a few seconds per epoch on two cores.
//!
//! Case augmentation: each epoch, a seeded share of ordinary sentences is
//! shown in ALL CAPS or in Title Case, with the same labels, so that the
//! model learns not to read names off case alone (the title-line problem).
//! Everything is deterministic for a given seed.

pub mod corpus;
pub mod eval;
pub mod sources;

use crate::annotate::Options;
use crate::page::Page;
use crate::segment::segment;
use crate::tag::actors::decode::{encode, legal_mask, Viterbi, N_TAGS};
use crate::tag::actors::features::{regime, SentView, TokInfo, BUCKETS};
use crate::tag::actors::model::Model;
use crate::tag::actors::prepare::{prepare, units, units_with_gaps, Prepared};
use corpus::Doc;

/// Knobs of one training run.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Share of ordinary sentences shown in ALL CAPS per epoch.
    pub caps_rate: f64,
    /// Share shown in Title Case per epoch.
    pub title_rate: f64,
    /// Quantile of the non-zero weight magnitudes taken as the quantisation
    /// unit; weights under half a unit are pruned (the size knob).
    pub unit_quantile: f64,
    /// Largest weight code (1..=127): fewer levels, smaller gzipped model.
    pub levels: u8,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 7,
            caps_rate: 0.1,
            title_rate: 0.2,
            unit_quantile: 0.85,
            levels: 31,
        }
    }
}

/// A training sentence: prepared input, gold tags, cached features.
pub struct Example {
    pub prep: Prepared,
    pub gold: Vec<u8>,
    /// Token strings (for case augmentation).
    pub words: Vec<String>,
    feats: Vec<u32>,
    offs: Vec<usize>,
}

/// Splits a document with the project's segmenter and prepares its
/// sentences as the CLI does for plain text (lines outside every story
/// included; see [`crate::tag::actors::tag_page`]).
pub fn prepare_doc(text: &str) -> Vec<Prepared> {
    prepare_units(text, true)
}

/// [`prepare_doc`], optionally without the lines outside the stories.
/// Training reads only the segmenter's sentences: the lines it leaves out
/// are mostly results tables, which CoNLL has plenty of already.
pub fn prepare_units(text: &str, gaps: bool) -> Vec<Prepared> {
    let page = Page::from_plain_text(text);
    let seg = segment(&page, &Options::default());
    let sents = if gaps {
        units_with_gaps(&page.text, &seg)
    } else {
        units(&page.text, &seg)
    };
    prepare(&page.text, sents.into_iter())
}

/// Gold spans (token ranges within each sentence) of a document.
pub fn gold_mentions(doc: &Doc, sents: &[Prepared]) -> Vec<Vec<(usize, usize, usize)>> {
    sents
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            for &(s, e, ty) in &doc.spans {
                if e <= p.range.start || s >= p.range.end {
                    continue;
                }
                let inside: Vec<usize> = p
                    .toks
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.start >= s && r.end <= e)
                    .map(|(i, _)| i)
                    .collect();
                if let (Some(&a), Some(&b)) = (inside.first(), inside.last()) {
                    out.push((a, b + 1, ty));
                }
            }
            // nested names (GUM: "Chicago" inside "University of Chicago"):
            // keep the outermost, so the gold tags stay a legal sequence
            out.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
            let mut kept: Vec<(usize, usize, usize)> = Vec::new();
            for m in out {
                if kept.last().is_none_or(|k| m.0 >= k.1) {
                    kept.push(m);
                }
            }
            kept
        })
        .collect()
}

/// Builds the training examples of a corpus.
pub fn examples(docs: &[Doc]) -> Vec<Example> {
    let mut out = Vec::new();
    for d in docs {
        let sents = prepare_units(&d.text, false);
        let gold = gold_mentions(d, &sents);
        for (p, g) in sents.into_iter().zip(gold) {
            let mut tags = Vec::new();
            encode(p.toks.len(), &g, &mut tags);
            let words = p
                .toks
                .iter()
                .map(|r| d.text.get(r.clone()).unwrap_or("").to_string())
                .collect();
            let mut ex = Example {
                prep: p,
                gold: tags,
                words,
                feats: Vec::new(),
                offs: Vec::new(),
            };
            let view = ex.prep.view();
            let (f, o) = features_of(&view);
            ex.feats = f;
            ex.offs = o;
            out.push(ex);
        }
    }
    out
}

fn features_of(view: &SentView) -> (Vec<u32>, Vec<usize>) {
    let mut feats = Vec::new();
    let mut offs = vec![0];
    for i in 0..view.infos.len() {
        view.features(i, &mut feats);
        offs.push(feats.len());
    }
    (feats, offs)
}

/// SplitMix64: a small seeded generator (no dependency, same on every platform).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

const SMALL: [&str; 12] = [
    "a", "an", "the", "and", "or", "of", "for", "in", "on", "at", "to", "by",
];

/// The case-augmented token infos of a sentence: `caps` or Title Case.
fn recased(words: &[String], caps: bool) -> Vec<TokInfo> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if caps {
                TokInfo::new(&w.to_uppercase())
            } else if i > 0 && SMALL.contains(&w.as_str()) {
                TokInfo::new(w)
            } else {
                let mut c = w.chars();
                match c.next() {
                    Some(f) if f.is_lowercase() => {
                        TokInfo::new(&(f.to_uppercase().collect::<String>() + c.as_str()))
                    }
                    _ => TokInfo::new(w),
                }
            }
        })
        .collect()
}

/// Perceptron state: current weights and the sums for averaging.
struct Perceptron {
    w: Vec<f32>,
    /// Sum of c * delta per weight (w_avg = w - u / c).
    u: Vec<f64>,
    trans: Vec<f32>,
    tu: Vec<f64>,
    c: f64,
}

impl Perceptron {
    fn new() -> Self {
        Perceptron {
            w: vec![0.0; BUCKETS * N_TAGS],
            u: vec![0.0; BUCKETS * N_TAGS],
            trans: vec![0.0; N_TAGS * N_TAGS],
            tu: vec![0.0; N_TAGS * N_TAGS],
            c: 1.0,
        }
    }

    fn emissions(&self, feats: &[u32], offs: &[usize], em: &mut Vec<f32>) {
        let n = offs.len() - 1;
        em.clear();
        em.resize(n * N_TAGS, 0.0);
        for i in 0..n {
            let row = &mut em[i * N_TAGS..(i + 1) * N_TAGS];
            for &f in &feats[offs[i]..offs[i + 1]] {
                let wr = &self.w[f as usize * N_TAGS..(f as usize + 1) * N_TAGS];
                for (e, w) in row.iter_mut().zip(wr) {
                    *e += w;
                }
            }
        }
    }

    fn bump(&mut self, f: u32, tag: u8, d: f32) {
        let k = f as usize * N_TAGS + tag as usize;
        self.w[k] += d;
        self.u[k] += self.c * f64::from(d);
    }

    fn bump_trans(&mut self, p: u8, t: u8, d: f32) {
        let k = p as usize * N_TAGS + t as usize;
        self.trans[k] += d;
        self.tu[k] += self.c * f64::from(d);
    }

    fn update(&mut self, feats: &[u32], offs: &[usize], gold: &[u8], pred: &[u8]) {
        for i in 0..gold.len() {
            if gold[i] != pred[i] {
                for &f in &feats[offs[i]..offs[i + 1]] {
                    self.bump(f, gold[i], 1.0);
                    self.bump(f, pred[i], -1.0);
                }
            }
            if i > 0 && (gold[i - 1] != pred[i - 1] || gold[i] != pred[i]) {
                self.bump_trans(gold[i - 1], gold[i], 1.0);
                self.bump_trans(pred[i - 1], pred[i], -1.0);
            }
        }
    }

    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let avg = |w: &[f32], u: &[f64]| -> Vec<f32> {
            w.iter()
                .zip(u)
                .map(|(&w, &u)| (f64::from(w) - u / self.c) as f32)
                .collect()
        };
        (avg(&self.w, &self.u), avg(&self.trans, &self.tu))
    }
}

/// Trains on the examples; `log` receives one line per epoch.
pub fn train(exs: &[Example], cfg: &TrainConfig, log: impl FnMut(&str)) -> Model {
    let (w, t) = train_weights(exs, cfg, log);
    Model::quantise_levels(&w, &t, cfg.unit_quantile, cfg.levels)
}

/// The averaged float weights (BUCKETS x N_TAGS) and transitions of a
/// training run, before quantisation (for size experiments).
pub fn train_weights(
    exs: &[Example],
    cfg: &TrainConfig,
    mut log: impl FnMut(&str),
) -> (Vec<f32>, Vec<f32>) {
    let mut p = Perceptron::new();
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..exs.len()).collect();
    let mask = legal_mask();
    let mut vit = Viterbi::default();
    let (mut em, mut pred, mut tr) = (Vec::new(), Vec::new(), vec![0.0f32; N_TAGS * N_TAGS]);
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let (mut errs, mut toks) = (0usize, 0usize);
        for &k in &order {
            let ex = &exs[k];
            let r = rng.unit();
            let normal = ex.prep.regime == Some(crate::tag::actors::features::Regime::Normal);
            let aug = if normal && r < cfg.caps_rate {
                Some(true)
            } else if normal && r < cfg.caps_rate + cfg.title_rate {
                Some(false)
            } else {
                None
            };
            let owned;
            let (feats, offs) = match aug {
                None => (&ex.feats[..], &ex.offs[..]),
                Some(caps) => {
                    let infos = recased(&ex.words, caps);
                    let reg = regime(&infos, !caps);
                    let view = SentView {
                        infos: &infos,
                        gaz: &ex.prep.gaz,
                        ev: &ex.prep.ev,
                        regime: reg,
                        dctx: &ex.prep.dctx,
                        ctx: &ex.prep.ctx,
                    };
                    owned = features_of(&view);
                    (&owned.0[..], &owned.1[..])
                }
            };
            p.emissions(feats, offs, &mut em);
            for (t, (a, b)) in tr.iter_mut().zip(p.trans.iter().zip(&mask)) {
                *t = a + b;
            }
            vit.decode(&em, &tr, &mut pred);
            if pred != ex.gold {
                p.update(feats, offs, &ex.gold, &pred);
            }
            errs += pred.iter().zip(&ex.gold).filter(|(a, b)| a != b).count();
            toks += pred.len();
            p.c += 1.0;
        }
        log(&format!(
            "epoch {}: token errors {:.4}",
            epoch + 1,
            errs as f64 / toks.max(1) as f64
        ));
    }
    p.averaged()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_toy_corpus_deterministically() {
        let mut docs = Vec::new();
        for (i, (a, b)) in [
            ("Alice Moreau", "Paris"),
            ("Bob Stein", "Berlin"),
            ("Carla Ruiz", "Madrid"),
        ]
        .iter()
        .enumerate()
        {
            let text = format!("{a} lives in {b} and works for Acme Corp .\n");
            let s1 = (0, a.len(), 0);
            let p = a.len() + 10;
            let s2 = (p, p + b.len(), 2);
            let o = text.find("Acme").unwrap_or(0);
            docs.push(Doc {
                id: i.to_string(),
                spans: vec![s1, s2, (o, o + 9, 1)],
                text,
            });
        }
        let exs = examples(&docs);
        assert_eq!(exs.len(), 3);
        assert_eq!(exs[0].gold.iter().filter(|&&t| t != 0).count(), 5);
        let cfg = TrainConfig {
            epochs: 3,
            ..TrainConfig::default()
        };
        let m1 = train(&exs, &cfg, |_| {});
        let m2 = train(&exs, &cfg, |_| {});
        assert_eq!(m1.to_bytes(), m2.to_bytes(), "same seed, same bytes");
        let r = eval::evaluate(&m1, &docs);
        assert!(r.f1() > 0.9, "{r:?}");
    }
}
