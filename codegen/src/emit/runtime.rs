//! The runtime support files the generated types use, copied in only when needed.
//!
//! Their sources live in `codegen/runtime/` as ordinary Rust with their own tests, which run
//! in the generated crate.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;

/// `codegen/runtime/date_time.rs`: date-times in every form the server sends, and dates.
const DATE_TIME: &str = include_str!("../../runtime/date_time.rs");
/// `codegen/runtime/uuid.rs`: UUIDs, parsed when valid and written back as sent.
const UUID: &str = include_str!("../../runtime/uuid.rs");
/// `codegen/runtime/base64.rs`: bytes as base64 text (for `format: byte` and Basic auth).
const BASE64: &str = include_str!("../../runtime/base64.rs");
/// `codegen/runtime/flags.rs`: .NET [Flags] values as comma-separated names.
const FLAGS: &str = include_str!("../../runtime/flags.rs");
/// `codegen/runtime/nullable.rs`: absent, `null` or a value.
const NULLABLE: &str = include_str!("../../runtime/nullable.rs");
/// `codegen/runtime/auth.rs`: credential values that never print.
const AUTH: &str = include_str!("../../runtime/auth.rs");
/// `codegen/runtime/client.rs`: request building and answer decoding (reqwest).
const CLIENT: &str = include_str!("../../runtime/client.rs");
/// `codegen/runtime/server.rs`: request validation and answers (axum).
const SERVER: &str = include_str!("../../runtime/server.rs");
/// `codegen/runtime/multipart.rs`: multipart bodies (multer on the server).
const MULTIPART: &str = include_str!("../../runtime/multipart.rs");
const ANSWER: &str = include_str!("../../runtime/answer.rs");
const CONTENT: &str = include_str!("../../runtime/content.rs");
/// `codegen/runtime/object.rs`: structs declared with their serde impls, one line a field.
const OBJECT: &str = include_str!("../../runtime/object.rs");
/// `codegen/runtime/string_enum.rs`: open string enums declared one line a member.
const STRING_ENUM: &str = include_str!("../../runtime/string_enum.rs");

/// Which runtime pieces (and so which dependencies) a model needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// `runtime::DateTime`, `runtime::Date` and chrono.
    pub date_time: bool,
    /// `runtime::Uuid` and uuid.
    pub uuid: bool,
    /// `runtime::Base64` (and base64), for `format: byte` and for `auth`.
    pub base64: bool,
    /// `runtime::FlagSet`.
    pub flags: bool,
    /// indexmap, for maps and kept unknown properties.
    pub maps: bool,
    /// `runtime::Nullable`, for optional nullable fields.
    pub nullable: bool,
    /// `runtime::Secret` and `BasicCredentials` (which use `base64`), for security schemes.
    pub auth: bool,
    /// The client and server runtimes (reqwest, axum and friends), for operations.
    pub operations: bool,
    /// `runtime::Multipart` (and multer on the server), for multipart request bodies.
    pub multipart: bool,
    /// `runtime::Content` (bytes, or a file streamed from disk), for raw bodies and answers and
    /// multipart parts.
    pub content: bool,
    /// `runtime::object`, for structs.
    pub objects: bool,
    /// `runtime::string_enum`, for open string enums.
    pub string_enums: bool,
}

impl Needs {
    /// What `model` uses.
    pub fn of(model: &Model) -> Self {
        Self {
            date_time: model.uses_date_time(),
            uuid: model.uses_uuid(),
            // Basic credentials are base64 too.
            base64: model.uses_base64() || !model.operations.is_empty(),
            flags: model.uses_flags(),
            maps: model.uses_maps(),
            nullable: model.uses_nullable_fields(),
            // The client and server runtimes name `Secret` and `BasicCredentials`.
            auth: !model.operations.is_empty(),
            operations: !model.operations.is_empty(),
            multipart: model.operations.iter().any(|op| {
                op.exchange
                    .payloads()
                    .any(|p| p.encoding == crate::model::Encoding::Multipart)
            }),
            content: model.operations.iter().any(|op| {
                op.exchange.payloads().any(|p| {
                    matches!(
                        p.encoding,
                        crate::model::Encoding::Multipart | crate::model::Encoding::Binary
                    )
                })
            }),
            objects: model.has_structs(),
            string_enums: model.has_string_enums(),
        }
    }

    /// Whether a `runtime` module is needed at all.
    pub fn any(&self) -> bool {
        self.date_time
            || self.uuid
            || self.base64
            || self.flags
            || self.nullable
            || self.auth
            || self.operations
            || self.objects
            || self.string_enums
    }
}

/// The runtime files for `needs`, each with `header` as its first line.
pub fn files(needs: &Needs, header: &str) -> Result<Vec<(PathBuf, String)>, String> {
    let mut files = Vec::new();
    if !needs.any() {
        return Ok(files);
    }
    let mut items = Vec::new();
    if needs.date_time {
        files.push(copy("date_time", DATE_TIME, header));
        items.push(quote! {
            pub mod date_time;
            pub use date_time::{Date, DateTime};
        });
    }
    if needs.flags {
        files.push(copy("flags", FLAGS, header));
        items.push(quote! {
            pub mod flags;
            pub use flags::{Flag, FlagEnum, FlagSet};
        });
    }
    if needs.nullable {
        files.push(copy("nullable", NULLABLE, header));
        items.push(quote! {
            pub mod nullable;
            pub use nullable::Nullable;
        });
    }
    // `self::`: the modules `uuid` and `base64` share their names with the crates they wrap.
    if needs.uuid {
        files.push(copy("uuid", UUID, header));
        items.push(quote! {
            pub mod uuid;
            pub use self::uuid::Uuid;
        });
    }
    if needs.base64 {
        files.push(copy("base64", BASE64, header));
        items.push(quote! {
            pub mod base64;
            pub use self::base64::Base64;
        });
    }
    if needs.auth {
        files.push(copy("auth", AUTH, header));
        items.push(quote! {
            pub mod auth;
            pub use auth::{BasicCredentials, Secret};
        });
    }
    if needs.content {
        files.push(copy("content", CONTENT, header));
        items.push(quote! {
            pub mod content;
            pub use content::Content;
        });
    }
    if needs.multipart {
        files.push(copy("multipart", MULTIPART, header));
        items.push(quote! {
            pub mod multipart;
            pub use multipart::{Multipart, Part};
        });
    }
    if needs.objects {
        files.push(copy("object", OBJECT, header));
        items.push(quote! {
            pub mod object;
            // Unused when the features compile no struct (in rustfmt's order: lib.rs and
            // this module are formatted by rustfmt).
            #[allow(unused_imports)]
            pub(crate) use object::object_struct;
            pub use object::Object;
        });
    }
    if needs.string_enums {
        files.push(copy("string_enum", STRING_ENUM, header));
        items.push(quote! {
            mod string_enum;
            #[allow(unused_imports)]
            pub(crate) use string_enum::string_enum;
        });
    }
    if needs.operations {
        files.push(copy("answer", ANSWER, header));
        files.push(copy("client", CLIENT, header));
        files.push(copy("server", SERVER, header));
        items.push(quote! {
            #[cfg(feature = "client")]
            pub mod answer;
            #[cfg(feature = "client")]
            pub mod client;
            #[cfg(feature = "server")]
            pub mod server;
        });
    }
    let module: TokenStream = quote! {
        //! Support types the models use: copied from the generator, tested where they live.
        #(#items)*
    };
    files.push((
        PathBuf::from("src/runtime/mod.rs"),
        super::print::rust_file(module, header)?,
    ));
    Ok(files)
}

fn copy(name: &str, source: &str, header: &str) -> (PathBuf, String) {
    (
        PathBuf::from(format!("src/runtime/{name}.rs")),
        format!("// {header}\n{source}"),
    )
}
