//! Command-line definitions (clap) and report printing. Each subcommand
//! lives in its own module with its arguments and its `run`.

mod build;
mod check;
mod completions;
mod export;
mod filter;
mod init;
mod man;
mod orphans;
mod path;
mod progress;
mod reach;
mod render;
mod report;
mod show;
mod stats;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use petgraph::graph::NodeIndex;
use report::style;
use std::path::{Component, Path, PathBuf};
use wikigraph::analysis::audit;
use wikigraph::config::{self, Config};
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
Configuration:
  wikigraph.toml in the wiki folder or its parent (or --config FILE);
  `wikigraph init` writes a commented example.

Exit status:
  0  success (warnings allowed)
  1  `check --deny` found a denied finding, or `path` found no path
  2  usage or configuration error, or nothing could be built
  3  some input could not be read; everything readable was still built";

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always (even in pipes, and despite NO_COLOR).
    Always,
    /// Never.
    Never,
}

/// Turn a folder of markdown wiki pages into a typed knowledge graph,
/// audit it, and export it.
#[derive(Debug, Parser)]
#[command(name = "wikigraph", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// The wiki folder.
    #[arg(long, global = true, default_value = "wiki", value_name = "DIR")]
    pub wiki: PathBuf,

    /// Configuration file (default: wikigraph.toml in the wiki folder, else
    /// in its parent).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Follow symbolic links; whatever they lead to is read once.
    #[arg(long, global = true)]
    pub follow_links: bool,

    /// Print reports (and diagnostics, on stderr) as JSON.
    #[arg(long, global = true)]
    pub json: bool,

    /// Colour the output: auto (on a terminal, unless NO_COLOR is set),
    /// always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorWhen,

    /// Print only the report: no diagnostics, counts, hints, summaries or
    /// progress bar (the exit status still tells).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// List every diagnostic (reports otherwise print only their count),
    /// and say which configuration was used and how long reading took.
    #[arg(long, short, global = true)]
    pub verbose: bool,

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
    /// Draw the graph, or one node's neighbourhood, through Graphviz
    /// (SVG, PNG, PDF).
    Render(render::Args),
    /// Write a commented example wikigraph.toml into the wiki folder.
    Init(init::Args),
    /// Print a shell completion script.
    Completions(completions::Args),
    /// Write the man pages (to stdout, or one file per command into a folder).
    Man(man::Args),
}

/// How much to say besides the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// The report only.
    Quiet,
    /// The report, diagnostic counts, hints and summaries.
    Normal,
    /// Also every diagnostic, the configuration used and load figures.
    Verbose,
}

/// How a command shows the diagnostics of the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diags {
    /// List them all (build, export).
    List,
    /// Print their count, with a hint that `-v` lists them (reports).
    Count,
    /// Print nothing: the report shows them itself (`check`).
    Findings,
}

/// What every command gets: the load options, the configuration and the
/// output mode.
pub struct Ctx {
    /// How to load the wiki.
    pub opts: wikigraph::Options,
    /// The configuration (defaults when there is no file).
    pub config: Config,
    /// The configuration file, when one was read.
    pub config_file: Option<PathBuf>,
    /// JSON output.
    pub json: bool,
    /// How much to say.
    pub verbosity: Verbosity,
    /// The wiki folder as shown to the user: relative to the current
    /// directory when possible, so that terminals make paths clickable.
    pub wiki_shown: PathBuf,
}

impl Ctx {
    /// True unless `--quiet`.
    pub fn chatty(&self) -> bool {
        self.verbosity > Verbosity::Quiet && !self.json
    }

    /// Loads the wiki and builds the graph. Diagnostics are listed when
    /// `list` is set (build, export) or with `--verbose`; otherwise only
    /// counted; `--quiet` prints neither. Returns the graph and the exit
    /// status the input calls for (3 when something could not be read).
    pub fn load(&self, list: bool) -> Result<(WikiGraph, LoadStats, u8)> {
        self.load_with(if list { Diags::List } else { Diags::Count })
    }

    /// [`Ctx::load`], saying how to show the diagnostics.
    pub fn load_with(&self, diags: Diags) -> Result<(WikiGraph, LoadStats, u8)> {
        let start = std::time::Instant::now();
        let show_bar = self.verbosity > Verbosity::Quiet && progress::wanted();
        let (graph, stats) = progress::load(&self.opts, show_bar).map_err(|e| match e {
            wikigraph::walk::WalkError::NotFound(_) => {
                anyhow::anyhow!("{e} (use --wiki DIR to read another folder)")
            }
            e => e.into(),
        })?;
        // `mentions = false`: links in prose do not count, for any command.
        let graph = if self.config.wiki.mentions {
            graph
        } else {
            let f = wikigraph::subgraph::Filter {
                no_mentions: true,
                keep_pages: true,
                ..Default::default()
            };
            wikigraph::subgraph::subgraph(graph, &f)
        };
        let d = &graph.diagnostics;
        let code = match (self.verbosity, diags) {
            (Verbosity::Quiet, _) | (_, Diags::Findings) => exit_status(d),
            (Verbosity::Verbose, _) | (_, Diags::List) => self.report_diagnostics(d),
            (_, Diags::Count) => self.count_diagnostics(d, true),
        };
        if self.verbosity == Verbosity::Verbose && !self.json {
            report::note(report::paint(
                style::DIM,
                format!(
                    "read {} file{} ({:.1} KiB) from {} in {:.2}s",
                    stats.files_found,
                    plural(stats.files_found),
                    stats.bytes as f64 / 1024.0,
                    self.wiki_shown.display(),
                    start.elapsed().as_secs_f64()
                ),
            ));
        }
        Ok((graph, stats, code))
    }

    /// Prints diagnostics to stderr, compiler style (or as JSON lines), with
    /// a count, and returns the exit status they call for.
    pub fn report_diagnostics(&self, diags: &[Diagnostic]) -> u8 {
        let mut err = anstream::stderr().lock();
        for d in diags {
            use std::io::Write;
            let line = if self.json {
                serde_json::to_string(d).unwrap_or_default()
            } else {
                let shown = d.file.as_deref().map(|f| self.file(f));
                d.styled(shown.as_deref(), true).to_string()
            };
            let _ = writeln!(err, "{line}");
        }
        drop(err);
        self.count_diagnostics(diags, false)
    }

    fn count_diagnostics(&self, diags: &[Diagnostic], hint: bool) -> u8 {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags.len() - errors;
        if !self.json && errors + warnings > 0 {
            // Both counts, always: scripts and the README read this line.
            let paint = |n: usize, what: &str, st| {
                let text = format!("{n} {what}{}", plural(n));
                if n > 0 { report::paint(st, text) } else { text }
            };
            let parts = [
                paint(warnings, "warning", style::WARNING),
                paint(errors, "error", style::ERROR),
            ];
            let what = if hint {
                " reading the wiki (-v lists them)"
            } else {
                ""
            };
            report::note(format!("{}{what}", parts.join(", ")));
        }
        exit_status(diags)
    }

    /// Export settings from the configuration (`export.base_iri`).
    pub fn export_options(&self) -> wikigraph::export::ExportOptions {
        let mut o = wikigraph::export::ExportOptions::default();
        if let Some(iri) = &self.config.export.base_iri {
            o.base_iri.clone_from(iri);
        }
        o.relation_colors = self
            .opts
            .vocab
            .relations()
            .filter_map(|r| Some((r.key.clone(), r.color.clone()?)))
            .collect();
        o
    }

    /// The formats `build` writes (`export.formats`, default all four).
    pub fn export_formats(&self) -> &[wikigraph::export::Format] {
        &self.config.export.formats
    }

    /// The folder `build` writes into: `--out`, else `export.out`, else
    /// `exports`.
    pub fn out_dir(&self, arg: Option<PathBuf>) -> PathBuf {
        arg.or_else(|| self.config.export.out.clone())
            .unwrap_or_else(|| PathBuf::from("exports"))
    }

    /// A file of the wiki as the user can open it from where they stand.
    pub fn file(&self, rel: &str) -> String {
        joined(&self.wiki_shown, rel)
    }

    /// A path (of a file the user named) as shown to them.
    pub fn shown(&self, path: &Path) -> String {
        relative_to_cwd(path).display().to_string()
    }

    /// The entry points of the audit: `roots` from the command line when
    /// `replace` is set and there are some; otherwise the built-in ones
    /// (unless the configuration turns them off), the configured ones, and
    /// `roots`.
    pub fn entry_points(
        &self,
        g: &WikiGraph,
        roots: &[String],
        replace: bool,
    ) -> Result<Vec<NodeIndex>> {
        let mut entries = Vec::new();
        if !replace || roots.is_empty() {
            if self.config.audit.builtin_entry_points {
                entries = audit::entry_points(g);
            }
            for e in &self.config.audit.entry_points {
                let n = node(g, &e.name).with_context(|| {
                    let file = self
                        .config_file
                        .as_deref()
                        .map_or_else(|| config::FILE_NAME.to_owned(), |f| self.shown(f));
                    format!("{file}:{}: audit.entry_points", e.line)
                })?;
                entries.push(n);
            }
        }
        for r in roots {
            entries.push(node(g, r)?);
        }
        // Each once, in the order first given (a list of thousands, each
        // checked against all before it, took time in their square).
        let mut seen = std::collections::HashSet::new();
        entries.retain(|n| seen.insert(*n));
        Ok(entries)
    }
}

fn exit_status(diags: &[Diagnostic]) -> u8 {
    if diags.iter().any(|d| d.severity == Severity::Error) {
        status::UNREADABLE
    } else {
        status::OK
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

/// `dir.join(rel)` as text, made by concatenation when both are UTF-8: a
/// `check` report names a file on every line.
fn joined(dir: &Path, rel: &str) -> String {
    match dir.to_str() {
        Some("") => rel.to_owned(),
        Some(d) if !rel.starts_with('/') => {
            let sep = if d.ends_with('/') { "" } else { "/" };
            [d, sep, rel].concat()
        }
        _ => dir.join(rel).display().to_string(),
    }
}

/// `path` relative to the current directory when it lies inside it
/// (`wiki/x.md` rather than `/home/me/notes/wiki/x.md`); absolute
/// otherwise, so that a path written as `/tmp/x.svg` is shown as written,
/// wherever the command runs. Relative paths are kept as given, without a
/// leading `./`.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    if path.is_relative() {
        let cleaned: PathBuf = path
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        return if cleaned.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            cleaned
        };
    }
    let Ok(cwd) = std::env::current_dir() else {
        return path.to_owned();
    };
    match path.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_owned(),
        Err(_) => path.to_owned(),
    }
}

/// The configuration file to read: `--config`, else `wikigraph.toml` in the
/// wiki folder, else in its parent.
fn find_config(wiki: &Path, explicit: Option<&Path>) -> Result<Option<PathBuf>> {
    if let Some(f) = explicit {
        if !f.is_file() {
            bail!("configuration file `{}` does not exist", f.display());
        }
        return Ok(Some(f.to_owned()));
    }
    let here = wiki.join(config::FILE_NAME);
    if here.is_file() {
        return Ok(Some(here));
    }
    let parent = match wiki
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_owned))
    {
        Some(p) => p,
        None => return Ok(None),
    };
    let there = parent.join(config::FILE_NAME);
    Ok(there.is_file().then(|| relative_to_cwd(&there)))
}

/// Reads and parses the configuration file, if there is one.
fn read_config(file: Option<&Path>) -> Result<Config> {
    let Some(file) = file else {
        return Ok(Config::default());
    };
    let shown = relative_to_cwd(file);
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read `{}`", shown.display()))?;
    Ok(Config::parse(&text, &shown)?)
}

/// Parses the command line and runs it; the exit status.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                status::USAGE
            } else {
                status::OK
            };
        }
    };
    match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
    .write_global();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report::note(format!("{}: {e:#}", report::paint(style::ERROR, "error")));
            status::USAGE
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    // Commands that need neither a wiki nor its configuration.
    match &cli.command {
        Command::Completions(args) => return completions::run(args),
        Command::Man(args) => return man::run(args),
        Command::Init(args) => return init::run(&cli.wiki, cli.quiet, args),
        _ => {}
    }
    let config_file = find_config(&cli.wiki, cli.config.as_deref())?;
    let config = read_config(config_file.as_deref())?;
    let mut opts = wikigraph::Options::new(&cli.wiki);
    opts.walk.follow_links = cli.follow_links;
    config.apply(&mut opts);
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let ctx = Ctx {
        wiki_shown: relative_to_cwd(&cli.wiki),
        opts,
        config,
        config_file,
        json: cli.json,
        verbosity,
    };
    if verbosity == Verbosity::Verbose && !ctx.json {
        let used = match &ctx.config_file {
            Some(f) => format!("configuration: {}", f.display()),
            None => format!(
                "configuration: none ({} not found in {} or its parent)",
                config::FILE_NAME,
                ctx.wiki_shown.display()
            ),
        };
        report::note(report::paint(style::DIM, used));
    }
    match cli.command {
        Command::Build(args) => build::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Reach(args) => reach::run(&ctx, args),
        Command::Path(args) => path::run(&ctx, args),
        Command::Orphans(args) => orphans::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Render(args) => render::run(&ctx, args),
        Command::Init(_) | Command::Completions(_) | Command::Man(_) => Ok(status::OK),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_current_directory() {
        assert_eq!(
            relative_to_cwd(Path::new("./wiki/x.md")),
            Path::new("wiki/x.md")
        );
        assert_eq!(relative_to_cwd(Path::new(".")), Path::new("."));
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            relative_to_cwd(&cwd.join("wiki/x.md")),
            Path::new("wiki/x.md")
        );
        assert_eq!(relative_to_cwd(&cwd), Path::new("."));
        // Outside the current directory, as written: the output must not
        // depend on where the command runs.
        let sibling = cwd.parent().unwrap().join("other/x.md");
        assert_eq!(relative_to_cwd(&sibling), sibling);
        assert_eq!(relative_to_cwd(Path::new("/")), Path::new("/"));
    }

    #[test]
    fn a_file_is_shown_as_path_join_shows_it() {
        for dir in ["", ".", "wiki", "wiki/", "../w", "/abs/w", "/"] {
            for rel in ["x.md", "a/b.md", "/etc/x.md", "微信.md"] {
                let want = Path::new(dir).join(rel).display().to_string();
                assert_eq!(joined(Path::new(dir), rel), want, "{dir:?} + {rel:?}");
            }
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
