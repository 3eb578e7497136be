//! The audit: what nothing connects, what is missing, what cannot be reached,
//! what is stated one way only, and which labels are outside the vocabulary.
//! Every function is a pure function of the graph, O(V + E).

use crate::diag::Severity;
use crate::graph::{EdgeKind, NodeKind, RelationName, WikiGraph, edit_distance_within};
use crate::vocab::Vocabulary;
use foldhash::{HashMap, HashSet};
use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// File stems that make a page at the wiki root an entry point.
pub const ENTRY_STEMS: &[&str] = &["index", "overview", "readme", "home"];

/// Entry points: pages at the wiki root named index, overview, README or
/// home (any case).
pub fn entry_points(g: &WikiGraph) -> Vec<NodeIndex> {
    pages(g).filter(|&n| is_entry(&g.graph[n].id)).collect()
}

/// True for the id of a page at the wiki root named after [`ENTRY_STEMS`]
/// (any case): its [`folder`](crate::resolve::folder) is empty and its
/// [`stem`](crate::resolve::stem) is one of them.
fn is_entry(id: &str) -> bool {
    let stem = match memchr::memrchr(b'/', id.as_bytes()) {
        None => id,
        Some(0) => &id[1..],
        Some(_) => return false,
    };
    // An ASCII stem needs no lowercase copy.
    if stem.is_ascii() {
        ENTRY_STEMS.iter().any(|s| stem.eq_ignore_ascii_case(s))
    } else {
        ENTRY_STEMS.contains(&stem.to_lowercase().as_str())
    }
}

fn pages(g: &WikiGraph) -> impl Iterator<Item = NodeIndex> + '_ {
    (0..g.page_count).map(NodeIndex::new)
}

fn is_page(g: &WikiGraph, n: NodeIndex) -> bool {
    g.graph[n].kind == NodeKind::Page
}

/// Orphans: pages with no inbound edge from another page (self-links do not
/// count), other than the entry points.
pub fn orphans(g: &WikiGraph, entries: &[NodeIndex]) -> Vec<NodeIndex> {
    // Marked once: a wiki may name thousands of entry points.
    let mut entry = vec![false; g.graph.node_count()];
    for n in entries {
        if let Some(e) = entry.get_mut(n.index()) {
            *e = true;
        }
    }
    pages(g)
        .filter(|n| !entry[n.index()])
        .filter(|&n| {
            !g.graph
                .edges_directed(n, Direction::Incoming)
                .any(|e| e.source() != n && is_page(g, e.source()))
        })
        .collect()
}

/// Isolated pages: no edge to or from any other node (self-loops do not count).
pub fn isolated(g: &WikiGraph) -> Vec<NodeIndex> {
    pages(g)
        .filter(|&n| {
            !g.graph
                .edges_directed(n, Direction::Incoming)
                .any(|e| e.source() != n)
                && !g
                    .graph
                    .edges_directed(n, Direction::Outgoing)
                    .any(|e| e.target() != n)
        })
        .collect()
}

/// A missing page and everywhere it is linked from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The missing node.
    pub node: NodeIndex,
    /// Edges pointing at it, in edge order.
    pub referrers: Vec<EdgeIndex>,
    /// Number of distinct pages linking to it.
    pub pages: usize,
}

/// Missing pages, most distinct referring pages first, then by id.
pub fn missing(g: &WikiGraph) -> Vec<Missing> {
    let mut scan = MissingScan::new(g);
    scan_edges(g, |i, e| scan.visit(i, e));
    let links = scan.finish(g);
    let mut out: Vec<Missing> = (0..links.nodes.len())
        .map(|slot| Missing {
            node: links.nodes[slot],
            referrers: links.of(slot).map(|l| l.edge).collect(),
            pages: links.pages[slot],
        })
        .collect();
    out.sort_by(|a, b| {
        b.pages
            .cmp(&a.pages)
            .then_with(|| g.graph[a.node].id.cmp(&g.graph[b.node].id))
    });
    out
}

/// An edge as petgraph stores it.
type RawEdge = petgraph::graph::Edge<crate::graph::Edge>;

/// Visits every edge once, in order. The analyses that read every edge
/// are visitors, so that [`check`] reads the edges once for all of them
/// (a large wiki has millions).
fn scan_edges(g: &WikiGraph, mut visit: impl FnMut(EdgeIndex, &RawEdge)) {
    for (i, e) in g.graph.raw_edges().iter().enumerate() {
        visit(EdgeIndex::new(i), e);
    }
}

/// An edge to a missing page.
#[derive(Clone, Copy)]
struct Link {
    edge: EdgeIndex,
    source: NodeIndex,
    line: u32,
    /// The missing page's place in [`MissingLinks::nodes`].
    slot: u32,
}

/// Gathers the links to missing pages (walking each missing page's
/// incoming edges instead jumps all over the edges).
struct MissingScan {
    /// Per node, its place among the missing pages (`u32::MAX` if none).
    slot_of: Vec<u32>,
    nodes: Vec<NodeIndex>,
    links: Vec<Link>,
}

impl MissingScan {
    fn new(g: &WikiGraph) -> Self {
        let mut slot_of = vec![u32::MAX; g.graph.node_count()];
        let mut nodes = Vec::new();
        for (i, n) in g.graph.raw_nodes().iter().enumerate() {
            if n.weight.kind == NodeKind::Missing {
                slot_of[i] = nodes.len() as u32;
                nodes.push(NodeIndex::new(i));
            }
        }
        MissingScan {
            slot_of,
            nodes,
            links: Vec::new(),
        }
    }

    #[inline]
    fn visit(&mut self, edge: EdgeIndex, e: &RawEdge) {
        let slot = self.slot_of[e.target().index()];
        if slot != u32::MAX {
            self.links.push(Link {
                edge,
                source: e.source(),
                line: e.weight.line,
                slot,
            });
        }
    }

    fn finish(self, g: &WikiGraph) -> MissingLinks {
        let MissingScan { nodes, links, .. } = self;
        // A counting sort groups the links by missing page, keeping edge
        // order within each group.
        let mut starts = vec![0; nodes.len() + 1];
        for l in &links {
            starts[l.slot as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut grouped = vec![0; links.len()];
        for (i, l) in links.iter().enumerate() {
            grouped[next[l.slot as usize]] = i;
            next[l.slot as usize] += 1;
        }
        let mut out = MissingLinks {
            nodes,
            links,
            starts,
            grouped,
            pages: Vec::new(),
        };
        // Distinct sources: a node counts for a missing page the first time
        // it is met in that page's group.
        let mut counted = vec![u32::MAX; g.graph.node_count()];
        out.pages = (0..out.nodes.len())
            .map(|slot| {
                out.of(slot)
                    .filter(|l| {
                        let last = std::mem::replace(&mut counted[l.source.index()], slot as u32);
                        last != slot as u32
                    })
                    .count()
            })
            .collect();
        out
    }
}

/// The links to missing pages.
struct MissingLinks {
    /// The missing pages, in node order.
    nodes: Vec<NodeIndex>,
    /// Every link to one of them, in edge order.
    links: Vec<Link>,
    /// Per missing page, where its links start in `grouped`.
    starts: Vec<usize>,
    /// Positions in `links`, grouped by missing page, each group in edge
    /// order.
    grouped: Vec<usize>,
    /// Per missing page, how many distinct nodes link to it.
    pages: Vec<usize>,
}

impl MissingLinks {
    /// The links to the missing page in `slot`, in edge order.
    fn of(&self, slot: usize) -> impl Iterator<Item = &Link> {
        self.grouped[self.starts[slot]..self.starts[slot + 1]]
            .iter()
            .map(|&i| &self.links[i])
    }
}

/// Pages not reachable from the entry points by following edges as written.
/// Empty when there is no entry point.
pub fn unreachable(g: &WikiGraph, entries: &[NodeIndex]) -> Vec<NodeIndex> {
    if entries.is_empty() {
        return Vec::new();
    }
    let mut seen = vec![false; g.graph.node_count()];
    let mut stack: Vec<NodeIndex> = entries.to_vec();
    for &e in entries {
        seen[e.index()] = true;
    }
    while let Some(n) = stack.pop() {
        for next in g.graph.neighbors_directed(n, Direction::Outgoing) {
            if !seen[next.index()] {
                seen[next.index()] = true;
                stack.push(next);
            }
        }
    }
    pages(g).filter(|n| !seen[n.index()]).collect()
}

/// Weakly connected components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    /// Component number of each node (0 is the largest).
    pub of: Vec<usize>,
    /// Size (node count) of each component, largest first.
    pub sizes: Vec<usize>,
}

/// Weakly connected components, numbered by size (largest first, ties by
/// their first node).
pub fn components(g: &WikiGraph) -> Components {
    let n = g.graph.node_count();
    // Parts of the edges are joined side by side, then the parts' sets
    // into one another.
    // Each part costs a union-find over every node and a pass to join it
    // to the others, so parts are few (at most four, keeping this O(V + E))
    // and each holds several times more edges than there are nodes.
    let edges = g.graph.raw_edges();
    let parts = (edges.len() / (4 * n).max(1)).clamp(1, rayon::current_num_threads().min(4));
    let part = edges.len().div_ceil(parts).max(1);
    let mut sets = edges
        .par_chunks(part)
        .map(|edges| {
            let mut sets = Sets::new(n);
            sets.join_edges(edges);
            sets
        })
        .reduce_with(|mut a, mut b| {
            a.absorb(&mut b);
            a
        })
        .unwrap_or_else(|| Sets::new(n));
    let roots: Vec<u32> = (0..n as u32).map(|i| sets.root(i)).collect();
    let mut size = vec![0usize; n];
    for &r in &roots {
        size[r as usize] += 1;
    }
    let mut order: Vec<usize> = (0..n).filter(|&r| size[r] > 0).collect();
    order.sort_unstable_by_key(|&r| (std::cmp::Reverse(size[r]), r));
    let mut rank = vec![0; n];
    for (i, &r) in order.iter().enumerate() {
        rank[r] = i;
    }
    Components {
        of: roots.iter().map(|&r| rank[r as usize]).collect(),
        sizes: order.iter().map(|&r| size[r]).collect(),
    }
}

/// Disjoint sets of nodes (union-find) whose roots are the smallest node of
/// their set, so that a root is its component's first node.
struct Sets(Vec<u32>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n as u32).collect())
    }

    /// The root of `x`'s set, halving the path on the way.
    fn root(&mut self, mut x: u32) -> u32 {
        let parent = &mut self.0;
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }

    /// Joins two sets by their roots; returns the root of the whole.
    fn join_roots(&mut self, a: u32, b: u32) -> u32 {
        let root = a.min(b);
        self.0[a.max(b) as usize] = root;
        root
    }

    /// Joins the ends of each edge. An edge's source is most often the
    /// previous edge's, whose root is kept.
    fn join_edges(&mut self, edges: &[RawEdge]) {
        let mut last: Option<(NodeIndex, u32)> = None;
        for e in edges {
            let s = match last {
                Some((node, root)) if node == e.source() => root,
                _ => self.root(e.source().index() as u32),
            };
            let t = self.root(e.target().index() as u32);
            last = Some((e.source(), self.join_roots(s, t)));
        }
    }

    /// Joins every set of `other` (over the same nodes) into these.
    fn absorb(&mut self, other: &mut Sets) {
        for x in 0..self.0.len() as u32 {
            let up = other.root(x);
            if up != x {
                let (a, b) = (self.root(x), self.root(up));
                self.join_roots(a, b);
            }
        }
    }
}

/// Pages outside the largest weakly connected component.
pub fn islands(g: &WikiGraph, c: &Components) -> Vec<NodeIndex> {
    pages(g).filter(|n| c.of[n.index()] != 0).collect()
}

/// Pages whose type is not `source` that cite nothing.
pub fn uncited(g: &WikiGraph) -> Vec<NodeIndex> {
    let mut scan = CitingScan::new(g);
    scan_edges(g, |_, e| scan.visit(e));
    scan.uncited(g)
}

/// Marks the nodes that cite something (walking each page's outgoing edges
/// until a citation instead jumps all over the edges).
struct CitingScan {
    /// Per relation, whether it is a citation.
    cites: Vec<bool>,
    citing: Vec<bool>,
}

impl CitingScan {
    fn new(g: &WikiGraph) -> Self {
        CitingScan {
            cites: g
                .relations()
                .iter()
                .map(RelationName::is_citation)
                .collect(),
            citing: vec![false; g.graph.node_count()],
        }
    }

    #[inline]
    fn visit(&mut self, e: &RawEdge) {
        if self.cites[e.weight.relation.0 as usize] {
            self.citing[e.source().index()] = true;
        }
    }

    fn uncited(&self, g: &WikiGraph) -> Vec<NodeIndex> {
        pages(g)
            .filter(|&n| {
                !g.graph[n]
                    .page_type()
                    .is_some_and(|t| t.eq_ignore_ascii_case("source"))
            })
            .filter(|&n| !self.citing[n.index()])
            .collect()
    }
}

/// Generic associations: symmetric, but by convention listed on one page
/// only (`related:` lists, `See also`), so `one_way` does not report them.
pub const GENERIC: &[&str] = &["related", "related_to", "see_also"];

/// Edges of a symmetric typed relation between two pages whose counterpart
/// (target → source, same relation) is absent. Generic associations
/// ([`GENERIC`]) are left out.
pub fn one_way(g: &WikiGraph, vocab: &Vocabulary) -> Vec<EdgeIndex> {
    let mut scan = SymmetricScan::new(g, vocab);
    scan_edges(g, |i, e| scan.visit(i, e));
    scan.one_way(g)
}

/// Gathers the edges of symmetric typed relations: what is stated and the
/// search for counterparts both need only them.
struct SymmetricScan {
    /// Per relation: the key it shares with others, when it is a symmetric
    /// typed relation (`mentions` and `cites` are facts about one page).
    key: Vec<Option<u32>>,
    edges: Vec<(NodeIndex, NodeIndex, u32, EdgeIndex)>,
}

impl SymmetricScan {
    fn new(g: &WikiGraph, vocab: &Vocabulary) -> Self {
        let mut keys: HashMap<&str, u32> = HashMap::default();
        let key = g
            .relations()
            .iter()
            .map(|r| {
                let key = r.key.as_str();
                (r.kind == EdgeKind::Typed && vocab.is_symmetric(key) && !GENERIC.contains(&key))
                    .then(|| {
                        let n = keys.len() as u32;
                        *keys.entry(key).or_insert(n)
                    })
            })
            .collect();
        SymmetricScan {
            key,
            edges: Vec::new(),
        }
    }

    #[inline]
    fn visit(&mut self, edge: EdgeIndex, e: &RawEdge) {
        if let Some(k) = self
            .key
            .get(e.weight.relation.0 as usize)
            .copied()
            .flatten()
        {
            self.edges.push((e.source(), e.target(), k, edge));
        }
    }

    fn one_way(&self, g: &WikiGraph) -> Vec<EdgeIndex> {
        let stated: HashSet<(NodeIndex, NodeIndex, u32)> =
            self.edges.iter().map(|&(s, t, k, _)| (s, t, k)).collect();
        // Node kinds side by side, rather than a node each to look at.
        let page: Vec<bool> = g
            .graph
            .raw_nodes()
            .iter()
            .map(|n| n.weight.kind == NodeKind::Page)
            .collect();
        self.edges
            .iter()
            .filter(|&&(s, t, k, _)| s != t && page[t.index()] && !stated.contains(&(t, s, k)))
            .map(|&(.., e)| e)
            .collect()
    }
}

/// A relation key outside the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRelation {
    /// The key.
    pub key: String,
    /// The labels that spell it, as written.
    pub labels: Vec<String>,
    /// Edges using it, in order.
    pub edges: Vec<EdgeIndex>,
    /// A near miss: a known key, or a key used more often in this wiki.
    pub suggestion: Option<String>,
}

/// Typed relation keys outside the vocabulary, with near-miss suggestions.
pub fn unknown_relations(g: &WikiGraph, vocab: &Vocabulary) -> Vec<UnknownRelation> {
    let mut scan = RelationScan::new(g, vocab);
    scan_edges(g, |i, e| scan.visit(i, e));
    scan.unknown(g, vocab)
}

/// Counts the typed edges of each relation and lists those of relations
/// outside the vocabulary, by relation id: a key's string is then hashed
/// once per relation rather than once per edge.
struct RelationScan {
    typed: Vec<bool>,
    known: Vec<bool>,
    count: Vec<usize>,
    edges: Vec<Vec<EdgeIndex>>,
}

impl RelationScan {
    fn new(g: &WikiGraph, vocab: &Vocabulary) -> Self {
        let relations = g.relations();
        RelationScan {
            typed: relations
                .iter()
                .map(|r| r.kind == EdgeKind::Typed)
                .collect(),
            known: relations.iter().map(|r| vocab.is_known(&r.key)).collect(),
            count: vec![0; relations.len()],
            edges: vec![Vec::new(); relations.len()],
        }
    }

    #[inline]
    fn visit(&mut self, edge: EdgeIndex, e: &RawEdge) {
        let r = e.weight.relation.0 as usize;
        if self.typed[r] {
            self.count[r] += 1;
            if !self.known[r] {
                self.edges[r].push(edge);
            }
        }
    }

    fn unknown(&self, g: &WikiGraph, vocab: &Vocabulary) -> Vec<UnknownRelation> {
        let relations = g.relations();
        let mut uses: HashMap<&str, usize> = HashMap::default();
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (r, rel) in relations.iter().enumerate() {
            if self.count[r] > 0 {
                *uses.entry(rel.key.as_str()).or_default() += self.count[r];
            }
            if !self.edges[r].is_empty() {
                by_key.entry(rel.key.as_str()).or_default().push(r);
            }
        }
        let unknown: Vec<UnknownRelation> = by_key
            .into_iter()
            .map(|(key, mut ids)| {
                // Labels in the order their first edges come.
                ids.sort_by_key(|&r| self.edges[r][0]);
                let mut labels: Vec<String> =
                    ids.iter().map(|&r| relations[r].label.clone()).collect();
                // Once, not a look through the list for each (thousands of
                // spellings of one key took time in its square).
                crate::text::keep_first(&mut labels);
                let mut edges: Vec<EdgeIndex> =
                    ids.iter().flat_map(|&r| &self.edges[r]).copied().collect();
                if ids.len() > 1 {
                    edges.sort_unstable();
                }
                UnknownRelation {
                    key: key.to_owned(),
                    labels,
                    edges,
                    suggestion: None,
                }
            })
            .collect();
        suggest(unknown, &uses, vocab)
    }
}

/// Fills in near-miss suggestions.
fn suggest(
    unknown: Vec<UnknownRelation>,
    uses: &HashMap<&str, usize>,
    vocab: &Vocabulary,
) -> Vec<UnknownRelation> {
    // Candidates: the vocabulary, and keys this wiki uses more often, among
    // the ones it uses most. Each is split into characters once.
    let known: Vec<Spelling> = vocab
        .relations()
        .take(SUGGESTION_POOL)
        .map(|r| Spelling::new(r.key.as_str()))
        .collect();
    let mut used: Vec<(usize, &str)> = uses.iter().map(|(k, n)| (*n, *k)).collect();
    used.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    used.truncate(SUGGESTION_POOL);
    let used: Vec<(usize, Spelling)> = used
        .into_iter()
        .map(|(n, k)| (n, Spelling::new(k)))
        .collect();
    unknown
        .into_par_iter()
        .map(|mut u| {
            let mine = uses.get(u.key.as_str()).copied().unwrap_or(0);
            // Most used first: those used more often are a prefix.
            let more = used.partition_point(|(n, _)| *n > mine);
            let used_more = used[..more]
                .iter()
                .filter(|(_, c)| c.text != u.key)
                .map(|(_, c)| c);
            u.suggestion = near_miss(&u.key, known.iter().chain(used_more));
            u
        })
        .collect()
}

/// The keys of a wiki, the most used first, that an unknown key's near
/// miss is looked for among, and the vocabulary's keys likewise (the
/// built-in ones first, then the configuration's in its order). Every
/// unknown key is compared with each of them: with all of its keys, a wiki
/// of 16,000 free-form labels, half used once and half twice, took 6.4 s,
/// and 16,000 labels against a configuration of 16,000 relations 4.5 s; a
/// typo is most likely of a key used often.
const SUGGESTION_POOL: usize = 1000;

/// A candidate spelling, split for edit distances.
struct Spelling<'a> {
    text: &'a str,
    chars: Vec<char>,
    /// How many of its characters fall in each bucket, for a lower bound
    /// of the edit distance that costs no table.
    counts: Counts,
    /// Without underscores.
    squashed: String,
    squashed_chars: Vec<char>,
    squashed_counts: Counts,
}

impl<'a> Spelling<'a> {
    fn new(text: &'a str) -> Self {
        let squashed = text.replace('_', "");
        let chars: Vec<char> = text.chars().collect();
        let squashed_chars: Vec<char> = squashed.chars().collect();
        Spelling {
            text,
            counts: Counts::of(&chars),
            squashed_counts: Counts::of(&squashed_chars),
            chars,
            squashed_chars,
            squashed,
        }
    }
}

/// Characters counted by bucket (code point modulo 64, saturating).
///
/// An edit removes at most one character and adds at most one, so the
/// characters one spelling has beyond the other, counted either way, are a
/// lower bound of their edit distance (the "bag distance"). Counting by
/// bucket lets some differences cancel, which only lowers the bound: it
/// stays a bound, and two keys whose bound exceeds the limit need no table.
#[derive(Clone, Copy)]
struct Counts([u8; 64]);

impl Counts {
    fn of(chars: &[char]) -> Self {
        let mut c = [0u8; 64];
        for &ch in chars {
            let b = &mut c[ch as usize % 64];
            *b = b.saturating_add(1);
        }
        Counts(c)
    }

    /// The bag distance of the buckets: at most the edit distance.
    fn bound(&self, other: &Counts) -> usize {
        // Byte lanes and 16-bit sums (64 × 255 fits), one pass of zipped
        // iterators per side, so that each vectorises (an indexed loop
        // summing both sides did not: 3% of `check` on the real corpora).
        let excess = |a: &[u8; 64], b: &[u8; 64]| -> u16 {
            a.iter()
                .zip(b)
                .map(|(x, y)| u16::from(x.saturating_sub(*y)))
                .sum()
        };
        usize::from(excess(&self.0, &other.0).max(excess(&other.0, &self.0)))
    }
}

/// The closest candidate within a small edit distance (about one typo per
/// four characters), ties broken by name.
///
/// A wiki with hundreds of free-form labels compares each with each, so
/// pairs are pruned without changing the answer: the limit tightens to the
/// best distance found so far (a farther candidate cannot win), and a pair
/// whose [`Counts::bound`] is over the limit is not measured.
/// The longest relation key (in characters) that a near miss is looked
/// for.
const MAX_SUGGESTED: usize = 64;

fn near_miss<'a, 'b: 'a>(
    key: &str,
    candidates: impl Iterator<Item = &'a Spelling<'b>>,
) -> Option<String> {
    let me = Spelling::new(key);
    // A label is a few words: a longer one is no typo of another, and
    // comparing two takes time in the square of their length.
    if me.chars.len() > MAX_SUGGESTED {
        return None;
    }
    let limit = (me.chars.len() / 4).max(1);
    let mut best: Option<(usize, bool, &str)> = None;
    for c in candidates.filter(|c| c.text != key) {
        let limit = best.map_or(limit, |(d, _, _)| d.min(limit));
        let within = |a: &[char], b: &[char], ca: &Counts, cb: &Counts| {
            // The length difference is a weaker bound, but cheaper.
            if a.len().abs_diff(b.len()) > limit || ca.bound(cb) > limit {
                None
            } else {
                edit_distance_within(a, b, limit)
            }
        };
        let Some(d) = [
            within(&me.chars, &c.chars, &me.counts, &c.counts),
            within(
                &me.squashed_chars,
                &c.squashed_chars,
                &me.squashed_counts,
                &c.squashed_counts,
            ),
        ]
        .into_iter()
        .flatten()
        .min() else {
            continue;
        };
        // One spelling inside the other (`is_used_by` / `used_by`) is the
        // likelier near miss among equally close ones.
        let inside = me.squashed.contains(&c.squashed) || c.squashed.contains(&me.squashed);
        let this = (d, !inside, c.text);
        if best.is_none_or(|b| this < b) {
            best = Some(this);
        }
    }
    best.map(|(_, _, c)| c.to_owned())
}

/// The kinds of audit finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A page nothing links to.
    Orphan,
    /// A page with no edge at all.
    Isolated,
    /// A link to a page that does not exist.
    Missing,
    /// A page the entry points cannot reach.
    Unreachable,
    /// A page outside the largest connected component.
    Island,
    /// A page (not a source) that cites nothing.
    Uncited,
    /// A symmetric relation stated on one side only.
    OneWay,
    /// A relation label outside the vocabulary.
    UnknownRelation,
    /// A link several pages match.
    AmbiguousLink,
    /// Something in the input that could not be read as written.
    ParseError,
}

impl FindingKind {
    /// Every kind, in report order.
    pub const ALL: [FindingKind; 10] = [
        FindingKind::ParseError,
        FindingKind::Missing,
        FindingKind::AmbiguousLink,
        FindingKind::UnknownRelation,
        FindingKind::OneWay,
        FindingKind::Orphan,
        FindingKind::Isolated,
        FindingKind::Unreachable,
        FindingKind::Island,
        FindingKind::Uncited,
    ];

    /// The name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Orphan => "orphan",
            FindingKind::Isolated => "isolated",
            FindingKind::Missing => "missing",
            FindingKind::Unreachable => "unreachable",
            FindingKind::Island => "island",
            FindingKind::Uncited => "uncited",
            FindingKind::OneWay => "one_way",
            FindingKind::UnknownRelation => "unknown_relation",
            FindingKind::AmbiguousLink => "ambiguous_link",
            FindingKind::ParseError => "parse_error",
        }
    }

    /// Parses a kind name.
    pub fn parse(s: &str) -> Option<FindingKind> {
        FindingKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.replace('-', "_"))
    }
}

/// One audit finding. Its node and file are borrowed from the graph: a
/// large wiki has hundreds of thousands of findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding<'g> {
    /// What kind of problem.
    pub kind: FindingKind,
    /// The node it is about (id), if any.
    pub node: Option<&'g str>,
    /// The file where it is, relative to the wiki.
    pub file: Option<&'g str>,
    /// The line, where one exists.
    pub line: Option<u32>,
    /// What to do about it.
    pub message: String,
}

/// Report order: kind, then file, line, node and message.
fn report_order(a: &Finding<'_>, b: &Finding<'_>) -> std::cmp::Ordering {
    let order = |k: FindingKind| FindingKind::ALL.iter().position(|x| *x == k);
    (order(a.kind), a.file, a.line, a.node, &a.message).cmp(&(
        order(b.kind),
        b.file,
        b.line,
        b.node,
        &b.message,
    ))
}

/// Runs every audit and lists the findings, grouped by kind in report order,
/// each group in file and line order (then node and message), without
/// repeats.
pub fn check<'g>(g: &'g WikiGraph, vocab: &Vocabulary, entries: &[NodeIndex]) -> Vec<Finding<'g>> {
    // First what several kinds need: one pass over the edges for the
    // analyses that read them all, and beside it the components (whose
    // union-find is a pass of its own) and the file keys.
    let (facts, (files, comps)) = rayon::join(
        || EdgeFacts::scan(g, vocab),
        || rayon::join(|| FileKeys::new(g), || components(g)),
    );
    let (facts, files, comps) = (&facts, &files, &comps);
    // Then the findings of each kind are found and put in order side by
    // side, as rows: what each is about, with its file's key and line.
    type Build<'a, 'g> = Box<dyn Fn() -> Kind<'a, 'g> + Sync + 'a>;
    let kinds: [Build<'_, 'g>; 10] = [
        Box::new(|| diagnostic_kind(g, FindingKind::ParseError)),
        Box::new(|| missing_kind(g, files, &facts.missing)),
        Box::new(|| diagnostic_kind(g, FindingKind::AmbiguousLink)),
        Box::new(|| unknown_relation_kind(g, files, facts.relations.unknown(g, vocab))),
        Box::new(|| one_way_kind(g, files, facts.symmetric.one_way(g))),
        Box::new(|| {
            page_kind(
                g,
                files,
                FindingKind::Orphan,
                orphans(g, entries),
                move |n| {
                    let label = &g.graph[n].label;
                    ["no other page links to `", label, "`"].concat()
                },
            )
        }),
        Box::new(|| {
            page_kind(g, files, FindingKind::Isolated, isolated(g), move |n| {
                let label = &g.graph[n].label;
                ["`", label, "` has no edge to or from anything"].concat()
            })
        }),
        Box::new(|| {
            page_kind(
                g,
                files,
                FindingKind::Unreachable,
                unreachable(g, entries),
                move |n| {
                    let label = &g.graph[n].label;
                    ["`", label, "` cannot be reached from the entry points"].concat()
                },
            )
        }),
        Box::new(|| {
            let main = comps.sizes.first().copied().unwrap_or(0);
            page_kind(g, files, FindingKind::Island, islands(g, comps), move |n| {
                let label = &g.graph[n].label;
                let size = comps.sizes[comps.of[n.index()]];
                format!(
                    "`{label}` is in a component of {size} node{} apart from the main one ({main} nodes)",
                    if size == 1 { "" } else { "s" },
                )
            })
        }),
        Box::new(|| {
            page_kind(
                g,
                files,
                FindingKind::Uncited,
                facts.citing.uncited(g),
                move |n| {
                    let label = &g.graph[n].label;
                    ["`", label, "` cites no source"].concat()
                },
            )
        }),
    ];
    let kinds: Vec<Kind<'_, 'g>> = kinds.par_iter().map(|build| build()).collect();
    word_all(&kinds)
}

/// What one pass over the edges tells the audit.
struct EdgeFacts {
    missing: MissingLinks,
    relations: RelationScan,
    symmetric: SymmetricScan,
    citing: CitingScan,
}

impl EdgeFacts {
    fn scan(g: &WikiGraph, vocab: &Vocabulary) -> Self {
        let mut missing = MissingScan::new(g);
        let mut relations = RelationScan::new(g, vocab);
        let mut symmetric = SymmetricScan::new(g, vocab);
        let mut citing = CitingScan::new(g);
        // Most edges are mentions, which only `missing` looks at: typed
        // relations (symmetric ones among them) and citations matter to
        // the others.
        let matters: Vec<bool> = (0..g.relations().len())
            .map(|r| relations.typed[r] || citing.cites[r])
            .collect();
        scan_edges(g, |i, e| {
            missing.visit(i, e);
            if matters[e.weight.relation.0 as usize] {
                relations.visit(i, e);
                symmetric.visit(i, e);
                citing.visit(e);
            }
        });
        EdgeFacts {
            missing: missing.finish(g),
            relations,
            symmetric,
            citing,
        }
    }
}

/// Sort keys of the files that findings name, so that sorting findings
/// compares integers rather than paths: 0 for no file, 1 for the empty
/// path (the file of an edge whose source has no page), then one key per
/// distinct page path, in path order.
struct FileKeys(Vec<u32>);

impl FileKeys {
    fn new(g: &WikiGraph) -> Self {
        let mut paths: Vec<(&str, u32)> = g
            .graph
            .raw_nodes()
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((n.weight.page.as_ref()?.path.as_str(), i as u32)))
            .collect();
        // Pages come sorted by id, nearly the order of their paths: a
        // stable sort takes the long runs as they are.
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut keys = vec![0; g.graph.node_count()];
        let (mut key, mut last) = (1, "");
        for (path, i) in paths {
            if path != last {
                key += 1;
                last = path;
            }
            keys[i as usize] = key;
        }
        FileKeys(keys)
    }

    /// The key of a node's own file (its page's path; none for other nodes).
    fn of_node(&self, n: NodeIndex) -> u32 {
        self.0.get(n.index()).copied().unwrap_or(0)
    }

    /// The key of the file an edge from `source` was written in
    /// ([`WikiGraph::edge_file`]: the empty path when it has no page).
    fn of_edge_from(&self, source: NodeIndex) -> u32 {
        self.of_node(source).max(1)
    }
}

/// The path of a node's page, if it is one.
fn page_path(g: &WikiGraph, n: NodeIndex) -> Option<&str> {
    g.graph[n].page.as_ref().map(|p| p.path.as_str())
}

/// A finding before it is worded: its file's key and its line, which
/// order the findings of a kind (before their node and message), and what
/// it is about (a node, an edge, a link: its kind knows).
#[derive(Debug, Clone, Copy)]
struct Row {
    file: u32,
    line: u32,
    item: u32,
}

/// The findings of one kind before they are worded: rows sorted by file and
/// line, and how to word one.
struct Kind<'a, 'g> {
    rows: Vec<Row>,
    word: Box<dyn Fn(&Row) -> Finding<'g> + Send + Sync + 'a>,
}

impl<'a, 'g> Kind<'a, 'g> {
    fn new(mut rows: Vec<Row>, word: impl Fn(&Row) -> Finding<'g> + Send + Sync + 'a) -> Self {
        rows.sort_by_key(|r| (r.file, r.line));
        Kind {
            rows,
            word: Box::new(word),
        }
    }
}

/// Words every row, kind after kind, into the findings in report order,
/// without repeats. Rows are worded side by side straight into place; only
/// rows tied on kind, file and line are then ordered by their words.
fn word_all<'g>(kinds: &[Kind<'_, 'g>]) -> Vec<Finding<'g>> {
    let mut rows: Vec<(u32, Row)> = Vec::with_capacity(kinds.iter().map(|k| k.rows.len()).sum());
    for (k, kind) in kinds.iter().enumerate() {
        rows.extend(kind.rows.iter().map(|&r| (k as u32, r)));
    }
    let mut out = Vec::new();
    rows.par_iter()
        .map(|(k, r)| (kinds[*k as usize].word)(r))
        .collect_into_vec(&mut out);
    order_ties(&rows, &mut out);
    out
}

/// Orders the findings of tied rows (same kind, file and line) by node and
/// message, and drops repeats: two targets of one bullet with an unknown
/// label are one finding.
fn order_ties(rows: &[(u32, Row)], out: &mut Vec<Finding<'_>>) {
    let tied =
        |(ka, a): &(u32, Row), (kb, b): &(u32, Row)| (ka, a.file, a.line) == (kb, b.file, b.line);
    let mut ties: Vec<(usize, &mut [Finding])> = Vec::new();
    let (mut rest, mut start) = (out.as_mut_slice(), 0);
    for run in rows.chunk_by(tied) {
        let (this, after) = std::mem::take(&mut rest).split_at_mut(run.len());
        if run.len() > 1 {
            ties.push((start, this));
        }
        (rest, start) = (after, start + run.len());
    }
    let repeats: Vec<usize> = ties
        .into_par_iter()
        .flat_map_iter(|(start, tie)| {
            tie.sort_by(tie_order);
            let tie = &*tie;
            (1..tie.len())
                .filter(move |&i| tie[i] == tie[i - 1])
                .map(move |i| start + i)
        })
        .collect();
    if !repeats.is_empty() {
        let mut repeats = repeats.into_iter().peekable();
        let mut i = 0;
        out.retain(|_| {
            let repeat = repeats.next_if_eq(&i).is_some();
            i += 1;
            !repeat
        });
    }
}

/// Report order among findings of one kind, file and line: node, then
/// message.
fn tie_order(a: &Finding<'_>, b: &Finding<'_>) -> std::cmp::Ordering {
    // Tied findings are mostly about one node: the very same string.
    let node = match (a.node, b.node) {
        (Some(x), Some(y)) if std::ptr::eq(x, y) => std::cmp::Ordering::Equal,
        (x, y) => x.cmp(&y),
    };
    node.then_with(|| a.message.cmp(&b.message))
}

/// Diagnostics as findings of `kind` (ambiguous links, or parse errors for
/// the rest). They are few: sorted as they are, a row each.
fn diagnostic_kind<'a, 'g: 'a>(g: &'g WikiGraph, kind: FindingKind) -> Kind<'a, 'g> {
    let mut found: Vec<Finding> = g
        .diagnostics
        .iter()
        .filter(|d| {
            let k = match d.kind {
                crate::diag::DiagKind::AmbiguousLink => FindingKind::AmbiguousLink,
                _ => FindingKind::ParseError,
            };
            k == kind
        })
        .map(|d| {
            let sev = if d.severity == Severity::Error {
                "error: "
            } else {
                ""
            };
            Finding {
                kind,
                node: d
                    .file
                    .as_deref()
                    .map(|f| f.strip_suffix(".md").unwrap_or(f)),
                file: d.file.as_deref(),
                line: d.line,
                message: [sev, &d.message].concat(),
            }
        })
        .collect();
    found.sort_by(report_order);
    found.dedup();
    // Keyed by their places, which leaves them in this order.
    let rows = (0..found.len() as u32)
        .map(|i| Row {
            file: i,
            line: 0,
            item: i,
        })
        .collect();
    Kind::new(rows, move |r| found[r.item as usize].clone())
}

/// Findings about whole pages: one per node, worded by `say`.
fn page_kind<'a, 'g: 'a>(
    g: &'g WikiGraph,
    files: &FileKeys,
    kind: FindingKind,
    nodes: Vec<NodeIndex>,
    say: impl Fn(NodeIndex) -> String + Send + Sync + 'a,
) -> Kind<'a, 'g> {
    let rows = nodes
        .into_iter()
        .map(|n| Row {
            file: files.of_node(n),
            line: 0,
            item: n.index() as u32,
        })
        .collect();
    Kind::new(rows, move |r| {
        let n = NodeIndex::new(r.item as usize);
        Finding {
            kind,
            node: Some(&g.graph[n].id),
            file: page_path(g, n),
            line: None,
            message: say(n),
        }
    })
}

/// A row for a finding at an edge: in the file and at the line it was
/// written.
fn edge_row(g: &WikiGraph, files: &FileKeys, e: EdgeIndex) -> Row {
    let edge = &g.graph.raw_edges()[e.index()];
    Row {
        file: files.of_edge_from(edge.source()),
        line: edge.weight.line,
        item: e.index() as u32,
    }
}

/// A finding at an edge written in `source`'s page, about `node`.
fn edge_finding<'g>(
    g: &'g WikiGraph,
    kind: FindingKind,
    (source, line): (NodeIndex, u32),
    node: NodeIndex,
    message: String,
) -> Finding<'g> {
    Finding {
        kind,
        node: Some(&g.graph[node].id),
        file: Some(page_path(g, source).unwrap_or("")),
        line: Some(line),
        message,
    }
}

/// One finding per link to a missing page.
fn missing_kind<'a, 'g: 'a>(
    g: &'g WikiGraph,
    files: &FileKeys,
    links: &'a MissingLinks,
) -> Kind<'a, 'g> {
    // Every link to one page is worded alike.
    let said: Vec<String> = links
        .nodes
        .iter()
        .zip(&links.pages)
        .map(|(&n, &pages)| {
            let count = itoa::Buffer::new().format(pages).to_owned();
            let s = if pages == 1 { "" } else { "s" };
            let label = &g.graph[n].label;
            [
                "`",
                label,
                "` has no page (linked from ",
                &count,
                " page",
                s,
                ")",
            ]
            .concat()
        })
        .collect();
    // In edge order, which is nearly the order of files and lines.
    let rows = links
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| Row {
            file: files.of_edge_from(l.source),
            line: l.line,
            item: i as u32,
        })
        .collect();
    Kind::new(rows, move |r| {
        let l = &links.links[r.item as usize];
        let slot = l.slot as usize;
        let (at, node) = ((l.source, l.line), links.nodes[slot]);
        edge_finding(g, FindingKind::Missing, at, node, said[slot].clone())
    })
}

/// One finding per edge whose relation is outside the vocabulary.
fn unknown_relation_kind<'a, 'g: 'a>(
    g: &'g WikiGraph,
    files: &FileKeys,
    unknown: Vec<UnknownRelation>,
) -> Kind<'a, 'g> {
    // Every edge of one relation is worded alike.
    let mut said: Vec<Option<String>> = vec![None; g.relations().len()];
    let mut rows = Vec::new();
    for u in &unknown {
        for &e in &u.edges {
            let id = g.graph[e].relation;
            said[id.0 as usize].get_or_insert_with(|| {
                let label = &g.relation(id).label;
                let (open, close) = match &u.suggestion {
                    Some(_) => ("; did you mean `", "`?"),
                    None => ("", ""),
                };
                let hint = u.suggestion.as_deref().unwrap_or("");
                [
                    "relation `",
                    label,
                    "` (`",
                    &u.key,
                    "`) is not in the vocabulary",
                    open,
                    hint,
                    close,
                ]
                .concat()
            });
            rows.push(edge_row(g, files, e));
        }
    }
    let edges = g.graph.raw_edges();
    Kind::new(rows, move |r| {
        let edge = &edges[r.item as usize];
        let message = said[edge.weight.relation.0 as usize]
            .clone()
            .unwrap_or_default();
        let source = edge.source();
        let at = (source, edge.weight.line);
        edge_finding(g, FindingKind::UnknownRelation, at, source, message)
    })
}

/// One finding per symmetric relation stated one way only.
fn one_way_kind<'a, 'g: 'a>(
    g: &'g WikiGraph,
    files: &FileKeys,
    one_way: Vec<EdgeIndex>,
) -> Kind<'a, 'g> {
    let rows = one_way.into_iter().map(|e| edge_row(g, files, e)).collect();
    let edges = g.graph.raw_edges();
    Kind::new(rows, move |r| {
        let edge = &edges[r.item as usize];
        let (s, t) = (edge.source(), edge.target());
        let (sl, tl) = (&g.graph[s].label, &g.graph[t].label);
        let rel = &g.relation(edge.weight.relation).label;
        let message = [
            "`",
            sl,
            "` ",
            rel,
            " `",
            tl,
            "`, but `",
            tl,
            "` does not say it back",
        ]
        .concat();
        edge_finding(g, FindingKind::OneWay, (s, edge.weight.line), s, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::SourcePage;
    use crate::page::ParseOptions;

    fn graph(list: &[(&str, &str)]) -> WikiGraph {
        let pages = list
            .iter()
            .map(|(id, text)| SourcePage::from_text(id, text, &ParseOptions::default()))
            .collect();
        WikiGraph::build(pages, &Vocabulary::builtin(), None)
    }

    fn ids(g: &WikiGraph, v: &[NodeIndex]) -> Vec<String> {
        v.iter().map(|&n| g.graph[n].id.clone()).collect()
    }

    /// index → a → b → c (cycle back to a); d links only itself; e → missing
    /// x twice and f → x; g ↔ h form an island; a complements b (stated once),
    /// b and c complement each other.
    fn sample() -> WikiGraph {
        graph(&[
            ("index", "[[a]]"),
            (
                "a",
                "## Connections\n- **Complements**: [[b]]\n## Sources\n- [[src]]",
            ),
            (
                "b",
                "## Connections\n- **Flows to**: [[c]]\n- **Complements**: [[c]]",
            ),
            (
                "c",
                "---\ntype: source\n---\n## Connections\n- **Complements**: [[b]]\n[[a]]",
            ),
            ("d", "[[d]] only itself"),
            (
                "e",
                "[[x]] and [[x]]\n## Connections\n- **Is-used-by**: [[a]]",
            ),
            ("f", "[[x]]"),
            ("g", "[[h]]"),
            ("h", "[[g]]"),
            ("src", "---\ntype: source\n---\n"),
        ])
    }

    #[test]
    fn orphans_isolated_unreachable() {
        let g = sample();
        let entries = entry_points(&g);
        assert_eq!(ids(&g, &entries), ["index"]);
        assert_eq!(ids(&g, &orphans(&g, &entries)), ["d", "e", "f"]);
        assert_eq!(ids(&g, &isolated(&g)), ["d"]);
        assert_eq!(
            ids(&g, &unreachable(&g, &entries)),
            ["d", "e", "f", "g", "h"]
        );
    }

    #[test]
    fn missing_ranked_by_distinct_pages() {
        let g = graph(&[
            ("a", "[[x]] [[x]] [[y]]"),
            ("b", "[[x]]"),
            ("c", "[[y]] [[z]]"),
            ("d", "[[y]]"),
        ]);
        let m = missing(&g);
        let got: Vec<(String, usize, usize)> = m
            .iter()
            .map(|m| (g.graph[m.node].id.clone(), m.pages, m.referrers.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("missing:y".into(), 3, 3),
                ("missing:x".into(), 2, 2),
                ("missing:z".into(), 1, 1)
            ]
        );
    }

    #[test]
    fn components_and_islands() {
        let g = sample();
        let c = components(&g);
        // main: index a b c e f src x; then d; then g h (sizes 8, 2, 1 → ordered)
        assert_eq!(c.sizes, [8, 2, 1]);
        assert_eq!(ids(&g, &islands(&g, &c)), ["d", "g", "h"]);
    }

    #[test]
    fn uncited_skips_sources() {
        let g = sample();
        assert_eq!(
            ids(&g, &uncited(&g)),
            ["b", "d", "e", "f", "g", "h", "index"]
        );
    }

    #[test]
    fn a_connection_labelled_sources_cites() {
        let g = graph(&[
            ("a", "## Connections\n- **Sources**: [[s]]"),
            ("b", "## Connections\n- **Sourced from**: [[s]]"),
            ("s", "---\ntype: source\n---\n"),
        ]);
        assert_eq!(ids(&g, &uncited(&g)), ["b"]);
        assert_eq!(uncited(&g), reference::uncited(&g));
    }

    #[test]
    fn one_way_symmetric_relations() {
        let g = sample();
        let ow: Vec<(String, String)> = one_way(&g, &Vocabulary::builtin())
            .into_iter()
            .map(|e| {
                let (s, t) = g.graph.edge_endpoints(e).unwrap();
                (g.graph[s].id.clone(), g.graph[t].id.clone())
            })
            .collect();
        assert_eq!(ow, [("a".into(), "b".into())]);
    }

    #[test]
    fn unknown_relations_with_suggestions() {
        let g = sample();
        let u = unknown_relations(&g, &Vocabulary::builtin());
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].key, "is_used_by");
        assert_eq!(u[0].labels, ["Is-used-by"]);
        assert_eq!(u[0].suggestion.as_deref(), Some("used_by"));
        let near = |key: &str, names: &[&'static str]| {
            let names: Vec<Spelling> = names.iter().map(|n| Spelling::new(n)).collect();
            near_miss(key, names.iter())
        };
        assert_eq!(
            near("combined_with", &["combines_with", "contains"]).as_deref(),
            Some("combines_with")
        );
        assert_eq!(
            near("complementary", &["complements"]).as_deref(),
            Some("complements")
        );
        assert_eq!(near("ownership", &["owned_by", "owns"]), None);
    }

    /// Near misses are looked for among the keys used most: a key used
    /// less often than the [`SUGGESTION_POOL`] most used is not suggested.
    #[test]
    fn suggestions_come_from_the_most_used_keys() {
        let unknown = |key: &str| UnknownRelation {
            key: key.to_owned(),
            labels: vec![key.to_owned()],
            edges: Vec::new(),
            suggestion: None,
        };
        let common: Vec<String> = (0..SUGGESTION_POOL).map(|i| format!("k{i:05}")).collect();
        let suggested = |pool_before: usize| {
            let mut uses: HashMap<&str, usize> = HashMap::default();
            for c in &common[..pool_before] {
                uses.insert(c, 5);
            }
            uses.insert("zorbles_by", 2);
            uses.insert("zorbled_by", 1);
            suggest(vec![unknown("zorbled_by")], &uses, &Vocabulary::builtin())
                .pop()
                .and_then(|u| u.suggestion)
        };
        assert_eq!(
            suggested(SUGGESTION_POOL - 1).as_deref(),
            Some("zorbles_by")
        );
        assert_eq!(suggested(SUGGESTION_POOL), None);
    }

    /// `near_miss` as first written: every candidate measured in full.
    fn near_miss_unpruned(key: &str, names: &[String]) -> Option<String> {
        if key.chars().count() > MAX_SUGGESTED {
            return None;
        }
        let limit = (key.chars().count() / 4).max(1);
        let squash = |s: &str| s.replace('_', "");
        names
            .iter()
            .filter(|c| c.as_str() != key)
            .filter_map(|c| {
                let d = crate::graph::edit_distance(key, c)
                    .min(crate::graph::edit_distance(&squash(key), &squash(c)));
                let inside = squash(key).contains(&squash(c)) || squash(c).contains(&squash(key));
                (d <= limit).then_some((d, !inside, c.as_str()))
            })
            .min()
            .map(|(_, _, c)| c.to_owned())
    }

    proptest::proptest! {
        /// Pruning (the tightening limit, the bucket bound) never changes
        /// the suggestion. Short keys over a small alphabet, so that many
        /// are near one another; `é` and `ł` share buckets with ASCII.
        #[test]
        fn pruned_near_miss_agrees(
            key in "[abc_é]{1,12}",
            names in proptest::collection::vec("[abcł_é]{1,14}|[a-z_]{8,20}", 0..40),
        ) {
            let spellings: Vec<Spelling> = names.iter().map(|n| Spelling::new(n)).collect();
            proptest::prop_assert_eq!(
                near_miss(&key, spellings.iter()),
                near_miss_unpruned(&key, &names)
            );
        }

        /// The bucket bound is at most the edit distance.
        #[test]
        fn bucket_bound_is_a_lower_bound(a in "[a-e_\u{100}-\u{1ff}]{0,20}", b in "[a-e_\u{100}-\u{1ff}]{0,20}") {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert!(
                Counts::of(&ca).bound(&Counts::of(&cb)) <= crate::graph::edit_distance(&a, &b)
            );
        }
    }

    #[test]
    fn check_groups_findings_with_locations() {
        let g = sample();
        let f = check(&g, &Vocabulary::builtin(), &entry_points(&g));
        let kinds: Vec<&str> = f.iter().map(|f| f.kind.as_str()).collect();
        assert!(kinds.windows(2).all(|w| {
            let o = |k: &str| FindingKind::ALL.iter().position(|x| x.as_str() == k);
            o(w[0]) <= o(w[1])
        }));
        let missing: Vec<(Option<&str>, Option<u32>)> = f
            .iter()
            .filter(|f| f.kind == FindingKind::Missing)
            .map(|f| (f.file, f.line))
            .collect();
        assert_eq!(missing, [(Some("e.md"), Some(1)), (Some("f.md"), Some(1))]);
        let unknown = f
            .iter()
            .find(|f| f.kind == FindingKind::UnknownRelation)
            .unwrap();
        assert_eq!((unknown.file, unknown.line), (Some("e.md"), Some(3)));
        assert!(unknown.message.contains("did you mean `used_by`"));
    }

    /// The audit as first written, kept to hold the faster one to it:
    /// each analysis walks the graph its own way, and every finding is
    /// sorted by comparing strings.
    mod reference {
        use super::super::*;
        use petgraph::unionfind::UnionFind;

        pub fn missing(g: &WikiGraph) -> Vec<Missing> {
            let mut out: Vec<Missing> = g
                .graph
                .node_indices()
                .filter(|&n| g.graph[n].kind == NodeKind::Missing)
                .map(|n| {
                    let mut referrers: Vec<EdgeIndex> = g
                        .graph
                        .edges_directed(n, Direction::Incoming)
                        .map(|e| e.id())
                        .collect();
                    referrers.sort();
                    let pages: HashSet<NodeIndex> = referrers
                        .iter()
                        .filter_map(|&e| g.graph.edge_endpoints(e).map(|(s, _)| s))
                        .collect();
                    Missing {
                        node: n,
                        referrers,
                        pages: pages.len(),
                    }
                })
                .collect();
            out.sort_by(|a, b| {
                b.pages
                    .cmp(&a.pages)
                    .then_with(|| g.graph[a.node].id.cmp(&g.graph[b.node].id))
            });
            out
        }

        pub fn components(g: &WikiGraph) -> Components {
            let n = g.graph.node_count();
            let mut uf = UnionFind::<usize>::new(n);
            for e in g.graph.edge_references() {
                uf.union(e.source().index(), e.target().index());
            }
            let labels = uf.into_labeling();
            let mut size: HashMap<usize, usize> = HashMap::default();
            let mut first: HashMap<usize, usize> = HashMap::default();
            for (i, &l) in labels.iter().enumerate() {
                *size.entry(l).or_default() += 1;
                first.entry(l).or_insert(i);
            }
            let mut order: Vec<usize> = size.keys().copied().collect();
            order.sort_by_key(|l| (std::cmp::Reverse(size[l]), first[l]));
            let rank: HashMap<usize, usize> =
                order.iter().enumerate().map(|(r, &l)| (l, r)).collect();
            Components {
                of: labels.iter().map(|l| rank[l]).collect(),
                sizes: order.iter().map(|l| size[l]).collect(),
            }
        }

        pub fn uncited(g: &WikiGraph) -> Vec<NodeIndex> {
            pages(g)
                .filter(|&n| {
                    !g.graph[n]
                        .page_type()
                        .is_some_and(|t| t.eq_ignore_ascii_case("source"))
                })
                .filter(|&n| {
                    !g.graph.edges_directed(n, Direction::Outgoing).any(|e| {
                        let r = g.relation(e.weight().relation);
                        r.kind == EdgeKind::Cites || r.key == "cites"
                    })
                })
                .collect()
        }

        pub fn one_way(g: &WikiGraph, vocab: &Vocabulary) -> Vec<EdgeIndex> {
            let mut keys: HashMap<&str, usize> = HashMap::default();
            let symmetric: Vec<Option<usize>> = g
                .relations()
                .iter()
                .map(|r| {
                    let key = r.key.as_str();
                    (r.kind == EdgeKind::Typed
                        && vocab.is_symmetric(key)
                        && !GENERIC.contains(&key))
                    .then(|| {
                        let n = keys.len();
                        *keys.entry(key).or_insert(n)
                    })
                })
                .collect();
            let sym = |e: &petgraph::graph::EdgeReference<'_, crate::graph::Edge>| {
                symmetric
                    .get(e.weight().relation.0 as usize)
                    .copied()
                    .flatten()
            };
            let stated: HashSet<(NodeIndex, NodeIndex, usize)> = g
                .graph
                .edge_references()
                .filter_map(|e| sym(&e).map(|k| (e.source(), e.target(), k)))
                .collect();
            g.graph
                .edge_references()
                .filter(|e| {
                    sym(e).is_some_and(|k| {
                        e.source() != e.target()
                            && is_page(g, e.target())
                            && !stated.contains(&(e.target(), e.source(), k))
                    })
                })
                .map(|e| e.id())
                .collect()
        }

        pub fn unknown_relations(g: &WikiGraph, vocab: &Vocabulary) -> Vec<UnknownRelation> {
            let mut by_key: BTreeMap<&str, UnknownRelation> = BTreeMap::new();
            let mut uses: HashMap<&str, usize> = HashMap::default();
            for e in g.graph.edge_references() {
                let r = g.relation(e.weight().relation);
                if r.kind != EdgeKind::Typed {
                    continue;
                }
                *uses.entry(r.key.as_str()).or_default() += 1;
                if vocab.is_known(&r.key) {
                    continue;
                }
                let u = by_key
                    .entry(r.key.as_str())
                    .or_insert_with(|| UnknownRelation {
                        key: r.key.clone(),
                        labels: Vec::new(),
                        edges: Vec::new(),
                        suggestion: None,
                    });
                u.labels.push(r.label.clone());
                u.edges.push(e.id());
            }
            let mut unknown: Vec<UnknownRelation> = by_key.into_values().collect();
            for u in &mut unknown {
                crate::text::keep_first(&mut u.labels);
            }
            suggest(unknown, &uses, vocab)
        }

        pub fn check<'g>(
            g: &'g WikiGraph,
            vocab: &Vocabulary,
            entries: &[NodeIndex],
        ) -> Vec<Finding<'g>> {
            let page_file = |n: NodeIndex| g.graph[n].page.as_ref().map(|p| p.path.as_str());
            let id = |n: NodeIndex| g.graph[n].id.as_str();
            let at_edge = |e: EdgeIndex| (Some(g.edge_file(e)), Some(g.graph[e].line));
            let per_page = |kind: FindingKind,
                            nodes: Vec<NodeIndex>,
                            say: &dyn Fn(NodeIndex, &str) -> String| {
                nodes
                    .into_iter()
                    .map(|n| Finding {
                        kind,
                        node: Some(id(n)),
                        file: page_file(n),
                        line: None,
                        message: say(n, &g.graph[n].label),
                    })
                    .collect::<Vec<_>>()
            };
            let mut out: Vec<Finding> = g
                .diagnostics
                .iter()
                .map(|d| {
                    let kind = match d.kind {
                        crate::diag::DiagKind::AmbiguousLink => FindingKind::AmbiguousLink,
                        _ => FindingKind::ParseError,
                    };
                    let sev = if d.severity == Severity::Error {
                        "error: "
                    } else {
                        ""
                    };
                    Finding {
                        kind,
                        node: d
                            .file
                            .as_deref()
                            .and_then(|f| f.strip_suffix(".md").or(Some(f))),
                        file: d.file.as_deref(),
                        line: d.line,
                        message: format!("{sev}{}", d.message),
                    }
                })
                .collect();
            for m in missing(g) {
                let label = &g.graph[m.node].label;
                for &e in &m.referrers {
                    let (file, line) = at_edge(e);
                    out.push(Finding {
                        kind: FindingKind::Missing,
                        node: Some(id(m.node)),
                        file,
                        line,
                        message: format!(
                            "`{label}` has no page (linked from {} page{})",
                            m.pages,
                            if m.pages == 1 { "" } else { "s" }
                        ),
                    });
                }
            }
            for u in unknown_relations(g, vocab) {
                for &e in &u.edges {
                    let (file, line) = at_edge(e);
                    let label = &g.relation(g.graph[e].relation).label;
                    let hint = match &u.suggestion {
                        Some(s) => format!("; did you mean `{s}`?"),
                        None => String::new(),
                    };
                    out.push(Finding {
                        kind: FindingKind::UnknownRelation,
                        node: g.graph.edge_endpoints(e).map(|(s, _)| id(s)),
                        file,
                        line,
                        message: format!(
                            "relation `{label}` (`{}`) is not in the vocabulary{hint}",
                            u.key
                        ),
                    });
                }
            }
            for e in one_way(g, vocab) {
                let (file, line) = at_edge(e);
                let Some((s, t)) = g.graph.edge_endpoints(e) else {
                    continue;
                };
                let rel = g.relation(g.graph[e].relation);
                out.push(Finding {
                    kind: FindingKind::OneWay,
                    node: Some(id(s)),
                    file,
                    line,
                    message: format!(
                        "`{}` {} `{}`, but `{}` does not say it back",
                        g.graph[s].label, rel.label, g.graph[t].label, g.graph[t].label
                    ),
                });
            }
            out.extend(per_page(
                FindingKind::Orphan,
                orphans(g, entries),
                &|_, label| format!("no other page links to `{label}`"),
            ));
            out.extend(per_page(FindingKind::Isolated, isolated(g), &|_, label| {
                format!("`{label}` has no edge to or from anything")
            }));
            out.extend(per_page(
                FindingKind::Unreachable,
                unreachable(g, entries),
                &|_, label| format!("`{label}` cannot be reached from the entry points"),
            ));
            let comps = components(g);
            out.extend(per_page(FindingKind::Island, islands(g, &comps), &|n, label| {
                let size = comps.sizes[comps.of[n.index()]];
                format!(
                    "`{label}` is in a component of {size} node{} apart from the main one ({} nodes)",
                    if size == 1 { "" } else { "s" },
                    comps.sizes.first().copied().unwrap_or(0)
                )
            }));
            out.extend(per_page(FindingKind::Uncited, uncited(g), &|_, label| {
                format!("`{label}` cites no source")
            }));
            out.sort_by(report_order);
            out.dedup();
            out
        }
    }

    /// Page ids where id order and path order differ (`a-b.md` sorts
    /// before `a.md`, `a-b` after `a`), and targets among them, missing
    /// pages and plain text.
    const IDS: &[&str] = &[
        "index", "a", "a-b", "a/b", "a b", "B", "c/d", "c-d", "src", "z",
    ];
    const TARGETS: &[&str] = &["a", "a-b", "a/b", "B", "c-d", "src", "z", "gone", "nowhere"];
    const LABELS: &[&str] = &[
        "Complements",
        "Similar to",
        "Is-used-by",
        "Is used by",
        "Parent company",
        "Flows to",
        "Related",
        "complementary",
    ];

    fn arb_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let target = || proptest::sample::select(TARGETS);
        let label = proptest::sample::select(LABELS);
        prop_oneof![
            target().prop_map(|t| format!("[[{t}]]")),
            (target(), target()).prop_map(|(a, b)| format!("[[{a}]] and [[{b}]]")),
            (label.clone(), target(), target())
                .prop_map(|(l, a, b)| format!("- **{l}**: [[{a}]], [[{b}]]")),
            (label, target()).prop_map(|(l, t)| format!("- **{l}**: [[{t}]] (via [[{t}]])")),
            (proptest::sample::select(LABELS), target())
                .prop_map(|(l, t)| format!("- **{l}**: {t}")),
            target().prop_map(|t| format!("- [[{t}]]")),
            Just("## Connections".to_owned()),
            Just("## Sources".to_owned()),
            Just("- https://example.org/paper".to_owned()),
            Just("[[]]".to_owned()),
        ]
    }

    /// Pages with ids from [`IDS`], most with their id's path, some sharing
    /// a path or with none, and bodies of links, typed connections and
    /// citations.
    fn arb_pages() -> impl proptest::strategy::Strategy<Value = Vec<SourcePage>> {
        use proptest::prelude::*;
        let page = (
            prop::collection::vec(arb_line(), 0..8),
            any::<bool>(),
            prop::sample::select(vec![None, None, None, Some("shared.md"), Some("")]),
        );
        (
            prop::sample::subsequence(IDS, 1..=IDS.len()),
            prop::collection::vec(page, IDS.len()),
        )
            .prop_map(|(ids, bodies)| {
                ids.into_iter()
                    .zip(bodies)
                    .map(|(id, (lines, source, path))| {
                        let front = if source {
                            "---\ntype: source\n---\n"
                        } else {
                            ""
                        };
                        let text = format!("{front}{}", lines.join("\n"));
                        let page = crate::page::parse(&text, &ParseOptions::default());
                        let path = path.map_or_else(|| format!("{id}.md"), str::to_owned);
                        SourcePage::new(id.to_owned(), path, page)
                    })
                    .collect()
            })
    }

    proptest::proptest! {
        /// The analyses that read every edge in one pass agree with their
        /// first versions.
        #[test]
        fn scans_agree_with_reference(pages in arb_pages()) {
            let vocab = Vocabulary::builtin();
            let g = WikiGraph::build(pages, &vocab, None);
            proptest::prop_assert_eq!(missing(&g), reference::missing(&g));
            proptest::prop_assert_eq!(components(&g), reference::components(&g));
            proptest::prop_assert_eq!(uncited(&g), reference::uncited(&g));
            proptest::prop_assert_eq!(one_way(&g, &vocab), reference::one_way(&g, &vocab));
            proptest::prop_assert_eq!(
                unknown_relations(&g, &vocab),
                reference::unknown_relations(&g, &vocab)
            );
        }

        /// Findings sorted on file keys and lines, kind by kind, are the
        /// findings sorted on their strings.
        #[test]
        fn check_agrees_with_reference(pages in arb_pages(), root in 0usize..3) {
            let vocab = Vocabulary::builtin();
            let g = WikiGraph::build(pages, &vocab, None);
            let entries: Vec<NodeIndex> = match root {
                0 => entry_points(&g),
                1 => Vec::new(),
                _ => vec![NodeIndex::new(g.page_count / 2)],
            };
            proptest::prop_assert_eq!(
                check(&g, &vocab, &entries),
                reference::check(&g, &vocab, &entries)
            );
        }
    }

    proptest::proptest! {
        /// Rows worded in place and ties ordered afterwards make the findings
        /// of the rows worded and sorted on their strings.
        #[test]
        fn worded_rows_are_in_report_order(
            keys in proptest::collection::vec((0u32..4, 0u32..3, 0u32..3), 0..60),
            split in 0usize..60,
        ) {
            const FILES: [&str; 4] = ["a.md", "b.md", "c/d.md", "c-d.md"];
            // File keys in path order: `c-d.md` sorts before `c/d.md`.
            let word = |kind| {
                move |r: &Row| Finding {
                    kind,
                    node: Some(["x", "y", "z"][r.item as usize]),
                    file: Some(FILES[[0, 1, 3, 2][r.file as usize]]),
                    line: Some(r.line),
                    message: ["one", "two", "two"][r.item as usize].to_owned(),
                }
            };
            let rows: Vec<Row> = keys
                .iter()
                .map(|&(file, line, item)| Row { file, line, item })
                .collect();
            let (first, second) = rows.split_at(split.min(rows.len()));
            let kinds = [
                Kind::new(first.to_vec(), word(FindingKind::Missing)),
                Kind::new(second.to_vec(), word(FindingKind::OneWay)),
            ];
            let mut sorted: Vec<Finding> = first
                .iter()
                .map(word(FindingKind::Missing))
                .chain(second.iter().map(word(FindingKind::OneWay)))
                .collect();
            sorted.sort_by(report_order);
            sorted.dedup();
            proptest::prop_assert_eq!(word_all(&kinds), sorted);
        }
    }

    /// Edges from nodes that are not pages (no build makes them) are in the
    /// empty file, as `edge_file` says.
    #[test]
    fn check_agrees_with_reference_on_edges_from_other_nodes() {
        let vocab = Vocabulary::builtin();
        let mut g = graph(&[
            (
                "a",
                "[[gone]] [[b]]\n## Connections\n- **Complements**: [[b]]",
            ),
            ("b", "## Connections\n- **Is-used-by**: [[a]], [[gone]]"),
        ]);
        let gone = g.node_by_id("missing:gone").unwrap();
        let edges: Vec<crate::graph::Edge> = g.graph.edge_weights().cloned().collect();
        for e in edges {
            for t in [NodeIndex::new(0), NodeIndex::new(1), gone] {
                g.graph.add_edge(gone, t, e.clone());
            }
        }
        let entries = entry_points(&g);
        assert_eq!(
            check(&g, &vocab, &entries),
            reference::check(&g, &vocab, &entries)
        );
    }
}
