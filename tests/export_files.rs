//! Export files: a failed run leaves the previous exports intact (a write
//! that fails mid-file, a target that cannot be replaced); files get the
//! permissions of any new file; outputs are byte-identical across runs and
//! thread counts; and the committed `exports/` is what the code writes for
//! `wiki/`.

#[path = "support/common.rs"]
mod common;

use assert_cmd::Command;
use common::*;
use std::fs;
use std::path::Path;

const FILES: [&str; 4] = ["graph.json", "graph.dot", "graph.graphml", "graph.jsonld"];

fn build(wiki: &Path, out: &Path, threads: &str) {
    Command::cargo_bin("wikigraph")
        .unwrap()
        .env("RAYON_NUM_THREADS", threads)
        .arg("--wiki")
        .arg(wiki)
        .arg("build")
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() {
                (format!("{name}/"), Vec::new())
            } else {
                (name, fs::read(e.path()).unwrap())
            }
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_build_that_fails_mid_write_leaves_the_previous_exports() {
    let sizes: Vec<u64> = FILES
        .iter()
        .map(|f| fs::metadata(root().join("exports").join(f)).unwrap().len())
        .collect();
    assert!(
        sizes[0] < 100 * 1024 && sizes[1] < 100 * 1024 && sizes[2] > 100 * 1024,
        "the limit below must fall inside graph.graphml: {sizes:?}"
    );
    let out = tempfile::tempdir().unwrap();
    build(&root().join("tests/fixtures/small/wiki"), out.path(), "2");
    let before = contents(out.path());
    // A 100 KiB file size limit (SIGXFSZ ignored, so writes fail with EFBIG):
    // the sample wiki's graph.json, graph.dot and graph.jsonld fit, its
    // graph.graphml (written third) does not, so the run fails part-way
    // through the set, after two files were completely written.
    let bin = assert_cmd::cargo::cargo_bin("wikigraph");
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 100; exec \"$0\" --wiki \"$1\" build --out \"$2\"")
        .arg(&bin)
        .arg(root().join("wiki"))
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2), "{status:?}");
    let err = String::from_utf8_lossy(&status.stderr);
    assert!(
        err.contains("the previous ones are left as they were"),
        "{err}"
    );
    assert_eq!(
        contents(out.path()),
        before,
        "previous exports intact, no temporary file left"
    );
}

#[test]
fn a_target_that_cannot_be_replaced_fails_cleanly() {
    let out = tempfile::tempdir().unwrap();
    build(&root().join("wiki"), out.path(), "2");
    // graph.dot is a folder now: the rename onto it fails.
    fs::remove_file(out.path().join("graph.dot")).unwrap();
    fs::create_dir(out.path().join("graph.dot")).unwrap();
    fs::write(out.path().join("graph.dot").join("keep"), "x").unwrap();
    let before = contents(out.path());
    let r = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(root().join("wiki"))
        .args(["export", "--format", "dot", "-o"])
        .arg(out.path().join("graph.dot"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("cannot write"));
    let after = contents(out.path());
    let names = |c: &[(String, Vec<u8>)]| c.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&before), "no temporary file left");
    for (n, bytes) in &before {
        if n != "graph.dot/" {
            assert_eq!(&fs::read(out.path().join(n)).unwrap(), bytes, "{n} intact");
        }
    }
    // An output folder under a file cannot be created.
    let file = out.path().join("graph.json");
    let r = Command::cargo_bin("wikigraph")
        .unwrap()
        .arg("--wiki")
        .arg(root().join("wiki"))
        .arg("build")
        .arg("--out")
        .arg(file.join("sub"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(fs::read(&file).unwrap(), before[2].1);
}

#[cfg(unix)]
#[test]
fn files_get_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let bin = assert_cmd::cargo::cargo_bin("wikigraph");
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = tempfile::tempdir().unwrap();
        let r = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; \"$0\" --wiki \"$1\" build --out \"$2\" && \"$0\" --wiki \"$1\" export --format cypher -o \"$2/graph.cypher\""
            ))
            .arg(&bin)
            .arg(root().join("wiki"))
            .arg(out.path())
            .output()
            .unwrap();
        assert!(r.status.success(), "{r:?}");
        for f in FILES.iter().chain(&["graph.cypher"]) {
            let m = fs::metadata(out.path().join(f))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(m, mode, "{f} under umask {umask}: {m:o}");
        }
    }
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let adv = adversarial();
    let mut wikis = vec![root().join("wiki"), adv.path().to_path_buf()];
    wikis.extend(corpora().into_iter().take(1));
    for wiki in &wikis {
        let mut runs = Vec::new();
        for threads in ["1", "2", "2"] {
            let out = tempfile::tempdir().unwrap();
            build(wiki, out.path(), threads);
            let mut c = contents(out.path());
            for format in ["cypher", "mermaid"] {
                let r = Command::cargo_bin("wikigraph")
                    .unwrap()
                    .env("RAYON_NUM_THREADS", threads)
                    .arg("--wiki")
                    .arg(wiki)
                    .args(["export", "--format", format])
                    .output()
                    .unwrap();
                assert!(r.status.success());
                c.push((format.to_owned(), r.stdout));
            }
            runs.push(c);
        }
        assert_eq!(runs[0].len(), FILES.len() + 2);
        for (i, r) in runs.iter().enumerate().skip(1) {
            for ((name_a, a), (name_b, b)) in runs[0].iter().zip(r) {
                assert_eq!(name_a, name_b);
                assert!(
                    a == b,
                    "{}: {name_a} differs between run 0 and run {i}",
                    name(wiki)
                );
            }
        }
    }
}

#[test]
fn committed_exports_are_what_the_code_writes() {
    let out = tempfile::tempdir().unwrap();
    build(&root().join("wiki"), out.path(), "2");
    let committed = root().join("exports");
    for f in FILES {
        let fresh = fs::read(out.path().join(f)).unwrap();
        let old = fs::read(committed.join(f)).unwrap_or_default();
        assert!(
            fresh == old,
            "exports/{f} is not what the current code writes for wiki/: run \
             `cargo run --release -- build` and commit exports/"
        );
    }
}

/// A wiki larger than one chunk of records (2,048) and one batch of chunks
/// (16 chunks), so that exports written in parallel chunks are checked
/// where chunks meet: every node and edge once, in order, whatever the
/// thread count; every fifth page has an attachment, written with it.
#[test]
fn exports_of_a_wiki_larger_than_a_batch_of_chunks_are_whole() {
    let wiki = tempfile::tempdir().unwrap();
    let pages = 2600;
    for i in 0..pages {
        let mut text = format!("---\ntitle: Page {i}\ntype: entity\n---\n# Page {i}\n\n");
        for k in 1..=14 {
            text.push_str(&format!("See [[p{}]]. ", (i * 7 + k * 13) % (pages + 50)));
        }
        if i % 5 == 0 {
            text.push_str(&format!("\n\n![[fig {i}.png]]"));
        }
        text.push_str(&format!(
            "\n\n## Connections\n- **Complements**: [[p{}]] (note \"{i}\")\n",
            (i + 1) % pages
        ));
        fs::write(wiki.path().join(format!("p{i}.md")), text).unwrap();
    }
    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let out = tempfile::tempdir().unwrap();
        build(wiki.path(), out.path(), threads);
        runs.push(contents(out.path()));
    }
    assert_eq!(runs[0], runs[1], "exports differ between 1 and 2 threads");
    let file = |name: &str| {
        runs[0]
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap()
    };

    let json: serde_json::Value = serde_json::from_str(&file("graph.json")).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let links = json["links"].as_array().unwrap();
    assert_eq!(
        nodes.len(),
        json["graph"]["nodes"].as_u64().unwrap() as usize
    );
    assert_eq!(
        links.len(),
        json["graph"]["edges"].as_u64().unwrap() as usize
    );
    assert!(nodes.len() > 2048 && links.len() > 2048 * 16);
    // Pages first, in id order, each once.
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let mut sorted = ids[..pages].to_vec();
    sorted.sort();
    assert_eq!(ids[..pages], sorted[..]);
    assert_eq!(
        ids.iter().collect::<std::collections::BTreeSet<_>>().len(),
        ids.len()
    );
    // Each page's attachment is on its own node.
    let with: Vec<(&str, &serde_json::Value)> = nodes
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n.get("attachments")?)))
        .collect();
    assert_eq!(with.len(), pages.div_ceil(5));
    for (id, list) in with {
        let i: usize = id[1..].parse().unwrap();
        assert_eq!(list, &serde_json::json!([format!("fig {i}.png")]), "{id}");
    }

    let jsonld: serde_json::Value = serde_json::from_str(&file("graph.jsonld")).unwrap();
    assert_eq!(
        jsonld["@graph"].as_array().unwrap().len(),
        nodes.len() + links.len()
    );
    let media: Vec<(&str, &serde_json::Value)> = jsonld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| Some((n["@id"].as_str()?, n.get("associatedMedia")?)))
        .collect();
    assert_eq!(media.len(), pages.div_ceil(5));
    for (iri, list) in media {
        let i: usize = iri["urn:wikigraph:p".len()..].parse().unwrap();
        assert_eq!(list, &serde_json::json!([format!("fig {i}.png")]), "{iri}");
    }

    // GraphML: n0… and e0… in order, as many as graph.json has.
    let graphml = file("graph.graphml");
    let mut reader = quick_xml::Reader::from_str(&graphml);
    let (mut n, mut e) = (0usize, 0usize);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(t) => {
                let id = t
                    .try_get_attribute("id")
                    .unwrap()
                    .map(|a| a.value.into_owned());
                match t.name().as_ref() {
                    "node" => {
                        assert_eq!(id.as_deref(), Some(format!("n{n}").as_str()));
                        n += 1;
                    }
                    "edge" => {
                        assert_eq!(id.as_deref(), Some(format!("e{e}").as_str()));
                        e += 1;
                    }
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((n, e), (nodes.len(), links.len()));
    assert_eq!(
        graphml.matches("<data key=\"n_attachments\">fig ").count(),
        pages.div_ceil(5)
    );

    // DOT: one statement per edge.
    let dot = file("graph.dot");
    assert_eq!(
        dot.lines().filter(|l| l.contains("\" -> \"")).count(),
        links.len()
    );
}
