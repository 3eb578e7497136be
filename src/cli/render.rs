//! `wikigraph render [--from NODE --depth N] -o FILE.svg|png|pdf|dot`: a
//! diagram drawn by Graphviz `dot`, written atomically. Without Graphviz it
//! says how to install it (and `-o FILE.dot` still works).

use super::filter::{DotArgs, FilterArgs};
use super::reach::Direction;
use super::{Ctx, report};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use wikigraph::export::{self, Format};

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to write: .svg, .png or .pdf (drawn by Graphviz), or .dot.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// Which part of the graph to draw (as for `export`).
    #[command(flatten)]
    filter: FilterArgs,
    /// How to draw it.
    #[command(flatten)]
    style: DotArgs,
}

/// The output formats, from the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Drawn(&'static str),
    Dot,
}

fn output_format(path: &Path) -> Result<Output> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "svg" => Output::Drawn("svg"),
        "png" => Output::Drawn("png"),
        "pdf" => Output::Drawn("pdf"),
        "dot" | "gv" => Output::Dot,
        _ => bail!(
            "cannot tell which format to write to `{}`: name it .svg, .png, .pdf or .dot",
            path.display()
        ),
    })
}

/// What Graphviz's absence looks like to the user.
fn install_hint(output: &Path) -> String {
    format!(
        "Graphviz is not installed (no `dot` program on PATH), and `render` needs it to draw `{}`.
Install it:
  Debian, Ubuntu:  sudo apt install graphviz
  Fedora:          sudo dnf install graphviz
  Arch:            sudo pacman -S graphviz
  macOS:           brew install graphviz
  Windows:         winget install graphviz
  others:          https://graphviz.org/download/
or write the diagram as DOT, which needs nothing: -o {}",
        output.display(),
        output.with_extension("dot").display()
    )
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let format = output_format(&args.output)?;
    let (g, _, code) = ctx.load(false)?;
    let (sub, focus) = args.filter.apply(ctx, g)?;
    if sub.graph.node_count() > 2000 && ctx.chatty() {
        report::note(format!(
            "drawing {} nodes: Graphviz may take a while (--from NODE --depth N draws one neighbourhood)",
            sub.graph.node_count()
        ));
    }
    let mut eopts = ctx.export_options();
    eopts.dot = args.style.options();
    eopts.focus = focus.clone();
    let mut dot = Vec::new();
    export::write(Format::Dot, &sub, &eopts, &mut dot).context("cannot write DOT")?;

    let out = &args.output;
    let mut staged =
        export::stage(out).with_context(|| format!("cannot write `{}`", out.display()))?;
    match format {
        Output::Dot => staged.file().write_all(&dot)?,
        Output::Drawn(t) => draw(&dot, t, staged.path(), out)?,
    }
    staged
        .commit()
        .with_context(|| format!("cannot write `{}`", out.display()))?;
    if ctx.chatty() {
        let f = &args.filter;
        let around = match focus.as_deref().and_then(|id| sub.node_by_id(id)) {
            Some(n) => format!(
                " around {} (depth {}, {})",
                sub.graph[n].label,
                f.depth.unwrap_or(1),
                match f.direction {
                    Direction::Out => "links as written",
                    Direction::In => "links backwards",
                    Direction::Both => "links both ways",
                }
            ),
            None => String::new(),
        };
        report::line(format!(
            "wrote {}: {} node{}, {} edge{}{around}",
            ctx.shown(out),
            sub.graph.node_count(),
            super::plural(sub.graph.node_count()),
            sub.graph.edge_count(),
            super::plural(sub.graph.edge_count()),
        ));
    }
    Ok(code)
}

/// Runs `dot -T<format>` on the DOT text, writing into `tmp`.
fn draw(dot: &[u8], format: &str, tmp: &Path, out: &Path) -> Result<()> {
    let child = Command::new("dot")
        .arg(format!("-T{format}"))
        .arg("-o")
        .arg(tmp)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("{}", install_hint(out)),
        Err(e) => return Err(e).context("cannot run Graphviz `dot`"),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // dot reads all of its input before it writes: no deadlock.
        stdin
            .write_all(dot)
            .context("cannot pass the diagram to `dot`")?;
    }
    let done = child.wait_with_output().context("`dot` did not finish")?;
    let warnings = String::from_utf8_lossy(&done.stderr);
    if !done.status.success() {
        bail!("Graphviz `dot` failed: {}", warnings.trim());
    }
    if !warnings.trim().is_empty() {
        report::note(format!("Graphviz: {}", warnings.trim()));
    }
    Ok(())
}
