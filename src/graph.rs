//! The graph: one petgraph directed multigraph of pages and the things they
//! point at, built once from parsed pages.
//!
//! Node order is deterministic: pages sorted by id, then missing, unlinked
//! and citation nodes, each sorted by id. Edge order follows the pages, then
//! the order in which each page writes its references.

use crate::diag::{DiagKind, Diagnostic};
use crate::page::packed::{PackedRefs, RefView, RelationRef, TargetRef};
use crate::page::{LinkForm, Page, Relation};
use crate::resolve::{Candidates, LinkCache, PageIdx, PageNames, Remap, Resolution, Resolver};
use crate::text::{TrimExt, collapse_ws, name_key};
use crate::vocab::Vocabulary;
use foldhash::HashMap;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::Mutex;

/// The kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A page of the wiki.
    Page,
    /// A link target with no page.
    Missing,
    /// A plain-text typed target that names no page.
    Unlinked,
    /// An external source (URL or plain-text citation).
    Citation,
}

impl NodeKind {
    /// The kind as written in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Page => "page",
            NodeKind::Missing => "missing",
            NodeKind::Unlinked => "unlinked",
            NodeKind::Citation => "citation",
        }
    }
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Stable unique id: a page's wiki-relative path without `.md`;
    /// `missing:…`, `unlinked:…`, `citation:…` for the others.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Display name: the page title, or the text as written.
    pub label: String,
    /// Page facts; `None` for other kinds.
    pub page: Option<Box<PageData>>,
}

impl Node {
    /// The page's `type`, if this is a page that has one.
    pub fn page_type(&self) -> Option<&str> {
        self.page.as_ref().and_then(|p| p.page_type.as_deref())
    }
}

/// What a page node carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageData {
    /// Path relative to the wiki, with `.md`.
    pub path: String,
    /// Frontmatter `type`.
    pub page_type: Option<String>,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Frontmatter `sources` as written.
    pub sources: Vec<String>,
    /// Files that are not pages which the page links or embeds
    /// (`![[diagram.png]]`), as written, each once.
    pub attachments: Vec<String>,
    /// `last_updated` (or a fallback date key).
    pub last_updated: Option<String>,
    /// Other scalar frontmatter keys.
    pub properties: crate::page::Properties,
}

/// How the edges use one relation ([`WikiGraph::relation_uses`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelationUse {
    /// Edges of the relation.
    pub edges: usize,
    /// The first of them, in edge order.
    pub first: Option<EdgeIndex>,
}

/// Index into [`WikiGraph::relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId(pub u32);

/// How an edge was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// A labelled connection.
    Typed,
    /// An unlabelled link in a connection section.
    Related,
    /// A citation.
    Cites,
    /// Any other link.
    Mentions,
}

/// A relation as used by edges: its key and the label as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationName {
    /// Key (`flows_to`).
    pub key: String,
    /// Label as written (`Flows to`).
    pub label: String,
    /// How it was written.
    pub kind: EdgeKind,
}

impl RelationName {
    /// True for a citation: written as one (under Sources, `[Source: x]`),
    /// or typed with a label that names `cites` (`- **Sources**: [[x]]`).
    pub fn is_citation(&self) -> bool {
        self.kind == EdgeKind::Cites || self.key == "cites"
    }
}

/// An edge of the graph. Its source is always a page, whose file it was
/// written in. It is 16 bytes: a large wiki has millions of edges, which
/// the graph stores in memory touched for the first time as it links them.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Relation key and label.
    pub relation: RelationId,
    /// The note written with it, kept by the graph: [`WikiGraph::note`].
    pub note: Option<NoteId>,
    /// Line of the (first) occurrence in the source page.
    pub line: u32,
    /// Occurrences folded into this edge (mentions and citations of one
    /// target from one page fold into one edge).
    pub count: u32,
}

/// The number of an edge's note among the graph's notes
/// ([`WikiGraph::note`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteId(NonZeroU32);

/// The wiki as a graph.
#[derive(Debug, Clone)]
pub struct WikiGraph {
    /// The petgraph multigraph.
    pub graph: DiGraph<Node, Edge>,
    relations: Vec<RelationName>,
    /// The edges' notes, by [`NoteId`]: made empty, one place per note,
    /// and filled as the edges are numbered.
    notes: Vec<Option<Box<str>>>,
    /// Number of page nodes; they are the first nodes.
    pub page_count: usize,
    /// Diagnostics from parsing and resolution.
    pub diagnostics: Vec<Diagnostic>,
    /// Links that matched several pages.
    pub ambiguous: Vec<AmbiguousLink>,
    /// Page names, for looking pages up the way links do.
    resolver: Resolver,
}

/// The outcome of looking a node up by name ([`WikiGraph::lookup`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// One node matched.
    Found(NodeIndex),
    /// Several nodes matched equally well.
    Ambiguous(Vec<NodeIndex>),
    /// Nothing matched; the closest names, best first.
    NotFound(Vec<NodeIndex>),
}

/// A link that matched several pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousLink {
    /// Page that wrote the link.
    pub source: NodeIndex,
    /// Line of the link.
    pub line: u32,
    /// Target as written.
    pub written: String,
    /// Matching pages, the chosen one first; the lists are shared by the
    /// links that write the same name.
    pub candidates: Candidates<NodeIndex>,
}

/// Candidates an ambiguity message names; the others are counted.
const AMBIGUOUS_LISTED: usize = 10;

/// A page read from disk, ready to become a node.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Id: path relative to the wiki without `.md`.
    pub id: String,
    /// Path relative to the wiki, with `.md`.
    pub path: String,
    /// Parsed facts; its references are in `refs`.
    page: Page,
    /// The page's references, packed until they are resolved.
    refs: PackedRefs,
}

impl SourcePage {
    /// A parsed page, its references packed: a large wiki holds every page's
    /// references until the last page is read (see [`PackedRefs`]).
    pub fn new(id: String, path: String, mut page: Page) -> Self {
        let refs = PackedRefs::new(&page.refs);
        page.refs = Vec::new();
        SourcePage {
            id,
            path,
            page,
            refs,
        }
    }

    /// A page parsed from its text, for pages that come from memory rather
    /// than from files: its path is its id with `.md`.
    pub fn from_text(id: &str, text: &str, opts: &crate::page::ParseOptions) -> Self {
        SourcePage::new(
            id.to_owned(),
            format!("{id}.md"),
            crate::page::parse_to_pack(text, &crate::page::Prepared::new(opts)),
        )
    }

    /// The display name: title, else first H1, else file stem.
    pub fn label(&self) -> String {
        self.page
            .title
            .clone()
            .or_else(|| self.page.h1.clone())
            .filter(|t| !t.trim_ws().is_empty())
            .unwrap_or_else(|| {
                let stem = crate::resolve::stem(&self.id);
                crate::resolve::logseq_namespace(stem).unwrap_or_else(|| stem.to_owned())
            })
    }
}

/// A target that is not a page: a missing page, an unlinked name or a
/// citation.
#[derive(Debug)]
struct OtherEnd {
    kind: NodeKind,
    /// Identity of the node: targets with one key are one node.
    key: String,
    /// The target as written.
    label: String,
}

/// Position of a non-page kind in per-kind tables.
fn other_slot(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Page | NodeKind::Missing => 0,
        NodeKind::Unlinked => 1,
        NodeKind::Citation => 2,
    }
}

/// Relations numbered in first-use order, looked up by how they were
/// written (kind and label) without copying the label.
struct RelationTable<'v> {
    vocab: &'v Vocabulary,
    names: Vec<RelationName>,
    typed: HashMap<String, RelationId>,
    fixed: [Option<RelationId>; 3],
}

impl<'v> RelationTable<'v> {
    fn new(vocab: &'v Vocabulary) -> Self {
        RelationTable {
            vocab,
            names: Vec::new(),
            typed: HashMap::default(),
            fixed: [None; 3],
        }
    }

    fn id(&mut self, r: &Relation) -> RelationId {
        let slot = match r {
            Relation::Typed { label } => {
                if let Some(&id) = self.typed.get(label.as_str()) {
                    return id;
                }
                let id = self.push(relation_name(r, self.vocab));
                self.typed.insert(label.clone(), id);
                return id;
            }
            Relation::Related => 0,
            Relation::Cites => 1,
            Relation::Mentions => 2,
        };
        if let Some(id) = self.fixed[slot] {
            return id;
        }
        let id = self.push(relation_name(r, self.vocab));
        self.fixed[slot] = Some(id);
        id
    }

    fn push(&mut self, name: RelationName) -> RelationId {
        let id = RelationId(self.names.len() as u32);
        self.names.push(name);
        id
    }
}

impl WikiGraph {
    /// Builds the graph. `pages` are sorted by id here; `root_name` is the wiki
    /// folder's name, for `[[wiki/x]]` links.
    pub fn build(
        mut pages: Vec<SourcePage>,
        vocab: &Vocabulary,
        root_name: Option<&str>,
    ) -> WikiGraph {
        pages.par_sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let labels: Vec<String> = pages.par_iter().map(SourcePage::label).collect();
        let resolver = Resolver::new(
            pages.iter().zip(&labels).map(|(p, l)| PageNames {
                id: &p.id,
                title: Some(l.as_str()).filter(|_| p.page.title.is_some() || p.page.h1.is_some()),
                aliases: &p.page.aliases,
            }),
            root_name,
        );

        // Resolution is read-only, so pages resolve in parallel, each folding
        // its repeated mentions and citations as it goes; results come back
        // in page order. References move out of the pages here.
        let refs: Vec<PackedRefs> = pages
            .iter_mut()
            .map(|p| std::mem::take(&mut p.refs))
            .collect();
        // One cache per worker thread for the whole run (`map_init` would
        // start a new one for every piece of work rayon splits off).
        let caches: Vec<Mutex<LinkCache>> = (0..rayon::current_num_threads())
            .map(|_| Mutex::default())
            .collect();
        let folded_pages: Vec<FoldedPage> = refs
            .into_par_iter()
            .enumerate()
            .map(|(i, refs)| {
                let slot = rayon::current_thread_index().unwrap_or(0) % caches.len();
                // Only this thread takes its slot's lock; a poisoned cache is
                // still a correct cache.
                let mut cache = caches[slot].lock().unwrap_or_else(|e| e.into_inner());
                resolve_page(i as PageIdx, &refs, &resolver, &mut cache)
            })
            .collect();
        // Freeing the caches' tens of thousands of names took 4 ms of this
        // thread at 10,000 pages; a worker frees them while it goes on.
        rayon::spawn(move || drop(caches));

        let mut graph: DiGraph<Node, Edge> = DiGraph::with_capacity(
            pages.len(),
            folded_pages.iter().map(|p| p.edges.len()).sum(),
        );
        let mut diagnostics = Vec::new();
        // Adding the page nodes and naming the other nodes are both serial
        // and independent of each other: they run side by side.
        let ((), other_nodes) = rayon::join(
            || {
                for (p, label) in pages.iter_mut().zip(labels) {
                    diagnostics.extend(p.page.diagnostics.drain(..).map(|d| d.in_file(&p.path)));
                    let page = std::mem::take(&mut p.page);
                    graph.add_node(Node {
                        id: std::mem::take(&mut p.id),
                        kind: NodeKind::Page,
                        label,
                        page: Some(Box::new(PageData {
                            path: std::mem::take(&mut p.path),
                            page_type: page.page_type,
                            aliases: page.aliases,
                            tags: page.tags,
                            sources: page.sources,
                            attachments: page.attachments,
                            last_updated: page.last_updated,
                            properties: page.properties,
                        })),
                    });
                }
            },
            || other_nodes(&folded_pages),
        );
        let page_count = pages.len();
        drop(pages);

        let (other_nodes, named_missing) = other_nodes;
        let mut other_index: [HashMap<String, NodeIndex>; 3] = Default::default();
        for (kind, key, id, label) in other_nodes {
            let ix = graph.add_node(Node {
                id,
                kind,
                label: label.to_owned(),
                page: None,
            });
            other_index[other_slot(kind)].insert(key.to_owned(), ix);
        }
        // Text that names a missing page, looked up when its own kind has
        // no node for it: a page that found one there folds its edges again.
        let mut renamed: [HashMap<String, NodeIndex>; 3] = Default::default();
        for (kind, key, missing) in named_missing {
            if let Some(&ix) = other_index[other_slot(NodeKind::Missing)].get(missing.as_str()) {
                renamed[other_slot(kind)].insert(key.to_owned(), ix);
            }
        }

        // Edges are added in page and line order. Relations are numbered in
        // first-use order and diagnostics kept, page by page (a few per
        // page); each page's edges are then given their node and relation
        // ids side by side, and only adding them to the graph is serial.
        let mut relations = RelationTable::new(vocab);
        let mut ambiguous = Vec::new();
        let mut shared_candidates = Remap::new();
        let mut pending: Vec<PendingPage> = Vec::with_capacity(folded_pages.len());
        // Each page's notes take the places from its first one on, in edge
        // order: `places` holds them, page by page.
        let mut notes: Vec<Option<Box<str>>> = Vec::new();
        notes.resize_with(folded_pages.iter().map(|p| p.notes).sum(), || None);
        let mut places: Vec<(usize, &mut [Option<Box<str>>])> =
            Vec::with_capacity(folded_pages.len());
        let (mut first, mut rest) = (0, notes.as_mut_slice());
        for (i, page) in folded_pages.into_iter().enumerate() {
            let FoldedPage {
                edges,
                notes: page_notes,
                relations: page_relations,
                others: page_others,
                diags,
                amb,
            } = page;
            let source = NodeIndex::new(i);
            if !diags.is_empty() {
                let file = graph[source]
                    .page
                    .as_ref()
                    .map(|p| p.path.clone())
                    .unwrap_or_default();
                diagnostics.extend(diags.into_iter().map(|d| d.in_file(&file)));
            }
            ambiguous.extend(amb.into_iter().map(|(line, written, c)| AmbiguousLink {
                source,
                line,
                written,
                candidates: shared_candidates.apply(&c, |p| Some(NodeIndex::new(p as usize))),
            }));
            let ids: Vec<RelationId> = page_relations.iter().map(|r| relations.id(r)).collect();
            pending.push((ids, page_relations, edges, page_others));
            let (page_places, after) = rest.split_at_mut(page_notes.min(rest.len()));
            places.push((first, page_places));
            (first, rest) = (first + page_notes, after);
        }
        let numbered: Vec<Vec<(NodeIndex, Edge)>> = pending
            .into_par_iter()
            .zip(places)
            .map(
                |((ids, page_relations, edges, page_others), (first_note, page_places))| {
                    let mut refolds = false;
                    let other_ix: Vec<Option<NodeIndex>> = page_others
                        .iter()
                        .map(|o| {
                            let slot = other_slot(o.kind);
                            other_index[slot].get(o.key.as_str()).copied().or_else(|| {
                                refolds = true;
                                renamed[slot].get(o.key.as_str()).copied()
                            })
                        })
                        .collect();
                    let mut places = page_places.iter_mut();
                    let mut next_note = first_note;
                    let mut folded: HashMap<(NodeIndex, u32), usize> = HashMap::default();
                    let mut out: Vec<(NodeIndex, Edge)> = Vec::with_capacity(edges.len());
                    for (target, edge, relation) in edges.into_iter().filter_map(|e| {
                        // Numbered before the target is: an edge left out
                        // keeps its note's place.
                        let note = e.note.and_then(|text| {
                            // One note per edge at most, and the graph
                            // numbers its edges in u32 too: the number fits.
                            let id = u32::try_from(next_note + 1).ok().and_then(NonZeroU32::new);
                            next_note += 1;
                            *places.next()? = Some(text);
                            id.map(NoteId)
                        });
                        let target = match e.target {
                            EdgeEnd::Page(p) => NodeIndex::new(p as usize),
                            // Every non-page target was numbered above.
                            EdgeEnd::Other(k) => other_ix.get(k as usize).copied().flatten()?,
                        };
                        Some((
                            target,
                            Edge {
                                relation: ids[e.relation as usize],
                                note,
                                line: e.line,
                                count: e.count,
                            },
                            e.relation,
                        ))
                    }) {
                        // A mention or citation of a name that turned out to
                        // be a page this page also links joins that edge, as
                        // repeats do, its note kept when the first has none
                        // (else it keeps its place, unused).
                        let folds = |r: u32| {
                            matches!(
                                page_relations.get(r as usize),
                                Some(Relation::Mentions | Relation::Cites)
                            )
                        };
                        if refolds && folds(relation) {
                            match folded.entry((target, relation)) {
                                std::collections::hash_map::Entry::Occupied(o) => {
                                    let first = &mut out[*o.get()].1;
                                    first.count += edge.count;
                                    first.note = first.note.or(edge.note);
                                    continue;
                                }
                                std::collections::hash_map::Entry::Vacant(v) => {
                                    v.insert(out.len());
                                }
                            }
                        }
                        out.push((target, edge));
                    }
                    out
                },
            )
            .collect();
        // Linking an edge into its target's list of incoming edges reads and
        // writes that node, at random in a large graph: the target of the
        // edge a few places ahead (in this page or the next) is fetched
        // early, so that the wait for memory overlaps.
        let mut page_edges = numbered.into_iter().enumerate().peekable();
        while let Some((i, edges)) = page_edges.next() {
            let source = NodeIndex::new(i);
            let mut edges = edges.into_iter();
            while let Some((target, edge)) = edges.next() {
                let rest = edges.as_slice();
                let ahead = match rest.get(PREFETCH_AHEAD - 1) {
                    Some(a) => Some(a),
                    None => page_edges
                        .peek()
                        .and_then(|(_, next)| next.get(PREFETCH_AHEAD - 1 - rest.len())),
                };
                if let Some((t, _)) = ahead {
                    prefetch(graph.raw_nodes().as_ptr().wrapping_add(t.index()));
                }
                graph.add_edge(source, target, edge);
            }
        }
        drop(shared_candidates);
        // Links that write one name in one folder share their message.
        let mut messages: HashMap<(&str, (usize, usize)), String> = HashMap::default();
        for a in &ambiguous {
            let message = messages
                .entry((a.written.as_str(), a.candidates.lists_key()))
                .or_insert_with(|| ambiguity_message(&graph, a));
            diagnostics.push(Diagnostic {
                file: graph[a.source].page.as_ref().map(|p| p.path.clone()),
                line: Some(a.line),
                column: None,
                severity: crate::diag::Severity::Warning,
                kind: DiagKind::AmbiguousLink,
                message: message.clone(),
            });
        }
        drop(messages);
        // Diagnostics that compare equal are equal in every field: no
        // order among them shows.
        diagnostics.sort_unstable();
        WikiGraph {
            graph,
            relations: relations.names,
            notes,
            page_count,
            diagnostics,
            ambiguous,
            resolver,
        }
    }

    /// Finds a node the way a wikilink finds a page (id, file stem, alias,
    /// title, slug; case-insensitive), then non-page nodes by id or label.
    pub fn lookup(&self, name: &str) -> Lookup {
        let name = name.trim_ws();
        if let Some(n) = self.node_by_id(name) {
            return Lookup::Found(n);
        }
        match self.resolver.resolve_text(name, None) {
            Some(Resolution::Page(p)) => return Lookup::Found(NodeIndex::new(p as usize)),
            Some(Resolution::Ambiguous { candidates, .. }) => {
                return Lookup::Ambiguous(
                    candidates
                        .iter()
                        .map(|p| NodeIndex::new(p as usize))
                        .collect(),
                );
            }
            _ => {}
        }
        let key = name_key(name);
        let others: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .skip(self.page_count)
            .filter(|&n| {
                let node = &self.graph[n];
                name_key(&node.label) == key || name_key(&node.id) == key
            })
            .collect();
        match others.len() {
            1 => Lookup::Found(others[0]),
            0 => Lookup::NotFound(self.closest(&key, 5)),
            _ => Lookup::Ambiguous(others),
        }
    }

    /// The `n` nodes whose label, id or stem is closest to `key`: names that
    /// contain it (or that it contains) first, then small edit distances
    /// (about one edit per three characters, at least two).
    fn closest(&self, key: &str, n: usize) -> Vec<NodeIndex> {
        let limit = (key.chars().count() / 3).max(2);
        let mut scored: Vec<(usize, usize, NodeIndex)> = self
            .graph
            .node_indices()
            .filter_map(|ix| {
                let node = &self.graph[ix];
                let names = [
                    name_key(&node.label),
                    name_key(&node.id),
                    name_key(crate::resolve::stem(&node.id)),
                ];
                let inside = names
                    .iter()
                    .any(|m| m.contains(key) || (m.len() >= 3 && key.contains(m.as_str())));
                let d = names
                    .iter()
                    .map(|m| edit_distance(key, m))
                    .min()
                    .unwrap_or(usize::MAX);
                (inside || d <= limit).then_some((usize::from(!inside), d, ix))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(n).map(|(_, _, ix)| ix).collect()
    }

    /// The relation of an edge.
    pub fn relation(&self, id: RelationId) -> &RelationName {
        &self.relations[id.0 as usize]
    }

    /// The note written with an edge, if any.
    pub fn note(&self, edge: &Edge) -> Option<&str> {
        let at = edge.note?.0.get() as usize - 1;
        self.notes.get(at)?.as_deref()
    }

    /// Every relation used by some edge, in first-use order.
    pub fn relations(&self) -> &[RelationName] {
        &self.relations
    }

    /// How each relation (by [`RelationId`]) is used by the edges: a large
    /// wiki has millions of edges and a few relations, so questions about
    /// the relations in use read the edges once, here.
    pub fn relation_uses(&self) -> Vec<RelationUse> {
        let mut uses = vec![RelationUse::default(); self.relations.len()];
        for (i, e) in self.graph.edge_weights().enumerate() {
            if let Some(u) = uses.get_mut(e.relation.0 as usize) {
                u.edges += 1;
                u.first.get_or_insert(EdgeIndex::new(i));
            }
        }
        uses
    }

    /// How many edges each relation key has, for the keys some edge has
    /// (several labels can share a key).
    pub fn edges_per_relation_key(&self) -> BTreeMap<&str, usize> {
        let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
        for (rel, u) in self.relations.iter().zip(self.relation_uses()) {
            if u.edges > 0 {
                *by_key.entry(rel.key.as_str()).or_default() += u.edges;
            }
        }
        by_key
    }

    /// The file an edge was written in (its source page's path).
    pub fn edge_file(&self, e: EdgeIndex) -> &str {
        self.graph
            .edge_endpoints(e)
            .and_then(|(s, _)| self.graph[s].page.as_ref())
            .map_or("", |p| p.path.as_str())
    }

    /// Finds a node by exact id.
    pub fn node_by_id(&self, id: &str) -> Option<NodeIndex> {
        // Pages come first, sorted by id: binary search them.
        let (mut lo, mut hi) = (0, self.page_count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.graph[NodeIndex::new(mid)].id.as_str().cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(NodeIndex::new(mid)),
            }
        }
        self.graph
            .node_indices()
            .skip(self.page_count)
            .find(|&n| self.graph[n].id == id)
    }
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // With no limit there is always a distance.
    edit_distance_within(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// Levenshtein distance over characters when it is at most `limit`, else
/// `None`; the same figure as [`edit_distance`] within the limit, without
/// filling the whole table for strings that are far apart (the audit compares
/// every unknown relation with every other key). Takes characters, so that a
/// caller comparing one name with many splits each name once.
pub fn edit_distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        // Every later cell is at least the smallest of this row.
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= limit)
}

/// Where an edge of one page goes, before non-page nodes are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EdgeEnd {
    Page(PageIdx),
    /// Position in the page's `others`.
    Other(u32),
}

/// An edge of one page, its relation numbered within the page.
struct PageEdge {
    target: EdgeEnd,
    /// Position in the page's `relations`.
    relation: u32,
    note: Option<Box<str>>,
    line: u32,
    count: u32,
}

/// One page's relation ids, its relations (which say which fold), its
/// edges and its non-page targets, ready to be numbered.
type PendingPage = (Vec<RelationId>, Vec<Relation>, Vec<PageEdge>, Vec<OtherEnd>);

/// One page's edges, resolved and folded, ready to be added to the graph.
struct FoldedPage {
    edges: Vec<PageEdge>,
    /// How many of `edges` have a note (counted as they are made, so that
    /// numbering the notes needs no pass over every edge).
    notes: usize,
    /// The page's relations in first-use order: numbering them for the
    /// whole graph is then a lookup per relation and page, not per edge.
    relations: Vec<Relation>,
    /// The page's non-page targets, each once, in first-use order.
    others: Vec<OtherEnd>,
    diags: Vec<Diagnostic>,
    amb: Vec<(u32, String, Candidates)>,
}

/// A page's non-page targets, each once, in first-use order.
#[derive(Default)]
struct PageOthers {
    list: Vec<OtherEnd>,
    /// Key → position in `list`, one table per kind.
    pos: [HashMap<String, u32>; 3],
}

impl PageOthers {
    /// The position of the target of this kind and key, added with its
    /// label (made only then) when it is new to the page.
    fn position(&mut self, kind: NodeKind, key: &str, label: impl FnOnce() -> String) -> u32 {
        let pos = &mut self.pos[other_slot(kind)];
        if let Some(&p) = pos.get(key) {
            return p;
        }
        let p = self.list.len() as u32;
        pos.insert(key.to_owned(), p);
        self.list.push(OtherEnd {
            kind,
            key: key.to_owned(),
            label: label(),
        });
        p
    }
}

/// The nodes that are not pages, as (kind, key, id, label): one per kind
/// and key, labelled as first written, with unique ids, in output order
/// (by kind, then id). Then the plain-text targets and citations that name
/// a missing page (`sources: [x]` where a page links `[[x]]`, which has no
/// page): (kind, key, the missing page's key). They are that node, not one
/// of their own, as they would be the page if it were written.
type OtherNodes<'a> = (
    Vec<(NodeKind, &'a str, String, &'a str)>,
    Vec<(NodeKind, &'a str, String)>,
);

fn other_nodes(pages: &[FoldedPage]) -> OtherNodes<'_> {
    let mut others: [HashMap<&str, &str>; 3] = Default::default();
    for o in pages.iter().flat_map(|p| &p.others) {
        others[other_slot(o.kind)]
            .entry(o.key.as_str())
            .or_insert(o.label.as_str());
    }
    // A missing page's key is the slug of its name, as a slug match of a
    // page would find it.
    let mut named_missing = Vec::new();
    if !others[other_slot(NodeKind::Missing)].is_empty() {
        for kind in [NodeKind::Unlinked, NodeKind::Citation] {
            let [missing, unlinked, citations] = &mut others;
            let (missing, list) = match kind {
                NodeKind::Unlinked => (&*missing, unlinked),
                _ => (&*missing, citations),
            };
            let mut slug = String::new();
            list.retain(|key, label| {
                slug.clear();
                crate::text::slug_key_into(label, &mut slug);
                if missing.contains_key(slug.as_str()) {
                    named_missing.push((kind, *key, slug.clone()));
                    false
                } else {
                    true
                }
            });
        }
    }
    let mut keyed: Vec<(NodeKind, &str, &str)> =
        [NodeKind::Missing, NodeKind::Unlinked, NodeKind::Citation]
            .into_iter()
            .flat_map(|k| {
                others[other_slot(k)]
                    .iter()
                    .map(move |(key, label)| (k, *key, *label))
            })
            .collect();
    keyed.sort_unstable();
    // Ids are `kind:label`, so (kind, label) says which ids are taken.
    let mut taken: HashMap<(NodeKind, &str), usize> = HashMap::default();
    let mut nodes: Vec<(NodeKind, &str, String, &str)> = keyed
        .into_iter()
        .map(|(kind, key, label)| {
            let base = format!("{}:{}", kind.as_str(), label);
            let n = taken.entry((kind, label)).or_insert(0);
            *n += 1;
            // Two keys can share a written label only in odd cases
            // (`a b` and `a  b`); number them to keep ids unique.
            let id = if *n == 1 { base } else { format!("{base}~{n}") };
            (kind, key, id, label)
        })
        .collect();
    nodes.sort_unstable_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    (nodes, named_missing)
}

/// The report of an ambiguous link: the name, how many pages it matches,
/// the first [`AMBIGUOUS_LISTED`] of them and the one it is read as.
fn ambiguity_message(graph: &DiGraph<Node, Edge>, a: &AmbiguousLink) -> String {
    let names: Vec<&str> = a
        .candidates
        .iter()
        .take(AMBIGUOUS_LISTED)
        .map(|c| graph[c].id.as_str())
        .collect();
    let more = match a.candidates.len().saturating_sub(names.len()) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(
        "`{}` matches {} pages ({}{more}); read as `{}`",
        a.written,
        a.candidates.len(),
        names.join(", "),
        names.first().copied().unwrap_or("")
    )
}

/// How many edges ahead [`WikiGraph::build`] fetches an edge's target node.
const PREFETCH_AHEAD: usize = 12;

/// Asks the processor to bring the cache lines of `*p` in (a hint: nothing
/// is read, and no address can fault).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let first = p.cast::<i8>();
        // A value may straddle two cache lines.
        let last = first.wrapping_add(std::mem::size_of::<T>().saturating_sub(1));
        // SAFETY: a prefetch neither reads nor writes memory as far as the
        // program can tell, and is defined for any address.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(first);
            _mm_prefetch::<_MM_HINT_T0>(last);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Resolves one page's references and folds its repeated mentions and
/// citations of one target into the first (typed connections stay one per
/// target), in one pass: no list of resolved references is kept between.
fn resolve_page(
    i: PageIdx,
    refs: &PackedRefs,
    resolver: &Resolver,
    cache: &mut LinkCache,
) -> FoldedPage {
    let mut page = FoldedPage {
        edges: Vec::with_capacity(refs.len()),
        notes: 0,
        relations: Vec::new(),
        others: Vec::new(),
        diags: Vec::new(),
        amb: Vec::new(),
    };
    let mut others = PageOthers::default();
    // Relation → position in `relations`, borrowing the packed labels.
    // Room for the few relations most pages state, so that the table is
    // made once rather than grown (a page may still state thousands).
    let mut relation_pos: HashMap<RelationRef<'_>, u32> =
        HashMap::with_capacity_and_hasher(8, Default::default());
    // (target, cites?) → position in `edges`: mentions and citations are one
    // relation each, so the pair stands for (target, relation).
    // Sized once: grown from empty, a page's table was rehashed three or
    // four times (1.5% of `check`'s instructions).
    let mut folded: HashMap<(EdgeEnd, bool), usize> =
        HashMap::with_capacity_and_hasher(refs.len(), Default::default());
    for r in refs {
        let Some(target) = endpoint(
            i,
            &r,
            resolver,
            cache,
            &mut others,
            &mut page.diags,
            &mut page.amb,
        ) else {
            continue;
        };
        let fold = match r.relation {
            RelationRef::Mentions => Some(false),
            RelationRef::Cites => Some(true),
            _ => None,
        };
        if let Some(cites) = fold {
            match folded.entry((target, cites)) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    let first = &mut page.edges[*o.get()];
                    first.count += 1;
                    // The first note written is kept, though a later
                    // repeat writes it (`- [[C]]`, then `- [[C]] ch. 2`).
                    if first.note.is_none()
                        && let Some(note) = r.note
                    {
                        first.note = Some(Box::from(note));
                        page.notes += 1;
                    }
                    continue;
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(page.edges.len());
                }
            }
        }
        // Hashed, not scanned: a page may state thousands of labels.
        let next = page.relations.len() as u32;
        let relation = *relation_pos.entry(r.relation).or_insert_with(|| {
            page.relations.push(r.relation.to_relation());
            next
        });
        page.notes += usize::from(r.note.is_some());
        page.edges.push(PageEdge {
            target,
            relation,
            note: r.note.map(Box::from),
            line: r.line,
            count: 1,
        });
    }
    page.others = others.list;
    page
}

fn relation_name(r: &Relation, vocab: &Vocabulary) -> RelationName {
    let (kind, label) = match r {
        Relation::Typed { label } => (EdgeKind::Typed, label.as_str()),
        Relation::Related => (EdgeKind::Related, "related"),
        Relation::Cites => (EdgeKind::Cites, "cites"),
        Relation::Mentions => (EdgeKind::Mentions, "mentions"),
    };
    let key = vocab.key_for(label);
    RelationName {
        key: if key.is_empty() {
            "related".to_owned()
        } else {
            key
        },
        label: label.to_owned(),
        kind,
    }
}

/// Where one reference of page `from` goes: a page, or a non-page target
/// of the page (added to `others` on first use); `None` for a mention
/// that is a page link only when it finds one, and finds none.
fn endpoint(
    from: PageIdx,
    r: &RefView<'_>,
    resolver: &Resolver,
    cache: &mut LinkCache,
    others: &mut PageOthers,
    diags: &mut Vec<Diagnostic>,
    amb: &mut Vec<(u32, String, Candidates)>,
) -> Option<EdgeEnd> {
    let mut page = |res: Resolution, written: &str| -> Option<PageIdx> {
        match res {
            Resolution::Page(p) => Some(p),
            Resolution::Ambiguous { chosen, candidates } => {
                amb.push((r.line, written.to_owned(), candidates));
                Some(chosen)
            }
            Resolution::Missing(_) => None,
        }
    };
    match r.target {
        TargetRef::Link { target, form } => {
            let res = resolver.resolve_link_cached(target, form, from, cache);
            if let Resolution::Missing(m) = &*res {
                // `[x](docs)` in prose that finds no page is no page link
                // (it may name a folder, a file, a site's route); in a
                // connection or a source list it names a target all the same.
                if form == LinkForm::MarkdownBare && r.relation == RelationRef::Mentions {
                    return None;
                }
                if m.outside {
                    diags.push(Diagnostic::warning(
                        DiagKind::Link,
                        r.line,
                        format!("`{target}` points outside the wiki: kept as a missing page"),
                    ));
                }
                return Some(EdgeEnd::Other(others.position(
                    NodeKind::Missing,
                    &m.key,
                    || m.label.clone(),
                )));
            }
            Some(match page(res.into_owned(), target) {
                Some(p) => EdgeEnd::Page(p),
                None => {
                    EdgeEnd::Other(
                        others.position(NodeKind::Missing, &name_key(target), || target.to_owned()),
                    )
                }
            })
        }
        TargetRef::Text(text) => {
            let kind = if r.relation == RelationRef::Cites {
                NodeKind::Citation
            } else {
                NodeKind::Unlinked
            };
            Some(
                match resolver
                    .resolve_text_cached(text, from, cache)
                    .and_then(|res| page(res, text))
                {
                    // `sources: [x.md]` on page `x`: the file it was made
                    // from, beside the wiki, not the page citing itself
                    // (its id, `sources: [x]`, is the page).
                    Some(p)
                        if p == from
                            && kind == NodeKind::Citation
                            && text.len() > 3
                            && text.as_bytes()[text.len() - 3..].eq_ignore_ascii_case(b".md") =>
                    {
                        EdgeEnd::Other(others.position(kind, &name_key(text), || collapse_ws(text)))
                    }
                    Some(p) => EdgeEnd::Page(p),
                    None => {
                        EdgeEnd::Other(others.position(kind, &name_key(text), || collapse_ws(text)))
                    }
                },
            )
        }
        TargetRef::Url(url) => Some(EdgeEnd::Other(others.position(
            NodeKind::Citation,
            url,
            || url.to_owned(),
        ))),
        // A page it names, other than this one; else no edge.
        TargetRef::Name(text) => match resolver
            .resolve_text_cached(text, from, cache)
            .and_then(|res| page(res, text))
        {
            Some(p) if p != from => Some(EdgeEnd::Page(p)),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::ParseOptions;

    fn pages(list: &[(&str, &str)]) -> Vec<SourcePage> {
        list.iter()
            .map(|(id, text)| SourcePage::from_text(id, text, &ParseOptions::default()))
            .collect()
    }

    #[test]
    fn a_page_without_a_title_is_named_by_its_stem() {
        let p = pages(&[
            ("notes/plain_name", "Body."),
            ("pages/Synth___UG___Types", "Body."),
            ("titled", "# Shown\nBody."),
        ]);
        let labels: Vec<String> = p.iter().map(SourcePage::label).collect();
        assert_eq!(labels, ["plain_name", "Synth/UG/Types", "Shown"]);
    }

    /// The graph of `list` with the built-in vocabulary.
    fn built(list: &[(&str, &str)]) -> WikiGraph {
        WikiGraph::build(pages(list), &Vocabulary::builtin(), None)
    }

    /// Each edge as `source -relation-> target`, then what `tail` says of it.
    fn edges_by(g: &WikiGraph, tail: impl Fn(&Edge) -> String) -> Vec<String> {
        g.graph
            .edge_indices()
            .map(|e| {
                let (s, t) = g.graph.edge_endpoints(e).unwrap();
                let w = &g.graph[e];
                format!(
                    "{} -{}-> {}{}",
                    g.graph[s].id,
                    g.relation(w.relation).key,
                    g.graph[t].id,
                    tail(w)
                )
            })
            .collect()
    }

    fn edges(g: &WikiGraph) -> Vec<String> {
        edges_by(g, |w| format!(" x{}", w.count))
    }

    #[test]
    fn lookup_like_a_wikilink() {
        let g = WikiGraph::build(
            pages(&[
                (
                    "entities/WeChat",
                    "---\ntitle: WeChat\naliases: [微信]\n---\n## Connections\n- **Compared to**: Twitter/X",
                ),
                ("entities/Weibo", "# Weibo"),
                ("a/index", ""),
                ("b/index", ""),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        let id = |l: Lookup| match l {
            Lookup::Found(n) => g.graph[n].id.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(id(g.lookup("entities/WeChat")), "entities/WeChat");
        assert_eq!(id(g.lookup("wechat")), "entities/WeChat");
        assert_eq!(id(g.lookup("微信")), "entities/WeChat");
        assert_eq!(id(g.lookup("twitter/x")), "unlinked:Twitter/X");
        assert!(matches!(g.lookup("index"), Lookup::Ambiguous(c) if c.len() == 2));
        match g.lookup("Weibp") {
            Lookup::NotFound(c) => assert_eq!(g.graph[c[0]].id, "entities/Weibo"),
            other => panic!("{other:?}"),
        }
    }

    /// A citation or a plain-text target that names a page no one wrote
    /// but others link to is that missing page's node, not one of its own;
    /// one that names no missing page keeps its own.
    #[test]
    fn text_naming_a_missing_page_is_that_page() {
        let g = built(&[
            (
                "a",
                "---\nsources: [leh-ch08, Other Book]\n---\nPer [[leh-ch08]] and [[Quick Start]].",
            ),
            ("b", "## Connections\n- **Uses**: quick-start, Elsewhere"),
            // Citations of one target fold, the name's with the link's.
            ("c", "## Sources\n- Quick Start\n- [[Quick-Start]]"),
        ]);
        let mut got = edges(&g);
        got.sort();
        assert_eq!(
            got,
            [
                "a -cites-> citation:Other Book x1",
                "a -cites-> missing:leh-ch08 x1",
                "a -mentions-> missing:Quick Start x1",
                "a -mentions-> missing:leh-ch08 x1",
                "b -uses-> missing:Quick Start x1",
                "b -uses-> unlinked:Elsewhere x1",
                "c -cites-> missing:Quick Start x2",
            ]
        );
        let ids: Vec<&str> = g.graph.node_weights().map(|n| n.id.as_str()).collect();
        assert_eq!(ids.len(), 7, "{ids:?}");
    }

    /// Repeated citations fold into the first, which keeps the first note
    /// written, though a later repeat wrote it; so do a name's and a
    /// link's citations of one missing page.
    #[test]
    fn a_folded_citation_keeps_the_first_note_written() {
        let g = built(&[
            (
                "a",
                "## Sources\n- [[C]]\n- [[C]] chapter 2\n- [[C]] chapter 3",
            ),
            ("b", "## Sources\n- D\n- [[D]] part one"),
        ]);
        let mut got = edges_by(&g, |w| {
            format!(" x{} {:?} line {}", w.count, g.note(w), w.line)
        });
        got.sort();
        assert_eq!(
            got,
            [
                "a -cites-> missing:C x3 Some(\"chapter 2\") line 2",
                "b -cites-> missing:D x2 Some(\"part one\") line 2",
            ]
        );
    }

    /// A page whose source is named as the page is (`sources: [x.md]` on
    /// `x`, the file it was made from) cites that source, not itself.
    #[test]
    fn a_source_named_as_its_page_is_no_self_citation() {
        let g = built(&[("notes/x", "---\nsources: [x.md]\n---\nBody, see [[x]].")]);
        assert_eq!(
            edges(&g),
            [
                "notes/x -cites-> citation:x.md x1",
                "notes/x -mentions-> notes/x x1"
            ]
        );
    }

    /// A name every folder has (`index`) is read as the linking page's own
    /// folder's page, each link reported as ambiguous; the report names
    /// ten candidates and counts the rest, and links written in one folder
    /// share one list of candidates.
    #[test]
    fn a_name_in_every_folder_reads_as_the_own_folders_page() {
        let folders: Vec<String> = (0..12).map(|i| format!("f{i:02}")).collect();
        let mut list: Vec<(String, String)> = Vec::new();
        for f in &folders {
            list.push((format!("{f}/index"), "# Index".to_owned()));
            list.push((format!("{f}/page"), "[[index]]\n\n[[index]]".to_owned()));
        }
        let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let g = WikiGraph::build(pages(&refs), &Vocabulary::builtin(), None);
        let to_index: Vec<String> = edges(&g)
            .into_iter()
            .filter(|e| e.contains("-mentions-> "))
            .collect();
        let expected: Vec<String> = folders
            .iter()
            .map(|f| format!("{f}/page -mentions-> {f}/index x2"))
            .collect();
        assert_eq!(to_index, expected);

        assert_eq!(g.ambiguous.len(), 24);
        let f03: Vec<&AmbiguousLink> = g
            .ambiguous
            .iter()
            .filter(|a| g.graph[a.source].id == "f03/page")
            .collect();
        assert_eq!(f03.len(), 2);
        assert_eq!(f03[0].candidates.len(), 12);
        let first = f03[0].candidates.first().map(|c| g.graph[c].id.as_str());
        assert_eq!(first, Some("f03/index"));
        assert!(f03[0].candidates.shares_lists_with(&f03[1].candidates));
        // One list of every candidate for every folder's links.
        assert!(g.ambiguous.iter().all(|a| a.candidates.len() == 12));

        let message = g
            .diagnostics
            .iter()
            .find(|d| d.file.as_deref() == Some("f03/page.md"))
            .map(|d| d.message.as_str());
        assert_eq!(
            message,
            Some(
                "`index` matches 12 pages (f03/index, f00/index, f01/index, f02/index, \
                 f04/index, f05/index, f06/index, f07/index, f08/index, f09/index \
                 and 2 more); read as `f03/index`"
            )
        );
    }

    proptest::proptest! {
        #[test]
        fn bounded_edit_distance_agrees(a in "[ab_é]{0,9}|[ab]{50,80}", b in "[ab_é]{0,9}|[ab]{50,80}", limit in 0usize..6) {
            let d = edit_distance(&a, &b);
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            // The early exits give up only on pairs beyond the limit.
            proptest::prop_assert_eq!(edit_distance_within(&ca, &cb, limit), (d <= limit).then_some(d));
        }
    }

    /// A large wiki has millions of edges: their size is a share of the
    /// peak memory, kept from growing unnoticed.
    #[test]
    fn an_edge_stays_small() {
        assert!(std::mem::size_of::<Edge>() <= 16);
    }

    /// Notes live beside the edges: each edge, in every page, finds its
    /// own, also once a subgraph has renumbered the edges.
    #[test]
    fn each_edge_finds_its_own_note() {
        let g = WikiGraph::build(
            pages(&[
                (
                    "a",
                    "[[c]]\n## Connections\n- **Complements**: [[b]] (first), [[c]]\n- **Flows to**: [[c]] (second)",
                ),
                (
                    "b",
                    "## Connections\n- **Supports**: [[a]] (third)\n- [[c]]",
                ),
                ("c", "## Connections\n- **Supports**: [[b]] (fourth)"),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        let notes = |g: &WikiGraph| edges_by(g, |w| format!(": {}", g.note(w).unwrap_or("-")));
        assert_eq!(
            notes(&g),
            [
                "a -mentions-> c: -",
                "a -complements-> b: first",
                "a -complements-> c: -",
                "a -flows_to-> c: second",
                "b -supports-> a: third",
                "b -related-> c: -",
                "c -supports-> b: fourth",
            ]
        );
        let f = crate::subgraph::Filter {
            no_mentions: true,
            relations: ["supports".to_owned(), "flows_to".to_owned()].into(),
            keep_pages: true,
            ..Default::default()
        };
        assert_eq!(
            notes(&crate::subgraph::subgraph(g, &f)),
            [
                "a -flows_to-> c: second",
                "b -supports-> a: third",
                "c -supports-> b: fourth",
            ]
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("is_used_by", "is-used-by"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn edges_are_counted_per_relation_key() {
        let g = WikiGraph::build(
            pages(&[
                (
                    "a",
                    "[[b]] and [[c]]\n## Connections\n- **Flows to**: [[b]]\n- **flows-to**: [[c]]\n- **Complements**: [[b]]",
                ),
                ("b", "# B"),
                ("c", "# C"),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        let mut want: BTreeMap<&str, usize> = BTreeMap::new();
        for e in g.graph.edge_weights() {
            *want.entry(g.relation(e.relation).key.as_str()).or_default() += 1;
        }
        assert_eq!(g.edges_per_relation_key(), want);
        assert_eq!(
            want.into_iter().collect::<Vec<_>>(),
            [("complements", 1), ("flows_to", 2), ("mentions", 2)]
        );
    }

    #[test]
    fn mentions_fold_typed_do_not() {
        let g = WikiGraph::build(
            pages(&[
                (
                    "a",
                    "[[b]] and [[b]] again\n## Connections\n- **Complements**: [[b]]\n- **Complements**: [[b]]",
                ),
                ("b", "# B"),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        assert_eq!(
            edges(&g),
            [
                "a -mentions-> b x2",
                "a -complements-> b x1",
                "a -complements-> b x1"
            ]
        );
    }

    #[test]
    fn other_nodes_are_named_once_per_key_with_unique_ids() {
        let page = |others: &[(NodeKind, &str, &str)]| FoldedPage {
            edges: Vec::new(),
            notes: 0,
            relations: Vec::new(),
            others: others
                .iter()
                .map(|&(kind, key, label)| OtherEnd {
                    kind,
                    key: key.into(),
                    label: label.into(),
                })
                .collect(),
            diags: Vec::new(),
            amb: Vec::new(),
        };
        let pages = [
            page(&[
                (NodeKind::Unlinked, "k2", "X"),
                (NodeKind::Missing, "m", "X"),
            ]),
            page(&[
                (NodeKind::Unlinked, "k1", "X"),
                // Written again, and differently: the first label stays.
                (NodeKind::Unlinked, "k2", "other"),
                (NodeKind::Citation, "c", "A Book"),
                // Keys sort one way, ids (labels) the other: ids decide.
                (NodeKind::Citation, "a", "Z"),
                (NodeKind::Citation, "b", "B"),
            ]),
        ];
        let nodes: Vec<(NodeKind, &str, String, &str)> = other_nodes(&pages).0;
        assert_eq!(
            nodes,
            [
                (NodeKind::Missing, "m", "missing:X".to_owned(), "X"),
                (NodeKind::Unlinked, "k1", "unlinked:X".to_owned(), "X"),
                (NodeKind::Unlinked, "k2", "unlinked:X~2".to_owned(), "X"),
                (
                    NodeKind::Citation,
                    "c",
                    "citation:A Book".to_owned(),
                    "A Book"
                ),
                (NodeKind::Citation, "b", "citation:B".to_owned(), "B"),
                (NodeKind::Citation, "a", "citation:Z".to_owned(), "Z"),
            ]
        );
    }

    #[test]
    fn node_kinds_and_order() {
        let g = WikiGraph::build(
            pages(&[
                (
                    "z",
                    "## Sources\n- https://x.org/r\n- A Book, 2020\n## Connections\n- **Compared to**: Twitter/X — note\n- **Uses**: [[nowhere]], [[a]]",
                ),
                ("a", "# Alpha"),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        let nodes: Vec<(String, NodeKind, String)> = g
            .graph
            .node_weights()
            .map(|n| (n.id.clone(), n.kind, n.label.clone()))
            .collect();
        assert_eq!(
            nodes,
            [
                ("a".into(), NodeKind::Page, "Alpha".into()),
                ("z".into(), NodeKind::Page, "z".into()),
                (
                    "missing:nowhere".into(),
                    NodeKind::Missing,
                    "nowhere".into()
                ),
                (
                    "unlinked:Twitter/X".into(),
                    NodeKind::Unlinked,
                    "Twitter/X".into()
                ),
                (
                    "citation:A Book, 2020".into(),
                    NodeKind::Citation,
                    "A Book, 2020".into()
                ),
                (
                    "citation:https://x.org/r".into(),
                    NodeKind::Citation,
                    "https://x.org/r".into()
                ),
            ]
        );
    }

    #[test]
    fn a_phrase_under_a_connection_heading_links_only_the_page_it_names() {
        let g = built(&[
            (
                "x",
                "## Related Concepts\n- Gaussian curves for normative comparison\n- multi-task heads with a per-bone loss\n- SQL pagination (LIMIT/OFFSET)",
            ),
            ("g", "# Gaussian curves for normative comparison\n"),
            ("sql-pagination", "Body."),
        ]);
        // The third names `sql-pagination` by its slug; the second names
        // nothing and is no node.
        assert_eq!(
            edges(&g),
            ["x -related-> g x1", "x -related-> sql-pagination x1"]
        );
        assert_eq!(g.graph.node_count(), 3);
    }

    #[test]
    fn plain_text_target_resolves_to_a_page_by_title() {
        let g = WikiGraph::build(
            pages(&[
                ("x", "## Related\n- **Similar to**: Alpha Platform"),
                ("a", "---\ntitle: Alpha Platform\n---\n"),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        assert_eq!(edges(&g), ["x -similar_to-> a x1"]);
    }

    #[test]
    fn a_cited_slug_with_an_anchor_names_its_page() {
        let g = WikiGraph::build(
            pages(&[
                (
                    "x",
                    "---\nsources: [source-0004#abstract, C#, nowhere#x]\n---\n",
                ),
                ("source-0004", "# S"),
            ]),
            &Vocabulary::builtin(),
            None,
        );
        assert_eq!(
            edges(&g),
            [
                "x -cites-> source-0004 x1",
                "x -cites-> citation:C# x1",
                "x -cites-> citation:nowhere#x x1"
            ]
        );
    }
}
