//! Exports: one module per format, each streaming the graph to a writer.
//! Files are written atomically (a temporary file in the same folder, then a
//! rename), so an interrupted run leaves the previous export intact.

pub mod cypher;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod jsonld;
pub mod mermaid;
pub mod style;

use crate::graph::WikiGraph;
use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Graphviz DOT (`graph.dot`).
    Dot,
    /// JSON-LD 1.1 (`graph.jsonld`).
    JsonLd,
    /// GraphML (`graph.graphml`).
    GraphMl,
    /// Node-link JSON (`graph.json`).
    Json,
    /// Cypher `MERGE` script (`graph.cypher`), for Neo4j and Memgraph.
    Cypher,
    /// Mermaid flowchart (`graph.mmd`), as GitHub renders it.
    Mermaid,
}

impl Format {
    /// Every format `build` writes, in the order it writes them.
    pub const ALL: [Format; 4] = [Format::Json, Format::Dot, Format::GraphMl, Format::JsonLd];

    /// Every format, including those only `export` writes.
    pub const EVERY: [Format; 6] = [
        Format::Json,
        Format::Dot,
        Format::GraphMl,
        Format::JsonLd,
        Format::Cypher,
        Format::Mermaid,
    ];

    /// The file name `build` uses.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Dot => "graph.dot",
            Format::JsonLd => "graph.jsonld",
            Format::GraphMl => "graph.graphml",
            Format::Json => "graph.json",
            Format::Cypher => "graph.cypher",
            Format::Mermaid => "graph.mmd",
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::JsonLd => "jsonld",
            Format::GraphMl => "graphml",
            Format::Json => "json",
            Format::Cypher => "cypher",
            Format::Mermaid => "mermaid",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "dot" | "graphviz" => Ok(Format::Dot),
            "jsonld" | "json-ld" => Ok(Format::JsonLd),
            "graphml" => Ok(Format::GraphMl),
            "json" => Ok(Format::Json),
            "cypher" | "cql" => Ok(Format::Cypher),
            "mermaid" | "mmd" => Ok(Format::Mermaid),
            other => Err(format!(
                "unknown format `{other}` (expected dot, jsonld, graphml, json, cypher or mermaid)"
            )),
        }
    }
}

/// Settings of the exports.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Base IRI for JSON-LD node ids.
    pub base_iri: String,
    /// How the DOT diagram is laid out.
    pub dot: dot::DotOptions,
    /// GraphML: add yEd's graphics (labels, colours, sizes).
    pub yed: bool,
    /// Id of a node the diagrams emphasise (the centre of a neighbourhood).
    pub focus: Option<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            base_iri: jsonld::DEFAULT_BASE.to_owned(),
            dot: dot::DotOptions::default(),
            yed: false,
            focus: None,
        }
    }
}

/// Writes one format to a writer.
pub fn write(
    format: Format,
    g: &WikiGraph,
    opts: &ExportOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, w);
    match format {
        Format::Dot => dot::write(g, &opts.dot, opts.focus.as_deref(), &mut w)?,
        Format::JsonLd => jsonld::write(g, opts, &mut w)?,
        Format::GraphMl => graphml::write(g, opts, &mut w)?,
        Format::Json => json::write(g, &mut w)?,
        Format::Cypher => cypher::write(g, &mut w)?,
        Format::Mermaid => {
            let direction = opts.dot.rankdir.unwrap_or(dot::RankDir::LeftRight);
            mermaid::write(g, direction.as_str(), opts.focus.as_deref(), &mut w)?
        }
    }
    w.flush()
}

/// Writes one format to a file, atomically.
pub fn write_file(
    format: Format,
    g: &WikiGraph,
    opts: &ExportOptions,
    path: &Path,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".wikigraph-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(format, g, opts, tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
