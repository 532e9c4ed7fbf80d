//! `enum` and `const` → open string enums, or their values' type with a doc note; `x-flags` →
//! flag-set types.

use serde_json::{Map, Value};

use super::keywords::{string_values, value_type};
use super::shape::{Naming, Shape};
use crate::diagnostic::Cause;
use crate::lower::context::Context;
use crate::model::{EnumDef, FlagMember, FlagsDef, Primitive, TypeKind, TypeRef, Variant};
use crate::naming::{pascal_case, Scope};
use crate::pointer::JsonPointer;

impl<'a> Context<'a> {
    /// `enum` (or `const`, a one-value enum): strings → an open enum; values of one JSON type
    /// → that type (a doc note lists them); mixed values → `serde_json::Value` with a warning.
    pub(super) fn lower_enum(
        &mut self,
        values: &'a [Value],
        map: &'a Map<String, Value>,
        types: &[&str],
        at: &JsonPointer,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let nullable = values.iter().any(Value::is_null);
        let present: Vec<&'a Value> = values.iter().filter(|v| !v.is_null()).collect();
        if let Some(strings) = string_values(&present, types) {
            return self.open_enum(&strings, map, pointer, naming, nullable);
        }
        let mut shape = if present.is_empty() {
            match types {
                [single] => self.lower_typed(single, map, pointer, naming),
                _ => Shape::of(TypeRef::Any),
            }
        } else {
            match (value_type(&present), types) {
                (Some(kind), []) => self.lower_typed(kind, map, pointer, naming),
                (Some(kind), [declared])
                    if kind == *declared || (kind, *declared) == ("integer", "number") =>
                {
                    self.lower_typed(declared, map, pointer, naming)
                }
                (kind, _) => {
                    let keyword = at.last().unwrap_or("enum");
                    let list: Vec<String> = present.iter().map(ToString::to_string).collect();
                    let list = list.join(", ");
                    let message = match kind {
                        Some(_) => format!(
                            "`{keyword}` values ({list}) do not fit `type: {}`; the value is generated as `serde_json::Value`",
                            types.join(", ")
                        ),
                        None => format!(
                            "`{keyword}` of mixed values ({list}) is generated as `serde_json::Value`"
                        ),
                    };
                    self.warn_once(at, message);
                    Shape::of(TypeRef::Any)
                }
            }
        };
        shape.nullable |= nullable;
        shape
    }

    /// An open enum of `strings`, with a fallback variant keeping any other string.
    fn open_enum(
        &mut self,
        strings: &[&str],
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
        nullable: bool,
    ) -> Shape {
        let descriptions = enum_descriptions(map, strings);
        let mut variant_names = Scope::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut repeated: Vec<&str> = Vec::new();
        let firsts: Vec<(&&str, Option<String>)> = strings
            .iter()
            .zip(descriptions)
            .filter(|(wire, _)| {
                if seen.contains(wire) {
                    repeated.push(wire);
                    return false;
                }
                seen.push(wire);
                true
            })
            .collect();
        for wire in repeated {
            self.warn_once_of(
                Cause::RepeatedEnumValue,
                &pointer.push("enum"),
                format!("`enum` lists `{wire}` more than once; the repeats are left out: list each value once"),
            );
        }
        let variants: Vec<Variant> = firsts
            .into_iter()
            .map(|(wire, description)| Variant {
                name: variant_names.claim(&pascal_case(wire)),
                wire: (*wire).to_owned(),
                description,
            })
            .collect();
        let fallback = variant_names.claim("Other");
        let name = self.insert_nominal(
            naming,
            pointer,
            map,
            Vec::new(),
            TypeKind::Enum(EnumDef { variants, fallback }),
        );
        Shape {
            ty: TypeRef::Named(name),
            nullable,
        }
    }

    /// `x-flags: [{name, value, description}]` → a flag-set type.
    pub(super) fn lower_flags(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let at = pointer.push("x-flags");
        let Some(list) = map.get("x-flags").and_then(Value::as_array) else {
            self.error(
                &at,
                "`x-flags` must be a list of `{name, value, description}` mappings",
            );
            return Shape::of(TypeRef::Primitive(Primitive::String));
        };
        let mut member_names = Scope::new();
        let mut members = Vec::new();
        for (index, item) in list.iter().enumerate() {
            let at = at.index(index);
            let wire = item.get("name").and_then(Value::as_str);
            let value = item.get("value").and_then(Value::as_u64);
            match (wire, value) {
                (Some(wire), Some(value)) => members.push(FlagMember {
                    name: member_names.claim(&pascal_case(wire)),
                    wire: wire.to_owned(),
                    value,
                    description: item
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                }),
                _ => self.error(
                    &at,
                    "each `x-flags` entry needs a string `name` and a non-negative integer `value`",
                ),
            }
        }
        let name = self.insert_nominal(
            naming,
            pointer,
            map,
            Vec::new(),
            TypeKind::Flags(FlagsDef { members }),
        );
        Shape::of(TypeRef::Named(name))
    }
}

/// Per-member descriptions: `x-enum-descriptions` as a list parallel to `enum` or a mapping.
fn enum_descriptions(map: &Map<String, Value>, values: &[&str]) -> Vec<Option<String>> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    match map.get("x-enum-descriptions") {
        Some(Value::Array(list)) => (0..values.len()).map(|i| text(list.get(i))).collect(),
        Some(Value::Object(by_value)) => values.iter().map(|v| text(by_value.get(*v))).collect(),
        _ => vec![None; values.len()],
    }
}
