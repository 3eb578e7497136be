//! Shell completions load in their shell and complete commands and flags;
//! the man pages render.

use assert_cmd::Command;
use std::path::PathBuf;
use std::process::Command as Process;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("wikigraph")
}

fn stdout(args: &[&str]) -> String {
    let out = Command::new(bin()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// True when `program` runs; otherwise the test prints that it skipped, or
/// fails when CI is set.
fn have(program: &str) -> bool {
    let found = Process::new(program).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{program}` is not installed (needed in CI)"
        );
        eprintln!("skipped: `{program}` is not installed");
    }
    found
}

#[test]
fn bash_completion_loads_and_completes() {
    if !have("bash") {
        return;
    }
    let dir = bin().parent().unwrap().to_owned();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = r#"
source <(wikigraph completions bash) || exit 10
complete -p wikigraph || exit 11
# What bash would offer after `wikigraph re<TAB>` and `wikigraph check --de<TAB>`.
COMP_WORDS=(wikigraph re); COMP_CWORD=1
_wikigraph wikigraph re wikigraph
echo "commands: ${COMPREPLY[*]}"
COMP_WORDS=(wikigraph check --de); COMP_CWORD=2
_wikigraph wikigraph --de check
echo "flags: ${COMPREPLY[*]}"
COMP_WORDS=(wikigraph --color ''); COMP_CWORD=2
_wikigraph wikigraph '' --color
echo "values: ${COMPREPLY[*]}"
"#;
    let out = Process::new("bash")
        .arg("-c")
        .arg(script)
        .env("PATH", path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("-F _wikigraph wikigraph"), "{text}");
    assert!(text.contains("commands: reach"), "{text}");
    assert!(text.contains("flags: --deny"), "{text}");
    assert!(text.contains("values: auto always never"), "{text}");
}

#[test]
fn zsh_and_fish_scripts() {
    let zsh = stdout(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef wikigraph"), "{zsh}");
    assert!(
        zsh.contains("'*--deny=[Exit 1 when a finding of this kind exists"),
        "{zsh}"
    );
    assert!(
        zsh.contains("unknown_relation\\:"),
        "kinds are completed: {zsh}"
    );
    let fish = stdout(&["completions", "fish"]);
    assert!(
        fish.contains(
            "complete -c wikigraph -n \"__fish_wikigraph_needs_command\" -f -a \"reach\""
        ),
        "{fish}"
    );
    // Check the syntax where the shells are installed.
    for (shell, script) in [("zsh", &zsh), ("fish", &fish)] {
        if Process::new(shell).arg("--version").output().is_err() {
            eprintln!("skipped: `{shell}` is not installed; syntax not checked");
            continue;
        }
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), script).unwrap();
        let ok = Process::new(shell)
            .arg("-n")
            .arg(file.path())
            .status()
            .unwrap();
        assert!(ok.success(), "{shell} -n rejects the script");
    }
}

#[test]
fn man_pages_render() {
    let page = stdout(&["man"]);
    for part in [
        ".TH wikigraph 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        "wikigraph\\-check(1)",
        "Exit status:",
    ] {
        assert!(page.contains(part), "missing {part:?}");
    }
    assert!(!page.contains("wikigraph\\-help(1)"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    stdout(&["man", "--out", out.to_str().unwrap()]);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in [
        "wikigraph.1",
        "wikigraph-check.1",
        "wikigraph-reach.1",
        "wikigraph-init.1",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");

    // Render with groff where it is installed: no warnings, and the text
    // holds the sections.
    if !have("groff") {
        return;
    }
    for name in ["wikigraph.1", "wikigraph-check.1"] {
        let r = Process::new("groff")
            .args(["-man", "-Tutf8", "-ww"])
            .arg(out.join(name))
            .output()
            .unwrap();
        assert!(r.status.success());
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.is_empty(), "{name}: groff warns: {err}");
        // Drop the overstrikes (`N\x08N`) terminals use for bold.
        let mut text = String::new();
        for c in String::from_utf8_lossy(&r.stdout).chars() {
            if c == '\x08' {
                text.pop();
            } else {
                text.push(c);
            }
        }
        assert!(text.contains("NAME") && text.contains("SYNOPSIS"), "{text}");
    }
}
