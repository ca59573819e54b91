//! Properties of the store format: bytes round-trip exactly, no input makes
//! decoding panic, and forgetting leaves no trace in the bytes.

use proptest::prelude::*;
use storyline::fingerprint::{paragraph_print, terms::candidate_terms, StoryPrint};
use storyline::store::format::{decode, encode};
use storyline::store::{ReadAt, Store};

fn story(words: &[String], marker: &str) -> StoryPrint {
    let paras: Vec<String> = words.chunks(9).map(|c| c.join(" ")).collect();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    StoryPrint {
        title: format!("Title {marker}"),
        site: format!("{marker}.example"),
        published: "2024-05-01".into(),
        page_stories: 1,
        paras: paras
            .iter()
            .enumerate()
            .filter_map(|(i, p)| paragraph_print(p, i as u32))
            .collect(),
        terms: candidate_terms(&format!("Title {marker}"), &refs, &[]),
        ..StoryPrint::default()
    }
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{2,8}|Ünïcode|[A-Z][a-z]{3,6}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn bytes_round_trip(stories in prop::collection::vec(prop::collection::vec(word(), 0..60), 0..8), budget in 0u64..1_000_000) {
        let mut s = Store::new();
        s.set_budget(budget);
        for (i, w) in stories.iter().enumerate() {
            s.record(&story(w, &format!("m{i}")), &ReadAt { url: format!("https://x/{i}"), file: String::new(), now: i as u64 });
        }
        let b = encode(&s);
        let d = decode(&b).unwrap();
        prop_assert_eq!(encode(&d), b);
        prop_assert_eq!(d.len(), s.len());
    }

    #[test]
    fn decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), cut in 0usize..400, flip in any::<u8>()) {
        let _ = decode(&bytes);
        let mut s = Store::new();
        s.record(&story(&vec!["alpha".to_string(); 30], "z"), &ReadAt::default());
        let mut b = encode(&s);
        if !b.is_empty() {
            let i = cut % b.len();
            b[i] ^= flip | 1;
            prop_assert!(decode(&b).is_err() || i < 24);
            let _ = decode(&b[..i]);
        }
    }

    #[test]
    fn forgetting_removes_every_trace(a in prop::collection::vec(word(), 20..60), b in prop::collection::vec(word(), 20..60)) {
        let mut s = Store::new();
        let sa = story(&a, "forgetme");
        s.record(&sa, &ReadAt { url: "https://forgetme.example/1".into(), file: String::new(), now: 1 });
        s.record(&story(&b, "keep"), &ReadAt { url: "https://keep.example/2".into(), file: String::new(), now: 2 });
        let id = s.records().next().unwrap().id;
        prop_assert_eq!(s.forget_story(id), 1);
        let bytes = encode(&s);
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(!text.contains("forgetme"));
        // no paragraph hash of the forgotten story survives unless the kept one has it too
        let kept: Vec<u32> = s.records().flat_map(|r| r.hashes.clone()).collect();
        for h in sa.paras.iter().flat_map(|p| p.hashes.iter()).filter(|h| !kept.contains(h)) {
            prop_assert!(!bytes.windows(4).any(|w| w == h.to_le_bytes()));
        }
        prop_assert!(s.query(&sa).matches.iter().all(|m| m.id != id));
        prop_assert_eq!(decode(&bytes).unwrap().len(), 1);
    }
}
