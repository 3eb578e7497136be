//! Options shared by `build` and `export`: which part of the graph to write
//! (the subgraph filters) and how the formats look.

use super::reach::{Direction, relation_keys};
use super::{Ctx, node};
use anyhow::{Result, bail};
use std::collections::BTreeSet;
use wikigraph::WikiGraph;
use wikigraph::export::ExportOptions;
use wikigraph::export::dot::{self, DotOptions};
use wikigraph::subgraph::{Filter, Neighbourhood, subgraph};

/// Which part of the graph to export.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Subgraph")]
pub struct FilterArgs {
    /// Only the neighbourhood of this node (id, file stem, alias or title).
    #[arg(long, value_name = "NODE")]
    pub from: Option<String>,
    /// How many steps the neighbourhood reaches from NODE [default: 1].
    #[arg(long, value_name = "N", requires = "from")]
    pub depth: Option<u32>,
    /// Follow edges as written (out), against them (in) or both ways.
    #[arg(long, value_enum, default_value = "both", requires = "from")]
    pub direction: Direction,
    /// Keep only these relations (key or label as written).
    #[arg(long = "relation", value_name = "R", num_args = 1..)]
    pub relations: Vec<String>,
    /// Keep only nodes of these page types or kinds (page, missing,
    /// unlinked, citation); the --from node always stays.
    #[arg(long = "type", value_name = "T", num_args = 1..)]
    pub types: Vec<String>,
    /// Leave out `mentions` edges (links in prose).
    #[arg(long)]
    pub no_mentions: bool,
    /// Leave out `cites` edges (sources).
    #[arg(long)]
    pub no_citations: bool,
}

impl FilterArgs {
    /// The library filter, with NODE looked up and relation and type names
    /// checked against the graph: a name that matches nothing is an error
    /// (a typo would otherwise give an empty export).
    pub fn filter(&self, ctx: &Ctx, g: &WikiGraph) -> Result<Filter> {
        let relations = relation_keys(ctx, &self.relations);
        // Only a relation filter needs the keys in use (counting them reads
        // every edge).
        let used: BTreeSet<&str> = if relations.is_empty() {
            BTreeSet::new()
        } else {
            g.edges_per_relation_key().into_keys().collect()
        };
        for (written, key) in self.relations.iter().zip(&relations) {
            if !used.contains(key.as_str()) {
                bail!(
                    "no edge has the relation `{written}` (key `{key}`); relations in this wiki: {}",
                    used.iter().copied().collect::<Vec<_>>().join(", ")
                );
            }
        }
        let types: BTreeSet<String> = self.types.iter().map(|t| t.to_lowercase()).collect();
        let mut known: BTreeSet<String> = ["page", "missing", "unlinked", "citation"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        known.extend(
            g.graph
                .node_weights()
                .filter_map(|n| n.page_type())
                .map(str::to_lowercase),
        );
        for written in &self.types {
            if !known.contains(&written.to_lowercase()) {
                bail!(
                    "no node has the type `{written}`; types in this wiki: {}",
                    known.into_iter().collect::<Vec<_>>().join(", ")
                );
            }
        }
        let from = match &self.from {
            Some(name) => Some(Neighbourhood {
                start: node(g, name)?,
                depth: Some(self.depth.unwrap_or(1)),
                walk: self.direction.into(),
            }),
            None => None,
        };
        Ok(Filter {
            from,
            relations,
            types,
            no_mentions: self.no_mentions,
            no_citations: self.no_citations,
            keep_pages: false,
        })
    }

    /// The part of `g` these options keep, and the id of the `--from` node.
    pub fn apply(&self, ctx: &Ctx, g: WikiGraph) -> Result<(WikiGraph, Option<String>)> {
        let f = self.filter(ctx, &g)?;
        let focus = f.from.map(|n| g.graph[n.start].id.clone());
        Ok((subgraph(g, &f), focus))
    }
}

/// How the exports look (format-specific options).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Format options")]
pub struct StyleArgs {
    /// JSON-LD: base IRI of node ids; ids are appended to it
    /// percent-encoded [default: urn:wikigraph:].
    #[arg(long, value_name = "IRI", value_parser = parse_base_iri)]
    pub base_iri: Option<String>,
    /// How diagrams are drawn.
    #[command(flatten)]
    pub dot: DotArgs,
    /// GraphML: add yEd graphics (node labels, colours, sizes).
    #[arg(long)]
    pub yed: bool,
}

/// How a diagram is drawn (DOT, and Mermaid's direction).
#[derive(Debug, Clone, clap::Args)]
pub struct DotArgs {
    /// DOT: group pages into boxes by folder or by page type.
    #[arg(long, value_enum, value_name = "BY")]
    pub cluster_by: Option<ClusterBy>,
    /// DOT: direction of the layered layout (implies the dot layout)
    /// [default: LR].
    #[arg(long, value_enum, ignore_case = true)]
    pub rankdir: Option<RankDir>,
    /// DOT: layout engine named in the file; auto picks dot for sparse
    /// graphs and when --cluster-by or --rankdir ask for it, sfdp otherwise.
    #[arg(long, value_enum, default_value = "auto")]
    pub layout: Layout,
    /// DOT: which edges show their relation as a label.
    #[arg(long, value_enum, default_value = "connections")]
    pub edge_labels: EdgeLabels,
    /// DOT: leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

/// `--cluster-by`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ClusterBy {
    /// One box per folder, nested like the folders.
    Folder,
    /// One box per page type.
    Type,
}

/// `--rankdir`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RankDir {
    /// Left to right.
    #[value(name = "LR")]
    Lr,
    /// Top to bottom.
    #[value(name = "TB")]
    Tb,
    /// Right to left.
    #[value(name = "RL")]
    Rl,
    /// Bottom to top.
    #[value(name = "BT")]
    Bt,
}

/// `--edge-labels`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EdgeLabels {
    /// Typed and related connections (mentions and citations are told
    /// apart by their style).
    Connections,
    /// Every edge.
    All,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Layout {
    /// dot for sparse graphs of up to 1000 edges or when asked, else sfdp.
    Auto,
    /// Layered layout (honours --rankdir and --cluster-by).
    Dot,
    /// Force-directed layout for large graphs.
    Sfdp,
}

/// An absolute IRI (it has a scheme) without characters IRIs cannot hold.
fn parse_base_iri(s: &str) -> Result<String, String> {
    let scheme = s.split_once(':').map(|(sc, _)| sc).unwrap_or("");
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(format!(
            "`{s}` is not an absolute IRI (expected a scheme, as in `https://example.org/wiki/` or `urn:wiki:`)"
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "<>\"{}|\\^`".contains(*c))
    {
        return Err(format!("`{s}` holds {c:?}, which an IRI cannot"));
    }
    Ok(s.to_owned())
}

impl StyleArgs {
    /// The library's export options: `o` (the configuration's) with these
    /// options over it; `focus` is the node the diagram is centred on.
    pub fn options(&self, mut o: ExportOptions, focus: Option<String>) -> ExportOptions {
        if let Some(b) = &self.base_iri {
            o.base_iri = b.clone();
        }
        o.dot = self.dot.options();
        o.focus = focus;
        o.yed = self.yed;
        o
    }
}

impl DotArgs {
    /// The library's layout options.
    pub fn options(&self) -> DotOptions {
        DotOptions {
            cluster_by: self.cluster_by.map(|c| match c {
                ClusterBy::Folder => dot::ClusterBy::Folder,
                ClusterBy::Type => dot::ClusterBy::Type,
            }),
            rankdir: self.rankdir.map(|r| match r {
                RankDir::Lr => dot::RankDir::LeftRight,
                RankDir::Tb => dot::RankDir::TopBottom,
                RankDir::Rl => dot::RankDir::RightLeft,
                RankDir::Bt => dot::RankDir::BottomTop,
            }),
            legend: !self.no_legend,
            layout: match self.layout {
                Layout::Auto => dot::Layout::Auto,
                Layout::Dot => dot::Layout::Dot,
                Layout::Sfdp => dot::Layout::Sfdp,
            },
            edge_labels: match self.edge_labels {
                EdgeLabels::Connections => dot::EdgeLabels::Connections,
                EdgeLabels::All => dot::EdgeLabels::All,
            },
        }
    }
}
