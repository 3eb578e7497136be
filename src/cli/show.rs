//! `wikigraph show NODE`: one node with its edges both ways (backlinks).

use super::{Ctx, node, report};
use anyhow::Result;
use petgraph::Direction;
use petgraph::graph::EdgeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::BTreeMap;
use wikigraph::export::json::{LinkRecord, NodeRecord, link_key};
use wikigraph::graph::WikiGraph;

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
    let node = &g.graph[n];
    let mut head = format!("{} ({}, {})", node.label, node.id, node.kind.as_str());
    if let Some(p) = &node.page {
        if let Some(t) = &p.page_type {
            head.push_str(&format!(" — {t}"));
        }
        report::line(head);
        report::line(format!("  file: {}", ctx.file(&p.path)));
        if !p.aliases.is_empty() {
            report::line(format!("  aliases: {}", p.aliases.join(", ")));
        }
        if !p.tags.is_empty() {
            report::line(format!("  tags: {}", p.tags.join(", ")));
        }
        if let Some(d) = &p.last_updated {
            report::line(format!("  last updated: {d}"));
        }
    } else {
        report::line(head);
    }
    for (title, list, other) in [("Out", &out, false), ("In", &into, true)] {
        report::line(format!("{title} ({})", list.len()));
        let mut groups: BTreeMap<&str, Vec<&LinkRecord<'_>>> = BTreeMap::new();
        for l in list.iter() {
            groups.entry(l.label()).or_default().push(l);
        }
        for (label, links) in groups {
            report::line(format!("  {label}"));
            let rows: Vec<Vec<String>> = links
                .iter()
                .map(|l| {
                    let peer = if other { l.source() } else { l.target() };
                    let peer_label = g
                        .node_by_id(peer)
                        .map_or(peer.to_owned(), |p| g.graph[p].label.clone());
                    vec![
                        peer_label,
                        l.note().map(|n| format!("— {n}")).unwrap_or_default(),
                        format!("{}:{}", ctx.file(l.file()), l.line()),
                    ]
                })
                .collect();
            report::table(&rows, 4);
        }
    }
    Ok(code)
}
