//! Analyses: pure functions of the graph.

pub mod audit;
pub mod path;
pub mod reach;
pub mod stats;
