//! A SuperOffice update, simulated on one real vendor document (ChatTopic) in a temporary git
//! repository laid out like ours: `cargo xtask import` writes the spec, the vendor document
//! changes (a property added, an enum member added, an operation removed), `import --check`
//! fails with a diff naming each change, `import` rewrites the spec, and `spec-diff` classifies
//! each change: the property and the member are additions, the removed operation breaks.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{text, xtask_in, WORKSPACE_ROOT};
use serde_json::Value;

const CHAT_TOPIC: &str = "spec/vendor/superoffice-api/rest/Swagger-v1-ChatTopic.json";
const COPY: &str = "spec/vendor/rest/Swagger-v1-ChatTopic.json";
const CONFIG: &str = "# ChatTopic alone, as spec/import.toml imports it.
sources = [\"vendor/rest\"]
tag_prefix = \"Swagger-v1-\"
overlays = \"overlays\"
output = \"superoffice.yaml\"
report = \"import-report.md\"

[security]
\"SuperOffice Password\" = \"Password\"
\"SuperId Authentication\" = \"SuperId\"
";
const ENTITY: &str = "SuperOffice.CRM.Services.ChatTopicEntity";
const SETTINGS: &str = "SuperOffice.CRM.Services.ChatWidgetSettings";
const REMOVED: &str = "v1ChatTopicEntity_DeleteChatTopicEntity";

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        text(&output.stderr)
    );
}

fn xtask(dir: &Path, args: &[&str]) -> (Output, String) {
    let output = xtask_in(dir, args);
    let stdout = text(&output.stdout);
    (output, stdout)
}

/// A repository holding the config, the vendor copy and an empty overlay directory.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    std::fs::create_dir_all(path.join("spec/vendor/rest")).expect("vendor dir");
    std::fs::create_dir_all(path.join("spec/overlays")).expect("overlays dir");
    std::fs::copy(Path::new(WORKSPACE_ROOT).join(CHAT_TOPIC), path.join(COPY))
        .expect("copy ChatTopic");
    std::fs::write(path.join("spec/import.toml"), CONFIG).expect("config");
    git(path, &["init", "-q", "-b", "main"]);
    git(path, &["config", "user.email", "ci@example.com"]);
    git(path, &["config", "user.name", "CI"]);
    dir
}

/// SuperOffice's next version of the document: `ChatTopicEntity.Priority` added, `Huge` added
/// to `ChatWidgetSettings.Size`, `DELETE /api/v1/ChatTopic/{id}` gone.
fn vendor_update(document: &mut Value) {
    let definitions = &mut document["definitions"];
    let properties = definitions[ENTITY]["properties"]
        .as_object_mut()
        .expect("ChatTopicEntity has properties");
    assert!(!properties.contains_key("Priority"));
    properties.insert(
        "Priority".to_owned(),
        serde_json::json!({"description": "Queue priority", "type": "integer", "format": "int32"}),
    );
    let size = definitions[SETTINGS]["properties"]["Size"]["enum"]
        .as_array_mut()
        .expect("Size is an enum");
    assert_eq!(size, &["Normal", "Large"]);
    size.push(Value::from("Huge"));
    let item = document["paths"]["/api/v1/ChatTopic/{id}"]
        .as_object_mut()
        .expect("the entity's path");
    let removed = item.shift_remove("delete").expect("a delete operation");
    assert_eq!(removed["operationId"], REMOVED);
}

#[test]
fn a_vendor_update_fails_the_check_then_reimports_and_spec_diff_classifies_it() {
    let repo = repository();
    let path = repo.path();
    let config = ["--config", "spec/import.toml"];

    let (output, stdout) = xtask(path, &["import", config[0], config[1]]);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("created spec/superoffice.yaml"), "{stdout}");
    assert!(stdout.contains("import: 16 operations"), "{stdout}");
    let (output, stdout) = xtask(path, &["import", "--check", config[0], config[1]]);
    assert!(
        output.status.success(),
        "fresh output is up to date: {stdout}"
    );
    git(path, &["add", "-A"]);
    git(path, &["commit", "-q", "-m", "ChatTopic as it was"]);
    let before = std::fs::read_to_string(path.join("spec/superoffice.yaml")).expect("spec");

    let copy = path.join(COPY);
    let mut document: Value =
        serde_json::from_slice(&std::fs::read(&copy).expect("read the copy")).expect("JSON");
    vendor_update(&mut document);
    std::fs::write(&copy, serde_json::to_vec(&document).expect("JSON")).expect("write the copy");

    // The check fails, shows the spec's diff with each change, and writes nothing.
    let (output, stdout) = xtask(path, &["import", "--check", config[0], config[1]]);
    assert!(
        !output.status.success(),
        "a stale spec fails the check:\n{stdout}"
    );
    for line in [
        "+        Priority:",
        "+          description: Queue priority",
        "+          - Huge",
        &format!("-      operationId: {REMOVED}"),
        "stale: spec/superoffice.yaml",
        "stale: spec/import-report.md",
        "run `cargo xtask import`",
    ] {
        assert!(
            stdout.contains(line),
            "`{line}` not in the check's output:\n{stdout}"
        );
    }
    let unchanged = std::fs::read_to_string(path.join("spec/superoffice.yaml")).expect("spec");
    assert!(unchanged == before, "--check wrote the spec");

    let (output, stdout) = xtask(path, &["import", config[0], config[1]]);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("updated spec/superoffice.yaml"), "{stdout}");
    assert!(stdout.contains("import: 15 operations"), "{stdout}");

    // spec-diff: the committed spec (HEAD) against the re-imported one.
    let (output, stdout) = xtask(path, &["spec-diff", "--format", "json"]);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    let report: Value = serde_json::from_str(&stdout).expect("a JSON report");
    let changes = report["changes"].as_array().expect("changes");
    let find = |kind: &str, item: &str| -> &Value {
        let found: Vec<&Value> = changes
            .iter()
            .filter(|c| c["kind"] == kind && c["item"].as_str().is_some_and(|i| i.contains(item)))
            .collect();
        assert_eq!(found.len(), 1, "one {kind} `{item}` in {stdout}");
        found[0]
    };
    let impact = |change: &Value| {
        let i = &change["impact"];
        (
            i["breaks_clients"].as_bool().expect("bool"),
            i["breaks_servers"].as_bool().expect("bool"),
            i["semver"].as_str().expect("semver").to_owned(),
        )
    };

    let property = find("property_added", "Priority");
    assert_eq!(
        property["rust_item"],
        "models::ChatTopicEntity::priority: Option<i32>"
    );
    assert_eq!(
        impact(property),
        (false, false, "minor".to_owned()),
        "{property:#}"
    );

    let member = find("enum_value_added", "Huge");
    assert_eq!(member["rust_item"], "models::ChatWidgetSettingsSize::Huge");
    assert_eq!(
        impact(member),
        (false, false, "minor".to_owned()),
        "{member:#}"
    );

    let operation = find("operation_removed", "DELETE /api/v1/ChatTopic/{id}");
    assert_eq!(operation["subject"]["name"], REMOVED);
    assert_eq!(
        operation["rust_item"],
        "ChatTopicClient::delete_chat_topic_entity, ChatTopicApi::delete_chat_topic_entity"
    );
    assert_eq!(
        impact(operation),
        (true, true, "major".to_owned()),
        "{operation:#}"
    );

    assert_eq!(changes.len(), 3, "nothing else changed: {changes:#?}");

    let (output, _) = xtask(path, &["spec-diff", "--fail-on-breaking"]);
    assert!(
        !output.status.success(),
        "the removed operation is breaking"
    );
}
