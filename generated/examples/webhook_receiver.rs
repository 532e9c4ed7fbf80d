//! Receives SuperOffice webhooks on 127.0.0.1:PORT (port 0 picks a free one; the address is
//! printed first) and prints each verified event as one JSON line on stdout.
//!
//! ```text
//! cargo run -p superoffice-webapi --example webhook_receiver -- --port 8080 --secret SECRET
//! ```
//!
//! - `POST /` with a correct `X-SuperOffice-Signature` (base64 HMAC-SHA256 of the body keyed
//!   with SECRET) and a webhook payload: 200, and the payload printed as one line.
//! - A wrong or missing signature: 401. A body that is not a webhook payload: 400.
//! - The test event SuperOffice sends when the webhook is registered is answered 200 too.
//!
//! SuperOffice only delivers to HTTPS target URLs: put it behind a TLS-terminating proxy.

use std::error::Error;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::runtime::Secret;
use superoffice_webapi::webhook::{self, Webhook};
use tokio::net::TcpListener;

const USAGE: &str =
    "usage: webhook_receiver --port PORT --secret SECRET   (port 0 picks a free one)";

/// `--port PORT --secret SECRET`, in either order.
fn parse_args() -> Result<(u16, Secret), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut port, mut secret) = (None, None);
    let mut rest = args.iter();
    while let Some(option) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{option} needs a value"))?;
        match option.as_str() {
            "--port" => {
                let parsed = value.parse().map_err(|_| {
                    format!("--port must be a number from 0 to 65535, not `{value}`")
                })?;
                port = Some(parsed);
            }
            "--secret" => secret = Some(Secret::new(value.as_str())),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    match (port, secret) {
        (Some(port), Some(secret)) => Ok((port, secret)),
        _ => Err("expected `--port PORT --secret SECRET`".into()),
    }
}

/// Prints the event as one JSON line (stdout is flushed, so a reader sees it at once).
async fn print_event(hook: Webhook) {
    let line = serde_json::to_string(&hook.event).expect("an event serializes");
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

async fn serve(port: u16, secret: Secret) -> Result<(), Box<dyn Error>> {
    let app = webhook::router(Some(secret), print_event);
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    println!("listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    axum::serve(listener, app).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let (port, secret) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match serve(port, secret).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
