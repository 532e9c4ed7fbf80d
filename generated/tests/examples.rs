//! The two examples work together as their docs say: `serve` answers, `create_session` prints
//! the session, or the status and SuperOffice `ErrorMessage` with exit code 1.
//!
//! `cargo test` builds the examples next to the test binaries (`target/debug/examples/`).

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use support::example;

/// The `serve` example on a free port; killed when dropped.
struct Server {
    child: Child,
    base_url: String,
}

impl Server {
    fn start() -> Self {
        let mut child = Command::new(example("serve"))
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the serve example");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the address line");
        let base_url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, base_url }
    }

    fn create_session(&self, args: &[&str]) -> Output {
        Command::new(example("create_session"))
            .args(["--base-url", &self.base_url])
            .args(args)
            .output()
            .expect("run the create_session example")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn create_session_against_serve() {
    let server = Server::start();

    let ok = server.create_session(&["--topic", "7", "--user", "tje0", "--password", "Tje0"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let session: serde_json::Value =
        serde_json::from_slice(&ok.stdout).expect("the session as JSON");
    assert_eq!(session["TopicId"], 7);
    assert_eq!(session["ChatSessionId"], 247);
    assert!(String::from_utf8_lossy(&ok.stdout).contains("\n  \"TopicId\": 7"));

    let missing = server.create_session(&["--topic", "0", "--token", "t"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr).trim(),
        "error: the server answered 404 Not Found: No chat topic with id 0"
    );

    let anonymous = server.create_session(&["--topic", "7"]);
    assert_eq!(anonymous.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&anonymous.stderr).contains("401 Unauthorized"));

    let wrong = server.create_session(&["--topic", "seven"]);
    assert_eq!(wrong.status.code(), Some(2));
}
