//! `wikigraph reach NODE`: everything reachable, with distances and paths.

use super::report::{Cell, style};
use super::{Ctx, node, report};
use anyhow::Result;
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::collections::BTreeSet;
use wikigraph::analysis::reach::{Reach, ReachOptions, Walk, reach};
use wikigraph::graph::WikiGraph;

/// Which way to follow edges.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Direction {
    /// As written.
    Out,
    /// Against (backlinks).
    In,
    /// Both ways.
    Both,
}

impl From<Direction> for Walk {
    fn from(d: Direction) -> Walk {
        match d {
            Direction::Out => Walk::Out,
            Direction::In => Walk::In,
            Direction::Both => Walk::Both,
        }
    }
}

/// Arguments of `reach`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Start node: id, file stem, alias or title.
    node: String,
    /// Greatest distance.
    #[arg(long)]
    depth: Option<u32>,
    /// Follow only this relation (key or label as written); repeatable.
    #[arg(long = "relation", value_name = "R")]
    relations: Vec<String>,
    /// Follow edges as written, against them, or both ways.
    #[arg(long, value_enum, default_value = "out")]
    direction: Direction,
    /// Also reach missing pages.
    #[arg(long)]
    include_missing: bool,
}

/// Relation arguments as keys: labels as written map through the vocabulary.
pub fn relation_keys(ctx: &Ctx, rels: &[String]) -> BTreeSet<String> {
    rels.iter().map(|r| ctx.opts.vocab.key_for(r)).collect()
}

#[derive(Serialize)]
struct Reached<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'static str,
    distance: u32,
    path: Vec<&'a str>,
}

#[derive(Serialize)]
struct Report<'a> {
    from: &'a str,
    nodes: Nodes<'a>,
}

/// The nodes of a report, each path made as it is written: all of them at
/// once grow as the square of a chain's length.
struct Nodes<'a>(Reach<'a>);

impl<'a> Nodes<'a> {
    fn iter(&self) -> impl Iterator<Item = Reached<'a>> + '_ {
        let g = self.0.graph();
        self.0.iter().map(move |r| Reached {
            id: &g.graph[r.node].id,
            label: &g.graph[r.node].label,
            kind: g.graph[r.node].kind.as_str(),
            distance: r.distance,
            path: r
                .path
                .iter()
                .map(|&e| g.relation(g.graph[e].relation).key.as_str())
                .collect(),
        })
    }
}

impl Serialize for Nodes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Steps of a path the human report names before it elides the middle.
const VIA_SHOWN: usize = 8;
/// Steps named before the ellipsis of a longer path, and after it.
const VIA_HEAD: usize = VIA_SHOWN / 2;
const VIA_TAIL: usize = VIA_SHOWN - VIA_HEAD - 1;

/// A path's relations as the human report shows them: all of them up to
/// [`VIA_SHOWN`], else the first and the last few around an ellipsis (the
/// distance column says how many).
fn via(path: &[&str]) -> String {
    if path.len() <= VIA_SHOWN {
        return path.join(" → ");
    }
    let mut parts: Vec<&str> = path[..VIA_HEAD].to_vec();
    parts.push("…");
    parts.extend_from_slice(&path[path.len() - VIA_TAIL..]);
    parts.join(" → ")
}

/// The human report's rows, in BFS order: (node, distance, via). A long
/// path is shown by its ends, and only they are walked: the first steps
/// are those of the node's ancestor [`VIA_HEAD`] steps from the start,
/// which each node takes from the node before it (BFS order comes to that
/// one first). Walking each whole path took time in the square of a
/// chain's length.
fn rows<'a>(found: &Reach<'a>) -> Vec<(NodeIndex, u32, String)> {
    let g = found.graph();
    let key = |e: EdgeIndex| g.relation(g.graph[e].relation).key.as_str();
    let mut anchor: Vec<Option<NodeIndex>> = vec![None; g.graph.node_count()];
    let mut rows = Vec::with_capacity(found.len());
    for (n, d) in found.nodes() {
        let text = if d as usize <= VIA_SHOWN {
            let path = found.path(n).unwrap_or_default();
            via(&path.into_iter().map(key).collect::<Vec<_>>())
        } else {
            let mut tail = Vec::with_capacity(VIA_TAIL);
            let mut at = n;
            while tail.len() < VIA_TAIL
                && let Some((e, before)) = found.previous(at)
            {
                tail.push(key(e));
                at = before;
            }
            tail.reverse();
            let head = found
                .previous(n)
                .and_then(|(_, before)| anchor[before.index()])
                .and_then(|a| found.path(a))
                .unwrap_or_default();
            let mut parts: Vec<&str> = head.into_iter().map(key).collect();
            parts.push("…");
            parts.extend(tail);
            parts.join(" → ")
        };
        anchor[n.index()] = if d as usize <= VIA_HEAD {
            Some(n)
        } else {
            found
                .previous(n)
                .and_then(|(_, before)| anchor[before.index()])
        };
        rows.push((n, d, text));
    }
    rows
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (g, _, code) = ctx.load(false)?;
    let from = node(&g, &args.node)?;
    let opts = ReachOptions {
        depth: args.depth,
        relations: relation_keys(ctx, &args.relations),
        walk: args.direction.into(),
        include_missing: args.include_missing,
    };
    let report = Report {
        from: &g.graph[from].id,
        nodes: Nodes(reach(&g, from, &opts)),
    };
    if ctx.json {
        report::json(&report)?;
    } else {
        print_human(ctx, &g, from, &args, &report);
    }
    Ok(code)
}

fn print_human(ctx: &Ctx, g: &WikiGraph, from: NodeIndex, args: &Args, r: &Report<'_>) {
    let mut how = Vec::new();
    if let Some(d) = args.depth {
        how.push(format!("within {d} step{}", super::plural(d as usize)));
    }
    how.push(
        match args.direction {
            Direction::Out => "following links as written",
            Direction::In => "following links backwards (what leads here)",
            Direction::Both => "following links both ways",
        }
        .to_owned(),
    );
    if !args.relations.is_empty() {
        how.push(format!("by {}", args.relations.join(", ")));
    }
    let start = &g.graph[from];
    let n = r.nodes.0.len();
    report::line(format!(
        "{} {}: {} node{} reachable {}",
        report::paint(style::HEADING, &start.label),
        report::paint(style::DIM, format!("({})", r.from)),
        n,
        super::plural(n),
        how.join(", ")
    ));
    if r.nodes.0.is_empty() {
        if ctx.chatty() && matches!(args.direction, Direction::Out) {
            report::line(report::paint(
                style::DIM,
                "hint: --direction in lists what links here; --direction both follows links both ways",
            ));
        }
        return;
    }
    let mut table = vec![vec![
        Cell::styled(style::DIM, "dist"),
        Cell::styled(style::DIM, "node"),
        Cell::styled(style::DIM, "via"),
        Cell::styled(style::DIM, "id"),
    ]];
    for (node, distance, via) in rows(&r.nodes.0) {
        let node = &g.graph[node];
        let id = match node.kind {
            wikigraph::NodeKind::Page => Cell::styled(style::DIM, node.id.as_str()),
            kind => Cell::styled(style::DIM, format!("({})", kind.as_str())),
        };
        table.push(vec![
            distance.to_string().into(),
            node.label.as_str().into(),
            Cell::styled(style::RELATION, via),
            id,
        ]);
    }
    report::table(&table, 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows show each path as [`via`] shows the whole path, though
    /// only its ends are walked. The relations differ at each step, and
    /// the chain branches, so that a wrong step shows.
    #[test]
    fn rows_show_each_whole_path() {
        use wikigraph::graph::{Lookup, SourcePage};
        let mut pages: Vec<(String, String)> = (0..40)
            .map(|i| {
                let next = i + 1;
                let text =
                    format!("## Connections\n- **R{i}**: [[p{next:02}]]\n- **S{i}**: [[q{i:02}]]");
                (format!("p{i:02}"), text)
            })
            .collect();
        pages.push(("p40".into(), "end".into()));
        let pages: Vec<SourcePage> = pages
            .iter()
            .map(|(id, text)| SourcePage::from_text(id, text, &Default::default()))
            .collect();
        let g = WikiGraph::build(pages, &wikigraph::vocab::Vocabulary::builtin(), None);
        let Lookup::Found(start) = g.lookup("p00") else {
            panic!("p00");
        };
        let opts = ReachOptions {
            include_missing: true,
            ..Default::default()
        };
        let found = reach(&g, start, &opts);
        let rows = rows(&found);
        assert_eq!(rows.len(), 80);
        for (n, d, shown) in rows {
            let path = found.path(n).expect("reached");
            assert_eq!(path.len(), d as usize);
            let keys: Vec<&str> = path
                .iter()
                .map(|&e| g.relation(g.graph[e].relation).key.as_str())
                .collect();
            assert_eq!(shown, via(&keys), "{}", g.graph[n].id);
        }
    }

    #[test]
    fn long_paths_are_shown_by_their_ends() {
        assert_eq!(via(&[]), "");
        assert_eq!(via(&["a", "b"]), "a → b");
        let eight = ["s"; VIA_SHOWN];
        assert_eq!(via(&eight), eight.join(" → "));
        let long: Vec<String> = (0..20).map(|i| format!("r{i}")).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        assert_eq!(via(&long), "r0 → r1 → r2 → r3 → … → r17 → r18 → r19");
    }
}
