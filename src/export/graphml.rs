//! GraphML (`graph.graphml`), written with quick-xml. Every attribute has a
//! typed `<key>`; edges have unique ids; multi-edges are kept. List values
//! (aliases, tags, sources) are joined with `; `.
//!
//! For Neo4j's APOC (`apoc.import.graphml` with `readLabels: true`) nodes
//! carry `labels=":Page:Entity"` and edges `label="FLOWS_TO"`.

use crate::graph::{NodeKind, WikiGraph};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io::{self, Write};

/// The separator of list values in one GraphML string.
pub const LIST_SEPARATOR: &str = "; ";

struct Key {
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    ty: &'static str,
}

const KEYS: &[Key] = &[
    Key {
        id: "n_id",
        domain: "node",
        name: "id",
        ty: "string",
    },
    Key {
        id: "n_label",
        domain: "node",
        name: "label",
        ty: "string",
    },
    Key {
        id: "n_kind",
        domain: "node",
        name: "kind",
        ty: "string",
    },
    Key {
        id: "n_type",
        domain: "node",
        name: "type",
        ty: "string",
    },
    Key {
        id: "n_path",
        domain: "node",
        name: "path",
        ty: "string",
    },
    Key {
        id: "n_aliases",
        domain: "node",
        name: "aliases",
        ty: "string",
    },
    Key {
        id: "n_tags",
        domain: "node",
        name: "tags",
        ty: "string",
    },
    Key {
        id: "n_sources",
        domain: "node",
        name: "sources",
        ty: "string",
    },
    Key {
        id: "n_last_updated",
        domain: "node",
        name: "last_updated",
        ty: "string",
    },
    Key {
        id: "e_relation",
        domain: "edge",
        name: "relation",
        ty: "string",
    },
    Key {
        id: "e_label",
        domain: "edge",
        name: "label",
        ty: "string",
    },
    Key {
        id: "e_kind",
        domain: "edge",
        name: "kind",
        ty: "string",
    },
    Key {
        id: "e_note",
        domain: "edge",
        name: "note",
        ty: "string",
    },
    Key {
        id: "e_file",
        domain: "edge",
        name: "file",
        ty: "string",
    },
    Key {
        id: "e_line",
        domain: "edge",
        name: "line",
        ty: "int",
    },
    Key {
        id: "e_count",
        domain: "edge",
        name: "count",
        ty: "int",
    },
];

/// Neo4j relationship type: `Flows to` / `flows_to` → `FLOWS_TO`.
pub fn neo4j_type(key: &str) -> String {
    key.to_uppercase()
}

/// Neo4j node labels: `:Page:Entity`.
pub fn neo4j_labels(kind: NodeKind, page_type: Option<&str>) -> String {
    let mut s = String::from(":");
    s.push_str(match kind {
        NodeKind::Page => "Page",
        NodeKind::Missing => "Missing",
        NodeKind::Unlinked => "Unlinked",
        NodeKind::Citation => "Citation",
    });
    if let Some(t) = page_type {
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
        if !camel.is_empty() {
            s.push(':');
            s.push_str(&camel);
        }
    }
    s
}

/// Drops characters XML 1.0 cannot hold (control characters other than
/// tab and line breaks); quick-xml escapes the rest.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> io::Result<()> {
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(&xml_safe(value)))?;
    Ok(())
}

/// Streams the graph as GraphML.
pub fn write(g: &WikiGraph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ]);
    w.write_event(Event::Start(root))?;
    for k in KEYS {
        w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
            ("id", k.id),
            ("for", k.domain),
            ("attr.name", k.name),
            ("attr.type", k.ty),
        ])))?;
    }
    w.write_event(Event::Start(
        BytesStart::new("graph")
            .with_attributes([("id", "wikigraph"), ("edgedefault", "directed")]),
    ))?;
    let gr = &g.graph;
    for n in gr.node_weights() {
        let labels = neo4j_labels(n.kind, n.page_type());
        let id = xml_safe(&n.id);
        w.write_event(Event::Start(
            BytesStart::new("node")
                .with_attributes([("id", id.as_ref()), ("labels", labels.as_str())]),
        ))?;
        data(&mut w, "n_id", &n.id)?;
        data(&mut w, "n_label", &n.label)?;
        data(&mut w, "n_kind", n.kind.as_str())?;
        if let Some(p) = &n.page {
            if let Some(t) = &p.page_type {
                data(&mut w, "n_type", t)?;
            }
            data(&mut w, "n_path", &p.path)?;
            for (key, list) in [
                ("n_aliases", &p.aliases),
                ("n_tags", &p.tags),
                ("n_sources", &p.sources),
            ] {
                if !list.is_empty() {
                    data(&mut w, key, &list.join(LIST_SEPARATOR))?;
                }
            }
            if let Some(d) = &p.last_updated {
                data(&mut w, "n_last_updated", d)?;
            }
        }
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for (i, e) in gr.edge_indices().enumerate() {
        let Some((s, t)) = gr.edge_endpoints(e) else {
            continue;
        };
        let edge = &gr[e];
        let rel = g.relation(edge.relation);
        let id = format!("e{i}");
        let ty = neo4j_type(&rel.key);
        let (source, target) = (xml_safe(&gr[s].id), xml_safe(&gr[t].id));
        w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
            ("id", id.as_str()),
            ("source", source.as_ref()),
            ("target", target.as_ref()),
            ("label", ty.as_str()),
        ])))?;
        data(&mut w, "e_relation", &rel.key)?;
        data(&mut w, "e_label", &rel.label)?;
        data(
            &mut w,
            "e_kind",
            match rel.kind {
                crate::graph::EdgeKind::Typed => "typed",
                crate::graph::EdgeKind::Related => "related",
                crate::graph::EdgeKind::Cites => "cites",
                crate::graph::EdgeKind::Mentions => "mentions",
            },
        )?;
        if let Some(n) = &edge.note {
            data(&mut w, "e_note", n)?;
        }
        data(&mut w, "e_file", g.edge_file(e))?;
        data(&mut w, "e_line", &edge.line.to_string())?;
        data(&mut w, "e_count", &edge.count.to_string())?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neo4j_names() {
        assert_eq!(neo4j_type("flows_to"), "FLOWS_TO");
        assert_eq!(neo4j_labels(NodeKind::Page, Some("entity")), ":Page:Entity");
        assert_eq!(
            neo4j_labels(NodeKind::Page, Some("case-study")),
            ":Page:CaseStudy"
        );
        assert_eq!(neo4j_labels(NodeKind::Missing, None), ":Missing");
    }
}
