//! `wikigraph orphans`: pages nothing links to, isolated pages, missing pages.

use super::{Ctx, report};
use anyhow::Result;
use serde::Serialize;
use wikigraph::analysis::audit::{entry_points, isolated, missing, orphans};

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
    let mut entries = entry_points(&g);
    for r in &args.roots {
        entries.push(super::node(&g, r)?);
    }
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
    let label = |i: &str| {
        g.node_by_id(i)
            .map_or(String::new(), |n| g.graph[n].label.clone())
    };
    report::line(format!(
        "Orphans ({}): pages no other page links to",
        report.orphans.len()
    ));
    report::table(
        &report
            .orphans
            .iter()
            .map(|o| vec![o.to_string(), label(o)])
            .collect::<Vec<_>>(),
        2,
    );
    report::line(format!(
        "Isolated ({}): pages with no edge at all",
        report.isolated.len()
    ));
    report::table(
        &report
            .isolated
            .iter()
            .map(|o| vec![o.to_string(), label(o)])
            .collect::<Vec<_>>(),
        2,
    );
    report::line(format!(
        "Missing ({}): linked pages that do not exist, most linked first",
        report.missing.len()
    ));
    for m in &report.missing {
        report::line(format!(
            "  {}  ({} page{})",
            m.label,
            m.pages,
            super::plural(m.pages)
        ));
        for r in &m.referrers {
            report::line(format!("      {}:{}", ctx.file(r.file), r.line));
        }
    }
    Ok(code)
}
