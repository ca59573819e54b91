//! Reading input files: one clear error for whatever cannot be a page.

use std::path::Path;
use storyline::page::Page;

/// The largest page the CLI reads. Real article pages are under 5 MB; a 50 MB
/// "page" is a dump or a mistake, and parsing it would take the machine.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a file as text, refusing what is not a page.
pub fn read_text(path: &str) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{path}: cannot read: {}", io_reason(&e)))?;
    if meta.is_dir() {
        return Err(format!("{path}: is a directory, not a page"));
    }
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{path}: {:.1} MB is too large; storyline reads pages up to {} MB",
            meta.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("{path}: cannot read: {}", io_reason(&e)))?;
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(format!("{path}: is empty"));
    }
    if looks_binary(&bytes) {
        return Err(format!(
            "{path}: looks like a binary file, not a web page or text"
        ));
    }
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&bytes)
        .to_vec();
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if is_html(path) => {
            // Browsers decode legacy pages leniently; so do we, byte by byte as Windows-1252/Latin-1.
            Ok(e.into_bytes().iter().map(|&b| latin1(b)).collect())
        }
        Err(e) => Err(format!(
            "{path}: is not valid UTF-8 (bad byte at offset {}); convert it to UTF-8 first",
            e.utf8_error().valid_up_to()
        )),
    }
}

fn latin1(b: u8) -> char {
    b as char
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// NUL bytes or a high share of control characters in the first 8 KB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f)
        .count();
    ctrl * 10 > head.len()
}

pub fn is_html(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml")
}

/// Builds the page for a file: HTML through html5ever, anything else as plain text.
pub fn load_page(path: &str, url: Option<&str>) -> Result<Page, String> {
    let text = read_text(path)?;
    Ok(if is_html(path) {
        storyline::html::page_from_html(&text, url)
    } else {
        Page::from_plain_text(&text)
    })
}

#[allow(dead_code)]
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}
