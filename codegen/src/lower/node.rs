//! What any spec node says that every lowering pass reads: its title and description, its
//! `deprecated` flag, and its JSON kind (for messages).

use serde_json::{Map, Value};

use crate::model::Docs;

/// Title and description of a spec node.
pub(super) fn docs_of(map: &Map<String, Value>) -> Docs {
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    Docs {
        title: text("title"),
        description: text("description").or_else(|| text("summary")),
    }
}

/// `deprecated: true` on a node.
pub(super) fn is_deprecated(map: &Map<String, Value>) -> bool {
    map.get("deprecated").and_then(Value::as_bool) == Some(true)
}

/// A short description of a JSON value's kind, for messages.
pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
