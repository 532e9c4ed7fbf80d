//! SuperOffice's own API documents, as published (`tests/superoffice/`, unedited): they
//! generate with grouped warnings, and a client generated from one, given Basic credentials
//! only, sends them, end to end against a local listener; the generated server accepts them.

mod common;

use std::path::{Path, PathBuf};

use codegen::diagnostic::group_warnings;
use codegen::write::{self, Mode};
use codegen::{CrateOptions, GeneratedCrate};

/// The vendored ChatTopic document.
fn chat_topic_spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/superoffice/Swagger-v1-ChatTopic.json")
}

fn generate_chat_topic() -> GeneratedCrate {
    let options = CrateOptions {
        standalone: true,
        ..CrateOptions::new(
            "superoffice-chat-topic",
            "tests/superoffice/Swagger-v1-ChatTopic.json",
        )
    };
    codegen::generate(&chat_topic_spec(), &options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_misnamed_security_schemes_are_two_grouped_warnings() {
    let generated = generate_chat_topic();
    let groups: Vec<String> = group_warnings(&generated.warnings)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    for (group, name) in groups
        .iter()
        .zip(["SuperOffice Password", "SuperId Authentication"])
    {
        assert!(
            group.starts_with("tests/superoffice/Swagger-v1-ChatTopic.json:1:")
                && group.contains(&format!("security scheme `{name}` is not declared; treated as any declared scheme (`Password`, `SuperId`)"))
                && group.ends_with("(16 places; `--warnings all` lists each)"),
            "{group}"
        );
    }
}

/// The hand-written end-to-end test placed in the generated crate's `tests/`.
const BASIC_AUTH_TEST: &str = r##"//! Written by codegen/tests/superoffice_documents.rs.
use superoffice_chat_topic::client::Client;
use superoffice_chat_topic::server::{router, ChatTopicApi};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Answers one request with `answer` and returns the request's head.
async fn answer_once(listener: tokio::net::TcpListener, answer: &'static str) -> String {
    let (mut socket, _) = listener.accept().await.expect("accept");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        socket.read_exact(&mut byte).await.expect("read the request");
        head.push(byte[0]);
    }
    socket.write_all(answer.as_bytes()).await.expect("answer");
    String::from_utf8(head).expect("an ASCII head")
}

#[tokio::test]
async fn a_client_with_basic_credentials_only_sends_them() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let body = r#"{"ChatTopicId":7,"Name":"Support"}"#;
    let answer: &'static str = Box::leak(
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
            .into_boxed_str(),
    );
    let server = tokio::spawn(answer_once(listener, answer));
    let client = Client::new(&format!("http://{address}"))
        .expect("a base URL")
        .with_password("tje0", "Tje0");
    let topic = client
        .chat_topic()
        .v1_chat_topic_entity_get_chat_topic_entity(7)
        .await
        .expect("the call succeeds");
    assert_eq!(topic.chat_topic_id, Some(7));
    let head = server.await.expect("the listener");
    assert!(head.starts_with("GET /api/v1/ChatTopic/7 HTTP/1.1\r\n"), "{head}");
    // base64("tje0:Tje0")
    assert!(
        head.lines().any(|line| line.eq_ignore_ascii_case("authorization: Basic dGplMDpUamUw")),
        "no Basic credentials in\n{head}"
    );
}

struct Unimplemented;
impl ChatTopicApi for Unimplemented {}

#[tokio::test]
async fn the_server_accepts_any_declared_scheme_and_refuses_none() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        superoffice_chat_topic::runtime::server::axum::serve(listener, router(Unimplemented))
            .await
            .expect("serve");
    });
    let status = |authorization: Option<&'static str>| async move {
        let mut socket = tokio::net::TcpStream::connect(address).await.expect("connect");
        let mut request = String::from("GET /api/v1/ChatTopic/7 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
        if let Some(value) = authorization {
            request.push_str(&format!("Authorization: {value}\r\n"));
        }
        request.push_str("\r\n");
        socket.write_all(request.as_bytes()).await.expect("send");
        let mut answer = String::new();
        socket.read_to_string(&mut answer).await.expect("read");
        answer.split(' ').nth(1).unwrap_or_default().to_owned()
    };
    // Authenticated by either declared scheme, the default method answers 501.
    assert_eq!(status(Some("Basic dGplMDpUamUw")).await, "501");
    assert_eq!(status(Some("Bearer 8A:Cust12227.token")).await, "501");
    assert_eq!(status(None).await, "401");
}
"##;

/// Generates the ChatTopic crate with the end-to-end test into a temporary workspace and runs
/// `cargo test` there (dependencies pinned by the workspace's Cargo.lock).
#[test]
fn a_client_generated_from_the_published_document_sends_basic_credentials() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("superoffice_documents");
    let dir = base.join("chat-topic");
    write::sync(&dir, &generate_chat_topic(), Mode::Write)
        .unwrap_or_else(|error| panic!("cannot write the crate: {error}"));
    std::fs::create_dir_all(dir.join("tests")).expect("create tests/");
    let test = dir.join("tests/basic_auth.rs");
    common::write_if_changed(&test, BASIC_AUTH_TEST);
    common::pin_dependencies(&dir);
    let output = common::run_cargo(
        &dir,
        &base.join("target"),
        &["test", "--quiet", "--test", "basic_auth"],
        None,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("2 passed"),
        "the end-to-end test failed\n--- stderr ---\n{}\n--- stdout ---\n{stdout}",
        String::from_utf8_lossy(&output.stderr),
    );
}
