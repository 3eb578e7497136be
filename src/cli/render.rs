//! `wikigraph render [--from NODE --depth N] -o FILE.svg|png|pdf|dot`: a
//! diagram drawn by Graphviz `dot`, written atomically. Without Graphviz it
//! says how to install it (and `-o FILE.dot` still works).

use super::reach::{Direction, relation_keys};
use super::{Ctx, node, report};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use wikigraph::analysis::reach::ReachOptions;
use wikigraph::graph::EdgeKind;

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Draw the neighbourhood of this node (id, file stem, alias or title)
    /// instead of the whole graph.
    #[arg(long, value_name = "NODE")]
    from: Option<String>,
    /// How many links away from --from to go.
    #[arg(long, default_value_t = 1, requires = "from")]
    depth: u32,
    /// Around --from, follow links as written, against them, or both ways.
    #[arg(long, value_enum, default_value = "both")]
    direction: Direction,
    /// Keep only this relation (key or label as written); repeatable.
    #[arg(long = "relation", value_name = "R")]
    relations: Vec<String>,
    /// Leave out mentions (links in prose; with `mentions = false` in the
    /// configuration there are none).
    #[arg(long)]
    no_mentions: bool,
    /// Leave out citations.
    #[arg(long)]
    no_citations: bool,
    /// The file to write: .svg, .png or .pdf (drawn by Graphviz), or .dot.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
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
    let from = args.from.as_deref().map(|f| node(&g, f)).transpose()?;
    let no_mentions = args.no_mentions;
    let wanted = relation_keys(ctx, &args.relations);
    let keep = |kind: EdgeKind, key: &str| {
        let dropped = match kind {
            EdgeKind::Mentions => no_mentions,
            EdgeKind::Cites => args.no_citations,
            EdgeKind::Typed | EdgeKind::Related => false,
        };
        !dropped && (wanted.is_empty() || wanted.contains(key))
    };
    // Reach follows the same edges the diagram keeps.
    let relations: BTreeSet<String> = g
        .relations()
        .iter()
        .filter(|r| keep(r.kind, &r.key))
        .map(|r| r.key.clone())
        .collect();
    let opts = ReachOptions {
        depth: Some(args.depth),
        relations,
        walk: args.direction.into(),
        include_missing: true,
    };
    let sub = super::subgraph::cut(&g, from, &opts, &keep);
    if sub.graph.node_count() > 2000 && ctx.chatty() {
        report::note(format!(
            "drawing {} nodes: Graphviz may take a while (--from NODE --depth N draws one neighbourhood)",
            sub.graph.node_count()
        ));
    }
    let mut dot = Vec::new();
    let focus = from.map(|n| g.graph[n].id.as_str());
    wikigraph::export::dot::write(&sub, &Default::default(), focus, &mut dot)
        .context("cannot write DOT")?;

    let out = &args.output;
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".wikigraph-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into `{}`", dir.display()))?;
    match format {
        Output::Dot => tmp.write_all(&dot)?,
        Output::Drawn(t) => draw(&dot, t, tmp.path(), out)?,
    }
    // tempfile makes files only their owner can read; a diagram is for sharing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(out)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", out.display()))?;
    if ctx.chatty() {
        let around = match from {
            Some(n) => format!(
                " around {} (depth {}, {})",
                g.graph[n].label,
                args.depth,
                match args.direction {
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
