//! The model's root: everything generated from one spec, and its operation groups.

use std::collections::BTreeMap;

use super::operations::{DefaultHeader, Operation};
use super::security::SecuritySchemeDef;
use super::types::TypeDef;

/// Everything generated from one spec.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Operations in spec order (paths, then methods in the order the spec gives them).
    pub operations: Vec<Operation>,
    /// Security schemes in spec order, with their Rust names.
    pub security_schemes: Vec<SecuritySchemeDef>,
    /// Optional header parameters a client can set once for every call, by first use.
    pub default_headers: Vec<DefaultHeader>,
    /// The document's security requirement alternatives (scheme names).
    pub security: Vec<Vec<String>>,
    /// Operation groups (one per tag, in spec order): a server trait each.
    pub groups: Vec<Group>,
}

/// A group of operations sharing their first tag: its operations' names are unique within
/// it; the server side has one trait per group, the client one handle per group.
#[derive(Clone, Debug)]
pub struct Group {
    /// The tag ([`UNTAGGED`] for untagged operations).
    pub tag: String,
    /// Unique PascalCase trait name, e.g. `ChatTopicApi`.
    pub trait_name: String,
    /// Unique snake_case module name (`operations::<module>`, `client::<module>`,
    /// `server::<module>`).
    pub module: String,
    /// The tag's description.
    pub description: Option<String>,
    /// How the client reaches the group's operations: through a handle (`client.chat_topic()`
    /// returns a `ChatTopicClient`), or `None` for the untagged group, whose operations are
    /// methods of `Client` itself.
    pub handle: Option<GroupHandle>,
}

/// The tag of operations without one (and of operations tagged so).
pub const UNTAGGED: &str = "default";

/// The client's handle of one group's operations.
#[derive(Clone, Debug)]
pub struct GroupHandle {
    /// The `Client` method returning the handle, e.g. `chat_topic` (distinct from the client's
    /// other methods and setters).
    pub accessor: String,
    /// The handle's PascalCase type name, e.g. `ChatTopicClient` (unique among the groups).
    pub type_name: String,
}
