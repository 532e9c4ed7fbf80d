//! Parameters: query, header and path parameters get a `schema` (from their `type`, `items`,
//! `format`, … ) and a `style`/`explode` (from `collectionFormat`); body and form parameters
//! become the operation's `requestBody`.

use serde_json::{Map, Value};

use super::converter::Converter;
use crate::pointer::JsonPointer;

/// The keys of a Swagger parameter, header or items object that describe its value: they go
/// into the OpenAPI `schema`.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Form media types.
const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// A body or form parameter, resolved: it becomes (part of) a request body.
#[derive(Clone, Debug)]
pub(super) struct Resolved<'a> {
    pub(super) map: &'a Map<String, Value>,
    /// Its input pointer (where a `$ref` led).
    pub(super) was: JsonPointer,
    pub(super) name: String,
}

/// A parameter list, split: what stays in `parameters` and what goes to the request body.
#[derive(Clone, Debug, Default)]
pub(super) struct Split<'a> {
    /// The converted query, header and path parameters (and anything unrecognisable, kept
    /// for the lowering to report).
    pub(super) kept: Vec<Value>,
    /// `in: body` parameters.
    pub(super) body: Vec<Resolved<'a>>,
    /// `in: formData` parameters.
    pub(super) form: Vec<Resolved<'a>>,
}

impl<'a> Converter<'a> {
    /// Converts a `parameters` list at `was`; kept parameters are placed under `at`.
    pub(super) fn parameter_list(
        &mut self,
        list: &'a Value,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Split<'a> {
        let mut split = Split::default();
        let Some(items) = list.as_array() else {
            // The lowering reports a `parameters` that is no list.
            split.kept.push(list.clone());
            return split;
        };
        for (index, item) in items.iter().enumerate() {
            let item_was = was.index(index);
            let item_at = at.index(split.kept.len());
            let Some((target, target_was)) = self.follow(item, &item_was) else {
                continue;
            };
            let Some(map) = target.as_object() else {
                self.copy(&item_at, &target_was);
                split.kept.push(target.clone());
                continue;
            };
            let name = map.get("name").and_then(Value::as_str).unwrap_or("");
            let resolved = Resolved {
                map,
                was: target_was.clone(),
                name: name.to_owned(),
            };
            match map.get("in").and_then(Value::as_str) {
                Some("body") => split.body.push(resolved),
                Some("formData") => split.form.push(resolved),
                Some("query" | "header" | "path") => {
                    let kept = match component_reference(item) {
                        Some(reference) => {
                            self.copy(&item_at, &item_was);
                            reference
                        }
                        None => self.parameter(map, &target_was, &item_at),
                    };
                    split.kept.push(kept);
                }
                other => {
                    let message = format!("parameter `{name}` has `in: {}`; Swagger 2.0 expects query, header, path, formData or body", other.unwrap_or("(missing)"));
                    let at = if other.is_some() {
                        target_was.push("in")
                    } else {
                        target_was
                    };
                    self.error(&at, message);
                }
            }
        }
        split
    }

    /// `components.parameters`: the document's query, header and path parameters (body and
    /// form parameters are put into the request bodies that use them).
    pub(super) fn component_parameters(
        &mut self,
        parameters: &'a Value,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Value {
        let Some(map) = parameters.as_object() else {
            self.copy(at, was);
            return parameters.clone();
        };
        let mut out = Map::new();
        for (name, parameter) in map {
            let parameter_at = at.push(name.as_str());
            let Some((target, target_was)) = self.follow(parameter, &was.push(name.as_str()))
            else {
                continue;
            };
            let converted = match target.as_object() {
                Some(p) if is_body_or_form(p) => continue,
                Some(p) => self.parameter(p, &target_was, &parameter_at),
                None => {
                    self.copy(&parameter_at, &target_was);
                    target.clone()
                }
            };
            out.insert(name.clone(), converted);
        }
        Value::Object(out)
    }

    /// One query, header or path parameter: its value keywords become `schema`,
    /// `collectionFormat` becomes `style` and `explode`.
    fn parameter(
        &mut self,
        map: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Value {
        self.copy(at, was);
        let location = map.get("in").and_then(Value::as_str).unwrap_or("query");
        let mut out = Map::new();
        for (key, value) in map {
            if !SCHEMA_KEYS.contains(&key.as_str()) && key != "collectionFormat" && key != "schema"
            {
                out.insert(key.clone(), value.clone());
            }
        }
        if let Some((style, explode)) = self.style(map, location, was) {
            out.insert("style".to_owned(), Value::from(style));
            out.insert("explode".to_owned(), Value::Bool(explode));
            if map.contains_key("collectionFormat") {
                let format_was = was.push("collectionFormat");
                self.copy(&at.push("style"), &format_was);
                self.copy(&at.push("explode"), &format_was);
            }
        }
        let schema = match map.get("schema") {
            // Not Swagger, but unambiguous: a schema written the OpenAPI 3 way.
            Some(schema) => self.schema(schema, &was.push("schema"), &at.push("schema"), false),
            None => self.value_schema(map, was, &at.push("schema")),
        };
        out.insert("schema".to_owned(), schema);
        Value::Object(out)
    }

    /// The schema of a parameter, header or items object: its value keywords, with `items`
    /// converted the same way, `type: file` as a binary string and `x-nullable` as `nullable`.
    pub(super) fn value_schema(
        &mut self,
        map: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Value {
        self.copy(at, was);
        let mut out = Map::new();
        for key in SCHEMA_KEYS {
            let Some(value) = map.get(*key) else {
                continue;
            };
            match (*key, value) {
                ("items", Value::Object(items)) => {
                    let items = self.value_schema(items, &was.push("items"), &at.push("items"));
                    out.insert("items".to_owned(), items);
                }
                ("type", Value::String(kind)) if kind == "file" => {
                    out.insert("type".to_owned(), Value::from("string"));
                    out.insert("format".to_owned(), Value::from("binary"));
                    self.copy(&at.push("format"), &was.push("type"));
                }
                ("format", _) if map.get("type").and_then(Value::as_str) == Some("file") => {}
                ("x-nullable", _) => {
                    out.insert("nullable".to_owned(), value.clone());
                    self.copy(&at.push("nullable"), &was.push("x-nullable"));
                }
                _ => {
                    out.insert((*key).to_owned(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// `style` and `explode` of an array parameter from its `collectionFormat` (Swagger's
    /// default is `csv`, which OpenAPI must be told explicitly for query parameters).
    fn style(
        &mut self,
        map: &Map<String, Value>,
        location: &str,
        was: &JsonPointer,
    ) -> Option<(&'static str, bool)> {
        let format = map.get("collectionFormat");
        let is_array = map.get("type").and_then(Value::as_str) == Some("array");
        if format.is_none() && !is_array {
            return None;
        }
        let format = format.and_then(Value::as_str).unwrap_or("csv");
        let simple = matches!(location, "path" | "header");
        match format {
            "csv" if simple => Some(("simple", false)),
            "csv" => Some(("form", false)),
            "ssv" => Some(("spaceDelimited", false)),
            "pipes" => Some(("pipeDelimited", false)),
            // OpenAPI 3 has no tab-separated style; the lowering warns about this one.
            "tsv" => Some(("tabDelimited", false)),
            "multi" => Some(("form", true)),
            other => {
                self.error(
                    &was.push("collectionFormat"),
                    format!("unknown collectionFormat `{other}`; expected csv, ssv, tsv, pipes or multi"),
                );
                None
            }
        }
    }

    /// The request body of an operation: its own body or form parameters, else those of its
    /// path (an operation's parameter overrides the path's of the same name and location).
    pub(super) fn request_body(
        &mut self,
        shared: &Split<'a>,
        own: &Split<'a>,
        consumes: &[String],
        at: &JsonPointer,
    ) -> Option<Value> {
        let body = if own.body.is_empty() {
            &shared.body
        } else {
            &own.body
        };
        let mut form: Vec<Resolved<'a>> = shared
            .form
            .iter()
            .filter(|p| !own.form.iter().any(|o| o.name == p.name))
            .cloned()
            .collect();
        form.extend(own.form.iter().cloned());
        if let Some(second) = body.get(1) {
            let message = format!("parameter `{}` is a second `in: body` parameter; an operation has at most one body", second.name);
            self.error(&second.was, message);
            return None;
        }
        match (body.first(), form.first()) {
            (Some(_), Some(field)) => {
                let message = format!("parameter `{}` is a form field, but the operation also has an `in: body` parameter; it can have only one of the two", field.name);
                self.error(&field.was, message);
                None
            }
            (Some(body), None) => self.body(body, consumes, at),
            (None, Some(_)) => Some(self.form(&form, consumes, at)),
            (None, None) => None,
        }
    }

    /// A request body from an `in: body` parameter: its schema under each consumed media type.
    fn body(
        &mut self,
        body: &Resolved<'a>,
        consumes: &[String],
        at: &JsonPointer,
    ) -> Option<Value> {
        let Some(schema) = body.map.get("schema") else {
            let message = format!(
                "body parameter `{}` needs a `schema` describing the body",
                body.name
            );
            self.error(&body.was, message);
            return None;
        };
        self.copy(at, &body.was);
        let mut out = Map::new();
        if let Some(description) = body.map.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        let mut content = Map::new();
        for media_type in consumes {
            let schema_at = at.push("content").push(media_type.as_str()).push("schema");
            let schema = self.schema(schema, &body.was.push("schema"), &schema_at, false);
            content.insert(media_type.clone(), media(schema));
        }
        out.insert("content".to_owned(), Value::Object(content));
        if let Some(required) = body.map.get("required") {
            out.insert("required".to_owned(), required.clone());
        }
        Some(Value::Object(out))
    }

    /// A request body from form parameters: an object with one property per field, sent as
    /// multipart when a field is a file (or only multipart is consumed), else URL-encoded.
    fn form(&mut self, fields: &[Resolved<'a>], consumes: &[String], at: &JsonPointer) -> Value {
        let has_file = fields
            .iter()
            .any(|f| f.map.get("type").and_then(Value::as_str) == Some("file"));
        let consumes = |media_type: &str| consumes.iter().any(|m| m == media_type);
        let media_type = if has_file || (consumes(MULTIPART) && !consumes(URLENCODED)) {
            MULTIPART
        } else {
            URLENCODED
        };
        if let Some(first) = fields.first() {
            self.copy(at, &first.was);
        }
        let schema_at = at.push("content").push(media_type).push("schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for field in fields {
            let property_at = schema_at.push("properties").push(field.name.as_str());
            let mut property = self.value_schema(field.map, &field.was, &property_at);
            if let (Value::Object(property), Some(description)) =
                (&mut property, field.map.get("description"))
            {
                property.insert("description".to_owned(), description.clone());
            }
            properties.insert(field.name.clone(), property);
            if field.map.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(field.name.clone()));
            }
            if let Some((style, explode)) = self.style(field.map, "formData", &field.was) {
                let mut entry = Map::new();
                entry.insert("style".to_owned(), Value::from(style));
                entry.insert("explode".to_owned(), Value::Bool(explode));
                encoding.insert(field.name.clone(), Value::Object(entry));
            }
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), Value::from("object"));
        schema.insert("properties".to_owned(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".to_owned(), Value::Array(required));
        }
        let mut entry = Map::new();
        entry.insert("schema".to_owned(), Value::Object(schema));
        if !encoding.is_empty() {
            entry.insert("encoding".to_owned(), Value::Object(encoding));
        }
        let mut content = Map::new();
        content.insert(media_type.to_owned(), Value::Object(entry));
        let mut out = Map::new();
        out.insert("content".to_owned(), Value::Object(content));
        if any_required {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        Value::Object(out)
    }
}

/// Whether a parameter goes into the request body.
fn is_body_or_form(parameter: &Map<String, Value>) -> bool {
    matches!(
        parameter.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// `{$ref: '#/components/parameters/X'}` for a parameter that refers to the document's
/// `parameters` section.
fn component_reference(item: &Value) -> Option<Value> {
    let text = item.get("$ref")?.as_str()?;
    let name = text.strip_prefix("#/parameters/")?;
    let mut out = Map::new();
    out.insert(
        "$ref".to_owned(),
        Value::String(format!("#/components/parameters/{name}")),
    );
    Some(Value::Object(out))
}

/// A media type object holding `schema`.
pub(super) fn media(schema: Value) -> Value {
    let mut out = Map::new();
    out.insert("schema".to_owned(), schema);
    Value::Object(out)
}
