//! Shared by the fixture tests: the fixture list and how each fixture is generated.

use std::path::PathBuf;

use codegen::{CrateOptions, GeneratedCrate};

/// Every fixture under `tests/fixtures/`, by file stem. `snapshots.rs` checks that this list
/// matches the directory, so a new fixture cannot be forgotten.
pub const FIXTURES: &[&str] = &[
    "collections",
    "date_time",
    "docs",
    "enums",
    "flags",
    "inline",
    "naming",
    "nullable_30",
    "operations",
    "refs_and_cycles",
    "scalars",
];

/// The directory holding the fixture specs.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The options a fixture crate is generated with.
pub fn options(name: &str) -> CrateOptions {
    CrateOptions {
        crate_name: format!("fixture-{name}"),
        crate_version: "0.1.0".to_owned(),
        spec_name: format!("tests/fixtures/{name}.yaml"),
        command: "cargo xtask codegen".to_owned(),
        standalone: true,
    }
}

/// Generates the crate of fixture `name` (with an empty `[workspace]` when `standalone`),
/// panicking with every diagnostic on failure.
pub fn generate(name: &str, standalone: bool) -> GeneratedCrate {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    let options = CrateOptions {
        standalone,
        ..options(name)
    };
    match codegen::generate(&path, &options) {
        Ok(generated) => generated,
        Err(errors) => panic!("fixture {name} does not generate:\n{errors}"),
    }
}
