//! Makes a large wiki out of real ones, for benchmarks on real text.
//!
//! `cargo run --release --example replicate_wiki -- --copies 8 --out DIR WIKI...`
//!
//! The generated wikis of `gen_wiki` are denser in links than most written
//! ones, and their prose is uniform. This copies every page of each `WIKI`
//! `--copies` times under `DIR/NAME/` (`NAME` is the wiki folder's name, or
//! its parent's when the folder is called `wiki`). The first copy is the
//! wiki as it is; copy `k` adds `-k{k}` to every file stem, and to every
//! wikilink and markdown link whose last path segment names one of the
//! wikis' pages, so that each copy links within itself as the original does
//! rather than making every name ambiguous.

use clap::Parser;
use regex::{Captures, Regex};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Parser)]
struct Args {
    /// Copies of each wiki (the first is the wiki as it is).
    #[arg(long, default_value_t = 8)]
    copies: usize,
    /// Output folder (created; existing pages are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Wiki folders to copy.
    #[arg(required = true)]
    wikis: Vec<PathBuf>,
}

/// One source wiki: the folder name it is copied under, and its pages.
struct Source {
    name: String,
    dir: PathBuf,
    pages: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut sources: Vec<Source> = Vec::new();
    for dir in &args.wikis {
        let walked = wikigraph::walk::walk(dir, &wikigraph::walk::WalkOptions::default())?;
        let base = folder_name(dir);
        let mut name = base.clone();
        for n in 2.. {
            if sources.iter().all(|s| s.name != name) {
                break;
            }
            name = format!("{base}-{n}");
        }
        sources.push(Source {
            name,
            dir: dir.clone(),
            pages: walked.files.into_iter().map(|f| f.rel).collect(),
        });
    }
    // The stems that a link's last segment may name, compared loosely, as
    // the resolver's last step does (`[[Quick Start]]` names
    // `quick-start.md`), so that such links follow their page's copy too.
    let stems: HashSet<String> = sources
        .iter()
        .flat_map(|s| &s.pages)
        .map(|rel| wikigraph::text::slug_key(stem(rel)))
        .collect();
    let wikilink = Regex::new(r"\[\[([^\]|#\\\n]+)")?;
    let md_link = Regex::new(r"\]\(([^)\s#]+?)\.md")?;

    let (mut pages, mut bytes) = (0usize, 0usize);
    for k in 0..args.copies {
        let suffix = if k == 0 {
            String::new()
        } else {
            format!("-k{k}")
        };
        let rename = |target: &str| -> String {
            let (head, last) = target
                .rsplit_once('/')
                .map_or(("", target), |(h, l)| (h, l));
            let base = last.strip_suffix(".md").unwrap_or(last);
            if suffix.is_empty() || !stems.contains(&wikigraph::text::slug_key(base)) {
                return target.to_owned();
            }
            let sep = if head.is_empty() { "" } else { "/" };
            format!("{head}{sep}{base}{suffix}")
        };
        for source in &sources {
            for rel in &source.pages {
                let bytes_in = std::fs::read(source.dir.join(rel))?;
                // Pages that are not UTF-8 are copied as they are.
                let text = match String::from_utf8(bytes_in) {
                    Ok(text) if !suffix.is_empty() => {
                        let text = wikilink
                            .replace_all(&text, |c: &Captures<'_>| format!("[[{}", rename(&c[1])));
                        md_link
                            .replace_all(&text, |c: &Captures<'_>| {
                                format!("]({}.md", rename(&c[1]))
                            })
                            .into_owned()
                            .into_bytes()
                    }
                    Ok(text) => text.into_bytes(),
                    Err(e) => e.into_bytes(),
                };
                let out_rel = match rel.strip_suffix(".md") {
                    Some(base) => format!("{base}{suffix}.md"),
                    None => format!("{rel}{suffix}"),
                };
                let path = args.out.join(&source.name).join(out_rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, &text)?;
                pages += 1;
                bytes += text.len();
            }
        }
    }
    eprintln!(
        "wrote {pages} pages ({:.1} MB) to {}",
        bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}

/// The folder's name, or its parent's when it is called `wiki`.
fn folder_name(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let own = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    match own.as_deref() {
        Some("wiki") | None => dir
            .parent()
            .and_then(Path::file_name)
            .map_or_else(|| "wiki".to_owned(), |n| n.to_string_lossy().into_owned()),
        Some(name) => name.to_owned(),
    }
}

/// A page path's file stem.
fn stem(rel: &str) -> &str {
    let last = rel.rsplit('/').next().unwrap_or(rel);
    last.strip_suffix(".md").unwrap_or(last)
}
