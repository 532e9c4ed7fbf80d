//! `cargo xtask codegen` as a developer uses it: deterministic output, `--check` catching a
//! stale crate with a reviewable diff, stale files removed, and standalone crates that build
//! wherever they are written.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{snapshot, text, xtask, CHAT_TOPIC_SPEC};

/// A copy of the hand-written ChatTopic spec in a temp dir, and an output dir beside it.
fn workspace_spec_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("superoffice.yaml");
    std::fs::copy(CHAT_TOPIC_SPEC, &spec).expect("spec copied");
    let out = dir.path().join("out");
    (dir, spec, out)
}

fn generate(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let spec = spec.to_str().expect("utf-8 path");
    let out = out.to_str().expect("utf-8 path");
    let mut args = vec![
        "codegen",
        "--spec",
        spec,
        "--out",
        out,
        "--crate-name",
        "so-copy",
    ];
    args.extend_from_slice(extra);
    xtask(&args)
}

#[test]
fn generation_is_byte_identical_on_every_run() {
    let options = codegen::CrateOptions::new("superoffice-webapi", "spec/superoffice.yaml");
    let first = codegen::generate(Path::new(CHAT_TOPIC_SPEC), &options).expect("generates");
    let second = codegen::generate(Path::new(CHAT_TOPIC_SPEC), &options).expect("generates");
    assert_eq!(first, second);

    let (_dir, spec, out) = workspace_spec_copy();
    assert!(generate(&spec, &out, &[]).status.success());
    let before = snapshot(&out);
    let again = generate(&spec, &out, &[]);
    assert!(again.status.success());
    assert_eq!(snapshot(&out), before, "a second run changes nothing");
    assert!(
        text(&again.stdout).contains("0 written, 0 removed"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn check_fails_with_a_one_hunk_diff_after_a_description_change() {
    let (_dir, spec, out) = workspace_spec_copy();
    assert!(generate(&spec, &out, &[]).status.success());
    assert!(generate(&spec, &out, &["--check"]).status.success());

    let yaml = std::fs::read_to_string(&spec).expect("spec");
    let old = "The last time the customer's client refetched the data.";
    assert_eq!(yaml.matches(old).count(), 1, "the description is unique");
    std::fs::write(
        &spec,
        yaml.replace(old, "When the customer's client last refetched the data."),
    )
    .expect("edited");
    let before = snapshot(&out);

    let check = generate(&spec, &out, &["--check"]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("--- a/src/models/chat_session_entity.rs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+        /// When the customer's client last refetched the data."),
        "{stdout}"
    );
    assert_eq!(stdout.matches("\n@@ ").count(), 1, "one hunk: {stdout}");
    assert!(stdout.contains("run `cargo xtask codegen"), "{stdout}");
    assert_eq!(snapshot(&out), before, "--check writes nothing");
}

#[test]
fn a_new_property_is_a_one_hunk_diff() {
    let (_dir, spec, out) = workspace_spec_copy();
    assert!(generate(&spec, &out, &[]).status.success());

    let yaml = std::fs::read_to_string(&spec).expect("spec");
    let anchor = "        WhenFetched:\n";
    assert_eq!(yaml.matches(anchor).count(), 1, "the property is unique");
    let added = "        WhenNoticed:\n          description: When an agent first noticed the session.\n          type: string\n          format: date-time\n";
    std::fs::write(&spec, yaml.replace(anchor, &format!("{added}{anchor}"))).expect("edited");

    let check = generate(&spec, &out, &["--check"]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.matches("--- a/").count(),
        1,
        "only the model's file changes: {stdout}"
    );
    assert!(
        stdout.contains("+        #[wire(optional, \"WhenNoticed\")]"),
        "{stdout}"
    );
    // The field, its wire name and its serde code are one declaration.
    assert_eq!(stdout.matches("\n@@ ").count(), 1, "one hunk: {stdout}");
}

#[test]
fn files_the_spec_no_longer_produces_are_removed_and_hand_written_ones_kept() {
    let (_dir, spec, out) = workspace_spec_copy();
    assert!(generate(&spec, &out, &[]).status.success());
    let hand_written = out.join("tests").join("mine.rs");
    std::fs::create_dir_all(hand_written.parent().expect("parent")).expect("dir");
    std::fs::write(&hand_written, "// mine\n").expect("written");

    // Drop the Sale schema and the one property that refers to it.
    let yaml = std::fs::read_to_string(&spec).expect("spec");
    let mut value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("yaml");
    let schemas = &mut value["components"]["schemas"];
    schemas.as_mapping_mut().expect("schemas").remove("Sale");
    schemas["ChatSessionEntity"]["properties"]
        .as_mapping_mut()
        .expect("properties")
        .remove("Sale");
    std::fs::write(&spec, serde_yaml::to_string(&value).expect("yaml")).expect("written");

    let run = generate(&spec, &out, &[]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(stdout.contains("removed"), "{stdout}");
    assert!(!out.join("src/models/sale.rs").exists());
    assert!(out.join("src/models/sale_status.rs").exists());
    assert_eq!(
        std::fs::read_to_string(&hand_written).expect("kept"),
        "// mine\n"
    );
}

#[test]
fn a_standalone_crate_builds_outside_the_workspace() {
    let (_dir, spec, out) = workspace_spec_copy();
    assert!(generate(&spec, &out, &[]).status.success());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-target");
    let lock = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");
    // Pin dependency versions to the workspace's, so the check needs no new downloads.
    std::fs::copy(lock, out.join("Cargo.lock")).expect("lock copied");
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(check.status.success(), "{}", text(&check.stderr));
}

/// A spec of `schemas` object schemas with a few properties each, and one operation per
/// schema: about 1.1 MB for 2,000.
fn large_spec(schemas: usize) -> String {
    let mut spec = String::from("{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"Large\", \"version\": \"1\"}, \"paths\": {");
    for i in 0..schemas {
        let comma = if i + 1 < schemas { "," } else { "" };
        spec.push_str(&format!(
            "\"/things{i}\": {{\"get\": {{\"operationId\": \"getThing{i}\", \"tags\": [\"things\"], \"responses\": {{\"200\": {{\"description\": \"The thing {i}, with a description long enough to make the spec large.\", \"content\": {{\"application/json\": {{\"schema\": {{\"$ref\": \"#/components/schemas/Thing{i}\"}}}}}}}}}}}}}}{comma}"
        ));
    }
    spec.push_str("}, \"components\": {\"schemas\": {");
    for i in 0..schemas {
        let comma = if i + 1 < schemas { "," } else { "" };
        spec.push_str(&format!(
            "\"Thing{i}\": {{\"type\": \"object\", \"description\": \"Thing number {i} of the large spec, described at some length.\", \"properties\": {{\"id\": {{\"type\": \"integer\", \"format\": \"int64\"}}, \"name{i}\": {{\"type\": \"string\"}}, \"tags\": {{\"type\": \"array\", \"items\": {{\"type\": \"string\"}}}}}}}}{comma}"
        ));
    }
    spec.push_str("}}}");
    spec
}

/// A large spec is a long run: each phase is reported on its own line when standard error is
/// not a terminal (as here), and thousands of new files are summarized, not listed.
#[test]
fn a_large_spec_reports_its_phases_and_summarizes_the_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("large.json");
    let contents = large_spec(2000);
    assert!(
        contents.len() > 1024 * 1024,
        "the spec is large: {} bytes",
        contents.len()
    );
    std::fs::write(&spec, contents).expect("spec written");
    let out = dir.path().join("out");
    let output = generate(&spec, &out, &[]);
    let stderr = text(&output.stderr);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stderr}{stdout}");
    let phases: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.strip_prefix("codegen: "))
        .map(|line| line.split(" (").next().unwrap_or(line))
        .collect();
    assert_eq!(
        phases,
        [
            "loaded 1.1 MB",
            "lowered: 2000 types, 2000 operations",
            "emitted 4014 files"
        ],
        "{stderr}"
    );
    assert!(
        stdout
            .lines()
            .filter(|line| line.starts_with("created "))
            .count()
            == 100
            && stdout.contains("… and 3914 more\n")
            && stdout.contains("codegen: 4014 written, 0 removed, 0 unchanged"),
        "{stdout}"
    );
}
