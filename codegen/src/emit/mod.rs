//! The model → every file of a crate, in memory: manifest, `lib.rs`, one module per type,
//! and the runtime support files the types need.

mod auth;
mod client_request;
mod client_struct;
mod docs;
mod features;
mod manifest;
mod operations;
mod options;
mod paths;
mod print;
mod reach;
mod runtime;
mod server;
mod support;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Group, Model, Operation, TypeDef};
pub use manifest::is_valid_package_name;
use operations::OperationEmitter;
pub use options::CrateOptions;

/// The Rust types the generated crate gives a model's items, for tools that talk about the
/// generated API (such as spec-diff); the emitters use the same code, so names never drift.
pub struct RustTypes<'m> {
    emitter: OperationEmitter<'m>,
}

impl<'m> RustTypes<'m> {
    /// The types of `model`'s items.
    pub fn new(model: &'m Model) -> Self {
        Self {
            emitter: OperationEmitter::new(model),
        }
    }

    /// A type expression.
    pub fn of_type(&self, ty: &crate::model::TypeRef) -> TokenStream {
        self.emitter.types.type_tokens(ty)
    }

    /// A struct field (with its `Option`, `Nullable` or `Box`).
    pub fn of_field(&self, field: &crate::model::Field) -> TokenStream {
        self.emitter.types.field_type(field)
    }

    /// A field of an operation's `…Params` struct.
    pub fn of_parameter(&self, parameter: &crate::model::Parameter) -> TokenStream {
        self.emitter.parameter_type(parameter)
    }

    /// The `operations::CommonHeaders` field of a parameter that is a common header.
    pub fn common_header_field(&self, parameter: &crate::model::Parameter) -> Option<&'m str> {
        if !parameter.common {
            return None;
        }
        self.emitter
            .model
            .common_headers()
            .find(|(header, _)| header.wire.eq_ignore_ascii_case(&parameter.wire))
            .map(|(_, field)| field)
    }

    /// The full path of the operation's `…Params` struct, when it has parameters
    /// (`crate::operations::pets::GetPetParams`).
    pub fn params(&self, op: &crate::model::Operation) -> Option<TokenStream> {
        self.emitter.params_path(op)
    }

    /// The client method of the operation as a reader names it: `PetsClient::get_pet` (a
    /// method of its group's handle), `Client::ping` for an untagged operation.
    pub fn client_method(&self, op: &crate::model::Operation) -> String {
        self.emitter.client_method(op)
    }

    /// What a successful call returns.
    pub fn output(&self, op: &crate::model::Operation) -> TokenStream {
        self.emitter.output_type(op)
    }

    /// The operation's error body type.
    pub fn error(&self, op: &crate::model::Operation) -> TokenStream {
        self.emitter.error_type(op)
    }

    /// The request body's type, if the operation takes one.
    pub fn body(&self, op: &crate::model::Operation) -> Option<TokenStream> {
        self.emitter.body_type(op)
    }
}

/// Every file of the crate: relative path → contents, printed on as many threads as the
/// machine has (`CODEGEN_THREADS` overrides). The output does not depend on the thread count.
pub fn emit_crate(
    model: &Model,
    options: &CrateOptions,
) -> Result<BTreeMap<PathBuf, String>, String> {
    emit_crate_on(model, options, default_threads())
}

/// [`emit_crate`] on exactly `threads` threads (at least one).
pub fn emit_crate_on(
    model: &Model,
    options: &CrateOptions,
    threads: usize,
) -> Result<BTreeMap<PathBuf, String>, String> {
    let plan = Plan::new(model, options);
    let mut files = plan.text_files()?;
    // Token streams are not `Send`: each worker emits and prints the files it takes.
    let next = AtomicUsize::new(0);
    let work = || -> Result<Vec<(PathBuf, String)>, String> {
        let mut printed = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = plan.rust_files.get(index) else {
                return Ok(printed);
            };
            let tokens = plan.tokens(*file);
            printed.push((file.path(), print::rust_file(tokens, &plan.header)?));
        }
    };
    let results: Vec<Result<Vec<(PathBuf, String)>, String>> = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            workers
                .into_iter()
                .map(|worker| {
                    worker.join().unwrap_or_else(|_| {
                        Err("internal error: an emitting thread panicked".to_owned())
                    })
                })
                .collect()
        })
    };
    for printed in results {
        files.extend(printed?);
    }
    Ok(files)
}

/// Every Rust file of the crate as tokens, unprinted, with the header each file gets (the
/// emit phase alone, for benchmarks; [`print_files`] is the print phase).
pub fn emit_tokens(model: &Model, options: &CrateOptions) -> (Vec<(PathBuf, TokenStream)>, String) {
    let plan = Plan::new(model, options);
    let files = plan
        .rust_files
        .iter()
        .map(|file| (file.path(), plan.tokens(*file)))
        .collect();
    (files, plan.header)
}

/// Prints the token streams of [`emit_tokens`] (the print phase alone, for benchmarks).
pub fn print_files(
    files: Vec<(PathBuf, TokenStream)>,
    header: &str,
) -> Result<BTreeMap<PathBuf, String>, String> {
    files
        .into_iter()
        .map(|(path, tokens)| Ok((path, print::rust_file(tokens, header)?)))
        .collect()
}

/// The number of threads [`emit_crate`] uses: `CODEGEN_THREADS`, else the available cores.
fn default_threads() -> usize {
    std::env::var("CODEGEN_THREADS")
        .ok()
        .and_then(|value| value.parse().ok())
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .max(1)
}

/// One Rust file of the crate.
#[derive(Clone, Copy)]
enum RustFile<'m> {
    Lib,
    ModelsMod,
    Type(&'m TypeDef),
    OperationsMod,
    OperationsGroupMod(usize, &'m Group),
    Operation(&'m Group, &'m Operation),
    Client(&'m Group, &'m Operation),
    ClientMod,
    ClientGroupMod(usize, &'m Group),
    Auth,
    ServerMod,
    ServerGroup(usize, &'m Group),
}

impl RustFile<'_> {
    /// The file's path in the crate.
    fn path(self) -> PathBuf {
        PathBuf::from(match self {
            RustFile::Lib => "src/lib.rs".to_owned(),
            RustFile::ModelsMod => "src/models/mod.rs".to_owned(),
            RustFile::Type(def) => format!("src/models/{}.rs", def.module),
            RustFile::OperationsMod => "src/operations/mod.rs".to_owned(),
            RustFile::OperationsGroupMod(_, group) => {
                format!("src/operations/{}/mod.rs", group.module)
            }
            RustFile::Operation(group, op) => {
                format!("src/operations/{}/{}.rs", group.module, op.module)
            }
            RustFile::Client(group, op) => format!("src/client/{}/{}.rs", group.module, op.module),
            RustFile::ClientMod => "src/client/mod.rs".to_owned(),
            RustFile::ClientGroupMod(_, group) => format!("src/client/{}/mod.rs", group.module),
            RustFile::Auth => "src/auth.rs".to_owned(),
            RustFile::ServerMod => "src/server/mod.rs".to_owned(),
            RustFile::ServerGroup(_, group) => format!("src/server/{}.rs", group.module),
        })
    }
}

/// What the crate consists of, decided once before any file is emitted.
struct Plan<'m> {
    model: &'m Model,
    options: &'m CrateOptions,
    needs: runtime::Needs,
    header: String,
    operations: OperationEmitter<'m>,
    rust_files: Vec<RustFile<'m>>,
}

impl<'m> Plan<'m> {
    fn new(model: &'m Model, options: &'m CrateOptions) -> Self {
        // The command's arguments are in the crate's docs; each file names the program.
        let program = options.command.split(" --").next().unwrap_or_default();
        let header = format!(
            "@generated by {program} from {} — do not edit",
            options.spec_name
        );
        let needs = runtime::Needs::of(model);
        let operations = OperationEmitter::new(model);
        // The files that grow with the whole spec come first, so that no worker starts a
        // big one while the others run out of work (the output order is the map's anyway).
        let mut rust_files = Vec::new();
        if needs.operations {
            rust_files.extend(
                operations
                    .used_groups()
                    .map(|(index, group)| RustFile::ServerGroup(index, group)),
            );
            rust_files.extend([RustFile::ServerMod, RustFile::ClientMod]);
        }
        rust_files.push(RustFile::Lib);
        if !model.types.is_empty() {
            rust_files.push(RustFile::ModelsMod);
        }
        if needs.operations {
            let group_of = |op: &'m Operation| &model.groups[op.group];
            let with_items: Vec<&Operation> = model
                .operations
                .iter()
                .filter(|op| !operations.operation_item_names(op).is_empty())
                .collect();
            if !with_items.is_empty() {
                rust_files.push(RustFile::OperationsMod);
            }
            if !model.security_schemes.is_empty() {
                rust_files.push(RustFile::Auth);
            }
            rust_files.extend(
                operations
                    .groups_with_operation_items()
                    .map(|(index, group)| RustFile::OperationsGroupMod(index, group)),
            );
            rust_files.extend(
                operations
                    .used_groups()
                    .map(|(index, group)| RustFile::ClientGroupMod(index, group)),
            );
            rust_files.extend(
                with_items
                    .into_iter()
                    .map(|op| RustFile::Operation(group_of(op), op)),
            );
            rust_files.extend(
                model
                    .operations
                    .iter()
                    .map(|op| RustFile::Client(group_of(op), op)),
            );
        }
        rust_files.extend(model.types.values().map(RustFile::Type));
        Self {
            model,
            options,
            needs,
            header,
            operations,
            rust_files,
        }
    }

    /// The files written as text: the manifest and the runtime support files.
    fn text_files(&self) -> Result<BTreeMap<PathBuf, String>, String> {
        let mut files = BTreeMap::new();
        // The manifest names the whole command: it is where one looks for how to regenerate.
        let manifest_header = format!(
            "@generated by {} from {} — do not edit",
            self.options.command, self.options.spec_name
        );
        files.insert(
            PathBuf::from("Cargo.toml"),
            manifest::cargo_toml(
                self.model,
                self.options,
                &self.needs,
                &self.operations.features,
                &manifest_header,
            )?,
        );
        files.extend(runtime::files(&self.needs, &self.header)?);
        if self.needs.operations {
            let modules = support::modules(self.options.superoffice_support);
            files.extend(support::files(modules, &self.header));
        }
        Ok(files)
    }

    /// The tokens of `file`.
    fn tokens(&self, file: RustFile<'m>) -> TokenStream {
        let emitter = &self.operations;
        match file {
            RustFile::Lib => lib_rs(self.model, self.options, &self.needs, emitter),
            RustFile::ModelsMod => models_mod(self.model, &emitter.features),
            RustFile::Type(def) => emitter.types.type_items(def),
            RustFile::OperationsMod => operations::operations_mod(emitter),
            RustFile::OperationsGroupMod(index, group) => {
                emitter.operations_group_mod(index, group)
            }
            RustFile::Operation(_, op) => emitter.operation_items(op),
            RustFile::Client(_, op) => emitter.client_items(op),
            RustFile::ClientMod => emitter.client_mod(),
            RustFile::ClientGroupMod(index, group) => emitter.client_group_mod(index, group),
            RustFile::Auth => auth::auth_items(self.model),
            RustFile::ServerMod => emitter.server_mod(),
            RustFile::ServerGroup(index, group) => emitter.server_group(index, group),
        }
    }
}

fn lib_rs(
    model: &Model,
    options: &CrateOptions,
    needs: &runtime::Needs,
    emitter: &OperationEmitter,
) -> TokenStream {
    let title = if model.title.is_empty() {
        options.crate_name.clone()
    } else {
        model.title.clone()
    };
    let generated = if needs.operations {
        "Rust types, a typed async client and a server trait + router"
    } else {
        "Rust types"
    };
    let summary = format!(
        "{title} {}: {generated} generated from `{}`.",
        model.version, options.spec_name
    );
    let regenerate = format!(
        "Do not edit: change the spec and run `{}`.",
        options.command
    );
    let features = emitter.features.usage_doc(&options.crate_name);
    let docs = docs::doc_attrs(
        [
            Some(summary.as_str()),
            model.description.as_deref(),
            features.as_deref(),
            Some(&regenerate),
        ]
        .into_iter()
        .flatten(),
    );
    // Inner doc attributes: rewrite `#[doc]` into `#![doc]`.
    let docs = docs::inner_attrs(docs);
    // Models name and re-export the deprecated models they use; the crate's users still get
    // the warning where they name a deprecated item.
    let allow_deprecated = model
        .types
        .values()
        .any(|def| def.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let models = (!model.types.is_empty()).then(|| {
        quote! {
            // prettyplease's layout is not rustfmt's; keep `cargo fmt` off generated modules.
            #[rustfmt::skip]
            #allow_deprecated
            pub mod models;
        }
    });
    let runtime = needs.any().then(|| {
        quote!(
            pub mod runtime;
        )
    });
    let operations = needs.operations.then(|| {
        let any_deprecated = allow_deprecated.is_some()
            || model
                .operations
                .iter()
                .any(|op| op.deprecated || op.parameters.iter().any(|p| p.deprecated));
        let allow = any_deprecated.then(|| quote!(#[allow(deprecated)]));
        let shared = model
            .operations
            .iter()
            .any(|op| !emitter.operation_item_names(op).is_empty())
            .then(|| quote!(#[rustfmt::skip] #allow pub mod operations;));
        let auth = (!model.security_schemes.is_empty())
            .then(|| quote!(#[rustfmt::skip] #allow pub mod auth;));
        quote! {
            #shared
            #auth
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            #allow
            pub mod client;
            #[cfg(feature = "server")]
            #[rustfmt::skip]
            #allow
            pub mod server;
        }
    });
    // Crates whose types appear in the public API, so users name the same versions (in
    // rustfmt's order: lib.rs is formatted by rustfmt as well).
    let indexmap = needs.maps.then(|| {
        quote!(
            #[doc(no_inline)]
            pub use ::indexmap;
        )
    });
    let chrono = needs.date_time.then(|| {
        quote!(
            #[doc(no_inline)]
            pub use ::chrono;
        )
    });
    let uuid = needs.uuid.then(|| {
        quote!(
            #[doc(no_inline)]
            pub use ::uuid;
        )
    });
    let support = needs
        .operations
        .then(|| support::declarations(support::modules(options.superoffice_support)));
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        #chrono
        #indexmap
        #[doc(no_inline)]
        pub use ::serde_json;
        #uuid
        #models
        #runtime
        #operations
        #support
    }
}

fn models_mod(model: &Model, features: &features::Features) -> TokenStream {
    // Each model is compiled when a tag feature whose operations use it is on.
    let items = model.types.values().map(|def: &TypeDef| {
        let module = format_ident!("{}", def.module);
        let name = format_ident!("{}", def.name);
        let cfg = features.type_cfg(&def.name);
        quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::#name;
        }
    });
    quote! {
        //! Models: one module per schema of the spec, re-exported here.
        #(#items)*
    }
}
