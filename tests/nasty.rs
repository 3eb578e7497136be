//! Bad input never loses a page. `tests/nasty/wiki/` holds one hostile page
//! per problem (broken frontmatter, encodings, odd links, odd connection
//! bullets); file-system problems and huge inputs are made in temporary
//! folders. Each must be reported with its file and line, and everything
//! readable must still be built.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn nasty() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty/wiki")
}

/// Runs `build --json`-free and returns (exit code, stderr, graph.json).
fn build(wiki: &Path, extra: &[&str]) -> (i32, String, Value) {
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("wikigraph")
        .unwrap()
        .args(extra)
        .arg("--wiki")
        .arg(wiki)
        .arg("build")
        .arg("--out")
        .arg(out.path())
        .timeout(Duration::from_secs(120))
        .assert();
    let output = assert.get_output();
    let code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = fs::read_to_string(out.path().join("graph.json")).unwrap_or_else(|_| "null".into());
    (code, stderr, serde_json::from_str(&json).unwrap())
}

/// The label of node `id` in a graph.json.
fn label(g: &Value, id: &str) -> Option<Value> {
    g["nodes"]
        .as_array()?
        .iter()
        .find(|n| n["id"] == id)
        .map(|n| n["label"].clone())
}

fn md_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(md_files(&p));
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p.to_string_lossy().into_owned());
        }
    }
    out
}

fn edge(g: &Value, source: &str, relation: &str, target: &str) -> bool {
    g["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["source"] == source && l["relation"] == relation && l["target"] == target)
}

#[test]
fn hostile_pages_are_all_built_and_every_problem_is_located() {
    let wiki = nasty();
    let (code, stderr, g) = build(&wiki, &[]);
    assert_eq!(code, 0, "warnings only: exit 0\n{stderr}");
    let pages = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "page")
        .count();
    assert_eq!(pages, md_files(&wiki).len(), "every file is a page");
    assert_eq!(g["graph"]["pages"].as_u64(), Some(pages as u64));

    // (file, line, what the message says)
    let expected: &[(&str, &str, &str)] = &[
        (
            "frontmatter/invalid-yaml.md",
            ":3:",
            "frontmatter entry skipped",
        ),
        ("frontmatter/unterminated.md", ":1:", "never closed"),
        ("frontmatter/list.md", ":2:", "is a list, not a mapping"),
        ("frontmatter/scalar.md", ":2:", "is a string, not a mapping"),
        (
            "frontmatter/duplicate-keys.md",
            ":4:",
            "duplicate key `title`",
        ),
        (
            "frontmatter/relationship-no-target.md",
            ":4:",
            "is a mapping with no target",
        ),
        (
            "frontmatter/relationship-no-target.md",
            ":6:",
            "has no `type`",
        ),
        ("encoding/invalid-utf8.md", ":5:", "invalid UTF-8"),
        ("encoding/binary.md", ":", "binary content"),
        ("links/unclosed.md", ":1:10:", "unclosed `[[`"),
        ("links/empty.md", ":1:7:", "empty link `[[]]`"),
        ("links/empty.md", ":1:16:", "empty link `[[|x]]`"),
        ("links/outside.md", ":1:", "points outside the wiki"),
        ("links/twin.md", ":1:", "`TWIN` matches 2 pages"),
        ("connections/empty-label.md", ":2:", "label is empty"),
        (
            "connections/label-no-target.md",
            ":2:",
            "`Complements` has no target",
        ),
    ];
    for (file, at, what) in expected {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("{file}{at}")) && l.contains(what)),
            "expected `{file}{at} … {what}` in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("warnings, 0 errors"),
        "a summary counts them"
    );

    // What was readable is in the graph.
    for (s, r, t) in [
        ("frontmatter/invalid-yaml", "mentions", "Alpha"),
        ("frontmatter/toml", "mentions", "Alpha"),
        ("frontmatter/json", "mentions", "Alpha"),
        ("frontmatter/relationship-no-target", "complements", "Alpha"),
        ("frontmatter/relationship-no-target", "related", "Beta"),
        ("encoding/bom", "mentions", "Alpha"),
        ("encoding/crlf", "complements", "Alpha"),
        ("encoding/cr", "complements", "Alpha"),
        ("encoding/invalid-utf8", "mentions", "Alpha"),
        ("links/nested", "mentions", "Alpha"),
        ("links/display-bracket", "mentions", "Alpha"),
        ("links/percent", "mentions", "links/Spaced Name"),
        ("links/nfc-link", "mentions", "links/Cafe\u{301}"),
        ("links/twin", "mentions", "links/twin"),
        ("links/twin", "mentions", "links/Twin"),
        ("links/self-link", "mentions", "links/self-link"),
        ("links/outside", "mentions", "missing:../../outside"),
        ("connections/markdown-label", "part_of", "Alpha"),
        ("connections/nested", "complements", "Alpha"),
        ("connections/nested", "complements", "Beta"),
        ("connections/markers", "supports", "Beta"),
        ("connections/markers", "uses", "Beta"),
        ("connections/twice", "complements", "Beta"),
        ("connections/headings", "complements", "Alpha"),
        ("connections/headings", "uses", "Beta"),
    ] {
        assert!(edge(&g, s, r, t), "edge {s} -{r}-> {t}");
    }
    let labels: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["label"].as_str())
        .collect();
    for l in [
        "Still Here",
        "unterminated",
        "123",
        "First",
        "Toml Page",
        "Json Page",
        "Bom",
        "Lone CR",
    ] {
        assert!(labels.contains(&l), "label {l}");
    }
    assert!(
        !labels.contains(&"passwd"),
        "nothing outside the wiki becomes a page"
    );
}

#[test]
fn missing_or_file_wiki_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr, _) = build(&dir.path().join("nope"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
    let file = dir.path().join("file.md");
    fs::write(&file, "x").unwrap();
    let (code, stderr, _) = build(&file, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a file"), "{stderr}");
}

#[test]
fn unwritable_output_is_an_error_and_nothing_is_half_written() {
    let wiki = tempfile::tempdir().unwrap();
    fs::write(wiki.path().join("a.md"), "[[b]]").unwrap();
    let out = tempfile::tempdir().unwrap();
    // A file where the output folder should be.
    let blocked = out.path().join("exports");
    fs::write(&blocked, "not a folder").unwrap();
    let output = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(wiki.path())
        .arg("build")
        .arg("--out")
        .arg(&blocked)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("exports"), "names the folder: {stderr}");
    assert_eq!(fs::read_to_string(&blocked).unwrap(), "not a folder");
}

#[cfg(unix)]
#[test]
fn file_system_oddities() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "[[Leaked]]").unwrap();
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    fs::write(w.join("ok.md"), "[[target]]").unwrap();
    fs::write(w.join("target.md"), "# Target").unwrap();
    fs::write(w.join("notes.txt"), "[[NotAPage]]").unwrap();
    fs::create_dir(w.join("folder.md")).unwrap();
    fs::write(w.join("folder.md/inside.md"), "inside").unwrap();
    symlink(outside.path().join("secret.md"), w.join("link-out.md")).unwrap();
    fs::create_dir(w.join("loop")).unwrap();
    symlink(w.join("loop"), w.join("loop/again")).unwrap();

    // Links are not followed by default: the outside file is not read.
    let (code, stderr, g) = build(w, &[]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert_eq!(ids, ["folder.md/inside", "ok", "target"]);
    assert!(
        stderr.contains("link-out.md") && stderr.contains("not followed"),
        "{stderr}"
    );

    // Followed on request: the link is read and reported as leaving the wiki,
    // and the loop is reported, not walked forever.
    let (code, stderr, g) = build(w, &["--follow-links"]);
    assert!(code == 0 || code == 3, "{stderr}");
    assert!(stderr.contains("outside the wiki"), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "link-out")
    );
}

#[cfg(target_os = "linux")]
#[test]
fn unreadable_file_exits_3_and_the_rest_is_built() {
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    fs::write(w.join("a.md"), "[[b]]").unwrap();
    fs::write(w.join("b.md"), "# B").unwrap();
    // Permission bits do not stop root, so the unreadable file is a link to
    // a file that fails on read (EIO), read with --follow-links.
    std::os::unix::fs::symlink("/proc/self/mem", w.join("broken.md")).unwrap();
    let (code, stderr, g) = build(w, &["--follow-links"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("broken.md") && stderr.contains("cannot read"),
        "{stderr}"
    );
    assert_eq!(g["graph"]["pages"], 2, "found 3 files, 1 unreadable");
    assert!(edge(&g, "a", "mentions", "b"));
}

#[test]
fn huge_inputs_finish() {
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    let line = "Prose about [[Weibo]] and [[Douyin|抖音]] with `code` and more words.\n";
    fs::write(w.join("big.md"), line.repeat(50_000_000 / line.len())).unwrap();
    let many: Vec<String> = (0..200_000).map(|i| format!("[[P{i}]] (n{i})")).collect();
    fs::write(
        w.join("links.md"),
        format!(
            "## Connections\n- **Complements**: {}\n- {}\n- **Uses**: {}\n",
            many.join(", "),
            // A label after each target, and emphasis that labels nothing.
            (0..100_000)
                .map(|i| format!("**Extends**: [[Q{i}]]"))
                .collect::<Vec<_>>()
                .join(" "),
            "[[R]] **x** ".repeat(100_000)
        ),
    )
    .unwrap();
    fs::write(w.join("long-line.md"), "x".repeat(10_000_000)).unwrap();
    fs::write(
        w.join("brackets.md"),
        "[".repeat(2_000_000) + "\n" + &"[[".repeat(1_000_000) + "\n" + &"[a](".repeat(200_000),
    )
    .unwrap();
    // Math openers that nothing closes, on many lines and on one.
    fs::write(
        w.join("math.md"),
        "$$ [[a]] $ b\n".repeat(300_000)
            + &"$$ ".repeat(1_000_000)
            + "\n"
            + &"$x ".repeat(1_000_000),
    )
    .unwrap();
    // Clauses, and links to no page, on long connection lines.
    fs::write(
        w.join("clauses.md"),
        format!(
            "## Connections\n- **Uses**: [[a]]{}\n- **Uses**: foo — {}\n- **Uses**: foo, {}\n- {} {}\n",
            ", but [[b]]".repeat(100_000),
            "[[a]] [t](d/) ".repeat(100_000),
            "[t](https://x.y) [u](d/) ".repeat(40_000),
            // A long emphasised lead before many links: the lead is read
            // once, not once per link.
            "*".repeat(300_000),
            "[[p]] x ".repeat(30_000),
        ),
    )
    .unwrap();
    let (code, stderr, g) = build(w, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(g["graph"]["pages"], 6);
    // No `$$` line closes: the links are read as written.
    assert!(edge(&g, "math", "mentions", "missing:a"));
    let edges = |relation: &str| {
        g["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["relation"] == relation)
            .count()
    };
    assert_eq!(edges("complements"), 200_000);
    assert_eq!(edges("extends"), 100_000);
}

/// Frontmatter nested thousands of levels deep once overflowed the stack
/// (an abort, the whole run lost) or took memory in the square of its
/// depth. It is refused with its file and line, and the page and its body
/// are still built; nesting a reader can afford is read.
#[test]
fn deep_frontmatter_is_refused_where_it_gets_too_deep() {
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    let body = "---\nBody links [[other]].\n";
    fs::write(
        w.join("flow.md"),
        format!(
            "---\ntitle: Flow\nk: {}{}\n{body}",
            "[".repeat(50_000),
            "]".repeat(50_000)
        ),
    )
    .unwrap();
    fs::write(
        w.join("braces.md"),
        format!(
            "---\nk: {}1{}\n{body}",
            "{a: ".repeat(50_000),
            "}".repeat(50_000)
        ),
    )
    .unwrap();
    let indented: String = (0..300)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    fs::write(w.join("indented.md"), format!("---\n{indented}{body}")).unwrap();
    fs::write(
        w.join("fine.md"),
        format!(
            "---\ntitle: Fine\nk: {}x{}\n{body}",
            "[".repeat(100),
            "]".repeat(100)
        ),
    )
    .unwrap();
    fs::write(w.join("other.md"), "# Other\n").unwrap();
    let (code, stderr, g) = build(w, &[]);
    assert_eq!(code, 0, "{stderr}");
    let refused = "frontmatter nested deeper than 128 levels: not read";
    for at in ["flow.md:3:", "braces.md:2:", "indented.md:131:"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(at) && l.contains(refused)),
            "{at} not reported: {stderr}"
        );
    }
    assert!(!stderr.contains("fine.md"), "{stderr}");
    assert_eq!(g["graph"]["pages"], 5);
    for page in ["flow", "braces", "indented", "fine"] {
        assert!(edge(&g, page, "mentions", "other"), "{page}: body lost");
    }
    // Refused frontmatter is not read at all: `flow` keeps no title.
    assert_eq!(label(&g, "flow"), Some(Value::from("flow")));
    assert_eq!(label(&g, "fine"), Some(Value::from("Fine")));
}

/// YAML aliases of aliases (the "billion laughs"): a frontmatter of 600
/// bytes once made the full YAML reader copy lists until the process ran
/// out of memory, every page lost. It is refused where its aliases pass
/// the limit, the page and its body still built; a frontmatter that reuses
/// a value a few times is read.
#[test]
fn aliases_that_multiply_are_refused() {
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    let body = "---\nBody links [[other]].\n";
    let mut laughs = String::from("---\ntitle: Laughs\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    fs::write(w.join("laughs.md"), format!("{laughs}{body}")).unwrap();
    fs::write(
        w.join("reuse.md"),
        format!("---\ntitle: Reuse\nbase: &b {{a: 1}}\none: *b\ntwo: *b\ntags: [x]\n{body}"),
    )
    .unwrap();
    fs::write(w.join("other.md"), "# Other\n").unwrap();
    let (code, stderr, g) = build(w, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.contains("laughs.md:7:")
            && l.contains("frontmatter aliases expand to more than 100000 values")),
        "not reported: {stderr}"
    );
    assert!(!stderr.contains("reuse.md"), "{stderr}");
    assert_eq!(g["graph"]["pages"], 3);
    for page in ["laughs", "reuse"] {
        assert!(edge(&g, page, "mentions", "other"), "{page}: body lost");
    }
    assert_eq!(label(&g, "laughs"), Some(Value::from("laughs")));
    assert_eq!(label(&g, "reuse"), Some(Value::from("Reuse")));
}

/// Frontmatter entries whose names are not written as they read
/// (`"\x70"` is `p`) are not found in the text, and each search for one
/// read the rest of the frontmatter: 80,000 of them took minutes. They are
/// all read, in time; the entries around them keep their lines.
#[test]
fn escaped_frontmatter_entries_are_read_in_time() {
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    let n = 40_000;
    let escaped = |key: &str, target: &str, rel: &str| -> String {
        (0..n)
            .map(|i| format!("  - {{{target}: \"\\x70{i}\", {key}: cites}}\n"))
            .chain([format!("  - {{{target}: last, {key}: {rel}}}\n")])
            .collect()
    };
    fs::write(
        w.join("rel.md"),
        format!(
            "---\nrelationships:\n  - {{target: first, type: uses}}\n{}---\n",
            escaped("type", "target", "extends")
        ),
    )
    .unwrap();
    fs::write(
        w.join("esc.md"),
        format!(
            "---\nrelated:\n  - {{id: first, rel: uses}}\n{}---\n",
            escaped("rel", "id", "extends")
        ),
    )
    .unwrap();
    let (code, stderr, g) = build(w, &[]);
    assert_eq!(code, 0, "{stderr}");
    let links = g["links"].as_array().unwrap();
    for page in ["rel", "esc"] {
        let cites = links
            .iter()
            .filter(|l| l["source"] == page && l["relation"] == "cites")
            .count();
        assert_eq!(cites, n, "{page}");
        // A plain name under `relationships:` is a page's name, under
        // another key text; here no page has it either way.
        assert!(
            edge(&g, page, "extends", "missing:last") || edge(&g, page, "extends", "unlinked:last"),
            "{page}"
        );
        let first = links
            .iter()
            .find(|l| l["source"] == page && l["relation"] == "uses")
            .unwrap();
        assert_eq!(first["line"], 3, "{page}");
    }
}

/// Shapes that once took time in the square (or cube) of their size,
/// found by a fuzzing hunt, each large enough that the old reading took
/// minutes, and a line of labels that once overflowed the stack: one
/// wiki of them all is built in time, every page kept.
#[test]
fn repeated_shapes_take_linear_time() {
    let wiki = tempfile::tempdir().unwrap();
    let w = wiki.path();
    let many = |s: &str, n: usize| s.repeat(n);
    let pages: Vec<(&str, String)> = vec![
        // `[Source: …]` markers among many links.
        ("markers", many("[Source: [[a]]] ", 200_000)),
        // Many `[title](url)` on one source line.
        (
            "urls",
            format!("## Sources\n- {}", many("[t](https://y.z) ", 200_000)),
        ),
        // A long table row under a connection heading.
        (
            "table",
            format!("## Related\n| a |\n|---|\n| {}", many("[[x]] | ", 8_000)),
        ),
        // Logseq names, each new.
        (
            "aliases",
            (0..200_000).map(|i| format!("alias:: a{i}\n")).collect(),
        ),
        // Lines under a source bullet.
        (
            "said",
            format!("## Sources\n- x\n{}", many("  - y\n", 400_000)),
        ),
        // Bracketed fields that never close.
        ("fields", many("[x:: ", 200_000)),
        // Empty links.
        ("empty", many("[[]]", 400_000)),
        // A long unknown relation label, written three ways.
        (
            "label",
            format!(
                "## Connections\n- **{a}**: [[x]]\n- **{a}**: [[y]]\n- **{b}b**: [[z]]\n",
                a = "a".repeat(64_000),
                b = "a".repeat(63_999)
            ),
        ),
        // Code spans each followed by a colon, which nested a reading each.
        (
            "labels",
            format!("## Sources\n- **Repo**: {}y", many("`x`: ", 30_000)),
        ),
        // Backtick runs of every length in a label, none closed.
        (
            "backticks",
            format!(
                "## Connections\n- **L {}**: [[x]]\n",
                (1..4_000)
                    .map(|i| "`".repeat(i))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
    ];
    for (name, text) in &pages {
        fs::write(w.join(format!("{name}.md")), text).unwrap();
    }
    let (code, stderr, g) = build(w, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(g["graph"]["pages"], pages.len());
    assert!(edge(&g, "markers", "cites", "missing:a"));
    assert!(edge(&g, "table", "related", "missing:x"));
    let aliases = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "aliases")
        .map(|n| n["aliases"].as_array().map_or(0, Vec::len));
    assert_eq!(aliases, Some(200_000));
}
