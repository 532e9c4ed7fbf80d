//! Paths and operations, parameters, bodies, responses and security schemes.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::schema::Naming;
use super::{docs_of, is_deprecated, kind_of, Context};
use crate::model::{
    Body, Content, Docs, Operation, Parameter, ParameterLocation, Response, SecurityScheme, TypeRef,
};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// The methods a path item may hold, in the order OpenAPI lists them.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl<'a> Context<'a> {
    /// `components.securitySchemes`.
    pub(super) fn security_schemes(&mut self) -> BTreeMap<String, SecurityScheme> {
        let at = JsonPointer::root()
            .push("components")
            .push("securitySchemes");
        let mut schemes = BTreeMap::new();
        let Some(map) = self.expect_object(&at, "`components.securitySchemes`") else {
            return schemes;
        };
        for (name, scheme) in map {
            let at = at.push(name.as_str());
            let Some((scheme, at)) = self.follow_refs(scheme, &at) else {
                continue;
            };
            let Some(scheme) = scheme.as_object() else {
                self.error(&at, "a security scheme must be a mapping");
                continue;
            };
            let text = |key: &str| scheme.get(key).and_then(Value::as_str).map(str::to_owned);
            let description = text("description");
            let parsed = match text("type").as_deref() {
                Some("http") => SecurityScheme::Http {
                    scheme: text("scheme").unwrap_or_else(|| "bearer".to_owned()),
                    description,
                },
                Some("apiKey") => {
                    let location = match text("in").as_deref() {
                        Some("query") => ParameterLocation::Query,
                        Some("cookie") => ParameterLocation::Cookie,
                        _ => ParameterLocation::Header,
                    };
                    SecurityScheme::ApiKey {
                        name: text("name").unwrap_or_default(),
                        location,
                        description,
                    }
                }
                Some("oauth2" | "openIdConnect" | "mutualTLS") => {
                    SecurityScheme::Token { description }
                }
                other => {
                    self.error(
                        &at.push("type"),
                        format!("unknown security scheme type {}; expected http, apiKey, oauth2, openIdConnect or mutualTLS", other.unwrap_or("(missing)")),
                    );
                    continue;
                }
            };
            schemes.insert(name.clone(), parsed);
        }
        schemes
    }

    /// Every operation under `paths`, in spec order.
    pub(super) fn operations(
        &mut self,
        schemes: &BTreeMap<String, SecurityScheme>,
    ) -> Vec<Operation> {
        let at = JsonPointer::root().push("paths");
        let mut operations = Vec::new();
        let Some(paths) = self.expect_object(&at, "`paths`") else {
            return operations;
        };
        let mut ids: HashMap<String, JsonPointer> = HashMap::new();
        let mut method_names = Scope::new();
        for (path, item) in paths {
            let item_at = at.push(path.as_str());
            let Some((item, item_at)) = self.follow_refs(item, &item_at) else {
                continue;
            };
            let Some(item) = item.as_object() else {
                self.error(&item_at, "a path item must be a mapping");
                continue;
            };
            let shared = self.parameters(item, &item_at);
            for method in METHODS {
                if !item.contains_key(*method) {
                    continue;
                }
                let op_at = item_at.push(*method);
                let Some(operation) = self.expect_object(&op_at, "an operation") else {
                    continue;
                };
                let id = match operation.get("operationId") {
                    Some(Value::String(id)) => id.clone(),
                    Some(other) => {
                        self.error(
                            &op_at.push("operationId"),
                            format!("`operationId` must be a string, found {}", kind_of(other)),
                        );
                        continue;
                    }
                    None => format!("{method} {path}"),
                };
                if let Some(first) = ids.get(&id) {
                    let first = self.doc.source.locate(first);
                    self.error(
                        &op_at.push("operationId"),
                        format!("duplicate operationId `{id}` (first used at line {}); operationIds must be unique", first.line),
                    );
                    continue;
                }
                ids.insert(id.clone(), op_at.push("operationId"));
                let name = method_names.claim(&snake_case(&id));
                let parameters = self.operation_parameters(&shared, operation, &op_at, &id);
                self.check_path_template(path, &parameters, &item_at);
                let hint = pascal_case(&id);
                let request_body = self.request_body(operation, &op_at, &hint);
                let responses = self.responses(&op_at, &hint);
                let security = self.security(operation, &op_at, schemes);
                operations.push(Operation {
                    id,
                    name,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    docs: Docs {
                        title: operation
                            .get("summary")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        description: operation
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    },
                    tags: operation
                        .get("tags")
                        .and_then(Value::as_array)
                        .map(|tags| {
                            tags.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    deprecated: is_deprecated(operation),
                    parameters,
                    request_body,
                    responses,
                    security,
                    origin: op_at,
                });
            }
        }
        operations
    }

    /// Follows `$ref`s until a node without one; `None` after reporting a bad or cyclic chain.
    fn follow_refs(
        &mut self,
        mut node: &'a Value,
        at: &JsonPointer,
    ) -> Option<(&'a Value, JsonPointer)> {
        let mut at = at.clone();
        let mut seen = vec![at.clone()];
        while let Some(reference) = node.get("$ref") {
            let target = self.resolve_ref(reference, &at.push("$ref"))?;
            if seen.contains(&target) {
                self.error(&at, "`$ref` cycle: this reference leads back to itself");
                return None;
            }
            seen.push(target.clone());
            node = self.value_at(&target)?;
            at = target;
        }
        Some((node, at))
    }

    /// The parameters listed on a path item or operation, keyed by (location, name).
    fn parameters(
        &mut self,
        owner: &'a Map<String, Value>,
        owner_at: &JsonPointer,
    ) -> Vec<(
        ParameterLocation,
        String,
        &'a Map<String, Value>,
        JsonPointer,
    )> {
        let at = owner_at.push("parameters");
        let mut found = Vec::new();
        let Some(list) = owner.get("parameters") else {
            return found;
        };
        let Some(list) = list.as_array() else {
            self.error(
                &at,
                format!("`parameters` must be a list, found {}", kind_of(list)),
            );
            return found;
        };
        for (index, item) in list.iter().enumerate() {
            let Some((item, item_at)) = self.follow_refs(item, &at.index(index)) else {
                continue;
            };
            let Some(map) = item.as_object() else {
                self.error(&item_at, "a parameter must be a mapping");
                continue;
            };
            let Some(name) = map.get("name").and_then(Value::as_str) else {
                self.error(&item_at, "a parameter needs a string `name`");
                continue;
            };
            let location = match map.get("in").and_then(Value::as_str) {
                Some("path") => ParameterLocation::Path,
                Some("query") => ParameterLocation::Query,
                Some("header") => ParameterLocation::Header,
                Some("cookie") => ParameterLocation::Cookie,
                other => {
                    self.error(
                        &item_at.push("in"),
                        format!("parameter `{name}` has `in: {}`; expected path, query, header or cookie", other.unwrap_or("(missing)")),
                    );
                    continue;
                }
            };
            found.push((location, name.to_owned(), map, item_at));
        }
        found
    }

    /// Path-level parameters overridden by operation-level ones, lowered.
    fn operation_parameters(
        &mut self,
        shared: &[(
            ParameterLocation,
            String,
            &'a Map<String, Value>,
            JsonPointer,
        )],
        operation: &'a Map<String, Value>,
        op_at: &JsonPointer,
        id: &str,
    ) -> Vec<Parameter> {
        let own = self.parameters(operation, op_at);
        let mut merged: Vec<_> = shared
            .iter()
            .filter(|(loc, name, ..)| !own.iter().any(|(l, n, ..)| l == loc && n == name))
            .cloned()
            .collect();
        merged.extend(own);
        let mut names = Scope::new();
        merged
            .into_iter()
            .map(|(location, wire, map, at)| {
                let hint = format!("{}{}", pascal_case(id), pascal_case(&wire));
                let ty = match map.get("schema") {
                    Some(schema) => {
                        let shape =
                            self.lower_schema(schema, &at.push("schema"), Naming::Hint(&hint));
                        shape.ty
                    }
                    None => TypeRef::Any,
                };
                Parameter {
                    name: names.claim(&snake_case(&wire)),
                    wire,
                    location,
                    required: location == ParameterLocation::Path
                        || map.get("required").and_then(Value::as_bool) == Some(true),
                    ty,
                    docs: docs_of(map),
                    origin: at,
                }
            })
            .collect()
    }

    /// Every `{name}` in the path template must be a declared path parameter.
    fn check_path_template(&mut self, path: &str, parameters: &[Parameter], at: &JsonPointer) {
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.error(at, format!("path template `{path}` has an unclosed `{{`"));
                return;
            };
            let name = &after[..close];
            let declared = parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire == name);
            if !declared {
                self.error(
                    at,
                    format!("path template `{path}` names `{{{name}}}` but no path parameter `{name}` is declared; add `{{name: {name}, in: path, required: true, schema: ...}}` to `parameters`"),
                );
            }
            rest = &after[close + 1..];
        }
    }

    fn request_body(
        &mut self,
        operation: &'a Map<String, Value>,
        op_at: &JsonPointer,
        hint: &str,
    ) -> Option<Body> {
        let body = operation.get("requestBody")?;
        let (body, at) = self.follow_refs(body, &op_at.push("requestBody"))?;
        let map = body.as_object()?;
        Some(Body {
            required: map.get("required").and_then(Value::as_bool) == Some(true),
            contents: self.contents(&at, &format!("{hint}Request")),
        })
    }

    fn responses(&mut self, op_at: &JsonPointer, hint: &str) -> Vec<Response> {
        let at = op_at.push("responses");
        let Some(responses) = self.expect_object(&at, "`responses`") else {
            return Vec::new();
        };
        let mut lowered = Vec::new();
        for (status, response) in responses {
            let Some((response, response_at)) =
                self.follow_refs(response, &at.push(status.as_str()))
            else {
                continue;
            };
            let Some(map) = response.as_object() else {
                self.error(&response_at, "a response must be a mapping");
                continue;
            };
            let response_hint = if responses.len() == 1 {
                format!("{hint}Response")
            } else {
                format!("{hint}Response{}", pascal_case(status))
            };
            lowered.push(Response {
                status: status.clone(),
                description: docs_of(map).description,
                contents: self.contents(&response_at, &response_hint),
            });
        }
        lowered
    }

    /// The `content` mapping of a body: media type → schema.
    fn contents(&mut self, owner_at: &JsonPointer, hint: &str) -> Vec<Content> {
        let at = owner_at.push("content");
        let Some(content) = self.expect_object(&at, "`content`") else {
            return Vec::new();
        };
        let mut contents = Vec::new();
        // Media types often share one schema; lower each distinct schema once.
        let mut lowered: Vec<(&Value, TypeRef)> = Vec::new();
        for (media_type, media) in content {
            let schema = media.get("schema");
            let ty = schema.map(|schema| {
                if let Some((_, ty)) = lowered.iter().find(|(s, _)| *s == schema) {
                    return ty.clone();
                }
                let schema_at = at.push(media_type.as_str()).push("schema");
                let ty = self.lower_schema(schema, &schema_at, Naming::Hint(hint)).ty;
                lowered.push((schema, ty.clone()));
                ty
            });
            contents.push(Content {
                media_type: media_type.clone(),
                ty,
            });
        }
        contents
    }

    /// An operation's own `security`, with every scheme name checked.
    fn security(
        &mut self,
        operation: &Map<String, Value>,
        op_at: &JsonPointer,
        schemes: &BTreeMap<String, SecurityScheme>,
    ) -> Option<Vec<Vec<String>>> {
        let list = operation.get("security")?.as_array()?;
        let at = op_at.push("security");
        let mut alternatives = Vec::new();
        for (index, requirement) in list.iter().enumerate() {
            let names: Vec<String> = requirement
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for name in &names {
                if !schemes.contains_key(name) {
                    self.error(
                        &at.index(index).push(name.as_str()),
                        format!("unknown security scheme `{name}`; declare it under components.securitySchemes"),
                    );
                }
            }
            alternatives.push(names);
        }
        Some(alternatives)
    }
}
