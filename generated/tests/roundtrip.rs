//! Samples from the SuperOffice pages deserialize into the generated models and re-serialize
//! to the same JSON: date-times compared as instant + offset, and absent, `null` and values
//! of nullable properties kept apart.

use serde_json::Value;
use superoffice_webapi::models::{
    ChatSessionEntity, ChatSessionFlags, ChatSessionStatus, EFieldRight, ETableRight, UserType,
};
use superoffice_webapi::runtime::{DateTime, Nullable};

const SAMPLE: &str = include_str!("fixtures/chat_session_sample.json");
const FULL: &str = include_str!("fixtures/chat_session_full.json");

fn parse(text: &str) -> (Value, ChatSessionEntity) {
    let original: Value = serde_json::from_str(text).expect("fixture is valid JSON");
    let entity = serde_json::from_str(text).expect("fixture deserializes into ChatSessionEntity");
    (original, entity)
}

/// Equal JSON, where strings that are date-times on both sides compare as instant + offset.
fn assert_same_json(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            let keys_a: Vec<_> = a.keys().collect();
            let keys_b: Vec<_> = b.keys().collect();
            let mut sorted_a = keys_a.clone();
            let mut sorted_b = keys_b.clone();
            sorted_a.sort();
            sorted_b.sort();
            assert_eq!(sorted_a, sorted_b, "keys differ at {path}");
            for (key, value) in a {
                assert_same_json(value, &b[key], &format!("{path}/{key}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "lengths differ at {path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same_json(x, y, &format!("{path}/{i}"));
            }
        }
        (Value::String(a), Value::String(b)) => match (DateTime::parse(a), DateTime::parse(b)) {
            (Ok(x), Ok(y)) => {
                assert!(x.instant_eq(&y), "instants differ at {path}: {a} vs {b}");
                assert_eq!(
                    x.offset(),
                    y.offset(),
                    "offsets differ at {path}: {a} vs {b}"
                );
            }
            _ => assert_eq!(a, b, "strings differ at {path}"),
        },
        _ => assert_eq!(expected, actual, "values differ at {path}"),
    }
}

fn assert_round_trips(text: &str) -> ChatSessionEntity {
    let (original, entity) = parse(text);
    let written = serde_json::to_value(&entity).expect("entity serializes");
    assert_same_json(&original, &written, "");
    // A second trip is stable: what we write, we read back identically.
    let again: ChatSessionEntity = serde_json::from_value(written).expect("re-reads");
    assert_eq!(again, entity);
    entity
}

#[test]
fn page_sample_round_trips() {
    let entity = assert_round_trips(SAMPLE);
    assert_eq!(entity.chat_session_id, Some(247));
    assert_eq!(entity.status, Some(ChatSessionStatus::Closed));
    let when = entity.when_requested.expect("WhenRequested is set");
    assert_eq!(when.to_string(), "2014-07-25T13:38:17.2024711+02:00");
    let flags = entity.flags.expect("Flags is set");
    assert_eq!(flags.bits(), 0, "CustomerIsTyping is the zero member");
    assert_eq!(flags.to_string(), "CustomerIsTyping");
    let field = &entity.field_properties.value().expect("FieldProperties")["fieldName"];
    assert_eq!(
        field.field_type.value().map(String::as_str),
        Some("System.Int32")
    );
    assert_eq!(field.field_length, Some(904));
}

#[test]
fn fully_nested_sample_round_trips() {
    let entity = assert_round_trips(FULL);

    // Unknown enum values are kept, not rejected.
    assert_eq!(
        entity.status,
        Some(ChatSessionStatus::Other("SomeFutureStatus".to_owned()))
    );
    // Two flags, parsed and kept in order.
    let flags = entity.flags.as_ref().expect("Flags");
    assert!(flags.contains(ChatSessionFlags::UserIsTyping));
    assert_eq!(flags.to_string(), "CustomerIsTyping, UserIsTyping");
    // Table right mask "Delete".
    let table_right = entity.table_right.value().expect("TableRight");
    let mask = table_right.mask.as_ref().expect("Mask");
    assert!(mask.contains(ETableRight::Delete));
    assert!(!mask.contains(ETableRight::Select));
    // Field right mask "Update, UIHintMandatory": Update is Read | Write.
    let properties = entity.field_properties.value().expect("FieldProperties");
    let right = properties["CustomerName"]
        .field_right
        .value()
        .expect("FieldRight");
    let mask = right.mask.as_ref().expect("Mask");
    for flag in [
        EFieldRight::Read,
        EFieldRight::Write,
        EFieldRight::UiHintMandatory,
    ] {
        assert!(mask.contains(flag), "{flag:?} in {mask}");
    }
    assert_eq!(mask.to_string(), "Update, UIHintMandatory");
    // Nested carriers are filled.
    let user = entity.user.value().expect("User");
    assert_eq!(user.type_, Some(UserType::InternalAssociate));
    assert!(entity.person.is_value() && entity.contact.is_value() && entity.ticket.is_value());
    // Properties no page lists survive, at the top and nested.
    assert_eq!(
        entity.additional_properties["FutureProperty"],
        serde_json::json!({"nested": [1, "x"]})
    );
    let contact = entity.contact.value().expect("Contact");
    assert_eq!(
        contact.additional_properties["FutureProperty"],
        serde_json::json!({"nested": [2, "y"]})
    );
}

#[test]
fn every_date_time_form_is_written_back_as_received() {
    let (original, entity) = parse(FULL);
    let written = serde_json::to_value(&entity).expect("serializes");
    for key in [
        "WhenRequested",
        "WhenStarted",
        "WhenEnded",
        "WhenIdle",
        "WhenFetched",
    ] {
        assert_eq!(written[key], original[key], "{key}");
    }
    let forms: Vec<String> = [
        &entity.when_requested,
        &entity.when_started,
        &entity.when_ended,
        &entity.when_idle,
    ]
    .iter()
    .map(|d| d.expect("set").to_string())
    .collect();
    assert_eq!(
        forms,
        [
            "2018-12-24T12:34:45",
            "2019-09-23T12:34:45Z",
            "2018-12-24T07:34:45-0500",
            "2001-09-08T18:25:50.1896249+02:00"
        ]
    );
    let no_offset = entity.when_requested.expect("set");
    assert!(!no_offset.has_offset(), "the server default has no offset");
}

#[test]
fn absent_fields_stay_absent() {
    let entity: ChatSessionEntity =
        serde_json::from_str(r#"{"ChatSessionId": 1}"#).expect("a minimal entity");
    let written = serde_json::to_string(&entity).expect("serializes");
    assert_eq!(written, r#"{"ChatSessionId":1}"#);
}

#[test]
fn null_absent_and_value_are_three_states() {
    let entity: ChatSessionEntity =
        serde_json::from_str(r#"{"User": null, "CustomerName": "Ann"}"#).expect("parses");
    assert_eq!(entity.user, Nullable::Null);
    assert_eq!(entity.customer_name, Nullable::Value("Ann".to_owned()));
    assert_eq!(entity.customer_alias, Nullable::Absent);
    // A request that clears one property and leaves the rest alone.
    let clear = ChatSessionEntity {
        customer_name: Nullable::Null,
        ..ChatSessionEntity::default()
    };
    let written = serde_json::to_string(&clear).expect("serializes");
    assert_eq!(written, r#"{"CustomerName":null}"#);
}
