//! `wikigraph check`: the full audit, printed like a compiler, failing on
//! the finding kinds the user denies.

use super::{Ctx, report, status};
use anyhow::{Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;
use wikigraph::analysis::audit::{FindingKind, check, entry_points};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Exit 1 when a finding of this kind exists (`all` for every kind):
    /// orphan, isolated, missing, unreachable, island, uncited, one_way,
    /// unknown_relation, ambiguous_link, parse_error. Repeatable.
    #[arg(long = "deny", value_name = "KIND")]
    deny: Vec<String>,
    /// Entry points for `unreachable` (default: index, overview, README or
    /// home at the wiki root); repeatable.
    #[arg(long = "root", value_name = "NODE")]
    roots: Vec<String>,
}

#[derive(Serialize)]
struct Report<'a> {
    findings: &'a [wikigraph::analysis::audit::Finding],
    counts: BTreeMap<&'static str, usize>,
    entry_points: Vec<&'a str>,
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
    let (g, _, code) = ctx.load(false)?;
    let mut entries = if args.roots.is_empty() {
        entry_points(&g)
    } else {
        Vec::new()
    };
    for r in &args.roots {
        entries.push(super::node(&g, r)?);
    }
    let findings = check(&g, &ctx.opts.vocab, &entries);
    let mut counts: BTreeMap<&'static str, usize> =
        FindingKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    for f in &findings {
        *counts.entry(f.kind.as_str()).or_default() += 1;
    }
    let failed = findings.iter().any(|f| denied.contains(&f.kind));
    if ctx.json {
        report::json(&Report {
            findings: &findings,
            counts,
            entry_points: entries.iter().map(|&n| g.graph[n].id.as_str()).collect(),
        })?;
    } else {
        let mut current = None;
        for f in &findings {
            if current != Some(f.kind) {
                current = Some(f.kind);
                let n = counts.get(f.kind.as_str()).copied().unwrap_or(0);
                let mark = if denied.contains(&f.kind) {
                    " (denied)"
                } else {
                    ""
                };
                report::line(format!("\n{} ({n}){mark}", f.kind.as_str()));
            }
            let at = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{}:{line}: ", ctx.file(file)),
                (Some(file), None) => format!("{}: ", ctx.file(file)),
                _ => String::new(),
            };
            report::line(format!("{at}{}: {}", f.kind.as_str(), f.message));
        }
        let summary: Vec<String> = counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        if !findings.is_empty() {
            report::line("");
        }
        report::line(if summary.is_empty() {
            format!("{} pages checked: no findings", g.page_count)
        } else {
            format!("{} pages checked: {}", g.page_count, summary.join(", "))
        });
        if entries.is_empty() {
            report::line(
                "no entry point (index, overview, README, home) at the wiki root: `unreachable` was not checked; use --root",
            );
        }
    }
    Ok(if failed {
        status::FINDINGS.max(code)
    } else {
        code
    })
}
