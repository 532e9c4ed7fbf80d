//! `cargo xtask codegen`: generate, then write or check, and say what changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::write::{self, Change, Mode};
use codegen::CrateOptions;

use crate::progress::Progress;
use crate::report::{print_outcome, Outcome};
use crate::workspace::{shown, workspace_root};

/// The checked-in spec, relative to the workspace root.
const SPEC: &str = "spec/superoffice.yaml";
/// The checked-in generated crate, relative to the workspace root.
const OUT: &str = "generated";
/// The generated crate's package name.
const CRATE_NAME: &str = "superoffice-webapi";
/// The features `generated/tests` and `generated/examples` use: the whole WebAPI has no tag
/// on by default, and the tests and examples receive webhooks, serve and call ChatTopic and
/// round-trip the page samples of Contact, Person, Sale and ContactAgent (with `PartialEq` to
/// compare them).
const DEV_FEATURES: &[&str] = &[
    "webhooks",
    "odata",
    "system-user",
    "tenant",
    "chat-topic",
    "document",
    "contact",
    "person",
    "sale",
    "contact-agent",
    "partial-eq",
];

/// Regenerate generated/ from spec/ (or any spec into a standalone crate); --check, --watch.
///
/// Without `--spec`: regenerate `generated/` from `spec/superoffice.yaml`, always strict (the
/// project's own spec must give no warning). With `--spec FILE --out DIR`: generate a
/// standalone crate from any OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON).
///
/// Defects with one sound way around (an undeclared security scheme, a `$ref` to nothing, a
/// `default` that does not fit) are warnings, listed one line per cause with its count and
/// first place.
#[derive(Debug, Default, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// Change nothing; fail when the output is stale.
    #[arg(long, conflicts_with = "watch")]
    pub check: bool,
    /// Generate, then regenerate whenever a file under the spec's directory changes, printing
    /// what was written or the spec's errors (which leave the output untouched); Ctrl-C stops.
    #[arg(long)]
    pub watch: bool,
    /// Warnings (defects generated around, constructs generated less precisely than the spec
    /// describes) are errors, and nothing is written.
    #[arg(long)]
    pub strict: bool,
    /// The spec to generate from, instead of the workspace's own (needs `--out`).
    #[arg(long, value_name = "FILE", requires = "out")]
    pub spec: Option<PathBuf>,
    /// The directory the standalone crate is written to (needs `--spec`).
    #[arg(long, value_name = "DIR", requires = "spec")]
    pub out: Option<PathBuf>,
    /// The standalone crate's package name [default: from the spec's file name].
    #[arg(long, value_name = "NAME", requires = "spec")]
    pub crate_name: Option<String>,
    /// How warnings are listed.
    #[arg(long, value_enum, default_value_t = WarningList::Grouped)]
    pub warnings: WarningList,
}

/// How warnings are listed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum WarningList {
    /// One line per cause and message, with its count and first place.
    #[default]
    Grouped,
    /// Every warning on a line of its own.
    All,
}

impl Args {
    /// `Check` with `--check`, `Write` otherwise.
    pub fn mode(&self) -> Mode {
        if self.check {
            Mode::Check
        } else {
            Mode::Write
        }
    }
}

/// What to generate, from where, to where.
#[derive(Debug)]
pub struct Job {
    /// The spec file to read.
    pub spec: PathBuf,
    /// The directory to sync.
    pub out: PathBuf,
    /// How the crate is named and built.
    pub options: CrateOptions,
    /// Warnings are errors (`--strict`).
    pub strict: bool,
    /// How warnings are listed.
    pub warnings: WarningList,
    /// The import configuration whose outputs include the spec (the workspace's own job):
    /// `--watch` runs the import before each generation, so edits to the vendor documents,
    /// the configuration or the overlays regenerate too.
    pub import: Option<PathBuf>,
}

impl Job {
    /// The checked-in spec → `generated/`, strict: the project keeps its own spec free of
    /// anything the generator has to work around.
    pub fn workspace() -> Self {
        let root = workspace_root();
        Self {
            spec: root.join(SPEC),
            out: root.join(OUT),
            options: CrateOptions {
                dev_features: DEV_FEATURES.iter().map(|f| (*f).to_owned()).collect(),
                superoffice_support: true,
                ..CrateOptions::new(CRATE_NAME, SPEC)
            },
            strict: true,
            warnings: WarningList::Grouped,
            import: Some(root.join(crate::import::CONFIG)),
        }
    }

    /// Any spec → a standalone crate in `out`.
    pub fn standalone(spec: &Path, out: &Path, crate_name: Option<&str>) -> Self {
        let crate_name = crate_name.map_or_else(|| default_crate_name(spec), str::to_owned);
        let spec_name = spec.display().to_string();
        let command = format!(
            "cargo xtask codegen --spec {spec_name} --out {} --crate-name {crate_name}",
            out.display()
        );
        Self {
            spec: spec.to_path_buf(),
            out: out.to_path_buf(),
            options: CrateOptions {
                command,
                standalone: true,
                ..CrateOptions::new(crate_name, spec_name)
            },
            strict: false,
            warnings: WarningList::Grouped,
            import: None,
        }
    }
}

/// A package name from the spec's file stem: `petstore.v2.yaml` → `petstore-v2`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    match words.first() {
        Some(first) if first.starts_with(|c: char| c.is_ascii_alphabetic()) => words.join("-"),
        Some(_) => format!("api-{}", words.join("-")),
        None => "api".to_owned(),
    }
}

impl Job {
    /// The job `args` describe: the workspace's own, or a standalone crate; `Err` when the
    /// crate name is not valid.
    pub fn from_args(args: &Args) -> Result<Self, String> {
        let mut job = match (&args.spec, &args.out) {
            (Some(spec), Some(out)) => Job::standalone(spec, out, args.crate_name.as_deref()),
            _ => Job::workspace(),
        };
        job.strict |= args.strict;
        job.warnings = args.warnings;
        if !codegen::emit::is_valid_package_name(&job.options.crate_name) {
            return Err(format!(
                "`{}` is not a valid crate name; use ASCII letters, digits, `-` and `_`, starting with a letter (--crate-name NAME)",
                job.options.crate_name
            ));
        }
        Ok(job)
    }
}

/// Runs `job` once, writing (or with `Mode::Check`, checking) its output.
pub fn run(job: &Job, mode: Mode) -> ExitCode {
    print_outcome(execute(job, mode))
}

/// At most this many changed files are listed one by one (a first run of a huge spec
/// creates thousands).
const LISTED_CHANGES: usize = 100;

/// Specs from this size on are long runs: their phases are reported as they go.
const LARGE_SPEC_BYTES: u64 = 1024 * 1024;

/// Runs the generator's phases, reporting each for a large spec (a status line on a
/// terminal, a line per phase otherwise).
fn generate(job: &Job) -> Result<codegen::GeneratedCrate, codegen::SpecErrors> {
    let size = std::fs::metadata(&job.spec).map_or(0, |meta| meta.len());
    let progress = (size >= LARGE_SPEC_BYTES).then(Progress::new);
    let started = Instant::now();
    let report = |done: &str, next: &str| {
        if let Some(progress) = &progress {
            let seconds = started.elapsed().as_secs_f64();
            if progress.is_terminal() {
                progress.update(&format!("codegen: {done} ({seconds:.2} s); {next}…"));
            } else {
                progress.line(&format!("codegen: {done} ({seconds:.2} s)"));
            }
        }
    };
    if let Some(progress) = &progress {
        progress.update(&format!(
            "codegen: loading {} ({:.1} MB)…",
            job.options.spec_name,
            size as f64 / 1e6
        ));
    }
    let parsed = codegen::loader::read_file(&job.spec, &job.options.spec_name)?;
    let document = codegen::loader::resolve(parsed)?;
    report(&format!("loaded {:.1} MB", size as f64 / 1e6), "lowering");
    let lowered = codegen::lower::lower(&document)?;
    report(
        &format!(
            "lowered: {} types, {} operations",
            lowered.model.types.len(),
            lowered.model.operations.len()
        ),
        "emitting",
    );
    let generated = codegen::emit_lowered(&document, lowered, &job.options)?;
    report(
        &format!("emitted {} files", generated.files.len()),
        "writing",
    );
    if let Some(progress) = &progress {
        progress.finish();
    }
    Ok(generated)
}

/// Generates and syncs; `Err` carries the full message for standard error.
pub fn execute(job: &Job, mode: Mode) -> Result<Outcome, String> {
    let generated = generate(job).map_err(|errors| {
        let count = errors.errors.len();
        let plural = if count == 1 { "" } else { "s" };
        format!(
            "{errors}\ncodegen: {count} error{plural} in {}; nothing was written",
            job.options.spec_name
        )
    })?;
    if job.strict && !generated.warnings.is_empty() {
        // --strict: what would be a warning is an error, and nothing is written.
        let errors: Vec<String> = generated
            .warnings
            .iter()
            .map(|warning| {
                let mut error = warning.clone();
                error.severity = codegen::Severity::Error;
                error.to_string()
            })
            .collect();
        let count = errors.len();
        let plural = if count == 1 { "" } else { "s" };
        return Err(format!(
            "{}\ncodegen: {count} error{plural} in {} (warnings, with --strict); nothing was written",
            errors.join("\n"),
            job.options.spec_name
        ));
    }
    if !generated.warnings.is_empty() {
        eprint!("{}", warning_lines(&generated.warnings, job.warnings));
    }
    let report = write::sync(&job.out, &generated, mode)
        .map_err(|error| format!("codegen: cannot update {}: {error}", job.out.display()))?;
    let shown_path = shown(&job.out);
    let shown_out = shown_path.display();
    let mut output = String::new();
    if mode == Mode::Check {
        if report.changes.is_empty() {
            output.push_str(&format!(
                "codegen --check: {shown_out} is up to date ({} files)\n",
                report.unchanged
            ));
            return Ok(Outcome {
                output,
                stale: false,
            });
        }
        output.push_str(&report.diff);
        for change in &report.changes {
            output.push_str(&format!(
                "stale: {}\n",
                shown_path.join(change.path()).display()
            ));
        }
        output.push_str(&format!(
            "codegen --check: {shown_out} is stale ({} files differ); run `{}` and commit the result\n",
            report.changes.len(),
            job.options.command
        ));
        return Ok(Outcome {
            output,
            stale: true,
        });
    }
    let (mut written, mut removed) = (0, 0);
    for change in &report.changes {
        let verb = match change {
            Change::Created(_) => "created",
            Change::Updated(_) => "updated",
            Change::Removed(_) => "removed",
        };
        if matches!(change, Change::Removed(_)) {
            removed += 1;
        } else {
            written += 1;
        }
        if written + removed <= LISTED_CHANGES {
            output.push_str(&format!(
                "{verb} {}\n",
                shown_path.join(change.path()).display()
            ));
        }
    }
    if written + removed > LISTED_CHANGES {
        output.push_str(&format!(
            "… and {} more\n",
            written + removed - LISTED_CHANGES
        ));
    }
    output.push_str(&format!(
        "codegen: {written} written, {removed} removed, {} unchanged in {shown_out} from {}\n",
        report.unchanged, job.options.spec_name
    ));
    Ok(Outcome {
        output,
        stale: false,
    })
}

/// The warnings as listed on standard error: grouped (or each), then a line counting them
/// by cause.
pub fn warning_lines(warnings: &[codegen::Diagnostic], list: WarningList) -> String {
    let mut out = String::new();
    match list {
        WarningList::Grouped => {
            for group in codegen::diagnostic::group_warnings(warnings) {
                out.push_str(&format!("{group}\n"));
            }
        }
        WarningList::All => {
            for warning in warnings {
                out.push_str(&format!("{warning}\n"));
            }
        }
    }
    let count = warnings.len();
    out.push_str(&format!(
        "codegen: {} warning{} ({}); generated anyway, `--strict` makes them errors\n",
        codegen::diagnostic::thousands(count),
        if count == 1 { "" } else { "s" },
        codegen::diagnostic::summarize_causes(warnings),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rust-analyzer pattern: a forgotten regeneration fails `cargo test`, not only CI.
    #[test]
    fn generated_crate_is_up_to_date() {
        let outcome = execute(&Job::workspace(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));
        assert!(!outcome.stale, "{}", outcome.output);
    }

    #[test]
    fn derives_crate_names_from_spec_files() {
        assert_eq!(
            default_crate_name(Path::new("x/petstore.v2.yaml")),
            "petstore-v2"
        );
        assert_eq!(
            default_crate_name(Path::new("1password.json")),
            "api-1password"
        );
        assert_eq!(default_crate_name(Path::new("…")), "api");
    }
}
