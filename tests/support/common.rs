//! Helpers shared by the export tests (`#[path = "support/common.rs"] mod
//! common;`): the wikis every consumer test runs on, the adversarial wiki,
//! running the binary, and the rule for external programs (missing in CI:
//! fail; elsewhere: say it skipped).
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// The crate root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// True when `program args` runs; otherwise fails in CI and says the test
/// skipped elsewhere.
pub fn available(program: &str, args: &[&str], install: &str) -> bool {
    let ok = std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{program}` is required in CI: {install}"
        );
        eprintln!("skipped: `{program}` is not available ({install})");
    }
    ok
}

/// The corpora in ../shared/corpora, sorted; empty (with a message) outside
/// CI when ../shared is absent.
pub fn corpora() -> Vec<PathBuf> {
    let dir = root().join("../shared/corpora");
    let Ok(entries) = fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/corpora is missing: CI must run these tests"
        );
        eprintln!("skipped the corpora: ../shared is not beside the project");
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path().join("wiki"))
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The fixture wikis under tests/fixtures, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("wiki"))
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The adversarial fixture copied into a temporary folder, plus pages whose
/// file names no repository should hold (quotes, backslashes, a line break,
/// a tab, a control character).
pub fn adversarial() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/adversarial/wiki"), dir.path());
    #[cfg(unix)]
    for name in [
        "quote\"and\\back.md",
        "new\nline.md",
        "tab\tname.md",
        "ctrl\u{1}char.md",
    ] {
        fs::write(dir.path().join(name), "A page with a hostile file name.\n").unwrap();
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Every wiki the consumer tests run on: the sample wiki, the fixtures, and
/// the corpora. (The adversarial wiki with hostile file names is separate:
/// it lives in a temporary folder.)
pub fn wikis() -> Vec<PathBuf> {
    let mut v = vec![root().join("wiki")];
    v.extend(fixtures());
    v.extend(corpora());
    v
}

/// `wikigraph --wiki WIKI export ARGS…` to stdout; panics unless it exits 0.
pub fn export(wiki: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki)
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} export {args:?}: {}",
        wiki.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The wiki's graph.json.
pub fn graph_json(wiki: &Path, args: &[&str]) -> Value {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    serde_json::from_slice(&export(wiki, &a)).unwrap()
}

/// Runs a program with `input` on stdin; returns (status ok, stdout, stderr).
pub fn pipe(program: &str, args: &[&str], input: &[u8]) -> (bool, Vec<u8>, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (
        out.status.success(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A short name for a wiki in messages.
pub fn name(wiki: &Path) -> String {
    wiki.strip_prefix(root())
        .unwrap_or(wiki)
        .display()
        .to_string()
}
