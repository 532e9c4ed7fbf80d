//! Operations → `src/client/<group>/<operation>.rs` of the typed async client: the method of
//! the group's handle (of `Client` for an untagged operation) and its request builder
//! (parameter setters, body, `Accept` header, answer decoding).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs};
use super::operations::{
    list_style, parameter_docs, security_path, setter_argument, takes_common_headers,
    OperationEmitter,
};
use crate::model::{
    Encoding, Operation, Parameter, ParameterLocation, Payload, StatusMatch, TypeRef,
    COMMON_HEADERS_FIELD,
};

impl OperationEmitter<'_> {
    /// `src/client/<group>/<operation>.rs`: the operation as data (a marker type implementing
    /// `client::Operation`: how its request is built and its answer decoded), the method of the
    /// group's handle (or of `Client`) starting a call, and the setters of its optional
    /// parameters. Sending is the shared, generic `client::Request`, type-checked once for all
    /// operations.
    pub fn client_items(&self, op: &Operation) -> TokenStream {
        let method = format_ident!("{}", op.name);
        let request = format_ident!("{}Request", op.type_name);
        let marker = format_ident!("{}Operation", op.type_name);
        let docs = self.operation_docs(op);
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        let output = if streams_answer(op) {
            quote!(crate::runtime::client::ByteStream)
        } else {
            self.output_type(op)
        };
        let error = self.error_type(op);

        let required: Vec<&Parameter> = op
            .parameters
            .iter()
            .filter(|p| p.required && !matches!(p.ty, TypeRef::Vec(_)))
            .collect();
        let arguments = required.iter().map(|p| {
            let name = format_ident!("{}", p.name);
            let (ty, _) = setter_argument(&self.types.type_tokens(&p.ty), &p.ty, &name);
            quote!(#name: #ty)
        });
        let params_path = self.params_path(op);
        let params_type = params_path.clone().unwrap_or_else(|| quote!(()));
        let params_init = match params_path {
            Some(path) => {
                let common = takes_common_headers(op).then(|| {
                    let field = format_ident!("{}", COMMON_HEADERS_FIELD);
                    quote!(#field: ::std::default::Default::default(),)
                });
                let fields = self.own_parameters(op).map(|p| {
                    let name = format_ident!("{}", p.name);
                    if p.required && !matches!(p.ty, TypeRef::Vec(_)) {
                        let (_, convert) =
                            setter_argument(&self.types.type_tokens(&p.ty), &p.ty, &name);
                        if name == convert.to_string() {
                            quote!(#name,)
                        } else {
                            quote!(#name: #convert,)
                        }
                    } else {
                        quote!(#name: ::std::default::Default::default(),)
                    }
                });
                quote!(#path { #(#fields)* #common })
            }
            None => quote!(()),
        };
        let body_type = self.body_type(op);
        let body_argument = body_type.as_ref().map(|ty| quote!(body: #ty));
        let body_init = if body_type.is_some() {
            quote!(body)
        } else {
            quote!(())
        };
        let body_type = body_type.unwrap_or_else(|| quote!(()));
        let arguments = arguments.chain(body_argument);

        let setters = self.builder_setters(op);
        let setters = (!setters.is_empty()).then(|| {
            quote! {
                impl #request<'_> {
                    #(#setters)*
                }
            }
        });
        let build = self.build_request(op);
        let decode = self.decode_answer(op);
        // `Client::execute` takes the alternatives only when the spec has security schemes.
        let security = (!self.model.security_schemes.is_empty()).then(|| {
            let alternatives = security_path(op, self);
            quote!(const SECURITY: &'static [&'static [crate::auth::Scheme]] = #alternatives;)
        });
        let method_doc =
            format!(" Returns a request to fill in and `.await` (or `send`); see `{request}`.");
        let call = self.client_method(op);
        let id = &op.id;
        let marker_doc = format!(
            " Operation {}: how a `{call}` call is sent and its answer decoded.",
            code(&op.id),
        );
        let request_doc = request_docs(op, &call);
        // A tagged operation is a method of its group's handle, an untagged one of `Client`.
        let (receiver, lifetime, client) = match self.group_handle(op) {
            Some(handle) => {
                let group = self.group_module(op);
                let handle = format_ident!("{}", handle.type_name);
                (
                    quote!(impl<'a> crate::client::#group::#handle<'a>),
                    quote!('a),
                    quote!(self.client),
                )
            }
            None => (quote!(impl crate::client::Client), quote!('_), quote!(self)),
        };
        quote! {
            #receiver {
                #docs
                ///
                #[doc = #method_doc]
                #deprecated
                pub fn #method(&self, #(#arguments),*) -> #request<#lifetime> {
                    crate::client::Request::new(#client, #params_init, #body_init)
                }
            }

            #request_doc
            pub type #request<'a> = crate::client::Request<'a, #marker>;

            #setters

            #[doc = #marker_doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #marker;

            impl crate::client::Operation for #marker {
                type Params = #params_type;
                type Body = #body_type;
                type Output = #output;
                type Error = #error;
                const ID: &'static str = #id;
                #security

                #build

                #decode
            }
        }
    }

    /// One setter per optional parameter (lists included).
    fn builder_setters(&self, op: &Operation) -> Vec<TokenStream> {
        self.own_parameters(op)
            .filter(|p| !p.required || matches!(p.ty, TypeRef::Vec(_)))
            .map(|p| {
                let name = format_ident!("{}", p.name);
                let docs = doc_attrs(parameter_docs(p));
                let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
                let ty = self.types.type_tokens(&p.ty);
                let (argument, convert) = setter_argument(&ty, &p.ty, &format_ident!("value"));
                let store = if matches!(p.ty, TypeRef::Vec(_)) {
                    quote!(#convert)
                } else {
                    quote!(::std::option::Option::Some(#convert))
                };
                quote! {
                    #docs
                    #deprecated
                    pub fn #name(mut self, value: #argument) -> Self {
                        self.params.#name = #store;
                        self
                    }
                }
            })
            .collect()
    }

    /// `Operation::request`: the HTTP request of one call, from its parameters and body.
    fn build_request(&self, op: &Operation) -> TokenStream {
        let method = format_ident!("{}", op.method);
        let path = &op.path;
        let writes = self.own_parameters(op).map(write_parameter);
        let common = takes_common_headers(op).then(|| {
            let field = format_ident!("{}", COMMON_HEADERS_FIELD);
            quote!(params.#field.write_to(&mut request);)
        });
        let accept = accept_header(op).map(|accept| quote!(request.accept(#accept);));
        let outcomes = op
            .exchange
            .success
            .iter()
            .filter_map(|outcome| match outcome.status {
                StatusMatch::Code(code) if !(200..300).contains(&code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    Some(quote!(request.expect_status(#code);))
                }
                _ => None,
            });
        let outcomes: Vec<TokenStream> = outcomes
            .chain(streams_answer(op).then(|| quote!(request.stream_answer();)))
            .collect();
        let body = op
            .exchange
            .request
            .as_ref()
            .map(|request| self.write_body(op, request.required, &request.payloads));
        let params = if op.parameters.is_empty() {
            quote!(_params)
        } else {
            quote!(params)
        };
        let body_name = if body.is_some() {
            quote!(body)
        } else {
            quote!(_body)
        };
        let new_request = quote! {
            crate::runtime::client::Outgoing::new(
                crate::runtime::client::reqwest::Method::#method,
                #path,
            )
        };
        let writes_something =
            !op.parameters.is_empty() || accept.is_some() || body.is_some() || !outcomes.is_empty();
        let build = if writes_something {
            quote! {
                let mut request = #new_request;
                #(#writes)*
                #common
                #accept
                #(#outcomes)*
                #body
                request
            }
        } else {
            new_request
        };
        quote! {
            fn request(
                #params: &Self::Params,
                #body_name: &Self::Body,
            ) -> crate::runtime::client::Outgoing {
                #build
            }
        }
    }

    fn write_body(&self, op: &Operation, required: bool, payloads: &[Payload]) -> TokenStream {
        let write = |payload: &Payload, value: TokenStream| {
            let media = &payload.media_type;
            match payload.encoding {
                Encoding::Json => quote!(request.json_body(#media, #value);),
                Encoding::Text => quote!(request.text_body(#media, #value);),
                Encoding::Binary => quote!(request.content_body(#media, #value);),
                Encoding::Form => quote!(request.form_body(#media, #value);),
                Encoding::Multipart => quote!(request.multipart_body(#media, #value);),
            }
        };
        let statement = match payloads {
            [single] => write(single, quote!(body)),
            several => {
                let enum_path =
                    self.operation_type_path(op, &format_ident!("{}Body", op.type_name));
                let arms = several.iter().map(|payload| {
                    let variant = format_ident!("{}", payload.variant);
                    let statement = write(payload, quote!(value));
                    quote!(#enum_path::#variant(value) => { #statement })
                });
                quote!(match body { #(#arms)* })
            }
        };
        if required {
            statement
        } else {
            quote! {
                if let ::std::option::Option::Some(body) = body {
                    #statement
                }
            }
        }
    }

    /// `Operation::decode`: the successful answer → the operation's output.
    fn decode_answer(&self, op: &Operation) -> TokenStream {
        let answer = match op.exchange.success.as_slice() {
            [single] if single.body.is_none() => quote!(_answer),
            _ => quote!(answer),
        };
        let decode = self.decode_expression(op);
        quote! {
            fn decode(
                #answer: crate::runtime::client::Answer,
            ) -> ::std::result::Result<Self::Output, crate::client::Error<Self::Error>> {
                #decode
            }
        }
    }

    /// The expression decoding the successful [`Answer`] into the operation's output.
    fn decode_expression(&self, op: &Operation) -> TokenStream {
        if streams_answer(op) {
            return quote!(answer.byte_stream());
        }
        let json = match &op.exchange.in_band_error {
            Some(marker) => quote!(answer.json_unless_marked(#marker)),
            None => quote!(answer.json()),
        };
        let decode = |payload: Option<&Payload>| match payload.map(|p| p.encoding) {
            Some(Encoding::Json) => json.clone(),
            Some(Encoding::Text) => quote!(answer.text()),
            // One of several outcomes: read whole (a single raw answer is streamed).
            Some(Encoding::Binary) => {
                quote!(answer.bytes().map(crate::runtime::Content::Bytes))
            }
            // Form and multipart answers are lowered to raw bytes.
            Some(Encoding::Form | Encoding::Multipart) => quote!(answer.bytes()),
            None => quote!(::std::result::Result::Ok(())),
        };
        match op.exchange.success.as_slice() {
            [single] => decode(single.body.as_ref()),
            several => {
                let response =
                    self.operation_type_path(op, &format_ident!("{}Response", op.type_name));
                // Exact statuses first, then classes, then `default`.
                let mut ordered: Vec<_> = several.iter().collect();
                ordered.sort_by_key(|o| o.status);
                let arms = ordered.iter().map(|outcome| {
                    let variant = format_ident!("{}", outcome.variant);
                    let pattern = match outcome.status {
                        StatusMatch::Code(code) => {
                            let code = proc_macro2::Literal::u16_unsuffixed(code);
                            quote!(#code)
                        }
                        StatusMatch::Class(class) => {
                            let low = u16::from(class) * 100;
                            let high = proc_macro2::Literal::u16_unsuffixed(low + 99);
                            let low = proc_macro2::Literal::u16_unsuffixed(low);
                            quote!(#low..=#high)
                        }
                        StatusMatch::Default => quote!(_),
                    };
                    let value = match &outcome.body {
                        Some(payload) => {
                            let decode = decode(Some(payload));
                            quote!(#decode.map(#response::#variant))
                        }
                        None => quote!(::std::result::Result::Ok(#response::#variant)),
                    };
                    quote!(#pattern => #value,)
                });
                let fallback = (!several.iter().any(|o| o.status == StatusMatch::Default))
                    .then(|| quote!(_ => ::std::result::Result::Err(answer.undocumented()),));
                quote! {
                    match answer.status() {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        }
    }
}

/// Whether the client streams the operation's answer (`ByteStream`) instead of reading it
/// whole: its one success answer is raw bytes (a download).
fn streams_answer(op: &Operation) -> bool {
    matches!(
        op.exchange.success.as_slice(),
        [single] if single.body.as_ref().is_some_and(|p| p.encoding == Encoding::Binary)
    )
}

/// The docs of the operation's request type, naming the response headers the spec documents
/// (`send_with_headers` returns them).
fn request_docs(op: &Operation, call: &str) -> TokenStream {
    let summary = format!(
        "A `{call}` call being prepared: set optional parameters, then `.await` it (or call \
         `send`)."
    );
    let mut lines: Vec<String> = Vec::new();
    for outcome in &op.exchange.success {
        for header in &outcome.headers {
            let line = match &header.description {
                Some(description) => format!("- {}: {description}", code(&header.name)),
                None => format!("- {}", code(&header.name)),
            };
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    let documented = (!lines.is_empty()).then(|| {
        let mut text = String::from("Response headers the spec documents:\n");
        text.push_str(&lines.join("\n"));
        text
    });
    doc_attrs(
        [Some(summary.as_str()), documented.as_deref()]
            .into_iter()
            .flatten(),
    )
}

/// The `Accept` header a call sends: the media type its decoded answers come in, every
/// media type of its raw-bytes answers.
fn accept_header(op: &Operation) -> Option<String> {
    let payloads: Vec<&Payload> = op
        .exchange
        .success
        .iter()
        .filter_map(|o| o.body.as_ref())
        .collect();
    if payloads.is_empty() {
        return op
            .exchange
            .error
            .is_some()
            .then(|| "application/json".to_owned());
    }
    let mut media: Vec<&str> = Vec::new();
    for payload in &payloads {
        // Raw bytes are taken in any of their media types (a document stream may be a PDF
        // or plain text); a decoded payload names the one it prefers.
        let accepted = match payload.encoding {
            Encoding::Binary => payload.media_types.as_slice(),
            _ => std::slice::from_ref(&payload.media_type),
        };
        for media_type in accepted {
            if !media.contains(&media_type.as_str()) {
                media.push(media_type);
            }
        }
    }
    // Error bodies are JSON: a server must be allowed to send them.
    let json_answer = payloads.iter().any(|p| p.encoding == Encoding::Json);
    if op.exchange.error.is_some() && !json_answer {
        media.push("application/json");
    }
    Some(media.join(", "))
}

/// The statement that writes one parameter into the request.
fn write_parameter(parameter: &Parameter) -> TokenStream {
    let name = format_ident!("{}", parameter.name);
    let wire = &parameter.wire;
    let is_list = matches!(parameter.ty, TypeRef::Vec(_));
    let value = quote!(&params.#name);
    match (parameter.location, is_list, parameter.required) {
        (ParameterLocation::Path, false, _) => quote!(request.path_param(#wire, #value);),
        (ParameterLocation::Path, true, _) => quote!(request.path_list(#wire, #value);),
        (ParameterLocation::Query, true, _) => {
            let style = list_style(parameter.style);
            quote!(request.query_list(#wire, #value, #style);)
        }
        (ParameterLocation::Query, false, true) => quote!(request.query(#wire, #value);),
        (ParameterLocation::Query, false, false) => {
            quote!(request.query_opt(#wire, params.#name.as_ref());)
        }
        (ParameterLocation::Header, true, _) => quote!(request.header_list(#wire, #value);),
        (ParameterLocation::Header, false, true) => quote!(request.header(#wire, #value);),
        (ParameterLocation::Header, false, false) => {
            quote!(request.header_opt(#wire, params.#name.as_ref());)
        }
        (ParameterLocation::Cookie, true, _) => quote! {
            request.cookie(#wire, &params.#name.iter().map(::std::string::ToString::to_string).collect::<::std::vec::Vec<_>>().join(","));
        },
        (ParameterLocation::Cookie, false, true) => quote!(request.cookie(#wire, #value);),
        (ParameterLocation::Cookie, false, false) => {
            quote!(request.cookie_opt(#wire, params.#name.as_ref());)
        }
    }
}
