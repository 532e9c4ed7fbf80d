//! Operations: their parameters, the bodies and responses the spec gives, and the exchange
//! (payloads, success outcomes, error body) the generated code sends and receives.

use super::types::{Docs, TypeRef};
use crate::pointer::JsonPointer;

/// An HTTP operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// snake_case Rust name, unique within its group: the client method (of the group's
    /// handle) and the server trait method. From `x-rust-name`, else the operationId.
    pub name: String,
    /// snake_case module (file) name of its client and operations files, unique within its
    /// group: `name`, cut short when very long.
    pub module: String,
    /// PascalCase stem of the operation's types (`{stem}Params`, `{stem}Request`, ...), unique
    /// within its group.
    pub type_name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template, e.g. `/api/v1/ChatTopic/{chatTopicId}/Sessions`.
    pub path: String,
    /// `summary` and `description`.
    pub docs: Docs,
    /// Tags, in spec order.
    pub tags: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path-level and operation-level parameters, operation-level winning.
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub request_body: Option<Body>,
    /// Responses in spec order.
    pub responses: Vec<Response>,
    /// Security requirement alternatives (scheme names); `None` inherits the document's.
    pub security: Option<Vec<Vec<String>>>,
    /// What the generated code sends and receives, decided from the bodies and responses.
    pub exchange: Exchange,
    /// Index of its group in [`Model::groups`](crate::model::Model::groups).
    pub group: usize,
    /// The server route (axum syntax, path parameters named `p0`, `p1`, … by position), or
    /// `None` when the path cannot be served (a warning says why).
    pub route: Option<String>,
    /// Where the operation is.
    pub origin: JsonPointer,
}

impl Operation {
    /// The first tag, which decides the server trait the operation belongs to.
    pub fn primary_tag(&self) -> Option<&str> {
        self.tags.first().map(String::as_str)
    }

    /// The route name of the path parameter `wire` (`p0`, `p1`, … by position in the path).
    pub fn route_name(&self, wire: &str) -> Option<String> {
        path_parameters(&self.path)
            .iter()
            .position(|name| *name == wire)
            .map(|index| format!("p{index}"))
    }

    /// Parameters that travel in `location`, in spec order.
    pub fn parameters_in(&self, location: ParameterLocation) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(move |p| p.location == location)
    }
}

/// The `{name}`s of a path template, in order.
pub fn path_parameters(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// What an operation's generated code sends and receives.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The request body, when the operation takes one the generator can send.
    pub request: Option<RequestBody>,
    /// The answers that count as success, in spec order; never empty.
    pub success: Vec<Outcome>,
    /// The error body type: the one type every documented failure answer shares.
    pub error: Option<TypeRef>,
    /// The property whose presence in a 2xx JSON object answer makes that answer the
    /// operation's error body instead of its output (`x-in-band-error`: SuperOffice's agents
    /// answer invalid data with `200 {"Message": …}`).
    pub in_band_error: Option<String>,
    /// Security requirement alternatives in effect (scheme names; an empty alternative means
    /// no credentials are needed). Empty when the operation needs no credentials at all.
    pub security: Vec<Vec<String>>,
}

impl Exchange {
    /// Every payload of the request and the success answers.
    pub fn payloads(&self) -> impl Iterator<Item = &Payload> {
        self.request
            .iter()
            .flat_map(|r| &r.payloads)
            .chain(self.success.iter().filter_map(|o| o.body.as_ref()))
    }

    /// Whether the operation needs (or accepts) credentials.
    pub fn is_secured(&self) -> bool {
        !self.security.is_empty()
    }
}

/// The request body an operation takes.
#[derive(Clone, Debug)]
pub struct RequestBody {
    /// The body must be sent.
    pub required: bool,
    /// One payload per distinct type, in spec order; several make a per-operation enum.
    pub payloads: Vec<Payload>,
    /// The spec's description of the body.
    pub description: Option<String>,
}

/// A body of one type in one encoding.
#[derive(Clone, Debug)]
pub struct Payload {
    /// Unique PascalCase variant name, used when the body has several payloads.
    pub variant: String,
    /// The media type the client sends or the server answers with by default.
    pub media_type: String,
    /// Every media type carrying this payload that the generated code reads or writes.
    pub media_types: Vec<String>,
    /// How the bytes encode the value.
    pub encoding: Encoding,
    /// The value's type (`Vec<u8>`/`String` stand in for binary and text).
    pub ty: TypeRef,
}

/// How a payload is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// JSON (`application/json`, `text/json`, `*/*+json`).
    Json,
    /// UTF-8 text (`text/*`): the value is a `String`.
    Text,
    /// Any other bytes: the value is a `Vec<u8>`.
    Binary,
    /// `application/x-www-form-urlencoded`: the value's fields as `name=value` pairs.
    Form,
    /// `multipart/*`: the value is a `runtime::Multipart` (named parts, files included).
    Multipart,
}

/// Which statuses an outcome covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// A class such as `2XX` (the first digit).
    Class(u8),
    /// `default`: any status not listed otherwise.
    Default,
}

impl StatusMatch {
    /// The status a server answers with for this outcome.
    pub fn representative(self, has_body: bool) -> u16 {
        match self {
            StatusMatch::Code(code) => code,
            StatusMatch::Class(class) if class != 2 => u16::from(class) * 100,
            _ if has_body => 200,
            _ => 204,
        }
    }
}

/// One documented success answer.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// Unique PascalCase variant name of the per-operation response enum (`Ok`, `Created`, ...).
    pub variant: String,
    /// The spec's description.
    pub description: Option<String>,
    /// The body, if the answer has one.
    pub body: Option<Payload>,
    /// The response headers the spec documents, in spec order.
    pub headers: Vec<ResponseHeader>,
}

/// A documented response header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHeader {
    /// The header name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParameterLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// The name on the wire.
    pub wire: String,
    /// Unique snake_case Rust name within the operation.
    pub name: String,
    /// Where it travels.
    pub location: ParameterLocation,
    /// Must be sent.
    pub required: bool,
    /// Its type: a scalar, or a `Vec` of scalars.
    pub ty: TypeRef,
    /// How lists are written (`style` and `explode`).
    pub style: ParameterStyle,
    /// Description.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the parameter is defined (after `$ref`).
    pub origin: JsonPointer,
    /// A header most operations share: it travels in the operation's `CommonHeaders`, not in
    /// a field of its own (see [`DefaultHeader::common_field`]).
    pub common: bool,
}

/// How a list parameter is written (OpenAPI `style` with `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterStyle {
    /// One value: comma-separated items (path and header `simple`, query `form` without explode).
    Comma,
    /// Query `form` with explode: the name repeated once per item.
    Repeated,
    /// Query `spaceDelimited`: items separated by spaces.
    Space,
    /// Query `pipeDelimited`: items separated by `|`.
    Pipe,
}

/// The `…Params` field that holds an operation's common headers (`operations::CommonHeaders`).
pub const COMMON_HEADERS_FIELD: &str = "common_headers";

/// A header parameter a client can set once for all calls.
#[derive(Clone, Debug)]
pub struct DefaultHeader {
    /// The header name on the wire.
    pub wire: String,
    /// Unique snake_case name of the client's setter (`with_…`).
    pub setter: String,
    /// Its type (a scalar).
    pub ty: TypeRef,
    /// Description.
    pub docs: Docs,
    /// Its field in `operations::CommonHeaders` (and the name of its setter on every request)
    /// when most operations take it; `None` when each operation that takes it has a field.
    pub common_field: Option<String>,
}

/// A request body as the spec gives it.
#[derive(Clone, Debug)]
pub struct Body {
    /// Must be sent.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// Media types in spec order with their schema, if any.
    pub contents: Vec<Content>,
    /// Where the body is defined (after `$ref`).
    pub origin: JsonPointer,
}

/// One media type of a body.
#[derive(Clone, Debug)]
pub struct Content {
    /// The media type, e.g. `application/json`.
    pub media_type: String,
    /// Its schema, if given.
    pub ty: Option<TypeRef>,
}

/// One documented response.
#[derive(Clone, Debug)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: String,
    /// Description.
    pub description: Option<String>,
    /// Media types with their schema.
    pub contents: Vec<Content>,
    /// Where the response is defined (after `$ref`).
    pub origin: JsonPointer,
}
