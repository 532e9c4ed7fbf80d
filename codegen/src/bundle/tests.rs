use super::*;
use crate::loader::load_file;

/// Writes `files` (relative path, text) into a fresh directory.
fn tree_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a directory");
        }
        std::fs::write(path, text).expect("write a file");
    }
    dir
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

fn pointer(text: &str) -> JsonPointer {
    JsonPointer::parse_fragment(text).expect("a pointer")
}

fn errors_of(dir: &tempfile::TempDir) -> Vec<String> {
    match load_file(&dir.path().join("api.yaml"), "specs/api.yaml") {
        Ok(_) => Vec::new(),
        Err(errors) => errors.errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn files_are_mounted_once_and_cycles_end() {
    let dir = tree_of(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    Pet: {{$ref: 'defs/pet.yaml'}}\n    Owner: {{$ref: './defs/owner.yaml#/Owner'}}\n"),
        ),
        (
            "defs/pet.yaml",
            "type: object\nproperties:\n  owner: {$ref: 'owner.yaml#/Owner'}\n  tag: {$ref: '#/definitions/Tag'}\ndefinitions:\n  Tag: {type: string}\n",
        ),
        (
            "defs/owner.yaml",
            "Owner:\n  type: object\n  properties:\n    pets:\n      type: array\n      items: {$ref: 'pet.yaml'}\n    root: {$ref: '../api.yaml#/components/schemas/Owner'}\n",
        ),
    ]);
    let document = load_file(&dir.path().join("api.yaml"), "specs/api.yaml")
        .unwrap_or_else(|errors| panic!("{errors}"));
    let refs: Vec<String> = refs_in(&document.root)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    // `Pet` and `Owner` took their targets' places (so their types are named after
    // them); the files stay under `/x-external` for references into them (`Tag`).
    let pet_and_owner = [
        "#/components/schemas/Owner",
        "#/x-external/pet/definitions/Tag",
        "#/components/schemas/Pet",
        "#/components/schemas/Owner",
    ];
    assert_eq!(refs, [pet_and_owner, pet_and_owner].concat());
    let keys: Vec<&String> = document.root[EXTERNAL_KEY]
        .as_object()
        .map(|map| map.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["pet", "owner"]);
    let error = document.error(
        &pointer("#/components/schemas/Pet/properties/owner/$ref"),
        "x",
    );
    assert_eq!(
        error.to_string(),
        "specs/defs/pet.yaml:3:17: error: x (at #/properties/owner/$ref)"
    );
    let (file, location) = document.locate(&pointer(
        "#/x-external/owner/Owner/properties/pets/items/$ref",
    ));
    assert_eq!(
        (file, location.line, location.column),
        ("specs/defs/owner.yaml", 6, 21)
    );
    let error = document.error(&pointer("#/x-external/pet/definitions/Tag/type"), "x");
    assert_eq!(
        error.to_string(),
        "specs/defs/pet.yaml:6:15: error: x (at #/definitions/Tag/type)"
    );
}

#[test]
fn the_multi_file_fixture_names_types_after_components() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multi_file.yaml");
    let document = load_file(&path, "multi_file.yaml").unwrap_or_else(|errors| panic!("{errors}"));
    let lowered = crate::lower::lower(&document).unwrap_or_else(|errors| panic!("{errors}"));
    let names: Vec<&String> = lowered.model.types.keys().collect();
    assert_eq!(names, ["Error", "Owner", "Pet", "Tag"]);
    let (file, location) = document.locate(&pointer(
        "#/components/schemas/Owner/properties/pets/items/$ref",
    ));
    assert_eq!((file, location.line), ("multi_file/people/owner.yaml", 8));
    let (file, location) = document.locate(&pointer(
        "#/x-external/paths/pet_by_id/get/responses/default/$ref",
    ));
    assert_eq!((file, location.line), ("multi_file/paths.yaml", 18));
}

#[test]
fn a_missing_file_is_an_error_at_its_ref() {
    let dir = tree_of(&[(
        "api.yaml",
        &format!("{HEAD}components:\n  schemas:\n    Pet: {{$ref: 'nope.yaml#/Pet'}}\n"),
    )]);
    assert_eq!(
        errors_of(&dir),
        ["specs/api.yaml:6:17: error: `$ref: nope.yaml#/Pet` names a file that does not exist: `specs/nope.yaml` (at #/components/schemas/Pet/$ref)"]
    );
}

#[test]
fn a_missing_pointer_a_url_and_a_bad_fragment_are_errors_at_their_refs() {
    let dir = tree_of(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'b.json#/Nope'}}\n    B: {{$ref: 'https://example.com/b.yaml'}}\n    C: {{$ref: 'b.json#Nope'}}\n"),
        ),
        ("b.json", "{\"Pet\": {\"$ref\": \"#/Gone\"}}"),
    ]);
    assert_eq!(
        errors_of(&dir),
        [
            "specs/api.yaml:6:15: error: `$ref: b.json#/Nope` points at nothing: `specs/b.json` has no node at `#/Nope`; check the spelling (at #/components/schemas/A/$ref)",
            "specs/api.yaml:7:15: error: `$ref: https://example.com/b.yaml` is an absolute URL; the generator does not use the network, so save the file next to the spec and refer to it by a relative path (at #/components/schemas/B/$ref)",
            "specs/api.yaml:8:15: error: `$ref: b.json#Nope` has a fragment that is not a JSON pointer; write it as `#/path/to/node` (at #/components/schemas/C/$ref)",
            "specs/b.json:1:18: error: `$ref: #/Gone` points at nothing: `specs/b.json` has no node at `#/Gone`; check the spelling (at #/Pet/$ref)",
        ]
    );
}

#[test]
fn a_file_that_does_not_parse_is_refused_at_its_syntax_error() {
    let dir = tree_of(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'b.yaml'}}\n    B: {{$ref: 'b.yaml#/x'}}\n"),
        ),
        ("b.yaml", "x: 1\ny: a: b\n"),
    ]);
    assert_eq!(
        errors_of(&dir),
        ["specs/b.yaml:2:5: error: invalid YAML: mapping values are not allowed in this context (the file is named by the `$ref` at specs/api.yaml:6:15)"]
    );
}

#[test]
fn a_spec_from_memory_cannot_name_files() {
    let text = format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'b.yaml'}}\n");
    let errors = crate::loader::load_str("api.yaml", text)
        .map(|_| ())
        .expect_err("refused");
    assert!(
        errors.to_string().starts_with("api.yaml:6:15: error: `$ref: b.yaml` names another file, but this spec was not read from a file"),
        "{errors}"
    );
}

#[test]
fn a_local_fragment_that_is_no_pointer_is_an_error() {
    let text = format!("{HEAD}components:\n  schemas:\n    A: {{$ref: '#components/schemas/B'}}\n");
    let errors = crate::loader::load_str("api.yaml", text)
        .map(|_| ())
        .expect_err("refused");
    assert_eq!(
        errors.to_string(),
        "api.yaml:6:15: error: `$ref: #components/schemas/B` has a fragment that is not a JSON pointer; write it as `#/path/to/node` (at #/components/schemas/A/$ref)"
    );
}

#[test]
fn keys_are_unique_and_safe() {
    let dir = tree_of(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'a/pet.yaml'}}\n    B: {{$ref: 'b/pet.yaml'}}\n    C: {{$ref: 'my%20pet~1.yaml'}}\n"),
        ),
        ("a/pet.yaml", "type: string\n"),
        ("b/pet.yaml", "type: integer\n"),
        ("my pet~1.yaml", "type: boolean\n"),
    ]);
    let document = load_file(&dir.path().join("api.yaml"), "api.yaml")
        .unwrap_or_else(|errors| panic!("{errors}"));
    let keys: Vec<&String> = document.root[EXTERNAL_KEY]
        .as_object()
        .map(|map| map.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["pet", "pet_2", "my_pet_1"]);
}

#[test]
fn urls_and_names() {
    assert!(is_url("http://example.com/a.yaml"));
    assert!(is_url("file:///a.yaml"));
    assert!(is_url("//example.com/a.yaml"));
    assert!(!is_url("a.yaml#/x:y"));
    assert!(!is_url("C:/specs/a.yaml"));
    assert!(!is_url("../a.yaml"));
    assert_eq!(
        display_name("specs/a.yaml", "../common.yaml"),
        "common.yaml"
    );
    assert_eq!(display_name("a.yaml", "./defs/b.yaml"), "defs/b.yaml");
    assert_eq!(display_name("a.yaml", "../b.yaml"), "../b.yaml");
}

#[test]
fn examples_and_defaults_are_data() {
    let tree: Value = serde_json::json!({
        "properties": {"example": {"$ref": "#/a"}, "default": {"$ref": "#/b"}},
        "example": {"$ref": "x.yaml"},
        "examples": [{"$ref": "y.yaml"}],
        "items": {"$ref": "#/c"}
    });
    let refs: Vec<String> = refs_in(&tree).into_iter().map(|(_, t)| t).collect();
    assert_eq!(refs, ["#/a", "#/b", "#/c"]);
}
