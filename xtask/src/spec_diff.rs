//! `cargo xtask spec-diff`: what a spec change does to the API and to the generated crate,
//! between two git revisions (default: `HEAD` against the working tree).
//!
//! Each side is read from git into a temporary directory holding the spec's whole directory
//! (so multi-file specs resolve on both sides), then loaded and lowered like `codegen` does.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diff::{Format, Side};

/// The spec compared by default, relative to the repository root.
const DEFAULT_SPEC: &str = "spec/superoffice.yaml";

/// Review a spec change between two revisions as an API change, with its semver verdict.
///
/// What a spec change does to the API and the generated crate: every change, whom it breaks
/// (clients, servers) and the semver verdict; by default `HEAD` against the working tree.
/// Exits 1 on an error, or with `--fail-on-breaking` on a breaking change.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// The revision compared from.
    #[arg(long, value_name = "GIT_REF", default_value = "HEAD")]
    pub base: String,
    /// The revision compared to [default: the working tree].
    #[arg(long, value_name = "GIT_REF")]
    pub head: Option<String>,
    /// How the report is written.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Exit 1 when a change is breaking.
    #[arg(long)]
    pub fail_on_breaking: bool,
    /// The spec compared, relative to the repository root.
    #[arg(long, value_name = "PATH", default_value = DEFAULT_SPEC)]
    pub spec: PathBuf,
}

/// How the report is written (`codegen::diff::Format`, named for the command line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A summary line and one table, ready to paste into a pull request.
    #[value(alias = "md")]
    Markdown,
    /// Plain text, grouped by operation and schema.
    Text,
    /// The report as JSON.
    Json,
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Text => Format::Text,
            ReportFormat::Json => Format::Json,
        }
    }
}

/// Runs `git args…` in `dir`; its stdout, or a message naming the command.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The repository's top directory, from the current directory.
fn repository_root() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let top = git(&cwd, &["rev-parse", "--show-toplevel"])?;
    Ok(PathBuf::from(String::from_utf8_lossy(&top).trim()))
}

/// Writes the spec's directory as it is at `revision` under `into`.
fn materialize(root: &Path, revision: &str, spec: &Path, into: &Path) -> Result<(), String> {
    let dir = spec.parent().unwrap_or(Path::new(""));
    let mut args = vec!["ls-tree", "-r", "-z", "--name-only", revision, "--"];
    let dir_text = dir.to_string_lossy();
    if !dir_text.is_empty() {
        args.push(&dir_text);
    }
    let listing = git(root, &args)?;
    let files: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    if !files.iter().any(|f| Path::new(f) == spec) {
        return Err(format!("{} does not exist at {revision}", spec.display()));
    }
    for file in files {
        let bytes = git(root, &["show", &format!("{revision}:{file}")])?;
        let path = into.join(&file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Loads one side: the working tree (`None`) or a revision.
fn load_side(root: &Path, revision: Option<&str>, spec: &Path) -> Result<Side, String> {
    let name = spec.to_string_lossy().into_owned();
    let Some(revision) = revision else {
        return Side::load(&root.join(spec), &name)
            .map_err(|errors| format!("{errors}\nspec-diff: the working tree's spec has errors"));
    };
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    materialize(root, revision, spec, dir.path())?;
    Side::load(&dir.path().join(spec), &name)
        .map_err(|errors| format!("{errors}\nspec-diff: the spec at {revision} has errors"))
}

/// Runs `cargo xtask spec-diff` with `args`.
pub fn run(args: &Args) -> ExitCode {
    let report = match report(args) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", report.render(args.format.into()));
    if args.fail_on_breaking && report.is_breaking() {
        eprintln!("spec-diff: breaking changes (--fail-on-breaking)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The report for `args`.
pub fn report(args: &Args) -> Result<codegen::diff::Report, String> {
    let root = repository_root()?;
    let base = load_side(&root, Some(&args.base), &args.spec)?;
    let head = load_side(&root, args.head.as_deref(), &args.spec)?;
    let head_name = args
        .head
        .clone()
        .unwrap_or_else(|| "working tree".to_owned());
    Ok(codegen::diff::diff(&base, &head, &args.base, &head_name))
}
