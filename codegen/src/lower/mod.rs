//! Lowering: a parsed OpenAPI document → the [`Model`], collecting every error and warning.
//!
//! Names for all component schemas are reserved before any schema is converted, so forward and
//! cyclic `$ref`s need no special case. Inline schemas are named from where they sit.

mod context;
mod cycles;
mod dedupe;
mod defaults;
mod exchange;
mod node;
mod operation;
mod schema;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity, SpecErrors};
use crate::loader::Document;
use crate::model::Model;
use crate::pointer::JsonPointer;
use context::Context;

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
    let mut groups = cx.declared_groups(&mut method_names);
    let mut operations = cx.operations(
        &security_schemes,
        &document_security,
        &mut method_names,
        &mut groups,
    );
    let mut default_headers =
        cx.client_setters(&mut method_names, &mut security_schemes, &operations);
    operation::common_headers::mark(&mut default_headers, &mut operations);
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
/// `text` on one line: runs of whitespace and control characters become one space.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
