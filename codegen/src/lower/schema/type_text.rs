//! A type expression as Rust-like text, for messages.

use crate::model::{Primitive, TypeRef};

/// A type expression as Rust-like text, for messages.
pub(super) fn type_text(ty: &TypeRef) -> String {
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
