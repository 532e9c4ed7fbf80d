//! `cargo xtask spec-diff` across commits of a temporary git repository holding a real spec
//! (the ChatTopic spec as written by hand before the import, `fixtures/chat_topic.yaml`):
//! the reviewer's report names each change, its Rust item, its lines and the semver verdict,
//! and `--fail-on-breaking` fails exactly when something breaks.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{text, xtask_in};

const SPEC: &str = include_str!("fixtures/chat_topic.yaml");

/// The spec without `ChatSessionEntity.Rating` (as older servers have it).
const RATING: &str = "        Rating:
          description: Rating of this chat conversation given by the customer
          type: integer
          format: int32
";

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {program}: {error}"));
    assert!(
        output.status.success() || program != "git",
        "git {args:?} failed: {}",
        text(&output.stderr)
    );
    output
}

fn commit(dir: &Path, spec: &str, message: &str) {
    std::fs::write(dir.join("spec/superoffice.yaml"), spec).expect("spec written");
    run(dir, "git", &["add", "-A"]);
    run(dir, "git", &["commit", "-q", "-m", message]);
}

fn spec_diff(dir: &Path, args: &[&str]) -> (Output, String) {
    let mut all = vec!["spec-diff"];
    all.extend(args);
    let output = xtask_in(dir, &all);
    let stdout = text(&output.stdout);
    (output, stdout)
}

/// A repository with three commits: no Rating, Rating added, a status member added and the
/// SessionKey property renamed.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    std::fs::create_dir(path.join("spec")).expect("spec dir");
    run(path, "git", &["init", "-q", "-b", "main"]);
    run(path, "git", &["config", "user.email", "ci@example.com"]);
    run(path, "git", &["config", "user.name", "CI"]);
    assert_eq!(SPEC.matches(RATING).count(), 1);
    commit(path, &SPEC.replacen(RATING, "", 1), "without Rating");
    commit(path, SPEC, "Rating");
    let renamed = SPEC
        .replacen(
            "        - ClosedFromQueue\n",
            "        - ClosedFromQueue\n        - Transferred\n",
            1,
        )
        .replacen(
            "        - '11: ClosedFromQueue'\n",
            "        - '11: ClosedFromQueue'\n        - '12: Transferred'\n",
            1,
        )
        .replacen("        SessionKey:\n", "        SessionToken:\n", 1);
    commit(path, &renamed, "Transferred; SessionKey renamed");
    dir
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not found"))
        + 1
}

#[test]
fn an_added_optional_property_is_a_compatible_minor_change() {
    let repo = repository();
    let (output, markdown) = spec_diff(
        repo.path(),
        &[
            "--base",
            "HEAD~2",
            "--head",
            "HEAD~1",
            "--format",
            "markdown",
            "--fail-on-breaking",
        ],
    );
    assert!(output.status.success(), "{markdown}");
    let line = line_of(SPEC, "        Rating:");
    assert_eq!(
        markdown,
        format!(
            "**spec-diff** `HEAD~2` → `HEAD~1`: 1 change: 0 breaking (0 for clients, 0 for servers), 1 compatible, 0 info; semver: minor\n\
             \n\
             | | Change | Rust item | Impact | Where |\n\
             |---|---|---|---|---|\n\
             | **schema ChatSessionEntity** | property Rating added | `models::ChatSessionEntity::rating: Option<i32>` | compatible (minor): a new optional field; struct literals need `..Default::default()` | `spec/superoffice.yaml:{line}` |\n"
        )
    );
}

#[test]
fn a_rename_and_a_new_enum_member_between_two_commits() {
    let repo = repository();
    let (output, text) = spec_diff(repo.path(), &["--base", "HEAD~1", "--head", "HEAD"]);
    assert!(output.status.success(), "{text}");
    let head = std::fs::read_to_string(repo.path().join("spec/superoffice.yaml")).expect("spec");
    assert!(
        text.starts_with("spec-diff HEAD~1 → HEAD: 3 changes: 1 breaking (1 for clients, 1 for servers), 2 compatible, 0 info; semver: major\n"),
        "{text}"
    );
    let key = line_of(SPEC, "        SessionKey:");
    for expected in [
        "  property SessionKey removed\n    rust: models::ChatSessionEntity::session_key: Nullable<String>\n    breaking for clients and servers (major)".to_owned(),
        format!("    at spec/superoffice.yaml:{key} (base)\n"),
        "  property SessionToken added\n    rust: models::ChatSessionEntity::session_token: Nullable<String>\n    compatible (minor)".to_owned(),
        format!("    at spec/superoffice.yaml:{}\n", line_of(&head, "        SessionToken:")),
        "  enum value Transferred added\n    rust: models::ChatSessionStatus::Transferred\n    compatible (minor)".to_owned(),
        format!("    at spec/superoffice.yaml:{}\n", line_of(&head, "        - Transferred")),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in\n{text}");
    }
    let (failed, _) = spec_diff(
        repo.path(),
        &["--base", "HEAD~1", "--head", "HEAD", "--fail-on-breaking"],
    );
    assert_eq!(
        failed.status.code(),
        Some(1),
        "breaking changes fail the run"
    );
    assert!(common::text(&failed.stderr).contains("breaking"));
}

#[test]
fn the_default_compares_head_with_the_working_tree() {
    let repo = repository();
    let (output, text) = spec_diff(repo.path(), &[]);
    assert!(output.status.success());
    assert_eq!(text, "spec-diff HEAD → working tree: no changes\n");
    let edited = std::fs::read_to_string(repo.path().join("spec/superoffice.yaml"))
        .expect("spec")
        .replacen(
            "Rating of this chat conversation given by the customer",
            "Customer rating",
            1,
        );
    std::fs::write(repo.path().join("spec/superoffice.yaml"), edited).expect("written");
    let (output, json) = spec_diff(repo.path(), &["--format", "json"]);
    assert!(output.status.success());
    let report: serde_yaml::Value = serde_yaml::from_str(&json).expect("JSON");
    assert_eq!(report["semver"].as_str(), Some("patch"));
    assert_eq!(
        report["changes"][0]["kind"].as_str(),
        Some("description_changed")
    );
    assert_eq!(
        report["changes"][0]["rust_item"].as_str(),
        Some("models::ChatSessionEntity::rating: Option<i32>")
    );
}

#[test]
fn a_revision_without_the_spec_or_a_broken_spec_is_an_error() {
    let repo = repository();
    let (output, _) = spec_diff(repo.path(), &["--base", "no-such-ref"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("no-such-ref"));
    std::fs::write(repo.path().join("spec/superoffice.yaml"), "openapi: [").expect("written");
    let (output, _) = spec_diff(repo.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("spec/superoffice.yaml:2:1: error: invalid YAML"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the working tree's spec has errors"),
        "{stderr}"
    );
}
