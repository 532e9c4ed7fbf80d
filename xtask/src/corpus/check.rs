//! Running `cargo check` on the workspace once and attributing its diagnostics (or its
//! refusal) to the member crates; what the lock file resolved them to.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use super::causes::pattern;
use super::generate::write_if_changed;
use super::row::{Checked, Failure, Spec};
use crate::progress::Progress;

/// Writes the workspace manifest for `members` and runs `cargo check` once; when cargo refuses
/// the workspace as a whole (a bad manifest, an unresolvable dependency), the members its
/// error names are set aside with that error and the rest are checked again.
pub(super) fn check_all(
    root: &Path,
    specs: &[Spec],
    members: &[usize],
    target_dir: &Path,
    jobs: usize,
    progress: &Progress,
) -> Result<CheckResults, String> {
    let mut results = Vec::new();
    let mut remaining: Vec<usize> = members.to_vec();
    while !remaining.is_empty() {
        let names: Vec<&str> = remaining
            .iter()
            .map(|&i| specs[i].crate_name.as_str())
            .collect();
        let manifest = format!(
            "# Written by cargo xtask corpus.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
            names
                .iter()
                .map(|name| format!("    \"{name}\",\n"))
                .collect::<String>()
        );
        write_if_changed(&root.join("Cargo.toml"), &manifest)?;
        let run = cargo_check(root, &names, target_dir, jobs, progress)?;
        let reported = run.checked.values().any(|c| c.artifact || c.errors > 0);
        if run.success || reported {
            let mut checked = run.checked;
            for &i in &remaining {
                let entry = checked.remove(specs[i].crate_name.as_str());
                let mut entry = entry.unwrap_or_default();
                if !entry.artifact && entry.errors == 0 {
                    if let Some(failure) = &run.failure {
                        entry.first_error = Some(failure.clone());
                    }
                }
                results.push((i, Ok(entry)));
            }
            break;
        }
        // Cargo refused the workspace before compiling anything.
        let failure = run.failure.unwrap_or_else(|| Failure {
            cause: "cargo: failed without an error message".to_owned(),
            first: "cargo failed without an error message".to_owned(),
        });
        let root_text = root.display().to_string();
        let named: Vec<usize> = remaining
            .iter()
            .copied()
            .filter(|&i| mentions_dir(&run.stderr, &format!("{root_text}/{}", specs[i].crate_name)))
            .collect();
        let blamed = if named.is_empty() {
            remaining.clone()
        } else {
            named
        };
        for &i in &blamed {
            results.push((i, Err(failure.clone())));
        }
        remaining.retain(|i| !blamed.contains(i));
    }
    Ok(results)
}

/// Whether `text` names the directory `dir` itself or something inside it (not a sibling
/// whose name merely starts like it: `corpus-a` is not `corpus-a-b`).
pub(super) fn mentions_dir(text: &str, dir: &str) -> bool {
    text.match_indices(dir).any(|(at, _)| {
        text[at + dir.len()..]
            .chars()
            .next()
            .is_none_or(|next| !(next.is_alphanumeric() || next == '-' || next == '_'))
    })
}

/// Per spec index: what cargo said about its crate, or why cargo refused it.
pub(super) type CheckResults = Vec<(usize, Result<Checked, Failure>)>;

/// What one `cargo check` run reported.
pub(super) struct CargoRun {
    success: bool,
    /// Per member crate name.
    checked: HashMap<String, Checked>,
    /// Cargo's own first error (from stderr), if any.
    failure: Option<Failure>,
    stderr: String,
}

pub(super) fn cargo_check(
    root: &Path,
    names: &[&str],
    target_dir: &Path,
    jobs: usize,
    progress: &Progress,
) -> Result<CargoRun, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .args([
            "check",
            "--workspace",
            // Large specs turn no tag on by default; the corpus checks all of each crate.
            "--all-features",
            "--keep-going",
            "--message-format=json",
            "--jobs",
            &jobs.to_string(),
        ])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        // Incremental caches of hundreds of crates fill a disk, and each crate is checked once.
        .env("CARGO_INCREMENTAL", "0")
        // The caller's flags are not the generated crates' business.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let mut stderr_pipe = child.stderr.take();
    let stderr_thread = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stderr_pipe.as_mut() {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let members: HashMap<PathBuf, &str> = names
        .iter()
        .map(|name| (root.join(name).join("Cargo.toml"), *name))
        .collect();
    let mut checked: HashMap<String, Checked> = HashMap::new();
    let mut done = 0;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(message) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let manifest = message["manifest_path"].as_str().map(PathBuf::from);
            let Some(name) = manifest.and_then(|m| members.get(&m).copied()) else {
                continue;
            };
            let entry = checked.entry(name.to_owned()).or_default();
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    if !entry.artifact {
                        done += 1;
                        progress.update(&format!("checked {done}/{}: {name}", names.len()));
                    }
                    entry.artifact = true;
                }
                Some("compiler-message") => record_diagnostic(entry, &message["message"]),
                _ => {}
            }
        }
    }
    let status = child
        .wait()
        .map_err(|error| format!("cargo did not finish: {error}"))?;
    let stderr = stderr_thread.join().unwrap_or_default();
    progress.finish();
    // Cargo's own first error, preferring one that is not about a member crate (a member's
    // errors are already attributed to it from the JSON messages).
    let lines: Vec<&str> = stderr.lines().collect();
    let errors: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("error"))
        .collect();
    let about_member = |i: &usize| {
        names
            .iter()
            .any(|name| lines[*i].contains(&format!("`{name}`")))
    };
    let failure = errors
        .iter()
        .find(|i| !about_member(i))
        .or_else(|| errors.first())
        .map(|&i| {
            // The error and the lines that explain it ("Caused by:" …), up to a blank line.
            let mut first = lines[i..]
                .iter()
                .take_while(|line| !line.trim().is_empty())
                .map(|line| line.trim())
                .collect::<Vec<_>>()
                .join(" ");
            if first.chars().count() > 300 {
                first = first.chars().take(299).collect::<String>() + "…";
            }
            Failure {
                cause: format!("cargo: {}", pattern(lines[i].trim_start_matches("error: "))),
                first,
            }
        });
    Ok(CargoRun {
        success: status.success(),
        checked,
        failure,
        stderr,
    })
}

/// Counts one rustc diagnostic and keeps the first error.
pub(super) fn record_diagnostic(entry: &mut Checked, diagnostic: &Value) {
    let text = diagnostic["message"].as_str().unwrap_or("");
    let spans = diagnostic["spans"].as_array().map_or(0, Vec::len);
    // rustc's own summaries ("aborting due to…", "N warnings emitted") are not diagnostics.
    if spans == 0
        && (text.starts_with("aborting due to")
            || text.ends_with("warnings emitted")
            || text.ends_with("warning emitted"))
    {
        return;
    }
    match diagnostic["level"].as_str() {
        Some("error") | Some("error: internal compiler error") => {
            entry.errors += 1;
            if entry.first_error.is_none() {
                let code = diagnostic["code"]["code"].as_str();
                let at = diagnostic["spans"]
                    .as_array()
                    .and_then(|spans| {
                        spans
                            .iter()
                            .find(|s| s["is_primary"].as_bool() == Some(true))
                    })
                    .map(|span| {
                        format!(
                            " ({}:{})",
                            span["file_name"].as_str().unwrap_or("?"),
                            span["line_start"].as_u64().unwrap_or(0)
                        )
                    })
                    .unwrap_or_default();
                let first_line = text.lines().next().unwrap_or("");
                let cause = match code {
                    Some(code) => format!("rustc {code}: {}", pattern(first_line)),
                    None => format!("rustc: {}", pattern(first_line)),
                };
                let label = code.map_or_else(|| "error".to_owned(), |c| format!("error[{c}]"));
                entry.first_error = Some(Failure {
                    cause,
                    first: format!("{label}: {first_line}{at}"),
                });
            }
        }
        Some("warning") => {
            let first_line = text.lines().next().unwrap_or("");
            entry
                .warnings
                .push(match diagnostic["code"]["code"].as_str() {
                    Some(code) => format!("rustc {code}: {}", pattern(first_line)),
                    None => format!("rustc: {}", pattern(first_line)),
                });
        }
        _ => {}
    }
}

/// The direct dependencies of a lock file's workspace members (its packages without a
/// `source`), as sorted, distinct `name version` strings.
pub(super) fn direct_dependencies(lock: &str) -> Vec<String> {
    /// One `[[package]]` entry.
    #[derive(Default)]
    struct Package {
        name: String,
        version: String,
        member: bool,
        dependencies: Vec<String>,
    }
    let mut packages: Vec<Package> = Vec::new();
    let mut in_dependencies = false;
    for line in lock.lines().map(str::trim) {
        let quoted = |text: &str| text.trim().trim_matches('"').to_owned();
        if line == "[[package]]" {
            packages.push(Package {
                member: true,
                ..Package::default()
            });
            in_dependencies = false;
            continue;
        }
        let Some(package) = packages.last_mut() else {
            continue;
        };
        if in_dependencies {
            if line.starts_with(']') {
                in_dependencies = false;
            } else {
                package
                    .dependencies
                    .push(quoted(line.trim_end_matches(',')));
            }
        } else if let Some((key, value)) = line.split_once(" = ") {
            match key {
                "name" => package.name = quoted(value),
                "version" => package.version = quoted(value),
                "source" => package.member = false,
                "dependencies" if value.contains(']') => package.dependencies.extend(
                    value
                        .trim_matches(['[', ']'])
                        .split(',')
                        .map(quoted)
                        .filter(|dependency| !dependency.is_empty()),
                ),
                "dependencies" => in_dependencies = true,
                _ => {}
            }
        } else if line.starts_with('[') {
            // Another table (`[metadata]`): no more packages.
            packages.push(Package::default());
        }
    }
    let mut found: Vec<String> = packages
        .iter()
        .filter(|package| package.member && !package.name.is_empty())
        .flat_map(|package| &package.dependencies)
        .filter_map(|dependency| {
            // `name` when one version is locked, `name version` (and a source) when several are.
            let mut words = dependency.split_whitespace();
            let name = words.next()?;
            let version = match words.next() {
                Some(version) => version.to_owned(),
                None => packages
                    .iter()
                    .find(|package| package.name == name)?
                    .version
                    .clone(),
            };
            // Members depend on no other member, but a path dependency would have no version.
            (!version.is_empty()).then(|| format!("{name} {version}"))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}
