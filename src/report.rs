//! `annotate --format html`: the text the core saw, with the highlights, as a
//! self-contained page (no scripts, no external resources).

use crate::annotate::{Annotations, Entity};

/// Renders annotations whose offsets are in characters (see [`crate::offsets::Unit::Chars`]).
pub fn html(file: &str, ann: &Annotations) -> String {
    let chars: Vec<char> = ann.text.chars().collect();
    // Open/close events per character position; only the main span of each entity is drawn.
    let mut opens: Vec<Vec<String>> = vec![Vec::new(); chars.len() + 1];
    let mut closes: Vec<usize> = vec![0; chars.len() + 1];
    for e in &ann.entities {
        let (start, end, class, title) = match e {
            Entity::Actor(a) => (
                a.start,
                a.end,
                format!("actor {}", a.ty),
                a.name.clone().unwrap_or_else(|| a.ty.clone()),
            ),
            Entity::Date(d) => (
                d.start,
                d.end,
                "date".to_string(),
                d.value.clone().unwrap_or_default(),
            ),
            Entity::Source(s) => match (s.start, s.end) {
                (Some(a), Some(b)) => (
                    a,
                    b,
                    "source".to_string(),
                    s.actor.clone().unwrap_or_default(),
                ),
                _ => continue,
            },
        };
        if start >= end || end > chars.len() {
            continue;
        }
        opens[start].push(format!(
            "<mark class=\"{class}\" title=\"{}\">",
            escape(&title)
        ));
        closes[end] += 1;
    }
    let mut body = String::with_capacity(ann.text.len() * 2);
    let mut depth = 0usize;
    for (i, c) in chars.iter().enumerate() {
        for _ in 0..closes[i].min(depth) {
            body.push_str("</mark>");
            depth -= 1;
        }
        for o in &opens[i] {
            body.push_str(o);
            depth += 1;
        }
        match c {
            '<' => body.push_str("&lt;"),
            '>' => body.push_str("&gt;"),
            '&' => body.push_str("&amp;"),
            '\n' => body.push_str("<br>\n"),
            c => body.push(*c),
        }
    }
    for _ in 0..depth {
        body.push_str("</mark>");
    }
    format!(
        "<!doctype html><meta charset=\"utf-8\"><title>Storyline: {}</title>\n<style>{}</style>\n<div class=\"text\">{}</div>\n",
        escape(file),
        CSS,
        body
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;color:#1a1a1a}\
mark{padding:0 .1em;border-radius:2px}\
mark.person{background:#dbeafe;border-bottom:2px solid #1d4ed8}\
mark.organization{background:#fce7f3;border-bottom:2px dashed #9d174d}\
mark.place{background:#dcfce7;border-bottom:2px dotted #166534}\
mark.date{background:#fef3c7;border-bottom:2px double #92400e}\
mark.source{background:#ede9fe;border-bottom:2px solid #5b21b6}";
