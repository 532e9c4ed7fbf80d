//! Finds the `$ref` strings of a tree, leaving out data values (examples, defaults, enums).

use serde_json::Value;

use crate::pointer::JsonPointer;

/// Keys whose values are data (examples, defaults, enumerations), never searched for `$ref`s.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "x-example"];

/// Keys whose values map names to objects: a key in them is a name, never a data key.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
    "securitySchemes",
    "securityDefinitions",
    "content",
    "encoding",
    "paths",
    "webhooks",
    "variables",
    "pathItems",
];

/// Every `$ref` string in `tree` with the pointer of its `$ref` key, in document order.
/// Example and default values are data and not searched.
pub fn refs_in(tree: &Value) -> Vec<(JsonPointer, String)> {
    let mut found = Vec::new();
    visit_refs(tree, &mut Vec::new(), false, &mut |path, text| {
        let at = path
            .iter()
            .fold(JsonPointer::root(), |at, step| match step {
                Step::Key(key) => at.push(*key),
                Step::Index(index) => at.index(*index),
            })
            .push("$ref");
        found.push((at, text.to_owned()));
        true
    });
    found
}

/// Whether `tree` has a `$ref` that is not a local pointer (a file, a URL or garbage): the
/// only case with work for the bundler. Walks without building a pointer per node.
pub(super) fn has_non_local_ref(tree: &Value) -> bool {
    let mut found = false;
    visit_refs(tree, &mut Vec::new(), false, &mut |_, text| {
        found = !JsonPointer::is_fragment(text);
        !found
    });
    found
}

/// One step of the path to a node.
enum Step<'t> {
    Key(&'t str),
    Index(usize),
}

/// Calls `on_ref` with the path and text of every `$ref` string under `node` (see
/// [`refs_in`]) until it returns false; whether the walk went to the end.
fn visit_refs<'t>(
    node: &'t Value,
    path: &mut Vec<Step<'t>>,
    names: bool,
    on_ref: &mut dyn FnMut(&[Step<'t>], &str) -> bool,
) -> bool {
    match node {
        Value::Object(map) => {
            if let (false, Some(Value::String(text))) = (names, map.get("$ref")) {
                if !on_ref(path, text) {
                    return false;
                }
            }
            for (key, value) in map {
                let is_data =
                    DATA_KEYS.contains(&key.as_str()) || (key == "examples" && value.is_array());
                if !names && is_data {
                    continue;
                }
                let child_names = !names && NAME_MAPS.contains(&key.as_str());
                path.push(Step::Key(key));
                let go_on = visit_refs(value, path, child_names, on_ref);
                path.pop();
                if !go_on {
                    return false;
                }
            }
            true
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                let go_on = visit_refs(item, path, false, on_ref);
                path.pop();
                if !go_on {
                    return false;
                }
            }
            true
        }
        _ => true,
    }
}
