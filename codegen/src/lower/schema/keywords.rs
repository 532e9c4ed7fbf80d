//! What a schema's keywords say, read without lowering it: whether it states a type, lists
//! object keywords, allows `null`; its declared types, `required` names and enum values' type.

use serde_json::{Map, Value};

/// Keywords that say what a schema's type is. A schema with none of them only annotates or
/// constrains (`description`, `example`, `maxLength`, `required`, …).
const TYPE_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "$ref",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "x-flags",
];

/// `{type: null}` (3.1) or `{enum: [null]}`, which the `[T, null]` idiom uses.
pub(super) fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(Value::is_null))
}

/// Whether a schema says what type it is (see [`TYPE_KEYWORDS`]).
pub(super) fn has_type_keywords(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|map| TYPE_KEYWORDS.iter().any(|key| map.contains_key(*key)))
}

/// Whether a schema lists properties, `required` or `additionalProperties` of its own.
pub(super) fn has_object_keywords(map: &Map<String, Value>) -> bool {
    map.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || map.contains_key("required")
        || map.contains_key("additionalProperties")
}

/// The names in `required`.
pub(super) fn required_of(map: &Map<String, Value>) -> Vec<&str> {
    map.get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Whether a schema allows `null` (for a schema that is given its type again).
pub(in crate::lower) fn allows_null(map: &Map<String, Value>) -> bool {
    let in_list = |key: &str, test: &dyn Fn(&Value) -> bool| {
        map.get(key)
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(test))
    };
    map.get("nullable").and_then(Value::as_bool) == Some(true)
        || in_list("type", &|t| t == "null")
        || in_list("enum", &Value::is_null)
        || in_list("anyOf", &is_null_schema)
        || in_list("oneOf", &is_null_schema)
}

/// The strings of a string enum, when every value is one and the type allows strings.
pub(super) fn string_values<'v>(values: &[&'v Value], types: &[&str]) -> Option<Vec<&'v str>> {
    let strings: Option<Vec<&str>> = values.iter().map(|v| v.as_str()).collect();
    strings.filter(|s| !s.is_empty() && types.iter().all(|t| *t == "string"))
}

/// The JSON type all `values` share (`integer` for whole numbers), if they share one.
pub(super) fn value_type(values: &[&Value]) -> Option<&'static str> {
    if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        Some("integer")
    } else if values.iter().all(|v| v.is_number()) {
        Some("number")
    } else if values.iter().all(|v| v.is_boolean()) {
        Some("boolean")
    } else if values.iter().all(|v| v.is_string()) {
        Some("string")
    } else if values.iter().all(|v| v.is_object()) {
        Some("object")
    } else if values.iter().all(|v| v.is_array()) {
        Some("array")
    } else {
        None
    }
}

/// The non-null type names a schema lists.
pub(in crate::lower) fn declared_types(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|name| *name != "null")
    .collect()
}
