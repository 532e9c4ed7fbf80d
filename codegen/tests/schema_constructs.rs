//! Schema constructs: the key facts of the fixtures `all_of`, `unions`, `enum_values`,
//! `formats`, `read_write_only` and `defaults_and_any`, asserted on the generated code (so
//! that a blindly accepted snapshot still fails here), and a round trip through serde of the
//! generated unions and merged structs, built and run as a real crate.

mod common;

use std::path::{Path, PathBuf};

use codegen::write::{self, Mode};
use codegen::{CrateOptions, GeneratedCrate};
use quote::ToTokens;

/// Tokens as text without any whitespace (and without the trailing commas prettyplease
/// adds to long generic lists): `models::Pet`, `Option<i64>`.
fn tight(tokens: impl ToTokens) -> String {
    let text: String = tokens
        .to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    text.replace(",>", ">")
}

fn option(inner: &str) -> String {
    format!("Option<{inner}>")
}

fn nullable(inner: &str) -> String {
    format!("runtime::Nullable<{inner}>")
}

fn vec(inner: &str) -> String {
    format!("Vec<{inner}>")
}

fn boxed(inner: &str) -> String {
    format!("Box<{inner}>")
}

fn model(name: &str) -> String {
    format!("models::{name}")
}

const STRING: &str = "String";
const VALUE: &str = "serde_json::Value";

/// One generated fixture crate, read back with syn.
struct Crate {
    name: String,
    generated: GeneratedCrate,
}

impl Crate {
    fn load(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            generated: common::generate(name, true),
        }
    }

    fn file(&self, path: &str) -> &str {
        self.generated
            .files
            .get(Path::new(path))
            .unwrap_or_else(|| panic!("fixture {}: no file {path}", self.name))
    }

    fn has(&self, path: &str) -> bool {
        self.generated.files.contains_key(Path::new(path))
    }

    fn items(&self) -> Vec<syn::Item> {
        self.generated
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("src/models"))
            .flat_map(|(path, text)| match common::items_of(text) {
                Ok(items) => items,
                Err(error) => panic!(
                    "fixture {}: {} does not parse: {error}",
                    self.name,
                    path.display()
                ),
            })
            .collect()
    }

    fn structure(&self, name: &str) -> syn::ItemStruct {
        self.items()
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == name => Some(s),
                _ => None,
            })
            .unwrap_or_else(|| panic!("fixture {}: no struct {name}", self.name))
    }

    fn enumeration(&self, name: &str) -> syn::ItemEnum {
        self.items()
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) if e.ident == name => Some(e),
                _ => None,
            })
            .unwrap_or_else(|| panic!("fixture {}: no enum {name}", self.name))
    }

    fn alias(&self, name: &str) -> String {
        self.items()
            .into_iter()
            .find_map(|item| match item {
                syn::Item::Type(t) if t.ident == name => Some(tight(&t.ty)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("fixture {}: no alias {name}", self.name))
    }

    fn type_exists(&self, name: &str) -> bool {
        self.items().iter().any(|item| match item {
            syn::Item::Struct(s) => s.ident == name,
            syn::Item::Enum(e) => e.ident == name,
            syn::Item::Type(t) => t.ident == name,
            _ => false,
        })
    }

    /// The field names of a struct, in order.
    fn fields(&self, structure: &str) -> Vec<String> {
        self.structure(structure)
            .fields
            .iter()
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect()
    }

    fn field(&self, structure: &str, field: &str) -> syn::Field {
        self.structure(structure)
            .fields
            .into_iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == field))
            .unwrap_or_else(|| {
                panic!(
                    "fixture {}: {structure} has no field {field}: {:?}",
                    self.name,
                    self.fields(structure)
                )
            })
    }

    fn field_type(&self, structure: &str, field: &str) -> String {
        tight(&self.field(structure, field).ty)
    }

    fn assert_field(&self, structure: &str, field: &str, expected: &str, rule: &str) {
        assert_eq!(
            self.field_type(structure, field),
            tight(
                expected
                    .parse::<proc_macro2::TokenStream>()
                    .expect("a type")
            ),
            "fixture {}: {structure}.{field} ({rule})",
            self.name
        );
    }

    fn field_docs(&self, structure: &str, field: &str) -> String {
        docs(&self.field(structure, field).attrs)
    }

    fn type_docs(&self, name: &str) -> String {
        let attrs = self.items().into_iter().find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s.attrs),
            syn::Item::Enum(e) if e.ident == name => Some(e.attrs),
            syn::Item::Type(t) if t.ident == name => Some(t.attrs),
            _ => None,
        });
        docs(&attrs.unwrap_or_else(|| panic!("fixture {}: no type {name}", self.name)))
    }

    /// An enum's variants: (name, tight payload type).
    fn variants(&self, name: &str) -> Vec<(String, Option<String>)> {
        self.enumeration(name)
            .variants
            .iter()
            .map(|v| {
                let payload = match &v.fields {
                    syn::Fields::Unnamed(fields) => {
                        Some(fields.unnamed.iter().map(|f| tight(&f.ty)).collect())
                    }
                    _ => None,
                };
                (v.ident.to_string(), payload)
            })
            .collect()
    }

    fn variant_names(&self, name: &str) -> Vec<String> {
        self.variants(name).into_iter().map(|(n, _)| n).collect()
    }

    /// Non-doc attributes of a type, tight.
    fn attrs(&self, name: &str) -> Vec<String> {
        let attrs = self.items().into_iter().find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s.attrs),
            syn::Item::Enum(e) if e.ident == name => Some(e.attrs),
            _ => None,
        });
        attrs
            .unwrap_or_else(|| panic!("fixture {}: no type {name}", self.name))
            .iter()
            .filter(|a| !a.path().is_ident("doc"))
            .map(tight)
            .collect()
    }

    fn derives_default(&self, name: &str) -> bool {
        self.attrs(name)
            .iter()
            .any(|a| a.starts_with("#[derive(") && a.contains("Default"))
    }

    /// Every warning that contains `needle`.
    fn warnings(&self, needle: &str) -> Vec<String> {
        self.generated
            .warnings
            .iter()
            .map(ToString::to_string)
            .filter(|w| w.contains(needle))
            .collect()
    }

    fn assert_warning(&self, needle: &str, pointer: &str) {
        let found = self.warnings(needle);
        assert!(
            found.iter().any(|w| w.contains(&format!("(at {pointer})"))),
            "fixture {}: expected a warning `{needle}` at {pointer}; warnings: {:#?}",
            self.name,
            self.generated.warnings
        );
    }
}

fn docs(attrs: &[syn::Attribute]) -> String {
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
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn all_of_merges_object_parts() {
    let f = Crate::load("all_of");
    assert_eq!(
        f.fields("Dog"),
        ["id", "name", "kind", "bark", "additional_properties"],
        "the parts' properties in part order, each once"
    );
    f.assert_field("Dog", "id", "i64", "required in the $ref'd part");
    f.assert_field("Dog", "bark", "bool", "required in the inline part");
    f.assert_field(
        "Dog",
        "kind",
        &option(&model("PetKind")),
        "the base's inline enum",
    );
    assert_eq!(
        f.field_docs("Dog", "name"),
        " The dog's call name.",
        "an annotation-only redefinition keeps the type and gives the docs"
    );
    f.assert_field("Dog", "name", &option(STRING), "type from the base part");
    for (name, fields) in [
        ("Cat", &["id", "name", "kind", "indoor"][..]),
        ("Puppy", &["id", "name", "kind", "bark", "age_weeks"]),
        ("WithOwn", &["id", "name", "kind", "extra"]),
    ] {
        assert!(
            f.fields(name)
                .starts_with(&fields.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()),
            "{name}: {:?}",
            f.fields(name)
        );
    }
    assert!(
        !f.type_exists("PetKind2") && !f.type_exists("CatKind"),
        "a merged component's inline types keep their one name, even when merged first"
    );
    f.assert_field("Puppy", "name", STRING, "required by the outer part only");
    f.assert_field(
        "WithOwn",
        "extra",
        STRING,
        "the schema's own required property",
    );
    assert_eq!(
        f.fields("ClosedPet"),
        ["id", "name", "kind"],
        "additionalProperties: false in any part → no extra map"
    );
    f.assert_field(
        "Conflicted",
        "size",
        &nullable(VALUE),
        "parts disagree → serde_json::Value",
    );
    f.assert_field("Conflicted", "same", &option(STRING), "parts agree");
    f.assert_warning(
        "`allOf` parts disagree on property `size`",
        "#/components/schemas/Conflicted/allOf/1/properties/size",
    );
    f.assert_field(
        "Narrowed",
        "color",
        &option(&model("Color")),
        "a string narrowed to a (later) enum",
    );
    f.assert_field("Narrowed", "size", &option("i32"), "an integer narrowed");
    f.assert_field(
        "Narrowed",
        "at",
        &option("runtime::DateTime"),
        "a string narrowed to a date-time",
    );
    assert!(
        f.warnings("Narrowed").is_empty(),
        "narrowing is no conflict"
    );
    assert_eq!(f.fields("WithScalarPart")[0], "id");
    f.assert_warning(
        "is not an object, so it cannot be merged",
        "#/components/schemas/WithScalarPart/allOf/1",
    );
    assert_eq!(
        f.alias("Described"),
        model("Pet"),
        "one typed part → its type"
    );
    assert_eq!(f.alias("Code"), STRING, "scalar parts of one type");
    assert_eq!(f.alias("NumberOrText"), VALUE);
    f.assert_warning(
        "`allOf` of parts with different types",
        "#/components/schemas/NumberOrText/allOf",
    );
    f.assert_warning(
        "leads back to a schema being merged",
        "#/components/schemas/Loop/allOf/0",
    );
    assert_eq!(f.fields("Loop")[0], "next");
    f.assert_field(
        "Holder",
        "inline",
        &option(&model("HolderInline")),
        "inline allOf",
    );
    f.assert_field(
        "Holder",
        "nullable_pet",
        &nullable(&model("Pet")),
        "3.0 idiom",
    );
}

#[test]
fn unions_untagged_order_names_and_fallback() {
    let f = Crate::load("unions");
    let figure = f.variants("Figure");
    assert_eq!(
        figure,
        [
            ("Square".to_owned(), Some(model("Square"))),
            ("Circle".to_owned(), Some(model("Circle"))),
            (
                "CircleList".to_owned(),
                Some(tight(quote::quote!(Vec<models::Circle>)))
            ),
            ("Integer".to_owned(), Some("i32".to_owned())),
            ("String".to_owned(), Some(STRING.to_owned())),
            ("Other".to_owned(), Some(VALUE.to_owned())),
        ],
        "structs (more required first), lists, integers, strings, then the fallback"
    );
    let attrs = f.attrs("Figure");
    assert!(
        attrs.contains(&"#[serde(untagged)]".to_owned()),
        "{attrs:?}"
    );
    assert!(attrs.contains(&"#[non_exhaustive]".to_owned()), "{attrs:?}");
    assert!(
        !f.derives_default("Figure"),
        "no variant is a natural default"
    );
    assert_eq!(
        f.variant_names("Loose"),
        ["Boolean", "Value"],
        "`{{}}` accepts anything: last, and no fallback"
    );
    assert_eq!(
        f.variant_names("Inline"),
        ["Rect", "Variant1", "Variant2", "Other"]
    );
    assert!(f.type_exists("InlineRect") && f.type_exists("InlineVariant1"));
    assert_eq!(
        f.alias("SameType"),
        STRING,
        "alternatives of one Rust type (a UUID keeps any string, as a string does)"
    );
    assert_eq!(f.variant_names("IdOrName"), ["Integer", "String", "Other"]);
    assert_eq!(
        f.variant_names("UsageShapesItem"),
        ["Square", "Circle", "Other"],
        "an inline union is named from where it sits"
    );
    assert_eq!(
        f.fields("Either"),
        ["a", "b", "additional_properties"],
        "constraint-only alternatives leave the struct"
    );
    assert!(
        !f.derives_default("Usage"),
        "a required union field: no Default for the struct"
    );
    f.assert_field("Usage", "pet", &option(&model("Pet")), "optional union");
}

#[test]
fn unions_tagged_by_discriminator() {
    let f = Crate::load("unions");
    assert_eq!(
        f.variants("Pet"),
        [
            ("Dog".to_owned(), Some(model("Dog"))),
            ("Cat".to_owned(), Some(model("Cat"))),
            ("Other".to_owned(), Some(VALUE.to_owned())),
        ]
    );
    assert!(
        !f.attrs("Pet").iter().any(|a| a.contains("untagged")),
        "a discriminated union is not untagged"
    );
    let pet = f.file("src/models/pet.rs");
    assert!(
        pet.contains(r#"Some("dog" | "doggo")"#),
        "mapping by pointer and by schema name select the same variant:\n{pet}"
    );
    assert!(
        pet.contains(r#"Self::Dog(value) => ("dog", "#),
        "the first value is written"
    );
    assert!(f.file("src/models/vehicle.rs").contains(r#"Some("Car")"#));
    f.assert_warning(
        "discriminator mapping `bird` names no `$ref` alternative",
        "#/components/schemas/Pet/discriminator/mapping/bird",
    );
    f.assert_warning(
        "is not an object, so discriminator `petType` cannot select it",
        "#/components/schemas/NotAllObjects/oneOf/1",
    );
    assert!(f
        .attrs("NotAllObjects")
        .contains(&"#[serde(untagged)]".to_owned()));
}

#[test]
fn unions_box_cycles_and_drop_themselves() {
    let f = Crate::load("unions");
    assert_eq!(
        f.variants("Expr")[0],
        ("Sum".to_owned(), Some(boxed(&model("Sum")))),
        "Expr → Sum → Expr is boxed"
    );
    f.assert_field(
        "Sum",
        "left",
        &boxed(&model("Expr")),
        "the cycle's other edge",
    );
    f.assert_field(
        "Usage",
        "expr",
        &option(&model("Expr")),
        "outside the cycle",
    );
    assert_eq!(f.variant_names("Selfish"), ["Boolean", "String", "Other"]);
    f.assert_warning(
        "this alternative is `Selfish` itself",
        "#/components/schemas/Selfish/oneOf/0",
    );
}

#[test]
fn enum_values_keep_their_type_or_degrade() {
    let f = Crate::load("enum_values");
    assert_eq!(
        f.alias("Level"),
        "i32",
        "an integer enum keeps its integer type"
    );
    assert!(f.type_docs("Level").contains("One of `10`, `20`, `30`."));
    assert_eq!(f.alias("Ratio"), "f64");
    assert_eq!(f.alias("Toggle"), "bool");
    assert_eq!(f.alias("Answer"), "i64", "an integer const");
    assert!(f.type_docs("Answer").contains("Always `42`."));
    assert_eq!(
        f.variant_names("Kind"),
        ["Circle", "Other"],
        "const string → open enum"
    );
    let object_map = "indexmap::IndexMap<String,serde_json::Value>";
    assert_eq!(f.alias("Objects"), object_map, "object values: an object");
    assert_eq!(
        f.alias("Ports"),
        format!("indexmap::IndexMap<String,{object_map}>"),
        "Docker's `enum: [{{}}]` values"
    );
    assert!(f.warnings("Objects").is_empty() && f.warnings("Ports").is_empty());
    for (name, pointer) in [
        ("Mixed", "#/components/schemas/Mixed/enum"),
        ("Misfit", "#/components/schemas/Misfit/enum"),
    ] {
        assert_eq!(f.alias(name), VALUE, "{name}");
        f.assert_warning("`enum`", pointer);
    }
    f.assert_field("Settings", "version", "i64", "required const");
    assert!(f.field_docs("Settings", "version").contains("Always `2`."));
    f.assert_field(
        "Settings",
        "kind",
        &option(&model("SettingsKind")),
        "inline string const",
    );
    f.assert_field(
        "Settings",
        "untyped_codes",
        &option("i64"),
        "untyped integer enum",
    );
    f.assert_field(
        "Settings",
        "maybe_code",
        &nullable("i64"),
        "null among the values",
    );
    f.assert_field("Settings", "either", &nullable(VALUE), "mixed inline enum");
}

#[test]
fn formats_map_to_runtime_types_or_text_with_notes() {
    let f = Crate::load("formats");
    let (date, uuid, base64) = ("runtime::Date", "runtime::Uuid", "runtime::Base64");
    f.assert_field("Formats", "day", date, "date");
    f.assert_field("Formats", "at", &option("runtime::DateTime"), "date-time");
    for (field, format) in [
        ("clock", "time"),
        ("home", "uri"),
        ("mail", "email"),
        ("host", "hostname"),
    ] {
        assert!(
            f.field_docs("Formats", field)
                .contains(&format!("Format: `{format}`.")),
            "{field}: {}",
            f.field_docs("Formats", field)
        );
    }
    for field in ["day", "maybe_day", "picture", "since"] {
        assert!(
            !f.field_docs("Formats", field).contains("Format:"),
            "{field}: a format with a type of its own needs no note"
        );
    }
    assert!(f
        .field_docs("Formats", "upload")
        .contains("Binary content (`format: binary`)"));
    f.assert_field("Formats", "picture", &option(base64), "byte: base64 bytes");
    f.assert_field("Formats", "thumbnails", &option(&vec(base64)), "byte items");
    f.assert_field("Formats", "upload", &option(STRING), "binary inside JSON");
    f.assert_field("Formats", "since", &option(date), "a date with a default");
    f.assert_field(
        "Formats",
        "maybe_day",
        &nullable(date),
        "anyOf [date, null]",
    );
    assert_eq!(f.alias("Uuid"), uuid);
    for (field, ty) in [
        ("tiny", "i8"),
        ("small", "i16"),
        ("int32", "i32"),
        ("int64", "i64"),
        ("byte", "u8"),
        ("word", "u16"),
        ("dword", "u32"),
        ("qword", "u64"),
        ("unknown_format", "i64"),
        ("plain", "i64"),
        ("float", "f32"),
        ("double", "f64"),
    ] {
        f.assert_field("Formats", field, &option(ty), "number formats");
    }
    assert!(
        !f.derives_default("Formats"),
        "a required UUID or date has no natural default"
    );
    assert!(
        f.derives_default("Stamped"),
        "optional dates and UUIDs, and base64 bytes, leave Default derivable"
    );
    for runtime in ["date_time", "uuid", "base64"] {
        assert!(f.has(&format!("src/runtime/{runtime}.rs")), "{runtime}");
    }
    // As parameters they are written with Display and read with FromStr.
    let params = f.file("src/operations/days/get_day.rs");
    for field in [
        "pub day: runtime::Date,",
        "pub session: Option<runtime::Uuid>,",
        "pub token: Option<runtime::Base64>,",
    ] {
        assert!(params.contains(field), "{field}\n{params}");
    }
    let manifest = f.file("Cargo.toml");
    assert!(manifest.contains("\nuuid = \"1\"\n"), "{manifest}");
    assert!(manifest.contains("\nbase64 = \"0.22\"\n"), "{manifest}");
}

#[test]
fn read_only_and_write_only_fields_stay_optional() {
    let f = Crate::load("read_write_only");
    f.assert_field("Account", "id", &option("i64"), "required but read-only");
    assert!(f
        .field_docs("Account", "id")
        .contains("Read-only: the server always sends it"));
    f.assert_field(
        "Account",
        "password",
        &option(STRING),
        "required but write-only",
    );
    assert!(f
        .field_docs("Account", "password")
        .contains("Write-only: requests always send it"));
    f.assert_field("Account", "login", STRING, "plain required");
    assert!(f
        .field_docs("Account", "etag")
        .contains("Read-only: the server sends it"));
    f.assert_field(
        "AdminAccount",
        "id",
        &option("i64"),
        "read-only survives allOf",
    );
    f.assert_field(
        "AdminAccount",
        "role",
        STRING,
        "required in the merged part",
    );
    assert!(f.derives_default("Account"));
}

#[test]
fn empty_schemas_and_defaults() {
    let f = Crate::load("defaults_and_any");
    assert_eq!(f.alias("Anything"), VALUE, "`{{}}`");
    assert_eq!(f.alias("AlsoAnything"), VALUE, "`true`");
    f.assert_field("Defaults", "payload", VALUE, "required `{}`");
    f.assert_field("Defaults", "extra", &nullable(VALUE), "optional untyped");
    assert!(f.field_docs("Defaults", "count").contains("Default: `10`."));
    assert!(f
        .field_docs("Defaults", "tags")
        .contains(r#"Default: `["a","b"]`."#));
    assert!(f.warnings("").is_empty(), "{:?}", f.generated.warnings);
}

/// A `default` that does not fit its type is generated around: a positioned warning, and the
/// default is left out of the docs (the misfit_defaults fixture pins the conversions).
#[test]
fn a_default_that_does_not_fit_is_a_warning() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("schema_constructs");
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    let spec = dir.join("bad_default.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: integer, default: 'x'}\n        d: {type: string, format: date, default: 20240101}\n",
    )
    .expect("write the spec");
    let options = CrateOptions {
        standalone: true,
        ..CrateOptions::new("bad-default", "bad_default.yaml")
    };
    let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let text: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "bad_default.yaml:9:37: warning: default \"x\" does not fit the schema and is ignored: expected an integer, found a string; fix the default or the type (at #/components/schemas/A/properties/n/default)",
            "bad_default.yaml:10:50: warning: default 20240101 does not fit the schema's type; taken as \"20240101\", which means the same: write it as \"20240101\" (at #/components/schemas/A/properties/d/default)",
        ]
    );
    let model = &generated.files[std::path::Path::new("src/models/a.rs")];
    assert!(
        model.contains("Default: `\"20240101\"`."),
        "a date's default is a string: {model}"
    );
    assert!(!model.contains("Default: `\"x\"`"), "{model}");
}

/// The round-trip tests of the generated crates (a hand-written integration test per crate).
const ROUND_TRIPS: &[(&str, &str)] = &[
    (
        "unions",
        r#"//! Round trips of the generated unions.
use fixture_unions::models::{Bike, Cat, Expr, Figure, IdOrName, Pet, Vehicle};
use serde_json::{json, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
    decoded
}

#[test]
fn untagged_variants_are_tried_without_shadowing() {
    assert!(matches!(round_trip::<Figure>(json!({"side": 2.0, "unit": "cm"})), Figure::Square(_)));
    assert!(matches!(round_trip::<Figure>(json!({"radius": 1.5})), Figure::Circle(_)));
    assert!(matches!(round_trip::<Figure>(json!([{"radius": 1.5}])), Figure::CircleList(_)));
    assert!(matches!(round_trip::<Figure>(json!(7)), Figure::Integer(7)));
    assert!(matches!(round_trip::<Figure>(json!("seven")), Figure::String(_)));
    assert!(matches!(round_trip::<Figure>(json!(7.5)), Figure::Other(_)));
    assert!(matches!(round_trip::<Figure>(json!(null)), Figure::Other(Value::Null)));
    assert!(matches!(round_trip::<IdOrName>(json!(3)), IdOrName::Integer(3)));
    assert!(matches!(round_trip::<IdOrName>(json!("x")), IdOrName::String(_)));
}

#[test]
fn tagged_variants_follow_the_discriminator() {
    let dog = round_trip::<Pet>(json!({"petType": "doggo", "bark": true}));
    let Pet::Dog(dog) = dog else { panic!("a dog: {dog:?}") };
    assert_eq!(dog.pet_type, "doggo");
    assert!(matches!(round_trip::<Pet>(json!({"petType": "cat", "lives": 9})), Pet::Cat(_)));
    assert!(matches!(round_trip::<Pet>(json!({"petType": "bird", "wings": 2})), Pet::Other(_)));
    assert!(matches!(round_trip::<Pet>(json!({"lives": 9})), Pet::Other(_)));
    assert!(serde_json::from_value::<Pet>(json!({"petType": "dog"})).is_err(), "a dog must bark");
    // A variant whose struct does not list the tag gets it when written.
    let cat = Pet::Cat(Cat { lives: Some(9), ..Default::default() });
    assert_eq!(serde_json::to_value(&cat).expect("encodes"), json!({"petType": "cat", "lives": 9}));
    let bike = Vehicle::Bike(Bike { gears: Some(3) });
    let written = serde_json::to_value(&bike).expect("encodes");
    assert_eq!(written, json!({"kind": "Bike", "gears": 3}));
    assert_eq!(serde_json::from_value::<Vehicle>(written).expect("decodes"), bike);
}

#[test]
fn recursive_unions_nest() {
    let expr = round_trip::<Expr>(json!({"left": {"value": 1.0}, "right": {"left": {"value": 2.0}, "right": {"value": 3.0}}}));
    let Expr::Sum(sum) = expr else { panic!("a sum: {expr:?}") };
    assert!(matches!(*sum.right, Expr::Sum(_)));
}
"#,
    ),
    (
        "all_of",
        r#"//! Round trips of the merged structs.
use fixture_all_of::models::{Dog, PetKind, Puppy};
use serde_json::json;

#[test]
fn merged_structs_read_every_part() {
    let value = json!({"id": 1, "name": "Rex", "kind": "dog", "bark": true, "color": "brown"});
    let dog: Dog = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(dog.id, 1);
    assert_eq!(dog.kind, Some(PetKind::Dog));
    assert!(dog.bark);
    assert_eq!(dog.additional_properties["color"], "brown");
    assert_eq!(serde_json::to_value(&dog).expect("encodes"), value);
    let puppy: Puppy = serde_json::from_value(json!({"id": 2, "name": "Bit", "bark": false, "ageWeeks": 9})).expect("decodes");
    assert_eq!(puppy.age_weeks, Some(9));
    assert!(serde_json::from_value::<Puppy>(json!({"id": 2, "bark": false})).is_err(), "name is required");
}
"#,
    ),
    (
        "std_names",
        r#"//! Models named like std's types compile, round-trip and leave std's names alone.
use fixture_std_names::models::{Box, Default, Option, Result, String, Vec};
use serde_json::json;

#[test]
fn models_named_like_std_types_round_trip() {
    let value = json!({
        "ok": {"value": "v", "maybe": null},
        "code": 3,
        "err": "failed",
        "items": [{"n": 1, "label": "x"}],
        "boxed": {"inner": {"name": "in"}, "name": "out"},
        "defaults": ["a", "b"],
        "extra": true
    });
    let decoded: Result = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(decoded.code, 3);
    assert_eq!(decoded.err, ::std::option::Option::Some(String::Failed));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
    let option: Option = serde_json::from_value(json!({"value": "v"})).expect("decodes");
    assert_eq!(option.value.as_deref(), ::std::option::Option::Some("v"));
    let list: Vec = serde_json::from_value(json!({"n": 2})).expect("decodes");
    assert_eq!(list.n, 2);
    let nested: Box = serde_json::from_value(json!({"inner": {"inner": {}}})).expect("decodes");
    assert!(nested.inner.is_some());
    let names: Default = vec!["a".to_owned()];
    assert_eq!(names.len(), 1);
}
"#,
    ),
];

/// Generates the fixture crates, adds a hand-written round-trip test to each and runs
/// `cargo test` on them (dependencies are pinned by the workspace's Cargo.lock).
#[test]
fn generated_unions_and_merged_structs_round_trip() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("schema_constructs");
    let root = base.join("workspace");
    std::fs::create_dir_all(&root).expect("create the workspace");
    let mut members = Vec::new();
    for (name, test) in ROUND_TRIPS {
        let generated = common::generate(name, false);
        let dir = root.join(name);
        write::sync(&dir, &generated, Mode::Write)
            .unwrap_or_else(|error| panic!("cannot write fixture {name}: {error}"));
        std::fs::create_dir_all(dir.join("tests")).expect("create tests/");
        let test_path = dir.join("tests/round_trip.rs");
        common::write_if_changed(&test_path, test);
        members.push((*name).to_owned());
    }
    // Integration tests may use the crates' own dependencies (serde, serde_json).
    common::write_workspace(&root, &members, "codegen/tests/schema_constructs.rs");
    let output = common::run_cargo(
        &root,
        &base.join("target"),
        &["test", "--workspace", "--quiet"],
        None,
    );
    assert!(
        output.status.success(),
        "round-trip tests failed\n--- stderr ---\n{}\n--- stdout ---\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
}
