//! How long `cargo check` takes on a generated crate's own code, and its peak memory. A first
//! check (the warm-up) builds the dependencies (and the crate); then `src/lib.rs` is touched
//! and each timed check redoes only the crate. Incremental compilation is off, so a timed
//! check does the crate's whole work again. Every check runs under the measuring wrapper
//! (`measure`): the peak is that of the largest process cargo waited for, rustc on the crate.

use std::ffi::OsStr;
use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::measure;

/// The features a check enables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Features {
    /// The crate's default features.
    Default,
    /// Every feature (`--all-features`).
    All,
    /// These features only (`--no-default-features --features A,B`).
    Only(Vec<String>),
}

impl Features {
    /// The `cargo check` arguments that select these features.
    pub fn args(&self) -> Vec<String> {
        match self {
            Features::Default => Vec::new(),
            Features::All => vec!["--all-features".to_owned()],
            Features::Only(names) => vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                names.join(","),
            ],
        }
    }
}

impl fmt::Display for Features {
    /// `default`, `all`, `client,server,issues`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Features::Default => f.write_str("default"),
            Features::All => f.write_str("all"),
            Features::Only(names) => f.write_str(&names.join(",")),
        }
    }
}

/// One measured `cargo check`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timed {
    /// Wall time, seconds.
    pub seconds: f64,
    /// Peak resident set size of the largest process (rustc), KiB.
    pub peak_kib: u64,
    /// The crate checked without errors.
    pub passed: bool,
}

/// The two checks of one crate in a fresh target directory, default features.
#[derive(Clone, Copy, Debug)]
pub struct Checked {
    /// The first check: dependencies and the crate.
    pub with_dependencies: Timed,
    /// The second check after touching `src/lib.rs`: the crate alone.
    pub crate_only: Timed,
}

/// Checks the crate in `dir` twice (default features) with the fresh target directory
/// `target`; cargo's output goes to `{logs}-deps.log` and `{logs}-crate.log`.
pub fn check(dir: &Path, target: &Path, logs: &Path) -> Result<Checked, String> {
    if target.exists() {
        std::fs::remove_dir_all(target)
            .map_err(|error| format!("cannot empty {}: {error}", target.display()))?;
    }
    let with_dependencies = warm_up(dir, target, &Features::Default, &log(logs, "deps"))?;
    let crate_only = crate_only(dir, target, &Features::Default, &log(logs, "crate"))?;
    Ok(Checked {
        with_dependencies,
        crate_only,
    })
}

/// `{stem}-{step}.log`.
pub fn log(stem: &Path, step: &str) -> PathBuf {
    PathBuf::from(format!("{}-{step}.log", stem.display()))
}

/// Copies `lock` (the workspace's `Cargo.lock`) next to the crate's manifest in `dir`, so its
/// dependencies resolve to the versions the workspace uses.
pub fn pin_to(lock: &Path, dir: &Path) -> Result<(), String> {
    let to = dir.join("Cargo.lock");
    std::fs::copy(lock, &to).map(|_| ()).map_err(|error| {
        format!(
            "cannot copy {} to {}: {error}",
            lock.display(),
            to.display()
        )
    })
}

/// The warm-up: `cargo check` with `features` in `target` as it is, building whatever is
/// missing (the dependencies, in a fresh target directory); output in `log`.
pub fn warm_up(
    dir: &Path,
    target: &Path,
    features: &Features,
    log: &Path,
) -> Result<Timed, String> {
    cargo_check(dir, target, features, log)
}

/// The crate alone: touches `src/lib.rs` and checks with `features`, output in `log`. When
/// cargo also compiled a dependency (these features turn on a dependency's feature the
/// warm-up did not), the check is repeated once, the dependency now built.
pub fn crate_only(
    dir: &Path,
    target: &Path,
    features: &Features,
    log: &Path,
) -> Result<Timed, String> {
    let mut compiled = Vec::new();
    for _attempt in 0..2 {
        touch(&dir.join("src/lib.rs"))?;
        let timed = cargo_check(dir, target, features, log)?;
        let output = std::fs::read_to_string(log)
            .map_err(|error| format!("cannot read {}: {error}", log.display()))?;
        compiled = compiled_dependencies(&output);
        if compiled.is_empty() {
            return Ok(timed);
        }
    }
    Err(format!(
        "the crate-only check compiled dependencies twice ({}); see {}",
        compiled.join(", "),
        log.display()
    ))
}

/// Sets the modification time of `file` to now, so cargo checks its crate again.
fn touch(file: &Path) -> Result<(), String> {
    File::options()
        .append(true)
        .open(file)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|error| format!("cannot touch {}: {error}", file.display()))
}

/// One `cargo check` of the crate in `dir` with `features`, measured.
fn cargo_check(
    dir: &Path,
    target: &Path,
    features: &Features,
    log: &Path,
) -> Result<Timed, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut args = vec![
        "check".to_owned(),
        "--manifest-path".to_owned(),
        dir.join("Cargo.toml").display().to_string(),
    ];
    args.extend(features.args());
    let env: [(&str, &OsStr); 3] = [
        ("CARGO_TARGET_DIR", target.as_os_str()),
        ("CARGO_INCREMENTAL", OsStr::new("0")),
        ("CARGO_TERM_COLOR", OsStr::new("never")),
    ];
    let (code, sample) = measure::run_with(Path::new(&cargo), &args, &env, log)?;
    Ok(Timed {
        seconds: sample.seconds,
        peak_kib: sample.peak_kib,
        passed: code == 0,
    })
}

/// The registry packages a check's output says cargo compiled: `Checking NAME vX` and
/// `Compiling NAME vX` lines without a `(path)` (which only local packages, the checked
/// crate, have).
fn compiled_dependencies(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let verb = words.next()?;
            let name = words.next()?;
            let _version = words.next()?;
            let local = words.next().is_some_and(|word| word.starts_with('('));
            (matches!(verb, "Checking" | "Compiling") && !local).then(|| name.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_arguments() {
        assert!(Features::Default.args().is_empty());
        assert_eq!(Features::All.args(), ["--all-features"]);
        let some = Features::Only(vec!["client".to_owned(), "issues".to_owned()]);
        assert_eq!(
            some.args(),
            ["--no-default-features", "--features", "client,issues"]
        );
        assert_eq!(some.to_string(), "client,issues");
        assert_eq!(Features::All.to_string(), "all");
    }

    #[test]
    fn dependencies_compiled_in_a_check() {
        let output = "\
    Checking serde v1.0.228
   Compiling ring v0.17.14
    Checking bench-ours v0.1.0 (/tmp/x/out-ours-1)
warning: unused import
    Finished `dev` profile [unoptimized + debuginfo] target(s) in 31.02s
";
        assert_eq!(compiled_dependencies(output), ["serde", "ring"]);
        assert!(compiled_dependencies(
            "    Checking bench-ours v0.1.0 (/tmp/x)\n    Finished `dev` profile\n"
        )
        .is_empty());
    }

    #[test]
    fn step_logs_are_named_after_the_stem() {
        assert_eq!(
            log(Path::new("/w/github"), "deps"),
            PathBuf::from("/w/github-deps.log")
        );
    }
}
