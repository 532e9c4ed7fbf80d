//! SuperOffice's write pages (POST and PUT of Contact, Person and Sale, and ContactAgent's
//! SaveContactEntity, in `spec/docs/`) against the generated models: the sample request body
//! of each page decodes into the client method's body type and the sample answer into its
//! output type, and both are written back as the page shows them, property for property.
//!
//! The models are not trusted to a hand-written table: each page's uid maps to its client
//! [`Operation`], whose `Body` and `Output` are what `post_contact_entity` and friends take and
//! return, and the test checks that their names are the `x-rust-name`s of the `application/json`
//! request body and answer schemas that `spec/superoffice.yaml` gives the page's uid (its
//! operationId) for the status the sample answer shows.
//!
//! "Written back as the page shows them" is strict JSON equality: every key kept, absent, `null`
//! and values kept apart, numbers and strings as they came, date-times in the form they were
//! received (the models keep it, as `roundtrip.rs` checks for ChatSession, so the instant + offset
//! comparison `roundtrip.rs` allows itself is not needed here). A decoding
//! failure names the page, the sample and the path to the property (`Emails: Value: invalid
//! type ...`); a difference names the page, the sample, the model and every JSON pointer at which
//! the re-encoded JSON differs, with both values. All pages are checked before the test fails,
//! and the list of pages checked must be the seven, so a page that stops parsing cannot pass.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use superoffice_webapi::client::{contact, contact_agent, person, sale, Operation};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/docs");
const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/superoffice.yaml");

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

/// What one page shows.
struct Page {
    /// The page's path relative to `spec/docs/`, for messages.
    name: &'static str,
    /// The page's `uid:`, the spec's operationId.
    uid: String,
    /// The sample request's first line (`POST /api/v1/Contact`) and its JSON body as written.
    request: (String, String),
    /// The sample answer's status and its JSON body as written.
    answer: (u16, String),
}

/// Reads the page at `name` (relative to `spec/docs/`): its uid and the two sample blocks.
fn read_page(name: &'static str) -> Page {
    let text =
        std::fs::read_to_string(format!("{DOCS}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    let uid = text
        .lines()
        .find_map(|line| line.strip_prefix("uid: "))
        .unwrap_or_else(|| panic!("{name}: no uid"))
        .trim()
        .to_owned();
    let request = fenced_body(&text, "```http!", name);
    let (status_line, answer) = fenced_body(&text, "```http_", name);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("{name}: no status in {status_line:?}"));
    Page {
        name,
        uid,
        request,
        answer: (status, answer),
    }
}

/// The first line and the body (what follows the headers' blank line) of the one block opened
/// by `fence` on `page`; the body must be JSON.
fn fenced_body(text: &str, fence: &str, page: &str) -> (String, String) {
    assert_eq!(
        text.matches(fence).count(),
        1,
        "{page}: expected exactly one {fence} block"
    );
    let start = text.find(fence).expect("counted") + fence.len();
    let block = &text[start..];
    let block = &block[..block
        .find("\n```")
        .unwrap_or_else(|| panic!("{page}: {fence} block is not closed"))];
    let first = block
        .trim_start()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let body = block
        .split_once("\n\n")
        .map(|(_, body)| body.trim())
        .unwrap_or_else(|| panic!("{page}: {fence} block has no blank line before a body"));
    assert!(
        serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_object()),
        "{page}: the {fence} body is not a JSON object"
    );
    (first, body.to_owned())
}

/// How many spaces `line` is indented by.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The lines of the operation whose operationId is `uid` in `spec`: from its method key (four
/// spaces in) to the next key at that depth or less.
fn operation_lines<'a>(spec: &'a str, uid: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = spec.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.trim() == format!("operationId: {uid}"))
        .unwrap_or_else(|| panic!("the spec has no operation {uid}"));
    let start = (0..at)
        .rev()
        .find(|&i| indent(lines[i]) <= 4)
        .expect("a method key");
    let end = (at..lines.len())
        .find(|&i| !lines[i].trim().is_empty() && indent(lines[i]) <= 4)
        .unwrap_or(lines.len());
    lines[start..end].to_vec()
}

/// The component schema named by the `application/json` content under the key `key`
/// (`requestBody:`, `'200':`) of the operation `lines` (of `uid`, for messages).
fn json_schema_under<'a>(lines: &[&'a str], key: &str, uid: &str) -> &'a str {
    let start = lines
        .iter()
        .position(|line| line.trim() == key)
        .unwrap_or_else(|| panic!("{uid}: the spec declares no {key}"));
    lines[start + 1..]
        .iter()
        .take_while(|line| line.trim().is_empty() || indent(line) > indent(lines[start]))
        .skip_while(|line| line.trim() != "application/json:")
        // `schema:` and then its `$ref`.
        .take(3)
        .find_map(|line| line.trim().strip_prefix("$ref: '#/components/schemas/"))
        .and_then(|rest| rest.strip_suffix('\''))
        .unwrap_or_else(|| panic!("{uid}: no application/json schema under {key}"))
}

/// The `x-rust-name` of the component schema `schema` in `spec`.
fn rust_name<'a>(spec: &'a str, schema: &str) -> &'a str {
    spec.lines()
        .skip_while(|line| *line != format!("    {schema}:"))
        .skip(1)
        .take_while(|line| line.starts_with("     ") || line.trim().is_empty())
        .find_map(|line| line.strip_prefix("      x-rust-name: "))
        .unwrap_or_else(|| panic!("schema {schema} has no x-rust-name"))
        .trim()
}

/// The last path segment of `T`'s name: `ContactEntity` for `models::ContactEntity`.
fn short_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

/// Decodes `text` into a `T` the way the client decodes an answer and the server a request body
/// (serde_path_to_error over the text); the error names the page, the sample and where the
/// failure is (serde_path_to_error's path, or the property chain the generated structs' own
/// errors give).
fn decode<T: DeserializeOwned>(text: &str, page: &str, sample: &str) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        // The generated structs name the property (and the ones around it) in the inner error;
        // the path is `.` then.
        let at = error.path().to_string();
        let place = if at == "." {
            String::new()
        } else {
            format!(" at `{at}`")
        };
        format!(
            "{page}: the sample {sample} does not decode into {}{place}: {}",
            short_name::<T>(),
            error.inner()
        )
    })?;
    deserializer
        .end()
        .map_err(|e| format!("{page}: the sample {sample} has more after its JSON: {e}"))?;
    Ok(value)
}

/// Every JSON pointer at which `actual` differs from `expected`, with both sides: missing and
/// extra keys, and differing values (no normalisation: `1.0` is not `1`, `null` is not absent).
fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let at = format!("{path}/{key}");
                match b.get(key) {
                    Some(other) => differences(value, other, &at, out),
                    None => out.push(format!("{at}: page has {value}, written back absent")),
                }
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    out.push(format!(
                        "{path}/{key}: page has it absent, written back {value}"
                    ));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{path}/{i}"), out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!(
            "{}: page has {expected}, written back {actual}",
            if path.is_empty() { "/" } else { path }
        )),
    }
}

/// Decodes the sample `text` into a `T`, writes it back as the client writes a request body
/// (`serde_json` to text), and returns how the result differs from the sample's JSON, one line
/// per JSON pointer (nothing when it round-trips); then checks that the written JSON reads back
/// into an equal `T` (a second trip is stable).
fn round_trip<T>(text: &str, page: &str, sample: &str) -> Vec<String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let original: Value = serde_json::from_str(text).expect("checked when read");
    let model: T = match decode(text, page, sample) {
        Ok(model) => model,
        Err(problem) => return vec![problem],
    };
    let written = match serde_json::to_string(&model) {
        Ok(written) => written,
        Err(e) => {
            return vec![format!(
                "{page}: {} does not serialize: {e}",
                short_name::<T>()
            )]
        }
    };
    let written: Value = serde_json::from_str(&written).expect("serde_json writes JSON");
    let mut found = Vec::new();
    differences(&original, &written, "", &mut found);
    let mut problems: Vec<String> = found
        .into_iter()
        .map(|at| format!("{page}: {sample} as {}: {at}", short_name::<T>()))
        .collect();
    match serde_json::from_value::<T>(written) {
        Ok(again) if again == model => {}
        Ok(again) => problems.push(format!(
            "{page}: a second trip of the {sample} changed it: {model:?} became {again:?}"
        )),
        Err(e) => problems.push(format!(
            "{page}: what {} wrote of the {sample} does not re-read: {e}",
            short_name::<T>()
        )),
    }
    problems
}

/// Checks `page` against the client operation `O`: that `O::Body` and `O::Output` are the
/// spec's request and answer models of the page's uid (a mismatch panics: the test would check
/// the wrong models), and returns how the two samples fail to round-trip through them.
fn check<O>(page: &Page, spec: &str) -> Vec<String>
where
    O: Operation,
    O::Body: DeserializeOwned + Serialize + PartialEq + Debug,
    O::Output: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let lines = operation_lines(spec, &page.uid);
    let body = rust_name(spec, json_schema_under(&lines, "requestBody:", &page.uid));
    let status = format!("'{}':", page.answer.0);
    let output = rust_name(spec, json_schema_under(&lines, &status, &page.uid));
    // An agent's answer may be `null` (`x-nullable-answer`): its output is `Option<T>`.
    let nullable = lines
        .iter()
        .any(|line| line.trim() == "x-nullable-answer: true");
    let output_type = std::any::type_name::<O::Output>();
    let (optional, output_type) = match output_type
        .strip_prefix("core::option::Option<")
        .and_then(|inner| inner.strip_suffix('>'))
    {
        Some(inner) => (true, inner),
        None => (false, output_type),
    };
    let output_type = output_type.rsplit("::").next().unwrap_or(output_type);
    assert_eq!(
        (short_name::<O::Body>(), output_type, optional),
        (body, output, nullable),
        "{}: the client operation's body and output are not the spec's",
        page.name
    );
    let mut problems = round_trip::<O::Body>(&page.request.1, page.name, "request");
    problems.extend(round_trip::<O::Output>(&page.answer.1, page.name, "answer"));
    problems
}

/// The seven pages, each sample through its model, every difference collected before failing.
#[test]
fn every_sample_of_the_write_pages_round_trips_through_its_model() {
    let spec = std::fs::read_to_string(SPEC).expect("the spec");
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for &name in PAGES {
        let page = read_page(name);
        let method = page.request.0.split(' ').next().unwrap_or_default();
        problems.extend(match page.uid.as_str() {
            "v1ContactEntity_PostContactEntity" => {
                check::<contact::PostContactEntityOperation>(&page, &spec)
            }
            "v1ContactEntity_PutContactEntity" => {
                check::<contact::PutContactEntityOperation>(&page, &spec)
            }
            "v1PersonEntity_PostPersonEntity" => {
                check::<person::PostPersonEntityOperation>(&page, &spec)
            }
            "v1PersonEntity_PutPersonEntity" => {
                check::<person::PutPersonEntityOperation>(&page, &spec)
            }
            "v1SaleEntity_PostSaleEntity" => check::<sale::PostSaleEntityOperation>(&page, &spec),
            "v1SaleEntity_PutSaleEntity" => check::<sale::PutSaleEntityOperation>(&page, &spec),
            "v1ContactAgent_SaveContactEntity" => {
                check::<contact_agent::SaveContactEntityOperation>(&page, &spec)
            }
            other => panic!("{name}: no client operation for uid {other}"),
        });
        checked.push((page.uid, method.to_owned()));
    }
    let expected = [
        ("v1ContactEntity_PostContactEntity", "POST"),
        ("v1ContactEntity_PutContactEntity", "PUT"),
        ("v1PersonEntity_PostPersonEntity", "POST"),
        ("v1PersonEntity_PutPersonEntity", "PUT"),
        ("v1SaleEntity_PostSaleEntity", "POST"),
        ("v1SaleEntity_PutSaleEntity", "PUT"),
        ("v1ContactAgent_SaveContactEntity", "POST"),
    ];
    let checked: Vec<(&str, &str)> = checked
        .iter()
        .map(|(uid, method)| (uid.as_str(), method.as_str()))
        .collect();
    assert_eq!(checked, expected, "all seven pages, each once, in order");
    assert!(
        problems.is_empty(),
        "{} differences between the pages' samples and what the models write back:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The check itself can fail: a sample that does not decode, and JSON that differs in ways a
/// lenient comparison would let through.
#[test]
fn a_sample_that_does_not_fit_or_comes_back_different_is_reported() {
    let page = read_page(PAGES[0]);
    let text = &page.request.1;
    assert!(text.contains(r#""ContactId": 374,"#) && text.contains(r#""Value": "expedita","#));

    // A property of the wrong JSON type, at the top and nested: the page, the sample and the
    // path (as the generated structs' errors give it, property by property) are named.
    let wrong = text.replacen(r#""ContactId": 374,"#, r#""ContactId": "374","#, 1);
    let problems =
        round_trip::<superoffice_webapi::models::ContactEntity>(&wrong, page.name, "request");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!(
            "{}: the sample request does not decode into ContactEntity: ContactId: invalid type",
            page.name
        )),
        "{}",
        problems[0]
    );
    let nested = text.replacen(r#""Value": "expedita","#, r#""Value": 7,"#, 1);
    let problems =
        round_trip::<superoffice_webapi::models::ContactEntity>(&nested, page.name, "request");
    assert_eq!(
        problems,
        [format!(
            "{}: the sample request does not decode into ContactEntity: Emails: Value: \
             invalid type: integer `7`, expected a string",
            page.name
        )]
    );

    // The comparison normalises nothing: a lost null, a number written as a float, a date-time
    // in another form of the same instant and an added property are four differences.
    let mut found = Vec::new();
    differences(
        &serde_json::json!({"a": null, "b": [1], "c": "2018-12-24T12:34:45Z"}),
        &serde_json::json!({"b": [1.0], "c": "2018-12-24T12:34:45+00:00", "d": 0}),
        "",
        &mut found,
    );
    assert_eq!(
        found,
        [
            "/a: page has null, written back absent",
            "/b/0: page has 1, written back 1.0",
            r#"/c: page has "2018-12-24T12:34:45Z", written back "2018-12-24T12:34:45+00:00""#,
            "/d: page has it absent, written back 0",
        ]
    );
}
