//! Where each part of a document came from, so that a diagnostic about a node names the file,
//! line and column of that node even when the document was assembled from several files
//! (external `$ref`s) or converted from another format (Swagger 2.0).
//!
//! A document is a tree; a *mount* says that the subtree at a pointer of the assembled
//! document is the subtree at another pointer of one source file. The longest mount that
//! prefixes a pointer decides; without mounts, every pointer is in the first source.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Location, Severity, Unlocated};
use crate::pointer::JsonPointer;
use crate::source::SourceFile;

/// Where a mounted subtree comes from: source `source`, at pointer `from` in it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Mount {
    source: usize,
    from: JsonPointer,
}

/// The source files of a document and where their subtrees sit in it.
#[derive(Debug)]
pub struct Origins {
    sources: Vec<SourceFile>,
    /// Mounts keyed by the tokens of the pointer they sit at in the assembled document; a
    /// lookup tries a pointer's prefixes, longest first (a converted spec has thousands).
    mounts: BTreeMap<Vec<String>, Mount>,
}

impl Origins {
    /// A document read from one file, unchanged.
    pub fn single(source: SourceFile) -> Self {
        Self {
            sources: vec![source],
            mounts: BTreeMap::new(),
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

    /// The source files, the primary one first.
    pub fn sources(&self) -> &[SourceFile] {
        &self.sources
    }

    /// Says that the subtree at `at` is the subtree at `from` in source `source`.
    pub fn mount(&mut self, at: JsonPointer, source: usize, from: JsonPointer) {
        if source < self.sources.len() {
            self.mounts
                .insert(at.tokens().to_vec(), Mount { source, from });
        }
    }

    /// Follows a rebuild of the document's tree: each `(at, was)` of `copies` says that the
    /// subtree now at `at` is the one that was at `was`. Both sides are read against the
    /// mounts as they were before the call; mounts inside `was` are copied along. Mounts of
    /// subtrees that no copy names are kept, so those subtrees must stay where they were.
    pub fn rebase(&mut self, copies: &[(JsonPointer, JsonPointer)]) {
        let mut added: Vec<(JsonPointer, Mount)> = Vec::new();
        for (at, was) in copies {
            let (source, from) = self.resolve_index(was);
            added.push((at.clone(), Mount { source, from }));
            let prefix = was.tokens();
            let inside = self
                .mounts
                .range(prefix.to_vec()..)
                .take_while(|(key, _)| key.starts_with(prefix))
                .filter(|(key, _)| key.len() > prefix.len());
            for (key, mount) in inside {
                let moved = key[prefix.len()..]
                    .iter()
                    .fold(at.clone(), |moved, token| moved.push(token.as_str()));
                added.push((moved, mount.clone()));
            }
        }
        for (at, mount) in added {
            self.mounts.insert(at.tokens().to_vec(), mount);
        }
    }

    /// The index of the source `pointer` lies in, and its own pointer there.
    fn resolve_index(&self, pointer: &JsonPointer) -> (usize, JsonPointer) {
        let tokens = pointer.tokens();
        let best = (0..=tokens.len())
            .rev()
            .find_map(|len| self.mounts.get(&tokens[..len]).map(|mount| (len, mount)));
        match best {
            None => (0, pointer.clone()),
            Some((len, mount)) => {
                let from = tokens[len..]
                    .iter()
                    .fold(mount.from.clone(), |from, token| from.push(token.as_str()));
                (mount.source, from)
            }
        }
    }

    /// The source file and its own pointer for `pointer` of the assembled document.
    pub fn resolve(&self, pointer: &JsonPointer) -> (&SourceFile, JsonPointer) {
        let (source, own) = self.resolve_index(pointer);
        (&self.sources[source], own)
    }

    /// The file name and position of `pointer`.
    pub fn locate(&self, pointer: &JsonPointer) -> (&str, Location) {
        let (source, own) = self.resolve(pointer);
        (source.name(), source.locate(&own))
    }

    /// Diagnostics about many nodes at once, each located in the file it came from: one pass
    /// per file, indexing only the named nodes (what lowering a large spec needs).
    pub fn diagnostics(&self, items: Vec<Unlocated>) -> Vec<Diagnostic> {
        let resolved: Vec<(usize, JsonPointer)> = items
            .iter()
            .map(|item| {
                let (source, own) = self.resolve(&item.pointer);
                let index = self
                    .sources()
                    .iter()
                    .position(|s| std::ptr::eq(s, source))
                    .unwrap_or(0);
                (index, own)
            })
            .collect();
        let mut locations = vec![Location { line: 1, column: 1 }; items.len()];
        for (index, source) in self.sources().iter().enumerate() {
            let mine: Vec<usize> = (0..items.len())
                .filter(|i| resolved[*i].0 == index)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let pointers: Vec<&JsonPointer> = mine.iter().map(|i| &resolved[*i].1).collect();
            for (i, location) in mine.iter().zip(source.locate_many(&pointers)) {
                locations[*i] = location;
            }
        }
        items
            .into_iter()
            .zip(resolved)
            .zip(locations)
            .map(|((item, (index, own)), location)| Diagnostic {
                severity: item.severity,
                cause: item.cause,
                file: self.sources()[index].name().to_owned(),
                location,
                pointer: Some(own),
                message: item.message,
            })
            .collect()
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

    #[test]
    fn rebase_resolves_copies_through_the_old_mounts() {
        let mut origins = Origins::single(SourceFile::new("a.yaml", "x: 1\n"));
        let b = origins.add_source(SourceFile::new("b.yaml", "p:\n  q: 2\n"));
        origins.mount(pointer("/x-external/b"), b, JsonPointer::root());
        origins.mount(pointer("/definitions/Pet"), b, pointer("/p"));
        origins.rebase(&[
            (pointer("/components/schemas"), pointer("/definitions")),
            (
                pointer("/paths/~1a/get/parameters/0"),
                pointer("/x-external/b/p"),
            ),
            // Both sides are read before any new mount exists: `/paths` is the old tree's.
            (
                pointer("/paths/~1a/get/parameters/1"),
                pointer("/paths/~1a/get/parameters/0"),
            ),
        ]);
        let resolve = |text: &str| {
            let (source, own) = origins.resolve(&pointer(text));
            (source.name().to_owned(), own.to_string())
        };
        assert_eq!(
            resolve("/components/schemas/Dog"),
            ("a.yaml".to_owned(), "#/definitions/Dog".to_owned())
        );
        assert_eq!(
            resolve("/paths/~1a/get/parameters/0/q"),
            ("b.yaml".to_owned(), "#/p/q".to_owned())
        );
        assert_eq!(
            resolve("/paths/~1a/get/parameters/1"),
            (
                "a.yaml".to_owned(),
                "#/paths/~1a/get/parameters/0".to_owned()
            )
        );
        assert_eq!(
            resolve("/x-external/b/p"),
            ("b.yaml".to_owned(), "#/p".to_owned())
        );
        // A mount inside a copied subtree moves with it.
        assert_eq!(
            resolve("/components/schemas/Pet/q"),
            ("b.yaml".to_owned(), "#/p/q".to_owned())
        );
    }
}
