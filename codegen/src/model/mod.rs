//! The intermediate model: what the spec means for Rust, with every name already decided.
//!
//! Lowering builds it from any OpenAPI 3.0/3.1 document; emitters read it and nothing else.
//! Types are keyed by their unique Rust name, so iteration order is the output order.
//!
//! This module only gathers its parts; each public item is re-exported here, so every path is
//! `crate::model::Item`.

mod operations;
mod root;
mod routes;
mod security;
mod types;
mod uses;
pub mod visit;

pub use operations::{
    path_parameters, Body, Content, DefaultHeader, Encoding, Exchange, Operation, Outcome,
    Parameter, ParameterLocation, ParameterStyle, Payload, RequestBody, Response, ResponseHeader,
    StatusMatch, COMMON_HEADERS_FIELD,
};
pub use root::{Group, GroupHandle, Model, UNTAGGED};
pub use routes::{covers_path, dispatch_order, enum_behind, PathKind};
pub use security::{SecurityScheme, SecuritySchemeDef};
pub use types::{
    Docs, EnumDef, Field, FlagMember, FlagsDef, Primitive, StructDef, TypeDef, TypeKind, TypeRef,
    UnionDef, UnionVariant, Variant,
};
