//! `wikigraph show NODE`: one node with its edges both ways (backlinks).

use super::report::{Cell, style};
use super::{Ctx, node, report};
use anyhow::Result;
use petgraph::Direction;
use petgraph::graph::EdgeIndex;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::BTreeMap;
use wikigraph::export::json::{LinkRecord, NodeRecord, link_key};
use wikigraph::graph::{EdgeKind, NodeKind, WikiGraph};

/// Arguments of `show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The node: id, file stem, alias or title.
    node: String,
}

#[derive(Serialize)]
struct Report<'a> {
    node: NodeRecord<'a>,
    out: Vec<LinkRecord<'a>>,
    #[serde(rename = "in")]
    into: Vec<LinkRecord<'a>>,
}

fn edges(g: &WikiGraph, n: petgraph::graph::NodeIndex, dir: Direction) -> Vec<EdgeIndex> {
    let mut v: Vec<EdgeIndex> = g.graph.edges_directed(n, dir).map(|e| e.id()).collect();
    v.sort();
    v
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (g, _, code) = ctx.load(false)?;
    let n = node(&g, &args.node)?;
    let records = |dir| -> Vec<LinkRecord<'_>> {
        edges(&g, n, dir)
            .into_iter()
            .filter_map(|e| LinkRecord::new(&g, e, link_key(&g, e)))
            .collect()
    };
    let out = records(Direction::Outgoing);
    let into = records(Direction::Incoming);
    if ctx.json {
        report::json(&Report {
            node: NodeRecord::new(&g, n),
            out,
            into,
        })?;
        return Ok(code);
    }
    print_human(ctx, &g, n);
    Ok(code)
}

fn print_human(ctx: &Ctx, g: &WikiGraph, n: NodeIndex) {
    let node = &g.graph[n];
    let mut head = format!(
        "{} {}",
        report::paint(style::HEADING, &node.label),
        report::paint(style::DIM, format!("({}, {})", node.id, node.kind.as_str()))
    );
    if let Some(t) = node.page_type() {
        head.push_str(&format!(" — {t}"));
    }
    report::line(head);
    if let Some(p) = &node.page {
        let mut rows = vec![vec![
            Cell::styled(style::DIM, "file"),
            Cell::location(&ctx.file(&p.path), None),
        ]];
        let mut field = |name: &str, value: String| {
            if !value.is_empty() {
                rows.push(vec![Cell::styled(style::DIM, name), value.into()]);
            }
        };
        field("aliases", p.aliases.join(", "));
        field("tags", p.tags.join(", "));
        field("updated", p.last_updated.clone().unwrap_or_default());
        report::table(&rows, 2);
    }
    for (title, dir) in [("Out", Direction::Outgoing), ("In", Direction::Incoming)] {
        let list = edges(g, n, dir);
        report::line(report::paint(
            style::HEADING,
            format!("{title} ({})", list.len()),
        ));
        // Typed connections first, then related, citations, mentions; each
        // group by label as written, its edges in file order.
        let mut groups: BTreeMap<(EdgeKind, &str), Vec<EdgeIndex>> = BTreeMap::new();
        for &e in &list {
            let rel = g.relation(g.graph[e].relation);
            groups.entry((rel.kind, &rel.label)).or_default().push(e);
        }
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for ((_, label), links) in groups {
            for (i, &e) in links.iter().enumerate() {
                let Some((s, t)) = g.graph.edge_endpoints(e) else {
                    continue;
                };
                let peer = &g.graph[if dir == Direction::Outgoing { t } else { s }];
                let mut name = Cell::from(peer.label.as_str());
                if peer.kind != NodeKind::Page {
                    name = name.then(style::DIM, format!(" ({})", peer.kind.as_str()));
                }
                let edge = &g.graph[e];
                rows.push(vec![
                    Cell::styled(style::RELATION, if i == 0 { label } else { "" }),
                    name,
                    Cell::location(&ctx.file(g.edge_file(e)), Some(edge.line)),
                    Cell::styled(style::DIM, g.note(edge).unwrap_or_default()),
                ]);
            }
        }
        report::table(&rows, 2);
    }
}
