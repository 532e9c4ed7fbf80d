//! Shared by the fixture tests: the fixture list, how each fixture is generated, and the
//! temporary Cargo workspaces generated crates are built and tested in.
// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

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
        standalone: true,
        ..CrateOptions::new(
            format!("fixture-{name}"),
            format!("tests/fixtures/{}", file_of(name)),
        )
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

/// Writes `contents` to `path` unless it already holds them, so cargo sees unchanged files as
/// fresh and does not rebuild.
pub fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }
}

/// Writes the manifest of a temporary workspace at `root` with `members` (directory names)
/// and pins its dependencies to the versions the main workspace's `Cargo.lock` holds (cargo
/// prunes the entries it does not need; copied every run so version bumps are followed).
pub fn write_workspace(root: &Path, members: &[String], written_by: &str) {
    std::fs::create_dir_all(root).expect("create the temporary workspace");
    let members: String = members
        .iter()
        .map(|member| format!("    \"{member}\",\n"))
        .collect();
    let manifest = format!(
        "# Written by {written_by}.\n[workspace]\nresolver = \"2\"\nmembers = [\n{members}]\n"
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    pin_dependencies(root);
}

/// Copies the main workspace's `Cargo.lock` into `root`, so a temporary crate or workspace
/// builds with the dependency versions the project tests with.
pub fn pin_dependencies(root: &Path) {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"))
        .expect("read the workspace Cargo.lock");
    write_if_changed(&root.join("Cargo.lock"), &lock);
}

/// Runs `cargo args…` in `root` with target directory `target` and returns its output,
/// whether it succeeds or not. `RUSTDOCFLAGS` is `rustdocflags` or unset.
pub fn run_cargo(root: &Path, target: &Path, args: &[&str], rustdocflags: Option<&str>) -> Output {
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        // The outer test run's flags are not the generated crates' business.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    match rustdocflags {
        Some(flags) => command.env("RUSTDOCFLAGS", flags),
        None => command.env_remove("RUSTDOCFLAGS"),
    };
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo {args:?}: {error}"));
    eprintln!(
        "cargo {} took {:.1}s",
        args.join(" "),
        started.elapsed().as_secs_f64()
    );
    output
}

/// Runs `cargo args…` like [`run_cargo`]; panics with its output unless it succeeds.
pub fn cargo(root: &Path, target: &Path, args: &[&str], rustdocflags: Option<&str>) -> Output {
    let output = run_cargo(root, target, args, rustdocflags);
    assert!(
        output.status.success(),
        "`cargo {}` failed in {} ({})\n--- stderr ---\n{}\n--- stdout ---\n{}",
        args.join(" "),
        root.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout),
    );
    output
}

/// The items of a generated Rust file, with each declaring macro invocation
/// (`runtime::object_struct! { pub struct … }`, `runtime::string_enum! { pub enum … }`)
/// replaced by the item it declares, so tests read a struct's fields wherever it is written.
pub fn items_of(text: &str) -> syn::Result<Vec<syn::Item>> {
    let file = syn::parse_file(text)?;
    file.items
        .into_iter()
        .map(|item| match item {
            syn::Item::Macro(invocation)
                if matches!(invocation.mac.delimiter, syn::MacroDelimiter::Brace(_)) =>
            {
                syn::parse2(invocation.mac.tokens)
            }
            item => Ok(item),
        })
        .collect()
}
