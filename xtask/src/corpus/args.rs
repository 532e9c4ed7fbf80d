//! `corpus`'s command line: what to search, how much of it, and where to build.

use std::path::PathBuf;

use crate::arguments::at_least_one;

/// Generate and `cargo check` every spec in a directory; a table of what failed, by cause.
///
/// Generates every `*.json`/`*.yaml`/`*.yml` spec under DIR (or a deterministic sample) into
/// one temporary workspace, `cargo check`s it once and prints a row per spec (rustc warnings
/// per crate), the totals per input version and the failures grouped by cause; exits 0 when it
/// ran, whatever failed.
///
/// Dependencies resolve afresh to the newest compatible versions, as a user's generated crate
/// does, unless `--locked-to-workspace`.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// The directory searched for specs.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// A deterministic sample of N specs instead of all.
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// Picks the sample.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Generator threads and cargo jobs [default: available cores].
    #[arg(long, value_name = "J", value_parser = at_least_one)]
    pub jobs: Option<usize>,
    /// Write the workspace to DIR and keep it.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// The target directory, shared between runs [default: target/corpus in this workspace].
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    /// Pin dependencies to this workspace's Cargo.lock instead of the newest compatible
    /// versions (deterministic, no index update: the checked-in corpus test).
    #[arg(long)]
    pub locked_to_workspace: bool,
}
