//! The report: a row per spec, the totals per input version, the failures grouped by cause
//! and the most frequent warnings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::args::Args;
use super::causes::family;
use super::row::Row;

/// How many warning kinds the summary lists.
const WARNING_KINDS: usize = 15;

/// Wall-clock seconds of the run's stages.
pub(super) struct Timing {
    /// Generating every spec.
    pub(super) generate_wall: f64,
    /// `cargo check` of the workspace.
    pub(super) check_wall: f64,
    /// The whole run.
    pub(super) total: f64,
}

/// The table, the totals per input version and the failures grouped by cause.
pub(super) fn render(
    rows: &[Row],
    skipped: &[String],
    timing: &Timing,
    resolved: &[String],
    args: &Args,
) -> String {
    let mut out = String::new();
    let width = rows
        .iter()
        .map(|row| row.spec.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:width$}  {:8}  {:8}  {:>8}  {:7}  {:>10}  {:>6}  first error",
        "spec", "version", "generate", "gen-warn", "compile", "rustc-warn", "gen-s"
    );
    for row in rows {
        let generated = row.generated.outcome.is_ok();
        let gen_warnings = row
            .generated
            .outcome
            .as_ref()
            .map_or_else(|_| "-".to_owned(), |w| w.len().to_string());
        let compile = if !generated {
            "-"
        } else if row.compiled() {
            "ok"
        } else {
            "FAIL"
        };
        let rustc_warnings = row
            .checked
            .as_ref()
            .map_or_else(|| "-".to_owned(), |c| c.warnings.len().to_string());
        let first = row.failure().map(|f| f.first).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:width$}  {:8}  {:8}  {:>8}  {:7}  {:>10}  {:>6.2}  {}",
            row.spec.name,
            row.spec.version,
            if generated { "ok" } else { "FAIL" },
            gen_warnings,
            compile,
            rustc_warnings,
            row.generated.seconds,
            first
        );
    }
    for line in skipped {
        let _ = writeln!(out, "skipped: {line}");
    }

    let generated = rows.iter().filter(|r| r.generated.outcome.is_ok()).count();
    let compiled = rows.iter().filter(|r| r.compiled()).count();
    let gen_warnings: usize = rows
        .iter()
        .filter_map(|r| r.generated.outcome.as_ref().ok())
        .map(Vec::len)
        .sum();
    let rustc_warnings: usize = rows
        .iter()
        .filter_map(|r| r.checked.as_ref())
        .map(|c| c.warnings.len())
        .sum();
    let rustc_warned = rows
        .iter()
        .filter_map(|r| r.checked.as_ref())
        .filter(|c| !c.warnings.is_empty())
        .count();
    let gen_seconds: f64 = rows.iter().map(|r| r.generated.seconds).sum();
    let percent = |n: usize| {
        if rows.is_empty() {
            0.0
        } else {
            100.0 * n as f64 / rows.len() as f64
        }
    };
    let _ = writeln!(
        out,
        "\ntotals: {} specs, {generated} generated ({:.1}%), {compiled} compiled ({:.1}%), warnings: {gen_warnings} generator + {rustc_warnings} rustc (in {rustc_warned} crates)",
        rows.len(),
        percent(generated),
        percent(compiled),
    );
    let _ = writeln!(
        out,
        "seconds: {gen_seconds:.1} generating ({:.1} wall), {:.1} cargo check, {:.1} total",
        timing.generate_wall, timing.check_wall, timing.total
    );
    let _ = writeln!(
        out,
        "dependencies: {}: {}",
        if args.locked_to_workspace {
            "pinned by the workspace Cargo.lock (--locked-to-workspace)"
        } else {
            "newest compatible, resolved for this run as for a user's crate"
        },
        if resolved.is_empty() {
            "none resolved".to_owned()
        } else {
            resolved.join(", ")
        }
    );

    let mut versions: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for row in rows {
        let counts = versions
            .entry(version_group(&row.spec.version))
            .or_default();
        counts[0] += 1;
        counts[1] += usize::from(row.generated.outcome.is_ok());
        counts[2] += usize::from(row.compiled());
    }
    let _ = writeln!(out, "by input version:");
    for (version, [specs, generated, compiled]) in &versions {
        let _ = writeln!(
            out,
            "  {version:6} {specs:5} specs  {generated:5} generated  {compiled:5} compiled"
        );
    }

    render_failures(&mut out, rows);
    for (title, warnings) in [
        (
            "generator warnings by kind",
            rows.iter()
                .filter_map(|r| Some((r, r.generated.outcome.as_ref().ok()?)))
                .collect::<Vec<_>>(),
        ),
        (
            "rustc warnings by kind",
            rows.iter()
                .filter_map(|r| Some((r, &r.checked.as_ref()?.warnings)))
                .collect(),
        ),
    ] {
        render_warnings(&mut out, title, &warnings);
    }
    let mut command = format!("cargo xtask corpus {}", args.dir.display());
    if let Some(n) = args.sample {
        let _ = write!(command, " --sample {n} --seed {}", args.seed);
    }
    if args.locked_to_workspace {
        command.push_str(" --locked-to-workspace");
    }
    let _ = writeln!(out, "reproduce: {command}");
    out
}

/// Failures grouped by family (the cause up to its first `:` or `;`), then by exact cause,
/// most frequent first, each with its first spec as an example.
pub(super) fn render_failures(out: &mut String, rows: &[Row]) {
    // family → cause → rows
    let mut families: BTreeMap<String, BTreeMap<String, Vec<&Row>>> = BTreeMap::new();
    for row in rows {
        if let Some(failure) = row.failure() {
            families
                .entry(family(&failure.cause))
                .or_default()
                .entry(failure.cause)
                .or_default()
                .push(row);
        }
    }
    let count = |causes: &BTreeMap<String, Vec<&Row>>| causes.values().map(Vec::len).sum::<usize>();
    let mut ranked: Vec<_> = families.iter().collect();
    ranked.sort_by(|a, b| count(b.1).cmp(&count(a.1)).then_with(|| a.0.cmp(b.0)));
    let failed: usize = ranked.iter().map(|(_, causes)| count(causes)).sum();
    let _ = writeln!(out, "failures by cause ({failed} specs):");
    for (family, causes) in ranked {
        let indent = if causes.len() > 1 {
            let _ = writeln!(out, "  {:5}  {family}", count(causes));
            "       "
        } else {
            ""
        };
        let mut causes: Vec<_> = causes.iter().collect();
        causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
        for (cause, rows) in causes {
            let example = &rows[0].spec.name;
            let first = rows[0].failure().map(|f| f.first).unwrap_or_default();
            // Generator errors already start with the spec's name.
            let example = if first.starts_with(example.as_str()) {
                first
            } else {
                format!("{example}: {first}")
            };
            let _ = writeln!(
                out,
                "{indent}  {:5}  {cause}\n{indent}         e.g. {example}",
                rows.len()
            );
        }
    }
}

/// The most frequent warning kinds: how often, in how many specs, and the first spec.
pub(super) fn render_warnings(out: &mut String, title: &str, warnings: &[(&Row, &Vec<String>)]) {
    // kind → (count, specs, first spec)
    let mut kinds: BTreeMap<&str, (usize, usize, &str)> = BTreeMap::new();
    for (row, list) in warnings {
        let mut seen = std::collections::HashSet::new();
        for kind in list.iter() {
            let entry = kinds
                .entry(kind.as_str())
                .or_insert((0, 0, row.spec.name.as_str()));
            entry.0 += 1;
            if seen.insert(kind.as_str()) {
                entry.1 += 1;
            }
        }
    }
    if kinds.is_empty() {
        return;
    }
    let mut ranked: Vec<_> = kinds.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
    let _ = writeln!(
        out,
        "{title} (most frequent {} of {}):",
        ranked.len().min(WARNING_KINDS),
        ranked.len()
    );
    for (kind, (count, specs, first)) in ranked.into_iter().take(WARNING_KINDS) {
        let _ = writeln!(
            out,
            "  {count:6} in {specs:4} specs  {kind}  (e.g. {first})"
        );
    }
}

/// `3.0.3` → `3.0`, `2.0` → `2.0`; anything unrecognised stays as it is.
pub(super) fn version_group(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor))
            if major.chars().all(|c| c.is_ascii_digit())
                && minor.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!("{major}.{minor}")
        }
        _ => version.to_owned(),
    }
}
