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

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, SpecErrors};
use crate::loader::parse_source;
use crate::origins::Origins;
use crate::pointer::JsonPointer;

/// The root key the external files are put under.
pub const EXTERNAL_KEY: &str = "x-external";

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

/// Root sections that may be one `$ref` to a map in another file.
const SECTIONS: &[&[&str]] = &[
    &["components", "schemas"],
    &["components", "responses"],
    &["components", "parameters"],
    &["components", "requestBodies"],
    &["components", "headers"],
    &["components", "securitySchemes"],
    &["paths"],
    &["definitions"],
    &["parameters"],
    &["responses"],
    &["securityDefinitions"],
];

/// Sections whose keys name types: an entry there that is only a `$ref` into another file
/// takes its target's place, so the type is named after the entry.
const NAMED_SECTIONS: &[&[&str]] = &[&["components", "schemas"], &["definitions"]];

/// Puts content brought in from other files where the root's sections refer to it: a section
/// that is one `$ref` (`schemas: {$ref: schemas.yaml}`) is replaced by its target, and so is a
/// schema entry that is only a `$ref` (`Pet: {$ref: pet.yaml}`), every other reference to that
/// target then pointing at the entry. `Pet` is then a type named `Pet`, not an alias of a type
/// named after the file. The copies under `/x-external` stay, for references into them.
fn hoist(root: &mut Value, origins: &mut Origins) {
    let mut copies = Vec::new();
    for section in SECTIONS {
        let at = pointer_of(section);
        if let Some(target) = hoist_one(root, &at) {
            copies.push((at, target));
        }
    }
    let mut moved: HashMap<String, String> = HashMap::new();
    for section in NAMED_SECTIONS {
        let at = pointer_of(section);
        let names: Vec<String> = value_at(root, &at)
            .and_then(Value::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            let entry = at.push(name.as_str());
            let target = external_target(root, &entry);
            if target
                .as_ref()
                .is_some_and(|t| moved.contains_key(&t.to_string()))
            {
                continue;
            }
            if let Some(target) = hoist_one(root, &entry) {
                moved.insert(target.to_string(), entry.to_string());
                copies.push((entry, target));
            }
        }
    }
    for (at, text) in refs_in(root) {
        if let (Some(local), Some(slot)) = (moved.get(&text), value_at_mut(root, &at)) {
            *slot = Value::String(local.clone());
        }
    }
    origins.rebase(&copies);
}

/// Replaces the node at `at`, when it is only a `$ref` into `/x-external`, by a copy of its
/// target; the target's pointer.
fn hoist_one(root: &mut Value, at: &JsonPointer) -> Option<JsonPointer> {
    let target = external_target(root, at)?;
    let content = value_at(root, &target)?.clone();
    let slot = value_at_mut(root, at)?;
    *slot = content;
    Some(target)
}

/// The target of the node at `at` when it is a mapping holding only a `$ref` into
/// `/x-external`.
fn external_target(root: &Value, at: &JsonPointer) -> Option<JsonPointer> {
    let map = value_at(root, at)?.as_object()?;
    let text = map.get("$ref")?.as_str()?;
    let target = JsonPointer::parse_fragment(text)?;
    let is_external = target.tokens().first().map(String::as_str) == Some(EXTERNAL_KEY);
    (map.len() == 1 && is_external).then_some(target)
}

/// The pointer made of `tokens`.
fn pointer_of(tokens: &[&str]) -> JsonPointer {
    tokens
        .iter()
        .fold(JsonPointer::root(), |pointer, token| pointer.push(*token))
}

/// Keys whose values are data (examples, defaults, enumerations), never searched for `$ref`s.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "x-example"];

/// Keys whose values map names to objects: a key in them is a name, never a data key.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
    "securitySchemes",
    "securityDefinitions",
    "content",
    "encoding",
    "paths",
    "webhooks",
    "variables",
    "pathItems",
];

/// Every `$ref` string in `tree` with the pointer of its `$ref` key, in document order.
/// Example and default values are data and not searched.
pub fn refs_in(tree: &Value) -> Vec<(JsonPointer, String)> {
    let mut found = Vec::new();
    visit_refs(tree, &mut Vec::new(), false, &mut |path, text| {
        let at = path
            .iter()
            .fold(JsonPointer::root(), |at, step| match step {
                Step::Key(key) => at.push(*key),
                Step::Index(index) => at.index(*index),
            })
            .push("$ref");
        found.push((at, text.to_owned()));
        true
    });
    found
}

/// Whether `tree` has a `$ref` that is not a local pointer (a file, a URL or garbage): the
/// only case with work for the bundler. Walks without building a pointer per node.
fn has_non_local_ref(tree: &Value) -> bool {
    let mut found = false;
    visit_refs(tree, &mut Vec::new(), false, &mut |_, text| {
        found = JsonPointer::parse_fragment(text).is_none();
        !found
    });
    found
}

/// One step of the path to a node.
enum Step<'t> {
    Key(&'t str),
    Index(usize),
}

/// Calls `on_ref` with the path and text of every `$ref` string under `node` (see
/// [`refs_in`]) until it returns false; whether the walk went to the end.
fn visit_refs<'t>(
    node: &'t Value,
    path: &mut Vec<Step<'t>>,
    names: bool,
    on_ref: &mut dyn FnMut(&[Step<'t>], &str) -> bool,
) -> bool {
    match node {
        Value::Object(map) => {
            if let (false, Some(Value::String(text))) = (names, map.get("$ref")) {
                if !on_ref(path, text) {
                    return false;
                }
            }
            for (key, value) in map {
                let is_data =
                    DATA_KEYS.contains(&key.as_str()) || (key == "examples" && value.is_array());
                if !names && is_data {
                    continue;
                }
                let child_names = !names && NAME_MAPS.contains(&key.as_str());
                path.push(Step::Key(key));
                let go_on = visit_refs(value, path, child_names, on_ref);
                path.pop();
                if !go_on {
                    return false;
                }
            }
            true
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                let go_on = visit_refs(item, path, false, on_ref);
                path.pop();
                if !go_on {
                    return false;
                }
            }
            true
        }
        _ => true,
    }
}

/// The node at `pointer` of `tree`, if there is one.
pub fn value_at<'v>(tree: &'v Value, pointer: &JsonPointer) -> Option<&'v Value> {
    pointer
        .tokens()
        .iter()
        .try_fold(tree, |node, token| match node {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

fn value_at_mut<'v>(tree: &'v mut Value, pointer: &JsonPointer) -> Option<&'v mut Value> {
    pointer
        .tokens()
        .iter()
        .try_fold(tree, |node, token| match node {
            Value::Object(map) => map.get_mut(token),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(move |i| items.get_mut(i)),
            _ => None,
        })
}

/// Whether a reference is an absolute URL (`https://…`, `file:…`) or network-path
/// reference (`//host/…`) rather than a relative path.
fn is_url(reference: &str) -> bool {
    if reference.starts_with("//") {
        return true;
    }
    let end = reference.find([':', '/', '#', '?']);
    match end {
        // A one-letter scheme is a Windows drive (`C:`), not a URL.
        Some(at) if at >= 2 && reference[at..].starts_with(':') => {
            let scheme = &reference[..at];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Decodes `%XX` escapes of a reference's path (`my%20api.yaml` → `my api.yaml`).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How diagnostics name the file `relative` names from the file named `referrer`: the
/// referrer's directory joined with it, `.` and `..` resolved lexically (`specs/a.yaml` +
/// `../common.yaml` → `common.yaml`).
fn display_name(referrer: &str, relative: &str) -> String {
    let joined = Path::new(referrer)
        .parent()
        .unwrap_or(Path::new(""))
        .join(relative);
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let normalized: PathBuf = parts.iter().collect();
    normalized.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::load_file;

    /// Writes `files` (relative path, text) into a fresh directory.
    fn tree_of(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for (path, text) in files {
            let path = dir.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create a directory");
            }
            std::fs::write(path, text).expect("write a file");
        }
        dir
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    fn pointer(text: &str) -> JsonPointer {
        JsonPointer::parse_fragment(text).expect("a pointer")
    }

    fn errors_of(dir: &tempfile::TempDir) -> Vec<String> {
        match load_file(&dir.path().join("api.yaml"), "specs/api.yaml") {
            Ok(_) => Vec::new(),
            Err(errors) => errors.errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn files_are_mounted_once_and_cycles_end() {
        let dir = tree_of(&[
            (
                "api.yaml",
                &format!("{HEAD}components:\n  schemas:\n    Pet: {{$ref: 'defs/pet.yaml'}}\n    Owner: {{$ref: './defs/owner.yaml#/Owner'}}\n"),
            ),
            (
                "defs/pet.yaml",
                "type: object\nproperties:\n  owner: {$ref: 'owner.yaml#/Owner'}\n  tag: {$ref: '#/definitions/Tag'}\ndefinitions:\n  Tag: {type: string}\n",
            ),
            (
                "defs/owner.yaml",
                "Owner:\n  type: object\n  properties:\n    pets:\n      type: array\n      items: {$ref: 'pet.yaml'}\n    root: {$ref: '../api.yaml#/components/schemas/Owner'}\n",
            ),
        ]);
        let document = load_file(&dir.path().join("api.yaml"), "specs/api.yaml")
            .unwrap_or_else(|errors| panic!("{errors}"));
        let refs: Vec<String> = refs_in(&document.root)
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        // `Pet` and `Owner` took their targets' places (so their types are named after
        // them); the files stay under `/x-external` for references into them (`Tag`).
        let pet_and_owner = [
            "#/components/schemas/Owner",
            "#/x-external/pet/definitions/Tag",
            "#/components/schemas/Pet",
            "#/components/schemas/Owner",
        ];
        assert_eq!(refs, [pet_and_owner, pet_and_owner].concat());
        let keys: Vec<&String> = document.root[EXTERNAL_KEY]
            .as_object()
            .map(|map| map.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["pet", "owner"]);
        let error = document.error(
            &pointer("#/components/schemas/Pet/properties/owner/$ref"),
            "x",
        );
        assert_eq!(
            error.to_string(),
            "specs/defs/pet.yaml:3:17: error: x (at #/properties/owner/$ref)"
        );
        let (file, location) = document.locate(&pointer(
            "#/x-external/owner/Owner/properties/pets/items/$ref",
        ));
        assert_eq!(
            (file, location.line, location.column),
            ("specs/defs/owner.yaml", 6, 21)
        );
        let error = document.error(&pointer("#/x-external/pet/definitions/Tag/type"), "x");
        assert_eq!(
            error.to_string(),
            "specs/defs/pet.yaml:6:15: error: x (at #/definitions/Tag/type)"
        );
    }

    #[test]
    fn the_multi_file_fixture_names_types_after_components() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multi_file.yaml");
        let document =
            load_file(&path, "multi_file.yaml").unwrap_or_else(|errors| panic!("{errors}"));
        let lowered = crate::lower::lower(&document).unwrap_or_else(|errors| panic!("{errors}"));
        let names: Vec<&String> = lowered.model.types.keys().collect();
        assert_eq!(names, ["Error", "Owner", "Pet", "Tag"]);
        let (file, location) = document.locate(&pointer(
            "#/components/schemas/Owner/properties/pets/items/$ref",
        ));
        assert_eq!((file, location.line), ("multi_file/people/owner.yaml", 8));
        let (file, location) = document.locate(&pointer(
            "#/x-external/paths/pet_by_id/get/responses/default/$ref",
        ));
        assert_eq!((file, location.line), ("multi_file/paths.yaml", 18));
    }

    #[test]
    fn a_missing_file_is_an_error_at_its_ref() {
        let dir = tree_of(&[(
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    Pet: {{$ref: 'nope.yaml#/Pet'}}\n"),
        )]);
        assert_eq!(
            errors_of(&dir),
            ["specs/api.yaml:6:17: error: `$ref: nope.yaml#/Pet` names a file that does not exist: `specs/nope.yaml` (at #/components/schemas/Pet/$ref)"]
        );
    }

    #[test]
    fn a_missing_pointer_a_url_and_a_bad_fragment_are_errors_at_their_refs() {
        let dir = tree_of(&[
            (
                "api.yaml",
                &format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'b.json#/Nope'}}\n    B: {{$ref: 'https://example.com/b.yaml'}}\n    C: {{$ref: 'b.json#Nope'}}\n"),
            ),
            ("b.json", "{\"Pet\": {\"$ref\": \"#/Gone\"}}"),
        ]);
        assert_eq!(
            errors_of(&dir),
            [
                "specs/api.yaml:6:15: error: `$ref: b.json#/Nope` points at nothing: `specs/b.json` has no node at `#/Nope`; check the spelling (at #/components/schemas/A/$ref)",
                "specs/api.yaml:7:15: error: `$ref: https://example.com/b.yaml` is an absolute URL; the generator does not use the network, so save the file next to the spec and refer to it by a relative path (at #/components/schemas/B/$ref)",
                "specs/api.yaml:8:15: error: `$ref: b.json#Nope` has a fragment that is not a JSON pointer; write it as `#/path/to/node` (at #/components/schemas/C/$ref)",
                "specs/b.json:1:18: error: `$ref: #/Gone` points at nothing: `specs/b.json` has no node at `#/Gone`; check the spelling (at #/Pet/$ref)",
            ]
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_refused_at_its_syntax_error() {
        let dir = tree_of(&[
            (
                "api.yaml",
                &format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'b.yaml'}}\n    B: {{$ref: 'b.yaml#/x'}}\n"),
            ),
            ("b.yaml", "x: 1\ny: a: b\n"),
        ]);
        assert_eq!(
            errors_of(&dir),
            ["specs/b.yaml:2:5: error: invalid YAML: mapping values are not allowed in this context (the file is named by the `$ref` at specs/api.yaml:6:15)"]
        );
    }

    #[test]
    fn a_spec_from_memory_cannot_name_files() {
        let text = format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'b.yaml'}}\n");
        let errors = crate::loader::load_str("api.yaml", text)
            .map(|_| ())
            .expect_err("refused");
        assert!(
            errors.to_string().starts_with("api.yaml:6:15: error: `$ref: b.yaml` names another file, but this spec was not read from a file"),
            "{errors}"
        );
    }

    #[test]
    fn a_local_fragment_that_is_no_pointer_is_an_error() {
        let text =
            format!("{HEAD}components:\n  schemas:\n    A: {{$ref: '#components/schemas/B'}}\n");
        let errors = crate::loader::load_str("api.yaml", text)
            .map(|_| ())
            .expect_err("refused");
        assert_eq!(
            errors.to_string(),
            "api.yaml:6:15: error: `$ref: #components/schemas/B` has a fragment that is not a JSON pointer; write it as `#/path/to/node` (at #/components/schemas/A/$ref)"
        );
    }

    #[test]
    fn keys_are_unique_and_safe() {
        let dir = tree_of(&[
            (
                "api.yaml",
                &format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 'a/pet.yaml'}}\n    B: {{$ref: 'b/pet.yaml'}}\n    C: {{$ref: 'my%20pet~1.yaml'}}\n"),
            ),
            ("a/pet.yaml", "type: string\n"),
            ("b/pet.yaml", "type: integer\n"),
            ("my pet~1.yaml", "type: boolean\n"),
        ]);
        let document = load_file(&dir.path().join("api.yaml"), "api.yaml")
            .unwrap_or_else(|errors| panic!("{errors}"));
        let keys: Vec<&String> = document.root[EXTERNAL_KEY]
            .as_object()
            .map(|map| map.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["pet", "pet_2", "my_pet_1"]);
    }

    #[test]
    fn urls_and_names() {
        assert!(is_url("http://example.com/a.yaml"));
        assert!(is_url("file:///a.yaml"));
        assert!(is_url("//example.com/a.yaml"));
        assert!(!is_url("a.yaml#/x:y"));
        assert!(!is_url("C:/specs/a.yaml"));
        assert!(!is_url("../a.yaml"));
        assert_eq!(
            display_name("specs/a.yaml", "../common.yaml"),
            "common.yaml"
        );
        assert_eq!(display_name("a.yaml", "./defs/b.yaml"), "defs/b.yaml");
        assert_eq!(display_name("a.yaml", "../b.yaml"), "../b.yaml");
    }

    #[test]
    fn examples_and_defaults_are_data() {
        let tree: Value = serde_json::json!({
            "properties": {"example": {"$ref": "#/a"}, "default": {"$ref": "#/b"}},
            "example": {"$ref": "x.yaml"},
            "examples": [{"$ref": "y.yaml"}],
            "items": {"$ref": "#/c"}
        });
        let refs: Vec<String> = refs_in(&tree).into_iter().map(|(_, t)| t).collect();
        assert_eq!(refs, ["#/a", "#/b", "#/c"]);
    }
}
