//! Analyses: pure functions of the graph.

pub mod reach;
