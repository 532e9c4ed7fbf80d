//! What the generated client methods share: building a request from typed parts, sending it,
//! and sorting the answer into a value or an [`Error`] (reqwest, rustls and percent-encoding
//! live here).
//!
//! Generated code fills an [`Outgoing`] request (path, query, headers, body) and hands it to
//! [`Core::execute`]; a 2xx answer comes back as an [`Answer`] to decode, anything else as an
//! [`Error`] that keeps the status, the decoded error body when it decodes, and the raw text.
//!
//! Every call also goes through what makes a client a good citizen of a shared service, each
//! set per client: a request timeout (overridable per call) and a connect timeout, opt-in
//! retries of idempotent calls answered 429 or 503 ([`RetryPolicy`], honouring `Retry-After`),
//! a rate limit shared by the client's clones, and one `tracing` span per call (named
//! `http_request`, with the operation, method, path template, status, duration and retries,
//! never a header, a parameter value or a body).
//!
//! Credentials that change (a ticket that expires, a token to refresh) come from a
//! [`CredentialProvider`], asked before each call; after a `401 Unauthorized` answer the call
//! refreshes it once and is sent once more. A base URL that moves (a tenant rebalanced to
//! another host) comes from a [`BaseUrlProvider`], asked before each call and told to look
//! again after a `421 Misdirected Request` answer, after which the call is sent once more.

use ::std::future::Future;
use ::std::pin::Pin;
use ::std::sync::{Arc, Mutex, PoisonError};
use ::std::time::{Duration, SystemTime};

use ::percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use ::tracing::Instrument;

pub use ::reqwest;

use crate::runtime::answer::transport;
pub use crate::runtime::answer::{
    Answer, Answered, ByteStream, DecodeError, Error, ErrorResponse, ProviderError,
};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded in
/// path segments and query values, so a value can never add a segment or a parameter.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameter names keep `$` (as in OData's `$top`), which is safe in a query.
const QUERY_NAME: &AsciiSet = &COMPONENT.remove(b'$');

/// How a list parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListStyle {
    /// One value, items joined by `,` (`simple`, and `form` without explode).
    Comma,
    /// The parameter repeated once per item (`form` with explode).
    Repeated,
    /// Items joined by a space (`spaceDelimited`).
    Space,
    /// Items joined by `|` (`pipeDelimited`).
    Pipe,
}

impl ListStyle {
    fn separator(self) -> &'static str {
        match self {
            ListStyle::Comma | ListStyle::Repeated => ",",
            ListStyle::Space => " ",
            ListStyle::Pipe => "|",
        }
    }
}

/// Creating a client failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The base URL is not an absolute http(s) URL without query, fragment or user info.
    InvalidBaseUrl(String),
    /// The HTTP client (TLS included) could not be started.
    HttpClient(String),
}

impl ::std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            BuildError::InvalidBaseUrl(message) | BuildError::HttpClient(message) => {
                f.write_str(message)
            }
        }
    }
}

impl ::std::error::Error for BuildError {}

/// Makes ring the process's rustls crypto provider, unless one is installed already.
///
/// reqwest is built without a provider of its own (ring compiles faster and needs less of
/// the build machine than aws-lc); [`default_http_client`] calls this. Call it before building
/// a `reqwest::Client` yourself, unless your program installs or enables another provider.
/// ring offers no post-quantum key exchange: a program that wants it installs rustls's
/// aws-lc-rs provider first, and this then changes nothing.
pub fn install_crypto_provider() {
    // Deprecated in rustls 0.23.48 (no post-quantum); kept: aws-lc doubles the dependency build.
    #[allow(deprecated)]
    let provider = ::rustls::crypto::ring::default_provider();
    // An error only means a provider is installed already, which is what we want.
    let _ = provider.install_default();
}

/// A reqwest client with rustls (ring) and the crate's user agent.
pub fn default_http_client() -> Result<reqwest::Client, BuildError> {
    build_http_client(None)
}

/// [`default_http_client`], with a connect timeout when there is one.
fn build_http_client(connect_timeout: Option<Duration>) -> Result<reqwest::Client, BuildError> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder().user_agent(concat!(
        env!("CARGO_PKG_NAME"),
        "/",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    builder
        .build()
        .map_err(|error| BuildError::HttpClient(format!("cannot start the HTTP client: {error}")))
}

/// How a client retries calls the server answered `429 Too Many Requests` or `503 Service
/// Unavailable` (opt-in: a client retries nothing unless given a policy).
///
/// Only idempotent calls are retried (GET, HEAD, OPTIONS, PUT, DELETE), never POST or PATCH.
/// Before retry `n` (1, 2, …) the client waits what the answer's `Retry-After` header asks
/// (delta-seconds or an HTTP date), else `base_delay × 2^(n-1)`; either at most `max_delay`.
/// The last answer is returned as the call's result (an [`Error::Status`] when it still fails).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a call is sent at most, the first time included (1 retries nothing).
    pub max_attempts: u32,
    /// The wait before the first retry when the answer says nothing; doubled for each further
    /// retry.
    pub base_delay: Duration,
    /// The longest wait before a retry, `Retry-After` included.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 500 ms then 1 s apart (or what `Retry-After` asks), at most 30 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy of `max_attempts` sends in all, waiting `base_delay` doubled per retry, at most
    /// `max_delay`.
    pub fn new(max_attempts: u32, base_delay: Duration, max_delay: Duration) -> Self {
        Self {
            max_attempts,
            base_delay,
            max_delay,
        }
    }

    /// The wait before retry `retry` (1 for the first) when the answer has no `Retry-After`:
    /// `base_delay × 2^(retry-1)`, at most `max_delay`.
    pub fn backoff(&self, retry: u32) -> Duration {
        2u32.checked_pow(retry.saturating_sub(1))
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }

    /// The wait before retry `retry`: `retry_after` (the answer's `Retry-After`, read by
    /// [`parse_retry_after`]) when there is one, else [`backoff`](Self::backoff); at most
    /// `max_delay`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        retry_after
            .unwrap_or_else(|| self.backoff(retry))
            .min(self.max_delay)
    }
}

/// How long a `Retry-After` header value asks to wait, `now` being the time of the answer:
/// delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`; a date already past
/// is no wait). `None` when the value is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // More seconds than a u64 holds is "a very long time", capped by the policy.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = ::httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Whether a call of `method` may be sent again without changing its effect.
fn is_idempotent(method: &reqwest::Method) -> bool {
    [
        reqwest::Method::GET,
        reqwest::Method::HEAD,
        reqwest::Method::OPTIONS,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ]
    .contains(method)
}

/// A boxed `Send` future borrowing for `'a`: what [`CredentialProvider`]'s methods return, so
/// that the trait is dyn-compatible (write a method's body as `Box::pin(async move { … })`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The secret headers a [`CredentialProvider`] gives for one call (`Authorization`, and any
/// other such as `SO-AppToken`). Each is sent marked sensitive and replaces a header of the same
/// name the call would otherwise send; `Debug` shows the names only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CredentialHeaders {
    headers: Vec<(String, crate::runtime::Secret)>,
}

impl CredentialHeaders {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name: value`, replacing an earlier header of that name (compared
    /// case-insensitively).
    pub fn with(
        mut self,
        name: impl Into<String>,
        value: impl Into<crate::runtime::Secret>,
    ) -> Self {
        let name = name.into();
        self.headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Adds `Authorization: {scheme} {credentials}` (`SOTicket`, `Bearer`).
    pub fn with_authorization(self, scheme: &str, credentials: &crate::runtime::Secret) -> Self {
        let value = format!("{scheme} {}", credentials.expose());
        self.with("Authorization", value)
    }

    /// The value of header `name` (compared case-insensitively), when there is one.
    pub fn get(&self, name: &str) -> Option<&crate::runtime::Secret> {
        self.headers
            .iter()
            .find(|(existing, _)| existing.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// The headers, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &crate::runtime::Secret)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }
}

/// Credentials that change while a client lives: asked for the headers of every call (each
/// attempt of a retried call anew), and told to refresh after a `401 Unauthorized` answer.
///
/// The client asks [`headers`](Self::headers) before each attempt; when the answer is 401 it
/// calls [`refresh`](Self::refresh) with the headers that were refused, once per call, sends
/// the call once more with fresh [`headers`](Self::headers), and returns what that attempt
/// gets (a second 401 is the call's error). Implementations cache: `headers` is called for
/// every call, from every clone of the client at once. The methods return a [`BoxFuture`] so
/// that the trait is dyn-compatible: `Box::pin(async move { … })`.
pub trait CredentialProvider: Send + Sync {
    /// The secret headers to send with one call.
    fn headers(&self) -> BoxFuture<'_, Result<CredentialHeaders, ProviderError>>;

    /// The server refused `rejected` with 401: make the next [`headers`](Self::headers) give
    /// fresh credentials (forget a cached ticket, refresh a token). Concurrent calls may report
    /// the same refused headers; a provider that has replaced them already need do nothing.
    fn refresh<'a>(
        &'a self,
        rejected: &'a CredentialHeaders,
    ) -> BoxFuture<'a, Result<(), ProviderError>>;
}

/// A base URL that may move while a client lives (a SuperOffice tenant's host, which changes to
/// balance the load): asked before every call (each attempt anew), and told to look again
/// after a `421 Misdirected Request` answer.
///
/// After a 421 the client calls [`refresh`](Self::refresh) with the base URL that was refused,
/// once per call, sends the call once more to the new [`base_url`](Self::base_url), and returns
/// what that attempt gets. Implementations cache: `base_url` is called for every call.
pub trait BaseUrlProvider: Send + Sync {
    /// The base URL of the next call (e.g. `https://online2.superoffice.com/Cust12345`;
    /// operation paths are appended to it): an absolute http(s) URL without query, fragment or
    /// user info.
    fn base_url(&self) -> BoxFuture<'_, Result<String, ProviderError>>;

    /// The server answered 421 at `rejected` (as [`base_url`](Self::base_url) gave it): find
    /// where the API is now.
    fn refresh<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<(), ProviderError>>;
}

/// Spaces the starts of a client's requests (every clone's) so that no more than `per_second`
/// start in any one second: each request takes the next free slot, slots being a little more
/// than `1/per_second` apart (1 % more, so that a millisecond of network jitter does not put
/// one request too many into a server's one-second window).
#[derive(Debug)]
struct RateLimiter {
    per_second: u32,
    interval: Duration,
    next: Mutex<Option<::tokio::time::Instant>>,
}

impl RateLimiter {
    fn new(per_second: u32) -> Self {
        Self {
            per_second,
            interval: Duration::from_nanos(1_010_000_000 / u64::from(per_second.max(1))),
            next: Mutex::new(None),
        }
    }

    /// Waits for this request's slot.
    async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
            let now = ::tokio::time::Instant::now();
            let slot = match *next {
                Some(next) if next > now => next,
                _ => now,
            };
            *next = Some(slot + self.interval);
            slot
        };
        ::tokio::time::sleep_until(slot).await;
    }
}

/// The connection settings every call of a client shares.
#[derive(Clone)]
pub struct Core {
    http: reqwest::Client,
    /// Whether `http` is the crate's own client (which a connect timeout may rebuild), not
    /// the caller's.
    own_http: bool,
    base_url: String,
    default_headers: Vec<(&'static str, String)>,
    timeout: Option<Duration>,
    retries: Option<RetryPolicy>,
    limiter: Option<Arc<RateLimiter>>,
    credentials: Option<Arc<dyn CredentialProvider>>,
    base_urls: Option<Arc<dyn BaseUrlProvider>>,
}

impl ::std::fmt::Debug for Core {
    /// Shows the base URL (without any user info), default header names (not values), the
    /// timeout, retry policy and rate limit.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let headers: Vec<&str> = self.default_headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Core")
            .field("base_url", &self.base_url)
            .field("default_headers", &headers)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field(
                "rate_limit",
                &self.limiter.as_ref().map(|limiter| limiter.per_second),
            )
            .field("credential_provider", &self.credentials.is_some())
            .field("base_url_provider", &self.base_urls.is_some())
            .finish_non_exhaustive()
    }
}

/// A request body: bytes in memory, or made anew for each attempt by a [`BodySource`].
#[derive(Clone)]
enum Body {
    Bytes(Vec<u8>),
    Streamed(Arc<dyn BodySource>),
}

/// A request body too large to hold in memory (a file being uploaded), made anew for each
/// attempt of a call so that a call can be sent again (after a 401, 421, 429 or 503).
pub trait BodySource: Send + Sync {
    /// The body of one attempt, read as it is sent.
    fn body(&self) -> reqwest::Body;
    /// Its length in bytes, sent as `Content-Length`.
    fn length(&self) -> u64;
}

impl Body {
    /// The body of one attempt.
    fn for_attempt(&self) -> reqwest::Body {
        match self {
            Body::Bytes(bytes) => reqwest::Body::from(bytes.clone()),
            Body::Streamed(source) => source.body(),
        }
    }
}

/// A request ready to send (again, when retried).
struct Prepared {
    /// The path and query, appended to the base URL.
    target: String,
    headers: reqwest::header::HeaderMap,
    body: Option<(String, Body)>,
    /// Non-2xx statuses the operation decodes as outcomes (a documented 304).
    outcomes: Vec<u16>,
    /// Whether a 2xx answer's body is left unread, for the caller to stream.
    stream_answer: bool,
}

impl Core {
    /// Settings for `base_url` (e.g. `https://online.superoffice.com/Cust12345`; operation
    /// paths are appended to it) using `http` to send.
    pub fn new(base_url: &str, http: reqwest::Client) -> Result<Self, BuildError> {
        Ok(Self {
            http,
            own_http: false,
            base_url: check_base_url(base_url).map_err(BuildError::InvalidBaseUrl)?,
            default_headers: Vec::new(),
            timeout: None,
            retries: None,
            limiter: None,
            credentials: None,
            base_urls: None,
        })
    }

    /// Settings for `base_url` sending with [`default_http_client`], which
    /// [`set_connect_timeout`](Self::set_connect_timeout) may rebuild.
    pub fn with_default_http_client(base_url: &str) -> Result<Self, BuildError> {
        let mut core = Self::new(base_url, default_http_client()?)?;
        core.own_http = true;
        Ok(core)
    }

    /// Gives up on a call whose answer has not fully arrived `timeout` after it was sent
    /// (each attempt of a retried call anew; a call's own timeout wins). The error is an
    /// [`Error::Transport`] whose [`Error::is_timeout`] is true.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Gives up connecting to the server after `timeout` (an [`Error::Transport`] whose
    /// [`Error::is_timeout`] is true). The crate's own reqwest client is rebuilt with it; a
    /// caller's own client (given to [`Core::new`]) is refused: set
    /// `reqwest::ClientBuilder::connect_timeout` on it instead.
    pub fn set_connect_timeout(&mut self, timeout: Duration) -> Result<(), BuildError> {
        if !self.own_http {
            return Err(BuildError::HttpClient(
                "the client sends with the caller's own reqwest client: set its connect timeout with reqwest::ClientBuilder::connect_timeout".to_owned(),
            ));
        }
        self.http = build_http_client(Some(timeout))?;
        Ok(())
    }

    /// Retries idempotent calls answered 429 or 503 as `policy` says.
    pub fn set_retries(&mut self, policy: RetryPolicy) {
        self.retries = Some(policy);
    }

    /// Starts at most `per_second` requests in any one second, across this value and every
    /// clone made from it afterwards (they share one limiter); 0 turns the limit off. Waiting
    /// needs a tokio runtime with its timer enabled.
    pub fn set_rate_limit(&mut self, per_second: u32) {
        self.limiter = (per_second > 0).then(|| Arc::new(RateLimiter::new(per_second)));
    }

    /// Asks `provider` for the credential headers of every call not marked
    /// [`Outgoing::set_anonymous`]; after a 401 answer, refreshes them once and sends the call
    /// once more (whatever its method: a 401 means the server did nothing).
    pub fn set_credential_provider(&mut self, provider: Arc<dyn CredentialProvider>) {
        self.credentials = Some(provider);
    }

    /// Asks `provider` for the base URL of every call (instead of the one given to
    /// [`Core::new`]); after a 421 answer, has it look again once and sends the call once more.
    pub fn set_base_url_provider(&mut self, provider: Arc<dyn BaseUrlProvider>) {
        self.base_urls = Some(provider);
    }

    /// Whether a [`CredentialProvider`] gives the credentials.
    pub fn has_credential_provider(&self) -> bool {
        self.credentials.is_some()
    }

    /// The base URL given to [`Core::new`], without a trailing `/` (a [`BaseUrlProvider`]'s
    /// is asked per call instead).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying reqwest client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends `name: value` on every call that does not set `name` itself.
    pub fn set_default_header(&mut self, name: &'static str, value: String) {
        self.default_headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        self.default_headers.push((name, value));
    }

    /// Sends `request` (again, as the retry policy says, when the answer is 429 or 503). A
    /// 2xx answer is returned to be decoded; any other answer is an [`Error::Status`] whose
    /// body is decoded as `E` when it can be.
    ///
    /// The call is one `tracing` span, `http_request`, with the fields `operation` (the
    /// operationId), `method`, `template` (the path template, never the filled path or the
    /// query, which may carry data), and, once answered, `status`, `duration_ms`, `retries`
    /// (every resend: after 429 or 503, the one after a 401 with a credential provider and the
    /// one after a 421 with a base-URL provider)
    /// and, for a failure without an answer, `error` (`timeout`, `connect`, `transport`,
    /// `invalid_request`, `credentials` or `base_url`). Headers, credentials and bodies are never recorded.
    pub async fn execute<E: ::serde::de::DeserializeOwned>(
        &self,
        request: Outgoing,
    ) -> Result<Answer, Error<E>> {
        let span = ::tracing::info_span!(
            "http_request",
            operation = request.operation,
            method = %request.method,
            template = %request.template,
            status = ::tracing::field::Empty,
            duration_ms = ::tracing::field::Empty,
            retries = ::tracing::field::Empty,
            error = ::tracing::field::Empty,
        );
        let started = ::std::time::Instant::now();
        let (result, retries) = self.send(request).instrument(span.clone()).await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("duration_ms", duration_ms);
        span.record("retries", retries);
        match &result {
            Ok(answer) => {
                span.record("status", answer.status());
            }
            Err(error) => {
                if let Some(status) = error.status() {
                    span.record("status", status);
                }
                let kind = match error {
                    Error::InvalidRequest(_) => Some("invalid_request"),
                    Error::Credentials(_) => Some("credentials"),
                    Error::BaseUrl(_) => Some("base_url"),
                    Error::Transport(error) if error.is_timeout() => Some("timeout"),
                    Error::Transport(error) if error.is_connect() => Some("connect"),
                    Error::Transport(_) => Some("transport"),
                    Error::Status(_)
                    | Error::PreconditionFailed(_)
                    | Error::Rejected(_)
                    | Error::Decode(_) => None,
                };
                if let Some(kind) = kind {
                    span.record("error", kind);
                }
            }
        }
        result
    }

    /// The URL and headers of `request`, checked once for all its attempts.
    fn prepare<E>(&self, request: Outgoing) -> Result<Prepared, Error<E>> {
        if let Some(problem) = request.problem {
            return Err(Error::InvalidRequest(problem));
        }
        let mut target = request.path;
        if !request.query.is_empty() {
            target.push('?');
            target.push_str(&request.query);
        }
        // Checked here (with the client's base URL) so that a bad path fails before anything.
        request_url::<E>(&self.base_url, &target)?;
        let mut headers = reqwest::header::HeaderMap::new();
        let defaults = self.default_headers.iter().filter(|(name, _)| {
            !request
                .headers
                .iter()
                .any(|header| header.name.eq_ignore_ascii_case(name))
        });
        for (name, value) in defaults {
            insert_header(&mut headers, name, value, false)?;
        }
        for header in &request.headers {
            insert_header(&mut headers, &header.name, &header.value, header.sensitive)?;
        }
        if !request.cookies.is_empty() {
            insert_header(&mut headers, "Cookie", &request.cookies.join("; "), false)?;
        }
        Ok(Prepared {
            target,
            headers,
            body: request.body,
            outcomes: request.outcomes,
            stream_answer: request.stream_answer,
        })
    }

    /// Sends `request`, retrying as the policy says and once after a 401 when a credential
    /// provider gives the credentials; the result and how many resends it took.
    async fn send<E: ::serde::de::DeserializeOwned>(
        &self,
        request: Outgoing,
    ) -> (Result<Answer, Error<E>>, u32) {
        let method = request.method.clone();
        let timeout = request.timeout.or(self.timeout);
        let policy = self.retries.filter(|_| is_idempotent(&method));
        let provider = self.credentials.as_ref().filter(|_| !request.anonymous);
        let base_urls = self.base_urls.as_ref();
        let prepared = match self.prepare(request) {
            Ok(prepared) => prepared,
            Err(error) => return (Err(error), 0),
        };
        // Every resend, and those the retry policy made.
        let mut retries = 0;
        let mut throttled = 0;
        let mut refreshed = false;
        let mut moved = false;
        loop {
            let base = match base_urls {
                Some(base_urls) => match base_urls.base_url().await {
                    Ok(base) => match check_base_url(&base) {
                        Ok(base) => base,
                        Err(message) => {
                            return (Err(Error::BaseUrl(ProviderError::new(message))), retries)
                        }
                    },
                    Err(error) => return (Err(Error::BaseUrl(error)), retries),
                },
                None => self.base_url.clone(),
            };
            let url = match request_url(&base, &prepared.target) {
                Ok(url) => url,
                Err(error) => return (Err(error), retries),
            };
            let mut headers = prepared.headers.clone();
            let credentials = match provider {
                Some(provider) => match provider.headers().await {
                    Ok(credentials) => {
                        if let Err(error) = add_credentials(&mut headers, &credentials) {
                            return (Err(error), retries);
                        }
                        Some(credentials)
                    }
                    Err(error) => return (Err(Error::Credentials(error)), retries),
                },
                None => None,
            };
            if let Some(limiter) = &self.limiter {
                limiter.wait().await;
            }
            let mut builder = self.http.request(method.clone(), url).headers(headers);
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            if let Some((media_type, body)) = &prepared.body {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, media_type.as_str())
                    .body(body.for_attempt());
                if let Body::Streamed(source) = body {
                    builder = builder.header(reqwest::header::CONTENT_LENGTH, source.length());
                }
            }
            let response = match builder.send().await {
                Ok(response) => response,
                Err(error) => return (Err(transport(error)), retries),
            };
            let status = response.status().as_u16();
            if let (401, Some(provider), Some(rejected), false) =
                (status, provider, &credentials, refreshed)
            {
                refreshed = true;
                // The body is not needed; reading it lets the connection be reused.
                let _ = response.bytes().await;
                ::tracing::debug!("refreshing the credentials after a 401 answer");
                if let Err(error) = provider.refresh(rejected).await {
                    return (Err(Error::Credentials(error)), retries);
                }
                retries += 1;
                continue;
            }
            if let (421, Some(base_urls), false) = (status, base_urls, moved) {
                moved = true;
                let _ = response.bytes().await;
                ::tracing::debug!("looking for the base URL again after a 421 answer");
                if let Err(error) = base_urls.refresh(&base).await {
                    return (Err(Error::BaseUrl(error)), retries);
                }
                retries += 1;
                continue;
            }
            if let Some(policy) = policy {
                if (status == 429 || status == 503) && throttled + 1 < policy.max_attempts {
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| parse_retry_after(value, SystemTime::now()));
                    retries += 1;
                    throttled += 1;
                    let delay = policy.delay(throttled, retry_after);
                    // The body is not needed; reading it lets the connection be reused.
                    let _ = response.bytes().await;
                    ::tracing::debug!(
                        status,
                        retry = throttled,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying after a {status} answer"
                    );
                    ::tokio::time::sleep(delay).await;
                    continue;
                }
            }
            return (read_answer(response, &prepared).await, retries);
        }
    }
}

/// The answer: a 2xx [`Answer`] (or one of the operation's other outcome statuses), whose
/// body is read whole unless the call streams it; else an [`Error::Status`] (an
/// [`Error::PreconditionFailed`] for 412).
async fn read_answer<E: ::serde::de::DeserializeOwned>(
    response: reqwest::Response,
    prepared: &Prepared,
) -> Result<Answer, Error<E>> {
    let status = response.status().as_u16();
    let outcome = (200..300).contains(&status) || prepared.outcomes.contains(&status);
    if outcome && prepared.stream_answer {
        return Ok(Answer::unread(response));
    }
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(transport)?;
    let answer = Answer::whole(status, headers, body.to_vec());
    if outcome {
        Ok(answer)
    } else {
        Err(answer.into_error())
    }
}

/// Adds one header, refusing values that cannot be sent (line breaks, non-visible bytes).
fn insert_header<E>(
    headers: &mut reqwest::header::HeaderMap,
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(), Error<E>> {
    let header_name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
    let mut header_value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        // The value itself is not quoted: it may be a credential.
        Error::InvalidRequest(format!(
            "the value of header `{name}` cannot be sent: it contains a line break or another character headers do not allow"
        ))
    })?;
    header_value.set_sensitive(sensitive);
    headers.append(header_name, header_value);
    Ok(())
}

/// `base_url` checked (an absolute http(s) URL without query, fragment or user info; the
/// message never shows user info) and without a trailing `/`.
fn check_base_url(base_url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(base_url)
        .map_err(|error| format!("base URL `{base_url}` is not a valid URL: {error}"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(
            "the base URL must not carry a user name or password; use the client's credential setters".to_owned(),
        );
    }
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(format!(
            "base URL `{base_url}` must start with http:// or https://, not {}://",
            parsed.scheme()
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "base URL `{base_url}` must not have a query or fragment"
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// The URL of a call: `base` (checked) followed by `target` (path and query).
fn request_url<E>(base: &str, target: &str) -> Result<reqwest::Url, Error<E>> {
    reqwest::Url::parse(&format!("{base}{target}"))
        .map_err(|error| Error::InvalidRequest(format!("cannot build the request URL: {error}")))
}

/// Sets the provider's `credentials` in `headers`, each replacing the headers of its name and
/// marked sensitive; an error never quotes a value.
fn add_credentials<E>(
    headers: &mut reqwest::header::HeaderMap,
    credentials: &CredentialHeaders,
) -> Result<(), Error<E>> {
    for (name, value) in credentials.iter() {
        let header_name =
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!(
                    "the credential provider's header name `{name}` is not a valid header name"
                ))
            })?;
        headers.remove(&header_name);
        insert_header(headers, name, value.expose(), true)?;
    }
    Ok(())
}

/// One request header of an [`Outgoing`] request.
#[derive(Clone)]
struct Header {
    name: String,
    value: String,
    sensitive: bool,
}

/// A request being built by a generated client method.
pub struct Outgoing {
    method: reqwest::Method,
    operation: Option<&'static str>,
    template: String,
    timeout: Option<Duration>,
    path: String,
    query: String,
    headers: Vec<Header>,
    cookies: Vec<String>,
    body: Option<(String, Body)>,
    problem: Option<String>,
    anonymous: bool,
    outcomes: Vec<u16>,
    stream_answer: bool,
}

impl Outgoing {
    /// A `method` request for the path `template` (e.g. `/api/v1/ChatTopic/{chatTopicId}`),
    /// whose `{name}` parts are filled by [`Outgoing::path_param`].
    pub fn new(method: reqwest::Method, template: &str) -> Self {
        Self {
            method,
            operation: None,
            template: template.to_owned(),
            timeout: None,
            path: template.to_owned(),
            query: String::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            problem: None,
            anonymous: false,
            outcomes: Vec::new(),
            stream_answer: false,
        }
    }

    /// Names the operation (its operationId) in the call's tracing span.
    pub fn set_operation(&mut self, id: &'static str) {
        self.operation = Some(id);
    }

    /// Sends this call without asking the client's [`CredentialProvider`] (an operation that
    /// needs no credentials).
    pub fn set_anonymous(&mut self) {
        self.anonymous = true;
    }

    /// Takes an answer with `status` (not 2xx: a documented `304 Not Modified`) as an outcome
    /// to decode, not as an error.
    pub fn expect_status(&mut self, status: u16) {
        self.outcomes.push(status);
    }

    /// Leaves a 2xx answer's body unread, for [`Answer::byte_stream`] to stream (a download
    /// that should not be held in memory whole).
    pub fn stream_answer(&mut self) {
        self.stream_answer = true;
    }

    /// This call's timeout, instead of the client's ([`Core::set_timeout`]).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Fills `{name}` in the path with `value`, percent-encoded.
    pub fn path_param(&mut self, name: &str, value: &impl ::std::fmt::Display) {
        let encoded = utf8_percent_encode(&value.to_string(), COMPONENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
    }

    /// Fills `{name}` in the path with the items of `values`, comma-separated.
    pub fn path_list<T: ::std::fmt::Display>(&mut self, name: &str, values: &[T]) {
        let encoded: Vec<String> = values
            .iter()
            .map(|v| utf8_percent_encode(&v.to_string(), COMPONENT).to_string())
            .collect();
        self.path = self
            .path
            .replace(&format!("{{{name}}}"), &encoded.join(","));
    }

    fn push_query(&mut self, name: &str, encoded_value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query
            .extend(utf8_percent_encode(name, QUERY_NAME).map(str::to_owned));
        self.query.push('=');
        self.query.push_str(encoded_value);
    }

    /// Adds `name=value` to the query.
    pub fn query(&mut self, name: &str, value: &impl ::std::fmt::Display) {
        let encoded = utf8_percent_encode(&value.to_string(), COMPONENT).to_string();
        self.push_query(name, &encoded);
    }

    /// Adds `name=value` to the query when there is a value.
    pub fn query_opt<T: ::std::fmt::Display>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Adds a list to the query in `style`; an empty list adds nothing.
    pub fn query_list<T: ::std::fmt::Display>(
        &mut self,
        name: &str,
        values: &[T],
        style: ListStyle,
    ) {
        if values.is_empty() {
            return;
        }
        if style == ListStyle::Repeated {
            for value in values {
                self.query(name, value);
            }
            return;
        }
        let separator = utf8_percent_encode(style.separator(), COMPONENT).to_string();
        let separator = if style == ListStyle::Comma {
            ","
        } else {
            &separator
        };
        let encoded: Vec<String> = values
            .iter()
            .map(|v| utf8_percent_encode(&v.to_string(), COMPONENT).to_string())
            .collect();
        self.push_query(name, &encoded.join(separator));
    }

    fn push_header(&mut self, name: &str, value: String, sensitive: bool) {
        self.headers
            .retain(|header| !header.name.eq_ignore_ascii_case(name));
        self.headers.push(Header {
            name: name.to_owned(),
            value,
            sensitive,
        });
    }

    /// Sets a header.
    pub fn header(&mut self, name: &str, value: &impl ::std::fmt::Display) {
        self.push_header(name, value.to_string(), false);
    }

    /// Sets a header when there is a value.
    pub fn header_opt<T: ::std::fmt::Display>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.header(name, value);
        }
    }

    /// Sets a header to the items of `values`, comma-separated; an empty list sets nothing.
    pub fn header_list<T: ::std::fmt::Display>(&mut self, name: &str, values: &[T]) {
        if values.is_empty() {
            return;
        }
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.push_header(name, joined.join(","), false);
    }

    /// Adds a cookie.
    pub fn cookie(&mut self, name: &str, value: &impl ::std::fmt::Display) {
        let encoded = utf8_percent_encode(&value.to_string(), COMPONENT).to_string();
        self.cookies.push(format!("{name}={encoded}"));
    }

    /// Adds a cookie when there is a value.
    pub fn cookie_opt<T: ::std::fmt::Display>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.cookie(name, value);
        }
    }

    /// Sets the `Accept` header.
    pub fn accept(&mut self, media_types: &str) {
        self.push_header("Accept", media_types.to_owned(), false);
    }

    /// Sets `Authorization: {scheme} {credentials}` (marked sensitive).
    pub fn authorization(&mut self, scheme: &str, credentials: &crate::runtime::Secret) {
        let value = format!("{scheme} {}", credentials.expose());
        self.push_header("Authorization", value, true);
    }

    /// Sets `Authorization: Basic …` (marked sensitive).
    pub fn basic_auth(&mut self, credentials: &crate::runtime::BasicCredentials) {
        self.push_header("Authorization", credentials.header_value(), true);
    }

    /// Sends an API key in a header (marked sensitive).
    pub fn api_key_header(&mut self, name: &str, key: &crate::runtime::Secret) {
        self.push_header(name, key.expose().to_owned(), true);
    }

    /// Sends an API key in the query.
    pub fn api_key_query(&mut self, name: &str, key: &crate::runtime::Secret) {
        self.query(name, &key.expose());
    }

    /// Sends an API key in a cookie.
    pub fn api_key_cookie(&mut self, name: &str, key: &crate::runtime::Secret) {
        self.cookie(name, &key.expose());
    }

    /// Sets a JSON body sent as `media_type`.
    pub fn json_body<T: ::serde::Serialize>(&mut self, media_type: &str, body: &T) {
        match ::serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((media_type.to_owned(), Body::Bytes(bytes))),
            Err(error) => {
                self.problem = Some(format!("cannot write the request body as JSON: {error}"));
            }
        }
    }

    /// Sets a form body (`application/x-www-form-urlencoded`): the value's fields as pairs.
    pub fn form_body<T: ::serde::Serialize>(&mut self, media_type: &str, body: &T) {
        match ::serde_urlencoded::to_string(body) {
            Ok(text) => self.body = Some((media_type.to_owned(), Body::Bytes(text.into_bytes()))),
            Err(error) => {
                self.problem = Some(format!(
                    "cannot write the request body as a form (fields must be scalars): {error}"
                ));
            }
        }
    }

    /// Sets a body of `media_type` (for bodies other modules encode, such as multipart).
    pub fn set_body(&mut self, media_type: String, bytes: Vec<u8>) {
        self.body = Some((media_type, Body::Bytes(bytes)));
    }

    /// Sets a body of `media_type` that `source` makes anew for each attempt, streamed as it
    /// is sent (a file upload), never held in memory whole.
    pub fn set_streamed_body(&mut self, media_type: String, source: Arc<dyn BodySource>) {
        self.body = Some((media_type, Body::Streamed(source)));
    }

    /// Refuses to send the call: `problem` says why (a file to upload that cannot be read).
    /// The call then fails with an [`Error::InvalidRequest`] before anything is sent.
    pub fn set_problem(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Why the call will not be sent, when something refused it (it then fails with an
    /// [`Error::InvalidRequest`] saying this).
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Sets a text body sent as `media_type`.
    pub fn text_body(&mut self, media_type: &str, body: &str) {
        self.body = Some((media_type.to_owned(), Body::Bytes(body.as_bytes().to_vec())));
    }

    /// Sets a raw body sent as `media_type`.
    pub fn bytes_body(&mut self, media_type: &str, body: &[u8]) {
        self.body = Some((media_type.to_owned(), Body::Bytes(body.to_vec())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_are_percent_encoded_whole() {
        let mut request = Outgoing::new(reqwest::Method::GET, "/a/{id}/b/{name}");
        request.path_param("id", &42);
        request.path_param("name", &"x/y z?ä");
        assert_eq!(request.path, "/a/42/b/x%2Fy%20z%3F%C3%A4");
    }

    #[test]
    fn queries_keep_dollar_names_and_encode_values() {
        let mut request = Outgoing::new(reqwest::Method::GET, "/");
        request.query("$top", &10);
        request.query("$filter", &"name eq 'a&b'");
        request.query_opt::<i32>("$skip", None);
        request.query_list("id", &[1, 2], ListStyle::Repeated);
        request.query_list("tag", &["a,b", "c"], ListStyle::Comma);
        request.query_list("p", &["a", "b"], ListStyle::Pipe);
        request.query_list("s", &["a", "b"], ListStyle::Space);
        assert_eq!(
            request.query,
            "$top=10&$filter=name%20eq%20%27a%26b%27&id=1&id=2&tag=a%2Cb,c&p=a%7Cb&s=a%20b"
        );
    }

    #[test]
    fn headers_replace_and_credentials_are_sensitive() {
        let mut request = Outgoing::new(reqwest::Method::GET, "/");
        request.header("SO-Language", &"en");
        request.header("so-language", &"fr");
        request.basic_auth(&crate::runtime::BasicCredentials::new("tje0", "Tje0"));
        assert_eq!(request.headers.len(), 2);
        assert_eq!(request.headers[0].value, "fr");
        assert_eq!(request.headers[1].value, "Basic dGplMDpUamUw");
        assert!(request.headers[1].sensitive);
    }

    #[test]
    fn forms_are_written_as_pairs_and_nested_values_refused() {
        #[derive(::serde::Serialize)]
        struct Login<'a> {
            user: &'a str,
            remember: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<i32>,
        }
        let mut request = Outgoing::new(reqwest::Method::POST, "/");
        let login = Login {
            user: "a b&c",
            remember: true,
            code: None,
        };
        request.form_body("application/x-www-form-urlencoded", &login);
        let Some((media, Body::Bytes(bytes))) = request.body.clone() else {
            panic!("a body in memory");
        };
        assert_eq!(media, "application/x-www-form-urlencoded");
        assert_eq!(bytes, b"user=a+b%26c&remember=true");
        #[derive(::serde::Serialize)]
        struct Nested<'a> {
            login: Login<'a>,
        }
        request.form_body("application/x-www-form-urlencoded", &Nested { login });
        assert!(request.problem.is_some(), "a nested value is refused");
    }

    #[test]
    fn base_urls_are_checked() {
        let http = default_http_client().expect("an HTTP client");
        let core = Core::new("http://localhost:8080/Cust1/", http.clone()).expect("valid");
        assert_eq!(core.base_url(), "http://localhost:8080/Cust1");
        assert!(Core::new("not a url", http.clone()).is_err());
        assert!(Core::new("ftp://host", http.clone()).is_err());
        assert!(Core::new("http://host/?a=b", http.clone()).is_err());
        let error = Core::new("http://user:secret@host", http).expect_err("user info refused");
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = ::std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::MAX)
        );
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:20:00 GMT", now),
            Some(Duration::ZERO),
            "a date already past is no wait"
        );
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let policy = RetryPolicy::new(10, Duration::from_millis(100), Duration::from_secs(1));
        let schedule: Vec<u128> = (1..=6).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(schedule, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.backoff(200), Duration::from_secs(1), "no overflow");
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(1),
            "Retry-After is capped by the maximum"
        );
        assert_eq!(
            policy.delay(3, Some(Duration::from_millis(50))),
            Duration::from_millis(50),
            "Retry-After wins over the backoff"
        );
        assert_eq!(policy.delay(2, None), Duration::from_millis(200));
        let default = RetryPolicy::default();
        assert_eq!(default.max_attempts, 3);
        assert_eq!(default.backoff(1), Duration::from_millis(500));
        assert_eq!(default.backoff(2), Duration::from_secs(1));
    }

    #[test]
    fn only_idempotent_methods_are_retried() {
        for method in ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] {
            assert!(
                is_idempotent(&method.parse().expect("a method")),
                "{method}"
            );
        }
        for method in ["POST", "PATCH"] {
            assert!(
                !is_idempotent(&method.parse().expect("a method")),
                "{method}"
            );
        }
    }

    #[test]
    fn connect_timeouts_rebuild_only_the_crates_own_client() {
        let mut own = Core::with_default_http_client("http://localhost").expect("valid");
        assert!(own.set_connect_timeout(Duration::from_secs(1)).is_ok());
        let http = default_http_client().expect("an HTTP client");
        let mut callers = Core::new("http://localhost", http).expect("valid");
        assert!(callers.set_connect_timeout(Duration::from_secs(1)).is_err());
    }

    #[test]
    fn credential_headers_replace_are_sensitive_and_never_print() {
        let credentials = CredentialHeaders::new()
            .with("authorization", "old")
            .with_authorization("SOTicket", &crate::runtime::Secret::new("7T:ticket"))
            .with("SO-AppToken", "app-secret");
        assert_eq!(credentials.iter().count(), 2);
        assert_eq!(
            credentials.get("AUTHORIZATION").map(|value| value.expose()),
            Some("SOTicket 7T:ticket")
        );
        let mut headers = reqwest::header::HeaderMap::new();
        insert_header::<()>(&mut headers, "Authorization", "Basic x", true).expect("valid");
        insert_header::<()>(&mut headers, "so-apptoken", "default", false).expect("valid");
        insert_header::<()>(&mut headers, "Accept", "application/json", false).expect("valid");
        add_credentials::<()>(&mut headers, &credentials).expect("valid");
        assert_eq!(headers.len(), 3);
        assert_eq!(headers["authorization"], "SOTicket 7T:ticket");
        assert!(headers["authorization"].is_sensitive());
        assert_eq!(headers["so-apptoken"], "app-secret");
        assert!(headers["so-apptoken"].is_sensitive());
        let printed = format!("{credentials:?} {headers:?}");
        assert!(!printed.contains("7T:ticket") && !printed.contains("app-secret"));
        let refused = add_credentials::<()>(
            &mut headers,
            &CredentialHeaders::new().with("X-Key", "line\nbreak secret"),
        )
        .expect_err("a line break cannot be sent");
        assert!(!refused.to_string().contains("secret"), "{refused}");
    }

    #[test]
    fn rate_limit_slots_are_spaced() {
        let limiter = RateLimiter::new(10);
        assert_eq!(limiter.interval, Duration::from_millis(101));
        assert_eq!(RateLimiter::new(0).per_second, 0, "0 never divides");
    }
}
