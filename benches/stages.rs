//! Each stage of the pipeline on a generated 2,000-page wiki:
//! `cargo bench --bench stages`.
//!
//! The wiki is generated once (`examples/gen_wiki`, seed 1) into a temporary
//! folder. Stages: `walk`, `read_parse` (read every file and parse it, in
//! parallel as the loader does; bytes of page text per second), `graph_build`,
//! `audit`, `load` (walk to graph through `build_wiki`, end to end), and one
//! `export/*` per format into a byte-counting sink (bytes of output per
//! second). `examples/stages.rs` times the same stages once on any folder.

#[path = "../examples/gen_wiki/generator.rs"]
mod generator;

#[path = "support/counter.rs"]
mod counter;
use counter::Counter;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use wikigraph::analysis::audit;
use wikigraph::export::{ExportOptions, Format};
use wikigraph::graph::{SourcePage, WikiGraph};
use wikigraph::page::{ParseOptions, parse};
use wikigraph::vocab::Vocabulary;
use wikigraph::walk::{WalkOptions, walk};

const PAGES: usize = 2_000;

/// Writes the generated wiki into `dir`.
fn write_wiki(dir: &Path) {
    for f in generator::FOLDERS {
        std::fs::create_dir_all(dir.join(f)).expect("create folder");
    }
    for (rel, text) in generator::generate(PAGES, 1) {
        std::fs::write(dir.join(rel), text).expect("write page");
    }
}

/// Reads and parses every walked file, as `examples/stages.rs` does.
fn read_parse(files: &[wikigraph::walk::PageFile], opts: &ParseOptions) -> Vec<SourcePage> {
    files
        .par_iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(&f.abs).ok()?;
            Some(SourcePage::new(
                wikigraph::load::page_id(&f.rel),
                f.rel.clone(),
                parse(&text, opts),
            ))
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let tmp = tempfile::TempDir::new().expect("temp dir");
    let dir = tmp.path();
    write_wiki(dir);
    let wopts = WalkOptions::default();
    let popts = ParseOptions::default();
    let vocab = Vocabulary::builtin();

    let walked = walk(dir, &wopts).expect("walk");
    assert_eq!(walked.files.len(), PAGES);
    let bytes: u64 = walked
        .files
        .iter()
        .map(|f| std::fs::metadata(&f.abs).map_or(0, |m| m.len()))
        .sum();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(PAGES as u64));
    g.bench_function("walk", |b| {
        b.iter(|| black_box(walk(dir, &wopts).expect("walk")))
    });

    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("read_parse", |b| {
        b.iter(|| black_box(read_parse(&walked.files, &popts)))
    });

    let pages = read_parse(&walked.files, &popts);
    g.throughput(Throughput::Elements(PAGES as u64));
    g.bench_function("graph_build", |b| {
        b.iter_batched(
            || pages.clone(),
            |p| WikiGraph::build(p, &vocab, None),
            BatchSize::LargeInput,
        )
    });

    let graph = WikiGraph::build(pages, &vocab, None);
    g.bench_function("audit", |b| {
        b.iter(|| {
            let entries = audit::entry_points(&graph);
            black_box(audit::check(&graph, &vocab, &entries))
        })
    });

    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("load", |b| {
        b.iter(|| {
            black_box(
                wikigraph::load::build_wiki(&wikigraph::load::Options::new(dir)).expect("load"),
            )
        })
    });
    g.finish();

    let eo = ExportOptions::default();
    let mut g = c.benchmark_group("export");
    for f in [Format::Json, Format::JsonLd, Format::GraphMl, Format::Dot] {
        let mut sink = Counter(0);
        wikigraph::export::write(f, &graph, &eo, &mut sink).expect("export");
        g.throughput(Throughput::Bytes(sink.0 as u64));
        g.bench_function(f.name(), |b| {
            b.iter(|| {
                let mut sink = Counter(0);
                wikigraph::export::write(f, &graph, &eo, &mut sink).expect("export");
                black_box(sink.0)
            })
        });
    }
    g.finish();
}

/// Building the graph of a wiki whose folders each have an `index`, a
/// `README` and a page that links both thirty times: every such link
/// matches one page per folder and is read as its own folder's (issue 5:
/// no input shape may make a run crawl; it once took 30 s at 1,000
/// folders).
fn same_name_in_every_folder(c: &mut Criterion) {
    const FOLDERS: usize = 300;
    let popts = ParseOptions::default();
    let vocab = Vocabulary::builtin();
    let links = "[[index]] [[README]]\n".repeat(30);
    let pages: Vec<SourcePage> = (0..FOLDERS)
        .flat_map(|f| {
            [
                (format!("f{f}/index"), "# Index\n[[README]]\n".to_owned()),
                (format!("f{f}/README"), "# Readme\n[[index]]\n".to_owned()),
                (format!("f{f}/page"), format!("# Page\n{links}")),
            ]
        })
        .map(|(id, text)| SourcePage::new(id.clone(), format!("{id}.md"), parse(&text, &popts)))
        .collect();
    let mut g = c.benchmark_group("resolve");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("same_name_in_every_folder", |b| {
        b.iter_batched(
            || pages.clone(),
            |p| WikiGraph::build(p, &vocab, None),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

/// The audit of a wiki of free-form relation labels, half of them used
/// once and half twice: each label used once is compared with the labels
/// used more often for a near-miss suggestion (it once compared each with
/// every other: 6.4 s for 16,000 labels).
fn free_form_labels(c: &mut Criterion) {
    const LABELS: usize = 4000;
    let popts = ParseOptions::default();
    let vocab = Vocabulary::builtin();
    let pages: Vec<SourcePage> = (0..LABELS / 50)
        .map(|p| {
            let bullets: String = (p * 50..(p + 1) * 50)
                .map(|j| {
                    format!("- **Often Rel {j}**: [[p0]]\n- **Often Rel {j}**: [[p0]]\n- **Once Link {j}**: [[p0]]\n")
                })
                .collect();
            let id = format!("p{p}");
            let text = format!("# P{p}\n\n## Connections\n{bullets}");
            SourcePage::new(id.clone(), format!("{id}.md"), parse(&text, &popts))
        })
        .collect();
    let graph = WikiGraph::build(pages, &vocab, None);
    let mut g = c.benchmark_group("audit");
    g.throughput(Throughput::Elements(LABELS as u64 * 2));
    g.bench_function("free_form_labels", |b| {
        b.iter(|| wikigraph::analysis::audit::unknown_relations(&graph, &vocab))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages, same_name_in_every_folder, free_form_labels
}
criterion_main!(benches);
