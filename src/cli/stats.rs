//! `wikigraph stats`: counts by kind, type and relation, components, hubs.

use super::report::{Cell, style};
use super::{Ctx, report};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use wikigraph::analysis::stats::stats;

/// Arguments of `stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many hubs to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

#[derive(Serialize)]
struct Hub<'a> {
    id: &'a str,
    label: &'a str,
    in_degree: usize,
    pagerank: f64,
}

#[derive(Serialize)]
struct Report<'a> {
    nodes: &'a BTreeMap<&'static str, usize>,
    types: &'a BTreeMap<String, usize>,
    edges: &'a BTreeMap<String, usize>,
    components: usize,
    largest_component: usize,
    mean_out_degree: f64,
    hubs: Vec<Hub<'a>>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (g, _, code) = ctx.load(false)?;
    let s = stats(&g, args.top);
    let report = Report {
        nodes: &s.nodes,
        types: &s.types,
        edges: &s.edges,
        components: s.components,
        largest_component: s.largest_component,
        mean_out_degree: s.mean_out_degree,
        hubs: s
            .hubs
            .iter()
            .map(|h| Hub {
                id: &g.graph[h.node].id,
                label: &g.graph[h.node].label,
                in_degree: h.in_degree,
                pagerank: h.pagerank,
            })
            .collect(),
    };
    if ctx.json {
        report::json(&report)?;
        return Ok(code);
    }
    let heading = |title: String| report::line(report::paint(style::HEADING, title));
    let counts = |m: &BTreeMap<String, usize>, note: &dyn Fn(&str) -> Option<&'static str>| {
        let mut v: Vec<(&String, &usize)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .map(|(k, n)| {
                vec![
                    n.to_string().into(),
                    Cell::from(k.as_str()),
                    Cell::styled(style::DIM, note(k).unwrap_or_default()),
                ]
            })
            .collect::<Vec<_>>()
    };
    let none = |_: &str| None;
    let nodes: BTreeMap<String, usize> = s.nodes.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    heading(format!("Nodes ({})", nodes.values().sum::<usize>()));
    let kind_note = |k: &str| match k {
        "missing" => Some("linked, no page"),
        "unlinked" => Some("plain-text connection targets"),
        "citation" => Some("URLs and plain-text sources"),
        _ => None,
    };
    report::table(&counts(&nodes, &kind_note), 2);
    heading(format!("Page types ({})", s.types.len()));
    report::table(&counts(&s.types, &none), 2);
    heading(format!(
        "Edges ({}) by relation",
        s.edges.values().sum::<usize>()
    ));
    let vocab = &ctx.opts.vocab;
    let rel_note = |k: &str| (!vocab.is_known(k)).then_some("not in the vocabulary");
    report::table(&counts(&s.edges, &rel_note), 2);
    heading(format!(
        "Components: {} (largest {} nodes); {:.1} edges per page",
        s.components, s.largest_component, s.mean_out_degree
    ));
    heading(format!("Hubs (top {} by PageRank)", report.hubs.len()));
    let mut rows = vec![vec![
        Cell::styled(style::DIM, "pagerank"),
        Cell::styled(style::DIM, "in"),
        Cell::styled(style::DIM, "node"),
        Cell::styled(style::DIM, "id"),
    ]];
    rows.extend(report.hubs.iter().map(|h| {
        vec![
            format!("{:.4}", h.pagerank).into(),
            h.in_degree.to_string().into(),
            h.label.into(),
            Cell::styled(style::DIM, h.id),
        ]
    }));
    report::table(&rows, 2);
    Ok(code)
}
