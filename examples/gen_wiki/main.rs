//! A deterministic wiki generator for benchmarks.
//!
//! `cargo run --release --example gen_wiki -- --pages 100000 --out DIR --seed 1`
//!
//! Writes the pages of [`generator`] (see its documentation for the
//! structure: power-law in-degree, ~25 links per page, ~5% missing, ~3%
//! orphans, CJK titles, subfolders, aliases, plain-text targets, every
//! connection form) under `DIR`. The same arguments always write the same
//! bytes.

mod generator;

use clap::Parser;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// Number of pages.
    #[arg(long, default_value_t = 10_000)]
    pages: usize,
    /// Output folder (created; existing pages are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    for f in generator::FOLDERS {
        std::fs::create_dir_all(args.out.join(f))?;
    }
    let mut bytes = 0usize;
    for (rel, text) in generator::generate(args.pages, args.seed) {
        bytes += text.len();
        let mut f = std::io::BufWriter::new(std::fs::File::create(args.out.join(rel))?);
        f.write_all(text.as_bytes())?;
    }
    eprintln!(
        "wrote {} pages ({:.1} MB) to {}",
        args.pages,
        bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}
