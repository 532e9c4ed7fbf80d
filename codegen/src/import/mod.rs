//! The import: a vendor's Swagger 2.0 documents (one per resource) → one OpenAPI 3.1 spec, the
//! codegen's input, with our knowledge laid on top as overlays.
//!
//! `config` reads the one file of decisions (`spec/import.toml`); `sources` loads each document
//! through the `loader` (Swagger 2.0 → OpenAPI 3.0, every node still located in its file);
//! `merge` makes them one document (identical definitions once, one tag per document, security
//! names aliased, dangling references stubbed); `names` gives schemas and operations their Rust
//! names as `x-rust-name` (short .NET names, operationIds without their `v1…_` prefix), so no
//! key moves and every `$ref` stays valid; then the overlays apply in file-name order, and
//! `nulls` makes bare carrier `$ref`s nullable (when configured); `output`
//! writes the spec as YAML and the report as Markdown. Whatever the configuration does not
//! decide is an error naming the document's line and what to add.

mod config;
mod merge;
mod names;
mod nulls;
mod output;
mod sources;

use std::path::{Path, PathBuf};

use crate::diagnostic::SpecErrors;
use crate::overlay::Overlay;
pub use config::Config;

/// What an import produces, in memory (nothing is written here).
#[derive(Debug)]
pub struct Imported {
    /// The final spec (YAML), to be written at `spec_path`.
    pub spec: String,
    /// The final spec's path, relative to the configuration's directory.
    pub spec_path: PathBuf,
    /// The import report (Markdown).
    pub report: String,
    /// The report's path, relative to the configuration's directory.
    pub report_path: PathBuf,
    /// Every file the import read, so a watcher knows what to follow.
    pub inputs: Vec<PathBuf>,
    /// Operations in the final spec.
    pub operations: usize,
}

/// Runs the import the configuration at `config_path` describes; `config_name` is how
/// diagnostics name it (e.g. `spec/import.toml`), and the other files are named relative to it.
pub fn import(config_path: &Path, config_name: &str) -> Result<Imported, SpecErrors> {
    let config = Config::read(config_path, config_name)?;
    let documents = sources::load(&config)?;
    let mut merged = merge::merge(&config, &documents)?;
    names::assign(&config, &documents, &mut merged)?;
    let overlays = read_overlays(&config)?;
    let mut applied = Vec::with_capacity(overlays.len());
    for (name, overlay) in &overlays {
        let counts = overlay.apply(&mut merged.root)?;
        applied.push(output::AppliedOverlay {
            name: name.clone(),
            actions: overlay.action_labels().into_iter().zip(counts).collect(),
        });
    }
    let nullable = config
        .nullable_carriers
        .as_ref()
        .map(|why| (nulls::nullable_carriers(&mut merged.root), why.clone()));
    let operations = merge::count_operations(&merged.root);
    let spec = output::spec_yaml(&config, &merged.root, &applied)?;
    let report = output::report(&config, &documents, &merged, &applied, operations, nullable);
    let mut inputs = vec![config_path.to_path_buf()];
    inputs.extend(documents.iter().map(|d| d.path.clone()));
    inputs.extend(overlays_paths(&config)?);
    Ok(Imported {
        spec,
        spec_path: config.output.clone(),
        report,
        report_path: config.report.clone(),
        inputs,
        operations,
    })
}

/// The overlay files, by file name (`.yaml`, `.yml` or `.json`).
fn overlays_paths(config: &Config) -> Result<Vec<PathBuf>, SpecErrors> {
    let dir = config.dir.join(&config.overlays);
    let entries = std::fs::read_dir(&dir).map_err(|error| {
        SpecErrors::single(config.overlays_error(format!(
            "cannot read the overlay directory {}: {error}",
            config.display_name(&config.overlays)
        )))
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Each overlay, parsed, with the name diagnostics use for it.
fn read_overlays(config: &Config) -> Result<Vec<(String, Overlay)>, SpecErrors> {
    let mut overlays = Vec::new();
    let mut errors = Vec::new();
    for path in overlays_paths(config)? {
        let file = path.file_name().map(PathBuf::from).unwrap_or_default();
        let name = config.display_name(&config.overlays.join(file));
        let parsed = std::fs::read(&path)
            .map_err(|error| {
                SpecErrors::single(config.error_at_start(format!("cannot read {name}: {error}")))
            })
            .and_then(|bytes| Overlay::parse(&name, bytes));
        match parsed {
            Ok(overlay) => overlays.push((name, overlay)),
            Err(e) => errors.extend(e.errors),
        }
    }
    if errors.is_empty() {
        Ok(overlays)
    } else {
        Err(SpecErrors { errors })
    }
}
