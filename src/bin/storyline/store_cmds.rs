//! `read`, `clusters` and `forget`: the fingerprint store on disk.
//!
//! The store is one file, `DIR/store.bin`, in exactly the bytes the extension
//! keeps in browser storage. It is written atomically (a temporary file in
//! the same folder, then a rename), so a crash leaves the old store or the
//! new one, never half of each. A damaged file is set aside as
//! `store.bin.corrupt-N` with a notice and a fresh store is started; a file
//! from a newer Storyline is refused and left exactly as it was.

use crate::input;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use storyline::fingerprint::page_prints;
use storyline::store::format::{decode_owned, encode};
use storyline::store::{Match, ReadAt, Store};
use storyline::{annotate::annotate_segmented, segment, Options};

const STORE_FILE: &str = "store.bin";

fn store_path(dir: &str) -> PathBuf {
    Path::new(dir).join(STORE_FILE)
}

/// Opens the store in `dir` (created when missing).
fn open(dir: &str) -> Result<Store, String> {
    let d = Path::new(dir);
    if d.exists() && !d.is_dir() {
        return Err(format!("{dir}: --store wants a folder"));
    }
    std::fs::create_dir_all(d).map_err(|e| format!("{dir}: cannot create store folder: {e}"))?;
    let path = store_path(dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::new()),
        Err(e) => return Err(format!("{}: cannot read store: {e}", path.display())),
    };
    match decode_owned(bytes) {
        Ok(s) => Ok(s),
        Err(e) if !e.is_corrupt() => Err(format!(
            "{}: {e}; the file was left untouched",
            path.display()
        )),
        Err(e) => {
            let aside = (1..)
                .map(|n| Path::new(dir).join(format!("{STORE_FILE}.corrupt-{n}")))
                .find(|p| !p.exists())
                .unwrap_or_else(|| Path::new(dir).join(format!("{STORE_FILE}.corrupt")));
            std::fs::rename(&path, &aside)
                .map_err(|re| format!("{}: {e}, and cannot set it aside: {re}", path.display()))?;
            eprintln!(
                "storyline: notice: {}: {e}; set aside as {} and started a fresh store",
                path.display(),
                aside.display()
            );
            Ok(Store::new())
        }
    }
}

/// Writes the store atomically: temporary file, flush to disk, rename.
fn save(dir: &str, store: &Store) -> Result<(), String> {
    let path = store_path(dir);
    let tmp = Path::new(dir).join(format!("{STORE_FILE}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&encode(store))?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot write store: {e}", path.display())
    })
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `FILE=URL` → (FILE, Some(URL)) when the part after `=` is a URL; else the whole argument is the file.
fn split_arg(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once('=') {
        Some((f, u)) if u.contains("://") => (f, Some(u)),
        _ => (arg, None),
    }
}

#[derive(Serialize)]
struct Seen<'a> {
    file: &'a str,
    story: u32,
    id: u64,
    relation: &'static str,
    score: f32,
    site: &'a str,
    title: &'a str,
    published: &'a str,
    first_seen: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    /// This story's paragraphs found in that one.
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    paragraphs: &'a [u32],
}

#[derive(Serialize)]
struct ReadLine<'a> {
    file: &'a str,
    story: usize,
    id: u64,
    title: &'a str,
    seen: Vec<Seen<'a>>,
    cluster: u64,
    versions: u64,
    new_paragraphs: &'a [u32],
    paragraphs: u32,
    #[serde(skip_serializing_if = "is_zero")]
    evicted: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn seen_of(m: &Match) -> Seen<'_> {
    Seen {
        file: if m.file.is_empty() { &m.url } else { &m.file },
        story: m.page_index,
        id: m.id,
        relation: m.relation.as_str(),
        score: m.score,
        site: &m.site,
        title: &m.title,
        published: &m.published,
        first_seen: m.first_seen,
        why: m.why.as_deref(),
        paragraphs: &m.seen_paragraphs,
    }
}

struct StoreArgs {
    dir: String,
    budget: Option<u64>,
    rest: Vec<String>,
}

fn store_args(args: &[String], cmd: &str) -> Result<StoreArgs, String> {
    let mut dir = None;
    let mut budget = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--store" => dir = Some(it.next().ok_or("--store needs a folder")?.clone()),
            "--budget" => {
                let v = it.next().ok_or("--budget needs a number of bytes")?;
                budget = Some(
                    v.parse::<u64>()
                        .map_err(|_| format!("--budget wants a number of bytes, not '{v}'"))?,
                );
            }
            _ => rest.push(a.clone()),
        }
    }
    let dir = dir.ok_or_else(|| format!("{cmd} needs --store DIR"))?;
    Ok(StoreArgs { dir, budget, rest })
}

pub fn cmd_read(args: &[String]) -> Result<(), String> {
    let sa = store_args(args, "read")?;
    if let Some(s) = sa.rest.iter().find(|a| a.starts_with("--")) {
        return Err(format!("unknown option {s}"));
    }
    if sa.rest.is_empty() {
        return Err("no FILE given".into());
    }
    let mut store = open(&sa.dir)?;
    let mut evicted = 0;
    if let Some(b) = sa.budget {
        evicted += store.set_budget(b);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for arg in &sa.rest {
        let (file, url) = split_arg(arg);
        let page = match input::load_page(file, url) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("storyline: {e}");
                failed += 1;
                continue;
            }
        };
        let opts = Options {
            published: None,
            url: url.map(str::to_string),
        };
        let seg = segment::segment(&page, &opts);
        let ann = annotate_segmented(&page, &seg);
        let prints = page_prints(&page, &seg, &ann.entities);
        // every story of the page is compared with what was read before this page
        let found: Vec<_> = prints.iter().map(|p| store.query(p)).collect();
        let at = ReadAt {
            url: url.unwrap_or(file).to_string(),
            file: arg.clone(),
            now: now(),
        };
        for (i, (p, f)) in prints.iter().zip(&found).enumerate() {
            let rec = store.insert(p, &at, f);
            evicted += rec.evicted;
            let line = ReadLine {
                file: arg,
                story: i,
                id: rec.id,
                title: &p.title,
                seen: f.matches.iter().map(seen_of).collect(),
                cluster: rec.coverage,
                versions: rec.version,
                new_paragraphs: &f.new_paragraphs,
                paragraphs: f.paragraphs,
                evicted: rec.evicted,
            };
            let s = serde_json::to_string(&line).map_err(|e| e.to_string())?;
            writeln!(out, "{s}").map_err(|e| format!("cannot write output: {e}"))?;
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write output: {e}"))?;
    save(&sa.dir, &store)?;
    if evicted > 0 {
        eprintln!(
            "storyline: notice: the store reached its budget of {} bytes; {evicted} oldest stories were forgotten",
            store.budget()
        );
    }
    if failed > 0 {
        return Err(format!("{failed} of {} file(s) failed", sa.rest.len()));
    }
    Ok(())
}

pub fn cmd_clusters(args: &[String]) -> Result<(), String> {
    let sa = store_args(args, "clusters")?;
    if let Some(s) = sa.rest.first() {
        return Err(format!("unexpected argument {s}"));
    }
    let store = open(&sa.dir)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for c in storyline::cluster::clusters(&store) {
        let s = serde_json::to_string(&c).map_err(|e| e.to_string())?;
        writeln!(out, "{s}").map_err(|e| format!("cannot write output: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))
}

pub fn cmd_forget(args: &[String]) -> Result<(), String> {
    let sa = store_args(args, "forget")?;
    let mut store = open(&sa.dir)?;
    let n = match sa
        .rest
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["--story", id] => store.forget_story(
            id.parse()
                .map_err(|_| format!("--story wants a story id, not '{id}'"))?,
        ),
        ["--site", site] => store.forget_site(site),
        ["--all"] => store.forget_all(),
        _ => return Err("forget wants one of --story ID, --site SITE, --all".into()),
    };
    save(&sa.dir, &store)?;
    println!(
        "{}",
        serde_json::json!({"forgotten": n, "stories": store.len()})
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_url_arguments_split_only_on_urls() {
        assert_eq!(
            split_arg("a.html=https://x.org/1"),
            ("a.html", Some("https://x.org/1"))
        );
        assert_eq!(split_arg("a=b.txt"), ("a=b.txt", None));
        assert_eq!(split_arg("plain.txt"), ("plain.txt", None));
    }
}
