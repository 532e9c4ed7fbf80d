//! What a comparison finds: each change, whom it breaks, and the report that holds them.

use serde::Serialize;

/// A file and line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The spec file as named on its side.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What changed. Removals sort before additions at the same place, so a rename reads as
/// "removed, added".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // The names say it.
pub enum ChangeKind {
    OperationRemoved,
    OperationAdded,
    OperationRenamed,
    MethodChanged,
    PathChanged,
    OperationDeprecated,
    OperationUndeprecated,
    ParameterRemoved,
    ParameterAdded,
    ParameterRequiredChanged,
    ParameterTypeChanged,
    ParameterLocationChanged,
    RequestBodyRemoved,
    RequestBodyAdded,
    RequestBodyRequiredChanged,
    RequestBodyTypeChanged,
    RequestMediaTypeRemoved,
    RequestMediaTypeAdded,
    ResponseStatusRemoved,
    ResponseStatusAdded,
    ResponseBodyTypeChanged,
    ResponseMediaTypeRemoved,
    ResponseMediaTypeAdded,
    SchemaRemoved,
    SchemaAdded,
    SchemaRenamed,
    SchemaTypeChanged,
    PropertyRemoved,
    PropertyAdded,
    PropertyTypeChanged,
    PropertyFormatChanged,
    PropertyRequiredChanged,
    PropertyNullableChanged,
    EnumValueRemoved,
    EnumValueAdded,
    FlagValueRemoved,
    FlagValueAdded,
    DefaultChanged,
    DescriptionChanged,
}

impl ChangeKind {
    /// What happened to the item, in words: `added`, `type changed`.
    pub fn verb(self) -> &'static str {
        use ChangeKind as K;
        match self {
            K::OperationAdded
            | K::ParameterAdded
            | K::RequestBodyAdded
            | K::RequestMediaTypeAdded
            | K::ResponseStatusAdded
            | K::ResponseMediaTypeAdded
            | K::SchemaAdded
            | K::PropertyAdded
            | K::EnumValueAdded
            | K::FlagValueAdded => "added",
            K::OperationRemoved
            | K::ParameterRemoved
            | K::RequestBodyRemoved
            | K::RequestMediaTypeRemoved
            | K::ResponseStatusRemoved
            | K::ResponseMediaTypeRemoved
            | K::SchemaRemoved
            | K::PropertyRemoved
            | K::EnumValueRemoved
            | K::FlagValueRemoved => "removed",
            K::OperationRenamed | K::SchemaRenamed => "renamed",
            K::MethodChanged => "method changed",
            K::PathChanged => "path changed",
            K::OperationDeprecated => "deprecated",
            K::OperationUndeprecated => "no longer deprecated",
            K::ParameterRequiredChanged
            | K::RequestBodyRequiredChanged
            | K::PropertyRequiredChanged => "required changed",
            K::ParameterTypeChanged
            | K::RequestBodyTypeChanged
            | K::ResponseBodyTypeChanged
            | K::SchemaTypeChanged
            | K::PropertyTypeChanged => "type changed",
            K::ParameterLocationChanged => "location changed",
            K::PropertyFormatChanged => "format changed",
            K::PropertyNullableChanged => "nullable changed",
            K::DefaultChanged => "default changed",
            K::DescriptionChanged => "description changed",
        }
    }
}

/// How much a change moves the generated crate's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Semver {
    /// Nothing a program can notice (docs, defaults).
    Patch,
    /// Something new; existing code keeps compiling and working.
    Minor,
    /// Existing code or deployed clients or servers break.
    Major,
}

impl std::fmt::Display for Semver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        })
    }
}

/// Whom a change breaks, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// Code that calls the API (or a deployed client) breaks.
    pub breaks_clients: bool,
    /// An implementation of the server trait breaks.
    pub breaks_servers: bool,
    /// The version bump it needs.
    pub semver: Semver,
    /// One line: why.
    pub reason: String,
}

impl Impact {
    pub(super) fn breaking(clients: bool, servers: bool, reason: impl Into<String>) -> Self {
        Self {
            breaks_clients: clients,
            breaks_servers: servers,
            semver: Semver::Major,
            reason: reason.into(),
        }
    }

    pub(super) fn compatible(semver: Semver, reason: impl Into<String>) -> Self {
        Self {
            breaks_clients: false,
            breaks_servers: false,
            semver,
            reason: reason.into(),
        }
    }

    /// `breaking for clients and servers`, `breaking for clients`, … or `compatible`.
    pub fn classification(&self) -> &'static str {
        match (self.breaks_clients, self.breaks_servers) {
            (true, true) => "breaking for clients and servers",
            (true, false) => "breaking for clients",
            (false, true) => "breaking for servers",
            (false, false) if self.semver == Semver::Patch => "info",
            (false, false) => "compatible",
        }
    }
}

/// What a change belongs to, for grouping.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Subject {
    /// An operation, by operationId.
    Operation(String),
    /// A schema, by Rust type name.
    Schema(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Operation(id) => write!(f, "operation {id}"),
            Subject::Schema(name) => write!(f, "schema {name}"),
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The operation or schema it belongs to.
    pub subject: Subject,
    /// The spec item, e.g. `property Rating` or `query parameter $top`.
    pub item: String,
    /// The Rust item of the generated crate, e.g. `models::ChatSessionEntity::rating: Option<i32>`.
    pub rust_item: String,
    /// Old → new, when something changed in place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Whom it breaks and why.
    pub impact: Impact,
    /// Where it is on the base side, if it exists there.
    pub base: Option<Place>,
    /// Where it is on the head side, if it exists there.
    pub head: Option<Place>,
}

/// Every change between two versions of a spec.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// How the base side is named (`HEAD`, a commit).
    pub base: String,
    /// How the head side is named (`working tree`, a commit).
    pub head: String,
    /// The changes, grouped by subject, in a stable order.
    pub changes: Vec<Change>,
}

impl Report {
    /// The semver bump the generated crate needs; `None` without changes.
    pub fn semver(&self) -> Option<Semver> {
        self.changes.iter().map(|c| c.impact.semver).max()
    }

    /// Whether any change breaks clients or servers.
    pub fn is_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.impact.breaks_clients || c.impact.breaks_servers)
    }
}
