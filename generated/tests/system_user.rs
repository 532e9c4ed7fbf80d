//! System-user tickets end to end against a local mock of SuperOffice's login host (axum on
//! 127.0.0.1): the mock checks the signed system token with the app's public key and answers
//! a JWT signed with its own RSA key, whose public half it serves as the JWKS. A good exchange
//! yields the ticket, which is reused (sliding) until it has gone unused for the lifetime or is
//! invalidated; concurrent callers share one exchange; a rotated key makes the JWKS be fetched
//! again; a forged, expired or refused token is a typed error; nothing secret prints.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::runtime::server::axum::response::IntoResponse as _;
use superoffice_webapi::runtime::Secret;
use superoffice_webapi::system_user::jsonwebtoken::{self, Algorithm, EncodingKey, Header};
use superoffice_webapi::system_user::rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use superoffice_webapi::system_user::rsa::traits::PublicKeyParts;
use superoffice_webapi::system_user::rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use superoffice_webapi::system_user::{
    minute_stamp, Clock, PrivateKey, SystemUser, SystemUserError, TokenError, TICKET_CLAIM,
    WEBAPI_URL_CLAIM,
};

// Test-only RSA keys, made once with `openssl genrsa 2048` for these tests; they sign nothing
// real. The app's key is in .NET RSA-XML, as the Developer Portal hands it out.
const APP_KEY_XML: &str = "<RSAKeyValue><Modulus>jQOaqiuqj7Qnw5/jsy1wlMfUngclF9C95xCmlJnhEV9gpZnqqVtxRDQW3cGK6UaAKvI8BUA4CAoN2s1MvHaTegRDmPYNRv3zmqnbjUEP6cvF9kPjPPW/Ic3cdBp2ag2yhRJ3i2LtwdcMUpweDXNOZAC1JIGnvCtRCNUKFD7JRYy3N02V2Z3Nig/FlqrmWst0rukUKMkkDv0Kc8AG+GENcMRzVyBFpUJKGLFrs57lhHCaIYzMqdN3pwffoTUw4fE0eB8p5fdCRda5CGetvIL+rvfkX7FF+oD/hGaM+pxUZqOLDXWSpmADeR4/mo6U92AmX8sX0C5DHnVvowxtCPzy3Q==</Modulus><Exponent>AQAB</Exponent><P>vmqNkB+FtMJ1eECjvPV0K0Tleiw80Og4tdjb0mqmn8bSEzBE1qZWFCgWkIGYah4pKEB69BuAGql/iJ7bxe/WSQkx2l6ikkpn+pngDdb0Osy07SXs0f797rr7h2Rg7mqF281EaVwwdB5ZRp2vbPyDdCtfS988sX1AzFmNUINrMjc=</P><Q>vZUl0wm3LElFeruZCHzYr+TdUsnQZpBEZ0S9lOiVGYCxTgHT0GxWjU976wuyVsTwiSbC4szlrsCEVOo7/5Cen6xjee6v1tjF4A3nctvnQBktvjugJ/4qsNYjH2TBagAKk3//zXgARFZEvd3vSkqWQvapuHRdc1TzHh/XckfBSYs=</Q><DP>FwgeXVtiuc13lfcDlxx9U6p+sztck8wy59P2KspZoyPSTx3chbYS3VdH+2yhedxyD/tUo+gbo53y3hyQ6q0q1yS0kfw2X8l+MDKihioE2oPeMn0O2wujvVeCiwraKpxZ2o9GghPzjGgLVl5GVMFqSQfh+/Rhi/phdxYx4JY0xhs=</DP><DQ>ftGGu+WD4twg3jkf5c2eJguzAe5+uh1HpM0XBMWQ975e3Q/b4VCXlW/WNSVd5y1WumhzdcQa4QtnemY2PH9BnQ50fNxuRAo+U+L5MJxp1TcCon7AZABiDmkwlY+Q0pe0e3bkZ04e35fV5CzSJaA/ZAwc/Iba/IuXFk+2j3vwkIE=</DQ><InverseQ>nGWeyEgomyCeP/qV7YQw+aTzI4M10mPE4POzI8+v9K87QrEDD6436AbjbJrPtgkwiE4hRzL2O6hHPSGGLu4uIFfylArjXbV1ocG6xRSNLQxPkjeS3b5p0pTqFAYgFzH56irseJj/lc5pVV74hwNI/HpikDShVCSbn95naXsXlRw=</InverseQ><D>AozqIzce9/Jo4F+SnWRZAO02/z9fKwsaJC+86OXPmEzX+/weA796UPgljGU6afWzI75ghN0ge6S9k2jbK8gelWULrpyPU5VhmTkxQLYd35CmnUmlC9k2Am/YE5GBoBwXT9OBrgJgDSgij5abRIsCrp8Ep7W19EVO9eXvL2aN+rVbS399IzYy5iYKmRhyJ+0CQdJAv2jUDUogX3Uwtf/y1xGCOSvmG6ib9YNlvIu7uIn7M5jHVnRGuSZ1aJI/pZ0QkbgvJiT1IxdYI6SXVpwHr39exISg4I1/TsXMzWBIxR+4r2/fxUbDCJXOe+9tXF7UbD2HtLJzydVK30dVC5aAUQ==</D></RSAKeyValue>";

/// The mock login host's JWT signing key (kid `mock-1`).
const MOCK_KEY: &str = "\
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA0mofGmjt/aQ5DAps3+ZayYk9T8fCEDjpnoH+uStOKLZuW7c0
Ih3gwrtR9m07wBimd5DBeICt7GuI96DojLZEuhYmz+PjRbuu/nDYqWvMwtsdqJl6
URozTRFYKemTdoV/d3ORxMR9Sw08Ji+IelAFcOuoYha+v04aJt2svkobEOuSZXZ0
OTRmLBpuxdI98cKoQ4pH0sHEdrDwR/l1nExBf1ayJo8ltrA0Vh40qjM/QlU45hSj
yQQBXawSXOXJRflnXUe9qsqItljiUuqw8NjmVcNzJ3Rzu7to+Q0uNijXHjWmIF81
VfCjtqIjw/LRkZMtgLHK3i5WiBCSkwcA6BBduQIDAQABAoIBABWj32izw6I977YK
znFlO2TAeMNJ6+4HhGi5EuL6uVzw4j8MLlBB8A88Uld8mtQMqkuKt4h2p4HfT2S0
XPu3yoVe6Nqho9//R6XtzNf5I8PN4uonmrpY7k9t9LoexnvpNUJU6vgogyr4Wf14
DwURUiCabqS5P8s6CPDYBJTvgdgb9QXHPpLvVOVcbDg/aSKXT80Ua6qPSOzDK3CH
PZ0yBsq9wRctgdSRaYncqw/FNjMuXt0wneBsvKQIAqt78lDR14Z/ABh3BLsX9syT
QV8nYQQTTRYra5wyy+yGNGRHZWeFAf4aodUy3747AwGS0YCtTZ1hCa+6KtcG/yXo
0Y6j4A8CgYEA+LMP77S7qX7QknZwfNvdhLh60sGVeaJej7c9xlB5D8436IDxJFcz
YVA82PVZb8h57i7zepcaL4uQKw//IouHI07JMCri1Md1MSGfLWKxEkR/BvRziWV1
rNiW0I6pJj1yFVQL8atzgcI/K/XziUHCimsMKLAZe2YtmeGsMGy0ArcCgYEA2Jda
n1nKZZW7/13cRGl38MQx2+VQFxjcmJLpBCyPodv+NmVs2DropIlBhfnASCcheSHq
IT+9lOUbRohC4jp+gg30jpiYS607PjcpOAU2Aghn1YJ8RJNx261S2ahKszrNRPU+
zRhMI5cWr7GrevKCPS4lPEKIme+9EnkUmDoUcw8CgYEAsTC6yPlGv0NIDSHvkTYB
BL9/Wstr2QaTQue2TqYlKtqtQK0lodOzGsFVKOrdduQp40Z2WMBxerB/3f5+s7kf
ZkuK0hOsGxek6oVe6LIpIK/GpUjjTGAKUETcZulNoJ4kuwdvnxadrDSeV47bnc5J
cd9FAXQ+I4owMTP1P2cjdc8CgYBg1ttH4CekX9xcgyTW2aks1yvLu62hhhYriZPx
r9LQdcIlpBeUXlJiLpRDSLV2DTjkJgu+rfcfuYgGcyokaC7kC0VK9GMzgtK4MIWX
bI0HP6bdSagyKRKBO++NLbeohyP8LwLTRIfWadlU2MVpBUDCBf3UAZN98DjDJ6vT
nDREdQKBgDMYTscftVNpRKlDxjjWBlDQnF9+NvNoGG7ZxOgyCXUt9TKD3HOCY1Tb
NFAxVA1kXcuwcQqF+98XumMOriEGNsAYELPrE6kDoBDmOabc3tP86YVFIczD5r/n
A3FmCgk/i+x2U7fBAIchBeqabVONjdUBYVF2kurWOYKjcWBYB6wj
-----END RSA PRIVATE KEY-----";

/// Another key: a forger's, and the rotated-in key `mock-2`.
const OTHER_KEY: &str = "\
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA0NUEpj1+KFlZakivxqiZkmqSdWeZs1AM0x9fQQzEDpmrBaWe
dZBQZ7yEV20j/pJZSSgjrlX/+dZQnUAO0kaLEkpxeY4qpwZCzbgbmFoCuIsXIMDN
AqWpF5sQ4qqpIRNb4CxcuGZweCCUrBjG4JLyC/zY2hhLKQx0UFS/7TD+fzpfJ07C
3rHb/npv0OtuXJYon2fLEx54e2pJjht1i81K3XsaYO56t9qVovWNqgNI5SWdQgJR
/24w2lONcWRrtGN+s0b+gNImPlqnvfduODrD6kJmHNL7QSGF+KIKiM4ouKtwhtRW
uarYjn8/voKaDykpYnb5VJJad9451sxTx5gY0QIDAQABAoIBABPaLvMiGmRPO3r+
m53Y46HceWgpfUjjaGyzk/RqTcMOObNeOhD2s1DBRkV3YyTCwzPQrzUAs5u2aNB3
c/vqZ93JGj4nf9zZRrApezoW/cuPBsJULHO+zYh9yHOmgfsvzMakAPvTWogY9M6N
cRk37u7+ePD2vpe8OYcfdLq23c1jUmB/is2OleTn5NgIhkNLZFy9sw/oghx8RORz
qc0ESueeTIZ8XPriPpbboK/ELuvgLf+7qblkYudl2C9acpQ4FUj2Le2cLxYtTorc
3wgAJMch6x29XQeKh+7EKiPOrhLHjIUcEuYNQlzDltsRHiNaelAxdebXZuPdvZAI
UTGGLV8CgYEA69Kl8hvY17o9CsjgBKQbw7mVziQ+e5kehDk3Xs1NKlGB9UNXnE2b
S14npUNbTp5K5n/8Ml09gDtX14ykEwIkZ8oObSe6I4MFGNUQ3uQB2DKwYDaRr/d+
dZZbk6+q4sH12Hs3+ShVefS121h7myC2gVhh2TovBLEOS2bR04ip2P8CgYEA4rMt
cWEgKqw4jmfU6jl9HQSwuEDAY3Wk6iO3mR3XDp1OFGvSu2jZB+rSNrB8vGmq3ol4
VEgi1I59K1Qg1hqqBu6OrV3bDUU0JksjOjOqKwvrwRZKYnItUE7ubpOUQ1lqyk5b
uR5pLbrHBIj7jrN4t5zKlyLqXn9PQL5z0WKkvi8CgYBKWh0WK69/vOl4GAOBkxhp
6n6QAx9sKsfTWpLZohM9T3uRD810q4dWCPapBYapUAE/kYS7gGheoNc+T8p/b8J4
st0/jzIB9lJKFQt/qxXly32OqEXg3ECT5Hc1JkLTweG4gokQVqY0kHIyGUDHlVXV
jD81lUGz0fs2zNFFR6Z9kwKBgQDgg4VI2WDrAh8M4cYapg7Dk2aVRAOFPPizreXh
rYzT+3Rdgx9z3XW7gpLn+MfALYI83Laf+cUM74UFSU8v275yGQaSqfYMYXIxTo63
0H0CHs9ALhxC/ULlWxaFyoC2ZrL9YrcyUezmjikV07gW7qVqasy0+65TIhBSVYwM
XX48nwKBgQCrLUyVkoEvohF2Ri0jBgNd+SWoJMFscJP8Qgi1gizrTvMrapR/UFLk
w2w5ngVTcwaJbC/g3HIzYgQrDE05nruwePUxq3Pof0Sns5o1gMXwRgbyLo1v/S+g
L/T/BpZrpIVSh1BTi2mirR0rNHjtpA0k1+IMb3pc9bTzzl3wSERtKw==
-----END RSA PRIVATE KEY-----";

const APPLICATION_TOKEN: &str = "app-client-secret-4711";
const SYSTEM_TOKEN: &str = "TestApp-9f8e7d6c5b";
const CONTEXT: &str = "Cust12345";
const SERIAL: &str = "1234567890";
const WEBAPI_URL: &str = "https://sod.superoffice.com/Cust12345/api/";

/// A clock the test moves.
struct TestClock(Mutex<SystemTime>);

impl TestClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

/// What the mock answers the next exchange with.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Good,
    /// Signed by `mock-2`, which the JWKS lists from now on.
    Rotated,
    /// Signed by another key under `mock-1`'s kid.
    Forged,
    /// Signed by another key under a kid the JWKS never lists.
    ForgedUnknownKid,
    Expired,
    /// `IsSuccessful: false`.
    Refused,
}

struct Mock {
    app_public: RsaPublicKey,
    keys: Vec<(&'static str, EncodingKey, RsaPublicKey)>,
    mode: Mutex<Mode>,
    rotated: Mutex<bool>,
    exchanges: AtomicUsize,
    jwks_fetches: AtomicUsize,
    /// Calls of the tenant's Contact endpoint.
    tenant_calls: AtomicUsize,
    /// Every JWT and ticket handed out, to search printed text for.
    handed_out: Mutex<Vec<String>>,
    clock: Arc<TestClock>,
}

fn rsa_key(pem: &str) -> (EncodingKey, RsaPublicKey) {
    let key = RsaPrivateKey::from_pkcs1_pem(pem).expect("a PKCS#1 test key");
    let der = key.to_pkcs1_der().expect("DER");
    (
        EncodingKey::from_rsa_der(der.as_bytes()),
        key.to_public_key(),
    )
}

fn base64url(bytes: &[u8]) -> String {
    superoffice_webapi::runtime::base64::encode(bytes)
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).unwrap().as_secs()
}

impl Mock {
    fn jwks(&self) -> serde_json::Value {
        let rotated = *self.rotated.lock().unwrap();
        let keys: Vec<serde_json::Value> = self
            .keys
            .iter()
            .filter(|(kid, _, _)| *kid == "mock-1" || (*kid == "mock-2" && rotated))
            .map(|(kid, _, public)| {
                serde_json::json!({
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                    "n": base64url(&public.n().to_bytes_be()),
                    "e": base64url(&public.e().to_bytes_be()),
                })
            })
            .collect();
        serde_json::json!({ "keys": keys })
    }

    fn authenticate(&self, body: &serde_json::Value) -> serde_json::Value {
        let refuse = |message: &str| serde_json::json!({"IsSuccessful": false, "Token": null, "ErrorMessage": message});
        if body["ApplicationToken"] != APPLICATION_TOKEN {
            return refuse("Invalid ApplicationToken");
        }
        if body["ContextIdentifier"] != CONTEXT || body["ReturnTokenType"] != "JWT" {
            return refuse("Bad request");
        }
        let now = self.clock.now();
        let signed = body["SignedSystemToken"].as_str().unwrap_or_default();
        let Some((message, signature)) = signed.rsplit_once('.') else {
            return refuse("SignedSystemToken is malformed");
        };
        if message != format!("{SYSTEM_TOKEN}.{}", minute_stamp(now)) {
            return refuse("SignedSystemToken names another system user or minute");
        }
        let signature = superoffice_webapi::runtime::base64::decode(signature).unwrap_or_default();
        let digest = <sha2::Sha256 as sha2::Digest>::digest(message.as_bytes());
        if self
            .app_public
            .verify(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest, &signature)
            .is_err()
        {
            return refuse("The signature of the system token does not verify");
        }
        let mode = *self.mode.lock().unwrap();
        if mode == Mode::Refused {
            return refuse("The system user of this tenant is disabled");
        }
        let number = self.exchanges.fetch_add(1, Ordering::SeqCst) + 1;
        let ticket = format!("7T:dGlja2V0LW51bWJlci0{number}");
        let now = seconds(now);
        let exp = if mode == Mode::Expired {
            now - 3600
        } else {
            now + 3600
        };
        let claims = serde_json::json!({
            "iss": "SuperOffice AS",
            "aud": format!("spn:{SERIAL}"),
            "serial": SERIAL,
            "iat": now, "nbf": now, "exp": exp,
            "ctx": CONTEXT,
            TICKET_CLAIM: ticket,
            WEBAPI_URL_CLAIM: WEBAPI_URL,
        });
        let (kid, key) = match mode {
            Mode::Rotated => {
                *self.rotated.lock().unwrap() = true;
                ("mock-2", &self.keys[1].1)
            }
            Mode::Forged => ("mock-1", &self.keys[1].1),
            Mode::ForgedUnknownKid => ("mock-9", &self.keys[1].1),
            _ => ("mock-1", &self.keys[0].1),
        };
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        let jwt = jsonwebtoken::encode(&header, &claims, key).expect("sign the JWT");
        self.handed_out
            .lock()
            .unwrap()
            .extend([jwt.clone(), ticket]);
        serde_json::json!({"IsSuccessful": true, "Token": jwt, "ErrorMessage": null})
    }
}

/// A JSON answer.
fn json(value: &serde_json::Value) -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
}

async fn serve(mock: Arc<Mock>) -> String {
    let jwks = {
        let mock = mock.clone();
        move || {
            let mock = mock.clone();
            async move {
                mock.jwks_fetches.fetch_add(1, Ordering::SeqCst);
                json(&mock.jwks())
            }
        }
    };
    let authenticate = {
        let mock = mock.clone();
        move |body: axum::body::Bytes| {
            let mock = mock.clone();
            async move {
                // Slow enough that concurrent callers overlap.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let body = serde_json::from_slice(&body).unwrap_or_default();
                json(&mock.authenticate(&body))
            }
        }
    };
    // The tenant: `GET /Cust12345/api/v1/Contact/{id}` with the latest ticket and the app
    // token; the first call is refused with 401 (a revoked ticket), once.
    let contact = {
        let mock = mock.clone();
        move |params: axum::extract::RawPathParams, headers: axum::http::HeaderMap| {
            let mock = mock.clone();
            async move {
                let id: i64 = params
                    .iter()
                    .next()
                    .and_then(|(_, id)| id.parse().ok())
                    .unwrap_or(0);
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                let latest = mock.handed_out.lock().unwrap().last().cloned();
                let authorised = latest
                    .is_some_and(|ticket| header("authorization") == format!("SOTicket {ticket}"))
                    && header("so-apptoken") == APPLICATION_TOKEN;
                let refuse_once = mock.tenant_calls.fetch_add(1, Ordering::SeqCst) == 0;
                if !authorised || refuse_once {
                    let body = serde_json::json!({"Error": true, "ErrorMessage": "Invalid ticket"});
                    return (axum::http::StatusCode::UNAUTHORIZED, json(&body)).into_response();
                }
                json(&serde_json::json!({"ContactId": id, "Name": "Example AS"})).into_response()
            }
        }
    };
    let app = axum::Router::new()
        .route(
            "/Cust12345/api/v1/Contact/{id}",
            axum::routing::get(contact),
        )
        .route("/login/.well-known/jwks", axum::routing::get(jwks))
        .route(
            "/Login/api/PartnerSystemUser/Authenticate",
            axum::routing::post(authenticate),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/")
}

fn mock() -> Arc<Mock> {
    let (mock_key, mock_public) = rsa_key(MOCK_KEY);
    let (other_key, other_public) = rsa_key(OTHER_KEY);
    let app = PrivateKey::parse(APP_KEY_XML).expect("the app's test key");
    Arc::new(Mock {
        app_public: app.public_key(),
        keys: vec![
            ("mock-1", mock_key, mock_public),
            ("mock-2", other_key, other_public),
        ],
        mode: Mutex::new(Mode::Good),
        rotated: Mutex::new(false),
        exchanges: AtomicUsize::new(0),
        jwks_fetches: AtomicUsize::new(0),
        tenant_calls: AtomicUsize::new(0),
        handed_out: Mutex::new(Vec::new()),
        // A time with seconds, so the signed minute is truncated.
        clock: Arc::new(TestClock(Mutex::new(
            UNIX_EPOCH + Duration::from_secs(1_750_000_000 + 37),
        ))),
    })
}

fn system_user(base: &str, mock: &Mock, application_token: &str, key: &str) -> SystemUser {
    SystemUser::builder(
        base,
        application_token,
        CONTEXT,
        SYSTEM_TOKEN,
        PrivateKey::parse(key).expect("a test key"),
    )
    .clock(mock.clock.clone())
    .build()
    .expect("a system user")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn tickets_are_exchanged_once_reused_and_checked() {
    let mock = mock();
    let base = serve(mock.clone()).await;
    let user = system_user(&base, &mock, APPLICATION_TOKEN, APP_KEY_XML);
    let exchanges = || mock.exchanges.load(Ordering::SeqCst);
    let fetches = || mock.jwks_fetches.load(Ordering::SeqCst);
    let mut printed = vec![format!("{user:?}")];

    // A good exchange; the JWT's other claims come with it.
    let session = user.session().await.expect("a ticket");
    assert_eq!(session.ticket.expose(), "7T:dGlja2V0LW51bWJlci01");
    assert_eq!(session.webapi_url.as_deref(), Some(WEBAPI_URL));
    assert_eq!(session.context_identifier.as_deref(), Some(CONTEXT));
    printed.push(format!("{session:?}"));
    assert_eq!((exchanges(), fetches()), (1, 1));

    // Reused, also by clones.
    for _ in 0..3 {
        assert_eq!(user.ticket().await.unwrap(), session.ticket);
        assert_eq!(user.clone().ticket().await.unwrap(), session.ticket);
    }
    assert_eq!(exchanges(), 1);

    // Invalidated: concurrent callers share the one new exchange.
    user.invalidate();
    let callers: Vec<_> = (0..8)
        .map(|_| {
            let user = user.clone();
            tokio::spawn(async move { user.ticket().await })
        })
        .collect();
    let mut tickets = Vec::new();
    for caller in callers {
        tickets.push(caller.await.unwrap().expect("a ticket"));
    }
    assert_eq!(exchanges(), 2);
    assert!(tickets.iter().all(|ticket| ticket == &tickets[0]));
    assert_ne!(tickets[0], session.ticket);
    // The JWKS was fetched once for both.
    assert_eq!(fetches(), 1);

    // Sliding: each use within 6 h extends the ticket; 6 h unused and it is exchanged again.
    let second = tickets[0].clone();
    for _ in 0..3 {
        mock.clock.advance(Duration::from_secs(5 * 3600));
        assert_eq!(user.ticket().await.unwrap(), second);
    }
    assert_eq!(exchanges(), 2);
    mock.clock.advance(Duration::from_secs(6 * 3600));
    let third = user.ticket().await.unwrap();
    assert_ne!(third, second);
    assert_eq!(exchanges(), 3);

    // A key the cached JWKS lacks: the JWKS is fetched again and has it.
    *mock.mode.lock().unwrap() = Mode::Rotated;
    user.invalidate();
    user.ticket()
        .await
        .expect("a ticket signed by the rotated key");
    assert_eq!((exchanges(), fetches()), (4, 2));

    // Refused tokens are typed errors.
    let mut errors = Vec::new();
    for (mode, expected) in [
        (Mode::Forged, SystemUserError::Token(TokenError::Signature)),
        (
            Mode::ForgedUnknownKid,
            SystemUserError::Token(TokenError::UnknownKey),
        ),
        (Mode::Expired, SystemUserError::Token(TokenError::Expired)),
        (
            Mode::Refused,
            SystemUserError::Refused("The system user of this tenant is disabled".to_owned()),
        ),
    ] {
        *mock.mode.lock().unwrap() = mode;
        user.invalidate();
        let error = user.ticket().await.unwrap_err();
        assert_eq!(error, expected, "{mode:?}");
        errors.push(error);
    }
    // A failed exchange caches nothing: the next good one succeeds.
    *mock.mode.lock().unwrap() = Mode::Good;
    user.ticket().await.expect("a ticket after the failures");

    // The mock checks the application token and the signature with the app's public key.
    let wrong_token = system_user(&base, &mock, "another secret", APP_KEY_XML);
    let error = wrong_token.ticket().await.unwrap_err();
    assert_eq!(
        error,
        SystemUserError::Refused("Invalid ApplicationToken".to_owned())
    );
    errors.push(error);
    let wrong_key = system_user(&base, &mock, APPLICATION_TOKEN, OTHER_KEY);
    let error = wrong_key.ticket().await.unwrap_err();
    assert_eq!(
        error,
        SystemUserError::Refused("The signature of the system token does not verify".to_owned())
    );
    errors.push(error);

    // Nothing secret prints: not the tickets, JWTs, tokens, signature or key.
    let key = PrivateKey::parse(APP_KEY_XML).unwrap();
    let signed = key.sign_system_token(SYSTEM_TOKEN, mock.clock.now());
    let signature = signed.expose().rsplit('.').next().unwrap().to_owned();
    printed.push(format!("{key:?} {signed:?}"));
    for error in &errors {
        printed.push(format!("{error} {error:?}"));
    }
    printed.push(format!("{wrong_key:?}"));
    let printed = printed.join("\n");
    let mut secrets = mock.handed_out.lock().unwrap().clone();
    secrets.extend(
        [
            APPLICATION_TOKEN,
            SYSTEM_TOKEN,
            "7T:",
            "eyJ",
            &signature[..24],
            &APP_KEY_XML[22..60],
        ]
        .map(str::to_owned),
    );
    for secret in &secrets {
        assert!(!printed.contains(secret.as_str()), "{secret} in {printed}");
    }
    assert!(printed.contains("<redacted>"));
    let _: Secret = signed;
}

#[tokio::test]
async fn an_unreachable_or_failing_login_host_is_a_typed_error() {
    let mock = mock();
    // Nothing listens there (the port of a listener just closed).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let user = system_user(
        &format!("http://{address}"),
        &mock,
        APPLICATION_TOKEN,
        APP_KEY_XML,
    );
    let error = user.ticket().await.unwrap_err();
    assert!(
        matches!(error, SystemUserError::Transport { .. }),
        "{error:?}"
    );
    // A host without the endpoints: 404.
    let app = axum::Router::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let user = system_user(
        &format!("http://{address}"),
        &mock,
        APPLICATION_TOKEN,
        APP_KEY_XML,
    );
    assert!(matches!(
        user.ticket().await.unwrap_err(),
        SystemUserError::Status { status: 404, .. }
    ));
    // Not a URL.
    let error = SystemUser::builder(
        "sod.superoffice.com",
        APPLICATION_TOKEN,
        CONTEXT,
        SYSTEM_TOKEN,
        PrivateKey::parse(APP_KEY_XML).unwrap(),
    )
    .build()
    .unwrap_err();
    assert!(matches!(error, SystemUserError::LoginBase(_)), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_system_user_example_exchanges_and_calls_retrying_a_401_once() {
    let mock = mock();
    // The example signs with the real clock: so does the mock here.
    *mock.clock.0.lock().unwrap() = SystemTime::now();
    let base = serve(mock.clone()).await;
    let key_file = std::env::temp_dir().join(format!("system-user-key-{}.xml", std::process::id()));
    std::fs::write(&key_file, APP_KEY_XML).expect("write the key file");
    let key_path = key_file.to_str().expect("a UTF-8 path").to_owned();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(support::example("system_user"))
            .args(["--login-base", base.trim_end_matches('/')])
            .args(["--tenant-url", &format!("{base}Cust12345")])
            .args(["--context", CONTEXT, "--key", &key_path, "--contact", "42"])
            .env("SO_APP_TOKEN", APPLICATION_TOKEN)
            .env("SO_SYSTEM_TOKEN", SYSTEM_TOKEN)
            .output()
            .expect("run the system_user example")
    })
    .await
    .expect("the example ran");
    let _ = std::fs::remove_file(&key_file);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let contact: serde_json::Value = serde_json::from_str(&stdout).expect("the contact as JSON");
    assert_eq!(contact["ContactId"], 42);
    // The 401 made it exchange a second ticket and retry once.
    assert_eq!(mock.exchanges.load(Ordering::SeqCst), 2);
    assert_eq!(mock.tenant_calls.load(Ordering::SeqCst), 2);
    for secret in mock.handed_out.lock().unwrap().iter() {
        assert!(!stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_reuses_the_system_users_ticket_and_exchanges_again_after_a_401() {
    use superoffice_webapi::client::{Client, CredentialProvider};
    use superoffice_webapi::operations::contact::GetContactEntityResponse;

    let mock = mock();
    let base = serve(mock.clone()).await;
    let user = system_user(&base, &mock, APPLICATION_TOKEN, APP_KEY_XML);
    let provider: Arc<dyn CredentialProvider> = Arc::new(user.clone());
    let client = Client::new(&format!("{base}Cust12345"))
        .expect("the tenant's URL")
        .with_credential_provider(provider);
    let exchanges = || mock.exchanges.load(Ordering::SeqCst);
    let tenant_calls = || mock.tenant_calls.load(Ordering::SeqCst);
    let contact_id = |answer: &GetContactEntityResponse| {
        let GetContactEntityResponse::Ok(contact) = answer else {
            panic!("a call without If-Modified-Since gets the entity: {answer:?}");
        };
        serde_json::to_value(contact).unwrap()["ContactId"].clone()
    };

    // The first call exchanges; the tenant refuses that ticket once (revoked): the client
    // forgets it, exchanges again and resends once.
    let contact = client
        .contact()
        .get_contact_entity(42)
        .await
        .expect("resent");
    assert_eq!(contact_id(&contact), 42);
    assert_eq!((exchanges(), tenant_calls()), (2, 2));

    // The ticket is reused across calls, by clones too.
    for id in 1..=3 {
        let contact = client
            .clone()
            .contact()
            .get_contact_entity(id)
            .await
            .unwrap();
        assert_eq!(contact_id(&contact), id);
    }
    assert_eq!((exchanges(), tenant_calls()), (2, 5));

    // Another exchange for the tenant (another process) makes this ticket stale: 401, a new
    // exchange, one resend.
    system_user(&base, &mock, APPLICATION_TOKEN, APP_KEY_XML)
        .ticket()
        .await
        .expect("another ticket");
    assert_eq!(exchanges(), 3);
    client
        .contact()
        .get_contact_entity(7)
        .await
        .expect("resent");
    assert_eq!((exchanges(), tenant_calls()), (4, 7));
    client.contact().get_contact_entity(8).await.unwrap();
    assert_eq!((exchanges(), tenant_calls()), (4, 8));

    // A refused exchange is the call's typed error, with the system user's error inside.
    *mock.mode.lock().unwrap() = Mode::Refused;
    user.invalidate();
    let error = client.contact().get_contact_entity(9).await.unwrap_err();
    let superoffice_webapi::client::Error::Credentials(cause) = &error else {
        panic!("expected a credential error, got {error:?}");
    };
    assert_eq!(
        cause.downcast_ref::<SystemUserError>(),
        Some(&SystemUserError::Refused(
            "The system user of this tenant is disabled".to_owned()
        ))
    );
    assert_eq!(tenant_calls(), 8, "nothing was sent");

    // Nothing secret prints.
    let printed = format!("{client:?} {error} {error:?}");
    let mut secrets = mock.handed_out.lock().unwrap().clone();
    secrets.extend([APPLICATION_TOKEN, SYSTEM_TOKEN, "7T:"].map(str::to_owned));
    for secret in &secrets {
        assert!(!printed.contains(secret.as_str()), "{secret} in {printed}");
    }
}
