//! After bundling: puts what the root's sections `$ref` in other files in their place, so
//! types are named after the root's entries rather than after the files.

use std::collections::HashMap;

use serde_json::Value;

use super::refs::refs_in;
use crate::origins::Origins;
use crate::pointer::JsonPointer;
use crate::tree::{value_at, value_at_mut, EXTERNAL_KEY};

/// Root sections that may be one `$ref` to a map in another file.
const SECTIONS: &[&[&str]] = &[
    &["components", "schemas"],
    &["components", "responses"],
    &["components", "parameters"],
    &["components", "requestBodies"],
    &["components", "headers"],
    &["components", "securitySchemes"],
    &["paths"],
    &["definitions"],
    &["parameters"],
    &["responses"],
    &["securityDefinitions"],
];

/// Sections whose keys name types: an entry there that is only a `$ref` into another file
/// takes its target's place, so the type is named after the entry.
const NAMED_SECTIONS: &[&[&str]] = &[&["components", "schemas"], &["definitions"]];

/// Puts content brought in from other files where the root's sections refer to it: a section
/// that is one `$ref` (`schemas: {$ref: schemas.yaml}`) is replaced by its target, and so is a
/// schema entry that is only a `$ref` (`Pet: {$ref: pet.yaml}`), every other reference to that
/// target then pointing at the entry. `Pet` is then a type named `Pet`, not an alias of a type
/// named after the file. The copies under `/x-external` stay, for references into them.
pub(super) fn hoist(root: &mut Value, origins: &mut Origins) {
    let mut copies = Vec::new();
    for section in SECTIONS {
        let at = pointer_of(section);
        if let Some(target) = hoist_one(root, &at) {
            copies.push((at, target));
        }
    }
    let mut moved: HashMap<String, String> = HashMap::new();
    for section in NAMED_SECTIONS {
        let at = pointer_of(section);
        let names: Vec<String> = value_at(root, &at)
            .and_then(Value::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            let entry = at.push(name.as_str());
            let target = external_target(root, &entry);
            if target
                .as_ref()
                .is_some_and(|t| moved.contains_key(&t.to_string()))
            {
                continue;
            }
            if let Some(target) = hoist_one(root, &entry) {
                moved.insert(target.to_string(), entry.to_string());
                copies.push((entry, target));
            }
        }
    }
    for (at, text) in refs_in(root) {
        if let (Some(local), Some(slot)) = (moved.get(&text), value_at_mut(root, &at)) {
            *slot = Value::String(local.clone());
        }
    }
    origins.rebase(&copies);
}

/// Replaces the node at `at`, when it is only a `$ref` into `/x-external`, by a copy of its
/// target; the target's pointer.
fn hoist_one(root: &mut Value, at: &JsonPointer) -> Option<JsonPointer> {
    let target = external_target(root, at)?;
    let content = value_at(root, &target)?.clone();
    let slot = value_at_mut(root, at)?;
    *slot = content;
    Some(target)
}

/// The target of the node at `at` when it is a mapping holding only a `$ref` into
/// `/x-external`.
fn external_target(root: &Value, at: &JsonPointer) -> Option<JsonPointer> {
    let map = value_at(root, at)?.as_object()?;
    let text = map.get("$ref")?.as_str()?;
    let target = JsonPointer::parse_fragment(text)?;
    let is_external = target.tokens().first().map(String::as_str) == Some(EXTERNAL_KEY);
    (map.len() == 1 && is_external).then_some(target)
}

/// The pointer made of `tokens`.
fn pointer_of(tokens: &[&str]) -> JsonPointer {
    tokens
        .iter()
        .fold(JsonPointer::root(), |pointer, token| pointer.push(*token))
}
