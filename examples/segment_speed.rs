//! Segmentation throughput on saved pages: parses every file once (not
//! timed), then times `segment::segment` alone over all of them and prints
//! MB/s of page text.
//! `cargo run --release --example segment_speed -- PAGE.html ... [PAGE.txt ...]`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: segment_speed FILE...");
        return;
    }
    let mut pages = Vec::new();
    for f in &files {
        let Ok(raw) = std::fs::read(f) else { continue };
        let text = String::from_utf8_lossy(&raw);
        pages.push(if f.ends_with(".txt") {
            storyline::page::Page::from_plain_text(&text)
        } else {
            storyline::html::page_from_html(&text, None)
        });
    }
    let bytes: usize = pages.iter().map(|p| p.text.len()).sum();
    let opts = storyline::Options::default();
    let t = std::time::Instant::now();
    let mut rounds = 0;
    let mut sentences = 0;
    while rounds < 3 || t.elapsed().as_secs_f64() < 2.0 {
        for p in &pages {
            sentences += storyline::segment::segment(p, &opts).sentences.len();
        }
        rounds += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    let t2 = std::time::Instant::now();
    for p in &pages {
        if p.source == storyline::page::Source::Html {
            let _ = storyline::segment::content::classify(p);
        }
    }
    let c = t2.elapsed().as_secs_f64();
    let t3 = std::time::Instant::now();
    let mut n = 0;
    for p in &pages {
        for b in &p.blocks {
            n += storyline::segment::sentences::split(&p.text, b.range()).len();
        }
    }
    eprintln!(
        "one round: classify {:.3}s, sentences {:.3}s ({n}), total per round {:.3}s",
        c,
        t3.elapsed().as_secs_f64(),
        secs / rounds as f64
    );
    println!(
        "{} pages, {:.1} MB of page text, {rounds} rounds: {:.1} MB/s ({} sentences per round)",
        pages.len(),
        bytes as f64 / 1e6,
        bytes as f64 * rounds as f64 / 1e6 / secs,
        sentences / rounds
    );
}

#[cfg(target_arch = "wasm32")]
fn main() {}
