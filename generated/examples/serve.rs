//! Serves a demo implementation of the ChatTopic operations with the generated router on
//! 127.0.0.1:PORT (port 0 picks a free one; the address is printed).
//!
//! ```text
//! cargo run -p superoffice-webapi --example serve -- --port 8080
//! ```
//!
//! - `POST /api/v1/ChatTopic/{id}/Sessions` answers with the sample session of the
//!   SuperOffice page (`tests/fixtures/chat_session_sample.json`), its `TopicId` set to `id`.
//! - `GET /api/v1/ChatTopic/{id}/Sessions` answers with an OData list holding that session.
//! - Topic ids below 1 get 404 with a SuperOffice error body (`ErrorMessage`, …).
//! - Every other ChatTopic operation answers 501 Not Implemented (the trait's defaults).
//!
//! The router refuses a request without credentials with 401 before `DemoApi` sees it: the
//! spec requires one of Basic, SoTicket, Bearer or `X-XSRF-TOKEN`. Any credentials are
//! accepted; a real server would check them. Try it with the `create_session` example.

use std::error::Error;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use serde_json::json;
use superoffice_webapi::auth::Credentials;
use superoffice_webapi::models::{ChatSessionEntity, ODataSlimResponse, WebApiError};
use superoffice_webapi::operations::chat_topic::{CreateChatSessionForTopicParams, SessionsParams};
use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::runtime::Nullable;
use superoffice_webapi::server::{router, ApiError, ChatTopicApi};
use tokio::net::TcpListener;

const SAMPLE_SESSION: &str = include_str!("../tests/fixtures/chat_session_sample.json");

const USAGE: &str = "usage: serve --port PORT   (0 picks a free port)";

/// The demo implementation: every chat topic with a positive id has the sample session.
struct DemoApi {
    sample: ChatSessionEntity,
}

impl DemoApi {
    /// The sample session on `topic_id`; `None` when there is no such topic.
    fn session_on(&self, topic_id: i32) -> Option<ChatSessionEntity> {
        (topic_id >= 1).then(|| ChatSessionEntity {
            topic_id: Some(topic_id),
            ..self.sample.clone()
        })
    }
}

/// 404 with a SuperOffice error body.
fn no_such_topic(topic_id: i32) -> ApiError<WebApiError> {
    ApiError::with_body(
        404,
        WebApiError {
            error_type: Nullable::Value("ChatTopicNotFound".into()),
            error_message: Nullable::Value(format!("No chat topic with id {topic_id}")),
            error_source: Nullable::Value("DemoApi".into()),
            ..Default::default()
        },
    )
}

// The router needs the trait of every tag whose feature is on; this crate's own tests turn on
// Contact, Person, Sale, ContactAgent and Document as well, whose operations then answer 501 here.
#[cfg(feature = "contact")]
impl superoffice_webapi::server::ContactApi for DemoApi {}
#[cfg(feature = "person")]
impl superoffice_webapi::server::PersonApi for DemoApi {}
#[cfg(feature = "sale")]
impl superoffice_webapi::server::SaleApi for DemoApi {}
#[cfg(feature = "contact-agent")]
impl superoffice_webapi::server::ContactAgentApi for DemoApi {}
#[cfg(feature = "document")]
impl superoffice_webapi::server::DocumentApi for DemoApi {}

impl ChatTopicApi for DemoApi {
    async fn create_chat_session_for_topic(
        &self,
        params: CreateChatSessionForTopicParams,
        _credentials: Credentials,
    ) -> Result<ChatSessionEntity, ApiError<WebApiError>> {
        let topic_id = params.chat_topic_id;
        self.session_on(topic_id)
            .ok_or_else(|| no_such_topic(topic_id))
    }

    async fn sessions(
        &self,
        params: SessionsParams,
        _credentials: Credentials,
    ) -> Result<ODataSlimResponse, ApiError<WebApiError>> {
        let topic_id = params.chat_topic_id;
        let session = self
            .session_on(topic_id)
            .ok_or_else(|| no_such_topic(topic_id))?;
        let row = [
            ("PrimaryKey", json!(session.chat_session_id)),
            ("EntityName", json!("chatSession")),
            ("chatSessionId", json!(session.chat_session_id)),
            ("topicId", json!(session.topic_id)),
            ("customerName", json!(session.customer_name)),
            ("status", json!(session.status)),
        ]
        .into_iter()
        .map(|(column, value)| (column.to_owned(), value))
        .collect();
        Ok(ODataSlimResponse {
            value: Nullable::Value(vec![row]),
            ..Default::default()
        })
    }
}

/// The port given as `--port PORT`.
fn parse_port() -> Result<u16, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [option, port] if option == "--port" => port
            .parse()
            .map_err(|_| format!("--port must be a number from 0 to 65535, not `{port}`")),
        _ => Err("expected exactly `--port PORT`".into()),
    }
}

async fn serve(port: u16) -> Result<(), Box<dyn Error>> {
    let sample: ChatSessionEntity = serde_json::from_str(SAMPLE_SESSION)?;
    let app = router(DemoApi { sample });
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let port = match parse_port() {
        Ok(port) => port,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match serve(port).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
