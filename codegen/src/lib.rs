//! OpenAPI 3.0/3.1 → Rust: load and validate a spec, lower it into a small intermediate
//! model, and emit formatted Rust as token streams.
//!
//! The pipeline is `loader` → `lower` → `model` → `emit` → `write`; see `ARCHITECTURE.md`.

mod bundle;
mod convert;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod import;
pub mod loader;
mod locate;
pub mod lower;
pub mod model;
pub mod naming;
pub mod origins;
pub mod overlay;
mod parse;
pub mod pointer;
pub mod source;
mod tree;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Location, Severity, SpecErrors};
pub use emit::CrateOptions;

/// A generated crate, entirely in memory: relative path → file contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    /// Every file, keyed by its path relative to the crate root (`/`-separated).
    pub files: BTreeMap<PathBuf, String>,
    /// Constructs generated less precisely than the spec describes them.
    pub warnings: Vec<Diagnostic>,
}

/// Loads the spec at `spec_path`, lowers it and emits the whole crate in memory.
///
/// Nothing is written: on error the output directory is never touched.
pub fn generate(spec_path: &Path, options: &CrateOptions) -> Result<GeneratedCrate, SpecErrors> {
    let document = loader::load_file(spec_path, &options.spec_name)?;
    generate_document(&document, options)
}

/// Like [`generate`], for a document already loaded.
pub fn generate_document(
    document: &loader::Document,
    options: &CrateOptions,
) -> Result<GeneratedCrate, SpecErrors> {
    let lowered = lower::lower(document)?;
    emit_lowered(document, lowered, options)
}

/// Emits the crate of a lowered `document` (the last step of [`generate_document`], for
/// callers that run the phases one by one).
pub fn emit_lowered(
    document: &loader::Document,
    lowered: lower::Lowered,
    options: &CrateOptions,
) -> Result<GeneratedCrate, SpecErrors> {
    let files = emit::emit_crate(&lowered.model, options).map_err(|message| {
        SpecErrors::single(document.error(&pointer::JsonPointer::root(), message))
    })?;
    Ok(GeneratedCrate {
        files,
        warnings: lowered.warnings,
    })
}
