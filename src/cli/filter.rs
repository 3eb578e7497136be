//! Options shared by `build` and `export`: which part of the graph to write
//! (the subgraph filters) and how the formats look.

use super::reach::{Direction, relation_keys};
use super::{Ctx, node};
use anyhow::{Result, bail};
use std::collections::BTreeSet;
use wikigraph::WikiGraph;
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
        let used: BTreeSet<&str> = g
            .graph
            .edge_weights()
            .map(|e| g.relation(e.relation).key.as_str())
            .collect();
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
        })
    }

    /// The part of `g` these options keep.
    pub fn apply(&self, ctx: &Ctx, g: WikiGraph) -> Result<WikiGraph> {
        let f = self.filter(ctx, &g)?;
        Ok(subgraph(g, &f))
    }
}
