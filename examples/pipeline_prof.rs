//! Per-stage wall and CPU time of the end-to-end pipeline on one page,
//! without criterion, and a loop to run under `perf record`:
//! `cargo run --release --example pipeline_prof -- PAGE.html [RUNS]`.
//! Why: criterion's per-stage groups take minutes on the shared machine;
//! this prints the split of one end-to-end run in seconds.
//! `... PAGE.html RUNS e2e` runs only the end-to-end path (tree, segment,
//! annotate, prints), RUNS + 1 times and silently: what `valgrind` and
//! `perf stat` should count, without the stages' second tagger passes.

use std::time::Instant;
use storyline::annotate::{annotate_segmented, Options};
use storyline::html::tree_from_html;
use storyline::page::Page;
use storyline::{fingerprint, segment, tag};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "benches/pages/long-listing.html".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(50);
    let e2e_only = args.next().is_some_and(|m| m == "e2e");
    let html = std::fs::read_to_string(&path).expect("page");
    let tree = tree_from_html(&html, None);
    let opts = Options {
        published: Some("2020-07-29".into()),
        url: None,
    };
    if e2e_only {
        for _ in 0..=runs {
            let page = Page::from_tree(&tree);
            let seg = segment::segment(&page, &opts);
            let ann = annotate_segmented(&page, &seg);
            let prints = fingerprint::page_prints(&page, &seg, &ann.entities);
            std::hint::black_box((ann, prints));
        }
        return;
    }
    let mut t: Vec<[f64; 8]> = Vec::new();
    let names = [
        "from_tree",
        "segment",
        "actors",
        "dates",
        "sources",
        "annotate (all)",
        "fingerprint",
    ];
    let mut bytes = 0;
    for run in 0..=runs {
        let t0 = Instant::now();
        let page = Page::from_tree(&tree);
        let t1 = Instant::now();
        let seg = segment::segment(&page, &opts);
        let t2 = Instant::now();
        let actors = tag::actors::tag(&page.text, &seg);
        let t3 = Instant::now();
        let _d = tag::dates::tag(&page.text, &seg);
        let t4 = Instant::now();
        let _s = tag::sources::tag(&page.text, &seg, &actors);
        let t5 = Instant::now();
        let ann = annotate_segmented(&page, &seg);
        let t6 = Instant::now();
        let prints = fingerprint::page_prints(&page, &seg, &ann.entities);
        let t7 = Instant::now();
        std::hint::black_box(prints);
        bytes = page.text.len();
        if run == 0 {
            continue; // warm-up: model, lexicons
        }
        let ts = [t0, t1, t2, t3, t4, t5, t6, t7];
        let mut row = [0f64; 8];
        for k in 0..7 {
            row[k] = (ts[k + 1] - ts[k]).as_secs_f64() * 1e3;
        }
        row[7] = row[0] + row[1] + row[5] + row[6];
        t.push(row);
    }
    // the machine is shared: the minimum is the least disturbed run, the
    // median the typical one
    let stat = |k: usize| {
        let mut v: Vec<f64> = t.iter().map(|r| r[k]).collect();
        v.sort_by(f64::total_cmp);
        (v[0], v[v.len() / 2])
    };
    println!("{:>16}  {:>8} {:>8}", "stage (ms)", "min", "median");
    for (k, n) in names.iter().enumerate() {
        let (lo, med) = stat(k);
        println!("{n:>16}: {lo:8.3} {med:8.3}");
    }
    let (lo, med) = stat(7);
    println!(
        "end to end (tree + segment + annotate + prints): min {lo:.3} ms ({:.2} MB/s), median {med:.3} ms ({:.2} MB/s) of {bytes} text bytes",
        bytes as f64 / lo / 1e3,
        bytes as f64 / med / 1e3,
    );
}
