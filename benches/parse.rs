//! Page parser throughput (MB/s): `cargo bench --bench parse`.
//!
//! Three groups, each reporting bytes per second of page text:
//! - `parse/generated`: 500 pages from the benchmark wiki generator
//!   (`examples/gen_wiki`), parsed one by one;
//! - `parse/sample_wiki`: every page of the sample wiki in `wiki/`;
//! - `parse/hostile`: one page with 20,000 `[[links]]` on one line, and one
//!   with 20,000 unclosed `[[` on one line (no backtracking blow-up allowed).

#[path = "../examples/gen_wiki/generator.rs"]
mod generator;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use wikigraph::page::{ParseOptions, parse};

/// Every `*.md` file under `dir`, recursively, sorted by path.
fn read_pages(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_pages(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
            out.push((p.display().to_string(), text));
        }
    }
}

fn bench_pages(c: &mut Criterion, name: &str, pages: &[(String, String)]) {
    let opts = ParseOptions::default();
    let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(name, |b| {
        b.iter(|| {
            for (_, text) in pages {
                black_box(parse(black_box(text), &opts));
            }
        })
    });
    g.finish();
}

fn generated(c: &mut Criterion) {
    let pages: Vec<_> = generator::generate(500, 1).collect();
    bench_pages(c, "generated", &pages);
}

fn sample_wiki(c: &mut Criterion) {
    let mut pages = Vec::new();
    read_pages(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("wiki"),
        &mut pages,
    );
    assert!(!pages.is_empty(), "no pages in the sample wiki");
    bench_pages(c, "sample_wiki", &pages);
}

fn hostile(c: &mut Criterion) {
    let mut links = String::from("---\ntitle: Hostile\n---\n## Overview\n");
    for i in 0..20_000 {
        links.push_str(&format!("[[Link {i}]] "));
    }
    links.push('\n');
    let mut unclosed = String::from("---\ntitle: Unclosed\n---\n## Overview\n");
    for i in 0..20_000 {
        unclosed.push_str(&format!("[[open {i} "));
    }
    unclosed.push('\n');
    let opts = ParseOptions::default();
    let mut g = c.benchmark_group("parse/hostile");
    for (name, text) in [
        ("20k_links_one_line", &links),
        ("20k_unclosed_one_line", &unclosed),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(parse(black_box(text), &opts)))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = generated, sample_wiki, hostile
}
criterion_main!(benches);
