//! Shared by the end-to-end tests: an in-memory `ChatTopicApi`, a server on a random port,
//! a raw HTTP/1.1 exchange for requests the typed client would never send, and the examples'
//! binaries.

#![allow(dead_code)] // Each test binary uses a different part.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;

use superoffice_webapi::auth::Credentials;
use superoffice_webapi::client::Client;
use superoffice_webapi::models::{
    ChatSessionEntity, ChatTopicAgent, ChatTopicEntity, ChatTopicEntityWithLinks, JsonPatchOp,
    MdoListItem, ODataSlimResponse, WebApiError,
};
use superoffice_webapi::operations::chat_topic::*;
use superoffice_webapi::runtime::server::axum;
use superoffice_webapi::runtime::Nullable;
use superoffice_webapi::server::{ApiError, ChatTopicApi};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The page's sample session (`POST ChatTopic/{id}/Sessions`).
pub const SAMPLE_SESSION: &str = include_str!("../fixtures/chat_session_sample.json");

type Answer<T> = Result<T, ApiError<WebApiError>>;

/// A SuperOffice-style error body.
pub fn not_found(what: &str) -> ApiError<WebApiError> {
    ApiError::with_body(
        404,
        WebApiError {
            error_type: Nullable::Value("NotFoundException".into()),
            error_message: Nullable::Value(format!("{what} not found")),
            ..WebApiError::default()
        },
    )
}

/// Chat topics and their user agents, in memory; remembers the last credentials it saw.
#[derive(Default)]
pub struct Memory {
    topics: Mutex<BTreeMap<i32, ChatTopicEntity>>,
    agents: Mutex<BTreeMap<(i32, String), ChatTopicAgent>>,
    pub seen: Mutex<Vec<Credentials>>,
}

impl Memory {
    fn saw(&self, credentials: Credentials) {
        self.seen.lock().expect("lock").push(credentials);
    }

    fn with_links(entity: &ChatTopicEntity) -> ChatTopicEntityWithLinks {
        let value = serde_json::to_value(entity).expect("entity serializes");
        let mut with_links: ChatTopicEntityWithLinks =
            serde_json::from_value(value).expect("same properties");
        let id = entity.chat_topic_id.unwrap_or_default();
        with_links.links = Nullable::Value(
            [("self".to_owned(), Some(format!("/api/v1/ChatTopic/{id}")))]
                .into_iter()
                .collect(),
        );
        with_links
    }

    fn topic(&self, id: i32) -> Answer<ChatTopicEntity> {
        self.topics
            .lock()
            .expect("lock")
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(&format!("ChatTopic {id}")))
    }

    fn store(&self, entity: ChatTopicEntity) -> ChatTopicEntityWithLinks {
        let id = entity.chat_topic_id.unwrap_or_default();
        self.topics.lock().expect("lock").insert(id, entity.clone());
        Self::with_links(&entity)
    }

    fn agent(&self, topic: i32, agent: ChatTopicAgent) -> ChatTopicAgent {
        let name = match agent.user.value() {
            Some(user) => user.name.value().cloned().unwrap_or_default(),
            None => String::new(),
        };
        let agent = ChatTopicAgent {
            topic_id: Some(topic),
            ..agent
        };
        self.agents
            .lock()
            .expect("lock")
            .insert((topic, name), agent.clone());
        agent
    }
}

// The tests turn on more tags than ChatTopic (their page samples need the models); the
// router then needs those tags' traits too, whose operations answer 501 here.
impl superoffice_webapi::server::ContactApi for Memory {}
impl superoffice_webapi::server::PersonApi for Memory {}
impl superoffice_webapi::server::SaleApi for Memory {}
impl superoffice_webapi::server::ContactAgentApi for Memory {}
impl superoffice_webapi::server::DocumentApi for Memory {}

impl ChatTopicApi for Memory {
    async fn sessions(
        &self,
        params: SessionsParams,
        credentials: Credentials,
    ) -> Answer<ODataSlimResponse> {
        self.saw(credentials);
        self.topic(params.chat_topic_id)?;
        // One row per requested row, echoing the query so that tests see it arrived intact.
        let rows = (0..params.top.unwrap_or(1))
            .map(|row| {
                let mut map = indexmap::IndexMap::new();
                map.insert("PrimaryKey".to_owned(), serde_json::json!(row));
                map.insert("select".to_owned(), serde_json::json!(params.select));
                map.insert("filter".to_owned(), serde_json::json!(params.filter));
                map.insert(
                    "mode".to_owned(),
                    serde_json::json!(params.mode.as_ref().map(ToString::to_string)),
                );
                map
            })
            .collect();
        Ok(ODataSlimResponse {
            value: Nullable::Value(rows),
            ..ODataSlimResponse::default()
        })
    }

    async fn create_chat_session_for_topic(
        &self,
        params: CreateChatSessionForTopicParams,
        credentials: Credentials,
    ) -> Answer<ChatSessionEntity> {
        self.saw(credentials);
        if params.chat_topic_id == 0 {
            return Err(not_found("ChatTopic 0"));
        }
        let mut session: ChatSessionEntity =
            serde_json::from_str(SAMPLE_SESSION).expect("the sample parses");
        session.topic_id = Some(params.chat_topic_id);
        if let Some(language) = params.common_headers.accept_language {
            session.customer_alias = Nullable::Value(language);
        }
        Ok(session)
    }

    async fn post_chat_topic_entity(
        &self,
        _params: PostChatTopicEntityParams,
        body: ChatTopicEntity,
        credentials: Credentials,
    ) -> Answer<ChatTopicEntityWithLinks> {
        self.saw(credentials);
        let id = self.topics.lock().expect("lock").len() as i32 + 1;
        Ok(self.store(ChatTopicEntity {
            chat_topic_id: Some(id),
            ..body
        }))
    }

    async fn default_chat_topic_entity(
        &self,
        _params: DefaultChatTopicEntityParams,
        credentials: Credentials,
    ) -> Answer<ChatTopicEntity> {
        self.saw(credentials);
        Ok(ChatTopicEntity {
            chat_topic_id: Some(0),
            name: Nullable::Value(String::new()),
            collect_consent: Some(true),
            ..ChatTopicEntity::default()
        })
    }

    async fn get_chat_topic_entity(
        &self,
        params: GetChatTopicEntityParams,
        credentials: Credentials,
    ) -> Answer<ChatTopicEntityWithLinks> {
        self.saw(credentials);
        Ok(Self::with_links(&self.topic(params.id)?))
    }

    async fn put_chat_topic_entity(
        &self,
        params: PutChatTopicEntityParams,
        body: ChatTopicEntity,
        credentials: Credentials,
    ) -> Answer<ChatTopicEntityWithLinks> {
        self.saw(credentials);
        self.topic(params.id)?;
        Ok(self.store(ChatTopicEntity {
            chat_topic_id: Some(params.id),
            ..body
        }))
    }

    async fn delete_chat_topic_entity(
        &self,
        params: DeleteChatTopicEntityParams,
        credentials: Credentials,
    ) -> Answer<()> {
        self.saw(credentials);
        self.topics
            .lock()
            .expect("lock")
            .remove(&params.id)
            .map(|_| ())
            .ok_or_else(|| not_found(&format!("ChatTopic {}", params.id)))
    }

    async fn patch_chat_topic_entity(
        &self,
        params: PatchChatTopicEntityParams,
        body: PatchChatTopicEntityBody,
        credentials: Credentials,
    ) -> Answer<ChatTopicEntityWithLinks> {
        self.saw(credentials);
        let current = self.topic(params.id)?;
        let mut value = serde_json::to_value(&current).expect("serializes");
        match body {
            PatchChatTopicEntityBody::JsonPatchJson(operations) => {
                for operation in operations {
                    let path = operation.path.unwrap_or_default();
                    let key = path.trim_start_matches('/').to_owned();
                    match operation.op {
                        Some(JsonPatchOp::Replace | JsonPatchOp::Add) => {
                            let new = operation.value.into_value().unwrap_or_default();
                            value[key.as_str()] = new;
                        }
                        Some(JsonPatchOp::Remove) => {
                            value.as_object_mut().map(|map| map.remove(&key));
                        }
                        _ => {
                            return Err(ApiError::with_message(
                                400,
                                format!("unsupported patch operation on {path}"),
                            ))
                        }
                    }
                }
            }
            PatchChatTopicEntityBody::MergePatchJson(merge) => {
                for (key, new) in merge {
                    value[key.as_str()] = new;
                }
            }
        }
        let patched: ChatTopicEntity = serde_json::from_value(value)
            .map_err(|error| ApiError::with_message(400, error.to_string()))?;
        Ok(self.store(patched))
    }

    async fn is_within_opening_hours(
        &self,
        params: IsWithinOpeningHoursParams,
        credentials: Credentials,
    ) -> Answer<bool> {
        self.saw(credentials);
        let topic = self.topic(params.chat_topic_id)?;
        Ok(!topic.opening_hours_enabled.unwrap_or(false))
    }

    async fn chat_topics_for_user(
        &self,
        _params: ChatTopicsForUserParams,
        credentials: Credentials,
    ) -> Answer<Vec<ChatTopicEntity>> {
        self.saw(credentials);
        Ok(self
            .topics
            .lock()
            .expect("lock")
            .values()
            .cloned()
            .collect())
    }

    async fn get_user_agent_list(
        &self,
        params: GetUserAgentListParams,
        credentials: Credentials,
    ) -> Answer<Vec<MdoListItem>> {
        self.saw(credentials);
        let item = |id: i32, name: &str| MdoListItem {
            id: Some(id),
            name: Nullable::Value(name.to_owned()),
            ..MdoListItem::default()
        };
        let mut items = vec![item(1, "tje0")];
        if !params.only_present.unwrap_or(false) {
            items.push(item(2, "away"));
        }
        if !params.flat {
            items = vec![MdoListItem {
                child_items: Nullable::Value(items),
                ..item(0, "group")
            }];
        }
        Ok(items)
    }

    async fn get_chat_topic_user_agent_list(
        &self,
        params: GetChatTopicUserAgentListParams,
        credentials: Credentials,
    ) -> Answer<Vec<ChatTopicAgent>> {
        self.saw(credentials);
        let agents = self.agents.lock().expect("lock");
        Ok(agents
            .iter()
            .filter(|((topic, _), _)| *topic == params.chat_topic_id)
            .map(|(_, agent)| agent.clone())
            .collect())
    }

    async fn update_chat_topic_user_agents(
        &self,
        params: UpdateChatTopicUserAgentsParams,
        body: Vec<ChatTopicAgent>,
        credentials: Credentials,
    ) -> Answer<Vec<ChatTopicAgent>> {
        self.saw(credentials);
        self.agents
            .lock()
            .expect("lock")
            .retain(|(topic, _), _| *topic != params.chat_topic_id);
        Ok(body
            .into_iter()
            .map(|agent| self.agent(params.chat_topic_id, agent))
            .collect())
    }

    async fn add_chat_topic_user_agent(
        &self,
        params: AddChatTopicUserAgentParams,
        body: ChatTopicAgent,
        credentials: Credentials,
    ) -> Answer<ChatTopicAgent> {
        self.saw(credentials);
        Ok(self.agent(params.chat_topic_id, body))
    }

    async fn get_chat_topic_user_agent(
        &self,
        params: GetChatTopicUserAgentParams,
        credentials: Credentials,
    ) -> Answer<ChatTopicAgent> {
        self.saw(credentials);
        self.agents
            .lock()
            .expect("lock")
            .get(&(params.chat_topic_id, params.username.clone()))
            .cloned()
            .ok_or_else(|| not_found(&format!("user agent {}", params.username)))
    }

    async fn update_chat_topic_user_agent(
        &self,
        params: UpdateChatTopicUserAgentParams,
        body: ChatTopicAgent,
        credentials: Credentials,
    ) -> Answer<ChatTopicAgent> {
        self.saw(credentials);
        let key = (params.chat_topic_id, params.username.clone());
        let mut agents = self.agents.lock().expect("lock");
        let agent = agents
            .get_mut(&key)
            .ok_or_else(|| not_found(&format!("user agent {}", params.username)))?;
        *agent = ChatTopicAgent {
            topic_id: Some(params.chat_topic_id),
            user: agent.user.clone(),
            ..body
        };
        Ok(agent.clone())
    }

    async fn delete_chat_topic_user_agent(
        &self,
        params: DeleteChatTopicUserAgentParams,
        credentials: Credentials,
    ) -> Answer<()> {
        self.saw(credentials);
        self.agents
            .lock()
            .expect("lock")
            .remove(&(params.chat_topic_id, params.username.clone()))
            .map(|_| ())
            .ok_or_else(|| not_found(&format!("user agent {}", params.username)))
    }
}

/// Serves `router` on 127.0.0.1 with a random port, until the test ends.
pub async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a random port");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    address
}

/// A client for `address` that authenticates as the page's sample user.
pub fn client(address: SocketAddr) -> Client {
    Client::new(&format!("http://{address}"))
        .expect("a valid base URL")
        .with_basic("tje0", "Tje0")
}

/// A raw HTTP answer.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// The value of header `name`, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "the body is not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends `head` (request line and headers, without the final blank line) and `body` over a
/// fresh connection, and reads the answer until the server closes it.
pub async fn raw(address: SocketAddr, head: &str, body: &[u8]) -> RawAnswer {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let request = format!(
        "{head}\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let (mut reader, mut writer) = stream.split();
    let write = async {
        // The server may answer (and close) before it read everything; that is its right.
        let _ = writer.write_all(request.as_bytes()).await;
        let _ = writer.write_all(body).await;
    };
    let mut bytes = Vec::new();
    let read = async {
        let _ = reader.read_to_end(&mut bytes).await;
    };
    tokio::join!(write, read);
    parse_answer(&bytes)
}

fn parse_answer(bytes: &[u8]) -> RawAnswer {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete answer: {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    RawAnswer {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

/// An example's binary, which `cargo test` builds next to the test binaries
/// (`target/debug/examples/`).
pub fn example(name: &str) -> std::path::PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let path = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug")
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: run the whole `cargo test -p superoffice-webapi`, which builds the examples",
        path.display()
    );
    path
}
