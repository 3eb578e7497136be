//! `wikigraph build`: every export into one folder, and a summary line.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::time::Instant;
use wikigraph::NodeKind;
use wikigraph::export::{self, Format};

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the exports into (created if needed; default:
    /// `export.out` in wikigraph.toml, else `exports`).
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    filter: super::filter::FilterArgs,
    #[command(flatten)]
    style: super::filter::StyleArgs,
}

pub fn run(ctx: &super::Ctx, args: Args) -> Result<u8> {
    let start = Instant::now();
    let (graph, stats, code) = ctx.load(true)?;
    let (graph, focus) = args.filter.apply(ctx, graph)?;
    // The process ends with the command: freeing the graph node by node
    // would be time spent on nothing.
    let graph = std::mem::ManuallyDrop::new(graph);
    let out = ctx.out_dir(args.out);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create `{}`", out.display()))?;
    let eopts = args.style.options(ctx.export_options(), focus);
    let targets: Vec<(Format, PathBuf)> = ctx
        .export_formats()
        .iter()
        .map(|&f| (f, out.join(f.file_name())))
        .collect();
    export::write_files(&graph, &eopts, &targets).with_context(|| {
        format!(
            "cannot write the exports into `{}` (the previous ones are left as they were)",
            ctx.shown(&out)
        )
    })?;
    let g = &graph.graph;
    let by_relation = graph.edges_per_relation_key();
    let relation_counts = by_relation.clone();
    let mut rels: Vec<(&str, usize)> = by_relation.into_iter().collect();
    rels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    const SHOWN: usize = 6;
    let mut shown: Vec<String> = rels
        .iter()
        .take(SHOWN)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if rels.len() > SHOWN {
        shown.push(format!("{} more relations", rels.len() - SHOWN));
    }
    let rels = shown;
    let missing = g
        .node_weights()
        .filter(|n| n.kind == NodeKind::Missing)
        .count();
    if ctx.json {
        // The same summary for scripts, with every relation and file.
        let summary = serde_json::json!({
            "pages": graph.page_count,
            "nodes": g.node_count(),
            "edges": g.edge_count(),
            "relations": relation_counts,
            "missing": missing,
            "files_found": stats.files_found,
            "unreadable": stats.unreadable,
            "out": ctx.shown(&out),
            "files": targets.iter().map(|(_, p)| ctx.shown(p)).collect::<Vec<_>>(),
            "seconds": start.elapsed().as_secs_f64(),
        });
        println!("{}", serde_json::to_string_pretty(&summary)?);
        return Ok(code);
    }
    if !ctx.chatty() {
        return Ok(code);
    }
    println!(
        "{} pages, {} nodes, {} edges ({}), {} missing targets; wrote {} in {:.2}s",
        graph.page_count,
        g.node_count(),
        g.edge_count(),
        rels.join(", "),
        missing,
        ctx.shown(&out),
        start.elapsed().as_secs_f64()
    );
    if stats.unreadable > 0 {
        eprintln!(
            "{} of {} files could not be read",
            stats.unreadable, stats.files_found
        );
    }
    Ok(code)
}
