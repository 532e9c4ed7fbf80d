//! A spec file's name and text, and turning JSON pointers into diagnostics located in it.

use std::sync::OnceLock;

use crate::diagnostic::{Cause, Diagnostic, Location, Severity};
use crate::locate::PositionIndex;
use crate::pointer::JsonPointer;

/// The text of one spec file, with a position index built on first use.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    index: OnceLock<PositionIndex>,
}

impl SourceFile {
    /// A source named `name` (as the user wrote the path) with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            index: OnceLock::new(),
        }
    }

    /// The file name used in diagnostics and generated headers.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where `pointer` sits in the text.
    pub fn locate(&self, pointer: &JsonPointer) -> Location {
        self.index
            .get_or_init(|| PositionIndex::build(&self.text))
            .locate(pointer)
    }

    /// Where each of `pointers` sits, in one pass that indexes only those nodes (and reuses
    /// the full index when one was built already).
    pub fn locate_many(&self, pointers: &[&JsonPointer]) -> Vec<Location> {
        if let Some(index) = self.index.get() {
            return pointers.iter().map(|p| index.locate(p)).collect();
        }
        let index = PositionIndex::build_for(&self.text, pointers);
        pointers.iter().map(|p| index.locate(p)).collect()
    }

    /// An error about the node at `pointer`.
    pub fn error(&self, pointer: &JsonPointer, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, pointer, message)
    }

    /// A warning about the node at `pointer`.
    pub fn warning(&self, pointer: &JsonPointer, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, pointer, message)
    }

    fn diagnostic(
        &self,
        severity: Severity,
        pointer: &JsonPointer,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            cause: Cause::Other,
            file: self.name.clone(),
            location: self.locate(pointer),
            pointer: Some(pointer.clone()),
            message: message.into(),
        }
    }
}

/// A diagnostic at a known position that concerns no particular node (syntax errors).
pub fn error_at(file: &str, location: Location, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        cause: Cause::Other,
        file: file.to_owned(),
        location,
        pointer: None,
        message: message.into(),
    }
}

/// The 1-based line and column of byte offset `offset` in `text`.
pub fn location_of_offset(text: &str, offset: usize) -> Location {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Location { line, column }
}
