//! What goes over the wire: a listener records the exact request line, headers and body each
//! client call sends (method, path, query, Authorization, Accept, SO-* headers).

use std::net::SocketAddr;

use superoffice_webapi::client::Client;
use superoffice_webapi::models::{ChatTopicEntity, JsonPatchOp, JsonPatchOperation, SessionsMode};
use superoffice_webapi::operations::chat_topic::PatchChatTopicEntityBody;
use superoffice_webapi::runtime::Nullable;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// One request as it arrived.
#[derive(Debug)]
struct Recorded {
    /// `POST /api/v1/ChatTopic/7/Sessions HTTP/1.1`
    line: String,
    /// Header names in lower case, in order.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Accepts one connection, records its request and answers `200` with `answer` as JSON.
async fn recorder(answer: &'static str) -> (SocketAddr, oneshot::Receiver<Recorded>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (sender, receiver) = oneshot::channel();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("accept");
        let mut stream = BufReader::new(stream);
        let mut line = String::new();
        stream.read_line(&mut line).await.expect("request line");
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            stream.read_line(&mut header).await.expect("header");
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').expect("name: value");
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
        let length = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .map_or(0, |(_, value)| value.parse().expect("a length"));
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.expect("body");
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
        stream
            .get_mut()
            .write_all(response.as_bytes())
            .await
            .expect("answer");
        let _ = sender.send(Recorded {
            line: line.trim_end().to_owned(),
            headers,
            body,
        });
    });
    (address, receiver)
}

fn client_for(address: SocketAddr) -> Client {
    Client::new(&format!("http://{address}")).expect("url")
}

#[tokio::test]
async fn the_page_sample_request_goes_out_as_the_page_shows_it() {
    let (address, recorded) = recorder("{}").await;
    client_for(address)
        .with_basic("tje0", "Tje0")
        .with_accept_language("fr,de,ru,zh")
        .chat_topic()
        .create_chat_session_for_topic(221)
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    // The page: POST /api/v1/ChatTopic/{chatTopicId}/Sessions, Authorization: Basic
    // dGplMDpUamUw (tje0:Tje0), Accept: application/json, Accept-Language: fr,de,ru,zh.
    assert_eq!(request.line, "POST /api/v1/ChatTopic/221/Sessions HTTP/1.1");
    assert_eq!(request.header("authorization"), Some("Basic dGplMDpUamUw"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("accept-language"), Some("fr,de,ru,zh"));
    assert_eq!(request.header("content-type"), None, "no body");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn per_call_headers_win_over_client_defaults() {
    let (address, recorded) = recorder("{}").await;
    client_for(address)
        .with_so_ticket("7T:abc")
        .with_so_language("en")
        .with_so_time_zone("UTC, includeTZOffset")
        .chat_topic()
        .create_chat_session_for_topic(1)
        .so_language("de")
        .so_culture("nb")
        .so_app_token("app-1")
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    assert_eq!(request.header("authorization"), Some("SOTicket 7T:abc"));
    assert_eq!(request.header("so-language"), Some("de"));
    assert_eq!(request.header("so-timezone"), Some("UTC, includeTZOffset"));
    assert_eq!(request.header("so-culture"), Some("nb"));
    assert_eq!(request.header("so-apptoken"), Some("app-1"));
    let so_languages = request
        .headers
        .iter()
        .filter(|(name, _)| name == "so-language")
        .count();
    assert_eq!(so_languages, 1, "{:?}", request.headers);
}

#[tokio::test]
async fn odata_queries_are_percent_encoded_and_keep_their_dollar_names() {
    let (address, recorded) = recorder("{}").await;
    client_for(address)
        .with_bearer("token-1")
        .chat_topic()
        .sessions(7)
        .select("ChatSessionId,customerName")
        .filter("customerName begins 'A&B'")
        .top(10)
        .mode(SessionsMode::Full)
        .json_safe(true)
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    assert_eq!(
        request.line,
        "GET /api/v1/ChatTopic/7/Sessions?$select=ChatSessionId%2CcustomerName\
         &$filter=customerName%20begins%20%27A%26B%27&$top=10&$mode=Full&$jsonSafe=true HTTP/1.1"
    );
    assert_eq!(request.header("authorization"), Some("Bearer token-1"));
}

#[tokio::test]
async fn path_segments_are_percent_encoded_and_the_base_path_kept() {
    let (address, recorded) = recorder("{}").await;
    Client::new(&format!("http://{address}/Cust12345/"))
        .expect("url")
        .with_xsrf_token("xsrf-1")
        .chat_topic()
        .get_chat_topic_user_agent(7, "a b/c?d")
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    assert_eq!(
        request.line,
        "GET /Cust12345/api/v1/ChatTopic/7/UserAgent/a%20b%2Fc%3Fd HTTP/1.1"
    );
    assert_eq!(request.header("x-xsrf-token"), Some("xsrf-1"));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn bodies_go_out_as_json_in_their_media_type_with_null_kept() {
    let (address, recorded) = recorder("{}").await;
    client_for(address)
        .with_basic("tje0", "Tje0")
        .chat_topic()
        .put_chat_topic_entity(
            3,
            ChatTopicEntity {
                name: Nullable::Value("Support".into()),
                description: Nullable::Null,
                ..ChatTopicEntity::default()
            },
        )
        .select("Name")
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    assert_eq!(
        request.line,
        "PUT /api/v1/ChatTopic/3?$select=Name HTTP/1.1"
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    // Absent properties stay out; the cleared one is an explicit null.
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"Name":"Support","Description":null}"#
    );

    let (address, recorded) = recorder("{}").await;
    client_for(address)
        .chat_topic()
        .patch_chat_topic_entity(
            3,
            PatchChatTopicEntityBody::JsonPatchJson(vec![JsonPatchOperation {
                op: Some(JsonPatchOp::Remove),
                path: Some("/Description".into()),
                ..JsonPatchOperation::default()
            }]),
        )
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    assert_eq!(request.line, "PATCH /api/v1/ChatTopic/3 HTTP/1.1");
    assert_eq!(
        request.header("content-type"),
        Some("application/json-patch+json")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"[{"op":"remove","path":"/Description"}]"#
    );
}

#[tokio::test]
async fn required_query_parameters_are_always_sent() {
    let (address, recorded) = recorder("[]").await;
    client_for(address)
        .chat_topic()
        .get_user_agent_list(false)
        .await
        .expect("answered");
    let request = recorded.await.expect("recorded");
    assert_eq!(
        request.line,
        "GET /api/v1/ChatTopic/UserAgents?flat=false HTTP/1.1"
    );
}
