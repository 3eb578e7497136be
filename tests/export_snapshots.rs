//! Snapshots (insta) of every export format for a small fixture wiki
//! (`tests/fixtures/small`), so any change to an output is a reviewed diff;
//! and the adversarial fixture's strings, as written in its pages, found
//! exactly in graph.json (which every other format's test reads back
//! against).

#[path = "support/common.rs"]
mod common;

use common::*;

fn small(args: &[&str]) -> String {
    String::from_utf8(export(&root().join("tests/fixtures/small/wiki"), args)).unwrap()
}

#[test]
fn every_format_of_the_small_wiki() {
    for format in ["json", "dot", "graphml", "jsonld", "cypher", "mermaid"] {
        insta::assert_snapshot!(format!("small_{format}"), small(&["--format", format]));
    }
    insta::assert_snapshot!(
        "small_dot_clusters",
        small(&[
            "--format",
            "dot",
            "--cluster-by",
            "folder",
            "--rankdir",
            "TB"
        ])
    );
    insta::assert_snapshot!(
        "small_graphml_yed",
        small(&["--format", "graphml", "--yed"])
    );
    insta::assert_snapshot!(
        "small_mermaid_alpha",
        small(&["--format", "mermaid", "--from", "Alpha", "--no-mentions"])
    );
}

#[test]
fn adversarial_strings_are_kept_exactly() {
    let g = graph_json(&root().join("tests/fixtures/adversarial/wiki"), &[]);
    let labels: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    for title in [
        "He said \"hi\" \\ back\\slash\\",
        "first line\nsecond line",
        "<b>bold</b> & AT&T &amp; &lt; #35; #quot;",
        "a ]] b [[ c | d `tick` ; e",
        "微信 公众号",
        "🚀 Launch 👩\u{200d}💻",
        "abc\u{202e}def\u{200f}ghi\u{2066}x\u{2069}",
        "\\N \\G \\E \\l \\r %s {x} ; -- -> <<>>",
        "node",
        "Graph",
        "subgraph",
        "digraph",
        "end",
        "Index & <Start>",
        "Nowhere \"quoted\" & <odd>",
        "Some \"plain\" <text> & more",
    ] {
        assert!(labels.contains(&title), "{title:?} in {labels:?}");
    }
    let links = g["links"].as_array().unwrap();
    let flows = links
        .iter()
        .find(|l| l["label"] == "Flows <to> & \"from\"")
        .expect("the adversarial relation label");
    assert_eq!(
        flows["note"],
        "note with \"quotes\", \\backslash, ]] and <tag>"
    );
    assert!(
        links
            .iter()
            .any(|l| l["label"] == "依存" && l["note"] == "中文の注")
    );
    assert!(links.iter().any(|l| l["label"] == "node"));
}
