//! What the generated client methods share: building a request from typed parts, sending it,
//! and sorting the answer into a value or an [`Error`] (reqwest, rustls and percent-encoding
//! live here).
//!
//! Generated code fills an [`Outgoing`] request (path, query, headers, body) and hands it to
//! [`Core::execute`]; a 2xx answer comes back as an [`Answer`] to decode, anything else as an
//! [`Error`] that keeps the status, the decoded error body when it decodes, and the raw text.

use ::percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

pub use ::reqwest;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded in
/// path segments and query values, so a value can never add a segment or a parameter.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameter names keep `$` (as in OData's `$top`), which is safe in a query.
const QUERY_NAME: &AsciiSet = &COMPONENT.remove(b'$');

/// How long a raw body may be inside an error message.
const MAX_SHOWN_BODY: usize = 300;

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
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .map_err(|error| BuildError::HttpClient(format!("cannot start the HTTP client: {error}")))
}

/// The connection settings every call of a client shares.
#[derive(Clone)]
pub struct Core {
    http: reqwest::Client,
    base_url: String,
    default_headers: Vec<(&'static str, String)>,
}

impl ::std::fmt::Debug for Core {
    /// Shows the base URL (without any user info) and default header names, not values.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let headers: Vec<&str> = self.default_headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Core")
            .field("base_url", &self.base_url)
            .field("default_headers", &headers)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// Settings for `base_url` (e.g. `https://online.superoffice.com/Cust12345`; operation
    /// paths are appended to it) using `http` to send.
    pub fn new(base_url: &str, http: reqwest::Client) -> Result<Self, BuildError> {
        let parsed = reqwest::Url::parse(base_url).map_err(|error| {
            BuildError::InvalidBaseUrl(format!("base URL `{base_url}` is not a valid URL: {error}"))
        })?;
        if parsed.scheme() != "http" && parsed.scheme() != "https" {
            return Err(BuildError::InvalidBaseUrl(format!(
                "base URL `{base_url}` must start with http:// or https://, not {}://",
                parsed.scheme()
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(BuildError::InvalidBaseUrl(format!(
                "base URL `{base_url}` must not have a query or fragment"
            )));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(BuildError::InvalidBaseUrl(
                "the base URL must not carry a user name or password; use the client's credential setters".to_owned(),
            ));
        }
        Ok(Self {
            http,
            base_url: parsed.as_str().trim_end_matches('/').to_owned(),
            default_headers: Vec::new(),
        })
    }

    /// The base URL, without a trailing `/`.
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

    /// Sends `request`. A 2xx answer is returned to be decoded; any other answer is an
    /// [`Error::Status`] whose body is decoded as `E` when it can be.
    pub async fn execute<E: ::serde::de::DeserializeOwned>(
        &self,
        request: Outgoing,
    ) -> Result<Answer, Error<E>> {
        if let Some(problem) = request.problem {
            return Err(Error::InvalidRequest(problem));
        }
        let mut url = format!("{}{}", self.base_url, request.path);
        if !request.query.is_empty() {
            url.push('?');
            url.push_str(&request.query);
        }
        let url = reqwest::Url::parse(&url).map_err(|error| {
            Error::InvalidRequest(format!("cannot build the request URL: {error}"))
        })?;
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
        let mut builder = self.http.request(request.method, url).headers(headers);
        if let Some((media_type, bytes)) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, media_type)
                .body(bytes);
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        let answer = Answer {
            status,
            headers,
            body: body.to_vec(),
        };
        if (200..300).contains(&status) {
            Ok(answer)
        } else {
            Err(Error::Status(Box::new(ErrorResponse {
                status,
                body: ::serde_json::from_slice(&answer.body).ok(),
                content_type: answer.content_type(),
                raw: answer.text_lossy(),
            })))
        }
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

/// A transport error without the URL's query and user info, which may carry credentials.
fn transport<E>(mut error: reqwest::Error) -> Error<E> {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
        let _ = url.set_password(None);
        let _ = url.set_username("");
    }
    Error::Transport(error)
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
    path: String,
    query: String,
    headers: Vec<Header>,
    cookies: Vec<String>,
    body: Option<(String, Vec<u8>)>,
    problem: Option<String>,
}

impl Outgoing {
    /// A `method` request for the path `template` (e.g. `/api/v1/ChatTopic/{chatTopicId}`),
    /// whose `{name}` parts are filled by [`Outgoing::path_param`].
    pub fn new(method: reqwest::Method, template: &str) -> Self {
        Self {
            method,
            path: template.to_owned(),
            query: String::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            problem: None,
        }
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
            Ok(bytes) => self.body = Some((media_type.to_owned(), bytes)),
            Err(error) => {
                self.problem = Some(format!("cannot write the request body as JSON: {error}"));
            }
        }
    }

    /// Sets a form body (`application/x-www-form-urlencoded`): the value's fields as pairs.
    pub fn form_body<T: ::serde::Serialize>(&mut self, media_type: &str, body: &T) {
        match ::serde_urlencoded::to_string(body) {
            Ok(text) => self.body = Some((media_type.to_owned(), text.into_bytes())),
            Err(error) => {
                self.problem = Some(format!(
                    "cannot write the request body as a form (fields must be scalars): {error}"
                ));
            }
        }
    }

    /// Sets a body of `media_type` (for bodies other modules encode, such as multipart).
    pub fn set_body(&mut self, media_type: String, bytes: Vec<u8>) {
        self.body = Some((media_type, bytes));
    }

    /// Sets a text body sent as `media_type`.
    pub fn text_body(&mut self, media_type: &str, body: &str) {
        self.body = Some((media_type.to_owned(), body.as_bytes().to_vec()));
    }

    /// Sets a raw body sent as `media_type`.
    pub fn bytes_body(&mut self, media_type: &str, body: &[u8]) {
        self.body = Some((media_type.to_owned(), body.to_vec()));
    }
}

/// A 2xx answer, waiting to be decoded into the operation's response type.
#[derive(Clone, Debug)]
pub struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    fn content_type(&self) -> Option<String> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn decode_error<E>(&self, message: String) -> Error<E> {
        Error::Decode(DecodeError {
            status: self.status,
            content_type: self.content_type(),
            raw: self.text_lossy(),
            message,
        })
    }

    /// The body decoded from JSON.
    pub fn json<T: ::serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        let mut deserializer = ::serde_json::Deserializer::from_slice(&self.body);
        let value = ::serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let at = error.path().to_string();
            let place = if at == "." {
                String::new()
            } else {
                format!(" at `{at}`")
            };
            self.decode_error(format!(
                "the response body is not the documented JSON{place}: {}",
                error.inner()
            ))
        })?;
        deserializer.end().map_err(|error| {
            self.decode_error(format!(
                "the response body has more after its JSON value: {error}"
            ))
        })?;
        Ok(value)
    }

    /// The body as UTF-8 text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.clone())
            .map_err(|_| self.decode_error("the response body is not UTF-8 text".to_owned()))
    }

    /// The body's bytes.
    pub fn bytes<E>(&self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body.clone())
    }

    /// `value` decoded from this answer, with its status and headers.
    pub fn answered<T>(&self, value: T) -> Answered<T> {
        Answered {
            status: self.status,
            headers: self.headers.clone(),
            value,
        }
    }

    /// The error for a 2xx status the operation does not document.
    pub fn undocumented<E>(&self) -> Error<E> {
        self.decode_error(format!(
            "status {} is not one of the success statuses this operation documents",
            self.status
        ))
    }
}

/// A decoded answer with its status and headers (`send_with_headers`).
#[derive(Clone, Debug)]
pub struct Answered<T> {
    /// The status code.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub value: T,
}

/// Why a call failed.
#[derive(Debug)]
pub enum Error<E = ::serde_json::Value> {
    /// The request could not be built: a parameter or header value that cannot be sent, or a
    /// body that does not serialize. Nothing was sent.
    InvalidRequest(String),
    /// The request could not be sent or no complete answer arrived: connection refused,
    /// timeout, TLS failure, a dropped connection.
    Transport(reqwest::Error),
    /// The server answered with a status other than 2xx (boxed: error bodies can be large).
    Status(Box<ErrorResponse<E>>),
    /// The server answered 2xx, but the body is not what the operation documents.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(response) => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }

    /// The decoded error body of a non-2xx answer, when it decoded.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Status(response) => response.body.as_ref(),
            _ => None,
        }
    }

    /// The raw body text of the answer, when the server answered.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Status(response) => Some(&response.raw),
            Error::Decode(error) => Some(&error.raw),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }
}

/// At most [`MAX_SHOWN_BODY`] characters of `raw`, for messages.
fn shortened(raw: &str) -> String {
    match raw.char_indices().nth(MAX_SHOWN_BODY) {
        Some((end, _)) => format!("{}…", &raw[..end]),
        None => raw.to_owned(),
    }
}

impl<E> ::std::fmt::Display for Error<E> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(error) => {
                // reqwest's own message leaves out the cause ("Connection refused"): show the
                // whole chain here, so printing this error alone says what happened.
                write!(f, "request failed: {error}")?;
                let mut cause = ::std::error::Error::source(error);
                while let Some(error) = cause {
                    write!(f, ": {error}")?;
                    cause = error.source();
                }
                Ok(())
            }
            Error::Status(response) => {
                write!(f, "the server answered {}", response.status)?;
                if let Some(reason) = response.reason() {
                    write!(f, " {reason}")?;
                }
                if !response.raw.is_empty() {
                    write!(f, ": {}", shortened(&response.raw))?;
                }
                Ok(())
            }
            Error::Decode(error) => write!(f, "{error}"),
        }
    }
}

/// The `Display` text already holds every cause, so `source` is `None`; the reqwest error is
/// in [`Error::Transport`] for inspection.
impl<E: ::std::fmt::Debug> ::std::error::Error for Error<E> {}

/// A non-2xx answer.
#[derive(Clone, Debug)]
pub struct ErrorResponse<E> {
    /// The status code.
    pub status: u16,
    /// The body decoded as the operation's error type, when it decodes.
    pub body: Option<E>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text (invalid UTF-8 replaced).
    pub raw: String,
}

impl<E> ErrorResponse<E> {
    /// The status's reason phrase (`Not Found`), if it is a known status.
    pub fn reason(&self) -> Option<&'static str> {
        reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|status| status.canonical_reason())
    }
}

/// A 2xx answer whose body could not be decoded.
#[derive(Clone, Debug)]
pub struct DecodeError {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text (invalid UTF-8 replaced).
    pub raw: String,
    /// What is wrong with it.
    pub message: String,
}

impl ::std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(
            f,
            "cannot read the {} answer: {}; body: {}",
            self.status,
            self.message,
            shortened(&self.raw)
        )
    }
}

impl ::std::error::Error for DecodeError {}

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
        let (media, bytes) = request.body.clone().expect("a body");
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
    fn answers_decode_or_keep_the_raw_text() {
        let answer = Answer {
            status: 200,
            headers: reqwest::header::HeaderMap::new(),
            body: br#"{"a": [1, "x"]}"#.to_vec(),
        };
        #[derive(Debug, ::serde::Deserialize)]
        struct Shape {
            #[allow(dead_code)]
            a: Vec<i32>,
        }
        let error = answer.json::<Shape, ()>().expect_err("x is not an i32");
        let Error::Decode(decode) = error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert!(decode.message.contains("a[1]"), "{}", decode.message);
        assert_eq!(decode.raw, r#"{"a": [1, "x"]}"#);
        let value: ::serde_json::Value = answer.json::<_, ()>().expect("any JSON");
        assert_eq!(value["a"][0], 1);
    }
}
