//! Document-level consistency: one name, one type, throughout a story.
//!
//! The sequence model decides sentence by sentence, so "TikTok" can be an
//! organisation in one sentence and missed in the next, and "Cotton" alone
//! has no first name to vouch for it. This pass, per story:
//! 0. trims Title Case lines to supported words, glues hyphen compounds and
//!    drops demonyms;
//! 1. votes a type for every distinct name (case-folded token sequence) and
//!    relabels minority mentions;
//! 2. links short forms: a lone surname after a tagged full person name
//!    ("Cotton" → "Tom Cotton"), an acronym in brackets after a name
//!    ("Chinese Communist Party (CCP)" → "CCP");
//! 3. tags untagged capitalised repeats of known names (longest first).
//!
//! Everything is keyed by token hashes, so the pass is linear in tokens.

use super::features::{Regime, F_ALLCAPS, F_INITCAP};
use super::hash::{mix, IdMap};
use super::lexicon::{DEMONYM, ORG, ORGWORD, PLACE};
use super::prepare::Prepared;
use super::Mention;

/// A mention after resolution, with the full name for short forms.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub m: Mention,
    pub name: Option<String>,
}

/// Longest name re-matched in step 3, in tokens.
const MAX_NAME: usize = 6;

fn key(p: &Prepared, start: usize, end: usize) -> u64 {
    p.infos[start..end]
        .iter()
        .fold(0x51_7cc1_b727_220a, |h, t| mix(h, t.low))
}

#[derive(Default, Clone)]
struct Known {
    votes: [u32; 3],
    /// Full name for a short form (surname, acronym).
    name: Option<String>,
    /// Type forced by a link (surname of a person, acronym of a name).
    linked: Option<usize>,
}

impl Known {
    fn ty(&self) -> usize {
        if let Some(t) = self.linked {
            return t;
        }
        let mut best = 0;
        for t in 1..3 {
            if self.votes[t] > self.votes[best] {
                best = t;
            }
        }
        best
    }
}

/// Gazetteer bits that support a Title Case word: places and organisation
/// words (name lists hold "Will" and "New", so they do not count).
const TITLE_GAZ: u32 =
    (0xf << (PLACE as u32 * 4)) | (0xf << (ORGWORD as u32 * 4)) | (0xf << (ORG as u32 * 4));

/// Whether token `i` of a Title Case line has evidence of being a name
/// beyond its capital: an acronym, an inner capital ("TikTok"), a hyphen
/// compound ("Mercedes-Benz"), a place or organisation-word entry, or
/// capitalised uses only in the story's ordinary sentences ("New" in "New
/// Delhi" is no support when the story also writes "new").
fn title_support(text: &str, p: &Prepared, i: usize) -> bool {
    let t = &p.infos[i];
    if is_demonym(p, i) {
        return false;
    }
    let word = text.get(p.toks[i].clone()).unwrap_or("");
    let inner_cap = word.chars().skip(1).any(char::is_uppercase);
    let hyphen = |j: Option<usize>| {
        j.and_then(|j| p.toks.get(j))
            .and_then(|r| text.get(r.clone()))
            == Some("-")
    };
    (t.flags & F_ALLCAPS != 0 && t.len >= 1)
        || inner_cap
        || hyphen(i.checked_sub(1))
        || hyphen(Some(i + 1))
        || p.gaz.get(i).is_some_and(|g| g & TITLE_GAZ != 0)
        || p.ev.get(i) == Some(&2)
}

/// Bit of a one-token demonym entry ("Americans") in a token's gazetteer bits.
const DEMONYM_UNIT: u32 = 1 << (DEMONYM as u32 * 4 + 3);
/// Bits of place and organisation entries of one token.
const PLACE_ORG_UNIT: u32 = (1 << (PLACE as u32 * 4 + 3)) | (1 << (ORG as u32 * 4 + 3));

/// Whether token `i` is a demonym and nothing else in the gazetteers.
fn is_demonym(p: &Prepared, i: usize) -> bool {
    p.gaz
        .get(i)
        .is_some_and(|&g| g & DEMONYM_UNIT != 0 && g & PLACE_ORG_UNIT == 0)
}

/// Demonyms name no actor: a mention that is only one ("Americans",
/// "Briton") is dropped, and a person's name does not start with one
/// ("American Tyson"). Organisation names keep theirs ("Chinese Communist
/// Party").
fn drop_demonyms(sents: &[Prepared], mentions: &mut Vec<Mention>) {
    mentions.retain_mut(|m| {
        let Some(p) = sents.get(m.sent) else {
            return false;
        };
        if m.ty == 0 {
            while m.start + 1 < m.end && is_demonym(p, m.start) {
                m.start += 1;
            }
        }
        !(m.end == m.start + 1 && is_demonym(p, m.start))
    });
}

/// A Title Case line that reads like a headline rather than a list of
/// names: a lower-case function word ("to", "with", "for") and no commas or
/// brackets ("Essex , Derbyshire and Surrey" is a list).
fn headline_like(text: &str, p: &Prepared) -> bool {
    const FUNCTION: [&str; 12] = [
        "a", "an", "the", "to", "for", "with", "in", "on", "of", "at", "by", "it",
    ];
    let words = || p.toks.iter().map(|r| text.get(r.clone()).unwrap_or(""));
    words().any(|w| FUNCTION.contains(&w)) && !words().any(|w| matches!(w, "," | "(" | ")" | ";"))
}

/// Trims a Title Case line's mentions (Title Case makes every word look like
/// a name, so case alone must not decide). On a line the segmenter calls a
/// title or that reads like a headline, edge words need positive support
/// ([`title_support`]); on other Title Case lines (lists of names) only
/// words the story writes in lower case elsewhere are trimmed.
fn trim_title(text: &str, sents: &[Prepared], mentions: &mut Vec<Mention>) {
    mentions.retain_mut(|m| {
        let Some(p) = sents.get(m.sent) else {
            return false;
        };
        if p.regime != Some(Regime::Title) {
            return true;
        }
        let strict = p.title || headline_like(text, p);
        let keep = |i: usize| {
            if strict {
                title_support(text, p, i)
            } else {
                p.ev.get(i) != Some(&1)
            }
        };
        while m.start < m.end && !keep(m.start) {
            m.start += 1;
        }
        while m.end > m.start && !keep(m.end - 1) {
            m.end -= 1;
        }
        m.start < m.end
    });
}

/// Extends mentions over capitalised hyphen compounds written without
/// spaces ("Benz" → "Mercedes-Benz"); "ByteDance-owned" stays "ByteDance".
fn glue_hyphens(text: &str, sents: &[Prepared], mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let Some(p) = sents.get(m.sent) else { continue };
        let tok = |i: usize| text.get(p.toks[i].clone()).unwrap_or("");
        let touching = |a: usize, b: usize| p.toks[a].end == p.toks[b].start;
        let capital = |i: usize| p.infos[i].flags & F_INITCAP != 0;
        while m.start >= 2
            && tok(m.start - 1) == "-"
            && touching(m.start - 2, m.start - 1)
            && touching(m.start - 1, m.start)
            && capital(m.start - 2)
        {
            m.start -= 2;
        }
        while m.end + 1 < p.toks.len()
            && tok(m.end) == "-"
            && touching(m.end - 1, m.end)
            && touching(m.end, m.end + 1)
            && capital(m.end + 1)
        {
            m.end += 2;
        }
    }
    // extension can make neighbours overlap: keep the first of overlapping mentions
    let mut last: Option<(usize, usize)> = None;
    for m in mentions.iter_mut() {
        if let Some((s, e)) = last {
            if s == m.sent && m.start < e {
                m.end = m.start; // emptied; dropped below
                continue;
            }
        }
        last = Some((m.sent, m.end));
    }
}

/// Applies the three steps to the mentions of a document.
pub fn resolve(text: &str, sents: &[Prepared], mut mentions: Vec<Mention>) -> Vec<Resolved> {
    mentions.sort_by_key(|m| (m.sent, m.start));
    glue_hyphens(text, sents, &mut mentions);
    mentions.retain(|m| m.start < m.end);
    trim_title(text, sents, &mut mentions);
    drop_demonyms(sents, &mut mentions);
    mentions.sort_by_key(|m| (m.sent, m.start));
    let span_text = |m: &Mention| -> Option<&str> {
        let p = sents.get(m.sent)?;
        text.get(p.toks.get(m.start)?.start..p.toks.get(m.end.checked_sub(1)?)?.end)
    };
    // per story: known names
    let mut known: IdMap<Known> = IdMap::default();
    let story_key = |story: usize, k: u64| mix(k, story as u64 + 1);
    for m in &mentions {
        let Some(p) = sents.get(m.sent) else { continue };
        let k = story_key(p.story, key(p, m.start, m.end));
        known.entry(k).or_default().votes[m.ty] += 1;
    }
    // links: surnames of multi-token persons, bracketed acronyms
    for m in &mentions {
        let Some(p) = sents.get(m.sent) else { continue };
        // the mention's text, copied only when a link takes it (most mentions link nothing)
        let full = || span_text(m).map(str::to_string);
        if m.ty == 0 && m.end - m.start >= 2 {
            let last = m.end - 1;
            let surname_like = p.infos[last].flags & F_INITCAP != 0
                && (p.infos[last].flags & F_ALLCAPS == 0 || p.regime == Some(Regime::Caps))
                && p.infos[last].len >= 1
                && text
                    .get(p.toks[last].clone())
                    .is_some_and(|t| !t.contains('.'));
            if surname_like {
                let k = story_key(p.story, key(p, last, m.end));
                let e = known.entry(k).or_default();
                // a word the model keeps tagging as something else is no surname
                let other = e.votes[1] + e.votes[2];
                if e.linked.is_none() && other < 2 {
                    e.linked = Some(0);
                    e.name = full();
                }
            }
        }
        // "Name (ACRONYM)"
        let (a, b, c) = (m.end, m.end + 1, m.end + 2);
        if c < p.toks.len()
            && text.get(p.toks[a].clone()) == Some("(")
            && text.get(p.toks[c].clone()) == Some(")")
            && p.infos[b].flags & F_ALLCAPS != 0
            && m.end - m.start >= 2
        {
            // the acronym must start like the name ("Michael Johnson (U.S.)" is a nationality)
            let acro = text.get(p.toks[b].clone()).unwrap_or("");
            let first = text.get(p.toks[m.start].clone()).unwrap_or("");
            let k = story_key(p.story, key(p, b, c));
            let e = known.entry(k).or_default();
            let own_other = (0..3)
                .filter(|&t| t != m.ty)
                .map(|t| e.votes[t])
                .sum::<u32>();
            if !acro.contains('.') && acro.chars().next() == first.chars().next() && own_other == 0
            {
                e.linked = Some(m.ty);
                e.name = full();
            }
        }
    }
    // step 3: untagged repeats
    let mut covered: Vec<bool> = Vec::new();
    let mut added = Vec::new();
    let mut mi = 0;
    for (si, p) in sents.iter().enumerate() {
        covered.clear();
        covered.resize(p.toks.len(), false);
        while mi < mentions.len() && mentions[mi].sent < si {
            mi += 1;
        }
        let mut mj = mi;
        while mj < mentions.len() && mentions[mj].sent == si {
            let m = mentions[mj];
            for c in covered.iter_mut().take(m.end).skip(m.start) {
                *c = true;
            }
            mj += 1;
        }
        let normal = p.regime == Some(Regime::Normal);
        let mut i = 0;
        while i < p.toks.len() {
            if covered[i] || (normal && p.infos[i].flags & (F_INITCAP | F_ALLCAPS) == 0) {
                i += 1;
                continue;
            }
            let mut hit = None;
            let max = MAX_NAME.min(p.toks.len() - i);
            let mut h = 0x51_7cc1_b727_220a;
            for len in 1..=max {
                if covered[i + len - 1] {
                    break;
                }
                h = mix(h, p.infos[i + len - 1].low);
                if known.contains_key(&story_key(p.story, h)) {
                    hit = Some(len);
                }
            }
            match hit {
                Some(len)
                    if !(normal && p.infos[i + len - 1].flags & (F_INITCAP | F_ALLCAPS) == 0) =>
                {
                    added.push(Mention {
                        sent: si,
                        start: i,
                        end: i + len,
                        ty: usize::MAX,
                    });
                    i += len;
                }
                _ => i += 1,
            }
        }
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.sent, m.start));
    mentions
        .into_iter()
        .filter_map(|mut m| {
            let p = sents.get(m.sent)?;
            let k = known.get(&story_key(p.story, key(p, m.start, m.end)));
            let mut name = None;
            if let Some(k) = k {
                // the model's own decision stands unless a link overrides it
                // or the mention was added here (its type is ty 0 = unset)
                let best = k.ty();
                let clear_majority =
                    m.ty < 3 && k.votes[best] >= 2 && k.votes[best] >= 2 * k.votes[m.ty];
                if k.linked.is_some() || m.ty == usize::MAX || clear_majority {
                    m.ty = best;
                }
                if k.linked.is_some() {
                    name = k.name.clone().filter(|n| Some(n.as_str()) != span_text(&m));
                }
            }
            Some(Resolved { m, name })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::prepare::prepare;
    use super::*;

    fn run(
        text: &str,
        mentions: &[(usize, usize, usize, usize)],
    ) -> Vec<(String, usize, Option<String>)> {
        let sents: Vec<_> = text
            .split_inclusive('\n')
            .scan(0, |pos, line| {
                let r = *pos..*pos + line.trim_end().len();
                *pos += line.len();
                Some((r, 0usize, false))
            })
            .collect();
        let prepared = prepare(text, sents.into_iter());
        let ms = mentions
            .iter()
            .map(|&(sent, start, end, ty)| Mention {
                sent,
                start,
                end,
                ty,
            })
            .collect();
        resolve(text, &prepared, ms)
            .into_iter()
            .map(|r| {
                let p = &prepared[r.m.sent];
                (
                    text[p.toks[r.m.start].start..p.toks[r.m.end - 1].end].to_string(),
                    r.m.ty,
                    r.name,
                )
            })
            .collect()
    }

    #[test]
    fn surname_after_full_name_is_the_person() {
        // "Cotton" tagged as a place by mistake, and missed once
        let out = run(
            "Senator Tom Cotton spoke .\nCotton said so .\nLater Cotton left .\n",
            &[(0, 1, 3, 0), (1, 0, 1, 2)],
        );
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out[0], ("Tom Cotton".into(), 0, None));
        assert_eq!(out[1], ("Cotton".into(), 0, Some("Tom Cotton".into())));
        assert_eq!(out[2], ("Cotton".into(), 0, Some("Tom Cotton".into())));
    }

    #[test]
    fn majority_type_and_repeats() {
        let out = run(
            "TikTok grew .\nUsers like TikTok .\nTikTok is popular .\nthe tiktok trend\n",
            &[(0, 0, 1, 1), (1, 2, 3, 1), (2, 0, 1, 2)],
        );
        let tik: Vec<_> = out.iter().filter(|(t, _, _)| t == "TikTok").collect();
        assert_eq!(tik.len(), 3);
        assert!(tik.iter().all(|(_, ty, _)| *ty == 1), "{out:?}");
        assert!(
            !out.iter().any(|(t, _, _)| t == "tiktok"),
            "lower case repeats stay untagged"
        );
    }

    #[test]
    fn acronym_in_brackets_takes_the_name() {
        let out = run(
            "the Chinese Communist Party ( CCP ) said .\nThe CCP denied it .\n",
            &[(0, 1, 4, 1)],
        );
        assert!(
            out.contains(&("CCP".into(), 1, Some("Chinese Communist Party".into()))),
            "{out:?}"
        );
        assert_eq!(out.len(), 3, "{out:?}");
    }
}
