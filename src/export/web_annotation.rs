//! A page's highlights as W3C Web Annotation JSON-LD
//! (<https://www.w3.org/TR/annotation-model/>): one `Annotation` per actor,
//! date and cited source, gathered in an `AnnotationCollection` so the whole
//! page is one document.
//!
//! Why this shape: the body says what Storyline found in terms any Web
//! Annotation client understands — a `tagging` body with the kind
//! (`person`, `date`, `source`, ...) and a `describing` body with the
//! resolved value (the full name for a short mention, the TIMEX3 value of a
//! date, the person a quoted source refers to) — and the target carries two
//! selectors: a `TextQuoteSelector` (exact text with 32 characters either
//! side), which survives the page being re-rendered, and a
//! `TextPositionSelector`, which is exact but only against Storyline's own
//! page text (the page's text blocks joined by line breaks, counted in
//! Unicode code points as the model requires) — not the DOM's
//! `textContent`. The collection's `label` says so, so no client is misled.
//! Ids are `urn:storyline:` URNs built from the page address and the span,
//! so exporting the same page twice gives the same ids.

use crate::annotate::{Annotations, Entity};
use crate::offsets::{OffsetMap, Unit};
use serde::Serialize;

/// The Web Annotation JSON-LD context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Characters of context kept either side in a `TextQuoteSelector`.
const QUOTE_CONTEXT: usize = 32;
/// Longest quoted source content carried in a body, in characters.
const MAX_CONTENT: usize = 600;

/// What the caller knows that the annotations do not.
#[derive(Clone, Debug, Default)]
pub struct Export<'a> {
    /// The page's address: every annotation's target `source`.
    pub source: &'a str,
    /// When the export was made (ISO 8601), if the caller has a clock.
    pub created: Option<&'a str>,
    /// Kinds to export (`person`, `organization`, `place`, `date`,
    /// `source`); `None` exports all.
    pub kinds: Option<&'a [String]>,
}

// Typed structs rather than `serde_json::Value`: the same JSON, and no
// map-building code in the wasm (it cost 18 KB gzipped).

/// An `AnnotationCollection` with its one `AnnotationPage`.
#[derive(Clone, Debug, Serialize)]
pub struct Collection<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    pub id: String,
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub label: String,
    pub total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<&'a str>,
    pub generator: Generator,
    pub first: AnnotationPage<'a>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnnotationPage<'a> {
    #[serde(rename = "type")]
    pub ty: &'static str,
    #[serde(rename = "startIndex")]
    pub start_index: usize,
    pub items: Vec<Annotation<'a>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Generator {
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub name: String,
}

/// One highlight as a Web Annotation.
#[derive(Clone, Debug, Serialize)]
pub struct Annotation<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    pub id: String,
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub motivation: &'static str,
    pub body: Vec<Body>,
    pub target: Target<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<&'a str>,
    pub generator: Generator,
}

#[derive(Clone, Debug, Serialize)]
pub struct Body {
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub purpose: &'static str,
    pub value: String,
    pub format: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct Target<'a> {
    pub source: &'a str,
    pub selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub exact: &'a str,
    pub prefix: &'a str,
    pub suffix: &'a str,
}

/// Unicode code points into the core's page text, end exclusive.
#[derive(Clone, Debug, Serialize)]
pub struct PositionSelector {
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub start: usize,
    pub end: usize,
}

/// The page's highlights as one `AnnotationCollection`. `ann` must still be
/// in byte offsets (straight from [`crate::annotate`]).
pub fn collection<'a>(ann: &'a Annotations, ex: &Export<'a>) -> Collection<'a> {
    let text = ann.text.as_str();
    let chars = OffsetMap::new(text, Unit::Chars);
    let page = format!("{:08x}", crc32fast::hash(ex.source.as_bytes()));
    let wanted = |k: &str| ex.kinds.is_none_or(|ks| ks.iter().any(|x| x == k));
    let mut items = Vec::new();
    for e in &ann.entities {
        let Some(h) = highlight(e, text) else {
            continue;
        };
        if !wanted(h.kind) {
            continue;
        }
        let Some(exact) = text.get(h.start..h.end) else {
            continue;
        };
        let (cs, ce) = (chars.map(h.start), chars.map(h.end));
        items.push(Annotation {
            context: CONTEXT,
            id: format!("urn:storyline:{page}:{}:{cs}-{ce}", h.kind),
            ty: "Annotation",
            motivation: "tagging",
            body: h.bodies,
            target: Target {
                source: ex.source,
                selector: (
                    QuoteSelector {
                        ty: "TextQuoteSelector",
                        exact,
                        prefix: before(text, h.start, QUOTE_CONTEXT),
                        suffix: after(text, h.end, QUOTE_CONTEXT),
                    },
                    PositionSelector {
                        ty: "TextPositionSelector",
                        start: cs,
                        end: ce,
                    },
                ),
            },
            created: ex.created,
            generator: generator(),
        });
    }
    Collection {
        context: CONTEXT,
        id: format!("urn:storyline:{page}"),
        ty: "AnnotationCollection",
        label: format!(
            "Storyline highlights of {}. TextPositionSelector start/end count Unicode code points in \
             Storyline's page text (the page's text blocks joined by line breaks), not the DOM's \
             textContent; TextQuoteSelector is the portable selector.",
            ex.source
        ),
        total: items.len(),
        created: ex.created,
        generator: generator(),
        first: AnnotationPage {
            ty: "AnnotationPage",
            start_index: 0,
            items,
        },
    }
}

fn generator() -> Generator {
    Generator {
        ty: "Software",
        name: format!("Storyline {}", env!("CARGO_PKG_VERSION")),
    }
}

/// One highlight: the span annotated (bytes), its kind and its bodies.
struct Highlight {
    kind: &'static str,
    start: usize,
    end: usize,
    bodies: Vec<Body>,
}

fn body(purpose: &'static str, value: &str) -> Body {
    Body {
        ty: "TextualBody",
        purpose,
        value: value.to_string(),
        format: "text/plain",
    }
}

fn highlight(e: &Entity, text: &str) -> Option<Highlight> {
    match e {
        Entity::Actor(a) => {
            let kind = match a.ty.as_str() {
                "person" => "person",
                "organization" => "organization",
                _ => "place",
            };
            Some(Highlight {
                kind,
                start: a.start,
                end: a.end,
                bodies: vec![
                    body("tagging", kind),
                    body("describing", a.name.as_deref().unwrap_or(&a.text)),
                ],
            })
        }
        Entity::Date(d) => {
            let mut bodies = vec![body("tagging", "date")];
            if let Some(v) = &d.value {
                let v = match &d.modifier {
                    Some(m) => format!("{v} (TIMEX3 {} {m})", d.ty),
                    None => format!("{v} (TIMEX3 {})", d.ty),
                };
                bodies.push(body("describing", &v));
            }
            Some(Highlight {
                kind: "date",
                start: d.start,
                end: d.end,
                bodies,
            })
        }
        Entity::Source(s) => {
            // the source's own words when it has them, else its cue ("according to")
            let (start, end) = match (s.start, s.end, s.cue) {
                (Some(a), Some(b), _) if a < b => (a, b),
                (_, _, Some(c)) if c.start < c.end => (c.start, c.end),
                _ => return None,
            };
            let mut bodies = vec![body("tagging", "source")];
            let who = s
                .actor
                .as_deref()
                .or(s.text.as_deref())
                .filter(|w| !w.is_empty());
            if let Some(w) = who {
                let named = if s.named { "named" } else { "unnamed" };
                bodies.push(body("describing", &format!("{w} ({named} source)")));
            }
            if let Some(said) = s.content.and_then(|c| text.get(c.start..c.end)) {
                let said: String = said.chars().take(MAX_CONTENT).collect();
                bodies.push(body("describing", &format!("said or reported: {said}")));
            }
            Some(Highlight {
                kind: "source",
                start,
                end,
                bodies,
            })
        }
    }
}

/// Up to `n` characters of `text` ending at byte `at` (a char boundary or clamped).
fn before(text: &str, at: usize, n: usize) -> &str {
    let head = text.get(..at.min(text.len())).unwrap_or("");
    let from = head
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    head.get(from..).unwrap_or("")
}

/// Up to `n` characters of `text` starting at byte `at`.
fn after(text: &str, at: usize, n: usize) -> &str {
    let tail = text.get(at.min(text.len())..).unwrap_or("");
    let to = tail
        .char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(tail.len());
    tail.get(..to).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{annotate, page::Page, Options};
    use serde_json::{to_value, Value};

    const TEXT: &str = "Harbour council approves night ferry\n\nThe council voted on Tuesday, \
        said Mayor Anna Lindqvist. Lindqvist said the ferry starts in June.\n";

    fn export(kinds: Option<&[String]>) -> Value {
        let page = Page::from_plain_text(TEXT);
        let ann = annotate(
            &page,
            &Options {
                published: Some("2026-03-12".into()),
                url: None,
            },
        );
        to_value(collection(
            &ann,
            &Export {
                source: "https://example.org/ferry",
                created: Some("2026-03-13T10:00:00Z"),
                kinds,
            },
        ))
        .unwrap()
    }

    fn items(v: &Value) -> &Vec<Value> {
        v["first"]["items"].as_array().expect("items")
    }

    #[test]
    fn every_item_is_a_web_annotation_with_both_selectors() {
        let v = export(None);
        assert_eq!(v["@context"], CONTEXT);
        assert_eq!(v["type"], "AnnotationCollection");
        let items = items(&v);
        assert!(!items.is_empty());
        assert_eq!(v["total"], items.len());
        let chars: Vec<char> = TEXT.chars().collect();
        for a in items {
            assert_eq!(a["@context"], CONTEXT);
            assert_eq!(a["type"], "Annotation");
            assert!(a["id"].as_str().unwrap().starts_with("urn:storyline:"));
            assert_eq!(a["created"], "2026-03-13T10:00:00Z");
            let t = &a["target"];
            assert_eq!(t["source"], "https://example.org/ferry");
            let sel = t["selector"].as_array().unwrap();
            assert_eq!(sel[0]["type"], "TextQuoteSelector");
            assert_eq!(sel[1]["type"], "TextPositionSelector");
            // the position selector points at the quote's exact text, in code points
            let (s, e) = (
                sel[1]["start"].as_u64().unwrap() as usize,
                sel[1]["end"].as_u64().unwrap() as usize,
            );
            let exact: String = chars[s..e].iter().collect();
            assert_eq!(sel[0]["exact"], exact.as_str());
            let prefix: String = chars[s.saturating_sub(32)..s].iter().collect();
            assert_eq!(sel[0]["prefix"], prefix.as_str());
            let bodies = a["body"].as_array().unwrap();
            assert_eq!(bodies[0]["purpose"], "tagging");
            assert!(bodies.iter().all(|b| b["type"] == "TextualBody"));
        }
        // ids are unique
        let mut ids: Vec<&str> = items.iter().map(|a| a["id"].as_str().unwrap()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), items.len());
    }

    #[test]
    fn bodies_carry_the_resolved_values() {
        let v = export(None);
        let find = |exact: &str| {
            items(&v)
                .iter()
                .find(|a| a["target"]["selector"][0]["exact"] == exact)
                .cloned()
        };
        let tue = find("Tuesday").expect("the date is exported");
        assert_eq!(tue["body"][0]["value"], "date");
        assert!(tue["body"][1]["value"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-10"));
        let short = find("Lindqvist").expect("the short mention is exported");
        assert_eq!(short["body"][0]["value"], "person");
        assert_eq!(short["body"][1]["purpose"], "describing");
        // the full name the tagger resolved the short mention to, not the mention itself
        let full = short["body"][1]["value"].as_str().unwrap();
        assert!(full.ends_with("Anna Lindqvist"), "{full}");
    }

    #[test]
    fn kinds_filter_and_non_ascii_offsets() {
        let only = vec!["date".to_string()];
        let v = export(Some(&only));
        assert!(!items(&v).is_empty());
        assert!(items(&v).iter().all(|a| a["body"][0]["value"] == "date"));

        let text = "Ünïcode — Zoë Müller said on Tuesday that 🚢 ferries run.\n";
        let page = Page::from_plain_text(text);
        let ann = annotate(&page, &Options::default());
        let v = to_value(collection(
            &ann,
            &Export {
                source: "file:///x",
                ..Export::default()
            },
        ))
        .unwrap();
        let chars: Vec<char> = text.chars().collect();
        for a in items(&v) {
            let sel = &a["target"]["selector"];
            let (s, e) = (
                sel[1]["start"].as_u64().unwrap() as usize,
                sel[1]["end"].as_u64().unwrap() as usize,
            );
            let exact: String = chars[s..e].iter().collect();
            assert_eq!(sel[0]["exact"], exact.as_str());
            assert!(a.get("created").is_none());
        }
    }

    #[test]
    fn context_windows_stay_on_char_boundaries() {
        let t = "é".repeat(40);
        assert_eq!(before(&t, 20, 32), "é".repeat(10));
        assert_eq!(after(&t, 2, 3), "ééé");
        assert_eq!(before(&t, 999, 2), "éé");
        assert_eq!(after(&t, 999, 2), "");
        assert_eq!(before("", 0, 32), "");
    }
}
