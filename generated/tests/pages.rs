//! The SuperOffice reference pages in `spec/docs/rest/ChatTopic/` against the generated code:
//! every page's operation has a client method, the router accepts every sample request the
//! pages show, and every sample answer decodes through the client and is written back as it
//! came.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;
use superoffice_webapi::client::Client;
use superoffice_webapi::models::{Associate, ChatTopicAgent, ChatTopicEntity, JsonPatchOperation};
use superoffice_webapi::operations::chat_topic::PatchChatTopicEntityBody;
use superoffice_webapi::runtime::Nullable;
use superoffice_webapi::server::router;
use support::{raw, serve, Memory};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/docs/rest/ChatTopic");

/// One operation page.
struct Page {
    /// The part of the page's uid after `v1ChatTopicEntity_` (the uid is the spec's
    /// operationId; this part its `x-rust-name`).
    operation: String,
    /// `POST /api/v1/ChatTopic/{chatTopicId}/Sessions`, then the sample request URLs.
    requests: Vec<(String, String)>,
    /// The sample answer: status and body, when the page shows one inline.
    answer: Option<(u16, String)>,
}

fn pages() -> Vec<Page> {
    let mut pages: Vec<Page> = std::fs::read_dir(PAGES)
        .expect("the pages are in spec/docs")
        .map(|entry| entry.expect("a page").path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("v1ChatTopicEntity_"))
        })
        .map(|path| parse_page(&std::fs::read_to_string(&path).expect("readable")))
        .collect();
    pages.sort_by(|a, b| a.operation.cmp(&b.operation));
    pages
}

fn parse_page(text: &str) -> Page {
    let operation = text
        .lines()
        .find_map(|line| line.strip_prefix("uid: v1ChatTopicEntity_"))
        .expect("a uid")
        .trim()
        .to_owned();
    let mut requests = Vec::new();
    let mut answer = None;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        match line.trim() {
            // The endpoint line and the sample requests.
            "```http" | "```http!" => {
                for request in lines.by_ref().take_while(|l| !l.starts_with("```")) {
                    if let Some((method, url)) = request.split_once(' ') {
                        let is_method =
                            !method.is_empty() && method.chars().all(|c| c.is_ascii_uppercase());
                        if is_method && url.starts_with('/') {
                            requests.push((method.to_owned(), url.to_owned()));
                        }
                    }
                }
            }
            "```http_" => {
                let block: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| !l.starts_with("```"))
                    .collect();
                let status = block[0]
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .expect("a status line");
                let body_start = block
                    .iter()
                    .position(|l| l.is_empty())
                    .expect("a blank line")
                    + 1;
                answer = Some((status, block[body_start..].join("\n")));
            }
            _ => {}
        }
    }
    Page {
        operation,
        requests,
        answer,
    }
}

#[test]
fn the_pages_document_seventeen_operations_and_the_spec_has_each() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/superoffice.yaml"
    ))
    .expect("the spec");
    let pages = pages();
    assert_eq!(pages.len(), 17, "index.md lists 17 operations");
    for page in &pages {
        assert!(
            spec.contains(&format!(
                "operationId: v1ChatTopicEntity_{}\n",
                page.operation
            )),
            "the spec has no operation {}",
            page.operation
        );
        let (method, path) = &page.requests[0];
        let shape = path.replace("{id}", "{chatTopicId}");
        let method = method.to_ascii_lowercase();
        let in_spec =
            spec.contains(&format!("  {path}:\n")) || spec.contains(&format!("  {shape}:\n"));
        assert!(in_spec, "the spec has no path {path} ({method})");
    }
}

/// Fills a page URL's templates with a topic and user that exist. The pages show one query
/// parameter per sample, so a sample without the one required parameter (`flat`, **Required**
/// in its page's table) gets it added.
fn concrete(url: &str, topic: i32) -> String {
    let url = if url.starts_with("/api/v1/ChatTopic/UserAgents") && !url.contains("flat=") {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}flat=True")
    } else {
        url.to_owned()
    };
    url.replace("{chatTopicId}", &topic.to_string())
        .replace("{id}", &topic.to_string())
        .replace("{username}", "tje0")
        .replace(' ', "%20")
        .replace('\'', "%27")
}

#[tokio::test]
async fn the_router_accepts_every_sample_request_of_the_pages() {
    let memory = Arc::new(Memory::default());
    let address = serve(router(memory.clone())).await;
    let client = support::client(address);
    let topic = client
        .chat_topic()
        .post_chat_topic_entity(ChatTopicEntity::default())
        .await
        .expect("a topic")
        .chat_topic_id
        .expect("an id");
    let mut sent = 0;
    for page in pages() {
        for (method, url) in &page.requests {
            // Deleting first would leave nothing for the other samples.
            if method == "DELETE" {
                continue;
            }
            client
                .chat_topic()
                .add_chat_topic_user_agent(topic, agent("tje0"))
                .await
                .expect("user agent tje0");
            let (content_type, body) = match (method.as_str(), page.operation.as_str()) {
                ("PATCH", _) => ("application/json-patch+json", "[]"),
                (_, "UpdateChatTopicUserAgents") => ("application/json", "[]"),
                ("POST" | "PUT", "CreateChatSessionForTopic") => ("application/json", ""),
                ("POST" | "PUT", _) => ("application/json", "{}"),
                _ => ("application/json", ""),
            };
            let head = format!(
                "{method} {} HTTP/1.1\r\nAuthorization: Basic dGplMDpUamUw\r\n\
                 Accept: application/json; charset=utf-8\r\nContent-Type: {content_type}",
                concrete(url, topic)
            );
            let answer = raw(address, &head, body.as_bytes()).await;
            assert!(
                (200..300).contains(&answer.status),
                "{} {method} {url} got {}: {}",
                page.operation,
                answer.status,
                String::from_utf8_lossy(&answer.body)
            );
            sent += 1;
        }
    }
    assert!(sent >= 30, "only {sent} sample requests");
}

fn agent(name: &str) -> ChatTopicAgent {
    ChatTopicAgent {
        user: Nullable::Value(Associate {
            name: Nullable::Value(name.to_owned()),
            ..Associate::default()
        }),
        ..ChatTopicAgent::default()
    }
}

/// Answers one request with `status` and `body` as JSON, exactly as a page shows it.
async fn answer_once(status: u16, body: &str) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    // A 204 has no body on the wire, whatever the page prints.
    let body = if status == 204 {
        String::new()
    } else {
        body.to_owned()
    };
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        let mut request = vec![0; 64 * 1024];
        let _ = stream.read(&mut request).await;
        let response = format!(
            "HTTP/1.1 {status} Sample\r\nContent-Type: application/json; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
    });
    address
}

/// A call's result written back as JSON.
fn json<T: serde::Serialize, E>(
    result: Result<T, superoffice_webapi::client::Error<E>>,
) -> Result<Value, String> {
    result
        .map(|value| serde_json::to_value(value).expect("serializes"))
        .map_err(|error| error.to_string())
}

/// Calls the page's operation with `client` and writes what it decoded back as JSON.
async fn call(client: &Client, operation: &str) -> Value {
    let to_json =
        |value: Result<Value, String>| value.unwrap_or_else(|e| panic!("{operation}: {e}"));
    to_json(match operation {
        "AddChatTopicUserAgent" => json(
            client
                .chat_topic()
                .add_chat_topic_user_agent(1, agent("a"))
                .await,
        ),
        "ChatTopicsForUser" => json(client.chat_topic().chat_topics_for_user().await),
        "CreateChatSessionForTopic" => {
            json(client.chat_topic().create_chat_session_for_topic(1).await)
        }
        "DefaultChatTopicEntity" => json(client.chat_topic().default_chat_topic_entity().await),
        "DeleteChatTopicEntity" => json(client.chat_topic().delete_chat_topic_entity(1).await),
        "DeleteChatTopicUserAgent" => json(
            client
                .chat_topic()
                .delete_chat_topic_user_agent(1, "a")
                .await,
        ),
        "GetChatTopicEntity" => json(client.chat_topic().get_chat_topic_entity(1).await),
        "GetChatTopicUserAgent" => {
            json(client.chat_topic().get_chat_topic_user_agent(1, "a").await)
        }
        "GetChatTopicUserAgentList" => {
            json(client.chat_topic().get_chat_topic_user_agent_list(1).await)
        }
        "GetUserAgentList" => json(client.chat_topic().get_user_agent_list(true).await),
        "IsWithinOpeningHours" => json(client.chat_topic().is_within_opening_hours(1).await),
        "PatchChatTopicEntity" => json(
            client
                .chat_topic()
                .patch_chat_topic_entity(
                    1,
                    PatchChatTopicEntityBody::JsonPatchJson(vec![JsonPatchOperation::default()]),
                )
                .await,
        ),
        "PostChatTopicEntity" => json(
            client
                .chat_topic()
                .post_chat_topic_entity(ChatTopicEntity::default())
                .await,
        ),
        "PutChatTopicEntity" => json(
            client
                .chat_topic()
                .put_chat_topic_entity(1, ChatTopicEntity::default())
                .await,
        ),
        "Sessions" => json(client.chat_topic().sessions(1).await),
        "UpdateChatTopicUserAgent" => json(
            client
                .chat_topic()
                .update_chat_topic_user_agent(1, "a", agent("a"))
                .await,
        ),
        "UpdateChatTopicUserAgents" => json(
            client
                .chat_topic()
                .update_chat_topic_user_agents(1, vec![])
                .await,
        ),
        other => panic!("no client call for page {other}"),
    })
}

#[tokio::test]
async fn every_sample_answer_of_the_pages_decodes_and_is_written_back_as_it_came() {
    let mut decoded = 0;
    for page in pages() {
        let Some((status, body)) = &page.answer else {
            continue;
        };
        let address = answer_once(*status, body).await;
        let client = support::client(address);
        let written = call(&client, &page.operation).await;
        if *status == 204 {
            assert_eq!(written, Value::Null, "{}: no content", page.operation);
        } else {
            let sample: Value = serde_json::from_str(body).expect("the sample is JSON");
            assert_eq!(
                written, sample,
                "{}: written back differently",
                page.operation
            );
        }
        decoded += 1;
    }
    // DeleteChatTopicUserAgent's page includes its sample from a file that is not published.
    assert_eq!(decoded, 16);
}
