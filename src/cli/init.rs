//! `wikigraph init`: write a commented example `wikigraph.toml` into the
//! wiki folder.

use anyhow::{Context, Result, bail};
use std::path::Path;
use wikigraph::config::{EXAMPLE, FILE_NAME};

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Overwrite an existing wikigraph.toml.
    #[arg(long)]
    force: bool,
}

pub fn run(wiki: &Path, quiet: bool, args: &Args) -> Result<u8> {
    if !wiki.is_dir() {
        bail!(
            "wiki folder `{}` does not exist (use --wiki DIR)",
            super::relative_to_cwd(wiki).display()
        );
    }
    let path = wiki.join(FILE_NAME);
    let shown = super::relative_to_cwd(&path);
    if path.exists() && !args.force {
        bail!(
            "`{}` already exists; use --force to overwrite it",
            shown.display()
        );
    }
    std::fs::write(&path, EXAMPLE)
        .with_context(|| format!("cannot write `{}`", shown.display()))?;
    if !quiet {
        super::report::line(format!(
            "wrote {}: every key is commented out with its default; uncomment what your wiki needs",
            shown.display()
        ));
    }
    Ok(super::status::OK)
}
