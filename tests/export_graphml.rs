//! GraphML: the document is what the GraphML 1.0 schema asks for (checked
//! structurally with quick-xml: namespace, schemaLocation, typed keys
//! declared before use, XML name-token ids, unique edge ids, edges between
//! declared nodes, integer values), and networkx and igraph load every wiki
//! (the sample, the fixtures, the adversarial wiki, every corpus) with the
//! graph.json counts and exactly its attribute values
//! (`tests/support/graphml_check.py`).
//!
//! The networkx/igraph check needs python3 with both libraries: in CI their
//! absence fails; elsewhere the test says it skipped.

#[path = "support/common.rs"]
mod common;

use common::*;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";
const TYPES: [&str; 6] = ["boolean", "int", "long", "float", "double", "string"];

/// XML 1.0 `Nmtoken`, for the characters wikigraph writes.
fn nmtoken(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':'))
}

#[derive(Default)]
struct Doc {
    nodes: Vec<BTreeMap<String, String>>,
    edges: Vec<(String, String, BTreeMap<String, String>)>,
    node_attrs: Vec<BTreeMap<String, String>>,
    edge_attrs: Vec<BTreeMap<String, String>>,
}

/// Parses and checks the structure; returns the values by attribute name.
fn parse(xml: &str, what: &str) -> Doc {
    let mut r = Reader::from_str(xml);
    let mut doc = Doc::default();
    // key id -> (domain, name, type)
    let mut keys: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut names: BTreeSet<(String, String)> = BTreeSet::new();
    let mut node_ids: BTreeSet<String> = BTreeSet::new();
    let mut edge_ids: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    let mut current_key: Option<String> = None;
    let mut text = String::new();
    let mut seen_graph = false;
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.name().as_ref().to_owned();
                let attrs: BTreeMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.as_ref().to_owned(),
                            a.normalized_value(XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                let parent = stack.last().cloned().unwrap_or_default();
                match name.as_str() {
                    "graphml" => {
                        assert!(stack.is_empty(), "{what}: graphml is the root");
                        assert_eq!(attrs.get("xmlns").map(String::as_str), Some(NS), "{what}");
                        assert_eq!(
                            attrs.get("xmlns:xsi").map(String::as_str),
                            Some("http://www.w3.org/2001/XMLSchema-instance"),
                            "{what}: xsi declared for schemaLocation"
                        );
                        let loc = &attrs["xsi:schemaLocation"];
                        assert!(
                            loc.starts_with(&format!(
                                "{NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
                            )),
                            "{what}: schemaLocation {loc}"
                        );
                        if attrs.contains_key("xmlns:y") {
                            assert!(loc.contains("http://www.yworks.com/xml/graphml "), "{what}");
                        }
                    }
                    "key" => {
                        assert_eq!(parent, "graphml", "{what}: keys belong to graphml");
                        assert!(!seen_graph, "{what}: keys come before the graph");
                        let id = attrs["id"].clone();
                        assert!(nmtoken(&id), "{what}: key id {id:?}");
                        let domain = attrs["for"].clone();
                        assert!(domain == "node" || domain == "edge", "{what}: for={domain}");
                        if let Some(yfiles) = attrs.get("yfiles.type") {
                            assert!(yfiles.ends_with("graphics"), "{what}");
                            keys.insert(id, (domain, String::new(), "yfiles".into()));
                            continue_key(&mut stack, &ev, &name);
                            continue;
                        }
                        let an = attrs["attr.name"].clone();
                        assert!(nmtoken(&an), "{what}: attr.name {an:?}");
                        let ty = attrs["attr.type"].clone();
                        assert!(TYPES.contains(&ty.as_str()), "{what}: attr.type {ty}");
                        assert!(
                            names.insert((domain.clone(), an.clone())),
                            "{what}: attr.name {an} declared twice for {domain}"
                        );
                        assert!(
                            keys.insert(id.clone(), (domain, an, ty)).is_none(),
                            "{what}: key {id} twice"
                        );
                    }
                    "graph" => {
                        assert_eq!(parent, "graphml", "{what}");
                        assert_eq!(attrs["edgedefault"], "directed", "{what}");
                        seen_graph = true;
                    }
                    "node" => {
                        assert_eq!(parent, "graph", "{what}");
                        let id = attrs["id"].clone();
                        assert!(nmtoken(&id), "{what}: node id {id:?}");
                        assert!(node_ids.insert(id), "{what}: node ids are unique");
                        assert!(attrs["labels"].starts_with(':'), "{what}: APOC labels");
                        doc.nodes.push(BTreeMap::new());
                        doc.node_attrs.push(attrs.clone());
                    }
                    "edge" => {
                        assert_eq!(parent, "graph", "{what}");
                        let id = attrs["id"].clone();
                        assert!(nmtoken(&id), "{what}: edge id {id:?}");
                        assert!(edge_ids.insert(id), "{what}: edge ids are unique");
                        for end in ["source", "target"] {
                            assert!(
                                node_ids.contains(&attrs[end]),
                                "{what}: edge {end} {} is a node written before it",
                                attrs[end]
                            );
                        }
                        let ty = &attrs["label"];
                        assert!(
                            !ty.is_empty() && ty.chars().all(|c| !c.is_lowercase() && (c.is_alphanumeric() || c == '_')),
                            "{what}: relationship type {ty:?} is UPPER_SNAKE"
                        );
                        doc.edges.push((
                            attrs["source"].clone(),
                            attrs["target"].clone(),
                            BTreeMap::new(),
                        ));
                        doc.edge_attrs.push(attrs.clone());
                    }
                    "data" => {
                        assert!(
                            parent == "node" || parent == "edge",
                            "{what}: data in {parent}"
                        );
                        let k = attrs["key"].clone();
                        let (domain, _, _) = keys
                            .get(&k)
                            .unwrap_or_else(|| panic!("{what}: data key {k} is not declared"));
                        assert_eq!(domain, &parent, "{what}: key {k} is for {domain}");
                        current_key = Some(k);
                        text.clear();
                    }
                    other => {
                        assert!(
                            other.starts_with("y:"),
                            "{what}: unexpected element {other}"
                        );
                    }
                }
                continue_key(&mut stack, &ev, &name);
            }
            Event::Text(t)
                if current_key.is_some() && stack.last().map(String::as_str) == Some("data") =>
            {
                text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(g)
                if current_key.is_some() && stack.last().map(String::as_str) == Some("data") =>
            {
                let name = g.xml10_content();
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    n => {
                        let code = n
                            .strip_prefix("#x")
                            .map(|h| u32::from_str_radix(h, 16).unwrap())
                            .or_else(|| n.strip_prefix('#').map(|d| d.parse().unwrap()))
                            .unwrap_or_else(|| panic!("{what}: entity &{n};"));
                        char::from_u32(code).unwrap()
                    }
                };
                text.push(c);
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_owned();
                if name == "data"
                    && let Some(k) = current_key.take()
                {
                    let (domain, an, ty) = &keys[&k];
                    if ty == "int" {
                        text.parse::<i64>()
                            .unwrap_or_else(|_| panic!("{what}: {an}={text:?} is not an int"));
                    }
                    if ty != "yfiles" {
                        let target = if domain == "node" {
                            doc.nodes.last_mut().unwrap()
                        } else {
                            &mut doc.edges.last_mut().unwrap().2
                        };
                        assert!(
                            target.insert(an.clone(), text.clone()).is_none(),
                            "{what}: {an} twice"
                        );
                    }
                }
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "{what}");
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed elements");
    doc
}

fn continue_key(stack: &mut Vec<String>, ev: &Event<'_>, name: &str) {
    if matches!(ev, Event::Start(_)) {
        stack.push(name.to_owned());
    }
}

/// XML 1.0 drops these (see `graphml::xml_safe`).
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !((c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}')
        })
        .collect()
}

fn check_against_json(doc: &Doc, g: &Value, what: &str) {
    let nodes = g["nodes"].as_array().unwrap();
    let links = g["links"].as_array().unwrap();
    assert_eq!(doc.nodes.len(), nodes.len(), "{what}: nodes");
    assert_eq!(doc.edges.len(), links.len(), "{what}: edges");
    for (i, (got, n)) in doc.nodes.iter().zip(nodes).enumerate() {
        assert_eq!(doc.node_attrs[i]["id"], format!("n{i}"), "{what}");
        assert_eq!(
            got["wiki_id"],
            xml_safe(n["id"].as_str().unwrap()),
            "{what}"
        );
        assert_eq!(
            got["label"],
            xml_safe(n["label"].as_str().unwrap()),
            "{what}"
        );
        assert_eq!(got["kind"], n["kind"].as_str().unwrap(), "{what}");
        assert_eq!(got["labels"], doc.node_attrs[i]["labels"], "{what}");
        if n["kind"] == "page" {
            // graph.json leaves `attachments` out when a page has none.
            let joined = |k: &str| {
                n.get(k)
                    .map(|l| {
                        l.as_array()
                            .unwrap()
                            .iter()
                            .map(|v| xml_safe(v.as_str().unwrap()))
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default()
            };
            for k in ["aliases", "tags", "sources", "attachments"] {
                assert_eq!(
                    got.get(k).cloned().unwrap_or_default(),
                    joined(k),
                    "{what}: {k}"
                );
            }
            for (k, v) in n["properties"].as_object().unwrap() {
                let name: String = k
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || "-._".contains(c) {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                assert!(
                    doc.nodes[i]
                        .iter()
                        .any(|(an, val)| an.starts_with(&format!("prop_{name}"))
                            && val == &xml_safe(v.as_str().unwrap())),
                    "{what}: property {k} of {}",
                    n["id"]
                );
            }
        }
    }
    let positions: std::collections::HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n["id"].as_str().unwrap(), i))
        .collect();
    let index = |id: &Value| positions[id.as_str().unwrap()];
    for (j, ((s, t, got), l)) in doc.edges.iter().zip(links).enumerate() {
        assert_eq!(s, &format!("n{}", index(&l["source"])), "{what}");
        assert_eq!(t, &format!("n{}", index(&l["target"])), "{what}");
        assert_eq!(doc.edge_attrs[j]["id"], format!("e{j}"), "{what}");
        assert_eq!(
            got["neo4j_type"], doc.edge_attrs[j]["label"],
            "{what}: label data = label attribute"
        );
        for k in ["relation", "label", "kind", "file"] {
            assert_eq!(
                got[k],
                xml_safe(l[k].as_str().unwrap()),
                "{what}: {k} of edge {j}"
            );
        }
        for k in ["line", "count", "key"] {
            assert_eq!(got[k], l[k].to_string(), "{what}: {k} of edge {j}");
        }
        match l["note"].as_str() {
            Some(note) => assert_eq!(got["note"], xml_safe(note), "{what}"),
            None => assert!(!got.contains_key("note"), "{what}"),
        }
    }
}

fn all_wikis() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let adv = adversarial();
    let mut v = wikis();
    v.push(adv.path().to_path_buf());
    (adv, v)
}

#[test]
fn graphml_is_well_formed_and_holds_graph_json() {
    let (_adv, wikis) = all_wikis();
    for wiki in &wikis {
        let g = graph_json(wiki, &[]);
        for extra in [&[][..], &["--yed"][..]] {
            let mut args = vec!["--format", "graphml"];
            args.extend_from_slice(extra);
            let xml = String::from_utf8(export(wiki, &args)).unwrap();
            let what = format!("{} {extra:?}", name(wiki));
            let doc = parse(&xml, &what);
            check_against_json(&doc, &g, &what);
        }
    }
}

#[test]
fn neo4j_and_list_conventions() {
    let wiki = root().join("tests/fixtures/small/wiki");
    let xml = String::from_utf8(export(&wiki, &["--format", "graphml"])).unwrap();
    let doc = parse(&xml, "small");
    let alpha = doc
        .nodes
        .iter()
        .position(|n| n["wiki_id"] == "entities/Alpha")
        .unwrap();
    assert_eq!(doc.node_attrs[alpha]["labels"], ":Page:Entity");
    assert_eq!(doc.nodes[alpha]["aliases"], "Alpha App; 阿尔法");
    assert_eq!(doc.nodes[alpha]["prop_founded"], "2011");
    let holding = doc
        .nodes
        .iter()
        .position(|n| n["kind"] == "missing")
        .unwrap();
    assert_eq!(doc.node_attrs[holding]["labels"], ":Missing");
    let flows = doc
        .edges
        .iter()
        .position(|e| e.2["relation"] == "flows_to")
        .unwrap();
    assert_eq!(doc.edge_attrs[flows]["label"], "FLOWS_TO");
    assert_eq!(doc.edges[flows].2["label"], "Flows to");
    // The two typed edges Beta → Alpha are both kept, with their own keys.
    let beta_alpha: Vec<&BTreeMap<String, String>> = doc
        .edges
        .iter()
        .filter(|(s, t, _)| {
            doc.nodes[s[1..].parse::<usize>().unwrap()]["wiki_id"] == "entities/Beta"
                && doc.nodes[t[1..].parse::<usize>().unwrap()]["wiki_id"] == "entities/Alpha"
        })
        .map(|e| &e.2)
        .collect();
    assert_eq!(beta_alpha.len(), 2);
    assert_eq!(beta_alpha[0]["key"], "0");
    assert_eq!(beta_alpha[1]["key"], "1");
    // APOC reads the type from the first data value when there is no attribute.
    let first_data = xml.split("<edge ").nth(1).unwrap();
    let first = first_data.find("<data key=").unwrap();
    assert!(first_data[first..].starts_with("<data key=\"label\">"));
}

/// A page's attachments are one `attachments` value joined as the other
/// lists; the key is declared only when some node has attachments, so the
/// GraphML of a wiki (or a subgraph) without any is as it was.
#[test]
fn attachments_are_a_list_declared_only_when_used() {
    let wiki = root().join("tests/fixtures/attachments/wiki");
    let xml = String::from_utf8(export(&wiki, &["--format", "graphml"])).unwrap();
    let doc = parse(&xml, "attachments");
    let gamma = doc
        .nodes
        .iter()
        .position(|n| n["wiki_id"] == "entities/Gamma")
        .unwrap();
    assert_eq!(
        doc.nodes[gamma]["attachments"],
        "diagram.png; papers/Gamma study.pdf; img/plot.svg; R&D chart's v2.png"
    );
    assert_eq!(
        doc.nodes
            .iter()
            .filter(|n| n.contains_key("attachments"))
            .count(),
        1,
        "only the page with attachments has the value"
    );
    let declaration =
        "<key id=\"n_attachments\" for=\"node\" attr.name=\"attachments\" attr.type=\"string\"/>";
    assert_eq!(xml.matches(declaration).count(), 1, "{xml}");
    // Declared with the other lists, before `last_updated`.
    assert!(xml.find("\"n_sources\"") < xml.find(declaration));
    assert!(xml.find(declaration) < xml.find("\"n_last_updated\""));
    // Nothing of it where no node has attachments: a wiki without any, and
    // a subgraph of this one that leaves the page out.
    for (wiki, args) in [
        (
            root().join("tests/fixtures/small/wiki"),
            &["--format", "graphml"][..],
        ),
        (
            wiki.clone(),
            &["--format", "graphml", "--type", "overview"][..],
        ),
        (
            wiki.clone(),
            &["--format", "graphml", "--type", "overview", "--yed"][..],
        ),
    ] {
        let xml = String::from_utf8(export(&wiki, args)).unwrap();
        assert!(!xml.contains("attachments"), "{args:?}: {xml}");
    }
}

#[test]
fn networkx_and_igraph_load_every_wiki_exactly() {
    if !available(
        "python3",
        &["-c", "import networkx, igraph"],
        "pip install networkx python-igraph",
    ) {
        return;
    }
    let (_adv, wikis) = all_wikis();
    let script = root().join("tests/support/graphml_check.py");
    for wiki in &wikis {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("graph.json");
        std::fs::write(&json, export(wiki, &["--format", "json"])).unwrap();
        for yed in [false, true] {
            let file = dir.path().join("graph.graphml");
            let mut args = vec!["--format", "graphml"];
            if yed {
                args.push("--yed");
            }
            std::fs::write(&file, export(wiki, &args)).unwrap();
            let mut cmd = std::process::Command::new("python3");
            cmd.arg(&script).arg(&file).arg(&json);
            if yed {
                cmd.arg("--yed");
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{} (yed: {yed}):\n{}{}",
                name(wiki),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn hostile_ids_stay_distinct() {
    let adv = adversarial();
    let xml = String::from_utf8(export(adv.path(), &["--format", "graphml"])).unwrap();
    let doc = parse(&xml, "adversarial");
    let ids: Vec<&str> = doc.nodes.iter().map(|n| n["wiki_id"].as_str()).collect();
    for id in [
        "quote\"and\\back",
        "new\nline",
        "tab\tname",
        "node",
        "Graph",
        "dot escapes",
    ] {
        if cfg!(unix) || !id.contains(['"', '\\', '\n', '\t']) {
            assert!(ids.contains(&id), "{id:?} in {ids:?}");
        }
    }
}
