//! Reading the store's earlier byte forms, each converted on load into a
//! store that is saved as the current version: versions 1 and 2 (the record
//! fields as varints, no slot table, no stored hashes; version 1 without the
//! item-break flag), version 3 (a 12-byte slot table and records led by
//! their u32 hash arrays, the term hashes included) and version 4 (version
//! 3 plus the two saved index sections, XXH3-64 instead of CRC-32). Every
//! record is decoded and written again in the version 5 layout and the
//! indexes are rebuilt: a one-time cost (about a second for 100k stories)
//! on the first load after an upgrade, paid so that the current loader
//! stays a check of the bytes and nothing else.

use super::super::{matching::StoredPara, Record, Store, StoredTerm};
use super::{check_header, fold, u32s, Reader, StoreError, MAX_ID};
use crate::fingerprint::terms::term_hash;

/// Versions 1 to 4, converted on load (the indexes are built from the records).
pub(super) fn decode(bytes: &[u8]) -> Result<Store, StoreError> {
    let (version, payload) = check_header(bytes)?;
    let mut rd = Reader { b: payload, at: 0 };
    let next_id = rd.small(MAX_ID + 1, "next id out of range")?;
    let budget = rd.varint()?;
    let evicted_total = rd.varint()?;
    let records = if version >= 3 {
        slotted(&mut rd, version)?
    } else {
        unslotted(&mut rd, version)?
    };
    let last_id = records.last().map_or(0, |r| r.id);
    Ok(Store::from_parts(
        records,
        next_id.max(last_id + 1),
        budget,
        evicted_total,
    ))
}

/// Versions 1 and 2: the records back to back.
fn unslotted(rd: &mut Reader, version: u16) -> Result<Vec<Record>, StoreError> {
    let n = rd.small(rd.b.len() as u64 / 8, "bad record count")? as usize;
    let mut records = Vec::with_capacity(n);
    let mut last_id = 0u64;
    for _ in 0..n {
        let r = get_record(rd, version)?;
        if r.id <= last_id {
            return Err(rd.err("record ids out of order"));
        }
        last_id = r.id;
        records.push(r);
    }
    if rd.left() != 0 {
        return Err(rd.err("trailing bytes"));
    }
    Ok(records)
}

/// Versions 3 and 4: the slot table, then the records (then, in version 4,
/// the index sections, checked for shape and otherwise rebuilt).
fn slotted(rd: &mut Reader, version: u16) -> Result<Vec<Record>, StoreError> {
    let n = rd.small(rd.left() as u64 / 24, "bad record count")? as usize;
    let table = rd.bytes(n * 12)?;
    let blob = rd.bytes(rd.left())?;
    let mut records = Vec::with_capacity(n);
    let (mut at, mut last_id) = (0usize, 0u64);
    for e in table.chunks_exact(12) {
        let (id, len, rec) = slot_entry(rd, e, last_id, blob, at)?;
        let (inner, r) =
            super::walk_record(rec, 0, true, true, &mut |_| {}).map_err(|e| match e {
                StoreError::Corrupt(why) => StoreError::Corrupt(format!("record {id}: {why}")),
                other => other,
            })?;
        if inner != id {
            return Err(rd.err("slot table and record disagree on an id"));
        }
        records.extend(r);
        last_id = id;
        at += len;
    }
    let rest = blob.get(at..).unwrap_or(&[]);
    let end = if version >= 4 {
        let corrupt = |why: &str| StoreError::Corrupt(format!("{why} in the saved indexes"));
        let (_, e) = super::Index::view(rest, 0).map_err(corrupt)?;
        let (_, e) = super::Index::view(rest, e).map_err(corrupt)?;
        e
    } else {
        0
    };
    if end != rest.len() {
        return Err(rd.err("trailing bytes"));
    }
    Ok(records)
}

/// One 12-byte slot-table entry (id u64, record length u32): the id must
/// follow `last_id`, and the record must lie in `blob` from `at`.
fn slot_entry<'a>(
    rd: &Reader,
    e: &[u8],
    last_id: u64,
    blob: &'a [u8],
    at: usize,
) -> Result<(u64, usize, &'a [u8]), StoreError> {
    let mut id8 = [0u8; 8];
    id8.copy_from_slice(&e[..8]);
    let id = u64::from_le_bytes(id8);
    let len = u32::from_le_bytes([e[8], e[9], e[10], e[11]]) as usize;
    if id <= last_id || id > MAX_ID {
        return Err(rd.err("record ids out of order"));
    }
    match blob.get(at..at.saturating_add(len)) {
        Some(rec) => Ok((id, len, rec)),
        None => Err(rd.err("record runs past the end")),
    }
}

fn get_record(rd: &mut Reader, format_version: u16) -> Result<Record, StoreError> {
    let id = rd.small(MAX_ID, "record id out of range")?;
    let first_seen = rd.varint()?;
    let url = rd.string()?;
    let file = rd.string()?;
    let site = rd.string()?;
    let title = rd.string()?;
    let published = rd.string()?;
    let page_index = rd.small(u32::MAX as u64, "bad page index")? as u32;
    let page_stories = rd.small(u32::MAX as u64, "bad page story count")? as u32;
    let version = rd.varint()?;
    let coverage = rd.varint()?;
    let np = rd.small(rd.left() as u64 / 2, "bad paragraph count")? as usize;
    let mut paras = Vec::with_capacity(np);
    let mut nh = 0usize;
    for _ in 0..np {
        let (words, brk) = if format_version >= 2 {
            let head = rd.small(((u16::MAX as u64) << 1) | 1, "bad word count")?;
            ((head >> 1) as u16, head & 1 == 1)
        } else {
            (rd.small(u16::MAX as u64, "bad word count")? as u16, false)
        };
        let n = rd.small(u16::MAX as u64, "bad hash count")? as u16;
        nh += n as usize;
        paras.push(StoredPara { words, n, brk });
    }
    let raw = rd.bytes(nh.saturating_mul(4))?;
    let hashes: Vec<u32> = u32s(raw);
    let nt = rd.small(rd.left() as u64 / 4, "bad headline count")? as usize;
    let titles = u32s(rd.bytes(nt * 4)?);
    let nt = rd.small(rd.left() as u64 / 2, "bad term count")? as usize;
    let mut terms = Vec::with_capacity(nt);
    for _ in 0..nt {
        let text = rd.string()?;
        let packed = rd.small(511, "bad term weight")?;
        terms.push(StoredTerm {
            hash: term_hash(&fold(&text)),
            text,
            tf: (packed >> 1) as u8,
            name: packed & 1 == 1,
        });
    }
    Ok(Record {
        id,
        first_seen,
        url,
        file,
        site,
        title,
        published,
        page_index,
        page_stories,
        version,
        coverage,
        paras,
        hashes,
        titles,
        terms,
    })
}

/// Appends one record in the version 3 and 4 layout (for tests that build
/// old files).
#[cfg(test)]
pub(super) fn put_record_v3(out: &mut Vec<u8>, r: &Record) {
    use super::put_varint;
    for c in [r.hashes.len(), r.titles.len(), r.terms.len()] {
        out.extend_from_slice(&(c as u32).to_le_bytes());
    }
    for h in r.hashes.iter().chain(&r.titles) {
        out.extend_from_slice(&h.to_le_bytes());
    }
    for t in &r.terms {
        out.extend_from_slice(&t.hash.to_le_bytes());
    }
    put_varint(out, r.id);
    super::put_record_tail(out, r);
}
