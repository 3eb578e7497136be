//! `wikigraph orphans`: pages nothing links to, isolated pages, missing pages.

use super::report::{Cell, style};
use super::{Ctx, report};
use anyhow::Result;
use serde::Serialize;
use wikigraph::analysis::audit::{isolated, missing, orphans};
use wikigraph::graph::WikiGraph;

/// Arguments of `orphans`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Extra entry points (never counted as orphans); repeatable.
    #[arg(long = "root", value_name = "NODE")]
    roots: Vec<String>,
}

#[derive(Serialize)]
struct Referrer<'a> {
    id: &'a str,
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct MissingOut<'a> {
    id: &'a str,
    label: &'a str,
    pages: usize,
    referrers: Vec<Referrer<'a>>,
}

#[derive(Serialize)]
struct Report<'a> {
    entry_points: Vec<&'a str>,
    orphans: Vec<&'a str>,
    isolated: Vec<&'a str>,
    missing: Vec<MissingOut<'a>>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (g, _, code) = ctx.load(false)?;
    let entries = ctx.entry_points(&g, &args.roots, false)?;
    let id = |n: petgraph::graph::NodeIndex| g.graph[n].id.as_str();
    let report = Report {
        entry_points: entries.iter().map(|&n| id(n)).collect(),
        orphans: orphans(&g, &entries).into_iter().map(id).collect(),
        isolated: isolated(&g).into_iter().map(id).collect(),
        missing: missing(&g)
            .into_iter()
            .map(|m| MissingOut {
                id: id(m.node),
                label: &g.graph[m.node].label,
                pages: m.pages,
                referrers: m
                    .referrers
                    .iter()
                    .filter_map(|&e| {
                        let (s, _) = g.graph.edge_endpoints(e)?;
                        Some(Referrer {
                            id: id(s),
                            file: g.edge_file(e),
                            line: g.graph[e].line,
                        })
                    })
                    .collect(),
            })
            .collect(),
    };
    if ctx.json {
        report::json(&report)?;
        return Ok(code);
    }
    print_human(ctx, &g, &report);
    Ok(code)
}

fn print_human(ctx: &Ctx, g: &WikiGraph, report: &Report<'_>) {
    let heading = |name: &str, n: usize, what: &str| {
        report::line(format!(
            "{}: {}",
            report::paint(style::HEADING, format!("{name} ({n})")),
            report::paint(style::DIM, what)
        ));
    };
    // A page as the user can open it, with its title.
    let page_rows = |ids: &[&str]| -> Vec<Vec<Cell>> {
        ids.iter()
            .map(|i| match g.node_by_id(i) {
                Some(n) => {
                    let node = &g.graph[n];
                    let file = node
                        .page
                        .as_ref()
                        .map_or(i.to_string(), |p| ctx.file(&p.path));
                    vec![Cell::location(&file, None), node.label.as_str().into()]
                }
                None => vec![Cell::from(*i)],
            })
            .collect()
    };
    heading(
        "Orphans",
        report.orphans.len(),
        "pages no other page links to",
    );
    report::table(&page_rows(&report.orphans), 2);
    heading(
        "Isolated",
        report.isolated.len(),
        "pages with no link in or out",
    );
    report::table(&page_rows(&report.isolated), 2);
    heading(
        "Missing",
        report.missing.len(),
        "linked pages that do not exist, most linked first",
    );
    for m in &report.missing {
        report::line(format!(
            "  {} {}",
            m.label,
            report::paint(
                style::DIM,
                format!("({} page{})", m.pages, super::plural(m.pages))
            )
        ));
        let rows: Vec<Vec<Cell>> = m
            .referrers
            .iter()
            .map(|r| {
                let by = g
                    .node_by_id(r.id)
                    .map_or(r.id, |n| g.graph[n].label.as_str());
                vec![
                    Cell::location(&ctx.file(r.file), Some(r.line)),
                    Cell::styled(style::DIM, by),
                ]
            })
            .collect();
        report::table(&rows, 4);
    }
    if ctx.chatty() {
        let entries = if report.entry_points.is_empty() {
            "none (no index, overview, README or home at the wiki root; add --root or audit.entry_points)".to_owned()
        } else {
            report.entry_points.join(", ")
        };
        report::line(report::paint(
            style::DIM,
            format!("entry points, never orphans: {entries}"),
        ));
    }
}
