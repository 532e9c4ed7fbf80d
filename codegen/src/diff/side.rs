//! One version of a spec being compared: loaded, lowered, and its nodes looked up and located.

use std::path::Path;

use super::report::Place;
use crate::diagnostic::SpecErrors;
use crate::loader::Document;
use crate::model::Model;
use crate::pointer::JsonPointer;

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
    pub(super) fn node(&self, pointer: &JsonPointer) -> Option<&serde_json::Value> {
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
    pub(super) fn place(&self, pointer: &JsonPointer) -> Place {
        let (file, location) = self.document.locate(pointer);
        Place {
            file: file.to_owned(),
            line: location.line,
        }
    }
}
