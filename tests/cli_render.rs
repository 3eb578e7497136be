//! `render`: the diagram of one node's neighbourhood through Graphviz, a
//! plain message on how to install Graphviz when it is missing, DOT without
//! it.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// Alpha complements Beta and mentions Gamma; Beta flows to Delta.
fn wiki(root: &Path) {
    let w = root.join("wiki");
    fs::create_dir_all(&w).unwrap();
    fs::write(
        w.join("Alpha.md"),
        "# Alpha\n\nSee [[Gamma]].\n\n## Connections\n- **Complements**: [[Beta]]\n",
    )
    .unwrap();
    fs::write(
        w.join("Beta.md"),
        "# Beta\n\n## Connections\n- **Flows to**: [[Delta]]\n",
    )
    .unwrap();
    fs::write(w.join("Gamma.md"), "# Gamma\n").unwrap();
    fs::write(w.join("Delta.md"), "# Delta 微信\n").unwrap();
}

fn run(root: &Path, path_env: Option<&str>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("wikigraph").unwrap();
    cmd.current_dir(root).args(args);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn have_dot() -> bool {
    let ok = std::process::Command::new("dot").arg("-V").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` is not installed (needed in CI)"
        );
        eprintln!("skipped: Graphviz `dot` is not installed");
    }
    ok
}

/// The node ids a DOT file declares (`"Alpha"["label"=…]`).
fn dot_nodes(dot: &str) -> Vec<String> {
    let mut v: Vec<String> = dot
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("[label=") && !l.contains("->"))
        .filter_map(|l| l.strip_prefix('"')?.split('"').next().map(str::to_owned))
        .collect();
    v.sort();
    v
}

#[test]
fn without_graphviz_it_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let (code, stdout, stderr) = run(
        dir.path(),
        Some(""),
        &["render", "--from", "Alpha", "-o", "a.svg"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("Graphviz is not installed"), "{stderr}");
    assert!(stderr.contains("sudo apt install graphviz"), "{stderr}");
    assert!(stderr.contains("brew install graphviz"), "{stderr}");
    assert!(stderr.contains("-o a.dot"), "{stderr}");
    assert!(!dir.path().join("a.svg").exists());
    // No stray temporary file either.
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [std::ffi::OsString::from("wiki")]);

    // DOT needs no Graphviz.
    let (code, stdout, stderr) = run(
        dir.path(),
        Some(""),
        &["render", "--from", "Alpha", "-o", "a.dot"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "wrote a.dot: 3 nodes, 2 edges around Alpha (depth 1, links both ways)\n"
    );
    let dot = fs::read_to_string(dir.path().join("a.dot")).unwrap();
    assert_eq!(dot_nodes(&dot), ["Alpha", "Beta", "Gamma"]);
}

#[test]
fn the_neighbourhood_follows_depth_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let nodes = |args: &[&str]| {
        let mut a = vec!["render", "-o", "n.dot"];
        a.extend_from_slice(args);
        let (code, _, stderr) = run(dir.path(), None, &a);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        dot_nodes(&fs::read_to_string(dir.path().join("n.dot")).unwrap())
    };
    assert_eq!(
        nodes(&["--from", "Alpha", "--no-mentions"]),
        ["Alpha", "Beta"]
    );
    assert_eq!(
        nodes(&["--from", "Alpha", "--depth", "2", "--no-mentions"]),
        ["Alpha", "Beta", "Delta"]
    );
    // Both ways by default: Delta's neighbourhood reaches back to Beta.
    assert_eq!(nodes(&["--from", "Delta"]), ["Beta", "Delta"]);
    assert_eq!(nodes(&["--from", "Delta", "--direction", "out"]), ["Delta"]);
    assert_eq!(
        nodes(&[
            "--from",
            "Alpha",
            "--depth",
            "2",
            "--relation",
            "complements"
        ]),
        ["Alpha", "Beta"]
    );
    assert_eq!(nodes(&[]), ["Alpha", "Beta", "Delta", "Gamma"]);

    let (code, _, stderr) = run(dir.path(), None, &["render", "-o", "x.jpg"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("name it .svg, .png, .pdf or .dot"),
        "{stderr}"
    );
    let (code, _, stderr) = run(
        dir.path(),
        None,
        &["render", "--from", "Nobody", "-o", "x.svg"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no node named `Nobody`"), "{stderr}");
}

#[test]
fn graphviz_draws_svg_and_png() {
    if !have_dot() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    wiki(dir.path());
    let (code, stdout, stderr) = run(
        dir.path(),
        None,
        &["render", "--from", "Beta", "-o", "b.svg"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("wrote b.svg: 3 nodes, 2 edges"),
        "{stdout}"
    );
    assert_eq!(stderr, "", "Graphviz warned");
    let svg = fs::read_to_string(dir.path().join("b.svg")).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    for label in ["Alpha", "Beta", "Delta 微信", "Complements", "Flows to"] {
        assert!(svg.contains(&format!(">{label}<")), "{label} not drawn");
    }
    assert!(!svg.contains(">Gamma<"));

    let (code, _, stderr) = run(
        dir.path(),
        None,
        &["-q", "render", "--from", "Beta", "-o", "b.png"],
    );
    assert_eq!(code, 0, "{stderr}");
    let png = fs::read(dir.path().join("b.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join("b.png"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o644, 0o644, "{mode:o}");
    }
}
