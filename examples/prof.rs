//! Wall-clock timing of store build, query, encode and decode without
//! criterion: `cargo run --release --example prof -- 100000` (`PROF_REPS`
//! queries, default 300; `PROF_WRITE=FILE` keeps the store's bytes). Handy
//! for profiling (`perf record`) the same code paths the benches measure.

use std::time::Instant;
use storyline::fingerprint::mix64;
use storyline::fingerprint::terms::term_hash;
use storyline::store::format::{decode, encode};
use storyline::store::matching::StoredPara;
use storyline::store::{Record, Store, StoredTerm};
fn rng(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix64(*seed)
}
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let mut seed = 1;
    let recs: Vec<Record> = (1..=n as u64)
        .map(|id| {
            let paras = (0..17)
                .map(|_| StoredPara {
                    words: 30,
                    n: 4,
                    brk: false,
                })
                .collect();
            let hashes = (0..68).map(|_| rng(&mut seed) as u32).collect();
            let terms = (0..32)
                .map(|_| {
                    // skewed like the store bench: small ids (common words) far more likely
                    let r = rng(&mut seed);
                    let t = format!("t{}", (r % 50_000) * (r >> 60) / 16 + (r >> 50) % 50);
                    StoredTerm {
                        hash: term_hash(&t),
                        text: t,
                        tf: 1,
                        name: false,
                    }
                })
                .collect();
            Record {
                id,
                paras,
                hashes,
                terms,
                page_stories: 1,
                version: id,
                coverage: id,
                ..Record::default()
            }
        })
        .collect();
    let t = Instant::now();
    let s = Store::from_records(recs, 0);
    eprintln!("from_records {:?}", t.elapsed());
    let r = s.records().nth(n / 2).unwrap().clone();
    let mut at = 0;
    let paras = r
        .paras
        .iter()
        .map(|p| {
            let h = r.hashes[at..at + p.n as usize].to_vec();
            at += p.n as usize;
            storyline::fingerprint::ParaPrint {
                words: p.words,
                hashes: h,
                ..Default::default()
            }
        })
        .collect();
    let terms = r.terms.iter().map(Into::into).collect();
    let q = storyline::fingerprint::StoryPrint {
        paras,
        terms,
        page_stories: 1,
        ..Default::default()
    };
    let reps: u32 = std::env::var("PROF_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let t = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(s.query(&q));
    }
    eprintln!("query {:?}", t.elapsed() / reps);
    let t = Instant::now();
    for _ in 0..300 {
        std::hint::black_box(storyline::cluster::related(&s, &q));
    }
    eprintln!("related {:?}", t.elapsed() / 300);
    let t = Instant::now();
    let b = encode(&s);
    eprintln!("encode {:?}", t.elapsed());
    eprintln!("{} bytes, {} per story", b.len(), b.len() / n);
    // PROF_WRITE=FILE: keep the store's bytes (scripts/wasm-store-load.mjs times loading them in wasm)
    if let Ok(path) = std::env::var("PROF_WRITE") {
        std::fs::write(&path, &b).unwrap();
    }
    let t = Instant::now();
    let d = decode(&b).unwrap();
    eprintln!("decode {:?} {}", t.elapsed(), d.len());
    let t = Instant::now();
    let d = storyline::store::format::decode_owned(b).unwrap();
    eprintln!("decode_owned {:?} {}", t.elapsed(), d.len());
    let t = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(d.query(&q));
    }
    eprintln!("query after load {:?}", t.elapsed() / reps);
}
