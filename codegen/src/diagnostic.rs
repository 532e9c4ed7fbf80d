//! Errors and warnings about a spec, each naming the file, line, column and JSON pointer.

use std::fmt;

use crate::pointer::JsonPointer;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot go on; nothing is written.
    Error,
    /// The spec is valid but something was generated less precisely than it could be.
    Warning,
}

/// A 1-based line and column (in characters) in a spec file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// One problem found in a spec.
///
/// Displays as `FILE:LINE:COL: error: WHAT (at POINTER)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file as the user named it.
    pub file: String,
    /// Where in the file; the start of the file when nothing more precise is known.
    pub location: Location,
    /// The JSON pointer of the offending node, when the problem concerns one.
    pub pointer: Option<JsonPointer>,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.file, self.location.line, self.location.column, self.message
        )?;
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        Ok(())
    }
}

/// Every error found in a spec (at least one), in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecErrors {
    /// The errors, sorted by file and location.
    pub errors: Vec<Diagnostic>,
}

impl SpecErrors {
    /// Wraps a single error.
    pub fn single(error: Diagnostic) -> Self {
        Self {
            errors: vec![error],
        }
    }
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}
