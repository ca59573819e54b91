//! Inputs that once broke an invariant (found by the fuzzers or shrunk by
//! proptest), replayed through the same code the fuzz targets run
//! (`tests/check/targets.rs`). A crash file from `fuzz/artifacts/TARGET/`
//! goes into `tests/regressions/TARGET/` under a name saying what it broke;
//! every file there is replayed (files named `edge-*` are hand-made edge
//! inputs kept with them: line breaks only, a cut-off emoji, 1,500 unclosed
//! tags, whitespace-only blocks, a garbage date anchor).

mod check;

use std::path::Path;

type Target = fn(&[u8]) -> Result<(), String>;

const TARGETS: &[(&str, Target)] = &[
    ("html_page", check::targets::html_page),
    ("plain_text", check::targets::plain_text),
    ("taggers", check::targets::taggers),
    ("tree_page", check::targets::tree_page),
    ("store_decode", check::targets::store_decode),
];

/// Replays every saved input of every target; returns how many ran.
fn replay_saved(root: &Path) -> usize {
    let mut ran = 0;
    for (name, run) in TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).expect("read regression input");
            if let Err(e) = run(&data) {
                panic!("{}: {e}", f.display());
            }
            ran += 1;
        }
    }
    ran
}

#[test]
fn saved_fuzz_inputs_still_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let ran = replay_saved(&root);
    assert!(ran > 0, "no saved inputs under {}", root.display());
}

/// The replay itself reports a broken invariant rather than passing it by.
#[test]
fn replay_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plain_text")).unwrap();
    std::fs::write(dir.path().join("plain_text/ok"), b"A line.\r\nAnother.").unwrap();
    assert_eq!(replay_saved(dir.path()), 1);
    let broken: Target = |_| Err("boom".into());
    assert!(broken(b"x").is_err());
}

/// Found by reading the store decoder (then confirmed here): a record id of
/// u64::MAX made `decode` compute `last_id + 1` and panic (debug) or wrap
/// (release, handing out duplicate ids). Ids past 2^53 - 1 are now damage.
#[test]
fn store_with_huge_record_id_is_corrupt_not_a_panic() {
    use storyline::store::format::{decode, StoreError, MAX_ID};
    // a version 3 payload of one record: slot table (id, length), then the
    // record (three zero counts, varint id, then zeros for the other fields)
    let record = |id: u64| {
        let mut rec = vec![0u8; 12];
        let mut v = id;
        while v >= 0x80 {
            rec.push((v as u8) | 0x80);
            v >>= 7;
        }
        rec.push(v as u8);
        rec.extend_from_slice(&[0; 11]);
        let mut payload = vec![1u8, 0, 0, 1];
        payload.extend_from_slice(&id.to_le_bytes());
        payload.extend_from_slice(&(rec.len() as u32).to_le_bytes());
        payload.extend_from_slice(&rec);
        payload
    };
    // the payload is version 3 (no index sections): give it that header
    // (a CRC-32 where version 4 has XXH3-64)
    let v3 = |payload: &[u8]| {
        let mut b = storyline::store::format::MAGIC.to_vec();
        b.extend_from_slice(&3u16.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        b.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
        b.extend_from_slice(payload);
        b
    };
    for id in [u64::MAX, 1u64 << 53] {
        let payload = record(id);
        let bytes = v3(&payload);
        assert!(
            matches!(decode(&bytes), Err(StoreError::Corrupt(_))),
            "id {id:x?} accepted"
        );
        let mut data = vec![1u8];
        data.extend_from_slice(&payload);
        check::targets::store_decode(&data).unwrap();
    }
    let ok = record(MAX_ID);
    let store = decode(&v3(&ok)).expect("the largest id is still a store");
    assert_eq!(store.records().next().map(|r| r.id), Some(MAX_ID));
    let mut data = vec![1u8];
    data.extend_from_slice(&ok);
    check::targets::store_decode(&data).unwrap();
}
