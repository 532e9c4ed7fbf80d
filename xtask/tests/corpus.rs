//! The curated corpus (`codegen/tests/corpus/`, provenance in its `PROVENANCE.md`): every
//! real-world spec in it must generate, and its crate must `cargo check` without warnings, run
//! through `cargo xtask corpus` as a developer runs it, with `--locked-to-workspace`: the
//! versions of this workspace's `Cargo.lock` (which tracks the newest releases), so CI is
//! deterministic and needs no index update.
//!
//! Failures that wait for work in progress are listed in [`KNOWN_FAILURES`] with their cause;
//! any other failure, a known one failing for another reason, and a known one that now passes
//! (so that the list only shrinks) fail the test.
//!
//! Time: the generated crates' dependencies build once per target directory, which is shared
//! with `codegen/tests/compile_check.rs`, so `cargo test --workspace` builds them once; the
//! workspace is kept between runs, so unchanged crates are not checked again.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{text, XTASK};

/// `(spec, text its first error contains, why)`: curated specs that fail today because of
/// work in progress. Empty: every curated spec generates and compiles.
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[];

/// One row of the corpus table.
#[derive(Debug)]
struct Row {
    spec: String,
    generated: bool,
    compiled: bool,
    rustc_warnings: usize,
    first_error: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/corpus")
}

/// Every spec file under the corpus, `/`-separated and relative, sorted.
fn spec_files(dir: &Path, base: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("the corpus directory is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            spec_files(&path, base, found);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            let relative = path.strip_prefix(base).expect("inside the corpus");
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
}

/// The table's rows: the lines after the header, up to the first blank line.
fn rows(stdout: &str) -> Vec<Row> {
    stdout
        .lines()
        .skip_while(|line| !line.starts_with("spec "))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| !line.starts_with("skipped: "))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert!(fields.len() >= 7, "not a table row: {line}");
            Row {
                spec: fields[0].to_owned(),
                generated: fields[2] == "ok",
                compiled: fields[4] == "ok",
                rustc_warnings: fields[5].parse().unwrap_or(0),
                first_error: fields[7..].join(" "),
            }
        })
        .collect()
}

#[test]
fn curated_corpus_generates_and_compiles_without_warnings() {
    let started = Instant::now();
    let dir = corpus_dir();
    let mut files = Vec::new();
    spec_files(&dir, &dir, &mut files);
    files.sort();
    assert!(
        files.len() >= 15,
        "the curated corpus has {} specs",
        files.len()
    );

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let workspace = tmp.join("corpus/workspace");
    // compile_check's target directory: the dependencies are built once for both tests.
    let target = tmp.join("compile_check/target");
    let output = Command::new(XTASK)
        .arg("corpus")
        .arg(&dir)
        .arg("--keep")
        .arg(&workspace)
        .arg("--target-dir")
        .arg(&target)
        // Deterministic and offline-friendly: the workspace's lock, no index update. Newest
        // dependencies are what `cargo xtask corpus` checks by default.
        .arg("--locked-to-workspace")
        .output()
        .expect("xtask runs");
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    eprintln!("{stderr}{stdout}");
    assert!(output.status.success(), "cargo xtask corpus failed to run");

    let rows = rows(&stdout);
    let listed: Vec<&str> = rows.iter().map(|row| row.spec.as_str()).collect();
    assert_eq!(
        listed, files,
        "the table must list every spec of the corpus"
    );

    let mut problems = Vec::new();
    for row in &rows {
        let failure = if !row.generated || !row.compiled {
            Some(row.first_error.clone())
        } else if row.rustc_warnings > 0 {
            Some(format!("{} rustc warnings", row.rustc_warnings))
        } else {
            None
        };
        let known = KNOWN_FAILURES.iter().find(|(spec, _, _)| *spec == row.spec);
        match (failure, known) {
            (None, None) => {}
            (None, Some((spec, _, _))) => problems.push(format!(
                "{spec} now generates and compiles: remove it from KNOWN_FAILURES in xtask/tests/corpus.rs"
            )),
            (Some(failure), None) => problems.push(format!("NEW FAILURE {}: {failure}", row.spec)),
            (Some(failure), Some((spec, expected, why))) if !failure.contains(expected) => problems
                .push(format!(
                    "{spec} fails differently: expected `{expected}` ({why}), got: {failure}"
                )),
            (Some(_), Some(_)) => {}
        }
    }
    for (spec, _, _) in KNOWN_FAILURES {
        if !listed.contains(spec) {
            problems.push(format!(
                "KNOWN_FAILURES names {spec}, which is not in the corpus"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "curated corpus:\n{}\n(reproduce: cargo xtask corpus codegen/tests/corpus --locked-to-workspace)",
        problems.join("\n")
    );
    eprintln!(
        "curated corpus of {} specs took {:.1}s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Every curated spec has its provenance recorded.
#[test]
fn every_curated_spec_has_its_provenance() {
    let dir = corpus_dir();
    let provenance = std::fs::read_to_string(dir.join("PROVENANCE.md"))
        .expect("codegen/tests/corpus/PROVENANCE.md exists");
    let mut files = Vec::new();
    spec_files(&dir, &dir, &mut files);
    let missing: Vec<&String> = files
        .iter()
        .filter(|file| !provenance.contains(&format!("`{file}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "PROVENANCE.md does not list: {missing:?}"
    );
}
