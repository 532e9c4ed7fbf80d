//! Receiving SuperOffice's webhooks end to end: `webhook::router` served on 127.0.0.1 hands a
//! correctly signed payload to its handler and answers 200; a body changed by one byte, a
//! missing or malformed signature is 401 and never reaches the handler; a body that is not a
//! payload is 400. The `webhook_receiver` example does the same and prints each event as one
//! JSON line.

mod support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use superoffice_webapi::runtime::Secret;
use superoffice_webapi::webhook::{self, Webhook, SIGNATURE_HEADER};
use support::{raw, serve};
use tokio::sync::mpsc;

/// A `contact.created` payload as SuperOffice's reference page shows it.
const CONTACT_CREATED: &str = r#"{
  "EventId": "8337ae4a-1dd6-40fd-8dc7-a050664a0af7",
  "Timestamp": "2018-04-24T07:50:50.6812131Z",
  "Changes": ["contact_id", "name", "updated"],
  "Event": "contact.created",
  "PrimaryKey": 17,
  "Entity": "contact",
  "ContextIdentifier": "Cust12345",
  "ChangedByAssociateId": 5,
  "WebhookName": "crm-sync",
  "FieldValues": {"associate_id": 5, "deleted": false, "source": "2"}
}"#;

const SECRET: &str = "the webhook's secret";

/// `POST /` with `body` and, when given, the signature header.
async fn post(address: SocketAddr, signature: Option<&str>, body: &[u8]) -> support::RawAnswer {
    let head = match signature {
        Some(signature) => format!(
            "POST / HTTP/1.1\r\nContent-Type: application/json\r\n{SIGNATURE_HEADER}: {signature}\r\nX-SuperOffice-Event: contact.created"
        ),
        None => "POST / HTTP/1.1\r\nContent-Type: application/json".to_owned(),
    };
    raw(address, &head, body).await
}

#[tokio::test]
async fn signed_payloads_reach_the_handler_and_the_rest_is_refused() {
    let (sender, mut received) = mpsc::unbounded_channel::<Webhook>();
    let app = webhook::router(Some(Secret::new(SECRET)), move |hook: Webhook| {
        let sender = sender.clone();
        async move {
            let _ = sender.send(hook);
        }
    });
    let address = serve(app).await;
    let secret = Secret::new(SECRET);
    let body = CONTACT_CREATED.as_bytes();
    let signature = webhook::sign(&secret, body);

    let answer = post(address, Some(&signature), body).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let hook = received.try_recv().expect("the handler got the event");
    assert_eq!(hook.event.event, "contact.created");
    assert_eq!((hook.event.primary_key, hook.event.changes.len()), (17, 3));
    assert_eq!(hook.event_header.as_deref(), Some("contact.created"));
    let written = serde_json::to_value(&hook.event).expect("serializes");
    let sent: serde_json::Value = serde_json::from_str(CONTACT_CREATED).expect("JSON");
    assert_eq!(written, sent, "the payload reads and writes back as sent");

    let mut changed = body.to_vec();
    let at = CONTACT_CREATED.find("17").expect("the primary key");
    changed[at] = b'8';
    for (case, signature, body) in [
        (
            "one byte changed",
            Some(signature.as_str()),
            changed.as_slice(),
        ),
        ("no signature", None, body),
        ("not base64", Some("%%%"), body),
        (
            "another secret's",
            Some(&webhook::sign(&Secret::new("other"), body)),
            body,
        ),
    ] {
        let answer = post(address, signature, body).await;
        assert_eq!(answer.status, 401, "{case}: {answer:?}");
        let text = String::from_utf8_lossy(&answer.body);
        assert!(
            !text.contains(SECRET),
            "{case}: the answer names the secret: {text}"
        );
    }
    let not_a_payload = br#"{"hello": "world"}"#;
    let answer = post(
        address,
        Some(&webhook::sign(&secret, not_a_payload)),
        not_a_payload,
    )
    .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(
        received.try_recv().is_err(),
        "refused requests never reach the handler"
    );
}

#[tokio::test]
async fn without_a_secret_unsigned_payloads_are_taken() {
    let app = webhook::router(None, |_hook: Webhook| async {});
    let address = serve(app).await;
    assert_eq!(
        post(address, None, CONTACT_CREATED.as_bytes()).await.status,
        200
    );
}

/// The `webhook_receiver` example on a free port, its address and its stdout.
fn receiver(secret: &str) -> (Child, SocketAddr, BufReader<std::process::ChildStdout>) {
    let binary = support::example("webhook_receiver");
    let mut child = Command::new(&binary)
        .args(["--port", "0", "--secret", secret])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the address line");
    let address = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .expect("an address");
    (child, address, stdout)
}

#[tokio::test]
async fn the_webhook_receiver_example_prints_verified_events() {
    let (mut child, address, mut stdout) = receiver(SECRET);
    let body = CONTACT_CREATED.as_bytes();
    let signature = webhook::sign(&Secret::new(SECRET), body);
    assert_eq!(post(address, Some(&signature), body).await.status, 200);
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the event line");
    let printed: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
    let sent: serde_json::Value = serde_json::from_str(CONTACT_CREATED).expect("JSON");
    assert_eq!(printed, sent);

    assert_eq!(post(address, Some("AAAA"), body).await.status, 401);
    assert_eq!(post(address, None, body).await.status, 401);
    let not_a_payload = b"not json";
    let signed = webhook::sign(&Secret::new(SECRET), not_a_payload);
    assert_eq!(
        post(address, Some(&signed), not_a_payload).await.status,
        400
    );
    let _ = child.kill();
    let _ = child.wait();
}
