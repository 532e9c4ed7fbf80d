//! Large bodies are streamed, never held in memory whole: 50 MB of a contact's image pass
//! through the client, downloaded and uploaded (a multipart file part read from disk, sent
//! again on a retry), while the test binary's live heap grows by far less (counted by a global
//! allocator that records its peak).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The system allocator, counting the bytes live now and their peak since [`Meter::reset`].
struct Meter {
    live: AtomicUsize,
    peak: AtomicUsize,
}

#[global_allocator]
static METER: Meter = Meter {
    live: AtomicUsize::new(0),
    peak: AtomicUsize::new(0),
};

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            self.grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        self.live.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            self.live.fetch_sub(layout.size(), Ordering::Relaxed);
            self.grew(new_size);
        }
        moved
    }
}

impl Meter {
    fn grew(&self, size: usize) {
        let live = self.live.fetch_add(size, Ordering::Relaxed) + size;
        self.peak.fetch_max(live, Ordering::Relaxed);
    }

    /// Starts a new peak from the bytes live now; returns them.
    fn reset(&self) -> usize {
        let live = self.live.load(Ordering::Relaxed);
        self.peak.store(live, Ordering::Relaxed);
        live
    }

    /// How far the live heap rose above `base` since the last reset.
    fn rise_since(&self, base: usize) -> usize {
        self.peak.load(Ordering::Relaxed).saturating_sub(base)
    }
}

/// One test at a time: the meter counts the whole binary's heap.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const FIFTY_MB: usize = 50 * 1024 * 1024;
/// The live heap a 50 MB transfer may add: buffers, never the body.
const BOUND: usize = 4 * 1024 * 1024;
const WRITE: usize = 64 * 1024;

/// The byte at `offset` of the served image: a pattern that a lost or repeated chunk breaks.
fn byte_at(offset: usize) -> u8 {
    (offset % 251) as u8
}

/// A raw HTTP/1.1 server answering one request with `FIFTY_MB` bytes, written in 64 KB pieces
/// (so that it never holds the body either). Returns its address and the request it read.
async fn image_server() -> (std::net::SocketAddr, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a random port");
    let address = listener.local_addr().expect("local address");
    let served = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = socket.read(&mut buffer).await.expect("the request");
            assert!(read > 0, "the request ended early");
            request.extend_from_slice(&buffer[..read]);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {FIFTY_MB}\r\nConnection: close\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await.expect("the head");
        let mut piece = vec![0u8; WRITE];
        for start in (0..FIFTY_MB).step_by(WRITE) {
            for (index, byte) in piece.iter_mut().enumerate() {
                *byte = byte_at(start + index);
            }
            if socket.write_all(&piece).await.is_err() {
                break;
            }
        }
        String::from_utf8_lossy(&request).into_owned()
    });
    (address, served)
}

/// Downloads contact 5's image chunk by chunk, checking each byte against `byte_at` and the
/// whole against `FIFTY_MB` and `image/png`; returns how many chunks it came in.
async fn download_image(client: &superoffice_webapi::client::Client) -> usize {
    let mut image = client
        .contact()
        .get_image(5)
        .await
        .expect("the image's answer");
    assert_eq!(image.content_type(), Some("image/png"));
    assert_eq!(image.content_length(), Some(FIFTY_MB as u64));
    let mut received = 0usize;
    let mut chunks = 0usize;
    while let Some(chunk) = image.chunk().await.expect("the next chunk") {
        for (index, byte) in chunk.iter().enumerate() {
            assert_eq!(
                *byte,
                byte_at(received + index),
                "byte {}",
                received + index
            );
        }
        received += chunk.len();
        chunks += 1;
    }
    assert_eq!(received, FIFTY_MB);
    chunks
}

#[tokio::test(flavor = "current_thread")]
async fn a_fifty_megabyte_download_is_streamed_with_bounded_memory() {
    let _alone = ONE_AT_A_TIME.lock().await;
    // The meter sees a large allocation (so the bound below means something).
    let base = METER.reset();
    let whole = std::hint::black_box(vec![1u8; FIFTY_MB / 5]);
    assert!(METER.rise_since(base) >= FIFTY_MB / 5);
    drop(whole);

    let (address, served) = image_server().await;
    let client = superoffice_webapi::client::Client::new(&format!("http://{address}"))
        .expect("a valid base URL")
        .with_basic("tje0", "Tje0");
    let base = METER.reset();
    let chunks = download_image(&client).await;
    assert!(chunks > 100, "the body came in pieces: {chunks}");
    let rise = METER.rise_since(base);
    assert!(
        rise < BOUND,
        "the live heap rose by {rise} bytes while 50 MB passed: the download was held in memory"
    );
    let request = served.await.expect("the server finished");
    assert!(
        request.starts_with("GET /api/v1/Contact/5/Image HTTP/1.1"),
        "{request}"
    );
    assert!(request.contains("accept: image/"), "{request}");
}

/// A raw HTTP/1.1 server reading `answers.len()` requests, each on its own connection, and
/// answering them in order; for each it checks the body as it arrives, keeping none of it:
/// its length, the file's bytes against `byte_at` (after the first part's headers of a
/// `multipart` body, which must end with its closing boundary; else the whole body). Returns
/// each request's (head, body length, whether the file arrived intact).
async fn upload_server(
    answers: Vec<&'static str>,
    multipart: bool,
) -> (
    std::net::SocketAddr,
    tokio::task::JoinHandle<Vec<(String, usize, bool)>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a random port");
    let address = listener.local_addr().expect("local address");
    let served = tokio::spawn(async move {
        let mut seen = Vec::new();
        for answer in answers {
            let (mut socket, _) = listener.accept().await.expect("a connection");
            let mut head = Vec::new();
            let mut buffer = vec![0u8; WRITE];
            let mut body_start = Vec::new();
            while body_start.is_empty() {
                let read = socket.read(&mut buffer).await.expect("the request");
                assert!(read > 0, "the request ended early");
                head.extend_from_slice(&buffer[..read]);
                if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                    body_start = head.split_off(end + 4);
                    body_start.insert(0, b'+'); // Not empty even when no body byte came yet.
                }
            }
            body_start.remove(0);
            let head = String::from_utf8_lossy(&head).into_owned();
            let length: usize = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .expect("a Content-Length");
            // The file starts after the first part's headers; the check runs over every chunk.
            let mut received = 0usize;
            let mut file_start = (!multipart).then_some(0);
            let mut prefix = Vec::new();
            let mut intact = true;
            let mut tail = Vec::new();
            let mut chunk = body_start;
            loop {
                if file_start.is_none() {
                    prefix.extend_from_slice(&chunk);
                    if let Some(end) = prefix.windows(4).position(|w| w == b"\r\n\r\n") {
                        file_start = Some(end + 4);
                    }
                }
                for (index, byte) in chunk.iter().enumerate() {
                    let at = received + index;
                    if let Some(start) = file_start {
                        if at >= start && at < start + FIFTY_MB {
                            intact &= *byte == byte_at(at - start);
                        }
                    }
                }
                received += chunk.len();
                tail.extend_from_slice(&chunk);
                let keep = tail.len().saturating_sub(64);
                tail.drain(..keep);
                if received >= length {
                    break;
                }
                let read = socket.read(&mut buffer).await.expect("the body");
                assert!(
                    read > 0,
                    "the body ended after {received} of {length} bytes"
                );
                chunk = buffer[..read].to_vec();
            }
            if multipart {
                intact &= String::from_utf8_lossy(&tail).ends_with("--\r\n");
            }
            seen.push((head, received, intact));
            socket
                .write_all(answer.as_bytes())
                .await
                .expect("the answer");
            let _ = socket.shutdown().await;
        }
        seen
    });
    (address, served)
}

/// A 50 MB file of `byte_at` under the test's temporary directory.
fn fifty_megabyte_file(name: &str) -> std::path::PathBuf {
    use std::io::Write as _;
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let mut file = std::fs::File::create(&path).expect("a file");
    let mut piece = vec![0u8; WRITE];
    for start in (0..FIFTY_MB).step_by(WRITE) {
        for (index, byte) in piece.iter_mut().enumerate() {
            *byte = byte_at(start + index);
        }
        file.write_all(&piece).expect("written");
    }
    path
}

#[tokio::test(flavor = "current_thread")]
async fn a_fifty_megabyte_upload_is_streamed_from_disk_and_read_again_on_a_retry() {
    use superoffice_webapi::client::{Client, RetryPolicy};
    use superoffice_webapi::runtime::Multipart;
    let _alone = ONE_AT_A_TIME.lock().await;
    let path = fifty_megabyte_file("upload-50mb.png");
    let (address, served) = upload_server(vec![
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1\r\nConnection: close\r\n\r\n7",
    ], true)
    .await;
    let client = Client::new(&format!("http://{address}"))
        .expect("a valid base URL")
        .with_basic("tje0", "Tje0")
        .with_retries(RetryPolicy::default());
    let base = METER.reset();
    let image = Multipart::new().file_from_path("image", &path, "image/png");
    let saved = client
        .contact()
        .save_image(5, image)
        .await
        .expect("saved after one retry");
    assert_eq!(saved, 7);
    let rise = METER.rise_since(base);
    let seen = served.await.expect("the server finished");
    std::fs::remove_file(&path).expect("removed");
    assert_eq!(seen.len(), 2, "sent, then sent again after the 503");
    for (head, received, intact) in &seen {
        assert!(
            head.starts_with("PUT /api/v1/Contact/5/Image HTTP/1.1"),
            "{head}"
        );
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: multipart/form-data; boundary="),
            "{head}"
        );
        assert!(
            *received > FIFTY_MB,
            "the whole file and the part headers: {received}"
        );
        assert!(*intact, "the file arrived byte for byte, the body closed");
    }
    assert!(
        rise < BOUND,
        "the live heap rose by {rise} bytes while 2 × 50 MB were sent: the upload was held in memory"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_raw_document_upload_streams_its_file_with_bounded_memory() {
    use superoffice_webapi::client::Client;
    use superoffice_webapi::operations::document::SetDocumentStreamFromIdBody;
    use superoffice_webapi::runtime::Content;
    let _alone = ONE_AT_A_TIME.lock().await;
    let path = fifty_megabyte_file("document-50mb.jpg");
    let (address, served) = upload_server(
        vec![
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        ],
        false,
    )
    .await;
    let client = Client::new(&format!("http://{address}"))
        .expect("a valid base URL")
        .with_basic("tje0", "Tje0");
    let base = METER.reset();
    let body = SetDocumentStreamFromIdBody::ImageJpeg(Content::file(&path));
    client
        .document()
        .set_document_stream_from_id(12, body)
        .await
        .expect("stored");
    let rise = METER.rise_since(base);
    let seen = served.await.expect("the server finished");
    std::fs::remove_file(&path).expect("removed");
    let [(head, received, intact)] = seen.as_slice() else {
        panic!("one request: {seen:?}");
    };
    assert!(
        head.starts_with("PUT /api/v1/Document/12/Content HTTP/1.1"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: image/jpeg"),
        "{head}"
    );
    assert_eq!(*received, FIFTY_MB);
    assert!(*intact, "the file arrived byte for byte");
    assert!(
        rise < BOUND,
        "the live heap rose by {rise} bytes while 50 MB were sent: the upload was held in memory"
    );
    // A file that is not there fails the call before anything is sent.
    let missing =
        SetDocumentStreamFromIdBody::ImageJpeg(Content::file(path.with_extension("gone")));
    let error = client
        .document()
        .set_document_stream_from_id(12, missing)
        .await
        .expect_err("no such file");
    assert!(
        error
            .to_string()
            .starts_with("invalid request: cannot read the file"),
        "{error}"
    );
}

/// A server stub answering `GET /api/v1/Contact/{id}/Image` with a file on disk.
struct ImageFiles {
    path: std::path::PathBuf,
}

impl superoffice_webapi::server::ContactApi for ImageFiles {
    async fn get_image(
        &self,
        params: superoffice_webapi::operations::contact::GetImageParams,
        _credentials: superoffice_webapi::auth::Credentials,
    ) -> Result<
        superoffice_webapi::runtime::Content,
        superoffice_webapi::server::ApiError<superoffice_webapi::models::WebApiError>,
    > {
        assert_eq!(params.contact_id, 5);
        Ok(superoffice_webapi::runtime::Content::file(&self.path))
    }
}

// The router needs every enabled tag's trait; these operations answer 501.
impl superoffice_webapi::server::ChatTopicApi for ImageFiles {}
impl superoffice_webapi::server::PersonApi for ImageFiles {}
impl superoffice_webapi::server::SaleApi for ImageFiles {}
impl superoffice_webapi::server::ContactAgentApi for ImageFiles {}
impl superoffice_webapi::server::DocumentApi for ImageFiles {}

#[tokio::test(flavor = "current_thread")]
async fn the_server_stub_streams_a_file_answer_with_bounded_memory() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let path = fifty_megabyte_file("served-50mb.png");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a random port");
    let address = listener.local_addr().expect("local address");
    let router = superoffice_webapi::server::router(ImageFiles { path: path.clone() });
    tokio::spawn(async move {
        superoffice_webapi::runtime::server::axum::serve(listener, router)
            .await
            .expect("serve");
    });
    let client = superoffice_webapi::client::Client::new(&format!("http://{address}"))
        .expect("a valid base URL")
        .with_basic("tje0", "Tje0");
    let base = METER.reset();
    download_image(&client).await;
    let rise = METER.rise_since(base);
    // A file that is gone is a 500 naming it, not a panic or an empty 200.
    std::fs::remove_file(&path).expect("removed");
    let error = client
        .contact()
        .get_image(5)
        .await
        .expect_err("the file is gone");
    assert_eq!(error.status(), Some(500));
    assert!(
        error
            .raw_body()
            .is_some_and(|body| body.contains("cannot read the file")),
        "{error}"
    );
    assert!(
        rise < BOUND,
        "the live heap rose by {rise} bytes while the stub served and the client read 50 MB"
    );
}
