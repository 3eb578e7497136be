//! The Cypher script, read back by a small Cypher reader written here (there
//! is no Neo4j in the test environment): every statement is one of the two
//! well-formed `MERGE` shapes, every string literal decodes to exactly the
//! string in graph.json (the adversarial wiki included), and applying the
//! script to an in-memory graph with `MERGE` semantics — twice — yields
//! exactly graph.json's nodes and edges, unchanged by the second run.

#[path = "support/common.rs"]
mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Name(String),
    Int(i64),
    Punct(&'static str),
}

/// Cypher tokens: strings with their escapes, backticked names, words,
/// integers and punctuation; `//` comments skipped. Panics on anything else.
fn lex(src: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let cs: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && cs.get(i + 1) == Some(&'/') {
            while i < cs.len() && cs[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match cs.get(i) {
                    None => panic!("unterminated string"),
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        let e = cs[i + 1];
                        i += 2;
                        s.push(match e {
                            '\\' => '\\',
                            '\'' => '\'',
                            '"' => '"',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            'u' => {
                                let hex: String = cs[i..i + 4].iter().collect();
                                i += 4;
                                char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap()
                            }
                            other => panic!("bad escape \\{other}"),
                        });
                    }
                    Some('\n') => panic!("raw line break in a string"),
                    Some(&ch) => {
                        s.push(ch);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Str(s));
        } else if c == '`' {
            let mut s = String::new();
            i += 1;
            loop {
                match cs.get(i) {
                    None => panic!("unterminated name"),
                    Some('`') if cs.get(i + 1) == Some(&'`') => {
                        s.push('`');
                        i += 2;
                    }
                    Some('`') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        s.push(ch);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Name(s));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            out.push(Tok::Int(
                cs[start..i].iter().collect::<String>().parse().unwrap(),
            ));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            out.push(Tok::Name(cs[start..i].iter().collect()));
        } else {
            let two: String = cs[i..(i + 2).min(cs.len())].iter().collect();
            let p = ["->", "+=", "-"]
                .into_iter()
                .find(|p| two.starts_with(p))
                .or_else(|| {
                    ["(", ")", "{", "}", "[", "]", ":", ",", ";"]
                        .into_iter()
                        .find(|p| p.starts_with(c))
                })
                .unwrap_or_else(|| panic!("unexpected character {c:?}"));
            out.push(Tok::Punct(p));
            i += p.len();
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    Int(i64),
    List(Vec<String>),
}

struct P {
    t: Vec<Tok>,
    i: usize,
}

impl P {
    fn next(&mut self) -> Tok {
        let t = self.t[self.i].clone();
        self.i += 1;
        t
    }
    fn punct(&mut self, p: &str) {
        match self.next() {
            Tok::Punct(x) if x == p => {}
            other => panic!("expected {p}, got {other:?}"),
        }
    }
    fn word(&mut self, w: &str) {
        assert_eq!(self.next(), Tok::Name(w.to_owned()), "expected {w}");
    }
    fn name(&mut self) -> String {
        match self.next() {
            Tok::Name(n) => n,
            other => panic!("expected a name, got {other:?}"),
        }
    }
    fn string(&mut self) -> String {
        match self.next() {
            Tok::Str(s) => s,
            other => panic!("expected a string, got {other:?}"),
        }
    }
    fn value(&mut self) -> Val {
        match self.next() {
            Tok::Str(s) => Val::Str(s),
            Tok::Int(n) => Val::Int(n),
            Tok::Punct("[") => {
                let mut items = Vec::new();
                loop {
                    items.push(self.string());
                    match self.next() {
                        Tok::Punct(",") => {}
                        Tok::Punct("]") => break,
                        other => panic!("in a list: {other:?}"),
                    }
                }
                Val::List(items)
            }
            other => panic!("expected a value, got {other:?}"),
        }
    }
    fn map(&mut self) -> BTreeMap<String, Val> {
        self.punct("{");
        let mut m = BTreeMap::new();
        loop {
            let k = self.name();
            self.punct(":");
            assert!(m.insert(k.clone(), self.value()).is_none(), "{k} twice");
            match self.next() {
                Tok::Punct(",") => {}
                Tok::Punct("}") => break,
                other => panic!("in a map: {other:?}"),
            }
        }
        m
    }
    /// `(var:WikiNode {id: '…'})`
    fn node_pattern(&mut self, var: &str) -> String {
        self.punct("(");
        self.word(var);
        self.punct(":");
        self.word("WikiNode");
        self.punct("{");
        self.word("id");
        self.punct(":");
        let id = self.string();
        self.punct("}");
        self.punct(")");
        id
    }
}

type Props = BTreeMap<String, Val>;

#[derive(Debug, Default, Clone, PartialEq)]
struct Db {
    nodes: BTreeMap<String, (Vec<String>, BTreeMap<String, Val>)>,
    rels: BTreeMap<(String, String, i64, String), BTreeMap<String, Val>>,
}

/// Applies the script with MERGE semantics; returns the statement count.
fn run(db: &mut Db, script: &str) -> usize {
    let toks = lex(script);
    let mut p = P { t: toks, i: 0 };
    let mut statements = 0;
    while p.i < p.t.len() {
        match p.next() {
            Tok::Name(w) if w == "MERGE" => {
                let id = p.node_pattern("n");
                let entry = db.nodes.entry(id).or_default();
                p.word("SET");
                p.word("n");
                while p.t[p.i] == Tok::Punct(":") {
                    p.i += 1;
                    let l = p.name();
                    if !entry.0.contains(&l) {
                        entry.0.push(l);
                    }
                }
                p.word("SET");
                p.word("n");
                p.punct("+=");
                entry.1.extend(p.map());
            }
            Tok::Name(w) if w == "MATCH" => {
                let a = p.node_pattern("a");
                p.word("MATCH");
                let b = p.node_pattern("b");
                assert!(
                    db.nodes.contains_key(&a) && db.nodes.contains_key(&b),
                    "MATCH finds {a} and {b}"
                );
                p.word("MERGE");
                p.punct("(");
                p.word("a");
                p.punct(")");
                p.punct("-");
                p.punct("[");
                p.word("r");
                p.punct(":");
                let ty = p.name();
                p.punct("{");
                p.word("key");
                p.punct(":");
                let Tok::Int(key) = p.next() else {
                    panic!("key")
                };
                p.punct("}");
                p.punct("]");
                p.punct("->");
                p.punct("(");
                p.word("b");
                p.punct(")");
                p.word("SET");
                p.word("r");
                p.punct("+=");
                let props = p.map();
                db.rels.entry((a, ty, key, b)).or_default().extend(props);
            }
            other => panic!("a statement starts with MERGE or MATCH, not {other:?}"),
        }
        p.punct(";");
        statements += 1;
    }
    statements
}

fn s(v: &Value) -> Val {
    Val::Str(v.as_str().unwrap().to_owned())
}

fn check(wiki: &std::path::Path) {
    let what = name(wiki);
    let g = graph_json(wiki, &[]);
    let script = String::from_utf8(export(wiki, &["--format", "cypher"])).unwrap();
    for line in script.lines() {
        assert!(
            line.starts_with("//") || line.ends_with(';'),
            "{what}: one statement per line: {line}"
        );
    }
    let mut db = Db::default();
    let n = run(&mut db, &script);
    let nodes = g["nodes"].as_array().unwrap();
    let links = g["links"].as_array().unwrap();
    assert_eq!(
        n,
        nodes.len() + links.len(),
        "{what}: one statement per node and edge"
    );
    assert_eq!(
        db.nodes.len(),
        nodes.len(),
        "{what}: MERGE on ids keeps every node apart"
    );
    assert_eq!(
        db.rels.len(),
        links.len(),
        "{what}: MERGE on ends, type and key keeps every edge apart"
    );
    for n in nodes {
        let (labels, props) = &db.nodes[n["id"].as_str().unwrap()];
        let kind = n["kind"].as_str().unwrap();
        assert_eq!(labels[0].to_lowercase(), kind, "{what}");
        assert_eq!(props["label"], s(&n["label"]), "{what}");
        assert_eq!(props["kind"], s(&n["kind"]), "{what}");
        if kind == "page" {
            assert_eq!(props["path"], s(&n["path"]), "{what}");
            // graph.json leaves `attachments` out when a page has none.
            for k in ["aliases", "tags", "sources", "attachments"] {
                let list: Vec<String> = n
                    .get(k)
                    .map(|l| {
                        l.as_array()
                            .unwrap()
                            .iter()
                            .map(|v| v.as_str().unwrap().to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                match props.get(k) {
                    Some(Val::List(l)) => assert_eq!(l, &list, "{what}: {k}"),
                    None => assert!(list.is_empty(), "{what}: {k}"),
                    other => panic!("{what}: {k} = {other:?}"),
                }
            }
            for (k, v) in n["properties"].as_object().unwrap() {
                assert_eq!(props[&format!("prop_{k}")], s(v), "{what}");
            }
        }
    }
    type Found<'a> = Vec<(&'a str, &'a Props)>;
    let mut by_ends: BTreeMap<(&str, &str, i64), Found> = BTreeMap::new();
    for ((a, ty, key, b), props) in &db.rels {
        by_ends.entry((a, b, *key)).or_default().push((ty, props));
    }
    for l in links {
        let ends = (
            l["source"].as_str().unwrap(),
            l["target"].as_str().unwrap(),
            l["key"].as_i64().unwrap(),
        );
        let found = &by_ends[&ends];
        assert_eq!(found.len(), 1, "{what}: {l}");
        let (ty, props) = found[0];
        assert!(
            !ty.is_empty() && !ty.chars().any(char::is_lowercase),
            "{what}: {ty}"
        );
        for k in ["relation", "label", "kind", "file"] {
            assert_eq!(props[k], s(&l[k]), "{what}: {k}");
        }
        for k in ["line", "count"] {
            assert_eq!(props[k], Val::Int(l[k].as_i64().unwrap()), "{what}: {k}");
        }
        match l["note"].as_str() {
            Some(_) => assert_eq!(props["note"], s(&l["note"]), "{what}"),
            None => assert!(!props.contains_key("note"), "{what}"),
        }
    }
    let once = db.clone();
    run(&mut db, &script);
    assert_eq!(db, once, "{what}: running the script again changes nothing");
}

#[test]
fn every_wiki_reads_back_exactly_and_idempotently() {
    let adv = adversarial();
    let mut wikis = wikis();
    wikis.push(adv.path().to_path_buf());
    for wiki in &wikis {
        check(wiki);
    }
}

#[test]
fn labels_follow_kind_and_type() {
    let script = String::from_utf8(export(
        &root().join("tests/fixtures/small/wiki"),
        &["--format", "cypher"],
    ))
    .unwrap();
    let mut db = Db::default();
    run(&mut db, &script);
    assert_eq!(db.nodes["entities/Alpha"].0, ["Page", "Entity"]);
    assert_eq!(db.nodes["missing:Holding Group"].0, ["Missing"]);
    let types: Vec<&str> = db.rels.keys().map(|(_, t, _, _)| t.as_str()).collect();
    assert!(types.contains(&"FLOWS_TO") && types.contains(&"COMPETES_WITH"));
}

#[test]
fn attachments_are_a_list_property_left_out_when_empty() {
    let script = String::from_utf8(export(
        &root().join("tests/fixtures/attachments/wiki"),
        &["--format", "cypher"],
    ))
    .unwrap();
    let mut db = Db::default();
    run(&mut db, &script);
    let list = |l: &[&str]| Val::List(l.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        db.nodes["entities/Gamma"].1["attachments"],
        list(&[
            "diagram.png",
            "papers/Gamma study.pdf",
            "img/plot.svg",
            "R&D chart's v2.png"
        ])
    );
    assert!(!db.nodes["entities/Delta"].1.contains_key("attachments"));
    assert!(!db.nodes["index"].1.contains_key("attachments"));
}
