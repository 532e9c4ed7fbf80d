//! Rust names as metadata: every component schema gets `x-rust-name` (its .NET short name, or
//! the configured rename) and every operation gets one (its operationId without the `v1…_`
//! prefix, or the configured rename). Keys and operationIds never move, so every `$ref` and
//! every link to SuperOffice's pages stays valid. Two schemas whose names case the same, or two
//! operations of one tag whose method names case the same, are an error naming both and what
//! to add to the configuration: never a numeric suffix, which would move when SuperOffice
//! inserts something.

use std::collections::BTreeMap;

use serde_json::Value;

use super::config::{Config, Setting};
use super::merge::{short_name, Merged};
use super::sources::Source;
use crate::diagnostic::{Diagnostic, SpecErrors};
use crate::naming::{pascal_case, snake_case};

/// The extension the generator takes Rust names from.
const RUST_NAME: &str = "x-rust-name";

/// Names every schema and operation of `merged`; fails with every collision and every
/// configured rename that names nothing.
pub fn assign(config: &Config, sources: &[Source], merged: &mut Merged) -> Result<(), SpecErrors> {
    let mut errors = Vec::new();
    merged.renamed = name_schemas(config, sources, merged, &mut errors);
    merged.renamed_operations = name_operations(config, sources, merged, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SpecErrors { errors })
    }
}

/// Sets each schema's `x-rust-name`; returns the renames used.
fn name_schemas(
    config: &Config,
    sources: &[Source],
    merged: &mut Merged,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut renamed = Vec::new();
    // Type name (as cased) → the schema keys that would take it.
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let schemas = merged
        .root
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut);
    for (key, schema) in schemas.into_iter().flatten() {
        let name = match config.renames.get(key) {
            Some(rename) => {
                renamed.push((key.clone(), rename.value.clone()));
                rename.value.clone()
            }
            None => short_name(key).to_owned(),
        };
        claims
            .entry(pascal_case(&name))
            .or_default()
            .push(key.clone());
        if let Some(map) = schema.as_object_mut() {
            map.insert(RUST_NAME.to_owned(), Value::String(name));
        }
    }
    for (name, keys) in claims.iter().filter(|(_, keys)| keys.len() > 1) {
        let Some(origin) = merged.schema_origins.get(&keys[0]) else {
            errors.push(config.error_at_start(format!("schemas {keys:?} all become `{name}`")));
            continue;
        };
        let lines: Vec<String> = keys
            .iter()
            .map(|key| format!("\"{key}\" = \"…\""))
            .collect();
        errors.push(Merged::error(
            sources,
            origin,
            format!(
                "{} schemas would all be the Rust type `{name}` ({}); give each that needs it a \
                 name of its own under [renames] in {}:\n{}",
                keys.len(),
                keys.join(", "),
                config.name,
                lines.join("\n")
            ),
        ));
    }
    unused(
        config,
        &config.renames,
        &renamed,
        "[renames]",
        "schema",
        errors,
    );
    renamed
}

/// Sets each operation's `x-rust-name`; returns the renames used.
fn name_operations(
    config: &Config,
    sources: &[Source],
    merged: &mut Merged,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut renamed = Vec::new();
    // (tag, method name as cased) → the operations (index in `merged.operations`, operationId).
    let mut claims: BTreeMap<(String, String), Vec<(usize, String)>> = BTreeMap::new();
    for (index, operation) in merged.operations.iter().enumerate() {
        let pointer = format!(
            "/paths/{}/{}",
            operation.path.replace('~', "~0").replace('/', "~1"),
            operation.method
        );
        let Some(map) = merged
            .root
            .pointer_mut(&pointer)
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let Some(id) = map
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            continue;
        };
        let tag = map
            .get("tags")
            .and_then(|tags| tags.get(0))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let name = match config.operation_renames.get(&id) {
            Some(rename) => {
                renamed.push((id.clone(), rename.value.clone()));
                rename.value.clone()
            }
            None => rust_operation_name(&id, &tag),
        };
        claims
            .entry((tag, snake_case(&name)))
            .or_default()
            .push((index, id));
        map.insert(RUST_NAME.to_owned(), Value::String(name));
    }
    for ((tag, name), operations) in claims.iter().filter(|(_, ops)| ops.len() > 1) {
        let ids: Vec<&str> = operations.iter().map(|(_, id)| id.as_str()).collect();
        let lines: Vec<String> = ids.iter().map(|id| format!("\"{id}\" = \"…\"")).collect();
        let origin = &merged.operations[operations[0].0].origin;
        errors.push(Merged::error(
            sources,
            origin,
            format!(
                "{} operations of tag `{tag}` would all be the method `{name}` ({}); give each \
                 that needs it a name of its own under [operation_renames] in {}:\n{}",
                ids.len(),
                ids.join(", "),
                config.name,
                lines.join("\n")
            ),
        ));
    }
    let configured = &config.operation_renames;
    unused(
        config,
        configured,
        &renamed,
        "[operation_renames]",
        "operationId",
        errors,
    );
    renamed
}

/// An operation's Rust name from its operationId `v1{Resource}_{Method}`: the method alone when
/// the resource is the tag's own (`v1ContactEntity_GetContact`, `v1ContactAgent_GetContact` →
/// `GetContact`), else resource and method (`v1BusinessList_GetAll` in tag `List` →
/// `BusinessList_GetAll`, since List's 38 lists share their method names). An operationId
/// without that shape is kept whole.
fn rust_operation_name(id: &str, tag: &str) -> String {
    let Some((resource, method)) = id.split_once('_').filter(|(_, m)| !m.is_empty()) else {
        return id.to_owned();
    };
    let resource = resource.strip_prefix("v1").unwrap_or(resource);
    let own = resource.eq_ignore_ascii_case(tag)
        || resource
            .strip_suffix("Entity")
            .is_some_and(|r| r.eq_ignore_ascii_case(tag));
    if own {
        method.to_owned()
    } else {
        format!("{resource}_{method}")
    }
}

/// An error for every configured rename that named nothing (stale after a vendor update).
fn unused(
    config: &Config,
    configured: &indexmap::IndexMap<String, Setting<String>>,
    used: &[(String, String)],
    table: &str,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    for (key, setting) in configured {
        if !used.iter().any(|(used, _)| used == key) {
            errors.push(config.error(
                setting,
                format!(
                    "{table} names the {what} `{key}`, which no vendor document defines any \
                     more; delete the line"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rust_operation_name;

    #[test]
    fn operation_names_lose_their_own_resource_prefix() {
        let name = rust_operation_name;
        assert_eq!(
            name("v1ChatTopicEntity_CreateChatSessionForTopic", "ChatTopic"),
            "CreateChatSessionForTopic"
        );
        assert_eq!(
            name("v1ChatAgent_GetChatTopic", "ChatAgent"),
            "GetChatTopic"
        );
        assert_eq!(name("v1PriceList_GetAll", "Pricelist"), "GetAll");
        assert_eq!(name("v1BusinessList_GetAll", "List"), "BusinessList_GetAll");
        assert_eq!(name("plain", "List"), "plain");
        assert_eq!(name("trailing_", "List"), "trailing_");
    }
}
