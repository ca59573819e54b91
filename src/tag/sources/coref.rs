//! Who a source stands for. A pronoun (`she said`) takes the nearest person
//! mentioned before it in the same story; a bare surname (`Sacks explained`)
//! takes the full name it ends; a source that covers an actor mention takes
//! that actor. Candidates are the actor tagger's person mentions when it
//! gives any, plus the named sources found here, so linking works without
//! actors too. One merge over two sorted lists: linear.

use super::frames::Frame;
use super::Doc;
use crate::annotate::Actor;
use rustc_hash::FxHashMap as HashMap;

pub struct Link {
    pub actor: Option<String>,
    pub named: bool,
}

const HONORIFICS: &[&str] = &[
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "sen.",
    "rep.",
    "gov.",
    "gen.",
    "president",
    "secretary",
];

pub fn link(doc: &Doc, frames: &[Frame], actors: &[Actor]) -> Vec<Link> {
    // Person names in text order: actors, then multi-word capitalised runs of named sources.
    let mut names: Vec<(usize, usize, String)> = actors
        .iter()
        .filter(|a| a.ty == "person")
        .map(|a| {
            (
                a.start,
                story_of(doc, a.start),
                a.name.clone().unwrap_or_else(|| a.text.clone()),
            )
        })
        .collect();
    for f in frames {
        // Only sources that open with a short name are people a pronoun can point back to.
        let report = matches!(doc.key(f.cue.start), "according" | "citing");
        if let Some(r) = f
            .source
            .as_ref()
            .filter(|r| !report && doc.toks.get(r.start).is_some_and(|t| t.cap))
        {
            if let Some(name) =
                name_run(doc, r.start, r.end).filter(|n| n.split_whitespace().count() <= 3)
            {
                let pos = doc.toks.get(r.start).map(|t| t.start).unwrap_or(0);
                names.push((pos, story_of(doc, pos), name));
            }
        }
    }
    names.sort_by_key(|n| n.0);
    let mut order: Vec<usize> = (0..frames.len()).collect();
    order.sort_by_key(|&k| {
        frames[k]
            .source
            .as_ref()
            .map(|r| r.start)
            .unwrap_or(usize::MAX)
    });
    let mut out: Vec<Link> = frames
        .iter()
        .map(|_| Link {
            actor: None,
            named: false,
        })
        .collect();
    let mut next = 0;
    let mut last: Option<(usize, String)> = None;
    let mut by_surname: HashMap<String, String> = HashMap::default();
    for k in order {
        let Some(r) = frames[k].source.clone() else {
            continue;
        };
        let Some(t0) = doc.toks.get(r.start) else {
            continue;
        };
        let pos = t0.start;
        let end = doc.toks.get(r.end - 1).map(|t| t.end).unwrap_or(pos);
        let story = story_of(doc, pos);
        while let Some(n) = names.get(next).filter(|n| n.0 < pos) {
            if last.as_ref().is_none_or(|l| l.0 != n.1) {
                by_surname.clear();
            }
            if let Some(s) = n.2.split_whitespace().last() {
                by_surname.insert(s.to_lowercase(), n.2.clone());
            }
            last = Some((n.1, n.2.clone()));
            next += 1;
        }
        // An actor inside the source span names it.
        let inside = actors
            .iter()
            .find(|a| a.start >= pos && a.end <= end && a.ty != "place");
        let l = &mut out[k];
        if let Some(a) = inside {
            l.actor = Some(a.name.clone().unwrap_or_else(|| a.text.clone()));
            l.named = true;
            continue;
        }
        let single = r.len() == 1;
        let key = doc.key(r.start);
        if single && matches!(key, "he" | "she" | "him" | "her") {
            if let Some((s, name)) = &last {
                if *s == story {
                    l.actor = Some(name.clone());
                    l.named = true;
                }
            }
            continue;
        }
        if single && t0.cap {
            if let Some(full) = by_surname.get(key) {
                l.actor = Some(full.clone());
            }
            l.named = true;
            continue;
        }
        l.named = (r.clone()).any(|i| {
            doc.toks[i].cap && !super::phrase::is_det(doc, i) && !super::phrase::is_pronoun(doc, i)
        });
        if l.named {
            l.actor = name_run(doc, r.start, r.end);
        }
    }
    out
}

fn story_of(doc: &Doc, pos: usize) -> usize {
    let k = doc.toks.partition_point(|t| t.start < pos);
    doc.sent_of
        .get(k)
        .and_then(|&n| doc.sent_story.get(n as usize))
        .copied()
        .unwrap_or(0)
}

/// The first run of two or more capitalised words in tokens `a..b`, honorifics dropped (`Samm Sacks`).
fn name_run(doc: &Doc, a: usize, b: usize) -> Option<String> {
    let mut k = a;
    while k < b {
        if doc.toks[k].cap
            && doc.toks[k].is_word()
            && !HONORIFICS.contains(&doc.key(k))
            && !super::phrase::is_det(doc, k)
        {
            let mut e = k;
            while e + 1 < b && doc.toks[e + 1].cap && doc.toks[e + 1].is_word() {
                e += 1;
            }
            if e > k {
                let s = doc.toks[k].start;
                return doc.text.get(s..doc.toks[e].end).map(str::to_string);
            }
            k = e + 1;
        } else {
            k += 1;
        }
    }
    None
}
