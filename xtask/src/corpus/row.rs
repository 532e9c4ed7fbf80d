//! What the corpus run learns about each spec (found, generated, checked) and why one failed.

use std::path::PathBuf;

/// One spec file found under the directory.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    /// The file.
    pub(super) path: PathBuf,
    /// Its path relative to the searched directory, `/`-separated: how the table names it.
    pub(super) name: String,
    /// The `openapi` or `swagger` version it declares (`?` when none is found).
    pub(super) version: String,
    /// The member crate's package name (also its directory in the workspace).
    pub(super) crate_name: String,
}

/// Why a spec failed: a short groupable cause and the first error line itself.
#[derive(Debug, Clone)]
pub(super) struct Failure {
    /// The cause with names and numbers blanked out (`rustc E0412: cannot find type `…``).
    pub(super) cause: String,
    /// The first error as reported.
    pub(super) first: String,
}

/// What generating one spec gave.
#[derive(Debug)]
pub(super) struct Generated {
    /// The generator's warnings (as patterns, for grouping), or why generation failed.
    pub(super) outcome: Result<Vec<String>, Failure>,
    /// Seconds spent generating and writing.
    pub(super) seconds: f64,
}

/// What `cargo check` said about one member crate.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// The crate's library was checked (an artifact was reported).
    pub(super) artifact: bool,
    /// Error diagnostics.
    pub(super) errors: usize,
    /// Warning diagnostics, as patterns (`rustc unused_imports: unused import: `…``).
    pub(super) warnings: Vec<String>,
    /// The first error.
    pub(super) first_error: Option<Failure>,
}

/// The final row of one spec.
#[derive(Debug)]
pub(super) struct Row {
    pub(super) spec: Spec,
    pub(super) generated: Generated,
    /// `None` when the spec did not generate.
    pub(super) checked: Option<Checked>,
    /// Set when cargo itself refused the crate (manifest or dependency resolution).
    pub(super) cargo_failure: Option<Failure>,
}

impl Row {
    pub(super) fn compiled(&self) -> bool {
        self.generated.outcome.is_ok()
            && self.cargo_failure.is_none()
            && self
                .checked
                .as_ref()
                .is_some_and(|c| c.artifact && c.errors == 0)
    }

    /// Why the spec failed, if it did.
    pub(super) fn failure(&self) -> Option<Failure> {
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
