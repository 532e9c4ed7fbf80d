//! Parameters: listed on a path item or an operation (the operation's override the path's),
//! each lowered to a scalar or a list of scalars with its style and setter name.

use serde_json::{Map, Value};

use crate::diagnostic::Cause;
use crate::lower::context::Context;
use crate::lower::node::{docs_of, is_deprecated, kind_of};
use crate::lower::schema::shape::Naming;
use crate::model::{Parameter, ParameterLocation, ParameterStyle, TypeKind, TypeRef};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// Names an operation's request builder uses for itself, which no parameter setter may take.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_headers",
    "into_future",
    "body",
    "params",
    "client",
    "timeout",
];

impl<'a> Context<'a> {
    /// The parameters listed on a path item or operation, keyed by (location, name).
    pub(super) fn parameters(
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
    pub(super) fn operation_parameters(
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
                    common: false,
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
}
