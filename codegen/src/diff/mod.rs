//! Two versions of a spec → what changed for the people who use the generated crate: every
//! change to operations, parameters, bodies, responses and schemas, the Rust item it touches,
//! whom it breaks (clients, server implementers) and the semver verdict for the crate.
//!
//! Both sides are lowered into [`Model`]s, so `$ref`s are resolved and Rust names decided
//! exactly as the generator decides them; lines come from each side's own source file.

mod operations;
mod render;
mod rust;
mod schemas;

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::SpecErrors;
use crate::loader::Document;
use crate::model::Model;
use crate::pointer::JsonPointer;
pub use render::Format;

/// One version of a spec: its document (for lines and raw values) and its model.
#[derive(Debug)]
pub struct Side {
    /// The parsed spec.
    pub document: Document,
    /// What the generator makes of it.
    pub model: Model,
}

impl Side {
    /// Loads and lowers the spec at `path`, named `name` in reports.
    pub fn load(path: &Path, name: &str) -> Result<Self, SpecErrors> {
        let document = crate::loader::load_file(path, name)?;
        Self::from_document(document)
    }

    /// Lowers an already loaded document.
    pub fn from_document(document: Document) -> Result<Self, SpecErrors> {
        let model = crate::lower::lower(&document)?.model;
        Ok(Self { document, model })
    }

    /// The raw node at `pointer`.
    fn node(&self, pointer: &JsonPointer) -> Option<&serde_json::Value> {
        pointer
            .tokens()
            .iter()
            .try_fold(&self.document.root, |node, token| match node {
                serde_json::Value::Object(map) => map.get(token),
                serde_json::Value::Array(items) => {
                    token.parse::<usize>().ok().and_then(|i| items.get(i))
                }
                _ => None,
            })
    }

    /// Where `pointer` is in this side's file.
    fn place(&self, pointer: &JsonPointer) -> Place {
        let (file, location) = self.document.locate(pointer);
        Place {
            file: file.to_owned(),
            line: location.line,
        }
    }
}

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
    fn breaking(clients: bool, servers: bool, reason: impl Into<String>) -> Self {
        Self {
            breaks_clients: clients,
            breaks_servers: servers,
            semver: Semver::Major,
            reason: reason.into(),
        }
    }

    fn compatible(semver: Semver, reason: impl Into<String>) -> Self {
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

    /// The report as text, Markdown or JSON.
    pub fn render(&self, format: Format) -> String {
        render::render(self, format)
    }
}

/// Compares `base` with `head`; the names say what each side is in the report.
pub fn diff(base: &Side, head: &Side, base_name: &str, head_name: &str) -> Report {
    let mut differ = Differ {
        base,
        head,
        base_types: crate::emit::RustTypes::new(&base.model),
        head_types: crate::emit::RustTypes::new(&head.model),
        changes: Vec::new(),
    };
    operations::compare(&mut differ);
    schemas::compare(&mut differ);
    let mut changes = differ.changes;
    // Grouped by subject (operations first), then in file order within a subject.
    changes.sort_by(|a, b| {
        let line = |c: &Change| {
            c.head
                .as_ref()
                .or(c.base.as_ref())
                .map_or(0, |place| place.line)
        };
        (&a.subject, line(a), a.kind).cmp(&(&b.subject, line(b), b.kind))
    });
    Report {
        base: base_name.to_owned(),
        head: head_name.to_owned(),
        changes,
    }
}

/// State while comparing: both sides and the changes found.
struct Differ<'s> {
    base: &'s Side,
    head: &'s Side,
    base_types: crate::emit::RustTypes<'s>,
    head_types: crate::emit::RustTypes<'s>,
    changes: Vec<Change>,
}

/// Where a changed item is on each side.
struct Places<'p> {
    base: Option<&'p JsonPointer>,
    head: Option<&'p JsonPointer>,
}

impl<'p> Places<'p> {
    fn base(pointer: &'p JsonPointer) -> Self {
        Self {
            base: Some(pointer),
            head: None,
        }
    }

    fn head(pointer: &'p JsonPointer) -> Self {
        Self {
            base: None,
            head: Some(pointer),
        }
    }

    fn both(base: &'p JsonPointer, head: &'p JsonPointer) -> Self {
        Self {
            base: Some(base),
            head: Some(head),
        }
    }
}

impl Differ<'_> {
    #[allow(clippy::too_many_arguments)] // One change has this many facts.
    fn push(
        &mut self,
        kind: ChangeKind,
        subject: Subject,
        item: String,
        rust_item: String,
        detail: Option<String>,
        impact: Impact,
        places: Places<'_>,
    ) {
        let base = places.base.map(|p| self.base.place(p));
        let head = places.head.map(|p| self.head.place(p));
        self.changes.push(Change {
            kind,
            subject,
            item,
            rust_item,
            detail,
            impact,
            base,
            head,
        });
    }

    /// A description change (info only), if the texts differ.
    fn description(
        &mut self,
        subject: &Subject,
        item: &str,
        rust_item: &str,
        old: Option<&str>,
        new: Option<&str>,
        places: Places<'_>,
    ) {
        if old.map(str::trim) != new.map(str::trim) {
            self.push(
                ChangeKind::DescriptionChanged,
                subject.clone(),
                item.to_owned(),
                rust_item.to_owned(),
                None,
                Impact::compatible(Semver::Patch, "documentation only"),
                places,
            );
        }
    }

    /// A `default` change (compatible), if the raw defaults differ.
    fn default(
        &mut self,
        subject: &Subject,
        item: &str,
        rust_item: &str,
        pointers: (&JsonPointer, &JsonPointer),
    ) {
        let old = self
            .base
            .node(pointers.0)
            .and_then(|n| n.get("default"))
            .cloned();
        let new = self
            .head
            .node(pointers.1)
            .and_then(|n| n.get("default"))
            .cloned();
        if old != new {
            let show = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .map_or_else(|| "none".to_owned(), |v| v.to_string())
            };
            self.push(
                ChangeKind::DefaultChanged,
                subject.clone(),
                item.to_owned(),
                rust_item.to_owned(),
                Some(format!("{} → {}", show(&old), show(&new))),
                Impact::compatible(
                    Semver::Patch,
                    "the server's behaviour for an absent value changes; the Rust API does not",
                ),
                Places::both(pointers.0, pointers.1),
            );
        }
    }
}
