//! Requests the typed client would never send, straight to the generated router: each gets a
//! 4xx with a JSON body naming the problem, never a 500, a panic or a dropped connection.

mod support;

use std::net::SocketAddr;

use superoffice_webapi::server::{router, router_with_options, ServerOptions};
use support::{raw, serve, Memory, RawAnswer};

/// `Authorization` for the page's sample user.
const AUTH: &str = "Authorization: Basic dGplMDpUamUw";

async fn server() -> SocketAddr {
    serve(router(Memory::default())).await
}

/// Asserts a JSON refusal with `status` whose message contains `needle`.
fn assert_refused(answer: &RawAnswer, status: u16, needle: &str) -> serde_json::Value {
    assert_eq!(
        answer.status,
        status,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let body = answer.json();
    assert_eq!(body["status"], status);
    let message = body["message"].as_str().expect("a message");
    assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    body
}

#[tokio::test]
async fn a_path_id_of_letters_or_beyond_32_bits_is_a_400_naming_it() {
    let address = server().await;
    for id in ["abc", "1099511627776", "-", "1.5"] {
        let head = format!("POST /api/v1/ChatTopic/{id}/Sessions HTTP/1.1\r\n{AUTH}");
        let answer = raw(address, &head, b"").await;
        let body = assert_refused(&answer, 400, "chatTopicId");
        assert_eq!(body["parameter"], "chatTopicId");
        assert_eq!(body["in"], "path");
    }
    let answer = raw(
        address,
        &format!("GET /api/v1/ChatTopic/1099511627776 HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    assert_refused(&answer, 400, "too large");
}

#[tokio::test]
async fn bad_or_missing_query_values_are_a_400_naming_them() {
    let address = server().await;
    let answer = raw(
        address,
        &format!("GET /api/v1/ChatTopic/1/Sessions?$top=ten HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    let body = assert_refused(&answer, 400, "$top");
    assert_eq!(body["parameter"], "$top");
    assert_eq!(body["in"], "query");
    let answer = raw(
        address,
        &format!("GET /api/v1/ChatTopic/UserAgents?flat=maybe HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    assert_refused(&answer, 400, "flat");
    let answer = raw(
        address,
        &format!("GET /api/v1/ChatTopic/UserAgents HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    assert_refused(&answer, 400, "query parameter `flat` is required");
}

#[tokio::test]
async fn invalid_json_bodies_are_a_400_naming_the_problem() {
    let address = server().await;
    let post =
        format!("POST /api/v1/ChatTopic HTTP/1.1\r\n{AUTH}\r\nContent-Type: application/json");
    let answer = raw(address, &post, br#"{"Name": "#).await;
    assert_refused(&answer, 400, "request body");
    let answer = raw(address, &post, br#"{"ChatTopicId": "seven"}"#).await;
    assert_refused(&answer, 400, "ChatTopicId");
    let answer = raw(address, &post, br#"{"Name": "x"} trailing"#).await;
    assert_refused(&answer, 400, "request body");
    let answer = raw(address, &post, b"").await;
    assert_refused(&answer, 400, "required");
    // A JSON Patch body must be a list of operations.
    let patch = format!(
        "PATCH /api/v1/ChatTopic/1 HTTP/1.1\r\n{AUTH}\r\nContent-Type: application/json-patch+json"
    );
    let answer = raw(address, &patch, br#"{"op": "add"}"#).await;
    assert_refused(&answer, 400, "request body");
}

#[tokio::test]
async fn a_10_mb_body_is_a_413() {
    let address = server().await;
    let body = vec![b' '; 10 * 1024 * 1024];
    let post =
        format!("POST /api/v1/ChatTopic HTTP/1.1\r\n{AUTH}\r\nContent-Type: application/json");
    let answer = raw(address, &post, &body).await;
    assert_refused(&answer, 413, "larger than");
    // The limit is the router's option.
    let small = serve(router_with_options(
        Memory::default(),
        ServerOptions { body_limit: 16 },
    ))
    .await;
    let answer = raw(small, &post, br#"{"Name": "seventeen bytes+"}"#).await;
    assert_refused(&answer, 413, "16 bytes");
}

#[tokio::test]
async fn an_accept_the_operation_cannot_answer_is_a_406() {
    let address = server().await;
    for accept in [
        "application/xml",
        "text/xml",
        "application/json;q=0",
        "image/png",
    ] {
        let head =
            format!("POST /api/v1/ChatTopic/1/Sessions HTTP/1.1\r\n{AUTH}\r\nAccept: {accept}");
        let answer = raw(address, &head, b"").await;
        assert_refused(&answer, 406, "application/json");
    }
    // JSON in every form the issue lists is fine, and the answer says which it is.
    for (accept, answered) in [
        ("application/json", "application/json"),
        ("text/json", "text/json"),
        ("*/*", "application/json"),
        ("application/xml, text/json;q=0.5", "text/json"),
    ] {
        let head =
            format!("POST /api/v1/ChatTopic/1/Sessions HTTP/1.1\r\n{AUTH}\r\nAccept: {accept}");
        let answer = raw(address, &head, b"").await;
        assert_eq!(answer.status, 200, "Accept: {accept}");
        assert_eq!(answer.header("content-type"), Some(answered));
        assert_eq!(answer.json()["ChatSessionId"], 247);
    }
    let answer = raw(
        address,
        &format!("POST /api/v1/ChatTopic/1/Sessions HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    assert_eq!(answer.status, 200, "no Accept header means JSON");
}

#[tokio::test]
async fn a_body_in_a_media_type_the_operation_does_not_read_is_a_415() {
    let address = server().await;
    let head =
        format!("POST /api/v1/ChatTopic HTTP/1.1\r\n{AUTH}\r\nContent-Type: application/xml");
    let answer = raw(address, &head, b"<ChatTopicEntity/>").await;
    assert_refused(&answer, 415, "application/xml");
}

#[tokio::test]
async fn requests_without_credentials_are_a_401_with_a_challenge() {
    let address = server().await;
    let answer = raw(address, "POST /api/v1/ChatTopic/1/Sessions HTTP/1.1", b"").await;
    assert_refused(&answer, 401, "credentials");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"SuperOffice CRM WebAPI\", SOTicket, Bearer")
    );
    // A malformed Basic value is no credential either.
    let answer = raw(
        address,
        "POST /api/v1/ChatTopic/1/Sessions HTTP/1.1\r\nAuthorization: Basic %%%",
        b"",
    )
    .await;
    assert_refused(&answer, 401, "credentials");
}

#[tokio::test]
async fn unknown_paths_and_methods_are_json_404_and_405() {
    let address = server().await;
    let answer = raw(
        address,
        &format!("GET /api/v1/Nothing HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    assert_refused(&answer, 404, "/api/v1/Nothing");
    let answer = raw(
        address,
        &format!("DELETE /api/v1/ChatTopic/default HTTP/1.1\r\n{AUTH}"),
        b"",
    )
    .await;
    assert_refused(&answer, 405, "DELETE");
}

#[tokio::test]
async fn nothing_any_request_does_makes_the_server_fail() {
    let address = server().await;
    let long = "x".repeat(10_000);
    let heads = [
        format!("GET /api/v1/ChatTopic/%FF%FE/Sessions HTTP/1.1\r\n{AUTH}"),
        format!("GET /api/v1/ChatTopic/1/UserAgent/%00 HTTP/1.1\r\n{AUTH}"),
        format!("GET /api/v1/ChatTopic/1/Sessions?$top=%FF&$mode=%ZZ HTTP/1.1\r\n{AUTH}"),
        format!("GET /api/v1/ChatTopic/1/Sessions?$top=1&$top=2&$skip= HTTP/1.1\r\n{AUTH}"),
        format!("GET /api/v1/ChatTopic/1/Sessions?$mode=NoSuchMode HTTP/1.1\r\n{AUTH}"),
        format!("GET /api/v1/ChatTopic/{long} HTTP/1.1\r\n{AUTH}"),
        format!("GET /api/v1/ChatTopic/1 HTTP/1.1\r\n{AUTH}\r\nAccept: ;;;,,q=x"),
        format!("GET /api/v1/ChatTopic/1 HTTP/1.1\r\n{AUTH}\r\nSO-Language: \u{fffd}"),
        "GET /api/v1/ChatTopic/1 HTTP/1.1\r\nAuthorization: Basic".to_owned(),
        "GET /api/v1/ChatTopic/1 HTTP/1.1\r\nAuthorization: SoTicket".to_owned(),
        "GET /api/v1/ChatTopic/1 HTTP/1.1\r\nAuthorization:    ".to_owned(),
        format!("PUT /api/v1/ChatTopic/1 HTTP/1.1\r\n{AUTH}\r\nContent-Type: application/json"),
        format!("PATCH /api/v1/ChatTopic/1 HTTP/1.1\r\n{AUTH}\r\nContent-Type: text/plain"),
        format!("PUT /api/v1/ChatTopic/1/UserAgent HTTP/1.1\r\n{AUTH}\r\nContent-Type: application/json"),
        format!("DELETE /api/v1/ChatTopic/-2147483648 HTTP/1.1\r\n{AUTH}"),
        format!("DELETE /api/v1/ChatTopic/2147483648 HTTP/1.1\r\n{AUTH}"),
        format!("OPTIONS /api/v1/ChatTopic HTTP/1.1\r\n{AUTH}"),
    ];
    for head in &heads {
        for body in [&b""[..], b"null", b"[]", b"{\"a\":", b"\xff\xfe"] {
            let answer = raw(address, head, body).await;
            assert!(
                (200..500).contains(&answer.status),
                "{head:?} with {:?} got {}: {}",
                String::from_utf8_lossy(body),
                answer.status,
                String::from_utf8_lossy(&answer.body)
            );
            if answer.status >= 400 && answer.status != 404 {
                // Every refusal explains itself (404s of the implementation carry its body).
                assert!(answer.json()["message"].is_string(), "{head:?}");
            }
        }
    }
}
