//! `$ref`s: checked to be local and to point at something, and lowered to the named type of
//! their target.

use serde_json::Value;

use super::shape::Shape;
use crate::diagnostic::Cause;
use crate::lower::context::Context;
use crate::lower::node::kind_of;
use crate::model::TypeRef;
use crate::pointer::JsonPointer;

impl<'a> Context<'a> {
    /// A `$ref` → the named type of its target.
    pub(super) fn lower_ref(&mut self, reference: &'a Value, pointer: &JsonPointer) -> Shape {
        let Some(target) = self.schema_ref_target(reference, pointer) else {
            return Shape::of(TypeRef::Any);
        };
        if let Some(name) = self.named.get(&target) {
            return Shape::of(TypeRef::Named(name.clone()));
        }
        // A reference into some other part of the document: name it from its last token.
        let Some(schema) = self.value_at(&target) else {
            return Shape::of(TypeRef::Any);
        };
        let hint = target.last().unwrap_or("Schema").to_owned();
        let name = self.claim_type_name(&hint);
        self.named.insert(target.clone(), name.clone());
        self.define_named(&name, schema, &target);
        Shape::of(TypeRef::Named(name))
    }

    /// The pointer a schema's `$ref` names; `None` after a warning when it points at nothing
    /// in this document (the schema is then any JSON value, so no data is lost), or after an
    /// error when the reference is malformed.
    pub(super) fn schema_ref_target(
        &mut self,
        reference: &Value,
        pointer: &JsonPointer,
    ) -> Option<JsonPointer> {
        if let Some(text) = reference.as_str() {
            let target = JsonPointer::parse_fragment(text);
            if let Some(target) = target.filter(|t| self.value_at(t).is_none()) {
                // Named as the document's author wrote it: a converted Swagger 2.0 document's
                // `#/definitions/X` is `#/components/schemas/X` by now.
                let missing = match target.tokens() {
                    [components, schemas, name]
                        if components == "components" && schemas == "schemas" =>
                    {
                        format!("schema `{name}` is not defined in this document")
                    }
                    _ => format!("`$ref: {text}` points at nothing in this document"),
                };
                self.warn_once_of(
                    Cause::DanglingRef,
                    pointer,
                    format!("{missing}; what this `$ref` describes is kept as any JSON value (`serde_json::Value`): define it or correct the reference"),
                );
                return None;
            }
        }
        self.resolve_ref(reference, pointer)
    }

    /// The pointer a `$ref` names, after checking that it is local and exists.
    pub(in crate::lower) fn resolve_ref(
        &mut self,
        reference: &Value,
        pointer: &JsonPointer,
    ) -> Option<JsonPointer> {
        let Some(text) = reference.as_str() else {
            self.error(
                pointer,
                format!("`$ref` must be a string, found {}", kind_of(reference)),
            );
            return None;
        };
        let Some(target) = JsonPointer::parse_fragment(text) else {
            self.error(
                pointer,
                format!("`$ref: {text}` points into another file, which is not supported yet; move the target under #/components in this file"),
            );
            return None;
        };
        if self.value_at(&target).is_none() {
            self.error(
                pointer,
                format!("unknown `$ref` target `{text}`: nothing in this document is at that path; check the spelling (e.g. `#/components/schemas/Name`)"),
            );
            return None;
        }
        Some(target)
    }
}
