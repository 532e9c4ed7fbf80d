//! How long `cargo check` takes on a generated crate's own code: a first check in a fresh
//! target directory builds the dependencies (and the crate), then `src/lib.rs` is touched and
//! a second check, timed on its own, redoes only the crate. Incremental compilation is off, so
//! the second check does the crate's whole work again.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

/// The two timings of one crate.
#[derive(Clone, Copy, Debug)]
pub struct Checked {
    /// The first check: dependencies and the crate, seconds.
    pub with_dependencies: f64,
    /// The second check after touching `src/lib.rs`: the crate alone, seconds.
    pub crate_only: f64,
    /// The crate checked without errors.
    pub passed: bool,
}

/// Checks the crate in `dir` twice with the fresh target directory `target`, cargo's output
/// appended to `log`.
pub fn check(dir: &Path, target: &Path, log: &Path) -> Result<Checked, String> {
    if target.exists() {
        std::fs::remove_dir_all(target)
            .map_err(|error| format!("cannot empty {}: {error}", target.display()))?;
    }
    let (with_dependencies, _) = cargo_check(dir, target, log)?;
    let lib = dir.join("src/lib.rs");
    File::options()
        .append(true)
        .open(&lib)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|error| format!("cannot touch {}: {error}", lib.display()))?;
    let (crate_only, passed) = cargo_check(dir, target, log)?;
    Ok(Checked {
        with_dependencies,
        crate_only,
        passed,
    })
}

/// One `cargo check` of the crate in `dir`: seconds and success.
fn cargo_check(dir: &Path, target: &Path, log: &Path) -> Result<(f64, bool), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|error| format!("cannot open {}: {error}", log.display()))?;
    let errors = output
        .try_clone()
        .map_err(|error| format!("cannot share {}: {error}", log.display()))?;
    let start = Instant::now();
    let status = Command::new(cargo)
        .args(["check", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(output)
        .stderr(errors)
        .status()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    Ok((start.elapsed().as_secs_f64(), status.success()))
}
