//! `wikigraph.toml` on a temporary wiki: a configuration that renames a
//! relation, adds a connection heading, an entry point and an ignored
//! folder changes the graph and the audit; bad configurations are clear
//! errors with file, line and column; `init` writes a file that changes
//! nothing until edited.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A small wiki: `index` links to Alpha; Alpha ties itself to Beta under a
/// heading wikigraph does not know (`## Ties`) with a misspelt label;
/// Gamma is linked by nothing; `drafts/` holds a page that links to Gamma.
fn wiki(root: &Path) {
    let w = root.join("wiki");
    fs::create_dir_all(w.join("drafts")).unwrap();
    fs::write(w.join("index.md"), "# Home\n\nStart at [[Alpha]].\n").unwrap();
    fs::write(
        w.join("Alpha.md"),
        "# Alpha\n\n## Ties\n- **Compliments**: [[Beta]] (they go together)\n",
    )
    .unwrap();
    fs::write(w.join("Beta.md"), "# Beta\n\nBack to [[Alpha]].\n").unwrap();
    fs::write(w.join("Gamma.md"), "# Gamma\n\nNothing links here.\n").unwrap();
    fs::write(w.join("drafts/Draft.md"), "# Draft\n\nSee [[Gamma]].\n").unwrap();
}

const CONFIG: &str = r#"
[wiki]
ignore = ["drafts/"]

[headings]
connections = ["Ties"]

[audit]
entry_points = ["Gamma"]

[relations.complements]
labels = ["Compliments"]
"#;

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("wikigraph")
        .unwrap()
        .current_dir(root)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(root: &Path, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(root, args);
    assert!(code == 0 || code == 1, "{args:?}: exit {code}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}

/// (source, target, relation, label) of every link from Alpha.
fn alpha_links(graph: &Value) -> Vec<(String, String, String)> {
    graph["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["source"] == "Alpha")
        .map(|l| {
            (
                l["target"].as_str().unwrap().to_owned(),
                l["relation"].as_str().unwrap().to_owned(),
                l["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn findings(report: &Value, kind: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| f["node"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn node_ids(graph: &Value) -> Vec<String> {
    graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_configuration_changes_the_graph_and_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    wiki(root);

    // Without configuration: `## Ties` is prose, so Beta is only mentioned;
    // the draft is a page, and nothing leads from the index to it or to
    // Gamma, which only the draft links to.
    let g = json(root, &["export", "--format", "json"]);
    assert_eq!(
        alpha_links(&g),
        [("Beta".into(), "mentions".into(), "mentions".into())]
    );
    assert!(node_ids(&g).contains(&"drafts/Draft".to_owned()));
    let audit = json(root, &["--json", "check"]);
    assert_eq!(findings(&audit, "unreachable"), ["Gamma", "drafts/Draft"]);
    assert_eq!(findings(&audit, "one_way"), Vec::<String>::new());
    assert_eq!(audit["entry_points"], serde_json::json!(["index"]));

    fs::write(root.join("wiki/wikigraph.toml"), CONFIG).unwrap();

    // With it: Ties is a connection heading, Compliments means complements,
    // the draft is gone, Gamma is an entry point.
    let g = json(root, &["export", "--format", "json"]);
    assert_eq!(
        alpha_links(&g),
        [("Beta".into(), "complements".into(), "Compliments".into())]
    );
    assert!(!node_ids(&g).iter().any(|id| id.starts_with("drafts/")));
    let audit = json(root, &["--json", "check"]);
    assert_eq!(audit["entry_points"], serde_json::json!(["index", "Gamma"]));
    assert_eq!(findings(&audit, "unreachable"), Vec::<String>::new());
    assert_eq!(findings(&audit, "orphan"), Vec::<String>::new());
    // complements is symmetric and Beta does not say it back; the label is
    // known now, so it is not an unknown relation.
    assert_eq!(findings(&audit, "one_way"), ["Alpha"]);
    assert_eq!(findings(&audit, "unknown_relation"), Vec::<String>::new());
    let orphans = json(root, &["--json", "orphans"]);
    assert_eq!(orphans["orphans"], serde_json::json!([]));
    // `check --root` replaces the entry points, configured ones included.
    let audit = json(root, &["--json", "check", "--root", "Beta"]);
    assert_eq!(audit["entry_points"], serde_json::json!(["Beta"]));
    assert_eq!(findings(&audit, "unreachable"), ["Gamma", "index"]);

    // The same file in the wiki's parent folder is found too, and
    // --config names one anywhere.
    fs::rename(
        root.join("wiki/wikigraph.toml"),
        root.join("wikigraph.toml"),
    )
    .unwrap();
    let g = json(root, &["export", "--format", "json"]);
    assert_eq!(alpha_links(&g)[0].1, "complements");
    fs::rename(root.join("wikigraph.toml"), root.join("other.toml")).unwrap();
    assert_eq!(
        alpha_links(&json(root, &["export", "--format", "json"]))[0].1,
        "mentions"
    );
    let g = json(
        root,
        &["--config", "other.toml", "export", "--format", "json"],
    );
    assert_eq!(alpha_links(&g)[0].1, "complements");
    let (_, _, stderr) = run(root, &["--config", "other.toml", "-v", "stats"]);
    assert!(stderr.contains("configuration: other.toml"), "{stderr}");
}

#[test]
fn mentions_false_drops_links_in_prose_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    wiki(root);
    let orphans = json(root, &["--json", "orphans"]);
    assert_eq!(orphans["orphans"], serde_json::json!(["drafts/Draft"]));
    fs::write(
        root.join("wiki/wikigraph.toml"),
        "[wiki]\nmentions = false\n",
    )
    .unwrap();
    let g = json(root, &["export", "--format", "json"]);
    let relations: Vec<&str> = g["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["relation"].as_str().unwrap())
        .collect();
    assert!(!relations.contains(&"mentions"), "{relations:?}");
    // Every page stays a node.
    assert_eq!(node_ids(&g).len(), 5);
    // Only mentions led to Alpha (from the index and Beta), to Beta (`## Ties`
    // is prose without configuration) and to Gamma (from the draft).
    let orphans = json(root, &["--json", "orphans"]);
    assert_eq!(
        orphans["orphans"],
        serde_json::json!(["Alpha", "Beta", "Gamma", "drafts/Draft"])
    );
    let (code, out, _) = run(root, &["show", "Alpha"]);
    assert_eq!(code, 0);
    assert!(out.contains("In (0)"), "{out}");
}

#[test]
fn export_settings_shape_build_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    wiki(root);
    fs::write(
        root.join("wiki/wikigraph.toml"),
        "[export]\nformats = [\"jsonld\", \"json\"]\nout = \"../graph-out\"\nbase_iri = \"https://example.org/notes/\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote wiki/../graph-out in"), "{stdout}");
    let mut written: Vec<String> = fs::read_dir(root.join("graph-out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["graph.json", "graph.jsonld"]);
    let ld = fs::read_to_string(root.join("graph-out/graph.jsonld")).unwrap();
    assert!(
        ld.contains("\"@id\":\"https://example.org/notes/Alpha\""),
        "{ld}"
    );
    // `export` uses the base IRI too; --out beats the configured folder.
    let (_, stdout, _) = run(root, &["export", "--format", "jsonld"]);
    assert!(stdout.contains("https://example.org/notes/Beta"));
    let (code, _, _) = run(root, &["-q", "build", "--out", "here"]);
    assert_eq!(code, 0);
    assert!(root.join("here/graph.json").exists() && !root.join("here/graph.dot").exists());
}

#[test]
fn bad_configurations_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    wiki(root);
    let cfg = root.join("wiki/wikigraph.toml");
    let cases = [
        (
            "[wiki]\nmentons = false\n",
            "error: wiki/wikigraph.toml:2:1: unknown key `mentons` in [wiki]; did you mean `mentions`? (valid keys: ignore, mentions)",
        ),
        (
            "[relations.complements]\nlabels = [\"x\"]\ncolour = \"red\"\n",
            "error: wiki/wikigraph.toml:3:1: unknown key `colour` in [relations.complements]; did you mean `color`?",
        ),
        (
            "[headings]\nconnections = \"Ties\"\n",
            "error: wiki/wikigraph.toml:2:15: `headings.connections`: invalid type: string \"Ties\", expected a sequence",
        ),
        (
            "[export]\nformats = [\"json\", \"svg\"]\n",
            "error: wiki/wikigraph.toml:2:20: `export.formats`: unknown format `svg`",
        ),
        (
            "[audit]\nentry_points = [\"Nowhere\"]\n",
            "error: wiki/wikigraph.toml:2: audit.entry_points: no node named `Nowhere`",
        ),
        ("[wiki\n", "error: wiki/wikigraph.toml:1:6: unclosed table"),
    ];
    for (text, want) in cases {
        fs::write(&cfg, text).unwrap();
        let (code, stdout, stderr) = run(root, &["check"]);
        assert_eq!(code, 2, "{text:?}: {stderr}");
        assert!(stdout.is_empty(), "{text:?}: {stdout}");
        assert!(
            stderr.starts_with(want),
            "{text:?}:\n got: {stderr}\nwant: {want}"
        );
    }
    let (code, _, stderr) = run(root, &["--config", "nope.toml", "stats"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("configuration file `nope.toml` does not exist"),
        "{stderr}"
    );
}

#[test]
fn init_writes_a_commented_example_that_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    wiki(root);
    let before = run(root, &["--json", "check"]).1;
    let (code, stdout, stderr) = run(root, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("wrote wiki/wikigraph.toml"), "{stdout}");
    let text = fs::read_to_string(root.join("wiki/wikigraph.toml")).unwrap();
    for key in [
        "ignore",
        "mentions",
        "connections",
        "sources",
        "aliases",
        "builtin",
        "entry_points",
        "builtin_entry_points",
        "formats",
        "out",
        "base_iri",
        "labels",
        "inverse",
        "symmetric",
        "color",
    ] {
        assert!(
            text.contains(&format!("# {key} = ")),
            "{key} is not documented"
        );
    }
    assert_eq!(run(root, &["--json", "check"]).1, before);

    // It refuses to overwrite, unless told to.
    fs::write(root.join("wiki/wikigraph.toml"), "# mine\n").unwrap();
    let (code, _, stderr) = run(root, &["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists; use --force"), "{stderr}");
    assert_eq!(
        fs::read_to_string(root.join("wiki/wikigraph.toml")).unwrap(),
        "# mine\n"
    );
    let (code, _, _) = run(root, &["init", "--force"]);
    assert_eq!(code, 0);
    assert_eq!(
        fs::read_to_string(root.join("wiki/wikigraph.toml")).unwrap(),
        text
    );

    // A broken configuration does not stop init --force from replacing it.
    fs::write(root.join("wiki/wikigraph.toml"), "[wiki\n").unwrap();
    assert_eq!(run(root, &["init", "--force"]).0, 0);

    let (code, _, stderr) = run(root, &["--wiki", "nowhere", "init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`nowhere` does not exist"), "{stderr}");
}

#[test]
fn relation_colours_reach_the_diagrams() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    fs::write(
        dir.path().join("wiki/wikigraph.toml"),
        format!("{CONFIG}color = \"#ff0000\"\n"),
    )
    .unwrap();
    let (code, dot, err) = run(dir.path(), &["export", "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    let edge = dot
        .lines()
        .find(|l| l.contains("\"Alpha\" -> \"Beta\""))
        .unwrap_or_else(|| panic!("no Alpha -> Beta edge in:\n{dot}"));
    assert!(edge.contains("#ff0000"), "{edge}");
    let (_, mermaid, _) = run(dir.path(), &["export", "--format", "mermaid"]);
    assert!(mermaid.contains("#ff0000"), "{mermaid}");
}
