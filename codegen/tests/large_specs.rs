//! A spec of more than 300 operations: only `client` and `server` are on by default, tags are
//! opt-in, and `PartialEq` of structs, unions and operation types is behind `partial-eq`.
//! (GitHub's spec compiles this way in `cargo xtask bench-check`.)

use std::path::Path;

use codegen::CrateOptions;

/// A spec with `count` operations alternating between the tags `a` and `b`, each answering
/// the `Thing` struct and taking an optional query parameter.
fn spec(count: usize) -> String {
    let paths: Vec<String> = (0..count)
        .map(|i| {
            let tag = if i % 2 == 0 { "a" } else { "b" };
            format!(
                r##""/things{i}": {{"get": {{"operationId": "getThing{i}", "tags": ["{tag}"],
                "parameters": [{{"name": "q", "in": "query", "schema": {{"type": "string"}}}}],
                "responses": {{"200": {{"description": "A thing.", "content": {{"application/json":
                {{"schema": {{"$ref": "#/components/schemas/Thing"}}}}}}}}}}}}}}"##
            )
        })
        .collect();
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "Large", "version": "1"}},
        "paths": {{{}}},
        "components": {{"schemas": {{"Thing": {{"type": "object",
        "properties": {{"name": {{"type": "string"}}}}}}}}}}}}"#,
        paths.join(",")
    )
}

fn generate(count: usize) -> codegen::GeneratedCrate {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("large.json");
    std::fs::write(&path, spec(count)).expect("written");
    codegen::generate(&path, &CrateOptions::new("large", "large.json")).expect("generates")
}

fn file<'g>(generated: &'g codegen::GeneratedCrate, path: &str) -> &'g str {
    generated
        .files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn a_large_spec_turns_on_no_tag_and_no_partial_eq_by_default() {
    let generated = generate(301);
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains("\ndefault = [\"client\", \"server\"]\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\na = []\n") && manifest.contains("\nb = []\n"));
    assert!(manifest.contains("\npartial-eq = []\n"), "{manifest}");
    let thing = file(&generated, "src/models/thing.rs");
    assert!(
        thing.contains("#[derive(Clone, Debug, Default)]")
            && thing.contains("#[cfg_attr(feature = \"partial-eq\", derive(PartialEq))]"),
        "{thing}"
    );
    let lib = file(&generated, "src/lib.rs");
    assert!(
        lib.contains("only `client` and `server` are on by default"),
        "{lib}"
    );
}

#[test]
fn a_spec_of_300_operations_keeps_everything_on() {
    let generated = generate(300);
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains("\ndefault = [\"client\", \"server\", \"a\", \"b\"]\n"),
        "{manifest}"
    );
    assert!(!manifest.contains("partial-eq"), "{manifest}");
    let thing = file(&generated, "src/models/thing.rs");
    assert!(
        thing.contains("#[derive(Clone, Debug, Default, PartialEq)]"),
        "{thing}"
    );
}
