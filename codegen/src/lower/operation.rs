//! Paths and operations, parameters, bodies, responses and security schemes.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::context::Context;
use super::node::{docs_of, is_deprecated, kind_of};
use super::schema::shape::Naming;
use crate::diagnostic::Cause;
use crate::model::{
    Body, Content, DefaultHeader, Docs, Operation, Parameter, ParameterLocation, ParameterStyle,
    Response, SecurityScheme, SecuritySchemeDef, TypeKind, TypeRef,
};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// The methods a path item may hold, in the order OpenAPI lists them.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Names the generated `Client` uses for itself, and names of traits it implements, which
/// no operation method may take.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "base_url",
    "http_client",
    "with_credentials",
    "credentials",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "deref",
    "as_ref",
    "borrow",
    "default",
    "into",
    "from",
    "to_owned",
    "to_string",
    "type_id",
];

/// Names an operation's request builder uses for itself, which no parameter setter may take.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_headers",
    "into_future",
    "body",
    "params",
    "client",
];

/// Operation groups (one per first tag) with their trait and module names, in first-seen order.
pub(super) struct Groups {
    pub(super) groups: Vec<crate::model::Group>,
    traits: Scope,
    modules: Scope,
}

impl Groups {
    fn new() -> Self {
        let mut modules = Scope::new();
        modules.reserve("mod");
        Self {
            groups: Vec::new(),
            traits: Scope::new(),
            modules,
        }
    }

    /// The index of the group of `tag`, added if new.
    fn index_of(&mut self, tag: &str, description: Option<String>) -> usize {
        if let Some(index) = self.groups.iter().position(|g| g.tag == tag) {
            return index;
        }
        self.groups.push(crate::model::Group {
            tag: tag.to_owned(),
            // Cased as one phrase, so that a tag such as `Self` gives `SelfApi`, not `Self_Api`.
            trait_name: self.traits.claim(&pascal_case(&format!("{tag} api"))),
            module: self.modules.claim(&snake_case(tag)),
            description,
        });
        self.groups.len() - 1
    }
}

/// Operation names and the names of the client's setters, which share the client's methods.
pub(super) struct MethodNames {
    scope: Scope,
}

impl MethodNames {
    pub(super) fn new() -> Self {
        let mut scope = Scope::new();
        for name in CLIENT_METHODS {
            scope.reserve(name);
        }
        Self { scope }
    }
}

impl<'a> Context<'a> {
    /// `components.securitySchemes`, in spec order, with field and variant names claimed.
    pub(super) fn security_schemes(&mut self) -> Vec<SecuritySchemeDef> {
        let at = JsonPointer::root()
            .push("components")
            .push("securitySchemes");
        let mut schemes = Vec::new();
        let mut fields = Scope::new();
        let mut variants = Scope::new();
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
            schemes.push(SecuritySchemeDef {
                name: name.clone(),
                field: fields.claim(&snake_case(name)),
                variant: variants.claim(&pascal_case(name)),
                setter: String::new(),
                kind: parsed,
            });
        }
        schemes
    }

    /// The groups declared under the document's `tags`, in spec order.
    pub(super) fn declared_groups(&mut self) -> Groups {
        let mut groups = Groups::new();
        let tags = self
            .value_at(&JsonPointer::root().push("tags"))
            .and_then(Value::as_array);
        for tag in tags.into_iter().flatten() {
            if let Some(name) = tag.get("name").and_then(Value::as_str) {
                let description = tag
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                groups.index_of(name, description);
            }
        }
        groups
    }

    /// The document's `security`: the alternatives every operation without its own uses.
    pub(super) fn document_security(&mut self, schemes: &[SecuritySchemeDef]) -> Vec<Vec<String>> {
        let Some(root) = self
            .value_at(&JsonPointer::root())
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        self.security(root, &JsonPointer::root(), schemes)
            .unwrap_or_default()
    }

    /// Claims the client's setter names (`with_…`) for security schemes and for the optional
    /// header parameters a client can set once, after the operations took theirs.
    pub(super) fn client_setters(
        &mut self,
        names: &mut MethodNames,
        schemes: &mut [SecuritySchemeDef],
        operations: &[Operation],
    ) -> Vec<DefaultHeader> {
        for scheme in schemes.iter_mut() {
            scheme.setter = names.scope.claim(&format!("with_{}", scheme.field));
        }
        let mut headers: Vec<DefaultHeader> = Vec::new();
        let optional_headers = operations
            .iter()
            .flat_map(|op| op.parameters_in(ParameterLocation::Header))
            .filter(|p| !p.required && !matches!(p.ty, TypeRef::Vec(_)));
        for parameter in optional_headers {
            if headers
                .iter()
                .any(|h| h.wire.eq_ignore_ascii_case(&parameter.wire))
            {
                continue;
            }
            headers.push(DefaultHeader {
                wire: parameter.wire.clone(),
                setter: names
                    .scope
                    .claim(&format!("with_{}", snake_case(&parameter.wire))),
                ty: parameter.ty.clone(),
                docs: parameter.docs.clone(),
            });
        }
        headers
    }

    /// Every operation under `paths`, in spec order.
    pub(super) fn operations(
        &mut self,
        schemes: &[SecuritySchemeDef],
        document_security: &[Vec<String>],
        method_names: &mut MethodNames,
        groups: &mut Groups,
    ) -> Vec<Operation> {
        let at = JsonPointer::root().push("paths");
        let mut operations = Vec::new();
        let Some(paths) = self.expect_object(&at, "`paths`") else {
            return operations;
        };
        let mut ids: HashMap<String, JsonPointer> = HashMap::new();
        let mut type_names = Scope::new();
        let mut module_names = Scope::new();
        module_names.reserve("mod");
        let mut routes: HashMap<(String, &str), String> = HashMap::new();
        for (path, item) in paths {
            // Specification extensions may sit beside the paths (`x-codegen-contextRoot`).
            if path.starts_with("x-") {
                continue;
            }
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
                    let (_, first) = self.doc.locate(first);
                    self.error(
                        &op_at.push("operationId"),
                        format!("duplicate operationId `{id}` (first used at line {}); operationIds must be unique", first.line),
                    );
                    continue;
                }
                ids.insert(id.clone(), op_at.push("operationId"));
                let name = method_names.scope.claim(&snake_case(&id));
                let module = module_names.claim(&crate::naming::file_stem(&name));
                // A stem, always followed by `Params`, `Request`, …: a keyword needs no escape.
                let type_name = type_names.claim(pascal_case(&id).trim_end_matches('_'));
                let parameters = self.operation_parameters(&shared, operation, &op_at, &id);
                self.check_path_template(path, &parameters, &item_at);
                let hint = pascal_case(&id);
                let request_body = self.request_body(operation, &op_at, &hint);
                let responses = self.responses(&op_at, &hint);
                let security = self.security(operation, &op_at, schemes);
                let exchange = self.exchange(
                    request_body.as_ref(),
                    &responses,
                    operation,
                    &op_at,
                    security.as_deref().unwrap_or(document_security),
                );
                let tags: Vec<String> = operation
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|tags| {
                        tags.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                let group = groups.index_of(tags.first().map_or("default", String::as_str), None);
                let route = self.route(path, method, &id, &op_at, &mut routes);
                operations.push(Operation {
                    group,
                    route,
                    id,
                    name,
                    module,
                    type_name,
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
                    tags,
                    deprecated: is_deprecated(operation),
                    parameters,
                    request_body,
                    responses,
                    security,
                    exchange,
                    origin: op_at,
                });
            }
        }
        operations
    }

    /// The axum route for `path`, path parameters named by position; `None` (with a warning)
    /// when the router cannot serve it, or another operation already has the same route and
    /// method.
    fn route<'m>(
        &mut self,
        path: &str,
        method: &'m str,
        id: &str,
        op_at: &JsonPointer,
        taken: &mut HashMap<(String, &'m str), String>,
    ) -> Option<String> {
        let mut route = String::new();
        let mut index = 0;
        let mut problem = None;
        if !path.starts_with('/') {
            problem = Some("the path does not start with `/`".to_owned());
        }
        for segment in path.split('/').skip(1) {
            route.push('/');
            if segment.starts_with('{')
                && segment.ends_with('}')
                && segment.matches('{').count() == 1
            {
                route.push_str(&format!("{{p{index}}}"));
                index += 1;
            } else if segment.contains(['{', '}']) {
                problem = Some(format!("segment `{segment}` mixes a parameter with text"));
            } else if segment.starts_with([':', '*']) {
                problem = Some(format!(
                    "segment `{segment}` starts with `{}`",
                    &segment[..1]
                ));
            } else {
                route.push_str(segment);
            }
        }
        if let Some(problem) = problem {
            self.warn_of(
                Cause::UnservedRoute,
                op_at,
                format!("the server router cannot serve `{path}`: {problem}; the client method is generated, the server route is not"),
            );
            return None;
        }
        if let Some(first) = taken.get(&(route.clone(), method)) {
            self.warn_of(
                Cause::UnservedRoute,
                op_at,
                format!("`{} {path}` has the same route as operation `{first}`; the server serves only the first", method.to_ascii_uppercase()),
            );
            return None;
        }
        taken.insert((route.clone(), method), id.to_owned());
        Some(route)
    }

    /// Follows `$ref`s until a node without one; `None` after reporting a bad or cyclic chain.
    pub(super) fn follow_refs(
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
            // OpenAPI: these header parameters "SHALL be ignored"; the generated code sets
            // them itself (from the media types and the security schemes).
            let reserved = ["Accept", "Content-Type", "Authorization"];
            if location == ParameterLocation::Header
                && reserved.iter().any(|r| r.eq_ignore_ascii_case(name))
            {
                self.warn_of(
                    Cause::IgnoredParameter,
                    &item_at,
                    format!("header parameter `{name}` is ignored, as OpenAPI requires: the generated code sets it from the media types or the security schemes"),
                );
                continue;
            }
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
        for name in BUILDER_METHODS {
            names.reserve(name);
        }
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
                    None => {
                        if map.contains_key("content") {
                            self.warn(
                                &at.push("content"),
                                format!("parameter `{wire}` is described by `content`, which is not supported yet; it is passed as its raw text (`String`)"),
                            );
                        }
                        TypeRef::Primitive(crate::model::Primitive::String)
                    }
                };
                let ty = self.parameter_type(ty, &wire, &at);
                let style = self.parameter_style(map, location, &ty, &wire, &at);
                Parameter {
                    name: names.claim(&snake_case(&wire)),
                    wire,
                    location,
                    required: location == ParameterLocation::Path
                        || map.get("required").and_then(Value::as_bool) == Some(true),
                    ty,
                    style,
                    docs: docs_of(map),
                    deprecated: is_deprecated(map),
                    origin: at,
                }
            })
            .collect()
    }

    /// A type the generated code can write into a URL or header: a scalar or a list of
    /// scalars. Anything else is passed as its raw text, with a warning.
    fn parameter_type(&mut self, ty: TypeRef, wire: &str, at: &JsonPointer) -> TypeRef {
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        if self.is_scalar(&ty) {
            return ty;
        }
        if let TypeRef::Vec(item) = &ty {
            let item = match item.as_ref() {
                TypeRef::Nullable(inner) => inner.as_ref().clone(),
                other => other.clone(),
            };
            if self.is_scalar(&item) {
                return TypeRef::Vec(Box::new(item));
            }
        }
        self.warn(
            &at.push("schema"),
            format!("parameter `{wire}` is not a scalar or a list of scalars; it is passed as its raw text (`String`)"),
        );
        TypeRef::Primitive(crate::model::Primitive::String)
    }

    /// Whether values of `ty` are written as one piece of text (`FromStr` + `Display`).
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Bounded: alias cycles are reported later, and must not hang this check.
        for _ in 0..64 {
            match ty {
                TypeRef::Primitive(_)
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Uuid
                | TypeRef::Base64 => return true,
                TypeRef::Named(name) => match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Enum(_) | TypeKind::Flags(_)) => return true,
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// How a list parameter is written, from `style` and `explode` (OpenAPI defaults).
    fn parameter_style(
        &mut self,
        map: &Map<String, Value>,
        location: ParameterLocation,
        ty: &TypeRef,
        wire: &str,
        at: &JsonPointer,
    ) -> ParameterStyle {
        let style = map.get("style").and_then(Value::as_str);
        let default_style = match location {
            ParameterLocation::Query | ParameterLocation::Cookie => "form",
            ParameterLocation::Path | ParameterLocation::Header => "simple",
        };
        let style = style.unwrap_or(default_style);
        let explode = map
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        let is_list = matches!(ty, TypeRef::Vec(_));
        match (style, location) {
            ("form", ParameterLocation::Query) if explode && is_list => ParameterStyle::Repeated,
            ("form" | "simple", _) => ParameterStyle::Comma,
            ("spaceDelimited", ParameterLocation::Query) => ParameterStyle::Space,
            ("pipeDelimited", ParameterLocation::Query) => ParameterStyle::Pipe,
            (other, _) => {
                self.warn(
                    &at.push("style"),
                    format!("parameter `{wire}` has `style: {other}`, which is not supported here yet; it is written in the default style"),
                );
                if location == ParameterLocation::Query && is_list {
                    ParameterStyle::Repeated
                } else {
                    ParameterStyle::Comma
                }
            }
        }
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
            description: docs_of(map).description,
            contents: self.contents(&at, &format!("{hint}Request")),
            origin: at,
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
                // `Response201`, not `ResponseN201`: the hint already starts with a letter.
                format!("{hint}Response{}", status.to_ascii_uppercase())
            };
            lowered.push(Response {
                status: status.clone(),
                description: docs_of(map).description,
                contents: self.contents(&response_at, &response_hint),
                origin: response_at,
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
                // A whole body of binary string is its bytes, not a JSON string.
                let ty = if self.is_binary_schema(schema) {
                    TypeRef::Bytes
                } else {
                    ty
                };
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

    /// Whether `schema`, through its `$ref`s, is a `format: binary` string (Swagger 2.0's
    /// `type: file` is converted to one). References are followed quietly: lowering the
    /// schema reports broken ones.
    fn is_binary_schema(&self, schema: &Value) -> bool {
        let mut node = schema;
        // Bounded: `$ref` cycles are reported by lowering, and must not hang this check.
        for _ in 0..64 {
            let Some(reference) = node.get("$ref") else {
                let is_string = match node.get("type") {
                    Some(Value::String(name)) => name == "string",
                    Some(Value::Array(names)) => {
                        let mut names = names.iter().filter(|n| n.as_str() != Some("null"));
                        names.next().and_then(Value::as_str) == Some("string")
                            && names.next().is_none()
                    }
                    _ => false,
                };
                return is_string && node.get("format").and_then(Value::as_str) == Some("binary");
            };
            let target = reference
                .as_str()
                .and_then(JsonPointer::parse_fragment)
                .and_then(|pointer| self.value_at(&pointer));
            match target {
                Some(target) => node = target,
                None => return false,
            }
        }
        false
    }

    /// An operation's (or the document's) own `security`, with every scheme name checked.
    ///
    /// A requirement naming a scheme the document does not declare is taken as "any declared
    /// scheme" (one alternative per declared scheme), with a warning: documents that misname
    /// their schemes (SuperOffice's own) then still authenticate with the credentials given.
    fn security(
        &mut self,
        operation: &Map<String, Value>,
        op_at: &JsonPointer,
        schemes: &[SecuritySchemeDef],
    ) -> Option<Vec<Vec<String>>> {
        let list = operation.get("security")?.as_array()?;
        let at = op_at.push("security");
        let mut alternatives: Vec<Vec<String>> = Vec::new();
        let mut add = |alternative: Vec<String>| {
            if !alternatives.contains(&alternative) {
                alternatives.push(alternative);
            }
        };
        let declared: Vec<String> = schemes.iter().map(|s| format!("`{}`", s.name)).collect();
        for (index, requirement) in list.iter().enumerate() {
            let names: Vec<String> = requirement
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let unknown: Vec<&String> = names
                .iter()
                .filter(|name| !schemes.iter().any(|scheme| &scheme.name == *name))
                .collect();
            if unknown.is_empty() {
                add(names);
                continue;
            }
            for name in unknown {
                let assumed = if declared.is_empty() {
                    "the document declares none, so the operation is generated without credentials"
                        .to_owned()
                } else {
                    format!("treated as any declared scheme ({})", declared.join(", "))
                };
                self.warn_of(
                    Cause::UndeclaredSecurityScheme,
                    &at.index(index).push(name.as_str()),
                    format!("security scheme `{name}` is not declared; {assumed}; declare it under components.securitySchemes (Swagger 2.0: securityDefinitions) or use a declared name"),
                );
            }
            for scheme in schemes {
                add(vec![scheme.name.clone()]);
            }
        }
        Some(alternatives)
    }
}
