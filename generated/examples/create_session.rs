//! Creates a chat session on a chat topic (`POST /api/v1/ChatTopic/{id}/Sessions`) with the
//! generated client and prints the new session as pretty JSON.
//!
//! ```text
//! cargo run -p superoffice-webapi --example create_session -- \
//!     --base-url http://127.0.0.1:8080 --topic 7 --user tje0 --password Tje0
//! ```
//!
//! Credentials: `--user U --password P` (Basic), `--ticket T` (SoTicket) or `--token T`
//! (Bearer); at most one kind. `--language LANG` sends `Accept-Language: LANG`.
//!
//! Exit codes: 0 on success, 1 when the call fails (the server's status and SuperOffice
//! `ErrorMessage` go to stderr), 2 on bad arguments. Try it against the `serve` example.

use std::process::ExitCode;

use superoffice_webapi::client::{BuildError, Client, Error};

const USAGE: &str = "\
usage: create_session --base-url URL --topic ID [CREDENTIALS] [--language LANG]

  --base-url URL     the WebAPI's base URL, e.g. https://online.superoffice.com/Cust12345
  --topic ID         the chat topic id (an integer)
  --language LANG    send Accept-Language: LANG

CREDENTIALS, at most one of:
  --user U --password P    Basic authentication
  --ticket T               SoTicket authentication
  --token T                Bearer authentication";

/// The credentials given on the command line.
enum Auth {
    None,
    Basic { user: String, password: String },
    Ticket(String),
    Token(String),
}

struct Args {
    base_url: String,
    topic: i32,
    auth: Auth,
    language: Option<String>,
}

/// Parses the arguments after the program name: `Ok(None)` for `--help`, `Err` with a
/// message for the user when they are wrong.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut base_url = None;
    let mut topic = None;
    let mut user = None;
    let mut password = None;
    let mut ticket = None;
    let mut token = None;
    let mut language = None;
    while let Some(option) = args.next() {
        let slot = match option.as_str() {
            "--base-url" => &mut base_url,
            "--topic" => &mut topic,
            "--user" => &mut user,
            "--password" => &mut password,
            "--ticket" => &mut ticket,
            "--token" => &mut token,
            "--language" => &mut language,
            "--help" | "-h" => return Ok(None),
            _ => return Err(format!("unknown argument `{option}`")),
        };
        let value = args
            .next()
            .ok_or_else(|| format!("{option} needs a value"))?;
        if slot.replace(value).is_some() {
            return Err(format!("{option} is given more than once"));
        }
    }

    let base_url = base_url.ok_or("--base-url is required")?;
    let topic = topic.ok_or("--topic is required")?;
    let topic = topic
        .parse()
        .map_err(|_| format!("--topic must be an integer chat topic id, not `{topic}`"))?;
    let auth = match (user, password, ticket, token) {
        (None, None, None, None) => Auth::None,
        (Some(user), Some(password), None, None) => Auth::Basic { user, password },
        (None, None, Some(ticket), None) => Auth::Ticket(ticket),
        (None, None, None, Some(token)) => Auth::Token(token),
        (Some(_), None, None, None) => return Err("--user needs --password".into()),
        (None, Some(_), None, None) => return Err("--password needs --user".into()),
        _ => {
            return Err(
                "give only one kind of credentials: --user/--password, --ticket or --token".into(),
            )
        }
    };
    Ok(Some(Args {
        base_url,
        topic,
        auth,
        language,
    }))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let client = match Client::new(&args.base_url) {
        Ok(client) => client,
        Err(error @ BuildError::InvalidBaseUrl(_)) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let client = match args.auth {
        Auth::None => client,
        Auth::Basic { user, password } => client.with_basic(user, password),
        Auth::Ticket(ticket) => client.with_so_ticket(ticket),
        Auth::Token(token) => client.with_bearer(token),
    };
    let client = match args.language {
        Some(language) => client.with_accept_language(language),
        None => client,
    };

    match client
        .chat_topic()
        .create_chat_session_for_topic(args.topic)
        .await
    {
        Ok(session) => match serde_json::to_string_pretty(&session) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: cannot write the session as JSON: {error}");
                ExitCode::FAILURE
            }
        },
        Err(Error::Status(response)) => {
            let status = match response.reason() {
                Some(reason) => format!("{} {reason}", response.status),
                None => response.status.to_string(),
            };
            // The SuperOffice ErrorMessage when the body has one, else the body as it came.
            let message = response
                .body
                .as_ref()
                .and_then(|body| body.error_message.value())
                .map_or(response.raw.as_str(), String::as_str);
            let message = if message.is_empty() {
                "(no body)"
            } else {
                message
            };
            eprintln!("error: the server answered {status}: {message}");
            ExitCode::FAILURE
        }
        Err(error) => {
            // Transport, decode and invalid-request errors: the text names the cause.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
