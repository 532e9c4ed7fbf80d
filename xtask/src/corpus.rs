//! `cargo xtask corpus DIR`: generate every spec under DIR into one temporary Cargo workspace,
//! `cargo check` it once, and print a table of what generated, compiled and failed, with the
//! failures grouped by cause.
//!
//! Every spec is generated with the codegen library (`standalone: false`, one member crate
//! each, unique valid crate names). Dependencies resolve as they do for a user's crate: no lock
//! file is copied, so each run resolves the newest compatible versions afresh and a warning a
//! new dependency release causes shows in the table. `--locked-to-workspace` copies the main
//! workspace's `Cargo.lock` instead (the checked-in corpus test: deterministic, no index
//! update). The target directory is shared between runs, so dependencies build once. A generator
//! error, an I/O error or even a generator panic is a row in the table, never the end of the
//! run: the command exits 0 whenever it ran, 2 on usage errors.

mod args;
mod causes;
mod check;
mod generate;
mod render;
mod row;
mod select;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Instant;

pub use args::Args;
use check::{check_all, direct_dependencies};
use generate::{generate_all, write_if_changed};
use render::{render, Timing};
use row::{Checked, Failure, Row};
use select::{find_specs, name_crates, sample};

use crate::progress::Progress;
use crate::report::{print_report, usage_error};
use crate::workspace::workspace_root;

/// The default target directory, relative to the workspace root: shared by every run.
const DEFAULT_TARGET: &str = "target/corpus";

/// Runs `cargo xtask corpus` with `args`.
pub fn run(args: &Args) -> ExitCode {
    if !args.dir.is_dir() {
        return usage_error(&format!("`{}` is not a directory", args.dir.display()));
    }
    print_report(execute(args))
}

/// Finds, generates and checks; returns the table and totals.
fn execute(args: &Args) -> Result<String, String> {
    let started = Instant::now();
    let progress = Progress::new();
    let mut skipped = Vec::new();
    let mut files = Vec::new();
    find_specs(&args.dir, &args.dir, &mut files, &mut skipped)
        .map_err(|error| format!("cannot read {}: {error}", args.dir.display()))?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let found = files.len();
    if let Some(n) = args.sample {
        files = sample(files, n, args.seed);
    }
    let specs = name_crates(files);
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });

    // The workspace: kept where asked, else a temporary directory removed at the end.
    let temporary;
    let root = match &args.keep {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
            dir.clone()
        }
        None => {
            temporary = tempfile::Builder::new()
                .prefix("xtask-corpus-")
                .tempdir()
                .map_err(|error| format!("cannot create a temporary directory: {error}"))?;
            temporary.path().to_path_buf()
        }
    };
    let root = root
        .canonicalize()
        .map_err(|error| format!("cannot resolve {}: {error}", root.display()))?;
    let target_dir = args
        .target_dir
        .clone()
        .unwrap_or_else(|| workspace_root().join(DEFAULT_TARGET));

    progress.line(&format!(
        "corpus: {} of {found} specs under {}, generating with {jobs} threads into {}",
        specs.len(),
        args.dir.display(),
        root.display()
    ));
    let generate_started = Instant::now();
    let generated = generate_all(&specs, &root, &args.dir, jobs, &progress);
    let generate_wall = generate_started.elapsed().as_secs_f64();

    let members: Vec<usize> = (0..specs.len())
        .filter(|&i| generated[i].outcome.is_ok())
        .collect();
    let lock_path = root.join("Cargo.lock");
    if args.locked_to_workspace {
        let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))
            .map_err(|error| format!("cannot read the workspace Cargo.lock: {error}"))?;
        write_if_changed(&lock_path, &lock)?;
    } else {
        // A lock left by an earlier run (`--keep`) would pin yesterday's versions.
        match std::fs::remove_file(&lock_path) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(format!("cannot remove {}: {error}", lock_path.display())),
        }
    }
    progress.line(&format!(
        "corpus: cargo check of {} crates (target dir {}, {})",
        members.len(),
        target_dir.display(),
        if args.locked_to_workspace {
            "dependencies pinned by the workspace Cargo.lock"
        } else {
            "newest compatible dependencies"
        }
    ));
    let check_started = Instant::now();
    let checked = check_all(&root, &specs, &members, &target_dir, jobs, &progress)?;
    let check_wall = check_started.elapsed().as_secs_f64();
    // What the members were checked against (empty when cargo wrote no lock).
    let resolved = std::fs::read_to_string(&lock_path)
        .map(|lock| direct_dependencies(&lock))
        .unwrap_or_default();

    let mut checked: HashMap<usize, Result<Checked, Failure>> = checked.into_iter().collect();
    let rows: Vec<Row> = specs
        .into_iter()
        .zip(generated)
        .enumerate()
        .map(|(i, (spec, generated))| {
            let (checked, cargo_failure) = match checked.remove(&i) {
                Some(Ok(checked)) => (Some(checked), None),
                Some(Err(failure)) => (None, Some(failure)),
                None => (None, None),
            };
            Row {
                spec,
                generated,
                checked,
                cargo_failure,
            }
        })
        .collect();
    let timing = Timing {
        generate_wall,
        check_wall,
        total: started.elapsed().as_secs_f64(),
    };
    Ok(render(&rows, &skipped, &timing, &resolved, args))
}
