//! Cypher (`graph.cypher`): a script of idempotent `MERGE` statements for
//! Neo4j (`cypher-shell -f graph.cypher`) or Memgraph
//! (`mgconsole < graph.cypher`), one statement per line.
//!
//! - Nodes: `MERGE (n:WikiNode {id: …})`, then the labels of the node kind
//!   and page type (`:Page:Entity`, as in GraphML) and its properties
//!   (`label`, `kind`, `type`, `path`, `aliases`, `tags`, `sources`,
//!   `attachments` as lists, `last_updated`, frontmatter keys as `prop_KEY`).
//! - Relationships: both ends matched by id, then `MERGE (a)-[r:FLOWS_TO
//!   {key: 0}]->(b)` where `key` is graph.json's index among the edges
//!   between the same two nodes, so parallel edges stay apart; then
//!   `relation`, `label`, `kind`, `note`, `file`, `line`, `count`.
//! - Running the script again finds every node and relationship and sets the
//!   same values: nothing changes. (Labels and properties a page has lost
//!   since an earlier run are not removed.)
//!
//! Strings are single-quoted with `\\`, `\'`, `\n`, `\r`, `\t` and `\uXXXX`
//! escapes, so every string survives exactly; labels, relationship types and
//! property names are backtick-quoted (a backtick doubled).

use super::graphml::{kind_label, neo4j_type, type_label};
use crate::graph::{EdgeKind, WikiGraph};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The label every exported node has, on which `MERGE` matches ids.
pub const NODE_LABEL: &str = "WikiNode";

/// A Cypher string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A backtick-quoted Cypher name (label, type, property key).
pub fn name(s: &str) -> String {
    format!("`{}`", s.replace('`', "``"))
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// A map literal from (key, already-written value) pairs.
fn map(entries: &[(String, String)]) -> String {
    let inner: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}: {v}", name(k)))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

/// Streams the graph as a Cypher script.
pub fn write(g: &WikiGraph, w: &mut dyn Write) -> io::Result<()> {
    let gr = &g.graph;
    writeln!(
        w,
        "// wikigraph: {} nodes, {} relationships. Idempotent: nodes are merged on their id,\n\
         // relationships on their ends, type and key; running it twice changes nothing.\n\
         // Neo4j: cypher-shell -f graph.cypher    Memgraph: mgconsole < graph.cypher\n\
         // On large wikis create the index first:\n\
         //   Neo4j 5:  CREATE INDEX wikinode_id IF NOT EXISTS FOR (n:{NODE_LABEL}) ON (n.id);\n\
         //   Memgraph: CREATE INDEX ON :{NODE_LABEL}(id);",
        gr.node_count(),
        gr.edge_count()
    )?;
    for node in gr.node_weights() {
        let mut labels = vec![kind_label(node.kind).to_owned()];
        if let Some(t) = node.page_type().and_then(type_label)
            && t != labels[0]
        {
            labels.push(t);
        }
        let mut props = vec![
            ("label".to_owned(), string(&node.label)),
            ("kind".to_owned(), string(node.kind.as_str())),
        ];
        if let Some(p) = &node.page {
            if let Some(t) = &p.page_type {
                props.push(("type".into(), string(t)));
            }
            props.push(("path".into(), string(&p.path)));
            for (k, l) in [
                ("aliases", &p.aliases),
                ("tags", &p.tags),
                ("sources", &p.sources),
                ("attachments", &p.attachments),
            ] {
                // Neo4j cannot tell the type of an empty list: leave it out.
                if !l.is_empty() {
                    props.push((k.into(), list(l)));
                }
            }
            if let Some(d) = &p.last_updated {
                props.push(("last_updated".into(), string(d)));
            }
            for (k, v) in &p.properties {
                props.push((format!("prop_{k}"), string(v)));
            }
        }
        let labels: String = labels.iter().map(|l| format!(":{}", name(l))).collect();
        writeln!(
            w,
            "MERGE (n:{} {{id: {}}}) SET n{labels} SET n += {};",
            name(NODE_LABEL),
            string(&node.id),
            map(&props)
        )?;
    }
    let mut keys: HashMap<(usize, usize), u32> = HashMap::new();
    for e in gr.edge_indices() {
        let Some((s, t)) = gr.edge_endpoints(e) else {
            continue;
        };
        let edge = &gr[e];
        let rel = g.relation(edge.relation);
        let k = keys.entry((s.index(), t.index())).or_insert(0);
        let key = *k;
        *k += 1;
        let mut props = vec![
            ("relation".to_owned(), string(&rel.key)),
            ("label".to_owned(), string(&rel.label)),
            (
                "kind".to_owned(),
                string(match rel.kind {
                    EdgeKind::Typed => "typed",
                    EdgeKind::Related => "related",
                    EdgeKind::Cites => "cites",
                    EdgeKind::Mentions => "mentions",
                }),
            ),
        ];
        if let Some(n) = g.note(edge) {
            props.push(("note".into(), string(n)));
        }
        props.push(("file".into(), string(g.edge_file(e))));
        props.push(("line".into(), edge.line.to_string()));
        props.push(("count".into(), edge.count.to_string()));
        let node = name(NODE_LABEL);
        writeln!(
            w,
            "MATCH (a:{node} {{id: {}}}) MATCH (b:{node} {{id: {}}}) MERGE (a)-[r:{} {{key: {key}}}]->(b) SET r += {};",
            string(&gr[s].id),
            string(&gr[t].id),
            name(&neo4j_type(&rel.key)),
            map(&props)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_names_escape() {
        assert_eq!(string("it's a \\ test\n"), "'it\\'s a \\\\ test\\n'");
        assert_eq!(string("bell\u{7}"), "'bell\\u0007'");
        assert_eq!(string("微信 🚀"), "'微信 🚀'");
        assert_eq!(name("a`b"), "`a``b`");
    }
}
