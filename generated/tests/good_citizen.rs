//! The client as a good citizen of a shared service, end to end against a local mock: retries
//! of 429 answers honouring `Retry-After` (idempotent calls only), per-call and per-client
//! timeouts, a rate limit shared by the client's clones under concurrency, and the tracing
//! span of each call, which names the operation but never a credential.

mod support;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::response::IntoResponse as _;
use superoffice_webapi::client::{Client, RetryPolicy};
use superoffice_webapi::models::ChatTopicEntity;
use superoffice_webapi::runtime::server::axum;
use support::serve;

/// How the mock answers.
#[derive(Clone, Copy)]
enum Behaviour {
    /// 429 with `Retry-After: 1` to the first call, 200 afterwards.
    TooManyOnce,
    /// 200 after waiting this long.
    Slow(Duration),
    /// 200 at once.
    Quick,
    /// Always this status, with a JSON error body.
    Fails(u16),
}

/// What the mock saw: each call's method and arrival time.
#[derive(Default)]
struct Seen {
    calls: Mutex<Vec<(String, Instant)>>,
}

impl Seen {
    fn calls(&self) -> Vec<(String, Instant)> {
        self.calls.lock().expect("lock").clone()
    }
}

/// A mock answering every path as `behaviour` says.
async fn mock(behaviour: Behaviour) -> (Client, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let recorder = seen.clone();
    let handler = move |method: axum::http::Method| {
        let seen = recorder.clone();
        async move {
            let count = {
                let mut calls = seen.calls.lock().expect("lock");
                calls.push((method.to_string(), Instant::now()));
                calls.len()
            };
            let json = (axum::http::header::CONTENT_TYPE, "application/json");
            let ok = (
                axum::http::StatusCode::OK,
                [json.clone()],
                r#"{"ChatTopicId": 1}"#.to_owned(),
            );
            match behaviour {
                Behaviour::TooManyOnce if count == 1 => (
                    axum::http::StatusCode::TOO_MANY_REQUESTS,
                    [(axum::http::header::RETRY_AFTER, "1")],
                    "slow down".to_owned(),
                )
                    .into_response(),
                Behaviour::TooManyOnce | Behaviour::Quick => ok.into_response(),
                Behaviour::Slow(delay) => {
                    tokio::time::sleep(delay).await;
                    ok.into_response()
                }
                Behaviour::Fails(status) => (
                    axum::http::StatusCode::from_u16(status).expect("a status"),
                    [json.clone()],
                    r#"{"ErrorMessage": "unavailable"}"#.to_owned(),
                )
                    .into_response(),
            }
        }
    };
    let address = serve(axum::Router::new().fallback(handler)).await;
    (support::client(address), seen)
}

#[tokio::test]
async fn a_429_get_is_retried_after_retry_after() {
    let (client, seen) = mock(Behaviour::TooManyOnce).await;
    let client = client.with_retries(RetryPolicy::default());
    let started = Instant::now();
    let topic = client
        .chat_topic()
        .get_chat_topic_entity(1)
        .await
        .expect("the second attempt succeeds");
    assert_eq!(topic.chat_topic_id, Some(1));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 is waited for ({:?})",
        started.elapsed()
    );
    assert_eq!(seen.calls().len(), 2);
}

#[tokio::test]
async fn a_429_post_is_never_retried() {
    let (client, seen) = mock(Behaviour::TooManyOnce).await;
    let client = client.with_retries(RetryPolicy::default());
    let error = client
        .chat_topic()
        .post_chat_topic_entity(ChatTopicEntity::default())
        .await
        .expect_err("POST is not idempotent");
    assert_eq!(error.status(), Some(429));
    assert_eq!(seen.calls().len(), 1);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let (client, seen) = mock(Behaviour::TooManyOnce).await;
    let error = client
        .chat_topic()
        .get_chat_topic_entity(1)
        .await
        .expect_err("no retries by default");
    assert_eq!(error.status(), Some(429));
    assert_eq!(seen.calls().len(), 1);
}

#[tokio::test]
async fn a_call_slower_than_its_timeout_is_a_timeout_error() {
    let (client, _) = mock(Behaviour::Slow(Duration::from_secs(3))).await;
    let client = client.with_timeout(Duration::from_secs(30));
    let started = Instant::now();
    let error = client
        .chat_topic()
        .get_chat_topic_entity(1)
        .timeout(Duration::from_millis(200))
        .await
        .expect_err("the call's own timeout wins");
    assert!(error.is_timeout(), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(error.status(), None);

    let error = client
        .with_timeout(Duration::from_millis(200))
        .chat_topic()
        .get_chat_topic_entity(1)
        .await
        .expect_err("the client's timeout");
    assert!(error.is_timeout(), "{error}");
}

#[tokio::test]
async fn a_calls_timeout_may_be_longer_than_the_clients() {
    let (client, _) = mock(Behaviour::Slow(Duration::from_millis(300))).await;
    let client = client.with_timeout(Duration::from_millis(50));
    client
        .chat_topic()
        .get_chat_topic_entity(1)
        .timeout(Duration::from_secs(10))
        .await
        .expect("the call's timeout replaces the client's");
}

#[tokio::test]
async fn a_connect_timeout_is_refused_for_a_callers_own_client() {
    let http = superoffice_webapi::runtime::client::default_http_client().expect("a client");
    let own = Client::with_http_client("http://127.0.0.1:1", http).expect("valid");
    assert!(own.with_connect_timeout(Duration::from_secs(1)).is_err());
    let client = Client::new("http://127.0.0.1:1")
        .expect("valid")
        .with_connect_timeout(Duration::from_secs(1))
        .expect("the crate's own client is rebuilt");
    let error = client
        .chat_topic()
        .get_chat_topic_entity(1)
        .await
        .expect_err("nothing listens on port 1");
    assert!(!error.is_timeout(), "refused, not timed out: {error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_limit_holds_under_concurrency() {
    let (client, seen) = mock(Behaviour::Quick).await;
    let client = client.with_rate_limit(10);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        // Every clone shares the one limiter.
        let client = client.clone();
        calls.spawn(async move { client.chat_topic().get_chat_topic_entity(1).await });
    }
    let mut done = 0;
    while let Some(result) = calls.join_next().await {
        result.expect("the task ends").expect("the call succeeds");
        done += 1;
    }
    assert_eq!(done, 50);
    let mut arrivals: Vec<Instant> = seen.calls().into_iter().map(|(_, at)| at).collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 50);
    for (first, eleventh) in arrivals.iter().zip(&arrivals[10..]) {
        assert!(
            *eleventh - *first >= Duration::from_secs(1),
            "11 arrivals within {:?}",
            *eleventh - *first
        );
    }
}

/// A span's name and its recorded fields.
type SpanRecord = (String, BTreeMap<String, String>);

/// Every span and event a call emits, as `name: field=value` lines.
#[derive(Clone, Default)]
struct Capture {
    next: Arc<AtomicU64>,
    spans: Arc<Mutex<BTreeMap<u64, SpanRecord>>>,
    events: Arc<Mutex<Vec<String>>>,
}

/// Collects `field=value` pairs.
struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let name = attributes.metadata().name().to_owned();
        self.spans.lock().expect("lock").insert(id, (name, fields));
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        if let Some((_, fields)) = self.spans.lock().expect("lock").get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events
            .lock()
            .expect("lock")
            .push(format!("{}: {fields:?}", event.metadata().name()));
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

// Single-threaded: the capture is this thread's default subscriber.
#[tokio::test]
async fn a_failing_call_is_one_span_without_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (client, seen) = mock(Behaviour::Fails(503)).await;
    let client = client
        .with_so_app_token("app-token-0xC0FFEE")
        .with_retries(RetryPolicy::new(
            2,
            Duration::from_millis(10),
            Duration::from_millis(10),
        ));
    let error = client
        .chat_topic()
        .get_chat_topic_entity(7)
        .so_language("en")
        .await
        .expect_err("503 twice");
    assert_eq!(error.status(), Some(503));
    assert_eq!(seen.calls().len(), 2);

    let spans = capture.spans.lock().expect("lock").clone();
    let calls: Vec<&BTreeMap<String, String>> = spans
        .values()
        .filter(|(name, _)| name == "http_request")
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(calls.len(), 1, "one span per call: {spans:?}");
    let fields = calls[0];
    let field = |name: &str| fields.get(name).map(String::as_str);
    assert_eq!(
        field("operation"),
        Some("v1ChatTopicEntity_GetChatTopicEntity")
    );
    assert_eq!(field("method"), Some("GET"));
    assert_eq!(field("template"), Some("/api/v1/ChatTopic/{id}"));
    assert_eq!(field("status"), Some("503"));
    assert_eq!(field("retries"), Some("1"));
    assert!(field("duration_ms").is_some(), "{fields:?}");
    assert_eq!(field("error"), None, "the server answered");

    let events = capture.events.lock().expect("lock").clone();
    assert!(
        events.iter().any(|event| event.contains("503")),
        "the retry is an event: {events:?}"
    );
    let everything = format!("{spans:?}\n{events:?}");
    // The Basic credentials `tje0:Tje0`, their base64, and the app token never appear.
    for secret in ["dGplMDpUamUw", "Tje0", "app-token-0xC0FFEE", "Basic "] {
        assert!(
            !everything.contains(secret),
            "`{secret}` in the trace: {everything}"
        );
    }
}
