//! Node-link JSON (`graph.json`), as networkx's `node_link_graph(data,
//! edges="links")` and d3 read it. This is the machine contract: its field
//! names do not change.

use crate::graph::{NodeKind, WikiGraph};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

#[derive(Serialize)]
struct Header<'a> {
    pages: usize,
    nodes: usize,
    edges: usize,
    missing: usize,
    unlinked: usize,
    citations: usize,
    relations: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'static str,
    #[serde(rename = "type")]
    page_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aliases: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_updated: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<&'a BTreeMap<String, String>>,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    source: &'a str,
    target: &'a str,
    key: u32,
    relation: &'a str,
    label: &'a str,
    kind: crate::graph::EdgeKind,
    note: Option<&'a str>,
    file: &'a str,
    line: u32,
    count: u32,
}

/// Streams the graph as node-link JSON, one node or link per line.
pub fn write(g: &WikiGraph, w: &mut dyn Write) -> io::Result<()> {
    let gr = &g.graph;
    let count = |k: NodeKind| gr.node_weights().filter(|n| n.kind == k).count();
    let mut relations = BTreeMap::new();
    for e in gr.edge_weights() {
        *relations
            .entry(g.relation(e.relation).key.as_str())
            .or_insert(0) += 1;
    }
    let header = Header {
        pages: g.page_count,
        nodes: gr.node_count(),
        edges: gr.edge_count(),
        missing: count(NodeKind::Missing),
        unlinked: count(NodeKind::Unlinked),
        citations: count(NodeKind::Citation),
        relations,
    };
    w.write_all(b"{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": ")?;
    serde_json::to_writer(&mut *w, &header)?;
    w.write_all(b",\n  \"nodes\": [")?;
    for (i, n) in gr.node_weights().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let p = n.page.as_deref();
        let out = NodeOut {
            id: &n.id,
            label: &n.label,
            kind: n.kind.as_str(),
            page_type: n.page_type(),
            path: p.map(|p| p.path.as_str()),
            aliases: p.map(|p| p.aliases.as_slice()),
            tags: p.map(|p| p.tags.as_slice()),
            sources: p.map(|p| p.sources.as_slice()),
            last_updated: p.map(|p| p.last_updated.as_deref()),
            properties: p.map(|p| &p.properties),
        };
        serde_json::to_writer(&mut *w, &out)?;
    }
    w.write_all(b"\n  ],\n  \"links\": [")?;
    let mut keys: HashMap<(u32, u32), u32> = HashMap::new();
    for (i, e) in gr.edge_indices().enumerate() {
        let Some((s, t)) = gr.edge_endpoints(e) else {
            continue;
        };
        let key = keys
            .entry((s.index() as u32, t.index() as u32))
            .or_insert(0);
        let edge = &gr[e];
        let rel = g.relation(edge.relation);
        let out = LinkOut {
            source: &gr[s].id,
            target: &gr[t].id,
            key: *key,
            relation: &rel.key,
            label: &rel.label,
            kind: rel.kind,
            note: edge.note.as_deref(),
            file: g.edge_file(e),
            line: edge.line,
            count: edge.count,
        };
        *key += 1;
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *w, &out)?;
    }
    w.write_all(b"\n  ]\n}\n")?;
    Ok(())
}
