//! Schemas → type expressions and named types.
//!
//! Objects become structs, string enums open enums, `allOf` one merged struct, `oneOf`/`anyOf`
//! a union (an enum chosen by a discriminator, or an untagged one). What Rust cannot express
//! precisely becomes `serde_json::Value` with a warning, never an error.

use serde_json::{Map, Value};

use super::context::Context;
use super::defaults::fit_default;
use super::node::{docs_of, is_deprecated, kind_of};
use crate::diagnostic::Cause;
use crate::model::{
    Docs, EnumDef, Field, FlagMember, FlagsDef, Primitive, StructDef, TypeDef, TypeKind, TypeRef,
    UnionDef, UnionVariant, Variant,
};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// The JSON Schema type names OpenAPI allows.
const TYPE_NAMES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null",
];

/// Keywords that say what a schema's type is. A schema with none of them only annotates or
/// constrains (`description`, `example`, `maxLength`, `required`, …).
const TYPE_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "$ref",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "x-flags",
];

/// How many `$ref`s deep a schema's shape is looked for (the chains are cut, never followed
/// forever).
const MAX_DEPTH: usize = 32;

/// How a schema that needs a nominal type (object, enum, flags, union) gets its name.
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

/// One definition of a property: from an object schema, or from one part of an `allOf`.
struct PropertyDef<'a> {
    /// The property name on the wire.
    wire: &'a str,
    /// Its schema.
    schema: &'a Value,
    /// Where the schema is.
    at: JsonPointer,
    /// The type name inline schemas of the property are named after (the schema that lists
    /// it); `None` for the struct being built.
    owner: Option<String>,
}

/// What an object says about the properties it does not list.
enum Additional<'a> {
    /// Nothing, or `true`: they are kept, whatever their values.
    Open,
    /// `additionalProperties: false`.
    Closed,
    /// Their values have this schema (at this pointer, named after this owner).
    Schema(&'a Value, JsonPointer, Option<String>),
}

/// The parts of an `allOf`, gathered for merging into one object.
#[derive(Default)]
struct Merged<'a> {
    /// At least one part is an object (`properties`, `required`, `additionalProperties` or
    /// `type: object`).
    object: bool,
    /// Every property definition, in part order (a property may be defined by several parts).
    properties: Vec<PropertyDef<'a>>,
    /// The union of every part's `required`.
    required: Vec<&'a str>,
    /// Some part says `additionalProperties: false`.
    closed: bool,
    /// The first `additionalProperties` schema of any part.
    additional: Option<(&'a Value, JsonPointer, Option<String>)>,
    /// Parts that are not objects, which cannot be merged: (pointer, schema).
    others: Vec<(JsonPointer, &'a Value)>,
}

/// A union's discriminator: the property and each variant's values.
struct Tags {
    property: String,
    per_variant: Vec<Vec<String>>,
}

impl<'a> Context<'a> {
    /// Gives every component schema its type name, before any schema is lowered.
    pub(super) fn reserve_component_schemas(&mut self) {
        let at = JsonPointer::root().push("components").push("schemas");
        let Some(schemas) = self.expect_object(&at, "`components.schemas`") else {
            return;
        };
        for key in schemas.keys() {
            let name = self.claim_type_name(key);
            self.named.insert(at.push(key.as_str()), name);
        }
    }

    /// Defines the named type of every component schema.
    pub(super) fn define_component_schemas(&mut self) {
        let at = JsonPointer::root().push("components").push("schemas");
        let Some(schemas) = self.object_at(&at) else {
            return;
        };
        for (key, schema) in schemas {
            let pointer = at.push(key.as_str());
            if let Some(name) = self.named.get(&pointer).cloned() {
                self.define_named(&name, schema, &pointer);
            }
        }
    }

    /// Defines the named type `name` from the schema at `pointer`.
    pub(super) fn define_named(&mut self, name: &str, schema: &'a Value, pointer: &JsonPointer) {
        let shape = self.lower_schema(schema, pointer, Naming::Fixed(name));
        if self.types.contains_key(name) {
            return;
        }
        // Not a nominal type: the name becomes an alias of the type expression.
        let map = schema.as_object();
        let docs = map.map(docs_of).unwrap_or_default();
        let deprecated = map.is_some_and(is_deprecated);
        let notes = map.map(notes_of).unwrap_or_default();
        self.insert_type(
            name,
            pointer,
            docs,
            deprecated,
            notes,
            TypeKind::Alias(shape.into_type_ref()),
        );
    }

    fn insert_type(
        &mut self,
        name: &str,
        pointer: &JsonPointer,
        docs: Docs,
        deprecated: bool,
        notes: Vec<String>,
        kind: TypeKind,
    ) {
        let module = self.claim_module_name(name);
        let def = TypeDef {
            name: name.to_owned(),
            module,
            origin: pointer.clone(),
            docs,
            deprecated,
            notes,
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

    /// A `$ref` → the named type of its target.
    fn lower_ref(&mut self, reference: &'a Value, pointer: &JsonPointer) -> Shape {
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
    fn schema_ref_target(
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

    /// The non-null `type` names and whether `null` is among them.
    fn types_of(
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

    /// `type: [string, integer]`: an untagged union with a variant per type.
    fn lower_type_list(
        &mut self,
        types: &[&str],
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let hint = naming_hint(naming).to_owned();
        let at = pointer.push("type");
        let mut names = Scope::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, type_name) in types.iter().enumerate() {
            let child = format!("{hint}{}", pascal_case(type_name));
            let ty = self
                .lower_typed(type_name, map, pointer, Naming::Hint(&child))
                .ty;
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let word = match &ty {
                // An object or array of this list is named after the schema: name its variant
                // after the JSON type instead.
                TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_) => pascal_case(type_name),
                other => kind_word(other),
            };
            variants.push(UnionVariant {
                name: names.claim(&word),
                ty,
                tags: Vec::new(),
                boxed: false,
                origin: at.index(index),
            });
        }
        if let [only] = variants.as_slice() {
            return Shape::of(only.ty.clone());
        }
        let fallback = Some(names.claim("Other"));
        let name = self.nominal_name(naming, pointer);
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            notes_of(map),
            TypeKind::Union(UnionDef {
                variants,
                tag: None,
                fallback,
            }),
        );
        Shape::of(TypeRef::Named(name))
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
    fn define_struct(
        &mut self,
        name: String,
        pointer: &JsonPointer,
        map: &Map<String, Value>,
        definitions: Vec<PropertyDef<'a>>,
        required: &[&str],
        additional: Additional<'a>,
    ) -> Shape {
        let def = self.struct_def(&name, definitions, required, additional);
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            Vec::new(),
            TypeKind::Struct(def),
        );
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

    /// `anyOf`/`oneOf`: the `[T, null]` idiom becomes a nullable `T`, several alternatives a
    /// union.
    fn lower_alternatives(
        &mut self,
        key: &str,
        alternatives: &'a Value,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let at = pointer.push(key);
        let Some(items) = alternatives.as_array() else {
            self.error(
                &at,
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
                let mut shape = self.lower_schema(only, &at.index(*index), naming);
                shape.nullable |= nullable;
                shape
            }
            several => self.lower_union(key, several, map, pointer, naming, nullable),
        }
    }

    /// Several alternatives → a union: tagged when a discriminator can choose among them,
    /// untagged otherwise. Alternatives of one Rust type are one variant.
    fn lower_union(
        &mut self,
        key: &str,
        alternatives: &[(usize, &'a Value)],
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
        mut nullable: bool,
    ) -> Shape {
        let at = pointer.push(key);
        let hint = naming_hint(naming).to_owned();
        if map
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
        {
            self.warn_once(
                &pointer.push("properties"),
                format!("`properties` next to `{key}` are not generated; each alternative must list them"),
            );
        }
        // Each distinct type with the alternatives that gave it.
        let mut lowered: Vec<(TypeRef, Vec<(usize, &'a Value)>)> = Vec::new();
        for &(index, item) in alternatives {
            let child = match item.get("title").and_then(Value::as_str) {
                Some(title) => format!("{hint}{}", pascal_case(title)),
                None => format!("{hint}Variant{index}"),
            };
            let shape = self.lower_schema(item, &at.index(index), Naming::Hint(&child));
            nullable |= shape.nullable;
            match lowered.iter_mut().find(|(ty, _)| *ty == shape.ty) {
                Some((_, sources)) => sources.push((index, item)),
                None => lowered.push((shape.ty, vec![(index, item)])),
            }
        }
        fold_string_alternatives(&mut lowered);
        if let [(only, _)] = lowered.as_slice() {
            // Every alternative has the same Rust type.
            return Shape {
                ty: only.clone(),
                nullable,
            };
        }
        let tags = self.union_tags(map, &lowered, pointer, &at);
        let mut names = Scope::new();
        let mut variants = Vec::new();
        for (position, (ty, sources)) in lowered.into_iter().enumerate() {
            let (index, item) = sources[0];
            variants.push(UnionVariant {
                name: names.claim(&variant_word(&ty, item, &hint)),
                ty,
                tags: tags
                    .as_ref()
                    .map(|t| t.per_variant[position].clone())
                    .unwrap_or_default(),
                boxed: false,
                origin: at.index(index),
            });
        }
        // An alternative of any value leaves nothing for a fallback to keep.
        let fallback = (tags.is_some() || !variants.iter().any(|v| v.ty == TypeRef::Any))
            .then(|| names.claim("Other"));
        let name = self.nominal_name(naming, pointer);
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            Vec::new(),
            TypeKind::Union(UnionDef {
                variants,
                tag: tags.map(|t| t.property),
                fallback,
            }),
        );
        Shape {
            ty: TypeRef::Named(name),
            nullable,
        }
    }

    /// The discriminator's property and every variant's values, when it can choose among the
    /// alternatives; otherwise (no discriminator, or a warning saying why) `None`.
    fn union_tags(
        &mut self,
        map: &'a Map<String, Value>,
        lowered: &[(TypeRef, Vec<(usize, &'a Value)>)],
        pointer: &JsonPointer,
        alternatives_at: &JsonPointer,
    ) -> Option<Tags> {
        let discriminator = map.get("discriminator")?;
        let at = pointer.push("discriminator");
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            self.warn_once(
                &at,
                "a `discriminator` needs a string `propertyName`; without one the union is untagged (its alternatives are tried in turn)",
            );
            return None;
        };
        for (_, sources) in lowered {
            for &(index, item) in sources {
                if !self.object_like(item, true, 0) {
                    self.warn_once(
                        &alternatives_at.index(index),
                        format!("this alternative is not an object, so discriminator `{property}` cannot select it; the union is untagged (its alternatives are tried in turn)"),
                    );
                    return None;
                }
            }
        }
        let ref_target = |item: &Value| {
            item.get("$ref")
                .and_then(Value::as_str)
                .and_then(JsonPointer::parse_fragment)
        };
        let mut per_variant: Vec<Vec<String>> = vec![Vec::new(); lowered.len()];
        match discriminator.get("mapping") {
            None => {}
            Some(Value::Object(mapping)) => {
                for (value, target) in mapping {
                    let mapping_at = at.push("mapping").push(value.as_str());
                    // A schema name, or a `$ref`-style pointer.
                    let target_pointer = target.as_str().and_then(|text| {
                        if text.starts_with('#') {
                            JsonPointer::parse_fragment(text)
                        } else if text.contains('/') {
                            None
                        } else {
                            Some(
                                JsonPointer::root()
                                    .push("components")
                                    .push("schemas")
                                    .push(text),
                            )
                        }
                    });
                    let variant = target_pointer.and_then(|wanted| {
                        lowered.iter().position(|(_, sources)| {
                            sources
                                .iter()
                                .any(|(_, item)| ref_target(item).as_ref() == Some(&wanted))
                        })
                    });
                    match variant {
                        Some(variant) => per_variant[variant].push(value.clone()),
                        None => self.warn_once(
                            &mapping_at,
                            format!("discriminator mapping `{value}` names no `$ref` alternative of this union; the value is left out (such objects are kept in the fallback variant)"),
                        ),
                    }
                }
            }
            Some(other) => self.warn_once(
                &at.push("mapping"),
                format!(
                    "a discriminator `mapping` must be a mapping, found {}; it is ignored",
                    kind_of(other)
                ),
            ),
        }
        // A `$ref` alternative the mapping does not name is selected by its schema name.
        for (position, (_, sources)) in lowered.iter().enumerate() {
            if per_variant[position].is_empty() {
                for (_, item) in sources {
                    let Some(name) = ref_target(item).and_then(|t| t.last().map(str::to_owned))
                    else {
                        continue;
                    };
                    if !per_variant.iter().flatten().any(|taken| *taken == name) {
                        per_variant[position].push(name);
                    }
                }
            }
            if per_variant[position].is_empty() {
                self.warn_once(
                    &alternatives_at.index(sources[0].0),
                    format!("this alternative has no value of discriminator `{property}` (only `$ref` alternatives have one, by their schema name or `mapping`); the union is untagged (its alternatives are tried in turn)"),
                );
                return None;
            }
        }
        Some(Tags {
            property: property.to_owned(),
            per_variant,
        })
    }

    /// Whether `schema` describes JSON objects (following `$ref`s; unions count when `unions`
    /// and every non-null alternative is an object).
    fn object_like(&self, schema: &Value, unions: bool, depth: usize) -> bool {
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

    /// `allOf`: one part (beside parts that only annotate) is that part; object parts merge
    /// into one struct, their properties and `required` unioned.
    fn lower_all_of(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let at = pointer.push("allOf");
        let parts = match map.get("allOf") {
            Some(Value::Array(parts)) => parts,
            other => {
                let found = other.map_or("nothing", kind_of);
                self.error(
                    &at,
                    format!("`allOf` must be a list of schemas, found {found}"),
                );
                return Shape::of(TypeRef::Any);
            }
        };
        let own_object = has_object_keywords(map);
        if !own_object {
            let typed: Vec<(usize, &'a Value)> = parts
                .iter()
                .enumerate()
                .filter(|(_, part)| has_type_keywords(part))
                .collect();
            match typed.as_slice() {
                [] => return Shape::of(TypeRef::Any),
                [(index, only)] => return self.lower_schema(only, &at.index(*index), naming),
                _ => {}
            }
        }
        let mut merged = Merged::default();
        let mut visiting = vec![pointer.clone()];
        for (index, part) in parts.iter().enumerate() {
            self.collect_part(part, at.index(index), None, &mut visiting, &mut merged);
        }
        if own_object {
            self.add_object(map, pointer, None, &mut merged);
        }
        if !merged.object {
            return self.lower_other_parts(&merged.others, &at, naming);
        }
        for (part_at, _) in &merged.others {
            self.warn_once(
                part_at,
                "this `allOf` part is not an object, so it cannot be merged with the object parts; its constraints are not generated",
            );
        }
        let additional = if merged.closed {
            Additional::Closed
        } else {
            match merged.additional {
                Some((schema, at, owner)) => Additional::Schema(schema, at, owner),
                None => Additional::Open,
            }
        };
        if merged.properties.is_empty() {
            // Objects without properties: a map, as `additionalProperties` alone would be.
            let value = match additional {
                Additional::Schema(schema, at, _) => {
                    let hint = format!("{}Value", naming_hint(naming));
                    self.lower_schema(schema, &at, Naming::Hint(&hint))
                        .into_type_ref()
                }
                Additional::Open | Additional::Closed => TypeRef::Any,
            };
            return Shape::of(TypeRef::Map(Box::new(value)));
        }
        let name = self.nominal_name(naming, pointer);
        self.define_struct(
            name,
            pointer,
            map,
            merged.properties,
            &merged.required,
            additional,
        )
    }

    /// Gathers one `allOf` part: a `$ref` is followed (its properties are named after the
    /// target), nested `allOf`s are flattened, objects are added, other typed parts are kept
    /// aside and parts that only annotate are skipped.
    fn collect_part(
        &mut self,
        part: &'a Value,
        at: JsonPointer,
        owner: Option<String>,
        visiting: &mut Vec<JsonPointer>,
        merged: &mut Merged<'a>,
    ) {
        let Some(map) = part.as_object() else {
            if !part.is_boolean() {
                self.error(
                    &at,
                    format!(
                        "an `allOf` part must be a schema (a mapping), found {}",
                        kind_of(part)
                    ),
                );
            }
            return;
        };
        if let Some(reference) = map.get("$ref") {
            let Some(target) = self.schema_ref_target(reference, &at.push("$ref")) else {
                return;
            };
            let Some(schema) = self.value_at(&target) else {
                return;
            };
            if !self.mergeable(schema) {
                merged.others.push((at, part));
                return;
            }
            if visiting.contains(&target) {
                self.warn_once(
                    &at,
                    "this `allOf` part leads back to a schema being merged (a `$ref` cycle); it is left out",
                );
                return;
            }
            let owner = self
                .named
                .get(&target)
                .cloned()
                .unwrap_or_else(|| pascal_case(target.last().unwrap_or("Schema")));
            visiting.push(target.clone());
            self.collect_part(schema, target, Some(owner), visiting, merged);
            visiting.pop();
            return;
        }
        if let Some(parts) = map.get("allOf") {
            match parts.as_array() {
                Some(parts) => {
                    for (index, sub) in parts.iter().enumerate() {
                        let sub_at = at.push("allOf").index(index);
                        self.collect_part(sub, sub_at, owner.clone(), visiting, merged);
                    }
                }
                None => self.error(
                    &at.push("allOf"),
                    format!(
                        "`allOf` must be a list of schemas, found {}",
                        kind_of(parts)
                    ),
                ),
            }
            if has_object_keywords(map) {
                self.add_object(map, &at, owner, merged);
            }
            return;
        }
        if self.mergeable(part) {
            for key in ["oneOf", "anyOf"] {
                if map.contains_key(key) {
                    self.warn_once(
                        &at.push(key),
                        format!("`{key}` inside an `allOf` part is not generated; the merged object keeps the part's properties"),
                    );
                }
            }
            self.add_object(map, &at, owner, merged);
        } else if has_type_keywords(part) {
            merged.others.push((at, part));
        }
    }

    /// Whether an `allOf` part can be merged as an object.
    fn mergeable(&self, schema: &Value) -> bool {
        self.object_like(schema, false, 0) || schema.get("required").is_some()
    }

    /// Adds an object part's properties, `required` and `additionalProperties`.
    fn add_object(
        &mut self,
        map: &'a Map<String, Value>,
        at: &JsonPointer,
        owner: Option<String>,
        merged: &mut Merged<'a>,
    ) {
        merged.object = true;
        match map.get("properties") {
            None => {}
            Some(Value::Object(properties)) => {
                for (wire, schema) in properties {
                    merged.properties.push(PropertyDef {
                        wire,
                        schema,
                        at: at.push("properties").push(wire.as_str()),
                        owner: owner.clone(),
                    });
                }
            }
            Some(other) => self.error(
                &at.push("properties"),
                format!("`properties` must be a mapping, found {}", kind_of(other)),
            ),
        }
        for name in required_of(map) {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
        match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => merged.closed = true,
            Some(schema) => {
                if merged.additional.is_none() {
                    merged.additional = Some((schema, at.push("additionalProperties"), owner));
                }
            }
        }
    }

    /// `allOf` parts none of which is an object: parts of one type are that type; parts of
    /// different types have no Rust form.
    fn lower_other_parts(
        &mut self,
        others: &[(JsonPointer, &'a Value)],
        at: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        match others {
            [] => Shape::of(TypeRef::Any),
            [(part_at, only)] => self.lower_schema(only, part_at, naming),
            several => {
                let hint = naming_hint(naming).to_owned();
                let shapes: Vec<Shape> = several
                    .iter()
                    .map(|(part_at, part)| self.lower_schema(part, part_at, Naming::Hint(&hint)))
                    .collect();
                if shapes.iter().all(|s| s.ty == shapes[0].ty) {
                    return Shape {
                        ty: shapes[0].ty.clone(),
                        nullable: shapes.iter().all(|s| s.nullable),
                    };
                }
                let list: Vec<String> = shapes.iter().map(|s| type_text(&s.ty)).collect();
                self.warn_once(
                    at,
                    format!(
                        "`allOf` of parts with different types ({}) is generated as `serde_json::Value`",
                        list.join(", ")
                    ),
                );
                Shape::of(TypeRef::Any)
            }
        }
    }

    /// `enum` (or `const`, a one-value enum): strings → an open enum; values of one JSON type
    /// → that type (a doc note lists them); mixed values → `serde_json::Value` with a warning.
    fn lower_enum(
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
        let name = self.nominal_name(naming, pointer);
        self.insert_type(
            &name,
            pointer,
            docs_of(map),
            is_deprecated(map),
            Vec::new(),
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
            Vec::new(),
            TypeKind::Flags(FlagsDef { members }),
        );
        Shape::of(TypeRef::Named(name))
    }
}

/// Folds the alternatives whose types keep any string (`String`, and dates and UUIDs, which
/// keep the text they cannot parse) into one `String` alternative when there are several:
/// tried in turn, the first would take every string and shadow the others.
fn fold_string_alternatives<S>(lowered: &mut Vec<(TypeRef, Vec<S>)>) {
    let keeps_any_string = |ty: &TypeRef| {
        matches!(
            ty,
            TypeRef::Primitive(Primitive::String) | TypeRef::Date | TypeRef::Uuid
        )
    };
    let Some(first) = lowered.iter().position(|(ty, _)| keeps_any_string(ty)) else {
        return;
    };
    if lowered
        .iter()
        .filter(|(ty, _)| keeps_any_string(ty))
        .count()
        < 2
    {
        return;
    }
    let mut sources = Vec::new();
    let mut kept = Vec::new();
    for (position, (ty, mut from)) in std::mem::take(lowered).into_iter().enumerate() {
        if !keeps_any_string(&ty) {
            kept.push((ty, from));
            continue;
        }
        sources.append(&mut from);
        if position == first {
            // A placeholder, filled once every string alternative is collected.
            kept.push((TypeRef::Primitive(Primitive::String), Vec::new()));
        }
    }
    // Everything before the first string alternative was kept as it was, so the placeholder
    // is at `first`.
    if let Some((_, slot)) = kept.get_mut(first) {
        *slot = sources;
    }
    *lowered = kept;
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

/// Whether a schema says what type it is (see [`TYPE_KEYWORDS`]).
fn has_type_keywords(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|map| TYPE_KEYWORDS.iter().any(|key| map.contains_key(*key)))
}

/// Whether a schema lists properties, `required` or `additionalProperties` of its own.
fn has_object_keywords(map: &Map<String, Value>) -> bool {
    map.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || map.contains_key("required")
        || map.contains_key("additionalProperties")
}

/// The names in `required`.
fn required_of(map: &Map<String, Value>) -> Vec<&str> {
    map.get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Whether a schema allows `null` (for a schema that is given its type again).
pub(super) fn allows_null(map: &Map<String, Value>) -> bool {
    let in_list = |key: &str, test: &dyn Fn(&Value) -> bool| {
        map.get(key)
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(test))
    };
    map.get("nullable").and_then(Value::as_bool) == Some(true)
        || in_list("type", &|t| t == "null")
        || in_list("enum", &Value::is_null)
        || in_list("anyOf", &is_null_schema)
        || in_list("oneOf", &is_null_schema)
}

/// The strings of a string enum, when every value is one and the type allows strings.
fn string_values<'v>(values: &[&'v Value], types: &[&str]) -> Option<Vec<&'v str>> {
    let strings: Option<Vec<&str>> = values.iter().map(|v| v.as_str()).collect();
    strings.filter(|s| !s.is_empty() && types.iter().all(|t| *t == "string"))
}

/// The JSON type all `values` share (`integer` for whole numbers), if they share one.
fn value_type(values: &[&Value]) -> Option<&'static str> {
    if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        Some("integer")
    } else if values.iter().all(|v| v.is_number()) {
        Some("number")
    } else if values.iter().all(|v| v.is_boolean()) {
        Some("boolean")
    } else if values.iter().all(|v| v.is_string()) {
        Some("string")
    } else if values.iter().all(|v| v.is_object()) {
        Some("object")
    } else if values.iter().all(|v| v.is_array()) {
        Some("array")
    } else {
        None
    }
}

/// The non-null type names a schema lists.
pub(super) fn declared_types(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|name| *name != "null")
    .collect()
}

/// Doc notes for what the Rust type does not show: a string's format, the values of an enum
/// that is not an open enum (or a `const`), the default.
fn notes_of(map: &Map<String, Value>) -> Vec<String> {
    let mut notes = Vec::new();
    // The `[T, null]` idiom: the notes of `T`.
    for key in ["anyOf", "oneOf"] {
        if let Some(items) = map.get(key).and_then(Value::as_array) {
            let present: Vec<&Value> = items.iter().filter(|i| !is_null_schema(i)).collect();
            if let [only] = present.as_slice() {
                if let Some(inner) = only.as_object().filter(|m| !m.contains_key("$ref")) {
                    notes.extend(notes_of(inner));
                }
            }
        }
    }
    let types = declared_types(map);
    let values: Option<Vec<&Value>> = match (map.get("const"), map.get("enum")) {
        (Some(value), _) => Some(vec![value]),
        (None, Some(Value::Array(values))) => Some(values.iter().collect()),
        _ => None,
    };
    if let Some(values) = values {
        let present: Vec<&Value> = values.into_iter().filter(|v| !v.is_null()).collect();
        if !present.is_empty()
            && string_values(&present, &types).is_none()
            && !map.contains_key("x-flags")
        {
            let list: Vec<String> = present.iter().map(|v| format!("`{v}`")).collect();
            notes.push(if map.contains_key("const") {
                format!("Always {}.", list.join(", "))
            } else {
                format!("One of {}.", list.join(", "))
            });
        }
    } else if let Some(format) = map.get("format").and_then(Value::as_str) {
        // Formats with a Rust type of their own need no note (when the schema is a string).
        let typed = format == "date-time"
            || (!types.is_empty() && ["date", "uuid", "byte"].contains(&format));
        if types.iter().all(|t| *t == "string") && !typed {
            notes.push(match format {
                "binary" => "Binary content (`format: binary`), which has no JSON form: held \
                             here as the text sent."
                    .to_owned(),
                other => format!("Format: `{other}`."),
            });
        }
    }
    if let Some(default) = fit_default(map).value() {
        notes.push(format!("Default: `{default}`."));
    }
    notes
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

/// A union variant's name: a `$ref`'s type name, an inline alternative's `title` (or its
/// type name without the union's), or the kind of a type expression.
fn variant_word(ty: &TypeRef, item: &Value, union_hint: &str) -> String {
    let is_ref = item.get("$ref").is_some();
    if !is_ref {
        if let Some(title) = item.get("title").and_then(Value::as_str) {
            return pascal_case(title);
        }
    }
    match ty {
        TypeRef::Named(name) if !is_ref => name
            .strip_prefix(union_hint)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
            .unwrap_or(name)
            .to_owned(),
        other => kind_word(other),
    }
}

/// A type expression's kind as a PascalCase word: `String`, `Integer`, `DogList`, ….
fn kind_word(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Primitive(Primitive::Bool) => "Boolean".to_owned(),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => "Number".to_owned(),
        TypeRef::Primitive(Primitive::String) => "String".to_owned(),
        TypeRef::Primitive(_) => "Integer".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 => "Base64".to_owned(),
        // Untyped lists and maps are JSON's arrays and objects.
        TypeRef::Vec(inner) if **inner == TypeRef::Any => "Array".to_owned(),
        TypeRef::Map(inner) if **inner == TypeRef::Any => "Object".to_owned(),
        TypeRef::Vec(inner) => format!("{}List", kind_word(inner)),
        TypeRef::Map(inner) => format!("{}Map", kind_word(inner)),
        TypeRef::Nullable(inner) => kind_word(inner),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
    }
}

/// A type expression as Rust-like text, for messages.
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Primitive(Primitive::String) => "String".to_owned(),
        TypeRef::Primitive(p) => format!("{p:?}").to_lowercase(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 => "Base64".to_owned(),
        TypeRef::Vec(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Map(inner) => format!("IndexMap<String, {}>", type_text(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
    }
}
