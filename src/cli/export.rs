//! `wikigraph export --format F [-o FILE]`: one export, to stdout by default.

use anyhow::{Context, Result, anyhow};
use std::path::PathBuf;
use wikigraph::export::{self, Format, mermaid};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// dot, jsonld, graphml, json, cypher or mermaid.
    #[arg(long, short, value_parser = parse_format)]
    format: Format,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    filter: super::filter::FilterArgs,
    #[command(flatten)]
    style: super::filter::StyleArgs,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

pub fn run(ctx: &super::Ctx, args: Args) -> Result<u8> {
    let (graph, _, code) = ctx.load(true)?;
    let (graph, focus) = args.filter.apply(ctx, graph)?;
    // The process ends with the command: freeing the graph is time spent on
    // nothing.
    let graph = std::mem::ManuallyDrop::new(graph);
    let eopts = args.style.options(ctx.export_options(), focus);
    if args.format == Format::Mermaid && graph.graph.edge_count() > mermaid::GITHUB_MAX_EDGES {
        eprintln!(
            "warning: {} edges: GitHub renders Mermaid diagrams of at most {}; cut the graph with --from/--depth or the other filters",
            graph.graph.edge_count(),
            mermaid::GITHUB_MAX_EDGES
        );
    }
    match args
        .output
        .as_deref()
        .filter(|p| *p != std::path::Path::new("-"))
    {
        Some(path) => export::write_file(args.format, &graph, &eopts, path)
            .with_context(|| format!("cannot write `{}`", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            if let Err(e) = export::write(args.format, &graph, &eopts, &mut lock) {
                // A closed pipe (`| head`) is not an error worth a message.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(anyhow!(e).context("cannot write to stdout"));
                }
            }
        }
    }
    Ok(code)
}
