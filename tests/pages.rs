//! Parser fixtures: each `tests/pages/NAME.md` is parsed without touching
//! the file system graph, and its facts, rendered one per line, must equal
//! `tests/pages/NAME.facts` (written by hand). One fixture per link form and
//! per connection form.

use std::fs;
use std::path::Path;
use wikigraph::page::{Link, LinkForm, Page, ParseOptions, Relation, Target, parse};

fn link(l: &Link) -> String {
    let mut s = l.target.clone();
    if let Some(a) = &l.anchor {
        s.push('#');
        s.push_str(a);
    }
    if let Some(d) = &l.display {
        s.push('|');
        s.push_str(d);
    }
    match l.form {
        LinkForm::Wiki => format!("[[{s}]]"),
        LinkForm::Embed => format!("![[{s}]]"),
        LinkForm::Markdown => format!("[]({s})"),
        // A link only where it finds a page.
        LinkForm::MarkdownBare => format!("[]({s})?"),
    }
}

/// The facts of a page, one per line, in a stable order.
fn render(p: &Page) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            out.push(format!("{k}: {v}"));
        }
    };
    field("title", p.title.clone());
    field("h1", p.h1.clone().filter(|h| Some(h) != p.title.as_ref()));
    field("type", p.page_type.clone());
    field("tags", Some(p.tags.join(" | ")));
    field("aliases", Some(p.aliases.join(" | ")));
    field("sources", Some(p.sources.join(" | ")));
    field("last_updated", p.last_updated.clone());
    field("attachments", Some(p.attachments.join(" | ")));
    for (k, v) in &p.properties {
        out.push(format!("property: {k} = {v}"));
    }
    for r in &p.refs {
        let rel = match &r.relation {
            Relation::Typed { label } => format!("\"{label}\""),
            other => other.label().to_owned(),
        };
        let target = match &r.target {
            Target::Link(l) => link(l),
            Target::Text(t) => format!("text:{t}"),
            Target::Name(t) => format!("name:{t}"),
            Target::Url(u) => format!("url:{u}"),
        };
        let mut line = format!("{} {rel} {target}", r.line);
        if let Some(n) = &r.note {
            line.push_str(" | ");
            line.push_str(n);
        }
        out.push(line);
    }
    for d in &p.diagnostics {
        out.push(format!(
            "diag {} {} {}: {}",
            d.line.map_or("-".into(), |l| l.to_string()),
            d.severity,
            d.kind.as_str(),
            d.message
        ));
    }
    out
}

#[test]
fn every_page_fixture_parses_to_its_facts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "fixtures present");
    let mut failures = Vec::new();
    for input in inputs {
        let text = fs::read_to_string(&input).unwrap();
        let expected_path = input.with_extension("facts");
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .facts file", input.display()));
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        let got = render(&parse(&text, &ParseOptions::default()));
        if got != expected {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                input.file_name().unwrap().to_string_lossy(),
                expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
