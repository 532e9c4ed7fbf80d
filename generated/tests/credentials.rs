//! Credentials that refresh, end to end against a local mock: a `CredentialProvider` gives the
//! headers of every call instead of the static credentials; a 401 answer makes the client
//! refresh it once and resend the call once (a POST too), and a second 401 is the call's error;
//! a provider's failure is a typed error sending nothing; no secret ever prints.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::response::IntoResponse as _;
use superoffice_webapi::client::{
    BoxFuture, Client, CredentialHeaders, CredentialProvider, Error, ProviderError,
};
use superoffice_webapi::models::ChatTopicEntity;
use superoffice_webapi::runtime::server::axum;
use support::serve;

const APP_TOKEN: &str = "app-secret-0815";

/// Why the test provider fails, when it does.
#[derive(Debug, PartialEq)]
struct LoginDown;

impl std::fmt::Display for LoginDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the login host is down")
    }
}

impl std::error::Error for LoginDown {}

/// Hands out `Bearer secret-token-{generation}`; each refresh moves to the next generation.
#[derive(Default)]
struct Counting {
    generation: AtomicUsize,
    asked: AtomicUsize,
    refreshed: AtomicUsize,
    /// The refused `Authorization` values refresh was told about.
    rejected: Mutex<Vec<String>>,
    fail_headers: bool,
    fail_refresh: bool,
}

impl Counting {
    fn token(generation: usize) -> String {
        format!("secret-token-{}", generation + 1)
    }
}

impl CredentialProvider for Counting {
    fn headers(&self) -> BoxFuture<'_, Result<CredentialHeaders, ProviderError>> {
        Box::pin(async move {
            self.asked.fetch_add(1, Ordering::SeqCst);
            if self.fail_headers {
                return Err(ProviderError::from_error(LoginDown));
            }
            let token = Self::token(self.generation.load(Ordering::SeqCst));
            Ok(CredentialHeaders::new()
                .with("Authorization", format!("Bearer {token}"))
                .with("SO-AppToken", APP_TOKEN))
        })
    }

    fn refresh<'a>(
        &'a self,
        rejected: &'a CredentialHeaders,
    ) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async move {
            self.refreshed.fetch_add(1, Ordering::SeqCst);
            if let Some(value) = rejected.get("authorization") {
                self.rejected
                    .lock()
                    .unwrap()
                    .push(value.expose().to_owned());
            }
            if self.fail_refresh {
                return Err(ProviderError::new("the refresh token was revoked"));
            }
            self.generation.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
    }
}

/// What the mock saw of each call: method, `Authorization`, `SO-AppToken`.
type Calls = Arc<Mutex<Vec<(String, String, String)>>>;

/// A mock accepting only `Bearer {accepted}` (when set) with the app token; 401 otherwise.
async fn mock(accepted: Arc<Mutex<Option<String>>>) -> (String, Calls) {
    let calls: Calls = Arc::default();
    let recorder = calls.clone();
    let handler = move |method: axum::http::Method, headers: axum::http::HeaderMap| {
        let calls = recorder.clone();
        let accepted = accepted.clone();
        async move {
            let header = |name: &str| {
                headers
                    .get(name)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            let (authorization, app_token) = (header("authorization"), header("so-apptoken"));
            calls.lock().unwrap().push((
                method.to_string(),
                authorization.clone(),
                app_token.clone(),
            ));
            let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
            let valid = accepted.lock().unwrap().clone();
            if valid.is_some_and(|token| authorization == format!("Bearer {token}"))
                && app_token == APP_TOKEN
            {
                (json, r#"{"ChatTopicId": 7}"#).into_response()
            } else {
                let body = r#"{"Error": true, "ErrorMessage": "Invalid ticket"}"#;
                (axum::http::StatusCode::UNAUTHORIZED, json, body).into_response()
            }
        }
    };
    let address = serve(axum::Router::new().fallback(handler)).await;
    (format!("http://{address}"), calls)
}

#[tokio::test]
async fn a_401_refreshes_once_and_resends_once() {
    let accepted = Arc::new(Mutex::new(Some(Counting::token(1))));
    let (base, calls) = mock(accepted.clone()).await;
    let provider = Arc::new(Counting::default());
    // Static credentials are replaced by the provider's.
    let client = Client::new(&base)
        .unwrap()
        .with_basic("tje0", "static-password")
        .with_credential_provider(provider.clone());
    let seen = |n: usize| calls.lock().unwrap()[n].clone();

    // A POST answered 401 is refreshed and resent once, with the new credentials.
    let topic = client
        .chat_topic()
        .post_chat_topic_entity(ChatTopicEntity::default())
        .await
        .expect("the resent call is accepted");
    assert_eq!(topic.chat_topic_id, Some(7));
    assert_eq!(calls.lock().unwrap().len(), 2);
    let bearer = |generation: usize| format!("Bearer {}", Counting::token(generation));
    assert_eq!(seen(0), ("POST".into(), bearer(0), APP_TOKEN.into()));
    assert_eq!(seen(1), ("POST".into(), bearer(1), APP_TOKEN.into()));
    assert_eq!(provider.asked.load(Ordering::SeqCst), 2);
    assert_eq!(provider.refreshed.load(Ordering::SeqCst), 1);
    assert_eq!(*provider.rejected.lock().unwrap(), [bearer(0)]);

    // The refreshed credentials are used from then on, with no refresh.
    client.chat_topic().get_chat_topic_entity(7).await.unwrap();
    assert_eq!(seen(2), ("GET".into(), bearer(1), APP_TOKEN.into()));
    assert_eq!(provider.refreshed.load(Ordering::SeqCst), 1);

    // A second 401 is the call's error: one refresh, one resend, no loop.
    *accepted.lock().unwrap() = None;
    let error = client
        .chat_topic()
        .get_chat_topic_entity(7)
        .await
        .expect_err("refused twice");
    assert_eq!(error.status(), Some(401));
    assert_eq!(calls.lock().unwrap().len(), 5);
    assert_eq!(provider.refreshed.load(Ordering::SeqCst), 2);
    assert_eq!(provider.asked.load(Ordering::SeqCst), 5);

    // No secret prints: not the tokens, the app token or the static password.
    let printed = format!("{client:?} {error} {error:?}");
    for secret in ["secret-token", APP_TOKEN, "static-password"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains("credential_provider: true"), "{printed}");
}

#[tokio::test]
async fn without_a_provider_a_401_is_not_resent() {
    let (base, calls) = mock(Arc::new(Mutex::new(None))).await;
    let client = Client::new(&base).unwrap().with_bearer("static-token");
    let error = client
        .chat_topic()
        .get_chat_topic_entity(7)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].1, "Bearer static-token");
}

#[tokio::test]
async fn a_failing_provider_is_a_typed_error() {
    let (base, calls) = mock(Arc::new(Mutex::new(Some(Counting::token(1))))).await;

    // No headers: nothing is sent.
    let provider = Arc::new(Counting {
        fail_headers: true,
        ..Counting::default()
    });
    let client = Client::new(&base)
        .unwrap()
        .with_credential_provider(provider.clone());
    let error = client
        .chat_topic()
        .get_chat_topic_entity(7)
        .await
        .unwrap_err();
    let Error::Credentials(cause) = &error else {
        panic!("expected a credential error, got {error:?}");
    };
    assert_eq!(cause.downcast_ref::<LoginDown>(), Some(&LoginDown));
    assert_eq!(error.to_string(), "no credentials: the login host is down");
    assert_eq!(error.status(), None);
    assert!(calls.lock().unwrap().is_empty());

    // A refresh that fails ends the call after the 401, with the provider's error.
    let provider = Arc::new(Counting {
        fail_refresh: true,
        ..Counting::default()
    });
    let client = Client::new(&base)
        .unwrap()
        .with_credential_provider(provider.clone());
    let error = client
        .chat_topic()
        .get_chat_topic_entity(7)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Credentials(cause) if cause.message() == "the refresh token was revoked"),
        "{error:?}"
    );
    assert_eq!(calls.lock().unwrap().len(), 1);
    let printed = format!("{error} {error:?}");
    assert!(!printed.contains("secret-token") && !printed.contains(APP_TOKEN));
}
