//! The audit: what nothing connects, what is missing, what cannot be reached,
//! what is stated one way only, and which labels are outside the vocabulary.
//! Every function is a pure function of the graph, O(V + E).

use crate::diag::Severity;
use crate::graph::{EdgeKind, NodeKind, WikiGraph, edit_distance_within};
use crate::resolve::{folder, stem};
use crate::vocab::Vocabulary;
use foldhash::{HashMap, HashSet};
use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// File stems that make a page at the wiki root an entry point.
pub const ENTRY_STEMS: &[&str] = &["index", "overview", "readme", "home"];

/// Entry points: pages at the wiki root named index, overview, README or
/// home (any case).
pub fn entry_points(g: &WikiGraph) -> Vec<NodeIndex> {
    pages(g)
        .filter(|&n| {
            let id = &g.graph[n].id;
            folder(id).is_empty() && ENTRY_STEMS.contains(&stem(id).to_lowercase().as_str())
        })
        .collect()
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
    pages(g)
        .filter(|n| !entries.contains(n))
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
    let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(r, &l)| (l, r)).collect();
    Components {
        of: labels.iter().map(|l| rank[l]).collect(),
        sizes: order.iter().map(|l| size[l]).collect(),
    }
}

/// Pages outside the largest weakly connected component.
pub fn islands(g: &WikiGraph, c: &Components) -> Vec<NodeIndex> {
    pages(g).filter(|n| c.of[n.index()] != 0).collect()
}

/// Pages whose type is not `source` that cite nothing.
pub fn uncited(g: &WikiGraph) -> Vec<NodeIndex> {
    pages(g)
        .filter(|&n| {
            !g.graph[n]
                .page_type()
                .is_some_and(|t| t.eq_ignore_ascii_case("source"))
        })
        .filter(|&n| {
            !g.graph
                .edges_directed(n, Direction::Outgoing)
                .any(|e| g.relation(e.weight().relation).kind == EdgeKind::Cites)
        })
        .collect()
}

/// Generic associations: symmetric, but by convention listed on one page
/// only (`related:` lists, `See also`), so `one_way` does not report them.
pub const GENERIC: &[&str] = &["related", "related_to", "see_also"];

/// Edges of a symmetric typed relation between two pages whose counterpart
/// (target → source, same relation) is absent. Generic associations
/// ([`GENERIC`]) are left out.
pub fn one_way(g: &WikiGraph, vocab: &Vocabulary) -> Vec<EdgeIndex> {
    // Per relation: the key it shares with others, when it is a symmetric
    // typed relation (`mentions` and `cites` are facts about one page).
    let mut keys: HashMap<&str, usize> = HashMap::default();
    let symmetric: Vec<Option<usize>> =
        g.relations()
            .iter()
            .map(|r| {
                let key = r.key.as_str();
                (r.kind == EdgeKind::Typed && vocab.is_symmetric(key) && !GENERIC.contains(&key))
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
        if !u.labels.contains(&r.label) {
            u.labels.push(r.label.clone());
        }
        u.edges.push(e.id());
    }
    // Candidates: the vocabulary, and keys this wiki uses more often. Each is
    // split into characters once: a wiki with many free-form labels compares
    // every unknown key with every other.
    let known: Vec<Spelling> = vocab
        .relations()
        .map(|r| Spelling::new(r.key.as_str()))
        .collect();
    let used: Vec<(usize, Spelling)> = uses.iter().map(|(k, n)| (*n, Spelling::new(k))).collect();
    let unknown: Vec<UnknownRelation> = by_key.into_values().collect();
    unknown
        .into_par_iter()
        .map(|mut u| {
            let mine = uses.get(u.key.as_str()).copied().unwrap_or(0);
            let used_more = used
                .iter()
                .filter(|(n, c)| *n > mine && c.text != u.key)
                .map(|(_, c)| c);
            u.suggestion = near_miss(&u.key, known.iter().chain(used_more));
            u
        })
        .collect()
}

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
        // Byte lanes and 16-bit sums (64 × 255 fits), so that it vectorises.
        let (mut more, mut fewer) = (0u16, 0u16);
        for i in 0..64 {
            more += u16::from(self.0[i].saturating_sub(other.0[i]));
            fewer += u16::from(other.0[i].saturating_sub(self.0[i]));
        }
        usize::from(more.max(fewer))
    }
}

/// The closest candidate within a small edit distance (about one typo per
/// four characters), ties broken by name.
///
/// A wiki with hundreds of free-form labels compares each with each, so
/// pairs are pruned without changing the answer: the limit tightens to the
/// best distance found so far (a farther candidate cannot win), and a pair
/// whose [`Counts::bound`] is over the limit is not measured.
fn near_miss<'a, 'b: 'a>(
    key: &str,
    candidates: impl Iterator<Item = &'a Spelling<'b>>,
) -> Option<String> {
    let me = Spelling::new(key);
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

/// One audit finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// The node it is about (id), if any.
    pub node: Option<String>,
    /// The file where it is, relative to the wiki.
    pub file: Option<String>,
    /// The line, where one exists.
    pub line: Option<u32>,
    /// What to do about it.
    pub message: String,
}

/// Runs every audit and lists the findings, grouped by kind in report order,
/// each group in file and line order.
pub fn check(g: &WikiGraph, vocab: &Vocabulary, entries: &[NodeIndex]) -> Vec<Finding> {
    let page_file = |n: NodeIndex| g.graph[n].page.as_ref().map(|p| p.path.clone());
    let id = |n: NodeIndex| g.graph[n].id.clone();
    let at_edge = |e: EdgeIndex| (Some(g.edge_file(e).to_owned()), Some(g.graph[e].line));
    // Findings about whole pages: one per node, worded from its label.
    let per_page =
        |kind: FindingKind, nodes: Vec<NodeIndex>, say: &dyn Fn(NodeIndex, &str) -> String| {
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

    // Each analysis and the wording of its findings is independent of the
    // others: they run side by side, and their findings are joined in this
    // order (the sort below is stable).
    type Section<'a> = Box<dyn Fn() -> Vec<Finding> + Sync + 'a>;
    let sections: Vec<Section<'_>> = vec![
        Box::new(|| {
            g.diagnostics
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
                            .and_then(|f| f.strip_suffix(".md").or(Some(f)))
                            .map(str::to_owned),
                        file: d.file.clone(),
                        line: d.line,
                        message: format!("{sev}{}", d.message),
                    }
                })
                .collect()
        }),
        Box::new(|| {
            let mut out = Vec::new();
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
            out
        }),
        Box::new(|| {
            let mut out = Vec::new();
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
            out
        }),
        Box::new(|| {
            let mut out = Vec::new();
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
            out
        }),
        Box::new(|| {
            per_page(FindingKind::Orphan, orphans(g, entries), &|_, label| {
                format!("no other page links to `{label}`")
            })
        }),
        Box::new(|| {
            per_page(FindingKind::Isolated, isolated(g), &|_, label| {
                format!("`{label}` has no edge to or from anything")
            })
        }),
        Box::new(|| {
            per_page(
                FindingKind::Unreachable,
                unreachable(g, entries),
                &|_, label| format!("`{label}` cannot be reached from the entry points"),
            )
        }),
        Box::new(|| {
            let comps = components(g);
            per_page(FindingKind::Island, islands(g, &comps), &|n, label| {
                let size = comps.sizes[comps.of[n.index()]];
                format!(
                    "`{label}` is in a component of {size} node{} apart from the main one ({} nodes)",
                    if size == 1 { "" } else { "s" },
                    comps.sizes.first().copied().unwrap_or(0)
                )
            })
        }),
        Box::new(|| {
            per_page(FindingKind::Uncited, uncited(g), &|_, label| {
                format!("`{label}` cites no source")
            })
        }),
    ];
    let mut out: Vec<Finding> = sections
        .par_iter()
        .map(|section| section())
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let order = |k: FindingKind| {
        FindingKind::ALL
            .iter()
            .position(|x| *x == k)
            .unwrap_or(usize::MAX)
    };
    // A large wiki has hundreds of thousands of findings: sort them on every
    // core (a stable sort, like `sort_by`).
    out.par_sort_by(|a, b| {
        (order(a.kind), &a.file, a.line, &a.node, &a.message).cmp(&(
            order(b.kind),
            &b.file,
            b.line,
            &b.node,
            &b.message,
        ))
    });
    // Two targets of one bullet with an unknown label are one finding.
    out.dedup();
    out
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

    /// `near_miss` as first written: every candidate measured in full.
    fn near_miss_unpruned(key: &str, names: &[String]) -> Option<String> {
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
            .map(|f| (f.file.as_deref(), f.line))
            .collect();
        assert_eq!(missing, [(Some("e.md"), Some(1)), (Some("f.md"), Some(1))]);
        let unknown = f
            .iter()
            .find(|f| f.kind == FindingKind::UnknownRelation)
            .unwrap();
        assert_eq!(
            (unknown.file.as_deref(), unknown.line),
            (Some("e.md"), Some(3))
        );
        assert!(unknown.message.contains("did you mean `used_by`"));
    }
}
