//! A deterministic wiki generator for benchmarks.
//!
//! `cargo run --release --example gen_wiki -- --pages 100000 --out DIR --seed 1`
//!
//! Pages follow the seed page's format and the structure of real
//! LLM-maintained wikis: subfolders, YAML frontmatter with aliases and
//! sources, prose mentions in every link form, a `## Sources` section, and a
//! `## Connections` section using every connection form. Link targets follow
//! a power law (a few hubs, a long tail), about 25 link occurrences per page,
//! about 5% of links point at pages that do not exist, and about 3% of pages
//! are orphans (nothing links to them). Some titles are CJK. The same
//! arguments always write the same bytes.

use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Zipf};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// Number of pages.
    #[arg(long, default_value_t = 10_000)]
    pages: usize,
    /// Output folder (created; existing pages are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

const FOLDERS: &[&str] = &[
    "entities",
    "concepts",
    "sources",
    "entities/platforms",
    "concepts/marketing",
];
const TYPES: &[&str] = &["entity", "concept", "source", "entity", "concept"];
const WORDS: &[&str] = &[
    "platform",
    "private",
    "domain",
    "traffic",
    "live",
    "stream",
    "commerce",
    "social",
    "content",
    "seeding",
    "creator",
    "community",
    "group",
    "buying",
    "mini",
    "program",
    "super",
    "app",
    "payment",
    "loyalty",
    "membership",
    "funnel",
    "retention",
    "conversion",
    "campaign",
    "brand",
    "channel",
    "audience",
    "short",
    "video",
    "search",
    "feed",
    "algorithm",
    "merchant",
    "coupon",
    "festival",
    "review",
    "influencer",
];
const CJK: &[&str] = &[
    "微信",
    "微博",
    "抖音",
    "快手",
    "小红书",
    "哔哩哔哩",
    "知乎",
    "淘宝",
    "拼多多",
    "支付宝",
    "企业微信",
    "种草",
];
const LABELS: &[&str] = &[
    "Complements",
    "Flows to",
    "Compared to",
    "Part of",
    "Contains",
    "Depends on",
    "Builds on",
    "Supports",
    "Competes with",
    "Similar to",
    "Owned by",
    "Enables",
    "is-used-by",
    "Related to",
];
const FILLER: &str = "Analysts describe the mechanism in terms of attention, trust and repeat purchase; \
the numbers vary by category and season, and the playbooks change every year as platforms adjust \
their ranking rules, fees and creator incentives. ";

/// A generated page's name.
struct Name {
    /// Folder, e.g. `entities`.
    folder: &'static str,
    /// File stem, e.g. `private-domain-traffic-12`.
    stem: String,
    /// Title.
    title: String,
    /// Aliases.
    aliases: Vec<String>,
}

fn make_names(n: usize, rng: &mut StdRng) -> Vec<Name> {
    (0..n)
        .map(|i| {
            let f = rng.random_range(0..FOLDERS.len());
            let w1 = WORDS[rng.random_range(0..WORDS.len())];
            let w2 = WORDS[rng.random_range(0..WORDS.len())];
            let cjk = rng.random_bool(0.1);
            let title = if cjk {
                format!(
                    "{}{} {i}",
                    CJK[rng.random_range(0..CJK.len())],
                    CJK[rng.random_range(0..CJK.len())]
                )
            } else {
                format!("{} {} {i}", capitalise(w1), capitalise(w2))
            };
            let stem = if rng.random_bool(0.5) {
                format!("{w1}-{w2}-{i}")
            } else {
                format!("{}-{}-{i}", capitalise(w1), capitalise(w2))
            };
            let mut aliases = Vec::new();
            if rng.random_bool(0.3) {
                aliases.push(format!(
                    "{} {} alias {i}",
                    CJK[rng.random_range(0..CJK.len())],
                    w2
                ));
            }
            Name {
                folder: FOLDERS[f],
                stem,
                title,
                aliases,
            }
        })
        .collect()
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Picks link targets: Zipf-distributed over a shuffled rank order so that
/// hubs are spread over folders; orphans are never picked; some links miss.
struct Targets {
    ranked: Vec<usize>,
    zipf: Zipf<f64>,
}

impl Targets {
    fn new(n: usize, orphans: &[bool], rng: &mut StdRng) -> Self {
        let mut ranked: Vec<usize> = (0..n).filter(|&i| !orphans[i]).collect();
        for i in (1..ranked.len()).rev() {
            let j = rng.random_range(0..=i);
            ranked.swap(i, j);
        }
        let len = ranked.len().max(1) as f64;
        Targets {
            zipf: Zipf::new(len, 1.1).unwrap_or_else(|_| Zipf::new(1.0, 1.1).expect("valid Zipf")),
            ranked,
        }
    }

    /// `Some(page)` or `None` for a missing target.
    fn pick(&self, rng: &mut StdRng) -> Option<usize> {
        if rng.random_bool(0.05) || self.ranked.is_empty() {
            return None;
        }
        // Mostly power law; a uniform fifth keeps the tail linked, so only
        // the chosen orphans have no inbound link.
        let r = if rng.random_bool(0.8) {
            self.zipf.sample(rng) as usize - 1
        } else {
            rng.random_range(0..self.ranked.len())
        };
        self.ranked.get(r.min(self.ranked.len() - 1)).copied()
    }
}

/// How a link to page `t` is written, in one of the forms users write.
fn link(names: &[Name], t: Option<usize>, rng: &mut StdRng, missing_id: usize) -> String {
    let Some(t) = t else {
        return format!("[[Missing Page {}]]", missing_id % 5000);
    };
    let n = &names[t];
    match rng.random_range(0..10) {
        0 => format!("[[{}/{}]]", n.folder, n.stem),
        1 => format!("[[{}|{}]]", n.stem, n.title),
        2 => format!("[[{}#Overview]]", n.stem),
        3 if !n.aliases.is_empty() => format!("[[{}]]", n.aliases[0]),
        4 => format!("[[{}]]", n.title),
        5 => format!("[[{}.md]]", n.stem),
        _ => format!("[[{}]]", n.stem),
    }
}

fn words(rng: &mut StdRng, k: usize) -> String {
    (0..k)
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn page(i: usize, names: &[Name], targets: &Targets, rng: &mut StdRng) -> String {
    let me = &names[i];
    let ty = TYPES[FOLDERS.iter().position(|f| *f == me.folder).unwrap_or(0)];
    let mut s = String::with_capacity(6000);
    let mut miss = rng.random_range(0..1_000_000usize);
    let mut lk = |rng: &mut StdRng| {
        miss += 1;
        link(names, targets.pick(rng), rng, miss)
    };
    let src = targets
        .pick(rng)
        .map(|t| format!("{}/{}", names[t].folder, names[t].stem));
    let _ = writeln!(s, "---\ntitle: \"{}\"\ntype: {ty}", me.title);
    let _ = writeln!(
        s,
        "tags: [{}, {}]",
        WORDS[i % WORDS.len()],
        WORDS[(i / 7) % WORDS.len()]
    );
    if !me.aliases.is_empty() {
        let _ = writeln!(s, "aliases: [{}]", me.aliases.join(", "));
    }
    match &src {
        Some(src) => {
            let _ = writeln!(s, "sources: [{src}]");
        }
        None => s.push_str("sources: []\n"),
    }
    let _ = writeln!(s, "last_updated: 2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    if rng.random_bool(0.2) {
        let t = targets
            .pick(rng)
            .map_or("nowhere".to_owned(), |t| names[t].stem.clone());
        let _ = writeln!(s, "relationships:\n  - {{target: {t}, type: part_of}}");
    }
    if rng.random_bool(0.2) {
        let _ = writeln!(s, "related:\n  - {}\n  - {}", lk(rng), lk(rng));
    }
    s.push_str("---\n## Aliases\n");
    let _ = writeln!(s, "- {} {}", CJK[i % CJK.len()], i);
    s.push_str("## Overview\n");
    // Prose with ~12 mentions in every inline form.
    for _ in 0..4 {
        let _ = writeln!(
            s,
            "The {} of {} works with {} and {}, while ![[{}]] shows {}. {}",
            words(rng, 2),
            lk(rng),
            lk(rng),
            lk(rng),
            names[targets.pick(rng).unwrap_or(0)].stem,
            words(rng, 3),
            FILLER
        );
    }
    if let Some(t) = targets.pick(rng) {
        // A correct relative path from this page's folder.
        let up = "../".repeat(me.folder.split('/').count());
        let _ = writeln!(
            s,
            "See also [the {} page]({up}{}/{}.md) [Source: {}].",
            words(rng, 1),
            names[t].folder,
            names[t].stem.replace(' ', "%20"),
            src.as_deref().unwrap_or("field-notes")
        );
    }
    if rng.random_bool(0.3) {
        let _ = writeln!(s, "Parent company:: {}", lk(rng));
    }
    s.push_str("## Key Figures\n| Item | Note |\n|---|---|\n");
    for _ in 0..2 {
        let l = lk(rng).replace('|', "\\|");
        let _ = writeln!(s, "| {l} | {} |", words(rng, 4));
    }
    let _ = writeln!(
        s,
        "```\n[[not-a-link-in-code]]\n```\nInline `[[not-a-link]]` too. {FILLER}{FILLER}"
    );
    let _ = writeln!(
        s,
        "## Notes\n{FILLER}{FILLER}\n\n{FILLER}{}",
        words(rng, 12)
    );
    s.push_str("## Sources\n");
    if let Some(src) = &src {
        let _ = writeln!(s, "- [[{src}]]");
    }
    if rng.random_bool(0.3) {
        let _ = writeln!(s, "- https://example.com/report/{i}");
    }
    if rng.random_bool(0.2) {
        let _ = writeln!(s, "- Interview with a planner, {}", 2020 + i % 6);
    }
    s.push_str("## Connections\n");
    let forms = rng.random_range(3..7);
    for f in 0..forms {
        let label = LABELS[rng.random_range(0..LABELS.len())];
        let line = match (f + i) % 8 {
            0 => format!(
                "- **{label}**: {} ({}), {} ({})",
                lk(rng),
                words(rng, 3),
                lk(rng),
                words(rng, 2)
            ),
            1 => format!("- **{label}:** {}; {}", lk(rng), lk(rng)),
            2 => format!(
                "- __{label}__: {} via {} → {}",
                lk(rng),
                words(rng, 2),
                words(rng, 2)
            ),
            3 => format!("- {label}: {} + {}", lk(rng), lk(rng)),
            4 => format!(
                "- **{label}**: {} — {}",
                capitalise(&words(rng, 2)),
                words(rng, 5)
            ),
            5 => format!("- {} — {}", lk(rng), words(rng, 4)),
            6 => format!(
                "- **{label}**: {} (via {}), {} ({})",
                lk(rng),
                lk(rng),
                capitalise(&words(rng, 1)),
                words(rng, 2)
            ),
            _ => format!("- Builds directly on {} ({}).", lk(rng), words(rng, 3)),
        };
        s.push_str(&line);
        s.push('\n');
    }
    s
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let names = make_names(args.pages, &mut rng);
    let orphans: Vec<bool> = (0..args.pages).map(|_| rng.random_bool(0.03)).collect();
    let targets = Targets::new(args.pages, &orphans, &mut rng);
    for f in FOLDERS {
        std::fs::create_dir_all(args.out.join(f))?;
    }
    let mut bytes = 0usize;
    for i in 0..args.pages {
        // One generator per page so that pages do not depend on each other.
        let mut prng =
            StdRng::seed_from_u64(args.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = page(i, &names, &targets, &mut prng);
        bytes += text.len();
        let n = &names[i];
        let path = args.out.join(n.folder).join(format!("{}.md", n.stem));
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        f.write_all(text.as_bytes())?;
    }
    eprintln!(
        "wrote {} pages ({:.1} MB) to {}",
        args.pages,
        bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}
