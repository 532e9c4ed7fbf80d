//! `multipart/*` bodies: named parts, files included. The client writes them here; the server
//! reads them with multer (which lives here, behind the `server` feature).

/// One named part of a multipart body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Part {
    /// The form field's name.
    pub name: String,
    /// The file name, for a file part.
    pub file_name: Option<String>,
    /// The part's media type, when it has one.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub body: Vec<u8>,
}

/// A multipart body: its parts in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            body: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        self.push(Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            body: body.into(),
        });
        self
    }

    /// Adds a part.
    pub fn push(&mut self, part: Part) {
        self.parts.push(part);
    }

    /// Every part, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The first part named `name`.
    pub fn get(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|part| part.name == name)
    }

    /// The text of the first part named `name`, when it is UTF-8.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|part| std::str::from_utf8(&part.body).ok())
    }

    /// A boundary that occurs in no part.
    pub fn boundary(&self) -> String {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        loop {
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            let boundary = format!("----generated-{nanos:x}-{count:x}");
            let taken = self.parts.iter().any(|part| {
                part.body
                    .windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
            });
            if !taken {
                return boundary;
            }
        }
    }

    /// The body bytes with `boundary` (RFC 7578).
    pub fn encode(&self, boundary: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                let content_type: String =
                    content_type.chars().filter(|c| !c.is_control()).collect();
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.body);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        out
    }
}

#[cfg(feature = "client")]
impl crate::runtime::client::Outgoing {
    /// Sets a multipart body; `media_type` is the spec's (e.g. `multipart/form-data`), the
    /// boundary is added to it.
    pub fn multipart_body(&mut self, media_type: &str, body: &Multipart) {
        let boundary = body.boundary();
        let essence = media_type.split(';').next().unwrap_or(media_type).trim();
        self.set_body(
            format!("{essence}; boundary={boundary}"),
            body.encode(&boundary),
        );
    }
}

/// A name inside `"…"` of a Content-Disposition header, as browsers write it.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Reads a request's multipart body; a malformed one is a 400.
#[cfg(feature = "server")]
pub async fn read(
    incoming: &crate::runtime::server::Incoming,
) -> Result<Multipart, crate::runtime::server::Rejection> {
    use crate::runtime::server::axum::http::StatusCode;
    use crate::runtime::server::Rejection;
    let refuse = |message: String| Rejection::new(StatusCode::BAD_REQUEST, message);
    let content_type = incoming
        .content_type()
        .ok_or_else(|| refuse("a multipart body needs a Content-Type with a boundary".into()))?;
    let boundary = ::multer::parse_boundary(content_type)
        .map_err(|error| refuse(format!("the multipart Content-Type is not usable: {error}")))?;
    let bytes = incoming.body_bytes().clone();
    let stream =
        ::futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut reader = ::multer::Multipart::new(stream, boundary);
    let mut body = Multipart::new();
    loop {
        let field = reader
            .next_field()
            .await
            .map_err(|error| refuse(format!("the multipart body is malformed: {error}")))?;
        let Some(field) = field else {
            return Ok(body);
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|error| refuse(format!("multipart part `{name}` is malformed: {error}")))?;
        body.push(Part {
            name,
            file_name,
            content_type,
            body: bytes.to_vec(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_text_and_file_parts() {
        let body = Multipart::new().text("note", "hi \"there\"").file(
            "upload",
            "a.txt",
            "text/plain",
            b"abc".to_vec(),
        );
        let encoded = String::from_utf8(body.encode("B")).expect("UTF-8");
        assert_eq!(
            encoded,
            "--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi \"there\"\r\n\
             --B\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nabc\r\n--B--\r\n"
        );
        assert_eq!(body.text_of("note"), Some("hi \"there\""));
        assert_eq!(body.get("upload").map(|p| p.body.len()), Some(3));
    }

    /// What the client writes, the server reads back part by part.
    #[cfg(feature = "server")]
    #[tokio::test]
    async fn the_server_reads_what_the_client_writes() {
        use crate::runtime::server::{axum, Incoming, ServerOptions};
        let body = Multipart::new().text("note", "ünïcode").file(
            "upload",
            "a b.bin",
            "application/octet-stream",
            vec![0, 1, 255],
        );
        let boundary = body.boundary();
        let request = axum::http::Request::builder()
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(axum::body::Body::from(body.encode(&boundary)))
            .expect("a request");
        let incoming = Incoming::read(request, &[], &ServerOptions::default())
            .await
            .expect("read");
        assert_eq!(read(&incoming).await, Ok(body));
        let request = axum::http::Request::builder()
            .header("content-type", "multipart/form-data")
            .body(axum::body::Body::from("x"))
            .expect("a request");
        let incoming = Incoming::read(request, &[], &ServerOptions::default())
            .await
            .expect("read");
        let error = read(&incoming).await.expect_err("no boundary");
        assert!(error.message().contains("multipart"), "{}", error.message());
    }

    #[test]
    fn the_boundary_never_occurs_in_a_part() {
        let first = Multipart::new().boundary();
        let body = Multipart::new().text("x", first.clone());
        let second = body.boundary();
        assert_ne!(first, second);
        assert!(!first.contains(&second));
    }
}
