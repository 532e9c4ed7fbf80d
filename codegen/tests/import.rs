//! `codegen::import` end to end, on a tiny import workspace in a temporary directory (a zoo:
//! `fixtures/import/`, two Swagger 2.0 documents, one configuration) and on one real vendor
//! document: every decision the configuration lacks is an error at the offending node's
//! FILE:LINE:COL saying what to add, overlays apply as Overlay 1.1 says, and the output is
//! byte-for-byte deterministic.

use std::path::{Path, PathBuf};

use codegen::import::{import, Imported};

/// How the configuration is named in diagnostics; the documents are named relative to it.
const CONFIG_NAME: &str = "spec/import.toml";
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
const PET: &str = "rest/Swagger-v1-Pet.json";
const OWNER: &str = "rest/Swagger-v1-Owner.json";

/// A copy of the zoo fixture in a temporary directory, edited per test.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir_all(dir.path().join("rest")).expect("rest/");
        std::fs::create_dir_all(dir.path().join("overlays")).expect("overlays/");
        for file in ["import.toml", PET, OWNER] {
            std::fs::copy(Path::new(FIXTURES).join(file), dir.path().join(file))
                .unwrap_or_else(|e| panic!("copy {file}: {e}"));
        }
        Self { dir }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).unwrap_or_else(|e| panic!("read {file}: {e}"))
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.path(file), text).unwrap_or_else(|e| panic!("write {file}: {e}"));
    }

    /// Replaces `old` (which must occur exactly once) with `new` in `file`.
    fn edit(&self, file: &str, old: &str, new: &str) {
        let text = self.read(file);
        assert_eq!(text.matches(old).count(), 1, "`{old}` once in {file}");
        self.write(file, &text.replacen(old, new, 1));
    }

    /// Appends `text` to the configuration.
    fn configure(&self, text: &str) {
        let mut config = self.read("import.toml");
        config.push_str(text);
        self.write("import.toml", &config);
    }

    fn import(&self) -> Result<Imported, codegen::diagnostic::SpecErrors> {
        import(&self.path("import.toml"), CONFIG_NAME)
    }

    fn imported(&self) -> Imported {
        self.import()
            .unwrap_or_else(|errors| panic!("the import fails:\n{errors}"))
    }

    /// `NAME:LINE:COL` of the first occurrence of `needle` in `file` (which must hold it once),
    /// named as diagnostics name it: relative to the configuration's name.
    fn at(&self, file: &str, needle: &str) -> String {
        let text = self.read(file);
        assert_eq!(text.matches(needle).count(), 1, "`{needle}` once in {file}");
        let offset = text.find(needle).expect("found");
        let line = text[..offset].matches('\n').count() + 1;
        let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
        format!("spec/{file}:{line}:{column}")
    }

    /// The import's errors as printed.
    fn errors(&self) -> String {
        match self.import() {
            Ok(imported) => panic!("the import succeeds:\n{}", imported.spec),
            Err(errors) => errors.to_string(),
        }
    }
}

/// The spec as a JSON tree.
fn tree(imported: &Imported) -> serde_json::Value {
    serde_yaml::from_str(&imported.spec).expect("the spec is YAML")
}

/// Asserts that `errors` holds a line starting `at: error: ` whose message contains every one
/// of `says`; returns that line.
fn assert_error<'e>(errors: &'e str, at: &str, says: &[&str]) -> &'e str {
    let prefix = format!("{at}: error: ");
    let Some(start) = errors.find(&prefix) else {
        panic!("no error at {at} in:\n{errors}");
    };
    let line = &errors[start..];
    // A message may span lines (the lines to add); it ends where the next diagnostic starts.
    let end = line[1..].find("\nspec/").map_or(line.len(), |end| end + 1);
    let message = &line[..end];
    for said in says {
        assert!(message.contains(said), "`{said}` not in:\n{message}");
    }
    message
}

// ---------------------------------------------------------------------------------------------
// The fixture

#[test]
fn the_zoo_imports_as_one_openapi_3_1_spec_with_rust_names() {
    let ws = Workspace::new();
    let imported = ws.imported();
    let spec = tree(&imported);
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(imported.operations, 4);
    let tags: Vec<&str> = spec["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(tags, ["Owner", "Pet"], "one tag per document, by file name");
    let owner = &spec["paths"]["/api/v1/Owner/{id}"]["get"];
    assert_eq!(owner["tags"], serde_json::json!(["Owner"]));
    assert_eq!(owner["x-rust-name"], "GetOwnerEntity");
    assert_eq!(
        owner["security"],
        serde_json::json!([{"Password": []}]),
        "the alias `Zoo Password` becomes the declared scheme"
    );
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let keys: Vec<&String> = schemas.keys().collect();
    assert_eq!(keys, ["Zoo.Services.Owner", "Zoo.Services.PetEntity"]);
    assert_eq!(schemas["Zoo.Services.Owner"]["x-rust-name"], "Owner");
    assert_eq!(imported.spec_path, PathBuf::from("zoo.yaml"));
    assert_eq!(imported.report_path, PathBuf::from("import-report.md"));
    assert!(
        imported
            .report
            .contains("| `spec/rest/Swagger-v1-Pet.json` | `Pet` | 3 |"),
        "{}",
        imported.report
    );
    assert!(
        imported
            .report
            .contains("| `Zoo Password` | `Password` | 1 |"),
        "{}",
        imported.report
    );
}

// ---------------------------------------------------------------------------------------------
// What the configuration must decide

#[test]
fn an_undeclared_security_name_is_an_error_at_the_requirement_asking_for_an_alias() {
    let ws = Workspace::new();
    ws.edit(OWNER, r#""Zoo Password": []"#, r#""Zoo Token": []"#);
    let errors = ws.errors();
    assert_error(
        &errors,
        &ws.at(OWNER, r#""Zoo Token""#),
        &[
            "security requirement `Zoo Token` (1 operation)",
            "names no declared scheme (`Password`)",
            r#"add `"Zoo Token" = "<scheme>"` under [security] in spec/import.toml"#,
        ],
    );
    // The alias nothing needs any more is an error at its own line.
    assert_error(
        &errors,
        &ws.at("import.toml", r#""Password""#),
        &["no requirement needs the alias `Zoo Password`", "remove it"],
    );

    ws.edit("import.toml", r#""Zoo Password" ="#, r#""Zoo Token" ="#);
    let spec = tree(&ws.imported());
    assert_eq!(
        spec["paths"]["/api/v1/Owner/{id}"]["get"]["security"],
        serde_json::json!([{"Password": []}])
    );
}

#[test]
fn an_alias_to_an_undeclared_scheme_is_an_error_at_the_alias() {
    let ws = Workspace::new();
    ws.edit("import.toml", r#"= "Password""#, r#"= "Passwort""#);
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", r#""Passwort""#),
        &["`Passwort` is not a declared security scheme", "`Password`"],
    );
}

const KEEPER_REF: &str = r##""$ref": "#/definitions/Zoo.Services.Keeper""##;
const KEEPER_STUB: &str = "\n[stubs.\"Zoo.Services.Keeper\"]\nwhy = \"Not in the documents; SuperOffice support case 42\"\nschema = { type = \"object\" }\n";

#[test]
fn a_dangling_reference_is_an_error_at_the_ref_until_a_stub_says_what_it_is() {
    let ws = Workspace::new();
    ws.edit(
        PET,
        r##""$ref": "#/definitions/Zoo.Services.Owner""##,
        KEEPER_REF,
    );
    assert_error(
        &ws.errors(),
        // The `$ref`'s value, where the name is written.
        &ws.at(PET, r##""#/definitions/Zoo.Services.Keeper""##),
        &[
            "`$ref` to `Zoo.Services.Keeper`, which no document defines (1 reference)",
            r#"add [stubs."Zoo.Services.Keeper"] with `schema = { … }`"#,
            "`why = \"…\"` to spec/import.toml",
        ],
    );

    ws.configure(KEEPER_STUB);
    let imported = ws.imported();
    let spec = tree(&imported);
    let keeper = &spec["components"]["schemas"]["Zoo.Services.Keeper"];
    assert_eq!(keeper["type"], "object");
    assert_eq!(
        keeper["description"], "Not in the documents; SuperOffice support case 42",
        "the why becomes the description"
    );
    assert_eq!(keeper["x-rust-name"], "Keeper");
    assert!(
        imported.report.contains("`Zoo.Services.Keeper`"),
        "the report lists the stub:\n{}",
        imported.report
    );
}

#[test]
fn a_stub_no_reference_needs_is_an_error_at_the_stub() {
    let ws = Workspace::new();
    ws.configure(KEEPER_STUB);
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", r#"[stubs."Zoo.Services.Keeper"]"#),
        &[
            "no reference to `Zoo.Services.Keeper` dangles any more",
            "remove the stub",
        ],
    );
}

/// Owner.json's Owner becomes another type under another namespace, with the same short name.
fn colliding_owners(ws: &Workspace) {
    ws.edit(
        OWNER,
        r#""Zoo.Services.Owner": {"#,
        r#""Zoo.Agents.Owner": {"#,
    );
    ws.edit(
        OWNER,
        r##""$ref": "#/definitions/Zoo.Services.Owner""##,
        r##""$ref": "#/definitions/Zoo.Agents.Owner""##,
    );
    ws.edit(
        OWNER,
        r#""description": "Who keeps a pet.","#,
        r#""description": "Who keeps an agent.","#,
    );
}

#[test]
fn short_names_colliding_with_different_bodies_are_an_error_until_renamed() {
    let ws = Workspace::new();
    colliding_owners(&ws);
    let errors = ws.errors();
    let message = assert_error(
        &errors,
        &ws.at(OWNER, r#""Zoo.Agents.Owner": {"#),
        &[
            "2 schemas would all be the Rust type `Owner` (Zoo.Agents.Owner, Zoo.Services.Owner)",
            "under [renames] in spec/import.toml",
        ],
    );
    // The lines to add, ready to paste.
    assert!(
        message.contains("\n\"Zoo.Agents.Owner\" = \"…\"\n\"Zoo.Services.Owner\" = \"…\""),
        "{message}"
    );
    assert_eq!(
        errors.lines().filter(|l| l.contains(": error: ")).count(),
        1,
        "{errors}"
    );

    ws.configure("\n[renames]\n\"Zoo.Agents.Owner\" = \"AgentOwner\"\n");
    let imported = ws.imported();
    let schemas = &tree(&imported)["components"]["schemas"];
    assert_eq!(schemas["Zoo.Agents.Owner"]["x-rust-name"], "AgentOwner");
    assert_eq!(schemas["Zoo.Services.Owner"]["x-rust-name"], "Owner");
    assert!(
        imported.report.contains("`AgentOwner`"),
        "the report lists the rename:\n{}",
        imported.report
    );
}

#[test]
fn short_names_colliding_with_the_same_body_merge_into_one_schema() {
    let ws = Workspace::new();
    ws.edit(
        OWNER,
        r#""Zoo.Services.Owner": {"#,
        r#""Zoo.Agents.Owner": {"#,
    );
    ws.edit(
        OWNER,
        r##""$ref": "#/definitions/Zoo.Services.Owner""##,
        r##""$ref": "#/definitions/Zoo.Agents.Owner""##,
    );
    let imported = ws.imported();
    let spec = tree(&imported);
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    assert!(!schemas.contains_key("Zoo.Services.Owner"), "{schemas:?}");
    assert_eq!(schemas["Zoo.Agents.Owner"]["x-rust-name"], "Owner");
    let target = &spec["paths"]["/api/v1/Pet/{id}"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["$ref"];
    assert_eq!(target, "#/components/schemas/Zoo.Services.PetEntity");
    assert_eq!(
        schemas["Zoo.Services.PetEntity"]["properties"]["Owner"]["$ref"],
        "#/components/schemas/Zoo.Agents.Owner",
        "references follow the kept definition"
    );
}

#[test]
fn a_rename_naming_no_schema_is_an_error_at_its_line() {
    let ws = Workspace::new();
    ws.configure("\n[renames]\n\"Zoo.Services.Ghost\" = \"Ghost\"\n");
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", r#""Ghost""#),
        &[
            "[renames] names the schema `Zoo.Services.Ghost`",
            "no vendor document defines",
            "delete the line",
        ],
    );
}

#[test]
fn operations_of_one_tag_colliding_after_the_prefix_is_gone_are_an_error_until_renamed() {
    let ws = Workspace::new();
    // `v1PetEntity_GetAll` and `v1Pet_GetAll` both lose their own resource: `GetAll`.
    ws.edit(
        PET,
        r#""operationId": "v1PetEntity_DeletePetEntity""#,
        r#""operationId": "v1PetEntity_GetAll""#,
    );
    assert_error(
        &ws.errors(),
        &ws.at(PET, r#""delete": {"#),
        &[
            "2 operations of tag `Pet` would all be the method `get_all` (v1PetEntity_GetAll, v1Pet_GetAll)",
            "under [operation_renames] in spec/import.toml:\n\"v1PetEntity_GetAll\" = \"…\"\n\"v1Pet_GetAll\" = \"…\"",
        ],
    );

    ws.configure("\n[operation_renames]\n\"v1PetEntity_GetAll\" = \"DeleteAll\"\n");
    let spec = tree(&ws.imported());
    assert_eq!(
        spec["paths"]["/api/v1/Pet/{id}"]["delete"]["x-rust-name"],
        "DeleteAll"
    );
    assert_eq!(spec["paths"]["/api/v1/Pet"]["get"]["x-rust-name"], "GetAll");
}

#[test]
fn the_same_method_name_in_two_tags_is_no_collision() {
    let ws = Workspace::new();
    ws.edit(
        OWNER,
        r#""operationId": "v1OwnerEntity_GetOwnerEntity""#,
        r#""operationId": "v1OwnerEntity_GetAll""#,
    );
    let spec = tree(&ws.imported());
    assert_eq!(
        spec["paths"]["/api/v1/Owner/{id}"]["get"]["x-rust-name"],
        "GetAll"
    );
    assert_eq!(spec["paths"]["/api/v1/Pet"]["get"]["x-rust-name"], "GetAll");
}

#[test]
fn an_operation_rename_naming_nothing_is_an_error_at_its_line() {
    let ws = Workspace::new();
    ws.configure("\n[operation_renames]\n\"v1PetEntity_Vanished\" = \"Vanished\"\n");
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", r#""Vanished""#),
        &[
            "[operation_renames] names the operationId `v1PetEntity_Vanished`",
            "delete the line",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// A malformed configuration

#[test]
fn a_toml_syntax_error_is_an_error_at_its_line_and_column() {
    let ws = Workspace::new();
    ws.edit(
        "import.toml",
        r#"output = "zoo.yaml""#,
        r#"output = "zoo.yaml"#,
    );
    // Column 19: where the closing quote is missing.
    assert_error(
        &ws.errors(),
        "spec/import.toml:5:19",
        &["invalid basic string, expected `\"`"],
    );
}

#[test]
fn an_unknown_key_is_an_error_at_its_line_listing_the_keys() {
    let ws = Workspace::new();
    ws.edit(
        "import.toml",
        "[security]",
        "overlay = \"overlays\"\n[security]",
    );
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", "overlay = "),
        &[
            "unknown field `overlay`",
            "`overlays`",
            "`operation_renames`",
        ],
    );

    let ws = Workspace::new();
    ws.configure(&format!("{KEEPER_STUB}reason = \"x\"\n"));
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", "reason = "),
        &["unknown field `reason`, expected `schema` or `why`"],
    );
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_the_value() {
    let ws = Workspace::new();
    ws.edit(
        "import.toml",
        r#"tag_prefix = "Swagger-v1-""#,
        "tag_prefix = 7",
    );
    assert_error(
        &ws.errors(),
        "spec/import.toml:3:14",
        &["invalid type: integer `7`, expected a string"],
    );
}

#[test]
fn a_missing_key_names_the_key() {
    let ws = Workspace::new();
    ws.edit("import.toml", "output = \"zoo.yaml\"\n", "");
    assert_error(
        &ws.errors(),
        "spec/import.toml:1:1",
        &["missing field `output`"],
    );
}

// ---------------------------------------------------------------------------------------------
// Overlays, applied to the merged spec in file-name order

const OVERLAY_HEAD: &str = "overlay: 1.1.0\ninfo: {title: Zoo knowledge, version: '1'}\nactions:\n";
const PET_ENTITY: &str = "$.components.schemas['Zoo.Services.PetEntity']";

#[test]
fn an_update_merges_objects_and_appends_to_arrays_as_overlay_1_1_says() {
    let ws = Workspace::new();
    ws.write(
        "overlays/10-pets.yaml",
        &format!(
            "{OVERLAY_HEAD}
  - target: \"{PET_ENTITY}\"
    description: Pets have a birthday and always an id
    update:
      required: [PetId]
      properties:
        Birthday: {{type: string, format: date}}
        Kind: {{enum: [Fish]}}
  - target: \"{PET_ENTITY}.properties.Kind.enum\"
    description: The server also sends Bird
    update: Bird
"
        ),
    );
    let imported = ws.imported();
    let pet = &tree(&imported)["components"]["schemas"]["Zoo.Services.PetEntity"];
    // Objects merge: what the update does not name stays, what it names is added.
    assert_eq!(pet["description"], "A pet.");
    assert_eq!(pet["x-rust-name"], "PetEntity");
    assert_eq!(pet["required"], serde_json::json!(["PetId"]));
    let properties: Vec<&String> = pet["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .collect();
    assert_eq!(properties, ["PetId", "Name", "Kind", "Owner", "Birthday"]);
    assert_eq!(pet["properties"]["Birthday"]["format"], "date");
    // Arrays: an array update is concatenated, any other value appended, in action order.
    assert_eq!(pet["properties"]["Kind"]["type"], "string");
    assert_eq!(
        pet["properties"]["Kind"]["enum"],
        serde_json::json!(["Cat", "Dog", "Fish", "Bird"])
    );
    // The spec names the overlay it came through; the report counts each action's matches.
    assert!(
        imported.spec.contains("#   spec/overlays/10-pets.yaml\n"),
        "{}",
        imported.spec
    );
    assert!(
        imported.report.contains(
            "| `spec/overlays/10-pets.yaml` | action 1 (Pets have a birthday and always an id) | 1 |\n\
             | `spec/overlays/10-pets.yaml` | action 2 (The server also sends Bird) | 1 |\n"
        ),
        "{}",
        imported.report
    );
}

#[test]
fn remove_deletes_every_selected_node() {
    let ws = Workspace::new();
    ws.write(
        "overlays/10-remove.yaml",
        &format!(
            "{OVERLAY_HEAD}
  - target: \"$.paths['/api/v1/Pet/{{id}}'].delete\"
    description: Pets are forever
    remove: true
  - target: \"$.components.schemas[*].properties.Name\"
    remove: true
"
        ),
    );
    let imported = ws.imported();
    let spec = tree(&imported);
    assert_eq!(imported.operations, 3);
    let item = spec["paths"]["/api/v1/Pet/{id}"]
        .as_object()
        .expect("the path stays");
    assert_eq!(item.keys().collect::<Vec<_>>(), ["get"]);
    // Only the selected properties go; their siblings stay.
    let schemas = &spec["components"]["schemas"];
    let names = |key: &str| -> Vec<String> {
        schemas[key]["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(names("Zoo.Services.Owner"), ["OwnerId"]);
    assert_eq!(names("Zoo.Services.PetEntity"), ["PetId", "Kind", "Owner"]);
    assert!(
        imported.report.contains(
            "| `spec/overlays/10-remove.yaml` | action 1 (Pets are forever) | 1 |\n\
             | `spec/overlays/10-remove.yaml` | action 2 | 2 |\n"
        ),
        "the report counts what each action removed:\n{}",
        imported.report
    );
}

#[test]
fn overlays_apply_in_file_name_order() {
    let ws = Workspace::new();
    let adds =
        format!("{OVERLAY_HEAD}  - target: \"{PET_ENTITY}\"\n    update: {{required: [PetId]}}\n");
    let extends = format!(
        "{OVERLAY_HEAD}  - target: \"{PET_ENTITY}.required\"\n    x-expect: [PetId]\n    update: [Name]\n"
    );
    ws.write("overlays/10-adds.yaml", &adds);
    ws.write("overlays/20-extends.yaml", &extends);
    let spec = tree(&ws.imported());
    assert_eq!(
        spec["components"]["schemas"]["Zoo.Services.PetEntity"]["required"],
        serde_json::json!(["PetId", "Name"])
    );

    // The same two files the other way round: the second finds nothing to extend.
    std::fs::rename(
        ws.path("overlays/20-extends.yaml"),
        ws.path("overlays/05-extends.yaml"),
    )
    .expect("rename");
    assert_error(
        &ws.errors(),
        "spec/overlays/05-extends.yaml:4:5",
        &["action 1 selects nothing (`$.components.schemas['Zoo.Services.PetEntity'].required`)"],
    );
}

#[test]
fn an_action_selecting_nothing_is_an_error_naming_the_overlay_and_the_action_line() {
    let ws = Workspace::new();
    ws.write(
        "overlays/10-pets.yaml",
        &format!(
            "{OVERLAY_HEAD}
  - target: \"{PET_ENTITY}\"
    update: {{required: [PetId]}}
  - target: \"$.paths['/api/v1/Pet/{{id}}'].patch\"
    description: Patching is documented wrong
    update: {{deprecated: true}}
"
        ),
    );
    assert_error(
        &ws.errors(),
        &ws.at("overlays/10-pets.yaml", "target: \"$.paths"),
        &[
            "action 2 (Patching is documented wrong) selects nothing",
            "(`$.paths['/api/v1/Pet/{id}'].patch`)",
            "fix the target or delete the action",
        ],
    );
}

/// An overlay that corrects a vendor defect: Owner ids are 64-bit, the documents say 32.
const OWNER_ID_FIX: &str =
    "  - target: \"$.components.schemas['Zoo.Services.Owner'].properties.OwnerId\"
    description: Owner ids are 64-bit
    x-expect: {type: integer, format: int32}
    update: {format: int64}
";

#[test]
fn an_expectation_that_no_longer_holds_after_a_vendor_fix_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "overlays/30-owner-id.yaml",
        &format!("{OVERLAY_HEAD}{OWNER_ID_FIX}"),
    );
    let spec = tree(&ws.imported());
    assert_eq!(
        spec["components"]["schemas"]["Zoo.Services.Owner"]["properties"]["OwnerId"]["format"],
        "int64",
        "the fix applies while the defect is there"
    );

    // SuperOffice fixes the defect in both documents that define Owner.
    for file in [PET, OWNER] {
        let text = ws.read(file);
        let owner = text
            .find("\"Zoo.Services.Owner\": {")
            .expect("Owner defined");
        let (head, tail) = text.split_at(owner);
        ws.write(
            file,
            &format!("{head}{}", tail.replacen("\"int32\"", "\"int64\"", 1)),
        );
    }
    assert_error(
        &ws.errors(),
        &ws.at("overlays/30-owner-id.yaml", "target: "),
        &[
            "action 1 (Owner ids are 64-bit) expects {\"type\":\"integer\",\"format\":\"int32\"}",
            "at $['components']['schemas']['Zoo.Services.Owner']['properties']['OwnerId'], \
             found {\"type\":\"integer\",\"format\":\"int64\"}",
            "a vendor fix?",
            "update or delete the action",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism

#[test]
fn two_imports_of_the_same_inputs_are_byte_identical_wherever_they_run() {
    let configure = |ws: &Workspace| {
        colliding_owners(ws);
        ws.configure("\n[renames]\n\"Zoo.Agents.Owner\" = \"AgentOwner\"\n");
        ws.write(
            "overlays/10-pets.yaml",
            &format!("{OVERLAY_HEAD}{OWNER_ID_FIX}"),
        );
    };
    let first = Workspace::new();
    configure(&first);
    let second = Workspace::new();
    configure(&second);
    let a = first.imported();
    let b = first.imported();
    let c = second.imported();
    assert!(a.spec == b.spec && a.report == b.report, "two runs differ");
    assert!(
        a.spec == c.spec && a.report == c.report,
        "two directories differ"
    );
    let temp = first.dir.path().to_string_lossy();
    assert!(!a.spec.contains(temp.as_ref()) && !a.report.contains(temp.as_ref()));
}

#[test]
fn a_missing_directory_is_an_error_at_the_setting_naming_it() {
    let ws = Workspace::new();
    std::fs::remove_dir(ws.path("overlays")).expect("remove overlays/");
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", r#""overlays""#),
        &["cannot read the overlay directory spec/overlays"],
    );

    let ws = Workspace::new();
    ws.edit(
        "import.toml",
        r#"sources = ["rest"]"#,
        r#"sources = ["rest", "agent"]"#,
    );
    assert_error(
        &ws.errors(),
        &ws.at("import.toml", r#""agent""#),
        &["cannot read spec/agent"],
    );
}

#[test]
fn a_definition_two_documents_write_differently_is_an_error_naming_both() {
    let ws = Workspace::new();
    ws.edit(
        OWNER,
        r#""description": "Who keeps a pet.","#,
        r#""description": "Who keeps pets.","#,
    );
    // Owner.json is read first, so Pet.json's definition is the one that differs.
    assert_error(
        &ws.errors(),
        &ws.at(PET, r#""Zoo.Services.Owner": {"#),
        &[
            "`Zoo.Services.Owner` (schemas) differs from its definition in \
             spec/rest/Swagger-v1-Owner.json",
        ],
    );
}

#[test]
fn a_malformed_vendor_document_is_an_error_at_its_line() {
    let ws = Workspace::new();
    ws.edit(
        PET,
        r#""summary": "Gets a pet.","#,
        r#""summary": "Gets a pet.""#,
    );
    // The comma is missing at the end of the summary's line: the next key is unexpected.
    assert_error(
        &ws.errors(),
        &ws.at(PET, r#""operationId": "v1PetEntity_GetPetEntity""#),
        &["invalid JSON: expected `,` or `}`"],
    );
}
