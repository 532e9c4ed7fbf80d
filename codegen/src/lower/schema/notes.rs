//! Doc notes for what a schema's Rust type does not show: a string's format, an enum's values,
//! the default.

use serde_json::{Map, Value};

use super::keywords::{declared_types, is_null_schema, string_values};
use crate::lower::defaults::fit_default;

/// Doc notes for what the Rust type does not show: a string's format, the values of an enum
/// that is not an open enum (or a `const`), the default.
pub(super) fn notes_of(map: &Map<String, Value>) -> Vec<String> {
    let mut notes = Vec::new();
    // The `[T, null]` idiom: the notes of `T`.
    for key in ["anyOf", "oneOf"] {
        if let Some(items) = map.get(key).and_then(Value::as_array) {
            let present: Vec<&Value> = items.iter().filter(|i| !is_null_schema(i)).collect();
            if let [only] = present.as_slice() {
                if let Some(inner) = only.as_object().filter(|m| !m.contains_key("$ref")) {
                    notes.extend(notes_of(inner));
                }
            }
        }
    }
    let types = declared_types(map);
    let values: Option<Vec<&Value>> = match (map.get("const"), map.get("enum")) {
        (Some(value), _) => Some(vec![value]),
        (None, Some(Value::Array(values))) => Some(values.iter().collect()),
        _ => None,
    };
    if let Some(values) = values {
        let present: Vec<&Value> = values.into_iter().filter(|v| !v.is_null()).collect();
        if !present.is_empty()
            && string_values(&present, &types).is_none()
            && !map.contains_key("x-flags")
        {
            let list: Vec<String> = present.iter().map(|v| format!("`{v}`")).collect();
            notes.push(if map.contains_key("const") {
                format!("Always {}.", list.join(", "))
            } else {
                format!("One of {}.", list.join(", "))
            });
        }
    } else if let Some(format) = map.get("format").and_then(Value::as_str) {
        // Formats with a Rust type of their own need no note (when the schema is a string).
        let typed = format == "date-time"
            || (!types.is_empty() && ["date", "uuid", "byte"].contains(&format));
        if types.iter().all(|t| *t == "string") && !typed {
            notes.push(match format {
                "binary" => "Binary content (`format: binary`), which has no JSON form: held \
                             here as the text sent."
                    .to_owned(),
                other => format!("Format: `{other}`."),
            });
        }
    }
    if let Some(default) = fit_default(map).value() {
        notes.push(format!("Default: `{default}`."));
    }
    notes
}
