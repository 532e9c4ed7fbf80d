//! The vendor documents → one OpenAPI 3.1 tree: components once per name (identical bodies
//! merge; different bodies under one name are an error), every operation tagged with its
//! document's tag, security requirement names aliased to the declared schemes, definitions that
//! share a short name and a body merged into one, dangling schema references stubbed. Whatever
//! the configuration does not decide is an error at the document's line.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::config::Config;
use super::sources::Source;
use crate::diagnostic::{Diagnostic, SpecErrors};
use crate::pointer::JsonPointer;

/// The OpenAPI version of the merged document (the converted trees use nothing 3.1 dropped).
const OPENAPI_VERSION: &str = "3.1.0";
/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Where schema references point.
pub(super) const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// A place in one of the vendor documents.
#[derive(Clone, Debug)]
pub struct Origin {
    /// Index of the document in the loaded sources.
    pub document: usize,
    /// The node's pointer in that (converted) document.
    pub pointer: JsonPointer,
}

/// One operation of the merged document.
#[derive(Debug)]
pub struct MergedOperation {
    /// Its path template.
    pub path: String,
    /// Its method (lower case).
    pub method: String,
    /// Where it was defined.
    pub origin: Origin,
}

/// The merged tree and what the report says about how it was made.
#[derive(Debug)]
pub struct Merged {
    /// The OpenAPI 3.1 document.
    pub root: Value,
    /// Each schema's first definition.
    pub schema_origins: IndexMap<String, Origin>,
    /// Schemas several documents define (identically), with those documents.
    pub shared: Vec<(String, Vec<usize>)>,
    /// Definitions with another's short name and body, merged into it: (dropped, kept).
    pub same_bodies: Vec<(String, String)>,
    /// Stubbed names and how many references each one serves.
    pub stubbed: Vec<(String, usize)>,
    /// Security names aliased and how many requirements each one appeared in.
    pub aliased: Vec<(String, String, usize)>,
    /// Every operation, in document order.
    pub operations: Vec<MergedOperation>,
    /// Schemas renamed from the configuration: (schema, Rust name), set by `names`.
    pub renamed: Vec<(String, String)>,
    /// Operations renamed from the configuration: (operationId, Rust name), set by `names`.
    pub renamed_operations: Vec<(String, String)>,
}

impl Merged {
    /// An error at `origin`.
    pub fn error(sources: &[Source], origin: &Origin, message: impl Into<String>) -> Diagnostic {
        sources[origin.document]
            .document
            .error(&origin.pointer, message)
    }
}

/// Merges the documents as the configuration says; fails with every error found.
pub fn merge(config: &Config, sources: &[Source]) -> Result<Merged, SpecErrors> {
    let mut errors = Vec::new();
    let mut components: IndexMap<String, Map<String, Value>> = IndexMap::new();
    let mut component_origins: BTreeMap<(String, String), Origin> = BTreeMap::new();
    let mut shared: IndexMap<String, Vec<usize>> = IndexMap::new();
    let mut paths = Map::new();
    let mut operations = Vec::new();
    let mut requirement_names: IndexMap<String, (Origin, usize)> = IndexMap::new();
    let mut references: IndexMap<String, (Origin, usize)> = IndexMap::new();
    let mut tags = Vec::new();

    for (index, source) in sources.iter().enumerate() {
        let root = &source.document.root;
        let at = |pointer: JsonPointer| Origin {
            document: index,
            pointer,
        };
        collect_references(root, &JsonPointer::root(), &mut |target, pointer| {
            let entry = references
                .entry(target.to_owned())
                .or_insert_with(|| (at(pointer.clone()), 0));
            entry.1 += 1;
        });
        let sections = root.get("components").and_then(Value::as_object);
        for (section, entries) in sections.into_iter().flatten() {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let merged = components.entry(section.clone()).or_default();
            for (key, body) in entries {
                let pointer = JsonPointer::root()
                    .push("components")
                    .push(section.as_str())
                    .push(key.as_str());
                let id = (section.clone(), key.clone());
                match merged.get(key) {
                    None => {
                        merged.insert(key.clone(), body.clone());
                        component_origins.insert(id, at(pointer));
                    }
                    Some(existing) if existing == body => {
                        if section == "schemas" {
                            let first = component_origins[&id].document;
                            shared.entry(key.clone()).or_insert(vec![first]).push(index);
                        }
                    }
                    Some(_) => {
                        let first = &component_origins[&id];
                        errors.push(source.document.error(
                            &pointer,
                            format!(
                                "`{key}` ({section}) differs from its definition in {}; one name \
                                 can hold one body in the merged spec: keep the older vendor \
                                 file until SuperOffice makes them agree, and report it",
                                sources[first.document].name
                            ),
                        ));
                    }
                }
            }
        }
        let mut count = 0;
        let items = root.get("paths").and_then(Value::as_object);
        for (path, item) in items.into_iter().flatten() {
            let Some(item) = item.as_object() else {
                continue;
            };
            let item_at = JsonPointer::root().push("paths").push(path.as_str());
            let merged_item = paths
                .entry(path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let Some(merged_item) = merged_item.as_object_mut() else {
                continue;
            };
            for (key, value) in item {
                let pointer = item_at.push(key.as_str());
                if !METHODS.contains(&key.as_str()) {
                    match merged_item.get(key) {
                        None => {
                            merged_item.insert(key.clone(), value.clone());
                        }
                        Some(existing) if existing == value => {}
                        Some(_) => errors.push(source.document.error(
                            &pointer,
                            format!("`{key}` of path `{path}` differs from another document's"),
                        )),
                    }
                    continue;
                }
                if merged_item.contains_key(key) {
                    errors.push(source.document.error(
                        &pointer,
                        format!(
                            "`{} {path}` is also defined by an earlier document; an operation \
                             belongs to one document",
                            key.to_uppercase()
                        ),
                    ));
                    continue;
                }
                let mut operation = value.clone();
                if let Some(map) = operation.as_object_mut() {
                    map.insert("tags".to_owned(), Value::from(vec![source.tag.clone()]));
                }
                note_requirements(&operation, &pointer, &mut |name, requirement| {
                    let entry = requirement_names
                        .entry(name.to_owned())
                        .or_insert_with(|| (at(requirement), 0));
                    entry.1 += 1;
                });
                merged_item.insert(key.clone(), operation);
                operations.push(MergedOperation {
                    path: path.clone(),
                    method: key.clone(),
                    origin: at(pointer),
                });
                count += 1;
            }
        }
        tags.push(tag_object(source, count));
    }

    let mut schemas = components.shift_remove("schemas").unwrap_or_default();
    let schema_origins: IndexMap<String, Origin> = schemas
        .keys()
        .filter_map(|key| {
            let origin = component_origins.get(&("schemas".to_owned(), key.clone()))?;
            Some((key.clone(), origin.clone()))
        })
        .collect();
    let same_bodies = same_short_name_and_body(&schemas);
    let aliased = alias_security(
        config,
        sources,
        &components,
        &requirement_names,
        &mut errors,
    );
    let stubbed = stub_dangling(
        config,
        sources,
        &mut schemas,
        &same_bodies,
        &references,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(SpecErrors { errors });
    }
    for (dropped, _) in &same_bodies {
        schemas.shift_remove(dropped);
    }

    let mut root = Map::new();
    root.insert("openapi".to_owned(), Value::from(OPENAPI_VERSION));
    let first = sources.first().map(|s| &s.document.root);
    for key in ["info", "servers"] {
        if let Some(value) = first.and_then(|r| r.get(key)) {
            root.insert(key.to_owned(), value.clone());
        }
    }
    root.insert("tags".to_owned(), Value::from(tags));
    root.insert("paths".to_owned(), Value::Object(paths));
    let mut components_out = Map::new();
    for (section, entries) in components {
        components_out.insert(section, Value::Object(entries));
    }
    components_out.insert("schemas".to_owned(), Value::Object(schemas));
    root.insert("components".to_owned(), Value::Object(components_out));
    let mut root = Value::Object(root);

    let renames: BTreeMap<String, String> = aliased
        .iter()
        .map(|(name, scheme, _)| (name.clone(), scheme.clone()))
        .collect();
    rename_requirements(&mut root, &renames);
    let moved: BTreeMap<String, String> = same_bodies
        .iter()
        .map(|(dropped, kept)| {
            (
                format!("{SCHEMA_REF_PREFIX}{dropped}"),
                format!("{SCHEMA_REF_PREFIX}{kept}"),
            )
        })
        .collect();
    retarget_references(&mut root, &moved);

    Ok(Merged {
        root,
        schema_origins,
        shared: shared.into_iter().collect(),
        same_bodies,
        stubbed,
        aliased,
        operations,
        renamed: Vec::new(),
        renamed_operations: Vec::new(),
    })
}

/// The tag object of a document's operations.
fn tag_object(source: &Source, operations: usize) -> Value {
    let title = source
        .document
        .root
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("SuperOffice API");
    let mut tag = Map::new();
    tag.insert("name".to_owned(), Value::from(source.tag.clone()));
    tag.insert(
        "description".to_owned(),
        Value::from(format!(
            "{title}: the {operations} operations of `{}`.",
            source.name.rsplit('/').next().unwrap_or(&source.name)
        )),
    );
    Value::Object(tag)
}

/// Calls `found(target, pointer)` for every `$ref` under `node`.
fn collect_references(node: &Value, at: &JsonPointer, found: &mut dyn FnMut(&str, &JsonPointer)) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let here = at.push(key.as_str());
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found(target, &here),
                    _ => collect_references(value, &here, found),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_references(item, &at.index(index), found);
            }
        }
        _ => {}
    }
}

/// Calls `found(name, pointer)` for each scheme name in the operation's `security`.
fn note_requirements(
    operation: &Value,
    at: &JsonPointer,
    found: &mut dyn FnMut(&str, JsonPointer),
) {
    let requirements = operation.get("security").and_then(Value::as_array);
    for (index, requirement) in requirements.into_iter().flatten().enumerate() {
        for name in requirement.as_object().into_iter().flat_map(|m| m.keys()) {
            found(name, at.push("security").index(index).push(name.as_str()));
        }
    }
}

/// Definitions that share their short name and their body with another, each merged into the
/// lowest name of its kind: (dropped, kept), in schema order.
fn same_short_name_and_body(schemas: &Map<String, Value>) -> Vec<(String, String)> {
    let mut by_short: IndexMap<&str, Vec<&String>> = IndexMap::new();
    for key in schemas.keys() {
        by_short.entry(short_name(key)).or_default().push(key);
    }
    let mut merged = Vec::new();
    for keys in by_short.values().filter(|keys| keys.len() > 1) {
        let mut sorted = keys.clone();
        sorted.sort();
        let mut kept: Vec<&String> = Vec::new();
        for key in sorted {
            match kept
                .iter()
                .find(|k| schemas[k.as_str()] == schemas[key.as_str()])
            {
                Some(same) => merged.push((key.clone(), (*same).clone())),
                None => kept.push(key),
            }
        }
    }
    merged
}

/// The last dotted segment of a .NET name.
pub(super) fn short_name(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

/// Checks every requirement name against the declared schemes and the configured aliases:
/// (alias, scheme, requirements) for each alias used.
fn alias_security(
    config: &Config,
    sources: &[Source],
    components: &IndexMap<String, Map<String, Value>>,
    names: &IndexMap<String, (Origin, usize)>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, String, usize)> {
    let declared: BTreeSet<&str> = components
        .get("securitySchemes")
        .map(|s| s.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let declared_list = declared.iter().copied().collect::<Vec<_>>().join("`, `");
    let mut aliased = Vec::new();
    for (name, (origin, count)) in names {
        if declared.contains(name.as_str()) {
            continue;
        }
        match config.security.get(name) {
            Some(alias) => aliased.push((name.clone(), alias.value.clone(), *count)),
            None => errors.push(Merged::error(
                sources,
                origin,
                format!(
                    "security requirement `{name}` ({}) names no declared scheme \
                     (`{declared_list}`): add `\"{name}\" = \"<scheme>\"` under [security] in {}",
                    counted(*count, "operation"),
                    config.name
                ),
            )),
        }
    }
    for (name, alias) in &config.security {
        if !names.contains_key(name) || declared.contains(name.as_str()) {
            errors.push(config.error(
                alias,
                format!(
                    "no requirement needs the alias `{name}` any more (the documents were \
                     fixed?): remove it"
                ),
            ));
        } else if !declared.contains(alias.value.as_str()) {
            errors.push(config.error(
                alias,
                format!(
                    "`{}` is not a declared security scheme; the documents declare `{declared_list}`",
                    alias.value
                ),
            ));
        }
    }
    aliased
}

/// Puts each configured stub where a reference dangles: (name, references served).
fn stub_dangling(
    config: &Config,
    sources: &[Source],
    schemas: &mut Map<String, Value>,
    same_bodies: &[(String, String)],
    references: &IndexMap<String, (Origin, usize)>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, usize)> {
    let mut stubbed = Vec::new();
    let mut dangling = BTreeSet::new();
    for (target, (origin, count)) in references {
        let Some(name) = target.strip_prefix(SCHEMA_REF_PREFIX) else {
            continue;
        };
        let merged_away = same_bodies.iter().any(|(dropped, _)| dropped == name);
        if schemas.contains_key(name) || merged_away {
            continue;
        }
        dangling.insert(name.to_owned());
        match config.stubs.get(name) {
            Some(stub) => {
                let mut schema = stub.value.schema.clone();
                if let Some(map) = schema.as_object_mut() {
                    map.entry("description")
                        .or_insert_with(|| Value::from(stub.value.why.clone()));
                }
                schemas.insert(name.to_owned(), schema);
                stubbed.push((name.to_owned(), *count));
            }
            None => errors.push(Merged::error(
                sources,
                origin,
                format!(
                    "`$ref` to `{name}`, which no document defines ({}): add \
                     [stubs.\"{name}\"] with `schema = {{ … }}` (what it becomes) and `why = \
                     \"…\"` to {}",
                    counted(*count, "reference"),
                    config.name
                ),
            )),
        }
    }
    for (name, stub) in &config.stubs {
        if !dangling.contains(name) {
            errors.push(config.error(
                stub,
                format!(
                    "no reference to `{name}` dangles any more (defined now?): remove the stub"
                ),
            ));
        }
    }
    stubbed
}

/// `1 operation`, `2 operations`.
fn counted(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

/// Renames security requirement names in every operation (and the root).
fn rename_requirements(root: &mut Value, renames: &BTreeMap<String, String>) {
    let rename = |security: &mut Value| {
        for requirement in security.as_array_mut().into_iter().flatten() {
            if let Some(map) = requirement.as_object_mut() {
                let renamed = std::mem::take(map)
                    .into_iter()
                    .map(|(name, scopes)| (renames.get(&name).cloned().unwrap_or(name), scopes))
                    .collect();
                *map = renamed;
            }
        }
    };
    if let Some(security) = root.get_mut("security") {
        rename(security);
    }
    let items = root.get_mut("paths").and_then(Value::as_object_mut);
    for item in items.into_iter().flat_map(|paths| paths.values_mut()) {
        for (key, operation) in item.as_object_mut().into_iter().flatten() {
            if METHODS.contains(&key.as_str()) {
                if let Some(security) = operation.get_mut("security") {
                    rename(security);
                }
            }
        }
    }
}

/// Points every `$ref` named in `moved` at its new target.
fn retarget_references(node: &mut Value, moved: &BTreeMap<String, String>) {
    if moved.is_empty() {
        return;
    }
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(target) if key == "$ref" => {
                        if let Some(new) = moved.get(target.as_str()) {
                            target.clone_from(new);
                        }
                    }
                    _ => retarget_references(value, moved),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| retarget_references(item, moved)),
        _ => {}
    }
}

/// The number of operations in an OpenAPI tree.
pub fn count_operations(root: &Value) -> usize {
    root.get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .flat_map(|item| item.keys())
                .filter(|key| METHODS.contains(&key.as_str()))
                .count()
        })
}
