//! The answers a client sorts beyond "2xx is the value", end to end against a local mock of
//! SuperOffice: a conditional GET's `304 Not Modified` is a typed outcome, a conditional
//! write's `412 Precondition Failed` is `Error::PreconditionFailed`, and an agent's
//! `200 null` is `Ok(None)` while its `200 {"Message", "MessageDetail"}` is `Error::Rejected`,
//! never a decode failure nor an empty entity.

mod support;

use std::sync::{Arc, Mutex};

use axum::response::IntoResponse as _;
use superoffice_webapi::client::Error;
use superoffice_webapi::models::ContactEntity;
use superoffice_webapi::operations::contact::GetContactEntityResponse;
use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::runtime::Nullable;
use support::{client, serve};

const JSON: (axum::http::HeaderName, &str) = (axum::http::header::CONTENT_TYPE, "application/json");
const SINCE: &str = "Wed, 21 Oct 2015 07:28:00 GMT";

/// The condition headers each call carried.
type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// `GET` and `PUT /api/v1/Contact/5`: 304 / 412 when the call carries its condition header.
async fn contact_mock() -> (superoffice_webapi::client::Client, Seen) {
    let seen: Seen = Arc::default();
    let (get_seen, put_seen) = (seen.clone(), seen.clone());
    let router = axum::Router::new().route(
        "/api/v1/Contact/5",
        axum::routing::get(move |headers: axum::http::HeaderMap| async move {
            let since = header(&headers, "if-modified-since");
            get_seen.lock().expect("lock").push(since.clone());
            match since {
                Some(_) => axum::http::StatusCode::NOT_MODIFIED.into_response(),
                None => ([JSON], r#"{"ContactId": 5, "Name": "Acme"}"#).into_response(),
            }
        })
        .put(move |headers: axum::http::HeaderMap| async move {
            let since = header(&headers, "if-unmodified-since");
            put_seen.lock().expect("lock").push(since.clone());
            match since {
                Some(_) => (
                    axum::http::StatusCode::PRECONDITION_FAILED,
                    [JSON],
                    r#"{"Error": true, "ErrorType": "SoChangedException", "ErrorMessage": "Contact 5 changed since"}"#,
                )
                    .into_response(),
                None => ([JSON], r#"{"ContactId": 5, "Name": "Acme AS"}"#).into_response(),
            }
        }),
    );
    (client(serve(router).await), seen)
}

fn header(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn a_conditional_get_answers_not_modified_as_an_outcome() {
    let (client, seen) = contact_mock().await;
    let fresh = client
        .contact()
        .get_contact_entity(5)
        .await
        .expect("the entity");
    let GetContactEntityResponse::Ok(contact) = fresh else {
        panic!("without a condition the entity comes: {fresh:?}");
    };
    assert_eq!(contact.name.as_deref(), Some("Acme"));
    let cached = client
        .contact()
        .get_contact_entity(5)
        .if_modified_since(SINCE)
        .await
        .expect("304 is not an error");
    assert!(
        matches!(cached, GetContactEntityResponse::NotModified),
        "{cached:?}"
    );
    assert_eq!(*seen.lock().expect("lock"), [None, Some(SINCE.to_owned())]);
}

#[tokio::test]
async fn a_conditional_write_refused_is_precondition_failed() {
    let (client, seen) = contact_mock().await;
    let entity = ContactEntity {
        contact_id: Some(5),
        name: Some("Acme AS".to_owned()),
        ..ContactEntity::default()
    };
    let saved = client
        .contact()
        .put_contact_entity(5, entity.clone())
        .await
        .expect("an unconditional write is saved");
    assert_eq!(saved.name.as_deref(), Some("Acme AS"));
    let error = client
        .contact()
        .put_contact_entity(5, entity)
        .if_unmodified_since(SINCE)
        .await
        .expect_err("the contact changed since");
    let Error::PreconditionFailed(refused) = &error else {
        panic!("expected Error::PreconditionFailed, got {error:?}");
    };
    assert_eq!(refused.status, 412);
    assert_eq!(error.status(), Some(412));
    let body = error.body().expect("the REST error body decodes");
    assert_eq!(
        body.error_message,
        Nullable::Value("Contact 5 changed since".to_owned())
    );
    assert!(
        error
            .to_string()
            .starts_with("the server answered 412 Precondition Failed"),
        "{error}"
    );
    assert_eq!(seen.lock().expect("lock")[1].as_deref(), Some(SINCE));
}

/// `POST /api/v1/Agents/Contact/GetContactEntity` as the Agents WebAPI page describes it:
/// 123 exists, 9999 does not (`null`), a missing id is invalid data (200 with the error
/// object), a malformed id is 400 with it.
async fn agent_mock() -> superoffice_webapi::client::Client {
    let router = axum::Router::new().route(
        "/api/v1/Agents/Contact/GetContactEntity",
        axum::routing::post(|query: axum::extract::RawQuery| async move {
            let query = query.0.unwrap_or_default();
            let invalid = r#"{"Message": "The request is invalid.", "MessageDetail": "The parameters dictionary contains a null entry for parameter 'contactEntityId'."}"#;
            match query.as_str() {
                "contactEntityId=123" => (
                    [JSON],
                    r#"{"ContactId": 123, "Name": "SuperOffice ASA", "Address": {"Message": "nested, not an error"}}"#,
                )
                    .into_response(),
                "contactEntityId=9999" => ([JSON], "null").into_response(),
                "contactEntityId=0" => ([JSON], invalid).into_response(),
                _ => (axum::http::StatusCode::BAD_REQUEST, [JSON], r#"{"Message": "The request is invalid."}"#)
                    .into_response(),
            }
        }),
    );
    client(serve(router).await)
}

#[tokio::test]
async fn an_agents_null_is_none_and_its_error_object_is_rejected() {
    let client = agent_mock().await;
    let agent = client.contact_agent();
    let found = agent
        .get_contact_entity(123)
        .await
        .expect("an entity")
        .expect("123 exists");
    assert_eq!(found.name.as_deref(), Some("SuperOffice ASA"));
    let missing = agent
        .get_contact_entity(9999)
        .await
        .expect("null is not an error");
    assert!(missing.is_none(), "{missing:?}");

    let error = agent
        .get_contact_entity(0)
        .await
        .expect_err("the error object is not an entity");
    let Error::Rejected(rejected) = &error else {
        panic!("expected Error::Rejected, got {error:?}");
    };
    assert_eq!(rejected.status, 200);
    let body = error.body().expect("the error object decodes");
    assert_eq!(
        body.message,
        Nullable::Value("The request is invalid.".to_owned())
    );
    assert!(
        matches!(&body.message_detail, Nullable::Value(detail) if detail.contains("contactEntityId")),
        "{body:?}"
    );
    assert!(
        error.to_string().contains("The request is invalid."),
        "{error}"
    );

    let error = agent
        .get_contact_entity(-1)
        .await
        .expect_err("400 is an error");
    assert!(matches!(error, Error::Status(_)), "{error:?}");
    assert_eq!(error.status(), Some(400));
    assert_eq!(
        error.body().map(|body| body.message.clone()),
        Some(Nullable::Value("The request is invalid.".to_owned()))
    );
}
