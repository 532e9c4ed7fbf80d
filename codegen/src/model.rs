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
    /// Security schemes in spec order, with their Rust names.
    pub security_schemes: Vec<SecuritySchemeDef>,
    /// Optional header parameters a client can set once for every call, by first use.
    pub default_headers: Vec<DefaultHeader>,
    /// The document's security requirement alternatives (scheme names).
    pub security: Vec<Vec<String>>,
    /// Operation groups (one per tag, in spec order): a server trait each.
    pub groups: Vec<Group>,
}

/// A group of operations sharing their first tag; the server side has one trait per group.
#[derive(Clone, Debug)]
pub struct Group {
    /// The tag (`default` for untagged operations).
    pub tag: String,
    /// Unique PascalCase trait name, e.g. `ChatTopicApi`.
    pub trait_name: String,
    /// Unique snake_case module name.
    pub module: String,
    /// The tag's description.
    pub description: Option<String>,
}

impl Model {
    /// Whether any type or operation uses a date-time or a date (both live in one runtime
    /// file, with chrono).
    pub fn uses_date_time(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::DateTime | TypeRef::Date))
    }

    /// Whether any type or operation uses a UUID.
    pub fn uses_uuid(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::Uuid))
    }

    /// Whether any type or operation uses base64 bytes.
    pub fn uses_base64(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::Base64))
    }

    /// Whether any flag-set type exists.
    pub fn uses_flags(&self) -> bool {
        self.types
            .values()
            .any(|def| matches!(def.kind, TypeKind::Flags(_)))
    }

    /// Whether any struct has an optional field that may also be `null` (three-state fields).
    pub fn uses_nullable_fields(&self) -> bool {
        self.types.values().any(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(Field::is_three_state),
            _ => false,
        })
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
            TypeKind::Union(u) => u.variants.iter().any(|v| v.ty.any(test)),
            TypeKind::Enum(_) | TypeKind::Flags(_) => false,
        });
        let in_operations = self.operations.iter().any(|op| {
            op.parameters.iter().any(|p| p.ty.any(test))
                || op.exchange.payloads().any(|p| p.ty.any(test))
                || op.exchange.error.as_ref().is_some_and(|t| t.any(test))
        });
        in_types || in_operations
    }

    /// Calls `visit` on every type expression of the model (outermost ones: a visitor that
    /// cares about `Vec<T>`'s `T` descends itself): fields, additional properties, aliases,
    /// union variants, parameters, client-wide headers, bodies, responses and errors.
    pub fn for_each_type_ref_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        for def in self.types.values_mut() {
            def.for_each_type_ref_mut(visit);
        }
        self.operations_type_refs_mut(visit);
    }

    /// Like [`Model::for_each_type_ref_mut`], for the operations and client-wide headers only.
    pub fn operations_type_refs_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        self.default_headers
            .iter_mut()
            .for_each(|h| visit(&mut h.ty));
        for op in &mut self.operations {
            op.parameters.iter_mut().for_each(|p| visit(&mut p.ty));
            let contents = op
                .request_body
                .iter_mut()
                .flat_map(|body| &mut body.contents)
                .chain(op.responses.iter_mut().flat_map(|r| &mut r.contents));
            contents.for_each(|c| c.ty.iter_mut().for_each(&mut *visit));
            let exchange = &mut op.exchange;
            let requests = exchange.request.iter_mut().flat_map(|r| &mut r.payloads);
            let answers = exchange.success.iter_mut().filter_map(|o| o.body.as_mut());
            requests.chain(answers).for_each(|p| visit(&mut p.ty));
            exchange.error.iter_mut().for_each(&mut *visit);
        }
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
    /// Facts the generator adds to the docs (a string format, the allowed values of a
    /// non-string enum), one paragraph each.
    pub notes: Vec<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
}

impl TypeDef {
    /// Calls `visit` on every type expression the type refers to: fields, additional
    /// properties, the aliased type, union variants.
    pub fn for_each_type_ref_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        match &mut self.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| visit(&mut f.ty));
                s.additional.iter_mut().for_each(&mut *visit);
            }
            TypeKind::Alias(target) => visit(target),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| visit(&mut v.ty)),
            TypeKind::Enum(_) | TypeKind::Flags(_) => {}
        }
    }
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

/// An HTTP operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// Unique snake_case Rust name: the client method and the server trait method.
    pub name: String,
    /// Unique snake_case module (file) name of its client and operations files: `name`, cut
    /// short when very long.
    pub module: String,
    /// Unique PascalCase stem of the operation's types (`{stem}Params`, `{stem}Request`, ...).
    pub type_name: String,
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
    /// What the generated code sends and receives, decided from the bodies and responses.
    pub exchange: Exchange,
    /// Index of its group in [`Model::groups`].
    pub group: usize,
    /// The server route (axum syntax, path parameters named `p0`, `p1`, … by position), or
    /// `None` when the path cannot be served (a warning says why).
    pub route: Option<String>,
    /// Where the operation is.
    pub origin: JsonPointer,
}

impl Operation {
    /// The first tag, which decides the server trait the operation belongs to.
    pub fn primary_tag(&self) -> Option<&str> {
        self.tags.first().map(String::as_str)
    }

    /// The route name of the path parameter `wire` (`p0`, `p1`, … by position in the path).
    pub fn route_name(&self, wire: &str) -> Option<String> {
        path_parameters(&self.path)
            .iter()
            .position(|name| *name == wire)
            .map(|index| format!("p{index}"))
    }

    /// Parameters that travel in `location`, in spec order.
    pub fn parameters_in(&self, location: ParameterLocation) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(move |p| p.location == location)
    }
}

/// The `{name}`s of a path template, in order.
pub fn path_parameters(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// What an operation's generated code sends and receives.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The request body, when the operation takes one the generator can send.
    pub request: Option<RequestBody>,
    /// The answers that count as success, in spec order; never empty.
    pub success: Vec<Outcome>,
    /// The error body type: the one type every documented failure answer shares.
    pub error: Option<TypeRef>,
    /// Security requirement alternatives in effect (scheme names; an empty alternative means
    /// no credentials are needed). Empty when the operation needs no credentials at all.
    pub security: Vec<Vec<String>>,
}

impl Exchange {
    /// Every payload of the request and the success answers.
    pub fn payloads(&self) -> impl Iterator<Item = &Payload> {
        self.request
            .iter()
            .flat_map(|r| &r.payloads)
            .chain(self.success.iter().filter_map(|o| o.body.as_ref()))
    }

    /// Whether the operation needs (or accepts) credentials.
    pub fn is_secured(&self) -> bool {
        !self.security.is_empty()
    }
}

/// The request body an operation takes.
#[derive(Clone, Debug)]
pub struct RequestBody {
    /// The body must be sent.
    pub required: bool,
    /// One payload per distinct type, in spec order; several make a per-operation enum.
    pub payloads: Vec<Payload>,
    /// The spec's description of the body.
    pub description: Option<String>,
}

/// A body of one type in one encoding.
#[derive(Clone, Debug)]
pub struct Payload {
    /// Unique PascalCase variant name, used when the body has several payloads.
    pub variant: String,
    /// The media type the client sends or the server answers with by default.
    pub media_type: String,
    /// Every media type carrying this payload that the generated code reads or writes.
    pub media_types: Vec<String>,
    /// How the bytes encode the value.
    pub encoding: Encoding,
    /// The value's type (`Vec<u8>`/`String` stand in for binary and text).
    pub ty: TypeRef,
}

/// How a payload is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// JSON (`application/json`, `text/json`, `*/*+json`).
    Json,
    /// UTF-8 text (`text/*`): the value is a `String`.
    Text,
    /// Any other bytes: the value is a `Vec<u8>`.
    Binary,
    /// `application/x-www-form-urlencoded`: the value's fields as `name=value` pairs.
    Form,
    /// `multipart/*`: the value is a `runtime::Multipart` (named parts, files included).
    Multipart,
}

/// Which statuses an outcome covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// A class such as `2XX` (the first digit).
    Class(u8),
    /// `default`: any status not listed otherwise.
    Default,
}

impl StatusMatch {
    /// The status a server answers with for this outcome.
    pub fn representative(self, has_body: bool) -> u16 {
        match self {
            StatusMatch::Code(code) => code,
            StatusMatch::Class(class) if class != 2 => u16::from(class) * 100,
            _ if has_body => 200,
            _ => 204,
        }
    }
}

/// One documented success answer.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// Unique PascalCase variant name of the per-operation response enum (`Ok`, `Created`, ...).
    pub variant: String,
    /// The spec's description.
    pub description: Option<String>,
    /// The body, if the answer has one.
    pub body: Option<Payload>,
    /// The response headers the spec documents, in spec order.
    pub headers: Vec<ResponseHeader>,
}

/// A documented response header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHeader {
    /// The header name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
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
    /// Its type: a scalar, or a `Vec` of scalars.
    pub ty: TypeRef,
    /// How lists are written (`style` and `explode`).
    pub style: ParameterStyle,
    /// Description.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the parameter is defined (after `$ref`).
    pub origin: JsonPointer,
}

/// How a list parameter is written (OpenAPI `style` with `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterStyle {
    /// One value: comma-separated items (path and header `simple`, query `form` without explode).
    Comma,
    /// Query `form` with explode: the name repeated once per item.
    Repeated,
    /// Query `spaceDelimited`: items separated by spaces.
    Space,
    /// Query `pipeDelimited`: items separated by `|`.
    Pipe,
}

/// A header parameter a client can set once for all calls.
#[derive(Clone, Debug)]
pub struct DefaultHeader {
    /// The header name on the wire.
    pub wire: String,
    /// Unique snake_case name of the client's setter (`with_…`).
    pub setter: String,
    /// Its type (a scalar).
    pub ty: TypeRef,
    /// Description.
    pub docs: Docs,
}

/// A request body as the spec gives it.
#[derive(Clone, Debug)]
pub struct Body {
    /// Must be sent.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// Media types in spec order with their schema, if any.
    pub contents: Vec<Content>,
    /// Where the body is defined (after `$ref`).
    pub origin: JsonPointer,
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
    /// Where the response is defined (after `$ref`).
    pub origin: JsonPointer,
}

/// A security scheme and the Rust names generated for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecuritySchemeDef {
    /// The scheme's name under `components.securitySchemes`.
    pub name: String,
    /// Unique snake_case field name in `Credentials`.
    pub field: String,
    /// Unique PascalCase variant name.
    pub variant: String,
    /// Unique snake_case name of the client's setter (`with_…`).
    pub setter: String,
    /// What the scheme is.
    pub kind: SecurityScheme,
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
