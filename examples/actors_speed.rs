//! Tokens per second of the actor tagger on a synthetic news text (native,
//! release build): `cargo run --release --example actors_speed`.

use std::time::Instant;
use storyline::page::Page;
use storyline::segment::segment;
use storyline::tag::actors::{tag, tokenize::tokenize};
use storyline::Options;

const PARA: &str = "Senator Tom Cotton of Arkansas said on Tuesday that TikTok, the ByteDance-owned video app, \
poses a risk to the U.S. and should be banned. The Office of the Director of National Intelligence and the \
Federal Bureau of Investigation declined to comment. In Tokyo, officials of the Liberal Democratic Party \
said Japan's government would review the app. Mike Pompeo told reporters in Washington that Beijing uses \
companies such as Huawei and ZTE to gather data. Cotton and Marco Rubio asked the Department of Homeland \
Security to act before the election.\n\n";

fn main() {
    let text: String = PARA.repeat(400);
    let page = Page::from_plain_text(&text);
    let seg = segment(&page, &Options::default());
    let tokens = tokenize(&page.text, 0..page.text.len()).len();
    let _ = tag(&page.text, &seg); // warm-up: model and lexicon load
    let runs = 20;
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let mut found = 0;
    for _ in 0..runs {
        found = tag(&page.text, &seg).len();
    }
    let secs = t0.elapsed().as_secs_f64() / runs as f64;
    // the machine is shared: CPU time is the fairer figure
    let cpu = (cpu_seconds() - c0) / runs as f64;
    println!(
        "cpu: {:.1} ms per run, {:.0} tokens/s",
        cpu * 1e3,
        tokens as f64 / cpu
    );
    println!(
        "{tokens} tokens, {found} actors, {:.1} ms per run, {:.0} tokens/s, {:.1} MB/s",
        secs * 1e3,
        tokens as f64 / secs,
        text.len() as f64 / secs / 1e6
    );
    parts(&page.text, &seg);
    let t1 = Instant::now();
    let m = storyline::tag::actors::model::Model::from_bytes(include_bytes!("../model/actors.bin"));
    println!(
        "model load {:.1} ms ({} non-zero weights)",
        t1.elapsed().as_secs_f64() * 1e3,
        m.map(|m| m.nonzero()).unwrap_or(0)
    );
}

#[allow(dead_code)]
fn parts(text: &str, seg: &storyline::segment::Segmentation) {
    use storyline::tag::actors::prepare;
    let t = Instant::now();
    let p = prepare::prepare(text, prepare::units(text, seg).into_iter());
    println!("prepare {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let m = storyline::tag::actors::model::Model::get().expect("model");
    let _ = storyline::tag::actors::tag_prepared(m, text, &p, false);
    println!(
        "tag (no doc pass) {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let _ = storyline::tag::actors::tag_prepared(m, text, &p, true);
    println!(
        "tag (with doc pass) {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
}

/// This process's user + system CPU seconds (Linux /proc; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // fields 14 and 15 of stat are utime and stime; after the ')' they are 12th and 13th (index 11, 12)
    (f.get(10).copied().unwrap_or(0.0) + f.get(11).copied().unwrap_or(0.0)) / 100.0
}
