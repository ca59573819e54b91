//! Reading a store export back in: the imported stories join the reader's
//! store without losing or renumbering anything already there.
//!
//! Approach: the export carries the store's own bytes (the CLI's
//! `store.bin`), decoded with the same checked decoder as a store on disk,
//! so a damaged or foreign file is refused with the decoder's error before
//! anything changes. Imported stories get fresh ids after the reader's own
//! (stored ids are what the popup and "forget" point at, so existing ones
//! never move), and their version and coverage cluster ids are mapped
//! through the same table — a cluster keeps its members together, and a
//! story the reader already holds (same address, same place on the page,
//! same paragraph hashes) is not added twice: its imported cluster mates
//! join the reader's copy's clusters instead. The trade-off: imported
//! stories come after the reader's own in store order, so a store over its
//! budget evicts them last, whatever their read dates.

use crate::store::{Record, Store};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Merged {
    /// Stories added.
    pub added: u64,
    /// Stories in the export the store already held.
    pub duplicates: u64,
    /// Stories evicted afterwards to stay within the store's budget.
    pub evicted: u64,
}

/// The identity of a reading: where, which story on the page, which text.
fn key(r: &Record) -> (&str, u32, &[u32]) {
    let at = if r.url.is_empty() { &r.file } else { &r.url };
    (at.as_str(), r.page_index, r.hashes.as_slice())
}

/// `current` with `incoming`'s stories added (see the module comment).
pub fn merge(current: &Store, incoming: &Store) -> (Store, Merged) {
    let mut records: Vec<Record> = current.records().cloned().collect();
    let mut next = records.iter().map(|r| r.id + 1).max().unwrap_or(1);
    let mut held: HashMap<(String, u32, Vec<u32>), (u64, u64)> = HashMap::new();
    for r in &records {
        let (a, p, h) = key(r);
        held.entry((a.to_string(), p, h.to_vec()))
            .or_insert((r.version, r.coverage));
    }
    let mut version: HashMap<u64, u64> = HashMap::new();
    let mut coverage: HashMap<u64, u64> = HashMap::new();
    let mut added_keys: HashSet<(String, u32, Vec<u32>)> = HashSet::new();
    let mut out = Merged::default();
    for r in incoming.records() {
        let (a, p, h) = key(r);
        let k = (a.to_string(), p, h.to_vec());
        if let Some(&(v, c)) = held.get(&k) {
            version.entry(r.version).or_insert(v);
            coverage.entry(r.coverage).or_insert(c);
            out.duplicates += 1;
            continue;
        }
        if !added_keys.insert(k) {
            out.duplicates += 1;
            continue;
        }
        let id = next;
        next += 1;
        let mut r = r.clone();
        // records come oldest first, so a cluster's founder is met before its members;
        // a founder the export no longer holds (forgotten) hands the cluster to its first member
        r.version = *version.entry(r.version).or_insert(id);
        r.coverage = *coverage.entry(r.coverage).or_insert(id);
        r.id = id;
        records.push(r);
        out.added += 1;
    }
    let budget = current.budget();
    let mut store = Store::from_records(records, budget);
    out.evicted = store.set_budget(budget);
    (store, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::page_prints;
    use crate::store::format::{decode, encode};
    use crate::store::ReadAt;
    use crate::{annotate::annotate_segmented, page::Page, segment, Options};

    fn read(store: &mut Store, text: &str, url: &str, now: u64) {
        let page = Page::from_plain_text(text);
        let seg = segment::segment(&page, &Options::default());
        let ann = annotate_segmented(&page, &seg);
        for p in page_prints(&page, &seg, &ann.entities) {
            store.record(
                &p,
                &ReadAt {
                    url: url.into(),
                    file: String::new(),
                    now,
                },
            );
        }
    }

    const A: &str = "Harbour council approves night ferry to Lindholm\n\nThe harbour council voted seven to two on Tuesday to run a night ferry to Lindholm island from June, ending a two-year dispute over noise.\n\nMayor Anna Lindqvist said the ferry would carry up to 120 passengers and leave the pier every ninety minutes after ten in the evening.\n\nResidents of the old town had argued that engines idling at the pier would keep them awake, and the council agreed to quieter electric boats.\n";
    const B: &str = "Rail strike halts trains across the northern region\n\nTrain drivers walked out at dawn on Monday after talks over rosters collapsed, leaving commuters stranded at every station between Brekke and Tollan.\n\nThe drivers' union said the strike would last forty-eight hours unless the operator withdrew its new shift plan, which it calls unsafe.\n\nThe rail operator said replacement buses would run on the main lines but warned of long queues through the evening.\n";

    #[test]
    fn import_into_an_empty_store_restores_every_story_and_its_clusters() {
        let mut s = Store::new();
        read(&mut s, A, "https://a.example/ferry", 100);
        read(&mut s, A, "https://b.example/ferry-copy", 200);
        read(&mut s, B, "https://a.example/rail", 300);
        let bytes = encode(&s);
        let (m, did) = merge(&Store::new(), &decode(&bytes).unwrap());
        assert_eq!(
            did,
            Merged {
                added: 3,
                duplicates: 0,
                evicted: 0
            }
        );
        let before: Vec<_> = s
            .records()
            .map(|r| (r.url.clone(), r.version, r.coverage, r.first_seen))
            .collect();
        let after: Vec<_> = m
            .records()
            .map(|r| (r.url.clone(), r.version, r.coverage, r.first_seen))
            .collect();
        assert_eq!(before, after, "same ids, same clusters on an empty store");
        // the merged store still matches: the copy's text is found again
        let page = Page::from_plain_text(A);
        let seg = segment::segment(&page, &Options::default());
        let ann = annotate_segmented(&page, &seg);
        let p = &page_prints(&page, &seg, &ann.entities)[0];
        assert!(!m.query(p).matches.is_empty());
    }

    #[test]
    fn merging_keeps_existing_records_and_skips_duplicates() {
        let mut old = Store::new();
        read(&mut old, A, "https://a.example/ferry", 100);
        read(&mut old, B, "https://a.example/rail", 300);
        let export = decode(&encode(&old)).unwrap();

        let mut mine = Store::new();
        read(&mut mine, B, "https://a.example/rail", 350); // the same reading: a duplicate
        read(&mut mine, A, "https://c.example/ferry-again", 400); // another address: kept
        let mine_ids: Vec<u64> = mine.records().map(|r| r.id).collect();
        let (m, did) = merge(&mine, &export);
        assert_eq!(did.added, 1);
        assert_eq!(did.duplicates, 1);
        assert_eq!(m.len(), 3);
        let ids: Vec<u64> = m.records().map(|r| r.id).collect();
        assert_eq!(&ids[..2], &mine_ids[..], "existing stories keep their ids");
        assert!(ids[2] > mine_ids[1], "imported stories get fresh ids");
        // the imported ferry story founded its clusters in the export: it founds them here
        // too, under its new id (never an id the reader's store already uses)
        let imported = m.records().last().unwrap();
        assert_eq!(imported.url, "https://a.example/ferry");
        assert_eq!(imported.version, imported.id);
        // importing the same export again adds nothing
        let (m2, again) = merge(&m, &export);
        assert_eq!(again.added, 0);
        assert_eq!(again.duplicates, 2);
        assert_eq!(m2.len(), 3);
        // and the bytes round-trip
        assert_eq!(decode(&encode(&m2)).unwrap().len(), 3);
    }

    #[test]
    fn cluster_mates_of_a_duplicate_join_the_readers_cluster() {
        let mut old = Store::new();
        read(&mut old, A, "https://a.example/ferry", 100);
        read(&mut old, A, "https://b.example/ferry-copy", 200);
        let export = decode(&encode(&old)).unwrap();
        let mut mine = Store::new();
        read(&mut mine, B, "https://a.example/rail", 50);
        read(&mut mine, A, "https://a.example/ferry", 60);
        let mine_ferry = mine.records().last().unwrap().clone();
        let (m, did) = merge(&mine, &export);
        assert_eq!((did.added, did.duplicates), (1, 1));
        let copy = m.records().last().unwrap();
        assert_eq!(copy.url, "https://b.example/ferry-copy");
        assert_eq!(copy.version, mine_ferry.version);
        assert_eq!(copy.coverage, mine_ferry.coverage);
    }
}
