//! Fuzz target: a whole small wiki. The input is split into pages at NUL
//! bytes; the first line of each piece is its path. Resolution, the graph,
//! every analysis and every export must accept it without panicking, and
//! every page must be a node.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::sink;
use wikigraph::analysis::{audit, reach, stats};
use wikigraph::export::{self, ExportOptions, Format};
use wikigraph::graph::{SourcePage, WikiGraph};
use wikigraph::page::ParseOptions;
use wikigraph::vocab::Vocabulary;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut pages: Vec<SourcePage> = Vec::new();
    for (i, piece) in text.split('\0').take(16).enumerate() {
        let (name, body) = piece.split_once('\n').unwrap_or((piece, ""));
        let name: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
        let id = format!("{}{i}", name.trim_matches('/'));
        if pages.iter().any(|p| p.id == id) {
            continue;
        }
        pages.push(SourcePage::from_text(&id, body, &ParseOptions::default()));
    }
    let n = pages.len();
    let vocab = Vocabulary::builtin();
    let g = WikiGraph::build(pages, &vocab, Some("wiki"));
    assert_eq!(g.page_count, n);
    let entries = audit::entry_points(&g);
    let _ = audit::check(&g, &vocab, &entries);
    let _ = stats::stats(&g, 10);
    if g.graph.node_count() > 0 {
        let from = petgraph::graph::NodeIndex::new(0);
        let _ = reach::reach(&g, from, &reach::ReachOptions::default());
    }
    for f in Format::ALL {
        export::write(f, &g, &ExportOptions::default(), &mut sink()).expect("export to a sink");
    }
});
