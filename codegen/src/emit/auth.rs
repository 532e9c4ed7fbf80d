//! Security schemes → `src/auth.rs`: the `Credentials` a client sends and a server receives,
//! one optional entry per scheme, and how each travels (Authorization header, API key).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs};
use crate::model::{Model, ParameterLocation, SecurityScheme, SecuritySchemeDef};

/// The `Authorization` scheme name a client sends for an `http` scheme: registered names in
/// their usual spelling, others as the spec writes them (scheme names are case-insensitive).
fn authorization_scheme(scheme: &str) -> String {
    const REGISTERED: &[&str] = &["Basic", "Bearer", "Digest", "Negotiate", "HOBA", "Mutual"];
    REGISTERED
        .iter()
        .find(|name| name.eq_ignore_ascii_case(scheme))
        .map_or_else(|| scheme.to_owned(), |name| (*name).to_owned())
}

fn is_basic(def: &SecuritySchemeDef) -> bool {
    matches!(&def.kind, SecurityScheme::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic"))
}

/// The items of `src/auth.rs`.
pub fn auth_items(model: &Model) -> TokenStream {
    let schemes = &model.security_schemes;
    let fields = schemes.iter().map(|def| {
        let field = format_ident!("{}", def.field);
        let summary = format!("For the {} scheme.", code(&def.name));
        let description = match &def.kind {
            SecurityScheme::Http { description, .. }
            | SecurityScheme::ApiKey { description, .. }
            | SecurityScheme::Token { description } => description.as_deref(),
        };
        let docs = doc_attrs([Some(summary.as_str()), description].into_iter().flatten());
        let ty = if is_basic(def) {
            quote!(crate::runtime::BasicCredentials)
        } else {
            quote!(crate::runtime::Secret)
        };
        quote! {
            #docs
            pub #field: ::std::option::Option<#ty>,
        }
    });
    let variants = schemes.iter().map(|def| {
        let variant = format_ident!("{}", def.variant);
        let doc = format!(" {}.", code(&def.name));
        quote!(#[doc = #doc] #variant,)
    });
    let has_arms = schemes.iter().map(|def| {
        let variant = format_ident!("{}", def.variant);
        let field = format_ident!("{}", def.field);
        quote!(Scheme::#variant => self.#field.is_some(),)
    });
    let document = alternatives_tokens(model, &model.security);
    let apply_arms = schemes.iter().map(apply_arm);
    let parse_fields = schemes.iter().map(parse_field);
    let realm: String = model
        .title
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect();
    let realm = if realm.trim().is_empty() {
        "api".to_owned()
    } else {
        realm.trim().to_owned()
    };
    let challenge: Vec<String> = schemes
        .iter()
        .filter_map(|def| match &def.kind {
            // Basic requires a realm (RFC 7617).
            _ if is_basic(def) => Some(format!("Basic realm=\"{realm}\"")),
            SecurityScheme::Http { scheme, .. } => {
                Some(authorization_scheme(scheme)).filter(|name| {
                    name.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
                })
            }
            SecurityScheme::Token { .. } => Some("Bearer".to_owned()),
            SecurityScheme::ApiKey { .. } => None,
        })
        .fold(Vec::new(), |mut names, name| {
            if !names.contains(&name) {
                names.push(name);
            }
            names
        });
    let reads_authorization = schemes
        .iter()
        .any(|def| !matches!(def.kind, SecurityScheme::ApiKey { .. }));
    let challenge = challenge.join(", ");
    let authorization =
        reads_authorization.then(|| quote!(let authorization = incoming.authorization();));
    quote! {
        //! Credentials for the security schemes of the spec: what a client sends and what a
        //! server receives. `Debug` output never shows a credential.

        /// Credentials, one optional entry per security scheme of the spec.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct Credentials {
            #(#fields)*
        }

        /// The security schemes of the spec.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Scheme {
            #(#variants)*
        }

        /// The document's security requirement alternatives.
        #[allow(dead_code)]
        pub(crate) const DOCUMENT_SECURITY: &[&[Scheme]] = #document;

        /// The `WWW-Authenticate` challenge of a 401 answer.
        #[cfg(feature = "server")]
        #[allow(dead_code)] // When no served operation needs credentials.
        const CHALLENGE: &str = #challenge;

        impl Credentials {
            /// Whether credentials for `scheme` are set.
            pub fn has(&self, scheme: Scheme) -> bool {
                match scheme {
                    #(#has_arms)*
                }
            }

            /// Whether one of `alternatives` has all its schemes set (no alternatives: yes).
            pub fn satisfies(&self, alternatives: &[&[Scheme]]) -> bool {
                alternatives.is_empty()
                    || alternatives
                        .iter()
                        .any(|alternative| alternative.iter().all(|scheme| self.has(*scheme)))
            }

            /// Adds the credentials of the first alternative that needs some and is satisfied.
            #[cfg(feature = "client")]
            pub(crate) fn apply(
                &self,
                alternatives: &[&[Scheme]],
                request: &mut crate::runtime::client::Outgoing,
            ) {
                let chosen = alternatives.iter().find(|alternative| {
                    !alternative.is_empty() && alternative.iter().all(|scheme| self.has(*scheme))
                });
                for scheme in chosen.copied().unwrap_or_default() {
                    match scheme {
                        #(#apply_arms)*
                    }
                }
            }

            /// Reads the credentials a request presents; refuses it with 401 when they satisfy
            /// none of `alternatives`.
            #[cfg(feature = "server")]
            #[allow(dead_code)] // When no served operation needs credentials.
            pub(crate) fn from_request(
                incoming: &crate::runtime::server::Incoming,
                alternatives: &[&[Scheme]],
            ) -> ::std::result::Result<Self, crate::runtime::server::Rejection> {
                #authorization
                let credentials = Self {
                    #(#parse_fields)*
                };
                if credentials.satisfies(alternatives) {
                    ::std::result::Result::Ok(credentials)
                } else {
                    ::std::result::Result::Err(crate::runtime::server::Rejection::unauthorized(CHALLENGE))
                }
            }
        }
    }
}

/// `&[&[Scheme::A], &[Scheme::B, Scheme::C]]`.
fn alternatives_tokens(model: &Model, alternatives: &[Vec<String>]) -> TokenStream {
    let alternatives = alternatives.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|name| {
            model
                .security_schemes
                .iter()
                .find(|def| &def.name == name)
                .map(|def| {
                    let variant = format_ident!("{}", def.variant);
                    quote!(Scheme::#variant)
                })
        });
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

/// The client's `match` arm that sends one scheme's credentials.
fn apply_arm(def: &SecuritySchemeDef) -> TokenStream {
    let variant = format_ident!("{}", def.variant);
    let field = format_ident!("{}", def.field);
    let send = match &def.kind {
        _ if is_basic(def) => quote!(request.basic_auth(value)),
        SecurityScheme::Http { scheme, .. } => {
            let scheme = authorization_scheme(scheme);
            quote!(request.authorization(#scheme, value))
        }
        SecurityScheme::Token { .. } => quote!(request.authorization("Bearer", value)),
        SecurityScheme::ApiKey { name, location, .. } => match location {
            ParameterLocation::Query => quote!(request.api_key_query(#name, value)),
            ParameterLocation::Cookie => quote!(request.api_key_cookie(#name, value)),
            ParameterLocation::Header | ParameterLocation::Path => {
                quote!(request.api_key_header(#name, value))
            }
        },
    };
    quote! {
        Scheme::#variant => {
            if let ::std::option::Option::Some(value) = &self.#field {
                #send;
            }
        }
    }
}

/// The server's field initializer that reads one scheme's credentials from `incoming`.
fn parse_field(def: &SecuritySchemeDef) -> TokenStream {
    let field = format_ident!("{}", def.field);
    let from_authorization = |scheme: String| {
        quote! {
            #field: match authorization {
                ::std::option::Option::Some((scheme, value))
                    if scheme.eq_ignore_ascii_case(#scheme) && !value.is_empty() =>
                {
                    ::std::option::Option::Some(crate::runtime::Secret::new(value))
                }
                _ => ::std::option::Option::None,
            },
        }
    };
    match &def.kind {
        _ if is_basic(def) => quote! {
            #field: match authorization {
                ::std::option::Option::Some((scheme, value)) if scheme.eq_ignore_ascii_case("Basic") => {
                    crate::runtime::BasicCredentials::parse(value)
                }
                _ => ::std::option::Option::None,
            },
        },
        SecurityScheme::Http { scheme, .. } => from_authorization(authorization_scheme(scheme)),
        SecurityScheme::Token { .. } => from_authorization("Bearer".to_owned()),
        SecurityScheme::ApiKey { name, location, .. } => {
            let read = match location {
                ParameterLocation::Query => {
                    quote!(incoming.query_text(#name).map(::std::borrow::ToOwned::to_owned))
                }
                ParameterLocation::Cookie => quote!(incoming.cookie_text(#name)),
                ParameterLocation::Header | ParameterLocation::Path => quote! {
                    incoming.header_text(#name).ok().flatten().map(::std::borrow::ToOwned::to_owned)
                },
            };
            quote! {
                #field: #read
                    .filter(|value| !value.is_empty())
                    .map(crate::runtime::Secret::new),
            }
        }
    }
}
