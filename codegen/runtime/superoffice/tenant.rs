//! SuperOffice Online tenant discovery: where a tenant's WebAPI is now, and whether it runs.
//!
//! A tenant's API lives on a numbered host (`https://online2.superoffice.com/Cust12345`) that
//! SuperOffice changes routinely to balance the load, so it is never stored: the environment's
//! root host answers `GET {environment}/api/state/{ContextIdentifier}` with the tenant's
//! `Endpoint`, its `State`, `IsRunning` and `ValidUntil` (when to ask again). A call to a host
//! the tenant has left is answered `421 Misdirected Request`.
//!
//! [`Tenant`] asks once and caches the answer until its `ValidUntil`; as a
//! [`BaseUrlProvider`] it gives a client the tenant's endpoint per call, and after a 421 asks
//! again, so the client resends the call to the new host
//! (`Client::with_base_url_provider(Arc::new(tenant))`). A tenant that is not running
//! (suspended, in offline maintenance, deleted, …) is a typed error naming its state,
//! returned at once, never a wait.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use superoffice_webapi::tenant::Tenant;
//!
//! let tenant = Tenant::new("https://online.superoffice.com", "Cust12345")?;
//! let endpoint = tenant.endpoint().await?; // e.g. https://online2.superoffice.com/Cust12345
//! # let _ = endpoint;
//! # Ok(())
//! # }
//! ```

use ::std::sync::{Arc, Mutex, MutexGuard};
use ::std::time::{Duration, SystemTime};

use crate::runtime::client::{reqwest, BaseUrlProvider, BoxFuture, ProviderError};

/// The state endpoint's path under the environment's root host; the context identifier follows.
pub const STATE_PATH: &str = "/api/state/";
/// How long an answer is kept when its `ValidUntil` is missing or cannot be read.
pub const DEFAULT_VALIDITY: Duration = Duration::from_secs(5 * 60);
/// The shortest time an answer is kept, even when its `ValidUntil` is already past (a clock
/// apart from the server's must not make every call ask again).
pub const MIN_VALIDITY: Duration = Duration::from_secs(30);

/// A tenant's state (SuperOffice's `TenantState`; the wire has the number or the name).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TenantState {
    /// 0.
    Unknown,
    /// 1.
    Provisioning,
    /// 2: the API answers.
    Running,
    /// 3.
    Deleted,
    /// 4.
    Suspended,
    /// 5: the API answers.
    OnlineMaintenance,
    /// 6.
    OfflineMaintenance,
    /// 8.
    ProvisioningFailed,
    /// 10.
    Deleting,
    /// 11.
    DeleteFailed,
    /// 12.
    MigrationPending,
    /// A state this crate does not know, as sent.
    Other(String),
}

const STATES: &[(TenantState, i64, &str)] = &[
    (TenantState::Unknown, 0, "Unknown"),
    (TenantState::Provisioning, 1, "Provisioning"),
    (TenantState::Running, 2, "Running"),
    (TenantState::Deleted, 3, "Deleted"),
    (TenantState::Suspended, 4, "Suspended"),
    (TenantState::OnlineMaintenance, 5, "OnlineMaintenance"),
    (TenantState::OfflineMaintenance, 6, "OfflineMaintenance"),
    (TenantState::ProvisioningFailed, 8, "ProvisioningFailed"),
    (TenantState::Deleting, 10, "Deleting"),
    (TenantState::DeleteFailed, 11, "DeleteFailed"),
    (TenantState::MigrationPending, 12, "MigrationPending"),
];

impl TenantState {
    /// The state of a wire value: a number, a name (any case) or a number as text.
    pub fn from_wire(value: &::serde_json::Value) -> Self {
        let known = match value {
            ::serde_json::Value::Number(number) => number
                .as_i64()
                .and_then(|number| STATES.iter().find(|(_, n, _)| *n == number)),
            ::serde_json::Value::String(text) => STATES.iter().find(|(_, n, name)| {
                name.eq_ignore_ascii_case(text.trim()) || text.trim() == n.to_string()
            }),
            _ => None,
        };
        match (known, value) {
            (Some((state, _, _)), _) => state.clone(),
            (None, ::serde_json::Value::String(text)) => Self::Other(text.clone()),
            (None, other) => Self::Other(other.to_string()),
        }
    }

    /// Whether the API answers in this state (Running, OnlineMaintenance).
    pub fn is_running(&self) -> bool {
        matches!(self, Self::Running | Self::OnlineMaintenance)
    }
}

impl ::std::fmt::Display for TenantState {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match STATES.iter().find(|(state, _, _)| state == self) {
            Some((_, _, name)) => f.write_str(name),
            None => match self {
                Self::Other(text) => write!(f, "{text} (unknown)"),
                _ => f.write_str("?"),
            },
        }
    }
}

/// The state endpoint's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantStatus {
    /// The tenant (`Cust12345`).
    pub context_identifier: String,
    /// The root of the tenant's API now (`https://online2.superoffice.com/Cust12345`), without
    /// a trailing `/`; empty when the answer has none.
    pub endpoint: String,
    /// The state.
    pub state: TenantState,
    /// Whether the API answers (`IsRunning`; from the state when the answer lacks it).
    pub is_running: bool,
    /// When to ask again (`ValidUntil`), when given and readable.
    pub valid_until: Option<SystemTime>,
    /// `Api`, as sent (a string, or other JSON as text).
    pub api: Option<String>,
    /// `Version`, as sent (a string, or other JSON as text).
    pub version: Option<String>,
}

/// The answer as sent.
#[derive(::serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatusReply {
    context_identifier: Option<String>,
    endpoint: Option<String>,
    #[serde(default)]
    state: ::serde_json::Value,
    is_running: Option<bool>,
    valid_until: Option<String>,
    #[serde(default)]
    api: ::serde_json::Value,
    #[serde(default)]
    version: ::serde_json::Value,
}

fn text(value: ::serde_json::Value) -> Option<String> {
    match value {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

impl TenantStatus {
    /// Reads the state endpoint's JSON; `ValidUntil` without an offset is UTC.
    pub fn parse(json: &[u8]) -> Result<Self, TenantError> {
        let reply: StatusReply = ::serde_json::from_slice(json).map_err(|error| {
            TenantError::Reply(format!(
                "not the tenant status JSON at line {} column {}",
                error.line(),
                error.column()
            ))
        })?;
        let state = TenantState::from_wire(&reply.state);
        let valid_until = reply
            .valid_until
            .as_deref()
            .and_then(|text| crate::runtime::DateTime::parse(text).ok())
            .and_then(|time| {
                let utc = ::chrono::FixedOffset::east_opt(0)?;
                Some(SystemTime::from(time.to_utc_assuming(utc)))
            });
        Ok(Self {
            context_identifier: reply.context_identifier.unwrap_or_default(),
            endpoint: reply
                .endpoint
                .unwrap_or_default()
                .trim()
                .trim_end_matches('/')
                .to_owned(),
            is_running: reply.is_running.unwrap_or_else(|| state.is_running()),
            state,
            valid_until,
            api: text(reply.api),
            version: text(reply.version),
        })
    }
}

/// Why the tenant's endpoint could not be had.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TenantError {
    /// The environment base or the context identifier is not usable.
    Settings(String),
    /// The HTTP client could not be started.
    HttpClient(String),
    /// The state endpoint did not answer (connection, TLS, timeout).
    Transport(String),
    /// The state endpoint answered this non-2xx status.
    Status(u16),
    /// The answer is not a usable tenant status.
    Reply(String),
    /// The tenant is not running: its API does not answer in this state.
    NotRunning {
        /// The tenant.
        context_identifier: String,
        /// Its state.
        state: TenantState,
    },
}

impl ::std::fmt::Display for TenantError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Settings(message) | Self::HttpClient(message) => f.write_str(message),
            Self::Transport(message) => {
                write!(f, "the tenant status could not be had: {message}")
            }
            Self::Status(status) => write!(f, "the tenant status endpoint answered HTTP {status}"),
            Self::Reply(message) => write!(f, "the tenant status is unusable: {message}"),
            Self::NotRunning {
                context_identifier,
                state,
            } => write!(
                f,
                "tenant {context_identifier} is not running: it is {state}"
            ),
        }
    }
}

impl ::std::error::Error for TenantError {}

/// One tenant's whereabouts, cached until the answer's `ValidUntil`. Cheap to clone (one
/// `Arc`); clones share the cache, and concurrent callers share one request.
#[derive(Clone)]
pub struct Tenant {
    shared: Arc<Shared>,
}

struct Shared {
    environment: String,
    context_identifier: String,
    http: reqwest::Client,
    cached: Mutex<Option<(TenantStatus, SystemTime)>>,
    /// Held while asking, so concurrent callers wait for one answer.
    asking: ::tokio::sync::Mutex<()>,
}

impl ::std::fmt::Debug for Tenant {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Tenant")
            .field("environment", &self.shared.environment)
            .field("context_identifier", &self.shared.context_identifier)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing holding the lock can panic half-way; a poisoned one is still consistent.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether `url` is an absolute http(s) URL without query, fragment or user info.
fn is_base_url(url: &str) -> bool {
    reqwest::Url::parse(url).is_ok_and(|parsed| {
        matches!(parsed.scheme(), "http" | "https")
            && parsed.has_host()
            && parsed.query().is_none()
            && parsed.fragment().is_none()
            && parsed.username().is_empty()
            && parsed.password().is_none()
    })
}

impl Tenant {
    /// Tenant `context_identifier` (`Cust12345`) of the environment whose root host is
    /// `environment` (`https://online.superoffice.com`, `https://sod.superoffice.com`; never
    /// a numbered host), asked with the crate's default HTTP client.
    pub fn new(
        environment: impl Into<String>,
        context_identifier: impl Into<String>,
    ) -> Result<Self, TenantError> {
        let http = crate::runtime::client::default_http_client()
            .map_err(|error| TenantError::HttpClient(error.to_string()))?;
        Self::with_http_client(environment, context_identifier, http)
    }

    /// [`Tenant::new`], asking with `http`.
    pub fn with_http_client(
        environment: impl Into<String>,
        context_identifier: impl Into<String>,
        http: reqwest::Client,
    ) -> Result<Self, TenantError> {
        let environment = environment.into().trim().trim_end_matches('/').to_owned();
        if !is_base_url(&environment) {
            return Err(TenantError::Settings(
                "the environment must be an absolute http(s) URL like `https://online.superoffice.com`, without query, fragment or user info".to_owned(),
            ));
        }
        let context_identifier = context_identifier.into();
        let valid = !context_identifier.is_empty()
            && context_identifier
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
        if !valid {
            return Err(TenantError::Settings(format!(
                "the context identifier `{context_identifier}` is not like `Cust12345`"
            )));
        }
        Ok(Self {
            shared: Arc::new(Shared {
                environment,
                context_identifier,
                http,
                cached: Mutex::new(None),
                asking: ::tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The environment's root host (without a trailing `/`).
    pub fn environment(&self) -> &str {
        &self.shared.environment
    }

    /// The tenant's context identifier.
    pub fn context_identifier(&self) -> &str {
        &self.shared.context_identifier
    }

    /// The tenant's status: the cached one until its `ValidUntil` (at least [`MIN_VALIDITY`],
    /// [`DEFAULT_VALIDITY`] when it has none), else a new answer of the state endpoint.
    pub async fn status(&self) -> Result<TenantStatus, TenantError> {
        if let Some(status) = self.cached() {
            return Ok(status);
        }
        let _asking = self.shared.asking.lock().await;
        // Another caller may have asked while this one waited.
        if let Some(status) = self.cached() {
            return Ok(status);
        }
        let status = self.ask().await?;
        let now = SystemTime::now();
        let until = status
            .valid_until
            .unwrap_or(now + DEFAULT_VALIDITY)
            .max(now + MIN_VALIDITY);
        *lock(&self.shared.cached) = Some((status.clone(), until));
        Ok(status)
    }

    /// The root of the tenant's API now (`https://online2.superoffice.com/Cust12345`; operation
    /// paths are appended to it). A tenant that is not running is
    /// [`TenantError::NotRunning`].
    pub async fn endpoint(&self) -> Result<String, TenantError> {
        let status = self.status().await?;
        if !status.is_running {
            return Err(TenantError::NotRunning {
                context_identifier: self.shared.context_identifier.clone(),
                state: status.state,
            });
        }
        Ok(status.endpoint)
    }

    /// Forgets the cached status, so the next call asks again (as a 421 answer does).
    pub fn invalidate(&self) {
        *lock(&self.shared.cached) = None;
    }

    fn cached(&self) -> Option<TenantStatus> {
        let cached = lock(&self.shared.cached);
        let (status, until) = cached.as_ref()?;
        (SystemTime::now() < *until).then(|| status.clone())
    }

    /// One question to the state endpoint, its answer checked.
    async fn ask(&self) -> Result<TenantStatus, TenantError> {
        let shared = &self.shared;
        let url = format!(
            "{}{STATE_PATH}{}",
            shared.environment, shared.context_identifier
        );
        let transport =
            |error: reqwest::Error| TenantError::Transport(error.without_url().to_string());
        let response = shared
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(TenantError::Status(response.status().as_u16()));
        }
        let body = response.bytes().await.map_err(transport)?;
        let status = TenantStatus::parse(&body)?;
        if !status.context_identifier.is_empty()
            && !status
                .context_identifier
                .eq_ignore_ascii_case(&shared.context_identifier)
        {
            return Err(TenantError::Reply(format!(
                "it is the status of tenant `{}`",
                status.context_identifier
            )));
        }
        if status.is_running && !is_base_url(&status.endpoint) {
            return Err(TenantError::Reply(
                "its Endpoint is not an absolute http(s) URL".to_owned(),
            ));
        }
        Ok(status)
    }
}

/// A tenant gives a client its base URL: the tenant's endpoint, cached until `ValidUntil`; a
/// 421 answer makes it ask again. A tenant that is not running, or a failed question, is the
/// call's `Error::BaseUrl`, whose `downcast_ref::<TenantError>()` gives it back.
impl BaseUrlProvider for Tenant {
    fn base_url(&self) -> BoxFuture<'_, Result<String, ProviderError>> {
        Box::pin(async move { self.endpoint().await.map_err(ProviderError::from_error) })
    }

    fn refresh<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<(), ProviderError>> {
        // Only the refused endpoint is forgotten: a concurrent call may have found the new one.
        let mut cached = lock(&self.shared.cached);
        let moved = matches!(cached.as_ref(), Some((status, _)) if status.endpoint != rejected);
        if !moved {
            *cached = None;
        }
        drop(cached);
        Box::pin(::std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_with_numbers_or_names() {
        let status = TenantStatus::parse(
            br#"{"ContextIdentifier": "Cust12345", "Endpoint": "https://online2.superoffice.com/Cust12345/",
                 "State": 2, "IsRunning": true, "ValidUntil": "2026-01-02T03:04:05",
                 "Api": "https://online2.superoffice.com/Cust12345/api", "Version": "10.3"}"#,
        )
        .expect("a status");
        assert_eq!(status.endpoint, "https://online2.superoffice.com/Cust12345");
        assert_eq!(status.state, TenantState::Running);
        assert!(status.is_running);
        assert_eq!(
            status.valid_until,
            Some(::std::time::UNIX_EPOCH + Duration::from_secs(1_767_323_045))
        );
        assert_eq!(status.version.as_deref(), Some("10.3"));
        let suspended =
            TenantStatus::parse(br#"{"ContextIdentifier": "Cust1", "State": "Suspended"}"#)
                .expect("a status");
        assert_eq!(suspended.state, TenantState::Suspended);
        assert!(!suspended.is_running, "derived from the state");
        assert_eq!(suspended.valid_until, None);
        for (wire, state) in [
            (::serde_json::json!(5), TenantState::OnlineMaintenance),
            (::serde_json::json!("12"), TenantState::MigrationPending),
            (
                ::serde_json::json!("offlinemaintenance"),
                TenantState::OfflineMaintenance,
            ),
            (::serde_json::json!(7), TenantState::Other("7".to_owned())),
        ] {
            assert_eq!(TenantState::from_wire(&wire), state, "{wire}");
        }
        assert!(TenantState::OnlineMaintenance.is_running());
        assert_eq!(TenantState::Suspended.to_string(), "Suspended");
        assert!(TenantStatus::parse(b"<html>").is_err());
    }

    #[test]
    fn settings_are_checked() {
        let http = crate::runtime::client::default_http_client().expect("a client");
        assert!(
            Tenant::with_http_client("https://sod.superoffice.com/", "Cust1", http.clone()).is_ok()
        );
        for (environment, context) in [
            ("sod.superoffice.com", "Cust1"),
            ("https://user:pw@sod.superoffice.com", "Cust1"),
            ("https://sod.superoffice.com", "Cust1/../x"),
            ("https://sod.superoffice.com", ""),
        ] {
            let error =
                Tenant::with_http_client(environment, context, http.clone()).expect_err("refused");
            assert!(!error.to_string().contains("pw"), "{error}");
        }
    }
}
