//! Subgraphs: the part of the graph an export shows. A [`Filter`] keeps some
//! relations, some node types and, optionally, only the neighbourhood of one
//! node; [`subgraph`] applies it and returns an ordinary [`WikiGraph`], so
//! the exports never know that they were given a cut.
//!
//! The rules, in order:
//! 1. **Types** (`--type`): a node stays when its page type, or its kind
//!    (`page`, `missing`, `unlinked`, `citation`), is one of the types given,
//!    compared case-insensitively. The `--from` node always stays.
//! 2. **Edges** (`--relation`, `--no-mentions`, `--no-citations`): an edge
//!    stays when both its ends stayed and its relation passes. A node that had
//!    edges but loses all of them to these filters is dropped, since it was
//!    only there for them; a node that had no edge to begin with (an isolated
//!    page) stays.
//! 3. **Neighbourhood** (`--from NODE --depth N`): only the start node and
//!    what [`reach`](crate::analysis::reach::reach) finds from it within `N`
//!    steps over the edges that stayed (missing pages included), with the
//!    edges that walk crosses: those touching a node nearer than `N`. At
//!    depth 1 that is the start node's own edges, without the links among
//!    its neighbours that would hide it (as `render` draws it); with no
//!    depth bound, every edge between the nodes reached.
//!
//! Node and edge order is kept, so a cut of a graph is as deterministic as
//! the graph.

use crate::analysis::reach::{ReachOptions, Walk, reach};
use crate::graph::{EdgeKind, Node, NodeKind, RelationName, WikiGraph};
use crate::resolve::Remap;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::collections::BTreeSet;

/// The neighbourhood of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The node at the centre (an index into the graph being cut).
    pub start: NodeIndex,
    /// Greatest number of steps from `start`; `None` for no bound.
    pub depth: Option<u32>,
    /// Which way edges are followed.
    pub walk: Walk,
}

/// What a subgraph keeps. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this node's neighbourhood.
    pub from: Option<Neighbourhood>,
    /// Relation keys to keep; empty keeps every relation.
    pub relations: BTreeSet<String>,
    /// Page types or node kinds to keep, lowercase; empty keeps every node.
    pub types: BTreeSet<String>,
    /// Drop `mentions` edges.
    pub no_mentions: bool,
    /// Drop `cites` edges.
    pub no_citations: bool,
    /// Keep every page, even one that loses all its edges (rule 2 drops only
    /// other nodes then), so that a cut for `mentions = false` loses no page
    /// from the audits and keeps the pages' indices.
    pub keep_pages: bool,
}

impl Filter {
    /// True when the filter keeps the whole graph.
    pub fn is_empty(&self) -> bool {
        self.from.is_none()
            && self.relations.is_empty()
            && self.types.is_empty()
            && !self.no_mentions
            && !self.no_citations
    }

    /// True when a node passes the type filter (rule 1, without the start
    /// node exception).
    pub fn keeps_node(&self, n: &Node) -> bool {
        self.types.is_empty()
            || self.types.contains(n.kind.as_str())
            || n.page_type()
                .is_some_and(|t| self.types.contains(&t.to_lowercase()))
    }

    /// True when an edge of this relation passes the edge filters (rule 2).
    pub fn keeps_relation(&self, r: &RelationName) -> bool {
        let excluded = match r.kind {
            EdgeKind::Mentions => self.no_mentions,
            _ if r.is_citation() => self.no_citations,
            EdgeKind::Cites | EdgeKind::Typed | EdgeKind::Related => false,
        };
        !excluded && (self.relations.is_empty() || self.relations.contains(&r.key))
    }
}

/// The part of `g` that `f` keeps (see the module documentation). Returns
/// `g` itself when the filter is empty.
///
/// The result's node indices are its own. Look nodes up by name on the full
/// graph, before cutting: the name index behind [`WikiGraph::lookup`] is the
/// full graph's, so on a cut only [`WikiGraph::node_by_id`] is reliable.
pub fn subgraph(g: WikiGraph, f: &Filter) -> WikiGraph {
    if f.is_empty() {
        return g;
    }
    let start = f.from.map(|n| n.start);
    let gr = &g.graph;
    let node_ok: Vec<bool> = gr
        .node_indices()
        .map(|n| Some(n) == start || f.keeps_node(&gr[n]))
        .collect();
    let mut edge_ok = vec![false; gr.edge_count()];
    // Per node: had an edge among the nodes that passed, still has one.
    let mut had = vec![false; gr.node_count()];
    let mut has = vec![false; gr.node_count()];
    for e in gr.edge_indices() {
        let Some((s, t)) = gr.edge_endpoints(e) else {
            continue;
        };
        if !(node_ok[s.index()] && node_ok[t.index()]) {
            continue;
        }
        had[s.index()] = true;
        had[t.index()] = true;
        if f.keeps_relation(g.relation(gr[e].relation)) {
            edge_ok[e.index()] = true;
            has[s.index()] = true;
            has[t.index()] = true;
        }
    }
    let keep: Vec<bool> = (0..gr.node_count())
        .map(|i| {
            node_ok[i]
                && (has[i]
                    || !had[i]
                    || start.is_some_and(|s| s.index() == i)
                    || (f.keep_pages && gr[NodeIndex::new(i)].kind == NodeKind::Page))
        })
        .collect();
    let (cut, map) = retain(g, &keep, |e| edge_ok[e.index()]);
    let Some(nb) = f.from else {
        return cut;
    };
    let Some(centre) = map.get(nb.start.index()).copied().flatten() else {
        return cut;
    };
    let opts = ReachOptions {
        depth: nb.depth,
        relations: BTreeSet::new(),
        walk: nb.walk,
        include_missing: true,
    };
    let found = reach(&cut, centre, &opts);
    let near: Vec<bool> = cut
        .graph
        .node_indices()
        .map(|n| found.distance(n).is_some())
        .collect();
    let bound = nb.depth.unwrap_or(u32::MAX);
    let crossed: Vec<bool> = cut
        .graph
        .edge_indices()
        .map(|e| {
            cut.graph.edge_endpoints(e).is_some_and(|(s, t)| {
                match (found.distance(s), found.distance(t)) {
                    (Some(ds), Some(dt)) => nb.depth.is_none() || ds.min(dt) < bound,
                    _ => false,
                }
            })
        })
        .collect();
    drop(found);
    retain(cut, &near, |e| crossed[e.index()]).0
}

/// Keeps the nodes marked in `keep` and the edges between them that `edge`
/// accepts, in their order. Returns the new graph and, per old node index,
/// its new index.
fn retain(
    mut g: WikiGraph,
    keep: &[bool],
    edge: impl Fn(EdgeIndex) -> bool,
) -> (WikiGraph, Vec<Option<NodeIndex>>) {
    let (nodes, edges) = std::mem::take(&mut g.graph).into_nodes_edges();
    let kept = keep.iter().filter(|k| **k).count();
    let mut graph: DiGraph<_, _> = DiGraph::with_capacity(kept, edges.len());
    let mut map = Vec::with_capacity(nodes.len());
    let mut pages = 0;
    for (i, n) in nodes.into_iter().enumerate() {
        if keep.get(i).copied().unwrap_or(false) {
            pages += usize::from(n.weight.kind == NodeKind::Page);
            map.push(Some(graph.add_node(n.weight)));
        } else {
            map.push(None);
        }
    }
    for (i, e) in edges.into_iter().enumerate() {
        let ends = (map[e.source().index()], map[e.target().index()]);
        if let (Some(s), Some(t)) = ends
            && edge(EdgeIndex::new(i))
        {
            graph.add_edge(s, t, e.weight);
        }
    }
    let moved = |n: NodeIndex| map.get(n.index()).copied().flatten();
    // Links that shared a candidate list share the one it becomes.
    let mut lists = Remap::new();
    g.ambiguous = std::mem::take(&mut g.ambiguous)
        .into_iter()
        .filter_map(|mut a| {
            a.source = moved(a.source)?;
            a.candidates = lists.apply(&a.candidates, moved);
            Some(a)
        })
        .collect();
    g.graph = graph;
    g.page_count = pages;
    (g, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Lookup, SourcePage};
    use crate::page::ParseOptions;
    use crate::vocab::Vocabulary;

    fn graph(list: &[(&str, &str)]) -> WikiGraph {
        let pages = list
            .iter()
            .map(|(id, text)| SourcePage::from_text(id, text, &ParseOptions::default()))
            .collect();
        WikiGraph::build(pages, &Vocabulary::builtin(), None)
    }

    /// a → b → c (flows_to), b complements a, d mentions a, a cites a URL,
    /// a mentions a missing page, e is isolated; types: a, b entity; c concept.
    fn sample() -> WikiGraph {
        graph(&[
            (
                "a",
                "---\ntype: entity\n---\n[[gone]]\n## Sources\n- https://x.org\n## Connections\n- **Flows to**: [[b]]",
            ),
            (
                "b",
                "---\ntype: Entity\n---\n## Connections\n- **Flows to**: [[c]]\n- **Complements**: [[a]]",
            ),
            ("c", "---\ntype: concept\n---\n"),
            ("d", "[[a]]"),
            ("e", "alone"),
        ])
    }

    fn ix(g: &WikiGraph, name: &str) -> NodeIndex {
        match g.lookup(name) {
            Lookup::Found(n) => n,
            other => panic!("{name}: {other:?}"),
        }
    }

    fn nodes(g: &WikiGraph) -> Vec<&str> {
        g.graph.node_weights().map(|n| n.id.as_str()).collect()
    }

    fn edges(g: &WikiGraph) -> Vec<String> {
        g.graph
            .edge_indices()
            .map(|e| {
                let (s, t) = g.graph.edge_endpoints(e).unwrap();
                format!(
                    "{}-{}->{}",
                    g.graph[s].id,
                    g.relation(g.graph[e].relation).key,
                    g.graph[t].id
                )
            })
            .collect()
    }

    fn types(t: &[&str]) -> BTreeSet<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn empty_filter_keeps_everything() {
        let g = sample();
        let (n, e) = (nodes(&g).len(), edges(&g));
        let cut = subgraph(g, &Filter::default());
        assert_eq!(nodes(&cut).len(), n);
        assert_eq!(edges(&cut), e);
    }

    #[test]
    fn relation_filter_drops_stranded_nodes_but_not_isolated_pages() {
        let cut = subgraph(
            sample(),
            &Filter {
                relations: types(&["flows_to"]),
                ..Default::default()
            },
        );
        // d only mentioned a: stranded; e never had an edge: stays.
        assert_eq!(nodes(&cut), ["a", "b", "c", "e"]);
        assert_eq!(edges(&cut), ["a-flows_to->b", "b-flows_to->c"]);
        assert_eq!(cut.page_count, 4);
    }

    #[test]
    fn no_mentions_and_no_citations() {
        let cut = subgraph(
            sample(),
            &Filter {
                no_mentions: true,
                no_citations: true,
                ..Default::default()
            },
        );
        assert_eq!(nodes(&cut), ["a", "b", "c", "e"]);
        assert_eq!(
            edges(&cut),
            ["a-flows_to->b", "b-flows_to->c", "b-complements->a"]
        );
        let only_mentions = subgraph(
            sample(),
            &Filter {
                no_citations: true,
                ..Default::default()
            },
        );
        assert!(nodes(&only_mentions).contains(&"missing:gone"));
        assert!(
            !nodes(&only_mentions)
                .iter()
                .any(|n| n.starts_with("citation:"))
        );
    }

    #[test]
    fn keep_pages_keeps_a_page_that_only_mentioned() {
        let cut = subgraph(
            sample(),
            &Filter {
                no_mentions: true,
                keep_pages: true,
                ..Default::default()
            },
        );
        // d's only edge was a mention: it stays, with no edge; the missing
        // page only a mention reached goes.
        assert_eq!(&nodes(&cut)[..5], ["a", "b", "c", "d", "e"]);
        assert!(!nodes(&cut).contains(&"missing:gone"));
        assert!(!edges(&cut).iter().any(|e| e.contains("-mentions->")));
        assert_eq!(cut.page_count, 5);
    }

    #[test]
    fn type_filter_matches_page_types_and_kinds_case_insensitively() {
        let cut = subgraph(
            sample(),
            &Filter {
                types: types(&["entity", "missing"]),
                ..Default::default()
            },
        );
        assert_eq!(nodes(&cut), ["a", "b", "missing:gone"]);
        assert_eq!(
            edges(&cut),
            [
                "a-mentions->missing:gone",
                "a-flows_to->b",
                "b-complements->a"
            ]
        );
    }

    #[test]
    fn neighbourhood_both_ways_with_depth() {
        let g = sample();
        let a = ix(&g, "a");
        let near = |g: WikiGraph, depth, walk| {
            subgraph(
                g,
                &Filter {
                    from: Some(Neighbourhood {
                        start: a,
                        depth,
                        walk,
                    }),
                    ..Default::default()
                },
            )
        };
        let one = near(sample(), Some(1), Walk::Both);
        assert_eq!(
            nodes(&one),
            ["a", "b", "d", "missing:gone", "citation:https://x.org"]
        );
        // The start node's own edges, both ways; not b → c.
        assert_eq!(
            edges(&one),
            [
                "a-mentions->missing:gone",
                "a-cites->citation:https://x.org",
                "a-flows_to->b",
                "b-complements->a",
                "d-mentions->a"
            ]
        );
        // At depth 2 the edges touching a or its neighbours, but not those
        // between two nodes at distance 2.
        let two = near(sample(), Some(2), Walk::Both);
        assert!(edges(&two).contains(&"b-flows_to->c".to_owned()));
        let out = near(sample(), None, Walk::Out);
        assert_eq!(
            nodes(&out),
            ["a", "b", "c", "missing:gone", "citation:https://x.org"]
        );
        let back = near(sample(), None, Walk::In);
        assert_eq!(nodes(&back), ["a", "b", "d"]);
        let zero = near(g, Some(0), Walk::Both);
        assert_eq!(nodes(&zero), ["a"]);
        assert!(edges(&zero).is_empty());
    }

    #[test]
    fn neighbourhood_follows_only_kept_edges_and_keeps_its_centre() {
        let g = sample();
        let c = ix(&g, "c");
        let cut = subgraph(
            g,
            &Filter {
                from: Some(Neighbourhood {
                    start: c,
                    depth: None,
                    walk: Walk::Both,
                }),
                relations: types(&["flows_to"]),
                types: types(&["entity"]),
                ..Default::default()
            },
        );
        // c is a concept but the centre; the walk goes c ← b ← a over flows_to.
        assert_eq!(nodes(&cut), ["a", "b", "c"]);
        assert_eq!(edges(&cut), ["a-flows_to->b", "b-flows_to->c"]);
        assert_eq!(cut.node_by_id("c"), Some(NodeIndex::new(2)));
    }
}
