//! Size experiments for the actor model: trains once on the training
//! documents minus a held-out tenth (every tenth CoNLL and GUM train
//! document), caches the float weights, then scores quantisation variants on
//! the held-out documents and writes each variant's bytes for measuring.
//! Selection decisions are made on this hold-out, never on dev.
//!
//! `cargo run --release --example actors_size -- DATA_DIR OUT_DIR [q:levels ...]`;
//! `... -- load MODEL_FILE` times parsing a model file instead.

use std::path::Path;
use storyline::tag::actors::model::Model;
use storyline::train::{corpus, eval, examples, train_weights, TrainConfig};

fn n_cells() -> usize {
    storyline::tag::actors::features::BUCKETS * 13
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let (Some("load"), Some(file)) = (args.first().map(|s| s.as_str()), args.get(1)) {
        let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
        let runs = 20;
        let t0 = std::time::Instant::now();
        for _ in 0..runs {
            if bytes.starts_with(b"SLA2") {
                // the previous format: its stream alone (the rows as now)
                let mut r = storyline::tag::quantised::Reader::new(&bytes, "SLA2");
                r.take(4 + 12 + 8 + 169 * 4)?;
                let cells = storyline::tag::quantised::read_sparse(&mut r, n_cells())?;
                std::hint::black_box(&cells);
            } else {
                let m = Model::from_bytes(&bytes)?;
                std::hint::black_box(&m);
            }
        }
        let ms = t0.elapsed().as_secs_f64() * 1e3 / f64::from(runs);
        println!(
            "{file}: {} bytes, parsed in {ms:.2} ms (wall, mean of {runs})",
            bytes.len()
        );
        return Ok(());
    }
    let data = Path::new(args.first().ok_or("DATA_DIR")?).join("ner");
    let out = Path::new(args.get(1).ok_or("OUT_DIR")?).to_path_buf();
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let conll = corpus::read_conll(&read(&data.join("conll2003/train.conllu"))?, "conll-train");
    let splits = read(&data.join("gum/splits.md"))?;
    let mut gum = Vec::new();
    for name in corpus::gum_split(&splits, "train") {
        let src = read(&data.join("gum/dep").join(format!("{name}.conllu")))?;
        gum.push(corpus::read_gum(&src, &name));
    }
    // ACTORS_DEV=1: train on all of train and score on dev (to confirm a choice)
    let full = std::env::var_os("ACTORS_DEV").is_some();
    let hold = if full { usize::MAX } else { 10 };
    let (mut fit, mut held_c, mut held_g) = (Vec::new(), Vec::new(), Vec::new());
    for (i, d) in conll.into_iter().enumerate() {
        if i % hold == 0 && !full {
            held_c.push(d);
        } else {
            fit.push(d);
        }
    }
    for (i, d) in gum.into_iter().enumerate() {
        if i % hold == 0 && !full {
            held_g.push(d);
        } else {
            fit.push(d);
        }
    }
    if full {
        held_c = corpus::read_conll(&read(&data.join("conll2003/dev.conllu"))?, "conll-dev");
        for name in corpus::gum_split(&splits, "dev") {
            let src = read(&data.join("gum/dep").join(format!("{name}.conllu")))?;
            held_g.push(corpus::read_gum(&src, &name));
        }
    }
    let cache = out.join("weights.f32");
    let cfg = TrainConfig::default();
    let n = storyline::tag::actors::features::BUCKETS * 13;
    let (w, t) = match std::fs::read(&cache) {
        Ok(b) if b.len() == (n + 169) * 4 => {
            let f: Vec<f32> = b
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            (f[..n].to_vec(), f[n..].to_vec())
        }
        _ => {
            let exs = examples(&fit);
            let (w, t) = train_weights(&exs, &cfg, |l| eprintln!("{l}"));
            let mut b = Vec::new();
            for x in w.iter().chain(&t) {
                b.extend_from_slice(&x.to_le_bytes());
            }
            std::fs::write(&cache, b).map_err(|e| e.to_string())?;
            (w, t)
        }
    };
    let variants: Vec<String> = if args.len() > 2 {
        args[2..].to_vec()
    } else {
        vec!["0.7:127".into()]
    };
    for v in variants {
        let (q, l) = v.split_once(':').ok_or("q:levels")?;
        let q: f64 = q.parse().map_err(|_| "q")?;
        let l: u8 = l.parse().map_err(|_| "levels")?;
        let m = Model::quantise_levels(&w, &t, q, l);
        let bytes = m.to_bytes();
        let file = out.join(format!("m_{q}_{l}.bin"));
        std::fs::write(&file, &bytes).map_err(|e| e.to_string())?;
        let c = eval::evaluate(&m, &held_c);
        let g = eval::evaluate(&m, &held_g);
        println!(
            "{v}\tnz {}\tbytes {}\tconll {:.4}\tgum {:.4}",
            m.nonzero(),
            bytes.len(),
            c.f1(),
            g.f1()
        );
    }
    Ok(())
}
