//! Schemas: Swagger's JSON Schema subset is OpenAPI 3.0's, but for `x-nullable` (→
//! `nullable`), `type: file` (→ a binary string), a string `discriminator` (→
//! `{propertyName}`) and `$ref`s into the component sections (→ `#/components/…`).

use serde_json::{Map, Value};

use super::converter::Converter;
use crate::pointer::JsonPointer;

/// Keys whose values are data, copied as they are.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "x-example"];

/// Keys whose values map names to schemas.
const NAME_MAPS: &[&str] = &["properties", "patternProperties", "definitions"];

impl<'a> Converter<'a> {
    /// The schema at `was` converted, to be placed at `at`; with `names`, `value` is a map of
    /// names to schemas (such as `definitions`).
    pub(super) fn schema(
        &mut self,
        value: &'a Value,
        was: &JsonPointer,
        at: &JsonPointer,
        names: bool,
    ) -> Value {
        self.copy(at, was);
        self.schema_tree(value, was, at, names)
    }

    /// Converts a schema (or, with `names`, a map of names to schemas) in place: the result
    /// has the same shape, so only renamed keys need a mount of their own.
    pub(super) fn schema_tree(
        &mut self,
        value: &'a Value,
        was: &JsonPointer,
        at: &JsonPointer,
        names: bool,
    ) -> Value {
        match value {
            Value::Object(map) if names => {
                let mut out = Map::new();
                for (name, child) in map {
                    let child = self.schema_tree(
                        child,
                        &was.push(name.as_str()),
                        &at.push(name.as_str()),
                        false,
                    );
                    out.insert(name.clone(), child);
                }
                Value::Object(out)
            }
            Value::Object(map) => Value::Object(self.schema_map(map, was, at)),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        self.schema_tree(item, &was.index(index), &at.index(index), false)
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// One schema object's keys.
    fn schema_map(
        &mut self,
        map: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Map<String, Value> {
        let is_file = map.get("type").and_then(Value::as_str) == Some("file");
        let mut out = Map::new();
        for (key, value) in map {
            let key_was = was.push(key.as_str());
            let key_at = at.push(key.as_str());
            match (key.as_str(), value) {
                ("$ref", Value::String(text)) => {
                    let text = self.reference(text, &key_was);
                    out.insert(key.clone(), Value::String(text));
                }
                ("x-nullable", _) => {
                    out.insert("nullable".to_owned(), value.clone());
                    self.copy(&at.push("nullable"), &key_was);
                }
                ("type", _) if is_file => {
                    out.insert(key.clone(), Value::from("string"));
                    out.insert("format".to_owned(), Value::from("binary"));
                    self.copy(&at.push("format"), &key_was);
                }
                ("format", _) if is_file => {}
                ("discriminator", Value::String(property)) => {
                    let mut discriminator = Map::new();
                    discriminator
                        .insert("propertyName".to_owned(), Value::String(property.clone()));
                    out.insert(key.clone(), Value::Object(discriminator));
                    self.copy(&key_at.push("propertyName"), &key_was);
                }
                (key_text, _) if DATA_KEYS.contains(&key_text) || key_text.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                (key_text, _) => {
                    let names = NAME_MAPS.contains(&key_text);
                    let converted = self.schema_tree(value, &key_was, &key_at, names);
                    out.insert(key.clone(), converted);
                }
            }
        }
        out
    }
}
