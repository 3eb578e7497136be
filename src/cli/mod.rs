//! Command-line definitions (clap) and report printing. Each subcommand
//! lives in its own module with its arguments and its `run`.

mod build;
mod export;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use wikigraph::{Diagnostic, Severity};

/// Exit statuses, documented in `--help` and README.
pub mod status {
    /// Everything was read (warnings allowed).
    pub const OK: u8 = 0;
    /// Bad command line or configuration.
    pub const USAGE: u8 = 2;
    /// Some input could not be read; the rest was built.
    pub const UNREADABLE: u8 = 3;
}

const AFTER_HELP: &str = "\
Exit status:
  0  success (warnings allowed)
  1  `check --deny` found a denied finding, or `path` found no path
  2  usage or configuration error
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

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write every export (graph.json, graph.dot, graph.graphml, graph.jsonld).
    Build(build::Args),
    /// Write one export, to stdout or a file.
    Export(export::Args),
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
    let opts = load_options(&cli);
    match cli.command {
        Command::Build(args) => build::run(&opts, args),
        Command::Export(args) => export::run(&opts, args),
    }
}

fn load_options(cli: &Cli) -> wikigraph::Options {
    let mut opts = wikigraph::Options::new(&cli.wiki);
    opts.walk.follow_links = cli.follow_links;
    opts
}

/// Prints diagnostics to stderr, compiler style, and returns the exit
/// status they call for.
pub fn report_diagnostics(diags: &[Diagnostic], wiki: &std::path::Path) -> u8 {
    let mut errors = 0;
    let mut warnings = 0;
    for d in diags {
        let shown = Diagnostic {
            file: d.file.as_ref().map(|f| wiki.join(f).display().to_string()),
            ..d.clone()
        };
        eprintln!("{shown}");
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    if errors + warnings > 0 {
        eprintln!(
            "{} warning{}, {} error{}",
            warnings,
            if warnings == 1 { "" } else { "s" },
            errors,
            if errors == 1 { "" } else { "s" }
        );
    }
    if errors > 0 {
        status::UNREADABLE
    } else {
        status::OK
    }
}
