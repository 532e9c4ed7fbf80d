//! The table printed after divan's: per spec its size, operations and files, the median of
//! every phase, end-to-end and peak memory, then the doubled/single GitHub ratios.

use std::fmt::Write as _;
use std::time::Duration;

use crate::peak::Peak;
use crate::record::{self, Phase};
use crate::specs::Spec;

/// What the table shows about one spec besides the timings.
pub struct Row<'s> {
    /// The spec.
    pub spec: &'s Spec,
    /// Operations in its model.
    pub operations: usize,
    /// Files of its generated crate.
    pub files: usize,
    /// The end-to-end child's peak memory, or why it was not measured.
    pub peak: Result<Peak, String>,
}

/// The Markdown table for `rows`; `threads` is how many the end-to-end column used.
pub fn render(rows: &[Row<'_>], threads: usize) -> String {
    let mut out = String::new();
    let mut header = "| spec | MB | ops | files |".to_owned();
    let mut rule = "|---|---:|---:|---:|".to_owned();
    for phase in Phase::ALL {
        let _ = write!(header, " {} |", phase.label());
        rule.push_str("---:|");
    }
    header.push_str(" peak RSS |");
    rule.push_str("---:|");
    let _ = writeln!(out, "{header}\n{rule}");
    for row in rows {
        let _ = write!(
            out,
            "| {} | {:.1} | {} | {} |",
            row.spec.name,
            row.spec.bytes as f64 / 1e6,
            row.operations,
            row.files
        );
        for phase in Phase::ALL {
            let cell = record::median(row.spec.name, phase).map_or_else(|| "–".to_owned(), seconds);
            let _ = write!(out, " {cell} |");
        }
        let peak = row
            .peak
            .as_ref()
            .map_or_else(|_| "–".to_owned(), |peak| format!("{} MB", peak.kib / 1024));
        let _ = writeln!(out, " {peak} |");
    }
    if let Some(ratio) = ratio_row(rows, "github", "github×2") {
        let _ = writeln!(out, "{ratio}");
    }
    let _ = writeln!(
        out,
        "\nMedians of divan's samples. emit and print run on one thread; end-to-end \
         (`codegen::generate` + write) on {threads}. Peak RSS: a child process running \
         end-to-end once (VmHWM)."
    );
    for row in rows {
        if let Err(message) = &row.peak {
            let _ = writeln!(
                out,
                "peak RSS of {}: not measured: {message}",
                row.spec.name
            );
        }
    }
    out
}

/// The `github×2 / github` row: how every column grew when the spec doubled.
fn ratio_row(rows: &[Row<'_>], single: &str, doubled: &str) -> Option<String> {
    let single = rows.iter().find(|row| row.spec.name == single)?;
    let doubled = rows.iter().find(|row| row.spec.name == doubled)?;
    let ratio = |a: f64, b: f64| {
        if a > 0.0 {
            format!("{:.2}×", b / a)
        } else {
            "–".to_owned()
        }
    };
    let mut out = format!(
        "| **{} / {}** | {} | {} | {} |",
        doubled.spec.name,
        single.spec.name,
        ratio(single.spec.bytes as f64, doubled.spec.bytes as f64),
        ratio(single.operations as f64, doubled.operations as f64),
        ratio(single.files as f64, doubled.files as f64),
    );
    for phase in Phase::ALL {
        let cell = match (
            record::median(single.spec.name, phase),
            record::median(doubled.spec.name, phase),
        ) {
            (Some(a), Some(b)) => ratio(a.as_secs_f64(), b.as_secs_f64()),
            _ => "–".to_owned(),
        };
        let _ = write!(out, " {cell} |");
    }
    let peak = match (&single.peak, &doubled.peak) {
        (Ok(a), Ok(b)) => ratio(a.kib as f64, b.kib as f64),
        _ => "–".to_owned(),
    };
    let _ = write!(out, " {peak} |");
    Some(out)
}

/// `0.123 s`, `12.3 ms`.
fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else {
        format!("{:.1} ms", secs * 1e3)
    }
}
