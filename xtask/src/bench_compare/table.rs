//! The comparison as Markdown, ready to paste into the README: medians per generator, the
//! ratios to ours, and the `cargo check` timings.

use std::fmt::Write as _;

use crate::bench::check::Checked;
use crate::bench::measure::Sample;
use crate::bench::stats::{median, megabytes};

/// Everything measured for one generator.
pub struct Outcome {
    /// How the table names the generator.
    pub label: String,
    /// One sample per run.
    pub samples: Vec<Sample>,
    /// Files the last run wrote.
    pub files: usize,
    /// Bytes the last run wrote.
    pub bytes: u64,
    /// The `cargo check` timings, when checked (or why they are missing).
    pub checked: Option<Result<Checked, String>>,
}

impl Outcome {
    /// Median wall time, seconds.
    pub fn seconds(&self) -> f64 {
        median(self.samples.iter().map(|s| s.seconds).collect())
    }

    /// Median peak RSS, KiB.
    pub fn peak_kib(&self) -> f64 {
        median(self.samples.iter().map(|s| s.peak_kib as f64).collect())
    }
}

/// The generation table and ratios; the first outcome is ours, the others are compared with it.
pub fn render_runs(spec: &str, runs: usize, outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Generating `{spec}`: {runs} runs of each generator, alternating, medians \
         (wall time; peak RSS of the generator's process).\n"
    );
    let _ = writeln!(
        out,
        "| generator | wall time | peak RSS | files | MB written |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for outcome in outcomes {
        let _ = writeln!(
            out,
            "| {} | {:.2} s | {} | {} | {:.1} |",
            outcome.label,
            outcome.seconds(),
            megabytes(outcome.peak_kib()),
            outcome.files,
            outcome.bytes as f64 / 1e6
        );
    }
    if let Some((ours, others)) = outcomes.split_first() {
        let _ = writeln!(out);
        for other in others {
            let _ = writeln!(
                out,
                "- {} takes {:.1}× the time and {:.1}× the memory of ours.",
                other.label,
                other.seconds() / ours.seconds(),
                other.peak_kib() / ours.peak_kib()
            );
        }
        if others.len() > 1 {
            let total: f64 = others.iter().map(Outcome::seconds).sum();
            let _ = writeln!(
                out,
                "- Client and server together (ours makes both in one crate): {:.1}× the time.",
                total / ours.seconds()
            );
        }
    }
    out
}

/// The `cargo check` table (empty when nothing was checked).
pub fn render_checks(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let checked: Vec<&Outcome> = outcomes.iter().filter(|o| o.checked.is_some()).collect();
    if !checked.is_empty() {
        let _ = writeln!(
            out,
            "\n`cargo check` of each generated crate (fresh target dir; the first check builds \
             the dependencies and the crate, the second, after `touch src/lib.rs`, only the \
             crate's own code; CARGO_INCREMENTAL=0; peak RSS of the crate-only check's rustc):\n"
        );
        let _ = writeln!(
            out,
            "| crate | deps + crate | crate only | peak RSS | result |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---|");
        for outcome in checked {
            let row = match &outcome.checked {
                Some(Ok(c)) => format!(
                    "{:.1} s | {:.1} s | {} | {}",
                    c.with_dependencies.seconds,
                    c.crate_only.seconds,
                    megabytes(c.crate_only.peak_kib as f64),
                    if c.crate_only.passed {
                        "compiles"
                    } else {
                        "errors"
                    }
                ),
                Some(Err(message)) => format!("– | – | – | not checked: {message}"),
                None => continue,
            };
            let _ = writeln!(out, "| {} | {row} |", outcome.label);
        }
    }
    out
}
