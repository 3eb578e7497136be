//! Snapshots (insta) of every export format for a small fixture wiki
//! (`tests/fixtures/small`), so any change to an output is a reviewed diff,
//! and of the formats that list a page's attachments for a wiki with some
//! (`tests/fixtures/attachments`); and the adversarial fixture's strings,
//! as written in its pages, found exactly in graph.json (which every other
//! format's test reads back against).

#[path = "support/common.rs"]
mod common;

use common::*;
use serde_json::Value;

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

/// A page that embeds an image and links a PDF (and more) lists them as
/// its attachments in graph.json, GraphML, JSON-LD and Cypher; pages without
/// attachments are written as in a wiki that has none.
#[test]
fn exports_of_a_wiki_with_attachments() {
    let wiki = root().join("tests/fixtures/attachments/wiki");
    for format in ["json", "graphml", "jsonld", "cypher"] {
        let out = String::from_utf8(export(&wiki, &["--format", format])).unwrap();
        insta::assert_snapshot!(format!("attachments_{format}"), out);
    }
}

/// graph.json lists a page's attachments, as written and each once, and
/// leaves the field out for a page without any, so that graph.json of a
/// wiki without attachments is as it was.
#[test]
fn graph_json_lists_attachments_only_where_there_are_some() {
    let g = graph_json(&root().join("tests/fixtures/attachments/wiki"), &[]);
    let nodes = g["nodes"].as_array().unwrap();
    let with: Vec<(&str, &Value)> = nodes
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n.get("attachments")?)))
        .collect();
    assert_eq!(
        with,
        [(
            "entities/Gamma",
            &serde_json::json!([
                "diagram.png",
                "papers/Gamma study.pdf",
                "img/plot.svg",
                "R&D chart's v2.png"
            ])
        )]
    );
    for wiki in [
        root().join("tests/fixtures/small/wiki"),
        root().join("tests/fixtures/forms/wiki"),
    ] {
        let text = String::from_utf8(export(&wiki, &["--format", "json"])).unwrap();
        assert!(!text.contains("\"attachments\""), "{}", name(&wiki));
    }
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
