//! What the generated request handlers share: reading and validating a request, choosing the
//! response media type, and writing answers and refusals (axum and form_urlencoded live here).
//!
//! A generated handler reads the request into an [`Incoming`] (which refuses unacceptable
//! `Accept` headers with 406 and oversized bodies with 413), takes each typed parameter from
//! it (a malformed or missing one is a 400 [`Rejection`] naming the parameter), calls the
//! implementation and writes its answer. Every refusal is a JSON body:
//! `{"status": 400, "error": "Bad Request", "message": "…", "parameter": "…", "in": "path"}`.

use ::axum::extract::FromRequestParts as _;
use ::axum::http::{header, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};

pub use ::axum;

/// How the generated router treats requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerOptions {
    /// The largest request body read, in bytes; a larger one is refused with 413.
    pub body_limit: usize,
}

impl Default for ServerOptions {
    /// A 2 MiB body limit.
    fn default() -> Self {
        Self {
            body_limit: 2 * 1024 * 1024,
        }
    }
}

/// What every handler reads: the implementation and the router's options.
#[derive(Debug)]
pub struct Shared<A> {
    /// The implementation of the operation traits.
    pub api: A,
    /// The router's options.
    pub options: ServerOptions,
}

/// What a handler returns: one boxed future type for every operation, so that the operations
/// share one `async` body ([`serve`]) instead of each compiling its own.
pub type Reply = ::std::pin::Pin<
    Box<dyn ::std::future::Future<Output = Result<Response, Rejection>> + Send + 'static>,
>;

/// The implementation's future for one call, borrowing the implementation.
pub type Call<'a, O> = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = O> + Send + 'a>>;

/// Serves one request of one operation: reads it (negotiating the answer's media type among
/// `produces`), takes the operation's input with `read` (parameters, body, credentials; any
/// refusal answers at once), calls the implementation with `call` and writes its outcome with
/// `respond`. Each operation's handler is a call of this with three plain functions.
pub fn serve<A, I, O>(
    shared: ::std::sync::Arc<Shared<A>>,
    request: ::axum::extract::Request,
    produces: &'static [&'static str],
    read: fn(&Incoming) -> Result<I, Rejection>,
    call: for<'a> fn(&'a A, I) -> Call<'a, O>,
    respond: fn(&Incoming, O) -> Response,
) -> Reply
where
    A: Send + Sync + 'static,
    I: Send + 'static,
    O: Send + 'static,
{
    Box::pin(async move {
        let incoming = Incoming::read(request, produces, &shared.options).await?;
        let input = read(&incoming)?;
        let outcome = call(&shared.api, input).await;
        Ok(respond(&incoming, outcome))
    })
}

/// An operation's request handler, as a route holds it.
pub type Handler<A> =
    fn(::axum::extract::State<::std::sync::Arc<Shared<A>>>, ::axum::extract::Request) -> Reply;

/// Whether a path parameter's text fits an operation (`fits::<i32>`, [`any_text`]).
pub type PathCheck = fn(&str) -> bool;

/// One operation of a shared route: a check per path parameter and the operation's handler.
pub type Candidate<A, const K: usize> = ([PathCheck; K], Handler<A>);

/// Whether `text` reads as a `T`: a path parameter check of [`dispatch`].
pub fn fits<T: ::std::str::FromStr>(text: &str) -> bool {
    text.parse::<T>().is_ok()
}

/// A plain string path parameter takes any text: a check of [`dispatch`].
pub fn any_text(_text: &str) -> bool {
    true
}

/// The handler of a route that several operations share, told apart by the types of their
/// path parameters (ASP.NET's `User/{id:int}` beside `User/{name}`). Each candidate is a
/// check per path parameter (`p0`, `p1`, … in path order) and its operation's handler, most
/// constrained first: a request goes to the first candidate whose checks all pass, or else
/// to the last (the least constrained), which refuses it as it would alone.
pub fn dispatch<A, const K: usize, const N: usize>(
    candidates: [Candidate<A, K>; N],
) -> impl Fn(::axum::extract::State<::std::sync::Arc<Shared<A>>>, ::axum::extract::Request) -> Reply
       + Clone
       + Send
       + Sync
       + 'static
where
    A: Send + Sync + 'static,
{
    move |state, request| {
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            let chosen =
                match ::axum::extract::RawPathParams::from_request_parts(&mut parts, &()).await {
                    Ok(params) => candidates
                        .iter()
                        .find(|(checks, _)| path_fits(checks, &params)),
                    // The candidate's own reading refuses what cannot be read.
                    Err(_) => None,
                };
            let request = ::axum::extract::Request::from_parts(parts, body);
            match chosen.or(candidates.last()) {
                Some((_, handler)) => handler(state, request).await,
                None => Err(Rejection::new(
                    StatusCode::NOT_FOUND,
                    format!("no operation has the path `{}`", request.uri().path()),
                )),
            }
        })
    }
}

/// Whether every path parameter `p{i}` passes `checks[i]`.
fn path_fits(checks: &[PathCheck], params: &::axum::extract::RawPathParams) -> bool {
    let mut fitted = 0;
    for (name, value) in params.iter() {
        let index = name.strip_prefix('p').and_then(|i| i.parse::<usize>().ok());
        match index.and_then(|index| checks.get(index)) {
            Some(check) if check(value) => fitted += 1,
            Some(_) => return false,
            None => {}
        }
    }
    fitted == checks.len()
}

/// A refused request: a 4xx status and a JSON body that says what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    status: StatusCode,
    message: String,
    parameter: Option<(&'static str, String)>,
    challenge: Option<&'static str>,
}

impl Rejection {
    /// A refusal with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            parameter: None,
            challenge: None,
        }
    }

    /// A 400 about the parameter `name` that travels in `location` (`path`, `query`, …).
    pub fn bad_parameter(location: &'static str, name: &str, message: impl Into<String>) -> Self {
        Self {
            parameter: Some((location, name.to_owned())),
            ..Self::new(StatusCode::BAD_REQUEST, message)
        }
    }

    /// A 401 for a request without the credentials the operation needs; `challenge` is the
    /// `WWW-Authenticate` value (e.g. `Basic, Bearer`), if any.
    pub fn unauthorized(challenge: &'static str) -> Self {
        Self {
            challenge: (!challenge.is_empty()).then_some(challenge),
            ..Self::new(
                StatusCode::UNAUTHORIZED,
                "this operation needs credentials; send them in the Authorization header (or the API key the spec names)",
            )
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn body(&self) -> RefusalBody<'_> {
        RefusalBody {
            status: self.status.as_u16(),
            error: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
            parameter: self.parameter.as_ref().map(|(_, name)| name.as_str()),
            location: self.parameter.as_ref().map(|(location, _)| *location),
        }
    }
}

/// The JSON body of a refusal, in this key order.
#[derive(::serde::Serialize)]
struct RefusalBody<'a> {
    status: u16,
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    location: Option<&'static str>,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut response = json_response(self.status, "application/json", &self.body());
        if let Some(challenge) = self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

/// An answer other than success from an implementation: a status and, optionally, the
/// operation's error body (or, without one, a message for a generic JSON error body).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError<E = ::serde_json::Value> {
    status: u16,
    // Boxed: error bodies can be large, and `Result<T, ApiError<E>>` should stay small.
    body: Option<Box<E>>,
    message: Option<String>,
}

impl<E> ApiError<E> {
    /// An answer with `status` and no body.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            body: None,
            message: None,
        }
    }

    /// An answer with `status` and the error body `body`.
    pub fn with_body(status: u16, body: E) -> Self {
        Self {
            status,
            body: Some(Box::new(body)),
            message: None,
        }
    }

    /// An answer with `status` and a generic JSON error body carrying `message`.
    pub fn with_message(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            body: None,
            message: Some(message.into()),
        }
    }

    /// 501 Not Implemented, for an operation the implementation does not provide.
    pub fn not_implemented(operation: &str) -> Self {
        Self::with_message(501, format!("operation `{operation}` is not implemented"))
    }
}

/// What a trait method the implementation does not provide answers: 501 Not Implemented,
/// ready at once (one function instead of an `async` block per operation).
pub fn not_implemented<T, E>(operation: &str) -> ::std::future::Ready<Result<T, ApiError<E>>> {
    ::std::future::ready(Err(ApiError::not_implemented(operation)))
}

impl<E> ApiError<E> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error body, if any.
    pub fn body(&self) -> Option<&E> {
        self.body.as_deref()
    }

    /// The message of the generic JSON error body, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// The media type (`type/subtype`, lower case) of a header value, without parameters.
fn essence(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The best of `produces` for the `Accept` header `accept` (RFC 9110 quality values and
/// specificity; ties go to the earlier entry of `produces`). A missing or empty header
/// accepts anything.
pub fn negotiate(accept: Option<&str>, produces: &[&'static str]) -> Option<&'static str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return produces.first().copied();
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let quality = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .and_then(|(_, v)| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((media, quality))
        })
        .collect();
    let mut best: Option<(&'static str, f32)> = None;
    for candidate in produces {
        let wanted = essence(candidate);
        let (kind, _) = wanted.split_once('/').unwrap_or((wanted.as_str(), ""));
        // The most specific matching range decides the candidate's quality.
        let quality = ranges
            .iter()
            .filter_map(|(range, q)| {
                let specificity = if *range == wanted {
                    3
                } else if range.strip_suffix("/*") == Some(kind) {
                    2
                } else if range == "*/*" {
                    1
                } else {
                    return None;
                };
                Some((specificity, *q))
            })
            .max_by_key(|(specificity, _)| *specificity)
            .map(|(_, q)| q);
        if let Some(q) = quality.filter(|q| *q > 0.0) {
            if best.is_none_or(|(_, best_q)| q > best_q) {
                best = Some((candidate, q));
            }
        }
    }
    best.map(|(candidate, _)| candidate)
}

/// A short name of `T` for messages: `i32`, `String`, `DateTime`.
fn short_type_name<T>() -> &'static str {
    let full = ::std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// Parses `raw` as `T` for the parameter `name` in `location`.
fn parse_value<T>(location: &'static str, name: &str, raw: &str) -> Result<T, Rejection>
where
    T: ::std::str::FromStr,
    T::Err: ::std::fmt::Display,
{
    // .NET writes booleans as `True`/`False` (the SuperOffice pages' samples do too).
    let retry = |error| match raw {
        _ if raw.eq_ignore_ascii_case("true") => "true".parse().map_err(|_| error),
        _ if raw.eq_ignore_ascii_case("false") => "false".parse().map_err(|_| error),
        _ => Err(error),
    };
    raw.parse().or_else(retry).map_err(|error| {
        let shown: String = raw.chars().take(64).collect();
        Rejection::bad_parameter(
            location,
            name,
            format!(
                "{location} parameter `{name}`: `{shown}` is not a valid {} ({error})",
                short_type_name::<T>()
            ),
        )
    })
}

fn missing(location: &'static str, name: &str) -> Rejection {
    Rejection::bad_parameter(
        location,
        name,
        format!("{location} parameter `{name}` is required"),
    )
}

/// Splits a list value on `separator` and parses each item.
fn parse_list<T>(
    location: &'static str,
    name: &str,
    raw: &str,
    separator: char,
) -> Result<Vec<T>, Rejection>
where
    T: ::std::str::FromStr,
    T::Err: ::std::fmt::Display,
{
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    raw.split(separator)
        .map(|item| parse_value(location, name, item))
        .collect()
}

/// A request read by a generated handler: its parts, path and query parameters and body.
#[derive(Debug)]
pub struct Incoming {
    method: ::axum::http::Method,
    headers: ::axum::http::HeaderMap,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: ::axum::body::Bytes,
    accept: Option<String>,
}

impl Incoming {
    /// Reads `request`: refuses it with 406 when it accepts none of `produces` (when the
    /// operation answers with a body), and with 413 when its body exceeds `options`.
    pub async fn read(
        request: ::axum::extract::Request,
        produces: &[&'static str],
        options: &ServerOptions,
    ) -> Result<Self, Rejection> {
        let (mut parts, body) = request.into_parts();
        let accept = match parts.headers.get(header::ACCEPT) {
            None => None,
            Some(value) => Some(
                value
                    .to_str()
                    .map_err(|_| {
                        Rejection::new(
                            StatusCode::BAD_REQUEST,
                            "the Accept header is not visible ASCII",
                        )
                    })?
                    .to_owned(),
            ),
        };
        if !produces.is_empty() && negotiate(accept.as_deref(), produces).is_none() {
            return Err(Rejection::new(
                StatusCode::NOT_ACCEPTABLE,
                format!(
                    "this operation answers with {}; the Accept header `{}` allows none of them",
                    produces.join(", "),
                    accept.as_deref().unwrap_or_default()
                ),
            ));
        }
        use ::axum::extract::rejection::RawPathParamsRejection;
        let path = match ::axum::extract::RawPathParams::from_request_parts(&mut parts, &()).await {
            Ok(params) => params
                .iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            // Outside a router (or on a route without parameters) there are none.
            Err(RawPathParamsRejection::MissingPathParams(_)) => Vec::new(),
            Err(rejection) => {
                return Err(Rejection::new(
                    StatusCode::BAD_REQUEST,
                    format!("the request path cannot be read: {rejection}"),
                ))
            }
        };
        let query = ::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
        let declared_length = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let too_large = || {
            Rejection::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the request body is larger than the {} bytes this server accepts",
                    options.body_limit
                ),
            )
        };
        if declared_length.is_some_and(|length| length > options.body_limit as u64) {
            return Err(too_large());
        }
        let body = ::axum::body::to_bytes(body, options.body_limit)
            .await
            .map_err(|error| {
                let over_limit = ::std::error::Error::source(&error)
                    .is_some_and(|source| source.is::<::http_body_util::LengthLimitError>());
                if over_limit {
                    too_large()
                } else {
                    Rejection::new(
                        StatusCode::BAD_REQUEST,
                        format!("the request body cannot be read: {error}"),
                    )
                }
            })?;
        Ok(Self {
            method: parts.method,
            headers: parts.headers,
            path,
            query,
            body,
            accept,
        })
    }

    /// The request method.
    pub fn method(&self) -> &::axum::http::Method {
        &self.method
    }

    /// The request headers.
    pub fn headers(&self) -> &::axum::http::HeaderMap {
        &self.headers
    }

    /// The raw text of the path parameter the route calls `route_name` (the spec: `name`).
    fn path_text(&self, route_name: &str, name: &str) -> Result<&str, Rejection> {
        self.path
            .iter()
            .find(|(key, _)| key == route_name)
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| missing("path", name))
    }

    /// The path parameter the route calls `route_name` (the spec calls it `name`).
    pub fn path<T>(&self, route_name: &str, name: &str) -> Result<T, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        parse_value("path", name, self.path_text(route_name, name)?)
    }

    /// A comma-separated list path parameter.
    pub fn path_list<T>(&self, route_name: &str, name: &str) -> Result<Vec<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        parse_list("path", name, self.path_text(route_name, name)?, ',')
    }

    /// The raw text of query parameter `name`, if given.
    pub fn query_text(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A required query parameter.
    pub fn query<T>(&self, name: &str) -> Result<T, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.query_opt(name)?.ok_or_else(|| missing("query", name))
    }

    /// An optional query parameter.
    pub fn query_opt<T>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.query_text(name)
            .map(|raw| parse_value("query", name, raw))
            .transpose()
    }

    /// A list query parameter whose items are joined by `separator` (`,` for form without
    /// explode, ` ` for spaceDelimited, `|` for pipeDelimited); absent is an empty list.
    pub fn query_list<T>(&self, name: &str, separator: char) -> Result<Vec<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        match self.query_text(name) {
            Some(raw) => parse_list("query", name, raw, separator),
            None => Ok(Vec::new()),
        }
    }

    /// A list query parameter repeated once per item (form with explode).
    pub fn query_repeated<T>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.query
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| parse_value("query", name, value))
            .collect()
    }

    /// The text of header `name`, if present; a value that is not visible ASCII is a 400.
    pub fn header_text(&self, name: &str) -> Result<Option<&str>, Rejection> {
        self.headers
            .get(name)
            .map(|value| {
                value.to_str().map_err(|_| {
                    Rejection::bad_parameter(
                        "header",
                        name,
                        format!("header `{name}` is not visible ASCII"),
                    )
                })
            })
            .transpose()
    }

    /// A required header parameter.
    pub fn header<T>(&self, name: &str) -> Result<T, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.header_opt(name)?
            .ok_or_else(|| missing("header", name))
    }

    /// An optional header parameter.
    pub fn header_opt<T>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.header_text(name)?
            .map(|raw| parse_value("header", name, raw.trim()))
            .transpose()
    }

    /// A comma-separated list header; absent is an empty list.
    pub fn header_list<T>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        match self.header_text(name)? {
            Some(raw) => raw
                .split(',')
                .map(|item| parse_value("header", name, item.trim()))
                .collect(),
            None => Ok(Vec::new()),
        }
    }

    /// The (percent-decoded) value of cookie `name`, if sent.
    pub fn cookie_text(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| {
                ::percent_encoding::percent_decode_str(value)
                    .decode_utf8_lossy()
                    .into_owned()
            })
    }

    /// A required cookie parameter.
    pub fn cookie<T>(&self, name: &str) -> Result<T, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.cookie_opt(name)?
            .ok_or_else(|| missing("cookie", name))
    }

    /// An optional cookie parameter.
    pub fn cookie_opt<T>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        self.cookie_text(name)
            .map(|raw| parse_value("cookie", name, &raw))
            .transpose()
    }

    /// A comma-separated list cookie; absent is an empty list.
    pub fn cookie_list<T>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T: ::std::str::FromStr,
        T::Err: ::std::fmt::Display,
    {
        match self.cookie_text(name) {
            Some(raw) => parse_list("cookie", name, &raw, ','),
            None => Ok(Vec::new()),
        }
    }

    /// The `Authorization` header split into scheme and the rest, if present.
    pub fn authorization(&self) -> Option<(&str, &str)> {
        let value = self.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
        Some((scheme, rest.trim()))
    }

    /// Whether a body was sent.
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    /// Which of `payloads` (each a list of media types) the body's `Content-Type` names; a
    /// missing `Content-Type` means the first. Refused with 415 when none matches.
    pub fn payload_index(&self, payloads: &[&[&str]]) -> Result<usize, Rejection> {
        let Some(value) = self.headers.get(header::CONTENT_TYPE) else {
            return Ok(0);
        };
        let sent = essence(value.to_str().unwrap_or_default());
        payloads
            .iter()
            .position(|types| types.iter().any(|t| essence(t) == sent))
            .ok_or_else(|| {
                let accepted: Vec<&str> = payloads.iter().flat_map(|t| t.iter().copied()).collect();
                Rejection::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "the request body is `{sent}`; this operation reads {}",
                        accepted.join(", ")
                    ),
                )
            })
    }

    /// The body of an operation that takes one JSON payload in `media_types`: 415 for any
    /// other `Content-Type`, 400 when it is missing or malformed.
    pub fn json_payload<T: ::serde::de::DeserializeOwned>(
        &self,
        media_types: &[&str],
    ) -> Result<T, Rejection> {
        self.payload_index(&[media_types])?;
        self.json_body()
    }

    /// The body as JSON.
    pub fn json_body<T: ::serde::de::DeserializeOwned>(&self) -> Result<T, Rejection> {
        if self.body.is_empty() {
            return Err(Rejection::new(
                StatusCode::BAD_REQUEST,
                "the request body is required",
            ));
        }
        let mut deserializer = ::serde_json::Deserializer::from_slice(&self.body);
        let value = ::serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let at = error.path().to_string();
            let place = if at == "." {
                String::new()
            } else {
                format!(" at `{at}`")
            };
            Rejection::new(
                StatusCode::BAD_REQUEST,
                format!("the request body is not valid{place}: {}", error.inner()),
            )
        })?;
        deserializer.end().map_err(|error| {
            Rejection::new(
                StatusCode::BAD_REQUEST,
                format!("the request body has more after its JSON value: {error}"),
            )
        })?;
        Ok(value)
    }

    /// The body as a form (`application/x-www-form-urlencoded`).
    pub fn form_body<T: ::serde::de::DeserializeOwned>(&self) -> Result<T, Rejection> {
        ::serde_urlencoded::from_bytes(&self.body).map_err(|error| {
            Rejection::new(
                StatusCode::BAD_REQUEST,
                format!("the request body is not a valid form: {error}"),
            )
        })
    }

    /// The `Content-Type` of the request, if sent and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The body's bytes, as read.
    pub fn body_bytes(&self) -> &::axum::body::Bytes {
        &self.body
    }

    /// The body as UTF-8 text.
    pub fn text_body(&self) -> Result<String, Rejection> {
        String::from_utf8(self.body.to_vec()).map_err(|_| {
            Rejection::new(
                StatusCode::BAD_REQUEST,
                "the request body is not UTF-8 text",
            )
        })
    }

    /// The body's bytes.
    pub fn bytes_body(&self) -> Result<Vec<u8>, Rejection> {
        Ok(self.body.to_vec())
    }

    /// The media type to answer with, of `media_types`.
    fn response_type(&self, media_types: &[&'static str]) -> &'static str {
        negotiate(self.accept.as_deref(), media_types)
            .or_else(|| media_types.first().copied())
            .unwrap_or("application/json")
    }

    /// A JSON answer with `status`, in the best of `media_types` for the request's `Accept`.
    pub fn json<T: ::serde::Serialize>(
        &self,
        status: u16,
        body: &T,
        media_types: &[&'static str],
    ) -> Response {
        json_response(status_code(status), self.response_type(media_types), body)
    }

    /// A text answer.
    pub fn text(&self, status: u16, body: String, media_types: &[&'static str]) -> Response {
        bytes_response(
            status_code(status),
            self.response_type(media_types),
            body.into_bytes(),
        )
    }

    /// A raw answer.
    pub fn bytes(&self, status: u16, body: Vec<u8>, media_types: &[&'static str]) -> Response {
        bytes_response(status_code(status), self.response_type(media_types), body)
    }

    /// A raw answer of `length` bytes sent as `body` yields them (a file streamed from disk).
    pub fn streamed(
        &self,
        status: u16,
        body: ::axum::body::Body,
        length: u64,
        media_types: &[&'static str],
    ) -> Response {
        let mut response = (status_code(status), body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.response_type(media_types)),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        response
    }

    /// An answer without a body.
    pub fn empty(&self, status: u16) -> Response {
        status_code(status).into_response()
    }

    /// The answer to an implementation's outcome: a JSON body with `status` on success.
    pub fn json_outcome<T: ::serde::Serialize, E: ::serde::Serialize>(
        &self,
        status: u16,
        outcome: Result<T, ApiError<E>>,
        media_types: &[&'static str],
    ) -> Response {
        match outcome {
            Ok(value) => self.json(status, &value, media_types),
            Err(error) => self.error(error),
        }
    }

    /// The answer to an implementation's outcome: no body, `status` on success.
    pub fn empty_outcome<E: ::serde::Serialize>(
        &self,
        status: u16,
        outcome: Result<(), ApiError<E>>,
    ) -> Response {
        match outcome {
            Ok(()) => self.empty(status),
            Err(error) => self.error(error),
        }
    }

    /// The answer for an implementation's [`ApiError`].
    pub fn error<E: ::serde::Serialize>(&self, error: ApiError<E>) -> Response {
        let status = status_code(error.status);
        match (error.body, error.message) {
            (Some(body), _) => json_response(status, "application/json", &body),
            (None, Some(message)) => Rejection::new(status, message).into_response(),
            (None, None) => status.into_response(),
        }
    }
}

/// `status` as a status code; an impossible one becomes 500.
fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn bytes_response(status: StatusCode, media_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    response
}

fn json_response<T: ::serde::Serialize>(
    status: StatusCode,
    media_type: &'static str,
    body: &T,
) -> Response {
    match ::serde_json::to_vec(body) {
        Ok(bytes) => bytes_response(status, media_type, bytes),
        Err(error) => {
            let refusal = Rejection::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the answer cannot be written as JSON: {error}"),
            );
            let bytes = ::serde_json::to_vec(&refusal.body()).unwrap_or_default();
            bytes_response(StatusCode::INTERNAL_SERVER_ERROR, "application/json", bytes)
        }
    }
}

/// The router's answer to a path no operation has.
pub async fn no_such_path(request: ::axum::extract::Request) -> Rejection {
    Rejection::new(
        StatusCode::NOT_FOUND,
        format!("no operation has the path `{}`", request.uri().path()),
    )
}

/// The router's answer to a method the path does not have.
pub async fn no_such_method(request: ::axum::extract::Request) -> Rejection {
    Rejection::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "`{}` has no {} operation",
            request.uri().path(),
            request.method()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &[&str] = &["application/json", "text/json"];

    #[test]
    fn negotiates_json_for_the_accept_headers_the_api_sees() {
        assert_eq!(negotiate(None, JSON), Some("application/json"));
        assert_eq!(negotiate(Some(""), JSON), Some("application/json"));
        assert_eq!(negotiate(Some("*/*"), JSON), Some("application/json"));
        assert_eq!(
            negotiate(Some("application/json; charset=utf-8"), JSON),
            Some("application/json")
        );
        assert_eq!(negotiate(Some("text/json"), JSON), Some("text/json"));
        assert_eq!(negotiate(Some("text/*"), JSON), Some("text/json"));
        assert_eq!(
            negotiate(Some("application/xml, text/json;q=0.5"), JSON),
            Some("text/json")
        );
        assert_eq!(negotiate(Some("application/xml"), JSON), None);
        assert_eq!(negotiate(Some("text/xml, application/xml"), JSON), None);
        assert_eq!(negotiate(Some("application/json;q=0"), JSON), None);
        assert_eq!(
            negotiate(Some("*/*;q=0.1, application/json;q=0"), JSON),
            Some("text/json")
        );
    }

    #[test]
    fn parameters_name_themselves_when_they_do_not_parse() {
        let error = parse_value::<i32>("path", "chatTopicId", "abc").expect_err("not a number");
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert!(
            error.message().contains("`chatTopicId`"),
            "{}",
            error.message()
        );
        assert!(error.message().contains("i32"), "{}", error.message());
        let body = ::serde_json::to_string(&error.body()).expect("serializes");
        assert!(
            body.starts_with(r#"{"status":400,"error":"Bad Request","message":"#),
            "{body}"
        );
        assert!(
            body.ends_with(r#","parameter":"chatTopicId","in":"path"}"#),
            "{body}"
        );
        let error = parse_value::<i32>("path", "id", "1099511627776").expect_err("2^40");
        assert!(error.message().contains("too large"), "{}", error.message());
        assert_eq!(parse_list::<i32>("query", "id", "1,2", ','), Ok(vec![1, 2]));
        assert_eq!(parse_value::<bool>("query", "flat", "True"), Ok(true));
        assert_eq!(parse_value::<bool>("query", "flat", "FALSE"), Ok(false));
        assert!(parse_value::<bool>("query", "flat", "yes").is_err());
        assert_eq!(
            parse_value::<String>("query", "s", "True"),
            Ok("True".to_owned())
        );
        assert_eq!(short_type_name::<String>(), "String");
    }

    /// A request with `headers`, query `query` and `body`, as a handler sees it.
    fn incoming(headers: &[(&'static str, &'static str)], query: &str, body: &str) -> Incoming {
        let mut map = ::axum::http::HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_static(value));
        }
        Incoming {
            method: ::axum::http::Method::GET,
            headers: map,
            path: vec![("p0".to_owned(), "12".to_owned())],
            query: ::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            body: ::axum::body::Bytes::from(body.to_owned()),
            accept: None,
        }
    }

    #[test]
    fn required_parameters_that_are_missing_are_named() {
        let request = incoming(&[], "", "");
        let error = request
            .header::<String>("X-Trace")
            .expect_err("missing header");
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error.message(), "header parameter `X-Trace` is required");
        let error = request.query::<bool>("flat").expect_err("missing query");
        assert_eq!(error.message(), "query parameter `flat` is required");
        let error = request
            .cookie::<i32>("session")
            .expect_err("missing cookie");
        assert_eq!(error.message(), "cookie parameter `session` is required");
        assert_eq!(request.path::<i32>("p0", "id"), Ok(12));
        assert_eq!(request.header_opt::<String>("X-Trace"), Ok(None));
    }

    #[test]
    fn lists_cookies_and_headers_are_read_in_their_styles() {
        let request = incoming(
            &[
                ("cookie", "a=1; session=x%20y"),
                ("x-ids", "1, 2,3"),
                ("authorization", "SoTicket  7T:abc "),
            ],
            "id=1&id=2&csv=a%2Cb,c&pipe=1%7C2&space=1%202&empty=",
            "",
        );
        assert_eq!(request.query_repeated::<i32>("id"), Ok(vec![1, 2]));
        assert_eq!(
            request.query_list::<String>("csv", ','),
            Ok(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
        );
        assert_eq!(request.query_list::<i32>("pipe", '|'), Ok(vec![1, 2]));
        assert_eq!(request.query_list::<i32>("space", ' '), Ok(vec![1, 2]));
        assert_eq!(request.query_list::<i32>("empty", ','), Ok(vec![]));
        assert_eq!(request.query_repeated::<i32>("none"), Ok(vec![]));
        assert_eq!(request.header_list::<i32>("X-Ids"), Ok(vec![1, 2, 3]));
        assert_eq!(
            request.cookie_opt::<String>("session"),
            Ok(Some("x y".to_owned()))
        );
        assert_eq!(request.authorization(), Some(("SoTicket", "7T:abc")));
        let error = request.query_list::<i32>("csv", ',').expect_err("letters");
        assert!(error.message().contains("`csv`"), "{}", error.message());
    }

    #[test]
    fn bodies_are_matched_to_their_media_type() {
        let json = incoming(
            &[("content-type", "Application/JSON; charset=utf-8")],
            "",
            "[1]",
        );
        let payloads: &[&[&str]] = &[&["application/json-patch+json"], &["application/json"]];
        assert_eq!(json.payload_index(payloads), Ok(1));
        assert_eq!(json.json_body::<Vec<i32>>(), Ok(vec![1]));
        let untyped = incoming(&[], "", "{}");
        assert_eq!(
            untyped.payload_index(payloads),
            Ok(0),
            "no Content-Type: the first"
        );
        let xml = incoming(&[("content-type", "application/xml")], "", "<a/>");
        let error = xml.payload_index(payloads).expect_err("not readable");
        assert_eq!(error.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let error = json.json_body::<Vec<String>>().expect_err("numbers");
        assert!(error.message().contains("[0]"), "{}", error.message());
    }

    #[test]
    fn forms_are_read_into_types() {
        #[derive(Debug, PartialEq, ::serde::Deserialize)]
        struct Login {
            user: String,
            remember: bool,
            code: Option<i32>,
        }
        let form = incoming(&[], "", "user=a+b%26c&remember=true");
        assert_eq!(
            form.form_body::<Login>(),
            Ok(Login {
                user: "a b&c".to_owned(),
                remember: true,
                code: None
            })
        );
        let bad = incoming(&[], "", "user=x&remember=perhaps");
        let error = bad.form_body::<Login>().expect_err("not a bool");
        assert!(error.message().contains("form"), "{}", error.message());
    }

    #[test]
    fn api_errors_become_json_answers() {
        let incoming = incoming(&[], "", "");
        let response = incoming.error(ApiError::with_body(404, ::serde_json::json!({"a": 1})));
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = incoming.error(ApiError::<()>::not_implemented("Op"));
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let response = incoming.error(ApiError::<()>::new(1000));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
