//! The analysis commands on the fixture wiki: exact JSON reports, exit
//! statuses, and errors for unknown nodes.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

fn forms() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/wiki")
}

fn wikigraph(wiki: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reach_by_relation_label_or_key() {
    let want = json!({"from": "entities/Alpha", "nodes": [
        {"id": "entities/Beta", "label": "Beta Platform", "kind": "page", "distance": 1, "path": ["complements"]}
    ]});
    for rel in ["complements", "Complements"] {
        let (code, got, _) = wikigraph(&forms(), &["reach", "Alpha", "--relation", rel]);
        assert_eq!(code, 0);
        assert_eq!(got, want);
    }
    // `complements` both ways reaches back through Beta's own statement.
    let (_, got, _) = wikigraph(
        &forms(),
        &[
            "reach",
            "beta platform",
            "--relation",
            "complements",
            "--direction",
            "in",
        ],
    );
    assert_eq!(got["nodes"][0]["id"], "entities/Alpha");
}

#[test]
fn reach_distances_and_paths() {
    let (_, got, _) = wikigraph(
        &forms(),
        &["reach", "index", "--depth", "2", "--relation", "mentions"],
    );
    let rows: Vec<(String, u64, Vec<String>)> = got["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                n["distance"].as_u64().unwrap(),
                n["path"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let m = |s: &str| s.to_owned();
    assert_eq!(
        rows,
        [
            (m("entities/Alpha"), 1, vec![m("mentions")]),
            (m("entities/Beta"), 1, vec![m("mentions")]),
            (m("entities/Gamma"), 2, vec![m("mentions"), m("mentions")]),
            (m("concepts/Funnel"), 2, vec![m("mentions"), m("mentions")]),
        ]
    );
}

#[test]
fn path_steps_and_no_path() {
    let (code, got, _) = wikigraph(&forms(), &["path", "Orphan", "Funnel"]);
    assert_eq!(code, 0);
    let steps: Vec<(&str, &str, &str)> = got["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap(),
                s["relation"].as_str().unwrap(),
                s["target"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("entities/Orphan", "mentions", "entities/Alpha"),
            ("entities/Alpha", "mentions", "concepts/Funnel")
        ]
    );
    let (code, _, stderr) = wikigraph(&forms(), &["path", "Funnel", "Orphan"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no path"), "{stderr}");
}

#[test]
fn orphans_isolated_missing() {
    let (code, got, _) = wikigraph(&forms(), &["orphans"]);
    assert_eq!(code, 0);
    assert_eq!(got["orphans"], json!(["entities/Orphan"]));
    assert_eq!(got["isolated"], json!([]));
    assert_eq!(got["missing"][0]["id"], "missing:Delta");
    assert_eq!(
        got["missing"][0]["referrers"],
        json!([
            {"id": "entities/Alpha", "file": "entities/Alpha.md", "line": 28},
            {"id": "entities/Alpha", "file": "entities/Alpha.md", "line": 35}
        ])
    );
}

#[test]
fn check_deny_exit_status() {
    let (code, got, _) = wikigraph(&forms(), &["check", "--deny", "orphan"]);
    assert_eq!(code, 1);
    assert_eq!(got["counts"]["orphan"], 1);
    let orphan = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "orphan")
        .unwrap();
    assert_eq!(orphan["file"], "entities/Orphan.md");
    for f in got["findings"].as_array().unwrap() {
        if f["kind"] == "missing" || f["kind"] == "unknown_relation" || f["kind"] == "one_way" {
            assert!(f["file"].is_string() && f["line"].is_u64(), "located: {f}");
        }
    }
    let (code, _, _) = wikigraph(&forms(), &["check", "--deny", "isolated"]);
    assert_eq!(code, 0, "no isolated page");

    // A wiki without orphans passes `--deny orphan`.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("index.md"), "[[a]]").unwrap();
    fs::write(dir.path().join("a.md"), "[[b]]").unwrap();
    fs::write(dir.path().join("b.md"), "[[a]]").unwrap();
    let (code, got, _) = wikigraph(dir.path(), &["check", "--deny", "orphan"]);
    assert_eq!(code, 0, "{got}");
    let (code, _, _) = wikigraph(dir.path(), &["check", "--deny", "all"]);
    assert_eq!(code, 1, "uncited pages are findings");
}

#[test]
fn stats_counts() {
    let (_, got, _) = wikigraph(&forms(), &["stats"]);
    assert_eq!(
        got["nodes"],
        json!({"citation": 2, "missing": 2, "page": 9, "unlinked": 1})
    );
    assert_eq!(got["edges"]["mentions"], 11);
    assert_eq!(got["components"], 1);
    assert_eq!(got["largest_component"], 14);
    assert_eq!(got["hubs"].as_array().unwrap().len(), 10);
}

#[test]
fn show_backlinks() {
    let (_, got, _) = wikigraph(&forms(), &["show", "Gamma"]);
    assert_eq!(got["node"]["id"], "entities/Gamma");
    let ins: Vec<(&str, &str)> = got["in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["source"].as_str().unwrap(),
                l["relation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ins,
        [
            ("concepts/Funnel", "mentions"),
            ("entities/Alpha", "part_of"),
            ("entities/Alpha", "mentions"),
            ("entities/Alpha", "flows_to"),
            ("entities/Alpha", "depends_on"),
            ("entities/Alpha", "related"),
        ]
    );
    assert_eq!(got["out"][0]["relation"], "part_of");
}

/// `show` lists a page's attachments: in the node record (left out when
/// there are none, as in graph.json) and in the human header.
#[test]
fn show_lists_attachments() {
    let wiki = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments/wiki");
    let (code, got, _) = wikigraph(&wiki, &["show", "Gamma"]);
    assert_eq!(code, 0);
    assert_eq!(
        got["node"]["attachments"],
        json!([
            "diagram.png",
            "papers/Gamma study.pdf",
            "img/plot.svg",
            "R&D chart's v2.png"
        ])
    );
    let (_, got, _) = wikigraph(&wiki, &["show", "Delta"]);
    assert!(got["node"].get("attachments").is_none(), "{got}");
    let human = |node: &str| {
        let out = Command::cargo_bin("wikigraph")
            .unwrap()
            .arg("--wiki")
            .arg(&wiki)
            .args(["show", node])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let gamma = human("Gamma");
    assert!(
        gamma.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")
            == "attachments diagram.png, papers/Gamma study.pdf, img/plot.svg, R&D chart's v2.png"),
        "{gamma}"
    );
    let delta = human("Delta");
    assert!(
        !delta
            .lines()
            .any(|l| l.trim_start().starts_with("attachments")),
        "{delta}"
    );
}

#[test]
fn unknown_node_lists_candidates() {
    let (code, _, stderr) = wikigraph(&forms(), &["reach", "Alpah"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no node named `Alpah`") && stderr.contains("entities/Alpha"),
        "{stderr}"
    );
}
