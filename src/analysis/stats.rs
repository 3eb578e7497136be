//! Counts, degrees, components and hubs.
//!
//! PageRank is written here as power iteration over the edge list,
//! O(iterations · E): petgraph's `page_rank` is O(n·V²·E), far too slow for
//! a 100,000-page wiki. It follows networkx's `pagerank` definition so the
//! two agree: damping 0.85, every edge (parallel ones included) carries
//! weight 1, the rank of nodes without out-edges is spread evenly over all
//! nodes, and iteration stops when the L1 change is below `V · 1e-6` (at
//! most 100 iterations).

use crate::analysis::audit::components;
use crate::graph::WikiGraph;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;

/// Damping factor.
pub const DAMPING: f64 = 0.85;
/// Convergence tolerance per node.
pub const TOLERANCE: f64 = 1e-6;
/// Iteration cap.
pub const MAX_ITERATIONS: usize = 100;

/// PageRank of every node, indexed by node index.
pub fn pagerank(g: &WikiGraph) -> Vec<f64> {
    let n = g.graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let out_degree: Vec<usize> = g
        .graph
        .node_indices()
        .map(|v| g.graph.edges_directed(v, Direction::Outgoing).count())
        .collect();
    let edges: Vec<(usize, usize)> = g
        .graph
        .edge_references()
        .map(|e| (e.source().index(), e.target().index()))
        .collect();
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n).filter(|&v| out_degree[v] == 0).map(|v| x[v]).sum();
        let base = (1.0 - DAMPING) / nf + DAMPING * dangling / nf;
        next.iter_mut().for_each(|v| *v = base);
        for &(s, t) in &edges {
            next[t] += DAMPING * x[s] / out_degree[s] as f64;
        }
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < nf * TOLERANCE {
            break;
        }
    }
    x
}

/// A node ranked by PageRank.
#[derive(Debug, Clone, PartialEq)]
pub struct Hub {
    /// The node.
    pub node: NodeIndex,
    /// Number of incoming edges (parallel edges counted).
    pub in_degree: usize,
    /// PageRank.
    pub pagerank: f64,
}

/// Everything `stats` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Nodes per kind.
    pub nodes: BTreeMap<&'static str, usize>,
    /// Pages per frontmatter type (pages without one are not counted).
    pub types: BTreeMap<String, usize>,
    /// Edges per relation key.
    pub edges: BTreeMap<String, usize>,
    /// Number of weakly connected components.
    pub components: usize,
    /// Node count of the largest one.
    pub largest_component: usize,
    /// The `top` nodes by PageRank (ties by id).
    pub hubs: Vec<Hub>,
    /// Mean number of edges per page (out-degree).
    pub mean_out_degree: f64,
}

/// Computes the statistics, with the `top` hubs.
pub fn stats(g: &WikiGraph, top: usize) -> Stats {
    let mut nodes = BTreeMap::new();
    let mut types = BTreeMap::new();
    for n in g.graph.node_weights() {
        *nodes.entry(n.kind.as_str()).or_default() += 1;
        if let Some(t) = n.page_type() {
            *types.entry(t.to_owned()).or_default() += 1;
        }
    }
    let edges = g
        .edges_per_relation_key()
        .into_iter()
        .map(|(k, n)| (k.to_owned(), n))
        .collect();
    let comps = components(g);
    let pr = pagerank(g);
    let mut hubs: Vec<Hub> = g
        .graph
        .node_indices()
        .map(|n| Hub {
            node: n,
            in_degree: g.graph.edges_directed(n, Direction::Incoming).count(),
            pagerank: pr[n.index()],
        })
        .collect();
    hubs.sort_by(|a, b| {
        b.pagerank
            .total_cmp(&a.pagerank)
            .then_with(|| g.graph[a.node].id.cmp(&g.graph[b.node].id))
    });
    hubs.truncate(top);
    let page_edges: usize = (0..g.page_count)
        .map(|p| {
            g.graph
                .edges_directed(NodeIndex::new(p), Direction::Outgoing)
                .count()
        })
        .sum();
    Stats {
        nodes,
        types,
        edges,
        components: comps.sizes.len(),
        largest_component: comps.sizes.first().copied().unwrap_or(0),
        hubs,
        mean_out_degree: if g.page_count == 0 {
            0.0
        } else {
            page_edges as f64 / g.page_count as f64
        },
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

    #[test]
    fn pagerank_of_a_cycle_is_uniform() {
        let g = graph(&[("a", "[[b]]"), ("b", "[[c]]"), ("c", "[[a]]")]);
        let pr = pagerank(&g);
        for v in &pr {
            assert!((v - 1.0 / 3.0).abs() < 1e-9, "{pr:?}");
        }
    }

    #[test]
    fn pagerank_star_with_dangling_hub() {
        // b, c, d → a; a has no out-edge (dangling). Solved by hand:
        // x_a = 0.15/4 + 0.85·x_a/4 + 0.85·(x_b+x_c+x_d) and x_b = 0.15/4 + 0.85·x_a/4,
        // with x_a + 3·x_b = 1.
        let g = graph(&[("a", ""), ("b", "[[a]]"), ("c", "[[a]]"), ("d", "[[a]]")]);
        let pr = pagerank(&g);
        let xb = (0.15 / 4.0 + 0.85 / 4.0) / (1.0 + 3.0 * 0.85 / 4.0);
        let xa = 1.0 - 3.0 * xb;
        assert!((pr[0] - xa).abs() < 1e-5, "{pr:?} vs {xa}");
        assert!((pr[1] - xb).abs() < 1e-5);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn counts_components_and_hubs() {
        let g = graph(&[
            (
                "a",
                "---\ntype: entity\n---\n[[b]] [[b]]\n## Connections\n- **Complements**: [[b]]",
            ),
            ("b", "---\ntype: entity\n---\n[[a]] [[gone]]"),
            ("c", "---\ntype: concept\n---\n"),
        ]);
        let s = stats(&g, 2);
        assert_eq!(s.nodes.get("page"), Some(&3));
        assert_eq!(s.nodes.get("missing"), Some(&1));
        assert_eq!(s.types.get("entity"), Some(&2));
        assert_eq!(s.edges.get("mentions"), Some(&3));
        assert_eq!(s.edges.get("complements"), Some(&1));
        assert_eq!((s.components, s.largest_component), (2, 3));
        assert_eq!(s.hubs.len(), 2);
        assert_eq!(g.graph[s.hubs[0].node].id, "b");
        assert_eq!(s.hubs[0].in_degree, 2);
        assert!((s.mean_out_degree - 4.0 / 3.0).abs() < 1e-9);
    }
}
