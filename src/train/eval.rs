//! Exact-span scoring of a model on gold documents, as the dev scorer
//! counts it (same start, end and type), for quick checks while training.

use super::corpus::Doc;
use super::prepare_doc;
use crate::tag::actors::decode::TYPES;
use crate::tag::actors::model::Model;
use crate::tag::actors::tag_prepared;
use std::collections::HashSet;

/// Counts per type: true positives, system spans, gold spans.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub tp: [usize; 3],
    pub sys: [usize; 3],
    pub gold: [usize; 3],
}

fn prf(tp: usize, sys: usize, gold: usize) -> (f64, f64, f64) {
    let p = if sys == 0 {
        0.0
    } else {
        tp as f64 / sys as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Scores {
    pub fn f1(&self) -> f64 {
        prf(
            self.tp.iter().sum(),
            self.sys.iter().sum(),
            self.gold.iter().sum(),
        )
        .2
    }

    /// A one-line summary: micro P/R/F1 and F1 per type.
    pub fn line(&self) -> String {
        let (p, r, f) = prf(
            self.tp.iter().sum(),
            self.sys.iter().sum(),
            self.gold.iter().sum(),
        );
        let mut s = format!("P {p:.4} R {r:.4} F1 {f:.4}");
        for (t, name) in TYPES.iter().enumerate() {
            s += &format!(
                " | {name} {:.4}",
                prf(self.tp[t], self.sys[t], self.gold[t]).2
            );
        }
        s
    }
}

/// Tags each document with `model` and counts exact matches.
pub fn evaluate(model: &Model, docs: &[Doc]) -> Scores {
    evaluate_with(model, docs, true)
}

/// [`evaluate`], optionally without the document consistency pass.
pub fn evaluate_with(model: &Model, docs: &[Doc], consistent: bool) -> Scores {
    let mut sc = Scores::default();
    for d in docs {
        let prepared = prepare_doc(&d.text);
        let sys: HashSet<(usize, usize, usize)> =
            tag_prepared(model, &d.text, &prepared, consistent)
                .into_iter()
                .filter_map(|a| Some((a.start, a.end, TYPES.iter().position(|t| *t == a.ty)?)))
                .collect();
        let gold: HashSet<(usize, usize, usize)> = d.spans.iter().copied().collect();
        for &(_, _, t) in &sys {
            sc.sys[t] += 1;
        }
        for g in &gold {
            sc.gold[g.2] += 1;
            if sys.contains(g) {
                sc.tp[g.2] += 1;
            }
        }
    }
    sc
}
