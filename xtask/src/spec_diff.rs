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

/// Parsed `spec-diff` arguments.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    /// `--base REF` (default `HEAD`).
    pub base: String,
    /// `--head REF`; `None` is the working tree.
    pub head: Option<String>,
    /// `--format markdown|text|json` (default text).
    pub format: Format,
    /// `--fail-on-breaking`.
    pub fail_on_breaking: bool,
    /// `--spec PATH`, relative to the repository root.
    pub spec: PathBuf,
}

impl Args {
    /// Parses the arguments after `spec-diff`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = Self {
            base: "HEAD".to_owned(),
            head: None,
            format: Format::Text,
            fail_on_breaking: false,
            spec: PathBuf::from(DEFAULT_SPEC),
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("`{flag}` needs a value"))
            };
            match arg.as_str() {
                "--base" => parsed.base = value("--base")?,
                "--head" => parsed.head = Some(value("--head")?),
                "--format" => parsed.format = value("--format")?.parse()?,
                "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
                "--fail-on-breaking" => parsed.fail_on_breaking = true,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(parsed)
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
    print!("{}", report.render(args.format));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Args, String> {
        Args::parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_arguments() {
        let args = parse(&[
            "--base",
            "main",
            "--format",
            "markdown",
            "--fail-on-breaking",
        ])
        .expect("valid");
        assert_eq!(args.base, "main");
        assert_eq!(args.head, None);
        assert_eq!(args.format, Format::Markdown);
        assert!(args.fail_on_breaking);
        assert!(parse(&["--format", "xml"]).is_err());
        assert!(parse(&["--head"]).is_err());
        assert!(parse(&["--what"]).is_err());
    }
}
