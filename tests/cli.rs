//! The CLI on input that is not a page: binary, empty, missing, a directory,
//! 50 MB, broken UTF-8, pathological HTML and odd Unicode. Each bad file
//! gets one clear line on stderr naming it, the exit status is non-zero, no
//! panic ever reaches the user, and the good files in the same call are still
//! processed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_storyline");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the storyline binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parses every stdout line as one JSON object.
fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:.200}")))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p.to_string_lossy().into_owned()
}

fn good_page(dir: &Path) -> String {
    write(
        dir,
        "good.txt",
        "Tom Cotton said on Tuesday that TikTok is a risk.\n\nThe company disagreed.\n".as_bytes(),
    )
}

/// `bad` fails with exactly one stderr line naming it (plus the summary),
/// while `good` in the same call still prints its JSON.
fn assert_rejected_alone(cmd: &str, bad: &str, reason: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = good_page(dir.path());
    let o = run(&[cmd, &good, bad]);
    let err = stderr(&o);
    assert!(
        !o.status.success(),
        "{cmd} {bad}: exit status should be non-zero"
    );
    assert!(
        !err.contains("panicked"),
        "{cmd} {bad}: panic reached stderr: {err}"
    );
    let about: Vec<&str> = err.lines().filter(|l| l.contains(bad)).collect();
    assert_eq!(
        about.len(),
        1,
        "{cmd} {bad}: want one error line about the file, got: {err}"
    );
    assert!(
        about[0].to_lowercase().contains(reason),
        "{cmd} {bad}: error should say '{reason}': {}",
        about[0]
    );
    assert!(
        err.lines().count() <= 2,
        "{cmd} {bad}: stderr is not short: {err}"
    );
    let out = json_lines(&o);
    assert_eq!(
        out.len(),
        1,
        "{cmd}: the good file should still be processed"
    );
    assert_eq!(out[0]["file"], good.as_str());
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x7fELF\x02\x01\x01\x00".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    let bin = write(dir.path(), "program.txt", &bytes);
    assert_rejected_alone("annotate", &bin, "binary");
    assert_rejected_alone("extract", &bin, "binary");
    let png = write(
        dir.path(),
        "image.html",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    );
    assert_rejected_alone("annotate", &png, "binary");
}

#[test]
fn empty_and_blank_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    assert_rejected_alone("annotate", &empty, "empty");
    let blank = write(dir.path(), "blank.html", b"  \n\t\r\n ");
    assert_rejected_alone("annotate", &blank, "empty");
}

#[test]
fn missing_file_and_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir
        .path()
        .join("no-such-page.html")
        .to_string_lossy()
        .into_owned();
    assert_rejected_alone("annotate", &missing, "no such file");
    let sub = dir.path().join("a-directory.html");
    std::fs::create_dir(&sub).unwrap();
    assert_rejected_alone("extract", &sub.to_string_lossy(), "directory");
}

#[test]
fn fifty_megabyte_file_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.txt");
    // Real text, not a sparse hole: the refusal must not depend on the bytes.
    let para =
        "Officials said on Monday that the talks would resume next week. ".repeat(16) + "\n\n";
    let mut body = String::with_capacity(50 * 1024 * 1024 + para.len());
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(&para);
    }
    std::fs::write(&p, body).unwrap();
    let t = std::time::Instant::now();
    assert_rejected_alone("annotate", &p.to_string_lossy(), "too large");
    assert!(
        t.elapsed().as_secs() < 20,
        "refusing a 50 MB file took {:?}",
        t.elapsed()
    );
}

#[test]
fn broken_utf8_text_is_refused_with_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 owner said the caf\xe9 would reopen.\n",
    );
    assert_rejected_alone("annotate", &bad, "utf-8");
    let o = run(&["annotate", &bad]);
    assert!(
        stderr(&o).contains("offset 3"),
        "the error should point at the bad byte: {}",
        stderr(&o)
    );
    let cut = write(
        dir.path(),
        "cut.txt",
        "Ends in the middle of \u{1f600}"
            .as_bytes()
            .split_last()
            .unwrap()
            .1,
    );
    assert_rejected_alone("annotate", &cut, "utf-8");
}

#[test]
fn broken_utf8_html_is_read_leniently() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "legacy.html", b"<html><body><p>Caf\xe9 owner Jos\xe9 said on Monday.</p><p>\xff\xfe\xc3</p></body></html>");
    let o = run(&["annotate", &page]);
    assert!(
        o.status.success(),
        "lenient HTML should succeed: {}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    let out = json_lines(&o);
    assert!(
        out[0]["text"]
            .as_str()
            .unwrap()
            .contains("Caf\u{e9} owner Jos\u{e9}"),
        "{}",
        out[0]["text"]
    );
}

#[test]
fn deep_and_wide_html_are_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "<html><body>{}<p>Deep text said here.</p>{}</body></html>",
        "<div>".repeat(3000),
        "</div>".repeat(3000)
    );
    let deep = write(dir.path(), "deep.html", deep.as_bytes());
    let mut wide = String::from("<html><body>");
    for i in 0..50_000 {
        wide.push_str(&format!("<span>w{i} </span>"));
        if i % 100 == 99 {
            wide.push_str("<p>");
        }
    }
    wide.push_str("</body></html>");
    let wide = write(dir.path(), "wide.html", wide.as_bytes());
    let unclosed = write(
        dir.path(),
        "unclosed.html",
        "<p><b><i><u>".repeat(5000).as_bytes(),
    );
    for f in [&deep, &wide, &unclosed] {
        let o = run(&["annotate", f]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
        let out = json_lines(&o);
        assert_eq!(out.len(), 1);
    }
    let o = run(&["annotate", &deep]);
    assert!(json_lines(&o)[0]["text"]
        .as_str()
        .unwrap()
        .contains("Deep text said here."));
    let o = run(&["annotate", &wide]);
    assert!(json_lines(&o)[0]["text"]
        .as_str()
        .unwrap()
        .contains("w49999"));
}

/// Offsets in the CLI output count characters: every sentence and entity
/// reads back from `text` by character index.
fn assert_char_offsets(v: &serde_json::Value) {
    let chars: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    for s in v["sentences"].as_array().unwrap() {
        let (a, b) = (
            s[0].as_u64().unwrap() as usize,
            s[1].as_u64().unwrap() as usize,
        );
        assert!(
            a < b && b <= chars.len(),
            "sentence {a}..{b} of {}",
            chars.len()
        );
    }
    for e in v["entities"].as_array().unwrap() {
        if let (Some(a), Some(b), Some(t)) =
            (e["start"].as_u64(), e["end"].as_u64(), e["text"].as_str())
        {
            let read: String = chars[a as usize..b as usize].iter().collect();
            assert_eq!(read, t, "entity {e}");
        }
    }
}

#[test]
fn odd_unicode_comes_back_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Tom Cotton said on Tuesday: \u{201c}\u{4e2d}\u{56fd}\u{201d} \u{1f469}\u{200d}\u{1f52c} e\u{301}\u{200b}.\r\n\
                \u{0645}\u{0631}\u{062d}\u{0628}\u{0627} \u{202e}reversed\u{202c} \u{10ffff}.\r\n\r\nA third line \u{2028} with a separator.";
    let f = write(dir.path(), "unicode.txt", text.as_bytes());
    let o = run(&["annotate", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = json_lines(&o);
    let want = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    assert_eq!(out[0]["text"].as_str().unwrap(), want);
    assert_char_offsets(&out[0]);
    let h = write(
        dir.path(),
        "unicode.html",
        format!(
            "<meta charset=utf-8><p>{}</p>",
            text.replace("\r\n", "</p><p>")
        )
        .as_bytes(),
    );
    let o = run(&["annotate", &h]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_char_offsets(&json_lines(&o)[0]);
}

#[test]
fn markup_in_text_stays_text_in_the_html_report() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "xss.txt",
        b"<script>alert('x')</script> <img src=x onerror=alert(1)> said officials.\n",
    );
    let o = run(&["annotate", "--format", "html", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "page text became markup: {html}"
    );
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
}

#[test]
fn several_bad_files_each_get_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_page(dir.path());
    let empty = write(dir.path(), "e.txt", b"");
    let bin = write(dir.path(), "b.txt", b"\x00\x01\x02\x03");
    let missing = dir.path().join("m.txt").to_string_lossy().into_owned();
    let o = run(&["annotate", &empty, &good, &bin, &missing, &good]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(!err.contains("panicked"), "{err}");
    for f in [&empty, &bin, &missing] {
        assert_eq!(
            err.lines().filter(|l| l.contains(f.as_str())).count(),
            1,
            "{f}: {err}"
        );
    }
    assert!(err.contains("3 of 5"), "the summary counts failures: {err}");
    assert_eq!(json_lines(&o).len(), 2, "both good files are processed");
}

#[test]
fn bad_arguments_get_a_clear_error() {
    for args in [
        &["annotate"][..],
        &["annotate", "--published", "yesterday", "x.txt"],
        &["annotate", "--format", "pdf", "x.txt"],
        &["frobnicate"],
        &["annotate", "--url"],
    ] {
        let o = run(args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?}");
        assert!(err.starts_with("storyline: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

// ---- the store on disk: corruption, truncation, a newer version --------------

const STORY_A: &str = "Harbour bridge reopens after repairs\n\nThe city's harbour bridge reopened on Thursday, two weeks after a barge struck one of its piers, the transport authority said in a statement on its website.\n\nRepairs cost about 2.4 million euros, according to city documents, and traffic is expected to return to normal by Monday morning, officials said.\n";
const STORY_B: &str = "Council votes to expand the night bus network\n\nThe city council voted on Wednesday to add six night bus routes from next spring, after a year of complaints from shift workers about the lack of late transport.\n\nThe plan will cost the transport authority about 3 million euros a year, the finance committee said, and will be reviewed after eighteen months of service.\n";

/// A store folder holding one story read from `a.txt`; returns (dir, store file, page B).
fn store_with_one_story() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", STORY_A.as_bytes());
    let b = write(dir.path(), "b.txt", STORY_B.as_bytes());
    let store = dir.path().join("store");
    let o = run(&["read", "--store", &store.to_string_lossy(), &a]);
    assert!(o.status.success(), "first read: {}", stderr(&o));
    assert_eq!(json_lines(&o).len(), 1);
    (dir, store, b)
}

fn store_file(store: &Path) -> PathBuf {
    store.join("store.bin")
}

/// Stories the store holds, counted through `forget --story 0` (forgets nothing, reports the count).
fn stories_in(store: &Path) -> u64 {
    let o = run(&[
        "forget",
        "--store",
        &store.to_string_lossy(),
        "--story",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    json_lines(&o)[0]["stories"].as_u64().unwrap()
}

/// Damaged bytes are set aside unchanged with one notice, a fresh store is
/// started, and the page being read is still recorded.
fn assert_damage_set_aside(damage: impl Fn(&mut Vec<u8>)) {
    let (_dir, store, b) = store_with_one_story();
    let file = store_file(&store);
    let mut bytes = std::fs::read(&file).unwrap();
    damage(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();
    let o = run(&["read", "--store", &store.to_string_lossy(), &b]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        o.status.success(),
        "reading on after damage should work: {err}"
    );
    let notices: Vec<&str> = err.lines().filter(|l| l.contains("set aside")).collect();
    assert_eq!(
        notices.len(),
        1,
        "one notice about the damaged store: {err}"
    );
    let aside = store.join("store.bin.corrupt-1");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        bytes,
        "the damaged bytes are kept exactly"
    );
    assert_eq!(json_lines(&o).len(), 1, "the new page is still read");
    assert_eq!(stories_in(&store), 1, "the fresh store holds the new story");
}

#[test]
fn corrupt_store_bytes_are_set_aside() {
    assert_damage_set_aside(|b| {
        let mid = 24 + (b.len() - 24) / 2;
        b[mid] ^= 0x5a;
    });
}

#[test]
fn truncated_store_is_set_aside() {
    assert_damage_set_aside(|b| b.truncate(b.len() / 2));
    assert_damage_set_aside(|b| b.truncate(10));
}

#[test]
fn foreign_file_as_store_is_set_aside() {
    assert_damage_set_aside(|b| *b = b"{\"stories\": []}\n".to_vec());
    assert_damage_set_aside(|b| b.clear());
}

#[test]
fn newer_store_version_is_refused_and_left_untouched() {
    let (dir, store, b) = store_with_one_story();
    let file = store_file(&store);
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[8..10].copy_from_slice(&999u16.to_le_bytes());
    std::fs::write(&file, &bytes).unwrap();
    let s = store.to_string_lossy().into_owned();
    for args in [
        &["read", "--store", &s, &b][..],
        &["clusters", "--store", &s],
        &["forget", "--store", &s, "--all"],
    ] {
        let o = run(args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?} should refuse a newer store");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("newer"),
            "{args:?}: the error should say the store is newer: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: one error line: {err}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            bytes,
            "{args:?} changed a newer store"
        );
    }
    let names: Vec<String> = std::fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["store.bin"], "nothing set aside, nothing added");
    drop(dir);
}

#[test]
fn stories_read_before_are_kept_across_runs() {
    let (_dir, store, b) = store_with_one_story();
    let o = run(&["read", "--store", &store.to_string_lossy(), &b]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stories_in(&store), 2);
    let o = run(&["clusters", "--store", &store.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!json_lines(&o).is_empty());
}

#[test]
fn bad_store_arguments_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let not_dir = write(dir.path(), "file-not-folder", b"x");
    let page = write(dir.path(), "a.txt", STORY_A.as_bytes());
    for args in [
        &["read", "--store", &not_dir, &page][..],
        &["read", &page],
        &[
            "forget",
            "--store",
            &dir.path().to_string_lossy(),
            "--story",
            "not-a-number",
        ],
        &["forget", "--store", &dir.path().to_string_lossy()],
    ] {
        let o = run(args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read(&not_dir).unwrap(),
        b"x",
        "a file given as --store is not touched"
    );
}

#[test]
fn bad_pages_in_read_leave_the_store_consistent() {
    let (dir, store, b) = store_with_one_story();
    let empty = write(dir.path(), "empty.txt", b"");
    let bin = write(dir.path(), "bin.txt", b"\x00\x01\x02");
    let o = run(&[
        "read",
        "--store",
        &store.to_string_lossy(),
        &empty,
        &b,
        &bin,
    ]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(json_lines(&o).len(), 1, "the good page is read");
    assert_eq!(stories_in(&store), 2);
}

#[test]
fn web_annotation_format_prints_one_collection_per_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = good_page(dir.path());
    let o = run(&[
        "annotate",
        "--format",
        "web-annotation",
        "--url",
        "https://example.org/story",
        &good,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v[0]["type"], "AnnotationCollection");
    let items = v[0]["first"]["items"].as_array().expect("items");
    assert!(items
        .iter()
        .any(|a| a["target"]["selector"][0]["exact"] == "Tom Cotton"));
    for a in items {
        assert_eq!(a["type"], "Annotation");
        assert_eq!(a["target"]["source"], "https://example.org/story");
        assert!(a["created"].as_str().is_some_and(|c| c.ends_with('Z')));
    }
    // without --url the target is the file itself
    let o = run(&["annotate", "--format", "web-annotation", &good]);
    let v = json_lines(&o);
    assert!(v[0]["first"]["items"][0]["target"]["source"]
        .as_str()
        .is_some_and(|s| s.starts_with("file:///") && s.ends_with("good.txt")));
    let o = run(&["annotate", "--format", "rdf", &good]);
    assert!(stderr(&o).contains("json, html or web-annotation"));
}
