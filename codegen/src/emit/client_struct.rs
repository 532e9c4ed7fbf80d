//! Operations → `src/client/mod.rs` of the typed async client: the `Client`, its error
//! type, and its credential and default-header setters.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, inner_attrs};
use super::operations::{setter_argument, OperationEmitter};
use crate::model::{Group, SecurityScheme};

impl OperationEmitter<'_> {
    /// `src/client/mod.rs`.
    pub fn client_mod(&self) -> TokenStream {
        let model = self.model;
        let modules = self.used_groups().map(|(index, group)| {
            let module = format_ident!("{}", group.module);
            let cfg = self.features.group_cfg(index);
            let handle = group.handle.as_ref().map(|handle| {
                let name = format_ident!("{}", handle.type_name);
                quote! {
                    #cfg
                    pub use #module::#name;
                }
            });
            quote! {
                #cfg
                pub mod #module;
                #handle
            }
        });
        let secured = !model.security_schemes.is_empty();
        let credentials_field = secured.then(|| quote!(credentials: crate::auth::Credentials,));
        let credentials_init =
            secured.then(|| quote!(credentials: ::std::default::Default::default(),));
        let credentials_debug = secured.then(|| quote!(.field("credentials", &self.credentials)));
        let credential_methods = secured.then(|| self.credential_setters());
        let header_setters = model.default_headers.iter().map(|header| {
            let setter = format_ident!("{}", header.setter);
            let wire = &header.wire;
            let fallback = format!(
                "Sends the {} header on every call that does not set it.",
                code(wire)
            );
            let docs = doc_attrs(
                [Some(fallback.as_str()), header.docs.description.as_deref()]
                    .into_iter()
                    .flatten(),
            );
            let (ty, convert) = setter_argument(
                &self.types.type_tokens(&header.ty),
                &header.ty,
                &format_ident!("value"),
            );
            // `value` is converted only when the setter takes `impl Into<String>`.
            let convert = (convert.to_string() != "value").then(|| quote!(let value = #convert;));
            quote! {
                #docs
                pub fn #setter(mut self, value: #ty) -> Self {
                    #convert
                    self.core.set_default_header(#wire, ::std::string::ToString::to_string(&value));
                    self
                }
            }
        });
        let execute_security = secured.then(|| quote!(security: &[&[crate::auth::Scheme]],));
        let security_constant = secured.then(|| {
            quote! {
                /// The security alternatives the call may satisfy, in order of preference.
                const SECURITY: &'static [&'static [crate::auth::Scheme]];
            }
        });
        let pass_security = secured.then(|| quote!(, O::SECURITY));
        // A credential provider replaces the static credentials; an operation that needs none
        // does not ask it.
        let apply = secured.then(|| {
            quote! {
                if self.core.has_credential_provider() {
                    if security.is_empty() {
                        request.set_anonymous();
                    }
                } else {
                    self.credentials.apply(security, &mut request);
                }
            }
        });
        let mutable = secured.then(|| quote!(mut));
        // Only operations send requests; with every tag feature off there are none.
        let common_headers = self.common_header_setters();
        let allow_unused = self.features.allow_unused_without_tags();
        let title = if model.title.is_empty() {
            "the API".to_owned()
        } else {
            model.title.clone()
        };
        let client_doc = doc_attrs([format!(
            "A client for {title}: one method per operation group (tag), returning the group's \
             handle, whose methods return a request to fill in and `.await`."
        )
        .as_str()]);
        quote! {
            //! The typed async client: [`Client`] has one method per operation group (tag),
            //! returning the group's handle, whose methods are the group's operations (untagged
            //! operations are methods of `Client` itself); each module holds one group's
            //! request types.
            #(#modules)*
            pub use crate::runtime::client::{
                BaseUrlProvider, BoxFuture, BuildError, CredentialHeaders, CredentialProvider,
                DecodeError, Error, ErrorResponse, ProviderError, RetryPolicy,
            };

            #client_doc
            ///
            /// Credentials and default headers are set once with the `with_…` methods; their
            /// values never appear in `Debug` output. So are a timeout, retries and a rate
            /// limit (all off by default). Each call is one `tracing` span, `http_request`,
            /// with its operation, method, path template, status, duration and retries, never
            /// a header, credential, parameter value or body.
            #[derive(Clone)]
            pub struct Client {
                core: crate::runtime::client::Core,
                #credentials_field
            }

            impl ::std::fmt::Debug for Client {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct("Client")
                        .field("core", &self.core)
                        #credentials_debug
                        .finish()
                }
            }

            impl Client {
                /// A client for the API at `base_url` (operation paths are appended to it),
                /// using reqwest with rustls.
                pub fn new(base_url: &str) -> ::std::result::Result<Self, BuildError> {
                    ::std::result::Result::Ok(Self {
                        core: crate::runtime::client::Core::with_default_http_client(base_url)?,
                        #credentials_init
                    })
                }

                /// A client for the API at `base_url` that sends with `http`, a reqwest client
                /// configured by the caller (connect timeout, proxies, TLS roots). Build it after
                /// `runtime::client::install_crypto_provider()` unless the program selects a
                /// rustls crypto provider itself.
                pub fn with_http_client(
                    base_url: &str,
                    http: crate::runtime::client::reqwest::Client,
                ) -> ::std::result::Result<Self, BuildError> {
                    ::std::result::Result::Ok(Self {
                        core: crate::runtime::client::Core::new(base_url, http)?,
                        #credentials_init
                    })
                }

                /// The base URL given to `new`, without a trailing `/` (a base-URL provider's
                /// is asked per call instead).
                pub fn base_url(&self) -> &str {
                    self.core.base_url()
                }

                /// The underlying reqwest client.
                pub fn http_client(&self) -> &crate::runtime::client::reqwest::Client {
                    self.core.http_client()
                }

                /// Gives up on a call whose answer has not fully arrived `timeout` after it
                /// was sent (each attempt of a retried call anew; a request's own `timeout`
                /// wins): the call fails with an `Error::Transport` whose `is_timeout()` is
                /// true. Default: no timeout.
                pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.core.set_timeout(timeout);
                    self
                }

                /// Gives up connecting to the server after `timeout` (an `Error::Transport`
                /// whose `is_timeout()` is true). Rebuilds the client's own reqwest client;
                /// a client made by `with_http_client` refuses it (set the timeout on your
                /// reqwest client's builder instead).
                pub fn with_connect_timeout(
                    mut self,
                    timeout: ::std::time::Duration,
                ) -> ::std::result::Result<Self, BuildError> {
                    self.core.set_connect_timeout(timeout)?;
                    ::std::result::Result::Ok(self)
                }

                /// Retries calls answered `429 Too Many Requests` or `503 Service
                /// Unavailable` as `policy` says, honouring `Retry-After`; only idempotent
                /// methods (GET, HEAD, OPTIONS, PUT, DELETE), never POST or PATCH. Default:
                /// no retries.
                pub fn with_retries(mut self, policy: RetryPolicy) -> Self {
                    self.core.set_retries(policy);
                    self
                }

                /// Starts at most `per_second` requests in any one second (retries
                /// included), shared by this client and every clone made from it afterwards;
                /// requests wait for their turn (which needs a tokio runtime with its timer).
                /// 0 turns the limit off, the default.
                pub fn with_rate_limit(mut self, per_second: u32) -> Self {
                    self.core.set_rate_limit(per_second);
                    self
                }

                /// Asks `provider` for the credential headers of every call (`Authorization`,
                /// and any other secret header such as `SO-AppToken`), instead of the
                /// credentials the other `with_…` setters give, which are then not sent.
                /// After a `401 Unauthorized` answer the client calls the provider's `refresh`
                /// once and sends the call once more, whatever its method (a 401 means nothing
                /// was done), returning what that attempt gets. A provider's failure is an
                /// `Error::Credentials`, which holds no secret.
                pub fn with_credential_provider(
                    mut self,
                    provider: ::std::sync::Arc<dyn CredentialProvider>,
                ) -> Self {
                    self.core.set_credential_provider(provider);
                    self
                }

                /// Asks `provider` for the base URL of every call, instead of the one given to
                /// `new` (a service whose host moves, such as a SuperOffice tenant). After a
                /// `421 Misdirected Request` answer the client has the provider look again once
                /// and sends the call once more, whatever its method, returning what that
                /// attempt gets. A provider's failure is an `Error::BaseUrl`.
                pub fn with_base_url_provider(
                    mut self,
                    provider: ::std::sync::Arc<dyn BaseUrlProvider>,
                ) -> Self {
                    self.core.set_base_url_provider(provider);
                    self
                }

                #credential_methods
                #(#header_setters)*

                /// Sends `request` with the credentials of the first security alternative the
                /// client can satisfy.
                #allow_unused
                pub(crate) async fn execute<E: ::serde::de::DeserializeOwned>(
                    &self,
                    #mutable request: crate::runtime::client::Outgoing,
                    #execute_security
                ) -> ::std::result::Result<crate::runtime::client::Answer, Error<E>> {
                    #apply
                    self.core.execute(request).await
                }
            }

            /// One operation of the API as data: how a call's parameters and body become an
            /// HTTP request, and how its answer is decoded. Each operation has a marker type
            /// implementing it (`…Operation`); [`Request`] sends any of them.
            pub trait Operation {
                /// The call's parameters (`()` when the operation has none).
                type Params: ::std::clone::Clone + ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static;
                /// The request body (`()` when the operation takes none).
                type Body: ::std::clone::Clone + ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static;
                /// What a successful call returns.
                type Output: ::std::marker::Send + 'static;
                /// The body of the operation's documented error answers.
                type Error: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static;
                /// The operationId, named in each call's tracing span.
                const ID: &'static str;
                #security_constant
                /// The HTTP request of one call.
                fn request(params: &Self::Params, body: &Self::Body) -> crate::runtime::client::Outgoing;
                /// The successful answer (2xx, or another status the operation documents as an
                /// outcome, such as 304) → the output.
                fn decode(
                    answer: crate::runtime::client::Answer,
                ) -> ::std::result::Result<Self::Output, Error<Self::Error>>;
            }

            /// A call of operation `O` being prepared: set its optional parameters (each
            /// operation's request type has a setter per parameter), then `.await` it, or
            /// call [`send`](Self::send) or [`send_with_headers`](Self::send_with_headers).
            #[must_use = "a request does nothing until it is awaited or sent"]
            pub struct Request<'a, O: Operation> {
                client: &'a Client,
                params: O::Params,
                body: O::Body,
                timeout: ::std::option::Option<::std::time::Duration>,
            }

            impl<O: Operation> ::std::clone::Clone for Request<'_, O> {
                fn clone(&self) -> Self {
                    Self {
                        client: self.client,
                        params: self.params.clone(),
                        body: self.body.clone(),
                        timeout: self.timeout,
                    }
                }
            }

            impl<O: Operation> ::std::fmt::Debug for Request<'_, O> {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct("Request")
                        .field("client", &self.client)
                        .field("params", &self.params)
                        .field("body", &self.body)
                        .field("timeout", &self.timeout)
                        .finish()
                }
            }

            #allow_unused
            impl<'a, O: Operation> Request<'a, O> {
                /// A call of `O` with these parameters and body, sent by `client`.
                pub(crate) fn new(client: &'a Client, params: O::Params, body: O::Body) -> Self {
                    Self { client, params, body, timeout: ::std::option::Option::None }
                }

                /// Replaces every parameter at once.
                pub fn params(mut self, params: O::Params) -> Self {
                    self.params = params;
                    self
                }

                /// Gives up on this call when its answer has not fully arrived `timeout` after
                /// it was sent (instead of the client's `with_timeout`): it then fails with an
                /// `Error::Transport` whose `is_timeout()` is true.
                pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.timeout = ::std::option::Option::Some(timeout);
                    self
                }

                /// Sends the request and decodes the answer.
                pub async fn send(self) -> ::std::result::Result<O::Output, Error<O::Error>> {
                    self.send_with_headers().await.map(|answered| answered.value)
                }

                /// Sends the request; the decoded answer comes with its status and headers.
                pub async fn send_with_headers(
                    self,
                ) -> ::std::result::Result<crate::runtime::client::Answered<O::Output>, Error<O::Error>> {
                    let mut request = O::request(&self.params, &self.body);
                    request.set_operation(O::ID);
                    if let ::std::option::Option::Some(timeout) = self.timeout {
                        request.set_timeout(timeout);
                    }
                    let answer = self.client.execute(request #pass_security).await?;
                    let answered = answer.answered(());
                    let value = O::decode(answer)?;
                    ::std::result::Result::Ok(crate::runtime::client::Answered {
                        status: answered.status,
                        headers: answered.headers,
                        value,
                    })
                }
            }

            #common_headers

            impl<'a, O: Operation + 'a> ::std::future::IntoFuture for Request<'a, O> {
                type Output = ::std::result::Result<O::Output, Error<O::Error>>;
                type IntoFuture = ::std::pin::Pin<
                    ::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send + 'a>,
                >;

                fn into_future(self) -> Self::IntoFuture {
                    ::std::boxed::Box::pin(self.send())
                }
            }
        }
    }

    /// `src/client/<group>/mod.rs`: the group's request types and, for a tagged group, its
    /// handle and the `Client` method returning it.
    pub fn client_group_mod(&self, index: usize, group: &Group) -> TokenStream {
        let modules = self
            .model
            .operations
            .iter()
            .filter(|op| op.group == index)
            .map(|op| {
                let module = format_ident!("{}", op.module);
                let request = format_ident!("{}Request", op.type_name);
                let marker = format_ident!("{}Operation", op.type_name);
                quote! {
                    mod #module;
                    pub use #module::{#marker, #request};
                }
            });
        let tag = code(&group.tag);
        let Some(handle) = &group.handle else {
            let doc = doc_attrs([
                "The request types of the untagged operations, which are methods of `Client`.",
            ]);
            let doc = inner_attrs(doc);
            return quote! {
                #doc
                #(#modules)*
            };
        };
        let name = format_ident!("{}", handle.type_name);
        let accessor = format_ident!("{}", handle.accessor);
        let module_doc = inner_attrs(doc_attrs([format!(
            "The operations tagged {tag}: `Client::{}` returns their handle, `{}`; their \
             request types.",
            handle.accessor, handle.type_name
        )
        .as_str()]));
        let handle_doc = doc_attrs([format!(
            "The operations tagged {tag}, from `Client::{}`: one method per operation, each \
             returning a request to fill in and `.await`.",
            handle.accessor
        )
        .as_str()]);
        let summary = format!("The operations tagged {tag}.");
        let accessor_doc = doc_attrs(
            [Some(summary.as_str()), group.description.as_deref()]
                .into_iter()
                .flatten(),
        );
        quote! {
            #module_doc
            #(#modules)*

            #handle_doc
            #[derive(Clone, Copy, Debug)]
            pub struct #name<'a> {
                client: &'a crate::client::Client,
            }

            impl crate::client::Client {
                #accessor_doc
                pub fn #accessor(&self) -> #name<'_> {
                    #name { client: self }
                }
            }
        }
    }

    /// The common headers on the client side: one setter on every request whose operation
    /// takes them, and how they are written into a request.
    fn common_header_setters(&self) -> Option<TokenStream> {
        let common: Vec<_> = self.model.common_headers().collect();
        if common.is_empty() {
            return None;
        }
        let setters = common.iter().map(|(header, field)| {
            let field = format_ident!("{}", field);
            let summary = format!(
                "Sends the {} header with this call (the client's `{}` sets it for every call).",
                code(&header.wire),
                header.setter
            );
            let docs = doc_attrs(
                [summary.as_str()]
                    .into_iter()
                    .chain(header.docs.description.as_deref()),
            );
            let (ty, convert) = setter_argument(
                &self.types.type_tokens(&header.ty),
                &header.ty,
                &format_ident!("value"),
            );
            quote! {
                #docs
                pub fn #field(mut self, value: #ty) -> Self {
                    crate::operations::WithCommonHeaders::common_headers(&mut self.params).#field =
                        ::std::option::Option::Some(#convert);
                    self
                }
            }
        });
        let writes = common.iter().map(|(header, field)| {
            let field = format_ident!("{}", field);
            let wire = &header.wire;
            quote!(request.header_opt(#wire, self.#field.as_ref());)
        });
        let allow_unused = self.features.allow_unused_without_tags();
        Some(quote! {
            #allow_unused
            impl<O: Operation> Request<'_, O>
            where
                O::Params: crate::operations::WithCommonHeaders,
            {
                #(#setters)*
            }

            #allow_unused
            impl crate::operations::CommonHeaders {
                /// Writes the headers that are set into `request`.
                pub(crate) fn write_to(&self, request: &mut crate::runtime::client::Outgoing) {
                    #(#writes)*
                }
            }
        })
    }

    /// `with_credentials`, `credentials` and one setter per security scheme.
    fn credential_setters(&self) -> TokenStream {
        let setters = self.model.security_schemes.iter().map(|scheme| {
            let setter = format_ident!("{}", scheme.setter);
            let field = format_ident!("{}", scheme.field);
            let summary = format!("Authenticates with the {} scheme.", code(&scheme.name));
            let description = match &scheme.kind {
                SecurityScheme::Http { description, .. }
                | SecurityScheme::ApiKey { description, .. }
                | SecurityScheme::Token { description } => description.as_deref(),
            };
            let docs = doc_attrs([Some(summary.as_str()), description].into_iter().flatten());
            match &scheme.kind {
                SecurityScheme::Http { scheme: kind, .. } if kind.eq_ignore_ascii_case("basic") => {
                    quote! {
                        #docs
                        pub fn #setter(
                            mut self,
                            user: impl ::std::convert::Into<::std::string::String>,
                            password: impl ::std::convert::Into<::std::string::String>,
                        ) -> Self {
                            self.credentials.#field = ::std::option::Option::Some(
                                crate::runtime::BasicCredentials::new(user, password),
                            );
                            self
                        }
                    }
                }
                _ => quote! {
                    #docs
                    pub fn #setter(
                        mut self,
                        secret: impl ::std::convert::Into<::std::string::String>,
                    ) -> Self {
                        self.credentials.#field =
                            ::std::option::Option::Some(crate::runtime::Secret::new(secret));
                        self
                    }
                },
            }
        });
        quote! {
            /// Replaces all credentials.
            pub fn with_credentials(mut self, credentials: crate::auth::Credentials) -> Self {
                self.credentials = credentials;
                self
            }

            /// The credentials the client sends.
            pub fn credentials(&self) -> &crate::auth::Credentials {
                &self.credentials
            }

            #(#setters)*
        }
    }
}
