//! Named types → token streams: structs, open enums, flag sets, unions and aliases.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs};
use crate::model::{
    Docs, EnumDef, Field, FlagsDef, Primitive, StructDef, TypeDef, TypeKind, TypeRef, UnionDef,
    UnionVariant,
};

/// Reads the model's types to emit one of them.
pub struct TypeEmitter<'m> {
    types: &'m BTreeMap<String, TypeDef>,
    /// `PartialEq` of structs, unions and operation types is behind the `partial-eq` feature
    /// (large specs, where it is a fifth of the models' check time and few compare models).
    gate_partial_eq: bool,
}

impl<'m> TypeEmitter<'m> {
    /// An emitter for a model's `types`; `gate_partial_eq`: see the field.
    pub fn new(types: &'m BTreeMap<String, TypeDef>, gate_partial_eq: bool) -> Self {
        Self {
            types,
            gate_partial_eq,
        }
    }

    /// `PartialEq,` for a derive list, unless it is behind the `partial-eq` feature.
    pub fn eq_derive(&self) -> Option<TokenStream> {
        (!self.gate_partial_eq).then(|| quote!(PartialEq,))
    }

    /// The attribute deriving `PartialEq` with the `partial-eq` feature, when it is gated.
    pub fn eq_gate(&self) -> Option<TokenStream> {
        self.gate_partial_eq
            .then(|| quote!(#[cfg_attr(feature = "partial-eq", derive(PartialEq))]))
    }

    /// The items of one type's module.
    pub fn type_items(&self, def: &TypeDef) -> TokenStream {
        // The spec's name is in the crate's docs and every file's header; the module is
        // private, so the item's docs are the ones anybody reads.
        let origin = format!("Generated from {}.", code(&def.origin.to_string()));
        // A title that only repeats the schema's name adds nothing.
        let title = def
            .docs
            .title
            .as_deref()
            .filter(|t| *t != def.name && Some(*t) != def.origin.last());
        let kind_note = match &def.kind {
            TypeKind::Union(u) => Some(union_note(u)),
            _ => None,
        };
        let docs = doc_attrs(
            [title, def.docs.description.as_deref()]
                .into_iter()
                .flatten()
                .chain(def.notes.iter().map(String::as_str))
                .chain(kind_note.as_deref())
                .chain([origin.as_str()]),
        );
        let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
        let attrs = quote!(#docs #deprecated);
        let name = format_ident!("{}", def.name);
        match &def.kind {
            TypeKind::Struct(s) => self.struct_items(attrs, &name, s),
            TypeKind::Enum(e) => enum_items(attrs, &name, e),
            TypeKind::Flags(f) => flags_items(attrs, &name, f),
            TypeKind::Alias(target) => {
                let target = self.type_tokens(target);
                quote!(#attrs pub type #name = #target;)
            }
            TypeKind::Union(u) => {
                let items = self.union_items(&name, u);
                quote!(#attrs #items)
            }
        }
    }

    /// A struct, declared through `runtime::object_struct!`: each field says which property
    /// it is and how it is read and written, and the macro writes `Serialize` and
    /// `Deserialize` from that one list. serde's derives cost most of a large crate's check
    /// time; this keeps a property one line of the struct (one hunk when the spec changes).
    fn struct_items(
        &self,
        attrs: TokenStream,
        name: &proc_macro2::Ident,
        def: &StructDef,
    ) -> TokenStream {
        let fields = def.fields.iter().map(|field| self.field_tokens(field));
        let rest = def.additional.as_ref().map(|value| {
            let field = format_ident!("{}", def.additional_field);
            let value = self.type_tokens(value);
            quote! {
                #[rest]
                pub #field: ::indexmap::IndexMap<::std::string::String, #value>,
            }
        });
        let default = self
            .struct_has_default(def, &mut BTreeSet::new())
            .then(|| quote!(Default,));
        let (eq, eq_gate) = (self.eq_derive(), self.eq_gate());
        quote! {
            crate::runtime::object_struct! {
                #attrs
                #[derive(Clone, Debug, #default #eq)]
                #eq_gate
                pub struct #name {
                    #(#fields)*
                    #rest
                }
            }
        }
    }

    /// The Rust type of a struct field: boxed, then wrapped in `Option` or `Nullable`.
    pub fn field_type(&self, field: &Field) -> TokenStream {
        let mut ty = self.type_tokens(&field.ty);
        if field.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        if field.is_three_state() {
            quote!(crate::runtime::Nullable<#ty>)
        } else if field.is_optional() {
            quote!(::std::option::Option<#ty>)
        } else {
            ty
        }
    }

    /// A struct field: its docs, then `#[wire(kind, "property")]` for `object_struct!`.
    fn field_tokens(&self, field: &Field) -> TokenStream {
        let fallback = format!("The {} property.", code(&field.wire));
        let docs = doc_attrs(
            field_docs(&field.docs, &fallback)
                .into_iter()
                .chain(field.notes.iter().map(String::as_str)),
        );
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        let ident = format_ident!("{}", field.name);
        let ty = self.field_type(field);
        let wire = &field.wire;
        // Absent, null and a value stay apart for three-state fields, and an optional field
        // that was not sent is not written back; a required nullable one is always written.
        let kind = if !field.required {
            quote!(optional)
        } else if field.is_optional() {
            quote!(nullable)
        } else {
            quote!(required)
        };
        quote! {
            #docs
            #[wire(#kind, #wire)]
            #deprecated
            pub #ident: #ty,
        }
    }

    /// The Rust type of a type expression, with absolute paths.
    pub fn type_tokens(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Primitive(p) => primitive_tokens(*p),
            TypeRef::DateTime => quote!(crate::runtime::DateTime),
            TypeRef::Date => quote!(crate::runtime::Date),
            TypeRef::Uuid => quote!(crate::runtime::Uuid),
            TypeRef::Base64 => quote!(crate::runtime::Base64),
            TypeRef::Vec(inner) => {
                let inner = self.type_tokens(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.type_tokens(inner);
                quote!(::indexmap::IndexMap<::std::string::String, #inner>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.type_tokens(inner);
                quote!(::std::option::Option<#inner>)
            }
            TypeRef::Named(name) => {
                let ident = format_ident!("{}", name);
                match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Flags(_)) => {
                        quote!(crate::runtime::FlagSet<crate::models::#ident>)
                    }
                    _ => quote!(crate::models::#ident),
                }
            }
            TypeRef::Any => quote!(::serde_json::Value),
            TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        }
    }

    /// Whether every field of the struct has a `Default`, so the struct can derive one.
    fn struct_has_default(&self, def: &StructDef, visiting: &mut BTreeSet<String>) -> bool {
        def.fields
            .iter()
            .all(|f| f.is_optional() || self.has_default(&f.ty, visiting))
    }

    fn has_default(&self, ty: &TypeRef, visiting: &mut BTreeSet<String>) -> bool {
        match ty {
            TypeRef::Primitive(_)
            | TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Nullable(_)
            | TypeRef::Any
            | TypeRef::Base64
            | TypeRef::Bytes => true,
            // No moment, day or identifier is a natural default.
            TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => false,
            TypeRef::Named(name) => {
                if !visiting.insert(name.clone()) {
                    // A cycle is broken by an `Option` somewhere, which has a default.
                    return true;
                }
                let result = match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Struct(s)) => self.struct_has_default(s, visiting),
                    Some(TypeKind::Flags(_)) => true,
                    Some(TypeKind::Alias(target)) => self.has_default(target, visiting),
                    // No variant is a natural default.
                    Some(TypeKind::Enum(_) | TypeKind::Union(_)) | None => false,
                };
                visiting.remove(name);
                result
            }
        }
    }

    /// A union: an untagged enum tried in an order that cannot shadow, or an enum chosen by
    /// its discriminator; either keeps what no alternative accepts in its fallback variant.
    fn union_items(&self, name: &proc_macro2::Ident, def: &UnionDef) -> TokenStream {
        match &def.tag {
            Some(tag) if !def.variants.is_empty() => self.tagged_union(name, def, tag),
            _ => self.untagged_union(name, def),
        }
    }

    /// A variant's payload type (boxed when it closes a containment cycle).
    fn variant_type(&self, variant: &UnionVariant) -> TokenStream {
        let ty = self.type_tokens(&variant.ty);
        if variant.boxed {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        }
    }

    fn untagged_union(&self, name: &proc_macro2::Ident, def: &UnionDef) -> TokenStream {
        let mut order: Vec<&UnionVariant> = def.variants.iter().collect();
        // serde tries the variants in declaration order and takes the first that accepts the
        // value: narrow kinds go before the kinds that would accept the same JSON.
        order.sort_by_key(|v| self.try_rank(&v.ty));
        let variants = order.iter().map(|v| {
            let ident = format_ident!("{}", v.name);
            let ty = self.variant_type(v);
            let docs = doc_attrs([
                format!("The alternative at {}.", code(&v.origin.to_string())).as_str(),
            ]);
            quote!(#docs #ident(#ty),)
        });
        let fallback = def.fallback.as_ref().map(|fallback| {
            let ident = format_ident!("{}", fallback);
            quote! {
                /// A value none of the alternatives accepts, kept exactly as sent.
                #ident(::serde_json::Value),
            }
        });
        let (eq, eq_gate) = (self.eq_derive(), self.eq_gate());
        quote! {
            #[derive(Clone, Debug, #eq ::serde::Serialize, ::serde::Deserialize)]
            #eq_gate
            #[serde(untagged)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            pub enum #name {
                #(#variants)*
                #fallback
            }
        }
    }

    /// The order an untagged union tries a type in: objects (structs with more required
    /// properties first), unions, maps, lists, booleans, integers, numbers, date-times and
    /// base64 bytes, enums, strings (dates and UUIDs too: they keep any string), and any value
    /// last. Kinds accept disjoint JSON except within a rank.
    fn try_rank(&self, ty: &TypeRef) -> (u8, usize) {
        let mut ty = ty;
        // Bounded: alias chains are finite (cycles are reported before emitting).
        for _ in 0..=self.types.len() {
            let rank = match ty {
                TypeRef::Nullable(inner) => {
                    ty = inner;
                    continue;
                }
                TypeRef::Named(name) => match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Alias(target)) => {
                        ty = target;
                        continue;
                    }
                    Some(TypeKind::Struct(s)) => {
                        let required = s.fields.iter().filter(|f| f.required).count();
                        return (0, usize::MAX - required);
                    }
                    Some(TypeKind::Union(_)) => 1,
                    Some(TypeKind::Enum(_) | TypeKind::Flags(_)) => 8,
                    None => 10,
                },
                TypeRef::Map(_) => 2,
                TypeRef::Vec(_) => 3,
                TypeRef::Primitive(Primitive::Bool) => 4,
                TypeRef::Primitive(Primitive::F32 | Primitive::F64) => 6,
                // Dates and UUIDs keep any string, so they rank with strings.
                TypeRef::Primitive(Primitive::String)
                | TypeRef::Bytes
                | TypeRef::Date
                | TypeRef::Uuid => 9,
                TypeRef::Primitive(_) => 5,
                TypeRef::DateTime | TypeRef::Base64 => 7,
                TypeRef::Any => 10,
            };
            return (rank, 0);
        }
        (10, 0)
    }

    /// An enum chosen by the discriminator property `tag`. Reading buffers the object, looks
    /// at the tag and decodes the variant it names from the whole object (so a variant struct
    /// that lists the tag property gets it); an unknown or missing tag keeps the object in
    /// the fallback. Writing adds the tag when the variant's value does not carry it.
    fn tagged_union(&self, name: &proc_macro2::Ident, def: &UnionDef, tag: &str) -> TokenStream {
        let fallback = format_ident!("{}", def.fallback.as_deref().unwrap_or("Other"));
        let idents: Vec<_> = def
            .variants
            .iter()
            .map(|v| format_ident!("{}", v.name))
            .collect();
        let variants = def.variants.iter().zip(&idents).map(|(v, ident)| {
            let ty = self.variant_type(v);
            let values: Vec<String> = v.tags.iter().map(|t| code(t)).collect();
            let doc = format!("{} is {}.", code(tag), values.join(" or "));
            let docs = doc_attrs([doc.as_str()]);
            quote!(#docs #ident(#ty),)
        });
        let written = def
            .variants
            .iter()
            .map(|v| v.tags.first().map(String::as_str).unwrap_or_default());
        let patterns = def.variants.iter().map(|v| {
            let tags = &v.tags;
            quote!(::std::option::Option::Some(#(#tags)|*))
        });
        let constructors = def.variants.iter().zip(&idents).map(|(v, ident)| {
            if v.boxed {
                quote!(.map(::std::boxed::Box::new).map(Self::#ident))
            } else {
                quote!(.map(Self::#ident))
            }
        });
        let fallback_doc = doc_attrs([format!(
            "An object whose {} this version of the spec does not list (or that has none), kept exactly as sent.",
            code(tag)
        )
        .as_str()]);
        let (eq, eq_gate) = (self.eq_derive(), self.eq_gate());
        quote! {
            #[derive(Clone, Debug, #eq)]
            #eq_gate
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            pub enum #name {
                #(#variants)*
                #fallback_doc
                #fallback(::serde_json::Value),
            }
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    let (tag, value) = match self {
                        #( Self::#idents(value) => (#written, ::serde_json::to_value(value)), )*
                        Self::#fallback(value) => return ::serde::Serialize::serialize(value, serializer),
                    };
                    let mut value = value.map_err(::serde::ser::Error::custom)?;
                    if let ::serde_json::Value::Object(object) = &mut value {
                        if !object.get(#tag).is_some_and(::serde_json::Value::is_string) {
                            object.insert(::std::string::String::from(#tag), ::serde_json::Value::from(tag));
                        }
                    }
                    ::serde::Serialize::serialize(&value, serializer)
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value
                        .get(#tag)
                        .and_then(::serde_json::Value::as_str)
                        .map(::std::borrow::ToOwned::to_owned);
                    let decoded = match tag.as_deref() {
                        #( #patterns => ::serde_json::from_value(value) #constructors, )*
                        _ => return ::std::result::Result::Ok(Self::#fallback(value)),
                    };
                    decoded.map_err(::serde::de::Error::custom)
                }
            }
        }
    }
}

/// The paragraph a union's docs end with: how a value finds its variant.
fn union_note(def: &UnionDef) -> String {
    let fallback = def
        .fallback
        .as_deref()
        .map(|f| format!("; a value none accepts is kept in `{f}`"))
        .unwrap_or_default();
    match &def.tag {
        Some(tag) => format!(
            "One of several object types, chosen by the {} property; an object with another (or no) {} is kept in `{}`.",
            code(tag),
            code(tag),
            def.fallback.as_deref().unwrap_or("Other")
        ),
        None => format!(
            "One of several types (untagged): reading tries the variants in the order listed{fallback}."
        ),
    }
}

/// A field's doc paragraphs, or `fallback` when the spec says nothing.
fn field_docs<'d>(docs: &'d Docs, fallback: &'d str) -> Vec<&'d str> {
    let paragraphs: Vec<&str> = [docs.title.as_deref(), docs.description.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if paragraphs.is_empty() {
        vec![fallback]
    } else {
        paragraphs
    }
}

pub(super) fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::Bool => quote!(bool),
        Primitive::I8 => quote!(i8),
        Primitive::I16 => quote!(i16),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U8 => quote!(u8),
        Primitive::U16 => quote!(u16),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::String => quote!(::std::string::String),
    }
}

/// An open enum: known members, a fallback that keeps any other string, and string serde.
/// An open string enum, declared through `runtime::string_enum!`: a line per member with its
/// wire text; the macro writes the conversions and serde impls.
fn enum_items(attrs: TokenStream, name: &proc_macro2::Ident, def: &EnumDef) -> TokenStream {
    let fallback = format_ident!("{}", def.fallback);
    let members = def.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let wire = &v.wire;
        let fallback = code(&v.wire);
        // `string_enum!` wants at least one doc line per member.
        let docs = Some(doc_attrs(v.description.as_deref()))
            .filter(|docs| !docs.is_empty())
            .unwrap_or_else(|| doc_attrs([fallback.as_str()]));
        quote!(#docs #ident = #wire,)
    });
    // Servers add members over time: a new variant is a minor change, so matches need `_`.
    quote! {
        crate::runtime::string_enum! {
            #attrs
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #(#members)*
                #fallback(::std::string::String),
            }
        }
    }
}

/// A flag enum: its members and their bits; fields use `FlagSet<Name>`.
fn flags_items(attrs: TokenStream, name: &proc_macro2::Ident, def: &FlagsDef) -> TokenStream {
    let idents: Vec<_> = def
        .members
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    let wires = def.members.iter().map(|m| m.wire.as_str());
    let values = def
        .members
        .iter()
        .map(|m| proc_macro2::Literal::u64_unsuffixed(m.value));
    let docs = def.members.iter().map(|m| {
        let fallback = format!("{} = {}", code(&m.wire), m.value);
        doc_attrs([m.description.as_deref().unwrap_or(&fallback)])
    });
    quote! {
        #attrs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #docs #idents, )*
        }
        impl crate::runtime::FlagEnum for #name {
            const MEMBERS: &'static [(Self, &'static str, u64)] = &[
                #( (Self::#idents, #wires, #values), )*
            ];
        }
    }
}
