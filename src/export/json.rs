//! Node-link JSON (`graph.json`), as networkx's `node_link_graph(data,
//! edges="links")` and d3 read it. This is the machine contract: its field
//! names do not change.

use crate::graph::{NodeKind, WikiGraph};
use foldhash::HashMap;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::BTreeMap;
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

/// A node as graph.json writes it (also used by reports such as `show`).
#[derive(Debug, Serialize)]
pub struct NodeRecord<'a> {
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
    /// Left out when the page has none, so that graph.json of a wiki
    /// without attachments stays as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    attachments: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_updated: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<&'a crate::page::Properties>,
}

/// A link as graph.json writes it (also used by reports such as `show`).
#[derive(Debug, Serialize)]
pub struct LinkRecord<'a> {
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

impl<'a> NodeRecord<'a> {
    /// The record of node `n`.
    pub fn new(g: &'a WikiGraph, n: NodeIndex) -> Self {
        let node = &g.graph[n];
        let p = node.page.as_deref();
        NodeRecord {
            id: &node.id,
            label: &node.label,
            kind: node.kind.as_str(),
            page_type: node.page_type(),
            path: p.map(|p| p.path.as_str()),
            aliases: p.map(|p| p.aliases.as_slice()),
            tags: p.map(|p| p.tags.as_slice()),
            sources: p.map(|p| p.sources.as_slice()),
            attachments: p
                .map(|p| p.attachments.as_slice())
                .filter(|a| !a.is_empty()),
            last_updated: p.map(|p| p.last_updated.as_deref()),
            properties: p.map(|p| &p.properties),
        }
    }
}

impl<'a> LinkRecord<'a> {
    /// The record of edge `e`, whose `key` is its index among the edges with
    /// the same source and target (see [`link_key`]).
    pub fn new(g: &'a WikiGraph, e: EdgeIndex, key: u32) -> Option<Self> {
        let (s, t) = g.graph.edge_endpoints(e)?;
        let edge = &g.graph[e];
        let rel = g.relation(edge.relation);
        Some(LinkRecord {
            source: &g.graph[s].id,
            target: &g.graph[t].id,
            key,
            relation: &rel.key,
            label: &rel.label,
            kind: rel.kind,
            note: g.note(edge),
            file: g.edge_file(e),
            line: edge.line,
            count: edge.count,
        })
    }
}

impl LinkRecord<'_> {
    /// Source node id.
    pub fn source(&self) -> &str {
        self.source
    }
    /// Target node id.
    pub fn target(&self) -> &str {
        self.target
    }
    /// Label as written.
    pub fn label(&self) -> &str {
        self.label
    }
    /// The note, if any.
    pub fn note(&self) -> Option<&str> {
        self.note
    }
    /// File the edge was written in.
    pub fn file(&self) -> &str {
        self.file
    }
    /// Line it was written on.
    pub fn line(&self) -> u32 {
        self.line
    }
}

/// The `key` graph.json gives edge `e`: how many edges with the same source
/// and target come before it. O(degree).
pub fn link_key(g: &WikiGraph, e: EdgeIndex) -> u32 {
    let Some((s, t)) = g.graph.edge_endpoints(e) else {
        return 0;
    };
    g.graph
        .edges_connecting(s, t)
        .filter(|x| x.id() < e)
        .count() as u32
}

/// The `key` of every edge, by edge index: how many edges with the same
/// source and target come before it.
pub fn link_keys(g: &WikiGraph) -> Vec<u32> {
    keys_by_runs(g).unwrap_or_else(|| link_keys_by_pair(g))
}

/// [`link_keys`] counted run by run: a page's edges come in one run, so
/// each run is counted with a small table of its own targets rather than
/// one table of every pair in the wiki (millions, most of them looked up
/// once). `None` when a source comes back after its run.
fn keys_by_runs(g: &WikiGraph) -> Option<Vec<u32>> {
    let gr = &g.graph;
    let mut keys = Vec::with_capacity(gr.edge_count());
    let mut done = vec![false; gr.node_count()];
    let mut run: HashMap<u32, u32> = HashMap::default();
    let mut source = None;
    for e in gr.edge_references() {
        let s = e.source();
        if source != Some(s) {
            if let Some(prev) = source {
                done[prev.index()] = true;
            }
            if done[s.index()] {
                return None;
            }
            source = Some(s);
            run.clear();
        }
        let k = run.entry(e.target().index() as u32).or_insert(0);
        keys.push(*k);
        *k += 1;
    }
    Some(keys)
}

/// [`link_keys`] with one table of every (source, target) pair.
fn link_keys_by_pair(g: &WikiGraph) -> Vec<u32> {
    let mut seen: HashMap<(u32, u32), u32> = HashMap::default();
    g.graph
        .edge_references()
        .map(|e| {
            let k = seen
                .entry((e.source().index() as u32, e.target().index() as u32))
                .or_insert(0);
            *k += 1;
            *k - 1
        })
        .collect()
}

/// Streams the graph as node-link JSON, one node or link per line.
pub fn write(g: &WikiGraph, w: &mut dyn Write) -> io::Result<()> {
    let gr = &g.graph;
    let count = |k: NodeKind| gr.node_weights().filter(|n| n.kind == k).count();
    let relations = g.edges_per_relation_key();
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
    super::records(w, gr.node_count(), |buf, i| {
        buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        serde_json::to_writer(&mut *buf, &NodeRecord::new(g, NodeIndex::new(i)))?;
        Ok(())
    })?;
    w.write_all(b"\n  ],\n  \"links\": [")?;
    let keys = link_keys(g);
    super::records(w, gr.edge_count(), |buf, i| {
        let key = keys.get(i).copied().unwrap_or(0);
        if let Some(out) = LinkRecord::new(g, EdgeIndex::new(i), key) {
            buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            serde_json::to_writer(&mut *buf, &out)?;
        }
        Ok(())
    })?;
    w.write_all(b"\n  ]\n}\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::SourcePage;
    use crate::page::ParseOptions;
    use crate::vocab::Vocabulary;
    use petgraph::graph::NodeIndex;

    proptest::proptest! {
        #[test]
        fn keys_counted_by_runs_agree_with_keys_by_pair(
            extra in proptest::collection::vec((0usize..3, 0usize..4), 0..12)
        ) {
            let page = |id: &str, text: &str| SourcePage::from_text(id, text, &ParseOptions::default());
            let with_links = || WikiGraph::build(
                vec![
                    page("a", "[[b]] [[c]] [[b]]\n## Connections\n- **Uses**: [[b]], [[b]]"),
                    page("b", "[[a]] [[c]]"),
                    page("c", ""),
                ],
                &Vocabulary::builtin(),
                None,
            );
            let weight = with_links().graph.edge_weights().next().cloned();
            let Some(weight) = weight else {
                return Err(proptest::test_runner::TestCaseError::fail("no edge"));
            };
            // Edges added source by source: counted by runs.
            let mut sorted = extra.clone();
            sorted.sort_by_key(|&(s, _)| s);
            let mut runs = WikiGraph::build(
                vec![page("a", ""), page("b", ""), page("c", "")],
                &Vocabulary::builtin(),
                None,
            );
            let n = runs.graph.node_count();
            for &(s, t) in &sorted {
                runs.graph.add_edge(NodeIndex::new(s), NodeIndex::new(t % n), weight.clone());
            }
            let by_runs = keys_by_runs(&runs);
            proptest::prop_assert!(by_runs.is_some());
            proptest::prop_assert_eq!(by_runs, Some(link_keys_by_pair(&runs)));
            // In any order: a source may come back after its run.
            let mut g = with_links();
            let n = g.graph.node_count();
            for (s, t) in extra {
                g.graph.add_edge(NodeIndex::new(s), NodeIndex::new(t % n), weight.clone());
            }
            if let Some(keys) = keys_by_runs(&g) {
                proptest::prop_assert_eq!(&keys, &link_keys_by_pair(&g));
            }
            proptest::prop_assert_eq!(link_keys(&g), link_keys_by_pair(&g));
        }
    }

    #[test]
    fn repeated_pairs_are_numbered_in_edge_order() {
        let g = WikiGraph::build(
            vec![
                SourcePage::from_text(
                    "a",
                    "## Connections\n- **Uses**: [[b]], [[b]]\n- **Feeds**: [[b]]",
                    &ParseOptions::default(),
                ),
                SourcePage::from_text("b", "", &ParseOptions::default()),
            ],
            &Vocabulary::builtin(),
            None,
        );
        assert_eq!(link_keys(&g), [0, 1, 2]);
    }
}
