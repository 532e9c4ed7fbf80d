//! Compile check: every fixture crate must build, document and test warning-free.
//!
//! All fixtures are generated into one temporary Cargo workspace under
//! `CARGO_TARGET_TMPDIR`, with `#![deny(warnings)]` added to each `src/lib.rs`, and checked
//! by single `cargo` invocations: `check --all-targets`, `clippy --all-targets -D warnings`
//! (also with only the `client` feature, only `server`, and neither, for crates with
//! operations), `doc` with `RUSTDOCFLAGS=-D warnings`, `test` (the runtime files carry unit
//! tests) and a doctest listing that must be empty.
//! The target directory is fixed, so dependencies compile once and are reused between runs;
//! the workspace's `Cargo.lock` pins their versions (the network is used only when a pinned
//! crate is not in the local cache yet).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use codegen::write::{self, Mode};

/// The inner attribute added after each `lib.rs` header line.
const DENY: &str = "#![deny(warnings)]\n";

/// The temporary workspace and its target directory.
fn directories() -> (PathBuf, PathBuf) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_check");
    (base.join("workspace"), base.join("target"))
}

/// Writes every fixture crate (non-standalone) and the workspace manifest into `root`;
/// returns the packages that have features (the crates with operations: `client`, `server`).
fn write_workspace(root: &Path) -> Vec<String> {
    std::fs::create_dir_all(root).expect("create the temporary workspace");
    let mut members = Vec::new();
    let mut with_features = Vec::new();
    for file in common::fixtures() {
        let name = common::stem(&file);
        let mut generated = common::generate(name, false);
        let lib = generated
            .files
            .get_mut(Path::new("src/lib.rs"))
            .expect("every generated crate has a src/lib.rs");
        let header_end = lib.find('\n').expect("lib.rs starts with a header line") + 1;
        lib.insert_str(header_end, DENY);
        if generated.files[Path::new("Cargo.toml")].contains("\n[features]\n") {
            with_features.push(format!("fixture-{name}"));
        }
        // Only changed files are rewritten, so unchanged crates stay fresh for cargo.
        write::sync(&root.join(name), &generated, Mode::Write)
            .unwrap_or_else(|error| panic!("cannot write fixture {name}: {error}"));
        members.push(format!("    \"{name}\",\n"));
    }
    let manifest = format!(
        "# Written by codegen/tests/compile_check.rs.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.concat()
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    // Pin dependency versions to the ones the main workspace uses (cargo prunes the entries
    // it does not need); copied every run so that version bumps there are followed here.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"))
        .expect("read the workspace Cargo.lock");
    write_if_changed(&root.join("Cargo.lock"), &lock);
    with_features
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }
}

/// Runs `cargo args…` in `root`; panics with its output unless it succeeds.
fn cargo(root: &Path, target: &Path, args: &[&str], rustdocflags: Option<&str>) -> Output {
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

#[test]
fn fixture_crates_build_document_and_test_without_warnings() {
    let started = Instant::now();
    let (root, target) = directories();
    let with_features = write_workspace(&root);

    cargo(
        &root,
        &target,
        &["check", "--workspace", "--all-targets", "--quiet"],
        None,
    );
    // Clippy reuses the dependencies `check` just built; only the fixture crates are linted.
    cargo(
        &root,
        &target,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    // Client and server are features: each must build warning-free without the other.
    if !with_features.is_empty() {
        for features in [
            &[][..],
            &["--features", "client"],
            &["--features", "server"],
        ] {
            let mut args = vec![
                "clippy",
                "--all-targets",
                "--quiet",
                "--no-default-features",
            ];
            for package in &with_features {
                args.extend(["-p", package]);
            }
            args.extend(features);
            args.extend(["--", "-D", "warnings"]);
            cargo(&root, &target, &args, None);
        }
    }
    cargo(
        &root,
        &target,
        &["doc", "--workspace", "--no-deps", "--quiet"],
        Some("-D warnings"),
    );
    // Unit tests of the copied runtime files (and any doctest, which would fail below).
    cargo(&root, &target, &["test", "--workspace", "--quiet"], None);
    // Spec prose must never become a doctest: rustdoc finds none in any fixture crate.
    let listed = cargo(
        &root,
        &target,
        &["test", "--workspace", "--doc", "--quiet", "--", "--list"],
        None,
    );
    let stdout = String::from_utf8_lossy(&listed.stdout);
    let doctests: Vec<&str> = stdout
        .lines()
        .filter(|line| line.ends_with(": test"))
        .collect();
    assert!(
        doctests.is_empty(),
        "generated docs must not contain doctests, found:\n{}",
        doctests.join("\n")
    );
    eprintln!(
        "compile check of {} fixtures took {:.1}s",
        common::fixtures().len(),
        started.elapsed().as_secs_f64()
    );
}
