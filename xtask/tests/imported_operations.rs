//! The imported spec holds every operation of SuperOffice's 111 documents, under the vendor's
//! operationId, method and path (its shape on the wire: a path parameter may be renamed, as
//! `30-chat-topic.yaml` does to make ChatTopic's two `Sessions` paths one), and ChatTopic's PATCH (documented on its reference page,
//! absent from the documents) besides: nothing is lost on the way from the vendor files to
//! `spec/superoffice.yaml`.

use std::collections::BTreeMap;

use serde_json::Value;

const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// The operations the overlays add: ChatTopic's PATCH, from its reference page.
const ADDED: &[(&str, &str, &str)] = &[(
    "v1ChatTopicEntity_PatchChatTopicEntity",
    "patch",
    "/api/v1/ChatTopic/{id}",
)];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `path` with its parameters' names erased (`/a/{id}/b` → `/a/{}/b`): what the wire sees.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push('{');
            }
            '}' => {
                in_name = false;
                out.push('}');
            }
            _ if in_name => {}
            c => out.push(c),
        }
    }
    out
}

/// operationId → (method, path shape) of every operation under `paths`.
fn operations(document: &Value) -> BTreeMap<String, (String, String)> {
    let mut found = BTreeMap::new();
    let paths = document["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for method in METHODS {
            if let Some(id) = item[*method]["operationId"].as_str() {
                let previous = found.insert(id.to_owned(), ((*method).to_owned(), shape(path)));
                assert!(previous.is_none(), "operationId {id} twice");
            }
        }
    }
    found
}

#[test]
fn every_vendor_operation_is_in_the_spec_and_chat_topic_patch_besides() {
    let mut vendor = BTreeMap::new();
    let mut documents = 0;
    for directory in ["rest", "agent"] {
        let dir = format!("{SPEC_DIR}/vendor/superoffice-api/{directory}");
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("a vendor document");
                let document: Value = serde_json::from_str(&text).expect("JSON");
                vendor.extend(operations(&document));
                documents += 1;
            }
        }
    }
    assert_eq!(documents, 111, "the vendor's documents");
    assert_eq!(vendor.len(), 3317, "the vendor's operations");

    let text = std::fs::read_to_string(format!("{SPEC_DIR}/superoffice.yaml")).expect("the spec");
    let spec: Value = serde_yaml::from_str(&text).expect("the spec parses");
    let mut imported = operations(&spec);
    for (id, method, path) in ADDED {
        let added = imported.remove(*id);
        assert_eq!(added, Some(((*method).to_owned(), shape(path))), "{id}");
    }
    let missing: Vec<_> = vendor
        .keys()
        .filter(|id| !imported.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "vendor operations missing from the spec: {missing:?}"
    );
    let moved: Vec<_> = vendor
        .iter()
        .filter(|(id, at)| imported.get(*id) != Some(at))
        .collect();
    assert!(
        moved.is_empty(),
        "operations whose method or path moved: {moved:?}"
    );
    assert_eq!(
        imported.len(),
        vendor.len(),
        "operations the vendor does not have"
    );
}
