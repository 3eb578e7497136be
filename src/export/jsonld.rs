//! JSON-LD 1.1 (`graph.jsonld`): one `@context`, every node an absolute IRI
//! (base + percent-encoded id), each relation a property in the `wg:`
//! vocabulary, and every edge also a qualified `wgm:Edge` resource that keeps
//! its relation, label, kind, note, file, line and count, so nothing in
//! graph.json is lost in RDF.
//!
//! A page's attachments (files it links or embeds that are not pages) are
//! `schema:associatedMedia` values as written: text, like its citations,
//! since a file name or relative path is not an IRI.
//!
//! Node ids are the base IRI followed by the id, percent-encoded where an
//! IRI needs it ([`iri_escape`]); edge resources are `BASE.edge/N` (no page
//! id starts with `.`: hidden files are never pages). RDF is a set: two
//! edges with the same source, relation and target are one direct triple,
//! and two qualified edge resources.

use crate::graph::{EdgeKind, NodeKind, WikiGraph};
use foldhash::HashSet;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Default base IRI for node ids.
pub const DEFAULT_BASE: &str = "urn:wikigraph:";

/// The namespace of relations (`wg:flows_to`).
pub const VOCAB: &str = "https://wikigraph.dev/rel#";

/// The namespace of wikigraph's own classes and edge metadata (`wgm:Page`,
/// `wgm:note`), apart from relations so that a relation named `source` or
/// `note` cannot collide with them.
pub const META: &str = "https://wikigraph.dev/meta#";

/// The namespace of other frontmatter keys (`wgp:founded`).
pub const PROPERTIES: &str = "https://wikigraph.dev/prop#";

/// The IRI of an edge resource.
pub fn edge_iri(base: &str, index: usize) -> String {
    format!("{base}.edge/{index}")
}

/// `prefix:suffix`, or the full IRI where JSON-LD would not read the
/// compact form as one (a suffix starting with `//` reads as an absolute
/// IRI with the prefix as scheme).
fn compact(prefix: &str, namespace: &str, suffix: &str) -> String {
    if suffix.starts_with("//") {
        format!("{namespace}{suffix}")
    } else {
        format!("{prefix}:{suffix}")
    }
}

/// True when a citation's text can stand as a `schema:url` IRI.
fn is_iri(s: &str) -> bool {
    s.contains("://")
        && !s
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "<>\"{}|\\^`".contains(c))
}

/// Characters escaped in node ids: what IRIs cannot hold plus the
/// delimiters that would change their meaning. Other Unicode stays as is.
const IRI_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes what an IRI cannot hold: ASCII delimiters and controls,
/// and non-ASCII characters outside RFC 3987's `ucschar` (controls, bidi
/// marks, non-characters). Other Unicode (CJK, accents) stays readable.
pub fn iri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if c.is_ascii() {
            out.extend(utf8_percent_encode(c.encode_utf8(&mut buf), IRI_UNSAFE));
        } else if is_ucschar(c) {
            out.push(c);
        } else {
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// RFC 3987 `ucschar`, minus bidi formatting characters (RFC 3987 §4.1).
fn is_ucschar(c: char) -> bool {
    let u = c as u32;
    let bidi = matches!(u, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069);
    !bidi
        && matches!(u,
            0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF
            | 0x10000..=0x1FFFD | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
            | 0x40000..=0x4FFFD | 0x50000..=0x5FFFD | 0x60000..=0x6FFFD
            | 0x70000..=0x7FFFD | 0x80000..=0x8FFFD | 0x90000..=0x9FFFD
            | 0xA0000..=0xAFFFD | 0xB0000..=0xBFFFD | 0xC0000..=0xCFFFD
            | 0xD0000..=0xDFFFD | 0xE1000..=0xEFFFD)
}

/// The IRI of a node id under a base.
pub fn node_iri(base: &str, id: &str) -> String {
    format!("{base}{}", iri_escape(id))
}

/// The property IRI of a relation key.
pub fn relation_iri(key: &str) -> String {
    format!("{VOCAB}{}", iri_escape(key))
}

fn node_type(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Page => "wgm:Page",
        NodeKind::Missing => "wgm:MissingPage",
        NodeKind::Unlinked => "wgm:Unlinked",
        NodeKind::Citation => "wgm:Citation",
    }
}

/// True for a valid `YYYY-MM-DD` date (an `xsd:date`).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days).contains(&d)
}

/// Streams the graph as JSON-LD.
pub fn write(g: &WikiGraph, opts: &super::ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let gr = &g.graph;
    let base = opts.base_iri.as_str();
    let mut context = Map::new();
    context.insert("@version".into(), json!(1.1));
    context.insert("wg".into(), json!(VOCAB));
    context.insert("wgm".into(), json!(META));
    context.insert("wgp".into(), json!(PROPERTIES));
    context.insert("schema".into(), json!("https://schema.org/"));
    context.insert("xsd".into(), json!("http://www.w3.org/2001/XMLSchema#"));
    context.insert("name".into(), json!("schema:name"));
    context.insert("alternateName".into(), json!("schema:alternateName"));
    context.insert("keywords".into(), json!("schema:keywords"));
    context.insert(
        "dateModified".into(),
        json!({"@id": "schema:dateModified", "@type": "xsd:date"}),
    );
    context.insert("dateText".into(), json!("wgm:dateText"));
    context.insert("pageType".into(), json!("wgm:pageType"));
    context.insert("path".into(), json!("wgm:path"));
    context.insert("citation".into(), json!({"@id": "schema:citation"}));
    // Only when some page has attachments: the JSON-LD of a wiki without
    // any stays as it was.
    if super::any_attachments(g) {
        context.insert(
            "associatedMedia".into(),
            json!({"@id": "schema:associatedMedia"}),
        );
    }
    context.insert("url".into(), json!({"@id": "schema:url", "@type": "@id"}));
    for (k, v) in [
        ("source", json!({"@id": "wgm:source", "@type": "@id"})),
        ("target", json!({"@id": "wgm:target", "@type": "@id"})),
        ("relation", json!({"@id": "wgm:relation", "@type": "@id"})),
        ("label", json!("wgm:label")),
        ("kind", json!("wgm:kind")),
        ("note", json!("wgm:note")),
        ("file", json!("wgm:file")),
        ("line", json!({"@id": "wgm:line", "@type": "xsd:integer"})),
        ("count", json!({"@id": "wgm:count", "@type": "xsd:integer"})),
    ] {
        context.insert(k.into(), v);
    }

    w.write_all(b"{\n  \"@context\": ")?;
    serde_json::to_writer(&mut *w, &Value::Object(context))?;
    w.write_all(b",\n  \"@graph\": [")?;
    // Every node's IRI once, as a JSON string: edges name two each. The
    // strings an edge repeats (its page's file, its relation's IRI, the
    // start of its own IRI) are escaped once too.
    let iris: Vec<String> = gr
        .node_weights()
        .map(|n| json_string(&node_iri(base, &n.id)))
        .collect();
    let files: Vec<String> = gr
        .node_weights()
        .take(g.page_count)
        .map(|n| json_string(n.page.as_ref().map_or("", |p| p.path.as_str())))
        .collect();
    // `"BASE.edge/` without its closing quote: the edge's number follows.
    let edge_base = json_string(&edge_iri(base, 0));
    let edge_base = edge_base.strip_suffix("0\"").unwrap_or(&edge_base);
    // Property names of relation keys (several labels can share a key).
    let rel_compact: BTreeMap<&str, String> = g
        .relations()
        .iter()
        .map(|r| (r.key.as_str(), compact("wg", VOCAB, &iri_escape(&r.key))))
        .collect();
    let rel_iris: Vec<String> = g
        .relations()
        .iter()
        .map(|r| json_string(&relation_iri(&r.key)))
        .collect();
    let nodes = gr.node_count();
    super::records(w, nodes, |w, i| {
        let n = NodeIndex::new(i);
        let first = i == 0;
        let node = &gr[n];
        let mut entries: Vec<(Cow<'_, str>, Field<'_>)> = Vec::with_capacity(16);
        entries.push(("@id".into(), Field::Json(&iris[n.index()])));
        let type_iri = node.page_type().map(|t| {
            let suffix = format!("type/{}", iri_escape(t));
            compact("wgm", META, &suffix)
        });
        entries.push(("@type".into(), Field::Types(node_type(node.kind), type_iri)));
        entries.push(("name".into(), Field::Str(&node.label)));
        if node.kind == NodeKind::Citation && is_iri(&node.label) {
            entries.push(("url".into(), Field::Str(&node.label)));
        }
        if let Some(p) = &node.page {
            entries.push(("path".into(), Field::Str(&p.path)));
            if let Some(t) = &p.page_type {
                entries.push(("pageType".into(), Field::Str(t)));
            }
            for (key, list) in [
                ("alternateName", &p.aliases),
                ("keywords", &p.tags),
                ("citation", &p.sources),
                ("associatedMedia", &p.attachments),
            ] {
                if !list.is_empty() {
                    entries.push((key.into(), Field::Strs(list)));
                }
            }
            if let Some(d) = &p.last_updated {
                let key = if is_date(d) {
                    "dateModified"
                } else {
                    "dateText"
                };
                entries.push((key.into(), Field::Str(d)));
            }
            for (k, v) in &p.properties {
                entries.push((
                    compact("wgp", PROPERTIES, &iri_escape(k)).into(),
                    Field::Str(v),
                ));
            }
        }
        // Direct relation triples, grouped by relation key, in written order.
        // RDF is a set: one triple per (relation, target).
        let mut targets: Vec<(usize, usize)> = Vec::new();
        targets.extend(
            gr.edges(n)
                .map(|e| (e.weight().relation.0 as usize, e.target().index())),
        );
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut seen: HashSet<(&str, usize)> = HashSet::default();
        for &(rel, target) in &targets {
            let key = g.relations()[rel].key.as_str();
            if seen.insert((key, target)) {
                by_key.entry(key).or_default().push(target);
            }
        }
        for (key, mut list) in by_key {
            // `edges` walks newest first; keep the written order.
            list.reverse();
            let name = rel_compact.get(key).map_or("", String::as_str);
            entries.push((name.into(), Field::Ids(list)));
        }
        // serde_json's maps are sorted by key: keep that order. Keys are
        // distinct: fixed names, `wgp:`/`wg:` names of distinct (injectively
        // escaped) property and relation keys.
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        w.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        w.write_all(b"{")?;
        for (i, (k, v)) in entries.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            string(w, k)?;
            w.write_all(b":")?;
            v.write(w, &iris)?;
        }
        w.write_all(b"}")?;
        Ok(())
    })?;
    super::records(w, gr.edge_count(), |w, i| {
        let e = EdgeIndex::new(i);
        let first = nodes + i == 0;
        let Some((s, t)) = gr.edge_endpoints(e) else {
            return Ok(());
        };
        let edge = &gr[e];
        let rel = g.relation(edge.relation);
        let kind = match rel.kind {
            EdgeKind::Typed => "typed",
            EdgeKind::Related => "related",
            EdgeKind::Cites => "cites",
            EdgeKind::Mentions => "mentions",
        };
        // Keys in sorted order, as a serde_json map writes them.
        w.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        let mut num = itoa::Buffer::new();
        w.write_all(b"{\"@id\":")?;
        w.write_all(edge_base.as_bytes())?;
        w.write_all(num.format(i).as_bytes())?;
        w.write_all(b"\",\"@type\":\"wgm:Edge\",\"count\":")?;
        w.write_all(num.format(edge.count).as_bytes())?;
        w.write_all(b",\"file\":")?;
        w.write_all(
            files
                .get(s.index())
                .map_or("\"\"", String::as_str)
                .as_bytes(),
        )?;
        w.write_all(b",\"kind\":")?;
        string(w, kind)?;
        w.write_all(b",\"label\":")?;
        string(w, &rel.label)?;
        w.write_all(b",\"line\":")?;
        w.write_all(num.format(edge.line).as_bytes())?;
        if let Some(n) = g.note(edge) {
            w.write_all(b",\"note\":")?;
            string(w, n)?;
        }
        w.write_all(b",\"relation\":")?;
        w.write_all(rel_iris[edge.relation.0 as usize].as_bytes())?;
        w.write_all(b",\"source\":")?;
        w.write_all(iris[s.index()].as_bytes())?;
        w.write_all(b",\"target\":")?;
        w.write_all(iris[t.index()].as_bytes())?;
        w.write_all(b"}")?;
        Ok(())
    })?;
    w.write_all(b"\n  ]\n}\n")?;
    Ok(())
}

/// A JSON string, escaped as serde_json escapes it.
fn string<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::from)
}

/// [`string`] into a new `String`, for values written many times.
fn json_string(s: &str) -> String {
    // A `str` always serialises.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A value of a node record, borrowed from the graph.
enum Field<'a> {
    Str(&'a str),
    /// Already a JSON string.
    Json(&'a str),
    Strs(&'a [String]),
    /// The kind's class and the type's class, if any.
    Types(&'static str, Option<String>),
    /// Targets of one relation: `[{"@id": IRI}, …]` by node index.
    Ids(Vec<usize>),
}

impl Field<'_> {
    /// Writes the value; `iris` holds each node's IRI already as a JSON
    /// string (quoted and escaped), by node index.
    fn write<W: Write + ?Sized>(&self, w: &mut W, iris: &[String]) -> io::Result<()> {
        match self {
            Field::Str(s) => string(w, s),
            Field::Json(s) => w.write_all(s.as_bytes()),
            Field::Strs(list) => {
                w.write_all(b"[")?;
                for (i, s) in list.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b",")?;
                    }
                    string(w, s)?;
                }
                w.write_all(b"]")
            }
            Field::Types(kind, ty) => {
                w.write_all(b"[")?;
                string(w, kind)?;
                if let Some(t) = ty {
                    w.write_all(b",")?;
                    string(w, t)?;
                }
                w.write_all(b"]")
            }
            Field::Ids(list) => {
                w.write_all(b"[")?;
                for (i, &n) in list.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b",")?;
                    }
                    w.write_all(b"{\"@id\":")?;
                    w.write_all(iris.get(n).map_or("\"\"", String::as_str).as_bytes())?;
                    w.write_all(b"}")?;
                }
                w.write_all(b"]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_escape_delimiters_and_keep_unicode() {
        assert_eq!(
            node_iri(DEFAULT_BASE, "entities/We Chat#1?"),
            "urn:wikigraph:entities/We%20Chat%231%3F"
        );
        assert_eq!(node_iri(DEFAULT_BASE, "微信"), "urn:wikigraph:微信");
        assert_eq!(node_iri(DEFAULT_BASE, "100%"), "urn:wikigraph:100%25");
        assert_eq!(
            node_iri(DEFAULT_BASE, "a\u{200F}b"),
            "urn:wikigraph:a%E2%80%8Fb"
        );
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-04-26"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2026-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("April 2026"));
    }

    #[test]
    fn compact_iris_that_json_ld_reads_as_such() {
        assert_eq!(compact("wg", VOCAB, "flows_to"), "wg:flows_to");
        assert_eq!(compact("wg", VOCAB, "//x"), "https://wikigraph.dev/rel#//x");
        assert!(is_iri("https://example.com/a?b=1&c=2#frag"));
        assert!(!is_iri("https://example.com/a b"));
    }
}
