//! Bodies that may be files: bytes in memory, or a file streamed from disk as it is sent (by
//! the client uploading, by the server answering), so that a large file is never held in
//! memory whole (futures-util and tokio's file reading live here).

/// A raw body, raw answer or multipart file part: bytes in memory, or a file read from disk as
/// it is sent (by the client anew for each attempt of a call; by the server as it answers).
/// What is received (a server's request body, a client's answer in an enum of outcomes) is
/// always bytes; a client's one raw answer is a `ByteStream`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// A file on disk, read as the body is sent.
    File(std::path::PathBuf),
}

impl Default for Content {
    fn default() -> Self {
        Content::Bytes(Vec::new())
    }
}

impl Content {
    /// The file at `path`, streamed from disk when sent (a missing or unreadable file fails the
    /// call before it is sent).
    pub fn file(path: impl Into<std::path::PathBuf>) -> Self {
        Content::File(path.into())
    }

    /// The bytes, when they are in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Bytes(bytes) => Some(bytes),
            Content::File(_) => None,
        }
    }
}

impl From<Vec<u8>> for Content {
    fn from(bytes: Vec<u8>) -> Self {
        Content::Bytes(bytes)
    }
}

impl From<&[u8]> for Content {
    fn from(bytes: &[u8]) -> Self {
        Content::Bytes(bytes.to_vec())
    }
}

/// A stretch of an encoded body: bytes, or a file's whole content.
// What is used of it depends on the features and on whether the crate has multipart bodies.
#[allow(dead_code)]
#[derive(Clone, Debug)]
pub(crate) enum Piece {
    Bytes(Vec<u8>),
    File(std::path::PathBuf),
}

#[cfg(feature = "client")]
impl crate::runtime::client::Outgoing {
    /// Sets a raw body of `media_type`: bytes as they are, a file streamed from disk.
    pub fn content_body(&mut self, media_type: &str, body: &Content) {
        let piece = match body {
            Content::Bytes(bytes) => Piece::Bytes(bytes.clone()),
            Content::File(path) => Piece::File(path.clone()),
        };
        self.pieces_body(media_type.to_owned(), vec![piece]);
    }

    /// Sets a body of `media_type` made of `pieces`: in memory when every piece is, else
    /// streamed with the files read from disk (a file that cannot be read refuses the call).
    pub(crate) fn pieces_body(&mut self, media_type: String, pieces: Vec<Piece>) {
        if pieces.iter().all(|piece| matches!(piece, Piece::Bytes(_))) {
            let bytes = pieces
                .into_iter()
                .flat_map(|piece| match piece {
                    Piece::Bytes(bytes) => bytes,
                    Piece::File(_) => Vec::new(),
                })
                .collect();
            self.set_body(media_type, bytes);
            return;
        }
        match Upload::new(pieces) {
            Ok(upload) => self.set_streamed_body(media_type, std::sync::Arc::new(upload)),
            Err(problem) => self.set_problem(problem),
        }
    }
}

/// How much of a file one chunk of a body reads.
#[cfg(any(feature = "client", feature = "server"))]
const CHUNK: usize = 64 * 1024;

/// `pieces` as a stream of chunks, files read from disk as they are asked for; the first
/// error (a file that cannot be opened or read) ends the stream.
#[cfg(any(feature = "client", feature = "server"))]
fn chunks(
    pieces: Vec<Piece>,
) -> impl ::futures_util::Stream<Item = std::io::Result<Vec<u8>>> + Send + 'static {
    use ::tokio::io::AsyncReadExt as _;
    type State = (std::vec::IntoIter<Piece>, Option<::tokio::fs::File>);
    let start: State = (pieces.into_iter(), None);
    ::futures_util::stream::unfold(start, |(mut rest, mut file)| async move {
        loop {
            if let Some(open) = file.as_mut() {
                let mut chunk = vec![0; CHUNK];
                match open.read(&mut chunk).await {
                    Ok(0) => file = None,
                    Ok(read) => {
                        chunk.truncate(read);
                        return Some((Ok(chunk), (rest, file)));
                    }
                    Err(error) => return Some((Err(error), (Vec::new().into_iter(), None))),
                }
                continue;
            }
            match rest.next()? {
                Piece::Bytes(bytes) => return Some((Ok(bytes), (rest, None))),
                Piece::File(path) => match ::tokio::fs::File::open(&path).await {
                    Ok(opened) => file = Some(opened),
                    Err(error) => return Some((Err(error), (Vec::new().into_iter(), None))),
                },
            }
        }
    })
}

#[cfg(feature = "server")]
impl crate::runtime::server::Incoming {
    /// A raw answer with `status`: bytes as they are, a file streamed from disk with its
    /// length; a file that cannot be read is a 500 naming it.
    pub fn content(
        &self,
        status: u16,
        body: Content,
        media_types: &[&'static str],
    ) -> crate::runtime::server::axum::response::Response {
        use crate::runtime::server::axum;
        match body {
            Content::Bytes(bytes) => self.bytes(status, bytes, media_types),
            Content::File(path) => match std::fs::metadata(&path) {
                Ok(metadata) => {
                    let stream = chunks(vec![Piece::File(path)]);
                    self.streamed(
                        status,
                        axum::body::Body::from_stream(stream),
                        metadata.len(),
                        media_types,
                    )
                }
                Err(error) => axum::response::IntoResponse::into_response(
                    crate::runtime::server::Rejection::new(
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                        format!(
                            "cannot read the file `{}` to answer: {error}",
                            path.display()
                        ),
                    ),
                ),
            },
        }
    }
}

/// A multipart body with file parts, read from disk anew for each attempt.
#[cfg(feature = "client")]
struct Upload {
    pieces: Vec<Piece>,
    length: u64,
}

#[cfg(feature = "client")]
impl Upload {
    /// The upload of `pieces`; a file that cannot be read is refused now, with its path.
    fn new(pieces: Vec<Piece>) -> Result<Self, String> {
        let mut length = 0;
        for piece in &pieces {
            length += match piece {
                Piece::Bytes(bytes) => bytes.len() as u64,
                Piece::File(path) => std::fs::metadata(path)
                    .map_err(|error| {
                        format!(
                            "cannot read the file `{}` to upload: {error}",
                            path.display()
                        )
                    })?
                    .len(),
            };
        }
        Ok(Self { pieces, length })
    }
}

#[cfg(feature = "client")]
impl crate::runtime::client::BodySource for Upload {
    fn body(&self) -> crate::runtime::client::reqwest::Body {
        crate::runtime::client::reqwest::Body::wrap_stream(chunks(self.pieces.clone()))
    }

    fn length(&self) -> u64 {
        self.length
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "client")]
    #[test]
    fn a_missing_file_refuses_the_call_naming_it() {
        let mut request = crate::runtime::client::Outgoing::new(
            crate::runtime::client::reqwest::Method::PUT,
            "/",
        );
        request.content_body("application/pdf", &Content::file("/no/such/file.pdf"));
        let problem = request.problem().expect("refused");
        assert!(
            problem.contains("cannot read the file `/no/such/file.pdf` to upload"),
            "{problem}"
        );
        let mut request = crate::runtime::client::Outgoing::new(
            crate::runtime::client::reqwest::Method::PUT,
            "/",
        );
        request.content_body("application/pdf", &Content::from(&b"%PDF"[..]));
        assert_eq!(request.problem(), None);
    }

    #[test]
    fn bytes_are_in_memory_and_files_are_not() {
        assert_eq!(Content::from(vec![1, 2]).bytes(), Some(&[1u8, 2][..]));
        assert_eq!(Content::file("a.pdf").bytes(), None);
        assert_eq!(Content::default(), Content::Bytes(Vec::new()));
    }
}
