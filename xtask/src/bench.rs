//! What the benchmark commands (`bench-compare`, `bench-check`) share, so that both measure
//! the same way: `tools` (the generators and how each runs), `measure` (wall time and peak
//! memory of one command), `runs` (generators run alternately, each run into a new directory),
//! `check` (`cargo check` of a generated crate) and `stats` (medians, sizes).

pub mod check;
pub mod measure;
pub mod runs;
pub mod stats;
pub mod tools;
