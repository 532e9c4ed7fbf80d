//! Bodies and responses → what an operation's generated code sends and receives: one payload
//! per distinct type and encoding, success outcomes keyed by status, and the error body type.
//!
//! JSON media types are preferred; a form or multipart body of the same type as a JSON one is
//! the same data in another encoding and is left to the JSON payload. XML is not generated
//! yet: it is skipped when another media type exists, else carried as raw bytes. A body whose
//! schema is a `format: binary` string is raw bytes in any media type but a request's
//! multipart.

use serde_json::{Map, Value};

use super::context::Context;
use super::node::kind_of;
use crate::diagnostic::Cause;
use crate::model::{
    Body, Content, Encoding, Exchange, Outcome, Payload, RequestBody, Response, ResponseHeader,
    StatusMatch, TypeRef,
};
use crate::naming::{pascal_case, Scope};
use crate::pointer::JsonPointer;

/// How the generated code handles a media type; `None` for kinds it does not write yet.
pub fn encoding_of(media_type: &str) -> Option<Encoding> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    if essence == "application/json"
        || essence == "text/json"
        || essence == "*/*"
        || subtype.ends_with("+json")
    {
        Some(Encoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(Encoding::Form)
    } else if kind == "multipart" {
        Some(Encoding::Multipart)
    } else if subtype == "xml" || subtype.ends_with("+xml") {
        None
    } else if kind == "text" {
        Some(Encoding::Text)
    } else {
        Some(Encoding::Binary)
    }
}

/// The variant name a status gets in a per-operation response enum.
fn status_variant(status: StatusMatch) -> String {
    let name = match status {
        StatusMatch::Code(200) => "Ok",
        StatusMatch::Code(201) => "Created",
        StatusMatch::Code(202) => "Accepted",
        StatusMatch::Code(203) => "NonAuthoritativeInformation",
        StatusMatch::Code(204) => "NoContent",
        StatusMatch::Code(205) => "ResetContent",
        StatusMatch::Code(206) => "PartialContent",
        StatusMatch::Code(207) => "MultiStatus",
        StatusMatch::Code(208) => "AlreadyReported",
        StatusMatch::Code(226) => "ImUsed",
        StatusMatch::Code(304) => "NotModified",
        StatusMatch::Code(code) => return format!("Status{code}"),
        StatusMatch::Class(class) => return format!("Status{class}xx"),
        StatusMatch::Default => "Default",
    };
    name.to_owned()
}

/// `200`, `2XX` or `default`.
fn parse_status(status: &str) -> Option<StatusMatch> {
    if status == "default" {
        return Some(StatusMatch::Default);
    }
    let bytes = status.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return None;
    }
    if status[1..].eq_ignore_ascii_case("xx") {
        return Some(StatusMatch::Class(bytes[0] - b'0'));
    }
    status.parse().ok().map(StatusMatch::Code)
}

/// A conditional GET's "not modified" status.
const NOT_MODIFIED: u16 = 304;

/// `payload` whose JSON type may also be `null` when `nullable` is set.
fn nullable_if(mut payload: Payload, nullable: bool) -> Payload {
    let wrap = nullable
        && payload.encoding == Encoding::Json
        && !matches!(payload.ty, TypeRef::Nullable(_) | TypeRef::Any);
    if wrap {
        payload.ty = TypeRef::Nullable(Box::new(payload.ty));
    }
    payload
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Class(class) => class == 2,
        StatusMatch::Default => false,
    }
}

/// The operation extension making a 2xx JSON answer nullable (`Option<T>`): the server answers
/// `null` for "not found" (SuperOffice's agents).
const NULLABLE_ANSWER: &str = "x-nullable-answer";

/// The operation extension naming the property that marks a 2xx JSON object answer as the
/// operation's error body (`{property: Message}`).
const IN_BAND_ERROR: &str = "x-in-band-error";

impl Context<'_> {
    /// What the operation at `op_at` sends and receives.
    pub(super) fn exchange(
        &mut self,
        body: Option<&Body>,
        responses: &[Response],
        operation: &Map<String, Value>,
        op_at: &JsonPointer,
        security: &[Vec<String>],
    ) -> Exchange {
        let request = body.and_then(|body| {
            let payloads = self.payloads(&body.contents, &body.origin, true, false);
            (!payloads.is_empty()).then(|| RequestBody {
                required: body.required,
                payloads,
                description: body.description.clone(),
            })
        });
        let mut parsed = Vec::new();
        for response in responses {
            match parse_status(&response.status) {
                Some(status) => parsed.push((status, response)),
                None => self.error(
                    &op_at.push("responses").push(response.status.as_str()),
                    format!(
                        "response status `{}` is not a status code; use a code such as `200`, a class such as `4XX`, or `default`",
                        response.status
                    ),
                ),
            }
        }
        let mut success: Vec<(StatusMatch, &Response)> = parsed
            .iter()
            .copied()
            .filter(|(status, _)| is_success(*status))
            .collect();
        // A documented 304 (a conditional GET's "not modified") is an outcome beside the 2xx
        // ones, without a body, rather than an error.
        if !success.is_empty() {
            success.extend(
                parsed
                    .iter()
                    .copied()
                    .filter(|(status, _)| *status == StatusMatch::Code(NOT_MODIFIED)),
            );
        }
        if success.is_empty() {
            // Only `default` (or nothing) documented: it describes the normal answer.
            success.extend(
                parsed
                    .iter()
                    .copied()
                    .filter(|(status, _)| *status == StatusMatch::Default),
            );
        }
        let nullable_answer = self.flag_extension(operation, op_at, NULLABLE_ANSWER);
        let mut variants = Scope::new();
        let mut outcomes: Vec<Outcome> = success
            .iter()
            .map(|(status, response)| {
                let body = if *status == StatusMatch::Code(NOT_MODIFIED) {
                    None
                } else {
                    self.payloads(&response.contents, &response.origin, true, true)
                        .into_iter()
                        .next()
                        .map(|payload| nullable_if(payload, nullable_answer))
                };
                Outcome {
                    status: *status,
                    variant: variants.claim(&status_variant(*status)),
                    description: response.description.clone(),
                    body,
                    headers: self.response_headers(&response.origin),
                }
            })
            .collect();
        if outcomes.is_empty() {
            outcomes.push(Outcome {
                status: StatusMatch::Class(2),
                variant: "Success".to_owned(),
                description: None,
                body: None,
                headers: Vec::new(),
            });
        }
        let mut error_types: Vec<TypeRef> = Vec::new();
        for (status, response) in &parsed {
            if success.iter().any(|(s, _)| s == status) {
                continue;
            }
            let json = self
                .payloads(&response.contents, &response.origin, false, true)
                .into_iter()
                .find(|p| p.encoding == Encoding::Json);
            if let Some(payload) = json {
                if !error_types.contains(&payload.ty) {
                    error_types.push(payload.ty);
                }
            }
        }
        let error = match error_types.as_slice() {
            [single] => Some(single.clone()),
            _ => None,
        };
        let in_band_error = self.in_band_error(operation, op_at, error.is_some());
        Exchange {
            request,
            success: outcomes,
            error,
            in_band_error,
            security: security.to_vec(),
        }
    }

    /// Whether the boolean extension `name` of the operation is `true`; another value than a
    /// boolean is a warning and counts as `false`.
    fn flag_extension(
        &mut self,
        operation: &Map<String, Value>,
        op_at: &JsonPointer,
        name: &str,
    ) -> bool {
        match operation.get(name) {
            None => false,
            Some(Value::Bool(flag)) => *flag,
            Some(other) => {
                self.warn_of(
                    Cause::IgnoredExtension,
                    &op_at.push(name),
                    format!(
                        "`{name}` must be `true` or `false`, found {}; ignored",
                        kind_of(other)
                    ),
                );
                false
            }
        }
    }

    /// The marker property of the operation's `x-in-band-error` (`{property: Message}`), when
    /// it has one it can use: the operation needs an error body type to decode the answer as.
    fn in_band_error(
        &mut self,
        operation: &Map<String, Value>,
        op_at: &JsonPointer,
        has_error_type: bool,
    ) -> Option<String> {
        let value = operation.get(IN_BAND_ERROR)?;
        let at = op_at.push(IN_BAND_ERROR);
        let property = value.get("property").and_then(Value::as_str);
        let problem = match property {
            None => format!(
                "`{IN_BAND_ERROR}` must be a mapping with a string `property` (the property marking an error answer, e.g. `{{property: Message}}`), found {}; ignored",
                kind_of(value)
            ),
            Some(_) if !has_error_type => format!(
                "`{IN_BAND_ERROR}` needs the operation's error answers to share one JSON body type, which the marked answer is decoded as; ignored"
            ),
            Some(property) => return Some(property.to_owned()),
        };
        self.warn_of(Cause::IgnoredExtension, &at, problem);
        None
    }

    /// The `headers` a response documents (each may be a `$ref`), in spec order.
    fn response_headers(&mut self, response_at: &JsonPointer) -> Vec<ResponseHeader> {
        let at = response_at.push("headers");
        let Some(headers) = self.object_at(&at) else {
            return Vec::new();
        };
        let mut documented = Vec::new();
        for (name, header) in headers {
            let header_at = at.push(name.as_str());
            let description = self
                .follow_refs(header, &header_at)
                .and_then(|(header, _)| header.get("description"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            documented.push(ResponseHeader {
                name: name.clone(),
                description,
            });
        }
        documented
    }

    /// One payload per distinct (encoding, type) among `contents`, in spec order. With `warn`,
    /// a body whose every media type is unsupported is reported and carried as raw bytes. An
    /// `answer` in a form or multipart encoding is received as raw bytes.
    fn payloads(
        &mut self,
        contents: &[Content],
        at: &JsonPointer,
        warn: bool,
        answer: bool,
    ) -> Vec<Payload> {
        let usable = contents
            .iter()
            .any(|c| encoding_of(&c.media_type).is_some());
        let mut payloads: Vec<Payload> = Vec::new();
        let mut variants = Scope::new();
        for content in contents {
            let encoding = match encoding_of(&content.media_type) {
                Some(encoding) => encoding,
                None if usable => continue,
                None => {
                    if warn {
                        self.warn(
                            &at.push("content").push(content.media_type.as_str()),
                            format!(
                                "media type `{}` is not generated yet; the body is sent and received as raw bytes",
                                content.media_type
                            ),
                        );
                    }
                    Encoding::Binary
                }
            };
            let binary = content.ty == Some(TypeRef::Bytes);
            let encoding = match encoding {
                // A binary string schema: the body is its bytes, whatever the media type
                // (a request's multipart body stays parts).
                Encoding::Json | Encoding::Text | Encoding::Form if binary => Encoding::Binary,
                Encoding::Multipart if binary && answer => Encoding::Binary,
                Encoding::Form | Encoding::Multipart if answer => {
                    if warn {
                        self.warn(
                            &at.push("content").push(content.media_type.as_str()),
                            format!(
                                "answers in `{}` are not decoded yet; they are received as raw bytes",
                                content.media_type
                            ),
                        );
                    }
                    Encoding::Binary
                }
                other => other,
            };
            let ty = match encoding {
                Encoding::Json | Encoding::Form | Encoding::Multipart => {
                    content.ty.clone().unwrap_or(TypeRef::Any)
                }
                Encoding::Text => TypeRef::Primitive(crate::model::Primitive::String),
                Encoding::Binary => TypeRef::Bytes,
            };
            // A form of a type JSON already carries is the same data: JSON is sent.
            let alternative = matches!(encoding, Encoding::Form | Encoding::Multipart)
                && contents.iter().any(|other| {
                    encoding_of(&other.media_type) == Some(Encoding::Json)
                        && other.ty.as_ref().unwrap_or(&TypeRef::Any) == &ty
                });
            if alternative {
                continue;
            }
            if let Some(existing) = payloads
                .iter_mut()
                .find(|p| p.encoding == encoding && p.ty == ty)
            {
                existing.media_types.push(content.media_type.clone());
                if content.media_type.eq_ignore_ascii_case("application/json") {
                    existing.media_type = content.media_type.clone();
                }
                continue;
            }
            let stem = content
                .media_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim_start_matches("application/")
                .replace('*', "any");
            payloads.push(Payload {
                variant: variants.claim(&pascal_case(&stem)),
                media_type: content.media_type.clone(),
                media_types: vec![content.media_type.clone()],
                encoding,
                ty,
            });
        }
        payloads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_media_types() {
        assert_eq!(encoding_of("application/json"), Some(Encoding::Json));
        assert_eq!(
            encoding_of("application/json-patch+json"),
            Some(Encoding::Json)
        );
        assert_eq!(
            encoding_of("Text/JSON; charset=utf-8"),
            Some(Encoding::Json)
        );
        assert_eq!(encoding_of("text/plain"), Some(Encoding::Text));
        assert_eq!(
            encoding_of("application/octet-stream"),
            Some(Encoding::Binary)
        );
        assert_eq!(encoding_of("application/xml"), None);
        assert_eq!(
            encoding_of("application/x-www-form-urlencoded"),
            Some(Encoding::Form)
        );
        assert_eq!(
            encoding_of("multipart/form-data; boundary=x"),
            Some(Encoding::Multipart)
        );
    }

    #[test]
    fn parses_statuses() {
        assert_eq!(parse_status("200"), Some(StatusMatch::Code(200)));
        assert_eq!(parse_status("4XX"), Some(StatusMatch::Class(4)));
        assert_eq!(parse_status("2xx"), Some(StatusMatch::Class(2)));
        assert_eq!(parse_status("default"), Some(StatusMatch::Default));
        assert_eq!(parse_status("20"), None);
        assert_eq!(parse_status("600"), None);
        assert_eq!(parse_status("abc"), None);
    }

    #[test]
    fn names_statuses() {
        assert_eq!(status_variant(StatusMatch::Code(201)), "Created");
        assert_eq!(status_variant(StatusMatch::Code(299)), "Status299");
        assert_eq!(status_variant(StatusMatch::Class(2)), "Status2xx");
    }
}
