//! How nodes and edges look, shared by the drawing formats (DOT, Mermaid
//! and yEd's GraphML graphics) so that one wiki looks the same in each.
//!
//! Page types get pastel fills and typed relations strong line colours,
//! both assigned in sorted order of what the graph holds, so a colour is as
//! deterministic as the graph. Missing pages are dashed, plain-text targets
//! are notes, citations are tabs; mentions and citations are drawn lighter
//! than typed connections.

use crate::graph::{EdgeKind, Node, NodeKind, RelationName, WikiGraph};
use std::collections::BTreeMap;

/// Fill colours for page types.
const TYPE_FILLS: &[&str] = &[
    "#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#cffafe", "#fee2e2", "#e0e7ff",
    "#f3e8ff", "#ecfccb", "#ffedd5", "#e2e8f0",
];

/// Line colours for typed relations.
const RELATION_COLORS: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e6550d", "#8c564b", "#d6338c", "#0e9aa7",
    "#7f8c0d", "#393b79", "#b8860b", "#006d5b", "#843c39", "#5254a3", "#7b4173", "#c03d00",
];

/// Fill of pages without a type.
pub const UNTYPED_FILL: &str = "#f1f5f9";

/// The outline of a node shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A rounded box (pages, missing pages).
    Box,
    /// A note with a folded corner (plain-text targets).
    Note,
    /// A tab (citations).
    Tab,
}

/// How a node is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeLook {
    /// Outline shape.
    pub shape: Shape,
    /// Fill colour, `None` for no fill.
    pub fill: Option<&'static str>,
    /// Outline colour.
    pub line: &'static str,
    /// Text colour.
    pub text: &'static str,
    /// Dashed outline.
    pub dashed: bool,
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// Solid.
    Solid,
    /// Dashed.
    Dashed,
    /// Dotted.
    Dotted,
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeLook<'g> {
    /// Line colour.
    pub line: &'g str,
    /// Label colour.
    pub text: &'g str,
    /// Line pattern.
    pub stroke: Stroke,
    /// Line width in points.
    pub width: f32,
}

/// The colours of one graph.
#[derive(Debug, Clone)]
pub struct Style<'g> {
    type_fill: BTreeMap<&'g str, &'static str>,
    relation_color: BTreeMap<&'g str, &'g str>,
}

impl<'g> Style<'g> {
    /// Assigns colours to the page types and typed relations `g` uses.
    /// Relations in `colors` (key → any Graphviz/CSS colour, from the
    /// configuration) get theirs; the others share the palette.
    pub fn new(g: &'g WikiGraph, colors: &'g BTreeMap<String, String>) -> Self {
        let types: std::collections::BTreeSet<&str> =
            g.graph.node_weights().filter_map(Node::page_type).collect();
        let typed: std::collections::BTreeSet<&str> = g
            .relations()
            .iter()
            .zip(g.relation_uses())
            .filter(|(r, u)| u.edges > 0 && r.kind == EdgeKind::Typed)
            .map(|(r, _)| r.key.as_str())
            .collect();
        let (set, free): (Vec<&str>, Vec<&str>) =
            typed.into_iter().partition(|k| colors.contains_key(*k));
        let mut relation_color: BTreeMap<&'g str, &'g str> =
            cycle(free, RELATION_COLORS).into_iter().collect();
        for k in set {
            if let Some(c) = colors.get(k) {
                relation_color.insert(k, c.as_str());
            }
        }
        Style {
            type_fill: cycle(types, TYPE_FILLS),
            relation_color,
        }
    }

    /// Page types present, sorted, with their fills.
    pub fn types(&self) -> impl Iterator<Item = (&'g str, &'static str)> + '_ {
        self.type_fill.iter().map(|(t, c)| (*t, *c))
    }

    /// How node `n` is drawn.
    pub fn node(&self, n: &Node) -> NodeLook {
        self.kind(n.kind, n.page_type())
    }

    /// How a node of this kind and type is drawn.
    pub fn kind(&self, kind: NodeKind, page_type: Option<&str>) -> NodeLook {
        match kind {
            NodeKind::Page => NodeLook {
                shape: Shape::Box,
                fill: Some(
                    page_type
                        .and_then(|t| self.type_fill.get(t))
                        .copied()
                        .unwrap_or(UNTYPED_FILL),
                ),
                line: "#64748b",
                text: "#0f172a",
                dashed: false,
            },
            NodeKind::Missing => NodeLook {
                shape: Shape::Box,
                fill: Some("#ffffff"),
                line: "#94a3b8",
                text: "#64748b",
                dashed: true,
            },
            NodeKind::Unlinked => NodeLook {
                shape: Shape::Note,
                fill: Some("#fffbeb"),
                line: "#d97706",
                text: "#78350f",
                dashed: false,
            },
            NodeKind::Citation => NodeLook {
                shape: Shape::Tab,
                fill: Some("#f0f9ff"),
                line: "#0284c7",
                text: "#075985",
                dashed: false,
            },
        }
    }

    /// How an edge of relation `r` is drawn.
    pub fn edge(&self, r: &RelationName) -> EdgeLook<'g> {
        match r.kind {
            EdgeKind::Typed => {
                let c = self
                    .relation_color
                    .get(r.key.as_str())
                    .copied()
                    .unwrap_or("#334155");
                EdgeLook {
                    line: c,
                    text: c,
                    stroke: Stroke::Solid,
                    width: 1.6,
                }
            }
            EdgeKind::Related => EdgeLook {
                line: "#64748b",
                text: "#475569",
                stroke: Stroke::Solid,
                width: 1.2,
            },
            EdgeKind::Cites => EdgeLook {
                line: "#7dd3fc",
                text: "#0284c7",
                stroke: Stroke::Dashed,
                width: 0.8,
            },
            EdgeKind::Mentions => EdgeLook {
                line: "#cbd5e1",
                text: "#94a3b8",
                stroke: Stroke::Solid,
                width: 0.8,
            },
        }
    }
}

fn cycle<'g>(
    keys: impl IntoIterator<Item = &'g str>,
    palette: &[&'static str],
) -> BTreeMap<&'g str, &'static str> {
    keys.into_iter()
        .zip(palette.iter().copied().cycle())
        .collect()
}

/// The relations `g` uses, once each, in legend order (typed by key, then
/// related, cites, mentions), each with the label it is first written with.
pub fn relations_present(g: &WikiGraph) -> Vec<&RelationName> {
    // The relations in use, in the order their first edges come.
    let mut used: Vec<(petgraph::graph::EdgeIndex, &RelationName)> = g
        .relations()
        .iter()
        .zip(g.relation_uses())
        .filter_map(|(r, u)| Some((u.first?, r)))
        .collect();
    used.sort_unstable_by_key(|(first, _)| *first);
    let mut first: BTreeMap<(u8, &str), &RelationName> = BTreeMap::new();
    for (_, r) in used {
        let rank = match r.kind {
            EdgeKind::Typed => 0,
            EdgeKind::Related => 1,
            EdgeKind::Cites => 2,
            EdgeKind::Mentions => 3,
        };
        first.entry((rank, r.key.as_str())).or_insert(r);
    }
    first.into_values().collect()
}

/// Node kinds `g` holds, in kind order.
pub fn kinds_present(g: &WikiGraph) -> Vec<NodeKind> {
    let mut k: Vec<NodeKind> = g.graph.node_weights().map(|n| n.kind).collect();
    k.sort_unstable();
    k.dedup();
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_cycle_and_are_distinct() {
        let m = cycle(["a", "b", "c"], &["x", "y"]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), ["x", "y", "x"]);
        let mut all = RELATION_COLORS.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), RELATION_COLORS.len());
    }
}
