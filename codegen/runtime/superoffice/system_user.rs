//! SuperOffice Online system-user tickets: the app's RSA key, the signed system token, the
//! exchange for a JWT, its validation, and a cached ticket.
//!
//! A server-side app that a tenant's administrator has approved gets a `system_token`
//! (`AppName-<random>`, in the administrator's id_token). To call the tenant's WebAPI without a
//! user, the app signs `"{system_token}.{UTC yyyyMMddHHmm}"` with its RSA private key (SHA-256,
//! PKCS#1 v1.5), POSTs it to `{login_base}/Login/api/PartnerSystemUser/Authenticate` with its
//! `client_secret` and the tenant's context identifier, and gets back a JWT signed by
//! SuperOffice. The JWT is checked (RS256 with a key of `{login_base}/login/.well-known/jwks`,
//! issuer `SuperOffice AS`, audience `spn:{serial}`, expiry, tenant) and its
//! `http://schemes.superoffice.net/identity/ticket` claim is the credential: send it as
//! `Authorization: SOTicket {ticket}` together with `SO-AppToken: {client_secret}`.
//!
//! The ticket lives 6 hours with sliding expiration, and every exchange creates a credentials
//! record in the tenant's database, so [`SystemUser`] exchanges once and reuses the ticket,
//! exchanging again only when it has gone unused for the sliding period or after
//! [`SystemUser::invalidate`] (call it when the API answers 401).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use superoffice_webapi::system_user::{PrivateKey, SystemUser};
//!
//! let key = PrivateKey::parse(&std::fs::read_to_string("app-private-key.xml")?)?;
//! let system_user = SystemUser::builder(
//!     "https://sod.superoffice.com",
//!     "the app's client_secret",
//!     "Cust12345",
//!     "MyApp-e1f2...",
//!     key,
//! )
//! .build()?;
//! let ticket = system_user.ticket().await?;
//! // Authorization: SOTicket {ticket.expose()}, SO-AppToken: client_secret
//! # let _ = ticket;
//! # Ok(())
//! # }
//! ```
//!
//! Secrets never print: the key's `Debug` shows only its size, the system token, the
//! application token, the signed token and the ticket are [`Secret`]s, and no error carries
//! any of them, nor key material, nor the JWT.
//!
//! RSA is the RustCrypto `rsa` crate (0.9), which has a known timing side channel
//! (RUSTSEC-2023-0071, "Marvin"); signing here is blinded with the OS's random numbers, which
//! narrows it, and the key signs only a short token a few times a day.

use ::std::sync::{Arc, Mutex, MutexGuard};
use ::std::time::{Duration, SystemTime, UNIX_EPOCH};

use ::rsa::pkcs1::DecodeRsaPrivateKey;
use ::rsa::pkcs8::DecodePrivateKey;
use ::rsa::signature::{RandomizedSigner, SignatureEncoding};
use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use ::rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use ::sha2::Sha256;

use crate::runtime::client::reqwest;
use crate::runtime::Secret;

pub use ::jsonwebtoken;
pub use ::rsa;

/// The issuer of system-user JWTs.
pub const ISSUER: &str = "SuperOffice AS";
/// The claim holding the ticket.
pub const TICKET_CLAIM: &str = "http://schemes.superoffice.net/identity/ticket";
/// The claim holding the tenant's WebAPI URL (un-numbered: combine it with the tenant status).
pub const WEBAPI_URL_CLAIM: &str = "http://schemes.superoffice.net/identity/webapi_url";
/// The claim holding the tenant's context identifier (`Cust12345`).
pub const CONTEXT_CLAIM: &str = "ctx";
/// The claim whose value makes the audience (`spn:{serial}`).
pub const SERIAL_CLAIM: &str = "serial";
/// The exchange's path below the login base.
pub const AUTHENTICATE_PATH: &str = "/Login/api/PartnerSystemUser/Authenticate";
/// The JWKS's path below the login base.
pub const JWKS_PATH: &str = "/login/.well-known/jwks";
/// How long a ticket lives unused (sliding expiration).
pub const TICKET_LIFETIME: Duration = Duration::from_secs(6 * 60 * 60);
/// How far the JWT's `exp` and `nbf` may be off the local clock.
pub const CLOCK_LEEWAY: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// The app's private key
// ---------------------------------------------------------------------------------------------

/// The app's RSA private key. Its `Debug` shows only its size.
#[derive(Clone)]
pub struct PrivateKey(RsaPrivateKey);

impl ::std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "PrivateKey(RSA {} bits, <redacted>)", self.bits())
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for PrivateKey {}

/// Why a private key was refused. Never holds key material.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The text is neither RSA-XML (`<RSAKeyValue>`) nor PEM (`-----BEGIN`).
    UnknownFormat,
    /// An RSA-XML element is missing (or not closed).
    MissingElement(&'static str),
    /// An RSA-XML element is not base64.
    NotBase64(&'static str),
    /// The PEM block is not a PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) RSA key;
    /// the reason is the decoder's (positions and ASN.1 tags, no key bytes).
    Pem(String),
    /// The numbers do not make a consistent RSA private key (the element named, if one
    /// disagrees with the others).
    Inconsistent(&'static str),
}

impl ::std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::UnknownFormat => f.write_str(
                "the private key is neither .NET RSA-XML (<RSAKeyValue>) nor PEM (-----BEGIN …)",
            ),
            Self::MissingElement(name) => {
                write!(f, "the RSA-XML private key has no <{name}> element")
            }
            Self::NotBase64(name) => {
                write!(f, "the RSA-XML private key's <{name}> is not base64")
            }
            Self::Pem(reason) => write!(
                f,
                "the PEM private key is not a PKCS#1 or PKCS#8 RSA key: {reason}"
            ),
            Self::Inconsistent(what) => {
                write!(f, "the RSA private key is inconsistent ({what})")
            }
        }
    }
}

impl ::std::error::Error for KeyError {}

impl PrivateKey {
    /// Reads a key in either form the app may hold: .NET RSA-XML (what the Developer Portal
    /// hands out) or PEM (PKCS#1 or PKCS#8), told apart by their first characters.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('<') {
            Self::from_rsa_xml(trimmed)
        } else if trimmed.starts_with("-----BEGIN") {
            Self::from_pem(trimmed)
        } else {
            Err(KeyError::UnknownFormat)
        }
    }

    /// Reads .NET's `RSA.ToXmlString(true)` form: `<RSAKeyValue>` with `Modulus`, `Exponent`,
    /// `P`, `Q`, `DP`, `DQ`, `InverseQ` and `D`, each a base64 big-endian integer (whitespace
    /// inside is ignored). The CRT values must agree with the others.
    pub fn from_rsa_xml(xml: &str) -> Result<Self, KeyError> {
        let root = element(xml, "RSAKeyValue")?;
        let number = |name: &'static str| -> Result<BigUint, KeyError> {
            let text: String = element(root, name)?
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let bytes =
                crate::runtime::base64::decode(&text).map_err(|_| KeyError::NotBase64(name))?;
            if bytes.is_empty() {
                return Err(KeyError::NotBase64(name));
            }
            Ok(BigUint::from_bytes_be(&bytes))
        };
        let (n, e, d) = (number("Modulus")?, number("Exponent")?, number("D")?);
        let (p, q) = (number("P")?, number("Q")?);
        let (dp, dq, qinv) = (number("DP")?, number("DQ")?, number("InverseQ")?);
        if &p * &q != n {
            return Err(KeyError::Inconsistent("P × Q is not the modulus"));
        }
        let key = RsaPrivateKey::from_components(n, e, d, vec![p, q])
            .map_err(|_| KeyError::Inconsistent("the components"))?;
        key.validate()
            .map_err(|_| KeyError::Inconsistent("the exponents"))?;
        if key.dp() != Some(&dp) {
            return Err(KeyError::Inconsistent("DP"));
        }
        if key.dq() != Some(&dq) {
            return Err(KeyError::Inconsistent("DQ"));
        }
        if key.crt_coefficient().as_ref() != Some(&qinv) {
            return Err(KeyError::Inconsistent("InverseQ"));
        }
        Ok(Self(key))
    }

    /// Reads a PEM private key: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`) or PKCS#8
    /// (`-----BEGIN PRIVATE KEY-----`, unencrypted).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let pem = pem.trim();
        let key = if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
            RsaPrivateKey::from_pkcs1_pem(pem).map_err(|error| KeyError::Pem(error.to_string()))?
        } else if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
            RsaPrivateKey::from_pkcs8_pem(pem).map_err(|error| KeyError::Pem(error.to_string()))?
        } else {
            return Err(KeyError::Pem(
                "expected `-----BEGIN RSA PRIVATE KEY-----` or `-----BEGIN PRIVATE KEY-----`"
                    .to_owned(),
            ));
        };
        key.validate()
            .map_err(|_| KeyError::Inconsistent("the components"))?;
        Ok(Self(key))
    }

    /// The modulus's size in bits.
    pub fn bits(&self) -> usize {
        self.0.size() * 8
    }

    /// The public half (what SuperOffice registered for the app).
    pub fn public_key(&self) -> RsaPublicKey {
        self.0.to_public_key()
    }

    /// Signs the system token for the minute `at` falls in (UTC):
    /// `"{system_token}.{yyyyMMddHHmm}.{base64(RSA-SHA256 PKCS#1 v1.5 signature)}"`, the
    /// signature over the UTF-8 bytes of the part before it.
    pub fn sign_system_token(&self, system_token: &str, at: SystemTime) -> Secret {
        let message = format!("{system_token}.{}", minute_stamp(at));
        let signer = ::rsa::pkcs1v15::SigningKey::<Sha256>::new(self.0.clone());
        let signature = signer.sign_with_rng(&mut ::rsa::rand_core::OsRng, message.as_bytes());
        let encoded = crate::runtime::base64::encode(signature.to_bytes());
        Secret::new(format!("{message}.{encoded}"))
    }
}

/// The text between `<name>` and `</name>` (the first such element).
fn element<'a>(xml: &'a str, name: &'static str) -> Result<&'a str, KeyError> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open).ok_or(KeyError::MissingElement(name))? + open.len();
    let length = xml[start..]
        .find(&close)
        .ok_or(KeyError::MissingElement(name))?;
    Ok(&xml[start..start + length])
}

/// `yyyyMMddHHmm` of `at` in UTC.
pub fn minute_stamp(at: SystemTime) -> String {
    ::chrono::DateTime::<::chrono::Utc>::from(at)
        .format("%Y%m%d%H%M")
        .to_string()
}

/// The signed system token for `system_token` at `at` (see [`PrivateKey::sign_system_token`]).
pub fn sign_system_token(key: &PrivateKey, system_token: &str, at: SystemTime) -> Secret {
    key.sign_system_token(system_token, at)
}

// ---------------------------------------------------------------------------------------------
// The JWT
// ---------------------------------------------------------------------------------------------

/// Why a system-user JWT was refused. Never holds the token or any of its claims' values.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// Not a JWT (three base64url parts with a JSON header and claims).
    Malformed,
    /// Signed with another algorithm than RS256.
    Algorithm,
    /// No key of the JWKS has the token's `kid` (after fetching the JWKS again).
    UnknownKey,
    /// A JWKS key cannot be used for RS256.
    BadKey,
    /// The signature is not by the key it names.
    Signature,
    /// `exp` has passed.
    Expired,
    /// `nbf` has not come yet.
    NotYetValid,
    /// The issuer is not `SuperOffice AS`.
    Issuer,
    /// The audience is not `spn:{serial}`.
    Audience,
    /// The `ctx` claim names another tenant than the one asked for.
    Context,
    /// A required claim is missing or not a string (`exp`, `iss`, `aud`, `serial`, the ticket).
    MissingClaim(&'static str),
}

impl ::std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("the system-user JWT was refused: ")?;
        match self {
            Self::Malformed => f.write_str("it is not a well-formed JWT"),
            Self::Algorithm => f.write_str("it is not signed with RS256"),
            Self::UnknownKey => f.write_str("no key of SuperOffice's JWKS has its `kid`"),
            Self::BadKey => f.write_str("the JWKS key it names is not an RSA key"),
            Self::Signature => f.write_str("its signature does not verify"),
            Self::Expired => f.write_str("it has expired"),
            Self::NotYetValid => f.write_str("it is not valid yet (`nbf`)"),
            Self::Issuer => write!(f, "its issuer is not `{ISSUER}`"),
            Self::Audience => f.write_str("its audience is not `spn:{serial}`"),
            Self::Context => f.write_str("its `ctx` names another tenant"),
            Self::MissingClaim(claim) => write!(f, "claim `{claim}` is missing or not text"),
        }
    }
}

impl ::std::error::Error for TokenError {}

/// What a validated system-user JWT says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    /// `http://schemes.superoffice.net/identity/ticket`: the credential (`7T:…`).
    pub ticket: Secret,
    /// `http://schemes.superoffice.net/identity/webapi_url`, when present.
    pub webapi_url: Option<String>,
    /// `ctx`, the tenant's context identifier, when present.
    pub context_identifier: Option<String>,
    /// `serial`, whose `spn:` form is the audience.
    pub serial: String,
    /// `exp`.
    pub expires: SystemTime,
}

/// Validates a system-user JWT against `jwks` at time `now`, strictly: RS256 with the key its
/// header's `kid` names (every RSA key of the set is tried when it names none), issuer
/// [`ISSUER`], audience `spn:{serial}`, `exp` (and `nbf`, when present) within
/// [`CLOCK_LEEWAY`], and, when `context_identifier` is given, `ctx` equal to it.
///
/// The audience is built from the token's own `serial` claim, read before the signature is
/// checked, as SuperOffice's documentation and its .NET helper do. That is sound because the
/// value read early only *selects* what to compare: the signature check that follows covers
/// the same claims, so a token whose `serial` was altered fails it, and a token that passes
/// carries exactly the `serial` we compared with. It also means the audience check binds the
/// token to nothing we chose; what binds it to us is the signature by SuperOffice's key, the
/// issuer, the exchange over TLS to the login host we configured, and the `ctx` check.
pub fn validate_token(
    token: &str,
    jwks: &::jsonwebtoken::jwk::JwkSet,
    context_identifier: Option<&str>,
    now: SystemTime,
) -> Result<TokenClaims, TokenError> {
    use ::jsonwebtoken::errors::ErrorKind;
    use ::jsonwebtoken::{Algorithm, DecodingKey, Validation};

    install_jwt_crypto_provider();
    let header = ::jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
    if header.alg != Algorithm::RS256 {
        return Err(TokenError::Algorithm);
    }
    // Unverified: only to learn which audience to require (see above).
    let unverified = ::jsonwebtoken::dangerous::insecure_decode::<::serde_json::Value>(token)
        .map_err(|_| TokenError::Malformed)?;
    let serial = claim_text(&unverified.claims, SERIAL_CLAIM)?;

    let candidates: Vec<&::jsonwebtoken::jwk::Jwk> = match &header.kid {
        Some(kid) => jwks
            .keys
            .iter()
            .filter(|jwk| jwk.common.key_id.as_deref() == Some(kid.as_str()))
            .collect(),
        None => jwks.keys.iter().collect(),
    };
    if candidates.is_empty() {
        return Err(TokenError::UnknownKey);
    }

    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[format!("spn:{serial}")]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    // Time is checked below against the caller's clock.
    validation.validate_exp = false;
    validation.validate_nbf = false;

    let mut outcome = Err(TokenError::BadKey);
    for jwk in candidates {
        let Ok(key) = DecodingKey::from_jwk(jwk) else {
            continue;
        };
        if !matches!(key.family(), ::jsonwebtoken::AlgorithmFamily::Rsa) {
            continue;
        }
        match ::jsonwebtoken::decode::<::serde_json::Value>(token, &key, &validation) {
            Ok(data) => {
                outcome = Ok(data.claims);
                break;
            }
            Err(error) => {
                outcome = Err(match error.kind() {
                    ErrorKind::InvalidSignature => TokenError::Signature,
                    ErrorKind::InvalidIssuer => TokenError::Issuer,
                    ErrorKind::InvalidAudience => TokenError::Audience,
                    ErrorKind::InvalidAlgorithm => TokenError::Algorithm,
                    ErrorKind::MissingRequiredClaim(claim) => TokenError::MissingClaim(
                        ["exp", "iss", "aud"]
                            .into_iter()
                            .find(|known| known == claim)
                            .unwrap_or("exp"),
                    ),
                    ErrorKind::InvalidRsaKey(_) | ErrorKind::InvalidKeyFormat => TokenError::BadKey,
                    _ => TokenError::Malformed,
                });
                // Another key of the same `kid` may still verify it; a claim error will not
                // change with the key.
                if !matches!(outcome, Err(TokenError::Signature | TokenError::BadKey)) {
                    break;
                }
            }
        }
    }
    let claims = outcome?;

    let now_secs = now
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0);
    let leeway = CLOCK_LEEWAY.as_secs();
    let exp = claims
        .get("exp")
        .and_then(::serde_json::Value::as_u64)
        .ok_or(TokenError::MissingClaim("exp"))?;
    if exp.saturating_add(leeway) <= now_secs {
        return Err(TokenError::Expired);
    }
    if let Some(nbf) = claims.get("nbf") {
        let nbf = nbf.as_u64().ok_or(TokenError::MissingClaim("nbf"))?;
        if nbf > now_secs.saturating_add(leeway) {
            return Err(TokenError::NotYetValid);
        }
    }
    // The verified serial is the one the audience was built from.
    if claim_text(&claims, SERIAL_CLAIM)? != serial {
        return Err(TokenError::Audience);
    }
    let context = optional_text(&claims, CONTEXT_CLAIM);
    if let (Some(wanted), Some(context)) = (context_identifier, context.as_deref()) {
        if !wanted.eq_ignore_ascii_case(context) {
            return Err(TokenError::Context);
        }
    }
    Ok(TokenClaims {
        ticket: Secret::new(claim_text(&claims, TICKET_CLAIM)?),
        webapi_url: optional_text(&claims, WEBAPI_URL_CLAIM),
        context_identifier: context,
        serial,
        expires: UNIX_EPOCH + Duration::from_secs(exp),
    })
}

/// A claim that must be text (a number is taken as its decimal text, for `serial`).
fn claim_text(claims: &::serde_json::Value, name: &'static str) -> Result<String, TokenError> {
    match claims.get(name) {
        Some(::serde_json::Value::String(text)) if !text.is_empty() => Ok(text.clone()),
        Some(::serde_json::Value::Number(number)) if name == SERIAL_CLAIM => Ok(number.to_string()),
        _ => Err(TokenError::MissingClaim(name)),
    }
}

fn optional_text(claims: &::serde_json::Value, name: &str) -> Option<String> {
    claims
        .get(name)
        .and_then(::serde_json::Value::as_str)
        .map(str::to_owned)
}

/// Makes RustCrypto jsonwebtoken's process-wide crypto provider, unless one is installed
/// already. This crate enables jsonwebtoken's `rust_crypto` feature; should another crate of
/// the program enable `aws_lc_rs` too, jsonwebtoken would not know which to use and panic.
pub fn install_jwt_crypto_provider() {
    // An error only means a provider is installed already (or was chosen), which is fine.
    let _ = ::jsonwebtoken::crypto::CryptoProvider::install_default(
        &::jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER,
    );
}

// ---------------------------------------------------------------------------------------------
// The exchange and the cached ticket
// ---------------------------------------------------------------------------------------------

/// Which of SuperOffice's login endpoints an error concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /Login/api/PartnerSystemUser/Authenticate`.
    Authenticate,
    /// `GET /login/.well-known/jwks`.
    Jwks,
}

impl ::std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(match self {
            Self::Authenticate => "the system-user exchange (PartnerSystemUser/Authenticate)",
            Self::Jwks => "SuperOffice's JWKS",
        })
    }
}

/// Why no ticket could be had. Never holds a secret: not the key, the system token, the
/// application token, the signed token, the JWT or the ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SystemUserError {
    /// The login base is not an absolute http(s) URL without query, fragment or user info.
    LoginBase(String),
    /// The HTTP client could not be started.
    HttpClient(String),
    /// The request did not get an answer (connection, TLS, timeout).
    Transport {
        /// The endpoint called.
        endpoint: Endpoint,
        /// What went wrong (without the URL).
        message: String,
    },
    /// The answer's status is not 2xx.
    Status {
        /// The endpoint called.
        endpoint: Endpoint,
        /// The HTTP status.
        status: u16,
    },
    /// The answer is not the JSON expected.
    Reply {
        /// The endpoint called.
        endpoint: Endpoint,
        /// Where and how it fails (line, column, the kind of error; never its text).
        message: String,
    },
    /// SuperOffice refused the exchange (`IsSuccessful: false`) with this `ErrorMessage`.
    Refused(String),
    /// The JWT SuperOffice answered with was refused.
    Token(TokenError),
}

impl ::std::fmt::Display for SystemUserError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::LoginBase(message) | Self::HttpClient(message) => f.write_str(message),
            Self::Transport { endpoint, message } => {
                write!(f, "{endpoint} could not be reached: {message}")
            }
            Self::Status { endpoint, status } => write!(f, "{endpoint} answered HTTP {status}"),
            Self::Reply { endpoint, message } => {
                write!(f, "{endpoint} answered with unexpected JSON: {message}")
            }
            Self::Refused(message) => write!(f, "SuperOffice refused the system user: {message}"),
            Self::Token(error) => error.fmt(f),
        }
    }
}

impl ::std::error::Error for SystemUserError {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Token(error) => Some(error),
            _ => None,
        }
    }
}

impl From<TokenError> for SystemUserError {
    fn from(error: TokenError) -> Self {
        Self::Token(error)
    }
}

/// Where the time comes from (the system clock, or a test's).
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A ticket with what its JWT said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The ticket: `Authorization: SOTicket {ticket}`.
    pub ticket: Secret,
    /// The tenant's WebAPI URL from the JWT (`webapi_url`), when present.
    pub webapi_url: Option<String>,
    /// The tenant's context identifier from the JWT (`ctx`), when present.
    pub context_identifier: Option<String>,
}

/// Settings for a [`SystemUser`]; [`SystemUserBuilder::build`] makes the handle.
pub struct SystemUserBuilder {
    login_base: String,
    application_token: Secret,
    context_identifier: String,
    system_token: Secret,
    key: PrivateKey,
    lifetime: Duration,
    clock: Arc<dyn Clock>,
    http: Option<reqwest::Client>,
}

impl ::std::fmt::Debug for SystemUserBuilder {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("SystemUserBuilder")
            .field("login_base", &self.login_base)
            .field("context_identifier", &self.context_identifier)
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl SystemUserBuilder {
    /// How long a ticket may go unused before it is exchanged again ([`TICKET_LIFETIME`]).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The clock (tests move time with their own).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The HTTP client (else [`crate::runtime::client::default_http_client`]).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the login base and makes the handle.
    pub fn build(self) -> Result<SystemUser, SystemUserError> {
        let login_base = check_login_base(&self.login_base)?;
        let http = match self.http {
            Some(http) => http,
            None => crate::runtime::client::default_http_client()
                .map_err(|error| SystemUserError::HttpClient(error.to_string()))?,
        };
        Ok(SystemUser {
            shared: Arc::new(Shared {
                login_base,
                application_token: self.application_token,
                context_identifier: self.context_identifier,
                system_token: self.system_token,
                key: self.key,
                lifetime: self.lifetime,
                clock: self.clock,
                http,
                cached: Mutex::new(None),
                jwks: Mutex::new(None),
                exchange: ::tokio::sync::Mutex::new(()),
            }),
        })
    }
}

fn check_login_base(base: &str) -> Result<String, SystemUserError> {
    let base = base.trim().trim_end_matches('/');
    let bad = |why: &str| {
        SystemUserError::LoginBase(format!(
            "the login base must be an absolute http(s) URL like `https://sod.superoffice.com` ({why})"
        ))
    };
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or_else(|| bad("no http:// or https://"))?;
    if rest.is_empty() {
        return Err(bad("no host"));
    }
    if rest.contains(['?', '#', '@']) {
        return Err(bad("it has a query, fragment or user info"));
    }
    Ok(base.to_owned())
}

/// A system user of one tenant: exchanges the signed system token for a ticket when needed
/// and hands out the cached one otherwise. Cheap to clone (one `Arc`); clones share the cache.
/// Its `Debug` shows the login base and the tenant only.
#[derive(Clone)]
pub struct SystemUser {
    shared: Arc<Shared>,
}

struct Shared {
    login_base: String,
    application_token: Secret,
    context_identifier: String,
    system_token: Secret,
    key: PrivateKey,
    lifetime: Duration,
    clock: Arc<dyn Clock>,
    http: reqwest::Client,
    cached: Mutex<Option<Cached>>,
    jwks: Mutex<Option<Arc<::jsonwebtoken::jwk::JwkSet>>>,
    /// Held during an exchange, so concurrent callers wait for one exchange.
    exchange: ::tokio::sync::Mutex<()>,
}

struct Cached {
    session: Session,
    last_used: SystemTime,
}

impl ::std::fmt::Debug for SystemUser {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("SystemUser")
            .field("login_base", &self.shared.login_base)
            .field("context_identifier", &self.shared.context_identifier)
            .field("lifetime", &self.shared.lifetime)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing holding these locks can panic half-way; a poisoned one is still consistent.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The exchange's request body.
#[derive(::serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct AuthenticateRequest<'a> {
    signed_system_token: &'a str,
    application_token: &'a str,
    context_identifier: &'a str,
    return_token_type: &'a str,
}

/// The exchange's answer (SUC `SystemUserResult`).
#[derive(::serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AuthenticateReply {
    is_successful: bool,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    error_message: Option<String>,
}

impl SystemUser {
    /// Settings for a system user of tenant `context_identifier`: the login host's base
    /// (`https://sod.superoffice.com`, `https://online.superoffice.com`; never a numbered
    /// host), the app's `client_secret` (the `ApplicationToken`), the tenant's system token
    /// and the app's private key.
    pub fn builder(
        login_base: impl Into<String>,
        application_token: impl Into<Secret>,
        context_identifier: impl Into<String>,
        system_token: impl Into<Secret>,
        key: PrivateKey,
    ) -> SystemUserBuilder {
        SystemUserBuilder {
            login_base: login_base.into(),
            application_token: application_token.into(),
            context_identifier: context_identifier.into(),
            system_token: system_token.into(),
            key,
            lifetime: TICKET_LIFETIME,
            clock: Arc::new(SystemClock),
            http: None,
        }
    }

    /// The login base (without a trailing `/`).
    pub fn login_base(&self) -> &str {
        &self.shared.login_base
    }

    /// The tenant's context identifier.
    pub fn context_identifier(&self) -> &str {
        &self.shared.context_identifier
    }

    /// The ticket: the cached one while it has been used within the lifetime (each call is a
    /// use and extends it), else a new one from an exchange. Concurrent callers share one
    /// exchange.
    pub async fn ticket(&self) -> Result<Secret, SystemUserError> {
        Ok(self.session().await?.ticket)
    }

    /// The ticket with the tenant's `webapi_url` and `ctx` from its JWT (see
    /// [`SystemUser::ticket`]).
    pub async fn session(&self) -> Result<Session, SystemUserError> {
        if let Some(session) = self.cached() {
            return Ok(session);
        }
        let _exchange = self.shared.exchange.lock().await;
        // Another caller may have exchanged while this one waited.
        if let Some(session) = self.cached() {
            return Ok(session);
        }
        let session = self.exchange().await?;
        *lock(&self.shared.cached) = Some(Cached {
            session: session.clone(),
            last_used: self.shared.clock.now(),
        });
        Ok(session)
    }

    /// Forgets the cached ticket, so the next [`SystemUser::ticket`] exchanges again. Call it
    /// when the WebAPI answers 401 with the ticket.
    pub fn invalidate(&self) {
        *lock(&self.shared.cached) = None;
    }

    /// The cached session if it is still alive, marking it used now.
    fn cached(&self) -> Option<Session> {
        let now = self.shared.clock.now();
        let mut cached = lock(&self.shared.cached);
        let entry = cached.as_mut()?;
        // A clock that went back counts as no time passed.
        let idle = now.duration_since(entry.last_used).unwrap_or_default();
        if idle >= self.shared.lifetime {
            *cached = None;
            return None;
        }
        entry.last_used = entry.last_used.max(now);
        Some(entry.session.clone())
    }

    /// One exchange: sign, POST, validate.
    async fn exchange(&self) -> Result<Session, SystemUserError> {
        let shared = &self.shared;
        let now = shared.clock.now();
        let signed = shared
            .key
            .sign_system_token(shared.system_token.expose(), now);
        let body = ::serde_json::to_vec(&AuthenticateRequest {
            signed_system_token: signed.expose(),
            application_token: shared.application_token.expose(),
            context_identifier: &shared.context_identifier,
            return_token_type: "JWT",
        })
        .map_err(|error| SystemUserError::Reply {
            endpoint: Endpoint::Authenticate,
            message: error.to_string(),
        })?;
        let url = format!("{}{AUTHENTICATE_PATH}", shared.login_base);
        let request = shared
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body);
        let reply: AuthenticateReply = fetch_json(request, Endpoint::Authenticate).await?;
        if !reply.is_successful {
            return Err(SystemUserError::Refused(
                reply
                    .error_message
                    .filter(|message| !message.trim().is_empty())
                    .unwrap_or_else(|| "no ErrorMessage given".to_owned()),
            ));
        }
        let token = reply.token.ok_or_else(|| SystemUserError::Reply {
            endpoint: Endpoint::Authenticate,
            message: "IsSuccessful is true but Token is missing".to_owned(),
        })?;
        let claims = self.validate(&token, now).await?;
        Ok(Session {
            ticket: claims.ticket,
            webapi_url: claims.webapi_url,
            context_identifier: claims.context_identifier,
        })
    }

    /// Validates with the cached JWKS, fetching it when there is none or it lacks the token's
    /// key.
    async fn validate(&self, token: &str, now: SystemTime) -> Result<TokenClaims, SystemUserError> {
        let context = Some(self.shared.context_identifier.as_str());
        let known = lock(&self.shared.jwks).clone();
        if let Some(jwks) = known {
            match validate_token(token, &jwks, context, now) {
                Err(TokenError::UnknownKey) => {}
                outcome => return Ok(outcome?),
            }
        }
        let url = format!("{}{JWKS_PATH}", self.shared.login_base);
        let request = self
            .shared
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json");
        let jwks: ::jsonwebtoken::jwk::JwkSet = fetch_json(request, Endpoint::Jwks).await?;
        let jwks = Arc::new(jwks);
        *lock(&self.shared.jwks) = Some(jwks.clone());
        Ok(validate_token(token, &jwks, context, now)?)
    }
}

/// A system user gives a client its credentials: `Authorization: SOTicket {ticket}` and
/// `SO-AppToken: {application token}`, the ticket cached as [`SystemUser::ticket`] says; a 401
/// answer forgets the refused ticket, so the resent call exchanges a new one
/// (`Client::with_credential_provider(Arc::new(system_user))`). An exchange's failure is the
/// call's `Error::Credentials`, whose `downcast_ref::<SystemUserError>()` gives it back.
impl crate::runtime::client::CredentialProvider for SystemUser {
    fn headers(
        &self,
    ) -> crate::runtime::client::BoxFuture<
        '_,
        Result<crate::runtime::client::CredentialHeaders, crate::runtime::client::ProviderError>,
    > {
        Box::pin(async move {
            let ticket = self
                .ticket()
                .await
                .map_err(crate::runtime::client::ProviderError::from_error)?;
            Ok(crate::runtime::client::CredentialHeaders::new()
                .with_authorization("SOTicket", &ticket)
                .with("SO-AppToken", self.shared.application_token.clone()))
        })
    }

    fn refresh<'a>(
        &'a self,
        rejected: &'a crate::runtime::client::CredentialHeaders,
    ) -> crate::runtime::client::BoxFuture<'a, Result<(), crate::runtime::client::ProviderError>>
    {
        // Only the refused ticket is forgotten: when a concurrent call has exchanged it
        // already, its successor stays (every exchange is a record in the tenant's database).
        let refused = rejected
            .get("Authorization")
            .and_then(|value| value.expose().strip_prefix("SOTicket "));
        let mut cached = lock(&self.shared.cached);
        let replaced = matches!(
            (cached.as_ref(), refused),
            (Some(entry), Some(refused)) if entry.session.ticket.expose() != refused
        );
        if !replaced {
            *cached = None;
        }
        drop(cached);
        Box::pin(::std::future::ready(Ok(())))
    }
}

/// Sends `request` and decodes a 2xx JSON answer; errors name neither the URL's secrets nor
/// the body's text.
async fn fetch_json<T: ::serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    endpoint: Endpoint,
) -> Result<T, SystemUserError> {
    let transport = |error: reqwest::Error| SystemUserError::Transport {
        endpoint,
        message: error_chain(&error.without_url()),
    };
    let response = request.send().await.map_err(transport)?;
    let status = response.status();
    if !status.is_success() {
        return Err(SystemUserError::Status {
            endpoint,
            status: status.as_u16(),
        });
    }
    let bytes = response.bytes().await.map_err(transport)?;
    ::serde_json::from_slice(&bytes).map_err(|error| SystemUserError::Reply {
        endpoint,
        // serde_json's message may quote the text it read (a token); keep only where and what.
        message: format!(
            "{} at line {} column {}",
            match error.classify() {
                ::serde_json::error::Category::Io => "cannot be read",
                ::serde_json::error::Category::Syntax => "not JSON",
                ::serde_json::error::Category::Data => "not the expected shape",
                ::serde_json::error::Category::Eof => "cut short",
            },
            error.line(),
            error.column()
        ),
    })
}

fn error_chain(error: &dyn ::std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    // A test-only RSA key pair, made once for these tests with `openssl genrsa 2048` and
    // converted to .NET RSA-XML with Python's `cryptography`. It signs nothing real.
    const TEST_KEY_XML: &str = "<RSAKeyValue><Modulus>jQOaqiuqj7Qnw5/jsy1wlMfUngclF9C95xCmlJnhEV9gpZnqqVtxRDQW3cGK6UaAKvI8BUA4CAoN2s1MvHaTegRDmPYNRv3zmqnbjUEP6cvF9kPjPPW/Ic3cdBp2ag2yhRJ3i2LtwdcMUpweDXNOZAC1JIGnvCtRCNUKFD7JRYy3N02V2Z3Nig/FlqrmWst0rukUKMkkDv0Kc8AG+GENcMRzVyBFpUJKGLFrs57lhHCaIYzMqdN3pwffoTUw4fE0eB8p5fdCRda5CGetvIL+rvfkX7FF+oD/hGaM+pxUZqOLDXWSpmADeR4/mo6U92AmX8sX0C5DHnVvowxtCPzy3Q==</Modulus><Exponent>AQAB</Exponent><P>vmqNkB+FtMJ1eECjvPV0K0Tleiw80Og4tdjb0mqmn8bSEzBE1qZWFCgWkIGYah4pKEB69BuAGql/iJ7bxe/WSQkx2l6ikkpn+pngDdb0Osy07SXs0f797rr7h2Rg7mqF281EaVwwdB5ZRp2vbPyDdCtfS988sX1AzFmNUINrMjc=</P><Q>vZUl0wm3LElFeruZCHzYr+TdUsnQZpBEZ0S9lOiVGYCxTgHT0GxWjU976wuyVsTwiSbC4szlrsCEVOo7/5Cen6xjee6v1tjF4A3nctvnQBktvjugJ/4qsNYjH2TBagAKk3//zXgARFZEvd3vSkqWQvapuHRdc1TzHh/XckfBSYs=</Q><DP>FwgeXVtiuc13lfcDlxx9U6p+sztck8wy59P2KspZoyPSTx3chbYS3VdH+2yhedxyD/tUo+gbo53y3hyQ6q0q1yS0kfw2X8l+MDKihioE2oPeMn0O2wujvVeCiwraKpxZ2o9GghPzjGgLVl5GVMFqSQfh+/Rhi/phdxYx4JY0xhs=</DP><DQ>ftGGu+WD4twg3jkf5c2eJguzAe5+uh1HpM0XBMWQ975e3Q/b4VCXlW/WNSVd5y1WumhzdcQa4QtnemY2PH9BnQ50fNxuRAo+U+L5MJxp1TcCon7AZABiDmkwlY+Q0pe0e3bkZ04e35fV5CzSJaA/ZAwc/Iba/IuXFk+2j3vwkIE=</DQ><InverseQ>nGWeyEgomyCeP/qV7YQw+aTzI4M10mPE4POzI8+v9K87QrEDD6436AbjbJrPtgkwiE4hRzL2O6hHPSGGLu4uIFfylArjXbV1ocG6xRSNLQxPkjeS3b5p0pTqFAYgFzH56irseJj/lc5pVV74hwNI/HpikDShVCSbn95naXsXlRw=</InverseQ><D>AozqIzce9/Jo4F+SnWRZAO02/z9fKwsaJC+86OXPmEzX+/weA796UPgljGU6afWzI75ghN0ge6S9k2jbK8gelWULrpyPU5VhmTkxQLYd35CmnUmlC9k2Am/YE5GBoBwXT9OBrgJgDSgij5abRIsCrp8Ep7W19EVO9eXvL2aN+rVbS399IzYy5iYKmRhyJ+0CQdJAv2jUDUogX3Uwtf/y1xGCOSvmG6ib9YNlvIu7uIn7M5jHVnRGuSZ1aJI/pZ0QkbgvJiT1IxdYI6SXVpwHr39exISg4I1/TsXMzWBIxR+4r2/fxUbDCJXOe+9tXF7UbD2HtLJzydVK30dVC5aAUQ==</D></RSAKeyValue>";

    /// The same key as PKCS#1 PEM (`openssl rsa -traditional`).
    const TEST_KEY_PKCS1: &str = "\
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAjQOaqiuqj7Qnw5/jsy1wlMfUngclF9C95xCmlJnhEV9gpZnq
qVtxRDQW3cGK6UaAKvI8BUA4CAoN2s1MvHaTegRDmPYNRv3zmqnbjUEP6cvF9kPj
PPW/Ic3cdBp2ag2yhRJ3i2LtwdcMUpweDXNOZAC1JIGnvCtRCNUKFD7JRYy3N02V
2Z3Nig/FlqrmWst0rukUKMkkDv0Kc8AG+GENcMRzVyBFpUJKGLFrs57lhHCaIYzM
qdN3pwffoTUw4fE0eB8p5fdCRda5CGetvIL+rvfkX7FF+oD/hGaM+pxUZqOLDXWS
pmADeR4/mo6U92AmX8sX0C5DHnVvowxtCPzy3QIDAQABAoIBAAKM6iM3HvfyaOBf
kp1kWQDtNv8/XysLGiQvvOjlz5hM1/v8HgO/elD4JYxlOmn1syO+YITdIHukvZNo
2yvIHpVlC66cj1OVYZk5MUC2Hd+Qpp1JpQvZNgJv2BORgaAcF0/Tga4CYA0oIo+W
m0SLAq6fBKe1tfRFTvXl7y9mjfq1W0t/fSM2MuYmCpkYciftAkHSQL9o1A1KIF91
MLX/8tcRgjkr5huom/WDZbyLu7iJ+zOYx1Z0RrkmdWiSP6WdEJG4LyYk9SMXWCOk
l1acB69/XsSEoOCNf07FzM1gSMUfuK9v38VGwwiVznvvbVxe1Gw9h7Syc8nVSt9H
VQuWgFECgYEAvmqNkB+FtMJ1eECjvPV0K0Tleiw80Og4tdjb0mqmn8bSEzBE1qZW
FCgWkIGYah4pKEB69BuAGql/iJ7bxe/WSQkx2l6ikkpn+pngDdb0Osy07SXs0f79
7rr7h2Rg7mqF281EaVwwdB5ZRp2vbPyDdCtfS988sX1AzFmNUINrMjcCgYEAvZUl
0wm3LElFeruZCHzYr+TdUsnQZpBEZ0S9lOiVGYCxTgHT0GxWjU976wuyVsTwiSbC
4szlrsCEVOo7/5Cen6xjee6v1tjF4A3nctvnQBktvjugJ/4qsNYjH2TBagAKk3//
zXgARFZEvd3vSkqWQvapuHRdc1TzHh/XckfBSYsCgYAXCB5dW2K5zXeV9wOXHH1T
qn6zO1yTzDLn0/YqylmjI9JPHdyFthLdV0f7bKF53HIP+1Sj6BujnfLeHJDqrSrX
JLSR/DZfyX4wMqKGKgTag94yfQ7bC6O9V4KLCtoqnFnaj0aCE/OMaAtWXkZUwWpJ
B+H79GGL+mF3FjHgljTGGwKBgH7Rhrvlg+LcIN45H+XNniYLswHufrodR6TNFwTF
kPe+Xt0P2+FQl5Vv1jUlXectVrpoc3XEGuELZ3pmNjx/QZ0OdHzcbkQKPlPi+TCc
adU3AqJ+wGQAYg5pMJWPkNKXtHt25GdOHt+X1eQs0iWgP2QMHPyG2vyLlxZPto97
8JCBAoGBAJxlnshIKJsgnj/6le2EMPmk8yODNdJjxODzsyPPr/SvO0KxAw+uN+gG
42yaz7YJMIhOIUcy9juoRz0hhi7uLiBX8pQK4121daHBusUUjS0MT5I3kt2+adKU
6hQGIBcx+eoq7HiY/5XOaVVe+IcDSPx6YpA0oVQkm5/eZ2l7F5Uc
-----END RSA PRIVATE KEY-----";

    /// The same key as PKCS#8 PEM (`openssl pkcs8 -topk8 -nocrypt`).
    const TEST_KEY_PKCS8: &str = "\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCNA5qqK6qPtCfD
n+OzLXCUx9SeByUX0L3nEKaUmeERX2ClmeqpW3FENBbdwYrpRoAq8jwFQDgICg3a
zUy8dpN6BEOY9g1G/fOaqduNQQ/py8X2Q+M89b8hzdx0GnZqDbKFEneLYu3B1wxS
nB4Nc05kALUkgae8K1EI1QoUPslFjLc3TZXZnc2KD8WWquZay3Su6RQoySQO/Qpz
wAb4YQ1wxHNXIEWlQkoYsWuznuWEcJohjMyp03enB9+hNTDh8TR4Hynl90JF1rkI
Z628gv6u9+RfsUX6gP+EZoz6nFRmo4sNdZKmYAN5Hj+ajpT3YCZfyxfQLkMedW+j
DG0I/PLdAgMBAAECggEAAozqIzce9/Jo4F+SnWRZAO02/z9fKwsaJC+86OXPmEzX
+/weA796UPgljGU6afWzI75ghN0ge6S9k2jbK8gelWULrpyPU5VhmTkxQLYd35Cm
nUmlC9k2Am/YE5GBoBwXT9OBrgJgDSgij5abRIsCrp8Ep7W19EVO9eXvL2aN+rVb
S399IzYy5iYKmRhyJ+0CQdJAv2jUDUogX3Uwtf/y1xGCOSvmG6ib9YNlvIu7uIn7
M5jHVnRGuSZ1aJI/pZ0QkbgvJiT1IxdYI6SXVpwHr39exISg4I1/TsXMzWBIxR+4
r2/fxUbDCJXOe+9tXF7UbD2HtLJzydVK30dVC5aAUQKBgQC+ao2QH4W0wnV4QKO8
9XQrROV6LDzQ6Di12NvSaqafxtITMETWplYUKBaQgZhqHikoQHr0G4AaqX+IntvF
79ZJCTHaXqKSSmf6meAN1vQ6zLTtJezR/v3uuvuHZGDuaoXbzURpXDB0HllGna9s
/IN0K19L3zyxfUDMWY1Qg2syNwKBgQC9lSXTCbcsSUV6u5kIfNiv5N1SydBmkERn
RL2U6JUZgLFOAdPQbFaNT3vrC7JWxPCJJsLizOWuwIRU6jv/kJ6frGN57q/W2MXg
Dedy2+dAGS2+O6An/iqw1iMfZMFqAAqTf//NeABEVkS93e9KSpZC9qm4dF1zVPMe
H9dyR8FJiwKBgBcIHl1bYrnNd5X3A5ccfVOqfrM7XJPMMufT9irKWaMj0k8d3IW2
Et1XR/tsoXnccg/7VKPoG6Od8t4ckOqtKtcktJH8Nl/JfjAyooYqBNqD3jJ9DtsL
o71XgosK2iqcWdqPRoIT84xoC1ZeRlTBakkH4fv0YYv6YXcWMeCWNMYbAoGAftGG
u+WD4twg3jkf5c2eJguzAe5+uh1HpM0XBMWQ975e3Q/b4VCXlW/WNSVd5y1Wumhz
dcQa4QtnemY2PH9BnQ50fNxuRAo+U+L5MJxp1TcCon7AZABiDmkwlY+Q0pe0e3bk
Z04e35fV5CzSJaA/ZAwc/Iba/IuXFk+2j3vwkIECgYEAnGWeyEgomyCeP/qV7YQw
+aTzI4M10mPE4POzI8+v9K87QrEDD6436AbjbJrPtgkwiE4hRzL2O6hHPSGGLu4u
IFfylArjXbV1ocG6xRSNLQxPkjeS3b5p0pTqFAYgFzH56irseJj/lc5pVV74hwNI
/HpikDShVCSbn95naXsXlRw=
-----END PRIVATE KEY-----";

    /// `printf '%s' 'TestApp-c4f2a9e0b1.202401311705' | openssl dgst -sha256 -sign key.pem |
    /// base64 -w0` (and the same from Python's `cryptography`, PKCS1v15 + SHA256).
    const SIGNATURE: &str = "DDR0NekvhZnPAhuOIqJD5wniGkJuO38ZfsAzB/eNp6UR3yLsJD+ZYmjjJHnMUJvPy3HVSrpfT3nxZ14zNiDo6tru3teI8LY25Yf9oxVWYFdwZ5lqy+4znpwC+6TsF7Ch+ceaSh2KWQehtsZqRS4UbkgjRO+wk9akLfD8ap2UjUG+vDOuVeejGaq6MeGOsDQr4B1KaapLjHjKCNXIbprAxWJbXHqAR1+Hl9f9QsULyYL6A6rTKFP6U5nzPQE+AJ/iBt1+wMqxRSDgyBeulelXCGfsrOr/Ja6KisFcHLi/lecaVp+8KDV9Zk8WOxEw/cOdduG/hd5CZZl4wgVm50M7Ng==";

    /// 2024-01-31T17:05:42Z.
    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_706_720_742)
    }

    #[test]
    fn rsa_xml_and_both_pems_are_the_same_key() {
        let xml = PrivateKey::parse(TEST_KEY_XML).unwrap();
        let pkcs1 = PrivateKey::parse(TEST_KEY_PKCS1).unwrap();
        let pkcs8 = PrivateKey::parse(TEST_KEY_PKCS8).unwrap();
        assert_eq!(xml, pkcs1);
        assert_eq!(xml, pkcs8);
        assert_eq!(xml.bits(), 2048);
        // A byte-order mark and indentation, as files on Windows have them.
        let indented = format!("\u{feff}\n  {}", TEST_KEY_XML.replace("><", ">\n  <"));
        assert_eq!(PrivateKey::parse(&indented).unwrap(), xml);
    }

    #[test]
    fn the_signed_token_matches_an_independent_signature() {
        let key = PrivateKey::parse(TEST_KEY_XML).unwrap();
        assert_eq!(minute_stamp(at()), "202401311705");
        let signed = sign_system_token(&key, "TestApp-c4f2a9e0b1", at());
        assert_eq!(
            signed.expose(),
            format!("TestApp-c4f2a9e0b1.202401311705.{SIGNATURE}")
        );
        // PKCS#1 v1.5 is deterministic: the PEM key signs the same.
        let pem = PrivateKey::parse(TEST_KEY_PKCS8).unwrap();
        assert_eq!(pem.sign_system_token("TestApp-c4f2a9e0b1", at()), signed);
    }

    #[test]
    fn broken_keys_are_refused_without_echoing_them() {
        let modulus = element(TEST_KEY_XML, "Modulus").unwrap().to_owned();
        let d = element(TEST_KEY_XML, "D").unwrap().to_owned();
        let cases = [
            ("nonsense".to_owned(), KeyError::UnknownFormat),
            (
                TEST_KEY_XML.replace("<DQ>", "<Dq>"),
                KeyError::MissingElement("DQ"),
            ),
            (
                TEST_KEY_XML.replace(&d, &format!("!{}", &d[1..])),
                KeyError::NotBase64("D"),
            ),
            (
                TEST_KEY_XML.replace(&modulus, &format!("A{}", &modulus[1..])),
                KeyError::Inconsistent("P × Q is not the modulus"),
            ),
        ];
        for (text, expected) in cases {
            let error = PrivateKey::parse(&text).unwrap_err();
            assert_eq!(error, expected);
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains(&d[..16]) && !shown.contains(&modulus[..16]),
                "{shown}"
            );
        }
        let pem = TEST_KEY_PKCS1.replace("MII", "MIX");
        let error = PrivateKey::parse(&pem).unwrap_err();
        assert!(matches!(error, KeyError::Pem(_)), "{error}");
        let body: Vec<&str> = TEST_KEY_PKCS1.lines().collect();
        assert!(!format!("{error} {error:?}").contains(body[2]));
    }

    #[test]
    fn the_key_never_prints() {
        let key = PrivateKey::parse(TEST_KEY_XML).unwrap();
        let shown = format!("{key:?}");
        assert_eq!(shown, "PrivateKey(RSA 2048 bits, <redacted>)");
        let signed = key.sign_system_token("TestApp-c4f2a9e0b1", at());
        assert!(!format!("{signed:?}").contains(SIGNATURE));
    }

    #[test]
    fn login_bases_are_checked() {
        assert_eq!(
            check_login_base("https://sod.superoffice.com/").unwrap(),
            "https://sod.superoffice.com"
        );
        for bad in [
            "sod.superoffice.com",
            "https://",
            "https://u:p@sod.superoffice.com",
        ] {
            assert!(matches!(
                check_login_base(bad),
                Err(SystemUserError::LoginBase(_))
            ));
        }
    }
}
