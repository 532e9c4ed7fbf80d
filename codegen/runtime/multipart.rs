//! `multipart/*` bodies: named parts, files included. The client writes them here (a file
//! part on disk is streamed by `content`); the server reads them with multer (which lives here,
//! behind the `server` feature).

use crate::runtime::content::{Content, Piece};

/// One named part of a multipart body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Part {
    /// The form field's name.
    pub name: String,
    /// The file name, for a file part.
    pub file_name: Option<String>,
    /// The part's media type, when it has one.
    pub content_type: Option<String>,
    /// The part's content.
    pub body: Content,
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
            body: Content::Bytes(value.into().into_bytes()),
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
            body: Content::Bytes(body.into()),
        });
        self
    }

    /// Adds the file at `path`, named by its file name, which the client streams from disk as
    /// it sends the body (a missing or unreadable file fails the call before it is sent).
    pub fn file_from_path(
        mut self,
        name: impl Into<String>,
        path: impl Into<std::path::PathBuf>,
        content_type: impl Into<String>,
    ) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        self.push(Part {
            name: name.into(),
            file_name,
            content_type: Some(content_type.into()),
            body: Content::File(path),
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
            .and_then(|part| part.body.bytes())
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
    }

    /// A boundary that occurs in no part in memory (file parts are not read for it: the
    /// boundary's time and counter make a clash with a file's content practically impossible).
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
                part.body.bytes().is_some_and(|bytes| {
                    bytes
                        .windows(boundary.len())
                        .any(|window| window == boundary.as_bytes())
                })
            });
            if !taken {
                return boundary;
            }
        }
    }

    /// The body bytes with `boundary` (RFC 7578), file parts read from disk.
    pub fn encode(&self, boundary: &str) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        for piece in self.pieces(boundary) {
            match piece {
                Piece::Bytes(bytes) => out.extend_from_slice(&bytes),
                Piece::File(path) => out.extend_from_slice(&std::fs::read(path)?),
            }
        }
        Ok(out)
    }

    /// The encoded body with `boundary` as stretches of bytes and whole files.
    fn pieces(&self, boundary: &str) -> Vec<Piece> {
        let mut pieces = Vec::new();
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
            match &part.body {
                Content::Bytes(bytes) => out.extend_from_slice(bytes),
                Content::File(path) => {
                    pieces.push(Piece::Bytes(std::mem::take(&mut out)));
                    pieces.push(Piece::File(path.clone()));
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        pieces.push(Piece::Bytes(out));
        pieces
    }
}

#[cfg(feature = "client")]
impl crate::runtime::client::Outgoing {
    /// Sets a multipart body; `media_type` is the spec's (e.g. `multipart/form-data`), the
    /// boundary is added to it. A body with file parts is streamed from disk as it is sent.
    pub fn multipart_body(&mut self, media_type: &str, body: &Multipart) {
        let boundary = body.boundary();
        let essence = media_type.split(';').next().unwrap_or(media_type).trim();
        let media_type = format!("{essence}; boundary={boundary}");
        self.pieces_body(media_type, body.pieces(&boundary));
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
            body: Content::Bytes(bytes.to_vec()),
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
        let encoded = String::from_utf8(body.encode("B").expect("in memory")).expect("UTF-8");
        assert_eq!(
            encoded,
            "--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi \"there\"\r\n\
             --B\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nabc\r\n--B--\r\n"
        );
        assert_eq!(body.text_of("note"), Some("hi \"there\""));
        assert_eq!(
            body.get("upload").and_then(|p| p.body.bytes()),
            Some(&b"abc"[..])
        );
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
            .body(axum::body::Body::from(
                body.encode(&boundary).expect("in memory"),
            ))
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
    fn file_parts_are_read_from_disk_between_the_bytes_around_them() {
        let path = std::env::temp_dir().join(format!("multipart-{}.bin", std::process::id()));
        std::fs::write(&path, b"file content").expect("a temporary file");
        let body = Multipart::new().text("note", "hi").file_from_path(
            "upload",
            &path,
            "application/octet-stream",
        );
        let part = body.get("upload").expect("the file part");
        assert_eq!(
            part.file_name.as_deref(),
            path.file_name().and_then(|n| n.to_str())
        );
        let pieces = body.pieces("B");
        assert!(
            matches!(
                pieces.as_slice(),
                [Piece::Bytes(_), Piece::File(_), Piece::Bytes(_)]
            ),
            "{pieces:?}"
        );
        let encoded = String::from_utf8(body.encode("B").expect("readable")).expect("UTF-8");
        assert!(
            encoded.contains("Content-Type: application/octet-stream\r\n\r\nfile content\r\n--B--"),
            "{encoded}"
        );
        std::fs::remove_file(&path).expect("removed");
        assert!(body.encode("B").is_err(), "a missing file is an error");
    }

    #[cfg(feature = "client")]
    #[test]
    fn a_missing_file_refuses_the_call_naming_it() {
        let body = Multipart::new().file_from_path("upload", "/no/such/file.png", "image/png");
        let mut request = crate::runtime::client::Outgoing::new(
            crate::runtime::client::reqwest::Method::PUT,
            "/",
        );
        request.multipart_body("multipart/form-data", &body);
        let problem = request.problem().expect("refused");
        assert!(
            problem.contains("cannot read the file `/no/such/file.png` to upload"),
            "{problem}"
        );
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
