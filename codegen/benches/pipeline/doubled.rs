//! A spec twice as large as GitHub's with the same shape: two copies of it in one document.
//!
//! The second copy's paths are prefixed with `/copy2`, its operationIds, tags and component
//! names (every section except `securitySchemes`, which stay shared) get the suffix `-copy2`,
//! and every `$ref` (and discriminator mapping) inside it is rewritten to point at the renamed
//! components, so operations, types and files all double.

use std::path::Path;

use serde_json::{Map, Value};

/// Added to the second copy's operationIds, tags and component names.
const SUFFIX: &str = "-copy2";
/// Put before the second copy's paths.
const PATH_PREFIX: &str = "/copy2";
/// The keys of a path item that hold operations.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Top-level mappings of path items besides `paths`.
const WEBHOOKS: [&str; 2] = ["webhooks", "x-webhooks"];

/// Writes the doubled form of the JSON spec at `source` to `target` (always rebuilt: it takes
/// about a second, and stays in step with this code).
pub fn write(source: &Path, target: &Path) -> Result<(), String> {
    let text = std::fs::read(source)
        .map_err(|error| format!("cannot read {}: {error}", source.display()))?;
    let root: Value = serde_json::from_slice(&text)
        .map_err(|error| format!("{} is not JSON: {error}", source.display()))?;
    let doubled = double(root)?;
    // Indented like GitHub's file, so that the bytes double too.
    let bytes = serde_json::to_vec_pretty(&doubled)
        .map_err(|error| format!("cannot serialize the doubled spec: {error}"))?;
    let partial = target.with_extension("json.partial");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, target))
        .map_err(|error| format!("cannot write {}: {error}", target.display()))
}

/// Two copies of `root` in one document.
pub fn double(mut root: Value) -> Result<Value, String> {
    let mut copy = root.clone();
    rewrite_refs(&mut copy);
    let copy = copy
        .as_object_mut()
        .ok_or("the spec is not a JSON object")?;

    let paths = rename_keys(copy.remove("paths"), |path| format!("{PATH_PREFIX}{path}"))?;
    append(&mut root, "paths", rename_operations(paths))?;
    for key in WEBHOOKS {
        if let Some(hooks) = copy.remove(key) {
            let hooks = rename_keys(Some(hooks), |name| format!("{name}{SUFFIX}"))?;
            append(&mut root, key, rename_operations(hooks))?;
        }
    }
    if let Some(Value::Object(components)) = copy.remove("components") {
        for (section, entries) in components {
            if section == "securitySchemes" {
                continue;
            }
            let entries = rename_keys(Some(entries), |name| format!("{name}{SUFFIX}"))?;
            let target = root
                .get_mut("components")
                .ok_or("the spec has `components` in one copy only")?;
            append(target, &section, entries)?;
        }
    }
    if let Some(Value::Array(tags)) = copy.remove("tags") {
        let renamed = tags.into_iter().map(|mut tag| {
            if let Some(Value::String(name)) = tag.get_mut("name") {
                name.push_str(SUFFIX);
            }
            tag
        });
        if let Some(Value::Array(all)) = root.get_mut("tags") {
            all.extend(renamed);
        }
    }
    Ok(root)
}

/// The mapping `value` with every key renamed by `rename`.
fn rename_keys(
    value: Option<Value>,
    rename: impl Fn(&str) -> String,
) -> Result<Map<String, Value>, String> {
    match value {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map
            .into_iter()
            .map(|(key, value)| (rename(&key), value))
            .collect()),
        Some(other) => Err(format!("expected a mapping, found {other}")),
    }
}

/// Suffixes the operationId and tags of every operation in the path items of `items`.
fn rename_operations(mut items: Map<String, Value>) -> Map<String, Value> {
    for item in items.values_mut() {
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            if let Some(Value::String(id)) = operation.get_mut("operationId") {
                id.push_str(SUFFIX);
            }
            if let Some(Value::Array(tags)) = operation.get_mut("tags") {
                for tag in tags.iter_mut() {
                    if let Value::String(tag) = tag {
                        tag.push_str(SUFFIX);
                    }
                }
            }
        }
    }
    items
}

/// Adds `entries` to the mapping `parent[key]` (created when absent).
fn append(parent: &mut Value, key: &str, entries: Map<String, Value>) -> Result<(), String> {
    let parent = parent
        .as_object_mut()
        .ok_or_else(|| format!("the parent of `{key}` is not a mapping"))?;
    match parent
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(map) => {
            map.extend(entries);
            Ok(())
        }
        other => Err(format!("`{key}` is not a mapping but {other}")),
    }
}

/// Points every `$ref` and discriminator mapping in `value` at the renamed components.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => *target = renamed_ref(target),
                    // A discriminator (not a property named `discriminator`).
                    ("discriminator", Value::Object(discriminator))
                        if discriminator.contains_key("propertyName") =>
                    {
                        if let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") {
                            for target in mapping.values_mut() {
                                if let Value::String(target) = target {
                                    *target = renamed_mapping(target);
                                }
                            }
                        }
                    }
                    (_, child) => rewrite_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// `#/components/<section>/<name>…` → `#/components/<section>/<name>-copy2…`.
fn renamed_ref(target: &str) -> String {
    let Some(rest) = target.strip_prefix("#/components/") else {
        return target.to_owned();
    };
    let mut parts = rest.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("securitySchemes"), _, _) | (_, None, _) => target.to_owned(),
        (Some(section), Some(name), tail) => {
            let tail = tail.map(|tail| format!("/{tail}")).unwrap_or_default();
            format!("#/components/{section}/{name}{SUFFIX}{tail}")
        }
        (None, _, _) => target.to_owned(),
    }
}

/// A discriminator mapping's target: a `$ref` or a bare schema name.
fn renamed_mapping(target: &str) -> String {
    if target.contains('/') || target.contains('#') {
        renamed_ref(target)
    } else {
        format!("{target}{SUFFIX}")
    }
}
