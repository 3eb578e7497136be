//! `wikigraph reach NODE`: everything reachable, with distances and paths.

use super::report::{Cell, style};
use super::{Ctx, node, report};
use anyhow::Result;
use petgraph::graph::NodeIndex;
use serde::Serialize;
use std::collections::BTreeSet;
use wikigraph::analysis::reach::{ReachOptions, Walk, reach};
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
    nodes: Vec<Reached<'a>>,
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
    let found = reach(&g, from, &opts);
    let report = Report {
        from: &g.graph[from].id,
        nodes: found
            .iter()
            .map(|r| Reached {
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
            .collect(),
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
    let n = r.nodes.len();
    report::line(format!(
        "{} {}: {} node{} reachable {}",
        report::paint(style::HEADING, &start.label),
        report::paint(style::DIM, format!("({})", r.from)),
        n,
        super::plural(n),
        how.join(", ")
    ));
    if r.nodes.is_empty() {
        if ctx.chatty() && matches!(args.direction, Direction::Out) {
            report::line(report::paint(
                style::DIM,
                "hint: --direction in lists what links here; --direction both follows links both ways",
            ));
        }
        return;
    }
    let mut rows = vec![vec![
        Cell::styled(style::DIM, "dist"),
        Cell::styled(style::DIM, "node"),
        Cell::styled(style::DIM, "via"),
        Cell::styled(style::DIM, "id"),
    ]];
    for n in &r.nodes {
        let id = if n.kind == "page" {
            Cell::styled(style::DIM, n.id)
        } else {
            Cell::styled(style::DIM, format!("({})", n.kind))
        };
        rows.push(vec![
            n.distance.to_string().into(),
            n.label.into(),
            Cell::styled(style::RELATION, n.path.join(" → ")),
            id,
        ]);
    }
    report::table(&rows, 2);
}
