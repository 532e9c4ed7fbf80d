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
];

const STRING: &str = "::std::string::String";

/// `::std::option::Option<inner>`.
fn option(inner: &str) -> String {
    format!("::std::option::Option<{inner}>")
}

/// `::std::vec::Vec<inner>`.
fn vec(inner: &str) -> String {
    format!("::std::vec::Vec<{inner}>")
}

/// `::std::boxed::Box<inner>`.
fn boxed(inner: &str) -> String {
    format!("::std::boxed::Box<{inner}>")
}

/// `::indexmap::IndexMap<String, value>`.
fn map(value: &str) -> String {
    format!("::indexmap::IndexMap<{STRING}, {value}>")
}

/// `crate::models::name`.
fn model(name: &str) -> String {
    format!("crate::models::{name}")
}

/// Tokens as compact text: `crate :: models :: A` → `crate::models::A`, but commas and `=`
/// keep rustfmt-like spacing (`IndexMap<K, V>`, `rename = "x"`) so expectations read naturally.
fn compact(tokens: impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    for ch in text.chars() {
        match ch {
            '"' => {
                in_string = !in_string;
                out.push(ch);
            }
            ' ' if !in_string => {}
            ',' if !in_string => out.push_str(", "),
            '=' if !in_string => out.push_str(" = "),
            _ => out.push(ch),
        }
    }
    out.replace(", >", ">")
        .replace(", )", ")")
        .replace(", ]", "]")
}

/// One generated field, read back with syn.
#[derive(Debug)]
struct FieldView {
    ty: String,
    /// Every attribute except docs, compacted, e.g. `#[serde(rename = "type")]`.
    attrs: Vec<String>,
    docs: Vec<String>,
}

impl FieldView {
    fn serde(&self) -> String {
        self.attrs
            .iter()
            .filter(|a| a.starts_with("#[serde"))
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn is_skipped_when_none(&self) -> bool {
        self.serde()
            .contains("skip_serializing_if = \"::std::option::Option::is_none\"")
    }
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
    name: &'static str,
    generated: GeneratedCrate,
}

impl Fixture {
    /// Generates fixture `name`, snapshots it and runs the checks every fixture must pass.
    fn load(name: &'static str) -> Self {
        let fixture = Self {
            name,
            generated: common::generate(name, true),
        };
        assert!(
            fixture.generated.warnings.is_empty(),
            "fixture {name} should generate without warnings, got:\n{}",
            fixture
                .generated
                .warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
        fixture.check_invariants();
        insta::assert_snapshot!(name, fixture.snapshot_text());
        fixture
    }

    /// Every file but the verbatim runtime copies, with `// ==== path ====` separators.
    fn snapshot_text(&self) -> String {
        let mut text = String::new();
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

    /// Every item of every model file, parsed.
    fn model_items(&self) -> Vec<syn::Item> {
        self.rust_files()
            .filter(|(path, _)| path.starts_with("src/models/"))
            .flat_map(|(path, contents)| match syn::parse_file(contents) {
                Ok(file) => file.items,
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

    /// The `#[serde(flatten)]` field of a struct, if any: (name, type).
    fn flattened(&self, structure: &str) -> Option<(String, String)> {
        self.structure(structure).fields.iter().find_map(|f| {
            f.attrs
                .iter()
                .any(|a| compact(a) == "#[serde(flatten)]")
                .then(|| {
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
        let name = self.name;
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
        let date_time = self.has("src/runtime/date_time.rs");
        let flags = self.has("src/runtime/flags.rs");
        let lib = self.file("src/lib.rs");
        assert_eq!(
            self.has("src/runtime/mod.rs"),
            date_time || flags,
            "fixture {name}: src/runtime/mod.rs exists exactly when a runtime file is needed"
        );
        assert_eq!(
            lib.contains("pub mod runtime;"),
            date_time || flags,
            "fixture {name}: lib.rs declares `runtime` exactly when it exists"
        );
        if date_time || flags {
            let module = self.file("src/runtime/mod.rs");
            assert_eq!(module.contains("pub mod date_time;"), date_time);
            assert_eq!(module.contains("pub mod flags;"), flags);
        }
        let uses = |needle: &str| {
            self.rust_files()
                .filter(|(path, _)| !RUNTIME_COPIES.iter().any(|(p, _)| p == path))
                .any(|(_, contents)| contents.contains(needle))
        };
        assert_eq!(
            self.depends_on("chrono"),
            date_time,
            "fixture {name}: chrono is a dependency exactly when the date-time runtime is copied"
        );
        assert_eq!(
            date_time,
            uses("crate::runtime::DateTime"),
            "fixture {name}: the date-time runtime is copied exactly when a model uses it"
        );
        assert_eq!(
            flags,
            uses("crate::runtime::FlagSet<"),
            "fixture {name}: the flags runtime is copied exactly when a model uses it"
        );
        assert_eq!(
            self.depends_on("indexmap"),
            uses("::indexmap::"),
            "fixture {name}: indexmap is a dependency exactly when generated code uses it"
        );
        assert!(self.depends_on("serde") && self.depends_on("serde_json"));

        // models/mod.rs declares and re-exports every model file.
        let model_files: Vec<String> = self
            .rust_files()
            .filter_map(|(path, _)| {
                let module = path.strip_prefix("src/models/")?.strip_suffix(".rs")?;
                (module != "mod").then(|| module.to_owned())
            })
            .collect();
        assert_eq!(self.has("src/models/mod.rs"), !model_files.is_empty());
        if !model_files.is_empty() {
            let module = self.file("src/models/mod.rs");
            for file in &model_files {
                assert!(
                    module.contains(&format!("mod {file};"))
                        && module.contains(&format!("pub use {file}::")),
                    "fixture {name}: models/mod.rs must declare and re-export `{file}`"
                );
            }
        }
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

#[test]
fn fixture_list_matches_directory() {
    let mut on_disk: Vec<String> = std::fs::read_dir(common::fixtures_dir())
        .expect("tests/fixtures is readable")
        .filter_map(|entry| {
            let path = entry.expect("a directory entry").path();
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            (path.extension()? == "yaml").then_some(stem)
        })
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk,
        common::FIXTURES,
        "common::FIXTURES must list every fixture so that snapshots and the compile check cover it"
    );
}

#[test]
fn every_fixture_has_a_snapshot_test() {
    let source = include_str!("snapshots.rs");
    for name in common::FIXTURES {
        assert!(
            source.contains(&format!("Fixture::load(\"{name}\")")),
            "fixture {name} has no snapshot test in snapshots.rs"
        );
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
        assert!(
            f.field("Scalars", field).serde().is_empty(),
            "a required field needs no serde attributes"
        );
    }

    // Optional: Option, absent when None.
    f.assert_field("Scalars", "optional_int32", &option("i32"), "optional");
    f.assert_field("Scalars", "optional_text", &option(STRING), "optional");
    let optional = f.field("Scalars", "optional_text");
    assert!(optional.is_skipped_when_none(), "{optional:?}");
    assert!(optional.serde().contains("default"), "{optional:?}");
    assert!(optional.serde().contains("rename = \"optionalText\""));

    // 3.1 nullable: `type: [T, 'null']`.
    f.assert_field(
        "Scalars",
        "required_nullable",
        &option(STRING),
        "required + nullable",
    );
    let required_nullable = f.field("Scalars", "required_nullable");
    assert!(
        !required_nullable.is_skipped_when_none(),
        "a required nullable field must write an explicit null: {required_nullable:?}"
    );
    f.assert_field(
        "Scalars",
        "optional_nullable",
        &option("i32"),
        "optional + nullable (format applies to the non-null type)",
    );
    assert!(f
        .field("Scalars", "optional_nullable")
        .is_skipped_when_none());

    assert_eq!(f.flattened("Scalars"), None, "additionalProperties: false");
    assert!(
        f.derives("Scalars").contains("Default"),
        "every field has a Default"
    );
    // No date-time: no runtime at all, no chrono, no indexmap (no maps).
    assert!(!f.has("src/runtime/date_time.rs"));
    assert!(!f.has("src/runtime/mod.rs"));
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
        &option("f32"),
        "3.0 nullable: true",
    );
    assert!(f
        .field("Holder", "optional_nullable")
        .is_skipped_when_none());
    f.assert_field(
        "Holder",
        "nullable_ref",
        &option(&model("Target")),
        "nullable: true next to allOf: [$ref]",
    );
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
        &option(&vec("::serde_json::Value")),
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
        Some((
            "additional_properties".to_owned(),
            map("::serde_json::Value")
        )),
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
        &option(&boxed(&model("A"))),
        "B → A (anyOf [$ref, null]) closes the A/B cycle",
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
    let dt = "crate::runtime::DateTime";
    f.assert_field("Event", "at", dt, "format: date-time");
    f.assert_field("Event", "until", &option(dt), "optional date-time");
    f.assert_field("Event", "cancelled_at", &option(dt), "nullable date-time");
    f.assert_field("Event", "history", &option(&vec(dt)), "date-time items");
    f.assert_field(
        "Event",
        "day",
        &option(STRING),
        "format: date stays a String",
    );
    assert!(
        !f.derives("Event").contains("Default"),
        "DateTime has no Default, so neither has a struct with a required one"
    );
    assert!(f.has("src/runtime/date_time.rs"));
    assert!(!f.has("src/runtime/flags.rs"));
    assert!(f
        .file("src/runtime/mod.rs")
        .contains("pub use date_time::DateTime;"));
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
        let serde = f.field("Awkward", name).serde();
        let rename = format!("rename = \"{wire}\"");
        assert_eq!(
            serde.contains(&rename),
            name != wire,
            "Awkward.{name} must be renamed to {wire:?} exactly when the names differ: {serde}"
        );
    }
    assert_eq!(
        f.flattened("Awkward"),
        Some((
            "additional_properties_2".to_owned(),
            map("::serde_json::Value")
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
        STRING,
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
        &option(&boxed(&model("Box"))),
        "a model named Box boxes itself with std's Box",
    );
    assert_eq!(f.alias("Vec"), vec(&model("String")));
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
        r#"Self::Ur => "UR""#,
        r#"Self::Ur2 => "Ur""#,
        r#"Self::Ur3 => "ur""#,
        r#"Self::Empty => """#,
        r#"Self::SayHi => "say \"hi\"""#,
    ] {
        assert!(
            colliding.contains(wire),
            "Colliding::as_str must map {wire}"
        );
    }

    assert_eq!(f.alias("Priority"), "i32", "an integer enum keeps its type");
    f.assert_field("Usage", "status", &model("Status"), "$ref to an enum");
    f.assert_field(
        "Usage",
        "maybe_status",
        &option(&model("UsageMaybeStatus")),
        "inline nullable enum",
    );
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
    assert!(source.contains("impl crate::runtime::FlagEnum for FieldRight"));
    let set = "crate::runtime::FlagSet<crate::models::FieldRight>";
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

    let documented = f.file("src/models/documented.rs");
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
        &option("::serde_json::Value"),
        "a schema without type",
    );
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
