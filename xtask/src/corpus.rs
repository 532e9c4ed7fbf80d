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

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Instant;

use codegen::write::{self, Mode};
use codegen::CrateOptions;
use serde_json::Value;

use crate::arguments::at_least_one;
use crate::progress::Progress;
use crate::report::{print_report, usage_error};
use crate::workspace::workspace_root;

/// The default target directory, relative to the workspace root: shared by every run.
const DEFAULT_TARGET: &str = "target/corpus";
/// The prefix of every member crate's name, so no member is named like a dependency.
const CRATE_PREFIX: &str = "corpus-";
/// Worker threads get a large stack: deeply nested specs must not overflow it.
const WORKER_STACK: usize = 256 * 1024 * 1024;
/// How many warning kinds the summary lists.
const WARNING_KINDS: usize = 15;
/// Causes are cut to this many characters so that one cause is one line.
const CAUSE_WIDTH: usize = 140;

/// Generate and `cargo check` every spec in a directory; a table of what failed, by cause.
///
/// Generates every `*.json`/`*.yaml`/`*.yml` spec under DIR (or a deterministic sample) into
/// one temporary workspace, `cargo check`s it once and prints a row per spec (rustc warnings
/// per crate), the totals per input version and the failures grouped by cause; exits 0 when it
/// ran, whatever failed.
///
/// Dependencies resolve afresh to the newest compatible versions, as a user's generated crate
/// does, unless `--locked-to-workspace`.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// The directory searched for specs.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// A deterministic sample of N specs instead of all.
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// Picks the sample.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Generator threads and cargo jobs [default: available cores].
    #[arg(long, value_name = "J", value_parser = at_least_one)]
    pub jobs: Option<usize>,
    /// Write the workspace to DIR and keep it.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// The target directory, shared between runs [default: target/corpus in this workspace].
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    /// Pin dependencies to this workspace's Cargo.lock instead of the newest compatible
    /// versions (deterministic, no index update: the checked-in corpus test).
    #[arg(long)]
    pub locked_to_workspace: bool,
}

/// One spec file found under the directory.
#[derive(Debug, Clone)]
struct Spec {
    /// The file.
    path: PathBuf,
    /// Its path relative to the searched directory, `/`-separated: how the table names it.
    name: String,
    /// The `openapi` or `swagger` version it declares (`?` when none is found).
    version: String,
    /// The member crate's package name (also its directory in the workspace).
    crate_name: String,
}

/// Why a spec failed: a short groupable cause and the first error line itself.
#[derive(Debug, Clone)]
struct Failure {
    /// The cause with names and numbers blanked out (`rustc E0412: cannot find type `…``).
    cause: String,
    /// The first error as reported.
    first: String,
}

/// What generating one spec gave.
#[derive(Debug)]
struct Generated {
    /// The generator's warnings (as patterns, for grouping), or why generation failed.
    outcome: Result<Vec<String>, Failure>,
    /// Seconds spent generating and writing.
    seconds: f64,
}

/// What `cargo check` said about one member crate.
#[derive(Debug, Default)]
struct Checked {
    /// The crate's library was checked (an artifact was reported).
    artifact: bool,
    /// Error diagnostics.
    errors: usize,
    /// Warning diagnostics, as patterns (`rustc unused_imports: unused import: `…``).
    warnings: Vec<String>,
    /// The first error.
    first_error: Option<Failure>,
}

/// The final row of one spec.
#[derive(Debug)]
struct Row {
    spec: Spec,
    generated: Generated,
    /// `None` when the spec did not generate.
    checked: Option<Checked>,
    /// Set when cargo itself refused the crate (manifest or dependency resolution).
    cargo_failure: Option<Failure>,
}

impl Row {
    fn compiled(&self) -> bool {
        self.generated.outcome.is_ok()
            && self.cargo_failure.is_none()
            && self
                .checked
                .as_ref()
                .is_some_and(|c| c.artifact && c.errors == 0)
    }

    /// Why the spec failed, if it did.
    fn failure(&self) -> Option<Failure> {
        if let Err(failure) = &self.generated.outcome {
            return Some(failure.clone());
        }
        if let Some(failure) = &self.cargo_failure {
            return Some(failure.clone());
        }
        let checked = self.checked.as_ref()?;
        if let Some(first) = &checked.first_error {
            return Some(first.clone());
        }
        (!checked.artifact).then(|| Failure {
            cause: "cargo: not checked (no artifact and no error reported)".to_owned(),
            first: "cargo reported nothing for this crate; see its stderr".to_owned(),
        })
    }
}

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

/// Collects `(relative name, path)` of every `*.json`, `*.yaml` and `*.yml` file under `dir`.
/// Symlinked directories are not followed (they could loop); they are listed as skipped.
fn find_specs(
    base: &Path,
    dir: &Path,
    found: &mut Vec<(String, PathBuf)>,
    skipped: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let relative = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if kind.is_dir() {
            find_specs(base, &path, found, skipped)?;
        } else if kind.is_symlink() && path.is_dir() {
            skipped.push(format!("{relative} (a symlinked directory, not followed)"));
        } else if path.is_file() && is_spec_file(&path) {
            found.push((relative, path));
        }
    }
    Ok(())
}

fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "json" | "yaml" | "yml"))
}

/// A deterministic sample of `n` files: each is ranked by a seeded hash of its name (stable
/// across platforms and Rust versions), the first `n` are kept, in name order.
fn sample(files: Vec<(String, PathBuf)>, n: usize, seed: u64) -> Vec<(String, PathBuf)> {
    let mut ranked: Vec<(u64, (String, PathBuf))> = files
        .into_iter()
        .map(|file| (seeded_hash(seed, &file.0), file))
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1 .0.cmp(&b.1 .0)));
    let mut picked: Vec<(String, PathBuf)> =
        ranked.into_iter().take(n).map(|(_, file)| file).collect();
    picked.sort_by(|a, b| a.0.cmp(&b.0));
    picked
}

/// FNV-1a over the seed and the text, finished with splitmix64 so that nearby names spread.
fn seeded_hash(seed: u64, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seed.to_le_bytes().iter().chain(text.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash = hash.wrapping_add(0x9e37_79b9_7f4a_7c15);
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// Gives every file a unique, valid crate name and reads its declared version.
fn name_crates(files: Vec<(String, PathBuf)>) -> Vec<Spec> {
    let mut taken = std::collections::HashSet::new();
    files
        .into_iter()
        .map(|(name, path)| {
            let base = crate_name_for(&name);
            let mut crate_name = base.clone();
            let mut n = 2;
            while !taken.insert(crate_name.clone()) {
                crate_name = format!("{base}-{n}");
                n += 1;
            }
            let version = std::fs::read(&path)
                .map(|bytes| sniff_version(&String::from_utf8_lossy(&bytes)))
                .unwrap_or_else(|_| "?".to_owned());
            Spec {
                path,
                name,
                version,
                crate_name,
            }
        })
        .collect()
}

/// `api/googleapis.com/drive.json` → `corpus-api-googleapis-com-drive`, at most 64 characters
/// (long names keep a hash of the whole name so they stay distinct).
fn crate_name_for(name: &str) -> String {
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_ascii_lowercase();
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut crate_name = format!("{CRATE_PREFIX}{}", words.join("-"));
    if words.is_empty() {
        crate_name.push_str("spec");
    }
    // Leave room for a `-N` suffix added on collisions.
    if crate_name.len() > 56 {
        crate_name.truncate(47);
        let _ = write!(crate_name, "-{:08x}", seeded_hash(0, name) as u32);
    }
    crate_name
}

/// The version a spec declares: the value of its top-level `openapi` or `swagger` key, read
/// from the text without parsing it (the loader decides what it accepts; this only labels).
fn sniff_version(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let found = if text.trim_start().starts_with('{') {
        ["\"openapi\"", "\"swagger\""]
            .iter()
            .filter_map(|key| json_string_after(text, key))
            .min_by_key(|(at, _)| *at)
    } else {
        text.lines().enumerate().find_map(|(at, line)| {
            ["openapi", "swagger"].iter().find_map(|key| {
                let rest = line
                    .strip_prefix(key)
                    .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                    .or_else(|| line.strip_prefix(&format!("'{key}'")))?;
                let value = rest.trim_start().strip_prefix(':')?;
                let value = value.split(" #").next().unwrap_or("").trim();
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                Some((at, value.to_owned()))
            })
        })
    };
    match found {
        Some((_, version)) if !version.is_empty() && version.len() <= 16 => version,
        _ => "?".to_owned(),
    }
}

/// The first `"key": "value"` in JSON text: (offset, value).
fn json_string_after(text: &str, key: &str) -> Option<(usize, String)> {
    let mut from = 0;
    while let Some(offset) = text[from..].find(key) {
        let at = from + offset;
        let rest = text[at + key.len()..].trim_start();
        if let Some(rest) = rest.strip_prefix(':') {
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                if let Some(end) = rest.find('"') {
                    return Some((at, rest[..end].to_owned()));
                }
            }
        }
        from = at + key.len();
    }
    None
}

/// Generates every spec on `jobs` threads, writing each member crate as soon as it is done.
fn generate_all(
    specs: &[Spec],
    root: &Path,
    dir: &Path,
    jobs: usize,
    progress: &Progress,
) -> Vec<Generated> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Generated>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(specs.len()).collect());
    let (done, finished) = mpsc::channel::<String>();
    // A panic must not print over the table: the hook keeps its message for the row.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let message = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
    }));
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(specs.len()).max(1) {
            let done = done.clone();
            let (next, results) = (&next, &results);
            let spawned = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, move || loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(spec) = specs.get(i) else { break };
                    let generated = generate_one(spec, root, dir);
                    let line = format!("{} ({:.1}s)", spec.name, generated.seconds);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(generated);
                    }
                    let _ = done.send(line);
                });
            if let Err(error) = spawned {
                progress.line(&format!("corpus: cannot start a generator thread: {error}"));
            }
        }
        drop(done);
        for (count, line) in finished.iter().enumerate() {
            progress.update(&format!("generated {}/{}: {line}", count + 1, specs.len()));
        }
    });
    panic::set_hook(previous_hook);
    progress.finish();
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|| Generated {
                outcome: Err(Failure {
                    cause: "corpus: not generated (no generator thread ran)".to_owned(),
                    first: "no generator thread ran".to_owned(),
                }),
                seconds: 0.0,
            })
        })
        .collect()
}

thread_local! {
    /// The message of the last panic on this thread, kept by the panic hook.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Generates one spec into `root/<crate name>`; never panics.
fn generate_one(spec: &Spec, root: &Path, dir: &Path) -> Generated {
    let started = Instant::now();
    let options = CrateOptions {
        crate_name: spec.crate_name.clone(),
        crate_version: "0.1.0".to_owned(),
        spec_name: spec.name.clone(),
        command: format!("cargo xtask corpus {}", dir.display()),
        standalone: false,
    };
    let outcome = match guarded(|| codegen::generate(&spec.path, &options)) {
        Ok(Ok(generated)) => write::sync(&root.join(&spec.crate_name), &generated, Mode::Write)
            .map(|_| {
                generated
                    .warnings
                    .iter()
                    .map(|warning| generator_pattern(warning.message.lines().next().unwrap_or("")))
                    .collect()
            })
            .map_err(|error| Failure {
                cause: format!("write: {}", pattern(&error.to_string())),
                first: format!("cannot write the crate: {error}"),
            }),
        Ok(Err(errors)) => {
            let first = errors
                .errors
                .first()
                .map_or_else(|| "unknown error".to_owned(), |e| e.message.clone());
            let first = first.lines().next().unwrap_or("").to_owned();
            Err(Failure {
                cause: format!("codegen: {}", generator_pattern(&first)),
                first: errors.errors.first().map_or(first, |e| {
                    e.to_string().lines().next().unwrap_or("").to_owned()
                }),
            })
        }
        Err(message) => Err(Failure {
            cause: format!("PANIC (a generator bug): {}", pattern(&message)),
            first: message,
        }),
    };
    Generated {
        outcome,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Runs `work`; a panic becomes its message (with its location when the hook of
/// [`generate_all`] saw it).
fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// Writes the workspace manifest for `members` and runs `cargo check` once; when cargo refuses
/// the workspace as a whole (a bad manifest, an unresolvable dependency), the members its
/// error names are set aside with that error and the rest are checked again.
fn check_all(
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
fn mentions_dir(text: &str, dir: &str) -> bool {
    text.match_indices(dir).any(|(at, _)| {
        text[at + dir.len()..]
            .chars()
            .next()
            .is_none_or(|next| !(next.is_alphanumeric() || next == '-' || next == '_'))
    })
}

/// Per spec index: what cargo said about its crate, or why cargo refused it.
type CheckResults = Vec<(usize, Result<Checked, Failure>)>;

/// What one `cargo check` run reported.
struct CargoRun {
    success: bool,
    /// Per member crate name.
    checked: HashMap<String, Checked>,
    /// Cargo's own first error (from stderr), if any.
    failure: Option<Failure>,
    stderr: String,
}

fn cargo_check(
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
fn record_diagnostic(entry: &mut Checked, diagnostic: &Value) {
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

/// A message with its specifics blanked out, so that failures group by kind: `backticked`
/// and "quoted" parts become `…` (OpenAPI keywords stay), and the result is one line of
/// bounded length.
fn pattern(message: &str) -> String {
    blank(message, |inner| KEYWORDS.contains(&inner))
}

/// Like [`pattern`] for the generator's messages, which also keep Rust paths
/// (`serde_json::Value`): they name what a construct became, not a spec's own names.
fn generator_pattern(message: &str) -> String {
    blank(message, |inner| {
        KEYWORDS.contains(&inner) || inner.contains("::")
    })
}

/// OpenAPI and JSON Schema keywords: kept in patterns, since they say what kind of thing failed.
const KEYWORDS: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "discriminator",
    "additionalProperties",
    "properties",
    "items",
    "type",
    "format",
    "enum",
    "const",
    "nullable",
    "$ref",
    "required",
    "readOnly",
    "writeOnly",
    "default",
    "pattern",
    "openapi",
    "swagger",
    "paths",
    "components",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "style",
    "explode",
    "security",
    "securitySchemes",
    "servers",
    "callbacks",
    "links",
    "webhooks",
    "x-flags",
];

fn blank(message: &str, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                let mut inner = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == c {
                        closed = true;
                        break;
                    }
                    inner.push(d);
                }
                if closed && keep(&inner) {
                    out.push(c);
                    out.push_str(&inner);
                    out.push(c);
                } else if closed && c == '`' {
                    out.push_str("`…`");
                } else if closed {
                    // A quoted value is a literal like a bare one: `default "x"` ~ `default 0`.
                    out.push('…');
                } else {
                    out.push(c);
                    out.push_str(&inner);
                }
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    // Bare literals (`default 0`, `found true`, `Swagger 2.0`, `[…,…]`) and JSON pointers
    // (`#/components/…`) are specifics too.
    let mut out = out
        .split(' ')
        .map(|word| {
            let core = word.trim_matches(|c: char| ",;:()".contains(c));
            let literal = matches!(core.trim_matches(['[', ']']), "true" | "false" | "null")
                || core.starts_with("#/")
                || (core.chars().any(|c| c.is_ascii_digit() || c == '…')
                    && core
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".-…,[]{}".contains(c)));
            if literal && !core.is_empty() {
                word.replacen(core, "…", 1)
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if out.chars().count() > CAUSE_WIDTH {
        out = out.chars().take(CAUSE_WIDTH - 1).collect();
        out.push('…');
    }
    out
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Wall-clock seconds of the run's stages.
struct Timing {
    generate_wall: f64,
    check_wall: f64,
    total: f64,
}

/// The direct dependencies of a lock file's workspace members (its packages without a
/// `source`), as sorted, distinct `name version` strings.
fn direct_dependencies(lock: &str) -> Vec<String> {
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

/// The table, the totals per input version and the failures grouped by cause.
fn render(
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
fn render_failures(out: &mut String, rows: &[Row]) {
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

/// The kind of a cause: its source (`codegen`, `rustc E0308`, …) and its text up to the first
/// `:` or `;` (`codegen: default … does not fit the schema`).
fn family(cause: &str) -> String {
    match cause.split_once(": ") {
        Some((source, text)) => {
            let head = text.split([':', ';']).next().unwrap_or(text).trim_end();
            format!("{source}: {head}")
        }
        None => cause.to_owned(),
    }
}

/// The most frequent warning kinds: how often, in how many specs, and the first spec.
fn render_warnings(out: &mut String, title: &str, warnings: &[(&Row, &Vec<String>)]) {
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
fn version_group(version: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_members_direct_dependencies() {
        let lock = r#"# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "corpus-a"
version = "0.1.0"
dependencies = [
 "rustls",
 "serde",
 "windows-sys 0.61.2",
]

[[package]]
name = "corpus-b"
version = "0.1.0"
dependencies = ["serde"]

[[package]]
name = "ring"
version = "0.17.14"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "rustls"
version = "0.23.48"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "ring",
]

[[package]]
name = "serde"
version = "1.0.228"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(
            direct_dependencies(lock),
            ["rustls 0.23.48", "serde 1.0.228", "windows-sys 0.61.2"]
        );
        assert!(direct_dependencies("").is_empty());
    }

    #[test]
    fn samples_deterministically() {
        let files: Vec<(String, PathBuf)> = (0..100)
            .map(|i| (format!("api/{i:03}.json"), PathBuf::from(format!("{i}"))))
            .collect();
        let a = sample(files.clone(), 10, 1);
        assert_eq!(a.len(), 10);
        assert_eq!(
            a.iter().map(|f| &f.0).collect::<Vec<_>>(),
            sample(files.clone(), 10, 1)
                .iter()
                .map(|f| &f.0)
                .collect::<Vec<_>>()
        );
        assert!(a.windows(2).all(|w| w[0].0 < w[1].0), "sorted by name");
        assert_ne!(
            a.iter().map(|f| &f.0).collect::<Vec<_>>(),
            sample(files.clone(), 10, 2)
                .iter()
                .map(|f| &f.0)
                .collect::<Vec<_>>()
        );
        assert_eq!(sample(files, 1000, 1).len(), 100);
    }

    #[test]
    fn names_crates_validly_and_uniquely() {
        let files = vec![
            ("api/1password.com/events.json".to_owned(), PathBuf::new()),
            ("api/1password.com-events.json".to_owned(), PathBuf::new()),
            ("…".to_owned(), PathBuf::new()),
            (format!("{}.yaml", "long-name/".repeat(20)), PathBuf::new()),
        ];
        let specs = name_crates(files);
        let names: Vec<&str> = specs.iter().map(|s| s.crate_name.as_str()).collect();
        assert_eq!(names[0], "corpus-api-1password-com-events");
        assert_eq!(names[1], "corpus-api-1password-com-events-2");
        assert_eq!(names[2], "corpus-spec");
        for name in names {
            assert!(codegen::emit::is_valid_package_name(name), "{name}");
        }
    }

    #[test]
    fn sniffs_declared_versions() {
        assert_eq!(sniff_version("{\n  \"openapi\" : \"3.0.1\",\n}"), "3.0.1");
        assert_eq!(
            sniff_version("{\"info\":{\"x\":\"openapi\"},\"swagger\":\"2.0\"}"),
            "2.0"
        );
        assert_eq!(sniff_version("# c\nopenapi: '3.1.0' # x\n"), "3.1.0");
        assert_eq!(sniff_version("swagger: \"2.0\"\n"), "2.0");
        assert_eq!(sniff_version("info: {}\n"), "?");
        assert_eq!(version_group("3.0.3"), "3.0");
        assert_eq!(version_group("?"), "?");
    }

    #[test]
    fn a_panic_becomes_a_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        let caught = guarded(|| -> u8 { panic!("boom {}", 1) });
        assert_eq!(caught, Err("boom 1".to_owned()));
    }

    /// One `cargo check` of a workspace with a good crate, one with a warning, one with a
    /// type error and one whose manifest cargo refuses: each gets its own verdict.
    #[test]
    fn attributes_cargo_results_to_member_crates() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical temp dir");
        let crates = [
            ("corpus-good", "pub fn f() {}\n"),
            ("corpus-warn", "pub fn f() { let x = 1; }\n"),
            ("corpus-type-error", "pub fn f() -> u8 { \"x\" }\n"),
            ("corpus-bad-manifest", "pub fn f() {}\n"),
        ];
        let specs: Vec<Spec> = crates
            .iter()
            .map(|(name, lib)| {
                let manifest = if *name == "corpus-bad-manifest" {
                    "[package]\nname = \"corpus-bad-manifest\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[dependencies]\nno-such-crate-anywhere = { path = \"../nowhere\" }\n".to_owned()
                } else {
                    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n")
                };
                std::fs::create_dir_all(root.join(name).join("src")).expect("crate dir");
                std::fs::write(root.join(name).join("Cargo.toml"), manifest).expect("manifest");
                std::fs::write(root.join(name).join("src/lib.rs"), lib).expect("lib.rs");
                Spec {
                    path: PathBuf::new(),
                    name: format!("{name}.json"),
                    version: "3.0.0".to_owned(),
                    crate_name: (*name).to_owned(),
                }
            })
            .collect();
        let target = root.join("target");
        let progress = Progress::plain();
        let results = check_all(&root, &specs, &[0, 1, 2, 3], &target, 2, &progress)
            .unwrap_or_else(|e| panic!("{e}"));
        let by_index: HashMap<usize, &Result<Checked, Failure>> =
            results.iter().map(|(i, result)| (*i, result)).collect();
        assert_eq!(by_index.len(), 4);
        let checked = |i: usize| match by_index[&i] {
            Ok(checked) => checked,
            Err(failure) => panic!("{} refused: {failure:?}", specs[i].name),
        };
        assert!(checked(0).artifact && checked(0).errors == 0 && checked(0).warnings.is_empty());
        assert!(checked(1).artifact && checked(1).errors == 0);
        assert_eq!(checked(1).warnings.len(), 1, "{:?}", checked(1).warnings);
        assert!(checked(1).warnings[0].starts_with("rustc unused_variables"));
        assert!(!checked(2).artifact && checked(2).errors == 1);
        let first = checked(2).first_error.as_ref().expect("a first error");
        assert!(
            first.cause.starts_with("rustc E0308: mismatched types"),
            "{first:?}"
        );
        assert!(first.first.contains("src/lib.rs:1"), "{first:?}");
        match by_index[&3] {
            Err(failure) => assert!(failure.cause.starts_with("cargo: "), "{failure:?}"),
            Ok(checked) => panic!("a bad manifest was checked: {checked:?}"),
        }
    }

    #[test]
    fn finds_member_directories_in_cargo_errors() {
        assert!(mentions_dir(
            "member `/w/corpus-a` referenced",
            "/w/corpus-a"
        ));
        assert!(mentions_dir("at /w/corpus-a/Cargo.toml", "/w/corpus-a"));
        assert!(mentions_dir("corpus-a v0.1.0 (/w/corpus-a)", "/w/corpus-a"));
        assert!(!mentions_dir(
            "member `/w/corpus-a-b` referenced",
            "/w/corpus-a"
        ));
    }

    #[test]
    fn groups_messages_by_pattern() {
        assert_eq!(
            pattern("cannot find type `Foo` in module `crate::models`"),
            "cannot find type `…` in module `…`"
        );
        assert_eq!(pattern("unclosed `quote"), "unclosed `quote");
        assert_eq!(
            generator_pattern("`allOf` with several parts is generated as `serde_json::Value`"),
            "`allOf` with several parts is generated as `serde_json::Value`"
        );
        assert_eq!(pattern("`a::b` in \"x\""), "`…` in …");
        assert_eq!(
            pattern("default [\"A\",\"B\"] and \"x\" at #/a/b: `allOf`"),
            "default … and … at …: `allOf`"
        );
        assert_eq!(
            pattern("default 0 does not fit (found true); Swagger 2.0, E0412 I32"),
            "default … does not fit (found …); Swagger …, E0412 I32"
        );
        assert_eq!(
            family("codegen: default … does not fit the schema: expected a string; fix it"),
            "codegen: default … does not fit the schema"
        );
        assert_eq!(
            family("rustc E0308: mismatched types"),
            "rustc E0308: mismatched types"
        );
        assert!(pattern(&"x".repeat(500)).chars().count() <= CAUSE_WIDTH);
    }
}
