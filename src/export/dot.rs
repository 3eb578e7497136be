//! Graphviz DOT (`graph.dot`), built with `dot-generator` structures and
//! printed statement by statement with graphviz-rust's printer, so the file
//! streams out instead of being built as one string.
//!
//! The printer writes ids verbatim, so every id and label is quoted and
//! escaped here ([`quote`]).

use crate::graph::{EdgeKind, NodeKind, WikiGraph};
use dot_generator::{attr, id, stmt};
use dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A quoted, escaped DOT string: `"` and `\` escaped, line breaks as `\n`,
/// other control characters dropped. Every id and label goes through here,
/// so DOT keywords (`node`, `graph`) and odd titles stay plain text.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn q(s: &str) -> Id {
    Id::Escaped(quote(s))
}

/// An attribute with a quoted value. (dot-generator's `attr!` only takes
/// literals: its `id!` arms cannot match an expression fragment, so
/// computed values are built from the dot-structures types it expands to.)
fn a(key: &str, value: &str) -> Attribute {
    Attribute(q(key), q(value))
}

/// Fill colours for page types, assigned in sorted type order.
const TYPE_FILLS: &[&str] = &[
    "#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#cffafe", "#fee2e2", "#e0e7ff",
    "#f3e8ff", "#ecfccb",
];

/// Line colours for typed relations, assigned in sorted key order.
const RELATION_COLORS: &[&str] = &[
    "#1d4ed8", "#15803d", "#b45309", "#be185d", "#6d28d9", "#0e7490", "#b91c1c", "#4338ca",
    "#a16207", "#047857",
];

/// True when the text holds characters that need a CJK font.
fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
    })
}

/// Streams the graph as DOT.
pub fn write(g: &WikiGraph, w: &mut dyn Write) -> io::Result<()> {
    let gr = &g.graph;
    let cjk = gr.node_weights().any(|n| has_cjk(&n.label))
        || g.relations().iter().any(|r| has_cjk(&r.label));
    let font = if cjk { "Noto Sans CJK SC" } else { "Helvetica" };

    let mut types: Vec<&str> = gr.node_weights().filter_map(|n| n.page_type()).collect();
    types.sort_unstable();
    types.dedup();
    let type_fill: BTreeMap<&str, &str> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, TYPE_FILLS[i % TYPE_FILLS.len()]))
        .collect();
    let mut typed: Vec<&str> = g
        .relations()
        .iter()
        .filter(|r| r.kind == EdgeKind::Typed)
        .map(|r| r.key.as_str())
        .collect();
    typed.sort_unstable();
    typed.dedup();
    let rel_color: BTreeMap<&str, &str> = typed
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, RELATION_COLORS[i % RELATION_COLORS.len()]))
        .collect();

    let mut ctx = PrinterContext::default();
    // Printing an empty digraph puts the printer in digraph mode (`->`) with
    // the body indentation; the statements are then printed one by one.
    let header = Graph::DiGraph {
        id: q("wikigraph"),
        strict: false,
        stmts: vec![],
    }
    .print(&mut ctx);
    writeln!(w, "{}", header.trim_end_matches('}').trim_end())?;

    let emit = |s: Stmt, w: &mut dyn Write, ctx: &mut PrinterContext| -> io::Result<()> {
        writeln!(w, "{}", s.print(ctx))
    };
    emit(
        stmt!(GraphAttributes::Graph(vec![
            attr!("rankdir", "LR"),
            a("fontname", font),
            attr!("overlap", "false"),
            attr!("splines", "true"),
        ])),
        w,
        &mut ctx,
    )?;
    emit(
        Stmt::GAttribute(GraphAttributes::Node(vec![
            a("fontname", font),
            a("fontsize", "11"),
        ])),
        w,
        &mut ctx,
    )?;
    emit(
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            a("fontname", font),
            a("fontsize", "9"),
        ])),
        w,
        &mut ctx,
    )?;

    for n in gr.node_weights() {
        let mut attrs = vec![a("label", &n.label)];
        match n.kind {
            NodeKind::Page => {
                let fill = n
                    .page_type()
                    .and_then(|t| type_fill.get(t))
                    .copied()
                    .unwrap_or("#f5f5f5");
                attrs.extend([
                    a("shape", "box"),
                    a("style", "rounded,filled"),
                    a("fillcolor", fill),
                ]);
                if let Some(t) = n.page_type() {
                    attrs.push(a("tooltip", &format!("{} ({t})", n.id)));
                }
            }
            NodeKind::Missing => {
                attrs.extend([
                    a("shape", "box"),
                    a("style", "rounded,dashed"),
                    a("color", "#9ca3af"),
                    a("fontcolor", "#6b7280"),
                ]);
            }
            NodeKind::Unlinked => {
                attrs.extend([
                    a("shape", "note"),
                    a("style", "filled"),
                    a("fillcolor", "#fffbeb"),
                    a("color", "#d97706"),
                ]);
            }
            NodeKind::Citation => {
                attrs.extend([
                    a("shape", "tab"),
                    a("style", "filled"),
                    a("fillcolor", "#f0f9ff"),
                    a("color", "#0284c7"),
                ]);
            }
        }
        emit(
            Stmt::Node(Node::new(NodeId(q(&n.id), None), attrs)),
            w,
            &mut ctx,
        )?;
    }

    for e in gr.edge_indices() {
        let Some((s, t)) = gr.edge_endpoints(e) else {
            continue;
        };
        let edge_w = &gr[e];
        let rel = g.relation(edge_w.relation);
        let mut attrs = vec![a("label", &rel.label)];
        match rel.kind {
            EdgeKind::Typed => {
                let c = rel_color
                    .get(rel.key.as_str())
                    .copied()
                    .unwrap_or("#374151");
                attrs.extend([a("color", c), a("fontcolor", c), a("penwidth", "1.6")]);
            }
            EdgeKind::Related => attrs.extend([a("color", "#64748b"), a("fontcolor", "#64748b")]),
            EdgeKind::Cites => {
                attrs.extend([
                    a("color", "#93c5fd"),
                    a("fontcolor", "#60a5fa"),
                    a("style", "dashed"),
                ]);
            }
            EdgeKind::Mentions => attrs.extend([a("color", "#d1d5db"), a("fontcolor", "#9ca3af")]),
        }
        if let Some(note) = &edge_w.note {
            attrs.push(a("tooltip", note));
        }
        let e: Edge = Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(q(&gr[s].id), None)),
                Vertex::N(NodeId(q(&gr[t].id), None)),
            ),
            attributes: attrs,
        };
        emit(Stmt::Edge(e), w, &mut ctx)?;
    }
    writeln!(w, "}}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_everything_dot_reads() {
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(quote("c:\\x"), "\"c:\\\\x\"");
        assert_eq!(quote("two\nlines"), "\"two\\nlines\"");
        assert_eq!(quote("node"), "\"node\"");
        assert_eq!(quote("微信"), "\"微信\"");
    }
}
