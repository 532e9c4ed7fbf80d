//! Per-tag cargo features: one feature per tag group with operations, the `cfg` attributes
//! that gate operations and models behind them, and their `Cargo.toml` lines.
//!
//! A spec with one tag group gets its feature too (so feature lists keep working when tags
//! are added), but nothing is gated behind it: there is nothing to leave out.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;

use super::reach::{self, Root};
use crate::model::Model;
use crate::naming::kebab_case;

/// The feature of the types no operation uses.
const UNUSED_SCHEMAS: &str = "unused-schemas";

/// The feature deriving `PartialEq` on structs, unions and operation types of large specs.
const PARTIAL_EQ: &str = "partial-eq";

/// Above this many operations no tag is on by default (like windows-rs): a dependency on the
/// whole of a large API would cost every consumer a minute of `cargo check`, so `default`
/// holds only `client` and `server` and each consumer turns on the tags it uses. A smaller
/// spec has every tag on, so it works without any feature list.
pub const LARGE_SPEC_OPERATIONS: usize = 300;

/// Names a tag feature may not take: the other features and the dependencies.
const RESERVED: &[&str] = &[
    "default",
    "client",
    "server",
    UNUSED_SCHEMAS,
    PARTIAL_EQ,
    "serde",
    "serde_json",
    "indexmap",
    "chrono",
    "base64",
    "serde_path_to_error",
    "serde_urlencoded",
    "reqwest",
    "rustls",
    "percent-encoding",
    "axum",
    "form_urlencoded",
    "http-body-util",
    "multer",
    "futures-util",
    "tokio",
    // SuperOffice's support modules (`emit::support`) and their dependencies.
    "webhooks",
    "system-user",
    "odata",
    "tenant",
    "hmac",
    "sha2",
    "rsa",
    "jsonwebtoken",
];

/// The feature of one tag group.
#[derive(Clone, Debug)]
struct TagFeature {
    /// The tag, as the spec writes it.
    tag: String,
    /// The feature name.
    name: String,
    /// The kebab-case name it would have had, when that was taken.
    taken: Option<String>,
}

/// The per-tag features of a model and what each gates.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Group index → its feature, for the groups that have operations.
    tags: BTreeMap<usize, TagFeature>,
    /// Whether the tags are on by default (the spec has at most [`LARGE_SPEC_OPERATIONS`]).
    tags_by_default: bool,
    /// Type name → the features any of which compiles it; types compiled always are absent.
    types: BTreeMap<String, Vec<String>>,
    /// Whether some type is behind [`UNUSED_SCHEMAS`].
    unused: bool,
}

impl Features {
    /// The features of `model` (none without operations).
    pub fn of(model: &Model) -> Self {
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
        let mut tags = BTreeMap::new();
        for (index, group) in model.groups.iter().enumerate() {
            if !model.operations.iter().any(|op| op.group == index) {
                continue;
            }
            let wanted = kebab_case(&group.tag);
            let mut name = wanted.clone();
            let mut n = 1;
            while taken.contains(&name) {
                name = if n == 1 {
                    format!("{wanted}-tag")
                } else {
                    format!("{wanted}-tag-{n}")
                };
                n += 1;
            }
            taken.insert(name.clone());
            let taken = (name != wanted).then_some(wanted);
            tags.insert(
                index,
                TagFeature {
                    tag: group.tag.clone(),
                    name,
                    taken,
                },
            );
        }
        let mut features = Self {
            tags,
            tags_by_default: model.operations.len() <= LARGE_SPEC_OPERATIONS,
            ..Self::default()
        };
        if !features.is_gated() {
            return features;
        }
        for (name, roots) in reach::roots(model) {
            let by_every_tag = features
                .tags
                .keys()
                .all(|index| roots.contains(&Root::Group(*index)));
            if roots.contains(&Root::Always) || by_every_tag {
                continue;
            }
            let gates: Vec<String> = roots
                .iter()
                .filter_map(|root| match root {
                    Root::Group(index) => features.tags.get(index).map(|t| t.name.clone()),
                    Root::Unused => Some(UNUSED_SCHEMAS.to_owned()),
                    Root::Always => None,
                })
                .collect();
            features.unused |= roots.contains(&Root::Unused);
            features.types.insert(name.to_owned(), gates);
        }
        features
    }

    /// Whether anything is gated: the spec has operations in two or more tag groups.
    pub fn is_gated(&self) -> bool {
        self.tags.len() > 1
    }

    /// The feature of group `index`, when its items are gated.
    fn gated_name(&self, index: usize) -> Option<&str> {
        self.is_gated()
            .then(|| self.tags.get(&index).map(|t| t.name.as_str()))
            .flatten()
    }

    /// `#[cfg(feature = "…")]` for the items of group `index`, when they are gated.
    pub fn group_cfg(&self, index: usize) -> Option<TokenStream> {
        let name = self.gated_name(index)?;
        Some(quote!(#[cfg(feature = #name)]))
    }

    /// The `cfg` of what any of `groups` needs (a route their operations share), when gated.
    pub fn groups_cfg(&self, groups: &[usize]) -> Option<TokenStream> {
        let names: Vec<&str> = groups
            .iter()
            .filter_map(|index| self.gated_name(*index))
            .collect();
        match names.as_slice() {
            [] => None,
            [single] => Some(quote!(#[cfg(feature = #single)])),
            several => Some(quote!(#[cfg(any(#(feature = #several),*))])),
        }
    }

    /// `#[cfg(not(feature = "…"))]` for what stands in for group `index` while it is off.
    pub fn group_off_cfg(&self, index: usize) -> Option<TokenStream> {
        let name = self.gated_name(index)?;
        Some(quote!(#[cfg(not(feature = #name))]))
    }

    /// `#[cfg_attr(not(any(…every tag feature…)), allow(dead_code))]`, for crate-private
    /// items only operations use, when every tag may be off.
    pub fn allow_unused_without_tags(&self) -> Option<TokenStream> {
        if !self.is_gated() {
            return None;
        }
        let names = self.tags.values().map(|t| t.name.as_str());
        Some(quote!(#[cfg_attr(not(any(#(feature = #names),*)), allow(dead_code))]))
    }

    /// The `cfg` of the named type `name` in `models/mod.rs`, when it is gated.
    pub fn type_cfg(&self, name: &str) -> Option<TokenStream> {
        match self.types.get(name)?.as_slice() {
            [] => None,
            [single] => Some(quote!(#[cfg(feature = #single)])),
            several => Some(quote!(#[cfg(any(#(feature = #several),*))])),
        }
    }

    /// Whether `PartialEq` of structs, unions and operation types is behind the `partial-eq`
    /// feature (large specs, whose `default` leaves it out).
    pub fn gates_partial_eq(&self) -> bool {
        !self.tags_by_default
    }

    /// Whether `name` is a feature of the crate besides `client` and `server`.
    pub fn declares(&self, name: &str) -> bool {
        self.tags.values().any(|t| t.name == name)
            || (self.unused && name == UNUSED_SCHEMAS)
            || (self.gates_partial_eq() && name == PARTIAL_EQ)
    }

    /// The names to add to `default`, in order.
    pub fn default_names(&self) -> Vec<&str> {
        if !self.tags_by_default {
            return Vec::new();
        }
        let mut names: Vec<&str> = self.tags.values().map(|t| t.name.as_str()).collect();
        if self.unused {
            names.push(UNUSED_SCHEMAS);
        }
        names
    }

    /// The `[features]` lines after `client` and `server`: each feature with a comment.
    pub fn manifest_lines(&self) -> String {
        let mut out = String::new();
        for feature in self.tags.values() {
            let tag = comment_text(&feature.tag);
            let what = if self.is_gated() {
                "its operations and the schemas they use"
            } else {
                "the spec's only tag, so its operations are compiled either way"
            };
            let renamed = feature
                .taken
                .as_deref()
                .map(|wanted| format!(" (not `{wanted}`, which is taken)"))
                .unwrap_or_default();
            let _ = writeln!(out, "# Tag `{tag}`: {what}{renamed}.");
            let _ = writeln!(out, "{} = []", feature.name);
        }
        if self.unused {
            let _ = writeln!(
                out,
                "# The schemas no operation uses (and what only they use)."
            );
            let _ = writeln!(out, "{UNUSED_SCHEMAS} = []");
        }
        if self.gates_partial_eq() {
            let _ = writeln!(
                out,
                "# `PartialEq` on structs, unions and operation types (off by default: a fifth of the models' check time)."
            );
            let _ = writeln!(out, "{PARTIAL_EQ} = []");
        }
        out
    }

    /// The crate doc paragraph saying how to compile only some tags, when anything is gated.
    pub fn usage_doc(&self, crate_name: &str) -> Option<String> {
        if !self.is_gated() {
            return None;
        }
        let example = self.tags.values().next()?.name.as_str();
        let unused = if self.unused {
            format!(", and `{UNUSED_SCHEMAS}` the schemas no operation uses")
        } else {
            String::new()
        };
        if !self.tags_by_default {
            return Some(format!(
                "Cargo features: `client` and `server` (the client and the server side), one \
                 feature per tag (its operations and the models they use; `Cargo.toml` lists \
                 them){unused}. The API is large, so only `client` and `server` are on by \
                 default: turn on the tags you use, e.g. `{crate_name} = {{ features = \
                 [\"{example}\"] }}` (plus `path` or `version`), or all of them with \
                 `--all-features`. `{PARTIAL_EQ}` derives `PartialEq` on structs, unions \
                 and operation types (enums always have it)."
            ));
        }
        Some(format!(
            "Cargo features: `client` and `server` (the client and the server side), one \
             feature per tag (its operations and the models they use; `Cargo.toml` lists \
             them){unused}; all on by default. To compile only some tags, depend on the crate \
             with `{crate_name} = {{ default-features = false, features = [\"client\", \
             \"{example}\"] }}` (plus `path` or `version`)."
        ))
    }
}

/// `text` on one line without control characters, for a TOML comment.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Exchange, Group};

    fn model(tags: &[&str], groups_with_operations: &[usize]) -> Model {
        let groups = tags
            .iter()
            .map(|tag| Group {
                tag: (*tag).to_owned(),
                trait_name: String::new(),
                module: String::new(),
                description: None,
                handle: None,
            })
            .collect();
        let operations = groups_with_operations
            .iter()
            .map(|group| crate::model::Operation {
                id: String::new(),
                name: String::new(),
                module: String::new(),
                type_name: String::new(),
                method: "GET".to_owned(),
                path: "/".to_owned(),
                docs: Default::default(),
                tags: Vec::new(),
                deprecated: false,
                parameters: Vec::new(),
                request_body: None,
                responses: Vec::new(),
                security: None,
                exchange: Exchange::default(),
                group: *group,
                route: None,
                origin: crate::pointer::JsonPointer::root(),
            })
            .collect();
        Model {
            groups,
            operations,
            ..Model::default()
        }
    }

    #[test]
    fn names_are_kebab_case_distinct_and_avoid_reserved_names() {
        let features = Features::of(&model(
            &[
                "ChatTopic",
                "default",
                "chat topic",
                "Client",
                "unused",
                "chat-topic-tag",
            ],
            &[0, 1, 2, 3, 5],
        ));
        let names: Vec<&str> = features.tags.values().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "chat-topic",
                "default-tag",
                "chat-topic-tag",
                "client-tag",
                "chat-topic-tag-tag"
            ]
        );
        assert!(features.is_gated());
        let manifest = features.manifest_lines();
        assert!(manifest.contains(
            "# Tag `default`: its operations and the schemas they use (not `default`, which is taken).\ndefault-tag = []\n"
        ));
        assert!(manifest.contains("# Tag `ChatTopic`: its operations"));
    }

    #[test]
    fn one_tag_gates_nothing() {
        let features = Features::of(&model(&["ChatTopic", "Unused"], &[0, 0]));
        assert!(!features.is_gated());
        assert_eq!(features.default_names(), ["chat-topic"]);
        assert_eq!(features.group_cfg(0).map(|t| t.to_string()), None);
        assert!(features.usage_doc("x").is_none());
        assert_eq!(
            features.manifest_lines(),
            "# Tag `ChatTopic`: the spec's only tag, so its operations are compiled either way.\nchat-topic = []\n"
        );
    }

    #[test]
    fn a_large_spec_has_no_tag_on_by_default() {
        let small: Vec<usize> = (0..LARGE_SPEC_OPERATIONS).map(|i| i % 2).collect();
        let features = Features::of(&model(&["a", "b"], &small));
        assert_eq!(features.default_names(), ["a", "b"]);
        let large: Vec<usize> = (0..=LARGE_SPEC_OPERATIONS).map(|i| i % 2).collect();
        let features = Features::of(&model(&["a", "b"], &large));
        assert!(features.default_names().is_empty());
        let doc = features.usage_doc("big").expect("gated");
        assert!(
            doc.contains("only `client` and `server` are on by default"),
            "{doc}"
        );
    }

    #[test]
    fn no_operations_no_features() {
        let features = Features::of(&model(&["a"], &[]));
        assert!(features.default_names().is_empty());
        assert!(features.manifest_lines().is_empty());
    }
}
