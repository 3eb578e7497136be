//! Mermaid, read back line by line (no Mermaid parser runs here): a
//! `graph LR` header, one node line per node with a safe `nN` id and a
//! quoted label, one edge line per edge in order, classes and link styles
//! that refer to existing nodes and edges; every label decodes to exactly
//! the title or relation label in graph.json (the adversarial wiki
//! included), for whole wikis and for subgraphs.

#[path = "support/common.rs"]
mod common;

use common::*;
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Mermaid entity codes and `<br>` back to text.
fn decode(s: &str) -> String {
    assert!(!s.contains('"'), "raw quote in {s:?}");
    static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#(\w+);").unwrap());
    let s = s.replace("<br>", "\n");
    CODE.replace_all(&s, |c: &regex::Captures<'_>| match &c[1] {
        "quot" => "\"".to_owned(),
        "amp" => "&".to_owned(),
        "lt" => "<".to_owned(),
        "gt" => ">".to_owned(),
        n => char::from_u32(n.parse().unwrap()).unwrap().to_string(),
    })
    .into_owned()
}

/// What Mermaid can show: tabs as spaces, no other control characters.
fn drawable(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn check(mmd: &str, g: &Value, what: &str) {
    let node = Regex::new(r#"^  (n\d+)(?:\("(.*)"\)|>"(.*)"\]|\[/"(.*)"/\])$"#).unwrap();
    let edge = Regex::new(r#"^  (n\d+) (?:-->\|"(.*)"\||-\.->) (n\d+)$"#).unwrap();
    let class = Regex::new(r"^  class (n\d+(?:,n\d+)*) (\w+)$").unwrap();
    let classdef = Regex::new(r"^  classDef (\w+) [\w#:,.\- ]+$").unwrap();
    let link = Regex::new(r"^  linkStyle (\d+(?:,\d+)*) [\w#:,.\-]+$").unwrap();
    let mut lines = mmd.lines().filter(|l| !l.starts_with("%%"));
    assert_eq!(lines.next(), Some("graph LR"), "{what}");
    let nodes = g["nodes"].as_array().unwrap();
    let links = g["links"].as_array().unwrap();
    let mut ids: Vec<String> = Vec::new();
    let mut edges: Vec<(String, Option<String>, String)> = Vec::new();
    let mut classes = BTreeSet::new();
    let mut used_classes = BTreeSet::new();
    for l in lines {
        if let Some(c) = node.captures(l) {
            let text = c.get(2).or(c.get(3)).or(c.get(4)).unwrap().as_str();
            let i = ids.len();
            assert_eq!(&c[1], format!("n{i}"), "{what}");
            assert_eq!(
                decode(text),
                drawable(nodes[i]["label"].as_str().unwrap()),
                "{what}: node {i}"
            );
            ids.push(c[1].to_owned());
        } else if let Some(c) = edge.captures(l) {
            edges.push((
                c[1].to_owned(),
                c.get(2).map(|m| decode(m.as_str())),
                c[3].to_owned(),
            ));
        } else if let Some(c) = classdef.captures(l) {
            classes.insert(c[1].to_owned());
        } else if let Some(c) = class.captures(l) {
            for n in c[1].split(',') {
                assert!(ids.contains(&n.to_owned()), "{what}: class of {n}");
            }
            used_classes.insert(c[2].to_owned());
        } else if let Some(c) = link.captures(l) {
            for i in c[1].split(',') {
                assert!(
                    i.parse::<usize>().unwrap() < edges.len(),
                    "{what}: linkStyle {i}"
                );
            }
        } else {
            panic!("{what}: unexpected line {l:?}");
        }
    }
    assert_eq!(ids.len(), nodes.len(), "{what}");
    assert_eq!(edges.len(), links.len(), "{what}");
    let positions: std::collections::HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n["id"].as_str().unwrap(), i))
        .collect();
    let index = |id: &Value| positions[id.as_str().unwrap()];
    for ((s, label, t), l) in edges.iter().zip(links) {
        assert_eq!(s, &format!("n{}", index(&l["source"])), "{what}");
        assert_eq!(t, &format!("n{}", index(&l["target"])), "{what}");
        let expected = match l["kind"].as_str() {
            Some("typed" | "related") => Some(drawable(l["label"].as_str().unwrap())),
            _ => None,
        };
        assert_eq!(label, &expected, "{what}: {l}");
    }
    assert!(
        used_classes.is_subset(&classes),
        "{what}: {used_classes:?} ⊄ {classes:?}"
    );
}

#[test]
fn every_wiki_and_subgraph_reads_back_exactly() {
    let adv = adversarial();
    let mut cases: Vec<(std::path::PathBuf, Vec<&str>)> = Vec::new();
    for w in wikis() {
        cases.push((w, vec![]));
    }
    cases.push((adv.path().to_path_buf(), vec![]));
    cases.push((
        adv.path().to_path_buf(),
        vec!["--from", "index", "--depth", "1"],
    ));
    cases.push((
        root().join("wiki"),
        vec!["--from", "WeChat", "--depth", "2", "--no-mentions"],
    ));
    for (wiki, filter) in &cases {
        let g = graph_json(wiki, filter);
        let mut args = vec!["--format", "mermaid"];
        args.extend_from_slice(filter);
        let mmd = String::from_utf8(export(wiki, &args)).unwrap();
        check(&mmd, &g, &format!("{} {filter:?}", name(wiki)));
    }
}

#[test]
fn keywords_never_reach_ids_and_the_centre_is_marked() {
    let adv = adversarial();
    let mmd = String::from_utf8(export(
        adv.path(),
        &["--format", "mermaid", "--from", "end"],
    ))
    .unwrap();
    let id = Regex::new(r"^  (\S+)[(\[>]").unwrap();
    let safe = Regex::new(r"^n\d+$").unwrap();
    for l in mmd.lines() {
        if let Some(c) = id.captures(l) {
            assert!(safe.is_match(&c[1]), "{l}");
        }
    }
    let g = graph_json(adv.path(), &["--from", "end"]);
    let end = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n["id"] == "end")
        .unwrap();
    assert!(
        mmd.lines().any(|l| l == format!("  class n{end} focus")),
        "{mmd}"
    );
}

#[test]
fn large_graphs_get_a_warning() {
    let Some(corpus) = corpora().into_iter().next() else {
        return;
    };
    let out = assert_cmd::Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(&corpus)
        .args(["export", "--format", "mermaid"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("GitHub renders Mermaid diagrams of at most 500")
    );
}
