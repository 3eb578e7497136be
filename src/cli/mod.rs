//! Command-line definitions (clap) and report printing. Each subcommand
//! lives in its own module with its arguments and its `run`.

mod build;
mod check;
mod export;
mod orphans;
mod path;
mod reach;
mod report;
mod show;
mod stats;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use petgraph::graph::NodeIndex;
use std::path::PathBuf;
use std::process::ExitCode;
use wikigraph::graph::{Lookup, WikiGraph};
use wikigraph::load::LoadStats;
use wikigraph::{Diagnostic, Severity};

/// Exit statuses, documented in `--help` and README.
pub mod status {
    /// Everything was read (warnings allowed).
    pub const OK: u8 = 0;
    /// A denied `check` finding, or no path.
    pub const FINDINGS: u8 = 1;
    /// Bad command line or configuration, or nothing could be built.
    pub const USAGE: u8 = 2;
    /// Some input could not be read; the rest was built.
    pub const UNREADABLE: u8 = 3;
}

const AFTER_HELP: &str = "\
Exit status:
  0  success (warnings allowed)
  1  `check --deny` found a denied finding, or `path` found no path
  2  usage or configuration error, or nothing could be built
  3  some input could not be read; everything readable was still built";

/// Turn a folder of markdown wiki pages into a typed knowledge graph,
/// audit it, and export it.
#[derive(Debug, Parser)]
#[command(name = "wikigraph", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// The wiki folder.
    #[arg(long, global = true, default_value = "wiki", value_name = "DIR")]
    pub wiki: PathBuf,

    /// Follow symbolic links inside the wiki.
    #[arg(long, global = true)]
    pub follow_links: bool,

    /// Print reports (and diagnostics, on stderr) as JSON.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write every export (graph.json, graph.dot, graph.graphml, graph.jsonld).
    Build(build::Args),
    /// Write one export, to stdout or a file.
    Export(export::Args),
    /// Everything reachable from a node, with distances and paths.
    Reach(reach::Args),
    /// A shortest path between two nodes.
    Path(path::Args),
    /// Pages nothing links to, isolated pages, and missing pages.
    Orphans(orphans::Args),
    /// The full audit, like a compiler: exit 1 on denied findings.
    Check(check::Args),
    /// Counts, components and hubs.
    Stats(stats::Args),
    /// One node with its edges both ways.
    Show(show::Args),
}

/// What every command gets: the load options and the output mode.
pub struct Ctx {
    /// How to load the wiki.
    pub opts: wikigraph::Options,
    /// JSON output.
    pub json: bool,
}

impl Ctx {
    /// Loads the wiki and builds the graph. With `verbose`, every diagnostic
    /// is printed; otherwise only a count. Returns the graph and the exit
    /// status the input calls for (3 when something could not be read).
    pub fn load(&self, verbose: bool) -> Result<(WikiGraph, LoadStats, u8)> {
        let (graph, stats) = wikigraph::build_wiki(&self.opts)?;
        let code = if verbose {
            self.report_diagnostics(&graph.diagnostics)
        } else {
            self.count_diagnostics(&graph.diagnostics)
        };
        Ok((graph, stats, code))
    }

    /// Prints diagnostics to stderr, compiler style (or as JSON lines), with
    /// a count, and returns the exit status they call for.
    pub fn report_diagnostics(&self, diags: &[Diagnostic]) -> u8 {
        for d in diags {
            if self.json {
                if let Ok(line) = serde_json::to_string(d) {
                    eprintln!("{line}");
                }
            } else {
                let shown = Diagnostic {
                    file: d
                        .file
                        .as_ref()
                        .map(|f| self.opts.wiki.join(f).display().to_string()),
                    ..d.clone()
                };
                eprintln!("{shown}");
            }
        }
        self.count_diagnostics(diags)
    }

    fn count_diagnostics(&self, diags: &[Diagnostic]) -> u8 {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags.len() - errors;
        if !self.json && errors + warnings > 0 {
            eprintln!(
                "{} warning{}, {} error{}",
                warnings,
                plural(warnings),
                errors,
                plural(errors)
            );
        }
        if errors > 0 {
            status::UNREADABLE
        } else {
            status::OK
        }
    }

    /// A file of the wiki as the user can open it from where they stand.
    pub fn file(&self, rel: &str) -> String {
        self.opts.wiki.join(rel).display().to_string()
    }
}

/// `s` for plurals.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Finds a NODE argument the way a wikilink finds a page; unknown or
/// ambiguous names are errors that list the closest candidates.
pub fn node(g: &WikiGraph, name: &str) -> Result<NodeIndex> {
    let list = |c: &[NodeIndex]| {
        c.iter()
            .map(|&n| format!("  {} ({})", g.graph[n].id, g.graph[n].label))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match g.lookup(name) {
        Lookup::Found(n) => Ok(n),
        Lookup::Ambiguous(c) => bail!(
            "`{name}` matches {} nodes; use an id:\n{}",
            c.len(),
            list(&c)
        ),
        Lookup::NotFound(c) if c.is_empty() => bail!("no node named `{name}`"),
        Lookup::NotFound(c) => bail!("no node named `{name}`; closest:\n{}", list(&c)),
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                status::USAGE
            } else {
                status::OK
            });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(status::USAGE)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    let mut opts = wikigraph::Options::new(&cli.wiki);
    opts.walk.follow_links = cli.follow_links;
    let ctx = Ctx {
        opts,
        json: cli.json,
    };
    match cli.command {
        Command::Build(args) => build::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Reach(args) => reach::run(&ctx, args),
        Command::Path(args) => path::run(&ctx, args),
        Command::Orphans(args) => orphans::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
    }
}
