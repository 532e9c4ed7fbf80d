//! Shared by the fixture tests: the fixture list and how each fixture is generated.
// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use codegen::{CrateOptions, GeneratedCrate};

/// Every fixture under `tests/fixtures/` (each `*.yaml` or `*.json` directly in it; files in
/// subdirectories are parts of multi-file fixtures), by file name, sorted. A new fixture is
/// snapshotted and compile-checked without being listed anywhere.
pub fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures is readable")
        .filter_map(|entry| {
            let path = entry.expect("a directory entry").path();
            let extension = path.extension()?.to_str()?;
            (path.is_file() && (extension == "yaml" || extension == "json"))
                .then(|| path.file_name()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

/// A fixture's name without its extension (`operations.yaml` → `operations`).
pub fn stem(file: &str) -> &str {
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// The directory holding the fixture specs.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture file of `name` (`operations` → `operations.yaml`, or `.json`).
pub fn file_of(name: &str) -> String {
    fixtures()
        .into_iter()
        .find(|file| stem(file) == name)
        .unwrap_or_else(|| panic!("no fixture {name} in tests/fixtures"))
}

/// The options a fixture crate is generated with.
pub fn options(name: &str) -> CrateOptions {
    CrateOptions {
        crate_name: format!("fixture-{name}"),
        crate_version: "0.1.0".to_owned(),
        spec_name: format!("tests/fixtures/{}", file_of(name)),
        command: "cargo xtask codegen".to_owned(),
        standalone: true,
    }
}

/// Generates the crate of fixture `name` (with an empty `[workspace]` when `standalone`),
/// panicking with every diagnostic on failure.
pub fn generate(name: &str, standalone: bool) -> GeneratedCrate {
    let path = fixtures_dir().join(file_of(name));
    let options = CrateOptions {
        standalone,
        ..options(name)
    };
    match codegen::generate(&path, &options) {
        Ok(generated) => generated,
        Err(errors) => panic!("fixture {name} does not generate:\n{errors}"),
    }
}
