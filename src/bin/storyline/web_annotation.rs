//! `storyline annotate --format web-annotation`: the page's highlights as
//! one W3C Web Annotation `AnnotationCollection` per file, one JSON line
//! each (the core builds it: `storyline::export::web_annotation`). The
//! target source is `--url`, else the file as a `file://` URL, so the
//! annotations point at something a client can open.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};
use storyline::export::web_annotation::{collection, Export};
use storyline::Annotations;

pub fn write(
    file: &str,
    url: Option<&str>,
    ann: &Annotations,
    out: &mut dyn Write,
) -> Result<(), String> {
    let source = match url {
        Some(u) => u.to_string(),
        None => file_url(file),
    };
    let created = now_iso();
    let v = collection(
        ann,
        &Export {
            source: &source,
            created: created.as_deref(),
            kinds: None,
        },
    );
    let line = serde_json::to_string(&v).map_err(|e| e.to_string())?;
    writeln!(out, "{line}").map_err(|e| e.to_string())
}

fn file_url(file: &str) -> String {
    let abs = std::fs::canonicalize(file)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| file.to_string());
    let mut s = String::from("file://");
    for b in abs.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ` (UTC), from the system clock.
fn now_iso() -> Option<String> {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    let t = chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, 0)?;
    Some(format!("{}Z", t.naive_utc()).replacen(' ', "T", 1))
}
