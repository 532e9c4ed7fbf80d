//! Snapshot tests: every fixture spec under `tests/fixtures/` is generated in memory and the
//! whole crate (minus the verbatim runtime copies) is compared with its `.snap` file.
//!
//! Each test also asserts the key facts of the rule its fixture pins, so that a behaviour
//! change fails with a clear message even if someone accepts the new snapshots blindly.
//! Update snapshots with `INSTA_UPDATE=always cargo test -p codegen --test snapshots` (or
//! `cargo insta review`) and read the diff.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use codegen::GeneratedCrate;
use quote::ToTokens;

/// Runtime files copied verbatim from `codegen/runtime/`: their presence is snapshotted,
/// their text is pinned by the runtime's own tests.
const RUNTIME_COPIES: &[(&str, &str)] = &[
    (
        "src/runtime/date_time.rs",
        include_str!("../runtime/date_time.rs"),
    ),
    ("src/runtime/flags.rs", include_str!("../runtime/flags.rs")),
    (
        "src/runtime/nullable.rs",
        include_str!("../runtime/nullable.rs"),
    ),
    ("src/runtime/uuid.rs", include_str!("../runtime/uuid.rs")),
    (
        "src/runtime/base64.rs",
        include_str!("../runtime/base64.rs"),
    ),
    ("src/runtime/auth.rs", include_str!("../runtime/auth.rs")),
    (
        "src/runtime/content.rs",
        include_str!("../runtime/content.rs"),
    ),
    (
        "src/runtime/multipart.rs",
        include_str!("../runtime/multipart.rs"),
    ),
    (
        "src/runtime/object.rs",
        include_str!("../runtime/object.rs"),
    ),
    (
        "src/runtime/string_enum.rs",
        include_str!("../runtime/string_enum.rs"),
    ),
    (
        "src/runtime/answer.rs",
        include_str!("../runtime/answer.rs"),
    ),
    (
        "src/runtime/client.rs",
        include_str!("../runtime/client.rs"),
    ),
    (
        "src/runtime/server.rs",
        include_str!("../runtime/server.rs"),
    ),
];

/// The runtime files copied whenever the spec has operations: credentials, client, server.
const OPERATION_RUNTIME: &[&str] = &["auth", "client", "server"];

const STRING: &str = "String";

/// `Option<inner>`.
fn option(inner: &str) -> String {
    format!("Option<{inner}>")
}

/// `runtime::Nullable<inner>`: an optional field that may also be `null` (three states).
fn nullable(inner: &str) -> String {
    format!("runtime::Nullable<{inner}>")
}

/// `Vec<inner>`.
fn vec(inner: &str) -> String {
    format!("Vec<{inner}>")
}

/// `Box<inner>`.
fn boxed(inner: &str) -> String {
    format!("Box<{inner}>")
}

/// `indexmap::IndexMap<String, value>`.
fn map(value: &str) -> String {
    format!("indexmap::IndexMap<{STRING}, {value}>")
}

/// `models::name`.
fn model(name: &str) -> String {
    format!("models::{name}")
}

/// Tokens as compact text: `crate :: models :: A` → `models::A`, but commas, `=`,
/// `=>`, `->`, `+` and a lone `:` keep rustfmt-like spacing (`IndexMap<K, V>`, `rename = "x"`) and words
/// stay apart (`impl std::…`, `&'a crate::…`, `if let std::…`, `x {`), so expectations
/// read naturally.
fn compact(tokens: impl ToTokens) -> String {
    let text: Vec<char> = tokens.to_token_stream().to_string().chars().collect();
    let is_word = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut index = 0;
    while index < text.len() {
        let ch = text[index];
        let next = text.get(index + 1).copied();
        index += 1;
        if in_string {
            if ch == '\\' {
                out.push(ch);
                if let Some(escaped) = next {
                    out.push(escaped);
                    index += 1;
                }
                continue;
            }
            in_string = ch != '"';
            out.push(ch);
            continue;
        }
        match ch {
            '"' => {
                in_string = true;
                out.push(ch);
            }
            // A char literal (`','`, `'\''`) is copied as it is; a lifetime (`'a`) is not one.
            '\'' if next == Some('\\') || text.get(index + 1) == Some(&'\'') => {
                out.push(ch);
                let mut escaped = false;
                while let Some(&c) = text.get(index) {
                    out.push(c);
                    index += 1;
                    if c == '\'' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
            }
            ' ' => {
                let previous_word: String = out
                    .chars()
                    .rev()
                    .take_while(|c| is_word(*c))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let after_word = out.ends_with(is_word) || out.ends_with("'_");
                let keyword = matches!(
                    previous_word.as_str(),
                    "impl" | "dyn" | "mut" | "ref" | "let" | "in" | "as" | "return"
                );
                if (after_word && next.is_some_and(is_word))
                    || (keyword || after_word) && next == Some('{')
                    || keyword && next.is_some_and(|n| n != ' ')
                {
                    out.push(' ');
                }
            }
            ',' => out.push_str(", "),
            '+' => out.push_str(" + "),
            ':' if next != Some(':') && !out.ends_with(':') => out.push_str(": "),
            '=' if next == Some('>') => {
                out.push_str(" => ");
                index += 1;
            }
            '=' if next == Some('=') => {
                out.push_str(" == ");
                index += 1;
            }
            '=' => out.push_str(" = "),
            '-' if next == Some('>') => {
                out.push_str(" -> ");
                index += 1;
            }
            _ => out.push(ch),
        }
    }
    out.replace(", >", ">")
        .replace(", )", ")")
        .replace(", ]", "]")
        .replace(", }", "}")
}

/// The feature a `#[cfg(feature = "…")]` among `attrs` (compacted) gates an item behind.
fn feature_gate(attrs: &[String]) -> Option<&str> {
    attrs.iter().find_map(|attr| {
        attr.strip_prefix("#[cfg(feature = \"")?
            .strip_suffix("\")]")
    })
}

/// One generated field, read back with syn.
#[derive(Debug)]
struct FieldView {
    ty: String,
    /// Every attribute except docs, compacted, e.g. `#[wire(optional, "type")]`.
    attrs: Vec<String>,
    docs: Vec<String>,
}

impl FieldView {
    /// `(kind, property)` of the field's `#[wire(kind, "property")]` (`object_struct!`).
    fn wire(&self) -> Option<(String, String)> {
        self.attrs.iter().find_map(|attr| {
            let inner = attr.strip_prefix("#[wire(")?.strip_suffix(")]")?;
            let (kind, property) = inner.split_once(", ")?;
            Some((kind.to_owned(), property.trim_matches('"').to_owned()))
        })
    }

    /// How the field is read and written: `required`, `nullable` or `optional`.
    fn kind(&self) -> String {
        self.wire().map(|(kind, _)| kind).unwrap_or_default()
    }

    /// The JSON property the field is.
    fn property(&self) -> String {
        self.wire()
            .map(|(_, property)| property)
            .unwrap_or_default()
    }

    /// An `Option` that is left out when `None` (and `None` when absent).
    fn is_skipped_when_none(&self) -> bool {
        self.ty.starts_with("Option<") && self.kind() == "optional"
    }

    /// A three-state field: absent by default and skipped when absent, so that absent, `null`
    /// and a value all survive a round trip.
    fn is_three_state(&self) -> bool {
        self.ty.starts_with("runtime::Nullable<") && self.kind() == "optional"
    }
}

/// A signature's typed arguments (name, compact type; `self` left out) and its compact
/// return type (`()` when there is none).
fn signature(sig: &syn::Signature) -> (Vec<(String, String)>, String) {
    let arguments = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some((compact(&typed.pat), compact(&typed.ty))),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, ty) => compact(ty),
    };
    (arguments, output)
}

/// `(name, type)` pairs as owned strings, for comparing with [`signature`].
fn args(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, ty)| ((*name).to_owned(), (*ty).to_owned()))
        .collect()
}

/// Whether `attrs` carry `#[deprecated]`.
fn is_deprecated_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("deprecated"))
}

/// Doc text of attributes.
fn docs_of(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// A generated crate of one fixture, with ways to look inside it.
struct Fixture {
    name: String,
    generated: GeneratedCrate,
}

impl Fixture {
    /// Generates fixture `name`, snapshots it (warnings included) and runs the checks every
    /// fixture must pass.
    fn load(name: &str) -> Self {
        let fixture = Self {
            name: name.to_owned(),
            generated: common::generate(name, true),
        };
        fixture.check_invariants();
        insta::assert_snapshot!(name.to_owned(), fixture.snapshot_text());
        fixture
    }

    /// The warnings (a fixture of graceful degradation pins them), then every file but the
    /// verbatim runtime copies, with `// ==== path ====` separators.
    fn snapshot_text(&self) -> String {
        let mut text = String::new();
        if !self.generated.warnings.is_empty() {
            text.push_str("// ==== warnings ====\n");
            for warning in &self.generated.warnings {
                text.push_str(&format!("{warning}\n"));
            }
            text.push('\n');
        }
        for (path, contents) in &self.generated.files {
            let path = path.to_string_lossy().replace('\\', "/");
            if let Some((_, _)) = RUNTIME_COPIES.iter().find(|(p, _)| *p == path) {
                let source = path.replace("src/runtime/", "codegen/runtime/");
                text.push_str(&format!(
                    "// ==== {path} ==== (present: a verbatim copy of {source}, not snapshotted)\n\n"
                ));
                continue;
            }
            text.push_str(&format!("// ==== {path} ====\n{contents}\n"));
        }
        text
    }

    fn has(&self, path: &str) -> bool {
        self.generated.files.contains_key(Path::new(path))
    }

    fn file(&self, path: &str) -> &str {
        match self.generated.files.get(Path::new(path)) {
            Some(contents) => contents,
            None => panic!(
                "fixture {}: no file {path}; files: {:?}",
                self.name,
                self.generated.files.keys().collect::<Vec<_>>()
            ),
        }
    }

    fn rust_files(&self) -> impl Iterator<Item = (String, &str)> {
        self.generated.files.iter().filter_map(|(path, contents)| {
            let path = path.to_string_lossy().replace('\\', "/");
            path.ends_with(".rs").then_some((path, contents.as_str()))
        })
    }

    /// Every item of one generated file, parsed.
    fn items(&self, path: &str) -> Vec<syn::Item> {
        match common::items_of(self.file(path)) {
            Ok(items) => items,
            Err(error) => panic!("fixture {}: {path} does not parse: {error}", self.name),
        }
    }

    /// Struct `name` of file `path`: (field name, compact type, compact non-doc attributes).
    fn struct_fields(&self, path: &str, name: &str) -> Vec<(String, String, Vec<String>)> {
        let found = self.items(path).into_iter().find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        });
        let Some(found) = found else {
            panic!("fixture {}: {path} has no struct {name}", self.name);
        };
        found
            .fields
            .iter()
            .map(|f| {
                (
                    f.ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    compact(&f.ty),
                    f.attrs
                        .iter()
                        .filter(|a| !a.path().is_ident("doc"))
                        .map(compact)
                        .collect(),
                )
            })
            .collect()
    }

    /// Enum `name` of file `path`: (variant, compact payload type if any), in order.
    fn enum_variants(&self, path: &str, name: &str) -> Vec<(String, Option<String>)> {
        let found = self.items(path).into_iter().find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        });
        let Some(found) = found else {
            panic!("fixture {}: {path} has no enum {name}", self.name);
        };
        found
            .variants
            .iter()
            .map(|v| {
                let payload = match &v.fields {
                    syn::Fields::Unnamed(fields) => Some(
                        fields
                            .unnamed
                            .iter()
                            .map(|f| compact(&f.ty))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    syn::Fields::Unit => None,
                    syn::Fields::Named(_) => Some("{..}".to_owned()),
                };
                (v.ident.to_string(), payload)
            })
            .collect()
    }

    /// Method `method` of the inherent `impl self_ty` block in `path` (`self_ty` compacted,
    /// e.g. `client::Client` or `PutToyRequest<'a>`).
    fn inherent_method(&self, path: &str, self_ty: &str, method: &str) -> syn::ImplItemFn {
        let found = self.items(path).into_iter().find_map(|item| match item {
            syn::Item::Impl(block)
                if block.trait_.is_none() && compact(&block.self_ty) == self_ty =>
            {
                block.items.into_iter().find_map(|item| match item {
                    syn::ImplItem::Fn(f) if f.sig.ident == method => Some(f),
                    _ => None,
                })
            }
            _ => None,
        });
        found.unwrap_or_else(|| {
            panic!(
                "fixture {}: {path} has no method {method} in `impl {self_ty}`",
                self.name
            )
        })
    }

    /// Names of the methods of the inherent `impl self_ty` block in `path`, in order.
    fn inherent_methods(&self, path: &str, self_ty: &str) -> Vec<String> {
        self.items(path)
            .into_iter()
            .filter_map(|item| match item {
                syn::Item::Impl(block)
                    if block.trait_.is_none() && compact(&block.self_ty) == self_ty =>
                {
                    Some(block.items)
                }
                _ => None,
            })
            .flatten()
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The one file `src/<directory>/<group>/<op>.rs` of operation module `op`, whatever its
    /// group.
    fn operation_file(&self, directory: &str, op: &str) -> String {
        let prefix = format!("src/{directory}/");
        let suffix = format!("/{op}.rs");
        let found: Vec<String> = self
            .rust_files()
            .map(|(path, _)| path)
            .filter(|path| {
                path.strip_prefix(&prefix)
                    .and_then(|rest| rest.strip_suffix(&suffix))
                    .is_some_and(|group| !group.contains('/'))
            })
            .collect();
        match found.as_slice() {
            [one] => one.clone(),
            _ => panic!(
                "fixture {}: not one file {prefix}<group>{suffix}: {found:?}",
                self.name
            ),
        }
    }

    /// The `impl client::Operation for …` block of `src/client/<group>/<op>.rs` (how the call
    /// is built and its answer decoded), compacted.
    fn operation_impl(&self, op: &str) -> String {
        let path = self.operation_file("client", op);
        let found = self.items(&path).into_iter().find_map(|item| match item {
            syn::Item::Impl(block)
                if block
                    .trait_
                    .as_ref()
                    .is_some_and(|(_, path, _)| compact(path) == "client::Operation") =>
            {
                Some(compact(&block))
            }
            _ => None,
        });
        found.unwrap_or_else(|| panic!("fixture {}: {path} has no Operation impl", self.name))
    }

    /// What awaiting `Client::<op>`'s request gives: `Result<Output, client::Error<Error>>`
    /// from the operation's `Operation` impl.
    fn operation_result(&self, op: &str, marker: &str) -> String {
        let path = self.operation_file("client", op);
        let trait_name = "client::Operation";
        client_result(
            &self.trait_impl_type(&path, trait_name, marker, "Output"),
            &self.trait_impl_type(&path, trait_name, marker, "Error"),
        )
    }

    /// The associated type `assoc` of `impl trait_name for self_ty` in `path`.
    fn trait_impl_type(&self, path: &str, trait_name: &str, self_ty: &str, assoc: &str) -> String {
        let found = self.items(path).into_iter().find_map(|item| match item {
            syn::Item::Impl(block)
                if compact(&block.self_ty) == self_ty
                    && block
                        .trait_
                        .as_ref()
                        .is_some_and(|(_, path, _)| compact(path) == trait_name) =>
            {
                block.items.into_iter().find_map(|item| match item {
                    syn::ImplItem::Type(t) if t.ident == assoc => Some(compact(&t.ty)),
                    _ => None,
                })
            }
            _ => None,
        });
        found.unwrap_or_else(|| {
            panic!(
                "fixture {}: {path} has no `type {assoc}` in `impl {trait_name} for {self_ty}`",
                self.name
            )
        })
    }

    /// Method `method` of trait `trait_name` in `path`.
    fn trait_method(&self, path: &str, trait_name: &str, method: &str) -> syn::TraitItemFn {
        let found = self.items(path).into_iter().find_map(|item| match item {
            syn::Item::Trait(t) if t.ident == trait_name => {
                t.items.into_iter().find_map(|item| match item {
                    syn::TraitItem::Fn(f) if f.sig.ident == method => Some(f),
                    _ => None,
                })
            }
            _ => None,
        });
        found.unwrap_or_else(|| {
            panic!(
                "fixture {}: {path} has no method {method} in trait {trait_name}",
                self.name
            )
        })
    }

    /// Free function `name` of `path`.
    fn function(&self, path: &str, name: &str) -> syn::ItemFn {
        let found = self.items(path).into_iter().find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        });
        found.unwrap_or_else(|| panic!("fixture {}: {path} has no fn {name}", self.name))
    }

    /// Every item of every model file, parsed.
    fn model_items(&self) -> Vec<syn::Item> {
        self.rust_files()
            .filter(|(path, _)| path.starts_with("src/models/"))
            .flat_map(|(path, contents)| match common::items_of(contents) {
                Ok(items) => items,
                Err(error) => panic!("fixture {}: {path} does not parse: {error}", self.name),
            })
            .collect()
    }

    fn type_names(&self) -> BTreeSet<String> {
        self.model_items()
            .into_iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    fn structure(&self, name: &str) -> syn::ItemStruct {
        self.model_items()
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == name => Some(s),
                _ => None,
            })
            .unwrap_or_else(|| {
                panic!(
                    "fixture {}: no struct {name}; types: {:?}",
                    self.name,
                    self.type_names()
                )
            })
    }

    fn enumeration(&self, name: &str) -> syn::ItemEnum {
        self.model_items()
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) if e.ident == name => Some(e),
                _ => None,
            })
            .unwrap_or_else(|| {
                panic!(
                    "fixture {}: no enum {name}; types: {:?}",
                    self.name,
                    self.type_names()
                )
            })
    }

    /// The target of `pub type name = …;`.
    fn alias(&self, name: &str) -> String {
        self.model_items()
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Type(t) if t.ident == name => Some(compact(&t.ty)),
                _ => None,
            })
            .unwrap_or_else(|| {
                panic!(
                    "fixture {}: no type alias {name}; types: {:?}",
                    self.name,
                    self.type_names()
                )
            })
    }

    /// Field names of a struct, in order.
    fn field_names(&self, structure: &str) -> Vec<String> {
        self.structure(structure)
            .fields
            .iter()
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect()
    }

    fn field(&self, structure: &str, field: &str) -> FieldView {
        let item = self.structure(structure);
        let found = item
            .fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == field));
        let Some(found) = found else {
            panic!(
                "fixture {}: struct {structure} has no field {field}; fields: {:?}",
                self.name,
                self.field_names(structure)
            );
        };
        FieldView {
            ty: compact(&found.ty),
            attrs: found
                .attrs
                .iter()
                .filter(|a| !a.path().is_ident("doc"))
                .map(compact)
                .collect(),
            docs: docs_of(&found.attrs),
        }
    }

    /// Asserts a field's exact Rust type.
    fn assert_field(&self, structure: &str, field: &str, expected: &str, rule: &str) {
        let actual = self.field(structure, field).ty;
        assert_eq!(
            actual, expected,
            "fixture {}: {structure}.{field} has the wrong type ({rule})",
            self.name
        );
    }

    /// The `#[rest]` field of a struct (unknown properties), if any: (name, type).
    fn flattened(&self, structure: &str) -> Option<(String, String)> {
        self.structure(structure).fields.iter().find_map(|f| {
            f.attrs.iter().any(|a| compact(a) == "#[rest]").then(|| {
                (
                    f.ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    compact(&f.ty),
                )
            })
        })
    }

    fn derives(&self, structure: &str) -> String {
        self.structure(structure)
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("derive"))
            .map(compact)
            .collect()
    }

    /// Whether the named model type carries `#[deprecated]`.
    fn is_deprecated(&self, name: &str) -> bool {
        let attrs = self.model_items().into_iter().find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s.attrs),
            syn::Item::Enum(e) if e.ident == name => Some(e.attrs),
            syn::Item::Type(t) if t.ident == name => Some(t.attrs),
            _ => None,
        });
        match attrs {
            Some(attrs) => attrs.iter().any(|a| a.path().is_ident("deprecated")),
            None => panic!("fixture {}: no type {name}", self.name),
        }
    }

    /// Unit variants (in order) and the fallback variant of an open enum.
    fn variants(&self, name: &str) -> (Vec<String>, String) {
        let item = self.enumeration(name);
        let mut units = Vec::new();
        let mut fallback = Vec::new();
        for variant in &item.variants {
            match variant.fields {
                syn::Fields::Unit => units.push(variant.ident.to_string()),
                _ => fallback.push(variant.ident.to_string()),
            }
        }
        assert_eq!(
            fallback.len(),
            1,
            "fixture {}: open enum {name} must have exactly one fallback variant",
            self.name
        );
        (units, fallback.remove(0))
    }

    fn dependencies(&self) -> String {
        let manifest = self.file("Cargo.toml");
        let start = manifest
            .find("[dependencies]")
            .expect("Cargo.toml has a [dependencies] table");
        let rest = &manifest[start + "[dependencies]".len()..];
        rest[..rest.find("\n[").unwrap_or(rest.len())].to_owned()
    }

    fn depends_on(&self, krate: &str) -> bool {
        self.dependencies()
            .lines()
            .any(|line| line.starts_with(&format!("{krate} =")))
    }

    /// Facts every generated crate must satisfy, whatever its spec.
    fn check_invariants(&self) {
        let name = &self.name;
        let header = format!(
            "// @generated by cargo xtask codegen from tests/fixtures/{name}.yaml — do not edit\n"
        );
        for (path, contents) in self.rust_files() {
            assert!(
                contents.starts_with(&header),
                "fixture {name}: {path} must start with the @generated header"
            );
            self.check_no_doctest(&path, contents);
        }
        assert!(
            self.file("Cargo.toml")
                .starts_with(&format!("# {}", &header[3..])),
            "fixture {name}: Cargo.toml must start with the @generated header"
        );
        assert!(
            self.file("Cargo.toml").contains("\n[workspace]\n"),
            "fixture {name}: a standalone crate declares an empty [workspace]"
        );

        // Runtime copies are verbatim, and the runtime module lists exactly what is there.
        for (path, source) in RUNTIME_COPIES {
            if let Some(copy) = self.generated.files.get(Path::new(path)) {
                assert_eq!(
                    copy.strip_prefix(&header),
                    Some(*source),
                    "fixture {name}: {path} must be the header plus a verbatim copy of the runtime source"
                );
            }
        }
        let copied: Vec<&str> = RUNTIME_COPIES
            .iter()
            .filter(|(path, _)| self.has(path))
            .filter_map(|(path, _)| path.strip_prefix("src/runtime/")?.strip_suffix(".rs"))
            .collect();
        let copies = |module: &str| copied.contains(&module);
        let lib = self.modules("src/lib.rs");
        let in_lib = |module: &str| lib.iter().find(|(m, _)| m == module).map(|(_, a)| a);
        assert_eq!(
            self.has("src/runtime/mod.rs"),
            !copied.is_empty(),
            "fixture {name}: src/runtime/mod.rs exists exactly when a runtime file is needed"
        );
        assert_eq!(
            in_lib("runtime").is_some(),
            !copied.is_empty(),
            "fixture {name}: lib.rs declares `runtime` exactly when it exists"
        );
        if !copied.is_empty() {
            let declared = self.modules("src/runtime/mod.rs");
            assert_eq!(
                declared.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
                copied,
                "fixture {name}: runtime/mod.rs declares exactly the runtime files present"
            );
            for (module, attrs) in &declared {
                // `answer` is the client's (what a call gets back).
                let feature = match module.as_str() {
                    "client" | "answer" => Some("client"),
                    "server" => Some("server"),
                    _ => None,
                };
                assert_eq!(
                    feature_gate(attrs),
                    feature,
                    "fixture {name}: runtime::{module} is behind its feature exactly when it is part of the client or server runtime: {attrs:?}"
                );
            }
        }

        // Operations: client and server modules (feature-gated) and their runtimes come
        // together; `auth` and `operations` exist when there is something to put in them.
        let operations = self.has("src/client/mod.rs");
        assert_eq!(
            self.has("src/server/mod.rs"),
            operations,
            "fixture {name}: a crate has a server exactly when it has a client"
        );
        for module in OPERATION_RUNTIME {
            assert_eq!(
                copies(module),
                operations,
                "fixture {name}: runtime/{module}.rs is copied exactly when the spec has operations"
            );
        }
        for module in ["client", "server"] {
            assert_eq!(
                in_lib(module).map(|attrs| feature_gate(attrs)),
                operations.then_some(Some(module)),
                "fixture {name}: lib.rs declares `{module}` behind `#[cfg(feature = \"{module}\")]` exactly when it exists"
            );
        }
        for module in ["models", "operations", "runtime"] {
            if let Some(attrs) = in_lib(module) {
                assert_eq!(
                    feature_gate(attrs),
                    None,
                    "fixture {name}: `{module}` is not feature-gated"
                );
            }
        }
        assert_eq!(
            in_lib("auth").is_some(),
            self.has("src/auth.rs"),
            "fixture {name}: lib.rs declares `auth` exactly when src/auth.rs exists"
        );
        assert!(
            !self.has("src/auth.rs") || operations,
            "fixture {name}: credentials exist only for operations"
        );
        assert_eq!(
            in_lib("auth").map(|attrs| feature_gate(attrs)),
            self.has("src/auth.rs").then_some(None),
            "fixture {name}: `auth` is shared by client and server, not feature-gated"
        );
        let manifest = self.file("Cargo.toml");
        assert_eq!(
            manifest.contains("\n[features]\n"),
            operations,
            "fixture {name}: client and server features exist exactly when the spec has operations"
        );
        for krate in [
            "serde_path_to_error",
            "reqwest",
            "percent-encoding",
            "axum",
            "form_urlencoded",
            "http-body-util",
        ] {
            assert_eq!(
                self.depends_on(krate),
                operations,
                "fixture {name}: {krate} is a dependency exactly when the spec has operations"
            );
        }
        assert_eq!(
            self.depends_on("base64"),
            copies("base64"),
            "fixture {name}: base64 is a dependency exactly when the base64 runtime is copied"
        );
        assert!(
            !copies("auth") || copies("base64"),
            "fixture {name}: the auth runtime comes with the base64 runtime it uses"
        );
        assert_eq!(
            self.depends_on("uuid"),
            copies("uuid"),
            "fixture {name}: uuid is a dependency exactly when the uuid runtime is copied"
        );

        let uses = |needle: &str| {
            self.rust_files()
                .filter(|(path, _)| !RUNTIME_COPIES.iter().any(|(p, _)| p == path))
                .filter(|(path, _)| path != "src/auth.rs")
                .any(|(_, contents)| names(contents, needle))
        };
        assert_eq!(
            self.depends_on("chrono"),
            copies("date_time"),
            "fixture {name}: chrono is a dependency exactly when the date-time runtime is copied"
        );
        assert_eq!(
            copies("date_time"),
            uses("crate::runtime::DateTime") || uses("crate::runtime::Date"),
            "fixture {name}: the date-time runtime is copied exactly when generated code uses a date-time or date"
        );
        assert_eq!(
            copies("uuid"),
            uses("crate::runtime::Uuid"),
            "fixture {name}: the uuid runtime is copied exactly when generated code uses it"
        );
        assert_eq!(
            copies("base64"),
            uses("crate::runtime::Base64") || copies("auth"),
            "fixture {name}: the base64 runtime is copied exactly when generated code or auth uses it"
        );
        assert_eq!(
            copies("flags"),
            uses("crate::runtime::FlagSet<"),
            "fixture {name}: the flags runtime is copied exactly when generated code uses it"
        );
        assert_eq!(
            copies("nullable"),
            uses("crate::runtime::Nullable<"),
            "fixture {name}: the nullable runtime is copied exactly when a model has a three-state field"
        );
        assert_eq!(
            self.has("src/auth.rs"),
            uses("crate::auth::"),
            "fixture {name}: src/auth.rs exists exactly when generated code uses it"
        );
        assert_eq!(
            self.depends_on("indexmap"),
            uses("::indexmap::") || uses("indexmap::"),
            "fixture {name}: indexmap is a dependency exactly when generated code uses it"
        );
        assert!(self.depends_on("serde") && self.depends_on("serde_json"));
        // Crates whose types appear in the public API are re-exported, so users name the
        // versions the crate was built with.
        let lib_text = self.file("src/lib.rs");
        for krate in ["serde_json", "indexmap", "chrono", "uuid"] {
            assert_eq!(
                lib_text.contains(&format!("#[doc(no_inline)]\npub use ::{krate};\n")),
                self.depends_on(krate),
                "fixture {name}: lib.rs re-exports {krate} exactly when it is a dependency"
            );
        }

        // Each module directory's mod.rs declares every file and subdirectory of it and
        // re-exports every file's items (a subdirectory, one operation group's, is a public
        // module), and lib.rs declares the module exactly when it exists.
        for directory in ["models", "operations", "client", "server"] {
            let prefix = format!("src/{directory}/");
            let module_path = format!("{prefix}mod.rs");
            assert_eq!(
                in_lib(directory).is_some(),
                self.has(&module_path),
                "fixture {name}: lib.rs declares `{directory}` exactly when {module_path} exists"
            );
            let mut directories = vec![prefix];
            while let Some(prefix) = directories.pop() {
                let mut files: Vec<String> = Vec::new();
                let mut subdirectories: Vec<String> = Vec::new();
                for (path, _) in self.rust_files() {
                    let Some(rest) = path.strip_prefix(&prefix) else {
                        continue;
                    };
                    match rest.split_once('/') {
                        Some((sub, _)) => {
                            if !subdirectories.iter().any(|s| s == sub) {
                                subdirectories.push(sub.to_owned());
                            }
                        }
                        None => {
                            let module = rest.strip_suffix(".rs").unwrap_or(rest);
                            if module != "mod" {
                                files.push(module.to_owned());
                            }
                        }
                    }
                }
                let module_path = format!("{prefix}mod.rs");
                assert_eq!(
                    self.has(&module_path),
                    !files.is_empty() || !subdirectories.is_empty(),
                    "fixture {name}: {module_path} exists exactly when {prefix} has files"
                );
                if !self.has(&module_path) {
                    continue;
                }
                let module = self.file(&module_path);
                let mut declared: Vec<String> = self
                    .modules(&module_path)
                    .into_iter()
                    .map(|(m, _)| m)
                    .collect();
                declared.sort();
                let mut expected: Vec<String> =
                    files.iter().chain(&subdirectories).cloned().collect();
                expected.sort();
                assert_eq!(
                    declared, expected,
                    "fixture {name}: {module_path} must declare exactly the files and directories of {prefix}"
                );
                for file in &files {
                    assert!(
                        module.contains(&format!("pub use {file}::")),
                        "fixture {name}: {module_path} must re-export `{file}`"
                    );
                }
                for sub in &subdirectories {
                    assert!(
                        module.contains(&format!("pub mod {sub};")),
                        "fixture {name}: {module_path} must declare `{sub}` public"
                    );
                    directories.push(format!("{prefix}{sub}/"));
                }
            }
        }
    }

    /// The `mod` items of a file, in order, with their attributes (docs left out), compacted.
    fn modules(&self, path: &str) -> Vec<(String, Vec<String>)> {
        let file = match syn::parse_file(self.file(path)) {
            Ok(file) => file,
            Err(error) => panic!("fixture {}: {path} does not parse: {error}", self.name),
        };
        file.items
            .into_iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) => Some((
                    m.ident.to_string(),
                    m.attrs
                        .iter()
                        .filter(|a| !a.path().is_ident("doc"))
                        .map(compact)
                        .collect(),
                )),
                _ => None,
            })
            .collect()
    }

    /// No doc comment may become a doctest: every fence opens as ```text and no doc line is
    /// indented into a code block.
    fn check_no_doctest(&self, path: &str, contents: &str) {
        if RUNTIME_COPIES.iter().any(|(p, _)| *p == path) {
            return;
        }
        let mut in_fence = false;
        for line in contents.lines() {
            let trimmed = line.trim_start();
            let Some(doc) = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))
            else {
                continue;
            };
            let text = doc.strip_prefix(' ').unwrap_or(doc);
            if text.starts_with("```") {
                if !in_fence {
                    assert_eq!(
                        text, "```text",
                        "fixture {}: {path}: a doc fence must open as ```text: {line}",
                        self.name
                    );
                }
                in_fence = !in_fence;
                continue;
            }
            assert!(
                in_fence || !text.starts_with("    "),
                "fixture {}: {path}: an indented doc line would become a doctest: {line:?}",
                self.name
            );
        }
        assert!(
            !in_fence,
            "fixture {}: {path}: a doc fence is never closed",
            self.name
        );
    }
}

/// Every fixture in the directory is snapshotted and checked, whether or not a test below
/// asserts facts about it.
#[test]
fn every_fixture_matches_its_snapshot() {
    let fixtures = common::fixtures();
    assert!(fixtures.len() >= 11, "fixtures found: {fixtures:?}");
    for file in &fixtures {
        Fixture::load(common::stem(file));
    }
}

#[test]
fn scalars() {
    let f = Fixture::load("scalars");
    let rule = "scalar mapping";
    f.assert_field("Scalars", "int32", "i32", rule);
    f.assert_field("Scalars", "int64", "i64", rule);
    f.assert_field("Scalars", "integer", "i64", "integer without format is i64");
    f.assert_field("Scalars", "number", "f64", "number without format is f64");
    f.assert_field("Scalars", "float", "f32", rule);
    f.assert_field("Scalars", "double", "f64", rule);
    f.assert_field("Scalars", "flag", "bool", rule);
    f.assert_field("Scalars", "text", STRING, rule);
    for field in ["int32", "text", "flag"] {
        let view = f.field("Scalars", field);
        assert_eq!(
            (view.kind(), view.property()),
            ("required".to_owned(), field.to_owned()),
            "a required field is read and written as its property"
        );
    }

    // Optional: Option, absent when None.
    f.assert_field("Scalars", "optional_int32", &option("i32"), "optional");
    f.assert_field("Scalars", "optional_text", &option(STRING), "optional");
    let optional = f.field("Scalars", "optional_text");
    assert!(optional.is_skipped_when_none(), "{optional:?}");
    assert_eq!(optional.property(), "optionalText", "{optional:?}");

    // 3.1 nullable: `type: [T, 'null']`.
    f.assert_field(
        "Scalars",
        "required_nullable",
        &option(STRING),
        "required + nullable",
    );
    let required_nullable = f.field("Scalars", "required_nullable");
    assert_eq!(
        required_nullable.kind(),
        "nullable",
        "a required nullable field must write an explicit null: {required_nullable:?}"
    );
    f.assert_field(
        "Scalars",
        "optional_nullable",
        &nullable("i32"),
        "optional + nullable is three-state (format applies to the non-null type)",
    );
    let optional_nullable = f.field("Scalars", "optional_nullable");
    assert!(
        optional_nullable.is_three_state(),
        "absent, null and a value stay distinct: {optional_nullable:?}"
    );

    assert_eq!(f.flattened("Scalars"), None, "additionalProperties: false");
    assert!(
        f.derives("Scalars").contains("Default"),
        "every field has a Default"
    );
    // No date-time: only the nullable runtime, no chrono, no indexmap (no maps).
    assert!(!f.has("src/runtime/date_time.rs"));
    assert!(f.has("src/runtime/nullable.rs"));
    assert!(f
        .file("src/runtime/mod.rs")
        .contains("pub use nullable::Nullable;"));
    assert!(!f.depends_on("chrono"));
    assert!(!f.depends_on("indexmap"));
}

#[test]
fn nullable_30() {
    let f = Fixture::load("nullable_30");
    f.assert_field("Holder", "plain", STRING, "required, not nullable");
    f.assert_field(
        "Holder",
        "required_nullable",
        &option(STRING),
        "3.0 nullable: true",
    );
    assert!(!f
        .field("Holder", "required_nullable")
        .is_skipped_when_none());
    f.assert_field(
        "Holder",
        "optional_nullable",
        &nullable("f32"),
        "3.0 nullable: true on an optional field is three-state",
    );
    assert!(f.field("Holder", "optional_nullable").is_three_state());
    f.assert_field(
        "Holder",
        "nullable_ref",
        &nullable(&model("Target")),
        "nullable: true next to allOf: [$ref] (optional: three-state)",
    );
    assert!(f.field("Holder", "nullable_ref").is_three_state());
    f.assert_field(
        "Holder",
        "nullable_items",
        &option(&vec(&option("i64"))),
        "nullable items are Option inside the Vec",
    );
}

#[test]
fn collections() {
    let f = Fixture::load("collections");
    f.assert_field("Lists", "names", &vec(STRING), "array → Vec");
    f.assert_field(
        "Lists",
        "matrix",
        &option(&vec(&vec("i32"))),
        "nested arrays",
    );
    f.assert_field(
        "Lists",
        "anything",
        &option(&vec("serde_json::Value")),
        "array without items",
    );
    f.assert_field(
        "Lists",
        "scores",
        &option(&map("f64")),
        "additionalProperties schema → ordered map",
    );
    f.assert_field(
        "Lists",
        "labels",
        &option(&model("Labels")),
        "named map → its alias",
    );
    assert_eq!(
        f.alias("Labels"),
        map(STRING),
        "a named map schema is a type alias"
    );
    assert_eq!(
        f.flattened("Lists"),
        None,
        "additionalProperties: false has no extra field"
    );
    assert_eq!(
        f.flattened("Closed"),
        None,
        "additionalProperties: false has no extra field"
    );
    assert_eq!(f.field_names("Closed"), ["id"]);
    assert_eq!(
        f.flattened("Open"),
        Some(("additional_properties".to_owned(), map("serde_json::Value"))),
        "an object with properties keeps unknown properties in a flattened map"
    );
    assert_eq!(
        f.flattened("TypedExtras"),
        Some(("additional_properties".to_owned(), map("i32"))),
        "a typed additionalProperties next to properties gives a typed flattened map"
    );
    assert!(f.depends_on("indexmap"));
}

#[test]
fn refs_and_cycles() {
    let f = Fixture::load("refs_and_cycles");
    let node = model("Node");
    f.assert_field(
        "Node",
        "parent",
        &option(&boxed(&node)),
        "a self-reference is boxed",
    );
    f.assert_field(
        "Node",
        "children",
        &option(&vec(&node)),
        "a Vec is already indirect: no Box",
    );
    assert!(!f.field("Node", "children").ty.contains("Box<"));
    f.assert_field("A", "b", &boxed(&model("B")), "A → B closes the A/B cycle");
    f.assert_field(
        "B",
        "a",
        &nullable(&boxed(&model("A"))),
        "B → A (optional anyOf [$ref, null]: three-state) closes the A/B cycle",
    );
    for owner in ["A", "B", "Holder"] {
        f.assert_field(
            owner,
            "leaf",
            &option(&model("Leaf")),
            "a ref outside any cycle is not boxed",
        );
    }
    f.assert_field(
        "Holder",
        "maybe_leaf",
        &option(&model("Leaf")),
        "anyOf: [$ref, {type: null}] → Option",
    );
    assert!(
        !f.field("Holder", "maybe_leaf").is_skipped_when_none(),
        "required + nullable via anyOf writes an explicit null"
    );
}

#[test]
fn date_time() {
    let f = Fixture::load("date_time");
    let dt = "runtime::DateTime";
    f.assert_field("Event", "at", dt, "format: date-time");
    f.assert_field("Event", "until", &option(dt), "optional date-time");
    f.assert_field(
        "Event",
        "cancelled_at",
        &nullable(dt),
        "optional nullable date-time is three-state",
    );
    assert!(f.field("Event", "cancelled_at").is_three_state());
    f.assert_field("Event", "history", &option(&vec(dt)), "date-time items");
    f.assert_field(
        "Event",
        "day",
        &option("runtime::Date"),
        "format: date is the runtime's Date",
    );
    assert!(
        !f.derives("Event").contains("Default"),
        "DateTime has no Default, so neither has a struct with a required one"
    );
    assert!(f.has("src/runtime/date_time.rs"));
    assert!(f.has("src/runtime/nullable.rs"));
    assert!(!f.has("src/runtime/flags.rs"));
    assert!(f
        .file("src/runtime/mod.rs")
        .contains("pub use date_time::{Date, DateTime};"));
    assert!(f.depends_on("chrono"));
    assert!(
        !f.depends_on("indexmap"),
        "no maps and no kept unknown properties"
    );
}

#[test]
fn naming() {
    let f = Fixture::load("naming");
    let expected = [
        ("type_", "type"),
        ("type_2", "Type"),
        ("self_", "self"),
        ("self_2", "Self"),
        ("_2fa", "2fa"),
        ("empty", ""),
        ("gr_u00f6_u00df_e", "größe"),
        ("foo_bar", "fooBar"),
        ("foo_bar_2", "foo_bar"),
        ("foo_bar_3", "FooBar"),
        ("additional_properties", "additional_properties"),
        ("plain", "plain"),
    ];
    let names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    let mut all = names.clone();
    all.push("additional_properties_2");
    assert_eq!(f.field_names("Awkward"), all, "field names in spec order");
    for (name, wire) in expected {
        assert_eq!(
            f.field("Awkward", name).property(),
            wire,
            "Awkward.{name} is the property {wire:?}"
        );
    }
    assert_eq!(
        f.flattened("Awkward"),
        Some((
            "additional_properties_2".to_owned(),
            map("serde_json::Value")
        )),
        "a property named additional_properties pushes the kept-properties field aside"
    );
    f.assert_field("Awkward", "type_", STRING, "`type` is required");

    let types = f.type_names();
    for name in [
        "Foo", "Foo2", "Self_", "Self2", "Option", "String", "Result", "Box", "Vec", "Core", "Std",
    ] {
        assert!(types.contains(name), "type {name} missing: {types:?}");
    }
    assert_eq!(f.field_names("Foo"), ["lower", "additional_properties"]);
    assert_eq!(
        f.field_names("Foo2"),
        ["upper", "lower_foo", "additional_properties"]
    );
    f.assert_field("Foo2", "lower_foo", &option(&model("Foo")), "schema `foo`");
    f.assert_field("Self_", "me", &option(&model("Self2")), "schema `self`");
    let (units, fallback) = f.variants("Self2");
    assert_eq!(units, ["Self_", "Self2", "Other"]);
    assert_eq!(fallback, "Other2");
    f.assert_field(
        "String",
        "value",
        "std::string::String",
        "a model named String does not shadow std's",
    );
    f.assert_field(
        "String",
        "option",
        &option(&model("Option")),
        "model Option",
    );
    f.assert_field(
        "Box",
        "inner",
        &option(&format!("std::boxed::Box<{}>", model("Box"))),
        "a model named Box boxes itself with std's Box",
    );
    assert_eq!(
        f.alias("Vec"),
        format!("std::vec::Vec<{}>", model("String"))
    );
    assert_eq!(f.alias("Std"), STRING);
    let module = f.file("src/models/mod.rs");
    assert!(
        module.contains("mod core;\npub use core::Core;"),
        "{module}"
    );
    assert!(module.contains("mod std;\npub use std::Std;"), "{module}");
}

#[test]
fn enums() {
    let f = Fixture::load("enums");
    let (units, fallback) = f.variants("Status");
    assert_eq!(units, ["Invalid", "InQueue", "Closed"]);
    assert_eq!(fallback, "Other");
    let status = f.enumeration("Status");
    assert!(
        status
            .attrs
            .iter()
            .any(|a| a.path().is_ident("non_exhaustive")),
        "open enums are #[non_exhaustive]: a new member is a minor change"
    );
    let docs: Vec<Vec<String>> = status.variants.iter().map(|v| docs_of(&v.attrs)).collect();
    assert_eq!(docs[0], [" 0: Invalid - Unknown"]);
    assert_eq!(
        docs[1],
        [" 1: InQueue - waiting to be \\[picked up\\]"],
        "x-enum-descriptions are docs, sanitized"
    );

    let mapped = f.enumeration("Mapped");
    let docs: Vec<Vec<String>> = mapped.variants.iter().map(|v| docs_of(&v.attrs)).collect();
    assert_eq!(docs[0], [" `alpha`"], "no description: the wire value");
    assert_eq!(
        docs[1],
        [" The second letter."],
        "x-enum-descriptions by value"
    );

    let (units, fallback) = f.variants("WithOther");
    assert_eq!(units, ["First", "Other"]);
    assert_eq!(
        fallback, "Other2",
        "a member named Other pushes the fallback aside"
    );

    let (units, fallback) = f.variants("Colliding");
    assert_eq!(units, ["Ur", "Ur2", "Ur3", "N1st", "Empty", "SayHi"]);
    assert_eq!(fallback, "Other");
    let colliding = f.file("src/models/colliding.rs");
    for wire in [
        r#"Ur = "UR","#,
        r#"Ur2 = "Ur","#,
        r#"Ur3 = "ur","#,
        r#"Empty = "","#,
        r#"SayHi = "say \"hi\"","#,
    ] {
        assert!(
            colliding.contains(wire),
            "Colliding must declare the member {wire}"
        );
    }

    for (name, module) in [
        ("Status", "status"),
        ("Mapped", "mapped"),
        ("WithOther", "with_other"),
        ("Colliding", "colliding"),
        ("UsageMaybeStatus", "usage_maybe_status"),
    ] {
        // `string_enum!` gives `FromStr` that never fails (tested with the runtime).
        assert!(
            f.file(&format!("src/models/{module}.rs"))
                .contains("runtime::string_enum! {\n"),
            "open enum {name} parses from text (query, header) and never fails"
        );
    }

    assert_eq!(f.alias("Priority"), "i32", "an integer enum keeps its type");
    f.assert_field("Usage", "status", &model("Status"), "$ref to an enum");
    f.assert_field(
        "Usage",
        "maybe_status",
        &nullable(&model("UsageMaybeStatus")),
        "optional inline nullable enum is three-state",
    );
    assert!(f.field("Usage", "maybe_status").is_three_state());
    let (units, _) = f.variants("UsageMaybeStatus");
    assert_eq!(units, ["On", "Off"], "null is not a variant");
    f.assert_field(
        "Usage",
        "priority",
        &option(&model("Priority")),
        "integer enum ref",
    );
    f.assert_field("Usage", "level", &option("i64"), "inline integer enum");
}

#[test]
fn flags() {
    let f = Fixture::load("flags");
    let right = f.enumeration("FieldRight");
    let names: Vec<String> = right.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(
        names,
        [
            "None",
            "Read",
            "Write",
            "Delete",
            "ReadWrite",
            "Full",
            "Full2"
        ]
    );
    assert!(
        right.variants.iter().all(|v| v.fields.is_empty()),
        "a flag enum has no fallback: FlagSet keeps unknown names"
    );
    let source = f.file("src/models/field_right.rs");
    for member in [
        r#"(Self::None, "None", 0)"#,
        r#"(Self::ReadWrite, "ReadWrite", 3)"#,
        r#"(Self::Full, "FULL", 7)"#,
        r#"(Self::Full2, "Full", 7)"#,
    ] {
        assert!(
            source.contains(member),
            "FieldRight::MEMBERS must list {member}"
        );
    }
    assert!(source.contains("impl runtime::FlagEnum for FieldRight"));
    let set = "runtime::FlagSet<models::FieldRight>";
    f.assert_field("Field", "rights", set, "x-flags → FlagSet");
    f.assert_field("Field", "maybe_rights", &option(set), "optional flags");
    f.assert_field("Field", "history", &option(&vec(set)), "flags in arrays");
    assert!(f.has("src/runtime/flags.rs"));
    assert!(!f.has("src/runtime/date_time.rs"));
    assert!(!f.depends_on("chrono"));
}

#[test]
fn docs() {
    let f = Fixture::load("docs");
    let lib = f.file("src/lib.rs");
    assert!(
        lib.contains("//! Docs &lt;and&gt; \\[friends\\] 1.0.0"),
        "the title is escaped"
    );
    assert!(
        lib.contains("<https://example.com/api>"),
        "bare URL wrapped"
    );
    assert!(
        lib.contains("//! fn main() { panic!(\"indented code must not become a doctest\") }"),
        "indented code is de-indented"
    );
    assert!(
        lib.contains("a lone \\` backtick"),
        "unpaired backtick escaped"
    );

    // Indented inside `object_struct! { … }`: compared line by line without the indent.
    let documented: Vec<&str> = f
        .file("src/models/documented.rs")
        .lines()
        .map(str::trim_start)
        .collect();
    let documented = documented.join("\n");
    for expected in [
        "/// A title with \\[brackets\\]\n///\n/// Reason",
        "Reason \\[SR\\_MANDATORY\\_FIELD\\_1281\\] &lt;b&gt;bold&lt;/b&gt; &amp; &lt;br&gt;",
        "<https://example.com/x?a=1&b=2>.",
        "(<https://example.com/in-parens>)",
        "`a[0] <b> https://not.a.link` stays",
        "\\*stars\\* and \\_underscores\\_",
        "/// let indented = \"code block\";",
        "/// ```text\n/// fn fenced() -> Vec<[u8; 2]> { unimplemented!() }\n/// ```",
        "/// ```text\n/// tilde fence with <html> and [brackets]\n/// ```",
        "An unpaired \\` backtick here.",
        "/// ```text\n/// an unclosed fence with assert!(false);\n/// ```",
    ] {
        assert!(
            documented.contains(expected),
            "documented.rs should contain {expected:?}"
        );
    }
    assert!(!documented.contains("```rust"));
    assert!(!documented.contains("~~~"));
    assert_eq!(
        f.field("Documented", "noted").docs,
        [" Title only &lt;i&gt;"]
    );
    assert_eq!(
        f.field("Documented", "undocumented").docs,
        [" The `undocumented` property."],
        "a property without docs gets a fallback line (the crate denies missing_docs)"
    );
    assert_eq!(
        f.field("Documented", "backslash").docs,
        [" A path C:\\\\Temp\\\\\\[x\\] and a trailing backslash \\\\"]
    );
    f.assert_field(
        "Documented",
        "plain",
        &nullable("serde_json::Value"),
        "an optional schema without type allows null: three-state",
    );
    assert!(f.field("Documented", "plain").is_three_state());
}

#[test]
fn inline() {
    let f = Fixture::load("inline");
    f.assert_field(
        "Parent",
        "prop",
        &model("ParentProp"),
        "inline object property",
    );
    assert_eq!(f.field_names("ParentProp"), ["x", "nested"]);
    f.assert_field(
        "ParentProp",
        "nested",
        &option(&model("ParentPropNested")),
        "inline objects nest their names",
    );
    f.assert_field(
        "Parent",
        "kind",
        &option(&model("ParentKind")),
        "inline enum property",
    );
    let (units, fallback) = f.variants("ParentKind");
    assert_eq!(units, ["Small", "Large"]);
    assert_eq!(fallback, "Other");
    f.assert_field(
        "Parent",
        "entries",
        &option(&vec(&model("ParentEntriesItem"))),
        "inline object in array items",
    );
    f.assert_field(
        "Parent",
        "extras",
        &option(&map(&model("ParentExtrasValue"))),
        "inline object as map value",
    );
    f.assert_field(
        "Parent",
        "clash",
        &option(&model("ParentClash2")),
        "an inline name never takes a component's name",
    );
    assert_eq!(f.field_names("ParentClash"), ["taken"]);
    assert_eq!(f.field_names("ParentClash2"), ["z"]);

    let old = f.field("Parent", "old");
    assert!(
        old.attrs.contains(&"#[deprecated]".to_owned()),
        "deprecated property: {old:?}"
    );
    assert!(!f
        .field("Parent", "old_ref")
        .attrs
        .contains(&"#[deprecated]".to_owned()));
    for name in ["OldThing", "OldKind", "OldIds"] {
        assert!(f.is_deprecated(name), "deprecated schema {name}");
    }
    assert!(!f.is_deprecated("Parent"));
    assert!(
        f.file("src/lib.rs")
            .contains("#[rustfmt::skip]\n#[allow(deprecated)]\npub mod models;"),
        "models use deprecated models: the module allows it"
    );
    let plain = common::generate("refs_and_cycles", true);
    assert!(
        !plain.files[Path::new("src/lib.rs")].contains("allow(deprecated)"),
        "no deprecated model: no allow"
    );
}

#[test]
fn identical_inline() {
    let f = Fixture::load("identical_inline");
    assert_eq!(
        f.type_names().into_iter().collect::<Vec<_>>(),
        [
            "Account",
            "Issue",
            "IssuePermissions",
            "IssuePermissionsPages",
            "Owner",
            "PullRequest",
            "PullRequestState",
        ],
        "identical inline schemas share one type; components stay apart"
    );
    f.assert_field(
        "Issue",
        "author",
        &option(&model("Owner")),
        "an inline object the same as components is the component with the shortest name",
    );
    f.assert_field(
        "PullRequest",
        "permissions",
        &option(&model("IssuePermissions")),
        "parents are shared once their children are",
    );
    f.assert_field(
        "IssuePermissions",
        "contents",
        &option(&model("IssuePermissionsPages")),
        "the shortest name wins",
    );
    f.assert_field(
        "PullRequest",
        "state",
        &option(&model("PullRequestState")),
        "a different description keeps its own type",
    );
    assert!(
        f.file("src/models/issue_permissions_pages.rs")
            .contains("Also the type of 3 identical inline schemas elsewhere in the spec"),
        "the shared type counts its copies"
    );
}

/// `impl Into<String>`: how client methods and setters take strings.
const INTO_STRING: &str = "impl Into<String>";
const CREDENTIALS: &str = "auth::Credentials";
const JSON_VALUE: &str = "serde_json::Value";

/// A client method: name, positional arguments (name, type), returned request type.
type ClientCase<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

/// A server trait method: module, trait, method, arguments (name, type), return type.
type ServerCase<'a> = (&'a str, &'a str, &'a str, Vec<(&'a str, String)>, String);

/// `operations::pets::name`: a type of an operation tagged `pets`.
fn operation_type(name: &str) -> String {
    format!("operations::pets::{name}")
}

/// What a client request's `send` returns.
fn client_result(ok: &str, error: &str) -> String {
    format!("Result<{ok}, client::Error<{error}>>")
}

/// What a server trait method returns.
fn server_future(ok: &str, error: &str) -> String {
    format!("impl Future<Output = Result<{ok}, ApiError<{error}>>> + Send")
}

#[test]
fn binary_bodies() {
    let f = Fixture::load("binary_bodies");
    assert!(
        f.generated.warnings.is_empty(),
        "binary bodies are raw bytes in every media type, with no warning: {:?}",
        f.generated.warnings
    );
    // Operations tagged `blobs` are methods of the group's handle.
    let client = "client::blobs::BlobsClient<'a>";
    // A binary string response under five media types: one payload of bytes, all accepted,
    // streamed rather than read whole.
    assert_eq!(
        f.operation_result("get_blob_stream", "GetBlobStreamOperation"),
        client_result("runtime::client::ByteStream", JSON_VALUE),
        "a `format: binary` response is received as a byte stream"
    );
    let stream = f.operation_impl("get_blob_stream");
    for statement in [
        "request.accept(\"application/octet-stream, application/pdf, text/plain, text/html, multipart/related\");",
        "request.json_body(\"application/json\", body);",
        "request.stream_answer();",
        "answer.byte_stream()",
    ] {
        assert!(stream.contains(statement), "getBlobStream must {statement}\n{stream}");
    }
    // The server stub answers `Content` (bytes, or a file it streams from disk).
    let server = f.file("src/server/blobs.rs");
    assert!(
        server.contains("Output = Result<runtime::Content, ApiError<serde_json::Value>>"),
        "the server trait's getBlobStream returns Content"
    );
    assert!(server.contains("incoming.content(200, value, "), "{server}");
    // `type: file` produced as JSON: still bytes, not a JSON string.
    let download = f.operation_impl("download_blob");
    assert!(download.contains("answer.byte_stream()"), "{download}");
    // A binary body parameter (a `$ref` to a binary string) consumed as JSON or text: the
    // runtime's `Content` (bytes, or a file streamed from disk), read as bytes by the server.
    let replace = f.inherent_method("src/client/blobs/replace_blob.rs", client, "replace_blob");
    assert_eq!(
        signature(&replace.sig).0,
        args(&[("id", "i32"), ("body", "runtime::Content")]),
        "a binary request body is sent as bytes or a file"
    );
    let replace = f.operation_impl("replace_blob");
    assert!(
        replace.contains("request.content_body(\"application/json\", body);"),
        "{replace}"
    );
    assert!(
        f.file("src/server/blobs.rs")
            .contains("runtime::Content::Bytes(incoming.bytes_body()?)"),
        "the server reads the bytes"
    );
    // A `type: file` form field: a multipart body.
    let image = f.inherent_method("src/client/blobs/save_image.rs", client, "save_image");
    assert_eq!(
        signature(&image.sig).0,
        args(&[("id", "i32"), ("body", "runtime::Multipart")]),
        "a file form field makes a multipart body"
    );
    // Inside a JSON object: `byte` is Base64, `binary` stays text with its note.
    f.assert_field("Attachment", "content", "runtime::Base64", "format: byte");
    f.assert_field(
        "Attachment",
        "stream",
        &option(STRING),
        "format: binary in JSON",
    );
    assert!(
        f.field("Attachment", "stream")
            .docs
            .iter()
            .any(|line| line.contains("has no JSON form")),
        "binary inside JSON keeps its note"
    );
}

#[test]
fn operations() {
    let f = Fixture::load("operations");
    let error = model("Error");

    // Params structs: required → T, optional → Option<T>, lists → Vec<T> (never optional).
    let list_params = f.struct_fields("src/operations/pets/list_pets.rs", "ListPetsParams");
    let types: Vec<(&str, &str)> = list_params
        .iter()
        .map(|(name, ty, _)| (name.as_str(), ty.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            ("kind", model("ListPetsKind").as_str()),
            ("limit", option("i32").as_str()),
            ("tag", vec(STRING).as_str()),
            ("ids", vec("i64").as_str()),
            ("legacy", option("bool").as_str()),
            ("x_request_id", STRING),
            ("x_trace", option(STRING).as_str()),
            ("session", option(STRING).as_str()),
        ],
        "ListPetsParams: query (required inline enum, optional integer, two lists, deprecated), headers, cookie"
    );
    for (name, _, attrs) in &list_params {
        assert_eq!(
            attrs.contains(&"#[deprecated]".to_owned()),
            name == "legacy",
            "only the deprecated parameter is #[deprecated]: {name} {attrs:?}"
        );
    }
    let kind = "src/models/list_pets_kind.rs";
    assert_eq!(
        f.enum_variants(kind, "ListPetsKind"),
        [
            ("Cat".to_owned(), None),
            ("Dog".to_owned(), None),
            ("Other".to_owned(), Some(STRING.to_owned()))
        ],
        "an inline query enum is an open enum named after the operation and parameter"
    );
    assert!(
        f.file(kind).contains("runtime::string_enum! {\n"),
        "an enum parameter is parsed from the query with FromStr (`string_enum!`), which never fails"
    );
    for (module, stem) in [("put_toy", "PutToyParams"), ("patch_toy", "PatchToyParams")] {
        let fields: Vec<(String, String)> = f
            .struct_fields(&format!("src/operations/pets/{module}.rs"), stem)
            .into_iter()
            .map(|(name, ty, _)| (name, ty))
            .collect();
        assert_eq!(
            fields,
            args(&[("pet_id", "i64"), ("toy_name", STRING)]),
            "path parameters (int64 and string) from the path item"
        );
    }

    // Several success statuses → a response enum; 404 and `default` share the error type.
    assert_eq!(
        f.enum_variants("src/operations/pets/put_toy.rs", "PutToyResponse"),
        [
            ("Ok".to_owned(), Some(model("Toy"))),
            ("Created".to_owned(), Some(model("Receipt"))),
            ("NoContent".to_owned(), None),
        ],
        "200 + 201 + 204 → Ok(body) / Created(other body) / NoContent"
    );
    // Two media types of different types → a body enum.
    assert_eq!(
        f.enum_variants("src/operations/pets/patch_toy.rs", "PatchToyBody"),
        [
            ("Json".to_owned(), Some(model("Toy"))),
            ("MergePatchJson".to_owned(), Some(map(JSON_VALUE))),
        ],
        "application/json and application/merge-patch+json of different types"
    );
    for op in ["create_pet", "get_inventory", "health"] {
        assert!(
            f.rust_files()
                .all(|(path, _)| !(path.starts_with("src/operations/")
                    && path.ends_with(&format!("/{op}.rs")))),
            "{op} has no parameters, body enum or response enum: no operations file"
        );
    }
    // The PUT body's three-state field.
    f.assert_field(
        "Toy",
        "nickname",
        &nullable(STRING),
        "optional + type: [string, 'null']",
    );
    assert!(f.field("Toy", "nickname").is_three_state());

    // Client: required parameters and the body are positional; a request builder is returned.
    // A tagged operation is a method of its group's handle (its request borrows the client
    // for the handle's lifetime), an untagged one of `Client`.
    let owner = |op: &str| match op {
        "get_inventory" => "client::store::StoreClient<'a>",
        "health" => "client::Client",
        _ => "client::pets::PetsClient<'a>",
    };
    let cases: [ClientCase<'_>; 6] = [
        (
            "list_pets",
            &[
                ("kind", "models::ListPetsKind"),
                ("x_request_id", INTO_STRING),
            ],
            "ListPetsRequest<'a>",
        ),
        (
            "create_pet",
            &[("body", "Option<models::Pet>")],
            "CreatePetRequest<'a>",
        ),
        (
            "put_toy",
            &[
                ("pet_id", "i64"),
                ("toy_name", INTO_STRING),
                ("body", "models::Toy"),
            ],
            "PutToyRequest<'a>",
        ),
        (
            "patch_toy",
            &[
                ("pet_id", "i64"),
                ("toy_name", INTO_STRING),
                ("body", "operations::pets::PatchToyBody"),
            ],
            "PatchToyRequest<'a>",
        ),
        ("get_inventory", &[], "GetInventoryRequest<'a>"),
        ("health", &[], "HealthRequest<'_>"),
    ];
    for (op, arguments, request) in cases {
        let method = f.inherent_method(&f.operation_file("client", op), owner(op), op);
        assert_eq!(
            signature(&method.sig),
            (args(arguments), request.to_owned()),
            "Client::{op}: required parameters and body positional"
        );
        assert_eq!(
            is_deprecated_attr(&method.attrs),
            op == "get_inventory",
            "Client::{op}: #[deprecated] exactly for the deprecated operation"
        );
    }
    assert_eq!(
        f.inherent_methods("src/client/pets/list_pets.rs", "ListPetsRequest<'_>"),
        ["limit", "tag", "ids", "legacy", "x_trace", "session"],
        "one setter per optional parameter and list (params, send and send_with_headers are \
         the shared Request's)"
    );
    let legacy = f.inherent_method(
        "src/client/pets/list_pets.rs",
        "ListPetsRequest<'_>",
        "legacy",
    );
    assert!(
        is_deprecated_attr(&legacy.attrs),
        "deprecated parameter setter"
    );
    let outputs = [
        (
            "list_pets",
            "ListPetsRequest<'a>",
            client_result(&vec(&model("Pet")), &error),
        ),
        (
            "create_pet",
            "CreatePetRequest<'a>",
            client_result(&model("Pet"), &error),
        ),
        (
            "put_toy",
            "PutToyRequest<'a>",
            client_result(&operation_type("PutToyResponse"), &error),
        ),
        (
            "patch_toy",
            "PatchToyRequest<'a>",
            client_result(&model("Toy"), &error),
        ),
        (
            "get_inventory",
            "GetInventoryRequest<'a>",
            client_result(STRING, JSON_VALUE),
        ),
        (
            "health",
            "HealthRequest<'a>",
            client_result("()", JSON_VALUE),
        ),
    ];
    for (op, request, expected) in &outputs {
        let marker = request.replace("Request<'a>", "Operation");
        assert_eq!(
            f.operation_result(op, &marker),
            *expected,
            "{request}: success type and error body type"
        );
    }

    // What the client puts on the wire: each operation's `request` and `decode`.
    let list = f.operation_impl("list_pets");
    for statement in [
        "request.query(\"kind\", &params.kind);",
        "request.query_opt(\"limit\", params.limit.as_ref());",
        "request.query_list(\"tag\", &params.tag, runtime::client::ListStyle::Repeated);",
        "request.query_list(\"ids\", &params.ids, runtime::client::ListStyle::Comma);",
        "request.header(\"X-Request-Id\", &params.x_request_id);",
        "request.header_opt(\"X-Trace\", params.x_trace.as_ref());",
        "request.cookie_opt(\"session\", params.session.as_ref());",
        "request.accept(\"application/json\");",
        "= auth::DOCUMENT_SECURITY;",
    ] {
        assert!(
            list.contains(statement),
            "listPets must send {statement}\n{list}"
        );
    }
    let put = f.operation_impl("put_toy");
    for statement in [
        "request.path_param(\"petId\", &params.pet_id);",
        "request.path_param(\"toyName\", &params.toy_name);",
        "request.accept(\"application/json\");",
        "request.json_body(\"application/json\", body);",
        "200 => answer.json().map(operations::pets::PutToyResponse::Ok)",
        "201 => answer.json().map(operations::pets::PutToyResponse::Created)",
        "Ok(operations::pets::PutToyResponse::NoContent)",
        "_ => Err(answer.undocumented())",
    ] {
        assert!(
            put.contains(statement),
            "putToy must send/decode {statement}\n{put}"
        );
    }
    let patch = f.operation_impl("patch_toy");
    for statement in [
        "operations::pets::PatchToyBody::Json(value) => {request.json_body(\"application/json\", value);}",
        "operations::pets::PatchToyBody::MergePatchJson(value) => {request.json_body(\"application/merge-patch+json\", value);}",
    ] {
        assert!(patch.contains(statement), "patchToy must send {statement}\n{patch}");
    }
    let create = f.operation_impl("create_pet");
    assert!(
        create
            .contains("if let Some(body) = body {request.json_body(\"application/json\", body);}"),
        "an optional body is sent only when set\n{create}"
    );
    let inventory = f.operation_impl("get_inventory");
    assert!(
        inventory.contains("request.accept(\"text/plain\");")
            && inventory.contains("answer.text()"),
        "a text/plain answer is asked for and read as text\n{inventory}"
    );
    let health = f.operation_impl("health");
    assert!(
        health.contains("= &[];") && !health.contains("request.accept("),
        "`security: []` sends no credentials; no body, no Accept\n{health}"
    );

    // Client-wide setters: one per security scheme, one per optional header parameter.
    let client_mod = "src/client/mod.rs";
    for (setter, arguments) in [
        (
            "with_basic_auth",
            vec![("user", INTO_STRING), ("password", INTO_STRING)],
        ),
        ("with_bearer_auth", vec![("secret", INTO_STRING)]),
        ("with_api_key", vec![("secret", INTO_STRING)]),
        ("with_x_trace", vec![("value", INTO_STRING)]),
    ] {
        let method = f.inherent_method(client_mod, "Client", setter);
        assert_eq!(
            signature(&method.sig),
            (args(&arguments), "Self".to_owned()),
            "Client::{setter}"
        );
    }

    // Credentials: one optional entry per scheme; the document's alternatives.
    let credentials: Vec<(String, String)> = f
        .struct_fields("src/auth.rs", "Credentials")
        .into_iter()
        .map(|(name, ty, _)| (name, ty))
        .collect();
    assert_eq!(
        credentials,
        args(&[
            ("basic_auth", "Option<runtime::BasicCredentials>"),
            ("bearer_auth", "Option<runtime::Secret>"),
            ("api_key", "Option<runtime::Secret>"),
        ]),
        "Credentials fields per scheme"
    );
    assert_eq!(
        f.enum_variants("src/auth.rs", "Scheme"),
        [
            ("BasicAuth".to_owned(), None),
            ("BearerAuth".to_owned(), None),
            ("ApiKey".to_owned(), None)
        ]
    );
    let document_security = f
        .items("src/auth.rs")
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Const(c) if c.ident == "DOCUMENT_SECURITY" => Some(compact(&c.expr)),
            _ => None,
        });
    assert_eq!(
        document_security.as_deref(),
        Some("&[&[Scheme::BasicAuth], &[Scheme::BearerAuth], &[Scheme::ApiKey]]"),
        "three document-level alternatives"
    );
    let apply = compact(
        &f.inherent_method("src/auth.rs", "Credentials", "apply")
            .block,
    );
    for statement in [
        "request.basic_auth(value);",
        "request.authorization(\"Bearer\", value);",
        "request.api_key_header(\"X-Api-Key\", value);",
    ] {
        assert!(
            apply.contains(statement),
            "Credentials::apply must {statement}\n{apply}"
        );
    }
    let from_request = compact(
        &f.inherent_method("src/auth.rs", "Credentials", "from_request")
            .block,
    );
    for read in [
        "scheme.eq_ignore_ascii_case(\"Basic\")",
        "scheme.eq_ignore_ascii_case(\"Bearer\")",
        "incoming.header_text(\"X-Api-Key\")",
    ] {
        assert!(
            from_request.contains(read),
            "Credentials::from_request must read {read}"
        );
    }

    // Server: one trait per tag, `default` for the untagged operation, each behind its tag's
    // feature (`default` is taken: `default-tag`), with a stand-in while the feature is off.
    let server_mod = f.file("src/server/mod.rs");
    for (module, name, feature) in [
        ("pets", "PetsApi", "pets"),
        ("store", "StoreApi", "store"),
        ("default", "DefaultApi", "default-tag"),
    ] {
        let on = format!("#[cfg(feature = \"{feature}\")]");
        let off = format!("#[cfg(not(feature = \"{feature}\"))]");
        assert!(
            server_mod.contains(&format!(
                "{on}\nmod {module};\n{on}\npub use {module}::{name};"
            )),
            "server/mod.rs declares {module} and re-exports {name} behind `{feature}`"
        );
        assert!(
            server_mod.contains(&format!("{off}\npub trait {name} {{}}\n{off}\nimpl<T: ?Sized> {name} for T {{}}")),
            "server/mod.rs has a stand-in {name} that every type implements while `{feature}` is off"
        );
    }
    let cases: [ServerCase<'_>; 6] = [
        (
            "pets",
            "PetsApi",
            "list_pets",
            vec![
                ("params", operation_type("ListPetsParams")),
                ("credentials", CREDENTIALS.to_owned()),
            ],
            server_future(&vec(&model("Pet")), &error),
        ),
        (
            "pets",
            "PetsApi",
            "create_pet",
            vec![
                ("body", option(&model("Pet"))),
                ("credentials", CREDENTIALS.to_owned()),
            ],
            server_future(&model("Pet"), &error),
        ),
        (
            "pets",
            "PetsApi",
            "put_toy",
            vec![
                ("params", operation_type("PutToyParams")),
                ("body", model("Toy")),
                ("credentials", CREDENTIALS.to_owned()),
            ],
            server_future(&operation_type("PutToyResponse"), &error),
        ),
        (
            "pets",
            "PetsApi",
            "patch_toy",
            vec![
                ("params", operation_type("PatchToyParams")),
                ("body", operation_type("PatchToyBody")),
                ("credentials", CREDENTIALS.to_owned()),
            ],
            server_future(&model("Toy"), &error),
        ),
        (
            "store",
            "StoreApi",
            "get_inventory",
            vec![("credentials", CREDENTIALS.to_owned())],
            server_future(STRING, JSON_VALUE),
        ),
        (
            "default",
            "DefaultApi",
            "health",
            vec![],
            server_future("()", JSON_VALUE),
        ),
    ];
    for (module, trait_name, op, arguments, output) in cases {
        let path = format!("src/server/{module}.rs");
        let method = f.trait_method(&path, trait_name, op);
        let arguments: Vec<(String, String)> = arguments
            .into_iter()
            .map(|(name, ty)| (name.to_owned(), ty))
            .collect();
        assert_eq!(
            signature(&method.sig),
            (arguments, output),
            "{trait_name}::{op}: params, body, credentials (unless `security: []`)"
        );
        assert!(
            method.default.is_some(),
            "{trait_name}::{op} has a default (501) body"
        );
        assert_eq!(
            is_deprecated_attr(&method.attrs),
            op == "get_inventory",
            "{trait_name}::{op}: #[deprecated] exactly for the deprecated operation"
        );
        let handler = f.function(&path, op);
        let body = compact(&handler.block);
        assert_eq!(
            body.contains("auth::Credentials::from_request(incoming, auth::DOCUMENT_SECURITY)?"),
            op != "health",
            "handler {op} checks credentials exactly when the operation is secured\n{body}"
        );
        assert_eq!(compact(&handler.sig.generics), format!("<A: {trait_name}>"));
    }

    // Server handlers: what they read and answer.
    let handler =
        |module: &str, op: &str| compact(&f.function(&format!("src/server/{module}.rs"), op).block);
    let list = handler("pets", "list_pets");
    for read in [
        "serve(shared, request, &[\"application/json\"],",
        "kind: incoming.query(\"kind\")?",
        "limit: incoming.query_opt(\"limit\")?",
        "tag: incoming.query_repeated(\"tag\")?",
        "ids: incoming.query_list(\"ids\", ',')?",
        "x_request_id: incoming.header(\"X-Request-Id\")?",
        "x_trace: incoming.header_opt(\"X-Trace\")?",
        "session: incoming.cookie_opt(\"session\")?",
        "incoming.json_outcome(200, outcome, &[\"application/json\"])",
    ] {
        assert!(list.contains(read), "list_pets handler must {read}\n{list}");
    }
    let put = handler("pets", "put_toy");
    for read in [
        "pet_id: incoming.path(\"p0\", \"petId\")?",
        "toy_name: incoming.path(\"p1\", \"toyName\")?",
        "incoming.json_payload(&[\"application/json\"])?",
        "incoming.json(201, &value, &[\"application/json\"])",
        "incoming.empty(204)",
    ] {
        assert!(put.contains(read), "put_toy handler must {read}\n{put}");
    }
    let patch = handler("pets", "patch_toy");
    assert!(
        patch.contains("incoming.payload_index(&[&[\"application/json\"], &[\"application/merge-patch+json\"]])?"),
        "patch_toy picks the body variant by Content-Type\n{patch}"
    );
    let create = handler("pets", "create_pet");
    assert!(
        create.contains("if incoming.has_body()"),
        "an optional body may be left out\n{create}"
    );
    let inventory = handler("store", "get_inventory");
    assert!(
        inventory.contains("&[\"text/plain\"]")
            && inventory.contains("incoming.text(200, value, &[\"text/plain\"])"),
        "a text/plain answer\n{inventory}"
    );
    let health = handler("default", "health");
    assert!(
        health.contains("serve(shared, request, &[], |_|Ok(()),")
            && health.contains("incoming.empty_outcome(204, outcome)"),
        "no body: nothing to negotiate, 204\n{health}"
    );

    // Router: one `.route` per path, path parameters renamed by position.
    let router = f.function("src/server/mod.rs", "router_with_options");
    let where_clause = router
        .sig
        .generics
        .where_clause
        .as_ref()
        .map(compact)
        .unwrap_or_default();
    assert_eq!(
        where_clause.trim_end_matches(", "),
        "where A: Send + Sync + 'static + PetsApi + StoreApi + DefaultApi",
        "the router serves one implementation of every trait (stand-ins ask nothing)"
    );
    let body = compact(&router.block);
    let routes: Vec<&str> = body
        .split(".route(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        routes,
        [
            "/pets",
            "/pets/{p0}/toys/{p1}",
            "/store/inventory",
            "/health"
        ],
        "routes in spec order, path parameters named p0, p1"
    );
    for route in [
        "#[cfg(feature = \"pets\")]let router = router.route(\"/pets\", routing::get(pets::list_pets::<A>).post(pets::create_pet::<A>));",
        "#[cfg(feature = \"pets\")]let router = router.route(\"/pets/{p0}/toys/{p1}\", routing::put(pets::put_toy::<A>).patch(pets::patch_toy::<A>));",
        "#[cfg(feature = \"store\")]let router = router.route(\"/store/inventory\", routing::get(store::get_inventory::<A>));",
        "#[cfg(feature = \"default-tag\")]let router = router.route(\"/health\", routing::get(default::health::<A>));",
    ] {
        assert!(body.contains(route), "router must have {route}\n{body}");
    }

    assert!(f.depends_on("reqwest") && f.depends_on("axum"));
    assert!(
        f.has("src/runtime/nullable.rs"),
        "Toy.nickname is three-state"
    );
}

#[test]
fn grouped() {
    let f = Fixture::load("grouped");
    // A non-string `x-rust-name` is a warning with its own cause, and the operationId names.
    let warnings: Vec<String> = f
        .generated
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("`x-rust-name` must be a string, found a number; ignored")
            && warnings[0].contains("(at #/paths/~1api~1v1~1Person~1{id}/delete/x-rust-name)"),
        "{warnings:?}"
    );
    assert_eq!(
        f.generated.warnings[0].cause,
        codegen::diagnostic::Cause::IgnoredExtension
    );
    // `Search` in two groups: the same names, no suffix, in each group's modules.
    for (group, handle) in [("contact", "ContactClient"), ("person", "PersonClient")] {
        assert_eq!(
            f.inherent_methods(
                &format!("src/client/{group}/search.rs"),
                &format!("client::{group}::{handle}<'a>")
            ),
            ["search"],
            "{handle}::search"
        );
        assert!(
            f.file(&format!("src/operations/{group}/mod.rs"))
                .contains("mod search;\npub use search::SearchParams;\n"),
            "operations::{group}::SearchParams"
        );
        assert_eq!(
            f.inherent_methods(&format!("src/client/{group}/mod.rs"), "client::Client"),
            [group],
            "client.{group}() returns {handle}"
        );
    }
    assert!(
        f.rust_files().all(|(path, _)| !path.contains("search_2")),
        "no numeric suffix"
    );
    // The ignored `x-rust-name` falls back to the operationId.
    assert!(f.has("src/client/person/v1_person_delete.rs"));
    // A tag whose accessor would be a `Client` method gets a suffix; its module does not.
    assert_eq!(
        f.inherent_methods("src/client/credentials/mod.rs", "client::Client"),
        ["credentials_2"]
    );
    // The untagged operation is a method of `Client`.
    assert_eq!(
        f.inherent_methods("src/client/default/ping.rs", "client::Client"),
        ["ping"]
    );
    // A schema's `x-rust-name` names its type instead of its key.
    assert_eq!(
        f.type_names().into_iter().collect::<Vec<_>>(),
        ["ContactEntity"]
    );
    assert_eq!(
        f.trait_impl_type(
            "src/client/contact/search.rs",
            "client::Operation",
            "SearchOperation",
            "Output"
        ),
        vec(&model("ContactEntity")),
        "a `$ref` to the schema names the type of its `x-rust-name`"
    );
}

#[test]
fn tags() {
    let f = Fixture::load("tags");
    let manifest = f.file("Cargo.toml");
    assert!(
        manifest.contains(
            "default = [\"client\", \"server\", \"pets\", \"store-front\", \"default-tag\", \"unused-schemas\"]\n"
        ),
        "every tag feature and `unused-schemas` are on by default\n{manifest}"
    );
    for (comment, feature) in [
        ("# Tag `pets`: its operations and the schemas they use.", "pets"),
        ("# Tag `Store Front`: its operations and the schemas they use.", "store-front"),
        (
            "# Tag `default`: its operations and the schemas they use (not `default`, which is taken).",
            "default-tag",
        ),
        ("# The schemas no operation uses (and what only they use).", "unused-schemas"),
    ] {
        assert!(
            manifest.contains(&format!("{comment}\n{feature} = []\n")),
            "feature {feature} with its comment\n{manifest}"
        );
    }

    // Models: gated by the features whose operations reach them; none for every tag's type.
    let models = f.file("src/models/mod.rs");
    let any = |features: &[&str]| {
        let list: Vec<String> = features
            .iter()
            .map(|f| format!("feature = \"{f}\""))
            .collect();
        format!("#[cfg(any({}))]", list.join(", "))
    };
    let one = |feature: &str| format!("#[cfg(feature = \"{feature}\")]");
    for (module, name, cfg, why) in [
        ("pet", "Pet", one("pets"), "answer of getPet"),
        ("toy", "Toy", one("pets"), "only through Pet.toys[]"),
        ("sale", "Sale", one("store-front"), "answer of sellPet"),
        (
            "receipt",
            "Receipt",
            one("store-front"),
            "only as a map value of Sale",
        ),
        (
            "owner",
            "Owner",
            any(&["pets", "store-front", "unused-schemas"]),
            "Pet.owner, Sale.owner and the unused Orphan.owner",
        ),
        (
            "orphan",
            "Orphan",
            one("unused-schemas"),
            "used by no operation",
        ),
        (
            "orphan_part",
            "OrphanPart",
            one("unused-schemas"),
            "used only by Orphan",
        ),
    ] {
        assert!(
            models.contains(&format!(
                "{cfg}\nmod {module};\n{cfg}\npub use {module}::{name};\n"
            )),
            "{name} is behind {cfg}: {why}\n{models}"
        );
    }
    assert!(
        models.contains("\nmod problem;\npub use problem::Problem;\n"),
        "Problem, the error type of every tag, is not gated\n{models}"
    );

    // Operations, client handles and requests and server traits: behind their tag's feature.
    let client = f.file("src/client/mod.rs");
    for (module, handle, feature) in [
        ("pets", Some("PetsClient"), "pets"),
        ("store_front", Some("StoreFrontClient"), "store-front"),
        ("default", None, "default-tag"),
    ] {
        let cfg = format!("#[cfg(feature = \"{feature}\")]");
        assert!(
            client.contains(&format!("{cfg}\npub mod {module};\n")),
            "client::{module} is behind `{feature}`\n{client}"
        );
        if let Some(handle) = handle {
            assert!(
                client.contains(&format!("{cfg}\npub use {module}::{handle};\n")),
                "client::{handle} is behind `{feature}`\n{client}"
            );
        }
    }
    let operations = f.file("src/operations/mod.rs");
    assert!(
        operations.contains("#[cfg(feature = \"pets\")]\npub mod pets;\n"),
        "operations::pets is behind `pets`\n{operations}"
    );
    // The handle and its accessor live in the gated group module; untagged operations
    // (group `default`) are methods of `Client` itself.
    assert_eq!(
        f.inherent_methods("src/client/pets/mod.rs", "client::Client"),
        ["pets"],
        "client.pets() returns the pets handle"
    );
    assert_eq!(
        f.inherent_methods("src/client/default/health.rs", "client::Client"),
        ["health"],
        "an untagged operation is a method of Client"
    );
    assert_eq!(
        f.inherent_methods("src/client/pets/get_pet.rs", "client::pets::PetsClient<'a>"),
        ["get_pet"],
        "a tagged operation is a method of its group's handle"
    );
    // One path served by two tags: a route per tag, merged by axum.
    let router = compact(&f.function("src/server/mod.rs", "router_with_options").block);
    for route in [
        "#[cfg(feature = \"pets\")]let router = router.route(\"/pets/{p0}\", routing::get(pets::get_pet::<A>));",
        "#[cfg(feature = \"store-front\")]let router = router.route(\"/pets/{p0}\", routing::delete(store_front::sell_pet::<A>));",
    ] {
        assert!(router.contains(route), "router must have {route}\n{router}");
    }
    let lib = f.file("src/lib.rs");
    assert!(
        lib.contains(
            "`fixture-tags = { default-features = false, features = [\"client\", \"pets\"] }`"
        ),
        "the crate docs say how to enable only some tags\n{lib}"
    );
}

/// The warnings of fixture `f` as `LINE:COL cause: message` lines, for assertions.
fn warning_lines(f: &Fixture) -> Vec<String> {
    f.generated
        .warnings
        .iter()
        .map(|w| {
            format!(
                "{}:{} {}: {}",
                w.location.line,
                w.location.column,
                w.cause.label(),
                w.message
            )
        })
        .collect()
}

#[test]
fn undeclared_security() {
    let f = Fixture::load("undeclared_security");
    let warnings = warning_lines(&f);
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("29:11 undeclared security scheme: security scheme `SuperOffice Password` is not declared; treated as any declared scheme (`Password`, `SuperId`)"),
        "{warnings:#?}"
    );
    assert!(warnings[4].starts_with("50:11 undeclared security scheme: security scheme `api_key`"));
    // Either declared scheme authenticates the misnamed requirements: Basic alone suffices.
    let any_declared = "&[&[auth::Scheme::Password], &[auth::Scheme::SuperId]]";
    for op in ["get_topic", "delete_topic", "list_keys"] {
        let operation = f.operation_impl(op);
        assert!(operation.contains(any_declared), "{op}:\n{operation}");
    }
    // A requirement naming a declared scheme is kept as written.
    assert!(f
        .operation_impl("who_am_i")
        .contains("&[&[auth::Scheme::Password]]"));
}

#[test]
fn dangling_ref() {
    let f = Fixture::load("dangling_ref");
    let warnings = warning_lines(&f);
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("`$ref` to nothing: schema `")
                && w.contains("is not defined in this document")),
        "{warnings:#?}"
    );
    // Every place a missing schema stands is any JSON value: nothing the server sends is lost.
    let quote = f.file("src/models/quote.rs");
    assert!(quote.contains("pub metadata: runtime::Nullable<serde_json::Value>"));
    assert!(quote.contains("pub history: Option<Vec<serde_json::Value>>"));
    let line = f.file("src/models/quote_line.rs");
    assert!(
        line.contains("pub line: "),
        "the object part is merged\n{line}"
    );
    assert!(
        line.contains("additional_properties"),
        "the missing part's data is kept\n{line}"
    );
    let fields = f.file("src/client/default/get_fields.rs");
    assert!(
        fields.contains("indexmap::IndexMap<String, serde_json::Value>"),
        "{fields}"
    );
}

#[test]
fn misfit_defaults() {
    let f = Fixture::load("misfit_defaults");
    let warnings = warning_lines(&f);
    assert_eq!(warnings.len(), 9, "{warnings:#?}");
    assert!(warnings
        .iter()
        .all(|w| w.contains("`default` that does not fit: default ")));
    let converted = warnings
        .iter()
        .filter(|w| w.contains("which means the same"))
        .count();
    let ignored = warnings.iter().filter(|w| w.contains("is ignored")).count();
    assert_eq!((converted, ignored), (6, 3), "{warnings:#?}");
    // The docs show what was taken, never what was ignored.
    let settings = f.file("src/models/settings.rs");
    for note in [
        "Default: `1`.",
        "Default: `\"4\"`.",
        "Default: `3000000000.0`.",
        "Default: `true`.",
        "Default: `[\"all\"]`.",
        "Default: `3`.",
    ] {
        assert!(settings.contains(note), "{note}\n{settings}");
    }
    assert!(
        !settings.contains("inf") && !settings.contains("Default: `null`"),
        "{settings}"
    );
}

#[test]
fn path_extensions() {
    let f = Fixture::load("path_extensions");
    assert!(
        f.generated.warnings.is_empty(),
        "{:?}",
        f.generated.warnings
    );
    let client = f.file("src/client/default/mod.rs");
    assert!(client.contains("\nmod ping;\n"), "{client}");
    assert!(
        !f.generated
            .files
            .keys()
            .any(|p| p.to_string_lossy().contains("x_")),
        "no operation or type from an `x-` key"
    );
}

#[test]
fn repeated_enum_values() {
    let f = Fixture::load("repeated_enum_values");
    let warnings = warning_lines(&f);
    assert_eq!(
        warnings,
        [
            "13:7 repeated `enum` value: `enum` lists `preview` more than once; the repeats are left out: list each value once",
            "13:7 repeated `enum` value: `enum` lists `development` more than once; the repeats are left out: list each value once",
        ]
    );
    let target = f.file("src/models/target.rs");
    assert_eq!(
        target.matches("\"preview\" =>").count(),
        target.matches("\"production\" =>").count(),
        "one arm per value in each match\n{target}"
    );
    assert!(
        !target.contains("Preview2") && target.contains("/// Review builds"),
        "{target}"
    );
}

/// Whether generated `contents` name the item at `path` (`crate::runtime::Date`), written out
/// or shortened: `runtime::Date` after `use crate::{…, runtime, …};`, `indexmap::IndexMap`
/// without its leading `::`.
fn names(contents: &str, path: &str) -> bool {
    if contents.contains(path) {
        return true;
    }
    let (short, module) = match path.strip_prefix("crate::") {
        Some(rest) => (rest, rest.split("::").next()),
        None => (path.trim_start_matches("::"), None),
    };
    if let Some(module) = module {
        let imported = contents.lines().any(|line| {
            line.strip_prefix("use crate::").is_some_and(|list| {
                list.trim_matches(|c| "{};".contains(c))
                    .split(", ")
                    .any(|m| m == module)
            })
        });
        if !imported {
            return false;
        }
    }
    contents.match_indices(short).any(|(at, _)| {
        !contents[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c == ':' || c == '_' || c.is_alphanumeric())
    })
}

#[test]
fn headers_most_operations_share_are_common() {
    let f = Fixture::load("common_headers");
    let names = |path: &str, name: &str| -> Vec<(String, String)> {
        f.struct_fields(path, name)
            .into_iter()
            .map(|(field, ty, _)| (field, ty))
            .collect()
    };
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    assert_eq!(
        names("src/operations/mod.rs", "CommonHeaders"),
        owned(&[
            ("x_request_id", "Option<String>"),
            ("accept_language", "Option<String>"),
        ]),
        "headers on at least half of the operations, whatever their case"
    );
    assert_eq!(
        names("src/operations/default/list_things.rs", "ListThingsParams"),
        owned(&[
            ("x_trace", "Option<bool>"),
            ("limit", "Option<i32>"),
            ("common_headers", "operations::CommonHeaders"),
        ]),
        "a header on one operation keeps its own field"
    );
    assert_eq!(
        names("src/operations/default/get_thing.rs", "GetThingParams"),
        owned(&[
            ("id", "i64"),
            ("x_required", "String"),
            ("common_headers", "operations::CommonHeaders"),
        ]),
        "a required header keeps its own field"
    );
    assert_eq!(
        names("src/operations/default/get_plain.rs", "GetPlainParams"),
        owned(&[("q", "Option<String>")]),
        "an operation without common headers has no common_headers"
    );
    let client = f.file("src/client/mod.rs");
    assert!(
        client.contains("O::Params: operations::WithCommonHeaders,"),
        "one setter per common header on every request that takes them: {client}"
    );
    let server = f.file("src/server/mod.rs");
    assert!(
        server.contains("pub(crate) fn read_common_headers("),
        "the server reads them in one place: {server}"
    );
}

#[test]
fn a_common_header_that_would_clash_stays_per_operation() {
    let f = Fixture::load("common_header_clash");
    let operations = f.file("src/operations/mod.rs");
    assert!(
        !operations.contains("CommonHeaders"),
        "no common headers: {operations}"
    );
    let fields: Vec<String> = f
        .struct_fields("src/operations/default/get_a.rs", "GetAParams")
        .into_iter()
        .map(|(field, _, _)| field)
        .collect();
    assert_eq!(fields, ["accept_language", "accept_language_2"]);
}

#[test]
fn shared_routes() {
    let f = Fixture::load("shared_routes");
    // Same route, told apart by type: one route per shape, dispatched most constrained first.
    let router = compact(&f.function("src/server/mod.rs", "router_with_options").block);
    for route in [
        // Candidates of two tags: each behind its feature, the route behind either.
        "#[cfg(any(feature = \"users\", feature = \"directory\"))]let router = router.route(\"/users/{p0}\", routing::get(runtime::server::dispatch([#[cfg(feature = \"users\")]([runtime::server::fits::<i32>], users::get_user::<A>), #[cfg(feature = \"directory\")]([runtime::server::any_text], directory::get_user_by_name::<A>)])));",
        // Methods served by one operation each stay plain handlers.
        "#[cfg(feature = \"users\")]let router = router.route(\"/users/{p0}\", routing::delete(users::delete_user::<A>).put(users::put_user_by_name::<A>));",
        // A multipart handler is an `async fn`, boxed into a `Reply`.
        "([runtime::server::fits::<i64>], |state, request| -> runtime::server::Reply {Box::pin(users::put_avatar::<A>(state, request))}), ([runtime::server::any_text], users::put_avatar_by_name::<A>)",
        // (int, int) before (string, int), whatever the spec order; an alias is followed.
        "([runtime::server::fits::<i32>, runtime::server::fits::<i32>], users::get_item::<A>), ([runtime::server::any_text, runtime::server::fits::<i32>], users::get_item_by_list_name::<A>)",
        // A date and a UUID before a plain string.
        "([runtime::Date::is_date], users::get_events_of_day::<A>), ([runtime::Uuid::is_uuid], users::get_event::<A>), ([runtime::server::any_text], users::get_event_by_slug::<A>)",
        // An open enum's known members before any text.
        "([|text: &str|models::RoleType::from(text).is_known()], users::get_roles_of_type::<A>), ([runtime::server::any_text], users::get_role_by_name::<A>)",
        // What the types cannot tell apart: only the first is routed.
        "#[cfg(feature = \"users\")]let router = router.route(\"/tags/{p0}\", routing::get(users::get_tag::<A>));",
    ] {
        assert!(router.contains(route), "router must have {route}\n{router}");
    }
    let warnings = warning_lines(&f);
    assert_eq!(
        warnings.len(),
        1,
        "only the real ambiguities warn: {warnings:#?}"
    );
    assert!(
        warnings[0].starts_with("125:5 route not served: `GET /tags/{label}` has the same route as operation `getTag` (`GET /tags/{tagName}`), and the types of their path parameters cannot tell them apart (this one takes `{label}`: any text; `getTag` takes `{tagName}`: any text): the spec is ambiguous here, and the server serves only `getTag`"),
        "{warnings:#?}"
    );
    // Every operation keeps its client method, the unrouted ones included.
    assert!(f.has("src/client/users/get_tag_by_label.rs"));
    assert!(f.has("src/client/users/get_role_by_name.rs"));
}

#[test]
fn answer_outcomes() {
    let f = Fixture::load("answer_outcomes");
    assert!(
        f.generated.warnings.is_empty(),
        "{:?}",
        f.generated.warnings
    );
    // A documented 304 is an outcome beside the value, which the request takes as such.
    assert_eq!(
        f.enum_variants("src/operations/entities/get_entity.rs", "GetEntityResponse"),
        [
            ("Ok".to_owned(), Some("models::Entity".to_owned())),
            ("NotModified".to_owned(), None)
        ]
    );
    let get = f.operation_impl("get_entity");
    for statement in [
        "request.expect_status(304);",
        "304 => Ok(operations::entities::GetEntityResponse::NotModified),",
    ] {
        assert!(get.contains(statement), "getEntity must {statement}\n{get}");
    }
    // 412 stays an error (the runtime's `Error::PreconditionFailed`): the output is the value.
    assert_eq!(
        f.operation_result("put_entity", "PutEntityOperation"),
        client_result("models::Entity", "models::Problem")
    );
    // `x-nullable-answer` and `x-in-band-error`: `Option<T>`, and the marked body is the error.
    assert_eq!(
        f.operation_result("agent_get_entity", "AgentGetEntityOperation"),
        client_result(&option("models::Entity"), "models::AgentError")
    );
    let agent = f.operation_impl("agent_get_entity");
    assert!(
        agent.contains("answer.json_unless_marked(\"Message\")"),
        "{agent}"
    );
    // A download is streamed.
    assert_eq!(
        f.operation_result("get_entity_content", "GetEntityContentOperation"),
        client_result("runtime::client::ByteStream", JSON_VALUE)
    );
    let content = f.operation_impl("get_entity_content");
    assert!(content.contains("request.stream_answer();"), "{content}");
}
