//! The derived lexicon (`model/sources.tsv`, written by `storyline train
//! sources` from PolNeAR train counts), parsed once into hash maps. Counts
//! rather than a fitted model: the rules read them as smoothed ratios, which
//! keeps the artifact small (tens of KB), inspectable, and free of any
//! runtime dependency.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

const MODEL: &str = include_str!("../../../model/sources.tsv");

/// Counts for one lower-cased word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub cue: u32,
    pub total: u32,
    pub src_in: u32,
    pub src_stop: u32,
}

impl Word {
    /// Share of the word's occurrences that were part of a gold cue (add-one smoothed).
    pub fn cue_rate(&self) -> f32 {
        self.cue as f32 / (self.total as f32 + 1.0)
    }
    /// Share of its near-source occurrences that were inside the source phrase.
    pub fn src_rate(&self) -> f32 {
        (self.src_in as f32 + 0.5) / ((self.src_in + self.src_stop) as f32 + 1.0)
    }
}

#[derive(Default)]
pub struct Lexicon {
    words: HashMap<Box<str>, Word>,
    /// Multi-word cues by their first word: the remaining words, longest first.
    phrases: HashMap<Box<str>, Vec<Vec<Box<str>>>>,
    /// Per word: times it ended a multi-word cue, times it followed one (`about`, `against`, `:` join; `the` never).
    right: Edges,
    /// The same after a given last cue word (`said of` against `said about`), nested to look up without allocating.
    pair: HashMap<Box<str>, Edges>,
    /// Per word: times it started a multi-word cue, times it preceded one (`to discuss`).
    left: Edges,
}

/// Edge counts by word: (in the cue, next to it).
type Edges = HashMap<Box<str>, (u32, u32)>;

/// Prior weight of a word's own edge rate when a pair's counts are read (add-m smoothing).
const PAIR_PRIOR: f32 = 2.0;

fn two(f: &mut std::str::Split<'_, char>) -> Option<(u32, u32)> {
    let a = f.next()?.parse().ok()?;
    let b = f.next()?.parse().ok()?;
    Some((a, b))
}

impl Lexicon {
    pub fn parse(tsv: &str) -> Lexicon {
        let mut lx = Lexicon::default();
        for line in tsv.lines() {
            let mut f = line.split('\t');
            match f.next() {
                Some("word") => {
                    let Some(w) = f.next() else { continue };
                    let n: Vec<u32> = f.filter_map(|x| x.parse().ok()).collect();
                    if let [cue, total, src_in, src_stop] = n[..] {
                        lx.words.insert(
                            w.into(),
                            Word {
                                cue,
                                total,
                                src_in,
                                src_stop,
                            },
                        );
                    }
                }
                Some("phrase") => {
                    let Some(p) = f.next() else { continue };
                    let mut parts = p.split(' ');
                    let Some(first) = parts.next() else { continue };
                    let rest: Vec<Box<str>> = parts.map(Box::from).collect();
                    if !rest.is_empty() {
                        lx.phrases.entry(first.into()).or_default().push(rest);
                    }
                }
                Some(side @ ("right" | "left")) => {
                    let Some(w) = f.next() else { continue };
                    let Some(c) = two(&mut f) else { continue };
                    let map = if side == "right" {
                        &mut lx.right
                    } else {
                        &mut lx.left
                    };
                    map.insert(w.into(), c);
                }
                Some("pair") => {
                    let Some((x, y)) = f.next().and_then(|p| p.split_once(' ')) else {
                        continue;
                    };
                    let Some(c) = two(&mut f) else { continue };
                    lx.pair.entry(x.into()).or_default().insert(y.into(), c);
                }
                _ => {}
            }
        }
        for v in lx.phrases.values_mut() {
            v.sort_by_key(|r| std::cmp::Reverse(r.len()));
        }
        lx
    }

    pub fn word(&self, key: &str) -> Option<&Word> {
        self.words.get(key)
    }

    /// Share of the times `next` followed a cue ending in `last` that PolNeAR took it into the cue; None when unseen.
    pub fn right_rate(&self, last: &str, next: &str) -> Option<f32> {
        let &(a, b) = self.right.get(next)?;
        let prior = a as f32 / (a + b) as f32;
        Some(match self.pair.get(last).and_then(|m| m.get(next)) {
            Some(&(pa, pb)) => (pa as f32 + PAIR_PRIOR * prior) / ((pa + pb) as f32 + PAIR_PRIOR),
            None => prior,
        })
    }

    /// Share of the times `key` stood just before a cue or started one that it started it; None when unseen.
    pub fn left_rate(&self, key: &str) -> Option<f32> {
        let &(a, b) = self.left.get(key)?;
        Some(a as f32 / (a + b) as f32)
    }

    /// Multi-word continuations of a cue starting with `key`, longest first.
    pub fn phrases(&self, key: &str) -> &[Vec<Box<str>>] {
        self.phrases.get(key).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The embedded lexicon, parsed on first use.
pub fn get() -> &'static Lexicon {
    static LX: OnceLock<Lexicon> = OnceLock::new();
    LX.get_or_init(|| Lexicon::parse(MODEL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_phrases() {
        let lx = Lexicon::parse(
            "# c\nword\tsaid\t90\t100\t0\t1\nphrase\taccording to\t50\nphrase\tsaid in a statement\t9\nbad\tline\n",
        );
        let w = lx.word("said").copied().unwrap_or_default();
        assert_eq!(w.cue, 90);
        assert!(w.cue_rate() > 0.8);
        assert_eq!(lx.phrases("according").len(), 1);
        assert_eq!(lx.phrases("said")[0].len(), 3);
        assert!(lx.word("nope").is_none());
        let lx = Lexicon::parse("right\tof\t8\t2\npair\tsaid of\t0\t10\nleft\tto\t3\t1\n");
        assert_eq!(lx.right_rate("warned", "of"), Some(0.8));
        assert!(lx.right_rate("said", "of").is_some_and(|r| r < 0.2));
        assert_eq!(lx.left_rate("to"), Some(0.75));
        assert_eq!(lx.left_rate("the"), None);
    }

    #[test]
    fn embedded_model_knows_the_common_cues() {
        let lx = get();
        for w in ["said", "told", "according"] {
            assert!(lx.word(w).is_some_and(|w| w.cue_rate() > 0.3), "{w}");
        }
    }
}
