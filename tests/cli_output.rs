//! Human output: colour only when asked or on a terminal (NO_COLOR wins over
//! CLICOLOR_FORCE), `--quiet` and `--verbose`, paths relative to where the
//! user stands, no progress bar in pipes.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn wiki(root: &Path) {
    let w = root.join("wiki");
    fs::create_dir_all(w.join("notes")).unwrap();
    fs::write(
        w.join("index.md"),
        "# Home\n\nSee [[Alpha]] and [[Nowhere]].\n",
    )
    .unwrap();
    fs::write(
        w.join("notes/Alpha.md"),
        "# Alpha\n\nAn empty link [[]] here.\n\n## Connections\n- **Complements**: [[index]]\n",
    )
    .unwrap();
    fs::write(w.join("notes/Lonely.md"), "# Lonely\n").unwrap();
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(root: &Path, env: &[(&str, &str)], args: &[&str]) -> Out {
    let mut cmd = Command::cargo_bin("wikigraph").unwrap();
    cmd.current_dir(root)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const ESC: char = '\x1b';

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let root = dir.path();
    // A pipe: no colour.
    let plain = run(root, &[], &["check"]);
    assert!(!plain.stdout.contains(ESC) && !plain.stderr.contains(ESC));
    // Forced: colour, on both streams, and the same text once stripped.
    let always = run(root, &[], &["--color", "always", "check"]);
    assert!(always.stdout.contains(ESC), "{}", always.stdout);
    assert_eq!(strip(&always.stdout), plain.stdout);
    let diag = run(root, &[], &["--color", "always", "-v", "stats"]);
    assert!(diag.stderr.contains("\x1b[33m"), "{}", diag.stderr);
    // CLICOLOR_FORCE colours a pipe; NO_COLOR overrides it.
    let forced = run(root, &[("CLICOLOR_FORCE", "1")], &["check"]);
    assert!(forced.stdout.contains(ESC));
    let no = run(
        root,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &["check"],
    );
    assert!(!no.stdout.contains(ESC), "{}", no.stdout);
    let never = run(
        root,
        &[("CLICOLOR_FORCE", "1")],
        &["--color", "never", "check"],
    );
    assert!(!never.stdout.contains(ESC));
    // JSON is never coloured.
    let json = run(root, &[], &["--color", "always", "--json", "check"]);
    assert!(!json.stdout.contains(ESC));
    serde_json::from_str::<serde_json::Value>(&json.stdout).unwrap();
}

/// Removes ANSI escape sequences.
fn strip(s: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in s.chars() {
        match (esc, c) {
            (_, ESC) => esc = true,
            (true, 'm') => esc = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}

#[test]
fn quiet_and_verbose() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let root = dir.path();

    // Normal: reports count the diagnostics and say how to list them.
    let normal = run(root, &[], &["orphans"]);
    assert_eq!(
        normal.stderr, "1 warning, 0 errors reading the wiki (-v lists them)\n",
        "{}",
        normal.stderr
    );
    assert!(normal.stdout.contains("entry points, never orphans: index"));
    // Verbose: every diagnostic with its file and line, the configuration
    // and load figures.
    let verbose = run(root, &[], &["-v", "orphans"]);
    assert!(
        verbose
            .stderr
            .contains("wiki/notes/Alpha.md:3:15: warning: empty link"),
        "{}",
        verbose.stderr
    );
    assert!(verbose.stderr.contains("configuration: none"));
    assert!(verbose.stderr.contains("read 3 files"));
    assert_eq!(verbose.stdout, normal.stdout);
    // Quiet: nothing on stderr, no hint line.
    let quiet = run(root, &[], &["-q", "orphans"]);
    assert_eq!(quiet.stderr, "");
    assert!(!quiet.stdout.contains("entry points"));

    // check -q prints finding lines only, compiler style, and still fails.
    let q = run(root, &[], &["-q", "check", "--deny", "missing"]);
    assert_eq!(q.code, 1);
    assert_eq!(q.stderr, "");
    assert!(!q.stdout.is_empty());
    for line in q.stdout.lines() {
        assert!(line.starts_with("wiki/"), "{line}");
        let (_, rest) = line.split_once(": ").unwrap();
        assert!(
            rest.split(':')
                .next()
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_'),
            "{line}"
        );
    }
    let normal = run(root, &[], &["check", "--deny", "missing"]);
    assert!(
        normal.stdout.contains("3 pages checked: "),
        "{}",
        normal.stdout
    );
    assert!(
        normal
            .stdout
            .contains("failed: denied findings (missing): exit status 1")
    );

    let both = run(root, &[], &["-q", "-v", "stats"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}

#[test]
fn paths_are_relative_to_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let root = dir.path();
    let abs = root.join("wiki").canonicalize().unwrap();
    let abs = abs.to_str().unwrap();
    // Given as an absolute path, the wiki is still shown as `wiki/…` from
    // its parent, and as written from a sibling folder: outside the current
    // directory, what a command prints must not depend on where it runs.
    let here = run(root, &[], &["--wiki", abs, "check"]);
    assert!(
        here.stdout.contains("\nwiki/index.md:3: missing: "),
        "{}",
        here.stdout
    );
    assert!(!here.stdout.contains(abs));
    fs::create_dir(root.join("elsewhere")).unwrap();
    let there = run(
        &root.join("elsewhere"),
        &[],
        &["--wiki", abs, "-v", "stats"],
    );
    assert!(
        there
            .stderr
            .contains(&format!("\n{abs}/notes/Alpha.md:3:15: warning")),
        "{}",
        there.stderr
    );
    // A relative --wiki is kept as given, without `./`.
    let dot = run(root, &[], &["--wiki", "./wiki", "show", "Alpha"]);
    assert!(
        dot.stdout.contains("file  wiki/notes/Alpha.md"),
        "{}",
        dot.stdout
    );
}

#[test]
fn no_progress_bar_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("wiki");
    fs::create_dir_all(&w).unwrap();
    // More pages than the bar's threshold.
    for i in 0..2100 {
        fs::write(
            w.join(format!("p{i}.md")),
            format!("# P{i}\n[[p{}]]\n", i + 1),
        )
        .unwrap();
    }
    for env in [vec![], vec![("CI", "1")]] {
        let out = run(dir.path(), &env, &["stats"]);
        assert_eq!(out.code, 0);
        assert_eq!(out.stderr, "", "a pipe got: {:?}", out.stderr);
        assert!(out.stdout.contains("2100  page"), "{}", out.stdout);
    }
}

#[test]
fn build_summary_as_json_matches_the_export() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let o = run(dir.path(), &[], &["--json", "build", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let g: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/graph.json")).unwrap())
            .unwrap();
    assert_eq!(s["pages"], 3);
    assert_eq!(
        s["nodes"].as_u64(),
        Some(g["nodes"].as_array().unwrap().len() as u64)
    );
    assert_eq!(
        s["edges"].as_u64(),
        Some(g["links"].as_array().unwrap().len() as u64)
    );
    assert_eq!(s["missing"], 1);
    assert_eq!(s["relations"]["complements"], 1);
    assert_eq!(s["files"].as_array().unwrap().len(), 4);
}

#[test]
fn a_dash_output_is_stdout_and_a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let to_stdout = run(dir.path(), &[], &["export", "--format", "json", "-o", "-"]);
    assert_eq!(to_stdout.code, 0, "{}", to_stdout.stderr);
    let v: serde_json::Value = serde_json::from_str(&to_stdout.stdout).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 4);
    assert!(!dir.path().join("-").exists(), "wrote a file named `-`");

    let nowhere = run(
        dir.path(),
        &[],
        &["export", "--format", "json", "-o", "gone/graph.json"],
    );
    assert_ne!(nowhere.code, 0);
    assert!(
        nowhere
            .stderr
            .contains("cannot write `gone/graph.json`: no folder `gone`"),
        "{}",
        nowhere.stderr
    );
    assert!(
        !nowhere.stderr.contains(".wikigraph-"),
        "{}",
        nowhere.stderr
    );
}

/// The binary ends its process without the C library's exit handlers
/// (`wikigraph::process::exit`): what it wrote must still all be out, and
/// its status kept.
#[test]
fn output_is_complete_and_status_kept_at_exit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let w = root.join("wiki");
    fs::create_dir_all(&w).unwrap();
    // Enough pages that the export is many times a pipe's buffer.
    for i in 0..400 {
        fs::write(
            w.join(format!("p{i}.md")),
            format!(
                "# Page {i}\n\nSee [[p{}]] and [[Nowhere {i}]].\n",
                (i + 1) % 400
            ),
        )
        .unwrap();
    }
    let piped = run(root, &[], &["export", "--format", "json"]);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    let file = root.join("g.json");
    let written = run(
        root,
        &[],
        &["export", "--format", "json", "-o", file.to_str().unwrap()],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    let expected = fs::read_to_string(&file).unwrap();
    assert!(expected.len() > 128 * 1024, "{}", expected.len());
    assert_eq!(piped.stdout, expected);
    // A denied finding fails the run, after the whole report.
    let denied = run(root, &[], &["check", "--deny", "missing"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    assert_eq!(denied.stdout.matches("has no page").count(), 400);
    assert!(denied.stdout.ends_with('\n'));
}
