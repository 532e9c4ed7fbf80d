//! Operations → the server side: `src/server/mod.rs` (the router) and `src/server/<tag>.rs`
//! (one trait per tag and one request handler per operation).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs};
use super::operations::{security_path, takes_common_headers, OperationEmitter};
use super::types::primitive_tokens;
use crate::model::{
    dispatch_order, enum_behind, path_parameters, Encoding, Group, Operation, ParameterLocation,
    ParameterStyle, PathKind, Payload, TypeRef, COMMON_HEADERS_FIELD,
};

impl<'m> OperationEmitter<'m> {
    /// The groups that have operations, with their index.
    pub fn used_groups(&self) -> impl Iterator<Item = (usize, &'m Group)> + 'm {
        let model = self.model;
        let used: BTreeSet<usize> = model.operations.iter().map(|op| op.group).collect();
        model
            .groups
            .iter()
            .enumerate()
            .filter(move |(index, _)| used.contains(index))
    }

    /// `src/server/mod.rs`.
    pub fn server_mod(&self) -> TokenStream {
        let groups: Vec<(usize, &Group)> = self.used_groups().collect();
        let modules = groups.iter().map(|(index, group)| {
            let module = format_ident!("{}", group.module);
            let name = format_ident!("{}", group.trait_name);
            let cfg = self.features.group_cfg(*index);
            // While a tag's feature is off, its trait is an empty one every type implements,
            // so the router's bounds hold whatever the features.
            let stand_in = self.features.group_off_cfg(*index).map(|off| {
                let doc = format!(
                    " Stands in for the operations tagged {} while their feature is off: \
                     every type implements it.",
                    code(&group.tag)
                );
                quote! {
                    #[doc = #doc]
                    #[doc(hidden)]
                    #off
                    pub trait #name {}
                    #off
                    impl<T: ?::std::marker::Sized> #name for T {}
                }
            });
            quote! {
                #cfg
                mod #module;
                #cfg
                pub use #module::#name;
                #stand_in
            }
        });
        let bounds: Vec<TokenStream> = groups
            .iter()
            .map(|(_, group)| {
                let name = format_ident!("{}", group.trait_name);
                quote!(#name)
            })
            .collect();
        // Stand-in traits ask nothing, so gated bounds name `Send + Sync + 'static` too.
        let bounds = if bounds.is_empty() || self.features.is_gated() {
            quote!(::std::marker::Send + ::std::marker::Sync + 'static #(+ #bounds)*)
        } else {
            quote!(#(#bounds)+*)
        };
        // One `.route` per path and set of groups, all its methods together, in spec order
        // (axum merges the methods of one path routed twice).
        let mut routes: Vec<(&str, Vec<usize>, Vec<TokenStream>)> = Vec::new();
        for (route, method, ops) in self.shared_routes() {
            let mut groups: Vec<usize> = ops.iter().map(|op| op.group).collect();
            groups.sort_unstable();
            groups.dedup();
            let handler = self.route_handler(&ops, groups.len() > 1);
            let method = format_ident!("{}", method.to_ascii_lowercase());
            match routes
                .iter_mut()
                .find(|(r, g, _)| *r == route && *g == groups)
            {
                Some((_, _, methods)) => methods.push(quote!(.#method(#handler))),
                None => routes.push((route, groups, vec![quote!(routing::#method(#handler))])),
            }
        }
        let routes = routes.iter().map(|(route, groups, methods)| {
            (
                self.features.groups_cfg(groups),
                quote!(.route(#route, #(#methods)*)),
            )
        });
        // Gated routes are statements, so that each can carry its tag's `cfg`.
        let (statements, routed) = if self.features.is_gated() {
            let statements = routes.map(|(cfg, route)| quote!(#cfg let router = router #route;));
            let statements = quote! {
                let router = crate::runtime::server::axum::Router::new();
                #(#statements)*
            };
            (Some(statements), quote!(router))
        } else {
            let chain = routes.map(|(_, route)| route);
            (
                None,
                quote!(crate::runtime::server::axum::Router::new() #(#chain)*),
            )
        };
        // No handler reads `Shared` when no operation has a route (every path is one axum
        // cannot serve), or when every tag feature may be off.
        let served = self.model.operations.iter().any(|op| op.route.is_some());
        let allow_unused = if served {
            self.features.allow_unused_without_tags()
        } else {
            Some(quote!(#[allow(dead_code)]))
        };
        let traits: Vec<String> = groups
            .iter()
            .map(|(_, g)| format!("`{}`", g.trait_name))
            .collect();
        let router_doc = format!(
            " An axum `Router` serving `api`, which implements {}.",
            if traits.is_empty() {
                "no operation trait".to_owned()
            } else {
                traits.join(" and ")
            }
        );
        let common_headers = self.common_headers_reader(allow_unused.as_ref());
        quote! {
            //! The server side: one trait per tag of the spec, and [`router`], which serves an
            //! implementation of them with axum.
            #(#modules)*
            pub use crate::runtime::server::{ApiError, Rejection, ServerOptions};
            #common_headers

            #[doc = #router_doc]
            ///
            /// Every request is validated before `api` sees it: an unknown path is 404, a
            /// method the path lacks 405, an `Accept` the operation cannot answer 406, missing
            /// credentials 401, a malformed parameter or body 400, an oversized body 413, each
            /// with a JSON body naming the problem.
            pub fn router<A>(api: A) -> crate::runtime::server::axum::Router
            where
                A: #bounds,
            {
                router_with_options(api, ServerOptions::default())
            }

            /// Like [`router`], with `options` (e.g. the body size limit).
            pub fn router_with_options<A>(
                api: A,
                options: ServerOptions,
            ) -> crate::runtime::server::axum::Router
            where
                A: #bounds,
            {
                #[allow(unused_imports)]
                use crate::runtime::server::axum::routing;
                let shared = ::std::sync::Arc::new(crate::runtime::server::Shared { api, options });
                #statements
                #routed
                    .fallback(crate::runtime::server::no_such_path)
                    .method_not_allowed_fallback(crate::runtime::server::no_such_method)
                    .with_state(shared)
            }
        }
    }

    /// The served operations grouped by route and method, in spec order: usually one each;
    /// several when their path parameters' types tell them apart, in the order the router
    /// tries them.
    fn shared_routes(&self) -> Vec<(&'m str, &'m str, Vec<&'m Operation>)> {
        let mut routes: Vec<(&str, &str, Vec<&Operation>)> = Vec::new();
        for op in &self.model.operations {
            let Some(route) = op.route.as_deref() else {
                continue;
            };
            match routes
                .iter_mut()
                .find(|(r, method, _)| *r == route && *method == op.method)
            {
                Some((_, _, ops)) => ops.push(op),
                None => routes.push((route, &op.method, vec![op])),
            }
        }
        for (_, _, ops) in &mut routes {
            if ops.len() > 1 {
                *ops = dispatch_order(ops, &self.model.types)
                    .into_iter()
                    .map(|(index, _)| ops[index])
                    .collect();
            }
        }
        routes
    }

    /// The handler of one route and method: the operation's own, or for several operations
    /// the runtime's `dispatch` over them, most constrained first (each behind its tag's
    /// `cfg` when they come from several tags).
    fn route_handler(&self, ops: &[&Operation], several_groups: bool) -> TokenStream {
        let handler = |op: &Operation| {
            let module = format_ident!("{}", self.model.groups[op.group].module);
            let handler = format_ident!("{}", op.name);
            (module, handler)
        };
        if let [op] = ops {
            let (module, handler) = handler(op);
            return quote!(#module::#handler::<A>);
        }
        let candidates = ops.iter().map(|op| {
            let cfg = several_groups
                .then(|| self.features.group_cfg(op.group))
                .flatten();
            let checks = self.path_checks(op);
            let (module, handler) = handler(op);
            // A multipart handler is an `async fn`: boxed into a `Reply` like the others.
            let handler = if reads_multipart(op) {
                quote! {
                    |state, request| -> crate::runtime::server::Reply {
                        ::std::boxed::Box::pin(#module::#handler::<A>(state, request))
                    }
                }
            } else {
                quote!(#module::#handler::<A>)
            };
            quote!(#cfg ([#(#checks),*], #handler))
        });
        quote!(crate::runtime::server::dispatch([#(#candidates),*]))
    }

    /// `read_common_headers`: every handler of an operation that takes the common headers
    /// reads them with this one function.
    fn common_headers_reader(&self, allow_unused: Option<&TokenStream>) -> Option<TokenStream> {
        let reads: Vec<TokenStream> = self
            .model
            .common_headers()
            .map(|(header, field)| {
                let field = format_ident!("{}", field);
                let wire = &header.wire;
                quote!(#field: incoming.header_opt(#wire)?,)
            })
            .collect();
        (!reads.is_empty()).then(|| {
            quote! {
                /// The headers most operations share, read from a request.
                #allow_unused
                pub(crate) fn read_common_headers(
                    incoming: &crate::runtime::server::Incoming,
                ) -> ::std::result::Result<crate::operations::CommonHeaders, Rejection> {
                    ::std::result::Result::Ok(crate::operations::CommonHeaders {
                        #(#reads)*
                    })
                }
            }
        })
    }

    /// `src/server/<tag>.rs`: the trait and the handlers of one group.
    pub fn server_group(&self, index: usize, group: &Group) -> TokenStream {
        let operations: Vec<&Operation> = self
            .model
            .operations
            .iter()
            .filter(|op| op.group == index)
            .collect();
        let module_doc = format!(
            " Operations tagged {}, server side: the `{}` trait and its request handlers.",
            code(&group.tag),
            group.trait_name
        );
        let trait_ident = format_ident!("{}", group.trait_name);
        let summary = format!(
            "The operations tagged {}: implement this and serve it with `router`.",
            code(&group.tag)
        );
        let trait_docs = doc_attrs(
            [Some(summary.as_str()), group.description.as_deref()]
                .into_iter()
                .flatten(),
        );
        let methods = operations.iter().map(|op| self.trait_method(op));
        let forwards = operations
            .iter()
            .map(|op| self.forward_method(op, &trait_ident));
        let served: Vec<&Operation> = operations
            .iter()
            .copied()
            .filter(|op| op.route.is_some())
            .collect();
        let media = MediaLists::of(&served);
        let handlers = served
            .iter()
            .map(|op| self.handler(op, &trait_ident, &media));
        // What the handlers name, imported once (no item of this file is called like these:
        // the trait ends in `Api`, handlers are functions).
        let imports = (!served.is_empty()).then(|| {
            let shared_path = served.iter().any(|op| !reads_multipart(op));
            let own_async = served.iter().any(|op| reads_multipart(op));
            let serve = shared_path.then(|| {
                quote!(
                    use crate::runtime::server::{serve, Reply};
                )
            });
            let async_items = own_async.then(|| {
                quote! {
                    use crate::runtime::server::axum::response::Response;
                    use crate::runtime::server::{Incoming, Rejection};
                }
            });
            quote! {
                use std::sync::Arc;
                use crate::runtime::server::axum::extract::{Request, State};
                use crate::runtime::server::Shared;
                #serve
                #async_items
            }
        });
        let media_consts = media.consts();
        quote! {
            #![doc = #module_doc]
            // What the trait's signatures name.
            use std::future::Future;
            use crate::runtime::server::ApiError;
            #imports
            #media_consts
            #trait_docs
            ///
            /// Every method has a default that answers 501 Not Implemented, so an
            /// implementation provides only the operations it serves.
            pub trait #trait_ident: ::std::marker::Send + ::std::marker::Sync + 'static {
                #(#methods)*
            }

            /// A shared implementation serves too, so its state stays reachable from outside.
            impl<T: #trait_ident + ?Sized> #trait_ident for ::std::sync::Arc<T> {
                #(#forwards)*
            }

            #(#handlers)*
        }
    }

    /// The trait method's arguments after `&self`: names and types.
    fn trait_arguments(&self, op: &Operation) -> Vec<(proc_macro2::Ident, TokenStream)> {
        let mut arguments = Vec::new();
        if let Some(path) = self.params_path(op) {
            arguments.push((format_ident!("params"), path));
        }
        if let Some(body) = self.body_type(op) {
            arguments.push((format_ident!("body"), body));
        }
        if self.passes_credentials(op) {
            arguments.push((
                format_ident!("credentials"),
                quote!(crate::auth::Credentials),
            ));
        }
        arguments
    }

    fn passes_credentials(&self, op: &Operation) -> bool {
        op.exchange.is_secured() && !self.model.security_schemes.is_empty()
    }

    /// `fn name(&self, params…) -> impl Future<Output = Result<Out, ApiError<E>>> + Send`.
    fn trait_signature(&self, op: &Operation) -> TokenStream {
        let method = format_ident!("{}", op.name);
        let output = self.output_type(op);
        let error = self.error_type(op);
        let declared = self
            .trait_arguments(op)
            .into_iter()
            .map(|(name, ty)| quote!(#name: #ty));
        quote! {
            fn #method(
                &self,
                #(#declared),*
            ) -> impl Future<Output = ::std::result::Result<#output, ApiError<#error>>>
                + ::std::marker::Send
        }
    }

    /// The trait method, whose default answers 501.
    fn trait_method(&self, op: &Operation) -> TokenStream {
        let docs = self.operation_docs(op);
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        let signature = self.trait_signature(op);
        let names: Vec<_> = self
            .trait_arguments(op)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let id = &op.id;
        let ignore = match names.as_slice() {
            [] => None,
            [single] => Some(quote!(let _ = #single;)),
            several => Some(quote!(let _ = (#(#several),*);)),
        };
        quote! {
            #docs
            #deprecated
            #signature {
                #ignore
                crate::runtime::server::not_implemented(#id)
            }
        }
    }

    /// The `Arc<T>` method that calls `T`'s.
    fn forward_method(&self, op: &Operation, trait_ident: &proc_macro2::Ident) -> TokenStream {
        let method = format_ident!("{}", op.name);
        let signature = self.trait_signature(op);
        let names = self.trait_arguments(op).into_iter().map(|(name, _)| name);
        let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #allow
            #signature {
                <T as #trait_ident>::#method(self, #(#names),*)
            }
        }
    }

    /// The axum handler: read, validate, call the implementation, answer. Most are one call
    /// of the runtime's generic `serve` with three plain functions (read the input, call the
    /// implementation, write the outcome), so the operations share one `async` body; an
    /// operation with a multipart body (read asynchronously) has an `async fn` of its own.
    fn handler(
        &self,
        op: &Operation,
        trait_ident: &proc_macro2::Ident,
        media: &MediaLists,
    ) -> TokenStream {
        let name = format_ident!("{}", op.name);
        let produces = media.tokens(&produced_media_types(op));
        let shared_path = !reads_multipart(op);
        // `serve`'s read function gets `&Incoming`; an `async fn` owns its `Incoming`.
        let incoming_ref = if shared_path {
            quote!(incoming)
        } else {
            quote!(&incoming)
        };
        let credentials = self.passes_credentials(op).then(|| {
            let alternatives = security_path(op, self);
            quote! {
                let credentials = crate::auth::Credentials::from_request(#incoming_ref, #alternatives)?;
            }
        });
        let params = self.params_path(op).map(|path| {
            let fields = self.own_parameters(op).map(|p| {
                let field = format_ident!("{}", p.name);
                let read = read_parameter(op, p);
                quote!(#field: #read,)
            });
            let common = takes_common_headers(op).then(|| {
                let field = format_ident!("{}", COMMON_HEADERS_FIELD);
                quote!(#field: super::read_common_headers(#incoming_ref)?,)
            });
            quote!(let params = #path { #(#fields)* #common };)
        });
        let body = self.read_body(op, media);
        let arguments = self.trait_arguments(op);
        let names: Vec<&proc_macro2::Ident> = arguments.iter().map(|(name, _)| name).collect();
        let respond = self.respond(op, media);
        let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
        let doc = format!(" Serves operation {}.", code(&op.id));
        if !shared_path {
            return quote! {
                #[doc = #doc]
                #allow
                pub(super) async fn #name<A: #trait_ident>(
                    State(shared): State<Arc<Shared<A>>>,
                    request: Request,
                ) -> ::std::result::Result<Response, Rejection> {
                    let incoming = Incoming::read(request, #produces, &shared.options).await?;
                    #credentials
                    #params
                    #body
                    let outcome = shared.api.#name(#(#names),*).await;
                    ::std::result::Result::Ok(#respond)
                }
            };
        }
        let input = match names.as_slice() {
            [single] => quote!(#single),
            several => quote!((#(#several),*)),
        };
        let reader = if names.is_empty() {
            quote!(|_| ::std::result::Result::Ok(()))
        } else {
            quote! {
                |incoming| {
                    #credentials
                    #params
                    #body
                    ::std::result::Result::Ok(#input)
                }
            }
        };
        quote! {
            #[doc = #doc]
            #allow
            pub(super) fn #name<A: #trait_ident>(
                State(shared): State<Arc<Shared<A>>>,
                request: Request,
            ) -> Reply {
                serve(
                    shared,
                    request,
                    #produces,
                    #reader,
                    |api, #input| ::std::boxed::Box::pin(api.#name(#(#names),*)),
                    |incoming, outcome| #respond,
                )
            }
        }
    }

    fn read_body(&self, op: &Operation, media: &MediaLists) -> Option<TokenStream> {
        let request = op.exchange.request.as_ref()?;
        let read = |payload: &Payload| match payload.encoding {
            Encoding::Json => quote!(incoming.json_body()?),
            Encoding::Text => quote!(incoming.text_body()?),
            Encoding::Binary => {
                quote!(crate::runtime::Content::Bytes(incoming.bytes_body()?))
            }
            Encoding::Form => quote!(incoming.form_body()?),
            Encoding::Multipart => quote!(crate::runtime::multipart::read(&incoming).await?),
        };
        let lists = request
            .payloads
            .iter()
            .map(|payload| media.tokens(&payload.media_types));
        let value = match request.payloads.as_slice() {
            [single] if single.encoding == Encoding::Json => {
                let list = media.tokens(&single.media_types);
                quote!(incoming.json_payload(#list)?)
            }
            [single] => {
                let read = read(single);
                quote! {
                    {
                        incoming.payload_index(&[#(#lists),*])?;
                        #read
                    }
                }
            }
            several => {
                let body = self.operation_type_path(op, &format_ident!("{}Body", op.type_name));
                let last = several.len() - 1;
                let arms = several.iter().enumerate().map(|(index, payload)| {
                    let variant = format_ident!("{}", payload.variant);
                    let read = read(payload);
                    let pattern = if index == last {
                        quote!(_)
                    } else {
                        let index = proc_macro2::Literal::usize_unsuffixed(index);
                        quote!(#index)
                    };
                    quote!(#pattern => #body::#variant(#read),)
                });
                quote! {
                    match incoming.payload_index(&[#(#lists),*])? {
                        #(#arms)*
                    }
                }
            }
        };
        Some(if request.required {
            quote!(let body = #value;)
        } else {
            quote! {
                let body = if incoming.has_body() {
                    ::std::option::Option::Some(#value)
                } else {
                    ::std::option::Option::None
                };
            }
        })
    }

    /// The `match outcome { … }` that writes the answer.
    fn respond(&self, op: &Operation, media: &MediaLists) -> TokenStream {
        let write = |status: u16, payload: Option<&Payload>, value: TokenStream| {
            let status = proc_macro2::Literal::u16_unsuffixed(status);
            match payload {
                Some(payload) => {
                    let types = media.tokens(&payload.media_types);
                    match payload.encoding {
                        Encoding::Json => quote!(incoming.json(#status, &#value, #types)),
                        Encoding::Text => quote!(incoming.text(#status, #value, #types)),
                        Encoding::Binary => quote!(incoming.content(#status, #value, #types)),
                        // Form and multipart answers are lowered to raw bytes.
                        Encoding::Form | Encoding::Multipart => {
                            quote!(incoming.bytes(#status, #value, #types))
                        }
                    }
                }
                None => quote!(incoming.empty(#status)),
            }
        };
        // One success status: the runtime's `…_outcome` does the `match`.
        if let [single] = op.exchange.success.as_slice() {
            let status = single.status.representative(single.body.is_some());
            let status_literal = proc_macro2::Literal::u16_unsuffixed(status);
            match &single.body {
                Some(payload) if payload.encoding == Encoding::Json => {
                    let types = media.tokens(&payload.media_types);
                    return quote!(incoming.json_outcome(#status_literal, outcome, #types));
                }
                None => return quote!(incoming.empty_outcome(#status_literal, outcome)),
                Some(_) => {}
            }
        }
        let arms = match op.exchange.success.as_slice() {
            [single] => {
                let status = single.status.representative(single.body.is_some());
                let write = write(status, single.body.as_ref(), quote!(value));
                let pattern = if single.body.is_some() {
                    quote!(value)
                } else {
                    quote!(())
                };
                vec![quote!(::std::result::Result::Ok(#pattern) => #write,)]
            }
            several => {
                let response =
                    self.operation_type_path(op, &format_ident!("{}Response", op.type_name));
                several
                    .iter()
                    .map(|outcome| {
                        let variant = format_ident!("{}", outcome.variant);
                        let status = outcome.status.representative(outcome.body.is_some());
                        let write = write(status, outcome.body.as_ref(), quote!(value));
                        let pattern = if outcome.body.is_some() {
                            quote!(#response::#variant(value))
                        } else {
                            quote!(#response::#variant)
                        };
                        quote!(::std::result::Result::Ok(#pattern) => #write,)
                    })
                    .collect()
            }
        };
        quote! {
            match outcome {
                #(#arms)*
                ::std::result::Result::Err(error) => incoming.error(error),
            }
        }
    }
}

/// Whether the operation's handler reads a multipart body (which is asynchronous, so it
/// cannot be `serve`'s plain read function).
fn reads_multipart(op: &Operation) -> bool {
    op.exchange
        .request
        .iter()
        .flat_map(|request| &request.payloads)
        .any(|payload| payload.encoding == Encoding::Multipart)
}

/// The media types the operation's success answers come in (for `Accept` negotiation).
fn produced_media_types(op: &Operation) -> Vec<String> {
    let mut media: Vec<String> = Vec::new();
    for payload in op.exchange.success.iter().filter_map(|o| o.body.as_ref()) {
        for media_type in &payload.media_types {
            if !media.contains(media_type) {
                media.push(media_type.clone());
            }
        }
    }
    media
}

/// The lists of two or more media types a group's handlers use, each a constant of the group's
/// file named after its content (`MEDIA_JSON_TEXT`), so that a list is written once per
/// file instead of up to three times per handler, and a new list is a new line.
struct MediaLists {
    names: BTreeMap<Vec<String>, proc_macro2::Ident>,
}

impl MediaLists {
    /// The lists `ops`' handlers use.
    fn of(ops: &[&Operation]) -> Self {
        let mut lists: BTreeSet<Vec<String>> = BTreeSet::new();
        for op in ops {
            lists.insert(produced_media_types(op));
            let request = op.exchange.request.iter().flat_map(|r| &r.payloads);
            let success = op.exchange.success.iter().filter_map(|o| o.body.as_ref());
            lists.extend(request.chain(success).map(|p| p.media_types.clone()));
        }
        let names = const_names(lists)
            .into_iter()
            .map(|(list, name)| (list, format_ident!("{}", name)))
            .collect();
        Self { names }
    }

    /// `list` as an expression of type `&[&str]`: its constant, or a literal when it is short.
    fn tokens(&self, list: &[String]) -> TokenStream {
        match self.names.get(list) {
            Some(name) => quote!(#name),
            None => quote!(&[#(#list),*]),
        }
    }

    /// The constants.
    fn consts(&self) -> TokenStream {
        let consts = self
            .names
            .iter()
            .map(|(list, name)| quote!(const #name: &[&str] = &[#(#list),*];));
        quote!(#(#consts)*)
    }
}

/// A constant name for each list of two or more media types; lists whose words are the
/// same get a numeric suffix, in the lists' order.
fn const_names(lists: BTreeSet<Vec<String>>) -> BTreeMap<Vec<String>, String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    lists
        .into_iter()
        .filter(|list| list.len() > 1)
        .map(|list| {
            let base = media_const_name(&list);
            let mut name = base.clone();
            let mut suffix = 1;
            while !taken.insert(name.clone()) {
                suffix += 1;
                name = format!("{base}_{suffix}");
            }
            (list, name)
        })
        .collect()
}

/// `MEDIA_JSON_TEXT` for `["application/json", "text/json"]`: the words of the media types
/// (without `application/`), each once, in order; `MEDIA_ANY` when there are none.
fn media_const_name(list: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    for media_type in list {
        let short = media_type
            .strip_prefix("application/")
            .unwrap_or(media_type);
        for word in short.split(|c: char| !c.is_ascii_alphanumeric()) {
            let word = word.to_ascii_uppercase();
            if !word.is_empty() && !words.contains(&word) {
                words.push(word);
            }
        }
    }
    if words.is_empty() {
        words.push("ANY".to_owned());
    }
    format!("MEDIA_{}", words.join("_"))
}

impl OperationEmitter<'_> {
    /// The runtime check per path parameter of `op` (in path order) that it takes a text,
    /// for `dispatch`.
    fn path_checks(&self, op: &Operation) -> Vec<TokenStream> {
        let types = &self.model.types;
        let wires = path_parameters(&op.path);
        op.path_kinds(types)
            .into_iter()
            .zip(wires)
            .map(|(kind, wire)| {
                let member_of = op
                    .parameters_in(ParameterLocation::Path)
                    .find(|p| p.wire == wire)
                    .and_then(|p| enum_behind(&p.ty, types));
                match (kind, member_of) {
                    (PathKind::Member, Some((name, _))) => {
                        let ty = self.types.type_tokens(&TypeRef::Named(name.to_owned()));
                        quote!(|text: &str| #ty::from(text).is_known())
                    }
                    _ => path_check(kind),
                }
            })
            .collect()
    }
}

/// The runtime check that a path parameter of `kind` takes a text, for `dispatch`.
fn path_check(kind: PathKind) -> TokenStream {
    match kind {
        PathKind::Text | PathKind::Member => quote!(crate::runtime::server::any_text),
        PathKind::Number => quote!(crate::runtime::server::fits::<f64>),
        PathKind::Integer(integer) => {
            let integer = primitive_tokens(integer);
            quote!(crate::runtime::server::fits::<#integer>)
        }
        PathKind::Bool => quote!(crate::runtime::server::fits::<bool>),
        PathKind::DateTime => quote!(crate::runtime::server::fits::<crate::runtime::DateTime>),
        PathKind::Date => quote!(crate::runtime::Date::is_date),
        PathKind::Uuid => quote!(crate::runtime::Uuid::is_uuid),
    }
}

/// The expression that reads one parameter from `incoming`.
fn read_parameter(op: &Operation, parameter: &crate::model::Parameter) -> TokenStream {
    let wire = &parameter.wire;
    let is_list = matches!(parameter.ty, TypeRef::Vec(_));
    match parameter.location {
        ParameterLocation::Path => {
            let route_name = op.route_name(wire).unwrap_or_default();
            if is_list {
                quote!(incoming.path_list(#route_name, #wire)?)
            } else {
                quote!(incoming.path(#route_name, #wire)?)
            }
        }
        ParameterLocation::Query if is_list => match parameter.style {
            ParameterStyle::Repeated => quote!(incoming.query_repeated(#wire)?),
            ParameterStyle::Comma => quote!(incoming.query_list(#wire, ',')?),
            ParameterStyle::Space => quote!(incoming.query_list(#wire, ' ')?),
            ParameterStyle::Pipe => quote!(incoming.query_list(#wire, '|')?),
        },
        ParameterLocation::Header if is_list => quote!(incoming.header_list(#wire)?),
        ParameterLocation::Cookie if is_list => quote!(incoming.cookie_list(#wire)?),
        location => {
            let kind = match location {
                ParameterLocation::Query => "query",
                ParameterLocation::Header => "header",
                _ => "cookie",
            };
            let method = if parameter.required {
                format_ident!("{kind}")
            } else {
                format_ident!("{kind}_opt")
            };
            quote!(incoming.#method(#wire)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_lists_are_named_by_their_words() {
        let list = |types: &[&str]| types.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            media_const_name(&list(&[
                "application/json",
                "text/json",
                "application/json-patch+json"
            ])),
            "MEDIA_JSON_TEXT_PATCH"
        );
        assert_eq!(media_const_name(&list(&["*/*", "+"])), "MEDIA_ANY");
        // Lists with the same words get apart by a suffix; a single type stays a literal.
        let names = const_names(BTreeSet::from([
            list(&["x/a", "x/b"]),
            list(&["x/a-b", "x/a"]),
            list(&["application/json"]),
        ]));
        let names: Vec<&str> = names.values().map(String::as_str).collect();
        assert_eq!(names, ["MEDIA_X_A_B", "MEDIA_X_A_B_2"]);
    }
}
