//! Short paths: the emitters write every path absolute (`::std::option::Option`,
//! `crate::models::Issue`), which is always right but a fifth of a large crate's bytes and
//! hard to read. This pass rewrites each file's paths into what a person would write, and
//! only where the short form means the same thing in that file:
//!
//! - std's prelude items (`Option`, `String`, `Vec`, `Result`, `Ok`, …) by their bare name,
//!   unless the file declares an item of that name (a schema called `Option`);
//! - other crates without the leading `::` (`serde::Serialize`, `serde_json::Value`);
//! - the crate's own modules by their name (`models::Issue`, `runtime::DateTime`), with one
//!   `use crate::{models, runtime};` line at the top of the file.
//!
//! Paths inside macro invocations and attribute arguments other than `derive` are left alone
//! (they are tokens, not paths, to syn).

use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Ident, Item, Path, PathSegment, Token, UseTree};

/// std paths whose item is in the prelude of every edition we generate (2021): the path's
/// segments after `::std`, and how many of them the short form drops.
const PRELUDE: &[(&[&str], usize)] = &[
    // The variants before their enums: the first entry that matches wins.
    (&["option", "Option", "Some"], 2),
    (&["option", "Option", "None"], 2),
    (&["result", "Result", "Ok"], 2),
    (&["result", "Result", "Err"], 2),
    (&["option", "Option"], 1),
    (&["result", "Result"], 1),
    (&["string", "String"], 1),
    (&["string", "ToString"], 1),
    (&["vec", "Vec"], 1),
    (&["boxed", "Box"], 1),
    (&["default", "Default"], 1),
    (&["convert", "From"], 1),
    (&["convert", "Into"], 1),
    (&["convert", "TryFrom"], 1),
    (&["convert", "TryInto"], 1),
    (&["clone", "Clone"], 1),
    (&["borrow", "ToOwned"], 1),
    (&["marker", "Send"], 1),
    (&["marker", "Sync"], 1),
    (&["marker", "Sized"], 1),
    (&["marker", "Copy"], 1),
    (&["iter", "Iterator"], 1),
    (&["iter", "IntoIterator"], 1),
    (&["cmp", "PartialEq"], 1),
    (&["cmp", "Eq"], 1),
    (&["cmp", "PartialOrd"], 1),
    (&["cmp", "Ord"], 1),
];

/// The crate's own top-level modules, named without `crate::` once imported.
const CRATE_MODULES: &[&str] = &[
    "auth",
    "client",
    "models",
    "operations",
    "runtime",
    "server",
];

/// Rewrites `file`'s absolute paths into short ones (see the module docs), also inside the
/// items that declaring macros wrap (`runtime::object_struct! { pub struct … }`).
///
/// Returns each wrapped item (shortened) with its index in `file.items`, for printing; the
/// invocations' tokens are moved into them (printing uses the items, not the tokens).
pub fn shorten(file: &mut syn::File) -> Vec<(usize, Item)> {
    let mut declared = declared_names(&file.items);
    let mut wrapped: Vec<(usize, Item)> = Vec::new();
    for (index, item) in file.items.iter_mut().enumerate() {
        if let Some(inner) = declared_item(item) {
            declared.extend(declared_names(std::slice::from_ref(&inner)));
            wrapped.push((index, inner));
        }
    }
    let mut shortener = Shortener {
        declared,
        imported: BTreeSet::new(),
        used_ungated: BTreeSet::new(),
        gated: 0,
    };
    shortener.visit_file_mut(file);
    for (_, inner) in &mut wrapped {
        shortener.visit_item_mut(inner);
    }
    let (always, gated): (Vec<&str>, Vec<&str>) = shortener
        .imported
        .iter()
        .partition(|module| shortener.used_ungated.contains(*module));
    let idents = |names: &[&str]| -> Vec<Ident> {
        names
            .iter()
            .map(|name| Ident::new(name, Span::call_site()))
            .collect()
    };
    let mut uses: Vec<Item> = Vec::new();
    if !always.is_empty() {
        let modules = idents(&always);
        uses.push(parse_quote!(use crate::{#(#modules),*};));
    }
    if !gated.is_empty() {
        let modules = idents(&gated);
        uses.push(parse_quote!(#[allow(unused_imports)] use crate::{#(#modules),*};));
    }
    for (index, _) in &mut wrapped {
        *index += uses.len();
    }
    file.items.splice(0..0, uses);
    wrapped
}

/// Whether `attrs` has a `#[cfg(…)]`.
fn has_cfg(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attribute| attribute.path().is_ident("cfg"))
}

/// `VisitMut` methods for nodes that may carry `#[cfg]`: the visit counts itself inside a
/// gated node while it walks one.
macro_rules! gated_visits {
    ($($method:ident: $node:ty;)*) => {
        $(
            fn $method(&mut self, node: &mut $node) {
                let gated = has_cfg(&node.attrs);
                self.gated += usize::from(gated);
                syn::visit_mut::$method(self, node);
                self.gated -= usize::from(gated);
            }
        )*
    };
}

/// The item a brace-delimited macro invocation wraps, when its tokens are exactly one item
/// (the generated crate's declaring macros: `object_struct!`, `string_enum!`); the tokens
/// are taken out of the invocation then.
fn declared_item(item: &mut Item) -> Option<Item> {
    match item {
        Item::Macro(item)
            if item.ident.is_none()
                && matches!(item.mac.delimiter, syn::MacroDelimiter::Brace(_)) =>
        {
            let tokens = std::mem::take(&mut item.mac.tokens);
            match syn::parse2(tokens.clone()) {
                Ok(inner) => Some(inner),
                Err(_) => {
                    item.mac.tokens = tokens;
                    None
                }
            }
        }
        _ => None,
    }
}

/// The names `items` declare in the file's own scope (types, modules, functions, imports):
/// a short path must not resolve to one of them instead.
fn declared_names(items: &[Item]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in items {
        let ident = match item {
            Item::Struct(item) => Some(&item.ident),
            Item::Enum(item) => Some(&item.ident),
            Item::Union(item) => Some(&item.ident),
            Item::Type(item) => Some(&item.ident),
            Item::Trait(item) => Some(&item.ident),
            Item::Fn(item) => Some(&item.sig.ident),
            Item::Mod(item) => Some(&item.ident),
            Item::Const(item) => Some(&item.ident),
            Item::Static(item) => Some(&item.ident),
            Item::Macro(item) => item.ident.as_ref(),
            Item::ExternCrate(item) => Some(item.rename.as_ref().map_or(&item.ident, |r| &r.1)),
            Item::Use(item) => {
                use_names(&item.tree, &mut names);
                None
            }
            _ => None,
        };
        if let Some(ident) = ident {
            names.insert(ident.to_string());
        }
    }
    names
}

/// The names a `use` tree brings into scope (a glob counts as every name: nothing is safe).
fn use_names(tree: &UseTree, names: &mut BTreeSet<String>) {
    match tree {
        UseTree::Path(path) => use_names(&path.tree, names),
        UseTree::Name(name) => {
            names.insert(name.ident.to_string());
        }
        UseTree::Rename(rename) => {
            names.insert(rename.rename.to_string());
        }
        UseTree::Glob(_) => {
            names.insert("*".to_owned());
        }
        UseTree::Group(group) => group.items.iter().for_each(|tree| use_names(tree, names)),
    }
}

struct Shortener {
    declared: BTreeSet<String>,
    /// Crate modules the file now names without `crate::`.
    imported: BTreeSet<&'static str>,
    /// Those of them named outside any `#[cfg]`-gated item, statement or expression: an
    /// import only gated code uses is unused while its features are off.
    used_ungated: BTreeSet<&'static str>,
    /// How many `#[cfg]`-gated nodes the visit is inside.
    gated: usize,
}

impl Shortener {
    /// Whether `name` would resolve to something the file declares or glob-imports.
    fn taken(&self, name: &str) -> bool {
        self.declared.contains(name) || self.declared.contains("*")
    }

    fn shorten_path(&mut self, path: &mut Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Some(first) = segments.first() else {
            return;
        };
        if path.leading_colon.is_some() {
            if first == "std" {
                if let Some(drop) = prelude_prefix(&segments[1..]) {
                    let short = &segments[1 + drop];
                    if !self.taken(short) {
                        path.leading_colon = None;
                        drop_leading(&mut path.segments, 1 + drop);
                        return;
                    }
                }
            }
            if !self.taken(first) {
                path.leading_colon = None;
            }
        } else if first == "crate" && segments.len() > 2 {
            let Some(module) = CRATE_MODULES.iter().find(|m| **m == segments[1]) else {
                return;
            };
            if !self.taken(module) {
                drop_leading(&mut path.segments, 1);
                self.imported.insert(module);
                if self.gated == 0 {
                    self.used_ungated.insert(module);
                }
            }
        }
    }
}

/// How many leading segments of a std path (after `std`) the prelude makes unnecessary.
fn prelude_prefix(after_std: &[String]) -> Option<usize> {
    PRELUDE.iter().find_map(|(prefix, drop)| {
        let matches = after_std.len() >= prefix.len()
            && prefix
                .iter()
                .zip(after_std)
                .all(|(want, have)| want == have);
        // `Option::is_none` keeps `Option`; only a path that ends in the listed item or goes
        // on past it drops the module.
        matches.then_some(*drop)
    })
}

fn drop_leading(segments: &mut Punctuated<PathSegment, Token![::]>, count: usize) {
    *segments = std::mem::take(segments).into_iter().skip(count).collect();
}

impl VisitMut for Shortener {
    gated_visits! {
        visit_local_mut: syn::Local;
        visit_expr_tuple_mut: syn::ExprTuple;
        visit_expr_call_mut: syn::ExprCall;
        visit_expr_method_call_mut: syn::ExprMethodCall;
        visit_field_mut: syn::Field;
        visit_variant_mut: syn::Variant;
        visit_item_fn_mut: syn::ItemFn;
        visit_item_impl_mut: syn::ItemImpl;
        visit_item_mod_mut: syn::ItemMod;
        visit_item_struct_mut: syn::ItemStruct;
        visit_item_enum_mut: syn::ItemEnum;
        visit_item_type_mut: syn::ItemType;
        visit_item_const_mut: syn::ItemConst;
        visit_item_use_mut: syn::ItemUse;
        visit_impl_item_fn_mut: syn::ImplItemFn;
        visit_trait_item_fn_mut: syn::TraitItemFn;
    }

    fn visit_path_mut(&mut self, path: &mut Path) {
        self.shorten_path(path);
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        // `#[derive(…)]` lists paths as tokens; the other attributes are left as written.
        if !attribute.path().is_ident("derive") {
            return;
        }
        let Ok(mut derives) =
            attribute.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
        else {
            return;
        };
        for path in &mut derives {
            self.shorten_path(path);
        }
        attribute.meta = parse_quote!(derive(#derives));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn shortened(tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).expect("test tokens are a file");
        let _ = shorten(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn prelude_items_lose_their_module() {
        let out = shortened(quote! {
            pub struct Issue {
                pub title: ::std::option::Option<::std::string::String>,
                pub labels: ::std::vec::Vec<crate::models::Label>,
            }
            fn f() -> ::std::result::Result<(), ()> { ::std::result::Result::Ok(()) }
        });
        assert!(out.contains("pub title: Option<String>"), "{out}");
        assert!(out.contains("pub labels: Vec<models::Label>"), "{out}");
        assert!(out.contains("-> Result<(), ()>"), "{out}");
        assert!(out.contains("Ok(())"), "{out}");
        assert!(out.starts_with("use crate::models;\n"), "{out}");
    }

    #[test]
    fn a_module_only_gated_code_names_is_imported_allowing_it_unused() {
        let out = shortened(quote! {
            fn f() -> crate::runtime::Reply {
                #[cfg(feature = "users")]
                let x = crate::models::Role::from("a");
                crate::runtime::reply()
            }
        });
        assert!(
            out.starts_with("use crate::runtime;\n#[allow(unused_imports)]\nuse crate::models;\n"),
            "{out}"
        );
    }

    #[test]
    fn a_declared_name_keeps_the_absolute_path() {
        // A schema called `Option` declares `Option` in its own file.
        let out = shortened(quote! {
            pub struct Option { pub value: ::std::option::Option<::std::string::String> }
        });
        assert!(
            out.contains("pub value: std::option::Option<String>"),
            "{out}"
        );
    }

    #[test]
    fn other_crates_lose_the_leading_colons_and_derives_are_shortened() {
        let out = shortened(quote! {
            #[derive(Clone, ::serde::Serialize)]
            pub struct Any { pub value: ::serde_json::Value }
            impl ::std::fmt::Display for Any {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) }
            }
        });
        assert!(out.contains("#[derive(Clone, serde::Serialize)]"), "{out}");
        assert!(out.contains("pub value: serde_json::Value"), "{out}");
        assert!(out.contains("impl std::fmt::Display for Any"), "{out}");
        assert!(!out.contains("use crate"), "{out}");
    }

    #[test]
    fn a_module_named_like_a_crate_module_keeps_crate() {
        let out = shortened(quote! {
            mod models;
            pub type Alias = crate::models::Issue;
        });
        assert!(out.contains("= crate::models::Issue"), "{out}");
    }
}
