//! Training corpora rebuilt as plain documents with byte-offset name spans,
//! exactly as the dev scorer builds its texts (CoNLL: tokens joined by
//! spaces, one sentence a line; GUM: text rebuilt from the tokens, names
//! trimmed by the same proper-noun heuristic), so the model trains on the
//! shapes it is measured on.

use crate::tag::actors::decode::TYPES;
use std::ops::Range;

/// A document and its gold names: (byte start, byte end, type index).
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub id: String,
    pub text: String,
    pub spans: Vec<(usize, usize, usize)>,
}

fn type_index(t: &str) -> Option<usize> {
    match t {
        "PER" => Some(0),
        "ORG" => Some(1),
        "LOC" => Some(2),
        _ => TYPES.iter().position(|x| *x == t),
    }
}

/// Reads a CoNLL-2003 file (index, token, BIO tag), split at `-DOCSTART-`.
pub fn read_conll(src: &str, prefix: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut doc: Vec<Vec<(String, String)>> = Vec::new();
    let mut sent: Vec<(String, String)> = Vec::new();
    let flush_doc = |doc: &mut Vec<Vec<(String, String)>>, docs: &mut Vec<Doc>| {
        if doc.is_empty() {
            return;
        }
        let mut d = Doc {
            id: format!("{prefix}-{:04}", docs.len()),
            ..Doc::default()
        };
        for s in doc.drain(..) {
            let mut cur: Option<(usize, usize, String)> = None;
            for (k, (tok, tag)) in s.iter().enumerate() {
                if k > 0 {
                    d.text.push(' ');
                }
                let (start, end) = (d.text.len(), d.text.len() + tok.len());
                d.text.push_str(tok);
                let (bio, ty) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
                if let Some((s0, _, t0)) = &cur {
                    if bio != "I" || ty != t0 {
                        let (s0, e0, t0) =
                            (*s0, cur.as_ref().map(|c| c.1).unwrap_or(0), t0.clone());
                        if let Some(ti) = type_index(&t0) {
                            d.spans.push((s0, e0, ti));
                        }
                        cur = None;
                    }
                }
                if bio == "B" || bio == "I" {
                    match &mut cur {
                        Some(c) => c.1 = end,
                        None => cur = Some((start, end, ty.to_string())),
                    }
                }
            }
            if let Some((s0, e0, t0)) = cur {
                if let Some(ti) = type_index(&t0) {
                    d.spans.push((s0, e0, ti));
                }
            }
            d.text.push('\n');
        }
        docs.push(d);
    };
    for line in src.lines() {
        if line.trim().is_empty() {
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let (tok, tag) = (cols[1], cols[cols.len() - 1]);
        if tok == "-DOCSTART-" {
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            flush_doc(&mut doc, &mut docs);
            continue;
        }
        sent.push((tok.to_string(), tag.to_string()));
    }
    if !sent.is_empty() {
        doc.push(sent);
    }
    flush_doc(&mut doc, &mut docs);
    docs
}

/// Document names of one split (`train`, `dev`, ...) in GUM's `splits.md`.
pub fn gum_split(splits_md: &str, split: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in splits_md.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.trim() == split;
            continue;
        }
        if inside {
            if let Some(name) = line.trim().strip_prefix("* ") {
                out.push(name.trim().to_string());
            }
        }
    }
    out
}

struct GumTok {
    form: String,
    space_after: bool,
    head: Option<usize>,
    upos: String,
}

/// One GUM document (CoNLL-U with `Entity=` annotations in MISC).
pub fn read_gum(src: &str, id: &str) -> Doc {
    let mut paras: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut toks: Vec<GumTok> = Vec::new();
    // (start token, end token exclusive, type, has identity)
    let mut ents: Vec<(usize, usize, String, bool)> = Vec::new();
    let mut stack: std::collections::HashMap<String, Vec<(usize, String, bool)>> =
        Default::default();
    for line in src.lines() {
        if line.starts_with("# newpar") && !line.starts_with("# newpar_") {
            paras.push(Vec::new());
            continue;
        }
        if line.starts_with("# sent_id") {
            if paras.is_empty() {
                paras.push(Vec::new());
            }
            if let Some(p) = paras.last_mut() {
                p.push(Vec::new());
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 10 || c[0].contains('-') || c[0].contains('.') {
            continue;
        }
        let i = toks.len();
        let idx: usize = c[0].parse().unwrap_or(1);
        let sent_start = i + 1 - idx.max(1);
        let head = match c[6].parse::<usize>() {
            Ok(0) | Err(_) => None,
            Ok(h) => Some(sent_start + h - 1),
        };
        toks.push(GumTok {
            form: c[1].to_string(),
            space_after: !c[9].contains("SpaceAfter=No"),
            head,
            upos: c[3].to_string(),
        });
        if let Some(s) = paras.last_mut().and_then(|p| p.last_mut()) {
            s.push(i);
        }
        let Some(ent) = c[9].split('|').find_map(|f| f.strip_prefix("Entity=")) else {
            continue;
        };
        let b = ent.as_bytes();
        let mut k = 0;
        while k < b.len() {
            if b[k] == b'(' {
                let mut j = k + 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                let eid = ent[k + 1..j].to_string();
                let body_start = (j + 1).min(b.len());
                let mut e = body_start;
                while e < b.len() && b[e] != b'(' && b[e] != b')' {
                    e += 1;
                }
                let body = &ent[body_start..e];
                let parts: Vec<&str> = body.split('-').collect();
                let et = parts.first().copied().unwrap_or("").to_string();
                let ident = parts.get(6).is_some_and(|s| !s.is_empty());
                if e < b.len() && b[e] == b')' {
                    ents.push((i, i + 1, et, ident));
                    k = e + 1;
                } else {
                    stack.entry(eid).or_default().push((i, et, ident));
                    k = e;
                }
            } else if b[k].is_ascii_digit() {
                let mut j = k;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                if j < b.len() && b[j] == b')' {
                    if let Some((st, et, ident)) = stack.get_mut(&ent[k..j]).and_then(Vec::pop) {
                        ents.push((st, i + 1, et, ident));
                    }
                    k = j + 1;
                } else {
                    k = j;
                }
            } else {
                k += 1;
            }
        }
    }
    // text: one sentence a line, blank line between paragraphs
    let mut text = String::new();
    let mut off: Vec<Range<usize>> = vec![0..0; toks.len()];
    for (pi, para) in paras.iter().filter(|p| !p.is_empty()).enumerate() {
        if pi > 0 {
            text.push('\n');
        }
        for sent in para {
            for (k, &ti) in sent.iter().enumerate() {
                off[ti] = text.len()..text.len() + toks[ti].form.len();
                text.push_str(&toks[ti].form);
                if k + 1 < sent.len() && toks[ti].space_after {
                    text.push(' ');
                }
            }
            text.push('\n');
        }
    }
    const GLUE: [&str; 8] = ["of", "the", "and", "&", "-", ".", "for", "de"];
    let namey = |i: usize| {
        let t = &toks[i];
        t.upos == "PROPN"
            || (matches!(t.upos.as_str(), "ADJ" | "NOUN" | "NUM")
                && t.form.chars().next().is_some_and(char::is_uppercase))
    };
    let glue = |i: usize| GLUE.contains(&toks[i].form.to_lowercase().as_str());
    let mut spans = Vec::new();
    for (st, en, et, ident) in ents {
        let Some(ty) = type_index(&et) else { continue };
        let inside = |i: usize| i >= st && i < en;
        let mut h = (st..en)
            .find(|&i| toks[i].head.is_none_or(|hd| !inside(hd)))
            .unwrap_or(st);
        let has_propn = (st..en).any(|i| toks[i].upos == "PROPN");
        if toks[h].upos != "PROPN" && !(ident && has_propn) {
            continue;
        }
        if toks[h].upos != "PROPN" {
            h = (st..en)
                .rev()
                .find(|&i| toks[i].upos == "PROPN")
                .unwrap_or(h);
        }
        let (mut a, mut b) = (h, h);
        while a > st && (namey(a - 1) || (glue(a - 1) && a >= st + 2 && namey(a - 2))) {
            a -= 1;
        }
        while b + 1 < en && (namey(b + 1) || (glue(b + 1) && b + 2 < en && namey(b + 2))) {
            b += 1;
        }
        let span = (off[a].start, off[b].end, ty);
        if !spans.contains(&span) {
            spans.push(span);
        }
    }
    spans.sort();
    Doc {
        id: id.to_string(),
        text,
        spans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conll_documents_and_spans() {
        let src = "0\t-DOCSTART-\tO\n\n0\tEU\tB-ORG\n1\trejects\tO\n2\tGerman\tB-MISC\n\n\
                   0\tPeter\tB-PER\n1\tBlackburn\tI-PER\n\n0\t-DOCSTART-\tO\n\n0\tPARIS\tB-LOC\n";
        let docs = read_conll(src, "t");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "EU rejects German\nPeter Blackburn\n");
        assert_eq!(docs[0].spans, vec![(0, 2, 1), (18, 33, 0)]);
        assert_eq!(docs[1].spans, vec![(0, 5, 2)]);
    }

    #[test]
    fn gum_names_trimmed_to_proper_nouns() {
        let row = |i: usize, form: &str, upos: &str, head: usize, misc: &str| {
            format!("{i}\t{form}\t_\t{upos}\t_\t_\t{head}\t_\t_\t{misc}\n")
        };
        let mut src = String::from("# newpar\n# sent_id = x-1\n");
        src += &row(
            1,
            "Professor",
            "NOUN",
            3,
            "Entity=(1-person-new-x-x-x-Cres_Eastman",
        );
        src += &row(2, "Cres", "PROPN", 3, "_");
        src += &row(3, "Eastman", "PROPN", 4, "Entity=1)");
        src += &row(4, "said", "VERB", 0, "_");
        src += &row(
            5,
            "it",
            "PRON",
            4,
            "Entity=(2-person-giv-x-x-x)|SpaceAfter=No",
        );
        src += &row(6, ".", "PUNCT", 4, "_");
        let d = read_gum(&src, "x");
        assert_eq!(d.text, "Professor Cres Eastman said it.\n");
        assert_eq!(
            d.spans,
            vec![(0, 22, 0)],
            "{:?}",
            d.spans
                .iter()
                .map(|s| &d.text[s.0..s.1])
                .collect::<Vec<_>>()
        );
        let md = "## dev\n\n  * GUM_a\n\n## train\n\n  * GUM_b\n  * GUM_c\n";
        assert_eq!(gum_split(md, "train"), vec!["GUM_b", "GUM_c"]);
    }
}
