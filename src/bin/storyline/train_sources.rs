//! `storyline train sources [--data DIR] [--out FILE]`: derives the source
//! tagger's lexicon from PolNeAR (brat standoff) and writes it as a small TSV
//! that the core embeds. Counting, not fitting: how often each word is part
//! of a gold cue against how often it occurs at all, how often it sits inside
//! a source noun phrase against how often it stands just left of one, and
//! which multi-word cues recur. The rules in `tag::sources` read these as
//! probabilities, so the artifact stays inspectable and tiny. Only derived
//! counts are written, never text. Native only (reads files).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use storyline::tag::sources::{anchor, cues, ends, lex};
use storyline::train::sources::{
    cue_examples, cue_prf, end_accuracy, end_examples, train_cues, train_ends, ContentDoc,
    CueConfig, CueDoc,
};

/// One gold relation, byte spans.
struct Rel {
    source: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
    content: Option<(usize, usize)>,
}

struct Doc {
    text: String,
    rels: Vec<Rel>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut data = PathBuf::from("../shared/data/quotes/polnear");
    let mut out = PathBuf::from("model/sources.tsv");
    let mut cue_out = PathBuf::from("model/sources_cue.bin");
    let mut end_out = PathBuf::from("model/sources_end.bin");
    let mut end_cfg = CueConfig {
        bits: 15,
        ..CueConfig::default()
    };
    let mut cfg = CueConfig::default();
    let mut holdout = 0usize;
    let mut fold = 0usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = value()?.into(),
            "--out" => out = value()?.into(),
            "--cue-out" => cue_out = value()?.into(),
            "--end-out" => end_out = value()?.into(),
            "--end-epochs" => {
                end_cfg.epochs = value()?
                    .parse()
                    .map_err(|_| "--end-epochs wants a number")?
            }
            "--end-prune" => {
                end_cfg.unit_quantile =
                    value()?.parse().map_err(|_| "--end-prune wants a number")?
            }
            "--end-bits" => {
                end_cfg.bits = value()?.parse().map_err(|_| "--end-bits wants a number")?
            }
            "--epochs" => cfg.epochs = value()?.parse().map_err(|_| "--epochs wants a number")?,
            "--prune" => {
                cfg.unit_quantile = value()?.parse().map_err(|_| "--prune wants a number")?
            }
            "--bits" => cfg.bits = value()?.parse().map_err(|_| "--bits wants a number")?,
            // every Nth article (sorted by name) is left out and scored: for development only
            "--holdout" => holdout = value()?.parse().map_err(|_| "--holdout wants a number")?,
            // which residue of `--holdout` is left out (cross-validation folds)
            "--fold" => fold = value()?.parse().map_err(|_| "--fold wants a number")?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    // the shared data folder or the PolNeAR folder itself
    if data.join("quotes/polnear").is_dir() {
        data = data.join("quotes/polnear");
    }
    let docs = load_split(&data, "train")?;
    if docs.is_empty() {
        return Err(format!(
            "no PolNeAR train articles under {}",
            data.display()
        ));
    }
    let (mut train_docs, mut held): (Vec<&Doc>, Vec<&Doc>) = (Vec::new(), Vec::new());
    for (n, d) in docs.iter().enumerate() {
        if holdout > 0 && n % holdout == fold % holdout {
            held.push(d);
        } else {
            train_docs.push(d);
        }
    }
    if holdout == 0 {
        let tsv = derive(&docs);
        std::fs::write(&out, tsv).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        eprintln!(
            "storyline: wrote {} from {} train articles",
            out.display(),
            docs.len()
        );
    }
    let cue_docs = |ds: &[&Doc]| -> Vec<CueDoc> {
        ds.iter()
            .map(|d| CueDoc {
                text: d.text.clone(),
                cues: d.rels.iter().filter_map(|r| r.cue).collect(),
            })
            .collect()
    };
    let ex = cue_examples(&cue_docs(&train_docs));
    eprintln!(
        "cue detector: {} words from {} articles",
        ex.len(),
        train_docs.len()
    );
    let model = train_cues(&ex, &cfg, |l| eprintln!("{l}"));
    let (p, r, f) = cue_prf(&model, &ex, anchor::STRONG);
    eprintln!(
        "train anchors at {}: P {p:.3} R {r:.3} F1 {f:.3}",
        anchor::STRONG
    );
    if !held.is_empty() {
        let hx = cue_examples(&cue_docs(&held));
        for t in [-4.0f32, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0] {
            let (p, r, f) = cue_prf(&model, &hx, t);
            eprintln!("held-out anchors at {t}: P {p:.3} R {r:.3} F1 {f:.3}");
        }
    }
    let bytes = model.to_bytes();
    std::fs::write(&cue_out, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", cue_out.display()))?;
    eprintln!(
        "storyline: wrote {} ({} bytes, {} weights)",
        cue_out.display(),
        bytes.len(),
        model.nonzero()
    );
    // The content-end chooser, on the rules' right-hand contents.
    let content_docs = |ds: &[&Doc]| -> Vec<ContentDoc> {
        ds.iter()
            .map(|d| ContentDoc {
                text: d.text.clone(),
                contents: d.rels.iter().filter_map(|r| r.content).collect(),
            })
            .collect()
    };
    let ex = end_examples(&content_docs(&train_docs));
    eprintln!(
        "content ends: {} cases ({} with the gold end out of reach)",
        ex.len(),
        ex.unreachable
    );
    let end = train_ends(&ex, &end_cfg, |l| eprintln!("{l}"));
    let (r, m) = end_accuracy(&end, &ex);
    eprintln!("train ends: rules {r:.3}, model {m:.3}");
    if !held.is_empty() {
        let hx = end_examples(&content_docs(&held));
        let (r, m) = end_accuracy(&end, &hx);
        eprintln!(
            "held-out ends ({} cases): rules {r:.3}, model {m:.3}",
            hx.len()
        );
    }
    let bytes = end.to_bytes_as(ends::MAGIC, ends::FEATURE_VERSION);
    std::fs::write(&end_out, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", end_out.display()))?;
    eprintln!(
        "storyline: wrote {} ({} bytes, {} weights)",
        end_out.display(),
        bytes.len(),
        end.nonzero()
    );
    Ok(())
}

/// Reads `DIR/SPLIT/text/*.txt` with the annotation of the smallest annotator id per article.
fn load_split(dir: &Path, split: &str) -> Result<Vec<Doc>, String> {
    let adir = dir.join(split).join("attributions");
    let tdir = dir.join(split).join("text");
    let mut pick: BTreeMap<String, String> = BTreeMap::new();
    let rd =
        std::fs::read_dir(&adir).map_err(|e| format!("cannot read {}: {e}", adir.display()))?;
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".ann") else {
            continue;
        };
        let Some((article, ann)) = stem.rsplit_once('_') else {
            continue;
        };
        let slot = pick
            .entry(article.to_string())
            .or_insert_with(|| ann.to_string());
        if ann < slot.as_str() {
            *slot = ann.to_string();
        }
    }
    let mut docs = Vec::new();
    for (article, ann) in pick {
        let Ok(text) = std::fs::read_to_string(tdir.join(format!("{article}.txt"))) else {
            continue;
        };
        let Ok(ann) = std::fs::read_to_string(adir.join(format!("{article}_{ann}.ann"))) else {
            continue;
        };
        docs.push(Doc {
            rels: parse_ann(&text, &ann),
            text,
        });
    }
    Ok(docs)
}

/// Brat `T` and `E` lines to relations; character offsets become byte offsets, discontinuous spans their outer extent.
fn parse_ann(text: &str, ann: &str) -> Vec<Rel> {
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |c: usize| bytes.get(c).copied();
    let mut spans: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut rels = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(body)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offs)) = body.split_once(' ') else {
                continue;
            };
            let nums: Vec<usize> = offs
                .split([' ', ';'])
                .filter_map(|x| x.parse().ok())
                .collect();
            if let (Some(&s), Some(&e)) = (nums.first(), nums.last()) {
                if let (Some(s), Some(e)) = (byte(s), byte(e)) {
                    spans.insert(id, (s, e));
                }
            }
        } else if id.starts_with('E') {
            let mut rel = Rel {
                source: None,
                cue: None,
                content: None,
            };
            for part in body.split_whitespace() {
                let Some((role, t)) = part.split_once(':') else {
                    continue;
                };
                let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                match role {
                    "Source" => rel.source = spans.get(t).copied(),
                    "Cue" => rel.cue = spans.get(t).copied(),
                    "Content" => rel.content = spans.get(t).copied(),
                    _ => {}
                }
            }
            rels.push(rel);
        }
    }
    rels
}

#[derive(Default)]
struct Counts {
    cue: u32,
    total: u32,
    src_in: u32,
    src_stop: u32,
}

fn derive(docs: &[Doc]) -> String {
    let mut words: HashMap<String, Counts> = HashMap::new();
    let mut phrases: HashMap<String, u32> = HashMap::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    // Cue edges: how often a word ends a multi-word cue against how often it follows a cue, by itself and after the
    // cue's last word; likewise at the cue's start.
    let mut right: HashMap<String, (u32, u32)> = HashMap::new();
    let mut right_pair: HashMap<(String, String), (u32, u32)> = HashMap::new();
    let mut left: HashMap<String, (u32, u32)> = HashMap::new();
    let mut key = String::new();
    for d in docs {
        let toks = lex::tokens(&d.text, 0..d.text.len());
        let mut cue_spans: Vec<(usize, usize)> = d.rels.iter().filter_map(|r| r.cue).collect();
        cue_spans.sort_unstable();
        cue_spans.dedup();
        // Words inside cues, and every word's frequency.
        let mut in_cue = vec![false; toks.len()];
        let keys: Vec<String> = toks
            .iter()
            .map(|t| {
                let mut k = String::new();
                lex::key_into(&d.text[t.range()], &mut k);
                k
            })
            .collect();
        for &(cs, ce) in &cue_spans {
            let first = toks.partition_point(|t| t.start < cs);
            let end = toks.partition_point(|t| t.end <= ce);
            let aligned = toks.get(first).is_some_and(|t| t.start == cs)
                && end > first
                && toks.get(end - 1).is_some_and(|t| t.end == ce);
            if aligned {
                let last = end - 1;
                if last > first {
                    right.entry(keys[last].clone()).or_default().0 += 1;
                    right_pair
                        .entry((keys[last - 1].clone(), keys[last].clone()))
                        .or_default()
                        .0 += 1;
                    left.entry(keys[first].clone()).or_default().0 += 1;
                }
                if let Some(next) = keys.get(end) {
                    right.entry(next.clone()).or_default().1 += 1;
                    right_pair
                        .entry((keys[last].clone(), next.clone()))
                        .or_default()
                        .1 += 1;
                }
                if let Some(prev) = first.checked_sub(1).and_then(|p| keys.get(p)) {
                    left.entry(prev.clone()).or_default().1 += 1;
                }
            }
            let mut parts = Vec::new();
            for (k, t) in toks.iter().enumerate().skip(first) {
                if t.end > ce {
                    break;
                }
                in_cue[k] = true;
                lex::key_into(&d.text[t.range()], &mut key);
                parts.push(key.clone());
            }
            let mut head = first;
            while parts.first().is_some_and(|p| cues::is_aux(p)) {
                parts.remove(0);
                head += 1;
            }
            // Every continuation that follows this cue's head word, in the cue or not: a phrase is kept only when
            // PolNeAR usually takes it whole (`said in a statement`, not `said Friday`).
            if aligned {
                for n in 2..=5 {
                    if let Some(seq) = keys.get(head..head + n) {
                        *seen.entry(seq.join(" ")).or_default() += 1;
                    }
                }
            }
            if parts.len() >= 2 && parts.len() <= 5 {
                *phrases.entry(parts.join(" ")).or_default() += 1;
            }
        }
        for (k, t) in toks.iter().enumerate() {
            if !t.is_word() {
                continue;
            }
            lex::key_into(&d.text[t.range()], &mut key);
            let c = words.entry(key.clone()).or_default();
            c.total += 1;
            if in_cue[k] {
                c.cue += 1;
            }
        }
        // Source noun phrases left of their cue: what is inside, what stops them.
        for r in &d.rels {
            let (Some((ss, se)), Some((cs, _))) = (r.source, r.cue) else {
                continue;
            };
            if se > cs || d.text.get(ss..se).is_none_or(|s| s.contains(',')) {
                continue;
            }
            let first = toks.partition_point(|t| t.start < ss);
            let last = toks.partition_point(|t| t.end <= se);
            if last <= first || last - first > 8 {
                continue;
            }
            for t in &toks[first..last] {
                if t.is_word() {
                    lex::key_into(&d.text[t.range()], &mut key);
                    words.entry(key.clone()).or_default().src_in += 1;
                }
            }
            if let Some(t) = first.checked_sub(1).and_then(|p| toks.get(p)) {
                if t.is_word() {
                    lex::key_into(&d.text[t.range()], &mut key);
                    words.entry(key.clone()).or_default().src_stop += 1;
                }
            }
        }
    }
    let mut out = String::from(
        "# storyline source-tagger lexicon, derived by `storyline train sources` from PolNeAR train\n\
         # (840 articles, one annotator each: the smallest id). Counts only, no text.\n\
         # word<TAB>key<TAB>in-cue<TAB>occurrences<TAB>in-source<TAB>left-of-source\n\
         # phrase<TAB>multi-word cue (taken whole in most of its uses after a cue word)<TAB>count\n\
         # right|left<TAB>key<TAB>ends|starts a multi-word cue<TAB>follows|precedes a cue\n\
         # pair<TAB>cue's last word and the next<TAB>next word in the cue<TAB>next word after it\n",
    );
    let mut ws: Vec<(&String, &Counts)> = words
        .iter()
        .filter(|(_, c)| (c.cue >= 2 && c.cue * 50 >= c.total) || c.src_in + c.src_stop >= 3)
        .collect();
    ws.sort_by(|a, b| a.0.cmp(b.0));
    for (w, c) in ws {
        out.push_str(&format!(
            "word\t{w}\t{}\t{}\t{}\t{}\n",
            c.cue, c.total, c.src_in, c.src_stop
        ));
    }
    let edge = |(a, b): (u32, u32)| a + b >= 5 && a * 4 >= a + b;
    let mut rs: Vec<(&String, &(u32, u32))> = right.iter().filter(|(_, &c)| edge(c)).collect();
    rs.sort();
    for (w, (a, b)) in rs {
        out.push_str(&format!("right\t{w}\t{a}\t{b}\n"));
    }
    let mut rp: Vec<_> = right_pair
        .iter()
        .filter(|((_, y), &(a, b))| a + b >= 3 && right.get(y).is_some_and(|&c| edge(c)))
        .collect();
    rp.sort();
    for ((x, y), (a, b)) in rp {
        out.push_str(&format!("pair\t{x} {y}\t{a}\t{b}\n"));
    }
    let mut ls: Vec<(&String, &(u32, u32))> = left.iter().filter(|(_, &c)| edge(c)).collect();
    ls.sort();
    for (w, (a, b)) in ls {
        out.push_str(&format!("left\t{w}\t{a}\t{b}\n"));
    }
    let mut ps: Vec<(&String, &u32)> = phrases
        .iter()
        .filter(|(p, &n)| n >= 3 && n * 2 > seen.get(*p).copied().unwrap_or(0))
        .collect();
    ps.sort();
    for (p, n) in ps {
        out.push_str(&format!("phrase\t{p}\t{n}\n"));
    }
    out
}
