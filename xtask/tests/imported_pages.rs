//! SuperOffice's write pages (POST and PUT of Contact, Person and Sale, ContactAgent's
//! SaveContactEntity, in `spec/docs/`) against the imported spec: each page's operation exists
//! under its uid, the page's response table is the response schema's property list, the
//! sample answer's status is declared, and every property of every sample request and answer
//! is in the schema with a JSON type that fits (nested carriers, lists and maps included).

use serde_json::{Map, Value};

const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// The pages this test covers, relative to `spec/docs/`.
const PAGES: &[&str] = &[
    "rest/Contact/v1ContactEntity_PostContactEntity.md",
    "rest/Contact/v1ContactEntity_PutContactEntity.md",
    "rest/Person/v1PersonEntity_PostPersonEntity.md",
    "rest/Person/v1PersonEntity_PutPersonEntity.md",
    "rest/Sale/v1SaleEntity_PostSaleEntity.md",
    "rest/Sale/v1SaleEntity_PutSaleEntity.md",
    "agent/v1ContactAgent_SaveContactEntity.md",
];

/// Properties the vendor documents have and the pages (generated earlier) lack: SuperOffice
/// added them since; additions, not disagreements. (schema's Rust name, property)
const ADDED_SINCE_THE_PAGES: &[(&str, &str)] = &[
    ("ContactEntity", "UtmParameters"),
    ("ContactEntityWithLinks", "UtmParameters"),
    ("PersonEntityWithLinks", "CreatedByFormId"),
    ("PersonEntityWithLinks", "UtmParameters"),
    ("PersonEntityWithLinks", "LeadstatusId"),
    ("PersonEntityWithLinks", "Leadstatus"),
];

/// What a page says.
struct Page {
    uid: String,
    /// The schema named by `### Response body: X` and its table's property names.
    response_table: (String, Vec<String>),
    /// The sample request's JSON body.
    request: Value,
    /// The sample answer's status and JSON body.
    answer: (String, Value),
}

fn read_page(relative: &str) -> Page {
    let text = std::fs::read_to_string(format!("{SPEC_DIR}/docs/{relative}"))
        .unwrap_or_else(|e| panic!("{relative}: {e}"));
    let uid = text
        .lines()
        .find_map(|line| line.strip_prefix("uid: "))
        .expect("a uid")
        .trim()
        .to_owned();
    let heading = "### Response body: ";
    let start = text.find(heading).expect("a response table") + heading.len();
    let schema = text[start..]
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let rows = text[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .filter_map(|line| line.trim_matches('|').split('|').next())
        .map(|cell| cell.trim().to_owned())
        .collect();
    let request = fenced_body(&text, "```http!", relative).1;
    let answer = fenced_body(&text, "```http_", relative);
    Page {
        uid,
        response_table: (schema, rows),
        request,
        answer,
    }
}

/// The first line and the JSON body (after the headers) of the block opened by `fence`.
fn fenced_body(text: &str, fence: &str, page: &str) -> (String, Value) {
    let start = text
        .find(fence)
        .unwrap_or_else(|| panic!("{page}: no {fence}"))
        + fence.len();
    let block = &text[start..];
    let block = &block[..block.find("\n```").unwrap_or(block.len())];
    let first = block
        .trim_start()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let body = block.split_once("\n\n").map_or("", |(_, body)| body);
    let json = serde_json::from_str(body).unwrap_or_else(|e| panic!("{page}: {fence} body: {e}"));
    (first, json)
}

/// The imported spec, as JSON.
fn spec() -> Value {
    let text = std::fs::read_to_string(format!("{SPEC_DIR}/superoffice.yaml"))
        .expect("the imported spec is checked in");
    serde_yaml::from_str(&text).expect("the imported spec parses")
}

/// The operation whose operationId is `id`.
fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
    spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|op| op["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation {id} in the imported spec"))
}

/// `node` with its `$ref`s followed (a target that is missing is `null`).
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|t| t.strip_prefix('#')) {
        Some(pointer) => resolve(spec, spec.pointer(pointer).unwrap_or(&Value::Null)),
        None => schema,
    }
}

/// The JSON schema of an operation's answer or request body.
fn json_schema<'a>(spec: &'a Value, content_owner: &'a Value) -> &'a Value {
    resolve(
        spec,
        &content_owner["content"]["application/json"]["schema"],
    )
}

/// Whether `schema` allows JSON type `kind` (`type` may be one name or a list).
fn allows(schema: &Value, kind: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == kind || (t == "number" && kind == "integer"),
        Value::Array(types) => types.iter().any(|t| t == kind),
        // No `type`: any value (or a composition this check does not enter).
        _ => true,
    }
}

/// Every property of `value` is in `schema` with a fitting type; `at` names the place.
/// SuperOffice writes `null` for carriers and strings it has no value for, so `null` fits any.
fn conforms(spec: &Value, value: &Value, schema: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    // A nullable carrier is `anyOf: [{$ref}, {type: 'null'}]`: the value fits some branch.
    if let Some(branches) = schema["anyOf"].as_array().or(schema["oneOf"].as_array()) {
        let mut first = None;
        for branch in branches {
            let mut found = Vec::new();
            conforms(spec, value, branch, at, &mut found);
            if found.is_empty() {
                return;
            }
            first.get_or_insert(found);
        }
        problems.extend(first.unwrap_or_default());
        return;
    }
    match value {
        Value::Null => {}
        Value::Bool(_) if allows(schema, "boolean") => {}
        Value::Number(n) if n.is_i64() && allows(schema, "integer") => {}
        Value::Number(_) if allows(schema, "number") => {}
        Value::String(_) if allows(schema, "string") => {}
        Value::Array(items) if allows(schema, "array") => {
            for (index, item) in items.iter().enumerate() {
                conforms(
                    spec,
                    item,
                    &schema["items"],
                    &format!("{at}[{index}]"),
                    problems,
                );
            }
        }
        Value::Object(map) if allows(schema, "object") => {
            conforms_object(spec, map, schema, at, problems);
        }
        other => problems.push(format!("{at}: {other} does not fit {schema}")),
    }
}

fn conforms_object(
    spec: &Value,
    map: &Map<String, Value>,
    schema: &Value,
    at: &str,
    problems: &mut Vec<String>,
) {
    for (name, value) in map {
        let place = format!("{at}.{name}");
        match (&schema["properties"][name], &schema["additionalProperties"]) {
            (Value::Null, Value::Object(_)) => {
                conforms(
                    spec,
                    value,
                    &schema["additionalProperties"],
                    &place,
                    problems,
                );
            }
            (Value::Null, _) => problems.push(format!("{place}: not a property of the schema")),
            (property, _) => conforms(spec, value, property, &place, problems),
        }
    }
}

#[test]
fn the_write_pages_conform_to_the_imported_spec() {
    let spec = spec();
    for relative in PAGES {
        let page = read_page(relative);
        let operation = operation(&spec, &page.uid);

        let (status, body) = &page.answer;
        let code = status.split(' ').nth(1).expect("a status code");
        let answer = &operation["responses"][code];
        assert!(
            answer.is_object(),
            "{relative}: status {code} is not declared"
        );
        let answer_schema = json_schema(&spec, answer);

        let (name, rows) = &page.response_table;
        assert_eq!(
            answer_schema["x-rust-name"],
            name.as_str(),
            "{relative}: the answer's schema is the page's"
        );
        let properties: Vec<&str> = answer_schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .filter(|property| !ADDED_SINCE_THE_PAGES.contains(&(name.as_str(), property)))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        assert_eq!(
            properties, rows,
            "{relative}: {name}'s properties are the table's"
        );

        let mut problems = Vec::new();
        conforms(&spec, body, answer_schema, "answer", &mut problems);
        let request_schema = json_schema(&spec, resolve(&spec, &operation["requestBody"]));
        conforms(
            &spec,
            &page.request,
            request_schema,
            "request",
            &mut problems,
        );
        assert!(problems.is_empty(), "{relative}:\n{}", problems.join("\n"));
    }
}

#[test]
fn a_sample_property_the_schema_lacks_is_found() {
    let spec = serde_json::json!({"components": {"schemas": {"A": {
        "type": "object",
        "properties": {"Id": {"type": "integer"}, "Tags": {"type": "array", "items": {"type": "string"}}}
    }}}});
    let schema = serde_json::json!({"$ref": "#/components/schemas/A"});
    let mut problems = Vec::new();
    let sample = serde_json::json!({"Id": 1, "Tags": ["a", 2], "Extra": true});
    conforms(&spec, &sample, &schema, "answer", &mut problems);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("answer.Tags[1]"), "{problems:?}");
    assert!(
        problems[1].starts_with("answer.Extra: not a property"),
        "{problems:?}"
    );
}
