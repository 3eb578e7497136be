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
use std::path::{Path, PathBuf};
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
    /// Line colours of relations in the drawings (relation key → colour),
    /// from the configuration; other relations share a palette.
    pub relation_colors: std::collections::BTreeMap<String, String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            base_iri: jsonld::DEFAULT_BASE.to_owned(),
            dot: dot::DotOptions::default(),
            yed: false,
            focus: None,
            relation_colors: Default::default(),
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
        Format::Dot => dot::write(g, opts, &mut w)?,
        Format::JsonLd => jsonld::write(g, opts, &mut w)?,
        Format::GraphMl => graphml::write(g, opts, &mut w)?,
        Format::Json => json::write(g, &mut w)?,
        Format::Cypher => cypher::write(g, &mut w)?,
        Format::Mermaid => mermaid::write(g, opts, &mut w)?,
    }
    w.flush()
}

/// Records per chunk, and chunks rendered at once (which bounds the memory
/// held: a batch of chunks, never a whole export).
const CHUNK: usize = 2048;
const BATCH: usize = 16;

/// Streams records `0..count` to `out` in order. Records are independent,
/// so chunks of them are rendered side by side into buffers (which also
/// spares each small write a call through `dyn Write`), a bounded batch at
/// a time. `render(buf, i)` appends record `i` to `buf`.
pub(crate) fn records<F>(out: &mut dyn Write, count: usize, render: F) -> io::Result<()>
where
    F: Fn(&mut Vec<u8>, usize) -> io::Result<()> + Sync,
{
    chunks(out, count, Vec::new, render, |buf| buf)
}

/// [`records`] with a renderer made once per chunk (a printer or an XML
/// writer holding the chunk's buffer): `init` makes it, `render` adds record
/// `i` to it, `bytes` gives up what it wrote.
pub(crate) fn chunks<S, I, F, B>(
    out: &mut dyn Write,
    count: usize,
    init: I,
    render: F,
    bytes: B,
) -> io::Result<()>
where
    I: Fn() -> S + Sync,
    F: Fn(&mut S, usize) -> io::Result<()> + Sync,
    B: Fn(S) -> Vec<u8> + Sync,
{
    use rayon::prelude::*;
    let starts: Vec<usize> = (0..count).step_by(CHUNK).collect();
    for batch in starts.chunks(BATCH) {
        let parts: Vec<io::Result<Vec<u8>>> = batch
            .par_iter()
            .map(|&from| {
                let mut state = init();
                for i in from..(from + CHUNK).min(count) {
                    render(&mut state, i)?;
                }
                Ok(bytes(state))
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    Ok(())
}

/// A file being written beside its final path. [`Staged::commit`] renames it
/// into place; dropping it instead removes it, leaving any previous file at
/// that path untouched.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// Starts writing `path`: a temporary file in the same folder (so the rename
/// is atomic), created with the permissions of any new file (`0o666` less
/// the umask, so `0o644` under the usual umask), not tempfile's `0o600`.
pub fn stage(path: &Path) -> io::Result<Staged> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut b = tempfile::Builder::new();
    b.prefix(".wikigraph-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    Ok(Staged {
        tmp: b.tempfile_in(dir)?,
        path: path.to_owned(),
    })
}

impl Staged {
    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// The temporary file's path, for a program that writes it (Graphviz).
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Flushes the file to disk and renames it over the final path.
    pub fn commit(self) -> io::Result<()> {
        self.tmp.as_file().sync_all()?;
        let dir = self.path.parent().map(Path::to_owned);
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        // Make the rename itself durable; not every file system can sync a
        // folder, and the file is in place either way.
        #[cfg(unix)]
        if let Some(d) = dir.filter(|d| !d.as_os_str().is_empty())
            && let Ok(f) = std::fs::File::open(d)
        {
            let _ = f.sync_all();
        }
        Ok(())
    }
}

/// Writes one format to a file, atomically.
pub fn write_file(
    format: Format,
    g: &WikiGraph,
    opts: &ExportOptions,
    path: &Path,
) -> io::Result<()> {
    write_files(g, opts, &[(format, path.to_owned())])
}

/// Writes several formats to files as one set: each goes to a temporary
/// file first, and only when all are written are they renamed into place.
/// An error (or an interruption) before that leaves every previous file as
/// it was.
pub fn write_files(
    g: &WikiGraph,
    opts: &ExportOptions,
    targets: &[(Format, PathBuf)],
) -> io::Result<()> {
    use rayon::prelude::*;
    let mut staged = Vec::with_capacity(targets.len());
    for (format, path) in targets {
        staged.push((*format, stage(path)?));
    }
    // Formats are independent: write them side by side.
    staged.par_iter_mut().try_for_each(|(format, s)| {
        write(*format, g, opts, s.file())?;
        // Flushing to disk here, in parallel, leaves the renames quick.
        s.file().sync_all()
    })?;
    for (_, s) in staged {
        s.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".wikigraph-"))
            .collect()
    }

    #[test]
    fn an_abandoned_write_leaves_the_previous_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        std::fs::write(&path, "previous").unwrap();
        {
            let mut s = stage(&path).unwrap();
            s.file().write_all(b"half a new exp").unwrap();
            // An error here: the staged file is dropped, never committed.
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
        assert!(leftovers(dir.path()).is_empty());
        let mut s = stage(&path).unwrap();
        s.file().write_all(b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_set_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("graph.json");
        std::fs::write(&good, "previous").unwrap();
        // The second target's folder does not exist: staging it fails after
        // the first file was written, and nothing is renamed.
        let bad = dir.path().join("missing").join("graph.dot");
        let g =
            crate::graph::WikiGraph::build(Vec::new(), &crate::vocab::Vocabulary::builtin(), None);
        let r = write_files(
            &g,
            &ExportOptions::default(),
            &[(Format::Json, good.clone()), (Format::Dot, bad)],
        );
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "previous");
        assert!(leftovers(dir.path()).is_empty());
    }
}
