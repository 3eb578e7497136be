//! `wikigraph completions SHELL`: a completion script on stdout.

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Install:
  bash  wikigraph completions bash > ~/.local/share/bash-completion/completions/wikigraph
  zsh   wikigraph completions zsh > ~/.zfunc/_wikigraph   (with fpath+=~/.zfunc before compinit)
  fish  wikigraph completions fish > ~/.config/fish/completions/wikigraph.fish")]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: &Args) -> Result<u8> {
    let mut cmd = super::Cli::command();
    // clap_complete panics when its writer fails: write into memory, then
    // to stdout, where a closed pipe (`| head`) is not an error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "wikigraph", &mut script);
    let mut out = std::io::stdout().lock();
    match out.write_all(&script).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stdout")
        }
        _ => Ok(super::status::OK),
    }
}
