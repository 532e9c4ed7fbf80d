//! The durations of every benched call, by spec and phase, for the summary table (divan keeps
//! its statistics to itself). Each sample is one call (`sample_size = 1`), timed around the
//! call alone, so these are the samples divan measures.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The phases, in pipeline order (the summary's column order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// `loader::read_file`: read and parse.
    Load,
    /// `loader::resolve`: version check, external refs, Swagger conversion.
    Resolve,
    /// `lower::lower`: document → model.
    Lower,
    /// `emit::emit_tokens`: model → token streams (one thread).
    Emit,
    /// `emit::print_files`: token streams → text (one thread).
    Print,
    /// `write::sync` into a fresh directory.
    Write,
    /// `codegen::generate` + `write::sync`, on every core.
    EndToEnd,
}

impl Phase {
    /// Every phase, in column order.
    pub const ALL: [Phase; 7] = [
        Phase::Load,
        Phase::Resolve,
        Phase::Lower,
        Phase::Emit,
        Phase::Print,
        Phase::Write,
        Phase::EndToEnd,
    ];

    /// The column header.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Load => "load",
            Phase::Resolve => "resolve",
            Phase::Lower => "lower",
            Phase::Emit => "emit",
            Phase::Print => "print",
            Phase::Write => "write",
            Phase::EndToEnd => "end-to-end",
        }
    }
}

/// Samples by (spec name, phase).
static SAMPLES: Mutex<BTreeMap<(&'static str, Phase), Vec<Duration>>> = Mutex::new(BTreeMap::new());

/// Runs `work`, recording how long it took for `spec` and `phase`.
pub fn time<T>(spec: &'static str, phase: Phase, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let output = work();
    let elapsed = start.elapsed();
    let mut samples = SAMPLES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    samples.entry((spec, phase)).or_default().push(elapsed);
    output
}

/// The median of the samples recorded for `spec` and `phase`, if any.
pub fn median(spec: &str, phase: Phase) -> Option<Duration> {
    let samples = SAMPLES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (_, durations) = samples
        .iter()
        .find(|((name, p), _)| *name == spec && *p == phase)?;
    let mut sorted = durations.clone();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2),
    }
}

/// Whether anything was recorded for `spec` (it was not filtered out).
pub fn has_samples(spec: &str) -> bool {
    let samples = SAMPLES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    samples.keys().any(|(name, _)| *name == spec)
}
