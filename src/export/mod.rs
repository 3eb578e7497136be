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
mod writeback;

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
/// Chunks in the first batch, which grow to [`BATCH`] (see [`batches`]).
const FIRST_BATCH: usize = 2;

/// The room a chunk's buffer starts with: a chunk of GraphML or JSON-LD
/// edges is most of a megabyte, and growing to it by doubling would copy
/// it (and touch fresh memory) several times. Room never written is never
/// touched.
const CHUNK_BYTES: usize = 1 << 20;

/// True when some page of `g` has attachments. Exports that declare what
/// their records hold (GraphML keys, the JSON-LD context) declare the
/// attachments only then, so that a wiki without any is exported as before.
pub(crate) fn any_attachments(g: &WikiGraph) -> bool {
    g.graph
        .node_weights()
        .any(|n| n.page.as_ref().is_some_and(|p| !p.attachments.is_empty()))
}

/// An empty buffer for one chunk.
pub(crate) fn chunk_buffer() -> Vec<u8> {
    Vec::with_capacity(CHUNK_BYTES)
}

/// Streams records `0..count` to `out` in order. Records are independent,
/// so chunks of them are rendered side by side into buffers (which also
/// spares each small write a call through `dyn Write`), a bounded batch at
/// a time. `render(buf, i)` appends record `i` to `buf`.
pub(crate) fn records<F>(out: &mut dyn Write, count: usize, render: F) -> io::Result<()>
where
    F: Fn(&mut Vec<u8>, usize) -> io::Result<()> + Sync,
{
    chunks(out, count, chunk_buffer, render, |buf| buf)
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
    let render_batch = |batch: &[usize]| -> Vec<io::Result<Vec<u8>>> {
        batch
            .par_iter()
            .map(|&from| {
                let mut state = init();
                for i in from..(from + CHUNK).min(count) {
                    render(&mut state, i)?;
                }
                Ok(bytes(state))
            })
            .collect()
    };
    let write_batch = |out: &mut dyn Write, parts: Vec<io::Result<Vec<u8>>>| -> io::Result<()> {
        for part in parts {
            out.write_all(&part?)?;
        }
        Ok(())
    };
    // Writing a batch (a copy into the kernel, serial) overlaps rendering
    // the next one in the pool. The writer stays on this thread (`out` need
    // not be `Send`), and the scope's wait steals work when this thread is
    // itself a pool worker, so nothing blocks the pool.
    let starts: Vec<usize> = (0..count).step_by(CHUNK).collect();
    let mut batches = batches(&starts);
    let mut pending = batches.next().map(render_batch);
    while let Some(parts) = pending.take() {
        let mut next = None;
        let wrote = rayon::in_place_scope(|s| {
            if let Some(batch) = batches.next() {
                let next = &mut next;
                let render_batch = &render_batch;
                s.spawn(move |_| *next = Some(render_batch(batch)));
            }
            write_batch(out, parts)
        });
        wrote?;
        pending = next;
    }
    Ok(())
}

/// `starts` cut into batches that double from [`FIRST_BATCH`] chunks up
/// to [`BATCH`]: nothing is written until the first batch is rendered, so
/// a small one starts the writing early, and the batches after it are
/// rendered while the ones before are written.
fn batches(starts: &[usize]) -> impl Iterator<Item = &[usize]> {
    let mut rest = starts;
    let mut size = FIRST_BATCH;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (batch, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        size = (size * 2).min(BATCH);
        Some(batch)
    })
}

/// A file being written beside its final path. [`Staged::commit`] renames it
/// into place; dropping it instead removes it, leaving any previous file at
/// that path untouched.
///
/// A path that already names something other than a regular file (a
/// device such as `/dev/null` or `/dev/stdout`, a FIFO) is written in place:
/// renaming over it would replace the device with a file. A symbolic link
/// to a file is written through: the file it points at is replaced, and the
/// link stays.
pub struct Staged {
    to: Destination,
}

enum Destination {
    /// A temporary file, renamed over `path` on commit.
    Temporary {
        tmp: tempfile::NamedTempFile,
        path: PathBuf,
    },
    /// Something that is not a regular file, written as it is.
    InPlace { file: std::fs::File, path: PathBuf },
}

/// Starts writing `path`: a temporary file in the same folder (so the rename
/// is atomic), created with the permissions of any new file (`0o666` less
/// the umask, so `0o644` under the usual umask), not tempfile's `0o600`.
pub fn stage(path: &Path) -> io::Result<Staged> {
    let path = match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            return Ok(Staged {
                to: Destination::InPlace {
                    file,
                    path: path.to_owned(),
                },
            });
        }
        // Through any symbolic links, so that the rename replaces the file
        // and not the link.
        Ok(m) if m.is_file() => std::fs::canonicalize(path)?,
        _ => path.to_owned(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        // Said so, rather than as the temporary file's path not found.
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no folder `{}`", dir.display()),
        ));
    }
    let mut b = tempfile::Builder::new();
    b.prefix(".wikigraph-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    Ok(Staged {
        to: Destination::Temporary {
            tmp: b.tempfile_in(dir)?,
            path,
        },
    })
}

impl Staged {
    /// The file to write to.
    pub fn file(&mut self) -> &mut std::fs::File {
        match &mut self.to {
            Destination::Temporary { tmp, .. } => tmp.as_file_mut(),
            Destination::InPlace { file, .. } => file,
        }
    }

    /// The temporary file, or `None` for a device written in place.
    fn temporary_file(&self) -> Option<&std::fs::File> {
        match &self.to {
            Destination::Temporary { tmp, .. } => Some(tmp.as_file()),
            Destination::InPlace { .. } => None,
        }
    }

    /// The path a program that writes the file itself (Graphviz) is given:
    /// the temporary file's, or the device's.
    pub fn path(&self) -> &Path {
        match &self.to {
            Destination::Temporary { tmp, .. } => tmp.path(),
            Destination::InPlace { path, .. } => path,
        }
    }

    /// Flushes a temporary file to disk (devices are left alone: many
    /// cannot be synced).
    fn sync(&mut self) -> io::Result<()> {
        match &mut self.to {
            Destination::Temporary { tmp, .. } => tmp.as_file().sync_all(),
            Destination::InPlace { .. } => Ok(()),
        }
    }

    /// Flushes the file to disk and renames it over the final path.
    pub fn commit(mut self) -> io::Result<()> {
        self.sync()?;
        let Destination::Temporary { tmp, path } = self.to else {
            return Ok(());
        };
        let dir = path.parent().map(Path::to_owned);
        tmp.persist(&path).map_err(|e| e.error)?;
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
        match s.temporary_file() {
            Some(file) => write(*format, g, opts, &mut writeback::Writeback::new(file))?,
            None => write(*format, g, opts, s.file())?,
        }
        // Flushing to disk here, in parallel, leaves the renames quick.
        s.sync()
    })?;
    for (_, s) in staged {
        s.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_double_up_to_their_size_and_cover_every_chunk() {
        let sizes = |n: usize| -> Vec<usize> {
            let starts: Vec<usize> = (0..n).collect();
            let cut: Vec<&[usize]> = batches(&starts).collect();
            assert_eq!(cut.concat(), starts, "{n} chunks, in order, once");
            cut.iter().map(|b| b.len()).collect()
        };
        assert_eq!(sizes(0), Vec::<usize>::new());
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(5), [2, 3]);
        assert_eq!(sizes(70), [2, 4, 8, 16, 16, 16, 8]);
    }

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

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_written_through_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("graph.json");
        std::fs::write(&real, "previous").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut s = stage(&link).unwrap();
        s.file().write_all(b"new").unwrap();
        s.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    /// `-o /dev/null` must not rename a file over the device: a FIFO stands
    /// for any such path here.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_is_written_in_place_not_replaced() {
        use std::io::Read;
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.pipe");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // A reader first (non-blocking), so that opening to write does not wait.
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        let mut s = stage(&fifo).unwrap();
        s.file().write_all(b"graph").unwrap();
        s.commit().unwrap();
        let mut got = Vec::new();
        let _ = reader.read_to_end(&mut got);
        assert_eq!(got, b"graph");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(leftovers(dir.path()).is_empty());
    }
}
