//! Graphviz DOT (`graph.dot`): a diagram people want to look at. Built with
//! `dot-generator` structures and printed statement by statement with
//! graphviz-rust's printer, so the file streams out instead of being built as
//! one string.
//!
//! Label = title (wrapped at spaces), tooltip = id; node shape and colour by
//! kind and page type, edge label and colour by relation, mentions and
//! citations lighter than typed connections ([`super::style`]); a legend of
//! what the diagram holds; optional clusters by folder or page type. Graphs
//! too large for `dot`'s layered layout ([`LARGE_EDGES`]) ask for `sfdp`.
//!
//! The printer writes ids verbatim, so every id and string is quoted and
//! escaped here ([`quote_id`], [`quote_text`]); DOT keywords (`node`,
//! `Graph`, `subgraph`) and odd titles stay plain text.

use super::style::{self, EdgeLook, NodeLook, Shape, Stroke, Style};
use crate::graph::{EdgeKind, NodeKind, RelationName, WikiGraph};
use dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// How the diagram is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DotOptions {
    /// Group pages into boxes by folder or by page type (asks for `dot`).
    pub cluster_by: Option<ClusterBy>,
    /// Direction of the layered layout (asks for `dot`); `None` is left to
    /// right.
    pub rankdir: Option<RankDir>,
    /// Draw a legend of the node kinds, types and relations present.
    pub legend: bool,
    /// Layout engine.
    pub layout: Layout,
    /// Which edges show their relation label (all have it as tooltip).
    pub edge_labels: EdgeLabels,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            cluster_by: None,
            rankdir: None,
            legend: true,
            layout: Layout::Auto,
            edge_labels: EdgeLabels::Connections,
        }
    }
}

/// Which edges are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeLabels {
    /// Typed and related connections; mentions and citations, drawn in
    /// their own light styles that the legend explains, are not (on a real
    /// wiki they are most edges, and their labels hide the diagram).
    Connections,
    /// Every edge.
    All,
}

/// What clusters group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterBy {
    /// One box per folder, nested like the folders.
    Folder,
    /// One box per page type.
    Type,
}

/// Direction of the layered layout (Graphviz `rankdir`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right.
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    /// The Graphviz value.
    pub fn as_str(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
            RankDir::RightLeft => "RL",
            RankDir::BottomTop => "BT",
        }
    }
}

/// Layout engine asked for in the file (Graphviz `layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `dot` when clusters or a rank direction are asked for, or when the
    /// graph is sparse (at most [`SPARSE`] edges per node) and has at most
    /// [`LARGE_EDGES`] edges; `sfdp` otherwise.
    Auto,
    /// Layered (`dot`): chains and trees read best this way.
    Dot,
    /// Force-directed multiscale (`sfdp`): compact for dense wikis, and
    /// seconds where `dot` takes minutes; no clusters or rank direction.
    Sfdp,
}

/// Edges per node up to which `Layout::Auto` keeps `dot`: a layered layout
/// of a dense wiki spreads long edges over a huge canvas.
pub const SPARSE: f64 = 1.5;

/// Above this many edges `Layout::Auto` never picks `dot`, and `sfdp` draws
/// straight edges: `dot` 2.43 takes about 1 s for the sample wiki's 225
/// edges but more than 10 minutes for 3,700, and spline routing in `sfdp`
/// more than 2 minutes (straight: 2 s).
pub const LARGE_EDGES: usize = 1000;

/// Lines of a label are wrapped at spaces beyond this display width.
pub const WRAP: usize = 24;

/// The engine the options pick for `g`: [`Layout::Dot`] or [`Layout::Sfdp`].
pub fn engine(g: &WikiGraph, opts: &DotOptions) -> Layout {
    let (nodes, edges) = (g.graph.node_count(), g.graph.edge_count());
    match opts.layout {
        Layout::Auto
            if opts.cluster_by.is_some()
                || opts.rankdir.is_some()
                || (edges <= LARGE_EDGES && edges as f64 <= SPARSE * nodes as f64) =>
        {
            Layout::Dot
        }
        Layout::Auto => Layout::Sfdp,
        other => other,
    }
}

/// A quoted DOT id: `"` and `\` escaped, line breaks as `\n`, other control
/// characters and non-characters as `\u{…}`. Ids are not label strings, so
/// this is all that is needed for two different ids to stay different.
pub fn quote_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || is_noncharacter(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A quoted DOT string for text Graphviz draws (labels, tooltips): `"` and
/// `\` escaped (so `\N` or `\l` in a title stay text), line breaks as `\n`,
/// `&` as `&amp;` (Graphviz reads entities in labels), tabs as spaces, other
/// control characters and non-characters dropped (SVG cannot hold them).
pub fn quote_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    push_text(&mut out, s);
    out.push('"');
    out
}

/// Appends `s` escaped as [`quote_text`] escapes it, without the quotes.
fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() || is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
}

/// Escapes text for a Graphviz HTML-like label; line breaks become spaces.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() || is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// Wraps each line of `s` at spaces so that lines stay within `width`
/// display columns where a space allows it. Only spaces become line breaks:
/// `wrap(s).replace('\n', " ") == s.replace('\n', " ")`.
pub fn wrap(s: &str, width: usize) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for (j, word) in line.split(' ').enumerate() {
            let w = word.width();
            if j > 0 {
                if col > 0 && col + 1 + w > width {
                    out.push('\n');
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(word);
            col += w;
        }
    }
    out
}

/// True when the text holds characters that need a CJK font (Han, kana,
/// Hangul, CJK punctuation and full-width forms).
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
    })
}

/// The font named when the graph holds CJK text (Noto CJK covers Han, kana
/// and Hangul; fontconfig substitutes it silently where it is missing).
pub const CJK_FONT: &str = "Noto Sans CJK SC";
/// The font named otherwise.
pub const LATIN_FONT: &str = "Helvetica";

fn plain(s: &str) -> Id {
    Id::Plain(s.to_owned())
}

/// An attribute whose value Graphviz draws (escaped as text).
fn text(key: &str, value: &str) -> Attribute {
    Attribute(plain(key), Id::Escaped(quote_text(value)))
}

/// An attribute with a fixed value (colours, shapes, numbers): quoted, no
/// entity escaping needed.
fn val(key: &str, value: &str) -> Attribute {
    Attribute(plain(key), Id::Escaped(format!("\"{value}\"")))
}

fn node_id(id: &str) -> NodeId {
    NodeId(Id::Escaped(quote_id(id)), None)
}

/// The folder of a page id (`entities/WeChat` → `entities`), `None` at the
/// root.
fn folder(id: &str) -> Option<&str> {
    id.rsplit_once('/').map(|(dir, _)| dir)
}

/// Streams the graph as DOT, laid out as `options.dot` says, emphasising
/// `options.focus`.
pub fn write(g: &WikiGraph, options: &super::ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let opts = &Drawing {
        opts: &options.dot,
        focus: options.focus.as_deref(),
    };
    let gr = &g.graph;
    let style = Style::new(g, &options.relation_colors);
    let relations = style::relations_present(g);
    let engine = engine(g, opts);
    let cjk = gr
        .node_weights()
        .any(|n| has_cjk(&n.label) || n.page_type().is_some_and(has_cjk))
        || relations.iter().any(|r| has_cjk(&r.label))
        || (opts.cluster_by == Some(ClusterBy::Folder)
            && gr
                .node_weights()
                .any(|n| folder(&n.id).is_some_and(has_cjk)));
    let font = if cjk { CJK_FONT } else { LATIN_FONT };

    let (mut ctx, header) = printer();
    writeln!(w, "{}", header.trim_end_matches('}').trim_end())?;
    let mut emit =
        |s: Stmt, w: &mut dyn Write| -> io::Result<()> { writeln!(w, "{}", s.print(&mut ctx)) };

    let mut graph_attrs = vec![
        val("fontname", font),
        val("fontsize", "12"),
        val("bgcolor", "white"),
        val("pad", "0.3"),
        val("outputorder", "edgesfirst"),
    ];
    match engine {
        Layout::Sfdp => graph_attrs.extend([
            val("layout", "sfdp"),
            val("overlap", "prism"),
            val(
                "splines",
                if gr.edge_count() > LARGE_EDGES {
                    "false"
                } else {
                    "true"
                },
            ),
        ]),
        Layout::Dot | Layout::Auto => graph_attrs.extend([
            val("layout", "dot"),
            val(
                "rankdir",
                opts.rankdir.unwrap_or(RankDir::LeftRight).as_str(),
            ),
            val("newrank", "true"),
            val("nodesep", "0.25"),
            val("ranksep", "0.5"),
            val("splines", "true"),
        ]),
    }
    emit(Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)), w)?;
    let page = style.kind(NodeKind::Page, None);
    emit(
        Stmt::GAttribute(GraphAttributes::Node(vec![
            val("fontname", font),
            val("fontsize", "11"),
            val("shape", "box"),
            val("style", "rounded,filled"),
            val("fillcolor", style::UNTYPED_FILL),
            val("color", page.line),
            val("fontcolor", page.text),
            val("penwidth", "0.8"),
            val("margin", "0.12,0.05"),
            val("height", "0.3"),
        ])),
        w,
    )?;
    emit(
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            val("fontname", font),
            val("fontsize", "9"),
            val("arrowsize", "0.6"),
        ])),
        w,
    )?;

    if opts.legend && gr.node_count() > 0 {
        emit(legend(g, &style, &relations, engine == Layout::Sfdp), w)?;
    }

    // Nodes: clustered pages inside their boxes, the rest at the top level.
    let clustered: Vec<NodeIndex> = match opts.cluster_by {
        Some(by) => {
            let mut next = 0;
            let mut done = Vec::new();
            for sub in clusters(g, by, &style, opts, &mut next, &mut done) {
                emit(Stmt::Subgraph(sub), w)?;
            }
            done
        }
        None => Vec::new(),
    };
    let mut in_cluster = vec![false; gr.node_count()];
    for n in clustered {
        in_cluster[n.index()] = true;
    }
    let free: Vec<NodeIndex> = gr
        .node_indices()
        .filter(|n| !in_cluster[n.index()])
        .collect();
    // Statements are independent: printed in parallel chunks, each with its
    // own printer, and written in order.
    let chunk = || (printer().0, super::chunk_buffer());
    let bytes = |(_, buf): (PrinterContext, Vec<u8>)| buf;
    super::chunks(
        w,
        free.len(),
        chunk,
        |(ctx, buf), i| writeln!(buf, "{}", node_stmt(g, free[i], &style, opts).print(ctx)),
        bytes,
    )?;

    // What every edge of one relation shares, and each node's quoted id,
    // worked out once.
    let rel_attrs: Vec<Vec<Attribute>> = g
        .relations()
        .iter()
        .map(|rel| {
            let labelled = opts.edge_labels == EdgeLabels::All
                || matches!(rel.kind, EdgeKind::Typed | EdgeKind::Related);
            let mut attrs = Vec::new();
            if labelled {
                attrs.push(text("label", &rel.label));
            }
            attrs.extend(edge_look(&style.edge(rel)));
            attrs
        })
        .collect();
    let ids: Vec<String> = gr.node_weights().map(|n| quote_id(&n.id)).collect();
    // Each chunk keeps one edge statement per relation, made the first time
    // the relation comes up, and refills its ends and tooltip for every edge
    // of that relation: the relation's attributes are not copied per edge.
    let tooltip_at = |r: usize| rel_attrs.get(r).map_or(0, Vec::len);
    let template = |r: usize| {
        let rel = &g.relations()[r];
        let mut attrs = rel_attrs.get(r).cloned().unwrap_or_default();
        attrs.push(Attribute(plain("tooltip"), Id::Escaped(String::new())));
        if engine == Layout::Dot && rel.kind == EdgeKind::Typed {
            // Typed connections are the structure: keep them short and straight.
            attrs.push(val("weight", "3"));
        }
        let end = || Vertex::N(NodeId(Id::Escaped(String::new()), None));
        Stmt::Edge(Edge {
            ty: EdgeTy::Pair(end(), end()),
            attributes: attrs,
        })
    };
    let chunk = || {
        (
            printer().0,
            super::chunk_buffer(),
            Vec::<Option<Stmt>>::new(),
        )
    };
    super::chunks(
        w,
        gr.edge_count(),
        chunk,
        |(ctx, buf, stmts), i| {
            let e = petgraph::graph::EdgeIndex::new(i);
            let Some((s, t)) = gr.edge_endpoints(e) else {
                return Ok(());
            };
            let edge = &gr[e];
            let r = edge.relation.0 as usize;
            if stmts.len() <= r {
                stmts.resize_with(r + 1, || None);
            }
            let stmt = stmts[r].get_or_insert_with(|| template(r));
            // The statement is the template's shape; were it ever not, the
            // export fails rather than printing edges without ends.
            let Stmt::Edge(Edge {
                ty:
                    EdgeTy::Pair(
                        Vertex::N(NodeId(Id::Escaped(a), _)),
                        Vertex::N(NodeId(Id::Escaped(b), _)),
                    ),
                attributes,
            }) = stmt
            else {
                return Err(io::Error::other("DOT edge template without two ends"));
            };
            a.clone_from(&ids[s.index()]);
            b.clone_from(&ids[t.index()]);
            let Some(Attribute(_, Id::Escaped(tip))) = attributes.get_mut(tooltip_at(r)) else {
                return Err(io::Error::other("DOT edge template without a tooltip"));
            };
            let rel = g.relation(edge.relation);
            tip.clear();
            tip.push('"');
            push_text(tip, &rel.label);
            if let Some(note) = g.note(edge) {
                tip.push_str(": ");
                push_text(tip, note);
            }
            tip.push('"');
            writeln!(buf, "{}", stmt.print(ctx))
        },
        |(_, buf, _)| buf,
    )?;
    writeln!(w, "}}")?;
    Ok(())
}

/// A printer in the state the body of the digraph is printed in, and the
/// graph's opening line: printing an empty digraph puts the printer in
/// digraph mode (`->`) with the body indentation.
fn printer() -> (PrinterContext, String) {
    let mut ctx = PrinterContext::default();
    let header = Graph::DiGraph {
        id: Id::Escaped(quote_id("wikigraph")),
        strict: false,
        stmts: vec![],
    }
    .print(&mut ctx);
    (ctx, header)
}

fn edge_look(look: &EdgeLook) -> Vec<Attribute> {
    let mut attrs = vec![val("color", look.line), val("fontcolor", look.text)];
    match look.stroke {
        Stroke::Solid => {}
        Stroke::Dashed => attrs.push(val("style", "dashed")),
        Stroke::Dotted => attrs.push(val("style", "dotted")),
    }
    attrs.push(val("penwidth", &format!("{}", look.width)));
    attrs
}

/// Attributes that differ from the node defaults (a page without type).
fn node_look(look: &NodeLook) -> Vec<Attribute> {
    let mut attrs = Vec::new();
    let shape = match look.shape {
        Shape::Box => None,
        Shape::Note => Some("note"),
        Shape::Tab => Some("tab"),
    };
    if let Some(s) = shape {
        attrs.push(val("shape", s));
    }
    let mut st = Vec::new();
    if look.shape == Shape::Box {
        st.push("rounded");
    }
    if look.fill.is_some() {
        st.push("filled");
    }
    if look.dashed {
        st.push("dashed");
    }
    let st = st.join(",");
    if st != "rounded,filled" {
        attrs.push(val("style", &st));
    }
    if let Some(f) = look.fill
        && f != style::UNTYPED_FILL
    {
        attrs.push(val("fillcolor", f));
    }
    if look.line != "#64748b" {
        attrs.push(val("color", look.line));
    }
    if look.text != "#0f172a" {
        attrs.push(val("fontcolor", look.text));
    }
    attrs
}

/// The options of one drawing.
struct Drawing<'a> {
    opts: &'a DotOptions,
    focus: Option<&'a str>,
}

impl std::ops::Deref for Drawing<'_> {
    type Target = DotOptions;
    fn deref(&self) -> &DotOptions {
        self.opts
    }
}

fn node_stmt(g: &WikiGraph, n: NodeIndex, style: &Style<'_>, opts: &Drawing<'_>) -> Stmt {
    let node = &g.graph[n];
    let mut attrs = vec![text("label", &wrap(&node.label, WRAP))];
    attrs.extend(node_look(&style.node(node)));
    if opts.focus == Some(node.id.as_str()) {
        attrs.extend([
            val("penwidth", "2.4"),
            val("color", "#0f172a"),
            val("fontsize", "14"),
        ]);
    }
    let tip = match node.page_type() {
        Some(t) => format!("{} ({t})", node.id),
        None => format!("{} ({})", node.id, node.kind.as_str()),
    };
    attrs.push(text("tooltip", &tip));
    Stmt::Node(Node::new(node_id(&node.id), attrs))
}

/// Fill of folder and type clusters.
const CLUSTER_FILL: &str = "#f8fafc";

fn cluster_attrs(label: &str, fill: &str) -> Vec<Stmt> {
    vec![
        Stmt::Attribute(text("label", label)),
        Stmt::Attribute(val("style", "rounded,filled")),
        Stmt::Attribute(val("fillcolor", fill)),
        Stmt::Attribute(val("color", "#cbd5e1")),
        Stmt::Attribute(val("fontcolor", "#475569")),
        Stmt::Attribute(val("fontsize", "11")),
        Stmt::Attribute(val("labeljust", "l")),
    ]
}

/// The cluster subgraphs for `by`, with their member nodes (recorded in
/// `done`). Cluster ids are numbered (`cluster_0`, …) so that folder and
/// type names only ever appear as escaped labels.
fn clusters(
    g: &WikiGraph,
    by: ClusterBy,
    style: &Style<'_>,
    opts: &Drawing<'_>,
    next: &mut usize,
    done: &mut Vec<NodeIndex>,
) -> Vec<Subgraph> {
    let gr = &g.graph;
    let mut members: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
    for n in gr.node_indices() {
        let node = &gr[n];
        if node.kind != NodeKind::Page {
            continue;
        }
        let key = match by {
            ClusterBy::Folder => folder(&node.id),
            ClusterBy::Type => node.page_type(),
        };
        if let Some(k) = key {
            members.entry(k).or_default().push(n);
        }
    }
    match by {
        ClusterBy::Type => members
            .into_iter()
            .map(|(t, nodes)| {
                let id = cluster_id(next);
                let mut stmts = cluster_attrs(t, CLUSTER_FILL);
                for n in nodes {
                    stmts.push(node_stmt(g, n, style, opts));
                    done.push(n);
                }
                Subgraph { id, stmts }
            })
            .collect(),
        ClusterBy::Folder => {
            // Every ancestor folder is a cluster too, so nesting follows the tree.
            let mut tree: BTreeMap<String, Vec<NodeIndex>> = BTreeMap::new();
            for (dir, nodes) in members {
                let mut at = dir;
                while let Some(parent) = folder(at) {
                    tree.entry(parent.to_owned()).or_default();
                    at = parent;
                }
                tree.entry(dir.to_owned()).or_default().extend(nodes);
            }
            // Each folder's cluster sits in its parent's, in folder order.
            let mut roots: Vec<&str> = Vec::new();
            let mut children: HashMap<&str, Vec<&str>> = HashMap::default();
            for dir in tree.keys() {
                match cluster_parent(dir) {
                    Some(parent) => children.entry(parent).or_default().push(dir),
                    None => roots.push(dir),
                }
            }
            let folders = Folders {
                tree: &tree,
                children: &children,
            };
            roots
                .iter()
                .map(|r| folder_cluster(g, r, &folders, style, opts, next, done))
                .collect()
        }
    }
}

/// Folders nest as clusters as deep as this; a deeper folder is a cluster
/// inside its ancestor at this depth, labelled with the rest of its path. Each level of nesting copies the text of every cluster
/// inside it once more (in graphviz-rust's printer): 1,600 nested folders
/// took 10 s.
const MAX_CLUSTER_NESTING: usize = 16;

/// The folder whose cluster holds `dir`'s: its parent, or its ancestor at
/// [`MAX_CLUSTER_NESTING`] levels when it is deeper; none at the top.
fn cluster_parent(dir: &str) -> Option<&str> {
    let parent = folder(dir)?;
    let depth = dir.bytes().filter(|&b| b == b'/').count() + 1;
    if depth <= MAX_CLUSTER_NESTING {
        return Some(parent);
    }
    // The ancestor ends at the MAX_CLUSTER_NESTING-th `/`.
    memchr::memchr_iter(b'/', dir.as_bytes())
        .nth(MAX_CLUSTER_NESTING - 1)
        .map(|end| &dir[..end])
}

/// The folders that clusters are made of: each one's members, and the
/// folders whose clusters each one's holds.
struct Folders<'t> {
    tree: &'t BTreeMap<String, Vec<NodeIndex>>,
    children: &'t HashMap<&'t str, Vec<&'t str>>,
}

fn folder_cluster(
    g: &WikiGraph,
    dir: &str,
    folders: &Folders<'_>,
    style: &Style<'_>,
    opts: &Drawing<'_>,
    next: &mut usize,
    done: &mut Vec<NodeIndex>,
) -> Subgraph {
    let id = cluster_id(next);
    // A folder is named by its path below the folder whose cluster holds it.
    let name = match cluster_parent(dir) {
        Some(parent) => &dir[parent.len() + 1..],
        None => dir,
    };
    let mut stmts = cluster_attrs(&format!("{name}/"), CLUSTER_FILL);
    for &n in folders.tree.get(dir).into_iter().flatten() {
        stmts.push(node_stmt(g, n, style, opts));
        done.push(n);
    }
    for c in folders.children.get(dir).into_iter().flatten() {
        stmts.push(Stmt::Subgraph(folder_cluster(
            g, c, folders, style, opts, next, done,
        )));
    }
    Subgraph { id, stmts }
}

fn cluster_id(next: &mut usize) -> Id {
    let id = Id::Escaped(quote_id(&format!("cluster_{next}")));
    *next += 1;
    id
}

/// The legend: a cluster holding one table of the node kinds, page types
/// and relations present, each drawn as in the diagram. Its node id starts
/// with `/`, which no wiki id can (ids are relative paths or `kind:` names).
/// `sfdp` ignores clusters, so there the table carries its own title.
fn legend(g: &WikiGraph, style: &Style<'_>, relations: &[&RelationName], titled: bool) -> Stmt {
    let mut cells: Vec<String> = Vec::new();
    let swatch = |look: &NodeLook, name: &str| {
        let dashed = if look.dashed { " STYLE=\"dashed\"" } else { "" };
        format!(
            "<TD BGCOLOR=\"{}\" COLOR=\"{}\" BORDER=\"1\"{dashed} WIDTH=\"26\" HEIGHT=\"13\" FIXEDSIZE=\"TRUE\"></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"{}\">{}</FONT></TD>",
            look.fill.unwrap_or("#ffffff"),
            look.line,
            look.text,
            html(name)
        )
    };
    let kinds = style::kinds_present(g);
    let untyped = g
        .graph
        .node_weights()
        .any(|n| n.kind == NodeKind::Page && n.page_type().is_none());
    for (t, _) in style.types() {
        cells.push(swatch(&style.kind(NodeKind::Page, Some(t)), t));
    }
    if untyped {
        cells.push(swatch(&style.kind(NodeKind::Page, None), "page"));
    }
    for (kind, name) in [
        (NodeKind::Missing, "missing page"),
        (NodeKind::Unlinked, "plain-text target"),
        (NodeKind::Citation, "citation"),
    ] {
        if kinds.contains(&kind) {
            cells.push(swatch(&style.kind(kind, None), name));
        }
    }
    for r in relations {
        let look = style.edge(r);
        let line = match look.stroke {
            Stroke::Solid => "&#8212;&#8212;&gt;",
            Stroke::Dashed => "- - &gt;",
            Stroke::Dotted => "&#183;&#183;&#183;&gt;",
        };
        let name = match r.kind {
            EdgeKind::Related => "related (unlabelled)",
            _ => r.label.as_str(),
        };
        let (b, nb) = if look.width >= 1.5 {
            ("<B>", "</B>")
        } else {
            ("", "")
        };
        cells.push(format!(
            "<TD><FONT COLOR=\"{}\">{b}{line}{nb}</FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"{}\">{}</FONT></TD>",
            look.line,
            look.text,
            html(name)
        ));
    }
    // A grid, filled column by column, of at most 14 rows.
    const ROWS: usize = 14;
    let cols = cells.len().div_ceil(ROWS).max(1);
    let rows = cells.len().div_ceil(cols);
    let mut table =
        String::from("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\">");
    if titled {
        let _ = write!(
            table,
            "<TR><TD COLSPAN=\"{}\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR>",
            cols * 2
        );
    }
    for r in 0..rows {
        table.push_str("<TR>");
        for c in 0..cols {
            match cells.get(c * rows + r) {
                Some(cell) => table.push_str(cell),
                None => table.push_str("<TD></TD><TD></TD>"),
            }
        }
        table.push_str("</TR>");
    }
    table.push_str("</TABLE>>");
    let mut stmts = cluster_attrs("Legend", "#ffffff");
    stmts.push(Stmt::Node(Node::new(
        node_id("/legend"),
        vec![
            // Drawn as a box where no cluster frames it.
            val("shape", if titled { "box" } else { "plain" }),
            val("style", "rounded,filled"),
            val("fillcolor", "#ffffff"),
            val("color", "#cbd5e1"),
            val("margin", "0.1,0.05"),
            Attribute(plain("label"), Id::Html(table)),
            val("fontsize", "10"),
            val("tooltip", "legend"),
        ],
    )));
    Stmt::Subgraph(Subgraph {
        id: Id::Escaped(quote_id("cluster_legend")),
        stmts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_escape_quotes_backslashes_and_controls() {
        assert_eq!(quote_id("a\"b"), "\"a\\\"b\"");
        assert_eq!(quote_id("c:\\x"), "\"c:\\\\x\"");
        assert_eq!(quote_id("two\nlines"), "\"two\\nlines\"");
        assert_eq!(quote_id("bell\u{7}"), "\"bell\\u{7}\"");
        assert_eq!(quote_id("node"), "\"node\"");
        assert_eq!(quote_id("微信"), "\"微信\"");
        // A control character and its escape written out stay different.
        assert_ne!(quote_id("\u{1}"), quote_id("\\u{1}"));
    }

    #[test]
    fn text_escapes_entities_and_drops_controls() {
        assert_eq!(quote_text("AT&T <b>"), "\"AT&amp;T <b>\"");
        assert_eq!(quote_text("\\N"), "\"\\\\N\"");
        assert_eq!(quote_text("a\tb\u{0}c\u{FFFE}"), "\"a bc\"");
        assert_eq!(html("<i>&\"</i>"), "&lt;i&gt;&amp;&quot;&lt;/i&gt;");
    }

    #[test]
    fn wrap_only_turns_spaces_into_line_breaks() {
        assert_eq!(wrap("short", 24), "short");
        assert_eq!(
            wrap("Weibo Super Topics and Celebrity Fan Economy", 24),
            "Weibo Super Topics and\nCelebrity Fan Economy"
        );
        assert_eq!(wrap("one\ntwo", 24), "one\ntwo");
        assert_eq!(
            wrap("averyveryverylongwordwithoutspaces x", 10),
            "averyveryverylongwordwithoutspaces\nx"
        );
        // CJK counts double.
        assert_eq!(wrap("微信 微信 微信", 9), "微信 微信\n微信");
        for s in ["a  b   c", " lead", "trail ", "x\n y z w v u t s r q"] {
            assert_eq!(wrap(s, 3).replace('\n', " "), s.replace('\n', " "));
        }
    }

    #[test]
    fn deep_folders_nest_as_clusters_no_deeper_than_the_limit() {
        assert_eq!(cluster_parent("a"), None);
        assert_eq!(cluster_parent("a/b"), Some("a"));
        let deep: Vec<String> = (1..=40).map(|d| vec!["d"; d].join("/")).collect();
        // Up to the limit, the parent; below it, the ancestor at the limit.
        assert_eq!(cluster_parent(&deep[15]), Some(deep[14].as_str()));
        assert_eq!(cluster_parent(&deep[16]), Some(deep[15].as_str()));
        assert_eq!(cluster_parent(&deep[39]), Some(deep[15].as_str()));

        // A page in each of 40 nested folders: 40 clusters, nested 16 deep,
        // the deeper ones named by the rest of their path.
        let pages: Vec<crate::graph::SourcePage> = deep
            .iter()
            .enumerate()
            .map(|(i, d)| {
                crate::graph::SourcePage::from_text(
                    &format!("{d}/p{i}"),
                    "# P",
                    &crate::page::ParseOptions::default(),
                )
            })
            .collect();
        let g = WikiGraph::build(pages, &crate::vocab::Vocabulary::builtin(), None);
        let opts = super::super::ExportOptions {
            dot: DotOptions {
                cluster_by: Some(ClusterBy::Folder),
                legend: false,
                ..DotOptions::default()
            },
            ..Default::default()
        };
        let mut out = Vec::new();
        write(&g, &opts, &mut out).expect("written");
        let dot = String::from_utf8(out).expect("UTF-8");
        assert_eq!(dot.matches("subgraph \"cluster_").count(), 40, "{dot}");
        let (mut depth, mut deepest) = (0usize, 0usize);
        for line in dot.lines() {
            depth += line.matches("subgraph \"cluster_").count();
            deepest = deepest.max(depth);
            depth -= line.matches('}').count().min(depth);
        }
        // The folders below the limit sit one level inside it.
        assert_eq!(deepest, MAX_CLUSTER_NESTING + 1, "{dot}");
        assert!(dot.contains("label=\"d/d/d/d/\""), "{dot}");
    }

    #[test]
    fn cjk_detection() {
        assert!(has_cjk("微信"));
        assert!(has_cjk("카카오"));
        assert!(has_cjk("カタカナ"));
        assert!(!has_cjk("WeChat — ü ß"));
    }
}
