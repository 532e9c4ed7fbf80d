//! The intermediate model: what the spec means for Rust, with every name already decided.
//!
//! Lowering builds it from any OpenAPI 3.0/3.1 document; emitters read it and nothing else.
//! Types are keyed by their unique Rust name, so iteration order is the output order.

use std::collections::BTreeMap;

use crate::pointer::JsonPointer;

/// Everything generated from one spec.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Operations in spec order (paths, then methods in the order the spec gives them).
    pub operations: Vec<Operation>,
    /// Security schemes by their spec name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

impl Model {
    /// Whether any type or operation uses a date-time.
    pub fn uses_date_time(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::DateTime))
    }

    /// Whether any flag-set type exists.
    pub fn uses_flags(&self) -> bool {
        self.types
            .values()
            .any(|def| matches!(def.kind, TypeKind::Flags(_)))
    }

    /// Whether any type needs an ordered map (maps and kept unknown properties).
    pub fn uses_maps(&self) -> bool {
        self.types.values().any(|def| match &def.kind {
            TypeKind::Struct(s) => s.additional.is_some(),
            _ => false,
        }) || self.any_type_ref(&|ty| matches!(ty, TypeRef::Map(_)))
    }

    fn any_type_ref(&self, test: &dyn Fn(&TypeRef) -> bool) -> bool {
        let in_types = self.types.values().any(|def| match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().any(|f| f.ty.any(test))
                    || s.additional.as_ref().is_some_and(|t| t.any(test))
            }
            TypeKind::Alias(target) => target.any(test),
            TypeKind::Enum(_) | TypeKind::Flags(_) => false,
        });
        let in_operations = self.operations.iter().any(|op| {
            op.parameters.iter().any(|p| p.ty.any(test))
                || op
                    .request_body
                    .iter()
                    .flat_map(|b| &b.contents)
                    .chain(op.responses.iter().flat_map(|r| &r.contents))
                    .any(|c| c.ty.as_ref().is_some_and(|t| t.any(test)))
        });
        in_types || in_operations
    }
}

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
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
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
    /// A date-time in any form the server sends.
    DateTime,
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

/// An HTTP operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// Unique snake_case Rust name.
    pub name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template, e.g. `/api/v1/ChatTopic/{chatTopicId}/Sessions`.
    pub path: String,
    /// `summary` and `description`.
    pub docs: Docs,
    /// Tags, in spec order.
    pub tags: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path-level and operation-level parameters, operation-level winning.
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub request_body: Option<Body>,
    /// Responses in spec order.
    pub responses: Vec<Response>,
    /// Security requirement alternatives (scheme names); `None` inherits the document's.
    pub security: Option<Vec<Vec<String>>>,
    /// Where the operation is.
    pub origin: JsonPointer,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParameterLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// The name on the wire.
    pub wire: String,
    /// Unique snake_case Rust name within the operation.
    pub name: String,
    /// Where it travels.
    pub location: ParameterLocation,
    /// Must be sent.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Description.
    pub docs: Docs,
    /// Where the parameter is defined (after `$ref`).
    pub origin: JsonPointer,
}

/// A request or response body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Must be sent (requests only).
    pub required: bool,
    /// Media types in spec order with their schema, if any.
    pub contents: Vec<Content>,
}

/// One media type of a body.
#[derive(Clone, Debug)]
pub struct Content {
    /// The media type, e.g. `application/json`.
    pub media_type: String,
    /// Its schema, if given.
    pub ty: Option<TypeRef>,
}

/// One documented response.
#[derive(Clone, Debug)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: String,
    /// Description.
    pub description: Option<String>,
    /// Media types with their schema.
    pub contents: Vec<Content>,
}

/// How a client authenticates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityScheme {
    /// `type: http` with a scheme such as `basic`, `bearer` or `SoTicket`.
    Http {
        /// The `Authorization` scheme name.
        scheme: String,
        /// Description.
        description: Option<String>,
    },
    /// `type: apiKey`.
    ApiKey {
        /// Header, query or cookie name.
        name: String,
        /// Where the key travels.
        location: ParameterLocation,
        /// Description.
        description: Option<String>,
    },
    /// OAuth2 or OpenID Connect: a bearer token obtained elsewhere.
    Token {
        /// Description.
        description: Option<String>,
    },
}
