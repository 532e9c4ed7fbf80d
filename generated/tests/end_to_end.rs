//! The generated client drives the generated router on 127.0.0.1: every ChatTopic operation
//! round-trips, credentials arrive parsed, and each kind of failure becomes its own error.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use superoffice_webapi::client::{Client, Error};
use superoffice_webapi::models::{
    Associate, ChatTopicAgent, ChatTopicEntity, JsonPatchOp, JsonPatchOperation, SessionsMode,
    WebApiError,
};
use superoffice_webapi::operations::chat_topic::PatchChatTopicEntityBody;
use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::runtime::Nullable;
use superoffice_webapi::server::router;
use support::{client, serve, Memory};

/// A server with an in-memory implementation; the `Arc` lets tests look inside it.
async fn memory_server() -> (SocketAddr, Arc<Memory>) {
    let memory = Arc::new(Memory::default());
    let address = serve(router(memory.clone())).await;
    (address, memory)
}

fn agent(name: &str, can_respond: bool) -> ChatTopicAgent {
    ChatTopicAgent {
        user: Nullable::Value(Associate {
            name: Nullable::Value(name.to_owned()),
            ..Associate::default()
        }),
        can_respond: Some(can_respond),
        ..ChatTopicAgent::default()
    }
}

/// The SuperOffice `ErrorMessage` of a 404, or a panic naming what came instead.
fn not_found_message<T: std::fmt::Debug>(result: Result<T, Error<WebApiError>>) -> String {
    match result {
        Err(Error::Status(response)) if response.status == 404 => response
            .body
            .and_then(|body| body.error_message.into_value())
            .expect("a 404 with an ErrorMessage"),
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn every_chat_topic_operation_round_trips() {
    let (address, _) = memory_server().await;
    let client = client(address);

    // POST ChatTopic, GET ChatTopic/{id}: what was sent comes back, links added.
    let created = client
        .chat_topic()
        .post_chat_topic_entity(ChatTopicEntity {
            name: Nullable::Value("Support".into()),
            description: Nullable::Value("First line".into()),
            welcome_message: Nullable::Null,
            ..ChatTopicEntity::default()
        })
        .await
        .expect("POST ChatTopic");
    let id = created.chat_topic_id.expect("an id");
    assert_eq!(created.name, Nullable::Value("Support".into()));
    assert_eq!(created.welcome_message, Nullable::Null, "null stays null");
    assert_eq!(
        created.custom_queue_text,
        Nullable::Absent,
        "absent stays absent"
    );
    let fetched = client
        .chat_topic()
        .get_chat_topic_entity(id)
        .await
        .expect("GET");
    assert_eq!(fetched, created);
    assert!(fetched
        .links
        .value()
        .is_some_and(|l| l.contains_key("self")));

    // PUT clears a field by sending null, keeps the rest.
    let updated = client
        .chat_topic()
        .put_chat_topic_entity(
            id,
            ChatTopicEntity {
                name: Nullable::Value("Support".into()),
                description: Nullable::Null,
                ..ChatTopicEntity::default()
            },
        )
        .await
        .expect("PUT");
    assert_eq!(updated.description, Nullable::Null);

    // PATCH as JSON Patch, then as JSON Merge Patch.
    let patched = client
        .chat_topic()
        .patch_chat_topic_entity(
            id,
            PatchChatTopicEntityBody::JsonPatchJson(vec![JsonPatchOperation {
                op: Some(JsonPatchOp::Replace),
                path: Some("/Name".into()),
                value: Nullable::Value("Sales".into()),
                ..JsonPatchOperation::default()
            }]),
        )
        .await
        .expect("PATCH json-patch");
    assert_eq!(patched.name, Nullable::Value("Sales".into()));
    let merged = client
        .chat_topic()
        .patch_chat_topic_entity(
            id,
            PatchChatTopicEntityBody::MergePatchJson(
                [("BadgeHeader".to_owned(), serde_json::json!("Hi"))]
                    .into_iter()
                    .collect(),
            ),
        )
        .await
        .expect("PATCH merge-patch");
    assert_eq!(merged.badge_header, Nullable::Value("Hi".into()));
    assert_eq!(merged.name, Nullable::Value("Sales".into()));

    // GET default, ForCurrentUser, IsOpen.
    let defaults = client
        .chat_topic()
        .default_chat_topic_entity()
        .await
        .expect("default");
    assert_eq!(defaults.collect_consent, Some(true));
    let mine = client
        .chat_topic()
        .chat_topics_for_user()
        .await
        .expect("ForCurrentUser");
    assert_eq!(mine.len(), 1);
    assert!(client
        .chat_topic()
        .is_within_opening_hours(id)
        .await
        .expect("IsOpen"));

    // GET Sessions: OData query parameters arrive decoded.
    let list = client
        .chat_topic()
        .sessions(id)
        .select("ChatSessionId,customerName")
        .filter("customerName begins 'A&B'")
        .top(2)
        .mode(SessionsMode::Full)
        .await
        .expect("Sessions");
    let rows = list.value.into_value().expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["select"], "ChatSessionId,customerName");
    assert_eq!(rows[1]["filter"], "customerName begins 'A&B'");
    assert_eq!(rows[1]["mode"], "Full");

    // POST Sessions: the page's sample comes back with our topic id.
    let session = client
        .chat_topic()
        .create_chat_session_for_topic(id)
        .accept_language("fr")
        .await
        .expect("POST Sessions");
    assert_eq!(session.topic_id, Some(id));
    assert_eq!(session.chat_session_id, Some(247));
    assert_eq!(session.customer_alias, Nullable::Value("fr".into()));

    // User agents: list of users, add, list, get, update one, replace all, delete.
    let users = client
        .chat_topic()
        .get_user_agent_list(true)
        .await
        .expect("UserAgents");
    assert_eq!(users.len(), 2);
    let present = client
        .chat_topic()
        .get_user_agent_list(true)
        .only_present(true)
        .await
        .expect("UserAgents?onlyPresent");
    assert_eq!(present.len(), 1);
    let grouped = client
        .chat_topic()
        .get_user_agent_list(false)
        .await
        .expect("grouped");
    assert!(grouped[0].child_items.is_value());
    let added = client
        .chat_topic()
        .add_chat_topic_user_agent(id, agent("tje0", false))
        .await
        .expect("POST UserAgent");
    assert_eq!(added.topic_id, Some(id));
    client
        .chat_topic()
        .add_chat_topic_user_agent(id, agent("a b/c", false))
        .await
        .expect("POST UserAgent with an awkward name");
    let all = client
        .chat_topic()
        .get_chat_topic_user_agent_list(id)
        .await
        .expect("GET UserAgent");
    assert_eq!(all.len(), 2);
    // A user name with a space and a slash is one path segment.
    let awkward = client
        .chat_topic()
        .get_chat_topic_user_agent(id, "a b/c")
        .await
        .expect("GET UserAgent/{username}");
    assert_eq!(awkward.can_respond, Some(false));
    let promoted = client
        .chat_topic()
        .update_chat_topic_user_agent(id, "tje0", agent("tje0", true))
        .await
        .expect("PUT UserAgent/{username}");
    assert_eq!(promoted.can_respond, Some(true));
    let replaced = client
        .chat_topic()
        .update_chat_topic_user_agents(id, vec![agent("solo", true)])
        .await
        .expect("PUT UserAgent");
    assert_eq!(replaced.len(), 1);
    client
        .chat_topic()
        .delete_chat_topic_user_agent(id, "solo")
        .await
        .expect("DELETE UserAgent/{username}");
    assert!(client
        .chat_topic()
        .get_chat_topic_user_agent_list(id)
        .await
        .expect("list")
        .is_empty());

    // DELETE ChatTopic/{id}; afterwards GET is a 404 with a SuperOffice error body.
    client
        .chat_topic()
        .delete_chat_topic_entity(id)
        .await
        .expect("DELETE");
    let message = not_found_message(client.chat_topic().get_chat_topic_entity(id).await);
    assert_eq!(message, format!("ChatTopic {id} not found"));
}

#[tokio::test]
async fn every_credential_kind_reaches_the_implementation_parsed() {
    let (address, memory) = memory_server().await;
    let base = format!("http://{address}");
    let clients = [
        Client::new(&base).expect("url").with_basic("tje0", "Tje0"),
        Client::new(&base).expect("url").with_so_ticket("7T:ticket"),
        Client::new(&base).expect("url").with_bearer("token-1"),
        Client::new(&base).expect("url").with_xsrf_token("xsrf-1"),
    ];
    for client in &clients {
        client
            .chat_topic()
            .create_chat_session_for_topic(5)
            .await
            .expect("authenticated call");
    }
    let seen = memory.seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 4);
    let basic = seen[0].basic.as_ref().expect("basic");
    assert_eq!((basic.user(), basic.password()), ("tje0", "Tje0"));
    assert_eq!(
        seen[1].so_ticket.as_ref().map(|s| s.expose()),
        Some("7T:ticket")
    );
    assert_eq!(seen[2].bearer.as_ref().map(|s| s.expose()), Some("token-1"));
    assert_eq!(
        seen[3].xsrf_token.as_ref().map(|s| s.expose()),
        Some("xsrf-1")
    );
    assert!(seen[3].basic.is_none() && seen[0].xsrf_token.is_none());
}

#[tokio::test]
async fn missing_credentials_are_a_401_error() {
    let (address, memory) = memory_server().await;
    let anonymous = Client::new(&format!("http://{address}")).expect("url");
    match anonymous
        .chat_topic()
        .create_chat_session_for_topic(5)
        .await
    {
        Err(Error::Status(response)) => {
            assert_eq!(response.status, 401);
            assert!(response.raw.contains("credentials"), "{}", response.raw);
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    assert!(memory.seen.lock().expect("lock").is_empty(), "never called");
}

#[tokio::test]
async fn a_404_carries_the_superoffice_error_body() {
    let (address, _) = memory_server().await;
    let result = client(address)
        .chat_topic()
        .create_chat_session_for_topic(0)
        .await;
    let Err(Error::Status(response)) = result else {
        panic!("expected an error answer, got {result:?}");
    };
    assert_eq!(response.status, 404);
    let body = response.body.expect("the body decodes as WebApiError");
    assert_eq!(body.error_type, Nullable::Value("NotFoundException".into()));
    assert_eq!(
        body.error_message,
        Nullable::Value("ChatTopic 0 not found".into())
    );
    assert!(
        response.raw.contains("\"ErrorMessage\""),
        "{}",
        response.raw
    );
}

/// A server that answers every request with `status`, `content_type` and `body`.
async fn canned(status: u16, content_type: &'static str, body: &'static str) -> SocketAddr {
    let answer = move || async move {
        let status = axum::http::StatusCode::from_u16(status).expect("status");
        (
            status,
            [(axum::http::header::CONTENT_TYPE, content_type)],
            body,
        )
    };
    serve(axum::Router::new().fallback(answer)).await
}

#[tokio::test]
async fn a_406_answer_is_a_status_error_with_the_raw_text() {
    let address = canned(406, "text/plain", "only XML here").await;
    match client(address)
        .chat_topic()
        .create_chat_session_for_topic(1)
        .await
    {
        Err(Error::Status(response)) => {
            assert_eq!(response.status, 406);
            assert!(response.body.is_none(), "not a SuperOffice error body");
            assert_eq!(response.raw, "only XML here");
            assert_eq!(response.content_type.as_deref(), Some("text/plain"));
        }
        other => panic!("expected a 406, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_from_the_server_is_a_decode_error_keeping_the_text() {
    let address = canned(200, "application/json", "{\"ChatSessionId\": 1,").await;
    match client(address)
        .chat_topic()
        .create_chat_session_for_topic(1)
        .await
    {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status, 200);
            assert_eq!(error.raw, "{\"ChatSessionId\": 1,");
            assert!(error.message.contains("EOF"), "{}", error.message);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    // Well-formed JSON of the wrong shape names where it went wrong.
    let address = canned(200, "application/json", "{\"ChatSessionId\": \"x\"}").await;
    match client(address)
        .chat_topic()
        .create_chat_session_for_topic(1)
        .await
    {
        Err(Error::Decode(error)) => {
            assert!(error.message.contains("ChatSessionId"), "{}", error.message)
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    match client(address)
        .chat_topic()
        .create_chat_session_for_topic(1)
        .await
    {
        Err(error @ Error::Transport(_)) => {
            assert_eq!(error.status(), None);
            assert!(!error.to_string().contains("Tje0"), "{error}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[test]
fn debug_output_of_a_configured_client_shows_no_credential() {
    let client = Client::new("https://online.superoffice.com/Cust12345")
        .expect("url")
        .with_basic("tje0", "s3cret-password")
        .with_so_ticket("7T:secret-ticket")
        .with_bearer("secret-bearer")
        .with_xsrf_token("secret-xsrf")
        .with_so_app_token("secret-app-token");
    let shown = format!("{client:?} {:#?}", client.credentials());
    for secret in [
        "tje0",
        "s3cret-password",
        "secret-ticket",
        "secret-bearer",
        "secret-xsrf",
        "secret-app-token",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("online.superoffice.com"), "{shown}");
}
