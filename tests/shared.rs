//! Checks against the material beside the project in `../shared`: the
//! user's seed page and the real wikis under `corpora/`. Outside CI these
//! skip (with a message) when `../shared` is absent; in CI they must run.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared is missing: CI must run these tests"
    );
    eprintln!("skipped: ../shared is not beside the project");
    None
}

fn build(wiki: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki)
        .arg("build")
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    for f in ["graph.json", "graph.dot", "graph.graphml", "graph.jsonld"] {
        assert!(out.path().join(f).is_file(), "{f} written");
    }
    serde_json::from_str(&fs::read_to_string(out.path().join("graph.json")).unwrap()).unwrap()
}

fn link<'a>(g: &'a Value, target_label: &str, relation: &str) -> &'a Value {
    let target = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["label"] == target_label)
        .unwrap_or_else(|| panic!("no node labelled {target_label}"));
    g["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == target["id"] && l["relation"] == relation)
        .unwrap_or_else(|| panic!("no {relation} edge to {target_label}"))
}

#[test]
fn seed_page_alone() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    fs::copy(shared.join("seeds/WeChat.md"), dir.path().join("WeChat.md")).unwrap();
    let g = build(dir.path());
    let page = &g["nodes"][0];
    assert_eq!(page["label"], "WeChat");
    assert_eq!(page["kind"], "page");
    assert!(
        page["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "微信")
    );
    for (name, note) in [
        ("Weibo", "public discourse → private relationship funnel"),
        ("Douyin", "video awareness → deep content retention"),
        ("Kuaishou", "live streaming → community retention"),
    ] {
        assert_eq!(link(&g, name, "complements")["note"], note);
    }
    let flows = link(&g, "WeCom", "flows_to");
    assert!(
        flows["note"]
            .as_str()
            .unwrap()
            .contains("subscription → enterprise WeChat private domain conversion")
    );
    let compared = link(&g, "Twitter/X", "compared_to");
    assert!(
        compared["note"]
            .as_str()
            .unwrap()
            .starts_with("similar content publishing format")
    );
    assert_eq!(compared["label"], "Compared to");
    let twitter = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["label"] == "Twitter/X")
        .unwrap();
    assert_eq!(twitter["kind"], "unlinked");
    link(&g, "marketing-wechat-official-account", "cites");
    let missing: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "missing")
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "Douyin",
            "Kuaishou",
            "WeCom",
            "Weibo",
            "marketing-wechat-official-account"
        ]
    );
}

#[test]
fn every_corpus_builds_with_one_page_per_file() {
    let Some(shared) = shared() else { return };
    let mut corpora: Vec<PathBuf> = fs::read_dir(shared.join("corpora"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("wiki")))
        .filter(|p| p.is_dir())
        .collect();
    corpora.sort();
    assert!(!corpora.is_empty());
    for wiki in corpora {
        let files = walk_md(&wiki);
        let g = build(&wiki);
        let pages = g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "page")
            .count();
        assert_eq!(
            pages,
            files,
            "{}: one page node per .md file",
            wiki.display()
        );
        assert_eq!(g["graph"]["pages"].as_u64(), Some(files as u64));
    }
}

fn walk_md(dir: &Path) -> usize {
    let mut n = 0;
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            n += walk_md(&p);
        } else if name.to_lowercase().ends_with(".md") {
            n += 1;
        }
    }
    n
}
