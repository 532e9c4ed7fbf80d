//! Object schemas → structs: each property a field (a property several `allOf` parts define is
//! merged into one), `additionalProperties` the catch-all field; a pure map when there are no
//! properties. Also whether a schema describes objects at all.

use serde_json::{Map, Value};

use super::keywords::{
    allows_null, declared_types, has_type_keywords, is_null_schema, required_of, string_values,
};
use super::notes::notes_of;
use super::shape::{naming_hint, Naming, Shape};
use super::type_text::type_text;
use crate::lower::context::Context;
use crate::lower::node::{docs_of, is_deprecated, kind_of};
use crate::model::{Field, Primitive, StructDef, TypeKind, TypeRef};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// How many `$ref`s deep a schema's shape is looked for (the chains are cut, never followed
/// forever).
const MAX_DEPTH: usize = 32;

/// One definition of a property: from an object schema, or from one part of an `allOf`.
pub(super) struct PropertyDef<'a> {
    /// The property name on the wire.
    pub(super) wire: &'a str,
    /// Its schema.
    pub(super) schema: &'a Value,
    /// Where the schema is.
    pub(super) at: JsonPointer,
    /// The type name inline schemas of the property are named after (the schema that lists
    /// it); `None` for the struct being built.
    pub(super) owner: Option<String>,
}

/// What an object says about the properties it does not list.
pub(super) enum Additional<'a> {
    /// Nothing, or `true`: they are kept, whatever their values.
    Open,
    /// `additionalProperties: false`.
    Closed,
    /// Their values have this schema (at this pointer, named after this owner).
    Schema(&'a Value, JsonPointer, Option<String>),
}

impl<'a> Context<'a> {
    pub(super) fn lower_object(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let properties = match map.get("properties") {
            None => None,
            Some(Value::Object(properties)) => Some(properties),
            Some(other) => {
                self.error(
                    &pointer.push("properties"),
                    format!("`properties` must be a mapping, found {}", kind_of(other)),
                );
                None
            }
        };
        let has_properties = properties.is_some_and(|p| !p.is_empty());
        if !has_properties {
            // A pure map: `additionalProperties` says the value type.
            let value = self.additional_type(map, pointer, naming);
            return Shape::of(TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Any))));
        }
        let name = self.nominal_name(naming, pointer);
        let definitions = properties
            .into_iter()
            .flatten()
            .map(|(wire, schema)| PropertyDef {
                wire,
                schema,
                at: pointer.push("properties").push(wire.as_str()),
                owner: None,
            })
            .collect();
        let additional = match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Open,
            Some(Value::Bool(false)) => Additional::Closed,
            Some(schema) => Additional::Schema(schema, pointer.push("additionalProperties"), None),
        };
        self.define_struct(
            name,
            pointer,
            map,
            definitions,
            &required_of(map),
            additional,
        )
    }

    /// Defines struct `name` for the object schema `map` at `pointer` from its properties.
    pub(super) fn define_struct(
        &mut self,
        name: String,
        pointer: &JsonPointer,
        map: &Map<String, Value>,
        definitions: Vec<PropertyDef<'a>>,
        required: &[&str],
        additional: Additional<'a>,
    ) -> Shape {
        let def = self.struct_def(&name, definitions, required, additional);
        self.insert_type(&name, pointer, Some(map), Vec::new(), TypeKind::Struct(def));
        Shape::of(TypeRef::Named(name))
    }

    /// The fields of struct `name`: one per property name, in the order the names first
    /// appear; a property defined several times (by several `allOf` parts) is merged.
    fn struct_def(
        &mut self,
        name: &str,
        definitions: Vec<PropertyDef<'a>>,
        required: &[&str],
        additional: Additional<'a>,
    ) -> StructDef {
        let mut wires: Vec<&str> = Vec::new();
        for def in &definitions {
            if !wires.contains(&def.wire) {
                wires.push(def.wire);
            }
        }
        let mut field_names = Scope::new();
        let mut fields = Vec::new();
        for wire in wires {
            let defs: Vec<&PropertyDef<'a>> =
                definitions.iter().filter(|d| d.wire == wire).collect();
            let listed = required.contains(&wire);
            fields.push(self.field(name, wire, &defs, listed, &mut field_names));
        }
        let additional = match additional {
            Additional::Open => Some(TypeRef::Any),
            Additional::Closed => None,
            Additional::Schema(schema, at, owner) => {
                let hint = format!("{}Value", owner.as_deref().unwrap_or(name));
                Some(
                    self.lower_schema(schema, &at, Naming::Hint(&hint))
                        .into_type_ref(),
                )
            }
        };
        let additional_field = field_names.claim("additional_properties");
        StructDef {
            fields,
            additional,
            additional_field,
        }
    }

    /// One field of struct `name` from every definition of property `wire`. Definitions of
    /// different types are reported and become `serde_json::Value`; one that only annotates
    /// (a description) keeps the type of the others.
    fn field(
        &mut self,
        name: &str,
        wire: &str,
        defs: &[&PropertyDef<'a>],
        listed_required: bool,
        field_names: &mut Scope,
    ) -> Field {
        let mut chosen: Option<(Shape, usize)> = None;
        let mut conflict = false;
        for (index, def) in defs.iter().enumerate() {
            if chosen.is_some() && !has_type_keywords(def.schema) {
                continue;
            }
            let hint = format!(
                "{}{}",
                def.owner.as_deref().unwrap_or(name),
                pascal_case(wire)
            );
            // A property merged in from a `$ref`'d part that already has a named type keeps it
            // (wherever it is: this also stops a part whose property merges the part again).
            let reused = def
                .owner
                .as_ref()
                .and_then(|_| self.named.get(&def.at).cloned())
                .map(|name| Shape {
                    ty: TypeRef::Named(name),
                    nullable: def.schema.as_object().is_some_and(allows_null),
                });
            let shape = match reused {
                Some(shape) => shape,
                None => self.lower_schema(def.schema, &def.at, Naming::Hint(&hint)),
            };
            match &mut chosen {
                None => chosen = Some((shape, index)),
                Some((first, _)) if first.ty == shape.ty => first.nullable &= shape.nullable,
                // One definition narrows the other (a string to an enum or a date-time, an
                // integer to a smaller one): every value fits both, so the narrower wins.
                Some((first, first_index)) if self.narrows(&shape.ty, def.schema, &first.ty) => {
                    let nullable = first.nullable && shape.nullable;
                    *first = Shape {
                        ty: shape.ty,
                        nullable,
                    };
                    *first_index = index;
                }
                Some((first, first_index))
                    if self.narrows(&first.ty, defs[*first_index].schema, &shape.ty) =>
                {
                    first.nullable &= shape.nullable;
                }
                Some((first, first_index)) => {
                    if !conflict {
                        let message = format!(
                            "`allOf` parts disagree on property `{wire}`: `{}` at {}, `{}` here; the field is generated as `serde_json::Value`",
                            type_text(&first.ty),
                            defs[*first_index].at,
                            type_text(&shape.ty)
                        );
                        self.warn_once(&def.at, message);
                    }
                    conflict = true;
                }
            }
        }
        let (shape, first) = chosen.unwrap_or((Shape::of(TypeRef::Any), 0));
        let (ty, nullable) = if conflict {
            (TypeRef::Any, false)
        } else {
            (shape.ty, shape.nullable)
        };
        let maps: Vec<&Map<String, Value>> =
            defs.iter().filter_map(|d| d.schema.as_object()).collect();
        let flag = |key: &str| maps.iter().any(|m| m.get(key) == Some(&Value::Bool(true)));
        let (read_only, write_only) = (flag("readOnly"), flag("writeOnly"));
        // The later definition (a part refining its base) has the last word on docs.
        let docs = maps
            .iter()
            .rev()
            .map(|m| docs_of(m))
            .find(|d| d.title.is_some() || d.description.is_some())
            .unwrap_or_default();
        let mut notes = defs
            .get(first)
            .and_then(|d| d.schema.as_object())
            .map(notes_of)
            .unwrap_or_default();
        // Read-only and write-only properties travel in one direction only: their fields stay
        // optional, so one struct serves requests and answers.
        let always = if listed_required { " always" } else { "" };
        if read_only {
            notes.push(format!(
                "Read-only: the server{always} sends it; requests leave it out (`None`)."
            ));
        }
        if write_only {
            notes.push(format!(
                "Write-only: requests{always} send it; the server does not return it."
            ));
        }
        Field {
            name: field_names.claim(&snake_case(wire)),
            wire: wire.to_owned(),
            ty,
            required: listed_required && !read_only && !write_only,
            nullable,
            boxed: false,
            docs,
            deprecated: maps.iter().any(|m| is_deprecated(m)),
            origin: defs
                .get(first)
                .map_or_else(JsonPointer::root, |d| d.at.clone()),
            notes,
        }
    }

    /// Whether every value of `narrow` (lowered from `schema`) is a value of `wide`.
    fn narrows(&self, narrow: &TypeRef, schema: &Value, wide: &TypeRef) -> bool {
        let width = |ty: &TypeRef| match ty {
            TypeRef::Primitive(Primitive::I8) => Some(1),
            TypeRef::Primitive(Primitive::I16) => Some(2),
            TypeRef::Primitive(Primitive::I32) => Some(3),
            TypeRef::Primitive(Primitive::I64) => Some(4),
            _ => None,
        };
        match (narrow, wide) {
            (_, TypeRef::Any) => true,
            (TypeRef::Primitive(Primitive::F32), TypeRef::Primitive(Primitive::F64)) => true,
            (TypeRef::Primitive(Primitive::U8 | Primitive::U16 | Primitive::U32), _) => {
                *wide == TypeRef::Primitive(Primitive::I64)
            }
            (
                TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Base64,
                TypeRef::Primitive(Primitive::String),
            ) => true,
            (TypeRef::Named(_), TypeRef::Primitive(Primitive::String)) => {
                self.open_string_enum(narrow, schema, 0)
            }
            _ => width(narrow).zip(width(wide)).is_some_and(|(n, w)| n <= w),
        }
    }

    /// Whether `ty` (lowered from `schema`) is an open string enum, which keeps any string;
    /// a `$ref`'d schema not generated yet is recognised by its `enum` of strings.
    fn open_string_enum(&self, ty: &TypeRef, schema: &Value, depth: usize) -> bool {
        if let TypeRef::Named(name) = ty {
            if let Some(def) = self.types.get(name) {
                return matches!(def.kind, TypeKind::Enum(_));
            }
        }
        let Some(map) = schema.as_object() else {
            return false;
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            return depth < MAX_DEPTH
                && JsonPointer::parse_fragment(reference)
                    .and_then(|target| self.value_at(&target))
                    .is_some_and(|target| self.open_string_enum(&TypeRef::Any, target, depth + 1));
        }
        let values: Vec<&Value> = match (map.get("const"), map.get("enum")) {
            (Some(value), _) => vec![value],
            (None, Some(Value::Array(values))) => values.iter().filter(|v| !v.is_null()).collect(),
            _ => return false,
        };
        !map.contains_key("x-flags") && string_values(&values, &declared_types(map)).is_some()
    }

    /// The type of properties not listed; `None` when `additionalProperties: false`.
    fn additional_type(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Option<TypeRef> {
        match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Some(TypeRef::Any),
            Some(Value::Bool(false)) => None,
            Some(schema) => {
                let hint = format!("{}Value", naming_hint(naming));
                let at = pointer.push("additionalProperties");
                Some(
                    self.lower_schema(schema, &at, Naming::Hint(&hint))
                        .into_type_ref(),
                )
            }
        }
    }

    /// Whether `schema` describes JSON objects (following `$ref`s; unions count when `unions`
    /// and every non-null alternative is an object).
    pub(super) fn object_like(&self, schema: &Value, unions: bool, depth: usize) -> bool {
        let Some(map) = schema.as_object() else {
            return false;
        };
        if depth > MAX_DEPTH {
            return false;
        }
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            return JsonPointer::parse_fragment(reference)
                .and_then(|target| self.value_at(&target))
                .is_some_and(|target| self.object_like(target, unions, depth + 1));
        }
        let typed_object = match map.get("type") {
            Some(Value::String(name)) => name == "object",
            Some(Value::Array(names)) => {
                names.iter().any(|n| n == "object")
                    && names.iter().all(|n| n == "object" || n == "null")
            }
            _ => false,
        };
        if typed_object
            || map.contains_key("properties")
            || map.contains_key("additionalProperties")
        {
            return true;
        }
        if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
            if parts
                .iter()
                .any(|part| self.object_like(part, unions, depth + 1))
            {
                return true;
            }
        }
        unions
            && ["oneOf", "anyOf"].iter().any(|key| {
                map.get(*key)
                    .and_then(Value::as_array)
                    .is_some_and(|items| {
                        let mut present = items.iter().filter(|item| !is_null_schema(item));
                        let first = present.next();
                        first.is_some_and(|first| self.object_like(first, unions, depth + 1))
                            && present.all(|item| self.object_like(item, unions, depth + 1))
                    })
            })
    }
}
