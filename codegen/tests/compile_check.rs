//! Compile check: every fixture crate must build, document and test warning-free.
//!
//! All fixtures are generated into one temporary Cargo workspace under
//! `CARGO_TARGET_TMPDIR`, with `#![deny(warnings)]` added to each `src/lib.rs`, and checked
//! by single `cargo` invocations: `check --all-targets`, `clippy --all-targets -D warnings`
//! (also with only the `client` feature, only `server`, and neither, for crates with
//! operations; fixture `tags` also with one tag feature and with none, and a consumer crate
//! checks that a one-tag build leaves out a model only another tag reaches), `doc` with
//! `RUSTDOCFLAGS=-D warnings`, `test` (the runtime files carry unit
//! tests) and a doctest listing that must be empty.
//! The target directory is fixed, so dependencies compile once and are reused between runs;
//! the workspace's `Cargo.lock` pins their versions (the network is used only when a pinned
//! crate is not in the local cache yet).

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::write::{self, Mode};
use common::{cargo, pin_dependencies, run_cargo, write_if_changed, write_workspace};

/// The inner attribute added after each `lib.rs` header line.
const DENY: &str = "#![deny(warnings)]\n";

/// The temporary workspace and its target directory.
fn directories() -> (PathBuf, PathBuf) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_check");
    (base.join("workspace"), base.join("target"))
}

/// Writes every fixture crate (non-standalone) and the workspace manifest into `root`;
/// returns the packages that have features (the crates with operations: `client`, `server`).
fn write_fixture_workspace(root: &Path) -> Vec<String> {
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
        members.push(name.to_owned());
    }
    write_workspace(root, &members, "codegen/tests/compile_check.rs");
    with_features
}

/// Writes a crate using fixture `tags` with only its `client`, `server` and `store-front`
/// features, in its own workspace next to the fixtures' (so features do not unify with
/// theirs; the target directory is shared); returns its directory.
fn write_tags_consumer(root: &Path) -> PathBuf {
    let consumer = root.with_file_name("tags-consumer");
    std::fs::create_dir_all(consumer.join("src")).expect("create the tags consumer");
    write_if_changed(
        &consumer.join("Cargo.toml"),
        concat!(
            "# Written by codegen/tests/compile_check.rs.\n",
            "[package]\n",
            "name = \"tags-consumer\"\n",
            "version = \"0.0.0\"\n",
            "edition = \"2021\"\n",
            "publish = false\n\n",
            "[dependencies]\n",
            "fixture-tags = { path = \"../workspace/tags\", default-features = false, features = [\"client\", \"server\", \"store-front\"] }\n\n",
            "[features]\n",
            "pets = [\"fixture-tags/pets\"]\n\n",
            "[workspace]\n",
        ),
    );
    write_if_changed(
        &consumer.join("src/lib.rs"),
        concat!(
            "//! Names what tag `Store Front` uses, and `Toy`, which only tag `pets` reaches.\n",
            "pub use fixture_tags::client::store_front::SellPetRequest;\n",
            "pub use fixture_tags::client::StoreFrontClient;\n",
            "pub use fixture_tags::models::{Owner, Problem, Receipt, Sale};\n",
            "pub use fixture_tags::server::StoreFrontApi;\n",
            "pub type OnlyPets = fixture_tags::models::Toy;\n",
        ),
    );
    pin_dependencies(&consumer);
    consumer
}

/// Per-tag features: fixture `tags` builds warning-free with one tag and with none, and a
/// one-tag build leaves out the models only other tags reach.
fn check_tag_features(root: &Path, target: &Path) {
    for features in ["client,server,pets", "client,server"] {
        let args = [
            "clippy",
            "--all-targets",
            "--quiet",
            "-p",
            "fixture-tags",
            "--no-default-features",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ];
        cargo(root, target, &args, None);
        let args = [
            "doc",
            "--no-deps",
            "--quiet",
            "-p",
            "fixture-tags",
            "--no-default-features",
            "--features",
            features,
        ];
        cargo(root, target, &args, Some("-D warnings"));
    }
    let consumer = write_tags_consumer(root);
    let without_pets = run_cargo(&consumer, target, &["check", "--quiet"], None);
    let stderr = String::from_utf8_lossy(&without_pets.stderr);
    assert!(
        !without_pets.status.success()
            && stderr.contains("cannot find type `Toy` in module `fixture_tags::models`")
            && stderr.matches("error[").count() == 1,
        "with only `store-front` of fixture tags, its models compile and `Toy` (only `pets` reaches it) must not\n{stderr}"
    );
    cargo(
        &consumer,
        target,
        &["check", "--quiet", "--features", "pets"],
        None,
    );
}

#[test]
fn fixture_crates_build_document_and_test_without_warnings() {
    let started = Instant::now();
    let (root, target) = directories();
    let with_features = write_fixture_workspace(&root);

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
    check_tag_features(&root, &target);
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
