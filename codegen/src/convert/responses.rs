//! Responses: `schema` → `content` (one entry per produced media type, with its example),
//! `headers` → header objects with a `schema`.

use serde_json::{Map, Value};

use super::converter::Converter;
use super::parameters::media;
use crate::pointer::JsonPointer;

impl<'a> Converter<'a> {
    /// `responses` (status → response) of an operation, or the document's, each converted
    /// with `produces`.
    pub(super) fn responses(
        &mut self,
        responses: &'a Value,
        was: &JsonPointer,
        at: &JsonPointer,
        produces: &[String],
    ) -> Value {
        let Some(map) = responses.as_object() else {
            self.copy(at, was);
            return responses.clone();
        };
        let mut out = Map::new();
        for (status, response) in map {
            let response_was = was.push(status.as_str());
            let response_at = at.push(status.as_str());
            let converted = match response.get("$ref").and_then(Value::as_str) {
                Some(text) if text.starts_with("#/responses/") => {
                    let text = self.reference(text, &response_was.push("$ref"));
                    self.copy(&response_at, &response_was);
                    let mut reference = Map::new();
                    reference.insert("$ref".to_owned(), Value::String(text));
                    Value::Object(reference)
                }
                _ => match self.follow(response, &response_was) {
                    Some((Value::Object(target), target_was)) => {
                        self.response(target, &target_was, &response_at, produces)
                    }
                    Some((other, target_was)) => {
                        self.copy(&response_at, &target_was);
                        other.clone()
                    }
                    None => continue,
                },
            };
            out.insert(status.clone(), converted);
        }
        Value::Object(out)
    }

    /// One response object.
    fn response(
        &mut self,
        map: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
        produces: &[String],
    ) -> Value {
        self.copy(at, was);
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "schema" => {
                    let examples = map.get("examples").and_then(Value::as_object);
                    let content = self.content(value, examples, was, &at.push("content"), produces);
                    out.insert("content".to_owned(), content);
                }
                "headers" => {
                    let headers = self.headers(value, &was.push("headers"), &at.push("headers"));
                    out.insert(key.clone(), headers);
                }
                "examples" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !out.contains_key("description") {
            // Required by OpenAPI 3; Swagger requires it too, but specs omit it.
            out.insert("description".to_owned(), Value::from(""));
        }
        Value::Object(out)
    }

    /// `content` of a response: `schema` (at `was/schema`) under each produced media type,
    /// with the example Swagger gives for that media type.
    fn content(
        &mut self,
        schema: &'a Value,
        examples: Option<&'a Map<String, Value>>,
        was: &JsonPointer,
        at: &JsonPointer,
        produces: &[String],
    ) -> Value {
        let mut content = Map::new();
        for media_type in produces {
            let media_at = at.push(media_type.as_str());
            let schema = self.schema(schema, &was.push("schema"), &media_at.push("schema"), false);
            let mut entry = media(schema);
            let example = examples.and_then(|examples| examples.get(media_type));
            if let (Value::Object(entry), Some(example)) = (&mut entry, example) {
                entry.insert("example".to_owned(), example.clone());
                let example_was = was.push("examples").push(media_type.as_str());
                self.copy(&media_at.push("example"), &example_was);
            }
            content.insert(media_type.clone(), entry);
        }
        Value::Object(content)
    }

    /// Response `headers`: each a header object whose value keywords become its `schema`.
    fn headers(&mut self, headers: &'a Value, was: &JsonPointer, at: &JsonPointer) -> Value {
        self.copy(at, was);
        let Some(map) = headers.as_object() else {
            return headers.clone();
        };
        let mut out = Map::new();
        for (name, header) in map {
            let header_was = was.push(name.as_str());
            let header_at = at.push(name.as_str());
            let Some(header) = header.as_object() else {
                out.insert(name.clone(), header.clone());
                continue;
            };
            let mut converted = Map::new();
            for key in ["description", "required", "deprecated"] {
                if let Some(value) = header.get(key) {
                    converted.insert(key.to_owned(), value.clone());
                }
            }
            let schema = self.value_schema(header, &header_was, &header_at.push("schema"));
            converted.insert("schema".to_owned(), schema);
            out.insert(name.clone(), Value::Object(converted));
        }
        Value::Object(out)
    }
}
