//! Mermaid (`graph.mmd`): a `graph LR` flowchart that GitHub renders in a
//! ```` ```mermaid ```` block, styled like the DOT diagram ([`super::style`]).
//!
//! - Node ids are `n0, n1, …` (graph order), so no wiki id can collide with
//!   Mermaid's keywords (`end`, `graph`, `style`, …) or its edge syntax.
//! - Labels are quoted; `"`, `#`, `&`, `<`, `>`, `` ` ``, `|` and `;` are written
//!   as Mermaid entity codes (`#quot;`, `#35;`, …), line breaks as `<br>`,
//!   control characters dropped.
//! - Pages are rounded boxes, missing pages dashed, plain-text targets flags,
//!   citations parallelograms; typed and related connections are labelled
//!   arrows, mentions and citations dotted arrows in light colours.
//!
//! GitHub renders at most 500 edges (and 50,000 characters) per diagram:
//! cut larger graphs with the subgraph filters.

use super::style::{Shape, Style};
use crate::graph::{EdgeKind, NodeKind, WikiGraph};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The most edges GitHub's Mermaid renders in one diagram.
pub const GITHUB_MAX_EDGES: usize = 500;

/// Escapes text for a quoted Mermaid label.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            ';' => out.push_str("#59;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Streams the graph as a Mermaid flowchart in the direction of
/// `options.dot.rankdir` (default `LR`), emphasising `options.focus`.
pub fn write(g: &WikiGraph, options: &super::ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let direction = options
        .dot
        .rankdir
        .unwrap_or(super::dot::RankDir::LeftRight)
        .as_str();
    let focus = options.focus.as_deref();
    let gr = &g.graph;
    let style = Style::new(g, &options.relation_colors);
    writeln!(
        w,
        "%% wikigraph: {} nodes, {} edges",
        gr.node_count(),
        gr.edge_count()
    )?;
    writeln!(w, "graph {direction}")?;
    // Class per page type (t0, t1, …) and per other kind.
    let types: BTreeMap<&str, usize> = style
        .types()
        .enumerate()
        .map(|(i, (t, _))| (t, i))
        .collect();
    let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in gr.node_indices() {
        let node = &gr[n];
        let look = style.node(node);
        let text = escape(&node.label);
        let id = format!("n{}", n.index());
        let shaped = match (node.kind, look.shape) {
            (_, Shape::Note) => format!("{id}>\"{text}\"]"),
            (NodeKind::Citation, _) | (_, Shape::Tab) => format!("{id}[/\"{text}\"/]"),
            _ => format!("{id}(\"{text}\")"),
        };
        writeln!(w, "  {shaped}")?;
        let class = match (node.kind, node.page_type()) {
            (NodeKind::Page, Some(t)) => format!("t{}", types.get(t).copied().unwrap_or(0)),
            (kind, _) => kind.as_str().to_owned(),
        };
        members.entry(class).or_default().push(id.clone());
        if focus == Some(node.id.as_str()) {
            members.entry("focus".into()).or_default().push(id);
        }
    }
    // Edges, grouped by look for linkStyle (indices count edges in order).
    let mut link_styles: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in gr.edge_indices().enumerate() {
        let Some((s, t)) = gr.edge_endpoints(e) else {
            continue;
        };
        let rel = g.relation(gr[e].relation);
        let arrow = match rel.kind {
            EdgeKind::Typed | EdgeKind::Related => {
                format!("-->|\"{}\"|", escape(&rel.label))
            }
            EdgeKind::Cites | EdgeKind::Mentions => "-.->".to_owned(),
        };
        writeln!(w, "  n{} {arrow} n{}", s.index(), t.index())?;
        let look = style.edge(rel);
        let css = format!(
            "stroke:{},color:{},stroke-width:{}px",
            look.line, look.text, look.width
        );
        link_styles.entry(css).or_default().push(i);
    }
    for (t, i) in &types {
        let look = style.kind(NodeKind::Page, Some(t));
        writeln!(
            w,
            "  classDef t{i} fill:{},stroke:{},color:{}",
            look.fill.unwrap_or("#ffffff"),
            look.line,
            look.text
        )?;
    }
    for kind in [
        NodeKind::Page,
        NodeKind::Missing,
        NodeKind::Unlinked,
        NodeKind::Citation,
    ] {
        let look = style.kind(kind, None);
        let mut def = format!(
            "  classDef {} fill:{},stroke:{},color:{}",
            kind.as_str(),
            look.fill.unwrap_or("#ffffff"),
            look.line,
            look.text
        );
        if look.dashed {
            def.push_str(",stroke-dasharray:4 3");
        }
        writeln!(w, "{def}")?;
    }
    writeln!(w, "  classDef focus stroke:#0f172a,stroke-width:3px")?;
    for (class, ids) in &members {
        writeln!(w, "  class {} {class}", ids.join(","))?;
    }
    for (css, idx) in &link_styles {
        let mut list = String::new();
        for (j, i) in idx.iter().enumerate() {
            if j > 0 {
                list.push(',');
            }
            let _ = write!(list, "{i}");
        }
        writeln!(w, "  linkStyle {list} {css}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_mermaid_syntax() {
        assert_eq!(
            escape("a \"b\" #1 & <c>"),
            "a #quot;b#quot; #35;1 #amp; #lt;c#gt;"
        );
        assert_eq!(escape("x|y `z`\nw\u{7}"), "x#124;y #96;z#96;<br>w");
        assert_eq!(escape("end"), "end");
    }
}
