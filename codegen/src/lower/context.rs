//! The state the lowering passes share: the document, the diagnostics found so far, the
//! type and module names handed out, and the finished named types.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::node::kind_of;
use crate::diagnostic::{Cause, Severity, Unlocated};
use crate::loader::Document;
use crate::model::TypeDef;
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// The extension naming an operation or component schema in Rust.
const RUST_NAME: &str = "x-rust-name";

/// State shared by the lowering passes.
pub(super) struct Context<'a> {
    /// The document being lowered.
    pub(super) doc: &'a Document,
    /// Errors and warnings in the order found, located when lowering ends.
    pub(super) diagnostics: Vec<Unlocated>,
    /// Type names handed out so far.
    type_names: Scope,
    /// Module (file) names handed out so far.
    module_names: Scope,
    /// Schemas that have (or are getting) a named type, by their pointer.
    pub(super) named: HashMap<JsonPointer, String>,
    /// Finished named types.
    pub(super) types: BTreeMap<String, TypeDef>,
}

impl<'a> Context<'a> {
    pub(super) fn new(doc: &'a Document) -> Self {
        let mut module_names = Scope::new();
        // `mod.rs` holds the module list; no type module may take its name.
        module_names.reserve("mod");
        Self {
            doc,
            diagnostics: Vec::new(),
            type_names: Scope::new(),
            module_names,
            named: HashMap::new(),
            types: BTreeMap::new(),
        }
    }

    pub(super) fn error(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.report(Severity::Error, Cause::Other, pointer, message);
    }

    /// A construct generated less precisely than the spec describes it.
    pub(super) fn warn(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.report(Severity::Warning, Cause::Imprecise, pointer, message);
    }

    /// A defect of the document that is generated around, or anything else with its own cause.
    pub(super) fn warn_of(
        &mut self,
        cause: Cause,
        pointer: &JsonPointer,
        message: impl Into<String>,
    ) {
        self.report(Severity::Warning, cause, pointer, message);
    }

    /// A warning, unless the same one was given already (a component's properties are lowered
    /// again when an `allOf` merges them into another object).
    pub(super) fn warn_once(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.warn_once_of(Cause::Imprecise, pointer, message);
    }

    /// [`Self::warn_once`] with its own cause.
    pub(super) fn warn_once_of(
        &mut self,
        cause: Cause,
        pointer: &JsonPointer,
        message: impl Into<String>,
    ) {
        let diagnostic = Unlocated {
            severity: Severity::Warning,
            cause,
            pointer: pointer.clone(),
            message: message.into(),
        };
        if !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }

    fn report(
        &mut self,
        severity: Severity,
        cause: Cause,
        pointer: &JsonPointer,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Unlocated {
            severity,
            cause,
            pointer: pointer.clone(),
            message: message.into(),
        });
    }

    /// The node at `pointer`, if there is one.
    pub(super) fn value_at(&self, pointer: &JsonPointer) -> Option<&'a Value> {
        pointer
            .tokens()
            .iter()
            .try_fold(&self.doc.root, |node, token| match node {
                Value::Object(map) => map.get(token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            })
    }

    /// The mapping at `pointer`, if the node exists and is one.
    pub(super) fn object_at(&self, pointer: &JsonPointer) -> Option<&'a Map<String, Value>> {
        self.value_at(pointer).and_then(Value::as_object)
    }

    /// The mapping at `pointer`; reports an error when the node exists but is not a mapping.
    pub(super) fn expect_object(
        &mut self,
        pointer: &JsonPointer,
        what: &str,
    ) -> Option<&'a Map<String, Value>> {
        match self.value_at(pointer) {
            None => None,
            Some(Value::Object(map)) => Some(map),
            Some(other) => {
                self.error(
                    pointer,
                    format!("{what} must be a mapping, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    /// The `x-rust-name` of the operation or component schema `map` at `at`: the text its Rust
    /// names come from instead of its operationId or key (still cased by `naming`). One that is
    /// not a string is a warning and ignored.
    pub(super) fn rust_name(
        &mut self,
        map: &'a Map<String, Value>,
        at: &JsonPointer,
    ) -> Option<&'a str> {
        match map.get(RUST_NAME)? {
            Value::String(name) => Some(name),
            other => {
                let instead = if at.tokens().first().is_some_and(|t| t == "paths") {
                    "operationId"
                } else {
                    "schema's key"
                };
                self.warn_of(
                    Cause::IgnoredExtension,
                    &at.push(RUST_NAME),
                    format!(
                        "`{RUST_NAME}` must be a string, found {}; ignored: the Rust names come \
                         from the {instead}",
                        kind_of(other)
                    ),
                );
                None
            }
        }
    }

    /// Claims a unique type name (and its module name) derived from `hint`.
    pub(super) fn claim_type_name(&mut self, hint: &str) -> String {
        self.type_names.claim(&pascal_case(hint))
    }

    /// Claims a unique module (file) name for the type `type_name`.
    pub(super) fn claim_module_name(&mut self, type_name: &str) -> String {
        self.module_names
            .claim(&crate::naming::file_stem(&snake_case(type_name)))
    }
}
