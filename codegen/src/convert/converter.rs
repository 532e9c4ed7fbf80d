//! The state of one conversion and what every section's conversion shares: recording where
//! each output node came from, reporting errors and following and rewriting `$ref`s.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::origins::Origins;
use crate::pointer::JsonPointer;
use crate::tree::value_at;

/// The media type Swagger assumes when `consumes` or `produces` lists none.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// The most `$ref`s followed from one place before giving up on a chain.
const MAX_REF_CHAIN: usize = 32;

/// The state of one conversion.
pub(super) struct Converter<'a> {
    pub(super) input: &'a Value,
    pub(super) origins: &'a Origins,
    /// `(at, was)`: the output subtree at `at` was made from the input subtree at `was`.
    pub(super) copies: Vec<(JsonPointer, JsonPointer)>,
    pub(super) errors: Vec<Diagnostic>,
    /// The document's `consumes`, or the default.
    pub(super) consumes: Vec<String>,
    /// The document's `produces`, or the default.
    pub(super) produces: Vec<String>,
}

impl<'a> Converter<'a> {
    pub(super) fn new(input: &'a Value, origins: &'a Origins) -> Self {
        Self {
            input,
            origins,
            copies: Vec::new(),
            errors: Vec::new(),
            consumes: media_types(input.get("consumes")).unwrap_or_else(default_media),
            produces: media_types(input.get("produces")).unwrap_or_else(default_media),
        }
    }

    /// Records that the output at `at` was made from the input at `was`.
    pub(super) fn copy(&mut self, at: &JsonPointer, was: &JsonPointer) {
        if at != was {
            self.copies.push((at.clone(), was.clone()));
        }
    }

    /// An error about the input node at `was`.
    pub(super) fn error(&mut self, was: &JsonPointer, message: String) {
        let diagnostic = self.origins.diagnostic(Severity::Error, was, message);
        self.errors.push(diagnostic);
    }

    /// Follows `$ref`s from `node` (at `was`) to a node without one: the node and its input
    /// pointer. `None` after reporting a reference to nothing or a cycle.
    pub(super) fn follow(
        &mut self,
        node: &'a Value,
        was: &JsonPointer,
    ) -> Option<(&'a Value, JsonPointer)> {
        let mut node = node;
        let mut was = was.clone();
        for _ in 0..MAX_REF_CHAIN {
            let Some(Value::String(text)) = node.get("$ref") else {
                return Some((node, was));
            };
            let target = JsonPointer::parse_fragment(text)
                .and_then(|pointer| value_at(self.input, &pointer).map(|found| (found, pointer)));
            let Some((found, pointer)) = target else {
                self.unknown_target(&was.push("$ref"), text);
                return None;
            };
            node = found;
            was = pointer;
        }
        self.error(
            &was,
            format!("`$ref` chain longer than {MAX_REF_CHAIN} references, or a cycle: this reference leads back to itself"),
        );
        None
    }

    /// Reports a `$ref` whose target does not exist.
    fn unknown_target(&mut self, was: &JsonPointer, text: &str) {
        self.error(
            was,
            format!("unknown `$ref` target `{text}`: nothing in this document is at that path; check the spelling (e.g. `#/definitions/Name`)"),
        );
    }

    /// A `$ref` of the Swagger document as a `$ref` of the converted one: the component
    /// sections move under `#/components`. A reference to a parameter or response must exist;
    /// one to a missing definition is left for lowering, which generates around it.
    pub(super) fn reference(&mut self, text: &str, was: &JsonPointer) -> String {
        let moves = [
            ("#/definitions/", "#/components/schemas/"),
            ("#/parameters/", "#/components/parameters/"),
            ("#/responses/", "#/components/responses/"),
        ];
        for (from, to) in moves {
            if let Some(rest) = text.strip_prefix(from) {
                let exists = JsonPointer::parse_fragment(text)
                    .is_some_and(|pointer| value_at(self.input, &pointer).is_some());
                if !exists && from != "#/definitions/" {
                    self.unknown_target(was, text);
                }
                return format!("{to}{rest}");
            }
        }
        text.to_owned()
    }
}

/// The media types of a `consumes` or `produces` list; `None` when absent or empty.
pub(super) fn media_types(list: Option<&Value>) -> Option<Vec<String>> {
    let types: Vec<String> = list?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    (!types.is_empty()).then_some(types)
}

fn default_media() -> Vec<String> {
    vec![DEFAULT_MEDIA_TYPE.to_owned()]
}
