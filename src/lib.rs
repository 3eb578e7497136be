//! wikigraph: turn a folder of markdown wiki pages into a typed knowledge
//! graph, audit it, and export it.
//!
//! Data flows one way: [`walk`] finds the files, [`page`] parses each one
//! (pure: text in, facts out), [`resolve`] turns names into pages, [`graph`]
//! builds the petgraph model, [`export`] writes it out. [`load`] ties the
//! first stages together.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![warn(missing_docs)]

pub mod allocator;
pub mod analysis;
pub mod config;
pub mod diag;
pub mod export;
pub mod graph;
pub mod load;
pub mod page;
pub mod process;
pub mod resolve;
pub mod subgraph;
pub mod text;
pub mod vocab;
pub mod walk;

pub use diag::{Diagnostic, Severity};
pub use graph::{NodeKind, WikiGraph};
pub use load::{Options, build_wiki};
