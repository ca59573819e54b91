//! `storyline`: the core on saved pages. The command-line contract lives in
//! DESIGN.md (annotate, extract, read, clusters, forget); output is one JSON
//! object per line, offsets in characters.

mod input;
mod store_cmds;
mod train;
mod train_sources;
mod web_annotation;

use std::io::Write;
use std::process::ExitCode;
use storyline::offsets::Unit;
use storyline::{annotate, Options};

const USAGE: &str = "usage:
  storyline annotate [--published YYYY-MM-DD] [--url URL] [--format json|html|web-annotation] FILE...
  storyline extract [--url URL] FILE...
  storyline read --store DIR FILE[=URL]...
  storyline clusters --store DIR
  storyline forget --store DIR (--story ID | --site SITE | --all)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "annotate" => cmd_annotate(rest),
        "train" if rest.first().is_some_and(|s| s == "sources") => train_sources::run(&rest[1..]),
        "extract" => cmd_extract(rest),
        "read" => store_cmds::cmd_read(rest),
        "clusters" => store_cmds::cmd_clusters(rest),
        "forget" => store_cmds::cmd_forget(rest),
        "train" => train::cmd_train(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "--version" | "version" => {
            println!("storyline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("storyline: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Flags shared by the page commands.
#[derive(Default)]
struct PageArgs {
    published: Option<String>,
    url: Option<String>,
    format: String,
    files: Vec<String>,
}

fn parse_page_args(args: &[String]) -> Result<PageArgs, String> {
    let mut out = PageArgs {
        format: "json".into(),
        ..Default::default()
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--published" => {
                let v = value("--published")?;
                if !looks_like_date(&v) {
                    return Err(format!(
                        "--published wants YYYY-MM-DD or an ISO date-time, not '{v}'"
                    ));
                }
                out.published = Some(v);
            }
            "--url" => out.url = Some(value("--url")?),
            "--format" => {
                out.format = value("--format")?;
                if !["json", "html", "web-annotation"].contains(&out.format.as_str()) {
                    return Err(format!(
                        "--format is json, html or web-annotation, not '{}'",
                        out.format
                    ));
                }
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            f => out.files.push(f.to_string()),
        }
    }
    if out.files.is_empty() {
        return Err("no FILE given".into());
    }
    Ok(out)
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}

/// Runs `f` on each file; a file that fails is reported and the others go on.
/// The exit status is a failure when any file failed.
fn each_file(
    files: &[String],
    mut f: impl FnMut(&str, &mut dyn Write) -> Result<(), String>,
) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    let mut last = None;
    for file in files {
        if let Err(e) = f(file, &mut out) {
            // With one file its error is the whole story: printed once, by main.
            if files.len() > 1 {
                eprintln!("storyline: {e}");
            }
            failed += 1;
            last = Some(e);
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write output: {e}"))?;
    match last {
        None => Ok(()),
        Some(e) if files.len() == 1 => Err(e),
        Some(_) => Err(format!("{failed} of {} file(s) failed", files.len())),
    }
}

fn cmd_annotate(args: &[String]) -> Result<(), String> {
    let pa = parse_page_args(args)?;
    let opts = Options {
        published: pa.published.clone(),
        url: pa.url.clone(),
    };
    each_file(&pa.files, |file, out| {
        let page = input::load_page(file, pa.url.as_deref())?;
        let ann = annotate(&page, &opts);
        if pa.format == "web-annotation" {
            return web_annotation::write(file, pa.url.as_deref(), &ann, out);
        }
        let ann = ann.into_unit(Unit::Chars);
        if pa.format == "html" {
            let html = storyline_html_report(file, &ann);
            out.write_all(html.as_bytes()).map_err(|e| e.to_string())
        } else {
            let mut v = serde_json::to_value(&ann).map_err(|e| e.to_string())?;
            v.as_object_mut()
                .expect("object")
                .insert("file".into(), file.into());
            writeln!(out, "{}", reorder_file_first(v)).map_err(|e| e.to_string())
        }
    })
}

/// Puts `file` first in the printed object, as the contract shows.
fn reorder_file_first(v: serde_json::Value) -> String {
    let serde_json::Value::Object(map) = v else {
        return v.to_string();
    };
    let mut parts = Vec::with_capacity(map.len());
    if let Some(f) = map.get("file") {
        parts.push(format!("\"file\":{f}"));
    }
    for (k, val) in &map {
        if k != "file" {
            parts.push(format!("{}:{}", serde_json::Value::String(k.clone()), val));
        }
    }
    format!("{{{}}}", parts.join(","))
}

fn cmd_extract(args: &[String]) -> Result<(), String> {
    let pa = parse_page_args(args)?;
    let opts = Options {
        published: pa.published.clone(),
        url: pa.url.clone(),
    };
    each_file(&pa.files, |file, out| {
        let page = input::load_page(file, pa.url.as_deref())?;
        let seg = storyline::segment::segment(&page, &opts);
        let ex = storyline::segment::extract(&page, &seg);
        let mut v = serde_json::to_value(&ex).map_err(|e| e.to_string())?;
        v.as_object_mut()
            .expect("object")
            .insert("file".into(), file.into());
        writeln!(out, "{}", reorder_file_first(v)).map_err(|e| e.to_string())
    })
}

/// The page text with `<mark>`s, viewable offline.
fn storyline_html_report(file: &str, ann: &storyline::Annotations) -> String {
    storyline::report::html(file, ann)
}
