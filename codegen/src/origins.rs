//! Where each part of a document came from, so that a diagnostic about a node names the file,
//! line and column of that node even when the document was assembled from several files
//! (external `$ref`s) or converted from another format (Swagger 2.0).
//!
//! A document is a tree; a *mount* says that the subtree at a pointer of the assembled
//! document is the subtree at another pointer of one source file. The longest mount that
//! prefixes a pointer decides; without mounts, every pointer is in the first source.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::pointer::JsonPointer;
use crate::source::SourceFile;

/// One mount: `at` in the assembled document is `from` in source `source`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Mount {
    at: JsonPointer,
    source: usize,
    from: JsonPointer,
}

/// The source files of a document and where their subtrees sit in it.
#[derive(Debug)]
pub struct Origins {
    sources: Vec<SourceFile>,
    mounts: Vec<Mount>,
}

impl Origins {
    /// A document read from one file, unchanged.
    pub fn single(source: SourceFile) -> Self {
        Self {
            sources: vec![source],
            mounts: Vec::new(),
        }
    }

    /// The first (root) source file.
    pub fn primary(&self) -> &SourceFile {
        // `sources` is never empty: every constructor starts with one file.
        &self.sources[0]
    }

    /// Adds a source file; its index, for [`Origins::mount`].
    pub fn add_source(&mut self, source: SourceFile) -> usize {
        self.sources.push(source);
        self.sources.len() - 1
    }

    /// Says that the subtree at `at` is the subtree at `from` in source `source`.
    pub fn mount(&mut self, at: JsonPointer, source: usize, from: JsonPointer) {
        if source < self.sources.len() {
            self.mounts.retain(|m| m.at != at);
            self.mounts.push(Mount { at, source, from });
        }
    }

    /// The source file and its own pointer for `pointer` of the assembled document.
    pub fn resolve(&self, pointer: &JsonPointer) -> (&SourceFile, JsonPointer) {
        let tokens = pointer.tokens();
        let best = self
            .mounts
            .iter()
            .filter(|m| tokens.starts_with(m.at.tokens()))
            .max_by_key(|m| m.at.tokens().len());
        match best {
            None => (self.primary(), pointer.clone()),
            Some(mount) => {
                let mut from = mount.from.clone();
                for token in &tokens[mount.at.tokens().len()..] {
                    from = from.push(token.as_str());
                }
                (&self.sources[mount.source], from)
            }
        }
    }

    /// The file name and position of `pointer`.
    pub fn locate(&self, pointer: &JsonPointer) -> (&str, Location) {
        let (source, own) = self.resolve(pointer);
        (source.name(), source.locate(&own))
    }

    /// A diagnostic about the node at `pointer`, located in the file it came from; the
    /// pointer shown is the one in that file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        pointer: &JsonPointer,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (source, own) = self.resolve(pointer);
        match severity {
            Severity::Error => source.error(&own, message),
            Severity::Warning => source.warning(&own, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(text: &str) -> JsonPointer {
        JsonPointer::parse_fragment(&format!("#{text}")).expect("a pointer")
    }

    #[test]
    fn the_longest_mount_decides_and_the_rest_is_appended() {
        let mut origins = Origins::single(SourceFile::new("a.yaml", "x: 1\n"));
        let b = origins.add_source(SourceFile::new("b.yaml", "y:\n  z: 2\n"));
        origins.mount(pointer("/components/schemas"), 0, pointer("/definitions"));
        origins.mount(pointer("/x-external/b"), b, JsonPointer::root());
        let (source, own) = origins.resolve(&pointer("/components/schemas/Pet/type"));
        assert_eq!(
            (source.name(), own),
            ("a.yaml", pointer("/definitions/Pet/type"))
        );
        let (source, own) = origins.resolve(&pointer("/x-external/b/y/z"));
        assert_eq!((source.name(), own.clone()), ("b.yaml", pointer("/y/z")));
        let (file, location) = origins.locate(&pointer("/x-external/b/y/z"));
        assert_eq!((file, location.line), ("b.yaml", 2));
        let (source, own) = origins.resolve(&pointer("/paths"));
        assert_eq!((source.name(), own), ("a.yaml", pointer("/paths")));
    }
}
