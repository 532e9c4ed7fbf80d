//! Signs in as a tenant's system user and makes one call: reads contact ID and prints it as
//! JSON.
//!
//! ```text
//! cargo run -p superoffice-webapi --example system_user -- \
//!     --login-base https://sod.superoffice.com --tenant-url https://sod2.superoffice.com/Cust12345 \
//!     --context Cust12345 --key app-private-key.xml --contact 1
//! ```
//!
//! The app's secrets come from the environment, never the command line (which other users of
//! the machine can read): `SO_APP_TOKEN` (the app's client_secret) and `SO_SYSTEM_TOKEN` (the
//! tenant's system user token). `--key` is the app's RSA private key as the Developer Portal
//! hands it out (.NET RSA-XML) or as PEM.
//!
//! The ticket is exchanged once (`SystemUser` caches it for 6 hours, sliding) and sent by the
//! client, whose credential provider the system user is; on a 401 the client has it exchange
//! a fresh ticket and resends the call once. Exit code 0 with the
//! contact on stdout; 1 with the error (which never shows a secret) on stderr; 2 for bad
//! arguments.

use std::error::Error;
use std::process::ExitCode;
use std::sync::Arc;

use superoffice_webapi::client::Client;
use superoffice_webapi::operations::contact::GetContactEntityResponse;
use superoffice_webapi::system_user::{PrivateKey, SystemUser};

const USAGE: &str =
    "usage: system_user --login-base URL --tenant-url URL --context CTX --key FILE --contact ID\n\
                     environment: SO_APP_TOKEN (the app's client_secret), SO_SYSTEM_TOKEN";

/// The command line and environment.
struct Args {
    login_base: String,
    tenant_url: String,
    context: String,
    key_file: String,
    contact: i32,
    app_token: String,
    system_token: String,
}

fn parse_args() -> Result<Args, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut rest = args.iter();
    let (mut login_base, mut tenant_url, mut context, mut key_file, mut contact) =
        (None, None, None, None, None);
    while let Some(option) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{option} needs a value"))?
            .clone();
        match option.as_str() {
            "--login-base" => login_base = Some(value),
            "--tenant-url" => tenant_url = Some(value),
            "--context" => context = Some(value),
            "--key" => key_file = Some(value),
            "--contact" => {
                contact = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--contact must be a contact id, not `{value}`"))?,
                )
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    match (login_base, tenant_url, context, key_file, contact) {
        (Some(login_base), Some(tenant_url), Some(context), Some(key_file), Some(contact)) => {
            Ok(Args {
                login_base,
                tenant_url,
                context,
                key_file,
                contact,
                app_token: env("SO_APP_TOKEN")?,
                system_token: env("SO_SYSTEM_TOKEN")?,
            })
        }
        _ => Err("missing an option".into()),
    }
}

async fn run(args: Args) -> Result<String, Box<dyn Error>> {
    let key = PrivateKey::parse(&std::fs::read_to_string(&args.key_file)?)?;
    let system_user = SystemUser::builder(
        args.login_base.as_str(),
        args.app_token.as_str(),
        args.context.as_str(),
        args.system_token.as_str(),
        key,
    )
    .build()?;
    // The system user is the client's credential provider: each call sends its ticket and
    // SO-AppToken; a 401 makes the client exchange a fresh ticket and resend once.
    let client = Client::new(&args.tenant_url)?.with_credential_provider(Arc::new(system_user));
    match client.contact().get_contact_entity(args.contact).await? {
        GetContactEntityResponse::Ok(contact) => Ok(serde_json::to_string_pretty(&contact)?),
        // Only a call with `if_modified_since` is answered 304 Not Modified.
        GetContactEntityResponse::NotModified => Err("the contact was not sent".into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(contact) => {
            println!("{contact}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
