//! Named types and type expressions: structs, enums, flag sets, aliases, unions, and the
//! `TypeRef`s that name them or spell out lists, maps and scalars.

use crate::pointer::JsonPointer;

/// Doc text taken from a spec node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// `title`, when present.
    pub title: Option<String>,
    /// `description` (or `summary`), when present.
    pub description: Option<String>,
}

/// A named Rust type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Unique Rust name (PascalCase).
    pub name: String,
    /// Unique snake_case name of the module file holding it.
    pub module: String,
    /// Where the schema is in the spec.
    pub origin: JsonPointer,
    /// Title and description.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Facts the generator adds to the docs (a string format, the allowed values of a
    /// non-string enum), one paragraph each.
    pub notes: Vec<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// An open string enum: unknown values are kept in a fallback variant.
    Enum(EnumDef),
    /// A .NET-style flag set sent as comma-separated names (`x-flags`).
    Flags(FlagsDef),
    /// Another name for a type expression (maps, arrays, primitives).
    Alias(TypeRef),
    /// A value of one of several types (`oneOf`/`anyOf`), tagged by a discriminator or not.
    Union(UnionDef),
}

/// An object schema.
#[derive(Clone, Debug)]
pub struct StructDef {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// The type of properties not listed, kept in a flattened map; `None` with
    /// `additionalProperties: false`.
    pub additional: Option<TypeRef>,
    /// Unique Rust name of the field holding additional properties.
    pub additional_field: String,
}

/// One property of an object.
#[derive(Clone, Debug)]
pub struct Field {
    /// Unique snake_case Rust name (without `r#`).
    pub name: String,
    /// The property name on the wire.
    pub wire: String,
    /// The property's type (without the optionality).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `null` is an allowed value.
    pub nullable: bool,
    /// Behind a `Box` because the field closes a containment cycle.
    pub boxed: bool,
    /// Description.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the property schema is.
    pub origin: JsonPointer,
    /// Facts the generator adds to the docs (format, allowed values, read-only, write-only),
    /// one paragraph each.
    pub notes: Vec<String>,
}

impl Field {
    /// Whether the Rust field is an `Option` (or, for three-state fields, a `Nullable`).
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether the field may be absent, `null` or a value, and all three must stay distinct
    /// (`runtime::Nullable`), so that a request can clear it by sending `null`. Untyped
    /// fields allow `null` too.
    pub fn is_three_state(&self) -> bool {
        !self.required && (self.nullable || self.ty == TypeRef::Any)
    }
}

/// An open string enum.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// Known members in spec order.
    pub variants: Vec<Variant>,
    /// Name of the variant that keeps unknown values.
    pub fallback: String,
}

/// One enum member.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Unique PascalCase Rust name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
    /// From `x-enum-descriptions`.
    pub description: Option<String>,
}

/// `oneOf`/`anyOf` with several alternatives: a Rust enum with one variant per alternative.
#[derive(Clone, Debug)]
pub struct UnionDef {
    /// The alternatives in spec order (an untagged union's emitter decides the order they are
    /// tried in).
    pub variants: Vec<UnionVariant>,
    /// The discriminator property whose value selects the variant; `None` for an untagged
    /// union, whose variants are tried one after the other.
    pub tag: Option<String>,
    /// Name of the variant keeping any value no alternative accepts (as `serde_json::Value`);
    /// `None` when an alternative already accepts any value.
    pub fallback: Option<String>,
}

/// One alternative of a union.
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// Unique PascalCase Rust name.
    pub name: String,
    /// Its type (never nullable: a `null` alternative makes the whole union nullable).
    pub ty: TypeRef,
    /// The discriminator values selecting it, the first one written; empty when untagged.
    pub tags: Vec<String>,
    /// Behind a `Box` because the variant closes a containment cycle.
    pub boxed: bool,
    /// Where the alternative is.
    pub origin: JsonPointer,
}

/// A flag set: members with numeric values, composites and aliases included.
#[derive(Clone, Debug)]
pub struct FlagsDef {
    /// Members in declaration order.
    pub members: Vec<FlagMember>,
}

/// One named flag value.
#[derive(Clone, Debug)]
pub struct FlagMember {
    /// Unique PascalCase Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Its bits.
    pub value: u64,
    /// What it means.
    pub description: Option<String>,
}

/// A type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A scalar.
    Primitive(Primitive),
    /// A date-time in any form the server sends (`format: date-time`).
    DateTime,
    /// A calendar date (`format: date`): parsed when valid, else kept as the text sent.
    Date,
    /// A UUID (`format: uuid`): parsed when valid; the text sent is kept either way.
    Uuid,
    /// Bytes carried in JSON as base64 text (`format: byte`).
    Base64,
    /// A list.
    Vec(Box<TypeRef>),
    /// A map from string keys, in wire order.
    Map(Box<TypeRef>),
    /// A value that may also be `null` (inside arrays and maps).
    Nullable(Box<TypeRef>),
    /// A named type (struct, enum, flags or alias) by Rust name.
    Named(String),
    /// Any JSON value.
    Any,
    /// Raw bytes (`Vec<u8>`): a whole body that is not JSON (a binary media type, or a
    /// `format: binary` string schema), never a value inside JSON.
    Bytes,
}

impl TypeRef {
    /// Whether `test` holds for this type or any part of it.
    pub fn any(&self, test: &dyn Fn(&TypeRef) -> bool) -> bool {
        test(self)
            || match self {
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    inner.any(test)
                }
                _ => false,
            }
    }
}

/// Scalar Rust types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `String`
    String,
}
