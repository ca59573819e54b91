//! `storyline train actors`: rebuilds model/actors.bin from the NER corpora
//! (CoNLL-2003 train + GUM train split), deterministically for a seed, and
//! prints scores on the dev documents (CoNLL dev, GUM dev) for the model card.

use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::train::{corpus, eval, examples, train, TrainConfig};

const USAGE: &str = "usage: storyline train actors [--data DIR] [--out FILE] [--epochs N] [--seed N] [--prune Q] [--levels N] [--no-dev]
  --data DIR   the shared data folder (default: $STORYLINE_DATA, ../shared/data, ../../shared/data)
  --out FILE   where to write the model (default: model/actors.bin)
  --prune Q    quantile of weight magnitudes used as the quantisation unit (size knob)
  --levels N   largest weight code, 1..127 (size knob)
  --eval FILE  only score an existing model file on the dev documents";

pub fn cmd_train(args: &[String]) -> Result<(), String> {
    let Some((what, rest)) = args.split_first() else {
        return Err(USAGE.into());
    };
    if what != "actors" {
        return Err(format!("nothing to train called '{what}'\n{USAGE}"));
    }
    let mut cfg = TrainConfig::default();
    let mut data: Option<PathBuf> = std::env::var_os("STORYLINE_DATA").map(PathBuf::from);
    let mut out = PathBuf::from("model/actors.bin");
    let mut dev = true;
    let mut eval_only: Option<PathBuf> = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--data" => data = Some(PathBuf::from(value()?)),
            "--out" => out = PathBuf::from(value()?),
            "--epochs" => cfg.epochs = value()?.parse().map_err(|_| "--epochs wants a number")?,
            "--seed" => cfg.seed = value()?.parse().map_err(|_| "--seed wants a number")?,
            "--prune" => {
                cfg.unit_quantile = value()?
                    .parse()
                    .map_err(|_| "--prune wants a quantile in 0..1")?
            }
            "--levels" => {
                cfg.levels = value()?
                    .parse()
                    .map_err(|_| "--levels wants a number in 1..127")?
            }
            "--no-dev" => dev = false,
            "--eval" => eval_only = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown option {a}\n{USAGE}")),
        }
    }
    let data = match data {
        Some(d) => d,
        None => ["../shared/data", "../../shared/data"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.join("ner").is_dir())
            .ok_or("no data folder found: pass --data DIR")?,
    };
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let ner = data.join("ner");
    if let Some(path) = eval_only {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let model = storyline::tag::actors::model::Model::from_bytes(&bytes)?;
        return print_dev(&model, &ner, &read);
    }
    let t0 = Instant::now();
    let mut docs = corpus::read_conll(&read(&ner.join("conll2003/train.conllu"))?, "conll-train");
    let n_conll = docs.len();
    let gum_train = gum_docs(&ner, "train", &read)?;
    eprintln!(
        "train: {n_conll} CoNLL documents, {} GUM documents",
        gum_train.len()
    );
    docs.extend(gum_train);
    let exs = examples(&docs);
    let tokens: usize = exs.iter().map(|e| e.gold.len()).sum();
    eprintln!(
        "train: {} sentences, {tokens} tokens, prepared in {:.1}s",
        exs.len(),
        t0.elapsed().as_secs_f64()
    );
    let t1 = Instant::now();
    let model = train(&exs, &cfg, |l| eprintln!("train: {l}"));
    let bytes = model.to_bytes();
    eprintln!(
        "train: {} epochs in {:.1}s; {} non-zero weights, {} bytes",
        cfg.epochs,
        t1.elapsed().as_secs_f64(),
        model.nonzero(),
        bytes.len()
    );
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("train: wrote {}", out.display());
    if dev {
        print_dev(&model, &ner, &read)?;
    }
    Ok(())
}

/// The GUM documents of one split (`train`, `dev`) as listed in `gum/splits.md`.
fn gum_docs(
    ner: &Path,
    split: &str,
    read: &dyn Fn(&Path) -> Result<String, String>,
) -> Result<Vec<corpus::Doc>, String> {
    let splits = read(&ner.join("gum/splits.md"))?;
    corpus::gum_split(&splits, split)
        .iter()
        .map(|name| {
            read(&ner.join("gum/dep").join(format!("{name}.conllu")))
                .map(|s| corpus::read_gum(&s, name))
        })
        .collect()
}

/// Prints the dev scores of a model (CoNLL dev, GUM dev; with and without the document pass).
fn print_dev(
    model: &storyline::tag::actors::model::Model,
    ner: &Path,
    read: &dyn Fn(&Path) -> Result<String, String>,
) -> Result<(), String> {
    let conll_dev = corpus::read_conll(&read(&ner.join("conll2003/dev.conllu"))?, "conll-dev");
    let gum_dev = gum_docs(ner, "dev", read)?;
    println!("conll-dev  {}", eval::evaluate(model, &conll_dev).line());
    println!("gum-dev    {}", eval::evaluate(model, &gum_dev).line());
    println!(
        "conll-dev (no doc pass)  {}",
        eval::evaluate_with(model, &conll_dev, false).line()
    );
    println!(
        "gum-dev (no doc pass)    {}",
        eval::evaluate_with(model, &gum_dev, false).line()
    );
    Ok(())
}
