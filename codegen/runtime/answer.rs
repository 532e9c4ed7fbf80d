//! What a call gets back: the successful [`Answer`] to decode (its body read whole, or
//! streamed as a [`ByteStream`]), and the [`Error`] of a call that failed, with the
//! [`ProviderError`] of a credential or base-URL provider (serde_path_to_error lives here).
//! The `client` module re-exports each of them.

use ::std::sync::Arc;

use ::reqwest;

/// How long a raw body may be inside an error message.
const MAX_SHOWN_BODY: usize = 300;

/// Why a provider ([`CredentialProvider`](crate::runtime::client::CredentialProvider), [`BaseUrlProvider`](crate::runtime::client::BaseUrlProvider)) could not give (or refresh)
/// what it provides. Its message must never hold a secret: providers build it from their own
/// errors, which name what failed, not the credentials. `Debug` and `Display` show the message only; [`source`] is the provider's
/// own error, when it gave one ([`ProviderError::downcast_ref`] gets it back typed).
///
/// [`source`]: ::std::error::Error::source
#[derive(Clone)]
pub struct ProviderError {
    message: String,
    source: Option<Arc<dyn ::std::error::Error + Send + Sync>>,
}

impl ProviderError {
    /// An error saying `message` (which must not hold a secret).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error wrapping the provider's own `error`, whose `Display` must not show a secret.
    pub fn from_error<T: ::std::error::Error + Send + Sync + 'static>(error: T) -> Self {
        Self {
            message: error.to_string(),
            source: Some(Arc::new(error)),
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The provider's own error, when it is a `T`.
    pub fn downcast_ref<T: ::std::error::Error + 'static>(&self) -> Option<&T> {
        let source: &(dyn ::std::error::Error + 'static) = self.source.as_deref()?;
        source.downcast_ref()
    }
}

impl ::std::fmt::Debug for ProviderError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ProviderError")
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl ::std::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl ::std::error::Error for ProviderError {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        let source: &(dyn ::std::error::Error + 'static) = self.source.as_deref()?;
        Some(source)
    }
}

/// A transport error without the URL's query and user info, which may carry credentials.
pub(crate) fn transport<E>(mut error: reqwest::Error) -> Error<E> {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
        let _ = url.set_password(None);
        let _ = url.set_username("");
    }
    Error::Transport(error)
}

/// A 2xx answer (or another status the operation documents as an outcome), waiting to be
/// decoded into the operation's response type.
#[derive(Debug)]
pub struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: AnswerBody,
}

/// An answer's body: read whole, or left unread for a download to stream.
enum AnswerBody {
    Bytes(Vec<u8>),
    Stream(reqwest::Response),
}

impl ::std::fmt::Debug for AnswerBody {
    /// The length or that it streams: never the response's URL, whose query may hold a key.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            AnswerBody::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            AnswerBody::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl Answer {
    /// An answer whose body was read whole.
    pub(crate) fn whole(status: u16, headers: reqwest::header::HeaderMap, body: Vec<u8>) -> Self {
        Self {
            status,
            headers,
            body: AnswerBody::Bytes(body),
        }
    }

    /// An answer whose body is left unread, for [`Answer::byte_stream`].
    pub(crate) fn unread(response: reqwest::Response) -> Self {
        Self {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: AnswerBody::Stream(response),
        }
    }

    /// This answer (read whole) as the error of a call: an [`Error::PreconditionFailed`] for
    /// 412, else an [`Error::Status`]; its body decoded as `E` when it can be.
    pub(crate) fn into_error<E: ::serde::de::DeserializeOwned>(self) -> Error<E> {
        let response = Box::new(ErrorResponse {
            status: self.status,
            body: ::serde_json::from_slice(self.body()).ok(),
            content_type: self.content_type(),
            raw: self.text_lossy(),
        });
        if self.status == 412 {
            Error::PreconditionFailed(response)
        } else {
            Error::Status(response)
        }
    }

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

    /// The body read whole (empty when it is left for streaming).
    fn body(&self) -> &[u8] {
        match &self.body {
            AnswerBody::Bytes(bytes) => bytes,
            AnswerBody::Stream(_) => &[],
        }
    }

    fn text_lossy(&self) -> String {
        String::from_utf8_lossy(self.body()).into_owned()
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
        let mut deserializer = ::serde_json::Deserializer::from_slice(self.body());
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

    /// The body decoded from JSON, unless it is a JSON object with the property `marker`:
    /// then it is the operation's error body, sent with a success status (SuperOffice's
    /// agents answer invalid data with `200 {"Message": …, "MessageDetail": …}`), and the
    /// result is an [`Error::Rejected`].
    pub fn json_unless_marked<
        T: ::serde::de::DeserializeOwned,
        E: ::serde::de::DeserializeOwned,
    >(
        &self,
        marker: &str,
    ) -> Result<T, Error<E>> {
        if has_top_level_property(self.body(), marker) {
            return Err(Error::Rejected(Box::new(ErrorResponse {
                status: self.status,
                body: ::serde_json::from_slice(self.body()).ok(),
                content_type: self.content_type(),
                raw: self.text_lossy(),
            })));
        }
        self.json()
    }

    /// The body as UTF-8 text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body().to_vec())
            .map_err(|_| self.decode_error("the response body is not UTF-8 text".to_owned()))
    }

    /// The body's bytes.
    pub fn bytes<E>(&self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body().to_vec())
    }

    /// The body as a stream of chunks, read as the caller asks for them (the call was made
    /// with [`Outgoing::stream_answer`](crate::runtime::client::Outgoing::stream_answer); otherwise the chunks come from memory).
    pub fn byte_stream<E>(self) -> Result<ByteStream, Error<E>> {
        let content_type = self.content_type();
        let source = match self.body {
            AnswerBody::Stream(response) => ChunkSource::Network(response),
            AnswerBody::Bytes(bytes) => ChunkSource::Memory(Some(bytes)),
        };
        Ok(ByteStream {
            source,
            content_type,
        })
    }

    /// `value` decoded from this answer, with its status and headers.
    pub fn answered<T>(&self, value: T) -> Answered<T> {
        Answered {
            status: self.status,
            headers: self.headers.clone(),
            value,
        }
    }

    /// The error for a status the operation does not document: an [`Error::Decode`] for 2xx,
    /// else an [`Error::Status`].
    pub fn undocumented<E: ::serde::de::DeserializeOwned>(&self) -> Error<E> {
        if !(200..300).contains(&self.status) {
            return Error::Status(Box::new(ErrorResponse {
                status: self.status,
                body: ::serde_json::from_slice(self.body()).ok(),
                content_type: self.content_type(),
                raw: self.text_lossy(),
            }));
        }
        self.decode_error(format!(
            "status {} is not one of the success statuses this operation documents",
            self.status
        ))
    }
}

/// Whether `body` is a JSON object with a top-level property `name` (its values skipped, not
/// built).
fn has_top_level_property(body: &[u8], name: &str) -> bool {
    struct Probe<'a>(&'a str);
    impl<'de> ::serde::de::DeserializeSeed<'de> for Probe<'_> {
        type Value = bool;
        fn deserialize<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<bool, D::Error> {
            deserializer.deserialize_any(self)
        }
    }
    impl<'de> ::serde::de::Visitor<'de> for Probe<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut found = false;
            while let Some(key) = map.next_key::<::std::borrow::Cow<'de, str>>()? {
                found |= key == self.0;
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
            Ok(found)
        }
        fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            while seq.next_element::<::serde::de::IgnoredAny>()?.is_some() {}
            Ok(false)
        }
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    let mut deserializer = ::serde_json::Deserializer::from_slice(body);
    ::serde::de::DeserializeSeed::deserialize(Probe(name), &mut deserializer).unwrap_or(false)
}

/// A downloaded body read chunk by chunk as it arrives, so that a large file is never held in
/// memory whole: call [`chunk`](Self::chunk) until it gives `None` (writing each chunk to a
/// file, a hasher, …), or [`collect`](Self::collect) a body known to be small.
pub struct ByteStream {
    source: ChunkSource,
    content_type: Option<String>,
}

impl ::std::fmt::Debug for ByteStream {
    /// The media type and announced length: never the response's URL, whose query may hold a
    /// key.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

enum ChunkSource {
    Network(reqwest::Response),
    Memory(Option<Vec<u8>>),
}

impl ByteStream {
    /// The answer's `Content-Type`, when it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's length as the answer announces it (`Content-Length`), when it does.
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            ChunkSource::Network(response) => response.content_length(),
            ChunkSource::Memory(bytes) => bytes.as_ref().map(|bytes| bytes.len() as u64),
        }
    }

    /// The next chunk of the body; `None` at its end. A connection that fails (or a call
    /// timeout that passes) mid-body is an [`Error::Transport`].
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        match &mut self.source {
            ChunkSource::Network(response) => response
                .chunk()
                .await
                .map(|chunk| chunk.map(|bytes| bytes.to_vec()))
                .map_err(transport),
            ChunkSource::Memory(bytes) => Ok(bytes.take()),
        }
    }

    /// Reads the rest of the body into memory (for bodies known to be small).
    pub async fn collect(mut self) -> Result<Vec<u8>, Error> {
        let mut all = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all)
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

/// Why a call failed. More reasons may come (a minor change): match with a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = ::serde_json::Value> {
    /// The request could not be built: a parameter or header value that cannot be sent, or a
    /// body that does not serialize. Nothing was sent.
    InvalidRequest(String),
    /// The client's [`CredentialProvider`](crate::runtime::client::CredentialProvider) could not give credentials (nothing was sent) or
    /// could not refresh them after a 401 answer. Holds no secret.
    Credentials(ProviderError),
    /// The client's [`BaseUrlProvider`](crate::runtime::client::BaseUrlProvider) could not give a base URL (nothing was sent) or could
    /// not find the new one after a 421 answer.
    BaseUrl(ProviderError),
    /// The request could not be sent or no complete answer arrived: connection refused,
    /// timeout ([`Error::is_timeout`] tells), TLS failure, a dropped connection.
    Transport(reqwest::Error),
    /// The server answered with a status other than 2xx (boxed: error bodies can be large).
    Status(Box<ErrorResponse<E>>),
    /// The server answered `412 Precondition Failed`: the call's condition did not hold
    /// (`If-Unmodified-Since`: the entity changed since that time), so nothing was done.
    PreconditionFailed(Box<ErrorResponse<E>>),
    /// The server answered with a success status, but with the operation's error body instead
    /// of its output (an operation with `x-in-band-error`: SuperOffice's agents answer invalid
    /// data with `200 {"Message": …, "MessageDetail": …}`).
    Rejected(Box<ErrorResponse<E>>),
    /// The server answered 2xx, but the body is not what the operation documents.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(response)
            | Error::PreconditionFailed(response)
            | Error::Rejected(response) => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::InvalidRequest(_)
            | Error::Credentials(_)
            | Error::BaseUrl(_)
            | Error::Transport(_) => None,
        }
    }

    /// The decoded error body of an error answer, when it decoded.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Status(response)
            | Error::PreconditionFailed(response)
            | Error::Rejected(response) => response.body.as_ref(),
            _ => None,
        }
    }

    /// Whether the call timed out (the call's or client's timeout, or the connect timeout):
    /// an [`Error::Transport`] whose reqwest error says so.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }

    /// The raw body text of the answer, when the server answered.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Status(response)
            | Error::PreconditionFailed(response)
            | Error::Rejected(response) => Some(&response.raw),
            Error::Decode(error) => Some(&error.raw),
            Error::InvalidRequest(_)
            | Error::Credentials(_)
            | Error::BaseUrl(_)
            | Error::Transport(_) => None,
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
            Error::Credentials(error) => write!(f, "no credentials: {error}"),
            Error::BaseUrl(error) => write!(f, "no base URL: {error}"),
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
            Error::Status(response) | Error::PreconditionFailed(response) => {
                write!(f, "the server answered {}", response.status)?;
                if let Some(reason) = response.reason() {
                    write!(f, " {reason}")?;
                }
                if !response.raw.is_empty() {
                    write!(f, ": {}", shortened(&response.raw))?;
                }
                Ok(())
            }
            Error::Rejected(response) => {
                write!(
                    f,
                    "the server refused the call with a {} answer carrying an error",
                    response.status
                )?;
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
    fn answers_decode_or_keep_the_raw_text() {
        let answer = Answer {
            status: 200,
            headers: reqwest::header::HeaderMap::new(),
            body: AnswerBody::Bytes(br#"{"a": [1, "x"]}"#.to_vec()),
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

    #[test]
    fn only_a_top_level_marker_makes_an_answer_an_error() {
        let answer = |status: u16, body: &str| Answer {
            status,
            headers: reqwest::header::HeaderMap::new(),
            body: AnswerBody::Bytes(body.as_bytes().to_vec()),
        };
        let invalid = answer(
            200,
            r#"{"Message": "The request is invalid.", "MessageDetail": "x"}"#,
        );
        let error = invalid
            .json_unless_marked::<::serde_json::Value, ::serde_json::Value>("Message")
            .expect_err("marked");
        assert!(matches!(&error, Error::Rejected(_)), "{error:?}");
        assert_eq!(error.status(), Some(200));
        assert_eq!(
            error.body().map(|body| &body["MessageDetail"]),
            Some(&::serde_json::json!("x"))
        );
        for body in [
            r#"{"Name": "Acme", "Address": {"Message": "nested"}}"#,
            r#"[{"Message": "in a list"}]"#,
            r#""Message""#,
            "null",
            "not JSON at all",
        ] {
            assert!(
                !has_top_level_property(body.as_bytes(), "Message"),
                "{body}"
            );
        }
        let entity: Option<::serde_json::Value> = answer(200, "null")
            .json_unless_marked::<_, ()>("Message")
            .expect("null is a value");
        assert_eq!(entity, None);
    }

    #[test]
    fn undocumented_statuses_outside_2xx_stay_status_errors() {
        let answer = Answer {
            status: 304,
            headers: reqwest::header::HeaderMap::new(),
            body: AnswerBody::Bytes(Vec::new()),
        };
        assert!(matches!(answer.undocumented::<()>(), Error::Status(_)));
        let answer = Answer {
            status: 206,
            ..answer
        };
        assert!(matches!(answer.undocumented::<()>(), Error::Decode(_)));
    }

    #[test]
    fn credential_errors_keep_the_providers_error() {
        #[derive(Debug, PartialEq)]
        struct Expired;
        impl ::std::fmt::Display for Expired {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("the refresh token has expired")
            }
        }
        impl ::std::error::Error for Expired {}
        let error = ProviderError::from_error(Expired);
        assert_eq!(error.message(), "the refresh token has expired");
        assert_eq!(error.downcast_ref::<Expired>(), Some(&Expired));
        assert!(::std::error::Error::source(&error).is_some());
        let error: Error<()> = Error::Credentials(error);
        assert_eq!(
            error.to_string(),
            "no credentials: the refresh token has expired"
        );
        assert_eq!(error.status(), None);
        assert!(ProviderError::new("x").downcast_ref::<Expired>().is_none());
    }
}
