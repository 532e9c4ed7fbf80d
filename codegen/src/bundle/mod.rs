//! External `$ref`s: brings every file a spec names by a relative path into one document.
//!
//! Each referenced file is read once (files are told apart by canonical path), put whole under
//! `/x-external/<name>` of the root document (`<name>` from its file stem, made unique) and
//! mounted on its own [`SourceFile`](crate::source::SourceFile), so that a diagnostic about a
//! node inside it names that file, line and column. Every `$ref` becomes a local pointer:
//! `other.yaml#/a/b` → `#/x-external/other/a/b`; `#/a` inside `other.yaml` →
//! `#/x-external/other/a`; a reference back into the root file → its plain local pointer. Files
//! may refer to each other in any pattern, cycles included: each is loaded once and only `$ref`
//! strings change, so it ends. A root schema entry that is only a `$ref` into another file
//! (`Pet: {$ref: pet.yaml}`) then takes its target's place, so the type is named `Pet`.
//!
//! Refused, each at the `$ref` that asks for it: absolute URLs (there is no network here), files
//! that cannot be read, fragments that are no JSON pointer or point at nothing, and more than
//! [`MAX_FILES`] files. A file that does not parse is refused at the syntax error, in that file.

mod hoist;
mod ref_paths;
mod refs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, SpecErrors};
use crate::origins::Origins;
use crate::parse::parse_source;
use crate::pointer::{percent_decode, JsonPointer};
use crate::tree::{value_at, value_at_mut, EXTERNAL_KEY};
use hoist::hoist;
use ref_paths::{display_name, is_url};
use refs::{has_non_local_ref, refs_in};

/// The most files one spec may span, the root included.
pub const MAX_FILES: usize = 256;

/// The most bytes all files of one spec may hold together.
const MAX_TOTAL_BYTES: usize = 512 * 1024 * 1024;

/// Resolves the external `$ref`s of `root` (read from `path`, the first source of
/// `origins`): adds a source and a mount to `origins` for every file brought in and returns
/// the assembled tree. Without a `path` any external `$ref` is an error.
pub fn bundle(
    root: Value,
    origins: &mut Origins,
    path: Option<&Path>,
) -> Result<Value, SpecErrors> {
    // The common case, one file with well-formed local references, stays as it is.
    if !has_non_local_ref(&root) {
        return Ok(root);
    }
    let mut bundler = Bundler::new(root, origins, path);
    let mut index = 0;
    while index < bundler.files.len() {
        bundler.rewrite_refs_of(index);
        index += 1;
    }
    bundler.finish()
}

/// One file of the spec being assembled.
struct File {
    /// The directory its relative references resolve against; `None` for a root read from
    /// memory.
    dir: Option<PathBuf>,
    /// Its key under `/x-external`; `None` for the root file.
    key: Option<String>,
    /// Its index in the [`Origins`].
    source: usize,
    /// Its tree, with `$ref`s rewritten once it has been processed.
    tree: Value,
}

/// The state of one bundling run.
struct Bundler<'o> {
    origins: &'o mut Origins,
    files: Vec<File>,
    /// Canonical path → index in `files`, or `None` for a file that failed to load.
    by_path: HashMap<PathBuf, Option<usize>>,
    total_bytes: usize,
    errors: Vec<Diagnostic>,
}

impl<'o> Bundler<'o> {
    fn new(root: Value, origins: &'o mut Origins, path: Option<&Path>) -> Self {
        let mut by_path = HashMap::new();
        if let Some(path) = path {
            let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            by_path.insert(canonical, Some(0));
        }
        let total_bytes = origins.primary().text().len();
        Self {
            origins,
            files: vec![File {
                dir: path.map(|path| path.parent().unwrap_or(Path::new("")).to_path_buf()),
                key: None,
                source: 0,
                tree: root,
            }],
            by_path,
            total_bytes,
            errors: Vec::new(),
        }
    }

    /// Rewrites every `$ref` of file `index` into a local pointer of the assembled document,
    /// loading the files they name.
    fn rewrite_refs_of(&mut self, index: usize) {
        let refs = refs_in(&self.files[index].tree);
        let mut rewrites = Vec::new();
        for (at, text) in refs {
            if let Some(local) = self.resolve(index, &at, &text) {
                if local != text {
                    rewrites.push((at, local));
                }
            }
        }
        let tree = &mut self.files[index].tree;
        for (at, local) in rewrites {
            if let Some(slot) = value_at_mut(tree, &at) {
                *slot = Value::String(local);
            }
        }
    }

    /// The local pointer (as `$ref` text) that `$ref: text` at `at` of file `index` becomes;
    /// `None` after reporting an error, or for the root's own local references (which the
    /// lowering checks).
    fn resolve(&mut self, index: usize, at: &JsonPointer, text: &str) -> Option<String> {
        if text.starts_with('#') {
            let pointer = self.fragment(index, at, text, text)?;
            // The root's own local references stay; the lowering checks their targets.
            self.files[index].key.as_ref()?;
            return self.local(index, index, &pointer, at, text);
        }
        if is_url(text) {
            self.error(index, at, format!("`$ref: {text}` is an absolute URL; the generator does not use the network, so save the file next to the spec and refer to it by a relative path"));
            return None;
        }
        let (file, fragment) = text.split_once('#').unwrap_or((text, ""));
        let pointer = self.fragment(index, at, &format!("#{fragment}"), text)?;
        let target = if file.is_empty() {
            index
        } else {
            self.open(index, at, text, file)?
        };
        self.local(index, target, &pointer, at, text)
    }

    /// Parses the fragment of a reference (`#…`); reports a fragment that is no JSON pointer.
    fn fragment(
        &mut self,
        index: usize,
        at: &JsonPointer,
        fragment: &str,
        text: &str,
    ) -> Option<JsonPointer> {
        let pointer = JsonPointer::parse_fragment(fragment);
        if pointer.is_none() {
            self.error(
                index,
                at,
                format!("`$ref: {text}` has a fragment that is not a JSON pointer; write it as `#/path/to/node`"),
            );
        }
        pointer
    }

    /// `pointer` of file `target` as a `$ref` of the assembled document, after checking that
    /// it exists.
    fn local(
        &mut self,
        index: usize,
        target: usize,
        pointer: &JsonPointer,
        at: &JsonPointer,
        text: &str,
    ) -> Option<String> {
        if value_at(&self.files[target].tree, pointer).is_none() {
            let file = self.origins.sources()[self.files[target].source].name();
            self.error(
                index,
                at,
                format!("`$ref: {text}` points at nothing: `{file}` has no node at `{pointer}`; check the spelling"),
            );
            return None;
        }
        let base = match &self.files[target].key {
            None => JsonPointer::root(),
            Some(key) => JsonPointer::root().push(EXTERNAL_KEY).push(key.as_str()),
        };
        let local = pointer
            .tokens()
            .iter()
            .fold(base, |local, token| local.push(token.as_str()));
        Some(local.to_string())
    }

    /// The index of the file `file` (relative to file `index`) names, loading it on first use.
    fn open(&mut self, index: usize, at: &JsonPointer, text: &str, file: &str) -> Option<usize> {
        let Some(dir) = self.files[index].dir.clone() else {
            self.error(index, at, format!("`$ref: {text}` names another file, but this spec was not read from a file, so there is no directory to find it in"));
            return None;
        };
        let relative = percent_decode(file);
        let path = dir.join(&relative);
        let referrer = self.origins.sources()[self.files[index].source].name();
        let name = display_name(referrer, &relative);
        let canonical = match std::fs::canonicalize(&path) {
            Ok(canonical) => canonical,
            Err(error) => {
                let message = if error.kind() == std::io::ErrorKind::NotFound {
                    format!("`$ref: {text}` names a file that does not exist: `{name}`")
                } else {
                    format!("`$ref: {text}`: cannot open `{name}`: {error}")
                };
                self.error(index, at, message);
                return None;
            }
        };
        if let Some(known) = self.by_path.get(&canonical) {
            return *known;
        }
        let loaded = self.load(index, at, text, &path, &name, &relative);
        self.by_path.insert(canonical, loaded);
        loaded
    }

    /// Reads and parses a file not seen before, adds it as a source and mounts it.
    fn load(
        &mut self,
        index: usize,
        at: &JsonPointer,
        text: &str,
        path: &Path,
        name: &str,
        relative: &str,
    ) -> Option<usize> {
        if self.files.len() >= MAX_FILES {
            self.error(index, at, format!("`$ref: {text}` would read a file beyond the {MAX_FILES} this generator follows for one spec"));
            return None;
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.error(
                    index,
                    at,
                    format!("`$ref: {text}`: cannot read `{name}`: {error}"),
                );
                return None;
            }
        };
        self.total_bytes = self.total_bytes.saturating_add(bytes.len());
        if self.total_bytes > MAX_TOTAL_BYTES {
            self.error(index, at, format!("`$ref: {text}`: the files of this spec hold more than the {MAX_TOTAL_BYTES} bytes this generator reads"));
            return None;
        }
        let (source, tree) = match parse_source(name, bytes) {
            Ok(parsed) => parsed,
            Err(errors) => {
                self.refused_file(index, at, errors);
                return None;
            }
        };
        let key = self.unique_key(relative);
        let source = self.origins.add_source(source);
        let mount = JsonPointer::root().push(EXTERNAL_KEY).push(key.as_str());
        self.origins.mount(mount, source, JsonPointer::root());
        self.files.push(File {
            dir: Some(path.parent().unwrap_or(Path::new("")).to_path_buf()),
            key: Some(key),
            source,
            tree,
        });
        Some(self.files.len() - 1)
    }

    /// Keeps the errors of a file that does not parse (they name its line and column), each
    /// saying which `$ref` led there.
    fn refused_file(&mut self, index: usize, at: &JsonPointer, errors: SpecErrors) {
        let referrer = &self.origins.sources()[self.files[index].source];
        let location = referrer.locate(at);
        let from = format!(
            " (the file is named by the `$ref` at {}:{}:{})",
            referrer.name(),
            location.line,
            location.column
        );
        for mut error in errors.errors {
            error.message.push_str(&from);
            self.errors.push(error);
        }
    }

    /// A key under `/x-external` for the file at `relative`: its stem, with characters other
    /// than letters, digits, `_` and `-` replaced by `_`, numbered when taken.
    fn unique_key(&self, relative: &str) -> String {
        let stem = Path::new(relative)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut base: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if base.trim_matches('_').is_empty() {
            base = "file".to_owned();
        }
        let taken = |key: &str| self.files.iter().any(|f| f.key.as_deref() == Some(key));
        let mut key = base.clone();
        let mut number = 2;
        while taken(&key) {
            key = format!("{base}_{number}");
            number += 1;
        }
        key
    }

    /// An error about the `$ref` at `at` of file `index`.
    fn error(&mut self, index: usize, at: &JsonPointer, message: String) {
        let source = &self.origins.sources()[self.files[index].source];
        self.errors.push(source.error(at, message));
    }

    /// Puts every external file under `/x-external` of the root tree.
    fn finish(mut self) -> Result<Value, SpecErrors> {
        let mut files = std::mem::take(&mut self.files).into_iter();
        let mut root = files.next().map(|file| file.tree).unwrap_or(Value::Null);
        let mut external = Map::new();
        for file in files {
            if let Some(key) = file.key {
                external.insert(key, file.tree);
            }
        }
        if let Value::Object(map) = &mut root {
            if !external.is_empty() {
                if map.contains_key(EXTERNAL_KEY) {
                    let at = JsonPointer::root().push(EXTERNAL_KEY);
                    self.errors.push(self.origins.primary().error(&at, format!("`{EXTERNAL_KEY}` is reserved for the files external `$ref`s bring in; rename this key")));
                }
                map.insert(EXTERNAL_KEY.to_owned(), Value::Object(external));
            }
        }
        hoist(&mut root, self.origins);
        if self.errors.is_empty() {
            return Ok(root);
        }
        let primary = self.origins.primary().name();
        let mut errors = self.errors;
        errors.sort_by_key(|e| (e.file != primary, e.file.clone(), e.location));
        Err(SpecErrors { errors })
    }
}

#[cfg(test)]
mod tests;
