//! Reachability: breadth-first search from one node, bounded by depth,
//! filtered by relation and node kind, following edges as written, against
//! them, or both ways. Every node reached gets its distance and the edges of
//! one shortest path (the first found in edge order, so results are
//! deterministic). The search keeps each node's last step only, and a path
//! is made when asked for: the paths of all the nodes of a chain of pages
//! are the square of its length (20,000 pages: 11.7 GB when they were all
//! made up front).

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

/// What a search from one node reached.
#[derive(Debug, Clone)]
pub struct Reach<'g> {
    graph: &'g WikiGraph,
    /// The nodes reached (not the start), in BFS order.
    order: Vec<NodeIndex>,
    /// Distance by node; `u32::MAX` where not reached.
    dist: Vec<u32>,
    /// The last edge of each reached node's path, by node.
    parent: Vec<Option<EdgeIndex>>,
}

impl<'g> Reach<'g> {
    /// The graph searched.
    pub fn graph(&self) -> &'g WikiGraph {
        self.graph
    }

    /// Number of nodes reached (the start is not counted).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when nothing was reached.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The nodes reached and their distances, in BFS order, without paths.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, u32)> + '_ {
        self.order.iter().map(|&n| (n, self.dist[n.index()]))
    }

    /// The nodes reached, in BFS order, each with its path (made as the
    /// iterator comes to it).
    pub fn iter(&self) -> impl Iterator<Item = Reached> + '_ {
        self.nodes().map(|(node, distance)| Reached {
            node,
            distance,
            path: self.path(node).unwrap_or_default(),
        })
    }

    /// The edges of one shortest path from the start to `n`; empty for the
    /// start itself, `None` when `n` was not reached.
    pub fn path(&self, n: NodeIndex) -> Option<Vec<EdgeIndex>> {
        if *self.dist.get(n.index())? == u32::MAX {
            return None;
        }
        let mut path = Vec::new();
        let mut at = n;
        while let Some((e, before)) = self.previous(at) {
            path.push(e);
            at = before;
        }
        path.reverse();
        Some(path)
    }

    /// The last step of the path to `n`: its edge and the node it leaves
    /// from; `None` for the start and for a node not reached.
    pub fn previous(&self, n: NodeIndex) -> Option<(EdgeIndex, NodeIndex)> {
        let e = (*self.parent.get(n.index())?)?;
        let (s, t) = self.graph.graph.edge_endpoints(e)?;
        Some((e, if t == n { s } else { t }))
    }

    /// The distance of `n` from the start (0 for the start), `None` when it
    /// was not reached.
    pub fn distance(&self, n: NodeIndex) -> Option<u32> {
        self.dist.get(n.index()).copied().filter(|&d| d != u32::MAX)
    }
}

/// Every node reachable from `from` (not `from` itself), in BFS order.
pub fn reach<'g>(g: &'g WikiGraph, from: NodeIndex, opts: &ReachOptions) -> Reach<'g> {
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
    Reach {
        graph: g,
        order,
        dist,
        parent,
    }
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

    fn ids(g: &WikiGraph, r: &Reach) -> Vec<(String, u32)> {
        r.nodes().map(|(n, d)| (g.graph[n].id.clone(), d)).collect()
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
        let back: Vec<Reached> = back.iter().collect();
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

    /// Paths are made on demand: every node's path, long as it may be, is
    /// the one its steps give, and a node not reached has none.
    #[test]
    fn a_long_chain_gives_each_node_its_whole_path() {
        let n = 300;
        let pages: Vec<(String, String)> = (0..n)
            .map(|i| (format!("p{i:03}"), format!("[[p{:03}]]", i + 1)))
            .collect();
        let refs: Vec<(&str, &str)> = pages
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let g = graph(&refs);
        let crate::graph::Lookup::Found(start) = g.lookup("p000") else {
            panic!()
        };
        let r = reach(&g, start, &ReachOptions::default());
        assert_eq!(r.len(), n - 1);
        for (i, x) in r.iter().enumerate() {
            assert_eq!(x.distance as usize, i + 1);
            assert_eq!(x.path.len(), i + 1);
            let ends: Vec<String> = x
                .path
                .iter()
                .filter_map(|e| g.graph.edge_endpoints(*e))
                .map(|(_, t)| g.graph[t].id.clone())
                .collect();
            let expected: Vec<String> = (1..=i + 1).map(|k| format!("p{k:03}")).collect();
            assert_eq!(ends, expected);
        }
        assert_eq!(r.path(start), Some(Vec::new()));
        assert_eq!(r.distance(start), Some(0));
        assert_eq!(r.previous(start), None);
        let back = reach(
            &g,
            start,
            &ReachOptions {
                walk: Walk::In,
                ..Default::default()
            },
        );
        assert!(back.is_empty());
        let crate::graph::Lookup::Found(last) = g.lookup("p299") else {
            panic!()
        };
        assert_eq!(back.path(last), None);
        assert_eq!(back.distance(last), None);
        let (e, before) = r.previous(last).expect("reached");
        assert_eq!(g.graph[before].id, "p298");
        assert_eq!(r.path(last).and_then(|p| p.last().copied()), Some(e));
    }
}
