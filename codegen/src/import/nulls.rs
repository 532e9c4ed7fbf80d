//! Nested carriers that may be `null`: after the overlays, every schema property that is a
//! bare `$ref` to an object schema becomes `anyOf: [$ref, {type: 'null'}]`, when the
//! configuration says so (`nullable_carriers`). SuperOffice sends `null` for an unset carrier
//! (`"Address": null`), which its documents do not say; a property an overlay already made
//! nullable, or wrote otherwise, is left as it is.

use serde_json::{json, Map, Value};

/// Makes every bare object `$ref` property of every component schema nullable; returns how
/// many properties changed.
pub fn nullable_carriers(root: &mut Value) -> usize {
    let objects: Vec<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| is_object(schema))
        .map(|(name, _)| format!("#/components/schemas/{name}"))
        .collect();
    let Some(schemas) = root
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let mut changed = 0;
    for schema in schemas.values_mut() {
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for property in properties.values_mut() {
            let Some(property) = property.as_object_mut() else {
                continue;
            };
            let target = property.get("$ref").and_then(Value::as_str);
            if target.is_some_and(|target| objects.iter().any(|o| o == target)) {
                wrap(property);
                changed += 1;
            }
        }
    }
    changed
}

/// Whether `schema` describes a JSON object (a carrier), not a value type or an enum.
fn is_object(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || (schema.get("type").is_none() && schema.get("properties").is_some())
}

/// `{$ref, …}` → `{…, anyOf: [{$ref}, {type: 'null'}]}`, the siblings (description) kept.
fn wrap(property: &mut Map<String, Value>) {
    if let Some(target) = property.remove("$ref") {
        property.insert(
            "anyOf".to_owned(),
            json!([{ "$ref": target }, { "type": "null" }]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_refs_become_nullable_and_the_rest_stays() {
        let mut root = json!({"components": {"schemas": {
            "Address": {"type": "object", "properties": {"Street": {"type": "string"}}},
            "Status": {"type": "string", "enum": ["A"]},
            "Contact": {"type": "object", "properties": {
                "Address": {"$ref": "#/components/schemas/Address", "description": "Where"},
                "Status": {"$ref": "#/components/schemas/Status"},
                "Already": {"anyOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}]},
                "Name": {"type": "string"}
            }}
        }}});
        assert_eq!(nullable_carriers(&mut root), 1);
        let contact = &root["components"]["schemas"]["Contact"]["properties"];
        assert_eq!(
            contact["Address"],
            json!({"description": "Where", "anyOf": [
                {"$ref": "#/components/schemas/Address"}, {"type": "null"}
            ]})
        );
        assert_eq!(
            contact["Status"],
            json!({"$ref": "#/components/schemas/Status"})
        );
        assert_eq!(contact["Name"], json!({"type": "string"}));
    }
}
