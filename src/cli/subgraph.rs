//! Cutting the graph down to what a command shows: the edges some filter
//! keeps, around a node or everywhere. A stop-gap in the command line until
//! the exports' subgraph filter lands in the library.

use petgraph::graph::NodeIndex;
use wikigraph::analysis::reach::{ReachOptions, reach};
use wikigraph::graph::{EdgeKind, NodeKind, WikiGraph};

/// The graph cut to what the diagram shows: the edges the filters keep and,
/// around `from`, the nodes within `depth` of it along those edges, with the
/// edges a walk of that depth crosses (those from a node nearer than
/// `depth`): one node's star at depth 1, without the links among its
/// neighbours that would hide it. Without `from`, nodes other than pages
/// that lose all their edges are left out.
///
/// Node lookups by name (`WikiGraph::lookup`) stay right on the result only
/// when every page is kept, as without `from`: pages come first and keep
/// their indices.
pub fn cut(
    g: &WikiGraph,
    from: Option<NodeIndex>,
    opts: &ReachOptions,
    keep: &dyn Fn(EdgeKind, &str) -> bool,
) -> WikiGraph {
    let gr = &g.graph;
    let kept_edge = |e: petgraph::graph::EdgeIndex| {
        let rel = g.relation(gr[e].relation);
        keep(rel.kind, &rel.key)
    };
    let mut nodes = vec![false; gr.node_count()];
    // Distance from `from`; u32::MAX for nodes not kept.
    let mut dist = vec![u32::MAX; gr.node_count()];
    match from {
        Some(start) => {
            nodes[start.index()] = true;
            dist[start.index()] = 0;
            for r in reach(g, start, opts) {
                nodes[r.node.index()] = true;
                dist[r.node.index()] = r.distance;
            }
        }
        None => {
            for n in gr.node_indices() {
                nodes[n.index()] = gr[n].kind == NodeKind::Page;
            }
            for e in gr.edge_indices().filter(|&e| kept_edge(e)) {
                if let Some((s, t)) = gr.edge_endpoints(e) {
                    nodes[s.index()] = true;
                    nodes[t.index()] = true;
                }
            }
        }
    }
    let depth = opts.depth.unwrap_or(u32::MAX);
    let crossed = |e: petgraph::graph::EdgeIndex| {
        from.is_none()
            || gr
                .edge_endpoints(e)
                .is_some_and(|(s, t)| dist[s.index()].min(dist[t.index()]) < depth)
    };
    let mut out = g.clone();
    out.graph = gr.filter_map(
        |n, w| nodes[n.index()].then(|| w.clone()),
        |e, w| (kept_edge(e) && crossed(e)).then(|| w.clone()),
    );
    out.page_count = out
        .graph
        .node_weights()
        .filter(|n| n.kind == NodeKind::Page)
        .count();
    out
}

/// The graph without its `mentions` edges (`mentions = false`): nodes other
/// than pages that only mentions reached are left out; every page stays.
pub fn without_mentions(g: &WikiGraph) -> WikiGraph {
    cut(g, None, &ReachOptions::default(), &|kind, _| {
        kind != EdgeKind::Mentions
    })
}
