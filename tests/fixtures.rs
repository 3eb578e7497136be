//! Fixture wikis: each folder under `tests/fixtures/` holds a `wiki/` and the
//! nodes and edges its graph.json must have, written by hand (`nodes.tsv`,
//! `edges.tsv`). The binary builds the wiki; the test compares every node and
//! edge, in order.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("wiki").is_dir() && p.join("edges.tsv").is_file())
        .collect();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "no fixture found under {}",
        root.display()
    );
    dirs
}

/// Rows of a TSV file, without comments.
fn rows(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn build(fixture: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(fixture.join("wiki"))
        .arg("build")
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let text = fs::read_to_string(out.path().join("graph.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn fixture_graphs_have_exactly_the_expected_nodes_and_edges() {
    for fixture in fixtures() {
        let g = build(&fixture);
        let name = fixture.file_name().unwrap().to_string_lossy();
        let nodes: Vec<String> = g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| [s(&n["id"]), s(&n["kind"]), s(&n["label"]), s(&n["type"])].join("\t"))
            .collect();
        assert_eq!(
            nodes,
            rows(&fixture.join("nodes.tsv")),
            "nodes of fixture {name}"
        );
        let edges: Vec<String> = g["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                [
                    s(&l["source"]),
                    s(&l["relation"]),
                    s(&l["label"]),
                    s(&l["target"]),
                    s(&l["line"]),
                    s(&l["count"]),
                    s(&l["note"]),
                ]
                .join("\t")
            })
            .collect();
        let expected = rows(&fixture.join("edges.tsv"));
        for (i, (got, want)) in edges.iter().zip(&expected).enumerate() {
            assert_eq!(got, want, "edge {i} of fixture {name}");
        }
        assert_eq!(edges.len(), expected.len(), "edge count of fixture {name}");
        let counts = &g["graph"];
        assert_eq!(counts["nodes"].as_u64(), Some(nodes.len() as u64));
        assert_eq!(counts["edges"].as_u64(), Some(edges.len() as u64));
    }
}

#[test]
fn link_keys_are_unique_per_source_and_target() {
    for fixture in fixtures() {
        let g = build(&fixture);
        let mut seen = std::collections::HashSet::new();
        for l in g["links"].as_array().unwrap() {
            let k = (s(&l["source"]), s(&l["target"]), s(&l["key"]));
            assert!(seen.insert(k.clone()), "duplicate key {k:?}");
        }
    }
}
