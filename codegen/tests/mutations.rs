//! Property test: the fixture specs, mutated at random (keys dropped, values of the wrong type,
//! random strings, deep nesting, references bent), never make the generator panic. Each run
//! either fails with diagnostics that name a line and column, or emits a crate whose every Rust
//! file parses.
//!
//! Whether such crates also compile is what `compile_check.rs` (fixtures) and the corpus test
//! (real specs) establish; parsing every file is the check that fits in hundreds of cases.

mod common;

use codegen::{CrateOptions, GeneratedCrate};
use proptest::prelude::*;
use serde_json::Value;

/// Every fixture's value tree.
fn fixture_trees() -> Vec<(String, Value)> {
    common::fixtures()
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(common::fixtures_dir().join(&file))
                .expect("a readable fixture");
            let tree: Value = serde_yaml::from_str(&text).expect("a fixture parses");
            (file, tree)
        })
        .collect()
}

/// Every node of `tree`, as a path of keys and indexes.
fn paths(tree: &Value) -> Vec<Vec<Step>> {
    let mut out = vec![Vec::new()];
    let mut stack = vec![(tree, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let mut child_path = path.clone();
                    child_path.push(Step::Key(key.clone()));
                    out.push(child_path.clone());
                    stack.push((child, child_path));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Index(index));
                    out.push(child_path.clone());
                    stack.push((child, child_path));
                }
            }
            _ => {}
        }
    }
    out
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The node at `path`, mutably.
fn node_mut<'v>(tree: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(tree, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

/// One way to break a spec.
#[derive(Clone, Debug)]
enum Mutation {
    /// Removes the node (its key or list entry).
    Drop,
    /// Replaces it with a value of another kind.
    Retype(u8),
    /// Replaces it with a random string.
    Text(String),
    /// Wraps it in many levels of lists and mappings.
    Nest(u16),
    /// Points it somewhere, as a `$ref`.
    Reference(String),
    /// Duplicates it under a random key next to it.
    Clone(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Drop),
        any::<u8>().prop_map(Mutation::Retype),
        ".{0,12}".prop_map(Mutation::Text),
        (1u16..400).prop_map(Mutation::Nest),
        prop_oneof![
            Just("#/components/schemas/".to_owned()),
            Just("#/".to_owned()),
            Just("#/paths".to_owned()),
            Just("other.yaml#/x".to_owned()),
            "#/[a-z~/0-9]{0,20}",
        ]
        .prop_map(Mutation::Reference),
        "[a-zA-Z$ {}/]{0,8}".prop_map(Mutation::Clone),
    ]
}

/// Applies `mutation` at `path` (a parent's child for `Drop` and `Clone`).
fn apply(tree: &mut Value, path: &[Step], mutation: &Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        // The root itself.
        if let Mutation::Retype(kind) = mutation {
            *tree = retyped(*kind);
        }
        return;
    };
    match mutation {
        Mutation::Drop => match (node_mut(tree, parent_path), last) {
            (Some(Value::Object(map)), Step::Key(key)) => {
                map.remove(key);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            _ => {}
        },
        Mutation::Clone(key) => {
            let copy = node_mut(tree, path).map(|node| node.clone());
            if let (Some(Value::Object(map)), Some(copy)) = (node_mut(tree, parent_path), copy) {
                map.insert(key.clone(), copy);
            }
        }
        other => {
            if let Some(node) = node_mut(tree, path) {
                *node = match other {
                    Mutation::Retype(kind) => retyped(*kind),
                    Mutation::Text(text) => Value::String(text.clone()),
                    Mutation::Nest(depth) => nested(node.clone(), *depth),
                    Mutation::Reference(target) => serde_json::json!({ "$ref": target }),
                    Mutation::Drop | Mutation::Clone(_) => return,
                };
            }
        }
    }
}

fn retyped(kind: u8) -> Value {
    match kind % 6 {
        0 => Value::Null,
        1 => Value::Bool(kind.is_multiple_of(2)),
        2 => serde_json::json!(i64::from(kind) - 200),
        3 => serde_json::json!(f64::from(kind) / 7.0),
        4 => serde_json::json!([kind, "x", null]),
        _ => serde_json::json!({ "type": "object", "x-kind": kind }),
    }
}

fn nested(inner: Value, depth: u16) -> Value {
    (0..depth).fold(inner, |value, level| {
        if level % 2 == 0 {
            Value::Array(vec![value])
        } else {
            serde_json::json!({ "items": value })
        }
    })
}

/// Generates `tree` (as YAML or JSON text) and checks the outcome.
fn check(name: &str, tree: &Value, as_json: bool) -> Result<(), TestCaseError> {
    let text = if as_json {
        serde_json::to_string_pretty(tree).expect("serializes")
    } else {
        serde_yaml::to_string(tree).expect("serializes")
    };
    let file = if as_json {
        "mutant.json"
    } else {
        "mutant.yaml"
    };
    let options = CrateOptions {
        standalone: true,
        ..CrateOptions::new("mutant", file)
    };
    let outcome = codegen::loader::load_str(file, text)
        .and_then(|document| codegen::generate_document(&document, &options));
    match outcome {
        Err(errors) => {
            prop_assert!(
                !errors.errors.is_empty(),
                "{name}: an error without diagnostics"
            );
            for error in &errors.errors {
                prop_assert!(error.file == file, "{name}: {error}");
                prop_assert!(error.location.line >= 1 && error.location.column >= 1);
                prop_assert!(!error.message.is_empty());
            }
        }
        Ok(GeneratedCrate { files, .. }) => {
            prop_assert!(files.contains_key(std::path::Path::new("src/lib.rs")));
            for (path, contents) in &files {
                if path.extension().is_some_and(|e| e == "rs") {
                    let parsed = syn::parse_file(contents);
                    prop_assert!(parsed.is_ok(), "{name}: {} does not parse", path.display());
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_give_errors_or_valid_crates_never_panics(
        fixture in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4),
        as_json in any::<bool>(),
    ) {
        let trees = fixture_trees();
        let (name, tree) = &trees[fixture.index(trees.len())];
        let mut tree = tree.clone();
        for (at, mutation) in &mutations {
            let all = paths(&tree);
            let path = &all[at.index(all.len())];
            apply(&mut tree, path, mutation);
        }
        check(name, &tree, as_json)?;
    }
}

#[test]
fn every_unmutated_fixture_still_generates() {
    for (name, tree) in fixture_trees() {
        let result = check(&name, &tree, false);
        assert!(result.is_ok(), "{name}: {result:?}");
    }
}
