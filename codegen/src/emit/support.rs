//! Hand-written support for one vendor's service that no OpenAPI document expresses
//! (SuperOffice Online: webhook signatures, system-user tickets, tenant discovery), when
//! `CrateOptions::superoffice_support` asks for it.
//!
//! Each module's source lives in `codegen/runtime/superoffice/` as ordinary Rust with its own
//! tests, and is copied verbatim to the crate's top level (`src/webhook.rs` →
//! `superoffice_webapi::webhook`), behind a cargo feature that brings its dependencies.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One hand-written support module.
#[derive(Debug)]
pub struct SupportModule {
    /// The module name and file stem (`webhook` → `src/webhook.rs`).
    pub module: &'static str,
    /// The file's text.
    pub source: &'static str,
    /// The cargo feature that compiles it.
    pub feature: &'static str,
    /// What the feature turns on (`server`, `dep:hmac`, …).
    pub enables: &'static [&'static str],
    /// Its dependencies, as `Cargo.toml` lines (each `optional = true`).
    pub dependencies: &'static [&'static str],
    /// One line for the feature's comment in `Cargo.toml`.
    pub summary: &'static str,
}

/// SuperOffice's support modules.
pub const SUPEROFFICE: &[SupportModule] = &[
    SupportModule {
        module: "webhook",
        source: include_str!("../../runtime/superoffice/webhook.rs"),
        feature: "webhooks",
        enables: &["server", "dep:hmac", "dep:sha2"],
        dependencies: &[
            "hmac = { version = \"0.12\", optional = true }",
            "sha2 = { version = \"0.10\", optional = true }",
        ],
        summary: "Receiving SuperOffice's webhooks: signature check, typed payload, an axum handler",
    },
    SupportModule {
        module: "system_user",
        source: include_str!("../../runtime/superoffice/system_user.rs"),
        feature: "system-user",
        enables: &[
            "client",
            "dep:rsa",
            "dep:sha2",
            "dep:jsonwebtoken",
            "dep:tokio",
        ],
        dependencies: &[
            "rsa = { version = \"0.9\", features = [\"getrandom\"], optional = true }",
            "sha2 = { version = \"0.10\", optional = true }",
            concat!(
                "jsonwebtoken = { version = \"10.4\", default-features = false, ",
                "features = [\"rust_crypto\"], optional = true }"
            ),
            "tokio = { version = \"1\", default-features = false, features = [\"sync\"], optional = true }",
        ],
        summary: "System-user tickets: the app's RSA key, the signed token, the JWT exchange, a cached ticket",
    },
    SupportModule {
        module: "tenant",
        source: include_str!("../../runtime/superoffice/tenant.rs"),
        feature: "tenant",
        enables: &["client"],
        dependencies: &[],
        summary: "Tenant discovery: the tenant's endpoint and state, cached until ValidUntil, found again after a 421",
    },
    SupportModule {
        module: "odata",
        source: include_str!("../../runtime/superoffice/odata.rs"),
        feature: "odata",
        enables: &["dep:futures-util"],
        dependencies: &[
            "futures-util = { version = \"0.3\", default-features = false, optional = true }",
        ],
        summary: "Archive queries: a $filter builder with SuperOffice's operators and quoting, paging as a Stream",
    },
];

/// The support modules a crate with `superoffice_support` gets (none otherwise).
pub fn modules(superoffice_support: bool) -> &'static [SupportModule] {
    if superoffice_support {
        SUPEROFFICE
    } else {
        &[]
    }
}

/// The support files, each with `header` as its first line.
pub fn files(modules: &[SupportModule], header: &str) -> Vec<(PathBuf, String)> {
    modules
        .iter()
        .map(|m| {
            (
                PathBuf::from(format!("src/{}.rs", m.module)),
                format!("// {header}\n{}", m.source),
            )
        })
        .collect()
}

/// `lib.rs`'s declarations of the support modules, each behind its feature, by name (the
/// order rustfmt keeps: `lib.rs` is formatted by `cargo fmt`).
pub fn declarations(modules: &[SupportModule]) -> TokenStream {
    let mut sorted: Vec<&SupportModule> = modules.iter().collect();
    sorted.sort_by_key(|m| m.module);
    let items = sorted.into_iter().map(|m| {
        let module = format_ident!("{}", m.module);
        let feature = m.feature;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote!(#(#items)*)
}
