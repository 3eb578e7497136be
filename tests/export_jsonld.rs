//! JSON-LD in a real RDF store: Oxigraph (in-memory `Store`, its JSON-LD
//! parser) loads the export of every wiki — the sample, the fixtures, the
//! adversarial wiki, every corpus — and:
//!
//! - for each relation R, the number of direct triples `?s wg:R ?o` equals
//!   the number of distinct (source, R, target) triples among graph.json's
//!   links (RDF is a set: two edges with the same source, relation and
//!   target are one triple); and there is one `wgm:Edge` resource per link;
//! - `<start> wg:R+ ?x` (minus the start itself, which `+` returns on a
//!   cycle, and minus missing pages, which `reach` leaves out unless asked)
//!   returns exactly the nodes `wikigraph reach START --relation R` returns
//!   (direction out, no depth bound), and with `--include-missing` exactly
//!   the nodes of the path query without that filter;
//! - a qualified edge keeps its note, file and line (one edge read back
//!   through SPARQL), and names and ids survive exactly.

#[path = "support/common.rs"]
mod common;

use assert_cmd::Command;
use common::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const BASE: &str = "urn:wikigraph:";
const WG: &str = "https://wikigraph.dev/rel#";
const WGM: &str = "https://wikigraph.dev/meta#";

fn load(jsonld: &[u8], what: &str) -> Store {
    let store = Store::new().unwrap();
    store
        .load_from_reader(
            RdfParser::from_format(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            jsonld,
        )
        .unwrap_or_else(|e| panic!("{what}: Oxigraph cannot load the JSON-LD: {e}"));
    store
}

fn select(store: &Store, query: &str) -> Vec<BTreeMap<String, Term>> {
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT")
    };
    solutions
        .map(|s| {
            let s = s.unwrap();
            s.iter()
                .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                .collect()
        })
        .collect()
}

fn count(store: &Store, query: &str) -> usize {
    let rows = select(store, query);
    match &rows[0]["n"] {
        Term::Literal(l) => l.value().parse().unwrap(),
        other => panic!("{other}"),
    }
}

/// The IRI of a relation key, as the export writes it.
fn relation_iri(key: &str) -> String {
    format!("{WG}{}", iri_escape(key))
}

fn iri_escape(s: &str) -> String {
    wikigraph::export::jsonld::iri_escape(s)
}

/// The node id of an IRI under `base`.
fn id_of(term: &Term, base: &str) -> String {
    let Term::NamedNode(n) = term else {
        panic!("{term} is not an IRI")
    };
    let rest = n
        .as_str()
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{n} outside {base}"));
    percent_decode_str(rest).decode_utf8().unwrap().into_owned()
}

fn string_of(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        other => panic!("{other} is not a literal"),
    }
}

fn all_wikis() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let adv = adversarial();
    let mut v = wikis();
    v.push(adv.path().to_path_buf());
    (adv, v)
}

#[test]
fn direct_triples_per_relation_match_graph_json() {
    let (_adv, wikis) = all_wikis();
    for wiki in &wikis {
        let what = name(wiki);
        let g = graph_json(wiki, &[]);
        let store = load(&export(wiki, &["--format", "jsonld"]), &what);
        let links = g["links"].as_array().unwrap();
        let mut distinct: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
        for l in links {
            distinct
                .entry(l["relation"].as_str().unwrap())
                .or_default()
                .insert((l["source"].as_str().unwrap(), l["target"].as_str().unwrap()));
        }
        for (rel, pairs) in &distinct {
            let n = count(
                &store,
                &format!(
                    "SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{}> ?o }}",
                    relation_iri(rel)
                ),
            );
            assert_eq!(n, pairs.len(), "{what}: direct triples of {rel}");
        }
        let predicates = count(
            &store,
            &format!(
                "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), \"{WG}\")) }}"
            ),
        );
        assert_eq!(
            predicates,
            distinct.len(),
            "{what}: one property per relation key"
        );
        let edges = count(
            &store,
            &format!("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{WGM}Edge> }}"),
        );
        assert_eq!(edges, links.len(), "{what}: one qualified edge per link");
        // Every node is there once, named exactly as in graph.json.
        let names = select(
            &store,
            "SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name }",
        );
        let got: BTreeMap<String, String> = names
            .iter()
            .map(|r| (id_of(&r["s"], BASE), string_of(&r["name"])))
            .collect();
        let expected: BTreeMap<String, String> = g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["id"].as_str().unwrap().to_owned(),
                    n["label"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(names.len(), expected.len(), "{what}: one name per node");
        assert_eq!(got, expected, "{what}: ids and names survive exactly");
        // A page's attachments are exactly its `schema:associatedMedia`
        // values (text), and nothing else has any.
        let media: BTreeSet<(String, String)> = select(
            &store,
            "SELECT ?s ?m WHERE { ?s <https://schema.org/associatedMedia> ?m }",
        )
        .iter()
        .map(|r| (id_of(&r["s"], BASE), string_of(&r["m"])))
        .collect();
        let attachments: BTreeSet<(String, String)> = g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|n| {
                let id = n["id"].as_str().unwrap();
                n.get("attachments")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(move |a| (id.to_owned(), a.as_str().unwrap().to_owned()))
            })
            .collect();
        assert_eq!(media, attachments, "{what}: attachments");
    }
}

/// `wikigraph --json reach START --relation R [--include-missing]`.
fn reach(wiki: &Path, start: &str, rel: &str, missing: bool) -> BTreeSet<String> {
    let mut cmd = Command::cargo_bin("wikigraph").unwrap();
    cmd.arg("--wiki")
        .arg(wiki)
        .args(["--json", "reach", start, "--relation", rel]);
    if missing {
        cmd.arg("--include-missing");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    r["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

fn path_query(store: &Store, start: &str, rel: &str, missing: bool) -> BTreeSet<String> {
    let s = format!("{BASE}{}", iri_escape(start));
    let filter = if missing {
        String::new()
    } else {
        format!("FILTER NOT EXISTS {{ ?x a <{WGM}MissingPage> }}")
    };
    let q = format!(
        "SELECT DISTINCT ?x WHERE {{ <{s}> <{}>+ ?x . FILTER(?x != <{s}>) {filter} }}",
        relation_iri(rel)
    );
    select(store, &q)
        .iter()
        .map(|r| id_of(&r["x"], BASE))
        .collect()
}

#[test]
fn property_paths_agree_with_reach() {
    let mut cases: Vec<(std::path::PathBuf, Vec<(String, String)>)> = vec![(
        root().join("wiki"),
        vec![
            ("entities/WeChat".into(), "complements".into()),
            ("entities/WeChat".into(), "part_of".into()),
            ("entities/Douyin".into(), "competes_with".into()),
        ],
    )];
    // In each corpus: its most used typed relation, from the first five
    // pages that use it.
    for wiki in corpora() {
        let g = graph_json(&wiki, &[]);
        let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
        for l in g["links"].as_array().unwrap() {
            if l["kind"] == "typed" {
                *uses.entry(l["relation"].as_str().unwrap()).or_default() += 1;
            }
        }
        let rel = uses
            .iter()
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
            .unwrap()
            .0
            .to_string();
        let mut starts: Vec<String> = Vec::new();
        for l in g["links"].as_array().unwrap() {
            let s = l["source"].as_str().unwrap().to_owned();
            if l["relation"] == rel.as_str() && !starts.contains(&s) && starts.len() < 5 {
                starts.push(s);
            }
        }
        cases.push((wiki, starts.into_iter().map(|s| (s, rel.clone())).collect()));
    }
    let mut compared = 0;
    for (wiki, starts) in &cases {
        let store = load(&export(wiki, &["--format", "jsonld"]), &name(wiki));
        for (start, rel) in starts {
            for missing in [false, true] {
                let sparql = path_query(&store, start, rel, missing);
                let expected = reach(wiki, start, rel, missing);
                assert_eq!(
                    sparql,
                    expected,
                    "{}: {start} {rel}+ (missing: {missing})",
                    name(wiki)
                );
                compared += usize::from(!expected.is_empty());
            }
        }
    }
    assert!(compared >= 4, "the comparison covered non-empty results");
}

#[test]
fn a_qualified_edge_round_trips_through_sparql() {
    let adv = adversarial();
    for wiki in [
        root().join("tests/fixtures/small/wiki"),
        adv.path().to_path_buf(),
    ] {
        let g = graph_json(&wiki, &[]);
        let store = load(&export(&wiki, &["--format", "jsonld"]), &name(&wiki));
        let with_notes: Vec<&Value> = g["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| !l["note"].is_null())
            .collect();
        assert!(!with_notes.is_empty());
        for l in with_notes {
            let q = format!(
                "SELECT ?note ?file ?line ?label ?kind ?count WHERE {{ ?e a <{WGM}Edge> ; <{WGM}source> <{BASE}{}> ; <{WGM}target> <{BASE}{}> ; <{WGM}relation> <{}> ; <{WGM}note> ?note ; <{WGM}file> ?file ; <{WGM}line> ?line ; <{WGM}label> ?label ; <{WGM}kind> ?kind ; <{WGM}count> ?count }}",
                iri_escape(l["source"].as_str().unwrap()),
                iri_escape(l["target"].as_str().unwrap()),
                relation_iri(l["relation"].as_str().unwrap())
            );
            let rows = select(&store, &q);
            let row = rows
                .iter()
                .find(|r| string_of(&r["note"]) == l["note"].as_str().unwrap())
                .unwrap_or_else(|| panic!("no qualified edge for {l}"));
            assert_eq!(string_of(&row["file"]), l["file"].as_str().unwrap());
            assert_eq!(string_of(&row["label"]), l["label"].as_str().unwrap());
            assert_eq!(string_of(&row["kind"]), l["kind"].as_str().unwrap());
            let Term::Literal(line) = &row["line"] else {
                panic!()
            };
            assert_eq!(
                line.datatype().as_str(),
                "http://www.w3.org/2001/XMLSchema#integer"
            );
            assert_eq!(line.value(), l["line"].to_string());
            assert_eq!(string_of(&row["count"]), l["count"].to_string());
        }
    }
}

#[test]
fn node_facts_and_base_iri() {
    let wiki = root().join("tests/fixtures/small/wiki");
    let base = "https://example.org/wiki/";
    let store = load(
        &export(&wiki, &["--format", "jsonld", "--base-iri", base]),
        "small",
    );
    let alpha = format!("{base}entities/Alpha");
    let rows = select(&store, &format!("SELECT ?p ?o WHERE {{ <{alpha}> ?p ?o }}"));
    let facts: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r["p"].to_string(), r["o"].to_string()))
        .collect();
    for (p, o) in [
        ("<https://schema.org/name>", "\"Alpha\""),
        ("<https://schema.org/alternateName>", "\"阿尔法\""),
        ("<https://schema.org/keywords>", "\"messaging\""),
        (
            "<https://schema.org/dateModified>",
            "\"2026-03-01\"^^<http://www.w3.org/2001/XMLSchema#date>",
        ),
        ("<https://wikigraph.dev/prop#founded>", "\"2011\""),
        (
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<https://wikigraph.dev/meta#Page>",
        ),
        (
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<https://wikigraph.dev/meta#type/entity>",
        ),
        (
            "<https://wikigraph.dev/rel#complements>",
            "<https://example.org/wiki/entities/Beta>",
        ),
    ] {
        assert!(
            facts.contains(&(p.to_owned(), o.to_owned())),
            "{p} {o} in {facts:#?}"
        );
    }
    // A date that is not an xsd:date stays text.
    let beta = select(
        &store,
        &format!("SELECT ?d WHERE {{ <{base}entities/Beta> <{WGM}dateText> ?d }}"),
    );
    assert_eq!(string_of(&beta[0]["d"]), "March 2026");
    // Every subject is an absolute IRI under the base (or a blank node: none).
    let outside = count(
        &store,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(!STRSTARTS(STR(?s), \"{base}\")) }}"
        ),
    );
    assert_eq!(outside, 0);
    let out = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(&wiki)
        .args(["export", "--format", "jsonld", "--base-iri", "wiki/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an absolute IRI"));
}

/// Attachments are `schema:associatedMedia` text values of their page, in
/// a context that defines the term only when some page has attachments:
/// the JSON-LD of a wiki, or a subgraph, without any is as it was.
#[test]
fn attachments_are_associated_media() {
    let wiki = root().join("tests/fixtures/attachments/wiki");
    let text = export(&wiki, &["--format", "jsonld"]);
    let store = load(&text, "attachments");
    let rows = select(
        &store,
        &format!(
            "SELECT ?m WHERE {{ <{BASE}entities/Gamma> <https://schema.org/associatedMedia> ?m }}"
        ),
    );
    let got: BTreeSet<String> = rows
        .iter()
        .map(|r| {
            let Term::Literal(l) = &r["m"] else {
                panic!("{} is not a literal", r["m"])
            };
            assert_eq!(
                l.datatype().as_str(),
                "http://www.w3.org/2001/XMLSchema#string"
            );
            l.value().to_owned()
        })
        .collect();
    let want: BTreeSet<String> = [
        "diagram.png",
        "papers/Gamma study.pdf",
        "img/plot.svg",
        "R&D chart's v2.png",
    ]
    .map(String::from)
    .into();
    assert_eq!(got, want);
    let doc: Value = serde_json::from_slice(&text).unwrap();
    assert_eq!(
        doc["@context"]["associatedMedia"],
        serde_json::json!({"@id": "schema:associatedMedia"})
    );
    // Written in the page's list order, as graph.json has them.
    let gamma = doc["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"] == format!("{BASE}entities/Gamma"))
        .unwrap();
    let g = graph_json(&wiki, &[]);
    let listed = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "entities/Gamma")
        .map(|n| &n["attachments"])
        .unwrap();
    assert!(listed.is_array());
    assert_eq!(&gamma["associatedMedia"], listed);
    for (wiki, args) in [
        (
            root().join("tests/fixtures/small/wiki"),
            &["--format", "jsonld"][..],
        ),
        (
            wiki.clone(),
            &["--format", "jsonld", "--type", "overview"][..],
        ),
    ] {
        let text = String::from_utf8(export(&wiki, args)).unwrap();
        assert!(!text.contains("associatedMedia"), "{args:?}: {text}");
    }
}

/// Edges written from a page whose file name JSON must escape (a quote, a
/// backslash, a line break) keep that name as their `file`, and their
/// source is the page's node.
#[test]
#[cfg(unix)]
fn edges_from_hostile_file_names_keep_their_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Target.md"), "# Target\n").unwrap();
    let names = ["quote\"and\\back.md", "new\nline.md", "tab\tname.md"];
    for name in names {
        std::fs::write(
            dir.path().join(name),
            "## Connections\n- **Feeds**: [[Target]] (a note)\n\nSee [[Target]].\n",
        )
        .unwrap();
    }
    let wiki = dir.path();
    let g = graph_json(wiki, &[]);
    let store = load(&export(wiki, &["--format", "jsonld"]), "hostile file names");
    for name in names {
        let links = g["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["file"] == name)
            .count();
        assert_eq!(links, 2, "{name:?}: a typed link and a mention");
        let id = name.trim_end_matches(".md");
        let file = serde_json::to_string(name).unwrap();
        let q = format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ ?e a <{WGM}Edge> ; <{WGM}file> {file} ; <{WGM}source> <{BASE}{}> }}",
            iri_escape(id)
        );
        assert_eq!(count(&store, &q), links, "{name:?}");
    }
}
