//! Subgraph options of `build` and `export`, checked against the full
//! graph.json: a neighbourhood holds exactly the nodes within the depth (in
//! the direction asked) and the edges the walk crosses (those touching a
//! node nearer than the depth); relation, type, mention and citation filters
//! keep exactly the edges they name.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

fn wiki() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("wiki")
}

fn export(args: &[&str]) -> Value {
    let out = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki())
        .args(["export", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

type Link = (String, String, String, u64);

fn links(g: &Value) -> Vec<Link> {
    g["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["source"].as_str().unwrap().to_owned(),
                l["target"].as_str().unwrap().to_owned(),
                l["relation"].as_str().unwrap().to_owned(),
                l["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn node_ids(g: &Value) -> Vec<String> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Nodes within `depth` steps of `from` in the full graph, with their
/// distances, by plain BFS.
fn within(full: &Value, from: &str, depth: u32, out: bool, inward: bool) -> BTreeMap<String, u32> {
    let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in full["links"].as_array().unwrap() {
        let (s, t) = (l["source"].as_str().unwrap(), l["target"].as_str().unwrap());
        if out {
            adj.entry(s).or_default().push(t);
        }
        if inward {
            adj.entry(t).or_default().push(s);
        }
    }
    let mut dist = BTreeMap::from([(from.to_owned(), 0)]);
    let mut queue = VecDeque::from([from.to_owned()]);
    while let Some(n) = queue.pop_front() {
        let d = dist[&n];
        if d == depth {
            continue;
        }
        for next in adj.get(n.as_str()).into_iter().flatten() {
            if !dist.contains_key(*next) {
                dist.insert((*next).to_owned(), d + 1);
                queue.push_back((*next).to_owned());
            }
        }
    }
    dist
}

#[test]
fn neighbourhoods_hold_the_nodes_within_depth_and_the_edges_the_walk_crosses() {
    let full = export(&[]);
    for (depth, direction, out, inward) in [
        (1, "both", true, true),
        (2, "both", true, true),
        (2, "out", true, false),
        (3, "in", false, true),
    ] {
        let d = depth.to_string();
        let cut = export(&["--from", "WeChat", "--depth", &d, "--direction", direction]);
        let dist = within(&full, "entities/WeChat", depth, out, inward);
        let expected: BTreeSet<String> = dist.keys().cloned().collect();
        let got: BTreeSet<String> = node_ids(&cut).into_iter().collect();
        assert_eq!(got, expected, "depth {depth} {direction}");
        let crossed: Vec<Link> = links(&full)
            .into_iter()
            .filter(|(s, t, _, _)| match (dist.get(s), dist.get(t)) {
                (Some(a), Some(b)) => (*a).min(*b) < depth,
                _ => false,
            })
            .collect();
        assert_eq!(links(&cut), crossed, "depth {depth} {direction}");
        assert_eq!(cut["graph"]["nodes"].as_u64(), Some(expected.len() as u64));
    }
    // The default depth is 1; the lookup is the one every command uses.
    assert_eq!(
        export(&["--from", "微信"]),
        export(&["--from", "entities/WeChat", "--depth", "1"])
    );
}

#[test]
fn relation_type_mention_and_citation_filters() {
    let full = export(&[]);
    let all = links(&full);
    let by_label = export(&["--relation", "Flows to", "complements"]);
    let kept: Vec<Link> = all
        .iter()
        .filter(|l| l.2 == "flows_to" || l.2 == "complements")
        .cloned()
        .collect();
    assert_eq!(links(&by_label), kept);
    let no_noise = export(&["--no-mentions", "--no-citations"]);
    let kept: Vec<Link> = all
        .iter()
        .filter(|l| l.2 != "mentions" && l.2 != "cites")
        .cloned()
        .collect();
    assert_eq!(links(&no_noise), kept);
    let concepts = export(&["--type", "Concept"]);
    for n in concepts["nodes"].as_array().unwrap() {
        assert_eq!(n["type"], "concept", "{n}");
    }
    let ids: BTreeSet<String> = node_ids(&concepts).into_iter().collect();
    let kept: Vec<Link> = all
        .iter()
        .filter(|l| ids.contains(&l.0) && ids.contains(&l.1))
        .cloned()
        .collect();
    assert_eq!(links(&concepts), kept);
    assert!(!kept.is_empty());
}

#[test]
fn build_takes_the_same_filters() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki())
        .args(["build", "--from", "WeChat", "--no-mentions", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let built: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(built, export(&["--from", "WeChat", "--no-mentions"]));
    for f in ["graph.dot", "graph.graphml", "graph.jsonld"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn names_that_match_nothing_are_errors() {
    for (args, says) in [
        (
            &["--relation", "complemnts"][..],
            "no edge has the relation `complemnts`",
        ),
        (&["--type", "entitty"][..], "no node has the type `entitty`"),
        (&["--from", "Wechatt"][..], "no node named `Wechatt`"),
        (&["--depth", "2"][..], "--from"),
    ] {
        let out = Command::cargo_bin("wikigraph")
            .unwrap()
            .arg("--wiki")
            .arg(wiki())
            .args(["export", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
