//! Schemas → type expressions and named types.
//!
//! Objects become structs, string enums open enums, `allOf` one merged struct, `oneOf`/`anyOf`
//! a union (an enum chosen by a discriminator, or an untagged one). What Rust cannot express
//! precisely becomes `serde_json::Value` with a warning, never an error.
//!
//! This module reads which construct a schema is and hands it to the submodule for it; the
//! submodules lower their construct and call back into [`Context::lower_schema`] for the
//! schemas inside it.

mod all_of;
mod enums;
pub(super) mod keywords;
mod named;
mod notes;
mod objects;
mod references;
pub(super) mod shape;
mod type_keyword;
mod type_text;
mod unions;

use serde_json::{Map, Value};

use crate::lower::context::Context;
use crate::lower::node::kind_of;
use crate::model::TypeRef;
use crate::pointer::JsonPointer;
use keywords::{allows_null, has_type_keywords};
use shape::{Naming, Shape};

impl<'a> Context<'a> {
    /// Lowers the schema at `pointer`.
    pub(in crate::lower) fn lower_schema(
        &mut self,
        schema: &'a Value,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let map = match schema {
            Value::Object(map) => map,
            // JSON Schema allows `true` (anything) and `false` (nothing) as schemas.
            Value::Bool(_) => return Shape::of(TypeRef::Any),
            other => {
                self.error(
                    pointer,
                    format!(
                        "a schema must be a mapping, found {}; write e.g. `{{type: string}}`",
                        kind_of(other)
                    ),
                );
                return Shape::of(TypeRef::Any);
            }
        };
        let explicit_null = map.get("nullable").and_then(Value::as_bool) == Some(true);
        if let Some(reference) = map.get("$ref") {
            let mut shape = self.lower_ref(reference, &pointer.push("$ref"));
            shape.nullable |= explicit_null;
            return shape;
        }
        if let (Naming::Hint(_), Some(name)) = (naming, self.lowered_before(pointer)) {
            return Shape {
                ty: TypeRef::Named(name),
                nullable: allows_null(map),
            };
        }
        let mut shape = self.lower_inline(map, pointer, naming);
        shape.nullable |= explicit_null;
        self.check_default(map, pointer);
        shape
    }

    /// The named type a schema inside `components.schemas` already got, when it is lowered a
    /// second time: an `allOf` merges a component's properties into another object, and a
    /// `$ref` may point into a component. Either way the schema keeps its one type.
    fn lowered_before(&self, pointer: &JsonPointer) -> Option<String> {
        let tokens = pointer.tokens();
        let in_components = tokens.len() > 2 && tokens[0] == "components" && tokens[1] == "schemas";
        in_components
            .then(|| self.named.get(pointer).cloned())
            .flatten()
    }

    fn lower_inline(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        for key in ["anyOf", "oneOf"] {
            if let Some(alternatives) = map.get(key) {
                // Alternatives that only constrain (`oneOf: [{required: [a]}, {required: [b]}]`)
                // say nothing about the type: the rest of the schema does.
                let constraints_only = alternatives
                    .as_array()
                    .is_some_and(|items| !items.iter().any(has_type_keywords));
                if !constraints_only {
                    return self.lower_alternatives(key, alternatives, map, pointer, naming);
                }
            }
        }
        if map.contains_key("allOf") {
            return self.lower_all_of(map, pointer, naming);
        }
        let (types, nullable) = self.types_of(map, pointer);
        let mut shape = if map.contains_key("x-flags") {
            self.lower_flags(map, pointer, naming)
        } else if let Some(value) = map.get("const") {
            // `const: x` is `enum: [x]`.
            let values = std::slice::from_ref(value);
            self.lower_enum(values, map, &types, &pointer.push("const"), pointer, naming)
        } else if let Some(values) = map.get("enum") {
            let at = pointer.push("enum");
            match values.as_array() {
                Some(values) => self.lower_enum(values, map, &types, &at, pointer, naming),
                None => {
                    self.error(
                        &at,
                        format!("`enum` must be a list, found {}", kind_of(values)),
                    );
                    Shape::of(TypeRef::Any)
                }
            }
        } else {
            match types.as_slice() {
                [] => self.lower_untyped(map, pointer, naming),
                [single] => self.lower_typed(single, map, pointer, naming),
                several => self.lower_type_list(several, map, pointer, naming),
            }
        };
        shape.nullable |= nullable;
        shape
    }

    /// A schema without `type`: its keywords say what it is.
    fn lower_untyped(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        if map.contains_key("properties") || map.contains_key("additionalProperties") {
            self.lower_object(map, pointer, naming)
        } else if map.contains_key("items") {
            self.lower_array(map, pointer, naming)
        } else {
            Shape::of(TypeRef::Any)
        }
    }
}
