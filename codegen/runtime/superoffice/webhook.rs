//! Receiving SuperOffice's webhooks: the signature check, the typed payload and headers, and an
//! axum router to mount.
//!
//! SuperOffice POSTs one JSON payload per event to the webhook's target URL. When the webhook
//! was registered with a secret, `X-SuperOffice-Signature` is the base64 HMAC-SHA256 of the raw
//! body keyed with the secret's UTF-8 bytes; it is checked over the bytes as received (never
//! re-serialized JSON) and compared in constant time. The test event SuperOffice sends when the
//! webhook is registered (`Event: "test"`, `X-Hook-Test: true`) only needs a 200.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use superoffice_webapi::webhook::{self, Webhook};
//!
//! let app = webhook::router(Some("my secret".into()), |hook: Webhook| async move {
//!     println!("{} {} {}", hook.event.event, hook.event.entity, hook.event.primary_key);
//! });
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! superoffice_webapi::runtime::server::axum::serve(listener, app).await
//! # }
//! ```

use ::hmac::{Hmac, Mac};
use ::sha2::Sha256;

use crate::runtime::server::axum;
use crate::runtime::Secret;

/// The signature header: base64 HMAC-SHA256 of the raw body, keyed with the secret.
pub const SIGNATURE_HEADER: &str = "X-SuperOffice-Signature";
/// The event's name (`contact.created`, `test`).
pub const EVENT_HEADER: &str = "X-SuperOffice-Event";
/// The event's id (a GUID).
pub const EVENT_ID_HEADER: &str = "X-SuperOffice-EventId";
/// The delivery attempt, when SuperOffice retries.
pub const RETRY_HEADER: &str = "X-SuperOffice-Retry";
/// `true` on the test event sent when the webhook is registered.
pub const TEST_HEADER: &str = "X-Hook-Test";

/// The base64 signature SuperOffice sends for `body` with `secret` (for tests and senders).
pub fn sign(secret: &Secret, body: &[u8]) -> String {
    crate::runtime::base64::encode(mac(secret, body).finalize().into_bytes())
}

fn mac(secret: &Secret, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(body);
    mac
}

/// Checks `signature` (the header's value, if any) against `body` and `secret`, in constant
/// time.
pub fn verify(secret: &Secret, body: &[u8], signature: Option<&str>) -> Result<(), SignatureError> {
    let signature = signature.ok_or(SignatureError::Missing)?;
    let bytes =
        crate::runtime::base64::decode(signature.trim()).map_err(|_| SignatureError::Malformed)?;
    mac(secret, body)
        .verify_slice(&bytes)
        .map_err(|_| SignatureError::Mismatch)
}

/// Why a webhook's signature was refused. Neither the secret nor the signature is ever part
/// of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No `X-SuperOffice-Signature`, though a secret is configured.
    Missing,
    /// The header is not base64.
    Malformed,
    /// The signature is not the body's with this secret.
    Mismatch,
}

impl ::std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(match self {
            Self::Missing => "the webhook has no X-SuperOffice-Signature header",
            Self::Malformed => "the webhook's X-SuperOffice-Signature is not base64",
            Self::Mismatch => "the webhook's X-SuperOffice-Signature does not match its body",
        })
    }
}

impl ::std::error::Error for SignatureError {}

/// One webhook payload, as SuperOffice sends it. Only ids and non-sensitive values come with
/// it: call the API for the entity's data.
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebhookEvent {
    /// The event's id (a GUID; a retried delivery keeps it).
    pub event_id: String,
    /// When the event happened, in the form sent (`2018-04-24T08:52:59.0005158Z`).
    pub timestamp: crate::runtime::DateTime,
    /// The event (`contact.created`, `person.changed`, `test`, …).
    pub event: String,
    /// The entity's table (`contact`, `person`, `test`).
    pub entity: String,
    /// The changed row's primary key.
    pub primary_key: i64,
    /// The changed columns (database names).
    #[serde(default)]
    pub changes: Vec<String>,
    /// Some of the row's values, by column (the event's reference page lists which).
    #[serde(default, skip_serializing_if = "::indexmap::IndexMap::is_empty")]
    pub field_values: ::indexmap::IndexMap<String, ::serde_json::Value>,
    /// The tenant (`Cust12345`; `Default` on the test event).
    pub context_identifier: String,
    /// The associate who made the change.
    #[serde(default)]
    pub changed_by_associate_id: i64,
    /// The name the webhook was registered with.
    #[serde(default)]
    pub webhook_name: String,
}

impl WebhookEvent {
    /// Whether this is the test event sent when the webhook is registered.
    pub fn is_test(&self) -> bool {
        self.event == "test"
    }
}

/// A verified webhook: its payload and the headers that came with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// The payload.
    pub event: WebhookEvent,
    /// `X-SuperOffice-Event`.
    pub event_header: Option<String>,
    /// `X-SuperOffice-EventId`.
    pub event_id_header: Option<String>,
    /// `X-SuperOffice-Retry`: the delivery attempt, when SuperOffice retries.
    pub retry: Option<u32>,
    /// `X-Hook-Test: true`.
    pub test: bool,
}

/// Why a webhook request was refused, and the status it is answered with.
#[derive(Debug)]
pub enum Rejection {
    /// 401: the signature is missing, malformed or wrong.
    Signature(SignatureError),
    /// 400: the body is not a webhook payload.
    Payload(String),
}

impl ::std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Signature(error) => error.fmt(f),
            Self::Payload(error) => write!(f, "the body is not a webhook payload: {error}"),
        }
    }
}

impl ::std::error::Error for Rejection {}

impl axum::response::IntoResponse for Rejection {
    fn into_response(self) -> axum::response::Response {
        let status = match self {
            Self::Signature(_) => axum::http::StatusCode::UNAUTHORIZED,
            Self::Payload(_) => axum::http::StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}

/// Reads a webhook request: checks its signature when `secret` is set (a request without one is
/// refused then), decodes the payload and the event headers.
pub fn read(
    secret: Option<&Secret>,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> Result<Webhook, Rejection> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    if let Some(secret) = secret {
        verify(secret, body, header(SIGNATURE_HEADER).as_deref()).map_err(Rejection::Signature)?;
    }
    let event: WebhookEvent =
        ::serde_json::from_slice(body).map_err(|error| Rejection::Payload(error.to_string()))?;
    Ok(Webhook {
        event,
        event_header: header(EVENT_HEADER),
        event_id_header: header(EVENT_ID_HEADER),
        retry: header(RETRY_HEADER).and_then(|retry| retry.trim().parse().ok()),
        test: header(TEST_HEADER).is_some_and(|test| test.eq_ignore_ascii_case("true")),
    })
}

/// An axum router answering `POST /` with webhooks: each verified payload goes to `on_event`
/// and is answered 200 once it returns (the test event too, whose `is_test()` is true); a
/// wrong or missing signature (when `secret` is set) is 401, a body that is not a payload 400.
/// Mount it where the webhook's target URL points (`Router::nest("/hooks", …)`).
pub fn router<F, Fut>(secret: Option<Secret>, on_event: F) -> axum::Router
where
    F: Fn(Webhook) -> Fut + Clone + Send + Sync + 'static,
    Fut: ::std::future::Future<Output = ()> + Send + 'static,
{
    let secret = ::std::sync::Arc::new(secret);
    let handler = move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
        let (secret, on_event) = (secret.clone(), on_event.clone());
        async move {
            let hook = read(secret.as_ref().as_ref(), &headers, &body)?;
            on_event(hook).await;
            Ok::<_, Rejection>(axum::http::StatusCode::OK)
        }
    };
    axum::Router::new().route("/", axum::routing::post(handler))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test event of SuperOffice's reference page (webhook test-event.mdx).
    const TEST_EVENT: &str = r#"{
  "EventId": "4b5ce038-50f2-4796-bdb2-f96908cf31c2",
  "Timestamp": "2018-04-24T08:52:59.0005158Z",
  "Changes": [],
  "Event": "test",
  "PrimaryKey": 0,
  "Entity": "test",
  "ContextIdentifier": "Default",
  "ChangedByAssociateId": 316,
  "WebhookName": "Name you provided"
}"#;

    /// Signatures computed independently (Python: `base64.b64encode(hmac.new(secret, body,
    /// sha256).digest())`) for PROTOCOL.md's formula: key = the secret's UTF-8 bytes, message =
    /// the raw body.
    const VECTORS: &[(&str, &str, &str)] = &[
        ("secret", "", "+eZuF5tnR65UEI+C+K3os8Jddv0wr95sOVgixTAZYWk="),
        (
            "Super",
            "{\"Event\":\"test\"}",
            "y5cjIYV2X85LdfZ7jhg/hcEiJ8usmY+Kemg7wgPOeG4=",
        ),
        (
            "my secret ✓",
            "{\"EventId\":\"e87ac619\",\"Event\":\"contact.created\"}",
            "6moZ4vCYf+oKUPAaQwruge7l4uEPNl8tcyqS7O1rC98=",
        ),
    ];

    #[test]
    fn signatures_match_independent_vectors() {
        for (secret, body, signature) in VECTORS {
            let secret = Secret::new(*secret);
            assert_eq!(sign(&secret, body.as_bytes()), *signature, "{body}");
            assert_eq!(verify(&secret, body.as_bytes(), Some(signature)), Ok(()));
        }
    }

    #[test]
    fn a_changed_byte_a_missing_or_malformed_signature_is_refused() {
        let secret = Secret::new("Super");
        let signature = sign(&secret, TEST_EVENT.as_bytes());
        let mut changed = TEST_EVENT.as_bytes().to_vec();
        changed[20] ^= 1;
        assert_eq!(
            verify(&secret, &changed, Some(&signature)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(
                &Secret::new("Other"),
                TEST_EVENT.as_bytes(),
                Some(&signature)
            ),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&secret, TEST_EVENT.as_bytes(), None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(&secret, TEST_EVENT.as_bytes(), Some("not base64!")),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn the_reference_test_event_reads_with_its_headers() {
        let secret = Secret::new("Super");
        let mut headers = axum::http::HeaderMap::new();
        let signature = sign(&secret, TEST_EVENT.as_bytes());
        headers.insert(SIGNATURE_HEADER, signature.parse().unwrap());
        headers.insert(EVENT_HEADER, "test".parse().unwrap());
        headers.insert(TEST_HEADER, "true".parse().unwrap());
        headers.insert(RETRY_HEADER, "2".parse().unwrap());
        let hook = read(Some(&secret), &headers, TEST_EVENT.as_bytes()).unwrap();
        assert!(hook.event.is_test() && hook.test);
        assert_eq!(hook.retry, Some(2));
        assert_eq!(hook.event.changed_by_associate_id, 316);
        assert_eq!(
            ::serde_json::to_value(hook.event.timestamp).unwrap(),
            "2018-04-24T08:52:59.0005158Z"
        );
        // Not a payload: 400, whatever the signature.
        let rejected = read(None, &headers, b"{}").unwrap_err();
        assert!(matches!(rejected, Rejection::Payload(_)), "{rejected}");
    }

    #[test]
    fn errors_name_no_secret_or_signature() {
        let secret = Secret::new("hunter2");
        let signature = sign(&secret, b"body");
        for error in [
            SignatureError::Missing,
            SignatureError::Malformed,
            SignatureError::Mismatch,
        ] {
            let shown = format!("{error} {error:?} {}", Rejection::Signature(error));
            assert!(
                !shown.contains("hunter2") && !shown.contains(&signature),
                "{shown}"
            );
        }
    }
}
