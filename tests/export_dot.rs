//! DOT against Graphviz itself: every wiki (the sample, the fixtures, the
//! adversarial wiki and every corpus) renders with `dot -Tsvg` with nothing
//! on stderr, in each layout option; and what Graphviz draws for each node
//! and edge is exactly the title and relation label written in the wiki.
//!
//! Needs Graphviz (`dot`): in CI its absence fails; elsewhere the tests say
//! they skipped.

#[path = "support/common.rs"]
mod common;

use common::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use wikigraph::export::dot::{WRAP, wrap};

fn graphviz() -> bool {
    available("dot", &["-V"], "apt-get install graphviz")
}

/// Renders DOT to SVG; fails on any exit status or stderr output.
fn renders(what: &str, dot: &[u8]) {
    let (ok, svg, err) = pipe("dot", &["-Tsvg"], dot);
    assert!(ok && err.is_empty(), "{what}: dot -Tsvg said:\n{err}");
    assert!(svg.starts_with(b"<?xml"), "{what}: no SVG");
}

#[test]
fn every_wiki_renders_without_a_warning() {
    if !graphviz() {
        return;
    }
    let adv = adversarial();
    let mut wikis = wikis();
    wikis.push(adv.path().to_path_buf());
    for wiki in &wikis {
        renders(&name(wiki), &export(wiki, &["--format", "dot"]));
    }
}

#[test]
fn every_layout_option_renders_without_a_warning() {
    if !graphviz() {
        return;
    }
    let adv = adversarial();
    let options: &[&[&str]] = &[
        &["--cluster-by", "folder"],
        &["--cluster-by", "type"],
        &["--rankdir", "TB"],
        &["--rankdir", "bt", "--no-legend"],
        &["--layout", "dot", "--edge-labels", "all"],
        &["--layout", "sfdp"],
        &["--from", "WeChat", "--depth", "2"],
        &["--from", "WeChat", "--no-mentions", "--cluster-by", "type"],
    ];
    for wiki in [root().join("wiki").as_path(), adv.path()] {
        for opts in options {
            let mut args = vec!["--format", "dot"];
            if wiki == adv.path() && opts.contains(&"WeChat") {
                args.extend(
                    opts.iter()
                        .map(|o| if *o == "WeChat" { "index" } else { o }),
                );
            } else {
                args.extend_from_slice(opts);
            }
            renders(&format!("{} {opts:?}", name(wiki)), &export(wiki, &args));
        }
    }
    // A neighbourhood inside a corpus, in folders (the whole corpus is too
    // large for dot's clusters: auto picks sfdp there).
    for wiki in corpora() {
        let g = graph_json(&wiki, &[]);
        let first = g["nodes"][0]["id"].as_str().unwrap().to_owned();
        let dot = export(
            &wiki,
            &[
                "--format",
                "dot",
                "--from",
                &first,
                "--cluster-by",
                "folder",
            ],
        );
        renders(&format!("{} --from {first}", name(&wiki)), &dot);
    }
}

/// Reverses `quote_id` on the name Graphviz reports (it has already turned
/// `\"` into `"`; `\\`, `\n` and `\u{…}` are still escaped).
fn decode_id(name: &str) -> String {
    let mut out = String::new();
    let mut cs = name.chars().peekable();
    while let Some(c) = cs.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match cs.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('u') => {
                let hex: String = cs.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("unexpected escape \\{other:?} in {name:?}"),
        }
    }
    out
}

fn drawn_text(o: &Value) -> Vec<String> {
    o["_ldraw_"]
        .as_array()
        .map(|ops| {
            ops.iter()
                .filter(|op| op["op"] == "T")
                .map(|op| op["text"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn check_drawn(wiki: &Path, layout: &str) {
    let g = graph_json(wiki, &[]);
    let dot = export(wiki, &["--format", "dot", "--layout", layout]);
    let (ok, json, err) = pipe("dot", &["-Tjson"], &dot);
    assert!(ok && err.is_empty(), "{err}");
    let drawn: Value = serde_json::from_slice(&json).unwrap();
    let labels: HashMap<&str, &str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n["label"].as_str().unwrap()))
        .collect();
    let objects = drawn["objects"].as_array().unwrap();
    let mut by_gvid: HashMap<u64, String> = HashMap::new();
    let mut seen = 0;
    for o in objects {
        let name = o["name"].as_str().unwrap();
        if name.starts_with("cluster_") || name == "/legend" {
            continue;
        }
        let id = decode_id(name);
        let label = labels
            .get(id.as_str())
            .unwrap_or_else(|| panic!("drawn node {name:?} ({id:?}) is no wiki node"));
        // What DOT can draw: tabs become spaces, other control characters go.
        let drawable: String = label
            .chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                '\n' => Some('\n'),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        let expected: Vec<String> = wrap(&drawable, WRAP)
            .split('\n')
            .map(str::to_owned)
            .collect();
        assert_eq!(drawn_text(o), expected, "node {id:?}");
        by_gvid.insert(o["_gvid"].as_u64().unwrap(), id);
        seen += 1;
    }
    assert_eq!(seen, labels.len(), "every node drawn once");
    // Graphviz lists edges in its own order: compare them as sorted lists.
    let mut expected: Vec<(String, String, Vec<String>)> = g["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let text = match l["kind"].as_str() {
                // Mentions and citations are told apart by style, not label.
                Some("typed" | "related") => vec![l["label"].as_str().unwrap().to_owned()],
                _ => vec![],
            };
            (
                l["source"].as_str().unwrap().to_owned(),
                l["target"].as_str().unwrap().to_owned(),
                text,
            )
        })
        .collect();
    let mut got: Vec<(String, String, Vec<String>)> = drawn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                by_gvid[&e["tail"].as_u64().unwrap()].clone(),
                by_gvid[&e["head"].as_u64().unwrap()].clone(),
                drawn_text(e),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn adversarial_titles_and_ids_are_drawn_exactly() {
    if !graphviz() {
        return;
    }
    let adv = adversarial();
    // Both engines, so the check does not depend on one layout's choices.
    check_drawn(adv.path(), "dot");
    check_drawn(adv.path(), "sfdp");
    check_drawn(&root().join("wiki"), "dot");
    let dot = String::from_utf8(export(adv.path(), &["--format", "dot"])).unwrap();
    assert!(
        dot.contains("fontname=\"Noto Sans CJK SC\""),
        "CJK font for CJK titles"
    );
    let latin = String::from_utf8(export(
        &root().join("tests/fixtures/forms/wiki"),
        &["--format", "dot"],
    ))
    .unwrap();
    assert!(
        latin.contains("fontname=\"Helvetica\""),
        "no CJK font without CJK text"
    );
}

#[test]
fn legend_lists_what_the_diagram_holds() {
    if !graphviz() {
        return;
    }
    let wiki = root().join("tests/fixtures/small/wiki");
    let dot = export(&wiki, &["--format", "dot", "--layout", "dot"]);
    let (ok, json, err) = pipe("dot", &["-Tjson"], &dot);
    assert!(ok, "{err}");
    let drawn: Value = serde_json::from_slice(&json).unwrap();
    let legend = drawn["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "/legend")
        .expect("a legend");
    let text = drawn_text(legend);
    for item in [
        "concept",
        "entity",
        "source",
        "missing page",
        "plain-text target",
        "citation",
        "Complements",
        "Flows to",
        "Compared to",
        "Part of",
        "Competes with",
        "cites",
        "mentions",
    ] {
        assert!(
            text.iter().any(|t| t == item),
            "legend lacks {item}: {text:?}"
        );
    }
    assert!(
        !text.iter().any(|t| t == "related (unlabelled)"),
        "only what is present"
    );
    let none = export(&wiki, &["--format", "dot", "--no-legend"]);
    assert!(!String::from_utf8(none).unwrap().contains("/legend"));
}
