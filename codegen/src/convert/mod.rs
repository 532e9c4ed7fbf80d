//! Swagger 2.0 → OpenAPI 3.0: builds the OpenAPI tree the lowering reads from a (bundled)
//! Swagger document, and records where each converted node came from.
//!
//! `definitions`, `parameters`, `responses` and `securityDefinitions` become `components`;
//! `in: body` and `in: formData` parameters become a `requestBody` (media types from
//! `consumes`); a response `schema` becomes `content` per `produces`; `host`, `basePath` and
//! `schemes` become `servers`; `x-nullable` becomes `nullable`, `type: file` a binary string,
//! `collectionFormat` a `style` and `explode`; `#/definitions/X` references become
//! `#/components/schemas/X` (likewise for parameters and responses).
//!
//! Every converted node is mounted on the Swagger node it was made from (a request body on its
//! body parameter, its schema on the parameter's `schema`, a query parameter's `schema` on the
//! parameter itself), so a diagnostic about it names the line the user wrote.

mod converter;
mod parameters;
mod responses;
mod schema;
mod security;

use serde_json::{Map, Value};

use crate::diagnostic::SpecErrors;
use crate::origins::Origins;
use crate::pointer::JsonPointer;
use crate::tree::EXTERNAL_KEY;
use converter::{media_types, Converter};

/// The OpenAPI version a converted document declares.
const OPENAPI_VERSION: &str = "3.0.3";

/// The operations of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Converts the Swagger 2.0 document `input` (whose files `origins` describes) into an
/// OpenAPI 3.0 tree and the origins of that tree; fails with every error found.
pub fn swagger2(input: &Value, mut origins: Origins) -> Result<(Value, Origins), SpecErrors> {
    let mut converter = Converter::new(input, &origins);
    let output = converter.document();
    let Converter {
        copies, mut errors, ..
    } = converter;
    if errors.is_empty() {
        origins.rebase(&copies);
        return Ok((output, origins));
    }
    let primary = origins.primary().name();
    errors.sort_by_key(|e| (e.file != primary, e.file.clone(), e.location));
    Err(SpecErrors { errors })
}

impl<'a> Converter<'a> {
    /// The whole document, keys in input order: `swagger` → `openapi`, the first of `host`,
    /// `basePath`, `schemes` → `servers`, the first component section → `components`.
    fn document(&mut self) -> Value {
        let Some(map) = self.input.as_object() else {
            return self.input.clone();
        };
        let root = JsonPointer::root();
        let mut out = Map::new();
        for (key, value) in map {
            let at = root.push(key.as_str());
            match key.as_str() {
                "swagger" => {
                    out.insert("openapi".to_owned(), Value::from(OPENAPI_VERSION));
                    self.copy(&root.push("openapi"), &at);
                }
                "host" | "basePath" | "schemes" => {
                    if !out.contains_key("servers") {
                        if let Some(servers) = servers(map) {
                            out.insert("servers".to_owned(), servers);
                            self.copy(&root.push("servers"), &at);
                        }
                    }
                }
                "consumes" | "produces" => {}
                "definitions" | "parameters" | "responses" | "securityDefinitions" => {
                    if !out.contains_key("components") {
                        let components = self.components(map);
                        out.insert("components".to_owned(), components);
                    }
                }
                "paths" => {
                    let paths = self.paths(value, &at);
                    out.insert(key.clone(), paths);
                }
                EXTERNAL_KEY => {
                    let converted = self.schema_tree(value, &at, &at, true);
                    out.insert(key.clone(), converted);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// `components` from the document's component sections.
    fn components(&mut self, map: &'a Map<String, Value>) -> Value {
        let root = JsonPointer::root();
        let out_at = root.push("components");
        let mut out = Map::new();
        if let Some(definitions) = map.get("definitions") {
            let at = out_at.push("schemas");
            let schemas = self.schema(definitions, &root.push("definitions"), &at, true);
            out.insert("schemas".to_owned(), schemas);
        }
        if let Some(parameters) = map.get("parameters") {
            let at = out_at.push("parameters");
            let parameters = self.component_parameters(parameters, &root.push("parameters"), &at);
            out.insert("parameters".to_owned(), parameters);
        }
        if let Some(responses) = map.get("responses") {
            let produces = self.produces.clone();
            let at = out_at.push("responses");
            let responses = self.responses(responses, &root.push("responses"), &at, &produces);
            out.insert("responses".to_owned(), responses);
        }
        if let Some(schemes) = map.get("securityDefinitions") {
            let at = out_at.push("securitySchemes");
            let schemes = self.security_schemes(schemes, &root.push("securityDefinitions"), &at);
            out.insert("securitySchemes".to_owned(), schemes);
        }
        Value::Object(out)
    }

    /// `paths`: every path item converted (a `$ref`ed one inlined).
    fn paths(&mut self, paths: &'a Value, was: &JsonPointer) -> Value {
        let Some(map) = paths.as_object() else {
            return paths.clone();
        };
        let mut out = Map::new();
        for (path, item) in map {
            let at = was.push(path.as_str());
            let converted = match self.follow(item, &at) {
                Some((Value::Object(item), item_was)) => self.path_item(item, &item_was, &at),
                Some((other, _)) => other.clone(),
                None => item.clone(),
            };
            out.insert(path.clone(), converted);
        }
        Value::Object(out)
    }

    /// One path item: path-level parameters stay (but bodies and form fields go to every
    /// operation's request body), operations are converted.
    fn path_item(
        &mut self,
        item: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Value {
        self.copy(at, was);
        let shared = match item.get("parameters") {
            Some(list) => {
                self.parameter_list(list, &was.push("parameters"), &at.push("parameters"))
            }
            None => parameters::Split::default(),
        };
        let mut out = Map::new();
        for (key, value) in item {
            let key_at = at.push(key.as_str());
            let key_was = was.push(key.as_str());
            if key == "parameters" {
                if !shared.kept.is_empty() {
                    out.insert(key.clone(), Value::Array(shared.kept.clone()));
                }
            } else if let (true, Value::Object(operation)) =
                (METHODS.contains(&key.as_str()), value)
            {
                let converted = self.operation(operation, &key_was, &key_at, &shared);
                out.insert(key.clone(), converted);
            } else if key != "$ref" {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    /// One operation: parameters, request body (from body and form parameters of the
    /// operation and of its path) and responses.
    fn operation(
        &mut self,
        operation: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
        shared: &parameters::Split<'a>,
    ) -> Value {
        let consumes =
            media_types(operation.get("consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces =
            media_types(operation.get("produces")).unwrap_or_else(|| self.produces.clone());
        let own = match operation.get("parameters") {
            Some(list) => {
                self.parameter_list(list, &was.push("parameters"), &at.push("parameters"))
            }
            None => parameters::Split::default(),
        };
        let mut body = self.request_body(shared, &own, &consumes, &at.push("requestBody"));
        let mut out = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "parameters" => {
                    if !own.kept.is_empty() {
                        out.insert(key.clone(), Value::Array(own.kept.clone()));
                    }
                }
                "responses" => {
                    if let Some(body) = body.take() {
                        out.insert("requestBody".to_owned(), body);
                    }
                    let responses = self.responses(
                        value,
                        &was.push("responses"),
                        &at.push("responses"),
                        &produces,
                    );
                    out.insert(key.clone(), responses);
                }
                "consumes" | "produces" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
            if key == "parameters" {
                if let Some(body) = body.take() {
                    out.insert("requestBody".to_owned(), body);
                }
            }
        }
        if let Some(body) = body {
            out.insert("requestBody".to_owned(), body);
        }
        Value::Object(out)
    }
}

/// `servers` from `host`, `basePath` and `schemes` (https when no scheme is given); `None`
/// when the document names neither a host nor a base path.
fn servers(map: &Map<String, Value>) -> Option<Value> {
    let host = map.get("host").and_then(Value::as_str);
    let base = map.get("basePath").and_then(Value::as_str).unwrap_or("");
    let urls: Vec<String> = match host {
        None if base.is_empty() => return None,
        None => vec![base.to_owned()],
        Some(host) => {
            let schemes: Vec<&str> = map
                .get("schemes")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let schemes = if schemes.is_empty() {
                vec!["https"]
            } else {
                schemes
            };
            schemes
                .iter()
                .map(|scheme| format!("{scheme}://{host}{base}"))
                .collect()
        }
    };
    let servers = urls
        .into_iter()
        .map(|url| {
            let mut server = Map::new();
            server.insert("url".to_owned(), Value::String(url));
            Value::Object(server)
        })
        .collect();
    Some(Value::Array(servers))
}

#[cfg(test)]
mod tests;
