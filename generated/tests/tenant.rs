//! Tenant discovery end to end against a local mock of SuperOffice's environment host: the
//! state endpoint names the tenant's host, the client sends there; a tenant moved mid-run
//! answers 421 on its old host, the client asks the state endpoint again and resends once; a
//! suspended tenant is a typed error naming its state, sent nowhere.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::response::IntoResponse as _;
use superoffice_webapi::client::{BaseUrlProvider, Client, Error};
use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::tenant::{Tenant, TenantError, TenantState};
use support::serve;

const CONTEXT: &str = "Cust12345";

/// The environment: where the tenant is, what the state endpoint says.
struct Environment {
    /// The host (a path prefix here) the tenant answers on.
    serving: Mutex<&'static str>,
    /// The host the state endpoint names.
    named: Mutex<&'static str>,
    /// The state endpoint's `State` and `IsRunning`.
    state: Mutex<(serde_json::Value, bool)>,
    state_fetches: AtomicUsize,
    /// Each API call: the host it went to and the status it got.
    calls: Mutex<Vec<(String, u16)>>,
}

async fn environment() -> (String, Arc<Environment>) {
    let environment = Arc::new(Environment {
        serving: Mutex::new("online2"),
        named: Mutex::new("online2"),
        state: Mutex::new((serde_json::json!(2), true)),
        state_fetches: AtomicUsize::new(0),
        calls: Mutex::new(Vec::new()),
    });
    let base = Arc::new(Mutex::new(String::new()));
    let state = {
        let (environment, base) = (environment.clone(), base.clone());
        move |axum::extract::Path(context): axum::extract::Path<String>| {
            let (environment, base) = (environment.clone(), base.clone());
            async move {
                environment.state_fetches.fetch_add(1, Ordering::SeqCst);
                let named = *environment.named.lock().unwrap();
                let (state, running) = environment.state.lock().unwrap().clone();
                let endpoint = format!("{}/{named}/{context}", base.lock().unwrap());
                let body = serde_json::json!({
                    "ContextIdentifier": context, "Endpoint": endpoint,
                    "State": state, "IsRunning": running,
                    // Far ahead: only a 421 makes the client ask again.
                    "ValidUntil": "2099-01-01T00:00:00Z",
                    "Api": format!("{endpoint}/api"), "Version": "10.3.4",
                });
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    body.to_string(),
                )
            }
        }
    };
    let api = {
        let environment = environment.clone();
        move |axum::extract::Path((host, id)): axum::extract::Path<(String, i32)>| {
            let environment = environment.clone();
            async move {
                let serving = *environment.serving.lock().unwrap();
                let status = if host == serving { 200 } else { 421 };
                environment.calls.lock().unwrap().push((host, status));
                if status == 421 {
                    let body = "Wrong subdomain used to access tenant";
                    return (axum::http::StatusCode::MISDIRECTED_REQUEST, body).into_response();
                }
                let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
                (json, format!(r#"{{"ChatTopicId": {id}}}"#)).into_response()
            }
        }
    };
    let router = axum::Router::new()
        .route("/api/state/{context}", axum::routing::get(state))
        .route(
            "/{host}/Cust12345/api/v1/ChatTopic/{id}",
            axum::routing::get(api),
        );
    let address = serve(router).await;
    let url = format!("http://{address}");
    *base.lock().unwrap() = url.clone();
    (url, environment)
}

fn calls(environment: &Environment) -> Vec<(String, u16)> {
    environment.calls.lock().unwrap().clone()
}

fn call(host: &str, status: u16) -> (String, u16) {
    (host.to_owned(), status)
}

#[tokio::test]
async fn a_moved_tenant_is_found_again_after_a_421() {
    let (base, environment) = environment().await;
    let tenant = Tenant::new(&base, CONTEXT).expect("a tenant");
    let provider: Arc<dyn BaseUrlProvider> = Arc::new(tenant.clone());
    // The base URL given to `new` is not used: the tenant's endpoint is.
    let client = Client::new("http://127.0.0.1:9/unused")
        .unwrap()
        .with_base_url_provider(provider);
    let fetches = || environment.state_fetches.load(Ordering::SeqCst);

    // Asked once, then cached until ValidUntil.
    for id in 1..=3 {
        let topic = client.chat_topic().get_chat_topic_entity(id).await.unwrap();
        assert_eq!(topic.chat_topic_id, Some(id));
    }
    assert_eq!(fetches(), 1);
    assert_eq!(calls(&environment), vec![call("online2", 200); 3]);
    let status = tenant.status().await.unwrap();
    assert_eq!(status.state, TenantState::Running);
    assert_eq!(status.version.as_deref(), Some("10.3.4"));
    assert_eq!(status.endpoint, format!("{base}/online2/{CONTEXT}"));

    // Moved to online3: 421 on the old host, the state endpoint asked again, resent once.
    *environment.serving.lock().unwrap() = "online3";
    *environment.named.lock().unwrap() = "online3";
    let topic = client.chat_topic().get_chat_topic_entity(4).await.unwrap();
    assert_eq!(topic.chat_topic_id, Some(4));
    assert_eq!(fetches(), 2);
    assert_eq!(
        calls(&environment)[3..],
        [call("online2", 421), call("online3", 200)]
    );
    client.chat_topic().get_chat_topic_entity(5).await.unwrap();
    assert_eq!(fetches(), 2);
    assert_eq!(calls(&environment)[5], call("online3", 200));

    // The state endpoint lags behind (still names online3, the tenant is on online4): the
    // second 421 is the call's error, no loop.
    *environment.serving.lock().unwrap() = "online4";
    let error = client
        .chat_topic()
        .get_chat_topic_entity(6)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(421));
    assert_eq!(fetches(), 3);
    assert_eq!(
        calls(&environment)[6..],
        [call("online3", 421), call("online3", 421)]
    );

    // Without a base-URL provider a 421 is simply the answer.
    let fixed = Client::new(&format!("{base}/online3/{CONTEXT}")).unwrap();
    let error = fixed
        .chat_topic()
        .get_chat_topic_entity(7)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(421));
    assert_eq!(calls(&environment).len(), 9);
}

#[tokio::test]
async fn a_suspended_tenant_is_a_typed_error_sent_nowhere() {
    let (base, environment) = environment().await;
    *environment.state.lock().unwrap() = (serde_json::json!(4), false);
    let tenant = Tenant::new(&base, CONTEXT).expect("a tenant");
    let client = Client::new(&base)
        .unwrap()
        .with_base_url_provider(Arc::new(tenant.clone()));
    let started = std::time::Instant::now();
    let error = client
        .chat_topic()
        .get_chat_topic_entity(1)
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "no wait"
    );
    let Error::BaseUrl(cause) = &error else {
        panic!("expected a base-URL error, got {error:?}");
    };
    let expected = TenantError::NotRunning {
        context_identifier: CONTEXT.to_owned(),
        state: TenantState::Suspended,
    };
    assert_eq!(cause.downcast_ref::<TenantError>(), Some(&expected));
    assert_eq!(
        error.to_string(),
        "no base URL: tenant Cust12345 is not running: it is Suspended"
    );
    assert_eq!(tenant.endpoint().await.unwrap_err(), expected);
    assert!(calls(&environment).is_empty());
    assert_eq!(
        environment.state_fetches.load(Ordering::SeqCst),
        1,
        "cached"
    );

    // Back running (after ValidUntil, or when invalidated): the calls go through.
    *environment.state.lock().unwrap() = (serde_json::json!("Running"), true);
    tenant.invalidate();
    client.chat_topic().get_chat_topic_entity(2).await.unwrap();
    assert_eq!(calls(&environment), [call("online2", 200)]);

    // A state endpoint that fails is a typed error too.
    let missing = Tenant::new(format!("{base}/elsewhere"), CONTEXT).expect("a tenant");
    let error = Client::new(&base)
        .unwrap()
        .with_base_url_provider(Arc::new(missing))
        .chat_topic()
        .get_chat_topic_entity(3)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::BaseUrl(cause)
            if cause.downcast_ref::<TenantError>() == Some(&TenantError::Status(404))),
        "{error:?}"
    );
}
