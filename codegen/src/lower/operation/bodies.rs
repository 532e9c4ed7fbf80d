//! Request bodies and responses: each media type's schema lowered (a whole body of binary
//! string is raw bytes).

use serde_json::{Map, Value};

use crate::lower::context::Context;
use crate::lower::node::docs_of;
use crate::lower::schema::shape::Naming;
use crate::model::{Body, Content, Response, TypeRef};
use crate::pointer::JsonPointer;

impl<'a> Context<'a> {
    pub(super) fn request_body(
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

    pub(super) fn responses(&mut self, op_at: &JsonPointer, hint: &str) -> Vec<Response> {
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
}
