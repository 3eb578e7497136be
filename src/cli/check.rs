//! `wikigraph check`: the full audit, printed like a compiler, failing on
//! the finding kinds the user denies.

use super::report::style;
use super::{Ctx, report, status};
use anstyle::Style;
use anyhow::{Result, bail};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use wikigraph::analysis::audit::{Finding, FindingKind, check};
use wikigraph::graph::WikiGraph;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Exit 1 when a finding of this kind exists (`all` for every kind);
    /// repeatable.
    #[arg(long = "deny", value_name = "KIND", value_parser = kinds())]
    deny: Vec<String>,
    /// Entry points for `unreachable`, instead of the built-in (index,
    /// overview, README or home at the wiki root) and configured ones;
    /// repeatable.
    #[arg(long = "root", value_name = "NODE")]
    roots: Vec<String>,
}

/// `all` and every finding kind, for `--deny` (and its completion); `-`
/// is accepted for `_`.
fn kinds() -> clap::builder::PossibleValuesParser {
    let mut values = vec![clap::builder::PossibleValue::new("all").help("every kind")];
    for k in FindingKind::ALL {
        let mut v = clap::builder::PossibleValue::new(k.as_str()).help(meaning(k));
        let dashed = match k {
            FindingKind::OneWay => Some("one-way"),
            FindingKind::UnknownRelation => Some("unknown-relation"),
            FindingKind::AmbiguousLink => Some("ambiguous-link"),
            FindingKind::ParseError => Some("parse-error"),
            _ => None,
        };
        if let Some(d) = dashed {
            v = v.alias(d);
        }
        values.push(v);
    }
    clap::builder::PossibleValuesParser::new(values)
}

#[derive(Serialize, Clone, Copy)]
struct Report<'a> {
    findings: &'a [Finding<'a>],
    counts: &'a BTreeMap<&'static str, usize>,
    entry_points: &'a [&'a str],
}

/// The report as pretty JSON with its final newline, as [`report::json`]
/// writes it, in pieces: the findings (tens of megabytes of JSON at
/// 100,000 pages) are serialized side by side, `chunk` at a time.
fn json_pieces(report: Report<'_>, chunk: usize) -> serde_json::Result<Vec<Vec<u8>>> {
    // The report without findings begins with the empty list, which the
    // findings then replace.
    let rest = serde_json::to_vec_pretty(&Report {
        findings: &[],
        ..report
    })?;
    const EMPTY: &[u8] = b"{\n  \"findings\": []";
    let (Some(tail), false) = (rest.strip_prefix(EMPTY), report.findings.is_empty()) else {
        let mut all = serde_json::to_vec_pretty(&report)?;
        all.push(b'\n');
        return Ok(vec![all]);
    };
    let mut pieces = vec![b"{\n  \"findings\": [".to_vec()];
    pieces.par_extend(
        report
            .findings
            .par_chunks(chunk.max(1))
            .enumerate()
            .map(|(i, findings)| {
                let mut out = Vec::with_capacity(findings.len() * 256);
                for (j, f) in findings.iter().enumerate() {
                    let first = i == 0 && j == 0;
                    out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                    let nested = Nested {
                        depth: 2,
                        has_value: false,
                    };
                    f.serialize(&mut serde_json::Serializer::with_formatter(
                        &mut out, nested,
                    ))?;
                }
                Ok(out)
            })
            .collect::<serde_json::Result<Vec<_>>>()?,
    );
    let mut end = b"\n  ]".to_vec();
    end.extend_from_slice(tail);
    end.push(b'\n');
    pieces.push(end);
    Ok(pieces)
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let mut denied = Vec::new();
    for d in &args.deny {
        if d == "all" {
            denied.extend(FindingKind::ALL);
        } else {
            match FindingKind::parse(d) {
                Some(k) => denied.push(k),
                None => bail!(
                    "unknown finding kind `{d}` (expected all, {})",
                    FindingKind::ALL.map(|k| k.as_str()).join(", ")
                ),
            }
        }
    }
    // The audit reports diagnostics as parse_error findings itself.
    let (g, _, code) = ctx.load_with(super::Diags::Findings)?;
    // The process ends with the command: freeing the graph is time spent on
    // nothing.
    let g = std::mem::ManuallyDrop::new(g);
    let entries = ctx.entry_points(&g, &args.roots, true)?;
    let findings = std::mem::ManuallyDrop::new(check(&g, &ctx.opts.vocab, &entries));
    // Findings come grouped by kind: a count per group, not per finding.
    let mut counts: BTreeMap<&'static str, usize> =
        FindingKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    for group in findings.chunk_by(|a, b| a.kind == b.kind) {
        *counts.entry(group[0].kind.as_str()).or_default() += group.len();
    }
    let failed = findings.iter().any(|f| denied.contains(&f.kind));
    if ctx.json {
        let entry_points: Vec<&str> = entries.iter().map(|&n| g.graph[n].id.as_str()).collect();
        let report = Report {
            findings: &findings,
            counts: &counts,
            entry_points: &entry_points,
        };
        report::write_stdout(&json_pieces(report, 1024)?)?;
    } else {
        print_human(ctx, &g, &findings, &counts, &denied, entries.is_empty());
    }
    Ok(if failed {
        status::FINDINGS.max(code)
    } else {
        code
    })
}

/// Findings as lines, `file:line: kind: message`, written straight into
/// `out` (a large wiki has hundreds of thousands).
fn finding_lines(ctx: &Ctx, findings: &[Finding<'_>], kind_style: Style, out: &mut report::Buffer) {
    // Findings come sorted by file: a file's shown path is made once per
    // run of its findings, and printed on each of their lines.
    let mut shown: Option<(&str, String)> = None;
    let mut line = itoa::Buffer::new();
    for f in findings {
        if let Some(file) = f.file {
            let path = match &shown {
                Some((rel, path)) if *rel == file => path,
                _ => &shown.insert((file, ctx.file(file))).1,
            };
            out.styled(style::PATH, path);
            if let Some(l) = f.line {
                out.styled(style::PLAIN, ":");
                out.styled(style::LINE, line.format(l));
            }
            out.styled(style::PLAIN, ": ");
        }
        out.styled(kind_style, f.kind.as_str());
        out.styled(style::PLAIN, ": ");
        out.styled(style::PLAIN, &f.message);
        out.end_line();
    }
}

/// What each kind of finding means, for the group headings.
fn meaning(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::ParseError => "input read in a degraded way",
        FindingKind::Missing => "links to pages that do not exist",
        FindingKind::AmbiguousLink => "links that match several pages",
        FindingKind::UnknownRelation => "relation labels outside the vocabulary",
        FindingKind::OneWay => "symmetric relations stated on one side only",
        FindingKind::Orphan => "pages no other page links to",
        FindingKind::Isolated => "pages with no link in or out",
        FindingKind::Unreachable => "pages the entry points do not lead to",
        FindingKind::Island => "pages outside the largest connected part",
        FindingKind::Uncited => "pages (not sources) that cite nothing",
    }
}

fn print_human(
    ctx: &Ctx,
    g: &WikiGraph,
    findings: &[Finding<'_>],
    counts: &BTreeMap<&'static str, usize>,
    denied: &[FindingKind],
    no_entries: bool,
) {
    // The report is written at the end, in the order of its pieces: a
    // wiki can have many findings.
    let mut pieces: Vec<report::Buffer> = Vec::new();
    let mut out = report::Buffer::default();
    let chatty = ctx.chatty();
    // Findings come grouped by kind: each group's heading, then its lines,
    // worded side by side in chunks.
    for (n_group, group) in findings.chunk_by(|a, b| a.kind == b.kind).enumerate() {
        let kind = group[0].kind;
        let is_denied = denied.contains(&kind);
        if chatty {
            let n = counts.get(kind.as_str()).copied().unwrap_or(0);
            let head = if is_denied {
                report::paint_stdout(style::ERROR, format!("{} ({n}, denied)", kind.as_str()))
            } else {
                report::paint_stdout(style::HEADING, format!("{} ({n})", kind.as_str()))
            };
            if n_group > 0 {
                out.line("");
            }
            out.line(format!(
                "{head}: {}",
                report::paint_stdout(style::DIM, meaning(kind))
            ));
        }
        let kind_style = if is_denied {
            style::ERROR
        } else {
            style::WARNING
        };
        pieces.push(std::mem::take(&mut out));
        pieces.par_extend(group.par_chunks(1024).map(|chunk| {
            let mut lines = report::Buffer::with_capacity(chunk.len() * 128);
            finding_lines(ctx, chunk, kind_style, &mut lines);
            lines
        }));
    }
    if !chatty {
        report::print(&pieces);
        return;
    }
    if !findings.is_empty() {
        out.line("");
    }
    let summary: Vec<String> = FindingKind::ALL
        .iter()
        .filter_map(|k| {
            let n = counts.get(k.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| {
                let st = if denied.contains(k) {
                    style::ERROR
                } else {
                    style::PLAIN
                };
                report::paint_stdout(st, format!("{n} {}", k.as_str()))
            })
        })
        .collect();
    let pages = format!(
        "{} page{} checked",
        g.page_count,
        super::plural(g.page_count)
    );
    if summary.is_empty() {
        out.line(format!(
            "{pages}: {}",
            report::paint_stdout(style::GOOD, "no findings")
        ));
    } else {
        out.line(format!("{pages}: {}", summary.join(", ")));
    }
    let failing: Vec<&str> = denied
        .iter()
        .filter(|k| counts.get(k.as_str()).copied().unwrap_or(0) > 0)
        .map(|k| k.as_str())
        .collect();
    if !failing.is_empty() {
        out.line(format!(
            "{}: denied findings ({}): exit status 1",
            report::paint_stdout(style::ERROR, "failed"),
            failing.join(", ")
        ));
    } else if denied.is_empty() && !findings.is_empty() {
        out.line(report::paint_stdout(
            style::DIM,
            "hint: --deny KIND (or --deny all) makes these findings fail the check",
        ));
    }
    if no_entries {
        out.line(report::paint_stdout(
            style::DIM,
            "no entry point (index, overview, README or home at the wiki root): `unreachable` was not checked; use --root or audit.entry_points",
        ));
    }
    pieces.push(out);
    report::print(&pieces);
}

/// serde_json's pretty format (two spaces a level) for a value that is
/// `depth` levels down in the document.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, b"\n")?;
        }
        w.write_all(bracket)
    }

    fn newline<W: ?Sized + Write>(&mut self, w: &mut W, text: &[u8]) -> std::io::Result<()> {
        w.write_all(text)?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At the top, the nested format is serde_json's pretty format, empty
    /// lists and objects included.
    #[test]
    fn nested_format_is_pretty_format() {
        let value = serde_json::json!({
            "a": [1, [], {}, {"b": [true, null, "x\ny"]}],
            "c": {},
            "d": [[[]]],
        });
        let mut out = Vec::new();
        let nested = Nested {
            depth: 0,
            has_value: false,
        };
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, nested,
            ))
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    /// The findings serialized in chunks make the same bytes as the whole
    /// report serialized at once.
    #[test]
    fn json_in_pieces_is_the_report_as_serde_json_writes_it() {
        let message = "`a` \"quoted\" \\ line\nnext\ttab é 微信 \u{1b}[31m".to_owned();
        let all: Vec<Finding> = (0..5u32)
            .map(|i| Finding {
                kind: FindingKind::ALL[i as usize],
                node: (i % 2 == 0).then_some("dir/page"),
                file: (i % 3 != 0).then_some("dir/page.md"),
                line: (i % 2 == 1).then_some(i),
                message: message.repeat(i as usize),
            })
            .collect();
        let counts: BTreeMap<&'static str, usize> = [("missing", 2), ("orphan", 0)].into();
        for n in 0..=all.len() {
            for entry_points in [&[][..], &["index", "home"][..]] {
                let report = Report {
                    findings: &all[..n],
                    counts: &counts,
                    entry_points,
                };
                let whole = serde_json::to_string_pretty(&report).unwrap() + "\n";
                for chunk in [1, 2, 1024] {
                    let pieces = json_pieces(report, chunk).unwrap();
                    assert_eq!(String::from_utf8(pieces.concat()).unwrap(), whole);
                }
            }
        }
    }
}
