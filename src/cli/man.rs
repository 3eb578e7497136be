//! `wikigraph man [--out DIR]`: the man page (roff), from the clap
//! definitions, so it never disagrees with `--help`.

use anyhow::{Context, Result};
use clap::CommandFactory;
use std::path::PathBuf;

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write wikigraph.1 and one wikigraph-COMMAND.1 per command into this
    /// folder (created if needed) instead of printing wikigraph.1.
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<u8> {
    // No page for `help`: generate_to leaves it out too.
    let cmd = super::Cli::command().disable_help_subcommand(true);
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write into `{}`", dir.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = clap_mangen::Man::new(cmd).render(&mut out)
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(e).context("cannot write to stdout");
            }
        }
    }
    Ok(super::status::OK)
}
