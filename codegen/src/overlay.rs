//! OpenAPI Overlay 1.0/1.1 documents applied to a spec's tree, strictly (serde_json_path, which
//! implements RFC 9535 JSONPath, stays behind this module).
//!
//! Each action's `target` selects nodes; `update` merges into them (objects recursively,
//! arrays concatenated or appended to, primitives replaced), `copy` merges the one node another
//! JSONPath selects, `remove` deletes them. Stricter than the specification, because an
//! overlay that silently stops applying loses knowledge: an action that selects nothing is an
//! error, and an action may state with `x-expect` the value it expects each selected node to
//! have before it applies (an overlay that patches a vendor defect fails loudly once the vendor
//! fixes it, and can then be deleted). Every error names the overlay file, the action's line and
//! column, and what to do.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diagnostic::{Diagnostic, Location, SpecErrors};
use crate::locate::PositionIndex;
use crate::pointer::JsonPointer;
use crate::source::error_at;

/// A parsed overlay document.
#[derive(Debug)]
pub struct Overlay {
    name: String,
    text: String,
    actions: Vec<Action>,
}

#[derive(Debug)]
struct Action {
    /// Its index in `actions`.
    index: usize,
    target_text: String,
    target: JsonPath,
    description: Option<String>,
    change: Change,
    expect: Option<Value>,
}

#[derive(Debug)]
enum Change {
    Update(Value),
    Copy(String, JsonPath),
    Remove,
}

/// One step from a node to a child.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Name(String),
    Index(usize),
}

impl Overlay {
    /// Parses the overlay document `bytes` read from the file `name` (JSON or YAML).
    pub fn parse(name: &str, bytes: Vec<u8>) -> Result<Self, SpecErrors> {
        let (source, root) = crate::parse::parse_source(name, bytes)?;
        let text = source.text().to_owned();
        let mut overlay = Self {
            name: name.to_owned(),
            text,
            actions: Vec::new(),
        };
        let fail = |overlay: &Self, pointer: &JsonPointer, message: String| {
            SpecErrors::single(overlay.error(pointer, message))
        };
        let version = root.get("overlay").and_then(Value::as_str).unwrap_or("");
        if !(version.starts_with("1.0.") || version.starts_with("1.1.")) {
            return Err(fail(
                &overlay,
                &JsonPointer::root(),
                format!("`overlay: {version}` is not an Overlay version this tool applies; write `overlay: 1.1.0`"),
            ));
        }
        let Some(actions) = root.get("actions").and_then(Value::as_array) else {
            return Err(fail(
                &overlay,
                &JsonPointer::root(),
                "an overlay needs `actions`, a list of at least one action".to_owned(),
            ));
        };
        let mut errors = Vec::new();
        for (index, action) in actions.iter().enumerate() {
            match overlay.parse_action(index, action) {
                Ok(action) => overlay.actions.push(action),
                Err(error) => errors.push(error),
            }
        }
        if actions.is_empty() {
            errors.push(overlay.error(
                &JsonPointer::root().push("actions"),
                "`actions` is empty; add an action or delete the overlay".to_owned(),
            ));
        }
        if errors.is_empty() {
            Ok(overlay)
        } else {
            Err(SpecErrors { errors })
        }
    }

    fn parse_action(&self, index: usize, action: &Value) -> Result<Action, Diagnostic> {
        let at = JsonPointer::root().push("actions").index(index);
        let target_text = action
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| self.error(&at, "the action has no `target` (a JSONPath)".to_owned()))?;
        let target = JsonPath::parse(target_text).map_err(|error| {
            self.error(
                &at.push("target"),
                format!("`{target_text}` is not an RFC 9535 JSONPath: {error}"),
            )
        })?;
        let remove = action.get("remove").and_then(Value::as_bool) == Some(true);
        let update = action.get("update");
        let copy = action.get("copy").and_then(Value::as_str);
        let change = match (remove, update, copy) {
            (true, None, None) => Change::Remove,
            (false, Some(update), None) => Change::Update(update.clone()),
            (false, None, Some(copy)) => {
                let path = JsonPath::parse(copy).map_err(|error| {
                    self.error(
                        &at.push("copy"),
                        format!("`{copy}` is not an RFC 9535 JSONPath: {error}"),
                    )
                })?;
                Change::Copy(copy.to_owned(), path)
            }
            _ => {
                return Err(self.error(
                    &at,
                    "an action takes exactly one of `update`, `copy` and `remove: true`".to_owned(),
                ))
            }
        };
        Ok(Action {
            index,
            target_text: target_text.to_owned(),
            target,
            description: action
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            change,
            expect: action.get("x-expect").cloned(),
        })
    }

    /// Applies every action in order to `document`; returns how many nodes each action
    /// selected. Stops at the first action that fails.
    pub fn apply(&self, document: &mut Value) -> Result<Vec<usize>, SpecErrors> {
        let mut matches = Vec::with_capacity(self.actions.len());
        for action in &self.actions {
            let at = JsonPointer::root().push("actions").index(action.index);
            let fail = |message: String| SpecErrors::single(self.error(&at, message));
            let locations = locations(&action.target, document);
            if locations.is_empty() {
                return Err(fail(format!(
                    "{} selects nothing (`{}`); fix the target or delete the action",
                    action.label(),
                    action.target_text
                )));
            }
            if let Some(expected) = &action.expect {
                for location in &locations {
                    let found = node(document, location);
                    if found != Some(expected) {
                        return Err(fail(format!(
                            "{} expects {} at {}, found {}: the document changed (a vendor fix?); \
                             check it and update or delete the action",
                            action.label(),
                            expected,
                            display(location),
                            found.map_or("nothing".to_owned(), Value::to_string)
                        )));
                    }
                }
            }
            let result = match &action.change {
                Change::Remove => remove_all(document, &locations),
                Change::Update(update) => merge_all(document, &locations, update),
                Change::Copy(text, path) => {
                    let sources = path.query(document).all();
                    match sources.as_slice() {
                        [single] => {
                            let source = (*single).clone();
                            merge_all(document, &locations, &source)
                        }
                        _ => Err(format!(
                            "`copy: {text}` selects {} nodes; it must select exactly one",
                            sources.len()
                        )),
                    }
                }
            };
            result.map_err(|message| fail(format!("{}: {message}", action.label())))?;
            matches.push(locations.len());
        }
        Ok(matches)
    }

    /// The actions' labels, in order, for a report (`action 3 (Open enums)`).
    pub fn action_labels(&self) -> Vec<String> {
        self.actions.iter().map(Action::label).collect()
    }

    fn error(&self, pointer: &JsonPointer, message: String) -> Diagnostic {
        let location = if self.text.is_empty() {
            Location { line: 1, column: 1 }
        } else {
            PositionIndex::build_for(&self.text, &[pointer]).locate(pointer)
        };
        error_at(&self.name, location, message)
    }
}

impl Action {
    fn label(&self) -> String {
        match &self.description {
            Some(description) => format!("action {} ({description})", self.index + 1),
            None => format!("action {}", self.index + 1),
        }
    }
}

/// Where `path` selects nodes in `document`, in document order.
fn locations(path: &JsonPath, document: &Value) -> Vec<Vec<Step>> {
    path.query_located(document)
        .locations()
        .map(|location| {
            location
                .iter()
                .map(|element| match element {
                    serde_json_path::PathElement::Name(name) => Step::Name((*name).to_owned()),
                    serde_json_path::PathElement::Index(index) => Step::Index(*index),
                })
                .collect()
        })
        .collect()
}

fn node<'v>(document: &'v Value, location: &[Step]) -> Option<&'v Value> {
    location
        .iter()
        .try_fold(document, |value, step| match step {
            Step::Name(name) => value.get(name),
            Step::Index(index) => value.get(index),
        })
}

fn node_mut<'v>(document: &'v mut Value, location: &[Step]) -> Option<&'v mut Value> {
    location
        .iter()
        .try_fold(document, |value, step| match step {
            Step::Name(name) => value.get_mut(name),
            Step::Index(index) => value.get_mut(index),
        })
}

/// `$['paths']['/a'][0]`, the RFC 9535 normalized path.
fn display(location: &[Step]) -> String {
    let mut out = String::from("$");
    for step in location {
        match step {
            Step::Name(name) => out.push_str(&quoted(name)),
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// `['name']`, a normalized path's name selector (RFC 9535: single quotes, `\\` and `\'`
/// escaped).
fn quoted(name: &str) -> String {
    format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Removes the nodes, the last in document order first, so array indexes stay valid.
fn remove_all(document: &mut Value, locations: &[Vec<Step>]) -> Result<(), String> {
    let mut sorted = locations.to_vec();
    sorted.sort();
    for location in sorted.iter().rev() {
        let Some((last, parent)) = location.split_last() else {
            return Err("`remove` cannot remove the whole document".to_owned());
        };
        match (node_mut(document, parent), last) {
            (Some(Value::Object(map)), Step::Name(name)) => {
                map.shift_remove(name);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            _ => return Err(format!("{} is gone", display(location))),
        }
    }
    Ok(())
}

/// Merges `update` into every selected node; the nodes must be all objects, all arrays or all
/// primitives.
fn merge_all(document: &mut Value, locations: &[Vec<Step>], update: &Value) -> Result<(), String> {
    let kinds: Vec<&str> = locations
        .iter()
        .filter_map(|location| node(document, location).map(kind))
        .collect();
    if kinds.windows(2).any(|pair| pair[0] != pair[1]) {
        return Err(format!(
            "the target selects {} nodes of different kinds ({}); an update needs all objects, all arrays or all primitives",
            kinds.len(),
            kinds.join(", ")
        ));
    }
    for location in locations {
        let target =
            node_mut(document, location).ok_or_else(|| format!("{} is gone", display(location)))?;
        merge(target, update).map_err(|path| {
            format!(
                "at {}{path}: {}",
                display(location),
                "an update cannot change a value's kind (object, array, primitive)"
            )
        })?;
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        _ => "primitive",
    }
}

/// Overlay 1.1's merge: objects recursively, arrays concatenated (an array update) or appended
/// to (any other update), primitives replaced; anything else is incompatible (the error is the
/// relative path where it happened).
fn merge(target: &mut Value, update: &Value) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => merge_objects(target, update),
        (Value::Array(target), Value::Array(update)) => {
            target.extend(update.iter().cloned());
            Ok(())
        }
        (Value::Array(target), update) => {
            target.push(update.clone());
            Ok(())
        }
        (target, update) if !target.is_object() && !update.is_object() && !update.is_array() => {
            *target = update.clone();
            Ok(())
        }
        _ => Err(String::new()),
    }
}

fn merge_objects(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
) -> Result<(), String> {
    for (key, value) in update {
        match target.get_mut(key) {
            None => {
                target.insert(key.clone(), value.clone());
            }
            Some(existing) => {
                // Inside an object an array replaces nothing: arrays concatenate, objects merge,
                // primitives replace primitives, any other pair is incompatible.
                let compatible = matches!(
                    (&*existing, value),
                    (Value::Object(_), Value::Object(_)) | (Value::Array(_), Value::Array(_))
                ) || (!existing.is_object()
                    && !existing.is_array()
                    && !value.is_object()
                    && !value.is_array());
                if !compatible {
                    return Err(quoted(key));
                }
                merge(existing, value).map_err(|path| format!("{}{path}", quoted(key)))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(yaml: &str) -> Overlay {
        Overlay::parse("overlay.yaml", yaml.as_bytes().to_vec()).expect("a valid overlay")
    }

    fn error_of(result: Result<impl std::fmt::Debug, SpecErrors>) -> String {
        result.expect_err("an error").to_string()
    }

    const HEAD: &str = "overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn update_merges_objects_concatenates_arrays_and_replaces_primitives() {
        let mut doc = json!({"info": {"title": "A", "x": {"a": 1}}, "tags": [{"name": "one"}]});
        let o = overlay(&format!(
            "{HEAD}  - target: $.info\n    update: {{title: B, x: {{b: 2}}, new: true}}\n  - target: $.tags\n    update: {{name: two}}\n  - target: $.tags\n    update: [{{name: three}}]\n"
        ));
        assert_eq!(o.apply(&mut doc).expect("applies"), [1, 1, 1]);
        assert_eq!(
            doc,
            json!({"info": {"title": "B", "x": {"a": 1, "b": 2}, "new": true},
                   "tags": [{"name": "one"}, {"name": "two"}, {"name": "three"}]})
        );
    }

    #[test]
    fn remove_deletes_every_selected_node_whatever_their_order() {
        let mut doc =
            json!({"p": [{"n": "a"}, {"n": "dummy"}, {"n": "b"}, {"n": "dummy"}], "q": 1});
        let o = overlay(&format!(
            "{HEAD}  - target: $.p[?@.n == 'dummy']\n    remove: true\n  - target: $.q\n    remove: true\n"
        ));
        assert_eq!(o.apply(&mut doc).expect("applies"), [2, 1]);
        assert_eq!(doc, json!({"p": [{"n": "a"}, {"n": "b"}]}));
    }

    #[test]
    fn copy_merges_the_one_selected_node() {
        let mut doc = json!({"a": {"x": 1}, "b": {"y": 2}});
        let o = overlay(&format!("{HEAD}  - target: $.b\n    copy: $.a\n"));
        o.apply(&mut doc).expect("applies");
        assert_eq!(doc["b"], json!({"x": 1, "y": 2}));
    }

    #[test]
    fn an_action_that_selects_nothing_is_an_error_naming_it() {
        let mut doc = json!({"a": 1});
        let o = overlay(&format!(
            "{HEAD}  - target: $.missing\n    description: Patch the vendor's typo\n    update: 2\n"
        ));
        let error = error_of(o.apply(&mut doc));
        assert!(error.contains("overlay.yaml:4:5"), "{error}");
        assert!(
            error.contains("action 1 (Patch the vendor's typo) selects nothing (`$.missing`)"),
            "{error}"
        );
    }

    #[test]
    fn an_expectation_that_no_longer_holds_fails_loudly() {
        let o = overlay(&format!(
            "{HEAD}  - target: $.security\n    description: Fix the scheme name\n    x-expect: SuperOffice Password\n    update: Password\n"
        ));
        let mut broken = json!({"security": "SuperOffice Password"});
        o.apply(&mut broken).expect("the defect is there");
        assert_eq!(broken["security"], "Password");
        let mut fixed = json!({"security": "Password"});
        let error = error_of(o.apply(&mut fixed));
        assert!(
            error.contains("expects \"SuperOffice Password\" at $['security'], found \"Password\""),
            "{error}"
        );
    }

    #[test]
    fn incompatible_updates_and_bad_documents_are_errors() {
        let mut doc = json!({"a": {"b": [1]}});
        let o = overlay(&format!(
            "{HEAD}  - target: $.a\n    update: {{b: {{c: 1}}}}\n"
        ));
        let error = error_of(o.apply(&mut doc));
        assert!(error.contains("at $['a']['b']"), "{error}");

        let bad_path = Overlay::parse(
            "o.yaml",
            format!("{HEAD}  - target: $.a[\n    remove: true\n").into_bytes(),
        );
        assert!(
            error_of(bad_path).contains("o.yaml:4:13: error: `$.a[` is not an RFC 9535 JSONPath")
        );
        let two_changes = Overlay::parse(
            "o.yaml",
            format!("{HEAD}  - target: $.a\n    remove: true\n    update: 1\n").into_bytes(),
        );
        assert!(
            error_of(two_changes).contains("exactly one of `update`, `copy` and `remove: true`")
        );
        let version = Overlay::parse("o.yaml", b"overlay: 2.0.0\nactions: []\n".to_vec());
        assert!(error_of(version).contains("o.yaml:1:1: error: `overlay: 2.0.0`"));
    }
}
