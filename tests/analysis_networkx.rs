//! The analyses agree with networkx computing the same definitions on the
//! exported graph.json: reach (descendants within depth, relation and
//! direction filters), shortest path lengths, orphans, isolates, missing
//! pages, weak components and PageRank. Runs on the fixture wiki, the sample
//! wiki and every corpus in ../shared/corpora.
//!
//! Needs python3 with networkx: in CI (`CI` set) its absence fails the test;
//! elsewhere the test says it skipped.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn networkx_available() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with networkx is required in CI (pip install networkx)"
        );
        eprintln!("skipped: python3 with networkx is not available");
    }
    ok
}

fn wikis() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = vec![root.join("tests/fixtures/forms/wiki"), root.join("wiki")];
    if let Ok(dir) = fs::read_dir(root.join("../shared/corpora")) {
        let mut c: Vec<PathBuf> = dir
            .flatten()
            .map(|e| e.path().join("wiki"))
            .filter(|p| p.is_dir())
            .collect();
        c.sort();
        v.extend(c);
    }
    v
}

/// Runs `wikigraph --json ARGS` on a wiki; `None` when it exits 1 (no path).
fn report(wiki: &Path, args: &[&str]) -> Option<Value> {
    let out = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    match out.status.code() {
        Some(0) => Some(serde_json::from_slice(&out.stdout).unwrap()),
        Some(1) => None,
        other => panic!(
            "{args:?} exited {other:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn analyses_agree_with_networkx() {
    if !networkx_available() {
        return;
    }
    for wiki in wikis() {
        let dir = tempfile::tempdir().unwrap();
        Command::cargo_bin("wikigraph")
            .unwrap()
            .arg("--wiki")
            .arg(&wiki)
            .args(["build", "--out"])
            .arg(dir.path())
            .assert()
            .success();
        let graph: Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join("graph.json")).unwrap())
                .unwrap();
        let pages: Vec<&str> = graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "page")
            .filter_map(|n| n["id"].as_str())
            .collect();
        let mut typed: HashMap<&str, usize> = HashMap::new();
        for l in graph["links"].as_array().unwrap() {
            if l["kind"] == "typed" {
                *typed.entry(l["relation"].as_str().unwrap()).or_default() += 1;
            }
        }
        let relation = typed
            .iter()
            .max_by_key(|(k, n)| (**n, *k))
            .map(|(k, _)| k.to_string());
        let step = pages.len() / 5 + 1;
        let starts: Vec<&str> = pages.iter().step_by(step).copied().collect();

        let mut reach = Vec::new();
        let mut paths = Vec::new();
        for (i, s) in starts.iter().enumerate() {
            let mut variants: Vec<(Vec<String>, Value)> = vec![
                (
                    vec![],
                    json!({"depth": null, "direction": "out", "relations": [], "include_missing": false}),
                ),
                (
                    vec!["--depth".into(), "2".into()],
                    json!({"depth": 2, "direction": "out", "relations": [], "include_missing": false}),
                ),
                (
                    vec![
                        "--direction".into(),
                        "both".into(),
                        "--depth".into(),
                        "2".into(),
                    ],
                    json!({"depth": 2, "direction": "both", "relations": [], "include_missing": false}),
                ),
                (
                    vec!["--direction".into(), "in".into()],
                    json!({"depth": null, "direction": "in", "relations": [], "include_missing": false}),
                ),
                (
                    vec!["--include-missing".into()],
                    json!({"depth": null, "direction": "out", "relations": [], "include_missing": true}),
                ),
            ];
            if let Some(r) = &relation {
                variants.push((
                    vec!["--relation".into(), r.clone(), "--direction".into(), "both".into()],
                    json!({"depth": null, "direction": "both", "relations": [r], "include_missing": false}),
                ));
            }
            for (extra, args) in variants {
                let mut a: Vec<&str> = vec!["reach", s];
                a.extend(extra.iter().map(String::as_str));
                reach.push(json!({"args": args, "report": report(&wiki, &a)}));
            }
            let to = pages[(i * 7 + 3) % pages.len()];
            paths.push(
                json!({"args": {"from": s, "to": to}, "report": report(&wiki, &["path", s, to])}),
            );
        }
        let cases = json!({
            "reach": reach,
            "path": paths,
            "orphans": {"report": report(&wiki, &["orphans"]), "entry_points": report(&wiki, &["orphans"]).unwrap()["entry_points"]},
            "stats": report(&wiki, &["stats", "--top", "10"]),
        });
        let cases_path = dir.path().join("cases.json");
        fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/networkx_check.py");
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(dir.path().join("graph.json"))
            .arg(&cases_path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        eprintln!("{}: {}", wiki.display(), text.lines().last().unwrap_or(""));
        assert!(
            out.status.success(),
            "{} disagrees with networkx:\n{text}{}",
            wiki.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
