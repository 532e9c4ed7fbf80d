//! The runtime support files the generated types use, copied in only when needed.
//!
//! Their sources live in `codegen/runtime/` as ordinary Rust with their own tests, which run
//! in the generated crate.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;

/// `codegen/runtime/date_time.rs`: date-times in every form the server sends.
const DATE_TIME: &str = include_str!("../../runtime/date_time.rs");
/// `codegen/runtime/flags.rs`: .NET [Flags] values as comma-separated names.
const FLAGS: &str = include_str!("../../runtime/flags.rs");

/// Which runtime pieces (and so which dependencies) a model needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// `runtime::DateTime` and chrono.
    pub date_time: bool,
    /// `runtime::FlagSet`.
    pub flags: bool,
    /// indexmap, for maps and kept unknown properties.
    pub maps: bool,
}

impl Needs {
    /// What `model` uses.
    pub fn of(model: &Model) -> Self {
        Self {
            date_time: model.uses_date_time(),
            flags: model.uses_flags(),
            maps: model.uses_maps(),
        }
    }

    /// Whether a `runtime` module is needed at all.
    pub fn any(&self) -> bool {
        self.date_time || self.flags
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
            pub use date_time::DateTime;
        });
    }
    if needs.flags {
        files.push(copy("flags", FLAGS, header));
        items.push(quote! {
            pub mod flags;
            pub use flags::{Flag, FlagEnum, FlagSet};
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
