//! `wikigraph show NODE`: one node with its edges both ways (backlinks).

use super::report::{Cell, style};
use super::{Ctx, node, report};
use anyhow::Result;
use petgraph::Direction;
use petgraph::graph::EdgeIndex;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use wikigraph::export::json::{LinkRecord, NodeRecord};
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

/// The edges of `n` one way, in edge order, each with its `key` (see
/// [`link_key`]): counted as they come, per node at the other end, since
/// every edge between `n` and that node is in the list. Asking `link_key`
/// for each took time in the square of the edges between one pair (50,000
/// bullets naming one page: 4.6 s).
fn keyed_edges(g: &WikiGraph, n: NodeIndex, dir: Direction) -> Vec<(EdgeIndex, u32)> {
    let mut v: Vec<(EdgeIndex, NodeIndex)> = g
        .graph
        .edges_directed(n, dir)
        .map(|e| {
            let other = match dir {
                Direction::Outgoing => e.target(),
                Direction::Incoming => e.source(),
            };
            (e.id(), other)
        })
        .collect();
    v.sort_unstable();
    let mut before: HashMap<NodeIndex, u32> = HashMap::new();
    v.into_iter()
        .map(|(e, other)| {
            let count = before.entry(other).or_insert(0);
            let key = *count;
            *count += 1;
            (e, key)
        })
        .collect()
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (g, _, code) = ctx.load(false)?;
    let n = node(&g, &args.node)?;
    let records = |dir| -> Vec<LinkRecord<'_>> {
        keyed_edges(&g, n, dir)
            .into_iter()
            .filter_map(|(e, key)| LinkRecord::new(&g, e, key))
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
        field("attachments", p.attachments.join(", "));
        field("updated", p.last_updated.clone().unwrap_or_default());
        report::table(&rows, 2);
    }
    for (title, dir) in [("Out", Direction::Outgoing), ("In", Direction::Incoming)] {
        let list: Vec<EdgeIndex> = keyed_edges(g, n, dir).into_iter().map(|(e, _)| e).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use wikigraph::export::json::link_key;
    use wikigraph::graph::{Lookup, SourcePage};

    /// Keys counted along a node's edges are those `link_key` gives each
    /// edge: many edges to one page, to itself, and from others.
    #[test]
    fn keys_along_the_edges_are_each_edges_key() {
        let a = "## Connections\n".to_owned()
            + &"- **Complements**: [[b]]\n".repeat(5)
            + "- **Uses**: [[a]]\n- **Uses**: [[a]]\n[[c]] [[b]]\n- **Part of**: [[c]]";
        let pages: Vec<SourcePage> = [
            ("a", a.as_str()),
            ("b", "[[a]] [[a]]"),
            ("c", "## Connections\n- **Uses**: [[a]]\n- **Has**: [[a]]"),
        ]
        .iter()
        .map(|(id, text)| SourcePage::from_text(id, text, &Default::default()))
        .collect();
        let g = WikiGraph::build(pages, &wikigraph::vocab::Vocabulary::builtin(), None);
        let Lookup::Found(n) = g.lookup("a") else {
            panic!("a");
        };
        for dir in [Direction::Outgoing, Direction::Incoming] {
            let keyed = keyed_edges(&g, n, dir);
            assert!(keyed.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(keyed.iter().any(|(_, k)| *k > 0), "{dir:?}");
            for (e, key) in keyed {
                assert_eq!(key, link_key(&g, e), "{dir:?} {e:?}");
            }
        }
    }
}
