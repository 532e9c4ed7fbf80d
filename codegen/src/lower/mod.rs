//! Lowering: a parsed OpenAPI document → the [`Model`], collecting every error and warning.
//!
//! Names for all component schemas are reserved before any schema is converted, so forward and
//! cyclic `$ref`s need no special case. Inline schemas are named from where they sit.

mod cycles;
mod dedupe;
mod defaults;
mod exchange;
mod operation;
mod schema;

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::diagnostic::{Cause, Diagnostic, Severity, SpecErrors, Unlocated};
use crate::loader::Document;
use crate::model::{Docs, Model, TypeDef};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// The model and the warnings met while building it.
#[derive(Debug)]
pub struct Lowered {
    /// The intermediate model.
    pub model: Model,
    /// Valid but imprecisely generated constructs.
    pub warnings: Vec<Diagnostic>,
}

/// Lowers `doc` into a [`Model`]; fails with every error found.
pub fn lower(doc: &Document) -> Result<Lowered, SpecErrors> {
    let mut cx = Context::new(doc);
    let root = JsonPointer::root();
    cx.reserve_component_schemas();
    cx.define_component_schemas();
    let mut security_schemes = cx.security_schemes();
    let document_security = cx.document_security(&security_schemes);
    let mut method_names = operation::MethodNames::new();
    let mut groups = cx.declared_groups();
    let operations = cx.operations(
        &security_schemes,
        &document_security,
        &mut method_names,
        &mut groups,
    );
    let default_headers = cx.client_setters(&mut method_names, &mut security_schemes, &operations);
    cycles::reject_alias_cycles(&mut cx);
    cycles::box_containment_cycles(&mut cx.types);

    let info = cx.object_at(&root.push("info"));
    let text = |key: &str| {
        info.and_then(|map| map.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut model = Model {
        // Both go into one-line docs and the manifest: line breaks and control characters
        // become single spaces.
        title: one_line(&text("title").unwrap_or_default()),
        version: one_line(&text("version").unwrap_or_default()),
        description: text("description"),
        types: std::mem::take(&mut cx.types),
        operations,
        security_schemes,
        default_headers,
        security: document_security,
        groups: groups.groups,
    };
    dedupe::merge_identical_inline_types(&mut model);
    // Located all at once: one pass over each file, however many diagnostics there are.
    let diagnostics = doc.origins.diagnostics(std::mem::take(&mut cx.diagnostics));
    let (mut errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    // A converted or bundled document may hold several copies of one written node: each
    // place is reported once, in file order.
    warnings.sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
    warnings.dedup();
    if errors.is_empty() {
        Ok(Lowered { model, warnings })
    } else {
        errors.sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
        errors.dedup();
        Err(SpecErrors { errors })
    }
}

/// State shared by the lowering passes.
struct Context<'a> {
    doc: &'a Document,
    /// Errors and warnings in the order found, located when lowering ends.
    diagnostics: Vec<Unlocated>,
    /// Type names handed out so far.
    type_names: Scope,
    /// Module (file) names handed out so far.
    module_names: Scope,
    /// Schemas that have (or are getting) a named type, by their pointer.
    named: HashMap<JsonPointer, String>,
    /// Finished named types.
    types: BTreeMap<String, TypeDef>,
}

impl<'a> Context<'a> {
    fn new(doc: &'a Document) -> Self {
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

    fn error(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.report(Severity::Error, Cause::Other, pointer, message);
    }

    /// A construct generated less precisely than the spec describes it.
    fn warn(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.report(Severity::Warning, Cause::Imprecise, pointer, message);
    }

    /// A defect of the document that is generated around, or anything else with its own cause.
    fn warn_of(&mut self, cause: Cause, pointer: &JsonPointer, message: impl Into<String>) {
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
    fn value_at(&self, pointer: &JsonPointer) -> Option<&'a Value> {
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
    fn object_at(&self, pointer: &JsonPointer) -> Option<&'a Map<String, Value>> {
        self.value_at(pointer).and_then(Value::as_object)
    }

    /// The mapping at `pointer`; reports an error when the node exists but is not a mapping.
    fn expect_object(
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

    /// Claims a unique type name (and its module name) derived from `hint`.
    fn claim_type_name(&mut self, hint: &str) -> String {
        self.type_names.claim(&pascal_case(hint))
    }

    fn claim_module_name(&mut self, type_name: &str) -> String {
        self.module_names
            .claim(&crate::naming::file_stem(&snake_case(type_name)))
    }

    fn reserve_component_schemas(&mut self) {
        let at = JsonPointer::root().push("components").push("schemas");
        let Some(schemas) = self.expect_object(&at, "`components.schemas`") else {
            return;
        };
        for key in schemas.keys() {
            let name = self.claim_type_name(key);
            self.named.insert(at.push(key.as_str()), name);
        }
    }

    fn define_component_schemas(&mut self) {
        let at = JsonPointer::root().push("components").push("schemas");
        let Some(schemas) = self.object_at(&at) else {
            return;
        };
        for (key, schema) in schemas {
            let pointer = at.push(key.as_str());
            if let Some(name) = self.named.get(&pointer).cloned() {
                self.define_named(&name, schema, &pointer);
            }
        }
    }
}

/// Title and description of a spec node.
fn docs_of(map: &Map<String, Value>) -> Docs {
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    Docs {
        title: text("title"),
        description: text("description").or_else(|| text("summary")),
    }
}

/// `deprecated: true` on a node.
fn is_deprecated(map: &Map<String, Value>) -> bool {
    map.get("deprecated").and_then(Value::as_bool) == Some(true)
}

/// A short description of a JSON value's kind, for messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// `text` on one line: runs of whitespace and control characters become one space.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
