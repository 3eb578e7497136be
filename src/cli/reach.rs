//! `wikigraph reach NODE`: everything reachable, with distances and paths.

use super::{Ctx, node, report};
use anyhow::Result;
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
        print_human(&g, from, &report);
    }
    Ok(code)
}

fn print_human(g: &WikiGraph, from: petgraph::graph::NodeIndex, r: &Report<'_>) {
    report::line(format!(
        "{} ({}): {} node{} reachable",
        g.graph[from].label,
        r.from,
        r.nodes.len(),
        super::plural(r.nodes.len())
    ));
    let mut rows = vec![vec![
        "dist".into(),
        "node".into(),
        "id".into(),
        "via".into(),
    ]];
    for n in &r.nodes {
        let id = if n.kind == "page" {
            n.id.to_owned()
        } else {
            format!("{} ({})", n.id, n.kind)
        };
        rows.push(vec![
            n.distance.to_string(),
            n.label.to_owned(),
            id,
            n.path.join(" → "),
        ]);
    }
    if !r.nodes.is_empty() {
        report::table(&rows, 2);
    }
}
