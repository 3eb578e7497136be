//! Loading a wiki: walk, read and parse every page in parallel, then build
//! the graph. The only stage that reads files.

use crate::diag::{DiagKind, Diagnostic, Severity};
use crate::graph::{SourcePage, WikiGraph};
use crate::page::{ParseOptions, Prepared, parse_to_pack};
use crate::vocab::Vocabulary;
use crate::walk::{PageFile, WalkError, WalkOptions, walk};
use rayon::prelude::*;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to load and how to read it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The wiki folder.
    pub wiki: PathBuf,
    /// Walking options.
    pub walk: WalkOptions,
    /// Which headings hold connections, sources, aliases.
    pub parse: ParseOptions,
    /// Relation vocabulary.
    pub vocab: Vocabulary,
    /// Counters a caller can watch from another thread (a progress bar).
    pub progress: Option<Arc<Progress>>,
}

/// How far a load has got: files found by the walk, files read so far.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files the walk found (set once the walk is done).
    pub files: AtomicUsize,
    /// Files read and parsed.
    pub read: AtomicUsize,
}

impl Options {
    /// Default options for a wiki folder.
    pub fn new(wiki: impl Into<PathBuf>) -> Self {
        Options {
            wiki: wiki.into(),
            walk: WalkOptions::default(),
            parse: ParseOptions::default(),
            vocab: Vocabulary::builtin(),
            progress: None,
        }
    }
}

/// Counts from a load, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// `.md` files the walk found.
    pub files_found: usize,
    /// Files that could not be read (not in the graph).
    pub unreadable: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// Reads one file into a page, or a diagnostic saying why it cannot be read.
/// The file's relative path becomes the page's (or the diagnostic's).
fn read_page(file: PageFile, opts: &Prepared<'_>) -> Result<(SourcePage, u64), Diagnostic> {
    thread_local! {
        /// The text of the file being parsed: one buffer per thread, reused,
        /// since a page owns nothing of it once parsed.
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        // Through `take`: `File::read_to_end` would ask for the file's size
        // and position first (two system calls per page) to size a buffer
        // that is already there.
        let read = std::fs::File::open(&file.abs).and_then(|f| f.take(u64::MAX).read_to_end(buf));
        let out = match read {
            Err(e) => Err(Diagnostic::file_error(
                DiagKind::Io,
                &file.rel,
                format!("cannot read: {}", io_reason(&e)),
            )),
            Ok(_) => Ok(parse_bytes(file, buf, opts)),
        };
        // A huge page's buffer is not kept for the rest of the run.
        if buf.capacity() > 1 << 20 {
            *buf = Vec::new();
        }
        out
    })
}

/// Parses a file's bytes (binary content and bad UTF-8 get a diagnostic).
fn parse_bytes(file: PageFile, bytes: &[u8], opts: &Prepared<'_>) -> (SourcePage, u64) {
    let len = bytes.len() as u64;
    let id = page_id(&file.rel);
    let mut extra = Vec::new();
    let probe = &bytes[..bytes.len().min(8192)];
    let page = if memchr::memchr(0, probe).is_some() {
        extra.push(Diagnostic {
            file: Some(file.rel.clone()),
            line: None,
            column: None,
            severity: Severity::Warning,
            kind: DiagKind::Encoding,
            message: "binary content (NUL bytes): kept as a page without reading its text".into(),
        });
        crate::page::Page::default()
    } else {
        // Checked with SIMD first (the whole text is checked, every run; std's
        // check cost 2.5% of `check`'s instructions on a real wiki); only
        // a text that fails is checked again by std, for where it fails.
        let checked = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => Ok(text),
            Err(_) => std::str::from_utf8(bytes),
        };
        match checked {
            Ok(text) => parse_to_pack(text, opts),
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u32
                    + 1;
                extra.push(Diagnostic::warning(
                    DiagKind::Encoding,
                    line,
                    "invalid UTF-8: read with replacement characters",
                ));
                parse_to_pack(&String::from_utf8_lossy(bytes), opts)
            }
        }
    };
    let mut page = page;
    page.diagnostics.extend(extra);
    (SourcePage::new(id, file.rel, page), len)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "file vanished".into(),
        _ => e.to_string(),
    }
}

/// A page id: the relative path without its `.md`.
pub fn page_id(rel: &str) -> String {
    crate::walk::without_md(rel).to_owned()
}

/// Walks, reads and parses the wiki, then builds the graph. Unreadable files
/// become error diagnostics in the graph; the rest is built.
pub fn build_wiki(opts: &Options) -> Result<(WikiGraph, LoadStats), WalkError> {
    let walked = walk(&opts.wiki, &opts.walk)?;
    let files_found = walked.files.len();
    let progress = opts.progress.as_deref();
    if let Some(p) = progress {
        p.files.store(files_found, Ordering::Relaxed);
    }
    // The files move into their pages: each relative path becomes its
    // page's, and the paths to open go as they are read.
    let results = read_pages(walked.files, opts, reading_pool(files_found).as_ref());
    let mut diags = walked.diagnostics;
    let mut bytes = 0;
    // Collected in place, into the results' own memory: a list of its own
    // (4 MB at 13,000 pages) was memory touched for the first time, about
    // 2.5 ms of `check` there.
    let mut pages: Vec<SourcePage> = results
        .into_iter()
        .filter_map(|r| match r {
            Ok((p, n)) => {
                bytes += n;
                Some(p)
            }
            Err(d) => {
                diags.push(d);
                None
            }
        })
        .collect();
    let unreadable = files_found - pages.len();
    dedupe_ids(&mut pages, &mut diags);
    let root_name = opts
        .wiki
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let mut graph = WikiGraph::build(pages, &opts.vocab, root_name.as_deref());
    graph.diagnostics.extend(diags);
    graph.diagnostics.sort();
    Ok((
        graph,
        LoadStats {
            files_found,
            unreadable,
            bytes,
        },
    ))
}

/// Reads and parses `files` in parallel, in order, on `pool` (or the global
/// pool), counting them on the progress counters.
fn read_pages(
    files: Vec<PageFile>,
    opts: &Options,
    pool: Option<&rayon::ThreadPool>,
) -> Vec<Result<(SourcePage, u64), Diagnostic>> {
    let progress = opts.progress.as_deref();
    let prepared = Prepared::new(&opts.parse);
    let read_all = || {
        files
            .into_par_iter()
            .map(|f| {
                let r = read_page(f, &prepared);
                if let Some(p) = progress {
                    p.read.fetch_add(1, Ordering::Relaxed);
                }
                r
            })
            .collect()
    };
    match pool {
        Some(pool) => pool.install(read_all),
        None => read_all(),
    }
}

/// Wikis of fewer files are read on the global pool: a pool of their own
/// would cost more to start than waiting on the disk can.
const READING_POOL_MIN_FILES: usize = 2_000;

/// Threads per core that read and parse pages.
const READERS_PER_THREAD: usize = 8;

/// A pool with more threads than cores for reading and parsing a wiki of
/// `files` pages, or `None` to use the global pool.
///
/// A page that is not in the page cache blocks its thread until the disk
/// answers; with a thread per core, a wiki read from disk is read a file or
/// two at a time. More threads keep more reads in flight: `check` of
/// 100,000 pages just after the page cache was dropped took 6.3–6.5 s
/// instead of 7.5–10 s (see docs/performance.md). When the pages are cached,
/// the extra threads only share the cores.
///
/// Fewer threads than cores (`RAYON_NUM_THREADS`) is a limit on how much of
/// the machine a run takes, which the extra threads would break: the pages
/// are then read on the global pool.
fn reading_pool(files: usize) -> Option<rayon::ThreadPool> {
    let threads = rayon::current_num_threads();
    if files < READING_POOL_MIN_FILES || threads < cores() {
        return None;
    }
    let threads = threads.saturating_mul(READERS_PER_THREAD);
    // A pool that cannot be started (no threads left) is no reason to fail:
    // the global pool reads the pages as it always did.
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("wikigraph-read-{i}"))
        .build()
        .ok()
}

/// The processors this process may run on.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// `Page.md` and `Page.MD` would share an id: the later one keeps its
/// extension in its id.
fn dedupe_ids(pages: &mut [SourcePage], diags: &mut Vec<Diagnostic>) {
    // Ids are almost always unique: that is checked without copying them.
    let mut ids = foldhash::HashSet::with_capacity_and_hasher(pages.len(), Default::default());
    if pages.iter().all(|p| ids.insert(p.id.as_str())) {
        return;
    }
    drop(ids);
    let mut seen = foldhash::HashSet::default();
    for p in pages.iter_mut() {
        if !seen.insert(p.id.clone()) {
            diags.push(Diagnostic {
                severity: Severity::Warning,
                ..Diagnostic::file_error(
                    DiagKind::Io,
                    &p.path,
                    format!(
                        "another file already has the id `{}`: this one is `{}`",
                        p.id, p.path
                    ),
                )
            });
            p.id = p.path.clone();
            seen.insert(p.id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(paths: &[&str]) -> Vec<SourcePage> {
        paths
            .iter()
            .map(|p| SourcePage::new(page_id(p), (*p).to_owned(), crate::page::Page::default()))
            .collect()
    }

    fn ids(pages: &[SourcePage]) -> Vec<&str> {
        pages.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn a_reading_pool_reads_what_the_global_pool_reads() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..300 {
            let folder = dir.path().join(format!("f{}", i % 7));
            std::fs::create_dir_all(&folder).unwrap();
            let text = format!(
                "---\ntype: entity\n---\n# P{i}\n\nSee [[P{}]] and [[Missing {}]].\n\n## Connections\n- **Uses**: [[P{}]]\n",
                (i * 7 + 1) % 300,
                i % 11,
                (i + 3) % 300
            );
            std::fs::write(folder.join(format!("P{i}.md")), text).unwrap();
        }
        // A page that is not UTF-8 takes longer and carries a warning.
        std::fs::write(dir.path().join("bad.md"), [0xff, 0xfe, b'\n']).unwrap();
        let opts = Options::new(dir.path());
        let walked = walk(&opts.wiki, &opts.walk).unwrap();
        assert!(walked.files.len() > 300);
        let show = |r: Vec<Result<(SourcePage, u64), Diagnostic>>| format!("{r:?}");
        let global = show(read_pages(walked.files.clone(), &opts, None));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(16)
            .build()
            .unwrap();
        let pooled = show(read_pages(walked.files, &opts, Some(&pool)));
        assert!(global.contains("P299"), "{global:.300}");
        assert_eq!(global, pooled);
    }

    #[test]
    fn reading_pools_are_for_large_wikis_on_every_core() {
        assert!(reading_pool(READING_POOL_MIN_FILES - 1).is_none());
        let pool = reading_pool(READING_POOL_MIN_FILES);
        if rayon::current_num_threads() >= cores() {
            let pool = pool.unwrap();
            assert_eq!(
                pool.current_num_threads(),
                rayon::current_num_threads() * READERS_PER_THREAD
            );
        } else {
            assert!(pool.is_none());
        }
        // A run held to fewer threads than cores keeps to them.
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        if cores() > 1 {
            assert!(
                one.install(|| reading_pool(READING_POOL_MIN_FILES))
                    .is_none()
            );
        }
    }

    #[test]
    fn bytes_are_checked_as_utf8_once_and_bad_ones_are_placed() {
        let file = PageFile {
            rel: "p.md".into(),
            abs: PathBuf::from("p.md"),
        };
        let opts = ParseOptions::default();
        let graph = |bytes: &[u8]| {
            let (page, len) = parse_bytes(file.clone(), bytes, &Prepared::new(&opts));
            assert_eq!(len as usize, bytes.len());
            WikiGraph::build(vec![page], &Vocabulary::builtin(), None)
        };
        let good = "# 微信 ✓\n\nSee [[Weibo]].\n".repeat(40);
        let g = graph(good.as_bytes());
        assert!(g.diagnostics.is_empty(), "{:?}", g.diagnostics);
        assert_eq!(g.graph[petgraph::graph::NodeIndex::new(0)].label, "微信 ✓");
        // A cut character on line 3 of a long page: a warning there, and the
        // rest of the page still read.
        let mut bad = b"a\nb\n\xe5\xbe c\n".to_vec();
        bad.extend_from_slice(good.as_bytes());
        let g = graph(&bad);
        let found: Vec<(Option<&str>, Option<u32>)> = g
            .diagnostics
            .iter()
            .map(|d| (d.file.as_deref(), d.line))
            .collect();
        assert_eq!(found, [(Some("p.md"), Some(3))]);
        assert!(g.diagnostics[0].message.contains("invalid UTF-8"));
        let weibo = g.graph.edge_weights().map(|e| e.count).sum::<u32>();
        assert_eq!(weibo, 40);
    }

    #[test]
    fn unique_ids_stay_as_they_are() {
        let mut p = pages(&["a.md", "b/c.md", "c.md"]);
        let mut diags = Vec::new();
        dedupe_ids(&mut p, &mut diags);
        assert_eq!(ids(&p), ["a", "b/c", "c"]);
        assert!(diags.is_empty());
    }

    #[test]
    fn a_repeated_id_keeps_its_extension() {
        // `Page.MD` has the id `Page`; `a.md.md` has the id `a.md`, which
        // the renamed `a.md` then takes, so it too keeps its extension.
        let mut p = pages(&["Page.md", "Page.MD", "a.md", "a.md", "a.md.md"]);
        let mut diags = Vec::new();
        dedupe_ids(&mut p, &mut diags);
        assert_eq!(ids(&p), ["Page", "Page.MD", "a", "a.md", "a.md.md"]);
        let files: Vec<Option<&str>> = diags.iter().map(|d| d.file.as_deref()).collect();
        assert_eq!(files, [Some("Page.MD"), Some("a.md"), Some("a.md.md")]);
        assert!(diags[0].message.contains("already has the id `Page`"));
    }
}
