//! Schemas → type expressions and named types.

use serde_json::{Map, Value};

use super::{docs_of, is_deprecated, kind_of, Context};
use crate::model::{
    Docs, EnumDef, Field, FlagMember, FlagsDef, Primitive, StructDef, TypeDef, TypeKind, TypeRef,
    Variant,
};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// The JSON Schema type names OpenAPI allows.
const TYPE_NAMES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null",
];

/// How a schema that needs a nominal type (object, enum, flags) gets its name.
#[derive(Clone, Copy, Debug)]
pub(super) enum Naming<'n> {
    /// It is a named schema: use this reserved name.
    Fixed(&'n str),
    /// It is inline: claim a fresh name derived from this hint.
    Hint(&'n str),
}

/// A schema's type and whether `null` is allowed.
#[derive(Clone, Debug)]
pub(super) struct Shape {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Shape {
    fn of(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }

    /// The type with `null` folded in, for places that have no `Option` of their own.
    fn into_type_ref(self) -> TypeRef {
        if self.nullable && self.ty != TypeRef::Any {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

impl<'a> Context<'a> {
    /// Defines the named type `name` from the schema at `pointer`.
    pub(super) fn define_named(&mut self, name: &str, schema: &'a Value, pointer: &JsonPointer) {
        let shape = self.lower_schema(schema, pointer, Naming::Fixed(name));
        if self.types.contains_key(name) {
            return;
        }
        // Not a nominal type: the name becomes an alias of the type expression.
        let docs = schema.as_object().map(docs_of).unwrap_or_default();
        let deprecated = schema.as_object().is_some_and(is_deprecated);
        self.insert_type(
            name,
            pointer,
            docs,
            deprecated,
            TypeKind::Alias(shape.into_type_ref()),
        );
    }

    fn insert_type(
        &mut self,
        name: &str,
        pointer: &JsonPointer,
        docs: Docs,
        deprecated: bool,
        kind: TypeKind,
    ) {
        let module = self.claim_module_name(name);
        let def = TypeDef {
            name: name.to_owned(),
            module,
            origin: pointer.clone(),
            docs,
            deprecated,
            kind,
        };
        self.types.insert(name.to_owned(), def);
    }

    /// The name a nominal type gets under `naming`.
    fn nominal_name(&mut self, naming: Naming<'_>, pointer: &JsonPointer) -> String {
        let name = match naming {
            Naming::Fixed(name) => name.to_owned(),
            Naming::Hint(hint) => self.claim_type_name(hint),
        };
        self.named.insert(pointer.clone(), name.clone());
        name
    }

    /// Lowers the schema at `pointer`.
    pub(super) fn lower_schema(
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
        let mut shape = self.lower_inline(map, pointer, naming);
        shape.nullable |= explicit_null;
        self.check_default(map, &shape, pointer);
        shape
    }

    /// A `$ref` → the named type of its target.
    fn lower_ref(&mut self, reference: &'a Value, pointer: &JsonPointer) -> Shape {
        let Some(target) = self.resolve_ref(reference, pointer) else {
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

    /// The pointer a `$ref` names, after checking that it is local and exists.
    pub(super) fn resolve_ref(
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

    fn lower_inline(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        for key in ["anyOf", "oneOf"] {
            if let Some(alternatives) = map.get(key) {
                return self.lower_alternatives(key, alternatives, &pointer.push(key), naming);
            }
        }
        if let Some(parts) = map.get("allOf") {
            return self.lower_all_of(parts, &pointer.push("allOf"), naming);
        }
        let (types, nullable) = self.types_of(map, pointer);
        let mut shape = if map.contains_key("x-flags") {
            self.lower_flags(map, pointer, naming)
        } else if let Some(values) = map.get("enum") {
            self.lower_enum(values, map, &types, pointer, naming)
        } else {
            match types.as_slice() {
                [] => self.lower_untyped(map, pointer, naming),
                [single] => self.lower_typed(single, map, pointer, naming),
                several => {
                    self.warn(
                        pointer,
                        format!(
                            "a value of several types ({}) is generated as `serde_json::Value`",
                            several.join(", ")
                        ),
                    );
                    Shape::of(TypeRef::Any)
                }
            }
        };
        shape.nullable |= nullable;
        shape
    }

    /// The non-null `type` names and whether `null` is among them.
    fn types_of(&mut self, map: &Map<String, Value>, pointer: &JsonPointer) -> (Vec<&'a str>, bool)
    where
        'a: 'a,
    {
        let at = pointer.push("type");
        let listed: Vec<(JsonPointer, &Value)> = match map.get("type") {
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
                Some(name) if TYPE_NAMES.contains(&name) => {
                    // Re-borrow from the document so the name lives as long as it.
                    if let Some(name) = self.value_at(&at).and_then(Value::as_str) {
                        types.push(name);
                    }
                }
                Some(name) => self.error(
                    &at,
                    format!(
                        "unknown type `{name}`; expected one of {}",
                        TYPE_NAMES.join(", ")
                    ),
                ),
                None => self.error(
                    &at,
                    format!(
                        "`type` must be a string or a list of strings, found {}",
                        kind_of(value)
                    ),
                ),
            }
        }
        (types, nullable)
    }

    fn lower_typed(
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
            "string" => match format {
                "date-time" => Shape::of(TypeRef::DateTime),
                _ => primitive(Primitive::String),
            },
            "array" => self.lower_array(map, pointer, naming),
            _ => self.lower_object(map, pointer, naming),
        }
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

    fn lower_array(
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

    fn lower_object(
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
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut field_names = Scope::new();
        let mut fields = Vec::new();
        for (wire, schema) in properties.into_iter().flatten() {
            let at = pointer.push("properties").push(wire.as_str());
            let hint = format!("{name}{}", pascal_case(wire));
            let shape = self.lower_schema(schema, &at, Naming::Hint(&hint));
            let property = schema.as_object();
            fields.push(Field {
                name: field_names.claim(&snake_case(wire)),
                wire: wire.clone(),
                ty: shape.ty,
                required: required.contains(&wire.as_str()),
                nullable: shape.nullable,
                boxed: false,
                docs: property.map(docs_of).unwrap_or_default(),
                deprecated: property.is_some_and(is_deprecated),
                origin: at,
            });
        }
        let additional = self.additional_type(map, pointer, Naming::Fixed(&name));
        let additional_field = field_names.claim("additional_properties");
        let def = StructDef {
            fields,
            additional,
            additional_field,
        };
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            TypeKind::Struct(def),
        );
        Shape::of(TypeRef::Named(name))
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

    /// `anyOf`/`oneOf`: the `[T, null]` idiom becomes a nullable `T`.
    fn lower_alternatives(
        &mut self,
        key: &str,
        alternatives: &'a Value,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let Some(items) = alternatives.as_array() else {
            self.error(
                pointer,
                format!(
                    "`{key}` must be a list of schemas, found {}",
                    kind_of(alternatives)
                ),
            );
            return Shape::of(TypeRef::Any);
        };
        let (nulls, others): (Vec<_>, Vec<_>) = items
            .iter()
            .enumerate()
            .partition(|(_, item)| is_null_schema(item));
        let nullable = !nulls.is_empty();
        match others.as_slice() {
            [] => Shape {
                ty: TypeRef::Any,
                nullable,
            },
            [(index, only)] => {
                let mut shape = self.lower_schema(only, &pointer.index(*index), naming);
                shape.nullable |= nullable;
                shape
            }
            several => {
                for (index, item) in several {
                    // Still validated, so that errors inside them are reported.
                    let hint = format!("{}Variant{index}", naming_hint(naming));
                    self.lower_schema(item, &pointer.index(*index), Naming::Hint(&hint));
                }
                self.warn(
                    pointer,
                    format!(
                        "`{key}` with {} alternatives is generated as `serde_json::Value`",
                        several.len()
                    ),
                );
                Shape {
                    ty: TypeRef::Any,
                    nullable,
                }
            }
        }
    }

    /// `allOf` with one part is that part; several parts are not merged yet.
    fn lower_all_of(
        &mut self,
        parts: &'a Value,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        match parts.as_array().map(Vec::as_slice) {
            Some([only]) => self.lower_schema(only, &pointer.index(0), naming),
            Some(_) => {
                self.warn(
                    pointer,
                    "`allOf` with several parts is generated as `serde_json::Value`",
                );
                Shape::of(TypeRef::Any)
            }
            None => {
                self.error(
                    pointer,
                    format!(
                        "`allOf` must be a list of schemas, found {}",
                        kind_of(parts)
                    ),
                );
                Shape::of(TypeRef::Any)
            }
        }
    }

    fn lower_enum(
        &mut self,
        values: &'a Value,
        map: &'a Map<String, Value>,
        types: &[&str],
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let at = pointer.push("enum");
        let Some(values) = values.as_array() else {
            self.error(
                &at,
                format!("`enum` must be a list, found {}", kind_of(values)),
            );
            return Shape::of(TypeRef::Any);
        };
        let nullable = values.iter().any(Value::is_null);
        let strings: Option<Vec<&str>> = values
            .iter()
            .filter(|v| !v.is_null())
            .map(Value::as_str)
            .collect();
        let strings = match strings {
            Some(strings) if !strings.is_empty() && types.iter().all(|t| *t == "string") => strings,
            _ => {
                // Integer and mixed enums keep their underlying type for now.
                let mut shape = match types {
                    [single] => self.lower_typed(single, map, pointer, naming),
                    _ => Shape::of(TypeRef::Any),
                };
                shape.nullable |= nullable;
                return shape;
            }
        };
        let descriptions = enum_descriptions(map, &strings);
        let mut variant_names = Scope::new();
        let variants: Vec<Variant> = strings
            .iter()
            .zip(descriptions)
            .map(|(wire, description)| Variant {
                name: variant_names.claim(&pascal_case(wire)),
                wire: (*wire).to_owned(),
                description,
            })
            .collect();
        let fallback = variant_names.claim("Other");
        let name = self.nominal_name(naming, pointer);
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            TypeKind::Enum(EnumDef { variants, fallback }),
        );
        Shape {
            ty: TypeRef::Named(name),
            nullable,
        }
    }

    /// `x-flags: [{name, value, description}]` → a flag-set type.
    fn lower_flags(
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
        let name = self.nominal_name(naming, pointer);
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            TypeKind::Flags(FlagsDef { members }),
        );
        Shape::of(TypeRef::Named(name))
    }

    /// Reports a `default` that does not fit the schema's type.
    fn check_default(&mut self, map: &Map<String, Value>, shape: &Shape, pointer: &JsonPointer) {
        let Some(default) = map.get("default") else {
            return;
        };
        if default.is_null() {
            if !shape.nullable && shape.ty != TypeRef::Any {
                self.error(
                    &pointer.push("default"),
                    "`default: null` but the schema does not allow null; add `null` to `type` or remove the default",
                );
            }
            return;
        }
        if let Some(problem) = self.default_problem(&shape.ty, default) {
            self.error(
                &pointer.push("default"),
                format!("default {default} does not fit the schema: {problem}; fix the default or the type"),
            );
        }
    }

    fn default_problem(&self, ty: &TypeRef, default: &Value) -> Option<String> {
        let (fits, expected) = match ty {
            TypeRef::Any | TypeRef::Bytes => (true, ""),
            TypeRef::Primitive(Primitive::Bool) => (default.is_boolean(), "a boolean"),
            TypeRef::Primitive(Primitive::String) | TypeRef::DateTime => {
                (default.is_string(), "a string")
            }
            TypeRef::Primitive(Primitive::F32 | Primitive::F64) => {
                (default.is_number(), "a number")
            }
            TypeRef::Primitive(integer) => return integer_problem(*integer, default),
            TypeRef::Vec(_) => (default.is_array(), "a list"),
            TypeRef::Map(_) => (default.is_object(), "a mapping"),
            TypeRef::Nullable(inner) => return self.default_problem(inner, default),
            TypeRef::Named(name) => match self.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Enum(_) | TypeKind::Flags(_)) => (default.is_string(), "a string"),
                Some(TypeKind::Struct(_)) => (default.is_object(), "a mapping"),
                Some(TypeKind::Alias(target)) => return self.default_problem(target, default),
                None => (true, ""),
            },
        };
        (!fits).then(|| format!("expected {expected}, found {}", kind_of(default)))
    }
}

/// Whether `value` fits the integer type, as a message when it does not.
fn integer_problem(integer: Primitive, default: &Value) -> Option<String> {
    let fits = match integer {
        Primitive::I8 => default.as_i64().is_some_and(|v| i8::try_from(v).is_ok()),
        Primitive::I16 => default.as_i64().is_some_and(|v| i16::try_from(v).is_ok()),
        Primitive::I32 => default.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        Primitive::U8 => default.as_u64().is_some_and(|v| u8::try_from(v).is_ok()),
        Primitive::U16 => default.as_u64().is_some_and(|v| u16::try_from(v).is_ok()),
        Primitive::U32 => default.as_u64().is_some_and(|v| u32::try_from(v).is_ok()),
        Primitive::U64 => default.as_u64().is_some(),
        _ => default.as_i64().is_some(),
    };
    (!fits).then(|| format!("expected an integer that fits {integer:?}, found {default}"))
}

/// `{type: null}` (3.1) or `{enum: [null]}`, which the `[T, null]` idiom uses.
fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(Value::is_null))
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

/// The hint inline children are named from.
fn naming_hint<'n>(naming: Naming<'n>) -> &'n str {
    match naming {
        Naming::Fixed(name) | Naming::Hint(name) => name,
    }
}
