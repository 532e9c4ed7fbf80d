//! Routes several operations share, end to end: fixture `shared_routes` is generated, a
//! hand-written test serves its router on 127.0.0.1 and shows that each operation of a shared
//! route is reached by the paths its parameters' types take (`/users/42` → getUser,
//! `/users/jdoe` → getUserByName), and that 404, 405 and 400 answers are what they were.

mod common;

use std::path::PathBuf;

use codegen::write::{self, Mode};

/// The generated crate's end-to-end test.
const SERVE_TEST: &str = r#"//! The generated router, served: each operation of a shared route is reached.
use std::net::SocketAddr;

use fixture_shared_routes::client::Client;
use fixture_shared_routes::operations::{directory::*, users::*};
use fixture_shared_routes::runtime::{server::axum, Multipart};
use fixture_shared_routes::server::{router, ApiError, DirectoryApi, UsersApi};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type Answer = Result<String, ApiError<serde_json::Value>>;

/// Each operation says which it is and what it read.
struct Api;

impl UsersApi for Api {
    async fn get_user(&self, params: GetUserParams) -> Answer {
        Ok(format!("getUser {}", params.id))
    }
    async fn delete_user(&self, params: DeleteUserParams) -> Answer {
        Ok(format!("deleteUser {}", params.id))
    }
    async fn put_user_by_name(&self, params: PutUserByNameParams, body: String) -> Answer {
        Ok(format!("putUserByName {} {body}", params.user_name))
    }
    async fn put_avatar(&self, params: PutAvatarParams, body: Option<Multipart>) -> Answer {
        Ok(format!("putAvatar {} {}", params.id, body.is_some()))
    }
    async fn put_avatar_by_name(&self, params: PutAvatarByNameParams) -> Answer {
        Ok(format!("putAvatarByName {}", params.user_name))
    }
    async fn get_item(&self, params: GetItemParams) -> Answer {
        Ok(format!("getItem {}/{}", params.list_id, params.item_id))
    }
    async fn get_item_by_list_name(&self, params: GetItemByListNameParams) -> Answer {
        Ok(format!("getItemByListName {}/{}", params.list_name, params.item_id))
    }
    async fn get_events_of_day(&self, params: GetEventsOfDayParams) -> Answer {
        Ok(format!("getEventsOfDay {}", params.day))
    }
    async fn get_event(&self, params: GetEventParams) -> Answer {
        Ok(format!("getEvent {}", params.event_id))
    }
    async fn get_event_by_slug(&self, params: GetEventBySlugParams) -> Answer {
        Ok(format!("getEventBySlug {}", params.slug))
    }
    async fn get_tag(&self, params: GetTagParams) -> Answer {
        Ok(format!("getTag {}", params.tag_name))
    }
    async fn get_tag_by_label(&self, params: GetTagByLabelParams) -> Answer {
        Ok(format!("getTagByLabel {}", params.label))
    }
    async fn get_role_by_name(&self, params: GetRoleByNameParams) -> Answer {
        Ok(format!("getRoleByName {}", params.role_name))
    }
}

impl DirectoryApi for Api {
    async fn get_user_by_name(&self, params: GetUserByNameParams) -> Answer {
        Ok(format!("getUserByName {}", params.user_name))
    }
}

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, router(Api)).await.expect("serve") });
    address
}

/// `METHOD path` without a body: the status and the body's text.
async fn raw(address: SocketAddr, method: &str, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    let status = answer[9..12].parse().expect("a status code");
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, body.to_owned())
}

#[tokio::test]
async fn each_operation_of_a_shared_route_is_reached_by_its_types() {
    let address = serve().await;
    let client = Client::new(&format!("http://{address}")).expect("a base URL");
    // An integer goes to the integer operation, any other text to the string one (of
    // another tag here).
    assert_eq!(client.users().get_user(42).await.expect("getUser"), "getUser 42");
    assert_eq!(
        client.directory().get_user_by_name("jdoe").await.expect("getUserByName"),
        "getUserByName jdoe"
    );
    for (name, served) in [
        ("4.5", "getUserByName 4.5"),
        ("99999999999", "getUserByName 99999999999"),
        ("-7x", "getUserByName -7x"),
        // As with ASP.NET's `{id:int}`, a name that reads as an integer is an id.
        ("42", "getUser 42"),
    ] {
        let answer = client.directory().get_user_by_name(name).await.expect(name);
        assert_eq!(answer, served, "{name}");
    }
    // Other methods of the path are served as before, each by its one operation.
    assert_eq!(client.users().delete_user(7).await.expect("deleteUser"), "deleteUser 7");
    let put = client.users().put_user_by_name("jdoe", "hi".to_owned()).await;
    assert_eq!(put.expect("putUserByName"), "putUserByName jdoe hi");

    // Two path parameters: (int, int) before (string, int).
    assert_eq!(client.users().get_item(3, 4).await.expect("getItem"), "getItem 3/4");
    let by_name = client.users().get_item_by_list_name("groceries", 4).await;
    assert_eq!(by_name.expect("getItemByListName"), "getItemByListName groceries/4");

    // A date and a UUID before a plain string.
    for (path, served) in [
        ("/events/2024-02-29", "getEventsOfDay 2024-02-29"),
        (
            "/events/67e55044-10b1-426f-9247-bb680e5fe0c8",
            "getEvent 67e55044-10b1-426f-9247-bb680e5fe0c8",
        ),
        ("/events/party", "getEventBySlug party"),
        ("/events/2024-02-30", "getEventBySlug 2024-02-30"),
    ] {
        assert_eq!(raw(address, "GET", path).await, (200, format!("\"{served}\"")), "{path}");
    }

    // A multipart operation (an `async fn` handler) beside a plain one.
    assert_eq!(raw(address, "PUT", "/users/5/avatar").await, (200, "\"putAvatar 5 false\"".to_owned()));
    assert_eq!(
        raw(address, "PUT", "/users/jdoe/avatar").await,
        (200, "\"putAvatarByName jdoe\"".to_owned())
    );

    // An open enum's known members before any text; other text is the string's.
    let (status, body) = raw(address, "GET", "/roles/ExternalUser").await;
    assert_eq!(status, 501, "getRolesOfType, not implemented: {body}");
    for name in ["manager", "employee", "Employee2"] {
        let path = format!("/roles/{name}");
        let served = format!("\"getRoleByName {name}\"");
        assert_eq!(raw(address, "GET", &path).await, (200, served), "{path}");
    }

    // What the types cannot tell apart is served by the first operation only.
    assert_eq!(client.users().get_tag_by_label("x").await.expect("getTag"), "getTag x");
}

#[tokio::test]
async fn refusals_stay_what_they_were() {
    let address = serve().await;
    // A path no operation fits is refused by the least constrained one, as it would be alone.
    let (status, body) = raw(address, "GET", "/lists/groceries/items/x").await;
    assert_eq!(status, 400, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!((&body["parameter"], &body["in"]), (&"itemId".into(), &"path".into()), "{body}");
    // A method the path lacks, a path no route has.
    let (status, body) = raw(address, "PATCH", "/users/42").await;
    assert_eq!(status, 405, "{body}");
    let (status, body) = raw(address, "GET", "/users/42/nothing").await;
    assert_eq!(status, 404, "{body}");
    // An operation not implemented answers 501 whichever candidate it is.
    let (status, body) = raw(address, "GET", "/roles/Employee").await;
    assert_eq!(status, 501, "{body}");
}
"#;

/// Generates fixture `shared_routes` with the test above and runs `cargo test` on it.
#[test]
fn generated_server_reaches_each_operation_of_a_shared_route() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shared_routes");
    let root = base.join("workspace");
    let generated = common::generate("shared_routes", false);
    let dir = root.join("shared_routes");
    write::sync(&dir, &generated, Mode::Write)
        .unwrap_or_else(|error| panic!("cannot write fixture shared_routes: {error}"));
    std::fs::create_dir_all(dir.join("tests")).expect("create tests/");
    common::write_if_changed(&dir.join("tests/serve.rs"), SERVE_TEST);
    common::write_workspace(
        &root,
        &["shared_routes".to_owned()],
        "codegen/tests/shared_routes.rs",
    );
    let output = common::run_cargo(
        &root,
        &base.join("target"),
        &["test", "--quiet", "--test", "serve"],
        None,
    );
    assert!(
        output.status.success(),
        "the served router's tests failed\n--- stderr ---\n{}\n--- stdout ---\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
}
