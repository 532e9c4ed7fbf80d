//! The `type` keyword: its names read and checked; scalars typed by their `format`, arrays by
//! their `items` (objects are lowered by `objects`).

use serde_json::{Map, Value};

use super::shape::{naming_hint, Naming, Shape};
use crate::lower::context::Context;
use crate::lower::node::kind_of;
use crate::model::{Primitive, TypeRef};
use crate::pointer::JsonPointer;

/// The JSON Schema type names OpenAPI allows.
const TYPE_NAMES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null",
];

impl<'a> Context<'a> {
    /// The non-null `type` names and whether `null` is among them.
    pub(super) fn types_of(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
    ) -> (Vec<&'a str>, bool) {
        let at = pointer.push("type");
        let listed: Vec<(JsonPointer, &'a Value)> = match map.get("type") {
            None => return (Vec::new(), false),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (at.index(i), item))
                .collect(),
            Some(single) => vec![(at.clone(), single)],
        };
        let mut types = Vec::new();
        let mut nullable = false;
        for (at, value) in listed {
            match value.as_str() {
                Some("null") => nullable = true,
                Some(name) if TYPE_NAMES.contains(&name) => types.push(name),
                Some(name) => self.error(
                    &at,
                    format!(
                        "unknown type `{name}`; expected one of {}",
                        TYPE_NAMES.join(", ")
                    ),
                ),
                // Names no type at all (Codat's spec has a property schema there): the one
                // reading is a schema without `type`.
                None => self.warn_once(
                    &at,
                    format!(
                        "`type` must be a string or a list of strings, found {}; it is left out, so the schema states no type (any JSON value): write a type name",
                        kind_of(value)
                    ),
                ),
            }
        }
        (types, nullable)
    }

    pub(super) fn lower_typed(
        &mut self,
        type_name: &str,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let format = map.get("format").and_then(Value::as_str).unwrap_or("");
        let primitive = |p| Shape::of(TypeRef::Primitive(p));
        match type_name {
            "boolean" => primitive(Primitive::Bool),
            "integer" => primitive(match format {
                "int8" => Primitive::I8,
                "int16" => Primitive::I16,
                "int32" => Primitive::I32,
                "uint8" => Primitive::U8,
                "uint16" => Primitive::U16,
                "uint32" => Primitive::U32,
                "uint64" => Primitive::U64,
                _ => Primitive::I64,
            }),
            "number" => primitive(match format {
                "float" => Primitive::F32,
                _ => Primitive::F64,
            }),
            // Other formats (time, uri, email, binary, …) stay text, kept exactly as sent; a
            // doc note names the format. `binary` has no JSON form: a whole body of it is sent
            // as raw bytes (see `contents` in `operation`), a property stays text.
            "string" => match format {
                "date-time" => Shape::of(TypeRef::DateTime),
                "date" => Shape::of(TypeRef::Date),
                "uuid" => Shape::of(TypeRef::Uuid),
                "byte" => Shape::of(TypeRef::Base64),
                _ => primitive(Primitive::String),
            },
            "array" => self.lower_array(map, pointer, naming),
            _ => self.lower_object(map, pointer, naming),
        }
    }

    pub(super) fn lower_array(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let Some(items) = map.get("items") else {
            return Shape::of(TypeRef::Vec(Box::new(TypeRef::Any)));
        };
        let hint = format!("{}Item", naming_hint(naming));
        let item = self.lower_schema(items, &pointer.push("items"), Naming::Hint(&hint));
        Shape::of(TypeRef::Vec(Box::new(item.into_type_ref())))
    }
}
