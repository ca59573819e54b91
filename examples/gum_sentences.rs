//! Sentence-boundary score on the GUM dev documents: the text is rebuilt
//! from the `# text =` lines (sentences of a paragraph joined by a space, a
//! newline between paragraphs at `# newpar`), split by the segmenter's
//! sentence splitter paragraph by paragraph, and the predicted sentence ends
//! are compared with the gold ones (P/R/F1 over boundary offsets; the end
//! of each paragraph is given, so it is not counted).
//!
//! The GUM reddit documents are distributed with every word masked as
//! underscores ("____ __ ___"): there is nothing to split on, so paragraphs
//! without a letter or digit are left out of the headline figure (the figure
//! with them is printed too).
//!
//! `cargo run --release --example gum_sentences -- /work/shared/data/ner/gum`
//! (skips cleanly when the folder is absent); `GUM_SPLIT=train` scores the
//! train documents instead of dev, to check a rule does not fit dev alone.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::path::Path;
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/ner/gum".to_string());
    let dir = Path::new(&dir);
    let Ok(splits) = std::fs::read_to_string(dir.join("splits.md")) else {
        println!("gum_sentences: {} not found; skipped", dir.display());
        return;
    };
    // The document names: the bullet list under "## dev" (or GUM_SPLIT).
    let split = std::env::var("GUM_SPLIT").unwrap_or_else(|_| "dev".to_string());
    let mut docs = Vec::new();
    let mut in_dev = false;
    for line in splits.lines() {
        let l = line.trim();
        if l.starts_with("## ") {
            in_dev = l.strip_prefix("## ") == Some(split.as_str());
        } else if in_dev {
            if let Some(name) = l.strip_prefix("* ") {
                docs.push(name.trim().to_string());
            }
        }
    }
    let (mut tp, mut sys, mut gold) = (0usize, 0usize, 0usize);
    let (mut masked_gold, mut masked_paras) = (0usize, 0usize);
    let mut paras_n = 0usize;
    let mut show = std::env::var("SHOW").is_ok();
    for doc in &docs {
        let Ok(conllu) = std::fs::read_to_string(dir.join("dep").join(format!("{doc}.conllu")))
        else {
            println!("gum_sentences: {doc} missing; skipped");
            continue;
        };
        // Paragraphs of sentences.
        let mut paras: Vec<Vec<String>> = Vec::new();
        for line in conllu.lines() {
            if line.starts_with("# newpar") && !line.starts_with("# newpar_block") {
                paras.push(Vec::new());
            } else if let Some(t) = line.strip_prefix("# text = ") {
                if paras.is_empty() {
                    paras.push(Vec::new());
                }
                if let Some(p) = paras.last_mut() {
                    p.push(t.trim().to_string());
                }
            }
        }
        for p in paras.iter().filter(|p| !p.is_empty()) {
            let text = p.join(" ");
            let mut gold_ends = Vec::new();
            let mut pos = 0;
            for s in p {
                pos += s.len();
                gold_ends.push(pos);
                pos += 1;
            }
            gold_ends.pop(); // the paragraph end is given
            if !text.chars().any(char::is_alphanumeric) {
                masked_gold += gold_ends.len();
                masked_paras += 1;
                continue;
            }
            let pred: Vec<usize> = storyline::segment::sentences::split(&text, 0..text.len())
                .iter()
                .map(|r| r.end)
                .filter(|&e| e < text.len())
                .collect();
            let hit = pred.iter().filter(|e| gold_ends.contains(e)).count();
            if show && hit < pred.len().max(gold_ends.len()) {
                let tail = |e: usize| {
                    let mut s = e.saturating_sub(15);
                    while !text.is_char_boundary(s) {
                        s += 1;
                    }
                    &text[s..e]
                };
                println!(
                    "--- {doc}\n  gold {:?}\n  pred {:?}",
                    gold_ends.iter().map(|&e| tail(e)).collect::<Vec<_>>(),
                    pred.iter().map(|&e| tail(e)).collect::<Vec<_>>()
                );
            }
            paras_n += 1;
            tp += hit;
            sys += pred.len();
            gold += gold_ends.len();
        }
        show = show && std::env::var("SHOW_ALL").is_ok();
    }
    let p = tp as f64 / sys.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!("GUM {split} sentence boundaries inside paragraphs ({} docs, {masked_paras} masked paragraphs left out): P {p:.4} R {r:.4} F1 {f:.4} (tp {tp}, sys {sys}, gold {gold})", docs.len());
    let mr = tp as f64 / (gold + masked_gold).max(1) as f64;
    let mf = if p + mr > 0.0 {
        2.0 * p * mr / (p + mr)
    } else {
        0.0
    };
    println!(
        "  with the masked paragraphs counted as missed: P {p:.4} R {mr:.4} F1 {mf:.4} (gold {})",
        gold + masked_gold
    );
    // Every sentence end, paragraph ends included (a paragraph end is a line
    // break in the rebuilt text, which the splitter always honours).
    let (tp, sys, gold) = (tp + paras_n, sys + paras_n, gold + paras_n);
    let p = tp as f64 / sys.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!("GUM {split} sentence ends, paragraph ends included: P {p:.4} R {r:.4} F1 {f:.4} (tp {tp}, sys {sys}, gold {gold})");
}

#[cfg(target_arch = "wasm32")]
fn main() {}
