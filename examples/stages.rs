//! Times each stage of the pipeline on one wiki, for profiling.
//!
//! `cargo run --release --example stages -- DIR`
//!
//! Prints wall time for walk, read + parse, graph, audit and each export
//! (written to a sink), so that a change to one stage can be measured alone.
//! With `PARSE_ONLY=1` it parses every page three more times on one thread
//! and stops, for a profiler.

#[path = "../benches/support/counter.rs"]
mod counter;
use counter::Counter;
use std::time::Instant;

#[global_allocator]
static GLOBAL: wikigraph::allocator::MiMalloc = wikigraph::allocator::MiMalloc;
use wikigraph::analysis::audit;
use wikigraph::export::{ExportOptions, Format};
use wikigraph::graph::{SourcePage, WikiGraph};
use wikigraph::page::{ParseOptions, parse};
use wikigraph::vocab::Vocabulary;
use wikigraph::walk::{WalkOptions, walk};

/// Resident and peak memory so far (Linux), for a stage's line.
fn mem() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            .map_or_else(|| "?".to_owned(), |kb| format!("{}", kb / 1024))
    };
    format!("rss {} MiB, peak {} MiB", field("VmRSS:"), field("VmHWM:"))
}

fn main() -> anyhow::Result<()> {
    // As the binary does.
    wikigraph::process::no_huge_pages();
    use rayon::prelude::*;
    let dir = std::env::args().nth(1).unwrap_or_else(|| "wiki".into());
    // The whole load as commands run it, first.
    let t = Instant::now();
    let (loaded, _) = wikigraph::load::build_wiki(&wikigraph::load::Options::new(&dir))?;
    println!(
        "load      {:>8.3} s  (walk, read, parse, graph)  {}",
        t.elapsed().as_secs_f64(),
        mem()
    );
    let t = Instant::now();
    drop(loaded);
    println!("drop      {:>8.3} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let walked = walk(std::path::Path::new(&dir), &WalkOptions::default())?;
    println!(
        "walk      {:>8.3} s  {} files  {}",
        t.elapsed().as_secs_f64(),
        walked.files.len(),
        mem()
    );

    let t = Instant::now();
    let texts: Vec<(String, String)> = walked
        .files
        .par_iter()
        .filter_map(|f| Some((f.rel.clone(), std::fs::read_to_string(&f.abs).ok()?)))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.1.len()).sum();
    println!(
        "read      {:>8.3} s  {:.1} MB  {}",
        t.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        mem()
    );

    let t = Instant::now();
    let opts = ParseOptions::default();
    let pages: Vec<SourcePage> = texts
        .par_iter()
        .map(|(rel, text)| {
            SourcePage::new(
                wikigraph::load::page_id(rel),
                rel.clone(),
                parse(text, &opts),
            )
        })
        .collect();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "parse     {:>8.3} s  {:.0} MB/s  {}",
        secs,
        bytes as f64 / 1e6 / secs,
        mem()
    );
    if std::env::var_os("PARSE_ONLY").is_some() {
        // For a profiler: parse a few more times, one thread, then stop.
        for _ in 0..3 {
            for (_, text) in &texts {
                std::hint::black_box(parse(text, &opts));
            }
        }
        return Ok(());
    }

    let t = Instant::now();
    let vocab = Vocabulary::builtin();
    let g = WikiGraph::build(pages, &vocab, None);
    println!(
        "graph     {:>8.3} s  {} nodes, {} edges  {}",
        t.elapsed().as_secs_f64(),
        g.graph.node_count(),
        g.graph.edge_count(),
        mem()
    );

    let t = Instant::now();
    let entries = audit::entry_points(&g);
    let findings = audit::check(&g, &vocab, &entries);
    println!(
        "audit     {:>8.3} s  {} findings  {}",
        t.elapsed().as_secs_f64(),
        findings.len(),
        mem()
    );

    let eo = ExportOptions::default();
    for f in [Format::Json, Format::JsonLd, Format::GraphMl, Format::Dot] {
        let t = Instant::now();
        let mut sink = Counter(0);
        wikigraph::export::write(f, &g, &eo, &mut sink)?;
        println!(
            "{:<9} {:>8.3} s  {:.1} MB",
            f.name(),
            t.elapsed().as_secs_f64(),
            sink.0 as f64 / 1e6
        );
    }
    Ok(())
}
