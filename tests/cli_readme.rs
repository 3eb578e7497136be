//! The README's commands run as written and print what it shows: every
//! ```console block is run from the crate root (`$ ` lines are commands, the
//! lines after them their output, stdout and stderr together, colour off),
//! and the configuration examples it shows are the real ones.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The body of every fenced block whose info string is `lang`.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim_end() == format!("```{lang}") => current = Some(String::new()),
            Some(body) if line.trim_end() == "```" => {
                out.push(std::mem::take(body));
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Timings differ from run to run.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with('s') {
            out.push_str("N.NNs");
            rest = &rest[digits + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// True when `program` runs; fails when it does not and `CI` is set.
fn have(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok()
        || Command::new(program).arg("-V").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "`{program}` is not installed (needed in CI)"
    );
    found
}

fn bin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("wikigraph")
        .parent()
        .unwrap()
        .to_owned()
}

#[test]
fn console_blocks_print_what_they_show() {
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let text = readme();
    let all = blocks(&text, "console");
    assert!(all.len() >= 10, "only {} console blocks", all.len());
    let mut failures = Vec::new();
    for block in all {
        // Blocks that need Graphviz or Python run where they are installed
        // (always in CI).
        let needs = [
            ("python3", block.contains("python3")),
            (
                "dot",
                block.contains(" render ") && !block.contains("PATH= "),
            ),
        ];
        if let Some((program, _)) = needs.iter().find(|(p, needed)| *needed && !have(p)) {
            eprintln!("skipped a block: `{program}` is not installed:\n{block}");
            continue;
        }
        let mut shown = String::new();
        let mut got = String::new();
        for line in block.lines() {
            shown.push_str(line);
            shown.push('\n');
            if let Some(cmd) = line.strip_prefix("$ ") {
                let out = Command::new("sh")
                    .arg("-c")
                    .arg(format!("{{ {cmd} ; }} 2>&1"))
                    .current_dir(root())
                    .env("PATH", &path)
                    .env("NO_COLOR", "1")
                    .env_remove("CLICOLOR_FORCE")
                    .output()
                    .unwrap();
                got.push_str(line);
                got.push('\n');
                got.push_str(&String::from_utf8_lossy(&out.stdout));
            }
        }
        if normalise(&got) != normalise(&shown) {
            failures.push(format!(
                "README shows:\n{shown}\nbut the commands print:\n{got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} README block(s) are out of date (rerun the commands and paste their output):\n\n{}",
        failures.len(),
        failures.join("\n----\n")
    );
}

#[test]
fn configuration_examples_are_the_real_ones() {
    let text = readme();
    let toml = blocks(&text, "toml");
    assert!(
        toml.iter().any(|b| b == wikigraph::config::EXAMPLE),
        "README's commented example is not what `wikigraph init` writes"
    );
    let sample = std::fs::read_to_string(root().join("docs/sample-wikigraph.toml")).unwrap();
    assert!(toml.contains(&sample));
    // Every key of the schema is documented in the key table.
    for (section, keys) in wikigraph::config::SCHEMA {
        if section.is_empty() {
            continue;
        }
        let prefix = section.replace("NAME", "KEY");
        for key in *keys {
            let cell = format!("| `{prefix}.{key}` |");
            assert!(text.contains(&cell), "README does not document {cell}");
        }
    }
}
