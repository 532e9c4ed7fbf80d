//! The SuperOffice pages in `spec/docs/` are the check on the imported spec: every schema
//! whose `externalDocs` names a page with a "Response body" table for it (by its Rust name,
//! `x-rust-name`) has exactly that table's properties, in its order, with its descriptions
//! (HTML entities decoded).

use serde_yaml::Value;

/// Properties SuperOffice's documents have and the pages (generated from an older version)
/// lack: added since, so additions rather than disagreements. (Rust name, property)
const ADDED_SINCE_THE_PAGES: &[(&str, &str)] = &[
    ("Associate", "ExtraFields"),
    ("Associate", "CustomFields"),
    ("Person", "PersonNumber"),
    ("Project", "EventId"),
    ("Project", "StartDate"),
];

const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// One row of a page's property table.
struct Row {
    name: String,
    description: String,
}

/// The rows of the table under `### Response body: <schema>`.
fn response_table(page: &str, schema: &str) -> Option<Vec<Row>> {
    let heading = format!("### Response body: {schema}");
    let start = page.find(&heading)? + heading.len();
    let rows = page[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // header and separator
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            Row {
                name: cells.first().copied().unwrap_or_default().to_owned(),
                description: cells.get(2).copied().unwrap_or_default().to_owned(),
            }
        })
        .collect();
    Some(rows)
}

fn decode_entities(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn schemas_follow_their_page_tables() {
    let text = std::fs::read_to_string(format!("{SPEC_DIR}/superoffice.yaml")).expect("the spec");
    let spec: Value = serde_yaml::from_str(&text).expect("spec parses");
    let schemas = spec["components"]["schemas"]
        .as_mapping()
        .expect("components.schemas");
    let mut checked = Vec::new();
    for (key, schema) in schemas {
        let key = key.as_str().expect("schema names are strings");
        let name = schema["x-rust-name"].as_str().unwrap_or(key);
        let Some(url) = schema["externalDocs"]["url"].as_str() else {
            continue;
        };
        let page = std::fs::read_to_string(format!("{SPEC_DIR}/{url}"))
            .unwrap_or_else(|e| panic!("{name}: externalDocs {url} is not in spec/: {e}"));
        let Some(rows) = response_table(&page, name) else {
            continue;
        };
        let properties = schema["properties"].as_mapping().expect("properties");
        let spec_names: Vec<&str> = properties
            .keys()
            .filter_map(Value::as_str)
            .filter(|property| !ADDED_SINCE_THE_PAGES.contains(&(name, property)))
            .collect();
        let page_names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            spec_names, page_names,
            "{name}: properties differ from {url}"
        );
        for row in rows.iter().filter(|r| !r.description.is_empty()) {
            let described = properties[row.name.as_str()]["description"]
                .as_str()
                .unwrap_or_default();
            let expected = decode_entities(&row.description);
            assert_eq!(described, expected, "{name}.{}", row.name);
        }
        checked.push(name.to_owned());
    }
    checked.sort();
    assert_eq!(
        checked,
        [
            "Associate",
            "ChatSessionEntity",
            "ChatTopicAgent",
            "ChatTopicEntity",
            "ChatTopicEntityWithLinks",
            "Contact",
            "ODataSlimResponse",
            "Person",
            "Project",
            "Sale",
            "Ticket"
        ],
        "every page-backed schema was checked"
    );
    let entity = schemas["SuperOffice.CRM.Services.ChatSessionEntity"]["properties"]
        .as_mapping()
        .expect("ChatSessionEntity properties");
    assert_eq!(entity.len(), 33);
}
