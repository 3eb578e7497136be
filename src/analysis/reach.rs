//! Reachability: breadth-first search from one node, bounded by depth,
//! filtered by relation and node kind, following edges as written, against
//! them, or both ways. Every node reached gets its distance and the edges of
//! one shortest path (the first found in edge order, so results are
//! deterministic).

use crate::graph::{NodeKind, WikiGraph};
use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, VecDeque};

/// Which way edges are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Walk {
    /// As written: source to target.
    #[default]
    Out,
    /// Against: target to source (backlinks).
    In,
    /// Both ways.
    Both,
}

/// What a search follows.
#[derive(Debug, Clone, Default)]
pub struct ReachOptions {
    /// Greatest distance, `None` for no bound.
    pub depth: Option<u32>,
    /// Relation keys to follow; empty follows every relation.
    pub relations: BTreeSet<String>,
    /// Direction.
    pub walk: Walk,
    /// Also reach (and pass through) missing nodes.
    pub include_missing: bool,
}

/// A node reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The node.
    pub node: NodeIndex,
    /// Number of edges on a shortest path.
    pub distance: u32,
    /// The edges of one shortest path, from the start.
    pub path: Vec<EdgeIndex>,
}

impl ReachOptions {
    /// True when the search may step over edge `e`.
    pub fn follows(&self, g: &WikiGraph, e: EdgeIndex) -> bool {
        self.relations.is_empty()
            || self
                .relations
                .contains(&g.relation(g.graph[e].relation).key)
    }

    /// True when the search may visit node `n`.
    pub fn visits(&self, g: &WikiGraph, n: NodeIndex) -> bool {
        self.include_missing || g.graph[n].kind != NodeKind::Missing
    }
}

/// Every node reachable from `from` (not `from` itself), in BFS order.
pub fn reach(g: &WikiGraph, from: NodeIndex, opts: &ReachOptions) -> Vec<Reached> {
    let gr = &g.graph;
    let mut parent: Vec<Option<EdgeIndex>> = vec![None; gr.node_count()];
    let mut dist: Vec<u32> = vec![u32::MAX; gr.node_count()];
    dist[from.index()] = 0;
    let mut queue = VecDeque::from([from]);
    let mut order = Vec::new();
    let dirs: &[Direction] = match opts.walk {
        Walk::Out => &[Direction::Outgoing],
        Walk::In => &[Direction::Incoming],
        Walk::Both => &[Direction::Outgoing, Direction::Incoming],
    };
    while let Some(n) = queue.pop_front() {
        let d = dist[n.index()];
        if opts.depth.is_some_and(|max| d >= max) {
            continue;
        }
        for &dir in dirs {
            // petgraph lists a node's edges newest first; reverse for the
            // order in which they were written.
            let mut edges: Vec<_> = gr.edges_directed(n, dir).collect();
            edges.reverse();
            for e in edges {
                let next = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                if dist[next.index()] != u32::MAX
                    || !opts.follows(g, e.id())
                    || !opts.visits(g, next)
                {
                    continue;
                }
                dist[next.index()] = d + 1;
                parent[next.index()] = Some(e.id());
                order.push(next);
                queue.push_back(next);
            }
        }
    }
    order
        .into_iter()
        .map(|n| {
            let mut path = Vec::new();
            let mut at = n;
            while let Some(e) = parent[at.index()] {
                path.push(e);
                let Some((s, t)) = gr.edge_endpoints(e) else {
                    break;
                };
                at = if t == at { s } else { t };
            }
            path.reverse();
            Reached {
                node: n,
                distance: dist[n.index()],
                path,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::SourcePage;
    use crate::page::ParseOptions;
    use crate::vocab::Vocabulary;

    fn graph(list: &[(&str, &str)]) -> WikiGraph {
        let pages = list
            .iter()
            .map(|(id, text)| SourcePage::from_text(id, text, &ParseOptions::default()))
            .collect();
        WikiGraph::build(pages, &Vocabulary::builtin(), None)
    }

    fn ids(g: &WikiGraph, r: &[Reached]) -> Vec<(String, u32)> {
        r.iter()
            .map(|x| (g.graph[x.node].id.clone(), x.distance))
            .collect()
    }

    fn chain() -> WikiGraph {
        graph(&[
            ("a", "## Connections\n- **Flows to**: [[b]]\n[[gone]]"),
            (
                "b",
                "## Connections\n- **Flows to**: [[c]]\n- **Complements**: [[a]]",
            ),
            ("c", "[[c]] links itself"),
            ("d", "[[a]]"),
        ])
    }

    #[test]
    fn forward_with_depth_and_relation() {
        let g = chain();
        let a = g.lookup("a");
        let crate::graph::Lookup::Found(a) = a else {
            panic!()
        };
        let all = reach(&g, a, &ReachOptions::default());
        assert_eq!(ids(&g, &all), [("b".into(), 1), ("c".into(), 2)]);
        let one = reach(
            &g,
            a,
            &ReachOptions {
                depth: Some(1),
                ..Default::default()
            },
        );
        assert_eq!(ids(&g, &one), [("b".into(), 1)]);
        let with_missing = reach(
            &g,
            a,
            &ReachOptions {
                include_missing: true,
                ..Default::default()
            },
        );
        assert_eq!(with_missing.len(), 3);
        let only_complements = reach(
            &g,
            a,
            &ReachOptions {
                relations: ["complements".to_owned()].into(),
                ..Default::default()
            },
        );
        assert!(only_complements.is_empty());
    }

    #[test]
    fn backward_and_both_with_paths() {
        let g = chain();
        let crate::graph::Lookup::Found(c) = g.lookup("c") else {
            panic!()
        };
        let back = reach(
            &g,
            c,
            &ReachOptions {
                walk: Walk::In,
                ..Default::default()
            },
        );
        assert_eq!(
            ids(&g, &back),
            [("b".into(), 1), ("a".into(), 2), ("d".into(), 3)]
        );
        let path: Vec<&str> = back[2]
            .path
            .iter()
            .map(|e| g.relation(g.graph[*e].relation).key.as_str())
            .collect();
        assert_eq!(path, ["flows_to", "flows_to", "mentions"]);
        let crate::graph::Lookup::Found(d) = g.lookup("d") else {
            panic!()
        };
        let both = reach(
            &g,
            d,
            &ReachOptions {
                walk: Walk::Both,
                depth: Some(2),
                ..Default::default()
            },
        );
        assert_eq!(ids(&g, &both), [("a".into(), 1), ("b".into(), 2)]);
    }
}
