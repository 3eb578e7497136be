//! `wikigraph path FROM TO`: one shortest path, with each step's relation.

use super::reach::{Direction, relation_keys};
use super::report::{Cell, style};
use super::{Ctx, node, report, status};
use anyhow::Result;
use serde::Serialize;
use wikigraph::analysis::path::shortest_path;
use wikigraph::analysis::reach::ReachOptions;

/// Arguments of `path`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Start node.
    from: String,
    /// End node.
    to: String,
    /// Follow only this relation (key or label); repeatable.
    #[arg(long = "relation", value_name = "R")]
    relations: Vec<String>,
    /// Follow edges as written, against them, or both ways.
    #[arg(long, value_enum, default_value = "out")]
    direction: Direction,
}

#[derive(Serialize)]
struct Step<'a> {
    source: &'a str,
    target: &'a str,
    relation: &'a str,
    label: &'a str,
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct Report<'a> {
    from: &'a str,
    to: &'a str,
    steps: Vec<Step<'a>>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (g, _, code) = ctx.load(false)?;
    let (from, to) = (node(&g, &args.from)?, node(&g, &args.to)?);
    let opts = ReachOptions {
        relations: relation_keys(ctx, &args.relations),
        walk: args.direction.into(),
        ..Default::default()
    };
    let Some(path) = shortest_path(&g, from, to, &opts) else {
        if ctx.json {
            report::json(&Report {
                from: &g.graph[from].id,
                to: &g.graph[to].id,
                steps: Vec::new(),
            })?;
        }
        let how = match args.direction {
            Direction::Out => "following links as written",
            Direction::In => "following links backwards",
            Direction::Both => "following links both ways",
        };
        let rels = if args.relations.is_empty() {
            String::new()
        } else {
            format!(" by {}", args.relations.join(", "))
        };
        if ctx.verbosity > super::Verbosity::Quiet {
            report::note(format!(
                "no path from {} ({}) to {} ({}) {how}{rels}",
                g.graph[from].label, g.graph[from].id, g.graph[to].label, g.graph[to].id
            ));
            if ctx.chatty() && matches!(args.direction, Direction::Out) {
                report::note(report::paint(
                    style::DIM,
                    "hint: --direction both also follows links backwards",
                ));
            }
        }
        return Ok(status::FINDINGS.max(code));
    };
    let steps: Vec<Step<'_>> = path
        .iter()
        .filter_map(|&e| {
            let (s, t) = g.graph.edge_endpoints(e)?;
            let rel = g.relation(g.graph[e].relation);
            Some(Step {
                source: &g.graph[s].id,
                target: &g.graph[t].id,
                relation: &rel.key,
                label: &rel.label,
                file: g.edge_file(e),
                line: g.graph[e].line,
            })
        })
        .collect();
    if ctx.json {
        report::json(&Report {
            from: &g.graph[from].id,
            to: &g.graph[to].id,
            steps,
        })?;
        return Ok(code);
    }
    report::line(format!(
        "{} → {}: {} step{}",
        report::paint(style::HEADING, &g.graph[from].label),
        report::paint(style::HEADING, &g.graph[to].label),
        steps.len(),
        super::plural(steps.len())
    ));
    // Each step in walking order: `A ─rel→ B` when the link is followed as
    // written, `A ←rel─ B` when it is followed backwards (B wrote it).
    let mut cur = from;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for &e in &path {
        let Some((s, t)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let label = &g.relation(g.graph[e].relation).label;
        let (next, arrow) = if s == cur {
            (t, format!("─{label}→"))
        } else {
            (s, format!("←{label}─"))
        };
        rows.push(vec![
            g.graph[cur].label.as_str().into(),
            Cell::styled(style::RELATION, arrow),
            g.graph[next].label.as_str().into(),
            Cell::location(&ctx.file(g.edge_file(e)), Some(g.graph[e].line)),
        ]);
        cur = next;
    }
    report::table(&rows, 2);
    Ok(code)
}
