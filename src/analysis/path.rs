//! Shortest path between two nodes, by breadth-first search (the same search
//! as [`reach`](super::reach::reach)), with the relation of each step.

use super::reach::{ReachOptions, reach};
use crate::graph::WikiGraph;
use petgraph::graph::{EdgeIndex, NodeIndex};

/// The edges of one shortest path from `from` to `to` under `opts` (depth
/// ignored), or `None` when there is none. A path from a node to itself is
/// empty.
pub fn shortest_path(
    g: &WikiGraph,
    from: NodeIndex,
    to: NodeIndex,
    opts: &ReachOptions,
) -> Option<Vec<EdgeIndex>> {
    if from == to {
        return Some(Vec::new());
    }
    let opts = ReachOptions {
        depth: None,
        include_missing: true,
        ..opts.clone()
    };
    reach(g, from, &opts).path(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reach::Walk;
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

    fn node(g: &WikiGraph, name: &str) -> NodeIndex {
        match g.lookup(name) {
            Lookup::Found(n) => n,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn shortest_over_longer() {
        let g = graph(&[
            (
                "a",
                "## Connections\n- **Flows to**: [[b]]\n- **Uses**: [[d]]",
            ),
            ("b", "[[c]]"),
            ("c", "[[d]]"),
            ("d", ""),
        ]);
        let p = shortest_path(&g, node(&g, "a"), node(&g, "d"), &ReachOptions::default()).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(g.relation(g.graph[p[0]].relation).key, "uses");
        let only_flow = ReachOptions {
            relations: ["flows_to".to_owned(), "mentions".to_owned()].into(),
            ..Default::default()
        };
        let p = shortest_path(&g, node(&g, "a"), node(&g, "d"), &only_flow).unwrap();
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn no_path_against_the_arrows_unless_asked() {
        let g = graph(&[("a", "[[b]]"), ("b", "")]);
        assert_eq!(
            shortest_path(&g, node(&g, "b"), node(&g, "a"), &ReachOptions::default()),
            None
        );
        let both = ReachOptions {
            walk: Walk::Both,
            ..Default::default()
        };
        assert_eq!(
            shortest_path(&g, node(&g, "b"), node(&g, "a"), &both).map(|p| p.len()),
            Some(1)
        );
        assert_eq!(
            shortest_path(&g, node(&g, "a"), node(&g, "a"), &both),
            Some(vec![])
        );
    }
}
