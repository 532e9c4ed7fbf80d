//! Operations → `src/operations/<group>/<operation>.rs`: the types client and server share for
//! one operation (its parameters, its request body when several media types carry different
//! types, its response when several statuses mean success), `src/operations/<group>/mod.rs`
//! and `src/operations/mod.rs` (with the common headers), and the helpers the client and
//! server emitters use to name an operation's types.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, inner_attrs};
use super::features::Features;
use super::types::TypeEmitter;
use crate::model::{
    Docs, Group, Model, Operation, Outcome, Parameter, ParameterLocation, ParameterStyle, Payload,
    TypeRef, COMMON_HEADERS_FIELD,
};

/// Reads the model to emit an operation's items, and answers what its Rust types are.
pub struct OperationEmitter<'m> {
    pub model: &'m Model,
    pub types: TypeEmitter<'m>,
    /// The per-tag features gating each operation's items.
    pub features: Features,
}

impl<'m> OperationEmitter<'m> {
    /// An emitter for the operations of `model`.
    pub fn new(model: &'m Model) -> Self {
        let features = Features::of(model);
        Self {
            model,
            types: TypeEmitter::new(&model.types, features.gates_partial_eq()),
            features,
        }
    }

    /// The operation's parameters that have a field of their own (not in `CommonHeaders`).
    pub fn own_parameters<'o>(&self, op: &'o Operation) -> impl Iterator<Item = &'o Parameter> {
        op.parameters.iter().filter(|p| !p.common)
    }

    /// `{stem}Params`, when the operation has parameters.
    pub fn params_ident(&self, op: &Operation) -> Option<Ident> {
        (!op.parameters.is_empty()).then(|| format_ident!("{}Params", op.type_name))
    }

    /// The parameter struct's full path, when the operation has parameters.
    pub fn params_path(&self, op: &Operation) -> Option<TokenStream> {
        self.params_ident(op)
            .map(|ident| self.operation_type_path(op, &ident))
    }

    /// The module of the operation's group, e.g. `chat_topic`.
    pub fn group_module(&self, op: &Operation) -> Ident {
        let module = self
            .model
            .groups
            .get(op.group)
            .map_or("default", |group| group.module.as_str());
        format_ident!("{}", module)
    }

    /// The handle of the operation's group, `None` for an untagged operation (a method of
    /// `Client`).
    pub fn group_handle(&self, op: &Operation) -> Option<&'m crate::model::GroupHandle> {
        self.model.groups.get(op.group)?.handle.as_ref()
    }

    /// The client method of the operation as a reader names it: `ChatTopicClient::sessions`
    /// (the method of the group's handle), `Client::ping` for an untagged one.
    pub fn client_method(&self, op: &Operation) -> String {
        let owner = self
            .group_handle(op)
            .map_or("Client", |handle| handle.type_name.as_str());
        format!("{owner}::{}", op.name)
    }

    /// `crate::operations::<group>::<ident>`: the full path of one of the operation's types.
    pub fn operation_type_path(&self, op: &Operation, ident: &Ident) -> TokenStream {
        let group = self.group_module(op);
        quote!(crate::operations::#group::#ident)
    }

    /// The Rust type of a parameter's struct field.
    pub fn parameter_type(&self, parameter: &Parameter) -> TokenStream {
        let ty = self.types.type_tokens(&parameter.ty);
        if parameter.required || matches!(parameter.ty, TypeRef::Vec(_)) {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        }
    }

    /// The Rust type of a payload: a multipart body is the runtime's `Multipart` whatever
    /// its schema says (its parts may be files); raw bytes are the runtime's `Content` (bytes,
    /// or a file streamed from disk as it is sent).
    pub fn payload_type(&self, payload: &Payload) -> TokenStream {
        match payload.encoding {
            crate::model::Encoding::Multipart => quote!(crate::runtime::Multipart),
            crate::model::Encoding::Binary => quote!(crate::runtime::Content),
            _ => self.types.type_tokens(&payload.ty),
        }
    }

    /// The request body's type (an enum of the payloads when there are several), when the
    /// operation takes one; `Option` when the body may be left out.
    pub fn body_type(&self, op: &Operation) -> Option<TokenStream> {
        let request = op.exchange.request.as_ref()?;
        let ty = match request.payloads.as_slice() {
            [single] => self.payload_type(single),
            _ => self.operation_type_path(op, &format_ident!("{}Body", op.type_name)),
        };
        Some(if request.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        })
    }

    /// What a successful call returns: the one success body type (`()` without a body), or
    /// the per-operation response enum.
    pub fn output_type(&self, op: &Operation) -> TokenStream {
        match op.exchange.success.as_slice() {
            [single] => match &single.body {
                Some(payload) => self.payload_type(payload),
                None => quote!(()),
            },
            _ => self.operation_type_path(op, &format_ident!("{}Response", op.type_name)),
        }
    }

    /// The type of the operation's error bodies (`serde_json::Value` when the spec does not
    /// give one type for them).
    pub fn error_type(&self, op: &Operation) -> TokenStream {
        match &op.exchange.error {
            Some(ty) => self.types.type_tokens(ty),
            None => quote!(::serde_json::Value),
        }
    }

    /// The operation's docs: summary, description, method and path, and where it is.
    pub fn operation_docs(&self, op: &Operation) -> TokenStream {
        let line = code(&format!("{} {}", op.method, op.path));
        let origin = format!(
            "Operation {}, generated from {}.",
            code(&op.id),
            code(&op.origin.to_string())
        );
        // A description that starts with the summary says it already.
        let title = op.docs.title.as_deref().filter(|title| {
            !op.docs
                .description
                .as_deref()
                .is_some_and(|d| d.starts_with(title.trim_end_matches('.')))
        });
        doc_attrs(
            [
                title,
                op.docs.description.as_deref(),
                Some(line.as_str()),
                Some(origin.as_str()),
            ]
            .into_iter()
            .flatten(),
        )
    }

    /// The items of `src/operations/<operation>.rs`.
    pub fn operation_items(&self, op: &Operation) -> TokenStream {
        let params = self.params_struct(op);
        let body = self.body_enum(op);
        let response = self.response_enum(op);
        quote! {
            #params
            #body
            #response
        }
    }

    /// The names of the items [`OperationEmitter::operation_items`] defines.
    pub fn operation_item_names(&self, op: &Operation) -> Vec<Ident> {
        let mut names: Vec<Ident> = self.params_ident(op).into_iter().collect();
        if op
            .exchange
            .request
            .as_ref()
            .is_some_and(|r| r.payloads.len() > 1)
        {
            names.push(format_ident!("{}Body", op.type_name));
        }
        if op.exchange.success.len() > 1 {
            names.push(format_ident!("{}Response", op.type_name));
        }
        names
    }

    fn params_struct(&self, op: &Operation) -> Option<TokenStream> {
        let ident = self.params_ident(op)?;
        let doc = format!(" The parameters of operation {}.", code(&op.id));
        let fields = self.own_parameters(op).map(|parameter| {
            let field = format_ident!("{}", parameter.name);
            let ty = self.parameter_type(parameter);
            let docs = doc_attrs(parameter_docs(parameter));
            let deprecated = parameter.deprecated.then(|| quote!(#[deprecated]));
            quote! {
                #docs
                #deprecated
                pub #field: #ty,
            }
        });
        let default = op
            .parameters
            .iter()
            .all(|p| !p.required || matches!(p.ty, TypeRef::Vec(_)))
            .then(|| quote!(Default,));
        let common = takes_common_headers(op).then(|| {
            let field = format_ident!("{}", COMMON_HEADERS_FIELD);
            let doc = " The headers most operations share (see `CommonHeaders`).";
            (
                quote! {
                    #[doc = #doc]
                    pub #field: crate::operations::CommonHeaders,
                },
                quote! {
                    impl crate::operations::WithCommonHeaders for #ident {
                        fn common_headers(&mut self) -> &mut crate::operations::CommonHeaders {
                            &mut self.#field
                        }
                    }
                },
            )
        });
        let (common_field, common_impl) = common.unzip();
        let (eq, eq_gate) = (self.types.eq_derive(), self.types.eq_gate());
        Some(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, #default #eq)]
            #eq_gate
            pub struct #ident {
                #(#fields)*
                #common_field
            }
            #common_impl
        })
    }

    fn body_enum(&self, op: &Operation) -> Option<TokenStream> {
        let request = op.exchange.request.as_ref()?;
        if request.payloads.len() < 2 {
            return None;
        }
        let ident = format_ident!("{}Body", op.type_name);
        let doc = format!(
            " The request body of operation {}: one variant per media type.",
            code(&op.id)
        );
        let description = request.description.as_deref().map(|d| doc_attrs([d]));
        let variants = request.payloads.iter().map(|payload| {
            let variant = format_ident!("{}", payload.variant);
            let ty = self.payload_type(payload);
            let doc = format!(" Sent as {}.", code(&payload.media_type));
            quote! {
                #[doc = #doc]
                #variant(#ty),
            }
        });
        let (eq, eq_gate) = (self.types.eq_derive(), self.types.eq_gate());
        Some(quote! {
            #[doc = #doc]
            #description
            #[derive(Clone, Debug, #eq)]
            #eq_gate
            #[allow(clippy::large_enum_variant)]
            pub enum #ident {
                #(#variants)*
            }
        })
    }

    fn response_enum(&self, op: &Operation) -> Option<TokenStream> {
        if op.exchange.success.len() < 2 {
            return None;
        }
        let ident = format_ident!("{}Response", op.type_name);
        let doc = format!(
            " The successful answers of operation {}, by status.",
            code(&op.id)
        );
        let variants = op.exchange.success.iter().map(|outcome| {
            let variant = format_ident!("{}", outcome.variant);
            let docs = doc_attrs(outcome_docs(outcome).iter().map(String::as_str));
            match &outcome.body {
                Some(payload) => {
                    let ty = self.payload_type(payload);
                    quote!(#docs #variant(#ty),)
                }
                None => quote!(#docs #variant,),
            }
        });
        let (eq, eq_gate) = (self.types.eq_derive(), self.types.eq_gate());
        Some(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, #eq)]
            #eq_gate
            #[allow(clippy::large_enum_variant)]
            pub enum #ident {
                #(#variants)*
            }
        })
    }
}

/// A parameter's doc paragraphs: its description, or where it travels.
pub fn parameter_docs(parameter: &Parameter) -> Vec<&str> {
    let Docs { title, description } = &parameter.docs;
    let paragraphs: Vec<&str> = [title.as_deref(), description.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if paragraphs.is_empty() {
        vec![match parameter.location {
            ParameterLocation::Path => "A path parameter.",
            ParameterLocation::Query => "A query parameter.",
            ParameterLocation::Header => "A header parameter.",
            ParameterLocation::Cookie => "A cookie parameter.",
        }]
    } else {
        paragraphs
    }
}

/// An outcome's doc paragraphs: its status and description.
fn outcome_docs(outcome: &Outcome) -> Vec<String> {
    let status = match outcome.status {
        crate::model::StatusMatch::Code(code) => format!("Status {code}."),
        crate::model::StatusMatch::Class(class) => format!("A {class}xx status."),
        crate::model::StatusMatch::Default => "Any other status.".to_owned(),
    };
    let mut docs = vec![status];
    docs.extend(outcome.description.clone());
    docs
}

/// The client's `ListStyle` a list parameter is written in.
pub fn list_style(style: ParameterStyle) -> TokenStream {
    let variant = match style {
        ParameterStyle::Comma => quote!(Comma),
        ParameterStyle::Repeated => quote!(Repeated),
        ParameterStyle::Space => quote!(Space),
        ParameterStyle::Pipe => quote!(Pipe),
    };
    quote!(crate::runtime::client::ListStyle::#variant)
}

/// `src/operations/mod.rs`.
/// Whether the operation's parameters include headers most operations share.
pub fn takes_common_headers(op: &Operation) -> bool {
    op.parameters.iter().any(|p| p.common)
}

/// `CommonHeaders` (one optional field per header most operations share) and the trait that
/// lets one setter on every request reach it.
fn common_headers_items(model: &Model, emitter: &OperationEmitter<'_>) -> Option<TokenStream> {
    let fields: Vec<TokenStream> = model
        .common_headers()
        .map(|(header, field)| {
            let field = format_ident!("{}", field);
            let fallback = format!("The {} header.", code(&header.wire));
            let docs = doc_attrs(
                [fallback.as_str()]
                    .into_iter()
                    .chain(header.docs.description.as_deref()),
            );
            let ty = emitter.types.type_tokens(&header.ty);
            quote! {
                #docs
                pub #field: ::std::option::Option<#ty>,
            }
        })
        .collect();
    (!fields.is_empty()).then(|| {
        let (eq, eq_gate) = (emitter.types.eq_derive(), emitter.types.eq_gate());
        quote! {
            /// The headers most operations share, in one place instead of in each operation's
            /// parameters: set them on a call with the request's setters (or once for every
            /// call with the client's `with_…` methods); a server reads them into the
            /// parameters' `common_headers`.
            #[derive(Clone, Debug, Default, #eq)]
            #eq_gate
            pub struct CommonHeaders {
                #(#fields)*
            }

            /// Parameters that carry the common headers.
            pub trait WithCommonHeaders {
                /// The common headers of this call.
                fn common_headers(&mut self) -> &mut CommonHeaders;
            }
        }
    })
}

pub fn operations_mod(emitter: &OperationEmitter<'_>) -> TokenStream {
    // Groups none of whose operations has parameters, a body enum or a response enum have no
    // module.
    let items = emitter.groups_with_operation_items().map(|(index, group)| {
        let module = format_ident!("{}", group.module);
        let cfg = emitter.features.group_cfg(index);
        quote! {
            #cfg
            pub mod #module;
        }
    });
    let common = common_headers_items(emitter.model, emitter);
    quote! {
        //! Per-operation types shared by the client and the server, one module per operation
        //! group (tag): parameters, request bodies with several media types, and responses
        //! with several success statuses.
        #common
        #(#items)*
    }
}

impl<'m> OperationEmitter<'m> {
    /// The groups some of whose operations have items under `operations`, with their index.
    pub fn groups_with_operation_items(&self) -> impl Iterator<Item = (usize, &'m Group)> + '_ {
        self.used_groups().filter(move |(index, _)| {
            self.model
                .operations
                .iter()
                .any(|op| op.group == *index && !self.operation_item_names(op).is_empty())
        })
    }

    /// `src/operations/<group>/mod.rs`: the group's operations' types.
    pub fn operations_group_mod(&self, index: usize, group: &Group) -> TokenStream {
        let items = self
            .model
            .operations
            .iter()
            .filter(|op| op.group == index)
            .filter_map(|op| {
                let module = format_ident!("{}", op.module);
                let names = self.operation_item_names(op);
                (!names.is_empty()).then(|| {
                    quote! {
                        mod #module;
                        pub use #module::{#(#names),*};
                    }
                })
            });
        let doc = doc_attrs([format!(
            "The types of the operations tagged {}: parameters, request bodies with several \
             media types, responses with several success statuses.",
            code(&group.tag)
        )
        .as_str()]);
        let doc = inner_attrs(doc);
        quote! {
            #doc
            #(#items)*
        }
    }
}

/// The operation's security alternatives: `crate::auth::DOCUMENT_SECURITY` when they are the
/// document's, else a literal.
pub fn security_path(op: &Operation, emitter: &OperationEmitter<'_>) -> TokenStream {
    if op.exchange.security == emitter.model.security && !op.exchange.security.is_empty() {
        quote!(crate::auth::DOCUMENT_SECURITY)
    } else {
        security_tokens(&op.exchange.security, emitter)
    }
}

/// The `&[&[Scheme::…]]` literal for security alternatives.
pub fn security_tokens(
    alternatives: &[Vec<String>],
    emitter: &OperationEmitter<'_>,
) -> TokenStream {
    let alternatives = alternatives.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|name| {
            emitter
                .model
                .security_schemes
                .iter()
                .find(|s| &s.name == name)
                .map(|s| {
                    let variant = format_ident!("{}", s.variant);
                    quote!(crate::auth::Scheme::#variant)
                })
        });
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

/// The argument type of a setter for a value of `ty`, and the expression that converts the
/// argument `value` to `ty`: strings take `impl Into<String>`, everything else itself.
pub fn setter_argument(
    tokens: &TokenStream,
    ty: &TypeRef,
    value: &proc_macro2::Ident,
) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Primitive(crate::model::Primitive::String) => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(::std::convert::Into::into(#value)),
        ),
        _ => (tokens.clone(), quote!(#value)),
    }
}
