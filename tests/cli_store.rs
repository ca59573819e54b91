//! The CLI's file-backed store: reading, corrupt and newer stores, forgetting.

use std::path::Path;
use std::process::Command;

const P: [&str; 3] = [
    "The mountain railway between Kessel and Arnfeld reopened on Thursday after a landslide had blocked the line for almost three weeks in the spring.",
    "Engineers cleared more than ten thousand tonnes of rock and built a new retaining wall above the tracks, the railway company said in a statement.",
    "Local businesses, which depend on summer tourists arriving by train, said the closure had cost them a large share of their usual takings for the season.",
];

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
}

fn write(dir: &Path, name: &str, paras: &[&str]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, format!("Railway reopens\n\n{}\n", paras.join("\n\n"))).unwrap();
    p.to_string_lossy().into_owned()
}

fn lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn read_reports_earlier_files_and_forget_removes_them() {
    let tmp = tempdir("read");
    let store = tmp.join("store");
    let a = write(&tmp, "a.txt", &P);
    let b = write(&tmp, "b.txt", &P[..2]);
    let arg_b = format!("{b}=https://news.example/b");
    let out = bin()
        .args(["read", "--store", store.to_str().unwrap(), &a, &arg_b])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let l = lines(&out.stdout);
    assert_eq!(l.len(), 2);
    assert_eq!(l[1]["file"], arg_b.as_str());
    assert_eq!(l[1]["seen"][0]["file"], a.as_str());
    assert_eq!(l[1]["seen"][0]["relation"], "contained");
    assert_eq!(l[0]["cluster"], l[1]["cluster"]);
    let out = bin()
        .args(["clusters", "--store", store.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(lines(&out.stdout).len(), 1);
    let out = bin()
        .args(["forget", "--store", store.to_str().unwrap(), "--all"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let bytes = std::fs::read(store.join("store.bin")).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("a.txt"));
    let out = bin()
        .args(["clusters", "--store", store.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(lines(&out.stdout).is_empty());
}

#[test]
fn a_corrupt_store_is_set_aside_and_a_newer_one_refused() {
    let tmp = tempdir("corrupt");
    let store = tmp.join("store");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::write(store.join("store.bin"), b"STLNSTOR\x01\x00garbage").unwrap();
    let a = write(&tmp, "a.txt", &P);
    let out = bin()
        .args(["read", "--store", store.to_str().unwrap(), &a])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("set aside"));
    assert!(store.join("store.bin.corrupt-1").exists());
    assert!(store.join("store.bin").exists());

    let mut newer = std::fs::read(store.join("store.bin")).unwrap();
    newer[8] = 200;
    std::fs::write(store.join("store.bin"), &newer).unwrap();
    let out = bin()
        .args(["read", "--store", store.to_str().unwrap(), &a])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer"));
    assert_eq!(std::fs::read(store.join("store.bin")).unwrap(), newer);
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("storyline-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
