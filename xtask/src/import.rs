//! `cargo xtask import`: SuperOffice's documents + our overlays → the spec codegen reads, and
//! the import report; `--check` fails when either is stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::import::Imported;
use codegen::write::{self, Change, Mode};
use codegen::GeneratedCrate;

use crate::report::{print_outcome, Outcome};
use crate::workspace::{shown, workspace_root};

/// The import's configuration, relative to the workspace root.
pub const CONFIG: &str = "spec/import.toml";

/// Import SuperOffice's API documents into the spec codegen reads (spec/import.toml); --check.
///
/// Reads the vendored Swagger 2.0 documents and the decisions in `spec/import.toml`, merges
/// them into one OpenAPI 3.1 document, applies the overlays in `spec/overlays/` in file-name
/// order, and writes the spec and the import report that file names. Anything the
/// configuration does not decide is an error at its file, line and column; nothing is written
/// then.
#[derive(Debug, Default, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// Change nothing; fail with a diff when the spec or the report is stale.
    #[arg(long)]
    pub check: bool,
    /// The configuration to import from, instead of the workspace's own.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Runs the import the arguments describe.
pub fn run(args: &Args) -> ExitCode {
    let config = args
        .config
        .clone()
        .unwrap_or_else(|| workspace_root().join(CONFIG));
    let mode = if args.check { Mode::Check } else { Mode::Write };
    print_outcome(execute(&config, mode))
}

/// Imports from `config` and writes (or checks) the spec and the report beside it.
pub fn execute(config: &Path, mode: Mode) -> Result<Outcome, String> {
    let started = Instant::now();
    let name = shown(config).display().to_string().replace('\\', "/");
    let imported = import(config, &name)?;
    let dir = config.parent().unwrap_or(Path::new("."));
    let files: BTreeMap<PathBuf, String> = [
        (imported.spec_path.clone(), imported.spec),
        (imported.report_path.clone(), imported.report),
    ]
    .into_iter()
    .collect();
    let outputs = GeneratedCrate {
        files,
        warnings: Vec::new(),
    };
    // `sync` removes stale files only under a crate's `src/`, which the spec directory lacks.
    let report = write::sync(dir, &outputs, mode)
        .map_err(|error| format!("import: cannot update {}: {error}", shown(dir).display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let shown_dir = shown(dir);
    let mut output = String::new();
    if mode == Mode::Check {
        if report.changes.is_empty() {
            output.push_str(&format!(
                "import --check: {} and {} are up to date ({} operations)\n",
                shown_dir.join(&imported.spec_path).display(),
                shown_dir.join(&imported.report_path).display(),
                imported.operations
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
                shown_dir.join(change.path()).display()
            ));
        }
        output.push_str(
            "import --check: the imported spec is stale; run `cargo xtask import`, review the \
             spec's and the report's diffs, then `cargo xtask codegen`, and commit the result\n",
        );
        return Ok(Outcome {
            output,
            stale: true,
        });
    }
    for change in &report.changes {
        let verb = match change {
            Change::Created(_) => "created",
            Change::Updated(_) => "updated",
            Change::Removed(_) => "removed",
        };
        output.push_str(&format!(
            "{verb} {}\n",
            shown_dir.join(change.path()).display()
        ));
    }
    output.push_str(&format!(
        "import: {} operations from {} files in {seconds:.2} s ({} written, {} unchanged)\n",
        imported.operations,
        imported.inputs.len(),
        report.changes.len(),
        report.unchanged
    ));
    Ok(Outcome {
        output,
        stale: false,
    })
}

/// The import, its errors as the message for standard error.
fn import(config: &Path, name: &str) -> Result<Imported, String> {
    codegen::import::import(config, name).map_err(|errors| {
        let count = errors.errors.len();
        let plural = if count == 1 { "" } else { "s" };
        format!("{errors}\nimport: {count} error{plural}; nothing was written")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A forgotten `cargo xtask import` fails `cargo test`, not only CI.
    #[test]
    fn imported_spec_is_up_to_date() {
        let config = workspace_root().join(CONFIG);
        let outcome = execute(&config, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
        assert!(!outcome.stale, "{}", outcome.output);
    }
}
