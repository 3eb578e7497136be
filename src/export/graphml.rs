//! GraphML 1.0 (`graph.graphml`), written with quick-xml's event writer.
//!
//! - Every attribute has a typed `<key>` (`attr.name`, `attr.type`); edges
//!   have unique ids; multi-edges are kept; `edgedefault="directed"`.
//! - GraphML ids must be XML name tokens, which wiki ids (`entities/WeChat`)
//!   are not: nodes are `n0, n1, …` and edges `e0, e1, …` in graph.json
//!   order, and the wiki id is the `wiki_id` attribute (igraph reserves the
//!   name `id` for GraphML ids).
//! - List values (aliases, tags, sources, attachments) are one string
//!   joined with [`LIST_SEPARATOR`]; other frontmatter keys are `prop_KEY`
//!   attributes. The `attachments` key is declared only when some node has
//!   attachments, so that the GraphML of a wiki without any is as it was.
//! - Neo4j (`apoc.import.graphml(file, {readLabels: true})`): nodes carry
//!   `labels=":Page:Entity"` and a `labels` data value, edges `label="FLOWS_TO"`
//!   and, first, a `label` data value (APOC reads either).
//! - yEd shows labels only from its own graphics data: with
//!   [`ExportOptions::yed`](super::ExportOptions) nodes and edges also get
//!   `y:ShapeNode`/`y:PolyLineEdge` with label, colours and size. It is off
//!   by default because networkx then adds `x`, `y` and `shape_type`
//!   attributes and igraph two string attributes of graphics text.
//!
//! XML 1.0 cannot hold most control characters (even escaped): they are
//! dropped. Tabs, line breaks and carriage returns in attribute values and
//! carriage returns in text are written as character references so that
//! XML's whitespace normalisation does not change them.

use super::ExportOptions;
use super::style::{self, Stroke, Style};
use crate::graph::{EdgeKind, NodeKind, WikiGraph};
use petgraph::graph::{EdgeIndex, NodeIndex};
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The separator of list values in one GraphML string.
pub const LIST_SEPARATOR: &str = "; ";

/// The GraphML namespace.
pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";
/// Where the GraphML 1.0 schema is.
pub const SCHEMA: &str = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";
/// yEd's namespace.
pub const YED_NAMESPACE: &str = "http://www.yworks.com/xml/graphml";

/// A `<key>` declaration.
struct Key {
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    ty: &'static str,
}

const fn key(id: &'static str, domain: &'static str, name: &'static str, ty: &'static str) -> Key {
    Key {
        id,
        domain,
        name,
        ty,
    }
}

/// The fixed keys, in the order their data is written. [`ATTACHMENTS`] is
/// declared only when some node has attachments ([`declared`]).
const KEYS: &[Key] = &[
    key("labels", "node", "labels", "string"),
    key("n_wiki_id", "node", "wiki_id", "string"),
    key("n_label", "node", "label", "string"),
    key("n_kind", "node", "kind", "string"),
    key("n_type", "node", "type", "string"),
    key("n_path", "node", "path", "string"),
    key("n_aliases", "node", "aliases", "string"),
    key("n_tags", "node", "tags", "string"),
    key("n_sources", "node", "sources", "string"),
    key(ATTACHMENTS, "node", "attachments", "string"),
    key("n_last_updated", "node", "last_updated", "string"),
    key("label", "edge", "neo4j_type", "string"),
    key("e_relation", "edge", "relation", "string"),
    key("e_label", "edge", "label", "string"),
    key("e_kind", "edge", "kind", "string"),
    key("e_note", "edge", "note", "string"),
    key("e_file", "edge", "file", "string"),
    key("e_line", "edge", "line", "int"),
    key("e_count", "edge", "count", "int"),
    key("e_key", "edge", "key", "int"),
];

/// The id of the key of pages' attachments.
const ATTACHMENTS: &str = "n_attachments";

/// True when key `k` is declared for graph `g`: every fixed key, but
/// [`ATTACHMENTS`] only when some page has attachments.
fn declared(k: &Key, g: &WikiGraph) -> bool {
    k.id != ATTACHMENTS || super::any_attachments(g)
}

/// Neo4j relationship type in its UPPER_SNAKE style: `flows_to` →
/// `FLOWS_TO`; characters other than letters and digits become `_`.
pub fn neo4j_type(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.is_empty() {
        "RELATED".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The Neo4j label of a page type: `case-study` → `CaseStudy`; `None` when
/// nothing alphanumeric is left.
pub fn type_label(t: &str) -> Option<String> {
    let camel: String = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    (!camel.is_empty()).then_some(camel)
}

/// The Neo4j label of a node kind.
pub fn kind_label(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Page => "Page",
        NodeKind::Missing => "Missing",
        NodeKind::Unlinked => "Unlinked",
        NodeKind::Citation => "Citation",
    }
}

/// Neo4j node labels as APOC reads them: `:Page:Entity`.
pub fn neo4j_labels(kind: NodeKind, page_type: Option<&str>) -> String {
    let k = kind_label(kind);
    let mut s = format!(":{k}");
    if let Some(t) = page_type.and_then(type_label)
        && t != k
    {
        s.push(':');
        s.push_str(&t);
    }
    s
}

/// True for characters XML 1.0 can hold.
fn xml_char(c: char) -> bool {
    !((c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// Drops characters XML 1.0 cannot hold (control characters other than tab
/// and line breaks, U+FFFE, U+FFFF).
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| xml_char(c)).collect())
    }
}

/// Escapes XML text content: `&`, `<`, `>`, and `\r` (which parsers would
/// otherwise turn into `\n`); drops what [`xml_safe`] drops.
fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escapes an attribute value: as text, plus quotes and the whitespace that
/// attribute normalisation would turn into spaces.
fn escape_attr(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// What [`escape`] writes for the character that starts at byte `i`, and
/// the character's length; `None` for a character written as it is. Only
/// ASCII specials, DEL, C1 controls (`C2 80`–`C2 9F`) and U+FFFE/U+FFFF
/// (`EF BF BE`/`EF BF BF`) are not.
fn replacement(b: &[u8], i: usize, attr: bool) -> Option<(&'static str, usize)> {
    let r = match b[i] {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' if attr => "&quot;",
        b'\t' if attr => "&#9;",
        b'\n' if attr => "&#10;",
        b'\r' => "&#13;",
        b'\t' | b'\n' => return None,
        0..=0x1f | 0x7f => "",
        0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => return Some(("", 2)),
        0xef if b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)) => {
            return Some(("", 3));
        }
        _ => return None,
    };
    Some((r, 1))
}

/// Bytes that [`replacement`] never replaces, for text and for attributes:
/// a string of them is written as it is.
const PLAIN: [[bool; 256]; 2] = [plain_bytes(false), plain_bytes(true)];

const fn plain_bytes(attr: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'&' | b'<' | b'>' => false,
            b'"' | b'\t' | b'\n' => !attr,
            // Lead bytes of C1 controls and of U+FFFE/U+FFFF.
            0xc2 | 0xef => false,
            0x20..=0x7e | 0x80..=0xff => true,
            _ => false,
        };
        b += 1;
    }
    t
}

/// [`escape_text`] or [`escape_attr`]: runs that need nothing are copied
/// whole, and a string that needs nothing is borrowed.
fn escape(s: &str, attr: bool) -> Cow<'_, str> {
    let plain = &PLAIN[attr as usize];
    let b = s.as_bytes();
    let next = |from: usize| {
        b[from..]
            .iter()
            .position(|&x| !plain[x as usize])
            .map(|k| from + k)
    };
    let Some(mut i) = next(0) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::new();
    let mut run = 0;
    loop {
        match replacement(b, i, attr) {
            None => i += 1,
            Some((r, len)) => {
                if out.is_empty() {
                    out.reserve(s.len() + 8);
                }
                // `i` and `i + len` are character boundaries: the
                // replaced characters are whole (ASCII or full sequences).
                out.push_str(&s[run..i]);
                out.push_str(r);
                i += len;
                run = i;
            }
        }
        match next(i) {
            Some(k) => i = k,
            None => break,
        }
    }
    if run == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[run..]);
    Cow::Owned(out)
}

fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
    let mut s = BytesStart::new(name);
    for (k, v) in attrs {
        s.push_attribute(Attribute {
            key: QName(k),
            value: escape_attr(v),
        });
    }
    s
}

fn key_el<'a>(id: &'a str, domain: &'a str, name: &'a str, ty: &'a str) -> Event<'a> {
    Event::Empty(start(
        "key",
        &[
            ("id", id),
            ("for", domain),
            ("attr.name", name),
            ("attr.type", ty),
        ],
    ))
}

/// The start tag of a `<data>` element of a key whose id is a literal.
macro_rules! tag {
    ($key:literal) => {
        concat!("<data key=\"", $key, "\">")
    };
}

/// The start tag of a `<data>` element of key `id` (a name token made here).
fn data_tag(id: &str) -> String {
    format!("<data key=\"{}\">", escape_attr(id))
}

/// Writes `TAG VALUE</data>` on its own line, `tag` being the element's
/// start tag ([`tag!`], [`data_tag`]). Records call it only right after a
/// start tag or another element's end, where quick-xml would break the line
/// and indent too; the element is written in one go because a large wiki
/// has millions of them.
fn data<W: Write>(w: &mut Writer<W>, tag: &str, value: &str) -> io::Result<()> {
    w.write_indent()?;
    let out = w.get_mut();
    out.write_all(tag.as_bytes())?;
    out.write_all(escape_text(value).as_bytes())?;
    out.write_all(b"</data>")
}

/// [`data`] of a number.
fn data_int<W: Write>(w: &mut Writer<W>, tag: &str, value: u32) -> io::Result<()> {
    data(w, tag, itoa::Buffer::new().format(value))
}

/// `prop_KEY` attribute names for the frontmatter keys pages carry, made
/// XML name tokens (other characters become `_`) and unique.
fn property_names(g: &WikiGraph) -> BTreeMap<&str, String> {
    let keys: BTreeSet<&str> = g
        .graph
        .node_weights()
        .filter_map(|n| n.page.as_deref())
        .flat_map(|p| p.properties.keys().map(String::as_str))
        .collect();
    let mut used: BTreeSet<String> = KEYS.iter().map(|k| k.name.to_owned()).collect();
    let mut names = BTreeMap::new();
    for k in keys {
        let token: String = k
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '.' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = format!("prop_{token}");
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.insert(k, name);
    }
    names
}

/// Streams the graph as GraphML.
pub fn write(g: &WikiGraph, opts: &ExportOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut location = format!("{NAMESPACE} {SCHEMA}");
    let mut root = vec![
        ("xmlns", NAMESPACE),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ];
    if opts.yed {
        root.push(("xmlns:y", YED_NAMESPACE));
        location.push_str(&format!(
            " {YED_NAMESPACE} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
        ));
    }
    root.push(("xsi:schemaLocation", &location));
    w.write_event(Event::Start(start("graphml", &root)))?;

    let props = property_names(g);
    let prop_ids: BTreeMap<&str, String> = props
        .keys()
        .enumerate()
        .map(|(i, k)| (*k, format!("p{i}")))
        .collect();
    for k in KEYS.iter().filter(|k| k.domain == "node" && declared(k, g)) {
        w.write_event(key_el(k.id, k.domain, k.name, k.ty))?;
    }
    for (k, name) in &props {
        w.write_event(key_el(&prop_ids[k], "node", name, "string"))?;
    }
    for k in KEYS.iter().filter(|k| k.domain == "edge") {
        w.write_event(key_el(k.id, k.domain, k.name, k.ty))?;
    }
    if opts.yed {
        for (id, domain, ty) in [
            ("ng", "node", "nodegraphics"),
            ("eg", "edge", "edgegraphics"),
        ] {
            w.write_event(Event::Empty(start(
                "key",
                &[("id", id), ("for", domain), ("yfiles.type", ty)],
            )))?;
        }
    }
    w.write_event(Event::Start(start(
        "graph",
        &[("id", "wikigraph"), ("edgedefault", "directed")],
    )))?;

    let gr = &g.graph;
    let look = Style::new(g, &opts.relation_colors);
    let relations: Vec<RelationRecord> = g
        .relations()
        .iter()
        .map(RelationRecord::new)
        .collect::<io::Result<_>>()?;
    let keys = super::json::link_keys(g);
    let cx = Records {
        g,
        opts,
        look: &look,
        prop_tags: &prop_ids.iter().map(|(k, id)| (*k, data_tag(id))).collect(),
        relations: &relations,
        keys: &keys,
    };
    // Records are independent: chunks of them are rendered side by side and
    // written in order, a bounded batch at a time.
    let out = w.get_mut();
    let (count, edges) = (gr.node_count(), gr.edge_count());
    // Nodes then edges, as one run of records: the edges' first chunks are
    // rendered while the last nodes are written.
    let record = |cw: &mut Writer<Vec<u8>>, i: usize| match i.checked_sub(count) {
        None => cx.node(cw, NodeIndex::new(i)),
        Some(e) => cx.edge(cw, EdgeIndex::new(e)),
    };
    super::chunks(out, count + edges, chunk_writer, record, Writer::into_inner)?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}

/// What rendering one node or edge record needs.
struct Records<'a> {
    g: &'a WikiGraph,
    opts: &'a ExportOptions,
    look: &'a Style<'a>,
    /// `<data>` start tags of the frontmatter keys' attributes.
    prop_tags: &'a BTreeMap<&'a str, String>,
    /// What the edges of each relation share.
    relations: &'a [RelationRecord],
    /// graph.json's `key` per edge.
    keys: &'a [u32],
}

impl Records<'_> {
    fn node<W: Write>(&self, w: &mut Writer<W>, n: NodeIndex) -> io::Result<()> {
        let (g, opts, look, prop_tags) = (self.g, self.opts, self.look, self.prop_tags);
        let gr = &g.graph;
        let node = &gr[n];
        let labels = neo4j_labels(node.kind, node.page_type());
        let id = format!("n{}", n.index());
        w.write_event(Event::Start(start(
            "node",
            &[("id", &id), ("labels", &labels)],
        )))?;
        data(w, tag!("labels"), &labels)?;
        data(w, tag!("n_wiki_id"), &node.id)?;
        data(w, tag!("n_label"), &node.label)?;
        data(w, tag!("n_kind"), node.kind.as_str())?;
        if let Some(p) = &node.page {
            if let Some(t) = &p.page_type {
                data(w, tag!("n_type"), t)?;
            }
            data(w, tag!("n_path"), &p.path)?;
            for (key, list) in [
                (tag!("n_aliases"), &p.aliases),
                (tag!("n_tags"), &p.tags),
                (tag!("n_sources"), &p.sources),
                // Declared when some page has attachments: this one has.
                (tag!("n_attachments"), &p.attachments),
            ] {
                if !list.is_empty() {
                    data(w, key, &list.join(LIST_SEPARATOR))?;
                }
            }
            if let Some(d) = &p.last_updated {
                data(w, tag!("n_last_updated"), d)?;
            }
            for (k, v) in &p.properties {
                if let Some(tag) = prop_tags.get(k.as_str()) {
                    data(w, tag, v)?;
                }
            }
        }
        if opts.yed {
            yed_node(w, n.index(), node, look)?;
        }
        w.write_event(Event::End(BytesEnd::new("node")))?;
        Ok(())
    }

    fn edge<W: Write>(&self, w: &mut Writer<W>, e: EdgeIndex) -> io::Result<()> {
        let (g, opts, look) = (self.g, self.opts, self.look);
        let gr = &g.graph;
        let Some((s, t)) = gr.edge_endpoints(e) else {
            return Ok(());
        };
        let edge = &gr[e];
        let rel = g.relation(edge.relation);
        let Some(shared) = self.relations.get(edge.relation.0 as usize) else {
            return Ok(());
        };
        // The start tag is made in one buffer: ids are numbers, and the
        // type was escaped once for the relation.
        let mut tag = String::with_capacity(64 + shared.label_attr.len());
        let mut num = itoa::Buffer::new();
        for (name, prefix, n) in [
            ("edge id", 'e', e.index()),
            (" source", 'n', s.index()),
            (" target", 'n', t.index()),
        ] {
            tag.push_str(name);
            tag.push_str("=\"");
            tag.push(prefix);
            tag.push_str(num.format(n));
            tag.push('"');
        }
        tag.push_str(" label=\"");
        tag.push_str(&shared.label_attr);
        tag.push('"');
        w.write_event(Event::Start(BytesStart::from_content(tag, 4)))?;
        w.get_mut().write_all(&shared.data)?;
        if let Some(n) = g.note(edge) {
            data(w, tag!("e_note"), n)?;
        }
        data(w, tag!("e_file"), g.edge_file(e))?;
        data_int(w, tag!("e_line"), edge.line)?;
        data_int(w, tag!("e_count"), edge.count)?;
        data_int(
            w,
            tag!("e_key"),
            self.keys.get(e.index()).copied().unwrap_or(0),
        )?;
        if opts.yed {
            yed_edge(w, rel, look)?;
        }
        w.write_event(Event::End(BytesEnd::new("edge")))?;
        Ok(())
    }
}

/// What every edge record of one relation holds alike, made once.
struct RelationRecord {
    /// The Neo4j type, escaped for the `label` attribute.
    label_attr: String,
    /// The relation's first `<data>` lines, as [`data`] writes them inside
    /// an `<edge>` (its own code, so the bytes are the same).
    data: Vec<u8>,
}

impl RelationRecord {
    fn new(rel: &crate::graph::RelationName) -> io::Result<Self> {
        let ty = neo4j_type(&rel.key);
        let mut w = writer_in_graph(Vec::new());
        w.write_event(Event::Start(BytesStart::new("edge")))?;
        w.get_mut().clear();
        // APOC reads the type from the first data value when the `label`
        // attribute is absent: keep it first.
        data(&mut w, tag!("label"), &ty)?;
        data(&mut w, tag!("e_relation"), &rel.key)?;
        data(&mut w, tag!("e_label"), &rel.label)?;
        data(&mut w, tag!("e_kind"), edge_kind(rel.kind))?;
        Ok(RelationRecord {
            label_attr: escape_attr(&ty).into_owned(),
            data: w.into_inner(),
        })
    }
}

/// A writer for one chunk of records, indented as inside `<graph>`: the two
/// enclosing elements are opened so that it indents as the whole document's
/// writer would, then only what follows is kept.
fn chunk_writer() -> Writer<Vec<u8>> {
    writer_in_graph(super::chunk_buffer())
}

/// A writer into `buf` indented as inside `<graph>` (see [`chunk_writer`]).
fn writer_in_graph(buf: Vec<u8>) -> Writer<Vec<u8>> {
    let mut w = Writer::new_with_indent(buf, b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = w.write_event(Event::Start(BytesStart::new("graphml")));
    let _ = w.write_event(Event::Start(BytesStart::new("graph")));
    w.get_mut().clear();
    w
}

/// The kind of an edge as graph.json writes it.
pub fn edge_kind(k: EdgeKind) -> &'static str {
    match k {
        EdgeKind::Typed => "typed",
        EdgeKind::Related => "related",
        EdgeKind::Cites => "cites",
        EdgeKind::Mentions => "mentions",
    }
}

/// yEd node graphics: a shape sized to the label, on a grid (yEd's
/// Layout menu arranges it properly).
fn yed_node<W: Write>(
    w: &mut Writer<W>,
    i: usize,
    node: &crate::graph::Node,
    look: &Style<'_>,
) -> io::Result<()> {
    let l = look.node(node);
    let shape = match (node.kind, l.shape) {
        (_, style::Shape::Note) => "parallelogram",
        (_, style::Shape::Tab) => "hexagon",
        _ => "roundrectangle",
    };
    let widest = node.label.lines().map(|s| s.width()).max().unwrap_or(0);
    let lines = node.label.lines().count().max(1);
    let (width, height) = (
        (widest as f64 * 7.0 + 24.0).max(60.0),
        lines as f64 * 16.0 + 14.0,
    );
    const COLUMNS: usize = 8;
    let (x, y) = ((i % COLUMNS) as f64 * 220.0, (i / COLUMNS) as f64 * 80.0);
    w.write_event(Event::Start(start("data", &[("key", "ng")])))?;
    w.write_event(Event::Start(start("y:ShapeNode", &[])))?;
    w.write_event(Event::Empty(start(
        "y:Geometry",
        &[
            ("height", &format!("{height:.1}")),
            ("width", &format!("{width:.1}")),
            ("x", &format!("{x:.1}")),
            ("y", &format!("{y:.1}")),
        ],
    )))?;
    w.write_event(Event::Empty(start(
        "y:Fill",
        &[
            ("color", &l.fill.unwrap_or("#ffffff").to_uppercase()),
            ("transparent", "false"),
        ],
    )))?;
    w.write_event(Event::Empty(start(
        "y:BorderStyle",
        &[
            ("color", &l.line.to_uppercase()),
            ("type", if l.dashed { "dashed" } else { "line" }),
            ("width", "1.0"),
        ],
    )))?;
    w.write_event(Event::Start(start(
        "y:NodeLabel",
        &[("fontSize", "12"), ("textColor", &l.text.to_uppercase())],
    )))?;
    w.write_event(Event::Text(BytesText::from_escaped(escape_text(
        &node.label,
    ))))?;
    w.write_event(Event::End(BytesEnd::new("y:NodeLabel")))?;
    w.write_event(Event::Empty(start("y:Shape", &[("type", shape)])))?;
    w.write_event(Event::End(BytesEnd::new("y:ShapeNode")))?;
    w.write_event(Event::End(BytesEnd::new("data")))
}

/// yEd edge graphics: colour, pattern and, for connections, the label.
fn yed_edge<W: Write>(
    w: &mut Writer<W>,
    rel: &crate::graph::RelationName,
    look: &Style<'_>,
) -> io::Result<()> {
    let l = look.edge(rel);
    w.write_event(Event::Start(start("data", &[("key", "eg")])))?;
    w.write_event(Event::Start(start("y:PolyLineEdge", &[])))?;
    w.write_event(Event::Empty(start(
        "y:LineStyle",
        &[
            ("color", &l.line.to_uppercase()),
            (
                "type",
                match l.stroke {
                    Stroke::Solid => "line",
                    Stroke::Dashed => "dashed",
                    Stroke::Dotted => "dotted",
                },
            ),
            ("width", &format!("{:.1}", l.width)),
        ],
    )))?;
    w.write_event(Event::Empty(start(
        "y:Arrows",
        &[("source", "none"), ("target", "standard")],
    )))?;
    if matches!(rel.kind, EdgeKind::Typed | EdgeKind::Related) {
        w.write_event(Event::Start(start(
            "y:EdgeLabel",
            &[("fontSize", "10"), ("textColor", &l.text.to_uppercase())],
        )))?;
        w.write_event(Event::Text(BytesText::from_escaped(escape_text(
            &rel.label,
        ))))?;
        w.write_event(Event::End(BytesEnd::new("y:EdgeLabel")))?;
    }
    w.write_event(Event::End(BytesEnd::new("y:PolyLineEdge")))?;
    w.write_event(Event::End(BytesEnd::new("data")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neo4j_names() {
        assert_eq!(neo4j_type("flows_to"), "FLOWS_TO");
        assert_eq!(neo4j_type("flows_<to>_&_\"from\""), "FLOWS_TO_FROM");
        assert_eq!(neo4j_type("依存"), "依存");
        assert_eq!(neo4j_type("--"), "RELATED");
        assert_eq!(neo4j_labels(NodeKind::Page, Some("entity")), ":Page:Entity");
        assert_eq!(
            neo4j_labels(NodeKind::Page, Some("case-study")),
            ":Page:CaseStudy"
        );
        assert_eq!(neo4j_labels(NodeKind::Page, Some("page")), ":Page");
        assert_eq!(neo4j_labels(NodeKind::Page, Some("??")), ":Page");
        assert_eq!(neo4j_labels(NodeKind::Missing, None), ":Missing");
    }

    /// The escaping as first written, a character at a time: the reference
    /// for the run-copying [`escape`].
    fn escape_by_chars(s: &str, attr: bool) -> String {
        let mut out = String::new();
        for c in s.chars().filter(|&c| xml_char(c)) {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if attr => out.push_str("&quot;"),
                '\t' if attr => out.push_str("&#9;"),
                '\n' if attr => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_agrees_with_the_char_by_char_reference(
            s in "([a-z &<>\"\t\n\r\u{0}-\u{1f}\u{7f}-\u{a0}é微\u{fffd}-\u{ffff}\u{10000}]){0,24}"
        ) {
            proptest::prop_assert_eq!(escape_text(&s).into_owned(), escape_by_chars(&s, false));
            proptest::prop_assert_eq!(escape_attr(&s).into_owned(), escape_by_chars(&s, true));
        }
    }

    #[test]
    fn escaping_keeps_what_xml_would_normalise() {
        assert_eq!(escape_attr("a\"b\nc\td&"), "a&quot;b&#10;c&#9;d&amp;");
        assert_eq!(escape_text("x\r\ny<\u{1}>"), "x&#13;\ny&lt;&gt;");
        assert_eq!(xml_safe("ok\u{FFFF}\u{7}"), "ok");
    }
}
