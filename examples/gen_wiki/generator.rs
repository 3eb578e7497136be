//! The pure part of the deterministic wiki generator: page names and texts,
//! no file system. `main.rs` next to it writes the pages to a folder; benches
//! include it with
//! `#[path = "../examples/gen_wiki/generator.rs"] mod generator;`.
//!
//! Pages follow the seed page's format and the structure of real
//! LLM-maintained wikis: subfolders, YAML frontmatter with aliases and
//! sources, prose mentions in every link form, a `## Sources` section, and a
//! `## Connections` section using every connection form. Link targets follow
//! a power law (a few hubs, a long tail), about 25 link occurrences per page;
//! 5% of the targets it picks do not exist (about 4% of all link
//! occurrences: embeds and relative links always find a page), and 3% of
//! pages are chosen as orphans (nothing links to them). Some titles are CJK,
//! some pages have aliases, and some connections name plain-text targets.
//! The same arguments always yield the same bytes. `tests/generator.rs`
//! measures all of this on a generated wiki.

// Each includer uses a different part of this module.
#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Zipf};
use std::fmt::Write as _;

pub const FOLDERS: &[&str] = &[
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

/// A generated wiki: every page's name and the link-target distribution.
/// Pages are produced on demand, each from its own generator, so that a page
/// does not depend on the others and any page can be made alone.
pub struct Wiki {
    seed: u64,
    names: Vec<Name>,
    targets: Targets,
}

impl Wiki {
    /// Names `pages` pages and picks the orphans and hubs for `seed`.
    pub fn new(pages: usize, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let names = make_names(pages, &mut rng);
        let orphans: Vec<bool> = (0..pages).map(|_| rng.random_bool(0.03)).collect();
        let targets = Targets::new(pages, &orphans, &mut rng);
        Wiki {
            seed,
            names,
            targets,
        }
    }

    /// Number of pages.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the wiki has no pages.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Page `i`: its path relative to the wiki root (`/`-separated, e.g.
    /// `entities/platforms/live-stream-12.md`) and its text.
    pub fn page(&self, i: usize) -> (String, String) {
        let mut prng =
            StdRng::seed_from_u64(self.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = page(i, &self.names, &self.targets, &mut prng);
        let n = &self.names[i];
        (format!("{}/{}.md", n.folder, n.stem), text)
    }
}

/// Every page of a `pages`-page wiki for `seed`, in order, as
/// (relative path, text).
pub fn generate(pages: usize, seed: u64) -> impl Iterator<Item = (String, String)> {
    let wiki = Wiki::new(pages, seed);
    (0..pages).map(move |i| wiki.page(i))
}
