//! Store benchmarks: query against 10k / 100k / 1M stored stories, insert,
//! and loading a 100k-story store from bytes. Stored stories are synthetic
//! with the shape of real ones (17 paragraphs, ~60 winnowed hashes, 32 cluster
//! terms drawn from a skewed vocabulary); the bytes-per-story figure is
//! measured on a fingerprinted 600-word text.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;
use storyline::fingerprint::{mix64, paragraph_print, terms::term_hash, ParaPrint, StoryPrint};
use storyline::store::format::{decode, decode_owned, encode};
use storyline::store::matching::StoredPara;
use storyline::store::{ReadAt, Record, Store, StoredTerm};

const PARAS: usize = 17;
const HASHES_PER_PARA: usize = 4;

fn rng(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix64(*seed)
}

fn record(id: u64, seed: &mut u64) -> Record {
    let paras: Vec<StoredPara> = (0..PARAS)
        .map(|_| StoredPara {
            words: 30 + (rng(seed) % 20) as u16,
            n: HASHES_PER_PARA as u16,
            brk: false,
        })
        .collect();
    let hashes: Vec<u32> = (0..PARAS * HASHES_PER_PARA)
        .map(|_| rng(seed) as u32)
        .collect();
    let terms = (0..32)
        .map(|_| {
            // skewed: small ids (common words) far more likely
            let r = rng(seed);
            let t = format!("t{}", (r % 50_000) * (r >> 60) / 16 + (r >> 50) % 50);
            StoredTerm {
                hash: term_hash(&t),
                text: t,
                tf: 1 + (rng(seed) % 4) as u8,
                name: rng(seed) % 3 == 0,
            }
        })
        .collect();
    Record {
        id,
        first_seen: 1_700_000_000 + id,
        url: format!("https://site{}.example/story/{id}", id % 500),
        site: format!("site{}.example", id % 500),
        title: format!("A synthetic headline for story number {id}"),
        published: "2024-05-01".into(),
        page_stories: 1,
        version: id,
        coverage: id,
        paras,
        hashes,
        terms,
        ..Record::default()
    }
}

fn store_of(n: usize) -> Store {
    let mut seed = 42;
    Store::from_records((1..=n as u64).map(|id| record(id, &mut seed)).collect(), 0)
}

/// A copy of stored record `r` with its last two paragraphs cut (a version).
fn copy_of(r: &Record) -> StoryPrint {
    let mut at = 0;
    let paras: Vec<ParaPrint> = r
        .paras
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = r.hashes[at..at + p.n as usize].to_vec();
            at += p.n as usize;
            ParaPrint {
                index: i as u32,
                words: p.words,
                hashes: h,
                ..ParaPrint::default()
            }
        })
        .take(PARAS - 2)
        .collect();
    let terms = r.terms.iter().map(Into::into).collect();
    StoryPrint {
        paras,
        terms,
        page_stories: 1,
        ..StoryPrint::default()
    }
}

fn text_600_words() -> String {
    let mut seed = 7;
    (0..20)
        .map(|_| {
            (0..30)
                .map(|_| format!("w{}", rng(&mut seed) % 20_000))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn bench(c: &mut Criterion) {
    // bytes of fingerprint data for a real 600-word, 20-paragraph text
    let text = text_600_words();
    let paras: Vec<ParaPrint> = text
        .split("\n\n")
        .enumerate()
        .filter_map(|(i, p)| paragraph_print(p, i as u32))
        .collect();
    let mut s = Store::new();
    s.record(
        &StoryPrint {
            paras,
            page_stories: 1,
            ..StoryPrint::default()
        },
        &ReadAt::default(),
    );
    eprintln!(
        "fingerprint bytes for a 600-word story: {}",
        s.stats().fingerprint_bytes
    );

    for &n in &[10_000usize, 100_000, 1_000_000] {
        let store = store_of(n);
        let st = store.stats();
        eprintln!(
            "{n} stories: {} bytes encoded, {} bytes/story",
            st.bytes,
            st.bytes / n as u64
        );
        let hit = copy_of(store.records().nth(n / 2).unwrap());
        let mut seed = 999;
        let miss = copy_of(&record(0, &mut seed));
        let mut g = c.benchmark_group(format!("store_{n}"));
        g.sample_size(10)
            .measurement_time(std::time::Duration::from_secs(2))
            .warm_up_time(std::time::Duration::from_millis(500));
        g.bench_function("query_version", |b| {
            b.iter(|| black_box(store.query(black_box(&hit))))
        });
        g.bench_function("query_unseen", |b| {
            b.iter(|| black_box(store.query(black_box(&miss))))
        });
        if n == 100_000 {
            let bytes = encode(&store);
            g.bench_function("load", |b| {
                b.iter(|| black_box(decode(black_box(&bytes)).unwrap()))
            });
            // what the worker and the CLI do: the bytes handed over, kept in place (no copy)
            g.bench_function("load_owned", |b| {
                b.iter_batched(
                    || bytes.clone(),
                    |v| black_box(decode_owned(v).unwrap()),
                    BatchSize::LargeInput,
                )
            });
            g.bench_function("save", |b| b.iter(|| black_box(encode(black_box(&store)))));
        }
        g.finish();
        if n == 100_000 {
            let mut store = store;
            let mut seed = 77;
            let mut g = c.benchmark_group(format!("store_{n}"));
            g.sample_size(10)
                .measurement_time(std::time::Duration::from_secs(2));
            g.bench_function("record", |b| {
                b.iter_batched(
                    || copy_of(&record(0, &mut seed)),
                    |p| black_box(store.record(&p, &ReadAt::default())),
                    BatchSize::SmallInput,
                )
            });
            g.finish();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
